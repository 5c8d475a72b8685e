"""Who a request acts for: agents' passwords (Argon2id) and the desks' session tokens.

An agent signs in once with their login and password; the server answers with a random
token (256 bits) that the desk keeps in the OS keyring and sends as ``Authorization:
Bearer …``. The server stores only the token's SHA-256: a token has enough entropy that
a fast hash is safe, and a leaked ``server_sessions`` table signs nobody in. Tokens
expire (``TOKEN_DAYS``) and an admin can revoke them.

Plain Python over SQLAlchemy Core; the HTTP layer is app.py.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Table, insert, select, update
from sqlalchemy.engine import Connection

from agentdesk.catalogue import CodedError
from agentdesk.models import Base, utcnow

T: dict[str, Table] = Base.metadata.tables
TOKEN_DAYS = 30  # a desk signs in again after this long (or after a revocation)
SHORT_SESSION_DAYS = 0.5  # a desk that keeps no sign-in (its password is asked each time)
TOUCH_EVERY = timedelta(minutes=5)  # last_used_at is refreshed at most this often (one write, not one per request)
MIN_PASSWORD = 8
MAX_PASSWORD = 1024  # Argon2 takes any length; a megabyte "password" is only a way to burn CPU

# Argon2id with OWASP's first recommended setting (19 MiB, t=2, p=1): ~80 ms of one core
# per sign-in here, never per request. argon2-cffi's default (64 MiB, t=3, p=4) took
# ~500 ms on this 2-core machine: a shift of 200 agents signing in at 09:00 would queue
# for over a minute. Hashes made with other settings are upgraded at the next sign-in.
_hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
# Verifying against this when the login is unknown makes both answers take as long,
# so the timing does not tell which logins exist.
_DUMMY_HASH = _hasher.hash("agentdesk-no-such-agent")


class AuthError(CodedError):
    """Signing in or a token failed; the message is safe to show (it never tells whether
    the login or the password was wrong)."""


@dataclass(frozen=True)
class Principal:
    """The authenticated agent a request acts for."""

    agent_id: uuid.UUID
    login: str
    name: str
    role: str
    team_id: uuid.UUID | None
    session_id: uuid.UUID | None = None

    @classmethod
    def from_row(cls, row, session_id: uuid.UUID | None = None) -> Principal:
        return cls(row.id, row.login, row.name, row.role, row.team_id, session_id)


def check_password_policy(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AuthError(code="auth.password_short", least=MIN_PASSWORD)
    if len(password) > MAX_PASSWORD:
        raise AuthError(code="auth.password_long", most=MAX_PASSWORD)
    return password


def hash_password(password: str) -> str:
    return _hasher.hash(check_password_policy(password))


def set_password(conn: Connection, agent_id: uuid.UUID, password: str) -> None:
    """Creates or replaces the agent's password hash, and signs out their desks."""
    creds = T["agent_credentials"]
    digest = hash_password(password)
    now = utcnow()
    done = conn.execute(update(creds).where(creds.c.agent_id == agent_id).values(password_hash=digest, updated_at=now))
    if done.rowcount == 0:
        conn.execute(insert(creds).values(agent_id=agent_id, password_hash=digest, updated_at=now))
    revoke_sessions(conn, agent_id)


def has_password(conn: Connection, agent_id: uuid.UUID) -> bool:
    creds = T["agent_credentials"]
    return conn.execute(select(creds.c.agent_id).where(creds.c.agent_id == agent_id)).first() is not None


def _active_agent(conn: Connection, login: str):
    agents = T["agents"]
    return conn.execute(select(agents).where(agents.c.login == login, agents.c.deleted.is_(False))).first()


def verify_login(conn: Connection, login: str, password: str):
    """The agent row when the password is right; AuthError otherwise (one message for
    an unknown login, a wrong password and an agent without a password)."""
    wrong = AuthError(code="auth.wrong")
    if not isinstance(login, str) or not isinstance(password, str) or len(password) > MAX_PASSWORD:
        raise wrong
    agent = _active_agent(conn, login)
    creds = T["agent_credentials"]
    stored = None
    if agent is not None:
        stored = conn.execute(select(creds.c.password_hash).where(creds.c.agent_id == agent.id)).scalar()
    try:
        _hasher.verify(stored or _DUMMY_HASH, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        raise wrong from None
    if agent is None or stored is None:
        raise wrong
    if _hasher.check_needs_rehash(stored):  # parameters raised since: upgrade on the next sign-in
        conn.execute(update(creds).where(creds.c.agent_id == agent.id).values(password_hash=_hasher.hash(password)))
    return agent


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(conn: Connection, agent_id: uuid.UUID, *, client: str = "", address: str = "",
                days: float = TOKEN_DAYS, now: datetime | None = None) -> tuple[str, datetime]:
    """A new session for the agent: (token, expires_at). Only the token's hash is kept."""
    token = secrets.token_urlsafe(32)
    now = now or utcnow()
    expires = now + timedelta(days=days)
    conn.execute(insert(T["server_sessions"]).values(
        id=uuid.uuid4(), token_hash=token_hash(token), agent_id=agent_id, created_at=now, expires_at=expires,
        last_used_at=now, client=client[:200], address=address[:64]))
    return token, expires


def authenticate(conn: Connection, token: str, now: datetime | None = None) -> Principal:
    """The agent a bearer token signs in; AuthError when it is unknown, expired, revoked,
    or its agent was removed."""
    if not token or len(token) > 256:
        raise AuthError(code="auth.again")
    sessions, agents = T["server_sessions"], T["agents"]
    now = now or utcnow()
    row = conn.execute(
        select(sessions.c.id.label("session_id"), sessions.c.expires_at, sessions.c.revoked_at,
               sessions.c.last_used_at, agents)
        .join(agents, agents.c.id == sessions.c.agent_id)
        .where(sessions.c.token_hash == token_hash(token))).first()
    if row is None or row.revoked_at is not None or row.deleted:
        raise AuthError(code="auth.again")
    if row.expires_at <= now:
        raise AuthError(code="auth.expired")
    if now - row.last_used_at > TOUCH_EVERY:
        conn.execute(update(sessions).where(sessions.c.id == row.session_id).values(last_used_at=now))
    return Principal.from_row(row, row.session_id)


def revoke_token(conn: Connection, session_id: uuid.UUID) -> None:
    sessions = T["server_sessions"]
    conn.execute(update(sessions).where(sessions.c.id == session_id, sessions.c.revoked_at.is_(None))
                 .values(revoked_at=utcnow()))


def revoke_sessions(conn: Connection, agent_id: uuid.UUID) -> int:
    """Signs out every desk of the agent; returns how many sessions were live."""
    sessions = T["server_sessions"]
    return conn.execute(update(sessions).where(sessions.c.agent_id == agent_id, sessions.c.revoked_at.is_(None))
                        .values(revoked_at=utcnow())).rowcount


def list_sessions(conn: Connection, agent_id: uuid.UUID | None = None) -> list:
    sessions, agents = T["server_sessions"], T["agents"]
    stmt = (select(sessions.c.id, agents.c.login, sessions.c.client, sessions.c.address, sessions.c.created_at,
                   sessions.c.last_used_at, sessions.c.expires_at, sessions.c.revoked_at)
            .join(agents, agents.c.id == sessions.c.agent_id).order_by(sessions.c.created_at))
    if agent_id is not None:
        stmt = stmt.where(sessions.c.agent_id == agent_id)
    return list(conn.execute(stmt))


__all__ = ["AuthError", "Principal", "authenticate", "check_password_policy", "hash_password", "issue_token",
           "list_sessions", "revoke_sessions", "revoke_token", "set_password", "token_hash", "verify_login"]
