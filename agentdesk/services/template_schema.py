"""The shape of what a template carries and what a templates file holds, as pydantic models.

Each model refuses with the message the agent has always seen, naming the item and the
field ("prompt 2: name '1x' must be …", "macro follow_up: in_days must be …"): validators
raise those messages, and as_invalid() turns the first error into one InvalidValue line.
Numbers are bounded here (an ``"in_days": 1e308`` used to import and then overflow). No Qt.
"""

from __future__ import annotations

import math
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, ValidationInfo, field_validator, model_validator

from agentdesk.catalogue import CodedValueError
from agentdesk.models import PRIORITIES, TICKET_STATUSES
from agentdesk.services.common import InvalidValue

PROMPT_TYPES = ("text", "amount", "date", "datetime", "choice")
MACRO_KEYS = ("status", "priority", "add_tags", "remove_tags", "assignee", "follow_up")
FOLLOW_UP_KEYS = ("title", "in_hours", "in_days", "at_prompt", "kind", "notes")
FOLLOW_UP_KINDS = ("follow_up", "callback")
EXPORT_FORMAT = "agentdesk-templates"
EXPORT_VERSION = 1
# A follow-up is due within ten years: beyond that it is a typing error (or 1e308).
MAX_IN_DAYS = 3_650
MAX_IN_HOURS = MAX_IN_DAYS * 24

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def as_invalid(exc: ValidationError, where: str, unknown: str | None = None) -> InvalidValue:
    """The first problem as one line. ``where`` names the thing ("prompt 2", "macro");
    ``unknown`` is the code that words an unknown top-level key ("unknown macro action '{key}'")."""
    errors = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")  # unknown keys first, as before
    err = errors[0]
    loc = [str(part) for part in err["loc"]]
    if err["type"] == "value_error":
        return InvalidValue.like(err["ctx"]["error"])
    if err["type"] == "extra_forbidden":
        if unknown is not None and len(loc) == 1:
            return InvalidValue(code=unknown, key=loc[0])
        return InvalidValue(code="schema.unknown_key", where=" ".join([where, *loc[:-1]]), key=loc[-1])
    field = ".".join(loc)
    detail = f"{err['msg'][0].lower()}{err['msg'][1:]}"  # pydantic's own words
    if field:
        return InvalidValue(code="schema.field_problem", where=where, field=field, detail=detail)
    return InvalidValue(code="schema.problem", where=where, detail=detail)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True)


# --- prompts ---------------------------------------------------------------------------
class Prompt(_Model):
    """A value asked of the agent when the template is inserted; validated with
    context={"where": "prompt 2"}."""

    name: str
    label: str = ""
    type: str = "text"
    required: bool = True
    choices: list[str] | None = None

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, value: Any, info: ValidationInfo) -> str:
        name = str(value if value is not None else "").strip()
        if not _NAME.match(name):
            raise CodedValueError(code="prompt.bad_name", where=_where(info), name=name, used=name or "name")
        return name

    @field_validator("label", mode="before")
    @classmethod
    def _label(cls, value: Any) -> str:
        return str(value or "").strip()

    @field_validator("type", mode="before")
    @classmethod
    def _type(cls, value: Any) -> str:
        return str(value)

    @field_validator("choices", mode="before")
    @classmethod
    def _choices(cls, value: Any) -> Any:
        if value is None:
            return None
        if not isinstance(value, list) or not value or not all(isinstance(c, str) and c.strip() for c in value):
            return []  # refused below, with the prompt's name
        return [c.strip() for c in value]

    @model_validator(mode="after")
    def _consistent(self) -> Prompt:
        if self.type not in PROMPT_TYPES:
            raise CodedValueError(code="prompt.bad_type", name=self.name, type=self.type, allowed=", ".join(PROMPT_TYPES))
        if self.type == "choice" and not self.choices:
            raise CodedValueError(code="prompt.no_choices", name=self.name)
        if self.type != "choice" and self.choices is not None:
            raise CodedValueError(code="prompt.choices_not_choice", name=self.name)
        self.label = self.label or self.name
        return self

    def stored(self) -> dict:
        out: dict = {"name": self.name, "label": self.label, "type": self.type, "required": self.required}
        if self.choices is not None:
            out["choices"] = self.choices
        return out


def _where(info: ValidationInfo) -> str:
    return (info.context or {}).get("where", "prompt")


# --- macros -----------------------------------------------------------------------------
def _bounded_number(value: Any, field: str, most: int) -> int | float:
    if (isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value)
            or not 0 < value <= most):
        raise CodedValueError(code="macro.follow_up_number", field=field, most=f"{most:,}")
    return value


class FollowUp(_Model):
    """What a macro schedules; validated with context={"prompts": [...]} to check at_prompt."""

    title: str
    in_hours: int | float | None = None
    in_days: int | float | None = None
    at_prompt: str | None = None
    kind: str = "follow_up"
    notes: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _titled(cls, data: Any) -> Any:
        if isinstance(data, dict) and not str(data.get("title") or "").strip():
            if not set(data) - set(FOLLOW_UP_KEYS):  # an unknown key is named first
                raise CodedValueError(code="macro.follow_up_title")
        return data

    @field_validator("title", mode="before")
    @classmethod
    def _title(cls, value: Any) -> str:
        return str(value or "").strip()

    @field_validator("in_hours", mode="before")
    @classmethod
    def _hours(cls, value: Any) -> int | float:
        return _bounded_number(value, "in_hours", MAX_IN_HOURS)

    @field_validator("in_days", mode="before")
    @classmethod
    def _days(cls, value: Any) -> int | float:
        return _bounded_number(value, "in_days", MAX_IN_DAYS)

    @field_validator("at_prompt", mode="before")
    @classmethod
    def _at_prompt(cls, value: Any, info: ValidationInfo) -> str | None:
        if not value:
            return None
        prompts = (info.context or {}).get("prompts")
        if prompts is not None and not any(p["name"] == value and p["type"] in ("date", "datetime") for p in prompts):
            raise CodedValueError(code="macro.follow_up_at_prompt", prompt=value)
        return str(value)

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, value: Any) -> str:
        if value not in FOLLOW_UP_KINDS:
            raise CodedValueError(code="macro.follow_up_kind", kind=value)
        return str(value)

    @field_validator("notes", mode="before")
    @classmethod
    def _notes(cls, value: Any) -> str | None:
        return str(value) if value else None

    @model_validator(mode="after")
    def _due(self) -> FollowUp:
        if self.in_hours is None and self.in_days is None and self.at_prompt is None:
            raise CodedValueError(code="macro.follow_up_when")
        return self


def _tags(value: Any, key: str) -> list[str] | None:
    if not value:
        return None
    if isinstance(value, str):
        value = value.replace(",", " ").split()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CodedValueError(code="macro.tags_list", key=key)
    return [v.strip() for v in value if v.strip()] or None


class Macro(_Model):
    """What applying a template also changes on the ticket."""

    status: str | None = None
    priority: str | None = None
    add_tags: list[str] | None = None
    remove_tags: list[str] | None = None
    assignee: str | None = None
    follow_up: FollowUp | None = None

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, value: Any) -> str | None:
        if value in (None, ""):
            return None
        if value not in TICKET_STATUSES:
            raise CodedValueError(code="macro.invalid_status", value=value, allowed=", ".join(TICKET_STATUSES))
        return str(value)

    @field_validator("priority", mode="before")
    @classmethod
    def _priority(cls, value: Any) -> str | None:
        if value in (None, ""):
            return None
        if value not in PRIORITIES:
            raise CodedValueError(code="macro.invalid_priority", value=value, allowed=", ".join(PRIORITIES))
        return str(value)

    @field_validator("add_tags", "remove_tags", mode="before")
    @classmethod
    def _tag_lists(cls, value: Any, info: ValidationInfo) -> list[str] | None:
        return _tags(value, str(info.field_name))

    @field_validator("assignee", mode="before")
    @classmethod
    def _assignee(cls, value: Any) -> str | None:
        if value in (None, ""):
            return None
        if not isinstance(value, str):
            raise CodedValueError(code="macro.assignee_text")
        return value

    @field_validator("follow_up", mode="before")
    @classmethod
    def _follow_up(cls, value: Any) -> Any:
        if not value:
            return None
        if not isinstance(value, dict):
            raise CodedValueError(code="macro.follow_up_object")
        return value

    def stored(self) -> dict:
        return self.model_dump(exclude_none=True)


def parse_macro(macro: Any, prompts: list[dict] | None) -> dict:
    if not isinstance(macro, dict):
        raise InvalidValue(code="macro.not_object")
    try:
        model = Macro.model_validate(macro, context={"prompts": prompts})
    except ValidationError as exc:
        raise as_invalid(exc, "macro", unknown="macro.unknown_action") from None
    return model.stored()


def parse_prompts(prompts: Any) -> list[dict]:
    if not isinstance(prompts, list):
        raise InvalidValue(code="prompt.not_list")
    out: list[dict] = []
    for i, p in enumerate(prompts, 1):
        if not isinstance(p, dict):
            raise InvalidValue(code="prompt.not_object", index=i)
        try:
            prompt = Prompt.model_validate(p, context={"where": f"prompt {i}"})
        except ValidationError as exc:
            raise as_invalid(exc, f"prompt {i}") from None
        if any(seen["name"] == prompt.name for seen in out):
            raise InvalidValue(code="prompt.name_twice", index=i, name=prompt.name)
        out.append(prompt.stored())
    return out


# --- the templates file -------------------------------------------------------------------
class TemplateFile(BaseModel):
    """An export: {"format": "agentdesk-templates", "version": 1, "templates": [...]}.
    Each template is checked in full by templates._validated (it needs the database)."""

    model_config = ConfigDict(extra="ignore", hide_input_in_errors=True, validate_default=True)

    format: Any = None
    version: Any = None
    templates: Any = None

    @field_validator("format", mode="after")
    @classmethod
    def _format(cls, value: Any) -> str:
        if value != EXPORT_FORMAT:
            raise CodedValueError(code="template.file_format", format=EXPORT_FORMAT)
        return value

    @field_validator("version", mode="after")
    @classmethod
    def _version(cls, value: Any) -> int:
        if value != EXPORT_VERSION or isinstance(value, bool):
            raise CodedValueError(code="template.file_version", version=repr(value), reads=EXPORT_VERSION)
        return value

    @field_validator("templates", mode="after")
    @classmethod
    def _templates(cls, value: Any) -> list[dict]:
        if not isinstance(value, list):
            raise CodedValueError(code="template.file_no_list")
        for n, item in enumerate(value, 1):
            if not isinstance(item, dict):
                raise CodedValueError(code="template.file_item", index=n)
        return value


def parse_file(data: Any) -> list[dict]:
    """The templates of an export document, or InvalidValue naming what is wrong."""
    if not isinstance(data, dict):
        raise InvalidValue(code="template.file_format", format=EXPORT_FORMAT)
    try:
        return TemplateFile.model_validate(data).templates
    except ValidationError as exc:
        raise as_invalid(exc, "the templates file") from None


__all__ = [
    "Prompt", "FollowUp", "Macro", "TemplateFile", "as_invalid", "parse_macro", "parse_prompts", "parse_file",
    "PROMPT_TYPES", "MACRO_KEYS", "FOLLOW_UP_KEYS", "FOLLOW_UP_KINDS", "EXPORT_FORMAT", "EXPORT_VERSION",
    "MAX_IN_DAYS", "MAX_IN_HOURS",
]
