"""Finding customers and tickets from what agents actually type (issue 12, defect 5):
any phone layout, full-width digits, the last digits, a given name, '@domain', a ticket
number. On both backends; the lookup keys are kept by the ORM hooks and the migration."""

import pytest
from sqlalchemy import select

from agentdesk.models import ContactPoint, Customer
from agentdesk.services import tickets
from agentdesk.services.common import InvalidValue
from agentdesk.services.customers import find_customers, normalize_phone
from agentdesk.services.tickets import TicketQuery, ticket_number_in


@pytest.fixture
def people(any_db):
    with any_db.session() as s:
        minji = Customer(name="김민지")
        minsu = Customer(name="김민수")
        emily = Customer(name="Emily Clark", language="en")
        s.add_all([minji, minsu, emily])
        s.flush()
        s.add_all([
            ContactPoint(customer_id=minji.id, kind="phone", value="010-1234-5678", normalized="010.1234.5678"),
            ContactPoint(customer_id=minji.id, kind="email", value="Minji.Kim@Example.com",
                         normalized="minji.kim@example.com"),
            ContactPoint(customer_id=minsu.id, kind="phone", value="010 9999 0000", normalized="01099990000"),
            ContactPoint(customer_id=emily.id, kind="email", value="emily@corp.test", normalized="emily@corp.test"),
        ])
        s.commit()
    return any_db


def _names(db, **kw):
    with db.session() as s:
        return [c.name for c in find_customers(s, **kw)]


@pytest.mark.parametrize("typed", ["010-1234-5678", "010.1234.5678", "01012345678", "+82 (0)10-1234-5678",
                                   "+82 10 1234 5678", "０１０-１２３４-５６７８", "5678", "1234-5678", "１２３４５６７８",
                                   "010-1234"])
def test_a_phone_in_any_layout_or_its_last_digits_finds_the_customer(people, typed):
    assert _names(people, query=typed) == ["김민지"]


@pytest.mark.parametrize("typed", ["민지", "김민지", "김민", "Clark", "clark", "emily"])
def test_a_name_is_found_by_its_start_or_its_end(people, typed):
    expected = {"민지": ["김민지"], "김민지": ["김민지"], "김민": ["김민수", "김민지"], "Clark": ["Emily Clark"],
                "clark": ["Emily Clark"], "emily": ["Emily Clark"]}[typed]
    assert sorted(_names(people, query=typed)) == expected


@pytest.mark.parametrize("typed,expected", [("@example", ["김민지"]), ("@corp", ["Emily Clark"]),
                                            ("MINJI.KIM@EXAMPLE.COM", ["김민지"]), ("minji.kim@", ["김민지"]),
                                            ("@nowhere", [])])
def test_an_email_whole_or_partial_finds_the_customer(people, typed, expected):
    assert _names(people, query=typed) == expected


def test_phones_are_stored_in_e164_with_their_reversed_digits(people):
    with people.session() as s:
        row = s.execute(select(ContactPoint.normalized, ContactPoint.search_key)
                        .where(ContactPoint.value == "010-1234-5678")).one()
        assert tuple(row) == ("+821012345678", "876543210128")
        assert s.scalar(select(Customer.name_reversed).where(Customer.name == "Emily Clark")) == "kralc ylime"


def test_a_short_phone_fragment_is_one_clear_error(people):
    with people.session() as s, pytest.raises(InvalidValue, match="not a phone number"):
        find_customers(s, phone="12")


def test_normalize_phone_reads_foreign_numbers_and_keeps_what_is_no_number():
    assert normalize_phone("+1 (650) 253-0000") == "+16502530000"
    assert normalize_phone("02-1234-5678") == "+82212345678"
    assert normalize_phone("abc 12") == "12"


@pytest.mark.parametrize("typed", ["{n}", "#{n}", " # {n} ", "＃{n}"])
def test_a_ticket_number_in_the_inbox_search_finds_that_ticket_first(any_db, typed):
    from tests.factories import seed_small, team_id

    ids = seed_small(any_db)
    with any_db.session() as s:
        # Newer tickets mention the number in their text: all are found, the numbered one first.
        for subject in (f"문의 {ids['t1']} 관련", f"{ids['t1']} 재문의"):
            tickets.create_ticket(s, subject=subject, body="이전 문의 이어서", channel="email",
                                  customer_id=ids["customer"], team_id=team_id(s))
        s.commit()
        q = TicketQuery(text=typed.format(n=ids["t1"]))
        rows = tickets.fetch_page(s, q, None, 0, 50)
        assert len(rows) == 3 and rows[0].number == ids["t1"]
        assert tickets.count_tickets(s, q, None) == 3
        # One row a page, the last read from the far end of the index: the same order.
        paged = [tickets.fetch_page(s, q, None, i, 1, total=3)[0].number for i in range(3)]
        assert paged == [r.number for r in rows]


def test_ticket_number_in_reads_only_a_bare_number():
    assert ticket_number_in("15553") == 15553
    assert ticket_number_in("#15553") == 15553
    assert ticket_number_in("１５５５３") == 15553
    assert ticket_number_in("15553 환불") is None
    assert ticket_number_in("") is None
