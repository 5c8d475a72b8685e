"""Helpers shared by the sync tests (no tests here): a team server on the real
PostgreSQL of the pg_db fixture, and agents' SQLite replicas in files."""

from __future__ import annotations

from sqlalchemy import create_engine, select
from sqlalchemy.engine import make_url

from agentdesk.db import Database
from agentdesk.models import Base
from agentdesk.sync.engine import LocalReplica, SyncClient
from agentdesk.sync.transport import HttpTransport
from datetime import UTC

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
    from tests.conftest import migrated_sqlite

    return LocalReplica(migrated_sqlite(tmp_path / (name + ".db")), login)


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

    def __enter__(self) -> _WsSession:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


_SERVERS: dict[str, TeamServer] = {}


def team_server(db: Database, **kw) -> TeamServer:
    """The in-process team server of ``db`` (one per database; closed with pg_db). Its
    per-agent rate limits are lifted: tests that drive one desk hard are not floods
    (the limits have their own tests, tests/test_server_attacks.py)."""
    srv = _SERVERS.get(db.url)
    if srv is None:
        from agentdesk.server.app import Limits

        kw.setdefault("limits", Limits(requests_per_s=1e6, request_burst=1e6, mutations_per_s=1e6, mutation_burst=1e6))
        srv = _SERVERS[db.url] = TeamServer(db, **kw)
    return srv


def close_team_server(db: Database) -> None:
    for registry in (_SERVERS, _LIVE):
        srv = registry.pop(db.url, None)
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


class LiveServer:
    """`agentdesk server`'s app on a real socket (uvicorn in a thread of the test
    process): for what builds its own connection from an address (profiles, the CLI,
    the connect dialog). Subprocess servers are in the fault suites."""

    def __init__(self, db: Database, *, limits=None, tls: tuple[str, str] | None = None):
        import socket
        import threading
        import time

        import uvicorn

        from agentdesk.server.app import create_app
        from agentdesk.server.security import SERVER_ROLE, apply_security

        with db.session() as s:
            apply_security(s)
        self.engine = create_engine(make_url(db.url).set(username=SERVER_ROLE, password=None), pool_size=4,
                                    max_overflow=8)
        app = create_app(self.engine, check=True, pokes=True, limits=limits)
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self.port = self._sock.getsockname()[1]
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on",
                                                    ws="websockets-sansio", timeout_graceful_shutdown=1,
                                                    ssl_certfile=tls[0] if tls else None,
                                                    ssl_keyfile=tls[1] if tls else None))
        self._thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self._sock]}, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)

    def close(self) -> None:
        self.server.should_exit = True
        self._thread.join(5)
        self._sock.close()
        self.engine.dispose()


_LIVE: dict[str, LiveServer] = {}


def live_server(db: Database, **kw) -> LiveServer:
    """The real-socket team server of ``db`` (one per database; closed with pg_db)."""
    srv = _LIVE.get(db.url)
    if srv is None:
        srv = _LIVE[db.url] = LiveServer(db, **kw)
    return srv


def self_signed(directory, host: str = "127.0.0.1") -> tuple[str, str, str]:
    """A test CA and a server certificate it signed for ``host``: (ca, cert, key) paths."""
    import ipaddress
    from datetime import datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.now(UTC)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "AgentDesk test CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(minutes=1))
          .not_valid_after(now + timedelta(days=1))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                       data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                       crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    cert = (x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(minutes=1)).not_valid_after(now + timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(host))]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .sign(ca_key, hashes.SHA256()))
    paths = [str(directory / n) for n in ("ca.pem", "server.pem", "server.key")]
    pem = serialization.Encoding.PEM
    open(paths[0], "wb").write(ca.public_bytes(pem))
    open(paths[1], "wb").write(cert.public_bytes(pem))
    open(paths[2], "wb").write(key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return paths[0], paths[1], paths[2]


def live_http(db: Database, login: str, **kw) -> HttpTransport:
    """A desk's transport to the real-socket team server of ``db`` (live pokes over a
    real WebSocket), signed in as ``login``."""
    live = live_server(db)
    if "token" not in kw and "password_source" not in kw:
        kw["token"] = team_server(db).token(login) if db.url in _SERVERS else _mint(db, login)
    return HttpTransport(live.url, login, **kw)


def _mint(db: Database, login: str) -> str:
    from agentdesk.server import auth

    with db.engine.begin() as conn:
        agent_id = conn.execute(select(T["agents"].c.id).where(T["agents"].c.login == login)).scalar_one()
        return auth.issue_token(conn, agent_id, client="tests")[0]


def agent_message(rep: LocalReplica, number: int, body: str, kind: str = "reply"):
    """What an agent writes on a replica: a public reply, or, on a ticket whose channel
    cannot carry one (a phone call), a call log, as the composer offers there."""
    from agentdesk import rules
    from agentdesk.models import Ticket

    if kind == "reply":
        with rep.db.session() as s:
            channel = s.scalar(select(Ticket.channel).where(Ticket.number == number))
        if not rules.can_deliver_reply(channel):
            kind = "call_log"
    return rep.add_message(number, body, kind=kind)
