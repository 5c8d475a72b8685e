"""Applying one pushed mutation, exactly once, in one PostgreSQL transaction.

Every write transaction here follows one shape::

    INSERT INTO sync_mutations … ON CONFLICT DO NOTHING   -- claim the mutation id
    … the writes, each touched row remembered …
    -- last, one statement (the clock row stays locked until commit):
    WITH c AS (SELECT agentdesk_next_version() AS v),        -- the clock: a locked +1
         UPDATE <table> SET rev = v WHERE id = ANY(touched), …   -- stamp
         UPDATE sync_mutations SET result = …, version = v
    SELECT v, pg_notify('agentdesk_sync', '{"team": …, "v": …}')  -- delivered at commit
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DataError, IntegrityError, ProgrammingError

from agentdesk import training_rules
from agentdesk.catalogue import to_wire
from agentdesk.models import utcnow
from agentdesk.server.handlers import HANDLERS, _uuid_or_none
from agentdesk.server.tx import T, ServerTx
from agentdesk.sync import protocol as p
from agentdesk.sync import wire

log = logging.getLogger("agentdesk.server")


MAX_PAYLOAD = 256 * 1024  # bytes of one mutation's payload as JSON (a template body, a long reply)
# Ops whose payload may be bigger: a training attempt's actions (training_rules checks its own budget).
PAYLOAD_LIMITS = {p.Op.TRAINING_ATTEMPT: 2 * training_rules.MAX_ATTEMPT_BYTES + 64 * 1024}  # actions + the desk's card


def check_envelope(m) -> None:
    """A pushed mutation's outer shape; anything else is refused before any SQL runs."""
    if not isinstance(m, dict):
        raise p.Rejected(code="server.mutation_not_object")
    if _uuid_or_none(m.get("mutation_id")) is None:
        raise p.Rejected(code="server.mutation_id")
    if not isinstance(m.get("op"), str) or m["op"] not in p.OPS:
        raise p.Rejected(code="server.unknown_op", op=repr(p.clip(m.get("op"))))
    if not isinstance(m.get("entity", ""), str) or len(m.get("entity", "")) > 32:
        raise p.Rejected(code="server.invalid_entity")
    if not isinstance(m.get("payload", {}), dict):
        raise p.Rejected(code="server.payload_not_object")
    if _uuid_or_none(m.get("entity_id")) is None:
        raise p.Rejected(code="server.entity_id")
    most = PAYLOAD_LIMITS.get(m["op"], MAX_PAYLOAD)
    if len(wire.dumps(m.get("payload", {}))) > most:
        raise p.Rejected(code="server.too_large", most=most // 1024)


class ServerApplier:
    """Applies one pushed mutation in one PostgreSQL transaction, exactly once."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def apply(self, mutation: dict, agent_login: str, client_id: uuid.UUID | str,
              hold: Callable[[], None] | None = None) -> dict:
        """As the agent ``agent_login`` names, on the engine's own connection (an owner's:
        admin tools, tests of the rules). Desks go through ``apply_as`` (the HTTP server)."""
        mid = uuid.UUID(str(mutation["mutation_id"]))
        with self.engine.connect() as conn, conn.begin():
            return self._apply(conn, acting_agent(conn, agent_login), mid, mutation, client_id, hold,
                               p.Rejected(code="server.unknown_agent", login=agent_login))

    def apply_as(self, principal, mutation: dict, client_id: uuid.UUID | str,
                 hold: Callable[[], None] | None = None) -> dict:
        """As the signed-in agent, inside their database scope (server/scope.py)."""
        from agentdesk.server import scope

        mid = uuid.UUID(str(mutation["mutation_id"]))
        with scope.as_agent(self.engine, principal) as conn:
            agents = T["agents"]
            agent = conn.execute(select(agents).where(agents.c.id == principal.agent_id,
                                                      agents.c.deleted.is_(False))).first()
            return self._apply(conn, agent, mid, mutation, client_id, hold, p.Rejected(code="server.agent_removed"))

    def _apply(self, conn: Connection, agent, mid: uuid.UUID, mutation: dict, client_id, hold,
               unknown: p.Rejected) -> dict:
        """Returns the result dict ({"status": "applied"|"rejected", "version", …}).

        A mutation id seen before returns its stored result and changes nothing. ``hold``
        runs just before the clock is bumped (tests use it to keep transactions open).
        """
        sm = T["sync_mutations"]
        claim = pg_insert(sm).values(
            mutation_id=mid, client_id=uuid.UUID(str(client_id)), result={}, applied_at=utcnow(),
            agent_id=agent.id if agent else None,
        ).on_conflict_do_nothing().returning(sm.c.mutation_id)
        # A concurrent push of the same id waits here until the first one commits.
        # (RETURNING, not rowcount: the driver reports -1 for this statement.)
        if conn.execute(claim).first() is None:
            stored = conn.execute(select(sm.c.result, sm.c.version).where(sm.c.mutation_id == mid)).first()
            if stored is None:  # another agent's id (row-level security hides it): not theirs to replay
                used = p.Rejected(code="server.mutation_id_used")
                return {"status": "rejected", "message": str(used), **to_wire(used), "conflicts": [], "version": None}
            return {**stored.result, "version": stored.version}
        tx = ServerTx(conn, mid, agent)
        try:
            if agent is None:
                raise unknown
            check_envelope(mutation)
            handler = HANDLERS[mutation["op"]]
            try:
                with conn.begin_nested():  # a rejection undoes any partial writes
                    result = handler(tx, mutation)
            except (TypeError, ValueError, KeyError, AttributeError) as exc:
                # A payload of the wrong shape ({"fields": {"status": "x"}}, a number where
                # text goes): refused for good, not retried; logged in full in case it is ours.
                log.warning("malformed %s from %s refused", mutation.get("op"), agent.login, exc_info=True)
                raise p.Rejected(code="server.malformed", op=str(mutation.get("op")), error=type(exc).__name__) from None
            except ProgrammingError as exc:
                # Row-level security refused a write the rules above let through: the
                # second wall held. Refused for good (a retry would meet the same wall).
                if type(exc.orig).__name__ != "InsufficientPrivilege":
                    raise
                log.warning("the database refused %s of %s: %s", mutation.get("op"), agent.login,
                            str(exc.orig).splitlines()[0])
                raise p.Rejected(code="server.not_allowed") from None
            except (IntegrityError, DataError) as exc:
                # A hostile or broken payload (an id that exists elsewhere, a value out of
                # range): refused without the database's words, which could tell what
                # exists in another team.
                log.warning("mutation %s of %s refused by the database: %s", mid, agent.login,
                            str(exc.orig).splitlines()[0] if exc.orig else exc)
                raise p.Rejected(code="server.does_not_fit") from None
        except p.Rejected as e:
            message = p.clip(e, 300)  # whatever a handler quoted, never a megabyte
            tx.touched.clear()
            tx.conflicts.clear()
            tx.conflict(kind="rejected", entity=p.clip(mutation.get("entity", ""), 32)[:32],
                        entity_id=_uuid_or_none(mutation.get("entity_id")),
                        resolution="rejected", message=message, loser=agent.id if agent else None, coded=e)
            log.info("refused %s from %s: %s", p.clip(mutation.get("op")), agent.login if agent else "?", message)
            result = {"status": "rejected", "message": message, **to_wire(e)}
        if hold is not None:
            hold()
        result = {**result, "conflicts": tx.conflicts}
        v = tx.finish(result)
        return {**result, "version": v}


def acting_agent(conn: Connection, login: str):
    """The agent ``login`` names, on an owner's connection (admin tools, tests of the
    rules). Requests from desks never come here: the server acts for the signed-in
    agent (``ServerApplier.apply_as``)."""
    agents = T["agents"]
    row = conn.execute(select(agents).where(agents.c.login == login, agents.c.deleted.is_(False))).first()
    if row is not None:
        return row
    return None


