"""Korean morphological analysis (kiwipiepy) against the app's Hangul bigrams (issue 16).

    .venv/bin/python benchmarks/bench_kb_morph.py                  # 40 and 50,040 articles
    .venv/bin/python benchmarks/bench_kb_morph.py --articles 0     # the 40 only

Measures kiwipiepy's cost (import, model load, resident memory added, analysis rate)
and, on both query sets (kb_queries.json, kb_paraphrase_queries.json), recall@3 / MRR
and search latency of three indexes built the same way as the app's kb_fts (FTS5,
porter for English, BM25 with weights title 5 / body 1 / tags 2, OR of terms, terms in
more than 5% of the articles dropped, the app's thesaurus applied to the query):

- bigrams: the app's own index_text (Hangul character bigrams with bridging);
- morphemes: kiwipiepy's content morphemes (nouns, verb and adjective stems, roots,
  foreign words, adverbs) as lemmas, Latin words as they are;
- both: bigrams and morphemes (marked so they never meet) in one index, the query OR-ing both.

An experiment, not the product: the app does not import kiwipiepy (see
benchmarks/README.md, "Morphological analysis", for why).
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import resource
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_kb import PARAPHRASES, QUERIES, generated_articles  # noqa: E402

from agentdesk.services import knowledge, textsearch  # noqa: E402

CONTENT = ("NNG", "NNP", "VV", "VA", "XR", "SL", "MAG", "NR", "SN", "NP")
MARK = "ㅁ"  # morpheme terms are stored as ㅁ<lemma>: never equal to a bigram or an English word


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Morph:
    def __init__(self) -> None:
        before = rss_mb()
        t0 = time.perf_counter()
        import kiwipiepy

        t1 = time.perf_counter()
        self.kiwi = kiwipiepy.Kiwi()
        self.kiwi.tokenize("모델을 불러옵니다")  # the model loads lazily on first use
        t2 = time.perf_counter()
        self.version = kiwipiepy.__version__
        self.import_s, self.load_s, self.rss_added = t1 - t0, t2 - t1, rss_mb() - before

    def terms(self, text: str) -> list[str]:
        out = []
        for tok in self.kiwi.tokenize(text):
            if tok.tag in CONTENT:
                form = tok.form.lower()
                if textsearch.is_cjk(form):
                    out.append(MARK + form)
                elif tok.tag == "SL":
                    out.append(form)
        return out


def build(path: str, articles: list[dict], kind: str, morph: Morph | None) -> tuple[sqlite3.Connection, float]:
    con = sqlite3.connect(path)
    con.execute("CREATE VIRTUAL TABLE f USING fts5(title, body, tags, tokenize='porter unicode61 remove_diacritics 2')")
    con.execute("CREATE VIRTUAL TABLE v USING fts5vocab(f, 'row')")
    t0 = time.perf_counter()
    rows = []
    for i, a in enumerate(articles):
        cols = [a["title"], a["body"], " ".join([*a.get("tags", []), a.get("category", "")])]
        vals = []
        for c in cols:
            parts = []
            if kind in ("bigrams", "both"):
                parts.append(textsearch.index_text(c))
            if kind in ("morphemes", "both"):
                m = morph.terms(c) if morph else []
                if kind == "morphemes":  # Latin words come from the analyser too (SL), Hangul only as morphemes
                    parts.append(" ".join(m))
                else:
                    parts.append(" ".join(t for t in m if t.startswith(MARK)))
            vals.append(" ".join(parts))
        rows.append((i, *vals))
    con.executemany("INSERT INTO f(rowid, title, body, tags) VALUES (?, ?, ?, ?)", rows)
    con.commit()
    return con, time.perf_counter() - t0


def query_terms(q: str, kind: str, morph: Morph | None) -> list[str]:
    q = knowledge.expand_query(q)
    terms: list[str] = []
    if kind in ("bigrams", "both"):
        terms += [t for t in textsearch.search_terms(q) if not (textsearch.is_cjk(t) and t in knowledge.COMMON_BIGRAMS)]
    if kind in ("morphemes", "both"):
        m = morph.terms(q) if morph else []
        terms += m if kind == "morphemes" else [t for t in m if t.startswith(MARK)]
    return [t for t in dict.fromkeys(terms) if t not in knowledge.STOPWORDS]


def search(con: sqlite3.Connection, terms: list[str], total: int, k: int = 10) -> list[int]:
    if not terms:
        return []
    cap = max(knowledge.COMMON_TERM_MIN_DOCS, int(total * knowledge.COMMON_TERM_SHARE))
    scored = []
    for t in terms:
        row = con.execute("SELECT doc FROM v WHERE term = ?", (textsearch.light_stem(t) if not textsearch.is_cjk(t)
                                                               and not t.startswith(MARK) else t,)).fetchone()
        df = row[0] if row else (cap // 2 if not textsearch.is_cjk(t) else 0)
        if df > 0:
            scored.append((df, t))
    scored.sort()
    kept = [t for df, t in scored if df <= cap] or [t for _df, t in scored[:1]]
    kept = kept[: knowledge.MAX_TERMS]
    if not kept:
        return []
    m = " OR ".join(textsearch.fts_phrase(t) for t in kept)
    w = ", ".join(str(x) for x in knowledge.BM25_WEIGHTS)
    return [r[0] for r in con.execute(f"SELECT rowid FROM f WHERE f MATCH ? ORDER BY bm25(f, {w}), rowid LIMIT ?",
                                      (m, k))]


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def evaluate(con, articles, total, qsets, kind, morph) -> dict:
    pos = {a["external_id"]: i for i, a in enumerate(articles)}
    out = {}
    for name, qs in qsets.items():
        ranks, times = [], []
        for q in qs:
            t0 = time.perf_counter()
            found = search(con, query_terms(q["query"], kind, morph), total)
            times.append((time.perf_counter() - t0) * 1000)
            want = pos[q["relevant"]]
            ranks.append(found.index(want) + 1 if want in found else None)
        n = len(ranks)
        out[name] = (sum(1 for r in ranks if r and r <= 3) / n, sum(1 / r for r in ranks if r) / n,
                     pct(times, 50), pct(times, 95))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=50_000)
    args = ap.parse_args()
    import tempfile

    spec = json.loads(QUERIES.read_text(encoding="utf-8"))
    para = json.loads(PARAPHRASES.read_text(encoding="utf-8"))["queries"]
    qsets = {"original ko": [q for q in spec["queries"] if q["language"] == "ko"],
             "original en": [q for q in spec["queries"] if q["language"] == "en"],
             "paraphrases": para}
    gc.collect()
    morph = Morph()
    print(f"kiwipiepy {morph.version}: import {morph.import_s:.2f} s, model load {morph.load_s:.2f} s, "
          f"resident memory +{morph.rss_added:.0f} MB")
    sample = [a["body"] for a in spec["articles"]] * 5
    t0 = time.perf_counter()
    chars = sum(len(s) for s in sample)
    for s in sample:
        morph.terms(s)
    secs = time.perf_counter() - t0
    print(f"analysis: {chars / secs / 1000:.0f} k characters/s (one core)")
    corpora = [("40", spec["articles"])]
    if args.articles:
        rows = generated_articles(args.articles) + spec["articles"]
        random.Random(5).shuffle(rows)
        corpora.append((f"{len(rows):,}", rows))
    with tempfile.TemporaryDirectory() as tmp:
        for label, arts in corpora:
            for kind in ("bigrams", "morphemes", "both"):
                con, secs = build(f"{tmp}/{kind}-{len(arts)}.db", arts, kind, morph)
                res = evaluate(con, arts, len(arts), qsets, kind, morph)
                evaluate(con, arts, len(arts), qsets, kind, morph)  # warm
                res = evaluate(con, arts, len(arts), qsets, kind, morph)
                print(f"{label} articles, {kind:<9} (index {secs:6.1f} s): " + "  ".join(
                    f"{n}: r@3 {r3:5.1%} MRR {mrr:.3f} p50 {p50:.1f} p95 {p95:.1f} ms"
                    for n, (r3, mrr, p50, p95) in res.items()), flush=True)
                con.close()
    print(f"resident memory at the end: {rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
