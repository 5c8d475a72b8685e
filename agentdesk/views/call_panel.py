"""The call panel in the ticket view (issue 14): a call's timer with hold and resume, the
recording notice to read at its start, after-call work once it is hung up, then the
disposition and notes, written as one call log with its talk, hold and after-call work
as the agent's work time (services/calls.log_call), so handle time includes all three.

The clock is the panel's ``clock`` (time.monotonic; tests give their own): the phases'
instants are kept (call_rules.CallClock) and every shown or recorded length is a
difference of them. The QTimer only repaints the labels while a call is on.

While a call is on, ``CallHub.activity`` says so: the work clock (views/work_clock.py)
stops counting that ticket's open time, which the call records itself.
"""

from __future__ import annotations

import functools
import html
import time
import uuid
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agentdesk import call_rules
from agentdesk.call_rules import CallClock, Direction, Phase
from agentdesk.services import calls
from agentdesk.services.common import current_agent
from agentdesk.ui.kit import errors, prefs, settings
from agentdesk.ui.kit.tasks import AppContext
from agentdesk.ui.kit.timers import make_timer

# The dispositions as the window shows them (context "call"; Korean in scripts/i18n/ko_phone.py).
DISPOSITION_TITLES = {
    call_rules.Disposition.RESOLVED: QT_TRANSLATE_NOOP("call", "Resolved"),
    call_rules.Disposition.CALLBACK_NEEDED: QT_TRANSLATE_NOOP("call", "Callback needed"),
    call_rules.Disposition.TRANSFERRED: QT_TRANSLATE_NOOP("call", "Transferred"),
    call_rules.Disposition.ESCALATED: QT_TRANSLATE_NOOP("call", "Escalated"),
    call_rules.Disposition.VOICEMAIL: QT_TRANSLATE_NOOP("call", "Voicemail"),
    call_rules.Disposition.WRONG_NUMBER: QT_TRANSLATE_NOOP("call", "Wrong number"),
    call_rules.Disposition.ABANDONED: QT_TRANSLATE_NOOP("call", "Abandoned"),
}
NOTICE_STYLE = "QFrame#recordingNotice { background: #fef3c7; border: 1px solid #f59e0b; border-radius: 4px; }"
PANEL_STYLE = "QFrame#callPanel { background: #f5f3ff; border: 1px solid #ddd6fe; border-radius: 4px; }"


def window_language() -> str:
    return "ko" if QLocale().language() == QLocale.Language.Korean else "en"


class CallHub(QObject):
    """One per desk (a child of the change hook): which ticket has a call on."""

    activity = Signal(object, bool)  # ticket id, on a call (False: the call was logged or dropped)

    @classmethod
    def of(cls, changes: QObject) -> CallHub:
        hub = changes.findChild(QObject, "callHub")
        return hub if isinstance(hub, CallHub) else cls(changes)

    def __init__(self, parent: QObject):
        super().__init__(parent)
        self.setObjectName("callHub")


def _released(hub: CallHub, on: dict, *_args) -> None:
    if on.get("ticket") is not None and shiboken6.isValid(hub):
        hub.activity.emit(on["ticket"], False)


class CallPanel(QFrame):
    logged = Signal(object)  # calls.LoggedCall
    failed = Signal(str)
    activeChanged = Signal()  # a call started, or was logged or dropped (presence: on a contact)

    TICK_MS = 500  # repaint twice a second: the shown second never lags by a whole one

    def __init__(self, ctx: AppContext, parent: QWidget | None = None,
                 clock: Callable[[], float] = time.monotonic):
        super().__init__(parent)
        self.ctx = ctx
        self.clock = clock
        self.call = CallClock()
        self.ticket_id: uuid.UUID | None = None  # the ticket shown
        self.ticket_number = 0
        self.call_ticket: tuple[uuid.UUID, int] | None = None  # (id, number) of the ticket the call is on
        self.notice_acknowledged = False
        self.hub = CallHub.of(ctx.changes)
        # A pane closed with a call on (a pop-out window): the work clock must not stay
        # stopped for that ticket. The slot holds the hub and this dict, never the panel.
        self._on = {"ticket": None}
        self.destroyed.connect(functools.partial(_released, self.hub, self._on))
        self._ticker = make_timer(self, self.TICK_MS, self._tick)
        self.setObjectName("callPanel")
        self.setStyleSheet(PANEL_STYLE)
        self._build()
        self._show_phase()

    # --- layout -----------------------------------------------------------------------------
    def _build(self) -> None:
        self.start_button = QPushButton(self.tr("☎ Start call"), objectName="callStart")
        self.start_button.setToolTip(self.tr("Start the call timer (the recording notice is shown to read)"))
        self.start_button.clicked.connect(self.start)
        self.direction = QComboBox(objectName="callDirection")
        self.direction.addItem(self.tr("Inbound"), str(Direction.INBOUND))
        self.direction.addItem(self.tr("Outbound"), str(Direction.OUTBOUND))
        self.phase_label = QLabel(objectName="callPhase")
        f = self.phase_label.font()
        f.setBold(True)
        self.phase_label.setFont(f)
        self.talk_label = QLabel(objectName="callTalk")
        self.hold_label = QLabel(objectName="callHold")
        self.acw_label = QLabel(objectName="callAcw")
        self.hold_button = QPushButton(self.tr("Hold"), objectName="callHoldButton")
        self.hold_button.clicked.connect(self.toggle_hold)
        self.hang_up_button = QPushButton(self.tr("Hang up"), objectName="callHangUp")
        self.hang_up_button.setToolTip(self.tr("End the call; after-call work starts"))
        self.hang_up_button.clicked.connect(self.hang_up)
        # Two short rows rather than one long one: the ticket pane is about 420 pixels wide
        # in a 1366-wide window, where one row of all of them clipped the buttons.
        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self.start_button)
        top.addWidget(self.direction)
        top.addWidget(self.phase_label)
        top.addStretch(1)
        top.addWidget(self.hold_button)
        top.addWidget(self.hang_up_button)
        self.times = QWidget(objectName="callTimes")
        times = QHBoxLayout(self.times)
        times.setContentsMargins(0, 0, 0, 0)
        times.setSpacing(14)
        times.addWidget(self.talk_label)
        times.addWidget(self.hold_label)
        times.addWidget(self.acw_label)
        times.addStretch(1)

        # The recording notice, to read to the caller and acknowledge.
        self.notice = QFrame(objectName="recordingNotice")
        self.notice.setStyleSheet(NOTICE_STYLE)
        self.notice_text = QLabel(objectName="recordingNoticeText", wordWrap=True)
        self.notice_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice_ack = QPushButton(self.tr("Read to the caller"), objectName="recordingNoticeAck")
        self.notice_ack.clicked.connect(self.acknowledge_notice)
        nl = QHBoxLayout(self.notice)
        nl.setContentsMargins(8, 6, 8, 6)
        nl.addWidget(self.notice_text, 1)
        nl.addWidget(self.notice_ack, 0, Qt.AlignmentFlag.AlignVCenter)

        self.disposition = QComboBox(objectName="callDisposition")
        self.disposition.addItem(self.tr("Disposition…"), "")
        for code, title in DISPOSITION_TITLES.items():
            self.disposition.addItem(QCoreApplication.translate("call", title), str(code))
        self.notes = QPlainTextEdit(objectName="callNotes")
        self.notes.setPlaceholderText(self.tr("Call notes: what the caller needed and what you agreed"))
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.notes.fontMetrics().lineSpacing() * 3 + 14)
        self.finish_button = QPushButton(self.tr("Finish and log"), objectName="callFinish")
        self.finish_button.setToolTip(self.tr("Write the call log with its talk, hold and after-call work"))
        self.finish_button.clicked.connect(self.finish)
        self.discard_button = QPushButton(self.tr("Discard"), objectName="callDiscard")
        self.discard_button.clicked.connect(self.discard)
        self.error = QLabel(objectName="callError", wordWrap=True)
        self.error.setStyleSheet("color: #b91c1c;")
        self.error.hide()
        side = QVBoxLayout()
        side.addWidget(self.disposition)
        side.addWidget(self.finish_button)
        side.addWidget(self.discard_button)
        side.addStretch(1)
        self.wrap = QWidget(objectName="callWrapUp")
        wl = QHBoxLayout(self.wrap)
        wl.setContentsMargins(0, 0, 0, 0)
        wl.addWidget(self.notes, 1)
        wl.addLayout(side)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 6, 8, 6)
        lay.setSpacing(6)
        lay.addLayout(top)
        lay.addWidget(self.times)
        lay.addWidget(self.notice)
        lay.addWidget(self.wrap)
        lay.addWidget(self.error)

    # --- the ticket shown -------------------------------------------------------------------------
    @Slot(object)
    def ticket_loaded(self, detail) -> None:
        """The pane shows ``detail`` (a TicketDetail). A call on goes on with its own
        ticket, whatever is shown (it is logged there); a new call is on the ticket shown."""
        self.ticket_id, self.ticket_number = detail.id, detail.number
        self._show_phase()

    def on_call(self) -> bool:
        return self.call.phase is not Phase.IDLE

    # --- the call -------------------------------------------------------------------------------
    def start(self, *_args) -> None:
        if self.on_call() or self.ticket_id is None:
            return
        self.call = CallClock()
        self.call.start(self.clock())
        self.call_ticket = (self.ticket_id, self.ticket_number)
        self.notice_acknowledged = False
        title = self.tr("Recording notice")  # a literal of its own: lupdate reads no f-string
        self.notice_text.setText(f"<b>{html.escape(title)}</b><br>{html.escape(self.recording_notice())}")
        self.notes.clear()
        self.disposition.setCurrentIndex(0)
        self._show_error("")
        self._ticker.start()
        self._on["ticket"] = self.call_ticket[0]
        self.hub.activity.emit(self.call_ticket[0], True)
        self._show_phase()
        self.activeChanged.emit()

    def recording_notice(self) -> str:
        configured = settings.value(prefs.store(), "call/recording_notice").strip()
        return configured or call_rules.RECORDING_NOTICE[window_language()]

    def acknowledge_notice(self) -> None:
        self.notice_acknowledged = True
        self._show_phase()

    def toggle_hold(self) -> None:
        if self.call.phase is Phase.TALKING:
            self.call.hold(self.clock())
        elif self.call.phase is Phase.HELD:
            self.call.resume(self.clock())
        self._show_phase()

    def hang_up(self) -> None:
        self.call.hang_up(self.clock())
        self._show_phase()
        self.notes.setFocus(Qt.FocusReason.OtherFocusReason)

    def lengths(self) -> call_rules.CallLengths:
        return self.call.lengths(self.clock())

    def finish(self) -> None:
        """Writes the call log (a call still on is hung up first); the panel clears once
        it is stored, and keeps everything typed if it is refused."""
        if not self.on_call() or self.call_ticket is None:
            return
        if self.call.phase is not Phase.WRAP_UP:
            self.hang_up()
        disposition = self.disposition.currentData()
        if not disposition:
            self._show_error(self.tr("Choose how the call ended."))
            self.disposition.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        lengths = self.lengths()
        login, ticket_id = self.ctx.agent.login, self.call_ticket[0]
        direction, note, lang = self.direction.currentData(), self.notes.toPlainText(), window_language()
        notice_read = self.notice_acknowledged

        def write(session):
            return calls.log_call(session, ticket_id, current_agent(session, login), direction=direction,
                                  lengths=lengths, disposition=disposition, note=note, lang=lang,
                                  notice_read=notice_read)

        self.finish_button.setEnabled(False)
        self.discard_button.setEnabled(False)  # being written: no longer the agent's to drop
        self._ticker.stop()  # the lengths are fixed now; a refusal lets the agent try again
        self.ctx.runner.write(write, self._logged, self._refused, on_bug=self._broken)

    @staticmethod
    def ask_discard(parent: QWidget) -> bool:
        """Asks before a call is dropped unlogged; tests replace this (no modal in tests)."""
        title = QCoreApplication.translate("CallPanel", "Discard call")
        question = QCoreApplication.translate("CallPanel", "Drop this call without logging it?")
        return QMessageBox.question(parent, title, question) == QMessageBox.StandardButton.Yes

    def discard(self) -> None:
        if self.on_call() and self.ask_discard(self):
            self._reset()

    @Slot(object)
    def _logged(self, logged: calls.LoggedCall) -> None:
        ticket_id = self.call_ticket[0] if self.call_ticket else None
        self._reset()
        self.logged.emit(logged)
        self.ctx.changes.changed.emit("ticket", ticket_id)

    @Slot(object)
    def _refused(self, exc) -> None:
        self.finish_button.setEnabled(True)
        self.discard_button.setEnabled(True)
        self._ticker.start()
        self._show_error(errors.message(exc))
        self.failed.emit(errors.message(exc))

    @Slot(object)
    def _broken(self, _exc) -> None:
        self.finish_button.setEnabled(True)
        self.discard_button.setEnabled(True)
        self._ticker.start()

    def _reset(self) -> None:
        ticket = self.call_ticket
        self.call = CallClock()
        self.call_ticket = None
        self._ticker.stop()
        self.notes.clear()
        self.disposition.setCurrentIndex(0)
        self.finish_button.setEnabled(True)
        self.discard_button.setEnabled(True)
        self._show_error("")
        self._show_phase()
        self._on["ticket"] = None
        if ticket is not None:
            self.hub.activity.emit(ticket[0], False)
            self.activeChanged.emit()

    # --- showing ----------------------------------------------------------------------------------
    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def _tick(self) -> None:
        self._show_lengths()

    def _show_lengths(self) -> None:
        n = self.lengths()
        self.talk_label.setText(self.tr("Talk %1").replace("%1", call_rules.clock_text(n.talk)))
        self.hold_label.setText(self.tr("Hold %1").replace("%1", call_rules.clock_text(n.hold)))
        self.acw_label.setText(self.tr("After-call work %1").replace("%1", call_rules.clock_text(n.acw)))
        self.hold_label.setVisible(n.hold > 0 or self.call.phase is Phase.HELD)
        self.acw_label.setVisible(self.call.phase is Phase.WRAP_UP)

    def _show_phase(self) -> None:
        phase = self.call.phase
        on = phase is not Phase.IDLE
        self.start_button.setVisible(not on)
        self.start_button.setEnabled(self.ticket_id is not None)
        self.direction.setEnabled(phase is not Phase.WRAP_UP)
        for w in (self.phase_label, self.times):
            w.setVisible(on)
        self.hold_button.setVisible(phase in (Phase.TALKING, Phase.HELD))
        self.hang_up_button.setVisible(phase in (Phase.TALKING, Phase.HELD))
        self.hold_button.setText(self.tr("Resume") if phase is Phase.HELD else self.tr("Hold"))
        self.notice.setVisible(on and not self.notice_acknowledged)
        self.wrap.setVisible(on)
        elsewhere = (on and self.call_ticket is not None and self.call_ticket[0] != self.ticket_id)
        text = {Phase.TALKING: self.tr("On a call"), Phase.HELD: self.tr("On hold"),
                Phase.WRAP_UP: self.tr("After-call work")}.get(phase, "")
        if elsewhere and self.call_ticket is not None:
            text += " · " + self.tr("on #%1").replace("%1", str(self.call_ticket[1]))
        self.phase_label.setText(text)
        self.phase_label.setStyleSheet({Phase.TALKING: "color: #15803d;", Phase.HELD: "color: #b45309;",
                                        Phase.WRAP_UP: "color: #7c3aed;"}.get(phase, ""))
        if on:
            self._show_lengths()
        else:
            self.hold_label.hide()
            self.acw_label.hide()
