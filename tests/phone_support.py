"""Phone tests' helpers (issue 14): an embedded gateway sink, signed call events, and,
until the intake helper's services/channels.py is on this branch, a small stand-in for its
``receive`` (a phone ticket for the caller, found or made by number) so the call events'
own rules can be tested now. The stand-in is never used once the real module exists."""

from __future__ import annotations

import importlib.util
import json
import sys
import types
import uuid
from datetime import UTC, datetime

from sqlalchemy import select
from standardwebhooks.webhooks import Webhook

SECRET = "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"  # a test key (base64 of 24 bytes)


class EmbeddedSink:
    """The gateway's sink on an embedded workspace: one Session, committed."""

    def __init__(self, db):
        self.db = db

    def run(self, fn):
        with self.db.session() as s:
            return fn(s)


def local_sink(db):
    """The gateway's embedded sink (gateway/sink.LocalSink), or the stand-in above before
    the intake branch is merged."""
    try:
        from agentdesk.gateway.sink import LocalSink
    except ImportError:
        return EmbeddedSink(db)
    return LocalSink(db)


def server_sink(db):
    """The gateway's team sink (ServerSink: stamps what it wrote so desks pull it), or the
    stand-in; ``stamps`` says which."""
    try:
        from agentdesk.gateway.sink import ServerSink
    except ImportError:
        sink = EmbeddedSink(db)
        sink.stamps = False
        return sink
    sink = ServerSink(db.engine)
    sink.stamps = True
    return sink


def signed(payload: dict | bytes, *, secret: str = SECRET, msg_id: str | None = None,
           at: datetime | None = None) -> tuple[bytes, dict]:
    body = payload if isinstance(payload, bytes) else json.dumps(payload, ensure_ascii=False).encode()
    msg_id = msg_id or f"msg_{uuid.uuid4().hex}"
    at = at or datetime.now(UTC)
    sig = Webhook(secret).sign(msg_id, at, body)
    return body, {"webhook-id": msg_id, "webhook-timestamp": str(int(at.timestamp())), "webhook-signature": sig,
                  "content-type": "application/json"}


def ensure_receive() -> None:
    if "agentdesk.services.channels" in sys.modules or importlib.util.find_spec("agentdesk.services.channels"):
        return
    from agentdesk.channels import Outcome, Received
    from agentdesk.models import ContactPoint, Customer, Message
    from agentdesk.services import tickets

    def receive(session, inbound, *, team_id=None, now=None):
        known = session.scalar(select(Message).where(Message.external_id == inbound.external_id))
        if known is not None:
            return Received(Outcome.DUPLICATE, known.ticket_id, None, None, None)
        customer = session.scalar(select(Customer).join(ContactPoint, ContactPoint.customer_id == Customer.id).where(
            ContactPoint.kind == "phone", ContactPoint.normalized == inbound.sender_address))
        if customer is None:
            customer = Customer(name=inbound.sender_address or "?")
            session.add(customer)
            session.flush()
            if inbound.sender_address:
                session.add(ContactPoint(customer_id=customer.id, kind="phone", value=inbound.sender_address))
        t = tickets.create_ticket(session, subject=inbound.text[:80], body=inbound.text, channel="phone",
                                  customer_id=customer.id, author_name=customer.name, team_id=team_id,
                                  now=now or inbound.received_at)
        session.flush()
        message = session.scalar(select(Message).where(Message.ticket_id == t.id))
        message.external_id = inbound.external_id
        session.flush()
        return Received(Outcome.NEW, t.id, t.number, message.id, customer.id)

    module = types.ModuleType("agentdesk.services.channels")
    module.receive = receive  # type: ignore[attr-defined]
    sys.modules["agentdesk.services.channels"] = module
