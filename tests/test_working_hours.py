"""A macro's follow-up with a fixed delay lands inside working hours (issue 12, defect 14):
"in 1 day" made at 02:02 was due at 02:02. Pure tests of the rule at its edges, in a zone
without daylight saving (Asia/Seoul, the demo's) and one with it (Europe/Berlin), then the
macro on SQLite and PostgreSQL."""

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from agentdesk.models import FollowUp
from agentdesk.services import followups
from agentdesk.services import templates as tp
from agentdesk.services.common import InvalidValue, current_agent, set_setting
from agentdesk.services.followups import WorkingHours, next_working_time, parse_working_hours
from tests.factories import seed_small

SEOUL, BERLIN = ZoneInfo("Asia/Seoul"), ZoneInfo("Europe/Berlin")
SEOUL_HOURS = WorkingHours(zone="Asia/Seoul")
BERLIN_HOURS = WorkingHours(zone="Europe/Berlin")


def _at(zone, *args):
    return datetime(*args, tzinfo=zone)


@pytest.mark.parametrize("due,expected", [
    (_at(SEOUL, 2026, 11, 24, 2, 2), _at(SEOUL, 2026, 11, 24, 9, 0)),  # Tuesday night → that morning
    (_at(SEOUL, 2026, 11, 24, 9, 0), _at(SEOUL, 2026, 11, 24, 9, 0)),  # exactly 09:00: in hours
    (_at(SEOUL, 2026, 11, 24, 17, 59), _at(SEOUL, 2026, 11, 24, 17, 59)),
    (_at(SEOUL, 2026, 11, 24, 18, 0), _at(SEOUL, 2026, 11, 25, 9, 0)),  # exactly 18:00: after hours
    (_at(SEOUL, 2026, 11, 27, 18, 30), _at(SEOUL, 2026, 11, 30, 9, 0)),  # Friday evening → Monday 09:00
    (_at(SEOUL, 2026, 11, 28, 12, 0), _at(SEOUL, 2026, 11, 30, 9, 0)),  # Saturday → Monday
    (_at(SEOUL, 2026, 11, 29, 23, 59), _at(SEOUL, 2026, 11, 30, 9, 0)),  # Sunday night → Monday
    (_at(SEOUL, 2026, 11, 30, 8, 59), _at(SEOUL, 2026, 11, 30, 9, 0)),
    # Given in UTC, read on Seoul's wall clock: Friday 10:00 UTC is 19:00 in Seoul.
    (datetime(2026, 11, 27, 10, 0, tzinfo=UTC), _at(SEOUL, 2026, 11, 30, 9, 0)),
    (datetime(2026, 11, 27, 0, 0, tzinfo=UTC), _at(SEOUL, 2026, 11, 27, 9, 0)),
])
def test_due_times_move_into_working_hours_in_seoul(due, expected):
    got = next_working_time(due, SEOUL_HOURS)
    assert got == expected and got.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize("due,expected_wall", [
    # Friday 27 March 2026, 18:30 CET; the clocks go forward on Sunday the 29th: Monday 09:00 is CEST.
    (_at(BERLIN, 2026, 3, 27, 18, 30), (2026, 3, 30, 9, 0, 2)),
    # Friday 23 October 2026 evening CEST; back to CET on the 25th: Monday 09:00 is CET.
    (_at(BERLIN, 2026, 10, 23, 20, 0), (2026, 10, 26, 9, 0, 1)),
    # Sunday 29 March 02:30 does not exist on the wall clock; the next start is still Monday 09:00.
    (datetime(2026, 3, 29, 1, 30, tzinfo=UTC), (2026, 3, 30, 9, 0, 2)),
])
def test_nine_stays_nine_across_daylight_saving(due, expected_wall):
    got = next_working_time(due, BERLIN_HOURS)
    *wall, offset_hours = expected_wall
    assert (got.year, got.month, got.day, got.hour, got.minute) == tuple(wall)
    assert got.utcoffset().total_seconds() == offset_hours * 3600


def test_other_hours_and_days():
    hours = parse_working_hours("Sat-Mon 08:30-17:00", "Asia/Seoul")
    assert hours.days == frozenset({5, 6, 0}) and hours.start == time(8, 30) and hours.end == time(17, 0)
    assert next_working_time(_at(SEOUL, 2026, 11, 24, 10, 0), hours) == _at(SEOUL, 2026, 11, 28, 8, 30)  # Tue → Sat
    assert parse_working_hours("09:00-18:00") == WorkingHours()
    assert parse_working_hours("mon 10:00-12:00").days == frozenset({0})


@pytest.mark.parametrize("text", ["", "Mon-Fri", "Mon-Xyz 09:00-18:00", "09:00-25:00", "18:00-09:00", "nine to five"])
def test_bad_working_hours_are_one_clear_line(text):
    with pytest.raises(InvalidValue, match="working hours"):
        parse_working_hours(text)


def test_a_naive_due_time_is_refused():
    with pytest.raises(InvalidValue, match="time zone"):
        next_working_time(datetime(2026, 11, 24, 2, 2))


# --- the macro's follow-up, on both databases -----------------------------------------------------
def test_a_macro_follow_up_in_one_day_made_at_0202_is_due_at_nine(any_db):
    ids = seed_small(any_db)
    made = _at(SEOUL, 2026, 11, 24, 2, 2)
    with any_db.session() as s:
        set_setting(s, followups.TIME_ZONE_KEY, "Asia/Seoul")
        macro = {"follow_up": {"in_days": 1, "title": "만족도 확인"}}
        preview = tp.preview_macro(s, ids["t2"], current_agent(s), macro, now=made)
        changes = tp.apply_macro(s, ids["t2"], current_agent(s), macro, now=made)
        assert preview[-1].due_at == changes[-1].due_at == _at(SEOUL, 2026, 11, 25, 9, 0)
        # Friday evening plus two hours is Monday morning.
        late = tp.apply_macro(s, ids["t2"], current_agent(s), {"follow_up": {"in_hours": 2, "title": "회신"}},
                              now=_at(SEOUL, 2026, 11, 27, 17, 0))
        assert late[-1].due_at == _at(SEOUL, 2026, 11, 30, 9, 0)
    with any_db.session() as s:
        dues = sorted(f.due_at for f in s.query(FollowUp))
        assert dues == [_at(SEOUL, 2026, 11, 25, 9, 0), _at(SEOUL, 2026, 11, 30, 9, 0)]


def test_the_workspace_working_hours_and_a_bad_setting(any_db):
    seed_small(any_db)
    with any_db.session() as s:
        set_setting(s, followups.TIME_ZONE_KEY, "Asia/Seoul")
        set_setting(s, followups.WORKING_HOURS_KEY, "Mon-Sat 10:00-19:00")
        assert followups.working_hours(s) == WorkingHours(time(10), time(19), frozenset(range(6)), "Asia/Seoul")
        set_setting(s, followups.WORKING_HOURS_KEY, "whenever")  # a typo does not stop replies
        assert followups.working_hours(s) == SEOUL_HOURS
