"""Routing and priority rules (issue 13): who gets a new ticket, and when a ticket's
priority goes up by itself. Pure: plain values in, plain values out; no database, no Qt.

The one place these rules live. The local services (services/routing.py) call it on an
embedded workspace; in a team workspace only the team server does, inside the
``ticket.create`` handler's transaction (server/routing.py), so two desks online never
assign one ticket twice. A team desk's capture (sync/capture.py) and the server's
handlers ask the same role checks (``check_rules_write``, ``check_profile_write``).

A team's rule set is data (``routing_rules``: a mode and a list of priority rules as
JSON), validated and bounded here wherever it is read or written: a broken rule set is
refused whole with one coded line (``RuleError``, codes ``routing.*``).
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from agentdesk.models import CHANNELS, PRIORITIES, PRIORITY_RANK, VIP_TIERS, Priority
from agentdesk.rules import RuleError

# --- bounds (a rule set is user input: its size is budgeted) ---------------------------
MAX_PRIORITY_RULES = 20
MAX_KEYWORDS = 50  # in one keyword rule
KEYWORD_LIMIT = 40  # characters of one keyword
MAX_AGE_MINUTES = 7 * 24 * 60
MAX_SKILLS = 30  # entries in one list of an agent's skills
SKILL_LIMIT = 64  # characters of one category (a ticket's category has at most 64 too)
MAX_CAPACITY = 500
_LANGUAGE = re.compile(r"[a-z]{2,3}(-[a-z0-9]{2,8})?")

# Card loss and theft, fraud and account takeover: what a card centre answers first.
DEFAULT_KEYWORDS = ("분실", "도난", "부정사용", "해킹", "lost", "stolen", "fraud")
AVAILABLE = "available"  # the agent status that takes new tickets (models.AGENT_STATUSES)

_NS = uuid.UUID("5b0c7e1e-5d8f-4c39-9a54-0f3a8e7c1d20")


class RoutingMode(StrEnum):
    MANUAL = "manual"
    ROUND_ROBIN = "round_robin"
    LEAST_LOADED = "least_loaded"
    SKILLS = "skills"


MODES: tuple[RoutingMode, ...] = tuple(RoutingMode)


class RuleKind(StrEnum):
    VIP = "vip"  # the customer's tier is one of ``tiers``
    KEYWORD = "keyword"  # the subject or first message holds one of ``keywords``
    CHANNEL = "channel"  # the ticket came on one of ``channels``
    AGE = "age"  # unanswered ``minutes`` after it arrived: one step up


# What each kind holds besides "kind" (and "priority", the level it raises to; age rules
# raise one step instead).
_RULE_FIELDS: dict[RuleKind, frozenset[str]] = {
    RuleKind.VIP: frozenset({"kind", "tiers", "priority"}),
    RuleKind.KEYWORD: frozenset({"kind", "keywords", "priority"}),
    RuleKind.CHANNEL: frozenset({"kind", "channels", "priority"}),
    RuleKind.AGE: frozenset({"kind", "minutes"}),
}


def rules_id(team_id: uuid.UUID) -> uuid.UUID:
    """The id of a team's rule set row: derived from the team, so a lead's desk and the
    server name the same row (a second row for one team cannot be made)."""
    return uuid.uuid5(_NS, f"routing_rules:{team_id}")


# --- text matching ----------------------------------------------------------------------
_SPACE = re.compile(r"[\s\u200b\u200c\u200d\ufeff]+")
_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")


def _fold(text: str) -> str:
    # NFKC: Hangul typed as separate jamo (macOS file names, some IMEs) and full-width
    # Latin match their usual forms; casefold for "Lost" / "LOST".
    return unicodedata.normalize("NFKC", text).casefold()


def keyword_matcher(keyword: str):
    """A predicate over folded text. Korean is written with and without spaces ("카드 분실",
    "카드분실", even "분 실"), so a Hangul keyword is matched with every space removed on
    both sides. A Latin keyword must start a word ("fraud" finds "fraudulent", "lost" does
    not find "allostriches"); spaces inside it match any run of spaces."""
    folded = _fold(keyword).strip()
    if _HANGUL.search(folded):
        squeezed = _SPACE.sub("", folded)
        return lambda text, squeezed_text: squeezed in squeezed_text
    pattern = re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in folded.split()))
    return lambda text, squeezed_text: pattern.search(text) is not None


def find_keyword(keywords: Iterable[str], *texts: str) -> str | None:
    """The first keyword (in the rule's order) found in any of ``texts``, or None."""
    folded = _fold(" \n ".join(t for t in texts if t))
    squeezed = _SPACE.sub("", folded)
    for kw in keywords:
        if keyword_matcher(kw)(folded, squeezed):
            return kw
    return None


# --- the rule set -----------------------------------------------------------------------
@dataclass(frozen=True)
class PriorityRule:
    kind: RuleKind
    priority: str = ""  # the level raised to (vip, keyword, channel)
    values: tuple[str, ...] = ()  # tiers, keywords or channels
    minutes: int = 0  # age rules

    @property
    def label(self) -> str:
        """How the audit trail names the rule that fired ("keyword:분실" names the keyword)."""
        if self.kind == RuleKind.AGE:
            return f"age:{self.minutes}"
        return f"{self.kind}:{','.join(self.values)}"

    def to_json(self) -> dict:
        if self.kind == RuleKind.AGE:
            return {"kind": str(self.kind), "minutes": self.minutes}
        key = {RuleKind.VIP: "tiers", RuleKind.KEYWORD: "keywords", RuleKind.CHANNEL: "channels"}[self.kind]
        return {"kind": str(self.kind), key: list(self.values), "priority": self.priority}


@dataclass(frozen=True)
class RuleSet:
    mode: RoutingMode = RoutingMode.MANUAL
    priority_rules: tuple[PriorityRule, ...] = ()

    def rules_json(self) -> list[dict]:
        return [r.to_json() for r in self.priority_rules]

    @property
    def age_rules(self) -> tuple[PriorityRule, ...]:
        return tuple(r for r in self.priority_rules if r.kind == RuleKind.AGE)


def default_priority_rules() -> list[dict]:
    """What a team's editor starts from: card loss and fraud words urgent, VIPs high."""
    return [{"kind": "keyword", "keywords": list(DEFAULT_KEYWORDS), "priority": "urgent"},
            {"kind": "vip", "tiers": ["vip"], "priority": "high"}]


def _text_list(n: int, name: str, value, allowed: Sequence[str] | None, limit: int, most: int) -> tuple[str, ...]:
    if not isinstance(value, list) or not 1 <= len(value) <= most:
        raise RuleError(code="routing.rule_list", n=n, field=name, most=most)
    out: list[str] = []
    for item in value:
        if not isinstance(item, str) or not item.strip() or len(item) > limit or "\x00" in item:
            raise RuleError(code="routing.rule_entry", n=n, field=name, most=limit)
        item = item.strip()
        if allowed is not None and item not in allowed:
            raise RuleError(code="routing.rule_value", n=n, field=name, value=_quoted(item),
                            allowed=", ".join(allowed))
        if item not in out:
            out.append(item)
    return tuple(out)


def _quoted(value: str, limit: int = 40) -> str:
    return repr(value if len(value) <= limit else value[:limit] + "…")


def check_priority_rule(n: int, raw) -> PriorityRule:
    """One priority rule as stored (``n`` counts from 1, for the refusal)."""
    if not isinstance(raw, Mapping):
        raise RuleError(code="routing.rule_not_object", n=n)
    try:
        kind = RuleKind(str(raw.get("kind")))
    except ValueError:
        raise RuleError(code="routing.rule_kind", n=n, kind=_quoted(str(raw.get("kind"))),
                        allowed=", ".join(RuleKind)) from None
    extra = set(raw) - _RULE_FIELDS[kind]
    if extra:
        raise RuleError(code="routing.rule_fields", n=n, fields=", ".join(sorted(_quoted(str(k)) for k in extra)[:5]))
    if kind == RuleKind.AGE:
        minutes = raw.get("minutes")
        if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= MAX_AGE_MINUTES:
            raise RuleError(code="routing.age_minutes", n=n, most=MAX_AGE_MINUTES)
        return PriorityRule(kind, minutes=minutes)
    priority = raw.get("priority")
    if priority not in PRIORITIES:
        raise RuleError(code="routing.rule_value", n=n, field="priority", value=_quoted(str(priority)),
                        allowed=", ".join(PRIORITIES))
    if kind == RuleKind.VIP:
        values = _text_list(n, "tiers", raw.get("tiers"), VIP_TIERS, 16, len(VIP_TIERS))
    elif kind == RuleKind.CHANNEL:
        values = _text_list(n, "channels", raw.get("channels"), CHANNELS, 16, len(CHANNELS))
    else:
        values = _text_list(n, "keywords", raw.get("keywords"), None, KEYWORD_LIMIT, MAX_KEYWORDS)
    return PriorityRule(kind, priority=str(priority), values=values)


def check_rule_set(mode, priority_rules) -> RuleSet:
    """A team's rule set as it may be stored, or RuleError naming the first problem."""
    if mode not in MODES:
        raise RuleError(code="routing.mode", mode=_quoted(str(mode)), allowed=", ".join(MODES))
    if priority_rules is None:
        priority_rules = []
    if not isinstance(priority_rules, list):
        raise RuleError(code="routing.rules_not_list")
    if len(priority_rules) > MAX_PRIORITY_RULES:
        raise RuleError(code="routing.too_many_rules", most=MAX_PRIORITY_RULES)
    checked = tuple(check_priority_rule(n, raw) for n, raw in enumerate(priority_rules, start=1))
    ages = [r.minutes for r in checked if r.kind == RuleKind.AGE]
    if len(ages) != len(set(ages)):
        raise RuleError(code="routing.age_twice")
    return RuleSet(RoutingMode(mode), checked)


def read_rule_set(mode, priority_rules) -> RuleSet:
    """A stored rule set, for running it: one that no longer validates (written by a newer
    app, or by hand) routes nothing rather than half its rules."""
    try:
        return check_rule_set(mode, priority_rules)
    except RuleError:
        return RuleSet()


# --- agents' skills and capacity --------------------------------------------------------
@dataclass(frozen=True)
class Skills:
    """What an agent handles. An empty list puts no limit on that side (an agent with no
    languages listed takes any language)."""

    channels: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {"channels": list(self.channels), "languages": list(self.languages),
                "categories": list(self.categories)}

    def matches(self, channel: str, language: str, category: str) -> bool:
        return ((not self.channels or channel in self.channels)
                and (not self.languages or language in self.languages)
                and (not category or not self.categories or category.casefold() in
                     {c.casefold() for c in self.categories}))


def check_skills(raw) -> Skills:
    """{"channels": [...], "languages": [...], "categories": [...]} as stored; RuleError otherwise."""
    if raw is None:
        return Skills()
    if not isinstance(raw, Mapping) or set(raw) - {"channels", "languages", "categories"}:
        raise RuleError(code="routing.skills_shape")
    out: dict[str, tuple[str, ...]] = {}
    for name in ("channels", "languages", "categories"):
        value = raw.get(name) or []
        if not isinstance(value, list) or len(value) > MAX_SKILLS:
            raise RuleError(code="routing.skills_list", field=name, most=MAX_SKILLS)
        items: list[str] = []
        for item in value:
            ok = isinstance(item, str) and item.strip() and "\x00" not in item
            if ok and name == "channels":
                ok = item in CHANNELS
            elif ok and name == "languages":
                ok = _LANGUAGE.fullmatch(item) is not None
            elif ok:
                ok = len(item) <= SKILL_LIMIT
            if not ok:
                raise RuleError(code="routing.skill_value", field=name, value=_quoted(str(item)))
            if item.strip() not in items:
                items.append(item.strip())
        out[name] = tuple(items)
    return Skills(**out)


def read_skills(raw) -> Skills:
    """Stored skills, for routing: unreadable ones limit nothing."""
    try:
        return check_skills(raw)
    except RuleError:
        return Skills()


def check_capacity(value) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_CAPACITY:
        raise RuleError(code="routing.capacity", most=MAX_CAPACITY)
    return value


# --- who may change what (one rule: the services, the capture and the server ask it) -----


def check_rules_write(actor_role: str, actor_team_id: uuid.UUID | None, team_id: uuid.UUID | None) -> None:
    """A team's rules are changed by a lead of that team, or an admin."""
    if actor_role == "admin":
        return
    if actor_role != "lead" or team_id is None or actor_team_id != team_id:
        raise RuleError(code="routing.leads_only")


def check_profile_write(actor_role: str, actor_id: uuid.UUID, actor_team_id: uuid.UUID | None,
                        target_id: uuid.UUID, target_team_id: uuid.UUID | None, old_capacity: int | None,
                        new_capacity: int | None, skills_change: bool) -> None:
    """An agent's capacity and skills are set by a lead of the agent's team, or an admin.
    An agent may lower their own capacity (a hard day), never raise it or set skills."""
    if actor_role == "admin":
        return
    if actor_role == "lead" and actor_team_id is not None and target_team_id == actor_team_id:
        return
    if actor_id == target_id and not skills_change and new_capacity is not None:
        if old_capacity is not None and new_capacity > old_capacity:
            raise RuleError(code="routing.own_capacity_raise")
        return
    raise RuleError(code="routing.profile_leads_only")


# --- choosing the assignee ----------------------------------------------------------------
@dataclass(frozen=True)
class Candidate:
    """An agent of the ticket's team as routing sees them. ``order`` is the stable order
    round robin walks and ties break by (the callers pass the login)."""

    agent_id: uuid.UUID
    status: str
    open_count: int
    capacity: int
    skills: Skills = field(default_factory=Skills)
    order: str = ""

    @property
    def eligible(self) -> bool:
        return self.status == AVAILABLE and self.open_count < self.capacity


@dataclass(frozen=True)
class TicketFacts:
    """What the rules read of a new (or waiting) ticket."""

    channel: str
    priority: str = Priority.NORMAL
    language: str = ""  # the customer's
    category: str = ""
    vip_tier: str = "standard"
    subject: str = ""
    first_message: str = ""
    created_at: datetime | None = None
    first_response_at: datetime | None = None


def _ordered(candidates: Iterable[Candidate | tuple]) -> list[Candidate]:
    cs = [c if isinstance(c, Candidate) else Candidate(*c) for c in candidates]
    return sorted(cs, key=lambda c: (c.order, str(c.agent_id)))


def choose_assignee(mode, ticket: TicketFacts, candidates: Iterable[Candidate | tuple],
                    last_assigned: uuid.UUID | None) -> tuple[uuid.UUID | None, str]:
    """(the agent to assign, or None; the reason). Only agents who are available and under
    their capacity are chosen. Round robin: the next such agent after ``last_assigned`` in
    the stable order; least loaded: the fewest open tickets (ties by the order); skills:
    those whose channels, languages and categories fit the ticket, then least loaded;
    manual: nobody."""
    mode = RoutingMode(mode)
    if mode == RoutingMode.MANUAL:
        return None, "manual"
    ordered = _ordered(candidates)
    if mode == RoutingMode.ROUND_ROBIN:
        ids = [c.agent_id for c in ordered]
        start = ids.index(last_assigned) + 1 if last_assigned in ids else 0
        for c in ordered[start:] + ordered[:start]:
            if c.eligible:
                return c.agent_id, str(mode)
        return None, "none_available"
    pool = [c for c in ordered if c.eligible]
    if mode == RoutingMode.SKILLS:
        pool = [c for c in pool if c.skills.matches(ticket.channel, ticket.language, ticket.category)]
        if not pool:
            return None, "no_skill_match"
    if not pool:
        return None, "none_available"
    best = min(pool, key=lambda c: c.open_count)  # min keeps the first of equals: the stable order
    return best.agent_id, str(mode)


# --- priority rules -------------------------------------------------------------------------
def _raised(current: str, target: str) -> str:
    return target if PRIORITY_RANK.get(target, 9) < PRIORITY_RANK.get(current, 2) else current


def one_step_up(priority: str) -> str:
    rank = max(PRIORITY_RANK.get(priority, 2) - 1, 0)
    return next(p for p, r in PRIORITY_RANK.items() if r == rank)


def apply_priority_rules(rules: Sequence[PriorityRule], ticket: TicketFacts) -> tuple[str, str | None]:
    """(the new priority, the label of the rule that set it) for a new ticket: the highest
    level any VIP, keyword or channel rule asks for, never lower than the ticket's own;
    (priority, None) when none raises it. Age rules are escalate_step's."""
    best, fired = ticket.priority, None
    for rule in rules:
        if rule.kind == RuleKind.AGE:
            continue
        label: str | None = None
        if rule.kind == RuleKind.VIP and ticket.vip_tier in rule.values:
            label = f"vip:{ticket.vip_tier}"
        elif rule.kind == RuleKind.CHANNEL and ticket.channel in rule.values:
            label = f"channel:{ticket.channel}"
        elif rule.kind == RuleKind.KEYWORD:
            kw = find_keyword(rule.values, ticket.subject, ticket.first_message)
            label = f"keyword:{kw}" if kw is not None else None
        if label is not None and _raised(best, rule.priority) != best:
            best, fired = rule.priority, label
    return best, fired


def age_due(rule: PriorityRule, ticket: TicketFacts, now: datetime) -> bool:
    """An age rule fires on a ticket still unanswered ``minutes`` after it arrived (and
    not already urgent)."""
    return (rule.kind == RuleKind.AGE and ticket.first_response_at is None and ticket.created_at is not None
            and ticket.created_at <= now - timedelta(minutes=rule.minutes)
            and PRIORITY_RANK.get(ticket.priority, 2) > 0)


def rule_label_change(old: str, new: str, label: str) -> dict[str, tuple[Any, Any]]:
    """The audit entry's changes for an automatic priority raise, naming the rule."""
    return {"priority": (old, new), "rule": (None, label)}
