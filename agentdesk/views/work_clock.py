"""The agent's time on a ticket, recorded as work for handle time (issue 13).

While a ticket is open in the ticket pane and AgentDesk is the active application, its
clock runs; switching to another ticket, leaving the app for another one, or closing the
window records what ran (services/work_time.record_work: "work" on written channels,
"acw" on a phone ticket, where the call itself is recorded as "talk" with its length when
it is logged). While the call panel has a call on a ticket (views/call_panel.py), that
ticket's clock stands still: the call records its own talk, hold and after-call work, and
the clock starts afresh once the call is logged. Brief looks (under MIN_SECONDS) are not work; a clock left running is cut
at MAX_SECONDS of active time. Recording is bookkeeping: a refusal (a ticket of another
team, a workspace that went away) goes to the log, never to the agent."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta

from PySide6.QtCore import QElapsedTimer, QObject, Qt, Slot
from PySide6.QtGui import QGuiApplication

from agentdesk.models import utcnow
from agentdesk.services import work_time
from agentdesk.services.common import current_agent
from agentdesk.ui.kit.tasks import AppContext
from agentdesk.views.call_panel import CallHub

log = logging.getLogger("agentdesk.ui")

MIN_SECONDS = 10  # a glance at a ticket is not handling it
MAX_SECONDS = 2 * 3600  # one sitting; an agent who walked away with the app in front is not working


class WorkClock(QObject):
    def __init__(self, ctx: AppContext, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.ticket_id: uuid.UUID | None = None
        self.kind = "work"
        self.started_at: datetime | None = None
        self._ms = 0  # active time gathered so far
        self._running = QElapsedTimer()
        self._call_on: uuid.UUID | None = None  # the ticket with a call on (the call records its time)
        CallHub.of(ctx.changes).activity.connect(self.call_activity)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self._app_state)

    def _active(self) -> bool:
        return QGuiApplication.applicationState() == Qt.ApplicationState.ApplicationActive

    @Slot(object)
    def ticket_opened(self, detail) -> None:
        """The ticket pane shows ``detail``: the previous ticket's time is recorded (a
        reload of the same ticket after a change goes on counting)."""
        if detail is None or detail.id == self.ticket_id:
            return
        self.flush()
        self.ticket_id, self.kind = detail.id, "acw" if detail.channel == "phone" else "work"
        self.started_at, self._ms = utcnow(), 0
        if self._active() and self._call_on != self.ticket_id:
            self._running.start()

    @Slot(object, bool)
    def call_activity(self, ticket_id, on_call: bool) -> None:
        """A call started (what ran before it is recorded; the clock stands still) or
        was logged (the clock starts afresh on the ticket still shown)."""
        self._call_on = ticket_id if on_call else None
        if ticket_id != self.ticket_id:
            return
        if on_call:
            self.flush()
            self.ticket_id = ticket_id  # still shown: a reload must not start a clock
        else:
            self.started_at, self._ms = utcnow(), 0
            if self._active():
                self._running.start()

    @Slot(Qt.ApplicationState)
    def _app_state(self, state: Qt.ApplicationState) -> None:
        if self.ticket_id is None or self._call_on == self.ticket_id:
            return
        if state == Qt.ApplicationState.ApplicationActive:
            if not self._running.isValid():
                self._running.start()
        else:
            self._pause()

    def _pause(self) -> None:
        if self._running.isValid():
            self._ms += self._running.elapsed()
            self._running.invalidate()

    def seconds(self) -> int:
        running = self._running.elapsed() if self._running.isValid() else 0
        return min((self._ms + running) // 1000, MAX_SECONDS)

    def flush(self) -> None:
        """Records the current ticket's time, if it is work, and stops the clock."""
        seconds, ticket_id, kind, started = self.seconds(), self.ticket_id, self.kind, self.started_at
        self._running.invalidate()
        self.ticket_id, self.started_at, self._ms = None, None, 0
        if ticket_id is None or started is None or seconds < MIN_SECONDS:
            return
        login = self.ctx.agent.login

        def write(s):
            now = utcnow()
            return work_time.record_work(s, current_agent(s, login), ticket_id, kind, seconds,
                                         min(started, now - timedelta(seconds=seconds)), now)

        self.ctx.runner.write(write, None, self._not_recorded)

    def _not_recorded(self, exc: Exception) -> None:
        log.info("work time not recorded: %s", str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
