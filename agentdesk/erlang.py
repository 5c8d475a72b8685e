"""Erlang B and Erlang C: how many agents a queue of calls needs for a service level.

Pure (stdlib only, no numpy, no project imports but the catalogue): the staffing service,
the CLI and the supervisor view call it. Traffic ``A`` is in Erlangs (arrivals an hour ×
handle time in hours); ``n`` agents answer one queue, first come first served.

Why not a published package: issue 13 lists them (one needs Python 3.12 and pulls in
OR-Tools and pandas, one sets the global ``decimal`` precision to 1000 on import, one
sends the inputs to a web service, others crash on integer traffic). The formulas are a
few lines; what matters is computing them without factorials or powers:

* Erlang B by the recursion B(0) = 1, B(n) = A·B(n-1) / (n + A·B(n-1)). Every step stays
  in [0, 1], so nothing overflows at 2,000 agents and 1,900 Erlangs, where Aⁿ/n! does
  (1900**2000 is ~10^6556). Far above the traffic B only shrinks towards 0 (underflow to
  0.0 is the right answer there: nobody waits).
* Erlang C from B: C = n·B / (n − A·(1 − B)), 1 when n ≤ A (the queue grows without end).
* Service level SL(T) = 1 − C·exp(−(n − A)·T / AHT); average speed of answer
  ASA = C·AHT / (n − A); occupancy A / n.

Erlang C assumes no caller hangs up (see ``CAVEAT``), infinite patience and a steady
arrival rate within the interval.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from agentdesk.catalogue import CodedValueError

MAX_AGENTS = 2000  # the recursion is checked (tests/test_erlang.py) to here; a team of more is not one queue
CAVEAT = ("Erlang C assumes no one abandons, so it overstates the queue when callers hang up: with real "
          "abandonment the waits are shorter and the service level higher than shown, and the agents "
          "estimated are an upper bound. It also assumes calls arrive at a steady rate within each hour "
          "and that every agent can take every call.")


@dataclass(frozen=True)
class Staffing:
    """The smallest team that meets the target, and how that team performs."""

    agents: int  # raw: agents on the phones at once
    agents_with_shrinkage: int  # scheduled, so that ``agents`` remain after breaks, training, absence
    traffic_erlangs: float
    probability_wait: float  # Erlang C at ``agents``
    service_level: float  # share answered within the target time at ``agents``
    asa_seconds: float  # average speed of answer at ``agents``
    occupancy: float  # share of the agents' time on calls


def _number(field: str, value: object) -> float:
    """A finite real number (an int is fine: some packages crash on integer traffic)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise CodedValueError(code="erlang.not_a_number", field=field, value=repr(value)[:40])
    number = float(value)
    if not math.isfinite(number):
        raise CodedValueError(code="erlang.not_a_number", field=field, value=repr(value)[:40])
    return number


def _non_negative(field: str, value: object) -> float:
    number = _number(field, value)
    if number < 0:
        raise CodedValueError(code="erlang.negative", field=field, value=f"{number:g}")
    return number


def _agents(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise CodedValueError(code="erlang.not_a_number", field="agents", value=repr(value)[:40])
    if value < 0:
        raise CodedValueError(code="erlang.negative", field="agents", value=str(value))
    if value > MAX_AGENTS:
        raise CodedValueError(code="erlang.agents_range", value=str(value), most=MAX_AGENTS)
    return value


def traffic(calls_per_hour: float, aht_seconds: float) -> float:
    """Offered traffic in Erlangs: calls an hour × average handle time in hours."""
    return _non_negative("calls_per_hour", calls_per_hour) * _non_negative("aht_seconds", aht_seconds) / 3600.0


def _b_step(n: int, a: float, b: float) -> float:
    ab = a * b
    return ab / (n + ab)


def erlang_b(agents: int, traffic_erlangs: float) -> float:
    """Blocking probability of an M/M/n/n system (calls lost when all agents are busy)."""
    n, a = _agents(agents), _non_negative("traffic", traffic_erlangs)
    b = 1.0
    for k in range(1, n + 1):
        b = _b_step(k, a, b)
    return b


def _c_from_b(n: int, a: float, b: float) -> float:
    if a == 0.0:
        return 0.0  # no calls: nobody waits (n may be 0 too)
    if n <= a:
        return 1.0  # the queue grows without end: every caller waits
    return n * b / (n - a * (1.0 - b))


def erlang_c(agents: int, traffic_erlangs: float) -> float:
    """Probability that a call waits (M/M/n): 1.0 when there are no more agents than Erlangs."""
    n, a = _agents(agents), _non_negative("traffic", traffic_erlangs)
    return _c_from_b(n, a, erlang_b(n, a))


def _sl_from_c(n: int, a: float, c: float, answer_seconds: float, aht: float) -> float:
    if a == 0.0:
        return 1.0
    if n <= a:
        return 0.0  # an unstable queue: in the long run nobody is answered in time
    return 1.0 - c * math.exp(-(n - a) * answer_seconds / aht)


def _asa_from_c(n: int, a: float, c: float, aht: float) -> float:
    if a == 0.0:
        return 0.0
    if n <= a:
        return math.inf
    return c * aht / (n - a)


def service_level(agents: int, traffic_erlangs: float, answer_seconds: float, aht_seconds: float) -> float:
    """Share of calls answered within ``answer_seconds`` (0.0 when agents ≤ traffic, 1.0 without calls)."""
    n, a = _agents(agents), _non_negative("traffic", traffic_erlangs)
    t, aht = _non_negative("answer_seconds", answer_seconds), _positive("aht_seconds", aht_seconds)
    return _sl_from_c(n, a, erlang_c(n, a), t, aht)


def asa(agents: int, traffic_erlangs: float, aht_seconds: float) -> float:
    """Average speed of answer in seconds over all calls (math.inf when agents ≤ traffic)."""
    n, a = _agents(agents), _non_negative("traffic", traffic_erlangs)
    aht = _positive("aht_seconds", aht_seconds)
    return _asa_from_c(n, a, erlang_c(n, a), aht)


def occupancy(agents: int, traffic_erlangs: float) -> float:
    """Share of the agents' time on calls: A / n, at most 1 (0.0 with no agents and no calls)."""
    n, a = _agents(agents), _non_negative("traffic", traffic_erlangs)
    if n == 0:
        return 0.0 if a == 0.0 else 1.0
    return min(1.0, a / n)


def _positive(field: str, value: object) -> float:
    number = _number(field, value)
    if number <= 0:
        raise CodedValueError(code="erlang.not_positive", field=field, value=f"{number:g}")
    return number


def with_shrinkage(agents: int, shrinkage: float) -> int:
    """Agents to schedule so that ``agents`` are on the phones when a share ``shrinkage`` of
    paid time goes to breaks, training, meetings and absence: ceil(agents / (1 − shrinkage))."""
    s = _non_negative("shrinkage", shrinkage)
    if s >= 1.0:
        raise CodedValueError(code="erlang.shrinkage_range", value=f"{s:g}")
    # 14 / (1 − 0.3) is 20.000000000000004 in floats: a rounding error must not add an agent.
    return math.ceil(agents / (1.0 - s) - 1e-9)


def check_target(target_sl: float, answer_seconds: float, shrinkage: float = 0.0) -> tuple[float, float, float]:
    """The target service level, answer time and shrinkage checked (coded ValueErrors), as floats."""
    target = _number("target_sl", target_sl)
    if not 0.0 < target < 1.0:
        raise CodedValueError(code="erlang.target_range", value=f"{target:g}")
    t = _non_negative("answer_seconds", answer_seconds)
    s = _non_negative("shrinkage", shrinkage)
    if s >= 1.0:
        raise CodedValueError(code="erlang.shrinkage_range", value=f"{s:g}")
    return target, t, s


def check_aht(aht_seconds: float) -> float:
    """An average handle time in seconds: a finite number above 0."""
    return _positive("aht_seconds", aht_seconds)


def agents_needed(calls_per_hour: float, aht_seconds: float, target_sl: float, answer_seconds: float,
                  shrinkage: float = 0.0, max_agents: int = MAX_AGENTS) -> Staffing:
    """The smallest number of agents whose service level meets ``target_sl`` (e.g. 0.8 of
    calls answered within ``answer_seconds`` = 20), for ``calls_per_hour`` arrivals (an
    arrival rate, any real number ≥ 0) of ``aht_seconds`` average handle time.

    One pass of the B recursion: each step gives B(n), hence C, SL(n); the first n above
    the traffic whose SL reaches the target is the answer. No calls need no agents."""
    lam = _non_negative("calls_per_hour", calls_per_hour)
    aht = _positive("aht_seconds", aht_seconds)
    target, t, s = check_target(target_sl, answer_seconds, shrinkage)
    if isinstance(max_agents, bool) or not isinstance(max_agents, int) or not 1 <= max_agents <= MAX_AGENTS:
        raise CodedValueError(code="erlang.agents_range", value=repr(max_agents)[:40], most=MAX_AGENTS)
    a = lam * aht / 3600.0
    if a == 0.0:
        return Staffing(0, 0, 0.0, 0.0, 1.0, 0.0, 0.0)
    b = 1.0
    for n in range(1, max_agents + 1):
        b = _b_step(n, a, b)
        if n <= a:
            continue
        c = _c_from_b(n, a, b)
        sl = _sl_from_c(n, a, c, t, aht)
        if sl >= target:
            return Staffing(n, with_shrinkage(n, s), a, c, sl, _asa_from_c(n, a, c, aht), a / n)
    raise CodedValueError(code="erlang.too_many_agents", traffic=f"{a:,.1f}", most=max_agents)
