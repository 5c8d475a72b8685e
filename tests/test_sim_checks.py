"""Closings, the rubric checks before:A:B and field:NAME, forbidden phrases under negation, and
Korean particles chosen by the final consonant."""

from __future__ import annotations

import pytest

from agentdesk.simulation.josa import josa
from agentdesk.simulation.phrases import detect, intents_in
from agentdesk.simulation.responses import Action
from agentdesk.simulation.runner import play
from agentdesk.simulation.scenario import ScenarioError, parse_scenario
from tests.sim_support import TINY, english, reply, tiny, variant

# --- closings -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["문의해 주셔서 감사합니다.", "문의주셔서 감사합니다", "이용해 주셔서 감사합니다!", "좋은 하루 보내세요",
                                  "오늘도 좋은 하루 되세요", "Thank you for contacting us.", "Thanks for contacting us!",
                                  "Have a nice day.", "Have a great day!"])
def test_closings(text):
    assert detect(text, "closing"), text


def test_thank_you_for_contacting_is_no_greeting_and_a_bare_thanks_no_closing():
    assert intents_in("Thank you for contacting us.") == {"closing"}
    assert "greeting" in intents_in("Hello, thank you for contacting us.")
    for text in ("감사합니다. 확인해 보겠습니다.", "네, 감사합니다.", "본인 확인 감사합니다. 총 한도는 500만 원입니다.",
                 "Thank you. Let me check.", "Thanks for confirming your date of birth."):
        assert "closing" not in intents_in(text), text


# --- Korean particles -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("word", "particle", "want"), [
    ("템플릿", "을", "템플릿을"), ("템플릿", "를", "템플릿을"), ("문서", "을", "문서를"), ("인사", "을/를", "인사를"),
    ("확인", "를", "확인을"), ("본인 확인", "을", "본인 확인을"), ("마무리 인사", "을", "마무리 인사를"),
    ("템플릿", "이", "템플릿이"), ("문서", "이", "문서가"), ("상담 종료", "가", "상담 종료가"), ("경고 안내", "가", "경고 안내가"),
    ("상담 종료", "은", "상담 종료는"), ("경고 안내", "는", "경고 안내는"), ("우선순위", "을", "우선순위를"),
    ("상태", "와", "상태와"), ("카테고리", "과", "카테고리와"), ("태그", "으로", "태그로"), ("카드", "으로", "카드로"),
    ("서울", "으로", "서울로"), ("본인 확인", "로", "본인 확인으로"),
    ("'한도 안내'", "을", "'한도 안내'를"), ("'카드 분실'", "이", "'카드 분실'이"), ("(상담원용)", "을", "(상담원용)을"),
    ("urgent", "으로", "urgent로"), ("solved", "이", "solved가"), ("card", "을", "card를"), ("email", "을", "email을"),
    ("3", "을", "3을"), ("2", "을", "2를"), ("10", "으로", "10으로"), ("7", "으로", "7로"), ("KB", "이", "KB가"),
    ("", "을", "을(를)"), ("!?", "이", "!?이(가)"),
])
def test_josa_follows_the_final_consonant(word, particle, want):
    assert josa(word, particle) == want


def test_josa_refuses_an_unknown_particle():
    with pytest.raises(ValueError):
        josa("문서", "의")


def test_the_missing_template_why_uses_the_right_particle():
    card = play(tiny(), [reply(10, "안녕하세요")])
    scn = variant(tiny(), rubric=[{"id": "t", "label": "템플릿", "weight": 1, "check": "template"},
                                  {"id": "a", "label": "문서", "weight": 1, "check": "article"}])
    card = play(scn, [reply(10, "안녕하세요")])
    assert [i.why for i in card.items] == ["맞는 템플릿을 쓰지 않았습니다: '한도 안내'",
                                           "맞는 문서를 쓰지 않았습니다: '카드 한도 조회 방법'"]


# --- before:A:B -----------------------------------------------------------------------------------------

WARN = "욕설이 계속되면 상담을 종료할 수밖에 없습니다."
END = "지금 상담을 종료하겠습니다."


def _before(lang: str = "ko"):
    base = english() if lang == "en" else tiny()
    return variant(base, rubric=[{"id": "order", "label": "경고 후 종료", "weight": 10, "check": "before:warning:end_contact"},
                                 {"id": "greet", "label": "인사", "weight": 10, "check": "said:greeting"}])


@pytest.mark.parametrize(("actions", "points", "why"), [
    ([reply(10, WARN), reply(60, END)], 10, "경고 안내를 상담 종료보다 먼저 (10초 시점; 상담 종료 1분 시점)"),
    ([reply(10, WARN)], 10, "경고 안내 10초 시점; 상담 종료는 없었습니다"),
    ([reply(10, END), reply(60, WARN)], 0, "상담 종료가 경고 안내보다 먼저 나왔습니다 (상담 종료 10초, 경고 안내 1분 시점)"),
    ([reply(10, END)], 0, "경고 안내 없이 상담 종료 (10초 시점)"),
    ([reply(10, "안녕하세요")], 0, "'경고 안내' 표현이 없었습니다"),
    ([reply(10, WARN + " " + END)], 0, "경고 안내와 상담 종료가 한 답변에 함께 나왔습니다 (10초 시점)"),
])
def test_before_checks_the_order(actions, points, why):
    [item, _] = play(_before(), actions).items
    assert (item.points, item.why) == (points, why)


def test_before_in_english_and_its_suggestion():
    warn = "If you continue to use abusive language, I will end this call."
    card = play(_before("en"), [reply(10, "I am ending this call now."), reply(60, warn)])
    assert card.items[0].why == "ending the contact at 10 s came before the abuse warning at 1 min"
    assert "Abuse warning first, then ending the contact." in card.suggestions
    ko = play(_before(), [reply(10, END)])
    assert "상담 종료 전에 경고 안내를 먼저 하세요." in ko.suggestions


@pytest.mark.parametrize(("check", "problem"), [
    ("before:warning", "before: needs two intents: before:INTENT_A:INTENT_B"),
    ("before:warning:warning", "before: needs two different intents"),
    ("before:warning:bye", "before: unknown intent 'bye'"),
    ("field:colour", "field: one of category, status, priority, tags, not 'colour'"),
    ("field", "field: one of category, status, priority, tags, not ''"),
    ("field:followup", "field: one of category, status, priority, tags, not 'followup'"),
])
def test_bad_checks_are_refused_by_line(check, problem):
    text = TINY.read_text(encoding="utf-8").replace('check = "said:greeting"', f'check = "{check}"')
    with pytest.raises(ScenarioError) as exc:
        parse_scenario(text, name="s.toml", fmt="toml")
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if f'"{check}"' in ln)
    assert str(exc.value).startswith(f"s.toml:{line}: rubric[0].check: {problem}"), str(exc.value)


def test_field_needs_its_expected_value():
    text = TINY.read_text(encoding="utf-8").replace('check = "said:greeting"', 'check = "field:priority"')
    with pytest.raises(ScenarioError, match=r"rubric\[0\]\.check: field:priority needs expect.fields.priority"):
        parse_scenario(text, name="s.toml", fmt="toml")


# --- field:NAME -------------------------------------------------------------------------------------------

def _fields_scn(lang: str = "ko"):
    base = english() if lang == "en" else tiny()
    expect = {**base.model_dump(mode="json")["expect"],
              "fields": {"category": "card", "status": "solved", "priority": "urgent", "tags": ["분실", "긴급"]}}
    return variant(base, expect=expect, rubric=[
        {"id": "prio", "label": "우선순위 긴급", "weight": 10, "check": "field:priority"},
        {"id": "tags", "label": "태그", "weight": 10, "check": "field:tags"},
        {"id": "rest", "label": "나머지 필드", "weight": 10, "check": "fields"}])


def test_field_scores_one_field_and_fields_scores_the_rest():
    card = play(_fields_scn(), [Action(10, "set", fields={"priority": "urgent", "category": "card", "tags": ["분실"]})])
    assert [(i.points, i.why) for i in card.items] == [
        (10.0, "우선순위를 urgent로 설정"),
        (5.0, "태그 1/2 맞음; 빠짐: 긴급"),
        (5.0, "필드 1/2 맞음; 빠짐: status=solved"),  # priority and tags have items of their own
    ]
    card = play(_fields_scn(), [Action(10, "set", fields={"priority": "high"})])
    assert card.items[0].why == "우선순위 high; urgent가 맞습니다" and card.items[0].points == 0
    card = play(_fields_scn(), [])
    assert card.items[0].why == "우선순위를 설정하지 않았습니다; urgent가 맞습니다"
    assert "티켓 필드를 설정하세요: category=card, status=solved, priority=urgent, tag 분실, tag 긴급." in card.suggestions


def test_field_in_english():
    card = play(_fields_scn("en"), [Action(10, "set", fields={"priority": "high", "tags": ["분실", "긴급"]})])
    assert [i.why for i in card.items] == ["priority is high; urgent expected", "all 2 tags right",
                                           "0 of 2 fields right; missing: category=card, status=solved"]
    card = play(_fields_scn("en"), [Action(10, "set", fields={"priority": "urgent"})])
    assert card.items[0].why == "priority set to urgent"


# --- forbidden phrases and negation ----------------------------------------------------------------------

def test_forbidden_phrases_honour_negation():
    scn = variant(tiny(), expect={**tiny().model_dump(mode="json")["expect"], "forbidden": ["무조건 승인", "guaranteed approval"]})
    assert [a.rule for a in play(scn, [reply(10, "네, 무조건 승인됩니다.")]).auto_fail] == ["forbidden_phrase"]
    assert play(scn, [reply(10, "무조건 승인된다고 말씀드릴 수는 없습니다.")]).auto_fail == []
    assert play(scn, [reply(10, "We cannot offer guaranteed approval.")]).auto_fail == []
    assert [a.rule for a in play(scn, [reply(10, "You have guaranteed approval!")]).auto_fail] == ["forbidden_phrase"]
