"""Replies on SMS, chat and social tickets, sent to the vendor (issue 14). The outbox worker
(gateway/outbox.py) fixes each reply's payload at enqueue time and calls ``send`` with it;
each adapter makes one HTTP request and returns the vendor's message id, or raises
``SendError`` saying whether a retry may help (``transient``) and whether the vendor may
have taken the message anyway (``maybe_sent``: the request went out and no answer came).

    Twilio SMS   POST {base}/2010-04-01/Accounts/{account}/Messages.json (form; Basic auth)
    Meta         POST {base}/{account}/messages (JSON; Bearer): WhatsApp Cloud API, or
                 Messenger / Instagram (``meta_product = "messenger"``)
    LINE         POST {base}/v2/bot/message/push (JSON; Bearer; X-Line-Retry-Key)
    standard     POST {send_url} (our JSON, signed with Standard Webhooks)

``Outgoing.key`` (the outbox row's id) is the idempotency key where the vendor takes one:
LINE's ``X-Line-Retry-Key`` and our ``webhook-id``; a retry of those after ``maybe_sent``
cannot send twice (``IDEMPOTENT``). Twilio and Meta take no key, so a ``maybe_sent``
failure of theirs must not be retried blindly: the outbox shows it as unknown.

Base URLs come from the endpoint (``api_base``), so tests run the adapters against a
local HTTP server. Nothing here logs a message's text or the customer's address.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

import httpx
from sqlalchemy import select

from agentdesk.gateway.webhook_config import RESERVED_NAMES, WebhookConfig, WebhookEndpoint
from agentdesk.models import ChannelKey
from agentdesk.webhook_auth import Provider, standard_headers

log = logging.getLogger("agentdesk.gateway.senders")

TIMEOUT = httpx.Timeout(10.0, connect=5.0)
MAX_TEXT = {  # characters of one reply, as each vendor takes it
    Provider.TWILIO: 1600, Provider.META: 4096, Provider.LINE: 5000, Provider.STANDARD: 100_000,
}
MESSENGER_MAX_TEXT = 2000
IDEMPOTENT = frozenset({Provider.LINE, Provider.STANDARD})
# Meta's error codes that mean "later" (rate limits, temporary trouble), not "never".
META_TRANSIENT = frozenset({1, 2, 4, 17, 32, 613, 80007, 130429, 131000, 131016, 131048, 131056})


class SendFailure(StrEnum):
    UNREACHABLE = "send.unreachable"  # no connection made: nothing sent
    NO_ANSWER = "send.no_answer"  # sent, no answer (timeout, cut off): the vendor may have it
    RATE_LIMITED = "send.rate_limited"
    UNAVAILABLE = "send.unavailable"  # the vendor's 5xx
    UNAUTHORIZED = "send.unauthorized"  # our credentials (401/403): fix the gateway config
    REJECTED = "send.rejected"  # the vendor refused this message (a bad number, a closed 24-hour window)
    TOO_LONG = "send.too_long"
    NOT_CONFIGURED = "send.not_configured"  # the endpoint lacks what sending needs


class SendError(Exception):
    """A reply not sent. ``detail`` is the vendor's error code and status, never the text."""

    def __init__(self, failure: SendFailure, *, transient: bool, maybe_sent: bool = False, detail: str = "",
                 retry_after: float | None = None):
        super().__init__(f"{failure.value}: {detail}" if detail else failure.value)
        self.failure, self.transient, self.maybe_sent = failure, transient, maybe_sent
        self.detail, self.retry_after = detail, retry_after

    @property
    def code(self) -> str:
        return self.failure.value


@dataclass(frozen=True)
class Outgoing:
    """One reply as the outbox fixed it."""

    key: uuid.UUID  # the outbox row's id
    to: str  # where it goes: the conversation part of the ticket's key (reply_target)
    text: str
    ticket_number: int | None = None


def _client(client: httpx.Client | None) -> httpx.Client:
    return client or httpx.Client(timeout=TIMEOUT)


def _post(client: httpx.Client | None, url: str, **kw) -> httpx.Response:
    own = client is None
    c = _client(client)
    try:
        return c.post(url, **kw)
    except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
        raise SendError(SendFailure.UNREACHABLE, transient=True, detail=type(exc).__name__) from None
    except httpx.TransportError as exc:  # read/write timeouts, a connection cut mid-answer
        raise SendError(SendFailure.NO_ANSWER, transient=True, maybe_sent=True, detail=type(exc).__name__) from None
    finally:
        if own:
            c.close()


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "")
    try:
        return min(max(float(value), 0.0), 3600.0)
    except ValueError:
        return None


def _json(response: httpx.Response) -> dict:
    try:
        doc = response.json()
    except ValueError:
        return {}
    return doc if isinstance(doc, dict) else {}


def _refused(response: httpx.Response, vendor_code: str = "", transient: bool | None = None) -> SendError:
    """The SendError an unsuccessful answer means."""
    status = response.status_code
    detail = f"HTTP {status}" + (f", {vendor_code}" if vendor_code else "")
    if status == 429 or transient:
        return SendError(SendFailure.RATE_LIMITED if status == 429 else SendFailure.UNAVAILABLE, transient=True,
                         detail=detail, retry_after=_retry_after(response))
    if status >= 500:
        return SendError(SendFailure.UNAVAILABLE, transient=True, detail=detail, retry_after=_retry_after(response))
    if status in (401, 403):
        return SendError(SendFailure.UNAUTHORIZED, transient=False, detail=detail)
    return SendError(SendFailure.REJECTED, transient=False, detail=detail)


def _check(endpoint: WebhookEndpoint, message: Outgoing, most: int, *needs: str) -> None:
    missing = [n for n in needs if not getattr(endpoint, n)]
    if missing or not message.to:
        raise SendError(SendFailure.NOT_CONFIGURED, transient=False,
                        detail=f"endpoint {endpoint.name}: no {', '.join(missing) or 'recipient'}")
    if len(message.text) > most:
        raise SendError(SendFailure.TOO_LONG, transient=False, detail=f"{len(message.text)} > {most} characters")


# --- the adapters -------------------------------------------------------------------------
def send_twilio_sms(endpoint: WebhookEndpoint, message: Outgoing, client: httpx.Client | None = None) -> str:
    _check(endpoint, message, MAX_TEXT[Provider.TWILIO], "account", "sender")
    who = "MessagingServiceSid" if endpoint.sender.startswith("MG") else "From"
    response = _post(client, f"{endpoint.base}/2010-04-01/Accounts/{endpoint.account}/Messages.json",
                     data={"To": message.to, who: endpoint.sender, "Body": message.text},
                     auth=(endpoint.account, endpoint.secret))
    doc = _json(response)
    if response.is_success and doc.get("sid"):
        return str(doc["sid"])
    raise _refused(response, f"Twilio {doc.get('code', '')}".strip())


def send_meta(endpoint: WebhookEndpoint, message: Outgoing, client: httpx.Client | None = None) -> str:
    messenger = endpoint.meta_product == "messenger"
    _check(endpoint, message, MESSENGER_MAX_TEXT if messenger else MAX_TEXT[Provider.META], "account", "token")
    if messenger:
        payload: dict = {"recipient": {"id": message.to}, "messaging_type": "RESPONSE",
                         "message": {"text": message.text}}
    else:
        payload = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": message.to,
                   "type": "text", "text": {"preview_url": False, "body": message.text}}
    response = _post(client, f"{endpoint.base}/{endpoint.account}/messages", json=payload,
                     headers={"Authorization": f"Bearer {endpoint.token}"})
    doc = _json(response)
    if response.is_success:
        mid = doc.get("message_id") or next(
            (m.get("id") for m in doc.get("messages") or () if isinstance(m, dict) and m.get("id")), None)
        if mid:
            return str(mid)
    error = doc.get("error")
    if not isinstance(error, dict):
        error = {}
    code = error.get("code")
    raise _refused(response, f"Meta {code}" if code is not None else "",
                   transient=code in META_TRANSIENT or bool(error.get("is_transient")) or None)


def send_line(endpoint: WebhookEndpoint, message: Outgoing, client: httpx.Client | None = None) -> str:
    _check(endpoint, message, MAX_TEXT[Provider.LINE], "token")
    response = _post(client, f"{endpoint.base}/v2/bot/message/push",
                     json={"to": message.to, "messages": [{"type": "text", "text": message.text}]},
                     headers={"Authorization": f"Bearer {endpoint.token}", "X-Line-Retry-Key": str(message.key)})
    doc = _json(response)
    if response.is_success:
        sent = doc.get("sentMessages") or [{}]
        return str(sent[0].get("id") or response.headers.get("x-line-request-id", message.key))
    if response.status_code == 409 and response.headers.get("x-line-accepted-request-id"):
        # This retry key was accepted before (our earlier try's answer was lost): sent once.
        return str(response.headers["x-line-accepted-request-id"])
    raise _refused(response)


def send_standard(endpoint: WebhookEndpoint, message: Outgoing, client: httpx.Client | None = None, *,
                  now: datetime | None = None) -> str:
    """Our JSON to the partner's URL, signed like the webhooks they send us (docs/channels.md)."""
    _check(endpoint, message, MAX_TEXT[Provider.STANDARD], "send_url")
    event = {"type": "message.reply", "id": str(message.key), "conversation": message.to, "text": message.text,
             "ticket": message.ticket_number}
    body = json.dumps(event, ensure_ascii=False).encode("utf-8")
    headers = {**standard_headers(endpoint.secret, str(message.key), body, now or datetime.now(UTC)),
               "Content-Type": "application/json"}
    response = _post(client, endpoint.send_url, content=body, headers=headers)
    if response.is_success:
        return str(_json(response).get("id") or message.key)
    raise _refused(response)


def reply_target(conversation: str) -> tuple[str, str]:
    """(endpoint name, the vendor's conversation) of a ticket's conversation key as the
    intake stored it (``"<endpoint>:<conversation>"``, gateway/payloads.py): the endpoint
    a reply goes out through, and ``Outgoing.to``: the phone number, wa_id, PSID, LINE
    user or group, or the partner's conversation id (their sender's address when they
    gave none)."""
    name, sep, rest = conversation.partition(":")
    if not sep or not name or not rest:
        raise SendError(SendFailure.NOT_CONFIGURED, transient=False, detail="no webhook conversation on the ticket")
    return name, rest


def send(endpoint: WebhookEndpoint, message: Outgoing, client: httpx.Client | None = None) -> str:
    """The reply through the endpoint's vendor: what the outbox worker calls."""
    match endpoint.provider:
        case Provider.TWILIO:
            return send_twilio_sms(endpoint, message, client)
        case Provider.META:
            return send_meta(endpoint, message, client)
        case Provider.LINE:
            return send_line(endpoint, message, client)
        case Provider.STANDARD:
            return send_standard(endpoint, message, client)
    raise AssertionError(endpoint.provider)


# --- the outbox's side (gateway/outbox.py) ---------------------------------------------------------
def conversation_of(session, ticket_id: uuid.UUID, channel: str) -> str | None:
    """The conversation key the intake keeps for this ticket ("<endpoint>:<to>"), or None
    when the ticket has none (made by an agent, or its conversation moved on to a newer
    ticket after this one was closed). The key table and its scope naming are the
    intake's (services/channels.py, channel_keys, scope "conv:<channel>")."""
    return session.scalar(select(ChannelKey.value).where(ChannelKey.ticket_id == ticket_id,
                                                         ChannelKey.scope == f"conv:{channel}")
                          .order_by(ChannelKey.created_at.desc()).limit(1))


class WebhookSender:
    """gateway/outbox.py's ChannelSender for the webhook channels: one instance serves
    every endpoint of the config; register it under each of "sms", "chat" and "social".

    ``prepare`` (at enqueue, in the enqueue's session) fixes the route and the text:
    ``{"endpoint", "to", "text", "ticket_number"}``. It never raises (that would stop the
    whole batch). A web-chat conversation's reply is not ours (the widget shows it live):
    None, not queued. A ticket with no route (made by an agent, or its conversation moved
    on) gets an empty ``endpoint`` and fails at send, so the agent sees it was not sent.
    ``send`` delivers it with the outbound row's id as the idempotency key."""

    def __init__(self, config: WebhookConfig, client: httpx.Client | None = None):
        self.config = config
        self.client = client

    def prepare(self, session, ticket, message) -> tuple[str, bytes] | None:
        conversation = conversation_of(session, ticket.id, ticket.channel) or ""
        name, _, to = conversation.partition(":")
        if self.config.endpoint(name) is None or not to:
            if name in RESERVED_NAMES:
                return None  # the web chat's (server/webchat.py): its widget shows the reply
            name, to = "", ""
        doc = {"endpoint": name, "to": to, "text": message.body, "ticket_number": ticket.number}
        return to, json.dumps(doc, ensure_ascii=False).encode("utf-8")

    def send(self, item) -> None:
        from agentdesk.gateway.outbox import SendError as OutboxError

        doc = json.loads(item.payload)
        endpoint = self.config.endpoint(doc.get("endpoint") or "")
        if endpoint is None:
            raise OutboxError(f"{SendFailure.NOT_CONFIGURED.value}: no webhook endpoint "
                              f"{doc.get('endpoint') or 'for this ticket (it has no conversation to answer)'}",
                              permanent=True)
        message = Outgoing(key=item.id, to=doc.get("to", ""), text=doc.get("text", ""),
                           ticket_number=doc.get("ticket_number"))
        try:
            vendor_id = send(endpoint, message, self.client)
        except SendError as exc:
            # Twilio and Meta take no idempotency key: after no answer the reply may be out,
            # and a retry could send it twice. Not retried: the outbox shows it as unknown.
            blind = exc.maybe_sent and endpoint.provider not in IDEMPOTENT
            raise OutboxError(str(exc), permanent=not exc.transient, unknown=blind) from None
        log.info("reply %s sent through %s as %s", item.id, endpoint.name, vendor_id)


def make_senders(config) -> dict[str, WebhookSender]:
    """The outbox's senders by channel (gateway/main.py): one WebhookSender for every
    channel the config's ``[[webhook]]`` tables serve. ``config``: a WebhookConfig or the
    gateway's config."""
    from agentdesk.gateway.webhook_config import load_webhooks

    hooks = config if isinstance(config, WebhookConfig) else load_webhooks(getattr(config, "webhooks", None) or [])
    sender = WebhookSender(hooks)
    return {channel: sender for channel in sorted({e.channel for e in hooks.endpoints})}
