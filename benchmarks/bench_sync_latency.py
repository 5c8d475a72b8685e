"""Commit on one agent → visible on another, through a real team server process over a
real PostgreSQL (the live target).

    .venv/bin/python benchmarks/bench_sync_latency.py                 # LISTEN, then polling
    .venv/bin/python benchmarks/bench_sync_latency.py --trials 300 --poll 2

Agent A changes a ticket in its replica and pushes (the server commits); agent B runs
the same ``SyncRunner`` the window runs, on its own thread. The clock starts when A's
push returns (the server has committed) and stops when the new value is in B's SQLite
replica, which is what B's panes read. Measured with the server's pokes (PostgreSQL
NOTIFY fanned out over B's WebSocket; poll an hour away, so only the poke can bring it),
and with pokes off (polling only).
Also counts changes missed (never seen within the time limit). Not a pass/fail test.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select  # noqa: E402

from agentdesk.db import open_database  # noqa: E402
from agentdesk.models import Base  # noqa: E402
from agentdesk.sync.engine import LocalReplica, SyncClient  # noqa: E402
from agentdesk.sync.runner import SyncRunner  # noqa: E402
from agentdesk.server.feed import stamp_unversioned  # noqa: E402
from benchmarks.bench_sync import team_server, temporary_server  # noqa: E402
from tests.factories import seed_small  # noqa: E402

T = Base.metadata.tables


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def measure(http, tmp: Path, number: int, *, listen: bool, poll: float, trials: int, limit: float,
            from_local_write: bool = False) -> list[float]:
    """``from_local_write``: A runs its own runner too and the clock starts at A's local
    edit (the outbox write the window makes), so A's push is included."""
    tag = ("listen" if listen else "poll") + ("-e2e" if from_local_write else "")
    a = LocalReplica(open_database(f"sqlite:///{tmp / f'a-{tag}.db'}"), "kim.minji")
    b = LocalReplica(open_database(f"sqlite:///{tmp / f'b-{tag}.db'}"), "lee.junho")
    ca, cb = SyncClient(a, http.connect("kim.minji")), SyncClient(b, http.connect("lee.junho"))
    ca.sync_once()
    cb.sync_once()
    runner = SyncRunner(cb, listen=listen, poll_interval=3600 if listen else poll)
    thread = threading.Thread(target=runner.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while listen and not runner.listening and time.monotonic() < deadline:
        time.sleep(0.01)
    runner_a = None
    if from_local_write:
        runner_a = SyncRunner(ca, listen=True, poll_interval=3600)
        threading.Thread(target=runner_a.run, daemon=True).start()
        while not runner_a.listening and time.monotonic() < deadline + 10:
            time.sleep(0.01)
    tickets = T["tickets"]
    seen: list[float] = []
    missed = 0
    with b.engine.connect() as conn:
        for k in range(trials):
            subject = f"latency {tag} {k} {uuid.uuid4().hex[:6]}"
            if runner_a is not None:
                t0 = time.perf_counter()
                a.set_ticket_fields(number, subject=subject)
                runner_a.wake()
            else:
                a.set_ticket_fields(number, subject=subject)
                ca.push_once()
                t0 = time.perf_counter()
            while True:
                got = conn.execute(select(tickets.c.subject).where(tickets.c.number == number)).scalar()
                conn.rollback()  # a fresh read snapshot each time (WAL)
                if got == subject:
                    seen.append(time.perf_counter() - t0)
                    break
                if time.perf_counter() - t0 > limit:
                    missed += 1
                    break
                time.sleep(0.002)
            if runner_a is None:
                ca.pull_once()  # A confirms its own write, as its runner would
            time.sleep(0.02)
    if runner_a is not None:
        runner_a.stop()
        time.sleep(0.2)
        runner_a.close()
    runner.stop()
    thread.join(10)
    runner.close()
    for c in (ca, cb):
        c.close()
    for r in (a, b):
        r.db.dispose()
    ms = [s * 1000 for s in seen]
    what = "pokes (NOTIFY → WebSocket)" if listen else f"polling every {poll:g} s"
    what += ", from A's local edit (A's runner pushes)" if from_local_write else ", from A's server commit"
    print(f"{what}: {len(seen)} seen, {missed} missed; "
          f"p50 {statistics.median(ms):.0f} ms, p90 {pct(ms, 0.9):.0f} ms, p99 {pct(ms, 0.99):.0f} ms, "
          f"max {max(ms):.0f} ms; notifications received {runner.notifications}")
    return ms


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--trials", type=int, default=200)
    ap.add_argument("--poll", type=float, default=2.0, help="poll interval for the no-LISTEN run (s)")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-latency-"))
    with temporary_server() as db:
        ids = seed_small(db)
        stamp_unversioned(db.engine)
        with team_server(db, tmp / "server") as http:
            measure(http, tmp, ids["t1"], listen=True, poll=args.poll, trials=args.trials, limit=5.0)
            measure(http, tmp, ids["t1"], listen=True, poll=args.poll, trials=args.trials, limit=5.0,
                    from_local_write=True)
            measure(http, tmp, ids["t1"], listen=False, poll=args.poll, trials=max(20, args.trials // 4),
                    limit=args.poll + 5.0)


if __name__ == "__main__":
    main()
