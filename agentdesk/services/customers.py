"""Customers: finding one by name, phone or email, and the customer 360."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agentdesk.models import ACTIVE_STATUSES, ContactPoint, Customer, Feedback, Order, OrderItem, Product, Ticket
from agentdesk.services.common import InvalidValue, NotFound, parse_uuid


def normalize_phone(raw: str) -> str:
    """Digits only, with +82 folded to the domestic 0 prefix: '+82 10-1234-5678' → '01012345678'."""
    digits = re.sub(r"\D", "", raw or "")
    if digits.startswith("82") and len(digits) >= 11:
        digits = "0" + digits[2:]
    return digits


def normalize_email(raw: str) -> str:
    return (raw or "").strip().lower()


def format_phone(digits: str) -> str:
    """'01012345678' → '010-1234-5678' (Korean mobile layout)."""
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


def find_customers(
    session: Session, *, phone: str | None = None, email: str | None = None, name: str | None = None,
    query: str | None = None, limit: int = 50,
) -> list[CustomerSummary]:
    """By phone (any layout, +82 or 0), email (case-insensitive) or name (prefix).

    ``query`` guesses which one the agent typed, for the search box.
    """
    if query is not None:
        q = query.strip()
        if not q:
            return []
        if "@" in q:
            email = q
        elif len(normalize_phone(q)) >= 4 and re.fullmatch(r"[\d\s+()-]+", q):
            phone = q
        else:
            name = q
    if phone:
        digits = normalize_phone(phone)
        if len(digits) < 4:
            raise InvalidValue(f"'{phone}' is not a phone number")
        # A full number matches exactly (indexed); a partial one by prefix, also indexed.
        cond = ContactPoint.normalized == digits if len(digits) >= 9 else ContactPoint.normalized.startswith(digits)
        stmt = select(ContactPoint.customer_id).where(ContactPoint.kind == "phone", cond, ContactPoint.deleted.is_(False))
    elif email:
        e = normalize_email(email)
        stmt = select(ContactPoint.customer_id).where(ContactPoint.kind == "email", ContactPoint.normalized == e,
                                                       ContactPoint.deleted.is_(False))
    elif name:
        # lower() on both sides: PostgreSQL's LIKE is case-sensitive, SQLite's is not (ASCII).
        # The range lets both use the lower(name) index; LIKE keeps the prefix exact.
        n = name.strip().lower()
        key = func.lower(Customer.name)
        stmt = (select(Customer.id)
                .where(key >= n, key < n + "\U0010ffff", key.startswith(n, autoescape=True), Customer.deleted.is_(False))
                .order_by(key))
    else:
        raise InvalidValue("give a phone number, an email address or a name")
    ids = list(dict.fromkeys(session.scalars(stmt.limit(limit))))
    return _summaries(session, ids)


def resolve_customer(session: Session, ref) -> Customer:
    u = ref if isinstance(ref, uuid.UUID) else parse_uuid(str(ref))
    c = session.get(Customer, u) if u else None
    if c is None or c.deleted:
        raise NotFound(f"no customer '{ref}'")
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
