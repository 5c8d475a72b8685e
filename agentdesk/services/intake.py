"""New tickets and new customers, recorded by an agent (issue 12): the New ticket and Log a
call dialogs, the screen-pop's "New customer", and `agentdesk ticket new` / `customer new`.

The rules (a subject, a known channel, a first message the channel can carry, contacts
normalised, no second customer for a known number) are agentdesk/rules.py's; the team
server and a team desk's outbox (sync/capture.py) apply the same ones. In a team profile
these functions run against the replica like every other write: the capture hook turns
the new rows into ``customer.create`` / ``ticket.create`` mutations and gives the ticket a
provisional number (negative, shown as "#…") until the server's arrives with the pull.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from agentdesk import rules
from agentdesk.models import Agent, ContactPoint, Customer, Message, Ticket, TicketTag, utcnow
from agentdesk.services import tickets
from agentdesk.services.common import (
    InvalidValue,
    NotFound,
    audit,
    find_agent,
    parse_uuid,
    rule_errors_as_invalid_value,
)
from agentdesk.services.customers import CustomerSummary, _summaries, resolve_customer
from agentdesk.services.routing import route_new_ticket


_NOBODY = uuid.UUID(int=0)


class DuplicateContact(InvalidValue):
    """The number or address already belongs to a customer: the agent is offered that one
    (``existing``) instead of a second record of the same person."""

    def __init__(self, existing: CustomerSummary, contact: rules.NewContact, *, code: str, **params):
        super().__init__(code=code, **params)
        self.existing = existing
        self.contact = contact


@dataclass(frozen=True)
class NewTicket:
    id: uuid.UUID
    number: int  # <= 0: provisional, until the team server's number arrives
    subject: str
    channel: str
    customer_id: uuid.UUID | None
    customer_name: str

    @property
    def pending(self) -> bool:
        return self.number <= 0


def contact_owners(session: Session, contacts: Sequence[rules.NewContact]) -> dict[tuple[str, str], CustomerSummary]:
    """{(kind, normalized): the customer holding it} for these contacts (one indexed
    lookup on contact_points.normalized)."""
    if not contacts:
        return {}
    keys = [(c.kind, c.normalized) for c in contacts]
    rows = session.execute(
        select(ContactPoint.kind, ContactPoint.normalized, ContactPoint.customer_id)
        .join(Customer, Customer.id == ContactPoint.customer_id)
        .where(ContactPoint.normalized.in_([n for _, n in keys]), ContactPoint.deleted.is_(False),
               Customer.deleted.is_(False), tuple_(ContactPoint.kind, ContactPoint.normalized).in_(keys))
        .order_by(Customer.created_at)
    ).all()
    summaries = {s.id: s for s in _summaries(session, list(dict.fromkeys(r.customer_id for r in rows)))}
    found: dict[tuple[str, str], CustomerSummary] = {}
    for kind, normalized, customer_id in rows:
        if customer_id in summaries:
            found.setdefault((kind, normalized), summaries[customer_id])
    return found


def check_customer(session: Session, name: str, phone: str | None = None, email: str | None = None
                   ) -> tuple[str, list[rules.NewContact]]:
    """The name and contacts as they would be stored; InvalidValue, or DuplicateContact
    naming the customer who already has one of them. Writes nothing (the dialog asks it
    before it closes)."""
    with rule_errors_as_invalid_value():
        name, contacts = rules.check_new_customer(name, [("phone", phone or ""), ("email", email or "")])
        clash = rules.duplicate_contact(contacts, contact_owners(session, contacts))
    if clash is not None:
        contact, owner = clash
        raise DuplicateContact(owner, contact, code="customer.duplicate_contact", value=contact.value,
                               name=owner.name)
    return name, contacts


def create_customer(session: Session, agent: Agent | None, *, name: str, phone: str | None = None,
                    email: str | None = None, language: str = "ko", now: datetime | None = None) -> CustomerSummary:
    """A new customer with their phone and email (either may be None); DuplicateContact
    when one of them is a known customer's. ``agent`` None: a channel's new sender
    (services/channels.py), audited without an actor."""
    name, contacts = check_customer(session, name, phone, email)
    now = now or utcnow()
    customer = Customer(id=uuid.uuid4(), name=name, language=language if language in ("ko", "en") else "ko",
                        created_at=now, updated_at=now)
    session.add(customer)
    for c in contacts:
        session.add(ContactPoint(id=uuid.uuid4(), customer_id=customer.id, kind=c.kind, value=c.value,
                                 normalized=c.normalized, label="", is_primary=True, updated_at=now))
    audit(session, agent, "customer", customer.id, "create",
          {"name": (None, name), **{c.kind: (None, c.normalized) for c in contacts}})
    session.flush()  # one flush: a team desk queues the customer with its contacts in one mutation
    return CustomerSummary(customer.id, name, customer.vip_tier or "standard",
                           next((c.value for c in contacts if c.kind == "phone"), ""),
                           next((c.value for c in contacts if c.kind == "email"), ""))


def find_customer_ref(session: Session, ref: str) -> Customer:
    """A customer by id, phone number (any layout) or email address, for the CLI's
    --customer; InvalidValue when the contact is several customers'."""
    ref = (ref or "").strip()
    if parse_uuid(ref) is not None:
        return resolve_customer(session, ref)
    kind = "email" if "@" in ref else "phone"
    with rule_errors_as_invalid_value():
        contact = rules.check_contact(kind, ref)
    ids = list(dict.fromkeys(session.scalars(
        select(ContactPoint.customer_id).join(Customer, Customer.id == ContactPoint.customer_id)
        .where(ContactPoint.kind == kind, ContactPoint.normalized == contact.normalized,
               ContactPoint.deleted.is_(False), Customer.deleted.is_(False)).limit(10))))
    if not ids:
        raise NotFound(code="customer.no_contact_owner", contact_kind=kind, ref=ref)
    if len(ids) > 1:
        raise InvalidValue(code="customer.contact_many_owners", contact_kind=kind, ref=ref, count=len(ids),
                           option=kind)
    return resolve_customer(session, ids[0])


def create_ticket(session: Session, agent: Agent | None, *, customer_id: uuid.UUID | None, subject: str, channel: str,
                  body: str, first_kind: str, priority: str = "normal", assignee: str | None = None,
                  tags: Sequence[str] = (), category: str = "", talk_seconds: int = 0,
                  now: datetime | None = None, team_id: uuid.UUID | None = None, author_name: str | None = None,
                  number: int | None = None, message_id: uuid.UUID | None = None) -> NewTicket:
    """An agent's new ticket in their team's queue, with its first message (the customer's
    words, a first reply, a note or a call log). ``assignee``: login, name or id; None is
    the agent, "none" leaves it unassigned: then the team's routing rule may assign it
    (services/routing.py), and its priority rules may raise the priority either way.
    ``talk_seconds``: a call's length, recorded as the agent's talk time (handle time).

    ``agent`` None: a message that came in on a channel (services/channels.py): the first
    message must be the customer's (``first_kind`` "inbound", by ``author_name``), the
    ticket joins ``team_id``'s queue unassigned (its routing rule may assign it), and the
    audit entries have no actor. ``number``: the number the caller was given (the team
    database's, server/security.py agentdesk_next_ticket_number); ``message_id``: the
    first message's id, for the caller to attach files to it."""
    now = now or utcnow()
    if agent is None and first_kind != "inbound":
        raise ValueError("a ticket without an agent starts with the customer's message")
    with rule_errors_as_invalid_value():
        subject, body = rules.check_new_ticket(subject, channel, priority, first_kind, body)
        spelt = sorted({rules.check_tag(tag) for tag in tags if rules.normalize_tag(tag)})
        if category:
            rules.check_field("category", category)
    customer = resolve_customer(session, customer_id) if customer_id is not None else None
    team_id = agent.team_id if agent is not None else team_id
    assignee_row: Agent | None
    if agent is None:
        assignee_row = None
    elif assignee is None:
        assignee_row = agent
    elif assignee in ("", "none"):
        assignee_row = None
    else:
        assignee_row = find_agent(session, assignee)
    if assignee_row is not None:
        with rule_errors_as_invalid_value():
            rules.check_assignee(team_id, assignee_row.team_id, not assignee_row.deleted)
    # (No agent: the id is never read, an inbound first message makes no reply effects.)
    values = rules.new_ticket_values(channel, priority, first_kind, agent.id if agent is not None else _NOBODY,
                                     assignee_row.id if assignee_row is not None else None, now)
    t = Ticket(id=uuid.uuid4(), number=number if number is not None else tickets.next_ticket_number(session),
               subject=subject, category=category,
               customer_id=customer.id if customer is not None else None, team_id=team_id,
               tags_text=" ".join(spelt), **values)
    session.add(t)
    # The ticket first: messages and tags have no relationship() to it, so one flush could
    # insert them before it. (A team desk's capture folds them into the ticket's mutation.)
    session.flush()
    inbound = first_kind == "inbound"
    if inbound:
        author = author_name if author_name is not None else customer.name if customer is not None else ""
    else:
        author = agent.name if agent is not None else ""
    session.add(Message(id=message_id or uuid.uuid4(), ticket_id=t.id, direction=rules.message_direction(first_kind),
                        kind=rules.message_kind(first_kind), channel=channel, body=body,
                        author_agent_id=None if inbound or agent is None else agent.id, author_name=author,
                        created_at=now, updated_at=now))
    for tag in spelt:
        session.add(TicketTag(id=uuid.uuid4(), ticket_id=t.id, tag=tag, updated_at=now))
    audit(session, agent, "ticket", t.id, "create",
          {"subject": (None, subject), "channel": (None, channel), "priority": (None, priority),
           "assignee": (None, assignee_row.login if assignee_row is not None else None)})
    session.flush()
    # The team's routing and priority rules (issue 13): here on an embedded workspace; on a
    # team desk the server applies them to the ticket.create (this returns at once there).
    route_new_ticket(session, agent, t, body, now)
    session.flush()
    tickets.index_ticket_texts(session, t.number, [(0, subject), (1, body)])
    if agent is not None:
        _record_talk(session, agent, t.id, talk_seconds, now)
    return NewTicket(t.id, t.number, subject, channel, t.customer_id, customer.name if customer is not None else "")


def log_call(session: Session, ref, agent: Agent, note: str, header: str = "",
             now: datetime | None = None, talk_seconds: int = 0) -> tickets.MessageRow:
    """A call log on an existing ticket; ``header`` (the call's direction and length, in
    the agent's words: "Inbound call · 4 min") goes on the first line; ``talk_seconds``,
    the call's length, is recorded as the agent's talk time."""
    now = now or utcnow()
    row = tickets.add_message(session, ref, agent, call_log_text(note, header), kind="call_log", now=now)
    if talk_seconds > 0:
        _record_talk(session, agent, tickets.resolve_ticket(session, ref).id, talk_seconds, now)
    return row


def _record_talk(session: Session, agent: Agent, ticket_id: uuid.UUID, seconds: int, now: datetime) -> None:
    if seconds > 0:
        from agentdesk.services import work_time

        work_time.record_work(session, agent, ticket_id, "talk", seconds, now - timedelta(seconds=seconds), now)


def call_log_text(note: str, header: str = "") -> str:
    """The first message of a new ticket from a call, as log_call writes one."""
    return f"{header.strip()}\n{note.strip()}" if header.strip() and note.strip() else (note.strip() or header.strip())


def customer_summary(session: Session, customer_id: uuid.UUID) -> CustomerSummary:
    """Name, tier, phone and email of one customer (the dialog's chosen customer)."""
    found = _summaries(session, [resolve_customer(session, customer_id).id])
    if not found:
        raise NotFound(code="customer.not_found", ref=str(customer_id))
    return found[0]
