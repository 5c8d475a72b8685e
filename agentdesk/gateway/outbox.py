"""The gateway's outbox (issue 14): public replies leave the workspace exactly once, or are
shown to the agent as "unknown" — never sent twice in silence.

One ``outbound`` row per reply, its payload (for mail: the whole MIME with our signed
Message-ID) fixed when it is queued, so every attempt sends the same bytes. States::

    queued → sending → data_started → sent
       ↑        │            │
       └────────┘ (4xx, lost connection before the content: retried with backoff)
    sending/data_started → failed   (5xx: the server's reply is kept; too many attempts)
    data_started → unknown          (the content went out, no reply came, and the Sent
                                     folder does not show it: an agent decides)

``data_started`` is committed just before SMTP DATA. After a crash (or at any start)
``sending`` rows are retried (the DATA command was never sent) and ``data_started`` rows
are reconciled by looking for their Message-ID in the Sent folder over IMAP: found → sent,
not found → unknown. A reply's state shows on its message (``messages.delivery``), stamped
with the sync clock in a team workspace so the desks pull it.

Other channels (SMS, chat, social) go through senders the webhook gateway provides
(gateway/senders.py): ``dispatch`` by the row's ``channel``; they have no DATA step, so a
crash in ``sending`` retries them with the outbound id as their idempotency key.

One outbox worker per workspace (main.py runs one; a second gateway on the same database
waits on the PostgreSQL advisory lock, see ``OUTBOX_LOCK``).
"""

from __future__ import annotations

import json
import logging
import os
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from agentdesk import models
from agentdesk.db import Database
from agentdesk.mail import tokens
from agentdesk.mail.compose import ReplyFile, ReplyMail, compose_reply
from agentdesk.models import (
    Attachment,
    AttachmentBlob,
    ContactPoint,
    Customer,
    Message,
    Outbound,
    Ticket,
    WorkspaceSetting,
    utcnow,
)

from . import smtp as smtp_mod

log = logging.getLogger("agentdesk.gateway.outbox")

STATES = ("queued", "sending", "data_started", "sent", "failed", "unknown")
# What the message shows (models.DELIVERY_STATES): data_started is "sending" to an agent.
_DELIVERY = {"queued": "queued", "sending": "sending", "data_started": "sending", "sent": "sent",
             "failed": "failed", "unknown": "unknown"}
SINCE_KEY = "gateway.outbox_since"  # replies older than the gateway's first start are not sent
OUTBOX_LOCK = 0x41474F42  # pg_advisory_lock key: one outbox worker per team database
ENQUEUE_BATCH = 100
TEST_PAUSE_ENV = "AGENTDESK_GATEWAY_TEST_PAUSE"  # tests only: "<point>:<marker file>"


class SendError(Exception):
    """Raised by a channel sender: ``permanent`` when retrying cannot help; ``unknown`` when
    the vendor may have taken it (no answer, no idempotency key): shown as "unknown", never
    sent again on its own."""

    def __init__(self, message: str, *, permanent: bool = False, unknown: bool = False):
        super().__init__(message)
        self.permanent = permanent
        self.unknown = unknown


@dataclass(frozen=True)
class OutboundItem:
    """What a channel sender gets: one row to send."""

    id: uuid.UUID
    channel: str
    ticket_id: uuid.UUID
    message_id: uuid.UUID
    recipient: str
    payload: bytes  # as the sender's prepare() made it
    attempts: int


class ChannelSender(Protocol):
    """A non-mail channel's way out (gateway/senders.py). ``prepare`` runs at enqueue in the
    enqueue's session and returns (recipient, payload) for the row, or None when the reply
    is not this sender's to deliver (a web-chat visitor's, which the widget shows live):
    then it is not queued and its ``delivery`` is "" (nothing shown). ``send`` delivers it
    or raises SendError. ``item.id`` is stable across retries (an idempotency key)."""

    def prepare(self, session: Session, ticket: Ticket, message: Message) -> tuple[str, bytes] | None: ...

    def send(self, item: OutboundItem) -> None: ...


@dataclass
class MailSettings:
    """The mail side of the outbox (gateway/config.py builds it)."""

    smtp: smtp_mod.SmtpSettings
    support_address: str  # From, and the base of the signed reply address
    from_name: str
    secret: Callable[[], str]  # the reply-token secret
    # Whether we append each sent mail to the Sent folder (servers such as Gmail and
    # Exchange file it themselves; plain Postfix does not).
    append_to_sent: bool = False

    @property
    def domain(self) -> str:
        return self.support_address.rpartition("@")[2]


@dataclass
class OutboxSettings:
    mail: MailSettings | None = None
    senders: dict[str, ChannelSender] = field(default_factory=dict)
    retry_base: float = 60.0  # seconds before the first retry; doubles each time
    retry_cap: float = 3600.0
    max_attempts: int = 12  # about half a day of retries at the defaults
    # Looks a Message-ID up in the Sent folder: True found, False not there, None cannot tell.
    sent_lookup: Callable[[str], bool | None] | None = None
    sent_append: Callable[[bytes], None] | None = None

    def channels(self) -> set[str]:
        return ({"email"} if self.mail else set()) | set(self.senders)


def _record_message_id(session: Session, mid: str, ticket_id: uuid.UUID, message_id: uuid.UUID) -> None:
    """Our Message-ID is recorded where the intake threads by (its channel_keys), so the
    customer's answer finds the ticket by In-Reply-To/References too."""
    from agentdesk.services.channels import record_message_id

    record_message_id(session, mid, ticket_id=ticket_id, message_id=message_id)


# --- team workspaces: writes stamped with the sync clock ---------------------------------
def stamp(session: Session, touched: dict[str, set[uuid.UUID]]) -> None:
    """In a team (PostgreSQL) workspace, gives the rows this transaction changed the next
    sync version (and pokes the desks at commit), as the team server's writes are; an
    embedded workspace has no clock to move."""
    if not touched or session.get_bind().dialect.name != "postgresql":
        return
    from agentdesk.server.tx import ServerTx

    tx = ServerTx(session.connection(), uuid.uuid4(), None)
    for table, ids in touched.items():
        for row_id in ids:
            tx.touch(table, row_id)
    tx.finish({"gateway": True})


def _set_delivery(session: Session, message_id: uuid.UUID, delivery: str, touched: dict) -> None:
    session.execute(update(Message).where(Message.id == message_id).values(delivery=delivery))
    touched.setdefault("messages", set()).add(message_id)


def _pause(point: str) -> None:
    """Tests only (crash tests): stop here until killed, after saying so in a file."""
    wanted = os.environ.get(TEST_PAUSE_ENV, "")
    name, _, marker = wanted.partition(":")
    if name != point:
        return
    with open(marker, "w") as f:
        f.write(point)
    while True:
        time.sleep(60)


# --- enqueue ------------------------------------------------------------------------------
def _since(session: Session, now: datetime) -> datetime:
    row = session.get(WorkspaceSetting, SINCE_KEY)
    if row is None:
        # The first start: replies already in the workspace (years of them, demo data) are
        # history, not mail to send now.
        session.add(WorkspaceSetting(key=SINCE_KEY, value=now.isoformat()))
        session.flush()
        return now
    return datetime.fromisoformat(row.value)


def _customer_email(session: Session, customer_id: uuid.UUID | None) -> tuple[str, str]:
    if customer_id is None:
        return "", ""
    name = session.scalar(select(Customer.name).where(Customer.id == customer_id)) or ""
    addr = session.scalar(
        select(ContactPoint.value).where(ContactPoint.customer_id == customer_id, ContactPoint.kind == "email",
                                         ContactPoint.deleted.is_(False))
        .order_by(ContactPoint.is_primary.desc(), ContactPoint.bounced_at.is_not(None), ContactPoint.updated_at.desc())
        .limit(1))
    return name, (addr or "").strip()


def _thread_ids(session: Session, ticket_id: uuid.UUID, before: datetime) -> tuple[str, tuple[str, ...]]:
    """(In-Reply-To, References): the customer's last mail on the ticket, and the mails of
    ours before this reply."""
    last = session.execute(
        select(Message.id, Message.external_id).where(Message.ticket_id == ticket_id, Message.direction == "inbound",
                                                      Message.channel == "email", Message.created_at <= before)
        .order_by(Message.created_at.desc()).limit(1)).first()
    last_in = ""
    if last is not None:
        # The intake keeps mail Message-IDs in its channel_keys (scope "mail"), by ticket.
        keys = getattr(models, "ChannelKey", None)
        if keys is not None:
            last_in = session.scalar(select(keys.value).where(keys.ticket_id == ticket_id, keys.scope == "mail",
                                                              keys.message_id == last.id).limit(1)) or ""
        last_in = last_in or last.external_id or ""
    ours = session.scalars(
        select(Outbound.message_id_header).where(Outbound.ticket_id == ticket_id, Outbound.channel == "email",
                                                 Outbound.message_id_header != "")
        .order_by(Outbound.created_at.desc()).limit(5)).all()
    return last_in, tuple(reversed(ours))


def _files(session: Session, message_id: uuid.UUID) -> tuple[ReplyFile, ...]:
    rows = session.execute(
        select(Attachment.filename, Attachment.mime_type, AttachmentBlob.data)
        .join(AttachmentBlob, AttachmentBlob.sha256 == Attachment.sha256)
        .where(Attachment.message_id == message_id, Attachment.deleted.is_(False))
        .order_by(Attachment.created_at, Attachment.filename)).all()
    return tuple(ReplyFile(r.filename, r.mime_type, r.data) for r in rows)


def _mail_row(session: Session, mail: MailSettings, ticket: Ticket, msg: Message, now: datetime) -> Outbound:
    name, addr = _customer_email(session, ticket.customer_id)
    in_reply_to, references = _thread_ids(session, ticket.id, msg.created_at)
    secret = mail.secret()
    mid = tokens.make_message_id(mail.domain, ticket.number, secret)
    bare = mid.strip("<>")
    row = Outbound(id=uuid.uuid4(), message_id=msg.id, ticket_id=ticket.id, channel="email", recipient=addr,
                   message_id_header=bare, payload=b"", created_at=now, next_attempt_at=now)
    if not addr or "@" not in addr:
        row.state, row.last_error = "failed", "the customer has no email address"
        return row
    row.payload = compose_reply(ReplyMail(
        from_address=mail.support_address, from_name=mail.from_name, to_address=addr, to_name=name,
        subject=ticket.subject, ticket_number=ticket.number, body=msg.body, message_id=mid, date=now,
        reply_to=tokens.reply_address(mail.support_address, ticket.number, secret),
        in_reply_to=in_reply_to, references=references, files=_files(session, msg.id),
        automatic=msg.author_agent_id is None))
    _record_message_id(session, bare, ticket.id, msg.id)
    return row


def enqueue(db: Database, settings: OutboxSettings, now: datetime | None = None) -> int:
    """Queues the public replies written since the last call (agents', automatic ones
    alike) on channels this gateway sends. Returns how many it took up (queued, failed at
    once for want of an address, or left to another path by their sender)."""
    channels = settings.channels()
    if not channels:
        return 0
    now = now or utcnow()
    with db.session() as s:
        since = _since(s, now)
        # The WHERE implies ix_messages_undelivered's condition: a walk of a small index.
        msgs = s.scalars(
            select(Message).where(Message.direction == "outbound", Message.kind == "reply",
                                  Message.delivery.is_(None), Message.created_at >= since,
                                  Message.channel.in_(sorted(channels)), Message.deleted.is_(False))
            .order_by(Message.created_at).limit(ENQUEUE_BATCH)).all()
        touched: dict[str, set[uuid.UUID]] = {}
        for msg in msgs:
            ticket = s.get(Ticket, msg.ticket_id)
            if ticket is None:
                continue
            if msg.channel == "email" and settings.mail is not None:
                row = _mail_row(s, settings.mail, ticket, msg, now)
            else:
                prepared = settings.senders[msg.channel].prepare(s, ticket, msg)
                if prepared is None:  # delivered another way: marked, so it is not looked at again
                    _set_delivery(s, msg.id, "", touched)
                    continue
                recipient, payload = prepared
                row = Outbound(id=uuid.uuid4(), message_id=msg.id, ticket_id=ticket.id, channel=msg.channel,
                               recipient=recipient, message_id_header="", payload=payload, created_at=now,
                               next_attempt_at=now)
            row.state = row.state or "queued"
            s.add(row)
            _set_delivery(s, msg.id, _DELIVERY[row.state], touched)
            log.info("queued reply %s on ticket #%s (%s)%s", msg.id, ticket.number, msg.channel,
                     "" if row.state == "queued" else f": {row.state}, {row.last_error}")
        stamp(s, touched)
    if msgs:
        _pause("queued")
    return len(msgs)


# --- state changes ------------------------------------------------------------------------
def _move(db: Database, row_id: uuid.UUID, frm: Iterable[str], to: str, **values) -> bool:
    """One committed state change, only from the states given (a compare-and-set: a row
    another worker moved is left alone). Returns whether it moved."""
    with db.session() as s:
        res = s.execute(update(Outbound).where(Outbound.id == row_id, Outbound.state.in_(list(frm)))
                        .values(state=to, updated_at=utcnow(), **values))
        if res.rowcount != 1:  # type: ignore[attr-defined]
            return False
        msg_id = s.scalar(select(Outbound.message_id).where(Outbound.id == row_id))
        touched: dict[str, set[uuid.UUID]] = {}
        if msg_id is not None:
            _set_delivery(s, msg_id, _DELIVERY[to], touched)
        stamp(s, touched)
    return True


def _backoff(settings: OutboxSettings, attempts: int) -> timedelta:
    return timedelta(seconds=min(settings.retry_base * 2 ** max(attempts - 1, 0), settings.retry_cap))


def _retry_or_fail(db: Database, settings: OutboxSettings, row: Outbound, error: str, frm: str) -> str:
    if row.attempts >= settings.max_attempts:
        _move(db, row.id, [frm], "failed", last_error=f"gave up after {row.attempts} attempts: {error}"[:2000])
        return "failed"
    _move(db, row.id, [frm], "queued", last_error=error[:2000],
          next_attempt_at=utcnow() + _backoff(settings, row.attempts))
    return "queued"


def _claim(db: Database, now: datetime) -> Outbound | None:
    """The next due row, moved to ``sending`` (committed) with its attempt counted."""
    with db.session() as s:
        row = s.scalars(select(Outbound).where(Outbound.state == "queued", Outbound.next_attempt_at <= now)
                        .order_by(Outbound.next_attempt_at).limit(1)).first()
        if row is None:
            return None
        res = s.execute(update(Outbound).where(Outbound.id == row.id, Outbound.state == "queued")
                        .values(state="sending", attempts=Outbound.attempts + 1, updated_at=utcnow()))
        if res.rowcount != 1:  # type: ignore[attr-defined]
            return None
        touched: dict[str, set[uuid.UUID]] = {}
        _set_delivery(s, row.message_id, "sending", touched)
        stamp(s, touched)
        s.flush()
        s.refresh(row)
        s.expunge(row)
    return row


def send_one(db: Database, settings: OutboxSettings, now: datetime | None = None) -> str | None:
    """Sends the next due row; returns its new state (None: nothing was due)."""
    row = _claim(db, now or utcnow())
    if row is None:
        return None
    _pause("sending")
    if row.channel == "email":
        return _send_mail(db, settings, row)
    return _send_other(db, settings, row)


def _send_mail(db: Database, settings: OutboxSettings, row: Outbound) -> str:
    mail = settings.mail
    if mail is None:
        return _retry_or_fail(db, settings, row, "no SMTP server is configured", "sending")

    def before_data() -> None:
        if not _move(db, row.id, ["sending"], "data_started"):
            raise smtp_mod.SmtpTransient("the row was moved by someone else")
        _pause("data_started")

    try:
        reply = smtp_mod.deliver(mail.smtp, mail.support_address, [row.recipient], row.payload, before_data)
    except smtp_mod.SmtpPermanent as exc:
        log.warning("reply %s refused: %s", row.message_id, exc)
        _move(db, row.id, ["sending", "data_started"], "failed", last_error=str(exc)[:2000])
        return "failed"
    except smtp_mod.SmtpTransient as exc:
        log.warning("reply %s not sent, will retry: %s", row.message_id, exc)
        state = "data_started" if _state(db, row.id) == "data_started" else "sending"
        return _retry_or_fail(db, settings, row, str(exc), state)
    except smtp_mod.SmtpUnknown as exc:
        log.warning("reply %s: the server may have taken it (%s); looking in the Sent folder", row.message_id, exc)
        _set_error(db, row.id, str(exc))
        return reconcile_one(db, settings, row.id)
    _pause("data_done")
    _move(db, row.id, ["data_started"], "sent", sent_at=utcnow(), last_error="")
    log.info("reply %s sent to the server (%s)", row.message_id, reply[:60])
    _pause("sent")
    if mail.append_to_sent and settings.sent_append is not None:
        try:
            settings.sent_append(row.payload)
        except Exception as exc:  # the mail went out; only its copy is missing
            log.warning("reply %s sent, but not filed in the Sent folder: %s", row.message_id, exc)
    return "sent"


def _send_other(db: Database, settings: OutboxSettings, row: Outbound) -> str:
    sender = settings.senders.get(row.channel)
    if sender is None:
        return _retry_or_fail(db, settings, row, f"no sender for the {row.channel} channel is configured", "sending")
    item = OutboundItem(row.id, row.channel, row.ticket_id, row.message_id, row.recipient, row.payload, row.attempts)
    try:
        sender.send(item)
    except SendError as exc:
        if getattr(exc, "unknown", False):
            _move(db, row.id, ["sending"], "unknown", last_error=str(exc)[:2000])
            return "unknown"
        if exc.permanent:
            _move(db, row.id, ["sending"], "failed", last_error=str(exc)[:2000])
            return "failed"
        return _retry_or_fail(db, settings, row, str(exc), "sending")
    except Exception as exc:  # a sender's bug or its network: retried, said in the log
        log.warning("reply %s (%s) not sent: %s", row.message_id, row.channel, exc)
        return _retry_or_fail(db, settings, row, f"{type(exc).__name__}: {exc}", "sending")
    _move(db, row.id, ["sending"], "sent", sent_at=utcnow(), last_error="")
    return "sent"


def _state(db: Database, row_id: uuid.UUID) -> str | None:
    with db.session() as s:
        return s.scalar(select(Outbound.state).where(Outbound.id == row_id))


def _set_error(db: Database, row_id: uuid.UUID, error: str) -> None:
    with db.session() as s:
        s.execute(update(Outbound).where(Outbound.id == row_id).values(last_error=error[:2000]))


# --- after a crash ------------------------------------------------------------------------
def reconcile_one(db: Database, settings: OutboxSettings, row_id: uuid.UUID) -> str:
    """A ``data_started`` row: sent if the Sent folder has its Message-ID, else unknown.
    When the Sent folder cannot be read now, it stays data_started (looked at again)."""
    with db.session() as s:
        row = s.get(Outbound, row_id)
        if row is None or row.state != "data_started":
            return row.state if row is not None else "gone"
        mid, channel = row.message_id_header, row.channel
    found = None
    if channel == "email" and mid and settings.sent_lookup is not None:
        try:
            found = settings.sent_lookup(mid)
        except Exception as exc:
            log.warning("cannot look in the Sent folder now: %s", exc)
            return "data_started"
        if found is None:
            return "data_started"
    if found:
        _move(db, row_id, ["data_started"], "sent", sent_at=utcnow())
        log.info("outbound %s found in the Sent folder: sent", row_id)
        return "sent"
    _move(db, row_id, ["data_started"], "unknown",
          last_error="the server may or may not have taken it; not in the Sent folder; not resent")
    log.warning("outbound %s: delivery unknown (shown to the agent; not resent)", row_id)
    return "unknown"


def recover(db: Database, settings: OutboxSettings) -> dict[str, int]:
    """At start: ``sending`` rows go back to the queue (their DATA was never sent);
    ``data_started`` rows are reconciled with the Sent folder."""
    counts = {"requeued": 0, "sent": 0, "unknown": 0, "undecided": 0}
    with db.session() as s:
        sending = s.scalars(select(Outbound.id).where(Outbound.state == "sending")).all()
        started = s.scalars(select(Outbound.id).where(Outbound.state == "data_started")).all()
    for row_id in sending:
        if _move(db, row_id, ["sending"], "queued", next_attempt_at=utcnow()):
            counts["requeued"] += 1
    for row_id in started:
        state = reconcile_one(db, settings, row_id)
        counts[{"sent": "sent", "unknown": "unknown"}.get(state, "undecided")] += 1
    if any(counts.values()):
        log.info("outbox after a restart: %s", counts)
    return counts


def pending_reconcile(db: Database) -> list[uuid.UUID]:
    with db.session() as s:
        return list(s.scalars(select(Outbound.id).where(Outbound.state == "data_started")).all())


# --- an agent's decision on an unknown one -------------------------------------------------
def resend(db: Database, message_id: uuid.UUID) -> bool:
    """An agent or admin saw "unknown" (or "failed") and wants it sent again: queued anew."""
    with db.session() as s:
        row_id = s.scalar(select(Outbound.id).where(Outbound.message_id == message_id))
    if row_id is None:
        return False
    return _move(db, row_id, ["unknown", "failed"], "queued", next_attempt_at=utcnow(), attempts=0)


# --- bounces ------------------------------------------------------------------------------
def find_outbound_ticket(db: Database, message_id_header: str) -> uuid.UUID | None:
    """The ticket of one of our sent mails, by its Message-ID (a bounce names it)."""
    mid = "".join((message_id_header or "").split()).strip("<>")
    if not mid:
        return None
    with db.session() as s:
        return s.scalar(select(Outbound.ticket_id).where(Outbound.message_id_header == mid).limit(1))


def record_bounce(db: Database, dsn: dict, now: datetime | None = None) -> bool:
    """A failed-delivery DSN (mailparse's parse_dsn) on one of our mails: the reply shows
    "bounced" and the address is marked. Delays and successes change nothing."""
    if (dsn.get("action") or "").lower() != "failed":
        return False
    mid = "".join((dsn.get("original_message_id") or "").split()).strip("<>")
    if not mid:
        return False
    now = now or utcnow()
    with db.session() as s:
        row = s.scalars(select(Outbound).where(Outbound.message_id_header == mid).limit(1)).first()
        if row is None:
            return False
        touched: dict[str, set[uuid.UUID]] = {}
        _set_delivery(s, row.message_id, "bounced", touched)
        address = (dsn.get("recipient") or row.recipient or "").strip().lower()
        reason = " ".join(f"{dsn.get('status') or ''} delivery to {address} failed".split())[:300]
        customer_id = s.scalar(select(Ticket.customer_id).where(Ticket.id == row.ticket_id))
        if address and customer_id is not None:
            ids = s.scalars(select(ContactPoint.id).where(ContactPoint.customer_id == customer_id,
                                                          ContactPoint.kind == "email",
                                                          ContactPoint.normalized == address)).all()
            if ids:
                s.execute(update(ContactPoint).where(ContactPoint.id.in_(ids))
                          .values(bounced_at=now, bounce_reason=reason, updated_at=now))
                touched["contact_points"] = set(ids)
        stamp(s, touched)
    log.info("bounce for outbound %s recorded", row.id)
    return True


# --- what the CLI and tests read -----------------------------------------------------------
def summary(db: Database) -> dict[str, int]:
    from sqlalchemy import func

    with db.session() as s:
        return {state: n for state, n in s.execute(select(Outbound.state, func.count()).group_by(Outbound.state))}


def describe(db: Database, limit: int = 50) -> list[dict]:
    with db.session() as s:
        rows = s.scalars(select(Outbound).order_by(Outbound.created_at.desc()).limit(limit)).all()
        return [{"id": str(r.id), "message": str(r.message_id), "channel": r.channel, "state": r.state,
                 "attempts": r.attempts, "error": r.last_error, "created_at": r.created_at.isoformat()}
                for r in rows]


def payload_json(data: dict) -> bytes:
    """A channel sender's payload as stored."""
    return json.dumps(data, ensure_ascii=False).encode()
