"""Click-to-call in the window: hands a number to the telephony system as the settings say
(agentdesk/telephony.py decides what that means; this only carries it out)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QProcess, QSettings, QUrl
from PySide6.QtGui import QDesktopServices

from agentdesk import telephony
from agentdesk.ui.kit import settings

log = logging.getLogger("agentdesk.ui")


class Dialer:
    """``call(number)`` places a call or raises ``telephony.DialError`` (one line).
    ``launch`` is the one place that reaches outside: tests replace it."""

    def __init__(self, store: QSettings | None = None):
        self.store = store

    def action(self, number: str) -> telephony.DialUrl | telephony.DialCommand:
        # Read at every call: an edited settings file takes effect without a restart.
        return telephony.dial_action(number, settings.value(self.store, "call/handler"),
                                     settings.value(self.store, "call/url"), settings.value(self.store, "call/command"))

    def call(self, number: str) -> telephony.DialUrl | telephony.DialCommand:
        action = self.action(number)
        if not self.launch(action):
            what = action.url.split(":", 1)[0] + ":" if isinstance(action, telephony.DialUrl) else action.argv[0]
            raise telephony.DialError(f"nothing on this computer took the call ({what}); check the call settings")
        return action

    @staticmethod
    def launch(action: telephony.DialUrl | telephony.DialCommand) -> bool:
        if isinstance(action, telephony.DialUrl):
            url = QUrl(action.url, QUrl.ParsingMode.StrictMode)
            return url.isValid() and QDesktopServices.openUrl(url)
        # An argument list, never a shell: nothing in it is interpreted.
        ok, _pid = QProcess.startDetached(action.argv[0], list(action.argv[1:]))
        if not ok:
            log.warning("the call command %s could not be started", action.argv[0])
        return ok
