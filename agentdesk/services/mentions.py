"""@mentions: storing who a note mentions, the mentioned agent's unread list and toasts,
marking them read. The rules (what a mention is, who may be mentioned, row ids) are
agentdesk/mention_rules.py; this is where they meet the database.

``store_mentions`` works on a plain Connection, so the same code writes the rows for the
local services (inside the ORM session's transaction), for a team desk's replica applying
a queued note, and for the team server deriving them from the note it received.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Table, and_, func, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from agentdesk import mention_rules
from agentdesk.models import Agent, Base, Mention, Message, Ticket, utcnow

T: dict[str, Table] = Base.metadata.tables
NOTICE_LIMIT = 50  # new mentions read for toasts at once (more: one summary toast says how many)
PREVIEW_CHARS = 120


@dataclass(frozen=True)
class AgentEntry:
    """An agent the composer's @ completer offers."""

    id: uuid.UUID
    login: str
    name: str
    team_id: uuid.UUID | None
    role: str


@dataclass(frozen=True)
class MentionNotice:
    """A mention of the agent, as a toast shows it."""

    id: uuid.UUID
    ticket_id: uuid.UUID
    ticket_number: int
    ticket_subject: str
    author_name: str
    preview: str  # the note's first non-empty line, clipped (not yet masked: the window masks)
    created_at: datetime


# --- writing ------------------------------------------------------------------------------
def store_mentions(conn: Connection, *, message_id: uuid.UUID, ticket_id: uuid.UUID, ticket_team_id,
                   kind: str, body: str, author_id: uuid.UUID | None, now: datetime) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """Writes a row for each colleague the new message mentions (mention_rules decides who)
    and returns [(mention id, agent id)] of the rows written. Rows already there (a note
    re-applied on a replica) are left as they are."""
    if not mention_rules.notifies(kind):
        return []
    candidates = mention_rules.candidate_logins(body)
    if not candidates:
        return []
    agents = T["agents"]
    known = [mention_rules.Colleague(r.id, r.login, r.team_id, r.role, r.deleted) for r in conn.execute(
        select(agents.c.id, agents.c.login, agents.c.team_id, agents.c.role, agents.c.deleted)
        .where(agents.c.login.in_(sorted(candidates))))]
    who = mention_rules.mentions_to_store(kind, body, author_id, ticket_team_id, known)
    if not who:
        return []
    mentions = T["mentions"]
    rows = {mention_rules.mention_id(message_id, a.id): a.id for a in who}
    present = set(conn.scalars(select(mentions.c.id).where(mentions.c.id.in_(list(rows)))))
    fresh = [(mid, aid) for mid, aid in rows.items() if mid not in present]
    if fresh:
        conn.execute(insert(mentions), [{"id": mid, "message_id": message_id, "ticket_id": ticket_id,
                                         "mentioned_agent_id": aid, "created_at": now, "updated_at": now,
                                         "deleted": False, "rev": 0} for mid, aid in fresh])
    return fresh


def mark_read(session: Session, agent_id: uuid.UUID, ticket_id: uuid.UUID, now: datetime | None = None) -> int:
    """The agent opened the ticket: their unread mentions on it are read. Returns how many.
    ORM writes, so a team desk's capture sends each as a mention.read mutation."""
    now = now or utcnow()
    rows = session.scalars(select(Mention).where(
        Mention.mentioned_agent_id == agent_id, Mention.ticket_id == ticket_id, Mention.read_at.is_(None),
        Mention.deleted.is_(False))).all()
    for row in rows:
        row.read_at = now
        row.notified_at = row.notified_at or now  # read: never worth a toast any more
    return len(rows)


def mark_notified(session: Session, agent_id: uuid.UUID, mention_ids, now: datetime | None = None) -> None:
    """The toasts for these mentions were shown on this desk (a local marker: a Core
    update, which a team desk's capture does not see and the server never gets)."""
    ids = list(mention_ids)
    if not ids:
        return
    mentions = T["mentions"]
    session.execute(update(mentions).where(mentions.c.id.in_(ids), mentions.c.mentioned_agent_id == agent_id,
                                           mentions.c.notified_at.is_(None))
                    .values(notified_at=now or utcnow(), updated_at=mentions.c.updated_at))


# --- reading -----------------------------------------------------------------------------
def _mine(agent_id: uuid.UUID):
    return (Mention.mentioned_agent_id == agent_id, Mention.deleted.is_(False))


def _first_line(body: str) -> str:
    line = next((ln.strip() for ln in (body or "").splitlines() if ln.strip()), "")
    return line if len(line) <= PREVIEW_CHARS else line[:PREVIEW_CHARS - 1] + "…"


def unnotified(session: Session, agent_id: uuid.UUID, limit: int = NOTICE_LIMIT) -> tuple[list[MentionNotice], int]:
    """Unread mentions of the agent that no toast has shown yet on this desk, oldest
    first (at most ``limit``), and how many there are in all."""
    cond = (*_mine(agent_id), Mention.read_at.is_(None), Mention.notified_at.is_(None),
            Ticket.deleted.is_(False), Message.deleted.is_(False))
    base = (select(Mention, Ticket.number, Ticket.subject, Message.body, Message.author_name, Agent.name)
            .join(Ticket, Ticket.id == Mention.ticket_id)
            .join(Message, Message.id == Mention.message_id)
            .outerjoin(Agent, Agent.id == Message.author_agent_id)
            .where(*cond))
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    rows = session.execute(base.order_by(Mention.created_at, Mention.id).limit(limit)).all()
    return [MentionNotice(m.id, m.ticket_id, number, subject, name or author or "?", _first_line(body), m.created_at)
            for m, number, subject, body, author, name in rows], total


def unread_ticket_ids(session: Session, agent_id: uuid.UUID) -> set[uuid.UUID]:
    """Tickets where the agent has mentions not yet read (opening one marks them read)."""
    return set(session.scalars(select(Mention.ticket_id).where(*_mine(agent_id), Mention.read_at.is_(None)).distinct()))


def unread_count(session: Session, agent_id: uuid.UUID) -> int:
    return session.scalar(select(func.count()).select_from(Mention).where(*_mine(agent_id), Mention.read_at.is_(None))) or 0


def mentioned_tickets(agent_id: uuid.UUID | None, unread_only: bool = False):
    """The inbox's Mentions view: tickets where this agent was mentioned (a subquery over
    ix_mentions_agent_ticket; an agent's mentions are few next to a million tickets)."""
    cond = [*_mine(agent_id)] if agent_id is not None else [Mention.id.is_(None)]
    if unread_only:
        cond.append(Mention.read_at.is_(None))
    return Ticket.id.in_(select(Mention.ticket_id).where(and_(*cond)))


def agent_directory(session: Session) -> list[AgentEntry]:
    """Every active agent, by name: what the @ completer offers (the pane keeps those
    who can see the open ticket, mention_rules.may_be_mentioned)."""
    return [AgentEntry(r.id, r.login, r.name, r.team_id, r.role) for r in session.execute(
        select(Agent.id, Agent.login, Agent.name, Agent.team_id, Agent.role)
        .where(Agent.deleted.is_(False)).order_by(Agent.name, Agent.login))]
