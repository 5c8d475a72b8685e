"""Routing on the team server (issue 13): the only place a team workspace's new tickets
are routed and its age rules run, so two desks online never assign one ticket twice.

- ``route_created`` runs inside the ``ticket.create`` handler's transaction: it locks the
  team's round-robin pointer (``routing_state``, SELECT … FOR UPDATE), so two concurrent
  creates are routed one after the other; a replayed mutation returns its stored result
  before any of this runs (apply.py), so a ticket is routed once.
- ``routing.save`` and ``agent.profile`` handlers: the role checks of agentdesk/routing.py,
  the same the desk's services and capture ask.
- ``run_tick`` applies the age rules, every minute from each server process's loop
  (app.py; one process at a time by an advisory lock) and from `agentdesk routing tick`.

The decisions are agentdesk/routing.py's; the reads are services/routing.py's (Core).
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Connection, Engine

from agentdesk import routing, rules
from agentdesk.models import utcnow
from agentdesk.routing import TicketFacts
from agentdesk.server.tx import T, ServerTx
from agentdesk.services import routing as svc
from agentdesk.sync import protocol as p

log = logging.getLogger("agentdesk.server")
TICK_SECONDS = 60.0


def _audit(tx: ServerTx, what: str, entity: str, entity_id: uuid.UUID, action: str, changes: dict,
           actor: uuid.UUID | None) -> None:
    """An audit entry besides the mutation's own (tx.audit writes one per mutation); its
    id derived from the mutation, so a replay could not insert it twice."""
    aid = p.mutation_uuid(tx.mid, f"audit:{what}")
    tx.conn.execute(insert(T["audit_log"]).values(
        id=aid, at=tx.now, actor_agent_id=actor, entity=entity, entity_id=entity_id, action=action,
        changes={k: [p.plain(v) for v in pair] for k, pair in changes.items()}))
    tx.touch("audit_log", aid)


def route_created(tx: ServerTx, ticket_id: uuid.UUID, first_message: str) -> svc.RoutePlan | None:
    """The team's rules applied to the ticket this mutation just created: its priority
    raised by the VIP, keyword and channel rules, and an unassigned ticket assigned by the
    team's mode. Each action is audited with its rule, in the creating agent's name (the
    audit trail takes entries only in the name of whoever's request wrote them)."""
    tickets, agents = T["tickets"], T["agents"]
    t = tx.conn.execute(select(tickets).where(tickets.c.id == ticket_id)).one()
    facts = svc.ticket_facts(tx.conn, ticket_id, first_message)
    plan = svc.plan_route(tx.conn, t.team_id, facts, unassigned=t.assignee_id is None, now=tx.now)
    if plan is None:
        return None
    changes: dict = {}
    if plan.priority != t.priority:
        changes["priority"] = plan.priority
    if plan.assignee_id is not None:
        changes["assignee_id"] = plan.assignee_id
    if changes:
        values = rules.ticket_update(rules.TicketState.of(t), changes, tx.now)
        tx.conn.execute(update(tickets).where(tickets.c.id == ticket_id).values(**values))
    login = tx.conn.execute(select(agents.c.login).where(agents.c.id == plan.assignee_id)).scalar() \
        if plan.assignee_id is not None else None
    for what, entry in svc.route_audits(plan, t.priority, login):
        _audit(tx, what, "ticket", ticket_id, "update", entry, tx.agent.id)
    return plan


# --- mutations -----------------------------------------------------------------------------
def _rule_error(exc: rules.RuleError) -> p.Rejected:
    return p.Rejected.like(exc)


def routing_save(tx: ServerTx, m: dict) -> dict:
    """A team's rule set, as a lead of that team (or an admin) saved it: validated again
    here (routing.check_rule_set), where a hostile desk cannot skip it. The row's id is
    the team's (routing.rules_id); the latest save wins, and each is audited."""
    payload = m.get("payload") or {}
    if set(payload) - {"team_id", "mode", "priority_rules"}:
        raise p.Rejected(code="server.routing_fields")
    try:
        team_id = uuid.UUID(str(payload.get("team_id")))
    except ValueError:
        raise p.Rejected(code="server.invalid_id", what="team id", value=repr(p.clip(payload.get("team_id")))) from None
    try:
        routing.check_rules_write(tx.agent.role, tx.agent.team_id, team_id)
        checked = routing.check_rule_set(payload.get("mode"), payload.get("priority_rules"))
    except rules.RuleError as exc:
        raise _rule_error(exc) from None
    tx.require_team(team_id)
    rid = routing.rules_id(team_id)
    if str(m.get("entity_id")) != str(rid):
        raise p.Rejected(code="server.routing_id")
    rr = T["routing_rules"]
    cur = tx.conn.execute(select(rr).where(rr.c.id == rid).with_for_update()).first()
    values = {"mode": str(checked.mode), "priority_rules": checked.rules_json(), "updated_by": tx.agent.id,
              "deleted": False, "updated_at": tx.now}
    if cur is None:
        tx.conn.execute(insert(rr).values(id=rid, team_id=team_id, **values))
    else:
        tx.conn.execute(update(rr).where(rr.c.id == rid).values(**values))
    tx.touch("routing_rules", rid)
    tx.audit("routing_rules", rid, "update" if cur is not None else "create",
             {"mode": (cur.mode if cur is not None else None, str(checked.mode)),
              "priority_rules": (len(cur.priority_rules or []) if cur is not None else None,
                                 len(checked.priority_rules))})
    return {"status": "applied", "applied": {"mode": str(checked.mode)}}


def agent_profile(tx: ServerTx, m: dict) -> dict:
    """An agent's capacity and skills: a lead of the agent's team or an admin; an agent
    may lower their own capacity and nothing else (routing.check_profile_write)."""
    payload = m.get("payload") or {}
    if not payload or set(payload) - {"capacity", "skills"}:
        raise p.Rejected(code="server.profile_fields")
    try:
        target_id = uuid.UUID(str(m.get("entity_id")))
    except ValueError:
        raise p.Rejected(code="server.invalid_id", what="agent id", value=repr(p.clip(m.get("entity_id")))) from None
    agents = T["agents"]
    # Read first (everyone may read agents), so a refusal is the rule's words; locked below.
    target = tx.conn.execute(select(agents).where(agents.c.id == target_id, agents.c.deleted.is_(False))).first()
    if target is None:
        raise p.Rejected(code="server.row_gone", what="agent")
    try:
        capacity = routing.check_capacity(payload["capacity"]) if "capacity" in payload else None
        skills = routing.check_skills(payload["skills"]).to_json() if "skills" in payload else None
        old_skills = routing.read_skills(target.skills).to_json()
        skills_change = skills is not None and skills != old_skills
        capacity_change = capacity is not None and capacity != target.capacity
        routing.check_profile_write(tx.agent.role, tx.agent.id, tx.agent.team_id, target.id, target.team_id,
                                    target.capacity, capacity if capacity_change else None, skills_change)
    except rules.RuleError as exc:
        raise _rule_error(exc) from None
    tx.touch("agents", target.id)  # the pull brings the server's row either way
    values: dict = {}
    changes: dict = {}
    if capacity_change:
        values["capacity"], changes["capacity"] = capacity, (target.capacity, capacity)
    if skills_change:
        values["skills"] = skills
        changes["skills"] = (svc._skills_text(old_skills), svc._skills_text(skills or {}))
    if values:
        tx.conn.execute(select(agents.c.id).where(agents.c.id == target.id).with_for_update())
        tx.conn.execute(update(agents).where(agents.c.id == target.id).values(**values, updated_at=tx.now))
        tx.audit("agent", target.id, "profile", changes)
    return {"status": "applied", "applied": {k: v for k, v in values.items()}}


# --- the age rules -----------------------------------------------------------------------
def escalate_aged(conn: Connection, now: datetime | None = None, limit: int = svc.ESCALATION_BATCH) -> int:
    """The age rules over every team, in the caller's transaction (as an admin or the
    owner): each raises a waiting, unanswered ticket one step once, audited with the rule
    (no actor: the server did it), stamped and announced like a mutation. Returns how many."""
    now = now or utcnow()
    tx = ServerTx(conn, uuid.uuid4(), None)
    tx.now = now
    tickets, esc = T["tickets"], T["routing_escalations"]
    done = 0
    for team_id, rule_set in svc.teams_with_age_rules(conn):
        for rule in sorted(rule_set.age_rules, key=lambda r: r.minutes):
            for row in svc.aged_candidates(conn, team_id, rule, now, limit - done):
                # Locked and read again: an agent's reply or priority change may have
                # committed since the candidates were read. SKIP LOCKED: one being edited
                # now is taken at the next run.
                t = conn.execute(select(tickets).where(tickets.c.id == row.id).with_for_update(skip_locked=True)).first()
                facts = TicketFacts(channel=t.channel, priority=t.priority, created_at=t.created_at,
                                    first_response_at=t.first_response_at) if t is not None else None
                if t is None or facts is None or not routing.age_due(rule, facts, now) or t.deleted:
                    continue
                claimed = conn.execute(pg_insert(esc).values(ticket_id=t.id, rule=rule.label, at=now)
                                       .on_conflict_do_nothing().returning(esc.c.ticket_id)).first()
                if claimed is None:
                    continue
                new = routing.one_step_up(t.priority)
                values = rules.ticket_update(rules.TicketState.of(t), {"priority": new}, now)
                conn.execute(update(tickets).where(tickets.c.id == t.id).values(**values))
                tx.touch("tickets", t.id)
                aid = uuid.uuid4()
                conn.execute(insert(T["audit_log"]).values(
                    id=aid, at=now, actor_agent_id=None, entity="ticket", entity_id=t.id, action="update",
                    changes={k: list(v) for k, v in routing.rule_label_change(t.priority, new, rule.label).items()}))
                tx.touch("audit_log", aid)
                done += 1
            if done >= limit:
                break
        if done >= limit:
            break
    if done:
        tx.finish({"status": "applied", "applied": {"escalated": done}})
    return done


def run_tick(engine: Engine, now: datetime | None = None, *, as_admin: bool = True) -> int:
    """One run of the age rules in its own transaction. ``as_admin``: the server's own role
    switches to the admins' group for it (row-level security lets admins see every team);
    the owner's connection (the CLI with --db) needs no switch. One server process at a
    time: the others skip this minute."""
    from sqlalchemy import text

    from agentdesk.server.security import ADMIN

    with engine.connect() as conn, conn.begin():
        if as_admin:
            conn.exec_driver_sql(f"SET LOCAL ROLE {ADMIN}")  # a fixed name, never user text
        if not conn.execute(text("SELECT pg_try_advisory_xact_lock(hashtext('agentdesk.routing_tick'))")).scalar():
            return 0
        return escalate_aged(conn, now)


async def tick_loop(engine: Engine, every: float = TICK_SECONDS) -> None:
    """Runs the age rules every ``every`` seconds until cancelled; a failed run is logged
    and the next one comes as usual."""
    import asyncio

    from starlette.concurrency import run_in_threadpool

    while True:
        await asyncio.sleep(every)
        try:
            n = await run_in_threadpool(run_tick, engine)
            if n:
                log.info("age rules raised the priority of %d ticket(s)", n)
        except Exception:  # noqa: BLE001 - the loop must outlive a bad minute (the database restarting)
            log.warning("the age rules could not run this time", exc_info=True)
