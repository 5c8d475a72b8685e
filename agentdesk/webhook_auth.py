"""Is this webhook really from the vendor it claims? The signature schemes of the channels'
vendors, and our own generic one (issue 14), checked on the bytes exactly as received.

- Twilio: ``X-Twilio-Signature`` = base64(HMAC-SHA1(auth token, URL + each POST param's
  name and value, sorted by name, then value, with no separators)). The URL is the one
  Twilio called, query string included; Twilio's own validators accept it with the
  default port written or left out, so we do too.
- Meta (WhatsApp Cloud API, Messenger, Instagram): ``X-Hub-Signature-256: sha256=<hex>``
  = HMAC-SHA256(app secret, raw body). Over the RAW body: Meta sends Hangul as UTF-8,
  while ``json.dumps`` would write ``\\uXXXX`` escapes, so a re-serialised body never
  matches (tests/test_webhook_auth.py shows it).
- LINE: ``X-Line-Signature`` = base64(HMAC-SHA256(channel secret, raw body)).
- Standard Webhooks (standardwebhooks.com), our generic scheme: ``webhook-id``,
  ``webhook-timestamp`` (Unix seconds) and ``webhook-signature`` (space-separated
  ``v1,<base64>``), HMAC-SHA256 over ``id.timestamp.body`` with the ``whsec_`` secret,
  refused outside a 5-minute window either way. Signing is the ``standardwebhooks``
  package's; the window is checked here against the caller's ``now`` (the package reads
  the wall clock and says only "invalid"), so a refusal names its reason.

Every comparison is constant-time (``hmac.compare_digest``). A refusal is a
``WebhookRefused`` with a ``Refusal`` code: the HTTP intake answers with the code and logs
it, never the body. Only the vendors' servers meet these refusals, never an agent, so the
codes are not in the translated catalogue.

Pure: no Qt, no database.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from urllib.parse import urlsplit, urlunsplit

from standardwebhooks import Webhook

TOLERANCE = timedelta(minutes=5)  # Standard Webhooks: older or newer than this is refused
MAX_SIGNATURE_HEADER = 4096  # characters: a header longer than any real one is not worth hashing


class Provider(StrEnum):
    TWILIO = "twilio"
    META = "meta"
    LINE = "line"
    STANDARD = "standard"


class Refusal(StrEnum):
    MISSING_HEADER = "webhook.missing_header"  # the scheme's signature (or id/timestamp) header is absent
    BAD_SIGNATURE = "webhook.bad_signature"  # present but not made with our secret over these bytes
    BAD_TIMESTAMP = "webhook.bad_timestamp"  # webhook-timestamp is not whole Unix seconds
    STALE = "webhook.stale_timestamp"  # outside the 5-minute window (old, or from the future)
    # Refused by the HTTP intake (agentdesk/gateway/http.py), after the signature:
    TOO_LARGE = "webhook.too_large"
    BAD_PAYLOAD = "webhook.bad_payload"  # signed, but not the vendor's format
    REPLAYED = "webhook.replayed"  # this endpoint has taken this event id already


class WebhookRefused(Exception):
    """A webhook we will not take. ``str()`` is the code and a short English detail that
    never quotes the body (it may hold a customer's message)."""

    def __init__(self, reason: Refusal, detail: str = ""):
        super().__init__(f"{reason.value}: {detail}" if detail else reason.value)
        self.reason = reason
        self.detail = detail


def _header(headers: Mapping[str, str], name: str) -> str:
    """The header's value ("" when absent), whatever the case of the mapping's keys."""
    value = headers.get(name)
    if value is None:
        lowered = name.lower()
        value = next((v for k, v in headers.items() if k.lower() == lowered), "")
    value = value.strip()
    if len(value) > MAX_SIGNATURE_HEADER:
        raise WebhookRefused(Refusal.BAD_SIGNATURE, f"{name} is too long")
    return value


def _required(headers: Mapping[str, str], name: str) -> str:
    value = _header(headers, name)
    if not value:
        raise WebhookRefused(Refusal.MISSING_HEADER, f"no {name} header")
    return value


def _same(expected: str, given: str) -> bool:
    return hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8"))


# --- Twilio ------------------------------------------------------------------------------
def twilio_signature(auth_token: str, url: str, params: Iterable[tuple[str, str]]) -> str:
    """What Twilio puts in ``X-Twilio-Signature`` for a form POST of ``params`` to ``url``.
    A name given twice (MediaUrl lists) contributes each value, values in sorted order."""
    data = url + "".join(k + v for k, v in sorted(params))
    mac = hmac.new(auth_token.encode("utf-8"), data.encode("utf-8"), hashlib.sha1)
    return base64.b64encode(mac.digest()).decode("ascii")


def _url_variants(url: str) -> list[str]:
    """The URL as given, without its port, and with the scheme's default port written:
    a proxy in front of us may add or drop ``:443``, and Twilio signs what it called."""
    parts = urlsplit(url)
    default = {"https": 443, "http": 80}.get(parts.scheme)
    host = parts.hostname or ""
    if ":" in host:  # an IPv6 literal
        host = f"[{host}]"
    userinfo = parts.netloc.rpartition("@")[0]
    prefix = f"{userinfo}@" if userinfo else ""
    variants = [url, urlunsplit(parts._replace(netloc=prefix + host))]
    if default is not None:
        variants.append(urlunsplit(parts._replace(netloc=f"{prefix}{host}:{default}")))
    return list(dict.fromkeys(variants))


def verify_twilio(auth_token: str, url: str, params: Iterable[tuple[str, str]], headers: Mapping[str, str]) -> None:
    """Raises WebhookRefused unless ``X-Twilio-Signature`` signs ``url`` and ``params``
    (the form fields as decoded, repeated names kept)."""
    given = _required(headers, "X-Twilio-Signature")
    params = list(params)
    # Every variant is computed and compared, so the time taken says nothing about which
    # one (if any) matched.
    matches = [_same(twilio_signature(auth_token, u, params), given) for u in _url_variants(url)]
    if not any(matches):
        raise WebhookRefused(Refusal.BAD_SIGNATURE, "X-Twilio-Signature does not match")


# --- Meta (WhatsApp, Messenger, Instagram) ------------------------------------------------------
def meta_signature(app_secret: str, body: bytes) -> str:
    """The ``X-Hub-Signature-256`` value Meta sends with ``body``."""
    return "sha256=" + hmac.new(app_secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify_meta(app_secret: str, body: bytes, headers: Mapping[str, str]) -> None:
    given = _required(headers, "X-Hub-Signature-256")
    # Hex digits compare case-blind: lower-case both (the prefix is always lower case).
    if not _same(meta_signature(app_secret, body), given.lower()):
        raise WebhookRefused(Refusal.BAD_SIGNATURE, "X-Hub-Signature-256 does not match the body")


# --- LINE --------------------------------------------------------------------------------
def line_signature(channel_secret: str, body: bytes) -> str:
    mac = hmac.new(channel_secret.encode("utf-8"), body, hashlib.sha256)
    return base64.b64encode(mac.digest()).decode("ascii")


def verify_line(channel_secret: str, body: bytes, headers: Mapping[str, str]) -> None:
    given = _required(headers, "X-Line-Signature")
    if not _same(line_signature(channel_secret, body), given):
        raise WebhookRefused(Refusal.BAD_SIGNATURE, "X-Line-Signature does not match the body")


# --- Standard Webhooks ---------------------------------------------------------------------
def standard_headers(secret: str, msg_id: str, body: bytes, at: datetime) -> dict[str, str]:
    """The three headers that sign ``body`` as event ``msg_id`` sent at ``at``: what our
    outbound adapter (gateway/senders.py) sends and what a partner's system must send us."""
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": Webhook(secret).sign(msg_id, at, body),
    }


def verify_standard(secret: str, body: bytes, headers: Mapping[str, str], *, now: datetime | None = None,
                    tolerance: timedelta = TOLERANCE) -> str:
    """Checks a Standard Webhooks delivery; returns its ``webhook-id`` (the event id the
    replay check records). The timestamp is checked before the signature: a stale
    delivery is refused as stale even when its signature is right."""
    msg_id = _required(headers, "webhook-id")
    stamp = _required(headers, "webhook-timestamp")
    signatures = _required(headers, "webhook-signature")
    if not stamp.isascii() or not stamp.isdigit() or len(stamp) > 12:
        raise WebhookRefused(Refusal.BAD_TIMESTAMP, "webhook-timestamp is not Unix seconds")
    at = datetime.fromtimestamp(int(stamp), UTC)
    now = now or datetime.now(UTC)
    if abs(now - at) > tolerance:
        raise WebhookRefused(Refusal.STALE, f"webhook-timestamp is {int((now - at).total_seconds())} s off")
    expected = Webhook(secret).sign(msg_id, at, body)
    # Several signatures may be given (a secret being rotated): any v1 one will do. Each
    # is compared in constant time; their number is the sender's, not a secret.
    if not any(_same(expected, sig) for sig in signatures.split(" ") if sig.startswith("v1,")):
        raise WebhookRefused(Refusal.BAD_SIGNATURE, "no webhook-signature matches")
    return msg_id


def new_standard_secret() -> str:
    """A fresh ``whsec_`` secret (24 random bytes) for a partner's endpoint."""
    import secrets

    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode("ascii")
