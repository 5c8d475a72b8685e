"""Calendar files from outside are bounded: dates, repeat rules, size and event count. Each
refusal is one line naming the event and what is wrong, and nothing is half-imported."""

from __future__ import annotations

import time
import uuid
from datetime import datetime, timedelta, UTC

import pytest
from sqlalchemy import func, select

from agentdesk.cli import main
from agentdesk.models import Agent, AuditEntry, FollowUp
from agentdesk.services import followups as fu
from agentdesk.services.common import InvalidValue
from tests.factories import seed_small

NOW = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
GOOD = "UID:good-1\r\nDTSTART:20260401T010000Z\r\nSUMMARY:좋은 일정"


def _ics(*events: str) -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\n{e.strip()}\r\nEND:VEVENT\r\n" for e in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{body}END:VCALENDAR\r\n".encode()


def _bad(*lines: str) -> bytes:
    return _ics(GOOD, "\r\n".join(["UID:bad-2", "SUMMARY:나쁜 일정", *lines]))


@pytest.fixture
def ws(any_db):
    seed_small(any_db)
    return any_db


def _me(s) -> Agent:
    return s.scalars(select(Agent).where(Agent.login == "kim.minji")).one()


def _nothing_written(db) -> None:
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(FollowUp)) == 0
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.entity == "follow_up")) == 0


@pytest.mark.parametrize("data, default_tz, message", [
    (_bad("DTSTART:99991231T235959Z"), "", r"event 2 \(UID bad-2\): DTSTART 9999-12-31 is outside 1970–2199"),
    (_bad("DTSTART:99991231T235959"), "America/New_York", r"event 2 \(UID bad-2\): DTSTART is outside 1970–2199"),
    (_bad("DTSTART;TZID=Asia/Seoul:00010101T000000"), "", r"event 2 \(UID bad-2\): DTSTART is outside"),
    (_bad("DTSTART;VALUE=DATE:00010101"), "Asia/Seoul", r"event 2 \(UID bad-2\): DTSTART 0001-01-01 is outside"),
    (_bad("DTSTART:19691231T000000Z"), "", r"DTSTART 1969-12-31 is outside"),
    (_bad("DTSTART:21991231T230000Z", "RRULE:FREQ=YEARLY;BYMONTH=1"), "", r"event 2 \(UID bad-2\): .*no occurrence"),
    (_bad("DTSTART:20260101T000000Z", "RRULE:FREQ=HOURLY;BYHOUR=25"), "",
     r"event 2 \(UID bad-2\): invalid repeat rule 'FREQ=HOURLY;BYHOUR=25': BYHOUR must be between 0 and 23"),
    (_bad("DTSTART:20260101T000000Z", "RRULE:FREQ=MONTHLY;BYMONTHDAY=0"), "", r"BYMONTHDAY must be between -31 and 31"),
    (_bad("DTSTART:20260101T000000Z", "RRULE:FREQ=DAILY;INTERVAL=0"), "", r"INTERVAL must be between 1 and 1000"),
    (_bad("DTSTART:20260101T000000Z", "RRULE:FREQ=DAILY;UNTIL=20261345"), "", r"event 2 \(UID bad-2\): .*RRULE"),
    (_bad("DTSTART:20260101T000000Z", "X-AGENTDESK-TICKET:" + "9" * 5000), "",
     r"event 2 \(UID bad-2\): X-AGENTDESK-TICKET '9{20}…' is not a ticket number"),
    (_bad("DTSTART:20260101T000000Z", "X-AGENTDESK-TICKET:" + "9" * 19), "", r"is not a ticket number"),
    (_bad("DTSTART:20260101T000000Z", "X-AGENTDESK-TICKET:²"), "", r"X-AGENTDESK-TICKET '²' is not a ticket number"),
    (_bad("DTSTART:19700101T000000Z", "RRULE:FREQ=HOURLY"), "",
     r"event 2 \(UID bad-2\): repeat rule 'FREQ=HOURLY' repeats more than 50,000 times from 1970-01-01"),
    (_bad("DTSTART:20260101T000000Z", "RRULE:FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30;COUNT=3"), "",
     r"event 2 \(UID bad-2\): repeat rule .* has no occurrence"),
    (_bad("DTSTART:20260101T000000Z", "RRULE:FREQ=DAILY;INTERVAL=7;BYDAY=TU"), "",  # always a Thursday
     r"event 2 \(UID bad-2\): repeat rule .* has no occurrence"),
])
def test_out_of_bounds_events_are_refused_in_one_line(ws, data, default_tz, message):
    started = time.monotonic()
    with pytest.raises(InvalidValue, match=message) as info:
        with ws.session() as s:
            fu.import_ics(s, _me(s), data, default_tz=default_tz, now=NOW)
    assert "\n" not in str(info.value)
    assert time.monotonic() - started < 5  # the year-1 hourly series took 39 s
    _nothing_written(ws)


def test_a_bounded_ticket_number_and_a_far_until_still_import(sqlite_db):
    seed_small(sqlite_db)
    data = _ics("UID:a\r\nDTSTART:20260401T010000Z\r\nSUMMARY:x\r\nX-AGENTDESK-TICKET:#" + "9" * 18,
                "UID:b\r\nDTSTART:20260401T010000Z\r\nSUMMARY:y\r\nRRULE:FREQ=DAILY;UNTIL=99991231T000000Z")
    with sqlite_db.session() as s:
        assert fu.import_ics(s, _me(s), data, now=NOW) == (2, 0)
        occ = fu.list_range(s, _me(s).id, datetime(2026, 4, 1, tzinfo=UTC), datetime(2026, 4, 4, tzinfo=UTC))
    assert len(occ) == 4  # a once, b on three days


def test_a_file_over_the_size_limit_is_refused_before_parsing(sqlite_db):
    seed_small(sqlite_db)
    padding = "X-PAD:" + "a" * 70 + "\r\n"
    data = _ics(GOOD + "\r\n" + padding * (fu.ICS_MAX_BYTES // len(padding) + 1))
    with pytest.raises(InvalidValue, match="larger than 5 MB"):
        with sqlite_db.session() as s:
            fu.import_ics(s, _me(s), data, now=NOW)
    _nothing_written(sqlite_db)


def test_too_many_events_are_refused_at_once(sqlite_db):
    seed_small(sqlite_db)
    data = _ics(*[f"UID:e{i}\r\nDTSTART:20260401T010000Z\r\nSUMMARY:{i}" for i in range(fu.ICS_MAX_EVENTS + 1)])
    started = time.monotonic()
    with pytest.raises(InvalidValue, match="holds 5,001 events: at most 5,000"):
        with sqlite_db.session() as s:
            fu.import_ics(s, _me(s), data, now=NOW)
    assert time.monotonic() - started < 2
    _nothing_written(sqlite_db)


def test_the_limit_itself_imports_in_one_piece(sqlite_db):
    seed_small(sqlite_db)
    data = _ics(*[f"UID:e{i}\r\nDTSTART:20260401T010000Z\r\nSUMMARY:{i}" for i in range(fu.ICS_MAX_EVENTS)])
    with sqlite_db.session() as s:
        assert fu.import_ics(s, _me(s), data, now=NOW) == (fu.ICS_MAX_EVENTS, 0)


def test_a_slow_file_is_stopped_by_the_check_budget(sqlite_db, monkeypatch):
    seed_small(sqlite_db)
    monkeypatch.setattr(fu, "ICS_CHECK_SECONDS", 0.0)
    with pytest.raises(InvalidValue, match=r"checking the file took more than 0 s \(at event 1, UID good-1\)"):
        with sqlite_db.session() as s:
            fu.import_ics(s, _me(s), _ics(GOOD), now=NOW)
    _nothing_written(sqlite_db)


def test_a_stored_far_series_neither_hangs_nor_breaks_export(sqlite_db):
    """Rows written before the bounds (an old import) are still shown, completed and exported."""
    seed_small(sqlite_db)
    with sqlite_db.session() as s:
        me = _me(s)
        s.add(FollowUp(id=uuid.uuid4(), agent_id=me.id, title="far", kind="follow_up", status="open",
                       due_at=datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC), rrule="", tz=""))
        hourly = FollowUp(id=uuid.uuid4(), agent_id=me.id, title="hourly", kind="follow_up", status="open",
                          due_at=datetime(1, 1, 1, tzinfo=UTC), rrule="FREQ=HOURLY", tz="")
        s.add(hourly)
        s.flush()
        started = time.monotonic()
        data = fu.export_ics(s, me.id, now=NOW)
        fu.list_range(s, me.id, NOW, NOW + timedelta(days=7))
        with pytest.raises(InvalidValue, match="repeats more than 50,000 times"):
            fu.complete(s, hourly.id, me, now=NOW)
        assert time.monotonic() - started < 5
    assert data.count(b"BEGIN:VEVENT") == 2 and b"DTSTART:99991231T235959Z" in data


def test_create_refuses_out_of_range_dates_and_rules(sqlite_db):
    seed_small(sqlite_db)
    with sqlite_db.session() as s:
        with pytest.raises(InvalidValue, match="outside 1970–2199"):
            fu.create_follow_up(s, _me(s), title="x", due_at=datetime(9999, 1, 1, tzinfo=UTC))
        with pytest.raises(InvalidValue, match="BYHOUR must be between 0 and 23"):
            fu.create_follow_up(s, _me(s), title="x", due_at=NOW, rrule="FREQ=HOURLY;BYHOUR=25")


def test_cli_refuses_a_huge_file_without_reading_it_all(sqlite_db, monkeypatch, capsys, tmp_path):
    seed_small(sqlite_db)
    monkeypatch.setenv("AGENTDESK_DB", sqlite_db.url)
    path = tmp_path / "huge.ics"
    with open(path, "wb") as fh:
        fh.write(_ics(GOOD))
        fh.truncate(2 * 1024**3)  # 2 GB, sparse
    code = main(["followups", "import", str(path)])
    out, err = capsys.readouterr()
    assert code == 1 and out == "" and err.count("\n") == 1 and "larger than 5 MB" in err
    _nothing_written(sqlite_db)


@pytest.mark.parametrize("rule, first", [
    ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29", datetime(2028, 2, 29, 9, tzinfo=UTC)),
    ("FREQ=MONTHLY;BYDAY=-1FR", datetime(2026, 1, 30, 9, tzinfo=UTC)),
    ("FREQ=DAILY;INTERVAL=14;BYDAY=TH", datetime(2026, 1, 1, 9, tzinfo=UTC)),
    ("FREQ=YEARLY;BYYEARDAY=366", datetime(2028, 12, 31, 9, tzinfo=UTC)),
    ("FREQ=HOURLY;INTERVAL=5;BYHOUR=9,14", datetime(2026, 1, 1, 9, tzinfo=UTC)),
])
def test_rare_but_possible_rules_are_kept(rule, first):
    assert fu.validate_rrule(rule, datetime(2026, 1, 1, 9, tzinfo=UTC), "UTC") == (rule, first)
