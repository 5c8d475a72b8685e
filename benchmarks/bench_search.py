"""Inbox text search as the inbox runs it, on any workspace (issue 16: PostgreSQL's index).

    python benchmarks/bench_demo_data.py --db postgresql+psycopg://postgres@127.0.0.1/ws --tickets 100000 --customers 20000
    python benchmarks/bench_search.py --db postgresql+psycopg://postgres@127.0.0.1/ws
    python benchmarks/bench_search.py --db ... --substring      # the ILIKE scan PostgreSQL had before 0034

Each search is one worker job of the inbox (views/inbox.py): the count (capped, a lower
bound when more matched) and the first page of 100; then the view badges recounted with
the search (``view_counts``, the other read worker's job). Every term in a fresh session,
``--runs`` rounds; prints p50/p95/max per step and each term's count.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TERMS = ("환불", "한도 조회", "배송", "password", "refund", "환", "배송지연 확인", "#15553")  # bench_ui's five, and more


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-badges", action="store_true", help="skip the view badges (minutes each without an index)")
    ap.add_argument("--substring", action="store_true", help="the unindexed ILIKE search (what PostgreSQL had)")
    args = ap.parse_args(argv)

    from agentdesk.db import open_database
    from agentdesk.services import tickets as tk

    if args.substring:
        tk._words_condition = lambda session, raw, walk=False: tk._like_condition(raw)  # type: ignore[assignment]
        tk._search_capped = lambda session, raw: False  # type: ignore[assignment]
    db = open_database(args.db)
    search: list[float] = []
    per_term: dict[str, list[float]] = {t: [] for t in TERMS}
    badges: list[float] = []
    counts: dict[str, str] = {}
    for _ in range(args.runs):
        for term in TERMS:
            q = tk.TicketQuery(text=term)
            with db.session() as s:  # the inbox's _count_and_first_page
                t = time.perf_counter()
                count = tk.count_results(s, q, None)
                if count.n:
                    tk.fetch_page(s, q, None, 0, 100, total=count.n, dense_text=not count.exact)
                search.append(time.perf_counter() - t)
                per_term[term].append(search[-1])
            counts[term] = f"{count.n:,}{'' if count.exact else '+'}"
            if not args.no_badges:
                with db.session() as s:
                    t = time.perf_counter()
                    tk.view_counts(s, None, q)
                    badges.append(time.perf_counter() - t)
    db.dispose()
    ms = lambda xs, p: round(pct(xs, p) * 1000, 1)  # noqa: E731
    print(f"{'substring (ILIKE)' if args.substring else 'indexed'} search, {args.runs} rounds of {len(TERMS)} terms")
    print(f"  count + first page: p50 {ms(search, 50)} ms, p95 {ms(search, 95)} ms, max {ms(search, 100)} ms")
    if badges:
        print(f"  view badges with the search: p50 {ms(badges, 50)} ms, p95 {ms(badges, 95)} ms, "
              f"max {ms(badges, 100)} ms (median {statistics.median(badges) * 1000:.0f} ms)")
    print("  each term, median ms (count): " + ", ".join(
        f"{t!r} {statistics.median(per_term[t]) * 1000:.0f} ({n})" for t, n in counts.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
