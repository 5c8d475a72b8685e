"""Bulk writers for demo data: raw sqlite3 executemany, PostgreSQL COPY, SQLAlchemy Core.

Each takes rows as tuples in the column order of ``TABLES`` (what the generator produces)
and adds the constant columns itself.

A load is one transaction, schema changes included (big SQLite loads drop and rebuild
the secondary indexes): SIGKILL, a crash or a full disk at any point leaves the workspace
as it was, empty, and the same command run again completes. A big SQLite load runs in
rollback-journal mode (see ``_RawSqliteWriter``): the rows go straight into the file, and
the journal keeps the few pages the empty workspace had, so a kill is undone on the next
open. Smaller loads stay in WAL mode, where the transaction sits in the WAL until it commits.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from sqlalchemy import Table, text
from sqlalchemy.orm import Session

from agentdesk.services.textsearch import index_text
from agentdesk.models import (
    ContactPoint,
    Customer,
    Feedback,
    FollowUp,
    Message,
    Order,
    OrderItem,
    Product,
    Ticket,
    TicketTag,
    WorkSession,
)
from agentdesk.services.textsearch import pg_tsvector
from agentdesk.services.tickets import FTS_SEQ_BITS

if TYPE_CHECKING:  # the worker processes need not import alembic
    from agentdesk.db import Database

Progress = Callable[[str, int, int], None]

# Column order of the rows each stage produces: every column of the table except the
# constants (rev 0, not deleted), which the writers add.
CUSTOMER_COLS = ("id", "updated_at", "name", "language", "segment", "vip_tier", "notes",
                 "lifetime_value", "created_at", "name_reversed", "tags")
CONTACT_COLS = ("id", "updated_at", "customer_id", "kind", "value", "normalized", "label", "is_primary",
                "search_key")
PRODUCT_COLS = ("id", "updated_at", "customer_id", "kind", "name", "account_last4", "status",
                "limit_amount", "used_amount", "opened_at")
ORDER_COLS = ("id", "updated_at", "number", "customer_id", "status", "total", "currency", "ordered_at")
ITEM_COLS = ("id", "updated_at", "order_id", "sku", "name", "quantity", "unit_price")
TICKET_COLS = ("id", "updated_at", "number", "subject", "channel", "status", "priority", "priority_rank",
               "category", "customer_id", "assignee_id", "team_id", "order_id", "created_at", "sla_first_response_due",
               "sla_resolution_due", "sla_next_due", "first_response_at", "solved_at", "reopen_count", "message_count",
               "tags_text", "merged_into_id", "agent_contact_count")
MESSAGE_COLS = ("id", "updated_at", "ticket_id", "direction", "kind", "channel", "body",
                "author_agent_id", "author_name", "created_at", "external_id")
TAG_COLS = ("id", "updated_at", "ticket_id", "tag")
FEEDBACK_COLS = ("id", "updated_at", "ticket_id", "customer_id", "kind", "score", "comment", "created_at")
FOLLOWUP_COLS = ("id", "updated_at", "agent_id", "ticket_id", "customer_id", "title", "notes", "kind",
                 "due_at", "status", "rrule", "tz", "remind_at", "completed_at", "ical_uid")
WORK_COLS = ("id", "updated_at", "agent_id", "ticket_id", "team_id", "kind", "started_at", "seconds")
FTS_COLS = ("rowid", "doc")
CONSTANT_COLS = {"rev": 0, "deleted": False}
# Columns only the gateway writes (issue 14): a reply's delivery, a bounced address. Demo
# rows leave them NULL (the column's default), so no stage produces them.
GATEWAY_COLS = {"contact_points": ("bounced_at", "bounce_reason"), "messages": ("delivery",)}



def _table(model: type) -> Table:
    return cast(Table, model.__table__)  # type: ignore[attr-defined]


TABLES: dict[str, tuple[Table | None, tuple[str, ...]]] = {
    "customers": (_table(Customer), CUSTOMER_COLS),
    "contact_points": (_table(ContactPoint), CONTACT_COLS),
    "products": (_table(Product), PRODUCT_COLS),
    "orders": (_table(Order), ORDER_COLS),
    "order_items": (_table(OrderItem), ITEM_COLS),
    "tickets": (_table(Ticket), TICKET_COLS),
    "messages": (_table(Message), MESSAGE_COLS),
    "ticket_tags": (_table(TicketTag), TAG_COLS),
    "feedback": (_table(Feedback), FEEDBACK_COLS),
    "follow_ups": (_table(FollowUp), FOLLOWUP_COLS),
    "work_sessions": (_table(WorkSession), WORK_COLS),
    "ticket_fts": (None, FTS_COLS),
}
CUSTOMER_TABLES = ("customers", "contact_points", "products", "orders", "order_items")
TICKET_TABLES = ("tickets", "messages", "ticket_tags", "feedback", "follow_ups", "ticket_fts", "work_sessions")


# =============================================================================
# Writers
# =============================================================================
# Big loads (100,000+ tickets), measured at 400,000 tickets on 2 cores: FTS5's incremental
# merging off (automerge 0) and a page cache that holds many batches' dirty pages took the
# ticket stage from 97 s to 67 s, with per-batch cost flat instead of growing (random-UUID
# primary-key indexes dirty pages all over the file, so every commit rewrote most of them;
# and at a million tickets automerge made FTS writes 3x slower). The cache grows with the
# load, up to 512 MB. The whole load is one transaction (see the module docstring).
LOAD_CACHE_KIB_MAX = 524288
LOAD_CACHE_KIB_SMALL = 65536  # small loads keep SQLite's usual 64 MB (db.py)
# FTS5 during a big load: no incremental merging, and 64 MB of pending terms before each
# flush instead of 1 MB. With 1 MB flushes a million tickets made ~1,000 small segments
# that crisis merges (16 a level, automerge or not) read back and rewrote: the FTS rows
# alone took 30.8 s of CPU, 24.3 s with 64 MB.
# The index holds the same terms either way, in fewer, bigger segments (searches as fast).
INDEX_SORT_THREADS = min(4, max(1, (os.cpu_count() or 1) - 1))  # PRAGMA threads: helpers of each sort
BULK_FTS_SETTINGS = {"automerge": 0, "hashsize": 64 << 20}
FTS_DEFAULTS = {"automerge": 4, "hashsize": 1 << 20}  # SQLite's own, restored afterwards
# FTS5's own tables behind ticket_fts (content-less: no content table). A search index built
# elsewhere (FtsShard) is copied into them whole.
FTS_SHADOW_TABLES = ("ticket_fts_data", "ticket_fts_idx", "ticket_fts_docsize", "ticket_fts_config")


class _Writer:
    """One connection, one transaction: begun on creation, kept only by ``commit()``.

    ``sa`` is the SQLAlchemy connection; the small tables and the knowledge index go
    through it, the bulk rows through whatever is fastest on the same connection."""

    def __init__(self, db: Database):
        self.sa = db.engine.connect()
        self.sa.begin()
        self.committed = False

    def write_small(self, table: Table, rows: list[dict[str, Any]]) -> None:
        """Rows as the ORM takes them (UUID objects, aware datetimes, JSON)."""
        if rows:
            self.sa.execute(table.insert(), rows)

    def write(self, name: str, rows: list) -> None:
        raise NotImplementedError

    def batch_done(self) -> None:
        """A batch is written (nothing is committed before the end)."""

    def finish(self, progress: Progress | None = None) -> None:
        """The load's last steps, still inside its transaction: the knowledge search index
        (SQLite; the articles were written without it)."""
        from agentdesk.services import knowledge  # not in the worker processes, which import this module

        with Session(bind=self.sa) as s:  # joins the open transaction; closing it commits nothing
            knowledge.ensure_index(s)
            s.flush()

    def commit(self) -> None:
        self.sa.commit()
        self.committed = True

    def close(self) -> None:
        """Rolls back what was not committed and gives the connection back."""
        try:
            if not self.committed:
                self.sa.rollback()
        finally:
            self.sa.close()


# Analysed in full after a load (the rest is sampled): see _RawSqliteWriter.finish.
AGENT_INDEXES = ("ix_tickets_assignee_status_updated", "ix_tickets_assignee_updated")


class _RawSqliteWriter(_Writer):
    """executemany on the sqlite3 connection itself; values already in SQLAlchemy's stored form."""

    def __init__(self, db: Database, bulk: bool, tickets: int = 0, fts_shard: bool = False):
        super().__init__(db)
        self.conn = cast(sqlite3.Connection, self.sa.connection.driver_connection)
        self.fts_replaced = False
        self.conn.commit()
        cur = self.conn.cursor()
        self.saved = {p: cur.execute(f"PRAGMA {p}").fetchone()[0]
                      for p in ("synchronous", "foreign_keys", "cache_size", "temp_store", "threads")}
        # Bulk load: no fsync per batch, no per-row FK probes (rows are consistent by construction).
        # Both only take effect outside a transaction, so before it begins.
        cur.execute("PRAGMA synchronous=OFF")
        cur.execute("PRAGMA foreign_keys=OFF")
        cache = min(LOAD_CACHE_KIB_MAX, max(LOAD_CACHE_KIB_SMALL, tickets // 2)) if bulk else LOAD_CACHE_KIB_SMALL
        cur.execute(f"PRAGMA cache_size=-{cache}")
        self.left_wal = False
        if bulk:
            # Out of WAL mode for the load. A 5 GB transaction in the WAL made every page
            # that missed the cache a search of the WAL's index (one hash table per 4,096
            # frames: ~300 at a million tickets), and then had to be copied into the file
            # again by the checkpoint. Measured at a million tickets (writer alone): FTS rows
            # 97 s, index builds 61 s and the commit 23 s in WAL mode.
            # Only possible while no other connection has the file open; else it stays WAL.
            try:
                self.left_wal = cur.execute("PRAGMA journal_mode=DELETE").fetchone()[0] == "delete"
            except sqlite3.OperationalError:  # "database is locked": another connection is open
                pass
            # The CREATE INDEX sorts at the end: with temp_store=MEMORY and a big cache the
            # sort of 3M messages took 600 MB; spilling to temp files is as fast and stays small.
            # (Set here: it cannot change inside the transaction.)
            cur.execute("PRAGMA temp_store=FILE")
        # sqlite3 would begin only at the first INSERT, after the DDL below, and SQLAlchemy
        # leaves beginning to it: begin now, so that the DDL is part of the load too.
        cur.execute("BEGIN IMMEDIATE")
        self.sql = {}
        for name, (table, cols) in TABLES.items():
            if table is None:
                self.sql[name] = "INSERT INTO ticket_fts (rowid, doc) VALUES (?, ?)"
            else:
                self.sql[name] = (f"INSERT INTO {table.name} (rev, deleted, {', '.join(cols)}) "
                                  f"VALUES (0, 0, {', '.join('?' * len(cols))})")
        # Big loads: secondary indexes are rebuilt once at the end (a sort) instead of
        # maintained per row, and FTS5 does not merge its segments while loading.
        self.indexes: list[tuple[str, str]] = []
        self.fts_saved: dict[str, int] = {}
        if bulk:
            for key in BULK_FTS_SETTINGS:
                row = cur.execute("SELECT v FROM ticket_fts_config WHERE k = ?", (key,)).fetchone()
                self.fts_saved[key] = int(row[0]) if row else FTS_DEFAULTS[key]
        # The search index built by the generator worker in a file of its own (FtsShard) and
        # copied in at the end: only into an empty index, which it replaces whole.
        self.fts_shard: FtsSpec | None = None
        if bulk and fts_shard and cur.execute("SELECT 1 FROM ticket_fts_docsize LIMIT 1").fetchone() is None:
            create = cur.execute("SELECT sql FROM sqlite_master WHERE name = 'ticket_fts'").fetchone()[0]
            self.fts_shard = FtsSpec(create, dict(self.fts_saved), FTS_IDLE_S)
            self.fts_saved = {}
        for key in self.fts_saved:
            cur.execute(f"INSERT INTO ticket_fts(ticket_fts, rank) VALUES ('{key}', {BULK_FTS_SETTINGS[key]})")
        if bulk:
            names = [t.name for t, _ in TABLES.values() if t is not None]
            q = ("SELECT name, sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL "
                 f"AND tbl_name IN ({','.join('?' * len(names))})")
            self.indexes = cur.execute(q, names).fetchall()
            for name, _ in self.indexes:
                cur.execute(f'DROP INDEX "{name}"')
        cur.close()

    def write(self, name: str, rows: list) -> None:
        if rows:
            self.conn.executemany(self.sql[name], rows)

    def finish(self, progress: Progress | None = None, fts_shard: Callable[[], str] | None = None) -> None:
        """``fts_shard``: waits for the generator worker's search index and returns its file."""
        cur = self.conn.cursor()
        steps = len(self.indexes) + bool(self.fts_saved or fts_shard)
        # The generator workers are done by now: the sorts may use the other cores.
        cur.execute(f"PRAGMA threads={INDEX_SORT_THREADS}")
        for n, (_name, sql) in enumerate(self.indexes):
            if progress:
                progress("indexes", n, steps)
            cur.execute(sql)
        if fts_shard is not None:
            if progress:
                progress("indexes", steps - 1, steps)
            self.adopt_fts(fts_shard())
        if self.fts_saved:
            # No 'optimize': merging 4M documents into one segment took minutes, and
            # searches on the unmerged index of a million tickets take 30-150 ms.
            # Later writes merge gradually again.
            if progress:
                progress("indexes", steps - 1, steps)
            for key, value in self.fts_saved.items():
                cur.execute(f"INSERT INTO ticket_fts(ticket_fts, rank) VALUES ('{key}', {value})")
        if progress and steps:
            progress("indexes", steps, steps)
        # Fresh planner statistics: the ones migrations gathered saw empty tables, and
        # with those the planner picks indexes that are 50x slower at a million rows.
        cur.execute("PRAGMA analysis_limit=1000")
        cur.execute("ANALYZE")
        # The agent indexes need exact statistics: sampled, they said 1,001 tickets per
        # assignee at a million (true: 90,910) and SQLite sorted 100k rows for the assignee
        # filter instead of walking its index (~0.25 s an index at 1M). Not every ticket
        # index: exact statistics of the mostly-NULL columns (merged_into_id, sla_next_due)
        # made SQLite scan the table for `merged_into_id = ?` (tests/test_query_plans.py).
        cur.execute("PRAGMA analysis_limit=0")
        for index in AGENT_INDEXES:
            cur.execute(f"ANALYZE {index}")
        cur.close()
        super().finish(progress)

    def adopt_fts(self, path: str) -> None:
        """The search index of the FtsShard file at ``path`` becomes ticket_fts's, inside the
        load's transaction: FTS5's own tables are copied whole (SQLite copies rows and index
        b-trees as they are, when the target table is empty and alike)."""
        assert self.fts_shard is not None
        cur = self.conn.cursor()
        cur.execute("ATTACH DATABASE ? AS demo_fts", (path,))
        self.fts_replaced = True  # this connection's FTS5 may hold the old index in memory: see close()
        for name in FTS_SHADOW_TABLES:
            cur.execute(f"DELETE FROM main.{name}")
            cur.execute(f"INSERT INTO main.{name} SELECT * FROM demo_fts.{name}")
        cur.close()

    def close(self) -> None:
        try:
            if not self.committed:
                self.conn.rollback()
            cur = self.conn.cursor()
            if self.fts_replaced:
                try:
                    cur.execute("DETACH DATABASE demo_fts")
                except sqlite3.OperationalError:
                    pass  # the connection is closed below anyway
            if self.committed:
                try:
                    cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                except sqlite3.OperationalError:
                    pass  # the load is committed; SQLite checkpoints the WAL later on its own
            for p, v in self.saved.items():
                cur.execute(f"PRAGMA {p}={int(v)}")
            if self.left_wal:
                # Back to WAL. db.py sets it on every connection too, so a kill before this
                # line leaves nothing wrong behind: the next connection switches back.
                try:
                    cur.execute("PRAGMA journal_mode=WAL")
                except sqlite3.OperationalError:
                    pass  # another connection opened meanwhile: the next one switches back
            cur.close()
            if self.fts_replaced:
                # FTS5 keeps an index's structure in memory per connection and reloads it only
                # after other connections' commits: this one may still see the empty index
                # (and would write over the copied one). It is closed, not pooled.
                self.sa.invalidate()
        finally:
            super().close()


# The worker indexes kept texts for as long as it last waited for the parent, once that
# wait was over this: its spare time in the ticket stage (at a million tickets 16 s, when
# indexing everything after the last batch took it 62 s against the parent's 53 s of
# index builds).
FTS_IDLE_S = 0.002


class FtsSpec(NamedTuple):
    """What the generator worker needs to build ticket_fts in a file of its own."""

    create_sql: str  # ticket_fts's CREATE VIRTUAL TABLE, as the workspace has it
    settings: dict[str, int]  # the workspace's automerge and hashsize, left in the copy
    idle_s: float = FTS_IDLE_S


class FtsShard:
    """ticket_fts built in a file of its own by the generator worker (issue 16): tokenising
    (``textsearch.index_text``, then FTS5's own) and FTS5's segment writing were a third of
    the parent's SQLite work at a million tickets. The worker keeps each batch's subjects
    and message bodies as they are (a plain table) and indexes them in order when it would
    otherwise wait for the parent (``index_some``); the rest after the last batch, while
    the parent builds the secondary indexes.
    The file is scratch: no journal, no fsync; the workspace's transaction copies the index
    in (``_RawSqliteWriter.adopt_fts``). The same documents in the same order with the
    same settings as the in-place bulk load, and only single-row statements in between
    (a multi-row one would make FTS5 write out its pending terms early): the same
    segments, byte for byte."""

    def __init__(self, path: str, spec: FtsSpec):
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.spec = spec
        self.next_id = 0  # texts from this rowid on are not indexed yet
        self.docs: dict[str, str] = {}  # most texts are a few hundred fixed phrases
        cur = self.conn.cursor()
        cur.execute("PRAGMA journal_mode=OFF")
        cur.execute("PRAGMA synchronous=OFF")
        cur.execute(spec.create_sql)
        cur.execute("CREATE TABLE demo_texts (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")
        cur.execute("BEGIN")
        for key, value in BULK_FTS_SETTINGS.items():
            cur.execute(f"INSERT INTO ticket_fts(ticket_fts, rank) VALUES ('{key}', {int(value)})")
        cur.close()

    def write(self, rows: list) -> None:
        """(ticket_fts rowid, subject or message body) in rowid order."""
        if rows:
            self.conn.executemany("INSERT INTO demo_texts (id, text) VALUES (?, ?)", rows)

    def _doc(self, text: str) -> str:
        d = self.docs.get(text)
        if d is None:
            if len(self.docs) > 10_000:
                self.docs.clear()
            d = self.docs[text] = index_text(text)
        return d

    def index_some(self, seconds: float, chunk: int = 500) -> bool:
        """Indexes kept texts, oldest first, for about ``seconds``; False once none are left."""
        deadline = time.perf_counter() + seconds
        doc = self._doc
        while True:
            texts = self.conn.execute("SELECT id, text FROM demo_texts WHERE id >= ? ORDER BY id LIMIT ?",
                                      (self.next_id, chunk)).fetchall()
            if not texts:
                return False
            self.conn.executemany("INSERT INTO ticket_fts (rowid, doc) VALUES (?, ?)", [(i, doc(t)) for i, t in texts])
            self.next_id = texts[-1][0] + 1
            if time.perf_counter() >= deadline:
                return True

    def finish(self) -> None:
        self.index_some(float("inf"), chunk=5000)
        cur = self.conn.cursor()
        # The last pending terms are written out at this commit, while automerge is still 0,
        # as the in-place load writes them out before restoring it (else the first merge
        # would start now, and the copy would not be the index the in-place load makes).
        cur.execute("COMMIT")
        cur.execute("BEGIN")
        for key, value in self.spec.settings.items():
            cur.execute(f"INSERT INTO ticket_fts(ticket_fts, rank) VALUES ('{key}', {int(value)})")
        cur.execute("COMMIT")
        cur.close()

    def close(self) -> None:
        self.conn.close()  # an unfinished index is simply dropped with the file


class _PgCopyWriter(_Writer):
    """PostgreSQL COPY through psycopg: several times faster than executemany of INSERTs.
    Values as the ORM takes them (UUID objects; aware UTC datetimes, whose +00:00 the
    timestamp-without-time-zone columns drop)."""

    def __init__(self, db: Database):
        super().__init__(db)
        self.conn: Any = self.sa.connection.driver_connection  # psycopg: COPY joins the transaction begun above
        self.sql = {
            name: f"COPY {table.name} (rev, deleted, {', '.join(cols)}) FROM STDIN"
            for name, (table, cols) in TABLES.items() if table is not None
        }
        # The search index's GIN index is built once after the rows (finish), not updated
        # by each batch: at 100,000 tickets the COPY of its 425,000 rows took 20.9 s with it.
        self.sa.execute(text("DROP INDEX IF EXISTS ix_ticket_fts_tsv"))

    def finish(self, progress: Progress | None = None) -> None:
        super().finish(progress)
        self.sa.execute(text("SET LOCAL maintenance_work_mem = '256MB'"))
        self.sa.execute(text("CREATE INDEX ix_ticket_fts_tsv ON ticket_fts USING gin (tsv)"))
        # Statistics for the planner now, as the SQLite load does: autovacuum would get to
        # millions of new rows later (or never, where it is off), and until then the planner
        # guessed at empty tables (a search's subquery ran a nested loop for minutes).
        self.sa.execute(text("ANALYZE"))

    def write(self, name: str, rows: list) -> None:
        if not rows:
            return
        if name == "ticket_fts":  # the search index (migration 0034): each document as a tsvector
            with self.conn.cursor() as cur, cur.copy("COPY ticket_fts (rowid, tsv) FROM STDIN") as copy:
                for rowid, doc in rows:
                    copy.write_row((rowid, pg_tsvector(doc, rowid >> FTS_SEQ_BITS)))
            return
        with self.conn.cursor() as cur, cur.copy(self.sql[name]) as copy:
            for row in rows:
                copy.write_row((0, False, *row))


class _CoreWriter(_Writer):
    """SQLAlchemy Core executemany (PostgreSQL, or SQLite when asked); values as the ORM takes them."""

    def __init__(self, db: Database):
        super().__init__(db)
        self.is_sqlite = db.is_sqlite
        self.fts = text("INSERT INTO ticket_fts(rowid, doc) VALUES (:rowid, :doc)")
        self.pg_fts = text("INSERT INTO ticket_fts (rowid, tsv) VALUES (:rowid, CAST(:tsv AS tsvector))")

    def write(self, name: str, rows: list) -> None:
        if not rows:
            return
        table, cols = TABLES[name]
        if table is None:
            if self.is_sqlite:
                self.sa.execute(self.fts, [{"rowid": r, "doc": d} for r, d in rows])
            else:
                self.sa.execute(self.pg_fts, [{"rowid": r, "tsv": pg_tsvector(d, r >> FTS_SEQ_BITS)} for r, d in rows])
            return
        self.sa.execute(table.insert(), [dict(zip(cols, row), **CONSTANT_COLS) for row in rows])
