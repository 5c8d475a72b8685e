"""The change feed: the server's clock, the rows an agent may pull, and the windows the
pull endpoint streams (app.py). Row-level security scopes every read as a second wall;
``feed_filter`` narrows personal tables to their owner."""

from __future__ import annotations

import json
import uuid
from typing import Iterator

from sqlalchemy import Table, create_engine, select, text
from sqlalchemy.engine import Connection, Engine, make_url

from agentdesk.models import Base
from agentdesk.server.tx import LEAD_ROLES
from agentdesk.sync import protocol as p

T: dict[str, Table] = Base.metadata.tables


def server_engine(url: str) -> Engine:
    """An engine for the team server; a dead server fails fast instead of hanging."""
    u = make_url(url)
    if u.drivername == "postgresql":
        u = u.set(drivername="postgresql+psycopg")
    return create_engine(u, pool_pre_ping=True, connect_args={"connect_timeout": 5})


def read_clock(conn: Connection) -> tuple[int, uuid.UUID]:
    v, epoch = conn.execute(text("SELECT v, epoch FROM sync_clock WHERE id = 1")).one()
    return int(v), epoch


def new_epoch(engine: Engine) -> uuid.UUID:
    """After a restore or reseed: every client's cursor becomes invalid (full resync)."""
    epoch = uuid.uuid4()
    with engine.begin() as conn:
        conn.execute(text("UPDATE sync_clock SET epoch = :e WHERE id = 1"), {"e": epoch})
    return epoch


def stamp_unversioned(engine: Engine) -> int:
    """Stamps rows written outside the sync path (rev 0: seeding with the plain services,
    imports) with a new version, so incremental pulls deliver them; returns it."""
    with engine.begin() as conn:
        v = conn.execute(text("UPDATE sync_clock SET v = v + 1 WHERE id = 1 RETURNING v")).scalar_one()
        for table in p.PULL_TABLES:
            conn.execute(text(f"UPDATE {table} SET rev = :v WHERE rev = 0"), {"v": v})
        conn.execute(text("SELECT pg_notify(:ch, :payload)"), {"ch": p.NOTIFY_CHANNEL, "payload": json.dumps({"team": None, "v": v})})
    return int(v)


# --- the change feed ----------------------------------------------------------------
def feed_filter(table: str, agent_id: uuid.UUID | None):
    """Rows of a table this agent pulls: personal tables only their own."""
    t = T[table]
    if table in ("follow_ups", "article_votes"):
        return t.c.agent_id == agent_id
    if table == "sync_conflicts":
        return (t.c.agent_id == agent_id) | (t.c.other_agent_id == agent_id)
    if table == "templates":
        return (t.c.scope == "team") | (t.c.owner_agent_id == agent_id)
    if table == "kb_articles":
        # Published articles; one's own proposals; leads also the ones to review.
        agents = T["agents"]
        is_lead = select(agents.c.id).where(agents.c.id == agent_id, agents.c.role.in_(LEAD_ROLES)).exists()
        return (t.c.status == "published") | (t.c.proposed_by_id == agent_id) | is_lead
    return None


def read_changes(conn: Connection, table: str, after: int, upto: int, agent_id: uuid.UUID | None,
                 batch: int = 1000) -> Iterator[list[dict]]:
    """Rows with rev in (after, upto], in batches, from the caller's snapshot."""
    t = T[table]
    stmt = select(t).where(t.c.rev > after, t.c.rev <= upto).order_by(t.c.rev, t.c.id)
    cond = feed_filter(table, agent_id)
    if cond is not None:
        stmt = stmt.where(cond)
    result = conn.execution_options(stream_results=True, yield_per=batch).execute(stmt)
    for part in result.partitions():
        yield [dict(r._mapping) for r in part]


def read_rows(conn: Connection, table: str, column: str, ids: list[uuid.UUID]) -> list[dict]:
    t = T[table]
    return [dict(r._mapping) for r in conn.execute(select(t).where(t.c[column].in_(ids)))]

