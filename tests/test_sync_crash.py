"""Issue 4, test 3: the client process dies at the worst moments (real subprocesses,
``os._exit`` at chosen points and SIGKILL at random ones); after a restart and a sync
nothing is lost and nothing is applied twice.

The desks talk to a real `agentdesk server` process over the test's database (the
server lives on when a desk dies, as in production), except in ``mid_push``: there the
desk's process holds the server app itself (tests/test_sync_support.py TeamServer) so
that it can die inside the server's apply loop, right after the server committed the
third mutation of the desk's batch and before any answer was sent."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from agentdesk.models import utcnow
from agentdesk.sync.engine import SyncClient
from agentdesk.sync.transport import HttpTransport
from tests.factories import seed_small
from tests.fault_support import ServerProcess, child_env, mint_token, secure
from tests.test_sync_support import T, agent_id, agent_message, close, dump, replica

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import os, signal, sys
from agentdesk.db import open_database
from agentdesk.server import apply as srv
from agentdesk.sync.engine import LocalReplica, SyncClient
from agentdesk.sync.transport import HttpTransport

path, url, login, mode = sys.argv[1:5]
token = os.environ.pop("AGENTDESK_TEST_TOKEN")
rep = LocalReplica(open_database(f"sqlite:///{path}"), login)
if mode == "mid_push":
    # url: the database; the server app runs in this process (as its own role).
    from tests.test_sync_support import TeamServer
    team = TeamServer(open_database(url), secure_db=False)
    c = SyncClient(rep, team.transport(login, token=token))
    real, calls = srv.ServerApplier.apply_as, [0]
    def apply_as(self, *a, **k):
        result = real(self, *a, **k)  # the server has committed this one
        calls[0] += 1
        if calls[0] == 3:
            os._exit(9)  # ... and dies, with the desk, before answering the push
        return result
    srv.ServerApplier.apply_as = apply_as
    c.push_once()
    sys.exit(3)  # never reached
c = SyncClient(rep, HttpTransport(url, login, token=token))
if mode == "before_delete":
    c.push_once()  # every entry acknowledged, none deleted yet (that needs the pull)
    os._exit(9)
elif mode == "mid_pull":
    c.push_once()
    def on_rows(table, rows):
        if table == "messages":  # some rows applied inside the open local transaction
            os.kill(os.getpid(), signal.SIGKILL)
    c.on_rows = on_rows
    c.pull_once()
elif mode == "loop":
    k = int(sys.argv[5])
    numbers = [int(n) for n in sys.argv[6].split(",")]
    print("ready", flush=True)
    while True:
        k += 1
        n = numbers[k % len(numbers)]
        if k % 3 == 0:
            rep.add_tag(n, f"t{k % 7}")
        elif k % 3 == 1:
            rep.add_message(n, f"loop message {k}", kind="note")
        else:
            rep.set_ticket_fields(n, priority=["urgent", "high", "normal", "low"][k % 4])
        print("w", k, flush=True)  # written (committed locally)
        if k % 4 == 0:
            c.sync_once()
sys.exit(3)  # never reached
"""


@pytest.fixture
def team(pg_db, tmp_path):
    """(the database, seeded; its `agentdesk server` process)."""
    ids = seed_small(pg_db)
    secure(pg_db)
    with ServerProcess(pg_db, tmp_path / "server") as srv:
        srv.start()
        yield pg_db, ids, srv


def _desk(rep, srv: ServerProcess, db) -> SyncClient:
    return SyncClient(rep, HttpTransport(srv.url, rep.agent_login, token=mint_token(db, rep.agent_login)))


def _first_pull(rep, srv, db) -> SyncClient:
    c = _desk(rep, srv, db)
    first = c.pull_once()
    assert first is not None and first.full, c.status().last_error
    return c


def _child_args(path, url, mode, *extra) -> list[str]:
    return [sys.executable, "-c", CHILD, str(path), url, "kim.minji", mode, *map(str, extra)]


def _run_child(db, path, url, mode, *extra, timeout=60) -> subprocess.CompletedProcess:
    return subprocess.run(_child_args(path, url, mode, *extra), cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, env=child_env(AGENTDESK_TEST_TOKEN=mint_token(db, "kim.minji")))


def _url(db) -> str:
    return db.engine.url.render_as_string(hide_password=False)


def _queue(rep, ids, n=10) -> list[str]:
    bodies = []
    for k in range(n):
        number = (ids["t1"], ids["t2"], ids["t3"])[k % 3]
        if k % 4 == 0:
            rep.add_tag(number, f"crash-{k}")
        elif k % 4 == 3:
            rep.create_follow_up(f"call back {k}", utcnow() + timedelta(hours=k), ticket=number)
        else:
            body = f"crash test message {k}"
            agent_message(rep, number, body)
            bodies.append(body)
    return bodies


def _check_converged(server, srv, path, bodies) -> None:
    rep = replica(path.parent, path.stem, "kim.minji")
    c = _desk(rep, srv, server)
    pushed, pulled = c.sync_once()
    assert pushed.error == "" and pulled is not None
    assert rep.outbox() == []
    mine = agent_id(server, "kim.minji")
    _diff(dump(rep.db, where_agent=mine), dump(server, where_agent=mine))
    assert dump(rep.db, where_agent=mine) == dump(server, where_agent=mine)
    with server.engine.connect() as conn:
        for body in bodies:
            n = conn.execute(select(func.count()).select_from(T["messages"]).where(T["messages"].c.body == body)).scalar()
            assert n == 1, f"{body!r} is on the server {n} times"
        for tid, count in conn.execute(select(T["tickets"].c.id, T["tickets"].c.message_count)):
            assert count == conn.execute(select(func.count()).select_from(T["messages"])
                                         .where(T["messages"].c.ticket_id == tid)).scalar()
    with rep.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    c.close()
    close(rep)


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["mid_push", "before_delete", "mid_pull"])
def test_a_killed_client_loses_nothing_and_duplicates_nothing(team, tmp_path, mode):
    pg_db, ids, srv = team
    rep = replica(tmp_path, "agent", "kim.minji")
    _first_pull(rep, srv, pg_db).close()
    bodies = _queue(rep, ids)
    # Another agent's changes, so the crashing pull has something to apply.
    other = replica(tmp_path, "other", "lee.junho")
    co = _first_pull(other, srv, pg_db)
    for k in range(30):
        other.add_note(ids["t3"], f"other agent note {k}")
    assert co.sync_once()[1] is not None
    co.close()
    cursor_before = rep.cursor()
    close(rep)

    proc = _run_child(pg_db, tmp_path / "agent.db", _url(pg_db) if mode == "mid_push" else srv.url, mode)
    assert proc.returncode in (9, -signal.SIGKILL), proc.stderr

    rep = replica(tmp_path, "agent", "kim.minji")
    entries = rep.outbox()
    acked = [e.acked_version is not None for e in entries]
    with pg_db.engine.connect() as conn:
        on_server = conn.execute(select(func.count()).select_from(T["sync_mutations"])).scalar() - 30
    if mode == "mid_push":
        # One batch: the server committed three of its ten, the desk heard nothing.
        assert acked == [False] * 10 and on_server == 3
    else:
        assert acked == [True] * 10 and on_server == 10
        assert rep.cursor() == cursor_before  # the killed pull left no trace
    close(rep)
    _check_converged(pg_db, srv, tmp_path / "agent.db", bodies)


@pytest.mark.slow
def test_random_sigkills_while_writing_and_syncing(team, tmp_path):
    pg_db, ids, srv = team
    rep = replica(tmp_path, "agent", "kim.minji")
    _first_pull(rep, srv, pg_db).close()
    close(rep)
    rng = random.Random(11)
    numbers = ",".join(str(ids[t]) for t in ("t1", "t2", "t3"))
    env = child_env(AGENTDESK_TEST_TOKEN=mint_token(pg_db, "kim.minji"))
    queued_at_kill = []
    for round_ in range(5):
        proc = subprocess.Popen(_child_args(tmp_path / "agent.db", srv.url, "loop", round_ * 100_000, numbers),
                                cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
        # At a random moment once the desk has done real work (a number of writes, and
        # the syncs every fourth), however fast this machine is today.
        for _ in range(rng.randint(15, 40)):
            assert proc.stdout.readline().startswith("w "), proc.stderr.read()
        time.sleep(rng.uniform(0.0, 0.4))
        os.kill(proc.pid, signal.SIGKILL)
        _, err = proc.communicate(timeout=30)
        assert proc.returncode == -signal.SIGKILL, err
        rep = replica(tmp_path, "agent", "kim.minji")
        queued_at_kill.append(len(rep.outbox()))
        close(rep)
    assert srv.proc.poll() is None, srv.tail()  # the desks' deaths did not take the server down
    rep = replica(tmp_path, "agent", "kim.minji")
    with rep.engine.connect() as conn:
        bodies = list(conn.execute(select(T["messages"].c.body).where(T["messages"].c.body.like("loop message %"))).scalars())
    close(rep)
    # The kills hit real work: many writes, and writes still queued at (some of) the kills.
    # (Any one kill may land just after a sync emptied the queue.)
    assert len(bodies) > 20 and max(queued_at_kill) > 0, queued_at_kill
    _check_converged(pg_db, srv, tmp_path / "agent.db", bodies)
    with pg_db.engine.connect() as conn:
        server_bodies = set(conn.execute(select(T["messages"].c.body).where(T["messages"].c.body.like("loop message %"))).scalars())
    assert server_bodies == set(bodies)


def _diff(a, b):
    for t in a:
        sa, sb = set(a[t]), set(b[t])
        for r in sorted(sa - sb, key=str):
            print("replica only", t, r)
        for r in sorted(sb - sa, key=str):
            print("server only ", t, r)
