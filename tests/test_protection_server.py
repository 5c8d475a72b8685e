"""Agent protection in a team workspace (issue 13): an agent's desk records a warning, the
end of an abusive contact and a protective break through the ordinary services; the
capture sends the script message first and the incident after it; the team server checks
each step again and stamps its own time; the lead's replica pulls the incident and its
alert reads it; a teammate and another team pull nothing. Then a hostile desk: every
crafted incident.record is refused, changes nothing and says nothing about the database.

The hostile world (Cards: alice, amy, lead lena; Shipping: bob, lead sid; admin ada) is
tests/server_attack_support.py, over a real PostgreSQL behind the in-process server."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from agentdesk import protection_rules as pr
from agentdesk.models import ChangeKind, ProtectionIncident
from agentdesk.server import scope
from agentdesk.server.feed import stamp_unversioned
from agentdesk.services import protection, tickets
from agentdesk.services.common import current_agent
from agentdesk.sync import capture
from agentdesk.sync import protocol as p
from tests import server_attack_support as attack
from tests.factories import seed_small
from tests.test_sync_support import T, client, close, replica


# --- desks and the server ------------------------------------------------------------------------
@pytest.fixture
def team(pg_db, tmp_path):
    ids = seed_small(pg_db)
    stamp_unversioned(pg_db.engine)
    desks = {}
    for login in ("kim.minji", "park.lead", "lee.junho"):
        rep = replica(tmp_path, login, login)
        desks[login] = (rep, client(rep, pg_db))
        capture.install(rep.db, login)
    yield pg_db, ids, desks
    for rep, c in desks.values():
        c.close()
        close(rep)


def _server_incidents(db) -> list:
    with db.engine.connect() as conn:
        t = T["protection_incidents"]
        return conn.execute(select(t).order_by(t.c.created_at)).all()


def test_an_agents_steps_reach_the_server_and_the_leads_desk_alone(team):
    server, ids, desks = team
    (kim, ck), (lead, cl), (lee, ce) = desks["kim.minji"], desks["park.lead"], desks["lee.junho"]
    with kim.db.session() as s:
        me = current_agent(s, "kim.minji")
        t3 = tickets.resolve_ticket(s, ids["t3"]).id
        sent = protection.send_warning(s, me, t3, 1)
    with kim.db.session() as s:
        protection.end_contact(s, current_agent(s, "kim.minji"), t3, "두 차례 경고 후에도 욕설")
    with kim.db.session() as s:
        protection.take_break(s, current_agent(s, "kim.minji"), t3)
    # The script message first, then its incident; ending: the incident, the status, the tag.
    assert [e.op for e in kim.outbox()] == [p.MESSAGE_INSERT, p.INCIDENT_RECORD, p.INCIDENT_RECORD,
                                           p.TICKET_UPDATE, p.TAG_ADD, p.INCIDENT_RECORD, p.AGENT_STATUS]
    pushed, pulled = ck.sync_once()
    assert pushed.applied == 7 and pushed.rejected == 0, ck.status().last_error
    rows = _server_incidents(server)
    assert [(r.kind, r.agent_id, r.protective) for r in rows] == [
        ("warning_1", ids["me"], False), ("ended", ids["me"], False), ("break", ids["me"], True)]
    assert rows[0].message_id == sent.message.id and rows[0].rev > 0
    assert rows[1].reason == "두 차례 경고 후에도 욕설" and all(r.team_id is not None for r in rows)
    with server.session() as s:
        d = tickets.get_detail(s, ids["t3"])
        assert d.status == "solved" and pr.ABUSE_TAG in d.tags
        assert s.scalar(select(T["agents"].c.status).where(T["agents"].c.login == "kim.minji")) == "break"
    with kim.db.session() as s:  # the desk holds the server's rows now (its time, its rev)
        assert {(i.id, i.created_at, i.rev) for i in s.scalars(select(ProtectionIncident))} == \
            {(r.id, r.created_at, r.rev) for r in rows}

    pulled = cl.pull_once()
    assert pulled is not None and (ChangeKind.PROTECTION, None) in pulled.changes(20)
    with lead.db.session() as s:
        notices, total = protection.unnotified(s, current_agent(s, "park.lead"))
        assert total == 3 and {n.kind for n in notices} == {"warning_1", "ended", "break"}
        assert notices[0].agent_name == "김민지" and notices[0].ticket_number == ids["t3"]
        protection.mark_notified(s, [n.id for n in notices])
    assert lead.outbox() == []  # the alert's marker never travels
    cl.pull_once()
    with lead.db.session() as s:  # and a pull keeps it
        assert protection.unnotified(s, current_agent(s, "park.lead")) == ([], 0)

    ce.pull_once()  # a teammate: not their incidents
    with lee.db.session() as s:
        assert s.scalars(select(ProtectionIncident)).all() == []


# --- a hostile desk --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def world():
    with attack.module_database() as db:
        w = attack.World(db)
        try:
            yield w
        finally:
            w.close()


def _record(ticket_id, kind="ended", reason="욕설", message_id=None, incident_id=None, **extra) -> dict:
    payload = {"ticket_id": str(ticket_id), "kind": kind, "reason": reason,
               "message_id": None if message_id is None else str(message_id), **extra}
    return attack.m(p.INCIDENT_RECORD, "protection_incident", incident_id or uuid.uuid4(), payload)


def _reply(ticket_id, body="고객님, 폭언을 멈춰 주세요.") -> dict:
    return attack.m(p.MESSAGE_INSERT, "message", uuid.uuid4(), {"ticket_id": str(ticket_id), "kind": "reply",
                                                                 "body": body})


def _pushed_ok(world, login, *mutations):
    results = world.push(login, *mutations).json()["results"]
    assert [r["status"] for r in results] == ["applied"] * len(mutations), results
    return results


def test_a_warning_names_the_agents_own_script_on_that_ticket(world):
    ids = world.ids
    mine, other = world.new_ticket("Cards"), world.new_ticket("Cards")
    my_reply, amys_reply, elsewhere = _reply(mine), _reply(mine), _reply(other)
    _pushed_ok(world, "alice", my_reply, elsewhere)
    _pushed_ok(world, "amy", amys_reply)
    refused = world.refused("alice",
                            _record(mine, "warning_1", "", None),  # no script
                            _record(mine, "warning_1", "", amys_reply["entity_id"]),  # a colleague's reply
                            _record(mine, "warning_2", "", elsewhere["entity_id"]),  # another ticket's
                            _record(mine, "warning_1", "", uuid.uuid4()),  # no such message
                            _record(mine, "ended", "욕설", my_reply["entity_id"]))  # ending names no message
    assert [r["code"] for r in refused] == ["protection.script_needed", "protection.script_mismatch",
                                            "protection.script_mismatch", "protection.script_mismatch",
                                            "protection.no_message"]
    ok = _record(mine, "warning_2", "", my_reply["entity_id"])  # a second warning first: recorded as it came
    _pushed_ok(world, "alice", ok)
    with world.owner.connect() as c:
        row = c.execute(select(T["protection_incidents"]).where(
            T["protection_incidents"].c.id == uuid.UUID(ok["entity_id"]))).one()
    assert (row.agent_id, row.kind, row.team_id) == (ids["alice"], "warning_2", ids["cards"])


def test_forged_fields_other_teams_and_bad_values_are_refused(world):
    ids = world.ids
    mine, theirs = world.new_ticket("Cards"), world.new_ticket("Shipping")
    refused = world.refused(
        "alice",
        _record(mine, agent_id=str(ids["amy"])),  # for someone else
        _record(mine, protective=True),  # the server's to derive
        _record(mine, created_at="2020-01-01T00:00:00+00:00"),
        _record(theirs),  # another team's ticket: hidden by row-level security, as if gone
        _record(mine, kind="deleted"),
        _record(mine, reason=""),  # ending needs a reason
        _record(mine, reason="욕" * (pr.REASON_MAX + 1)),
        _record(mine, reason=["not", "text"]),
        _record("not-a-uuid"),
        attack.m(p.INCIDENT_RECORD, "protection_incident", "nope", {"ticket_id": str(mine), "kind": "break"}),
    )
    assert [r["code"] for r in refused] == [
        "server.incident_fields", "server.incident_fields", "server.incident_fields", "server.ticket_gone",
        "protection.kind", "protection.reason_needed", "protection.reason_long", "protection.reason_text",
        "server.invalid_id", "server.entity_id"]  # the last is refused before any handler runs


def test_a_lead_records_no_incident_for_an_agent_and_an_id_is_never_taken_over(world):
    ids = world.ids
    ticket = world.new_ticket("Cards")
    alices = _record(ticket, "break", "")
    _pushed_ok(world, "alice", alices)
    before = world.snapshot()
    # Lena (the lead) sends the same id with her own content: nothing of Alice's row changes,
    # and the answer says nothing about it.
    r = world.push("lena", _record(ticket, "ended", "forged", incident_id=alices["entity_id"])).json()["results"][0]
    assert r["status"] == "applied"
    after = world.snapshot()
    assert after["protection_incidents"] == before["protection_incidents"]
    with world.owner.connect() as c:
        row = c.execute(select(T["protection_incidents"]).where(
            T["protection_incidents"].c.id == uuid.UUID(alices["entity_id"]))).one()
    assert (row.agent_id, row.kind, row.reason) == (ids["alice"], "break", "")


def test_who_pulls_an_incident_the_agent_their_lead_an_admin_and_nobody_else(world):
    ticket = world.new_ticket("Cards")
    since = world.clock()
    rec = _record(ticket, "ended", "위협")
    _pushed_ok(world, "alice", rec)
    iid = rec["entity_id"]
    for login, sees in (("alice", True), ("lena", True), ("ada", True), ("amy", False), ("bob", False),
                        ("sid", False)):
        got = world.pulled(world.pull(login, after=since), "protection_incidents")
        assert (iid in got) == sees, login
    # The second wall: under row-level security a teammate's query finds nothing either.
    with scope.as_agent(world.srv.engine, world.principal("amy")) as conn:
        assert conn.execute(select(T["protection_incidents"])).all() == []
    with scope.as_agent(world.srv.engine, world.principal("lena")) as conn:
        assert uuid.UUID(iid) in set(conn.scalars(select(T["protection_incidents"].c.id)))


def test_a_queued_incident_survives_a_full_resync_before_it_is_sent(team):
    """After a server restore (a new epoch) the desk resyncs in full and drops rows the
    server lacks; the queued incident is put back (rebase) and sent after, with its warning."""
    from agentdesk.server.feed import new_epoch

    server, ids, desks = team
    kim, ck = desks["kim.minji"]
    with kim.db.session() as s:
        sent = protection.send_warning(s, current_agent(s, "kim.minji"), tickets.resolve_ticket(s, ids["t2"]).id, 1)
    new_epoch(server.engine)
    ck.pull_once()  # the full resync, before the push
    with kim.db.session() as s:
        [row] = s.scalars(select(ProtectionIncident)).all()
        assert (row.id, row.kind, row.message_id) == (sent.incident.id, "warning_1", sent.message.id)
    pushed, _ = ck.sync_once()
    assert pushed.applied == 2 and pushed.rejected == 0, pushed
    assert [(r.id, r.kind) for r in _server_incidents(server)] == [(sent.incident.id, "warning_1")]
