"""The supervisor's KPIs (issue 13) from a hand-made workspace, on SQLite and PostgreSQL:
every figure worked out by hand below, with the edge cases the issue names (no reply,
reopened, merged, deleted, a survey never answered and one outside the period, tickets at
the first and last instant of the period in KST and one a second after it)."""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from agentdesk import cli, kpi, rules
from agentdesk.kpi import DrillKind
from agentdesk.models import Agent, Feedback, Message, Team, Ticket, WorkSession, WorkspaceSetting
from agentdesk.services import intake, metrics, tickets, work_time
from agentdesk.services.common import InvalidValue, NotAllowed, NotFound

KST = ZoneInfo("Asia/Seoul")
NOW = datetime(2026, 3, 5, 0, 0, tzinfo=UTC)  # 09:00 KST on 5 March
FIRST, LAST = date(2026, 3, 1), date(2026, 3, 3)


def kst(day: int, h: int = 0, m: int = 0, s: int = 0, month: int = 3) -> datetime:
    return datetime(2026, month, day, h, m, s, tzinfo=KST).astimezone(UTC)


# --- the pure arithmetic -----------------------------------------------------------------
def test_median_p90_and_rates_by_hand():
    assert kpi.median([]) is None and kpi.p90([]) is None and kpi.rate(0, 0) is None
    assert kpi.median([5]) == 5 and kpi.p90([5]) == 5
    assert kpi.median([4, 1, 3]) == 3  # odd: the middle one
    assert kpi.median([4, 1, 3, 2]) == 2.5  # even: the mean of the two middle ones
    assert kpi.p90(list(range(1, 11))) == 9  # rank ceil(9.0) = 9
    assert kpi.p90(list(range(1, 12))) == 10  # rank ceil(9.9) = 10
    assert kpi.p90(list(range(1, 21))) == 18  # rank 18 exactly, no floating-point drift to 19
    assert kpi.p90([10, 20]) == 20  # rank ceil(1.8) = 2
    assert kpi.summary([]) == {"median": None, "p90": None, "count": 0}
    assert kpi.csat([]) == {"rate": None, "responses": 0} and kpi.nps([]) == {"score": None, "responses": 0}
    assert kpi.nps([10, 9, 8, 6, 0]) == {"score": 0, "responses": 5}
    assert kpi.csat([5, 4, 3, 1]) == {"rate": 0.5, "responses": 4}


def test_the_definitions_in_the_docs_are_the_definitions_in_the_code():
    """docs/metrics.md lists each key as "- `key`: definition" with the very text the view
    shows on hover."""
    text = (Path(__file__).parent.parent / "docs" / "metrics.md").read_text(encoding="utf-8")
    documented = dict(re.findall(r"^- `(\w+)`: (.+)$", text, re.M))
    assert documented == kpi.DEFINITIONS


def test_work_rule():
    ok = kpi.check_work("talk", 60, NOW - timedelta(minutes=5), NOW)
    assert ok == ("talk", 60, NOW - timedelta(minutes=5))
    for kind, seconds, start, code in (("nap", 60, NOW, "work.kind"), ("work", 0, NOW, "work.seconds"),
                                       ("work", 86_401, NOW, "work.seconds"), ("work", True, NOW, "work.seconds"),
                                       ("work", 1.5, NOW, "work.seconds"),
                                       ("work", 60, NOW.replace(tzinfo=None), "work.start"),
                                       ("work", 60, NOW + timedelta(hours=1), "work.future")):
        with pytest.raises(kpi.WorkError) as e:
            kpi.check_work(kind, seconds, start, NOW)
        assert e.value.code == code


# --- the hand-made workspace ---------------------------------------------------------------
def _ticket(s, n: int, created: datetime, channel: str, team, *, priority: str = "normal", fr: int | None = None,
            solved: int | None = None, status: str = "open", reopen: int = 0, contacts: int = 0, **extra) -> Ticket:
    first_due, res_due = rules.sla_due_times(created, priority, channel)
    t = Ticket(id=uuid.uuid4(), number=n, subject=f"ticket {n}", channel=channel, status=status, priority=priority,
               priority_rank=2, team_id=team.id, created_at=created, updated_at=created,
               sla_first_response_due=first_due, sla_resolution_due=res_due,
               first_response_at=created + timedelta(seconds=fr) if fr is not None else None,
               solved_at=created + timedelta(seconds=solved) if solved is not None else None,
               reopen_count=reopen, agent_contact_count=contacts, **extra)
    s.add(t)
    s.flush()
    return t


@pytest.fixture
def shop(any_db):
    """Teams A (카드상담팀) and B (배송팀). In the period 1-3 March 2026 KST (8 tickets):

    T1  03-01 00:00:00 email A  reply after 600 s, solved after 3,600 s, 1 contact
    T2  03-01 10:00    chat  A  reply 120 s, closed after 7,200 s, reopened once, 2 contacts
    T11 03-01 08:00    sms   A  no reply, new (its 8 h first-response deadline passed)
    T3  03-02 09:00    phone A  call log after 30 s, solved after 1,800 s, 1 contact
    T4  03-02 12:00    email A  no reply, open (deadline passed)
    T9  03-02 15:00    email B  reply 5,400 s, solved after 200,000 s (> 48 h), 3 contacts
    T12 03-03 10:00    email A  reply 60 s, solved after 120 s, 1 contact
    T5  03-03 23:59:59 web   B  reply 3,600 s, pending (resolution due after NOW: undecided)
    Outside: T10 02-28 23:59:59 (on hold), T6 03-04 00:00:00 (open); T7 merged into T1,
    T8 deleted (both 03-02)."""
    db = any_db
    with db.session() as s:
        a, b = Team(name="카드상담팀"), Team(name="배송팀")
        s.add_all([a, b])
        s.flush()
        ann = Agent(login="ann", name="Ann", role="agent", team_id=a.id)
        bob = Agent(login="bob", name="Bob", role="agent", team_id=b.id)
        lead = Agent(login="lena", name="Lena", role="lead", team_id=a.id)
        s.add_all([ann, bob, lead, WorkspaceSetting(key="time_zone", value="Asia/Seoul")])
        s.flush()
        t = {}
        t[1] = _ticket(s, 1, kst(1), "email", a, fr=600, solved=3600, status="solved", contacts=1, assignee_id=ann.id)
        t[2] = _ticket(s, 2, kst(1, 10), "chat", a, fr=120, solved=7200, status="closed", reopen=1, contacts=2,
                       assignee_id=ann.id)
        t[11] = _ticket(s, 11, kst(1, 8), "sms", a, status="new")
        t[3] = _ticket(s, 3, kst(2, 9), "phone", a, fr=30, solved=1800, status="solved", contacts=1, assignee_id=ann.id)
        t[4] = _ticket(s, 4, kst(2, 12), "email", a, status="open", assignee_id=ann.id)
        t[9] = _ticket(s, 9, kst(2, 15), "email", b, fr=5400, solved=200_000, status="solved", contacts=3,
                       assignee_id=bob.id)
        t[12] = _ticket(s, 12, kst(3, 10), "email", a, fr=60, solved=120, status="solved", contacts=1, assignee_id=ann.id)
        t[5] = _ticket(s, 5, kst(3, 23, 59, 59), "web", b, fr=3600, status="pending", contacts=1)
        t[10] = _ticket(s, 10, kst(28, 23, 59, 59, month=2), "email", a, status="on_hold")
        t[6] = _ticket(s, 6, kst(4), "email", a, status="open")
        t[7] = _ticket(s, 7, kst(2, 11), "email", a, fr=60, solved=100, status="closed", merged_into_id=t[1].id,
                       contacts=1)
        t[8] = _ticket(s, 8, kst(2, 13), "chat", a, status="open", deleted=True)
        fb = [(1, "csat", 5, kst(1, 12)), (2, "csat", 3, kst(1, 13)), (3, "csat", 4, kst(2, 10)),
              (9, "csat", 2, kst(3, 1)), (1, "csat", 1, kst(4, 0, 30)),  # a survey answered after the period
              (1, "nps", 10, kst(1, 12)), (2, "nps", 9, kst(1, 13)), (3, "nps", 6, kst(2, 10)),
              (9, "nps", 7, kst(3, 1)), (12, "nps", 8, kst(3, 11))]  # T4: asked, never answered
        for n, kind, score, at in fb:
            s.add(Feedback(ticket_id=t[n].id, customer_id=_customer(s).id, kind=kind, score=score, created_at=at))
        work = [(1, ann, "work", 300, kst(1, 0, 5)), (1, ann, "work", 200, kst(1, 1)), (3, ann, "talk", 240, kst(2, 9)),
                (3, ann, "hold", 60, kst(2, 9, 4)), (3, ann, "acw", 120, kst(2, 9, 5)), (9, bob, "work", 1000, kst(3, 2)),
                (12, ann, "work", 100, kst(3, 10)), (6, ann, "work", 50, kst(4, 0, 10)),
                (1, ann, "work", 999, kst(28, 23, month=2))]
        for n, who, kind, secs, at in work:
            s.add(WorkSession(agent_id=who.id, ticket_id=t[n].id, team_id=t[n].team_id, kind=kind, seconds=secs,
                              started_at=at))
        ids = {"A": a.id, "B": b.id, "ann": ann.id, "bob": bob.id, **{f"t{n}": x.id for n, x in t.items()}}
    return db, ids


def _customer(s):
    from agentdesk.models import Customer

    c = s.scalar(select(Customer).limit(1))
    if c is None:
        c = Customer(name="최영희")
        s.add(c)
        s.flush()
    return c


EXPECTED = {
    "period": {"from": "2026-03-01", "to": "2026-03-03", "tz": "Asia/Seoul", "team": None},
    "tickets_created": 8,
    "volume_by_channel": {"email": 4, "chat": 1, "phone": 1, "sms": 1, "web": 1},
    # [30, 60, 120, 600, 3600, 5400]: even, (120 + 600) / 2; p90 rank ceil(5.4) = 6
    "first_response_seconds": {"median": 360, "p90": 5400, "count": 6},
    "unanswered": 2,
    # [120, 1800, 3600, 7200, 200000]: odd; p90 rank ceil(4.5) = 5
    "resolution_seconds": {"median": 3600, "p90": 200_000, "count": 5},
    "reopen_rate": 1 / 5,  # T2 of T1 T2 T3 T9 T12
    "fcr_rate": 3 / 5,  # T1 T3 T12 of the 5 done; T2 reopened, T9 three contacts
    "csat": {"rate": 2 / 4, "responses": 4},  # 5 3 4 2 (the 1 came after the period)
    "nps": {"score": 20, "responses": 5},  # 10 9 | 8 7 | 6: 100 × (2 − 1) / 5
    "backlog": 5,  # T4 T5 T11, and T6 T10 from outside the period; not deleted T8
    "sla_attainment_rate": 4 / 7,  # met T1 T2 T3 T12; missed T4 T11 (first response), T9 (resolution); T5 open
    # per ticket: T1 500, T3 420, T9 1000, T12 100 (T6's and T1's 999 s fall outside)
    "handle_time_seconds": {"median": 460, "p90": 1000, "count": 4, "mean": 505},
}
EXPECTED_A = {
    **EXPECTED,
    "period": {**EXPECTED["period"], "team": "카드상담팀"},
    "tickets_created": 6,
    "volume_by_channel": {"email": 3, "chat": 1, "phone": 1, "sms": 1},
    "first_response_seconds": {"median": 90, "p90": 600, "count": 4},  # [30, 60, 120, 600]
    "unanswered": 2,
    "resolution_seconds": {"median": 2700, "p90": 7200, "count": 4},  # [120, 1800, 3600, 7200]
    "reopen_rate": 1 / 4,
    "fcr_rate": 3 / 4,
    "csat": {"rate": 2 / 3, "responses": 3},
    "nps": {"score": 25, "responses": 4},  # 10 9 8 6
    "backlog": 4,
    "sla_attainment_rate": 4 / 6,
    "handle_time_seconds": {"median": 420, "p90": 500, "count": 3, "mean": 340},
}


def test_every_kpi_by_hand(shop):
    db, _ = shop
    with db.session() as s:
        assert metrics.compute(s, FIRST, LAST, now=NOW) == EXPECTED
        assert metrics.compute(s, FIRST, LAST, tz="Asia/Seoul", now=NOW) == EXPECTED
        assert metrics.compute(s, FIRST, LAST, team="카드상담팀", now=NOW) == EXPECTED_A


def test_the_period_is_local_calendar_days(shop):
    db, _ = shop
    with db.session() as s:
        # In UTC, 1-3 March begins at 09:00 KST on the 1st: T1 (00:00 KST), T11 (08:00 KST)
        # fall before it, and T6 (00:00 KST on the 4th, 15:00 UTC on the 3rd) inside.
        utc = metrics.compute(s, FIRST, LAST, tz="UTC", now=NOW)
        assert utc["tickets_created"] == 8 - 2 + 1
        one = metrics.compute(s, LAST, LAST, now=NOW)  # the last day alone: T12 and T5 (23:59:59)
        assert one["tickets_created"] == 2 and one["volume_by_channel"] == {"email": 1, "web": 1}
        after = metrics.compute(s, date(2026, 3, 4), date(2026, 3, 4), now=NOW)  # T6 at 00:00:00
        assert after["tickets_created"] == 1


def test_an_empty_period_gives_nulls_not_errors(shop):
    db, _ = shop
    with db.session() as s:
        empty = metrics.compute(s, date(2025, 1, 1), date(2025, 1, 31), now=NOW)
    assert empty["tickets_created"] == 0 and empty["volume_by_channel"] == {} and empty["unanswered"] == 0
    assert empty["first_response_seconds"] == empty["resolution_seconds"] == {"median": None, "p90": None, "count": 0}
    assert empty["reopen_rate"] is empty["fcr_rate"] is empty["sla_attainment_rate"] is None
    assert empty["csat"] == {"rate": None, "responses": 0} and empty["nps"] == {"score": None, "responses": 0}
    assert empty["handle_time_seconds"] == {"median": None, "p90": None, "count": 0, "mean": None}
    assert empty["backlog"] == 5  # now, whatever the period
    assert set(empty) == {"period", *kpi.METRIC_KEYS}


def test_bad_periods_teams_and_zones_are_coded_refusals(shop):
    db, _ = shop
    with db.session() as s:
        with pytest.raises(NotFound) as e:
            metrics.compute(s, FIRST, LAST, team="없는팀", now=NOW)
        assert e.value.code == "metrics.unknown_team" and "배송팀, 카드상담팀" in str(e.value)
        with pytest.raises(InvalidValue) as e:
            metrics.compute(s, LAST, FIRST, now=NOW)
        assert e.value.code == "metrics.range"
        with pytest.raises(InvalidValue) as e:
            metrics.compute(s, FIRST, LAST, tz="Mars/Olympus", now=NOW)
        assert e.value.code == "metrics.unknown_zone"


def test_each_figure_opens_its_tickets(shop):
    """The drill-down's count is the figure's count (or a rate's numerator), through the
    inbox's own query."""
    db, ids = shop
    with db.session() as s:
        def listed(key, **kw) -> set[int]:
            d = metrics.drill(s, key, FIRST, LAST, now=NOW, **kw)
            q = tickets.TicketQuery(drill=d)
            n = tickets.count_tickets(s, q, None, NOW)
            assert n == metrics.ticket_count(s, d) == tickets.count_view(s, q, None, NOW).n
            rows = tickets.fetch_page(s, q, None, 0, 100, NOW)
            assert len(rows) == n
            return {r.number for r in rows}

        assert listed("tickets_created") == {1, 2, 3, 4, 5, 9, 11, 12}
        assert listed("volume_by_channel", channel="email") == {1, 4, 9, 12}
        assert listed("first_response_seconds") == {1, 2, 3, 5, 9, 12}
        assert listed("unanswered") == {4, 11}
        assert listed("resolution_seconds") == {1, 2, 3, 9, 12}
        assert listed("reopen_rate") == {2}
        assert listed("fcr_rate") == {1, 3, 12}
        assert listed("fcr_rate", kind=DrillKind.NOT_FCR) == {2, 9}
        assert listed("csat") == {1, 3}  # 4 and 5 inside the period
        assert listed("csat", kind=DrillKind.CSAT_LOW) == {2, 9}
        assert listed("nps") == {1, 2, 3, 9, 12}
        assert listed("backlog") == {4, 5, 6, 10, 11}
        assert listed("sla_attainment_rate") == {1, 2, 3, 12}
        assert listed("sla_attainment_rate", kind=DrillKind.SLA_MISSED) == {4, 9, 11}
        assert listed("handle_time_seconds") == {1, 3, 9, 12}
        assert listed("tickets_created", team="배송팀") == {5, 9}
        hour = metrics.drill(s, "tickets_created", FIRST, FIRST, hour=10, now=NOW)
        assert tickets.count_tickets(s, tickets.TicketQuery(drill=hour), None, NOW) == 1  # T2 at 10:00 KST
        figures = metrics.compute(s, FIRST, LAST, now=NOW)
        counts = {"tickets_created": figures["tickets_created"], "unanswered": figures["unanswered"],
                  "first_response_seconds": figures["first_response_seconds"]["count"],
                  "resolution_seconds": figures["resolution_seconds"]["count"], "backlog": figures["backlog"],
                  "handle_time_seconds": figures["handle_time_seconds"]["count"]}
        for key, n in counts.items():
            assert metrics.ticket_count(s, metrics.drill(s, key, FIRST, LAST, now=NOW)) == n, key
        with pytest.raises(InvalidValue):
            metrics.drill(s, "nonsense", FIRST, LAST, now=NOW)


def test_charts_and_the_wallboard(shop):
    db, ids = shop
    with db.session() as s:
        days = metrics.daily(s, LAST, 3, now=NOW)
        assert [(d["day"], d["created"], d["solved"]) for d in days] == [
            ("2026-03-01", 3, 2), ("2026-03-02", 3, 1), ("2026-03-03", 2, 1)]  # T9 is solved on the 4th
        assert [d["sla_attainment_rate"] for d in days] == [2 / 3, 1 / 3, 1.0]  # T1 T2 | T3 | T12 (T5 open)
        assert [d["csat_rate"] for d in days] == [1 / 2, 1.0, 0.0]
        day = metrics.hourly(s, FIRST, now=NOW)
        created = {h["hour"]: h["created"] for h in day["hours"] if h["created"]}
        assert created == {0: {"email": 1}, 8: {"sms": 1}, 10: {"chat": 1}}
        # Before 1 March: T10 (on hold). By 01:00 T1 came and was solved; by 11:00, T11 and
        # T2 are waiting (T2 is solved at 12:00).
        backlog = [h["backlog"] for h in day["hours"]]
        assert backlog[0] == 1 and backlog[10] == 3 and backlog[12] == 2 and backlog[23] == 2
        assert day["hours"][8]["sla_attainment_rate"] == 0.0 and day["hours"][9]["sla_attainment_rate"] is None
        board = {r["login"]: r for r in metrics.agent_day(s, kst(3, 18), team="카드상담팀")}
        assert set(board) == {"ann", "lena"}
        assert board["ann"]["handled_today"] == 1 and board["ann"]["open_assigned"] == 1  # T12; T4
        assert board["ann"]["handle_time_mean"] == 100 and board["lena"]["handle_time_mean"] is None


# --- first response and agent contacts, as the rules keep them --------------------------------
def test_first_response_and_contacts_are_what_the_messages_say(any_db):
    """tickets.first_response_at is the earliest outbound reply or call log, and
    agent_contact_count their number, whichever way a ticket was written (so the KPIs read
    the columns, not a million tickets' messages)."""
    from tests.factories import seed_small

    ids = seed_small(any_db)
    t0 = NOW - timedelta(days=1)
    with any_db.session() as s:
        me = s.get(Agent, ids["me"])
        tickets.add_message(s, ids["t1"], me, "고객과 통화함", kind="call_log", now=t0)  # phone: a call answers it
        tickets.add_message(s, ids["t1"], me, "메모", kind="note", now=t0 + timedelta(minutes=1))
        tickets.add_message(s, ids["t2"], me, "메모만", kind="note", now=t0)
        tickets.add_message(s, ids["t3"], me, "Hello", kind="reply", now=t0 + timedelta(minutes=2))
        tickets.add_message(s, ids["t3"], me, "Called back", kind="call_log", now=t0 + timedelta(minutes=3))
        tickets.add_message(s, ids["t3"], me, "Again", kind="reply", now=t0 + timedelta(minutes=4))
        intake.create_ticket(s, me, subject="전화 문의", channel="phone", customer_id=None, first_kind="call_log", body="통화",
                             now=t0 + timedelta(minutes=5))
        intake.create_ticket(s, me, subject="메일 회신", channel="email", customer_id=None, first_kind="reply", body="안녕하세요",
                             now=t0 + timedelta(minutes=6))
        intake.create_ticket(s, me, subject="고객 문의", channel="email", customer_id=None, first_kind="inbound", body="문의",
                             now=t0 + timedelta(minutes=7))
    with any_db.session() as s:
        contact = (Message.kind == "call_log") | ((Message.kind == "reply") & (Message.direction == "outbound"))
        first = dict(s.execute(select(Message.ticket_id, func.min(Message.created_at)).where(contact)
                               .group_by(Message.ticket_id)).all())
        count = dict(s.execute(select(Message.ticket_id, func.count()).where(contact)
                               .group_by(Message.ticket_id)).all())
        rows = s.execute(select(Ticket.id, Ticket.first_response_at, Ticket.agent_contact_count)).all()
        assert len(rows) == 6
        for tid, fr, n in rows:
            assert fr == first.get(tid) and n == count.get(tid, 0)
        assert sorted(n for _, _, n in rows) == [0, 0, 1, 1, 1, 3]
        phone = s.scalar(select(Ticket).where(Ticket.number == ids["t1"]))
        assert phone.sla_next_due == phone.sla_resolution_due  # answered: the resolution deadline runs now


def test_demo_data_keeps_first_response_and_contacts_as_the_rules_do(sqlite_db):
    from agentdesk import demo

    demo.generate(sqlite_db, customers=40, tickets=300, seed=3)
    with sqlite_db.session() as s:
        contact = (Message.kind == "call_log") | ((Message.kind == "reply") & (Message.direction == "outbound"))
        first = dict(s.execute(select(Message.ticket_id, func.min(Message.created_at)).where(contact)
                               .group_by(Message.ticket_id)).all())
        count = dict(s.execute(select(Message.ticket_id, func.count()).where(contact)
                               .group_by(Message.ticket_id)).all())
        rows = s.execute(select(Ticket.id, Ticket.first_response_at, Ticket.agent_contact_count)).all()
        assert rows and all(fr == first.get(tid) and n == count.get(tid, 0) for tid, fr, n in rows)
        # Work is recorded for handled tickets: every ticket with an agent contact has some.
        worked = set(s.scalars(select(WorkSession.ticket_id).distinct()))
        assert worked == set(count)
        kinds = set(s.scalars(select(WorkSession.kind).distinct()))
        assert {"talk", "acw", "work"} <= kinds <= set(kpi.WORK_KINDS)


# --- recording work ------------------------------------------------------------------------------
def test_an_agent_records_their_own_time_on_their_teams_tickets(shop):
    db, ids = shop
    with db.session() as s:
        ann = s.get(Agent, ids["ann"])
        row = work_time.record_work(s, ann, ids["t4"], "work", 300, NOW - timedelta(minutes=10), NOW)
        assert (row.agent_id, row.ticket_number, row.seconds) == (ann.id, 4, 300)
        with pytest.raises(NotAllowed) as e:
            work_time.record_work(s, ann, ids["t9"], "work", 300, NOW - timedelta(minutes=10), NOW)  # team B's
        assert e.value.code == "work.other_team"
        for kind, secs, code in (("work", 0, "work.seconds"), ("nap", 10, "work.kind"), ("work", 90_000, "work.seconds")):
            with pytest.raises(InvalidValue) as e:
                work_time.record_work(s, ann, ids["t4"], kind, secs, NOW - timedelta(minutes=10), NOW)
            assert e.value.code == code
        with pytest.raises(NotFound):
            work_time.record_work(s, ann, ids["t8"], "work", 10, NOW, NOW)  # deleted


# --- the command ------------------------------------------------------------------------------
def _run(capsys, *argv) -> tuple[int, str, str]:
    try:
        code = cli.main(list(argv))
    except SystemExit as exc:  # argparse's refusals
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_the_command_prints_the_same_figures(shop, capsys, tmp_path):
    db, _ = shop
    code, out, err = _run(capsys, "metrics", "--db", db.url, "--from", "2026-03-01", "--to", "2026-03-03",
                          "--team", "카드상담팀", "--tz", "Asia/Seoul", "--json")
    assert code == 0 and err == ""
    printed = json.loads(out)
    now = datetime.now(UTC)
    with db.session() as s:
        again = metrics.compute(s, FIRST, LAST, team="카드상담팀", tz="Asia/Seoul", now=now)
    assert printed == json.loads(json.dumps(again))
    # The workspace's zone by default, a text form without --json, and a CSV of the same figures.
    sheet = tmp_path / "kpis.csv"
    code, out, _ = _run(capsys, "metrics", "--db", db.url, "--from", "2026-03-01", "--to", "2026-03-03",
                        "--csv", str(sheet))
    assert code == 0 and "Tickets created" in out and "8" in out and "Asia/Seoul" in out
    rows = dict(line.split(",", 1) for line in sheet.read_text(encoding="utf-8").splitlines()[1:])
    assert rows["tickets_created"] == "8" and rows["volume_by_channel.email"] == "4" and rows["nps.score"] == "20"
    book = tmp_path / "kpis.xlsx"
    code, _, _ = _run(capsys, "metrics", "--db", db.url, "--from", "2026-03-01", "--to", "2026-03-03",
                      "--xlsx", str(book), "--json")
    import zipfile

    with zipfile.ZipFile(book) as z:  # an Office Open XML workbook with the definitions in it
        strings = z.read("xl/sharedStrings.xml").decode("utf-8")
    assert code == 0 and "tickets_created" in strings and "The cohort's size." in strings


@pytest.mark.parametrize("args, words", [
    (["--from", "2026-03-32", "--to", "2026-04-01"], "invalid date"),
    (["--from", "2026-03-05", "--to", "2026-03-01"], "starts after it ends"),
    (["--from", "2026-03-01", "--to", "2026-03-02", "--tz", "Mars/Olympus"], "unknown time zone"),
    (["--from", "2026-03-01", "--to", "2026-03-02", "--team", "없는팀"], "no team is named '없는팀'"),
])
def test_bad_input_is_one_line_and_exit_2(sqlite_db, capsys, args, words):
    with sqlite_db.session() as s:
        s.add(Team(name="카드상담팀"))
    code, out, err = _run(capsys, "metrics", "--db", sqlite_db.url, *args, "--json")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and words in err


# --- a team desk ----------------------------------------------------------------------------------
def test_work_and_call_logs_from_a_team_desk_reach_the_server_and_the_lead(pg_db, tmp_path):
    """The capture sends recorded time as work.log and the server keeps it as the agent's;
    a call log from the desk is the ticket's first response on the server too; the lead's
    replica pulls the team's time and computes the same handle time as the server."""
    from agentdesk.server.feed import stamp_unversioned
    from agentdesk.services.common import current_agent
    from agentdesk.sync import capture
    from tests.factories import seed_small
    from tests.test_sync_support import client, close, replica

    ids = seed_small(pg_db)
    stamp_unversioned(pg_db.engine)
    desks = {}
    for login in ("kim.minji", "park.lead"):
        rep = replica(tmp_path, login, login)
        desks[login] = (rep, client(rep, pg_db))
        capture.install(rep.db, login)
        desks[login][1].sync_once()
    try:
        (mine, cm), (lead, cl) = desks["kim.minji"], desks["park.lead"]
        now = datetime.now(UTC)
        with mine.db.session() as s:
            me = current_agent(s, "kim.minji")
            work_time.record_work(s, me, ids["t1"], "talk", 240, now - timedelta(minutes=10), now)
            work_time.record_work(s, me, ids["t1"], "acw", 60, now - timedelta(minutes=6), now)
            tickets.add_message(s, ids["t1"], me, "통화로 안내", kind="call_log", now=now)
        assert [e.op for e in mine.outbox(pending_only=True)] == ["work.log", "work.log", "message.insert"]
        pushed, _ = cm.sync_once()
        assert pushed.applied == 3 and not pushed.rejected
        with pg_db.session() as s:
            rows = s.execute(select(WorkSession.agent_id, WorkSession.kind, WorkSession.seconds)
                             .order_by(WorkSession.seconds)).all()
            assert [tuple(r) for r in rows] == [(ids["me"], "acw", 60), (ids["me"], "talk", 240)]
            t1 = s.scalar(select(Ticket).where(Ticket.number == ids["t1"]))
            assert t1.first_response_at is not None and t1.agent_contact_count == 1
            today = now.astimezone(KST).date()
            days = (today - timedelta(days=1), today)  # whatever the hour: the seeded tickets are from the last day
            on_server = metrics.compute(s, *days, tz="Asia/Seoul", now=now)
        cl.sync_once()
        with lead.db.session() as s:
            assert metrics.compute(s, *days, tz="Asia/Seoul", now=now) == on_server
        assert on_server["handle_time_seconds"] == {"median": 300, "p90": 300, "count": 1, "mean": 300}
        assert on_server["first_response_seconds"]["count"] == 1
    finally:
        for rep, c in desks.values():
            c.close()
            close(rep)


def test_the_migration_counts_contacts_and_answers_phone_tickets_of_older_workspaces(any_db):
    """Migration 0019 on a workspace written before it: agent contacts counted from the
    messages, and a ticket answered only by a call gets that call as its first response
    (its running deadline becomes the resolution deadline)."""
    from alembic import command
    from sqlalchemy import text

    from agentdesk.db import alembic_config
    from agentdesk.services.common import current_agent
    from tests.factories import seed_small

    ids = seed_small(any_db)
    t0 = NOW - timedelta(days=1)
    with any_db.session() as s:
        me = current_agent(s)
        tickets.add_message(s, ids["t1"], me, "통화함", kind="call_log", now=t0)
        tickets.add_message(s, ids["t1"], me, "다시 통화", kind="call_log", now=t0 + timedelta(minutes=5))
        tickets.add_message(s, ids["t3"], me, "Hello", kind="reply", now=t0)
        tickets.add_message(s, ids["t3"], me, "A note", kind="note", now=t0)
    cfg = alembic_config(any_db.engine)
    command.downgrade(cfg, "0012")
    with any_db.engine.begin() as conn:  # as the rules before 0019 left a phone ticket: unanswered
        conn.execute(text("UPDATE tickets SET first_response_at = NULL, sla_next_due = sla_first_response_due "
                          "WHERE number = :n"), {"n": ids["t1"]})
    command.upgrade(cfg, "head")
    with any_db.session() as s:
        got = {t.number: (t.agent_contact_count, t.first_response_at, t.sla_next_due == t.sla_resolution_due)
               for t in s.scalars(select(Ticket))}
    assert got[ids["t1"]] == (2, t0, True)
    assert got[ids["t3"]][:2] == (1, t0) and got[ids["t2"]][:2] == (0, None)
