"""Training records (issue 15): a team's own scenarios, assignments, trainees' attempts
and the results the Trainer console shows. Who may do what is agentdesk/training_rules.py
(asked here, again by the replica's capture and by the team server).

On a standalone workspace these write the rows directly. In a team profile the same
writes happen on the replica and the capture queues ``training.scenario_save`` /
``training.assign`` / ``training.attempt``; the server checks them again, and for an
attempt recomputes the scorecard itself.

An attempt's scorecard is always recomputed here from the scenario and the actions
(``runner.replay``): whatever scorecard a caller passes is ignored.

Plain data out (frozen dataclasses), never live ORM objects. No Qt.
"""

from __future__ import annotations

import os
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from agentdesk import rules
from agentdesk import training_rules as tr
from agentdesk.models import Agent, Team, TrainingAssignment, TrainingAttempt, TrainingScenario, utcnow
from agentdesk.services.common import InvalidValue, NotAllowed, NotFound, audit, find_agent, parse_uuid
from agentdesk.services.pii import mask_pii

RESULT_COLUMNS = ("trainee", "login", "scenario", "title", "mode", "started", "score", "passed", "auto_fail",
                  "assignment")


# --- plain rows ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class ScenarioRow:
    key: str
    title: str
    language: str
    difficulty: str
    channel: str
    bundled: bool  # a file shipped with AgentDesk: read-only in the console
    sha256: str
    updated_at: datetime | None = None


@dataclass(frozen=True)
class ScenarioText:
    key: str
    source: str
    format: str
    bundled: bool


@dataclass(frozen=True)
class TraineeRow:
    id: uuid.UUID
    name: str
    login: str
    role: str


@dataclass(frozen=True)
class AssignmentRow:
    id: uuid.UUID
    scenario_key: str
    title: str
    trainee_id: uuid.UUID
    trainee: str
    mode: str
    due_at: datetime | None
    note: str
    created_at: datetime | None
    attempts: int = 0
    best: int | None = None
    passed: bool = False


@dataclass(frozen=True)
class AttemptRow:
    id: uuid.UUID
    trainee_id: uuid.UUID
    trainee: str
    login: str
    scenario_key: str
    title: str
    mode: str
    started_at: datetime
    score: int
    passed: bool
    auto_fail: tuple[str, ...]
    assignment_id: uuid.UUID | None


@dataclass(frozen=True)
class AttemptDetail:
    row: AttemptRow
    actions: list
    scorecard: dict


@dataclass(frozen=True)
class ReplayStep:
    at: float
    who: str  # customer | agent | system
    kind: str
    text: str  # PII-masked


@dataclass(frozen=True)
class Replay:
    attempt: AttemptRow
    steps: tuple[ReplayStep, ...]
    score: int
    passed: bool
    rederived: bool  # False: the scenario changed since (its SHA-256), the stored timeline is shown


@dataclass(frozen=True)
class TraineeResult:
    trainee_id: uuid.UUID
    trainee: str
    attempts: int
    best: int | None
    last: int | None
    passed: int  # attempts passed
    last_at: datetime | None


@dataclass(frozen=True)
class ItemResult:
    item_id: str
    label: str
    attempts: int
    average: float  # points / max, 0..1
    series: tuple[tuple[str, float], ...] = field(default=())  # (day, average that day)


# --- helpers -------------------------------------------------------------------------------------
def _rule(check, as_=InvalidValue):
    try:
        return check()
    except rules.RuleError as exc:
        raise as_.like(exc) from None


def _team_of(session: Session, actor: Agent, team: Any = None) -> uuid.UUID:
    """The team a trainer writes for: theirs, or (an admin) the one named."""
    if team is None:
        if actor.team_id is None:
            raise InvalidValue(code="training.trainee_no_team", name=actor.name)
        return actor.team_id
    if isinstance(team, uuid.UUID):
        return team
    u = parse_uuid(str(team))
    row = session.get(Team, u) if u is not None else session.scalar(select(Team).where(Team.name == str(team)))
    if row is None or row.deleted:
        raise NotFound(code="routing.no_team", ref=str(team))
    return row.id


def _team_row(session: Session, team_id: uuid.UUID | None, key: str) -> TrainingScenario | None:
    if team_id is None:
        return None
    return session.scalar(select(TrainingScenario).where(
        TrainingScenario.team_id == team_id, TrainingScenario.scenario_key == key, TrainingScenario.deleted.is_(False)))


def find_scenario(session: Session, team_id: uuid.UUID | None, key: str):
    """The scenario an assignment or attempt names: the team's own, else a bundled one."""
    row = _team_row(session, team_id, key)
    if row is not None:
        return _rule(lambda: tr.parse_source(row.source, row.format, name=key)).scenario
    found = tr.bundled(key)
    if found is None:
        raise NotFound(code="training.no_scenario", key=key)
    return found


def _titles(session: Session, team_id: uuid.UUID | None) -> dict[str, str]:
    out = {s.id: str(s.title) for s in _bundled()}
    if team_id is not None:
        out |= {k: t for k, t in session.execute(select(TrainingScenario.scenario_key, TrainingScenario.title).where(
            TrainingScenario.team_id == team_id, TrainingScenario.deleted.is_(False)))}
    return out


def _bundled():
    return tr.bundled_list()


# --- scenarios ----------------------------------------------------------------------------------
def list_scenarios(session: Session, actor: Agent) -> list[ScenarioRow]:
    """The bundled scenarios (read-only) and the actor's team's own, by id."""
    out = [ScenarioRow(s.id, str(s.title), str(s.language), str(s.difficulty), str(getattr(s, "channel", "")), True,
                       tr.scenario_sha256(s)) for s in _bundled()]
    if actor.team_id is not None:
        for r in session.scalars(select(TrainingScenario).where(
                TrainingScenario.team_id == actor.team_id, TrainingScenario.deleted.is_(False))):
            try:
                channel = str(tr.parse_source(r.source, r.format, name=r.scenario_key).scenario.channel)
            except rules.RuleError:
                channel = ""
            out.append(ScenarioRow(r.scenario_key, r.title, r.language, r.difficulty, channel, False, r.sha256,
                                   r.updated_at))
    return sorted(out, key=lambda r: (r.bundled, r.key))


def scenario_text(session: Session, actor: Agent, key: str) -> ScenarioText:
    """A scenario's source for the editor: the team's row, or a bundled file (read-only)."""
    row = _team_row(session, actor.team_id, key)
    if row is not None:
        return ScenarioText(key, row.source, row.format, False)
    from agentdesk.simulation import scenario as sc

    for path in sorted(sc.BUNDLED_DIR.glob("*.toml")):
        text = path.read_text(encoding="utf-8")
        try:
            if sc.parse_scenario(text, name=path.name, fmt="toml").id == key:
                return ScenarioText(key, text, "toml", True)
        except sc.ScenarioError:
            continue
    raise NotFound(code="training.no_scenario", key=key)


def save_scenario(session: Session, actor: Agent, source: str, fmt: str = "toml", *, team: Any = None,
                  now: datetime | None = None) -> ScenarioRow:
    """Stores a trainer's scenario for their team (validated; a bundled id is refused)."""
    now = now or utcnow()
    team_id = _team_of(session, actor, team)
    _rule(lambda: tr.check_scenario_write(actor.role, actor.team_id, team_id), NotAllowed)
    parsed = _rule(lambda: tr.parse_source(source, fmt, name="scenario"))
    _rule(lambda: tr.check_not_bundled(parsed.key))
    rid = tr.scenario_row_id(team_id, parsed.key)
    row = session.get(TrainingScenario, rid)
    before = row.sha256 if row is not None and not row.deleted else None
    if row is None:
        row = TrainingScenario(id=rid, team_id=team_id, scenario_key=parsed.key)
        session.add(row)
    row.source, row.format = source, fmt
    row.title, row.language, row.difficulty, row.sha256 = parsed.title, parsed.language, parsed.difficulty, parsed.sha256
    row.updated_by, row.deleted, row.updated_at = actor.id, False, now
    audit(session, actor, "training_scenarios", rid, "update" if before else "create",
          {"sha256": (before, parsed.sha256), "title": (None, parsed.title)}, at=now)
    session.flush()
    return ScenarioRow(parsed.key, parsed.title, parsed.language, parsed.difficulty,
                       str(getattr(parsed.scenario, "channel", "")), False, parsed.sha256, now)


def delete_scenario(session: Session, actor: Agent, key: str, *, team: Any = None, now: datetime | None = None) -> None:
    now = now or utcnow()
    team_id = _team_of(session, actor, team)
    _rule(lambda: tr.check_scenario_write(actor.role, actor.team_id, team_id), NotAllowed)
    row = _team_row(session, team_id, key)
    if row is None:
        raise NotFound(code="training.no_scenario", key=key)
    row.deleted, row.updated_by, row.updated_at = True, actor.id, now
    audit(session, actor, "training_scenarios", row.id, "delete", {"title": (row.title, None)}, at=now)
    session.flush()


# --- assignments ---------------------------------------------------------------------------------
def list_trainees(session: Session, actor: Agent) -> list[TraineeRow]:
    """Who the actor may assign to: their team's agents (an admin: everyone in a team)."""
    q = select(Agent).where(Agent.deleted.is_(False), Agent.team_id.is_not(None))
    if actor.role != "admin":
        q = q.where(Agent.team_id == actor.team_id)
    return [TraineeRow(a.id, a.name, a.login, a.role) for a in session.scalars(q.order_by(Agent.name, Agent.login))]


def assign(session: Session, actor: Agent, scenario_key: str, trainees: Iterable[Any], mode: str = "practice", *,
           due_at: datetime | None = None, note: str = "", now: datetime | None = None) -> list[uuid.UUID]:
    """One assignment per trainee (by id, login or name); all or nothing."""
    now = now or utcnow()
    mode = _rule(lambda: tr.check_mode(mode))
    note = _rule(lambda: tr.check_note(note))
    due_at = _rule(lambda: tr.check_time(due_at))
    made = []
    for ref in trainees:
        trainee = session.get(Agent, ref) if isinstance(ref, uuid.UUID) else find_agent(session, str(ref))
        if trainee is None or trainee.deleted:
            raise NotFound(code="training.no_trainee", ref=str(ref))
        _rule(lambda t=trainee: tr.check_assign(actor.role, actor.team_id, t.team_id), NotAllowed)
        if trainee.team_id is None:
            raise InvalidValue(code="training.trainee_no_team", name=trainee.name)
        find_scenario(session, trainee.team_id, scenario_key)
        a = TrainingAssignment(id=uuid.uuid4(), team_id=trainee.team_id, scenario_key=scenario_key,
                               trainee_id=trainee.id, mode=mode, due_at=due_at, note=note, assigned_by=actor.id,
                               created_at=now, updated_at=now)
        session.add(a)
        audit(session, actor, "training_assignments", a.id, "create",
              {"trainee_id": (None, trainee.id), "scenario_key": (None, scenario_key), "mode": (None, mode)}, at=now)
        made.append(a.id)
    session.flush()
    return made


def cancel_assignment(session: Session, actor: Agent, assignment_id: uuid.UUID, now: datetime | None = None) -> None:
    now = now or utcnow()
    a = session.get(TrainingAssignment, assignment_id)
    if a is None or a.deleted:
        raise NotFound(code="training.no_assignment", ref=str(assignment_id))
    _rule(lambda: tr.check_assign(actor.role, actor.team_id, a.team_id), NotAllowed)
    a.deleted, a.assigned_by, a.updated_at = True, actor.id, now
    audit(session, actor, "training_assignments", a.id, "delete", {"scenario_key": (a.scenario_key, None)}, at=now)
    session.flush()


def list_assignments(session: Session, trainee: Agent | None = None, *, actor: Agent | None = None) -> list[AssignmentRow]:
    """A trainee's open assignments (``trainee``), or every assignment the actor may see
    (``actor``: a trainer's or lead's team; an admin all), newest first, with how the
    trainee did on each."""
    q = select(TrainingAssignment, Agent).join(Agent, Agent.id == TrainingAssignment.trainee_id).where(
        TrainingAssignment.deleted.is_(False))
    if trainee is not None:
        q = q.where(TrainingAssignment.trainee_id == trainee.id)
        team = trainee.team_id
    elif actor is not None:
        if actor.role not in tr.RESULT_ROLES:
            q = q.where(TrainingAssignment.trainee_id == actor.id)
        elif actor.role != "admin":
            q = q.where(TrainingAssignment.team_id == actor.team_id)
        team = actor.team_id
    else:
        raise ValueError("list_assignments needs a trainee or an actor")
    titles = _titles(session, team)
    rows = session.execute(q.order_by(TrainingAssignment.created_at.desc())).all()
    tried: dict[uuid.UUID, list[TrainingAttempt]] = defaultdict(list)
    ids = [a.id for a, _ in rows]
    for k in range(0, len(ids), 500):
        for att in session.scalars(select(TrainingAttempt).where(TrainingAttempt.assignment_id.in_(ids[k:k + 500]))):
            tried[att.assignment_id].append(att)  # type: ignore[index]
    out = []
    for a, who in rows:
        done = tried.get(a.id, [])
        out.append(AssignmentRow(a.id, a.scenario_key, titles.get(a.scenario_key, a.scenario_key), a.trainee_id,
                                 who.name, a.mode, a.due_at, a.note or "", a.created_at, len(done),
                                 max((x.score for x in done), default=None), any(x.passed for x in done)))
    return out


# --- attempts -------------------------------------------------------------------------------------
def save_attempt(session: Session, agent: Agent, record: dict, *, assignment_id: uuid.UUID | None = None,
                 started_at: datetime | None = None, scorecard: dict | None = None,
                 now: datetime | None = None) -> AttemptRow:
    """Records ``agent``'s own attempt from ``record`` (Session.record(): scenario,
    scenario_sha256, mode, actions, ended_at; it may also carry assignment_id and
    started_at). The scorecard is recomputed from the scenario and the actions;
    ``scorecard`` (what the desk computed) is ignored."""
    del scorecard  # never trusted: recomputed below
    now = now or utcnow()
    if not isinstance(record, dict):
        raise InvalidValue(code="training.actions_shape")
    key = _rule(lambda: tr.check_key(record.get("scenario")))
    mode = _rule(lambda: tr.check_mode(record.get("mode", "practice")))
    sha = _rule(lambda: tr.check_sha(record.get("scenario_sha256")))
    actions = _rule(lambda: tr.check_actions([_plain_action(a) for a in record.get("actions") or []]))
    clock_end = _rule(lambda: tr.check_clock_end(record.get("ended_at")))
    started_at = _rule(lambda: tr.check_time(started_at or record.get("started_at"), code="training.started_at")) or now
    assignment_id = assignment_id or parse_uuid(str(record.get("assignment_id") or ""))
    if assignment_id is not None:
        a = session.get(TrainingAssignment, assignment_id)
        if a is None or a.deleted or a.trainee_id != agent.id:
            raise NotFound(code="training.no_assignment", ref=str(assignment_id))
        if (a.scenario_key, a.mode) != (key, mode):
            raise InvalidValue(code="training.assignment_mismatch", key=a.scenario_key, mode=a.mode)
    scenario = find_scenario(session, agent.team_id, key)
    card = _rule(lambda: tr.recompute(scenario, tr.record_of(key, sha, mode, actions, clock_end)))
    row = TrainingAttempt(id=uuid.uuid4(), team_id=agent.team_id, trainee_id=agent.id, assignment_id=assignment_id,
                          scenario_key=key, scenario_sha256=sha, mode=mode, started_at=started_at, ended_at=now,
                          clock_end=clock_end, actions=actions, scorecard=card, score=int(card["score"]),
                          passed=bool(card["passed"]), updated_at=now)
    session.add(row)
    session.flush()
    return _attempt_row(row, agent, str(card.get("title") or key))


def _plain_action(a) -> dict:
    """An Action (the engine's model) or a dict, as JSON-able data."""
    if isinstance(a, dict):
        return {k: v for k, v in a.items() if v is not None}
    dump = getattr(a, "model_dump", None)
    if dump is not None:
        return {k: v for k, v in dump(mode="json").items() if v is not None}
    from dataclasses import asdict, is_dataclass

    if is_dataclass(a) and not isinstance(a, type):
        return {k: v for k, v in asdict(a).items() if v is not None}
    raise InvalidValue(code="training.actions_shape")


def _attempt_row(r: TrainingAttempt, who: Agent, title: str) -> AttemptRow:
    fails = tuple(str(f.get("rule", "")) for f in (r.scorecard or {}).get("auto_fail") or ())
    return AttemptRow(r.id, r.trainee_id, who.name, who.login, r.scenario_key, title, r.mode, r.started_at, r.score,
                      r.passed, fails, r.assignment_id)


def _visible_attempts(session: Session, actor: Agent, trainee: Any = None):
    q = select(TrainingAttempt, Agent).join(Agent, Agent.id == TrainingAttempt.trainee_id).where(
        TrainingAttempt.deleted.is_(False))
    if actor.role not in tr.RESULT_ROLES:
        q = q.where(TrainingAttempt.trainee_id == actor.id)
    elif actor.role != "admin":
        q = q.where(TrainingAttempt.team_id == actor.team_id)
    if trainee is not None:
        tid = trainee if isinstance(trainee, uuid.UUID) else find_agent(session, str(trainee)).id
        q = q.where(TrainingAttempt.trainee_id == tid)
    return q


def list_attempts(session: Session, actor: Agent, trainee: Any = None, limit: int = 2000) -> list[AttemptRow]:
    """Attempts the actor may see (their own; a trainer's or lead's team; an admin all), newest first."""
    titles = _titles(session, actor.team_id)
    q = _visible_attempts(session, actor, trainee).order_by(TrainingAttempt.started_at.desc()).limit(limit)
    return [_attempt_row(r, who, titles.get(r.scenario_key, r.scenario_key)) for r, who in session.execute(q).all()]


def get_attempt(session: Session, actor: Agent, attempt_id: uuid.UUID) -> AttemptDetail:
    r = session.get(TrainingAttempt, attempt_id)
    if r is None or r.deleted:
        raise NotFound(code="training.no_attempt", ref=str(attempt_id))
    if not tr.can_see_results(actor.role, actor.id, actor.team_id, r.trainee_id, r.team_id):
        raise NotAllowed(code="training.not_yours")
    who = session.get(Agent, r.trainee_id)
    assert who is not None  # a foreign key
    title = _titles(session, r.team_id).get(r.scenario_key, r.scenario_key)
    return AttemptDetail(_attempt_row(r, who, title), list(r.actions or []), dict(r.scorecard or {}))


def replay_attempt(session: Session, actor: Agent, attempt_id: uuid.UUID) -> Replay:
    """The attempt's timeline step by step, re-derived with runner.replay from the scenario
    and the stored actions (the stored scorecard's timeline if the scenario has changed
    since). Every text is PII-masked."""
    d = get_attempt(session, actor, attempt_id)
    r = session.get(TrainingAttempt, attempt_id)
    assert r is not None  # get_attempt found it
    card, rederived = d.scorecard, False
    try:
        scenario = find_scenario(session, r.team_id, r.scenario_key)
        card = tr.recompute(scenario, tr.record_of(r.scenario_key, r.scenario_sha256, r.mode, d.actions, r.clock_end))
        rederived = True
    except (rules.RuleError, NotFound, InvalidValue):
        pass
    steps = tuple(ReplayStep(float(e.get("at") or 0), str(e.get("who") or ""), str(e.get("kind") or ""),
                             mask_pii(str(e.get("text") or ""))) for e in card.get("timeline") or ())
    return Replay(d.row, steps, int(card.get("score") or 0), bool(card.get("passed")), rederived)


# --- results ------------------------------------------------------------------------------------
def results_by_trainee(session: Session, actor: Agent) -> list[TraineeResult]:
    rows = list_attempts(session, actor)
    by: dict[uuid.UUID, list[AttemptRow]] = defaultdict(list)
    for a in rows:
        by[a.trainee_id].append(a)
    out = []
    for tid, atts in by.items():
        atts.sort(key=lambda a: a.started_at)
        out.append(TraineeResult(tid, atts[-1].trainee, len(atts), max(a.score for a in atts), atts[-1].score,
                                 sum(a.passed for a in atts), atts[-1].started_at))
    return sorted(out, key=lambda r: r.trainee)


def results_by_item(session: Session, actor: Agent, trainee: Any = None, tz: tzinfo | None = None) -> list[ItemResult]:
    """Per rubric item: how many attempts scored it, the average share of its points, and
    that average per day (the chart of each item over time)."""
    q = _visible_attempts(session, actor, trainee).order_by(TrainingAttempt.started_at)
    totals: dict[str, list[float]] = defaultdict(list)
    labels: dict[str, str] = {}
    days: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for r, _who in session.execute(q).all():
        day = (r.started_at.astimezone(tz) if tz else r.started_at).date().isoformat()
        for item in (r.scorecard or {}).get("items") or ():
            most = float(item.get("max") or 0)
            if most <= 0:
                continue
            share = max(0.0, min(1.0, float(item.get("points") or 0) / most))
            iid = str(item.get("id"))
            labels.setdefault(iid, str(item.get("label") or iid))
            totals[iid].append(share)
            days[iid][day].append(share)
    return [ItemResult(iid, labels[iid], len(v), round(sum(v) / len(v), 3),
                       tuple((d, round(sum(x) / len(x), 3)) for d, x in sorted(days[iid].items())))
            for iid, v in sorted(totals.items(), key=lambda kv: labels[kv[0]])]


def scores_over_time(session: Session, actor: Agent, trainee: Any = None) -> list[tuple[datetime, str, int]]:
    """(started, trainee, score) oldest first: the console's chart."""
    q = _visible_attempts(session, actor, trainee).order_by(TrainingAttempt.started_at)
    return [(r.started_at, who.name, r.score) for r, who in session.execute(q).all()]


def export_results_csv(session: Session, actor: Agent, path: str | os.PathLike[str], *, trainee: Any = None,
                       tz: str = "UTC") -> int:
    """The attempts the actor may see as CSV (UTF-8 with a BOM, private, whole or not at
    all; texts PII-masked and never formulas, as services/export.py writes). Returns rows."""
    from agentdesk.services.export import _csv_cell, _csv_file, _local, _private_target
    from agentdesk.services.followups import local_zone

    zone = local_zone(tz)
    rows = list_attempts(session, actor, trainee, limit=1_000_000)
    with _private_target(path) as tmp, _csv_file(tmp) as w:
        w.writerow(RESULT_COLUMNS)
        for a in rows:
            started = _local(a.started_at, zone)
            w.writerow([_csv_cell(mask_pii(v)) if isinstance(v, str) else _csv_cell(v) for v in (
                a.trainee, a.login, a.scenario_key, a.title, a.mode,
                started.strftime("%Y-%m-%d %H:%M:%S") if started else "", a.score, a.passed, " ".join(a.auto_fail),
                str(a.assignment_id or ""))])
    return len(rows)


def assignment_choices(rows: Sequence[AssignmentRow]) -> list[tuple[uuid.UUID, str]]:
    """(id, label) for a trainee's picker: the scenario's title and mode."""
    return [(a.id, f"{a.title} ({a.mode})") for a in rows]


# --- the console's form editor: a scenario tree back to TOML ---------------------------------------
def scenario_tree(source: str, fmt: str) -> dict:
    """The source as a plain tree (what the form edits); InvalidValue when it does not parse."""
    import json
    import tomllib

    try:
        data = tomllib.loads(source) if fmt == "toml" else json.loads(source)
    except (tomllib.TOMLDecodeError, ValueError) as exc:
        raise InvalidValue(code="training.scenario_invalid", problem=str(exc).splitlines()[0][:200]) from None
    if not isinstance(data, dict):
        raise InvalidValue(code="training.scenario_invalid", problem="not a table")
    return data


def tree_source(data: dict, fmt: str) -> str:
    """A tree as TOML (or JSON) text: what the form writes into the raw editor. TOML
    comments of the old text are not kept (the form says so)."""
    import json

    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    lines: list[str] = []
    _toml_table(lines, [], data)
    return "\n".join(lines).lstrip("\n") + "\n"


def _is_table_array(v) -> bool:
    return isinstance(v, list) and bool(v) and all(isinstance(x, dict) for x in v)


def _toml_key(k: str) -> str:
    import json
    import re

    return k if re.fullmatch(r"[A-Za-z0-9_-]+", k) else json.dumps(k, ensure_ascii=False)


def _toml_value(v) -> str:
    import json
    from datetime import date

    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, (date, datetime)):
        return v.isoformat()
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{_toml_key(k)} = {_toml_value(x)}" for k, x in v.items()) + " }"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    return json.dumps(str(v), ensure_ascii=False)


def _toml_table(lines: list[str], path: list[str], data: dict, array: bool = False) -> None:
    if path:
        name = ".".join(_toml_key(p) for p in path)
        lines += ["", f"[[{name}]]" if array else f"[{name}]"]
    for k, v in data.items():
        if not isinstance(v, dict) and not _is_table_array(v):
            lines.append(f"{_toml_key(k)} = {_toml_value(v)}")
    for k, v in data.items():
        if isinstance(v, dict):
            _toml_table(lines, [*path, k], v)
        elif _is_table_array(v):
            for item in v:
                _toml_table(lines, [*path, k], item, array=True)
