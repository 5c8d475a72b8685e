"""The templates pane and the composer's template flow, on a real SQLite workspace (offscreen)."""

from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from agentdesk.models import FollowUp
from agentdesk.services import templates as tp
from agentdesk.services import tickets
from agentdesk.services.common import current_agent
from agentdesk.views.templates import MacroConfirmDialog, PromptsDialog, TemplatesPane, describe_change
from agentdesk.views.ticket import TicketPane
from tests.factories import seed_small
from tests.uihelpers import make_ctx

REFUND_BODY = "{{ customer.name }} 고객님, 주문 {{ order.number }} 환불 {{ input.amount | won }}을 {{ input.day | kdate }}에 처리합니다."


@pytest.fixture
def ws(sqlite_db):
    ids = seed_small(sqlite_db)
    with sqlite_db.session() as s:
        me = current_agent(s)
        ids["refund"] = tp.save_template(
            s, me, title="환불 접수 안내", body=REFUND_BODY, shortcut="/환불", category="환불/반품",
            prompts=[{"name": "amount", "label": "환불 금액", "type": "amount"},
                     {"name": "day", "label": "환불일", "type": "date"}],
            macro={"status": "pending", "add_tags": ["환불"], "follow_up": {"in_hours": 24, "title": "환불 확인"}}).id
        ids["greet"] = tp.save_template(s, me, title="Greeting", body="Hello {{ customer.name }}, thanks for waiting.",
                                        shortcut=";refund", language="en").id
        ids["nick"] = tp.save_template(s, me, title="별명", body="{{ customer.nickname }}님 안녕하세요", shortcut="/별명").id
    return sqlite_db, ids


def _ticket_pane(qtbot, ctx, number):
    pane = TicketPane(ctx)
    qtbot.addWidget(pane)
    pane.resize(700, 800)
    pane.show()
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        pane.show_ticket(str(number))
    qtbot.waitUntil(lambda: bool(pane.templates.shortcuts), timeout=5000)
    pane.start_reply()
    return pane


def _templates_pane(qtbot, ctx):
    pane = TemplatesPane(ctx)
    qtbot.addWidget(pane)
    pane.resize(640, 900)
    pane.show()
    qtbot.waitUntil(lambda: pane.list.topLevelItemCount() > 0, timeout=5000)
    return pane


@pytest.fixture
def dialogs(monkeypatch):
    """Replaces both dialogs; records what they were shown."""
    seen = {"prompts": [], "changes": []}
    answers = {"values": {"amount": 89000, "day": date(2026, 11, 23)}, "choice": "apply"}

    def ask_prompts(parent, title, prompts):
        seen["prompts"].append((title, [p["name"] for p in prompts]))
        return answers["values"]

    def ask_macro(parent, title, changes, text):
        seen["changes"].append([describe_change(c) for c in changes])
        seen["text"] = text
        return answers["choice"]

    monkeypatch.setattr(PromptsDialog, "ask", staticmethod(ask_prompts))
    monkeypatch.setattr(MacroConfirmDialog, "ask", staticmethod(ask_macro))
    return seen, answers


def test_insert_from_the_pane_stages_the_macro_and_send_writes_it(qtbot, ws, dialogs):
    db, ids = ws
    seen, _ = dialogs
    ctx = make_ctx(db)
    ticket = _ticket_pane(qtbot, ctx, ids["t2"])
    pane = _templates_pane(qtbot, ctx)
    pane.applyRequested.connect(ticket.templates.apply)  # what the main window wires
    pane.set_ticket(ticket.detail.id)
    assert pane.select_template(ids["refund"])
    qtbot.waitUntil(lambda: "최영희" in pane.preview.toPlainText(), timeout=5000)
    assert "환불 금액" in pane.preview_status.text()  # asked when inserted, not missing
    changed = []
    ctx.changes.changed.connect(lambda kind, obj: changed.append((kind, obj)))
    with qtbot.waitSignal(ticket.templates.applied, timeout=5000) as sig:
        pane.insert_button.click()
    assert seen["prompts"] == [("환불 접수 안내", ["amount", "day"])]
    assert len(seen["changes"][0]) == 3 and "환불 확인" in seen["changes"][0][2]
    assert ticket.composer.toPlainText() == (
        "최영희 고객님, 주문 ORD-2026-0000001 환불 89,000원을 2026년 11월 23일에 처리합니다.")
    assert [c.field for c in sig.args[0]] == ["status", "tags", "follow_up"]
    # Staged: shown as pending in the form, nothing written but the use.
    assert ticket.status.currentData() == "pending" and ticket.status.property("pending")
    assert ticket.tags.text() == "환불" and ticket.pending_label.isVisible()
    with db.session() as s:
        d = tickets.get_detail(s, ids["t2"])
        assert d.status == "new" and d.tags == []
        assert s.scalars(select(FollowUp)).all() == []
        assert tp.get_template(s, ids["refund"], current_agent(s)).my_uses == 1
    assert ("template", ids["refund"]) in changed and not any(k == "ticket" for k, _ in changed)
    # The list re-orders by my uses.
    qtbot.waitUntil(lambda: pane.list.topLevelItem(0).data(0, Qt.ItemDataRole.UserRole + 1) == ids["refund"], timeout=5000)
    with qtbot.waitSignal(ticket.messageSent, timeout=5000):
        ticket.send()
    with db.session() as s:
        d = tickets.get_detail(s, ids["t2"])
        assert d.status == "pending" and d.tags == ["환불"]
        fu = s.scalars(select(FollowUp)).one()
        assert fu.title == "환불 확인" and fu.ticket_id == d.id and fu.customer_id == ids["customer"]
    assert ("ticket", d.id) in changed and ("followup", fu.id) in changed
    assert ticket.staged is None and not ticket.status.property("pending")
    qtbot.waitUntil(lambda: ticket.status.currentData() == "pending", timeout=5000)


def test_text_only_and_cancel_leave_the_ticket_alone(qtbot, ws, dialogs):
    db, ids = ws
    seen, answers = dialogs
    ctx = make_ctx(db)
    ticket = _ticket_pane(qtbot, ctx, ids["t2"])
    answers["choice"] = "text"
    with qtbot.waitSignal(ticket.templates.applied, timeout=5000) as sig:
        ticket.templates.apply(ids["refund"])
    assert sig.args[0] == [] and "89,000원" in ticket.composer.toPlainText()
    ticket.composer.clear()
    answers["values"] = None  # the agent cancels the form
    ticket.templates.apply(ids["refund"])
    qtbot.waitUntil(lambda: len(seen["prompts"]) == 2, timeout=5000)
    from tests.uihelpers import settle

    settle(ctx.runner)
    assert ticket.composer.toPlainText() == ""
    with db.session() as s:
        assert tickets.get_detail(s, ids["t2"]).status == "new"
        assert s.scalars(select(FollowUp)).all() == []
        assert tp.get_template(s, ids["refund"], current_agent(s)).my_uses == 1  # the text-only use


def test_shortcut_expansion_korean_and_english(qtbot, ws, dialogs):
    db, ids = ws
    seen, _ = dialogs
    ctx = make_ctx(db)
    ticket = _ticket_pane(qtbot, ctx, ids["t2"])
    # QTest cannot type Hangul offscreen: the text goes in as an input method would put it.
    ticket.composer.insertPlainText("확인했습니다.\n/환불")
    with qtbot.waitSignal(ticket.templates.applied, timeout=5000):
        qtbot.keyClick(ticket.composer, Qt.Key.Key_Tab)
    assert ticket.composer.toPlainText() == (
        "확인했습니다.\n최영희 고객님, 주문 ORD-2026-0000001 환불 89,000원을 2026년 11월 23일에 처리합니다.")
    assert seen["prompts"] and seen["changes"]

    ticket.composer.clear()
    qtbot.keyClicks(ticket.composer, "Hi! ;REFUND")  # shortcuts are case-insensitive
    with qtbot.waitSignal(ticket.templates.applied, timeout=5000):
        qtbot.keyClick(ticket.composer, Qt.Key.Key_Tab)
    assert ticket.composer.toPlainText() == "Hi! Hello 최영희, thanks for waiting."


def test_tab_after_an_unknown_shortcut_says_so_and_keeps_the_text(qtbot, ws, dialogs):
    """Issue 12: Tab after /없는말 put a tab character into the reply. The text stays as
    typed, the pane says no template matches, and the cursor stays in the composer."""
    db, ids = ws
    ctx = make_ctx(db)
    ticket = _ticket_pane(qtbot, ctx, ids["t2"])
    ticket.composer.setFocus()
    ticket.composer.insertPlainText("확인했습니다. /없는말")  # Hangul goes in as an input method puts it
    with qtbot.assertNotEmitted(ticket.templates.applied, wait=300), \
            qtbot.waitSignal(ticket.templates.shortcutMissed) as missed:
        qtbot.keyClick(ticket.composer, Qt.Key.Key_Tab)
    assert missed.args == ["/없는말"]
    assert ticket.composer.toPlainText() == "확인했습니다. /없는말"
    assert "No template matches /없는말" in ticket.draft_state.text()
    assert ticket.composer.hasFocus()


def test_tab_after_a_plain_word_moves_on_without_a_tab(qtbot, ws, dialogs):
    db, ids = ws
    ctx = make_ctx(db)
    ticket = _ticket_pane(qtbot, ctx, ids["t2"])
    ticket.composer.setFocus()
    with qtbot.assertNotEmitted(ticket.templates.applied, wait=300):
        qtbot.keyClicks(ticket.composer, "nothing")
        qtbot.keyClick(ticket.composer, Qt.Key.Key_Tab)
    assert ticket.composer.toPlainText() == "nothing"  # never a literal tab in a reply
    assert not ticket.composer.hasFocus()  # Tab moved on, as in any form


def test_missing_placeholder_blocks_send(qtbot, ws, dialogs):
    db, ids = ws
    ctx = make_ctx(db)
    ticket = _ticket_pane(qtbot, ctx, ids["t2"])
    ticket.composer.insertPlainText("/별명")
    with qtbot.waitSignal(ticket.templates.applied, timeout=5000):
        qtbot.keyClick(ticket.composer, Qt.Key.Key_Tab)
    assert ticket.composer.toPlainText() == "⟦customer.nickname⟧님 안녕하세요"
    assert ticket.composer.textCursor().selectedText() == "⟦customer.nickname⟧"  # ready to type over
    with qtbot.waitSignal(ticket.failed, timeout=2000) as sig:
        ticket.send()
    assert "customer.nickname" in sig.args[0] and "customer.nickname" in ticket.draft_state.text()
    ticket.composer.setPlainText("{{ customer.name }}님 안녕하세요")
    with qtbot.waitSignal(ticket.failed, timeout=2000) as sig:
        qtbot.keyClick(ticket.composer, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "template code" in sig.args[0]
    ctx.runner.wait()
    with db.session() as s:
        assert [m.direction for m in tickets.get_detail(s, ids["t2"]).messages] == ["inbound"]
    ticket.composer.setPlainText("민지님 안녕하세요")
    with qtbot.waitSignal(ticket.messageSent, timeout=5000):
        ticket.send()


def test_syntax_error_is_shown_inline_and_blocks_save(qtbot, ws):
    db, ids = ws
    ctx = make_ctx(db)
    pane = _templates_pane(qtbot, ctx)
    pane.select_template(ids["greet"])
    pane.body_edit.setPlainText("첫 줄\n{{ customer.name }\n셋째 줄")
    assert pane.syntax.text().startswith("Syntax error, line 2:")
    assert not pane.save_button.isEnabled() and not pane.insert_button.isEnabled()
    qtbot.waitUntil(lambda: "line 2" in pane.preview_status.text(), timeout=5000)
    pane.body_edit.setPlainText("Hello {{ customer.nickname }}")
    assert pane.syntax.text() == "No syntax errors" and pane.save_button.isEnabled()
    qtbot.waitUntil(lambda: "customer.nickname" in pane.preview_status.text(), timeout=5000)
    assert "⟦customer.nickname⟧" in pane.preview.toPlainText()
    pane.macro_edit.setPlainText('{"status": "finished"}')
    assert "invalid status 'finished'" in pane.macro_status.text() and not pane.save_button.isEnabled()
    pane.macro_edit.setPlainText('{"status": ')
    assert pane.macro_status.text().startswith("line 1:")
    pane.macro_edit.setPlainText('{"status": "solved"}')
    assert pane.save_button.isEnabled()


def test_new_save_filter_and_delete(qtbot, ws, monkeypatch):
    db, ids = ws
    ctx = make_ctx(db)
    pane = _templates_pane(qtbot, ctx)
    assert pane.list.topLevelItemCount() == 3
    pane.new_button.click()
    pane.title_edit.setText("콜백 예약")
    pane.shortcut_edit.setText("/콜백")
    pane.scope_edit.setCurrentIndex(pane.scope_edit.findData("personal"))
    pane.category_edit.setEditText("응대 가이드")
    pane.body_edit.setPlainText("{{ customer.name }} 고객님, {{ input.when | kdatetime }}에 다시 연락드리겠습니다.")
    pane.prompts_edit.setPlainText('[{"name": "when", "label": "콜백 시각", "type": "datetime"}]')
    pane.macro_edit.setPlainText('{"follow_up": {"at_prompt": "when", "title": "콜백", "kind": "callback"}}')
    assert pane.dirty and pane.save_button.isEnabled()
    with qtbot.waitSignal(pane.saved, timeout=5000) as sig:
        pane.save_button.click()
    row = sig.args[0]
    assert row.scope == "personal" and row.mine and row.prompts[0]["type"] == "datetime"
    qtbot.waitUntil(lambda: pane.list.topLevelItemCount() == 4, timeout=5000)
    with db.session() as s:
        assert tp.find_by_shortcut(s, current_agent(s), "/콜백").title == "콜백 예약"

    # A taken shortcut is refused with the service's message.
    pane.new_button.click()
    pane.title_edit.setText("중복")
    pane.shortcut_edit.setText("/환불")
    pane.body_edit.setPlainText("x")
    with qtbot.waitSignal(pane.failed, timeout=5000) as sig:
        pane.save()
    assert "already used by '환불 접수 안내'" in sig.args[0]

    monkeypatch.setattr(TemplatesPane, "ask_discard", staticmethod(lambda parent: True))
    pane.search.setText("waiting")
    qtbot.waitUntil(lambda: pane.list.topLevelItemCount() == 1, timeout=5000)
    pane.search.clear()
    qtbot.waitUntil(lambda: pane.list.topLevelItemCount() == 4, timeout=5000)
    pane.language_filter.setCurrentIndex(pane.language_filter.findData("en"))
    qtbot.waitUntil(lambda: pane.list.topLevelItemCount() == 1, timeout=5000)
    pane.language_filter.setCurrentIndex(0)
    pane.sort.setCurrentIndex(pane.sort.findData("title"))
    qtbot.waitUntil(lambda: pane.list.topLevelItemCount() == 4
                    and pane.list.topLevelItem(0).text(0) == "Greeting", timeout=5000)

    monkeypatch.setattr(TemplatesPane, "ask_delete", staticmethod(lambda parent, title: title == "Greeting"))
    pane.select_template(ids["greet"])
    assert pane.title_edit.text() == "Greeting" and not pane.dirty
    pane.delete_button.click()
    qtbot.waitUntil(lambda: pane.list.topLevelItemCount() == 3, timeout=5000)
    with db.session() as s:
        assert tp.find_by_shortcut(s, current_agent(s), ";refund") is None


def test_unsaved_edits_are_kept_unless_discarded(qtbot, ws, monkeypatch):
    db, ids = ws
    ctx = make_ctx(db)
    pane = _templates_pane(qtbot, ctx)
    pane.select_template(ids["greet"])
    pane.body_edit.setPlainText("Changed")
    monkeypatch.setattr(TemplatesPane, "ask_discard", staticmethod(lambda parent: False))
    pane.select_template(ids["nick"])
    assert pane.current.id == ids["greet"] and pane.body_edit.toPlainText() == "Changed"


def test_preview_follows_the_open_ticket(qtbot, ws):
    db, ids = ws
    ctx = make_ctx(db)
    pane = _templates_pane(qtbot, ctx)
    pane.select_template(ids["greet"])
    qtbot.waitUntil(lambda: "홍길동" in pane.preview.toPlainText(), timeout=5000)  # sample data
    with db.session() as s:
        t3 = tickets.resolve_ticket(s, ids["t3"]).id
    pane.set_ticket(t3)
    qtbot.waitUntil(lambda: "Emily Clark" in pane.preview.toPlainText(), timeout=5000)
    assert pane.preview_title.text() == f"Preview for #{ids['t3']} · Emily Clark"
    pane.set_ticket(None)
    qtbot.waitUntil(lambda: "홍길동" in pane.preview.toPlainText(), timeout=5000)


def test_prompts_dialog_checks_and_types_values(qtbot):
    prompts = tp.validate_prompts([
        {"name": "amount", "label": "환불 금액", "type": "amount"},
        {"name": "when", "label": "콜백", "type": "datetime"},
        {"name": "reason", "label": "사유", "type": "choice", "choices": ["단순 변심", "불량"], "required": False},
        {"name": "memo", "label": "메모", "type": "text", "required": False},
    ])
    dlg = PromptsDialog("환불", prompts)
    qtbot.addWidget(dlg)
    ok = dlg.buttons.button(dlg.buttons.StandardButton.Ok)
    assert not ok.isEnabled() and dlg.error.text() == ""  # nothing typed yet: no scolding
    dlg.editors["memo"].setText("메모")
    assert not ok.isEnabled() and "'환불 금액' is required" in dlg.error.text()
    dlg.editors["amount"].setText("12만")
    assert not ok.isEnabled() and "expected an amount" in dlg.error.text()
    dlg.editors["amount"].setText("120,000")
    assert ok.isEnabled()
    dlg.editors["reason"].setCurrentIndex(2)
    dlg.editors["memo"].setText("  ")  # an optional answer left blank is left out
    values = dlg.values()
    assert values["amount"] == 120000 and values["reason"] == "불량" and "memo" not in values
    assert isinstance(values["when"], datetime) and values["when"].tzinfo is not None


def test_the_editor_refuses_a_recursive_or_overlong_body_as_it_is_typed(qtbot, ws):
    db, _ = ws
    pane = _templates_pane(qtbot, make_ctx(db))
    pane._new(force=True)
    pane.title_edit.setText("폭탄")
    pane.body_edit.setPlainText("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}")
    assert "macro 'm' calls itself" in pane.syntax.text() and not pane.save_button.isEnabled()
    pane.body_edit.setPlainText("x" * (tp.MAX_BODY_CHARS + 1))
    assert "too long" in pane.syntax.text() and not pane.save_button.isEnabled()
    pane.body_edit.setPlainText("{{ customer.name }}님")
    assert pane.save_button.isEnabled()
