"""Editing a customer from the 360 pane (issue 12): name, notes, tags and contact points,
on SQLite and PostgreSQL. Every edit is audited; a concurrent edit of the notes is
refused with the agent's text untouched; phones are stored in E.164 with the lookup keys
the search uses, so an edited number is found at once by its new digits and not its old."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from agentdesk import customer_rules, phones
from agentdesk.models import AuditEntry, ContactPoint, Customer
from agentdesk.rules import RuleError
from agentdesk.services import customers
from agentdesk.services.common import InvalidValue, NotFound, current_agent
from tests.factories import seed_small


@pytest.fixture
def world(any_db):
    return any_db, seed_small(any_db)


def _audit(db, customer_id) -> list[tuple[str, dict]]:
    with db.session() as s:
        return [(a.action, a.changes) for a in s.scalars(
            select(AuditEntry).where(AuditEntry.entity == "customer", AuditEntry.entity_id == customer_id)
            .order_by(AuditEntry.at, AuditEntry.action))]


def test_name_notes_and_tags_are_saved_and_audited(world):
    db, ids = world
    with db.session() as s:
        me = current_agent(s)
        changes = customers.update_customer(s, ids["customer"], me, name="  최영희  (본인) ", notes="VIP 응대\n둘째 줄  ",
                                            add_tags=["VIP  Complaint", "kakao"])
    assert changes["name"][1] == "최영희 (본인)"
    with db.session() as s:
        c = customers.customer_360(s, ids["customer"])
        assert (c.name, c.notes, c.tags) == ("최영희 (본인)", "VIP 응대\n둘째 줄", ["kakao", "vip-complaint"])
        # The given-name search key follows the new name.
        assert [r.id for r in customers.find_customers(s, query="(본인)")] == [ids["customer"]]
    with db.session() as s:
        customers.update_customer(s, ids["customer"], current_agent(s), remove_tags=["KAKAO"])
        assert customers.update_customer(s, ids["customer"], current_agent(s), notes="VIP 응대\n둘째 줄") == {}
    with db.session() as s:
        assert customers.customer_360(s, ids["customer"]).tags == ["vip-complaint"]
    entries = _audit(db, ids["customer"])
    assert [a for a, _ in entries] == ["update", "update"]
    assert entries[0][1]["notes"][1] == "VIP 응대\n둘째 줄" and entries[1][1]["tags"] == ["kakao vip-complaint",
                                                                                          "vip-complaint"]


def test_notes_changed_meanwhile_are_a_conflict_and_nothing_is_written(world):
    db, ids = world
    with db.session() as s:
        seen = customers.customer_360(s, ids["customer"]).notes
    with db.session() as s:  # a colleague saves first
        customers.update_customer(s, ids["customer"], current_agent(s, "lee.junho"), notes="이준호가 고친 메모",
                                  expected={"notes": seen})
    with pytest.raises(customers.EditConflict) as caught, db.session() as s:
        customers.update_customer(s, ids["customer"], current_agent(s), notes="내 메모", expected={"notes": seen})
    assert caught.value.current == "이준호가 고친 메모" and caught.value.field == "notes"
    assert "changed by someone else" in str(caught.value)
    with db.session() as s:
        assert customers.customer_360(s, ids["customer"]).notes == "이준호가 고친 메모"
        # Saving again over what is there now (the agent chose to) goes through.
        customers.update_customer(s, ids["customer"], current_agent(s), notes="내 메모",
                                  expected={"notes": "이준호가 고친 메모"})
    with db.session() as s:
        assert customers.customer_360(s, ids["customer"]).notes == "내 메모"


@pytest.mark.parametrize("bad, message", [
    ({"name": "   "}, "name needs 1 to"), ({"name": "x" * 121}, "name needs 1 to"),
    ({"notes": "a\x00b"}, "control character"), ({"notes": "y" * 20_001}, "at most 20,000"),
    ({"add_tags": ["a\x1bb"]}, "control characters"), ({"add_tags": ["t" * 65]}, "1 to 64"),
])
def test_bad_values_are_one_line_and_change_nothing(world, bad, message):
    db, ids = world
    with pytest.raises(InvalidValue, match=message), db.session() as s:
        customers.update_customer(s, ids["customer"], current_agent(s), **bad)
    with db.session() as s:
        c = s.get(Customer, ids["customer"])
        assert (c.name, c.tags) == ("최영희", "")
    assert _audit(db, ids["customer"]) == []


@pytest.mark.parametrize("typed", ["010.9876.5432", "+82 (0)10-9876-5432", "０１０９８７６５４３２", "01098765432"])
def test_a_phone_in_any_layout_is_stored_in_e164_and_found_by_the_search(world, typed):
    db, ids = world
    with db.session() as s:
        row = customers.add_contact(s, ids["customer"], current_agent(s), kind="phone", value=typed, label="work")
    assert (row.value, row.normalized, row.label, row.is_primary) == ("010-9876-5432", "+821098765432", "work", False)
    with db.session() as s:
        cp = s.get(ContactPoint, row.id)
        assert cp.search_key == phones.phone_search_key("+821098765432")
        for query in ("010-9876-5432", "5432", "9876-5432", "+82 10 9876 5432"):
            assert ids["customer"] in [r.id for r in customers.find_customers(s, query=query)], query


def test_an_edited_phone_keeps_its_lookup_keys_in_step(world):
    """The ORM hook once kept the old E.164 when only the value changed: the search found
    the customer by the number they no longer have."""
    db, ids = world
    with db.session() as s:
        phone = next(c for c in customers.customer_360(s, ids["customer"]).contacts if c.kind == "phone")
        customers.update_contact(s, phone.id, current_agent(s), value="010 5555 0000")
    with db.session() as s:
        assert [r.id for r in customers.find_customers(s, query="5555-0000")] == [ids["customer"]]
        assert customers.find_customers(s, query="010-1234-5678") == []
        assert customers.find_customers(s, query="5678") == []
        cp = s.get(ContactPoint, phone.id)
        assert (cp.value, cp.normalized, cp.is_primary) == ("010-5555-0000", "+821055550000", True)
    with db.session() as s:  # a plain ORM edit of the value (a script) keeps them in step too
        cp = s.get(ContactPoint, phone.id)
        cp.value = "010-7777-1111"
    with db.session() as s:
        cp = s.get(ContactPoint, phone.id)
        assert (cp.normalized, cp.search_key) == ("+821077771111", phones.phone_search_key("+821077771111"))
    assert [a for a, _ in _audit(db, ids["customer"])] == ["contact_update"]


@pytest.mark.parametrize("kind, value, message", [
    ("phone", "010-1234", "is not a phone number"), ("phone", "abc", "is not a phone number"),
    ("phone", "12", "is not a phone number"), ("email", "minji@", "is not an email address"),
    ("email", "min ji@example.com", "is not an email address"), ("social", "kakao: minji", "no spaces"),
    ("fax", "02-123-4567", "invalid contact kind"), ("phone", "", "needs 1 to"),
])
def test_an_invalid_contact_is_one_clear_line(world, kind, value, message):
    db, ids = world
    with pytest.raises(InvalidValue, match=message) as caught, db.session() as s:
        customers.add_contact(s, ids["customer"], current_agent(s), kind=kind, value=value)
    assert "\n" not in str(caught.value)
    assert _audit(db, ids["customer"]) == []


def test_a_contact_of_another_customer_is_a_warning_the_agent_can_overrule(world):
    db, ids = world
    with pytest.raises(customers.SharedContact) as caught, db.session() as s:
        customers.add_contact(s, ids["english"], current_agent(s), kind="phone", value="010-1234-5678")
    assert caught.value.owners == ["최영희"] and "최영희" in str(caught.value)
    with db.session() as s:
        row = customers.add_contact(s, ids["english"], current_agent(s), kind="phone", value="010-1234-5678",
                                    allow_shared=True, label="home")
        assert row.is_primary  # her first phone
    with pytest.raises(InvalidValue, match="already one of"), db.session() as s:
        customers.add_contact(s, ids["english"], current_agent(s), kind="phone", value="+82 10 1234 5678",
                              allow_shared=True)


def test_a_removed_primary_hands_its_place_and_the_contact_is_gone_from_search(world):
    db, ids = world
    with db.session() as s:
        me = current_agent(s)
        second = customers.add_contact(s, ids["customer"], me, kind="phone", value="02-123-4567", label="home")
        old = next(c for c in customers.customer_360(s, ids["customer"]).contacts if c.value == "010-1234-5678")
        customers.remove_contact(s, old.id, me)
    with db.session() as s:
        phones_left = [c for c in customers.customer_360(s, ids["customer"]).contacts if c.kind == "phone"]
        assert [(c.id, c.is_primary) for c in phones_left] == [(second.id, True)]
        assert customers.find_customers(s, query="010-1234-5678") == []
        with pytest.raises(NotFound):
            customers.remove_contact(s, old.id, current_agent(s))
    with db.session() as s:  # making another primary steps the first down
        me = current_agent(s)
        third = customers.add_contact(s, ids["customer"], me, kind="phone", value="010-2222-3333", primary=True)
    with db.session() as s:
        rows = {c.id: c.is_primary for c in customers.customer_360(s, ids["customer"]).contacts if c.kind == "phone"}
        assert rows == {second.id: False, third.id: True}
    assert [a for a, _ in _audit(db, ids["customer"])].count("contact_remove") == 1


def test_email_and_kakao_handles_are_normalised_for_lookups(world):
    db, ids = world
    with db.session() as s:
        me = current_agent(s)
        mail = customers.add_contact(s, ids["english"], me, kind="email", value=" Emily.Clark@Corp.Example.com ")
        kakao = customers.add_contact(s, ids["english"], me, kind="social", value="kakao:Emily_C", label="kakao")
    assert (mail.value, mail.normalized) == ("Emily.Clark@Corp.Example.com", "emily.clark@corp.example.com")
    assert (kakao.value, kakao.normalized, kakao.label) == ("kakao:Emily_C", "kakao:emily_c", "kakao")
    with db.session() as s:
        assert [r.id for r in customers.find_customers(s, query="@corp")] == [ids["english"]]


def test_the_rule_of_who_may_edit_which_customer():
    team, other = object(), object()
    allowed = customer_rules.customer_edit_allowed
    assert allowed("agent", team, [other, team])
    assert allowed("lead", team, [team]) and allowed("trainer", team, [team])
    assert not allowed("agent", team, [other]) and not allowed("lead", team, [])
    assert not allowed("agent", None, [None])  # a teamless agent serves no team's customers
    assert allowed("admin", None, [])  # admins: every customer, with or without tickets
    with pytest.raises(RuleError, match="another team"):
        customer_rules.check_customer_edit("agent", team, [other], "Emily")


def test_contact_values_are_derived_never_taken():
    cv = customer_rules.check_contact_point("phone", "+1 (415) 555-0100", " mobile ")
    assert (cv.value, cv.normalized, cv.search_key, cv.label) == ("+1 415-555-0100", "+14155550100",
                                                                  "00105555141", "mobile")


# --- the notes editor shows the notes masked; what the agent leaves masked is kept ------------
from hypothesis import given, settings, strategies as st  # noqa: E402

from agentdesk.services.pii import mask_pii, masked_for_editing, unmask_edited  # noqa: E402
from tests.test_pii_layouts import cards, rrns  # noqa: E402

_words = st.sampled_from(["카드", "문의", "주민 900101-1234567", "010-1234-5678", "", "\n", "****", " "])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_words, cards().map(lambda c: c[1]), rrns().map(lambda r: r[1])), max_size=6),
       st.text(alphabet=st.characters(blacklist_characters="*"), max_size=20))
def test_masked_notes_saved_untouched_or_extended_keep_every_number(parts, added):
    """(A '*' typed right after a masked number makes it another piece: it stays as typed.)"""
    notes = " ".join(parts)
    masked, pieces = masked_for_editing(notes)
    assert masked == mask_pii(notes)
    assert unmask_edited(masked, pieces) == notes  # saved as it was
    assert unmask_edited(masked + added, pieces) == notes + added  # something typed after it


def test_a_masked_number_the_agent_deletes_is_gone_and_fills_no_other():
    notes = "주민 900101-1234567 카드 4111111111111111"
    masked, pieces = masked_for_editing(notes)
    assert "1234567" not in masked and "4111111111111111" not in masked
    assert unmask_edited(masked.replace("900101-1******", ""), pieces) == "주민  카드 4111111111111111"


def test_the_customer_rules_and_the_call_rule_are_pure():
    """The desk, the replica and the team server all call these: no database, no Qt, no
    server code (as tests/test_layers.py keeps agentdesk/rules.py)."""
    from tests.test_layers import ROOT, _imports_full

    for name in ("customer_rules.py", "telephony.py"):
        mods = _imports_full(ROOT / name)
        assert not any(m.split(".")[0] in ("sqlalchemy", "PySide6", "shiboken6") or
                       m.startswith(("agentdesk.server", "agentdesk.ui", "agentdesk.views", "agentdesk.services"))
                       for m in mods), (name, mods)
