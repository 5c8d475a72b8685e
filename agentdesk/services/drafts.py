"""Reply drafts, saved as the agent types, so a restart or crash loses nothing: the text,
the mode, a macro's field changes staged for that reply (they go with the draft), and the
files waiting with it (services/attachments.py: draft_files)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.orm import Session

from agentdesk.models import Draft, utcnow
from agentdesk.services.templates import MacroChange, StagedChanges


@dataclass(frozen=True)
class DraftState:
    """What a composer holds for one ticket."""

    body: str
    mode: str = "reply"
    staged: StagedChanges | None = None  # a macro's changes, written when the reply is sent
    pending: tuple[MacroChange, ...] = ()  # their follow-ups as shown in the pending label


def _staged_json(staged: StagedChanges | None, pending) -> dict | None:
    if staged is None or staged.empty:
        return None
    return {"changes": staged.as_json(),
            "pending": [{"title": c.new, "due_at": c.due_at.isoformat() if c.due_at else None}
                        for c in pending if c.field == "follow_up"]}


def _pending(data) -> tuple[MacroChange, ...]:
    out = []
    for item in data if isinstance(data, list) else []:
        try:
            due = datetime.fromisoformat(item["due_at"]) if item.get("due_at") else None
            out.append(MacroChange("follow_up", None, str(item.get("title") or ""), due_at=due))
        except (TypeError, ValueError, KeyError, AttributeError):
            continue  # a label only: the changes themselves were checked
    return tuple(out)


def save_draft(session: Session, ticket_id: uuid.UUID, agent_id: uuid.UUID, body: str, mode: str = "reply",
               staged: StagedChanges | None = None, pending=()) -> None:
    """Keeps the draft (an empty one is dropped, with whatever it had staged)."""
    if not body.strip():
        # The text only: a screenshot pasted before a word was typed stays in the draft.
        session.execute(delete(Draft).where(Draft.ticket_id == ticket_id, Draft.agent_id == agent_id))
        return
    extra = _staged_json(staged, pending)
    d = session.get(Draft, (ticket_id, agent_id))
    if d is None:
        session.add(Draft(ticket_id=ticket_id, agent_id=agent_id, body=body, mode=mode, staged=extra))
    else:
        d.body, d.mode, d.staged, d.updated_at = body, mode, extra, utcnow()


def load_draft(session: Session, ticket_id: uuid.UUID, agent_id: uuid.UUID) -> tuple[str, str] | None:
    """(body, mode) or None."""
    d = session.get(Draft, (ticket_id, agent_id))
    return (d.body, d.mode) if d else None


def load_draft_state(session: Session, ticket_id: uuid.UUID, agent_id: uuid.UUID) -> DraftState | None:
    """The whole draft, staged changes included (None: no draft)."""
    d = session.get(Draft, (ticket_id, agent_id))
    if d is None:
        return None
    data = d.staged if isinstance(d.staged, dict) else {}
    staged = StagedChanges.from_json(data.get("changes")) if data else None
    return DraftState(d.body, d.mode or "reply", staged, _pending(data.get("pending")) if staged else ())


def clear_draft(session: Session, ticket_id: uuid.UUID, agent_id: uuid.UUID) -> None:
    """The whole draft goes: its text and the files waiting with it (sent or discarded)."""
    from agentdesk.services.attachments import clear_draft_files

    session.execute(delete(Draft).where(Draft.ticket_id == ticket_id, Draft.agent_id == agent_id))
    clear_draft_files(session, ticket_id, agent_id)
