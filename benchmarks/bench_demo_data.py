"""How fast the demo generator fills a workspace, and what it costs.

    .venv/bin/python benchmarks/bench_demo_data.py                       # 200k customers, 1M tickets
    .venv/bin/python benchmarks/bench_demo_data.py --tickets 20000 --customers 2000
    .venv/bin/python benchmarks/bench_demo_data.py --db /tmp/agentdesk-1m.db

Prints the elapsed time per stage, rows/s per table, the database size and the peak
resident memory of this process and of its generator workers. The database file is
kept (other benchmarks reuse the 1M-ticket workspace); an existing file is refused
unless --force replaces it.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from agentdesk.db import open_database  # noqa: E402
from agentdesk import demo  # noqa: E402


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*") if p.is_file())


class _ChildRss(threading.Thread):
    """Samples the resident size of this process's children (the generator workers).

    ru_maxrss of children is no use here: a child forked from a big parent counts the
    parent's pages until it execs, so it reports the parent's size.
    """

    def __init__(self):
        super().__init__(daemon=True)
        self.peak_kb = 0
        self.stop = threading.Event()

    def run(self) -> None:
        me = os.getpid()
        while not self.stop.wait(0.5):
            try:
                kids = Path(f"/proc/{me}/task/{me}/children").read_text().split()
            except OSError:
                return  # not Linux
            for pid in kids:
                try:
                    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                        if line.startswith("VmRSS:"):
                            self.peak_kb = max(self.peak_kb, int(line.split()[1]))
                except OSError:
                    pass


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--customers", type=int, default=200_000)
    ap.add_argument("--tickets", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--agents", type=int, default=12)
    ap.add_argument("--workers", type=int, default=None, help="generator processes (default: automatic)")
    ap.add_argument("--db", default=None, help="SQLite file or database URL (default: a new temporary file)")
    ap.add_argument("--now", default=None, help="ISO time the data is anchored at (default: this minute)")
    ap.add_argument("--force", action="store_true", help="delete an existing SQLite file first")
    args = ap.parse_args(argv)

    if args.db is None:
        fd, name = tempfile.mkstemp(prefix="agentdesk-demo-", suffix=".db")
        os.close(fd)
        os.unlink(name)
        target = name
    else:
        target = args.db
    path = None if "://" in target else Path(target).expanduser().resolve()
    if path is not None and path.exists():
        if not args.force:
            print(f"{path} exists; use --force to replace it", file=sys.stderr)
            return 2
        for p in path.parent.glob(path.name + "*"):
            if p.name == path.name or p.name[len(path.name):] in ("-wal", "-shm", "-journal"):
                p.unlink()
    now = datetime.fromisoformat(args.now) if args.now else None

    t0 = time.perf_counter()
    db = open_database(str(path) if path else target)
    t_open = time.perf_counter() - t0
    stages: dict[str, list[float]] = {}  # stage → [start, end], a stage starting when the previous one ended
    last = {"stage": None, "pct": -1, "t": 0.0}

    def progress(stage: str, done: int, total: int) -> None:
        t = time.perf_counter() - t0
        if stage not in stages:
            stages[stage] = [last["t"], t]
        stages[stage][1] = last["t"] = t
        pct = 100 * done // max(total, 1)
        if stage != last["stage"] or pct >= last["pct"] + 10:
            print(f"  {t:7.1f}s  {stage:<10} {done:>9,}/{total:,}", flush=True)
            last.update(stage=stage, pct=pct)

    print(f"generating {args.customers:,} customers, {args.tickets:,} tickets (seed {args.seed}) into {path or target}")
    sampler = _ChildRss()
    sampler.start()
    t1 = time.perf_counter()
    last["t"] = t1 - t0
    counts = demo.generate(db, customers=args.customers, tickets=args.tickets, seed=args.seed, agents=args.agents,
                           now=now, progress=progress, workers=args.workers)
    elapsed = time.perf_counter() - t1
    sampler.stop.set()
    db.dispose()

    total_rows = sum(counts.values())
    print(f"\nopen/migrate {t_open:.2f} s; generate {elapsed:.1f} s for {total_rows:,} rows ({total_rows / elapsed:,.0f} rows/s overall)")
    spans = {k: v[1] - v[0] for k, v in stages.items()}
    stage_of = {t: "customers" for t in demo.CUSTOMER_TABLES} | {t: "tickets" for t in demo.TICKET_TABLES}
    print(f"{'table':<20}{'rows':>12}{'stage s':>10}{'rows/s':>12}")
    for name, n in counts.items():
        stage = stage_of.get(name)
        secs = spans.get(stage, 0.0) if stage else 0.0
        rate = f"{n / secs:,.0f}" if secs > 0 else "-"
        print(f"{name:<20}{n:>12,}{secs:>10.1f}{rate:>12}")
    for stage in ("customers", "tickets", "indexes"):
        if stage in spans:
            print(f"stage {stage:<10} {spans[stage]:7.1f} s")
    if path is not None:
        print(f"database {path}: {_size(path) / 1e6:,.0f} MB")
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: this process {me:,.0f} MB; generator workers (sampled) {sampler.peak_kb / 1024:,.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
