"""Macros stage their changes (Zendesk's behaviour, issue 12 defect 1): inserting a
template with a macro changes nothing on the ticket; the changes show as pending in the
form and are written with the reply, in one transaction, when it is sent; clearing the
draft or leaving the ticket drops them. Real SQLite workspace, real widgets (offscreen)."""

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from agentdesk.models import Agent, AuditEntry, FollowUp, Message, utcnow
from agentdesk.services import followups
from agentdesk.services import templates as tp
from agentdesk.services import tickets
from agentdesk.services.common import InvalidValue, current_agent
from agentdesk.views.templates import MacroConfirmDialog, PromptsDialog
from tests.factories import seed_small
from tests.test_view_templates import _ticket_pane
from tests.uihelpers import make_ctx, settle


@pytest.fixture
def ws(sqlite_db):
    ids = seed_small(sqlite_db)
    with sqlite_db.session() as s:
        me = current_agent(s)
        ids["refund"] = tp.save_template(
            s, me, title="환불 접수 안내", body="{{ customer.name }} 고객님, 환불 {{ input.amount | won }}을 접수했습니다.",
            shortcut="/환불", prompts=[{"name": "amount", "label": "환불 금액", "type": "amount"}],
            macro={"status": "pending", "priority": "high", "add_tags": ["환불"],
                   "follow_up": {"in_hours": 24, "title": "환불 확인"}}).id
        ids["done"] = tp.save_template(s, me, title="종료", body="문의해 주셔서 감사합니다.", shortcut="/끝",
                                       macro={"status": "solved"}).id
        ids["handover"] = tp.save_template(s, me, title="인계", body="담당자에게 전달했습니다.", shortcut="/인계",
                                           macro={"assignee": "lee.junho"}).id
    return sqlite_db, ids


@pytest.fixture
def dialogs(monkeypatch):
    """Both dialogs answered as an agent would: the amount, then "insert, apply on send"."""
    monkeypatch.setattr(PromptsDialog, "ask", staticmethod(lambda parent, title, prompts: {"amount": 89000}))
    monkeypatch.setattr(MacroConfirmDialog, "ask", staticmethod(lambda parent, title, changes, text: "apply"))


def _expand(qtbot, pane, shortcut: str) -> None:
    """Types the shortcut (as an input method puts Hangul in) and presses Tab."""
    pane.composer.moveCursor(pane.composer.textCursor().MoveOperation.End)
    pane.composer.insertPlainText(shortcut)
    with qtbot.waitSignal(pane.templates.applied, timeout=5000):
        qtbot.keyClick(pane.composer, Qt.Key.Key_Tab)


def _snapshot(db, ticket_id) -> dict:
    """Everything a macro could change: the ticket's fields, its messages, follow-ups, the audit trail."""
    with db.session() as s:
        t = tickets.resolve_ticket(s, ticket_id)
        return {
            "ticket": (t.status, t.priority, t.assignee_id, t.tags_text, t.message_count, t.updated_at),
            "detail_tags": tickets.get_detail(s, ticket_id).tags,
            "messages": s.scalar(select(func.count()).select_from(Message)),
            "follow_ups": s.scalar(select(func.count()).select_from(FollowUp)),
            "audit": sorted((a.entity, a.action, str(a.entity_id)) for a in s.scalars(select(AuditEntry))),
        }


def test_insert_stages_the_macro_and_writes_nothing(qtbot, ws, dialogs):
    db, ids = ws
    ctx = make_ctx(db)
    pane = _ticket_pane(qtbot, ctx, ids["t2"])
    before = _snapshot(db, ids["t2"])
    _expand(qtbot, pane, "/환불")
    _expand(qtbot, pane, "\n/인계")
    settle(ctx.runner)
    assert _snapshot(db, ids["t2"]) == before  # nothing on the ticket, no follow-up, no audit entry
    # The form shows what the send will do, marked pending.
    assert pane.status.currentData() == "pending" and pane.priority.currentData() == "high"
    assert pane.assignee.currentData() == "lee.junho" and pane.tags.text() == "환불"
    for w in (pane.status, pane.priority, pane.assignee, pane.tags):
        assert w.property("pending") is True
    assert pane.pending_label.isVisible() and "환불 확인" in pane.pending_label.text()
    pane.grab().save("/tmp/macros-staged.png")
    # A write to the ticket from elsewhere re-reads it: the staged values stay on show.
    with db.session() as s:
        tickets.add_message(s, ids["t2"], current_agent(s, "lee.junho"), "메모", kind="note")
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        ctx.changes.changed.emit("ticket", pane.detail.id)
    assert pane.status.currentData() == "pending" and pane.status.property("pending") is True


def test_end_macro_does_not_solve_before_the_reply_is_sent(qtbot, ws, dialogs):
    db, ids = ws
    ctx = make_ctx(db)
    pane = _ticket_pane(qtbot, ctx, ids["t2"])
    _expand(qtbot, pane, "/끝")
    settle(ctx.runner)
    with db.session() as s:
        assert tickets.resolve_ticket(s, ids["t2"]).status == "new"
    assert pane.status.currentData() == "solved"


def test_send_writes_the_reply_and_the_staged_changes_together(qtbot, ws, dialogs):
    db, ids = ws
    ctx = make_ctx(db)
    pane = _ticket_pane(qtbot, ctx, ids["t2"])
    with db.session() as s:
        audit_before = s.scalar(select(func.count()).select_from(AuditEntry))
    _expand(qtbot, pane, "/환불")
    with qtbot.waitSignal(pane.messageSent, timeout=5000):
        pane.send()
    settle(ctx.runner)
    with db.session() as s:
        t = tickets.resolve_ticket(s, ids["t2"])
        assert (t.status, t.priority, t.tags_text) == ("pending", "high", "환불")
        last = s.scalars(select(Message).where(Message.ticket_id == t.id).order_by(Message.created_at.desc())).first()
        assert last.kind == "reply" and "89,000원" in last.body
        fu = s.scalars(select(FollowUp)).one()
        entries = s.scalars(select(AuditEntry).order_by(AuditEntry.at)).all()[audit_before:]
        # The reply, the field changes and the follow-up: written in the one send, at one time.
        assert sorted((e.entity, e.action) for e in entries) == [("follow_up", "create"), ("ticket", "reply"),
                                                                 ("ticket", "update")]
        assert fu.title == "환불 확인" and fu.ticket_id == t.id
    assert pane.staged is None and not pane.pending_label.isVisible()
    qtbot.waitUntil(lambda: pane.status.currentData() == "pending", timeout=5000)
    assert not pane.status.property("pending")


def test_a_refused_change_sends_nothing_and_keeps_the_draft(qtbot, ws, dialogs):
    db, ids = ws
    ctx = make_ctx(db)
    pane = _ticket_pane(qtbot, ctx, ids["t2"])
    _expand(qtbot, pane, "/인계")
    before = _snapshot(db, ids["t2"])
    with db.session() as s:  # the colleague leaves between the insert and the send
        s.scalar(select(Agent).where(Agent.login == "lee.junho")).deleted = True
    errors = []
    pane.failed.connect(errors.append)
    pane.send()
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    settle(ctx.runner)
    after = _snapshot(db, ids["t2"])
    assert after["ticket"] == before["ticket"] and after["messages"] == before["messages"]
    assert "담당자에게 전달했습니다." in pane.composer.toPlainText() and pane.staged is not None


def test_clearing_the_draft_drops_the_staged_changes(qtbot, ws, dialogs):
    db, ids = ws
    ctx = make_ctx(db)
    pane = _ticket_pane(qtbot, ctx, ids["t2"])
    stored_priority = pane.priority.currentData()
    _expand(qtbot, pane, "/환불")
    assert pane.staged is not None and pane.priority.currentData() == "high"
    pane.composer.selectAll()
    qtbot.keyClick(pane.composer, Qt.Key.Key_Delete)  # the agent clears the composer
    assert pane.staged is None and not pane.pending_label.isVisible()
    assert pane.status.currentData() == "new" and pane.tags.text() == "" and not pane.status.property("pending")
    _expand(qtbot, pane, "/끝")
    assert pane.status.currentData() == "solved"
    pane.discard_staged_button.click()  # Undo: the text stays, the changes go
    assert pane.staged is None and pane.status.currentData() == "new" and "감사합니다" in pane.composer.toPlainText()
    pane.composer.clear()
    pane.composer.insertPlainText("확인 후 다시 연락드리겠습니다.")
    with qtbot.waitSignal(pane.messageSent, timeout=5000):
        pane.send()
    settle(ctx.runner)
    with db.session() as s:
        t = tickets.resolve_ticket(s, ids["t2"])
        assert t.priority == stored_priority and t.tags_text == "" and t.status != "pending"
        assert s.scalars(select(FollowUp)).all() == []


def test_switching_tickets_keeps_the_staged_changes_with_the_draft(qtbot, ws, dialogs):
    """The changes belong to the draft (issue 12): another ticket does not show them, and
    coming back brings the draft back with them, still pending, still unwritten."""
    db, ids = ws
    ctx = make_ctx(db)
    pane = _ticket_pane(qtbot, ctx, ids["t2"])
    _expand(qtbot, pane, "/끝")
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        pane.show_ticket(str(ids["t1"]))
    assert pane.staged is None and not pane.pending_label.isVisible()
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        pane.show_ticket(str(ids["t2"]))
    assert pane.composer.toPlainText() == "문의해 주셔서 감사합니다."
    assert pane.staged is not None and pane.staged.status == "solved" and pane.status.currentData() == "solved"
    assert pane.status.property("pending") is True and pane.pending_label.isVisible()
    settle(ctx.runner)
    with db.session() as s:
        assert tickets.resolve_ticket(s, ids["t2"]).status == "new"


def test_follow_up_is_created_on_send_only(qtbot, ws, dialogs):
    db, ids = ws
    ctx = make_ctx(db)
    pane = _ticket_pane(qtbot, ctx, ids["t2"])
    _expand(qtbot, pane, "/환불")
    settle(ctx.runner)
    with db.session() as s:
        assert s.scalars(select(FollowUp)).all() == []
    sent_at = utcnow()
    with qtbot.waitSignal(pane.messageSent, timeout=5000):
        pane.send()
    settle(ctx.runner)
    with db.session() as s:
        fu = s.scalars(select(FollowUp)).one()
        # Due a day after the send (not after the insert), within working hours.
        assert abs(fu.due_at - followups.next_working_time(sent_at + timedelta(hours=24))) < timedelta(minutes=1)


def test_agent_edit_of_a_staged_field_stays_staged(qtbot, ws, dialogs):
    db, ids = ws
    ctx = make_ctx(db)
    pane = _ticket_pane(qtbot, ctx, ids["t2"])
    _expand(qtbot, pane, "/끝")
    pane.status.setCurrentIndex(pane.status.findData("pending"))  # the agent changes their mind
    pane.priority.setCurrentIndex(pane.priority.findData("low"))  # not staged: written now, as always
    settle(ctx.runner)
    with db.session() as s:
        t = tickets.resolve_ticket(s, ids["t2"])
        assert (t.status, t.priority) == ("new", "low")
    assert pane.staged.status == "pending" and pane.status.property("pending") is True
    assert not pane.priority.property("pending")
    with qtbot.waitSignal(pane.messageSent, timeout=5000):
        pane.send()
    settle(ctx.runner)
    with db.session() as s:
        assert tickets.resolve_ticket(s, ids["t2"]).status == "pending"


@pytest.mark.parametrize("status", ["pending", "solved"])
def test_send_and_set_status_from_the_send_menu(qtbot, ws, status):
    db, ids = ws
    ctx = make_ctx(db)
    pane = _ticket_pane(qtbot, ctx, ids["t2"])
    pane.composer.insertPlainText("처리했습니다.")
    with qtbot.waitSignal(pane.messageSent, timeout=5000):
        pane.send_as_actions[status].trigger()
    settle(ctx.runner)
    with db.session() as s:
        t = tickets.resolve_ticket(s, ids["t2"])
        assert t.status == status
        assert s.scalars(select(Message).where(Message.ticket_id == t.id, Message.body == "처리했습니다.")).one()


# --- the service, on both databases ------------------------------------------------------------
@pytest.fixture
def seeded_any(any_db):
    return any_db, seed_small(any_db)


def test_send_with_changes_is_one_transaction(seeded_any):
    db, ids = seeded_any
    staged = tp.StagedChanges().with_macro({"status": "pending", "add_tags": ["환불"],
                                            "follow_up": {"in_days": 1, "title": "확인"}})
    with db.session() as s:
        me = current_agent(s)
        sent = tp.send_with_changes(s, ids["t2"], me, "확인했습니다.", "reply", staged)
    assert [c.field for c in sent.changes] == ["status", "tags", "follow_up"]
    with db.session() as s:
        t = tickets.resolve_ticket(s, ids["t2"])
        assert (t.status, t.tags_text) == ("pending", "환불") and s.scalars(select(FollowUp)).one().title == "확인"
    # A refused change (no such agent to assign to): nothing of the send is written.
    bad = tp.StagedChanges(assignee="no.such.agent", add_tags=frozenset({"x"}))
    with pytest.raises(InvalidValue), db.session() as s:
        tp.send_with_changes(s, ids["t2"], current_agent(s), "두 번째", "reply", bad)
    with db.session() as s:
        assert s.scalars(select(Message).where(Message.body == "두 번째")).all() == []
        assert tickets.resolve_ticket(s, ids["t2"]).tags_text == "환불"


def test_staged_changes_combine_in_order():
    staged = (tp.StagedChanges().with_macro({"status": "pending", "add_tags": ["A b", "c"]})
              .with_macro({"status": "solved", "remove_tags": ["c"]}))
    assert staged.status == "solved" and staged.tags_after(["c", "d"]) == ["a-b", "d"]
    assert tp.StagedChanges().empty and not staged.empty


def test_send_with_changes_in_a_team_workspace_reaches_the_server(pg_db, tmp_path):
    """On a team replica the one send is one captured transaction: the reply, the fields,
    the tags and the follow-up all reach the server (sync/capture.py)."""
    from agentdesk.sync import capture
    from agentdesk.sync import protocol as p
    from tests.test_sync_support import client, close, replica

    ids = seed_small(pg_db)
    rep = replica(tmp_path, "a", "kim.minji")
    c = client(rep, pg_db)
    try:
        capture.install(rep.db, "kim.minji")
        staged = tp.StagedChanges().with_macro({"status": "pending", "add_tags": ["환불"],
                                                "follow_up": {"in_hours": 24, "title": "환불 확인"}})
        with rep.db.session() as s:
            tp.send_with_changes(s, ids["t2"], current_agent(s, "kim.minji"), "환불 접수했습니다.", "reply", staged)
        kinds = {e.op for e in rep.outbox()}
        assert {p.MESSAGE_INSERT, p.TICKET_UPDATE, p.TAG_ADD, p.FOLLOW_UP_INSERT} <= kinds
        pushed, _pulled = c.sync_once()
        assert pushed.error == "" and pushed.rejected == 0, c.status().last_error
        with pg_db.session() as s:
            d = tickets.get_detail(s, ids["t2"])
            assert (d.status, d.tags, d.messages[-1].body) == ("pending", ["환불"], "환불 접수했습니다.")
            assert s.scalars(select(FollowUp)).one().title == "환불 확인"
    finally:
        c.close()
        close(rep)
