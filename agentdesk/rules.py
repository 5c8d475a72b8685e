"""The ticket rules, once: what a status change, a priority change, a reply or a merge
does to a ticket, how tags are spelt, and which values are valid.

Plain functions over plain values: no database, no SQLAlchemy, no Qt (the only
project import is the vocabularies of agentdesk.models). The local
services (services/tickets.py), the replica re-applying a queued edit after a pull
(sync/replica.py) and the team server's mutation handlers (server/handlers.py) all call
these, and each writes the returned column values its own way. A ``RuleError`` is
mapped to the caller's own error (``InvalidValue`` in the services, ``Rejected`` on the
server).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import datetime, timedelta

from agentdesk.models import ACTIVE_STATUSES, PRIORITIES, PRIORITY_RANK, TICKET_STATUSES

DONE_STATUSES = ("solved", "closed")
# Waiting on the customer or parked: the SLA clock stops (as in Zendesk).
PAUSED_STATUSES = ("pending", "on_hold")
TEXT_LIMITS = {"subject": 300, "category": 64}
TAG_LIMIT = 64
AGENT_MESSAGE_KINDS = ("reply", "note")  # what an agent writes (system notes come from merges)

# Allowed status moves when two agents changed the status concurrently. Closed is final
# for a merge (reopening a closed ticket is a deliberate act, not a side effect of a race).
STATUS_TRANSITIONS = {
    "new": {"open", "pending", "on_hold", "solved", "closed"},
    "open": {"pending", "on_hold", "solved", "closed"},
    "pending": {"open", "on_hold", "solved", "closed"},
    "on_hold": {"open", "pending", "solved", "closed"},
    "solved": {"open", "closed"},
    "closed": set(),
}

# (first response, resolution) targets by priority; live channels answer faster.
SLA_TARGETS = {
    "urgent": (timedelta(hours=1), timedelta(hours=4)),
    "high": (timedelta(hours=4), timedelta(hours=24)),
    "normal": (timedelta(hours=8), timedelta(hours=48)),
    "low": (timedelta(hours=24), timedelta(hours=96)),
}
LIVE_CHANNELS = ("chat", "phone")


class RuleError(ValueError):
    """A value or a change the ticket rules do not allow; the message is one line for the agent."""


@dataclass(frozen=True)
class TicketState:
    """What the rules read of a ticket."""

    id: uuid.UUID | None
    number: int
    status: str
    priority: str
    channel: str
    created_at: datetime | None = None
    assignee_id: uuid.UUID | None = None
    first_response_at: datetime | None = None
    solved_at: datetime | None = None
    reopen_count: int = 0
    message_count: int = 0
    sla_first_response_due: datetime | None = None
    sla_resolution_due: datetime | None = None
    merged_into_id: uuid.UUID | None = None
    # Only names the target in a refusal ("merged into #1042"), where the caller knows it.
    merged_into_number: int | None = None

    @classmethod
    def of(cls, ticket, merged_into_number: int | None = None) -> TicketState:
        """From an ORM ticket, a row of the tickets table, or a plain mapping."""
        if isinstance(ticket, Mapping):
            values = {f.name: ticket[f.name] for f in fields(cls) if f.name in ticket}
        else:
            values = {f.name: getattr(ticket, f.name) for f in fields(cls) if hasattr(ticket, f.name)}
        values["merged_into_number"] = merged_into_number
        # A ticket not yet flushed has None where the column default is 0.
        values["reopen_count"] = values.get("reopen_count") or 0
        values["message_count"] = values.get("message_count") or 0
        return cls(**values)


_STATE_FIELDS = frozenset(f.name for f in fields(TicketState))


# --- values ---------------------------------------------------------------------------
def _choice(name: str, value, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise RuleError(f"invalid {name} '{value}': expected one of {', '.join(allowed)}")
    return value


def check_field(name: str, value):
    """The value an agent may set the field to, or RuleError. Whether an assignee exists
    is the caller's to check (it needs the database)."""
    if name == "status":
        return _choice("status", value, TICKET_STATUSES)
    if name == "priority":
        return _choice("priority", value, PRIORITIES)
    if name == "subject":
        if not isinstance(value, str) or not value.strip() or len(value) > TEXT_LIMITS["subject"]:
            raise RuleError(f"a subject needs 1 to {TEXT_LIMITS['subject']} characters")
        return value
    if name == "category":
        if not isinstance(value, str) or len(value) > TEXT_LIMITS["category"]:
            raise RuleError(f"a category has at most {TEXT_LIMITS['category']} characters")
        return value
    if name == "assignee_id":
        return value
    raise RuleError(f"field '{name}' cannot be changed")


def check_assignee(ticket_team_id: uuid.UUID | None, assignee_team_id: uuid.UUID | None,
                   assignee_active: bool = True) -> None:
    """Who may be given a ticket: an active agent of the ticket's team (a ticket without a
    team, in an admin's triage, may go to anyone active). Handing a ticket to another
    team's agent would show it to no one who can work it."""
    if not assignee_active:
        raise RuleError("the assignee is not an active agent")
    if ticket_team_id is not None and assignee_team_id != ticket_team_id:
        raise RuleError("the assignee is not in the ticket's team")


def normalize_tag(tag: str) -> str:
    """How a tag is stored: trimmed, lower-case, spaces as hyphens ('Needs Review' → 'needs-review')."""
    return tag.strip().lower().replace(" ", "-")


def check_tag(tag: str) -> str:
    """The stored spelling of a tag an agent adds or removes, or RuleError."""
    spelt = normalize_tag(tag)
    if not spelt or len(spelt) > TAG_LIMIT:
        raise RuleError(f"invalid tag {tag[:TAG_LIMIT] + '…' if len(tag) > TAG_LIMIT else tag!r}: "
                        f"a tag needs 1 to {TAG_LIMIT} characters")
    return spelt


def check_message(kind: str, body: str) -> str:
    """The body an agent's reply or note is stored with (trimmed), or RuleError."""
    body = body.strip()
    if not body:
        raise RuleError("the message is empty")
    if kind not in AGENT_MESSAGE_KINDS:
        raise RuleError(f"invalid message kind '{kind}': expected reply or note")
    return body


# --- SLA -----------------------------------------------------------------------------
def sla_due_times(created_at: datetime, priority: str, channel: str) -> tuple[datetime, datetime]:
    """(first response due, resolution due) of a ticket that came in at ``created_at``."""
    first, resolve = SLA_TARGETS[priority]
    if channel in LIVE_CHANNELS:
        first = min(first, timedelta(minutes=15))
    return created_at + first, created_at + resolve


def sla_next_due(status: str, first_response_at: datetime | None, first_due: datetime | None,
                 resolution_due: datetime | None) -> datetime | None:
    """The deadline that counts now; None for tickets that are solved or parked.

    Pending (waiting on the customer) and on-hold tickets pause their SLA, as in
    Zendesk; back to open, the stored deadlines apply again (no extension yet)."""
    if status in DONE_STATUSES or status in PAUSED_STATUSES:
        return None
    if first_response_at is None and first_due is not None:
        return first_due
    return resolution_due


def _with_next_due(state: TicketState, values: dict) -> dict:
    """``values`` plus the sla_next_due of the ticket once they are written."""
    after = replace(state, **{k: v for k, v in values.items() if k in _STATE_FIELDS})
    values["sla_next_due"] = sla_next_due(after.status, after.first_response_at, after.sla_first_response_due,
                                          after.sla_resolution_due)
    return values


# --- field changes --------------------------------------------------------------------
def status_change(state: TicketState, new: str, now: datetime) -> dict:
    """Column values for moving the ticket to status ``new``: solved_at is set when it is
    solved or closed (and kept when it was already), cleared and counted as a reopen
    when a solved or closed ticket becomes active again."""
    values = {"status": check_field("status", new)}
    if state.status in DONE_STATUSES and new in ACTIVE_STATUSES:
        values["reopen_count"] = state.reopen_count + 1
        values["solved_at"] = None
    if new in DONE_STATUSES and state.solved_at is None:
        values["solved_at"] = now
    return values


def priority_change(state: TicketState, new: str) -> dict:
    """Column values for priority ``new``: its sort rank, and SLA deadlines that follow
    the new priority, measured from when the ticket came in."""
    first, resolve = sla_due_times(state.created_at, check_field("priority", new), state.channel)
    return {"priority": new, "priority_rank": PRIORITY_RANK[new], "sla_first_response_due": first,
            "sla_resolution_due": resolve}


def ticket_update(state: TicketState, changes: Mapping[str, object], now: datetime) -> dict:
    """Column values for an agent setting these fields ({name: new value}; status,
    priority, assignee_id, subject, category): the fields, what they imply,
    sla_next_due and updated_at."""
    values: dict = {}
    for name, new in changes.items():
        if name == "status":
            values.update(status_change(state, new, now))
        elif name == "priority":
            values.update(priority_change(state, new))
        else:
            values[name] = check_field(name, new)
    values["updated_at"] = now
    return _with_next_due(state, values)


def concurrent_status_allowed(current: str, new: str) -> bool:
    """Whether a status change made on an older copy still applies to a ticket whose
    status someone else has meanwhile changed to ``current``."""
    return new in STATUS_TRANSITIONS.get(current, ())


# --- messages -----------------------------------------------------------------------
def check_not_merged(state: TicketState) -> None:
    """A merged ticket takes no more messages: the conversation goes on in the target."""
    if state.merged_into_id is not None:
        target = f"#{state.merged_into_number}" if state.merged_into_number is not None else "another ticket"
        raise RuleError(f"ticket #{state.number} was merged into {target}; reply there")


def reply_effects(state: TicketState, agent_id: uuid.UUID, now: datetime) -> dict:
    """Column values an agent's public reply changes: the first reply is the first
    response, a new ticket becomes open, an unassigned one goes to the replier."""
    values: dict = {}
    if state.first_response_at is None:
        values["first_response_at"] = now
    if state.status == "new":
        values["status"] = "open"
    if state.assignee_id is None:
        values["assignee_id"] = agent_id
    return _with_next_due(state, values)


def message_effects(state: TicketState, kind: str, agent_id: uuid.UUID, now: datetime) -> dict:
    """Column values of a ticket that gains an agent's reply or internal note."""
    values = {"message_count": state.message_count + 1, "updated_at": now}
    if kind == "reply":
        values.update(reply_effects(state, agent_id, now))
    return values


def reply_audit(state: TicketState, values: dict, agent_login: str) -> dict:
    """What an audit entry records of message_effects' ``values``: {field: (old, new)}."""
    changes: dict = {}
    if "first_response_at" in values:
        changes["first_response_at"] = (None, values["first_response_at"])
    if "status" in values:
        changes["status"] = (state.status, values["status"])
    if "assignee_id" in values:
        changes["assignee"] = (None, agent_login)
    return changes


# --- merging ------------------------------------------------------------------------
@dataclass(frozen=True)
class MergeNote:
    """The system note a merge adds to one of the two tickets."""

    ticket_id: uuid.UUID
    channel: str
    body: str


def check_merge(src: TicketState, dst: TicketState) -> None:
    """RuleError when the duplicate ``src`` cannot be merged into ``dst``."""
    if src.id == dst.id:
        raise RuleError("a ticket cannot be merged into itself")
    if src.merged_into_id is not None:
        target = f"#{src.merged_into_number}" if src.merged_into_number is not None else "another ticket"
        raise RuleError(f"#{src.number} was already merged into {target}")
    if dst.merged_into_id is not None:
        target = f"#{dst.merged_into_number}" if dst.merged_into_number is not None else "the ticket it was merged into"
        raise RuleError(f"#{dst.number} was itself merged; merge into {target}")


def merge_effects(src: TicketState, dst: TicketState, now: datetime) -> tuple[dict, dict, tuple[MergeNote, MergeNote]]:
    """(column values of the duplicate, of the target, the note each gets) for merging
    ``src`` into ``dst``: the duplicate is closed as merged, its messages stay and show
    in the target's timeline. Refusals are check_merge's; tickets already merged into
    ``src`` move to ``dst`` too (the caller's to write)."""
    src_values = {**status_change(src, "closed", now), "merged_into_id": dst.id,
                  "message_count": src.message_count + 1, "updated_at": now}
    dst_values = {"message_count": dst.message_count + 1, "updated_at": now}
    notes = (MergeNote(src.id, src.channel, f"Merged into #{dst.number}"),
             MergeNote(dst.id, dst.channel, f"Merged from #{src.number}"))
    return _with_next_due(src, src_values), dst_values, notes
