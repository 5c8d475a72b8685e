"""The routing and priority rules (agentdesk/routing.py), as plain values: each mode,
capacity, skills, the stable order, priority rules (Korean with and without spaces), age
rules, validation refusals, and who may change what."""

from __future__ import annotations

import ast
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from agentdesk import routing
from agentdesk.routing import Candidate, Skills, TicketFacts
from agentdesk.rules import RuleError

A, B, C, D = (uuid.UUID(int=n) for n in (1, 2, 3, 4))
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def team(*overrides) -> list[Candidate]:
    """a, b, c (in that login order; ids deliberately out of order) available, 2 open of 5."""
    base = {"a": Candidate(C, "available", 2, 5, order="a"), "b": Candidate(A, "available", 2, 5, order="b"),
            "c": Candidate(B, "available", 2, 5, order="c")}
    for login, changes in overrides:
        base[login] = Candidate(**{**base[login].__dict__, **changes})
    return list(base.values())


FACTS = TicketFacts(channel="chat", language="ko", category="카드분실")


def test_manual_assigns_nobody():
    assert routing.choose_assignee("manual", FACTS, team(), None) == (None, "manual")


def test_round_robin_walks_the_stable_order_after_the_last_one():
    cs = team()
    picked, last = [], None
    for _ in range(6):
        last, reason = routing.choose_assignee("round_robin", FACTS, list(reversed(cs)), last)
        picked.append(last)
        assert reason == "round_robin"
    assert picked == [C, A, B, C, A, B]  # by login a, b, c whatever order they come in


def test_round_robin_skips_the_busy_and_the_full_and_goes_on_from_where_it_was():
    cs = team(("b", {"status": "away"}), ("c", {"open_count": 5}))
    assert routing.choose_assignee("round_robin", FACTS, cs, C) == (C, "round_robin")  # only a is eligible
    cs = team(("b", {"status": "busy"}))
    assert routing.choose_assignee("round_robin", FACTS, cs, C)[0] == B  # after a: b skipped, c
    # The last one left the team (not among the candidates): from the start.
    assert routing.choose_assignee("round_robin", FACTS, team(), D)[0] == C
    everyone_full = team(("a", {"open_count": 5}), ("b", {"capacity": 0}), ("c", {"status": "offline"}))
    assert routing.choose_assignee("round_robin", FACTS, everyone_full, None) == (None, "none_available")


def test_least_loaded_within_capacity_ties_by_order():
    cs = team(("a", {"open_count": 3}), ("c", {"open_count": 1, "capacity": 1}))  # c is full
    assert routing.choose_assignee("least_loaded", FACTS, cs, None) == (A, "least_loaded")  # b: 2 open
    assert routing.choose_assignee("least_loaded", FACTS, team(), B)[0] == C  # a tie: a by order
    assert routing.choose_assignee("least_loaded", FACTS, [], None) == (None, "none_available")
    # Plain tuples (agent_id, status, open_count, capacity, skills) are candidates too.
    assert routing.choose_assignee("least_loaded", FACTS, [(A, "available", 4, 5, Skills()),
                                                             (B, "available", 1, 5, Skills())], None)[0] == B


def test_skills_match_channel_language_and_category_then_least_loaded():
    cs = team(("a", {"skills": Skills(channels=("email",))}),
              ("b", {"skills": Skills(channels=("chat", "phone"), languages=("ko",)), "open_count": 4}),
              ("c", {"skills": Skills(languages=("ko",), categories=("카드분실",)), "open_count": 3}))
    assert routing.choose_assignee("skills", FACTS, cs, None) == (B, "skills")  # login c (id B); b fits too, 4 open
    english = TicketFacts(channel="chat", language="en", category="")
    only_ko = team(("a", {"skills": Skills(languages=("ko",))}), ("b", {"skills": Skills(languages=("ko",))}),
                   ("c", {"skills": Skills(languages=("ko",))}))
    assert routing.choose_assignee("skills", english, only_ko, None) == (None, "no_skill_match")
    # A category the agent does not list: not theirs; no category on the ticket: anyone's.
    cards = team(("a", {"skills": Skills(categories=("배송",))}), ("b", {"skills": Skills(categories=("배송",))}),
                 ("c", {"skills": Skills(categories=("배송",))}))
    assert routing.choose_assignee("skills", FACTS, cards, None)[0] is None
    assert routing.choose_assignee("skills", english, cards, None)[0] == C  # a tie of 2 open: a by order


def test_skills_pick_the_least_loaded_of_those_that_fit():
    cs = [Candidate(A, "available", 4, 9, Skills(channels=("chat",)), "a"),
          Candidate(B, "available", 1, 9, Skills(channels=("email",)), "b"),
          Candidate(C, "available", 2, 9, Skills(), "c")]
    assert routing.choose_assignee("skills", FACTS, cs, None) == (C, "skills")


@pytest.mark.parametrize("text", ["카드를 분실했어요", "카드분실 신고", "분 실 신고합니다", "카드 분실", "My card was LOST",
                                  "stolen wallet", "possible fraudulent charge", "계정 해킹 의심", "부정 사용 의심"])
def test_default_keywords_raise_to_urgent_whatever_the_spacing(text):
    rules = routing.check_rule_set("manual", routing.default_priority_rules()).priority_rules
    priority, fired = routing.apply_priority_rules(rules, TicketFacts(channel="phone", subject=text))
    assert priority == "urgent" and fired and fired.startswith("keyword:"), (text, fired)


@pytest.mark.parametrize("text", ["카드 한도 조회", "all ostriches are fine", "allostriches", "the clost", "분야 실적"])
def test_keywords_do_not_fire_inside_other_words(text):
    rules = routing.check_rule_set("manual", routing.default_priority_rules()).priority_rules
    assert routing.apply_priority_rules(rules, TicketFacts(channel="email", subject=text)) == ("normal", None)


def test_the_first_message_counts_too_and_the_label_names_the_keyword():
    rules = routing.check_rule_set("manual", routing.default_priority_rules()).priority_rules
    facts = TicketFacts(channel="email", subject="문의", first_message="어제 지갑을 도난 당했습니다")
    assert routing.apply_priority_rules(rules, facts) == ("urgent", "keyword:도난")


def test_priority_rules_only_raise_and_the_highest_wins():
    rules = routing.check_rule_set("manual", [
        {"kind": "channel", "channels": ["phone"], "priority": "high"},
        {"kind": "vip", "tiers": ["gold", "vip"], "priority": "urgent"},
        {"kind": "channel", "channels": ["email"], "priority": "low"},
    ]).priority_rules
    assert routing.apply_priority_rules(rules, TicketFacts(channel="phone")) == ("high", "channel:phone")
    assert routing.apply_priority_rules(rules, TicketFacts(channel="phone", vip_tier="gold")) == ("urgent", "vip:gold")
    # Never lowered: an email rule asking for low leaves normal, an urgent ticket stays urgent.
    assert routing.apply_priority_rules(rules, TicketFacts(channel="email")) == ("normal", None)
    assert routing.apply_priority_rules(rules, TicketFacts(channel="phone", priority="urgent")) == ("urgent", None)


def test_age_rules_fire_on_unanswered_tickets_older_than_their_minutes():
    rule = routing.check_rule_set("manual", [{"kind": "age", "minutes": 30}]).age_rules[0]
    assert rule.label == "age:30"
    old = TicketFacts(channel="email", created_at=NOW - timedelta(minutes=31))
    assert routing.age_due(rule, old, NOW)
    assert not routing.age_due(rule, TicketFacts(channel="email", created_at=NOW - timedelta(minutes=29)), NOW)
    assert not routing.age_due(rule, TicketFacts(channel="email", created_at=old.created_at, first_response_at=NOW), NOW)
    assert not routing.age_due(rule, TicketFacts(channel="email", priority="urgent", created_at=old.created_at), NOW)
    assert [routing.one_step_up(p) for p in ("low", "normal", "high", "urgent")] == ["normal", "high", "urgent", "urgent"]
    # Age rules do nothing at creation.
    assert routing.apply_priority_rules((rule,), old) == ("normal", None)


@pytest.mark.parametrize(("mode", "rules", "code"), [
    ("fastest", [], "routing.mode"),
    ("manual", {"kind": "vip"}, "routing.rules_not_list"),
    ("manual", [{"kind": "age", "minutes": 5 + n} for n in range(21)], "routing.too_many_rules"),
    ("manual", ["분실"], "routing.rule_not_object"),
    ("manual", [{"kind": "weather"}], "routing.rule_kind"),
    ("manual", [{"kind": "age", "minutes": 30, "priority": "urgent"}], "routing.rule_fields"),
    ("manual", [{"kind": "age", "minutes": 0}], "routing.age_minutes"),
    ("manual", [{"kind": "age", "minutes": True}], "routing.age_minutes"),
    ("manual", [{"kind": "age", "minutes": 30}, {"kind": "age", "minutes": 30}], "routing.age_twice"),
    ("manual", [{"kind": "keyword", "keywords": [], "priority": "high"}], "routing.rule_list"),
    ("manual", [{"kind": "keyword", "keywords": ["x"] * 51, "priority": "high"}], "routing.rule_list"),
    ("manual", [{"kind": "keyword", "keywords": ["x" * 41], "priority": "high"}], "routing.rule_entry"),
    ("manual", [{"kind": "keyword", "keywords": ["  "], "priority": "high"}], "routing.rule_entry"),
    ("manual", [{"kind": "keyword", "keywords": ["분실"], "priority": "asap"}], "routing.rule_value"),
    ("manual", [{"kind": "vip", "tiers": ["platinum"], "priority": "high"}], "routing.rule_value"),
    ("manual", [{"kind": "channel", "channels": ["fax"], "priority": "high"}], "routing.rule_value"),
])
def test_a_broken_rule_set_is_refused_whole_with_one_coded_line(mode, rules, code):
    with pytest.raises(RuleError) as e:
        routing.check_rule_set(mode, rules)
    assert e.value.code == code
    assert "\n" not in str(e.value) and len(str(e.value)) < 200
    assert routing.read_rule_set(mode, rules) == routing.RuleSet()  # stored broken: routes nothing


def test_a_rule_set_round_trips_as_json():
    raw = [{"kind": "keyword", "keywords": ["분실", "lost", "분실"], "priority": "urgent"},
           {"kind": "age", "minutes": 45}]
    checked = routing.check_rule_set("least_loaded", raw)
    assert checked.rules_json() == [{"kind": "keyword", "keywords": ["분실", "lost"], "priority": "urgent"},
                                    {"kind": "age", "minutes": 45}]
    assert routing.check_rule_set("least_loaded", checked.rules_json()) == checked


@pytest.mark.parametrize(("raw", "code"), [
    (["chat"], "routing.skills_shape"), ({"channels": ["chat"], "teams": []}, "routing.skills_shape"),
    ({"channels": ["fax"]}, "routing.skill_value"), ({"languages": ["Korean!"]}, "routing.skill_value"),
    ({"categories": ["x" * 65]}, "routing.skill_value"), ({"categories": ["c"] * 31}, "routing.skills_list"),
])
def test_skills_are_checked(raw, code):
    with pytest.raises(RuleError) as e:
        routing.check_skills(raw)
    assert e.value.code == code
    assert routing.read_skills(raw) == Skills()


def test_capacity_is_bounded():
    assert routing.check_capacity(0) == 0 and routing.check_capacity(500) == 500
    for bad in (-1, 501, True, "5", 2.5):
        with pytest.raises(RuleError) as e:
            routing.check_capacity(bad)
        assert e.value.code == "routing.capacity"


def test_who_may_change_rules_and_profiles():
    t1, t2 = uuid.uuid4(), uuid.uuid4()
    routing.check_rules_write("lead", t1, t1)
    routing.check_rules_write("admin", None, t2)
    for role, own in (("agent", t1), ("trainer", t1), ("lead", t2), ("lead", None)):
        with pytest.raises(RuleError) as e:
            routing.check_rules_write(role, own, t1)
        assert e.value.code == "routing.leads_only"
    me, other = uuid.uuid4(), uuid.uuid4()
    routing.check_profile_write("lead", me, t1, other, t1, 20, 30, True)
    routing.check_profile_write("admin", me, None, other, t2, 20, 30, True)
    routing.check_profile_write("agent", me, t1, me, t1, 20, 10, False)  # lowering one's own
    refusals = [("agent", me, t1, me, t1, 20, 21, False, "routing.own_capacity_raise"),
                ("agent", me, t1, me, t1, 20, None, True, "routing.profile_leads_only"),  # own skills
                ("agent", me, t1, other, t1, 20, 10, False, "routing.profile_leads_only"),
                ("lead", me, t1, other, t2, 20, 10, False, "routing.profile_leads_only")]
    for *args, code in refusals:
        with pytest.raises(RuleError) as e:
            routing.check_profile_write(*args)
        assert e.value.code == code


def test_the_rules_id_is_the_teams():
    t = uuid.uuid4()
    assert routing.rules_id(t) == routing.rules_id(uuid.UUID(str(t))) != routing.rules_id(uuid.uuid4())


def test_the_routing_rules_are_pure():
    """No database and no Qt: the services, the capture and the team server all call it."""
    tree = ast.parse((Path(routing.__file__)).read_text(encoding="utf-8"))
    mods = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module} | {
        a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not {m for m in mods if m.split(".")[0] in ("sqlalchemy", "PySide6", "shiboken6")}, mods
    assert {m for m in mods if m.startswith("agentdesk")} <= {"agentdesk.models", "agentdesk.rules"}, mods
