"""What every channel hands the workspace, as plain values (issue 14): the gateway's
IMAP poller, `agentdesk mail import`, the webhook intake (chat, SMS, social, phone
events) and the web-chat widget all turn what they received into one ``Inbound`` and
give it to ``services.channels.receive``, which threads it, matches or creates the
customer, dedupes it and writes the ticket and message through the same services as
everything else (so audit, routing rules, sync and the inbox's live refresh see it).

Pure: no Qt, no database.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

# Bytes of one inbound message as a whole (raw original with attachments): a mail bigger
# than this is refused with a clear line and nothing stored.
MAX_INBOUND_BYTES = 35 * 1024 * 1024


class Outcome(StrEnum):
    NEW = "new"  # a new ticket
    THREADED = "threaded"  # a message on an existing ticket
    DUPLICATE = "duplicate"  # seen before (same channel and external id): nothing stored


@dataclass(frozen=True)
class InboundAttachment:
    filename: str  # decoded, for display only (never a path)
    mime_type: str
    data: bytes


@dataclass(frozen=True)
class ThreadHints:
    """What the channel knows about the conversation a message belongs to."""

    in_reply_to: str = ""  # mail: the In-Reply-To Message-ID, without <>
    references: tuple[str, ...] = ()  # mail: References, oldest first, without <>
    recipients: tuple[str, ...] = ()  # mail: To/Cc/Delivered-To addresses (the reply token lives here)
    conversation: str = ""  # chat session / SMS or social thread / call id: same key, same open ticket
    ticket_number: int | None = None  # "[#1234]" in a mail subject (used only per the threading rules)


@dataclass(frozen=True)
class Inbound:
    """One message from outside. ``external_id`` is the channel's own id of it (the mail's
    Message-ID, a webhook event's message id): (channel, external_id) is seen once."""

    channel: str  # models.Channel value
    external_id: str
    sender_address: str  # email address, E.164 number, social handle or web-chat visitor id
    sender_name: str
    subject: str  # reply prefixes already stripped (mail); "" for channels without one
    text: str  # clean text for the timeline (quoted text and signatures still in it)
    received_at: datetime
    html: str = ""
    raw: bytes = b""  # the original as received, kept always
    attachments: tuple[InboundAttachment, ...] = ()
    hints: ThreadHints = field(default_factory=ThreadHints)
    # Auto-replies, bulk mail, our own mail: attach without reopening, never auto-respond.
    auto_submitted: bool = False
    # Anything else a channel wants kept with the message (Twilio's MessageSid, a DSN's status).
    meta: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Received:
    outcome: Outcome
    ticket_id: uuid.UUID | None  # None only for a duplicate whose ticket is gone
    ticket_number: int | None
    message_id: uuid.UUID | None  # the messages row (None for a duplicate)
    customer_id: uuid.UUID | None
    reopened: bool = False
