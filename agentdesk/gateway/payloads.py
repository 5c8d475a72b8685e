"""The vendors' webhook payloads as ``Inbound`` messages (issue 14): Twilio's SMS form,
Meta's WhatsApp and Messenger/Instagram JSON, LINE's events and our generic JSON
(docs/channels.md, "Webhooks"). Called only after the signature was checked.

Each delivery becomes a list of ``Event``: the vendor's event id (what the replay record
holds) and the message it carries, or None for an event that makes no message (a
delivery receipt, a read mark, our own message echoed back): those are taken and dropped.

Every Inbound carries in ``meta``: ``endpoint`` (the config name it came through) and
``reply_to`` (where a reply goes: the phone number, wa_id, PSID, LINE user or group, or
the partner's conversation id). The conversation hint is ``"<endpoint>:<reply_to>"``: the
ticket's key, from which the outbound side (gateway/senders.reply_target) knows both.

Pure: no Qt, no database.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qsl

from agentdesk.channels import Inbound, ThreadHints
from agentdesk.gateway.webhook_config import WebhookEndpoint
from agentdesk.webhook_auth import Refusal, WebhookRefused

MAX_FIELDS = 200  # form fields of one Twilio request (an MMS lists 2 per attachment, at most 10)
MAX_ID = 255  # characters of an event or message id (channel_events.event_id)
MAX_ADDRESS = 320
MAX_NAME = 200


@dataclass(frozen=True)
class Event:
    event_id: str
    inbound: Inbound | None


def _bad(detail: str) -> WebhookRefused:
    return WebhookRefused(Refusal.BAD_PAYLOAD, detail)


def _text(value, what: str, most: int, *, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise _bad(f"{what} is not text")
    if len(value) > most:
        raise _bad(f"{what} is longer than {most} characters")
    if required and not value:
        raise _bad(f"{what} is missing")
    return value


def _id(value, what: str) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    return _text(value, what, MAX_ID, required=True)


def _inbound(endpoint: WebhookEndpoint, *, external_id: str, sender: str, reply_to: str, name: str, text: str,
             raw: bytes, now: datetime, meta: dict) -> Inbound:
    return Inbound(
        channel=endpoint.channel, external_id=external_id, sender_address=sender, sender_name=name, subject="",
        text=text, received_at=now, raw=raw,
        # One conversation per endpoint and customer (or partner's conversation): the same key
        # threads onto the open ticket, and names where a reply goes (senders.reply_target).
        hints=ThreadHints(conversation=f"{endpoint.name}:{reply_to}"),
        meta={"endpoint": endpoint.name, "provider": endpoint.provider.value, "reply_to": reply_to, **meta})


# --- Twilio (form-encoded) -------------------------------------------------------------
def twilio_form(body: bytes) -> list[tuple[str, str]]:
    """The form's fields as sent (repeated names kept), for the signature and the message."""
    try:
        return parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=bool(body),
                         max_num_fields=MAX_FIELDS)
    except (UnicodeDecodeError, ValueError):
        raise _bad("not a UTF-8 form of at most 200 fields") from None


def parse_twilio(endpoint: WebhookEndpoint, fields: list[tuple[str, str]], raw: bytes, now: datetime) -> list[Event]:
    form = dict(fields)
    sid = _id(form.get("MessageSid") or form.get("SmsMessageSid"), "MessageSid")
    sender = _text(form.get("From"), "From", MAX_ADDRESS, required=True)
    if "Body" not in form and "NumMedia" not in form:
        return [Event(sid, None)]  # a status callback (sent, delivered) of one of our replies
    try:
        count = min(int(form.get("NumMedia") or 0), 10)
    except ValueError:
        raise _bad("NumMedia is not a number") from None
    media = [{"url": form.get(f"MediaUrl{i}", ""), "type": form.get(f"MediaContentType{i}", "")}
             for i in range(count) if form.get(f"MediaUrl{i}")]
    meta: dict = {"to": form.get("To", ""), "message_sid": sid}
    if media:
        meta["media"] = media
    return [Event(sid, _inbound(endpoint, external_id=sid, sender=sender, reply_to=sender, name="",
                                text=_text(form.get("Body"), "Body", 10_000), raw=raw,
                                now=now, meta=meta))]


# --- JSON vendors ---------------------------------------------------------------------
def _json(body: bytes) -> dict:
    try:
        doc = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        raise _bad("not JSON") from None
    if not isinstance(doc, dict):
        raise _bad("not a JSON object")
    return doc


def _list(value, what: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _bad(f"{what} is not a list")
    return value


def _obj(value, what: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _bad(f"{what} is not an object")
    return value


def _message_text(kind: str, text: str, caption: str = "") -> str:
    """A message without text (a photo, a sticker, a location) shows its kind in brackets
    on the timeline: "[image]"; the vendor's media id stays in ``meta``."""
    return text or caption or f"[{kind}]"


def parse_meta(endpoint: WebhookEndpoint, raw: bytes, now: datetime, most: int) -> list[Event]:
    """WhatsApp Cloud API (``entry[].changes[].value.messages[]``) and Messenger /
    Instagram (``entry[].messaging[]``)."""
    doc = _json(raw)
    events: list[Event] = []
    for entry in _list(doc.get("entry"), "entry"):
        entry = _obj(entry, "entry")
        for change in _list(entry.get("changes"), "changes"):
            value = _obj(_obj(change, "change").get("value"), "value")
            names = {}
            for contact in _list(value.get("contacts"), "contacts"):
                contact = _obj(contact, "contact")
                names[str(contact.get("wa_id", ""))] = _text(_obj(contact.get("profile"), "profile").get("name"),
                                                             "profile name", MAX_NAME)
            for m in _list(value.get("messages"), "messages"):
                m = _obj(m, "message")
                mid, wa_id = _id(m.get("id"), "message id"), _id(m.get("from"), "from")
                kind = _text(m.get("type"), "type", 32) or "text"
                body = _obj(m.get(kind), kind) if kind != "text" else {}
                text = _text(_obj(m.get("text"), "text").get("body"), "text", 10_000)
                meta = {"type": kind, "sent_at": str(m.get("timestamp", ""))}
                if body.get("id"):
                    meta["media_id"] = str(body["id"])
                events.append(Event(mid, _inbound(
                    endpoint, external_id=mid, sender="+" + wa_id.lstrip("+"), reply_to=wa_id,
                    name=names.get(wa_id, ""), text=_message_text(kind, text, _text(body.get("caption"), "caption",
                                                                                   10_000)),
                    raw=raw, now=now, meta=meta)))
            # value.statuses (sent, delivered, read of our replies) make no message.
        for item in _list(entry.get("messaging"), "messaging"):
            item = _obj(item, "messaging")
            message = _obj(item.get("message"), "message")
            if not message:
                continue  # delivery / read / postback without an id worth keeping
            mid = _id(message.get("mid"), "mid")
            if message.get("is_echo"):
                events.append(Event(mid, None))  # our own reply, echoed back
                continue
            psid = _id(_obj(item.get("sender"), "sender").get("id"), "sender id")
            kinds = [_obj(a, "attachment").get("type", "file") for a in _list(message.get("attachments"), "attachments")]
            text = _text(message.get("text"), "text", 10_000)
            events.append(Event(mid, _inbound(
                endpoint, external_id=mid, sender=psid, reply_to=psid, name="",
                text=_message_text(str(kinds[0]) if kinds else "message", text), raw=raw, now=now,
                meta={"type": "text" if text else ",".join(map(str, kinds)), "sent_at": str(item.get("timestamp", ""))})))
        if len(events) > most:
            raise _bad(f"more than {most} messages in one delivery")
    return events


def parse_line(endpoint: WebhookEndpoint, raw: bytes, now: datetime, most: int) -> list[Event]:
    """LINE Messaging API: ``events[]`` of type ``message`` from a user; other events (follow,
    unfollow, postback) make no message. The console's "Verify" sends no events."""
    doc = _json(raw)
    events: list[Event] = []
    for ev in _list(doc.get("events"), "events"):
        ev = _obj(ev, "event")
        message = _obj(ev.get("message"), "message")
        event_id = _id(ev.get("webhookEventId") or message.get("id"), "webhookEventId")
        source = _obj(ev.get("source"), "source")
        if ev.get("type") != "message" or not source.get("userId"):
            events.append(Event(event_id, None))
            continue
        user = _id(source.get("userId"), "userId")
        kind = _text(message.get("type"), "message type", 32) or "text"
        mid = _id(message.get("id"), "message id")
        text = _text(message.get("text"), "text", 10_000)
        # A group or room keeps its own conversation; a one-to-one chat is the user's.
        conv = source.get("groupId") or source.get("roomId") or user
        events.append(Event(event_id, _inbound(
            endpoint, external_id=mid, sender=user, reply_to=str(conv), name="", text=_message_text(kind, text),
            raw=raw, now=now,
            meta={"type": kind, "sent_at": str(ev.get("timestamp", "")),
                  "redelivery": bool(_obj(ev.get("deliveryContext"), "deliveryContext").get("isRedelivery"))})))
        if len(events) > most:
            raise _bad(f"more than {most} events in one delivery")
    return events


def parse_standard(endpoint: WebhookEndpoint, event_id: str, raw: bytes, now: datetime) -> list[Event]:
    """Our generic JSON (docs/channels.md): ``{"type": "message", "id", "conversation",
    "from": {"address", "name"}, "text", "subject"?}``; other types make no message."""
    doc = _json(raw)
    if doc.get("type") != "message":
        return [Event(event_id, None)]
    sender = _obj(doc.get("from"), "from")
    address = _text(sender.get("address"), "from.address", MAX_ADDRESS, required=True)
    mid = _id(doc.get("id"), "id")
    conv = _text(doc.get("conversation"), "conversation", MAX_ID) or address
    inbound = _inbound(endpoint, external_id=mid, sender=address, reply_to=conv,
                       name=_text(sender.get("name"), "from.name", MAX_NAME),
                       text=_text(doc.get("text"), "text", 100_000, required=True), raw=raw,
                       now=now, meta={"conversation": conv})
    subject = _text(doc.get("subject"), "subject", 500)
    if subject:
        from dataclasses import replace

        inbound = replace(inbound, subject=subject)
    return [Event(event_id, inbound)]
