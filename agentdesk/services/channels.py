"""The intake every channel goes through (issue 14): ``receive`` takes one ``Inbound``
(agentdesk/channels.py) from the gateway's IMAP poller, `agentdesk mail import`, a webhook
or the web chat, and stores it as a new ticket or a message on an existing one.

- Dedupe: (channel, external id) is stored once; a mail's key is its Message-ID, so our
  own mail coming back (a Cc to the support mailbox) is a duplicate too. A mail without a
  Message-ID is keyed by the SHA-256 of its raw bytes (an import run twice adds nothing).
- The sender becomes or is matched to a customer by the normalised contact
  (customer_rules.check_contact_point: an email address lower-cased, its domain matched
  in Unicode and in IDNA; a phone in E.164; a social handle), through contact_points; a
  new sender is a new customer named by the decoded display name (or the address), made
  by services/intake.create_customer. A web-chat visitor id is no contact: such a chat
  has no customer until the visitor leaves an email address.
- Threading: mail by agentdesk/mail/threading.py's order (reply token, In-Reply-To,
  References, our signed Message-ID, ``[#n]`` from a participant); other channels by the
  conversation key. A closed ticket gets a new ticket linked to it (an internal note
  "관련 티켓 #n · Related to #n" on the new one: there is no link concept yet); a solved
  one reopens unless the message is auto-submitted.
- New tickets go through services/intake.create_ticket (routing rules, audit, SLA), the
  inbound message first, written by the sender.
- Files: each attachment the attachment rules accept (services/attachments.py) is stored
  and listed on the message; one they refuse (a program, over 20 MB, empty, past the
  count) is named in a line under the text and kept only inside the original. The raw
  original is always kept as an attachment (``original.eml``, message/rfc822, for mail),
  and the HTML as ``message.html``.
- One inbound, one transaction: ``receive`` writes in the caller's session and never
  commits; the caller commits, or rolls back on an error (nothing of it stored). The
  sinks (agentdesk/gateway/sink.py) and the import do exactly that, once per message.

The signing secret of reply addresses and Message-IDs (agentdesk/mail/tokens.py) is the
caller's ``secret`` (a team gateway's configuration), else the workspace setting
``mail.thread_secret``, made on first use (``thread_secret``). Mail a desk sends records
its Message-ID with ``record_message_id`` so replies to it thread.
"""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
import uuid
from dataclasses import dataclass
from typing import Any
from datetime import UTC, datetime, timedelta

from sqlalchemy import bindparam, insert, select, text, update
from sqlalchemy.orm import Session

from agentdesk import customer_rules, rules
from agentdesk.channels import MAX_INBOUND_BYTES, Inbound, Outcome, Received
from agentdesk.mail import threading, tokens
from agentdesk.mail.threading import Placement, Step, Via
from agentdesk.models import (
    Attachment,
    Base,
    Channel,
    ChannelKey,
    ContactPoint,
    Customer,
    Message,
    Ticket,
    utcnow,
)
from agentdesk.services import attachments as attachment_store
from agentdesk.services import intake, tickets
from agentdesk.services.common import (
    InvalidValue,
    audit,
    BATCH_READS_KEY,
    get_setting,
    rule_errors_as_invalid_value,
    set_setting,
)

SECRET_SETTING = "mail.thread_secret"
# A session whose tickets take the team database's numbers (agentdesk_next_ticket_number,
# server/security.py), as the team server's ticket.create does: the ServerSink sets it.
SERVER_NUMBERS_KEY = "agentdesk.server_ticket_numbers"
MAIL_SCOPE = "mail"
MAX_INBOUND_FILES = 50  # attachments of one inbound kept as files (the rest: in the original)
MAX_KEY_VALUE = 2000  # characters of an id kept for people reading channel_keys
MERGE_HOPS = 10  # merged into a ticket merged into another …: followed this far
NO_TEXT = "(본문 없음 · no text)"
NO_SUBJECT = "(제목 없음 · no subject)"
SUBJECT_FROM_TEXT = 80  # a chat or SMS ticket's subject: its first words


class InboundRefused(InvalidValue):
    """An inbound message the intake will not store (too large): one line, nothing stored."""


# --- keys ---------------------------------------------------------------------------------
def _key(scope: str, value: str) -> str:
    return hashlib.sha256(f"{scope}\x00{value}".encode("utf-8", "surrogatepass")).hexdigest()


def _dedupe_scope(channel: str) -> str:
    return MAIL_SCOPE if channel == Channel.EMAIL else channel


def _conversation_scope(channel: str) -> str:
    return f"conv:{channel}"


PARTY_SCOPE = "party"  # value "<ticket id>:<sender>": who wrote on a ticket (the [#n] rule)


def external_key(inbound: Inbound) -> tuple[str, str]:
    """(scope, value) the inbound is deduped by: the Message-ID for mail, the channel's
    own id otherwise; the raw bytes' (or the text's) SHA-256 when there is no id."""
    value = tokens.normalize_message_id(inbound.external_id) if inbound.channel == Channel.EMAIL \
        else (inbound.external_id or "").strip()
    if not value:
        body = inbound.raw or f"{inbound.sender_address}\x00{inbound.received_at.isoformat()}\x00{inbound.text}".encode(
            "utf-8", "surrogatepass")
        value = "sha256:" + hashlib.sha256(body).hexdigest()
    return _dedupe_scope(inbound.channel), value


def _lookup(session: Session, scope: str, values: list[str]) -> dict[str, ChannelKey]:
    if not values:
        return {}
    keys = {_key(scope, v): v for v in values}
    rows = session.scalars(select(ChannelKey).where(ChannelKey.key.in_(list(keys))))
    return {keys[r.key]: r for r in rows}


def _put_key(session: Session, scope: str, value: str, ticket_id: uuid.UUID | None, message_id: uuid.UUID | None,
             now: datetime, *, on_conflict: str = "fail", flushed: bool = False) -> None:
    """Records a key in one statement: ``on_conflict`` "fail" (the dedupe key: a second
    intake of the same message at the same moment fails, and is tried again as the
    duplicate it is), "keep" (the first ticket stays) or "move" (a conversation that went
    on in a new ticket). ``flushed``: the caller flushed what the key names, so the
    statement goes to the connection, past the Session's (costlier) execute."""
    run = session.connection().execute if flushed else session.execute
    run(_key_statement(session, on_conflict),
                    {"key": _key(scope, value), "scope": scope[:24], "value": value[:MAX_KEY_VALUE],
                     "ticket_id": ticket_id, "message_id": message_id, "created_at": now})


# Built once per dialect and kind, executed with parameters: building an INSERT with its
# values each time cost more than running it (a profile of the mail intake benchmark).
_STATEMENTS: dict[tuple[str, str], Any] = {}


def _key_statement(session: Session, on_conflict: str):
    dialect = session.get_bind().dialect.name
    stmt = _STATEMENTS.get((dialect, on_conflict))
    if stmt is None:
        table = Base.metadata.tables["channel_keys"]
        if on_conflict == "fail":
            stmt = insert(table)
        else:
            up = _upsert_for(dialect, table)
            stmt = up.on_conflict_do_update(index_elements=["key"], set_={"ticket_id": up.excluded.ticket_id,
                                                                          "message_id": up.excluded.message_id}) \
                if on_conflict == "move" else up.on_conflict_do_nothing(index_elements=["key"])
        _STATEMENTS[(dialect, on_conflict)] = stmt
    return stmt


def _blob_statement(session: Session):
    """Content already stored is kept as it is (content-addressed): one statement either way."""
    dialect = session.get_bind().dialect.name
    stmt = _STATEMENTS.get((dialect, "blob"))
    if stmt is None:
        stmt = _upsert_for(dialect, Base.metadata.tables["attachment_blobs"]).on_conflict_do_nothing()
        _STATEMENTS[(dialect, "blob")] = stmt
    return stmt


def _upsert_for(dialect: str, table):
    """The dialect's INSERT, which has ON CONFLICT (both backends spell it alike)."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table)


def record_message_id(session: Session, mid: str, ticket_id: uuid.UUID, message_row_id: uuid.UUID | None = None,
                      now: datetime | None = None, *, message_id: uuid.UUID | None = None) -> None:
    """Our outbound mail's Message-ID ``mid`` (with or without brackets) on the ticket, sent
    as the messages row ``message_row_id`` (or keyword ``message_id``), so the customer's
    reply to it threads by In-Reply-To / References, and the mail itself, if it comes back
    into the mailbox, is a duplicate. Called by the gateway's outbox when it fixes the MIME."""
    bare = tokens.normalize_message_id(mid)
    if bare:
        _put_key(session, MAIL_SCOPE, bare, ticket_id, message_row_id or message_id, now or utcnow(),
                 on_conflict="keep")


def ticket_for_message_id(session: Session, message_id: str) -> uuid.UUID | None:
    """The ticket a Message-ID (ours or theirs) was seen on, or None."""
    found = _lookup(session, MAIL_SCOPE, [tokens.normalize_message_id(message_id)])
    return next((r.ticket_id for r in found.values()), None)


def thread_secret(session: Session) -> str:
    """The workspace's signing secret for reply addresses and Message-IDs, made on first
    use. A team gateway should rather be given its own (agents can read workspace
    settings on a team database)."""
    # Remembered for a sink's batch once read (never when made here: the message's savepoint
    # may yet roll it back).
    cache = session.info.get(BATCH_READS_KEY)
    value = cache.get(SECRET_SETTING) if cache is not None else None
    if value:
        return value
    value = get_setting(session, SECRET_SETTING)
    if value and cache is not None:
        cache[SECRET_SETTING] = value
    if not value:
        value = secrets.token_hex(32)
        set_setting(session, SECRET_SETTING, value)
        session.flush()
    return value


# --- checks and cleaning -------------------------------------------------------------------
def _clean(value: str) -> str:
    """Text as stored: no NUL (PostgreSQL refuses it, SQLite cuts C strings at it)."""
    return (value or "").replace("\x00", "")


def _one_line(value: str, limit: int) -> str:
    value = "".join(ch if not unicodedata.category(ch).startswith("C") else " " for ch in _clean(value))
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def _size(inbound: Inbound) -> int:
    """The message's bytes: its raw original (which holds everything), else its parts."""
    if inbound.raw:
        return len(inbound.raw)
    return sum(len(a.data) for a in inbound.attachments) + len(inbound.text.encode("utf-8", "replace")) \
        + len(inbound.html.encode("utf-8", "replace"))


def check_inbound(inbound: Inbound) -> None:
    """What is refused whole before anything is read or written: an unknown channel, a
    message over MAX_INBOUND_BYTES (raw, or its files when there is no raw)."""
    with rule_errors_as_invalid_value():
        rules.check_channel(inbound.channel)
    size = _size(inbound)
    if size > MAX_INBOUND_BYTES:
        raise InboundRefused(code="channel.too_large", size=attachment_store.describe_size(size),
                             most=attachment_store.describe_size(MAX_INBOUND_BYTES))


def _arrival(inbound: Inbound, now: datetime) -> datetime:
    """When it came in: the channel's time, in UTC, never later than now (a Date header
    in the future is someone's wrong clock, or a trick to sort first)."""
    at = inbound.received_at or now
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return min(at, now)


# --- the customer --------------------------------------------------------------------------
@dataclass(frozen=True)
class _Contact:
    kind: str
    value: str
    forms: tuple[str, ...]  # the normalised forms it matches (an email's Unicode and IDNA domain)


def _email_forms(normalized: str) -> tuple[str, ...]:
    local, _, domain = normalized.rpartition("@")
    forms = [normalized]
    try:
        if "xn--" in domain:
            forms.append(f"{local}@{domain.encode('ascii').decode('idna').lower()}")
        elif not domain.isascii():
            forms.append(f"{local}@{domain.encode('idna').decode('ascii').lower()}")
    except (UnicodeError, ValueError):
        pass
    return tuple(dict.fromkeys(forms))


def sender_contact(inbound: Inbound) -> _Contact | None:
    """The sender's contact as contact points store it, or None (a web-chat visitor id,
    an address the contact rules refuse)."""
    addr = (inbound.sender_address or "").strip()
    if not addr:
        return None
    if inbound.channel == Channel.EMAIL or (inbound.channel in (Channel.CHAT, Channel.WEB) and "@" in addr):
        kind = "email"
    elif inbound.channel in (Channel.SMS, Channel.PHONE):
        kind = "phone"
    elif inbound.channel == Channel.SOCIAL:
        kind = "social"
    else:
        return None
    try:
        cv = customer_rules.check_contact_point(kind, addr)
    except rules.RuleError:
        return None
    forms = _email_forms(cv.normalized) if kind == "email" else (cv.normalized,)
    # Unicode domains are stored as people write them; a punycode one is shown decoded.
    return _Contact(kind, cv.value if kind != "email" else forms[-1] if "xn--" in cv.normalized else cv.value,
                    forms)


def _customer_name(inbound: Inbound, contact: _Contact) -> str:
    name = _one_line(inbound.sender_name, rules.CUSTOMER_NAME_LIMIT)
    return name or _one_line(contact.value, rules.CUSTOMER_NAME_LIMIT) or "?"


def match_customer(session: Session, inbound: Inbound, now: datetime) -> uuid.UUID | None:
    """The sender's customer (the oldest holding the contact), or a new one; None when the
    sender has no contact the rules take."""
    customer = _customer_row(session, inbound, now)
    return customer.id if customer is not None else None


def _customer_row(session: Session, inbound: Inbound, now: datetime) -> Customer | None:
    """match_customer's row: the caller holds it, so the new ticket's service finds it in
    the identity map (which keeps no row nobody holds) instead of reading it again."""
    contact = sender_contact(inbound)
    if contact is None:
        return None
    # The oldest live customer holding the contact (as intake.contact_owners orders them),
    # in one indexed lookup on contact_points.normalized.
    # (The whole row: the new ticket's service reads it next, from the identity map.)
    owner = session.scalar(_OWNER, {"forms": list(contact.forms), "kind": contact.kind})
    if owner is not None:
        return owner
    with rule_errors_as_invalid_value():
        name, _ = rules.check_new_customer(_customer_name(inbound, contact), [])
    # Written here, not by intake.create_customer: its duplicate check is the lookup above,
    # and its contact rule is older than customer_rules' (which took this contact).
    customer = Customer(id=uuid.uuid4(), name=name, language="ko", created_at=now, updated_at=now)
    session.add(customer)
    session.add(ContactPoint(id=uuid.uuid4(), customer=customer, kind=contact.kind, value=contact.value,
                             normalized=contact.forms[0], label="", is_primary=True, updated_at=now))
    audit(session, None, "customer", customer.id, "create", {"name": (None, name), contact.kind: (None, contact.forms[0])},
          at=now)
    # Now, not at the next query: a pending row is in no identity map, and the new ticket's
    # service would flush it and read it back.
    session.flush()
    return customer


# Built once (see _STATEMENTS).
_MESSAGE_COUNT = select(Ticket.message_count).where(Ticket.id == bindparam("id"))
_OWNER = (select(Customer).join(ContactPoint, Customer.id == ContactPoint.customer_id)
          .where(ContactPoint.normalized.in_(bindparam("forms", expanding=True)),
                 ContactPoint.kind == bindparam("kind"), ContactPoint.deleted.is_(False),
                 Customer.deleted.is_(False))
          .order_by(Customer.created_at).limit(1))


def _sender_key(inbound: Inbound) -> str:
    contact = sender_contact(inbound)
    return contact.forms[0] if contact is not None else _one_line(inbound.sender_address, 200).lower()


# --- threading -----------------------------------------------------------------------------
def _live(session: Session, ticket_id: uuid.UUID | None) -> Ticket | None:
    """The ticket, or the one it was merged into (followed), or None when it is gone."""
    hops = 0
    t = session.get(Ticket, ticket_id) if ticket_id is not None else None
    while t is not None and t.merged_into_id is not None and hops < MERGE_HOPS:
        t = session.get(Ticket, t.merged_into_id)
        hops += 1
    return None if t is None or t.deleted else t


def _by_number(session: Session, number: int | None) -> Ticket | None:
    if number is None:
        return None
    found = session.scalar(select(Ticket.id).where(Ticket.number == number))
    return _live(session, found)


def _find_step(session: Session, step: Step, known: dict[str, ChannelKey | None] | None = None) -> Ticket | None:
    if step.message_ids:
        if known is not None and all(mid in known for mid in step.message_ids):
            found = {mid: row for mid in step.message_ids if (row := known[mid]) is not None}
        else:
            found = _lookup(session, MAIL_SCOPE, list(step.message_ids))
        for mid in step.message_ids:  # in the step's order: the newest reference first
            if mid in found:
                t = _live(session, found[mid].ticket_id)
                if t is not None:
                    return t
        return None
    return _by_number(session, step.number)


def _takes_part(session: Session, t: Ticket, customer_id: uuid.UUID | None, sender: str) -> bool:
    """The sender is the ticket's customer, or wrote on it before (a Cc'd colleague)."""
    if customer_id is not None and t.customer_id == customer_id:
        return True
    return bool(sender) and session.get(ChannelKey, _key(PARTY_SCOPE, f"{t.id}:{sender}")) is not None


@dataclass(frozen=True)
class _Target:
    ticket: Ticket | None  # where the message goes (None: a new ticket)
    linked: Ticket | None = None  # a new ticket's related one
    via: Via = Via.NONE


def find_target(session: Session, inbound: Inbound, customer_id: uuid.UUID | None, secret: str | bytes,
                known: dict[str, ChannelKey | None] | None = None) -> _Target:
    """Where an inbound message goes, by the threading rules' order. ``known``: mail keys
    the caller looked up already ({Message-ID: its key, or None when unseen})."""
    if inbound.channel == Channel.EMAIL:
        steps = threading.mail_steps(inbound.hints, secret)
    elif inbound.hints.conversation:
        steps = [Step(Via.CONVERSATION)]
    else:
        steps = []
    for step in steps:
        if step.via == Via.CONVERSATION:
            row = session.get(ChannelKey, _key(_conversation_scope(inbound.channel), inbound.hints.conversation))
            t = _live(session, row.ticket_id) if row is not None else None
        else:
            t = _find_step(session, step, known)
        if t is None:
            continue
        takes_part = step.via != Via.SUBJECT_NUMBER or _takes_part(session, t, customer_id, _sender_key(inbound))
        if threading.placement(step.via, t.status, takes_part) == Placement.THREAD:
            return _Target(t, via=step.via)
        return _Target(None, linked=t, via=step.via)
    return _Target(None)


# --- writing -------------------------------------------------------------------------------
def _subject(inbound: Inbound) -> str:
    subject = _one_line(inbound.subject, rules.TEXT_LIMITS["subject"])
    if subject:
        return subject
    if inbound.channel != Channel.EMAIL:
        first = _one_line(inbound.text, SUBJECT_FROM_TEXT)
        if first:
            return first
    return NO_SUBJECT


def _files(session: Session, inbound: Inbound, ticket_id: uuid.UUID, message_id: uuid.UUID, now: datetime) -> list[str]:
    """Stores the message's files, the raw original and the HTML as attachments of it;
    returns a line for each file the attachment rules refused (it stays in the original)."""
    refused: list[str] = []
    planned: list[tuple[str, str, bytes]] = []
    kept = 0
    for f in inbound.attachments:
        try:
            name, mime = attachment_store.prepare(f.filename, f.data)
        except attachment_store.AttachmentRefused as exc:
            refused.append(str(exc))
            continue
        if kept >= MAX_INBOUND_FILES:
            refused.append(f"'{attachment_store.clean_filename(f.filename)}': more than {MAX_INBOUND_FILES} files")
            continue
        kept += 1
        planned.append((name, mime, f.data))
    if inbound.html.strip():
        planned.append(("message.html", "text/html", _clean(inbound.html).encode("utf-8", "replace")))
    if inbound.raw:
        if inbound.channel == Channel.EMAIL:
            planned.append(("original.eml", "message/rfc822", inbound.raw))
        else:
            planned.append(("original.json" if inbound.raw.lstrip()[:1] in (b"{", b"[") else "original.txt",
                            "application/json" if inbound.raw.lstrip()[:1] in (b"{", b"[") else "text/plain",
                            inbound.raw))
    stored: set[str] = set()
    for n, (name, mime, data) in enumerate(planned):
        sha = attachment_store.sha256_of(data)
        if sha not in stored:
            stored.add(sha)
            # To the connection: the blob names no row, nothing need be flushed before it.
            session.connection().execute(_blob_statement(session),
                            {"sha256": sha, "size": len(data), "mime_type": mime, "data": data, "created_at": now})
        session.add(Attachment(id=uuid.uuid4(), message_id=message_id, ticket_id=ticket_id, filename=name,
                               mime_type=mime, size=len(data), sha256=sha,
                               created_at=now + _micro(n), updated_at=now))
    return refused


def _micro(n: int) -> timedelta:
    return timedelta(microseconds=n)


def _body(inbound: Inbound) -> str:
    return _clean(inbound.text).strip() or NO_TEXT


def _with_refusals(body: str, refused: list[str]) -> str:
    if not refused:
        return body
    return body + "\n\n" + "\n".join(f"[첨부 보관 안 함 · not kept: {line}]" for line in refused)


_NEXT_NUMBER = text("SELECT agentdesk_next_ticket_number()")  # parsed once


def _new_number(session: Session) -> int | None:
    if session.info.get(SERVER_NUMBERS_KEY):
        return int(session.execute(_NEXT_NUMBER).scalar_one())
    return None


def _link_note(session: Session, t_id: uuid.UUID, channel: str, linked: Ticket, now: datetime) -> None:
    session.add(Message(id=uuid.uuid4(), ticket_id=t_id, direction="internal", kind="note", channel=channel,
                        body=f"관련 티켓 #{linked.number} · Related to #{linked.number}", author_agent_id=None,
                        author_name="AgentDesk", created_at=now + _micro(1), updated_at=now))
    session.execute(update(Ticket).where(Ticket.id == t_id).values(message_count=Ticket.message_count + 1))


def _answered(inbound: Inbound) -> list[str]:
    """The Message-IDs a mail's threading steps look up (In-Reply-To, References)."""
    if inbound.channel != Channel.EMAIL:
        return []
    in_reply_to = tokens.normalize_message_id(inbound.hints.in_reply_to)
    refs = threading.references_newest_first(inbound.hints.references, exclude=in_reply_to)
    return [m for m in (in_reply_to, *refs) if m]


def receive(session: Session, inbound: Inbound, *, team_id: uuid.UUID | None = None, now: datetime | None = None,
            secret: str | bytes | None = None) -> Received:
    """Stores one inbound message (see the module's docstring); the caller commits.
    ``team_id``: the queue a new ticket joins; ``secret``: the reply-token and
    Message-ID signing secret (None: the workspace's, ``thread_secret``)."""
    check_inbound(inbound)
    now = now or utcnow()
    at = _arrival(inbound, now)
    scope, ext = external_key(inbound)
    # The dedupe key and the Message-IDs a mail answers, in one lookup.
    wanted = [ext, *_answered(inbound)] if scope == MAIL_SCOPE else [ext]
    found = _lookup(session, scope, wanted)
    known: dict[str, ChannelKey | None] = {v: found.get(v) for v in wanted}
    seen = known[ext]
    if seen is not None:
        t = _live(session, seen.ticket_id)
        return Received(Outcome.DUPLICATE, t.id if t else None, t.number if t else None, None,
                        t.customer_id if t else None)
    if inbound.channel == Channel.EMAIL and secret is None and (inbound.hints.recipients or inbound.hints.in_reply_to
                                                                or inbound.hints.references):
        secret = thread_secret(session)
    customer = _customer_row(session, inbound, at)  # held to the end: see _customer_row
    customer_id = customer.id if customer is not None else None
    target = find_target(session, inbound, customer_id, secret or b"", known if scope == MAIL_SCOPE else None)
    message_id = uuid.uuid4()
    author = _one_line(inbound.sender_name, 120) or _one_line(inbound.sender_address, 120)
    if target.ticket is None:
        body = _body(inbound)
        ticket_team = team_id if target.linked is None else (team_id or target.linked.team_id)
        new = intake.create_ticket(session, None, customer_id=customer_id, subject=_subject(inbound),
                                   channel=inbound.channel, body=body, first_kind="inbound", now=at,
                                   team_id=ticket_team, author_name=author, number=_new_number(session),
                                   message_id=message_id)
        refused = _files(session, inbound, new.id, message_id, at)
        if refused:
            session.execute(update(Message).where(Message.id == message_id).values(body=_with_refusals(body, refused)))
        if target.linked is not None:
            _link_note(session, new.id, inbound.channel, target.linked, at)
        ticket_id, number, outcome, reopened = new.id, new.number, Outcome.NEW, False
    else:
        t = target.ticket
        state = rules.TicketState.of(t)
        values, reopened = threading.inbound_effects(state, auto_submitted=inbound.auto_submitted, now=now)
        m = Message(id=message_id, ticket_id=t.id, direction="inbound", kind="reply", channel=inbound.channel,
                    body=_body(inbound), author_agent_id=None, author_name=author, created_at=at, updated_at=now)
        session.add(m)
        session.flush()  # the message before its files (no relationship orders them in one flush)
        m.body = _with_refusals(m.body, _files(session, inbound, t.id, message_id, at))
        for name, value in values.items():
            setattr(t, name, value)
        t.message_count = Ticket.message_count + 1  # counted in SQL: two intakes at once both count
        if "status" in values and values["status"] != state.status:
            audit(session, None, "ticket", t.id, "update", {"status": (state.status, values["status"])}, at=now)
        session.flush()
        seq = session.scalar(_MESSAGE_COUNT, {"id": t.id}) or 0
        tickets.index_ticket_text(session, t.number, seq, _body(inbound))
        ticket_id, number, outcome = t.id, t.number, Outcome.THREADED
    session.flush()
    _put_key(session, scope, ext, ticket_id, message_id, now, flushed=True)
    if inbound.channel != Channel.EMAIL and inbound.hints.conversation:
        _put_key(session, _conversation_scope(inbound.channel), inbound.hints.conversation, ticket_id, message_id, now,
                 on_conflict="move", flushed=True)
    sender = _sender_key(inbound)
    if sender:
        _put_key(session, PARTY_SCOPE, f"{ticket_id}:{sender}", ticket_id, None, now, on_conflict="keep", flushed=True)
    return Received(outcome, ticket_id, number, message_id, customer_id, reopened)
