"""Bulk action figures (services/bulk.py): one status change, assignment, tag change and
undo over 1,000 tickets, as the inbox's bulk bar runs them (one transaction on the write
worker), on an SQLite workspace and on PostgreSQL.

    .venv/bin/python benchmarks/bench_bulk.py                   # 50,000 tickets, 1,000 selected, 5 rounds
    .venv/bin/python benchmarks/bench_bulk.py --tickets 200000 --selected 1000 --rounds 3 --no-pg

The tickets are written with Core inserts (the demo generator takes minutes for a
million); a bulk action's cost is that of the tickets it changes and the indexes they are
in, so the table's size matters little beyond the index depth. A temporary PostgreSQL
database is made on AGENTDESK_TEST_PG's server (default: local postgres) and dropped at
the end. Each figure is the median (and max) of the rounds, commit included. Nothing here
is a pass/fail test.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, insert, select, text  # noqa: E402

from agentdesk.db import open_database  # noqa: E402
from agentdesk.models import Agent, Team, Ticket, utcnow  # noqa: E402
from agentdesk.rules import sla_due_times  # noqa: E402
from agentdesk.services import bulk  # noqa: E402
from agentdesk.services.bulk import BulkChange  # noqa: E402
from agentdesk.services.common import find_agent  # noqa: E402

ADMIN = os.environ.get("AGENTDESK_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def fill(db, n: int) -> None:
    """``n`` tickets of one team, two agents."""
    now = utcnow()
    with db.session() as s:
        team = Team(name="bench")
        s.add(team)
        s.flush()
        s.add_all([Agent(login="kim.minji", name="김민지", role="agent", team_id=team.id),
                   Agent(login="lee.junho", name="이준호", role="agent", team_id=team.id)])
        team_id = team.id
    rows = []
    for i in range(n):
        created = now - timedelta(minutes=n - i)
        first, resolve = sla_due_times(created, "normal", "email")
        rows.append(dict(id=uuid.uuid4(), number=1001 + i, subject=f"문의 {i}", channel="email", status="open",
                         priority="normal", priority_rank=2, category="", team_id=team_id, created_at=created,
                         updated_at=created, sla_first_response_due=first, sla_resolution_due=resolve,
                         sla_next_due=first, reopen_count=0, message_count=1, tags_text="", rev=0, deleted=False))
    with db.engine.begin() as conn:
        for i in range(0, n, 5000):
            conn.execute(insert(Ticket), rows[i:i + 5000])


def timed(db, fn) -> tuple[float, object]:
    t0 = time.perf_counter()
    with db.session() as s:
        out = fn(s)
    return time.perf_counter() - t0, out


def run(db, label: str, selected: int, rounds: int) -> None:
    with db.session() as s:
        ids = s.scalars(select(Ticket.id)).all()
    figures: dict[str, list[float]] = {}
    rnd = random.Random(7)
    for r in range(rounds):
        chosen = rnd.sample(ids, selected)
        status = ("pending", "solved", "open")[r % 3]
        steps = [
            (f"status → {status}", lambda s, c=chosen, st=status: bulk.bulk_update(
                s, find_agent(s, "kim.minji"), c, BulkChange(status=st))),
            ("assign", lambda s, c=chosen, who=("lee.junho" if r % 2 else "kim.minji"): bulk.bulk_update(
                s, find_agent(s, "kim.minji"), c, BulkChange(assignee=who))),
            ("add a tag", lambda s, c=chosen, tag=f"bench-{r}": bulk.bulk_update(
                s, find_agent(s, "kim.minji"), c, BulkChange(add_tags=(tag,)))),
        ]
        last = None
        for name, fn in steps:
            secs, last = timed(db, fn)
            assert last.applied + last.count(bulk.Outcome.UNCHANGED) == selected, (name, last.skipped[:3])
            figures.setdefault(name.split(" →")[0], []).append(secs)
        secs, undone = timed(db, lambda s, res=last: bulk.undo_bulk(s, find_agent(s, "kim.minji"), res))
        figures.setdefault("undo (the tag)", []).append(secs)
    print(f"\n{label}: {selected:,} of {len(ids):,} tickets, {rounds} rounds (median / max, commit included)")
    for name, values in figures.items():
        print(f"  {name:<16} {statistics.median(values) * 1000:8.0f} ms  / {max(values) * 1000:6.0f} ms"
              f"   ({selected / statistics.median(values):,.0f} tickets/s)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tickets", type=int, default=50_000)
    ap.add_argument("--selected", type=int, default=bulk.MAX_BULK)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--no-pg", action="store_true", help="SQLite only")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="agentdesk-bench-bulk-") as tmp:
        db = open_database(f"sqlite:///{tmp}/bench.db")
        t0 = time.perf_counter()
        fill(db, args.tickets)
        print(f"SQLite: {args.tickets:,} tickets written in {time.perf_counter() - t0:.1f} s")
        run(db, "SQLite (WAL, synchronous=FULL)", args.selected, args.rounds)
        db.dispose()
    if args.no_pg:
        return
    name = f"agentdesk_bench_bulk_{uuid.uuid4().hex[:8]}"
    admin = create_engine(ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        db = open_database(ADMIN.rsplit("/", 1)[0] + "/" + name)
        fill(db, args.tickets)
        run(db, "PostgreSQL (local, TCP)", args.selected, args.rounds)
        db.dispose()
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
