"""The scenario format (format 1): pydantic models, loading, and one-line errors.

A scenario is a TOML or JSON file (the same tree either way; docs/scenarios.md documents every
field). Loading refuses a broken file with ScenarioError, whose str() is one line
``FILE:LINE: field.path: problem`` (the line is left out only when it is truly unknown, e.g.
a required top-level field that is missing). ``problems`` holds every problem found, for the
trainer's raw editor, which shows them all.

The field names are API: the bundled scenarios, trainers' files, the engine and the team
server's stored attempts all depend on them. A new field that changes meaning bumps FORMAT_VERSION;
a file with a newer format is refused with a line that says so.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (BaseModel, ConfigDict, Field, PrivateAttr, StrictBool, StringConstraints, ValidationError, field_validator,
                      model_validator)

from agentdesk.simulation.phrases import INTENTS

FORMAT_VERSION = 1

# Budgets on trainer-supplied files (the team server stores and replays them too).
MAX_FILE_BYTES = 1_000_000
MAX_TEXT = 10_000
MAX_STEPS = 200
MAX_LIST = 200
MAX_SECONDS = 7 * 24 * 3600.0  # time limits, delays and targets: a week of virtual time at most

BUNDLED_DIR = Path(__file__).resolve().parent / "scenarios"

# The vocabularies, as agentdesk.models spells them (tests/test_sim_scenario.py keeps them in step;
# importing the models here would pull SQLAlchemy into a pure module).
LANGUAGES = ("ko", "en")
DIFFICULTIES = ("beginner", "intermediate", "advanced")
CHANNELS = ("email", "chat", "phone", "sms", "social")
VIP_TIERS = ("standard", "silver", "gold", "vip")
PRODUCT_KINDS = ("credit_card", "check_card", "loan", "deposit", "subscription")
ORDER_STATUSES = ("paid", "shipped", "delivered", "cancelled", "returned", "exchanged", "refunded")
TICKET_STATUSES = ("new", "open", "pending", "on_hold", "solved", "closed")
PRIORITIES = ("urgent", "high", "normal", "low")
MOODS = ("patient", "annoyed", "angry")
MOOD_EFFECTS = ("calm", "worse", "patient", "annoyed", "angry")
CHECK_KINDS = ("said", "before", "field", "first_reply", "resolve_time", "article", "template", "fields", "followup", "identity_first",
               "mood_end", "no_misinformation")
TRIGGER_KEYS = ("intent", "keywords", "idle", "after", "wrong", "field", "article", "template", "step")
FIELD_KEYS = ("status", "priority", "category", "tag")
CHECK_FIELDS = ("category", "status", "priority", "tags")  # field:NAME

Text = Annotated[str, StringConstraints(max_length=MAX_TEXT)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]
LocalId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
Phrase = Annotated[str, StringConstraints(min_length=1, max_length=500)]
Seconds = Annotated[float, Field(ge=0, le=MAX_SECONDS)]
PositiveSeconds = Annotated[float, Field(gt=0, le=MAX_SECONDS)]
Timer = Annotated[float, Field(ge=1, le=MAX_SECONDS)]  # patience and idle: at least a second (budget)
Amount = Annotated[int, Field(ge=0, le=10**15)]
Days = Annotated[int, Field(ge=0, le=36500)]


class _Strict(BaseModel):
    """Every model of the format: unknown keys are refused (a typo must not pass silently)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class OrderItem(_Strict):
    sku: Name
    name: Name
    quantity: Annotated[int, Field(ge=1, le=10_000)] = 1
    unit_price: Amount = 0


class Product(_Strict):
    kind: Literal["credit_card", "check_card", "loan", "deposit", "subscription"]
    name: Name
    account_last4: Annotated[str, StringConstraints(pattern=r"^[0-9]{4}$")] | None = None
    status: Annotated[str, StringConstraints(min_length=1, max_length=32)] = "active"
    limit_amount: Amount | None = None
    used_amount: Amount | None = None


class Order(_Strict):
    number: Name
    status: Literal["paid", "shipped", "delivered", "cancelled", "returned", "exchanged", "refunded"]
    total: Amount = 0
    days_ago: Days = 0
    items: Annotated[list[OrderItem], Field(max_length=MAX_LIST)] = []


class PastInquiry(_Strict):
    channel: Literal["email", "chat", "phone", "sms", "social"]
    subject: Name
    body: Text = ""
    days_ago: Days = 0
    status: Literal["new", "open", "pending", "on_hold", "solved", "closed"] = "solved"


class Persona(_Strict):
    name: Name
    email: Annotated[str, StringConstraints(max_length=254)] | None = None
    phone: Annotated[str, StringConstraints(max_length=40)] | None = None
    tier: Literal["standard", "silver", "gold", "vip"] = "standard"
    segment: Annotated[str, StringConstraints(min_length=1, max_length=32)] = "retail"
    notes: Text = ""
    birth_date: date | None = None
    products: Annotated[list[Product], Field(max_length=MAX_LIST)] = []
    orders: Annotated[list[Order], Field(max_length=MAX_LIST)] = []
    past_inquiries: Annotated[list[PastInquiry], Field(max_length=MAX_LIST)] = []


class Opening(_Strict):
    subject: Name
    text: Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT)]


class Article(_Strict):
    id: LocalId
    title: Name
    body: Text = ""
    category: Annotated[str, StringConstraints(max_length=64)] = ""
    internal: StrictBool = False  # an agents' guide: inserting it counts as use, but it never reaches the customer


class Template(_Strict):
    id: LocalId
    title: Name
    body: Text = ""


class Mood(_Strict):
    start: Literal["patient", "annoyed", "angry"] = "patient"
    patience: Timer = 120.0
    annoyed: Annotated[list[Text], Field(max_length=MAX_LIST)] = []
    angry: Annotated[list[Text], Field(max_length=MAX_LIST)] = []
    calm: Annotated[list[Text], Field(max_length=MAX_LIST)] = []


class FieldMatch(_Strict):
    """``when = { field = { status = "solved" } }``: every key given must match (tag: one of the tags)."""

    status: Literal["new", "open", "pending", "on_hold", "solved", "closed"] | None = None
    priority: Literal["urgent", "high", "normal", "low"] | None = None
    category: Annotated[str, StringConstraints(min_length=1, max_length=64)] | None = None
    tag: Annotated[str, StringConstraints(min_length=1, max_length=64)] | None = None

    @model_validator(mode="after")
    def _one_at_least(self) -> FieldMatch:
        if not self.model_fields_set:
            raise ValueError(f"name at least one of {', '.join(FIELD_KEYS)}")
        return self


class Trigger(_Strict):
    """Exactly one key (docs/scenarios.md, "Triggers")."""

    intent: str | None = None
    keywords: Annotated[list[Phrase], Field(min_length=1, max_length=MAX_LIST)] | None = None
    idle: Timer | None = None
    after: Seconds | None = None
    wrong: Annotated[list[Phrase], Field(min_length=1, max_length=MAX_LIST)] | None = None
    field: FieldMatch | None = None
    article: LocalId | None = None
    template: LocalId | None = None
    step: LocalId | None = None

    @field_validator("intent")
    @classmethod
    def _known_intent(cls, value: str | None) -> str | None:
        if value is not None and value not in INTENTS:
            raise ValueError(f"unknown intent {value!r} (one of {', '.join(INTENTS)})")
        return value

    @model_validator(mode="after")
    def _exactly_one(self) -> Trigger:
        given = [k for k in TRIGGER_KEYS if getattr(self, k) is not None]
        if len(given) != 1:
            got = ", ".join(given) if given else "none"
            raise ValueError(f"give exactly one trigger ({', '.join(TRIGGER_KEYS)}); got {got}")
        return self

    @property
    def kind(self) -> str:
        return next(k for k in TRIGGER_KEYS if getattr(self, k) is not None)


class Step(_Strict):
    id: LocalId
    when: Trigger
    say: Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT)]
    delay: Seconds | None = None  # None: 10 s after an action-triggered step, 0 after idle/after
    mood: Literal["calm", "worse", "patient", "annoyed", "angry"] | None = None
    after_step: LocalId | None = None
    ends: bool = False
    repeat: bool = False

    @property
    def effective_delay(self) -> float:
        if self.delay is not None:
            return float(self.delay)
        return 0.0 if self.when.kind in ("idle", "after") else 10.0

    @property
    def effective_mood(self) -> str | None:
        """A wrong answer makes the customer worse unless the step says otherwise."""
        if self.mood is None and self.when.kind == "wrong":
            return "worse"
        return self.mood


class ExpectFields(_Strict):
    category: Annotated[str, StringConstraints(min_length=1, max_length=64)] | None = None
    status: Literal["new", "open", "pending", "on_hold", "solved", "closed"] | None = None
    priority: Literal["urgent", "high", "normal", "low"] | None = None
    tags: Annotated[list[Annotated[str, StringConstraints(min_length=1, max_length=64)]], Field(max_length=50)] = []


class Followup(_Strict):
    within: PositiveSeconds


class Expect(_Strict):
    articles: Annotated[list[LocalId], Field(max_length=MAX_LIST)] = []
    templates: Annotated[list[LocalId], Field(max_length=MAX_LIST)] = []
    fields: ExpectFields = ExpectFields()
    followup: Followup | None = None
    required: Annotated[list[str], Field(max_length=len(INTENTS))] = []
    identity_before: Annotated[list[Phrase], Field(max_length=MAX_LIST)] = []
    forbidden_promises: Annotated[list[Phrase], Field(max_length=MAX_LIST)] = []
    forbidden: Annotated[list[Phrase], Field(max_length=MAX_LIST)] = []
    first_reply_within: PositiveSeconds | None = None
    resolve_within: PositiveSeconds | None = None

    @field_validator("required")
    @classmethod
    def _known_intents(cls, value: list[str]) -> list[str]:
        unknown = [v for v in value if v not in INTENTS]
        if unknown:
            raise ValueError(f"unknown intent {unknown[0]!r} (one of {', '.join(INTENTS)})")
        return value


class RubricItem(_Strict):
    id: LocalId
    label: Name
    weight: Annotated[int, Field(ge=0, le=1000)]
    check: str

    @field_validator("check")
    @classmethod
    def _known_check(cls, value: str) -> str:
        kind, _, arg = value.partition(":")
        if kind not in CHECK_KINDS:
            raise ValueError(f"unknown check {value!r} (one of said:INTENT, before:INTENT_A:INTENT_B, field:NAME, "
                             f"{', '.join(CHECK_KINDS[3:])})")
        if kind == "said" and arg not in INTENTS:
            raise ValueError(f"said: needs a known intent, not {arg!r} (one of {', '.join(INTENTS)})")
        if kind == "before":
            names = arg.split(":")
            if len(names) != 2 or not all(names):
                raise ValueError("before: needs two intents: before:INTENT_A:INTENT_B (A said before B)")
            unknown = [n for n in names if n not in INTENTS]
            if unknown:
                raise ValueError(f"before: unknown intent {unknown[0]!r} (one of {', '.join(INTENTS)})")
            if names[0] == names[1]:
                raise ValueError("before: needs two different intents")
        if kind == "field" and arg not in CHECK_FIELDS:
            raise ValueError(f"field: one of {', '.join(CHECK_FIELDS)}, not {arg!r}")
        if kind not in ("said", "before", "field") and arg:
            raise ValueError(f"check {kind!r} takes no argument")
        return value

    @property
    def kind(self) -> str:
        return self.check.partition(":")[0]

    @property
    def argument(self) -> str:
        """said:INTENT → INTENT; before:A:B → "A:B"; field:NAME → NAME; '' otherwise."""
        return self.check.partition(":")[2]


class Scenario(_Strict):
    format: int
    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]{3,64}$")]
    title: Name
    language: Literal["ko", "en"]
    difficulty: Literal["beginner", "intermediate", "advanced"]
    channel: Literal["email", "chat", "phone", "sms", "social"]
    summary: Text = ""
    pass_score: Annotated[int, Field(ge=0, le=100)] = 70
    time_limit: PositiveSeconds = 1800.0
    hints: Annotated[list[Text], Field(max_length=MAX_LIST)] = []
    persona: Persona
    opening: Opening
    knowledge: Annotated[list[Article], Field(max_length=MAX_LIST)] = []
    templates: Annotated[list[Template], Field(max_length=MAX_LIST)] = []
    mood: Mood = Mood()
    script: Annotated[list[Step], Field(max_length=MAX_STEPS)] = []
    expect: Expect = Expect()
    rubric: Annotated[list[RubricItem], Field(min_length=1, max_length=MAX_LIST)]

    _source: str = PrivateAttr(default="")

    @field_validator("format", mode="before")
    @classmethod
    def _known_format(cls, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool) and value > FORMAT_VERSION:
            raise ValueError(f"format {value} is newer than this AgentDesk reads (format {FORMAT_VERSION}); update AgentDesk")
        if isinstance(value, int) and not isinstance(value, bool) and value < 1:
            raise ValueError(f"format must be {FORMAT_VERSION}")
        return value

    @property
    def source(self) -> str:
        """Where it was loaded from ('' when built in memory)."""
        return self._source

    def article(self, article_id: str) -> Article | None:
        return next((a for a in self.knowledge if a.id == article_id), None)

    def template(self, template_id: str) -> Template | None:
        return next((t for t in self.templates if t.id == template_id), None)

    def canonical_json(self) -> str:
        """The canonical JSON of the scenario: what scenario_sha256 hashes (keys sorted, no spaces,
        fields at their default left out: a new optional field keeps stored attempts replayable)."""
        return json.dumps(self.model_dump(mode="json", exclude_defaults=True), ensure_ascii=False, sort_keys=True,
                          separators=(",", ":"))

    def sha256(self) -> str:
        return hashlib.sha256(self.canonical_json().encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Problem:
    line: int | None
    path: str
    message: str


class ScenarioError(ValueError):
    """A scenario refused. str() is one line: ``FILE:LINE: field.path: problem``."""

    def __init__(self, name: str, problems: Sequence[Problem]):
        self.name = name
        self.problems = list(problems)
        first = self.problems[0]
        where = f"{name}:{first.line}" if first.line is not None else name
        path = f" {first.path}:" if first.path else ""
        more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
        super().__init__(f"{where}:{path} {first.message}{more}")


# --- where a key is in the source text ----------------------------------------------------------

Path_ = tuple[str | int, ...]


def _split_dotted(key: str) -> list[str]:
    parts, buf, quote = [], "", ""
    for ch in key:
        if quote:
            if ch == quote:
                quote = ""
            else:
                buf += ch
        elif ch in "\"'":
            quote = ch
        elif ch == ".":
            parts.append(buf.strip())
            buf = ""
        else:
            buf += ch
    parts.append(buf.strip())
    return parts


_TOML_KEY = re.compile(r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=""")
_TOML_INLINE_KEY = re.compile(r"""[{,]\s*([A-Za-z0-9_-]+|"[^"]*")\s*=""")


def _toml_lines(text: str) -> dict[Path_, int]:
    """Maps key paths to the line (1-based) that defines them: table headers, arrays of
    tables (indexed as they appear), ``key = value`` lines and the keys of an inline table on
    that line. Multi-line strings are skipped. Enough to point at a field; not a TOML parser."""
    where: dict[Path_, int] = {}
    counts: dict[Path_, int] = {}
    table: Path_ = ()
    in_string = ""
    for lineno, line in enumerate(text.splitlines(), 1):
        if in_string:
            if in_string in line:
                in_string = ""
            continue
        stripped = line.strip()
        if stripped.startswith("[["):
            base = tuple(_split_dotted(stripped[2:stripped.find("]]")]))
            index = counts.get(base, 0)
            counts[base] = index + 1
            table = _resolve(base, counts) + (index,)
            where.setdefault(table, lineno)
            where.setdefault(table[:-1], lineno)
            continue
        if stripped.startswith("["):
            table = _resolve(tuple(_split_dotted(stripped[1:stripped.find("]")])), counts)
            where.setdefault(table, lineno)
            continue
        match = _TOML_KEY.match(line)
        if not match:
            continue
        key = table + tuple(_split_dotted(match.group(1)))
        where.setdefault(key, lineno)
        rest = line[match.end():]
        for quote in ('"""', "'''"):
            if rest.count(quote) % 2 == 1:
                in_string = quote
        if rest.lstrip().startswith("{"):
            for inner in _TOML_INLINE_KEY.finditer(rest):
                where.setdefault(key + (inner.group(1).strip("\"'"),), lineno)
    return where


def _resolve(base: Path_, counts: dict[Path_, int]) -> Path_:
    """``[persona.products]`` inside the 2nd ``[[script]]``: a header's prefixes that are
    arrays of tables refer to their latest element."""
    out: Path_ = ()
    for part in base:
        out = out + (part,)
        if out in counts and out != base:
            out = out + (counts[out] - 1,)
    return out


def _json_lines(text: str) -> dict[Path_, int]:
    """Maps key paths (and array elements) to their line in a JSON text already known to parse."""
    decoder = json.JSONDecoder()
    where: dict[Path_, int] = {}
    ws = re.compile(r"[ \t\r\n]*")

    def line_of(pos: int) -> int:
        return text.count("\n", 0, pos) + 1

    def value(pos: int, path: Path_) -> int:
        pos = ws.match(text, pos).end()  # type: ignore[union-attr]
        where.setdefault(path, line_of(pos))
        ch = text[pos]
        if ch == "{":
            pos = ws.match(text, pos + 1).end()  # type: ignore[union-attr]
            if text[pos] == "}":
                return pos + 1
            while True:
                pos = ws.match(text, pos).end()  # type: ignore[union-attr]
                key, pos = decoder.raw_decode(text, pos)
                where[path + (key,)] = line_of(pos)
                pos = ws.match(text, pos).end() + 1  # type: ignore[union-attr]  # the colon
                pos = value(pos, path + (key,))
                pos = ws.match(text, pos).end()  # type: ignore[union-attr]
                if text[pos] == "}":
                    return pos + 1
                pos += 1  # the comma
        if ch == "[":
            pos = ws.match(text, pos + 1).end()  # type: ignore[union-attr]
            if text[pos] == "]":
                return pos + 1
            index = 0
            while True:
                pos = value(pos, path + (index,))
                index += 1
                pos = ws.match(text, pos).end()  # type: ignore[union-attr]
                if text[pos] == "]":
                    return pos + 1
                pos += 1
        _, end = decoder.raw_decode(text, pos)
        return end

    try:
        value(0, ())
    except (ValueError, IndexError):  # only a locator: a surprise leaves lines unknown
        pass
    return where


def _line_for(where: dict[Path_, int], path: Path_) -> int | None:
    """The line of the longest prefix of ``path`` that the source names (a missing key: its table)."""
    for end in range(len(path), 0, -1):
        if path[:end] in where:
            return where[path[:end]]
    return None


def _dotted(path: Path_) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


_MESSAGES = {
    "missing": "required field is missing",
    "extra_forbidden": f"unknown field (not part of scenario format {FORMAT_VERSION})",
}


def _problems(exc: ValidationError, where: dict[Path_, int]) -> list[Problem]:
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        message = _MESSAGES.get(err["type"]) or err["msg"]
        if message.startswith("Value error, "):
            message = message[len("Value error, "):]
        plain_input = "input" in err and not isinstance(err["input"], dict | list)
        if err["type"] not in ("missing", "extra_forbidden", "value_error") and plain_input:
            shown = repr(err["input"])
            if len(shown) <= 60:
                message = f"{message} (got {shown})"
        line = _line_for(where, loc)
        if err["type"] == "missing" and len(loc) == 1:
            line = None
        out.append(Problem(line, _dotted(loc), message))
    return out


def _reference_problems(scn: Scenario) -> list[tuple[Path_, str]]:
    """What pydantic cannot see alone: ids that must be unique and names that must exist."""
    out: list[tuple[Path_, str]] = []

    def unique(items: Sequence[Any], section: str) -> set[str]:
        seen: set[str] = set()
        for i, item in enumerate(items):
            if item.id in seen:
                out.append(((section, i, "id"), f"duplicate id {item.id!r}"))
            seen.add(item.id)
        return seen

    articles = unique(scn.knowledge, "knowledge")
    templates = unique(scn.templates, "templates")
    steps = unique(scn.script, "script")
    unique(scn.rubric, "rubric")
    for i, step in enumerate(scn.script):
        if step.after_step is not None and step.after_step not in steps:
            out.append((("script", i, "after_step"), f"no step with id {step.after_step!r}"))
        if step.when.step is not None and step.when.step not in steps:
            out.append((("script", i, "when", "step"), f"no step with id {step.when.step!r}"))
        if step.when.article is not None and step.when.article not in articles:
            out.append((("script", i, "when", "article"), f"no [[knowledge]] article with id {step.when.article!r}"))
        if step.when.template is not None and step.when.template not in templates:
            out.append((("script", i, "when", "template"), f"no [[templates]] entry with id {step.when.template!r}"))
    # Step triggers form chains; a cycle would let the customer talk forever.
    follows = {step.id: step.when.step for step in scn.script if step.when.step is not None}
    for i, step in enumerate(scn.script):
        seen: set[str] = set()
        cursor = follows.get(step.id)
        while cursor is not None and cursor not in seen and cursor != step.id:
            seen.add(cursor)
            cursor = follows.get(cursor)
        if cursor == step.id:
            out.append((("script", i, "when", "step"), "the step triggers form a cycle"))
            break
    for i, ref in enumerate(scn.expect.articles):
        if ref not in articles:
            out.append((("expect", "articles", i), f"no [[knowledge]] article with id {ref!r}"))
    for i, ref in enumerate(scn.expect.templates):
        if ref not in templates:
            out.append((("expect", "templates", i), f"no [[templates]] entry with id {ref!r}"))
    for i, item in enumerate(scn.rubric):
        if item.kind == "first_reply" and scn.expect.first_reply_within is None:
            out.append((("rubric", i, "check"), "first_reply needs expect.first_reply_within"))
        if item.kind == "resolve_time" and scn.expect.resolve_within is None:
            out.append((("rubric", i, "check"), "resolve_time needs expect.resolve_within"))
        if item.kind == "followup" and scn.expect.followup is None:
            out.append((("rubric", i, "check"), "followup needs expect.followup"))
        if item.kind == "article" and not scn.expect.articles:
            out.append((("rubric", i, "check"), "article needs expect.articles"))
        if item.kind == "template" and not scn.expect.templates:
            out.append((("rubric", i, "check"), "template needs expect.templates"))
        if item.kind == "field" and not getattr(scn.expect.fields, item.argument):
            out.append((("rubric", i, "check"), f"field:{item.argument} needs expect.fields.{item.argument}"))
        if item.kind == "identity_first" and not scn.expect.identity_before:
            out.append((("rubric", i, "check"), "identity_first needs expect.identity_before"))
    if scn.rubric and sum(item.weight for item in scn.rubric) == 0:
        out.append((("rubric",), "the weights add up to 0"))
    return out


# --- loading ------------------------------------------------------------------------------------

_TOML_AT = re.compile(r"^(?P<msg>.*?)\s*\(at line (?P<line>\d+), column \d+\)$")


def parse_scenario(text: str, *, name: str, fmt: Literal["toml", "json"]) -> Scenario:
    """Validates a scenario's text. Raises ScenarioError (one line; ``problems`` has them all)."""
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise ScenarioError(name, [Problem(None, "", f"larger than {MAX_FILE_BYTES // 1_000_000} MB; refused")])
    data: Any
    if fmt == "toml":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            match = _TOML_AT.match(str(exc))
            if match:
                raise ScenarioError(name, [Problem(int(match["line"]), "", f"not valid TOML: {match['msg']}")]) from None
            raise ScenarioError(name, [Problem(None, "", f"not valid TOML: {exc}")]) from None
        where = _toml_lines(text)
    elif fmt == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ScenarioError(name, [Problem(exc.lineno, "", f"not valid JSON: {exc.msg}")]) from None
        except RecursionError:
            raise ScenarioError(name, [Problem(None, "", "not valid JSON: nested too deeply")]) from None
        if not isinstance(data, dict):
            raise ScenarioError(name, [Problem(1, "", "a scenario is a JSON object")])
        where = _json_lines(text)
    else:
        raise ValueError(f"unknown scenario format {fmt!r}")
    version = data.get("format")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        # Before anything else: a newer file's other fields would only add noise.
        problem = f"format {version} is newer than this AgentDesk reads (format {FORMAT_VERSION}); update AgentDesk"
        raise ScenarioError(name, [Problem(_line_for(where, ("format",)), "format", problem)])
    try:
        scn = Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(name, _problems(exc, where)) from None
    refs = _reference_problems(scn)
    if refs:
        raise ScenarioError(name, [Problem(_line_for(where, path), _dotted(path), msg) for path, msg in refs])
    scn._source = name
    return scn


def _format_of(path: Path) -> Literal["toml", "json"] | None:
    suffix = path.suffix.lower()
    if suffix == ".toml":
        return "toml"
    if suffix == ".json":
        return "json"
    return None


def load_scenario(path: str | Path) -> Scenario:
    """Reads a .toml or .json scenario file (at most 1 MB)."""
    path = Path(path)
    name = str(path)
    fmt = _format_of(path)
    if fmt is None:
        raise ScenarioError(name, [Problem(None, "", "a scenario file ends in .toml or .json")])
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ScenarioError(name, [Problem(None, "", f"larger than {MAX_FILE_BYTES // 1_000_000} MB; refused")])
        raw = path.read_bytes()
    except OSError as exc:
        raise ScenarioError(name, [Problem(None, "", f"cannot read: {exc.strerror or exc}")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ScenarioError(name, [Problem(line, "", "not UTF-8 text")]) from None
    return parse_scenario(text.removeprefix("\ufeff"), name=name, fmt=fmt)


def _scenario_files(directory: Path) -> list[Path]:
    try:
        return sorted(p for p in directory.iterdir() if p.is_file() and _format_of(p) is not None)
    except OSError:
        return []


def bundled_scenarios() -> list[Scenario]:
    """The scenarios shipped with AgentDesk (agentdesk/simulation/scenarios/*.toml), sorted by id.
    A broken bundled file is a bug, not a user's mistake: it raises."""
    return sorted((load_scenario(p) for p in sorted(BUNDLED_DIR.glob("*.toml"))), key=lambda s: s.id)


def trainer_dir() -> Path:
    """Where trainers' own scenario files live (listed by `agentdesk simulate --list` too)."""
    from agentdesk import config

    return config.data_dir() / "scenarios"


def available_scenarios(extra_dirs: Iterable[str | Path] = (), *, include_trainer: bool = True
                        ) -> tuple[list[Scenario], list[ScenarioError]]:
    """Bundled scenarios, then trainers' (trainer_dir() and ``extra_dirs``), sorted by id.
    A broken trainer file is skipped and returned among the errors; an id already taken
    (bundled first) is skipped too."""
    found = {s.id: s for s in bundled_scenarios()}
    errors: list[ScenarioError] = []
    dirs = [trainer_dir()] if include_trainer else []
    dirs += [Path(d) for d in extra_dirs]
    for directory in dirs:
        for path in _scenario_files(directory):
            try:
                scn = load_scenario(path)
            except ScenarioError as exc:
                errors.append(exc)
                continue
            if scn.id in found:
                errors.append(ScenarioError(str(path), [Problem(None, "id", f"id {scn.id!r} is already taken by {found[scn.id].source}")]))
                continue
            found[scn.id] = scn
    return sorted(found.values(), key=lambda s: s.id), errors


def find_scenario(ref: str, extra_dirs: Iterable[str | Path] = ()) -> Scenario:
    """A bundled id, an id in the trainer directory (or ``extra_dirs``), or a file path."""
    as_path = Path(ref)
    if _format_of(as_path) is not None and (as_path.exists() or "/" in ref or "\\" in ref):
        return load_scenario(as_path)
    for scn in bundled_scenarios():
        if scn.id == ref:
            return scn
    for directory in [trainer_dir(), *(Path(d) for d in extra_dirs)]:
        for path in _scenario_files(directory):
            try:
                scn = load_scenario(path)
            except ScenarioError:
                continue
            if scn.id == ref:
                return scn
    raise ScenarioError(ref, [Problem(None, "", f"no such scenario: not a bundled id, not in {trainer_dir()}, not a file")])


def scenario_json_schema() -> dict:
    """The JSON Schema of the format (pydantic's), for the trainer's raw editor and the docs."""
    schema = Scenario.model_json_schema()
    schema["title"] = f"AgentDesk scenario (format {FORMAT_VERSION})"
    return schema
