"""New tickets and customers recorded by an agent (issue 12), on SQLite and PostgreSQL:
the rules (agentdesk/rules.py) and the service (services/intake.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from agentdesk import rules
from agentdesk.models import AuditEntry, ContactPoint, Customer, Message, Ticket, TicketTag, utcnow
from agentdesk.services import intake, tickets
from agentdesk.services.common import InvalidValue, NotFound, current_agent
from agentdesk.services.customers import find_customers
from tests.factories import seed_small


# --- the pure rules ---------------------------------------------------------------------------
def test_contacts_are_normalised_and_each_kept_once():
    name, contacts = rules.check_new_customer("  김   민지 ", [("phone", "010.9876.5432"), ("email", " Minji@Example.COM "),
                                                              ("phone", "+82 (0)10-9876-5432"), ("email", "")])
    assert name == "김 민지"
    assert [(c.kind, c.normalized) for c in contacts] == [("phone", "+821098765432"), ("email", "minji@example.com")]


@pytest.mark.parametrize("name, contacts, words", [
    ("", [], "name"),
    ("x" * 121, [], "name"),
    ("bad\x1bname", [], "control"),
    ("Kim", [("phone", "12")], "not a phone number"),
    ("Kim", [("phone", "call me")], "not a phone number"),
    ("Kim", [("email", "kim@")], "not an email"),
    ("Kim", [("email", "a\x00@b.com")], "NUL"),
])
def test_a_customer_the_rules_refuse(name, contacts, words):
    with pytest.raises(rules.RuleError, match=words):
        rules.check_new_customer(name, contacts)


@pytest.mark.parametrize("args, words", [
    (("   ", "email", "normal", "inbound", "hi"), "subject"),
    (("s", "fax", "normal", "inbound", "hi"), "channel"),
    (("s", "email", "whenever", "inbound", "hi"), "priority"),
    (("s", "email", "normal", "inbound", "  "), "empty"),
    (("s", "email", "normal", "system", "hi"), "first message"),
    (("s", "phone", "normal", "reply", "hi"), "cannot start with a public reply"),
])
def test_a_new_ticket_the_rules_refuse(args, words):
    with pytest.raises(rules.RuleError, match=words):
        rules.check_new_ticket(*args)


def test_a_first_reply_is_the_first_response_and_opens_the_ticket():
    import uuid

    now, me = utcnow(), uuid.uuid4()
    values = rules.new_ticket_values("email", "high", "reply", me, None, now)
    assert values["status"] == "open" and values["first_response_at"] == now and values["assignee_id"] == me
    assert values["sla_next_due"] == values["sla_resolution_due"] == now + timedelta(hours=24)
    logged = rules.new_ticket_values("phone", "normal", "call_log", me, None, now)
    # The logged call answered the customer (issue 13): first response, one agent contact;
    # its status and owner stay as the agent chose.
    assert logged["status"] == "new" and logged["first_response_at"] == now and logged["agent_contact_count"] == 1
    assert logged["sla_next_due"] == logged["sla_resolution_due"] == now + timedelta(hours=48)
    noted = rules.new_ticket_values("phone", "normal", "note", me, None, now)
    assert noted["first_response_at"] is None and noted["agent_contact_count"] == 0
    assert noted["sla_next_due"] == now + timedelta(minutes=15)  # a live channel answers fast


# --- the service, on both databases -----------------------------------------------------------
@pytest.fixture
def seeded(any_db):
    ids = seed_small(any_db)
    return any_db, ids


def test_a_new_customer_is_stored_with_normalised_contacts_and_found_by_any_layout(seeded):
    db, _ = seeded
    with db.session() as s:
        me = current_agent(s, "kim.minji")
        made = intake.create_customer(s, me, name="한지우", phone="010 5555 0101", email="Jiwoo.Han@Example.com")
    with db.session() as s:
        assert [c.id for c in find_customers(s, phone="+82-10-5555-0101")] == [made.id]
        assert [c.id for c in find_customers(s, query="5555-0101")] == [made.id]
        assert [c.id for c in find_customers(s, email="jiwoo.han@example.com")] == [made.id]
        stored = {(c.kind, c.value, c.normalized) for c in s.scalars(select(ContactPoint).where(
            ContactPoint.customer_id == made.id))}
        assert stored == {("phone", "010 5555 0101", "+821055550101"),
                          ("email", "Jiwoo.Han@Example.com", "jiwoo.han@example.com")}
        assert s.scalar(select(AuditEntry.action).where(AuditEntry.entity_id == made.id)) == "create"


def test_a_known_number_offers_its_customer_instead_of_a_duplicate(seeded):
    db, ids = seeded
    with db.session() as s:
        me = current_agent(s, "kim.minji")
        with pytest.raises(intake.DuplicateContact) as caught:
            intake.create_customer(s, me, name="최영희 (중복)", phone="+82 10 1234 5678")
        assert caught.value.existing.id == ids["customer"]
        with pytest.raises(intake.DuplicateContact):
            intake.create_customer(s, me, name="Someone", email="YOUNGHEE.CHOI@example.com")
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Customer)) == 2


def test_a_new_ticket_joins_the_agents_team_with_its_first_message_tags_and_search(seeded):
    db, ids = seeded
    with db.session() as s:
        me = current_agent(s, "kim.minji")
        made = intake.create_ticket(s, me, customer_id=ids["customer"], subject="카드 분실 신고", channel="phone",
                                    body=intake.call_log_text("카드를 잃어버렸다고 전화", "수신 통화 · 4분"),
                                    first_kind="call_log", priority="urgent", tags=["분실", "Card Lost"])
    assert made.number == ids["t3"] + 1 and not made.pending
    with db.session() as s:
        t = s.get(Ticket, made.id)
        assert (t.status, t.priority, t.priority_rank, t.assignee_id, t.message_count) == ("new", "urgent", 0, ids["me"], 1)
        assert t.team_id == current_agent(s, "kim.minji").team_id
        assert t.tags_text == "card-lost 분실"
        assert {x.tag for x in s.scalars(select(TicketTag).where(TicketTag.ticket_id == t.id))} == {"card-lost", "분실"}
        m = s.scalars(select(Message).where(Message.ticket_id == t.id)).one()
        assert (m.kind, m.direction, m.body.splitlines()[0]) == ("call_log", "internal", "수신 통화 · 4분")
        d = tickets.get_detail(s, made.number)
        assert d.customer_name == "최영희"
        rows = tickets.fetch_page(s, tickets.TicketQuery(text="분실"), ids["me"], 0, 10)
        assert made.id in [r.id for r in rows]


def test_the_customers_words_and_a_first_reply(seeded):
    db, ids = seeded
    with db.session() as s:
        me = current_agent(s, "kim.minji")
        inbound = intake.create_ticket(s, me, customer_id=ids["english"], subject="Refund", channel="email",
                                       body="Please refund my order.", first_kind="inbound", assignee="none")
        replied = intake.create_ticket(s, me, customer_id=ids["english"], subject="Follow-up", channel="email",
                                       body="We have refunded it.", first_kind="reply")
    with db.session() as s:
        first = s.scalars(select(Message).where(Message.ticket_id == inbound.id)).one()
        assert (first.direction, first.kind, first.author_name, first.author_agent_id) == ("inbound", "reply", "Emily Clark", None)
        assert s.get(Ticket, inbound.id).assignee_id is None
        t = s.get(Ticket, replied.id)
        assert t.status == "open" and t.first_response_at is not None


def test_refusals_write_nothing(seeded):
    db, ids = seeded
    with db.session() as s:
        before = s.scalar(select(func.count()).select_from(Ticket))
        me = current_agent(s, "kim.minji")
        with pytest.raises(InvalidValue, match="public reply"):
            intake.create_ticket(s, me, customer_id=ids["customer"], subject="s", channel="phone", body="b",
                                 first_kind="reply")
        with pytest.raises(InvalidValue, match="subject"):
            intake.create_ticket(s, me, customer_id=ids["customer"], subject=" ", channel="chat", body="b",
                                 first_kind="note")
        with pytest.raises(NotFound):
            intake.create_ticket(s, me, customer_id=__import__("uuid").uuid4(), subject="s", channel="chat", body="b",
                                 first_kind="note")
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Ticket)) == before


def test_a_ticket_cannot_go_to_another_teams_agent(seeded):
    db, ids = seeded
    from agentdesk.models import Agent, Team

    with db.session() as s:
        other = Team(name="배송팀")
        s.add(other)
        s.flush()
        s.add(Agent(login="outsider", name="Outsider", team_id=other.id))
    with db.session() as s:
        me = current_agent(s, "kim.minji")
        with pytest.raises(InvalidValue, match="not in the ticket's team"):
            intake.create_ticket(s, me, customer_id=ids["customer"], subject="s", channel="chat", body="b",
                                 first_kind="note", assignee="outsider")


def test_the_cli_reference_finds_a_customer_by_id_phone_or_email(seeded):
    db, ids = seeded
    with db.session() as s:
        assert intake.find_customer_ref(s, str(ids["customer"])).id == ids["customer"]
        assert intake.find_customer_ref(s, "010.1234.5678").id == ids["customer"]
        assert intake.find_customer_ref(s, "Emily@Example.com").id == ids["english"]
        with pytest.raises(NotFound):
            intake.find_customer_ref(s, "010-0000-0000")
        with pytest.raises(InvalidValue, match="not a phone number"):
            intake.find_customer_ref(s, "nobody")


def test_logging_a_call_on_a_ticket(seeded):
    db, ids = seeded
    with db.session() as s:
        me = current_agent(s, "kim.minji")
        row = intake.log_call(s, ids["t1"], me, "한도 상향 안내함", header="발신 통화 · 3분")
    assert row.kind == "call_log" and row.body == "발신 통화 · 3분\n한도 상향 안내함"
