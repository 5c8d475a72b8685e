"""A ticket popped out into its own window (issue 12, defect 14): the pop-out offers no
"Pop out" of its own, the same ticket in the main window and a pop-out shows one draft
(live, after the typing pause, without moving the cursor of the window not typed in), and
a macro's staged changes are kept with the draft: across ticket switches and restarts,
and dropped with it. Real SQLite workspace, real widgets (offscreen)."""

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut

from agentdesk.models import Draft
from agentdesk.services import drafts, tickets
from agentdesk.services import templates as tp
from agentdesk.services.common import current_agent
from agentdesk.services.templates import MacroChange, StagedChanges
from agentdesk.ui import app as appmod
from agentdesk.views.templates import MacroConfirmDialog, PromptsDialog
from agentdesk.views.ticket import TicketPane
from tests.factories import seed_small
from tests.test_view_templates import _ticket_pane
from tests.uihelpers import make_ctx, settle


@pytest.fixture
def window(qtbot, sqlite_db):
    ids = seed_small(sqlite_db)
    with sqlite_db.session() as s:
        tp.save_template(s, current_agent(s), title="종료", body="문의해 주셔서 감사합니다.", shortcut="/끝",
                         macro={"status": "solved", "add_tags": ["종료"],
                                "follow_up": {"in_days": 1, "title": "만족도 확인"}})
    w = appmod.build_window(sqlite_db, appmod.load_agent(sqlite_db, None), appmod.settings())
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    w.ids = ids
    yield w
    w.ctx.runner.wait()


@pytest.fixture
def dialogs(monkeypatch):
    monkeypatch.setattr(PromptsDialog, "ask", staticmethod(lambda parent, title, prompts: {}))
    monkeypatch.setattr(MacroConfirmDialog, "ask", staticmethod(lambda parent, title, changes, text: "apply"))


def _popped(qtbot, w, number):
    with qtbot.waitSignal(w.ticket.loaded, timeout=5000):
        w.open_ticket(str(number))
    w.pop_out_current()
    popped = w.popouts[-1]
    qtbot.waitUntil(lambda: popped.pane.detail is not None, timeout=5000)
    return popped


def _type(qtbot, pane, text):
    """Typed in the composer, then the typing pause passes (the draft is saved)."""
    pane.composer.setFocus()
    pane.composer.insertPlainText(text)
    qtbot.waitUntil(lambda: not pane._draft_timer.isActive(), timeout=3000)


# --- pop out inside a pop-out ------------------------------------------------------------------
def test_a_pop_out_offers_no_pop_out(qtbot, window):
    w = window
    popped = _popped(qtbot, w, w.ids["t1"])
    assert w.ticket.pop_out.isVisibleTo(w.ticket)
    assert not popped.pane.pop_out.isVisibleTo(popped.pane)
    with qtbot.assertNotEmitted(popped.pane.popOutRequested, wait=100):
        popped.pane._pop_out()  # the button's slot, should anything still call it
    # Ctrl+Shift+O in the pop-out: no shortcut of that window opens another one.
    keys = [sc.key() for sc in popped.findChildren(QShortcut)]
    assert QKeySequence("Ctrl+Shift+O") not in keys
    popped.activateWindow()
    qtbot.keyClick(popped.pane.composer, Qt.Key.Key_O,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len([p for p in w.popouts if p.isVisible()]) == 1


def test_popping_out_the_same_ticket_again_raises_its_window(qtbot, window):
    w = window
    popped = _popped(qtbot, w, w.ids["t1"])
    w.pop_out_current()
    assert w.popouts == [popped]


# --- one draft in two windows ------------------------------------------------------------------
def test_the_pop_out_opens_with_what_was_just_typed_in_the_main_window(qtbot, window):
    w = window
    with qtbot.waitSignal(w.ticket.loaded, timeout=5000):
        w.open_ticket(str(w.ids["t2"]))
    w.ticket.composer.setFocus()
    w.ticket.composer.insertPlainText("배송 조회 결과를")  # popped out before the typing pause ends
    w.pop_out_current()
    popped = w.popouts[-1]
    qtbot.waitUntil(lambda: popped.pane.detail is not None, timeout=5000)
    assert popped.pane.composer.toPlainText() == "배송 조회 결과를"


def test_typing_in_the_pop_out_shows_in_the_main_window_and_back(qtbot, window):
    w = window
    popped = _popped(qtbot, w, w.ids["t2"])
    main, other = w.ticket, popped.pane
    _type(qtbot, other, "택배사에 확인했습니다.")
    assert main.composer.toPlainText() == "택배사에 확인했습니다."
    assert "another window" in main.draft_state.text()
    # And back: the main window's cursor was at the start; typing there updates the pop-out,
    # whose own cursor (it has no focus now) goes to the end.
    cursor = main.composer.textCursor()
    cursor.setPosition(0)
    main.composer.setTextCursor(cursor)
    _type(qtbot, main, "네, ")
    assert other.composer.toPlainText() == "네, 택배사에 확인했습니다."
    assert main.composer.toPlainText() == "네, 택배사에 확인했습니다."
    assert main.composer.textCursor().position() == 3  # the typing window's cursor never moved
    settle(w.ctx.runner)
    with w.ctx.db.session() as s:
        assert drafts.load_draft(s, main.detail.id, w.ctx.agent.id) == ("네, 택배사에 확인했습니다.", "reply")


def test_the_window_being_typed_in_is_not_overwritten(qtbot, window):
    """While the agent types in one window (its pause not over), the other's save does not
    replace the text under their cursor; their own save follows and wins."""
    w = window
    popped = _popped(qtbot, w, w.ids["t2"])
    main, other = w.ticket, popped.pane
    main.composer.setFocus()
    main.composer.insertPlainText("지금 쓰는 중")
    assert main._draft_timer.isActive()
    other.composer.insertPlainText("다른 창")
    other._flush_draft()
    assert main.composer.toPlainText() == "지금 쓰는 중"
    qtbot.waitUntil(lambda: not main._draft_timer.isActive(), timeout=3000)
    assert other.composer.toPlainText() == "지금 쓰는 중"


def test_sending_from_one_window_empties_the_other(qtbot, window):
    w = window
    popped = _popped(qtbot, w, w.ids["t2"])
    main, other = w.ticket, popped.pane
    _type(qtbot, other, "확인 후 연락드리겠습니다.")
    assert main.composer.toPlainText() == "확인 후 연락드리겠습니다."
    with qtbot.waitSignal(other.messageSent, timeout=5000):
        other.send()
    assert main.composer.toPlainText() == "" and other.composer.toPlainText() == ""


def test_staged_changes_follow_the_draft_into_the_other_window(qtbot, window, dialogs):
    w = window
    popped = _popped(qtbot, w, w.ids["t2"])
    main, other = w.ticket, popped.pane
    qtbot.waitUntil(lambda: bool(other.templates.shortcuts), timeout=5000)
    other.composer.setFocus()
    other.composer.insertPlainText("/끝")
    with qtbot.waitSignal(other.templates.applied, timeout=5000):
        qtbot.keyClick(other.composer, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: not other._draft_timer.isActive(), timeout=3000)
    assert main.staged == other.staged and main.staged.status == "solved"
    assert main.status.currentData() == "solved" and main.pending_label.isVisible()


# --- staged changes kept with the draft ---------------------------------------------------------
@pytest.fixture
def ws(sqlite_db):
    ids = seed_small(sqlite_db)
    with sqlite_db.session() as s:
        tp.save_template(s, current_agent(s), title="종료", body="문의해 주셔서 감사합니다.", shortcut="/끝",
                         macro={"status": "solved", "add_tags": ["종료"],
                                "follow_up": {"in_days": 1, "title": "만족도 확인"}})
    return sqlite_db, ids


def _stage_end(qtbot, pane):
    pane.composer.setFocus()
    pane.composer.moveCursor(pane.composer.textCursor().MoveOperation.End)
    pane.composer.insertPlainText("\n/끝" if pane.composer.toPlainText() else "/끝")
    with qtbot.waitSignal(pane.templates.applied, timeout=5000):
        qtbot.keyClick(pane.composer, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: not pane._draft_timer.isActive(), timeout=3000)


def test_staged_changes_survive_a_restart_with_the_draft(qtbot, ws, dialogs):
    db, ids = ws
    ctx = make_ctx(db)
    pane = _ticket_pane(qtbot, ctx, ids["t2"])
    _stage_end(qtbot, pane)
    pending = pane.pending_label.text()
    assert "만족도 확인" in pending
    settle(ctx.runner)
    pane.close()
    ctx.runner.wait()
    # A restart: a new runner, change hook and pane; only the database is the same.
    ctx2 = make_ctx(db)
    again = _ticket_pane(qtbot, ctx2, ids["t2"])
    assert again.composer.toPlainText() == "문의해 주셔서 감사합니다."
    assert again.staged == pane.staged and again.status.currentData() == "solved"
    assert again.tags.text() == "종료" and again.tags.property("pending") is True
    assert again.pending_label.isVisible() and again.pending_label.text() == pending
    with qtbot.waitSignal(again.messageSent, timeout=5000):
        again.send()
    settle(ctx2.runner)
    with db.session() as s:
        assert s.get(Draft, (again.detail.id, ctx2.agent.id)) is None
        detail = tickets.get_detail(s, ids["t2"])
        assert detail.status == "solved" and "종료" in detail.tags
    ctx2.runner.wait()


def test_undo_and_clearing_the_draft_drop_the_kept_changes(qtbot, ws, dialogs):
    db, ids = ws
    ctx = make_ctx(db)
    pane = _ticket_pane(qtbot, ctx, ids["t2"])
    _stage_end(qtbot, pane)
    pane.discard_staged_button.click()  # Undo: the text stays, the changes go
    qtbot.waitUntil(lambda: not pane._draft_timer.isActive(), timeout=3000)
    settle(ctx.runner)
    with db.session() as s:
        state = drafts.load_draft_state(s, pane.detail.id, ctx.agent.id)
        assert state.body == "문의해 주셔서 감사합니다." and state.staged is None
    _stage_end(qtbot, pane)
    pane.composer.clear()  # the draft is gone: what it staged goes with it
    qtbot.waitUntil(lambda: not pane._draft_timer.isActive(), timeout=3000)
    settle(ctx.runner)
    with db.session() as s:
        assert drafts.load_draft_state(s, pane.detail.id, ctx.agent.id) is None
    ctx.runner.wait()


# --- the service (SQLite and PostgreSQL) -----------------------------------------------------------
def test_a_draft_keeps_its_staged_changes(any_db):
    ids = seed_small(any_db)
    due = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    staged = (StagedChanges().with_macro({"status": "pending", "priority": "high", "assignee": "lee.junho",
                                          "add_tags": ["환불"], "remove_tags": ["배송"]})
              .with_macro({"follow_up": {"at_prompt": "when", "title": "회신"}}, {"when": due, "amount": 89000}))
    pending = (MacroChange("follow_up", None, "회신", due_at=due),)
    with any_db.session() as s:
        tid = tickets.resolve_ticket(s, ids["t2"]).id
        me = current_agent(s).id
        drafts.save_draft(s, tid, me, "환불 접수했습니다.", "reply", staged, pending)
    with any_db.session() as s:
        state = drafts.load_draft_state(s, tid, me)
        assert state.body == "환불 접수했습니다." and state.mode == "reply"
        assert state.staged == staged and state.pending == pending
        assert drafts.load_draft(s, tid, me) == ("환불 접수했습니다.", "reply")
        drafts.save_draft(s, tid, me, "", "reply", staged, pending)  # emptied: dropped with its changes
    with any_db.session() as s:
        assert drafts.load_draft_state(s, tid, me) is None


@pytest.mark.parametrize("damaged", [
    {"changes": {"status": "done"}},
    {"changes": {"follow_ups": [{"follow_up": {"title": "x"}}]}},
    {"changes": "status=solved"},
    [1, 2],
])
def test_a_damaged_staged_row_drops_the_changes_not_the_text(sqlite_db, damaged):
    ids = seed_small(sqlite_db)
    with sqlite_db.session() as s:
        tid, me = tickets.resolve_ticket(s, ids["t2"]).id, current_agent(s).id
        s.add(Draft(ticket_id=tid, agent_id=me, body="쓰던 답장", mode="note", staged=damaged))
    with sqlite_db.session() as s:
        state = drafts.load_draft_state(s, tid, me)
        assert state.body == "쓰던 답장" and state.mode == "note" and state.staged is None and state.pending == ()


def test_a_pop_out_pane_is_a_ticket_pane_without_pop_out(qtbot, ctx):
    pane = TicketPane(ctx, can_pop_out=False)
    qtbot.addWidget(pane)
    assert not pane.pop_out.isVisibleTo(pane)
