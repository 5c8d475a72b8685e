"""One inbound mail (raw RFC 5322 bytes) to an ``agentdesk.channels.Inbound`` (issue 14).

Parsing is best effort: broken MIME, bogus charsets, bad dates and missing headers give the
best ``Inbound`` the bytes allow. Only four things refuse a mail, with ``MailParseError``
and one clear line: it is not a mail at all (no mail header), it is over
``MAX_INBOUND_BYTES``, its MIME nests deeper than ``MAX_DEPTH``, or it has more than
``MAX_PARTS`` parts. Every header, body and attachment name goes through ``decode`` (CP949
for every Korean label; see that module).

Pure: no Qt, no database.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta
from email.message import Message
from email.parser import BytesParser
from email.policy import compat32
from email.utils import getaddresses, parsedate_to_datetime

from ..channels import MAX_INBOUND_BYTES, Inbound, InboundAttachment, ThreadHints
from .decode import MAX_HEADER_BYTES, clean_text, decode_bytes, decode_header, header_bytes, normalise_address
from .dsn import parse_dsn
from .html import html_to_text
from .mime import (children, content_type, has_header, header_names, header_text, header_value, header_values, is_container,
                   param, payload_bytes)
from .subjects import strip_reply_prefixes

__all__ = ["MAX_DEPTH", "MAX_PARTS", "OWN_HEADER", "MailParseError", "is_auto_submitted", "normalise_address", "parse_mail", "unflow"]

# Our own gateway stamps this header on every mail it sends (agentdesk.mail.compose): a mail
# carrying it is ours coming back (a loop, a copy, a misrouted reply) and counts as
# auto-submitted, so it never reopens a ticket or triggers an automatic answer.
OWN_HEADER = "X-AgentDesk-Ticket"

# Budgets on hostile input: real mail nests a handful of levels (a forward of a forward with
# an alternative body and inline images is about 6) and rarely has more than a few dozen parts.
MAX_DEPTH = 20
MAX_PARTS = 500
# HTML bodies turned into text when a mail has no plain text (each costs a parse).
MAX_HTML_BODIES = 5
# References kept for threading: the root and the newest ones matter.
MAX_REFERENCES = 100

# At least one of these makes bytes a mail (a header block of anything else is not one).
_MAIL_HEADERS = ("from", "to", "cc", "subject", "date", "message-id", "received", "return-path",
                 "mime-version", "sender", "reply-to", "delivered-to", "x-original-to", "in-reply-to",
                 "references", "content-type")
_MSGID = re.compile(r"<([^<>\s]{1,900})>")
_TICKET = re.compile(r"\[#(\d{1,9})\]")
_BLANKS = re.compile(r"\n{3,}")
_MAX_ID = 900  # longer Message-IDs are hashed (they are ids, not text)
_EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)


class MailParseError(ValueError):
    """The bytes cannot be taken as one mail; the message is one line for the user/log."""


def parse_mail(raw: bytes, received_at: datetime | None = None) -> Inbound:
    """``raw`` (one whole mail as received) as an ``Inbound`` for ``services.channels.receive``.

    ``received_at`` is when it arrived (IMAP INTERNALDATE, file time); the Date header wins
    when it parses and is not absurd (before 1990 or more than a day after arrival).
    Raises ``MailParseError`` only for the four refusals in the module docstring."""
    if not isinstance(raw, bytes | bytearray | memoryview):
        raise MailParseError("not a mail: expected bytes")
    raw = bytes(raw)
    if len(raw) > MAX_INBOUND_BYTES:
        raise MailParseError(f"mail too large: {len(raw):,} bytes (limit {MAX_INBOUND_BYTES:,})")
    arrived = _aware(received_at) if received_at is not None else datetime.now(UTC)
    try:
        # A byte-order mark or blank lines before the headers (some exporters write them)
        # would end the header block at once; the raw bytes are kept as they came.
        msg = BytesParser(policy=compat32).parsebytes(raw.removeprefix(b"\xef\xbb\xbf").lstrip(b"\r\n"))
    except RecursionError:
        raise MailParseError(f"MIME nesting deeper than {MAX_DEPTH} levels") from None
    except Exception as exc:  # noqa: BLE001 - the stdlib parser gave up on these bytes
        raise MailParseError(f"not a mail: unreadable ({type(exc).__name__})") from None
    if not any(k.lower() in _MAIL_HEADERS for k in header_names(msg)):
        raise MailParseError("not a mail: no mail headers (From, To, Subject, Date, Message-ID…)")
    _check_structure(msg)

    body = _Body()
    body.walk(msg)
    text = body.text()
    html = clean_text(body.html)

    name, address = _sender(msg)
    subject = header_text(msg, "Subject")
    ticket = _TICKET.search(subject)
    dsn = parse_dsn(msg)
    meta: dict = {}
    if dsn is not None:
        meta["dsn"] = dsn
    return Inbound(
        channel="email",
        external_id=_external_id(msg, raw),
        sender_address=address,
        sender_name=name,
        subject=strip_reply_prefixes(subject),
        text=text,
        received_at=_date(msg, arrived),
        html=html,
        raw=raw,
        attachments=tuple(body.attachments),
        hints=ThreadHints(
            in_reply_to=_first_id(header_values(msg, "In-Reply-To")),
            references=_references(msg),
            recipients=_recipients(msg),
            ticket_number=int(ticket.group(1)) if ticket else None,
        ),
        auto_submitted=is_auto_submitted(msg) or dsn is not None,
        meta=meta,
    )


# --- structure ------------------------------------------------------------------------------

def _check_structure(msg: Message) -> None:
    """Depth and part budgets, counted iteratively (a hostile nesting must not recurse)."""
    count = 0
    stack: list[tuple[Message, int]] = [(msg, 1)]
    while stack:
        part, depth = stack.pop()
        count += 1
        if count > MAX_PARTS:
            raise MailParseError(f"too many MIME parts (limit {MAX_PARTS})")
        if depth > MAX_DEPTH:
            raise MailParseError(f"MIME nesting deeper than {MAX_DEPTH} levels")
        stack.extend((p, depth + 1) for p in children(part))


def _part_text(part: Message) -> str:
    text = decode_bytes(payload_bytes(part), param(part, "charset"))
    text = clean_text(text.replace("\r\n", "\n").replace("\r", "\n"))
    fmt = param(part, "format")
    if fmt and fmt.lower() == "flowed" and content_type(part) == "text/plain":
        text = unflow(text, delsp=(param(part, "delsp") or "").lower() == "yes")
    return text


def unflow(text: str, *, delsp: bool = False) -> str:
    """RFC 3676 format=flowed text as plain lines: a line ending in a space continues on the
    next one (quote depth kept; "-- " stays a signature separator)."""
    out: list[str] = []
    current = ""
    current_depth: int | None = None
    for line in text.split("\n"):
        depth = len(line) - len(line.lstrip(">"))
        content = line[depth:]
        if content.startswith(" "):
            content = content[1:]  # space stuffing
        if current_depth is not None and depth != current_depth:
            out.append(">" * current_depth + (" " if current_depth else "") + current if current_depth else current)
            current, current_depth = "", None
        flowed = content.endswith(" ") and content != "-- "
        if flowed and delsp:
            content = content[:-1]
        current += content
        current_depth = depth
        if not flowed:
            out.append((">" * depth + " " + current) if depth and current else (">" * depth + current))
            current, current_depth = "", None
    if current_depth is not None:
        out.append((">" * current_depth + " " + current) if current_depth else current)
    return "\n".join(out)


def _filename(part: Message) -> str:
    for name, header in (("filename", "content-disposition"), ("name", "content-type")):
        text = param(part, name, header)
        if text:
            text = text.replace("\\", "/").rsplit("/", 1)[-1]  # a name for display, never a path
            text = "".join(c for c in text if c >= " " and c != "\x7f").strip()
            if text:
                return text[:255]
    return ""


def _disposition(part: Message) -> str:
    return header_text(part, "Content-Disposition").split(";", 1)[0].strip().lower()


_EXT = {"text/plain": ".txt", "text/html": ".html", "message/rfc822": ".eml", "image/png": ".png",
        "image/jpeg": ".jpg", "image/gif": ".gif", "application/pdf": ".pdf", "text/calendar": ".ics",
        "message/delivery-status": ".txt", "text/rfc822-headers": ".txt", "application/pgp-signature": ".asc",
        "application/pkcs7-signature": ".p7s", "application/x-pkcs7-signature": ".p7s", "application/ms-tnef": ".dat"}


class _Body:
    """Walks the MIME tree once: the text/plain and text/html of the message itself (not of a
    forwarded message/rfc822, which is an attachment), and every attachment."""

    def __init__(self) -> None:
        self.plain: list[str] = []
        self.html = ""
        self.html_parts: list[str] = []  # converted to text only when no plain text is there
        self.attachments: list[InboundAttachment] = []

    def text(self) -> str:
        pieces = [p for p in self.plain if p.strip()]
        if not pieces:
            pieces = [t for t in (html_to_text(h) for h in self.html_parts[:MAX_HTML_BODIES]) if t.strip()]
        text = "\n\n".join(pieces)
        return _BLANKS.sub("\n\n", text).strip("\n")

    def walk(self, part: Message) -> None:
        ctype = content_type(part)
        if ctype.startswith("multipart/") and is_container(part):
            if ctype == "multipart/alternative":
                self._alternative(children(part))
            else:
                for child in children(part):
                    self.walk(child)
            return
        filename = _filename(part)
        disposition = _disposition(part)
        if ctype in ("text/plain", "text/html") and not filename and disposition != "attachment" and not is_container(part):
            text = _part_text(part)
            if ctype == "text/plain":
                self.plain.append(text)
            else:
                if not self.html:
                    self.html = text
                self.html_parts.append(text)
            return
        self._attach(part, ctype, filename)

    def _alternative(self, children: list[Message]) -> None:
        """One body among alternatives: the plain one for the text, the HTML one kept;
        anything else inside (a calendar invite) is attached."""
        sub = _Body()
        for child in children:
            sub.walk(child)
        if sub.plain:
            self.plain.append("\n\n".join(sub.plain))
        elif sub.html_parts:
            self.plain.append(html_to_text(sub.html_parts[0]))
        if sub.html and not self.html:
            self.html = sub.html
        self.attachments += sub.attachments

    def _attach(self, part: Message, ctype: str, filename: str) -> None:
        if is_container(part):  # message/rfc822, message/delivery-status
            inner = children(part)
            data = b"\n".join(_as_bytes(p) for p in inner)
            if not filename and ctype in ("message/rfc822", "message/global") and inner:
                subject = header_text(inner[0], "Subject")
                filename = _safe_name(subject) + ".eml" if subject else ""
        else:
            data = payload_bytes(part)
        if not filename:
            base = {"message/delivery-status": "delivery-status", "text/rfc822-headers": "original-headers"}.get(
                ctype, "forwarded" if ctype.startswith("message/") else "attachment")
            filename = base + _EXT.get(ctype, ".bin")
        self.attachments.append(InboundAttachment(filename=clean_text(filename), mime_type=ctype, data=data))


def _safe_name(text: str) -> str:
    text = "".join(c if c >= " " and c not in '\\/:*?"<>|\x7f' else "_" for c in text).strip(" .")
    return text[:120] or "forwarded"


# Writing a nested message back: CRLF like the wire, and no refolding of its headers (raw
# 8-bit headers are written back as they were, not as "unknown-8bit" encoded words).
_WRITE_BACK = compat32.clone(max_line_length=0, linesep="\r\n")


def _as_bytes(msg: Message) -> bytes:
    try:
        return msg.as_bytes(policy=_WRITE_BACK)
    except Exception:  # noqa: BLE001 - a part the generator cannot write back
        try:
            return msg.as_string(policy=_WRITE_BACK).encode("utf-8", "surrogateescape")
        except Exception:  # noqa: BLE001
            return b""


# --- headers --------------------------------------------------------------------------------

def _addresses(msg: Message, *names: str) -> list[tuple[str, str]]:
    """(decoded display name, normalised address) of every address in the named headers. The
    address list is split on the raw bytes (held 1:1 as Latin-1) so an encoded or 8-bit
    display name with a comma in it cannot split an address."""
    raw_values = []
    for name in names:
        for value in header_values(msg, name):
            raw_values.append(re.sub(r"\r?\n(?=[ \t])", "", header_bytes(value)[:MAX_HEADER_BYTES].decode("latin-1")))
    if not raw_values:
        return []
    try:
        pairs = getaddresses(raw_values)
    except Exception:  # noqa: BLE001 - the stdlib's address parser on hostile input
        pairs = [("", v) for v in raw_values]
    out = []
    for display, addr in pairs:
        address = normalise_address(decode_bytes(addr.encode("latin-1", "replace"), None))
        out.append((decode_header(display.encode("latin-1", "replace")), address))
    return out


def _sender(msg: Message) -> tuple[str, str]:
    for header in ("From", "Sender", "Reply-To", "Return-Path"):
        for display, address in _addresses(msg, header):
            if address:
                return display.strip().strip('"').strip(), address
    return "", ""


def _recipients(msg: Message) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for _display, address in _addresses(msg, "To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To"):
        if address:
            seen.setdefault(address, None)
    return tuple(seen)[:200]


def _ids(value: object) -> list[str]:
    text = header_bytes(value)[:MAX_HEADER_BYTES].decode("latin-1")
    found = _MSGID.findall(text)
    if not found:
        token = text.strip().strip("<>").strip()
        found = [token] if token and " " not in token and len(token) <= _MAX_ID else []
    return [clean_text(decode_bytes(f.encode("latin-1"), None)) for f in found]


def _first_id(values: list) -> str:
    for value in values:
        ids = _ids(value)
        if ids:
            return ids[0]
    return ""


def _references(msg: Message) -> tuple[str, ...]:
    refs: list[str] = []
    for value in header_values(msg, "References"):
        refs += _ids(value)
    if len(refs) > MAX_REFERENCES:
        refs = refs[:1] + refs[-(MAX_REFERENCES - 1):]
    return tuple(refs)


def _external_id(msg: Message, raw: bytes) -> str:
    mid = _first_id(header_values(msg, "Message-ID"))
    if mid and len(mid) <= _MAX_ID:
        return mid
    return f"sha256:{hashlib.sha256(raw).hexdigest()}@agentdesk.invalid"


def _aware(when: datetime) -> datetime:
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _date(msg: Message, arrived: datetime) -> datetime:
    value = header_value(msg, "Date")
    if value is None:
        return arrived
    try:
        when = _aware(parsedate_to_datetime(decode_header(value)))
    except Exception:  # noqa: BLE001 - every malformed date the stdlib trips on
        return arrived
    if when < _EARLIEST or when > arrived + timedelta(days=1):
        return arrived
    return when


def is_auto_submitted(msg: Message) -> bool:
    """An automatic mail (RFC 3834 Auto-Submitted, bulk/list Precedence, vacation replies,
    null sender, or our own gateway's mail): it never reopens a ticket nor gets an automatic
    answer, so two robots cannot loop."""
    auto = header_text(msg, "Auto-Submitted").lower()
    if auto and auto.split(";", 1)[0].strip() != "no":
        return True
    precedence = header_text(msg, "Precedence").lower()
    if precedence in ("bulk", "junk", "list", "auto_reply"):
        return True
    if precedence and has_header(msg, "List-Id"):
        return True
    for name in ("X-Autoreply", "X-Autorespond", "X-Auto-Reply", OWN_HEADER):
        if has_header(msg, name):
            return True
    return_path = header_value(msg, "Return-Path")
    return return_path is not None and header_bytes(return_path).strip() == b"<>"
