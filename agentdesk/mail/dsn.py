"""Delivery status notifications (bounces, RFC 3464) read from a parsed mail (issue 14): the
outbox marks the address and attaches the bounce to the ticket of the original message.

Pure: no Qt, no database.
"""

from __future__ import annotations

from email.message import Message
from email.parser import BytesHeaderParser
from email.policy import compat32

from .decode import decode_header, header_bytes, normalise_address

_MSGID_STRIP = "<> \t\r\n"


def is_dsn(msg: Message) -> bool:
    """multipart/report; report-type=delivery-status."""
    try:
        return (msg.get_content_type() == "multipart/report"
                and str(msg.get_param("report-type") or "").strip().lower() == "delivery-status")
    except Exception:  # noqa: BLE001 - a malformed Content-Type is simply not a DSN
        return False


def _field(block: Message, name: str) -> str:
    value = block.get(name)
    return decode_header(value) if value is not None else ""


def _address(value: str) -> str:
    # "rfc822; someone@example.com" (the address type first)
    addr = value.split(";", 1)[1] if ";" in value else value
    addr = addr.strip().strip("<>").strip()
    return normalise_address(addr)


def _original_message_id(part: Message) -> str:
    ctype = part.get_content_type()
    headers: Message | None = None
    if ctype in ("message/rfc822", "message/global"):
        payload = part.get_payload()
        if isinstance(payload, list) and payload and isinstance(payload[0], Message):
            headers = payload[0]
    elif ctype in ("text/rfc822-headers", "message/rfc822-headers", "text/plain"):
        data = part.get_payload(decode=True)
        if isinstance(data, bytes):
            headers = BytesHeaderParser(policy=compat32).parsebytes(data[:256 * 1024])
    if headers is None:
        return ""
    mid = headers.get("Message-ID")
    return decode_header(header_bytes(mid)).strip(_MSGID_STRIP) if mid is not None else ""


def parse_dsn(msg: Message) -> dict | None:
    """``{"action", "status", "recipient", "original_message_id"}`` for a delivery status
    notification (the first failed recipient, else the first one), or None when ``msg`` is
    not one. ``action`` is lower case (failed, delayed, delivered, relayed, expanded);
    ``status`` the enhanced code ("5.1.1"); missing fields are ""."""
    if not is_dsn(msg):
        return None
    parts = msg.get_payload()
    if not isinstance(parts, list):
        return None
    recipients: list[Message] = []
    original = ""
    for part in parts[:50]:
        if not isinstance(part, Message):
            continue
        ctype = part.get_content_type()
        if ctype in ("message/delivery-status", "message/global-delivery-status"):
            blocks = part.get_payload()
            if isinstance(blocks, list):
                # The first block is per-message (Reporting-MTA); the rest per recipient.
                recipients += [b for b in blocks[1:] if isinstance(b, Message)]
                if not recipients:
                    recipients += [b for b in blocks[:1] if isinstance(b, Message) and b.get("Action")]
        elif not original and ctype in ("message/rfc822", "message/global", "text/rfc822-headers",
                                         "message/rfc822-headers"):
            original = _original_message_id(part)
    chosen = next((b for b in recipients if _field(b, "Action").lower() == "failed"), recipients[0] if recipients else None)
    if chosen is None:
        return {"action": "", "status": "", "recipient": "", "original_message_id": original}
    status = _field(chosen, "Status").split()[0] if _field(chosen, "Status") else ""
    recipient = _field(chosen, "Final-Recipient") or _field(chosen, "Original-Recipient")
    return {
        "action": _field(chosen, "Action").lower().split()[0] if _field(chosen, "Action") else "",
        "status": status,
        "recipient": _address(recipient) if recipient else "",
        "original_message_id": original,
    }
