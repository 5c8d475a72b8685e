"""The scenario format: the fixture loads, every kind of mistake is refused with one line
naming the file, the line and the field, and the JSON form is the same tree."""

from __future__ import annotations

import json
import typing
from pathlib import Path

import pytest

from agentdesk.simulation.scenario import (
    FORMAT_VERSION, ScenarioError, load_scenario, parse_scenario, scenario_json_schema,
)
from tests.sim_support import TINY, tiny


def _toml() -> str:
    return TINY.read_text(encoding="utf-8")


def _error(text: str, fmt: str = "toml") -> str:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, name="s.toml" if fmt == "toml" else "s.json", fmt=fmt)  # type: ignore[arg-type]
    message = str(info.value)
    assert "\n" not in message
    return message


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_the_fixture_loads():
    scn = tiny()
    assert scn.id == "tiny-limit" and scn.format == FORMAT_VERSION
    assert [s.id for s in scn.script][:2] == ["gives-identity", "thanks"]
    assert scn.script[0].effective_delay == 15 and scn.script[3].effective_delay == 0  # idle: no default delay
    assert scn.script[2].effective_mood == "worse"  # a wrong answer
    assert scn.source == str(TINY)


def test_an_unknown_key_names_its_line_and_path():
    text = _toml().replace('say = "감사합니다!"', 'say = "감사합니다!"\nsya = "oops"')
    assert _error(text) == f"s.toml:{_line_of(text, 'sya =')}: script[1].sya: unknown field (not part of scenario format 1)"


def test_a_wrong_value_in_an_inline_table_names_its_line():
    text = _toml().replace('when = { intent = "identity_check" }', 'when = { intent = "identity_chek" }')
    message = _error(text)
    assert message.startswith(f"s.toml:{_line_of(text, 'identity_chek')}: script[0].when.intent: unknown intent 'identity_chek'")


def test_a_broken_toml_file_names_its_line():
    text = _toml().replace('title = "작은 한도 조회"', 'title = "작은 한도 조회')
    assert _error(text).startswith(f"s.toml:{_line_of(text, 'title = ')}: not valid TOML")


def test_a_newer_format_is_refused_clearly():
    text = _toml().replace("format = 1", "format = 2")
    assert _error(text) == "s.toml:2: format: format 2 is newer than this AgentDesk reads (format 1); update AgentDesk"


def test_json_is_the_same_tree_and_names_lines_too():
    scn = tiny()
    text = json.dumps(scn.model_dump(mode="json"), ensure_ascii=False, indent=2)
    again = parse_scenario(text, name="s.json", fmt="json")
    assert again.sha256() == scn.sha256()
    broken = text.replace('"difficulty": "beginner"', '"difficulty": "expert"')
    assert _error(broken, "json").startswith(f"s.json:{_line_of(broken, 'expert')}: difficulty: Input should be")


def test_the_schema_is_pydantics():
    schema = scenario_json_schema()
    assert schema["additionalProperties"] is False and "script" in schema["properties"]


def test_load_scenario_refuses_other_suffixes(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("id: x")
    with pytest.raises(ScenarioError, match="ends in .toml or .json"):
        load_scenario(path)


# --- docs/scenarios.md stays in step with the code -------------------------------------------------

DOC = Path(__file__).resolve().parents[1] / "docs" / "scenarios.md"


def _block(lang: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index(f"```{lang}\n") + len(f"```{lang}\n")
    return text[start:text.index("```", start)]


def test_the_documented_example_is_valid_and_its_responses_pass():
    from agentdesk.simulation.responses import parse_responses
    from agentdesk.simulation.runner import play

    scn = parse_scenario(_block("toml"), name="docs/scenarios.md", fmt="toml")
    actions = parse_responses(_block("jsonl"), name="docs/scenarios.md", scenario=scn)
    card = play(scn, actions)
    assert card.passed and card.auto_fail == [], card.to_json()


def test_every_field_trigger_check_rule_and_intent_is_documented():
    from agentdesk.simulation import scenario as fmt
    from agentdesk.simulation.engine import AUTO_FAIL_RULES
    from agentdesk.simulation.phrases import INTENTS

    doc = DOC.read_text(encoding="utf-8")
    models = [fmt.Scenario, fmt.Persona, fmt.Product, fmt.Order, fmt.OrderItem, fmt.PastInquiry, fmt.Opening, fmt.Article,
              fmt.Template, fmt.Mood, fmt.Step, fmt.Trigger, fmt.FieldMatch, fmt.Expect, fmt.ExpectFields, fmt.Followup,
              fmt.RubricItem]
    names = {name for model in models for name in model.model_fields}
    names |= set(fmt.CHECK_KINDS) | set(AUTO_FAIL_RULES) | set(INTENTS) | set(fmt.TRIGGER_KEYS)
    missing = sorted(n for n in names if not any(form in doc for form in (f"`{n}", f"{n} =", f"{n}:", f".{n}]]")))
    assert missing == []


def test_the_vocabularies_match_the_models():
    from agentdesk import models
    from agentdesk.simulation import responses
    from agentdesk.simulation import scenario as fmt

    assert set(fmt.TICKET_STATUSES) == set(models.TICKET_STATUSES) == set(responses.TICKET_STATUSES)
    assert set(fmt.PRIORITIES) == set(models.PRIORITIES) == set(responses.PRIORITIES)
    assert fmt.VIP_TIERS == models.VIP_TIERS and fmt.PRODUCT_KINDS == models.PRODUCT_KINDS
    assert fmt.ORDER_STATUSES == models.ORDER_STATUSES
    assert set(fmt.CHANNELS) == set(models.CHANNELS) - {"web"}

    def choices(model, field: str) -> tuple:
        annotation = model.model_fields[field].annotation
        args = typing.get_args(annotation)
        literal = next(a for a in (annotation, *args) if typing.get_origin(a) is typing.Literal)
        return typing.get_args(literal)

    assert choices(fmt.Scenario, "channel") == fmt.CHANNELS and choices(fmt.Scenario, "language") == fmt.LANGUAGES
    assert choices(fmt.Scenario, "difficulty") == fmt.DIFFICULTIES and choices(fmt.Persona, "tier") == fmt.VIP_TIERS
    assert choices(fmt.Product, "kind") == fmt.PRODUCT_KINDS and choices(fmt.Order, "status") == fmt.ORDER_STATUSES
    assert choices(fmt.PastInquiry, "status") == fmt.TICKET_STATUSES == choices(fmt.ExpectFields, "status")
    assert choices(fmt.FieldMatch, "priority") == fmt.PRIORITIES == choices(fmt.ExpectFields, "priority")
    assert choices(fmt.Mood, "start") == fmt.MOODS and choices(fmt.Step, "mood") == fmt.MOOD_EFFECTS


def test_lines_inside_nested_tables_multiline_strings_and_subtables():
    base = _toml()
    text = base.replace('  account_last4 = "1234"', '  account_last4 = "12345"')
    assert _error(text).startswith(f"s.toml:{_line_of(text, '12345')}: persona.products[0].account_last4: String should match")
    text = base.replace('summary = "고객이 카드 한도를 묻는다."', 'summary = """여러 줄\nsay = "not a key"\n끝"""')
    text = text.replace('say = "네? 300만원이요? 이상하네요."', 'say = "네? 300만원이요? 이상하네요."\nmood = "furious"')
    assert _error(text).startswith(f"s.toml:{_line_of(text, 'furious')}: script[2].mood: Input should be")
    text = base.replace('[[script]]\nid = "nudge"\nwhen = { idle = 300 }',
                        '[[script]]\nid = "nudge"\n[script.when]\nidle = -5')
    assert _error(text).startswith(f"s.toml:{_line_of(text, 'idle = -5')}: script[3].when.idle: Input should be greater than or equal to 1")


def test_reference_problems_are_all_reported():
    text = _toml().replace('articles = ["kb-card-limit"]', 'articles = ["kb-nope"]').replace(
        'when = { intent = "identity_check" }', 'when = { step = "thanks" }')
    text = text.replace('when = { keywords = ["375만", "남은 한도"] }', 'when = { step = "gives-identity" }')
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, name="s.toml", fmt="toml")
    messages = [(p.path, p.message) for p in info.value.problems]
    assert ("script[0].when.step", "the step triggers form a cycle") in messages
    assert ("expect.articles[0]", "no [[knowledge]] article with id 'kb-nope'") in messages
    assert str(info.value).endswith("(and 1 more)")


def test_installed_and_frozen_apps_ship_the_bundled_scenarios():
    import tomllib

    root = Path(__file__).resolve().parents[1]
    data = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    assert "simulation/scenarios/*.toml" in data["tool"]["setuptools"]["package-data"]["agentdesk"]
    spec = (root / "build.spec").read_text(encoding="utf-8")
    assert '"agentdesk/simulation/scenarios")' in spec and '"agentdesk.commands.simulate"' in spec
