"""Quality reviews (issue 13): a lead samples an agent's handled tickets, scores each on
the team's rubric with comments, and the agent reads their reviews and weekly trend.

The rules (rubric shape, scores, the score formula, who may review or read whom) are
agentdesk/review_rules.py, called here, by a team desk's capture and by the team server.
Everything returned is plain data, never live ORM objects; comments come back masked.

Sampling never scans the handled tickets. Per done status it counts the candidates from
an index (``ix_tickets_assignee_status_updated`` for an agent, ``ix_tickets_team_status_
updated`` for a team, ``ix_tickets_status_updated`` for everything), then draws random
positions in that order (``random.Random(seed)``: the same seed on the same data draws the
same tickets) and reads each as ``ORDER BY updated_at, number LIMIT 1 OFFSET k``, which
walks the index alone (the number is in it) without touching the table. Drawn tickets are
then checked in one query each batch (an assignee in scope, not merged, not reviewed yet,
not an abusive contact, the channel asked for). Up to SMALL candidates are simply read
in full from the index and shuffled. Figures: benchmarks/bench_reviews.py.
"""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from agentdesk import review_rules as rr
from agentdesk.models import (
    DONE_STATUSES,
    Agent,
    QualityReview,
    Rubric,
    Team,
    Ticket,
    TicketTag,
    utcnow,
)
from agentdesk.services.common import InvalidValue, NotAllowed, NotFound, audit, find_agent, get_setting, parse_uuid
from agentdesk.services.pii import mask_pii

SAMPLE_MAX = 50
SMALL = 2000  # candidates read in full and shuffled; above this, random index positions
WALK_COST = 2  # a ranked walk costs about two OFFSET skips an index entry (SQLite, 200,000 tickets)
DRAWS_PER_PICK = 20  # a draw that fails the checks costs one more; bounded, so a rare filter ends
DEFAULT_TZ = "Asia/Seoul"
LIST_MAX = 500


@dataclass(frozen=True)
class RubricRow:
    id: uuid.UUID
    team_id: uuid.UUID | None
    name: str
    items: list[rr.RubricItem]
    active: bool


@dataclass(frozen=True)
class SampleRow:
    ticket_id: uuid.UUID
    number: int
    subject: str  # masked
    channel: str
    status: str
    solved_at: datetime | None
    agent_id: uuid.UUID
    agent_name: str


@dataclass(frozen=True)
class ReviewRow:
    id: uuid.UUID
    ticket_id: uuid.UUID
    ticket_number: int
    ticket_subject: str  # masked
    agent_id: uuid.UUID
    agent_name: str
    reviewer_id: uuid.UUID
    reviewer_name: str
    team_id: uuid.UUID | None
    rubric_id: uuid.UUID
    rubric_name: str
    items: list[rr.RubricItem]  # the rubric's items ([] if it can no longer be read)
    scores: dict[str, int]
    comments: dict[str, str]  # masked
    comment: str  # masked
    score: float
    failed: bool
    created_at: datetime


@dataclass(frozen=True)
class WeekPoint:
    start: date  # the Monday of the week, in the zone asked for
    count: int
    average: float | None  # None: no review that week


@dataclass(frozen=True)
class AgentSummary:
    agent_id: uuid.UUID
    name: str
    count: int
    average: float | None
    failed: int


@dataclass(frozen=True)
class TeamSummary:
    team_id: uuid.UUID
    start: datetime
    end: datetime
    count: int
    average: float | None
    failed: int
    agents: list[AgentSummary]
    item_rates: dict[str, float]  # item key → average share of its maximum points (0–1)


# --- who ---------------------------------------------------------------------------------------
def _as_agent(session: Session, agent) -> Agent:
    if isinstance(agent, Agent):
        return agent
    if isinstance(agent, uuid.UUID):
        found = session.get(Agent, agent)
        if found is None or found.deleted:
            raise NotFound(code="agent.not_found", ref=agent)
        return found
    return find_agent(session, str(agent))


def _team_id(session: Session, ref) -> uuid.UUID:
    if isinstance(ref, uuid.UUID):
        return ref
    u = parse_uuid(str(ref))
    found = session.scalar(select(Team.id).where((Team.id == u) if u else (Team.name == str(ref)), Team.deleted.is_(False)))
    if found is None:
        raise NotFound(code="review.team_not_found", ref=ref)
    return found


def _rule(check) -> None:
    """A review rule's refusal as the services say it: NotAllowed for who may, InvalidValue for what."""
    try:
        check()
    except rr.ReviewNotAllowed as exc:
        raise NotAllowed.like(exc) from None
    except rr.ReviewError as exc:
        raise InvalidValue.like(exc) from None


def _checked(fn, *args):
    try:
        return fn(*args)
    except rr.ReviewError as exc:
        raise InvalidValue.like(exc) from None


# --- rubrics -----------------------------------------------------------------------------------
def _rubric_row(r: Rubric) -> RubricRow:
    return RubricRow(r.id, r.team_id, r.name, _checked(rr.parse_items, r.items), bool(r.active))


def rubric_for(session: Session, team_id: uuid.UUID | None) -> RubricRow:
    """The rubric a review of this team uses: the team's active one, else the workspace's."""
    for team in ((team_id, None) if team_id is not None else (None,)):
        found = session.scalar(select(Rubric).where(Rubric.team_id.is_(None) if team is None else Rubric.team_id == team,
                                                    Rubric.active.is_(True), Rubric.deleted.is_(False))
                               .order_by(Rubric.updated_at.desc(), Rubric.id).limit(1))
        if found is not None:
            return _rubric_row(found)
    raise NotFound(code="review.no_rubric")


def rubric_for_ticket(session: Session, ticket_ref) -> RubricRow:
    """The rubric a review of this ticket uses: its assignee's team's, else the default."""
    from agentdesk.services.tickets import resolve_ticket

    t = resolve_ticket(session, ticket_ref)
    team = session.scalar(select(Agent.team_id).where(Agent.id == t.assignee_id)) if t.assignee_id else None
    return rubric_for(session, team)


def get_rubric(session: Session, rubric_id: uuid.UUID) -> RubricRow:
    r = session.get(Rubric, rubric_id)
    if r is None or r.deleted:
        raise NotFound(code="review.rubric_not_found", ref=rubric_id)
    return _rubric_row(r)


def save_rubric(session: Session, actor, *, name: str, items: list, team_id: uuid.UUID | None = None,
                rubric_id: uuid.UUID | None = None, active: bool = True, now: datetime | None = None) -> RubricRow:
    """Creates or changes a rubric (a lead: their team's; an admin: any, or the default with
    no team). The items of a rubric that has reviews are fixed (their scores refer to them):
    such a change is refused, to be saved as a new rubric."""
    me = _as_agent(session, actor)
    now = now or utcnow()
    checked_name, checked = _checked(rr.check_rubric, name, items)
    stored = [i.to_json() for i in checked]
    r = session.get(Rubric, rubric_id) if rubric_id is not None else None
    if r is not None and not r.deleted:
        _rule(lambda: rr.check_rubric_write(rr.Actor.of(me), r.team_id))
        team_id = r.team_id
        if r.items != stored and session.scalar(select(QualityReview.id).where(QualityReview.rubric_id == r.id).limit(1)):
            raise InvalidValue(code="review.rubric_in_use", name=r.name)
    else:
        if team_id is None and me.role != "admin":
            team_id = me.team_id
        _rule(lambda: rr.check_rubric_write(rr.Actor.of(me), team_id))
    if r is None:
        r = Rubric(id=rubric_id or uuid.uuid4(), team_id=team_id, name=checked_name, items=stored, active=active,
                   updated_at=now)
        session.add(r)
        session.flush()
        audit(session, me, "rubric", r.id, "create", {"name": (None, checked_name)}, at=now)
    else:
        changes = {k: pair for k, pair in (("name", (r.name, checked_name)), ("items", ("…", "…") if r.items != stored
                                                                              else (None, None)),
                                           ("active", (r.active, active))) if pair[0] != pair[1]}
        r.name, r.items, r.active, r.deleted, r.updated_at = checked_name, stored, active, False, now
        session.flush()
        if changes:
            audit(session, me, "rubric", r.id, "update", changes, at=now)
    return _rubric_row(r)


# --- sampling ----------------------------------------------------------------------------------
def _scope(session: Session, me: Agent, team, agent) -> tuple[Agent | None, uuid.UUID | None]:
    """(the agent sampled, the team sampled): a lead's own team only; an admin anyone's."""
    actor = rr.Actor.of(me)
    if actor.role not in rr.LEAD_ROLES:
        raise NotAllowed(code="review.leads_only")
    who = _as_agent(session, agent) if agent is not None else None
    team_id = _team_id(session, team) if team is not None else None
    if who is not None:
        if who.id == me.id:
            raise NotAllowed(code="review.not_yourself")
        if actor.role != "admin" and who.team_id != me.team_id:
            raise NotAllowed(code="review.own_team_only")
        if team_id is not None and who.team_id != team_id:
            raise NotAllowed(code="review.own_team_only")
        return who, who.team_id
    if team_id is None and actor.role != "admin":
        team_id = me.team_id
    if actor.role != "admin" and (team_id is None or team_id != me.team_id):
        raise NotAllowed(code="review.own_team_only")
    return None, team_id


def _partitions(session: Session, who: Agent | None, team_id: uuid.UUID | None, since: datetime | None,
                channel: str | None = None):
    """[(status, conditions, count)] of the handled tickets in scope, each counted from its index.

    With a channel and no agent, the channel's index is walked (``ix_tickets_channel_
    updated``) and the team is checked per draw: no index holds team and channel, and a
    channel filter on the team's index would reject most draws (measured: 0.5 s for one
    SMS ticket out of 100 draws on 200,000 tickets). One agent's tickets are few enough to
    filter by channel on their own index."""
    out = []
    for status in DONE_STATUSES:
        cond = [Ticket.status == status, Ticket.deleted.is_(False)]
        if who is not None:
            cond.append(Ticket.assignee_id == who.id)
            if channel:
                cond.append(Ticket.channel == channel)
        elif channel:
            cond.append(Ticket.channel == channel)
        elif team_id is not None:
            cond.append(Ticket.team_id == team_id)
        if since is not None:
            # updated_at >= solved_at always (solving writes the row): an index range that
            # holds every ticket solved since then; solved_at itself is checked per pick.
            cond.append(Ticket.updated_at >= since)
        n = session.scalar(select(func.count()).select_from(Ticket).where(*cond)) or 0
        out.append((status, cond, n))
    return out


def _position_stmt(cond, k: int):
    """The ticket number at position ``k`` of a partition, walked on its index alone."""
    return select(Ticket.number).where(*cond).order_by(Ticket.updated_at, Ticket.number).offset(k).limit(1)


def _numbers_at(session: Session, parts, positions: list[int]) -> dict[int, int]:
    """{position: ticket number} of positions across the partitions. Each position is an
    OFFSET seek (it walks k index entries), unless the seeks of a partition would walk more
    than WALK_COST times its furthest position: then one walk ranks them all (row_number()
    over the index order, about WALK_COST times dearer an entry than OFFSET's skipping)."""
    out: dict[int, int] = {}
    base = 0
    for _status, cond, count in parts:
        mine = sorted(k - base for k in positions if base <= k < base + count)
        base += count
        if not mine:
            continue
        if sum(mine) <= WALK_COST * mine[-1]:
            for k in mine:  # a few seeks walk fewer index entries than one ranked walk
                number = session.scalar(_position_stmt(cond, k))
                if number is not None:
                    out[k + base - count] = number
            continue
        ranked = (select(Ticket.number, (func.row_number().over(order_by=(Ticket.updated_at, Ticket.number)) - 1)
                         .label("k")).where(*cond).limit(mine[-1] + 1).subquery())
        for number, k in session.execute(select(ranked.c.number, ranked.c.k).where(ranked.c.k.in_(mine))):
            out[int(k) + base - count] = number
    return out


def _eligible(session: Session, me: Agent, numbers: list[int], who: Agent | None, team_id: uuid.UUID | None,
              since: datetime | None, channel: str | None) -> dict[int, SampleRow]:
    """The drawn tickets that may be reviewed, by number (one query for a batch of draws)."""
    reviewed = select(QualityReview.id).where(QualityReview.ticket_id == Ticket.id).exists()
    # Contacts the agent-protection feature tagged abusive: never sampled, so they never
    # weigh on the agent's quality scores (Occupational Safety and Health Act art. 41).
    protected = select(TicketTag.id).where(TicketTag.ticket_id == Ticket.id, TicketTag.tag == rr.PROTECTED_TAG,
                                           TicketTag.deleted.is_(False)).exists()
    stmt = (select(Ticket.id, Ticket.number, Ticket.subject, Ticket.channel, Ticket.status, Ticket.solved_at,
                   Agent.id, Agent.name)
            .join(Agent, Agent.id == Ticket.assignee_id)
            .where(Ticket.number.in_(numbers), Ticket.merged_into_id.is_(None), Agent.id != me.id,
                   Agent.deleted.is_(False), ~reviewed, ~protected))
    if who is not None:
        stmt = stmt.where(Agent.id == who.id)
    elif team_id is not None:
        stmt = stmt.where(Agent.team_id == team_id)
    if since is not None:
        stmt = stmt.where(Ticket.solved_at >= since)
    if channel:
        stmt = stmt.where(Ticket.channel == channel)
    return {r[1]: SampleRow(r[0], r[1], mask_pii(r[2]), r[3], r[4], r[5], r[6], r[7]) for r in session.execute(stmt)}


def sample(session: Session, actor, team=None, agent=None, n: int = 5, since: datetime | None = None, *,
           channel: str | None = None, seed: int | None = None) -> list[SampleRow]:
    """Up to ``n`` handled (solved or closed) tickets not yet reviewed, drawn at random from
    the agent's (or the team's) tickets; the same ``seed`` draws the same tickets from the
    same data. See the module docstring for how it stays off a full scan."""
    me = _as_agent(session, actor)
    if not isinstance(n, int) or not 1 <= n <= SAMPLE_MAX:
        raise InvalidValue(code="review.sample_size", most=SAMPLE_MAX)
    who, team_id = _scope(session, me, team, agent)
    parts = [p for p in _partitions(session, who, team_id, since, channel) if p[2]]
    total = sum(p[2] for p in parts)
    rng = random.Random(seed)
    picked: dict[int, SampleRow] = {}
    order: list[int] = []

    def take(numbers: list[int]) -> None:
        found = _eligible(session, me, numbers, who, team_id, since, channel)
        for number in numbers:
            if number in found and number not in picked and len(picked) < n:
                picked[number] = found[number]
                order.append(number)

    if total <= SMALL:
        numbers = [num for _status, cond, _n in parts for num in session.scalars(
            select(Ticket.number).where(*cond).order_by(Ticket.updated_at, Ticket.number))]
        rng.shuffle(numbers)
        for k in range(0, len(numbers), 200):
            take(numbers[k:k + 200])
            if len(picked) >= n:
                break
    else:
        drawn: set[int] = set()
        budget = DRAWS_PER_PICK * n
        while len(picked) < n and budget > 0 and len(drawn) < total:
            positions: list[int] = []  # in the order drawn: the order the sample keeps
            for _ in range(min(budget, 2 * (n - len(picked)))):
                k = rng.randrange(total)
                if k not in drawn:
                    drawn.add(k)
                    positions.append(k)
            budget -= max(len(positions), 1)
            found = _numbers_at(session, parts, positions)
            batch = [found[k] for k in positions if k in found]
            if batch:
                take(batch)
    return [picked[num] for num in order]


# --- saving a review ----------------------------------------------------------------------------
def handled_of(session: Session, t: Ticket) -> rr.Handled:
    """What review_rules.check_review reads of a ticket and its assignee."""
    if t.assignee_id is None:
        raise InvalidValue(code="review.no_assignee", number=t.number)
    agent_team = session.scalar(select(Agent.team_id).where(Agent.id == t.assignee_id))
    tags = frozenset(session.scalars(select(TicketTag.tag).where(TicketTag.ticket_id == t.id,
                                                                 TicketTag.deleted.is_(False))))
    return rr.Handled(number=t.number, status=t.status, deleted=bool(t.deleted), merged=t.merged_into_id is not None,
                      assignee_id=t.assignee_id, ticket_team_id=t.team_id, tags=tags, agent_id=t.assignee_id,
                      agent_team_id=agent_team)


def check_may_review(session: Session, actor, ticket_ref) -> tuple[Ticket, rr.Handled]:
    """The ticket and what the rule read of it, if ``actor`` may review it; the refusal
    otherwise (the review dialog asks first, so a lead is told before scoring)."""
    from agentdesk.services.tickets import resolve_ticket

    me = _as_agent(session, actor)
    t = resolve_ticket(session, ticket_ref)
    if me.role not in rr.LEAD_ROLES:
        raise NotAllowed(code="review.leads_only")
    handled = handled_of(session, t)
    _rule(lambda: rr.check_review(rr.Actor.of(me), handled))
    return t, handled


def save_review(session: Session, actor, ticket_id, scores: dict, comments: dict | None = None,
                now: datetime | None = None, *, comment: str = "", rubric_id: uuid.UUID | None = None) -> ReviewRow:
    """Records a lead's review of a handled ticket of the agent who handled it (its
    assignee), on the team's rubric (or ``rubric_id``). The score is computed here from the
    points (review_rules.score_of). Refused with one line: not a lead of that agent's team,
    one's own ticket, a ticket not handled or already reviewed, scores that do not fit."""
    me = _as_agent(session, actor)
    now = now or utcnow()
    t, handled = check_may_review(session, me, ticket_id)
    rubric = get_rubric(session, rubric_id) if rubric_id is not None else rubric_for(session, handled.agent_team_id)
    if not rubric.active:
        raise InvalidValue(code="review.rubric_inactive", name=rubric.name)
    checked = _checked(rr.check_scores, rubric.items, scores)
    notes, overall = _checked(rr.check_comments, rubric.items, comments, comment)
    if session.scalar(select(QualityReview.id).where(QualityReview.ticket_id == t.id)) is not None:
        raise InvalidValue(code="review.already_reviewed", number=t.number)
    outcome = rr.score_of(rubric.items, checked)
    review = QualityReview(id=uuid.uuid4(), ticket_id=t.id, agent_id=handled.agent_id, reviewer_id=me.id,
                           team_id=handled.agent_team_id, rubric_id=rubric.id, scores=checked, comments=notes,
                           comment=overall, score=outcome.score, failed=outcome.failed, created_at=now, updated_at=now)
    session.add(review)
    session.flush()
    audit(session, me, "quality_review", review.id, "create",
          {"ticket": (None, t.number), "score": (None, outcome.score), "failed": (None, outcome.failed)}, at=now)
    return _rows(session, [review.id])[0]


# --- reading -----------------------------------------------------------------------------------
def _rows(session: Session, ids: list[uuid.UUID] | None = None, stmt=None) -> list[ReviewRow]:
    agent, reviewer = aliased(Agent), aliased(Agent)
    q = (select(QualityReview, Ticket.number, Ticket.subject, agent.name, reviewer.name, Rubric.name, Rubric.items)
         .join(Ticket, Ticket.id == QualityReview.ticket_id)
         .join(agent, agent.id == QualityReview.agent_id)
         .join(reviewer, reviewer.id == QualityReview.reviewer_id)
         .join(Rubric, Rubric.id == QualityReview.rubric_id))
    q = q.where(QualityReview.id.in_(ids)) if ids is not None else stmt(q)
    out = []
    for r, number, subject, agent_name, reviewer_name, rubric_name, items in session.execute(q):
        try:
            parsed = rr.parse_items(items)
        except rr.ReviewError:
            parsed = []  # a rubric this desk cannot read: the review still lists, by item key
        out.append(ReviewRow(
            r.id, r.ticket_id, number, mask_pii(subject), r.agent_id, agent_name, r.reviewer_id, reviewer_name,
            r.team_id, r.rubric_id, rubric_name, parsed, {str(k): int(v) for k, v in (r.scores or {}).items()},
            {str(k): mask_pii(str(v)) for k, v in (r.comments or {}).items()}, mask_pii(r.comment or ""),
            float(r.score), bool(r.failed), r.created_at))
    return out


def _visible_to(session: Session, viewer: Agent, who: Agent):
    """The condition on reviews of ``who`` that ``viewer`` may read (review_rules.can_see_review)."""
    actor = rr.Actor.of(viewer)
    if actor.role == "admin" or viewer.id == who.id:
        return QualityReview.agent_id == who.id
    if actor.role == "lead" and viewer.team_id is not None and viewer.team_id == who.team_id:
        # Only what was reviewed in the lead's team (an agent who moved keeps their old team's to themselves).
        return (QualityReview.agent_id == who.id) & (QualityReview.team_id == viewer.team_id)
    raise NotAllowed(code="review.not_visible", name=who.name)


def reviews_for_agent(session: Session, agent, limit: int = 50, *, viewer=None) -> list[ReviewRow]:
    """The agent's reviews, newest first. ``viewer`` (default: the agent) must be the
    agent, a lead of the team the review was made in, or an admin."""
    who = _as_agent(session, agent)
    me = _as_agent(session, viewer) if viewer is not None else who
    cond = _visible_to(session, me, who)
    limit = max(1, min(int(limit), LIST_MAX))
    return _rows(session, stmt=lambda q: q.where(cond, QualityReview.deleted.is_(False))
                 .order_by(QualityReview.created_at.desc(), QualityReview.id).limit(limit))


def reviews_of_team(session: Session, viewer, team=None, limit: int = 50) -> list[ReviewRow]:
    """A lead's team's reviews (an admin: any team's, or every team's), newest first."""
    me = _as_agent(session, viewer)
    if me.role not in rr.LEAD_ROLES:
        raise NotAllowed(code="review.leads_only")
    team_id = _team_id(session, team) if team is not None else (me.team_id if me.role != "admin" else None)
    if me.role != "admin" and team_id != me.team_id:
        raise NotAllowed(code="review.own_team_only")
    limit = max(1, min(int(limit), LIST_MAX))

    def where(q):
        q = q.where(QualityReview.deleted.is_(False))
        if team_id is not None:
            q = q.where(QualityReview.team_id == team_id)
        return q.order_by(QualityReview.created_at.desc(), QualityReview.id).limit(limit)
    return _rows(session, stmt=where)


def _zone(session: Session, tz: str | None) -> ZoneInfo:
    name = tz or get_setting(session, "time_zone") or DEFAULT_TZ
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidValue(code="followup.unknown_zone", zone=name) from exc


def trend(session: Session, agent, weeks: int = 12, tz: str | None = None, now: datetime | None = None, *,
          viewer=None) -> list[WeekPoint]:
    """Average score and count of the agent's reviews per week (Monday to Sunday in ``tz``,
    default the workspace's zone), the last ``weeks`` weeks, oldest first; a week without
    reviews has average None. Read from the (agent, created_at) index."""
    who = _as_agent(session, agent)
    me = _as_agent(session, viewer) if viewer is not None else who
    cond = _visible_to(session, me, who)
    weeks = max(1, min(int(weeks), 104))
    zone = _zone(session, tz)
    today = (now or utcnow()).astimezone(zone).date()
    first = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)
    start = datetime.combine(first, time(0), zone)
    sums: dict[date, list[float]] = defaultdict(list)
    for created, score in session.execute(select(QualityReview.created_at, QualityReview.score).where(
            cond, QualityReview.created_at >= start, QualityReview.deleted.is_(False))):
        day = created.astimezone(zone).date()
        sums[day - timedelta(days=day.weekday())].append(float(score))
    out = []
    for k in range(weeks):
        monday = first + timedelta(weeks=k)
        got = sums.get(monday, [])
        out.append(WeekPoint(monday, len(got), round(sum(got) / len(got), 1) if got else None))
    return out


def team_summary(session: Session, team, start: datetime, end: datetime, *, viewer=None) -> TeamSummary:
    """The team's reviews made in [start, end): count, average, failed, per agent, and each
    rubric item's average share of its maximum. Read from the (team, created_at) index."""
    team_id = _team_id(session, team)
    if viewer is not None:
        me = _as_agent(session, viewer)
        if me.role != "admin" and (me.role != "lead" or me.team_id != team_id):
            raise NotAllowed(code="review.own_team_only")
    rows = session.execute(
        select(QualityReview.agent_id, Agent.name, QualityReview.score, QualityReview.failed, QualityReview.scores,
               Rubric.items)
        .join(Agent, Agent.id == QualityReview.agent_id).join(Rubric, Rubric.id == QualityReview.rubric_id)
        .where(QualityReview.team_id == team_id, QualityReview.created_at >= start, QualityReview.created_at < end,
               QualityReview.deleted.is_(False))).all()
    per_agent: dict[uuid.UUID, list] = {}
    shares: dict[str, list[float]] = defaultdict(list)
    maxima: dict[str, int] = {}
    for agent_id, name, score, failed, scores, items in rows:
        entry = per_agent.setdefault(agent_id, [name, [], 0])
        entry[1].append(float(score))
        entry[2] += bool(failed)
        if not isinstance(items, list):
            continue
        for item in items:
            key = item.get("key") if isinstance(item, dict) else None
            if isinstance(key, str) and key in (scores or {}) and isinstance(item.get("max_points"), int) \
                    and item["max_points"] > 0:
                maxima[key] = item["max_points"]
                shares[key].append(int(scores[key]) / item["max_points"])
    agents = sorted((AgentSummary(aid, name, len(s), round(sum(s) / len(s), 1), f)
                     for aid, (name, s, f) in per_agent.items()), key=lambda a: (a.name, str(a.agent_id)))
    all_scores = [x for _n, s, _f in per_agent.values() for x in s]
    return TeamSummary(team_id, start, end, len(all_scores),
                       round(sum(all_scores) / len(all_scores), 1) if all_scores else None,
                       sum(a.failed for a in agents), agents,
                       {k: round(sum(v) / len(v), 3) for k, v in shares.items()})
