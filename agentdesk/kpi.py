"""The KPIs' arithmetic and their definitions, once (issue 13).

Pure: no database, no Qt. ``services/metrics.py`` reads the figures from the database and
hands the values here; the supervisor view shows ``DEFINITIONS`` on hover and
docs/metrics.md holds the same text (tests/test_metrics.py checks they agree, key by key).
``Drill`` says which tickets stand behind a figure: the inbox's ticket query applies it
(services/tickets.TicketQuery.drill).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from agentdesk.catalogue import CodedError

Number = int | float


def _plain(x: float) -> Number:
    """A figure as it is printed: whole numbers as int (3600, not 3600.0)."""
    return int(x) if float(x).is_integer() else x


def median(values: Sequence[float]) -> Number | None:
    """The usual median: the middle value, or the mean of the two middle values for an
    even count; None for no values."""
    s = sorted(values)
    n = len(s)
    if n == 0:
        return None
    mid = n // 2
    return _plain(s[mid] if n % 2 else (s[mid - 1] + s[mid]) / 2)


def p90(values: Sequence[float]) -> Number | None:
    """Nearest-rank 90th percentile: the value at rank ⌈0.9·n⌉ (1-based) of the sorted
    values; None for no values. Integer arithmetic: 0.9·n in floating point can land a
    hair above a whole number and move the rank."""
    s = sorted(values)
    n = len(s)
    if n == 0:
        return None
    rank = -(-9 * n // 10)
    return _plain(s[rank - 1])


def mean(values: Sequence[float]) -> Number | None:
    return _plain(sum(values) / len(values)) if values else None


def rate(numerator: int, denominator: int) -> float | None:
    """A share from 0 to 1; None (never a division error) for an empty set."""
    return None if denominator == 0 else numerator / denominator


def summary(values: Iterable[float]) -> dict:
    """``{median, p90, count}`` of durations in seconds."""
    s = sorted(values)
    return {"median": median(s), "p90": p90(s), "count": len(s)}


def csat(scores: Sequence[int]) -> dict:
    """``{rate, responses}``: the share of 4 and 5 among CSAT answers (1-5)."""
    return {"rate": rate(sum(1 for x in scores if x >= CSAT_SATISFIED), len(scores)), "responses": len(scores)}


def nps(scores: Sequence[int]) -> dict:
    """``{score, responses}``: 100 × (promoters 9-10 − detractors 0-6) ÷ responses."""
    n = len(scores)
    if n == 0:
        return {"score": None, "responses": 0}
    promoters = sum(1 for x in scores if x >= NPS_PROMOTER)
    detractors = sum(1 for x in scores if x <= NPS_DETRACTOR)
    return {"score": _plain(100 * (promoters - detractors) / n), "responses": n}


CSAT_SATISFIED = 4  # CSAT 4 and 5 are satisfied
NPS_PROMOTER = 9  # NPS 9-10
NPS_DETRACTOR = 6  # NPS 0-6

# What a work session is (table work_sessions): talk, hold and after-contact work on a call,
# worked time on a written ticket.
WORK_KINDS = ("talk", "hold", "acw", "work")
WORK_SECONDS_MAX = 86_400  # one record is at most a day
CLOCK_SKEW = timedelta(minutes=5)  # a desk's clock a little ahead of the server's is not the future


class WorkError(CodedError, ValueError):
    """A work record the rule refuses (one line, coded; the services raise it as
    InvalidValue, the team server as Rejected)."""


def may_work_on(agent_role: str, agent_team: uuid.UUID | None, ticket_team: uuid.UUID | None) -> bool:
    """Whose tickets an agent may record time on: their team's (or one without a team, an
    admin's triage); admins any."""
    return agent_role == "admin" or ticket_team is None or ticket_team == agent_team


def check_work(kind, seconds, started_at, now: datetime) -> tuple[str, int, datetime]:
    """(kind, seconds, started_at) of an agent's work record, or WorkError: a known kind,
    a whole number of seconds from 1 to a day, a start in UTC that is not in the future.
    The local services, the replica and the team server's ``work.log`` handler ask this."""
    if kind not in WORK_KINDS:
        raise WorkError(code="work.kind", kind=repr(str(kind)[:40]), allowed=", ".join(WORK_KINDS))
    if isinstance(seconds, bool) or not isinstance(seconds, int) or not 1 <= seconds <= WORK_SECONDS_MAX:
        raise WorkError(code="work.seconds", most=WORK_SECONDS_MAX)
    if not isinstance(started_at, datetime) or started_at.tzinfo is None:
        raise WorkError(code="work.start")
    if started_at > now + CLOCK_SKEW:
        raise WorkError(code="work.future")
    return kind, seconds, started_at

# Per JSON key of `agentdesk metrics --json`: the exact English definition. The view shows it
# on hover; docs/metrics.md holds the same text.
DEFINITIONS: dict[str, str] = {
    "period": "The local calendar days from `from` to `to`, both inclusive, in the time zone `tz` "
              "(default: the workspace's time_zone setting), and the team, if one was given.",
    "cohort": "Tickets not deleted and not merged into another, created inside the period "
              "(filtered by team when given).",
    "tickets_created": "The cohort's size.",
    "volume_by_channel": "{channel: count} over the cohort.",
    "first_response_seconds": "{median, p90, count} over cohort tickets that have a first response: the earliest "
                              "public agent reply (an outbound message) or call log on the ticket, minus the ticket's "
                              "creation. Median is the mean of the two middle values for an even count; p90 is the "
                              "value at rank ⌈0.9·n⌉ of the sorted list.",
    "unanswered": "The number of cohort tickets without a first response.",
    "resolution_seconds": "{median, p90, count} over cohort tickets with a solved time: solved minus created.",
    "reopen_rate": "Among cohort tickets with a solved time, the share reopened at least once.",
    "fcr_rate": "First contact resolution: among cohort tickets now solved or closed, the share never reopened "
                "and with at most one agent contact (outbound replies plus call logs).",
    "csat": "{rate, responses} over CSAT answers (1-5) given inside the period: the share of 4 and 5. "
            "With a team, only answers about that team's tickets.",
    "nps": "{score, responses} over NPS answers (0-10) given inside the period: 100 × (promoters 9-10 − "
           "detractors 0-6) ÷ responses. With a team, only answers about that team's tickets.",
    "backlog": "Tickets not deleted or merged whose status is new, open, pending or on hold, now "
               "(filtered by team when given).",
    "sla_attainment_rate": "Among cohort tickets whose SLA outcome is decided, the share that met every deadline. "
                           "A deadline is met when the first response (or the solved time, for the resolution "
                           "deadline) came at or before it, and missed when it came later or has not come and the "
                           "deadline has passed; a ticket is decided when every deadline is met or one is missed. "
                           "Paused time (pending, on hold) does not move a deadline.",
    "handle_time_seconds": "{median, p90, count, mean} over tickets not deleted with work recorded inside the period "
                           "(with a team, work on that team's tickets): per ticket, the sum of its work sessions that "
                           "started inside the period (talk + hold + after-contact work for calls; worked time for "
                           "written channels). Contacts ended as abusive, or tagged `abusive-contact`, are left out "
                           "(docs/protection.md).",
}
METRIC_KEYS = tuple(k for k in DEFINITIONS if k not in ("period", "cohort"))


class DrillKind(StrEnum):
    """Which tickets stand behind a figure (services/metrics.drill_conditions)."""

    COHORT = "cohort"  # created in the period, not deleted or merged
    ANSWERED = "answered"  # … with a first response
    UNANSWERED = "unanswered"  # … without one
    SOLVED = "solved"  # … with a solved time
    REOPENED = "reopened"  # … with a solved time, reopened at least once
    DONE = "done"  # … now solved or closed
    FCR = "fcr"  # … done, never reopened, at most one agent contact
    NOT_FCR = "not_fcr"  # … done, and reopened or more than one agent contact
    SLA_DECIDED = "sla_decided"
    SLA_MET = "sla_met"
    SLA_MISSED = "sla_missed"
    BACKLOG = "backlog"  # active now (the period does not apply)
    CSAT = "csat"  # with a CSAT answer given in the period
    CSAT_LOW = "csat_low"  # … of 1-3
    CSAT_HIGH = "csat_high"  # … of 4-5
    NPS = "nps"  # with an NPS answer given in the period
    HANDLED = "handled"  # with a work session started in the period


@dataclass(frozen=True)
class Drill:
    """The tickets behind one figure: a period (UTC, half-open ``[start, end)``), an
    optional team and channel, and what they must be. ``now`` decides what counts as passed
    (SLA) and is the figure's own time, so the list matches the number it opened from."""

    kind: DrillKind
    start: datetime
    end: datetime
    now: datetime
    team_id: uuid.UUID | None = None
    channel: str | None = None


# The tickets each figure opens: the figure's count, or a rate's numerator.
METRIC_DRILL: dict[str, DrillKind] = {
    "tickets_created": DrillKind.COHORT,
    "volume_by_channel": DrillKind.COHORT,
    "first_response_seconds": DrillKind.ANSWERED,
    "unanswered": DrillKind.UNANSWERED,
    "resolution_seconds": DrillKind.SOLVED,
    "reopen_rate": DrillKind.REOPENED,
    "fcr_rate": DrillKind.FCR,
    "csat": DrillKind.CSAT_HIGH,
    "nps": DrillKind.NPS,
    "backlog": DrillKind.BACKLOG,
    "sla_attainment_rate": DrillKind.SLA_MET,
    "handle_time_seconds": DrillKind.HANDLED,
}
