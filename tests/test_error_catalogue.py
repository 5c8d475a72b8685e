"""Refusals in the window's language (issue 12, defect 6): every refusal a service, a ticket
rule, the replica or the team server raises carries a code and params; str() of it stays
the English line (CLI, logs, server); the window words the code, in Korean too."""

from __future__ import annotations

import ast
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

from agentdesk import catalogue, rules

from agentdesk.services import followups, tickets
from agentdesk.services.common import InvalidValue, NotFound, ServiceError, current_agent
from agentdesk.sync import protocol as p
from agentdesk.ui.kit import errors
from tests.test_i18n import TS, read_ts

ROOT = Path(__file__).resolve().parents[1] / "agentdesk"
# Where refusals the agent can meet are raised: the services, the ticket, customer and
# mention rules, the replica of a team workspace, and the team server.
RAISING = [*(ROOT / "services").glob("*.py"), ROOT / "rules.py", ROOT / "customer_rules.py", ROOT / "routing.py",
           ROOT / "mention_rules.py", ROOT / "erlang.py", ROOT / "sync" / "capture.py", ROOT / "sync" / "replica.py",
           *(ROOT / "server").glob("*.py")]
CODED = {"InvalidValue", "NotFound", "NotAllowed", "RuleError", "ServiceError", "Rejected", "SeriesTooLong",
         "TemplateTooCostly", "CodedValueError", "AuthError", "AttachmentRefused", "ContentUnavailable",
         "DuplicateContact", "ViewError", "ViewNotAllowed"}


def _calls(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            yield node


def _name(call: ast.Call) -> str | None:
    fn = call.func
    return fn.attr if isinstance(fn, ast.Attribute) else getattr(fn, "id", None)


def test_every_refusal_raised_carries_a_code():
    """A refusal raised as an English f-string would reach the Korean window as it is."""
    uncoded = []
    for path in RAISING:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and _name(node.exc) in CODED:
                if not any(k.arg == "code" for k in node.exc.keywords):
                    uncoded.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node.exc)[:90]}")
    assert uncoded == []


def test_every_code_in_the_code_is_in_the_catalogue():
    used = set()
    for path in ROOT.rglob("*.py"):
        for call in _calls(path):
            if _name(call) == "TicketOutcome":
                continue  # a bulk action's outcome kind ("gone", "changed"), which the window words itself
            for k in call.keywords:
                if k.arg == "code" and isinstance(k.value, ast.Constant) and isinstance(k.value.value, str):
                    used.add(k.value.value)
            if _name(call) in ("Phrase", "_too_large", "_too_slow", "as_invalid") and call.args \
                    and isinstance(call.args[0], ast.Constant):
                used.add(call.args[0].value)
    assert used, "no codes found: has the call style changed?"
    assert used - set(catalogue.ERRORS) == set()


def test_the_window_table_is_the_catalogue_and_korean_has_every_line():
    """kit/errors.py marks the very templates of agentdesk/catalogue.py for translation, and
    the Korean catalogue translates each of them (keeping its {placeholders})."""
    assert errors._ERRORS == catalogue.ERRORS
    assert errors._EVENTS == catalogue.EVENTS
    korean = {(m["context"], m["source"]): m["translations"][0] for m in read_ts(TS)}
    slot = re.compile(r"\{\w+\}")
    for context, table in (("errors", catalogue.ERRORS), ("events", catalogue.EVENTS)):
        for code, english in table.items():
            ko = korean.get((context, english))
            words = re.search("[A-Za-z]", slot.sub("", english))  # "{where}: {error}" has none to translate
            assert ko and (re.search("[가-힣]", ko) or not words), (code, english)
            assert sorted(slot.findall(ko)) == sorted(slot.findall(english)), code


def test_str_of_a_refusal_is_still_its_english_line():
    e = InvalidValue(code="followup.title_empty")
    assert str(e) == "a follow-up needs a title" and e.code == "followup.title_empty" and e.params == {}
    e = NotFound(code="ticket.not_found", ref="#99")
    assert str(e) == "no ticket '#99'" and e.params == {"ref": "#99"}
    # A copy keeps the code; an uncoded line stays as it is.
    assert InvalidValue.like(rules.RuleError(code="merge.into_itself")).code == "merge.into_itself"
    assert str(ServiceError("any line")) == "any line" and ServiceError("any line").code is None
    with pytest.raises(KeyError):
        InvalidValue(code="no.such.code")
    # Braces that are not a slot are text.
    assert str(InvalidValue(code="macro.not_object")) == 'a macro must be an object such as {"status": "pending"}'


def test_a_refusal_travels_with_its_code_and_nested_params():
    wrapped = InvalidValue(code="ics.in_event", where=catalogue.Phrase("ics.event_uid", index=2, uid="x"),
                           error=InvalidValue(code="rrule.never_occurs", rule="FREQ=DAILY"))
    assert str(wrapped) == "event 2 (UID x): repeat rule 'FREQ=DAILY' has no occurrence after the due time"
    wire = catalogue.to_wire(wrapped)
    assert wire == {"code": "ics.in_event", "params": {
        "where": {"code": "ics.event_uid", "params": {"index": 2, "uid": "x"}},
        "error": {"code": "rrule.never_occurs", "params": {"rule": "FREQ=DAILY"}}}}
    assert catalogue.from_wire(wire) == ("ics.in_event", wire["params"])
    assert catalogue.from_wire({"code": "from.a.newer.server", "params": {}}) is None
    # A hostile megabyte in a param is clipped on the wire.
    assert len(catalogue.to_wire(p.Rejected(code="server.unknown_op", op="x" * 10**6))["params"]["op"]) < 400


@pytest.fixture
def korean(qapp):
    from agentdesk.ui.app import install_language

    assert install_language(qapp, "ko")
    yield
    install_language(qapp, "en")


def _refusal(fn) -> Exception:
    with pytest.raises(Exception) as info:  # noqa: PT011 - whichever refusal it is
        fn()
    return info.value


def test_real_refusals_read_in_korean_and_english(qapp, korean, sqlite_db, seeded):
    with sqlite_db.session() as s:
        me = current_agent(s)
        title = _refusal(lambda: followups.create_follow_up(s, me, title="  ", due_at=datetime.now(UTC)))
        tickets.merge_tickets(s, seeded["t2"], seeded["t1"], me)
    with sqlite_db.session() as s:
        merged = _refusal(lambda: tickets.merge_tickets(s, seeded["t2"], seeded["t3"], current_agent(s)))
    ics = _refusal(lambda: followups.parse_ics(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:a\r\n"
                                               b"END:VEVENT\r\nEND:VCALENDAR\r\n"))
    rule = _refusal(lambda: followups.validate_rrule("FREQ=SOMETIMES", datetime.now(UTC)))
    assert errors.message(title) == "후속 작업의 제목을 입력하세요"
    assert errors.message(merged) == f"#{seeded['t2']}은(는) 이미 #{seeded['t1']}에 병합되었습니다"
    assert errors.message(ics) == "1번째 일정(UID x): DTSTART가 없습니다"
    assert errors.message(rule).startswith("잘못된 반복 규칙 'FREQ=SOMETIMES': FREQ는 ")
    # The same errors, as the CLI and the logs say them.
    assert str(title) == "a follow-up needs a title"
    assert str(ics) == "event 1 (UID x): missing DTSTART"
    # A refusal from the team server, as its push result carries it.
    conflict = {"message": "ticket #1002 belongs to another team", "code": "server.ticket_other_team",
                "params": {"number": 1002}}
    assert errors.from_wire(conflict) == "티켓 #1002은(는) 다른 팀의 티켓입니다"
    assert errors.from_wire({"message": "said by an older server"}) == "said by an older server"


def test_user_text_in_a_refusal_is_masked_on_screen(qapp, korean):
    card = "4111 1111 1111 1111"
    shown = errors.message(InvalidValue(code="customer.not_a_phone", value=card))
    assert card not in shown and "4111 **** **** 1111" in shown and "전화번호가 아닙니다" in shown
    assert card not in errors.message(ServiceError(f"uncoded {card}"))


def test_the_follow_up_dialog_says_a_bad_repeat_rule_in_korean(qtbot, korean, seeded, sqlite_db):
    from agentdesk.views.calendar import FollowUpDialog

    dlg = FollowUpDialog(None, None, None, datetime.now(UTC))
    qtbot.addWidget(dlg)
    dlg.title_edit.setText("회신")
    dlg.repeat_combo.setCurrentIndex(dlg.repeat_combo.count() - 1)  # custom
    dlg.rrule_edit.setText("FREQ=WEEKLY;INTERVAL=0")
    dlg.accept()
    assert dlg.result() != QDialog.DialogCode.Accepted
    assert dlg.error.text() == "잘못된 반복 규칙 'FREQ=WEEKLY;INTERVAL=0': INTERVAL은 1~1000 사이여야 합니다"


def test_a_bad_ics_file_is_refused_in_korean_in_the_calendar(qtbot, korean, ctx, tmp_path, monkeypatch):
    from agentdesk.ui.kit.toasts import ToastStack
    from agentdesk.views.calendar import CalendarPane

    pane = CalendarPane(ctx)
    qtbot.addWidget(pane)
    pane.show()
    path = tmp_path / "bad.ics"
    path.write_bytes(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:no start\r\n"
                     b"END:VEVENT\r\nEND:VCALENDAR\r\n")
    monkeypatch.setattr(CalendarPane, "choose_file", staticmethod(lambda parent, mode: str(path)))
    with qtbot.waitSignal(pane.failed, timeout=5000) as blocker:
        pane.import_ics()
    assert blocker.args[0] == "1번째 일정(UID x): DTSTART가 없습니다"
    toast = ToastStack.of(pane.window()).toasts()[-1]
    assert "DTSTART가 없습니다" in toast.body.text()
    toast.dismiss()


def test_an_empty_follow_up_title_reaches_the_status_bar_in_korean(qtbot, korean, ctx):
    """A worker's refusal with no handler of its own becomes the runner's error line."""
    me = ctx.agent.login
    with qtbot.waitSignal(ctx.runner.error, timeout=5000) as blocker:
        ctx.runner.write(lambda s: followups.create_follow_up(s, current_agent(s, me), title="",
                                                              due_at=datetime.now(UTC) + timedelta(hours=1)))
    assert blocker.args == ["후속 작업의 제목을 입력하세요"]


def test_merging_a_merged_ticket_says_so_in_korean(qtbot, korean, ctx, seeded, sqlite_db, monkeypatch):
    """The merge dialog's preview and the pane's refusal (a merge raced by someone else)."""
    from agentdesk.views.ticket import MergeDialog, TicketPane

    with sqlite_db.session() as s:
        tickets.merge_tickets(s, seeded["t2"], seeded["t1"], current_agent(s))
        t2 = tickets.get_detail(s, seeded["t2"])
        t3 = tickets.get_detail(s, seeded["t3"])
    dialog = MergeDialog(ctx, t3.id, t3.number)
    qtbot.addWidget(dialog)
    dialog.number.setText(str(seeded["t2"]))
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=5000)
    assert dialog.warning.text() == f"#{seeded['t2']}은(는) 이미 병합된 티켓입니다. #{seeded['t1']}에 병합하세요"
    assert not dialog.merge_button.isEnabled()

    pane = TicketPane(ctx)
    qtbot.addWidget(pane)
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        pane.show_ticket(t2.id)
    shown = []
    monkeypatch.setattr(TicketPane, "ask_merge_target", staticmethod(lambda parent, number: str(seeded["t3"])))
    monkeypatch.setattr("agentdesk.views.ticket.QMessageBox.warning",
                        lambda parent, title, text: shown.append((title, text)))
    pane.merge_button.setEnabled(True)
    pane.merge_into()
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert shown == [("병합 실패", f"#{seeded['t2']}은(는) 이미 #{seeded['t1']}에 병합되었습니다")]


def test_the_new_customer_dialog_and_the_attachment_tray_refuse_in_korean(qtbot, korean, ctx, seeded, sqlite_db,
                                                                          tmp_path, monkeypatch):
    """Issue 12's features: a customer's address the rules refuse, a phone number another
    customer already has, and a file too large to attach, each worded in Korean."""
    from agentdesk.services import attachments, intake
    from agentdesk.views.attachments import AttachmentTray
    from agentdesk.views.new_ticket import NewCustomerDialog
    from tests.test_view_inbox_ticket import _ticket
    from tests.uihelpers import settle

    dialog = NewCustomerDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.fields.name.setText("김하늘")
    dialog.fields.email.setText("haneul@")
    dialog.submit()
    assert not dialog.error.isHidden() and dialog.error.text() == "'haneul@'은(는) 이메일 주소가 아닙니다"

    with sqlite_db.session() as s:
        intake.create_customer(s, current_agent(s), name="김하늘", phone="010-5555-0101")
    with sqlite_db.session() as s:
        dup = _refusal(lambda: intake.check_customer(s, "김하늘", "010-5555-0101"))
    assert isinstance(dup, intake.DuplicateContact) and dup.code == "customer.duplicate_contact"
    assert errors.message(dup) == "010-5555-0101은(는) 이미 김하늘 고객의 연락처입니다. 새로 등록하지 말고 그 고객을 여세요"
    assert str(dup) == "010-5555-0101 already belongs to customer 김하늘; open that customer instead of adding another"

    ctx, pane = _ticket(qtbot, sqlite_db)
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        pane.show_ticket(str(seeded["t2"]))
    huge = tmp_path / "video.mp4"
    with open(huge, "wb") as fh:  # sparse: never read
        fh.truncate(attachments.MAX_FILE_BYTES + 1024 * 1024)
    monkeypatch.setattr(AttachmentTray, "ask_files", staticmethod(lambda parent: [str(huge)]))
    pane.attachments.choose_files()
    settle(ctx.runner)
    assert pane.attachments.notice.text() == \
        "'video.mp4' 파일은 첨부되지 않았습니다. 크기가 21.0 MB이며, 파일당 최대 20.0 MB까지입니다"
    assert pane.attachments.pending == []
    ctx.runner.wait()


def test_saved_views_refuse_in_korean(qtbot, korean, seeded, sqlite_db, monkeypatch):
    """Saved views (issue 12): a name already in the agent's list reopens the editor with
    the Korean line, the editor's own check of a bad filter reads in Korean, and a stored
    view this desk cannot read is one Korean line; str() stays the English the CLI prints."""
    from agentdesk.models import SavedView
    from agentdesk.services import saved_views as sv
    from agentdesk.services.view_spec import ViewError, parse_spec
    from agentdesk.views import saved_views as ui
    from agentdesk.views.inbox import InboxPane
    from tests.uihelpers import make_ctx, settle

    with sqlite_db.session() as s:
        me = current_agent(s, "kim.minji")
        sv.save_view(s, me, name="이메일 문의", spec={})
        s.add(SavedView(name="미래 보기", scope="personal", owner_agent_id=me.id, spec={"v": 2}))
    ctx = make_ctx(sqlite_db)
    pane = InboxPane(ctx)
    qtbot.addWidget(pane)
    with qtbot.waitSignal(pane.saved.failed, timeout=5000) as skipped:
        pane.start("all")
    assert skipped.args == ["저장된 보기 “미래 보기”을(를) 읽지 못해 목록에서 뺐습니다: "
                            "다른 버전의 AgentDesk에서 저장한 보기입니다(형식 '2')"]
    settle(ctx.runner)

    errors_shown = []

    def ask(parent, given, error=""):
        errors_shown.append(error)
        if len(errors_shown) == 1:  # the first time: a name the list already has
            return ui.EditorResult("이메일 문의", "personal", None, given.spec)
        return None  # the editor reopened with the refusal: cancelled

    monkeypatch.setattr(ui.ViewEditorDialog, "ask", staticmethod(ask))
    pane.saved.save_button.click()
    qtbot.waitUntil(lambda: len(errors_shown) == 2, timeout=5000)
    assert errors_shown == ["", "내 보기에 이미 “이메일 문의” 보기가 있습니다"]
    with sqlite_db.session() as s:
        dup = _refusal(lambda: sv.save_view(s, current_agent(s, "kim.minji"), name="이메일 문의", spec={}))
    assert str(dup) == "your views already have one named “이메일 문의”"

    # The editor's own check: a refusal of the view rules, nested in the field it names.
    dialog = ui.ViewEditorDialog(None, pane.saved._editor_input("환불 문의", parse_spec({}), "보기로 저장"))
    qtbot.addWidget(dialog)
    dialog.text.setText("환불\x07")
    assert dialog.problem() == "filters.text: 검색어에는 제어 문자를 쓸 수 없습니다"
    bad = _refusal(dialog.spec)
    assert isinstance(bad, ViewError) and str(bad) == "filters.text: the text search cannot hold control characters"
    settle(ctx.runner)
