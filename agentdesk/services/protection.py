"""Protecting agents from abusive customers (issue 13; Korean Occupational Safety and
Health Act art. 41): the warning scripts, ending an abusive contact, the protective
break, the lead's alerts and today's incidents for the wallboard. The rules are
agentdesk/protection_rules.py; the flow is docs/protection.md.

Every write goes through the ordinary services (``tickets.add_message``,
``tickets.update_ticket``, ``common.set_agent_status``) plus one ``ProtectionIncident``
row, in the caller's transaction: on a team desk the capture sends the message first
(``add_message`` flushes it), then the incident (``incident.record``), the ticket's
changes and the status, and the team server checks each again.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from agentdesk import protection_rules as pr
from agentdesk.models import DONE_STATUSES, LEAD_ROLES, Agent, Base, Customer, ProtectionIncident, Ticket, utcnow
from agentdesk.services import tickets
from agentdesk.services.common import audit, local_day, get_setting, rule_errors_as_invalid_value, set_agent_status
from agentdesk.services.tickets import MessageRow

T = Base.metadata.tables
NOTICE_LIMIT = 50  # new incidents read for a lead's alerts at once
# A lead is alerted of incidents this recent (a new desk's first sync brings older ones:
# they are history for the wallboard, not news).
ALERT_WINDOW = timedelta(hours=12)


@dataclass(frozen=True)
class IncidentRow:
    id: uuid.UUID
    agent_id: uuid.UUID
    agent_name: str
    ticket_id: uuid.UUID
    ticket_number: int
    team_id: uuid.UUID | None
    kind: str
    reason: str
    message_id: uuid.UUID | None
    protective: bool
    created_at: datetime


@dataclass(frozen=True)
class WarningSent:
    """A warning script: sent as a public reply, or (a phone ticket) to be read out and kept
    as a call log (``read_out``)."""

    incident: IncidentRow
    message: MessageRow
    read_out: bool


# --- the scripts -----------------------------------------------------------------------------
def warning_script(session: Session, ticket_ref, level: int) -> str:
    """The wording of warning ``level`` for this ticket's customer: the workspace's own
    (setting ``protection.warning_N.LANG``) or the default, Korean unless the customer's
    language is one we have a script in."""
    t = tickets.resolve_ticket(session, ticket_ref)
    language = session.scalar(select(Customer.language).where(Customer.id == t.customer_id)) \
        if t.customer_id is not None else None
    with rule_errors_as_invalid_value():
        lang = pr.script_language(language)
        own = get_setting(session, pr.setting_key(level, lang))
        return pr.check_script(own) if own else pr.default_script(level, lang)


# --- the agent's steps -------------------------------------------------------------------------
def _ticket_for(session: Session, agent: Agent, ticket_ref) -> Ticket:
    t = tickets.resolve_ticket(session, ticket_ref)
    with rule_errors_as_invalid_value():
        pr.check_recorder(agent.id, agent.role, agent.team_id, agent.id, t.team_id)
    return t


def _record(session: Session, agent: Agent, t: Ticket, kind: pr.IncidentKind, now: datetime, reason: str = "",
            message_id: uuid.UUID | None = None) -> IncidentRow:
    incident = ProtectionIncident(id=uuid.uuid4(), agent_id=agent.id, ticket_id=t.id, team_id=t.team_id, kind=str(kind),
                                  reason=reason, message_id=message_id, protective=pr.is_protective(kind),
                                  created_at=now, updated_at=now)
    session.add(incident)
    audit(session, agent, "protection_incident", incident.id, "record", {"kind": (None, str(kind)),
                                                                         "ticket": (None, t.number)}, at=now)
    session.flush()
    return IncidentRow(incident.id, agent.id, agent.name, t.id, t.number, t.team_id, str(kind), reason, message_id,
                       incident.protective, now)


def send_warning(session: Session, agent: Agent, ticket_id, level: int, now: datetime | None = None) -> WarningSent:
    """Warning ``level`` (1 or 2) on the ticket: the script goes out through the normal
    reply service (a call log on a phone ticket, to be read out), and the incident names it.
    A second warning without a first is allowed and recorded as it came (protection_rules)."""
    now = now or utcnow()
    with rule_errors_as_invalid_value():
        kind = pr.warning_kind(level)
    t = _ticket_for(session, agent, ticket_id)
    body = warning_script(session, t.id, level)
    message_kind = pr.script_kind(t.channel)
    message = tickets.add_message(session, t.id, agent, body, kind=message_kind, now=now)  # flushes: queued first
    incident = _record(session, agent, t, kind, now, message_id=message.id)
    return WarningSent(incident, message, read_out=message_kind == "call_log")


def end_contact(session: Session, agent: Agent, ticket_id, reason: str, now: datetime | None = None) -> IncidentRow:
    """Ends an abusive contact: the ticket is solved (protection_rules.END_STATUS) unless
    it is done already, tagged ``abusive-contact``, and the reason recorded. The
    conversation stays as it is: nothing is deleted or edited."""
    now = now or utcnow()
    t = _ticket_for(session, agent, ticket_id)
    with rule_errors_as_invalid_value():
        reason = pr.check_reason(pr.IncidentKind.ENDED, reason)
    status = None if t.status in DONE_STATUSES else pr.END_STATUS
    tickets.update_ticket(session, t.id, agent, status=status, add_tags=[pr.ABUSE_TAG], now=now)
    return _record(session, agent, t, pr.IncidentKind.ENDED, now, reason=reason)


def take_break(session: Session, agent: Agent, ticket_id, now: datetime | None = None, reason: str = "") -> IncidentRow:
    """A protective break after an abusive contact: the agent's status goes to break (its
    time in state starts now) and the incident names the contact it follows."""
    now = now or utcnow()
    t = _ticket_for(session, agent, ticket_id)
    with rule_errors_as_invalid_value():
        reason = pr.check_reason(pr.IncidentKind.BREAK, reason)
    set_agent_status(session, agent.id, "break", now)
    return _record(session, agent, t, pr.IncidentKind.BREAK, now, reason=reason)


# --- reading ----------------------------------------------------------------------------------
def _rows(session: Session, stmt) -> list[IncidentRow]:
    return [IncidentRow(i.id, i.agent_id, name or "?", i.ticket_id, number, i.team_id, i.kind, i.reason or "",
                        i.message_id, bool(i.protective), i.created_at)
            for i, name, number in session.execute(stmt)]


def _select():
    return (select(ProtectionIncident, Agent.name, Ticket.number)
            .join(Ticket, Ticket.id == ProtectionIncident.ticket_id)
            .outerjoin(Agent, Agent.id == ProtectionIncident.agent_id)
            .where(ProtectionIncident.deleted.is_(False)))


def incidents_today(session: Session, team_id: uuid.UUID | None, now: datetime, tz: tzinfo | str) -> list[IncidentRow]:
    """The team's incidents of the local day holding ``now`` (None: every team's), newest
    first: the wallboard's list (ix_protection_incidents_team_created)."""
    start, end = local_day(now, tz)
    stmt = _select().where(ProtectionIncident.created_at >= start, ProtectionIncident.created_at < end)
    if team_id is not None:
        stmt = stmt.where(ProtectionIncident.team_id == team_id)
    return _rows(session, stmt.order_by(ProtectionIncident.created_at.desc(), ProtectionIncident.id))


def incidents_on_ticket(session: Session, ticket_id: uuid.UUID) -> list[IncidentRow]:
    return _rows(session, _select().where(ProtectionIncident.ticket_id == ticket_id)
                 .order_by(ProtectionIncident.created_at, ProtectionIncident.id))


def abusive_ticket_ids():
    """The tickets whose contact ended as abusive (a subquery): what handle time and
    quality sampling leave out, with the ``abusive-contact`` tag."""
    return select(ProtectionIncident.ticket_id).where(ProtectionIncident.kind == pr.IncidentKind.ENDED,
                                                      ProtectionIncident.deleted.is_(False))


def unnotified(session: Session, lead: Agent, now: datetime | None = None,
               limit: int = NOTICE_LIMIT) -> tuple[list[IncidentRow], int]:
    """Recent incidents of the lead's team (an admin: every team's) by someone else that
    no alert has shown yet on this desk, oldest first (at most ``limit``), and how many in
    all. An agent gets none: alerts are for leads."""
    if lead.role not in LEAD_ROLES:
        return [], 0
    now = now or utcnow()
    cond = [ProtectionIncident.notified_at.is_(None), ProtectionIncident.agent_id != lead.id,
            ProtectionIncident.created_at >= now - ALERT_WINDOW]
    if lead.role != "admin":
        cond.append(ProtectionIncident.team_id == lead.team_id)
    stmt = _select().where(*cond)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    return _rows(session, stmt.order_by(ProtectionIncident.created_at, ProtectionIncident.id).limit(limit)), total


def mark_notified(session: Session, incident_ids, now: datetime | None = None) -> None:
    """The alerts for these incidents were shown on this desk (a local marker: a Core
    update, which a team desk's capture does not see and the server never gets)."""
    ids = list(incident_ids)
    if not ids:
        return
    table = T["protection_incidents"]
    session.execute(update(table).where(table.c.id.in_(ids), table.c.notified_at.is_(None))
                    .values(notified_at=now or utcnow(), updated_at=table.c.updated_at))
