"""On a phone ticket the composer offers a call log or a note, not a public reply the
service would refuse (real widgets, real SQLite)."""

from __future__ import annotations

from agentdesk.services import tickets
from tests.factories import seed_small
from tests.test_view_inbox_ticket import _ticket


def test_a_phone_ticket_offers_a_call_log_instead_of_a_reply(qtbot, sqlite_db):
    ids = seed_small(sqlite_db)  # t1 came in by phone, t2 by email
    _ctx, pane = _ticket(qtbot, sqlite_db)
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        pane.show_ticket(str(ids["t1"]))
    assert not pane.reply_mode.isEnabled()
    assert "no way to send a reply" in pane.reply_mode.toolTip()
    assert pane.mode() == "call_log" and pane.send_button.text() == "Log call"
    pane.start_reply()  # r: still no public reply here
    assert pane.mode() == "call_log"
    pane.composer.setPlainText("한도 500만 원 안내, 고객 확인함")
    with qtbot.waitSignal(pane.messageSent, timeout=5000):
        pane.send()
    assert pane.draft_state.text() == "Call logged"  # it said "Note added"
    with sqlite_db.session() as s:
        last = tickets.get_detail(s, ids["t1"]).messages[-1]
    assert (last.kind, last.body) == ("call_log", "한도 500만 원 안내, 고객 확인함")
    pane.note_mode.setChecked(True)
    assert pane.mode() == "note" and pane.send_button.text() == "Add note"
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        pane.show_ticket(str(ids["t2"]))  # email: replies go out again
    assert pane.reply_mode.isEnabled() and pane.reply_mode.toolTip() == ""
    pane.start_reply()
    assert pane.mode() == "reply" and pane.send_button.text() == "Send"


def test_a_call_log_reads_as_a_call_not_as_a_yellow_note(qapp):
    """Stored as an internal message, a call log was drawn as an internal note (yellow)."""
    import uuid
    from datetime import UTC, datetime

    from agentdesk.views.ticket import message_html

    row = tickets.MessageRow(id=uuid.uuid4(), ticket_number=1001, direction="internal", kind="call_log",
                             channel="phone", body="한도 안내 완료", author="김민지",
                             created_at=datetime(2026, 3, 18, 1, 0, tzinfo=UTC))
    shown = message_html(row, 1001)
    assert "#ede9fe" in shown and "Call log" in shown
    assert "#fef3c7" not in shown and "Internal note" not in shown
