"""Issue 4, test 3: the client process dies at the worst moments (real subprocesses,
``os._exit`` at chosen points and SIGKILL at random ones); after a restart and a sync
nothing is lost and nothing is applied twice."""

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
from tests.factories import seed_small
from tests.test_sync_support import T, agent_id, client, close, dump, replica

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import os, signal, sys
from agentdesk.db import open_database
from agentdesk.server import apply as srv
from agentdesk.sync.engine import LocalReplica, SyncClient

path, url, login, mode = sys.argv[1:5]
rep = LocalReplica(open_database(f"sqlite:///{path}"), login)
c = SyncClient(rep, url)
if mode == "mid_push":
    real, calls = srv.ServerApplier.apply, [0]
    def apply(self, *a, **k):
        result = real(self, *a, **k)  # the server has committed this one
        calls[0] += 1
        if calls[0] == 3:
            os._exit(9)  # ... and the client dies before recording the acknowledgement
        return result
    srv.ServerApplier.apply = apply
    c.push_once()
elif mode == "before_delete":
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
        if k % 4 == 0:
            c.sync_once()
sys.exit(3)  # never reached
"""


def _run_child(path, url, mode, *extra, timeout=60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", CHILD, str(path), url, "kim.minji", mode, *map(str, extra)],
                          cwd=ROOT, capture_output=True, text=True, timeout=timeout)


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
            rep.add_message(number, body)
            bodies.append(body)
    return bodies


def _check_converged(server, path, bodies) -> None:
    rep = replica(path.parent, path.stem, "kim.minji")
    c = SyncClient(rep, server)
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
    close(rep)


@pytest.mark.parametrize("mode", ["mid_push", "before_delete", "mid_pull"])
def test_a_killed_client_loses_nothing_and_duplicates_nothing(pg_db, tmp_path, mode):
    ids = seed_small(pg_db)
    rep = replica(tmp_path, "agent", "kim.minji")
    client(rep, pg_db)
    bodies = _queue(rep, ids)
    # Another agent's changes, so the crashing pull has something to apply.
    other = replica(tmp_path, "other", "lee.junho")
    co = client(other, pg_db)
    for k in range(30):
        other.add_note(ids["t3"], f"other agent note {k}")
    co.sync_once()
    cursor_before = rep.cursor()
    close(rep)

    proc = _run_child(tmp_path / "agent.db", _url(pg_db), mode)
    assert proc.returncode in (9, -signal.SIGKILL), proc.stderr

    rep = replica(tmp_path, "agent", "kim.minji")
    entries = rep.outbox()
    acked = [e.acked_version is not None for e in entries]
    with pg_db.engine.connect() as conn:
        on_server = conn.execute(select(func.count()).select_from(T["sync_mutations"])).scalar() - 30
    if mode == "mid_push":
        assert acked == [True, True] + [False] * 8 and on_server == 3  # the third: applied, never acknowledged
    else:
        assert acked == [True] * 10 and on_server == 10
        assert rep.cursor() == cursor_before  # the killed pull left no trace
    close(rep)
    _check_converged(pg_db, tmp_path / "agent.db", bodies)


def test_random_sigkills_while_writing_and_syncing(pg_db, tmp_path):
    ids = seed_small(pg_db)
    rep = replica(tmp_path, "agent", "kim.minji")
    client(rep, pg_db)
    close(rep)
    rng = random.Random(11)
    numbers = ",".join(str(ids[t]) for t in ("t1", "t2", "t3"))
    queued_at_kill = []
    for round_ in range(5):
        proc = subprocess.Popen([sys.executable, "-c", CHILD, str(tmp_path / "agent.db"), _url(pg_db), "kim.minji",
                                 "loop", str(round_ * 100_000), numbers],
                                cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
        time.sleep(rng.uniform(0.3, 1.2))
        os.kill(proc.pid, signal.SIGKILL)
        _, err = proc.communicate(timeout=30)
        assert proc.returncode == -signal.SIGKILL, err
        rep = replica(tmp_path, "agent", "kim.minji")
        queued_at_kill.append(len(rep.outbox()))
        close(rep)
    rep = replica(tmp_path, "agent", "kim.minji")
    with rep.engine.connect() as conn:
        bodies = list(conn.execute(select(T["messages"].c.body).where(T["messages"].c.body.like("loop message %"))).scalars())
    close(rep)
    # The kills hit real work: many writes, and writes still queued at (some of) the kills.
    # (Any one kill may land just after a sync emptied the queue.)
    assert len(bodies) > 20 and max(queued_at_kill) > 0, queued_at_kill
    _check_converged(pg_db, tmp_path / "agent.db", bodies)
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
