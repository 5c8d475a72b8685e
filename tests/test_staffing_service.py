"""The staffing estimate from a workspace's arrivals and handle times (services/staffing.py),
on SQLite and PostgreSQL, from hand-made tickets whose hours are known."""

from __future__ import annotations

import functools
import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Boolean, Column, DateTime, Integer, MetaData, String, Table, Uuid, inspect, insert

from agentdesk import erlang, models
from agentdesk.models import Team, Ticket, WorkspaceSetting
from agentdesk.services import staffing
from agentdesk.services.common import InvalidValue, NotFound

KST = ZoneInfo("Asia/Seoul")
START, END = date(2026, 11, 2), date(2026, 11, 8)  # Monday to Sunday: 7 days


def _kst(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=KST).astimezone(UTC)


class _Workspace:
    def __init__(self, db):
        self.db = db
        self.number = 5000
        with db.session() as s:
            self.team, self.other = Team(name="카드상담팀"), Team(name="배송팀")
            s.add_all([self.team, self.other, WorkspaceSetting(key="time_zone", value="Asia/Seoul")])
            s.flush()
            self.team_id, self.other_id = self.team.id, self.other.id

    def ticket(self, at: datetime, channel: str = "phone", team: str = "card", deleted: bool = False) -> uuid.UUID:
        self.number += 1
        tid = uuid.uuid4()
        with self.db.session() as s:
            s.add(Ticket(id=tid, number=self.number, subject="문의", channel=channel, created_at=at, updated_at=at,
                         team_id=self.team_id if team == "card" else self.other_id, deleted=deleted))
        return tid


@pytest.fixture
def ws(any_db):
    return _Workspace(any_db)


def _work_sessions(db):
    """The handle-time table: the supervisor view's model when it has landed, else the
    same columns made here (the service reads only ticket_id, seconds and deleted)."""
    model = getattr(models, "WorkSession", None)
    if model is not None:
        return model.__table__
    table = Table("work_sessions", MetaData(), Column("id", Uuid, primary_key=True, default=uuid.uuid4),
                  Column("agent_id", Uuid), Column("ticket_id", Uuid), Column("kind", String(8)),
                  Column("started_at", DateTime), Column("seconds", Integer),
                  Column("deleted", Boolean, default=False))
    with db.engine.begin() as conn:
        if not inspect(conn).has_table("work_sessions"):
            table.create(conn)
    return table


def _session_row(table, ticket_id, kind, at, seconds, agent_id=None) -> dict:
    row = {"id": uuid.uuid4(), "ticket_id": ticket_id, "kind": kind, "started_at": at.replace(tzinfo=None),
           "seconds": seconds, "deleted": False}
    if "updated_at" in table.c:  # the real model: aware times, its own columns
        row.update(started_at=at, updated_at=at, agent_id=agent_id)
    return {k: v for k, v in row.items() if k in table.c}


def test_arrivals_per_local_hour_average_over_the_days(ws, any_db):
    # Hour 10 KST: 14 phone and 7 chat calls over the week → 3 an hour.
    for i in range(14):
        ws.ticket(_kst(START + timedelta(days=i % 7), 10, i))
    for i in range(7):
        ws.ticket(_kst(START + timedelta(days=i), 10, 30), channel="chat")
    # Not counted: email, deleted, the day before the period at 23:59:59 and the day after at 00:00:00 KST.
    ws.ticket(_kst(START, 10, 5), channel="email")
    ws.ticket(_kst(START, 10, 6), deleted=True)
    ws.ticket(_kst(START - timedelta(days=1), 23, 59, 59))
    ws.ticket(_kst(END + timedelta(days=1), 0, 0, 0))
    # Counted at the edges: the first second and the last one of the period (hours 0 and 23).
    ws.ticket(_kst(START, 0, 0, 0))
    ws.ticket(_kst(END, 23, 59, 59))
    with any_db.session() as s:
        plan = staffing.plan(s, START, END, aht_seconds=180)
    assert plan.tz == "Asia/Seoul" and plan.days == 7 and plan.channels == ("phone", "chat")
    rows = {r.hour: r for r in plan.rows}
    assert len(plan.rows) == 24 and [r.hour for r in plan.rows] == list(range(24))
    assert rows[10].calls_per_hour == pytest.approx(3.0)
    assert rows[0].calls_per_hour == pytest.approx(1 / 7) and rows[23].calls_per_hour == pytest.approx(1 / 7)
    assert rows[12].calls_per_hour == 0 and rows[12].agents_raw == 0 and rows[12].expected_sl is None
    need = erlang.agents_needed(3.0, 180, 0.8, 20, 0.3)
    r = rows[10]
    assert (r.aht, r.aht_source, r.agents_raw, r.agents_with_shrinkage) == (180, "given", need.agents, need.agents_with_shrinkage)
    assert r.traffic_erlangs == pytest.approx(0.15) and r.expected_sl == pytest.approx(need.service_level)
    assert r.asa == pytest.approx(need.asa_seconds) and r.expected_sl >= 0.8
    assert plan.peak.hour == 10 and plan.calls_per_day == pytest.approx(3 + 2 / 7)
    assert plan.caveat.startswith("Erlang C assumes no one abandons")


def test_the_zone_team_channels_and_weekdays_choose_what_is_counted(ws, any_db):
    ws.ticket(_kst(START, 9))  # Monday 09:00 KST = Monday 00:00 UTC
    ws.ticket(_kst(START + timedelta(days=1), 9))  # Tuesday
    ws.ticket(_kst(START, 9, 10), team="other")
    ws.ticket(_kst(START, 9, 20), channel="email")
    with any_db.session() as s:
        utc = staffing.plan(s, START, END, tz="UTC", aht_seconds=200)
        card = staffing.plan(s, START, END, team="카드상담팀", aht_seconds=200)
        mondays = staffing.plan(s, START, END, weekdays=[0], channels=["phone", "email"], aht_seconds=200)
    assert utc.tz == "UTC" and utc.rows[0].calls_per_hour == pytest.approx(3 / 7) and utc.rows[9].calls_per_hour == 0
    assert card.rows[9].calls_per_hour == pytest.approx(2 / 7) and card.team == "카드상담팀"
    assert mondays.days == 1 and mondays.weekdays == (0,) and mondays.rows[9].calls_per_hour == pytest.approx(3.0)
    # The last four Mondays before Monday 30 November: 2–23 November.
    assert staffing.last_same_weekdays(date(2026, 11, 30)) == (date(2026, 11, 2), date(2026, 11, 23), frozenset({0}))


def test_handle_time_comes_from_work_sessions_per_hour_then_period_then_default(ws, any_db):
    with any_db.session() as s:
        plain = staffing.plan(s, START, END)
    assert not plain.handle_time_records and {r.aht_source for r in plain.rows} == {"default"}
    assert plain.rows[0].aht == staffing.DEFAULT_AHT_SECONDS

    table = _work_sessions(any_db)
    with any_db.session() as s:  # whose time it was does not matter to the estimate
        agent = models.Agent(login="ws.agent", name="상담사", role="agent")
        s.add(agent)
        s.flush()
        agent_id = agent.id
    row_of = functools.partial(_session_row, agent_id=agent_id)
    rows = []
    for i in range(12):  # hour 10: twelve calls of 100 s talk + 20 s hold + 120 s wrap-up = 240 s
        tid = ws.ticket(_kst(START + timedelta(days=i % 7), 10, i))
        at = _kst(START + timedelta(days=i % 7), 10, i)
        rows += [row_of(table, tid, "talk", at, 100), row_of(table, tid, "hold", at, 20),
                 row_of(table, tid, "acw", at, 120)]
    for i in range(3):  # hour 15: three chats of 600 s; too few for an hour's own average
        tid = ws.ticket(_kst(START + timedelta(days=i), 15), channel="chat")
        rows.append(row_of(table, tid, "work", _kst(START + timedelta(days=i), 15), 600))
    other = ws.ticket(_kst(START, 10, 40), team="other")  # another team's: not in the team's figures
    rows.append(row_of(table, other, "talk", _kst(START, 10, 40), 5000))
    gone = dict(row_of(table, other, "talk", _kst(START, 10, 41), 9999), deleted=True)
    rows.append(gone)
    with any_db.engine.begin() as conn:
        conn.execute(insert(table), rows)
    with any_db.session() as s:
        plan = staffing.plan(s, START, END, team="카드상담팀")
        given = staffing.plan(s, START, END, team="카드상담팀", aht_seconds=90)
    by_hour = {r.hour: r for r in plan.rows}
    assert plan.handle_time_records and plan.measured_contacts == 15
    assert (by_hour[10].aht, by_hour[10].aht_source) == (240, "hour")
    period = (12 * 240 + 3 * 600) / 15
    assert (by_hour[15].aht, by_hour[15].aht_source) == (pytest.approx(period), "period")
    assert by_hour[3].aht_source == "period"
    assert by_hour[10].traffic_erlangs == pytest.approx(12 / 7 * 240 / 3600)
    assert {r.aht_source for r in given.rows} == {"given"} and given.rows[10].aht == 90


@pytest.mark.parametrize(("kwargs", "code"), [
    ({"team": "없는팀"}, "staffing.unknown_team"),
    ({"channels": ["fax"]}, "value.invalid_choice"),
    ({"channels": []}, "staffing.no_channels"),
    ({"weekdays": [7]}, "value.invalid_choice"),
    ({"tz": "Mars/Olympus"}, "followup.unknown_zone"),
    ({"target_sl": 1.2}, "erlang.target_range"),
    ({"shrinkage": 1.0}, "erlang.shrinkage_range"),
    ({"answer_seconds": -5}, "erlang.negative"),
    ({"aht_seconds": 0}, "erlang.not_positive"),
    ({"start": END, "end": START}, "staffing.period_order"),
    ({"start": date(2025, 1, 1), "end": date(2026, 1, 2)}, "staffing.period_too_long"),
    ({"start": date(2026, 11, 3), "end": date(2026, 11, 4), "weekdays": [0]}, "staffing.no_days"),
])
def test_bad_input_is_a_coded_refusal(sqlite_db, kwargs, code):
    args = {"start": START, "end": END, **kwargs}
    with sqlite_db.session() as s, pytest.raises((InvalidValue, NotFound)) as info:
        staffing.plan(s, args.pop("start"), args.pop("end"), **args)
    assert info.value.code == code and str(info.value)


def test_traffic_beyond_two_thousand_agents_is_refused(ws, any_db):
    with any_db.engine.begin() as conn:  # 2,100 calls of an hour each in one hour: 2,100 Erlangs
        conn.execute(insert(Ticket.__table__), [
            {"id": uuid.uuid4(), "number": 10_000 + i, "subject": "x", "channel": "phone", "status": "new",
             "priority": "normal", "priority_rank": 2, "created_at": _kst(START, 10), "updated_at": _kst(START, 10)}
            for i in range(2_100)])
    with any_db.session() as s, pytest.raises(InvalidValue) as info:
        staffing.plan(s, START, START, aht_seconds=3600)
    assert info.value.code == "erlang.too_many_agents"


def test_today_is_counted_in_the_plans_zone(sqlite_db):
    """The supervisor's staffing tab plans this day by default: the workspace's today."""
    at = datetime(2026, 12, 6, 16, 0, tzinfo=UTC)  # 01:00 on the 7th in Seoul
    with sqlite_db.session() as s:
        assert staffing.today(s, tz="Asia/Seoul", now=at) == date(2026, 12, 7)
        assert staffing.today(s, tz="UTC", now=at) == date(2026, 12, 6)
        s.add(WorkspaceSetting(key="time_zone", value="Asia/Seoul"))
    with sqlite_db.session() as s:
        assert staffing.today(s, now=at) == date(2026, 12, 7)


def test_without_a_zone_setting_days_are_counted_as_the_metrics_count_them(sqlite_db):
    """No time_zone setting: Asia/Seoul, as agentdesk metrics and the KPI tab (it was this
    machine's zone, so the two supervisor tabs could disagree on what a day is)."""
    from agentdesk.services import metrics

    at = datetime(2026, 12, 6, 16, 0, tzinfo=UTC)
    with sqlite_db.session() as s:
        assert metrics.zone_name(s, None) == "Asia/Seoul"
        assert staffing.plan(s, date(2026, 12, 1), date(2026, 12, 5)).tz == "Asia/Seoul"
        assert staffing.today(s, now=at) == date(2026, 12, 7)
