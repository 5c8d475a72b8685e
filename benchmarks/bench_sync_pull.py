"""A long-offline catch-up pull, alone: how fast a desk's replica applies (and indexes
for text search) tens of thousands of pulled messages.

    .venv/bin/python benchmarks/bench_sync_pull.py                          # 1,000 new tickets, 22,000 replies
    .venv/bin/python benchmarks/bench_sync_pull.py --tickets 200 --replies 4000 --profile

The team server is the test suite's (`tests/test_sync_support.py`: the real app in-process
over a temporary PostgreSQL database on AGENTDESK_TEST_PG, dropped at the end). The server
side is written in bulk, as `tests/test_sync_offline.py` does: new tickets with 15
messages and 2 tags each (one version per ticket) and customer replies on 200 tickets the
desk already has (one version each). The desk then catches up with one `pull_once` (500
versions per local transaction). `--profile` prints where the pull's time went.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pytest  # noqa: E402

from agentdesk.server.feed import read_clock  # noqa: E402
from tests.conftest import fresh_pg_database  # noqa: E402
from tests.factories import seed_small  # noqa: E402
from tests.test_sync_offline import ServerWriter  # noqa: E402
from tests.test_sync_support import T, agent_id, client, close, replica  # noqa: E402

from sqlalchemy import select  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--existing", type=int, default=200, help="tickets the desk has before it goes offline")
    ap.add_argument("--tickets", type=int, default=1000, help="new tickets (15 messages each) while it is offline")
    ap.add_argument("--replies", type=int, default=22_000, help="customer replies on the existing tickets")
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-sync-pull-"))
    try:
        with fresh_pg_database() as server:
            run(server, tmp, args)
    except pytest.skip.Exception as e:
        sys.exit(f"skipped: {e}")


def run(server, tmp: Path, args) -> None:
    seed_small(server)
    me = agent_id(server, "kim.minji")
    with server.engine.connect() as conn:
        team = conn.execute(select(T["agents"].c.team_id).where(T["agents"].c.id == me)).scalar_one()
    writer = ServerWriter(server, team, agent_id(server, "lee.junho"))
    existing = writer.new_tickets(args.existing, messages=1)
    desk = replica(tmp, "desk", "kim.minji")
    sync = client(desk, server)
    assert sync.pull_once() is not None
    t0 = time.perf_counter()
    for k in range(5):  # interleaved, as in the offline test
        writer.new_tickets(args.tickets // 5 + (k < args.tickets % 5))
        writer.replies(existing, args.replies // 5 + (k < args.replies % 5), offset=k * (args.replies // 5 + 1))
    with server.engine.connect() as conn:
        v = read_clock(conn)[0]
    print(f"server: {args.tickets:,} new tickets and {args.replies:,} replies written in {time.perf_counter() - t0:.1f} s; "
          f"the desk is {v - desk.cursor()[1]:,} versions behind")
    prof = cProfile.Profile() if args.profile else None
    t0 = time.perf_counter()
    if prof is not None:
        prof.enable()
    res = sync.pull_once()
    if prof is not None:
        prof.disable()
    dt = time.perf_counter() - t0
    assert res is not None, sync.status().last_error
    with desk.engine.connect() as conn:
        msgs = conn.execute(select(T["messages"].c.id)).all()
    print(f"catch-up pull: {res.rows:,} rows ({len(msgs):,} messages in the replica) in {dt:.2f} s = "
          f"{res.rows / dt:,.0f} rows/s")
    if prof is not None:
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    close(desk)


if __name__ == "__main__":
    main()
