"""`agentdesk server`: the HTTP and WebSocket face of the team server (Starlette).

    GET  /health              200 {"status": "ok", "schema": rev, "app": version}; 503 when the database is down
    POST /api/v1/login        {"login", "password", "client"} → {"token", "expires_at", "agent", "schema"}
    POST /api/v1/logout       signs this desk out (its token stops working)
    GET  /api/v1/me           the signed-in agent
    POST /api/v1/push         {"client_id", "mutations": [...]} → {"results": [...], "error"?}
    POST /api/v1/pull         {"epoch", "after", "window", "refetch"} → NDJSON events (server/feed.py)
    POST /api/v1/presence     {"ticket_id", "activity"} → {"others": [...]}
    GET  /api/v1/presence/team → {"presence": [{"agent_id", "ticket_id", "activity"}]} (leads, admins)
    POST /api/v1/blobs        a file's bytes (at most 20 MiB) → {"sha256", "size", "mime_type"}, as computed here
    GET  /api/v1/attachments/ID   the content of an attachment on a ticket of the agent's team (404 otherwise)
    WS   /api/v1/pokes        {"v", "team"} whenever something the agent may see changed

Every /api/v1 call but login carries ``Authorization: Bearer <token>`` and the desk's
schema revision (``X-AgentDesk-Schema``); a desk of another schema gets 409 and stays
offline on its local data. Errors are JSON ``{"error": one line, "kind": …}``.

The endpoints' database work is plain blocking SQLAlchemy, run in Starlette's thread
pool; each request's work runs as its agent (server/scope.py). The process keeps no
state a second process would need (sessions are rows; rate limits are per process, so
a flood is slowed wherever it lands), so several can run behind a load balancer.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
import uuid
from contextlib import asynccontextmanager
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket

from agentdesk import __version__
from agentdesk.catalogue import CodedError, Phrase, to_wire
from agentdesk.server import auth, blobs, feed, presence, scope
from agentdesk.services import attachments as attachment_rules
from agentdesk.server.apply import ServerApplier
from agentdesk.server.pokes import PokeHub
from agentdesk.sync import protocol as p
from agentdesk.sync import wire

log = logging.getLogger("agentdesk.server")

SCHEMA_HEADER = "X-AgentDesk-Schema"
MAX_BODY = 4 * 1024 * 1024  # bytes of one request (a push batch)
MAX_BATCH = 500  # mutations in one push
MAX_WINDOW = 5000  # versions per pull window a desk may ask for
MAX_UPLOAD = attachment_rules.MAX_FILE_BYTES  # bytes of one uploaded file


@dataclass
class Limits:
    """Per agent (and, for sign-ins, per address): a token bucket each. A desk that
    floods waits (429 and Retry-After); the others do not notice."""

    requests_per_s: float = 20.0
    request_burst: float = 200.0
    mutations_per_s: float = 50.0
    mutation_burst: float = 1000.0
    logins_per_min: float = 10.0  # failed sign-ins per address and per login
    login_burst: float = 10.0
    upload_bytes_per_s: float = 2 * 1024 * 1024  # files' content per agent: a sustained 2 MiB/s …
    upload_burst: float = 100 * 1024 * 1024  # … after a burst of four messages' worth


class TokenBuckets:
    def __init__(self, rate: float, burst: float):
        self.rate, self.burst = rate, burst
        self._state: dict[object, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key, cost: float = 1.0) -> float:
        """0 when allowed (and taken); otherwise the seconds until it would be."""
        now = time.monotonic()
        with self._lock:
            level, at = self._state.get(key, (self.burst, now))
            level = min(self.burst, level + (now - at) * self.rate)
            # A cost above the burst could never be met: it takes the whole burst instead
            # (else a batch bigger than the burst would pass uncharged, or never).
            cost = min(cost, self.burst)
            if level >= cost:
                self._state[key] = (level - cost, now)
                return 0.0
            self._state[key] = (level, now)
            if len(self._state) > 100_000:  # forget idle keys rather than grow without end
                self._state = {k: v for k, v in self._state.items() if now - v[1] < 600}
            return (cost - level) / self.rate

    def peek(self, key) -> bool:
        now = time.monotonic()
        with self._lock:
            level, at = self._state.get(key, (self.burst, now))
            return min(self.burst, level + (now - at) * self.rate) >= 1.0


class ApiError(Exception):
    """A refused request: ``message`` is English, or a Phrase / coded error whose code and
    params also go into the answer (the desk shows them in the agent's language)."""

    def __init__(self, status: int, message: str | Phrase | CodedError, kind: str, headers: dict | None = None,
                 **extra):
        super().__init__(str(message))
        self.status, self.kind, self.headers = status, kind, headers or {}
        self.extra = {**to_wire(message), **extra}


def _error(status: int, message: str, kind: str, headers: dict | None = None, **extra) -> JSONResponse:
    return JSONResponse({"error": message, "kind": kind, **extra}, status_code=status, headers=headers)


class TeamServer:
    """The state one server process holds: its engine, limits and WebSocket clients."""

    def __init__(self, engine: Engine, limits: Limits | None = None, listen_url: str | None = None):
        from agentdesk.db import head_revision

        self.engine = engine
        self.limits = limits or Limits()
        self.schema = head_revision()
        self.applier = ServerApplier(engine)
        self.requests = TokenBuckets(self.limits.requests_per_s, self.limits.request_burst)
        self.mutations = TokenBuckets(self.limits.mutations_per_s, self.limits.mutation_burst)
        self.logins = TokenBuckets(self.limits.logins_per_min / 60.0, self.limits.login_burst)
        self.uploads = TokenBuckets(self.limits.upload_bytes_per_s, self.limits.upload_burst)
        self.pokes = PokeHub(listen_url or engine.url.render_as_string(hide_password=False))

    # --- helpers -------------------------------------------------------------------------
    def check_database(self) -> None:
        """At start: the schema is this app's and init-server has run; else one line."""
        from agentdesk.server.security import SERVER_ROLE
        from agentdesk.sync.compat import IncompatibleServer, check_server_schema

        with self.engine.connect() as conn:
            try:
                check_server_schema(conn)
            except IncompatibleServer as exc:
                raise SystemExit(f"agentdesk server: {exc}") from None
            ready = conn.execute(text(
                "SELECT 1 FROM pg_roles WHERE rolname = :r") , {"r": SERVER_ROLE}).scalar() and conn.execute(text(
                "SELECT 1 FROM pg_policies WHERE schemaname = current_schema() AND tablename = 'tickets'")).scalar()
            if not ready:
                raise SystemExit("agentdesk server: this database is not set up for a team yet: "
                                 "run 'agentdesk admin init-server' first")

    def principal(self, request) -> auth.Principal:
        """The agent a request acts for (bearer token), after the schema and rate checks."""
        header = request.headers.get("authorization", "")
        token = header[7:].strip() if header.lower().startswith("bearer ") else ""
        if not token:
            raise ApiError(401, Phrase("auth.sign_in_first"), "auth")
        desk_schema = request.headers.get(SCHEMA_HEADER.lower())
        if desk_schema is not None and desk_schema != self.schema:
            raise ApiError(409, f"the team server runs schema {self.schema}, this desk {desk_schema}", "schema",
                           server_schema=self.schema)
        try:
            with self.engine.begin() as conn:
                who = auth.authenticate(conn, token)
                # The database may have been upgraded (or restored) under this running
                # process: then nothing goes through until it is restarted with that version.
                db_schema = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except auth.AuthError as exc:
            log.info("refused a token from %s: %s", _address(request), exc)
            raise ApiError(401, exc, "auth") from None
        if db_schema != self.schema:
            log.error("the database is at schema %s, this server at %s: restart it with the matching AgentDesk",
                      db_schema, self.schema)
            raise ApiError(409, f"the team database runs schema {db_schema}, this server {self.schema}", "schema",
                           server_schema=db_schema)
        wait = self.requests.take(who.agent_id)
        if wait:
            log.info("slowed %s (%s): too many requests", who.login, _address(request))
            raise ApiError(429, Phrase("server.rate_requests"), "rate", headers={"Retry-After": f"{wait:.1f}"})
        return who


def _address(request) -> str:
    client = request.client
    return client.host if client else ""


async def _raw_body(request: Request, limit: int) -> bytes:
    """The request's bytes, refused (413) past ``limit``: by its declared length before
    reading, or as it streams in without one."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        raise ApiError(413, f"the request is larger than {limit // 1024} KiB", "too-large")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise ApiError(413, f"the request is larger than {limit // 1024} KiB", "too-large")
    return bytes(body)


async def _json_body(request: Request, limit: int = MAX_BODY):
    body = await _raw_body(request, limit)
    try:
        data = wire.loads(bytes(body) or b"{}")
    except wire.WireError:
        raise ApiError(400, "the request is not valid JSON", "bad-request") from None
    if not isinstance(data, dict):
        raise ApiError(400, "the request must be a JSON object", "bad-request")
    return data


def _agent_json(who: auth.Principal) -> dict:
    return {"id": str(who.agent_id), "login": who.login, "name": who.name, "role": who.role,
            "team_id": p.plain(who.team_id)}


async def _cancelled(task: asyncio.Task | None) -> None:
    """Cancels a background loop at shutdown and waits for it; how it ends is no news then."""
    if task is None:
        return
    task.cancel()
    try:
        await task
    except (asyncio.CancelledError, Exception):  # noqa: BLE001 - shutting down
        pass


def create_app(engine: Engine, *, limits: Limits | None = None, listen_url: str | None = None,
               check: bool = True, pokes: bool = True, threads: int | None = None,
               routing_every: float | None = None, meanings_every: float | None = None,
               chat_sink=None) -> Starlette:
    """The ASGI app over the team database ``engine`` (connected as the server's role).
    ``threads``: the worker threads for requests; pull streams get a quarter as many
    slots of their own on top (the engine's pool must hold both). ``routing_every``:
    seconds between runs of the age rules (server/routing.py; default once a minute, 0: never).
    ``meanings_every``: seconds between looks for articles without a current meaning
    vector (server/kb_meaning.py; default 15 where the model is installed, 0: never).
    ``chat_sink``: where web chats go (server/webchat.py; default: the gateway's sink)."""
    import anyio

    from agentdesk.server import webchat

    srv = TeamServer(engine, limits, listen_url)
    chat = webchat.WebChat(engine, srv.pokes, chat_sink if chat_sink is not None else webchat.default_sink(engine))
    # A pull stream holds its connection from its first event to its last but runs each
    # step on a worker thread. On the shared thread pool, streams holding connections
    # waited for threads while every thread waited for a connection: the whole server
    # stood still until pool_timeout (found by benchmarks/bench_server.py at 50 desks).
    # Streams get slots and threads of their own, so both always make progress.
    stream_slots = max(1, (threads or 40) // 4)
    pull_streams = anyio.Semaphore(stream_slots)
    pull_threads = anyio.CapacityLimiter(stream_slots)

    async def health(request: Request) -> Response:
        def read():
            with engine.connect() as conn:
                return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()

        try:
            rev = await run_in_threadpool(read)
        except DBAPIError as exc:
            log.warning("health: database unavailable: %s", str(exc.orig).splitlines()[0] if exc.orig else exc)
            return _error(503, "the database is unavailable", "unavailable")
        # "live": whether this process hears the database's notifications (pokes); without
        # them desks still sync, by polling every few seconds.
        return JSONResponse({"status": "ok", "schema": rev, "app": __version__, "live": srv.pokes.listening})

    async def login(request: Request) -> Response:
        body = await _json_body(request, 64 * 1024)
        address = _address(request)
        name = str(body.get("login", ""))[:64]
        if not (srv.logins.peek(("ip", address)) and srv.logins.peek(("login", name))):
            log.warning("slowed sign-ins for %r from %s", name, address)
            raise ApiError(429, Phrase("auth.rate"), "rate", headers={"Retry-After": "60"})

        def check():
            with engine.begin() as conn:
                agent = auth.verify_login(conn, name, body.get("password"))
                days = auth.TOKEN_DAYS if body.get("remember", True) is not False else auth.SHORT_SESSION_DAYS
                token, expires = auth.issue_token(conn, agent.id, client=str(body.get("client", "")),
                                                  address=address, days=days)
                return auth.Principal.from_row(agent), token, expires

        try:
            who, token, expires = await run_in_threadpool(check)
        except auth.AuthError as exc:
            srv.logins.take(("ip", address))
            srv.logins.take(("login", name))
            log.warning("failed sign-in for %r from %s", name, address)
            raise ApiError(401, exc, "auth") from None
        log.info("%s signed in from %s", who.login, address)
        return JSONResponse({"token": token, "expires_at": expires.isoformat(), "agent": _agent_json(who),
                             "schema": srv.schema})

    async def logout(request: Request) -> Response:
        who = await run_in_threadpool(srv.principal, request)

        def revoke():
            with engine.begin() as conn:
                auth.revoke_token(conn, who.session_id)

        await run_in_threadpool(revoke)
        return Response(status_code=204)

    async def me(request: Request) -> Response:
        who = await run_in_threadpool(srv.principal, request)
        return JSONResponse({"agent": _agent_json(who), "schema": srv.schema})

    async def push(request: Request) -> Response:
        who = await run_in_threadpool(srv.principal, request)
        body = await _json_body(request)
        mutations = body.get("mutations")
        client_id = body.get("client_id")
        try:
            client_id = uuid.UUID(str(client_id))
        except ValueError:
            raise ApiError(400, "a push needs a client_id", "bad-request") from None
        if not isinstance(mutations, list) or len(mutations) > MAX_BATCH:
            raise ApiError(400, f"a push carries a list of at most {MAX_BATCH} mutations", "bad-request")
        wait = srv.mutations.take(who.agent_id, max(1, len(mutations)))
        if wait:
            log.info("slowed %s: %d mutations over the rate", who.login, len(mutations))
            raise ApiError(429, Phrase("server.rate_changes"), "rate", headers={"Retry-After": f"{wait:.1f}"})

        def apply_all():
            results, error = [], None
            for m in mutations:
                try:
                    if not isinstance(m, dict) or not isinstance(m.get("mutation_id"), str):
                        raise p.Rejected(code="server.mutation_id")
                    uuid.UUID(m["mutation_id"])
                except (p.Rejected, ValueError):
                    # Nothing to record it under: the batch stops here, the desk is told.
                    error = "a mutation without a valid mutation_id"
                    break
                try:
                    results.append(srv.applier.apply_as(who, m, client_id))
                except DBAPIError as exc:  # the database went away, a deadlock: the desk retries
                    error = f"the server could not apply it now: {type(exc.orig).__name__ if exc.orig else exc}"
                    log.warning("push of %s stopped: %s", who.login, str(exc).splitlines()[0])
                    break
            return results, error

        results, error = await run_in_threadpool(apply_all)
        out: dict = {"results": results}
        if error:
            out["error"] = error
        return Response(wire.dumps(out), media_type="application/json")

    async def pull(request: Request) -> Response:
        who = await run_in_threadpool(srv.principal, request)
        body = await _json_body(request, 256 * 1024)
        try:
            after = int(body.get("after", -1))
            window = max(1, min(MAX_WINDOW, int(body.get("window", 500))))
            refetch = [(str(t), uuid.UUID(str(i))) for t, i in body.get("refetch") or []]
        except (TypeError, ValueError):
            raise ApiError(400, "invalid pull request", "bad-request") from None
        if any(t not in p.PULL_TABLES for t, _ in refetch):
            raise ApiError(400, "invalid refetch table", "bad-request")
        epoch = body.get("epoch")

        def events():
            # One REPEATABLE READ snapshot for the whole stream, as the agent.
            try:
                with scope.as_agent(engine, who, isolation="REPEATABLE READ") as conn:
                    for event in feed.stream_pull(conn, who.agent_id, str(epoch) if epoch else None, after, window,
                                                  refetch):
                        yield wire.dumps(event) + b"\n"
            except DBAPIError as exc:
                # The answer has started: no status code can say it any more. The stream
                # ends without its "end" event, which the desk takes as a cut-off pull
                # (nothing of an unfinished window is applied) and retries.
                log.warning("pull of %s cut off: database error: %s", who.login,
                            str(exc.orig).splitlines()[0] if exc.orig else exc)

        async def stream():
            async with pull_streams:
                iterator = events()
                end = object()
                try:
                    while True:
                        chunk = await anyio.to_thread.run_sync(next, iterator, end, limiter=pull_threads)
                        if chunk is end:
                            return
                        yield chunk
                finally:
                    with anyio.CancelScope(shield=True):  # the desk went away: give the connection back now
                        await anyio.to_thread.run_sync(iterator.close, limiter=pull_threads)

        return StreamingResponse(stream(), media_type="application/x-ndjson")

    async def presence_beat(request: Request) -> Response:
        who = await run_in_threadpool(srv.principal, request)
        body = await _json_body(request, 16 * 1024)
        activity = body.get("activity", "viewing")
        if activity not in presence.ACTIVITIES:
            raise ApiError(400, "invalid activity", "bad-request")
        try:
            ticket = uuid.UUID(str(body["ticket_id"])) if body.get("ticket_id") else None
        except ValueError:
            raise ApiError(400, "invalid ticket id", "bad-request") from None

        def beat():
            with scope.as_agent(engine, who) as conn:
                presence.heartbeat_as(conn, who.agent_id, ticket, activity)
                return [] if ticket is None else presence.others_on(conn, ticket, who.agent_id)

        try:
            others = await run_in_threadpool(beat)
        except DBAPIError as exc:
            # Row-level security refuses a heartbeat on a ticket the agent cannot see.
            if type(exc.orig).__name__ == "InsufficientPrivilege":
                raise ApiError(403, Phrase("server.presence_other_team"), "forbidden") from None
            raise
        return JSONResponse({"others": [{"name": o.name, "activity": o.activity, "seen_at": o.seen_at.isoformat()}
                                        for o in others]})

    async def team_presence(request: Request) -> Response:
        """Where the reader's agents are (the supervisor's wallboard): leads and admins only."""
        who = await run_in_threadpool(srv.principal, request)
        if who.role not in ("lead", "admin"):
            raise ApiError(403, Phrase("server.presence_leads_only"), "forbidden")

        def read():
            with scope.as_agent(engine, who) as conn:
                return presence.team_presence(conn)

        rows = await run_in_threadpool(read)
        return JSONResponse({"presence": [{"agent_id": str(a), "ticket_id": str(t), "activity": act}
                                          for a, t, act in rows]})

    async def upload_blob(request: Request) -> Response:
        """A file's content, uploaded before the message that names it is pushed. The server
        hashes and sniffs it itself; what the desk may think it is counts for nothing."""
        who = await run_in_threadpool(srv.principal, request)
        declared = request.headers.get("content-length")
        wait = srv.uploads.take(who.agent_id, float(declared) if declared and declared.isdigit() else MAX_UPLOAD)
        if wait:
            log.info("slowed %s: uploads over the rate", who.login)
            raise ApiError(429, "too many files at once: slow down", "rate", headers={"Retry-After": f"{wait:.1f}"})
        data = await _raw_body(request, MAX_UPLOAD)

        def store():
            with scope.as_agent(engine, who) as conn:
                return blobs.store_upload(conn, who.agent_id, data)

        try:
            stored = await run_in_threadpool(store)
        except attachment_rules.AttachmentRefused as exc:
            raise ApiError(400, p.clip(str(exc), 300), "refused", reason=exc.reason) from None
        return JSONResponse(stored)

    async def attachment_content(request: Request) -> Response:
        """An attachment's bytes, for an agent who may read its ticket: the same 404 for one
        of another team as for one that does not exist."""
        who = await run_in_threadpool(srv.principal, request)
        try:
            attachment_id = uuid.UUID(request.path_params["attachment_id"])
        except ValueError:
            raise ApiError(404, "no such attachment", "not-found") from None

        def read():
            with scope.as_agent(engine, who) as conn:
                return blobs.read_attachment(conn, attachment_id)

        data = await run_in_threadpool(read)
        if data is None:
            raise ApiError(404, "no such attachment", "not-found")
        # Bytes to save, never a page to render: no type a browser could act on.
        return Response(data, media_type="application/octet-stream",
                        headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store",
                                 "Content-Disposition": "attachment"})

    async def pokes_ws(ws: WebSocket) -> None:
        try:
            who = await run_in_threadpool(srv.principal, ws)
        except ApiError as exc:
            await ws.close(code=4401 if exc.status == 401 else 4409 if exc.status == 409 else 4429,
                           reason=str(exc)[:120])
            return
        await ws.accept()
        await srv.pokes.serve(ws, who)

    # The handlers also see WebSocket handshakes (the pokes), which have no .method: their
    # response becomes the handshake's refusal (a 503 the desk retries after).
    async def api_error(request: Request, exc: ApiError) -> Response:
        if exc.status >= 400 and exc.kind not in ("auth", "rate"):
            log.info("%s %s refused (%d): %s", request.scope.get("method", "WEBSOCKET"), request.url.path,
                     exc.status, exc)
        return _error(exc.status, str(exc), exc.kind, exc.headers, **exc.extra)

    async def db_error(request: Request, exc: DBAPIError) -> Response:
        log.warning("%s %s: database error: %s", request.scope.get("method", "WEBSOCKET"), request.url.path,
                    str(exc.orig).splitlines()[0] if exc.orig else exc)
        return _error(503, "the database is unavailable; try again shortly", "unavailable",
                      headers={"Retry-After": "2"})

    async def pool_timeout(request: Request, exc: PoolTimeout) -> Response:
        log.warning("%s %s: no database connection free in time", request.scope.get("method", "WEBSOCKET"),
                    request.url.path)
        return _error(503, "the server is busy; try again shortly", "unavailable", headers={"Retry-After": "2"})

    @asynccontextmanager
    async def lifespan(app):
        if threads:
            import anyio.to_thread

            anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        if check:
            await run_in_threadpool(srv.check_database)
        task = asyncio.create_task(srv.pokes.run()) if pokes else None
        from agentdesk.server import routing as server_routing

        every = server_routing.TICK_SECONDS if routing_every is None else routing_every
        ticks = asyncio.create_task(server_routing.tick_loop(engine, every)) if every > 0 else None
        meanings = None
        if meanings_every != 0:
            from agentdesk.server import kb_meaning
            from agentdesk.services import kb_semantic

            if kb_semantic.available():
                meanings = asyncio.create_task(kb_meaning.meaning_loop(engine, meanings_every or kb_meaning.EVERY_S))
        try:
            yield
        finally:
            await _cancelled(meanings)
            await _cancelled(ticks)
            if task is not None:
                await srv.pokes.stop()
                await _cancelled(task)

    app = Starlette(
        routes=[
            Route("/health", health, methods=["GET"]),
            Route("/api/v1/login", login, methods=["POST"]),
            Route("/api/v1/logout", logout, methods=["POST"]),
            Route("/api/v1/me", me, methods=["GET"]),
            Route("/api/v1/push", push, methods=["POST"]),
            Route("/api/v1/pull", pull, methods=["POST"]),
            Route("/api/v1/presence", presence_beat, methods=["POST"]),
            Route("/api/v1/presence/team", team_presence, methods=["GET"]),
            Route("/api/v1/blobs", upload_blob, methods=["POST"]),
            Route("/api/v1/attachments/{attachment_id}", attachment_content, methods=["GET"]),
            WebSocketRoute("/api/v1/pokes", pokes_ws),
            *chat.routes(),
        ],
        exception_handlers={ApiError: api_error, DBAPIError: db_error, PoolTimeout: pool_timeout},  # type: ignore[dict-item]
        lifespan=lifespan,
    )
    app.state.team_server = srv
    app.state.webchat = chat
    return app


__all__ = ["ApiError", "Limits", "SCHEMA_HEADER", "TeamServer", "create_app"]
