"""Follow-ups: an agent's personal calendar of promised replies and callbacks.

Times are stored in UTC. A recurring follow-up keeps only its *current* occurrence in
``due_at``; the rule (an RFC 5545 RRULE without DTSTART) is expanded from there in the
follow-up's own zone (``tz``; '' = this machine's zone), so "every Monday 09:00" stays
09:00 on the wall clock across a daylight-saving change. Completing it moves ``due_at``
to the next occurrence (COUNT shrinks by the occurrences used) instead of closing it.

iCalendar: export writes one VEVENT per follow-up (DTSTART in UTC; a recurring one with
a known zone is written with TZID and a VTIMEZONE instead, or Outlook and Google would
expand the rule in UTC and move 09:00 by an hour in summer). Import parses and checks the
whole file before it writes anything; the same UID updates instead of duplicating.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time as clock
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo, UTC
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import rrule as RRule, rrulestr
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agentdesk.catalogue import Phrase
from agentdesk.models import Agent, ContactPoint, Customer, FollowUp, Ticket, utcnow
from agentdesk.services import tickets as tickets_service
from agentdesk.services.common import InvalidValue, NotFound, audit, check_choice, get_setting
from agentdesk.services.customers import resolve_customer
from agentdesk.services.pii import mask_pii

KINDS = ("follow_up", "callback")
STATUSES = ("open", "done")
TITLE_MAX = 200
RRULE_MAX = 200
# A follow-up repeating every minute is a mistake, and would flood the calendar.
ALLOWED_FREQS = ("HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY")
MAX_OCCURRENCES_PER_ITEM = 500  # per requested range: a month of an hourly rule fits
AGENDA_LIMIT = 500
EVENT_MINUTES = {"callback": 15, "follow_up": 30}  # DTEND in the export
UID_DOMAIN = "agentdesk"
PRODID = "-//AgentDesk//Follow-ups//KO"
# Due times a follow-up may have. Outside them a calendar file is a mistake or an attack:
# 9999-12-31 imported, and every export then overflowed adding the event's DTEND.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)
# Occurrences walked for one series. dateutil walks from the series' start (~2.3 µs an
# occurrence here), so a year-1 hourly series took 39 s to complete; 50,000 take ~0.1 s.
EXPANSION_BUDGET = 50_000
# An import is checked on the one write worker: 10^6 events took 88 s and 2.5 GB and then
# failed with "too many SQL variables". A personal calendar is far smaller than these.
ICS_MAX_BYTES = 5_000_000
ICS_MAX_EVENTS = 5_000
ICS_CHECK_SECONDS = 5.0
TICKET_NUMBER_DIGITS = 18  # a BIGINT holds every 18-digit number
# RFC 5545 ranges of the BY* parts; dateutil accepts BYHOUR=25 and then fails while expanding.
_BY_RANGES = {"BYSECOND": (0, 60), "BYMINUTE": (0, 59), "BYHOUR": (0, 23), "BYMONTH": (1, 12),
              "BYMONTHDAY": (-31, 31), "BYYEARDAY": (-366, 366), "BYWEEKNO": (-53, 53), "BYSETPOS": (-366, 366)}
INTERVAL_MAX = 1000


# --- plain data out -----------------------------------------------------------------
@dataclass(frozen=True)
class FollowUpRow:
    id: uuid.UUID
    title: str
    notes: str
    kind: str
    due_at: datetime
    status: str
    rrule: str
    tz: str
    remind_at: datetime | None
    completed_at: datetime | None
    ticket_id: uuid.UUID | None = None
    ticket_number: int | None = None
    ticket_subject: str = ""
    ticket_status: str = ""
    customer_id: uuid.UUID | None = None
    customer_name: str = ""
    customer_phone: str = ""
    ical_uid: str | None = None

    @property
    def reminder_at(self) -> datetime:
        """When the reminder fires: the snooze target if any, else the due time."""
        return self.remind_at or self.due_at

    @property
    def recurring(self) -> bool:
        return bool(self.rrule)

    def overdue(self, now: datetime) -> bool:
        return self.status == "open" and self.due_at < now


@dataclass(frozen=True)
class Occurrence:
    """One appearance of a follow-up on the calendar."""

    at: datetime  # UTC
    follow_up: FollowUpRow
    # True for the stored due time (what Done and Snooze act on); False for a future repeat.
    current: bool = True

    def overdue(self, now: datetime) -> bool:
        return self.current and self.follow_up.overdue(now)


@dataclass(frozen=True)
class Prefill:
    title: str
    kind: str
    ticket_id: uuid.UUID | None = None
    ticket_number: int | None = None
    customer_id: uuid.UUID | None = None
    customer_name: str = ""
    phone: str = ""


# --- zones and rules ----------------------------------------------------------------
def local_zone(tz: str = "") -> tzinfo:
    """The follow-up's zone; '' is this machine's zone (with its DST rules, not a fixed offset)."""
    if not tz:
        # Imported here: dateutil.tz pulls in ctypes (37 ms of the window's start-up).
        from dateutil import tz as dateutil_tz

        return dateutil_tz.tzlocal()
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidValue(code="followup.unknown_zone", zone=tz) from exc


def check_zone(tz: str) -> str:
    tz = (tz or "").strip()
    local_zone(tz)
    return tz


def system_zone_name() -> str:
    """This machine's IANA zone name if it can be found, else '' (which means the same)."""
    import os
    from pathlib import Path

    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    except OSError:
        pass
    try:
        link = os.path.realpath("/etc/localtime")
        if "zoneinfo/" in link:
            candidates.append(link.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    for name in candidates:
        if name:
            try:
                ZoneInfo(name)
                return name
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return ""


_UNTIL = re.compile(r"UNTIL=(\d{8})(T\d{6})?(Z?)")
_COUNT = re.compile(r"COUNT=(\d+)")


def normalize_rrule(text: str, tz: str = "") -> str:
    """'rrule:freq=weekly;byday=mo' → 'FREQ=WEEKLY;BYDAY=MO'. A floating or date-only UNTIL
    is read in the follow-up's zone and written in UTC (dateutil needs that with a zoned start)."""
    rule = (text or "").strip()
    if not rule:
        return ""
    if rule.upper().startswith("RRULE:"):
        rule = rule[6:]
    rule = rule.strip().upper().replace(" ", "")
    if "\n" in rule or ":" in rule:
        raise InvalidValue(code="rrule.one_rule")
    m = _UNTIL.search(rule)
    if m and not m.group(3):
        try:
            day = datetime.strptime(m.group(1), "%Y%m%d")
            wall = datetime.strptime(m.group(1) + m.group(2), "%Y%m%dT%H%M%S") if m.group(2) else \
                datetime.combine(day.date(), time(23, 59, 59))
            until = wall.replace(tzinfo=local_zone(tz)).astimezone(UTC)
        except (ValueError, OverflowError):  # 2026-13-45, or the year 1 moved before the year 1
            raise InvalidValue(code="rrule.until_not_date", until=m.group(1) + (m.group(2) or "")) from None
        rule = rule[:m.start()] + f"UNTIL={until.year:04}{until:%m%dT%H%M%SZ}" + rule[m.end():]
    if len(rule) > RRULE_MAX:
        raise InvalidValue(code="rrule.too_long", most=RRULE_MAX)
    return rule


def _check_parts(rule: str) -> None:
    """The numbers in the rule are in RFC 5545's ranges (dateutil checks too few of them)."""
    for part in rule.split(";"):
        name, _, value = part.partition("=")
        if name in _BY_RANGES:
            low, high = _BY_RANGES[name]
            for item in value.split(","):
                number = item.lstrip("+")
                if not re.fullmatch(r"-?[0-9]{1,4}", number) or not low <= int(number) <= high or \
                        (int(number) == 0 and low < 0):
                    raise InvalidValue(code="rrule.part_range", rule=rule, part=name, low=low, high=high)
        elif name == "INTERVAL" and not (value.isdecimal() and value.isascii() and 1 <= int(value) <= INTERVAL_MAX):
            raise InvalidValue(code="rrule.interval_range", rule=rule, most=INTERVAL_MAX)
        elif name == "COUNT" and not (value.isdecimal() and value.isascii() and len(value) <= 9 and int(value) >= 1):
            raise InvalidValue(code="rrule.count_positive", rule=rule)


def _rule(rule: str, start: datetime, tz: str) -> tuple[RRule, int | None]:
    """A dateutil rule anchored at `start`, expanded on the wall clock of the zone, and its COUNT.

    The rule itself is cut at LATEST instead of COUNT (counted by _series): a rule that can
    never occur (BYMONTH=2;BYMONTHDAY=30) made dateutil search up to the year 9999 for 5 s."""
    freq = re.search(r"FREQ=([A-Z]+)", rule)
    if freq is None or freq.group(1) not in ALLOWED_FREQS:
        raise InvalidValue(code="rrule.freq", rule=rule, allowed=", ".join(ALLOWED_FREQS))
    _check_parts(rule)
    try:
        parsed = rrulestr(rule, dtstart=start.astimezone(local_zone(tz)))
        if not isinstance(parsed, RRule):
            raise ValueError("one rule expected")
        count = getattr(parsed, "_count", None)
        until = getattr(parsed, "_until", None)
        return parsed.replace(count=None, until=min(until, LATEST) if until else LATEST), count
    except (ValueError, TypeError, KeyError, IndexError, OverflowError) as exc:
        raise InvalidValue(code="rrule.invalid", rule=rule, detail=str(exc)) from None


class SeriesTooLong(InvalidValue):
    """A series that would take more than EXPANSION_BUDGET occurrences to walk."""


def _series(rule: str, start: datetime, tz: str, budget: int = EXPANSION_BUDGET) -> Iterator[datetime]:
    """The rule's occurrences from `start`, in UTC, at most `budget` of them (then SeriesTooLong)."""
    parsed, count = _rule(rule, start, tz)
    try:
        for walked, at in enumerate(parsed):
            if count is not None and walked >= count:
                return
            if walked >= budget:
                raise SeriesTooLong(code="rrule.series_too_long", rule=rule, most=f"{budget:,}",
                                    start=start.date().isoformat())
            yield at.astimezone(UTC)
    except (ValueError, TypeError, OverflowError) as exc:  # dateutil fails late on some rules
        raise InvalidValue(code="rrule.invalid", rule=rule, detail=str(exc or type(exc).__name__)) from None


_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_DATE_PARTS = ("BYMONTH", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYDAY")


def _never_occurs(rule: str, start: datetime) -> bool:
    """True for a rule no date can match. dateutil looks for its next occurrence up to the
    year 9999 without ever giving control back: FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30 took 5–12 s."""
    parts = dict(part.partition("=")[::2] for part in rule.split(";"))
    interval = int(parts.get("INTERVAL", "1"))
    days = {day[-2:] for day in parts.get("BYDAY", "").split(",") if day}
    # Every 7th day (or 168th hour) is always the start's weekday.
    step_days = interval if parts["FREQ"] == "DAILY" else interval / 24 if parts["FREQ"] == "HOURLY" else 0
    if days and step_days and step_days % 7 == 0 and _WEEKDAYS[start.weekday()] not in days:
        return True
    # The dates the BY* parts allow, as a yearly rule: a superset of the rule's own dates. The
    # Gregorian calendar repeats every 400 years, so 9600–9999 holds every date pattern there is.
    probe = [f"{name}={','.join(sorted(days)) if name == 'BYDAY' else parts[name]}"
             for name in _DATE_PARTS if name in parts]
    if not probe:
        return False
    try:
        yearly = rrulestr(";".join(["FREQ=YEARLY", *probe]), dtstart=datetime(9600, 1, 1))
        return yearly.after(datetime(9600, 1, 1), inc=True) is None
    except (ValueError, TypeError, KeyError, IndexError, OverflowError):
        return False  # _rule says what is wrong with it


def validate_rrule(text: str, start: datetime, tz: str = "") -> tuple[str, datetime]:
    """The normalised rule and the first occurrence at or after `start` (the due time is
    moved onto the rule, as RFC 5545 asks DTSTART to be). Raises InvalidValue."""
    rule = normalize_rrule(text, tz)
    if not rule:
        return "", start
    _rule(rule, start, tz)  # what is wrong with the rule itself, before _never_occurs reads its parts
    first = None if _never_occurs(rule, start.astimezone(local_zone(tz))) else next(_series(rule, start, tz), None)
    if first is None:
        raise InvalidValue(code="rrule.never_occurs", rule=rule)
    return rule, first


def occurrences(rule: str, due_at: datetime, tz: str, start: datetime, end: datetime,
                limit: int = MAX_OCCURRENCES_PER_ITEM) -> list[datetime]:
    """UTC times of the rule's occurrences from `due_at` that fall in [start, end)."""
    if not rule:
        return [due_at] if start <= due_at < end else []
    out: list[datetime] = []
    try:
        for at in _series(rule, due_at, tz):
            if at >= end or len(out) >= limit:
                break
            if at >= start:
                out.append(at)
    except SeriesTooLong:
        pass  # an old series stored before the budget: show what was walked, never hang a worker
    return out


def next_occurrence(rule: str, due_at: datetime, tz: str, after: datetime) -> tuple[datetime, str] | None:
    """The first occurrence strictly after `after`, and the rule with COUNT reduced by the
    occurrences passed over; None once the series is over."""
    passed = 0
    for at in _series(rule, due_at, tz):
        if at > after:
            m = _COUNT.search(rule)
            if m:
                rule = rule[:m.start()] + f"COUNT={int(m.group(1)) - passed}" + rule[m.end():]
            return at, rule
        passed += 1
    return None


# --- working hours ------------------------------------------------------------------
# A follow-up "in 1 day" made at 02:02 used to be due at 02:02: a reminder nobody is there
# to see. Due times computed from a delay move into the workspace's working hours.
WORKING_HOURS_KEY = "working_hours"  # workspace setting, e.g. "Mon-Fri 09:00-18:00"
TIME_ZONE_KEY = "time_zone"  # workspace setting: an IANA zone (the demo's: Asia/Seoul)
_DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_HOURS_RE = re.compile(r"\s*(?:([a-z]{3})(?:\s*-\s*([a-z]{3}))?\s+)?(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*")
log = logging.getLogger("agentdesk.services")


@dataclass(frozen=True)
class WorkingHours:
    """When the desk is staffed: from ``start`` to ``end`` (end not included) on ``days``
    (Monday = 0), wall-clock time in ``zone`` ('' = this machine's zone)."""

    start: time = time(9, 0)
    end: time = time(18, 0)
    days: frozenset[int] = frozenset(range(5))
    zone: str = ""

    def __post_init__(self) -> None:
        if not self.start < self.end or not self.days or not self.days <= set(range(7)):
            raise InvalidValue(code="hours.start_end")


def parse_working_hours(text: str, zone: str = "") -> WorkingHours:
    """'Mon-Fri 09:00-18:00', 'mon 08:30-17:00' or '09:00-18:00' (Monday to Friday)."""
    m = _HOURS_RE.fullmatch((text or "").lower())
    if m is None or (m.group(1) and m.group(1) not in _DAY_NAMES) or (m.group(2) and m.group(2) not in _DAY_NAMES):
        raise InvalidValue(code="hours.invalid", text=text)
    first = _DAY_NAMES.index(m.group(1)) if m.group(1) else 0
    last = _DAY_NAMES.index(m.group(2)) if m.group(2) else (first if m.group(1) else 4)
    days = frozenset((first + i) % 7 for i in range((last - first) % 7 + 1))
    try:
        start, end = time(int(m.group(3)), int(m.group(4))), time(int(m.group(5)), int(m.group(6)))
    except ValueError:
        raise InvalidValue(code="hours.time_range", text=text) from None
    check_zone(zone)
    return WorkingHours(start, end, days, zone)


def working_hours(session: Session) -> WorkingHours:
    """The workspace's working hours (settings working_hours and time_zone); Monday to
    Friday 09:00-18:00 in this machine's zone where they are not set. A setting that does not
    parse is logged and the default used: a due time is no reason to refuse a reply."""
    zone = get_setting(session, TIME_ZONE_KEY) or ""
    text = get_setting(session, WORKING_HOURS_KEY) or "Mon-Fri 09:00-18:00"
    try:
        return parse_working_hours(text, zone)
    except InvalidValue as exc:
        log.warning("workspace working hours ignored: %s", exc)
        try:
            return WorkingHours(zone=check_zone(zone))
        except InvalidValue:
            return WorkingHours()


def next_working_time(due: datetime, hours: WorkingHours = WorkingHours()) -> datetime:
    """``due`` if it falls within working hours, else the start of the next working period
    (Friday 18:30 → Monday 09:00; exactly 18:00 is after hours). Wall-clock times in the
    hours' zone, so 09:00 stays 09:00 across a daylight-saving change. Aware in and out
    (in the hours' zone)."""
    if due.tzinfo is None:
        raise InvalidValue(code="hours.due_needs_zone")
    zone = local_zone(hours.zone)
    local = due.astimezone(zone)
    day = local.date()
    if local.weekday() in hours.days and hours.start <= local.time() < hours.end:
        return local
    if local.time() >= hours.start:  # after hours (or a day off): from tomorrow on
        day += timedelta(days=1)
    while day.weekday() not in hours.days:
        day += timedelta(days=1)
    # Through UTC and back: a start inside a DST gap comes out as the wall time it becomes.
    return datetime.combine(day, hours.start, tzinfo=zone).astimezone(UTC).astimezone(zone)


# --- quick picks --------------------------------------------------------------------
def _at_nine(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day, time(9, 0), tzinfo=zone)


def quick_picks(now_local: datetime) -> list[tuple[str, datetime]]:
    """(label key, aware local time): in one hour, tomorrow 09:00, next Monday 09:00.

    Wall-clock times are built in now_local's zone: pass a zone with DST rules
    (local_zone()), not a fixed offset, for 09:00 to stay 09:00 across a change."""
    zone = now_local.tzinfo
    if zone is None:
        raise InvalidValue(code="followup.quick_picks_naive")
    in_hour = (now_local.astimezone(UTC) + timedelta(hours=1)).astimezone(zone)
    in_hour = in_hour.replace(second=0, microsecond=0)
    today = now_local.date()
    monday = today + timedelta(days=(7 - today.weekday()) % 7 or 7)
    return [
        ("in_1_hour", in_hour),
        ("tomorrow_0900", _at_nine(today + timedelta(days=1), zone)),
        ("next_monday_0900", _at_nine(monday, zone)),
    ]


def snooze_choices(now_local: datetime) -> list[tuple[str, datetime]]:
    """(label key, aware local time): 10 minutes, 1 hour, tomorrow 09:00."""
    zone = now_local.tzinfo
    if zone is None:
        raise InvalidValue(code="followup.snooze_choices_naive")
    utc = now_local.astimezone(UTC)
    return [
        ("10_minutes", (utc + timedelta(minutes=10)).astimezone(zone)),
        ("1_hour", (utc + timedelta(hours=1)).astimezone(zone)),
        ("tomorrow_0900", _at_nine(now_local.date() + timedelta(days=1), zone)),
    ]


# --- reading ------------------------------------------------------------------------
def _primary_phones(session: Session, customer_ids: set) -> dict:
    if not customer_ids:
        return {}
    phones: dict = {}
    for cid, value in session.execute(
        select(ContactPoint.customer_id, ContactPoint.value)
        .where(ContactPoint.customer_id.in_(customer_ids), ContactPoint.kind == "phone", ContactPoint.deleted.is_(False))
        .order_by(ContactPoint.is_primary.desc())
    ):
        phones.setdefault(cid, value)
    return phones


def _rows(session: Session, items: list[FollowUp]) -> list[FollowUpRow]:
    """Plain rows with the linked ticket and customer looked up in two batched queries."""
    ticket_ids = {f.ticket_id for f in items if f.ticket_id}
    customer_ids = {f.customer_id for f in items if f.customer_id}
    ticket_info: dict[uuid.UUID | None, tuple[int | None, str, str]] = {
        tid: (num, subj, st)
        for tid, num, subj, st in session.execute(
            select(Ticket.id, Ticket.number, Ticket.subject, Ticket.status).where(Ticket.id.in_(ticket_ids)))
    } if ticket_ids else {}
    names: dict[uuid.UUID | None, str] = {cid: name for cid, name in session.execute(
        select(Customer.id, Customer.name).where(Customer.id.in_(customer_ids)))} if customer_ids else {}
    phones = _primary_phones(session, customer_ids)
    out = []
    for f in items:
        num, subj, st = ticket_info.get(f.ticket_id, (None, "", ""))
        out.append(FollowUpRow(
            id=f.id, title=f.title, notes=f.notes or "", kind=f.kind, due_at=f.due_at, status=f.status,
            rrule=f.rrule or "", tz=f.tz or "", remind_at=f.remind_at, completed_at=f.completed_at,
            ticket_id=f.ticket_id, ticket_number=num, ticket_subject=subj, ticket_status=st,
            customer_id=f.customer_id, customer_name=names.get(f.customer_id, ""),
            customer_phone=phones.get(f.customer_id, ""), ical_uid=f.ical_uid,
        ))
    return out


def _mine(agent_id: uuid.UUID):
    return (FollowUp.agent_id == agent_id, FollowUp.deleted.is_(False))


def _load(session: Session, follow_up_id, agent: Agent) -> FollowUp:
    fid = follow_up_id if isinstance(follow_up_id, uuid.UUID) else uuid.UUID(str(follow_up_id))
    f = session.get(FollowUp, fid)
    if f is None or f.deleted or f.agent_id != agent.id:
        raise NotFound(code="followup.not_found")
    return f


def get_follow_up(session: Session, follow_up_id, agent: Agent) -> FollowUpRow:
    return _rows(session, [_load(session, follow_up_id, agent)])[0]


def list_range(session: Session, agent_id: uuid.UUID, start: datetime, end: datetime,
               include_done: bool = True) -> list[Occurrence]:
    """Occurrences in [start, end), recurring follow-ups expanded, in time order."""
    statuses = STATUSES if include_done else ("open",)
    # Both queries lead with (agent_id, status, due_at): ix_follow_ups_agent_due.
    in_range = session.scalars(
        select(FollowUp).where(*_mine(agent_id), FollowUp.status.in_(statuses),
                               FollowUp.due_at >= start, FollowUp.due_at < end)
    ).all()
    repeating = session.scalars(
        select(FollowUp).where(*_mine(agent_id), FollowUp.status == "open", FollowUp.due_at < start,
                               FollowUp.rrule != "")
    ).all()
    items = list({f.id: f for f in [*in_range, *repeating]}.values())
    out = []
    for row in _rows(session, items):
        for at in occurrences(row.rrule if row.status == "open" else "", row.due_at, row.tz, start, end):
            out.append(Occurrence(at, row, current=at == row.due_at))
    out.sort(key=lambda o: (o.at, o.follow_up.title))
    return out


def agenda(session: Session, agent_id: uuid.UUID, now: datetime, days: int = 14) -> list[Occurrence]:
    """Open work: overdue first (oldest first), then what falls due in the next `days` days."""
    overdue = session.scalars(
        select(FollowUp).where(*_mine(agent_id), FollowUp.status == "open", FollowUp.due_at < now)
        .order_by(FollowUp.due_at).limit(AGENDA_LIMIT)
    ).all()
    first = [Occurrence(r.due_at, r, True) for r in _rows(session, list(overdue))]
    coming = list_range(session, agent_id, now, now + timedelta(days=days), include_done=False)
    return (first + coming)[:AGENDA_LIMIT]


def due_reminders(session: Session, agent_id: uuid.UUID, now: datetime) -> list[FollowUpRow]:
    """Open follow-ups whose reminder time (snooze target, else due time) has come."""
    when = func.coalesce(FollowUp.remind_at, FollowUp.due_at)
    items = session.scalars(
        select(FollowUp).where(*_mine(agent_id), FollowUp.status == "open", when <= now)
        .order_by(when).limit(AGENDA_LIMIT)
    ).all()
    return _rows(session, list(items))


def overdue_count(session: Session, agent_id: uuid.UUID, now: datetime) -> int:
    return session.scalar(
        select(func.count()).select_from(FollowUp)
        .where(*_mine(agent_id), FollowUp.status == "open", FollowUp.due_at < now)
    ) or 0


# --- prefill ------------------------------------------------------------------------
def _suffix(language: str) -> str:
    return "회신" if language == "ko" else "follow-up"


def _short(text: str, limit: int = 60) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def prefill_for_ticket(session: Session, ticket_ref) -> Prefill:
    """'#1042 카드 한도 조회 — 회신', the ticket's customer; a callback for phone tickets."""
    t = tickets_service.resolve_ticket(session, ticket_ref)
    customer = session.get(Customer, t.customer_id) if t.customer_id else None
    phone = _primary_phones(session, {customer.id}).get(customer.id, "") if customer else ""
    kind = "callback" if t.channel == "phone" and phone else "follow_up"
    language = customer.language if customer else "ko"
    title = f"#{t.number} {_short(mask_pii(t.subject))} — {_suffix(language)}"
    return Prefill(title=title[:TITLE_MAX], kind=kind, ticket_id=t.id, ticket_number=t.number,
                   customer_id=customer.id if customer else None,
                   customer_name=customer.name if customer else "", phone=phone)


def prefill_for_customer(session: Session, customer_id) -> Prefill:
    """'최영희 고객님 — 회신'; a callback when the customer has a phone number."""
    c = resolve_customer(session, customer_id)
    phone = _primary_phones(session, {c.id}).get(c.id, "")
    title = f"{c.name} 고객님 — 회신" if c.language == "ko" else f"{c.name} — follow-up"
    return Prefill(title=title[:TITLE_MAX], kind="callback" if phone else "follow_up",
                   customer_id=c.id, customer_name=c.name, phone=phone)


# --- writing ------------------------------------------------------------------------
def _check_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise InvalidValue(code="followup.title_empty")
    if len(title) > TITLE_MAX:
        raise InvalidValue(code="followup.title_too_long", most=TITLE_MAX)
    return title


def _check_due(due_at: datetime) -> datetime:
    if not isinstance(due_at, datetime) or due_at.tzinfo is None:
        raise InvalidValue(code="followup.due_naive")
    return check_bounds(due_at.astimezone(UTC).replace(microsecond=0))


def check_bounds(due_at: datetime) -> datetime:
    if not EARLIEST <= due_at < LATEST:
        raise InvalidValue(code="followup.due_outside", date=due_at.date().isoformat(), first=EARLIEST.year,
                           last=LATEST.year - 1)
    return due_at


def create_follow_up(
    session: Session, agent: Agent, *, title: str, due_at: datetime, ticket_ref=None, customer_id=None,
    kind: str = "follow_up", notes: str = "", rrule: str = "", tz: str = "",
) -> FollowUpRow:
    """A new open follow-up. Linked to a ticket, it also gets the ticket's customer."""
    title = _check_title(title)
    check_choice("kind", kind, KINDS)
    tz = check_zone(tz)
    rule, due = validate_rrule(rrule, _check_due(due_at), tz)
    ticket = tickets_service.resolve_ticket(session, ticket_ref) if ticket_ref is not None else None
    if customer_id is not None:
        customer_id = resolve_customer(session, customer_id).id
    elif ticket is not None:
        customer_id = ticket.customer_id
    f = FollowUp(agent_id=agent.id, ticket_id=ticket.id if ticket else None, customer_id=customer_id, title=title,
                 notes=notes or "", kind=kind, due_at=due, status="open", rrule=rule, tz=tz)
    session.add(f)
    session.flush()
    audit(session, agent, "follow_up", f.id, "create", {"title": (None, title), "due_at": (None, due.isoformat())})
    return _rows(session, [f])[0]


_UNSET = object()


def update(session: Session, follow_up_id, agent: Agent, *, title: str | None = None, notes: str | None = None,
           kind: str | None = None, due_at: datetime | None = None, rrule: str | None = None,
           tz: str | None = None, customer_id=_UNSET, ticket_ref=_UNSET) -> FollowUpRow:
    """Changes the given fields; a new due time or rule also clears a pending snooze."""
    f = _load(session, follow_up_id, agent)
    changes: dict = {}
    if title is not None and (title := _check_title(title)) != f.title:
        changes["title"] = (f.title, title)
        f.title = title
    if notes is not None and notes != f.notes:
        changes["notes"] = (f.notes, notes)
        f.notes = notes
    if kind is not None and kind != f.kind:
        check_choice("kind", kind, KINDS)
        changes["kind"] = (f.kind, kind)
        f.kind = kind
    new_tz = check_zone(tz) if tz is not None else f.tz
    new_due = _check_due(due_at) if due_at is not None else f.due_at
    new_rule_text = rrule if rrule is not None else f.rrule
    if (new_due, new_rule_text, new_tz) != (f.due_at, f.rrule, f.tz):
        rule, due = validate_rrule(new_rule_text, new_due, new_tz)
        for name, old, new in (("due_at", f.due_at, due), ("rrule", f.rrule, rule), ("tz", f.tz, new_tz)):
            if old != new:
                changes[name] = (old, new)
        f.due_at, f.rrule, f.tz = due, rule, new_tz
        if "due_at" in changes:
            f.remind_at = None
    if ticket_ref is not _UNSET:
        new_ticket = tickets_service.resolve_ticket(session, ticket_ref).id if ticket_ref is not None else None
        if new_ticket != f.ticket_id:
            changes["ticket_id"] = (f.ticket_id, new_ticket)
            f.ticket_id = new_ticket
    if customer_id is not _UNSET:
        new_customer = resolve_customer(session, customer_id).id if customer_id is not None else None
        if new_customer != f.customer_id:
            changes["customer_id"] = (f.customer_id, new_customer)
            f.customer_id = new_customer
    if changes:
        f.updated_at = utcnow()
        audit(session, agent, "follow_up", f.id, "update", changes)
        session.flush()
    return _rows(session, [f])[0]


def snooze(session: Session, follow_up_id, agent: Agent, until: datetime) -> FollowUpRow:
    """Moves the reminder (not the due time) to `until`."""
    f = _load(session, follow_up_id, agent)
    if f.status != "open":
        raise InvalidValue(code="followup.snooze_not_open")
    until = _check_due(until)
    audit(session, agent, "follow_up", f.id, "snooze", {"remind_at": (f.remind_at, until)})
    f.remind_at = until
    session.flush()
    return _rows(session, [f])[0]


def complete(session: Session, follow_up_id, agent: Agent, set_ticket_status: str | None = None,
             now: datetime | None = None) -> FollowUpRow:
    """Done. A recurring follow-up moves on to its next occurrence after both its due time
    and now (missed ones are not asked for one by one); the last one closes. Optionally
    sets the linked ticket's status in the same transaction."""
    now = now or utcnow()
    f = _load(session, follow_up_id, agent)
    if f.status != "open":
        raise InvalidValue(code="followup.already_done")
    if set_ticket_status:
        if f.ticket_id is None:
            raise InvalidValue(code="followup.no_ticket")
        tickets_service.update_ticket(session, f.ticket_id, agent, status=set_ticket_status, now=now)
    nxt = next_occurrence(f.rrule, f.due_at, f.tz, max(f.due_at, now)) if f.rrule else None
    if nxt is not None:
        new_due, new_rule = nxt
        changes: dict[str, tuple[object, object]] = {"occurrence": (f.due_at, None), "due_at": (f.due_at, new_due)}
        if new_rule != f.rrule:
            changes["rrule"] = (f.rrule, new_rule)
        audit(session, agent, "follow_up", f.id, "complete", changes)
        f.due_at, f.rrule, f.remind_at = new_due, new_rule, None
    else:
        audit(session, agent, "follow_up", f.id, "complete", {"status": ("open", "done")})
        f.status, f.completed_at, f.remind_at = "done", now, None
    f.updated_at = now
    session.flush()
    return _rows(session, [f])[0]


def reopen(session: Session, follow_up_id, agent: Agent) -> FollowUpRow:
    f = _load(session, follow_up_id, agent)
    if f.status != "open":
        audit(session, agent, "follow_up", f.id, "reopen", {"status": (f.status, "open")})
        f.status, f.completed_at = "open", None
        f.updated_at = utcnow()
        session.flush()
    return _rows(session, [f])[0]


def delete(session: Session, follow_up_id, agent: Agent) -> None:
    """Soft delete (the row stays for sync and the audit trail)."""
    f = _load(session, follow_up_id, agent)
    audit(session, agent, "follow_up", f.id, "delete", {"deleted": (False, True)})
    f.deleted = True
    f.updated_at = utcnow()
    session.flush()


# --- iCalendar ----------------------------------------------------------------------
def _uid(f: FollowUp) -> str:
    return f.ical_uid or f"{f.id}@{UID_DOMAIN}"


def _description(row: FollowUpRow) -> str:
    lines = [mask_pii(row.notes)] if row.notes else []
    if row.ticket_number is not None:
        lines.append(f"Ticket #{row.ticket_number}: {mask_pii(row.ticket_subject)}")
    if row.customer_name:
        lines.append(f"Customer: {row.customer_name}" + (f" ({row.customer_phone})" if row.customer_phone else ""))
    return "\n".join(lines)


def export_ics(session: Session, agent_id: uuid.UUID, now: datetime | None = None) -> bytes:
    """Every follow-up of the agent (open and done) as an iCalendar file."""
    from icalendar import Alarm, Calendar, Event, vRecur

    now = now or utcnow()
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    items = session.scalars(select(FollowUp).where(*_mine(agent_id)).order_by(FollowUp.due_at)).all()
    uids = {f.id: _uid(f) for f in items}
    for row in _rows(session, list(items)):
        ev = Event()
        ev.add("uid", uids[row.id])
        ev.add("dtstamp", now)
        start = row.due_at
        if row.rrule and row.tz:
            start = row.due_at.astimezone(ZoneInfo(row.tz))  # see the module docstring
        ev.add("dtstart", start)
        try:
            ev.add("dtend", start + timedelta(minutes=EVENT_MINUTES.get(row.kind, 30)))
        except OverflowError:  # a 9999-12-31 row imported before dates were bounded: no DTEND
            pass
        # The file leaves the app (mail, a phone's calendar): no card or resident number in it.
        ev.add("summary", mask_pii(row.title))
        description = _description(row)
        if description:
            ev.add("description", description)
        if row.rrule:
            ev.add("rrule", vRecur.from_ical(row.rrule))
        ev.add("status", "CONFIRMED")
        ev.add("x-agentdesk-status", row.status)
        ev.add("x-agentdesk-kind", row.kind)
        if row.tz:
            ev.add("x-agentdesk-tz", row.tz)
        if row.notes:
            ev.add("x-agentdesk-notes", mask_pii(row.notes))
        if row.ticket_number is not None:
            ev.add("x-agentdesk-ticket", str(row.ticket_number))
        if row.customer_id is not None:
            ev.add("x-agentdesk-customer", str(row.customer_id))
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", timedelta(0))  # at the due time
        alarm.add("description", mask_pii(row.title))
        ev.add_component(alarm)
        cal.add_component(ev)
    cal.add_missing_timezones()
    return cal.to_ical()


@dataclass
class _Parsed:
    uid: str
    title: str
    notes: str
    kind: str
    due_at: datetime
    rrule: str
    tz: str
    status: str
    cancelled: bool
    ticket_number: int | None
    customer_id: uuid.UUID | None


def _text(component, name: str) -> str:
    value = component.get(name)
    return str(value).strip() if value is not None else ""


def _start(component, where: Phrase, default_tz: str) -> tuple[datetime, str]:
    """DTSTART as UTC, and the zone to expand a rule in."""
    prop = component.get("DTSTART")
    if prop is None:
        raise InvalidValue(code="ics.missing_dtstart", where=where)
    try:
        value = component.decoded("DTSTART")
    except Exception as exc:  # icalendar raises its own types for a broken value
        raise InvalidValue(code="ics.invalid_dtstart_detail", where=where, detail=str(exc)) from None
    tzid = prop.params.get("TZID") if hasattr(prop, "params") else None
    if isinstance(value, datetime):
        if value.tzinfo is None:
            if tzid:  # a TZID that is neither IANA, Windows nor defined in the file
                raise InvalidValue(code="ics.dtstart_zone", where=where, zone=tzid)
            return value.replace(tzinfo=local_zone(default_tz)).astimezone(UTC), default_tz
        # An IANA (or Windows, mapped by icalendar) zone expands a rule; a zone defined only
        # in the file's VTIMEZONE has no name we could store, so such rules run in local time.
        return value.astimezone(UTC), getattr(value.tzinfo, "key", "") or ""
    if isinstance(value, date):  # an all-day event: remind at 09:00 that day
        return _at_nine(value, local_zone(default_tz)).astimezone(UTC), default_tz
    raise InvalidValue(code="ics.invalid_dtstart", where=where)


def _parse_event(ev, index: int, default_tz: str, now: datetime) -> _Parsed:
    uid = _text(ev, "UID")
    where = Phrase("ics.event_uid", index=index, uid=uid[:60]) if uid else Phrase("ics.event", index=index)
    errors = getattr(ev, "errors", None) or []
    for component in ev.walk():
        errors = errors or (getattr(component, "errors", None) or [])
    if errors:
        prop, message = errors[0]
        raise InvalidValue(code="ics.cannot_read", where=where, line=prop or Phrase("ics.a_line"), detail=message)
    try:
        due, zone = _start(ev, where, default_tz)
    except InvalidValue as exc:
        if exc.code is not None and exc.code.startswith("ics."):
            raise  # names the event already
        raise InvalidValue(code="ics.in_event", where=where, error=exc) from None
    except OverflowError:  # 9999-12-31 23:59 in New York is after the last datetime in UTC
        raise InvalidValue(code="ics.dtstart_outside_years", where=where, first=EARLIEST.year,
                           last=LATEST.year - 1) from None
    try:
        check_bounds(due)
    except InvalidValue as exc:
        raise InvalidValue(code="ics.dtstart_outside", where=where, **exc.params) from None
    own_tz = _text(ev, "X-AGENTDESK-TZ")
    if own_tz:
        try:
            zone = check_zone(own_tz)
        except InvalidValue as exc:
            raise InvalidValue(code="ics.in_event", where=where, error=exc) from None
    rules = ev.get("RRULE")
    if isinstance(rules, list):
        if len(rules) > 1:
            raise InvalidValue(code="ics.many_rrules", where=where)
        rules = rules[0]
    rule_text = rules.to_ical().decode() if rules is not None else ""
    try:
        rule, due = validate_rrule(rule_text, due, zone)
        check_bounds(due)
        if rule and due < now:
            # Completing or showing it walks from the start to today: that walk must be short.
            for at in _series(rule, due, zone):
                if at > now:
                    break
    except InvalidValue as exc:
        raise InvalidValue(code="ics.in_event", where=where, error=exc) from None
    if not rule and not own_tz and zone == "UTC":
        zone = ""  # a one-off time in UTC needs no zone of its own
    title = " ".join(_text(ev, "SUMMARY").split())[:TITLE_MAX] or "(no title)"
    # Our own export writes the notes in X-AGENTDESK-NOTES (absent when empty) and a generated
    # summary (ticket, customer) in DESCRIPTION: that summary must not come back as notes.
    ours = ev.get("X-AGENTDESK-KIND") is not None
    notes = _text(ev, "X-AGENTDESK-NOTES") if ours or ev.get("X-AGENTDESK-NOTES") is not None else _text(ev, "DESCRIPTION")
    kind = _text(ev, "X-AGENTDESK-KIND").lower() or "follow_up"
    if kind not in KINDS:
        kind = "follow_up"
    status = "done" if _text(ev, "X-AGENTDESK-STATUS").lower() == "done" else "open"
    ticket = _text(ev, "X-AGENTDESK-TICKET").lstrip("#")
    if ticket and not re.fullmatch(rf"[0-9]{{1,{TICKET_NUMBER_DIGITS}}}", ticket):
        raise InvalidValue(code="ics.bad_ticket", where=where, value=ticket[:20] + ("…" if len(ticket) > 20 else ""))
    customer = _text(ev, "X-AGENTDESK-CUSTOMER")
    try:
        customer_id = uuid.UUID(customer) if customer else None
    except ValueError:
        customer_id = None
    if not uid:  # RFC 5545 requires one; derive a stable one so a re-import still matches
        uid = hashlib.sha1(f"{due.isoformat()}|{title}".encode()).hexdigest() + "@import"
    if len(uid) > 255:
        uid = hashlib.sha1(uid.encode()).hexdigest() + "@import"
    return _Parsed(uid=uid, title=title, notes=notes, kind=kind, due_at=due, rrule=rule, tz=zone, status=status,
                   cancelled=_text(ev, "STATUS").upper() == "CANCELLED",
                   ticket_number=int(ticket) if ticket else None, customer_id=customer_id)


def read_ics_file(path: str) -> bytes:
    """The file's bytes, reading no more than one byte past ICS_MAX_BYTES (OSError as open raises it)."""
    with open(path, "rb") as fh:
        return fh.read(ICS_MAX_BYTES + 1)


def _check_size(data: bytes) -> None:
    if len(data) > ICS_MAX_BYTES:
        raise InvalidValue(code="ics.too_big", most=ICS_MAX_BYTES // 1_000_000)
    events = len(re.findall(rb"(?im)^BEGIN:VEVENT", data))
    if events > ICS_MAX_EVENTS:
        raise InvalidValue(code="ics.too_many_events", events=f"{events:,}", most=f"{ICS_MAX_EVENTS:,}")


def parse_ics(data: bytes, default_tz: str = "", now: datetime | None = None) -> list[_Parsed]:
    """Every event of the file, checked; raises InvalidValue (one line) on the first problem."""
    from icalendar import Calendar

    if not data or not data.strip():
        raise InvalidValue(code="ics.empty")
    _check_size(data)
    now = now or utcnow()
    deadline = clock.monotonic() + ICS_CHECK_SECONDS
    try:
        cal = Calendar.from_ical(data)
    except Exception as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InvalidValue(code="ics.not_valid", detail=first[:160]) from None
    if getattr(cal, "name", "") != "VCALENDAR":
        raise InvalidValue(code="ics.not_calendar", holds=getattr(cal, "name", "?"))
    if getattr(cal, "errors", None):
        prop, message = cal.errors[0]
        raise InvalidValue(code="ics.not_valid_line", line=prop or Phrase("ics.a_line"), detail=message)
    parsed: dict[str, _Parsed] = {}
    index = 0
    for ev in cal.walk("VEVENT"):
        index += 1
        if ev.get("RECURRENCE-ID") is not None:
            continue  # a changed single occurrence: the series itself is what we keep
        if index > ICS_MAX_EVENTS:  # lines folded or written in ways the byte count missed
            raise InvalidValue(code="ics.over_events", most=f"{ICS_MAX_EVENTS:,}")
        p = _parse_event(ev, index, default_tz, now)
        if clock.monotonic() > deadline:
            raise InvalidValue(code="ics.too_slow", seconds=f"{ICS_CHECK_SECONDS:g}", index=index, uid=p.uid[:60])
        parsed[p.uid] = p  # the same UID twice: the later one wins, as a calendar would
    if not index:
        raise InvalidValue(code="ics.no_events")
    return list(parsed.values())


def _own_id(uid: str) -> uuid.UUID | None:
    """Our own export names rows '<uuid>@agentdesk'; re-importing it updates those rows."""
    head, _, domain = uid.partition("@")
    if domain != UID_DOMAIN:
        return None
    try:
        return uuid.UUID(head)
    except ValueError:
        return None


def import_ics(session: Session, agent: Agent, data: bytes, default_tz: str = "",
               now: datetime | None = None) -> tuple[int, int]:
    """(created, updated). Everything is parsed and checked before the first write, and
    all writes share the caller's transaction, so a bad file imports nothing."""
    now = now or utcnow()
    events = parse_ics(data, default_tz, now)
    numbers = {p.ticket_number for p in events if p.ticket_number is not None}
    ticket_ids = {num: tid for num, tid in session.execute(
        select(Ticket.number, Ticket.id).where(Ticket.number.in_(numbers), Ticket.deleted.is_(False)))} if numbers else {}
    customer_refs = {p.customer_id for p in events if p.customer_id}
    known_customers = set(session.scalars(
        select(Customer.id).where(Customer.id.in_(customer_refs), Customer.deleted.is_(False)))) if customer_refs else set()
    uids = [p.uid for p in events]
    existing = {f.ical_uid: f for f in session.scalars(
        select(FollowUp).where(FollowUp.agent_id == agent.id, FollowUp.ical_uid.in_(uids)))}
    own_ids = {u: i for u in uids if (i := _own_id(u))}
    if own_ids:
        for own in session.scalars(select(FollowUp).where(FollowUp.agent_id == agent.id,
                                                            FollowUp.id.in_(list(own_ids.values())))):
            existing.setdefault(_uid(own), own)
    created = updated = 0
    touched: list[tuple[FollowUp, str]] = []
    for p in events:
        f = existing.get(p.uid)
        ticket_id = ticket_ids.get(p.ticket_number) if p.ticket_number is not None else None
        customer_id = p.customer_id if p.customer_id in known_customers else None
        # Our export masks cards and resident numbers: re-importing it must not replace the
        # agent's own text with the stars.
        title = f.title if f is not None and f.title and p.title == mask_pii(f.title) else p.title
        notes = f.notes if f is not None and f.notes and p.notes == mask_pii(f.notes) else p.notes
        if f is None:
            if p.cancelled:
                continue
            f = FollowUp(agent_id=agent.id, ical_uid=p.uid, ticket_id=ticket_id,
                         customer_id=customer_id)
            session.add(f)
            created += 1
            touched.append((f, "import"))
        else:
            ticket_id, customer_id = ticket_id or f.ticket_id, customer_id or f.customer_id
            # Times compared to the second: that is all an .ics file carries.
            if (f.title, f.notes, f.kind, f.due_at.replace(microsecond=0), f.rrule, f.tz, f.status, f.deleted,
                    f.ticket_id, f.customer_id) == (title, notes, p.kind, p.due_at.replace(microsecond=0), p.rrule,
                                                    p.tz, p.status, p.cancelled, ticket_id, customer_id):
                continue  # the same event again: nothing to write, audit or count as updated
            updated += 1
            touched.append((f, "reimport"))
            f.ticket_id, f.customer_id = ticket_id, customer_id
        old_due = f.due_at
        f.title, f.notes, f.kind, f.due_at, f.rrule, f.tz = title, notes, p.kind, p.due_at, p.rrule, p.tz
        if old_due != p.due_at:
            f.remind_at = None
        f.status = p.status
        f.completed_at = (f.completed_at or now) if p.status == "done" else None
        f.deleted = p.cancelled
        f.updated_at = now
    session.flush()
    for f, action in touched:
        audit(session, agent, "follow_up", f.id, action, {"ical_uid": (None, f.ical_uid), "due_at": (None, f.due_at)})
    return created, updated
