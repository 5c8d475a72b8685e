"""Helpers shared by the sync tests (no tests here): a team server on the real
PostgreSQL of the pg_db fixture, and agents' SQLite replicas in files."""

from __future__ import annotations

from sqlalchemy import select

from agentdesk.db import Database, open_database
from agentdesk.models import Base
from agentdesk.sync.engine import LocalReplica, SyncClient

T = Base.metadata.tables

# What must be equal between a replica and the server (the rows agents see and edit).
COMPARED = {
    "tickets": ("id", "number", "subject", "status", "priority", "priority_rank", "category", "assignee_id",
                "tags_text", "message_count", "reopen_count", "solved_at", "first_response_at", "updated_at", "rev", "deleted"),
    "ticket_tags": ("id", "ticket_id", "tag", "deleted", "rev"),
    "messages": ("id", "ticket_id", "direction", "kind", "body", "author_agent_id", "created_at", "rev"),
    "follow_ups": ("id", "agent_id", "ticket_id", "title", "due_at", "status", "rev"),
}


def replica(tmp_path, name: str, login: str) -> LocalReplica:
    return LocalReplica(open_database(f"sqlite:///{tmp_path / (name + '.db')}"), login)


def client(rep: LocalReplica, server: Database) -> SyncClient:
    c = SyncClient(rep, server)
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
