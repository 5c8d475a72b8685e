"""Where the gateway writes what came in (issue 14): one transaction per inbound message,
through the same services as everything else (services/channels.receive).

- ``LocalSink(database)``: an embedded (SQLite) workspace: a Session, receive, commit.
- ``ServerSink(engine)``: a team workspace's PostgreSQL, as its owner (the gateway runs
  beside the team server). One connection, a Session bound to it; every Synced row the
  transaction inserts or updates (and its audit entries) is collected by an
  ``after_flush`` listener and stamped with the sync clock by server/tx.ServerTx (no
  agent) before the commit, so desks pull the rows and get a live poke, as they do for a
  team server's own writes. Ticket numbers come from the database's
  ``agentdesk_next_ticket_number()`` (the team server's ticket.create takes them there);
  routing is services/routing.plan_route, the same rules server/routing.route_created
  applies, in the same transaction (the team's round-robin pointer locked to commit).
  A customer a new ticket names is stamped again with its contact points, as the
  server's ticket.create does: now the team's desks may pull them.

Both take ``before`` (a step run on the Session inside the transaction before the message
is written: the webhook intake's replay record) and ``run(fn)`` (any write of the
gateway's, e.g. a call event, in one stamped transaction). Two gateways taking the same
message at once: the second's insert of its key fails, and it is tried again, when it is
a duplicate.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from sqlalchemy import event, inspect, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from agentdesk.channels import Inbound, Received
from agentdesk.db import Database
from agentdesk.models import AuditEntry, Base, Synced
from agentdesk.services import channels

R = TypeVar("R")
ATTEMPTS = 3  # a lost race on a key or a ticket number is tried again this often
Before = Callable[[Session], None] | None


def _deliver(session: Session, inbound: Inbound, team_id: uuid.UUID | None, before: Before,
             now: datetime | None, secret: str | bytes | None, autorespond: bool = False) -> Received:
    if before is not None:
        before(session)
    received = channels.receive(session, inbound, team_id=team_id, now=now, secret=secret)
    if autorespond:
        # The FAQ auto-response (issue 14) answers in the same transaction as the message it
        # answers: a crash leaves neither or both. Never for an import of old mail.
        from agentdesk.services import autoresponse

        autoresponse.after_receive(session, inbound, received, now)
    return received


class LocalSink:
    """An embedded workspace's intake: one Session and one commit per message."""

    def __init__(self, database: Database, *, secret: str | bytes | None = None, autorespond: bool = True):
        self.database = database
        self.secret = secret
        self.autorespond = autorespond  # False for `agentdesk mail import`: history is never answered

    def run(self, fn: Callable[[Session], R]) -> R:
        for attempt in range(ATTEMPTS):
            try:
                with self.database.session() as s:
                    return fn(s)
            except IntegrityError:
                if attempt == ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    def receive(self, inbound: Inbound, team_id: uuid.UUID | None = None, *, before: Before = None,
                now: datetime | None = None) -> Received:
        return self.run(lambda s: _deliver(s, inbound, team_id, before, now, self.secret, self.autorespond))


class _Touched:
    """Every Synced row (and audit entry) a Session flushes, by table: what the sync clock
    must stamp so desks pull it."""

    def __init__(self, session: Session):
        self.rows: dict[str, set[uuid.UUID]] = {}
        event.listen(session, "after_flush", self._after_flush)

    def _after_flush(self, session: Session, _context) -> None:
        for obj in [*session.new, *session.dirty]:
            if isinstance(obj, Synced | AuditEntry) and obj.id is not None:
                table = inspect(obj).mapper.local_table.name  # type: ignore[union-attr]
                self.rows.setdefault(table, set()).add(obj.id)

    def add(self, table: str, row_id: uuid.UUID) -> None:
        self.rows.setdefault(table, set()).add(row_id)


class ServerSink:
    """A team workspace's intake, on its PostgreSQL as the owner; see the module's docstring."""

    def __init__(self, engine: Engine, *, secret: str | bytes | None = None, autorespond: bool = True):
        self.engine = engine
        self.secret = secret
        self.autorespond = autorespond
        with engine.connect() as conn:
            # Set by `admin init-server` (server/security.py); a bare migrated database has
            # none, and its numbers are the services' own (max + 1, the unique key guards).
            self.server_numbers = conn.execute(
                text("SELECT to_regproc('agentdesk_next_ticket_number') IS NOT NULL")).scalar_one()

    def run(self, fn: Callable[[Session], R]) -> R:
        for attempt in range(ATTEMPTS):
            try:
                return self._once(fn)
            except IntegrityError:
                if attempt == ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    def _once(self, fn: Callable[[Session], R]) -> R:
        from agentdesk.server.tx import ServerTx  # the server's modules only where a team database is

        with self.engine.connect() as conn, conn.begin():
            session = Session(bind=conn, expire_on_commit=False, autoflush=True)
            session.info[channels.SERVER_NUMBERS_KEY] = self.server_numbers
            touched = _Touched(session)
            try:
                result = fn(session)
                session.flush()
                _customers_named(session, touched)
                if touched.rows:
                    tx = ServerTx(conn, uuid.uuid4(), None)
                    for table, ids in touched.rows.items():
                        for row_id in ids:
                            tx.touch(table, row_id)
                    tx.finish({"status": "applied", "gateway": True})
            finally:
                session.close()
            return result

    def receive(self, inbound: Inbound, team_id: uuid.UUID | None = None, *, before: Before = None,
                now: datetime | None = None) -> Received:
        return self.run(lambda s: _deliver(s, inbound, team_id, before, now, self.secret, self.autorespond))


def _customers_named(session: Session, touched: _Touched) -> None:
    """The customers of the tickets this transaction wrote, and their contact points,
    stamped too: a team's desks see a customer once a ticket of the team names them."""
    ticket_ids = touched.rows.get("tickets")
    if not ticket_ids:
        return
    tickets, contacts = Base.metadata.tables["tickets"], Base.metadata.tables["contact_points"]
    customer_ids = {c for c in session.scalars(select(tickets.c.customer_id).where(tickets.c.id.in_(ticket_ids)))
                    if c is not None}
    for cid in customer_ids:
        touched.add("customers", cid)
    if customer_ids:
        for contact_id in session.scalars(select(contacts.c.id).where(contacts.c.customer_id.in_(customer_ids))):
            touched.add("contact_points", contact_id)
