"""Phone calls written down (issue 14): the call log an agent finishes in the ticket view's
call panel, and the call log the gateway writes from a telephony system's call events.

A finished call is one call-log message on the ticket (its first line says direction,
talk, hold, after-call work and disposition: call_rules.summary; then the agent's notes)
and up to three work sessions, talk, hold and "acw", so handle time (services/metrics.py:
the sum of a ticket's work sessions) is talk + hold + ACW. Both go through the services a
desk already uses (tickets.add_message, work_time.record_work): in a team profile the
capture queues them as the message and ``work.log`` mutations, as a logged call's always
were; the gateway runs them on its sink (gateway/phone_hooks.py).

Call events (call_rules.parse_event) are taken once each: (call id, event, time) is a row
of ``call_events``, and a replay finds it and changes nothing. The call's log is written
when its end is known together with whether it was answered: the ended event may say so
itself (``answered_at``), else the call waits for its answered event, which may come
after the end. Events that arrive after the log was written are kept and change nothing.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from agentdesk import call_rules, kpi
from agentdesk.call_rules import CallError, CallEvent, CallLengths, Direction, Disposition, EventKind
from agentdesk.channels import Inbound, ThreadHints
from agentdesk.models import (
    ACTIVE_STATUSES,
    Agent,
    Call,
    CallEventRow,
    ContactPoint,
    Customer,
    Ticket,
    utcnow,
)
from agentdesk.services import channels, tickets, work_time
from agentdesk.services.common import InvalidValue
from agentdesk.services.intake import call_log_text

log = logging.getLogger("agentdesk.gateway")


@dataclass(frozen=True)
class LoggedCall:
    message: tickets.MessageRow
    work: tuple[work_time.WorkRow, ...]  # talk, hold, acw: those that lasted a second or more


def log_call(session: Session, ref, agent: Agent, *, direction: str, lengths: CallLengths,
             disposition: str | None, note: str = "", started_at: datetime | None = None,
             now: datetime | None = None, lang: str = "ko", notice_read: bool | None = None) -> LoggedCall:
    """One finished call on ticket ``ref`` by ``agent``: its call log (the summary line,
    then ``note``) and its talk, hold and after-call work as the agent's work time.
    ``started_at``: when the call was answered (default: talk and hold back from the
    hang-up, which is ``now`` less the after-call work); ``notice_read``: the agent
    confirmed reading the recording notice (None: not asked)."""
    now = now or utcnow()
    try:
        lengths = call_rules.check_lengths(lengths.talk, lengths.hold, lengths.acw)
        chosen = call_rules.check_disposition(disposition) if disposition else None
        if direction not in tuple(Direction):
            raise CallError(code="call.event_field", field="direction")
        if len(note or "") > call_rules.NOTE_MAX:
            raise CallError(code="call.note_long", most=call_rules.NOTE_MAX)
    except CallError as e:
        raise InvalidValue.like(e) from None
    hung_up = now - timedelta(seconds=lengths.acw)
    answered = started_at or hung_up - timedelta(seconds=lengths.talk + lengths.hold)
    header = call_rules.summary(direction, lengths, chosen, lang, notice_read)
    message = tickets.add_message(session, ref, agent, call_log_text(note, header), kind="call_log", now=now)
    ticket_id = tickets.resolve_ticket(session, ref).id
    # Each part starts where it began, so a call across midnight counts on the day it was taken.
    parts = (("talk", lengths.talk, answered), ("hold", lengths.hold, answered + timedelta(seconds=lengths.talk)),
             ("acw", lengths.acw, hung_up))
    work = tuple(work_time.record_work(session, agent, ticket_id, kind, seconds, min(start, now), now)
                 for kind, seconds, start in parts if seconds >= 1)
    return LoggedCall(message, work)


# --- call events (the gateway) ---------------------------------------------------------------------
@dataclass(frozen=True)
class EventOutcome:
    """What one event did: ``duplicate`` (seen before: nothing changed), ``recorded``
    (kept; the call goes on, or its log was written already), ``waiting`` (ended, the
    log waits for the answered event), ``completed`` (the call log was written now)."""

    status: str
    call_id: str
    ticket_number: int | None = None
    agent_known: bool = True

    def as_json(self) -> dict:
        return {"status": self.status, "call_id": self.call_id, "ticket": self.ticket_number,
                "agent_known": self.agent_known}


def take_event(session: Session, event: CallEvent, *, team_id: uuid.UUID | None = None,
               now: datetime | None = None, lang: str = "ko") -> EventOutcome:
    """Records one call event and, when the call's end and answer are both known, writes
    its call log (once). ``team_id``: the queue of a ticket the call opens."""
    now = now or utcnow()
    if not _first_time(session, event, now):
        return EventOutcome("duplicate", event.call_id)
    call = session.scalar(select(Call).where(Call.call_id == event.call_id))
    if call is None:
        call = Call(id=uuid.uuid4(), call_id=event.call_id, direction=str(event.direction),
                    from_number=event.from_number, to_number=event.to_number, agent_login=event.agent,
                    created_at=now)
        session.add(call)
    _note(call, event)
    session.flush()
    if call.completed_at is not None:
        return EventOutcome("recorded", call.call_id, _number(session, call.ticket_id))
    if call.ended_at is None:
        return EventOutcome("recorded", call.call_id)
    if call.answered_at is None and not call.answered_known:
        return EventOutcome("waiting", call.call_id)
    return _complete(session, call, team_id, now, lang)


def _first_time(session: Session, event: CallEvent, now: datetime) -> bool:
    seen = session.scalar(select(CallEventRow.id).where(
        CallEventRow.call_id == event.call_id, CallEventRow.kind == str(event.kind), CallEventRow.at == event.at))
    if seen is not None:
        return False
    taken = session.scalar(select(func.count()).select_from(CallEventRow).where(
        CallEventRow.call_id == event.call_id)) or 0
    if taken >= call_rules.EVENTS_PER_CALL:
        raise InvalidValue(code="call.too_many_events", call_id=event.call_id, most=call_rules.EVENTS_PER_CALL)
    try:
        with session.begin_nested():  # two gateways taking the same replay: one wins
            session.add(CallEventRow(id=uuid.uuid4(), call_id=event.call_id, kind=str(event.kind), at=event.at,
                                     received_at=now))
    except IntegrityError:
        return False
    return True


def _note(call: Call, event: CallEvent) -> None:
    """What this event says about the call, whatever order events arrive in."""
    call.from_number = call.from_number or event.from_number
    call.to_number = call.to_number or event.to_number
    if event.kind in (EventKind.ANSWERED, EventKind.ENDED) and event.agent:
        call.agent_login = event.agent  # who answered (ringing may have named another)
    elif not call.agent_login:
        call.agent_login = event.agent
    if event.kind == EventKind.RINGING:
        call.ringing_at = min(filter(None, (call.ringing_at, event.at)))
    elif event.kind == EventKind.ANSWERED:
        call.answered_at = event.at  # the answered event itself wins over an ended's answered_at
    elif event.kind == EventKind.ENDED:
        call.ended_at = event.at
        if event.answered_known:
            call.answered_known = True
            if call.answered_at is None:
                call.answered_at = event.answered_at


def _complete(session: Session, call: Call, team_id: uuid.UUID | None, now: datetime, lang: str) -> EventOutcome:
    assert call.ended_at is not None
    marks = [(k, at) for k, at in session.execute(select(CallEventRow.kind, CallEventRow.at).where(
        CallEventRow.call_id == call.call_id, CallEventRow.kind.in_((EventKind.HELD, EventKind.RESUMED))))]
    answered = call.answered_at
    lengths = call_rules.event_lengths(answered, call.ended_at,
                                       call_rules.hold_seconds(marks, call.ended_at) if answered else 0)
    agent = session.scalar(select(Agent).where(Agent.login == call.agent_login, Agent.deleted.is_(False))) \
        if call.agent_login else None
    direction = call.direction if call.direction in tuple(Direction) else Direction.INBOUND
    number = call.to_number if direction == Direction.OUTBOUND else call.from_number
    words = call_rules.LABELS.get(lang, call_rules.LABELS["ko"])
    message_id, ticket_id = None, None
    ticket = _open_phone_ticket(session, number, agent) if answered is not None and agent is not None else None
    new_team = team_id or (agent.team_id if agent is not None else None)
    # The agent logs the call where they may record time: their team's open ticket, or a
    # new one in a queue they work (a gateway set up for another team's queue: no time).
    if agent is not None and answered is not None and (
            ticket is not None or kpi.may_work_on(agent.role, agent.team_id, new_team)):
        ticket_id = ticket.id if ticket is not None else _receive(
            session, call, number, f"{words[direction]} · {words['from']} {number or '?'}", new_team, now)
    if ticket_id is not None and agent is not None and answered is not None:
        logged = log_call(session, ticket_id, agent, direction=direction, lengths=lengths, disposition=None,
                          started_at=answered, now=now, lang=lang)
        message_id = logged.message.id
    else:
        # Missed, or answered by a login this workspace does not know (or who may not work
        # this queue): nobody's time to record, but the call is on the caller's ticket for a
        # callback, with its lengths.
        if answered is None:
            text = f"{words['missed']} · {words['from']} {number or '?'}"
        else:
            text = f"{call_rules.summary(direction, lengths, None, lang)} · {words['from']} {number or '?'}"
            log.warning("call %s was answered by agent %r, who cannot be credited here: no work time recorded",
                        call.call_id, call.agent_login[:64])
            agent = None
        ticket_id = _receive(session, call, number, text, team_id, now)
    call.ticket_id, call.message_id, call.completed_at = ticket_id, message_id, now
    session.flush()
    return EventOutcome("completed", call.call_id, _number(session, ticket_id), agent_known=agent is not None)


def _open_phone_ticket(session: Session, number: str, agent: Agent) -> Ticket | None:
    """The caller's newest unsolved phone ticket that this agent may log on, if any."""
    if not number:
        return None
    customers = select(ContactPoint.customer_id).join(Customer, Customer.id == ContactPoint.customer_id).where(
        ContactPoint.kind == "phone", ContactPoint.normalized == number, ContactPoint.deleted.is_(False),
        Customer.deleted.is_(False))
    q = (select(Ticket).where(Ticket.customer_id.in_(customers), Ticket.channel == "phone",
                              Ticket.status.in_([str(s) for s in ACTIVE_STATUSES]), Ticket.deleted.is_(False),
                              Ticket.merged_into_id.is_(None))
         .order_by(Ticket.updated_at.desc()).limit(5))
    for t in session.scalars(q):
        if kpi.may_work_on(agent.role, agent.team_id, t.team_id):
            return t
    return None


def _receive(session: Session, call: Call, number: str, text: str, team_id: uuid.UUID | None,
             now: datetime) -> uuid.UUID | None:
    """The call's ticket through the channels' one intake (services/channels.receive):
    threaded on the call id, the caller matched or made a customer by number."""
    received_at = call.ringing_at or call.answered_at or call.ended_at or now
    inbound = Inbound(channel="phone", external_id=f"call:{call.call_id}", sender_address=number, sender_name="",
                      subject="", text=text, received_at=received_at,
                      hints=ThreadHints(conversation=call.call_id), meta={"call_id": call.call_id})
    return channels.receive(session, inbound, team_id=team_id, now=now).ticket_id


def _number(session: Session, ticket_id: uuid.UUID | None) -> int | None:
    return session.scalar(select(Ticket.number).where(Ticket.id == ticket_id)) if ticket_id is not None else None


__all__ = ["Disposition", "EventOutcome", "LoggedCall", "log_call", "take_event"]
