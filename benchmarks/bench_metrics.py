"""The supervisor's figures at scale (issue 13): `agentdesk metrics` over 90 days, the
wallboard's per-agent day, the hourly and 30-day charts and a drill-down, median of 5.

    python benchmarks/bench_demo_data.py --db /tmp/agentdesk-1m.db     # once: 1M tickets, 200k customers
    python benchmarks/bench_metrics.py --db /tmp/agentdesk-1m.db

Also times what first contact resolution would cost without tickets.agent_contact_count
(counting the cohort's outbound replies and call logs in messages), the measurement that
decided the column (migration 0019).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _timed(fn, runs: int) -> tuple[float, float, object]:
    """(first run, median of the rest, result) in seconds."""
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return times[0], statistics.median(times[1:] or times), result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True, help="a workspace with demo data (bench_demo_data.py)")
    ap.add_argument("--runs", type=int, default=5, help="runs of each read (median shown)")
    ap.add_argument("--team", default="카드상담팀", help="the team of the per-team figures")
    args = ap.parse_args()

    from sqlalchemy import func, select

    from agentdesk.db import open_database
    from agentdesk.models import Message, Ticket, utcnow
    from agentdesk.services import metrics, tickets

    db = open_database(args.db)
    now = utcnow()
    tz = "Asia/Seoul"
    today = now.astimezone(metrics.zone(tz)).date()
    first = today - timedelta(days=89)

    def line(what: str, first_s: float, median_s: float, note: str = "") -> None:
        print(f"{what:<52} first {first_s * 1000:8.1f} ms   median {median_s * 1000:8.1f} ms  {note}")

    with db.session() as s:
        f, m, figs = _timed(lambda: metrics.compute(s, first, today, tz=tz, now=now), args.runs)
        assert isinstance(figs, dict)
        line("compute, 90 days, every team", f, m, f"({figs['tickets_created']:,} tickets in the cohort)")
        f, m, figs = _timed(lambda: metrics.compute(s, first, today, team=args.team, tz=tz, now=now), args.runs)
        assert isinstance(figs, dict)
        line(f"compute, 90 days, team {args.team}", f, m, f"({figs['tickets_created']:,})")
        f, m, rows = _timed(lambda: metrics.agent_day(s, now, tz), args.runs)
        line("agent_day (wallboard), every agent", f, m, f"({len(rows):,} agents)")  # type: ignore[arg-type]
        f, m, _ = _timed(lambda: metrics.agent_day(s, now, tz, team=args.team), args.runs)
        line(f"agent_day, team {args.team}", f, m)
        f, m, _ = _timed(lambda: metrics.hourly(s, today, tz, now=now), args.runs)
        line("hourly, today", f, m)
        f, m, _ = _timed(lambda: metrics.daily(s, today, 7, tz, now=now), args.runs)
        line("daily, 7 days", f, m)
        f, m, _ = _timed(lambda: metrics.daily(s, today, 30, tz, now=now), args.runs)
        line("daily, 30 days", f, m)
        d = metrics.drill(s, "fcr_rate", first, today, tz=tz, now=now)
        q = tickets.TicketQuery(drill=d)
        f, m, n = _timed(lambda: tickets.count_view(s, q, None, now).n, args.runs)
        line("drill fcr_rate, 90 days: count", f, m, f"({n:,} tickets)")
        f, m, _ = _timed(lambda: tickets.fetch_page(s, q, None, 0, 100, now), args.runs)
        line("drill fcr_rate, 90 days: first page", f, m)

        # Without the maintained column: count each done cohort ticket's agent contacts.
        p = metrics.period(s, first, today, tz=tz)
        contact = (Message.kind == "call_log") | ((Message.kind == "reply") & (Message.direction == "outbound"))
        counted = (select(func.count()).select_from(Message).where(Message.ticket_id == Ticket.id, contact)
                   .correlate(Ticket).scalar_subquery())
        alt = select(func.count()).select_from(Ticket).where(
            *metrics._cohort(p.start, p.end, None), Ticket.status.in_(["solved", "closed"]), Ticket.reopen_count == 0,
            counted <= 1)
        f, m, n = _timed(lambda: s.scalar(alt), max(2, args.runs // 2))
        line("FCR counted from messages (no agent_contact_count)", f, m, f"({n:,})")
        f, m, n = _timed(lambda: s.scalar(select(func.count()).select_from(Ticket).where(
            *metrics._cohort(p.start, p.end, None), metrics._fcr())), args.runs)
        line("FCR from agent_contact_count", f, m, f"({n:,})")
    db.dispose()

    # The command itself, start to finish (a fresh Python each time: imports and the open).
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "agentdesk", "metrics", "--db", args.db, "--from", first.isoformat(),
           "--to", today.isoformat(), "--tz", tz, "--json"]
    walls = []
    for _ in range(3):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, env=env)
        walls.append(time.perf_counter() - t0)
    print(f"{'agentdesk metrics --json, 90 days (whole process)':<52} median {statistics.median(walls) * 1000:8.1f} ms"
          f"  (runs: {', '.join(f'{w:.2f}' for w in walls)} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
