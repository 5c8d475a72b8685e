"""A lead's alert for each new agent-protection incident of their team (issue 13): a
warning sent, an abusive contact ended, a protective break taken.

``ProtectionAlerts`` runs only for leads and admins. It asks the service for the team's
recent incidents that no alert has shown on this desk yet, at start, every 15 s and
whenever something moves (an incident recorded here, a pull that brought incidents:
``ChangeKind.PROTECTION``), the way ``MentionCenter`` does for mentions. Each gets one
toast naming the agent, the step and the ticket (the reason PII-masked) with "Open"; a
backlog gets one summary toast. Shown once per desk (``notified_at``, never synced).
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

import shiboken6
from PySide6.QtCore import QObject, Signal, Slot

from agentdesk.models import ChangeKind
from agentdesk.services import protection
from agentdesk.models import LEAD_ROLES
from agentdesk.services.common import current_agent
from agentdesk.services.pii import mask_pii
from agentdesk.ui.kit import errors, fmt
from agentdesk.ui.kit.reads import LatestReads
from agentdesk.ui.kit.tasks import AppContext
from agentdesk.ui.kit.timers import make_timer
from agentdesk.ui.kit.toasts import Toast, ToastStack

POLL_MS = 15_000
SUMMARY_AFTER = 3  # more new incidents at once than this: one summary toast
ALERT_MS = 120_000  # an alert stays two minutes unless closed or opened


def _poll(login: str, now: datetime, session):
    return protection.unnotified(session, current_agent(session, login), now)


def _notified(ids: list, now: datetime, session) -> None:
    protection.mark_notified(session, ids, now)


class ProtectionAlerts(QObject):
    """Toasts for a lead: each new incident of their team, at once."""

    openTicketRequested = Signal(object)  # ticket UUID
    alertShown = Signal(object)  # the IncidentRow just shown (tests wait on it)
    failed = Signal(str)

    def __init__(self, ctx: AppContext, window, clock: Callable[[], datetime] | None = None):
        super().__init__(window)
        self.ctx = ctx
        self.window = window
        self.clock: Callable[[], datetime] = clock or (lambda: datetime.now(UTC))
        self.enabled = ctx.agent.role in LEAD_ROLES
        self._shown: set[uuid.UUID] = set()  # shown this session (the write may lag)
        self.toasts: dict[uuid.UUID, Toast] = {}
        self._reads = LatestReads(self, ctx.runner)
        self._timer = make_timer(self, POLL_MS, self.check_now)
        if self.enabled:
            self._timer.start()
            ctx.changes.changed.connect(self._on_changed)

    def stop(self) -> None:
        self._timer.stop()

    @Slot()
    def check_now(self) -> None:
        if self.enabled:
            self._reads.read("poll", functools.partial(_poll, self.ctx.agent.login, self.clock()),
                             self._on_polled, self._on_failed)

    @Slot(str, object)
    def _on_changed(self, kind: str, _id) -> None:
        if kind in (ChangeKind.PROTECTION, ChangeKind.TICKET):
            self.check_now()

    def _on_failed(self, exc: Exception) -> None:
        self.failed.emit(errors.message(exc))

    def _on_polled(self, result) -> None:
        notices, total = result
        fresh = [n for n in notices if n.id not in self._shown]
        if not fresh:
            return
        self._shown.update(n.id for n in fresh)
        if total > SUMMARY_AFTER:
            self._show_summary(total, notices)
        else:
            for incident in fresh:
                self._show(incident)
        self.ctx.runner.write(functools.partial(_notified, [n.id for n in fresh], self.clock()), None, self._on_failed)
        for incident in fresh:
            self.alertShown.emit(incident)

    def _title(self, incident: protection.IncidentRow) -> str:
        return (self.tr("%1: %2 on #%3").replace("%1", incident.agent_name)
                .replace("%2", fmt.label(incident.kind)).replace("%3", str(incident.ticket_number)))

    def _show(self, incident: protection.IncidentRow) -> None:
        body = mask_pii(incident.reason) if incident.reason else self.tr("Check in with your colleague.")
        toast = Toast(self._title(incident), body, kicker=self.tr("Agent protection"), level="warn",
                      timeout_ms=ALERT_MS, parent=self.window)
        toast.setProperty("incidentId", str(incident.id))
        toast.add_button(self.tr("Open"), functools.partial(self._open, incident.id, incident.ticket_id), primary=True,
                         name="toastOpen")
        toast.closed.connect(functools.partial(self._closed, incident.id, toast))
        self.toasts[incident.id] = toast
        ToastStack.of(self.window).push(toast)

    def _show_summary(self, total: int, notices: list) -> None:
        lines = [mask_pii(f"#{n.ticket_number} {n.agent_name}: ") + fmt.label(n.kind) for n in notices[:3]]
        if total > 3:
            lines.append("…")
        ToastStack.of(self.window).push(Toast(self.tr("%n new protection incidents", "", total), "\n".join(lines),
                                              kicker=self.tr("Agent protection"), level="warn", timeout_ms=ALERT_MS,
                                              parent=self.window))

    def _open(self, incident_id, ticket_id) -> None:
        toast = self.toasts.pop(incident_id, None)
        if toast is not None and shiboken6.isValid(toast):
            toast.dismiss()
        self.openTicketRequested.emit(ticket_id)

    def _closed(self, incident_id, toast) -> None:
        if self.toasts.get(incident_id) is toast:
            del self.toasts[incident_id]
