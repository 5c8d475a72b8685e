"""Turning the services' ORM writes on a replica into outbox mutations.

In a team profile the window and the CLI run the very same service functions as on a
standalone workspace, against the local replica. A ``before_flush`` hook on the
replica's sessions reads what each flush is about to write and queues the matching
mutations (``protocol`` ops) in the same SQLite transaction, so the optimistic change
and its outbox rows commit together or not at all. The server recomputes everything
derived (SLA deadlines, counters, audit entries), so only the agent's intent travels:
fields as old → new, tags as add/remove, new messages and follow-ups.

A change the protocol cannot carry (merging tickets, editing a customer, a new ticket)
raises ``NotAllowed`` and the whole local transaction rolls back: nothing is half done,
and the agent is told it needs the server. Tables that are not replicated (drafts,
template usage, knowledge votes) are written locally as before.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable

from sqlalchemy import event, insert, select
from sqlalchemy.orm import Session, attributes, sessionmaker

from agentdesk.models import (
    Agent,
    ArticleUse,
    ArticleVote,
    AuditEntry,
    Base,
    FollowUp,
    KnowledgeArticle,
    Message,
    Template,
    Ticket,
    TicketTag,
    utcnow,
)
from agentdesk.services.common import NotAllowed
from agentdesk.sync import protocol as p

log = logging.getLogger("agentdesk.sync")

# Tables whose rows travel as mutations (the pulled ones, and the uses of articles, which
# only the server keeps for the team's statistics).
SYNCED_TABLES = frozenset(p.PULL_TABLES) | {"article_uses"}
# Article columns that move with votes or are this database's own (never sent as edits).
KB_DERIVED = frozenset({"helpful", "not_helpful", "updated_at", "search_key", "rev"})
# Ticket columns the server derives from the ones an agent sets (never sent).
TICKET_DERIVED = frozenset({
    "updated_at", "sla_next_due", "solved_at", "reopen_count", "priority_rank", "sla_first_response_due",
    "sla_resolution_due", "first_response_at", "message_count", "tags_text", "rev",
})


def _changed(obj, name: str) -> tuple[bool, object, object]:
    """(changed, old, new) of one attribute since the last flush."""
    hist = attributes.get_history(obj, name)
    if not hist.has_changes():
        return False, None, None
    old = hist.deleted[0] if hist.deleted else None
    new = hist.added[0] if hist.added else None
    return old != new, old, new


class OutboxCapture:
    """Installed on a replica's sessionmaker; ``on_queued`` is told after each commit that
    queued something (the sync thread pushes at once instead of at the next poll)."""

    def __init__(self, sessions: sessionmaker, agent_login: str, on_queued: Callable[[], None] | None = None):
        self.sessions = sessions
        self.agent_login = agent_login
        self.on_queued = on_queued
        self._local = threading.local()
        event.listen(sessions, "before_flush", self._before_flush)
        event.listen(sessions, "after_commit", self._after_commit)

    def remove(self) -> None:
        event.remove(self.sessions, "before_flush", self._before_flush)
        event.remove(self.sessions, "after_commit", self._after_commit)

    # --- the hook --------------------------------------------------------------------
    def _before_flush(self, session: Session, _ctx, _instances) -> None:
        with session.no_autoflush:
            queued = self._capture(session)
        if queued:
            session.info["agentdesk_queued"] = session.info.get("agentdesk_queued", 0) + queued

    def _after_commit(self, session: Session) -> None:
        if session.info.pop("agentdesk_queued", 0) and self.on_queued is not None:
            self.on_queued()

    def _capture(self, session: Session) -> int:
        ops: list[tuple[str, str, uuid.UUID, int, dict]] = []  # op, entity, id, base version, payload
        me = None

        def agent() -> Agent:
            nonlocal me
            if me is None:
                me = session.scalar(select(Agent).where(Agent.login == self.agent_login))
                if me is None:
                    raise NotAllowed(f"agent '{self.agent_login}' is not in this replica yet; sync first")
            return me

        merged: dict = {}  # duplicate's id → target id
        for obj in session.dirty:
            if isinstance(obj, Ticket) and attributes.get_history(obj, "merged_into_id").has_changes():
                changed, old, new = _changed(obj, "merged_into_id")
                if old is not None or new is None:
                    raise NotAllowed("a merged ticket cannot be moved or unmerged from a team workspace")
                merged[obj.id] = new
        replied: set[uuid.UUID] = set()
        merge_notes: dict = {}  # ticket id → the system note the merge adds to it
        for obj in list(session.new):
            if isinstance(obj, Message) and obj.kind == "system" and merged and (
                    obj.ticket_id in merged or obj.ticket_id in merged.values()):
                obj.id = obj.id or uuid.uuid4()
                merge_notes[obj.ticket_id] = obj.id
        for src, dst in merged.items():
            if src not in merge_notes or dst not in merge_notes:
                raise NotAllowed("merging tickets goes through the merge command")
            ticket = session.get(Ticket, src)
            ops.append((p.TICKET_MERGE, "ticket", src, ticket.rev if ticket else 0, {
                "target_id": str(dst), "notes": {str(src): str(merge_notes[src]), str(dst): str(merge_notes[dst])}}))
        # New rows first: a message's ticket changes (status new → open on a reply) are
        # implied by the message and done by the server itself.
        for obj in list(session.new):
            table = obj.__table__.name if hasattr(obj, "__table__") else None
            if isinstance(obj, AuditEntry):
                session.expunge(obj)  # the server writes the audit trail of every mutation
            elif isinstance(obj, Message) and obj.id in merge_notes.values():
                pass  # carried by the merge
            elif isinstance(obj, Message):
                if obj.kind not in ("reply", "note"):
                    raise NotAllowed("only replies and notes can be written in a team workspace")
                obj.id = obj.id or uuid.uuid4()
                ticket = session.get(Ticket, obj.ticket_id)
                ops.append((p.MESSAGE_INSERT, "message", obj.id, ticket.rev if ticket else 0,
                            {"ticket_id": str(obj.ticket_id), "kind": obj.kind, "body": obj.body}))
                if obj.kind == "reply":
                    replied.add(obj.ticket_id)
            elif isinstance(obj, TicketTag):
                pass  # carried by the ticket's tags_text below
            elif isinstance(obj, FollowUp):
                obj.id = obj.id or uuid.uuid4()
                ops.append((p.FOLLOW_UP_INSERT, "follow_up", obj.id, 0, {
                    "agent_id": str(obj.agent_id or agent().id), "title": obj.title, "notes": obj.notes or "",
                    "kind": obj.kind or "follow_up", "tz": obj.tz or "", "due_at": p.wire(obj.due_at),
                    "ticket_id": p.plain(obj.ticket_id), "customer_id": p.plain(obj.customer_id),
                    "rrule": obj.rrule or "", "remind_at": p.wire(obj.remind_at), "ical_uid": obj.ical_uid,
                }))
            elif isinstance(obj, ArticleVote):
                obj.id = obj.id or uuid.uuid4()
                ops.append(self._vote_op(obj))
            elif isinstance(obj, ArticleUse):
                obj.id = obj.id or uuid.uuid4()
                ops.append((p.KB_USE, "article_use", obj.id, 0, {
                    "article_id": str(obj.article_id), "ticket_id": p.plain(obj.ticket_id), "kind": obj.kind}))
            elif isinstance(obj, KnowledgeArticle):
                if obj.status != "proposed":
                    raise NotAllowed("articles are added on the team server (agentdesk kb import --db …); "
                                     "from a team workspace you can propose one")
                obj.id = obj.id or uuid.uuid4()
                ops.append((p.KB_PROPOSE, "kb_article", obj.id, 0, {
                    "title": obj.title, "body": obj.body, "category": obj.category or "", "tags": list(obj.tags or []),
                    "language": obj.language or "ko", "proposal_of_id": p.plain(obj.proposal_of_id)}))
            elif isinstance(obj, Template):
                obj.id = obj.id or uuid.uuid4()
                ops.append(self._template_op(obj))
            elif table in SYNCED_TABLES:
                raise NotAllowed(self._needs_server(table))
        reviews: set = set()
        edited: list = []  # article text changed: only as part of publishing an edit
        for obj in list(session.dirty):
            if not session.is_modified(obj, include_collections=False):
                continue
            if isinstance(obj, Ticket):
                ops.extend(self._ticket_ops(session, obj, replied, agent, merged))
            elif isinstance(obj, FollowUp):
                fields = {}
                for name in p.FOLLOW_UP_FIELDS:
                    changed, old, new = _changed(obj, name)
                    if changed:
                        fields[name] = [p.wire(old), p.wire(new)]
                if fields:
                    ops.append((p.FOLLOW_UP_UPDATE, "follow_up", obj.id, obj.rev, {"fields": fields}))
            elif isinstance(obj, Agent):
                for name in ("status",):
                    changed, old, new = _changed(obj, name)
                    if changed:
                        ops.append((p.AGENT_STATUS, "agent", obj.id, obj.rev, {"status": [old, new]}))
                others = [a.key for a in attributes.instance_state(obj).attrs
                          if a.key not in ("status", "updated_at") and a.history.has_changes()]
                if others:
                    raise NotAllowed(self._needs_server("agents"))
            elif isinstance(obj, TicketTag):
                pass  # carried by the ticket's tags_text
            elif isinstance(obj, ArticleVote):
                ops.append(self._vote_op(obj))
            elif isinstance(obj, KnowledgeArticle):
                reviewed = self._review_op(obj)
                if reviewed is not None:
                    ops.append(reviewed)
                    reviews.add(obj.proposal_of_id)  # publishing an edit rewrites the original too
                elif self._changed_columns(obj) - KB_DERIVED - {"title", "body", "category", "tags", "language",
                                                                 "published_at"}:
                    raise NotAllowed(self._needs_server("kb_articles"))
                else:
                    edited.append(obj)
            elif isinstance(obj, Template):
                changed = self._changed_columns(obj) - {"usage_count", "updated_at", "rev"}
                if changed == {"deleted"} and obj.deleted:
                    ops.append((p.TEMPLATE_DELETE, "template", obj.id, obj.rev, {}))
                elif changed:
                    ops.append(self._template_op(obj))
            elif getattr(obj, "__tablename__", None) in SYNCED_TABLES:
                raise NotAllowed(self._needs_server(obj.__tablename__))
        for obj in edited:
            if obj.id not in reviews and self._changed_columns(obj) - KB_DERIVED:
                raise NotAllowed(self._needs_server("kb_articles"))
        for obj in list(session.deleted):
            if getattr(obj, "__tablename__", None) in SYNCED_TABLES:
                raise NotAllowed(self._needs_server(obj.__tablename__))
        if not ops:
            return 0
        conn = session.connection()
        now = utcnow()
        conn.execute(insert(Base.metadata.tables["sync_outbox"]), [
            {"mutation_id": uuid.uuid4(), "entity": entity, "entity_id": entity_id, "op": op,
             "base_version": base or 0, "payload": payload, "created_at": now, "attempts": 0, "last_error": ""}
            for op, entity, entity_id, base, payload in ops])
        return len(ops)

    def _ticket_ops(self, session: Session, t: Ticket, replied: set, agent, merged: dict) -> list:
        ops = []
        state = attributes.instance_state(t)
        for attr in state.attrs:
            name = attr.key
            if name in TICKET_DERIVED or name in p.FIELD_RULES or not attr.history.has_changes():
                continue
            if name == "merged_into_id" and t.id in merged:
                continue  # the merge op
            raise NotAllowed(self._needs_server("tickets"))
        fields = {}
        for name in p.FIELD_RULES:
            changed, old, new = _changed(t, name)
            if not changed:
                continue
            if t.id in merged and name == "status":
                continue  # closing the duplicate is the merge's own effect
            if t.id in replied and ((name == "status" and old == "new" and new == "open")
                                    or (name == "assignee_id" and old is None and new == agent().id)):
                continue  # the reply's own effect
            fields[name] = [p.plain(old), p.plain(new)]
        if fields:
            ops.append((p.TICKET_UPDATE, "ticket", t.id, t.rev, {"fields": fields}))
        changed, old, new = _changed(t, "tags_text")
        if changed:
            before, after = set((old or "").split()), set((new or "").split())
            for tag in sorted(after - before):
                row = session.scalar(select(TicketTag).where(TicketTag.ticket_id == t.id, TicketTag.tag == tag)) \
                    or next((o for o in session.new if isinstance(o, TicketTag) and o.ticket_id == t.id and o.tag == tag), None)
                tag_id = row.id if row is not None and row.id else uuid.uuid4()
                if row is not None and row.id is None:
                    row.id = tag_id
                ops.append((p.TAG_ADD, "ticket", t.id, t.rev, {"tag": tag, "tag_id": str(tag_id)}))
            for tag in sorted(before - after):
                ops.append((p.TAG_REMOVE, "ticket", t.id, t.rev, {"tag": tag}))
        return ops

    @staticmethod
    def _changed_columns(obj) -> set[str]:
        return {a.key for a in attributes.instance_state(obj).attrs if a.history.has_changes()}

    @staticmethod
    def _vote_op(v: ArticleVote) -> tuple:
        return (p.KB_VOTE, "article_vote", v.id, v.rev or 0, {
            "article_id": str(v.article_id), "helpful": bool(v.helpful), "vote_id": str(v.id),
            "ticket_id": p.plain(v.ticket_id)})

    @staticmethod
    def _template_op(t: Template) -> tuple:
        return (p.TEMPLATE_SAVE, "template", t.id, t.rev or 0, {"fields": {
            "title": t.title, "body": t.body, "category": t.category or "", "language": t.language or "ko",
            "shortcut": t.shortcut or "", "scope": t.scope or "team", "prompts": list(t.prompts or []),
            "macro": dict(t.macro or {}), "owner_agent_id": p.plain(t.owner_agent_id), "team_id": p.plain(t.team_id)}})

    @staticmethod
    def _review_op(a: KnowledgeArticle) -> tuple | None:
        changed, old, new = _changed(a, "status")
        if not changed or old != "proposed" or new not in ("published", "rejected", "applied"):
            return None
        action = "reject" if new == "rejected" else "publish"
        return (p.KB_REVIEW, "kb_article", a.id, a.rev or 0, {"action": action, "note": a.review_note or ""})

    @staticmethod
    def _needs_server(table: str) -> str:
        return (f"this change ({table}) cannot be made from a team workspace's local copy yet; "
                "an admin or lead can make it on the server")


def install(db, agent_login: str, on_queued: Callable[[], None] | None = None) -> OutboxCapture:
    """Makes every service write on ``db`` (a replica) also queue its mutations."""
    if not db.is_sqlite:
        raise ValueError("the outbox lives in an SQLite replica")
    return OutboxCapture(db.sessions, agent_login, on_queued)
