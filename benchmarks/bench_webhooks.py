"""Webhook intake throughput (issue 14): signed Standard Webhooks deliveries through the
real gateway app (uvicorn on 127.0.0.1) into a workspace, and the cost of refusing a bad
signature. Run on demand:

    .venv/bin/python benchmarks/bench_webhooks.py [--messages 500] [--pg postgresql+psycopg://postgres@127.0.0.1/postgres]

Without --pg, an embedded workspace (LocalSink on a fresh SQLite file); with --pg (an
admin connection), a team database made for the run, migrated and set up as
`agentdesk admin init-server` does (its ticket-number function lets concurrent writers
pass each other; a bare migrated database makes them collide and retry), dropped at the
end (ServerSink). Prints messages/s and latency percentiles per request, one connection
at a time and four at once.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import httpx  # noqa: E402
import uvicorn  # noqa: E402

from agentdesk.db import open_database  # noqa: E402
from agentdesk.gateway.http import make_app  # noqa: E402
from agentdesk.gateway.sink import LocalSink, ServerSink  # noqa: E402
from agentdesk.gateway.webhook_config import WebhookConfig, endpoint_from_dict  # noqa: E402
from agentdesk.webhook_auth import standard_headers  # noqa: E402

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


def serve(app) -> tuple[uvicorn.Server, str]:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.01)
    return server, f"http://127.0.0.1:{port}/hooks/partner"


def delivery(n: int, run: str) -> tuple[bytes, dict]:
    doc = {"type": "message", "id": f"{run}-m{n}", "conversation": f"{run}-c{n % 50}",
           "from": {"address": f"+8210{n % 50:08d}", "name": "홍길동"}, "text": f"카드 분실 신고합니다 ({n})"}
    body = json.dumps(doc, ensure_ascii=False).encode()
    return body, {**standard_headers(SECRET, f"{run}-e{n}", body, datetime.now(UTC)),
                  "Content-Type": "application/json"}


def timed(url: str, items, workers: int) -> tuple[float, list[float]]:
    latencies: list[float] = []
    local = threading.local()

    def one(item):
        client = getattr(local, "client", None) or httpx.Client(timeout=30)
        local.client = client
        t = time.perf_counter()
        r = client.post(url, content=item[0], headers=item[1])
        latencies.append(time.perf_counter() - t)
        return r.status_code

    start = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        codes = list(pool.map(one, items))
    wall = time.perf_counter() - start
    bad = [c for c in codes if c not in (200, 401)]
    if bad:
        raise SystemExit(f"unexpected answers: {sorted(set(bad))}")
    return wall, latencies


def report(what: str, n: int, wall: float, lat: list[float]) -> None:
    q = statistics.quantiles(lat, n=100)
    print(f"{what:42} {n / wall:8.0f}/s   p50 {q[49] * 1000:6.1f} ms   p95 {q[94] * 1000:6.1f} ms")


def main() -> None:
    import logging

    logging.getLogger("agentdesk.gateway.hooks").setLevel(logging.ERROR)  # one line per refusal otherwise
    ap = argparse.ArgumentParser()
    ap.add_argument("--messages", type=int, default=500)
    ap.add_argument("--pg", help="a migrated PostgreSQL database URL (written to)")
    args = ap.parse_args()
    dropper = None
    if args.pg:
        from sqlalchemy import create_engine, text

        from agentdesk.server.security import apply_security

        name = f"agentdesk_bench_webhooks_{os.getpid()}"
        admin = create_engine(args.pg, isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.execute(text(f'CREATE DATABASE "{name}"'))
        db = open_database(args.pg.rsplit("/", 1)[0] + "/" + name)
        with db.session() as s:
            apply_security(s)

        def dropper():
            db.dispose()
            with admin.connect() as c:
                c.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))

        sink, where = ServerSink(db.engine), "PostgreSQL (ServerSink)"
    else:
        folder = tempfile.mkdtemp(prefix="bench-webhooks-")
        sink, where = LocalSink(open_database(f"sqlite:///{folder}/ws.db")), "SQLite (LocalSink)"
    config = WebhookConfig((endpoint_from_dict({"name": "partner", "provider": "standard", "channel": "chat",
                                                "secret": SECRET}),))
    server, url = serve(make_app(config, sink))
    run = str(int(time.time()))
    print(f"webhook intake into {where}, {args.messages} messages per row")
    for workers in (1, 4):
        items = [delivery(n, f"{run}w{workers}") for n in range(args.messages)]
        wall, lat = timed(url, items, workers)
        report(f"signed messages, {workers} connection(s)", len(items), wall, lat)
    forged = [(b, {**h, "webhook-signature": "v1,AAAA"}) for b, h in
              (delivery(n, f"{run}bad") for n in range(args.messages))]
    wall, lat = timed(url, forged, 4)
    report("bad signatures refused, 4 connections", len(forged), wall, lat)
    import resource

    print(f"peak resident memory of this process (server and clients): "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    server.should_exit = True
    if dropper is not None:
        dropper()


if __name__ == "__main__":
    main()
