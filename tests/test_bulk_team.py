"""Bulk actions in a team workspace: the replica's capture turns one bulk action into
ordinary per-ticket mutations carrying the action's mark; the team server applies (or
refuses) each one by role and team and writes the mark into its own audit entries."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from agentdesk.models import Agent, AuditEntry, SyncOutbox, Team, Ticket, utcnow
from agentdesk.server.feed import stamp_unversioned
from agentdesk.services import bulk, tickets
from agentdesk.services.bulk import BulkChange
from agentdesk.services.common import current_agent
from agentdesk.sync import capture
from agentdesk.sync import protocol as p
from tests.factories import seed_small, team_id
from tests.server_attack_support import World, m, module_database
from tests.test_sync_support import client, close, replica

N = 200


@pytest.fixture
def team(pg_db, tmp_path):
    seed_small(pg_db)
    with pg_db.session() as s:
        team = team_id(s)
        base = utcnow() - timedelta(hours=2)
        ours = [tickets.create_ticket(s, subject=f"대량 {i}", body="b", channel="email", customer_id=None, team_id=team,
                                      now=base + timedelta(seconds=i)).id for i in range(N)]
        shop = Team(name="쇼핑팀")
        s.add(shop)
        s.flush()
        s.add(Agent(login="choi.shop", name="최쇼핑", role="agent", team_id=shop.id))
    stamp_unversioned(pg_db.engine)
    reps = {}
    for login in ("park.lead", "kim.minji"):
        rep = replica(tmp_path, login, login)
        reps[login] = (rep, client(rep, pg_db))
        capture.install(rep.db, login)
    yield pg_db, ours, reps
    for rep, c in reps.values():
        c.close()
        close(rep)


def _server_marks(db, key: str, bulk_id) -> int:
    with db.session() as s:
        return sum(1 for changes in s.scalars(select(AuditEntry.changes).where(AuditEntry.entity == "ticket"))
                   if bulk.audit_marker(changes) == (key, str(bulk_id)))


def test_a_lead_bulk_assigns_200_across_the_team_and_undoes_it(team):
    server, ours, reps = team
    rep, c = reps["park.lead"]
    with rep.db.session() as s:
        done = bulk.bulk_update(s, current_agent(s, "park.lead"), ours, BulkChange(assignee="lee.junho", priority="high"))
    assert done.applied == N
    with rep.db.session() as s:  # ordinary per-ticket mutations, each carrying the action's mark
        queued = s.scalars(select(SyncOutbox)).all()
        assert len(queued) == N and {q.op for q in queued} == {p.TICKET_UPDATE}
        assert {q.payload["audit"]["bulk"] for q in queued} == {str(done.bulk_id)}
    pushed, _ = c.sync_once()
    assert pushed.error == "" and pushed.rejected == 0 and pushed.applied == N, pushed
    with server.session() as s:
        lee = current_agent(s, "lee.junho").id
        assert s.scalar(select(func.count()).select_from(Ticket).where(
            Ticket.id.in_(ours), Ticket.assignee_id == lee, Ticket.priority == "high")) == N
    assert _server_marks(server, "bulk", done.bulk_id) == N  # one action in the team's trail

    with rep.db.session() as s:
        undone = bulk.undo_bulk(s, current_agent(s, "park.lead"), done)
    assert undone.applied == N
    pushed, _ = c.sync_once()
    assert pushed.rejected == 0, pushed
    with server.session() as s:
        assert s.scalar(select(func.count()).select_from(Ticket).where(
            Ticket.id.in_(ours), Ticket.assignee_id.is_(None), Ticket.priority == "normal")) == N
    assert _server_marks(server, "bulk_undo", done.bulk_id) == N


def test_assigning_to_another_teams_agent_is_refused_per_ticket_on_the_desk(team):
    server, ours, reps = team
    rep, c = reps["kim.minji"]
    with rep.db.session() as s:
        result = bulk.bulk_update(s, current_agent(s, "kim.minji"), ours[:3], BulkChange(assignee="choi.shop"))
    assert result.applied == 0 and len(result.skipped) == 3
    assert all("not in the ticket's team" in o.reason for o in result.skipped)
    with rep.db.session() as s:
        assert s.scalar(select(func.count()).select_from(SyncOutbox)) == 0


def test_a_bulk_merge_travels_as_one_merge_op_per_ticket(team):
    server, ours, reps = team
    rep, c = reps["kim.minji"]
    with rep.db.session() as s:
        result = bulk.bulk_merge(s, current_agent(s, "kim.minji"), ours[1:4], ours[0])
    assert result.applied == 3
    pushed, _ = c.sync_once()
    assert pushed.rejected == 0 and pushed.applied == 3, pushed
    with server.session() as s:
        assert {s.get(Ticket, i).merged_into_id for i in ours[1:4]} == {ours[0]}
    assert _server_marks(server, "bulk", result.bulk_id) == 3


# --- a hostile desk pushing a "bulk" of its own ------------------------------------------------
@pytest.fixture(scope="module")
def world():
    with module_database() as db:
        w = World(db)
        try:
            yield w
        finally:
            w.close()


def test_a_pushed_bulk_is_judged_ticket_by_ticket_and_its_mark_cannot_be_forged(world):
    mine, also_mine, theirs = world.new_ticket(), world.new_ticket(), world.ids["b1"]
    bulk_id = str(uuid.uuid4())
    mark = {"audit": {"bulk": bulk_id}}
    r = world.push("alice",
                   m(p.TICKET_UPDATE, "ticket", mine, {"fields": {"priority": ["normal", "high"]}, **mark}),
                   m(p.TICKET_UPDATE, "ticket", theirs, {"fields": {"priority": ["normal", "high"]}, **mark}),
                   m(p.TICKET_UPDATE, "ticket", also_mine, {"fields": {"assignee_id": [None, str(world.ids["bob"])]},
                                                             **mark}),
                   m(p.TAG_ADD, "ticket", also_mine, {"tag": "checked", "tag_id": str(uuid.uuid4()),
                                                      "audit": {"bulk": "'; DROP TABLE audit_log; --", "actor": "ada"}}))
    assert r.status_code == 200, r.text[:300]
    assert [x["status"] for x in r.json()["results"]] == ["applied", "rejected", "rejected", "applied"]
    with world.owner.connect() as c:
        rows = c.execute(text("SELECT entity_id, changes FROM audit_log WHERE entity_id IN (:a, :b)"),
                         {"a": mine, "b": also_mine}).all()
        assert c.execute(text("SELECT priority FROM tickets WHERE id = :t"), {"t": theirs}).scalar() != "high"
    by = {row.entity_id: row.changes for row in rows}
    assert by[mine]["bulk"] == [None, bulk_id]
    assert set(by[also_mine]) == {"tags"}  # a mark that is not an id (or not a mark at all) is dropped
