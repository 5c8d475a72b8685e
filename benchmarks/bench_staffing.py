"""How long the staffing estimate takes on a demo workspace (issue 13).

    .venv/bin/python benchmarks/bench_staffing.py --db /tmp/agentdesk-1m.db [--days 28]

Times `services.staffing.plan` over the last --days days of the workspace's tickets, for
every team and for one, cold (first run in a fresh process) and warm (median of five),
and prints the arrivals counted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select  # noqa: E402

from agentdesk.db import open_database  # noqa: E402
from agentdesk.models import Team, Ticket  # noqa: E402
from agentdesk.services import staffing  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True, help="a demo workspace (agentdesk demo-data --db FILE --tickets N)")
    ap.add_argument("--days", type=int, default=28, help="days of arrivals to average (default 28)")
    args = ap.parse_args()
    db = open_database(args.db)
    with db.session() as s:
        total = s.scalar(select(func.count()).select_from(Ticket))
        last = s.scalar(select(func.max(Ticket.created_at)))
        team = s.scalar(select(Team.name).order_by(Team.name).limit(1))
    tz = "Asia/Seoul"
    end = last.date() - timedelta(days=1)
    start = end - timedelta(days=args.days - 1)
    print(f"{total:,} tickets; period {start} – {end} ({args.days} days), {tz}")
    for who in (None, team):
        times = []
        for _ in range(6):
            with db.session() as s:
                t0 = time.perf_counter()
                plan = staffing.plan(s, start, end, team=who, tz=tz)
                times.append(time.perf_counter() - t0)
        print(f"  {who or 'every team':<12} cold {times[0] * 1000:6.0f} ms, warm median "
              f"{statistics.median(times[1:]) * 1000:6.0f} ms; {plan.calls_per_day * plan.days:,.0f} arrivals, "
              f"peak {plan.peak.agents_with_shrinkage} agents at {plan.peak.hour:02d}:00")
    db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
