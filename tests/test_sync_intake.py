"""New customers and tickets from a team desk (issue 12), through the real team server:
the replica shows the ticket at once on a provisional number ("#…"), the outbox carries
customer.create / ticket.create, the server hands out the number and derives the rest,
and the pull gives the desk the server's number and the teammates the new rows."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from agentdesk.services import intake, tickets
from agentdesk.services.common import current_agent
from agentdesk.services.customers import find_customers
from agentdesk.sync import capture
from agentdesk.server.feed import stamp_unversioned
from tests.factories import seed_small
from tests.test_sync_support import T, client, close, replica


@pytest.fixture
def team(pg_db, tmp_path):
    ids = seed_small(pg_db)
    stamp_unversioned(pg_db.engine)
    reps = {}
    for login in ("kim.minji", "lee.junho"):
        rep = replica(tmp_path, login, login)
        reps[login] = (rep, client(rep, pg_db))
        capture.install(rep.db, login)
    for _, c in reps.values():
        c.sync_once()
    yield pg_db, ids, reps
    for rep, c in reps.values():
        c.close()
        close(rep)


def _outbox_ops(rep) -> list[str]:
    return [e.op for e in rep.outbox(pending_only=True)]


def test_a_new_caller_and_their_ticket_reach_the_server_and_the_team(team):
    server, ids, reps = team
    (mine, cm), (theirs, ct) = reps["kim.minji"], reps["lee.junho"]
    with mine.db.session() as s:
        me = current_agent(s, "kim.minji")
        caller = intake.create_customer(s, me, name="한지우", phone="010-5555-0101")
        made = intake.create_ticket(s, me, customer_id=caller.id, subject="카드 분실 신고", channel="phone",
                                    body=intake.call_log_text("지갑째 잃어버렸다고 함", "수신 통화 · 4분"),
                                    first_kind="call_log", priority="urgent", tags=["분실"])
    assert made.pending and made.number < 0  # shown as "#…" until the server's number arrives
    assert _outbox_ops(mine) == ["customer.create", "ticket.create"]
    with mine.db.session() as s:  # on screen at once, in the inbox and the search
        assert tickets.get_detail(s, made.id).subject == "카드 분실 신고"
        assert made.id in [r.id for r in tickets.fetch_page(s, tickets.TicketQuery(text="분실"), ids["me"], 0, 10)]
    pushed, pulled = cm.sync_once()
    assert pushed.error == "" and pushed.rejected == 0 and pushed.applied == 2, pushed
    with server.engine.connect() as conn:
        row = conn.execute(select(T["tickets"]).where(T["tickets"].c.id == made.id)).one()
        first = conn.execute(select(T["messages"]).where(T["messages"].c.ticket_id == made.id)).one()
        team_id = conn.execute(select(T["agents"].c.team_id).where(T["agents"].c.login == "kim.minji")).scalar()
    assert row.number == ids["t3"] + 1 and row.team_id == team_id
    assert (row.status, row.priority, row.priority_rank, row.assignee_id, row.tags_text) == ("new", "urgent", 0, ids["me"], "분실")
    assert row.sla_next_due is not None and row.message_count == 1
    assert (first.kind, first.body.splitlines()[0]) == ("call_log", "수신 통화 · 4분")
    with mine.db.session() as s:  # the desk now holds the server's number, and finds the ticket by it
        assert tickets.get_detail(s, made.id).number == row.number
        hits = tickets.fetch_page(s, tickets.TicketQuery(text=str(row.number)), ids["me"], 0, 5)
        assert hits and hits[0].id == made.id
        assert made.id in [r.id for r in tickets.fetch_page(s, tickets.TicketQuery(text="지갑째"), ids["me"], 0, 10)]
    assert _outbox_ops(mine) == []
    ct.sync_once()  # a teammate gets the ticket, its customer and the customer's number
    with theirs.db.session() as s:
        assert tickets.get_detail(s, row.number).customer_name == "한지우"
        assert [c.name for c in find_customers(s, phone="010 5555 0101")] == ["한지우"]


def test_two_desks_opening_tickets_offline_get_distinct_numbers(team):
    server, ids, reps = team
    made = {}
    for login, (rep, _c) in reps.items():
        with rep.db.session() as s:
            me = current_agent(s, login)
            made[login] = intake.create_ticket(s, me, customer_id=ids["english"], subject=f"from {login}",
                                               channel="email", body="Hello", first_kind="inbound")
    assert {m.number for m in made.values()} == {-1}  # each replica's own provisional number
    for _rep, c in reps.values():
        pushed, _ = c.sync_once()
        assert pushed.applied == 1, pushed
    with server.engine.connect() as conn:
        numbers = sorted(conn.scalars(select(T["tickets"].c.number).where(
            T["tickets"].c.id.in_([m.id for m in made.values()]))))
    assert numbers == [ids["t3"] + 1, ids["t3"] + 2]


def test_a_first_reply_is_stamped_by_the_server_and_a_known_number_is_offered_not_duplicated(team):
    server, ids, reps = team
    rep, c = reps["kim.minji"]
    with rep.db.session() as s:
        me = current_agent(s, "kim.minji")
        with pytest.raises(intake.DuplicateContact) as caught:
            intake.create_customer(s, me, name="또 최영희", phone="01012345678")
        assert caught.value.existing.id == ids["customer"]
        made = intake.create_ticket(s, me, customer_id=ids["customer"], subject="답장 먼저", channel="email",
                                    body="문의하신 내용 답변드립니다.", first_kind="reply")
    c.sync_once()
    with server.engine.connect() as conn:
        row = conn.execute(select(T["tickets"]).where(T["tickets"].c.id == made.id)).one()
        assert conn.execute(text("SELECT count(*) FROM customers")).scalar() == 2
    assert row.status == "open" and row.first_response_at is not None and row.assignee_id == ids["me"]


def test_a_refused_new_ticket_leaves_no_pending_number_behind(team):
    server, ids, reps = team
    rep, c = reps["kim.minji"]
    with rep.db.session() as s:
        me = current_agent(s, "kim.minji")
        made = intake.create_ticket(s, me, customer_id=ids["customer"], subject="거절될 티켓", channel="chat",
                                    body="메모", first_kind="note")
    # The server no longer takes tickets from this agent's team (moved meanwhile).
    with server.engine.begin() as conn:
        conn.execute(text("UPDATE agents SET team_id = NULL WHERE login = 'kim.minji'"))
    pushed, _ = c.sync_once()
    assert pushed.rejected == 1
    assert any("without a team" in x.message for x in rep.conflicts() if x.kind == "rejected")
    with rep.engine.connect() as conn:
        assert conn.execute(select(T["tickets"].c.id).where(T["tickets"].c.id == made.id)).first() is None
        assert conn.execute(select(T["messages"].c.id).where(T["messages"].c.ticket_id == made.id)).first() is None


def test_a_queued_new_ticket_and_customer_survive_a_full_resync_before_they_are_sent(team):
    """After a server restore (a new epoch) the desk resyncs in full and drops rows the
    server lacks; the queued creates put them back (rebase), and they are sent after."""
    from agentdesk.server.feed import new_epoch

    server, ids, reps = team
    rep, c = reps["kim.minji"]
    with rep.db.session() as s:
        me = current_agent(s, "kim.minji")
        caller = intake.create_customer(s, me, name="오프라인 고객", email="offline@example.com")
        made = intake.create_ticket(s, me, customer_id=caller.id, subject="오프라인에서 연 티켓", channel="email",
                                    body="고객 메일 내용", first_kind="inbound", tags=["오프라인"])
    new_epoch(server.engine)
    c.pull_once()  # the full resync, before the push
    with rep.db.session() as s:
        d = tickets.get_detail(s, made.id)
        assert (d.number, d.customer_name, d.tags) == (made.number, "오프라인 고객", ["오프라인"])
        assert [m.body for m in d.messages] == ["고객 메일 내용"]
    pushed, _ = c.sync_once()
    assert pushed.applied == 2 and pushed.rejected == 0, pushed
    with rep.db.session() as s:
        assert tickets.get_detail(s, made.id).number > 0
