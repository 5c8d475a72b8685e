"""Routing in a team workspace (issue 13), through the real team server on PostgreSQL:
new tickets from two agents' apps pushed at the same moment are routed once each, in
turn, from a pointer that is never stale; the age rules run on the server once per ticket;
a hostile desk cannot change rules or profiles it may not, and reassigning follows the
team; agents pull their own team's rules only."""

from __future__ import annotations

import threading
import time
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, select, text, update
from sqlalchemy.engine import make_url

from agentdesk import routing
from agentdesk.models import Agent, Ticket, utcnow
from agentdesk.server.apply import ServerApplier
from agentdesk.server.feed import stamp_unversioned
from agentdesk.server.routing import run_tick
from agentdesk.server.security import SERVER_ROLE
from agentdesk.services import intake
from agentdesk.services import routing as svc
from agentdesk.services.common import NotAllowed, current_agent
from agentdesk.sync import capture
from agentdesk.sync import protocol as p
from tests.factories import seed_small
from tests.server_attack_support import T, World, m, module_database
from tests.test_sync_support import client, close, replica, secure, team_server


# --- two desks at once (the concurrency of issue 13's tests) ------------------------------
@pytest.fixture
def team(pg_db, tmp_path):
    ids = seed_small(pg_db)
    with pg_db.session() as s:  # the lead's round robin, as the server's own handler stores it
        svc.save_rules(s, current_agent(s, "park.lead"), None, "round_robin", routing.default_priority_rules())
    stamp_unversioned(pg_db.engine)
    reps = {}
    for login in ("kim.minji", "lee.junho"):
        rep = replica(tmp_path, login, login)
        reps[login] = (rep, client(rep, pg_db))
        capture.install(rep.db, login)
    yield pg_db, ids, reps
    for rep, c in reps.values():
        c.close()
        close(rep)


def _routing_entries(conn) -> list:
    """The routing assignments the audit trail holds, in commit order (rev = the version of
    the transaction that wrote it)."""
    audit = T["audit_log"]
    rows = conn.execute(select(audit.c.entity_id, audit.c.changes, audit.c.rev).where(audit.c.entity == "ticket")
                        .order_by(audit.c.rev)).all()
    return [r for r in rows if "rule" in (r.changes or {}) and "assignee" in r.changes]


def test_two_apps_creating_tickets_at_once_get_them_routed_once_each_in_turn(team):
    server, ids, reps = team
    per_desk = 6
    made: dict[str, list] = {}
    for login, (rep, _c) in reps.items():
        with rep.db.session() as s:
            me = current_agent(s, login)
            made[login] = [intake.create_ticket(s, me, customer_id=None, subject=f"{login} {n}", channel="chat",
                                                body="안녕하세요", first_kind="inbound", assignee="none").id
                           for n in range(per_desk)]
        with rep.db.session() as s:  # the desk never assigns by rule itself: unassigned until the pull
            assert {s.get(Ticket, tid).assignee_id for tid in made[login]} == {None}
    barrier = threading.Barrier(2)
    errors: list = []

    def push(c):
        barrier.wait()
        result = c.push_once()
        if result.error or result.applied != per_desk:
            errors.append(result)

    threads = [threading.Thread(target=push, args=(c,)) for _rep, c in reps.values()]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    created = {tid for tids in made.values() for tid in tids}
    with server.engine.connect() as conn:
        rows = conn.execute(select(T["tickets"].c.id, T["tickets"].c.assignee_id)
                            .where(T["tickets"].c.id.in_(created))).all()
        entries = [e for e in _routing_entries(conn) if e.entity_id in created]
        logins = dict(conn.execute(select(T["agents"].c.id, T["agents"].c.login)).all())
    assert len(rows) == 2 * per_desk and all(r.assignee_id is not None for r in rows)
    # One routing entry per ticket, naming the rule, and it says who the ticket went to.
    assert sorted(e.entity_id for e in entries) == sorted(created)
    owner = {r.id: logins[r.assignee_id] for r in rows}
    assert all(e.changes == {"assignee": [None, owner[e.entity_id]], "rule": [None, "routing:round_robin"]}
               for e in entries)
    # In commit order the two agents alternate: nobody got two in a row while the other,
    # just as eligible, was skipped (a stale pointer would give one agent both).
    sequence = [owner[e.entity_id] for e in entries]
    assert all(a != b for a, b in zip(sequence, sequence[1:])), sequence
    assert sorted(set(sequence)) == ["kim.minji", "lee.junho"]
    for _rep, c in reps.values():  # and the desks then show the server's assignment
        c.pull_once()
    for login, (rep, _c) in reps.items():
        with rep.db.session() as s:
            assert all(logins[s.get(Ticket, tid).assignee_id] == owner[tid] for tid in made[login])


def _create(number_hint: int, subject: str = "문의") -> dict:
    tid = uuid.uuid4()
    return m(p.Op.TICKET_CREATE, "ticket", tid, {
        "subject": subject, "channel": "chat", "priority": "normal", "category": "", "customer_id": None,
        "assignee_id": None, "number": -number_hint, "tags": [],
        "message": {"id": str(uuid.uuid4()), "kind": "inbound", "body": "안녕하세요"}})


def test_a_create_waits_for_whoever_holds_the_teams_pointer(pg_db):
    """Routing locks the team's pointer row to commit: a create that comes while another
    transaction holds it (and has moved it) waits, then routes from the moved pointer. A
    create reading the old pointer would give the same agent the next ticket again."""
    ids = seed_small(pg_db)
    secure(pg_db)
    with pg_db.session() as s:
        svc.save_rules(s, current_agent(s, "park.lead"), None, "round_robin", [])
        team_id = s.get(Agent, ids["me"]).team_id
    state = T["routing_state"]
    with pg_db.engine.begin() as c:
        c.execute(state.insert().values(team_id=team_id, last_assigned_agent_id=ids["me"], updated_at=utcnow()))
    results: dict[str, dict] = {}
    with pg_db.engine.connect() as other:
        other.begin()
        other.execute(select(state).where(state.c.team_id == team_id).with_for_update())
        other.execute(update(state).where(state.c.team_id == team_id).values(last_assigned_agent_id=ids["other"]))
        worker = threading.Thread(target=lambda: results.setdefault(
            "create", ServerApplier(pg_db.engine).apply(_create(1), "kim.minji", uuid.uuid4())))
        worker.start()
        time.sleep(0.5)
        assert "create" not in results  # waiting on the pointer's row lock
        other.commit()
    worker.join(10)
    assert results["create"]["status"] == "applied", results
    assert results["create"]["applied"]["assignee_id"] == str(ids["me"])  # after lee.junho: kim.minji again


def test_a_replayed_create_is_routed_once(pg_db):
    seed_small(pg_db)
    secure(pg_db)
    with pg_db.session() as s:
        svc.save_rules(s, current_agent(s, "park.lead"), None, "round_robin", routing.default_priority_rules())
    applier = ServerApplier(pg_db.engine)
    mutation = _create(1, subject="카드 분실 신고")
    first = applier.apply(mutation, "kim.minji", uuid.uuid4())
    again = applier.apply(mutation, "kim.minji", uuid.uuid4())
    assert first == again and first["applied"]["priority"] == "urgent"
    with pg_db.engine.connect() as conn:
        entries = [e for e in _routing_entries(conn) if str(e.entity_id) == mutation["entity_id"]]
        raised = conn.execute(select(T["audit_log"].c.changes).where(
            T["audit_log"].c.entity_id == uuid.UUID(mutation["entity_id"]))).scalars().all()
        pointer = conn.execute(select(T["routing_state"].c.last_assigned_agent_id)).scalar()
    assert len(entries) == 1 and str(pointer) == first["applied"]["assignee_id"]
    assert [c for c in raised if "priority" in c and "rule" in c] == [
        {"priority": ["normal", "urgent"], "rule": [None, "keyword:분실"]}]


def test_the_age_rules_run_on_the_server_once_per_ticket(pg_db):
    ids = seed_small(pg_db)
    with pg_db.session() as s:
        svc.save_rules(s, current_agent(s, "park.lead"), None, "manual", [{"kind": "age", "minutes": 20}])
    team_server(pg_db)  # the database secured as init-server leaves it; the server's own role below
    engine = create_engine(make_url(pg_db.url).set(username=SERVER_ROLE, password=None))
    try:
        clock = lambda: pg_db.engine.connect().execute(text("SELECT v FROM sync_clock")).scalar()  # noqa: E731
        before = clock()
        # seed_small's #t2 is urgent already; #t1 (high, 2 h old) and #t3 (normal, a day old) wait unanswered.
        assert run_tick(engine) == 2
        assert clock() == before + 1  # one version for the run: the desks pull the raised tickets
        assert run_tick(engine, utcnow() + timedelta(hours=1)) == 0  # once per ticket and rule
        with pg_db.engine.connect() as conn:
            got = dict(conn.execute(select(T["tickets"].c.number, T["tickets"].c.priority)).all())
            marks = conn.execute(select(T["routing_escalations"].c.rule)).scalars().all()
            entries = [c for c in conn.execute(select(T["audit_log"].c.changes)).scalars() if "rule" in c]
        assert (got[ids["t1"]], got[ids["t2"]], got[ids["t3"]]) == ("urgent", "urgent", "high")
        assert marks == ["age:20", "age:20"]
        assert sorted(e["priority"][1] for e in entries) == ["high", "urgent"]
        assert all(e["rule"] == [None, "age:20"] for e in entries)
    finally:
        engine.dispose()


# --- a hostile desk ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def world():
    with module_database() as db:
        w = World(db)
        try:
            yield w
        finally:
            w.close()


def _save(team_id, mode="round_robin", rules=None, **extra) -> dict:
    return m(p.Op.ROUTING_SAVE, "routing_rules", routing.rules_id(team_id),
             {"team_id": str(team_id), "mode": mode, "priority_rules": rules if rules is not None else [], **extra})


def _profile(agent_id, **payload) -> dict:
    return m(p.Op.AGENT_PROFILE, "agent", agent_id, payload)


def _agent(world, login):
    with world.owner.connect() as c:
        return c.execute(select(T["agents"]).where(T["agents"].c.login == login)).one()


def test_agents_and_other_teams_leads_cannot_change_routing_or_profiles(world):
    ids = world.ids
    alice, amy, bob = (_agent(world, x) for x in ("alice", "amy", "bob"))
    refused = world.refused(
        "alice",
        _save(ids["cards"]),  # her own team's rules: leads only
        _save(ids["shipping"], "least_loaded"),
        _profile(amy.id, capacity=99),  # a teammate's
        _profile(alice.id, capacity=alice.capacity + 1),  # raising her own
        _profile(alice.id, skills={"channels": ["chat"]}),  # her own skills
        _profile(bob.id, capacity=0),
    )
    assert [r["code"] for r in refused] == ["routing.leads_only"] * 2 + [
        "routing.profile_leads_only", "routing.own_capacity_raise", "routing.profile_leads_only",
        "routing.profile_leads_only"]
    refused = world.refused("sid", _save(ids["cards"], "manual"), _profile(alice.id, capacity=1),
                            hidden_from=("alice", "lena"))
    assert [r["code"] for r in refused] == ["routing.leads_only", "routing.profile_leads_only"]


def test_broken_rules_and_profiles_are_refused_in_one_coded_line(world):
    ids, alice = world.ids, _agent(world, "alice")
    refused = world.refused(
        "lena",
        _save(ids["cards"], "fastest"),
        _save(ids["cards"], rules=[{"kind": "keyword", "keywords": ["x" * 500], "priority": "urgent"}]),
        _save(ids["cards"], rules=[{"kind": "age", "minutes": 10}] * 21),
        _save(ids["cards"], mode="manual", sneaky=True),
        m(p.Op.ROUTING_SAVE, "routing_rules", uuid.uuid4(), {"team_id": str(ids["cards"]), "mode": "manual",
                                                             "priority_rules": []}),
        _profile(alice.id, capacity=10_000),
        _profile(alice.id, skills={"channels": ["fax"]}),
        _profile(alice.id, role="admin"),
        hidden_from=("alice", "bob"))
    assert [r["code"] for r in refused] == [
        "routing.mode", "routing.rule_entry", "routing.too_many_rules", "server.routing_fields", "server.routing_id",
        "routing.capacity", "routing.skill_value", "server.profile_fields"]


def test_a_lead_sets_the_teams_rules_and_agents_profiles_and_only_the_team_pulls_them(world):
    ids, alice = world.ids, _agent(world, "alice")
    before = world.clock()
    r = world.push("lena", _save(ids["cards"], "skills", routing.default_priority_rules()),
                   _profile(alice.id, capacity=7, skills={"channels": ["chat"], "languages": ["ko"]}))
    results = r.json()["results"]
    assert [x["status"] for x in results] == ["applied", "applied"], results
    me = _agent(world, "alice")
    assert me.capacity == 7 and me.skills == {"channels": ["chat"], "languages": ["ko"], "categories": []}
    rid = str(routing.rules_id(ids["cards"]))
    assert rid in world.pulled(world.pull("alice", after=before), "routing_rules")
    assert rid not in world.pulled(world.pull("bob", after=before), "routing_rules")
    assert rid not in world.pulled(world.pull("bob"), "routing_rules")  # not in a full pull either
    assert str(alice.id) in world.pulled(world.pull("alice", after=before), "agents")
    # Alice lowers her own capacity: hers to lower.
    assert world.push("alice", _profile(alice.id, capacity=3)).json()["results"][0]["status"] == "applied"
    assert _agent(world, "alice").capacity == 3
    with world.owner.connect() as c:  # leave the world as other tests expect it
        c.execute(update(T["agents"]).where(T["agents"].c.id == alice.id).values(capacity=alice.capacity, skills={}))
        c.commit()


def test_reassigning_follows_the_team(world):
    """An agent cannot hand another team's ticket to anyone; a lead reassigns within
    their team."""
    ids, amy = world.ids, _agent(world, "amy")
    refused = world.refused("alice", m(p.TICKET_UPDATE, "ticket", ids["b1"],
                                       {"fields": {"assignee_id": [None, str(_agent(world, "alice").id)]}}))
    # Row-level security hides the other team's ticket: refused as one that is not there.
    assert refused[0]["code"] in ("server.ticket_gone", "server.ticket_other_team")
    mine = world.new_ticket("Cards", subject="to be reassigned")
    with world.owner.connect() as c:
        current = c.execute(select(T["tickets"].c.assignee_id).where(T["tickets"].c.id == mine)).scalar()
    r = world.push("lena", m(p.TICKET_UPDATE, "ticket", mine, {"fields": {"assignee_id": [p.plain(current),
                                                                                          str(amy.id)]}}))
    assert r.json()["results"][0]["status"] == "applied", r.json()
    with world.owner.connect() as c:
        assert c.execute(select(T["tickets"].c.assignee_id).where(T["tickets"].c.id == mine)).scalar() == amy.id


def test_a_leads_desk_saves_rules_and_profiles_through_the_outbox(pg_db, tmp_path):
    """The supervisor view's services on a lead's replica: routing.save and agent.profile
    are queued, the server applies them, the team's desks pull them; an agent's desk is
    refused before anything is queued."""
    ids = seed_small(pg_db)
    stamp_unversioned(pg_db.engine)
    lead, agent = replica(tmp_path, "lead", "park.lead"), replica(tmp_path, "kim", "kim.minji")
    desks = [(lead, client(lead, pg_db)), (agent, client(agent, pg_db))]
    try:
        for rep, _c in desks:
            capture.install(rep.db, rep.agent_login)
        (_, cl), (_, ck) = desks
        with lead.db.session() as s:
            me = current_agent(s, "park.lead")
            svc.save_rules(s, me, None, "least_loaded", [{"kind": "channel", "channels": ["phone"], "priority": "high"},
                                                         {"kind": "age", "minutes": 30}])
            svc.set_agent_profile(s, me, "lee.junho", capacity=4, skills={"channels": ["phone"]})
        assert [e.op for e in lead.outbox(pending_only=True)] == ["routing.save", "agent.profile"]
        pushed, _ = cl.sync_once()
        assert pushed.applied == 2 and pushed.rejected == 0, pushed
        with pg_db.session() as s:
            assert svc.get_rules(s, "카드상담팀").mode == "least_loaded"
            other = s.get(Agent, ids["other"])
            assert (other.capacity, other.skills["channels"]) == (4, ["phone"])
        ck.sync_once()
        with agent.db.session() as s:  # the team's desks see the rules and the profile
            me = current_agent(s, "kim.minji")
            assert svc.get_rules(s, None, me).priority_rules == [
                {"kind": "channel", "channels": ["phone"], "priority": "high"}, {"kind": "age", "minutes": 30}]
            with pytest.raises(NotAllowed) as e:
                svc.save_rules(s, me, None, "manual", [])
            assert e.value.code == "routing.leads_only"
            assert svc.escalate_aged(s, utcnow() + timedelta(days=3)) == []  # the server's job, not a desk's
        assert agent.outbox(pending_only=True) == []
    finally:
        for rep, c in desks:
            c.close()
            close(rep)
