"""Routing on an embedded workspace (services/routing.py through intake.create_ticket): a
new ticket is assigned by the team's mode and its priority raised by the team's rules,
each action audited with its rule; the age rules raise a waiting ticket once; leads set
rules and profiles, agents cannot. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from agentdesk.models import Agent, AuditEntry, RoutingRules, Ticket, utcnow
from agentdesk.services import intake, tickets
from agentdesk.services import routing as svc
from agentdesk.services.common import InvalidValue, NotAllowed, current_agent
from tests.factories import seed_small


@pytest.fixture
def desk(any_db):
    ids = seed_small(any_db)
    return any_db, ids


def _new(s, login="kim.minji", subject="결제 문의", body="결제가 두 번 된 것 같아요", assignee="none", **kw):
    me = current_agent(s, login)
    return intake.create_ticket(s, me, customer_id=None, subject=subject, channel=kw.pop("channel", "chat"),
                                body=body, first_kind="inbound", assignee=assignee, **kw)


def _rule_entries(s, ticket_id) -> list[dict]:
    return [e.changes for e in s.scalars(select(AuditEntry).where(AuditEntry.entity_id == ticket_id))
            if "rule" in (e.changes or {})]


def test_round_robin_assigns_new_tickets_in_turn_and_audits_the_rule(desk):
    db, ids = desk
    with db.session() as s:
        lead = current_agent(s, "park.lead")
        saved = svc.save_rules(s, lead, None, "round_robin", None)  # the lead's own team, default rules
        assert saved.stored and saved.mode == "round_robin" and saved.updated_by == "park.lead"
        made = [_new(s, subject=f"문의 {n}") for n in range(4)]
        owners = [s.get(Ticket, m.id).assignee_id for m in made]
    # kim.minji and lee.junho (the team's agents; the lead is not in the queue), in turn.
    assert owners == [ids["me"], ids["other"], ids["me"], ids["other"]]
    with db.session() as s:
        for m, owner in zip(made, owners):
            entries = _rule_entries(s, m.id)
            login = s.get(Agent, owner).login
            assert entries == [{"assignee": [None, login], "rule": [None, "routing:round_robin"]}]
            kinds = [e.kind for e in tickets.ticket_events(s, m.id)]
            assert kinds == ["assigned"]  # the timeline shows it like any assignment (by nobody: the rule)


def test_priority_rules_raise_a_new_ticket_and_name_the_keyword(desk):
    db, ids = desk
    with db.session() as s:
        svc.save_rules(s, current_agent(s, "park.lead"), None, "manual",
                       [{"kind": "keyword", "keywords": ["분실", "lost"], "priority": "urgent"},
                        {"kind": "vip", "tiers": ["gold"], "priority": "high"}])
        lost = _new(s, subject="카드 분 실 신고", body="지갑을 잃어버렸어요")
        gold = intake.create_ticket(s, current_agent(s, "kim.minji"), customer_id=ids["customer"], subject="한도 문의",
                                    channel="email", body="한도가 궁금해요", first_kind="inbound", assignee="none")
        plain = _new(s, subject="주소 변경", body="이사했어요")
        t_lost, t_gold, t_plain = (s.get(Ticket, m.id) for m in (lost, gold, plain))
        assert (t_lost.priority, t_lost.priority_rank) == ("urgent", 0)
        assert t_lost.sla_first_response_due == t_lost.created_at + timedelta(minutes=15)  # urgent chat: the SLA follows
        assert t_gold.priority == "high" and t_plain.priority == "normal"
        assert t_lost.assignee_id is None  # manual: nobody assigned by rule
        assert _rule_entries(s, lost.id) == [{"priority": ["normal", "urgent"], "rule": [None, "keyword:분실"]}]
        assert _rule_entries(s, gold.id) == [{"priority": ["normal", "high"], "rule": [None, "vip:gold"]}]
        assert _rule_entries(s, plain.id) == []


def test_an_explicit_assignee_stays_and_a_team_without_rules_routes_nothing(desk):
    db, ids = desk
    with db.session() as s:
        unrouted = _new(s, subject="카드 분실")  # no rule set yet: nothing automatic
        assert s.get(Ticket, unrouted.id).assignee_id is None and s.get(Ticket, unrouted.id).priority == "normal"
        svc.save_rules(s, current_agent(s, "park.lead"), None, "least_loaded", [])
        mine = _new(s, assignee=None)  # the agent took it themselves
        assert s.get(Ticket, mine.id).assignee_id == ids["me"] and _rule_entries(s, mine.id) == []


def test_capacity_and_status_decide_who_is_eligible(desk):
    db, ids = desk
    with db.session() as s:
        lead = current_agent(s, "park.lead")
        svc.save_rules(s, lead, None, "least_loaded", [])
        profile = svc.set_agent_profile(s, lead, "lee.junho", capacity=1)  # has t3 open already: full
        assert (profile.capacity, profile.open_count) == (1, 1)
        first, second = _new(s), _new(s)
        assert {s.get(Ticket, m.id).assignee_id for m in (first, second)} == {ids["me"]}
        s.get(Agent, ids["me"]).status = "away"
        nobody = _new(s)
        assert s.get(Ticket, nobody.id).assignee_id is None  # nobody free: left in the queue
        audit = s.scalars(select(AuditEntry).where(AuditEntry.entity_id == ids["other"],
                                                   AuditEntry.action == "profile")).one()
        assert audit.changes == {"capacity": ["20", "1"]}


def test_skills_route_by_language(desk):
    db, ids = desk
    with db.session() as s:
        lead = current_agent(s, "park.lead")
        svc.save_rules(s, lead, None, "skills", [])
        svc.set_agent_profile(s, lead, "kim.minji", skills={"languages": ["ko"]})
        svc.set_agent_profile(s, lead, "lee.junho", skills={"languages": ["en"], "channels": ["email", "chat"]})
        english = intake.create_ticket(s, current_agent(s, "kim.minji"), customer_id=ids["english"], subject="Refund",
                                       channel="chat", body="Hello", first_kind="inbound", assignee="none")
        assert s.get(Ticket, english.id).assignee_id == ids["other"]
        assert _rule_entries(s, english.id)[-1]["rule"] == [None, "routing:skills"]


def test_agents_cannot_change_rules_or_others_profiles_or_raise_their_own(desk):
    db, ids = desk
    with db.session() as s:
        me = current_agent(s, "kim.minji")
        with pytest.raises(NotAllowed) as e:
            svc.save_rules(s, me, None, "round_robin", [])
        assert e.value.code == "routing.leads_only"
        with pytest.raises(NotAllowed) as e:
            svc.set_agent_profile(s, me, "lee.junho", capacity=1)
        assert e.value.code == "routing.profile_leads_only"
        with pytest.raises(NotAllowed) as e:
            svc.set_agent_profile(s, me, "kim.minji", capacity=21)
        assert e.value.code == "routing.own_capacity_raise"
        assert svc.set_agent_profile(s, me, "kim.minji", capacity=5).capacity == 5  # lowering is fine
        with pytest.raises(InvalidValue) as e:
            svc.save_rules(s, current_agent(s, "park.lead"), None, "round_robin", [{"kind": "age", "minutes": -1}])
        assert e.value.code == "routing.age_minutes"
        assert s.scalar(select(RoutingRules)) is None


def test_the_age_rule_raises_a_waiting_ticket_once_and_says_which_rule(desk):
    db, ids = desk
    now = utcnow()
    with db.session() as s:
        svc.save_rules(s, current_agent(s, "park.lead"), None, "manual", [{"kind": "age", "minutes": 30}])
        waiting = _new(s, subject="주소 변경", now=now - timedelta(minutes=40))
        fresh = _new(s, subject="주소 변경 2", now=now - timedelta(minutes=10))
        answered = _new(s, subject="주소 변경 3", now=now - timedelta(minutes=50))
        tickets.add_message(s, answered.number, current_agent(s, "kim.minji"), "안녕하세요", kind="reply",
                            now=now - timedelta(minutes=45))
    with db.session() as s:
        raised = svc.escalate_aged(s, now)
        numbers = {e.number: (e.old, e.new, e.rule) for e in raised}
        assert numbers[waiting.number] == ("normal", "high", "age:30")
        assert fresh.number not in numbers and answered.number not in numbers
        t = s.get(Ticket, waiting.id)
        assert (t.priority, t.priority_rank) == ("high", 1)
        assert _rule_entries(s, waiting.id) == [{"priority": ["normal", "high"], "rule": [None, "age:30"]}]
    with db.session() as s:  # at most once per ticket and rule, however often it runs
        assert waiting.number not in {e.number for e in svc.escalate_aged(s, now + timedelta(hours=3))}
        assert s.get(Ticket, waiting.id).priority == "high"


# --- `agentdesk routing` ------------------------------------------------------------------------
def _run(capsys, *argv):
    from agentdesk.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_cli_shows_sets_profiles_and_ticks(sqlite_db, monkeypatch, capsys, tmp_path):
    import json

    seed_small(sqlite_db)
    monkeypatch.setenv("AGENTDESK_DB", sqlite_db.url)
    code, out, _ = _run(capsys, "routing", "show", "--json")
    shown = json.loads(out)
    assert code == 0 and shown["mode"] == "manual" and not shown["stored"]
    assert [a["login"] for a in shown["agents"]] == ["kim.minji", "lee.junho", "park.lead"]
    code, _, err = _run(capsys, "routing", "set", "--mode", "round_robin")  # as kim.minji, an agent
    assert code != 0 and "only a lead of the team or an admin" in err
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps([{"kind": "age", "minutes": 30}, {"kind": "keyword", "keywords": ["분실"],
                                                                   "priority": "urgent"}]), encoding="utf-8")
    code, out, _ = _run(capsys, "--agent", "park.lead", "routing", "set", "--team", "카드상담팀", "--mode",
                        "least_loaded", "--priority-rules", str(rules))
    assert code == 0 and "least_loaded, 2 priority rule(s)" in out
    rules.write_text('[{"kind": "age", "minutes": "soon"}]', encoding="utf-8")
    code, _, err = _run(capsys, "--agent", "park.lead", "routing", "set", "--mode", "skills", "--priority-rules",
                        str(rules))
    assert code != 0 and "priority rule 1: minutes must be a whole number" in err
    code, out, _ = _run(capsys, "--agent", "park.lead", "routing", "agent", "lee.junho", "--capacity", "3",
                        "--skills-channels", "chat,phone", "--json")
    assert code == 0 and json.loads(out)["skills"]["channels"] == ["chat", "phone"]
    code, out, _ = _run(capsys, "routing", "show")
    assert "least_loaded" in out and "분실" in out and "lee.junho" in out
    code, out, _ = _run(capsys, "routing", "tick", "--json")
    assert code == 0 and {r["rule"] for r in json.loads(out)} == {"age:30"}  # seed_small's waiting tickets
    code, out, _ = _run(capsys, "routing", "tick")
    assert code == 0 and "0 ticket(s)" in out
