"""Bulk actions: one change applied to many tickets at once, in one transaction.

Each ticket goes through the very same rules as a change made in the ticket pane
(``tickets.update_ticket`` and ``tickets.merge_tickets``, so agentdesk/rules.py): a ticket
the rules refuse, one that was deleted, or one that changed after the agent saw it is
skipped, with the reason, and the others are changed. What each ticket was before is
returned (plain data), so the whole action can be undone as one: ``undo_bulk`` restores
each field unless someone changed it since.

In the audit trail, every ticket's entry of one bulk action carries the action's id
(``changes["bulk"] = [None, id]``; an undo's entries ``changes["bulk_undo"] = [None, id of
the action undone]``), so the trail reads as one action. In a team workspace the writes
are captured as ordinary per-ticket mutations (sync/capture.py) carrying the same id,
and the team server writes it into its own audit entries (server/handlers.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from agentdesk import rules
from agentdesk.models import PRIORITIES, TICKET_STATUSES, Agent, Customer, Ticket, TicketTag, utcnow
from agentdesk.services import tickets
from agentdesk.services.common import InvalidValue, ServiceError, check_choice, find_agent
from agentdesk.sync import protocol

# One action changes at most this many tickets: a bulk status change of 1,000 takes well
# under a second (benchmarks/bench_bulk.py), and more than that is a job for a rule, not
# for a selection made by hand.
MAX_BULK = 1000
# Merging is not undone and every duplicate is shown before the agent confirms.
MAX_MERGE = 50
# Ticket rows are read this many ids at a time (SQLite's bound parameters, PostgreSQL's plans).
_CHUNK = 500
# The session.info key sync/capture.py reads: the bulk action's audit mark, sent along
# with each ticket's mutations so the team server's audit entries carry it too.
SESSION_AUDIT_KEY = protocol.SESSION_AUDIT_KEY


class Outcome(StrEnum):
    APPLIED = "applied"
    UNCHANGED = "unchanged"  # the ticket already had the value(s)
    SKIPPED = "skipped"  # refused by the rules, gone, or changed meanwhile: ``reason`` says which


class BulkKind(StrEnum):
    UPDATE = "update"
    MERGE = "merge"
    UNDO = "undo"


@dataclass(frozen=True)
class BulkChange:
    """What one bulk action sets: any of status, priority, assignee (login, name, UUID,
    or "none" to unassign), tags to add and to remove."""

    status: str | None = None
    priority: str | None = None
    assignee: str | None = None
    add_tags: tuple[str, ...] = ()
    remove_tags: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return (self.status is None and self.priority is None and self.assignee is None
                and not self.add_tags and not self.remove_tags)


@dataclass(frozen=True)
class TicketOutcome:
    """One ticket's result. ``before``/``after`` hold what the action changed, as undo
    needs it: status, priority, assignee (a login, or "none"), and tags as the sets
    actually added and removed (``after["tags"] = (added, removed)``)."""

    ticket_id: uuid.UUID
    number: int
    outcome: Outcome
    reason: str = ""  # why it was skipped: the rules' own line (code "refused"), or what ``code`` names
    before: dict = field(default_factory=dict)
    after: dict = field(default_factory=dict)
    updated_at: datetime | None = None  # the ticket's, once the action is done
    # Why, for the window to say in its language: "refused" (``reason`` is the rules' line),
    # "changed" (after it was selected), "gone", "moved" (undo: ``reason`` lists the fields
    # changed since), "same" (undo: already back as it was).
    code: str = ""
    # The refusal itself (code "refused"): its code and params word it in the agent's language.
    error: Exception | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class BulkResult:
    bulk_id: uuid.UUID
    kind: BulkKind
    outcomes: tuple[TicketOutcome, ...]
    undoes: uuid.UUID | None = None  # an undo: the action it undid

    def count(self, outcome: Outcome) -> int:
        return sum(1 for o in self.outcomes if o.outcome == outcome)

    @property
    def applied(self) -> int:
        return self.count(Outcome.APPLIED)

    @property
    def skipped(self) -> list[TicketOutcome]:
        return [o for o in self.outcomes if o.outcome == Outcome.SKIPPED]

    @property
    def undoable(self) -> bool:
        return self.kind == BulkKind.UPDATE and self.applied > 0


# --- reading ---------------------------------------------------------------------------
def _check_size(n: int, limit: int = MAX_BULK) -> None:
    if n > limit:
        raise InvalidValue(code="bulk.too_many", most=f"{limit:,}", count=f"{n:,}")


def _load(session: Session, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Ticket]:
    """The live tickets among ``ids``, read a chunk at a time (each then found by
    ``session.get`` in the identity map, with no further query)."""
    ids = list(dict.fromkeys(ids))
    found: dict[uuid.UUID, Ticket] = {}
    for i in range(0, len(ids), _CHUNK):
        for t in session.scalars(select(Ticket).where(Ticket.id.in_(ids[i:i + _CHUNK]), Ticket.deleted.is_(False))):
            found[t.id] = t
    return found


def stamps(session: Session, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, datetime]:
    """{ticket id: updated_at} of the live tickets among ``ids`` (the inbox re-reads its
    selection's stamps after each refresh: what the agent's list now shows)."""
    ids = list(dict.fromkeys(ids))
    out: dict[uuid.UUID, datetime] = {}
    for i in range(0, len(ids), _CHUNK):
        out.update((r[0], r[1]) for r in session.execute(select(Ticket.id, Ticket.updated_at).where(
            Ticket.id.in_(ids[i:i + _CHUNK]), Ticket.deleted.is_(False))))
    return out


def _as_ids(selection: Mapping[uuid.UUID, datetime | None] | Iterable[uuid.UUID]) -> dict[uuid.UUID, datetime | None]:
    """{ticket id: the updated_at the agent saw, or None to change it whatever it is now}."""
    if isinstance(selection, Mapping):
        return dict(selection)
    return dict.fromkeys(selection)


def _changed_since(t: Ticket, seen: datetime | None) -> bool:
    return seen is not None and t.updated_at is not None and t.updated_at != seen


def _skip(t: Ticket, reason: str | Exception, code: str = "refused") -> TicketOutcome:
    error = reason if isinstance(reason, Exception) else None
    return TicketOutcome(t.id, t.number, Outcome.SKIPPED, str(reason), updated_at=t.updated_at, code=code,
                         error=error)


def _gone(ticket_id: uuid.UUID) -> TicketOutcome:
    return TicketOutcome(ticket_id, 0, Outcome.SKIPPED, "the ticket no longer exists", code="gone")


def _validate(session: Session, change: BulkChange) -> None:
    """The change itself, checked once before any ticket is touched: a bad value is one
    line for the agent and nothing is written."""
    if change.empty:
        raise InvalidValue(code="bulk.nothing_chosen")
    if change.status is not None:
        check_choice("status", change.status, TICKET_STATUSES)
    if change.priority is not None:
        check_choice("priority", change.priority, PRIORITIES)
    if change.assignee not in (None, "", "none"):
        find_agent(session, change.assignee)  # NotFound: no such agent
    try:
        for tag in (*change.add_tags, *change.remove_tags):
            rules.check_tag(tag)
    except rules.RuleError as e:
        raise InvalidValue.like(e) from None


# --- applying ---------------------------------------------------------------------------
def _undo_values(changes: dict) -> tuple[dict, dict]:
    """(before, after) of update_ticket's {field: (old, new)}, as undo reads them."""
    before, after = {}, {}
    for name in ("status", "priority"):
        if name in changes:
            before[name], after[name] = changes[name]
    if "assignee" in changes:
        old, new = changes["assignee"]
        before["assignee"], after["assignee"] = old or "none", new or "none"
    if "tags" in changes:
        old_tags, new_tags = (set(str(v or "").split()) for v in changes["tags"])
        added, removed = tuple(sorted(new_tags - old_tags)), tuple(sorted(old_tags - new_tags))
        before["tags"], after["tags"] = (removed, added), (added, removed)
    return before, after


def _ordered(found: dict[uuid.UUID, Ticket], wanted: dict[uuid.UUID, datetime | None]) -> list[uuid.UUID]:
    """Ticket ids in ticket-number order (the order rows are locked and reported in)."""
    return sorted(wanted, key=lambda i: found[i].number if i in found else 0)


def bulk_update(session: Session, agent: Agent, selection, change: BulkChange, *,
                now: datetime | None = None) -> BulkResult:
    """Applies ``change`` to every ticket of ``selection`` (ids, or {id: updated_at seen}) in
    the caller's transaction, each through ``tickets.update_ticket``; returns each ticket's
    outcome. Raises (writing nothing) only when the change itself is invalid or the
    selection is larger than MAX_BULK."""
    wanted = _as_ids(selection)
    _check_size(len(wanted))
    _validate(session, change)
    now = now or utcnow()
    bulk_id = uuid.uuid4()
    outcomes = _apply(session, agent, wanted, change, now, {"bulk": (None, bulk_id)})
    return BulkResult(bulk_id, BulkKind.UPDATE, tuple(outcomes))


def _apply(session: Session, agent: Agent, wanted: dict[uuid.UUID, datetime | None], change: BulkChange,
           now: datetime, marker: dict) -> list[TicketOutcome]:
    found = _load(session, wanted)
    tag_rows = _tag_rows(session, list(found)) if change.add_tags or change.remove_tags else {}
    outcomes: list[TicketOutcome] = []
    if change.assignee not in (None, "", "none"):
        # Once, as its id: update_ticket then finds the agent in the identity map.
        change = replace(change, assignee=str(find_agent(session, change.assignee).id))
    session.info[SESSION_AUDIT_KEY] = {k: str(v[1]) for k, v in marker.items()}
    try:
        # One flush at the end, not one before each ticket's queries: the rows are written
        # in batches (benchmarks/bench_bulk.py). No ticket's rules
        # read another ticket's pending rows.
        with session.no_autoflush:
            _apply_each(session, agent, wanted, found, tag_rows, change, now, marker, outcomes)
        session.flush()  # captured (a team workspace) while the mark is still set
    finally:
        session.info.pop(SESSION_AUDIT_KEY, None)
    return outcomes


def _apply_each(session: Session, agent: Agent, wanted: dict, found: dict, tag_rows: dict, change: BulkChange,
                now: datetime, marker: dict, outcomes: list[TicketOutcome]) -> None:
    for ticket_id in _ordered(found, wanted):
        t = found.get(ticket_id)
        if t is None:
            outcomes.append(_gone(ticket_id))
            continue
        if _changed_since(t, wanted[ticket_id]):
            outcomes.append(_skip(t, "it changed after you selected it", "changed"))
            continue
        try:
            changes = tickets.update_ticket(
                session, t.id, agent, status=change.status, priority=change.priority, assignee=change.assignee,
                add_tags=change.add_tags, remove_tags=change.remove_tags, now=now, audit_extra=marker,
                tag_rows=tag_rows.get(t.id))
        except ServiceError as e:
            outcomes.append(_skip(t, e))
            continue
        if not changes:
            outcomes.append(TicketOutcome(t.id, t.number, Outcome.UNCHANGED, updated_at=t.updated_at))
            continue
        before, after = _undo_values(changes)
        outcomes.append(TicketOutcome(t.id, t.number, Outcome.APPLIED, before=before, after=after,
                                      updated_at=now))


def _tag_rows(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, dict[str, TicketTag]]:
    """Every ticket's tag rows (live and removed) by tag, a chunk of tickets a query: what
    update_ticket would otherwise read ticket by ticket (two round trips each)."""
    rows: dict[uuid.UUID, dict[str, TicketTag]] = {i: {} for i in ids}
    for i in range(0, len(ids), _CHUNK):
        for row in session.scalars(select(TicketTag).where(TicketTag.ticket_id.in_(ids[i:i + _CHUNK]))):
            rows[row.ticket_id][row.tag] = row
    return rows


def undo_bulk(session: Session, agent: Agent, result: BulkResult, *, now: datetime | None = None) -> BulkResult:
    """Puts back what ``result`` changed, ticket by ticket and field by field, unless the
    field was changed again since (then that field is left as it is and the outcome says
    so). One transaction; the entries in the audit trail name the action undone."""
    if not result.undoable:
        raise InvalidValue(code="bulk.nothing_to_undo")
    now = now or utcnow()
    undo_id = uuid.uuid4()
    marker = {"bulk_undo": (None, result.bulk_id)}
    applied = [o for o in result.outcomes if o.outcome == Outcome.APPLIED]
    _check_size(len(applied))
    found = _load(session, [o.ticket_id for o in applied])
    logins = {r[0]: r[1] for r in session.execute(select(Agent.id, Agent.login))}
    tag_rows = _tag_rows(session, list(found))
    outcomes: list[TicketOutcome] = []
    session.info[SESSION_AUDIT_KEY] = {"bulk_undo": str(result.bulk_id)}
    try:
        with session.no_autoflush:  # one flush at the end, as in bulk_update
            _undo_each(session, agent, applied, found, logins, tag_rows, now, marker, outcomes)
        session.flush()
    finally:
        session.info.pop(SESSION_AUDIT_KEY, None)
    return BulkResult(undo_id, BulkKind.UNDO, tuple(outcomes), undoes=result.bulk_id)


def _undo_each(session: Session, agent: Agent, applied: list[TicketOutcome], found: dict, logins: dict,
               tag_rows: dict, now: datetime, marker: dict, outcomes: list[TicketOutcome]) -> None:
    for o in sorted(applied, key=lambda x: x.number):
        t = found.get(o.ticket_id)
        if t is None:
            outcomes.append(_gone(o.ticket_id))
            continue
        kwargs: dict = {}
        moved: list[str] = []
        for name in ("status", "priority"):
            if name in o.after:
                if getattr(t, name) == o.after[name]:
                    kwargs[name] = o.before[name]
                else:
                    moved.append(name)
        if "assignee" in o.after:
            if (logins.get(t.assignee_id) if t.assignee_id else "none") == o.after["assignee"]:
                kwargs["assignee"] = o.before["assignee"]
            else:
                moved.append("assignee")
        if "tags" in o.after:
            added, removed = o.after["tags"]
            live = {tag for tag, row in tag_rows[t.id].items() if not row.deleted}
            kwargs["remove_tags"] = [tag for tag in added if tag in live]
            kwargs["add_tags"] = [tag for tag in removed if tag not in live]
            kwargs["tag_rows"] = tag_rows[t.id]
        reason = ("changed since by someone else: " + ", ".join(moved)) if moved else ""
        if not any(kwargs.get(k) for k in ("status", "priority", "assignee", "remove_tags", "add_tags")):
            outcomes.append(_skip(t, reason, "moved") if moved else _skip(t, "already back as it was", "same"))
            continue
        try:
            changes = tickets.update_ticket(session, t.id, agent, now=now, audit_extra=marker, **kwargs)
        except ServiceError as e:
            outcomes.append(_skip(t, e))
            continue
        before, after = _undo_values(changes)
        outcomes.append(TicketOutcome(t.id, t.number, Outcome.APPLIED, reason, before, after, now,
                                      code="moved" if moved else ""))


# --- merging ----------------------------------------------------------------------------
@dataclass(frozen=True)
class MergeCandidate:
    """One selected ticket as the bulk merge dialog lists it."""

    id: uuid.UUID
    number: int
    subject: str
    status: str
    customer_id: uuid.UUID | None
    customer_name: str
    merged_into_number: int | None  # already merged: it cannot be merged again, nor be the target


def merge_candidates(session: Session, ids: Iterable[uuid.UUID]) -> list[MergeCandidate]:
    """The selected tickets, oldest number first (the usual target: the first report)."""
    ids = list(dict.fromkeys(ids))
    _check_size(len(ids), MAX_MERGE)
    found = _load(session, ids)
    customers = {c.id: c.name for c in session.scalars(select(Customer).where(
        Customer.id.in_({t.customer_id for t in found.values() if t.customer_id is not None})))}
    targets = {t.merged_into_id for t in found.values() if t.merged_into_id is not None}
    numbers = {r[0]: r[1] for r in session.execute(select(Ticket.id, Ticket.number).where(Ticket.id.in_(targets)))} \
        if targets else {}
    return [MergeCandidate(t.id, t.number, t.subject, t.status, t.customer_id,
                           customers.get(t.customer_id, "") if t.customer_id else "",
                           numbers.get(t.merged_into_id) if t.merged_into_id else None)
            for t in sorted(found.values(), key=lambda t: t.number)]


def bulk_merge(session: Session, agent: Agent, source_ids: Iterable[uuid.UUID], target_id: uuid.UUID, *,
               now: datetime | None = None) -> BulkResult:
    """Merges every source into the target, one ``tickets.merge_tickets`` each (its rules,
    locks and notes), in one transaction. A source the rules refuse is skipped with the
    reason. Not undoable."""
    sources = [i for i in dict.fromkeys(source_ids) if i != target_id]
    _check_size(len(sources) + 1, MAX_MERGE)
    if not sources:
        raise InvalidValue(code="bulk.merge_no_sources")
    now = now or utcnow()
    bulk_id = uuid.uuid4()
    marker = {"bulk": (None, bulk_id)}
    target = tickets.resolve_ticket(session, target_id)
    found = _load(session, sources)
    outcomes: list[TicketOutcome] = []
    session.info[SESSION_AUDIT_KEY] = {"bulk": str(bulk_id)}
    try:
        for ticket_id in _ordered(found, dict.fromkeys(sources)):
            t = found.get(ticket_id)
            if t is None:
                outcomes.append(_gone(ticket_id))
                continue
            try:
                tickets.merge_tickets(session, t.id, target.id, agent, now=now, audit_extra=marker)
                # One merge per flush: a team workspace's capture reads each merge's two
                # notes from the flush that writes them.
                session.flush()
            except ServiceError as e:
                outcomes.append(_skip(t, e))
                continue
            outcomes.append(TicketOutcome(t.id, t.number, Outcome.APPLIED, updated_at=now))
    finally:
        session.info.pop(SESSION_AUDIT_KEY, None)
    return BulkResult(bulk_id, BulkKind.MERGE, tuple(outcomes))


def audit_marker(changes: Mapping) -> tuple[str, str] | None:
    """("bulk" | "bulk_undo", id) when an audit entry's changes belong to a bulk action."""
    for key in ("bulk", "bulk_undo"):
        pair = changes.get(key) if isinstance(changes, Mapping) else None
        if isinstance(pair, list | tuple) and len(pair) == 2 and pair[1]:
            return key, str(pair[1])
    return None
