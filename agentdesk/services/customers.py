"""Customers: finding one by name, phone or email, and the customer 360."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, func, literal, select
from sqlalchemy.orm import Session

from agentdesk import phones
from agentdesk.models import ACTIVE_STATUSES, ContactPoint, Customer, Feedback, Order, OrderItem, Product, Ticket
from agentdesk.services.common import InvalidValue, NotFound, parse_uuid


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
    value: str
    label: str
    is_primary: bool


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


def customer_360(session: Session, ref, inquiry_limit: int = 200, order_limit: int = 50) -> Customer360:
    """Everything an agent needs about a customer, in a handful of indexed queries."""
    c = resolve_customer(session, ref)
    contacts = [
        ContactRow(cp.kind, cp.value, cp.label, cp.is_primary)
        for cp in session.scalars(
            select(ContactPoint).where(ContactPoint.customer_id == c.id, ContactPoint.deleted.is_(False))
            .order_by(ContactPoint.kind, ContactPoint.is_primary.desc())
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
    fb_rows = session.execute(
        select(Feedback, Ticket.number).outerjoin(Ticket, Ticket.id == Feedback.ticket_id)
        .where(Feedback.customer_id == c.id, Feedback.deleted.is_(False)).order_by(Feedback.created_at.desc())
    ).all()
    feedback = [FeedbackRow(f.kind, f.score, f.comment, f.created_at, num) for f, num in fb_rows]
    csat = [f.score for f in feedback if f.kind == "csat"]
    return Customer360(
        id=c.id, name=c.name, language=c.language, segment=c.segment, vip_tier=c.vip_tier, notes=c.notes,
        created_at=c.created_at, lifetime_value=c.lifetime_value, contacts=contacts, products=products,
        orders=orders, inquiries=inquiries, inquiry_total=total, feedback=feedback,
        csat_average=(sum(csat) / len(csat)) if csat else None, open_tickets=open_count, channels_used=channels,
    )
