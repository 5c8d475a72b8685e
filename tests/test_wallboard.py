"""The wallboard's figures from a hand-made set of tickets, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from agentdesk.models import Agent, Customer, Team, Ticket, WorkspaceSetting
from agentdesk.services import tickets
from agentdesk.services import wallboard as wb

# 2026-12-06 15:00 KST; today began at 2026-12-05 15:00 UTC.
NOW = datetime(2026, 12, 6, 6, 0, tzinfo=UTC)
MIDNIGHT = datetime(2026, 12, 5, 15, 0, tzinfo=UTC)


def _ticket(s, team, *, at, channel="email", priority="normal", assignee=None, status=None, answered_after=None,
            solved_after=None, due=None, merged_into=None, deleted=False):
    customer = s.scalar(select(Customer)) or Customer(name="고객")
    s.add(customer)
    s.flush()
    t = tickets.create_ticket(s, subject="문의", body="본문", channel=channel, priority=priority, author_name="고객",
                              customer_id=customer.id, team_id=team.id, assignee_id=assignee.id if assignee else None,
                              now=at)
    s.flush()
    # Deadlines only where the test sets one, so each SLA figure is the test's own.
    t.sla_first_response_due = t.sla_resolution_due = t.sla_next_due = None
    if answered_after is not None:
        t.first_response_at = at + answered_after
    if due is not None:
        t.sla_first_response_due = due
        t.sla_next_due = due if status in (None, "new", "open") and t.first_response_at is None else t.sla_next_due
    if status is not None:
        t.status = status
    if solved_after is not None:
        t.solved_at = at + solved_after
        t.sla_next_due = None
    if merged_into is not None:
        t.merged_into_id = merged_into.id
    t.deleted = deleted
    return t


@pytest.fixture
def board(any_db):
    with any_db.session() as s:
        s.add(WorkspaceSetting(key="time_zone", value="Asia/Seoul"))
        cards, loans = Team(name="카드"), Team(name="대출")
        s.add_all([cards, loans])
        s.flush()
        lead = Agent(login="lead", name="팀장", role="lead", team_id=cards.id)
        kim = Agent(login="kim", name="김", role="agent", team_id=cards.id, capacity=5)
        lee = Agent(login="lee", name="이", role="agent", team_id=cards.id, status="away")
        other = Agent(login="park", name="박", role="agent", team_id=loans.id)
        admin = Agent(login="root", name="관리자", role="admin", team_id=None)
        s.add_all([lead, kim, lee, other, admin])
        s.flush()
        # Waiting: two unassigned chats, one answered open email of kim's.
        _ticket(s, cards, at=NOW - timedelta(hours=3), channel="chat", priority="high")
        _ticket(s, cards, at=NOW - timedelta(hours=1), channel="chat", priority="high",
                due=NOW - timedelta(minutes=5))  # breached
        _ticket(s, cards, at=NOW - timedelta(days=2), assignee=kim, status="open", answered_after=timedelta(minutes=10))
        # At risk: the next deadline within the hour.
        _ticket(s, cards, at=NOW - timedelta(minutes=20), assignee=kim, due=NOW + timedelta(minutes=30))
        _ticket(s, cards, at=NOW - timedelta(days=3), status="pending", assignee=lee)
        _ticket(s, cards, at=NOW - timedelta(days=3), status="on_hold", assignee=lee)
        # Today: solved by kim, an abandoned chat, a merged duplicate and a deleted one (neither counts).
        done = _ticket(s, cards, at=MIDNIGHT + timedelta(minutes=1), assignee=kim, status="solved",
                       answered_after=timedelta(seconds=30), solved_after=timedelta(hours=1),
                       due=MIDNIGHT + timedelta(minutes=10))
        _ticket(s, cards, at=MIDNIGHT + timedelta(hours=2), channel="chat", status="closed", solved_after=timedelta(minutes=3))
        _ticket(s, cards, at=MIDNIGHT + timedelta(hours=3), assignee=kim, status="closed", solved_after=timedelta(minutes=5),
                merged_into=done)
        _ticket(s, cards, at=MIDNIGHT + timedelta(hours=4), assignee=kim, status="solved", solved_after=timedelta(minutes=5),
                deleted=True)
        # Yesterday (23:59:59 KST) solved today: handled today, but not created today.
        _ticket(s, cards, at=MIDNIGHT - timedelta(seconds=1), assignee=kim, status="solved",
                answered_after=timedelta(seconds=90), solved_after=timedelta(minutes=2))
        # Another team's ticket: never on the cards team's board.
        _ticket(s, loans, at=NOW - timedelta(hours=1), channel="phone", priority="urgent")
        s.flush()
        ids = {a.login: a.id for a in (lead, kim, lee, other, admin)}
    return any_db, ids


def _viewer(s, login):
    return s.scalar(select(Agent).where(Agent.login == login))


def test_queue_and_today_for_a_lead(board):
    db, ids = board
    with db.session() as s:
        b = wb.snapshot(s, _viewer(s, "lead"), now=NOW)
        assert [name for _, name in b.teams] == ["카드"]
        assert b.tz == "Asia/Seoul"
        t = b.today
        assert (t.waiting, t.unassigned, t.pending, t.on_hold) == (4, 2, 1, 1)
        assert (t.at_risk, t.breached) == (1, 1)
        assert t.oldest_waiting_at == NOW - timedelta(hours=3)
        assert t.handled == 3  # solved today: kim's, the abandoned chat, yesterday's late one
        assert t.abandoned == 1
        # Created today with a decided first-response deadline: one answered in time, one
        # breached unanswered (the at-risk one is not decided yet).
        assert t.service_level == 0.5
        assert t.asa_seconds == pytest.approx(30.0)
        chats = [c for c in b.queue if c.channel == "chat"]
        assert len(chats) == 1 and chats[0].priority == "high" and chats[0].waiting == 2 and chats[0].breached == 1
        assert chats[0].oldest_waiting_at == NOW - timedelta(hours=3)
        by_login = {a.login: a for a in b.agents}
        assert set(by_login) == {"lead", "kim", "lee"}
        assert by_login["kim"].open_count == 2 and by_login["kim"].capacity == 5
        assert by_login["kim"].handled_today == 2  # the merged and the deleted ones do not count
        assert by_login["lee"].state == "away" and by_login["lee"].open_count == 2


def test_presence_makes_an_agent_on_a_contact(board):
    db, ids = board
    with db.session() as s:
        t = s.scalar(select(Ticket).where(Ticket.assignee_id == ids["kim"], Ticket.status == "open"))
        b = wb.snapshot(s, _viewer(s, "lead"), now=NOW, presence={ids["kim"]: (t.id, "replying"),
                                                                     ids["lee"]: (t.id, "viewing")})
        by_login = {a.login: a for a in b.agents}
        assert by_login["kim"].state == "on_contact" and by_login["kim"].on_ticket_number == t.number
        assert by_login["lee"].state == "away"  # viewing is not handling


def test_admin_sees_every_team_and_an_agent_none(board):
    db, _ = board
    with db.session() as s:
        b = wb.snapshot(s, _viewer(s, "root"), now=NOW)
        assert sorted(name for _, name in b.teams) == ["대출", "카드"]
        assert b.today.waiting == 5
        assert any(c.team == "대출" and c.priority == "urgent" for c in b.queue)
        agent = wb.snapshot(s, _viewer(s, "kim"), now=NOW)
        assert agent.teams == [] and agent.queue == [] and agent.agents == [] and agent.today.waiting == 0


def test_an_empty_day_gives_none_not_an_error(board):
    db, _ = board
    with db.session() as s:
        later = NOW + timedelta(days=30)
        t = wb.snapshot(s, _viewer(s, "lead"), now=later).today
        assert t.handled == 0 and t.service_level is None and t.asa_seconds is None


def test_unknown_zone_is_a_clear_error(board):
    db, _ = board
    with db.session() as s, pytest.raises(Exception, match="Nowhere/City"):
        wb.snapshot(s, _viewer(s, "lead"), now=NOW, tz="Nowhere/City")


def test_average_handle_time_today_leaves_abusive_contacts_out(board):
    from agentdesk.models import TicketTag, WorkSession

    db, ids = board
    with db.session() as s:
        kims = s.scalars(select(Ticket).where(Ticket.assignee_id == ids["kim"]).order_by(Ticket.number)).all()
        a, b, abusive = kims[0], kims[1], kims[2]
        for t, seconds in ((a, 300), (a, 60), (b, 120), (abusive, 5000)):
            s.add(WorkSession(agent_id=ids["kim"], ticket_id=t.id, team_id=t.team_id, kind="work", seconds=seconds,
                              started_at=NOW - timedelta(minutes=30)))
        s.add(WorkSession(agent_id=ids["kim"], ticket_id=b.id, team_id=b.team_id, kind="work", seconds=999,
                          started_at=MIDNIGHT - timedelta(minutes=1)))  # yesterday's
        s.add(TicketTag(ticket_id=abusive.id, tag="abusive-contact"))
        s.flush()
        kim = {x.login: x for x in wb.snapshot(s, _viewer(s, "lead"), now=NOW).agents}["kim"]
    assert kim.aht_seconds == pytest.approx((300 + 60 + 120) / 2)
