"""Training (issue 15): who may do what, and what a stored attempt is, in one place.
The local services (services/training_records.py), the replica's capture
(sync/capture.py) and the team server's ``training.*`` handlers (server/training.py)
all ask these; the server asks again whatever a desk says.

- Scenarios a team adds (``training.scenario_save``): written by a trainer of the team,
  or an admin (``check_scenario_write``). The source is parsed by the simulation
  package (``parse_source``); a broken one is refused with its one-line ScenarioError.
  A bundled scenario's id cannot be taken (an attempt must name one scenario).
- Assignments (``training.assign``): by a trainer or a lead of the trainee's team, or an
  admin (``check_assign``). Leads may assign because they run their team's day (who is
  off the queue for a class); they do not author scenarios, which is the trainers' craft.
  Agents never assign.
- Attempts (``training.attempt``): the trainee's own, only (``check_attempt_write``).
  The scorecard is recomputed from the scenario and the actions (``recompute``); a
  record whose scenario SHA-256 differs from the scenario's is refused, and whatever
  score the desk sent is ignored. Budgets: MAX_ACTIONS actions, MAX_ATTEMPT_BYTES of JSON.
- Results (``can_see_results``): the trainee their own; trainers and leads their team's;
  admins all.

Pure: no Qt, no database.
"""

from __future__ import annotations

import functools
import json
import math
import uuid
from dataclasses import dataclass
from typing import Any, Literal

from agentdesk.rules import RuleError as RuleError  # re-exported: the callers catch it from here
from agentdesk.simulation import responses as _responses

MODES = ("practice", "certification")
FORMATS = ("toml", "json")
AUTHOR_ROLES = ("trainer", "admin")
ASSIGN_ROLES = ("trainer", "lead", "admin")
RESULT_ROLES = ("trainer", "lead", "admin")

# The engine's replay budget (simulation/responses.py), so a desk, the server and a replay agree.
MAX_ACTIONS = _responses.MAX_ACTIONS
MAX_ATTEMPT_BYTES = 1024 * 1024  # the actions as JSON (a real session: a few KB; see docs/training.md)
MAX_SCENARIO_BYTES = 200 * 1024  # a scenario's source (the biggest bundled one is a few KB)
MAX_NOTE_CHARS = 2000
MAX_VIRTUAL_SECONDS = 7 * 24 * 3600.0  # a session's virtual clock never runs past a week

SCENARIO_FIELDS = frozenset({"team_id", "source", "format", "deleted"})
ASSIGN_FIELDS = frozenset({"trainee_id", "scenario_key", "mode", "due_at", "note", "deleted"})
# What a training.attempt may carry. score, passed and scorecard are accepted and ignored:
# the server stores its own (an older desk, or a hostile one, may send them).
ATTEMPT_FIELDS = frozenset({"trainee_id", "scenario_key", "scenario_sha256", "mode", "assignment_id", "started_at", "clock_end",
                            "actions", "score", "passed", "scorecard"})
IGNORED_ATTEMPT_FIELDS = frozenset({"score", "passed", "scorecard"})

_NS = uuid.UUID("8b0c5a7e-2f4d-4c1a-9e3b-15a7d0c3e115")


def scenario_row_id(team_id: uuid.UUID, scenario_key: str) -> uuid.UUID:
    """A team's scenario row id, derived: a desk and the server name the same row, and two
    saves of one scenario id can never make two rows."""
    return uuid.uuid5(_NS, f"training-scenario:{team_id}:{scenario_key}")


# --- who may ----------------------------------------------------------------------------------
def check_scenario_write(role: str, actor_team_id: uuid.UUID | None, team_id: uuid.UUID | None) -> None:
    if role == "admin":
        return
    if role != "trainer" or team_id is None or actor_team_id != team_id:
        raise RuleError(code="training.trainers_only")


def check_assign(role: str, actor_team_id: uuid.UUID | None, trainee_team_id: uuid.UUID | None) -> None:
    if role == "admin":
        return
    if role not in ASSIGN_ROLES or trainee_team_id is None or actor_team_id != trainee_team_id:
        raise RuleError(code="training.assign_not_allowed")


def check_attempt_write(actor_id: uuid.UUID, trainee_id: uuid.UUID | None) -> None:
    if trainee_id is None or actor_id != trainee_id:
        raise RuleError(code="training.own_attempts_only")


def can_see_results(role: str, actor_id: uuid.UUID, actor_team_id: uuid.UUID | None, trainee_id: uuid.UUID,
                    team_id: uuid.UUID | None) -> bool:
    if actor_id == trainee_id or role == "admin":
        return True
    return role in RESULT_ROLES and team_id is not None and actor_team_id == team_id


def can_use_console(role: str) -> bool:
    """The Trainer console is for trainers, leads (results and assignments) and admins."""
    return role in RESULT_ROLES


# --- values -------------------------------------------------------------------------------------
def check_mode(mode) -> str:
    if mode not in MODES:
        raise RuleError(code="training.mode", mode=repr(str(mode)[:40]))
    return str(mode)


def check_format(fmt) -> str:
    if fmt not in FORMATS:
        raise RuleError(code="training.format", format=repr(str(fmt)[:20]))
    return str(fmt)


def check_note(note) -> str:
    if note is None:
        return ""
    if not isinstance(note, str) or len(note) > MAX_NOTE_CHARS or "\x00" in note:
        raise RuleError(code="training.note", most=MAX_NOTE_CHARS)
    return note.strip()


def check_source(source) -> str:
    if not isinstance(source, str) or not source.strip():
        raise RuleError(code="training.source_empty")
    if len(source.encode("utf-8")) > MAX_SCENARIO_BYTES or "\x00" in source:
        raise RuleError(code="training.source_too_large", most=MAX_SCENARIO_BYTES // 1024)
    return source


def check_actions(actions) -> list[dict]:
    """The action list's shape and budget (each action's fields are the engine's to check)."""
    if not isinstance(actions, list):
        raise RuleError(code="training.actions_shape")
    if len(actions) > MAX_ACTIONS:
        raise RuleError(code="training.too_many_actions", most=MAX_ACTIONS)
    if not all(isinstance(a, dict) for a in actions):
        raise RuleError(code="training.actions_shape")
    if len(json.dumps(actions, ensure_ascii=False).encode("utf-8")) > MAX_ATTEMPT_BYTES:
        raise RuleError(code="training.actions_too_large", most=MAX_ATTEMPT_BYTES // (1024 * 1024))
    return actions


def check_clock_end(value) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
            or not 0 <= value <= MAX_VIRTUAL_SECONDS:
        raise RuleError(code="training.clock_end")
    return float(value)


def check_key(value) -> str:
    """A scenario id as the format spells it ([a-z0-9-]{3,64})."""
    if not isinstance(value, str) or not 3 <= len(value) <= 64 or any(c not in _KEY_CHARS for c in value):
        raise RuleError(code="training.no_scenario", key=repr(str(value)[:64]))
    return value


_KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")


def check_time(value, *, code: str = "training.due_at"):
    """An ISO 8601 time with a zone (as it travels) → an aware datetime; None stays None."""
    from datetime import datetime

    if value is None:
        return None
    if isinstance(value, datetime):
        parsed = value
    else:
        try:
            parsed = datetime.fromisoformat(str(value)[:40])
        except ValueError:
            raise RuleError(code=code) from None
    if parsed.tzinfo is None:
        raise RuleError(code=code)
    return parsed


def check_sha(value) -> str:
    if not isinstance(value, str) or len(value) != 64 or any(c not in "0123456789abcdef" for c in value):
        raise RuleError(code="training.sha_shape")
    return value


# --- scenarios (the simulation package) ----------------------------------------------------------
@dataclass(frozen=True)
class Parsed:
    """A scenario source as stored: the scenario and what the row derives from it."""

    scenario: Any
    key: str
    title: str
    language: str
    difficulty: str
    sha256: str


def _bundled_all() -> dict:
    """{id: Scenario} of the bundled files, parsed once per set of files (the server asks
    for each attempt; parsing all of them takes tens of milliseconds)."""
    from agentdesk.simulation.scenario import BUNDLED_DIR

    stamp = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(BUNDLED_DIR.glob("*.toml")))
    return _bundled_cached(stamp)


@functools.lru_cache(maxsize=2)
def _bundled_cached(_stamp: tuple) -> dict:
    from agentdesk.simulation.scenario import bundled_scenarios

    return {s.id: s for s in bundled_scenarios()}


def bundled_ids() -> frozenset[str]:
    return frozenset(_bundled_all())


def bundled(key: str):
    """The bundled scenario with this id, or None."""
    return _bundled_all().get(key)


def bundled_list() -> list:
    return sorted(_bundled_all().values(), key=lambda s: s.id)


def scenario_sha256(scenario) -> str:
    """The SHA-256 of the canonical scenario JSON: what Session.record() names."""
    return scenario.sha256()


def parse_source(source: Any, fmt: Any, *, name: str = "scenario") -> Parsed:
    """A trainer's source parsed and validated; RuleError training.scenario_invalid with
    the ScenarioError's one line (file:line: field: problem) when it is broken."""
    from agentdesk.simulation.scenario import ScenarioError, parse_scenario

    source = check_source(source)
    kind: Literal["toml", "json"] = "json" if check_format(fmt) == "json" else "toml"
    try:
        s = parse_scenario(source, name=name, fmt=kind)
    except ScenarioError as exc:
        raise RuleError(code="training.scenario_invalid", problem=str(exc)) from None
    return Parsed(s, s.id, str(s.title)[:200], str(s.language), str(s.difficulty), scenario_sha256(s))


def check_not_bundled(key: str) -> None:
    if key in bundled_ids():
        raise RuleError(code="training.bundled_id", key=key)


def recompute(scenario, record: dict) -> dict:
    """The scorecard (Scorecard.to_json()) re-derived from the scenario and the record's
    actions: what is stored, whatever the desk computed. RuleError when the record does
    not match the scenario (its SHA-256) or an action is not one the engine takes."""
    from agentdesk.simulation import runner

    sha = scenario_sha256(scenario)
    if record.get("scenario_sha256") != sha:
        raise RuleError(code="training.sha_mismatch", key=str(record.get("scenario"))[:64])
    try:
        card = runner.replay(scenario, record)
    except RuleError:
        raise
    except (ValueError, TypeError, KeyError) as exc:
        raise RuleError(code="training.actions_invalid", problem=str(exc).splitlines()[0][:200] if str(exc) else
                        type(exc).__name__) from None
    return card.to_json()


def record_of(key: str, sha: str, mode: str, actions: list[dict], clock_end: float | None) -> dict:
    """The Session.record() shape runner.replay reads."""
    return {"scenario": key, "scenario_sha256": sha, "mode": mode, "actions": actions, "ended_at": clock_end}
