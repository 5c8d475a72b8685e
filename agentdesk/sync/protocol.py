"""What client and server agree on: mutation shapes, merge vocabularies, error kinds."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC
from enum import StrEnum

from sqlalchemy import exc as sa_exc

from agentdesk.catalogue import CodedError
from agentdesk.rules import STATUS_TRANSITIONS, normalize_tag  # noqa: F401 (re-exported: ticket rules live there)

class Op(StrEnum):
    """Mutation ops (the outbox ``op`` column and the wire format's "op"); members equal
    their strings, so the outbox and the wire are unchanged."""

    TICKET_UPDATE = "ticket.update"  # payload {"fields": {name: [old, new]}}
    TAG_ADD = "ticket.tag_add"  # payload {"tag": str, "tag_id": uuid}
    TAG_REMOVE = "ticket.tag_remove"  # payload {"tag": str}
    # payload {"ticket_id", "kind", "body", "attachments"?: [{"id", "filename", "sha256"}]}: each file's
    # content uploaded first (POST /api/v1/blobs), the server taking size and type from what it received.
    MESSAGE_INSERT = "message.insert"
    FOLLOW_UP_INSERT = "follow_up.insert"  # payload {"title", "due_at", ...}
    FOLLOW_UP_UPDATE = "follow_up.update"  # payload {"fields": {name: [old, new]}} (snooze, done, edit, delete)
    AGENT_STATUS = "agent.status"  # payload {"status": [old, new]}: the agent's own availability
    TICKET_MERGE = "ticket.merge"  # payload {"target_id", "notes": {ticket_id: message_id}}: entity = the duplicate
    # The team's knowledge base and templates.
    KB_VOTE = "kb.vote"  # payload {"article_id", "helpful": bool, "vote_id", "ticket_id"}: counters move on the server
    KB_USE = "kb.use"  # payload {"article_id", "ticket_id", "kind", "at"}: an article used on a ticket
    KB_PROPOSE = "kb.propose"  # payload: the proposed article's fields (status 'proposed')
    KB_REVIEW = "kb.review"  # payload {"action": "publish"|"reject", "note"}: leads only
    TEMPLATE_SAVE = "template.save"  # payload {"fields": {...}}: the template as saved (last save wins)
    TEMPLATE_DELETE = "template.delete"  # payload {}: a tombstone
    # An agent's new customer and new ticket (issue 12); ids are the desk's, the ticket's
    # number and everything derived (status, SLA, counters) the server's.
    CUSTOMER_CREATE = "customer.create"  # payload {"name", "language", "contacts": [{"id", "kind", "value"}]}
    TICKET_CREATE = "ticket.create"  # payload {"subject", "channel", "priority", "category", "customer_id",
    # "assignee_id", "number" (provisional), "tags": [{"id", "tag"}], "message": {"id", "kind", "body"}}
    # The mentioned agent opened the ticket: payload {"read_at"} (for the desk's own rebase;
    # the server takes its own time). Mentions themselves never travel: the server
    # derives them from the note's text.
    MENTION_READ = "mention.read"
    # A customer's record, as agents edit it in the 360 pane (issue 12; who may: customer_rules.py).
    CUSTOMER_UPDATE = "customer.update"  # payload {"fields": {"name"|"notes": [old, new]}, "tags": {"add", "remove"}}
    CONTACT_UPSERT = "contact.upsert"  # payload {"customer_id", "kind", "value", "label", "is_primary"}: keys derived
    CONTACT_DELETE = "contact.delete"  # payload {}: a tombstone
    # Saved inbox views: an agent's own, or shared with a team by its lead (issue 12).
    VIEW_SAVE = "view.save"  # payload {"fields": {...}}: the view as saved (last save wins)
    VIEW_DELETE = "view.delete"  # payload {}: a tombstone
    # A knowledge article marked internal or public (issue 12).
    KB_VISIBILITY = "kb.visibility"  # payload {"visibility": [old, new]}: public/internal, leads only
    # Quality reviews (issue 13): a lead's review of a handled ticket (the server computes the
    # score from the points, agentdesk/review_rules.py), and a team's rubric.
    REVIEW_SAVE = "review.save"  # payload {"ticket_id", "agent_id", "rubric_id", "scores", "comments", "comment"}
    RUBRIC_SAVE = "rubric.save"  # payload {"fields": {"team_id", "name", "items", "active"}}
    # Routing (issue 13; the rules in agentdesk/routing.py). entity_id = routing.rules_id(team).
    ROUTING_SAVE = "routing.save"  # payload {"team_id", "mode", "priority_rules": [...]}: a lead's, the latest wins
    AGENT_PROFILE = "agent.profile"  # payload {"capacity"?: int, "skills"?: {...}}: entity = the agent
    # An agent-protection incident (issue 13, protection_rules.py): the agent's own, on a
    # ticket of their team; the server stamps its time, team and protective flag.
    INCIDENT_RECORD = "incident.record"  # payload {"ticket_id", "kind", "reason", "message_id"}
    # An agent's own time on a ticket (issue 13): payload {"ticket_id", "kind", "seconds", "started_at"}.
    WORK_LOG = "work.log"
    # FAQ auto-response (issue 14; the rules in agentdesk/autoresponse_rules.py). entity_id =
    # autoresponse_rules.settings_id(team, channel).
    AUTORESPONSE_SAVE = "autoresponse.save"  # payload {"team_id", "channel", "enabled", "threshold", "categories"}
    # Training (issue 15; the rules in agentdesk/training_rules.py). A trainer's scenario
    # (entity_id = training_rules.scenario_row_id(team, key); the server parses the source
    # again), an assignment, and a trainee's own attempt (the server recomputes the scorecard).
    TRAINING_SCENARIO_SAVE = "training.scenario_save"  # payload {"team_id", "source", "format", "deleted"}
    TRAINING_ASSIGN = "training.assign"  # payload {"trainee_id", "scenario_key", "mode", "due_at", "note", "deleted"}
    # payload {"scenario_key", "scenario_sha256", "mode", "assignment_id", "started_at", "clock_end", "actions"}
    TRAINING_ATTEMPT = "training.attempt"
    # Knowledge-search synonyms (issue 16; the rules in agentdesk/kb_learning_rules.py). entity_id =
    # kb_learning_rules.synonym_id(team, phrase).
    KB_SYNONYM_SAVE = "kb.synonym_save"  # payload {"team_id", "phrase", "words", "status", "deleted"}


class Entity(StrEnum):
    """What a mutation is about (the outbox ``entity`` column, a conflict's entity)."""

    TICKET = "ticket"
    MESSAGE = "message"
    FOLLOW_UP = "follow_up"
    AGENT = "agent"
    ARTICLE_VOTE = "article_vote"
    ARTICLE_USE = "article_use"
    KB_ARTICLE = "kb_article"
    TEMPLATE = "template"
    CUSTOMER = "customer"
    MENTION = "mention"
    CONTACT = "contact_point"
    SAVED_VIEW = "saved_view"
    QUALITY_REVIEW = "quality_review"
    RUBRIC = "rubric"
    ROUTING_RULES = "routing_rules"
    PROTECTION_INCIDENT = "protection_incident"
    WORK_SESSION = "work_session"
    AUTORESPONSE_SETTINGS = "autoresponse_settings"
    TRAINING_SCENARIO = "training_scenario"
    TRAINING_ASSIGNMENT = "training_assignment"
    TRAINING_ATTEMPT = "training_attempt"
    KB_SYNONYM = "kb_synonym"


# The ops by their old module-level names (handlers and tests spell them p.TAG_ADD).
TICKET_UPDATE, TAG_ADD, TAG_REMOVE = Op.TICKET_UPDATE, Op.TAG_ADD, Op.TAG_REMOVE
MESSAGE_INSERT, FOLLOW_UP_INSERT, FOLLOW_UP_UPDATE = Op.MESSAGE_INSERT, Op.FOLLOW_UP_INSERT, Op.FOLLOW_UP_UPDATE
AGENT_STATUS, TICKET_MERGE = Op.AGENT_STATUS, Op.TICKET_MERGE
KB_VOTE, KB_USE, KB_PROPOSE, KB_REVIEW = Op.KB_VOTE, Op.KB_USE, Op.KB_PROPOSE, Op.KB_REVIEW
KB_VISIBILITY = Op.KB_VISIBILITY
TEMPLATE_SAVE, TEMPLATE_DELETE = Op.TEMPLATE_SAVE, Op.TEMPLATE_DELETE
MENTION_READ = Op.MENTION_READ
VIEW_SAVE, VIEW_DELETE = Op.VIEW_SAVE, Op.VIEW_DELETE
INCIDENT_RECORD = Op.INCIDENT_RECORD
OPS: tuple[Op, ...] = tuple(Op)
TEMPLATE_FIELDS = ("title", "body", "category", "language", "shortcut", "scope", "prompts", "macro",
                   "owner_agent_id", "team_id")
VIEW_FIELDS = ("name", "scope", "spec", "position", "owner_agent_id", "team_id")
REVIEW_FIELDS = ("ticket_id", "agent_id", "rubric_id", "scores", "comments", "comment")
RUBRIC_FIELDS = ("team_id", "name", "items", "active")
KB_PROPOSAL_FIELDS = ("title", "body", "category", "tags", "language", "proposal_of_id")
# What a contact.upsert carries: the lookup keys (normalized, search_key) are never sent,
# each side derives them (agentdesk/customer_rules.py).
CONTACT_FIELDS = ("customer_id", "kind", "value", "label", "is_primary")
# What an incident.record carries; its agent, team, time and protective flag are the server's.
INCIDENT_FIELDS = ("ticket_id", "kind", "reason", "message_id")

# Follow-up fields an update may carry. A follow-up is its owner's alone, so a field
# applies if the server still has the old value; otherwise the server's value stays
# (the owner edited it from another machine) and the loss is recorded.
FOLLOW_UP_FIELDS = ("title", "notes", "kind", "due_at", "status", "rrule", "tz", "remind_at", "completed_at",
                    "ticket_id", "customer_id", "ical_uid", "deleted")
FOLLOW_UP_DATETIMES = ("due_at", "remind_at", "completed_at")

# Ticket fields a mutation may set, and how a concurrent change to each is merged.
FIELD_RULES = {
    "status": "transition",  # applies if the server's current status may move to it
    "assignee_id": "first_wins",  # first committed assignment stays
    "priority": "first_wins",
    "category": "first_wins",
    "subject": "text",  # server text stays; the losing text becomes an internal note
}

# A bulk action's mark (services/bulk.py): its ticket mutations carry payload["audit"] =
# {"bulk": id} (or {"bulk_undo": id of the action undone}), and the server writes it into
# the audit entry of each, so the team's trail reads the action as one. The services put
# it in session.info under SESSION_AUDIT_KEY for the capture to send along.
AUDIT_MARKS = ("bulk", "bulk_undo")
SESSION_AUDIT_KEY = "agentdesk_bulk_audit"
# Set in session.info of a team desk's replica sessions (sync/capture.py): the services
# then leave to the team server what only it may do (routing a new ticket, age rules).
SESSION_REPLICA_KEY = "agentdesk_replica"

# Pulled in this order (parents before children); tickets.merged_into_id points at
# tickets, so the replica defers foreign keys to the end of the pull transaction.
PULL_TABLES = (
    "teams", "agents", "customers", "contact_points", "products", "orders", "order_items",
    "tickets", "ticket_tags", "messages", "attachments", "mentions", "protection_incidents", "follow_ups", "audit_log",
    "sync_conflicts", "feedback", "templates", "kb_articles", "article_votes", "saved_views", "rubrics", "quality_reviews",
    "routing_rules", "work_sessions", "autoresponse_settings",
    "training_scenarios", "training_assignments", "training_attempts", "kb_synonyms", "kb_meanings",
)

NOTIFY_CHANNEL = "agentdesk_sync"

# An agent's login: lower-case, so desks, the server and agents.login agree without
# case-folding surprises; 63 characters (it was a PostgreSQL role name before the team
# server, and old logins must stay valid).
_LOGIN_RE = re.compile(r"[a-z][a-z0-9._-]{0,62}")
_RESERVED_LOGINS = ("public", "agentdesk_agent", "agentdesk_trainer", "agentdesk_lead", "agentdesk_admin",
                    "agentdesk_server")


class LoginError(ValueError):
    """A login that is not valid; one line for the user."""


def check_login(login: str) -> str:
    if not isinstance(login, str) or not _LOGIN_RE.fullmatch(login):
        raise LoginError(
            f"invalid login {login!r}: use 1-63 lower-case letters, digits, '.', '_' or '-', starting with a letter")
    if login.startswith("pg_") or login in _RESERVED_LOGINS:
        raise LoginError(f"invalid login {login!r}: that name is reserved")
    return login


def clip(value, limit: int = 40) -> str:
    """A value quoted in a refusal, cut short: a hostile megabyte is not echoed back or stored."""
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def plain(value) -> str | None:
    """A field value as it travels in JSON (UUIDs and everything else as text)."""
    return None if value is None else str(value)


def wire(value):
    """A follow-up field value as it travels and is compared: datetimes as UTC ISO text,
    UUIDs as text, booleans and None as they are."""
    from datetime import datetime

    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    return str(value)


def mutation_uuid(mutation_id: uuid.UUID, what: str) -> uuid.UUID:
    """Ids of rows a mutation creates on the server (audit entry, conflict, note):
    derived from the mutation id, so even a replay that slipped past the mutation
    table could not insert them twice."""
    return uuid.uuid5(mutation_id, what)


class Rejected(CodedError):
    """The server refuses the mutation for good (validation, permission): the message is
    shown to the agent and the mutation leaves the queue. Its code and params travel with
    the English message, so the desk shows it in the agent's language."""


def is_transient(error: BaseException) -> bool:
    """Worth retrying later: the server could not be reached, the connection dropped,
    a deadlock or serialization failure. Everything else is kept too (never dropped),
    but reported as stuck."""
    if isinstance(error, (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError, OSError)):
        return True
    return isinstance(error, sa_exc.DBAPIError) and error.connection_invalidated


@dataclass
class Conflict:
    """One losing (or rejected) write, as the server reports it to the client."""

    id: str
    mutation_id: str
    kind: str  # conflict / rejected
    entity: str
    entity_id: str | None
    field: str
    mine: str | None
    theirs: str | None
    resolution: str  # kept_server / applied / note / rejected
    message: str
    agent_id: str | None = None
    other_agent_id: str | None = None


@dataclass
class PushResult:
    pushed: int = 0
    applied: int = 0
    rejected: int = 0
    conflicts: list[dict] = field(default_factory=list)
    error: str = ""  # the transient error that stopped this push, if any
