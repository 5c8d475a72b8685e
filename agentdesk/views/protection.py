"""Protecting the agent from an abusive customer, in the ticket pane (issue 13; Korean
Occupational Safety and Health Act art. 41): a "Protection" button in the ticket's
header with the steps, each one key away wherever the focus is in the window:

- Ctrl+Alt+1 / Ctrl+Alt+2: the first / second warning script (a public reply; on a phone
  ticket a call log, and the script shown to be read out);
- Ctrl+Alt+3: end the abusive contact, with a reason asked in a small dialog
  (``EndContactDialog.ask``), then the offer of a protective break (``ask_break``);
- the protective break on its own.

The services (services/protection.py) do the writing on the write lane; the pane and the
other panes hear of it through ``ctx.changes`` (the ticket, the lead's alerts, the
agent's status control)."""

from __future__ import annotations

import functools
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
)

from agentdesk import protection_rules
from agentdesk.models import ChangeKind, utcnow
from agentdesk.services import protection
from agentdesk.services.common import current_agent
from agentdesk.services.pii import mask_pii
from agentdesk.ui.kit import errors
from agentdesk.ui.kit.tasks import AppContext
from agentdesk.ui.kit.toasts import Toast, ToastStack

KEYS = {"warning_1": "Ctrl+Alt+1", "warning_2": "Ctrl+Alt+2", "end": "Ctrl+Alt+3"}
READ_OUT_MS = 60_000  # the script to read out stays up for a minute (or until closed)


def _warn(login: str, ticket_id, level: int, now, session) -> protection.WarningSent:
    return protection.send_warning(session, current_agent(session, login), ticket_id, level, now)


def _end(login: str, ticket_id, reason: str, now, session) -> protection.IncidentRow:
    return protection.end_contact(session, current_agent(session, login), ticket_id, reason, now)


def _break(login: str, ticket_id, now, session) -> protection.IncidentRow:
    return protection.take_break(session, current_agent(session, login), ticket_id, now)


class EndContactDialog(QDialog):
    """Why the contact is ended: kept with the incident (the agent and their lead see it)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("endContactDialog")
        self.setWindowTitle(self.tr("End abusive contact"))
        intro = QLabel(self.tr("The ticket is solved and tagged abusive-contact; the conversation is kept as it is. "
                               "Your lead is alerted."), wordWrap=True)
        self.reason = QPlainTextEdit(objectName="endReason")
        self.reason.setPlaceholderText(self.tr("Reason (required), e.g. repeated insults after two warnings"))
        self.reason.textChanged.connect(self._update)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("End contact"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.reason)
        lay.addWidget(self.buttons)
        self.resize(460, 240)
        self._update()

    def text(self) -> str:
        return self.reason.toPlainText().strip()

    def _update(self) -> None:
        ok = 0 < len(self.text()) <= protection_rules.REASON_MAX
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    @staticmethod
    def ask(parent) -> str | None:
        """The reason, or None when the agent cancels (tests replace this)."""
        dialog = EndContactDialog(parent)
        try:
            return dialog.text() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()


def ask_break(parent) -> bool:
    """Offered right after an abusive contact ends (tests replace this)."""
    answer = QMessageBox.question(
        parent, QCoreApplication.translate("ProtectionActions", "Protective break"),
        QCoreApplication.translate("ProtectionActions",
                                   "Take a protective break now? Your status becomes Break and your lead sees why."))
    return answer == QMessageBox.StandardButton.Yes


class ProtectionActions(QObject):
    """The protection menu of one ticket pane, and its keys."""

    recorded = Signal(object)  # the IncidentRow just written (tests wait on it)

    ask_reason = staticmethod(EndContactDialog.ask)
    ask_break = staticmethod(ask_break)

    def __init__(self, ctx: AppContext, pane: Any):  # a TicketPane (which imports this module)
        super().__init__(pane)
        self.ctx = ctx
        self.pane = pane
        self.button = QToolButton(objectName="protectionButton", text=self.tr("Protection") + " ▾")
        self.button.setStyleSheet("QToolButton::menu-indicator { image: none; }")  # the ▾ says it
        self.button.setToolTip(self.tr("Abusive customer: warnings, ending the contact, a protective break"))
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.button)
        self.actions: dict[str, QAction] = {}
        for key, text, slot in (
                ("warning_1", self.tr("Send first warning"), functools.partial(self.send_warning, 1)),
                ("warning_2", self.tr("Send second warning"), functools.partial(self.send_warning, 2)),
                ("end", self.tr("End abusive contact…"), self.end_contact),
                ("break", self.tr("Take a protective break"), self.take_break)):
            action = QAction(text, pane)
            action.setObjectName(f"protection_{key}")
            if key in KEYS:
                action.setShortcut(QKeySequence(KEYS[key]))
                # One key wherever the focus is in this window (each window has one ticket pane).
                action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(slot)
            pane.addAction(action)
            menu.addAction(action)
            self.actions[key] = action
        self.button.setMenu(menu)
        self.set_enabled(False)
        pane.loaded.connect(self._loaded)  # a ticket on screen: the steps apply to it

    def _loaded(self, detail) -> None:
        self.set_enabled(detail is not None and detail.merged_into_number is None)

    def set_enabled(self, on: bool) -> None:
        self.button.setEnabled(on)
        for action in self.actions.values():
            action.setEnabled(on)

    def _ticket(self):
        detail = getattr(self.pane, "detail", None)
        return detail.id if detail is not None else None

    def _failed(self, exc) -> None:
        self.pane.failed.emit(errors.message(exc))

    def _done(self, incident: protection.IncidentRow) -> None:
        self.ctx.changes.changed.emit(ChangeKind.TICKET, incident.ticket_id)
        self.ctx.changes.changed.emit(ChangeKind.PROTECTION, incident.id)
        self.recorded.emit(incident)

    # --- the steps ------------------------------------------------------------------------------
    def send_warning(self, level: int, *_args) -> None:
        ticket_id = self._ticket()
        if ticket_id is None:
            return
        self.ctx.runner.write(functools.partial(_warn, self.ctx.agent.login, ticket_id, level, utcnow()),
                              self._warned, self._failed)

    def _warned(self, sent: protection.WarningSent) -> None:
        if sent.read_out:  # a phone call: the agent says it; the call log keeps it
            toast = Toast(self.tr("Read this to the customer"), mask_pii(sent.message.body),
                          kicker=self.tr("Agent protection"), level="warn", timeout_ms=READ_OUT_MS,
                          parent=self.pane.window())
            toast.setProperty("readOut", True)
            ToastStack.of(self.pane.window()).push(toast)
        self._done(sent.incident)

    def end_contact(self, *_args) -> None:
        ticket_id = self._ticket()
        if ticket_id is None:
            return
        reason = self.ask_reason(self.pane)
        if reason is None:
            return
        self.ctx.runner.write(functools.partial(_end, self.ctx.agent.login, ticket_id, reason, utcnow()),
                              self._ended, self._failed)

    def _ended(self, incident: protection.IncidentRow) -> None:
        self._done(incident)
        if self.ask_break(self.pane):
            self._write_break(incident.ticket_id)

    def take_break(self, *_args) -> None:
        ticket_id = self._ticket()
        if ticket_id is not None:
            self._write_break(ticket_id)

    def _write_break(self, ticket_id) -> None:
        self.ctx.runner.write(functools.partial(_break, self.ctx.agent.login, ticket_id, utcnow()),
                              self._on_break, self._failed)

    def _on_break(self, incident: protection.IncidentRow) -> None:
        self.ctx.agent.status = "break"
        self.ctx.changes.changed.emit(ChangeKind.AGENT_STATUS, "break")
        self._done(incident)
