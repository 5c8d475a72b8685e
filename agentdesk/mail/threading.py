"""Which ticket an inbound message belongs to, and what it does to that ticket (issue 14).

The order, for mail, exactly as the issue gives it (the service, services/channels.py,
does each step's lookup and stops at the first that finds a ticket):

1. a duplicate Message-ID: skipped, nothing stored (the service checks it first);
2. a signed reply token in a recipient address (``support+t1234.<mac>@…``, tokens.py);
3. In-Reply-To, then References (newest first), against every Message-ID seen, ours
   and theirs (the ``channel_keys`` table);
4. our own signed Message-ID in In-Reply-To or References (mail whose ids we never
   recorded: sent before an import, or by another installation of the same workspace);
5. ``[#1234]`` in the subject, only when the sender already takes part in that ticket
   (its customer, or an address that wrote on it before); from anyone else it makes a
   new ticket, linked to #1234 (a stranger cannot post into someone else's ticket by
   guessing a number).

Other channels: the conversation key (chat session, SMS or social thread, call id) finds
its ticket. Found by either: a closed ticket is not written to (a new ticket, linked to
it); a solved one reopens when the customer writes (never for an auto-reply: auto-replies
attach and change nothing); a merged one hands the message to the ticket it was merged
into (the service follows that).

Pure: no Qt, no database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from agentdesk import rules
from agentdesk.channels import ThreadHints
from agentdesk.mail import tokens
from agentdesk.models import DONE_STATUSES, TicketStatus

# References a message may carry that are looked up (a budget on hostile headers; the
# newest matter: a thread's own ids come last).
MAX_REFERENCES = 50


class Via(StrEnum):
    """How an inbound message found its ticket (or that it found none)."""

    REPLY_TOKEN = "reply_token"
    IN_REPLY_TO = "in_reply_to"
    REFERENCES = "references"
    SIGNED_MESSAGE_ID = "signed_message_id"
    SUBJECT_NUMBER = "subject_number"
    CONVERSATION = "conversation"
    NONE = "none"


@dataclass(frozen=True)
class Step:
    """One lookup, in the order the rules ask them: by ``message_ids`` (the first of them
    that is known wins) or by a ticket ``number``."""

    via: Via
    message_ids: tuple[str, ...] = ()
    number: int | None = None


class Placement(StrEnum):
    THREAD = "thread"  # the message goes on the ticket found
    NEW_LINKED = "new_linked"  # a new ticket, linked to the one found


def mail_steps(hints: ThreadHints, secret: str | bytes | None) -> list[Step]:
    """The lookups for a mail, in the rules' order (the duplicate check comes before)."""
    steps: list[Step] = []
    if secret:
        for addr in hints.recipients:
            number = tokens.parse_reply_address(addr, secret)
            if number is not None:
                steps.append(Step(Via.REPLY_TOKEN, number=number))
                break
    in_reply_to = tokens.normalize_message_id(hints.in_reply_to)
    if in_reply_to:
        steps.append(Step(Via.IN_REPLY_TO, message_ids=(in_reply_to,)))
    refs = references_newest_first(hints.references, exclude=in_reply_to)
    if refs:
        steps.append(Step(Via.REFERENCES, message_ids=refs))
    if secret:
        for mid in (in_reply_to, *refs):
            number = tokens.parse_message_id(mid, secret) if mid else None
            if number is not None:
                steps.append(Step(Via.SIGNED_MESSAGE_ID, number=number))
                break
    if hints.ticket_number is not None and hints.ticket_number > 0:
        steps.append(Step(Via.SUBJECT_NUMBER, number=int(hints.ticket_number)))
    return steps


def references_newest_first(references: Sequence[str], exclude: str = "") -> tuple[str, ...]:
    """References without brackets, each once, newest first, at most MAX_REFERENCES."""
    out: dict[str, None] = {}
    for ref in reversed(list(references)[-MAX_REFERENCES * 2:]):
        mid = tokens.normalize_message_id(ref)
        if mid and mid != exclude:
            out.setdefault(mid, None)
        if len(out) >= MAX_REFERENCES:
            break
    return tuple(out)


def placement(via: Via, status: str, sender_takes_part: bool) -> Placement:
    """Whether a message found its ticket by ``via`` goes on it: not on a closed ticket,
    and by a subject's ``[#n]`` only from someone who already takes part in it."""
    if via == Via.SUBJECT_NUMBER and not sender_takes_part:
        return Placement.NEW_LINKED
    if status == TicketStatus.CLOSED:
        return Placement.NEW_LINKED
    return Placement.THREAD


def inbound_effects(state: rules.TicketState, *, auto_submitted: bool, now: datetime) -> tuple[dict, bool]:
    """(column values, reopened) of a ticket the customer writes to again: a solved ticket
    reopens and one waiting on the customer (pending) is open again, by the ticket rules'
    own status change (reopen count, solved_at, SLA deadline); an auto-reply changes only
    the time. The message count is the caller's (counted in SQL)."""
    if auto_submitted or state.merged_into_id is not None:
        return {"updated_at": now}, False
    if state.status in DONE_STATUSES or state.status == TicketStatus.PENDING:
        values = rules.ticket_update(state, {"status": TicketStatus.OPEN}, now)
        return values, state.status in DONE_STATUSES
    return {"updated_at": now}, False
