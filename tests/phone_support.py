"""Phone tests' helpers (issue 14): the gateway's sinks and signed call events."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

from standardwebhooks.webhooks import Webhook

SECRET = "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"  # a test key (base64 of 24 bytes)


def local_sink(db):
    """The gateway's embedded sink."""
    from agentdesk.gateway.sink import LocalSink

    return LocalSink(db)


def server_sink(db):
    """The gateway's team sink (ServerSink: stamps what it wrote so desks pull it)."""
    from agentdesk.gateway.sink import ServerSink

    return ServerSink(db.engine)


def signed(payload: dict | bytes, *, secret: str = SECRET, msg_id: str | None = None,
           at: datetime | None = None) -> tuple[bytes, dict]:
    body = payload if isinstance(payload, bytes) else json.dumps(payload, ensure_ascii=False).encode()
    msg_id = msg_id or f"msg_{uuid.uuid4().hex}"
    at = at or datetime.now(UTC)
    sig = Webhook(secret).sign(msg_id, at, body)
    return body, {"webhook-id": msg_id, "webhook-timestamp": str(int(at.timestamp())), "webhook-signature": sig,
                  "content-type": "application/json"}
