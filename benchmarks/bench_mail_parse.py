"""Mail parsing speed: the awkward-mail corpus (tests/mail_corpus, 17 files) repeated to
10,000 messages, each through ``parse_mail`` and ``split_quoted`` (what the gateway and
``agentdesk mail import`` do per message before threading). Prints messages/s; the target
for parse + thread together is ≥ 200 messages/s (issue 14), so parsing should be a small
part of it. Single process, one core.

    .venv/bin/python benchmarks/bench_mail_parse.py             # 10,000 messages
    .venv/bin/python benchmarks/bench_mail_parse.py --count 2000
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from agentdesk.mail.parse import parse_mail  # noqa: E402
from agentdesk.mail.quotes import split_quoted  # noqa: E402

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "mail_corpus"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=10_000)
    args = ap.parse_args()
    files = sorted(CORPUS.glob("*.eml"))
    corpus = [(f.name, f.read_bytes()) for f in files]
    now = datetime.now(UTC)
    per_file: dict[str, list[float]] = {name: [] for name, _ in corpus}
    total_bytes = 0
    t0, c0 = time.perf_counter(), time.process_time()
    for i in range(args.count):
        name, raw = corpus[i % len(corpus)]
        s = time.perf_counter()
        inbound = parse_mail(raw, now)
        split_quoted(inbound.text)
        per_file[name].append(time.perf_counter() - s)
        total_bytes += len(raw)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    # CPU time too: on a shared machine the wall clock counts other processes' turns.
    print(f"{args.count:,} messages ({len(corpus)} corpus files, {total_bytes / 1e6:.1f} MB) in {elapsed:.2f} s "
          f"({cpu:.2f} s CPU): {args.count / elapsed:,.0f} messages/s wall, {args.count / cpu:,.0f} messages/s CPU "
          f"(parse_mail + split_quoted)")
    print("median per message, by file:")
    for name, times in per_file.items():
        print(f"  {name:34s} {statistics.median(times) * 1e3:6.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
