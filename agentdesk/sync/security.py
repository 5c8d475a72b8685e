"""The team server's security: database roles, grants, row-level security, the audit trail.

`agentdesk admin init-server` applies everything here as the server's owner, after the
Alembic migrations; it is idempotent, so re-running it after an upgrade re-applies the
rules to the tables that upgrade added. Plain Python and SQL: no Qt.

The model PostgreSQL enforces, whatever client connects:

- Each agent logs in as their own role. ``current_user`` equals ``agents.login`` (so a
  login must be a valid role name; see ``check_login``), and the role is a member of
  exactly one group role matching ``agents.role``: ``agentdesk_agent``, ``…_trainer``,
  ``…_lead`` or ``…_admin``.
- Tickets: agents, trainers and leads read and write only tickets of their team
  (``agents.team_id``) and cannot move a ticket to another team; tickets without a team
  are for admins (triage). Only leads (their team) and admins may DELETE a ticket.
- Messages and tags follow their ticket. A customer (and their contact points, products,
  orders, order items and feedback) is visible to an agent when the customer has a
  ticket in the agent's team; a caller with no ticket yet can be inserted, but is not
  found by other teams (no cross-team customer directory).
- The audit trail is append-only: no role is granted UPDATE/DELETE/TRUNCATE, and a
  trigger refuses those statements even from the table owner (and superusers' DML),
  except the sync engine's one-time stamp of ``rev`` (0 → the version its transaction
  took from sync_clock, nothing else changed). Non-admins may only
  append entries with themselves as the actor, and read entries of their own or about
  tickets they can see. (An owner could still drop the trigger with DDL; guarding DDL
  needs a superuser's event trigger, left for later.)
- Agents may change only their own status/language/capacity, never their role or team.
- Admins have SELECT/INSERT/UPDATE/DELETE on every table (except the audit trail).
  Tables not named in PRIVILEGES (e.g. new ones an upgrade adds) get nothing for the
  other roles until a rule is added here: ``init_server`` reports them.

CONNECT on the database is revoked from PUBLIC and granted to the four group roles:
other roles that must connect (backups, monitoring) need an explicit GRANT CONNECT.

Roles are cluster-wide in PostgreSQL: two AgentDesk databases on one server share the
group roles and the login names (grants and policies are per database).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field

from sqlalchemy import select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session

from agentdesk.models import AGENT_ROLES, Agent, Team

GROUP_ROLES = {role: f"agentdesk_{role}" for role in AGENT_ROLES}
AGENT, TRAINER, LEAD, ADMIN = (GROUP_ROLES[r] for r in ("agent", "trainer", "lead", "admin"))
STAFF = (AGENT, TRAINER, LEAD)  # everyone restricted by team; admins see all

# Lower-case so that the role name, current_user and agents.login are the same string
# without case-folding surprises; 63 bytes is PostgreSQL's identifier limit.
_LOGIN_RE = re.compile(r"[a-z][a-z0-9._-]{0,62}")

_RW = "SELECT, INSERT, UPDATE"
_SELF_COLUMNS = "SELECT, UPDATE (status, language, capacity, updated_at, rev)"
# table: privileges of (agent, trainer, lead). Admins get SELECT/INSERT/UPDATE/DELETE on all.
PRIVILEGES: dict[str, tuple[str, str, str]] = {
    "alembic_version": ("SELECT",) * 3,  # every client checks the schema version on connect
    "workspace_settings": ("SELECT",) * 3,
    "teams": ("SELECT",) * 3,
    "agents": (_SELF_COLUMNS,) * 3,
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
    "audit_log": ("SELECT, INSERT",) * 3,
    "follow_ups": (_RW,) * 3,
    "drafts": (_RW + ", DELETE",) * 3,
    "templates": (_RW,) * 3,
    "template_usage": (_RW,) * 3,
    # Agents only vote and count; publishing is for trainers and leads.
    "kb_articles": ("SELECT, INSERT, UPDATE (helpful, not_helpful, updated_at, rev)", _RW, _RW),
    "article_uses": ("SELECT, INSERT, UPDATE (rev)",) * 3,
    "article_votes": (_RW,) * 3,
    # The sync engine, run with the agent's own login (sync/server.py): bump the clock,
    # claim and record mutations, log conflicts.
    "sync_clock": ("SELECT, UPDATE (v)",) * 3,
    "sync_mutations": (_RW,) * 3,
    "sync_conflicts": ("SELECT, INSERT, UPDATE (rev)",) * 3,
    # Who has which ticket open (sync/presence.py): one's own row only, by the policies below.
    "presence": ("SELECT, INSERT, UPDATE, DELETE",) * 3,
}

# Row-level security. {s} is the schema; the helper functions are defined below.
_MY_TEAMS = "IN (SELECT {s}.agentdesk_my_team_ids())"
_TICKET_VISIBLE = "EXISTS (SELECT 1 FROM {s}.tickets t WHERE t.id = {col} AND t.team_id " + _MY_TEAMS + ")"
_CUSTOMER_VISIBLE = "EXISTS (SELECT 1 FROM {s}.tickets t WHERE t.customer_id = {col} AND t.team_id " + _MY_TEAMS + ")"
_ME = "{s}.agentdesk_my_agent_id()"


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
    Policy("ticket_tags", "ticket", "ALL", _TICKET_VISIBLE.replace("{col}", "ticket_tags.ticket_id"),
           _TICKET_VISIBLE.replace("{col}", "ticket_tags.ticket_id")),
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
    Policy("agents", "self", "UPDATE", "login = current_user::text", "login = current_user::text"),
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
)
RLS_TABLES = tuple(dict.fromkeys(p.table for p in POLICIES))

# SECURITY INVOKER and plain SQL: they read agents under the caller's own rights
# (everyone may read agents), and the planner can inline them.
_FUNCTIONS = (
    """CREATE OR REPLACE FUNCTION {s}.agentdesk_my_team_ids() RETURNS SETOF uuid
    LANGUAGE sql STABLE AS $$
        SELECT team_id FROM {s}.agents
        WHERE login = current_user::text AND NOT deleted AND team_id IS NOT NULL
    $$""",
    """CREATE OR REPLACE FUNCTION {s}.agentdesk_my_agent_id() RETURNS uuid
    LANGUAGE sql STABLE AS $$
        SELECT id FROM {s}.agents WHERE login = current_user::text AND NOT deleted
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
    if not _LOGIN_RE.fullmatch(login or ""):
        raise SecurityError(
            f"invalid login {login!r}: use 1-63 lower-case letters, digits, '.', '_' or '-', starting with a letter")
    if login.startswith("pg_") or login in GROUP_ROLES.values() or login == "public":
        raise SecurityError(f"invalid login {login!r}: that name is reserved")
    return login


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
    for name in GROUP_ROLES.values():
        # Roles are cluster-wide; another database's init-server may be creating the same one.
        session.execute(text(
            f"DO $$ BEGIN CREATE ROLE {name} NOLOGIN; "
            "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"))


def apply_security(session: Session) -> list[str]:
    """Grants, policies and the audit trigger, in the caller's transaction.

    Returns the tables that no rule covers (they stay admin-only).
    """
    q = lambda n: _quote(session, n)  # noqa: E731
    schema = session.scalar(text("SELECT current_schema()"))
    s = q(schema)
    tables = set(session.scalars(text(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")))
    missing = sorted(set(PRIVILEGES) - tables)
    if missing:
        raise SecurityError(f"the schema lacks tables the security rules name: {', '.join(missing)}")
    ensure_group_roles(session)
    groups = ", ".join(GROUP_ROLES.values())
    dbname = q(session.scalar(text("SELECT current_database()")))
    run = lambda sql: session.execute(text(sql))  # noqa: E731

    # Only AgentDesk's roles connect; no one else creates objects next to the tables.
    run(f"REVOKE CONNECT, TEMPORARY ON DATABASE {dbname} FROM PUBLIC")
    run(f"GRANT CONNECT ON DATABASE {dbname} TO {groups}")
    run(f"REVOKE CREATE ON SCHEMA {s} FROM PUBLIC")
    run(f"GRANT USAGE ON SCHEMA {s} TO {groups}")
    for stmt in _FUNCTIONS:
        run(stmt.format(s=s, s_lit=s.replace("'", "''")))

    # Start from nothing, then grant: a privilege dropped from the map is really gone.
    run(f"REVOKE ALL ON ALL TABLES IN SCHEMA {s} FROM PUBLIC, {groups}")
    run(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {s} TO {ADMIN}")
    run(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {s} TO {groups}")
    for table, privs in PRIVILEGES.items():
        for role, priv in zip(STAFF, privs):
            run(f"GRANT {priv} ON {s}.{q(table)} TO {role}")

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

    # Append-only even for the owner: privileges do not bind an owner, a trigger does.
    run(f"REVOKE UPDATE, DELETE, TRUNCATE ON {s}.audit_log FROM PUBLIC, {groups}")
    run(f"GRANT UPDATE (rev) ON {s}.audit_log TO {groups}")  # the stamp; the trigger checks it
    run(f"DROP TRIGGER IF EXISTS agentdesk_audit_append_only ON {s}.audit_log")
    run(f"DROP TRIGGER IF EXISTS agentdesk_audit_no_truncate ON {s}.audit_log")
    run(f"CREATE TRIGGER agentdesk_audit_append_only BEFORE UPDATE OR DELETE ON {s}.audit_log "
        f"FOR EACH ROW EXECUTE FUNCTION {s}.agentdesk_audit_append_only()")
    run(f"CREATE TRIGGER agentdesk_audit_no_truncate BEFORE TRUNCATE ON {s}.audit_log "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {s}.agentdesk_audit_append_only()")
    return sorted(tables - set(PRIVILEGES))


# --- agents and their logins -----------------------------------------------------------
@dataclass
class AgentResult:
    login: str
    role: str
    team: str | None
    agent_created: bool
    role_created: bool
    team_created: bool = False
    notes: list[str] = field(default_factory=list)


def _scram_verifier(session: Session, login: str, password: str) -> str:
    """The SCRAM-SHA-256 verifier libpq computes (as psql's \\password does).

    The plain password never reaches the server, so it cannot land in its log
    (log_statement, or the statement logged with an error).
    """
    raw = session.connection().connection.driver_connection
    return raw.pgconn.encrypt_password(password.encode(), login.encode(), b"scram-sha-256").decode()


def ensure_login_role(session: Session, login: str, role: str, password_source) -> tuple[bool, list[str]]:
    """Creates (or adopts) the LOGIN role and makes it a member of exactly one group.

    ``password_source`` is called only when a password is needed: a new role, or
    ``None`` to keep an existing role's password. Returns (created, notes).
    """
    check_login(login)
    q = _quote(session, login)
    notes: list[str] = []
    row = session.execute(text(
        "SELECT rolsuper OR rolcreaterole OR rolcreatedb OR rolbypassrls OR rolreplication "
        "FROM pg_roles WHERE rolname = :n"), {"n": login}).first()
    if row is not None and row[0]:
        raise SecurityError(f"the database role '{login}' is privileged (superuser, CREATEROLE, BYPASSRLS …); "
                            "an agent needs a login of their own")
    if login == session.scalar(text("SELECT current_user::text")):
        raise SecurityError(f"'{login}' is the role running this command; an agent needs a login of their own")
    created = row is None
    password = password_source(created)
    if created:
        if not password:
            raise SecurityError(f"a password is needed for the new login '{login}'")
        session.execute(text(f"CREATE ROLE {q} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS"))
    else:
        notes.append(f"database role '{login}' already existed; reused")
    if password:
        # Not text(): the verifier's ':' would read as a bind parameter. It is base64 and '$:'
        # only, so it is safe as a literal.
        session.connection().exec_driver_sql(f"ALTER ROLE {q} PASSWORD '{_scram_verifier(session, login, password)}'")
    member_of = set(session.scalars(text(
        "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
        "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = :n AND g.rolname LIKE 'agentdesk\\_%'"), {"n": login}))
    wanted = GROUP_ROLES[role]
    for group in sorted(member_of - {wanted}):
        session.execute(text(f"REVOKE {group} FROM {q}"))
    if wanted not in member_of:
        session.execute(text(f"GRANT {wanted} TO {q}"))
    return created, notes


def add_agent(session: Session, *, name: str, login: str, role: str, team: str | None,
              password_source, email: str | None = None, exist_ok: bool = False) -> AgentResult:
    """The agent row (and team, if new) plus their database login, in one transaction."""
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
    if agent is not None and not exist_ok:
        raise SecurityError(f"an agent with login '{login}' already exists (add --existing to give them a login)")
    if agent is None:
        agent = Agent(id=uuid.uuid4(), login=login, name=name, email=email, role=role,
                      team_id=team_row.id if team_row else None)
        session.add(agent)
        session.flush()
        audit(session, None, "agent", agent.id, "create",
              {"login": (None, login), "role": (None, role), "team": (None, team)})
    role_created, notes = ensure_login_role(session, login, agent.role, password_source)
    if not agent_created and agent.role != role:
        notes.append(f"kept the role '{agent.role}' the agent has in the workspace (not '{role}')")
    return AgentResult(login=login, role=agent.role, team=team, agent_created=agent_created,
                       role_created=role_created, team_created=team_created, notes=notes)


# --- the whole set-up ------------------------------------------------------------------
@dataclass
class InitReport:
    schema_before: str  # empty / old / current
    revision: str
    admin: AgentResult
    unruled_tables: list[str]


def init_server(url: str, *, admin_login: str, admin_name: str, password_source) -> InitReport:
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
            admin = add_agent(s, name=admin_name, login=admin_login, role="admin", team=None,
                              password_source=password_source, exist_ok=True)
        return InitReport(schema_before=before, revision=head_revision(), admin=admin, unruled_tables=unruled)
    finally:
        db.dispose()


def add_agent_to_server(url: str, **kwargs) -> AgentResult:
    """`admin add-agent`: needs a server that init-server has prepared."""
    from agentdesk.db import SchemaError, SchemaTooNewError, open_database

    postgres_url(url)
    try:
        db = open_database(url, migrate=False)
    except SchemaTooNewError:
        raise
    except SchemaError:
        raise SecurityError("this server's schema is not current: run 'agentdesk admin init-server' first") from None
    try:
        with db.session() as s:
            if not _role_exists(s, ADMIN) or not s.scalar(text(
                    "SELECT 1 FROM pg_policies WHERE schemaname = current_schema() AND tablename = 'tickets'")):
                raise SecurityError("this server is not set up for a team yet: run 'agentdesk admin init-server' first")
            return add_agent(s, **kwargs)
    finally:
        db.dispose()
