"""The gateway's webhook intake (agentdesk/gateway/http.py) over HTTP: each vendor's
payload, signed as the vendor signs it, becomes a message; a bad signature, a stale
timestamp, a replayed event id or an oversized body is refused and stores nothing in any
table."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import httpx
import pytest
from sqlalchemy import text
from starlette.testclient import TestClient

from agentdesk.channels import Inbound, Outcome, Received
from agentdesk.gateway.http import make_app
from agentdesk.gateway.webhook_config import WebhookConfig, endpoint_from_dict
from agentdesk.models import ChannelEvent
from agentdesk.webhook_auth import line_signature, meta_signature, standard_headers, twilio_signature
from tests.hooks_support import row_counts, serving

NOW = datetime(2026, 12, 6, 5, 0, tzinfo=UTC)
WHSEC = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
TEAM = uuid.UUID("00000000-0000-0000-0000-0000000000aa")
SMS_URL = "https://help.example.com/hooks/sms"


class RecordingSink:
    """Stands in for gateway/sink.LocalSink until intake lands: the same receive(), on a
    real SQLite workspace, ``before`` in its transaction; keeps what it was given."""

    def __init__(self, db):
        self.db = db
        self.taken: list[tuple[Inbound, uuid.UUID | None]] = []

    def receive(self, inbound: Inbound, team_id=None, *, before=None) -> Received:
        with self.db.session() as s:
            if before is not None:
                before(s)
        self.taken.append((inbound, team_id))
        return Received(Outcome.NEW, uuid.uuid4(), len(self.taken), uuid.uuid4(), None)


def config() -> WebhookConfig:
    return WebhookConfig(endpoints=(
        endpoint_from_dict({"name": "sms", "provider": "twilio", "secret": "twilio-token", "public_url": SMS_URL,
                            "team": str(TEAM)}),
        endpoint_from_dict({"name": "wa", "provider": "meta", "secret": "app-secret", "verify_token": "hello"}),
        endpoint_from_dict({"name": "line", "provider": "line", "channel": "chat", "secret": "line-secret"}),
        endpoint_from_dict({"name": "partner", "provider": "standard", "channel": "chat", "secret": WHSEC,
                            "max_body": 4096}),
    ))


@pytest.fixture
def hooks(sqlite_db):
    sink = RecordingSink(sqlite_db)
    app = make_app(config(), sink, clock=lambda: NOW)
    with TestClient(app) as client:
        yield client, sink, sqlite_db


def stored(sink, db) -> tuple[int, dict[str, int]]:
    with db.session() as s:
        return len(sink.taken), row_counts(s)


# --- payloads -----------------------------------------------------------------------------
def twilio_post(client, fields: list[tuple[str, str]], *, signature: str | None = None):
    sig = signature if signature is not None else twilio_signature("twilio-token", SMS_URL, fields)
    return client.post("/hooks/sms", content=urlencode(fields).encode(),
                       headers={"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": sig})


SMS = [("MessageSid", "SM1"), ("AccountSid", "AC1"), ("From", "+821012345678"), ("To", "+15005550006"),
       ("Body", "카드 분실 신고합니다"), ("NumMedia", "1"), ("MediaUrl0", "https://api.twilio.com/m/1"),
       ("MediaContentType0", "image/jpeg")]


def whatsapp(text: str, mid: str = "wamid.A1") -> bytes:
    doc = {"object": "whatsapp_business_account", "entry": [{"id": "WABA", "changes": [{"field": "messages", "value": {
        "messaging_product": "whatsapp", "metadata": {"phone_number_id": "PN1"},
        "contacts": [{"profile": {"name": "홍길동"}, "wa_id": "821012345678"}],
        "messages": [{"from": "821012345678", "id": mid, "timestamp": "1796000000", "type": "text",
                      "text": {"body": text}}],
        "statuses": [{"id": "wamid.OURS", "status": "delivered"}]}}]}]}
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")  # Meta sends UTF-8, not \u escapes


def standard_post(client, doc: dict, *, msg_id: str = "evt_1", at: datetime = NOW, secret: str = WHSEC):
    body = json.dumps(doc, ensure_ascii=False).encode()
    return client.post("/hooks/partner", content=body, headers={**standard_headers(secret, msg_id, body, at),
                                                                "Content-Type": "application/json"})


CHAT = {"type": "message", "id": "m-1", "conversation": "c-9", "from": {"address": "visitor-7", "name": "김민지"},
        "text": "배송이 안 왔어요"}


# --- what is taken ------------------------------------------------------------------------
def test_twilio_sms_becomes_an_inbound_for_the_endpoints_team(hooks):
    client, sink, db = hooks
    r = twilio_post(client, SMS)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/xml") and "<Response>" in r.text
    [(inbound, team)] = sink.taken
    assert team == TEAM
    assert (inbound.channel, inbound.external_id, inbound.sender_address, inbound.text) == \
        ("sms", "SM1", "+821012345678", "카드 분실 신고합니다")
    assert inbound.hints.conversation == "sms:+821012345678"
    assert inbound.meta["media"] == [{"url": "https://api.twilio.com/m/1", "type": "image/jpeg"}]
    assert inbound.meta["reply_to"] == "+821012345678" and inbound.received_at == NOW
    with db.session() as s:
        assert s.get(ChannelEvent, ("sms", "SM1")) is not None


def test_whatsapp_korean_message_verified_on_raw_bytes(hooks):
    client, sink, db = hooks
    raw = whatsapp("똠방각하 뷁 햏: 결제가 두 번 됐어요")
    r = client.post("/hooks/wa", content=raw, headers={"X-Hub-Signature-256": meta_signature("app-secret", raw)})
    assert r.status_code == 200, r.text
    [(inbound, _)] = sink.taken  # the delivery receipt in the same payload made nothing
    assert inbound.text == "똠방각하 뷁 햏: 결제가 두 번 됐어요" and inbound.sender_name == "홍길동"
    assert inbound.sender_address == "+821012345678" and inbound.meta["reply_to"] == "821012345678"
    assert inbound.raw == raw


def test_line_message_event(hooks):
    client, sink, _ = hooks
    raw = json.dumps({"destination": "Ubot", "events": [
        {"type": "follow", "webhookEventId": "01F", "source": {"type": "user", "userId": "U1"}},
        {"type": "message", "webhookEventId": "01M", "message": {"type": "text", "id": "4687", "text": "안녕하세요"},
         "source": {"type": "user", "userId": "U1"}, "deliveryContext": {"isRedelivery": False}}]},
        ensure_ascii=False).encode()
    r = client.post("/hooks/line", content=raw, headers={"X-Line-Signature": line_signature("line-secret", raw)})
    assert r.status_code == 200 and r.json()["taken"] == 1
    [(inbound, _)] = sink.taken
    assert (inbound.channel, inbound.external_id, inbound.sender_address, inbound.text) == ("chat", "4687", "U1",
                                                                                          "안녕하세요")


def test_standard_generic_json(hooks):
    client, sink, _ = hooks
    r = standard_post(client, CHAT)
    assert r.status_code == 200, r.text
    [(inbound, team)] = sink.taken
    assert team is None
    assert (inbound.external_id, inbound.sender_address, inbound.sender_name, inbound.text) == \
        ("m-1", "visitor-7", "김민지", "배송이 안 왔어요")
    assert inbound.hints.conversation == "partner:c-9"


def test_meta_subscription_handshake(hooks):
    client, *_ = hooks
    ok = client.get("/hooks/wa", params={"hub.mode": "subscribe", "hub.verify_token": "hello", "hub.challenge": "42"})
    assert (ok.status_code, ok.text) == (200, "42")
    assert client.get("/hooks/wa", params={"hub.mode": "subscribe", "hub.verify_token": "nope",
                                           "hub.challenge": "42"}).status_code == 403
    assert client.get("/hooks/partner").status_code == 403
    assert client.post("/hooks/nobody", content=b"{}").status_code == 404


# --- what is refused, storing nothing anywhere ------------------------------------------------------
def test_refusals_store_nothing_in_any_table(hooks, caplog):
    client, sink, db = hooks
    caplog.set_level("DEBUG")
    before = stored(sink, db)
    raw = whatsapp("카드를 잃어버렸어요")
    sig = meta_signature("app-secret", raw)
    again = json.dumps(json.loads(raw)).encode()  # the same JSON re-serialised: Hangul escaped
    cases = [
        (twilio_post(client, SMS, signature="x" + twilio_signature("twilio-token", SMS_URL, SMS)[1:]), 401,
         "webhook.bad_signature"),
        (twilio_post(client, [*SMS[:4], ("Body", "changed")], signature=twilio_signature("twilio-token", SMS_URL, SMS)),
         401, "webhook.bad_signature"),
        (client.post("/hooks/wa", content=again, headers={"X-Hub-Signature-256": sig}), 401, "webhook.bad_signature"),
        (client.post("/hooks/wa", content=raw), 401, "webhook.missing_header"),
        (standard_post(client, CHAT, at=NOW - timedelta(minutes=6)), 401, "webhook.stale_timestamp"),
        (standard_post(client, CHAT, secret="whsec_" + "QUFBQUFBQUFBQUFBQUFBQUFBQUE="), 401, "webhook.bad_signature"),
        (standard_post(client, {**CHAT, "text": "가" * 5000}), 413, "webhook.too_large"),
        (standard_post(client, {**CHAT, "from": "not an object"}), 400, "webhook.bad_payload"),
        (client.post("/hooks/line", content=b"[1]", headers={"X-Line-Signature": line_signature("line-secret",
                                                                                               b"[1]")}),
         400, "webhook.bad_payload"),
    ]
    for response, status, code in cases:
        assert (response.status_code, response.json()["error"]) == (status, code)
    assert stored(sink, db) == before
    # Refusals are logged by endpoint and code; never a customer's words or number.
    assert "webhook.bad_signature" in caplog.text
    for secret in ("카드", "+8210", "8210", "visitor-7", "김민지", "\\uce74"):
        assert secret not in caplog.text


def test_replayed_event_is_refused_and_stores_nothing(hooks):
    client, sink, db = hooks
    assert standard_post(client, CHAT).status_code == 200
    after_first = stored(sink, db)
    assert after_first[1]["channel_events"] == 1
    # The same signed delivery again (an attacker's copy, or a retry): 409, nothing new.
    r = standard_post(client, CHAT)
    assert (r.status_code, r.json()["error"]) == (409, "webhook.replayed")
    # A vendor's replay is its retry: answered 200 so it stops, and nothing new either.
    assert twilio_post(client, SMS).status_code == 200
    after_sms = stored(sink, db)
    assert twilio_post(client, SMS).status_code == 200
    assert stored(sink, db) == after_sms and after_sms[0] == after_first[0] + 1


def test_database_error_answers_503_so_the_vendor_retries(hooks):
    client, sink, db = hooks
    with db.engine.begin() as conn:
        conn.execute(text("ALTER TABLE channel_events RENAME TO channel_events_away"))
    r = standard_post(client, CHAT)
    assert (r.status_code, r.headers["retry-after"]) == (503, "30")
    assert sink.taken == []
    with db.engine.begin() as conn:
        conn.execute(text("ALTER TABLE channel_events_away RENAME TO channel_events"))
    assert standard_post(client, CHAT).status_code == 200  # the retry goes in


def test_oversized_stream_without_length_is_cut_off_over_real_http(sqlite_db):
    """Through uvicorn: a chunked body with no Content-Length is refused once it passes
    the endpoint's budget, without reading the rest."""
    sink = RecordingSink(sqlite_db)
    sent = 0

    def chunks():
        nonlocal sent
        for _ in range(64):
            sent += 1024
            yield b"x" * 1024

    with serving(make_app(config(), sink)) as base, httpx.Client(base_url=base, timeout=10) as http:
        r = http.post("/hooks/partner", content=chunks(), headers=standard_headers(WHSEC, "e", b"", datetime.now(UTC)))
        assert (r.status_code, r.json()["error"]) == (413, "webhook.too_large")
        assert http.get("/health").json() == {"status": "ok"}
    assert sink.taken == []
