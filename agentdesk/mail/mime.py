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
from urllib.parse import unquote_to_bytes

from .decode import clean_text, decode_bytes, decode_header, header_bytes

_B64_JUNK = re.compile(rb"[^A-Za-z0-9+/]")


_INDEX = "_agentdesk_header_index"


def header_values(msg: Message, name: str) -> list[object]:
    """Every value of header ``name`` as the parser stored it (str with surrogate escapes).
    The parser's messages are never changed afterwards, so an index is built once per part."""
    index = getattr(msg, _INDEX, None)
    if index is None:
        index = {}
        for k, v in msg.raw_items():
            if isinstance(k, str):
                index.setdefault(k.lower(), []).append(v)
        setattr(msg, _INDEX, index)
    return index.get(name.lower(), [])


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
    """``maintype/subtype`` in lower case; the default (text/plain, or message/rfc822 inside
    a multipart/digest) when missing or malformed, as RFC 2045 says."""
    value = header_value(part, "Content-Type")
    if value is not None:
        main = _split_params(_raw_header(value))[0].strip().lower()
        if main.count("/") == 1 and _TOKEN.fullmatch(main.replace("/", "", 1)):
            return main
    try:
        return part.get_default_type()
    except Exception:  # noqa: BLE001
        return "text/plain"


def param(part: Message, name: str, header: str = "content-type") -> str | None:
    """Parameter ``name`` of ``header`` decoded to text, or None: RFC 2231 (``name*=``,
    continuations ``name*0*=``/``name*1*=`` joined as bytes before decoding, so a character
    split between them survives), RFC 2047 words inside quotes, raw 8-bit (CP949/UTF-8)."""
    value = header_value(part, header)
    if value is None:
        return None
    return _params(_raw_header(value)).get(name.lower())


_TOKEN = re.compile(r"[a-z0-9!#$%&'*+.^_`|~-]{1,127}")
_CONTINUATION = re.compile(r"^(?P<name>[^*]+)\*(?:(?P<num>\d{1,3})\*?)?$")
_MAX_PARAMS = 100
_MAX_PARAM_HEADER = 64 * 1024


def _raw_header(value: object) -> str:
    """A header value as Latin-1 text: one character per original byte, unfolded."""
    return re.sub(r"\r?\n(?=[ \t])", "", header_bytes(value)[:_MAX_PARAM_HEADER].decode("latin-1"))


def _split_params(text: str) -> list[str]:
    """``text`` split on the semicolons outside quoted strings."""
    if '"' not in text:
        return text.split(";", _MAX_PARAMS + 1)
    out: list[str] = []
    current: list[str] = []
    quoted = escaped = False
    for ch in text:
        if escaped:
            escaped = False
        elif ch == "\\" and quoted:
            escaped = True
        elif ch == '"':
            quoted = not quoted
        elif ch == ";" and not quoted:
            out.append("".join(current))
            current = []
            if len(out) > _MAX_PARAMS:
                break
            continue
        current.append(ch)
    out.append("".join(current))
    return out


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == '"' and value[-1] == '"':
        return re.sub(r"\\(.)", r"\1", value[1:-1])
    return value.strip('"')


def _params(text: str) -> dict[str, str]:
    plain: dict[str, str] = {}
    extended: dict[str, list[tuple[int, str, bool]]] = {}
    for piece in _split_params(text)[1:]:
        key, sep, value = piece.partition("=")
        key = key.strip().lower()
        if not sep or not key:
            continue
        value = _unquote(value)
        m = _CONTINUATION.match(key)
        if m:
            encoded = key.endswith("*")
            extended.setdefault(m.group("name"), []).append((int(m.group("num") or 0), value, encoded))
        else:
            plain.setdefault(key, decode_header(value.encode("latin-1")))
    for name, pieces in extended.items():
        pieces.sort(key=lambda p: p[0])
        charset = None
        data = bytearray()
        for index, (_num, value, encoded) in enumerate(pieces):
            if encoded and index == 0 and value.count("'") >= 2:
                charset, _lang, value = value.split("'", 2)
            data += unquote_to_bytes(value) if encoded else value.encode("latin-1")
        plain[name] = clean_text(decode_bytes(bytes(data), charset or None).strip())
    return plain


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
