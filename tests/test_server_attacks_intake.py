"""A hostile agent's direct pushes of ticket.create and customer.create (issue 12), against
the in-process team server over a real PostgreSQL (the world of
tests/server_attack_support.py): no ticket in another team, none for another team's
customer or assignee, no forged number or derived field, and no malformed record."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from agentdesk.sync import protocol as p
from tests.server_attack_support import T, World, m, module_database


@pytest.fixture(scope="module")
def world():
    with module_database() as db:
        w = World(db)
        try:
            yield w
        finally:
            w.close()


def _create(world, *, customer="choi", message=None, **fields) -> dict:
    payload = {"subject": "a new one", "channel": "chat", "priority": "normal", "category": "",
               "customer_id": str(world.ids[customer]) if customer else None, "assignee_id": None, "tags": [],
               "message": message if message is not None else {"id": str(uuid.uuid4()), "kind": "note", "body": "hi"}}
    payload.update(fields)
    return m(p.Op.TICKET_CREATE, "ticket", uuid.uuid4(), payload)


def _customer(name="Walk-in", contacts=None, entity_id=None) -> dict:
    return m(p.Op.CUSTOMER_CREATE, "customer", entity_id or uuid.uuid4(), {
        "name": name, "language": "ko",
        "contacts": contacts if contacts is not None else [{"id": str(uuid.uuid4()), "kind": "phone",
                                                            "value": "010-7777-0001"}]})


def _ticket(world, ticket_id):
    with world.owner.connect() as c:
        return c.execute(select(T["tickets"]).where(T["tickets"].c.id == ticket_id)).first()


def test_an_agent_opens_a_ticket_in_their_own_team_with_the_servers_number_and_derived_fields(world):
    forged = _create(world, status="solved", number=7, message_count=99, priority_rank=0, team_id=None,
                     first_response_at="2020-01-01T00:00:00+00:00", sla_next_due=None)
    r = world.push("alice", forged).json()["results"][0]
    assert r["status"] == "applied", r
    row = _ticket(world, uuid.UUID(forged["entity_id"]))
    with world.owner.connect() as c:
        top = c.execute(select(T["tickets"].c.number).order_by(T["tickets"].c.number.desc()).limit(1)).scalar()
    assert row.number == top == r["applied"]["number"] and row.number != 7
    assert (row.status, row.message_count, row.priority_rank, row.first_response_at) == ("new", 1, 2, None)
    assert row.team_id == world.ids["cards"] and row.sla_next_due is not None


@pytest.mark.parametrize("build", [
    pytest.param(lambda w: _create(w, team_id=str(w.ids["shipping"])), id="another-team"),
    pytest.param(lambda w: _create(w, customer="emily"), id="another-teams-customer"),
    pytest.param(lambda w: _create(w, assignee_id=str(w.ids["bob"])), id="another-teams-assignee"),
    pytest.param(lambda w: _create(w, customer_id=str(uuid.uuid4())), id="a-made-up-customer"),
    pytest.param(lambda w: _create(w, channel="phone", message={"id": str(uuid.uuid4()), "kind": "reply",
                                                                 "body": "hi"}), id="a-reply-down-a-phone-line"),
    pytest.param(lambda w: _create(w, subject="  "), id="no-subject"),
    pytest.param(lambda w: _create(w, subject="x" * 1_000), id="subject-huge"),
    pytest.param(lambda w: _create(w, channel="carrier-pigeon"), id="unknown-channel"),
    pytest.param(lambda w: _create(w, message={"id": str(uuid.uuid4()), "kind": "system", "body": "Merged"}),
                 id="a-system-line"),
    pytest.param(lambda w: {**_create(w), "payload": {**_create(w)["payload"], "message": None}}, id="no-message"),
    pytest.param(lambda w: _create(w, message={"id": "not-a-uuid", "kind": "note", "body": "hi"}), id="bad-message-id"),
    pytest.param(lambda w: _create(w, message={"id": str(w.ids["b1_msg"]), "kind": "note", "body": "hi"}),
                 id="another-teams-message-id"),
    pytest.param(lambda w: _create(w, tags="vip"), id="tags-not-a-list"),
    pytest.param(lambda w: _create(w, tags=[{"id": str(uuid.uuid4()), "tag": "bad\x00tag"}]), id="nul-in-a-tag"),
    pytest.param(lambda w: {**_create(w), "entity_id": str(w.ids["b1"])}, id="another-teams-ticket-id"),
])
def test_a_new_ticket_is_refused_across_teams_or_out_of_shape(world, build):
    world.refused("alice", build(world))


@pytest.mark.parametrize("build", [
    pytest.param(lambda w: _customer(name=""), id="no-name"),
    pytest.param(lambda w: _customer(name="x" * 500), id="name-huge"),
    pytest.param(lambda w: _customer(contacts=[{"id": str(uuid.uuid4()), "kind": "phone", "value": "call me"}]),
                 id="not-a-phone"),
    pytest.param(lambda w: _customer(contacts=[{"id": str(uuid.uuid4()), "kind": "fax", "value": "02-123-4567"}]),
                 id="unknown-contact-kind"),
    pytest.param(lambda w: _customer(contacts=[{"id": "x", "kind": "email", "value": "a@b.com"}]), id="bad-contact-id"),
    pytest.param(lambda w: _customer(contacts={"kind": "email"}), id="contacts-not-a-list"),
    pytest.param(lambda w: _customer(entity_id=w.ids["emily"], name="Mallory"), id="another-teams-customer-id"),
])
def test_a_new_customer_is_refused_out_of_shape_or_over_another_teams_record(world, build):
    world.refused("alice", build(world))


def test_a_customer_recorded_by_one_agent_is_not_a_door_for_another_team(world):
    mine = _customer(name="Kim Caller", contacts=[{"id": str(uuid.uuid4()), "kind": "email", "value": "caller@example.com"}])
    assert world.push("alice", mine).json()["results"][0]["status"] == "applied"
    customer_id = mine["entity_id"]
    # Shipping's agent cannot open a ticket on it (not theirs, no ticket of theirs names it) ...
    world.refused("bob", _create(world, customer=None, customer_id=customer_id),
                  hidden_from=("alice", "amy", "lena"))
    # ... and its recorder can: the customer then becomes the team's (stamped, pulled by a teammate).
    ticket = _create(world, customer=None, customer_id=customer_id)
    r = world.push("alice", ticket).json()["results"][0]
    assert r["status"] == "applied", r
    pulled = world.pull("amy", after=r["version"] - 1)
    assert customer_id in world.pulled(pulled, "customers")
    assert {c["value"] for c in world.pulled(pulled, "contact_points").values()} == {"caller@example.com"}
    assert customer_id not in world.pulled(world.pull("bob", after=r["version"] - 1), "customers")


def test_a_create_over_a_visible_customer_changes_nothing(world):
    """Insert if absent: a re-sent create (a full resync pushes the outbox again) is a no-op,
    and so is one that names an existing customer of the team: it cannot rename them."""
    before = world.snapshot()["customers"]
    r = world.push("alice", _customer(entity_id=world.ids["choi"], name="Mallory")).json()["results"][0]
    assert r["status"] == "applied" and world.snapshot()["customers"] == before


def test_a_new_ticket_from_a_desk_is_in_the_team_databases_search_index(world):
    """ticket.create writes the subject and first message to ticket_fts (migration 0034),
    as the agent's role: what an admin's PostgreSQL search reads."""
    from sqlalchemy import text
    from sqlalchemy.orm import Session

    from agentdesk.models import Ticket
    from agentdesk.services import tickets as tk

    made = _create(world, subject="분실 카드 재발급 요청",
                   message={"id": str(uuid.uuid4()), "kind": "note", "body": "재발급 주소 확인"})
    r = world.push("alice", made).json()["results"][0]
    assert r["status"] == "applied", r
    number = r["applied"]["number"]
    with world.owner.connect() as c:
        rows = c.execute(text("SELECT rowid FROM ticket_fts WHERE rowid >> 12 = :n ORDER BY rowid"), {"n": number})
        assert rows.scalars().all() == [number << 12, number << 12 | 1]
        with Session(bind=c) as s:
            for words in ("재발급", "분실 카드", "주소 확인"):
                assert number in s.scalars(select(Ticket.number).where(tk._text_condition(s, words))).all(), words
