"""The client side: a local SQLite replica, its outbox, and applying pulled rows.

Every local edit is one SQLite transaction (``BEGIN IMMEDIATE``: the write lock is
taken before the current values are read, so old → new is exact) holding both the
optimistic change and its outbox row. The same ``_apply_*`` functions run the edit
the first time and re-run it on top of freshly pulled rows (rebase).
"""

from __future__ import annotations

import json
import threading
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from collections import Counter
from collections.abc import Collection, Iterator
from typing import Any, overload

from sqlalchemy import Table, delete, func, insert, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection

from agentdesk import agent_states, customer_rules, phones, protection_rules, review_rules, rules
from agentdesk.db import Database
from agentdesk.models import Base, utcnow
from agentdesk.rules import RuleError, TicketState
from agentdesk.services import knowledge, mentions, textsearch
from agentdesk.services.common import InvalidValue, NotFound, check_choice, parse_uuid, rule_errors_as_invalid_value
from agentdesk.services.followups import KINDS as FOLLOW_UP_KINDS
from agentdesk.services.tickets import FTS_SEQ_BITS
from agentdesk.sync import protocol as p

T: dict[str, Table] = Base.metadata.tables
# Columns of pulled tables that each desk keeps for itself (the server's value is never
# taken over): whether this desk has shown the toast for a mention.
LOCAL_COLUMNS: dict[str, frozenset[str]] = {"mentions": frozenset({"notified_at"}),
                                             "protection_incidents": frozenset({"notified_at"})}


@dataclass(frozen=True)
class OutboxEntry:
    seq: int
    mutation_id: uuid.UUID
    entity: str
    entity_id: uuid.UUID
    op: str
    base_version: int
    payload: dict
    acked_version: int | None
    attempts: int
    last_error: str

    def wire(self) -> dict:
        """The mutation as pushed to the server."""
        return {"mutation_id": str(self.mutation_id), "client_seq": self.seq, "entity": self.entity,
                "entity_id": str(self.entity_id), "op": self.op, "base_version": self.base_version,
                "payload": self.payload}


@dataclass(frozen=True)
class ConflictRow:
    id: uuid.UUID
    kind: str  # conflict / rejected
    entity: str
    entity_id: uuid.UUID | None
    field: str
    mine: str | None
    theirs: str | None
    resolution: str
    message: str
    mutation_id: uuid.UUID
    lost_by_me: bool
    created_at: datetime


class LocalReplica:
    """An agent's local SQLite workspace acting as a replica of the team server."""

    def __init__(self, db: Database, agent_login: str):
        if not db.is_sqlite:
            raise ValueError("a local replica is an SQLite workspace")
        self.db = db
        self.engine = db.engine
        self.agent_login = agent_login
        # One writer at a time in this process (the UI's write worker and the sync thread);
        # BEGIN IMMEDIATE covers other processes.
        self._lock = threading.RLock()

    # --- transactions and state ----------------------------------------------------
    @contextmanager
    def write(self) -> Iterator[Connection]:
        with self._lock, self.engine.connect() as conn:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.commit()
            except BaseException:
                conn.rollback()
                raise

    @staticmethod
    @overload
    def get_state(conn: Connection, key: str) -> str | None: ...

    @staticmethod
    @overload
    def get_state(conn: Connection, key: str, default: str) -> str: ...

    @staticmethod
    def get_state(conn: Connection, key: str, default: str | None = None) -> str | None:
        v = conn.execute(select(T["sync_state"].c.value).where(T["sync_state"].c.key == key)).scalar()
        return default if v is None else v

    @staticmethod
    def set_state(conn: Connection, key: str, value: str) -> None:
        stmt = sqlite_insert(T["sync_state"]).values(key=key, value=value)
        conn.execute(stmt.on_conflict_do_update(index_elements=["key"], set_={"value": stmt.excluded.value}))

    def client_id(self, given: uuid.UUID | str | None = None) -> uuid.UUID:
        """This replica's id, made once (or taken from ``given``) and kept in sync_state."""
        with self.write() as conn:
            cur = self.get_state(conn, "client_id")
            if cur is None or (given is not None and str(given) != cur):
                cur = str(given or uuid.uuid4())
                self.set_state(conn, "client_id", cur)
            return uuid.UUID(cur)

    def cursor(self, conn: Connection | None = None) -> tuple[uuid.UUID | None, int]:
        """The pulled cursor (server epoch, version); (None, -1) before the first pull."""
        if conn is None:
            with self.engine.connect() as c:
                return self.cursor(c)
        epoch = self.get_state(conn, "epoch")
        return (uuid.UUID(epoch) if epoch else None, int(self.get_state(conn, "version", "-1")))

    # --- reads ---------------------------------------------------------------------
    def outbox(self, pending_only: bool = False) -> list[OutboxEntry]:
        ob = T["sync_outbox"]
        stmt = select(ob).order_by(ob.c.seq)
        if pending_only:
            stmt = stmt.where(ob.c.acked_version.is_(None))
        with self.engine.connect() as conn:
            return [OutboxEntry(r.seq, r.mutation_id, r.entity, r.entity_id, r.op, r.base_version, r.payload,
                                r.acked_version, r.attempts, r.last_error) for r in conn.execute(stmt)]

    def my_agent_id(self, conn: Connection) -> uuid.UUID | None:
        agents = T["agents"]
        return conn.execute(select(agents.c.id).where(agents.c.login == self.agent_login)).scalar()

    def conflicts(self) -> list[ConflictRow]:
        """Writes of mine that lost or were rejected, and merges where mine won over
        someone's concurrent change; newest first."""
        c = T["sync_conflicts"]
        with self.engine.connect() as conn:
            me = self.my_agent_id(conn)
            rows = conn.execute(select(c).order_by(c.c.created_at.desc(), c.c.id))
            return [ConflictRow(r.id, r.kind, r.entity, r.entity_id, r.field, r.mine, r.theirs, r.resolution, r.message,
                                r.mutation_id, r.agent_id == me, r.created_at) for r in rows]

    # --- local writes (one transaction each: the change + its outbox row) ------------
    def _agent(self, conn: Connection):
        agents = T["agents"]
        a = conn.execute(select(agents).where(agents.c.login == self.agent_login, agents.c.deleted.is_(False))).first()
        if a is None:
            raise NotFound(code="sync.agent_not_here", login=self.agent_login)
        return a

    @staticmethod
    def _ticket(conn: Connection, ref):
        tickets = T["tickets"]
        if isinstance(ref, uuid.UUID) or parse_uuid(str(ref)):
            cond = tickets.c.id == (ref if isinstance(ref, uuid.UUID) else parse_uuid(str(ref)))
        elif str(ref).lstrip("#").isdigit():
            cond = tickets.c.number == int(str(ref).lstrip("#"))
        else:
            raise NotFound(code="ticket.not_found", ref=ref)
        t = conn.execute(select(tickets).where(cond)).first()
        if t is None or t.deleted:
            raise NotFound(code="ticket.not_found", ref=ref)
        return t

    def _queue(self, conn: Connection, op: str, entity: str, entity_id: uuid.UUID, base_version: int,
               payload: dict) -> uuid.UUID:
        mid = uuid.uuid4()
        _apply_local(conn, op, entity_id, payload, self._agent(conn), pulled=None)
        conn.execute(insert(T["sync_outbox"]).values(
            mutation_id=mid, entity=entity, entity_id=entity_id, op=op, base_version=base_version,
            payload=payload, created_at=utcnow(), attempts=0, last_error=""))
        return mid

    def set_ticket_fields(self, ticket, *, status: str | None = None, priority: str | None = None,
                          assignee: str | None = None, subject: str | None = None,
                          category: str | None = None) -> uuid.UUID | None:
        """Changes fields locally and queues them; None when nothing changed.
        ``assignee`` is a login, name or UUID, or "none" to unassign."""
        with self.write() as conn, rule_errors_as_invalid_value():
            self._agent(conn)
            t = self._ticket(conn, ticket)
            fields: dict = {}
            if status is not None and status != t.status:
                fields["status"] = [t.status, rules.check_field("status", status)]
            if priority is not None and priority != t.priority:
                fields["priority"] = [t.priority, rules.check_field("priority", priority)]
            if assignee is not None:
                new = None if assignee in ("", "none") else self._find_agent(conn, assignee)
                if new != t.assignee_id:
                    fields["assignee_id"] = [p.plain(t.assignee_id), p.plain(new)]
            if subject is not None and subject.strip() != t.subject:
                fields["subject"] = [t.subject, rules.check_field("subject", subject.strip())]
            if category is not None and category != t.category:
                fields["category"] = [t.category, rules.check_field("category", category)]
            if not fields:
                return None
            # The rules' refusals (a merged ticket is not reopened) before anything is
            # queued: re-applied on a pull, a refused edit would vanish without a word.
            rules.ticket_update(self._state(conn, t), {k: parse_uuid(new) if k == "assignee_id" and new else new
                                                       for k, (_old, new) in fields.items()}, utcnow())
            return self._queue(conn, p.Op.TICKET_UPDATE, p.Entity.TICKET, t.id, t.rev, {"fields": fields})

    @staticmethod
    def _state(conn: Connection, t) -> TicketState:
        """The ticket as the rules read it, naming the ticket it was merged into."""
        tickets = T["tickets"]
        target = conn.execute(select(tickets.c.number).where(tickets.c.id == t.merged_into_id)).scalar() \
            if t.merged_into_id else None
        return TicketState.of(t, merged_into_number=target)

    @staticmethod
    def _find_agent(conn: Connection, ref: str) -> uuid.UUID:
        agents = T["agents"]
        u = parse_uuid(ref)
        cond = agents.c.id == u if u else (agents.c.login == ref) | (agents.c.name == ref)
        a = conn.execute(select(agents.c.id).where(cond, agents.c.deleted.is_(False)).limit(1)).scalar()
        if a is None:
            raise NotFound(code="agent.not_found", ref=ref)
        return a

    def add_tag(self, ticket, tag: str) -> uuid.UUID:
        return self._tag(ticket, tag, p.TAG_ADD)

    def remove_tag(self, ticket, tag: str) -> uuid.UUID:
        return self._tag(ticket, tag, p.TAG_REMOVE)

    def _tag(self, ticket, tag: str, op: str) -> uuid.UUID:
        with rule_errors_as_invalid_value():
            tag = rules.check_tag(tag)
        with self.write() as conn:
            t = self._ticket(conn, ticket)
            payload = {"tag": tag, "tag_id": str(uuid.uuid4())} if op == p.TAG_ADD else {"tag": tag}
            return self._queue(conn, op, p.Entity.TICKET, t.id, t.rev, payload)

    def add_message(self, ticket, body: str, kind: str = "reply") -> uuid.UUID:
        """A reply or internal note; returns the message id (the server keeps it)."""
        with rule_errors_as_invalid_value():
            body = rules.check_message(kind, body)
        with self.write() as conn:
            t = self._ticket(conn, ticket)
            with rule_errors_as_invalid_value():
                state = self._state(conn, t)
                rules.check_not_merged(state)
                rules.check_deliverable(state, kind)
            message_id = uuid.uuid4()
            self._queue(conn, p.Op.MESSAGE_INSERT, p.Entity.MESSAGE, message_id, t.rev,
                        {"ticket_id": str(t.id), "kind": kind, "body": body})
            return message_id

    def add_note(self, ticket, body: str) -> uuid.UUID:
        return self.add_message(ticket, body, kind="note")

    def create_follow_up(self, title: str, due_at: datetime, *, ticket=None, customer_id: uuid.UUID | None = None,
                         notes: str = "", kind: str = "follow_up", tz: str = "") -> uuid.UUID:
        title = title.strip()
        if not title or len(title) > 200:
            raise InvalidValue(code="followup.title_bounds", most=200)
        check_choice("kind", kind, FOLLOW_UP_KINDS)
        if due_at.tzinfo is None:
            raise InvalidValue(code="followup.naive_datetime")
        with self.write() as conn:
            me = self._agent(conn)
            t = self._ticket(conn, ticket) if ticket is not None else None
            fid = uuid.uuid4()
            payload = {"agent_id": str(me.id), "title": title, "notes": notes, "kind": kind, "tz": tz,
                       "due_at": due_at.isoformat(), "ticket_id": p.plain(t.id if t else None),
                       "customer_id": p.plain(customer_id or (t.customer_id if t else None))}
            self._queue(conn, p.Op.FOLLOW_UP_INSERT, p.Entity.FOLLOW_UP, fid, 0, payload)
            return fid

    # --- push results ----------------------------------------------------------------
    def acknowledge(self, entry: OutboxEntry, result: dict) -> None:
        """Records the server's answer. Applied: the row stays (acked) until the pulled
        cursor covers its version. Rejected: it leaves the queue, is kept in the conflict
        log, and the entity is fetched again so the optimistic change disappears."""
        ob = T["sync_outbox"]
        with self.write() as conn:
            for c in result.get("conflicts") or ():
                self._record_conflict(conn, c, result.get("version") or 0)
            if result.get("status") == "rejected":
                conn.execute(delete(ob).where(ob.c.seq == entry.seq))
                self._add_refetch(conn, entry)
            elif result["version"] <= self.cursor(conn)[1]:
                # A pull already covered this version (it ran between the server's commit
                # and this acknowledgement) and rebased the entry on top of its own effect:
                # drop it and take the server's row again at the next pull.
                conn.execute(delete(ob).where(ob.c.seq == entry.seq))
                self._add_refetch(conn, entry)
            else:
                conn.execute(update(ob).where(ob.c.seq == entry.seq).values(acked_version=result["version"], last_error=""))

    def _add_refetch(self, conn: Connection, entry: OutboxEntry) -> None:
        """The next pull reads these rows from the server as they are (see engine._refetch)."""
        refetch = set(map(tuple, json.loads(self.get_state(conn, "refetch", "[]"))))
        if entry.op == p.MESSAGE_INSERT:
            refetch |= {("messages", str(entry.entity_id)), ("tickets", entry.payload["ticket_id"])}
            refetch |= {("attachments", f["id"]) for f in entry.payload.get("attachments") or ()}
        elif entry.op in (p.FOLLOW_UP_INSERT, p.FOLLOW_UP_UPDATE):
            refetch.add(("follow_ups", str(entry.entity_id)))
        elif entry.op in (p.AGENT_STATUS, p.Op.AGENT_PROFILE):
            refetch.add(("agents", str(entry.entity_id)))
        elif entry.op == p.Op.ROUTING_SAVE:
            refetch.add(("routing_rules", str(entry.entity_id)))
        elif entry.op == p.Op.AUTORESPONSE_SAVE:
            refetch.add(("autoresponse_settings", str(entry.entity_id)))
        elif entry.op in _TRAINING_TABLES:
            refetch.add((_TRAINING_TABLES[entry.op], str(entry.entity_id)))
        elif entry.op == p.Op.KB_SYNONYM_SAVE:
            refetch.add(("kb_synonyms", str(entry.entity_id)))
        elif entry.op == p.TICKET_MERGE:
            refetch |= {("tickets", str(entry.entity_id)), ("tickets", entry.payload["target_id"])}
            refetch |= {("messages", mid) for mid in entry.payload["notes"].values()}
        elif entry.op in (p.KB_PROPOSE, p.KB_REVIEW, p.KB_VISIBILITY):
            refetch.add(("kb_articles", str(entry.entity_id)))
        elif entry.op == p.KB_VOTE:
            refetch.add(("kb_articles", entry.payload["article_id"]))
        elif entry.op in (p.TEMPLATE_SAVE, p.TEMPLATE_DELETE):
            refetch.add(("templates", str(entry.entity_id)))
        elif entry.op in (p.VIEW_SAVE, p.VIEW_DELETE):
            refetch.add(("saved_views", str(entry.entity_id)))
        elif entry.op == p.Op.REVIEW_SAVE:
            refetch.add(("quality_reviews", str(entry.entity_id)))
        elif entry.op == p.Op.RUBRIC_SAVE:
            refetch.add(("rubrics", str(entry.entity_id)))
        elif entry.op == p.Op.WORK_LOG:
            refetch.add(("work_sessions", str(entry.entity_id)))
        elif entry.op == p.KB_USE:
            pass  # not pulled: the local row stays as a record of the use
        elif entry.op == p.Op.CUSTOMER_CREATE:
            # Not refetched: until a ticket of the team names the customer, row-level
            # security hides them from everyone but this desk, and a refetch would find nothing.
            pass
        elif entry.op == p.MENTION_READ:
            refetch.add(("mentions", str(entry.entity_id)))
        elif entry.op == p.INCIDENT_RECORD:
            refetch.add(("protection_incidents", str(entry.entity_id)))
        elif entry.op == p.Op.CUSTOMER_UPDATE:
            refetch.add(("customers", str(entry.entity_id)))
        elif entry.op in (p.Op.CONTACT_UPSERT, p.Op.CONTACT_DELETE):
            refetch.add(("contact_points", str(entry.entity_id)))
        else:
            refetch.add(("tickets", str(entry.entity_id)))
        self.set_state(conn, "refetch", json.dumps(sorted(refetch)))

    def note_failure(self, entry: OutboxEntry, error: str) -> None:
        ob = T["sync_outbox"]
        with self.write() as conn:
            conn.execute(update(ob).where(ob.c.seq == entry.seq).values(attempts=ob.c.attempts + 1, last_error=error[:500]))

    @staticmethod
    def _record_conflict(conn: Connection, c: dict, version: int) -> None:
        now = utcnow()
        row = {k: c.get(k) for k in ("kind", "entity", "field", "mine", "theirs", "resolution", "message")}
        row.update(id=uuid.UUID(c["id"]), mutation_id=uuid.UUID(c["mutation_id"]), rev=version, created_at=now,
                   updated_at=now, entity_id=parse_uuid(c["entity_id"]) if c.get("entity_id") else None,
                   agent_id=parse_uuid(c["agent_id"]) if c.get("agent_id") else None,
                   other_agent_id=parse_uuid(c["other_agent_id"]) if c.get("other_agent_id") else None,
                   field=c.get("field") or "", message=c.get("message") or "")
        conn.execute(sqlite_insert(T["sync_conflicts"]).values(**row).on_conflict_do_nothing())

    # --- applying pulled rows ------------------------------------------------------------
    def apply_rows(self, conn: Connection, table: str, rows: list[dict]) -> None:
        """Upserts server rows (whole rows: applying twice equals applying once)."""
        if not rows:
            return
        t = T[table]
        pk = [c.name for c in t.primary_key.columns]
        if table == "tickets":
            _reindex_subjects(conn, rows)
        if table == "ticket_tags":
            # Two agents adding the same tag offline made two ids; the server kept one.
            for r in rows:
                conn.execute(delete(t).where(t.c.ticket_id == r["ticket_id"], t.c.tag == r["tag"], t.c.id != r["id"]))
        if table == "kb_articles":
            _unindex_articles(conn, [r["id"] for r in rows])
            # search_key is this database's own FTS rowid, never the server's.
            keys = dict(conn.execute(select(t.c.id, t.c.search_key).where(t.c.id.in_([r["id"] for r in rows]))).all())
            rows = [{**r, "search_key": keys.get(r["id"])} for r in rows]
        # Columns this database keeps for itself (a desk's "toast shown" marker): a pulled
        # row neither carries nor overwrites them.
        local = LOCAL_COLUMNS.get(table, frozenset())
        if local:
            rows = [{k: v for k, v in r.items() if k not in local} for r in rows]
        new_messages = []
        if table == "messages":
            known = set(conn.scalars(select(t.c.id).where(t.c.id.in_([r["id"] for r in rows]))))
            new_messages = [r for r in rows if r["id"] not in known]
        stmt = sqlite_insert(t)
        stmt = stmt.on_conflict_do_update(index_elements=pk, set_={c.name: stmt.excluded[c.name] for c in t.columns
                                                                   if c.name not in pk and c.name not in local})
        conn.execute(stmt, rows)
        # A merge's note is an event ({"event": …}), not text to search.
        _index_messages(conn, [(m["ticket_id"], m["body"]) for m in new_messages if m.get("kind") != "system"])
        if table == "kb_articles":
            _index_articles(conn, [r["id"] for r in rows])

    def rebase(self, conn: Connection, covered_upto: int, pulled_tickets: set[uuid.UUID],
               pulled_messages: Collection[uuid.UUID] = frozenset()) -> int:
        """Drops outbox rows the cursor now covers, then re-applies the rest on top of the
        pulled rows, oldest first. Returns how many were re-applied."""
        ob = T["sync_outbox"]
        conn.execute(delete(ob).where(ob.c.acked_version.is_not(None), ob.c.acked_version <= covered_upto))
        me = None
        n = 0
        for r in conn.execute(select(ob).order_by(ob.c.seq)).all():
            me = me or self._agent(conn)
            if r.op == p.MESSAGE_INSERT and r.entity_id in pulled_messages:
                continue  # the server has it already, counted in the ticket row just pulled
            _apply_local(conn, r.op, r.entity_id, r.payload, me, pulled=pulled_tickets)
            n += 1
        return n


# --- the local effect of each op (first run and rebase alike) -----------------------------
def _apply_local(conn: Connection, op: str, entity_id: uuid.UUID, payload: dict, me, pulled: set | None) -> None:
    """``pulled`` is None for a fresh edit; on rebase, the tickets this pull overwrote
    (an edit to a ticket the pull did not touch is still in place and is not redone)."""
    now = utcnow()
    tickets = T["tickets"]
    if op in (p.Op.CUSTOMER_CREATE, p.Op.TICKET_CREATE):
        _apply_create(conn, op, entity_id, payload, me, now)
    elif op in _CUSTOMER_OPS:
        _apply_customer_op(conn, op, entity_id, payload, now)
    elif op == p.TICKET_UPDATE:
        if pulled is not None and entity_id not in pulled:
            return
        t = conn.execute(select(tickets).where(tickets.c.id == entity_id)).first()
        if t is None:
            return
        fields = {k: (parse_uuid(new) if (k == "assignee_id" and new) else new) for k, (_old, new) in payload["fields"].items()}
        # Re-applied as the agent meant it, even where the server's concurrency rules will
        # keep the pulled value: the server decides, and its answer comes with the next pull.
        try:
            values = rules.ticket_update(TicketState.of(t), fields, now)
        except RuleError:
            return  # a value no rule allows (the server refuses it too): a failing pull helps nobody
        if "subject" in values:
            _reindex_subjects(conn, [{"id": t.id, "number": t.number, "subject": values["subject"]}])
        conn.execute(update(tickets).where(tickets.c.id == t.id).values(**values))
    elif op in (p.TAG_ADD, p.TAG_REMOVE):
        tags = T["ticket_tags"]
        row = conn.execute(select(tags).where(tags.c.ticket_id == entity_id, tags.c.tag == payload["tag"])).first()
        if op == p.TAG_ADD and row is None:
            conn.execute(insert(tags).values(id=uuid.UUID(payload["tag_id"]), ticket_id=entity_id, tag=payload["tag"], updated_at=now))
        elif row is not None and row.deleted != (op == p.TAG_REMOVE):
            conn.execute(update(tags).where(tags.c.id == row.id).values(deleted=op == p.TAG_REMOVE, updated_at=now))
        else:
            return  # already so: nothing changes on screen
        live = sorted(conn.scalars(select(tags.c.tag).where(tags.c.ticket_id == entity_id, tags.c.deleted.is_(False))))
        conn.execute(update(tickets).where(tickets.c.id == entity_id).values(tags_text=" ".join(live), updated_at=now))
    elif op == p.MESSAGE_INSERT:
        ticket_id = uuid.UUID(payload["ticket_id"])
        t = conn.execute(select(tickets).where(tickets.c.id == ticket_id)).first()
        if t is None:
            return
        messages = T["messages"]
        row = conn.execute(select(messages.c.rev).where(messages.c.id == entity_id)).first()
        absent = row is None
        kind = payload["kind"]
        if absent:  # append-only: insert if absent
            conn.execute(insert(messages).values(
                id=entity_id, ticket_id=ticket_id, direction="outbound" if kind == "reply" else "internal", kind=kind,
                channel=t.channel, body=payload["body"], author_agent_id=me.id, author_name=me.name,
                created_at=now, updated_at=now))
            _index_message(conn, ticket_id, payload["body"])
            # The colleagues the note mentions, as the server will derive them (same ids).
            mentions.store_mentions(conn, message_id=entity_id, ticket_id=ticket_id, ticket_team_id=t.team_id,
                                    kind=kind, body=payload["body"], author_id=me.id, now=now)
        _restore_attachments(conn, ticket_id, entity_id, payload.get("attachments") or (), now)
        # A message the server already has (rev > 0: it came with a pull) is counted in the
        # ticket row the server sent; only a local-only one adds itself again on rebase.
        if pulled is None or (ticket_id in pulled and (row is None or row.rev == 0)):
            values = rules.message_effects(TicketState.of(t), kind, me.id, now)
            conn.execute(update(tickets).where(tickets.c.id == ticket_id).values(**values))
    elif op == p.FOLLOW_UP_INSERT:
        fu = T["follow_ups"]
        if conn.execute(select(fu.c.id).where(fu.c.id == entity_id)).first() is None:
            conn.execute(insert(fu).values(
                id=entity_id, agent_id=uuid.UUID(payload["agent_id"]),
                ticket_id=parse_uuid(payload["ticket_id"]) if payload.get("ticket_id") else None,
                customer_id=parse_uuid(payload["customer_id"]) if payload.get("customer_id") else None,
                title=payload["title"], notes=payload.get("notes", ""), kind=payload.get("kind", "follow_up"),
                due_at=datetime.fromisoformat(payload["due_at"]), status="open", tz=payload.get("tz", ""), updated_at=now,
                rrule=payload.get("rrule") or "", ical_uid=payload.get("ical_uid"),
                remind_at=datetime.fromisoformat(payload["remind_at"]) if payload.get("remind_at") else None))
    elif op == p.FOLLOW_UP_UPDATE:
        fu = T["follow_ups"]
        values = {name: _follow_up_local(name, new) for name, (_old, new) in payload["fields"].items()}
        conn.execute(update(fu).where(fu.c.id == entity_id).values(**values, updated_at=now))
    elif op == p.TICKET_MERGE:
        target_id = uuid.UUID(payload["target_id"])
        src = conn.execute(select(tickets).where(tickets.c.id == entity_id)).first()
        dst = conn.execute(select(tickets).where(tickets.c.id == target_id)).first()
        if src is None or dst is None or (pulled is not None and not ({entity_id, target_id} & pulled)):
            return  # the local effect is still in place (or the rows are gone)
        if (pulled is None or entity_id in pulled) and src.merged_into_id == target_id:
            return  # the server's rows have this merge already (this one, or the same merge by someone else)
        # Re-applied as the agent meant it, like an update: refusing it is the server's call.
        src_values, dst_values, notes = rules.merge_effects(TicketState.of(src), TicketState.of(dst), now)
        # A row the pull did not overwrite may still show this merge (the local effect).
        redo = {entity_id: src.merged_into_id != target_id, target_id: pulled is None or target_id in pulled}
        messages = T["messages"]
        for note, values in zip(notes, (src_values, dst_values)):
            note_id = uuid.UUID(payload["notes"][str(note.ticket_id)])
            absent = conn.execute(select(messages.c.id).where(messages.c.id == note_id)).first() is None
            if absent:
                conn.execute(insert(messages).values(
                    id=note_id, ticket_id=note.ticket_id, direction="internal", kind="system", channel=note.channel,
                    body=note.body, author_agent_id=me.id, author_name=me.name, created_at=now, updated_at=now))
            # A pulled row does not count the local note yet (as for a local message above).
            if absent or redo[note.ticket_id]:
                conn.execute(update(tickets).where(tickets.c.id == note.ticket_id).values(**values))
        if redo[entity_id]:
            conn.execute(update(tickets).where(tickets.c.merged_into_id == entity_id).values(merged_into_id=target_id))
    elif op == p.KB_VOTE:
        votes = T["article_votes"]
        article_id = uuid.UUID(payload["article_id"])
        row = conn.execute(select(votes.c.id).where(votes.c.article_id == article_id, votes.c.agent_id == me.id)).first()
        if row is None:
            conn.execute(insert(votes).values(id=uuid.UUID(payload["vote_id"]), article_id=article_id, agent_id=me.id,
                                              ticket_id=parse_uuid(payload["ticket_id"]) if payload.get("ticket_id") else None,
                                              helpful=payload["helpful"], at=now, updated_at=now))
        else:
            conn.execute(update(votes).where(votes.c.id == row.id).values(helpful=payload["helpful"], deleted=False,
                                                                           updated_at=now))
    elif op == p.KB_USE:
        uses = T["article_uses"]
        if conn.execute(select(uses.c.id).where(uses.c.id == entity_id)).first() is None:
            conn.execute(insert(uses).values(
                id=entity_id, article_id=uuid.UUID(payload["article_id"]), agent_id=me.id, kind=payload["kind"],
                ticket_id=parse_uuid(payload["ticket_id"]) if payload.get("ticket_id") else None, at=now, updated_at=now))
    elif op == p.Op.WORK_LOG:
        ws = T["work_sessions"]
        ticket_id = uuid.UUID(payload["ticket_id"])
        if conn.execute(select(ws.c.id).where(ws.c.id == entity_id)).first() is None:
            team = conn.execute(select(T["tickets"].c.team_id).where(T["tickets"].c.id == ticket_id)).scalar()
            conn.execute(insert(ws).values(
                id=entity_id, agent_id=me.id, ticket_id=ticket_id, team_id=team, kind=payload["kind"],
                seconds=int(payload["seconds"]), started_at=datetime.fromisoformat(payload["started_at"]),
                updated_at=now))
    elif op == p.KB_PROPOSE:
        kb = T["kb_articles"]
        if conn.execute(select(kb.c.id).where(kb.c.id == entity_id)).first() is None:
            conn.execute(insert(kb).values(
                id=entity_id, status="proposed", proposed_by_id=me.id, helpful=0, not_helpful=0, review_note="",
                updated_at=now, **{k: payload.get(k) for k in ("title", "body", "category", "tags", "language")},
                proposal_of_id=parse_uuid(payload["proposal_of_id"]) if payload.get("proposal_of_id") else None))
    elif op == p.KB_REVIEW:
        pass  # done by the service when it was made; a pull that overwrote it shows the server's state
    elif op == p.KB_VISIBILITY:
        kb = T["kb_articles"]
        conn.execute(update(kb).where(kb.c.id == entity_id).values(visibility=payload["visibility"][1]))
    elif op == p.TEMPLATE_SAVE:
        tpl = T["templates"]
        fields = dict(payload["fields"])
        for k in ("owner_agent_id", "team_id"):
            fields[k] = parse_uuid(fields[k]) if fields.get(k) else None
        if conn.execute(select(tpl.c.id).where(tpl.c.id == entity_id)).first() is None:
            conn.execute(insert(tpl).values(id=entity_id, **fields, usage_count=0, updated_at=now))
        else:
            conn.execute(update(tpl).where(tpl.c.id == entity_id).values(**fields, deleted=False, updated_at=now))
    elif op == p.TEMPLATE_DELETE:
        tpl = T["templates"]
        conn.execute(update(tpl).where(tpl.c.id == entity_id).values(deleted=True, updated_at=now))
    elif op == p.MENTION_READ:
        mt = T["mentions"]
        read_at = datetime.fromisoformat(payload["read_at"]) if payload.get("read_at") else now
        conn.execute(update(mt).where(mt.c.id == entity_id, mt.c.read_at.is_(None))
                     .values(read_at=read_at, notified_at=func.coalesce(mt.c.notified_at, read_at), updated_at=now))
    elif op == p.VIEW_SAVE:
        views = T["saved_views"]
        fields = {k: payload["fields"][k] for k in p.VIEW_FIELDS}
        for k in ("owner_agent_id", "team_id"):
            fields[k] = parse_uuid(str(fields[k])) if fields.get(k) else None
        if conn.execute(select(views.c.id).where(views.c.id == entity_id)).first() is None:
            conn.execute(insert(views).values(id=entity_id, **fields, created_at=now, updated_at=now))
        else:
            conn.execute(update(views).where(views.c.id == entity_id).values(**fields, deleted=False, updated_at=now))
    elif op == p.VIEW_DELETE:
        views = T["saved_views"]
        conn.execute(update(views).where(views.c.id == entity_id).values(deleted=True, updated_at=now))
    elif op in (p.Op.REVIEW_SAVE, p.Op.RUBRIC_SAVE):
        _apply_review_op(conn, op, entity_id, payload, me, now)
    elif op == p.Op.AGENT_PROFILE:
        agents = T["agents"]
        profile = {k: payload[k] for k in ("capacity", "skills") if k in payload}
        if profile:
            conn.execute(update(agents).where(agents.c.id == entity_id).values(**profile, updated_at=now))
    elif op == p.Op.ROUTING_SAVE:
        rr = T["routing_rules"]
        values = {"mode": payload["mode"], "priority_rules": payload["priority_rules"], "deleted": False,
                  "updated_by": me.id if me is not None else None, "updated_at": now}
        if conn.execute(select(rr.c.id).where(rr.c.id == entity_id)).first() is None:
            conn.execute(insert(rr).values(id=entity_id, team_id=parse_uuid(payload["team_id"]), **values))
        else:
            conn.execute(update(rr).where(rr.c.id == entity_id).values(**values))
    elif op == p.Op.AUTORESPONSE_SAVE:
        ars = T["autoresponse_settings"]
        values = {k: payload[k] for k in ("enabled", "threshold", "categories")}
        values |= {"deleted": False, "updated_by": me.id if me is not None else None, "updated_at": now}
        if conn.execute(select(ars.c.id).where(ars.c.id == entity_id)).first() is None:
            conn.execute(insert(ars).values(id=entity_id, team_id=parse_uuid(payload["team_id"]),
                                            channel=payload["channel"], **values))
        else:
            conn.execute(update(ars).where(ars.c.id == entity_id).values(**values))
    elif op in _TRAINING_TABLES:
        _apply_training(conn, op, entity_id, payload, me, now)
    elif op == p.Op.KB_SYNONYM_SAVE:
        syn = T["kb_synonyms"]
        values = {k: payload[k] for k in ("words", "status", "deleted")}
        values |= {"updated_by": me.id if me is not None else None, "updated_at": now}
        if conn.execute(select(syn.c.id).where(syn.c.id == entity_id)).first() is None:
            conn.execute(insert(syn).values(id=entity_id, team_id=parse_uuid(payload["team_id"]),
                                            phrase=payload["phrase"], **values))
        else:
            conn.execute(update(syn).where(syn.c.id == entity_id).values(**values))
    elif op == p.INCIDENT_RECORD:
        _apply_incident(conn, entity_id, payload, me, now)
    elif op == p.AGENT_STATUS:
        agents = T["agents"]
        cur = conn.execute(select(agents.c.status).where(agents.c.id == entity_id)).scalar()
        try:
            values = agent_states.change(cur, payload["status"][1], now)
        except agent_states.StateError:
            return  # a value the server refuses too: a failing pull helps nobody
        if values:
            conn.execute(update(agents).where(agents.c.id == entity_id).values(**values, updated_at=now))
    else:
        raise ValueError(f"unknown op {op}")


_TRAINING_TABLES: dict[str, str] = {
    p.Op.TRAINING_SCENARIO_SAVE: "training_scenarios", p.Op.TRAINING_ASSIGN: "training_assignments",
    p.Op.TRAINING_ATTEMPT: "training_attempts"}


def _apply_training(conn: Connection, op: str, entity_id: uuid.UUID, payload: dict, me, now: datetime) -> None:
    """A queued training write, back after a pull replaced the optimistic row (or a full
    resync dropped it): as services/training_records.py wrote it. An attempt carries the
    desk's own scorecard for this (the server stores its own, the same by determinism)."""
    from agentdesk import training_rules

    table = T[_TRAINING_TABLES[op]]
    exists = conn.execute(select(table.c.id).where(table.c.id == entity_id)).first() is not None
    if op == p.Op.TRAINING_SCENARIO_SAVE:
        try:
            parsed = training_rules.parse_source(payload["source"], payload["format"])
        except RuleError:
            return  # the server refuses it too
        values = {"source": payload["source"], "format": payload["format"], "title": parsed.title,
                  "language": parsed.language, "difficulty": parsed.difficulty, "sha256": parsed.sha256,
                  "deleted": bool(payload.get("deleted")), "updated_by": me.id if me is not None else None,
                  "updated_at": now}
        if exists:
            conn.execute(update(table).where(table.c.id == entity_id).values(**values))
        else:
            conn.execute(insert(table).values(id=entity_id, team_id=parse_uuid(payload["team_id"]),
                                              scenario_key=parsed.key, **values))
    elif op == p.Op.TRAINING_ASSIGN:
        due = datetime.fromisoformat(payload["due_at"]) if payload.get("due_at") else None
        values = {"mode": payload["mode"], "due_at": due, "note": payload.get("note") or "",
                  "deleted": bool(payload.get("deleted")), "assigned_by": me.id if me is not None else None,
                  "updated_at": now}
        if exists:
            conn.execute(update(table).where(table.c.id == entity_id).values(**values))
        else:
            agents = T["agents"]
            trainee = parse_uuid(payload["trainee_id"])
            team = conn.execute(select(agents.c.team_id).where(agents.c.id == trainee)).scalar()
            if team is None:
                return
            conn.execute(insert(table).values(id=entity_id, team_id=team, trainee_id=trainee,
                                              scenario_key=payload["scenario_key"], created_at=now, **values))
    elif not exists and me is not None:
        card = payload.get("scorecard") or {}
        conn.execute(insert(table).values(
            id=entity_id, team_id=me.team_id, trainee_id=me.id,
            assignment_id=parse_uuid(payload["assignment_id"]) if payload.get("assignment_id") else None,
            scenario_key=payload["scenario_key"], scenario_sha256=payload["scenario_sha256"], mode=payload["mode"],
            started_at=datetime.fromisoformat(payload["started_at"]), ended_at=now, clock_end=payload.get("clock_end"),
            actions=payload["actions"], scorecard=card, score=int(card.get("score") or 0),
            passed=bool(card.get("passed")), updated_at=now))


def _apply_review_op(conn: Connection, op: str, entity_id: uuid.UUID, payload: dict, me, now: datetime) -> None:
    """A queued review or rubric, back after a full resync dropped it (insert if absent);
    the review's score from its points, as the service and the server compute it."""
    if op == p.Op.RUBRIC_SAVE:
        rubrics = T["rubrics"]
        fields = {k: payload["fields"][k] for k in p.RUBRIC_FIELDS}
        fields["team_id"] = parse_uuid(str(fields["team_id"])) if fields.get("team_id") else None
        if conn.execute(select(rubrics.c.id).where(rubrics.c.id == entity_id)).first() is None:
            conn.execute(insert(rubrics).values(id=entity_id, **fields, updated_at=now))
        else:
            conn.execute(update(rubrics).where(rubrics.c.id == entity_id).values(**fields, deleted=False, updated_at=now))
        return
    qr, rubrics, tickets, agents = T["quality_reviews"], T["rubrics"], T["tickets"], T["agents"]
    ticket_id = uuid.UUID(payload["ticket_id"])
    if conn.execute(select(qr.c.id).where((qr.c.id == entity_id) | (qr.c.ticket_id == ticket_id))).first() is not None:
        return  # there (or the ticket was reviewed by someone else meanwhile: the server will say)
    items = conn.execute(select(rubrics.c["items"]).where(rubrics.c.id == uuid.UUID(payload["rubric_id"]))).scalar()
    if items is None or conn.execute(select(tickets.c.id).where(tickets.c.id == ticket_id)).first() is None:
        return
    agent_id = uuid.UUID(payload["agent_id"])
    try:
        parsed = review_rules.parse_items(items)
        outcome = review_rules.score_of(parsed, review_rules.check_scores(parsed, payload["scores"]))
    except RuleError:
        return  # the server refuses it too
    team = conn.execute(select(agents.c.team_id).where(agents.c.id == agent_id)).scalar()
    conn.execute(insert(qr).values(
        id=entity_id, ticket_id=ticket_id, agent_id=agent_id, reviewer_id=me.id, team_id=team,
        rubric_id=uuid.UUID(payload["rubric_id"]), scores=payload["scores"], comments=payload.get("comments") or {},
        comment=payload.get("comment") or "", score=outcome.score, failed=outcome.failed, created_at=now, updated_at=now))
def _apply_incident(conn: Connection, entity_id: uuid.UUID, payload: dict, me, now: datetime) -> None:
    """A queued incident back after a full resync dropped the local row (insert if absent;
    the server's row, with its own time, replaces it at the pull that covers it)."""
    incidents, tickets = T["protection_incidents"], T["tickets"]
    if conn.execute(select(incidents.c.id).where(incidents.c.id == entity_id)).first() is not None:
        return
    ticket_id = parse_uuid(str(payload.get("ticket_id")))
    team = conn.execute(select(tickets.c.team_id).where(tickets.c.id == ticket_id)).first()
    if team is None:
        return  # the ticket is gone from this replica: nothing to hang it on
    try:
        kind = protection_rules.check_kind(payload.get("kind"))
    except RuleError:
        return
    conn.execute(insert(incidents).values(
        id=entity_id, agent_id=me.id, ticket_id=ticket_id, team_id=team.team_id, kind=kind,
        reason=str(payload.get("reason") or ""), message_id=parse_uuid(payload["message_id"]) if payload.get("message_id")
        else None, protective=protection_rules.is_protective(kind), created_at=now, updated_at=now))


def _restore_attachments(conn: Connection, ticket_id: uuid.UUID, message_id: uuid.UUID, files, now: datetime) -> None:
    """A still-pending message's files, back after a full resync dropped the local rows
    (insert if absent; size and type from the content kept here since it was attached)."""
    rows, blobs = T["attachments"], T["attachment_blobs"]
    for n, f in enumerate(files):
        fid = uuid.UUID(f["id"])
        if conn.execute(select(rows.c.id).where(rows.c.id == fid)).first() is not None:
            continue
        blob = conn.execute(select(blobs.c.size, blobs.c.mime_type).where(blobs.c.sha256 == f["sha256"])).first()
        if blob is None:
            continue  # nothing to show it from; the server's answer brings it back if it took it
        conn.execute(insert(rows).values(id=fid, message_id=message_id, ticket_id=ticket_id, filename=f["filename"],
                                         mime_type=blob.mime_type, size=blob.size, sha256=f["sha256"],
                                         created_at=now + timedelta(microseconds=n), updated_at=now))


# --- new customers and tickets (issue 12): their rows again after a full resync ------------
def _apply_create(conn: Connection, op: str, entity_id: uuid.UUID, payload: dict, me, now: datetime) -> None:
    """Re-creates a queued new customer or ticket that a full resync dropped (the server has
    not got it yet); insert if absent, so the rows the service wrote stay as they are."""
    if op == p.Op.CUSTOMER_CREATE:
        customers, contacts = T["customers"], T["contact_points"]
        if conn.execute(select(customers.c.id).where(customers.c.id == entity_id)).first() is not None:
            return
        with rule_errors_as_invalid_value():
            name, checked = rules.check_new_customer(payload["name"], [(c["kind"], c["value"]) for c in payload["contacts"]])
        conn.execute(insert(customers).values(id=entity_id, name=name, name_reversed=phones.name_reversed(name),
                                              language=payload.get("language") or "ko", created_at=now, updated_at=now))
        ids = {(c["kind"], rules.check_contact(c["kind"], c["value"]).normalized): c["id"] for c in payload["contacts"]}
        for c in checked:
            conn.execute(insert(contacts).values(
                id=uuid.UUID(ids[(c.kind, c.normalized)]), customer_id=entity_id, kind=c.kind, value=c.value,
                normalized=c.normalized, search_key=phones.contact_search_key(c.kind, c.normalized), label="",
                is_primary=True, updated_at=now))
        return
    tickets, messages, tags = T["tickets"], T["messages"], T["ticket_tags"]
    if conn.execute(select(tickets.c.id).where(tickets.c.id == entity_id)).first() is not None:
        return
    first = payload.get("message")
    if not first:
        return  # nothing the server would take either
    assignee = parse_uuid(payload["assignee_id"]) if payload.get("assignee_id") else None
    values = rules.new_ticket_values(payload["channel"], payload["priority"], first["kind"], me.id, assignee, now)
    number = int(payload["number"])
    conn.execute(insert(tickets).values(
        id=entity_id, number=number, subject=payload["subject"], category=payload.get("category") or "",
        customer_id=parse_uuid(payload["customer_id"]) if payload.get("customer_id") else None,
        team_id=parse_uuid(payload["team_id"]) if payload.get("team_id") else None,
        tags_text=" ".join(sorted(t["tag"] for t in payload.get("tags") or ())), **values))
    _reindex_subjects(conn, [{"id": entity_id, "number": number, "subject": payload["subject"]}])
    inbound = first["kind"] == "inbound"
    customer_name = conn.execute(select(T["customers"].c.name).where(
        T["customers"].c.id == parse_uuid(payload["customer_id"]))).scalar() if inbound and payload.get("customer_id") else ""
    conn.execute(insert(messages).values(
        id=uuid.UUID(first["id"]), ticket_id=entity_id, direction=rules.message_direction(first["kind"]),
        kind=rules.message_kind(first["kind"]), channel=payload["channel"], body=first["body"],
        author_agent_id=None if inbound else me.id, author_name=(customer_name or "") if inbound else me.name,
        created_at=now, updated_at=now))
    _index_message(conn, entity_id, first["body"])
    for t in payload.get("tags") or ():
        conn.execute(insert(tags).values(id=uuid.UUID(t["id"]), ticket_id=entity_id, tag=t["tag"], updated_at=now))


def drop_unconfirmed_ticket(conn: Connection, ticket_id: uuid.UUID) -> bool:
    """A new ticket the server refused (it never had it): its local rows go, so no
    "#…" lingers in the inbox. Only a ticket still on a provisional number; True if dropped."""
    tickets = T["tickets"]
    number = conn.execute(select(tickets.c.number).where(tickets.c.id == ticket_id)).scalar()
    if number is None or number > 0:
        return False
    conn.execute(delete(T["messages"]).where(T["messages"].c.ticket_id == ticket_id))
    conn.execute(delete(T["ticket_tags"]).where(T["ticket_tags"].c.ticket_id == ticket_id))
    conn.execute(update(T["follow_ups"]).where(T["follow_ups"].c.ticket_id == ticket_id).values(ticket_id=None))
    conn.execute(delete(T["drafts"]).where(T["drafts"].c.ticket_id == ticket_id))
    conn.execute(delete(tickets).where(tickets.c.id == ticket_id))
    return True


# --- customers (issue 12) -----------------------------------------------------------------
_CUSTOMER_OPS = frozenset({p.Op.CUSTOMER_UPDATE, p.Op.CONTACT_UPSERT, p.Op.CONTACT_DELETE})


def _apply_customer_op(conn: Connection, op: str, entity_id: uuid.UUID, payload: dict, now: datetime) -> None:
    """A customer edit as the agent meant it, on top of the pulled rows (the server's
    answer, a conflict or a refusal, comes with a later pull). The lookup keys are derived
    here as everywhere (customer_rules), so the local search finds the new number at once."""
    customers, contacts = T["customers"], T["contact_points"]
    if op == p.Op.CUSTOMER_UPDATE:
        c = conn.execute(select(customers).where(customers.c.id == entity_id)).first()
        if c is None:
            return
        try:
            values = {name: customer_rules.check_customer_field(name, new)
                      for name, (_old, new) in (payload.get("fields") or {}).items()}
            tags = payload.get("tags") or {}
            values["tags"] = customer_rules.customer_tags_after(c.tags, tags.get("add", ()), tags.get("remove", ()))
        except RuleError:
            return  # refused by the server too; a failing pull helps nobody
        if "name" in values:
            values["name_reversed"] = phones.name_reversed(values["name"])
        conn.execute(update(customers).where(customers.c.id == entity_id).values(**values, updated_at=now))
    elif op == p.Op.CONTACT_UPSERT:
        try:
            cv = customer_rules.check_contact_point(payload["kind"], payload["value"], payload.get("label", ""))
        except RuleError:
            return
        row: dict[str, Any] = {"value": cv.value, "normalized": cv.normalized, "search_key": cv.search_key,
                               "label": cv.label, "is_primary": bool(payload.get("is_primary")), "deleted": False,
                               "updated_at": now}
        if conn.execute(select(contacts.c.id).where(contacts.c.id == entity_id)).first() is None:
            customer_id = uuid.UUID(payload["customer_id"])
            if conn.execute(select(customers.c.id).where(customers.c.id == customer_id)).first() is None:
                return
            conn.execute(insert(contacts).values(id=entity_id, customer_id=customer_id, kind=cv.kind, **row))
        else:
            conn.execute(update(contacts).where(contacts.c.id == entity_id).values(**row))
    else:  # CONTACT_DELETE
        conn.execute(update(contacts).where(contacts.c.id == entity_id).values(deleted=True, is_primary=False,
                                                                               updated_at=now))


def _follow_up_local(name: str, value):
    if value is None:
        return None
    if name in p.FOLLOW_UP_DATETIMES:
        return datetime.fromisoformat(value)
    if name in ("ticket_id", "customer_id"):
        return uuid.UUID(value)
    return value


# --- the local search index (SQLite FTS5, contentless; see services/tickets.py) ----------
def _fts_rowid(number: int, seq: int) -> int:
    return (number << FTS_SEQ_BITS) | (seq & ((1 << FTS_SEQ_BITS) - 1))


def _reindex_subjects(conn: Connection, rows: list[dict]) -> None:
    tickets = T["tickets"]
    old = {r.id: r for r in conn.execute(select(tickets.c.id, tickets.c.number, tickets.c.subject)
                                         .where(tickets.c.id.in_([r["id"] for r in rows])))}
    for r in rows:
        prev = old.get(r["id"])
        if prev is not None and prev.number != r["number"]:
            _renumber_messages(conn, r["id"], prev.number, r["number"])  # the server's number replaced "#…"
        elif prev is not None and prev.subject == r["subject"]:
            continue
        if prev is not None:  # a contentless index deletes by the exact text it indexed
            conn.exec_driver_sql("INSERT INTO ticket_fts(ticket_fts, rowid, doc) VALUES ('delete', ?, ?)",
                                 (_fts_rowid(prev.number, 0), textsearch.index_text(prev.subject)))
        conn.exec_driver_sql("INSERT INTO ticket_fts(rowid, doc) VALUES (?, ?)",
                             (_fts_rowid(r["number"], 0), textsearch.index_text(r["subject"])))


def _renumber_messages(conn: Connection, ticket_id, old: int, new: int) -> None:
    """A ticket's messages move in the search index from its provisional number to the
    server's (rowids carry the number; a contentless index deletes by the exact text)."""
    messages = T["messages"]
    bodies = conn.execute(select(messages.c.body).where(messages.c.ticket_id == ticket_id)
                          .order_by(messages.c.created_at, messages.c.id)).scalars().all()
    for seq, body in enumerate(bodies, start=1):
        doc = textsearch.index_text(body)
        conn.exec_driver_sql("INSERT INTO ticket_fts(ticket_fts, rowid, doc) VALUES ('delete', ?, ?)",
                             (_fts_rowid(old, seq), doc))
        conn.exec_driver_sql("INSERT INTO ticket_fts(rowid, doc) VALUES (?, ?)", (_fts_rowid(new, seq), doc))


def _unindex_articles(conn: Connection, ids: list) -> None:
    """Removes these articles' current text from the local knowledge index (kb_fts is
    contentless: a delete names the exact text that was indexed)."""
    kb = T["kb_articles"]
    for r in conn.execute(select(kb).where(kb.c.id.in_(ids), kb.c.search_key.is_not(None),
                                           kb.c.status == "published", kb.c.deleted.is_(False))):
        knowledge.unindex_article_text(conn, r.search_key, r.title, r.body, r.tags, r.category)


def _index_articles(conn: Connection, ids: list) -> None:
    """Indexes these articles as they now are, if published (a new one gets a key)."""
    kb = T["kb_articles"]
    rows = conn.execute(select(kb).where(kb.c.id.in_(ids), kb.c.status == "published", kb.c.deleted.is_(False))).all()
    next_key = (conn.execute(select(func.max(kb.c.search_key))).scalar() or 0) + 1
    for r in rows:
        key = r.search_key
        if key is None:
            key, next_key = next_key, next_key + 1
            conn.execute(update(kb).where(kb.c.id == r.id).values(search_key=key, updated_at=kb.c.updated_at))
        knowledge.index_article_text(conn, key, r.title, r.body, r.tags, r.category)


def _index_message(conn: Connection, ticket_id: uuid.UUID, body: str) -> None:
    _index_messages(conn, [(ticket_id, body)])


def _index_messages(conn: Connection, items: list[tuple[uuid.UUID, str]]) -> None:
    """Adds messages, already inserted, to the search index: (ticket id, body) pairs.

    A message's sequence is its ticket's message count at its own insert (the count now,
    less the page's later messages of the ticket), as when each was indexed on its own.
    One query for the tickets' numbers and counts (per 500 tickets) and one
    executemany: a long-offline catch-up of 37,000 messages spent 31 s of a 48 s pull
    (profiled) in two SELECTs and an INSERT per message; batched, about 2 s.
    """
    if not items:
        return
    tickets, messages = T["tickets"], T["messages"]
    ids = list(dict.fromkeys(ticket_id for ticket_id, _body in items))
    count = select(func.count()).select_from(messages).where(messages.c.ticket_id == tickets.c.id).scalar_subquery()
    at: dict[uuid.UUID, tuple[int, int]] = {}
    for k in range(0, len(ids), 500):
        at.update((r.id, (r.number, r.seq or 0)) for r in conn.execute(
            select(tickets.c.id, tickets.c.number, count.label("seq")).where(tickets.c.id.in_(ids[k:k + 500]))))
    # Each message its own sequence: the ticket's count less the page's messages still to
    # come. Sharing one (the count) made the messages of a page one index row, which kept
    # only the last one's word positions, so a compound (배송지연) in an earlier one was lost.
    later = Counter(ticket_id for ticket_id, _body in items)
    rows = []
    for ticket_id, body in items:
        if ticket_id in at:
            later[ticket_id] -= 1
            number, seq = at[ticket_id]
            rows.append((_fts_rowid(number, seq - later[ticket_id]), textsearch.index_text(body)))
    if rows:
        conn.exec_driver_sql("INSERT INTO ticket_fts(rowid, doc) VALUES (?, ?)", rows)
