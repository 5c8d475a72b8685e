"""Erlang B/C (agentdesk/erlang.py) against published vectors and as properties.

The vectors are issue 13's, from the usual worked example (callcentrehelper.com, "Erlang C
formula made simple"): 100 calls in 30 minutes (200 an hour) of 180 s average handle time
is 10 Erlangs; with 14 agents the probability of waiting is 0.1741, 88.84 % are answered
within 20 s and the average speed of answer is 7.84 s. 180 s is the only handle time that
gives both that service level and that ASA (SL = 1 − 0.1741·e^(−4·20/AHT), ASA = 0.1741·AHT/4).
"""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agentdesk import erlang
from agentdesk.catalogue import CodedValueError


def test_the_published_vector_ten_erlangs_fourteen_agents():
    a = erlang.traffic(200, 180)
    assert a == 10.0
    assert erlang.erlang_c(14, a) == pytest.approx(0.1741, abs=5e-5)
    assert erlang.service_level(14, a, 20, 180) == pytest.approx(0.8884, abs=5e-5)
    assert erlang.asa(14, a, 180) == pytest.approx(7.84, abs=5e-3)
    assert erlang.occupancy(14, a) == pytest.approx(10 / 14)


def test_fourteen_agents_for_80_in_20_and_twenty_with_30_percent_shrinkage():
    need = erlang.agents_needed(200, 180, 0.8, 20)
    assert need.agents == 14 and need.agents_with_shrinkage == 14
    assert erlang.service_level(13, 10, 20, 180) < 0.8 <= need.service_level  # 13 is not enough
    shrunk = erlang.agents_needed(200, 180, 0.8, 20, shrinkage=0.3)
    # ceil(14 / 0.7) = 20, although 14 / 0.7 is 20.000000000000004 in floats.
    assert (shrunk.agents, shrunk.agents_with_shrinkage) == (14, 20)
    assert need.probability_wait == pytest.approx(0.1741, abs=5e-5)
    assert need.asa_seconds == pytest.approx(7.84, abs=5e-3)


def test_250_calls_an_hour_of_330_seconds_80_in_30_needs_28():
    need = erlang.agents_needed(250, 330, 0.8, 30)
    assert need.agents == 28
    assert need.traffic_erlangs == pytest.approx(22.9167, abs=1e-4)
    assert erlang.service_level(27, need.traffic_erlangs, 30, 330) < 0.8 <= need.service_level


def test_integer_traffic_and_integer_inputs_work():
    """Some published packages crash on an int where they expect a float."""
    assert erlang.erlang_b(14, 10) == erlang.erlang_b(14, 10.0)
    assert erlang.erlang_c(14, 10) == erlang.erlang_c(14, 10.0)
    assert erlang.agents_needed(200, 180, 0.8, 20, 0).agents == 14


def test_no_calls_need_no_agents_and_an_unstable_queue_waits_always():
    none = erlang.agents_needed(0, 300, 0.8, 20, shrinkage=0.3)
    assert (none.agents, none.agents_with_shrinkage, none.service_level, none.asa_seconds) == (0, 0, 1.0, 0.0)
    assert erlang.erlang_c(10, 10) == 1.0 and erlang.erlang_c(9, 10.5) == 1.0
    assert erlang.service_level(10, 10, 20, 180) == 0.0
    assert erlang.asa(10, 10, 180) == math.inf
    assert erlang.erlang_c(0, 0) == 0.0 and erlang.service_level(3, 0, 20, 180) == 1.0


@pytest.mark.parametrize(("call", "code"), [
    (lambda: erlang.agents_needed(-1, 180, 0.8, 20), "erlang.negative"),
    (lambda: erlang.agents_needed(200, 0, 0.8, 20), "erlang.not_positive"),
    (lambda: erlang.agents_needed(200, -5, 0.8, 20), "erlang.not_positive"),
    (lambda: erlang.agents_needed(200, 180, 0.8, -1), "erlang.negative"),
    (lambda: erlang.agents_needed(200, 180, 1.0, 20), "erlang.target_range"),
    (lambda: erlang.agents_needed(200, 180, 0.0, 20), "erlang.target_range"),
    (lambda: erlang.agents_needed(200, 180, 1.5, 20), "erlang.target_range"),
    (lambda: erlang.agents_needed(200, 180, 0.8, 20, shrinkage=1.0), "erlang.shrinkage_range"),
    (lambda: erlang.agents_needed(200, 180, 0.8, 20, shrinkage=-0.1), "erlang.negative"),
    (lambda: erlang.agents_needed(float("nan"), 180, 0.8, 20), "erlang.not_a_number"),
    (lambda: erlang.agents_needed(float("inf"), 180, 0.8, 20), "erlang.not_a_number"),
    (lambda: erlang.agents_needed("200", 180, 0.8, 20), "erlang.not_a_number"),
    (lambda: erlang.agents_needed(True, 180, 0.8, 20), "erlang.not_a_number"),
    (lambda: erlang.agents_needed(200, 180, 0.8, 20, max_agents=2001), "erlang.agents_range"),
    (lambda: erlang.agents_needed(200, 180, 0.8, 20, max_agents=0), "erlang.agents_range"),
    # 2,000 Erlangs cannot be served by 2,000 agents; nor 10 Erlangs by the 12 allowed here.
    (lambda: erlang.agents_needed(40_000, 180, 0.8, 20), "erlang.too_many_agents"),
    (lambda: erlang.agents_needed(200, 180, 0.8, 20, max_agents=12), "erlang.too_many_agents"),
    (lambda: erlang.erlang_b(2001, 10), "erlang.agents_range"),
    (lambda: erlang.erlang_b(-1, 10), "erlang.negative"),
    (lambda: erlang.erlang_c(5, -1), "erlang.negative"),
])
def test_bad_inputs_are_coded_value_errors(call, code):
    with pytest.raises(ValueError) as info:  # noqa: PT011 - the code is what is checked
        call()
    assert isinstance(info.value, CodedValueError) and info.value.code == code
    assert str(info.value)  # an English line from the catalogue


def test_the_largest_queue_neither_overflows_nor_underflows_to_nonsense():
    """1,900 Erlangs on 2,000 agents: Aⁿ/n! would be ~10^6556 / 10^5735; the recursion stays in [0, 1]."""
    b, c = erlang.erlang_b(2000, 1900), erlang.erlang_c(2000, 1900)
    assert 0 < b < c < 1 and math.isfinite(erlang.asa(2000, 1900, 180))
    need = erlang.agents_needed(1900 * 3600 / 180, 180, 0.8, 20)
    assert 1900 < need.agents <= 2000 and need.service_level >= 0.8
    # Far above the traffic, B underflows to 0.0: nobody waits, and nothing raises.
    assert erlang.erlang_b(2000, 1) == 0.0 and erlang.service_level(2000, 1, 20, 180) == 1.0


def _b_factorial(n: int, a: Fraction) -> Fraction:
    """Erlang B by its definition, exactly: (Aⁿ/n!) / Σ_{k≤n} Aᵏ/k!."""
    terms = [a**k / math.factorial(k) for k in range(n + 1)]
    return terms[-1] / sum(terms)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 40), st.fractions(min_value=0, max_value=60, max_denominator=100))
def test_the_recursion_equals_the_factorial_formula(n, a):
    exact = _b_factorial(n, a)
    assert erlang.erlang_b(n, float(a)) == pytest.approx(float(exact), rel=1e-9, abs=1e-300)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 2000), st.floats(0, 1900, allow_nan=False))
def test_erlang_c_is_a_probability(n, a):
    c = erlang.erlang_c(n, a)
    assert 0.0 <= c <= 1.0
    assert erlang.erlang_b(n, a) <= c or n <= a  # waiting is at least as likely as being blocked


@settings(max_examples=100, deadline=None)
@given(st.floats(0.01, 500, allow_nan=False), st.floats(1, 3600), st.floats(0, 600))
def test_more_agents_never_lower_the_service_level(a, aht, t):
    first = int(a) + 1
    levels = [erlang.service_level(n, a, t, aht) for n in range(first, min(first + 60, 2001))]
    assert all(x <= y + 1e-12 for x, y in zip(levels, levels[1:], strict=False))
    assert all(0.0 <= x <= 1.0 for x in levels)


@settings(max_examples=100, deadline=None)
@given(st.floats(0, 20_000), st.floats(1, 1800), st.floats(0.05, 0.95), st.floats(0, 120), st.floats(0, 0.9))
def test_agents_needed_is_the_smallest_team_that_meets_the_target(calls, aht, target, t, shrinkage):
    try:
        need = erlang.agents_needed(calls, aht, target, t, shrinkage)
    except CodedValueError as exc:
        assert exc.code == "erlang.too_many_agents"
        return
    a = erlang.traffic(calls, aht)
    if need.agents == 0:
        assert a == 0.0
        return
    assert need.service_level >= target and need.agents > a
    assert need.agents - 1 <= a or erlang.service_level(need.agents - 1, a, t, aht) < target
    assert need.agents <= need.agents_with_shrinkage <= math.ceil(need.agents / (1 - shrinkage)) + 0
