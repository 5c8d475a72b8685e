"""Customers: finding one by name, phone or email, the customer 360, and an agent's
edits of it (name, notes, tags, contact points; issue 12)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, func, literal, select, update
from sqlalchemy.orm import Session

from agentdesk import customer_rules, phones
from agentdesk.models import (
    ACTIVE_STATUSES, Agent, ContactPoint, Customer, Feedback, Order, OrderItem, Product, Ticket, utcnow,
)
from agentdesk.services.common import (
    InvalidValue, NotFound, ServiceError, audit, parse_uuid, rule_errors_as_invalid_value,
)


def normalize_phone(raw: str) -> str:
    """E.164 in any layout, Korea by default: '010.1234.5678', '+82 (0)10-1234-5678' → '+821012345678'."""
    return phones.to_e164(raw)


def normalize_email(raw: str) -> str:
    return phones.fold(raw).lower()


def format_phone(digits: str) -> str:
    """'01012345678' or '+821012345678' → '010-1234-5678' (Korean mobile layout)."""
    if digits.startswith("+82"):
        digits = "0" + digits[3:]
    if len(digits) == 11 and digits.startswith("01"):
        return f"{digits[:3]}-{digits[3:7]}-{digits[7:]}"
    if len(digits) == 10 and digits.startswith("02"):
        return f"{digits[:2]}-{digits[2:6]}-{digits[6:]}"
    return digits


@dataclass(frozen=True)
class CustomerSummary:
    id: uuid.UUID
    name: str
    vip_tier: str
    phone: str
    email: str


@dataclass(frozen=True)
class ContactRow:
    kind: str
    value: str  # as written for people ('010-1234-5678'); phones added by agents in the national layout
    label: str
    is_primary: bool
    id: uuid.UUID | None = None
    normalized: str = ""  # E.164 for phones: what a call dials


@dataclass(frozen=True)
class ProductRow:
    kind: str
    name: str
    account_last4: str
    status: str
    limit_amount: int
    used_amount: int
    available_amount: int


@dataclass(frozen=True)
class OrderItemRow:
    sku: str
    name: str
    quantity: int
    unit_price: int


@dataclass(frozen=True)
class OrderRow:
    id: uuid.UUID
    number: str
    status: str
    total: int
    ordered_at: datetime
    items: list[OrderItemRow]


@dataclass(frozen=True)
class InquiryRow:
    ticket_id: uuid.UUID
    number: int
    channel: str
    subject: str
    status: str
    created_at: datetime


@dataclass(frozen=True)
class FeedbackRow:
    kind: str
    score: int
    comment: str
    created_at: datetime
    ticket_number: int | None


@dataclass(frozen=True)
class Customer360:
    id: uuid.UUID
    name: str
    language: str
    segment: str
    vip_tier: str
    notes: str
    created_at: datetime
    lifetime_value: int
    contacts: list[ContactRow]
    products: list[ProductRow]
    orders: list[OrderRow]
    inquiries: list[InquiryRow]
    inquiry_total: int
    feedback: list[FeedbackRow]
    csat_average: float | None
    open_tickets: int = 0
    channels_used: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    feedback_total: int = 0  # all the ratings; ``feedback`` holds the newest of them


def _summaries(session: Session, ids: list[uuid.UUID]) -> list[CustomerSummary]:
    if not ids:
        return []
    customers = {c.id: c for c in session.scalars(select(Customer).where(Customer.id.in_(ids)))}
    contacts: dict[uuid.UUID, dict[str, str]] = {}
    for cp in session.scalars(
        select(ContactPoint).where(ContactPoint.customer_id.in_(ids), ContactPoint.deleted.is_(False))
        .order_by(ContactPoint.is_primary.desc())
    ):
        contacts.setdefault(cp.customer_id, {}).setdefault(cp.kind, cp.value)
    return [
        CustomerSummary(c.id, c.name, c.vip_tier, contacts.get(c.id, {}).get("phone", ""), contacts.get(c.id, {}).get("email", ""))
        for i in ids if (c := customers.get(i)) and not c.deleted
    ]


# What an agent types into the search box that is a phone number (or a piece of one).
_PHONE_TEXT = re.compile(r"[\d\s+().\-]+")


def _prefix(col, p: str):
    """``col`` starts with ``p``, as a range the column's b-tree index answers (LIKE
    keeps it exact where the backend's collation orders differently)."""
    return and_(col >= p, col < p + "\U0010ffff", col.startswith(p, autoescape=True))


def _phone_condition(raw: str):
    """A whole number matches its E.164 form; a beginning ('010-1234') by prefix; an end
    (the last 4 or 8 digits, '1234-5678') by the reversed digits: all indexed."""
    digits = phones.digits_of(raw)
    if len(digits) < 4:
        raise InvalidValue(code="customer.not_a_phone", value=raw)
    text = phones.fold(raw)
    full = phones.to_e164(text)
    if full.startswith("+") and len(digits) >= 9:
        return ContactPoint.normalized == full
    if text.startswith("+") or digits.startswith("0"):
        # The start of a number: '010-12' is '+821012…' in E.164.
        lead = "+" + digits if text.startswith("+") else "+82" + digits[1:]
        return _prefix(ContactPoint.normalized, lead)
    return _prefix(ContactPoint.search_key, digits[::-1])


def find_customers(
    session: Session, *, phone: str | None = None, email: str | None = None, name: str | None = None,
    query: str | None = None, limit: int = 50,
) -> list[CustomerSummary]:
    """By phone (any layout, +82 or 0, full-width, or its last digits), email
    (case-insensitive, or '@domain', or its beginning) or name (its start or its end:
    '김민' or '민지' for 김민지).

    ``query`` guesses which one the agent typed, for the search box.
    """
    if query is not None:
        q = phones.fold(query)
        if not q:
            return []
        if "@" in q:
            email = q
        elif len(phones.digits_of(q)) >= 4 and _PHONE_TEXT.fullmatch(q):
            phone = q
        else:
            name = q
    live = ContactPoint.deleted.is_(False)
    if phone:
        stmt = select(ContactPoint.customer_id).where(ContactPoint.kind == "phone", _phone_condition(phone), live)
    elif email:
        e = normalize_email(email)
        if e.startswith("@"):
            # '@example' → every address at a domain starting 'example'.
            cond = _prefix(ContactPoint.search_key, e[1:]) if e[1:] else literal(False)
        elif "." in e.partition("@")[2]:
            cond = ContactPoint.normalized == e
        else:
            cond = _prefix(ContactPoint.normalized, e)  # 'minji.kim@' or 'minji.kim@exa'
        stmt = select(ContactPoint.customer_id).where(ContactPoint.kind == "email", cond, live)
    elif name:
        # lower() on both sides: PostgreSQL's LIKE is case-sensitive, SQLite's is not (ASCII).
        n = phones.fold(name).lower()
        starts = (select(Customer.id).where(_prefix(func.lower(Customer.name), n), Customer.deleted.is_(False))
                  .order_by(func.lower(Customer.name)).limit(limit))
        ids = list(session.scalars(starts))
        if len(ids) < limit:
            # Then names that end so: a given name ('민지' for 김민지), a family name typed last.
            ends = (select(Customer.id)
                    .where(_prefix(Customer.name_reversed, phones.name_reversed(n)), Customer.deleted.is_(False))
                    .order_by(Customer.name_reversed).limit(limit))
            ids += session.scalars(ends)
        return _summaries(session, list(dict.fromkeys(ids))[:limit])
    else:
        raise InvalidValue(code="customer.find_what")
    ids = list(dict.fromkeys(session.scalars(stmt.limit(limit))))
    return _summaries(session, ids)


def resolve_customer(session: Session, ref) -> Customer:
    u = ref if isinstance(ref, uuid.UUID) else parse_uuid(str(ref))
    c = session.get(Customer, u) if u else None
    if c is None or c.deleted:
        raise NotFound(code="customer.not_found", ref=ref)
    return c


FEEDBACK_LIMIT = 10  # the newest ratings a 360 lists (its count and CSAT are over all of them)


def customer_360(session: Session, ref, inquiry_limit: int = 200, order_limit: int = 50,
                 feedback_limit: int = FEEDBACK_LIMIT) -> Customer360:
    """Everything an agent needs about a customer, in a handful of indexed queries."""
    c = resolve_customer(session, ref)
    contacts = [
        ContactRow(cp.kind, cp.value, cp.label, cp.is_primary, cp.id, cp.normalized)
        for cp in session.scalars(
            select(ContactPoint).where(ContactPoint.customer_id == c.id, ContactPoint.deleted.is_(False))
            .order_by(ContactPoint.kind, ContactPoint.is_primary.desc(), ContactPoint.value)
        )
    ]
    products = [
        ProductRow(p.kind, p.name, p.account_last4, p.status, p.limit_amount, p.used_amount, p.available_amount)
        for p in session.scalars(
            select(Product).where(Product.customer_id == c.id, Product.deleted.is_(False)).order_by(Product.kind, Product.name)
        )
    ]
    orders_db = session.scalars(
        select(Order).where(Order.customer_id == c.id, Order.deleted.is_(False)).order_by(Order.ordered_at.desc()).limit(order_limit)
    ).all()
    items: dict[uuid.UUID, list[OrderItemRow]] = {}
    if orders_db:
        for it in session.scalars(select(OrderItem).where(OrderItem.order_id.in_([o.id for o in orders_db])).order_by(OrderItem.name)):
            items.setdefault(it.order_id, []).append(OrderItemRow(it.sku, it.name, it.quantity, it.unit_price))
    orders = [OrderRow(o.id, o.number, o.status, o.total, o.ordered_at, items.get(o.id, [])) for o in orders_db]
    tickets = session.execute(
        select(Ticket.id, Ticket.number, Ticket.channel, Ticket.subject, Ticket.status, Ticket.created_at)
        .where(Ticket.customer_id == c.id, Ticket.deleted.is_(False))
        .order_by(Ticket.created_at.desc())
        .limit(inquiry_limit)
    ).all()
    inquiries = [InquiryRow(*row) for row in tickets]
    total, open_count = session.execute(
        select(func.count(), func.count().filter(Ticket.status.in_(ACTIVE_STATUSES)))
        .where(Ticket.customer_id == c.id, Ticket.deleted.is_(False))
    ).one()
    channels = sorted(set(session.scalars(
        select(Ticket.channel).where(Ticket.customer_id == c.id, Ticket.deleted.is_(False)).distinct())))
    # The newest ratings are listed; the average and the count are over all of them (a
    # business customer rates hundreds of tickets: listing them all slowed every open).
    rated = (Feedback.customer_id == c.id, Feedback.deleted.is_(False))
    fb_rows = session.execute(
        select(Feedback, Ticket.number).outerjoin(Ticket, Ticket.id == Feedback.ticket_id)
        .where(*rated).order_by(Feedback.created_at.desc()).limit(feedback_limit)
    ).all()
    feedback = [FeedbackRow(f.kind, f.score, f.comment, f.created_at, num) for f, num in fb_rows]
    if len(feedback) < feedback_limit:  # all of them are here
        feedback_total = len(feedback)
        csat = [f.score for f in feedback if f.kind == "csat"]
        csat_average = (sum(csat) / len(csat)) if csat else None
    else:
        feedback_total, csat_average = session.execute(
            select(func.count(), func.avg(Feedback.score).filter(Feedback.kind == "csat")).where(*rated)).one()
        csat_average = float(csat_average) if csat_average is not None else None
    return Customer360(
        id=c.id, name=c.name, language=c.language, segment=c.segment, vip_tier=c.vip_tier, notes=c.notes,
        created_at=c.created_at, lifetime_value=c.lifetime_value, contacts=contacts, products=products,
        orders=orders, inquiries=inquiries, inquiry_total=total, feedback=feedback,
        csat_average=csat_average, open_tickets=open_count, channels_used=channels,
        tags=customer_rules.split_tags(c.tags), feedback_total=feedback_total,
    )


# --- an agent's edits (issue 12) -----------------------------------------------------------
class EditConflict(ServiceError):
    """Someone else changed the field since the agent started editing it: nothing was
    written, and the agent's text stays with them (``current`` is what is stored now)."""

    def __init__(self, field: str, current: str):
        self.field, self.current = field, current
        if field in ("name", "notes"):
            super().__init__(code=f"customer.{field}_changed_meanwhile")
        else:
            super().__init__(code="customer.field_changed_meanwhile", field=field)


class SharedContact(ServiceError):
    """The contact point already belongs to another customer. A warning, not a rule
    (family members share a landline): the agent saves it again with ``allow_shared``."""

    def __init__(self, value: str, owners: list[str]):
        self.value, self.owners = value, owners
        super().__init__(code="customer.contact_shared", value=value, owners=", ".join(owners))


def _lock_customer(session: Session, c: Customer) -> Customer:
    """The customer's row write-locked and read again, so the check of what the agent saw
    and the write are one step: two desks saving notes at once cannot both pass it. A
    no-op UPDATE, as merge_tickets does: it also takes SQLite's write lock."""
    session.execute(update(Customer).where(Customer.id == c.id).values(rev=Customer.rev)
                    .execution_options(synchronize_session=False))
    session.execute(select(Customer).where(Customer.id == c.id).execution_options(populate_existing=True)).all()
    return c


def update_customer(
    session: Session, ref, agent: Agent, *, name: str | None = None, notes: str | None = None,
    add_tags: Iterable[str] = (), remove_tags: Iterable[str] = (), expected: Mapping[str, str] | None = None,
    now: datetime | None = None,
) -> dict:
    """Changes the name, notes and tags; returns {field: (old, new)} of what changed.

    ``expected`` holds the value of each field as the agent saw it when they started
    editing ({"notes": "…"}): when a changed field no longer holds it, EditConflict and
    nothing is written. Tags are added and removed one by one (two agents' tags both stay).
    """
    c = _lock_customer(session, resolve_customer(session, ref))
    with rule_errors_as_invalid_value():
        wanted = {f: customer_rules.check_customer_field(f, v) for f, v in (("name", name), ("notes", notes))
                  if v is not None}
        tags = customer_rules.customer_tags_after(c.tags, add_tags, remove_tags)
    fields = {f: v for f, v in wanted.items() if v != getattr(c, f)}
    for f in fields:
        if expected is not None and f in expected and expected[f] != getattr(c, f):
            raise EditConflict(f, getattr(c, f))
    changes: dict = {f: (getattr(c, f), v) for f, v in fields.items()}
    if tags != (c.tags or ""):
        changes["tags"] = (c.tags or "", tags)
        fields["tags"] = tags
    if not changes:
        return {}
    for f, v in fields.items():
        setattr(c, f, v)
    c.updated_at = now or utcnow()
    audit(session, agent, "customer", c.id, "update", changes)
    return changes


def _contact_row(cp: ContactPoint) -> ContactRow:
    return ContactRow(cp.kind, cp.value, cp.label, cp.is_primary, cp.id, cp.normalized)


def resolve_contact(session: Session, contact_id) -> ContactPoint:
    u = contact_id if isinstance(contact_id, uuid.UUID) else parse_uuid(str(contact_id))
    cp = session.get(ContactPoint, u) if u else None
    if cp is None or cp.deleted:
        raise NotFound(code="customer.contact_gone")
    resolve_customer(session, cp.customer_id)
    return cp


def _live_contacts(session: Session, customer_id: uuid.UUID, kind: str) -> list[ContactPoint]:
    return list(session.scalars(select(ContactPoint).where(
        ContactPoint.customer_id == customer_id, ContactPoint.kind == kind, ContactPoint.deleted.is_(False))))


def contact_owners(session: Session, kind: str, normalized: str, besides: uuid.UUID | None = None) -> list[str]:
    """Names of the other customers with this contact point (indexed on ``normalized``)."""
    ids = session.scalars(
        select(ContactPoint.customer_id).where(ContactPoint.normalized == normalized, ContactPoint.kind == kind,
                                               ContactPoint.deleted.is_(False), ContactPoint.customer_id != besides)
        .distinct().limit(3)).all()
    if not ids:
        return []
    return sorted(session.scalars(select(Customer.name).where(Customer.id.in_(ids), Customer.deleted.is_(False))))


def _check_new_value(session: Session, c: Customer, cv: customer_rules.ContactValues, allow_shared: bool,
                     editing: uuid.UUID | None = None) -> None:
    if any(cp.normalized == cv.normalized and cp.id != editing for cp in _live_contacts(session, c.id, cv.kind)):
        raise InvalidValue(code="customer.contact_theirs_already", value=cv.value, name=c.name)
    if not allow_shared and (owners := contact_owners(session, cv.kind, cv.normalized, c.id)):
        raise SharedContact(cv.value, owners)


def _make_primary(session: Session, cp: ContactPoint) -> None:
    """One primary contact point of each kind: the others of its kind step down."""
    for other in _live_contacts(session, cp.customer_id, cp.kind):
        if other is not cp and other.is_primary:
            other.is_primary = False
    cp.is_primary = True


def add_contact(
    session: Session, customer_ref, agent: Agent, *, kind: str, value: str, label: str = "",
    primary: bool | None = None, allow_shared: bool = False,
) -> ContactRow:
    """A phone (any layout: stored in E.164 for lookups, shown '010-1234-5678'), email or
    social handle. The first of its kind is the primary one unless ``primary`` says."""
    c = resolve_customer(session, customer_ref)
    with rule_errors_as_invalid_value():
        cv = customer_rules.check_contact_point(kind, value, label)
    _check_new_value(session, c, cv, allow_shared)
    first = not _live_contacts(session, c.id, cv.kind)
    cp = ContactPoint(id=uuid.uuid4(), customer_id=c.id, kind=cv.kind, value=cv.value, normalized=cv.normalized,
                      search_key=cv.search_key, label=cv.label, is_primary=False)
    session.add(cp)
    if primary or (primary is None and first):
        _make_primary(session, cp)
    audit(session, agent, "customer", c.id, "contact_add", {"contact": (None, f"{cv.kind} {cv.value}")})
    return _contact_row(cp)


def update_contact(
    session: Session, contact_id, agent: Agent, *, value: str | None = None, label: str | None = None,
    primary: bool | None = None, allow_shared: bool = False,
) -> ContactRow:
    """A new value (its lookup keys follow), label or primary flag; the kind stays (a phone
    that should be an email is removed and added)."""
    cp = resolve_contact(session, contact_id)
    c = resolve_customer(session, cp.customer_id)
    with rule_errors_as_invalid_value():
        cv = customer_rules.check_contact_point(cp.kind, cp.value if value is None else value,
                                                cp.label if label is None else label)
    changes: dict = {}
    if cv.normalized != cp.normalized or cv.value != cp.value:
        if cv.normalized != cp.normalized:
            _check_new_value(session, c, cv, allow_shared, editing=cp.id)
        changes["contact"] = (f"{cp.kind} {cp.value}", f"{cv.kind} {cv.value}")
        cp.value, cp.normalized, cp.search_key = cv.value, cv.normalized, cv.search_key
    if cv.label != cp.label:
        changes["label"] = (cp.label, cv.label)
        cp.label = cv.label
    if primary is not None and primary != cp.is_primary:
        changes["primary"] = (cp.is_primary, primary)
        if primary:
            _make_primary(session, cp)
        else:
            cp.is_primary = False
    if changes:
        audit(session, agent, "customer", c.id, "contact_update", changes)
    return _contact_row(cp)


def remove_contact(session: Session, contact_id, agent: Agent) -> None:
    """A tombstone (the row stays for the team's feed); a removed primary hands its place
    to another of its kind."""
    cp = resolve_contact(session, contact_id)
    cp.deleted = True
    if cp.is_primary:
        cp.is_primary = False
        rest = sorted((o for o in _live_contacts(session, cp.customer_id, cp.kind) if o is not cp),
                      key=lambda o: o.value)
        if rest:
            rest[0].is_primary = True
    audit(session, agent, "customer", cp.customer_id, "contact_remove", {"contact": (f"{cp.kind} {cp.value}", None)})
