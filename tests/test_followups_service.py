"""Follow-up service on SQLite and PostgreSQL: create, ranges, reminders, recurrence, DST, iCalendar."""

from __future__ import annotations

from datetime import datetime, timedelta, UTC
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from agentdesk.models import Agent, AuditEntry, FollowUp, Ticket
from agentdesk.services import followups as fu
from agentdesk.services.common import InvalidValue, NotFound
from tests.factories import seed_small

UTC = UTC
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)


@pytest.fixture
def ws(any_db):
    ids = seed_small(any_db)
    return any_db, ids


def _me(s, login="kim.minji") -> Agent:
    return s.scalars(select(Agent).where(Agent.login == login)).one()


def _new(db, **kw):
    with db.session() as s:
        kw.setdefault("title", "회신 전화")
        kw.setdefault("due_at", NOW + timedelta(hours=2))
        return fu.create_follow_up(s, _me(s), **kw)


# --- creating ------------------------------------------------------------------------
def test_create_from_ticket_links_ticket_and_customer(ws):
    db, ids = ws
    with db.session() as s:
        pre = fu.prefill_for_ticket(s, ids["t1"])
        assert pre.title == f"#{ids['t1']} 카드 한도 조회 부탁드립니다 — 회신"
        assert pre.kind == "callback" and pre.phone == "010-1234-5678" and pre.customer_name == "최영희"
        row = fu.create_follow_up(s, _me(s), title=pre.title, due_at=NOW + timedelta(hours=1),
                                  ticket_ref=ids["t1"], kind=pre.kind)
    assert row.ticket_number == ids["t1"] and row.customer_id == ids["customer"]
    assert row.customer_phone == "010-1234-5678" and row.status == "open" and row.kind == "callback"
    assert row.due_at == NOW + timedelta(hours=1) and row.due_at.tzinfo is not None


def test_prefill_for_customer_and_email_ticket(ws):
    db, ids = ws
    with db.session() as s:
        pre = fu.prefill_for_customer(s, ids["english"])
        assert pre.title == "Emily Clark — follow-up" and pre.kind == "follow_up" and pre.phone == ""
        pre = fu.prefill_for_customer(s, ids["customer"])
        assert pre.title == "최영희 고객님 — 회신" and pre.kind == "callback"
        assert fu.prefill_for_ticket(s, ids["t2"]).kind == "follow_up"  # an email ticket
        with pytest.raises(NotFound):
            fu.prefill_for_ticket(s, 999999)


@pytest.mark.parametrize("kw, message", [
    ({"title": "   "}, "title"),
    ({"due_at": datetime(2026, 3, 10, 9, 0)}, "aware"),
    ({"kind": "meeting"}, "kind"),
    ({"rrule": "FREQ=SOMETIMES"}, "repeat rule"),
    ({"rrule": "FREQ=MINUTELY"}, "FREQ"),
    ({"rrule": "FREQ=DAILY;UNTIL=20200101T000000Z"}, "no occurrence"),
    ({"tz": "Mars/Olympus"}, "time zone"),
])
def test_create_rejects_bad_values(ws, kw, message):
    db, _ = ws
    with pytest.raises(InvalidValue, match=message):
        _new(db, **kw)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(FollowUp)) == 0


def test_quick_picks_are_local_wall_clock_times():
    now = datetime(2026, 3, 27, 14, 23, 45, tzinfo=BERLIN)  # a Friday, two days before the change to summer time
    picks = dict(fu.quick_picks(now))
    assert list(picks) == ["in_1_hour", "tomorrow_0900", "next_monday_0900"]
    assert picks["in_1_hour"] == datetime(2026, 3, 27, 15, 23, tzinfo=BERLIN)
    assert picks["tomorrow_0900"].replace(tzinfo=None) == datetime(2026, 3, 28, 9, 0)
    monday = picks["next_monday_0900"]
    assert monday.replace(tzinfo=None) == datetime(2026, 3, 30, 9, 0)
    assert monday.astimezone(UTC).hour == 7  # CEST: 09:00 is 07:00 UTC, not 08:00
    # On a Monday, "next Monday" is a week away.
    assert dict(fu.quick_picks(datetime(2026, 3, 30, 8, 0, tzinfo=BERLIN)))["next_monday_0900"].day == 6


# --- reading -------------------------------------------------------------------------
def test_list_range_agenda_and_overdue(ws):
    db, _ = ws
    late = _new(db, title="늦은 회신", due_at=NOW - timedelta(days=1))
    soon = _new(db, title="곧", due_at=NOW + timedelta(hours=3))
    far = _new(db, title="다음 달", due_at=NOW + timedelta(days=40))
    with db.session() as s:
        other = fu.create_follow_up(s, _me(s, "lee.junho"), title="남의 일", due_at=NOW - timedelta(hours=1))
        me = _me(s).id
        occ = fu.list_range(s, me, NOW - timedelta(days=2), NOW + timedelta(days=7))
        assert [o.follow_up.id for o in occ] == [late.id, soon.id]
        assert occ[0].overdue(NOW) and not occ[1].overdue(NOW)
        ag = fu.agenda(s, me, NOW, days=14)
        assert [o.follow_up.title for o in ag] == ["늦은 회신", "곧"]
        assert fu.overdue_count(s, me, NOW) == 1
        assert far.id not in {o.follow_up.id for o in ag}
        assert other.id not in {o.follow_up.id for o in fu.list_range(s, me, NOW - timedelta(days=9), NOW)}


def test_due_reminders_use_snooze_target(ws):
    db, _ = ws
    a = _new(db, title="A", due_at=NOW - timedelta(minutes=5))
    _new(db, title="B", due_at=NOW + timedelta(minutes=5))
    with db.session() as s:
        me = _me(s)
        assert [r.id for r in fu.due_reminders(s, me.id, NOW)] == [a.id]
        snoozed = fu.snooze(s, a.id, me, NOW + timedelta(minutes=10))
        assert snoozed.remind_at == NOW + timedelta(minutes=10) and snoozed.due_at == a.due_at
    with db.session() as s:
        me = _me(s)
        assert fu.due_reminders(s, me.id, NOW) == []
        assert fu.overdue_count(s, me.id, NOW) == 1  # snoozing moves the reminder, not the due time
        assert [r.title for r in fu.due_reminders(s, me.id, NOW + timedelta(minutes=10))] == ["B", "A"]  # by reminder time
        entry = s.scalars(select(AuditEntry).where(AuditEntry.entity_id == a.id, AuditEntry.action == "snooze")).one()
        assert entry.changes["remind_at"][1].startswith("2026-03-10 08:10")


# --- completing ----------------------------------------------------------------------
def test_complete_with_ticket_status(ws):
    db, ids = ws
    row = _new(db, ticket_ref=ids["t1"], due_at=NOW - timedelta(hours=1))
    with db.session() as s:
        done = fu.complete(s, row.id, _me(s), set_ticket_status="solved", now=NOW)
        assert done.status == "done" and done.completed_at == NOW and done.ticket_status == "solved"
    with db.session() as s:
        t = s.scalars(select(Ticket).where(Ticket.number == ids["t1"])).one()
        assert t.status == "solved" and t.solved_at == NOW
        assert fu.overdue_count(s, _me(s).id, NOW) == 0
        assert fu.due_reminders(s, _me(s).id, NOW) == []
        with pytest.raises(InvalidValue):
            fu.complete(s, row.id, _me(s), now=NOW)
        assert fu.reopen(s, row.id, _me(s)).status == "open"


def test_complete_with_ticket_status_needs_a_ticket_and_changes_nothing(ws):
    db, _ = ws
    row = _new(db)
    with pytest.raises(InvalidValue, match="not linked"):
        with db.session() as s:
            fu.complete(s, row.id, _me(s), set_ticket_status="solved", now=NOW)
    with db.session() as s:
        assert s.get(FollowUp, row.id).status == "open"


def test_someone_elses_follow_up_is_not_found(ws):
    db, _ = ws
    row = _new(db)
    with db.session() as s:
        with pytest.raises(NotFound):
            fu.complete(s, row.id, _me(s, "lee.junho"), now=NOW)
        with pytest.raises(NotFound):
            fu.snooze(s, row.id, _me(s, "lee.junho"), NOW)


def test_recurring_complete_advances_and_audits(ws):
    db, _ = ws
    monday = datetime(2026, 3, 9, 9, 0, tzinfo=BERLIN)
    row = _new(db, title="주간 점검", due_at=monday, rrule="freq=weekly;byday=mo", tz="Europe/Berlin")
    assert row.rrule == "FREQ=WEEKLY;BYDAY=MO"
    with db.session() as s:
        me = _me(s)
        fu.snooze(s, row.id, me, NOW + timedelta(hours=1))
        nxt = fu.complete(s, row.id, me, now=datetime(2026, 3, 9, 10, 0, tzinfo=UTC))
        assert nxt.status == "open" and nxt.remind_at is None
        assert nxt.due_at.astimezone(BERLIN) == datetime(2026, 3, 16, 9, 0, tzinfo=BERLIN)
        entry = s.scalars(select(AuditEntry).where(AuditEntry.entity_id == row.id,
                                                   AuditEntry.action == "complete")).one()
        assert entry.changes["occurrence"][0].startswith("2026-03-09 08:00")
        # Weeks missed: Done moves to the first Monday after now, not one week at a time.
        nxt = fu.complete(s, row.id, me, now=datetime(2026, 4, 8, 12, 0, tzinfo=UTC))
        assert nxt.due_at.astimezone(BERLIN) == datetime(2026, 4, 13, 9, 0, tzinfo=BERLIN)


def test_recurring_with_count_closes_after_the_last(ws):
    db, _ = ws
    row = _new(db, due_at=datetime(2026, 3, 10, 9, 0, tzinfo=UTC), rrule="FREQ=DAILY;COUNT=3", tz="UTC")
    with db.session() as s:
        me = _me(s)
        a = fu.complete(s, row.id, me, now=datetime(2026, 3, 10, 9, 5, tzinfo=UTC))
        assert a.rrule == "FREQ=DAILY;COUNT=2" and a.due_at.day == 11
        b = fu.complete(s, row.id, me, now=datetime(2026, 3, 11, 9, 5, tzinfo=UTC))
        assert b.rrule == "FREQ=DAILY;COUNT=1" and b.due_at.day == 12 and b.status == "open"
        c = fu.complete(s, row.id, me, now=datetime(2026, 3, 12, 9, 5, tzinfo=UTC))
        assert c.status == "done" and c.due_at.day == 12


def test_due_time_is_moved_onto_the_rule(ws):
    db, _ = ws
    wednesday = datetime(2026, 3, 11, 9, 0, tzinfo=BERLIN)
    row = _new(db, due_at=wednesday, rrule="FREQ=WEEKLY;BYDAY=MO", tz="Europe/Berlin")
    assert row.due_at.astimezone(BERLIN) == datetime(2026, 3, 16, 9, 0, tzinfo=BERLIN)


@pytest.mark.parametrize("zone, start, change", [
    ("Europe/Berlin", datetime(2026, 3, 16, 9, 0), datetime(2026, 3, 29)),   # CET → CEST
    ("America/New_York", datetime(2026, 10, 26, 9, 0), datetime(2026, 11, 1)),  # EDT → EST
])
def test_recurring_stays_at_nine_local_across_dst(ws, zone, start, change):
    db, _ = ws
    z = ZoneInfo(zone)
    row = _new(db, due_at=start.replace(tzinfo=z), rrule="FREQ=WEEKLY;BYDAY=MO", tz=zone)
    with db.session() as s:
        me = _me(s)
        occ = fu.list_range(s, me.id, datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 12, 31, tzinfo=UTC))
        mine = [o for o in occ if o.follow_up.id == row.id]
        before = [o for o in mine if o.at.astimezone(z).replace(tzinfo=None) < change]
        after = [o for o in mine if o.at.astimezone(z).replace(tzinfo=None) >= change]
        assert before and after
        assert {o.at.astimezone(z).strftime("%a %H:%M") for o in mine} == {"Mon 09:00"}
        # The UTC hour differs on each side of the change: it really is the wall clock that holds.
        assert before[-1].at.hour != after[0].at.hour
        assert mine[0].current and not any(o.current for o in mine[1:])
        # Completing across the change lands on 09:00 local as well.
        last_before = before[-1].at
        fu.update(s, row.id, me, due_at=last_before)
        nxt = fu.complete(s, row.id, me, now=last_before + timedelta(minutes=1))
        assert nxt.due_at.astimezone(z).strftime("%a %H:%M") == "Mon 09:00"
        assert nxt.due_at.astimezone(z).replace(tzinfo=None) >= change


def test_list_range_shows_future_occurrences_of_recurring(ws):
    db, _ = ws
    row = _new(db, due_at=datetime(2026, 3, 2, 9, 0, tzinfo=UTC), rrule="FREQ=WEEKLY;BYDAY=MO", tz="UTC")
    with db.session() as s:
        occ = fu.list_range(s, _me(s).id, datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC))
        assert [o.at.day for o in occ if o.follow_up.id == row.id] == [2, 9, 16, 23, 30]
        # A range that starts after the stored due time still sees the series.
        occ = fu.list_range(s, _me(s).id, datetime(2026, 3, 20, tzinfo=UTC), datetime(2026, 3, 31, tzinfo=UTC))
        assert [(o.at.day, o.current) for o in occ] == [(23, False), (30, False)]


def test_update_and_delete(ws):
    db, _ = ws
    row = _new(db)
    with db.session() as s:
        me = _me(s)
        fu.snooze(s, row.id, me, NOW + timedelta(hours=5))
        up = fu.update(s, row.id, me, title="새 제목", due_at=NOW + timedelta(days=1), kind="callback")
        assert up.title == "새 제목" and up.kind == "callback" and up.remind_at is None
        fu.delete(s, row.id, me)
    with db.session() as s:
        me = _me(s)
        assert fu.list_range(s, me.id, NOW - timedelta(days=9), NOW + timedelta(days=9)) == []
        with pytest.raises(NotFound):
            fu.get_follow_up(s, row.id, me)


# --- iCalendar -----------------------------------------------------------------------
def test_export_has_the_fields_calendars_need(ws):
    db, ids = ws
    one = _new(db, title="#1 카드 한도 — 회신", ticket_ref=ids["t1"], notes="한도 상향 결과 안내", kind="callback")
    rec = _new(db, title="주간", due_at=datetime(2026, 3, 16, 9, 0, tzinfo=BERLIN), rrule="FREQ=WEEKLY;BYDAY=MO",
               tz="Europe/Berlin")
    with db.session() as s:
        data = fu.export_ics(s, _me(s).id)
    cal = Calendar.from_ical(data)
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    e = events[f"{one.id}@agentdesk"]
    assert e.decoded("DTSTART") == one.due_at and b"DTSTART:20260310T100000Z" in data
    assert e.decoded("DTEND") - e.decoded("DTSTART") == timedelta(minutes=15)
    assert str(e["SUMMARY"]) == "#1 카드 한도 — 회신" and str(e["STATUS"]) == "CONFIRMED"
    desc = str(e["DESCRIPTION"])
    assert "한도 상향 결과 안내" in desc and f"#{ids['t1']}" in desc and "최영희" in desc and "010-1234-5678" in desc
    alarm = e.walk("VALARM")[0]
    assert str(alarm["ACTION"]) == "DISPLAY" and alarm.decoded("TRIGGER") == timedelta(0)
    r = events[f"{rec.id}@agentdesk"]
    assert r["RRULE"].to_ical() == b"FREQ=WEEKLY;BYDAY=MO"
    assert r["DTSTART"].params["TZID"] == "Europe/Berlin" and cal.walk("VTIMEZONE")


def test_ics_round_trip_and_reimport_updates(ws):
    db, ids = ws
    _new(db, title="한 번", ticket_ref=ids["t1"], notes="메모")
    _new(db, title="주간", due_at=datetime(2026, 3, 16, 9, 0, tzinfo=NEW_YORK), rrule="FREQ=WEEKLY;BYDAY=MO",
         tz="America/New_York")
    with db.session() as s:
        data = fu.export_ics(s, _me(s).id)
        # Into another agent's calendar: all new, same values.
        other = _me(s, "lee.junho")
        assert fu.import_ics(s, other, data) == (2, 0)
    with db.session() as s:
        other = _me(s, "lee.junho")
        assert fu.import_ics(s, other, data) == (0, 0)  # same UIDs, same values: nothing to update, no duplicate
        mine = sorted(fu.agenda(s, _me(s).id, NOW, days=30), key=lambda o: o.follow_up.title)
        theirs = sorted(fu.agenda(s, other.id, NOW, days=30), key=lambda o: o.follow_up.title)
        strip = lambda o: (o.at, o.follow_up.title, o.follow_up.notes, o.follow_up.rrule, o.follow_up.tz,  # noqa: E731
                           o.follow_up.kind, o.follow_up.ticket_number, o.follow_up.customer_id)
        assert [strip(o) for o in theirs] == [strip(o) for o in mine]
        assert s.scalar(select(func.count()).select_from(FollowUp).where(FollowUp.agent_id == other.id)) == 2
        # Re-importing my own export into my calendar changes nothing ("20 updated" was reported).
        audits = s.scalar(select(func.count()).select_from(AuditEntry))
        assert fu.import_ics(s, _me(s), data) == (0, 0)
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == audits
        assert s.scalar(select(func.count()).select_from(FollowUp).where(FollowUp.agent_id == _me(s).id)) == 2
        # An event that did change is updated, and only that one.
        assert fu.import_ics(s, _me(s), data.replace("한 번".encode(), "두 번".encode())) == (0, 1)


def _ics(*events: str) -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\n{e.strip()}\r\nEND:VEVENT\r\n" for e in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{body}END:VCALENDAR\r\n".encode()


GOOD = "UID:good-1\r\nDTSTART:20260401T010000Z\r\nSUMMARY:좋은 일정"


def test_import_converts_tzid_and_floating_times(ws):
    db, _ = ws
    data = _ics(
        "UID:berlin\r\nDTSTART;TZID=Europe/Berlin:20260701T090000\r\nSUMMARY:Berlin",
        "UID:windows\r\nDTSTART;TZID=Korea Standard Time:20260701T090000\r\nSUMMARY:Seoul",
        "UID:floating\r\nDTSTART:20260701T090000\r\nSUMMARY:Floating",
        "UID:weekly\r\nDTSTART;TZID=America/New_York:20261026T090000\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\nSUMMARY:NY",
    )
    with db.session() as s:
        assert fu.import_ics(s, _me(s), data, default_tz="Asia/Seoul") == (4, 0)
        rows = {f.ical_uid: f for f in s.scalars(select(FollowUp))}
    assert rows["berlin"].due_at == datetime(2026, 7, 1, 7, 0, tzinfo=UTC)
    assert rows["windows"].due_at == datetime(2026, 7, 1, 0, 0, tzinfo=UTC)
    assert rows["floating"].due_at == datetime(2026, 7, 1, 0, 0, tzinfo=UTC)  # read in the given local zone
    assert rows["weekly"].tz == "America/New_York" and rows["weekly"].rrule == "FREQ=WEEKLY;COUNT=3"
    with db.session() as s:
        occ = [o for o in fu.list_range(s, _me(s).id, datetime(2026, 10, 1, tzinfo=UTC),
                                        datetime(2026, 12, 1, tzinfo=UTC)) if o.follow_up.ical_uid == "weekly"]
    assert [o.at.astimezone(NEW_YORK).strftime("%m-%d %H:%M") for o in occ] == ["10-26 09:00", "11-02 09:00",
                                                                              "11-09 09:00"]


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"   \r\n", "empty"),
    (b"hello, this is a CSV file\n1,2,3\n", "not a valid iCalendar"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a valid iCalendar"),
    (b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Kim\r\nEND:VCARD\r\n", "not an iCalendar"),
    (_ics(GOOD, "UID:bad\r\nSUMMARY:no start"), "event 2 \\(UID bad\\): missing DTSTART"),
    (_ics(GOOD, "UID:bad\r\nDTSTART:20260401T010000Z\r\nRRULE:FREQ=SOMETIMES"), "RRULE"),
    (_ics(GOOD, "UID:bad\r\nDTSTART:20260401T010000Z\r\nRRULE:FREQ=DAILY;BYDAY=XX"), "RRULE|repeat rule"),
    (_ics(GOOD, "UID:bad\r\nDTSTART:2026XX01T010000Z"), "DTSTART"),
    (_ics(GOOD, "UID:bad\r\nDTSTART;TZID=Mars/Olympus:20260401T010000"), "unknown time zone"),
    (_ics(GOOD, "UID:bad\r\nDTSTART:20260401T010000Z\r\nthis line has no colon"), "cannot read"),
    (_ics(GOOD)[:-40], "not a valid iCalendar"),
    (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "no events"),
])
def test_malformed_ics_imports_nothing(ws, data, message):
    db, _ = ws
    with pytest.raises(InvalidValue, match=message) as info:
        with db.session() as s:
            fu.import_ics(s, _me(s), data)
    assert "\n" not in str(info.value)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(FollowUp)) == 0
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.entity == "follow_up")) == 0


def test_calendar_reads_use_the_agent_due_index(sqlite_db):
    """Every follow-up query the calendar and the reminder poll run is an index range scan."""
    from sqlalchemy import event

    seed_small(sqlite_db)
    _new(sqlite_db, due_at=NOW - timedelta(days=1), rrule="FREQ=DAILY")
    statements = []

    def grab(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT") and "FROM follow_ups" in statement:
            statements.append((statement, parameters))

    event.listen(sqlite_db.engine, "before_cursor_execute", grab)
    try:
        with sqlite_db.session() as s:
            me = _me(s).id
            fu.list_range(s, me, NOW, NOW + timedelta(days=35))
            fu.agenda(s, me, NOW)
            fu.due_reminders(s, me, NOW)
            fu.overdue_count(s, me, NOW)
    finally:
        event.remove(sqlite_db.engine, "before_cursor_execute", grab)
    assert len(statements) >= 6
    with sqlite_db.engine.connect() as c:
        for statement, params in statements:
            plan = " ".join(row[3] for row in c.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params))
            assert "USING INDEX ix_follow_ups_agent_due (agent_id=? AND status" in plan, (statement, plan)


def test_the_exports_generated_summary_never_comes_back_as_notes(ws):
    """DESCRIPTION of our export is a summary (ticket, customer) for other calendars; an
    empty-notes follow-up came back from its own .ics with that summary as its notes."""
    db, ids = ws
    _new(db, title="회신", ticket_ref=ids["t1"])
    with db.session() as s:
        data = fu.export_ics(s, _me(s).id)
        assert b"DESCRIPTION" in data
        other = _me(s, "lee.junho")
        assert fu.import_ics(s, other, data) == (1, 0)
        [f] = s.scalars(select(FollowUp).where(FollowUp.agent_id == other.id)).all()
        assert f.notes == ""
