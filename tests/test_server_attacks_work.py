"""A hostile agent against work sessions (issue 13's handle time) on the team server,
through its HTTP API, as tests/test_server_attacks.py: a push cannot record time in
another agent's name, on another team's ticket, of an unknown kind or an absurd length,
nor overwrite a row; a pull brings an agent their own time only and a lead their team's."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from agentdesk.models import WorkSession, utcnow
from agentdesk.sync import protocol as p
from tests.server_attack_support import T, World, m, module_database


@pytest.fixture(scope="module")
def world():
    with module_database() as db:
        w = World(db)
        with db.session() as s:
            amy_row = WorkSession(agent_id=w.ids["amy"], ticket_id=w.ids["a1"], team_id=w.ids["cards"], kind="work",
                                  seconds=120, started_at=utcnow() - timedelta(hours=1))
            bob_row = WorkSession(agent_id=w.ids["bob"], ticket_id=w.ids["b1"], team_id=w.ids["shipping"], kind="talk",
                                  seconds=300, started_at=utcnow() - timedelta(hours=1))
            s.add_all([amy_row, bob_row])
            s.flush()
            w.ids["amy_work"], w.ids["bob_work"] = amy_row.id, bob_row.id
        try:
            yield w
        finally:
            w.close()


def _work(ticket, kind="work", seconds=60, started=None, **extra) -> dict:
    return {"ticket_id": str(ticket), "kind": kind, "seconds": seconds,
            "started_at": (started or utcnow() - timedelta(minutes=5)).isoformat(), **extra}


def _row(world, wid):
    with world.owner.connect() as c:
        return c.execute(select(T["work_sessions"]).where(T["work_sessions"].c.id == wid)).first()


def test_an_agent_records_only_their_own_time_on_their_teams_tickets(world):
    ids = world.ids
    world.refused(
        "alice",
        m(p.Op.WORK_LOG, "work_session", uuid.uuid4(), _work(ids["b1"])),  # another team's ticket
        m(p.Op.WORK_LOG, "work_session", uuid.uuid4(), _work(ids["a1"], agent_id=str(ids["amy"]))),  # in amy's name
        m(p.Op.WORK_LOG, "work_session", uuid.uuid4(), _work(uuid.uuid4())),  # no such ticket
        m(p.Op.WORK_LOG, "work_session", ids["amy_work"], _work(ids["a1"], seconds=86_400)),  # amy's row, rewritten
        m(p.Op.WORK_LOG, "work_session", ids["bob_work"], _work(ids["a1"])),  # bob's id, reused
    )
    assert _row(world, ids["amy_work"]).seconds == 120 and _row(world, ids["bob_work"]).ticket_id == ids["b1"]
    mine = uuid.uuid4()
    ok = world.push("alice", m(p.Op.WORK_LOG, "work_session", mine, _work(ids["a1"], "acw", 90,
                                                                            agent_id=str(ids["alice"]))))
    assert ok.json()["results"][0]["status"] == "applied", ok.json()
    row = _row(world, mine)
    assert (row.agent_id, row.ticket_id, row.kind, row.seconds) == (ids["alice"], ids["a1"], "acw", 90)


@pytest.mark.parametrize("payload", [
    {"kind": "nap"}, {"seconds": 0}, {"seconds": 86_401}, {"seconds": -5}, {"seconds": "60"}, {"seconds": 1.5},
    {"seconds": True}, {"started_at": "yesterday"}, {"started_at": "2026-03-01T10:00:00"},  # no zone
    {"started_at": (utcnow() + timedelta(days=1)).isoformat()}, {"kind": None}, {"ticket_id": "not-an-id"},
])
def test_bad_work_records_are_refused_in_one_clean_line(world, payload):
    world.refused("alice", m(p.Op.WORK_LOG, "work_session", uuid.uuid4(), {**_work(world.ids["a1"]), **payload}))


def test_a_pull_brings_ones_own_time_and_a_lead_their_teams(world):
    ids = world.ids
    alice = world.pulled(world.pull("alice"), "work_sessions")
    assert str(ids["amy_work"]) not in alice and str(ids["bob_work"]) not in alice
    asked = world.pull("alice", refetch=[("work_sessions", ids["amy_work"]), ("work_sessions", ids["bob_work"])])
    assert not world.pulled(asked, "work_sessions").keys() & {str(ids["amy_work"]), str(ids["bob_work"])}
    lena = world.pulled(world.pull("lena"), "work_sessions")
    assert str(ids["amy_work"]) in lena and str(ids["bob_work"]) not in lena
    assert str(ids["bob_work"]) in world.pulled(world.pull("sid"), "work_sessions")
