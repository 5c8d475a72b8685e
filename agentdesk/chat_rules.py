"""The web chat's rules (issue 14), in one place: what a visitor may send and from which
pages. The team server's chat endpoints (server/webchat.py) call these; the widget
(resources/webchat/widget.js) mirrors the limits only to say so early, never to enforce
them.

Pure: no Qt, no database. A visitor is anonymous internet traffic: every value is
bounded here before anything is stored.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from urllib.parse import urlsplit

MAX_TEXT = 2000  # characters of one chat message
MAX_NAME = 80  # characters of the name a visitor may give
MAX_EMAIL = 254  # RFC 5321's path limit
MAX_BODY = 16 * 1024  # bytes of one request to the chat API (a longest message in \uXXXX escapes fits)
MAX_ORIGIN = 200  # characters of an origin we keep
TOKEN_BYTES = 32  # the visitor's token: 256 random bits, urlsafe base64

ORIGINS_KEY = "webchat_origins"  # workspace setting: the company's site origins, space or comma separated
TEAM_KEY = "webchat_team"  # workspace setting: the team (name or id) whose queue chats join

_EMAIL = re.compile(r"[^@\s<>\"(),;:]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?\.[A-Za-z]{2,63}")


class ChatRefused(ValueError):
    """A visitor's input this chat will not take: ``kind`` is what the widget shows a
    sentence for (in the visitor's language); the message is English, for logs and tests."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


def new_token() -> tuple[str, str]:
    """(the token the visitor keeps, the hash we store)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def _clean(text: str) -> str:
    """NFC (a Korean syllable typed on a Mac arrives as jamo otherwise), control
    characters other than newline and tab dropped, line ends unified."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return "".join(c for c in text if c in "\n\t" or unicodedata.category(c)[0] != "C")


def check_text(value: object) -> str:
    """One chat message: a non-empty string of at most MAX_TEXT characters (after clean-up)."""
    if not isinstance(value, str):
        raise ChatRefused("invalid", "a message must be text")
    text = _clean(value).strip()
    if not text:
        raise ChatRefused("empty", "the message is empty")
    if len(text) > MAX_TEXT:
        raise ChatRefused("too-long", f"a message is at most {MAX_TEXT} characters")
    return text


def check_name(value: object) -> str:
    """The visitor's name (optional): one line, at most MAX_NAME characters."""
    if value is None or value == "":
        return ""
    if not isinstance(value, str):
        raise ChatRefused("invalid", "a name must be text")
    name = " ".join(_clean(value).split())
    if len(name) > MAX_NAME:
        raise ChatRefused("too-long", f"a name is at most {MAX_NAME} characters")
    return name


def check_email(value: object) -> str:
    """An address to reply to, lower-cased domain; refused unless it looks like one."""
    if not isinstance(value, str):
        raise ChatRefused("email", "an email address must be text")
    email = value.strip()
    if len(email) > MAX_EMAIL or not _EMAIL.fullmatch(email):
        raise ChatRefused("email", "that is not an email address")
    local, _, domain = email.rpartition("@")
    return f"{local}@{domain.lower()}"


def parse_origins(text: str | None) -> frozenset[str]:
    """The setting's origins ('https://www.example.co.kr, https://example.co.kr'), each
    normalised (scheme://host[:port], lower case, no path); anything else is dropped."""
    out = set()
    for part in re.split(r"[\s,]+", text or ""):
        origin = normalize_origin(part)
        if origin:
            out.add(origin)
    return frozenset(out)


def normalize_origin(value: str | None) -> str:
    """'https://Example.co.kr:443/' → 'https://example.co.kr'; '' when it is no origin."""
    if not value or len(value) > MAX_ORIGIN:
        return ""
    try:
        parts = urlsplit(value.strip())
        port = parts.port
    except ValueError:
        return ""
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.username or parts.password:
        return ""
    default = {"http": 80, "https": 443}[parts.scheme]
    host = parts.hostname.lower()
    if ":" in host:  # IPv6
        host = f"[{host}]"
    return f"{parts.scheme}://{host}" + (f":{port}" if port and port != default else "")


def origin_allowed(origin: str | None, allowed: frozenset[str], own: str) -> bool:
    """A request from a browser page may use the chat when the page is the server's own
    (the standalone /chat/ page) or one of the configured site origins. No Origin at all
    (not a browser's cross-site request) is let through: it proves nothing either way,
    and CORS is what keeps other sites' pages out."""
    if origin is None:
        return True
    normalized = normalize_origin(origin)
    return bool(normalized) and (normalized == own or normalized in allowed)


__all__ = ["ChatRefused", "MAX_BODY", "MAX_EMAIL", "MAX_NAME", "MAX_TEXT", "ORIGINS_KEY", "TEAM_KEY",
           "check_email", "check_name", "check_text", "new_token", "normalize_origin", "origin_allowed",
           "parse_origins", "token_hash"]
