"""Safe access to a parsed ``email.message.Message`` (compat32) for the mail parser.

The stdlib's accessors decode as they go and raise on hostile input (``get_payload()`` decodes
8-bit text with the declared charset and fails on a charset with a NUL in it; ``get()`` wraps
8-bit values in ``Header`` objects). These read what the parser stored instead, and every
decode then goes through ``agentdesk.mail.decode``.

Pure: no Qt, no database.
"""

from __future__ import annotations

import binascii
import quopri
import re
from email.message import Message

from .decode import decode_header

_B64_JUNK = re.compile(rb"[^A-Za-z0-9+/]")


def header_values(msg: Message, name: str) -> list[object]:
    """Every value of header ``name`` as the parser stored it (str with surrogate escapes)."""
    lname = name.lower()
    return [v for k, v in msg.raw_items() if isinstance(k, str) and k.lower() == lname]


def header_value(msg: Message, name: str) -> object | None:
    values = header_values(msg, name)
    return values[0] if values else None


def header_text(msg: Message, name: str) -> str:
    """The first ``name`` header decoded (RFC 2047, CP949, raw UTF-8), or ""."""
    value = header_value(msg, name)
    return decode_header(value) if value is not None else ""


def has_header(msg: Message, name: str) -> bool:
    return header_value(msg, name) is not None


def header_names(msg: Message) -> list[str]:
    return [k for k, _v in msg.raw_items() if isinstance(k, str)]


def children(part: Message) -> list[Message]:
    """The sub-parts of a multipart or message/* part ([] for a leaf)."""
    payload = getattr(part, "_payload", None)
    if isinstance(payload, list):
        return [p for p in payload if isinstance(p, Message)]
    return []


def is_container(part: Message) -> bool:
    return isinstance(getattr(part, "_payload", None), list)


def content_type(part: Message) -> str:
    try:
        return part.get_content_type()
    except Exception:  # noqa: BLE001 - a malformed Content-Type reads as the default
        return "text/plain"


def param(part: Message, name: str, header: str = "content-type") -> object:
    try:
        return part.get_param(name, header=header)
    except Exception:  # noqa: BLE001 - malformed parameters read as absent
        return None


def raw_payload(part: Message) -> bytes:
    """A leaf's payload bytes as they were on the wire (still transfer-encoded)."""
    payload = getattr(part, "_payload", None)
    if isinstance(payload, bytes):
        return payload
    if not isinstance(payload, str):
        return b""
    try:
        return payload.encode("ascii", "surrogateescape")
    except UnicodeEncodeError:  # a payload set as real text (not from the byte parser)
        return payload.encode("utf-8", "surrogateescape")


def payload_bytes(part: Message) -> bytes:
    """A leaf's payload with its Content-Transfer-Encoding undone, leniently: bad base64
    keeps what decodes, an unknown encoding gives the bytes as they are."""
    data = raw_payload(part)
    cte = header_text(part, "Content-Transfer-Encoding").lower().strip()
    if cte == "base64":
        # Up to the padding, alphabet only (line breaks, junk dropped), re-padded.
        clean = _B64_JUNK.sub(b"", data.split(b"=", 1)[0])
        if len(clean) % 4 == 1:
            clean = clean[:-1]
        clean += b"=" * (-len(clean) % 4)
        try:
            return binascii.a2b_base64(clean)
        except (binascii.Error, ValueError):
            return data
    if cte == "quoted-printable":
        try:
            return quopri.decodestring(data)
        except Exception:  # noqa: BLE001
            return data
    if cte in ("x-uuencode", "uuencode", "uue", "x-uue"):
        try:
            out = part.get_payload(decode=True)
            return out if isinstance(out, bytes) else data
        except Exception:  # noqa: BLE001
            return data
    return data
