"""The world of tests/test_server_attacks.py (no tests here): two teams on a real
PostgreSQL behind the in-process team server, and the helpers that push, pull and check
that a refused attack changed nothing and was recorded for its sender only.

One database per test module (building it and applying the rules takes seconds); every
test stays independent of the others: what a test changes for good (a ticket, an agent,
a session) it makes for itself first, refusals are checked against snapshots taken in the
test, and pulls look only at the versions the test's own pushes took.
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import timedelta

from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import InternalError

from agentdesk.db import head_revision
from agentdesk.models import Agent, Base, ContactPoint, Customer, Team, TicketTag, utcnow
from agentdesk.server import auth
from agentdesk.server.app import SCHEMA_HEADER, Limits
from agentdesk.server.security import SERVER_ROLE
from agentdesk.services import followups, knowledge, templates, tickets
from tests.test_sync_support import TeamServer

T = Base.metadata.tables

# What a refused mutation (or a sign-in) still writes: the server's bookkeeping.
BOOKKEEPING = {"sync_clock", "sync_mutations", "sync_conflicts", "server_sessions"}
DATA_TABLES = sorted(set(T) - BOOKKEEPING)

# The shared server must never slow a test down: the limit tests build their own.
UNLIMITED = Limits(requests_per_s=1e6, request_burst=1e6, mutations_per_s=1e6, mutation_burst=1e6,
                   logins_per_min=1e6, login_burst=1e6)

# (login, name, role, team)
AGENTS = (("alice", "Alice", "agent", "Cards"), ("amy", "Amy", "agent", "Cards"), ("lena", "Lena", "lead", "Cards"),
          ("bob", "Bob", "agent", "Shipping"), ("sid", "Sid", "lead", "Shipping"), ("ada", "Ada", "admin", None))
PASSWORDS = {"alice": "alice-correct-horse", "bob": "bob-battery-staple"}

# Wording that would tell a hostile desk what the database holds (or how it is built).
# (`templates` is left out: "the team's templates" is how a refusal says it in English.)
_DB_WORDS = re.compile(
    r"duplicate key|violates|foreign key|constraint|unique|not-null|row-level|policy|permission denied|"
    r"psycopg|sqlalchemy|integrityerror|dataerror|insufficientprivilege|\bsql\b|relation|_pkey|_fkey|"
    r"\b(tickets|messages|customers|contact_points|ticket_tags|follow_ups|kb_articles|article_votes|"
    r"article_uses|audit_log|sync_conflicts|sync_mutations|sync_clock|agent_credentials|server_sessions|presence)\b",
    re.IGNORECASE)


def assert_clean(message: str, *, limit: int = 500) -> None:
    """A refusal a desk may show: one short line, none of the database's words."""
    assert isinstance(message, str) and message.strip(), message
    assert len(message) <= limit, f"{len(message)} characters: {message[:120]}…"
    assert not _DB_WORDS.search(message), message


def m(op: str, entity: str, entity_id, payload, *, mid=None) -> dict:
    """One mutation as a desk pushes it."""
    return {"mutation_id": str(mid or uuid.uuid4()), "op": op, "entity": entity,
            "entity_id": None if entity_id is None else str(entity_id), "base_version": 0, "payload": payload}


def later(hours: float = 1) -> str:
    return (utcnow() + timedelta(hours=hours)).isoformat()


def module_database():
    """A fresh PostgreSQL database, as conftest's pg_db, for a whole module."""
    from tests.conftest import fresh_pg_database

    return fresh_pg_database()


class _Server:
    """`agentdesk server`'s app over the prepared database, as its own role (as TeamServer)."""

    def __init__(self, db, limits: Limits | None):
        from agentdesk.server.app import create_app

        self.engine = create_engine(make_url(db.url).set(username=SERVER_ROLE, password=None), pool_size=2,
                                    max_overflow=4)
        self.app = create_app(self.engine, check=False, pokes=False, limits=limits)

    def close(self) -> None:
        self.engine.dispose()


class World:
    """Cards (alice, amy, lead lena) and Shipping (bob, lead sid), admin ada; each team
    with its customer, tickets, a tag, follow-ups, personal templates; a team template
    and a published article. ``ids`` names every row the attacks aim at."""

    def __init__(self, db):
        self.db = db
        self.owner = db.engine  # the database owner: sees everything, checks the results
        self.ids: dict[str, uuid.UUID] = {}
        self.schema = head_revision()  # what an up-to-date desk sends
        self._servers: list = []
        self._seed()
        self.srv = self.server(UNLIMITED)
        self.http = self.client(self.srv)
        self.tokens = {login: self.srv.token(login) for login, *_ in AGENTS}

    # --- the data -----------------------------------------------------------------------
    def _seed(self) -> None:
        ids = self.ids
        with self.db.session() as s:
            teams = {name: Team(name=name) for name in ("Cards", "Shipping")}
            s.add_all(teams.values())
            s.flush()
            agents = {login: Agent(login=login, name=name, role=role, team_id=teams[team].id if team else None)
                      for login, name, role, team in AGENTS}
            s.add_all(agents.values())
            choi, emily = Customer(name="Choi Younghee"), Customer(name="Emily Clark", language="en")
            s.add_all([choi, emily])
            s.flush()
            s.add_all([ContactPoint(customer_id=choi.id, kind="phone", value="010-1234-5678", normalized="01012345678"),
                       ContactPoint(customer_id=emily.id, kind="email", value="emily@example.com",
                                    normalized="emily@example.com")])
            made = {}
            for key, team, cust in (("a1", "Cards", choi), ("a2", "Cards", choi), ("b1", "Shipping", emily),
                                    ("b2", "Shipping", emily)):
                t = tickets.create_ticket(s, subject=f"ticket {key}", body=f"first message of {key}", channel="email",
                                          customer_id=cust.id, author_name=cust.name)
                t.team_id = teams[team].id  # row-level security goes by the ticket's team
                made[key] = t
            s.flush()
            s.add(TicketTag(ticket_id=made["b1"].id, tag="vip"))
            s.flush()
            soon = utcnow() + timedelta(hours=2)
            bob_fu = followups.create_follow_up(s, agents["bob"], title="call Emily back", due_at=soon,
                                                ticket_ref=made["b1"].id)
            alice_fu = followups.create_follow_up(s, agents["alice"], title="call Choi back", due_at=soon,
                                                  ticket_ref=made["a1"].id)
            team_tpl = templates.save_template(s, agents["lena"], title="Greeting", body="Hello {{ customer.name }}",
                                               scope="team")
            personal = {who: templates.save_template(s, agents[who], title=f"{who}'s own", body="Mine.",
                                                     scope="personal") for who in ("amy", "bob")}
            knowledge.import_articles(s, [{"external_id": "kb-refunds", "title": "Refunds", "body": "How to refund."}])
            s.flush()
            for key, t in made.items():
                ids[key] = t.id
            ids |= {"cards": teams["Cards"].id, "shipping": teams["Shipping"].id, "choi": choi.id, "emily": emily.id,
                    "bob_fu": bob_fu.id, "alice_fu": alice_fu.id, "team_tpl": team_tpl.id,
                    "amy_tpl": personal["amy"].id, "bob_tpl": personal["bob"].id}
            ids |= {login: a.id for login, a in agents.items()}
            conn = s.connection()
            for login, password in PASSWORDS.items():
                auth.set_password(conn, agents[login].id, password)
        with self.owner.connect() as c:
            def q(sql, **kw):
                return c.execute(text(sql), kw).scalar_one()

            ids["b1_msg"] = q("SELECT id FROM messages WHERE ticket_id = :t", t=ids["b1"])
            ids["b1_tag"] = q("SELECT id FROM ticket_tags WHERE ticket_id = :t", t=ids["b1"])
            ids["kb"] = q("SELECT id FROM kb_articles WHERE external_id = 'kb-refunds'")

    def new_ticket(self, team: str = "Cards", subject: str = "a ticket of its own", customer: str | None = None,
                   channel: str = "chat"):
        """A ticket only the calling test touches; its customer is the team's own unless
        the test names another (a new one: "new")."""
        with self.db.session() as s:
            if customer == "new":
                c = Customer(name="Walk-in")
                s.add(c)
                s.flush()
                customer_id = c.id
            else:
                customer_id = self.ids[customer or ("choi" if team == "Cards" else "emily")]
            t = tickets.create_ticket(s, subject=subject, body="hello", channel=channel, customer_id=customer_id)
            t.team_id = self.ids[team.lower()]
            s.flush()
            return t.id

    def new_agent(self, login: str, role: str = "agent", team: str | None = "Cards", password: str | None = None):
        with self.db.session() as s:
            a = Agent(login=login, name=login.title(), role=role, team_id=self.ids[team.lower()] if team else None)
            s.add(a)
            s.flush()
            if password:
                auth.set_password(s.connection(), a.id, password)
            return a.id

    def principal(self, login: str) -> auth.Principal:
        with self.owner.connect() as c:
            return auth.Principal.from_row(c.execute(select(T["agents"]).where(T["agents"].c.login == login)).one())

    # --- servers and requests -----------------------------------------------------------
    def server(self, limits: Limits | None = None):
        """Another server process over the same database, with rate-limit buckets of its
        own. The first applies the security rules (TeamServer); later ones only connect:
        re-running ALTER ROLE races other test runs on the cluster (roles are shared)."""
        if not self._servers:
            for attempt in range(3):
                try:
                    srv = TeamServer(self.db, limits=limits)
                    break
                except InternalError as exc:  # "tuple concurrently updated": another run's init
                    if attempt == 2 or "concurrently" not in str(exc):
                        raise
        else:
            srv = _Server(self.db, limits)
        self._servers.append(srv)
        return srv

    def client(self, srv: TeamServer, address: tuple[str, int] = ("testclient", 50000)):
        from starlette.testclient import TestClient

        # raise_server_exceptions=False: a crash is seen as the 500 a desk would get.
        return TestClient(srv.app, base_url="http://127.0.0.1", raise_server_exceptions=False, client=address)

    def headers(self, login: str | None = None, token: str | None = None) -> dict:
        out = {SCHEMA_HEADER: self.schema, "content-type": "application/json"}
        token = token or (self.tokens[login] if login else None)
        if token:
            out["Authorization"] = f"Bearer {token}"
        return out

    def post(self, path: str, body, login: str | None = None, *, token: str | None = None, client=None):
        content = body if isinstance(body, (bytes, str)) else json.dumps(body)
        return (client or self.http).post(path, content=content, headers=self.headers(login, token))

    def push(self, login: str, *mutations, client=None, token: str | None = None):
        return self.post("/api/v1/push", {"client_id": str(uuid.uuid4()), "mutations": list(mutations)}, login,
                         client=client, token=token)

    def pull(self, login: str, *, after: int | None = None, refetch=()) -> list[dict]:
        """The feed's events for ``login``: a full pull, or the versions after ``after``."""
        body = {"after": -1, "window": 5000, "refetch": [[t, str(i)] for t, i in refetch]}
        if after is not None:
            with self.owner.connect() as c:
                body["epoch"] = str(c.execute(text("SELECT epoch FROM sync_clock WHERE id = 1")).scalar_one())
            body["after"] = after
        r = self.post("/api/v1/pull", body, login)
        assert r.status_code == 200, r.text[:300]
        events = [json.loads(line) for line in r.text.splitlines() if line.strip()]
        assert events[0]["type"] == "begin" and events[-1]["type"] == "end", events[-1]
        return events

    @staticmethod
    def pulled(events: list[dict], table: str) -> dict[str, dict]:
        """{id: row} of ``table`` anywhere in a pull (rows, parents, refetch, tags)."""
        out = {}
        for e in events:
            if e.get("table") == table and e["type"] in ("rows", "parents", "refetch"):
                out |= {r["id"]: r for r in e["rows"]}
            if table == "ticket_tags" and e["type"] == "refetch":
                out |= {r["id"]: r for r in e.get("tags", ())}
        return out

    def clock(self) -> int:
        with self.owner.connect() as c:
            return int(c.execute(text("SELECT v FROM sync_clock WHERE id = 1")).scalar_one())

    # --- checking -----------------------------------------------------------------------
    def snapshot(self) -> dict[str, list[str]]:
        """Every data row of the database (all but the sync bookkeeping), as the owner sees it."""
        with self.owner.connect() as c:
            return {name: sorted(repr(tuple(r)) for r in c.execute(select(T[name]))) for name in DATA_TABLES}

    def assert_unchanged(self, before: dict) -> None:
        after = self.snapshot()
        changed = {name: (sorted(set(before[name]) - set(after[name]))[:3],
                          sorted(set(after[name]) - set(before[name]))[:3])
                   for name in DATA_TABLES if before[name] != after[name]}
        assert not changed, f"the attack changed data (table: (gone, new)): {changed}"

    def conflicts(self, mutation_id) -> list:
        sc = T["sync_conflicts"]
        with self.owner.connect() as c:
            return c.execute(select(sc).where(sc.c.mutation_id == uuid.UUID(str(mutation_id)))).all()

    def refused(self, login: str, *mutations, hidden_from=("amy", "lena", "bob")) -> list[dict]:
        """Pushes ``mutations`` as ``login`` and checks each was (a) rejected with a clean
        message, (b) changed no data, (c) recorded as a 'rejected' conflict of the sender
        that the sender pulls and the agents of ``hidden_from`` do not."""
        before = self.snapshot()
        r = self.push(login, *mutations)
        assert r.status_code == 200, (r.status_code, r.text[:300])
        body = r.json()
        assert "error" not in body, body
        results = body["results"]
        assert [x["status"] for x in results] == ["rejected"] * len(mutations), results
        for x in results:
            assert_clean(x["message"])
        self.assert_unchanged(before)
        sender = self.ids[login] if login in self.ids else self.principal(login).agent_id
        recorded = []
        for mutation in mutations:
            rows = self.conflicts(mutation["mutation_id"])
            assert [(c.kind, c.resolution, c.agent_id, c.other_agent_id) for c in rows] == \
                [("rejected", "rejected", sender, None)], rows
            assert_clean(rows[0].message)
            recorded.append(str(rows[0].id))
        since = min(x["version"] for x in results) - 1
        assert set(recorded) <= set(self.pulled(self.pull(login, after=since), "sync_conflicts"))
        for other in hidden_from:
            if other != login:
                leaked = set(recorded) & set(self.pulled(self.pull(other, after=since), "sync_conflicts"))
                assert not leaked, f"{other} pulled {login}'s refusals"
        return results

    def close(self) -> None:
        self.http.close()
        for srv in self._servers:
            srv.close()
