"""The plain-Python sync API the window and the CLI call (no Qt, no threads of its own).

    replica = LocalReplica(open_database(path), "kim.minji")
    client = SyncClient(replica, "postgresql://team-server/agentdesk")
    replica.add_message("#1042", "확인했습니다")   # local + outbox, one transaction
    client.sync_once()                              # push oldest first, then pull
    client.status()                                 # online, queued, last sync, conflicts
"""

from __future__ import annotations

import json
import logging
import random
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from sqlalchemy import delete, func, select, update
from sqlalchemy.engine import Connection, Engine

from agentdesk.db import Database
from agentdesk.models import Base, utcnow
from agentdesk.sync import protocol as p
from agentdesk.sync.compat import IncompatibleServer, check_server_schema
from agentdesk.sync.protocol import PushResult
from agentdesk.sync.replica import LocalReplica, OutboxEntry
from agentdesk.server.apply import ServerApplier, find_agent_id
from agentdesk.server.feed import read_changes, read_clock, read_rows, server_engine

log = logging.getLogger("agentdesk.sync")
T = Base.metadata.tables

RETRY_BASE = 1.0  # seconds before the first retry after a transient error
RETRY_CAP = 60.0
CHECKPOINT_ROWS = 2000  # pulled rows after which the replica's WAL is checkpointed


def retry_delay(failures: int, rng: random.Random | None = None) -> float:
    """Exponential backoff with jitter: many clients coming back after an outage do not
    all reconnect in the same second."""
    if failures <= 0:
        return 0.0
    ceiling = min(RETRY_CAP, RETRY_BASE * 2 ** (failures - 1))
    return ceiling * (rng or random).uniform(0.5, 1.0)


@dataclass(frozen=True)
class PullResult:
    version: int
    epoch: uuid.UUID
    full: bool  # a full resync (first pull, or the server's epoch changed)
    rows: int  # rows applied
    rebased: int  # outbox entries re-applied on top
    tickets: frozenset = frozenset()  # ids of tickets whose row or messages/tags changed
    tables: frozenset = frozenset()  # tables that received rows


@dataclass(frozen=True)
class SyncStatus:
    state: str  # online / offline / error / incompatible (schema versions differ) / never (not synced yet)
    queued: int  # outbox entries not yet acknowledged
    unconfirmed: int  # acknowledged, waiting for the pull that covers them
    last_sync_at: datetime | None
    conflicts: int  # writes of mine that lost a merge
    rejected: int  # writes of mine the server refused
    last_error: str
    retry_in: float  # seconds until the next attempt is due (backoff)


def _local_children() -> dict[str, list[tuple[str, str]]]:
    """{pulled table: [(local-only table, its column pointing there)]}."""
    out: dict[str, list[tuple[str, str]]] = {}
    for name, table in T.items():
        if name in p.PULL_TABLES or name.startswith("sync_"):
            continue
        for fk in table.foreign_keys:
            if fk.column.table.name in p.PULL_TABLES:
                out.setdefault(fk.column.table.name, []).append((name, fk.parent.name))
    return out


_LOCAL_CHILDREN = _local_children()


@dataclass
class _PullTotals:
    rows: int = 0
    rebased: int = 0
    tickets: set = None
    tables: set = None

    def __post_init__(self):
        self.tickets, self.tables = set(), set()


class SyncClient:
    """Pushes a replica's outbox to the team server and pulls the server's changes."""

    def __init__(self, replica: LocalReplica, server: str | Database | Engine, agent_login: str | None = None,
                 client_id: uuid.UUID | str | None = None, batch: int = 1000, window: int = 500):
        self.replica = replica
        self.agent_login = agent_login or replica.agent_login
        self._own_engine = not isinstance(server, (Database, Engine))
        if isinstance(server, Database):
            self.server = server.engine
        elif isinstance(server, Engine):
            self.server = server
        else:
            self.server = server_engine(server)
        self.applier = ServerApplier(self.server)
        self.client_id = replica.client_id(client_id)
        self.batch = batch
        # Versions applied per local transaction: the SQLite write lock is held for one
        # window at a time, so the agent's own edits never wait behind a long catch-up.
        self.window = window
        self._schema_ok = False  # checked on the first contact and after every failure
        self.on_rows: Callable[[str, list[dict]], None] | None = None  # observers (tests, progress)
        self._failures = 0
        self._retry_at = 0.0
        self._state = "never"
        self._last_error = ""

    # --- outcome bookkeeping -----------------------------------------------------------
    def _ok(self) -> None:
        self._failures = 0
        self._retry_at = 0.0
        self._state = "online"
        self._last_error = ""

    def _failed(self, error: BaseException) -> None:
        self._failures += 1
        self._retry_at = time.monotonic() + retry_delay(self._failures)
        self._schema_ok = False  # a reconnect may meet an upgraded server
        if isinstance(error, IncompatibleServer):
            self._state = "incompatible"
            self._retry_at = time.monotonic() + RETRY_CAP  # an upgrade takes a while
            self._last_error = str(error)
        else:
            self._state = "offline" if p.is_transient(error) else "error"
            self._last_error = f"{type(error).__name__}: {error}".splitlines()[0][:300]
        log.warning("sync %s (attempt %d): %s", self._state, self._failures, self._last_error)

    def check_schema(self) -> None:
        """Client and server must run the same schema; otherwise nothing is sent or taken
        (IncompatibleServer, which the status shows)."""
        if not self._schema_ok:
            with self.server.connect() as conn:
                check_server_schema(conn)
            self._schema_ok = True

    def retry_now(self) -> None:
        """The agent asked to sync: the next attempt does not wait for the backoff."""
        self._retry_at = 0.0

    def next_attempt_in(self) -> float:
        return max(0.0, self._retry_at - time.monotonic())

    # --- push ----------------------------------------------------------------------------
    def push_once(self, limit: int | None = None) -> PushResult:
        """Pushes pending outbox entries, oldest first, one server transaction each. Stops
        at the first error (so nothing overtakes an earlier edit); the outbox stays."""
        res = PushResult()
        entries: list[OutboxEntry] = self.replica.outbox(pending_only=True)
        if entries:
            try:
                self.check_schema()
            except Exception as e:  # noqa: BLE001 - unreachable, or an old or new server: keep everything queued
                self._failed(e)
                self.replica.note_failure(entries[0], self._last_error)
                res.error = self._last_error
                return res
        for entry in entries[:limit]:
            try:
                result = self.applier.apply(entry.wire(), self.agent_login, self.client_id)
            except Exception as e:  # noqa: BLE001 - any failure keeps the entry queued
                self._failed(e)
                self.replica.note_failure(entry, self._last_error)
                res.error = self._last_error
                return res
            self.replica.acknowledge(entry, result)
            res.pushed += 1
            if result.get("status") == "rejected":
                res.rejected += 1
            else:
                res.applied += 1
            res.conflicts.extend(result.get("conflicts") or ())
        self._ok()
        return res

    # --- pull ----------------------------------------------------------------------------
    def pull_once(self) -> PullResult | None:
        """Pulls everything committed since the cursor in one snapshot and applies it,
        with the still-pending outbox re-applied on top, in one local transaction.
        Returns None (and records the error) when the server cannot be reached."""
        try:
            self.check_schema()
            return self._pull()
        except Exception as e:  # noqa: BLE001 - the local transaction rolled back; nothing changed
            self._failed(e)
            return None

    def _pull(self) -> PullResult:
        with self.server.connect() as sconn:
            # REPEATABLE READ: every statement sees the snapshot of the first one.
            sconn.execution_options(isolation_level="REPEATABLE READ")
            with sconn.begin():
                # Why the cursor never skips: each writer bumps sync_clock as its last
                # statement and holds that row lock until it commits, so versions are handed
                # out in commit order. If this snapshot shows v, every transaction with a
                # version <= v has committed and is visible here; any later one gets > v.
                # A sequence or a timestamp would not do: a value taken by a transaction
                # that commits later would land behind a cursor that already moved on.
                v, epoch = read_clock(sconn)
                me = find_agent_id(sconn, self.agent_login)
                cur_epoch, cur_v = self.replica.cursor()
                full = cur_epoch != epoch
                total = _PullTotals()
                if full:
                    # One local transaction: rows the server lacks are dropped at the end.
                    self._pull_window(sconn, me, epoch, -1, v, True, total)
                else:
                    # Any prefix (cursor, k] of a snapshot is complete too (versions are in
                    # commit order), so the catch-up commits window by window and the
                    # cursor always names what is really applied.
                    start = cur_v
                    while True:
                        end = min(v, start + self.window)
                        self._pull_window(sconn, me, epoch, start, end, False, total)
                        start = end
                        if start >= v:
                            break
        if total.rows >= CHECKPOINT_ROWS:
            # A big catch-up leaves a big WAL: fold it back into the database now (PASSIVE
            # never waits for the panes' readers; journal_size_limit trims the file).
            with self.replica.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
        self._ok()
        return PullResult(v, epoch, full, total.rows, total.rebased, frozenset(total.tickets), frozenset(total.tables))

    def _pull_window(self, sconn: Connection, me, epoch: uuid.UUID, after: int, upto: int, full: bool,
                     total: "_PullTotals") -> None:
        with self.replica.write() as lconn:
            # Rows arrive table by table (tickets point at tickets): check at commit.
            lconn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
            refetch = json.loads(self.replica.get_state(lconn, "refetch", "[]"))
            if not full and after >= upto and not refetch:
                self.replica.set_state(lconn, "last_sync_at", utcnow().isoformat())
                return  # nothing new: no rebase, no rewrite
            rows = 0
            pulled_tickets: set[uuid.UUID] = set()
            pulled_messages: set[uuid.UUID] = set()
            seen: dict[str, set] = {t: set() for t in p.PULL_TABLES}
            window_rows: dict[str, list[dict]] = {}
            if full:
                # A new server epoch (restore, reseed): versions mean nothing across
                # epochs, so acknowledged edits are pushed again (replays are no-ops
                # if the server still has them) and the local outbox is kept.
                lconn.execute(update(T["sync_outbox"]).values(acked_version=None))
            if after < upto or full:
                for table in p.PULL_TABLES:
                    for part in read_changes(sconn, table, after, upto, me, self.batch):
                        self.replica.apply_rows(lconn, table, part)
                        if not full:
                            window_rows.setdefault(table, []).extend(part)
                        rows += len(part)
                        total.tables.add(table)
                        if table == "tickets":
                            pulled_tickets.update(r["id"] for r in part)
                        elif table == "messages":
                            pulled_messages.update(r["id"] for r in part)
                        elif table in ("ticket_tags",):
                            total.tickets.update(r["ticket_id"] for r in part)
                        if full:
                            seen[table].update(r["id"] for r in part)
                        if self.on_rows is not None:
                            self.on_rows(table, part)
            if full:
                self._drop_unseen(lconn, seen)
            else:
                pulled_tickets |= self._fetch_missing_parents(sconn, lconn, window_rows)
            self._detach_hidden_parents(lconn, None if full else window_rows)
            if refetch:
                pulled_tickets |= self._refetch(sconn, lconn, refetch)
                self.replica.set_state(lconn, "refetch", "[]")
            total.rebased += self.replica.rebase(lconn, upto, pulled_tickets, pulled_messages)
            self.replica.set_state(lconn, "epoch", str(epoch))
            self.replica.set_state(lconn, "version", str(upto))
            self.replica.set_state(lconn, "last_sync_at", utcnow().isoformat())
        total.rows += rows
        total.tickets |= pulled_tickets

    def _fetch_missing_parents(self, sconn: Connection, lconn: Connection, rows: dict[str, list[dict]]) -> set[uuid.UUID]:
        """A window (cursor, k] holds every row last written at a version <= k, but not a
        parent written again after k (a ticket created inside the window and updated
        later): that one comes with a later window, and its children here would fail
        their foreign keys at commit, at every retry. Such parents are taken now from the
        same snapshot (the later window upserts them again, which changes nothing).
        Returns the tickets so taken. (Found by tests/test_sync_offline.py.)"""
        fetched: set[uuid.UUID] = set()
        while rows:
            wanted: dict[str, set] = {}
            for table, part in rows.items():
                for fk in T[table].foreign_keys:
                    parent = fk.column.table.name
                    if parent in p.PULL_TABLES:
                        wanted.setdefault(parent, set()).update(
                            r[fk.parent.name] for r in part if r.get(fk.parent.name) is not None)
            rows = {}
            for parent, ids in wanted.items():
                t, ids = T[parent], list(ids)
                have: set = set()
                for k in range(0, len(ids), 500):
                    have.update(lconn.scalars(select(t.c.id).where(t.c.id.in_(ids[k:k + 500]))))
                missing = [i for i in ids if i not in have]
                if missing:
                    found = read_rows(sconn, parent, "id", missing)
                    self.replica.apply_rows(lconn, parent, found)
                    rows[parent] = found
                    if parent == "tickets":
                        fetched.update(r["id"] for r in found)
        return fetched

    def _detach_hidden_parents(self, lconn: Connection, rows: dict[str, list[dict]] | None) -> None:
        """Rows that point at a row this agent may not see (row-level security): my
        follow-up on a ticket since moved to another team, a ticket merged into another
        team's. Locally the pointer is cleared (or, where it cannot be empty, the row
        left out), so the replica stays consistent; the server's row is untouched.
        ``rows``: this window's rows; None after a full resync (every table is checked)."""
        for table in p.PULL_TABLES:
            t = T[table]
            if rows is not None and table not in rows:
                continue
            ids = None if rows is None else [r["id"] for r in rows[table]]
            for fk in t.foreign_keys:
                parent = T[fk.column.table.name]
                if parent.name not in p.PULL_TABLES:
                    continue
                col = t.c[fk.parent.name]
                ref = parent.alias("ref")
                stmt = (select(t.c.id).select_from(t.outerjoin(ref, ref.c.id == col))
                        .where(col.is_not(None), ref.c.id.is_(None)))
                dangling: list = []
                for k in range(0, len(ids), 500) if ids is not None else [None]:
                    part = stmt if k is None else stmt.where(t.c.id.in_(ids[k:k + 500]))
                    dangling += list(lconn.scalars(part))
                if not dangling:
                    continue
                log.info("%d %s rows point at %s rows this agent cannot see: %s locally", len(dangling), table,
                         parent.name, "cleared" if col.nullable else "left out")
                for k in range(0, len(dangling), 500):
                    chunk = t.c.id.in_(dangling[k:k + 500])
                    if col.nullable:
                        lconn.execute(update(t).where(chunk).values({col.name: None}))
                    else:
                        lconn.execute(delete(t).where(chunk))

    def _drop_unseen(self, lconn: Connection, seen: dict[str, set]) -> None:
        """After a full resync, rows the server does not have are gone locally too
        (children first). Local-only edits come back with the rebase."""
        from agentdesk.sync.replica import _unindex_articles

        for table in reversed(p.PULL_TABLES):
            t = T[table]
            gone = [i for i in lconn.scalars(select(t.c.id)) if i not in seen[table]]
            for k in range(0, len(gone), 500):
                part = gone[k:k + 500]
                if table == "kb_articles":
                    _unindex_articles(lconn, part)
                # Rows of tables that stay on this machine (drafts, usage counts, uses)
                # that point at a vanished row go with it.
                for child, column in _LOCAL_CHILDREN.get(table, ()):
                    lconn.execute(delete(T[child]).where(T[child].c[column].in_(part)))
                lconn.execute(delete(t).where(t.c.id.in_(part)))

    def _refetch(self, sconn: Connection, lconn: Connection, refetch: list) -> set[uuid.UUID]:
        """Entities whose rejected edit must disappear: take the server's rows as they are."""
        tickets: set[uuid.UUID] = set()
        for table, raw in refetch:
            rid = uuid.UUID(raw)
            if table == "tickets":
                tickets.add(rid)
                self.replica.apply_rows(lconn, "tickets", read_rows(sconn, "tickets", "id", [rid]))
                server_tags = read_rows(sconn, "ticket_tags", "ticket_id", [rid])
                self.replica.apply_rows(lconn, "ticket_tags", server_tags)
                tags = T["ticket_tags"]
                lconn.execute(delete(tags).where(tags.c.ticket_id == rid, tags.c.id.not_in([r["id"] for r in server_tags])))
            else:
                server_rows = read_rows(sconn, table, "id", [rid])
                if server_rows:
                    self.replica.apply_rows(lconn, table, server_rows)
                else:  # never reached the server: the optimistic row goes
                    lconn.execute(delete(T[table]).where(T[table].c.id == rid))
        return tickets

    # --- both ----------------------------------------------------------------------------
    def sync_once(self) -> tuple[PushResult, PullResult | None]:
        """Push, then pull (which also confirms what was just pushed)."""
        pushed = self.push_once()
        if pushed.error:
            return pushed, None
        return pushed, self.pull_once()

    def status(self) -> SyncStatus:
        return self.local_status(self.replica, self._state, self._last_error, self.next_attempt_in())

    @staticmethod
    def local_status(replica: LocalReplica, state: str | None = None, last_error: str = "",
                     retry_in: float = 0.0) -> SyncStatus:
        """The replica's side of the status (no server contact); ``state`` None says
        "never" before the first pull and "unknown" after."""
        ob, c = T["sync_outbox"], T["sync_conflicts"]
        with replica.engine.connect() as conn:
            queued = conn.execute(select(func.count()).select_from(ob).where(ob.c.acked_version.is_(None))).scalar()
            total = conn.execute(select(func.count()).select_from(ob)).scalar()
            me = replica.my_agent_id(conn)
            lost = dict(conn.execute(select(c.c.kind, func.count()).where(c.c.agent_id == me).group_by(c.c.kind)).all())
            last = replica.get_state(conn, "last_sync_at")
        if state is None or (state == "never" and last):
            state = "unknown" if last else "never"
        return SyncStatus(
            state=state, queued=queued, unconfirmed=total - queued,
            last_sync_at=datetime.fromisoformat(last) if last else None,
            conflicts=lost.get("conflict", 0), rejected=lost.get("rejected", 0),
            last_error=last_error, retry_in=retry_in,
        )

    def close(self) -> None:
        if self._own_engine:
            self.server.dispose()


__all__ = ["LocalReplica", "PullResult", "PushResult", "ServerApplier", "SyncClient", "SyncStatus", "retry_delay"]
