"""The trainee's actions: the Action value and the JSON Lines file the headless runner plays.

One action a line: ``{"at": seconds since the session started, "do": ACTION, ...}``
(docs/scenarios.md, "Responses file"). The whole file is validated before anything runs; a bad
line is refused with ResponsesError, one line ``NAME:LINENO: problem``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from agentdesk.simulation.scenario import Scenario

MAX_FILE_BYTES = 5_000_000
MAX_LINES = 10_000
MAX_TEXT = 10_000
MAX_SECONDS = 7 * 24 * 3600.0
# The replay budget (the team server replays every attempt; reading a 10,000-character reply for
# intents costs ~35 ms): per attempt at most this many actions, and this many characters of agent
# text (replies, notes, and the bodies of inserted articles and templates).
MAX_ACTIONS = 2_000
MAX_AGENT_TEXT = 200_000

ACTIONS = ("reply", "note", "set", "article", "template", "followup", "end")
# What each action needs (besides at and do); nothing else is allowed.
REQUIRED: dict[str, tuple[str, ...]] = {
    "reply": ("text",), "note": ("text",), "set": ("fields",), "article": ("id",), "template": ("id",),
    "followup": ("due",), "end": (),
}
OPTIONAL: dict[str, tuple[str, ...]] = {"article": ("sent",), "template": ("sent",)}
INSERTS = ("article", "template")
SET_FIELDS = ("status", "priority", "category", "tags")
TICKET_STATUSES = ("new", "open", "pending", "on_hold", "solved", "closed")
PRIORITIES = ("urgent", "high", "normal", "low")


@dataclass(frozen=True)
class Action:
    """One thing the trainee did at virtual time ``at`` (seconds since the session started).

    do: reply | note (text) · set (fields: status, priority, category, tags) · article |
    template (id: the scenario's own id; sent) · followup (due: seconds from start) · end.

    sent (article and template only): True (the headless default) = inserted and sent to the
    customer as a reply whose text is the body; False = inserted into the composer only (the
    window's insert: it counts for the rubric's article/template checks, but is no reply, says
    no intent, triggers nothing and cannot auto-fail; the reply the trainee then sends is its
    own ``reply`` action)."""

    at: float
    do: str
    text: str | None = None
    fields: dict | None = None
    id: str | None = None
    due: float | None = None
    sent: bool = True

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (a responses line; what attempts store): only the keys this action has
        (``sent`` only when it is False, so records of sent inserts read as before)."""
        out: dict[str, Any] = {"at": self.at, "do": self.do}
        for key in ("text", "fields", "id", "due"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        if not self.sent:
            out["sent"] = False
        return out

    @classmethod
    def from_dict(cls, data: Any) -> Action:
        """Validates one action (the same rules as a responses line). Raises ValueError."""
        return _action(data)


class Budget:
    """The replay budget, counted action by action (responses files, replays and live sessions
    use the same count). ``problem(action)`` is the one-line reason the next action would break
    it, or None; ``add(action)`` counts it. Bodies of inserts are counted when the scenario is known."""

    def __init__(self, scenario: Scenario | None = None):
        self.scenario = scenario
        self.actions = 0
        self.text = 0

    def size(self, action: Action) -> int:
        if action.do in ("reply", "note"):
            return len(action.text or "")
        if self.scenario is not None and action.do == "article":
            article = self.scenario.article(action.id or "")
            return len(article.body or article.title) if article else 0
        if self.scenario is not None and action.do == "template":
            template = self.scenario.template(action.id or "")
            return len(template.body or template.title) if template else 0
        return 0

    def problem(self, action: Action) -> str | None:
        if self.actions + 1 > MAX_ACTIONS:
            return f"more than {MAX_ACTIONS} actions (the replay budget)"
        if self.text + self.size(action) > MAX_AGENT_TEXT:
            return f"the agent's text passes {MAX_AGENT_TEXT:,} characters (the replay budget)"
        return None

    def add(self, action: Action) -> None:
        self.actions += 1
        self.text += self.size(action)


class ResponsesError(ValueError):
    """A responses file refused. str() is one line: ``NAME:LINENO: problem``."""

    def __init__(self, name: str, lineno: int | None, problem: str):
        self.name, self.lineno, self.problem = name, lineno, problem
        super().__init__(f"{name}:{lineno}: {problem}" if lineno is not None else f"{name}: {problem}")


def _number(value: Any, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{key!r} must be a number of seconds, not {json.dumps(value, ensure_ascii=False)[:40]}")
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{key!r} must be a number of seconds >= 0")
    if value > MAX_SECONDS:
        raise ValueError(f"{key!r} is beyond a week of virtual time")
    return float(value)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("'text' must be a string")
    if not value.strip():
        raise ValueError("'text' is empty")
    if len(value) > MAX_TEXT:
        raise ValueError(f"'text' is longer than {MAX_TEXT} characters")
    return value


def _short(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{what} must be a non-empty string")
    if len(value) > 200:
        raise ValueError(f"{what} is longer than 200 characters")
    return value


def _fields(value: Any) -> dict:
    if not isinstance(value, dict) or not value:
        raise ValueError("'fields' must be an object with status, priority, category or tags")
    out: dict[str, Any] = {}
    for key, item in value.items():
        if key not in SET_FIELDS:
            raise ValueError(f"fields.{key}: unknown field (one of {', '.join(SET_FIELDS)})")
        if key == "tags":
            if not isinstance(item, list) or len(item) > 50:
                raise ValueError("fields.tags must be a list of at most 50 strings")
            out[key] = [_short(tag, "fields.tags[]") for tag in item]
            continue
        item = _short(item, f"fields.{key}")
        if key == "status" and item not in TICKET_STATUSES:
            raise ValueError(f"fields.status: unknown status {item!r} (one of {', '.join(TICKET_STATUSES)})")
        if key == "priority" and item not in PRIORITIES:
            raise ValueError(f"fields.priority: unknown priority {item!r} (one of {', '.join(PRIORITIES)})")
        out[key] = item
    return out


def _action(data: Any) -> Action:
    if not isinstance(data, dict):
        raise ValueError("each line must be a JSON object")
    if "at" not in data:
        raise ValueError("missing 'at'")
    if "do" not in data:
        raise ValueError("missing 'do'")
    at = _number(data["at"], "at")
    do = data["do"]
    if do not in ACTIONS:
        raise ValueError(f"unknown action {json.dumps(do, ensure_ascii=False)[:40]} (one of {', '.join(ACTIONS)})")
    needed = REQUIRED[do]
    for key in needed:
        if key not in data:
            raise ValueError(f"{do} needs {key!r}")
    optional = OPTIONAL.get(do, ())
    extra = sorted(set(data) - {"at", "do", *needed, *optional})
    if extra:
        raise ValueError(f"unknown key {extra[0]!r} for {do} (it takes {', '.join(['at', 'do', *needed, *optional])})")
    if do in ("reply", "note"):
        return Action(at, do, text=_text(data["text"]))
    if do == "set":
        return Action(at, do, fields=_fields(data["fields"]))
    if do in INSERTS:
        sent = data.get("sent", True)
        if not isinstance(sent, bool):
            raise ValueError("'sent' must be true or false")
        return Action(at, do, id=_short(data["id"], "'id'"), sent=sent)
    if do == "followup":
        return Action(at, do, due=_number(data["due"], "due"))
    return Action(at, do)


def parse_responses(text: str, *, name: str, scenario: Scenario | None = None) -> list[Action]:
    """Every action of a JSON Lines text, checked before anything runs: JSON objects, ``at``
    a number >= 0 and never decreasing, ``do`` known, its keys and nothing else, nothing after
    ``end``; with ``scenario``, article and template ids it has. Blank lines are skipped."""
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise ResponsesError(name, None, f"larger than {MAX_FILE_BYTES // 1_000_000} MB; refused")
    lines = text.splitlines()
    if len(lines) > MAX_LINES:
        raise ResponsesError(name, None, f"more than {MAX_LINES} lines; refused")
    actions: list[Action] = []
    budget = Budget(scenario)
    last = 0.0
    ended_on: int | None = None
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ResponsesError(name, lineno, f"not valid JSON: {exc.msg} (column {exc.colno})") from None
        except RecursionError:
            raise ResponsesError(name, lineno, "not valid JSON: nested too deeply") from None
        try:
            action = _action(data)
        except ValueError as exc:
            raise ResponsesError(name, lineno, str(exc)) from None
        if ended_on is not None:
            raise ResponsesError(name, lineno, f"nothing may follow the end action (line {ended_on})")
        if scenario is not None and action.do in ("article", "template"):
            known = [a.id for a in scenario.knowledge] if action.do == "article" else [t.id for t in scenario.templates]
            if action.id not in known:
                listed = ", ".join(known[:10]) or "none"
                raise ResponsesError(name, lineno, f"no {action.do} {action.id!r} in scenario {scenario.id} (its {action.do}s: {listed})")
        if action.at < last:
            raise ResponsesError(name, lineno, f"'at' goes back in time ({action.at:g} after {last:g})")
        over = budget.problem(action)
        if over is not None:
            raise ResponsesError(name, lineno, over)
        budget.add(action)
        last = action.at
        if action.do == "end":
            ended_on = lineno
        actions.append(action)
    return actions
