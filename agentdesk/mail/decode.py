"""Decoding that Korean mail does not break (issue 14).

Python's ``email`` maps ``ks_c_5601-1987`` and ``euc-kr`` to strict EUC-KR (KS X 1001, 2,350
syllables), while Outlook and Korean webmail really send CP949 (Unified Hangul Code, all
11,172 syllables). Syllables outside KS X 1001 such as 똠, 뷁, 햏 then become U+FFFD in
subjects, senders, bodies and attachment names without any error. Every path here decodes a
Korean label with CP949 (a strict superset of EUC-KR), and every decode falls back instead of
raising: declared charset, then CP949 when the label looks Korean, then UTF-8, then CP949,
then Latin-1 (which cannot fail).

Also handled: RFC 2047 encoded words split in the middle of a multibyte character across
adjacent words (their bytes are joined before decoding), unknown or bogus charset labels,
8-bit headers and bodies without any charset (UTF-8, else CP949), and RFC 2231 parameters
(attachment names) in CP949.

Pure: no Qt, no database.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import re
from functools import lru_cache

# Every label seen on Korean mail for EUC-KR/CP949 text; all decode as CP949.
KOREAN_LABELS = frozenset({
    "euc-kr", "euc_kr", "euckr", "euc kr", "x-euc-kr", "cseuckr",
    "ks_c_5601-1987", "ks_c_5601", "ks_c_5601_1987", "ks_c_5601-1989", "ks-c-5601", "ks-c-5601-1987",
    "ksc5601", "ksc_5601", "ks_x_1001", "ks-x-1001", "ksx1001", "csksc56011987", "iso-ir-149",
    "korean", "cp949", "ms949", "ms_949", "windows-949", "x-windows-949", "uhc", "x-uhc",
    "iso-2022-kr",  # decoded by its own codec first (it is 7-bit); CP949 only as the fallback
})

# Codecs that are text encodings to Python but never a mail charset (and some are costly or
# surprising on hostile input): treated as unknown labels.
_REFUSED_CODECS = frozenset({"idna", "punycode", "unicode_escape", "raw_unicode_escape", "undefined",
                             "mbcs", "oem", "charmap"})

_UNKNOWN_8BIT = frozenset({"unknown-8bit", "x-unknown", "unknown", "8bit", "x-user-defined", "default", ""})


def _norm_label(label: str | None) -> str:
    if not label:
        return ""
    return label.strip().strip('"').strip().lower()


def is_korean_label(label: str | None) -> bool:
    """True when the label names EUC-KR/CP949 text (or looks like it does: ``ks_c_5601-1992``)."""
    lab = _norm_label(label)
    if lab in KOREAN_LABELS:
        return True
    return any(k in lab for k in ("5601", "949", "euc-kr", "euckr", "euc_kr", "korea", "ksx", "ks_x", "uhc"))


@lru_cache(maxsize=256)
def codec_for(label: str | None) -> str | None:
    """The Python codec to decode text declared as ``label``, or None when the label is
    unknown, missing or not a text encoding. Korean labels give ``cp949``."""
    lab = _norm_label(label)
    if lab in _UNKNOWN_8BIT:
        return None
    if lab == "iso-2022-kr":
        return "iso2022_kr"
    if is_korean_label(lab):
        return "cp949"
    if len(lab) > 40:
        return None
    try:
        info = codecs.lookup(lab)
    except (LookupError, ValueError):
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _REFUSED_CODECS:
        return None
    if info.name == "euc_kr":  # reached through an alias this table does not know
        return "cp949"
    return info.name


def _try(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeError, LookupError, ValueError, TypeError):
        return None


def decode_bytes(data: bytes, charset: str | None = None) -> str:
    """``data`` as text: the declared charset (Korean labels as CP949), then CP949 when the
    label looks Korean, then UTF-8, then CP949, then Latin-1. Never raises, never U+FFFD
    from a failed decode (Latin-1 maps every byte)."""
    if not data:
        return ""
    if data.isascii():
        # Pure ASCII reads the same in every charset we accept, except 7-bit encodings.
        codec = codec_for(charset)
        if codec in _SEVEN_BIT:
            text = _try(data, codec)
            if text is not None:
                return text
        return data.decode("ascii")
    tried: list[str] = []
    codec = codec_for(charset)
    if codec in _WESTERN:
        # Korean webmail and old scripts label UTF-8 or CP949 text as Latin-1 (which decodes
        # anything): text that is valid UTF-8, or CP949 that reads as Hangul, is taken as such.
        text = _try(data, "utf-8") or _hangul_cp949(data)
        if text is not None:
            return text
    chain = [codec] if codec else []
    if is_korean_label(charset):
        chain.append("cp949")
    chain += ["utf-8", "cp949"]
    for name in chain:
        if name in tried:
            continue
        tried.append(name)
        text = _try(data, name)
        if text is not None:
            return text
    return data.decode("latin-1")


# Encodings whose ASCII-only bytes are not ASCII text (codecs.lookup(...).name).
_SEVEN_BIT = frozenset({"iso2022_kr", "iso2022_jp", "iso2022_jp_1", "iso2022_jp_2", "iso2022_jp_3", "iso2022_jp_ext",
                        "hz", "utf-7", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"})
_WESTERN = frozenset({"iso8859-1", "cp1252", "ascii", "iso8859-15"})  # codecs.lookup(...).name


def _hangul_cp949(data: bytes) -> str | None:
    """``data`` as CP949 when that decodes and most non-ASCII characters are Hangul syllables."""
    text = _try(data, "cp949")
    if text is None:
        return None
    wide = [c for c in text if ord(c) > 0x7F]
    hangul = sum(1 for c in wide if "\uac00" <= c <= "\ud7a3")
    return text if wide and hangul >= 0.8 * len(wide) else None


def clean_text(text: str) -> str:
    """Text safe to store: no NUL (PostgreSQL refuses it) and no lone surrogates."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text


# --- headers -------------------------------------------------------------------------------

# Bytes of one header value decoded (real headers are well under 1 KB; References of a long
# thread a few KB): the rest of a hostile one is ignored.
MAX_HEADER_BYTES = 64 * 1024
_ENCODED_WORD = re.compile(rb"=\?([^?\s]{1,80})\?([QqBb])\?([^?]*?)\?=")
_QP_HEX = re.compile(rb"=([0-9A-Fa-f]{2})")
_FOLD = re.compile(rb"\r?\n(?=[ \t])")
_WS = re.compile(r"[ \t\r\n]+")


def header_bytes(value: object) -> bytes:
    """A header value as the parser kept it (str with surrogate escapes for 8-bit bytes, or an
    ``email.header.Header``) back to its raw bytes."""
    if isinstance(value, bytes):
        return value
    if not isinstance(value, str):
        chunks = getattr(value, "_chunks", None)
        if chunks is not None:  # email.header.Header built by compat32 for 8-bit values
            out = []
            for s, _cs in chunks:
                out.append(s.encode("ascii", "surrogateescape") if isinstance(s, str) else bytes(s))
            return b"".join(out)
        value = str(value)
    try:
        return value.encode("ascii", "surrogateescape")
    except UnicodeEncodeError:  # real non-ASCII characters (a str built by hand)
        return value.encode("utf-8", "surrogateescape")


def _decode_q(data: bytes) -> bytes:
    return _QP_HEX.sub(lambda m: bytes([int(m.group(1), 16)]), data.replace(b"_", b" "))


def _decode_b(data: bytes) -> bytes:
    data = re.sub(rb"[^A-Za-z0-9+/]", b"", data)
    data = data[: len(data) - len(data) % 4] if len(data) % 4 == 1 else data
    data += b"=" * (-len(data) % 4)
    try:
        return base64.b64decode(data)
    except (binascii.Error, ValueError):
        return b""


def _plain_segment(seg: bytes) -> str:
    return decode_bytes(seg, None)


def decode_header(value: object) -> str:
    """A header value (raw bytes, or as the parser kept it) decoded to text: RFC 2047 encoded
    words, with adjacent words of one charset joined as bytes first (so a character split
    across two words survives), raw UTF-8 or CP949 bytes, and unfolded whitespace."""
    raw = header_bytes(value)[:MAX_HEADER_BYTES]
    if b"=?" not in raw and raw.isascii():  # the common case: plain ASCII
        return clean_text(_WS.sub(" ", raw.decode("ascii")).strip())
    raw = _FOLD.sub(b"", raw)
    pieces: list[str] = []
    pending_cs: str | None = None
    pending: list[bytes] = []

    def flush() -> None:
        nonlocal pending_cs
        if pending:
            pieces.append(decode_bytes(b"".join(pending), pending_cs))
            pending.clear()
        pending_cs = None

    pos = 0
    for m in _ENCODED_WORD.finditer(raw):
        between = raw[pos:m.start()]
        if between.strip(b" \t\r\n") or not pending:
            flush()
            if between:
                pieces.append(_plain_segment(between))
        charset = m.group(1).decode("ascii", "replace").split("*", 1)[0]  # RFC 2231 language suffix
        kind = m.group(2).upper()
        data = _decode_b(m.group(3)) if kind == b"B" else _decode_q(m.group(3))
        if pending and _norm_label(charset) != _norm_label(pending_cs):
            flush()
        pending_cs = charset
        pending.append(data)
        pos = m.end()
    flush()
    if pos < len(raw):
        pieces.append(_plain_segment(raw[pos:]))
    return clean_text(_WS.sub(" ", "".join(pieces)).strip())


def normalise_address(address: str) -> str:
    """An email address as the workspace keys customers by it: trimmed, lower case, the
    domain in IDNA (ASCII) form. Returns "" for something that is not an address."""
    addr = clean_text(address).strip().strip("<>").strip().lower()
    if not addr or "@" not in addr or any(c.isspace() for c in addr) or len(addr) > 320:
        return ""
    local, _, domain = addr.rpartition("@")
    domain = domain.strip(".")
    if not local or not domain:
        return ""
    if not domain.isascii():
        try:
            domain = domain.encode("idna").decode("ascii")
        except UnicodeError:
            pass  # keep the Unicode domain rather than lose the sender
    return f"{local}@{domain}"
