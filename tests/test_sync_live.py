"""Live updates (sync/runner.py) through a real team server on a socket: a change committed
by one agent shows in another agent's replica through the server's pokes (PostgreSQL
NOTIFY, fanned out over a WebSocket), by polling when pokes are off, and a local write is
pushed at once. A server on another schema is left alone."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import select, text

from agentdesk.services import tickets
from agentdesk.services.common import current_agent
from agentdesk.sync import capture
from agentdesk.sync.runner import SyncRunner
from tests.factories import seed_small
from agentdesk.sync.engine import SyncClient
from tests.test_sync_support import T, close, live_http, replica


@pytest.fixture
def team(pg_db, tmp_path):
    ids = seed_small(pg_db)
    a, b = replica(tmp_path, "a", "kim.minji"), replica(tmp_path, "b", "lee.junho")
    ca, cb = SyncClient(a, live_http(pg_db, "kim.minji")), SyncClient(b, live_http(pg_db, "lee.junho"))
    assert ca.pull_once() is not None and cb.pull_once() is not None
    yield pg_db, ids, a, b, ca, cb
    ca.close()
    cb.close()
    close(a, b)


def _status(rep, number) -> str:
    with rep.engine.connect() as c:
        return c.execute(select(T["tickets"].c.status).where(T["tickets"].c.number == number)).scalar()


def _until(pred, timeout=5.0) -> float:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if pred():
            return time.monotonic() - start
        time.sleep(0.01)
    raise AssertionError(f"not within {timeout:.1f} s")


def _start(runner) -> threading.Thread:
    t = threading.Thread(target=runner.run, daemon=True)
    t.start()
    return t


@pytest.mark.parametrize("listen", [True, False])
def test_another_agents_commit_shows_up(team, listen):
    server, ids, a, b, ca, cb = team
    # With LISTEN the poll is an hour away: only the notification can bring the change.
    runner = SyncRunner(cb, listen=listen, poll_interval=3600 if listen else 0.3)
    thread = _start(runner)
    try:
        _until(lambda: runner.listening == listen or not listen)
        if listen:
            _until(lambda: runner.listening)
        time.sleep(0.2)  # the runner is waiting now
        a.set_ticket_fields(ids["t1"], status="pending")
        ca.push_once()
        took = _until(lambda: _status(b, ids["t1"]) == "pending")
        assert took < (1.0 if listen else 2.0)
        if listen:
            assert runner.notifications >= 1
    finally:
        runner.stop()
        thread.join(10)
        runner.close()


def test_a_local_write_is_pushed_at_once(team):
    server, ids, a, b, ca, cb = team
    runner = SyncRunner(ca, listen=True, poll_interval=3600)
    capture.install(a.db, "kim.minji", on_queued=runner.wake)
    thread = _start(runner)
    try:
        _until(lambda: runner.listening)
        with a.db.session() as s:
            tickets.add_message(s, ids["t2"], current_agent(s, "kim.minji"), "바로 보내집니다", kind="note")
        with server.engine.connect() as c:
            _until(lambda: c.execute(text("SELECT count(*) FROM messages WHERE body = '바로 보내집니다'")).scalar() == 1)
        _until(lambda: a.outbox() == [])  # and confirmed by the pull its own notification caused
    finally:
        runner.stop()
        thread.join(10)
        runner.close()


def test_a_server_on_another_schema_gets_nothing_and_the_agent_is_told(team):
    server, ids, a, b, ca, cb = team
    with server.engine.begin() as c:
        c.execute(text("UPDATE alembic_version SET version_num = 'ffff_from_the_future'"))
    a.set_ticket_fields(ids["t1"], priority="low")
    runner = SyncRunner(ca, listen=False)
    cycle = runner.cycle()
    runner.close()
    assert cycle.status.state == "incompatible" and "newer AgentDesk" in cycle.status.last_error
    assert cycle.status.queued == 1  # kept, nothing written across versions
    with server.engine.connect() as c:
        assert c.execute(text("SELECT priority FROM tickets WHERE number = :n"), {"n": ids["t1"]}).scalar() == "high"
    # An older server says what to do, too.
    with server.engine.begin() as c:
        c.execute(text("UPDATE alembic_version SET version_num = '0004'"))
    ca._failures, ca._retry_at = 0, 0.0
    pushed, _ = ca.sync_once()
    assert "admin init-server" in pushed.error and ca.status().state == "incompatible"
