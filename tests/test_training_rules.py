"""agentdesk/training_rules.py: who may write scenarios, assign and record attempts, the
budgets of an attempt, and the scorecard recomputed from the scenario and the actions
(never the one a desk sends)."""

from __future__ import annotations

import uuid

import pytest

from agentdesk import training_rules as tr
from agentdesk.rules import RuleError
from tests.training_support import own_scenario, played, record

CARDS, SHIP = uuid.uuid4(), uuid.uuid4()
ME, OTHER = uuid.uuid4(), uuid.uuid4()


def _code(fn) -> str | None:
    try:
        fn()
    except RuleError as e:
        return e.code
    return None


@pytest.mark.parametrize("role, team, target, allowed", [
    ("trainer", CARDS, CARDS, True), ("admin", None, CARDS, True), ("trainer", SHIP, CARDS, False),
    ("lead", CARDS, CARDS, False), ("agent", CARDS, CARDS, False), ("trainer", CARDS, None, False),
])
def test_scenarios_are_written_by_the_teams_trainers_and_admins(role, team, target, allowed):
    code = _code(lambda: tr.check_scenario_write(role, team, target))
    assert code == (None if allowed else "training.trainers_only")


@pytest.mark.parametrize("role, team, trainee_team, allowed", [
    ("trainer", CARDS, CARDS, True), ("lead", CARDS, CARDS, True), ("admin", None, SHIP, True),
    ("trainer", SHIP, CARDS, False), ("lead", SHIP, CARDS, False), ("agent", CARDS, CARDS, False),
    ("trainer", CARDS, None, False),
])
def test_training_is_assigned_by_trainers_and_leads_of_the_trainees_team(role, team, trainee_team, allowed):
    code = _code(lambda: tr.check_assign(role, team, trainee_team))
    assert code == (None if allowed else "training.assign_not_allowed")


def test_an_attempt_is_the_trainees_own_and_results_are_the_teams():
    assert _code(lambda: tr.check_attempt_write(ME, ME)) is None
    assert _code(lambda: tr.check_attempt_write(ME, OTHER)) == "training.own_attempts_only"
    assert _code(lambda: tr.check_attempt_write(ME, None)) == "training.own_attempts_only"
    assert tr.can_see_results("agent", ME, CARDS, ME, CARDS)
    assert not tr.can_see_results("agent", ME, CARDS, OTHER, CARDS)
    assert tr.can_see_results("trainer", ME, CARDS, OTHER, CARDS) and tr.can_see_results("lead", ME, CARDS, OTHER, CARDS)
    assert not tr.can_see_results("trainer", ME, SHIP, OTHER, CARDS)
    assert tr.can_see_results("admin", ME, None, OTHER, CARDS)
    assert [r for r in ("agent", "trainer", "lead", "admin") if tr.can_use_console(r)] == ["trainer", "lead", "admin"]


def test_budgets_and_values():
    assert _code(lambda: tr.check_actions([{"at": 0, "do": "end"}] * (tr.MAX_ACTIONS + 1))) == "training.too_many_actions"
    big = [{"at": 0, "do": "note", "text": "가" * 200_000}] * 3
    assert _code(lambda: tr.check_actions(big)) == "training.actions_too_large"
    assert _code(lambda: tr.check_actions({"at": 0})) == "training.actions_shape"
    assert _code(lambda: tr.check_actions([1, 2])) == "training.actions_shape"
    assert _code(lambda: tr.check_mode("exam")) == "training.mode"
    assert _code(lambda: tr.check_sha("00")) == "training.sha_shape"
    assert _code(lambda: tr.check_clock_end(float("nan"))) == "training.clock_end"
    assert _code(lambda: tr.check_clock_end(-1)) == "training.clock_end"
    assert _code(lambda: tr.check_time("2026-12-06T10:00:00")) == "training.due_at"  # no zone
    assert _code(lambda: tr.check_note("x" * (tr.MAX_NOTE_CHARS + 1))) == "training.note"
    assert _code(lambda: tr.check_source("x" * (tr.MAX_SCENARIO_BYTES + 1))) == "training.source_too_large"
    assert _code(lambda: tr.check_key("../etc")) == "training.no_scenario"
    assert tr.scenario_row_id(CARDS, "a-b") == tr.scenario_row_id(CARDS, "a-b") != tr.scenario_row_id(SHIP, "a-b")


def test_a_broken_source_is_refused_with_its_one_line():
    broken = own_scenario().replace("pass_score = 70", 'pass_score = "high"', 1)
    assert broken != own_scenario()
    with pytest.raises(RuleError) as e:
        tr.parse_source(broken, "toml")
    assert e.value.code == "training.scenario_invalid"
    problem = str(e.value.params["problem"])
    assert "\n" not in problem and "pass_score" in problem, problem
    with pytest.raises(RuleError) as e:
        tr.parse_source("id = [", "toml")
    assert e.value.code == "training.scenario_invalid"
    parsed = tr.parse_source(own_scenario(), "toml")
    assert (parsed.key, parsed.language, len(parsed.sha256)) == ("card-limit-copy", "ko", 64)
    assert _code(lambda: tr.check_not_bundled("card-limit-inquiry")) == "training.bundled_id"
    assert _code(lambda: tr.check_not_bundled("card-limit-copy")) is None


def test_the_scorecard_is_recomputed_and_a_changed_scenario_is_refused():
    good, bad = played("card-limit-inquiry", "card-limit-inquiry.good"), played("card-limit-inquiry",
                                                                                 "card-limit-inquiry.bad")
    assert good["passed"] and not bad["passed"] and good["score"] > bad["score"]
    assert good == played("card-limit-inquiry", "card-limit-inquiry.good")  # deterministic
    scenario = tr.bundled("card-limit-inquiry")
    with pytest.raises(RuleError) as e:
        tr.recompute(scenario, record("card-limit-inquiry", "card-limit-inquiry.good", sha="0" * 64))
    assert e.value.code == "training.sha_mismatch"
    weird = record("card-limit-inquiry", "card-limit-inquiry.good")
    weird["actions"] = [{"at": 5, "do": "dance"}]
    with pytest.raises(RuleError) as e:
        tr.recompute(scenario, weird)
    assert e.value.code == "training.actions_invalid"
