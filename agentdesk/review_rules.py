"""Quality reviews' rules, once (issue 13): what a rubric is, what a review's scores must
be, the score they make, who may review whom and who may read a review.

Called by the local services (services/reviews.py), by a team desk's capture
(sync/capture.py: refused before it is queued) and by the team server's ``review.save``
and ``rubric.save`` handlers (server/handlers.py), which recompute the score here and
never take one from a desk. Pure: no database, no Qt.

The score: each item's points over its maximum, weighted, as a percentage,
``100 × Σ wᵢ·pᵢ/mᵢ ÷ Σ wᵢ``, rounded to one decimal. An item marked ``auto_fail`` scored 0
(e.g. asking a caller for their full card number or password) fails the review: its
score is 0, whatever the other items made (the points stay in ``scores``).
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from agentdesk import rules
from agentdesk.models import DONE_STATUSES, LEAD_ROLES
from agentdesk.services.pii import mask_pii

MAX_ITEMS = 20
MAX_POINTS = 10  # an item's scale: 1 to 10 points
MAX_WEIGHT = 100
LABEL_MAX = 80
NAME_MAX = 80
COMMENT_MAX = 2000  # characters of one comment (an item's or the overall one)
_KEY = re.compile(r"[a-z][a-z0-9_]{0,31}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The tag another part of issue 13 (agent protection) puts on an abusive contact: such
# contacts are never sampled nor reviewed, so they carry no quality penalty.
PROTECTED_TAG = "abusive-contact"
DEFAULT_RUBRIC_ID = uuid.UUID("6fca9d13-287b-5596-9ea0-ae153028f615")  # seeded by migration 0021


class ReviewError(rules.RuleError):
    """A rubric or review that cannot be stored; one line with a code the window
    translates (agentdesk/catalogue.py "review.…"). A RuleError, so the services show it
    as InvalidValue and the team server rejects the mutation with it."""


class ReviewNotAllowed(ReviewError):
    """The actor's role or team does not let them write or read this."""


@dataclass(frozen=True)
class RubricItem:
    key: str
    label_en: str
    label_ko: str
    weight: float
    max_points: int
    auto_fail: bool

    def label(self, language: str) -> str:
        return self.label_ko if language.startswith("ko") else self.label_en

    def to_json(self) -> dict:
        weight: float | int = int(self.weight) if float(self.weight).is_integer() else self.weight
        return {"key": self.key, "label_en": self.label_en, "label_ko": self.label_ko, "weight": weight,
                "max_points": self.max_points, "auto_fail": self.auto_fail}


@dataclass(frozen=True)
class Actor:
    """Who acts, as these rules read them (an ORM agent, a row of agents, AgentInfo)."""

    id: uuid.UUID
    role: str
    team_id: uuid.UUID | None

    @classmethod
    def of(cls, agent) -> Actor:
        return cls(agent.id, agent.role, agent.team_id)


@dataclass(frozen=True)
class Outcome:
    score: float  # 0–100
    failed: bool
    weighted: float  # the weighted score before an auto-fail zeroed it


# --- rubrics ---------------------------------------------------------------------------------
def _text(value: Any, what: str, most: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ReviewError(code="review.label_missing", what=what)
    value = value.strip()
    if len(value) > most:
        raise ReviewError(code="review.label_length", what=what, most=most)
    if _CONTROL.search(value):
        raise ReviewError(code="review.label_control", what=what)
    return value


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value)


def check_item(raw: Any) -> RubricItem:
    if not isinstance(raw, Mapping):
        raise ReviewError(code="review.item_shape")
    unknown = set(raw) - {"key", "label_en", "label_ko", "weight", "max_points", "auto_fail"}
    if unknown:
        raise ReviewError(code="review.item_fields", fields=", ".join(sorted(map(str, unknown)))[:80])
    key = raw.get("key")
    if not isinstance(key, str) or not _KEY.fullmatch(key):
        raise ReviewError(code="review.item_key", key=repr(str(key)[:40]))
    weight = _number(raw.get("weight"))
    if weight is None or not 0 < weight <= MAX_WEIGHT:
        raise ReviewError(code="review.item_weight", key=key, most=MAX_WEIGHT)
    points = raw.get("max_points")
    if isinstance(points, bool) or not isinstance(points, int) or not 1 <= points <= MAX_POINTS:
        raise ReviewError(code="review.item_points", key=key, most=MAX_POINTS)
    auto_fail = raw.get("auto_fail", False)
    if not isinstance(auto_fail, bool):
        raise ReviewError(code="review.item_auto_fail", key=key)
    return RubricItem(key, _text(raw.get("label_en"), f"{key} (English)", LABEL_MAX),
                      _text(raw.get("label_ko"), f"{key} (Korean)", LABEL_MAX), weight, points, auto_fail)


def check_rubric(name: Any, items: Any) -> tuple[str, list[RubricItem]]:
    """(name, items) of a rubric that may be stored or scored by; ReviewError otherwise.
    Bounded: 1 to MAX_ITEMS items, unique keys, positive weights, labels of LABEL_MAX."""
    name = _text(name, "name", NAME_MAX)
    if not isinstance(items, list) or not items:
        raise ReviewError(code="review.rubric_empty")
    if len(items) > MAX_ITEMS:
        raise ReviewError(code="review.rubric_too_many", most=MAX_ITEMS)
    checked = [check_item(raw) for raw in items]
    keys = [i.key for i in checked]
    if len(set(keys)) != len(keys):
        raise ReviewError(code="review.item_duplicate", key=next(k for k in keys if keys.count(k) > 1))
    return name, checked


def parse_items(items: Any) -> list[RubricItem]:
    """A stored rubric's items, checked (a row from a newer desk or a hostile one is refused)."""
    return check_rubric("rubric", items)[1]


def check_rubric_write(actor: Actor, team_id: uuid.UUID | None) -> None:
    """A lead writes their own team's rubric; an admin any team's and the workspace default."""
    if actor.role not in LEAD_ROLES:
        raise ReviewNotAllowed(code="review.rubric_leads_only")
    if actor.role != "admin" and (team_id is None or team_id != actor.team_id):
        raise ReviewNotAllowed(code="review.rubric_own_team")


# --- a review's scores ----------------------------------------------------------------------
def check_scores(items: list[RubricItem], scores: Any) -> dict[str, int]:
    """Every item scored, with whole points from 0 to its maximum; nothing else."""
    if not isinstance(scores, Mapping):
        raise ReviewError(code="review.scores_shape")
    keys = {i.key for i in items}
    unknown = [k for k in scores if k not in keys]
    if unknown:
        raise ReviewError(code="review.score_unknown_item", key=repr(str(unknown[0])[:40]))
    out: dict[str, int] = {}
    for item in items:
        if item.key not in scores:
            raise ReviewError(code="review.score_missing", key=item.key)
        points = scores[item.key]
        if isinstance(points, bool) or not isinstance(points, int) or not 0 <= points <= item.max_points:
            raise ReviewError(code="review.score_range", key=item.key, most=item.max_points)
        out[item.key] = points
    return out


def check_comments(items: list[RubricItem], comments: Any, overall: Any = "") -> tuple[dict[str, str], str]:
    """Comments per item (empty ones dropped) and the overall one, bounded, without control
    characters, with card and resident registration numbers masked: a lead quoting what
    the agent wrongly asked for ("asked for 4111 1111 1111 1111") stores no card number."""
    if comments is None:
        comments = {}
    if not isinstance(comments, Mapping):
        raise ReviewError(code="review.comments_shape")
    keys = {i.key for i in items}
    out: dict[str, str] = {}
    for key, text in comments.items():
        if key not in keys:
            raise ReviewError(code="review.score_unknown_item", key=repr(str(key)[:40]))
        out[key] = _comment(text, key)
    return {k: v for k, v in out.items() if v}, _comment(overall if overall is not None else "", "overall")


def _comment(text: Any, what: str) -> str:
    if not isinstance(text, str):
        raise ReviewError(code="review.comment_shape", what=what)
    text = text.strip()
    if len(text) > COMMENT_MAX:
        raise ReviewError(code="review.comment_length", what=what, most=COMMENT_MAX)
    if _CONTROL.search(text):
        raise ReviewError(code="review.label_control", what=what)
    return mask_pii(text)


def score_of(items: list[RubricItem], scores: Mapping[str, int]) -> Outcome:
    """The weighted score 0–100 (one decimal) and whether an auto-fail item scored 0."""
    total = sum(i.weight for i in items)
    weighted = 100.0 * sum(i.weight * scores[i.key] / i.max_points for i in items) / total
    weighted = round(weighted, 1)
    failed = any(i.auto_fail and scores[i.key] == 0 for i in items)
    return Outcome(0.0 if failed else weighted, failed, weighted)


# --- who may review whom, and read what ---------------------------------------------------------
@dataclass(frozen=True)
class Handled:
    """What the rule reads of the ticket and the reviewed agent."""

    number: int
    status: str
    deleted: bool
    merged: bool
    assignee_id: uuid.UUID | None
    ticket_team_id: uuid.UUID | None
    tags: frozenset[str]
    agent_id: uuid.UUID
    agent_team_id: uuid.UUID | None


def check_review(actor: Actor, h: Handled) -> None:
    """ReviewError unless ``actor`` may review ``h.agent_id`` on this ticket: a lead of the
    agent's team (an admin: anyone's), never themselves, and only a ticket that agent
    handled (solved or closed, theirs, not merged away, not an abusive contact)."""
    if actor.role not in LEAD_ROLES:
        raise ReviewNotAllowed(code="review.leads_only")
    if h.agent_id == actor.id:
        raise ReviewNotAllowed(code="review.not_yourself")
    if actor.role != "admin":
        if h.agent_team_id is None or h.agent_team_id != actor.team_id:
            raise ReviewNotAllowed(code="review.own_team_only")
        if h.ticket_team_id is not None and h.ticket_team_id != actor.team_id:
            raise ReviewNotAllowed(code="review.own_team_only")
    if h.deleted or h.merged or h.status not in DONE_STATUSES:
        raise ReviewError(code="review.not_handled", number=h.number)
    if h.assignee_id != h.agent_id:
        raise ReviewError(code="review.not_their_ticket", number=h.number)
    if PROTECTED_TAG in h.tags:
        raise ReviewError(code="review.protected_contact", number=h.number)


def can_see_review(actor: Actor, agent_id: uuid.UUID, team_id: uuid.UUID | None) -> bool:
    """The reviewed agent, the leads of the team the review was made in, and admins."""
    if actor.role == "admin" or actor.id == agent_id:
        return True
    return actor.role == "lead" and team_id is not None and team_id == actor.team_id
