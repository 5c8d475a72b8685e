"""Routing and priority rules as services (issue 13): a team's rule set, agents' capacity
and skills, routing a new ticket and the age rules, for the supervisor view and
`agentdesk routing`. The rules themselves are agentdesk/routing.py's.

Where the automatic part runs: on an embedded workspace here (intake.create_ticket calls
``route_new_ticket``; the desk schedules ``escalate_aged``). In a team workspace only on
the team server (server/routing.py), which reuses ``plan_route`` below in the
``ticket.create`` handler's transaction; on a replica these two do nothing, so a desk
never assigns by rule itself. Saving rules and profiles works on both: on a replica the
capture queues ``routing.save`` / ``agent.profile`` for the server to check again.

``plan_route`` and ``load_*`` take a SQLAlchemy Connection (Core, no ORM), so the server's
handler and these services read the same rows the same way.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, func, select, update
from sqlalchemy.orm import Session, attributes

from agentdesk import routing, rules
from agentdesk.models import (
    WORKING_STATUSES,
    Agent,
    AuditEntry,
    Base,
    Customer,
    RoutingRules,
    Team,
    Ticket,
    utcnow,
)
from agentdesk.routing import Candidate, RoutingMode, RuleSet, TicketFacts
from agentdesk.services.common import InvalidValue, NotAllowed, NotFound, audit, batch_read, find_agent, parse_uuid
from agentdesk.sync.protocol import SESSION_REPLICA_KEY

T = Base.metadata.tables
# Who routing gives tickets to: the team's agents (leads and trainers are not in the queue).
ROUTABLE_ROLES = ("agent",)
ESCALATION_BATCH = 500  # tickets one age check raises at most (the next run takes the rest)


def is_replica(session: Session) -> bool:
    """A team desk's replica (sync/capture.py marks its sessions)."""
    return bool(session.info.get(SESSION_REPLICA_KEY))


# --- reads shared with the team server (Core) ---------------------------------------------
def load_rule_set(conn: Connection, team_id: uuid.UUID | None) -> RuleSet | None:
    """The team's stored rule set, or None when the team has none (nothing is automatic)."""
    if team_id is None:
        return None
    rr = T["routing_rules"]
    row = conn.execute(select(rr.c.mode, rr.c.priority_rules).where(rr.c.team_id == team_id,
                                                                    rr.c.deleted.is_(False))).first()
    return None if row is None else routing.read_rule_set(row.mode, row.priority_rules)


def load_candidates(conn: Connection, team_id: uuid.UUID) -> list[Candidate]:
    """The team's routable agents with their open tickets (new and open, by the
    (assignee_id, status, …) index), capacity and skills, in login order."""
    agents = T["agents"]
    rows = conn.execute(select(agents.c.id, agents.c.login, agents.c.status, agents.c.capacity, agents.c.skills)
                        .where(agents.c.team_id == team_id, agents.c.deleted.is_(False),
                               agents.c.role.in_(ROUTABLE_ROLES)).order_by(agents.c.login)).all()
    if not rows:
        return []
    counts = {a: n for a, n in conn.execute(open_counts_statement([r.id for r in rows]))}
    return [Candidate(r.id, r.status, int(counts.get(r.id, 0)), int(r.capacity or 0), routing.read_skills(r.skills),
                      order=r.login) for r in rows]


def open_counts_statement(agent_ids: list[uuid.UUID]):
    """(assignee_id, open tickets) of these agents, from the (assignee_id, status, …) index."""
    tickets = T["tickets"]
    return (select(tickets.c.assignee_id, func.count())
            .where(tickets.c.assignee_id.in_(agent_ids), tickets.c.status.in_(WORKING_STATUSES),
                   tickets.c.deleted.is_(False)).group_by(tickets.c.assignee_id))


def ticket_facts(conn: Connection, ticket_id: uuid.UUID, first_message: str | None = None) -> TicketFacts:
    """What the rules read of a ticket: its own fields, the customer's tier and language,
    and the first message (given, or the earliest one stored)."""
    tickets, customers, messages = T["tickets"], T["customers"], T["messages"]
    t = conn.execute(select(tickets.c.channel, tickets.c.priority, tickets.c.category, tickets.c.subject,
                            tickets.c.created_at, tickets.c.first_response_at, customers.c.vip_tier,
                            customers.c.language)
                     .outerjoin(customers, customers.c.id == tickets.c.customer_id)
                     .where(tickets.c.id == ticket_id)).one()
    if first_message is None:
        first_message = conn.execute(select(messages.c.body).where(messages.c.ticket_id == ticket_id)
                                     .order_by(messages.c.created_at).limit(1)).scalar() or ""
    return TicketFacts(channel=t.channel, priority=t.priority, language=t.language or "", category=t.category or "",
                       vip_tier=t.vip_tier or "standard", subject=t.subject or "", first_message=first_message,
                       created_at=t.created_at, first_response_at=t.first_response_at)


def _insert_ignore(conn: Connection, table, values: dict):
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
    return conn.execute(insert(table).values(**values).on_conflict_do_nothing())


def _locked_pointer(conn: Connection, team_id: uuid.UUID, now: datetime) -> uuid.UUID | None:
    """The team's round-robin pointer, its row locked to the end of the transaction (on
    PostgreSQL; SQLite has one writer anyway): two new tickets of one team are routed one
    after the other, the second from the pointer the first moved."""
    state = T["routing_state"]
    _insert_ignore(conn, state, {"team_id": team_id, "last_assigned_agent_id": None, "updated_at": now})
    return conn.execute(select(state.c.last_assigned_agent_id).where(state.c.team_id == team_id)
                        .with_for_update()).scalar()


def move_pointer(conn: Connection, team_id: uuid.UUID, agent_id: uuid.UUID, now: datetime) -> None:
    state = T["routing_state"]
    conn.execute(update(state).where(state.c.team_id == team_id).values(last_assigned_agent_id=agent_id,
                                                                         updated_at=now))


@dataclass(frozen=True)
class RoutePlan:
    """What the rules decide for a new ticket; the caller writes it (and its audit)."""

    priority: str  # the ticket's priority after the priority rules (never lower)
    priority_rule: str | None  # the rule that raised it ("keyword:분실"), or None
    assignee_id: uuid.UUID | None  # who routing gives it to, or None (manual, nobody free, assigned already)
    assignee_rule: str | None  # "routing:round_robin", …; None when nobody was chosen
    reason: str  # choose_assignee's reason ("manual", "none_available", …)


def plan_route(conn: Connection, team_id: uuid.UUID | None, facts: TicketFacts, *, unassigned: bool,
               now: datetime, rule_set: RuleSet | None = None) -> RoutePlan | None:
    """The team's rules applied to a new ticket: its priority by the VIP, keyword and
    channel rules, and, when it arrived unassigned, its assignee by the team's mode (the
    pointer locked and moved). None when the team has no rule set. ``rule_set``: the
    team's, when the caller has it already (None: read here)."""
    if rule_set is None:
        rule_set = load_rule_set(conn, team_id)
    if rule_set is None or team_id is None:
        return None
    priority, fired = routing.apply_priority_rules(rule_set.priority_rules, facts)
    assignee, reason = None, "assigned" if not unassigned else str(rule_set.mode)
    if unassigned and rule_set.mode != RoutingMode.MANUAL:
        last = _locked_pointer(conn, team_id, now)
        assignee, reason = routing.choose_assignee(rule_set.mode, facts, load_candidates(conn, team_id), last)
        if assignee is not None:
            move_pointer(conn, team_id, assignee, now)
    return RoutePlan(priority, fired, assignee, f"routing:{rule_set.mode}" if assignee is not None else None, reason)


def route_audits(plan: RoutePlan, old_priority: str, assignee_login: str | None) -> list[tuple[str, dict]]:
    """(label, changes) of the audit entries a plan makes, each naming its rule."""
    out: list[tuple[str, dict]] = []
    if plan.priority_rule is not None and plan.priority != old_priority:
        out.append(("priority", routing.rule_label_change(old_priority, plan.priority, plan.priority_rule)))
    if plan.assignee_id is not None and plan.assignee_rule is not None:
        out.append(("assign", {"assignee": (None, assignee_login), "rule": (None, plan.assignee_rule)}))
    return out


# --- the embedded workspace: routing a new ticket, the age rules ---------------------------
@dataclass(frozen=True)
class Routed:
    priority: str
    priority_rule: str | None
    assignee_id: uuid.UUID | None
    assignee_rule: str | None


def route_new_ticket(session: Session, actor: Agent | None, ticket: Ticket, first_message: str,
                     now: datetime | None = None) -> Routed | None:
    """Applies the team's rules to a ticket just created in this transaction (flushed):
    raises its priority, assigns it if it came unassigned, moves the pointer, and audits
    each action with its rule. On a team desk's replica: nothing (the server routes).
    ``actor`` is who created the ticket (kept for the signature the server mirrors)."""
    if is_replica(session) or ticket.team_id is None:
        return None
    now = now or utcnow()
    conn = session.connection()
    # Read once per batch of the gateway's sinks (services/common.batch_read), else each time.
    team_id = ticket.team_id
    rule_set = batch_read(session, ("routing_rules", team_id), lambda: load_rule_set(conn, team_id))
    if rule_set is None:
        return None
    facts = TicketFacts(channel=ticket.channel, priority=ticket.priority, category=ticket.category or "",
                        subject=ticket.subject, first_message=first_message, created_at=ticket.created_at)
    if ticket.customer_id is not None:
        c = session.get(Customer, ticket.customer_id)
        if c is not None:
            facts = replace(facts, vip_tier=c.vip_tier or "standard", language=c.language or "")
    plan = plan_route(conn, ticket.team_id, facts, unassigned=ticket.assignee_id is None, now=now,
                      rule_set=rule_set)
    if plan is None:
        return None
    old = ticket.priority
    changes: dict = {}
    if plan.priority != old:
        changes["priority"] = plan.priority
    if plan.assignee_id is not None:
        changes["assignee_id"] = plan.assignee_id
    if changes:
        values = rules.ticket_update(rules.TicketState.of(ticket), changes, now)
        for name, value in values.items():
            setattr(ticket, name, value)
        attributes.flag_modified(ticket, "updated_at")  # the service's now, not the clock's (onupdate)
    login = session.get(Agent, plan.assignee_id).login if plan.assignee_id is not None else None  # type: ignore[union-attr]
    for _label, entry in route_audits(plan, old, login):
        # No actor: the rule did it (the team server must name the creating agent instead,
        # whose request it is: the audit trail's policy takes no other name).
        audit(session, None, "ticket", ticket.id, "update", entry, at=now)
    return Routed(plan.priority, plan.priority_rule, plan.assignee_id, plan.assignee_rule)


@dataclass(frozen=True)
class Escalation:
    ticket_id: uuid.UUID
    number: int
    old: str
    new: str
    rule: str


def aged_statement(team_id: uuid.UUID, rule: routing.PriorityRule, now: datetime, limit: int):
    """Tickets of the team the age rule may raise: waiting (new or open) with no first
    response, older than its minutes, not already urgent, not raised by it before. Read
    by the (team_id, status, updated_at, …) index: the team's working tickets, never the
    table. No ORDER BY on purpose: ordering by age made the planner walk every ticket by
    creation time instead; a run takes at most ``limit`` and the next run the rest."""
    tickets, esc = T["tickets"], T["routing_escalations"]
    done = select(esc.c.ticket_id).where(esc.c.ticket_id == tickets.c.id, esc.c.rule == rule.label).exists()
    return (select(tickets.c.id, tickets.c.number, tickets.c.priority)
            .where(tickets.c.team_id == team_id, tickets.c.status.in_(WORKING_STATUSES), tickets.c.deleted.is_(False),
                   tickets.c.merged_into_id.is_(None), tickets.c.first_response_at.is_(None),
                   tickets.c.priority_rank > 0, tickets.c.created_at <= now - timedelta(minutes=rule.minutes), ~done)
            .limit(limit))


def aged_candidates(conn: Connection, team_id: uuid.UUID, rule: routing.PriorityRule, now: datetime,
                    limit: int) -> list[Any]:
    return list(conn.execute(aged_statement(team_id, rule, now, limit)).all())


def teams_with_age_rules(conn: Connection) -> list[tuple[uuid.UUID, RuleSet]]:
    rr = T["routing_rules"]
    out = []
    for row in conn.execute(select(rr.c.team_id, rr.c.mode, rr.c.priority_rules).where(rr.c.deleted.is_(False))):
        rule_set = routing.read_rule_set(row.mode, row.priority_rules)
        if rule_set.age_rules:
            out.append((row.team_id, rule_set))
    return out


def escalate_aged(session: Session, now: datetime | None = None, limit: int = ESCALATION_BATCH) -> list[Escalation]:
    """The age rules on this embedded workspace: each raises a waiting, unanswered ticket
    one step once it is older than its minutes, at most once per ticket and rule, audited
    with the rule. The desk runs it every minute or so (cheap when nothing is due). On a
    team desk's replica: nothing (the team server runs them)."""
    if is_replica(session):
        return []
    now = now or utcnow()
    conn = session.connection()
    out: list[Escalation] = []
    for team_id, rule_set in teams_with_age_rules(conn):
        for rule in sorted(rule_set.age_rules, key=lambda r: r.minutes):
            for row in aged_candidates(conn, team_id, rule, now, limit - len(out)):
                t = session.get(Ticket, row.id)
                if t is None:
                    continue
                new = routing.one_step_up(t.priority)
                values = rules.ticket_update(rules.TicketState.of(t), {"priority": new}, now)
                old = t.priority
                for name, value in values.items():
                    setattr(t, name, value)
                _insert_ignore(conn, T["routing_escalations"], {"ticket_id": t.id, "rule": rule.label, "at": now})
                audit(session, None, "ticket", t.id, "update", routing.rule_label_change(old, new, rule.label), at=now)
                out.append(Escalation(t.id, t.number, old, new, rule.label))
            if len(out) >= limit:
                return out
    session.flush()
    return out


# --- the rule set and profiles (the supervisor view, the CLI) -------------------------------
@dataclass(frozen=True)
class TeamRules:
    team_id: uuid.UUID
    team_name: str
    mode: str
    priority_rules: list[dict]
    stored: bool  # False: the team has none yet (these are the defaults an editor starts from)
    updated_by: str  # the login of who saved it last ("" when not stored)
    updated_at: datetime | None


def find_team(session: Session, ref: str | uuid.UUID | Team | None, actor: Agent | None = None) -> Team:
    """A team by name or id; None: the actor's own team."""
    if isinstance(ref, Team):
        return ref
    if ref is None or ref == "":
        team = session.get(Team, actor.team_id) if actor is not None and actor.team_id is not None else None
        if team is None:
            names = ", ".join(session.scalars(select(Team.name).where(Team.deleted.is_(False)).order_by(Team.name)))
            raise InvalidValue(code="routing.team_needed", names=names or "-")
        return team
    u = ref if isinstance(ref, uuid.UUID) else parse_uuid(str(ref))
    team = session.get(Team, u) if u is not None else session.scalar(
        select(Team).where(Team.name == str(ref), Team.deleted.is_(False)))
    if team is None or team.deleted:
        raise NotFound(code="routing.no_team", ref=str(ref))
    return team


def get_rules(session: Session, team: str | uuid.UUID | Team | None, actor: Agent | None = None) -> TeamRules:
    """The team's rule set (or the defaults, ``stored`` False, when it has none)."""
    team = find_team(session, team, actor)
    row = session.scalar(select(RoutingRules).where(RoutingRules.team_id == team.id, RoutingRules.deleted.is_(False)))
    if row is None:
        return TeamRules(team.id, team.name, str(RoutingMode.MANUAL), routing.default_priority_rules(), False, "", None)
    who = session.get(Agent, row.updated_by) if row.updated_by is not None else None
    return TeamRules(team.id, team.name, row.mode, list(row.priority_rules or []), True, who.login if who else "",
                     row.updated_at)


def save_rules(session: Session, actor: Agent, team: str | uuid.UUID | Team | None, mode: str,
               priority_rules: list | None, now: datetime | None = None) -> TeamRules:
    """Stores the team's mode and priority rules (a lead of the team, or an admin), validated
    and bounded by routing.check_rule_set; audited. In a team profile the capture queues
    ``routing.save`` and the server checks it all again."""
    now = now or utcnow()
    team = find_team(session, team, actor)
    try:
        routing.check_rules_write(actor.role, actor.team_id, team.id)
    except rules.RuleError as exc:
        raise NotAllowed.like(exc) from None
    try:
        checked = routing.check_rule_set(mode, priority_rules)
    except rules.RuleError as exc:
        raise InvalidValue.like(exc) from None
    row = session.get(RoutingRules, routing.rules_id(team.id))
    before = (row.mode, row.priority_rules) if row is not None and not row.deleted else (None, None)
    if row is None:
        row = RoutingRules(id=routing.rules_id(team.id), team_id=team.id)
        session.add(row)
    row.mode, row.priority_rules, row.updated_by, row.deleted, row.updated_at = (
        str(checked.mode), checked.rules_json(), actor.id, False, now)
    audit(session, actor, "routing_rules", row.id, "update" if before[0] is not None else "create",
          {"mode": (before[0], str(checked.mode)), "priority_rules": (len(before[1] or []), len(checked.priority_rules))},
          at=now)
    session.flush()
    return get_rules(session, team)


@dataclass(frozen=True)
class AgentProfile:
    id: uuid.UUID
    login: str
    name: str
    role: str
    status: str
    capacity: int
    skills: dict
    open_count: int  # new and open tickets assigned to them


def agent_profiles(session: Session, team: str | uuid.UUID | Team | None, actor: Agent | None = None) -> list[AgentProfile]:
    """The team's agents with capacity, skills and open tickets (the routing editor's list)."""
    team = find_team(session, team, actor)
    agents = session.scalars(select(Agent).where(Agent.team_id == team.id, Agent.deleted.is_(False))
                             .order_by(Agent.login)).all()
    counts = {a: n for a, n in session.execute(
        select(Ticket.assignee_id, func.count()).where(
            and_(Ticket.assignee_id.in_([a.id for a in agents]), Ticket.status.in_(WORKING_STATUSES),
                 Ticket.deleted.is_(False))).group_by(Ticket.assignee_id))} if agents else {}
    return [AgentProfile(a.id, a.login, a.name, a.role, a.status, a.capacity,
                         routing.read_skills(a.skills).to_json(), int(counts.get(a.id, 0))) for a in agents]


def set_agent_profile(session: Session, actor: Agent, agent: Agent | str, capacity: int | None = None,
                      skills: dict | None = None, now: datetime | None = None) -> AgentProfile:
    """An agent's capacity and skills: a lead of the agent's team or an admin; an agent may
    only lower their own capacity (routing.check_profile_write). Audited."""
    now = now or utcnow()
    target = find_agent(session, agent) if isinstance(agent, str) else agent
    try:
        new_capacity = routing.check_capacity(capacity) if capacity is not None else None
        new_skills = routing.check_skills(skills).to_json() if skills is not None else None
    except rules.RuleError as exc:
        raise InvalidValue.like(exc) from None
    old_skills = routing.read_skills(target.skills).to_json()
    skills_change = new_skills is not None and new_skills != old_skills
    capacity_change = new_capacity is not None and new_capacity != target.capacity
    try:
        routing.check_profile_write(actor.role, actor.id, actor.team_id, target.id, target.team_id, target.capacity,
                                    new_capacity if capacity_change else None, skills_change)
    except rules.RuleError as exc:
        raise NotAllowed.like(exc) from None
    changes: dict = {}
    if capacity_change:
        changes["capacity"] = (target.capacity, new_capacity)
        target.capacity = new_capacity  # type: ignore[assignment]
    if skills_change:
        changes["skills"] = (_skills_text(old_skills), _skills_text(new_skills or {}))
        target.skills = new_skills  # type: ignore[assignment]
    if changes:
        audit(session, actor, "agent", target.id, "profile", changes, at=now)
        session.flush()
    count = session.scalar(select(func.count()).select_from(Ticket).where(
        Ticket.assignee_id == target.id, Ticket.status.in_(WORKING_STATUSES), Ticket.deleted.is_(False))) or 0
    return AgentProfile(target.id, target.login, target.name, target.role, target.status, target.capacity,
                        routing.read_skills(target.skills).to_json(), int(count))


def _skills_text(skills: dict) -> str:
    """Skills as one audit value ("channels=chat,phone; languages=ko")."""
    return "; ".join(f"{k}={','.join(v)}" for k, v in skills.items() if v)


def routing_events(session: Session, ticket_id: uuid.UUID) -> list[tuple[datetime, dict]]:
    """The automatic actions on a ticket (audit entries naming a rule), oldest first."""
    rows = session.execute(select(AuditEntry.at, AuditEntry.changes).where(
        AuditEntry.entity_id == ticket_id, AuditEntry.entity == "ticket").order_by(AuditEntry.at)).all()
    return [(at, changes) for at, changes in rows if "rule" in (changes or {})]


__all__ = ["AgentProfile", "Escalation", "RoutePlan", "Routed", "TeamRules", "agent_profiles",
           "escalate_aged", "get_rules", "is_replica", "plan_route", "route_new_ticket", "save_rules",
           "set_agent_profile"]
