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

import importlib
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TypeVar

from sqlalchemy import event, inspect, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from agentdesk.channels import Inbound, Received
from agentdesk.catalogue import CodedError
from agentdesk.db import Database, make_engine
from agentdesk.models import AuditEntry, Base, Synced
from agentdesk.services import channels
from agentdesk.services.common import BATCH_READS_KEY

R = TypeVar("R")
K = TypeVar("K")
ATTEMPTS = 3  # a lost race on a key or a ticket number is tried again this often
# receive_many commits after this many messages or seconds, whichever comes first: each
# message is still whole or absent (a savepoint each), and one commit (one fsync on
# SQLite, one clock bump on PostgreSQL) serves many of them.
BATCH_MESSAGES = 200
BATCH_SECONDS = 1.0
Before = Callable[[Session], None] | None
# What a message's own failure is (it is skipped, nothing of it stored, the batch goes on):
# a coded refusal (too large), a value the rules refuse. Anything else is a bug or the
# database going away, and ends the batch (its uncommitted messages are taken again next
# time: they dedupe).
MESSAGE_ERRORS = (CodedError, ValueError)


def _deliver(session: Session, inbound: Inbound, team_id: uuid.UUID | None, before: Before,
             now: datetime | None, secret: str | bytes | None, autorespond: bool = False) -> Received:
    if before is not None:
        before(session)
    received = channels.receive(session, inbound, team_id=team_id, now=now, secret=secret)
    if autorespond:
        # The FAQ auto-response (issue 14) answers in the same transaction as the message it
        # answers: a crash leaves neither or both. Never for an import of old mail.
        try:
            autoresponse = importlib.import_module("agentdesk.services.autoresponse")
        except ModuleNotFoundError as exc:  # a build without the auto-response
            if exc.name != "agentdesk.services.autoresponse":
                raise
        else:
            autoresponse.after_receive(session, inbound, received, now)
    return received


def _one(session: Session, fn: Callable[[Session], R]) -> R:
    """``fn`` in a savepoint: whole or not at all; a lost race is tried again."""
    for attempt in range(ATTEMPTS):
        try:
            with session.begin_nested():
                return fn(session)
        except IntegrityError:
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


class _Batch:
    """Results held until their transaction commits, and when it is time to."""

    def __init__(self) -> None:
        self.results: list = []
        self.started = time.monotonic()

    def full(self) -> bool:
        return len(self.results) >= BATCH_MESSAGES or time.monotonic() - self.started >= BATCH_SECONDS


def _sqlite_engine(database: Database) -> Engine:
    """The workspace's engine for the sink's own transactions: the sqlite3 module's implicit
    transactions off and BEGIN IMMEDIATE at each start (SQLAlchemy's recipe for SQLite),
    so savepoints nest as they should and the write lock is taken at the start, not
    upgraded midway (which a busy workspace would refuse)."""
    engine = make_engine(database.url)

    @event.listens_for(engine, "connect")
    def _no_implicit(dbapi_conn, _record) -> None:
        dbapi_conn.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


class LocalSink:
    """An embedded workspace's intake: a Session and a commit per message (``receive``),
    or per batch with a savepoint per message (``receive_many``)."""

    def __init__(self, database: Database, *, secret: str | bytes | None = None, autorespond: bool = True):
        self.database = database
        self.secret = secret
        self.autorespond = autorespond  # False for `agentdesk mail import`: history is never answered
        self.engine = _sqlite_engine(database) if database.is_sqlite else database.engine
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def close(self) -> None:
        """Closes the sink's own connections (the workspace's Database stays open)."""
        if self.engine is not self.database.engine:
            self.engine.dispose()

    def run(self, fn: Callable[[Session], R]) -> R:
        with self._sessions() as s:
            _batch_reads(s)
            result = _one(s, fn)
            s.commit()
            return result

    def receive(self, inbound: Inbound, team_id: uuid.UUID | None = None, *, before: Before = None,
                now: datetime | None = None) -> Received:
        return self.run(lambda s: _deliver(s, inbound, team_id, before, now, self.secret, self.autorespond))

    def receive_many(self, items: Iterable[tuple[K, Inbound]], team_id: uuid.UUID | None = None,
                     now: datetime | None = None) -> Iterator[tuple[K, Received | Exception]]:
        """(key, Received or the message's own error) for each (key, inbound), yielded once
        committed; see BATCH_MESSAGES."""
        with self._sessions() as s:
            batch = _Batch()
            _batch_reads(s)
            for key, inbound in items:
                batch.results.append((key, _attempt(s, inbound, team_id, now, self.secret, self.autorespond)))
                if batch.full():
                    s.commit()
                    yield from batch.results
                    batch = _Batch()
                    _batch_reads(s)
            s.commit()
            yield from batch.results


def _batch_reads(session: Session) -> None:
    """A fresh cache of the reads that do not change inside one transaction of the sink (a
    team's routing rules, the thread secret: services/common.batch_read), for the next one."""
    session.info[BATCH_READS_KEY] = {}


def _attempt(session: Session, inbound: Inbound, team_id, now, secret, autorespond: bool) -> Received | Exception:
    try:
        return _one(session, lambda s: _deliver(s, inbound, team_id, None, now, secret, autorespond))
    except MESSAGE_ERRORS as exc:
        return exc


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

    @contextmanager
    def _transaction(self) -> Iterator[tuple[Session, Callable[[], None]]]:
        """A Session on one connection in one transaction, and the step that stamps what it
        wrote (call it last: the clock row stays locked to the commit)."""
        from agentdesk.server.tx import ServerTx  # the server's modules only where a team database is

        with self.engine.connect() as conn, conn.begin():
            session = Session(bind=conn, expire_on_commit=False)
            session.info[channels.SERVER_NUMBERS_KEY] = self.server_numbers
            _batch_reads(session)
            touched = _Touched(session)

            def stamp() -> None:
                session.flush()
                _customers_named(session, touched)
                if touched.rows:
                    tx = ServerTx(conn, uuid.uuid4(), None)
                    for table, ids in touched.rows.items():
                        for row_id in ids:
                            tx.touch(table, row_id)
                    tx.finish({"status": "applied", "gateway": True})

            try:
                yield session, stamp
            finally:
                session.close()

    def run(self, fn: Callable[[Session], R]) -> R:
        with self._transaction() as (session, stamp):
            result = _one(session, fn)
            stamp()
            return result

    def receive(self, inbound: Inbound, team_id: uuid.UUID | None = None, *, before: Before = None,
                now: datetime | None = None) -> Received:
        return self.run(lambda s: _deliver(s, inbound, team_id, before, now, self.secret, self.autorespond))

    def receive_many(self, items: Iterable[tuple[K, Inbound]], team_id: uuid.UUID | None = None,
                     now: datetime | None = None) -> Iterator[tuple[K, Received | Exception]]:
        """As LocalSink.receive_many: a transaction (and one clock stamp) per batch."""
        it = iter(items)
        while True:
            batch = _Batch()
            with self._transaction() as (session, stamp):
                for key, inbound in it:
                    batch.results.append((key, _attempt(session, inbound, team_id, now, self.secret, self.autorespond)))
                    if batch.full():
                        break
                stamp()
            yield from batch.results
            if not batch.results:
                return


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
