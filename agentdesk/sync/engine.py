"""The plain-Python sync API the window and the CLI call (no Qt, no threads of its own).

    replica = LocalReplica(open_database(path), "kim.minji")
    client = SyncClient(replica, HttpTransport("https://team.example:8443", "kim.minji", …))
    replica.add_message("#1042", "확인했습니다")   # local + outbox, one transaction
    client.sync_once()                              # push oldest first, then pull
    client.status()                                 # online, queued, last sync, conflicts

The desk never talks to the database of the team: `agentdesk server` applies every
mutation (server/apply.py) and streams the change feed (server/feed.py).
"""

from __future__ import annotations

import json
import logging
import random
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from collections.abc import Callable, Iterator

from sqlalchemy import delete, func, select, update
from sqlalchemy.engine import Connection

from agentdesk.models import Base, ChangeKind, utcnow
from agentdesk.sync import protocol as p
from agentdesk.sync import wire
from agentdesk.sync.compat import IncompatibleServer
from agentdesk.sync.protocol import PushResult
from agentdesk.sync.replica import LocalReplica, OutboxEntry, drop_unconfirmed_ticket
from agentdesk.sync.transport import HttpTransport, PUSH_BATCH, Refused, SignedOut, TransportError

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

    def changes(self, one_by_one: int) -> list[tuple[ChangeKind, uuid.UUID | None]]:
        """What the pull moved, as the window's changes signal announces it: each changed
        ticket (all of them at once, None, past ``one_by_one`` or on a full resync), then
        one announcement per other kind of record that received rows."""
        if not self.rows:
            return []
        out: list[tuple[ChangeKind, uuid.UUID | None]] = []
        if self.full or len(self.tickets) > one_by_one:
            out.append((ChangeKind.TICKET, None))
        else:
            out += [(ChangeKind.TICKET, tid) for tid in self.tickets]
        out += [(kind, None) for kind, tables in _CHANGE_KIND_TABLES if self.tables & tables]
        return out


# Which pulled tables each kind of change covers (tickets are announced one by one above).
_CHANGE_KIND_TABLES: tuple[tuple[ChangeKind, frozenset[str]], ...] = (
    (ChangeKind.FOLLOW_UP, frozenset({"follow_ups"})),
    (ChangeKind.CUSTOMER, frozenset({"customers", "contact_points", "products", "orders"})),
    (ChangeKind.KB_ARTICLE, frozenset({"kb_articles", "kb_synonyms"})),  # the pane's Synonyms dialog too
    (ChangeKind.TEMPLATE, frozenset({"templates"})),
    (ChangeKind.MENTION, frozenset({"mentions"})),
    (ChangeKind.SAVED_VIEW, frozenset({"saved_views"})),
    (ChangeKind.AGENT, frozenset({"agents"})),
    (ChangeKind.QUALITY_REVIEW, frozenset({"quality_reviews", "rubrics"})),
    (ChangeKind.ROUTING, frozenset({"routing_rules"})),
    (ChangeKind.PROTECTION, frozenset({"protection_incidents"})),
    (ChangeKind.ROUTING, frozenset({"autoresponse_settings"})),  # the supervisor's Auto-response tab
    (ChangeKind.TRAINING, frozenset({"training_scenarios", "training_assignments", "training_attempts"})),
)


@dataclass(frozen=True)
class SyncStatus:
    state: str  # online / offline / error / incompatible (schema versions differ) / signed-out / never
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
    tickets: set = field(default_factory=set)
    tables: set = field(default_factory=set)


class SyncClient:
    """Pushes a replica's outbox to the team server and pulls the server's changes."""

    def __init__(self, replica: LocalReplica, transport: HttpTransport, client_id: uuid.UUID | str | None = None,
                 window: int = 500):
        self.replica = replica
        self.transport = transport
        self.agent_login = transport.login
        self.client_id = replica.client_id(client_id)
        # Versions applied per local transaction: the SQLite write lock is held for one
        # window at a time, so the agent's own edits never wait behind a long catch-up.
        self.window = window
        self.on_rows: Callable[[str, list[dict]], None] | None = None  # observers (tests, progress)
        self._failures = 0
        self._retry_at = 0.0
        self._uploaded: set[str] = set()  # content the server has from this desk (this run)
        self._state = "never"
        self._last_error = ""

    # --- outcome bookkeeping -----------------------------------------------------------
    def _ok(self) -> None:
        self._failures = 0
        self._retry_at = 0.0
        self._state = "online"
        self._last_error = ""

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, TransportError) and error.busy:
            # Slowed down, not offline: the server is there and says when to come back.
            self._retry_at = time.monotonic() + min(RETRY_CAP, error.retry_after or RETRY_BASE)
            self._last_error = str(error).splitlines()[0][:300]
            log.info("sync slowed by the server for %.1f s", self.next_attempt_in())
            return
        self._failures += 1
        self._retry_at = time.monotonic() + retry_delay(self._failures)
        if isinstance(error, IncompatibleServer):
            self._state = "incompatible"
            self._retry_at = time.monotonic() + RETRY_CAP  # an upgrade takes a while
            self._last_error = str(error)
        elif isinstance(error, SignedOut):
            self._state = "signed-out"
            self._retry_at = time.monotonic() + RETRY_CAP  # until the agent signs in
            self._last_error = f"sign in again: {error}"
        else:
            if isinstance(error, TransportError) and error.retry_after:
                self._retry_at = time.monotonic() + min(RETRY_CAP, error.retry_after)
            self._state = "offline" if isinstance(error, TransportError) or p.is_transient(error) else "error"
            self._last_error = f"{error}" if isinstance(error, (TransportError, Refused)) else \
                f"{type(error).__name__}: {error}"
            self._last_error = self._last_error.splitlines()[0][:300] if self._last_error else type(error).__name__
        log.warning("sync %s (attempt %d): %s", self._state, self._failures, self._last_error)

    def retry_now(self) -> None:
        """The agent asked to sync: the next attempt does not wait for the backoff."""
        self._retry_at = 0.0

    def next_attempt_in(self) -> float:
        return max(0.0, self._retry_at - time.monotonic())

    # --- push ----------------------------------------------------------------------------
    def push_once(self, limit: int | None = None) -> PushResult:
        """Pushes pending outbox entries, oldest first, in batches (the server applies
        each in its own transaction, in order). Stops at the first error (so nothing
        overtakes an earlier edit); what was not acknowledged stays queued."""
        res = PushResult()
        entries: list[OutboxEntry] = self.replica.outbox(pending_only=True)[:limit]
        for k in range(0, len(entries), PUSH_BATCH):
            batch = entries[k:k + PUSH_BATCH]
            try:
                self._upload_files(batch)
                answer = self.transport.push(self.client_id, [e.wire() for e in batch])
                results = answer.get("results") or []
                if not isinstance(results, list) or len(results) > len(batch):
                    raise Refused("the server's answer does not match the push")
            except Exception as e:  # noqa: BLE001 - any failure keeps the entries queued
                self._failed(e)
                self.replica.note_failure(batch[0], self._last_error)
                res.error = self._last_error
                return res
            for entry, result in zip(batch, results):
                self.replica.acknowledge(entry, result)
                res.pushed += 1
                if result.get("status") == "rejected":
                    res.rejected += 1
                else:
                    res.applied += 1
                res.conflicts.extend(result.get("conflicts") or ())
            if answer.get("error") or len(results) < len(batch):
                error = TransportError(str(answer.get("error") or "the server stopped part-way"))
                self._failed(error)
                self.replica.note_failure(batch[len(results)], self._last_error)
                res.error = self._last_error
                return res
        self._ok()
        return res

    def _upload_files(self, batch: list[OutboxEntry]) -> None:
        """The content of each file a pushed message carries goes first (the server keeps it
        under the hash it computes and remembers that this agent has it). A file the server
        refuses is left out: the message that names it is then refused with the reason, and
        the agent is told. A network failure stops the push (it is tried again later)."""
        blobs = T["attachment_blobs"]
        for entry in batch:
            if entry.op != p.Op.MESSAGE_INSERT:
                continue
            for f in entry.payload.get("attachments") or ():
                sha = f.get("sha256")
                if sha in self._uploaded:
                    continue
                with self.replica.engine.connect() as conn:
                    data = conn.execute(select(blobs.c.data).where(blobs.c.sha256 == sha)).scalar()
                if data is None:
                    continue
                try:
                    self.transport.upload_blob(bytes(data))
                except Refused as exc:
                    log.warning("the team server refused the content of %s: %s", f.get("filename"), exc)
                    continue
                self._uploaded.add(sha)

    # --- pull ----------------------------------------------------------------------------
    def pull_once(self) -> PullResult | None:
        """Pulls everything committed since the cursor (one server snapshot, streamed)
        and applies it window by window, with the still-pending outbox re-applied on top.
        Returns None (and records the error) when the server cannot be reached; the
        window being applied then rolls back, and the cursor names what was applied."""
        try:
            return self._pull()
        except Exception as e:  # noqa: BLE001 - the local transaction rolled back; nothing changed
            self._failed(e)
            return None

    def _pull(self) -> PullResult:
        cur_epoch, cur_v = self.replica.cursor()
        with self.replica.engine.connect() as c:
            refetch = [tuple(x) for x in json.loads(self.replica.get_state(c, "refetch", "[]"))]
        events = self.transport.pull(str(cur_epoch) if cur_epoch else None, cur_v, self.window, refetch)
        try:
            return self._apply_pull(events, cur_v, refetch)
        finally:
            events.close()  # a pull that failed half-way gives its connection back at once

    def _apply_pull(self, events: Iterator[dict], cur_v: int, refetch: list) -> PullResult:
        begin = next(events)
        if begin.get("type") != "begin":
            raise wire.WireError("the pull did not start with its header")
        v, epoch, full = int(begin["version"]), uuid.UUID(begin["epoch"]), bool(begin["full"])
        me = uuid.UUID(begin["agent_id"])
        total = _PullTotals()
        fetched: list[dict] = []
        event = next(events)
        while event.get("type") == "refetch":
            fetched.append(event)
            event = next(events)
        windows = 0
        while event.get("type") != "end":
            event = self._pull_window(events, event, me, epoch, cur_v, full, fetched if windows == 0 else [],
                                      refetch if windows == 0 else [], total)
            windows += 1
        if windows == 0:
            with self.replica.write() as lconn:
                if fetched:
                    total.tickets |= self._refetch(lconn, fetched)
                    total.tables.update(e["table"] for e in fetched)  # the panes showing them reload
                    self._clear_refetch(lconn, refetch)
                self.replica.set_state(lconn, "last_sync_at", utcnow().isoformat())
        if total.rows >= CHECKPOINT_ROWS:
            # A big catch-up leaves a big WAL: fold it back into the database now (PASSIVE
            # never waits for the panes' readers; journal_size_limit trims the file).
            with self.replica.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
        self._ok()
        return PullResult(v, epoch, full, total.rows, total.rebased, frozenset(total.tickets), frozenset(total.tables))

    def _pull_window(self, events: Iterator[dict], event: dict, me, epoch: uuid.UUID, after: int, full: bool,
                     fetched: list[dict], refetch: list, total: _PullTotals) -> dict:
        """Applies one window's events, starting at ``event``, in one local transaction;
        returns the event after the window."""
        with self.replica.write() as lconn:
            # Rows arrive table by table (tickets point at tickets): check at commit.
            lconn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
            rows = 0
            pulled_tickets: set[uuid.UUID] = set()
            pulled_messages: set[uuid.UUID] = set()
            seen: dict[str, set] = {t: set() for t in p.PULL_TABLES}
            window_rows: dict[str, list] = {}
            if full:
                # A new server epoch (restore, reseed): versions mean nothing across
                # epochs, so acknowledged edits are pushed again (replays are no-ops
                # if the server still has them) and the local outbox is kept.
                lconn.execute(update(T["sync_outbox"]).values(acked_version=None))
            while event.get("type") in ("rows", "parents"):
                table = event.get("table")
                if table not in p.PULL_TABLES:
                    raise wire.WireError(f"the server sent rows of an unknown table {table!r}")
                part = [wire.decode_row(table, r) for r in event.get("rows") or []]
                self.replica.apply_rows(lconn, table, part)
                rows += len(part)
                total.tables.add(table)
                window_rows.setdefault(table, []).extend(r["id"] for r in part)
                if table == "tickets":
                    pulled_tickets.update(r["id"] for r in part)
                elif table == "messages":
                    pulled_messages.update(r["id"] for r in part)
                elif table == "ticket_tags":
                    total.tickets.update(r["ticket_id"] for r in part)
                if full:
                    seen[table].update(r["id"] for r in part)
                if self.on_rows is not None:
                    self.on_rows(table, part)
                event = next(events)
            if event.get("type") != "window":
                raise wire.WireError(f"unexpected event {str(event.get('type'))[:20]!r} in a pull")
            upto = int(event["upto"])
            if not full and not rows and not fetched and upto <= after:
                self.replica.set_state(lconn, "last_sync_at", utcnow().isoformat())
                return next(events)  # nothing new: no rebase, no rewrite
            if full:
                self._drop_unseen(lconn, seen)
            self._detach_hidden_parents(lconn, None if full else window_rows)
            if fetched:
                pulled_tickets |= self._refetch(lconn, fetched)
                total.tables.update(e["table"] for e in fetched)  # the panes showing them reload
                self._clear_refetch(lconn, refetch)
            total.rebased += self.replica.rebase(lconn, upto, pulled_tickets, pulled_messages)
            self.replica.set_state(lconn, "epoch", str(epoch))
            self.replica.set_state(lconn, "version", str(upto))
            self.replica.set_state(lconn, "last_sync_at", utcnow().isoformat())
        total.rows += rows
        total.tickets |= pulled_tickets
        return next(events)

    def _clear_refetch(self, lconn: Connection, sent: list) -> None:
        """Forgets the refetches this pull answered (new ones may have been added since)."""
        now = [tuple(x) for x in json.loads(self.replica.get_state(lconn, "refetch", "[]"))]
        self.replica.set_state(lconn, "refetch", json.dumps(sorted(set(now) - set(sent))))

    def _detach_hidden_parents(self, lconn: Connection, rows: dict[str, list] | None) -> None:
        """Rows that point at a row this agent may not see (row-level security): my
        follow-up on a ticket since moved to another team, a ticket merged into another
        team's. Locally the pointer is cleared (or, where it cannot be empty, the row
        left out), so the replica stays consistent; the server's row is untouched.
        ``rows``: this window's row ids by table; None after a full resync (every table)."""
        for table in p.PULL_TABLES:
            t = T[table]
            if rows is not None and table not in rows:
                continue
            ids = None if rows is None else list(rows[table])
            for fk in t.foreign_keys:
                parent = T[fk.column.table.name]
                if parent.name not in p.PULL_TABLES:
                    continue
                col = t.c[fk.parent.name]
                ref = parent.alias("ref")
                stmt = (select(t.c.id).select_from(t.outerjoin(ref, ref.c.id == col))
                        .where(col.is_not(None), ref.c.id.is_(None)))
                dangling: list = []
                parts = [stmt] if ids is None else [stmt.where(t.c.id.in_(ids[k:k + 500])) for k in range(0, len(ids), 500)]
                for part in parts:
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

    def _refetch(self, lconn: Connection, fetched: list[dict]) -> set[uuid.UUID]:
        """Entities whose rejected edit must disappear: the server's rows as they are."""
        tickets: set[uuid.UUID] = set()
        for event in fetched:
            table, rid = event["table"], uuid.UUID(event["id"])
            if table not in p.PULL_TABLES:
                raise wire.WireError(f"the server sent rows of an unknown table {table!r}")
            server_rows = [wire.decode_row(table, r) for r in event.get("rows") or []]
            if table == "tickets":
                tickets.add(rid)
                if not server_rows and drop_unconfirmed_ticket(lconn, rid):
                    continue  # a new ticket the server refused: never there
                self.replica.apply_rows(lconn, "tickets", server_rows)
                server_tags = [wire.decode_row("ticket_tags", r) for r in event.get("tags") or []]
                self.replica.apply_rows(lconn, "ticket_tags", server_tags)
                tags = T["ticket_tags"]
                lconn.execute(delete(tags).where(tags.c.ticket_id == rid,
                                                 tags.c.id.not_in([r["id"] for r in server_tags])))
            elif server_rows:
                self.replica.apply_rows(lconn, table, server_rows)
            else:  # never reached the server (or not this agent's to see): the optimistic row goes
                if table == "messages":  # with the mentions a refused note made locally
                    lconn.execute(delete(T["mentions"]).where(T["mentions"].c.message_id == rid))
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
            queued = conn.execute(select(func.count()).select_from(ob).where(ob.c.acked_version.is_(None))).scalar() or 0
            total = conn.execute(select(func.count()).select_from(ob)).scalar() or 0
            me = replica.my_agent_id(conn)
            lost: dict[str, int] = dict(conn.execute(select(c.c.kind, func.count()).where(c.c.agent_id == me).group_by(c.c.kind)).all())
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
        self.transport.close()


__all__ = ["LocalReplica", "PullResult", "PushResult", "SyncClient", "SyncStatus", "retry_delay"]
