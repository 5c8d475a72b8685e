"""Saved views in a team workspace (issue 12): a lead shares a view, an agent of the team
sees it (read-only) after a sync, an agent of another team does not; personal views
stay their owner's; the desk asks the same rule before anything is queued."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from agentdesk.models import Agent, ChangeKind, SavedView, Team
from agentdesk.services import saved_views as sv
from agentdesk.services import tickets
from agentdesk.services.common import NotAllowed, current_agent
from agentdesk.sync import capture
from agentdesk.server.feed import stamp_unversioned
from tests.factories import seed_small
from tests.test_sync_support import client, close, replica


@pytest.fixture
def team(pg_db, tmp_path):
    ids = seed_small(pg_db)
    with pg_db.session() as s:
        shipping = Team(name="배송팀")
        s.add(shipping)
        s.flush()
        s.add(Agent(login="choi.ship", name="최배송", role="agent", team_id=shipping.id))
        t = tickets.create_ticket(s, subject="택배 분실", body="택배가 안 와요", channel="email", customer_id=ids["english"],
                                  team_id=shipping.id)
        ids["shipping_ticket"] = t.number
    stamp_unversioned(pg_db.engine)
    reps = {}
    for login in ("park.lead", "kim.minji", "choi.ship"):
        rep = replica(tmp_path, login, login)
        reps[login] = (rep, client(rep, pg_db))
        capture.install(rep.db, login)
    yield pg_db, ids, reps
    for rep, c in reps.values():
        c.close()
        close(rep)


def _names(rep, login) -> set[str]:
    with rep.db.session() as s:
        return {v.name for v in sv.list_views(s, current_agent(s, login)).views}


def test_a_lead_shares_a_view_with_the_team_and_only_the_team_sees_it(team):
    server, ids, reps = team
    (lead, cl), (agent, ca), (other, co) = reps["park.lead"], reps["kim.minji"], reps["choi.ship"]
    with lead.db.session() as s:
        boss = current_agent(s, "park.lead")
        shared = sv.save_view(s, boss, name="팀 긴급", scope="team",
                              spec={"filters": {"priorities": ["urgent", "high"]}, "sort": {"by": "sla"}})
        sv.save_view(s, boss, name="팀장 개인", spec={})
    pushed, _ = cl.sync_once()
    assert pushed.error == "" and (pushed.applied, pushed.rejected) == (2, 0), pushed
    _, pulled = ca.sync_once()
    assert (ChangeKind.SAVED_VIEW, None) in pulled.changes(10)  # the window's list reloads
    co.sync_once()
    assert _names(agent, "kim.minji") == {"팀 긴급"}  # the team's view, not the lead's own
    assert _names(other, "choi.ship") == set()  # another team sees nothing
    with agent.db.session() as s:
        me = current_agent(s, "kim.minji")
        row = sv.get_view(s, me, shared.id)
        assert not row.editable and row.team_name == "카드상담팀" and row.owner_name == "박서연"
        # The view counts and lists the team's tickets from the agent's replica.
        assert sv.count_views(s, me.id, [row])[row.id].n == 2
        assert [r.number for r in tickets.fetch_page(s, row.query(), me.id, 0, 10)] == [ids["t1"], ids["t2"]] or \
            [r.number for r in tickets.fetch_page(s, row.query(), me.id, 0, 10)] == [ids["t2"], ids["t1"]]

    # Read-only on the agent's desk: refused by the service, and by the capture of a flush
    # that skips the service; nothing is queued.
    with agent.db.session() as s, pytest.raises(NotAllowed):
        sv.rename_view(s, current_agent(s, "kim.minji"), shared.id, "내 것")
    with pytest.raises(NotAllowed, match="only a lead"), agent.db.session() as s:
        s.get(SavedView, shared.id).name = "몰래 바꾸기"
        s.flush()
    assert agent.outbox() == []
    # She duplicates it into her own views; the lead never sees her copy.
    with agent.db.session() as s:
        copy = sv.duplicate_view(s, current_agent(s, "kim.minji"), shared.id)
    pushed, _ = ca.sync_once()
    assert (pushed.applied, pushed.rejected) == (1, 0), pushed
    assert _names(agent, "kim.minji") == {"팀 긴급"} and copy.scope == "personal"
    with agent.db.session() as s:
        assert {v.scope for v in sv.list_views(s, current_agent(s, "kim.minji")).views} == {"personal", "team"}
    cl.sync_once()
    assert _names(lead, "park.lead") == {"팀 긴급", "팀장 개인"}

    # The lead edits and then deletes the shared view: the team's desks follow.
    with lead.db.session() as s:
        sv.rename_view(s, current_agent(s, "park.lead"), shared.id, "팀 긴급 (SLA순)")
    cl.sync_once()
    ca.sync_once()
    assert "팀 긴급 (SLA순)" in _names(agent, "kim.minji")
    with lead.db.session() as s:
        sv.delete_view(s, current_agent(s, "park.lead"), shared.id)
    cl.sync_once()
    ca.sync_once()
    assert _names(agent, "kim.minji") == {"팀 긴급"}  # her own copy stays
    with server.engine.connect() as conn:
        rows = conn.execute(select(SavedView.__table__.c.name, SavedView.__table__.c.deleted)).all()
    assert sorted(rows) == [("팀 긴급", False), ("팀 긴급 (SLA순)", True), ("팀장 개인", False)]


def test_an_agent_desk_that_skips_the_rule_is_refused_by_the_server(team):
    """A desk whose capture was not installed (or was patched out) queues nothing; one
    that pushes a team view anyway meets the server's rule and its change is undone."""
    server, ids, reps = team
    agent, ca = reps["kim.minji"]
    with agent.db.session() as s:
        me = current_agent(s, "kim.minji")
        view = SavedView(name="몰래 공유", scope="personal", owner_agent_id=me.id, spec={"v": 1})
        s.add(view)
        s.flush()
        view_id = view.id
    ob = agent.outbox()
    assert [e.op for e in ob] == ["view.save"]
    # Rewrite the queued save into a team view, as a hostile desk would.
    from agentdesk.models import Base

    outbox = Base.metadata.tables["sync_outbox"]
    with agent.engine.begin() as conn:
        payload = {"fields": {**ob[0].payload["fields"], "scope": "team", "owner_agent_id": None,
                              "team_id": str(me.team_id)}}
        conn.execute(outbox.update().where(outbox.c.seq == ob[0].seq).values(payload=payload))
    pushed, _ = ca.sync_once()
    assert pushed.rejected == 1 and any("only a lead" in c.message for c in agent.conflicts() if c.kind == "rejected")
    with server.engine.connect() as conn:
        assert conn.execute(select(SavedView.__table__.c.id).where(SavedView.__table__.c.id == view_id)).first() is None
    ca.sync_once()
    assert _names(agent, "kim.minji") == set()  # the refused view is gone from her desk too
