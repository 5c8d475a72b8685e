"""Inbound messages for the intake's tests (services/channels.py), without a mail parser:
``mail`` builds what parse_mail would hand over, ``chat`` what a webhook would."""

from __future__ import annotations

import itertools
from datetime import datetime

from agentdesk.channels import Inbound, InboundAttachment, ThreadHints
from agentdesk.models import utcnow

_seq = itertools.count(1)
SECRET = "test-thread-secret"


def mail(*, sender: str = "hong@example.com", name: str = "홍길동", subject: str = "카드 분실 신고",
         text: str = "카드를 잃어버렸어요.", message_id: str | None = None, in_reply_to: str = "",
         references: tuple[str, ...] = (), recipients: tuple[str, ...] = ("support@desk.example",),
         ticket_number: int | None = None, auto: bool = False, raw: bytes | None = None,
         attachments: tuple[InboundAttachment, ...] = (), html: str = "", at: datetime | None = None) -> Inbound:
    mid = message_id if message_id is not None else f"m{next(_seq)}.{id(object())}@mail.example"
    if raw is None:
        raw = (f"From: {sender}\r\nTo: {', '.join(recipients)}\r\nMessage-ID: <{mid}>\r\nSubject: {subject}\r\n"
               f"\r\n{text}\r\n").encode()
    return Inbound(channel="email", external_id=mid, sender_address=sender, sender_name=name, subject=subject,
                   text=text, received_at=at or utcnow(), html=html, raw=raw, attachments=attachments,
                   hints=ThreadHints(in_reply_to=in_reply_to, references=references, recipients=recipients,
                                     ticket_number=ticket_number),
                   auto_submitted=auto)


def chat(*, channel: str = "chat", sender: str = "visitor-1", name: str = "", text: str = "안녕하세요, 배송 문의요",
         conversation: str = "conv-1", event_id: str | None = None, at: datetime | None = None) -> Inbound:
    return Inbound(channel=channel, external_id=event_id or f"evt-{next(_seq)}", sender_address=sender,
                   sender_name=name, subject="", text=text, received_at=at or utcnow(),
                   hints=ThreadHints(conversation=conversation))


# --- a stand-in for agentdesk.mail.parse (the mailparse helper's), for the import's tests -----
class StandInParseError(ValueError):
    pass


def stand_in_parse(raw: bytes, received_at: datetime | None = None) -> Inbound:
    """The few fields the import's tests need, by the standard library (UTF-8 only)."""
    import re
    from email import message_from_bytes, policy
    from email.utils import getaddresses, parseaddr

    msg = message_from_bytes(raw, policy=policy.default)
    if not msg.keys() or not (msg["From"] or msg["Message-ID"]):
        raise StandInParseError("not a mail: no mail header")
    name, addr = parseaddr(str(msg["From"] or ""))
    body = msg.get_body(preferencelist=("plain",))
    text = body.get_content() if body is not None else ""
    files = tuple(InboundAttachment(p.get_filename() or "attachment", p.get_content_type(), p.get_payload(decode=True))
                  for p in msg.iter_attachments())
    subject = str(msg["Subject"] or "")
    number = re.search(r"\[#(\d+)\]", subject)
    ids = lambda h: tuple(re.findall(r"<([^<>\s]+)>", str(msg[h] or "")))  # noqa: E731
    return Inbound(channel="email", external_id=(ids("Message-ID") or ("",))[0], sender_address=addr, sender_name=name,
                   subject=re.sub(r"^(?:(?:re|fwd|회신|전달|답장)\s*:\s*)+", "", subject, flags=re.I).strip(),
                   text=text.strip(), received_at=received_at or utcnow(), raw=raw, attachments=files,
                   hints=ThreadHints(in_reply_to=(ids("In-Reply-To") or ("",))[0], references=ids("References"),
                                     recipients=tuple(a for _, a in getaddresses([str(msg["To"] or "")])),
                                     ticket_number=int(number.group(1)) if number else None))


def parser():
    """(parse_mail, its error): the real one once agentdesk/mail/parse.py is on this branch."""
    try:
        from agentdesk.mail.parse import MailParseError, parse_mail
    except ImportError:
        return stand_in_parse, StandInParseError
    return parse_mail, MailParseError


def eml(*, mid: str, sender: str = "홍길동 <hong@example.com>", subject: str = "카드 분실 신고", body: str = "카드를 잃어버렸어요.",
        in_reply_to: str = "", to: str = "support@desk.example") -> bytes:
    from email.message import EmailMessage

    m = EmailMessage()
    m["From"], m["To"], m["Subject"], m["Message-ID"] = sender, to, subject, f"<{mid}>"
    m["Date"] = "Sun, 06 Dec 2026 10:00:00 +0900"
    if in_reply_to:
        m["In-Reply-To"] = m["References"] = f"<{in_reply_to}>"
    m.set_content(body)
    return bytes(m)
