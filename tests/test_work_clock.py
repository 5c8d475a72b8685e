"""Handle time as the desk records it (issue 13): time on a ticket while AgentDesk is the
active app ("work", or "acw" on a phone ticket), and a logged call's length ("talk")."""

from __future__ import annotations

from types import SimpleNamespace

from sqlalchemy import select

from agentdesk.models import Ticket, WorkSession
from agentdesk.services import intake
from agentdesk.services.common import current_agent
from agentdesk.views import work_clock
from agentdesk.views.work_clock import WorkClock
from tests.factories import seed_small
from tests.uihelpers import make_ctx, settle


def _sessions(db):
    with db.session() as s:
        return [(w.kind, w.seconds, w.ticket_id) for w in s.scalars(select(WorkSession).order_by(WorkSession.started_at))]


def _ticket(db, number):
    with db.session() as s:
        t = s.scalar(select(Ticket).where(Ticket.number == number))
        return SimpleNamespace(id=t.id, channel=t.channel)


def test_switching_tickets_records_the_time_on_the_one_left(qtbot, sqlite_db, monkeypatch):
    ids = seed_small(sqlite_db)
    ctx = make_ctx(sqlite_db)
    clock = WorkClock(ctx)
    monkeypatch.setattr(clock, "_active", lambda: True)
    email, phone = _ticket(sqlite_db, ids["t2"]), _ticket(sqlite_db, ids["t1"])
    clock.ticket_opened(email)
    clock._ms = 95_000  # 95 s of active time on the email ticket
    clock.ticket_opened(email)  # a reload of the same ticket goes on counting
    assert clock.ticket_id == email.id and clock.seconds() >= 95
    clock.ticket_opened(phone)
    settle(ctx.runner)
    assert [(k, s, t) for k, s, t in _sessions(sqlite_db)] == [("work", 95, email.id)]
    clock._ms = 3_000  # a glance: not work
    clock.flush()
    settle(ctx.runner)
    assert len(_sessions(sqlite_db)) == 1
    clock.ticket_opened(phone)
    clock._ms = work_clock.MAX_SECONDS * 1000 * 3  # left open overnight: one sitting at most
    clock.flush()
    settle(ctx.runner)
    assert ("acw", work_clock.MAX_SECONDS, phone.id) in _sessions(sqlite_db)


def test_a_logged_calls_length_is_talk_time(sqlite_db):
    ids = seed_small(sqlite_db)
    with sqlite_db.session() as s:
        me = current_agent(s, "kim.minji")
        intake.log_call(s, ids["t1"], me, "한도 안내함", "Inbound call · 4 min", talk_seconds=240)
        made = intake.create_ticket(s, me, customer_id=ids["customer"], subject="분실 신고", channel="phone",
                                    body="카드 분실", first_kind="call_log", talk_seconds=180)
    talks = [(k, sec) for k, sec, _ in _sessions(sqlite_db)]
    assert talks == [("talk", 240), ("talk", 180)]
    assert _sessions(sqlite_db)[1][2] == made.id
