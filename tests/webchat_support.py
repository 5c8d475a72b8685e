"""Helpers shared by the web-chat tests (no tests here): the team server with its chat on
a real socket over the pg_db database, a sink for the chats, and a visitor's client."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from agentdesk.db import Database
from agentdesk.models import Base

T = Base.metadata.tables


class ChatServer:
    """`agentdesk server`'s app with its web chat, on a real socket (uvicorn in a thread),
    connected as the server's own role; chats go to ``sink``."""

    def __init__(self, db: Database, *, sink=None, chat_limits=None):
        import socket

        import uvicorn

        from agentdesk.server.app import create_app
        from tests.test_sync_support import secure

        secure(db)
        self.db = db
        from agentdesk.server.security import SERVER_ROLE

        self.engine = create_engine(make_url(db.url).set(username=SERVER_ROLE, password=None), pool_size=6,
                                    max_overflow=10)
        app = create_app(self.engine, check=True, pokes=True, routing_every=0,
                         chat_sink=sink)
        assert app.state.webchat.sink is not None
        if chat_limits is not None:
            chat = app.state.webchat
            chat.__init__(self.engine, app.state.team_server.pokes, chat.sink, chat_limits)
        self.app = app
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self.port = self._sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on", ws="websockets-sansio",
                                                    timeout_graceful_shutdown=1))
        self._thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self._sock]}, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not (self.server.started and app.state.team_server.pokes.listening):
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)

    def close(self) -> None:
        self.app.state.webchat.end_streams()
        time.sleep(0.05)
        self.server.should_exit = True
        self._thread.join(5)
        self._sock.close()
        self.engine.dispose()


def set_chat_settings(db: Database, *, origins: str = "", team: str = "", hours: str = "Mon-Sun 00:00-23:59",
                      zone: str = "UTC") -> None:
    from agentdesk.services.common import set_setting

    with db.session() as s:
        set_setting(s, "webchat_origins", origins)
        set_setting(s, "webchat_team", team)
        set_setting(s, "working_hours", hours)
        set_setting(s, "time_zone", zone)


class Visitor:
    """A visitor's side of the chat API, as the widget calls it."""

    def __init__(self, url: str, origin: str | None = None, token: str | None = None):
        self.url = url
        self.origin = origin
        self.token = token
        self.http = httpx.Client(base_url=url, timeout=10)

    def headers(self) -> dict:
        h = {"Content-Type": "application/json"}
        if self.origin:
            h["Origin"] = self.origin
        if self.token:
            h["Authorization"] = f"Bearer {self.token}"
        return h

    def post(self, path: str, body: dict | None = None) -> httpx.Response:
        return self.http.post(path, content=json.dumps(body or {}), headers=self.headers())

    def start(self, **body) -> dict:
        r = self.post("/chat/api/start", body)
        assert r.status_code == 200, r.text
        self.token = r.json()["token"]
        return r.json()

    def send(self, text: str, mid: str | None = None) -> httpx.Response:
        return self.post("/chat/api/message", {"text": text, "id": mid or str(uuid.uuid4())})

    @contextmanager
    def stream(self) -> Iterator[Iterator[tuple[str, dict]]]:
        """The stream's (event, data) pairs, as they arrive."""
        with self.http.stream("GET", "/chat/api/stream", headers=self.headers(),
                              timeout=httpx.Timeout(10, read=20)) as r:
            assert r.status_code == 200, r.read()

            def events():
                event = None
                for line in r.iter_lines():
                    if line.startswith("event: "):
                        event = line[7:]
                    elif line.startswith("data: ") and event:
                        yield event, json.loads(line[6:])
                        event = None

            yield events()

    def close(self) -> None:
        self.http.close()


def chat_tickets(db: Database) -> list:
    with db.engine.connect() as c:
        return c.execute(text("SELECT id, number, team_id, channel, subject FROM tickets WHERE channel = 'chat' "
                              "ORDER BY number")).all()


class Desk:
    """An agent's desk as the tests drive it: a replica synced with the team server (the
    in-process one of test_sync_support), writing replies as the ticket view does."""

    def __init__(self, tmp_path, db: Database, login: str):
        from tests.test_sync_support import client, replica

        self.rep = replica(tmp_path, login.replace(".", "_"), login)
        self.client = client(self.rep, db)

    def reply(self, number: int, body: str) -> None:
        from tests.test_sync_support import agent_message

        self.client.pull_once()
        agent_message(self.rep, number, body)
        pushed = self.client.push_once()
        assert not getattr(pushed, "error", None), pushed

    def close(self) -> None:
        self.client.close()
        self.rep.db.dispose()
