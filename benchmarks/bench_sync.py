"""Sync engine figures through a real team server (`agentdesk server`, one process, over
a real PostgreSQL): push throughput with many agents, and how long a replica takes to
catch up with tens of thousands of server changes.

    .venv/bin/python benchmarks/bench_sync.py                      # 20 agents, 50,000 changes
    .venv/bin/python benchmarks/bench_sync.py --agents 5 --changes 5000

A temporary database is created on AGENTDESK_TEST_PG's server (default: local postgres)
and dropped at the end. Each agent queues its share of edits in its own SQLite replica
(replies, notes, tag operations, field changes on 200 shared tickets), then all agents
push at once, each from its own thread, as separate app processes would. Then a replica
that was in sync before the burst pulls it (incremental catch-up), and a new replica pulls
everything (full first sync). Nothing here is a pass/fail test.
"""

from __future__ import annotations

import argparse
from contextlib import contextmanager
import os
import random
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, text  # noqa: E402

from agentdesk.db import open_database  # noqa: E402
from agentdesk.models import Agent, Team  # noqa: E402
from agentdesk.services import tickets  # noqa: E402
from agentdesk.sync.engine import LocalReplica, SyncClient  # noqa: E402
from agentdesk.server.feed import stamp_unversioned  # noqa: E402

ADMIN = os.environ.get("AGENTDESK_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


@contextmanager
def team_server(db, home: Path):
    """`agentdesk server` over ``db`` (security applied, as init-server does), in a
    process of its own; ``connect(login)`` gives a desk's transport signed in as login."""
    from agentdesk.server.security import apply_security
    from tests.fault_support import ServerProcess, desk_transport

    with db.session() as s:
        apply_security(s)
    # Lifted per-agent limits: the figures are the server's throughput, not its throttle.
    server = ServerProcess(db, home, log_level="warning",
                           extra=("--mutation-rate", "1000000", "--mutation-burst", "1000000")).start()
    server.connect = lambda login: desk_transport(server, db, login)
    try:
        yield server
    finally:
        server.close()


@contextmanager
def temporary_server(prefix: str = "agentdesk_bench"):
    """A fresh team database on ADMIN's server (schema by the migrations), dropped after."""
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    server = open_database(ADMIN.rsplit("/", 1)[0] + "/" + name)
    try:
        yield server
    finally:
        server.dispose()
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--agents", type=int, default=20)
    ap.add_argument("--changes", type=int, default=50_000)
    ap.add_argument("--tickets", type=int, default=200)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    with temporary_server() as db, team_server(db, tmp / "server") as server:
        run(db, server, tmp, args)


def run(db, http, tmp: Path, args) -> None:
    server = db
    logins = [f"agent{i:02d}" for i in range(args.agents)]
    with server.session() as s:
        team = Team(name="bench")
        s.add(team)
        s.flush()
        s.add_all(Agent(login=login, name=login, team_id=team.id) for login in logins)
        made = [tickets.create_ticket(s, subject=f"ticket {i}", body="첫 문의", channel="email", customer_id=None)
                for i in range(args.tickets)]
        for t in made:
            t.team_id = team.id  # the team's queue: what its agents see
        numbers = [t.number for t in made]
    stamp_unversioned(server.engine)

    def replica(label: str, login: str) -> LocalReplica:
        return LocalReplica(open_database(f"sqlite:///{tmp / (label + '.db')}"), login)

    watcher = SyncClient(replica("watcher", logins[0]), http.connect(logins[0]))
    watcher.pull_once()
    agents = [SyncClient(replica(login, login), http.connect(login)) for login in logins]
    for c in agents:
        c.pull_once()

    per_agent = args.changes // args.agents
    t0 = time.perf_counter()
    for i, c in enumerate(agents):
        rng, rep = random.Random(i), c.replica
        for k in range(per_agent):
            n = rng.choice(numbers)
            r = k % 4
            if r == 0:
                rep.add_message(n, f"{rep.agent_login} 답변 {k}")
            elif r == 1:
                rep.add_tag(n, f"tag{rng.randrange(20)}")
            elif r == 2:
                rep.set_ticket_fields(n, priority=rng.choice(["urgent", "high", "normal", "low"]))
            else:
                rep.add_note(n, f"memo {k}")
    queued = per_agent * args.agents
    local = time.perf_counter() - t0
    print(f"local edits (change + outbox row, one SQLite transaction each, synchronous=FULL): "
          f"{queued} in {local:.1f} s = {queued / local:,.0f}/s over {args.agents} replicas, one at a time")

    results = {}

    def push(c: SyncClient) -> None:
        t = time.perf_counter()
        res = c.push_once()
        results[c.agent_login] = (res, time.perf_counter() - t)

    t0 = time.perf_counter()
    threads = [threading.Thread(target=push, args=(c,)) for c in agents]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    pushed = sum(r.pushed for r, _ in results.values())
    conflicts = sum(len(r.conflicts) for r, _ in results.values())
    errors = [r.error for r, _ in results.values() if r.error]
    print(f"push, {args.agents} agents at once: {pushed} mutations in {wall:.1f} s = {pushed / wall:,.0f} mutations/s "
          f"({conflicts} merge conflicts recorded, {len(errors)} errors)")

    t0 = time.perf_counter()
    res = watcher.pull_once()
    dt = time.perf_counter() - t0
    print(f"catch-up pull (incremental): {res.rows:,} rows up to version {res.version:,} in {dt:.1f} s = {res.rows / dt:,.0f} rows/s")
    fresh = SyncClient(replica("fresh", logins[0]), http.connect(logins[0]))
    t0 = time.perf_counter()
    res = fresh.pull_once()
    dt = time.perf_counter() - t0
    print(f"first full pull (new replica): {res.rows:,} rows in {dt:.1f} s = {res.rows / dt:,.0f} rows/s")
    t0 = time.perf_counter()
    for c in agents:
        c.pull_once()
    print(f"then each of the {args.agents} agents pulls and confirms its outbox: {time.perf_counter() - t0:.1f} s in all; "
          f"outboxes left: {sum(len(c.replica.outbox()) for c in agents)}")


if __name__ == "__main__":
    main()
