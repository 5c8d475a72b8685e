"""agentdesk/review_rules.py: a rubric's shape and bounds, scores against it, the weighted
score and the auto-fail, who may review whom and who may read a review."""

from __future__ import annotations

import ast
import uuid
from pathlib import Path

import pytest

from agentdesk import review_rules as rr

TEAM, OTHER = uuid.uuid4(), uuid.uuid4()
LEAD = rr.Actor(uuid.uuid4(), "lead", TEAM)
ADMIN = rr.Actor(uuid.uuid4(), "admin", None)
AGENT = rr.Actor(uuid.uuid4(), "agent", TEAM)
FAR_LEAD = rr.Actor(uuid.uuid4(), "lead", OTHER)


def item(key="greeting", weight=10, max_points=5, auto_fail=False, **kw):
    return {"key": key, "label_en": key.title(), "label_ko": "인사", "weight": weight, "max_points": max_points,
            "auto_fail": auto_fail, **kw}


DEFAULT = [item("greeting", 10), item("compliance", 25, auto_fail=True), item("accuracy", 25), item("empathy", 15),
           item("resolution", 20), item("closing", 5)]


def test_a_good_rubric_reads_back():
    name, items = rr.check_rubric("  Standard  ", DEFAULT)
    assert name == "Standard" and [i.key for i in items][:2] == ["greeting", "compliance"]
    assert items[1].auto_fail and items[1].label("ko") == "인사" and items[0].label("en") == "Greeting"
    assert items[0].to_json() == item("greeting", 10)


@pytest.mark.parametrize(("name", "items", "code"), [
    ("", DEFAULT, "review.label_missing"),
    ("x" * 81, DEFAULT, "review.label_length"),
    ("ok", [], "review.rubric_empty"),
    ("ok", "greeting", "review.rubric_empty"),
    ("ok", [item(f"k{n}") for n in range(21)], "review.rubric_too_many"),
    ("ok", [item("a"), item("a")], "review.item_duplicate"),
    ("ok", [item("Bad Key")], "review.item_key"),
    ("ok", [item("k" * 33)], "review.item_key"),
    ("ok", [item(weight=0)], "review.item_weight"),
    ("ok", [item(weight=-3)], "review.item_weight"),
    ("ok", [item(weight=float("nan"))], "review.item_weight"),
    ("ok", [item(weight=True)], "review.item_weight"),
    ("ok", [item(weight=101)], "review.item_weight"),
    ("ok", [item(max_points=0)], "review.item_points"),
    ("ok", [item(max_points=11)], "review.item_points"),
    ("ok", [item(max_points=2.5)], "review.item_points"),
    ("ok", [item(auto_fail="yes")], "review.item_auto_fail"),
    ("ok", [item(label_en="x" * 81)], "review.label_length"),
    ("ok", [item(label_ko="")], "review.label_missing"),
    ("ok", [item(label_en="a\x00b")], "review.label_control"),
    ("ok", [item(colour="red")], "review.item_fields"),
    ("ok", ["greeting"], "review.item_shape"),
])
def test_a_bad_rubric_is_refused_with_its_code(name, items, code):
    with pytest.raises(rr.ReviewError) as e:
        rr.check_rubric(name, items)
    assert e.value.code == code and str(e.value)


def test_twenty_items_are_allowed():
    assert len(rr.check_rubric("big", [item(f"k{n}") for n in range(20)])[1]) == 20


ITEMS = rr.parse_items(DEFAULT)
FULL = {i.key: 5 for i in ITEMS}


def test_full_marks_score_100_and_the_formula_weighs_each_item():
    assert rr.score_of(ITEMS, FULL) == rr.Outcome(100.0, False, 100.0)
    half = {**FULL, "accuracy": 0}  # weight 25 of 100 lost
    assert rr.score_of(ITEMS, half).score == 75.0
    mixed = {"greeting": 4, "compliance": 5, "accuracy": 3, "empathy": 2, "resolution": 5, "closing": 1}
    expected = 100 * (10 * 4 / 5 + 25 + 25 * 3 / 5 + 15 * 2 / 5 + 20 + 5 * 1 / 5) / 100
    assert rr.score_of(ITEMS, mixed).score == round(expected, 1) == 75.0


def test_an_auto_fail_item_at_zero_fails_the_review_whatever_the_rest():
    out = rr.score_of(ITEMS, {**FULL, "compliance": 0})
    assert out.failed and out.score == 0.0 and out.weighted == 75.0
    assert not rr.score_of(ITEMS, {**FULL, "compliance": 1}).failed
    assert not rr.score_of(ITEMS, {**FULL, "greeting": 0}).failed  # not an auto-fail item


def test_weights_need_not_add_up_to_100():
    items = rr.parse_items([item("a", 1, 4), item("b", 3, 2)])
    assert rr.score_of(items, {"a": 2, "b": 2}).score == round(100 * (1 * 0.5 + 3 * 1.0) / 4, 1)


@pytest.mark.parametrize(("scores", "code"), [
    ({**FULL, "greeting": 6}, "review.score_range"),
    ({**FULL, "greeting": -1}, "review.score_range"),
    ({**FULL, "greeting": 2.5}, "review.score_range"),
    ({**FULL, "greeting": "5"}, "review.score_range"),
    ({**FULL, "greeting": True}, "review.score_range"),
    ({k: v for k, v in FULL.items() if k != "closing"}, "review.score_missing"),
    ({**FULL, "speed": 3}, "review.score_unknown_item"),
    ([5, 5, 5], "review.scores_shape"),
])
def test_scores_must_fit_the_rubric(scores, code):
    with pytest.raises(rr.ReviewError) as e:
        rr.check_scores(ITEMS, scores)
    assert e.value.code == code


def test_comments_are_bounded_and_masked():
    notes, overall = rr.check_comments(ITEMS, {"compliance": " asked for 4111 1111 1111 1111 ", "greeting": ""},
                                       "주민번호 900101-1234567 요청")
    assert notes == {"compliance": "asked for 4111 **** **** 1111"}  # the empty greeting comment dropped
    assert overall == "주민번호 900101-1****** 요청"
    for bad, code in (({"speed": "x"}, "review.score_unknown_item"), ({"greeting": "x" * 2001}, "review.comment_length"),
                      ({"greeting": 3}, "review.comment_shape"), ("text", "review.comments_shape"),
                      ({"greeting": "a\x07"}, "review.label_control")):
        with pytest.raises(rr.ReviewError) as e:
            rr.check_comments(ITEMS, bad)
        assert e.value.code == code


def handled(**kw):
    agent = kw.pop("agent", AGENT)
    base = dict(number=1042, status="solved", deleted=False, merged=False, assignee_id=agent.id, ticket_team_id=TEAM,
                tags=frozenset(), agent_id=agent.id, agent_team_id=agent.team_id)
    return rr.Handled(**{**base, **kw})


def test_a_lead_reviews_their_teams_agent_and_an_admin_anyone():
    rr.check_review(LEAD, handled())
    rr.check_review(LEAD, handled(status="closed"))
    rr.check_review(ADMIN, handled(ticket_team_id=OTHER, agent_team_id=OTHER))


@pytest.mark.parametrize(("actor", "h", "code"), [
    (AGENT, handled(agent=LEAD), "review.leads_only"),
    (rr.Actor(uuid.uuid4(), "trainer", TEAM), handled(), "review.leads_only"),
    (LEAD, handled(agent=LEAD), "review.not_yourself"),
    (ADMIN, handled(agent=ADMIN), "review.not_yourself"),
    (FAR_LEAD, handled(), "review.own_team_only"),
    (LEAD, handled(ticket_team_id=OTHER), "review.own_team_only"),
    (LEAD, handled(agent_team_id=None), "review.own_team_only"),
    (LEAD, handled(status="open"), "review.not_handled"),
    (LEAD, handled(status="pending"), "review.not_handled"),
    (LEAD, handled(deleted=True), "review.not_handled"),
    (LEAD, handled(merged=True), "review.not_handled"),
    (LEAD, handled(assignee_id=uuid.uuid4()), "review.not_their_ticket"),
    (LEAD, handled(tags=frozenset({"abusive-contact"})), "review.protected_contact"),
])
def test_who_may_not_review(actor, h, code):
    with pytest.raises(rr.ReviewError) as e:
        rr.check_review(actor, h)
    assert e.value.code == code
    assert isinstance(e.value, rr.ReviewNotAllowed) == code.startswith(("review.leads", "review.not_yourself",
                                                                         "review.own_team"))


def test_who_may_see_a_review():
    assert rr.can_see_review(AGENT, AGENT.id, TEAM)
    assert rr.can_see_review(LEAD, AGENT.id, TEAM) and rr.can_see_review(ADMIN, AGENT.id, TEAM)
    assert not rr.can_see_review(FAR_LEAD, AGENT.id, TEAM)
    assert not rr.can_see_review(rr.Actor(uuid.uuid4(), "agent", TEAM), AGENT.id, TEAM)  # a colleague
    assert not rr.can_see_review(LEAD, AGENT.id, None)


def test_who_may_write_a_rubric():
    rr.check_rubric_write(LEAD, TEAM)
    rr.check_rubric_write(ADMIN, None)
    for actor, team in ((AGENT, TEAM), (LEAD, OTHER), (LEAD, None)):
        with pytest.raises(rr.ReviewNotAllowed):
            rr.check_rubric_write(actor, team)


def test_the_rules_are_pure():
    tree = ast.parse((Path(rr.__file__)).read_text(encoding="utf-8"))
    mods = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    mods |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not {m for m in mods if m.startswith(("sqlalchemy", "PySide6", "agentdesk.server", "agentdesk.ui"))}
    assert {m for m in mods if m.startswith("agentdesk")} <= {"agentdesk", "agentdesk.models", "agentdesk.services.pii"}
