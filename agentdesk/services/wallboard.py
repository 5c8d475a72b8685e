"""The supervisor's wallboard: what is waiting, what is about to breach, who is free, and
today so far, for the teams a lead leads (issue 13).

Read in one short transaction, from indexes: the live queue is one walk of the partial
index of unsolved tickets ``ix_tickets_queue``, today's figures are ranges of
``ix_tickets_metrics`` and ``ix_tickets_solved_kpi``, and each agent's load over
``ix_tickets_assignee_status_updated``; nothing here scans the million rows. The exact
meaning of every figure is in docs/supervisor.md and ``DEFINITIONS``.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, bindparam, case, func, or_, select
from sqlalchemy.orm import Session

from agentdesk.models import (
    ACTIVE_STATUSES,
    DONE_STATUSES,
    LEAD_ROLES,
    LIVE_CHANNELS,
    WORKING_STATUSES,
    Agent,
    Team,
    Ticket,
    TicketStatus,
)
from agentdesk.services.common import AT_RISK_WINDOW, local_day
from agentdesk.services.metrics import zone_name


# What each figure means, as the tiles' tooltips and docs/metrics.md say it (the window
# translates these through ui/kit catalogue strings of the same text).
DEFINITIONS: dict[str, str] = {
    "waiting": "Tickets now new or open (not deleted, not merged), assigned or not.",
    "unassigned": "Waiting tickets that nobody is assigned to.",
    "oldest_waiting": "The longest wait among waiting tickets that have had no first response: now minus the ticket's creation.",
    "at_risk": "Waiting, pending or on-hold tickets whose next SLA deadline falls within the next hour.",
    "breached": "Unsolved tickets whose next SLA deadline has already passed.",
    "pending": "Tickets waiting on the customer (status pending).",
    "on_hold": "Tickets parked on hold (status on hold).",
    "handled_today": "Tickets solved since midnight today (workspace time zone), not merged into another.",
    "abandoned_today": "Chat and phone tickets created today that were solved or closed without any agent response.",
    "service_level_today": "Among tickets created today whose first-response deadline is decided (answered, or the deadline "
                           "passed), the share answered by the deadline.",
    "asa_today": "Average speed of answer: the mean of first response minus creation over tickets created today that have "
                 "a first response.",
    "incidents_today": "Agent-protection incidents recorded today: abuse warnings sent, abusive contacts ended, "
                       "protective breaks.",
}


@dataclass(frozen=True)
class QueueCell:
    """One line of the queue: a team, a channel and a priority."""

    team_id: uuid.UUID | None
    team: str
    channel: str
    priority: str
    waiting: int = 0  # new + open
    unassigned: int = 0
    oldest_waiting_at: datetime | None = None  # created_at of the oldest unanswered waiting ticket
    at_risk: int = 0
    breached: int = 0
    next_due: datetime | None = None  # the earliest running deadline (the countdown shown)
    pending: int = 0
    on_hold: int = 0


@dataclass(frozen=True)
class Today:
    waiting: int
    unassigned: int
    oldest_waiting_at: datetime | None
    at_risk: int
    breached: int
    pending: int
    on_hold: int
    handled: int
    abandoned: int
    service_level: float | None  # 0–1; None when nothing is decided yet
    asa_seconds: float | None
    start: datetime  # today's midnight in the zone, as UTC


@dataclass(frozen=True)
class AgentLine:
    id: uuid.UUID
    name: str
    login: str
    role: str
    team_id: uuid.UUID | None
    status: str  # as chosen by the agent
    state: str  # what the wallboard shows: the chosen status, or on_contact while replying
    since: datetime | None  # in this status since
    open_count: int
    capacity: int
    handled_today: int
    aht_seconds: float | None
    on_ticket_id: uuid.UUID | None = None
    on_ticket_number: int | None = None


@dataclass(frozen=True)
class Wallboard:
    at: datetime
    tz: str
    teams: list[tuple[uuid.UUID, str]]
    queue: list[QueueCell]
    today: Today
    agents: list[AgentLine] = field(default_factory=list)
    incidents: list = field(default_factory=list)  # services/protection.IncidentRow, newest first


def visible_teams(session: Session, viewer: Agent, team_ids: Sequence[uuid.UUID] | None = None) -> list[tuple[uuid.UUID, str]]:
    """The teams this viewer may watch: an admin all, a lead their own; narrowed to
    ``team_ids`` when given. An agent none (the view is not theirs)."""
    if viewer.role not in LEAD_ROLES:
        return []
    q = select(Team.id, Team.name).where(Team.deleted.is_(False)).order_by(Team.name)
    if viewer.role != "admin":
        q = q.where(Team.id == viewer.team_id)
    rows = [(r.id, r.name) for r in session.execute(q)]
    if team_ids is not None:
        wanted = set(team_ids)
        rows = [r for r in rows if r[0] in wanted]
    return rows


def _live(q):
    # Not "merged_into_id IS NULL" in SQL: nearly every row matches it, yet SQLite's planner
    # then walks ix_tickets_merged_into instead of the range index (545 ms → 40 ms at 200k).
    # A merged ticket is closed, so it is never in the queue; ranges below drop it by hand.
    return q.where(Ticket.deleted.is_(False))


def queue(session: Session, team_ids: Sequence[uuid.UUID], now: datetime) -> list[QueueCell]:
    """The unsolved tickets of these teams, grouped by team, channel and priority."""
    if not team_ids:
        return []
    t = Ticket
    soon = now + AT_RISK_WINDOW
    waiting = t.status.in_(WORKING_STATUSES)
    one = 1
    q = _live(select(
        t.team_id, t.channel, t.priority_rank,
        func.sum(case((waiting, one), else_=0)).label("waiting"),
        func.sum(case((and_(waiting, t.assignee_id.is_(None)), one), else_=0)).label("unassigned"),
        func.min(case((and_(waiting, t.first_response_at.is_(None)), t.created_at), else_=None)).label("oldest"),
        func.sum(case((and_(t.sla_next_due.is_not(None), t.sla_next_due > now, t.sla_next_due <= soon), one),
                      else_=0)).label("at_risk"),
        func.sum(case((and_(t.sla_next_due.is_not(None), t.sla_next_due <= now), one), else_=0)).label("breached"),
        func.min(case((t.sla_next_due > now, t.sla_next_due), else_=None)).label("next_due"),
        func.sum(case((t.status == TicketStatus.PENDING, one), else_=0)).label("pending"),
        func.sum(case((t.status == TicketStatus.ON_HOLD, one), else_=0)).label("on_hold"),
    ).where(queue_statuses(), t.team_id.in_(list(team_ids)))
        .group_by(t.team_id, t.channel, t.priority_rank))
    names = dict(session.execute(select(Team.id, Team.name).where(Team.id.in_(list(team_ids)))).all())
    from agentdesk.models import PRIORITIES

    cells = []
    for r in session.execute(q):
        cells.append(QueueCell(
            team_id=r.team_id, team=names.get(r.team_id, ""), channel=r.channel, priority=str(PRIORITIES[r.priority_rank]),
            waiting=int(r.waiting or 0), unassigned=int(r.unassigned or 0), oldest_waiting_at=_aware(r.oldest),
            at_risk=int(r.at_risk or 0), breached=int(r.breached or 0), next_due=_aware(r.next_due),
            pending=int(r.pending or 0), on_hold=int(r.on_hold or 0)))
    cells.sort(key=lambda c: (c.team, c.priority != "urgent", _rank(c.priority), c.channel))
    return cells


QUEUE_STATUSES = tuple(str(s) for s in ACTIVE_STATUSES)


def queue_statuses():
    """``status IN ('new', 'open', 'pending', 'on_hold')`` with the values written into the
    SQL, not bound: only then can the database see that the query implies the partial
    index of unsolved tickets (``ix_tickets_queue``, migration 0024), which holds every
    column the queue groups and counts. At 1M tickets (50,000 unsolved) the queue took
    149 ms through the status index and the table."""
    return Ticket.status.in_(bindparam("queue_statuses", list(QUEUE_STATUSES), expanding=True, literal_execute=True))


def _rank(priority: str) -> int:
    from agentdesk.models import PRIORITY_RANK

    return PRIORITY_RANK.get(priority, 9)


def _aware(value) -> datetime | None:
    """A raw aggregate (min over a CASE) comes back as the driver's value: SQLite gives a
    string, PostgreSQL a naive datetime; both are UTC."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        from datetime import UTC

        value = value.replace(tzinfo=UTC)
    return value


def today(session: Session, team_ids: Sequence[uuid.UUID], now: datetime, tz: str,
          cells: Sequence[QueueCell] | None = None) -> Today:
    """Today so far (local midnight in ``tz`` to ``now``) with the queue's totals."""
    start = local_day(now, tz)[0]
    cells = list(cells) if cells is not None else queue(session, team_ids, now)
    oldest = min((c.oldest_waiting_at for c in cells if c.oldest_waiting_at), default=None)
    handled = abandoned = met = missed = answered = 0
    answer_seconds = 0
    if team_ids:
        from agentdesk.services.metrics import _no_index, _seconds

        t = Ticket
        teams = list(team_ids)
        # One range of a covering index each (today's solves: ix_tickets_solved_kpi; today's
        # arrivals: ix_tickets_metrics), counted by the database. The team and "not merged"
        # are tested where no index matches them, or SQLite walks the team's index instead
        # (190 ms → 4 ms at 200k tickets; services/metrics._no_index).
        not_merged = _no_index(t.merged_into_id).is_(None)
        in_teams = _no_index(t.team_id).in_(teams)
        handled = session.scalar(select(func.count()).select_from(t).where(
            t.solved_at >= start, t.solved_at <= now, t.deleted.is_(False), not_merged, in_teams)) or 0
        due, first = t.sla_first_response_due, t.first_response_at
        one = 1
        row = session.execute(select(
            func.sum(case((and_(first.is_(None), t.channel.in_(LIVE_CHANNELS), t.status.in_(DONE_STATUSES)), one),
                          else_=0)),
            func.sum(case((and_(due.is_not(None), first.is_not(None), first <= due), one), else_=0)),
            func.sum(case((and_(due.is_not(None), or_(and_(first.is_not(None), first > due),
                                                       and_(first.is_(None), due <= now))), one), else_=0)),
            func.count(first),
            func.sum(case((first.is_not(None), _seconds(session, first, t.created_at)), else_=0)),
        ).where(t.created_at >= start, t.created_at <= now, t.deleted.is_(False), not_merged, in_teams)).one()
        abandoned, met, missed, answered, answer_seconds = (int(v or 0) for v in row)
    return Today(
        waiting=sum(c.waiting for c in cells), unassigned=sum(c.unassigned for c in cells), oldest_waiting_at=oldest,
        at_risk=sum(c.at_risk for c in cells), breached=sum(c.breached for c in cells),
        pending=sum(c.pending for c in cells), on_hold=sum(c.on_hold for c in cells),
        handled=int(handled), abandoned=abandoned,
        service_level=(met / (met + missed)) if met + missed else None,
        asa_seconds=(answer_seconds / answered) if answered else None, start=start)


def agents(session: Session, team_ids: Sequence[uuid.UUID], now: datetime, tz: str,
           presence: Mapping[uuid.UUID, tuple[uuid.UUID, str]] | None = None) -> list[AgentLine]:
    """The agents of these teams with their load and today's work. ``presence`` maps an
    agent to the ticket they have open and what they do with it ('viewing' / 'replying'),
    as the team server reports it (a standalone workspace knows only its own desk)."""
    if not team_ids:
        return []
    start = local_day(now, tz)[0]
    teams = list(team_ids)
    people = session.execute(select(Agent).where(Agent.team_id.in_(teams), Agent.deleted.is_(False))
                             .order_by(Agent.name)).scalars().all()
    ids = [a.id for a in people]
    t = Ticket
    open_counts = dict(session.execute(_live(select(t.assignee_id, func.count()).where(
        t.assignee_id.in_(ids), t.status.in_(ACTIVE_STATUSES))).group_by(t.assignee_id)).all()) if ids else {}
    handled: dict[uuid.UUID, int] = {}
    mine = set(ids)
    for assignee, merged in session.execute(_live(select(t.assignee_id, t.merged_into_id)).where(
            t.solved_at >= start, t.solved_at <= now)):
        if merged is None and assignee in mine:
            handled[assignee] = handled.get(assignee, 0) + 1
    aht = _handle_times(session, ids, start, now)
    presence = presence or {}
    numbers: dict[uuid.UUID, int] = {}
    on = {tid for tid, _ in presence.values()}
    if on:
        numbers = dict(session.execute(select(t.id, t.number).where(t.id.in_(list(on)))).all())
    lines = []
    for a in people:
        here = presence.get(a.id)
        replying = here is not None and here[1] == "replying"
        lines.append(AgentLine(
            id=a.id, name=a.name, login=a.login, role=a.role, team_id=a.team_id, status=a.status,
            state=effective_state(a.status, replying), since=getattr(a, "status_since", None) or a.updated_at,
            open_count=int(open_counts.get(a.id, 0)), capacity=a.capacity, handled_today=int(handled.get(a.id, 0)),
            aht_seconds=aht.get(a.id), on_ticket_id=here[0] if here else None,
            on_ticket_number=numbers.get(here[0]) if here else None))
    return lines


def effective_state(status: str, replying: bool) -> str:
    """What a lead sees: 'on_contact' while the agent replies on a ticket (unless they
    are offline), otherwise the status the agent chose."""
    if replying and status != "offline":
        return "on_contact"
    return status


def _handle_times(session: Session, agent_ids: Sequence[uuid.UUID], start: datetime, now: datetime) -> dict:
    """Average handle time today per agent: their work recorded today ÷ the tickets it was
    on (services/metrics.py's definition, abusive contacts left out); none recorded: absent."""
    from agentdesk.models import WorkSession
    from agentdesk.services.metrics import not_abusive

    if not agent_ids:
        return {}
    rows = session.execute(
        select(WorkSession.agent_id, func.sum(WorkSession.seconds), func.count(func.distinct(WorkSession.ticket_id)))
        .where(WorkSession.started_at >= start, WorkSession.started_at <= now, WorkSession.deleted.is_(False),
               WorkSession.agent_id.in_(list(agent_ids)), *not_abusive())
        .group_by(WorkSession.agent_id))
    return {agent: int(seconds) / tickets for agent, seconds, tickets in rows if tickets}


def snapshot(session: Session, viewer: Agent, *, now: datetime, tz: str | None = None,
             team_ids: Sequence[uuid.UUID] | None = None,
             presence: Mapping[uuid.UUID, tuple[uuid.UUID, str]] | None = None) -> Wallboard:
    """Everything the wallboard shows, in one read."""
    zone = zone_name(session, tz)
    teams = visible_teams(session, viewer, team_ids)
    ids = [tid for tid, _ in teams]
    cells = queue(session, ids, now)
    return Wallboard(at=now, tz=zone, teams=teams, queue=cells, today=today(session, ids, now, zone, cells),
                     agents=agents(session, ids, now, zone, presence), incidents=incidents(session, ids, now, zone))


def incidents(session: Session, team_ids: Sequence[uuid.UUID], now: datetime, tz: str) -> list:
    """Today's agent-protection incidents of these teams (warnings, ended contacts, breaks)."""
    from agentdesk.services import protection

    wanted = set(team_ids)
    return [i for i in protection.incidents_today(session, None if len(wanted) != 1 else next(iter(wanted)), now, tz)
            if i.team_id in wanted]
