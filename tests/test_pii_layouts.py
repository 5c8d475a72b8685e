"""PII masking as a property over the layouts people (and hostile testers) type."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings, strategies as st

from agentdesk.services.pii import luhn_valid, mask_pii

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
SEPARATORS = ["", " ", "-", ".", "  ", "\t", "–", "—", " - ", "\u3000", "－"]


def _luhn_complete(prefix: str) -> str:
    return next(prefix + d for d in "0123456789" if luhn_valid(prefix + d))


def _plain(text: str) -> str:
    """Digits and stars only, every digit as ASCII: what a reader could piece together."""
    text = "".join(str(int(c)) if c.isdecimal() else c for c in text)
    return re.sub(r"[^0-9*]", "", text)


@pytest.mark.parametrize("text, masked", [
    ("4111111111111111 12/25", "4111********1111 12/25"),
    ("4111 1111 1111 1111 123", "4111 **** **** 1111 123"),
    ("번호-4111111111111111", "번호-4111********1111"),
    ("4111.1111.1111.1111", "4111.****.****.1111"),
    ("4111  1111  1111  1111", "4111  ****  ****  1111"),
    ("4111\t1111\t1111\t1111", "4111\t****\t****\t1111"),
    ("4111–1111–1111–1111", "4111–****–****–1111"),
    ("4111—1111—1111—1111", "4111—****—****—1111"),
    ("4111-1111 1111-1111", "4111-**** ****-1111"),
    ("카드 ４１１１１１１１１１１１１１１１ 입니다", "카드 ４１１１********１１１１ 입니다"),
    ("주민번호 900101–1234567", "주민번호 900101-1******"),
    ("주민번호 900101.1234567", "주민번호 900101-1******"),
    ("주민번호 ９００１０１-１２３４５６７", "주민번호 900101-1******"),
    ("주민번호 900101 - 1234567 입니다", "주민번호 900101-1****** 입니다"),
])
def test_the_layouts_that_leaked(text, masked):
    assert mask_pii(text) == masked


@pytest.mark.parametrize("text", [
    "010-1234-5678 010-9876-5432",  # two phone numbers are not a card, even if 14 digits pass Luhn
    "주문번호 ORD-2026-0000123",
    "12345678901234567890123",  # a glued run longer than any card (a tracking number)
    "금액 1,234,000원",
])
def test_what_is_not_a_card_stays(text):
    assert mask_pii(text) == text


@st.composite
def cards(draw):
    length = draw(st.integers(min_value=13, max_value=19))
    number = _luhn_complete(draw(st.text(alphabet="0123456789", min_size=length - 1, max_size=length - 1)))
    sizes, left = [], length
    grouping = draw(st.sampled_from(["fours", "none", "random"]))
    while left:
        size = {"fours": 4, "none": length}.get(grouping) or draw(st.integers(min_value=1, max_value=8))
        sizes.append(min(size, left))
        left -= sizes[-1]
    sep = draw(st.sampled_from(SEPARATORS))
    groups, at = [], 0
    for size in sizes:
        groups.append(number[at:at + size])
        at += size
    written = sep.join(groups)
    if draw(st.booleans()):
        written = written.translate(FULL_WIDTH)
    return number, written


@st.composite
def rrns(draw):
    yy = draw(st.integers(min_value=0, max_value=99))
    mm = draw(st.integers(min_value=1, max_value=12))
    dd = draw(st.integers(min_value=1, max_value=28 if mm == 2 else 30))
    gender = draw(st.integers(min_value=1, max_value=8))
    rest = draw(st.text(alphabet="0123456789", min_size=6, max_size=6))
    number = f"{yy:02}{mm:02}{dd:02}{gender}{rest}"
    written = number[:6] + draw(st.sampled_from(SEPARATORS[:9])) + number[6:]
    if draw(st.booleans()):
        written = written.translate(FULL_WIDTH)
    return number, written


# Around the number: words, a label glued with a hyphen or colon, or more digits after a
# separator (an expiry date, a CVC, an order number), never digits glued to it.
PREFIXES = st.sampled_from(["", "카드번호 ", "번호-", "card: ", "(", "고객님 카드 ", "주문 12 ", "ORD-2026 ", "\n", "결제:"])
SUFFIXES = st.sampled_from(["", " 입니다", " 12/25", " 123", ")", ".", " 유효기간 03/27", "로 결제", "\t", " 010-1234-5678"])


@settings(max_examples=400, deadline=None)
@given(cards(), PREFIXES, SUFFIXES, st.text(alphabet="가나다 abc", max_size=8))
def test_no_card_survives_any_layout(card, prefix, suffix, words):
    number, written = card
    out = mask_pii(f"{words} {prefix}{written}{suffix} {words}")
    assert number not in _plain(out)
    assert "*" in out
    assert mask_pii(out) == out  # nothing card-like is left behind


@settings(max_examples=300, deadline=None)
@given(rrns(), PREFIXES, SUFFIXES)
def test_no_resident_number_survives_any_layout(rrn, prefix, suffix):
    number, written = rrn
    out = mask_pii(f"{prefix}{written}{suffix}")
    assert number not in _plain(out)
    assert f"{number[:6]}-{number[6]}******" in out
