"""Staffing: how many agents each hour of the day needs, by Erlang C (issue 13).

For a period of local calendar days (in the workspace's time zone unless told), per hour
of the day:

* arrival rate: tickets created in that hour on the live channels (phone and chat: the
  ones that queue for an agent now; email waits) divided by the days counted;
* average handle time: from ``work_sessions`` (talk + hold + after-contact work of a call,
  worked time of a chat) when that table exists and holds enough contacts for the hour,
  else for the whole period, else ``default_aht_seconds``; ``aht_seconds`` overrides all;
* traffic = rate × AHT / 3600 Erlangs, and agentdesk/erlang.py's smallest team for the
  target service level, raw and with shrinkage.

The tickets are read by the ``ix_tickets_created`` index (created_at first), so a 28-day
window reads that window's rows only, never the table; channel and team are checked on
those rows. Every result is plain data.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from sqlalchemy import Boolean, Integer, Uuid, bindparam, column, false, func, inspect, select, table, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement, TextClause

from agentdesk import erlang
from agentdesk.models import Channel, Team, Ticket, utcnow
from agentdesk.services.common import InvalidValue, NotFound, check_choice, get_setting
from agentdesk.services.followups import TIME_ZONE_KEY, local_zone
from agentdesk.services.metrics import DEFAULT_ZONE

CAVEAT = erlang.CAVEAT
LIVE_CHANNELS: tuple[str, ...] = (Channel.PHONE, Channel.CHAT)
DEFAULT_AHT_SECONDS = 300.0  # when no handle time is recorded: five minutes, a usual card-centre call
MIN_AHT_SAMPLES = 10  # handled contacts an hour needs before its own average is trusted over the period's
MAX_DAYS = 366  # a period is a budgeted input: a year of arrivals at most
WORK_SESSIONS = "work_sessions"  # handle-time records (agent_id, ticket_id, kind, started_at, seconds), when present


@dataclass(frozen=True)
class StaffingRow:
    """One hour of the day (local time): hour 9 is 09:00–09:59."""

    hour: int
    calls_per_hour: float  # average arrivals in this hour over the days counted
    aht: float  # seconds
    aht_source: str  # "given" (--aht), "hour" (this hour's records), "period" (the period's), "default"
    traffic_erlangs: float
    agents_raw: int  # agents answering at once
    agents_with_shrinkage: int  # agents to schedule
    expected_sl: float | None  # at agents_raw; None in an hour without arrivals
    asa: float | None  # average speed of answer in seconds at agents_raw; None without arrivals
    occupancy: float | None


@dataclass(frozen=True)
class StaffingPlan:
    start: date
    end: date
    tz: str
    team: str | None
    channels: tuple[str, ...]
    weekdays: tuple[int, ...]  # Monday = 0; every weekday when the period counts all its days
    days: int  # days counted (the divisor of every hour's arrivals)
    target_sl: float
    answer_seconds: float
    shrinkage: float
    rows: list[StaffingRow]
    caveat: str = CAVEAT
    handle_time_records: bool = False  # handle time was recorded in the period (work_sessions)
    measured_contacts: int = 0  # contacts with handle-time records behind the measured AHTs

    @property
    def peak(self) -> StaffingRow:
        return max(self.rows, key=lambda r: (r.agents_with_shrinkage, r.calls_per_hour))

    @property
    def calls_per_day(self) -> float:
        return sum(r.calls_per_hour for r in self.rows)

    def as_json(self) -> dict:
        data = asdict(self)
        data["start"], data["end"] = self.start.isoformat(), self.end.isoformat()
        data["channels"], data["weekdays"] = list(self.channels), list(self.weekdays)
        return data


def last_same_weekdays(day: date, weeks: int = 4) -> tuple[date, date, frozenset[int]]:
    """The usual forecast base for ``day``: the same weekday in each of the ``weeks`` weeks
    before it, as (start, end, weekdays) for ``plan``."""
    if weeks < 1:
        raise InvalidValue(code="erlang.not_positive", field="weeks", value=str(weeks))
    return day - timedelta(days=7 * weeks), day - timedelta(days=7), frozenset({day.weekday()})


def _zone_name(session: Session, tz: str | None) -> tuple[str, tzinfo]:
    """``tz``, else the workspace's time_zone setting, else Asia/Seoul: the zone the
    supervisor's figures count days in too (services/metrics.py), so the KPI and staffing
    tabs agree on what "a day" is. An explicit '' is this machine's zone."""
    name = (tz if tz is not None else get_setting(session, TIME_ZONE_KEY) or DEFAULT_ZONE).strip()
    return name, local_zone(name)  # an unknown one is a coded refusal


def today(session: Session, tz: str | None = None, now: datetime | None = None) -> date:
    """Today in the zone a plan counts its days in (``_zone_name``)."""
    return (now or utcnow()).astimezone(_zone_name(session, tz)[1]).date()


def _counted_days(start: date, end: date, weekdays: frozenset[int]) -> int:
    if end < start:
        raise InvalidValue(code="staffing.period_order", start=start.isoformat(), end=end.isoformat())
    span = (end - start).days + 1
    if span > MAX_DAYS:
        raise InvalidValue(code="staffing.period_too_long", most=MAX_DAYS, days=span)
    days = sum(1 for i in range(span) if (start + timedelta(days=i)).weekday() in weekdays)
    if not days:
        raise InvalidValue(code="staffing.no_days", start=start.isoformat(), end=end.isoformat())
    return days


def _team_id(session: Session, team: str | None) -> uuid.UUID | None:
    if team is None:
        return None
    found = session.scalar(select(Team.id).where(Team.name == team, Team.deleted == false()))
    if found is None:
        raise NotFound(code="staffing.unknown_team", name=team)
    return found


def _ticket_filters(session: Session, lo: datetime, hi: datetime, channels: tuple[str, ...],
                    team_id: uuid.UUID | None) -> list:
    """The period's tickets on ``channels`` (of the team), read by the created_at range of
    ix_tickets_created (which holds deleted too). Merged duplicates count: each was a
    contact an agent answered."""
    where: list[ColumnElement[bool] | TextClause] = [Ticket.created_at >= lo, Ticket.created_at < hi,
                                                     Ticket.deleted == false()]
    if session.get_bind().dialect.name != "sqlite":
        where.append(Ticket.channel.in_(channels))
        if team_id is not None:
            where.append(Ticket.team_id == team_id)
        return where
    # SQLite's planner prefers an equality on channel (ix_tickets_channel_updated) or team
    # over the created_at range: every phone and chat ticket ever, 470,000 rows of a
    # million, instead of a window's few tens of thousands (measured: 0.8 s cold vs. 0.1 s
    # on 200k). A unary + keeps a term from driving an index (sqlite.org/optoverview.html).
    where.append(text("+tickets.channel IN :staffing_channels")
                 .bindparams(bindparam("staffing_channels", list(channels), expanding=True)))
    if team_id is not None:
        where.append(text("+tickets.team_id = :staffing_team").bindparams(bindparam("staffing_team", team_id, type_=Uuid)))
    return where


def _work_sessions(session: Session):
    """The handle-time table as a lightweight Core table when the database has it, else None
    (it arrives with the supervisor view's migration; the estimate works without it)."""
    conn = session.connection()
    insp = inspect(conn)
    if not insp.has_table(WORK_SESSIONS):
        return None
    names = {c["name"] for c in insp.get_columns(WORK_SESSIONS)}
    if not {"ticket_id", "seconds"} <= names:
        return None
    cols = [column("ticket_id", Uuid), column("seconds", Integer)]
    if "deleted" in names:
        cols.append(column("deleted", Boolean))
    return table(WORK_SESSIONS, *cols)


def _local_hour(at: datetime, zone: tzinfo, weekdays: frozenset[int]) -> int | None:
    local = at.astimezone(zone)
    return local.hour if local.weekday() in weekdays else None


def arrivals_by_hour(session: Session, lo: datetime, hi: datetime, zone: tzinfo, weekdays: frozenset[int],
                     channels: tuple[str, ...], team_id: uuid.UUID | None) -> list[int]:
    """Tickets created in [lo, hi) on ``channels`` per local hour of the day (0–23), on the
    given weekdays only. Streams created_at (one column, read in batches): a 28-day window
    of a million-ticket workspace is some tens of thousands of timestamps."""
    counts = [0] * 24
    stmt = select(Ticket.created_at).where(*_ticket_filters(session, lo, hi, channels, team_id))
    for at in session.execute(stmt.execution_options(yield_per=5000)).scalars():
        hour = _local_hour(at, zone, weekdays)
        if hour is not None:
            counts[hour] += 1
    return counts


def handle_times_by_hour(session: Session, lo: datetime, hi: datetime, zone: tzinfo, weekdays: frozenset[int],
                         channels: tuple[str, ...], team_id: uuid.UUID | None) -> tuple[list[float], list[int]] | None:
    """(total handle seconds, contacts) per local hour of arrival, for the tickets
    ``arrivals_by_hour`` counts that have work sessions; None without a work_sessions table.
    A contact's handle time is the sum of its sessions (talk, hold, after-contact work, or
    worked time), so a call put on hold and picked up again is one contact."""
    ws = _work_sessions(session)
    if ws is None:
        return None
    join_on = ws.c.ticket_id == Ticket.id
    if "deleted" in ws.c:
        join_on = join_on & (ws.c.deleted == false())
    stmt = (select(Ticket.created_at, func.sum(ws.c.seconds)).join(ws, join_on)
            .where(*_ticket_filters(session, lo, hi, channels, team_id)).group_by(Ticket.id, Ticket.created_at))
    seconds, contacts = [0.0] * 24, [0] * 24
    for at, total in session.execute(stmt.execution_options(yield_per=5000)):
        hour = _local_hour(at, zone, weekdays)
        if hour is None or not total or total <= 0:
            continue
        seconds[hour] += float(total)
        contacts[hour] += 1
    return seconds, contacts


def _check_channels(channels: Collection[str]) -> tuple[str, ...]:
    allowed = tuple(c.value for c in Channel)
    out = tuple(dict.fromkeys(check_choice("channel", c, allowed) for c in channels))
    if not out:
        raise InvalidValue(code="staffing.no_channels")
    return out


def _check_weekdays(weekdays: Collection[int] | None) -> frozenset[int]:
    if weekdays is None:
        return frozenset(range(7))
    out = frozenset(weekdays)
    bad = [d for d in out if d not in range(7)]
    if bad or not out:
        raise InvalidValue(code="value.invalid_choice", field="weekday", value=str(bad[0] if bad else ""),
                           allowed="0 (Monday) to 6 (Sunday)")
    return out


def _as_error(exc: ValueError) -> InvalidValue:
    """erlang's coded ValueError as the services' refusal (same code, same line)."""
    return InvalidValue.like(exc)


def plan(session: Session, start: date, end: date, *, team: str | None = None, tz: str | None = None,
         target_sl: float = 0.8, answer_seconds: float = 20, shrinkage: float = 0.3, aht_seconds: float | None = None,
         channels: Collection[str] = LIVE_CHANNELS, weekdays: Collection[int] | None = None,
         default_aht_seconds: float = DEFAULT_AHT_SECONDS) -> StaffingPlan:
    """The agents needed in each hour of the day, from the arrivals of ``start``–``end``
    (local calendar days, both included; with ``weekdays`` only those days of the week,
    e.g. the last four Mondays: ``last_same_weekdays``)."""
    try:
        target, t, s = erlang.check_target(target_sl, answer_seconds, shrinkage)
        given = None if aht_seconds is None else erlang.check_aht(aht_seconds)
        fallback = erlang.check_aht(default_aht_seconds)
    except ValueError as exc:
        raise _as_error(exc) from None
    chans = _check_channels(channels)
    days_of_week = _check_weekdays(weekdays)
    days = _counted_days(start, end, days_of_week)
    zone_name, zone = _zone_name(session, tz)
    team_id = _team_id(session, team)
    lo = datetime.combine(start, time(0), tzinfo=zone).astimezone(UTC)
    hi = datetime.combine(end + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)

    arrivals = arrivals_by_hour(session, lo, hi, zone, days_of_week, chans, team_id)
    measured = None if given is not None else handle_times_by_hour(session, lo, hi, zone, days_of_week, chans, team_id)
    period_aht, sampled = None, 0
    if measured is not None:
        sampled = sum(measured[1])
        if sampled >= MIN_AHT_SAMPLES:
            period_aht = sum(measured[0]) / sampled

    rows = []
    for hour in range(24):
        if given is not None:
            aht, source = given, "given"
        elif measured is not None and measured[1][hour] >= MIN_AHT_SAMPLES:
            aht, source = measured[0][hour] / measured[1][hour], "hour"
        elif period_aht is not None:
            aht, source = period_aht, "period"
        else:
            aht, source = fallback, "default"
        rate = arrivals[hour] / days
        try:
            need = erlang.agents_needed(rate, aht, target, t, s)
        except ValueError as exc:
            raise _as_error(exc) from None
        busy = rate > 0
        rows.append(StaffingRow(hour=hour, calls_per_hour=rate, aht=aht, aht_source=source,
                                traffic_erlangs=need.traffic_erlangs, agents_raw=need.agents,
                                agents_with_shrinkage=need.agents_with_shrinkage,
                                expected_sl=need.service_level if busy else None,
                                asa=need.asa_seconds if busy else None, occupancy=need.occupancy if busy else None))
    return StaffingPlan(start=start, end=end, tz=zone_name, team=team, channels=chans,
                        weekdays=tuple(sorted(days_of_week)), days=days, target_sl=target, answer_seconds=t,
                        shrinkage=s, rows=rows, handle_time_records=sampled > 0,
                        measured_contacts=sampled)
