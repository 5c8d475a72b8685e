"""Web chat on the company's site (issue 14): the widget the team server serves, and the
visitors' small API. No third-party service: a company embeds

    <script src="https://desk.example.co.kr/chat/widget.js" async></script>

in its pages (docs/webchat.md), and visitors' chats arrive as chat tickets in the team's
queue through the same intake as every channel (``sink.receive``: services/channels.py).

    GET  /chat/widget.js         the embeddable script (resources/webchat/widget.js)
    GET  /chat/                  a page with nothing but the widget (links, tests)
    POST /chat/api/start         {"name"?} → {"token", "after_hours", "hours"}: a new conversation
    POST /chat/api/message       {"text", "id"} (id: the widget's own, so a retry is stored once)
    POST /chat/api/typing        {"on"}: the visitor is (no longer) typing
    POST /chat/api/email         {"email", "text"?}: reply by email (after hours)
    GET  /chat/api/stream        Server-Sent Events: ``history`` (on each connect), then
                                 ``message`` (an agent's reply) and ``typing`` (the agent's)

The visitor's token is sent as ``Authorization: Bearer``; only its SHA-256 is stored
(chat_conversations), so nothing read from the database lets anyone into a chat, and a
token opens its own conversation only. Every call is rate-limited per address and per
conversation and size-limited (chat_rules.py). Browsers' pages may call the API from the
server's own origin and from the origins in the workspace setting ``webchat_origins``
(CORS); the team whose queue chats join is the setting ``webchat_team``.

Live: an agent's reply is written by a desk through the usual sync (a push), which ends
with the change feed's NOTIFY; the process's one LISTEN connection (server/pokes.py)
tells each visitor's stream, which reads the new public replies of its ticket. Typing
goes through NOTIFY on pokes.LIVE_CHANNEL, so a visitor served by one process and a
desk by another still see each other type.
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from agentdesk import chat_rules
from agentdesk.channels import Inbound, Received, ThreadHints
from agentdesk.models import utcnow
from agentdesk.server import scope
from agentdesk.server.pokes import LIVE_CHANNEL
from agentdesk.server.security import ADMIN

log = logging.getLogger("agentdesk.server.webchat")

CONFIG_TTL = 10.0  # seconds the settings (origins, team, working hours) are cached
HISTORY = 200  # messages a (re)connecting widget is sent
PING = 15.0  # seconds between keep-alive comments on an idle stream (proxies cut silent ones)
STREAM_QUEUE = 64  # events waiting for one stream; a stream that falls this far behind is ended
SEEN_EVERY = 60.0  # seconds between updates of a conversation's last_seen_at


class ChatSink(Protocol):
    """The intake's sink (agentdesk/gateway/sink.py)."""

    def receive(self, inbound: Inbound, team_id: uuid.UUID | None = None) -> Received: ...


@dataclass
class ChatLimits:
    """Token buckets for anonymous traffic: per address and per conversation."""

    starts_per_min: float = 6.0  # new conversations per address …
    start_burst: float = 10.0
    messages_per_s: float = 0.5  # messages per conversation …
    message_burst: float = 8.0
    address_messages_per_s: float = 2.0  # … and per address (many conversations from one place)
    address_message_burst: float = 30.0
    typing_per_s: float = 2.0
    typing_burst: float = 10.0
    streams_per_conversation: int = 3  # open streams (tabs) of one conversation
    streams_per_address: int = 30  # open streams from one address (an office behind one NAT)
    streams: int = 2000  # open streams in this process


@dataclass(frozen=True)
class ChatConfig:
    origins: frozenset[str]
    team_id: uuid.UUID | None
    in_hours: bool
    hours: str


@dataclass
class Visitor:
    """The conversation a request's token opened."""

    id: uuid.UUID
    ticket_id: uuid.UUID | None
    team_id: uuid.UUID | None
    origin: str


@dataclass(eq=False)
class _Stream:
    conversation: uuid.UUID
    ticket_id: uuid.UUID | None
    team: str | None
    address: str = ""
    queue: asyncio.Queue = field(default_factory=lambda: asyncio.Queue(STREAM_QUEUE))
    overflow: bool = False

    def put(self, event: dict) -> None:
        if self.queue.full():
            self.overflow = True  # the stream ends; the widget reconnects and gets the history
            return
        self.queue.put_nowait(event)


class ChatError(Exception):
    def __init__(self, status: int, kind: str, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status, self.kind, self.headers = status, kind, headers or {}


def _widget_source(name: str) -> bytes:
    """A file of resources/webchat/ (beside the package, or inside a PyInstaller bundle),
    read once."""
    import sys
    from pathlib import Path

    cached = _SOURCES.get(name)
    if cached is None:
        base = getattr(sys, "_MEIPASS", None)
        root = Path(base) / "resources" if base else Path(__file__).resolve().parents[2] / "resources"
        cached = _SOURCES[name] = (root / "webchat" / name).read_bytes()
    return cached


_SOURCES: dict[str, bytes] = {}


class WebChat:
    """The web chat of one server process: its limits, settings cache and visitors' streams."""

    def __init__(self, engine: Engine, pokes, sink: ChatSink | None, limits: ChatLimits | None = None):
        from agentdesk.server.app import TokenBuckets

        self.engine = engine
        self.pokes = pokes
        self.sink = sink
        self.limits = limits or ChatLimits()
        lim = self.limits
        self.starts = TokenBuckets(lim.starts_per_min / 60.0, lim.start_burst)
        self.messages = TokenBuckets(lim.messages_per_s, lim.message_burst)
        self.address_messages = TokenBuckets(lim.address_messages_per_s, lim.address_message_burst)
        self.typing = TokenBuckets(lim.typing_per_s, lim.typing_burst)
        self.desk_typing = TokenBuckets(lim.typing_per_s, lim.typing_burst)
        self.streams: set[_Stream] = set()
        self._config: tuple[float, ChatConfig] | None = None
        self._seen: dict[uuid.UUID, float] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        pokes.watchers.add(self._on_feed)
        pokes.on_desk_message = self.desk_message

    # --- settings ------------------------------------------------------------------------
    def config(self) -> ChatConfig:
        """The workspace's chat settings and whether it is within working hours now
        (cached for CONFIG_TTL seconds; blocking: call from a worker thread)."""
        import time

        cached = self._config
        if cached is not None and time.monotonic() - cached[0] < CONFIG_TTL:
            return cached[1]
        cfg = self._read_config()
        self._config = (time.monotonic(), cfg)
        return cfg

    def _read_config(self) -> ChatConfig:
        from sqlalchemy.orm import Session

        from agentdesk.services import followups
        from agentdesk.services.common import get_setting

        with self.engine.connect() as conn, conn.begin():
            _as_admin(conn)
            with Session(bind=conn) as session:
                origins = chat_rules.parse_origins(get_setting(session, chat_rules.ORIGINS_KEY))
                team_ref = (get_setting(session, chat_rules.TEAM_KEY) or "").strip()
                hours = followups.working_hours(session)
                hours_text = get_setting(session, followups.WORKING_HOURS_KEY) or "Mon-Fri 09:00-18:00"
            team_id = None
            if team_ref:
                try:
                    team_id = conn.execute(text("SELECT id FROM teams WHERE id = :r"),
                                           {"r": uuid.UUID(team_ref)}).scalar()
                except ValueError:
                    team_id = conn.execute(text("SELECT id FROM teams WHERE name = :r"), {"r": team_ref}).scalar()
                if team_id is None:
                    log.warning("web chat: no team %r (setting %s): chats go to triage", team_ref, chat_rules.TEAM_KEY)
        now = utcnow()
        in_hours = followups.next_working_time(now, hours) == now
        return ChatConfig(origins, team_id, in_hours, hours_text)

    # --- requests ------------------------------------------------------------------------
    def routes(self) -> list[Route]:
        return [
            Route("/chat/widget.js", self.widget_js, methods=["GET"]),
            Route("/chat/", self.page, methods=["GET"]),
            Route("/chat/api/start", self.start, methods=["POST", "OPTIONS"]),
            Route("/chat/api/message", self.message, methods=["POST", "OPTIONS"]),
            Route("/chat/api/typing", self.typing_event, methods=["POST", "OPTIONS"]),
            Route("/chat/api/email", self.email, methods=["POST", "OPTIONS"]),
            Route("/chat/api/stream", self.stream, methods=["GET", "OPTIONS"]),
        ]

    async def widget_js(self, request: Request) -> Response:
        return Response(_widget_source("widget.js"), media_type="application/javascript; charset=utf-8",
                        headers={"Cache-Control": "public, max-age=300", "X-Content-Type-Options": "nosniff",
                                 "Access-Control-Allow-Origin": "*"})

    async def page(self, request: Request) -> Response:
        lang = "ko" if request.query_params.get("lang", "ko") != "en" else "en"
        html = (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
                '<meta name="viewport" content="width=device-width, initial-scale=1">'
                f'<title>{"상담 채팅" if lang == "ko" else "Chat with us"}</title></head>'
                '<body><script src="/chat/widget.js" data-open="true" data-standalone="true"></script>'
                '</body></html>')
        return Response(html, media_type="text/html; charset=utf-8", headers={
            "Content-Security-Policy": "default-src 'none'; script-src 'self'; connect-src 'self'; "
                                       "style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; "
                                       "frame-ancestors 'none'",
            "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"})

    async def _handle(self, request: Request, work) -> Response:
        """CORS (the preflight and the headers), the origin check and errors as JSON."""
        origin = request.headers.get("origin")
        try:
            cfg = await run_in_threadpool(self.config)
            if not chat_rules.origin_allowed(origin, cfg.origins, _own_origin(request)):
                raise ChatError(403, "origin", "this site may not use the chat")
            cors = _cors(origin)
            if request.method == "OPTIONS":
                return Response(status_code=204, headers={
                    **cors, "Access-Control-Allow-Methods": "GET, POST",
                    "Access-Control-Allow-Headers": "Authorization, Content-Type", "Access-Control-Max-Age": "600"})
            response = await work(request, cfg)
            response.headers.update(cors)
            response.headers["Cache-Control"] = "no-store"
            return response
        except ChatError as exc:
            if exc.status not in (401, 429):
                log.info("web chat %s refused (%d): %s", request.url.path, exc.status, exc)
            headers = {**exc.headers, **(_cors(origin) if exc.kind != "origin" else {})}
            return JSONResponse({"error": str(exc), "kind": exc.kind}, status_code=exc.status, headers=headers)

    async def start(self, request: Request) -> Response:
        async def work(request: Request, cfg: ChatConfig) -> Response:
            self._need_sink()
            wait = self.starts.take(_address(request))
            if wait:
                raise ChatError(429, "rate", "too many new chats from here: try again shortly",
                                {"Retry-After": f"{wait:.0f}"})
            body = await _json_body(request)
            name = _refusal(chat_rules.check_name, body.get("name"))
            token, digest = chat_rules.new_token()
            origin = chat_rules.normalize_origin(request.headers.get("origin")) or _own_origin(request)
            cid = await run_in_threadpool(self._create, digest, name, origin)
            log.info("web chat %s started from %s", cid, origin)
            return JSONResponse({"token": token, "after_hours": not cfg.in_hours, "hours": cfg.hours})

        return await self._handle(request, work)

    async def message(self, request: Request) -> Response:
        async def work(request: Request, cfg: ChatConfig) -> Response:
            self._need_sink()
            visitor = await self._visitor(request)
            self._take(self.messages, visitor.id, "too many messages: slow down")
            self._take(self.address_messages, _address(request), "too many messages: slow down")
            body = await _json_body(request)
            message = _refusal(chat_rules.check_text, body.get("text"))
            client_id = _client_id(body.get("id"))
            received = await run_in_threadpool(self._receive, visitor, cfg, message, client_id, "")
            return JSONResponse({"ok": True, "message_id": str(received.message_id) if received.message_id else None,
                                 "duplicate": received.outcome == "duplicate"})

        return await self._handle(request, work)

    async def email(self, request: Request) -> Response:
        """After hours: the address to reply to (and the question, if any), kept with the
        conversation and written on the ticket as the visitor's message."""

        async def work(request: Request, cfg: ChatConfig) -> Response:
            self._need_sink()
            visitor = await self._visitor(request)
            self._take(self.messages, visitor.id, "too many messages: slow down")
            body = await _json_body(request)
            address = _refusal(chat_rules.check_email, body.get("email"))
            question = _refusal(chat_rules.check_text, body["text"]) if body.get("text") else ""
            client_id = _client_id(body.get("id"))
            await run_in_threadpool(self._set_email, visitor.id, address)
            received = await run_in_threadpool(self._receive, visitor, cfg, question, client_id, address)
            return JSONResponse({"ok": True, "message_id": str(received.message_id) if received.message_id else None})

        return await self._handle(request, work)

    async def typing_event(self, request: Request) -> Response:
        async def work(request: Request, cfg: ChatConfig) -> Response:
            visitor = await self._visitor(request)
            self._take(self.typing, visitor.id, "too many typing events")
            body = await _json_body(request)
            if visitor.ticket_id is not None:  # nobody to tell before the first message
                await run_in_threadpool(self._notify, {
                    "kind": "typing", "ticket": str(visitor.ticket_id),
                    "team": str(visitor.team_id) if visitor.team_id else None, "who": "customer",
                    "on": bool(body.get("on"))})
            return Response(status_code=204)

        return await self._handle(request, work)

    async def stream(self, request: Request) -> Response:
        async def work(request: Request, cfg: ChatConfig) -> Response:
            visitor = await self._visitor(request)
            address = _address(request)
            mine = sum(1 for s in self.streams if s.conversation == visitor.id)
            here = sum(1 for s in self.streams if s.address == address)
            if mine >= self.limits.streams_per_conversation or here >= self.limits.streams_per_address \
                    or len(self.streams) >= self.limits.streams:
                raise ChatError(429, "rate", "too many open chat windows", {"Retry-After": "10"})
            st = _Stream(visitor.id, visitor.ticket_id, str(visitor.team_id) if visitor.team_id else None, address)
            self._loop = asyncio.get_running_loop()
            self.streams.add(st)
            return StreamingResponse(self._events(st), media_type="text/event-stream",
                                     headers={"X-Accel-Buffering": "no"})

        return await self._handle(request, work)

    async def _events(self, st: _Stream):
        """The stream's events: the history, then replies and typing as they come."""
        try:
            yield "retry: 2000\n\n"
            if st.ticket_id is None:
                st.ticket_id, team = await run_in_threadpool(self._ticket_of, st.conversation)
                st.team = str(team) if team else None
            history, cursor = await run_in_threadpool(self._read_messages, st.ticket_id, None)
            cfg = await run_in_threadpool(self.config)
            yield _sse("history", {"messages": history, "after_hours": not cfg.in_hours, "hours": cfg.hours})
            while not st.overflow:
                try:
                    event = await asyncio.wait_for(st.queue.get(), PING)
                except TimeoutError:
                    yield ": ping\n\n"
                    continue
                if event["kind"] == "stop":
                    return
                if event["kind"] == "typing":
                    yield _sse("typing", {"on": bool(event.get("on"))})
                    continue
                # A change somewhere: the new public messages of this ticket, if any. Pokes
                # that queued up meanwhile are one read.
                while not st.queue.empty() and st.queue._queue[0]["kind"] == "poke":  # type: ignore[attr-defined]
                    st.queue.get_nowait()
                if st.ticket_id is None:
                    st.ticket_id, team = await run_in_threadpool(self._ticket_of, st.conversation)
                    st.team = str(team) if team else None
                    if st.ticket_id is None:
                        continue
                new, cursor = await run_in_threadpool(self._read_messages, st.ticket_id, cursor)
                for m in new:
                    yield _sse("message", m)
        finally:
            self.streams.discard(st)

    def end_streams(self) -> None:
        """Ends every visitor's stream (any thread): before a shutdown, which would
        otherwise wait for them (the widgets reconnect, to another process or later)."""
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._on_feed, {"kind": "stop"})

    def _on_feed(self, event: dict) -> None:
        """From the process's LISTEN loop: a change (maybe a reply) or a typing event."""
        kind = event.get("kind")
        for st in list(self.streams):
            if kind == "stop":
                st.put(event)
            elif kind == "poke":
                team = event.get("team")
                if team is None or st.team is None or team == st.team:
                    st.put(event)
            elif kind == "typing" and event.get("who") == "agent" and st.ticket_id is not None \
                    and event.get("ticket") == str(st.ticket_id):
                st.put(event)

    async def desk_message(self, who, data: dict) -> None:
        """A desk's event on its pokes socket: {"typing": {"ticket": id, "on": bool}}, the
        agent typing a reply on a chat ticket, told to that chat's visitor. Only on a
        chat ticket the agent may see (row-level security as the agent)."""
        typing = data.get("typing")
        if not isinstance(typing, dict) or self.desk_typing.take(who.agent_id):
            return
        try:
            ticket = uuid.UUID(str(typing.get("ticket")))
        except ValueError:
            return
        on = bool(typing.get("on"))

        def check_and_tell() -> None:
            with scope.as_agent(self.engine, who) as conn:
                team = conn.execute(text("SELECT team_id FROM tickets WHERE id = :t AND channel = 'chat'"),
                                    {"t": ticket}).first()
                if team is None:
                    return
                _notify(conn, {"kind": "typing", "ticket": str(ticket), "team": str(team[0]) if team[0] else None,
                               "who": "agent", "on": on, "desks": False})

        await run_in_threadpool(check_and_tell)

    # --- the database (worker threads) -----------------------------------------------------
    def _create(self, digest: str, name: str, origin: str) -> uuid.UUID:
        cid = uuid.uuid4()
        now = utcnow()
        with self.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO chat_conversations (id, token_hash, ticket_id, email, name, origin, created_at, "
                "last_seen_at) VALUES (:id, :h, NULL, '', :n, :o, :now, :now)"),
                {"id": cid, "h": digest, "n": name, "o": origin[:chat_rules.MAX_ORIGIN], "now": now})
        return cid

    def _find(self, digest: str) -> Visitor | None:
        import time

        with self.engine.begin() as conn:
            row = conn.execute(text("SELECT id, ticket_id, origin FROM chat_conversations WHERE token_hash = :h"),
                               {"h": digest}).first()
            if row is None:
                return None
            last = self._seen.get(row.id, 0.0)
            if time.monotonic() - last > SEEN_EVERY:
                conn.execute(text("UPDATE chat_conversations SET last_seen_at = :now WHERE id = :id"),
                             {"now": utcnow(), "id": row.id})
                if len(self._seen) > 100_000:
                    self._seen.clear()
                self._seen[row.id] = time.monotonic()
            team = None
            if row.ticket_id is not None:
                _as_admin(conn)
                team = conn.execute(text("SELECT team_id FROM tickets WHERE id = :t"), {"t": row.ticket_id}).scalar()
        return Visitor(row.id, row.ticket_id, team, row.origin)

    def _ticket_of(self, conversation: uuid.UUID) -> tuple[uuid.UUID | None, uuid.UUID | None]:
        with self.engine.begin() as conn:
            ticket = conn.execute(text("SELECT ticket_id FROM chat_conversations WHERE id = :id"),
                                  {"id": conversation}).scalar()
            if ticket is None:
                return None, None
            _as_admin(conn)
            return ticket, conn.execute(text("SELECT team_id FROM tickets WHERE id = :t"), {"t": ticket}).scalar()

    def _set_email(self, conversation: uuid.UUID, address: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(text("UPDATE chat_conversations SET email = :e WHERE id = :id"),
                         {"e": address, "id": conversation})

    def _receive(self, visitor: Visitor, cfg: ChatConfig, message: str, client_id: str, email: str) -> Received:
        """The visitor's message into the intake: one chat ticket per conversation."""
        assert self.sink is not None
        with self.engine.connect() as conn:
            name = conn.execute(text("SELECT name FROM chat_conversations WHERE id = :id"),
                                {"id": visitor.id}).scalar() or ""
        inbound = Inbound(
            channel="chat", external_id=f"webchat:{visitor.id}:{client_id}",
            sender_address=email or f"webchat:{visitor.id}", sender_name=name, subject="", text=message,
            received_at=utcnow(), hints=ThreadHints(conversation=f"webchat:{visitor.id}"),
            meta={"webchat": str(visitor.id), "origin": visitor.origin, **({"reply_by": "email"} if email else {})})
        received = self.sink.receive(inbound, team_id=cfg.team_id)
        if received.ticket_id is not None and received.ticket_id != visitor.ticket_id:
            with self.engine.begin() as conn:
                conn.execute(text("UPDATE chat_conversations SET ticket_id = :t WHERE id = :id"),
                             {"t": received.ticket_id, "id": visitor.id})
            # This process's streams of the conversation learn their ticket now (others at
            # their next poke).
            for st in list(self.streams):
                if st.conversation == visitor.id:
                    st.put({"kind": "poke", "team": None, "v": 0})
        return received

    def _read_messages(self, ticket: uuid.UUID | None, after: int | None) -> tuple[list[dict], int]:
        """The ticket's public messages (the visitor's and the agents' replies, never
        notes): all of them (the last HISTORY) when ``after`` is None, else the agents'
        replies stamped after it. Returns them and the new cursor."""
        if ticket is None:
            return [], after or 0
        with self.engine.connect() as conn, conn.begin():
            _as_admin(conn)
            if after is None:
                rows = conn.execute(text(
                    "SELECT * FROM (SELECT id, direction, body, author_name, created_at, rev FROM messages "
                    "WHERE ticket_id = :t AND kind = 'reply' AND direction IN ('inbound', 'outbound') "
                    "AND deleted = false ORDER BY created_at DESC LIMIT :n) m ORDER BY created_at"),
                    {"t": ticket, "n": HISTORY}).all()
                # From the rows themselves: a second statement could see a reply committed
                # since the first (READ COMMITTED) and skip it for good.
                cursor = max([0] + [r.rev for r in rows])
            else:
                rows = conn.execute(text(
                    "SELECT id, direction, body, author_name, created_at, rev FROM messages "
                    "WHERE ticket_id = :t AND kind = 'reply' AND direction = 'outbound' AND deleted = false "
                    "AND rev > :after ORDER BY rev, created_at LIMIT :n"), {"t": ticket, "after": after,
                                                                             "n": HISTORY}).all()
                cursor = max([after] + [r.rev for r in rows])
        return [_message_json(r) for r in rows], int(cursor)

    def _notify(self, event: dict) -> None:
        with self.engine.begin() as conn:
            _notify(conn, event)

    # --- helpers ---------------------------------------------------------------------------
    def _need_sink(self) -> None:
        if self.sink is None:
            raise ChatError(503, "unavailable", "web chat is not set up on this server")

    async def _visitor(self, request: Request) -> Visitor:
        header = request.headers.get("authorization", "")
        token = header[7:].strip() if header.lower().startswith("bearer ") else ""
        if not token or len(token) > 100:
            raise ChatError(401, "auth", "start a chat first")
        visitor = await run_in_threadpool(self._find, chat_rules.token_hash(token))
        if visitor is None:
            raise ChatError(401, "auth", "this chat has ended: start a new one")
        return visitor

    @staticmethod
    def _take(buckets, key, message: str) -> None:
        wait = buckets.take(key)
        if wait:
            raise ChatError(429, "rate", message, {"Retry-After": f"{max(1.0, wait):.0f}"})


def _as_admin(conn: Connection) -> None:
    """In the caller's transaction: act as the admins' group (every team's tickets), as the
    age rules do (server/routing.py). The visitor's own conversation decides which ticket."""
    conn.exec_driver_sql(f"SET LOCAL ROLE {ADMIN}")  # a fixed name, never user text


def _notify(conn: Connection, event: dict) -> None:
    conn.execute(text("SELECT pg_notify(:ch, :payload)"), {"ch": LIVE_CHANNEL, "payload": json.dumps(event)})


def _message_json(r: Any) -> dict:
    created: datetime = r.created_at
    return {"id": str(r.id), "from": "visitor" if r.direction == "inbound" else "agent", "text": r.body,
            "name": r.author_name if r.direction == "outbound" else "",
            "at": created.isoformat() if created else None}


def _sse(event: str, data: dict) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def _address(request: Request) -> str:
    return request.client.host if request.client else ""


def _own_origin(request: Request) -> str:
    return chat_rules.normalize_origin(f"{request.url.scheme}://{request.headers.get('host', '')}")


def _cors(origin: str | None) -> dict:
    if not origin:
        return {}
    return {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}


def _refusal(check, value):
    try:
        return check(value)
    except chat_rules.ChatRefused as exc:
        raise ChatError(400, exc.kind, str(exc)) from None


def _client_id(value: object) -> str:
    """The widget's id of a message (a retry carries the same one); a fresh one if absent."""
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return str(uuid.uuid4())


async def _json_body(request: Request) -> dict:
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > chat_rules.MAX_BODY):
        raise ChatError(413, "too-large", "the request is too large")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > chat_rules.MAX_BODY:
            raise ChatError(413, "too-large", "the request is too large")
    try:
        data = json.loads(bytes(body) or b"{}")
    except ValueError:
        raise ChatError(400, "invalid", "the request is not valid JSON") from None
    if not isinstance(data, dict):
        raise ChatError(400, "invalid", "the request must be a JSON object")
    return data


class TeamServerSink:
    """The intake's ServerSink (agentdesk/gateway/sink.py) as the team server runs it. The
    server's own role holds no rights outside a SET ROLE (server/security.py), so each
    chat's transaction acts as the admins' group, as the age rules do (server/routing.py):
    the same services, the same stamping for the desks' pulls, every team's queue. Built
    at the first chat (a worker thread), not when the app is made."""

    def __init__(self, engine: Engine):
        import threading

        self.engine = engine
        self._inner: Any = None
        self._lock = threading.Lock()

    def receive(self, inbound: Inbound, team_id: uuid.UUID | None = None) -> Received:
        with self._lock:
            if self._inner is None:
                from agentdesk.gateway.sink import ServerSink

                self._inner = ServerSink(self.engine)
        return self._inner.receive(inbound, team_id, before=_admin_session)


def _admin_session(session) -> None:
    session.connection().exec_driver_sql(f"SET LOCAL ROLE {ADMIN}")  # a fixed name, never user text


def default_sink(engine: Engine) -> ChatSink | None:
    """The intake's sink for chats, when the gateway's code is installed; without it the
    chat endpoints answer 503 (the widget says the chat is unavailable)."""
    from importlib.util import find_spec

    try:
        present = find_spec("agentdesk.gateway.sink") is not None
    except ImportError:  # no agentdesk.gateway package at all
        present = False
    if not present:
        log.info("web chat off: agentdesk.gateway.sink is not available")
        return None
    return TeamServerSink(engine)


__all__ = ["ChatConfig", "ChatLimits", "ChatSink", "TeamServerSink", "WebChat", "default_sink"]
