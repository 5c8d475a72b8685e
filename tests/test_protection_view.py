"""Agent protection in the window (issue 13), real widgets offscreen on a real SQLite
workspace: Ctrl+Alt+1 on a chat ticket sends the first warning as a reply and records
the incident; on a phone ticket the script is shown to read out and kept as a call log;
Ctrl+Alt+3 ends the contact with the reason asked (solved, tagged, nothing deleted) and
offers the protective break, which the status control shows; a lead's window gets an alert
for each new incident of the team, once; the status control lists the new states."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from agentdesk import protection_rules as pr
from agentdesk.models import Agent, Message, ProtectionIncident, Ticket
from agentdesk.services import protection, tickets
from agentdesk.services.common import current_agent
from agentdesk.ui import app as appmod
from agentdesk.ui.kit.toasts import ToastStack
from agentdesk.views.protection import ProtectionActions
from tests.factories import seed_small
from tests.uihelpers import settle

CTRL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


def _window(qtbot, db, login=None):
    w = appmod.build_window(db, appmod.load_agent(db, login), appmod.settings())
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    with qtbot.waitSignals([w.inbox.countsUpdated, w.inbox.model.counted], timeout=5000):
        w.inbox.start("all")
    return w


@pytest.fixture
def window(qtbot, sqlite_db):
    ids = seed_small(sqlite_db)
    w = _window(qtbot, sqlite_db)
    w.ids = ids
    yield w
    w.ctx.runner.wait()


def _open(qtbot, w, number):
    with qtbot.waitSignal(w.ticket.loaded, timeout=5000):
        w.open_ticket(str(number))
    settle(w.ctx.runner)


def _incidents(db):
    with db.session() as s:
        return [(i.kind, i.reason, i.message_id) for i in s.scalars(select(ProtectionIncident)
                                                                    .order_by(ProtectionIncident.created_at))]


def test_ctrl_alt_1_on_a_chat_sends_the_first_warning_as_a_reply_and_records_it(qtbot, window):
    w = window
    _open(qtbot, w, w.ids["t3"])  # chat, Emily Clark (English)
    w.ticket.composer.setFocus()
    qtbot.keyClicks(w.ticket.composer, "draft stays")
    with qtbot.waitSignal(w.ticket.protection.recorded, timeout=5000) as rec:
        qtbot.keyClick(w.ticket.composer, Qt.Key.Key_1, CTRL_ALT)
    assert rec.args[0].kind == "warning_1"
    settle(w.ctx.runner)
    [(kind, _reason, message_id)] = _incidents(w.ctx.db)
    with w.ctx.db.session() as s:
        m = s.get(Message, message_id)
        assert (m.kind, m.direction, m.body) == ("reply", "outbound", pr.DEFAULT_SCRIPTS[(1, "en")])
    assert w.ticket.composer.toPlainText() == "draft stays"  # the agent's own draft is untouched
    assert any(m.body == pr.DEFAULT_SCRIPTS[(1, "en")] for m in w.ticket.detail.messages)  # the timeline shows it


def test_on_a_phone_ticket_the_script_is_shown_to_read_out_and_logged(qtbot, window):
    w = window
    _open(qtbot, w, w.ids["t1"])  # phone, Korean
    with qtbot.waitSignal(w.ticket.protection.recorded, timeout=5000):
        w.ticket.protection.actions["warning_2"].trigger()
    read_out = [t for t in ToastStack.of(w).toasts() if t.property("readOut")]
    assert len(read_out) == 1 and "제41조" in read_out[0].body.text()
    [(kind, _reason, message_id)] = _incidents(w.ctx.db)
    with w.ctx.db.session() as s:
        assert kind == "warning_2" and s.get(Message, message_id).kind == "call_log"


def test_ending_a_contact_asks_the_reason_solves_tags_and_offers_the_break(qtbot, window, monkeypatch):
    w = window
    asked = []
    monkeypatch.setattr(ProtectionActions, "ask_reason", staticmethod(lambda parent: asked.append("reason") or
                                                                      "두 차례 경고 후에도 욕설 지속"))
    monkeypatch.setattr(ProtectionActions, "ask_break", staticmethod(lambda parent: asked.append("break") or True))
    _open(qtbot, w, w.ids["t2"])
    with w.ctx.db.session() as s:
        before = s.scalar(select(Ticket.message_count).where(Ticket.number == w.ids["t2"]))
    with qtbot.waitSignals([w.ticket.protection.recorded] * 2, timeout=5000, order="strict"):
        qtbot.keyClick(w.ticket.timeline, Qt.Key.Key_3, CTRL_ALT)
    settle(w.ctx.runner)
    assert asked == ["reason", "break"]
    assert [(k, r) for k, r, _ in _incidents(w.ctx.db)] == [("ended", "두 차례 경고 후에도 욕설 지속"), ("break", "")]
    with w.ctx.db.session() as s:
        t = s.scalar(select(Ticket).where(Ticket.number == w.ids["t2"]))
        assert t.status == "solved" and pr.ABUSE_TAG in t.tags_text.split() and t.message_count == before
        assert s.scalar(select(Agent.status).where(Agent.login == "kim.minji")) == "break"
    assert w.agent_status.currentData() == "break"  # the status control follows
    settle(w.ctx.runner)
    with w.ctx.db.session() as s:  # shown, not written a second time
        assert s.scalar(select(Agent.status).where(Agent.login == "kim.minji")) == "break"


def test_cancelling_the_reason_ends_nothing(qtbot, window, monkeypatch):
    w = window
    monkeypatch.setattr(ProtectionActions, "ask_reason", staticmethod(lambda parent: None))
    _open(qtbot, w, w.ids["t2"])
    w.ticket.protection.actions["end"].trigger()
    settle(w.ctx.runner)
    assert _incidents(w.ctx.db) == []


def test_a_leads_window_is_alerted_of_each_new_incident_of_the_team_once(qtbot, sqlite_db):
    ids = seed_small(sqlite_db)
    lead = _window(qtbot, sqlite_db, "park.lead")
    settle(lead.ctx.runner)
    with sqlite_db.session() as s:
        ticket = tickets.resolve_ticket(s, ids["t2"]).id
        protection.end_contact(s, current_agent(s, "kim.minji"), ticket, "반복된 욕설 (카드 4111 1111 1111 1111)")
    with qtbot.waitSignal(lead.protection_alerts.alertShown, timeout=5000) as shown:
        lead.protection_alerts.check_now()
    assert shown.args[0].kind == "ended" and shown.args[0].agent_name == "김민지"
    [toast] = [t for t in ToastStack.of(lead).toasts() if t.property("incidentId")]
    text = f"{toast.title.text()} {toast.body.text()}"
    assert "김민지" in text and "4111 1111 1111 1111" not in text  # PII masked
    settle(lead.ctx.runner)
    lead.protection_alerts.check_now()
    settle(lead.ctx.runner)
    assert len([t for t in ToastStack.of(lead).toasts() if t.property("incidentId")]) == 1  # once
    with sqlite_db.session() as s:
        assert s.scalar(select(ProtectionIncident.notified_at)) is not None
    # An agent's window has no alerts to show.
    agent = _window(qtbot, sqlite_db, "lee.junho")
    assert not agent.protection_alerts.enabled
    lead.ctx.runner.wait()
    agent.ctx.runner.wait()


def test_the_status_control_lists_the_states_leads_know(qtbot, window):
    w = window
    assert [w.agent_status.itemData(i) for i in range(w.agent_status.count())] == \
        ["available", "after_contact_work", "break", "training", "offline"]


def test_on_the_embedded_workspace_a_reply_being_written_is_on_a_contact(qtbot, window):
    from agentdesk.agent_states import effective_state

    w = window
    _open(qtbot, w, w.ids["t2"])
    assert effective_state(w.ctx.agent.status, w.ticket.is_replying()) == "available"
    w.ticket.start_reply()
    w.ticket.composer.insertPlainText("확인해 보겠습니다")  # (QTest types Latin-1 only)
    assert effective_state(w.ctx.agent.status, w.ticket.is_replying()) == "on_contact"
    w.ticket.start_note()  # an internal note is not a contact with the customer
    assert effective_state(w.ctx.agent.status, w.ticket.is_replying()) == "available"
