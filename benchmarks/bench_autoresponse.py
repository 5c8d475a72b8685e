"""FAQ auto-response: precision and coverage of the automatic answer at a range of
confidence thresholds, on the demo workspace's knowledge base.

    .venv/bin/python benchmarks/bench_autoresponse.py          # the sweep at the shipped constants
    .venv/bin/python benchmarks/bench_autoresponse.py --fit    # also the grid the constants were chosen on
    .venv/bin/python benchmarks/bench_autoresponse.py --misses # list the wrong and the missed answers
    .venv/bin/python benchmarks/bench_autoresponse.py --pg postgresql+psycopg://postgres@127.0.0.1:5432/postgres
        # the same on PostgreSQL (a team workspace's gateway): a scratch database is made and dropped

benchmarks/data/autoresponse_labelled.jsonl holds inbound customer messages (Korean
mostly, some English) written by looking at the demo's articles only, each labelled with
the article (external id) that correctly answers it, or null when no public article
answers it or it must not be answered automatically (urgent, complaints, several
questions, account-specific). Each message goes through the same decision as the
gateway (services/autoresponse.match: eligibility, the knowledge search in the message's
language, confidence) with every category allowed.

precision = right article / answered; coverage = answered / all messages; recall =
answered right / messages with a label. The default threshold is the lowest where
precision ≥ 0.95 (a wrong automatic answer costs more than a slow right one). Nothing
here is a pass/fail test; it prints figures for benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from agentdesk import autoresponse_rules as ar  # noqa: E402
from agentdesk.db import open_database  # noqa: E402
from agentdesk.demo import generate  # noqa: E402
from agentdesk.services import autoresponse, knowledge  # noqa: E402

DATA = Path(__file__).with_name("data") / "autoresponse_labelled.jsonl"
THRESHOLDS = [round(0.30 + 0.05 * i, 2) for i in range(14)]  # 0.30 … 0.95
TARGET = 0.95


def load() -> list[dict]:
    return [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]


def demo_workspace(directory: str, pg_admin: str | None = None):
    """The demo workspace (seed 1): its 40 articles, a few customers and tickets. On
    PostgreSQL (``pg_admin``: a URL of a database to create the scratch one from)."""
    db = open_database(pg_scratch(pg_admin) if pg_admin else str(Path(directory) / "demo.db"))
    generate(db, customers=20, tickets=20, seed=1)
    with db.session() as s:
        knowledge.ensure_index(s)
        s.commit()
    return db


SCRATCH = "agentdesk_bench_autoresponse"


def pg_scratch(admin_url: str, drop: bool = False) -> str:
    """A fresh scratch database beside ``admin_url`` (or, with drop, only dropped)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as c:
        c.execute(text(f"DROP DATABASE IF EXISTS {SCRATCH} WITH (FORCE)"))
        if not drop:
            c.execute(text(f"CREATE DATABASE {SCRATCH}"))
    engine.dispose()
    return admin_url.rsplit("/", 1)[0] + "/" + SCRATCH


def run_matches(db, rows: list[dict]) -> list[dict]:
    out = []
    with db.session() as s:
        cats = tuple(autoresponse.answerable_categories(s))
        settings = ar.Settings(True, 0.0, cats)
        for r in rows:
            facts = ar.MessageFacts(text=f"{r['subject']}\n{r['text']}", new_ticket=True)
            found = autoresponse.match(s, r["subject"], r["text"], settings, facts)
            out.append({**r, "got": found.external_id, "decision": found.decision, "scores": found.scores,
                        "public": found.public, "category": found.category, "title": found.title})
    return out


def sweep(results: list[dict], conf_of=None) -> list[ar.Measured]:
    """(threshold, precision, coverage) at each threshold; conf_of(result) → confidence."""
    out = []
    for t in THRESHOLDS:
        answered = right = 0
        for r in results:
            d = r["decision"]
            conf = conf_of(r) if conf_of else d.confidence
            if (d.answer or d.skip == ar.Skip.LOW_CONFIDENCE) and conf >= t:
                answered += 1
                right += r["got"] == r["label"]
        out.append(ar.Measured(t, right / answered if answered else 1.0, answered / len(results)))
    return out


def chosen(measured: list[ar.Measured]) -> ar.Measured | None:
    """The lowest threshold from which precision stays ≥ TARGET."""
    best = None
    for m in reversed(measured):
        if m.precision < TARGET:
            break
        best = m
    return best


def fit(results: list[dict], scale: ar.Scale) -> None:
    """The grid HALF_SCORE[scale] and SEPARATION_WEIGHT were chosen on: for each pair, the
    lowest threshold with precision ≥ TARGET, and precision and coverage at the shipped
    DEFAULT_THRESHOLD (one threshold should mean the same on both backends)."""
    halves = (2.0, 4.0, 6.0, 8.0, 10.0, 14.0, 20.0) if scale == ar.Scale.BM25 else (0.1, 0.2, 0.3, 0.4, 0.5, 0.7, 1.0)
    print(f"\nGrid ({scale}): HALF (score at half strength) × W (weight of the separation)")
    print(f"{'half':>6} {'W':>5} {'lowest':>7} {'prec.':>6} {'cover.':>6}   at {ar.DEFAULT_THRESHOLD:.2f}: "
          f"{'prec.':>6} {'cover.':>6}")
    for half in halves:
        for w in (0.3, 0.4, 0.5, 0.6, 0.7):
            def conf(r, half=half, w=w):
                sc = r["scores"]
                return ar.confidence(sc[0], sc[1] if len(sc) > 1 else None, scale, half=half, weight=w) if sc else 0.0
            measured = sweep(results, conf)
            m = chosen(measured)
            at = next(x for x in measured if abs(x.threshold - ar.DEFAULT_THRESHOLD) < 1e-9)
            low = f"{m.threshold:7.2f} {m.precision:6.3f} {m.coverage:6.3f}" if m else f"{'-':>7} {'-':>6} {'-':>6}"
            print(f"{half:6.1f} {w:5.1f} {low}         {at.precision:6.3f} {at.coverage:6.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--fit", action="store_true", help="also print the grid HALF_SCORE and the weight were chosen on")
    ap.add_argument("--misses", action="store_true", help="list wrong answers and missed labelled messages")
    ap.add_argument("--pg", metavar="URL", help="measure on PostgreSQL (a scratch database beside URL)")
    ap.add_argument("--at", type=float, default=ar.DEFAULT_THRESHOLD, help="the threshold --misses lists at")
    args = ap.parse_args()
    rows = load()
    labelled = sum(1 for r in rows if r["label"])
    with tempfile.TemporaryDirectory() as d:
        t0 = time.perf_counter()
        db = demo_workspace(d, args.pg)
        t1 = time.perf_counter()
        try:
            results = run_matches(db, rows)
        finally:
            t2 = time.perf_counter()
            db.dispose()
            if args.pg:
                pg_scratch(args.pg, drop=True)
    print("PostgreSQL (term-match scores)" if args.pg else "SQLite (FTS5, BM25)")
    print(f"{len(rows)} messages ({labelled} with an answering article), demo workspace in {t1 - t0:.1f} s, "
          f"decisions in {(t2 - t1) * 1000 / len(rows):.1f} ms each")
    skips: dict[str, int] = {}
    for r in results:
        if r["decision"].skip not in (None, ar.Skip.LOW_CONFIDENCE):
            skips[str(r["decision"].skip)] = skips.get(str(r["decision"].skip), 0) + 1
    print("never answered (rules):", ", ".join(f"{k} {v}" for k, v in sorted(skips.items())))
    measured = sweep(results)
    print(f"\n{'threshold':>9} {'precision':>9} {'coverage':>8} {'recall':>7}")
    for m in measured:
        right = round(m.precision * m.coverage * len(rows))
        print(f"{m.threshold:9.2f} {m.precision:9.3f} {m.coverage:8.3f} {right / labelled:7.3f}")
    pick = chosen(measured)
    if pick:
        print(f"\ndefault threshold {pick.threshold:.2f} (lowest with precision ≥ {TARGET}): precision "
              f"{pick.precision:.3f}, coverage {pick.coverage:.3f}; shipped DEFAULT_THRESHOLD {ar.DEFAULT_THRESHOLD}")
    print("PRECISION_AT = (" + ", ".join(f"Measured({m.threshold}, {m.precision:.3f}, {m.coverage:.3f})"
                                         for m in measured) + ")")
    if args.misses:
        t = args.at
        print(f"\nat {t:.2f}:")
        for r in results:
            d = r["decision"]
            answered = (d.answer or d.skip == ar.Skip.LOW_CONFIDENCE) and d.confidence >= t
            if (answered and r["got"] != r["label"]) or (not answered and r["label"]):
                print(f"  #{r['id']:>3} {'WRONG' if answered else 'missed'} label={r['label']} got={r['got']} "
                      f"conf={d.confidence:.2f} skip={d.skip} scores={[round(x, 2) for x in r['scores'][:3]]} "
                      f"{r['subject']} / {r['text'][:50]}")
    if args.fit:
        fit(results, ar.Scale.TERMS if args.pg else ar.Scale.BM25)


if __name__ == "__main__":
    main()
