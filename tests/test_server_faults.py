"""The team server's own faults, with real `agentdesk server` processes
(tests/fault_support.py ServerProcess: ``python -m agentdesk server`` on a port of its
own, AGENTDESK_HOME in the test's tmp dir, killed in ``finally``):

- the server SIGKILLed in the middle of applying a desk's batch, and started again:
  the desk retries, every mutation is on the server exactly once, the outbox empties;
- two server processes on one database: a change pushed through one pokes, within a
  second, a desk connected to the other (each process LISTENs on its own);
- PostgreSQL restarted under a running server (a PostgreSQL of the test's own): /health
  answers 503 while the database is down and 200 after, the desk's pushes fail as
  transient (queued, nothing lost) and succeed after, and the pokes come back (the
  server's LISTEN reconnects).
"""

from __future__ import annotations

import json
import threading
import time

import pytest
from sqlalchemy import func, select

from agentdesk.server.feed import read_clock
from agentdesk.server.security import SERVER_ROLE
from agentdesk.sync import protocol as p
from agentdesk.sync.engine import SyncClient
from agentdesk.sync.transport import PokeListener
from tests.factories import seed_small
from tests.fault_support import ServerProcess, desk_transport, fault_database, secure
from tests.test_sync_support import T, agent_id, agent_message, close, dump, replica

pytestmark = pytest.mark.slow


def _desk(tmp_path, name: str, login: str, srv: ServerProcess, db) -> SyncClient:
    """A desk signed in to ``srv``, after its first (full) pull."""
    c = SyncClient(replica(tmp_path, name, login), desk_transport(srv, db, login))
    first = c.pull_once()
    assert first is not None and first.full, c.status().last_error
    return c


def _until(pred, timeout: float, what: str, step: float = 0.02) -> float:
    start = time.monotonic()
    while not pred():
        if time.monotonic() - start > timeout:
            raise AssertionError(f"{what}: not within {timeout:.0f} s")
        time.sleep(step)
    return time.monotonic() - start


def _heal(c: SyncClient, timeout: float = 60.0) -> int:
    """Syncs as a desk does (after each failure, waits out the backoff) until nothing is
    queued; returns the failed attempts."""
    failures = 0
    deadline = time.monotonic() + timeout
    while True:
        pushed, pulled = c.sync_once()
        if pushed.error == "" and pulled is not None and not c.replica.outbox():
            return failures
        failures += 1
        assert time.monotonic() < deadline, f"the desk did not heal: {c.status().last_error}"
        time.sleep(min(c.next_attempt_in(), 2.0) or 0.1)


def _count(db, table: str, *where) -> int:
    with db.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(T[table]).where(*where)).scalar()


def _bodies(db, prefix: str) -> list[str]:
    with db.engine.connect() as conn:
        return list(conn.scalars(select(T["messages"].c.body).where(T["messages"].c.body.like(prefix + "%"))))


def _message_counts_right(db) -> None:
    msgs, tickets = T["messages"], T["tickets"]
    with db.engine.connect() as conn:
        counts = dict(conn.execute(select(msgs.c.ticket_id, func.count()).group_by(msgs.c.ticket_id)).all())
        for tid, number, count in conn.execute(select(tickets.c.id, tickets.c.number, tickets.c.message_count)):
            assert count == counts.get(tid, 0), f"#{number}: message_count {count}, messages {counts.get(tid, 0)}"


def _listening(db, n: int) -> bool:
    """Whether ``n`` server connections are LISTENing on the database (the pokes' feed)."""
    with db.engine.connect() as conn:
        return conn.exec_driver_sql(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND usename = %(r)s "
            "AND query = %(q)s", {"r": SERVER_ROLE, "q": f"LISTEN {p.NOTIFY_CHANNEL}"}).scalar() == n


# --- the server killed mid-push ------------------------------------------------------------------
BATCH = 300


def test_a_server_killed_mid_push_loses_nothing_and_applies_nothing_twice(pg_db, tmp_path):
    ids = seed_small(pg_db)
    secure(pg_db)
    with ServerProcess(pg_db, tmp_path / "server") as srv:
        srv.start()
        c = _desk(tmp_path, "desk", "kim.minji", srv, pg_db)
        rep = c.replica
        numbers = (ids["t1"], ids["t2"], ids["t3"])
        for k in range(BATCH):
            if k % 10 == 9:
                rep.add_tag(numbers[k % 3], f"batch-tag-{k}")
            else:
                agent_message(rep, numbers[k % 3], f"mid-push message {k}", kind="note" if k % 2 else "reply")
        queued = [str(e.mutation_id) for e in rep.outbox()]
        assert len(queued) == BATCH
        acks: dict[str, list] = {}
        real_ack = rep.acknowledge

        def acknowledge(entry, result):
            acks.setdefault(str(entry.mutation_id), []).append((result.get("status"), result.get("version")))
            real_ack(entry, result)

        rep.acknowledge = acknowledge
        client_id = c.client_id
        mine = T["sync_mutations"].c.client_id == client_id

        # The push (its first request carries 200 mutations) runs; once the server has
        # committed some of them, SIGKILL.
        result = []
        pusher = threading.Thread(target=lambda: result.append(c.push_once()))
        pusher.start()
        _until(lambda: _count(pg_db, "sync_mutations", mine) >= 40, 60, "the server applying the batch", 0.005)
        srv.kill()
        pusher.join(30)
        assert not pusher.is_alive()
        at_kill = _count(pg_db, "sync_mutations", mine)
        print(f"\n[faults] SIGKILL after {at_kill} of the batch's {BATCH} mutations were committed")
        # Killed in the middle of the first request: part committed, no answer for any.
        assert 40 <= at_kill < 200, at_kill
        [pushed] = result
        assert pushed.error and pushed.pushed == 0, pushed
        status = c.status()
        assert status.state == "offline" and status.queued == BATCH, status  # transient: all still queued
        assert acks == {}

        # The server comes back (a new process, same port); the desk retries.
        t = time.monotonic()
        srv.start()
        failures = _heal(c)
        print(f"[faults] server back and the desk healed in {time.monotonic() - t:.1f}s ({failures} failed attempts)")

        # Every mutation once, with the version the desk was told; nothing else.
        sm = T["sync_mutations"]
        with pg_db.engine.connect() as conn:
            stored = {str(m): (v, r.get("status")) for m, v, r in conn.execute(select(sm.c.mutation_id, sm.c.version,
                                                                                     sm.c.result).where(mine))}
        assert sorted(stored) == sorted(queued)
        assert sorted(acks) == sorted(queued) and all(len(a) == 1 for a in acks.values())
        assert {m: a[0] for m, a in acks.items()} == {m: (s, v) for m, (v, s) in stored.items()}
        assert all(s == "applied" for _, s in stored.values())
        bodies = _bodies(pg_db, "mid-push message ")
        expected = [f"mid-push message {k}" for k in range(BATCH) if k % 10 != 9]
        assert sorted(bodies) == sorted(expected)  # each exactly once
        assert _count(pg_db, "ticket_tags", T["ticket_tags"].c.tag.like("batch-tag-%")) == BATCH // 10
        _message_counts_right(pg_db)
        assert rep.outbox() == []
        me = agent_id(pg_db, "kim.minji")
        assert dump(rep.db, where_agent=me) == dump(pg_db, where_agent=me)
        with pg_db.engine.connect() as conn:
            assert rep.cursor()[1] == read_clock(conn)[0]
        c.close()
        close(rep)


# --- two server processes, one database -------------------------------------------------------
def test_a_change_through_one_server_pokes_a_desk_on_another(pg_db, tmp_path):
    ids = seed_small(pg_db)
    secure(pg_db)
    servers = [ServerProcess(pg_db, tmp_path / "servers", name=name) for name in ("A", "B")]
    desks: list[SyncClient] = []
    listeners: list[PokeListener] = []
    try:
        for srv in servers:
            srv.start()
        desks = [_desk(tmp_path, "a", "kim.minji", servers[0], pg_db), _desk(tmp_path, "b", "lee.junho", servers[1], pg_db)]
        poked = [threading.Event(), threading.Event()]
        listeners = [PokeListener(c.transport, poked[k].set).start() for k, c in enumerate(desks)]
        _until(lambda: all(x.connected for x in listeners), 10, "the desks' pokes WebSockets")
        _until(lambda: _listening(pg_db, 2), 10, "both servers LISTENing")
        for writer, reader in ((0, 1), (1, 0)):
            body = f"through server {'AB'[writer]}, seen on {'AB'[reader]}"
            desks[writer].replica.add_note(ids["t1"], body)
            time.sleep(0.1)  # pokes of the desks' own connects are over
            poked[reader].clear()
            before = listeners[reader].pokes
            t0 = time.monotonic()
            assert desks[writer].push_once().error == ""
            assert poked[reader].wait(5.0), f"desk on {'AB'[reader]} never poked"
            took = time.monotonic() - t0
            print(f"\n[faults] pushed through {'AB'[writer]}: the desk on {'AB'[reader]} poked {took * 1000:.0f} ms "
                  "after the push started")
            assert listeners[reader].pokes > before
            assert took < 1.0
            pulled = desks[reader].pull_once()
            assert pulled is not None and _messages_with(desks[reader], body) == 1
    finally:
        for x in listeners:
            x.stop()
        for c in desks:
            c.close()
            close(c.replica)
        for srv in servers:
            srv.close()


def _messages_with(c: SyncClient, body: str) -> int:
    """How many messages with ``body`` the desk's replica has."""
    with c.replica.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(T["messages"]).where(T["messages"].c.body == body)).scalar()


# --- PostgreSQL restarted under a running server -------------------------------------------------
class _PokeLog:
    """The raw pokes a desk's WebSocket receives ({"v", "live"}), with their times."""

    def __init__(self, transport):
        self.ws = transport.open_pokes().__enter__()  # closed by close()
        self.messages: list[tuple[float, dict]] = []
        self.closed = False
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        try:
            for text in self.ws:
                self.messages.append((time.monotonic(), json.loads(text)))
        except Exception:  # noqa: BLE001 - closed
            pass
        self.closed = True

    def since(self, t: float) -> list[dict]:
        return [m for at, m in list(self.messages) if at >= t]

    def close(self) -> None:
        try:
            self.ws.close()
        except Exception:  # noqa: BLE001
            pass


def test_postgresql_restarted_under_a_running_server(tmp_path):
    with fault_database(need_stop=True) as (db, pg):
        ids = seed_small(db)
        secure(db)
        srv = ServerProcess(db, tmp_path / "server")
        desks: list[SyncClient] = []
        listener = pokes = late = None
        try:
            srv.start()
            desks = [_desk(tmp_path, "a", "kim.minji", srv, db), _desk(tmp_path, "b", "lee.junho", srv, db)]
            a, b = desks
            poked = threading.Event()
            listener = PokeListener(a.transport, poked.set).start()
            pokes = _PokeLog(a.transport)
            _until(lambda: listener.connected and _listening(db, 1), 10, "pokes and LISTEN")
            _until(lambda: any(m["live"] for m in pokes.since(0)), 10, "a live poke")

            # --- down -----------------------------------------------------------------------
            t_down = time.monotonic()
            pg.stop()
            assert srv.health() == 503
            # The server noticed its LISTEN is gone and told the desk (live: false).
            _until(lambda: any(not m["live"] for m in pokes.since(t_down)), 10, "a poke saying LISTEN is lost")
            a.replica.add_note(ids["t1"], "written while the database is down")
            [entry] = a.replica.outbox()
            pushed = a.push_once()
            status = a.status()
            assert pushed.error and pushed.pushed == 0 and status.state == "offline", (pushed, status)
            assert "could not answer" in status.last_error and a.next_attempt_in() > 0, status
            assert [e.mutation_id for e in a.replica.outbox(pending_only=True)] == [entry.mutation_id]
            assert a.replica.outbox()[0].attempts == 1
            assert a.pull_once() is None and a.status().state == "offline"
            # A desk that opens its pokes WebSocket now is refused (the server cannot
            # check its token) and keeps trying.
            late = PokeListener(b.transport, lambda: None).start()
            time.sleep(1.0)  # down a while: the LISTEN's (and the late desk's) reconnects fail and back off
            assert not late.connected
            assert srv.health() == 503 and srv.proc.poll() is None

            # --- up again ---------------------------------------------------------------------
            t_up = time.monotonic()
            pg.start()
            healthy = _until(lambda: srv.health() == 200, 30, "/health 200 after the restart")
            a.retry_now()
            pushed, pulled = a.sync_once()
            assert pushed.error == "" and pushed.applied == 1 and pulled is not None, a.status().last_error
            assert a.replica.outbox() == [] and a.status().state == "online"
            assert _count(db, "messages", T["messages"].c.body == "written while the database is down") == 1
            assert _count(db, "sync_mutations", T["sync_mutations"].c.mutation_id == entry.mutation_id) == 1
            # LISTEN is back (PokeHub.run reconnected): a live poke to everyone, then a
            # change through the server pokes the desk with its version.
            relisten = _until(lambda: _listening(db, 1) and any(m["live"] for m in pokes.since(t_up)), 60,
                              "LISTEN back")
            print(f"\n[faults] PostgreSQL down {t_up - t_down:.1f}s; /health 200 {healthy:.1f}s after the start, "
                  f"LISTEN back after {relisten:.1f}s")
            assert not pokes.closed  # the WebSocket itself never needed the database
            _until(lambda: late.connected, 30, "the late desk's pokes WebSocket")
            time.sleep(0.1)
            poked.clear()
            t_change = time.monotonic()
            b.replica.add_note(ids["t1"], "after the restart")
            assert b.push_once().error == ""
            assert poked.wait(5.0), "no poke after the restart"
            with db.engine.connect() as conn:
                v = read_clock(conn)[0]
            _until(lambda: any(m["v"] >= v and m["live"] for m in pokes.since(t_change)), 5, "a poke of the change")
            assert listener.connected
            assert a.pull_once() is not None and _messages_with(a, "after the restart") == 1
            _message_counts_right(db)
            # Every failure was answered (503s, the pokes' handshakes refused with 503),
            # none crashed a handler.
            log = srv.log.read_text(encoding="utf-8", errors="replace")
            assert "Traceback" not in log, log[-6000:]
        finally:
            if pokes is not None:
                pokes.close()
            for x in (listener, late):
                if x is not None:
                    x.stop()
            for c in desks:
                c.close()
                close(c.replica)
            srv.close()


# --- a database failure in the middle of a streamed pull -----------------------------------------
def test_a_database_failure_mid_pull_ends_the_stream_and_the_desk_retries(pg_db, tmp_path, monkeypatch):
    """In-process (TestClient raises what the app did not handle): the server's
    database connection dies while the pull streams; the server should end the stream
    (without its ``end``) rather than fail with an unhandled error, and the desk sees a
    cut-off pull: transient, nothing applied, the next pull succeeds."""
    from agentdesk.server import feed
    from tests.test_sync_support import team_server

    seed_small(pg_db)
    srv = team_server(pg_db)
    c = SyncClient(replica(tmp_path, "a", "kim.minji"), srv.transport("kim.minji"))
    real = feed.read_changes

    def read_changes(conn, table, *args, **kw):
        if table == "messages":  # tickets are on the wire already: kill this snapshot's backend
            pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()
            with pg_db.engine.connect() as admin:
                admin.exec_driver_sql(f"SELECT pg_terminate_backend({int(pid)})")
                _until(lambda: not admin.exec_driver_sql(
                    f"SELECT 1 FROM pg_stat_activity WHERE pid = {int(pid)}").first(), 10, "the backend gone")
        return real(conn, table, *args, **kw)

    monkeypatch.setattr(feed, "read_changes", read_changes)
    try:
        assert c.pull_once() is None
        status = c.status()
        assert status.state == "offline" and "cut off" in status.last_error, status
        assert c.replica.cursor() == (None, -1)  # the cut window was not applied
        monkeypatch.setattr(feed, "read_changes", real)
        assert c.pull_once() is not None
    finally:
        close(c.replica)
