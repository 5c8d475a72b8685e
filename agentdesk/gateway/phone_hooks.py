"""Call events from a telephony system (issue 14): ``POST /hooks/phone``.

A PBX or cloud contact-centre platform posts each event of a call (ringing, answered,
held, resumed, ended; the JSON format is in docs/channels.md, Phone), signed the
Standard Webhooks way (HMAC-SHA256 over ``id.timestamp.body``, a 5-minute window). An
event is verified before anything is read or stored; then services/calls.take_event
records it once and, when the call has ended, writes its call log and work time on the
caller's open phone ticket or a new one (through services/channels.receive).

The gateway's HTTP app (gateway/http.py) mounts ``routes(sink, config)``; the sink runs
the write on the workspace's database and stamps what it touched so desks pull it
(gateway/sink.py): ``sink.run(fn)`` calls ``fn(session)`` in one transaction.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from agentdesk import webhook_auth
from agentdesk import call_rules
from agentdesk.catalogue import to_wire
from agentdesk.services import calls
from agentdesk.services.common import ServiceError

log = logging.getLogger("agentdesk.gateway")

PATH = "/hooks/phone"
MAX_BODY = 16 * 1024  # one call event is a few hundred bytes


class Sink(Protocol):
    def run(self, fn: Any) -> Any: ...


@dataclass(frozen=True)
class PhoneConfig:
    """The gateway config's ``[phone]`` section: the endpoint's Standard Webhooks secret
    (``whsec_…``, kept in the OS keyring or the config file's secret store), the team whose
    queue a call's new ticket goes to, and the language of the call logs it writes."""

    secret: str
    team_id: uuid.UUID | None = None
    language: str = "ko"

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> PhoneConfig:
        team = values.get("team_id")
        return cls(secret=str(values["secret"]), team_id=uuid.UUID(str(team)) if team else None,
                   language="en" if values.get("language") == "en" else "ko")


def _config(config: Any) -> PhoneConfig:
    if isinstance(config, PhoneConfig):
        return config
    section = getattr(config, "phone", None) if not isinstance(config, Mapping) else config.get("phone", config)
    if isinstance(section, PhoneConfig):
        return section
    if isinstance(section, Mapping):
        return PhoneConfig.from_mapping(section)
    raise TypeError("the gateway config has no [phone] section with the endpoint's secret")


def _refusal(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": code, "message": message}, status_code=status)


def routes(sink: Sink, config: Any) -> list[Route]:
    """The phone endpoint, to mount in the gateway's HTTP app."""
    phone = _config(config)

    async def receive_event(request: Request) -> JSONResponse:
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
            return _refusal(413, "too_large", f"a call event is at most {MAX_BODY} bytes")
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY:
                return _refusal(413, "too_large", f"a call event is at most {MAX_BODY} bytes")
        try:
            # Over the raw bytes as received: re-serialised JSON would differ (Hangul escapes).
            webhook_auth.verify_standard(phone.secret, body, request.headers)
        except webhook_auth.WebhookRefused as exc:
            log.warning("phone event refused: %s", str(exc)[:120])
            return _refusal(401, "signature", "the webhook signature, timestamp or id is not valid")
        try:
            payload = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            return _refusal(400, "call.event_field", "the body is not JSON")
        try:
            event = call_rules.parse_event(payload)
        except call_rules.CallError as exc:
            return JSONResponse({"error": exc.code, "message": str(exc), **to_wire(exc)}, status_code=400)

        def write(session):
            return calls.take_event(session, event, team_id=phone.team_id, lang=phone.language)

        try:
            outcome = await run_in_threadpool(sink.run, write)
        except ServiceError as exc:  # refused by the services: the transaction was rolled back
            log.warning("call event %s/%s refused: %s", event.call_id, event.kind, str(exc)[:200])
            return JSONResponse({"error": exc.code or "refused", "message": str(exc), **to_wire(exc)},
                                status_code=422)
        return JSONResponse(outcome.as_json())

    return [Route(PATH, receive_event, methods=["POST"])]
