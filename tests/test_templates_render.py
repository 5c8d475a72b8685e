from datetime import date, datetime, UTC
from types import SimpleNamespace

from agentdesk.services.templates import check_syntax, kdate, render, won


def ctx():
    return {
        "customer": SimpleNamespace(name="김민지"),
        "ticket": SimpleNamespace(number=1042),
        "order": SimpleNamespace(number="ORD-2026-0000123"),
        "product": SimpleNamespace(available_limit=1234000),
    }


def test_placeholders_and_korean_filters():
    r = render("{{ customer.name }} 고객님, 티켓 #{{ ticket.number }} 주문 {{ order.number }} "
               "가용 한도는 {{ product.available_limit | won }}입니다. {{ when | kdate }}", {**ctx(), "when": date(2026, 11, 23)})
    assert r.sendable
    assert r.text == ("김민지 고객님, 티켓 #1042 주문 ORD-2026-0000123 가용 한도는 1,234,000원입니다. "
                      "2026년 11월 23일")


def test_missing_placeholders_are_flagged_not_sent_raw():
    r = render("안녕하세요 {{ customer.nickname }}님, {{ refund_amount | won }} 환불됩니다.", ctx())
    assert not r.sendable
    assert "{{" not in r.text and "⟦" in r.text
    assert r.missing == ["nickname", "refund_amount"]
    assert r.text == "안녕하세요 ⟦nickname⟧님, ⟦refund_amount⟧ 환불됩니다."


def test_syntax_error_reports_its_line():
    body = "첫 줄\n{{ customer.name }\n셋째 줄"
    r = render(body, ctx())
    assert r.error and r.error.startswith("line 2:") and not r.sendable
    assert check_syntax(body).startswith("line 2:")
    assert check_syntax("{{ customer.name }}") is None


def test_sandbox_blocks_python_internals():
    r = render("{{ ''.__class__.__mro__[1].__subclasses__() }}", ctx())
    assert not r.sendable


def test_filters_accept_odd_values():
    assert won("abc") == "abc" and won(5) == "5원"
    assert kdate(datetime(2026, 1, 2, 3, tzinfo=UTC)).startswith("2026년 1월")
    assert kdate("내일") == "내일"


def test_english_filters_and_local_times():
    from agentdesk.services.templates import kdatetime, krw, localtime

    assert krw(1234000) == "₩1,234,000" and krw("x") == "x"
    when = datetime(2026, 11, 23, 15, 5).astimezone()
    assert localtime(when) == "2026-11-23 15:05" and kdatetime(when) == "2026년 11월 23일 오후 3시 5분"
    assert kdatetime(datetime(2026, 11, 23, 0, 0).astimezone()) == "2026년 11월 23일 오전 12시"
    assert render("{{ x | krw }} {{ x | localtime }} {{ x | kdatetime }}", {}).missing == ["x"]


def test_missing_chains_are_named_by_their_path():
    r = render("{{ order.number }} / {{ order.items | length }} / {% if order %}no{% endif %}", {})
    assert r.text == "⟦order.number⟧ / 0 / " and r.missing == ["order.number"]


def test_a_filter_given_the_wrong_kind_of_value_is_one_line():
    # wordwrap on a list raised AttributeError out of render (found by the budget's property test).
    r = render("{{ ['a']|wordwrap(1) }}", {})
    assert r.error.startswith("cannot fill the template:") and not r.sendable
