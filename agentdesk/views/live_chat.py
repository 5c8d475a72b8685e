"""Live chat in the ticket view (issue 14): on a chat ticket of a team workspace, a line
"Customer is typing…" while the visitor types in the web-chat widget, and the agent's own
typing of a public reply told to the widget ("Agent is typing…"), debounced.

Both travel as live events on the desk's pokes socket (sync/transport.PokeListener,
ui/sync.SyncController.typingChanged / send_typing); the team server sends a ticket's
events only to desks of its team (server/pokes.py, server/webchat.py). New messages
need nothing here: the visitor's message is a change like any other, so the poke brings
the pull and the pane re-reads (TicketPane._on_changed).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget

from agentdesk.ui.kit.timers import make_timer


class LiveChatBar(QLabel):
    """The customer-typing line of a chat ticket, and the agent's typing sent out."""

    # An "on" without its "off" (the visitor closed the tab) fades after this long.
    CUSTOMER_TTL_MS = 8000
    # The agent's typing: "on" at the first keystroke, "off" after this long without one
    # (or when the reply is sent or the ticket changes): at most two events per burst.
    IDLE_MS = 3000

    def __init__(self, sync, composer: QPlainTextEdit, is_public: Callable[[], bool],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("liveChatTyping")
        self.setStyleSheet("color: #2456d6; font-style: italic;")
        self.sync = sync  # ui/sync.SyncController, or None (a personal workspace: no live chat)
        self.composer = composer
        self.is_public = is_public
        self.ticket_id: str | None = None
        self.typing_sent = False
        self._customer_timer = make_timer(self, self.CUSTOMER_TTL_MS, self._customer_stopped, single_shot=True)
        self._idle_timer = make_timer(self, self.IDLE_MS, self._agent_idle, single_shot=True)
        self.hide()
        if sync is not None:
            sync.typingChanged.connect(self._on_typing)
            composer.textChanged.connect(self._composer_changed)

    def show_ticket(self, ticket_id, channel: str) -> None:
        """The pane shows this ticket now (live only for chat tickets)."""
        new = str(ticket_id) if ticket_id is not None and channel == "chat" else None
        if new != self.ticket_id:
            self._agent_idle()
            self._customer_stopped()
        self.ticket_id = new

    @Slot(object)
    def ticket_loaded(self, detail) -> None:
        self.show_ticket(detail.id, detail.channel)

    @Slot(object)
    def reply_sent(self, _message=None) -> None:
        self._agent_idle()

    # --- the customer ----------------------------------------------------------------------
    @Slot(str, str, bool)
    def _on_typing(self, ticket_id: str, who: str, on: bool) -> None:
        if who != "customer" or ticket_id != self.ticket_id:
            return
        if on:
            self.setText(self.tr("Customer is typing…"))
            self.show()
            self._customer_timer.start()
        else:
            self._customer_stopped()

    def _customer_stopped(self) -> None:
        self._customer_timer.stop()
        self.hide()
        self.clear()

    # --- the agent -------------------------------------------------------------------------
    @Slot()
    def _composer_changed(self) -> None:
        if self.ticket_id is None or self.sync is None:
            return
        if not self.composer.toPlainText().strip() or not self.is_public():
            self._agent_idle()
            return
        if not self.typing_sent:
            self.typing_sent = True
            self.sync.send_typing(self.ticket_id, True)
        self._idle_timer.start()

    def _agent_idle(self) -> None:
        self._idle_timer.stop()
        if self.typing_sent and self.ticket_id is not None and self.sync is not None:
            self.sync.send_typing(self.ticket_id, False)
        self.typing_sent = False


__all__ = ["LiveChatBar"]
