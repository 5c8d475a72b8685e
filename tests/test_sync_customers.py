"""Editing customers in a team workspace (issue 12): the services' edits on a desk's
replica travel as customer.update / contact.upsert / contact.delete through the real team
server, which checks who may edit whom, derives the lookup keys itself and writes the
audit trail; the other desks pull the result, and a concurrent edit of the notes is never
silently lost."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from agentdesk import phones
from agentdesk.models import AuditEntry, ContactPoint, Customer, Team
from agentdesk.server.feed import stamp_unversioned
from agentdesk.services import customers, tickets
from agentdesk.services.common import NotAllowed, current_agent
from agentdesk.sync import capture
from agentdesk.sync import protocol as p
from tests.factories import seed_small
from tests.test_sync_support import agent_id, client, close, replica


@pytest.fixture
def team(pg_db, tmp_path):
    ids = seed_small(pg_db)
    with pg_db.session() as s:  # another team, with a customer of its own
        shipping = Team(name="배송팀")
        s.add(shipping)
        other = Customer(name="정다은")
        s.add(other)
        s.flush()
        t = tickets.create_ticket(s, subject="배송 문의", body="언제 오나요?", channel="chat", customer_id=other.id,
                                  team_id=shipping.id)
        ids["other_customer"], ids["other_ticket"] = other.id, t.number
    stamp_unversioned(pg_db.engine)
    desks = {}
    for login in ("kim.minji", "lee.junho"):
        rep = replica(tmp_path, login, login)
        desks[login] = (rep, client(rep, pg_db))
        capture.install(rep.db, login)
    yield pg_db, ids, desks
    for rep, c in desks.values():
        c.close()
        close(rep)


def _sync(c):
    pushed, pulled = c.sync_once()
    assert pushed.error == "" and pulled is not None, c.status().last_error
    return pushed


def test_edits_reach_the_server_with_derived_keys_and_the_other_desk_finds_the_new_number(team):
    server, ids, desks = team
    (mine, cm), (theirs, ct) = desks["kim.minji"], desks["lee.junho"]
    with mine.db.session() as s:
        me = current_agent(s, "kim.minji")
        customers.update_customer(s, ids["customer"], me, name="최영희 고객", notes="평일 오후 통화 선호",
                                  add_tags=["VIP", "Prefers Kakao"])
        added = customers.add_contact(s, ids["customer"], me, kind="phone", value="010.9876.5432", label="work")
        old = next(c for c in customers.customer_360(s, ids["customer"]).contacts if c.value == "010-1234-5678")
        customers.remove_contact(s, old.id, me)
        mail = next(c for c in customers.customer_360(s, ids["customer"]).contacts if c.kind == "email")
        customers.update_contact(s, mail.id, me, label="work")
    ops = [e.op for e in mine.outbox()]
    assert set(ops) == {p.Op.CUSTOMER_UPDATE, p.Op.CONTACT_UPSERT, p.Op.CONTACT_DELETE}
    assert not any("normalized" in e.payload or "search_key" in e.payload for e in mine.outbox())
    pushed = _sync(cm)
    assert pushed.rejected == 0 and pushed.applied == len(ops)
    with server.session() as s:
        c = s.get(Customer, ids["customer"])
        assert (c.name, c.notes, c.tags, c.name_reversed) == ("최영희 고객", "평일 오후 통화 선호", "prefers-kakao vip",
                                                              phones.name_reversed("최영희 고객"))
        cp = s.get(ContactPoint, added.id)
        assert (cp.value, cp.normalized, cp.search_key, cp.label, cp.is_primary) == (
            "010-9876-5432", "+821098765432", phones.phone_search_key("+821098765432"), "work", True)
        assert s.get(ContactPoint, old.id).deleted
        # The server wrote the audit trail, one entry per mutation, in kim.minji's name.
        entries = s.scalars(select(AuditEntry).where(AuditEntry.entity == "customer",
                                                     AuditEntry.entity_id == ids["customer"])).all()
        assert len(entries) == len(ops) and {e.actor_agent_id for e in entries} == {agent_id(server, "kim.minji")}
    _sync(ct)
    with theirs.db.session() as s:
        assert [r.id for r in customers.find_customers(s, query="9876-5432")] == [ids["customer"]]
        assert customers.find_customers(s, query="010-1234-5678") == []
        shown = customers.customer_360(s, ids["customer"])
        assert (shown.name, shown.tags) == ("최영희 고객", ["prefers-kakao", "vip"])
        assert {(c.kind, c.label) for c in shown.contacts} == {("phone", "work"), ("email", "work")}


def test_tags_added_on_two_desks_at_once_both_stay(team):
    server, ids, desks = team
    for login, tag in (("kim.minji", "vip"), ("lee.junho", "민원")):
        rep, _ = desks[login]
        with rep.db.session() as s:
            customers.update_customer(s, ids["customer"], current_agent(s, login), add_tags=[tag])
    for _rep, c in desks.values():
        _sync(c)
    _sync(desks["kim.minji"][1])
    with server.session() as s:
        assert s.get(Customer, ids["customer"]).tags == "vip 민원"
    for rep, _ in desks.values():
        with rep.db.session() as s:
            assert customers.customer_360(s, ids["customer"]).tags == ["vip", "민원"]


def test_notes_edited_on_two_desks_the_later_one_is_told_and_its_text_is_kept(team):
    server, ids, desks = team
    (mine, cm), (theirs, ct) = desks["kim.minji"], desks["lee.junho"]
    base = "카드번호 4111 1111 1111 1111 로 문의"
    with mine.db.session() as s:
        customers.update_customer(s, ids["customer"], current_agent(s, "kim.minji"), notes="김민지의 메모",
                                  expected={"notes": base})
    _sync(cm)
    # lee.junho's copy has not pulled yet: his desk lets the save through, the server does not.
    with theirs.db.session() as s:
        customers.update_customer(s, ids["customer"], current_agent(s, "lee.junho"), notes="이준호의 메모",
                                  expected={"notes": base})
    pushed = _sync(ct)
    assert pushed.rejected == 0 and len(pushed.conflicts) == 1
    lost = pushed.conflicts[0]
    assert (lost["field"], lost["mine"], lost["resolution"]) == ("notes", "이준호의 메모", "kept_server")
    assert "changed by someone else" in lost["message"]
    assert any(c.mine == "이준호의 메모" and c.lost_by_me for c in theirs.conflicts())  # his text is kept
    with server.session() as s:
        assert s.get(Customer, ids["customer"]).notes == "김민지의 메모"
    with theirs.db.session() as s:
        assert customers.customer_360(s, ids["customer"]).notes == "김민지의 메모"
        # Now that his copy knows, the desk itself refuses a save over the unseen change.
        with pytest.raises(customers.EditConflict):
            customers.update_customer(s, ids["customer"], current_agent(s, "lee.junho"), notes="다시",
                                      expected={"notes": base})


def test_a_customer_field_the_protocol_does_not_carry_rolls_back_whole(team):
    server, ids, desks = team
    rep, _ = desks["kim.minji"]
    with pytest.raises(NotAllowed, match="customers"), rep.db.session() as s:
        customers.update_customer(s, ids["customer"], current_agent(s, "kim.minji"), notes="함께 바뀌면 안 됨")
        s.get(Customer, ids["customer"]).vip_tier = "vip"
    assert rep.outbox() == []
    with rep.db.session() as s:
        assert s.get(Customer, ids["customer"]).notes != "함께 바뀌면 안 됨"


def test_another_teams_customer_is_neither_pulled_nor_editable(team):
    server, ids, desks = team
    rep, c = desks["kim.minji"]
    with rep.db.session() as s:
        assert s.get(Customer, ids["other_customer"]) is None
    with server.session() as s:  # an admin tool put the row on this desk by mistake: still refused here
        other = s.get(Customer, ids["other_customer"])
        row = {col.name: getattr(other, col.name) for col in Customer.__table__.columns}
    with rep.engine.begin() as conn:
        conn.execute(Customer.__table__.insert().values(**row))
    with pytest.raises(NotAllowed, match="another team"), rep.db.session() as s:
        customers.update_customer(s, ids["other_customer"], current_agent(s, "kim.minji"), notes="남의 고객")
    assert rep.outbox() == []
