"""Saved views at scale (issue 12): each view's count and its first page, median of 5.

    python benchmarks/bench_demo_data.py --db /tmp/agentdesk-1m.db     # once: 1M tickets, 200k customers
    python benchmarks/bench_views.py --db /tmp/agentdesk-1m.db

A count marked "+" stopped at tickets.COUNT_CAP (no single index answers its filters).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

VIEWS = {
    "built-in: my open": "my_open",
    "built-in: SLA at risk": "sla_at_risk",
    "new/open chats and calls this week, by SLA": {"filters": {"statuses": ["new", "open"], "channels": ["chat", "phone"],
                                                               "updated": {"within_hours": 168}}, "sort": {"by": "sla"}},
    "my team, unsolved": {"filters": {"team": "mine", "statuses": ["new", "open", "pending", "on_hold"]}},
    "created in the last 7 days": {"filters": {"created": {"within_hours": 168}}},
    "urgent or high, unsolved, by priority": {"filters": {"priorities": ["urgent", "high"],
                                                          "statuses": ["new", "open", "pending", "on_hold"]},
                                              "sort": {"by": "priority"}},
    "a common tag (환불 or refund)": {"filters": {"tags": ["환불", "refund"]}},
    "a rarer tag (address-change)": {"filters": {"tags": ["address-change"]}},
    "a tag and unsolved": {"filters": {"tags": ["상환"], "statuses": ["new", "open", "pending", "on_hold"]}},
    "a common tag, unsolved, by SLA": {"filters": {"tags": ["환불"], "statuses": ["new", "open", "pending", "on_hold"]},
                                       "sort": {"by": "sla"}},
    "text 환불 and email": {"filters": {"text": "환불", "channels": ["email"]}},
    "breached, mine": {"filters": {"sla": ["breached"], "assignee": "me"}},
    "email, high, older than 30 days": {"filters": {"channels": ["email"], "priorities": ["high"],
                                                    "created": {"older_than_hours": 720}}},
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True, help="a workspace with demo data (bench_demo_data.py)")
    ap.add_argument("--runs", type=int, default=5, help="runs of each read (median shown)")
    args = ap.parse_args()

    from agentdesk.db import open_database
    from agentdesk.services import tickets
    from agentdesk.services.common import current_agent
    from agentdesk.services.view_spec import parse_spec

    db = open_database(args.db)
    with db.session() as s:
        me = current_agent(s).id
        for name, raw in VIEWS.items():
            if isinstance(raw, str):
                q = tickets.TicketQuery(view=raw)
            else:
                spec = parse_spec(raw)
                q = tickets.TicketQuery(view="all", spec=spec.filters, sort=str(spec.sort.by),
                                        descending=spec.sort.descending)
            counts, pages = [], []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                c = tickets.count_view(s, q, me)
                counts.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                tickets.fetch_page(s, q, me, 0, 100, total=c.n)
                pages.append(time.perf_counter() - t0)
            shown = f"{c.n:,}" + ("" if c.exact else "+")
            print(f"{name:<45} {shown:>9}  count {statistics.median(counts) * 1000:7.1f} ms  "
                  f"first page {statistics.median(pages) * 1000:7.1f} ms")
    db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
