"""Replies on SMS, chat and social (agentdesk/gateway/senders.py) against a real local HTTP
server standing in for each vendor's API: what is sent, the id that comes back, and which
failures may be retried."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import UTC, datetime
from urllib.parse import parse_qsl

import httpx
import pytest

from agentdesk.gateway import senders
from agentdesk.gateway.senders import Outgoing, SendError, SendFailure
from agentdesk.gateway.webhook_config import endpoint_from_dict
from agentdesk.webhook_auth import verify_standard
from tests.hooks_support import FakeVendor, free_port, serving

WHSEC = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
KEY = uuid.UUID("11111111-2222-3333-4444-555555555555")
TEXT = "분실 신고가 접수되었습니다. 새 카드는 3일 안에 도착합니다."


@pytest.fixture(scope="module")
def vendor():
    fake = FakeVendor()
    with serving(fake.app()) as base:
        fake.base = base
        yield fake


@pytest.fixture
def api(vendor):
    vendor.seen.clear()
    vendor.answers.clear()
    return vendor


def endpoint(api, provider: str, **kw):
    return endpoint_from_dict({"name": provider, "provider": provider, "secret": kw.pop("secret", "tok-secret"),
                               "api_base": api.base, **kw})


def out(to="+821012345678", text=TEXT, **kw) -> Outgoing:
    return Outgoing(key=KEY, to=to, text=text, **kw)


def failure(code: SendFailure, *, transient: bool, maybe_sent: bool = False):
    return pytest.raises(SendError, check=lambda e: (e.failure, e.transient, e.maybe_sent) ==
                         (code, transient, maybe_sent))


# --- Twilio --------------------------------------------------------------------------------
def test_twilio_sms_sends_the_form_and_returns_the_sid(api):
    ep = endpoint(api, "twilio", account="AC123", sender="+15005550006")
    api.answers.append((201, {"sid": "SM42", "status": "queued"}, {}))
    assert senders.send(ep, out()) == "SM42"
    [seen] = api.seen
    assert seen.path == "/2010-04-01/Accounts/AC123/Messages.json"
    assert dict(parse_qsl(seen.body.decode())) == {"To": "+821012345678", "From": "+15005550006", "Body": TEXT}
    assert seen.headers["authorization"] == "Basic " + base64.b64encode(b"AC123:tok-secret").decode()


def test_twilio_messaging_service_and_failures(api):
    ep = endpoint(api, "twilio", account="AC123", sender="MG999")
    api.answers.extend([
        (400, {"code": 21211, "message": "The 'To' number is not a valid phone number.", "status": 400}, {}),
        (429, {"code": 20429}, {"Retry-After": "7"}),
        (503, b"busy", {}),
        (401, {"code": 20003}, {}),
    ])
    with failure(SendFailure.REJECTED, transient=False) as e:
        senders.send_twilio_sms(ep, out())
    assert e.value.detail == "HTTP 400, Twilio 21211" and "valid phone" not in str(e.value)
    assert "MessagingServiceSid" in dict(parse_qsl(api.seen[0].body.decode()))
    with failure(SendFailure.RATE_LIMITED, transient=True) as e:
        senders.send_twilio_sms(ep, out())
    assert e.value.retry_after == 7.0
    with failure(SendFailure.UNAVAILABLE, transient=True):
        senders.send_twilio_sms(ep, out())
    with failure(SendFailure.UNAUTHORIZED, transient=False):
        senders.send_twilio_sms(ep, out())


def test_too_long_or_unconfigured_sends_nothing(api):
    with failure(SendFailure.TOO_LONG, transient=False):
        senders.send(endpoint(api, "twilio", account="AC1", sender="+1"), out(text="가" * 1601))
    with failure(SendFailure.NOT_CONFIGURED, transient=False):
        senders.send(endpoint(api, "twilio"), out())
    with failure(SendFailure.NOT_CONFIGURED, transient=False):
        senders.send(endpoint(api, "meta", token="t", account="PN1"), out(to=""))
    assert api.seen == []


# --- Meta ----------------------------------------------------------------------------------
def test_whatsapp_text_and_its_errors(api):
    ep = endpoint(api, "meta", account="PN1", token="EAAG")
    api.answers.extend([
        (200, {"messaging_product": "whatsapp", "messages": [{"id": "wamid.OUT1"}]}, {}),
        (400, {"error": {"message": "Re-engagement message", "code": 131047, "fbtrace_id": "x"}}, {}),
        (400, {"error": {"message": "Rate limit hit", "code": 130429}}, {}),
    ])
    assert senders.send(ep, out(to="821012345678")) == "wamid.OUT1"
    seen = api.seen[0]
    assert (seen.path, seen.headers["authorization"]) == ("/PN1/messages", "Bearer EAAG")
    assert json.loads(seen.body) == {"messaging_product": "whatsapp", "recipient_type": "individual",
                                     "to": "821012345678", "type": "text",
                                     "text": {"preview_url": False, "body": TEXT}}
    with failure(SendFailure.REJECTED, transient=False) as e:  # outside the 24-hour window: never
        senders.send(ep, out())
    assert e.value.detail == "HTTP 400, Meta 131047"
    with failure(SendFailure.UNAVAILABLE, transient=True):  # a rate limit: later
        senders.send(ep, out())


def test_messenger_reply(api):
    ep = endpoint(api, "meta", account="PAGE1", token="EAAG", meta_product="messenger")
    api.answers.append((200, {"recipient_id": "PSID9", "message_id": "m_OUT"}, {}))
    assert senders.send(ep, out(to="PSID9")) == "m_OUT"
    assert json.loads(api.seen[0].body) == {"recipient": {"id": "PSID9"}, "messaging_type": "RESPONSE",
                                            "message": {"text": TEXT}}


# --- LINE ----------------------------------------------------------------------------------
def test_line_push_with_retry_key(api):
    ep = endpoint(api, "line", token="LINETOKEN")
    api.answers.extend([
        (200, {"sentMessages": [{"id": "4711", "quoteToken": "q"}]}, {}),
        (409, {"message": "The retry key is already accepted"}, {"x-line-accepted-request-id": "req-1"}),
        (400, {"message": "The property, 'to', in the request body is invalid"}, {}),
    ])
    assert senders.send(ep, out(to="U1")) == "4711"
    seen = api.seen[0]
    assert (seen.path, seen.headers["x-line-retry-key"], seen.headers["authorization"]) == \
        ("/v2/bot/message/push", str(KEY), "Bearer LINETOKEN")
    assert json.loads(seen.body) == {"to": "U1", "messages": [{"type": "text", "text": TEXT}]}
    # The same key again (the first answer was lost): LINE says it took it already. Sent once.
    assert senders.send(ep, out(to="U1")) == "req-1"
    with failure(SendFailure.REJECTED, transient=False):
        senders.send(ep, out(to="U1"))


# --- Standard Webhooks ------------------------------------------------------------------------------
def test_standard_reply_is_signed_json_in_utf8(api):
    ep = endpoint(api, "standard", secret=WHSEC, send_url=api.base + "/agentdesk/replies")
    api.answers.append((202, {"id": "partner-77"}, {}))
    at = datetime.now(UTC)
    assert senders.send_standard(ep, out(to="c-9", ticket_number=1042), now=at) \
        == "partner-77"
    seen = api.seen[0]
    assert seen.path == "/agentdesk/replies" and TEXT.encode() in seen.body  # raw UTF-8, not \u escapes
    assert verify_standard(WHSEC, seen.body, seen.headers, now=at) == str(KEY)
    assert json.loads(seen.body) == {"type": "message.reply", "id": str(KEY), "conversation": "c-9", "text": TEXT,
                                     "ticket": 1042}
    assert senders.IDEMPOTENT >= {ep.provider}


def test_reply_target_reads_the_conversation_key():
    assert senders.reply_target("sms:+821012345678") == ("sms", "+821012345678")
    assert senders.reply_target("partner:c-9:sub") == ("partner", "c-9:sub")
    with failure(SendFailure.NOT_CONFIGURED, transient=False):
        senders.reply_target("no-endpoint")


# --- the network -------------------------------------------------------------------------------
def test_unreachable_vendor_is_transient_and_not_sent(api):
    ep = endpoint(api, "line", token="t", api_base=f"http://127.0.0.1:{free_port()}")
    with failure(SendFailure.UNREACHABLE, transient=True, maybe_sent=False):
        senders.send(ep, out(to="U1"))


def test_no_answer_may_have_been_sent(api):
    ep = endpoint(api, "twilio", account="AC1", sender="+1")
    api.answers.append(("hang", 1.0, {}))
    with httpx.Client(timeout=httpx.Timeout(0.3)) as client, \
            failure(SendFailure.NO_ANSWER, transient=True, maybe_sent=True):
        senders.send(ep, out(), client)
    assert len(api.seen) == 1  # it did reach the vendor: a blind retry could send it twice


# --- the outbox's adapter (needs the intake's channel_keys and gwmail's outbox) ---------------------
def test_webhook_sender_routes_a_reply_by_the_tickets_conversation(api, sqlite_db):
    outbox = pytest.importorskip("agentdesk.gateway.outbox")
    channels = pytest.importorskip("agentdesk.services.channels")
    from agentdesk.channels import Inbound, ThreadHints
    from agentdesk.gateway.payloads import parse_twilio
    from agentdesk.gateway.webhook_config import WebhookConfig
    from agentdesk.models import Message, Ticket

    sms = endpoint(api, "twilio", account="AC1", sender="+15005550006")
    config = WebhookConfig((sms,))
    [event] = parse_twilio(sms, [("MessageSid", "SM1"), ("From", "+821012345678"), ("Body", "분실 신고"),
                                 ("NumMedia", "0")], b"", datetime.now(UTC))
    sender = senders.WebhookSender(config)
    with sqlite_db.session() as s:
        got = channels.receive(s, event.inbound)
        s.flush()
        ticket = s.get(Ticket, got.ticket_id)
        recipient, payload = sender.prepare(s, ticket, Message(body=TEXT))
        orphan = Ticket(id=uuid.uuid4(), channel="sms", number=99)
        _, no_route = sender.prepare(s, orphan, Message(body=TEXT))
        # A web-chat visitor's conversation is the widget's to show: not queued here.
        chat = channels.receive(s, Inbound(channel="chat", external_id="webchat:v1:1", sender_address="webchat:v1",
                                           sender_name="", subject="", text="hi", received_at=datetime.now(UTC),
                                           hints=ThreadHints(conversation="webchat:v1")))
        s.flush()
        assert sender.prepare(s, s.get(Ticket, chat.ticket_id), Message(body=TEXT)) is None
    assert recipient == "+821012345678"
    assert json.loads(payload) == {"endpoint": "twilio", "to": "+821012345678", "text": TEXT,
                                   "ticket_number": got.ticket_number}

    def item(payload):
        return outbox.OutboundItem(KEY, "sms", got.ticket_id, uuid.uuid4(), recipient, payload, 0)

    api.answers.extend([(201, {"sid": "SM9"}, {}), (400, {"code": 21610}, {}), (503, b"", {}), ("hang", 1.0, {})])
    sender.send(item(payload))
    assert dict(parse_qsl(api.seen[0].body.decode()))["Body"] == TEXT
    with pytest.raises(outbox.SendError, check=lambda e: e.permanent and "Twilio 21610" in str(e)):
        sender.send(item(payload))
    with pytest.raises(outbox.SendError, check=lambda e: not e.permanent):
        sender.send(item(payload))
    sender.client = httpx.Client(timeout=0.3)
    with pytest.raises(outbox.SendError, check=lambda e: e.unknown):  # it may be out: not sent again
        sender.send(item(payload))
    sender.client.close()
    with pytest.raises(outbox.SendError, check=lambda e: e.permanent and "send.not_configured" in str(e)):
        sender.send(item(no_route))
