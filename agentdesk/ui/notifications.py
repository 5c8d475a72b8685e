"""Follow-up reminders.

``ReminderCenter`` polls the follow-up service on a worker every 15 s, using an
injectable clock, and shows each due follow-up once per session as a toast with
Open / Snooze / Done, plus a tray message when a system tray exists (so a minimised
window still tells the agent). Its timer lives on the QObject, not on a widget that
could be hidden, so reminders keep coming while the window is minimised.
"""

from __future__ import annotations

import functools
import uuid
from datetime import datetime, timedelta, UTC
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox, QMenu, QSystemTrayIcon,
    QWidget,
)

from agentdesk.models import DONE_STATUSES
from agentdesk.services import followups
from agentdesk.services.common import current_agent
from agentdesk.services.pii import mask_pii
from agentdesk.ui.kit import errors
from agentdesk.ui.kit.icons import app_icon
from agentdesk.ui.kit.reads import LatestReads
from agentdesk.ui.kit.tasks import AppContext
from agentdesk.ui.kit.timers import make_timer
from agentdesk.ui.kit.toasts import Toast, ToastStack


POLL_MS = 15_000
# Reminders already this late when first seen (the backlog at the start of a shift) are
# summed up in one toast instead of one toast each over the side column.
BACKLOG_AFTER = timedelta(minutes=5)


# --- reminders -------------------------------------------------------------------------

def _poll(agent_id: uuid.UUID, now: datetime, session) -> tuple[list, int]:
    return followups.due_reminders(session, agent_id, now), followups.overdue_count(session, agent_id, now)


def _snooze(login: str, follow_up_id, until: datetime, session):
    return followups.snooze(session, follow_up_id, current_agent(session, login), until)


def _complete(login: str, follow_up_id, ticket_status: str | None, now: datetime, session):
    return followups.complete(session, follow_up_id, current_agent(session, login),
                              set_ticket_status=ticket_status, now=now)


class ReminderCenter(QObject):
    """Fires follow-up reminders: toast in the window, message in the system tray."""

    openTicketRequested = Signal(object)  # ticket UUID
    openCustomerRequested = Signal(object)  # customer UUID (follow-ups without a ticket)
    calendarRequested = Signal()  # "Open calendar" on the summary of overdue follow-ups
    overdueChanged = Signal(int)  # for the status bar
    reminderShown = Signal(object)  # the FollowUpRow just shown
    checked = Signal()  # a poll's result has been applied (tests wait on it)
    failed = Signal(str)

    def __init__(self, ctx: AppContext, window: QWidget, clock: Callable[[], datetime] | None = None,
                 tray: QSystemTrayIcon | None = None):
        super().__init__(window)
        self.ctx = ctx
        self.window = window
        # Tests replace this to fire reminders deterministically without sleeping.
        self.clock: Callable[[], datetime] = clock or (lambda: datetime.now(UTC))
        self.stack = ToastStack.of(window)
        self._shown: dict[uuid.UUID, datetime] = {}  # follow-up id → reminder time already shown
        self._toasts: dict[uuid.UUID, Toast] = {}
        self._summary: Toast | None = None  # the overdue backlog, one toast
        self._summary_ids: set[uuid.UUID] = set()
        self._overdue: int | None = None
        self._reads = LatestReads(self, ctx.runner)  # the poll: the newest wins
        self.tray_messages: list[tuple[str, str]] = []  # what was sent to the tray, newest last
        self._tray_row = None  # the follow-up a clicked single-reminder message opens
        # The window may own a tray icon already (pass it in); one icon per app, not two.
        self.tray: QSystemTrayIcon | None = tray
        if tray is None and QSystemTrayIcon.isSystemTrayAvailable():
            icon = window.windowIcon()
            self.tray = QSystemTrayIcon(icon if not icon.isNull() else app_icon(), self)
            self.tray.setToolTip("AgentDesk")
            self.tray.show()
        if self.tray is not None:
            self.tray.messageClicked.connect(self._tray_clicked)
        self._timer = make_timer(self, POLL_MS, self.check_now)
        self._timer.start()
        ctx.changes.changed.connect(self._on_changed)

    # --- polling ---------------------------------------------------------------------------
    @property
    def overdue(self) -> int:
        return self._overdue or 0

    def stop(self) -> None:
        self._timer.stop()

    @Slot()
    def check_now(self) -> None:
        """Asks the service what is due at clock() (on a read worker)."""
        self._reads.read("poll", functools.partial(_poll, self.ctx.agent.id, self.clock()), self._on_polled,
                         self._on_failed)

    def _on_changed(self, kind: str, _id) -> None:
        if kind in ("followup", "ticket"):
            self.check_now()

    def _on_failed(self, exc: Exception) -> None:
        """A user error (bugs go to the crash handler): one line in the status bar."""
        self.failed.emit(errors.message(exc))

    def _on_polled(self, result) -> None:
        due, overdue = result
        due_now = {r.id: r for r in due}
        # Done or snoozed elsewhere (the calendar pane, another window): the toast goes.
        for fid in list(self._toasts):
            row = due_now.get(fid)
            if row is None or row.reminder_at != self._shown.get(fid):
                self._close_toast(fid)
        fresh = []
        for row in due:
            if self._shown.get(row.id) == row.reminder_at:
                continue  # once per session for this reminder time
            self._shown[row.id] = row.reminder_at
            fresh.append(row)
        now = self.clock()
        backlog = [r for r in fresh if r.due_at < now - BACKLOG_AFTER]
        if len(backlog) < 2:
            backlog = []
        for row in fresh:
            if row not in backlog:
                self._show_toast(row)
        if backlog:
            self._show_summary(backlog)
        elif self._summary_ids and not (self._summary_ids & set(due_now)):
            self._close_summary()  # all of them done or snoozed elsewhere
        for row in fresh:
            self.reminderShown.emit(row)
        if fresh:
            self._notify_tray(fresh)
        if overdue != self._overdue:
            self._overdue = overdue
            self.overdueChanged.emit(overdue)
        self.checked.emit()

    # --- showing ---------------------------------------------------------------------------
    def toast_for(self, follow_up_id) -> Toast | None:
        t = self._toasts.get(follow_up_id)
        return t if t is not None and shiboken6.isValid(t) else None

    def _kicker(self, row) -> str:
        now = self.clock()
        when = row.due_at.astimezone().strftime("%m-%d %H:%M")
        if row.due_at < now:
            return self.tr("Overdue since %1").replace("%1", when)
        return (self.tr("Callback at %1") if row.kind == "callback" else self.tr("Follow-up at %1")).replace("%1", when)

    def _body(self, row) -> str:
        parts = []
        if row.ticket_number is not None:
            parts.append(f"#{row.ticket_number}")
        if row.customer_name:
            parts.append(row.customer_name)
        if row.kind == "callback" and row.customer_phone:
            parts.append("☎ " + row.customer_phone)
        return "  ·  ".join(parts)

    def _show_toast(self, row) -> None:
        self._close_toast(row.id)
        overdue = row.due_at < self.clock()
        toast = Toast(mask_pii(row.title), self._body(row), kicker=self._kicker(row), level="warn" if overdue else "info",
                      parent=self.window)
        toast.setProperty("followUpId", str(row.id))
        solved = None
        if row.ticket_id is not None and row.ticket_status not in DONE_STATUSES:
            solved = toast.add_widget(QCheckBox(self.tr("Also mark ticket solved")))
            solved.setObjectName("alsoSolve")
        if row.ticket_id is not None or row.customer_id is not None:
            toast.add_button(self.tr("Open"), functools.partial(self._open, row), name="toastOpen")
        menu = QMenu(toast)
        labels = {"10_minutes": self.tr("10 minutes"), "1_hour": self.tr("1 hour"),
                  "tomorrow_0900": self.tr("Tomorrow 09:00")}
        for key, _until in followups.snooze_choices(self.clock().astimezone(followups.local_zone())):
            action = QAction(labels[key], menu)
            action.setObjectName(f"snooze_{key}")
            # The time is taken when clicked: a toast may wait an hour before the agent answers it.
            action.triggered.connect(functools.partial(self._snooze_clicked, row.id, key))
            menu.addAction(action)
        toast.add_menu_button(self.tr("Snooze ▾"), menu, name="toastSnooze")
        toast.add_button(self.tr("Done"), functools.partial(self._done_clicked, row.id, solved), primary=True,
                         name="toastDone")
        toast.closed.connect(functools.partial(self._toast_closed, row.id, toast))
        self._toasts[row.id] = toast
        self.stack.push(toast)

    def summary_toast(self) -> Toast | None:
        t = self._summary
        return t if t is not None and shiboken6.isValid(t) else None

    def _show_summary(self, rows: list) -> None:
        """One toast for the overdue backlog: the count, the first titles, the calendar."""
        self._close_summary()
        titles = [mask_pii(r.title) for r in rows[:3]] + (["…"] if len(rows) > 3 else [])
        toast = Toast(self.tr("%n overdue follow-ups", "", len(rows)), "\n".join(titles),
                      kicker=self.tr("Overdue"), level="warn", parent=self.window)
        toast.add_button(self.tr("Open calendar"), self._summary_open, name="toastOpenCalendar", primary=True)
        toast.closed.connect(functools.partial(self._summary_closed, toast))
        self._summary, self._summary_ids = toast, {r.id for r in rows}
        self.stack.push(toast)

    def _summary_open(self) -> None:
        self.calendarRequested.emit()
        self._close_summary()

    def _summary_closed(self, toast) -> None:
        if self._summary is toast:
            self._summary, self._summary_ids = None, set()

    def _close_summary(self) -> None:
        toast, self._summary, self._summary_ids = self._summary, None, set()
        if toast is not None and shiboken6.isValid(toast):
            toast.dismiss()

    def _toast_closed(self, fid, toast) -> None:
        if self._toasts.get(fid) is toast:
            del self._toasts[fid]

    def _close_toast(self, fid) -> None:
        toast = self._toasts.pop(fid, None)
        if toast is not None and shiboken6.isValid(toast):
            toast.dismiss()

    def _notify_tray(self, rows: list) -> None:
        self._tray_row = rows[0] if len(rows) == 1 else None
        if len(rows) == 1:
            title, body = mask_pii(rows[0].title), self._kicker(rows[0])
        else:
            title = self.tr("%n follow-ups are due", "", len(rows))
            body = "\n".join(mask_pii(r.title) for r in rows[:3])
        self.tray_messages.append((title, body))
        if self.tray is not None and self.tray.isVisible():
            self.tray.showMessage(title, body, QSystemTrayIcon.MessageIcon.Information, 10000)

    # --- actions ---------------------------------------------------------------------------
    @Slot()
    def _raise_window(self) -> None:
        w = self.window
        if not shiboken6.isValid(w):
            return
        if w.isMinimized():
            w.showNormal()
        w.raise_()
        w.activateWindow()

    @Slot()
    def _tray_clicked(self) -> None:
        if self._tray_row is not None:
            self._open(self._tray_row)
        else:
            self._raise_window()

    def _open(self, row) -> None:
        self._raise_window()
        if row.ticket_id is not None:
            self.openTicketRequested.emit(row.ticket_id)
        elif row.customer_id is not None:
            self.openCustomerRequested.emit(row.customer_id)

    def _snooze_clicked(self, fid, key: str) -> None:
        until = dict(followups.snooze_choices(self.clock().astimezone(followups.local_zone())))[key]
        self.snooze(fid, until)

    def _done_clicked(self, fid, checkbox: QCheckBox | None) -> None:
        solved = checkbox is not None and shiboken6.isValid(checkbox) and checkbox.isChecked()
        self.done(fid, "solved" if solved else None)

    def done(self, follow_up_id, ticket_status: str | None = None) -> None:
        """Completes the follow-up (a recurring one moves to its next occurrence)."""
        self.ctx.runner.write(
            functools.partial(_complete, self.ctx.agent.login, follow_up_id, ticket_status, self.clock()),
            functools.partial(self._written, follow_up_id, ticket_status is not None), self._on_failed)

    def snooze(self, follow_up_id, until: datetime) -> None:
        self.ctx.runner.write(functools.partial(_snooze, self.ctx.agent.login, follow_up_id, until),
                              functools.partial(self._written, follow_up_id, False), self._on_failed)

    def _written(self, fid, ticket_changed: bool, row) -> None:
        self._close_toast(fid)
        self.ctx.changes.changed.emit("followup", fid)
        if ticket_changed and row.ticket_id is not None:
            self.ctx.changes.changed.emit("ticket", row.ticket_id)
