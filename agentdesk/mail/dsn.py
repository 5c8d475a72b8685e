"""Delivery status notifications (bounces, RFC 3464) read from a parsed mail (issue 14): the
outbox marks the address and attaches the bounce to the ticket of the original message.

Pure: no Qt, no database.
"""

from __future__ import annotations

from email.message import Message
from email.parser import BytesHeaderParser
from email.policy import compat32

from .decode import normalise_address
from .mime import children, content_type, header_text, param, payload_bytes

_DSN_PARTS = ("message/delivery-status", "message/global-delivery-status")
_ORIGINAL_PARTS = ("message/rfc822", "message/global", "text/rfc822-headers", "message/rfc822-headers",
                   "message/global-headers")


def is_dsn(msg: Message) -> bool:
    """multipart/report; report-type=delivery-status."""
    report = param(msg, "report-type")
    return content_type(msg) == "multipart/report" and (report or "").strip().lower() == "delivery-status"


def _address(value: str) -> str:
    # "rfc822; someone@example.com" (the address type first)
    addr = value.split(";", 1)[1] if ";" in value else value
    return normalise_address(addr.strip().strip("<>").strip())


def _original_message_id(part: Message) -> str:
    inner = children(part)
    if inner:  # message/rfc822: the returned message (or its headers) parsed as a message
        headers = inner[0]
    else:  # text/rfc822-headers: a header block as text
        try:
            headers = BytesHeaderParser(policy=compat32).parsebytes(payload_bytes(part)[:256 * 1024])
        except Exception:  # noqa: BLE001 - unreadable headers: no original id
            return ""
    return header_text(headers, "Message-ID").strip("<> \t")


def parse_dsn(msg: Message) -> dict | None:
    """``{"action", "status", "recipient", "original_message_id"}`` for a delivery status
    notification (its first failed recipient, else its first recipient), or None when
    ``msg`` (a parsed compat32 message) is not one. ``action`` is lower case (failed,
    delayed, delivered, relayed, expanded), ``status`` the enhanced code ("5.1.1"),
    ``recipient`` normalised, ``original_message_id`` without <>; missing fields are ""."""
    if not is_dsn(msg):
        return None
    recipients: list[Message] = []
    original = ""
    for part in children(msg)[:50]:
        ctype = content_type(part)
        if ctype in _DSN_PARTS:
            # The first block is per message (Reporting-MTA); the others per recipient.
            blocks = children(part)
            recipients += [b for b in blocks[1:] if header_text(b, "Action") or header_text(b, "Final-Recipient")]
            if not recipients:
                recipients += [b for b in blocks[:1] if header_text(b, "Action")]
        elif not original and ctype in _ORIGINAL_PARTS:
            original = _original_message_id(part)
    chosen = next((b for b in recipients if header_text(b, "Action").lower().startswith("failed")),
                  recipients[0] if recipients else None)
    if chosen is None:
        return {"action": "", "status": "", "recipient": "", "original_message_id": original}
    action = header_text(chosen, "Action").lower().split()
    status = header_text(chosen, "Status").split()
    recipient = header_text(chosen, "Final-Recipient") or header_text(chosen, "Original-Recipient")
    return {
        "action": action[0].rstrip(";") if action else "",
        "status": status[0] if status else "",
        "recipient": _address(recipient) if recipient else "",
        "original_message_id": original,
    }
