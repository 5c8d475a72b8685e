"""The database's second wall, proved with plain SQL run the way the team server runs
each request: connected as ``agentdesk_server``, then ``SET LOCAL ROLE`` to the agent's
group and the agent named in ``agentdesk.agent_id`` (server/scope.py). Whatever query a
server bug might send, grants, row-level security and triggers keep it in the team.

Everything runs on a real PostgreSQL: `admin init-server` and `admin add-agent` set the
database up (agents get passwords, no database roles). Logins have a unique suffix so
tests never meet each other's agents.
"""

from __future__ import annotations

import uuid

import psycopg
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from agentdesk.cli import main
from agentdesk.models import AuditEntry, ContactPoint, Customer, Team
from agentdesk.services import tickets


class Server:
    """A prepared team server: two teams, tickets in each, and one login per role."""

    def __init__(self, db, suffix: str):
        self.db = db
        self.suffix = suffix
        self.logins: list[str] = []
        self.engines: list = []
        self.ids: dict[str, uuid.UUID] = {}

    def login(self, short: str) -> str:
        return f"t{self.suffix}.{short}"

    def cli(self, *argv: str) -> int:
        return main([*argv, "--url", self.db.url])

    @property
    def url(self) -> str:
        """The address of `agentdesk server` over this database (a real socket)."""
        from tests.test_sync_support import live_server

        return live_server(self.db).url

    def engine(self, short: str):
        """Connections that act as the agent ``short`` exactly as the server's requests do."""
        from sqlalchemy import event

        from agentdesk.server import scope
        from agentdesk.server.auth import Principal
        from agentdesk.server.security import SERVER_ROLE

        with self.db.engine.connect() as c:
            row = c.execute(text("SELECT * FROM agents WHERE login = :l"), {"l": self.login(short)}).one()
        who = Principal.from_row(row)
        eng = create_engine(make_url(self.db.url).set(username=SERVER_ROLE, password=None))

        @event.listens_for(eng, "begin")
        def _act_as(conn):
            scope.enter(conn, who)

        self.engines.append(eng)
        return eng

    def rows(self, short: str, sql: str, **params) -> list:
        with self.engine(short).begin() as c:
            return c.execute(text(sql), params).all()

    def rowcount(self, short: str, sql: str, **params) -> int:
        with self.engine(short).begin() as c:
            return c.execute(text(sql), params).rowcount

    def refused(self, short: str | None, sql: str, match: str, **params) -> None:
        """The statement fails with SQLSTATE 42501 and a message matching ``match``."""
        eng = self.db.engine if short is None else self.engine(short)
        with pytest.raises(DBAPIError, match=match) as err:
            with eng.begin() as c:
                c.execute(text(sql), params)
        assert isinstance(err.value.orig, psycopg.errors.InsufficientPrivilege), err.value.orig


def drop_roles(db, logins) -> None:
    with db.engine.begin() as c:
        for login in logins:
            if c.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": login}).scalar():
                c.execute(text(f'DROP OWNED BY "{login}"'))
                c.execute(text(f'DROP ROLE "{login}"'))


@pytest.fixture
def server(pg_db, monkeypatch):
    srv = Server(pg_db, uuid.uuid4().hex[:8])
    monkeypatch.setenv("AGENTDESK_PASSWORD", "pw-" + srv.suffix)
    srv.logins += [srv.login(n) for n in ("root", "alice", "bob", "lena", "ada")]
    try:
        assert srv.cli("admin", "init-server", "--admin-login", srv.login("root")) == 0
        with pg_db.session() as s:
            team_a, team_b = Team(name="Cards"), Team(name="Shipping")
            cust_a, cust_b = Customer(name="Choi"), Customer(name="Emily")
            s.add_all([team_a, team_b, cust_a, cust_b])
            s.flush()
            s.add_all([ContactPoint(customer_id=cust_a.id, kind="phone", value="010-1", normalized="0101"),
                       ContactPoint(customer_id=cust_b.id, kind="phone", value="010-2", normalized="0102")])
            made = {}
            for key, team, cust in (("a1", team_a, cust_a), ("a2", team_a, cust_a), ("b1", team_b, cust_b)):
                t = tickets.create_ticket(s, subject=f"ticket {key}", body=f"body {key}", channel="email",
                                          customer_id=cust.id)
                t.team_id = team.id
                made[key] = t
            s.flush()
            srv.ids = {k: t.id for k, t in made.items()} | {"team_a": team_a.id, "team_b": team_b.id,
                                                           "cust_a": cust_a.id, "cust_b": cust_b.id}
        for short, role, team in (("alice", "agent", "Cards"), ("bob", "agent", "Shipping"),
                                  ("lena", "lead", "Cards"), ("ada", "admin", "Cards")):
            assert srv.cli("admin", "add-agent", short.title(), "--login", srv.login(short),
                           "--role", role, "--team", team) == 0
        with pg_db.session() as s:
            srv.ids |= dict(s.execute(text("SELECT login, id FROM agents")).all())
        yield srv
    finally:
        for eng in srv.engines:
            eng.dispose()
        drop_roles(pg_db, srv.logins)


def test_an_agent_reads_only_their_teams_tickets_and_what_hangs_off_them(server):
    numbers = {r.subject for r in server.rows("alice", "SELECT subject FROM tickets")}
    assert numbers == {"ticket a1", "ticket a2"}
    assert server.rows("alice", "SELECT id FROM tickets WHERE id = :id", id=server.ids["b1"]) == []
    assert {r.body for r in server.rows("alice", "SELECT body FROM messages")} == {"body a1", "body a2"}
    assert [r.name for r in server.rows("alice", "SELECT name FROM customers")] == ["Choi"]
    assert [r.value for r in server.rows("alice", "SELECT value FROM contact_points")] == ["010-1"]
    # The other team's agent sees the mirror image: the rule is the team, not the role.
    assert {r.subject for r in server.rows("bob", "SELECT subject FROM tickets")} == {"ticket b1"}
    assert [r.name for r in server.rows("bob", "SELECT name FROM customers")] == ["Emily"]


def test_an_agent_cannot_delete_move_or_reach_other_teams_tickets(server):
    server.refused("alice", "DELETE FROM tickets WHERE id = :id", "permission denied", id=server.ids["a1"])
    # Invisible rows are not there to update.
    assert server.rowcount("alice", "UPDATE tickets SET status = 'open' WHERE id = :id", id=server.ids["b1"]) == 0
    assert server.rowcount("alice", "UPDATE tickets SET status = 'open' WHERE id = :id", id=server.ids["a1"]) == 1
    server.refused("alice", "UPDATE tickets SET team_id = :t WHERE id = :id", "row-level security",
                   t=server.ids["team_b"], id=server.ids["a1"])
    server.refused("alice", "INSERT INTO messages (id, rev, deleted, updated_at, ticket_id, direction, kind, channel, "
                   "body, author_name, created_at) VALUES (gen_random_uuid(), 0, false, now(), :id, 'internal', 'note', "
                   "'email', 'x', '', now())", "row-level security", id=server.ids["b1"])


def test_an_agent_reads_and_writes_only_their_teams_rows_of_the_search_index(server):
    """ticket_fts (migration 0034) holds every team's ticket text; its rowid names the ticket."""
    with server.db.engine.connect() as c:
        number = dict(c.execute(text("SELECT id, number FROM tickets")).all())
    a1, a2, b1 = (number[server.ids[k]] for k in ("a1", "a2", "b1"))
    assert {r[0] for r in server.rows("alice", "SELECT rowid >> 12 FROM ticket_fts")} == {a1, a2}
    server.refused("alice", "INSERT INTO ticket_fts (rowid, tsv) VALUES (:r, 'planted')", "row-level security",
                   r=b1 << 12 | 7)
    assert server.rowcount("alice", "UPDATE ticket_fts SET tsv = 'planted' WHERE rowid = :r", r=b1 << 12) == 0
    assert server.rowcount("alice", "INSERT INTO ticket_fts (rowid, tsv) VALUES (:r, 'x')", r=a1 << 12 | 7) == 1
    server.refused("alice", "DELETE FROM ticket_fts", "permission denied")


def test_an_agent_cannot_raise_their_own_powers(server):
    me = server.login("alice")
    server.refused("alice", "UPDATE agents SET role = 'admin' WHERE login = :me", "permission denied", me=me)
    server.refused("alice", "UPDATE agents SET team_id = :t WHERE login = :me", "permission denied",
                   t=server.ids["team_b"], me=me)
    server.refused("alice", "ALTER TABLE tickets DISABLE ROW LEVEL SECURITY", "must be owner")
    assert server.rowcount("alice", "UPDATE agents SET status = 'break' WHERE login = :me", me=me) == 1
    assert server.rowcount("alice", "UPDATE agents SET status = 'break' WHERE login = :o",
                           o=server.login("bob")) == 0


def test_only_the_team_server_writes_article_vectors(server):
    """kb_meanings (issue 16) is computed by the server's job as the admins' group; a desk
    that could write one would steer every desk's search by meaning."""
    plant = ("INSERT INTO kb_meanings (id, rev, deleted, updated_at, model, text_hash, article_updated_at, vec) "
             "VALUES (:id, 0, false, now(), 'm', 'h', now(), '\\x00')")
    for who in ("alice", "lena"):
        server.refused(who, plant, "permission denied", id=uuid.uuid4())
        server.refused(who, "UPDATE kb_meanings SET vec = '\\x00'", "permission denied")
        assert server.rows(who, "SELECT count(*) FROM kb_meanings")[0][0] == 0  # reading is allowed
    assert server.rowcount("ada", plant, id=uuid.uuid4()) == 1


AUDIT_INSERT = ("INSERT INTO audit_log (id, rev, at, actor_agent_id, entity, entity_id, action, changes) "
                "VALUES (:id, 0, now(), :actor, 'ticket', :ticket, 'note', '{}')")


def test_an_agent_appends_to_the_audit_trail_but_never_rewrites_it(server):
    alice, bob, a1 = server.ids[server.login("alice")], server.ids[server.login("bob")], server.ids["a1"]
    entry = uuid.uuid4()
    assert server.rowcount("alice", AUDIT_INSERT, id=entry, actor=alice, ticket=a1) == 1
    server.refused("alice", AUDIT_INSERT, "row-level security", id=uuid.uuid4(), actor=bob, ticket=a1)
    server.refused("alice", "UPDATE audit_log SET action = 'x' WHERE id = :id", "permission denied", id=entry)
    server.refused("alice", "DELETE FROM audit_log WHERE id = :id", "permission denied", id=entry)
    server.refused("alice", "TRUNCATE audit_log", "permission denied")
    assert [r.action for r in server.rows("alice", "SELECT action FROM audit_log WHERE id = :id", id=entry)] == ["note"]
    # Entries about another team's tickets stay with that team.
    server.rowcount("bob", AUDIT_INSERT, id=uuid.uuid4(), actor=bob, ticket=server.ids["b1"])
    assert {r.actor_agent_id for r in server.rows("alice", "SELECT actor_agent_id FROM audit_log")} == {alice}


def test_even_the_owner_cannot_rewrite_the_audit_trail(server):
    """The trigger binds the table owner (here a superuser's DML too); only the sync stamp passes."""
    with server.db.session() as s:
        s.add(AuditEntry(entity="ticket", entity_id=server.ids["a1"], action="note", changes={}))
    for sql in ("UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log", "TRUNCATE audit_log",
                "UPDATE audit_log SET rev = 12345"):
        server.refused(None, sql, "append-only")
    with server.db.engine.connect() as c:
        has_clock = c.execute(text("SELECT to_regclass('sync_clock') IS NOT NULL")).scalar_one()
    if not has_clock:
        return  # the sync stamp exception needs the sync engine's clock (migration 0006)
    with server.db.engine.begin() as c:
        v = c.execute(text("UPDATE sync_clock SET v = v + 1 WHERE id = 1 RETURNING v")).scalar_one()
        assert c.execute(text("UPDATE audit_log SET rev = :v WHERE rev = 0"), {"v": v}).rowcount > 0
    # Stamped once; a second stamp, even with a fresh version, is a rewrite.
    with pytest.raises(DBAPIError, match="append-only"):
        with server.db.engine.begin() as c:
            v = c.execute(text("UPDATE sync_clock SET v = v + 1 WHERE id = 1 RETURNING v")).scalar_one()
            c.execute(text("UPDATE audit_log SET rev = :v"), {"v": v})


def test_a_lead_manages_their_team_and_only_their_team(server):
    assert server.rowcount("lena", "UPDATE tickets SET priority = 'urgent' WHERE team_id = :t",
                           t=server.ids["team_a"]) == 2
    assert server.rowcount("lena", "UPDATE tickets SET priority = 'urgent' WHERE id = :id", id=server.ids["b1"]) == 0
    assert server.rowcount("lena", "DELETE FROM ticket_tags WHERE ticket_id = :id", id=server.ids["b1"]) == 0
    server.refused("lena", "UPDATE audit_log SET action = 'x'", "permission denied")


def test_an_admin_sees_and_manages_everything_but_the_audit_trail(server):
    assert len(server.rows("ada", "SELECT id FROM tickets")) == 3
    assert len(server.rows("ada", "SELECT id FROM customers")) == 2
    assert server.rowcount("ada", "UPDATE tickets SET team_id = :t WHERE id = :id",
                           t=server.ids["team_a"], id=server.ids["b1"]) == 1
    server.refused("ada", "DELETE FROM audit_log", "permission denied")


def test_init_server_is_rerunnable_without_loosening_anything(server):
    assert server.cli("admin", "init-server", "--admin-login", server.login("root")) == 0
    assert {r.subject for r in server.rows("alice", "SELECT subject FROM tickets")} == {"ticket a1", "ticket a2"}
    server.refused("alice", "DELETE FROM tickets", "permission denied")
    with server.db.engine.connect() as c:
        triggers = c.execute(text("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'audit_log'::regclass "
                                  "AND NOT tgisinternal")).scalar()
    assert triggers == 2


def test_the_servers_own_role_holds_only_what_signing_in_needs(server):
    """Outside a request (no SET ROLE) the server's role reads no ticket, customer or
    audit entry; inside one, no agent (an admin neither) reads a hash or a session."""
    from agentdesk.server.security import SERVER_ROLE

    bare = create_engine(make_url(server.db.url).set(username=SERVER_ROLE, password=None))
    server.engines.append(bare)
    for sql in ("SELECT * FROM tickets", "SELECT * FROM customers", "SELECT * FROM audit_log",
                "UPDATE sync_clock SET v = 0"):
        with pytest.raises(DBAPIError, match="permission denied"):
            with bare.begin() as c:
                c.execute(text(sql))
    with bare.connect() as c:
        assert c.execute(text("SELECT count(*) FROM agent_credentials")).scalar() == 5  # root + four agents
    for who in ("alice", "lena", "ada"):
        for table in ("agent_credentials", "server_sessions"):
            server.refused(who, f"SELECT * FROM {table}", "permission denied")
    # Nobody got a database login: agents sign in to the server.
    with server.db.engine.connect() as c:
        roles = c.execute(text("SELECT rolname FROM pg_roles WHERE rolname LIKE :p"),
                          {"p": f"t{server.suffix}.%"}).scalars().all()
    assert roles == []
