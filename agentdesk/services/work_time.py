"""An agent's recorded time on a ticket (issue 13): talk, hold and after-contact work on a
call, worked time on a written ticket. Handle time (services/metrics.py) is summed from
these rows. An agent records only their own time, on a ticket they can work (their team's);
the rule itself is kpi.check_work, asked here, by the replica and by the team server's
``work.log`` handler. In a team profile the capture sends the row as ``work.log``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from agentdesk import kpi
from agentdesk.models import Agent, WorkSession
from agentdesk.services.common import InvalidValue, NotAllowed
from agentdesk.services.tickets import resolve_ticket


@dataclass(frozen=True)
class WorkRow:
    id: uuid.UUID
    agent_id: uuid.UUID
    ticket_id: uuid.UUID
    ticket_number: int
    kind: str
    started_at: datetime
    seconds: int


def record_work(session: Session, agent: Agent, ticket_id, kind: str, seconds: int, started_at: datetime,
                now: datetime) -> WorkRow:
    """Records ``seconds`` of ``kind`` work by ``agent`` (the signed-in agent: nobody
    records another's time) on a ticket they can see."""
    try:
        kind, seconds, started_at = kpi.check_work(kind, seconds, started_at, now)
    except kpi.WorkError as e:
        raise InvalidValue.like(e) from None
    t = resolve_ticket(session, ticket_id)
    if not kpi.may_work_on(agent.role, agent.team_id, t.team_id):
        raise NotAllowed(code="work.other_team", number=t.number)
    row = WorkSession(id=uuid.uuid4(), agent_id=agent.id, ticket_id=t.id, team_id=t.team_id, kind=kind, started_at=started_at,
                      seconds=seconds, updated_at=now)
    session.add(row)
    session.flush()
    return WorkRow(row.id, agent.id, t.id, t.number, kind, started_at, seconds)
