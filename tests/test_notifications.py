"""Reminders with a controllable clock: toast appears, Snooze hides it until the new time, Done closes it."""

from __future__ import annotations

from datetime import datetime, timedelta, UTC

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox, QLabel, QMainWindow, QPushButton
from sqlalchemy import select

from agentdesk.models import Agent, FollowUp, Ticket
from agentdesk.services import followups as fu
from agentdesk.ui.kit.toasts import Toast, ToastStack
from agentdesk.ui.notifications import POLL_MS, ReminderCenter

T0 = datetime(2026, 3, 18, 1, 0, tzinfo=UTC)


class Clock:
    """The reminder centre's "now", moved by the test instead of by sleeping."""

    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw) -> None:
        self.now += timedelta(**kw)


@pytest.fixture
def window(qtbot):
    w = QMainWindow()
    w.setCentralWidget(QLabel("inbox"))
    w.statusBar().showMessage("ready")
    qtbot.addWidget(w)
    w.resize(1100, 760)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def clock():
    return Clock(T0)


@pytest.fixture
def center(ctx, window, clock):
    rc = ReminderCenter(ctx, window, clock=clock)
    yield rc
    rc.stop()


def _add(db, **kw):
    with db.session() as s:
        me = s.scalars(select(Agent).where(Agent.login == "kim.minji")).one()
        return fu.create_follow_up(s, me, **kw)


def _row(db, fid) -> FollowUp:
    with db.session() as s:
        return s.get(FollowUp, fid)


def _check(qtbot, center):
    with qtbot.waitSignal(center.checked, timeout=5000):
        center.check_now()


def _titles(center):
    return [t.title.text() for t in center.stack.toasts()]


def test_polls_every_15_seconds_on_its_own_timer(center):
    assert center._timer.isActive() and center._timer.interval() == POLL_MS == 15_000
    assert center.clock() == T0


def test_reminder_fires_at_due_time_once(qtbot, center, sqlite_db, seeded, clock):
    row = _add(sqlite_db, title="#1 카드 한도 조회 — 회신", due_at=T0 + timedelta(minutes=5), ticket_ref=seeded["t1"],
               kind="callback")
    _check(qtbot, center)
    assert _titles(center) == [] and center.tray_messages == []
    clock.advance(minutes=5)
    with qtbot.waitSignal(center.reminderShown, timeout=5000) as shown:
        center.check_now()
    assert shown.args[0].id == row.id
    toast = center.toast_for(row.id)
    assert toast is not None and toast.isVisible() and _titles(center) == ["#1 카드 한도 조회 — 회신"]
    assert "010-1234-5678" in toast.body.text() and f"#{seeded['t1']}" in toast.body.text()
    assert center.tray_messages[-1][0] == "#1 카드 한도 조회 — 회신"
    # Bottom-right of the window, above the status bar.
    win = center.window
    assert toast.geometry().right() <= win.width() and toast.geometry().right() > win.width() - 40
    assert toast.geometry().bottom() < win.height() - win.statusBar().height()
    clock.advance(seconds=15)
    _check(qtbot, center)
    assert _titles(center) == ["#1 카드 한도 조회 — 회신"] and len(center.tray_messages) == 1  # once per session


def test_done_with_ticket_solved(qtbot, center, sqlite_db, seeded, clock):
    row = _add(sqlite_db, title="회신 전화", due_at=T0 - timedelta(minutes=1), ticket_ref=seeded["t1"])
    counts = []
    center.overdueChanged.connect(counts.append)
    _check(qtbot, center)
    assert counts == [1] and center.overdue == 1
    toast = center.toast_for(row.id)
    assert "Overdue" in toast.kicker.text()
    toast.findChild(QCheckBox, "alsoSolve").setChecked(True)
    with qtbot.waitSignal(center.checked, timeout=5000):
        qtbot.mouseClick(toast.findChild(QPushButton, "toastDone"), Qt.LeftButton)
    r = _row(sqlite_db, row.id)
    assert r.status == "done" and r.completed_at == T0
    with sqlite_db.session() as s:
        assert s.scalars(select(Ticket.status).where(Ticket.number == seeded["t1"])).one() == "solved"
    assert center.toast_for(row.id) is None and _titles(center) == []
    assert counts == [1, 0]


def test_snooze_hides_until_the_new_time(qtbot, center, sqlite_db, clock):
    row = _add(sqlite_db, title="다시 알림", due_at=T0)
    _check(qtbot, center)
    toast = center.toast_for(row.id)
    snooze = [a for a in toast.findChildren(QAction) if a.objectName() == "snooze_10_minutes"][0]
    with qtbot.waitSignal(center.checked, timeout=5000):
        snooze.trigger()
    assert _row(sqlite_db, row.id).remind_at == T0 + timedelta(minutes=10)
    assert _titles(center) == []
    clock.advance(minutes=9)
    _check(qtbot, center)
    assert _titles(center) == []
    clock.advance(minutes=1)
    _check(qtbot, center)
    assert _titles(center) == ["다시 알림"]
    assert "Overdue" in center.toast_for(row.id).kicker.text()


def test_recurring_done_reminds_again_next_week(qtbot, center, sqlite_db, clock):
    row = _add(sqlite_db, title="주간 점검", due_at=T0, rrule="FREQ=WEEKLY", tz="Asia/Seoul")
    _check(qtbot, center)
    with qtbot.waitSignal(center.checked, timeout=5000):
        qtbot.mouseClick(center.toast_for(row.id).findChild(QPushButton, "toastDone"), Qt.LeftButton)
    assert _row(sqlite_db, row.id).due_at == T0 + timedelta(days=7) and _titles(center) == []
    clock.advance(days=6)
    _check(qtbot, center)
    assert _titles(center) == []
    clock.advance(days=1)
    _check(qtbot, center)
    assert _titles(center) == ["주간 점검"]


def test_open_asks_for_the_ticket(qtbot, center, sqlite_db, seeded):
    row = _add(sqlite_db, title="열기", due_at=T0, ticket_ref=seeded["t2"])
    _check(qtbot, center)
    with qtbot.waitSignal(center.openTicketRequested, timeout=2000) as blocker:
        qtbot.mouseClick(center.toast_for(row.id).findChild(QPushButton, "toastOpen"), Qt.LeftButton)
    assert blocker.args == [row.ticket_id]
    assert center.toast_for(row.id) is not None  # open is not done


def test_done_elsewhere_closes_the_toast(qtbot, center, sqlite_db):
    row = _add(sqlite_db, title="다른 곳에서 완료", due_at=T0)
    _check(qtbot, center)
    with sqlite_db.session() as s:
        fu.complete(s, row.id, s.scalars(select(Agent).where(Agent.login == "kim.minji")).one(), now=T0)
    with qtbot.waitSignal(center.checked, timeout=5000):
        center.ctx.changes.changed.emit("followup", row.id)
    assert center.toast_for(row.id) is None


def test_many_due_stack_and_wait_their_turn(qtbot, center, sqlite_db, clock):
    """Reminders falling due one after another each get a toast; two show, the rest wait."""
    rows = [_add(sqlite_db, title=f"할 일 {i}", due_at=T0 + timedelta(minutes=i)) for i in range(6)]
    clock.advance(minutes=5, seconds=30)
    _check(qtbot, center)
    toasts = center.stack.toasts()
    assert center.summary_toast() is None
    assert len(toasts) == ToastStack.MAX_VISIBLE and center.stack.waiting() == 6 - ToastStack.MAX_VISIBLE
    assert center.tray_messages[-1][0] == "6 follow-ups are due"
    tops = [t.geometry().top() for t in toasts]
    assert tops == sorted(tops, reverse=True)  # newest above the older ones
    assert all(a.geometry().bottom() < b.geometry().top() for a, b in zip(toasts[1:], toasts))  # no overlap
    toasts[0].dismiss()
    qtbot.waitUntil(lambda: center.stack.waiting() == 6 - ToastStack.MAX_VISIBLE - 1)
    assert len(center.stack.toasts()) == ToastStack.MAX_VISIBLE
    # Dismissed is not snoozed: it does not come back this session.
    _check(qtbot, center)
    assert center.toast_for(rows[0].id) is None and center.stack.waiting() == 6 - ToastStack.MAX_VISIBLE - 1


def test_an_overdue_backlog_at_start_is_one_summary_toast(qtbot, center, sqlite_db):
    """At the start of a shift, yesterday's overdue follow-ups stacked a toast each over the
    side column; now they are one toast with the count that opens the calendar."""
    for i in range(5):
        _add(sqlite_db, title=f"어제 할 일 {i}", due_at=T0 - timedelta(hours=20 - i))
    fresh = _add(sqlite_db, title="지금 할 일", due_at=T0)
    _check(qtbot, center)
    summary = center.summary_toast()
    assert summary is not None and "5" in summary.title.text()
    assert [t for t in center.stack.toasts() if t is not summary] == [center.toast_for(fresh.id)]
    with qtbot.waitSignal(center.calendarRequested, timeout=1000):
        summary.findChild(QPushButton, "toastOpenCalendar").click()
    qtbot.waitUntil(lambda: center.summary_toast() is None, timeout=2000)
    _check(qtbot, center)
    assert center.summary_toast() is None  # once per session, as the single toasts


def test_keeps_reminding_while_minimised(qtbot, center, sqlite_db, window, clock):
    _add(sqlite_db, title="최소화 중 알림", due_at=T0 + timedelta(minutes=1))
    window.showMinimized()
    qtbot.waitUntil(window.isMinimized, timeout=5000)
    clock.advance(minutes=1)
    _check(qtbot, center)
    assert center.tray_messages[-1][0] == "최소화 중 알림"
    window.showNormal()
    assert _titles(center) == ["최소화 중 알림"]


def test_generic_toast_is_reusable(qtbot, window):
    stack = ToastStack.of(window)
    assert ToastStack.of(window) is stack
    clicked = []
    toast = Toast("동기화 완료", "3건을 받았습니다", kicker="Sync")
    toast.add_button("OK", lambda: clicked.append(1), primary=True, name="ok")
    stack.push(toast)
    assert stack.toasts() == [toast] and toast.isVisible()
    qtbot.mouseClick(toast.findChild(QPushButton, "ok"), Qt.LeftButton)
    assert clicked == [1]
    with qtbot.waitSignal(toast.closed, timeout=1000):
        toast.dismiss()
    assert stack.toasts() == []
    timed = stack.push(Toast("잠깐 보임", timeout_ms=30))
    with qtbot.waitSignal(timed.closed, timeout=2000):
        pass
    assert stack.toasts() == []


def test_clicking_the_tray_message_opens_the_ticket(qtbot, ctx, window, clock, sqlite_db, seeded):
    from PySide6.QtWidgets import QSystemTrayIcon

    tray = QSystemTrayIcon(window)  # the window's own icon is reused, not a second one made
    rc = ReminderCenter(ctx, window, clock=clock, tray=tray)
    row = _add(sqlite_db, title="트레이에서 열기", due_at=T0, ticket_ref=seeded["t2"])
    _check(qtbot, rc)
    assert rc.tray is tray and rc.tray_messages == [("트레이에서 열기", rc.toast_for(row.id).kicker.text())]
    with qtbot.waitSignal(rc.openTicketRequested, timeout=2000) as blocker:
        tray.messageClicked.emit()
    assert blocker.args == [row.ticket_id]
    rc.stop()


def test_snooze_counts_from_the_click_not_from_when_the_toast_appeared(qtbot, center, sqlite_db, clock):
    row = _add(sqlite_db, title="오래 기다린 알림", due_at=T0)
    _check(qtbot, center)
    clock.advance(hours=2)  # the agent was on a call
    snooze = [a for a in center.toast_for(row.id).findChildren(QAction) if a.objectName() == "snooze_1_hour"][0]
    with qtbot.waitSignal(center.checked, timeout=5000):
        snooze.trigger()
    assert _row(sqlite_db, row.id).remind_at == T0 + timedelta(hours=3)


def test_a_card_number_in_a_reminder_is_masked(qtbot, center, sqlite_db, clock):
    row = _add(sqlite_db, title="4111 1111 1111 1111 결제 확인 전화", due_at=T0)
    with qtbot.waitSignal(center.reminderShown, timeout=5000):
        center.check_now()
    assert "4111 1111 1111 1111" not in center.toast_for(row.id).title.text()
    assert "4111 1111 1111 1111" not in center.tray_messages[-1][0]
    assert "결제 확인 전화" in center.toast_for(row.id).title.text()
