"""The app factory uvicorn imports in each server process (`agentdesk server`)."""

from __future__ import annotations

import os

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url


def _logging() -> None:
    """Each worker process logs as the command asked (uvicorn starts workers afresh, so
    the parent's set-up does not reach them): refusals and sign-ins, with timestamps."""
    import logging

    from agentdesk.services.pii import PiiLogFilter

    level = getattr(logging, os.environ.get("AGENTDESK_SERVER_LOG_LEVEL", "INFO").upper(), logging.INFO)
    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(logging.StreamHandler())
    root.setLevel(level)
    for handler in root.handlers:
        handler.setLevel(level)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(process)d %(name)s: %(message)s"))
        if not any(isinstance(f, PiiLogFilter) for f in handler.filters):
            handler.addFilter(PiiLogFilter())


def app():
    from agentdesk.server.app import create_app

    _logging()
    url = make_url(os.environ["AGENTDESK_SERVER_DB"])
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    pool = int(os.environ.get("AGENTDESK_SERVER_POOL", "16"))
    # The pool matches the thread pool that runs the endpoints' database work: a request
    # waits for a connection (pool_timeout) rather than failing under load.
    engine = create_engine(url, pool_size=pool, max_overflow=pool, pool_timeout=30, pool_pre_ping=True,
                           connect_args={"connect_timeout": 5, "application_name": "agentdesk-server"})
    from agentdesk.server.app import Limits

    limits = Limits(mutations_per_s=float(os.environ.get("AGENTDESK_SERVER_MUTATION_RATE", Limits.mutations_per_s)),
                    mutation_burst=float(os.environ.get("AGENTDESK_SERVER_MUTATION_BURST", Limits.mutation_burst)))
    # 2 × pool connections: three quarters for requests' threads, one quarter for pull
    # streams (create_app gives them threads // 4 slots of their own).
    return create_app(engine, threads=pool * 2 * 4 // 5, limits=limits)
