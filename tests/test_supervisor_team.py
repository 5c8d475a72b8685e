"""The supervisor view on a team profile, end to end through the real team server: a
lead's window drags a ticket onto an agent, the reassignment goes through the outbox to
the server, and the agent's replica (their inbox) shows it after its pull; the wallboard
follows another agent's change as it arrives."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from agentdesk.models import Ticket
from agentdesk.services import tickets
from agentdesk.services.common import current_agent
from agentdesk.views import supervisor as sv
from tests.test_app_team import open_team_window
from tests.test_sync_support import client, close, replica


@pytest.fixture
def lead_team_window(qtbot, pg_db, tmp_path):
    with open_team_window(qtbot, pg_db, tmp_path, "park.lead") as w:
        yield w
        if w.supervisor is not None:
            w.supervisor.close()
            w.supervisor.deleteLater()  # made without a parent: see test_supervisor_view.lead_window


def _server_assignee(w, number):
    with w.server.engine.connect() as conn:
        return conn.execute(text("SELECT a.login FROM tickets t LEFT JOIN agents a ON a.id = t.assignee_id "
                                 "WHERE t.number = :n"), {"n": number}).scalar()


def test_a_lead_gives_a_ticket_to_an_agent_and_their_inbox_shows_it(qtbot, lead_team_window, tmp_path):
    w = lead_team_window
    qtbot.waitUntil(lambda: w.ctx.sync.listening, timeout=5000)
    sup = w.open_supervisor()
    pane = sup.wallboard
    qtbot.waitUntil(lambda: pane.board is not None and any(a.login == "lee.junho" for a in pane.agents_model.lines),
                    timeout=5000)
    number = w.ids["t2"]  # unassigned
    with w.ctx.db.session() as s:
        ticket_id = s.scalar(select(Ticket.id).where(Ticket.number == number))
    lee = next(i for i, a in enumerate(pane.agents_model.lines) if a.login == "lee.junho")
    qtbot.waitUntil(lambda: w.inbox.model.loaded() and w.inbox.model.row_of(ticket_id) >= 0, timeout=5000)
    mime = w.inbox.model.mimeData([w.inbox.model.index(w.inbox.model.row_of(ticket_id), 1)])
    pane.agents_model.dropMimeData(mime, sv.Qt.DropAction.MoveAction, -1, -1, pane.agents_model.index(lee, 0))
    qtbot.waitUntil(lambda: _server_assignee(w, number) == "lee.junho", timeout=8000)
    # 이준호's desk: after its pull, his inbox (my open) lists the ticket.
    other = replica(tmp_path, "lee", "lee.junho")
    co = client(other, w.server)
    assert co.pull_once() is not None
    with other.db.session() as s:
        me = current_agent(s, "lee.junho").id
        mine = tickets.fetch_page(s, tickets.TicketQuery(view="my_open"), me, 0, 50)
    assert number in [r.number for r in mine]
    # The wallboard shows his load after the round trip.
    qtbot.waitUntil(lambda: pane.agents_model.lines[lee].open_count >= 2, timeout=8000)
    co.close()
    close(other)


def test_the_wallboard_follows_another_agents_change(qtbot, lead_team_window, tmp_path):
    w = lead_team_window
    qtbot.waitUntil(lambda: w.ctx.sync.listening, timeout=5000)
    sup = w.open_supervisor()
    pane = sup.wallboard
    qtbot.waitUntil(lambda: pane.board is not None, timeout=5000)
    pending_before = pane.board.today.pending
    other = replica(tmp_path, "kim", "kim.minji")
    co = client(other, w.server)
    other.set_ticket_fields(w.ids["t1"], status="pending")
    co.push_once()
    qtbot.waitUntil(lambda: pane.board.today.pending == pending_before + 1, timeout=8000)
    assert "Last updated" in pane.updated.text() and not pane.offline.isVisible()
    co.close()
    close(other)
