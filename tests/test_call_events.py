"""Call events from a telephony system through the gateway's POST /hooks/phone (issue 14):
signed events in order, replayed, out of order, for an unknown agent and a missed call
from an unknown number; what they leave: one call log, the talk and hold as work time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from starlette.applications import Starlette
from starlette.testclient import TestClient

from agentdesk.gateway import phone_hooks
from agentdesk.models import Call, CallEventRow, Customer, Message, Ticket, WorkSession
from tests.factories import seed_small
from tests.phone_support import SECRET, local_sink, server_sink, signed

T0 = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)  # 10:00 in Seoul
CALLER = "+821012345678"  # 최영희, whose phone ticket #t1 is open


@pytest.fixture
def gateway(sqlite_db):
    ids = seed_small(sqlite_db)
    app = Starlette(routes=phone_hooks.routes(local_sink(sqlite_db), phone_hooks.PhoneConfig(SECRET)))
    with TestClient(app) as client:
        client.db, client.ids = sqlite_db, ids
        yield client


def _event(kind: str, seconds: int, call: str = "c-1", **extra) -> dict:
    return {"call_id": call, "event": kind, "at": (T0 + timedelta(seconds=seconds)).isoformat(),
            "from": CALLER, "to": "+8215881234", "agent": "kim.minji", **extra}


def post(client, payload) -> dict:
    body, headers = signed(payload)
    r = client.post("/hooks/phone", content=body, headers=headers)
    assert r.status_code == 200, r.text
    return r.json()


def _work(db) -> list[tuple[str, int]]:
    with db.session() as s:
        return sorted((w.kind, w.seconds) for w in s.scalars(select(WorkSession)))


def _call_logs(db) -> list[tuple[int, str]]:
    with db.session() as s:
        return [(n, b) for n, b in s.execute(select(Ticket.number, Message.body).join(Ticket, Ticket.id == Message.ticket_id)
                                             .where(Message.kind == "call_log"))]


def _counts(db) -> tuple[int, ...]:
    with db.session() as s:
        return tuple(s.scalar(select(func.count()).select_from(m)) for m in (Ticket, Message, WorkSession, CallEventRow))


FULL = [_event("ringing", 0), _event("answered", 10), _event("held", 70), _event("resumed", 100),
        _event("ended", 250)]


def test_a_call_in_order_logs_talk_and_hold_on_the_callers_open_phone_ticket(gateway):
    statuses = [post(gateway, e)["status"] for e in FULL]
    assert statuses == ["recorded"] * 4 + ["completed"]
    # answered 10 s, ended 250 s: 240 s, 30 of them on hold
    assert _work(gateway.db) == [("hold", 30), ("talk", 210)]
    [(number, body)] = _call_logs(gateway.db)
    assert number == gateway.ids["t1"]
    assert body.splitlines()[0] == "수신 전화 · 통화 3:30 · 보류 0:30"


def test_replayed_events_change_nothing(gateway):
    for e in FULL:
        post(gateway, e)
    before = _counts(gateway.db)
    for e in FULL:  # the same events again, each with a new webhook id (a PBX retrying)
        assert post(gateway, e)["status"] == "duplicate"
    assert _counts(gateway.db) == before
    assert _work(gateway.db) == [("hold", 30), ("talk", 210)]


def test_ended_before_answered_waits_for_it(gateway):
    post(gateway, _event("ringing", 0))
    post(gateway, _event("held", 70))
    assert post(gateway, _event("ended", 250))["status"] == "waiting"
    assert _work(gateway.db) == [] and _call_logs(gateway.db) == []
    post(gateway, _event("resumed", 100))
    done = post(gateway, _event("answered", 10))
    assert done["status"] == "completed" and done["ticket"] == gateway.ids["t1"]
    assert _work(gateway.db) == [("hold", 30), ("talk", 210)]


def test_an_ended_event_that_says_when_it_was_answered_completes_alone(gateway):
    done = post(gateway, _event("ended", 250, answered_at=(T0 + timedelta(seconds=10)).isoformat()))
    assert done["status"] == "completed"
    assert _work(gateway.db) == [("talk", 240)]
    before = _counts(gateway.db)
    assert post(gateway, _event("answered", 10))["status"] == "recorded"  # late: kept, changes nothing
    assert post(gateway, _event("held", 20))["status"] == "recorded"
    assert _counts(gateway.db)[:3] == before[:3]
    assert _work(gateway.db) == [("talk", 240)]


def test_an_unknown_agent_gets_no_work_time_but_the_call_is_on_a_ticket(gateway):
    for e in [_event("answered", 0, agent="nobody.here"), _event("ended", 65, agent="nobody.here")]:
        last = post(gateway, e)
    assert last["status"] == "completed" and last["agent_known"] is False
    assert _work(gateway.db) == [] and _call_logs(gateway.db) == []
    with gateway.db.session() as s:
        call = s.scalar(select(Call))
        text = s.scalar(select(Message.body).where(Message.id == s.scalar(
            select(Message.id).where(Message.ticket_id == call.ticket_id).order_by(Message.created_at.desc()).limit(1))))
    assert "통화 1:05" in text and CALLER in text


def test_a_missed_call_from_a_new_number_opens_a_phone_ticket_for_a_callback(gateway):
    number = "+821099990000"
    post(gateway, _event("ringing", 0, call="c-2", **{"from": number}))
    done = post(gateway, _event("ended", 30, call="c-2", answered_at=None, **{"from": number}))
    assert done["status"] == "completed" and done["ticket"] is not None
    with gateway.db.session() as s:
        t = s.scalar(select(Ticket).where(Ticket.number == done["ticket"]))
        assert t.channel == "phone"
        assert s.scalar(select(Customer.id).where(Customer.id == t.customer_id)) is not None
        assert "부재중 전화" in s.scalar(select(Message.body).where(Message.ticket_id == t.id))
    assert _work(gateway.db) == []


def test_bad_signature_stale_timestamp_and_bad_events_are_refused_and_stored_nowhere(gateway):
    body, headers = signed(_event("ringing", 0), secret="whsec_" + "A" * 32)
    assert gateway.post("/hooks/phone", content=body, headers=headers).status_code == 401
    body, headers = signed(_event("ringing", 0), at=datetime.now(UTC) - timedelta(minutes=10))
    assert gateway.post("/hooks/phone", content=body, headers=headers).status_code == 401
    body, headers = signed({**_event("ringing", 0), "event": "exploded"})
    r = gateway.post("/hooks/phone", content=body, headers=headers)
    assert r.status_code == 400 and r.json()["code"] == "call.event_field" and "event" in r.json()["message"]
    body, headers = signed({**_event("ringing", 0), "at": "yesterday"})
    assert gateway.post("/hooks/phone", content=body, headers=headers).json()["code"] == "call.event_time"
    body, headers = signed(b"x" * (phone_hooks.MAX_BODY + 1))
    assert gateway.post("/hooks/phone", content=body, headers=headers).status_code == 413
    with gateway.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Call)) == 0
        assert s.scalar(select(func.count()).select_from(CallEventRow)) == 0


def test_on_a_team_database_events_are_taken_once_too(pg_db):
    """PostgreSQL (a team's gateway writes there directly): the same call, a replay, the log."""
    ids = seed_small(pg_db)
    sink = server_sink(pg_db)
    app = Starlette(routes=phone_hooks.routes(sink, {"phone": {"secret": SECRET}}))
    with TestClient(app) as client:
        assert [post(client, e)["status"] for e in FULL] == ["recorded"] * 4 + ["completed"]
        assert post(client, FULL[2])["status"] == "duplicate"
    assert _work(pg_db) == [("hold", 30), ("talk", 210)]
    assert [n for n, _ in _call_logs(pg_db)] == [ids["t1"]]
    # Stamped with the sync clock: the team's desks pull the call log and the time.
    with pg_db.session() as s:
        assert all(w.rev > 0 for w in s.scalars(select(WorkSession)))
        assert s.scalar(select(Message.rev).where(Message.kind == "call_log")) > 0


def test_a_gateway_for_another_teams_queue_credits_no_time_to_an_agent_who_cannot_work_it(sqlite_db):
    from agentdesk.models import Team

    seed_small(sqlite_db)
    with sqlite_db.session() as s:
        other = Team(name="대출상담팀")
        s.add(other)
        s.flush()
        other_id = other.id
    config = phone_hooks.PhoneConfig(SECRET, team_id=other_id)
    app = Starlette(routes=phone_hooks.routes(local_sink(sqlite_db), config))
    number = "+821077778888"  # nobody's: a new ticket in the other team's queue
    with TestClient(app) as client:
        post(client, _event("answered", 0, call="c-9", **{"from": number}))
        done = post(client, _event("ended", 40, call="c-9", **{"from": number}))
    assert done["status"] == "completed" and done["agent_known"] is False
    assert _work(sqlite_db) == [] and _call_logs(sqlite_db) == []
    with sqlite_db.session() as s:
        t = s.scalar(select(Ticket).where(Ticket.number == done["ticket"]))
        assert t.team_id == other_id
        assert "통화 0:40" in s.scalar(select(Message.body).where(Message.ticket_id == t.id))


# --- the rules alone (call_rules.py: pure) -----------------------------------------------------------
def test_hold_is_paired_by_time_whatever_the_order_of_arrival():
    from agentdesk.call_rules import hold_seconds

    at = [T0 + timedelta(seconds=s) for s in range(0, 400, 10)]
    end = T0 + timedelta(seconds=300)
    marks = [("resumed", at[5]), ("held", at[2]), ("held", at[8]), ("resumed", at[12])]  # 20→50, 80→120
    assert hold_seconds(marks, end) == 70
    assert hold_seconds([*marks, ("held", at[3])], end) == 70  # a hold inside a hold adds nothing
    assert hold_seconds([("resumed", at[1])], end) == 0  # a resume without a hold
    assert hold_seconds([("held", at[25])], end) == 50  # still on hold when it ended: to the end


def test_lengths_never_run_backwards_or_past_a_day():
    from agentdesk.call_rules import CALL_SECONDS_MAX, CallLengths, event_lengths

    assert event_lengths(T0 + timedelta(seconds=50), T0, 0) == CallLengths(0, 0, 0)  # clocks disagree
    assert event_lengths(None, T0, 0) == CallLengths(0, 0, 0)
    assert event_lengths(T0, T0 + timedelta(seconds=60), 90) == CallLengths(0, 60, 0)  # hold inside the call
    assert event_lengths(T0, T0 + timedelta(days=3), 0).talk == CALL_SECONDS_MAX


def test_the_panel_clock_is_instants_not_ticks():
    from agentdesk.call_rules import CallClock, CallLengths, Phase

    c = CallClock()
    assert c.lengths(100.0) == CallLengths(0, 0, 0)
    c.start(100.0)
    c.hold(110.0)
    c.hold(115.0)  # a second press while held changes nothing
    c.hang_up(130.5)  # hung up while on hold: the hold ends with the call
    assert c.phase is Phase.WRAP_UP
    c.resume(140.0)  # too late: nothing
    assert c.lengths(160.9) == CallLengths(talk=10, hold=20, acw=30)
    assert c.lengths(160.9).handle == 60


def test_an_event_is_read_strictly():
    from agentdesk.call_rules import CallError, Direction, parse_event

    e = parse_event({"call_id": "a1", "event": "ended", "at": "2026-12-01T10:00:00+09:00", "from": "010-1234-5678",
                     "direction": "inbound", "answered_at": None})
    assert e.at == T0 and e.from_number == "+821012345678" and e.customer_number == "+821012345678"
    assert e.answered_known and e.answered_at is None and e.direction is Direction.INBOUND
    out = parse_event({"call_id": "a2", "event": "ringing", "at": "2026-12-01T01:00:00Z", "to": "+8210 5555 0101",
                       "direction": "outbound"})
    assert out.customer_number == "+821055550101" and not out.answered_known
    good = {"call_id": "a3", "event": "held", "at": "2026-12-01T01:00:00Z"}
    for bad, field in ((dict(good, call_id="a b;drop"), "call_id"), (dict(good, call_id="x" * 101), "call_id"),
                       (dict(good, event="exploded"), "event"), (dict(good, at="2026-12-01T01:00:00"), "at"),
                       (dict(good, direction="sideways"), "direction"), (dict(good, agent="a" * 65), "agent"),
                       (dict(good, **{"from": "not a number"}), "from"), ([good], "(the body")):
        with pytest.raises(CallError) as info:
            parse_event(bad)
        assert info.value.params["field"].startswith(field), bad


def test_a_call_that_never_stops_sending_events_is_cut_off(gateway, monkeypatch):
    from agentdesk import call_rules

    monkeypatch.setattr(call_rules, "EVENTS_PER_CALL", 6)
    for i in range(3):  # hold, resume, hold, resume, …
        post(gateway, _event("held", 100 + 20 * i))
        post(gateway, _event("resumed", 110 + 20 * i))
    body, headers = signed(_event("held", 200))
    r = gateway.post("/hooks/phone", content=body, headers=headers)
    assert r.status_code == 422 and r.json()["code"] == "call.too_many_events"
    assert _counts(gateway.db)[3] == 6  # nothing of the refused one stored
