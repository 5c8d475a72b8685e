"""An agent's public reply as one whole mail (issue 14): what the gateway's outbox fixes
at enqueue time and sends as it is, however often it retries.

From the support address, To the customer, Subject ``Re: <subject> [#1234]``,
In-Reply-To/References threading it under the customer's last mail, our own signed
Message-ID (its customer's answer threads by it), a Reply-To carrying the signed reply
token (agentdesk/mail/tokens.py), text/plain UTF-8 with the message's files,
``X-AgentDesk-Ticket`` and ``Auto-Submitted: no`` (a person wrote it).

Pure: no Qt, no database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTPUTF8
from email.utils import format_datetime

from agentdesk.services.pii import mask_pii

# The policy sends lines ending CRLF and folds long headers; non-ASCII header text
# becomes RFC 2047 encoded words (utf8=False: every server takes them).
_POLICY = SMTPUTF8.clone(utf8=False)
_TICKET_TAG = re.compile(r"\[#(\d+)\]")
SUBJECT_LIMIT = 200  # characters of the ticket's subject kept in the mail's subject
REFERENCES_LIMIT = 20  # Message-IDs in References (the newest: RFC 5322 lets it be cut)


@dataclass(frozen=True)
class ReplyFile:
    filename: str
    mime_type: str
    data: bytes


@dataclass(frozen=True)
class ReplyMail:
    from_address: str  # the support address
    from_name: str  # the team or company name shown to the customer
    to_address: str
    to_name: str
    subject: str  # the ticket's subject (reply prefixes already stripped)
    ticket_number: int
    body: str
    message_id: str  # ours, signed (tokens.make_message_id), with or without <>
    date: datetime
    reply_to: str = ""  # the signed reply address (tokens.reply_address)
    in_reply_to: str = ""  # the customer's last Message-ID
    references: tuple[str, ...] = ()  # oldest first
    files: tuple[ReplyFile, ...] = ()
    # No person wrote it (the FAQ auto-response): RFC 3834's "auto-replied", so the
    # customer's own autoresponder does not answer it back (no loops).
    automatic: bool = False


def bracketed(mid: str) -> str:
    mid = "".join((mid or "").split()).strip("<>")
    return f"<{mid}>" if mid else ""


def reply_subject(subject: str, ticket_number: int) -> str:
    """``Re: 카드 한도 문의 [#1234]``; a subject that already names the ticket keeps its tag.
    Another ticket's tag (a customer's new mail that quoted an older ticket's subject: a new
    linked ticket) is left out, so the customer sees one number and a reply names this one.
    A card or resident number the customer put in the subject is masked (services/pii.py),
    as the desk shows it: every reply would otherwise carry it out again in the clear."""
    subject = _TICKET_TAG.sub(lambda m: m.group(0) if int(m.group(1)) == ticket_number else "", subject or "")
    subject = mask_pii(" ".join(subject.split()))[:SUBJECT_LIMIT] or "(no subject)"
    if not _TICKET_TAG.search(subject):
        subject = f"{subject} [#{ticket_number}]"
    return f"Re: {subject}"


def _address(name: str, addr: str) -> Address:
    local, _, domain = addr.strip().rpartition("@")
    if not local or not domain:
        raise ValueError(f"not a mail address: {addr!r}")
    # Control characters in a display name would break the header; they are dropped.
    return Address(display_name="".join(ch for ch in name if ch.isprintable()), username=local, domain=domain)


def compose_reply(mail: ReplyMail) -> bytes:
    """The whole MIME, as sent (CRLF line ends)."""
    msg = EmailMessage(policy=_POLICY)
    msg["From"] = _address(mail.from_name, mail.from_address)
    msg["To"] = _address(mail.to_name, mail.to_address)
    if mail.reply_to:
        msg["Reply-To"] = _address(mail.from_name, mail.reply_to)
    msg["Subject"] = reply_subject(mail.subject, mail.ticket_number)
    msg["Date"] = format_datetime(mail.date)
    msg["Message-ID"] = bracketed(mail.message_id)
    if mail.in_reply_to:
        msg["In-Reply-To"] = bracketed(mail.in_reply_to)
    refs = [bracketed(r) for r in mail.references if r]
    if mail.in_reply_to and bracketed(mail.in_reply_to) not in refs:
        refs.append(bracketed(mail.in_reply_to))
    if refs:
        msg["References"] = " ".join(refs[-REFERENCES_LIMIT:])
    msg["X-AgentDesk-Ticket"] = str(int(mail.ticket_number))
    msg["Auto-Submitted"] = "auto-replied" if mail.automatic else "no"
    body = mail.body if mail.body.endswith("\n") else mail.body + "\n"
    msg.set_content(body, charset="utf-8", cte="8bit" if body.isascii() else "base64")
    for f in mail.files:
        maintype, _, subtype = (f.mime_type or "application/octet-stream").partition("/")
        msg.add_attachment(f.data, maintype=maintype or "application", subtype=subtype or "octet-stream",
                           filename=f.filename or "attachment")
    return msg.as_bytes(policy=_POLICY)
