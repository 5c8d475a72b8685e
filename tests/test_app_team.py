"""The window on a team profile: it reads the local replica, its writes go through the
outbox to the real PostgreSQL server at once, another agent's commit shows up live, and
the status bar tells the sync state."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import text

from agentdesk.services import tickets
from agentdesk.sync import protocol as p
from agentdesk.sync.engine import SyncClient
from agentdesk.sync.runner import Cycle
from agentdesk.sync.workspace import TeamWorkspace
from agentdesk.sync import capture
from agentdesk.profiles import Profile
from agentdesk.ui import app as appmod
from agentdesk.ui.kit.toasts import ToastStack
from tests.factories import seed_small
from tests.test_sync_support import client, close, live_http, replica


@contextmanager
def open_team_window(qtbot, pg_db, tmp_path, login: str = "kim.minji"):
    """The window of ``login``'s team profile on the seeded server, synced and showing the
    inbox; ``w.ids`` the seeded ids, ``w.server`` the server's database."""
    ids = seed_small(pg_db)
    rep = replica(tmp_path, "window", login)
    transport = live_http(pg_db, login)
    profile = Profile(name="team", server=transport.server, agent=login)
    team = TeamWorkspace(profile, rep.db, rep, capture.install(rep.db, login))
    c = SyncClient(rep, transport)
    assert c.sync_once()[1] is not None
    w = appmod.build_window(rep.db, appmod.load_agent(rep.db, login), appmod.settings(), team, c)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    with qtbot.waitSignals([w.inbox.countsUpdated, w.inbox.model.counted], timeout=5000):
        w.inbox.start("all")
    w.ids, w.server = ids, pg_db
    try:
        yield w
    finally:
        w.ctx.runner.wait()
        w.ctx.sync.stop()
        c.close()
        close(rep)


@pytest.fixture
def team_window(qtbot, pg_db, tmp_path):
    with open_team_window(qtbot, pg_db, tmp_path) as w:
        yield w


def test_the_status_bar_shows_live_sync_and_edits_reach_the_server(qtbot, team_window):
    w = team_window
    qtbot.waitUntil(lambda: w.ctx.sync.listening and "Live" in w.sync_label.text(), timeout=5000)
    assert "Team: team" in w.workspace_label.text()
    with qtbot.waitSignal(w.ticket.loaded, timeout=5000):
        w.open_ticket(str(w.ids["t2"]))
    w.set_status("pending")

    def on_server():
        with w.server.engine.connect() as c:
            return c.execute(text("SELECT status FROM tickets WHERE number = :n"), {"n": w.ids["t2"]}).scalar()

    qtbot.waitUntil(lambda: on_server() == "pending", timeout=5000)
    qtbot.waitUntil(lambda: w.ctx.sync.team.replica.outbox() == [], timeout=5000)
    qtbot.waitUntil(lambda: "queued" not in w.sync_label.text(), timeout=5000)  # the next cycle's label


def test_another_agents_change_appears_in_the_open_ticket(qtbot, team_window, tmp_path):
    w = team_window
    qtbot.waitUntil(lambda: w.ctx.sync.listening, timeout=5000)
    with qtbot.waitSignal(w.ticket.loaded, timeout=5000):
        w.open_ticket(str(w.ids["t3"]))
    other = replica(tmp_path, "other", "lee.junho")
    co = client(other, w.server)
    other.add_message(w.ids["t3"], "이준호입니다. 고객님께 재설정 메일을 보냈습니다.", kind="note")
    other.set_ticket_fields(w.ids["t3"], priority="urgent")
    co.push_once()
    qtbot.waitUntil(lambda: w.ticket.detail.priority == "urgent"
                    and w.ticket.detail.messages[-1].body.startswith("이준호입니다"), timeout=3000)
    co.close()
    close(other)


def test_a_lost_write_is_shown_to_the_agent(qtbot, team_window):
    w = team_window
    status = w.ctx.sync.client.status()
    lost = {"agent_id": str(w.ctx.agent.id), "resolution": "kept_server", "field": "priority",
            "message": "#1001: priority had already been changed to low; your urgent was not applied"}
    won = {**lost, "agent_id": "someone-else", "message": "not mine"}
    w.ctx.sync.cycled.emit(Cycle(p.PushResult(pushed=2, applied=2, conflicts=[lost, won]), None, status, True))
    qtbot.waitUntil(lambda: len(ToastStack.of(w).toasts()) == 1, timeout=2000)
    toast = ToastStack.of(w).toasts()[0]
    assert "your urgent was not applied" in toast.body.text()


def test_a_merge_made_in_the_window_reaches_the_server_at_once(qtbot, team_window):
    from agentdesk.services.common import current_agent

    w = team_window
    qtbot.waitUntil(lambda: w.ctx.sync.listening, timeout=5000)
    src, dst = w.ids["t2"], w.ids["t1"]  # what the ticket pane's "Merge into…" runs
    w.ctx.runner.write(lambda s: tickets.merge_tickets(s, src, dst, current_agent(s, "kim.minji")))

    def merged_on_server():
        with w.server.engine.connect() as c:
            return c.execute(text("SELECT t.merged_into_id = d.id FROM tickets t, tickets d "
                                  "WHERE t.number = :s AND d.number = :d"), {"s": src, "d": dst}).scalar()

    qtbot.waitUntil(merged_on_server, timeout=5000)
    qtbot.waitUntil(lambda: w.ctx.sync.team.replica.outbox() == [], timeout=5000)
