"""Helpers for the webhook tests: a real HTTP server (uvicorn on a free port, in a thread)
for any Starlette app, a vendor's API that records what it was sent and answers as told,
and row counts of every table (to prove a refused webhook stored nothing)."""

from __future__ import annotations

import socket
import threading
import time
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field

import uvicorn
from sqlalchemy import func, select
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from agentdesk.models import Base


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(app, port: int | None = None):
    """``app`` under a real uvicorn on 127.0.0.1; yields its base URL."""
    port = port or free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, name="test-uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@dataclass
class Seen:
    method: str
    path: str
    headers: dict
    body: bytes


@dataclass
class FakeVendor:
    """Any vendor's API: records each request, answers with the next queued answer (or
    ``default``). An answer is (status, JSON or bytes, headers), or ("hang", seconds, {}):
    answer only after that long (past the client's timeout)."""

    seen: list[Seen] = field(default_factory=list)
    answers: deque = field(default_factory=deque)
    default: tuple = (200, {}, {})

    def app(self) -> Starlette:
        async def any_request(request: Request) -> Response:
            self.seen.append(Seen(request.method, request.url.path, dict(request.headers), await request.body()))
            status, doc, headers = self.answers.popleft() if self.answers else self.default
            if status == "hang":
                import asyncio

                await asyncio.sleep(doc)
                status, doc = 200, {}
            if isinstance(doc, bytes):
                return Response(doc, status_code=status, headers=headers)
            return JSONResponse(doc, status_code=status, headers=headers)

        return Starlette(routes=[Route("/{path:path}", any_request, methods=["GET", "POST"])])


def row_counts(session) -> dict[str, int]:
    """Rows in every table of the schema."""
    return {name: session.scalar(select(func.count()).select_from(table))
            for name, table in Base.metadata.tables.items()}
