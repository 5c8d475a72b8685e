"""The team database's security: roles, grants, row-level security, the audit trail.

`agentdesk admin init-server` applies everything here as the database's owner, after the
Alembic migrations; it is idempotent, so re-running it after an upgrade re-applies the
rules to the tables that upgrade added. Plain Python and SQL: no Qt.

Agents hold no database credentials. Only the team server (`agentdesk server`) connects,
as its own role ``agentdesk_server`` (LOGIN, NOINHERIT, not the owner, no BYPASSRLS). It
signs agents in itself (server/auth.py) and runs each request's reads and writes with
``SET LOCAL ROLE agentdesk_<role>`` and the transaction setting ``agentdesk.agent_id``
naming the agent (server/scope.py). The grants and policies below are the second wall:
a bug in the server still cannot read or write across teams.

- NOINHERIT: outside a request the server's role has only what is granted to it by
  name (sign-in tables, agents, the clock); the group roles' rights come with SET ROLE.
- Tickets: agents, trainers and leads read and write only tickets of their team
  (``agents.team_id``) and cannot move a ticket to another team; tickets without a team
  are for admins (triage). Only leads (their team) and admins may DELETE a ticket.
- Messages, tags, attachments and @mentions follow their ticket; an attachment's content
  is readable where an attachment the agent can see names it, and is never updated; only
  the mentioned agent marks a mention read. A customer (and their contact points, products,
  orders, order items and feedback) is visible when the customer has a ticket in the
  agent's team (no cross-team customer directory).
- The audit trail is append-only: no role is granted UPDATE/DELETE/TRUNCATE, and a
  trigger refuses those statements even from the table owner (and superusers' DML),
  except the sync engine's one-time stamp of ``rev`` (0 → the version its transaction
  took from sync_clock, nothing else changed).
- ``agent_credentials`` and ``server_sessions`` are the server role's alone: no group
  role may read a hash or a session.
- Admins have SELECT/INSERT/UPDATE/DELETE on every table except the audit trail and
  the sign-in tables. Tables not named in PRIVILEGES get nothing for the other roles
  until a rule is added here: ``init_server`` reports them.

CONNECT on the database is revoked from PUBLIC and granted to the server's role; other
roles that must connect (backups, monitoring) need an explicit GRANT CONNECT.

Roles are cluster-wide in PostgreSQL: two AgentDesk databases on one cluster share the
group roles and the server role (grants and policies are per database).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy import select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session

from agentdesk.models import AGENT_ROLES, Agent, Team
from agentdesk.services.tickets import FTS_SEQ_BITS

GROUP_ROLES = {role: f"agentdesk_{role}" for role in AGENT_ROLES}
AGENT, TRAINER, LEAD, ADMIN = (GROUP_ROLES[r] for r in ("agent", "trainer", "lead", "admin"))
STAFF = (AGENT, TRAINER, LEAD)  # everyone restricted by team; admins see all

SERVER_ROLE = "agentdesk_server"
AUTH_TABLES = ("agent_credentials", "server_sessions", "chat_conversations")

_RW = "SELECT, INSERT, UPDATE"
_SELF_COLUMNS = "SELECT, UPDATE (status, status_since, language, capacity, updated_at, rev)"
# Leads set their team's agents' capacity and skills too (issue 13; the policy below).
_LEAD_AGENT_COLUMNS = "SELECT, UPDATE (status, status_since, language, capacity, skills, updated_at, rev)"
# table: privileges of (agent, trainer, lead). Admins get SELECT/INSERT/UPDATE/DELETE on all.
PRIVILEGES: dict[str, tuple[str, str, str]] = {
    "alembic_version": ("SELECT",) * 3,  # every client checks the schema version on connect
    "workspace_settings": ("SELECT",) * 3,
    "teams": ("SELECT",) * 3,
    "agents": (_SELF_COLUMNS, _SELF_COLUMNS, _LEAD_AGENT_COLUMNS),
    "customers": (_RW,) * 3,
    "contact_points": (_RW,) * 3,
    "products": ("SELECT",) * 3,
    "orders": ("SELECT",) * 3,
    "order_items": ("SELECT",) * 3,
    "feedback": ("SELECT",) * 3,
    "tickets": (_RW, _RW, _RW + ", DELETE"),
    "ticket_tags": (_RW, _RW, _RW + ", DELETE"),
    # UPDATE (rev): the sync engine stamps what a transaction wrote with its version.
    "messages": ("SELECT, INSERT, UPDATE (rev)", "SELECT, INSERT, UPDATE (rev)", _RW),
    # Attachments follow their message (issue 12); content is only ever added, never changed.
    "attachments": ("SELECT, INSERT, UPDATE (rev)", "SELECT, INSERT, UPDATE (rev)", _RW),
    "attachment_blobs": ("SELECT, INSERT",) * 3,
    "attachment_uploads": ("SELECT, INSERT",) * 3,
    "draft_attachments": (_RW + ", DELETE",) * 3,
    "audit_log": ("SELECT, INSERT",) * 3,
    # @mentions: written with a note; the mentioned agent sets read_at (the policies below).
    "mentions": ("SELECT, INSERT, UPDATE (read_at, updated_at, rev)",) * 3,
    "follow_ups": (_RW,) * 3,
    "drafts": (_RW + ", DELETE",) * 3,
    "templates": (_RW,) * 3,
    "template_usage": (_RW,) * 3,
    # Agents only vote and count; publishing is for trainers and leads.
    "kb_articles": ("SELECT, INSERT, UPDATE (helpful, not_helpful, updated_at, rev)", _RW, _RW),
    "article_uses": ("SELECT, INSERT, UPDATE (rev)",) * 3,
    "article_votes": (_RW,) * 3,
    # Agent-protection incidents (issue 13): recorded by the agent, never edited (policies below).
    "protection_incidents": ("SELECT, INSERT, UPDATE (rev)",) * 3,
    # Saved views: one's own, and a lead's shared with their team (policies below).
    "saved_views": (_RW,) * 3,
    # Quality reviews (issue 13): agents and trainers read (their own, by the policies
    # below); leads write their team's. UPDATE (rev): the sync engine's stamp.
    "rubrics": ("SELECT", "SELECT", _RW),
    "quality_reviews": ("SELECT", "SELECT", "SELECT, INSERT, UPDATE (rev)"),
    # Work sessions (issue 13): one's own time, added once; leads read their team's.
    "work_sessions": ("SELECT, INSERT, UPDATE (rev)",) * 3,
    # The sync engine, run with the agent's own login (sync/server.py): bump the clock,
    # claim and record mutations, log conflicts.
    "sync_clock": ("SELECT",) * 3,  # moved only by agentdesk_next_version() (migration 0009)
    "sync_mutations": (_RW,) * 3,
    "sync_conflicts": ("SELECT, INSERT, UPDATE (rev)",) * 3,
    # Who has which ticket open (sync/presence.py): one's own row only, by the policies below.
    "presence": ("SELECT, INSERT, UPDATE, DELETE",) * 3,
    # Routing (issue 13): agents read their team's rules, leads write them (server/routing.py
    # checks the role first); the round-robin pointer is moved by whoever's new ticket is
    # routed (the ticket.create handler); which age rule raised which ticket, read-only.
    "routing_rules": ("SELECT", "SELECT", _RW),
    "routing_state": (_RW,) * 3,
    "routing_escalations": ("SELECT",) * 3,
    # FAQ auto-response (issue 14): agents read their team's settings, leads write them
    # (server/autoresponse.py checks the role first).
    "autoresponse_settings": ("SELECT", "SELECT", _RW),
    # Training (issue 15; server/training.py asks training_rules first): trainees read
    # their team's scenarios, trainers write them; trainers and leads assign; a trainee
    # adds their own attempts (UPDATE (rev): the sync engine's stamp).
    "training_scenarios": ("SELECT", _RW, "SELECT"),
    "training_assignments": ("SELECT", _RW, _RW),
    "training_attempts": ("SELECT, INSERT, UPDATE (rev)",) * 3,
    # Knowledge-search synonyms (issue 16): agents read their team's, leads write them
    # (server/kb_learning.py checks the role first).
    "kb_synonyms": ("SELECT", "SELECT", _RW),
    # Article vectors (issue 16): computed and written by the team server alone
    # (server/kb_meaning.py, as the admins' group); everyone else reads them.
    "kb_meanings": ("SELECT",) * 3,
    # The ticket search index (migration 0034): written with each message, a changed
    # subject re-indexed in place (an upsert, which reads the row); its rows follow the ticket.
    "ticket_fts": ("SELECT, INSERT, UPDATE (tsv)",) * 3,
}
# What the server's own role may do outside a request's SET ROLE: sign agents in, check
# the schema and read the clock (health, pokes).
SERVER_PRIVILEGES: dict[str, str] = {
    "alembic_version": "SELECT",
    "agents": "SELECT",
    "teams": "SELECT",
    "sync_clock": "SELECT",
    "agent_credentials": "SELECT, UPDATE",  # UPDATE: a hash upgraded at sign-in
    "server_sessions": "SELECT, INSERT, UPDATE",
    # Web chat (server/webchat.py): visitors' token hashes, like server_sessions the server's alone.
    "chat_conversations": "SELECT, INSERT, UPDATE",
}

# Row-level security. {s} is the schema; the helper functions are defined below.
_MY_TEAMS = "IN (SELECT {s}.agentdesk_my_team_ids())"
_TICKET_VISIBLE = "EXISTS (SELECT 1 FROM {s}.tickets t WHERE t.id = {col} AND t.team_id " + _MY_TEAMS + ")"
_TICKET_NUMBER_VISIBLE = (f"EXISTS (SELECT 1 FROM {{s}}.tickets t WHERE t.number = ticket_fts.rowid >> {FTS_SEQ_BITS} "
                          "AND t.team_id " + _MY_TEAMS + ")")
_CUSTOMER_VISIBLE = "EXISTS (SELECT 1 FROM {s}.tickets t WHERE t.customer_id = {col} AND t.team_id " + _MY_TEAMS + ")"
_ME = "{s}.agentdesk_my_agent_id()"


_OWN_VIEW = "(saved_views.scope = 'personal' AND saved_views.owner_agent_id = " + _ME + ")"
_VIEW_READ = _OWN_VIEW + " OR (saved_views.scope = 'team' AND saved_views.team_id " + _MY_TEAMS + ")"
_VIEW_WRITE = (_OWN_VIEW + " OR (saved_views.scope = 'team' AND saved_views.team_id " + _MY_TEAMS
               + " AND EXISTS (SELECT 1 FROM {s}.agents a WHERE a.id = " + _ME + " AND a.role = 'lead'))")

_I_LEAD = "EXISTS (SELECT 1 FROM {s}.agents a WHERE a.id = " + _ME + " AND a.role = 'lead')"
_REVIEW_READ = ("quality_reviews.agent_id = " + _ME + " OR (quality_reviews.team_id " + _MY_TEAMS + " AND "
                + _I_LEAD + ")")
_REVIEW_WRITE = ("quality_reviews.reviewer_id = " + _ME + " AND quality_reviews.agent_id <> " + _ME
                 + " AND quality_reviews.team_id " + _MY_TEAMS + " AND " + _I_LEAD)
_RUBRIC_WRITE = "rubrics.team_id " + _MY_TEAMS + " AND " + _I_LEAD


# An agents row of the acting lead's team (the sub-select reads agents under its SELECT
# policy, which is "true": no recursion).
_LEAD_OF_TEAM = ("agents.team_id " + _MY_TEAMS + " AND EXISTS (SELECT 1 FROM {s}.agents a WHERE a.id = " + _ME
                 + " AND a.role = 'lead')")


@dataclass(frozen=True)
class Policy:
    table: str
    name: str
    command: str  # ALL / SELECT / INSERT / UPDATE / DELETE
    using: str | None
    check: str | None = None


POLICIES: tuple[Policy, ...] = (
    Policy("tickets", "team", "ALL", "team_id " + _MY_TEAMS, "team_id " + _MY_TEAMS),
    Policy("messages", "ticket", "ALL", _TICKET_VISIBLE.replace("{col}", "messages.ticket_id"),
           _TICKET_VISIBLE.replace("{col}", "messages.ticket_id")),
    # Mentions follow their ticket; read_at is the mentioned agent's to set, and a new
    # row (rev 0) is stamped by the transaction of the note that made it.
    Policy("mentions", "ticket", "SELECT", _TICKET_VISIBLE.replace("{col}", "mentions.ticket_id")),
    Policy("mentions", "new", "INSERT", None, _TICKET_VISIBLE.replace("{col}", "mentions.ticket_id")),
    Policy("mentions", "read", "UPDATE", "mentioned_agent_id = " + _ME + " OR rev = 0",
           _TICKET_VISIBLE.replace("{col}", "mentions.ticket_id")),
    # The search index's rowid is the ticket number << 12 | the message's sequence.
    Policy("ticket_fts", "ticket", "ALL", _TICKET_NUMBER_VISIBLE, _TICKET_NUMBER_VISIBLE),
    Policy("ticket_tags", "ticket", "ALL", _TICKET_VISIBLE.replace("{col}", "ticket_tags.ticket_id"),
           _TICKET_VISIBLE.replace("{col}", "ticket_tags.ticket_id")),
    Policy("attachments", "ticket", "ALL", _TICKET_VISIBLE.replace("{col}", "attachments.ticket_id"),
           _TICKET_VISIBLE.replace("{col}", "attachments.ticket_id")),
    # Content: readable where an attachment one can see names it (that sub-select is itself
    # under the attachments' policy), or by whoever uploaded it. Anyone may add content.
    Policy("attachment_blobs", "named", "SELECT",
           "EXISTS (SELECT 1 FROM {s}.attachments a WHERE a.sha256 = attachment_blobs.sha256) OR EXISTS "
           "(SELECT 1 FROM {s}.attachment_uploads u WHERE u.sha256 = attachment_blobs.sha256 AND u.agent_id = "
           + _ME + ")"),
    Policy("attachment_blobs", "add", "INSERT", None, "true"),
    Policy("attachment_uploads", "own", "ALL", "agent_id = " + _ME, "agent_id = " + _ME),
    Policy("draft_attachments", "own", "ALL", "agent_id = " + _ME, "agent_id = " + _ME),
    Policy("customers", "team", "ALL", _CUSTOMER_VISIBLE.replace("{col}", "customers.id"),
           _CUSTOMER_VISIBLE.replace("{col}", "customers.id")),
    # A new caller is recorded before their first ticket exists.
    Policy("customers", "new", "INSERT", None, "true"),
    Policy("contact_points", "team", "ALL", _CUSTOMER_VISIBLE.replace("{col}", "contact_points.customer_id"),
           _CUSTOMER_VISIBLE.replace("{col}", "contact_points.customer_id")),
    Policy("contact_points", "new", "INSERT", None, "true"),
    Policy("products", "team", "SELECT", _CUSTOMER_VISIBLE.replace("{col}", "products.customer_id")),
    Policy("orders", "team", "SELECT", _CUSTOMER_VISIBLE.replace("{col}", "orders.customer_id")),
    Policy("order_items", "team", "SELECT",
           "EXISTS (SELECT 1 FROM {s}.orders o JOIN {s}.tickets t ON t.customer_id = o.customer_id "
           "WHERE o.id = order_items.order_id AND t.team_id " + _MY_TEAMS + ")"),
    # The customer's feedback on this team's tickets only (not on another team's ticket).
    Policy("feedback", "team", "SELECT", _CUSTOMER_VISIBLE.replace("{col}", "feedback.customer_id") + " AND ("
           "feedback.ticket_id IS NULL OR " + _TICKET_VISIBLE.replace("{col}", "feedback.ticket_id") + ")"),
    Policy("audit_log", "read", "SELECT",
           "actor_agent_id = " + _ME + " OR " + _TICKET_VISIBLE.replace("{col}", "audit_log.entity_id")),
    # Nobody appends entries in another agent's name.
    Policy("audit_log", "append", "INSERT", None, "actor_agent_id = " + _ME),
    # No sub-select on agents here: a policy on agents that reads agents would recurse.
    Policy("agents", "read", "SELECT", "true"),
    Policy("agents", "self", "UPDATE", "id = " + _ME, "id = " + _ME),
    Policy("follow_ups", "own", "ALL", "agent_id = " + _ME, "agent_id = " + _ME),
    Policy("drafts", "own", "ALL", "agent_id = " + _ME, "agent_id = " + _ME),
    # The rev stamp of one's own new entry (the append-only trigger allows nothing else).
    Policy("audit_log", "stamp", "UPDATE", "actor_agent_id = " + _ME, "actor_agent_id = " + _ME),
    Policy("sync_mutations", "own", "ALL", "agent_id = " + _ME, "agent_id = " + _ME),
    # A conflict names the agent whose write lost, who may be someone else than the pusher.
    Policy("sync_conflicts", "involved", "SELECT",
           "agent_id = " + _ME + " OR other_agent_id = " + _ME + " OR rev = 0"),
    Policy("sync_conflicts", "record", "INSERT", None, "true"),
    Policy("sync_conflicts", "stamp", "UPDATE", "rev = 0", "true"),
    # Presence: read who else is on a ticket one can see (and one's own row, which an
    # upsert's ON CONFLICT must see); write only one's own row, about a visible ticket.
    Policy("presence", "read", "SELECT",
           "agent_id = " + _ME + " OR " + _TICKET_VISIBLE.replace("{col}", "presence.ticket_id")),
    Policy("presence", "own", "INSERT", None,
           "agent_id = " + _ME + " AND " + _TICKET_VISIBLE.replace("{col}", "presence.ticket_id")),
    Policy("presence", "own_update", "UPDATE", "agent_id = " + _ME,
           "agent_id = " + _ME + " AND " + _TICKET_VISIBLE.replace("{col}", "presence.ticket_id")),
    Policy("presence", "own_delete", "DELETE", "agent_id = " + _ME),
    # Saved views (issue 12): read one's own and one's team's; write one's own, and a
    # lead their team's (the handlers ask view_spec.check_view_write first).
    Policy("saved_views", "read", "SELECT", _VIEW_READ),
    Policy("saved_views", "write", "INSERT", None, _VIEW_WRITE),
    Policy("saved_views", "edit", "UPDATE", _VIEW_WRITE, _VIEW_WRITE),
    # Quality reviews (issue 13): the reviewed agent reads their own, a lead their team's;
    # a lead writes reviews of their team's agents (the handler asks review_rules first).
    # Rubrics: the workspace default and one's team's are read; a lead writes their team's.
    Policy("quality_reviews", "read", "SELECT", _REVIEW_READ),
    Policy("quality_reviews", "write", "INSERT", None, _REVIEW_WRITE),
    Policy("quality_reviews", "stamp", "UPDATE", "quality_reviews.reviewer_id = " + _ME, _REVIEW_WRITE),
    Policy("rubrics", "read", "SELECT", "rubrics.team_id IS NULL OR rubrics.team_id " + _MY_TEAMS),
    Policy("rubrics", "write", "INSERT", None, _RUBRIC_WRITE),
    Policy("rubrics", "edit", "UPDATE", _RUBRIC_WRITE, _RUBRIC_WRITE),
    # Routing (issue 13): a team's rules and pointer are the team's; only leads hold the
    # grants that write rules. A lead sets capacity and skills of their team's agents.
    Policy("routing_rules", "read", "SELECT", "team_id " + _MY_TEAMS),
    Policy("routing_rules", "write", "INSERT", None, "team_id " + _MY_TEAMS),
    Policy("routing_rules", "edit", "UPDATE", "team_id " + _MY_TEAMS, "team_id " + _MY_TEAMS),
    Policy("routing_state", "team", "ALL", "team_id " + _MY_TEAMS, "team_id " + _MY_TEAMS),
    Policy("routing_escalations", "ticket", "SELECT", _TICKET_VISIBLE.replace("{col}", "routing_escalations.ticket_id")),
    Policy("agents", "lead_team", "UPDATE", _LEAD_OF_TEAM, _LEAD_OF_TEAM),
)
POLICIES += (
    # FAQ auto-response (issue 14): a team's settings are the team's; only leads hold the grants that write.
    Policy("autoresponse_settings", "read", "SELECT", "team_id " + _MY_TEAMS),
    Policy("autoresponse_settings", "write", "INSERT", None, "team_id " + _MY_TEAMS),
    Policy("autoresponse_settings", "edit", "UPDATE", "team_id " + _MY_TEAMS, "team_id " + _MY_TEAMS),
    # Knowledge-search synonyms (issue 16): a team's are the team's; only leads hold the grants that write.
    Policy("kb_synonyms", "read", "SELECT", "team_id " + _MY_TEAMS),
    Policy("kb_synonyms", "write", "INSERT", None, "team_id " + _MY_TEAMS),
    Policy("kb_synonyms", "edit", "UPDATE", "team_id " + _MY_TEAMS, "team_id " + _MY_TEAMS),
)
POLICIES += (
    # Agent protection (issue 13): an agent reads their own incidents, a lead their team's;
    # an incident is the agent's own, on a ticket they can see; only its rev is ever stamped.
    Policy("protection_incidents", "read", "SELECT",
           "agent_id = " + _ME + " OR (team_id " + _MY_TEAMS + " AND EXISTS (SELECT 1 FROM {s}.agents a WHERE a.id = "
           + _ME + " AND a.role = 'lead'))"),
    Policy("protection_incidents", "record", "INSERT", None,
           "agent_id = " + _ME + " AND " + _TICKET_VISIBLE.replace("{col}", "protection_incidents.ticket_id")),
    Policy("protection_incidents", "stamp", "UPDATE", "agent_id = " + _ME, "agent_id = " + _ME),
    # Work sessions (issue 13): an agent reads and adds their own, on a ticket of their team;
    # a lead reads the team's too (their tickets' time). The rev stamp is of one's own row.
    Policy("work_sessions", "read", "SELECT",
           "agent_id = " + _ME + " OR (" + _TICKET_VISIBLE.replace("{col}", "work_sessions.ticket_id")
           + " AND EXISTS (SELECT 1 FROM {s}.agents a WHERE a.id = " + _ME + " AND a.role = 'lead'))"),
    Policy("work_sessions", "own", "INSERT", None,
           "agent_id = " + _ME + " AND " + _TICKET_VISIBLE.replace("{col}", "work_sessions.ticket_id")),
    Policy("work_sessions", "stamp", "UPDATE", "agent_id = " + _ME, "agent_id = " + _ME),
)
_I_TRAIN = "EXISTS (SELECT 1 FROM {s}.agents a WHERE a.id = " + _ME + " AND a.role IN ('trainer', 'lead'))"
_I_AUTHOR = "EXISTS (SELECT 1 FROM {s}.agents a WHERE a.id = " + _ME + " AND a.role = 'trainer')"
POLICIES += (
    # Training (issue 15): a team's scenarios are read by its agents (to play them) and
    # written by its trainers; assignments and attempts are read by the trainee (their own)
    # and the team's trainers and leads; trainers and leads assign in their team; an
    # attempt is the trainee's own, in their team, and only its rev is ever stamped.
    Policy("training_scenarios", "read", "SELECT", "team_id " + _MY_TEAMS),
    Policy("training_scenarios", "write", "INSERT", None, "team_id " + _MY_TEAMS + " AND " + _I_AUTHOR),
    Policy("training_scenarios", "edit", "UPDATE", "team_id " + _MY_TEAMS + " AND " + _I_AUTHOR,
           "team_id " + _MY_TEAMS + " AND " + _I_AUTHOR),
    Policy("training_assignments", "read", "SELECT",
           "trainee_id = " + _ME + " OR (team_id " + _MY_TEAMS + " AND " + _I_TRAIN + ")"),
    Policy("training_assignments", "write", "INSERT", None, "team_id " + _MY_TEAMS + " AND " + _I_TRAIN),
    Policy("training_assignments", "edit", "UPDATE", "team_id " + _MY_TEAMS + " AND " + _I_TRAIN,
           "team_id " + _MY_TEAMS + " AND " + _I_TRAIN),
    Policy("training_attempts", "read", "SELECT",
           "trainee_id = " + _ME + " OR (team_id " + _MY_TEAMS + " AND " + _I_TRAIN + ")"),
    Policy("training_attempts", "record", "INSERT", None, "trainee_id = " + _ME + " AND team_id " + _MY_TEAMS),
    Policy("training_attempts", "stamp", "UPDATE", "trainee_id = " + _ME, "trainee_id = " + _ME),
)
RLS_TABLES = tuple(dict.fromkeys(p.table for p in POLICIES))

# SECURITY INVOKER and plain SQL: they read agents under the caller's own rights
# (everyone may read agents), and the planner can inline them. The agent is the
# transaction setting the server makes with SET LOCAL (server/scope.py); without it
# (NULL) every policy below that names the agent matches nothing.
_FUNCTIONS = (
    """CREATE OR REPLACE FUNCTION {s}.agentdesk_my_agent_id() RETURNS uuid
    LANGUAGE sql STABLE AS $$
        SELECT NULLIF(current_setting('agentdesk.agent_id', true), '')::uuid
    $$""",
    """CREATE OR REPLACE FUNCTION {s}.agentdesk_my_team_ids() RETURNS SETOF uuid
    LANGUAGE sql STABLE AS $$
        SELECT team_id FROM {s}.agents
        WHERE id = {s}.agentdesk_my_agent_id() AND NOT deleted AND team_id IS NOT NULL
    $$""",
    # Ticket numbers for tickets opened from desks (server/handlers.py _ticket_create):
    # over every team's tickets (an agent's own view of the table would hand out another
    # team's numbers), one transaction at a time (the lock is held to commit).
    """CREATE OR REPLACE FUNCTION {s}.agentdesk_next_ticket_number() RETURNS bigint
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog AS $$
        SELECT pg_advisory_xact_lock(hashtext('agentdesk.ticket_number'));
        SELECT coalesce(max(number), 1000) + 1 FROM {s}.tickets;
    $$""",
    # The one write let through: the sync engine stamping a new entry (rev 0) with the
    # version its own transaction just took from sync_clock (sync/server.py bumps the
    # clock, then stamps rev). Every other column must stay as it was.
    """CREATE OR REPLACE FUNCTION {s}.agentdesk_audit_append_only() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
    DECLARE clock bigint;
    BEGIN
        IF TG_OP = 'UPDATE' THEN
            IF OLD.rev = 0 AND NEW.rev > 0 AND (to_jsonb(NEW) - 'rev') = (to_jsonb(OLD) - 'rev')
               AND to_regclass('{s_lit}.sync_clock') IS NOT NULL THEN
                EXECUTE 'SELECT v FROM {s_lit}.sync_clock WHERE id = 1' INTO clock;
                IF NEW.rev = clock THEN
                    RETURN NEW;
                END IF;
            END IF;
        END IF;
        RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END
    $$""",
)


class SecurityError(ValueError):
    """A request the server set-up refuses; the message is one line for the user.

    A ValueError, so the CLI's existing handler prints it as one line and exits 1.
    """


def check_login(login: str) -> str:
    """An agent's login: the syntax the desks check too (sync/protocol.py)."""
    from agentdesk.sync.protocol import LoginError, check_login as check

    try:
        return check(login)
    except LoginError as exc:
        raise SecurityError(str(exc)) from None


def postgres_url(url: str) -> str:
    """The URL if it names a PostgreSQL server; otherwise one clear error."""
    try:
        u = make_url(url)
    except (ArgumentError, ValueError):
        raise SecurityError(f"not a database URL: {url!r} (expected postgresql://USER@HOST[:PORT]/DATABASE)") from None
    if u.get_backend_name() != "postgresql":
        raise SecurityError("a team server must be PostgreSQL: expected postgresql://USER@HOST[:PORT]/DATABASE")
    if not u.database:
        raise SecurityError("the server URL names no database: expected postgresql://USER@HOST[:PORT]/DATABASE")
    return url


# --- applying the rules ----------------------------------------------------------------
def _quote(session: Session, name: str) -> str:
    return session.get_bind().dialect.identifier_preparer.quote_identifier(name)


def _role_exists(session: Session, name: str) -> bool:
    return bool(session.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}))


def ensure_group_roles(session: Session) -> None:
    # Roles are cluster-wide; another database's init-server may be creating the same one.
    for name in GROUP_ROLES.values():
        session.execute(text(
            f"DO $$ BEGIN CREATE ROLE {name} NOLOGIN; "
            "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"))
    # NOINHERIT: membership lets the server SET ROLE to a group, without holding the
    # groups' rights (an admin's included) outside a request.
    session.execute(text(
        f"DO $$ BEGIN CREATE ROLE {SERVER_ROLE} LOGIN NOINHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS; "
        "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"))
    # Only when something differs: roles are cluster-wide, and two databases' init-server
    # rewriting the same row at once fail with "tuple concurrently updated".
    loose = session.scalar(text(
        "SELECT rolinherit OR rolsuper OR rolcreatedb OR rolcreaterole OR rolbypassrls FROM pg_roles "
        "WHERE rolname = :r"), {"r": SERVER_ROLE})
    if loose:
        session.execute(text(f"ALTER ROLE {SERVER_ROLE} NOINHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS"))
    member_of = set(session.scalars(text(
        "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
        "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = :r"), {"r": SERVER_ROLE}))
    for name in GROUP_ROLES.values():
        if name not in member_of:
            session.execute(text(f"GRANT {name} TO {SERVER_ROLE}"))


def apply_security(session: Session) -> list[str]:
    """Grants, policies and the audit trigger, in the caller's transaction.

    Returns the tables that no rule covers (they stay admin-only).
    """
    q = lambda n: _quote(session, n)  # noqa: E731
    schema = session.scalar(text("SELECT current_schema()"))
    s = q(schema)
    tables = set(session.scalars(text(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")))
    missing = sorted((set(PRIVILEGES) | set(SERVER_PRIVILEGES)) - tables)
    if missing:
        raise SecurityError(f"the schema lacks tables the security rules name: {', '.join(missing)}")
    ensure_group_roles(session)
    groups = ", ".join(GROUP_ROLES.values())
    everyone = f"{groups}, {SERVER_ROLE}"
    dbname = q(session.scalar(text("SELECT current_database()")))
    run = lambda sql: session.execute(text(sql))  # noqa: E731

    # Only the server connects; no one else creates objects next to the tables.
    run(f"REVOKE CONNECT, TEMPORARY ON DATABASE {dbname} FROM PUBLIC")
    run(f"REVOKE CONNECT ON DATABASE {dbname} FROM {groups}")  # granted by earlier versions
    run(f"GRANT CONNECT ON DATABASE {dbname} TO {SERVER_ROLE}")
    run(f"REVOKE CREATE ON SCHEMA {s} FROM PUBLIC")
    run(f"GRANT USAGE ON SCHEMA {s} TO {everyone}")
    for stmt in _FUNCTIONS:
        run(stmt.format(s=s, s_lit=s.replace("'", "''")))

    # Start from nothing, then grant: a privilege dropped from the map is really gone.
    run(f"REVOKE ALL ON ALL TABLES IN SCHEMA {s} FROM PUBLIC, {everyone}")
    run(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {s} TO {ADMIN}")
    for table in AUTH_TABLES:
        run(f"REVOKE ALL ON {s}.{q(table)} FROM {ADMIN}")
    run(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {s} TO {groups}")
    run(f"REVOKE ALL ON FUNCTION {s}.agentdesk_next_version() FROM PUBLIC")
    run(f"GRANT EXECUTE ON FUNCTION {s}.agentdesk_next_version() TO {groups}")
    run(f"REVOKE ALL ON FUNCTION {s}.agentdesk_next_ticket_number() FROM PUBLIC")
    run(f"GRANT EXECUTE ON FUNCTION {s}.agentdesk_next_ticket_number() TO {groups}")
    for table, privs in PRIVILEGES.items():
        for role, priv in zip(STAFF, privs):
            run(f"GRANT {priv} ON {s}.{q(table)} TO {role}")
    for table, priv in SERVER_PRIVILEGES.items():
        run(f"GRANT {priv} ON {s}.{q(table)} TO {SERVER_ROLE}")

    existing = session.execute(text(
        "SELECT tablename, policyname FROM pg_policies "
        "WHERE schemaname = current_schema() AND policyname LIKE 'agentdesk\\_%'")).all()
    for table, name in existing:
        run(f"DROP POLICY {q(name)} ON {s}.{q(table)}")
    for table in RLS_TABLES:
        run(f"ALTER TABLE {s}.{q(table)} ENABLE ROW LEVEL SECURITY")
        run(f"CREATE POLICY agentdesk_admin_all ON {s}.{q(table)} TO {ADMIN} USING (true) WITH CHECK (true)")
    staff = ", ".join(STAFF)
    for p in POLICIES:
        clause = f"CREATE POLICY {q('agentdesk_' + p.name)} ON {s}.{q(p.table)} FOR {p.command} TO {staff}"
        if p.using:
            clause += f" USING ({p.using.format(s=s)})"
        if p.check:
            clause += f" WITH CHECK ({p.check.format(s=s)})"
        run(clause)
    # Signing in reads agents before any agent is known.
    run(f"CREATE POLICY agentdesk_server_signin ON {s}.agents FOR SELECT TO {SERVER_ROLE} USING (true)")

    # Append-only even for the owner: privileges do not bind an owner, a trigger does.
    run(f"REVOKE UPDATE, DELETE, TRUNCATE ON {s}.audit_log FROM PUBLIC, {everyone}")
    run(f"GRANT UPDATE (rev) ON {s}.audit_log TO {groups}")  # the stamp; the trigger checks it
    run(f"DROP TRIGGER IF EXISTS agentdesk_audit_append_only ON {s}.audit_log")
    run(f"DROP TRIGGER IF EXISTS agentdesk_audit_no_truncate ON {s}.audit_log")
    run(f"CREATE TRIGGER agentdesk_audit_append_only BEFORE UPDATE OR DELETE ON {s}.audit_log "
        f"FOR EACH ROW EXECUTE FUNCTION {s}.agentdesk_audit_append_only()")
    run(f"CREATE TRIGGER agentdesk_audit_no_truncate BEFORE TRUNCATE ON {s}.audit_log "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {s}.agentdesk_audit_append_only()")
    return sorted(tables - set(PRIVILEGES) - set(AUTH_TABLES))


def set_server_role_password(session: Session, password: str) -> None:
    """The server role's database password, as a SCRAM verifier (as psql's \\password:
    the plain password never reaches the server's log)."""
    raw = session.connection().connection.driver_connection
    assert raw is not None  # an open psycopg connection
    verifier = raw.pgconn.encrypt_password(password.encode(), SERVER_ROLE.encode(), b"scram-sha-256").decode()
    # Not text(): the verifier's ':' would read as a bind parameter. It is base64 and '$:'
    # only, so it is safe as a literal.
    session.connection().exec_driver_sql(f"ALTER ROLE {SERVER_ROLE} PASSWORD '{verifier}'")


# --- agents ----------------------------------------------------------------------------
@dataclass
class AgentResult:
    login: str
    role: str
    team: str | None
    agent_created: bool
    password_set: bool
    team_created: bool = False
    notes: list[str] = field(default_factory=list)


def add_agent(session: Session, *, name: str, login: str, role: str, team: str | None,
              password_source, email: str | None = None, exist_ok: bool = False,
              must_exist: bool = False) -> AgentResult:
    """The agent row (and team, if new) plus their password hash, in one transaction.

    ``password_source(needed)`` is called with True when the agent has no password yet;
    it returns the password, or None to keep the one they have.
    """
    from agentdesk.server import auth
    from agentdesk.services.common import audit, check_choice

    check_login(login)
    check_choice("role", role, AGENT_ROLES)
    team_row, team_created = None, False
    if team:
        team_row = session.scalar(select(Team).where(Team.name == team, Team.deleted.is_(False)))
        if team_row is None:
            team_row = Team(name=team)
            session.add(team_row)
            session.flush()
            team_created = True
            audit(session, None, "team", team_row.id, "create", {"name": (None, team)})
    agent = session.scalar(select(Agent).where(Agent.login == login))
    agent_created = agent is None
    if agent is None and must_exist:
        raise SecurityError(f"no agent with login '{login}'")
    if agent is not None and not exist_ok:
        raise SecurityError(f"an agent with login '{login}' already exists (add --existing to give them a password)")
    if agent is None:
        agent = Agent(id=uuid.uuid4(), login=login, name=name, email=email, role=role,
                      team_id=team_row.id if team_row else None)
        session.add(agent)
        session.flush()
        audit(session, None, "agent", agent.id, "create",
              {"login": (None, login), "role": (None, role), "team": (None, team)})
    conn = session.connection()
    needed = not auth.has_password(conn, agent.id)
    password = password_source(needed)
    if needed and not password:
        raise SecurityError(f"a password is needed for '{login}'")
    notes: list[str] = []
    if password:
        try:
            auth.set_password(conn, agent.id, password)
        except auth.AuthError as exc:
            raise SecurityError(str(exc)) from None
        audit(session, None, "agent", agent.id, "password", {"password": (None, "set")})
    if not agent_created and agent.role != role:
        notes.append(f"kept the role '{agent.role}' the agent has in the workspace (not '{role}')")
    return AgentResult(login=login, role=agent.role, team=team, agent_created=agent_created,
                       password_set=bool(password), team_created=team_created, notes=notes)


# --- the whole set-up ------------------------------------------------------------------
@dataclass
class InitReport:
    schema_before: str  # empty / old / current
    revision: str
    admin: AgentResult
    unruled_tables: list[str]
    agent_logins: list[str]  # database roles of agents from before the team server (see drop_agent_logins)


def init_server(url: str, *, admin_login: str, admin_name: str, password_source,
                server_password: str | None = None) -> InitReport:
    """Schema (the same Alembic migrations as every client), then roles, rules, first admin.

    A schema newer than this app raises SchemaTooNewError before anything changes.
    """
    from agentdesk.db import check_schema, head_revision, make_engine, open_database

    postgres_url(url)
    check_login(admin_login)
    probe = make_engine(url)
    try:
        before = check_schema(probe)
    finally:
        probe.dispose()
    db = open_database(url)
    try:
        with db.session() as s:
            # One init-server at a time per database; roles are guarded separately.
            s.execute(text("SELECT pg_advisory_xact_lock(hashtext('agentdesk.init-server'))"))
            unruled = apply_security(s)
            if server_password:
                set_server_role_password(s, server_password)
            admin = add_agent(s, name=admin_name, login=admin_login, role="admin", team=None,
                              password_source=password_source, exist_ok=True)
            logins = _agent_login_roles(s)
        return InitReport(schema_before=before, revision=head_revision(), admin=admin, unruled_tables=unruled,
                          agent_logins=logins)
    finally:
        db.dispose()


def _open_prepared(url: str):
    """The team database, which init-server must have prepared; one line otherwise."""
    from agentdesk.db import SchemaError, SchemaTooNewError, open_database

    postgres_url(url)
    try:
        db = open_database(url, migrate=False)
    except SchemaTooNewError:
        raise
    except SchemaError:
        raise SecurityError("this server's schema is not current: run 'agentdesk admin init-server' first") from None
    with db.session() as s:
        if not _role_exists(s, SERVER_ROLE) or not s.scalar(text(
                "SELECT 1 FROM pg_policies WHERE schemaname = current_schema() AND tablename = 'tickets'")):
            db.dispose()
            raise SecurityError("this server is not set up for a team yet: run 'agentdesk admin init-server' first")
    return db


def add_agent_to_server(url: str, **kwargs) -> AgentResult:
    """`admin add-agent`: needs a database that init-server has prepared."""
    db = _open_prepared(url)
    try:
        with db.session() as s:
            return add_agent(s, **kwargs)
    finally:
        db.dispose()


def revoke_agent_sessions(url: str, login: str) -> int:
    """`admin sessions --revoke LOGIN`: signs out every desk of the agent."""
    from agentdesk.server import auth

    db = _open_prepared(url)
    try:
        with db.session() as s:
            agent = s.scalar(select(Agent).where(Agent.login == login))
            if agent is None:
                raise SecurityError(f"no agent with login '{login}'")
            return auth.revoke_sessions(s.connection(), agent.id)
    finally:
        db.dispose()


def start_new_epoch(url: str) -> uuid.UUID:
    """`admin new-epoch`: after a restore, desks' cursors mean nothing; a new epoch makes
    each resync in full and push its outbox again (replays of what survived are no-ops)."""
    from agentdesk.server.feed import new_epoch

    db = _open_prepared(url)
    try:
        return new_epoch(db.engine)
    finally:
        db.dispose()


def list_agent_sessions(url: str) -> list:
    """`admin sessions`: every desk's sign-in, oldest first."""
    from agentdesk.server import auth

    db = _open_prepared(url)
    try:
        with db.engine.connect() as conn:
            return auth.list_sessions(conn)
    finally:
        db.dispose()


def _agent_login_roles(session: Session) -> list[str]:
    """Database roles named like this database's agents and in an AgentDesk group: the
    per-agent logins of the design before the team server."""
    return list(session.scalars(text(
        "SELECT DISTINCT u.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
        "JOIN pg_roles u ON u.oid = m.member JOIN agents a ON a.login = u.rolname "
        "WHERE g.rolname = ANY(:groups) AND u.rolname <> :server ORDER BY 1"),
        {"groups": list(GROUP_ROLES.values()), "server": SERVER_ROLE}))


def drop_agent_logins(url: str) -> tuple[list[str], list[str]]:
    """`admin drop-agent-logins`: removes the agents' own database roles (from before the
    team server), so no desk can reach the database with SQL any more. Returns (dropped,
    kept with the reason): a role that owns objects or holds rights in another database
    of the cluster is left to the DBA, with its name."""
    db = _open_prepared(url)
    dropped: list[str] = []
    kept: list[str] = []
    try:
        with db.session() as s:
            logins = _agent_login_roles(s)
        for login in logins:
            try:
                with db.session() as s:
                    q = _quote(s, login)
                    s.execute(text(f"DROP OWNED BY {q}"))  # its grants in this database
                    s.execute(text(f"DROP ROLE {q}"))
                dropped.append(login)
            except DBAPIError as exc:
                first = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
                with db.session() as s:  # at least it can no longer log in or act as an agent
                    q = _quote(s, login)
                    s.execute(text(f"ALTER ROLE {q} NOLOGIN"))
                    for group in GROUP_ROLES.values():
                        s.execute(text(f"REVOKE {group} FROM {q}"))
                kept.append(f"{login} (NOLOGIN now; not dropped: {first})")
        return dropped, kept
    finally:
        db.dispose()
