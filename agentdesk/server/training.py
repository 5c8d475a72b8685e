"""Training on the team server (issue 15): ``training.scenario_save`` (a trainer's
scenario, parsed again here), ``training.assign`` (a scenario given to a trainee) and
``training.attempt`` (a trainee's own session, its scorecard recomputed here from the
scenario and the actions: a score a desk sends is never stored). Who may do what is
agentdesk/training_rules.py, asked again whatever the desk checked; row-level security
(server/security.py) keeps each team's rows its own."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import insert, select, update

from agentdesk import rules
from agentdesk import training_rules as tr
from agentdesk.server.tx import T, ServerTx
from agentdesk.sync import protocol as p

# A desk's clock may run a little ahead of the server's.
CLOCK_SKEW = timedelta(minutes=10)


def _payload(m: dict, allowed: frozenset) -> dict:
    payload = m.get("payload") or {}
    extra = set(payload) - allowed
    if extra:
        raise p.Rejected(code="server.training_fields", fields=p.clip(", ".join(sorted(map(str, extra)))))
    return payload


def _uuid(value, what: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise p.Rejected(code="server.invalid_id", what=what, value=repr(p.clip(value))) from None


def team_scenario(tx: ServerTx, team_id: uuid.UUID | None, key: str):
    """The scenario an attempt or assignment names: the team's own, else a bundled one."""
    ts = T["training_scenarios"]
    if team_id is not None:
        row = tx.conn.execute(select(ts.c.source, ts.c.format).where(
            ts.c.team_id == team_id, ts.c.scenario_key == key, ts.c.deleted.is_(False))).first()
        if row is not None:
            return tr.parse_source(row.source, row.format, name=key).scenario
    found = tr.bundled(key)
    if found is None:
        raise p.Rejected(code="training.no_scenario", key=repr(p.clip(key, 64)))
    return found


def scenario_save(tx: ServerTx, m: dict) -> dict:
    payload = _payload(m, tr.SCENARIO_FIELDS)
    team_id = _uuid(payload.get("team_id"), "team id")
    try:
        tr.check_scenario_write(tx.agent.role, tx.agent.team_id, team_id)
        parsed = tr.parse_source(payload.get("source"), payload.get("format"), name="scenario")
        tr.check_not_bundled(parsed.key)
    except rules.RuleError as exc:
        raise p.Rejected.like(exc) from None
    tx.require_team(team_id)
    rid = tr.scenario_row_id(team_id, parsed.key)
    if str(m.get("entity_id")) != str(rid):
        raise p.Rejected(code="server.training_id")
    ts = T["training_scenarios"]
    cur = tx.conn.execute(select(ts).where(ts.c.id == rid).with_for_update()).first()
    values = {"source": payload["source"], "format": payload["format"], "title": parsed.title,
              "language": parsed.language, "difficulty": parsed.difficulty, "sha256": parsed.sha256,
              "updated_by": tx.agent.id, "deleted": bool(payload.get("deleted", False)), "updated_at": tx.now}
    if cur is None:
        tx.conn.execute(insert(ts).values(id=rid, team_id=team_id, scenario_key=parsed.key, **values))
    else:
        tx.conn.execute(update(ts).where(ts.c.id == rid).values(**values))
    tx.touch("training_scenarios", rid)
    tx.audit("training_scenarios", rid, "delete" if values["deleted"] else ("update" if cur is not None else "create"),
             {"sha256": (cur.sha256 if cur is not None else None, parsed.sha256), "title": (
                 cur.title if cur is not None else None, parsed.title)})
    return {"status": "applied", "applied": {"sha256": parsed.sha256}}


def assign(tx: ServerTx, m: dict) -> dict:
    payload = _payload(m, tr.ASSIGN_FIELDS)
    aid = _uuid(m.get("entity_id"), "assignment id")
    trainee_id = _uuid(payload.get("trainee_id"), "trainee id")
    agents = T["agents"]
    trainee = tx.conn.execute(select(agents.c.id, agents.c.name, agents.c.team_id).where(
        agents.c.id == trainee_id, agents.c.deleted.is_(False))).first()
    try:
        if trainee is None:
            raise rules.RuleError(code="training.no_trainee", ref=str(trainee_id))
        tr.check_assign(tx.agent.role, tx.agent.team_id, trainee.team_id)
        if trainee.team_id is None:
            raise rules.RuleError(code="training.trainee_no_team", name=trainee.name)
        key = tr.check_key(payload.get("scenario_key"))
        mode = tr.check_mode(payload.get("mode", "practice"))
        note = tr.check_note(payload.get("note"))
        due_at = tr.check_time(payload.get("due_at"))
    except rules.RuleError as exc:
        raise p.Rejected.like(exc) from None
    team_scenario(tx, trainee.team_id, key)
    ta = T["training_assignments"]
    cur = tx.conn.execute(select(ta).where(ta.c.id == aid).with_for_update()).first()
    if cur is not None and (cur.trainee_id != trainee_id or cur.scenario_key != key):
        raise p.Rejected(code="training.no_assignment", ref=str(aid))
    values = {"mode": mode, "due_at": due_at, "note": note, "assigned_by": tx.agent.id,
              "deleted": bool(payload.get("deleted", False)), "updated_at": tx.now}
    if cur is None:
        tx.conn.execute(insert(ta).values(id=aid, team_id=trainee.team_id, trainee_id=trainee_id, scenario_key=key,
                                          created_at=tx.now, **values))
    else:
        tx.conn.execute(update(ta).where(ta.c.id == aid).values(**values))
    tx.touch("training_assignments", aid)
    tx.audit("training_assignments", aid, "delete" if values["deleted"] else ("update" if cur else "create"),
             {"trainee_id": (None, trainee_id), "scenario_key": (None, key), "mode": (
                 cur.mode if cur is not None else None, mode)})
    return {"status": "applied", "applied": {}}


def attempt(tx: ServerTx, m: dict) -> dict:
    payload = _payload(m, tr.ATTEMPT_FIELDS)
    att_id = _uuid(m.get("entity_id"), "attempt id")
    try:
        tr.check_attempt_write(tx.agent.id, _uuid(payload.get("trainee_id", str(tx.agent.id)), "trainee id"))
        key = tr.check_key(payload.get("scenario_key"))
        mode = tr.check_mode(payload.get("mode"))
        sha = tr.check_sha(payload.get("scenario_sha256"))
        actions = tr.check_actions(payload.get("actions"))
        clock_end = tr.check_clock_end(payload.get("clock_end"))
        started_at = tr.check_time(payload.get("started_at"), code="training.started_at") or tx.now
        if started_at > tx.now + CLOCK_SKEW:
            raise rules.RuleError(code="training.started_at")
    except rules.RuleError as exc:
        raise p.Rejected.like(exc) from None
    assignment_id = None
    if payload.get("assignment_id") is not None:
        assignment_id = _uuid(payload["assignment_id"], "assignment id")
        ta = T["training_assignments"]
        a = tx.conn.execute(select(ta.c.scenario_key, ta.c.mode).where(
            ta.c.id == assignment_id, ta.c.trainee_id == tx.agent.id, ta.c.deleted.is_(False))).first()
        if a is None:
            raise p.Rejected(code="training.no_assignment", ref=str(assignment_id))
        if (a.scenario_key, a.mode) != (key, mode):
            raise p.Rejected(code="training.assignment_mismatch", key=a.scenario_key, mode=a.mode)
    scenario = team_scenario(tx, tx.agent.team_id, key)
    try:
        card = tr.recompute(scenario, tr.record_of(key, sha, mode, actions, clock_end))
    except rules.RuleError as exc:
        raise p.Rejected.like(exc) from None
    at = T["training_attempts"]
    if tx.conn.execute(select(at.c.id).where(at.c.id == att_id)).first() is not None:
        raise p.Rejected(code="training.attempt_exists")
    tx.conn.execute(insert(at).values(
        id=att_id, team_id=tx.agent.team_id, trainee_id=tx.agent.id, assignment_id=assignment_id, scenario_key=key,
        scenario_sha256=sha, mode=mode, started_at=started_at, ended_at=tx.now, clock_end=clock_end, actions=actions,
        scorecard=card, score=int(card["score"]), passed=bool(card["passed"]), updated_at=tx.now))
    tx.touch("training_attempts", att_id)
    tx.audit("training_attempts", att_id, "create", {"scenario_key": (None, key), "score": (None, card["score"]),
                                                      "passed": (None, card["passed"])})
    return {"status": "applied", "applied": {"score": card["score"], "passed": card["passed"]}}
