"""Quality reviews at scale (issue 13): drawing a sample of handled tickets, median of N.

    agentdesk demo-data --tickets 200000 --db /tmp/agentdesk-200k.db     # once
    python benchmarks/bench_reviews.py --db /tmp/agentdesk-200k.db

Samples a lead's whole team, one agent, everything (an admin), and with a rare channel
filter; then scores a few of the drawn tickets and times an agent's list and trend. Each
sample is drawn with a new seed, so no run answers from the previous one's cache lines.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _timed(fn, runs: int) -> tuple[float, object]:
    took, out = [], None
    for k in range(runs):
        start = time.perf_counter()
        out = fn(k)
        took.append(time.perf_counter() - start)
    return statistics.median(took) * 1000, out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True, help="a workspace with demo data")
    ap.add_argument("--runs", type=int, default=7, help="runs of each read (median shown)")
    args = ap.parse_args()

    from sqlalchemy import func, select

    from agentdesk.db import open_database
    from agentdesk.models import DONE_STATUSES, Agent, Ticket
    from agentdesk.services import reviews

    db = open_database(args.db)
    with db.session() as s:
        lead = s.scalar(select(Agent).where(Agent.role == "lead").limit(1))
        admin = s.scalar(select(Agent).where(Agent.role == "admin").limit(1))
        busiest = s.execute(select(Ticket.assignee_id, func.count()).where(Ticket.status.in_(DONE_STATUSES),
                                                                            Ticket.team_id == lead.team_id)
                            .group_by(Ticket.assignee_id).order_by(func.count().desc()).limit(1)).first()
        agent = s.get(Agent, busiest[0])
        team_done = s.scalar(select(func.count()).select_from(Ticket).where(Ticket.team_id == lead.team_id,
                                                                            Ticket.status.in_(DONE_STATUSES)))
        total = s.scalar(select(func.count()).select_from(Ticket))
        print(f"{total:,} tickets; the lead's team has {team_done:,} handled; {agent.name} handled {busiest[1]:,}")
        cases = {
            "team sample, n=5": lambda k: reviews.sample(s, lead, n=5, seed=k),
            "team sample, n=20": lambda k: reviews.sample(s, lead, n=20, seed=k),
            "one agent, n=5": lambda k: reviews.sample(s, lead, agent=agent, n=5, seed=k),
            "everything (admin), n=5": lambda k: reviews.sample(s, admin, n=5, seed=k),
            "team, channel sms, n=5": lambda k: reviews.sample(s, lead, n=5, channel="sms", seed=k),
        }
        for name, fn in cases.items():
            ms, out = _timed(fn, args.runs)
            print(f"{name:<28} {ms:8.1f} ms   ({len(out)} drawn)")
        drawn = reviews.sample(s, lead, agent=agent, n=20, seed=99)
        full = {i.key: i.max_points for i in reviews.rubric_for(s, lead.team_id).items}
        for row in drawn:
            reviews.save_review(s, lead, row.ticket_id, full, {})
        ms, _ = _timed(lambda k: reviews.reviews_for_agent(s, agent, 50), args.runs)
        print(f"{'an agent’s 50 reviews':<28} {ms:8.1f} ms")
        ms, _ = _timed(lambda k: reviews.trend(s, agent, 12, "Asia/Seoul"), args.runs)
        print(f"{'an agent’s 12-week trend':<28} {ms:8.1f} ms")
        s.rollback()  # the benchmark leaves the workspace as it was
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
