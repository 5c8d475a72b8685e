"""The app factory uvicorn imports in each server process (`agentdesk server`)."""

from __future__ import annotations

import os

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url


def app():
    from agentdesk.server.app import create_app

    url = make_url(os.environ["AGENTDESK_SERVER_DB"])
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    pool = int(os.environ.get("AGENTDESK_SERVER_POOL", "16"))
    # The pool matches the thread pool that runs the endpoints' database work: a request
    # waits for a connection (pool_timeout) rather than failing under load.
    engine = create_engine(url, pool_size=pool, max_overflow=pool, pool_timeout=30, pool_pre_ping=True,
                           connect_args={"connect_timeout": 5, "application_name": "agentdesk-server"})
    return create_app(engine, threads=pool * 2)
