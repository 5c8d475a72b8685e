"""The supervisor's KPIs (issue 13), headless: `agentdesk metrics` and the supervisor view
read the same figures from here. Definitions: agentdesk/kpi.py DEFINITIONS and
docs/metrics.md.

Everything is counted in SQL over index ranges (the cohort by ``ix_tickets_created``,
answers by ``ix_feedback_created``, work by ``ix_work_sessions_started``, solves by
``ix_tickets_solved_kpi``); only durations come back as numbers, for the median and p90.
Periods are local calendar days in a time zone, turned into one half-open UTC range.
"""

from __future__ import annotations

import sqlite3
import uuid
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import BigInteger, ColumnElement, Integer, String, and_, case, cast, false, func, literal, or_, select, true
from sqlalchemy.orm import Session

from agentdesk import kpi
from agentdesk.kpi import Drill, DrillKind
from agentdesk.models import (
    ACTIVE_STATUSES,
    CHANNELS,
    DONE_STATUSES,
    Agent,
    Feedback,
    Team,
    Ticket,
    UTCDateTime,
    WorkSession,
    TicketTag,
)
from agentdesk.services.common import InvalidValue, NotFound, get_setting

TIME_ZONE_KEY = "time_zone"  # as services/followups.py: the workspace's IANA zone
DEFAULT_ZONE = "Asia/Seoul"  # where the setting is missing (the demo's zone, and the desks')
MAX_DAYS = 3_660  # a period longer than ten years is a typo, not a question


# --- the period -------------------------------------------------------------------------
@dataclass(frozen=True)
class Period:
    """Local calendar days ``first``..``last`` (inclusive) in ``zone``: UTC ``[start, end)``."""

    first: date
    last: date
    tz: str
    start: datetime
    end: datetime
    team_id: uuid.UUID | None = None
    team: str | None = None

    def as_json(self) -> dict:
        return {"from": self.first.isoformat(), "to": self.last.isoformat(), "tz": self.tz, "team": self.team}


def zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidValue(code="metrics.unknown_zone", zone=name) from exc


def zone_name(session: Session, tz: str | None) -> str:
    """``tz``, else the workspace's time_zone setting, else Asia/Seoul; checked."""
    name = (tz or get_setting(session, TIME_ZONE_KEY) or DEFAULT_ZONE).strip()
    zone(name)
    return name


def local_midnight(day: date, tz: tzinfo) -> datetime:
    """The UTC instant a local day begins (zoneinfo applies the day's own offset, DST too)."""
    return datetime.combine(day, time(0), tz).astimezone(UTC)


def team_id(session: Session, name: str | None) -> uuid.UUID | None:
    """The team by its name; NotFound (coded) for a name no team has."""
    if name is None:
        return None
    found = session.scalar(select(Team.id).where(Team.name == name, Team.deleted.is_(False)))
    if found is None:
        known = ", ".join(session.scalars(select(Team.name).where(Team.deleted.is_(False)).order_by(Team.name)))
        raise NotFound(code="metrics.unknown_team", team=name, known=known or "-")
    return found


def period(session: Session, start: date, end: date, *, team: str | None = None, tz: str | None = None) -> Period:
    if start > end:
        raise InvalidValue(code="metrics.range", start=start.isoformat(), end=end.isoformat())
    if (end - start).days >= MAX_DAYS:
        raise InvalidValue(code="metrics.too_long", most=MAX_DAYS)
    name = zone_name(session, tz)
    z = zone(name)
    return Period(start, end, name, local_midnight(start, z), local_midnight(end + timedelta(days=1), z),
                  team_id(session, team), team)


# --- pieces of SQL ----------------------------------------------------------------------
def _seconds(session: Session, later, earlier):
    """``later - earlier`` in whole seconds, each time taken to its second (fractions
    dropped), in the database: a million durations are not parsed into datetimes in
    Python, and both backends give the same whole number (SQLite's date functions keep
    only milliseconds, rounded their own way)."""
    if session.get_bind().dialect.name == "sqlite":
        if sqlite3.sqlite_version_info >= (3, 38):  # unixepoch(): 3x faster than strftime('%s')
            return func.unixepoch(later) - func.unixepoch(earlier)
        return cast(func.strftime("%s", later), Integer) - cast(func.strftime("%s", earlier), Integer)
    return (cast(func.extract("epoch", func.date_trunc("second", later)), BigInteger)
            - cast(func.extract("epoch", func.date_trunc("second", earlier)), BigInteger))


def _cohort(start: datetime, end: datetime, team: uuid.UUID | None) -> list[ColumnElement[bool]]:
    cond = [Ticket.created_at >= start, Ticket.created_at < end, Ticket.deleted.is_(False), _not_merged()]
    if team is not None:
        cond.append(_no_index(Ticket.team_id) == team)
    return cond


def _no_index(column):
    """``column`` in a form no index matches (coalesce(x, NULL) is x). The KPIs read a time
    range of one index (the cohort's ix_tickets_metrics, the solves' ix_tickets_solved_kpi)
    that holds every other column they test; SQLite's planner, from statistics that cannot
    show how skewed a column is, took "merged_into_id IS NULL", "team_id = ?" or
    "status IN (…)" for a narrower way in and walked that index and the table instead:
    at 1M tickets 0.62 s (merged), 4.1 s (a team) where the time range takes 0.07 s."""
    return func.coalesce(column, None)


def _not_merged() -> ColumnElement[bool]:
    return _no_index(Ticket.merged_into_id).is_(None)


def _live() -> list[ColumnElement[bool]]:
    return [Ticket.deleted.is_(False), _not_merged()]


def sla_met(now: datetime) -> ColumnElement[bool]:
    """Every deadline met (docs/metrics.md): each is unset or was kept."""
    return and_(or_(Ticket.sla_first_response_due.is_(None),
                    and_(Ticket.first_response_at.is_not(None), Ticket.first_response_at <= Ticket.sla_first_response_due)),
                or_(Ticket.sla_resolution_due.is_(None),
                    and_(Ticket.solved_at.is_not(None), Ticket.solved_at <= Ticket.sla_resolution_due)))


def sla_missed(now: datetime) -> ColumnElement[bool]:
    """A deadline missed: kept late, or not kept and passed (``now``)."""
    def missed(at, due):
        return and_(due.is_not(None), or_(and_(at.is_not(None), at > due), and_(at.is_(None), due <= now)))

    return or_(missed(Ticket.first_response_at, Ticket.sla_first_response_due),
               missed(Ticket.solved_at, Ticket.sla_resolution_due))


def _done() -> ColumnElement[bool]:
    return _no_index(Ticket.status).in_([str(s) for s in DONE_STATUSES])


def _fcr() -> ColumnElement[bool]:
    return and_(_done(), Ticket.reopen_count == 0, Ticket.agent_contact_count <= 1)


def _feedback_in(start: datetime, end: datetime, team: uuid.UUID | None, kind: str):
    """(score, answers) of one kind given in ``[start, end)``, about the team's tickets."""
    low, high = (1, 5) if kind == "csat" else (0, 10)
    stmt = (select(Feedback.score, func.count()).where(Feedback.created_at >= start, Feedback.created_at < end,
                                                       Feedback.kind == kind, Feedback.score.between(low, high),
                                                       Feedback.deleted.is_(False)).group_by(Feedback.score))
    if team is not None:
        stmt = stmt.join(Ticket, Ticket.id == Feedback.ticket_id).where(_no_index(Ticket.team_id) == team)
    return stmt


def _scores(session: Session, stmt) -> list[int]:
    return [score for score, n in session.execute(stmt) for _ in range(n)]


# --- the KPIs ---------------------------------------------------------------------------
# What one cohort ticket is, as bits of one number the database computes per row: the one
# pass over the cohort (ix_tickets_metrics) hands back (channel, bits, first response,
# resolution) and Python counts. Measured at 1M tickets (167,000 in 90 days, CPU time on a
# loaded 2-core machine): counts grouped in SQL plus two passes for the durations 1.0 s,
# this pass 0.6 s; letting the database rank the durations (window functions) was slower
# than sorting them here.
_ANSWERED, _SOLVED, _REOPENED, _DONE, _FCR, _MET, _MISSED = (1 << i for i in range(7))


def _plain_rows(session: Session, stmt) -> Sequence:
    """The driver's own rows of ``stmt``, for columns that need no conversion (text and
    whole numbers). At 1M tickets, of the 90-day cohort's 166,000 rows and 300,000 work
    sessions, the ORM's row loading took 0.25 s and SQLAlchemy's Row objects 0.3 s more."""
    result = session.connection().execute(stmt)
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


def _bits(now: datetime):
    parts = ((Ticket.first_response_at.is_not(None), _ANSWERED), (Ticket.solved_at.is_not(None), _SOLVED),
             (Ticket.reopen_count > 0, _REOPENED), (_done(), _DONE), (_fcr(), _FCR), (sla_met(now), _MET),
             (sla_missed(now), _MISSED))
    terms: list[ColumnElement[int]] = [case((cond, bit), else_=0) for cond, bit in parts]
    total = terms[0]
    for term in terms[1:]:
        total = total + term
    return total


def compute(session: Session, start: date, end: date, *, team: str | None = None, tz: str | None = None,
            now: datetime) -> dict:
    """Every KPI of the period (kpi.DEFINITIONS, in that order), plus ``period``."""
    p = period(session, start, end, team=team, tz=tz)
    rows = _plain_rows(session, select(Ticket.channel, _bits(now),
                                       _seconds(session, Ticket.first_response_at, Ticket.created_at),
                                       _seconds(session, Ticket.solved_at, Ticket.created_at))
                       .where(*_cohort(p.start, p.end, p.team_id)))
    kinds = Counter((r[0], int(r[1])) for r in rows)
    by_channel: Counter[str] = Counter()
    flags: Counter[int] = Counter()
    for (channel, bits), n in kinds.items():
        by_channel[channel] += n
        for bit in (_ANSWERED, _SOLVED, _DONE, _FCR, _MET, _MISSED):
            if bits & bit:
                flags[bit] += n
        if bits & _SOLVED and bits & _REOPENED:
            flags[_REOPENED] += n
    created = len(rows)
    return {
        "period": p.as_json(),
        "tickets_created": created,
        "volume_by_channel": {c: by_channel[c] for c in sorted(by_channel, key=_channel_order)},
        "first_response_seconds": kpi.summary(int(r[2]) for r in rows if r[2] is not None),
        "unanswered": created - flags[_ANSWERED],
        "resolution_seconds": kpi.summary(int(r[3]) for r in rows if r[3] is not None),
        "reopen_rate": kpi.rate(flags[_REOPENED], flags[_SOLVED]),
        "fcr_rate": kpi.rate(flags[_FCR], flags[_DONE]),
        "csat": kpi.csat(_scores(session, _feedback_in(p.start, p.end, p.team_id, "csat"))),
        "nps": kpi.nps(_scores(session, _feedback_in(p.start, p.end, p.team_id, "nps"))),
        "backlog": backlog(session, p.team_id),
        "sla_attainment_rate": kpi.rate(flags[_MET], flags[_MET] + flags[_MISSED]),
        "handle_time_seconds": handle_time(session, p.start, p.end, p.team_id),
    }


def _channel_order(channel: str) -> tuple[int, str]:
    return (CHANNELS.index(channel) if channel in CHANNELS else len(CHANNELS), channel)


def _active() -> list[ColumnElement[bool]]:
    """Not deleted and new, open, pending or on hold. A merged ticket is closed for good
    (rules.status_change refuses to reopen it), so "not merged" needs no test here: without
    it the count is read from a status index alone (50,000 active tickets at 1M: 390 ms
    through the table)."""
    return [Ticket.deleted.is_(False), Ticket.status.in_([str(s) for s in ACTIVE_STATUSES])]


def backlog(session: Session, team: uuid.UUID | None = None) -> int:
    cond = _active()
    if team is not None:
        cond.append(Ticket.team_id == team)
    return session.scalar(select(func.count()).select_from(Ticket).where(*cond)) or 0


def handle_times(session: Session, start: datetime, end: datetime, team: uuid.UUID | None = None) -> list[int]:
    """Seconds of work per ticket: the sum of its sessions that started in ``[start, end)``,
    of tickets not deleted (and of work done for the team). The sessions come from
    ix_work_sessions_started alone (deleted tickets are the few of ix_tickets_deleted) and
    are summed here: SQLite's GROUP BY over 300,000 sessions of 90 days (a sort of text ids,
    with the workspace's in-memory temp store) took 0.7 s of CPU where this takes 0.45 s."""
    stmt = select(cast(WorkSession.ticket_id, String), WorkSession.seconds).where(
        WorkSession.started_at >= start, WorkSession.started_at < end, WorkSession.deleted.is_(False),
        WorkSession.ticket_id.not_in(select(Ticket.id).where(Ticket.deleted.is_(True))), *not_abusive())
    if team is not None:
        stmt = stmt.where(WorkSession.team_id == team)
    per_ticket: dict[str, int] = {}
    for ticket, seconds in _plain_rows(session, stmt):
        per_ticket[ticket] = per_ticket.get(ticket, 0) + seconds
    return list(per_ticket.values())


def not_abusive() -> list[ColumnElement[bool]]:
    """Work on a contact ended as abusive, or tagged so, is left out of handle time (the
    agent-protection rule, docs/protection.md): both sets are a handful of rows."""
    from agentdesk.models import ProtectionIncident
    from agentdesk.protection_rules import ABUSE_TAG, IncidentKind

    # services/protection.abusive_ticket_ids, spelt here: that module brings the ticket
    # services and pydantic (80 ms of `agentdesk metrics`' start) for one subquery.
    ended = select(ProtectionIncident.ticket_id).where(ProtectionIncident.kind == IncidentKind.ENDED,
                                                       ProtectionIncident.deleted.is_(False))
    tagged = select(TicketTag.ticket_id).where(TicketTag.tag == ABUSE_TAG, TicketTag.deleted.is_(False))
    return [WorkSession.ticket_id.not_in(ended), WorkSession.ticket_id.not_in(tagged)]


def handle_time(session: Session, start: datetime, end: datetime, team: uuid.UUID | None = None) -> dict:
    """``{median, p90, count, mean}`` of handle time per ticket (docs/metrics.md)."""
    values = handle_times(session, start, end, team)
    return {**kpi.summary(values), "mean": kpi.mean(values)}


# --- drill-down: the tickets behind a figure ----------------------------------------------
def drill(session: Session, metric_key: str, start: date, end: date, team: str | None = None, tz: str | None = None,
          channel: str | None = None, hour: int | None = None, *, now: datetime,
          kind: DrillKind | None = None) -> Drill:
    """The tickets behind ``metric_key``'s figure (its count, or a rate's numerator; ``kind``
    picks another set, e.g. sla_missed): for one channel, or one local hour of a one-day
    period (the hourly chart's bar)."""
    if metric_key not in kpi.METRIC_DRILL and kind is None:
        raise InvalidValue(code="metrics.unknown_metric", key=metric_key, allowed=", ".join(kpi.METRIC_DRILL))
    p = period(session, start, end, team=team, tz=tz)
    lo, hi = p.start, p.end
    if hour is not None:
        if not 0 <= hour <= 23 or start != end:
            raise InvalidValue(code="metrics.hour", hour=hour)
        z = zone(p.tz)
        lo = datetime.combine(start, time(hour), z).astimezone(UTC)
        hi = lo + timedelta(hours=1)
    if channel is not None and channel not in CHANNELS:
        raise InvalidValue(code="value.invalid_choice", field="channel", value=channel, allowed=", ".join(CHANNELS))
    return Drill(kind or kpi.METRIC_DRILL[metric_key], lo, hi, now, p.team_id, channel)


def drill_conditions(d: Drill) -> list[ColumnElement[bool]]:
    """The ticket conditions of a drill (services/tickets.py adds them to the inbox query)."""
    k = d.kind
    by_team: list[ColumnElement[bool]] = [Ticket.team_id == d.team_id] if d.team_id is not None else []
    cond: list[ColumnElement[bool]] = [Ticket.deleted.is_(False)]
    if d.channel is not None:
        cond.append(Ticket.channel == d.channel)
    if k in (DrillKind.CSAT, DrillKind.CSAT_LOW, DrillKind.CSAT_HIGH, DrillKind.NPS):
        # Answers about merged tickets count in the figure, so their tickets are listed too.
        fb = [Feedback.created_at >= d.start, Feedback.created_at < d.end, Feedback.deleted.is_(False)]
        if k == DrillKind.NPS:
            fb += [Feedback.kind == "nps", Feedback.score.between(0, 10)]
        else:
            low, high = {DrillKind.CSAT: (1, 5), DrillKind.CSAT_LOW: (1, kpi.CSAT_SATISFIED - 1),
                         DrillKind.CSAT_HIGH: (kpi.CSAT_SATISFIED, 5)}[k]
            fb += [Feedback.kind == "csat", Feedback.score.between(low, high)]
        return [*cond, *by_team, Ticket.id.in_(select(Feedback.ticket_id).where(*fb))]
    if k == DrillKind.HANDLED:
        # Work done for the team (work_sessions.team_id), as handle_time counts it.
        work = [WorkSession.started_at >= d.start, WorkSession.started_at < d.end, WorkSession.deleted.is_(False),
                *not_abusive()]
        if d.team_id is not None:
            work.append(WorkSession.team_id == d.team_id)
        return [*cond, Ticket.id.in_(select(WorkSession.ticket_id).where(*work))]
    cond.append(_not_merged())
    if k == DrillKind.BACKLOG:
        return [*cond, *by_team, Ticket.status.in_([str(s) for s in ACTIVE_STATUSES])]
    # The cohort is a range of creation times (see _no_index).
    cond += [Ticket.created_at >= d.start, Ticket.created_at < d.end]
    if d.team_id is not None:
        cond.append(_no_index(Ticket.team_id) == d.team_id)
    extra: dict[DrillKind, ColumnElement[bool]] = {
        DrillKind.COHORT: true(),
        DrillKind.ANSWERED: Ticket.first_response_at.is_not(None),
        DrillKind.UNANSWERED: Ticket.first_response_at.is_(None),
        DrillKind.SOLVED: Ticket.solved_at.is_not(None),
        DrillKind.REOPENED: and_(Ticket.solved_at.is_not(None), Ticket.reopen_count > 0),
        DrillKind.DONE: _done(),
        DrillKind.FCR: _fcr(),
        DrillKind.NOT_FCR: and_(_done(), or_(Ticket.reopen_count > 0, Ticket.agent_contact_count > 1)),
        DrillKind.SLA_MET: sla_met(d.now),
        DrillKind.SLA_MISSED: sla_missed(d.now),
        DrillKind.SLA_DECIDED: or_(sla_met(d.now), sla_missed(d.now)),
    }
    if k not in extra:
        return [*cond, false()]
    return cond + ([] if k == DrillKind.COHORT else [extra[k]])


# --- the wallboard and the charts ---------------------------------------------------------
def _day_range(day: date, tz: str) -> tuple[datetime, datetime]:
    z = zone(tz)
    return local_midnight(day, z), local_midnight(day + timedelta(days=1), z)


def agent_day(session: Session, now: datetime, tz: str | None = None, team: str | None = None) -> list[dict]:
    """Per agent (of the team, or all), today in ``tz``: ``handled_today`` = tickets
    assigned to them solved today; ``handle_time_mean`` = their work today in seconds ÷
    the tickets they worked on today (None without work); ``open_assigned`` = their
    active tickets now. Sorted by name."""
    name = zone_name(session, tz)
    tid = team_id(session, team)
    start, end = _day_range(now.astimezone(zone(name)).date(), name)
    agents_q = select(Agent.id, Agent.login, Agent.name, Agent.status, Agent.capacity, Agent.role, Agent.team_id).where(
        Agent.deleted.is_(False))
    if tid is not None:
        agents_q = agents_q.where(Agent.team_id == tid)
    rows = session.execute(agents_q.order_by(Agent.name)).all()
    solved_q = (select(Ticket.assignee_id, func.count()).where(
        Ticket.solved_at >= start, Ticket.solved_at < end, *_live(), Ticket.assignee_id.is_not(None))
        .group_by(Ticket.assignee_id))
    open_q = (select(Ticket.assignee_id, func.count()).where(*_active(), Ticket.assignee_id.is_not(None))
        .group_by(Ticket.assignee_id))
    work_q = (select(WorkSession.agent_id, func.sum(WorkSession.seconds), func.count(func.distinct(WorkSession.ticket_id)))
              .where(WorkSession.started_at >= start, WorkSession.started_at < end, WorkSession.deleted.is_(False),
                     *not_abusive())
              .group_by(WorkSession.agent_id))
    if tid is not None:
        solved_q = solved_q.where(_no_index(Ticket.team_id) == tid)
        open_q = open_q.where(Ticket.team_id == tid)
    solved = dict(session.execute(solved_q).all())
    open_ = dict(session.execute(open_q).all())
    work = {a: (int(s), int(n)) for a, s, n in session.execute(work_q)}
    out = []
    for a in rows:
        seconds, tickets = work.get(a.id, (0, 0))
        out.append({"agent_id": a.id, "login": a.login, "name": a.name, "status": a.status, "role": a.role,
                    "capacity": a.capacity, "handled_today": solved.get(a.id, 0),
                    "work_seconds_today": seconds, "worked_tickets_today": tickets,
                    "handle_time_mean": kpi._plain(seconds / tickets) if tickets else None,
                    "open_assigned": open_.get(a.id, 0)})
    return out


def _since(session: Session, column, origin: datetime):
    """Whole seconds from ``origin`` to ``column`` (as _seconds): the charts bucket these
    numbers, and never turn tens of thousands of stored times into datetimes."""
    return _seconds(session, column, literal(origin, UTCDateTime()))


def _bounds(starts: Sequence[datetime], origin: datetime) -> list[int]:
    return [int((t - origin).total_seconds()) for t in starts]


def hourly(session: Session, day: date, tz: str | None = None, team: str | None = None, *,
           now: datetime | None = None) -> dict:
    """The local day ``day`` hour by hour (0-23): ``created`` {channel: n} of the tickets
    created that hour (the cohort), ``sla_attainment_rate`` of those tickets, and
    ``backlog`` at the end of the hour (for hours that have ended; see docs/metrics.md
    for how it is reconstructed). ``now``: what has passed (default: the day's end)."""
    name = zone_name(session, tz)
    z = zone(name)
    tid = team_id(session, team)
    start, end = _day_range(day, name)
    now = now or end
    # Where each local hour begins, in seconds from the day's start (a DST day has 23 or 25).
    bounds = _bounds([datetime.combine(day, time(h), z).astimezone(UTC) for h in range(24)], start)
    ends = [*bounds[1:], int((end - start).total_seconds())]
    hours: list[dict] = [{"hour": h, "created": {}, "sla_met": 0, "sla_missed": 0, "backlog": None} for h in range(24)]
    for offset, channel, met, missed in _plain_rows(session, select(
            _since(session, Ticket.created_at, start), Ticket.channel, case((sla_met(now), 1), else_=0),
            case((sla_missed(now), 1), else_=0)).where(*_cohort(start, end, tid))):
        h = hours[bisect_right(bounds, offset) - 1]
        h["created"][channel] = h["created"].get(channel, 0) + 1
        h["sla_met"] += met
        h["sla_missed"] += missed
    # Backlog at T = active now and created by T, plus solved after T and created by T:
    # only tickets created or solved after the day began differ from the backlog now.
    now_backlog = backlog(session, tid)
    active = [*_live(), _no_index(Ticket.status).in_([str(s) for s in ACTIVE_STATUSES]), Ticket.created_at >= start]
    solved = [*_live(), Ticket.solved_at >= start]
    if tid is not None:
        active.append(_no_index(Ticket.team_id) == tid)
        solved.append(_no_index(Ticket.team_id) == tid)
    active_created = sorted(r[0] for r in _plain_rows(session, select(_since(session, Ticket.created_at, start))
                                                      .where(*active)))
    solved_rows = _plain_rows(session, select(_since(session, Ticket.created_at, start),
                                              _since(session, Ticket.solved_at, start)).where(*solved))
    passed = int((now - start).total_seconds())
    for h, t in zip(hours, ends):
        if t > passed:
            continue
        h["backlog"] = (now_backlog - (len(active_created) - bisect_right(active_created, t))
                        + sum(1 for c, at in solved_rows if c <= t < at))
    for h in hours:
        h["sla_attainment_rate"] = kpi.rate(h["sla_met"], h["sla_met"] + h["sla_missed"])
    return {"day": day.isoformat(), "tz": name, "team": team, "hours": hours}


def daily(session: Session, end: date, days: int, tz: str | None = None, team: str | None = None, *,
          now: datetime) -> list[dict]:
    """The ``days`` local days up to ``end`` (oldest first): ``created`` (the day's cohort),
    ``solved`` (tickets not deleted or merged whose solved time falls on the day),
    ``sla_attainment_rate`` of the day's cohort, ``csat_rate`` and ``csat_responses`` of
    the day's CSAT answers."""
    if not 1 <= days <= 366:
        raise InvalidValue(code="metrics.days", days=days)
    name = zone_name(session, tz)
    z = zone(name)
    tid = team_id(session, team)
    first = end - timedelta(days=days - 1)
    start, stop = local_midnight(first, z), local_midnight(end + timedelta(days=1), z)
    out: list[dict] = [{"day": (first + timedelta(days=i)).isoformat(), "created": 0, "solved": 0, "sla_met": 0, "sla_missed": 0,
            "csat_high": 0, "csat_responses": 0} for i in range(days)]
    bounds = _bounds([local_midnight(first + timedelta(days=i), z) for i in range(days)], start)

    def bucket(offset: int) -> dict:
        return out[bisect_right(bounds, offset) - 1]

    for offset, met, missed in _plain_rows(session, select(
            _since(session, Ticket.created_at, start), case((sla_met(now), 1), else_=0),
            case((sla_missed(now), 1), else_=0)).where(*_cohort(start, stop, tid))):
        b = bucket(offset)
        b["created"] += 1
        b["sla_met"] += met
        b["sla_missed"] += missed
    solved_q = select(_since(session, Ticket.solved_at, start)).where(Ticket.solved_at >= start, Ticket.solved_at < stop,
                                                                      *_live())
    if tid is not None:
        solved_q = solved_q.where(_no_index(Ticket.team_id) == tid)
    for (offset,) in _plain_rows(session, solved_q):
        bucket(offset)["solved"] += 1
    fb = select(_since(session, Feedback.created_at, start), Feedback.score).where(
        Feedback.created_at >= start, Feedback.created_at < stop, Feedback.kind == "csat",
        Feedback.score.between(1, 5), Feedback.deleted.is_(False))
    if tid is not None:
        fb = fb.join(Ticket, Ticket.id == Feedback.ticket_id).where(_no_index(Ticket.team_id) == tid)
    for offset, score in _plain_rows(session, fb):
        b = bucket(offset)
        b["csat_responses"] += 1
        b["csat_high"] += score >= kpi.CSAT_SATISFIED
    for b in out:
        b["sla_attainment_rate"] = kpi.rate(b["sla_met"], b["sla_met"] + b["sla_missed"])
        b["csat_rate"] = kpi.rate(b["csat_high"], b["csat_responses"])
    return out


def ticket_count(session: Session, d: Drill) -> int:
    """How many tickets a drill lists (what the inbox counts for it)."""
    return session.scalar(select(func.count()).select_from(Ticket).where(*drill_conditions(d))) or 0

