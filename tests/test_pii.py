import logging

from hypothesis import given, strategies as st

from agentdesk.services.pii import _RRN, PiiLogFilter, luhn_valid, mask_pii


def _luhn_complete(prefix: str) -> str:
    for d in "0123456789":
        if luhn_valid(prefix + d):
            return prefix + d
    raise AssertionError


@st.composite
def card_numbers(draw):
    length = draw(st.integers(min_value=13, max_value=19))
    body = draw(st.text(alphabet="0123456789", min_size=length - 1, max_size=length - 1))
    number = _luhn_complete(body)
    sep = draw(st.sampled_from(["", " ", "-"]))
    groups = [number[i:i + 4] for i in range(0, len(number), 4)]
    return number, sep.join(groups)


@given(card_numbers(), st.sampled_from(["카드번호 {} 입니다", "card: {}.", "{}"]))
def test_every_luhn_valid_card_is_masked(card, frame):
    digits, written = card
    out = mask_pii(frame.format(written))
    shown = "".join(c for c in out if c.isdigit() or c == "*")
    assert digits not in out.replace(" ", "").replace("-", "")
    if len(digits) == 13 and _RRN.search(written):
        # Written as a resident registration number too: masked as one (RRN rule wins).
        # ('0001 0110 0000 5' is grouped as a card, so the card rule masks it.)
        assert out.count("*") == 6
        return
    # first four and last four stay, the middle is stars
    masked_digits = [c for c in out if c.isdigit() or c == "*"]
    assert "".join(masked_digits[:4]) == digits[:4]
    assert "".join(masked_digits[-4:]) == digits[-4:]
    assert shown.count("*") == len(digits) - 8


def test_a_number_that_is_both_card_and_rrn_is_masked_as_rrn():
    assert mask_pii("0001011000005") == "000101-1******"


def test_examples():
    assert mask_pii("1234-5678-9012-3452") == "1234-****-****-3452"
    assert mask_pii("4111111111111111") == "4111********1111"
    assert mask_pii("주민번호 900101-1234567 입니다") == "주민번호 900101-1****** 입니다"
    assert mask_pii("9001011234567") == "900101-1******"


def test_non_cards_are_left_alone():
    assert mask_pii("주문번호 ORD-2026-0000123") == "주문번호 ORD-2026-0000123"
    assert mask_pii("010-1234-5678") == "010-1234-5678"
    assert mask_pii("1234-5678-9012-3456") == "1234-5678-9012-3456"  # fails Luhn
    assert mask_pii("금액 1,234,000원") == "금액 1,234,000원"


def test_log_records_are_masked(caplog):
    log = logging.getLogger("agentdesk.test")
    handler_filter = PiiLogFilter()
    caplog.handler.addFilter(handler_filter)
    log.warning("customer sent %s", "4111 1111 1111 1111")
    assert "4111 **** **** 1111" in caplog.text
    assert "4111 1111 1111 1111" not in caplog.text
