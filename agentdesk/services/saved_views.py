"""Saved views: an agent's own filtered inbox views, and views a lead shares with a team,
listed beside the six built-in views with their counts (issue 12). Used alike by the
window and the CLI.

A view is a name, a scope and a spec (filters and sort, services/view_spec.py). Who may
write which is view_spec.check_view_write, asked here, by the replica's capture and by
the team server. Everything returned is plain data, never live ORM objects.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, aliased

from agentdesk.catalogue import Phrase
from agentdesk.models import Agent, SavedView, Team, utcnow
from agentdesk.services.common import InvalidValue, NotAllowed, NotFound, audit, find_agent, parse_uuid
from agentdesk.services.tickets import VIEWS, TicketQuery, ViewCount, count_view
from agentdesk.services.view_spec import (
    VIEWS_PER_OWNER,
    ViewActor,
    ViewError,
    ViewNotAllowed,
    ViewScope,
    ViewSpec,
    can_edit_view,
    can_see_view,
    check_name,
    check_view,
    check_view_write,
    parse_spec,
)


@dataclass(frozen=True)
class SavedViewRow:
    id: uuid.UUID
    name: str
    scope: str  # personal / team
    owner_agent_id: uuid.UUID | None
    owner_name: str
    team_id: uuid.UUID | None
    team_name: str
    spec: ViewSpec
    position: int
    editable: bool  # the reader may change or delete it (their own, or their team's as its lead)
    updated_at: datetime | None

    def query(self, extra: TicketQuery | None = None) -> TicketQuery:
        """The inbox query of this view; ``extra``'s filter row and search narrow it."""
        q = TicketQuery(view="all", spec=self.spec.filters, sort=str(self.spec.sort.by),
                        descending=self.spec.sort.descending)
        if extra is not None:
            q = q.with_(channel=extra.channel, status=extra.status, priority=extra.priority, tag=extra.tag,
                        assignee=extra.assignee, text=extra.text)
        return q


@dataclass(frozen=True)
class ViewList:
    views: list[SavedViewRow]
    # One coded line ("view.skipped") for each stored view that could not be read; it is left out.
    problems: list[InvalidValue]


def _as_agent(session: Session, agent) -> Agent:
    if isinstance(agent, Agent):
        return agent
    if isinstance(agent, uuid.UUID):
        found = session.get(Agent, agent)
        if found is None or found.deleted:
            raise NotFound(code="agent.not_found", ref=agent)
        return found
    return find_agent(session, str(agent))


def _rule(check) -> None:
    """A view rule's refusal as the services say it: NotAllowed for who may, InvalidValue for what."""
    try:
        check()
    except ViewNotAllowed as exc:
        raise NotAllowed.like(exc) from None
    except ViewError as exc:
        raise InvalidValue.like(exc) from None


def _visible(actor: ViewActor):
    """Live views this agent may see: their own, and their team's (admins: every team's)."""
    own = (SavedView.scope == ViewScope.PERSONAL) & (SavedView.owner_agent_id == actor.id)
    if actor.role == "admin":
        team = SavedView.scope == ViewScope.TEAM
    elif actor.team_id is not None:
        team = (SavedView.scope == ViewScope.TEAM) & (SavedView.team_id == actor.team_id)
    else:
        return (SavedView.deleted.is_(False), own)
    return (SavedView.deleted.is_(False), own | team)


def list_views(session: Session, agent) -> ViewList:
    """The agent's own views, then those shared with their team, each in its order. A
    stored view that does not read as a view (a newer desk's, a damaged one) is left out
    with one line in ``problems``."""
    me = _as_agent(session, agent)
    actor = ViewActor.of(me)
    owner = aliased(Agent)
    personal_first = case((SavedView.scope == ViewScope.PERSONAL, 0), else_=1)
    stmt = (select(SavedView, owner.name, Team.name)
            .outerjoin(owner, owner.id == SavedView.owner_agent_id)
            .outerjoin(Team, Team.id == SavedView.team_id)
            .where(*_visible(actor))
            .order_by(personal_first, Team.name, SavedView.position, SavedView.name, SavedView.id)
            .limit(4 * VIEWS_PER_OWNER))
    views, problems = [], []
    for v, owner_name, team_name in session.execute(stmt):
        try:
            checked = check_view(v.name, v.scope, v.spec)
        except ViewError as exc:
            problems.append(InvalidValue(code="view.skipped", name=_label(v.name), error=exc))
            continue
        views.append(SavedViewRow(
            id=v.id, name=checked.name, scope=str(checked.scope), owner_agent_id=v.owner_agent_id,
            owner_name=owner_name or "", team_id=v.team_id, team_name=team_name or "", spec=checked.spec,
            position=v.position or 0, editable=can_edit_view(actor, v.scope, v.owner_agent_id, v.team_id),
            updated_at=v.updated_at))
    return ViewList(views, problems)


def _label(name) -> str | Phrase:
    """A stored name as a problem line quotes it: clipped, controls dropped."""
    text = "".join(ch for ch in str(name or "")[:60] if ch.isprintable())
    return f"“{text}”" if text else Phrase("view.unnamed")


def _load(session: Session, view_id, actor: ViewActor) -> SavedView:
    u = view_id if isinstance(view_id, uuid.UUID) else parse_uuid(str(view_id))
    v = session.get(SavedView, u) if u else None
    if v is None or v.deleted or not can_see_view(actor, v.scope, v.owner_agent_id, v.team_id):
        raise NotFound(code="view.not_found", ref=view_id)
    return v


def _row(session: Session, agent: Agent, view_id: uuid.UUID) -> SavedViewRow:
    return next(r for r in list_views(session, agent).views if r.id == view_id)


def get_view(session: Session, agent, view_id) -> SavedViewRow:
    me = _as_agent(session, agent)
    v = _load(session, view_id, ViewActor.of(me))
    try:
        return _row(session, me, v.id)
    except StopIteration:
        raise InvalidValue(code="view.unreadable", name=_label(v.name)) from None


def find_view(session: Session, agent, ref: str) -> SavedViewRow:
    """A view by id or by name (case-insensitive); the agent's own before a team's."""
    me = _as_agent(session, agent)
    listed = list_views(session, me)
    u = parse_uuid(ref)
    wanted = " ".join(str(ref).split()).casefold()
    for row in listed.views:
        if row.id == u or row.name.casefold() == wanted:
            return row
    names = ", ".join(r.name for r in listed.views[:10]) or Phrase("view.none_yet")
    raise NotFound(code="view.unknown", ref=str(ref)[:60], builtin=", ".join(VIEWS), names=names)


def _same_list(v_scope: str, owner_id, team_id):
    """Live views listed together with one of this scope, owner and team (names are unique there)."""
    if v_scope == ViewScope.PERSONAL:
        return (SavedView.deleted.is_(False), SavedView.scope == ViewScope.PERSONAL, SavedView.owner_agent_id == owner_id)
    return (SavedView.deleted.is_(False), SavedView.scope == ViewScope.TEAM, SavedView.team_id == team_id)


def _check_free(session: Session, name: str, scope: str, owner_id, team_id, exclude: uuid.UUID | None) -> None:
    names = session.execute(select(SavedView.id, SavedView.name).where(*_same_list(scope, owner_id, team_id))).all()
    if any(vid != exclude and n.casefold() == name.casefold() for vid, n in names):
        raise InvalidValue(code="view.name_taken_personal" if scope == ViewScope.PERSONAL else "view.name_taken_team",
                           name=name)
    if exclude is None and len(names) >= VIEWS_PER_OWNER:
        raise InvalidValue(code="view.list_full", most=VIEWS_PER_OWNER)


def save_view(session: Session, agent, *, name: str, spec, view_id=None, scope: str | None = None,
              team_id: uuid.UUID | None = None, now: datetime | None = None) -> SavedViewRow:
    """Creates (no ``view_id``) or changes a view. A team view is shared with the lead's
    own team (an admin names the team). Refused with one line: a bad name or filters, a
    name already in the list, or a view this agent may not write."""
    me = _as_agent(session, agent)
    actor = ViewActor.of(me)
    now = now or utcnow()
    v = _load(session, view_id, actor) if view_id is not None else None
    if v is not None:
        _rule(lambda: check_view_write(actor, v.scope, v.owner_agent_id, v.team_id))
    try:
        checked = check_view(name, scope or (v.scope if v is not None else ViewScope.PERSONAL), spec)
    except ViewError as exc:
        raise InvalidValue.like(exc) from None
    owner: uuid.UUID | None
    team: uuid.UUID | None
    if checked.scope == ViewScope.PERSONAL:
        owner, team = me.id, None
    else:
        team = team_id or (v.team_id if v is not None and v.scope == ViewScope.TEAM else None) or me.team_id
        owner = v.owner_agent_id if v is not None and v.scope == ViewScope.TEAM else me.id
    _rule(lambda: check_view_write(actor, checked.scope, owner, team))
    _check_free(session, checked.name, checked.scope, owner, team, v.id if v is not None else None)
    stored = checked.spec.to_json()
    if v is None:
        last = session.scalar(select(func.max(SavedView.position)).where(*_same_list(checked.scope, owner, team)))
        v = SavedView(id=uuid.uuid4(), name=checked.name, scope=str(checked.scope), owner_agent_id=owner, team_id=team,
                      spec=stored, position=(last + 1) if last is not None else 0, created_at=now, updated_at=now)
        session.add(v)
        session.flush()
        audit(session, me, "saved_view", v.id, "create", {"name": (None, checked.name), "scope": (None, checked.scope)})
    else:
        changes = {k: (old, new) for k, old, new in (
            ("name", v.name, checked.name), ("scope", v.scope, str(checked.scope)), ("spec", v.spec, stored),
            ("team_id", v.team_id, team)) if old != new}
        if changes:
            v.name, v.scope, v.spec, v.owner_agent_id, v.team_id = checked.name, str(checked.scope), stored, owner, team
            v.updated_at = now
            if v.scope == ViewScope.PERSONAL and "scope" in changes:
                last = session.scalar(select(func.max(SavedView.position)).where(*_same_list(v.scope, owner, None)))
                v.position = (last + 1) if last is not None else 0
            session.flush()
            audit(session, me, "saved_view", v.id, "update",
                  {k: ("…", "…") if k == "spec" else pair for k, pair in changes.items()})
    return _row(session, me, v.id)


def rename_view(session: Session, agent, view_id, name: str, now: datetime | None = None) -> SavedViewRow:
    me = _as_agent(session, agent)
    v = _load(session, view_id, ViewActor.of(me))
    return save_view(session, me, view_id=v.id, name=name, spec=v.spec, scope=v.scope, now=now)


def delete_view(session: Session, agent, view_id, now: datetime | None = None) -> None:
    """Soft-delete (a tombstone, so the deletion syncs)."""
    me = _as_agent(session, agent)
    actor = ViewActor.of(me)
    v = _load(session, view_id, actor)
    _rule(lambda: check_view_write(actor, v.scope, v.owner_agent_id, v.team_id))
    v.deleted = True
    v.updated_at = now or utcnow()
    audit(session, me, "saved_view", v.id, "delete", {"deleted": (False, True)})


def duplicate_view(session: Session, agent, view_id, name: str | None = None,
                   now: datetime | None = None) -> SavedViewRow:
    """A copy in the agent's own views (how an agent changes a view the team shares)."""
    me = _as_agent(session, agent)
    v = _load(session, view_id, ViewActor.of(me))
    try:
        spec = parse_spec(v.spec)
    except ViewError as exc:
        raise InvalidValue.like(exc) from None
    if name is None:
        taken = {n.casefold() for n in session.scalars(
            select(SavedView.name).where(*_same_list(ViewScope.PERSONAL, me.id, None)))}
        base = check_name(v.name)
        name = base
        n = 1
        while name.casefold() in taken:
            n += 1
            suffix = f" ({n})"
            name = base[:60 - len(suffix)] + suffix
    return save_view(session, me, name=name, spec=spec, scope=ViewScope.PERSONAL, now=now)


def move_view(session: Session, agent, view_id, step: int, now: datetime | None = None) -> None:
    """Moves the view one place up (``step`` -1) or down (+1) in its own list."""
    me = _as_agent(session, agent)
    actor = ViewActor.of(me)
    v = _load(session, view_id, actor)
    _rule(lambda: check_view_write(actor, v.scope, v.owner_agent_id, v.team_id))
    listed = list(session.scalars(select(SavedView).where(*_same_list(v.scope, v.owner_agent_id, v.team_id))
                                  .order_by(SavedView.position, SavedView.name, SavedView.id)))
    i = listed.index(v)
    j = max(0, min(len(listed) - 1, i + (1 if step > 0 else -1)))
    if i == j:
        return
    listed[i], listed[j] = listed[j], listed[i]
    now = now or utcnow()
    for position, row in enumerate(listed):
        if row.position != position:  # only rows whose place changed are written (and synced)
            row.position = position
            row.updated_at = now


def count_views(session: Session, agent_id: uuid.UUID | None, views: list[SavedViewRow],
                extra: TicketQuery | None = None, now: datetime | None = None) -> dict[uuid.UUID, ViewCount]:
    """{view id: count} with the inbox's filter row and search applied, as the built-in
    views are counted (tickets.count_view: exact from an index where the filters allow,
    else at least COUNT_CAP)."""
    now = now or utcnow()
    return {v.id: count_view(session, v.query(extra), agent_id, now) for v in views}


@dataclass(frozen=True)
class ViewCatalog:
    """What the inbox's list of saved views and the view editor need, read at once."""

    views: ViewList
    agents: list[tuple[uuid.UUID, str]]  # (id, name) of active agents, for the assignee filter
    teams: list[tuple[uuid.UUID, str]]  # (id, name), for the team filter and sharing
    my_team_id: uuid.UUID | None
    role: str


def view_catalog(session: Session, agent) -> ViewCatalog:
    me = _as_agent(session, agent)
    agents = [(r.id, r.name) for r in session.execute(
        select(Agent.id, Agent.name).where(Agent.deleted.is_(False)).order_by(Agent.name))]
    teams = [(r.id, r.name) for r in session.execute(
        select(Team.id, Team.name).where(Team.deleted.is_(False)).order_by(Team.name))]
    return ViewCatalog(list_views(session, me), agents, teams, me.team_id, me.role)
