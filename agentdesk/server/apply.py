"""Applying one pushed mutation, exactly once, in one PostgreSQL transaction.

Every write transaction here follows one shape::

    INSERT INTO sync_mutations … ON CONFLICT DO NOTHING   -- claim the mutation id
    … the writes, each touched row remembered …
    -- last, one statement (the clock row stays locked until commit):
    WITH c AS (UPDATE sync_clock SET v = v + 1 RETURNING v),
         UPDATE <table> SET rev = v WHERE id = ANY(touched), …   -- stamp
         UPDATE sync_mutations SET result = …, version = v
    SELECT v, pg_notify('agentdesk_sync', '{"team": …, "v": …}')  -- delivered at commit
"""

from __future__ import annotations

import logging
import uuid
from typing import Callable

from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Connection, Engine

from agentdesk.models import utcnow
from agentdesk.server.handlers import HANDLERS, _uuid_or_none
from agentdesk.server.tx import T, ServerTx
from agentdesk.sync import protocol as p

log = logging.getLogger("agentdesk.server")


class ServerApplier:
    """Applies one pushed mutation in one PostgreSQL transaction, exactly once."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def apply(self, mutation: dict, agent_login: str, client_id: uuid.UUID | str,
              hold: Callable[[], None] | None = None) -> dict:
        """Returns the result dict ({"status": "applied"|"rejected", "version", …}).

        A mutation id seen before returns its stored result and changes nothing. ``hold``
        runs just before the clock is bumped (tests use it to keep transactions open).
        """
        mid = uuid.UUID(str(mutation["mutation_id"]))
        with self.engine.connect() as conn, conn.begin():
            agent = acting_agent(conn, agent_login)
            claim = pg_insert(T["sync_mutations"]).values(
                mutation_id=mid, client_id=uuid.UUID(str(client_id)), result={}, applied_at=utcnow(),
                agent_id=agent.id if agent else None,
            ).on_conflict_do_nothing().returning(T["sync_mutations"].c.mutation_id)
            # A concurrent push of the same id waits here until the first one commits.
            # (RETURNING, not rowcount: the driver reports -1 for this statement.)
            if conn.execute(claim).first() is None:
                sm = T["sync_mutations"]
                stored, version = conn.execute(select(sm.c.result, sm.c.version).where(sm.c.mutation_id == mid)).one()
                return {**stored, "version": version}
            tx = ServerTx(conn, mid, agent)
            try:
                if agent is None:
                    raise p.Rejected(f"unknown agent '{agent_login}'")
                handler = HANDLERS.get(mutation.get("op"))
                if handler is None:
                    raise p.Rejected(f"unknown operation '{mutation.get('op')}'")
                with conn.begin_nested():  # a rejection undoes any partial writes
                    result = handler(tx, mutation)
            except p.Rejected as e:
                tx.touched.clear()
                tx.conflicts.clear()
                tx.conflict(kind="rejected", entity=mutation.get("entity", ""), entity_id=_uuid_or_none(mutation.get("entity_id")),
                            resolution="rejected", message=str(e), loser=agent.id if agent else None)
                result = {"status": "rejected", "message": str(e)}
            if hold is not None:
                hold()
            result = {**result, "conflicts": tx.conflicts}
            v = tx.finish(result)
            return {**result, "version": v}



def acting_agent(conn: Connection, login: str):
    """The agent a connection acts for: the one whose login is the connection's own
    database role (an agent's app connects as the agent), so a client cannot act in
    someone else's name; ``login`` only for owner connections (admin tools, tests)."""
    agents = T["agents"]
    role = conn.execute(text("SELECT current_user")).scalar()
    for candidate in (role, login):
        row = conn.execute(select(agents).where(agents.c.login == candidate, agents.c.deleted.is_(False))).first()
        if row is not None:
            return row
    return None


def find_agent_id(conn: Connection, login: str) -> uuid.UUID | None:
    agent = acting_agent(conn, login)
    return agent.id if agent else None

