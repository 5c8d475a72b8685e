"""The ticket view's call panel (issue 14): start, the recording notice, hold and resume,
hang-up and after-call work, disposition and notes, finished as one call log whose talk,
hold and after-call work are the agent's work time, so handle time includes all three.
The panel's clock is the test's (no sleeping): each length is a difference of instants."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from agentdesk import call_rules
from agentdesk.models import Message, Ticket, WorkSession
from agentdesk.services import calls, metrics
from agentdesk.services.common import current_agent
from agentdesk.views.call_panel import CallPanel
from agentdesk.views.ticket import TicketPane
from agentdesk.views.work_clock import WorkClock
from tests.factories import seed_small
from tests.uihelpers import make_ctx, settle


class FakeClock:
    def __init__(self) -> None:
        self.t = 5000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def pane(qtbot, sqlite_db):
    ids = seed_small(sqlite_db)
    ctx = make_ctx(sqlite_db)
    p = TicketPane(ctx)
    qtbot.addWidget(p)
    p.resize(900, 700)
    p.show()
    with qtbot.waitSignal(p.loaded, timeout=5000):
        p.show_ticket(str(ids["t1"]))
    p.clock = FakeClock()
    p.call_panel.clock = p.clock
    p.ids = ids
    yield p
    settle(ctx.runner)


def _work(db) -> list[tuple[str, int]]:
    with db.session() as s:
        return sorted((w.kind, w.seconds) for w in s.scalars(select(WorkSession)))


def _call_logs(db) -> list[str]:
    with db.session() as s:
        return list(s.scalars(select(Message.body).where(Message.kind == "call_log")))


def test_a_call_with_hold_and_wrap_up_is_one_call_log_and_talk_hold_acw_work(qtbot, pane):
    panel, clock = pane.call_panel, pane.clock
    assert panel.start_button.isVisible() and not panel.wrap.isVisible()
    assert not pane.is_replying()
    panel.start_button.click()
    assert panel.on_call() and panel.notice.isVisible()
    assert pane.is_replying()  # on a contact (presence 'replying', agent_states.effective_state)
    assert call_rules.RECORDING_NOTICE["en"] in panel.notice_text.text()
    panel.notice_ack.click()
    assert panel.notice_acknowledged and not panel.notice.isVisible()
    clock.t += 60
    panel._tick()
    assert panel.talk_label.text() == "Talk 1:00"
    panel.hold_button.click()  # hold at 1:00
    assert panel.hold_button.text() == "Resume"
    clock.t += 30.7
    panel._tick()
    assert panel.talk_label.text() == "Talk 1:00" and panel.hold_label.text() == "Hold 0:30"
    panel.hold_button.click()  # resume
    clock.t += 60
    panel.hang_up_button.click()  # talked 2:00 in all, held 0:30
    assert panel.acw_label.isVisible() and not panel.hang_up_button.isVisible()
    clock.t += 45
    panel.finish_button.click()  # no disposition yet: refused, nothing written
    assert panel.error.isVisible() and panel.on_call()
    settle(pane.ctx.runner)
    assert _call_logs(pane.ctx.db) == []
    panel.disposition.setCurrentIndex(panel.disposition.findData("callback_needed"))
    panel.notes.setPlainText("한도 상향 서류 안내, 내일 오전 콜백")
    with qtbot.waitSignal(panel.logged, timeout=5000) as logged:
        panel.finish_button.click()
    assert [w.kind for w in logged.args[0].work] == ["talk", "hold", "acw"]
    assert _work(pane.ctx.db) == [("acw", 45), ("hold", 30), ("talk", 120)]
    [body] = _call_logs(pane.ctx.db)
    assert body.splitlines() == [
        "Inbound call · talk 2:00 · hold 0:30 · after-call work 0:45 · Callback needed · recording notice read",
        "한도 상향 서류 안내, 내일 오전 콜백"]
    assert not panel.on_call() and panel.start_button.isVisible() and panel.notes.toPlainText() == ""
    assert not pane.is_replying()
    # Handle time is the ticket's talk + hold + after-call work.
    now = datetime.now(UTC)
    with pane.ctx.db.session() as s:
        assert metrics.handle_times(s, now - timedelta(hours=1), now + timedelta(minutes=1)) == [195]


def test_the_work_clock_stands_still_while_a_call_records_its_own_time(qtbot, pane, monkeypatch):
    clock = WorkClock(pane.ctx)
    monkeypatch.setattr(clock, "_active", lambda: True)
    clock.ticket_opened(pane.detail)
    clock._ms = 20_000  # 20 s on the ticket before the call: after-contact work on a phone ticket
    panel = pane.call_panel
    panel.start()
    settle(pane.ctx.runner)
    assert _work(pane.ctx.db) == [("acw", 20)]
    assert clock.seconds() == 0 and not clock._running.isValid()
    clock.ticket_opened(pane.detail)  # a reload during the call starts nothing
    assert not clock._running.isValid()
    pane.clock.t += 90
    panel.hang_up()
    panel.disposition.setCurrentIndex(panel.disposition.findData("resolved"))
    with qtbot.waitSignal(panel.logged, timeout=5000):
        panel.finish()
    assert clock._running.isValid() and clock.ticket_id == pane.detail.id  # afresh, after the call
    assert _work(pane.ctx.db) == [("acw", 20), ("talk", 90)]


def test_a_call_goes_on_with_its_ticket_when_another_is_opened(qtbot, pane):
    panel = pane.call_panel
    panel.start()
    pane.clock.t += 30
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        pane.show_ticket(str(pane.ids["t2"]))
    assert f"#{pane.ids['t1']}" in panel.phase_label.text()
    panel.disposition.setCurrentIndex(panel.disposition.findData("transferred"))
    with qtbot.waitSignal(panel.logged, timeout=5000) as logged:
        panel.finish()
    assert logged.args[0].message.ticket_number == pane.ids["t1"]


def test_discarding_a_call_writes_nothing(qtbot, pane, monkeypatch):
    monkeypatch.setattr(CallPanel, "ask_discard", staticmethod(lambda parent: True))
    panel = pane.call_panel
    panel.start()
    pane.clock.t += 12
    panel.discard_button.click()
    settle(pane.ctx.runner)
    assert not panel.on_call() and _call_logs(pane.ctx.db) == [] and _work(pane.ctx.db) == []


def test_the_recording_notice_is_the_setting_when_one_is_given(qtbot, pane):
    from agentdesk.ui.kit import prefs

    store = prefs.store()
    store.setValue("call/recording_notice", "통화 내용은 녹음됩니다 (사내 안내문)")
    store.sync()
    pane.call_panel.start()
    assert "사내 안내문" in pane.call_panel.notice_text.text()
    pane.call_panel._reset()


def test_the_service_refuses_what_the_rules_refuse(sqlite_db):
    ids = seed_small(sqlite_db)
    with sqlite_db.session() as s, pytest.raises(calls.InvalidValue) as e:
        calls.log_call(s, ids["t1"], current_agent(s, "kim.minji"), direction="inbound",
                       lengths=call_rules.CallLengths(10, 0, 0), disposition="hung_up_angrily")
    assert e.value.code == "call.disposition"
    with sqlite_db.session() as s, pytest.raises(calls.InvalidValue) as e:
        calls.log_call(s, ids["t1"], current_agent(s, "kim.minji"), direction="inbound",
                       lengths=call_rules.CallLengths(-5, 0, 0), disposition="resolved")
    assert e.value.code == "call.seconds"


def test_a_call_from_a_team_desk_goes_out_as_its_message_and_work_logs(pg_db, tmp_path):
    from agentdesk.server.feed import stamp_unversioned
    from agentdesk.sync import capture
    from tests.test_sync_support import client, close, replica

    ids = seed_small(pg_db)
    stamp_unversioned(pg_db.engine)
    rep = replica(tmp_path, "kim.minji", "kim.minji")
    c = client(rep, pg_db)
    capture.install(rep.db, "kim.minji")
    try:
        c.sync_once()
        with rep.db.session() as s:
            calls.log_call(s, ids["t1"], current_agent(s, "kim.minji"), direction="outbound",
                           lengths=call_rules.CallLengths(200, 40, 60), disposition="resolved", note="해지 방어 성공")
        assert sorted(e.op for e in rep.outbox(pending_only=True)) == ["message.insert", "work.log", "work.log",
                                                                      "work.log"]
        pushed, _ = c.sync_once()
        assert pushed.applied == 4 and not pushed.rejected
        with pg_db.session() as s:
            assert sorted((w.kind, w.seconds) for w in s.scalars(select(WorkSession))) == [
                ("acw", 60), ("hold", 40), ("talk", 200)]
            t1 = s.scalar(select(Ticket).where(Ticket.number == ids["t1"]))
            assert t1.agent_contact_count == 1
    finally:
        c.close()
        close(rep)


def test_the_panel_in_korean_on_a_laptop_screen(qtbot, qapp, sqlite_db):
    """Korean labels, the notice and the wrap-up fit the ticket pane of a 1366x768 window (a
    grab is left in /tmp/call-panel-ko.png to look at)."""
    from agentdesk.ui.app import install_language, register_fonts

    font = qapp.font()
    register_fonts(qapp)  # the bundled Korean font, as the app starts with
    assert install_language(qapp, "ko")
    try:
        ids = seed_small(sqlite_db)
        p = TicketPane(make_ctx(sqlite_db))
        qtbot.addWidget(p)
        p.resize(426, 715)  # the ticket pane of a 1366x768 window
        p.show()
        with qtbot.waitSignal(p.loaded, timeout=5000):
            p.show_ticket(str(ids["t1"]))
        clock = FakeClock()
        panel = p.call_panel
        p.grab().save("/tmp/call-panel-ko-idle.png")
        panel.clock = clock
        panel.start()
        assert call_rules.RECORDING_NOTICE["ko"] in panel.notice_text.text()
        clock.t += 125
        panel.toggle_hold()
        clock.t += 20
        panel._tick()
        p.grab().save("/tmp/call-panel-ko-talking.png")
        panel.acknowledge_notice()
        panel.toggle_hold()
        clock.t += 10
        panel.hang_up()
        clock.t += 33
        panel._tick()
        panel.disposition.setCurrentIndex(panel.disposition.findData("resolved"))
        panel.notes.setPlainText("카드 한도 조회 안내 완료")
        p.grab().save("/tmp/call-panel-ko.png")
        for w in (panel.start_button, panel.hold_button, panel.hang_up_button, panel.finish_button,
                  panel.discard_button, panel.notice_ack):
            if w.isVisible():
                assert w.width() >= w.sizeHint().width(), w.objectName()  # no clipped label
        assert panel.height() < p.height() / 2  # the timeline keeps most of the pane
        panel._reset()
    finally:
        install_language(qapp, "en")
        qapp.setFont(font)


def test_a_pane_closed_with_a_call_on_does_not_leave_the_work_clock_stopped(qtbot, sqlite_db, monkeypatch):
    from PySide6.QtCore import QCoreApplication, QEvent

    ids = seed_small(sqlite_db)
    ctx = make_ctx(sqlite_db)
    clock = WorkClock(ctx)
    monkeypatch.setattr(clock, "_active", lambda: True)
    popout = TicketPane(ctx, can_pop_out=False)
    with qtbot.waitSignal(popout.loaded, timeout=5000):
        popout.show_ticket(str(ids["t1"]))
    popout.call_panel.start()
    assert clock._call_on == popout.detail.id
    popout.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert clock._call_on is None
    settle(ctx.runner)


def test_a_refused_call_log_keeps_the_call_and_the_notes(qtbot, pane):
    from agentdesk.models import Team

    panel = pane.call_panel
    panel.start()
    pane.clock.t += 40
    panel.hang_up()
    panel.disposition.setCurrentIndex(panel.disposition.findData("escalated"))
    panel.notes.setPlainText("카드 부정사용 의심, 보안팀 이관")
    with pane.ctx.db.session() as s:  # meanwhile the ticket moved to another team's queue
        other = Team(name="보안팀")
        s.add(other)
        s.flush()
        s.scalar(select(Ticket).where(Ticket.number == pane.ids["t1"])).team_id = other.id
    with qtbot.waitSignal(panel.failed, timeout=5000):
        panel.finish()
    assert panel.on_call() and panel.error.isVisible() and panel.finish_button.isEnabled()
    assert panel.notes.toPlainText() == "카드 부정사용 의심, 보안팀 이관"
    assert _call_logs(pane.ctx.db) == [] and _work(pane.ctx.db) == []  # nothing half-written
    panel._reset()
