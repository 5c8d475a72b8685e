"""Signed reply addresses and Message-IDs (issue 14): how a customer's answer finds its
ticket even when their mail program drops In-Reply-To and References.

- A reply address: ``support+t1234.<mac>@example.com``. The mac is HMAC-SHA256 over the
  ticket number with the workspace's secret, truncated to 80 bits (20 hex digits: mail
  servers may lower-case a local part, and hex survives that). A forged or altered token
  names no ticket.
- A Message-ID of ours: ``<ad.1234.<nonce>.<mac>@domain>``: unique each call (a random
  nonce), signed over (number, nonce), so a Message-ID a stranger makes up in their
  References names no ticket either.

Comparisons are constant-time (hmac.compare_digest). Pure: no Qt, no database. The secret
is the caller's (the gateway's configuration or the workspace setting
``mail.thread_secret``, services/channels.py).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

MAC_HEX = 20  # 80 bits of HMAC-SHA256
_NUMBER = r"([1-9][0-9]{0,17})"
_REPLY = re.compile(rf"\+t{_NUMBER}\.([0-9a-f]{{{MAC_HEX}}})@", re.IGNORECASE)
_MID = re.compile(rf"<?ad\.{_NUMBER}\.([0-9a-f]{{16}})\.([0-9a-f]{{{MAC_HEX}}})@[^<>@\s]+>?", re.IGNORECASE)


def _key(secret: str | bytes) -> bytes:
    key = secret.encode() if isinstance(secret, str) else bytes(secret)
    if not key:
        raise ValueError("a mail threading secret is needed (empty)")
    return key


def _mac(secret: str | bytes, what: str) -> str:
    return hmac.new(_key(secret), what.encode(), hashlib.sha256).hexdigest()[:MAC_HEX]


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.lower().encode(), b.lower().encode())


def reply_address(base: str, ticket_number: int, secret: str | bytes) -> str:
    """``support@example.com`` → ``support+t1234.<mac>@example.com`` (a plus address most
    mail servers deliver to ``support``). An address that has a ``+tag`` already keeps it
    out: the token replaces it."""
    local, at, domain = base.strip().rpartition("@")
    if not at or not local or not domain or ticket_number <= 0:
        raise ValueError(f"not a mailbox address or ticket number: {base!r}, {ticket_number!r}")
    local = local.split("+", 1)[0]
    return f"{local}+t{int(ticket_number)}.{_mac(secret, f'reply:{int(ticket_number)}')}@{domain}"


def parse_reply_address(addr: str, secret: str | bytes) -> int | None:
    """The ticket number a signed reply address names; None when it has no token or a
    token that does not verify (forged, altered, another workspace's)."""
    m = _REPLY.search(addr or "")
    if m is None or not secret:
        return None
    number = int(m.group(1))
    return number if _same(m.group(2), _mac(secret, f"reply:{number}")) else None


def make_message_id(domain: str, ticket_number: int, secret: str | bytes) -> str:
    """A new Message-ID for mail about the ticket, with its angle brackets (as
    email.utils.make_msgid writes one): unique each call, signed."""
    domain = (domain or "").strip().strip("<>@") or "agentdesk.invalid"
    if ticket_number <= 0 or any(ch.isspace() or ch in "<>@" for ch in domain):
        raise ValueError(f"not a domain or ticket number: {domain!r}, {ticket_number!r}")
    nonce = secrets.token_hex(8)
    return f"<ad.{int(ticket_number)}.{nonce}.{_mac(secret, f'mid:{int(ticket_number)}:{nonce}')}@{domain}>"


def parse_message_id(mid: str, secret: str | bytes) -> int | None:
    """The ticket number one of our own Message-IDs names (with or without its angle
    brackets); None for anyone else's or a forged one."""
    m = _MID.fullmatch((mid or "").strip())
    if m is None or not secret:
        return None
    number, nonce = int(m.group(1)), m.group(2).lower()
    return number if _same(m.group(3), _mac(secret, f"mid:{number}:{nonce}")) else None


def normalize_message_id(mid: str) -> str:
    """A Message-ID as the intake keys it: without angle brackets or white space. Case is
    kept (RFC 5322 compares the local part as is)."""
    return "".join((mid or "").split()).strip("<>")
