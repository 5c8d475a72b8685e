"""The gateway's webhook intake (issue 14): chat, SMS and social messages arrive here,
one endpoint per configured vendor account or partner system (gateway/webhook_config.py).

    POST /hooks/{name}   a vendor's webhook → 200 (Twilio: an empty TwiML <Response/>)
    GET  /hooks/{name}   Meta's subscription handshake (hub.mode, hub.verify_token, hub.challenge)
    GET  /health         200 {"status": "ok"}

beside the other parts' routes (``extra_routes``: the phone events' ``POST /hooks/phone``).

Each request, in this order, and nothing is stored before the last step:

1. the body is read as raw bytes, at most the endpoint's ``max_body`` (1 MiB; 413), in at
   most ``READ_SECONDS`` (408): a client dribbling bytes holds no worker for long;
2. the vendor's signature is checked on those bytes (agentdesk/webhook_auth.py; 401 with
   a coded reason: missing header, bad signature, bad or stale timestamp);
3. the payload is parsed into ``Inbound`` messages (gateway/payloads.py; 400 when signed
   but not the vendor's format);
4. each message goes to the sink (gateway/sink.py): ``sink.receive(inbound, team_id=…,
   before=record)``, where ``record`` inserts the (endpoint, event id) row of
   ``channel_events`` in the sink's own transaction before the message is written. A
   replayed event id hits that row's key, the transaction rolls back, and nothing of the
   delivery is stored. A replay is answered 409 on our generic (Standard Webhooks)
   endpoints; the vendors get 200, since their replays are their own retries (a 200
   lost on the way back) and anything else makes them retry for days.

A database that is down answers 503 (the vendors retry later; nothing was stored). Bodies
and addresses are never logged (customers' messages and numbers): only the endpoint, the
refusal code and counts.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import delete, select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from agentdesk.catalogue import CodedError
from agentdesk.channels import Inbound, Received
from agentdesk.gateway import payloads
from agentdesk.gateway.webhook_config import WebhookConfig, WebhookConfigError, WebhookEndpoint, load_webhooks, \
    needs_teams
from agentdesk.models import ChannelEvent, Team
from agentdesk.webhook_auth import Provider, Refusal, WebhookRefused, verify_line, verify_meta, verify_standard, \
    verify_twilio

log = logging.getLogger("agentdesk.gateway.hooks")

READ_SECONDS = 10.0  # to read one request's body
TWIML_EMPTY = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
STATUS = {
    Refusal.MISSING_HEADER: 401, Refusal.BAD_SIGNATURE: 401, Refusal.BAD_TIMESTAMP: 401, Refusal.STALE: 401,
    Refusal.TOO_LARGE: 413, Refusal.BAD_PAYLOAD: 400, Refusal.REPLAYED: 409,
}


class Sink(Protocol):
    """What the intake writes through (gateway/sink.py: LocalSink, ServerSink). ``before``
    runs on the sink's Session inside its transaction, before the message is written; an
    exception from it rolls the whole transaction back and comes out of ``receive``."""

    def receive(self, inbound: Inbound, team_id=None, *, before: Callable[[Session], None] | None = None
                ) -> Received: ...

    def run(self, fn: Callable[[Session], Any]) -> Any: ...


def record_event(endpoint: str, event_id: str, now: datetime) -> Callable[[Session], None]:
    """The replay record, as a ``before`` step of the sink's transaction: raises
    WebhookRefused(REPLAYED) when this endpoint took this event id already (found, or
    inserted by a concurrent delivery that committed first: the key says so)."""

    def before(session: Session) -> None:
        if session.get(ChannelEvent, (endpoint, event_id)) is not None:
            raise WebhookRefused(Refusal.REPLAYED, "event id taken already")
        session.add(ChannelEvent(endpoint=endpoint, event_id=event_id, received_at=now))
        try:
            session.flush()
        except IntegrityError:
            raise WebhookRefused(Refusal.REPLAYED, "event id taken already") from None

    return before


KEEP_EVENTS = timedelta(days=30)


def prune_events(session: Session, now: datetime, keep: timedelta = KEEP_EVENTS) -> int:
    """Forgets event records older than ``keep`` (the gateway calls it now and then: one
    row per message would otherwise grow forever). Safe: a Standard Webhooks delivery
    that old is refused as stale by its timestamp, and a vendor's replay of a message that
    old is a duplicate to the intake (its channel_keys keep every message id), so it
    stores nothing either. Returns the rows deleted."""
    result = session.execute(delete(ChannelEvent).where(ChannelEvent.received_at < now - keep))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


class Intake:
    """One gateway's webhook endpoints and the sink they write through."""

    def __init__(self, config: WebhookConfig, sink: Sink, clock: Callable[[], datetime] | None = None):
        self.config, self.sink = config, sink
        self.clock = clock or (lambda: datetime.now(UTC))

    # --- the steps --------------------------------------------------------------------
    async def read(self, request: Request, endpoint: WebhookEndpoint) -> bytes:
        most = endpoint.max_body
        declared = request.headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > most):
            raise WebhookRefused(Refusal.TOO_LARGE, f"over {most} bytes")
        body = bytearray()

        async def take() -> None:
            async for chunk in request.stream():
                body.extend(chunk)
                if len(body) > most:
                    raise WebhookRefused(Refusal.TOO_LARGE, f"over {most} bytes")

        await asyncio.wait_for(take(), READ_SECONDS)
        return bytes(body)

    def verify_and_parse(self, request: Request, endpoint: WebhookEndpoint, body: bytes,
                         now: datetime) -> list[payloads.Event]:
        headers = request.headers
        most = self.config.max_events
        match endpoint.provider:
            case Provider.TWILIO:
                # The form is decoded first (the signature covers its fields, not its bytes).
                fields = payloads.twilio_form(body)
                verify_twilio(endpoint.secret, endpoint.public_url or str(request.url), fields, headers)
                return payloads.parse_twilio(endpoint, fields, body, now)
            case Provider.META:
                verify_meta(endpoint.secret, body, headers)
                return payloads.parse_meta(endpoint, body, now, most)
            case Provider.LINE:
                verify_line(endpoint.secret, body, headers)
                return payloads.parse_line(endpoint, body, now, most)
            case Provider.STANDARD:
                event_id = verify_standard(endpoint.secret, body, headers, now=now)
                return payloads.parse_standard(endpoint, event_id, body, now)
        raise AssertionError(endpoint.provider)

    def deliver(self, endpoint: WebhookEndpoint, events: Sequence[payloads.Event], now: datetime) -> tuple[int, int]:
        """Each event's message through the sink, its replay record in the same
        transaction. Returns (taken, replayed). Runs in a worker thread (blocking DB work)."""
        taken = replayed = 0
        for event in events:
            if event.inbound is None:
                continue  # a receipt or an echo: nothing to store, nothing to replay
            try:
                self.sink.receive(event.inbound, team_id=endpoint.team_id,
                                  before=record_event(endpoint.name, event.event_id, now))
                taken += 1
            except WebhookRefused as exc:
                if exc.reason is not Refusal.REPLAYED:
                    raise
                replayed += 1
        return taken, replayed

    # --- the endpoints ----------------------------------------------------------------
    async def hook(self, request: Request) -> Response:
        endpoint = self.config.endpoint(request.path_params["name"])
        if endpoint is None:
            return JSONResponse({"error": "not found"}, status_code=404)
        if request.method == "GET":
            return self.handshake(request, endpoint)
        now = self.clock()
        try:
            body = await self.read(request, endpoint)
            events = self.verify_and_parse(request, endpoint, body, now)
            taken, replayed = await run_in_threadpool(self.deliver, endpoint, events, now)
        except TimeoutError:
            log.info("webhook %s: the body took over %.0f s; refused", endpoint.name, READ_SECONDS)
            return JSONResponse({"error": "webhook.timeout"}, status_code=408)
        except WebhookRefused as exc:
            log.warning("webhook %s refused from %s: %s", endpoint.name, _client(request), exc)
            return JSONResponse({"error": exc.reason.value, "detail": exc.detail}, status_code=STATUS[exc.reason])
        except (DBAPIError, PoolTimeout) as exc:
            log.error("webhook %s: the database is unavailable (%s); asked the sender to retry", endpoint.name,
                      type(exc).__name__)
            return JSONResponse({"error": "webhook.unavailable"}, status_code=503, headers={"Retry-After": "30"})
        except CodedError as exc:
            # The intake refused the message itself (too large, say): a retry will not help.
            log.error("webhook %s: a message was refused by the intake: %s", endpoint.name, exc.code or "uncoded")
            if endpoint.provider is Provider.STANDARD:
                return JSONResponse({"error": exc.code or "intake.refused", "detail": str(exc)}, status_code=422)
            return self.accepted(endpoint, 0)
        if replayed and not taken:
            log.warning("webhook %s from %s: %d replayed event(s), nothing stored", endpoint.name, _client(request),
                        replayed)
            if endpoint.provider is Provider.STANDARD:
                return JSONResponse({"error": Refusal.REPLAYED.value}, status_code=409)
        log.info("webhook %s: %d message(s) taken, %d event(s) in the delivery", endpoint.name, taken, len(events))
        return self.accepted(endpoint, taken)

    @staticmethod
    def accepted(endpoint: WebhookEndpoint, taken: int) -> Response:
        if endpoint.provider is Provider.TWILIO:
            return Response(TWIML_EMPTY, media_type="text/xml")
        return JSONResponse({"status": "ok", "taken": taken})

    @staticmethod
    def handshake(request: Request, endpoint: WebhookEndpoint) -> Response:
        """Meta confirms a subscription by GET: echo ``hub.challenge`` when the token is ours."""
        q = request.query_params
        token = q.get("hub.verify_token", "")
        if (endpoint.provider is Provider.META and endpoint.verify_token and q.get("hub.mode") == "subscribe"
                and hmac.compare_digest(token.encode(), endpoint.verify_token.encode())):
            return PlainTextResponse(q.get("hub.challenge", "")[:200])
        return JSONResponse({"error": Refusal.BAD_SIGNATURE.value}, status_code=403)


def _client(request: Request) -> str:
    return request.client.host if request.client else ""


async def _health(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


def webhooks_of(config, sink) -> WebhookConfig:
    """``config`` as a WebhookConfig: one already, or the gateway's config (gateway/config.py)
    whose ``webhooks`` are the file's ``[[webhook]]`` tables. Teams named by name are
    looked up in the workspace through the sink."""
    if isinstance(config, WebhookConfig):
        return config
    tables = list(getattr(config, "webhooks", None) or [])
    teams = None
    if needs_teams(tables):
        teams = sink.run(lambda s: {name: tid for name, tid in s.execute(select(Team.name, Team.id))})
    return load_webhooks(tables, teams)


def make_app(config, sink: Sink, extra_routes: Iterable[BaseRoute] = (), *,
             clock: Callable[[], datetime] | None = None) -> Starlette:
    """The intake as a Starlette app. ``config``: a WebhookConfig, or the gateway's config
    (its ``[[webhook]]`` tables); ``extra_routes`` (the phone events' hooks, say) are served
    beside it. ``clock`` is for tests (Standard Webhooks' window). Raises
    WebhookConfigError (one line) for a table that cannot be used."""
    intake = Intake(webhooks_of(config, sink), sink, clock)
    extra = list(extra_routes)
    # The extra routes come first (Starlette takes the first match): /hooks/phone is the
    # phone events', not an endpoint named "phone", and no endpoint may take such a name.
    taken = {getattr(r, "path", "") for r in extra}
    clash = sorted(e.name for e in intake.config.endpoints if f"/hooks/{e.name}" in taken)
    if clash:
        raise WebhookConfigError(f"webhook name {clash[0]!r} is taken by another part of the gateway")
    routes: list[BaseRoute] = [
        *extra,
        Route("/hooks/{name}", intake.hook, methods=["GET", "POST"]),
        Route("/health", _health, methods=["GET"]),
    ]
    app = Starlette(routes=routes)
    app.state.intake = intake
    return app
