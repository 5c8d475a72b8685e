"""What a phone call is, once (issue 14): how its talk, hold and after-call work (ACW) are
measured, the dispositions an agent closes it with, the one line that heads its call log,
and the call events a telephony system sends the gateway.

Handle time (kpi.py, docs/metrics.md) is talk + hold + after-contact work per ticket; a
finished call is recorded as up to three work sessions of those kinds (services/calls.py),
so the ticket view's call panel, the gateway's call events and the metrics agree on one
arithmetic, which is here.

Times are measured, never counted: the panel keeps the monotonic instants at which the
call started, was held, resumed and hung up (``CallClock``), and the gateway the event
times; a length is always a difference of two instants, so a timer that ticks late or a
window that was busy cannot make a call longer or shorter.

Pure: no Qt, no database; project imports are the catalogue and phones only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from agentdesk import phones
from agentdesk.catalogue import CodedError


class Disposition(StrEnum):
    """How a call ended, as the agent closes it (the list a contact centre reports on)."""

    RESOLVED = "resolved"
    CALLBACK_NEEDED = "callback_needed"
    TRANSFERRED = "transferred"
    ESCALATED = "escalated"
    VOICEMAIL = "voicemail"
    WRONG_NUMBER = "wrong_number"
    ABANDONED = "abandoned"  # the caller hung up before anyone answered, or mid-queue


DISPOSITIONS: tuple[Disposition, ...] = tuple(Disposition)


class Direction(StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class EventKind(StrEnum):
    """What a telephony system tells the gateway about a call (docs/channels.md, Phone)."""

    RINGING = "ringing"
    ANSWERED = "answered"
    HELD = "held"
    RESUMED = "resumed"
    ENDED = "ended"


# Written words (the call log's first line, stored in the ticket): the workspace's language,
# not the window's, since a colleague or the gateway may write them. The window shows its
# own translated labels (views/call_panel.py) and writes with these.
LABELS: dict[str, dict[str, str]] = {
    "ko": {
        Disposition.RESOLVED: "해결", Disposition.CALLBACK_NEEDED: "콜백 필요", Disposition.TRANSFERRED: "호 전환",
        Disposition.ESCALATED: "상위 이관", Disposition.VOICEMAIL: "음성사서함", Disposition.WRONG_NUMBER: "잘못 건 전화",
        Disposition.ABANDONED: "포기호",
        Direction.INBOUND: "수신 전화", Direction.OUTBOUND: "발신 전화",
        "talk": "통화", "hold": "보류", "acw": "후처리", "missed": "부재중 전화", "from": "발신 번호",
        "notice_read": "녹음 안내함", "notice_not_read": "녹음 안내 안 함",
    },
    "en": {
        Disposition.RESOLVED: "Resolved", Disposition.CALLBACK_NEEDED: "Callback needed",
        Disposition.TRANSFERRED: "Transferred", Disposition.ESCALATED: "Escalated",
        Disposition.VOICEMAIL: "Voicemail", Disposition.WRONG_NUMBER: "Wrong number",
        Disposition.ABANDONED: "Abandoned",
        Direction.INBOUND: "Inbound call", Direction.OUTBOUND: "Outbound call",
        "talk": "talk", "hold": "hold", "acw": "after-call work", "missed": "Missed call", "from": "from",
        "notice_read": "recording notice read", "notice_not_read": "recording notice not read",
    },
}

# The recording notice read at the start of a call (the window's setting "call/recording_notice"
# overrides it; an empty setting means the default of the window's language).
RECORDING_NOTICE = {
    "ko": "이 통화는 서비스 품질 향상을 위해 녹음됩니다.",
    "en": "This call is recorded to improve the quality of our service.",
}

NOTE_MAX = 20_000  # characters of a call's notes (a message's own limit is larger)
CALL_SECONDS_MAX = 86_400  # one call, hold or wrap-up is at most a day (kpi.WORK_SECONDS_MAX)


class CallError(CodedError, ValueError):
    """A call the rules refuse: an unknown disposition, lengths that cannot be, an event
    that is not one (one line, coded)."""


def check_disposition(value: object) -> Disposition:
    if isinstance(value, str) and value in DISPOSITIONS:
        return Disposition(value)
    shown = value if isinstance(value, str) and len(value) <= 40 else repr(value)[:40]
    raise CallError(code="call.disposition", disposition=shown, allowed=", ".join(DISPOSITIONS))


@dataclass(frozen=True)
class CallLengths:
    """Whole seconds of one call: talking, on hold (kept apart from talk), and wrap-up."""

    talk: int
    hold: int
    acw: int = 0

    @property
    def handle(self) -> int:
        return self.talk + self.hold + self.acw


def check_lengths(talk: object, hold: object, acw: object) -> CallLengths:
    checked = []
    for v in (talk, hold, acw):
        if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= CALL_SECONDS_MAX:
            raise CallError(code="call.seconds", most=CALL_SECONDS_MAX)
        checked.append(v)
    return CallLengths(*checked)


def clock_text(seconds: int) -> str:
    """'4:05', '1:02:03': a length as a call timer shows it."""
    seconds = max(0, int(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def summary(direction: str, lengths: CallLengths, disposition: str | None, lang: str = "ko",
            notice_read: bool | None = None) -> str:
    """The call log's first line: "수신 전화 · 통화 4:05 · 보류 0:30 · 후처리 1:10 · 해결"
    (hold and after-call work only when there was some), and whether the agent confirmed
    reading the recording notice (the panel's calls; None: not asked, the gateway's)."""
    words = LABELS.get(lang, LABELS["ko"])
    parts = [words.get(direction, words[Direction.INBOUND]), f"{words['talk']} {clock_text(lengths.talk)}"]
    if lengths.hold:
        parts.append(f"{words['hold']} {clock_text(lengths.hold)}")
    if lengths.acw:
        parts.append(f"{words['acw']} {clock_text(lengths.acw)}")
    if disposition:
        parts.append(words.get(disposition, disposition))
    if notice_read is not None:
        parts.append(words["notice_read" if notice_read else "notice_not_read"])
    return " · ".join(parts)


# --- the call panel's clock ---------------------------------------------------------------------
class Phase(StrEnum):
    IDLE = "idle"
    TALKING = "talking"
    HELD = "held"
    WRAP_UP = "wrap_up"  # after hang-up: after-call work runs until the agent finishes


class CallClock:
    """One call's phases and their instants (monotonic seconds, from the caller's clock).
    Every length is a difference of recorded instants; nothing is accumulated per tick."""

    def __init__(self) -> None:
        self.phase = Phase.IDLE
        self.started: float | None = None
        self.hung_up: float | None = None
        self._held_since: float | None = None
        self._held_total = 0.0  # closed holds only

    def start(self, t: float) -> None:
        if self.phase is not Phase.IDLE:
            return
        self.phase, self.started = Phase.TALKING, t

    def hold(self, t: float) -> None:
        if self.phase is Phase.TALKING:
            self.phase, self._held_since = Phase.HELD, t

    def resume(self, t: float) -> None:
        if self.phase is Phase.HELD and self._held_since is not None:
            self._held_total += max(0.0, t - self._held_since)
            self.phase, self._held_since = Phase.TALKING, None

    def hang_up(self, t: float) -> None:
        """The call ends (a hold still running ends with it); after-call work starts."""
        if self.phase is Phase.HELD:
            self.resume(t)
        if self.phase is Phase.TALKING:
            self.phase, self.hung_up = Phase.WRAP_UP, t

    def lengths(self, t: float) -> CallLengths:
        """Talk, hold and ACW as of ``t`` (whole seconds, rounded down once at the end)."""
        if self.started is None:
            return CallLengths(0, 0, 0)
        end = self.hung_up if self.hung_up is not None else t
        held = self._held_total + (max(0.0, t - self._held_since) if self._held_since is not None else 0.0)
        talk = max(0.0, end - self.started - held)
        acw = max(0.0, t - self.hung_up) if self.hung_up is not None else 0.0
        cap = CALL_SECONDS_MAX
        return CallLengths(min(int(talk), cap), min(int(held), cap), min(int(acw), cap))


# --- call events from a telephony system ----------------------------------------------------------
CALL_ID = re.compile(r"[A-Za-z0-9._:@+-]{1,100}")
LOGIN_MAX = 64
EVENTS_PER_CALL = 500  # a real call sends a handful (a hold is two); more is a loop or an attack


@dataclass(frozen=True)
class CallEvent:
    """One event of a call, as checked (docs/channels.md, Phone)."""

    call_id: str
    kind: EventKind
    at: datetime
    direction: Direction = Direction.INBOUND
    from_number: str = ""  # E.164, or "" when withheld
    to_number: str = ""
    agent: str = ""  # the agent's login at AgentDesk
    answered_at: datetime | None = None  # ended only: when it was answered (None: never)
    answered_known: bool = False  # ended only: the event says whether it was answered
    extra: dict = field(default_factory=dict)

    @property
    def customer_number(self) -> str:
        return self.to_number if self.direction is Direction.OUTBOUND else self.from_number


def _time(value: object, name: str) -> datetime:
    if not isinstance(value, str) or len(value) > 40:
        raise CallError(code="call.event_time", field=name)
    try:
        at = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise CallError(code="call.event_time", field=name) from None
    if at.tzinfo is None:
        raise CallError(code="call.event_time", field=name)
    return at.astimezone(UTC)


def _number(value: object, name: str) -> str:
    if value in (None, ""):
        return ""
    if not isinstance(value, str) or len(value) > 40:
        raise CallError(code="call.event_field", field=name)
    e164 = value.strip() if phones.E164.fullmatch(value.strip()) else phones.valid_e164(value)
    if e164 is None:
        raise CallError(code="call.event_field", field=name)
    return e164


def parse_event(payload: object) -> CallEvent:
    """A call event from its JSON object, or CallError naming the first field that is wrong."""
    if not isinstance(payload, dict):
        raise CallError(code="call.event_field", field="(the body is not a JSON object)")
    call_id = payload.get("call_id")
    if not isinstance(call_id, str) or not CALL_ID.fullmatch(call_id):
        raise CallError(code="call.event_field", field="call_id")
    kind = payload.get("event")
    if kind not in tuple(EventKind):
        raise CallError(code="call.event_field", field="event")
    direction = payload.get("direction", "inbound")
    if direction not in tuple(Direction):
        raise CallError(code="call.event_field", field="direction")
    agent = payload.get("agent", "") or ""
    if not isinstance(agent, str) or len(agent) > LOGIN_MAX:
        raise CallError(code="call.event_field", field="agent")
    answered_known = kind == EventKind.ENDED and "answered_at" in payload
    answered_at = None
    if answered_known and payload.get("answered_at") is not None:
        answered_at = _time(payload["answered_at"], "answered_at")
    return CallEvent(call_id=call_id, kind=EventKind(kind), at=_time(payload.get("at"), "at"),
                     direction=Direction(direction), from_number=_number(payload.get("from"), "from"),
                     to_number=_number(payload.get("to"), "to"), agent=agent.strip(), answered_at=answered_at,
                     answered_known=answered_known)


def hold_seconds(marks: list[tuple[str, datetime]], ended: datetime) -> int:
    """Seconds on hold from a call's held/resumed events in any order of arrival: sorted
    by time, each hold runs to the next resume (or to the end of the call); a resume
    without a hold before it, or a second hold inside one, adds nothing."""
    total, since = 0.0, None
    for kind, at in sorted(marks, key=lambda m: m[1]):
        if kind == EventKind.HELD and since is None:
            since = at
        elif kind == EventKind.RESUMED and since is not None:
            total += max(0.0, (min(at, ended) - since).total_seconds())
            since = None
    if since is not None:
        total += max(0.0, (ended - since).total_seconds())
    return min(int(total), CALL_SECONDS_MAX)


def event_lengths(answered_at: datetime | None, ended_at: datetime, hold: int) -> CallLengths:
    """Talk and hold of a call from its events: talk is answered → ended less the holds;
    a call never answered has none."""
    if answered_at is None or ended_at <= answered_at:
        return CallLengths(0, 0, 0)
    span = min(int((ended_at - answered_at).total_seconds()), CALL_SECONDS_MAX)
    hold = min(hold, span)
    return CallLengths(span - hold, hold, 0)
