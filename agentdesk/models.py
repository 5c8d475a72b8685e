"""The data model: SQLAlchemy 2 typed declarative classes.

Every synced table carries a client-generated UUID primary key, a server
revision (``rev``, 0 until the team server stamps it) and a soft-delete marker,
so that replicas (issue 4) can be added without reshaping the schema.
Timestamps are stored as UTC and always come back timezone-aware.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    Uuid,
    event,
    inspect,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from agentdesk import agent_states as _agent_states
from agentdesk import phones

# Stable constraint names, so Alembic batch migrations on SQLite can find them.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_id() -> uuid.UUID:
    return uuid.uuid4()


class UTCDateTime(TypeDecorator):
    """Stores naive UTC, returns aware UTC (SQLite keeps no zone of its own)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where UTC is required")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Synced:
    """Columns every replicated table has from the first schema on.

    ``rev`` is the team server's version stamp (``sync_clock.v`` of the transaction that
    last wrote the row; 0 = never stamped). Pulls range-scan it, hence the index.
    """

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    rev: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0", index=True)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


# --- vocabularies (validated in services; stored as short strings) ----------------
# StrEnum members equal their strings ("solved" == TicketStatus.SOLVED), so columns,
# the sync wire format and JSON output are unchanged; the names are what code spells.
class TicketStatus(StrEnum):
    NEW = "new"
    OPEN = "open"
    PENDING = "pending"
    ON_HOLD = "on_hold"
    SOLVED = "solved"
    CLOSED = "closed"


class Priority(StrEnum):
    URGENT = "urgent"
    HIGH = "high"
    NORMAL = "normal"
    LOW = "low"


class Channel(StrEnum):
    EMAIL = "email"
    CHAT = "chat"
    PHONE = "phone"
    SMS = "sms"
    SOCIAL = "social"
    WEB = "web"


class ChangeKind(StrEnum):
    """What moved, as the window's "changes" signal and a sync pull announce it."""

    TICKET = "ticket"
    FOLLOW_UP = "followup"
    CUSTOMER = "customer"
    KB_ARTICLE = "kb_article"
    TEMPLATE = "template"
    MENTION = "mention"
    SAVED_VIEW = "saved_view"
    AGENT = "agent"  # an agent's status, capacity or skills (the supervisor's wallboard)
    QUALITY_REVIEW = "quality_review"
    ROUTING = "routing"  # a team's routing rules (issue 13)
    PROTECTION = "protection"  # an agent-protection incident (issue 13: the lead's alert)
    AGENT_STATUS = "agent_status"  # the signed-in agent's own status moved (its id: the new status)
    TRAINING = "training"  # scenarios, assignments or attempts (issue 15: the Trainer console)


class Visibility(StrEnum):
    """Who a knowledge article is for: customers (it may be quoted in a reply) or agents only."""

    PUBLIC = "public"
    INTERNAL = "internal"


AGENT_ROLES = ("agent", "lead", "trainer", "admin")
# Who leads a team: shares views, reviews knowledge and quality, sets routing, supervises.
LEAD_ROLES = ("lead", "admin")
# The states an agent chooses (agentdesk/agent_states.py holds them, the old values and
# the derived "on a contact").
AGENT_STATUSES: tuple[str, ...] = tuple(_agent_states.CHOSEN)
CHANNELS: tuple[Channel, ...] = tuple(Channel)
TICKET_STATUSES: tuple[TicketStatus, ...] = tuple(TicketStatus)
ACTIVE_STATUSES = (TicketStatus.NEW, TicketStatus.OPEN, TicketStatus.PENDING, TicketStatus.ON_HOLD)
# Worked on: the agent's own open queue.
WORKING_STATUSES = (TicketStatus.NEW, TicketStatus.OPEN)
DONE_STATUSES = (TicketStatus.SOLVED, TicketStatus.CLOSED)
# Waiting on the customer or parked: the SLA clock stops (as in Zendesk).
PAUSED_STATUSES = (TicketStatus.PENDING, TicketStatus.ON_HOLD)
PRIORITIES: tuple[Priority, ...] = tuple(Priority)
PRIORITY_RANK: dict[str, int] = {Priority.URGENT: 0, Priority.HIGH: 1, Priority.NORMAL: 2, Priority.LOW: 3}
# Channels where the customer waits on the line: they are answered faster.
LIVE_CHANNELS = (Channel.CHAT, Channel.PHONE)
MESSAGE_DIRECTIONS = ("inbound", "outbound", "internal")
MESSAGE_KINDS = ("reply", "note", "call_log", "system")
ORDER_STATUSES = ("paid", "shipped", "delivered", "cancelled", "returned", "exchanged", "refunded")
PRODUCT_KINDS = ("credit_card", "check_card", "loan", "deposit", "subscription")
CONTACT_KINDS = ("email", "phone", "social")
VIP_TIERS = ("standard", "silver", "gold", "vip")


class Team(Synced, Base):
    __tablename__ = "teams"
    name: Mapped[str] = mapped_column(String(120), unique=True)


class Agent(Synced, Base):
    __tablename__ = "agents"
    login: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16), default="agent")
    status: Mapped[str] = mapped_column(String(_agent_states.STATUS_COLUMN_LENGTH), default="available")
    # When status last changed (UTC): the wallboard's time in state (agent_states.change).
    status_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    capacity: Mapped[int] = mapped_column(Integer, default=20)
    language: Mapped[str] = mapped_column(String(8), default="ko")
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("teams.id"), index=True)
    # What routing may give them (issue 13): {"channels", "languages", "categories"}, each a
    # list; empty limits nothing. Validated by agentdesk/routing.py check_skills.
    skills: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")


class Customer(Synced, Base):
    __tablename__ = "customers"
    name: Mapped[str] = mapped_column(String(120), index=True)
    # lower(name) reversed, so a given name ('민지' for 김민지) or a family name typed
    # last ('Kim' for Minji Kim) is an indexed prefix. Kept by the hook below.
    name_reversed: Mapped[str] = mapped_column(String(120), default="", index=True)
    language: Mapped[str] = mapped_column(String(8), default="ko")
    segment: Mapped[str] = mapped_column(String(32), default="retail")
    vip_tier: Mapped[str] = mapped_column(String(16), default="standard")
    notes: Mapped[str] = mapped_column(Text, default="")
    # Space-separated, spelt as ticket tags are ('vip-complaint'); see agentdesk/customer_rules.py.
    tags: Mapped[str] = mapped_column(String(500), default="", server_default="")
    # Sum of orders that were not cancelled or refunded, in won (demo data and order services).
    lifetime_value: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    contacts: Mapped[list[ContactPoint]] = relationship(back_populates="customer")


class ContactPoint(Synced, Base):
    __tablename__ = "contact_points"
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # email / phone / social
    value: Mapped[str] = mapped_column(String(200))  # as the customer wrote it
    # E.164 for phones, lower-case for emails and handles: what lookups match.
    normalized: Mapped[str] = mapped_column(String(200), index=True)
    label: Mapped[str] = mapped_column(String(32), default="")  # mobile / work / kakao …
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)
    # Phones: the digits reversed (the last 4 digits are an indexed prefix); emails: the
    # domain (for '@example'). Kept by the hook below; see agentdesk/phones.py.
    search_key: Mapped[str] = mapped_column(String(200), default="")
    # Mail to this address bounced (a DSN the gateway read, issue 14): when, and the
    # remote server's words. Replies still go to it; the desk shows the mark.
    bounced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    bounce_reason: Mapped[str | None] = mapped_column(String(300))

    customer: Mapped[Customer] = relationship(back_populates="contacts")

    __table_args__ = (Index("ix_contact_points_search_key_kind", "search_key", "kind"),)


# Every ORM writer gets the lookup keys right (services, tests, the sync server's
# inserts); the demo's bulk writers compute the same keys with agentdesk/phones.py.
@event.listens_for(Customer, "before_insert")
@event.listens_for(Customer, "before_update")
def _customer_keys(mapper, connection, target: Customer) -> None:
    target.name_reversed = phones.name_reversed(target.name)


@event.listens_for(ContactPoint, "before_insert")
@event.listens_for(ContactPoint, "before_update")
def _contact_keys(mapper, connection, target: ContactPoint) -> None:
    state = inspect(target).attrs
    if target.value and (not target.normalized or (state.value.history.has_changes()
                                                   and not state.normalized.history.has_changes())):
        # A new value that its writer did not normalise (an edit): its keys follow it.
        target.normalized = phones.contact_normalized(target.kind, target.value)
    elif target.kind == "phone":
        target.normalized = phones.to_e164(target.normalized or target.value)
    target.search_key = phones.contact_search_key(target.kind, target.normalized or "")


class Product(Synced, Base):
    """A product the customer holds, with its limit (the 한도조회 question)."""

    __tablename__ = "products"
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    name: Mapped[str] = mapped_column(String(120))
    account_last4: Mapped[str] = mapped_column(String(4), default="")
    status: Mapped[str] = mapped_column(String(16), default="active")
    limit_amount: Mapped[int] = mapped_column(BigInteger, default=0)  # won
    used_amount: Mapped[int] = mapped_column(BigInteger, default=0)  # card usage / loan balance
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def available_amount(self) -> int:
        return max(self.limit_amount - self.used_amount, 0)


class Order(Synced, Base):
    __tablename__ = "orders"
    number: Mapped[str] = mapped_column(String(32), unique=True)
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customers.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="paid")
    total: Mapped[int] = mapped_column(BigInteger, default=0)
    currency: Mapped[str] = mapped_column(String(3), default="KRW")
    ordered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    items: Mapped[list[OrderItem]] = relationship(back_populates="order", order_by="OrderItem.name")


class OrderItem(Synced, Base):
    __tablename__ = "order_items"
    order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("orders.id"), index=True)
    sku: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    unit_price: Mapped[int] = mapped_column(BigInteger, default=0)

    order: Mapped[Order] = relationship(back_populates="items")


class Ticket(Synced, Base):
    __tablename__ = "tickets"
    # Human-friendly number agents read out on the phone ("#1042").
    number: Mapped[int] = mapped_column(BigInteger, unique=True)
    subject: Mapped[str] = mapped_column(String(300))
    channel: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="new")
    priority: Mapped[str] = mapped_column(String(16), default="normal")
    # 0 urgent … 3 low: sortable without a CASE expression over a million rows.
    priority_rank: Mapped[int] = mapped_column(Integer, default=2)
    category: Mapped[str] = mapped_column(String(64), default="")
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customers.id"))
    assignee_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agents.id"))
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("teams.id"))
    order_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("orders.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sla_first_response_due: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sla_resolution_due: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The deadline that matters now: first-response due until answered, then resolution
    # due; NULL once solved. One indexed column makes "SLA at risk" a range scan.
    sla_next_due: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_response_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    solved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reopen_count: Mapped[int] = mapped_column(Integer, default=0)
    message_count: Mapped[int] = mapped_column(Integer, default=0)
    # Outbound replies plus call logs (rules.message_effects keeps it): first contact
    # resolution reads it instead of counting a million tickets' messages (migration 0019).
    agent_contact_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Space-separated, for display; the ticket_tags table is what filters use.
    tags_text: Mapped[str] = mapped_column(String(500), default="")
    merged_into_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("tickets.id"))

    # Pages of numbers are read from an index alone (OFFSET deep into a million rows never
    # touches the table), then only the page is joined for display. Each index carries
    # `deleted` and `status` so view filters are answered from the index too.
    __table_args__ = (
        Index("ix_tickets_updated", "updated_at", "number", "deleted", "status"),
        Index("ix_tickets_status_updated", "status", "updated_at", "number", "deleted"),
        Index("ix_tickets_assignee_status_updated", "assignee_id", "status", "updated_at", "number", "deleted"),
        # One agent's tickets of every status in update order (the assignee filter; 0033).
        Index("ix_tickets_assignee_updated", "assignee_id", "updated_at", "number", "deleted", "status"),
        Index("ix_tickets_priority_updated", "priority_rank", text("updated_at DESC"), text("number DESC"), "deleted", "status"),
        Index("ix_tickets_channel_updated", "channel", "updated_at", "number", "deleted", "status"),
        Index("ix_tickets_sla_next_due", "sla_next_due", "number", "deleted"),
        Index("ix_tickets_number_deleted", "number", "deleted", "status"),
        Index("ix_tickets_customer_created", "customer_id", "created_at"),
        # Saved views filter by team and by arrival time ("created in the last 7 days"):
        # counted and paged from these as the built-in views are (migration 0012).
        Index("ix_tickets_team_status_updated", "team_id", "status", "updated_at", "number", "deleted"),
        Index("ix_tickets_created", "created_at", "number", "deleted", "status"),
        Index("ix_tickets_merged_into", "merged_into_id"),
        # Partial (tombstones only) as migration 0003 creates it; its PostgreSQL twin is
        # declared there only, because a postgresql_where here imports that dialect at start.
        Index("ix_tickets_deleted", "deleted", sqlite_where=text("deleted IS 1")),
        # The wallboard's queue: unsolved tickets only, every column it counts (migration 0024;
        # its PostgreSQL twin is declared there, as above).
        Index("ix_tickets_queue", "team_id", "channel", "priority_rank", "status", "assignee_id", "first_response_at",
              "created_at", "sla_next_due", "deleted", "merged_into_id",
              sqlite_where=text("status IN ('new', 'open', 'pending', 'on_hold') AND deleted IS 0")),
    )


class TicketTag(Synced, Base):
    __tablename__ = "ticket_tags"
    ticket_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tickets.id"))
    tag: Mapped[str] = mapped_column(String(64))
    __table_args__ = (
        UniqueConstraint("ticket_id", "tag", name="uq_ticket_tags_ticket_tag"),
        Index("ix_ticket_tags_tag", "tag", "ticket_id"),
    )


class Message(Synced, Base):
    __tablename__ = "messages"
    ticket_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tickets.id"))
    direction: Mapped[str] = mapped_column(String(16))  # inbound / outbound / internal
    kind: Mapped[str] = mapped_column(String(16), default="reply")
    channel: Mapped[str] = mapped_column(String(16))
    body: Mapped[str] = mapped_column(Text)
    author_agent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agents.id"))
    author_name: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    external_id: Mapped[str | None] = mapped_column(String(200), unique=True)
    # A public reply's delivery by the gateway (issue 14, gateway/outbox.py): None until it
    # is queued, then queued / sending / sent / unknown / failed / bounced (DELIVERY_STATES).
    delivery: Mapped[str | None] = mapped_column(String(16))
    __table_args__ = (
        Index("ix_messages_ticket_created", "ticket_id", "created_at"),
        # The outbox's enqueue: public replies not yet queued, by channel and time (replies on
        # channels this gateway does not send stay out of its range; migration 0026, its
        # PostgreSQL twin is declared there, as for ix_tickets_queue).
        Index("ix_messages_undelivered", "channel", "created_at",
              sqlite_where=text("direction = 'outbound' AND kind = 'reply' AND delivery IS NULL")),
    )


class Mention(Synced, Base):
    """An agent @mentioned in an internal note (agentdesk/mention_rules.py). Written with
    the note: by the local services, optimistically by a team desk, and by the team
    server, which derives it from the note text itself. The id is derived from (message,
    agent), so those three are one row."""

    __tablename__ = "mentions"
    message_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("messages.id"))
    ticket_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tickets.id"))
    mentioned_agent_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agents.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the mentioned agent opened the ticket
    # This desk's own marker (never sent, kept across pulls): the toast was shown, so a
    # restart does not show it again.
    notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    __table_args__ = (
        UniqueConstraint("message_id", "mentioned_agent_id", name="uq_mentions_message_agent"),
        # "My unread mentions" and the Mentions view: one agent's rows, a range scan.
        Index("ix_mentions_agent_read", "mentioned_agent_id", "read_at", "created_at"),
        Index("ix_mentions_agent_ticket", "mentioned_agent_id", "ticket_id"),
    )


class Attachment(Synced, Base):
    """A file sent with a reply or note (issue 12). What the desks pull; the bytes are in
    ``attachment_blobs`` under their SHA-256 (one copy however often a file is sent).
    ``filename`` is for display only and never a path; ``mime_type`` and ``size`` are
    what the content says (services/attachments.py sniffs it; the team server again)."""

    __tablename__ = "attachments"
    message_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("messages.id"))
    ticket_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tickets.id"))
    filename: Mapped[str] = mapped_column(String(255))
    mime_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Only so that one flush inserts the message before its attachments (the unit of work
    # orders rows by relationships, not by foreign keys alone).
    message: Mapped[Message] = relationship(lazy="raise")
    __table_args__ = (
        Index("ix_attachments_message", "message_id"),
        Index("ix_attachments_ticket", "ticket_id"),
        Index("ix_attachments_sha256", "sha256"),
    )


class AttachmentBlob(Base):
    """An attachment's bytes, content-addressed (key: SHA-256 of the bytes, computed by
    whoever stores them, never taken from a client). Kept in the database, not in files
    beside it: a workspace backup (SQLite's online backup), a move-aside of a damaged
    workspace and a PostgreSQL dump carry them with the rows that name them, in the same
    transaction. Not in the change feed: desks fetch content on demand (a cache here)."""

    __tablename__ = "attachment_blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    mime_type: Mapped[str] = mapped_column(String(100))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AttachmentUpload(Base):
    """Server: who uploaded which content. A message may name only content its author
    uploaded (or that is already on a ticket they can see): knowing a hash is not having
    the file, so another team's attachment cannot be re-attached and read by its hash."""

    __tablename__ = "attachment_uploads"
    agent_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agents.id", ondelete="CASCADE"), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class FollowUp(Synced, Base):
    __tablename__ = "follow_ups"
    agent_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agents.id"))
    ticket_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customers.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    notes: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(16), default="follow_up")  # follow_up / callback
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open / done
    rrule: Mapped[str] = mapped_column(String(200), default="")
    # The IANA zone the agent was in when it was made: a recurring "every Monday 09:00"
    # stays at 09:00 local time across a daylight-saving change.
    tz: Mapped[str] = mapped_column(String(64), default="", server_default="")
    # When to remind next, if not at due_at (a snooze moves this, not the due time).
    remind_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The UID an .ics import carried, so importing the same file again updates, not duplicates.
    ical_uid: Mapped[str | None] = mapped_column(String(255))
    __table_args__ = (
        Index("ix_follow_ups_agent_due", "agent_id", "status", "due_at"),
        UniqueConstraint("agent_id", "ical_uid", name="uq_follow_ups_agent_ical_uid"),
    )


class Template(Synced, Base):
    __tablename__ = "templates"
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(64), default="")
    language: Mapped[str] = mapped_column(String(8), default="ko")
    shortcut: Mapped[str] = mapped_column(String(32), default="")
    scope: Mapped[str] = mapped_column(String(16), default="team")  # team / personal
    owner_agent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agents.id"))
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("teams.id"))
    macro: Mapped[dict] = mapped_column(JSON, default=dict)  # fields a macro also sets
    # Values asked of the agent on insert: [{"name", "label", "type", "required"}].
    prompts: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")
    usage_count: Mapped[int] = mapped_column(Integer, default=0)


class SavedView(Synced, Base):
    """An agent's own inbox view, or one a lead shares with a team (issue 12).

    ``spec`` is the filters and sort as JSON, validated by services/view_spec.py wherever
    it is read or written (a view from a newer desk, or a hostile one, is skipped with one
    line). Personal: ``owner_agent_id`` is the agent, ``team_id`` None. Team: ``team_id``
    is the team whose agents see it (read-only), ``owner_agent_id`` the lead who made it.
    Who may write which is rules.check_view_write, on the desk and the team server alike."""

    __tablename__ = "saved_views"
    name: Mapped[str] = mapped_column(String(60))
    scope: Mapped[str] = mapped_column(String(16), default="personal")  # personal / team
    owner_agent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agents.id"), index=True)
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("teams.id"), index=True)
    spec: Mapped[dict] = mapped_column(JSON, default=dict)
    position: Mapped[int] = mapped_column(Integer, default=0)  # the agent's own order in the list
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class TemplateUsage(Synced, Base):
    """How often one agent used one template: "most used by me" ordering."""

    __tablename__ = "template_usage"
    agent_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agents.id"))
    template_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("templates.id"))
    uses: Mapped[int] = mapped_column(Integer, default=0)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    __table_args__ = (UniqueConstraint("agent_id", "template_id", name="uq_template_usage_agent_template"),)


class KnowledgeArticle(Synced, Base):
    __tablename__ = "kb_articles"
    external_id: Mapped[str | None] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(64), default="")
    tags: Mapped[list] = mapped_column(JSON, default=list)
    language: Mapped[str] = mapped_column(String(8), default="ko")
    status: Mapped[str] = mapped_column(String(16), default="published")
    helpful: Mapped[int] = mapped_column(Integer, default=0)
    not_helpful: Mapped[int] = mapped_column(Integer, default=0)
    # Knowledge sharing: an agent's proposal (status 'proposed') of a new article, or of
    # an edit to the article named by proposal_of_id; a lead publishes or rejects it.
    proposed_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agents.id"))
    proposal_of_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("kb_articles.id"), index=True)
    review_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # public: may be quoted to customers; internal: agents' procedures (asked before a reply quotes it).
    visibility: Mapped[str] = mapped_column(String(16), default=Visibility.PUBLIC, server_default="public")
    # The integer key of this article's rows in the local full-text index (SQLite FTS5
    # rowids are integers; the primary key is a UUID). Local to each database.
    search_key: Mapped[int | None] = mapped_column(Integer, unique=True)


class ArticleUse(Synced, Base):
    """An article used on a ticket (link / excerpt / draft inserted into a reply)."""

    __tablename__ = "article_uses"
    article_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("kb_articles.id"), index=True)
    ticket_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    agent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agents.id"))
    kind: Mapped[str] = mapped_column(String(16))  # link / excerpt / draft
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ArticleVote(Synced, Base):
    """One agent's helpful / not helpful on one article (changing it moves the counters)."""

    __tablename__ = "article_votes"
    article_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("kb_articles.id"))
    agent_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agents.id"))
    ticket_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("tickets.id"))
    helpful: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    __table_args__ = (UniqueConstraint("article_id", "agent_id", name="uq_article_votes_article_agent"),)


class KbSynonym(Synced, Base):
    """A team's knowledge-search synonym (issue 16, kb_learning_rules.py): a phrase customers
    say and the article words it adds to a query; approved (searched) or dismissed (a
    proposal a lead said no to). Its id is derived from the team and the phrase."""

    __tablename__ = "kb_synonyms"
    team_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("teams.id"), index=True)
    phrase: Mapped[str] = mapped_column(String(40))
    words: Mapped[str] = mapped_column(String(120), default="")
    status: Mapped[str] = mapped_column(String(16), default="approved")
    updated_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agents.id"))


class KbAssociation(Base):
    """Learned from use (issue 16): how strongly a query term led a team to an article
    (weight as of ``at``; it halves every kb_learning_rules.HALF_LIFE_DAYS). Local to each
    database and derived from article_uses, article_votes and messages: never synced
    (services/kb_learning.py rebuilds it)."""

    __tablename__ = "kb_associations"
    team_key: Mapped[str] = mapped_column(String(36), primary_key=True)  # the team's id, '' for none
    term: Mapped[str] = mapped_column(String(40), primary_key=True)
    article_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    weight: Mapped[float] = mapped_column(Float)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The article's own text has the term (when last learned): its text score counts it already.
    in_text: Mapped[bool] = mapped_column(Boolean, default=False)


class KbVector(Base):
    """An article's meaning vector for knowledge search (issue 16, services/kb_semantic.py):
    the embedding model's vector of its title and the start of its body, float16. Local to
    each database and derived from the article: never synced (rebuilt when missing, when
    the article changed since, or when another model made it)."""

    __tablename__ = "kb_vectors"
    article_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    model: Mapped[str] = mapped_column(String(64))
    text_hash: Mapped[str] = mapped_column(String(40))  # of the text embedded (an unchanged text is not redone)
    article_updated_at: Mapped[datetime] = mapped_column(UTCDateTime)  # the article's updated_at when embedded
    vec: Mapped[bytes] = mapped_column(LargeBinary)


class KbMeaning(Synced, Base):
    """An article's meaning vector as the team server computed it (issue 16,
    server/kb_meaning.py): written by the server alone, pulled by every desk that may read
    the article, which copies it into its own ``kb_vectors`` when ``text_hash`` says it is
    of the text the desk has (services/kb_semantic.py), instead of running the model on
    every article at every desk. ``id`` is the article's id."""

    __tablename__ = "kb_meanings"
    model: Mapped[str] = mapped_column(String(64))
    text_hash: Mapped[str] = mapped_column(String(40))
    article_updated_at: Mapped[datetime] = mapped_column(UTCDateTime)  # the server's bookkeeping
    vec: Mapped[bytes] = mapped_column(LargeBinary)


class KbLearned(Base):
    """Which uses and helpful votes kb_associations already holds (local, like it)."""

    __tablename__ = "kb_learned"
    source_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)


class Feedback(Synced, Base):
    """CSAT (1–5) and NPS (0–10) answers."""

    __tablename__ = "feedback"
    ticket_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # csat / nps
    score: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AuditEntry(Base):
    """Append-only: services only ever insert (issue 4 enforces it in PostgreSQL)."""

    __tablename__ = "audit_log"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    rev: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0", index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_agent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agents.id"))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    action: Mapped[str] = mapped_column(String(32))
    changes: Mapped[dict] = mapped_column(JSON, default=dict)  # field: [old, new]
    __table_args__ = (Index("ix_audit_entity", "entity_id", "at"),)


class Draft(Base):
    """Local-only: a reply being typed survives a restart or crash. Not synced."""

    __tablename__ = "drafts"
    ticket_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    agent_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    mode: Mapped[str] = mapped_column(String(8), default="reply")  # reply / note
    body: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # A macro's field changes waiting for this reply (templates.StagedChanges as JSON), or None.
    staged: Mapped[dict | None] = mapped_column(JSON)


class DraftAttachment(Base):
    """Local-only: a file waiting in the composer, part of the agent's draft of that
    ticket (kept when they switch tickets, dropped with the draft). Bytes in
    ``attachment_blobs``. Not synced."""

    __tablename__ = "draft_attachments"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    ticket_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    agent_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    filename: Mapped[str] = mapped_column(String(255))
    mime_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    __table_args__ = (Index("ix_draft_attachments_draft", "ticket_id", "agent_id", "created_at"),)


class WorkspaceSetting(Base):
    """Small key/value facts about this workspace (e.g. which agent is signed in)."""

    __tablename__ = "workspace_settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


# --- sync (issue 4; protocol in agentdesk/sync/__init__.py) ------------------------
# Every table exists on both backends so one migration chain serves both; the comments
# say which side uses it.


class SyncClock(Base):
    """Server: the one counter row. Each sync write transaction bumps ``v`` last and
    stamps its rows with it; ``epoch`` changes when the server is restored or reseeded."""

    __tablename__ = "sync_clock"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    v: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    epoch: Mapped[uuid.UUID] = mapped_column(Uuid, default=new_id)


class SyncMutation(Base):
    """Server: every mutation applied (or rejected), recorded in the same transaction, so
    a replay returns the stored result and changes nothing."""

    __tablename__ = "sync_mutations"
    mutation_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    client_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    agent_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)  # None: the login was unknown
    result: Mapped[dict] = mapped_column(JSON, default=dict)
    version: Mapped[int | None] = mapped_column(BigInteger)  # None until stamped
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SyncConflict(Synced, Base):
    """Both sides: a write that lost a merge or was rejected. Written by the server, pulled
    by the agents involved (``agent_id`` lost; ``other_agent_id`` won or lost to it)."""

    __tablename__ = "sync_conflicts"
    mutation_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    agent_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    other_agent_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    kind: Mapped[str] = mapped_column(String(16))  # conflict / rejected
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    field: Mapped[str] = mapped_column(String(32), default="")
    mine: Mapped[str | None] = mapped_column(Text)  # the value the losing write wanted
    theirs: Mapped[str | None] = mapped_column(Text)  # the value that stayed
    resolution: Mapped[str] = mapped_column(String(24))  # kept_server / applied / note / rejected
    message: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SyncOutbox(Base):
    """Client: local edits not yet covered by the pulled cursor, oldest (``seq``) first."""

    __tablename__ = "sync_outbox"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    mutation_id: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True)
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    op: Mapped[str] = mapped_column(String(32))
    base_version: Mapped[int] = mapped_column(BigInteger, default=0)
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The server version that applied it; the row goes once the pulled cursor reaches it.
    acked_version: Mapped[int | None] = mapped_column(BigInteger)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    # AUTOINCREMENT: sequence numbers are never reused, even after the queue empties.
    __table_args__ = {"sqlite_autoincrement": True}


class SyncState(Base):
    """Client: cursor (epoch, version), client id, last sync time."""

    __tablename__ = "sync_state"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Presence(Base):
    """Server: who has which ticket open right now (issue 5, agentdesk/server/presence.py).

    One row per agent, rewritten by a heartbeat every few seconds and ignored once
    ``seen_at`` (the server's clock, UTC) is older than the time-to-live. Ephemeral: not
    in the change feed, no ``rev``; a replica leaves the table empty."""

    __tablename__ = "presence"
    agent_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agents.id", ondelete="CASCADE"), primary_key=True)
    ticket_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    activity: Mapped[str] = mapped_column(String(16), default="viewing")  # viewing / replying
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AgentCredential(Base):
    """Server: an agent's password, as an Argon2id hash (agentdesk/server/auth.py).

    Never in the change feed and never granted to the agents' roles: only the server's
    own database role reads it, so no desk ever holds a hash."""

    __tablename__ = "agent_credentials"
    agent_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agents.id", ondelete="CASCADE"), primary_key=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ServerSession(Base):
    """Server: a desk's sign-in. The desk keeps the token (OS keyring); the server keeps
    only its SHA-256, so a read of this table signs nobody in. Expires, or an admin
    revokes it (`agentdesk admin sessions --revoke LOGIN`)."""

    __tablename__ = "server_sessions"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    agent_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agents.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    client: Mapped[str] = mapped_column(String(200), default="")  # the desk's name and version, for admins
    address: Mapped[str] = mapped_column(String(64), default="")  # where it signed in from


# --- quality reviews (issue 13: a lead scores handled tickets on a rubric) -----------
class Rubric(Synced, Base):
    """What a quality review scores: items as data, validated by agentdesk/review_rules.py
    wherever they are read or written. ``team_id`` None is the workspace's default (the
    bundled one, seeded by migration 0021); a team's own active rubric comes first.
    ``items``: [{"key", "label_en", "label_ko", "weight", "max_points", "auto_fail"}]."""

    __tablename__ = "rubrics"
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("teams.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    items: Mapped[list] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")


class QualityReview(Synced, Base):
    """A lead's review of one handled ticket of one agent (at most one review a ticket).

    ``score`` (0–100) and ``failed`` are computed from ``scores`` by review_rules.score_of
    on the desk and again on the team server: never taken from a desk. ``team_id`` is the
    reviewed agent's team when reviewed: who may read it goes by that (row-level security)."""

    __tablename__ = "quality_reviews"
    ticket_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tickets.id"))
    agent_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agents.id"))  # the reviewed agent
    reviewer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agents.id"))
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("teams.id"))
    rubric_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("rubrics.id"))
    scores: Mapped[dict] = mapped_column(JSON, default=dict)  # {item key: points}
    comments: Mapped[dict] = mapped_column(JSON, default=dict)  # {item key: text}
    comment: Mapped[str] = mapped_column(Text, default="", server_default="")  # the overall comment
    score: Mapped[float] = mapped_column(Float, default=0.0)
    failed: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    __table_args__ = (
        # One review a ticket; "not yet reviewed" is a lookup of this index while sampling.
        UniqueConstraint("ticket_id", name="uq_quality_reviews_ticket_id"),
        Index("ix_quality_reviews_agent_created", "agent_id", "created_at"),
        Index("ix_quality_reviews_team_created", "team_id", "created_at"),
    )
# --- routing (issue 13; the rules in agentdesk/routing.py) ------------------------------------
class RoutingRules(Synced, Base):
    """A team's routing rule set: how new tickets are assigned (``mode``: manual,
    round_robin, least_loaded, skills) and the priority rules (a JSON list validated by
    routing.check_rule_set). One row per team, its id derived from the team
    (routing.rules_id). Pulled by the team's desks; written by its leads and admins."""

    __tablename__ = "routing_rules"
    team_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("teams.id"), unique=True)
    mode: Mapped[str] = mapped_column(String(16), default="manual")
    priority_rules: Mapped[list] = mapped_column(JSON, default=list)
    updated_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agents.id"))


class RoutingState(Base):
    """Round robin's pointer per team: who got the last routed ticket. Kept where the
    routing runs (the team server, or the embedded workspace), never pulled: the
    ticket.create handler locks this row, so two desks' new tickets are routed one after
    the other from a pointer that is never stale."""

    __tablename__ = "routing_state"
    team_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("teams.id"), primary_key=True)
    last_assigned_agent_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RoutingEscalation(Base):
    """An age rule that already raised a ticket's priority: each applies at most once per
    ticket (the audit entry says so too; this is what the periodic check reads, by key)."""

    __tablename__ = "routing_escalations"
    ticket_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tickets.id"), primary_key=True)
    rule: Mapped[str] = mapped_column(String(64), primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
# --- agent protection (issue 13; agentdesk/protection_rules.py) ---------------------------
class ProtectionIncident(Synced, Base):
    """One step an agent took against an abusive contact (Korean Occupational Safety and
    Health Act art. 41): a warning script sent (``message_id``: the reply or call log
    that carried it), the contact ended with a reason, a protective break. Recorded by
    the agent for themselves on a ticket of their team; the agent sees their own, the
    team's lead the team's. Never edited: a record, not a state."""

    __tablename__ = "protection_incidents"
    agent_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agents.id"))
    ticket_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tickets.id"))
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("teams.id"))
    kind: Mapped[str] = mapped_column(String(16))  # warning_1 / warning_2 / ended / break
    reason: Mapped[str] = mapped_column(Text, default="")
    message_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("messages.id"))
    # A break taken under art. 41: rest the agent is owed, not idle time (protection_rules.is_protective).
    protective: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # This desk's own marker (never sent, kept across pulls): the lead's alert was shown.
    notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    __table_args__ = (
        # Today's incidents of a team (wallboard, the lead's alerts): a range scan.
        Index("ix_protection_incidents_team_created", "team_id", "created_at"),
        # A ticket's incidents (its warnings so far).
        Index("ix_protection_incidents_ticket_kind", "ticket_id", "kind"),
        # The contacts ended as abusive, which handle time and quality sampling leave out.
        Index("ix_protection_incidents_kind_ticket", "kind", "ticket_id"),
        Index("ix_protection_incidents_agent_created", "agent_id", "created_at"),
    )
# --- supervisor metrics (issue 13; docs/metrics.md) -----------------------------------
class WorkSession(Synced, Base):
    """Time an agent spent on a ticket: talk, hold or after-contact work on a call, worked
    time on a written ticket (kpi.WORK_KINDS). Handle time is the sum per ticket
    (services/metrics.py). An agent records only their own (services/work_time.py, and the
    team server's ``work.log`` handler); a lead sees their team's."""

    __tablename__ = "work_sessions"
    agent_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agents.id"))
    ticket_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tickets.id"))
    # The ticket's team when the work was done (whoever records it sets it from the ticket):
    # a team's handle time is read from the index below without a lookup of each ticket
    # (joining 300,000 sessions of 90 days to their tickets took 1.2 s at 1M tickets).
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("teams.id"))
    kind: Mapped[str] = mapped_column(String(8))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    seconds: Mapped[int] = mapped_column(Integer)
    __table_args__ = (
        # Handle time over a period reads (started, team, ticket, seconds) from this index alone.
        Index("ix_work_sessions_started", "started_at", "team_id", "ticket_id", "seconds", "deleted"),
        Index("ix_work_sessions_ticket", "ticket_id"),
        Index("ix_work_sessions_agent_started", "agent_id", "started_at"),  # one agent's day: a few rows
    )


# Solved per day and per agent today (the wallboard, the 7/30-day charts): a range of solved_at.
Index("ix_tickets_solved_kpi", Ticket.solved_at, Ticket.team_id, Ticket.assignee_id, Ticket.deleted, Ticket.merged_into_id,
      Ticket.created_at)
# The KPI cohort (tickets created in a period) read from one index, without the table: every
# column `agentdesk metrics` counts by. Measured at 1M tickets, 167,000 in 90 days: the two
# passes over the cohort took 0.83 s through table lookups (benchmarks/README.md).
Index("ix_tickets_metrics", Ticket.created_at, Ticket.deleted, Ticket.merged_into_id, Ticket.team_id, Ticket.channel,
      Ticket.status, Ticket.reopen_count, Ticket.agent_contact_count, Ticket.first_response_at, Ticket.solved_at,
      Ticket.sla_first_response_due, Ticket.sla_resolution_due)
# CSAT and NPS over a period: a range of this index, without the table.
Index("ix_feedback_created", Feedback.created_at, Feedback.kind, Feedback.score, Feedback.ticket_id)
# --- channels (issue 14; services/channels.py) ----------------------------------------------
class ChannelKey(Base):
    """What the intake has seen, by key (services/channels.py): a channel's message id
    (dedupe: seen once), a mail Message-ID, ours or theirs (mail threading: In-Reply-To and
    References find the ticket), a conversation (chat session, SMS or social thread, call:
    its current ticket). ``key`` is the SHA-256 of (scope, value), so a Message-ID of any
    length is one fixed-size primary-key lookup. Kept where the intake runs (the team
    database or the embedded workspace), never pulled by desks."""

    __tablename__ = "channel_keys"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    scope: Mapped[str] = mapped_column(String(24))  # "mail", "conv:<channel>", "<channel>"
    value: Mapped[str] = mapped_column(Text)  # the id as received (clipped), for people reading it
    ticket_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("tickets.id", ondelete="SET NULL"))
    message_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)  # the messages row it arrived as (or was sent as)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    __table_args__ = (Index("ix_channel_keys_ticket", "ticket_id"),)


# --- FAQ auto-response (issue 14; the rules in agentdesk/autoresponse_rules.py) -------------
class AutoresponseSettings(Synced, Base):
    """A team's automatic answers on one channel: on or off, the confidence threshold and
    the article categories it may answer. One row per (team, channel), its id derived
    from them (autoresponse_rules.settings_id). Pulled by the team's desks; written by its
    leads and admins (the team server's ``autoresponse.save``)."""

    __tablename__ = "autoresponse_settings"
    team_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("teams.id"))
    channel: Mapped[str] = mapped_column(String(16))
    enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    threshold: Mapped[float] = mapped_column(Float, default=0.6)
    categories: Mapped[list] = mapped_column(JSON, default=list)
    updated_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agents.id"))
    __table_args__ = (UniqueConstraint("team_id", "channel", name="uq_autoresponse_settings_team_channel"),)


# --- phone calls from a telephony system (issue 14: gateway/phone_hooks.py, services/calls.py) ---
class Call(Base):
    """Gateway: one call a telephony system told us about, from its first event to the call
    log written when it ended (call_rules.py). Not synced: desks see the call log and the
    work sessions it wrote, which are."""

    __tablename__ = "calls"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    call_id: Mapped[str] = mapped_column(String(100), unique=True)  # the telephony system's id
    direction: Mapped[str] = mapped_column(String(8), default="inbound")
    from_number: Mapped[str] = mapped_column(String(20), default="")
    to_number: Mapped[str] = mapped_column(String(20), default="")
    agent_login: Mapped[str] = mapped_column(String(64), default="")
    ringing_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The ended event said whether (and when) the call was answered; without that, the call
    # waits for its answered event before its log is written.
    answered_known: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    ticket_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("tickets.id"))
    message_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("messages.id"))
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CallEventRow(Base):
    """Gateway: each call event taken, once: a replay (same call, event and time) is found
    here and changes nothing."""

    __tablename__ = "call_events"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    call_id: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(8))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    __table_args__ = (UniqueConstraint("call_id", "kind", "at", name="uq_call_events_call_kind_at"),)


# --- web chat (issue 14: the widget on the company's site, agentdesk/server/webchat.py) ---
class ChatConversation(Base):
    """Server: one visitor's chat. The visitor holds a random token; only its SHA-256 is
    kept, so a read of this table lets nobody into a chat. ``ticket_id`` is the chat
    ticket the first message became; ``email`` what the visitor left for a reply after
    hours. Not in the change feed; the server's own role alone reads it."""

    __tablename__ = "chat_conversations"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    ticket_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("tickets.id", ondelete="SET NULL"), index=True)
    email: Mapped[str] = mapped_column(String(254), default="")
    name: Mapped[str] = mapped_column(String(80), default="")
    origin: Mapped[str] = mapped_column(String(200), default="")  # the page's origin it came from
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# --- the gateway (issue 14; docs/gateway.md) ----------------------------------------------
# Server side only (the gateway runs beside the team server, or on a one-person desk's
# embedded workspace): not in the change feed. What desks see of it is messages.delivery.
DELIVERY_STATES = ("queued", "sending", "sent", "unknown", "failed", "bounced")


class Outbound(Base):
    """One reply to send (gateway/outbox.py): the whole MIME and its Message-ID fixed when
    it is queued, so a retry sends the same bytes. ``state``: queued → sending →
    data_started → sent, or failed / unknown (outbox.STATES)."""

    __tablename__ = "outbound"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    # The reply it delivers: queued once (the unique constraint is the enqueue's guard).
    message_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("messages.id"), unique=True)
    ticket_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tickets.id"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16), default="queued")
    recipient: Mapped[str] = mapped_column(String(320), default="")
    # Mail: our own signed Message-ID without <> (bounces and the Sent folder are matched by it).
    message_id_header: Mapped[str] = mapped_column(String(300), default="", index=True)
    payload: Mapped[bytes] = mapped_column(LargeBinary)  # mail: the MIME; other channels: JSON
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    __table_args__ = (Index("ix_outbound_state_next", "state", "next_attempt_at"),)


class MailCursor(Base):
    """The last UID read from one IMAP folder (gateway/imap.py): mail above it is new.
    ``folder_key`` is user@host:port/folder; a new UIDVALIDITY starts the folder over."""

    __tablename__ = "mail_cursors"
    folder_key: Mapped[str] = mapped_column(String(400), primary_key=True)
    uidvalidity: Mapped[int] = mapped_column(BigInteger)
    last_uid: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class FailedMail(Base):
    """A mail the gateway could not take in (it did not parse, or intake refused it), kept
    whole for the admin (`agentdesk gateway failed`); the folder's cursor moved past it."""

    __tablename__ = "failed_mail"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    folder_key: Mapped[str] = mapped_column(String(400))
    uid: Mapped[int] = mapped_column(BigInteger)
    error: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(BigInteger, default=0)
    raw: Mapped[bytes | None] = mapped_column(LargeBinary)  # None when too big to keep
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    __table_args__ = (Index("ix_failed_mail_created", "created_at"),)


# --- webhook intake (issue 14; agentdesk/gateway/http.py) ----------------------------------
class ChannelEvent(Base):
    """A webhook event the gateway took: (endpoint, vendor's event id) once, inserted in the
    same transaction as the message it made, so a replayed delivery (same id, same valid
    signature) is refused and stores nothing. Gateway-only: no ``rev``, never pulled, no
    agent role may read it (server/security.py names it nowhere)."""

    __tablename__ = "channel_events"
    endpoint: Mapped[str] = mapped_column(String(64), primary_key=True)  # the gateway config's endpoint name
    event_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)  # pruning reads it


# --- training (issue 15; the rules in agentdesk/training_rules.py) ---------------------------
class TrainingScenario(Synced, Base):
    """A scenario a trainer added for their team (the bundled ones are files, never rows).
    ``source`` is the text as written (TOML or JSON); title, language, difficulty and the
    SHA-256 of the canonical scenario are derived from it by whoever stores it (the team
    server parses it again). One row per (team, scenario id), its id derived from them."""

    __tablename__ = "training_scenarios"
    team_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("teams.id"))
    scenario_key: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(Text)
    format: Mapped[str] = mapped_column(String(8), default="toml")
    title: Mapped[str] = mapped_column(String(200), default="")
    language: Mapped[str] = mapped_column(String(8), default="ko")
    difficulty: Mapped[str] = mapped_column(String(16), default="beginner")
    sha256: Mapped[str] = mapped_column(String(64))
    updated_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agents.id"))
    __table_args__ = (UniqueConstraint("team_id", "scenario_key", name="uq_training_scenarios_team_key"),)


class TrainingAssignment(Synced, Base):
    """A scenario given to a trainee (practice or certification), by a trainer or lead."""

    __tablename__ = "training_assignments"
    team_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("teams.id"))
    scenario_key: Mapped[str] = mapped_column(String(64))
    trainee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agents.id"))
    mode: Mapped[str] = mapped_column(String(16), default="practice")
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(Text, default="")
    assigned_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agents.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    __table_args__ = (Index("ix_training_assignments_trainee", "trainee_id", "deleted"),)


class TrainingAttempt(Synced, Base):
    """One trainee's session on one scenario: the actions as played (replayable) and the
    scorecard recomputed from them and the scenario (never a score a desk sent)."""

    __tablename__ = "training_attempts"
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("teams.id"))
    trainee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agents.id"))
    assignment_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("training_assignments.id"))
    scenario_key: Mapped[str] = mapped_column(String(64))
    scenario_sha256: Mapped[str] = mapped_column(String(64))
    mode: Mapped[str] = mapped_column(String(16), default="practice")
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    clock_end: Mapped[float | None] = mapped_column(Float)  # the virtual time (s) the session ended at
    actions: Mapped[list] = mapped_column(JSON, default=list)
    scorecard: Mapped[dict] = mapped_column(JSON, default=dict)
    score: Mapped[int] = mapped_column(Integer, default=0)
    passed: Mapped[bool] = mapped_column(Boolean, default=False)
    __table_args__ = (
        Index("ix_training_attempts_trainee_started", "trainee_id", "started_at"),
        Index("ix_training_attempts_team_started", "team_id", "started_at"),
    )
