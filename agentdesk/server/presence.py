"""Presence (issue 5): who else has a ticket open, and whether they are writing a reply.

Plain Python and SQL on the team server (PostgreSQL); no Qt. Each app sends a heartbeat
every few seconds (ui/sync.py: ``SyncController``), which rewrites the agent's one row
in ``presence``: the ticket they have open and what they do with it. Rows are never
swept: a row whose ``seen_at`` is older than the time-to-live is simply not read. Every
time is the server's clock (``now()``), never a client's, so a laptop whose clock is off
by minutes neither vanishes nor lingers.

Security (server/security.py): an agent inserts, updates and deletes only their own row
and reads the rows of tickets they can see. The agent is the one the request's scope
names (server/scope.py); ``heartbeat`` takes a login only on an owner connection (admin
tools, tests).

Presence is ephemeral server state: not in the change feed (``protocol.PULL_TABLES``),
no ``rev``, no audit entry.
"""

from __future__ import annotations

import uuid
from datetime import datetime, UTC
from typing import NamedTuple

from sqlalchemy import text
from sqlalchemy.engine import Connection

from agentdesk.server.apply import acting_agent

ACTIVITIES = ("viewing", "replying")
TTL = 30.0  # seconds a heartbeat counts for
HEARTBEAT_INTERVAL = 10.0  # seconds between heartbeats (the app's; well inside TTL)

# timestamp without time zone holding UTC (models.UTCDateTime), from the server's clock.
_NOW = "(now() AT TIME ZONE 'UTC')"


class Present(NamedTuple):
    """Another agent on a ticket: (name, activity, seen_at as aware UTC)."""

    name: str
    activity: str
    seen_at: datetime


def _as_uuid(value) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def heartbeat(conn: Connection, agent_login: str, ticket_id, activity: str = "viewing") -> bool:
    """As ``heartbeat_as``, for the agent ``agent_login`` names (owner connections: tools, tests)."""
    agent = acting_agent(conn, agent_login)
    if agent is None:
        return False
    heartbeat_as(conn, agent.id, ticket_id, activity)
    return True


def heartbeat_as(conn: Connection, agent_id: uuid.UUID, ticket_id, activity: str = "viewing") -> None:
    """Records that the acting agent has ``ticket_id`` open (``activity``: viewing or
    replying), stamped with the server's clock; ``ticket_id`` None deletes the row (the
    agent closed it). In the caller's transaction. False when the connection acts for
    no known agent (nothing written)."""
    if activity not in ACTIVITIES:
        raise ValueError(f"unknown presence activity {activity!r}: expected one of {', '.join(ACTIVITIES)}")
    if ticket_id is None:
        conn.execute(text("DELETE FROM presence WHERE agent_id = :a"), {"a": agent_id})
        return
    conn.execute(text(
        "INSERT INTO presence (agent_id, ticket_id, activity, seen_at) "
        f"VALUES (:a, :t, :act, {_NOW}) "
        "ON CONFLICT (agent_id) DO UPDATE SET ticket_id = EXCLUDED.ticket_id, "
        "activity = EXCLUDED.activity, seen_at = EXCLUDED.seen_at"),
        {"a": agent_id, "t": _as_uuid(ticket_id), "act": activity})


def others_on(conn: Connection, ticket_id, me, ttl: float = TTL) -> list[Present]:
    """The other agents whose heartbeat for ``ticket_id`` is younger than ``ttl`` seconds
    by the server's clock: those replying first, then by name. ``me`` is the asking
    agent's login (resolved like ``heartbeat``) or id; their own row is left out."""
    me_id: uuid.UUID | None
    if isinstance(me, uuid.UUID):
        me_id = me
    else:
        agent = acting_agent(conn, me)
        me_id = agent.id if agent is not None else None
    rows = conn.execute(text(
        "SELECT a.name, p.activity, p.seen_at FROM presence p JOIN agents a ON a.id = p.agent_id "
        f"WHERE p.ticket_id = :t AND p.seen_at > {_NOW} - make_interval(secs => :ttl) "
        "AND (CAST(:me AS uuid) IS NULL OR p.agent_id <> CAST(:me AS uuid)) "
        "ORDER BY p.activity = 'replying' DESC, a.name"),
        {"t": _as_uuid(ticket_id), "ttl": float(ttl), "me": me_id}).all()
    return [Present(name, activity, seen.replace(tzinfo=UTC) if seen.tzinfo is None else seen)
            for name, activity, seen in rows]


def team_presence(conn: Connection, ttl: float = TTL) -> list[tuple[uuid.UUID, uuid.UUID, str]]:
    """(agent id, ticket id, activity) of every fresh heartbeat the connection's agent may
    read: row-level security keeps a lead to the tickets of their teams (the wallboard's
    "on a contact"); an admin sees all."""
    rows = conn.execute(text(
        "SELECT p.agent_id, p.ticket_id, p.activity FROM presence p "
        f"WHERE p.seen_at > {_NOW} - make_interval(secs => :ttl) ORDER BY p.agent_id"), {"ttl": float(ttl)}).all()
    return [(a, t, act) for a, t, act in rows]


__all__ = ["ACTIVITIES", "HEARTBEAT_INTERVAL", "Present", "TTL", "heartbeat", "others_on", "team_presence"]
