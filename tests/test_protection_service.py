"""Agent protection's services (issue 13; protection_rules.py, services/protection.py) on
SQLite and PostgreSQL: the warning scripts go out through the reply service (a call log
on a phone ticket) in the customer's language, an abusive contact ends solved and tagged
with its reason, a protective break sets the status, and a lead's alerts and the
wallboard's day read the incidents."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from agentdesk import protection_rules as pr
from agentdesk.models import Agent, Message, ProtectionIncident, Team, Ticket
from agentdesk.services import protection, tickets
from agentdesk.services.common import InvalidValue, current_agent, set_setting
from tests.factories import seed_small

NOW = datetime(2026, 3, 2, 5, 0, tzinfo=UTC)  # 14:00 in Seoul


@pytest.fixture
def desk(any_db):
    return any_db, seed_small(any_db)


def _ticket_id(s, number):
    return tickets.resolve_ticket(s, number).id


def test_a_warning_on_a_chat_goes_out_as_a_reply_in_the_customers_language(desk):
    db, ids = desk
    with db.session() as s:
        me = current_agent(s, "kim.minji")
        sent = protection.send_warning(s, me, _ticket_id(s, ids["t3"]), 1, NOW)  # Emily Clark: English
        assert not sent.read_out and sent.message.kind == "reply" and sent.message.direction == "outbound"
        assert sent.message.body == pr.DEFAULT_SCRIPTS[(1, "en")]
        assert sent.incident.kind == "warning_1" and sent.incident.message_id == sent.message.id
    with db.session() as s:
        row = s.scalar(select(ProtectionIncident))
        assert (row.agent_id, row.kind, row.protective, row.created_at) == (ids["me"], "warning_1", False, NOW)
        assert row.team_id == s.scalar(select(Ticket.team_id).where(Ticket.number == ids["t3"]))


def test_a_warning_on_a_phone_ticket_is_a_call_log_to_read_out_in_korean(desk):
    db, ids = desk
    with db.session() as s:
        sent = protection.send_warning(s, current_agent(s, "kim.minji"), _ticket_id(s, ids["t1"]), 2, NOW)
        assert sent.read_out and sent.message.kind == "call_log"
        assert "산업안전보건법 제41조" in sent.message.body
    with db.session() as s:
        assert s.scalar(select(Message.kind).where(Message.id == sent.message.id)) == "call_log"


def test_the_workspace_may_word_its_own_script(desk):
    db, ids = desk
    with db.session() as s:
        set_setting(s, pr.setting_key(1, "ko"), "  고객님, 존중하는 대화를 부탁드립니다.  ")
    with db.session() as s:
        assert protection.warning_script(s, ids["t2"], 1) == "고객님, 존중하는 대화를 부탁드립니다."
        assert protection.warning_script(s, ids["t2"], 2) == pr.DEFAULT_SCRIPTS[(2, "ko")]


def test_a_second_warning_without_a_first_is_recorded_as_it_came(desk):
    db, ids = desk
    with db.session() as s:
        protection.send_warning(s, current_agent(s, "kim.minji"), _ticket_id(s, ids["t2"]), 2, NOW)
    with db.session() as s:
        assert [i.kind for i in protection.incidents_on_ticket(s, _ticket_id(s, ids["t2"]))] == ["warning_2"]
        with pytest.raises(InvalidValue) as e:
            protection.send_warning(s, current_agent(s, "kim.minji"), _ticket_id(s, ids["t2"]), 3, NOW)
        assert e.value.code == "protection.level"


def test_ending_a_contact_solves_tags_keeps_the_conversation_and_needs_a_reason(desk):
    db, ids = desk
    with db.session() as s:
        me = current_agent(s, "kim.minji")
        tid = _ticket_id(s, ids["t2"])
        protection.send_warning(s, me, tid, 1, NOW)
        before = s.scalar(select(Ticket.message_count).where(Ticket.id == tid))
        with pytest.raises(InvalidValue) as e:
            protection.end_contact(s, me, tid, "   \x00 ", NOW)
        assert e.value.code == "protection.reason_needed"
        with pytest.raises(InvalidValue) as e:
            protection.end_contact(s, me, tid, "욕" * (pr.REASON_MAX + 1), NOW)
        assert e.value.code == "protection.reason_long"
        ended = protection.end_contact(s, me, tid, "반복된 욕설과 위협", NOW + timedelta(minutes=1))
        assert ended.kind == "ended" and ended.reason == "반복된 욕설과 위협"
    with db.session() as s:
        t = s.get(Ticket, tid)
        assert t.status == "solved" and pr.ABUSE_TAG in t.tags_text.split()
        assert t.message_count == before  # nothing deleted, nothing added by ending it
        assert tid in set(s.scalars(protection.abusive_ticket_ids()))
        # Ending an already solved one again: still tagged, no refused status move.
        protection.end_contact(s, current_agent(s, "kim.minji"), tid, "재접속 후 폭언", NOW + timedelta(minutes=2))


def test_a_protective_break_sets_the_status_and_its_time_in_state(desk):
    db, ids = desk
    with db.session() as s:
        me = current_agent(s, "kim.minji")
        brk = protection.take_break(s, me, _ticket_id(s, ids["t2"]), NOW)
        assert brk.kind == "break" and brk.protective
    with db.session() as s:
        agent = s.get(Agent, ids["me"])
        assert agent.status == "break" and agent.status_since == NOW


def test_an_agent_records_only_on_tickets_of_their_team(desk):
    db, ids = desk
    with db.session() as s:
        other = Team(name="배송팀")
        s.add(other)
        s.flush()
        stranger = Agent(login="choi.other", name="최타팀", role="agent", team_id=other.id)
        s.add(stranger)
        s.flush()
        with pytest.raises(InvalidValue) as e:
            protection.send_warning(s, stranger, _ticket_id(s, ids["t2"]), 1, NOW)
        assert e.value.code == "protection.own_team"
    assert pr.check_recorder(ids["me"], "agent", None, None, None) == ids["me"]  # a ticket of no team
    with pytest.raises(pr.ProtectionError) as err:
        pr.check_recorder(ids["me"], "lead", None, ids["other"], None)  # nobody records for someone else
    assert err.value.code == "protection.own_only"


def test_a_lead_is_alerted_of_the_teams_new_incidents_once_and_the_wallboard_reads_the_local_day(desk):
    db, ids = desk
    with db.session() as s:
        me = current_agent(s, "kim.minji")
        protection.send_warning(s, me, _ticket_id(s, ids["t2"]), 1, NOW)
        # 23:59:59 the evening before in Seoul, and 00:00:00 of the day: only the latter is today's.
        protection.take_break(s, me, _ticket_id(s, ids["t2"]), datetime(2026, 3, 1, 14, 59, 59, tzinfo=UTC))
        protection.end_contact(s, me, _ticket_id(s, ids["t1"]), "폭언", datetime(2026, 3, 1, 15, 0, 0, tzinfo=UTC))
    with db.session() as s:
        lead = current_agent(s, "park.lead")
        # Fourteen hours on, the evening's two are history (the wallboard's), not news.
        assert [n.kind for n in protection.unnotified(s, lead, NOW)[0]] == ["warning_1"]
        notices, total = protection.unnotified(s, lead, datetime(2026, 3, 1, 15, 30, tzinfo=UTC))
        assert total == 3 and [n.kind for n in notices] == ["break", "ended", "warning_1"]
        assert notices[-1].agent_name == "김민지" and notices[-1].ticket_number == ids["t2"]
        assert protection.unnotified(s, current_agent(s, "lee.junho"), NOW) == ([], 0)  # not a lead
        assert protection.unnotified(s, me, NOW) == ([], 0)
        protection.mark_notified(s, [n.id for n in notices], NOW)
    with db.session() as s:
        assert protection.unnotified(s, current_agent(s, "park.lead"), NOW) == ([], 0)
        team = s.get(Agent, ids["me"]).team_id
        today = protection.incidents_today(s, team, NOW, "Asia/Seoul")
        assert [i.kind for i in today] == ["warning_1", "ended"]
        assert protection.incidents_today(s, uuid.uuid4(), NOW, "Asia/Seoul") == []
        assert len(protection.incidents_today(s, None, NOW, "UTC")) == 1  # 05:00 UTC day: the warning only
