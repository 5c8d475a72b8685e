"""The gateway as `agentdesk gateway --config` starts it (issue 14), with its HTTP app on a
real port: a partner's signed chat message and the telephony system's call events both
reach the workspace through the one app; the [phone] table is optional (a file without it
starts too, with no phone endpoint)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import httpx
from sqlalchemy import select

from agentdesk.gateway import config as gw_config
from agentdesk.gateway.main import Gateway
from agentdesk.models import Message, Ticket
from agentdesk.webhook_auth import standard_headers
from tests.factories import seed_small
from tests.hooks_support import free_port
from tests.phone_support import SECRET as PHONE_SECRET
from tests.phone_support import signed

WHSEC = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


def _config(tmp_path, db_url: str, port: int, *, phone: bool):
    path = tmp_path / "gateway.toml"
    path.write_text(f"""
[workspace]
db = "{db_url}"
[http]
listen = "127.0.0.1:{port}"
[[webhook]]
name = "partner"
provider = "standard"
channel = "chat"
secret = "{WHSEC}"
""" + (f"""
[phone]
secret = "{PHONE_SECRET}"
""" if phone else ""), encoding="utf-8")
    path.chmod(0o600)
    return gw_config.load(path)


def _serve(gw: Gateway, port: int) -> str:
    gw.start()
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            httpx.get(base + "/", timeout=0.5)
            return base
        except httpx.TransportError:
            gw.stop.wait(0.05)
    raise AssertionError("the gateway's HTTP app did not come up")


def test_one_gateway_serves_partner_messages_and_call_events(tmp_path, sqlite_db):
    seed_small(sqlite_db)
    port = free_port()
    gw = Gateway(_config(tmp_path, sqlite_db.url, port, phone=True))
    base = _serve(gw, port)
    try:
        body = json.dumps({"type": "message", "id": "m-1", "conversation": "c-9",
                           "from": {"address": "visitor-7", "name": "김민지"}, "text": "배송이 안 왔어요"},
                          ensure_ascii=False).encode()
        r = httpx.post(base + "/hooks/partner", content=body,
                       headers={**standard_headers(WHSEC, "evt-1", body, datetime.now(UTC)),
                                "Content-Type": "application/json"})
        assert r.status_code == 200, r.text
        at = datetime.now(UTC).replace(microsecond=0)
        for kind in ("ringing", "answered", "ended"):
            event = {"call_id": "call-1", "event": kind, "at": at.isoformat(), "from": "+821055550101",
                     "to": "+8215881234", "agent": "kim.minji"}
            payload, headers = signed(event)
            r = httpx.post(base + "/hooks/phone", content=payload, headers=headers)
            assert r.status_code == 200, r.text
    finally:
        gw.shutdown()
    with sqlite_db.session() as s:
        channels = {t.channel for t in s.scalars(select(Ticket).join(Message, Message.ticket_id == Ticket.id)
                                                .where(Message.body == "배송이 안 왔어요"))}
        assert channels == {"chat"}
        assert s.scalar(select(Message.id).where(Message.kind == "call_log")) is not None


def test_without_a_phone_table_the_gateway_starts_and_has_no_phone_endpoint(tmp_path, sqlite_db):
    seed_small(sqlite_db)
    port = free_port()
    gw = Gateway(_config(tmp_path, sqlite_db.url, port, phone=False))
    base = _serve(gw, port)
    try:
        payload, headers = signed({"call_id": "call-1", "event": "ringing", "at": datetime.now(UTC).isoformat(),
                                   "from": "+821055550101", "to": "+8215881234"})
        assert httpx.post(base + "/hooks/phone", content=payload, headers=headers).status_code == 404
    finally:
        gw.shutdown()
