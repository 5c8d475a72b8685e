"""Headless play and replay: the runner `agentdesk simulate`, the tests and the team server use.

``play`` runs a scenario against a list of actions on the virtual clock: the session ends at the
trainee's ``end`` action, or at the scenario's time limit (actions from then on are not played).
``replay`` recomputes an attempt's scorecard from its record (Session.record()); a record made
against another version of the scenario (its sha256 differs) is refused.
"""

from __future__ import annotations

from collections.abc import Iterable

from agentdesk.simulation.engine import Mode, Session
from agentdesk.simulation.responses import MAX_ACTIONS, Action, Budget
from agentdesk.simulation.scenario import Scenario
from agentdesk.simulation.scoring import Scorecard


class ReplayError(ValueError):
    """A record that cannot be replayed against this scenario (one line)."""


def run(scenario: Scenario, actions: Iterable[Action], mode: Mode = "practice", end_at: float | None = None) -> Session:
    """The ended session (its log, record and scorecard)."""
    session = Session(scenario, mode)
    session.start()
    for action in actions:
        if session.ended or action.at >= scenario.time_limit:
            break
        session.act(action)
    session.end(scenario.time_limit if end_at is None else end_at)
    return session


def play(scenario: Scenario, actions: Iterable[Action], mode: Mode = "practice") -> Scorecard:
    """The scorecard of ``actions`` played against ``scenario``."""
    return run(scenario, actions, mode).end(scenario.time_limit)


def replay(scenario: Scenario, record: dict) -> Scorecard:
    """Recomputes a scorecard from Session.record() (never trusting a stored score)."""
    if not isinstance(record, dict):
        raise ReplayError("an attempt record is a JSON object")
    if record.get("scenario") != scenario.id:
        raise ReplayError(f"the record is for scenario {record.get('scenario')!r}, not {scenario.id!r}")
    if record.get("scenario_sha256") != scenario.sha256():
        raise ReplayError(f"the record was made against another version of {scenario.id!r} (sha256 differs)")
    mode = record.get("mode")
    if mode not in ("practice", "certification"):
        raise ReplayError(f"unknown mode {mode!r}")
    raw = record.get("actions")
    if not isinstance(raw, list):
        raise ReplayError("the record has no action list")
    if len(raw) > MAX_ACTIONS:
        raise ReplayError(f"more than {MAX_ACTIONS} actions (the replay budget)")
    budget = Budget(scenario)
    actions: list[Action] = []
    for i, item in enumerate(raw):
        try:
            action = Action.from_dict(item)
        except ValueError as exc:
            raise ReplayError(f"actions[{i}]: {exc}") from None
        if actions and action.at < actions[-1].at:
            raise ReplayError(f"actions[{i}]: 'at' goes back in time")
        over = budget.problem(action)
        if over is not None:
            raise ReplayError(f"actions[{i}]: {over}")
        budget.add(action)
        actions.append(action)
    ended_at = record.get("ended_at")
    if ended_at is not None and (isinstance(ended_at, bool) or not isinstance(ended_at, int | float) or ended_at < 0):
        raise ReplayError("ended_at must be a number of seconds")
    if ended_at is not None and actions and actions[-1].at > ended_at:
        raise ReplayError(f"an action at {actions[-1].at:g} s comes after the end ({ended_at:g} s)")
    try:
        session = run(scenario, actions, mode, None if ended_at is None else float(ended_at))
    except ValueError as exc:
        raise ReplayError(str(exc)) from None
    return session.end(scenario.time_limit)
