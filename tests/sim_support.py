"""Fixtures of the simulation tests: a tiny scenario of our own (the bundled ones belong to
the scenario writers and may change) and helpers to play it."""

from __future__ import annotations

from pathlib import Path

from agentdesk.simulation.responses import Action, parse_responses
from agentdesk.simulation.scenario import Scenario, load_scenario

FIXTURES = Path(__file__).resolve().parent / "sim_fixtures"
TINY = FIXTURES / "tiny-limit.toml"
TINY_GOOD = FIXTURES / "tiny-good.jsonl"


def tiny() -> Scenario:
    return load_scenario(TINY)


def good_actions() -> list[Action]:
    return parse_responses(TINY_GOOD.read_text(encoding="utf-8"), name=str(TINY_GOOD))


def reply(at: float, text: str) -> Action:
    return Action(at, "reply", text=text)


def variant(base: Scenario | None = None, **changes) -> Scenario:
    """The tiny scenario (or ``base``) with top-level keys replaced (dicts/lists as in the TOML)."""
    data = (base or tiny()).model_dump(mode="json")
    data.update(changes)
    return Scenario.model_validate(data)


def english() -> Scenario:
    """The tiny scenario in English (language en: the scorecard's why texts in English)."""
    return variant(language="en", title="Tiny limit inquiry")


def texts(messages) -> list[tuple[float, str]]:
    return [(m.at, m.text) for m in messages]
