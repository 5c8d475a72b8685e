"""The vendors' webhook signatures and Standard Webhooks (agentdesk/webhook_auth.py): known
vectors, tampering, missing headers, the 5-minute window, and the raw-body rule that a
Korean message shows."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from standardwebhooks import Webhook

from agentdesk.webhook_auth import (
    Refusal,
    WebhookRefused,
    line_signature,
    meta_signature,
    new_standard_secret,
    standard_headers,
    twilio_signature,
    verify_line,
    verify_meta,
    verify_standard,
    verify_twilio,
)

# Twilio's own test vector (twilio-python tests/unit/test_request_validator.py).
TWILIO_TOKEN = "12345"
TWILIO_URL = "https://mycompany.com/myapp.php?foo=1&bar=2"
TWILIO_PARAMS = {"CallSid": "CA1234567890ABCDE", "Digits": "1234", "From": "+14158675309", "To": "+18005551212",
                 "Caller": "+14158675309"}
TWILIO_EXPECTED = "RSOYDt4T1cUTdK1PDd93/VVr8B8="
NOW = datetime(2026, 12, 6, 5, 0, tzinfo=UTC)
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"  # the Standard Webhooks spec's example secret

KOREAN = {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
    "messages": [{"from": "821012345678", "id": "wamid.1", "type": "text", "text": {"body": "카드를 잃어버렸어요 똠방각하"}}]}}]}]}


def refused(reason: Refusal):
    return pytest.raises(WebhookRefused, check=lambda e: e.reason is reason)


# --- Twilio ------------------------------------------------------------------------------
def test_twilio_signature_matches_twilios_vectors():
    assert twilio_signature(TWILIO_TOKEN, TWILIO_URL, TWILIO_PARAMS.items()) == TWILIO_EXPECTED
    # A name given twice (a list of media URLs): each value, in sorted order.
    dup = [("Sid", "CA123"), ("SidAccount", "AC123"), ("Digits", "5678"), ("Digits", "1234")]
    assert twilio_signature(TWILIO_TOKEN, TWILIO_URL, dup) == "IK+Dwps556ElfBT0I3Rgjkr1wJU="
    verify_twilio(TWILIO_TOKEN, TWILIO_URL, TWILIO_PARAMS.items(), {"X-Twilio-Signature": TWILIO_EXPECTED})


def test_twilio_port_written_or_left_out_both_verify():
    """A proxy may add or drop the default port; Twilio's validators accept both forms."""
    verify_twilio(TWILIO_TOKEN, TWILIO_URL.replace(".com", ".com:1234"), TWILIO_PARAMS.items(),
                  {"x-twilio-signature": TWILIO_EXPECTED})
    verify_twilio(TWILIO_TOKEN, TWILIO_URL, TWILIO_PARAMS.items(), {"x-twilio-signature": "kvajT1Ptam85bY51eRf/AJRuM3w="})
    verify_twilio(TWILIO_TOKEN, TWILIO_URL.replace("https", "http"), TWILIO_PARAMS.items(),
                  {"x-twilio-signature": "0ZXoZLH/DfblKGATFgpif+LLRf4="})


@pytest.mark.parametrize("change", ["param", "url", "token", "extra"])
def test_twilio_tampering_is_refused(change):
    params, url, token = dict(TWILIO_PARAMS), TWILIO_URL, TWILIO_TOKEN
    if change == "param":
        params["Digits"] = "9999"
    elif change == "url":
        url = url.replace("foo=1", "foo=2")
    elif change == "token":
        token = "54321"
    else:
        params["Body"] = "hi"
    with refused(Refusal.BAD_SIGNATURE):
        verify_twilio(token, url, params.items(), {"X-Twilio-Signature": TWILIO_EXPECTED})


def test_twilio_without_signature_is_refused():
    with refused(Refusal.MISSING_HEADER):
        verify_twilio(TWILIO_TOKEN, TWILIO_URL, TWILIO_PARAMS.items(), {})


# --- Meta and LINE: over the raw body -----------------------------------------------------------
def test_meta_signature_over_raw_korean_body_and_reserialised_json_breaks_it():
    raw = json.dumps(KOREAN, ensure_ascii=False, separators=(",", ":")).encode("utf-8")  # as Meta sends it
    header = meta_signature("app-secret", raw)
    verify_meta("app-secret", raw, {"X-Hub-Signature-256": header})
    verify_meta("app-secret", raw, {"x-hub-signature-256": header.upper().replace("SHA256=", "sha256=")})
    # Parsed and written again, the same JSON value is other bytes: json.dumps escapes Hangul.
    again = json.dumps(json.loads(raw)).encode("utf-8")
    assert json.loads(again) == json.loads(raw) and b"\\uce74" in again
    with refused(Refusal.BAD_SIGNATURE):
        verify_meta("app-secret", again, {"X-Hub-Signature-256": header})


def test_meta_known_vector_and_refusals():
    # HMAC-SHA256("It's a Secret to Everybody", "Hello, World!"), as GitHub's docs give it
    # for the same X-Hub-Signature-256 scheme.
    assert meta_signature("It's a Secret to Everybody", b"Hello, World!") == \
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
    with refused(Refusal.MISSING_HEADER):
        verify_meta("s", b"{}", {})
    with refused(Refusal.BAD_SIGNATURE):
        verify_meta("s", b"{}", {"X-Hub-Signature-256": meta_signature("other", b"{}")})
    with refused(Refusal.BAD_SIGNATURE):
        verify_meta("s", b"{}", {"X-Hub-Signature-256": meta_signature("s", b"{}")[7:]})  # no "sha256="
    with refused(Refusal.BAD_SIGNATURE):
        verify_meta("s", b"{}", {"X-Hub-Signature-256": "sha256=" + "0" * 10_000})


def test_line_signature_is_base64_over_raw_body():
    raw = '{"destination":"U1","events":[{"type":"message","message":{"type":"text","text":"안녕"}}]}'.encode()
    header = line_signature("channel-secret", raw)
    assert header == "4WrUudiEhqHAdc+1UWZSvAo/S8et9XeCLSZ8ioI/bns="  # computed once with openssl
    verify_line("channel-secret", raw, {"X-Line-Signature": header})
    with refused(Refusal.BAD_SIGNATURE):
        verify_line("channel-secret", raw.replace("안녕".encode(), "안녕!".encode()), {"X-Line-Signature": header})
    with refused(Refusal.MISSING_HEADER):
        verify_line("channel-secret", raw, {"X-Line-Signature": "  "})


# --- Standard Webhooks ---------------------------------------------------------------------------
BODY = '{"type":"message","id":"m1","from":{"address":"+821012345678"},"text":"똠 뷁 햏"}'.encode()


def test_standard_headers_verify_with_the_package_and_ours():
    headers = standard_headers(SECRET, "msg_1", BODY, NOW)
    assert verify_standard(SECRET, BODY, headers, now=NOW + timedelta(minutes=4)) == "msg_1"
    # The package's own verifier (wall clock) agrees with what we sign.
    fresh = standard_headers(SECRET, "msg_2", BODY, datetime.now(UTC))
    assert Webhook(SECRET).verify(BODY, fresh)["text"] == "똠 뷁 햏"


def test_standard_spec_vector():
    """The example in the Standard Webhooks spec (and the package's tests)."""
    headers = {"webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek", "webhook-timestamp": "1614265330",
               "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="}
    body = b'{"test": 2432232314}'
    now = datetime.fromtimestamp(1614265330, UTC)
    assert verify_standard(SECRET, body, headers, now=now) == "msg_p5jXN8AQM9LWM0D4loKWxJek"


def test_standard_rotation_any_v1_signature_matches():
    headers = standard_headers(SECRET, "msg_1", BODY, NOW)
    other = standard_headers(new_standard_secret(), "msg_1", BODY, NOW)["webhook-signature"]
    headers["webhook-signature"] = f"v1a,xyz {other} {headers['webhook-signature']}"
    assert verify_standard(SECRET, BODY, headers, now=NOW) == "msg_1"


@pytest.mark.parametrize("minutes", [-6, 6])
def test_standard_stale_or_future_timestamp_is_refused(minutes):
    headers = standard_headers(SECRET, "msg_1", BODY, NOW + timedelta(minutes=minutes))
    with refused(Refusal.STALE):
        verify_standard(SECRET, BODY, headers, now=NOW)


def test_standard_tampering_and_missing_headers():
    headers = standard_headers(SECRET, "msg_1", BODY, NOW)
    with refused(Refusal.BAD_SIGNATURE):
        verify_standard(SECRET, BODY + b" ", headers, now=NOW)
    with refused(Refusal.BAD_SIGNATURE):  # the id is signed too: a replay cannot take a new id
        verify_standard(SECRET, BODY, {**headers, "webhook-id": "msg_2"}, now=NOW)
    with refused(Refusal.BAD_SIGNATURE):
        verify_standard(new_standard_secret(), BODY, headers, now=NOW)
    for name in ("webhook-id", "webhook-timestamp", "webhook-signature"):
        with refused(Refusal.MISSING_HEADER):
            verify_standard(SECRET, BODY, {k: v for k, v in headers.items() if k != name}, now=NOW)
    for stamp in ("1.6e9", "-1", "abc", "１２３"):
        with refused(Refusal.BAD_TIMESTAMP):
            verify_standard(SECRET, BODY, {**headers, "webhook-timestamp": stamp}, now=NOW)
