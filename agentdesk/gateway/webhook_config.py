"""The gateway's webhook endpoints (issue 14): one per vendor account or partner system,
each served at ``POST /hooks/<name>`` (agentdesk/gateway/http.py) and used for the
replies that go back on it (agentdesk/gateway/senders.py).

In the gateway's config file (gateway/config.py reads the file; each ``[[webhook]]``
table is handed to ``endpoint_from_dict``)::

    [[webhook]]
    name = "sms"                 # the URL's last part: /hooks/sms
    provider = "twilio"          # twilio | meta | line | standard
    channel = "sms"              # sms | chat | social: the tickets' channel
    team = "Cards"               # the team whose queue new tickets go to (name or id)
    secret_env = "TWILIO_AUTH_TOKEN"   # or secret_file = "/etc/agentdesk/twilio.token"
    public_url = "https://help.example.com/hooks/sms"   # the URL the vendor calls (Twilio signs it)
    account = "AC…"              # Twilio: Account SID; Meta: the phone number id or page id
    sender = "+15005550006"      # Twilio: our number (From); unused elsewhere
    token_env = "META_TOKEN"     # Meta and LINE: the access token replies are sent with
    send_url = "https://partner.example.com/agentdesk"   # standard: where replies are POSTed

Secrets are never written in the file itself: ``secret_env`` / ``token_env`` name an
environment variable, ``secret_file`` / ``token_file`` a file readable by the gateway's
user alone (checked: a file others may read is refused).

Pure: no Qt, no database (the team's name is resolved by the caller's ``teams`` map).
"""

from __future__ import annotations

import os
import re
import stat
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from agentdesk.webhook_auth import Provider

MAX_BODY = 1024 * 1024  # bytes of one webhook request: vendors' payloads are a few KB
MAX_EVENTS = 100  # messages taken from one delivery (Meta and LINE batch them)
CHANNELS = ("sms", "chat", "social")
NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
# Other parts' conversation keys and paths: "webchat:<visitor>" (server/webchat.py) and
# /hooks/phone (gateway/phone_hooks.py). An endpoint of that name would take their replies.
RESERVED_NAMES = frozenset({"webchat", "phone"})
# The vendors' API roots, overridable per endpoint (``api_base``) so tests talk to a local server.
API_BASES = {
    Provider.TWILIO: "https://api.twilio.com",
    Provider.META: "https://graph.facebook.com/v21.0",
    Provider.LINE: "https://api.line.me",
}


class WebhookConfigError(ValueError):
    """A webhook table of the gateway config that cannot be used (said in one line)."""


@dataclass(frozen=True)
class WebhookEndpoint:
    name: str
    provider: Provider
    channel: str  # models.Channel value: sms, chat or social
    secret: str = field(repr=False)  # Twilio auth token, Meta app secret, LINE channel secret, whsec_…
    team_id: uuid.UUID | None = None
    team: str = ""  # as configured (a name, or an id), "" for none
    public_url: str = ""  # as the vendor calls us ("" = the request's own URL)
    verify_token: str = field(default="", repr=False)  # Meta's subscription handshake (hub.verify_token)
    # Outbound (gateway/senders.py)
    account: str = ""  # Twilio Account SID; Meta phone number id (WhatsApp) or page id (Messenger)
    sender: str = ""  # Twilio: our number or Messaging Service SID (MG…)
    token: str = field(default="", repr=False)  # Meta / LINE access token
    meta_product: str = "whatsapp"  # whatsapp | messenger (Instagram uses messenger's API)
    send_url: str = ""  # standard: the partner's URL our replies are POSTed to
    api_base: str = ""  # "" = the vendor's (API_BASES)
    max_body: int = MAX_BODY

    @property
    def base(self) -> str:
        return (self.api_base or API_BASES.get(self.provider, "")).rstrip("/")


@dataclass(frozen=True)
class WebhookConfig:
    endpoints: tuple[WebhookEndpoint, ...] = ()
    max_events: int = MAX_EVENTS

    def __post_init__(self):
        names = [e.name for e in self.endpoints]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise WebhookConfigError(f"webhook endpoint names must differ: {', '.join(dupes)} given twice")

    def endpoint(self, name: str) -> WebhookEndpoint | None:
        return next((e for e in self.endpoints if e.name == name), None)


def _secret(d: Mapping, key: str, *, required: bool) -> str:
    """``key`` from ``<key>_env`` (an environment variable) or ``<key>_file`` (a private
    file); a literal ``<key>`` too, for tests and for config files built in memory."""
    where = f"webhook {d.get('name', '?')!r}"
    if d.get(f"{key}_env"):
        value = os.environ.get(str(d[f"{key}_env"]), "")
        if not value and required:
            raise WebhookConfigError(f"{where}: environment variable {d[f'{key}_env']} is empty or unset")
        return value
    if d.get(f"{key}_file"):
        path = Path(str(d[f"{key}_file"]))
        try:
            mode = path.stat().st_mode
            if mode & (stat.S_IRWXG | stat.S_IRWXO):
                raise WebhookConfigError(f"{where}: {path} may be read by others; chmod 600 it")
            value = path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise WebhookConfigError(f"{where}: cannot read {path}: {exc.strerror}") from None
        if not value and required:
            raise WebhookConfigError(f"{where}: {path} is empty")
        return value
    value = str(d.get(key) or "")
    if not value and required:
        raise WebhookConfigError(f"{where}: give {key}_env or {key}_file")
    return value


def endpoint_from_dict(d: Mapping, teams: Mapping[str, uuid.UUID] | None = None) -> WebhookEndpoint:
    """One ``[[webhook]]`` table as an endpoint. ``teams``: team name → id, to resolve a
    team given by name (an id is taken as it is); None leaves names unresolved (``team_id``
    None: the outbound side needs no team). Raises WebhookConfigError naming the first
    thing wrong."""
    name = str(d.get("name") or "")
    if not NAME.fullmatch(name):
        raise WebhookConfigError(f"webhook name {name!r}: 1 to 64 of a-z, 0-9, '-' and '_'")
    if name in RESERVED_NAMES:
        raise WebhookConfigError(f"webhook name {name!r} is taken by another part of the gateway")
    try:
        provider = Provider(str(d.get("provider") or ""))
    except ValueError:
        raise WebhookConfigError(f"webhook {name!r}: provider must be one of {', '.join(Provider)}") from None
    channel = str(d.get("channel") or ("sms" if provider is Provider.TWILIO else "social"))
    if channel not in CHANNELS:
        raise WebhookConfigError(f"webhook {name!r}: channel must be one of {', '.join(CHANNELS)}")
    team_id = None
    ref = str(d.get("team") or "")
    if ref:
        try:
            team_id = uuid.UUID(ref)
        except ValueError:
            if teams is not None:
                team_id = teams.get(ref)
                if team_id is None:
                    known = ", ".join(sorted(teams)) or "none yet"
                    raise WebhookConfigError(f"webhook {name!r}: no team {ref!r} (teams: {known})") from None
    secret = _secret(d, "secret", required=True)
    if provider is Provider.STANDARD:
        from standardwebhooks import Webhook

        try:
            Webhook(secret)
        except Exception:
            raise WebhookConfigError(f"webhook {name!r}: a Standard Webhooks secret is whsec_ and base64") from None
    product = str(d.get("meta_product") or "whatsapp")
    if product not in ("whatsapp", "messenger"):
        raise WebhookConfigError(f"webhook {name!r}: meta_product is whatsapp or messenger")
    max_body = d.get("max_body", MAX_BODY)
    if not isinstance(max_body, int) or not 1024 <= max_body <= 16 * MAX_BODY:
        raise WebhookConfigError(f"webhook {name!r}: max_body is a whole number of bytes, 1024 to {16 * MAX_BODY}")
    return WebhookEndpoint(
        name=name, provider=provider, channel=channel, secret=secret, team_id=team_id, team=ref,
        public_url=str(d.get("public_url") or ""), verify_token=_secret(d, "verify_token", required=False),
        account=str(d.get("account") or ""), sender=str(d.get("sender") or ""),
        token=_secret(d, "token", required=False), meta_product=product, send_url=str(d.get("send_url") or ""),
        api_base=str(d.get("api_base") or ""), max_body=max_body)


def load_webhooks(tables: Iterable[Mapping], teams: Mapping[str, uuid.UUID] | None = None) -> WebhookConfig:
    """The ``[[webhook]]`` tables of the gateway's config file (gateway/config.py keeps them
    as ``GatewayConfig.webhooks``)."""
    return WebhookConfig(endpoints=tuple(endpoint_from_dict(t, teams) for t in tables))


def needs_teams(tables: Iterable[Mapping]) -> bool:
    """Whether some table names its team by name (then the caller reads the team list)."""
    for t in tables:
        try:
            uuid.UUID(str(t.get("team") or ""))
        except ValueError:
            if t.get("team"):
                return True
    return False
