"""`agentdesk server`: the team server, between the desks and the team's PostgreSQL.

    agentdesk server --db postgresql://agentdesk_server@db.example/agentdesk --listen 0.0.0.0:8443 \\
        --cert /etc/agentdesk/tls.crt --key /etc/agentdesk/tls.key

It connects as the database role `admin init-server` created (``agentdesk_server``; its
password from PGPASSWORD or ~/.pgpass, never the command line) and serves desks over
HTTPS and a WebSocket. Plain http only on 127.0.0.1 (a reverse proxy in front does TLS:
then give --trust-proxy with the proxy's address, and nothing else is believed about
where a request came from).
"""

from __future__ import annotations

NAME = "server"


def add_parser(sub, common) -> None:
    p = sub.add_parser(NAME, help="run the team server (desks connect to it; it owns the team database)")
    p.add_argument("--db", required=True, metavar="URL",
                   help="postgresql://agentdesk_server@HOST[:PORT]/DATABASE (password: PGPASSWORD or ~/.pgpass)")
    p.add_argument("--listen", default="127.0.0.1:8443", metavar="HOST:PORT",
                   help="the address and port to listen on (default: 127.0.0.1:8443)")
    p.add_argument("--cert", metavar="FILE", help="TLS certificate (PEM, with its chain)")
    p.add_argument("--key", metavar="FILE", help="TLS private key (PEM)")
    p.add_argument("--trust-proxy", metavar="ADDRESSES",
                   help="comma-separated addresses of reverse proxies whose X-Forwarded-For is believed")
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="server processes on this host (each listens to the database on its own)")
    p.add_argument("--pool", type=int, default=16, metavar="N", help="database connections per process (default: 16)")
    p.add_argument("--log-level", default="info", choices=("debug", "info", "warning", "error"),
                   help="how much the server logs (default: info)")
    p.add_argument("--mutation-rate", type=float, default=50.0, metavar="N",
                   help="changes per second one agent may push, sustained (default: 50; more wait)")
    p.add_argument("--mutation-burst", type=float, default=1000.0, metavar="N",
                   help="changes one agent may push at once, after an offline spell (default: 1,000)")


def parse_listen(value: str) -> tuple[str, int]:
    host, sep, port = value.rpartition(":")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"--listen wants HOST:PORT, not {value!r}")
    return host.strip("[]") or "0.0.0.0", int(port)


def run(args) -> int:
    import logging
    import os
    from pathlib import Path

    from agentdesk.server.security import postgres_url

    postgres_url(args.db)
    host, port = parse_listen(args.listen)
    if bool(args.cert) != bool(args.key):
        raise ValueError("--cert and --key go together")
    for path in (args.cert, args.key):
        if path and not Path(path).is_file():
            raise ValueError(f"no such file: {path}")
    loopback = host in ("127.0.0.1", "::1", "localhost")
    if not args.cert and not loopback:
        if not args.trust_proxy:
            raise ValueError("without --cert/--key the server listens on 127.0.0.1 only (desks' passwords and "
                             "tokens must not cross a network in the clear); put a TLS proxy in front and give "
                             "--trust-proxy, or give --cert and --key")
        logging.getLogger("agentdesk.server").warning(
            "plain http on %s: only a TLS-terminating proxy at %s may reach it", host, args.trust_proxy)
    if args.workers < 1 or args.pool < 1:
        raise ValueError("--workers and --pool must be at least 1")
    if args.mutation_rate <= 0 or args.mutation_burst < 500:
        raise ValueError("--mutation-rate must be positive and --mutation-burst at least 500 (one push batch)")
    os.environ["AGENTDESK_SERVER_MUTATION_RATE"] = str(args.mutation_rate)
    os.environ["AGENTDESK_SERVER_MUTATION_BURST"] = str(args.mutation_burst)
    os.environ["AGENTDESK_SERVER_DB"] = args.db
    os.environ["AGENTDESK_SERVER_POOL"] = str(args.pool)
    os.environ["AGENTDESK_SERVER_LOG_LEVEL"] = args.log_level
    import uvicorn

    level = getattr(logging, args.log_level.upper())
    root = logging.getLogger()
    root.setLevel(level)
    for handler in root.handlers:  # the CLI set the console to warnings; a server logs its refusals
        handler.setLevel(level)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    scheme = "https" if args.cert else "http"
    print(f"agentdesk server on {scheme}://{host}:{port} ({args.workers} process(es)); Ctrl+C stops", flush=True)
    uvicorn.run(
        "agentdesk.server.main:app", factory=True, host=host, port=port, workers=args.workers,
        ssl_certfile=args.cert, ssl_keyfile=args.key,
        # Forwarded headers only from the proxies named: anyone else could claim any address.
        proxy_headers=bool(args.trust_proxy), forwarded_allow_ips=args.trust_proxy or "",
        log_level=args.log_level, access_log=args.log_level == "debug", server_header=False,
        ws="websockets-sansio", lifespan="on", timeout_graceful_shutdown=5,
    )
    return 0
