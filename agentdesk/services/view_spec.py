"""What a saved view is, once: its filters and sort as validated data, the rule of who may
write which view, and the inbox's current filters turned into a view.

Pure: no database, no Qt. The local services (services/saved_views.py), the replica's
capture of a flush (sync/capture.py) and the team server's handlers (server/handlers.py)
all validate a view with ``check_view`` / ``parse_spec`` and ask ``check_view_write``
whether this agent may write it. A stored spec is JSON (``saved_views.spec``); one that
does not validate (written by a newer desk, or by a hostile one) is refused on the server
and skipped with one line wherever it is read, never a crash.
"""

from __future__ import annotations

import json
import unicodedata
import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from agentdesk import rules
from agentdesk.catalogue import CodedValueError
from agentdesk.models import (
    ACTIVE_STATUSES,
    DONE_STATUSES,
    LEAD_ROLES,
    WORKING_STATUSES,
    Channel,
    Priority,
    TicketStatus,
)

SPEC_VERSION: Literal[1] = 1
NAME_LIMIT = 60  # characters of a view's name (the list beside the inbox shows ~16)
TEXT_LIMIT = 200  # characters of a view's text search
TAGS_LIMIT = 10
MAX_CONDITIONS = 24  # statuses, priorities, channels, tags and SLA states each count one, other filters one each
MAX_HOURS = 24 * 366 * 5  # "created within / older than": at most five years
SPEC_BYTES = 8 * 1024  # a spec as JSON (a valid one is well under 2 KiB)
VIEWS_PER_OWNER = 100  # live views of one agent, or shared with one team


class ViewError(rules.RuleError):
    """A view that cannot be stored or shown; the message is one line, with a code the
    window translates (agentdesk/catalogue.py "view.…"). A RuleError, so the services show
    it as InvalidValue and the team server rejects the mutation with it."""


class ViewNotAllowed(ViewError):
    """The agent's role or team does not let them write this view."""


class ViewScope(StrEnum):
    PERSONAL = "personal"
    TEAM = "team"


class SlaState(StrEnum):
    """A ticket's SLA as the inbox colours it (services/common.sla_state)."""

    BREACHED = "breached"
    AT_RISK = "at_risk"
    OK = "ok"
    NONE = "none"  # no deadline running: solved, pending or on hold


class SortKey(StrEnum):
    """The inbox's sortable columns (services/tickets.SORTS)."""

    UPDATED = "updated"
    PRIORITY = "priority"
    SLA = "sla"
    NUMBER = "number"
    STATUS = "status"


class TagMatch(StrEnum):
    ANY = "any"  # at least one of the tags
    ALL = "all"


class StatusGroup(StrEnum):
    """Named sets of statuses the editor offers (Zendesk's "status category")."""

    UNSOLVED = "unsolved"
    WORKING = "working"
    DONE = "done"


STATUS_GROUPS: dict[StatusGroup, tuple[TicketStatus, ...]] = {
    StatusGroup.UNSOLVED: ACTIVE_STATUSES,
    StatusGroup.WORKING: WORKING_STATUSES,
    StatusGroup.DONE: DONE_STATUSES,
}

_STRICT = ConfigDict(extra="forbid", frozen=True)


def _unique(values) -> tuple:
    """Duplicates dropped, first order kept: ("open", "open") is the same filter as ("open",)."""
    return tuple(dict.fromkeys(values))


def _no_controls(value: str, code: str) -> str:
    """``value``, or ``code``'s refusal ("the name cannot hold control characters")."""
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") for ch in value):
        raise CodedValueError(code=code)
    return value


class TimeWindow(BaseModel):
    """Relative to the time the view is read: created (or updated) within the last
    ``within_hours``, and/or more than ``older_than_hours`` ago."""

    model_config = _STRICT
    within_hours: int | None = Field(default=None, ge=1, le=MAX_HOURS)
    older_than_hours: int | None = Field(default=None, ge=1, le=MAX_HOURS)

    @model_validator(mode="after")
    def _a_window(self) -> TimeWindow:
        if self.within_hours is None and self.older_than_hours is None:
            raise CodedValueError(code="view.time_needs_bound")
        if self.within_hours is not None and self.older_than_hours is not None \
                and self.older_than_hours >= self.within_hours:
            raise CodedValueError(code="view.time_matches_nothing")
        return self


class ViewFilters(BaseModel):
    """Every filter is optional; an empty one matches every ticket."""

    model_config = _STRICT
    statuses: tuple[TicketStatus, ...] = ()
    priorities: tuple[Priority, ...] = ()
    channels: tuple[Channel, ...] = ()
    assignee: str | None = None  # "me", "none" (unassigned) or an agent's UUID
    team: str | None = None  # "mine" (the reader's team) or a team's UUID
    tags: tuple[str, ...] = Field(default=(), max_length=TAGS_LIMIT)
    tags_match: TagMatch = TagMatch.ANY
    sla: tuple[SlaState, ...] = ()
    created: TimeWindow | None = None
    updated: TimeWindow | None = None
    text: str = Field(default="", max_length=TEXT_LIMIT)

    @field_validator("statuses", "priorities", "channels", "sla")
    @classmethod
    def _dedupe(cls, values: tuple) -> tuple:
        return _unique(values)

    @field_validator("assignee")
    @classmethod
    def _assignee(cls, value: str | None) -> str | None:
        return _me_none_or_uuid(value, ("me", "none"), "view.assignee_value")

    @field_validator("team")
    @classmethod
    def _team(cls, value: str | None) -> str | None:
        return _me_none_or_uuid(value, ("mine",), "view.team_value")

    @field_validator("tags")
    @classmethod
    def _tags(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        return _unique(rules.check_tag(tag) for tag in values)  # spelt as stored, or refused

    @field_validator("text")
    @classmethod
    def _text(cls, value: str) -> str:
        return _no_controls(value.strip(), "view.text_control")

    @model_validator(mode="after")
    def _bounded(self) -> ViewFilters:
        if self.conditions() > MAX_CONDITIONS:
            raise CodedValueError(code="view.too_many_conditions", most=MAX_CONDITIONS)
        return self

    def conditions(self) -> int:
        singles = (self.assignee, self.team, self.created, self.updated, self.text)
        return (len(self.statuses) + len(self.priorities) + len(self.channels) + len(self.tags) + len(self.sla)
                + sum(1 for v in singles if v))

    def empty(self) -> bool:
        return self.conditions() == 0


def _me_none_or_uuid(value: str | None, words: tuple[str, ...], code: str) -> str | None:
    if value is None or value == "":
        return None
    if value in words:
        return value
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise CodedValueError(code=code) from None


class ViewSort(BaseModel):
    model_config = _STRICT
    by: SortKey = SortKey.UPDATED
    # As in the inbox: descending means newest, most urgent or soonest due first.
    descending: bool = True


class ViewSpec(BaseModel):
    """A saved view's filters and sort: what ``saved_views.spec`` holds."""

    model_config = _STRICT
    v: Literal[1] = SPEC_VERSION
    filters: ViewFilters = ViewFilters()
    sort: ViewSort = ViewSort()

    def to_json(self) -> dict:
        """As stored: plain JSON, defaults left out (a spec stays small and readable)."""
        return self.model_dump(mode="json", exclude_defaults=True) | {"v": SPEC_VERSION}


def _printable(text: str, limit: int) -> str:
    """One line, a hostile key's control characters dropped, clipped: nothing is echoed raw."""
    line = "".join(ch for ch in " ".join(text.split()) if unicodedata.category(ch)[0] != "C")
    return line if len(line) <= limit else line[:limit] + "…"


def _one_line(exc: ValidationError) -> ViewError:
    """A pydantic error as one coded line: where, what, and how many more. Our own
    validators' refusals keep their codes (translated in the window); pydantic's own
    words (a wrong type, an unknown key) stay as it says them. The input is left out."""
    errors = exc.errors(include_url=False, include_input=False)
    first = errors[0]
    field = _printable(".".join(str(part) for part in first["loc"]) or "view", 120)
    cause = (first.get("ctx") or {}).get("error")
    detail: object = cause if getattr(cause, "code", None) else \
        _printable(str(first["msg"]).removeprefix("Value error, "), 160)
    if len(errors) > 1:
        return ViewError(code="view.spec_problems", field=field, detail=detail, more=len(errors) - 1)
    return ViewError(code="view.spec_problem", field=field, detail=detail)


def parse_spec(raw: Any) -> ViewSpec:
    """A stored or pushed spec (a dict, or its JSON text) as a ViewSpec, or ViewError."""
    if isinstance(raw, ViewSpec):
        return raw
    if isinstance(raw, (str, bytes)):
        if len(raw) > SPEC_BYTES:
            raise ViewError(code="view.spec_too_large", most=SPEC_BYTES // 1024)
        try:
            raw = json.loads(raw)
        except ValueError:
            raise ViewError(code="view.spec_not_json") from None
    if not isinstance(raw, dict):
        raise ViewError(code="view.spec_not_object")
    if len(json.dumps(raw, default=str)) > SPEC_BYTES:
        raise ViewError(code="view.spec_too_large", most=SPEC_BYTES // 1024)
    if raw.get("v", SPEC_VERSION) != SPEC_VERSION:
        raise ViewError(code="view.spec_version", version=rules._quoted(str(raw.get("v"))))
    try:
        return ViewSpec.model_validate(raw)
    except ValidationError as exc:
        raise _one_line(exc) from None


def check_name(name: Any) -> str:
    """A view's name as stored (trimmed), or ViewError."""
    if not isinstance(name, str) or not name.strip():
        raise ViewError(code="view.name_missing")
    name = " ".join(name.split())
    if len(name) > NAME_LIMIT:
        raise ViewError(code="view.name_length", most=NAME_LIMIT)
    try:
        return _no_controls(name, "view.name_control")
    except CodedValueError as exc:
        raise ViewError.like(exc) from None


def check_scope(scope: Any) -> ViewScope:
    if scope not in tuple(ViewScope):
        raise ViewError(code="view.invalid_scope", scope=rules._quoted(str(scope)))
    return ViewScope(scope)


# --- who may write which view -------------------------------------------------------
@dataclass(frozen=True)
class ViewActor:
    """Who is writing or reading a view, as the rule reads them."""

    id: uuid.UUID
    role: str
    team_id: uuid.UUID | None

    @classmethod
    def of(cls, agent) -> ViewActor:
        """From an ORM agent, a row of the agents table or anything with id, role, team_id."""
        return cls(agent.id, agent.role, agent.team_id)


def check_view_write(actor: ViewActor, scope: str, owner_id: uuid.UUID | None, team_id: uuid.UUID | None) -> None:
    """ViewError unless ``actor`` may create, change or delete a view of this scope,
    owner and team. Asked about the view as it is and as it will be.

    Personal views are their owner's alone. A team view is shared by a lead with their
    own team (an admin: with any team); the team's agents see it read-only and may
    duplicate it into their own views."""
    scope = check_scope(scope)
    if scope == ViewScope.PERSONAL:
        if team_id is not None:
            raise ViewError(code="view.personal_no_team")
        if owner_id != actor.id:
            raise ViewNotAllowed(code="view.personal_owner")
        return
    if actor.role not in LEAD_ROLES:
        raise ViewNotAllowed(code="view.share_leads_only")
    if team_id is None:
        raise ViewError(code="view.team_needed")
    if actor.role != "admin" and team_id != actor.team_id:
        raise ViewNotAllowed(code="view.own_team_only")


def can_see_view(actor: ViewActor, scope: str, owner_id: uuid.UUID | None, team_id: uuid.UUID | None) -> bool:
    """Whether the view is listed for ``actor``: their own, or shared with their team
    (admins see every team's)."""
    if scope == ViewScope.PERSONAL:
        return owner_id == actor.id
    if scope == ViewScope.TEAM:
        return actor.role == "admin" or (team_id is not None and team_id == actor.team_id)
    return False


def can_edit_view(actor: ViewActor, scope: str, owner_id: uuid.UUID | None, team_id: uuid.UUID | None) -> bool:
    try:
        check_view_write(actor, scope, owner_id, team_id)
    except ViewError:
        return False
    return True


@dataclass(frozen=True)
class CheckedView:
    name: str
    scope: ViewScope
    spec: ViewSpec


def check_view(name: Any, scope: Any, spec: Any) -> CheckedView:
    """Name, scope and spec of a view as they are stored, or ViewError naming the problem."""
    return CheckedView(check_name(name), check_scope(scope), parse_spec(spec))


# --- the inbox's filters as a view ------------------------------------------------------
def _builtin_filters(view: str) -> ViewFilters:
    """The built-in views (services/tickets.VIEWS) as filters."""
    return {
        "my_open": ViewFilters(assignee="me", statuses=WORKING_STATUSES),
        "unassigned": ViewFilters(assignee="none", statuses=ACTIVE_STATUSES),
        "urgent": ViewFilters(priorities=(Priority.URGENT,), statuses=ACTIVE_STATUSES),
        "sla_at_risk": ViewFilters(sla=(SlaState.BREACHED, SlaState.AT_RISK)),
        "pending": ViewFilters(statuses=(TicketStatus.PENDING,)),
    }.get(view, ViewFilters())


def _narrowed(base: tuple, extra: tuple) -> tuple:
    """Both sets of values at once. When they share none, the inbox shows no ticket and no
    view can say that; the one just picked (``extra``) is kept."""
    if not base or not extra:
        return base or extra
    both = tuple(v for v in base if v in extra)
    return both or extra


def merge_filters(base: ViewFilters, extra: ViewFilters) -> ViewFilters:
    """``base`` narrowed by ``extra``: a view with the inbox's extra filters applied."""
    tags = _unique((*base.tags, *extra.tags))
    text = " ".join(t for t in (base.text, extra.text) if t)
    return ViewFilters(
        statuses=_narrowed(base.statuses, extra.statuses), priorities=_narrowed(base.priorities, extra.priorities),
        channels=_narrowed(base.channels, extra.channels), assignee=extra.assignee or base.assignee,
        team=extra.team or base.team, tags=tags[:TAGS_LIMIT],
        tags_match=TagMatch.ALL if base.tags and extra.tags else (base.tags_match if base.tags else extra.tags_match),
        sla=_narrowed(base.sla, extra.sla), created=extra.created or base.created,
        updated=extra.updated or base.updated, text=text[:TEXT_LIMIT])


def spec_from_inbox(*, view: str = "all", base: ViewFilters | None = None, channel: str | None = None,
                    status: str | None = None, priority: str | None = None, assignee: str | None = None,
                    tag: str | None = None, text: str = "", sort: str = "updated", descending: bool = True,
                    me: uuid.UUID | None = None) -> ViewSpec:
    """The view the inbox shows now: a built-in view (or the saved view's ``base``
    filters) narrowed by the filter row, search and sort. ``assignee`` is the filter
    row's value: an agent's id (``me``'s becomes "me"), "none" or None."""
    who = None
    if assignee:
        who = "me" if me is not None and assignee == str(me) else assignee
    tags = (rules.normalize_tag(tag),) if tag and rules.normalize_tag(tag) else ()
    extra = ViewFilters(channels=(Channel(channel),) if channel else (), statuses=(TicketStatus(status),) if status else (),
                        priorities=(Priority(priority),) if priority else (), assignee=who, tags=tags, text=text)
    filters = merge_filters(base if base is not None else _builtin_filters(view), extra)
    by = SortKey(sort) if sort in tuple(SortKey) else SortKey.UPDATED
    if view == "sla_at_risk" and base is None and by == SortKey.UPDATED:
        by = SortKey.SLA  # the at-risk view reads soonest deadline first (services/tickets._sort_keys)
    return ViewSpec(filters=filters, sort=ViewSort(by=by, descending=descending))
