"""Shared service pieces: user-facing errors, the acting agent, the audit trail, SLA policy."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, time, timedelta, tzinfo
from typing import TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from agentdesk.catalogue import CodedError
from agentdesk.models import Agent, AuditEntry, WorkspaceSetting, utcnow
from agentdesk.rules import RuleError, sla_due_times, sla_next_due  # noqa: F401 (sla_*: re-exported, older imports)


class ServiceError(CodedError):
    """A problem the user can act on; its message is one clear line. Raised with a
    ``code`` (and params) from agentdesk/catalogue.py, which the window translates."""


class NotFound(ServiceError):
    pass


class InvalidValue(ServiceError):
    pass


class NotAllowed(ServiceError):
    """The acting agent's role does not permit this (e.g. an agent publishing an article)."""




@contextmanager
def rule_errors_as_invalid_value() -> Iterator[None]:
    """A ticket rule's refusal (agentdesk.rules.RuleError) reaches the agent as InvalidValue."""
    try:
        yield
    except RuleError as e:
        raise InvalidValue.like(e) from None


def check_choice(field: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise InvalidValue(code="value.invalid_choice", field=field, value=value, allowed=", ".join(allowed))
    return value


def parse_uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


# --- the acting agent -------------------------------------------------------------
CURRENT_AGENT_KEY = "current_agent_login"
T = TypeVar("T")


def get_setting(session: Session, key: str) -> str | None:
    row = session.get(WorkspaceSetting, key)
    return row.value if row else None


# A read that does not change inside a batch of the gateway's sinks (gateway/sink.py): the
# routing rules of a team, the thread secret. The sink puts a dict here at the start of each
# batch transaction; without one (every other caller) each read goes to the database.
BATCH_READS_KEY = "agentdesk.batch_reads"


def batch_read(session: Session, key: object, load: Callable[[], T]) -> T:
    """``load()``, remembered for the rest of the session's batch when the caller opened one
    (``session.info[BATCH_READS_KEY]``); read every time otherwise."""
    cache = session.info.get(BATCH_READS_KEY)
    if cache is None:
        return load()
    if key not in cache:
        cache[key] = load()
    return cache[key]


def set_setting(session: Session, key: str, value: str) -> None:
    row = session.get(WorkspaceSetting, key)
    if row:
        row.value = value
    else:
        session.add(WorkspaceSetting(key=key, value=value))


def current_agent(session: Session, login: str | None = None) -> Agent:
    """--agent / AGENTDESK_AGENT, else the workspace's signed-in agent, else the first agent."""
    login = login or os.environ.get("AGENTDESK_AGENT") or get_setting(session, CURRENT_AGENT_KEY)
    if login:
        agent = session.scalar(select(Agent).where(Agent.login == login, Agent.deleted.is_(False)))
        if agent is None:
            raise NotFound(code="agent.no_login", login=login)
        return agent
    agent = session.scalar(
        select(Agent).where(Agent.deleted.is_(False), Agent.role == "agent").order_by(Agent.login).limit(1)
    )
    if agent is None:
        agent = session.scalar(select(Agent).where(Agent.deleted.is_(False)).order_by(Agent.login).limit(1))
    if agent is None:
        raise NotFound(code="agent.none_yet")
    return agent


def find_agent(session: Session, ref: str) -> Agent:
    """An agent by login, UUID or exact name."""
    u = parse_uuid(ref)
    if u is not None:
        # By primary key: found in the session's identity map after the first time (a bulk
        # assignment of 1,000 tickets asks 1,000 times).
        agent = session.get(Agent, u)
        agent = agent if agent is not None and not agent.deleted else None
    else:
        agent = session.scalar(select(Agent).where((Agent.login == ref) | (Agent.name == ref),
                                                   Agent.deleted.is_(False)).limit(1))
    if agent is None:
        raise NotFound(code="agent.not_found", ref=ref)
    return agent


def audit(session: Session, actor: Agent | None, entity: str, entity_id: uuid.UUID, action: str, changes: dict,
          at: datetime | None = None) -> None:
    """Append one entry; values are stringified so the JSON column takes anything. ``at``:
    the time the change is stamped with (the service's ``now``, so a ticket's events and
    messages line up in its timeline)."""
    plain = {k: [None if v is None else str(v) for v in pair] for k, pair in changes.items()}
    session.add(
        AuditEntry(actor_agent_id=actor.id if actor else None, entity=entity, entity_id=entity_id, action=action,
                   changes=plain, at=at or utcnow())
    )


# --- SLA policy -------------------------------------------------------------------
# The targets and deadlines (sla_due_times, sla_next_due) are ticket rules, in
# agentdesk/rules.py; what is here is how the window shows them.
AT_RISK_WINDOW = timedelta(hours=1)  # amber from an hour before a deadline


def sla_state(due: datetime | None, now: datetime | None = None) -> str:
    """'none', 'ok', 'at_risk' or 'breached'."""
    if due is None:
        return "none"
    now = now or utcnow()
    if due <= now:
        return "breached"
    if due - now <= AT_RISK_WINDOW:
        return "at_risk"
    return "ok"


def format_countdown(due: datetime | None, now: datetime | None = None) -> str:
    """'2h 05m', '-0h 12m' once breached; '' without a deadline."""
    if due is None:
        return ""
    now = now or utcnow()
    secs = int((due - now).total_seconds())
    sign = "-" if secs < 0 else ""
    secs = abs(secs)
    days, rem = divmod(secs, 86400)
    hours, rem = divmod(rem, 3600)
    minutes = rem // 60
    if days:
        return f"{sign}{days}d {hours}h"
    return f"{sign}{hours}h {minutes:02d}m"


# --- agents ---------------------------------------------------------------------------
def list_agents(session: Session) -> list[tuple[uuid.UUID, str, str]]:
    """(id, login, name) of every active agent, by name."""
    return [(r.id, r.login, r.name) for r in session.execute(
        select(Agent.id, Agent.login, Agent.name).where(Agent.deleted.is_(False)).order_by(Agent.name))]


def set_agent_status(session: Session, agent_id: uuid.UUID, status: str, now: datetime | None = None) -> None:
    """The agent's own chosen state (agentdesk/agent_states.py: an old desk's 'busy' and
    'away' are taken as after-contact work and break); ``status_since`` moves with it."""
    from agentdesk import agent_states

    agent = session.get(Agent, agent_id)
    if agent is None:
        raise NotFound(code="agent.gone")
    now = now or utcnow()
    try:
        values = agent_states.change(agent.status, status, now)
    except agent_states.StateError as e:
        raise InvalidValue.like(e) from None
    if values:
        audit(session, agent, "agent", agent.id, "status", {"status": (agent.status, values["status"])}, at=now)
        agent.status = values["status"]
        agent.status_since = values["status_since"]


def local_day(now: datetime, tz: tzinfo | str) -> tuple[datetime, datetime]:
    """The local calendar day holding ``now`` in ``tz``, as a UTC range [start, end); each
    end at that day's own offset (a daylight-saving day has 23 or 25 hours)."""
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    day = now.astimezone(zone).date()
    start = datetime.combine(day, time(0), zone)
    end = datetime.combine(day + timedelta(days=1), time(0), zone)
    return start.astimezone(UTC), end.astimezone(UTC)
