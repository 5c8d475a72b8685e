"""The wallboard on a team profile: "on a contact" comes from the team server's presence,
which a lead may read for their own team only and an agent not at all."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from agentdesk.models import Agent, Team, Ticket
from agentdesk.server.feed import stamp_unversioned
from agentdesk.services import wallboard as wb
from agentdesk.sync.transport import Refused
from tests.factories import seed_small
from tests.test_sync_support import http, team_server


@pytest.fixture
def server(pg_db):
    ids = seed_small(pg_db)
    with pg_db.session() as s:  # a second team with its own agent and ticket
        other = Team(name="대출상담팀")
        s.add(other)
        s.flush()
        s.add(Agent(login="choi.loan", name="최대출", role="agent", team_id=other.id))
        s.add(Agent(login="jung.loanlead", name="정팀장", role="lead", team_id=other.id))
    stamp_unversioned(pg_db.engine)
    team_server(pg_db)
    return pg_db, ids


def _ticket(db, number):
    with db.session() as s:
        return s.scalar(select(Ticket.id).where(Ticket.number == number))


def test_a_lead_sees_who_is_on_a_contact_in_their_team_only(server):
    db, ids = server
    t1 = _ticket(db, ids["t1"])
    http(db, "kim.minji").presence(t1, "replying")
    http(db, "lee.junho").presence(t1, "viewing")
    mine = http(db, "park.lead").team_presence()
    assert mine == {ids["me"]: (t1, "replying"), ids["other"]: (t1, "viewing")}
    # The other team's lead sees none of it (row-level security on the server's side).
    assert http(db, "jung.loanlead").team_presence() == {}
    # The wallboard turns it into states.
    with db.session() as s:
        lead = s.scalar(select(Agent).where(Agent.login == "park.lead"))
        board = wb.snapshot(s, lead, now=s.scalar(select(Ticket.updated_at).where(Ticket.id == t1)), presence=mine)
        states = {a.login: (a.state, a.on_ticket_number) for a in board.agents}
    assert states["kim.minji"] == ("on_contact", ids["t1"])
    assert states["lee.junho"][0] == "available"


def test_an_agent_cannot_read_where_colleagues_are(server):
    db, _ = server
    with pytest.raises(Refused, match="only team leads and admins"):
        http(db, "kim.minji").team_presence()
