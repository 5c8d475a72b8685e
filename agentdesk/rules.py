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

import json
import re
import unicodedata
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import datetime, timedelta
from typing import Any

from agentdesk.catalogue import CodedError, Phrase
from agentdesk.phones import fold as _fold, to_e164 as _to_e164
from agentdesk.models import (  # noqa: F401 (DONE_STATUSES, PAUSED_STATUSES, LIVE_CHANNELS re-exported)
    ACTIVE_STATUSES,
    CHANNELS,
    Channel,
    DONE_STATUSES,
    LIVE_CHANNELS,
    PAUSED_STATUSES,
    PRIORITIES,
    PRIORITY_RANK,
    TICKET_STATUSES,
    Priority,
    TicketStatus,
)

TEXT_LIMITS = {"subject": 300, "category": 64}
TAG_LIMIT = 64
AGENT_MESSAGE_KINDS = ("reply", "note", "call_log")  # what an agent writes (system notes come from merges)
# What reaches the customer from an agent: a public reply, or a call (logged). The first of
# them is the ticket's first response; their number is its agent contacts (first contact
# resolution, docs/metrics.md).
CONTACT_KINDS = ("reply", "call_log")
# What a system note (kind "system") records: stored as {"event": …, params} JSON, never as
# a sentence, so every desk shows it in its own language (agentdesk/catalogue.py EVENTS).
SYSTEM_EVENTS = ("merged_into", "merged_from")
# Channels a public reply cannot be delivered on: nothing carries a typed reply back
# down a phone line, so the agent writes a note or a call log there instead.
UNDELIVERABLE_CHANNELS = frozenset({Channel.PHONE})

_S = TicketStatus
# Allowed status moves when two agents changed the status concurrently. Closed is final
# for a merge (reopening a closed ticket is a deliberate act, not a side effect of a race).
STATUS_TRANSITIONS: dict[str, set[str]] = {
    _S.NEW: {_S.OPEN, _S.PENDING, _S.ON_HOLD, _S.SOLVED, _S.CLOSED},
    _S.OPEN: {_S.PENDING, _S.ON_HOLD, _S.SOLVED, _S.CLOSED},
    _S.PENDING: {_S.OPEN, _S.ON_HOLD, _S.SOLVED, _S.CLOSED},
    _S.ON_HOLD: {_S.OPEN, _S.PENDING, _S.SOLVED, _S.CLOSED},
    _S.SOLVED: {_S.OPEN, _S.CLOSED},
    _S.CLOSED: set(),
}

# (first response, resolution) targets by priority; live channels answer faster.
SLA_TARGETS: dict[str, tuple[timedelta, timedelta]] = {
    Priority.URGENT: (timedelta(hours=1), timedelta(hours=4)),
    Priority.HIGH: (timedelta(hours=4), timedelta(hours=24)),
    Priority.NORMAL: (timedelta(hours=8), timedelta(hours=48)),
    Priority.LOW: (timedelta(hours=24), timedelta(hours=96)),
}


class RuleError(CodedError, ValueError):
    """A value or a change the ticket rules do not allow; the message is one line for the
    agent, with a code the window translates (agentdesk/catalogue.py)."""


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
    agent_contact_count: int = 0
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
        values["agent_contact_count"] = values.get("agent_contact_count") or 0
        return cls(**values)


_STATE_FIELDS = frozenset(f.name for f in fields(TicketState))


# --- values ---------------------------------------------------------------------------
def _choice(name: str, value, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise RuleError(code="rule.invalid_choice", field=name, value=_quoted(str(value)), allowed=", ".join(allowed))
    return value


def _check_text(what: str, value: str) -> str:
    # PostgreSQL refuses a NUL in text at commit time, after the CLI would have said
    # "done"; SQLite would store it and cut the text short in every C-string reader.
    if "\x00" in value:
        raise RuleError(code="rule.nul_character", what=what)
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
            raise RuleError(code="rule.subject_length", most=TEXT_LIMITS["subject"])
        return _check_text("subject", value)
    if name == "category":
        if not isinstance(value, str) or len(value) > TEXT_LIMITS["category"]:
            raise RuleError(code="rule.category_length", most=TEXT_LIMITS["category"])
        return _check_text("category", value)
    if name == "assignee_id":
        return value
    raise RuleError(code="rule.field_fixed", field=_quoted(str(name)))


def check_assignee(ticket_team_id: uuid.UUID | None, assignee_team_id: uuid.UUID | None,
                   assignee_active: bool = True) -> None:
    """Who may be given a ticket: an active agent of the ticket's team (a ticket without a
    team, in an admin's triage, may go to anyone active). Handing a ticket to another
    team's agent would show it to no one who can work it."""
    if not assignee_active:
        raise RuleError(code="rule.assignee_inactive")
    if ticket_team_id is not None and assignee_team_id != ticket_team_id:
        raise RuleError(code="rule.assignee_other_team")


def normalize_tag(tag: str) -> str:
    """How a tag is spelt wherever it is stored, searched or removed: trimmed, lower-case,
    each run of white space one hyphen ('Needs  Review' → 'needs-review'). A ticket's tags
    travel space-separated in tags_text, so no stored tag may hold white space."""
    return "-".join(str(tag).lower().split())


def _quoted(value: str, limit: int = 40) -> str:
    """A value quoted in a refusal: clipped, with control characters shown as escapes
    (a NUL or an ANSI escape is never echoed raw to a terminal)."""
    clipped = value if len(value) <= limit else value[:limit] + "…"
    return repr(clipped)


def check_tag(tag: str) -> str:
    """The stored spelling of a tag an agent adds or removes, or RuleError: refused before
    anything is written (PostgreSQL cannot store a NUL, and a control character in a tag
    would be echoed to every terminal that lists it)."""
    if not isinstance(tag, str):
        raise RuleError(code="rule.tag_not_text")
    if any(unicodedata.category(ch).startswith("C") for ch in tag):
        raise RuleError(code="rule.tag_control", tag=_quoted(tag))
    spelt = normalize_tag(tag)
    if not spelt or len(spelt) > TAG_LIMIT:
        raise RuleError(code="rule.tag_length", tag=_quoted(tag), most=TAG_LIMIT)
    return spelt


def check_message(kind: str, body: str) -> str:
    """The body an agent's reply or note is stored with (trimmed), or RuleError."""
    body = body.strip()
    if not body:
        raise RuleError(code="rule.message_empty")
    if kind not in AGENT_MESSAGE_KINDS:
        raise RuleError(code="rule.message_kind", kind=_quoted(str(kind)))
    return _check_text("message", body)


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
    when a solved or closed ticket becomes active again. A merged ticket stays closed:
    its conversation goes on in the ticket it was merged into."""
    values = {"status": check_field("status", new)}
    if state.merged_into_id is not None and new != state.status:
        raise RuleError(code="rule.merged_reopen_target", number=state.number, target=_merge_target(state))
    if state.status in DONE_STATUSES and new in ACTIVE_STATUSES:
        values["reopen_count"] = state.reopen_count + 1
        values["solved_at"] = None
    if new in DONE_STATUSES and state.solved_at is None:
        values["solved_at"] = now
    return values


def priority_change(state: TicketState, new: str) -> dict:
    """Column values for priority ``new``: its sort rank, and SLA deadlines that follow
    the new priority, measured from when the ticket came in."""
    if state.created_at is None:
        raise RuleError(code="rule.no_arrival_time", number=state.number)
    first, resolve = sla_due_times(state.created_at, check_field("priority", new), state.channel)
    return {"priority": new, "priority_rank": PRIORITY_RANK[new], "sla_first_response_due": first,
            "sla_resolution_due": resolve}


def ticket_update(state: TicketState, changes: Mapping[str, Any], now: datetime) -> dict:
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


def concurrent_status_allowed(current: str | None, new: str) -> bool:
    """Whether a status change made on an older copy still applies to a ticket whose
    status someone else has meanwhile changed to ``current``."""
    return current is not None and new in STATUS_TRANSITIONS.get(current, ())


# --- messages -----------------------------------------------------------------------
def _merge_target(state: TicketState, unknown: Phrase | None = None) -> str | Phrase:
    if state.merged_into_number is not None:
        return f"#{state.merged_into_number}"
    return unknown or Phrase("merge.another_ticket")


def check_not_merged(state: TicketState) -> None:
    """A merged ticket takes no more messages: the conversation goes on in the target."""
    if state.merged_into_id is not None:
        raise RuleError(code="rule.merged_reply_target", number=state.number, target=_merge_target(state))


def can_deliver_reply(channel: str) -> bool:
    """Whether a public reply can reach the customer on this channel."""
    return channel not in UNDELIVERABLE_CHANNELS


def check_deliverable(state: TicketState, kind: str) -> None:
    """A public reply on a channel that cannot carry one (a phone ticket) would be stored
    as "sent" and reach no one; the agent logs the call or writes a note instead."""
    if kind == "reply" and not can_deliver_reply(state.channel):
        raise RuleError(code="rule.reply_undeliverable", number=state.number, channel=state.channel)


def status_after_reply(status: str) -> str | None:
    """The status an agent's public reply moves a ticket to (None: it keeps its own): a
    new ticket is open once answered, and a closed one is open again (the conversation
    goes on: left closed, the customer's answer to this reply would start a new ticket,
    mail/threading.placement). Every other status is the agent's to set, as in Zendesk:
    a reply on a solved ticket (a closing word, or "send and set solved") leaves it
    solved, with no reopen counted and its solved time kept, and the customer's answer
    reopens it (mail/threading.inbound_effects); pending and on hold stay too."""
    return TicketStatus.OPEN if status in (TicketStatus.NEW, TicketStatus.CLOSED) else None


def reply_effects(state: TicketState, agent_id: uuid.UUID, now: datetime) -> dict:
    """Column values an agent's public reply changes: the first reply is the first
    response, an unassigned ticket goes to the replier, and the status moves as
    status_after_reply says (a new or closed ticket becomes open)."""
    values: dict = {}
    if state.first_response_at is None:
        values["first_response_at"] = now
    after = status_after_reply(state.status)
    if after is not None:
        values.update(status_change(state, after, now))
    if state.assignee_id is None:
        values["assignee_id"] = agent_id
    return _with_next_due(state, values)


def is_contact(kind: str, direction: str = "") -> bool:
    """Whether a message is an agent contact (CONTACT_KINDS): an outbound reply or a call log."""
    return kind == "call_log" or (kind == "reply" and direction in ("", "outbound"))


def contact_effects(state: TicketState, now: datetime) -> dict:
    """Column values a call log changes: a call is the customer's first response as a reply
    is (a phone ticket takes no public reply, so before this its first response never
    came and its SLA always breached), and one more agent contact. Status and assignee
    stay: a logged call does not say who owns the ticket now."""
    values: dict = {"agent_contact_count": state.agent_contact_count + 1}
    if state.first_response_at is None:
        values["first_response_at"] = now
    return _with_next_due(state, values)


def message_effects(state: TicketState, kind: str, agent_id: uuid.UUID, now: datetime) -> dict:
    """Column values of a ticket that gains an agent's reply, call log or internal note."""
    values = {"message_count": state.message_count + 1, "updated_at": now}
    if kind == "reply":
        values.update(reply_effects(state, agent_id, now))
        values["agent_contact_count"] = state.agent_contact_count + 1
    elif kind == "call_log":
        values.update(contact_effects(state, now))
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
    """The system note a merge adds to one of the two tickets (``body``: system_note())."""

    ticket_id: uuid.UUID
    channel: str
    body: str


def system_note(event: str, **params: int | str) -> str:
    """The stored body of a system note: the event and its params as JSON."""
    if event not in SYSTEM_EVENTS:
        raise ValueError(f"unknown system event {event!r}")
    return json.dumps({"event": event, **params}, sort_keys=True)


# Notes stored before they were structured (migration 0011 rewrites these; a row that
# escaped it still reads right).
_OLD_MERGE_NOTE = re.compile(r"Merged (into|from) #(\d+)")


def read_system_note(body: str) -> tuple[str, dict] | None:
    """(event, params) of a system note's body; None if it is not one."""
    try:
        data = json.loads(body)
    except (TypeError, ValueError):
        old = _OLD_MERGE_NOTE.fullmatch((body or "").strip())
        return ("merged_" + old.group(1), {"number": int(old.group(2))}) if old else None
    if not isinstance(data, dict) or data.get("event") not in SYSTEM_EVENTS:
        return None
    event = data.pop("event")
    return event, data


def check_merge(src: TicketState, dst: TicketState) -> None:
    """RuleError when the duplicate ``src`` cannot be merged into ``dst``."""
    if src.id == dst.id:
        raise RuleError(code="merge.into_itself")
    if src.merged_into_id is not None:
        raise RuleError(code="merge.already_merged", number=src.number, target=_merge_target(src))
    if dst.merged_into_id is not None:
        raise RuleError(code="merge.target_merged", number=dst.number,
                        target=_merge_target(dst, Phrase("merge.the_target_of_target")))


def merge_effects(src: TicketState, dst: TicketState, now: datetime) -> tuple[dict, dict, tuple[MergeNote, MergeNote]]:
    """(column values of the duplicate, of the target, the note each gets) for merging
    ``src`` into ``dst``: the duplicate is closed as merged, its messages stay and show
    in the target's timeline. Refusals are check_merge's; tickets already merged into
    ``src`` move to ``dst`` too (the caller's to write)."""
    if src.id is None or dst.id is None:
        raise RuleError(code="merge.unsaved")
    src_values = {**status_change(src, TicketStatus.CLOSED, now), "merged_into_id": dst.id,
                  "message_count": src.message_count + 1, "updated_at": now}
    dst_values = {"message_count": dst.message_count + 1, "updated_at": now}
    notes = (MergeNote(src.id, src.channel, system_note("merged_into", number=dst.number)),
             MergeNote(dst.id, dst.channel, system_note("merged_from", number=src.number)))
    return _with_next_due(src, src_values), dst_values, notes


# --- new tickets and customers (issue 12) -----------------------------------------------
# What an agent's new ticket starts with: the customer's own words (typed in from a letter
# or a chat elsewhere), the agent's first public reply, an internal note, or a call log.
FIRST_MESSAGE_KINDS = ("inbound", "reply", "note", "call_log")
CUSTOMER_NAME_LIMIT = 120
CONTACT_LIMIT = 200
_EMAIL_SHAPE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")


@dataclass(frozen=True)
class NewContact:
    """A contact point as it is stored: as typed, and the normalised form lookups match."""

    kind: str  # phone / email
    value: str
    normalized: str


def check_channel(channel) -> str:
    return _choice("channel", channel, CHANNELS)


def check_contact(kind: str, value) -> NewContact:
    """A phone (any layout: E.164 is what is stored) or an email address, or RuleError."""
    if not isinstance(value, str):
        raise RuleError(code="rule.contact_not_text", contact_kind=kind)
    value = _check_text(kind, value.strip())
    if not value or len(value) > CONTACT_LIMIT:
        raise RuleError(code="rule.contact_length", contact_kind=kind, most=CONTACT_LIMIT)
    if kind == "phone":
        normalized = _to_e164(value)
        if not normalized.startswith("+"):
            raise RuleError(code="rule.not_a_phone", value=_quoted(value))
        return NewContact("phone", value, normalized)
    if kind == "email":
        normalized = _fold(value).lower()
        if not _EMAIL_SHAPE.fullmatch(normalized):
            raise RuleError(code="rule.not_an_email", value=_quoted(value))
        return NewContact("email", value, normalized)
    raise RuleError(code="rule.contact_kind", kind=_quoted(str(kind)))


def check_new_customer(name, contacts: Sequence[tuple[str, Any]]) -> tuple[str, list[NewContact]]:
    """(the name as stored, the contacts normalised, each once) of a customer an agent
    records, or RuleError. Which existing customer already has one of these contacts is
    the caller's to look up (``duplicate_contact``)."""
    if not isinstance(name, str):
        raise RuleError(code="rule.customer_name_not_text")
    name = " ".join(name.split())
    if not name or len(name) > CUSTOMER_NAME_LIMIT:
        raise RuleError(code="rule.customer_name_length", most=CUSTOMER_NAME_LIMIT)
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise RuleError(code="rule.customer_name_control")
    checked: dict[tuple[str, str], NewContact] = {}
    for kind, value in contacts:
        if value is None or (isinstance(value, str) and not value.strip()):
            continue  # a field left empty
        contact = check_contact(kind, value)
        checked.setdefault((contact.kind, contact.normalized), contact)
    return name, list(checked.values())


def duplicate_contact(contacts: Sequence[NewContact], owners: Mapping[tuple[str, str], Any]):
    """(contact, owner) of the first new contact that already belongs to a customer, or
    None. ``owners``: {(kind, normalized): whoever the caller found holding it}. Recording
    the caller again would split their history in two; the agent is offered that customer."""
    for contact in contacts:
        owner = owners.get((contact.kind, contact.normalized))
        if owner is not None:
            return contact, owner
    return None


def check_new_ticket(subject, channel, priority, first_kind: str, body) -> tuple[str, str]:
    """(subject, first message) of a ticket an agent opens, trimmed, or RuleError: a
    subject, a known channel and priority, and a first message of a known kind that the
    channel can carry (no public reply down a phone line)."""
    subject = check_field("subject", subject.strip() if isinstance(subject, str) else subject).strip()
    check_channel(channel)
    check_field("priority", priority)
    if first_kind not in FIRST_MESSAGE_KINDS:
        raise RuleError(code="rule.first_message_kind", kind=_quoted(str(first_kind)),
                        allowed=", ".join(FIRST_MESSAGE_KINDS))
    if not isinstance(body, str) or not body.strip():
        raise RuleError(code="rule.first_message_empty")
    body = _check_text("message", body.strip())
    if first_kind == "reply" and not can_deliver_reply(channel):
        raise RuleError(code="rule.first_reply_undeliverable", channel=channel)
    return subject, body


def message_direction(kind: str) -> str:
    """How a first message is stored: the customer's words inbound, a reply outbound, a
    note or a call log internal (as every call log is; its direction is in its text)."""
    return {"inbound": "inbound", "reply": "outbound"}.get(kind, "internal")


def message_kind(first_kind: str) -> str:
    """The stored kind of a first message (the customer's words are a reply, inbound)."""
    return "reply" if first_kind == "inbound" else first_kind


def new_ticket_values(channel: str, priority: str, first_kind: str, agent_id: uuid.UUID,
                      assignee_id: uuid.UUID | None, now: datetime) -> dict:
    """Column values an agent's new ticket starts with (its number is the caller's: the
    team server hands them out): status new with SLA deadlines from now, one message, and
    what a first public reply does (first response, open, assigned to the replier)."""
    first_due, resolve_due = sla_due_times(now, priority, channel)
    state = TicketState(id=None, number=0, status=TicketStatus.NEW, priority=priority, channel=channel,
                        created_at=now, assignee_id=assignee_id, sla_first_response_due=first_due,
                        sla_resolution_due=resolve_due)
    values = {"status": TicketStatus.NEW, "priority": priority, "priority_rank": PRIORITY_RANK[priority],
              "channel": channel, "assignee_id": assignee_id, "created_at": now, "updated_at": now,
              "sla_first_response_due": first_due, "sla_resolution_due": resolve_due, "first_response_at": None,
              "solved_at": None, "reopen_count": 0, "message_count": 1, "agent_contact_count": 0}
    if first_kind == "reply":
        values.update(reply_effects(state, agent_id, now))
        values["agent_contact_count"] = 1
    elif first_kind == "call_log":
        values.update(contact_effects(state, now))
    return _with_next_due(state, values)
