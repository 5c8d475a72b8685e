"""Helpers shared by the sync tests (no tests here): a team server on the real
PostgreSQL of the pg_db fixture, and agents' SQLite replicas in files."""

from __future__ import annotations

from sqlalchemy import create_engine, select
from sqlalchemy.engine import make_url

from agentdesk.db import Database, open_database
from agentdesk.models import Base
from agentdesk.sync.engine import LocalReplica, SyncClient
from agentdesk.sync.transport import HttpTransport

T = Base.metadata.tables

# What must be equal between a replica and the server (the rows agents see and edit).
COMPARED = {
    "tickets": ("id", "number", "subject", "status", "priority", "priority_rank", "category", "assignee_id",
                "tags_text", "message_count", "reopen_count", "solved_at", "first_response_at", "updated_at", "rev", "deleted"),
    "ticket_tags": ("id", "ticket_id", "tag", "deleted", "rev"),
    "messages": ("id", "ticket_id", "direction", "kind", "body", "author_agent_id", "created_at", "rev"),
    "follow_ups": ("id", "agent_id", "ticket_id", "title", "due_at", "status", "rev"),
}


def secure(db: Database, attempts: int = 6) -> None:
    """What `admin init-server` does to a database (grants, policies, the server's role),
    in a session of the owner. The roles are the cluster's: when another test run on the
    same cluster does this at the same moment, PostgreSQL may refuse one ALTER/GRANT ROLE
    with "tuple concurrently updated"; that one is tried again."""
    import time

    from sqlalchemy.exc import InternalError

    from agentdesk.server.security import apply_security

    for attempt in range(attempts):
        try:
            with db.session() as s:
                apply_security(s)
            return
        except InternalError as exc:
            if "tuple concurrently updated" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.1 * (attempt + 1))


def replica(tmp_path, name: str, login: str) -> LocalReplica:
    return LocalReplica(open_database(f"sqlite:///{tmp_path / (name + '.db')}"), login)


class TeamServer:
    """`agentdesk server`'s app over a test database, served in-process (Starlette's
    TestClient: the real routes, auth, JSON and database scoping, without a socket).
    It connects as the server's own database role, as in production."""

    def __init__(self, db: Database, *, pokes: bool = False, limits=None, secure_db: bool = True):
        from starlette.testclient import TestClient

        from agentdesk.server.app import create_app
        from agentdesk.server.security import SERVER_ROLE

        self.db = db
        if secure_db:  # False: the database has it already (a child process of a test)
            secure(db)
        url = make_url(db.url).set(username=SERVER_ROLE, password=None)
        self.engine = create_engine(url, pool_size=4, max_overflow=8)
        self.app = create_app(self.engine, check=False, pokes=pokes, limits=limits)
        self.http = TestClient(self.app, base_url="http://127.0.0.1")
        if pokes:
            self.http.__enter__()  # runs the lifespan: the LISTEN task
        self.pokes = pokes

    def token(self, login: str) -> str:
        from agentdesk.server import auth

        with self.db.engine.begin() as conn:
            agent_id = conn.execute(select(T["agents"].c.id).where(T["agents"].c.login == login)).scalar_one()
            return auth.issue_token(conn, agent_id, client="tests")[0]

    def transport(self, login: str, **kw) -> HttpTransport:
        if "token" not in kw and "password_source" not in kw:
            kw["token"] = self.token(login)
        return HttpTransport("http://127.0.0.1", login, client=self.http, ws_connect=self._ws, **kw)

    def _ws(self, path: str, headers: dict):
        return _WsSession(self.http.websocket_connect(path, headers=headers))

    def close(self) -> None:
        if self.pokes:
            self.http.__exit__(None, None, None)
        self.http.close()
        self.engine.dispose()


class _WsSession:
    """TestClient's WebSocket session with the websockets client's face (iterate, close)."""

    def __init__(self, ctx):
        self._ctx = ctx
        self._ws = ctx.__enter__()

    def __iter__(self):
        from starlette.websockets import WebSocketDisconnect

        while True:
            try:
                yield self._ws.receive_text()
            except (WebSocketDisconnect, RuntimeError):
                return

    def close(self) -> None:
        try:
            self._ctx.__exit__(None, None, None)
        except Exception:  # noqa: BLE001 - already closed by the server
            pass


_SERVERS: dict[str, TeamServer] = {}


def team_server(db: Database, **kw) -> TeamServer:
    """The in-process team server of ``db`` (one per database; closed with pg_db)."""
    srv = _SERVERS.get(db.url)
    if srv is None:
        srv = _SERVERS[db.url] = TeamServer(db, **kw)
    return srv


def close_team_server(db: Database) -> None:
    srv = _SERVERS.pop(db.url, None)
    if srv is not None:
        srv.close()


def http(db: Database, login: str, **kw) -> HttpTransport:
    """A desk's transport to the team server of ``db``, signed in as ``login``."""
    return team_server(db).transport(login, **kw)


def client(rep: LocalReplica, server: Database) -> SyncClient:
    c = SyncClient(rep, http(server, rep.agent_login))
    first = c.pull_once()
    assert first is not None and first.full, c.status().last_error
    return c


def dump(db: Database, tables=COMPARED, where_agent=None) -> dict:
    """Rows as sorted tuples; follow-ups limited to one agent's (what that agent pulls)."""
    out = {}
    with db.engine.connect() as conn:
        for table, cols in tables.items():
            t = T[table]
            stmt = select(*[t.c[c] for c in cols])
            if table == "follow_ups" and where_agent is not None:
                stmt = stmt.where(t.c.agent_id == where_agent)
            out[table] = sorted(tuple(r) for r in conn.execute(stmt))
    return out


def agent_id(db: Database, login: str):
    with db.engine.connect() as conn:
        return conn.execute(select(T["agents"].c.id).where(T["agents"].c.login == login)).scalar_one()


def close(*reps: LocalReplica) -> None:
    for r in reps:
        r.db.dispose()
