"""The gateway as `agentdesk gateway --config` starts it (issue 14), with its HTTP app on a
real port: a partner's signed chat message and the telephony system's call events both
reach the workspace through the one app; the [phone] table is optional (a file without it
starts too, with no phone endpoint)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy import select

from agentdesk import cli
from agentdesk.gateway import config as gw_config
from agentdesk.gateway.main import Gateway
from agentdesk.models import Message, Ticket
from agentdesk.webhook_auth import standard_headers
from tests.factories import seed_small
from tests.hooks_support import free_port
from tests.phone_support import SECRET as PHONE_SECRET
from tests.phone_support import signed

WHSEC = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


def _config(tmp_path, db_url: str, port: int, *, phone: bool, phone_table: str = ""):
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
""" + (phone_table or f"""
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


def test_the_phone_secret_comes_from_the_environment_or_a_file_like_every_other(tmp_path, sqlite_db, monkeypatch,
                                                                               capsys):
    """[phone] took only `secret` written in the file: `secret_env` (as docs/gateway.md asks
    of every secret) passed --check and then stopped the gateway with a KeyError traceback."""
    seed_small(sqlite_db)
    port = free_port()
    monkeypatch.delenv("PHONE_WHSEC", raising=False)
    cfg = _config(tmp_path, sqlite_db.url, port, phone=True, phone_table='[phone]\nsecret_env = "PHONE_WHSEC"\n')
    path = str(cfg.path)
    assert cli.main(["gateway", "--config", path, "--check"]) == 1
    err = capsys.readouterr().err.strip()
    assert "phone.secret_env" in err and len(err.splitlines()) == 1
    monkeypatch.setenv("PHONE_WHSEC", PHONE_SECRET)
    assert cli.main(["gateway", "--config", path, "--check"]) == 0
    gw = Gateway(gw_config.load(path))
    base = _serve(gw, port)
    try:
        payload, headers = signed({"call_id": "call-env", "event": "ringing", "at": datetime.now(UTC).isoformat(),
                                   "from": "+821055550101", "to": "+8215881234", "agent": "kim.minji"})
        r = httpx.post(base + "/hooks/phone", content=payload, headers=headers)
        assert r.status_code == 200, r.text
    finally:
        gw.shutdown()
    # Written in the file, the secret needs a file only the gateway's user can read.
    cfg.path.chmod(0o644)
    cfg.path.write_text(cfg.path.read_text().replace('secret_env = "PHONE_WHSEC"', f'secret = "{PHONE_SECRET}"'))
    with pytest.raises(gw_config.GatewayConfigError, match="phone.secret"):
        gw_config.load(path)
