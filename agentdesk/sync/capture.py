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
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event, insert, select
from sqlalchemy.orm import Session, attributes, sessionmaker

from agentdesk import rules
from agentdesk.models import (
    Agent,
    ArticleUse,
    ArticleVote,
    AuditEntry,
    Base,
    FollowUp,
    KnowledgeArticle,
    Message,
    SavedView,
    Template,
    Ticket,
    TicketTag,
    utcnow,
)
from agentdesk.services.common import NotAllowed
from agentdesk.services.view_spec import ViewActor, ViewError, check_view_write
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


def _changed(obj, name: str) -> tuple[bool, Any, Any]:
    """(changed, old, new) of one attribute since the last flush."""
    hist = attributes.get_history(obj, name)
    if not hist.has_changes():
        return False, None, None
    old = hist.deleted[0] if hist.deleted else None
    new = hist.added[0] if hist.added else None
    return old != new, old, new


# One queued mutation: (op, entity, entity id, base version, payload).
Mutation = tuple[p.Op, p.Entity, uuid.UUID, int, dict]


@dataclass
class _Flush:
    """What one flush is about to write, as the handlers below read and queue it."""

    session: Session
    agent_login: str
    merged: dict = field(default_factory=dict)  # duplicate's id → target id
    merge_notes: dict = field(default_factory=dict)  # ticket id → the system note the merge adds to it
    replied: set = field(default_factory=set)  # tickets that got a reply in this flush
    reviews: set = field(default_factory=set)  # originals rewritten by publishing an edit
    edited: list = field(default_factory=list)  # articles whose text changed: only as part of a review
    ops: list[Mutation] = field(default_factory=list)
    _agent: Agent | None = None

    def agent(self) -> Agent:
        if self._agent is None:
            self._agent = self.session.scalar(select(Agent).where(Agent.login == self.agent_login))
            if self._agent is None:
                raise NotAllowed(f"agent '{self.agent_login}' is not in this replica yet; sync first")
        return self._agent

    def rev_of_ticket(self, ticket_id) -> int:
        ticket = self.session.get(Ticket, ticket_id)
        return ticket.rev if ticket is not None else 0


def _needs_server(table: str) -> str:
    return (f"this change ({table}) cannot be made from a team workspace's local copy yet; "
            "an admin or lead can make it on the server")


def _changed_columns(obj) -> set[str]:
    return {a.key for a in attributes.instance_state(obj).attrs if a.history.has_changes()}


def _with_id(obj) -> uuid.UUID:
    """The row's id, given now if the flush has not yet: the mutation carries it."""
    obj.id = obj.id or uuid.uuid4()
    return obj.id


# --- new rows ------------------------------------------------------------------------------
def _drop_audit(f: _Flush, obj: AuditEntry) -> None:
    f.session.expunge(obj)  # the server writes the audit trail of every mutation


def _carried_by_ticket(f: _Flush, obj: TicketTag) -> None:
    pass  # a tag travels as the ticket's tags_text change (see _ticket_tag_ops)


def _new_message(f: _Flush, obj: Message) -> None:
    if obj.id is not None and obj.id in f.merge_notes.values():
        return  # carried by the merge
    if obj.kind not in rules.AGENT_MESSAGE_KINDS:
        raise NotAllowed("only replies and notes can be written in a team workspace")
    f.ops.append((p.Op.MESSAGE_INSERT, p.Entity.MESSAGE, _with_id(obj), f.rev_of_ticket(obj.ticket_id),
                  {"ticket_id": str(obj.ticket_id), "kind": obj.kind, "body": obj.body}))
    if obj.kind == "reply":
        f.replied.add(obj.ticket_id)


def _new_follow_up(f: _Flush, obj: FollowUp) -> None:
    f.ops.append((p.Op.FOLLOW_UP_INSERT, p.Entity.FOLLOW_UP, _with_id(obj), 0, {
        "agent_id": str(obj.agent_id or f.agent().id), "title": obj.title, "notes": obj.notes or "",
        "kind": obj.kind or "follow_up", "tz": obj.tz or "", "due_at": p.wire(obj.due_at),
        "ticket_id": p.plain(obj.ticket_id), "customer_id": p.plain(obj.customer_id),
        "rrule": obj.rrule or "", "remind_at": p.wire(obj.remind_at), "ical_uid": obj.ical_uid,
    }))


def _vote(f: _Flush, obj: ArticleVote) -> None:
    f.ops.append((p.Op.KB_VOTE, p.Entity.ARTICLE_VOTE, _with_id(obj), obj.rev or 0, {
        "article_id": str(obj.article_id), "helpful": bool(obj.helpful), "vote_id": str(obj.id),
        "ticket_id": p.plain(obj.ticket_id)}))


def _new_article_use(f: _Flush, obj: ArticleUse) -> None:
    f.ops.append((p.Op.KB_USE, p.Entity.ARTICLE_USE, _with_id(obj), 0, {
        "article_id": str(obj.article_id), "ticket_id": p.plain(obj.ticket_id), "kind": obj.kind}))


def _new_article(f: _Flush, obj: KnowledgeArticle) -> None:
    if obj.status != "proposed":
        raise NotAllowed("articles are added on the team server (agentdesk kb import --db …); "
                         "from a team workspace you can propose one")
    f.ops.append((p.Op.KB_PROPOSE, p.Entity.KB_ARTICLE, _with_id(obj), 0, {
        "title": obj.title, "body": obj.body, "category": obj.category or "", "tags": list(obj.tags or []),
        "language": obj.language or "ko", "proposal_of_id": p.plain(obj.proposal_of_id)}))


def _template_saved(f: _Flush, t: Template) -> None:
    f.ops.append((p.Op.TEMPLATE_SAVE, p.Entity.TEMPLATE, _with_id(t), t.rev or 0, {"fields": {
        "title": t.title, "body": t.body, "category": t.category or "", "language": t.language or "ko",
        "shortcut": t.shortcut or "", "scope": t.scope or "team", "prompts": list(t.prompts or []),
        "macro": dict(t.macro or {}), "owner_agent_id": p.plain(t.owner_agent_id), "team_id": p.plain(t.team_id)}}))


def _committed(obj, name: str):
    """The value of an attribute as it was before this flush changed it."""
    hist = attributes.get_history(obj, name)
    return hist.deleted[0] if hist.deleted else getattr(obj, name)


def _check_view(f: _Flush, scope, owner_id, team_id) -> None:
    """The one rule (view_spec.check_view_write), here too: a write that skipped the
    service is refused before it is queued, and the transaction rolls back."""
    try:
        check_view_write(ViewActor.of(f.agent()), scope, owner_id, team_id)
    except ViewError as exc:
        raise NotAllowed(str(exc)) from None


def _view_saved(f: _Flush, v: SavedView) -> None:
    _check_view(f, v.scope, v.owner_agent_id, v.team_id)
    f.ops.append((p.Op.VIEW_SAVE, p.Entity.SAVED_VIEW, _with_id(v), v.rev or 0, {"fields": {
        "name": v.name, "scope": v.scope, "spec": dict(v.spec or {}), "position": int(v.position or 0),
        "owner_agent_id": p.plain(v.owner_agent_id), "team_id": p.plain(v.team_id)}}))


def _view_changed(f: _Flush, v: SavedView) -> None:
    changed = _changed_columns(v) - {"updated_at", "rev"}
    if not changed:
        return
    # May the agent change the view as it was? (An agent turning a team view into their own.)
    _check_view(f, _committed(v, "scope"), _committed(v, "owner_agent_id"), _committed(v, "team_id"))
    if changed == {"deleted"} and v.deleted:
        f.ops.append((p.Op.VIEW_DELETE, p.Entity.SAVED_VIEW, v.id, v.rev, {}))
    else:
        _view_saved(f, v)


# A new row of each of these classes is queued by its handler; a new row of any other
# replicated table needs the server.
_NEW_ROW: dict[type, Callable[[_Flush, Any], None]] = {
    AuditEntry: _drop_audit,
    Message: _new_message,
    TicketTag: _carried_by_ticket,
    FollowUp: _new_follow_up,
    ArticleVote: _vote,
    ArticleUse: _new_article_use,
    KnowledgeArticle: _new_article,
    Template: _template_saved,
    SavedView: _view_saved,
}


# --- changed rows --------------------------------------------------------------------------
def _ticket_changed(f: _Flush, t: Ticket) -> None:
    for attr in attributes.instance_state(t).attrs:
        name = attr.key
        if name in TICKET_DERIVED or name in p.FIELD_RULES or not attr.history.has_changes():
            continue
        if name == "merged_into_id" and t.id in f.merged:
            continue  # the merge op
        raise NotAllowed(_needs_server("tickets"))
    fields = {}
    for name in p.FIELD_RULES:
        changed, old, new = _changed(t, name)
        if not changed:
            continue
        if t.id in f.merged and name == "status":
            continue  # closing the duplicate is the merge's own effect
        if t.id in f.replied and ((name == "status" and new == rules.status_after_reply(old))
                                  or (name == "assignee_id" and old is None and new == f.agent().id)):
            continue  # the reply's own effect
        fields[name] = [p.plain(old), p.plain(new)]
    if fields:
        f.ops.append((p.Op.TICKET_UPDATE, p.Entity.TICKET, t.id, t.rev, {"fields": fields}))
    _ticket_tag_ops(f, t)


def _ticket_tag_ops(f: _Flush, t: Ticket) -> None:
    """Tags as add/remove operations (two agents' adds both survive), read from the
    change of the ticket's tags_text."""
    changed, old, new = _changed(t, "tags_text")
    if not changed:
        return
    before, after = set(str(old or "").split()), set(str(new or "").split())
    for tag in sorted(after - before):
        row = f.session.scalar(select(TicketTag).where(TicketTag.ticket_id == t.id, TicketTag.tag == tag)) \
            or next((o for o in f.session.new if isinstance(o, TicketTag) and o.ticket_id == t.id and o.tag == tag), None)
        tag_id = row.id if row is not None and row.id else uuid.uuid4()
        if row is not None and row.id is None:
            row.id = tag_id
        f.ops.append((p.Op.TAG_ADD, p.Entity.TICKET, t.id, t.rev, {"tag": tag, "tag_id": str(tag_id)}))
    for tag in sorted(before - after):
        f.ops.append((p.Op.TAG_REMOVE, p.Entity.TICKET, t.id, t.rev, {"tag": tag}))


def _follow_up_changed(f: _Flush, obj: FollowUp) -> None:
    fields = {}
    for name in p.FOLLOW_UP_FIELDS:
        changed, old, new = _changed(obj, name)
        if changed:
            fields[name] = [p.wire(old), p.wire(new)]
    if fields:
        f.ops.append((p.Op.FOLLOW_UP_UPDATE, p.Entity.FOLLOW_UP, obj.id, obj.rev, {"fields": fields}))


def _agent_changed(f: _Flush, obj: Agent) -> None:
    """An agent changes only their own availability from a desk."""
    changed, old, new = _changed(obj, "status")
    if changed:
        f.ops.append((p.Op.AGENT_STATUS, p.Entity.AGENT, obj.id, obj.rev, {"status": [old, new]}))
    if _changed_columns(obj) - {"status", "updated_at"}:
        raise NotAllowed(_needs_server("agents"))


def _article_changed(f: _Flush, obj: KnowledgeArticle) -> None:
    changed, old, new = _changed(obj, "status")
    if changed and old == "proposed" and new in ("published", "rejected", "applied"):
        action = "reject" if new == "rejected" else "publish"
        f.ops.append((p.Op.KB_REVIEW, p.Entity.KB_ARTICLE, obj.id, obj.rev or 0,
                      {"action": action, "note": obj.review_note or ""}))
        f.reviews.add(obj.proposal_of_id)  # publishing an edit rewrites the original too
    elif _changed_columns(obj) - KB_DERIVED - {"title", "body", "category", "tags", "language", "published_at"}:
        raise NotAllowed(_needs_server("kb_articles"))
    else:
        f.edited.append(obj)  # allowed only as the original of a reviewed edit (checked at the end)


def _template_changed(f: _Flush, obj: Template) -> None:
    changed = _changed_columns(obj) - {"usage_count", "updated_at", "rev"}
    if changed == {"deleted"} and obj.deleted:
        f.ops.append((p.Op.TEMPLATE_DELETE, p.Entity.TEMPLATE, obj.id, obj.rev, {}))
    elif changed:
        _template_saved(f, obj)


_CHANGED_ROW: dict[type, Callable[[_Flush, Any], None]] = {
    Ticket: _ticket_changed,
    FollowUp: _follow_up_changed,
    Agent: _agent_changed,
    TicketTag: _carried_by_ticket,
    ArticleVote: _vote,
    KnowledgeArticle: _article_changed,
    Template: _template_changed,
    SavedView: _view_changed,
}


# --- merges ----------------------------------------------------------------------------------
def _merge_ops(f: _Flush) -> None:
    """A merge travels as one op with the ids of its two system notes (the server then
    writes the same rows as this replica)."""
    for obj in f.session.dirty:
        if isinstance(obj, Ticket) and attributes.get_history(obj, "merged_into_id").has_changes():
            _, old, new = _changed(obj, "merged_into_id")
            if old is not None or new is None:
                raise NotAllowed("a merged ticket cannot be moved or unmerged from a team workspace")
            f.merged[obj.id] = new
    if not f.merged:
        return
    for obj in list(f.session.new):
        if isinstance(obj, Message) and obj.kind == "system" and (
                obj.ticket_id in f.merged or obj.ticket_id in f.merged.values()):
            f.merge_notes[obj.ticket_id] = _with_id(obj)
    for src, dst in f.merged.items():
        if src not in f.merge_notes or dst not in f.merge_notes:
            raise NotAllowed("merging tickets goes through the merge command")
        f.ops.append((p.Op.TICKET_MERGE, p.Entity.TICKET, src, f.rev_of_ticket(src), {
            "target_id": str(dst), "notes": {str(src): str(f.merge_notes[src]), str(dst): str(f.merge_notes[dst])}}))


def _table_name(obj) -> str | None:
    return getattr(obj, "__tablename__", None)


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
        f = _Flush(session, self.agent_login)
        _merge_ops(f)
        # New rows first: a message's ticket changes (status new → open on a reply) are
        # implied by the message and done by the server itself.
        for obj in list(session.new):
            handler = _NEW_ROW.get(type(obj))
            if handler is not None:
                handler(f, obj)
            elif _table_name(obj) in SYNCED_TABLES:
                raise NotAllowed(_needs_server(_table_name(obj) or ""))
        for obj in list(session.dirty):
            if not session.is_modified(obj, include_collections=False):
                continue
            handler = _CHANGED_ROW.get(type(obj))
            if handler is not None:
                handler(f, obj)
            elif _table_name(obj) in SYNCED_TABLES:
                raise NotAllowed(_needs_server(_table_name(obj) or ""))
        for article in f.edited:
            if article.id not in f.reviews and _changed_columns(article) - KB_DERIVED:
                raise NotAllowed(_needs_server("kb_articles"))
        for obj in list(session.deleted):
            if _table_name(obj) in SYNCED_TABLES:
                raise NotAllowed(_needs_server(_table_name(obj) or ""))
        if not f.ops:
            return 0
        now = utcnow()
        session.connection().execute(insert(Base.metadata.tables["sync_outbox"]), [
            {"mutation_id": uuid.uuid4(), "entity": entity, "entity_id": entity_id, "op": op,
             "base_version": base or 0, "payload": payload, "created_at": now, "attempts": 0, "last_error": ""}
            for op, entity, entity_id, base, payload in f.ops])
        return len(f.ops)


def install(db, agent_login: str, on_queued: Callable[[], None] | None = None) -> OutboxCapture:
    """Makes every service write on ``db`` (a replica) also queue its mutations."""
    if not db.is_sqlite:
        raise ValueError("the outbox lives in an SQLite replica")
    return OutboxCapture(db.sessions, agent_login, on_queued)
