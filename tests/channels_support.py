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
