"""Reply drafts, saved as the agent types, so a restart or crash loses nothing. A draft is
its text and the files waiting with it (services/attachments.py: draft_files)."""

from __future__ import annotations

import uuid

from sqlalchemy import delete
from sqlalchemy.orm import Session

from agentdesk.models import Draft, utcnow


def save_draft(session: Session, ticket_id: uuid.UUID, agent_id: uuid.UUID, body: str, mode: str = "reply") -> None:
    if not body.strip():
        # The text only: a screenshot pasted before a word was typed stays in the draft.
        session.execute(delete(Draft).where(Draft.ticket_id == ticket_id, Draft.agent_id == agent_id))
        return
    d = session.get(Draft, (ticket_id, agent_id))
    if d is None:
        session.add(Draft(ticket_id=ticket_id, agent_id=agent_id, body=body, mode=mode))
    else:
        d.body, d.mode, d.updated_at = body, mode, utcnow()


def load_draft(session: Session, ticket_id: uuid.UUID, agent_id: uuid.UUID) -> tuple[str, str] | None:
    """(body, mode) or None."""
    d = session.get(Draft, (ticket_id, agent_id))
    return (d.body, d.mode) if d else None


def clear_draft(session: Session, ticket_id: uuid.UUID, agent_id: uuid.UUID) -> None:
    """The whole draft goes: its text and the files waiting with it (sent or discarded)."""
    from agentdesk.services.attachments import clear_draft_files

    session.execute(delete(Draft).where(Draft.ticket_id == ticket_id, Draft.agent_id == agent_id))
    clear_draft_files(session, ticket_id, agent_id)
