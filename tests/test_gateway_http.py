"""The gateway's webhook intake (agentdesk/gateway/http.py) over HTTP: each vendor's
payload, signed as the vendor signs it, becomes a message; a bad signature, a stale
timestamp, a replayed event id or an oversized body is refused and stores nothing in any
table."""

from __future__ import annotations

import dataclasses
import json
import re
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import httpx
import pytest
from sqlalchemy import select, text
from starlette.testclient import TestClient

from agentdesk.gateway import payloads, senders
from agentdesk.gateway.http import make_app, prune_events
from agentdesk.gateway.sink import LocalSink, ServerSink
from agentdesk.gateway.webhook_config import WebhookConfig, WebhookConfigError, endpoint_from_dict, load_webhooks
from agentdesk.models import ChannelEvent, Customer, Message, Team, Ticket, WorkspaceSetting
from agentdesk.webhook_auth import line_signature, meta_signature, standard_headers, twilio_signature
from tests.hooks_support import row_counts, serving

NOW = datetime(2026, 12, 6, 5, 0, tzinfo=UTC)
WHSEC = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
TEAM = uuid.UUID("00000000-0000-0000-0000-0000000000aa")
SMS_URL = "https://help.example.com/hooks/sms"


def make_team(db) -> None:
    with db.session() as s:
        s.add(Team(id=TEAM, name="Cards"))


def tickets(db) -> list[tuple]:
    """(number, channel, team, customer's name, [message bodies]) of every ticket, oldest first."""
    with db.session() as s:
        out = []
        for t in s.scalars(select(Ticket).order_by(Ticket.number)):
            customer = s.get(Customer, t.customer_id) if t.customer_id else None
            bodies = list(s.scalars(select(Message.body).where(Message.ticket_id == t.id).order_by(Message.created_at)))
            out.append((t.number, t.channel, t.team_id, customer.name if customer else None, bodies))
        return out


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
    make_team(sqlite_db)
    app = make_app(config(), LocalSink(sqlite_db), clock=lambda: NOW)
    with TestClient(app) as client:
        yield client, sqlite_db


def stored(db) -> dict[str, int]:
    with db.session() as s:
        return row_counts(s)


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


# --- the payloads, as the intake gets them --------------------------------------------------
def test_twilio_form_as_an_inbound():
    ep = config().endpoint("sms")
    [event] = payloads.parse_twilio(ep, SMS, b"raw", NOW)
    inbound = event.inbound
    assert (event.event_id, inbound.channel, inbound.external_id, inbound.sender_address, inbound.text) == \
        ("SM1", "sms", "SM1", "+821012345678", "카드 분실 신고합니다")
    assert inbound.hints.conversation == "sms:+821012345678" and inbound.received_at == NOW
    assert inbound.meta["media"] == [{"url": "https://api.twilio.com/m/1", "type": "image/jpeg"}]
    # A status callback of one of our replies makes no message.
    [status] = payloads.parse_twilio(ep, [("MessageSid", "SM2"), ("From", "+1"), ("MessageStatus", "delivered")],
                                     b"", NOW)
    assert status == payloads.Event("SM2", None)


def test_meta_payloads_as_inbounds():
    ep = config().endpoint("wa")
    raw = whatsapp("똠방각하")
    [event] = payloads.parse_meta(ep, raw, NOW, 100)  # the delivery receipt beside it makes nothing
    assert (event.inbound.sender_address, event.inbound.sender_name, event.inbound.meta["reply_to"]) == \
        ("+821012345678", "홍길동", "821012345678")
    assert event.inbound.raw == raw
    messenger = json.dumps({"object": "page", "entry": [{"id": "P", "messaging": [
        {"sender": {"id": "PSID1"}, "recipient": {"id": "P"}, "message": {"mid": "m_1", "text": "문의"}},
        {"sender": {"id": "P"}, "recipient": {"id": "PSID1"}, "message": {"mid": "m_2", "text": "답", "is_echo": True}},
        {"sender": {"id": "PSID1"}, "recipient": {"id": "P"}, "message": {"mid": "m_3", "attachments": [
            {"type": "image", "payload": {"url": "https://x"}}]}},
        {"sender": {"id": "PSID1"}, "read": {"watermark": 1}}]}]}).encode()
    events = payloads.parse_meta(ep, messenger, NOW, 100)
    assert [(e.event_id, e.inbound and e.inbound.text) for e in events] == \
        [("m_1", "문의"), ("m_2", None), ("m_3", "[image]")]
    with pytest.raises(payloads.WebhookRefused):
        payloads.parse_meta(ep, messenger, NOW, 2)  # over the delivery's budget


# --- what is taken ------------------------------------------------------------------------
def test_twilio_sms_becomes_a_ticket_in_the_endpoints_team(hooks):
    client, db = hooks
    r = twilio_post(client, SMS)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/xml") and "<Response>" in r.text
    [(number, channel, team, name, bodies)] = tickets(db)
    assert (channel, team, bodies) == ("sms", TEAM, ["카드 분실 신고합니다"])
    with db.session() as s:
        assert s.get(ChannelEvent, ("sms", "SM1")) is not None
    # The next SMS from the same number threads onto the open ticket.
    assert twilio_post(client, [("MessageSid", "SM2"), ("From", "+821012345678"), ("Body", "사진 보냅니다"),
                                ("NumMedia", "0")]).status_code == 200
    assert tickets(db)[0][4] == ["카드 분실 신고합니다", "사진 보냅니다"]


def test_whatsapp_korean_message_verified_on_raw_bytes(hooks):
    client, db = hooks
    raw = whatsapp("똠방각하 뷁 햏: 결제가 두 번 됐어요")
    r = client.post("/hooks/wa", content=raw, headers={"X-Hub-Signature-256": meta_signature("app-secret", raw)})
    assert r.status_code == 200, r.text
    [(_, channel, _, name, bodies)] = tickets(db)
    assert (channel, name, bodies) == ("social", "홍길동", ["똠방각하 뷁 햏: 결제가 두 번 됐어요"])


def test_line_message_event(hooks):
    client, db = hooks
    raw = json.dumps({"destination": "Ubot", "events": [
        {"type": "follow", "webhookEventId": "01F", "source": {"type": "user", "userId": "U1"}},
        {"type": "message", "webhookEventId": "01M", "message": {"type": "text", "id": "4687", "text": "안녕하세요"},
         "source": {"type": "user", "userId": "U1"}, "deliveryContext": {"isRedelivery": False}}]},
        ensure_ascii=False).encode()
    r = client.post("/hooks/line", content=raw, headers={"X-Line-Signature": line_signature("line-secret", raw)})
    assert r.status_code == 200 and r.json()["taken"] == 1
    assert [(t[1], t[4]) for t in tickets(db)] == [("chat", ["안녕하세요"])]


def test_standard_generic_json(hooks):
    client, db = hooks
    assert standard_post(client, CHAT).status_code == 200
    assert standard_post(client, {**CHAT, "id": "m-2", "text": "언제 오나요?"}, msg_id="evt_2").status_code == 200
    [(_, channel, team, _, bodies)] = tickets(db)
    assert (channel, team, bodies) == ("chat", None, ["배송이 안 왔어요", "언제 오나요?"])


def test_meta_subscription_handshake(hooks):
    client, _ = hooks
    ok = client.get("/hooks/wa", params={"hub.mode": "subscribe", "hub.verify_token": "hello", "hub.challenge": "42"})
    assert (ok.status_code, ok.text) == (200, "42")
    assert client.get("/hooks/wa", params={"hub.mode": "subscribe", "hub.verify_token": "nope",
                                           "hub.challenge": "42"}).status_code == 403
    assert client.get("/hooks/partner").status_code == 403
    assert client.post("/hooks/nobody", content=b"{}").status_code == 404


# --- what is refused, storing nothing anywhere ------------------------------------------------------
def test_refusals_store_nothing_in_any_table(hooks, caplog):
    client, db = hooks
    caplog.set_level("DEBUG")
    before = stored(db)
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
    assert stored(db) == before
    # Refusals are logged by endpoint and code; never a customer's words or number.
    assert "webhook.bad_signature" in caplog.text
    for secret in ("카드", "+8210", "8210", "visitor-7", "김민지", "\\uce74"):
        assert secret not in caplog.text


def test_replayed_event_is_refused_and_stores_nothing(hooks):
    client, db = hooks
    assert standard_post(client, CHAT).status_code == 200
    after_first = stored(db)
    assert after_first["channel_events"] == 1 and after_first["messages"] == 1
    # The same signed delivery again (an attacker's copy, or a retry): 409, nothing new.
    r = standard_post(client, CHAT)
    assert (r.status_code, r.json()["error"]) == (409, "webhook.replayed")
    assert stored(db) == after_first
    # A vendor's replay is its retry: answered 200 so it stops, and nothing new either.
    assert twilio_post(client, SMS).status_code == 200
    after_sms = stored(db)
    assert twilio_post(client, SMS).status_code == 200
    assert stored(db) == after_sms and after_sms["messages"] == 2


def test_old_event_records_are_pruned_and_their_replays_still_store_nothing(hooks):
    client, db = hooks
    assert twilio_post(client, SMS).status_code == 200
    with db.session() as s:
        assert prune_events(s, NOW + timedelta(days=29)) == 0
        assert prune_events(s, NOW + timedelta(days=31)) == 1
    before = stored(db)
    assert twilio_post(client, SMS).status_code == 200  # the intake knows the MessageSid still
    after = stored(db)
    assert after["messages"] == before["messages"] and after["tickets"] == before["tickets"]


def test_database_error_answers_503_so_the_vendor_retries(hooks):
    client, db = hooks
    with db.engine.begin() as conn:
        conn.execute(text("ALTER TABLE channel_events RENAME TO channel_events_away"))
    r = standard_post(client, CHAT)
    assert (r.status_code, r.headers["retry-after"]) == (503, "30")
    assert tickets(db) == []
    with db.engine.begin() as conn:
        conn.execute(text("ALTER TABLE channel_events_away RENAME TO channel_events"))
    assert standard_post(client, CHAT).status_code == 200  # the retry goes in
    assert len(tickets(db)) == 1


def test_oversized_stream_without_length_is_cut_off_over_real_http(sqlite_db):
    """Through uvicorn: a chunked body with no Content-Length is refused once it passes
    the endpoint's budget, without reading the rest."""
    before = stored(sqlite_db)

    def chunks():
        for _ in range(64):
            yield b"x" * 1024

    with serving(make_app(config(), LocalSink(sqlite_db))) as base, httpx.Client(base_url=base, timeout=10) as http:
        r = http.post("/hooks/partner", content=chunks(), headers=standard_headers(WHSEC, "e", b"", datetime.now(UTC)))
        assert (r.status_code, r.json()["error"]) == (413, "webhook.too_large")
        assert http.get("/health").json() == {"status": "ok"}
    assert stored(sqlite_db) == before


def test_team_database_same_event_at_once_is_taken_once(pg_db):
    """A team workspace (ServerSink on PostgreSQL) and a sender that fires the same signed
    delivery four times at once: one message, one event row, the others refused as
    replays; the new rows carry the sync clock's stamp, so desks pull them."""
    make_team(pg_db)
    delivery = json.dumps(CHAT, ensure_ascii=False).encode()
    headers = {**standard_headers(WHSEC, "evt_race", delivery, datetime.now(UTC)), "Content-Type": "application/json"}
    with serving(make_app(config(), ServerSink(pg_db.engine))) as base:
        def post(_):
            return httpx.post(base + "/hooks/partner", content=delivery, headers=headers, timeout=20).status_code

        with ThreadPoolExecutor(4) as pool:
            statuses = sorted(pool.map(post, range(4)))
    assert statuses == [200, 409, 409, 409]
    counts = stored(pg_db)
    assert (counts["tickets"], counts["messages"], counts["channel_events"]) == (1, 1, 1)
    with pg_db.session() as s:
        assert s.scalar(select(Ticket.rev)) > 0 and s.scalar(select(Message.rev)) > 0


# --- the config ---------------------------------------------------------------------------
def test_the_gateway_configs_webhook_tables_with_a_team_by_name(sqlite_db, tmp_path, monkeypatch):
    make_team(sqlite_db)
    sink = LocalSink(sqlite_db)
    table = {"name": "sms", "provider": "twilio", "secret_env": "TEST_TWILIO_TOKEN", "team": "Cards"}
    monkeypatch.setenv("TEST_TWILIO_TOKEN", "twilio-token")
    monkeypatch.delenv("TEST_UNSET", raising=False)
    app = make_app(SimpleNamespace(webhooks=[table]), sink)
    sms = app.state.intake.config.endpoint("sms")
    assert (sms.team_id, sms.secret, sms.channel) == (TEAM, "twilio-token", "sms")
    assert senders.make_senders(SimpleNamespace(webhooks=[table]))["sms"].config.endpoint("sms").team == "Cards"
    secret = tmp_path / "line.secret"
    secret.write_text("s3cret\n")
    secret.chmod(0o644)
    refusals = [
        ({**table, "team": "Nope"}, "no team 'Nope' (teams: Cards)"),
        ({**table, "name": "../x"}, "webhook name '../x'"),
        ({**table, "provider": "kakao"}, "provider must be one of twilio, meta, line, standard"),
        ({**table, "secret_env": "TEST_UNSET"}, "TEST_UNSET is empty or unset"),
        ({"name": "line", "provider": "line", "secret_file": str(secret)}, "may be read by others; chmod 600 it"),
        ({"name": "p", "provider": "standard", "secret": "plain"}, "a Standard Webhooks secret is whsec_"),
    ]
    for bad, line in refusals:
        with pytest.raises(WebhookConfigError, match=re.escape(line)):
            make_app(SimpleNamespace(webhooks=[bad]), sink)
    with pytest.raises(WebhookConfigError, match="given twice"):
        make_app(SimpleNamespace(webhooks=[table, table]), sink)
    secret.chmod(0o600)
    assert load_webhooks([{"name": "line", "provider": "line", "secret_file": str(secret)}]).endpoints[0].secret \
        == "s3cret"


def test_phone_events_are_served_beside_the_webhooks(sqlite_db):
    """gateway/phone_hooks.py's /hooks/phone is theirs, not an endpoint named "phone"."""
    from agentdesk.gateway import phone_hooks

    sink = LocalSink(sqlite_db)
    extra = phone_hooks.routes(sink, phone_hooks.PhoneConfig(WHSEC))
    with TestClient(make_app(config(), sink, extra_routes=extra, clock=lambda: NOW)) as client:
        r = client.post("/hooks/phone", content=b"{}")
        assert r.status_code == 401 and r.json()["error"] != "not found"
        assert standard_post(client, CHAT).status_code == 200
    with pytest.raises(WebhookConfigError, match="'phone' is taken"):
        endpoint_from_dict({"name": "phone", "provider": "standard", "secret": WHSEC})
    clash = WebhookConfig((dataclasses.replace(config().endpoint("partner"), name="phone"),))
    with pytest.raises(WebhookConfigError, match="'phone' is taken"):
        make_app(clash, sink, extra_routes=extra)


# --- end to end: the gateway's config, its intake and its outbox ---------------------------------
def test_a_partner_message_becomes_a_ticket_and_the_agents_reply_goes_back_signed(tmp_path, sqlite_db):
    """The gateway's own pieces, as gateway/main.py wires them from its TOML file: the
    webhook app on its sink, and the outbox with make_senders. A signed message comes in as
    a chat ticket; the agent's reply is queued, POSTed to the partner signed with the same
    secret, and shows as sent."""
    from agentdesk.gateway import config as gw_config
    from agentdesk.gateway import outbox
    from agentdesk.gateway.main import make_sink, open_workspace, outbox_settings
    from agentdesk.services import tickets as ticket_service
    from agentdesk.services.common import current_agent
    from agentdesk.webhook_auth import verify_standard
    from tests.factories import seed_small
    from tests.hooks_support import FakeVendor

    seed_small(sqlite_db)
    with sqlite_db.session() as s:
        s.add(WorkspaceSetting(key=outbox.SINCE_KEY, value="2000-01-01T00:00:00+00:00"))
    partner = FakeVendor()
    with serving(partner.app()) as partner_url:
        path = tmp_path / "gateway.toml"
        path.write_text(f"""
[workspace]
db = "{sqlite_db.url}"
[http]
listen = "127.0.0.1:8025"
[[webhook]]
name = "partner"
provider = "standard"
channel = "chat"
team = "카드상담팀"
secret = "{WHSEC}"
send_url = "{partner_url}/agentdesk/replies"
""", encoding="utf-8")
        path.chmod(0o600)
        cfg = gw_config.load(path)
        db = open_workspace(cfg)
        sink = make_sink(db, None)
        with serving(make_app(cfg, sink)) as base:
            body = json.dumps(CHAT, ensure_ascii=False).encode()
            r = httpx.post(base + "/hooks/partner", content=body,
                           headers={**standard_headers(WHSEC, "evt_e2e", body, datetime.now(UTC)),
                                    "Content-Type": "application/json"})
            assert r.status_code == 200, r.text
        with db.session() as s:
            ticket = s.scalars(select(Ticket).join(Message, Message.ticket_id == Ticket.id)
                               .where(Message.body == CHAT["text"])).one()
            assert ticket.channel == "chat"
            assert s.get(Team, ticket.team_id).name == "카드상담팀"
            reply = ticket_service.add_message(s, ticket.id, current_agent(s), "내일 도착 예정입니다.").id
        settings = outbox_settings(cfg)
        assert outbox.enqueue(db, settings) == 1
        assert outbox.send_one(db, settings) == "sent"
        [seen] = partner.seen
        assert seen.path == "/agentdesk/replies"
        doc = json.loads(seen.body)
        assert (doc["type"], doc["conversation"], doc["text"], doc["ticket"]) == \
            ("message.reply", "c-9", "내일 도착 예정입니다.", ticket.number)
        assert verify_standard(WHSEC, seen.body, seen.headers) == doc["id"]
        with db.session() as s:
            assert s.get(Message, reply).delivery == "sent"
        db.dispose()


def test_a_body_dribbled_slower_than_the_budget_is_refused(sqlite_db, monkeypatch):
    from agentdesk.gateway import http as gateway_http

    monkeypatch.setattr(gateway_http, "READ_SECONDS", 0.3)
    before = stored(sqlite_db)

    def slowly():
        for _ in range(4):
            yield b'{"type": "message", '
            time.sleep(0.2)

    with serving(make_app(config(), LocalSink(sqlite_db))) as base, httpx.Client(base_url=base, timeout=10) as http:
        r = http.post("/hooks/partner", content=slowly(), headers=standard_headers(WHSEC, "e", b"", datetime.now(UTC)))
        assert (r.status_code, r.json()["error"]) == (408, "webhook.timeout")
    assert stored(sqlite_db) == before
