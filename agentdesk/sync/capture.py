"""Turning the services' ORM writes on a replica into outbox mutations.

In a team profile the window and the CLI run the very same service functions as on a
standalone workspace, against the local replica. A ``before_flush`` hook on the
replica's sessions reads what each flush is about to write and queues the matching
mutations (``protocol`` ops) in the same SQLite transaction, so the optimistic change
and its outbox rows commit together or not at all. The server recomputes everything
derived (SLA deadlines, counters, audit entries), so only the agent's intent travels:
fields as old → new, tags as add/remove, new messages and follow-ups.

New customers and new tickets travel as ``customer.create`` / ``ticket.create`` (see
``_create_ops``); a new ticket gets a provisional number (negative, shown as "#…") until
the server's number comes back with the pull.

A change the protocol cannot carry (a customer's tier or lifetime value, importing articles) raises
``NotAllowed`` and the whole local transaction rolls back: nothing is half done,
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

from sqlalchemy import event, func, insert, select, update
from sqlalchemy.orm import Session, attributes, sessionmaker

from agentdesk import agent_states, customer_rules, protection_rules, review_rules, routing, rules
from agentdesk.models import (
    Agent,
    ArticleUse,
    Attachment,
    ArticleVote,
    AuditEntry,
    Base,
    ContactPoint,
    Customer,
    FollowUp,
    KnowledgeArticle,
    Mention,
    Message,
    QualityReview,
    Rubric,
    RoutingRules,
    ProtectionIncident,
    SavedView,
    Template,
    Ticket,
    TicketTag,
    WorkSession,
    utcnow,
)
from agentdesk import autoresponse_rules, kb_learning_rules, training_rules
from agentdesk.models import AutoresponseSettings, KbSynonym, TrainingAssignment, TrainingAttempt, TrainingScenario
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
    "sla_resolution_due", "first_response_at", "message_count", "agent_contact_count", "tags_text", "rev",
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
    # ids of new rows another op carries (a create's contacts, first message and tags; a message's files)
    carried: set = field(default_factory=set)
    ops: list[Mutation] = field(default_factory=list)
    audit: dict = field(default_factory=dict)  # a bulk action's mark, sent with each ticket mutation
    _agent: Agent | None = None

    def marked(self, payload: dict) -> dict:
        return {**payload, "audit": dict(self.audit)} if self.audit else payload

    def agent(self) -> Agent:
        if self._agent is None:
            self._agent = self.session.scalar(select(Agent).where(Agent.login == self.agent_login))
            if self._agent is None:
                raise NotAllowed(code="sync.agent_not_here", login=self.agent_login)
        return self._agent

    def rev_of_ticket(self, ticket_id) -> int:
        ticket = self.session.get(Ticket, ticket_id)
        return ticket.rev if ticket is not None else 0


def _needs_server(table: str) -> NotAllowed:
    return NotAllowed(code="sync.needs_server", table=table)


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


def _carried_by_create(f: _Flush, obj) -> None:
    """New customers (with their contacts) and tickets are queued by _create_ops; a new
    contact point of an existing customer is an edit of that customer, which needs the server."""
    if obj.id not in f.carried:
        raise _needs_server(_table_name(obj) or "")


def _new_message(f: _Flush, obj: Message) -> None:
    if obj.id is not None and obj.id in f.merge_notes.values():
        return  # carried by the merge
    if obj.id is not None and obj.id in f.carried:
        return  # the first message of a new ticket: carried by ticket.create
    if obj.kind not in rules.AGENT_MESSAGE_KINDS:
        raise NotAllowed(code="sync.only_messages")
    payload: dict = {"ticket_id": str(obj.ticket_id), "kind": obj.kind, "body": obj.body}
    message_id = _with_id(obj)
    files = sorted((o for o in f.session.new if isinstance(o, Attachment) and o.message_id == message_id),
                   key=lambda a: (a.created_at, str(a.id)))
    if files:
        # Only the name and the content's hash: the server takes size and type from the
        # content uploaded before the push (sync/engine.py), never from what a desk says.
        payload["attachments"] = [{"id": str(_with_id(a)), "filename": a.filename, "sha256": a.sha256} for a in files]
        f.carried.update(a.id for a in files)
    f.ops.append((p.Op.MESSAGE_INSERT, p.Entity.MESSAGE, message_id, f.rev_of_ticket(obj.ticket_id), payload))
    if obj.kind == "reply":
        f.replied.add(obj.ticket_id)


def _new_mention(f: _Flush, obj: Mention) -> None:
    """Written by the services with a new note (services/mentions.py does it in Core, so
    this is for an ORM-made one): the server derives mentions from the note's text, so
    only one that comes with its note may be made here."""
    if not any(isinstance(o, Message) and o.id == obj.message_id for o in f.session.new):
        raise NotAllowed(code="sync.mention_with_note")


def _new_attachment(f: _Flush, obj: Attachment) -> None:
    pass  # travels with its message (_new_message); one without a new message is refused in _capture


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


def _new_work_session(f: _Flush, obj: WorkSession) -> None:
    f.ops.append((p.Op.WORK_LOG, p.Entity.WORK_SESSION, _with_id(obj), 0, {
        "ticket_id": str(obj.ticket_id), "kind": obj.kind, "seconds": int(obj.seconds),
        "started_at": p.wire(obj.started_at)}))


def _new_article(f: _Flush, obj: KnowledgeArticle) -> None:
    if obj.status != "proposed":
        raise NotAllowed(code="sync.articles_on_server")
    f.ops.append((p.Op.KB_PROPOSE, p.Entity.KB_ARTICLE, _with_id(obj), 0, {
        "title": obj.title, "body": obj.body, "category": obj.category or "", "tags": list(obj.tags or []),
        "language": obj.language or "ko", "proposal_of_id": p.plain(obj.proposal_of_id)}))


def _template_saved(f: _Flush, t: Template) -> None:
    f.ops.append((p.Op.TEMPLATE_SAVE, p.Entity.TEMPLATE, _with_id(t), t.rev or 0, {"fields": {
        "title": t.title, "body": t.body, "category": t.category or "", "language": t.language or "ko",
        "shortcut": t.shortcut or "", "scope": t.scope or "team", "prompts": list(t.prompts or []),
        "macro": dict(t.macro or {}), "owner_agent_id": p.plain(t.owner_agent_id), "team_id": p.plain(t.team_id)}}))


# --- customers (issue 12: the editable customer 360) -----------------------------------------
# Customer columns kept by this database or by the ORM's hooks (never sent as edits).
CUSTOMER_DERIVED = frozenset({"updated_at", "name_reversed", "rev"})
# Contact point columns a contact.upsert does not carry: the lookup keys are derived again
# on the server from the value (customer_rules.check_contact_point), never taken from a desk.
CONTACT_DERIVED = frozenset({"normalized", "search_key", "updated_at", "rev", "id"})


def _may_edit_customer(f: _Flush, customer_id, name: str = "") -> None:
    """The server's rule, asked here first: refused at once with the reason, rather than
    queued and rejected at the next push."""
    agent = f.agent()
    teams = f.session.scalars(select(Ticket.team_id).where(Ticket.customer_id == customer_id).distinct()).all()
    try:
        customer_rules.check_customer_edit(agent.role, agent.team_id, teams, name)
    except rules.RuleError as exc:
        raise NotAllowed.like(exc) from None


def _customer_changed(f: _Flush, c: Customer) -> None:
    if _changed_columns(c) - CUSTOMER_DERIVED - set(customer_rules.EDITABLE_FIELDS) - {"tags"}:
        raise _needs_server("customers")
    fields = {}
    for name in customer_rules.EDITABLE_FIELDS:
        changed, old, new = _changed(c, name)
        if changed:
            fields[name] = [old, new]
    tags: dict = {}
    changed, old, new = _changed(c, "tags")
    if changed:
        before, after = set(customer_rules.split_tags(old)), set(customer_rules.split_tags(new))
        tags = {"add": sorted(after - before), "remove": sorted(before - after)}
    if fields or tags:
        _may_edit_customer(f, c.id, c.name)
        f.ops.append((p.Op.CUSTOMER_UPDATE, p.Entity.CUSTOMER, c.id, c.rev or 0, {"fields": fields, "tags": tags}))


def _contact_payload(cp: ContactPoint) -> dict:
    return {"customer_id": str(cp.customer_id), "kind": cp.kind, "value": cp.value, "label": cp.label or "",
            "is_primary": bool(cp.is_primary)}


def _new_contact(f: _Flush, cp: ContactPoint) -> None:
    if any(isinstance(o, Customer) and o.id is not None and o.id == cp.customer_id for o in f.session.new):
        return  # a new customer's contacts travel with the customer
    _may_edit_customer(f, cp.customer_id)
    f.ops.append((p.Op.CONTACT_UPSERT, p.Entity.CONTACT, _with_id(cp), 0, _contact_payload(cp)))


def _new_contact_point(f: _Flush, cp: ContactPoint) -> None:
    """A new customer's contacts travel with customer.create; one added to a known customer is an edit."""
    if cp.id is not None and cp.id in f.carried:
        return
    _new_contact(f, cp)


def _contact_changed(f: _Flush, cp: ContactPoint) -> None:
    changed = _changed_columns(cp) - CONTACT_DERIVED
    if changed & {"customer_id", "kind"}:
        raise NotAllowed(code="sync.contact_fixed")
    if not changed:
        return
    _may_edit_customer(f, cp.customer_id)
    if cp.deleted:
        f.ops.append((p.Op.CONTACT_DELETE, p.Entity.CONTACT, cp.id, cp.rev or 0, {}))
    else:
        f.ops.append((p.Op.CONTACT_UPSERT, p.Entity.CONTACT, cp.id, cp.rev or 0, _contact_payload(cp)))


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
        raise NotAllowed.like(exc) from None


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


# --- quality reviews (issue 13) ------------------------------------------------------------
def _review_rule(check) -> None:
    """review_rules here too: a write that skipped the service is refused before it is queued."""
    try:
        check()
    except rules.RuleError as exc:
        raise NotAllowed.like(exc) from None


def _new_review(f: _Flush, r: QualityReview) -> None:
    """Only the lead's points and comments travel: the server computes the score (and the
    time) itself. A review is never edited from a desk (a change of one needs the server)."""
    t = f.session.get(Ticket, r.ticket_id)
    if t is None:
        raise _needs_server("quality_reviews")
    from agentdesk.services.reviews import handled_of

    handled = handled_of(f.session, t)
    _review_rule(lambda: review_rules.check_review(review_rules.Actor.of(f.agent()), handled))
    if r.agent_id != handled.agent_id or r.reviewer_id != f.agent().id:
        raise NotAllowed(code="review.not_their_ticket", number=t.number)
    f.ops.append((p.Op.REVIEW_SAVE, p.Entity.QUALITY_REVIEW, _with_id(r), 0, {
        "ticket_id": str(r.ticket_id), "agent_id": str(r.agent_id), "rubric_id": str(r.rubric_id),
        "scores": dict(r.scores or {}), "comments": dict(r.comments or {}), "comment": r.comment or ""}))


def _rubric_saved(f: _Flush, r: Rubric) -> None:
    actor = review_rules.Actor.of(f.agent())
    _review_rule(lambda: review_rules.check_rubric_write(actor, _committed(r, "team_id")))
    _review_rule(lambda: review_rules.check_rubric_write(actor, r.team_id))
    f.ops.append((p.Op.RUBRIC_SAVE, p.Entity.RUBRIC, _with_id(r), r.rev or 0, {"fields": {
        "team_id": p.plain(r.team_id), "name": r.name, "items": list(r.items or []), "active": bool(r.active)}}))


def _rubric_changed(f: _Flush, r: Rubric) -> None:
    if _changed_columns(r) - {"updated_at", "rev"}:
        _rubric_saved(f, r)
def _routing_saved(f: _Flush, r: RoutingRules) -> None:
    """A team's routing rules as a lead saved them (routing.save; the server checks the
    role and validates the rules again)."""
    me = f.agent()
    try:
        routing.check_rules_write(me.role, me.team_id, r.team_id)
    except rules.RuleError as exc:
        raise NotAllowed.like(exc) from None
    if _changed_columns(r) - {"mode", "priority_rules", "updated_by", "updated_at", "rev", "id", "team_id",
                              "deleted"}:
        raise _needs_server("routing_rules")
    f.ops.append((p.Op.ROUTING_SAVE, p.Entity.ROUTING_RULES, _with_id(r), r.rev or 0, {
        "team_id": p.plain(r.team_id), "mode": r.mode, "priority_rules": list(r.priority_rules or [])}))
def _autoresponse_saved(f: _Flush, r: AutoresponseSettings) -> None:
    """A team's auto-response settings as a lead saved them (autoresponse.save; the server
    checks the role and validates them again)."""
    me = f.agent()
    try:
        autoresponse_rules.check_settings_write(me.role, me.team_id, r.team_id)
    except rules.RuleError as exc:
        raise NotAllowed.like(exc) from None
    if _changed_columns(r) - {"enabled", "threshold", "categories", "updated_by", "updated_at", "rev", "id", "team_id",
                              "channel", "deleted"}:
        raise _needs_server("autoresponse_settings")
    f.ops.append((p.Op.AUTORESPONSE_SAVE, p.Entity.AUTORESPONSE_SETTINGS, _with_id(r), r.rev or 0, {
        "team_id": p.plain(r.team_id), "channel": r.channel, "enabled": bool(r.enabled),
        "threshold": float(r.threshold), "categories": list(r.categories or [])}))


def _training_rule(check: Callable[[], Any]) -> Any:
    try:
        return check()
    except rules.RuleError as exc:
        raise NotAllowed.like(exc) from None


def _scenario_saved(f: _Flush, r: TrainingScenario) -> None:
    """A trainer's scenario (training.scenario_save): only the source travels; the server
    parses it again and derives the rest."""
    me = f.agent()
    _training_rule(lambda: training_rules.check_scenario_write(me.role, me.team_id, r.team_id))
    if _changed_columns(r) - {"source", "format", "title", "language", "difficulty", "sha256", "updated_by",
                              "updated_at", "rev", "id", "team_id", "scenario_key", "deleted"}:
        raise _needs_server("training_scenarios")
    f.ops.append((p.Op.TRAINING_SCENARIO_SAVE, p.Entity.TRAINING_SCENARIO, _with_id(r), r.rev or 0, {
        "team_id": p.plain(r.team_id), "source": r.source, "format": r.format, "deleted": bool(r.deleted)}))


def _assignment_saved(f: _Flush, r: TrainingAssignment) -> None:
    me = f.agent()
    _training_rule(lambda: training_rules.check_assign(me.role, me.team_id, r.team_id))
    if _changed_columns(r) - {"mode", "due_at", "note", "deleted", "assigned_by", "updated_at", "rev", "id", "team_id",
                              "trainee_id", "scenario_key", "created_at"}:
        raise _needs_server("training_assignments")
    f.ops.append((p.Op.TRAINING_ASSIGN, p.Entity.TRAINING_ASSIGNMENT, _with_id(r), r.rev or 0, {
        "trainee_id": str(r.trainee_id), "scenario_key": r.scenario_key, "mode": r.mode, "due_at": p.wire(r.due_at),
        "note": r.note or "", "deleted": bool(r.deleted)}))


def _new_attempt(f: _Flush, r: TrainingAttempt) -> None:
    """A trainee's own attempt (training.attempt). The desk's scorecard travels along for
    this replica's rebase only: the server recomputes and stores its own."""
    me = f.agent()
    _training_rule(lambda: training_rules.check_attempt_write(me.id, r.trainee_id))
    f.ops.append((p.Op.TRAINING_ATTEMPT, p.Entity.TRAINING_ATTEMPT, _with_id(r), 0, {
        "trainee_id": str(r.trainee_id), "scenario_key": r.scenario_key, "scenario_sha256": r.scenario_sha256,
        "mode": r.mode, "assignment_id": p.plain(r.assignment_id), "started_at": p.wire(r.started_at),
        "clock_end": r.clock_end, "actions": list(r.actions or []), "scorecard": dict(r.scorecard or {})}))


def _attempt_changed(f: _Flush, r: TrainingAttempt) -> None:
    if _changed_columns(r) - {"updated_at", "rev"}:
        raise _needs_server("training_attempts")  # an attempt is never edited
def _synonym_saved(f: _Flush, r: KbSynonym) -> None:
    """A team's knowledge-search synonym as a lead saved or removed it (kb.synonym_save; the
    server checks the role and validates it again)."""
    me = f.agent()
    try:
        kb_learning_rules.check_synonym_write(me.role, me.team_id, r.team_id)
    except rules.RuleError as exc:
        raise NotAllowed.like(exc) from None
    if _changed_columns(r) - {"phrase", "words", "status", "updated_by", "updated_at", "rev", "id", "team_id",
                              "deleted"}:
        raise _needs_server("kb_synonyms")
    f.ops.append((p.Op.KB_SYNONYM_SAVE, p.Entity.KB_SYNONYM, _with_id(r), r.rev or 0, {
        "team_id": p.plain(r.team_id), "phrase": r.phrase, "words": r.words, "status": r.status,
        "deleted": bool(r.deleted)}))


def _new_incident(f: _Flush, obj: ProtectionIncident) -> None:
    """An agent-protection incident (services/protection.py): the rule asked here too, so
    one the server would refuse is refused before it is queued. Its script message was
    flushed (and queued) before it, so the server has the message when this arrives."""
    agent = f.agent()
    ticket = f.session.get(Ticket, obj.ticket_id)
    try:
        kind = protection_rules.check_kind(obj.kind)
        protection_rules.check_recorder(agent.id, agent.role, agent.team_id, obj.agent_id,
                                        ticket.team_id if ticket is not None else None)
        reason = protection_rules.check_reason(kind, obj.reason)
    except rules.RuleError as exc:
        raise NotAllowed.like(exc) from None
    f.ops.append((p.Op.INCIDENT_RECORD, p.Entity.PROTECTION_INCIDENT, _with_id(obj), 0, {
        "ticket_id": str(obj.ticket_id), "kind": str(kind), "reason": reason, "message_id": p.plain(obj.message_id)}))


def _incident_changed(f: _Flush, obj: ProtectionIncident) -> None:
    """Only this desk's own "alert shown" marker may change (a record is never edited)."""
    if _changed_columns(obj) - {"notified_at", "updated_at"}:
        raise _needs_server("protection_incidents")


# A new row of each of these classes is queued by its handler; a new row of any other
# replicated table needs the server.
_NEW_ROW: dict[type, Callable[[_Flush, Any], None]] = {
    AuditEntry: _drop_audit,
    Message: _new_message,
    Mention: _new_mention,
    Attachment: _new_attachment,
    TicketTag: _carried_by_ticket,
    FollowUp: _new_follow_up,
    ArticleVote: _vote,
    ArticleUse: _new_article_use,
    KnowledgeArticle: _new_article,
    Template: _template_saved,
    Customer: _carried_by_create,
    ContactPoint: _new_contact_point,
    Ticket: _carried_by_create,
    SavedView: _view_saved,
    QualityReview: _new_review,
    Rubric: _rubric_saved,
    RoutingRules: _routing_saved,
    ProtectionIncident: _new_incident,
    WorkSession: _new_work_session,
    AutoresponseSettings: _autoresponse_saved,
    TrainingScenario: _scenario_saved,
    TrainingAssignment: _assignment_saved,
    TrainingAttempt: _new_attempt,
    KbSynonym: _synonym_saved,
}


# --- changed rows --------------------------------------------------------------------------
def _ticket_changed(f: _Flush, t: Ticket) -> None:
    for attr in attributes.instance_state(t).attrs:
        name = attr.key
        if name in TICKET_DERIVED or name in p.FIELD_RULES or not attr.history.has_changes():
            continue
        if name == "merged_into_id" and t.id in f.merged:
            continue  # the merge op
        raise _needs_server("tickets")
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
        f.ops.append((p.Op.TICKET_UPDATE, p.Entity.TICKET, t.id, t.rev, f.marked({"fields": fields})))
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
        f.ops.append((p.Op.TAG_ADD, p.Entity.TICKET, t.id, t.rev, f.marked({"tag": tag, "tag_id": str(tag_id)})))
    for tag in sorted(before - after):
        f.ops.append((p.Op.TAG_REMOVE, p.Entity.TICKET, t.id, t.rev, f.marked({"tag": tag})))


def _follow_up_changed(f: _Flush, obj: FollowUp) -> None:
    fields = {}
    for name in p.FOLLOW_UP_FIELDS:
        changed, old, new = _changed(obj, name)
        if changed:
            fields[name] = [p.wire(old), p.wire(new)]
    if fields:
        f.ops.append((p.Op.FOLLOW_UP_UPDATE, p.Entity.FOLLOW_UP, obj.id, obj.rev, {"fields": fields}))


def _agent_changed(f: _Flush, obj: Agent) -> None:
    """An agent changes their own availability from a desk; a lead (or the agent, lowering
    it) an agent's capacity and skills (issue 13)."""
    changed, old, new = _changed(obj, "status")
    if changed:
        try:
            new = str(agent_states.normalize(new))  # the one vocabulary (an old value is sent as its new one)
        except agent_states.StateError as exc:
            raise NotAllowed.like(exc) from None
        f.ops.append((p.Op.AGENT_STATUS, p.Entity.AGENT, obj.id, obj.rev, {"status": [old, new]}))
    cap_changed, old_cap, new_cap = _changed(obj, "capacity")
    skills_changed, _old_skills, new_skills = _changed(obj, "skills")
    if cap_changed or skills_changed:
        me = f.agent()
        try:  # the server's rule, asked first: refused here at once, not at the next push
            routing.check_profile_write(me.role, me.id, me.team_id, obj.id, obj.team_id, old_cap,
                                        new_cap if cap_changed else None, skills_changed)
        except rules.RuleError as exc:
            raise NotAllowed.like(exc) from None
        payload: dict = {}
        if cap_changed:
            payload["capacity"] = new_cap
        if skills_changed:
            payload["skills"] = dict(new_skills or {})
        f.ops.append((p.Op.AGENT_PROFILE, p.Entity.AGENT, obj.id, obj.rev, payload))
    # status_since is not sent: the server stamps its own time when the status changes.
    if _changed_columns(obj) - {"status", "status_since", "updated_at", "capacity", "skills"}:
        raise _needs_server("agents")


def _article_changed(f: _Flush, obj: KnowledgeArticle) -> None:
    marked, was, now = _changed(obj, "visibility")
    if marked:  # a lead's public/internal mark: its own op (the server checks the role)
        f.ops.append((p.Op.KB_VISIBILITY, p.Entity.KB_ARTICLE, obj.id, obj.rev or 0, {"visibility": [was, now]}))
    changed, old, new = _changed(obj, "status")
    if changed and old == "proposed" and new in ("published", "rejected", "applied"):
        action = "reject" if new == "rejected" else "publish"
        f.ops.append((p.Op.KB_REVIEW, p.Entity.KB_ARTICLE, obj.id, obj.rev or 0,
                      {"action": action, "note": obj.review_note or ""}))
        f.reviews.add(obj.proposal_of_id)  # publishing an edit rewrites the original too
    elif _changed_columns(obj) - KB_DERIVED - {"title", "body", "category", "tags", "language", "published_at",
                                               "visibility"}:
        raise _needs_server("kb_articles")
    else:
        f.edited.append(obj)  # allowed only as the original of a reviewed edit (checked at the end)


def _mention_changed(f: _Flush, obj: Mention) -> None:
    """Only read_at travels (the agent opened the ticket); notified_at is this desk's own."""
    changed, old, new = _changed(obj, "read_at")
    if changed and old is None and new is not None:
        f.ops.append((p.Op.MENTION_READ, p.Entity.MENTION, obj.id, obj.rev or 0, {"read_at": p.wire(new)}))
    if _changed_columns(obj) - {"read_at", "notified_at", "updated_at"} or (changed and new is None):
        raise _needs_server("mentions")


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
    Mention: _mention_changed,
    Customer: _customer_changed,
    ContactPoint: _contact_changed,
    SavedView: _view_changed,
    Rubric: _rubric_changed,
    RoutingRules: _routing_saved,
    ProtectionIncident: _incident_changed,
    AutoresponseSettings: _autoresponse_saved,
    TrainingScenario: _scenario_saved,
    TrainingAssignment: _assignment_saved,
    TrainingAttempt: _attempt_changed,
    KbSynonym: _synonym_saved,
}


# --- merges ----------------------------------------------------------------------------------
def _merge_ops(f: _Flush) -> None:
    """A merge travels as one op with the ids of its two system notes (the server then
    writes the same rows as this replica)."""
    for obj in f.session.dirty:
        if isinstance(obj, Ticket) and attributes.get_history(obj, "merged_into_id").has_changes():
            _, old, new = _changed(obj, "merged_into_id")
            if old is not None or new is None:
                raise NotAllowed(code="sync.merge_fixed")
            f.merged[obj.id] = new
    if not f.merged:
        return
    for obj in list(f.session.new):
        if isinstance(obj, Message) and obj.kind == "system" and (
                obj.ticket_id in f.merged or obj.ticket_id in f.merged.values()):
            f.merge_notes[obj.ticket_id] = _with_id(obj)
    for src, dst in f.merged.items():
        if src not in f.merge_notes or dst not in f.merge_notes:
            raise NotAllowed(code="sync.merge_command")
        f.ops.append((p.Op.TICKET_MERGE, p.Entity.TICKET, src, f.rev_of_ticket(src), f.marked({
            "target_id": str(dst), "notes": {str(src): str(f.merge_notes[src]), str(dst): str(f.merge_notes[dst])}})))


# --- new customers and tickets (issue 12) ------------------------------------------------------
# session.info key: {ticket id: True} of tickets created in this transaction, whose first
# message and tags may come in a later flush (they have no relationship() to the ticket, so
# the service flushes the ticket first) and are folded into its queued ticket.create.
_CREATED = "agentdesk_created_tickets"


def _provisional_number(session: Session) -> int:
    """Below every number this replica holds: unique here, never a server's (they start
    above 1000), and shown as pending ("#…") until the pull brings the real one."""
    lowest = session.scalar(select(func.min(Ticket.number)))
    return min(int(lowest or 0), 0) - 1


def _first_kind(m: Message) -> str:
    return "inbound" if m.direction == "inbound" else m.kind


def _message_payload(m: Message) -> dict:
    return {"id": str(_with_id(m)), "kind": _first_kind(m), "body": m.body}


def _create_ops(f: _Flush) -> None:
    """Queues customer.create (with the customer's new contacts) and ticket.create (with its
    first message and tags) for the new rows of this flush, customers first; folds a first
    message or tag flushed after its ticket into that ticket's queued create."""
    new = list(f.session.new)
    for c in (o for o in new if isinstance(o, Customer)):
        contacts = [o for o in new if isinstance(o, ContactPoint) and o.customer_id == _with_id(c)]
        f.carried |= {c.id, *(_with_id(o) for o in contacts)}
        f.ops.append((p.Op.CUSTOMER_CREATE, p.Entity.CUSTOMER, c.id, 0, {
            "name": c.name, "language": c.language or "ko",
            "contacts": [{"id": str(o.id), "kind": o.kind, "value": o.value} for o in contacts]}))
    created = f.session.info.setdefault(_CREATED, {})
    number = None
    for t in (o for o in new if isinstance(o, Ticket)):
        number = _provisional_number(f.session) if number is None else number - 1
        t.number = number
        tid = _with_id(t)
        first = next((o for o in new if isinstance(o, Message) and o.ticket_id == tid), None)
        tags = [o for o in new if isinstance(o, TicketTag) and o.ticket_id == tid]
        f.carried |= {_with_id(o) for o in [*tags, *([first] if first is not None else [])]}
        f.ops.append((p.Op.TICKET_CREATE, p.Entity.TICKET, tid, 0, {
            "subject": t.subject, "channel": t.channel, "priority": t.priority or "normal",
            "category": t.category or "", "customer_id": p.plain(t.customer_id), "assignee_id": p.plain(t.assignee_id),
            "team_id": p.plain(t.team_id), "number": number,
            "tags": [{"id": str(o.id), "tag": o.tag} for o in tags],
            "message": _message_payload(first) if first is not None else None}))
        created[tid] = True
        f.carried.add(tid)
    later = [o for o in new if isinstance(o, (Message, TicketTag)) and o.ticket_id in created
             and _with_id(o) not in f.carried]
    if later:
        _fold_into_create(f, later)


def _fold_into_create(f: _Flush, rows: list) -> None:
    ob = Base.metadata.tables["sync_outbox"]
    conn = f.session.connection()
    for ticket_id in dict.fromkeys(o.ticket_id for o in rows):
        entry = conn.execute(select(ob.c.seq, ob.c.payload).where(
            ob.c.op == p.Op.TICKET_CREATE, ob.c.entity_id == ticket_id, ob.c.acked_version.is_(None))).first()
        if entry is None:
            continue  # queued in this very flush: handled by _create_ops
        payload = dict(entry.payload)
        for o in (o for o in rows if o.ticket_id == ticket_id):
            if isinstance(o, TicketTag):
                payload["tags"] = [*payload.get("tags", []), {"id": str(o.id), "tag": o.tag}]
            elif payload.get("message") is None:
                payload["message"] = _message_payload(o)
            else:
                continue  # a second message: an ordinary message.insert after the create
            f.carried.add(o.id)
        conn.execute(update(ob).where(ob.c.seq == entry.seq).values(payload=payload))


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
        # The services ask this (services/routing.py): on a replica, new tickets are
        # routed by the team server alone, never by the desk.
        sessions.kw["info"] = {**(sessions.kw.get("info") or {}), p.SESSION_REPLICA_KEY: True}
        event.listen(sessions, "before_flush", self._before_flush)
        event.listen(sessions, "after_commit", self._after_commit)

    def remove(self) -> None:
        info = dict(self.sessions.kw.get("info") or {})
        info.pop(p.SESSION_REPLICA_KEY, None)
        self.sessions.kw["info"] = info
        event.remove(self.sessions, "before_flush", self._before_flush)
        event.remove(self.sessions, "after_commit", self._after_commit)

    # --- the hook --------------------------------------------------------------------
    def _before_flush(self, session: Session, _ctx, _instances) -> None:
        with session.no_autoflush:
            queued = self._capture(session)
        if queued:
            session.info["agentdesk_queued"] = session.info.get("agentdesk_queued", 0) + queued

    def _after_commit(self, session: Session) -> None:
        session.info.pop(_CREATED, None)
        if session.info.pop("agentdesk_queued", 0) and self.on_queued is not None:
            self.on_queued()

    def _capture(self, session: Session) -> int:
        f = _Flush(session, self.agent_login, audit={k: v for k, v in (session.info.get(p.SESSION_AUDIT_KEY) or {}).items()
                                                     if k in p.AUDIT_MARKS})
        _merge_ops(f)
        _create_ops(f)
        # New rows first: a message's ticket changes (status new → open on a reply) are
        # implied by the message and done by the server itself.
        for obj in list(session.new):
            handler = _NEW_ROW.get(type(obj))
            if handler is not None:
                handler(f, obj)
            elif _table_name(obj) in SYNCED_TABLES:
                raise _needs_server(_table_name(obj) or "")
        for obj in list(session.dirty):
            if not session.is_modified(obj, include_collections=False):
                continue
            handler = _CHANGED_ROW.get(type(obj))
            if handler is not None:
                handler(f, obj)
            elif _table_name(obj) in SYNCED_TABLES:
                raise _needs_server(_table_name(obj) or "")
        if any(isinstance(o, Attachment) and o.id not in f.carried for o in session.new):
            raise NotAllowed(code="sync.attachment_with_message")
        for article in f.edited:
            if article.id not in f.reviews and _changed_columns(article) - KB_DERIVED - {"visibility"}:
                raise _needs_server("kb_articles")
        for obj in list(session.deleted):
            if _table_name(obj) in SYNCED_TABLES:
                raise _needs_server(_table_name(obj) or "")
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
