"""The window's side of a team profile: the sync thread, the status-bar indicator, live
refreshes of the panes, and the password prompt.

The sync itself (sync/runner.py) runs on a plain Python thread: it talks to the team
server (HTTP) and SQLite only, never to a widget. What it learns reaches the GUI thread through
queued signals of ``SyncController`` (a QObject living on the GUI thread), which then
tells the panes what changed through ``ctx.changes`` like any local write does.
"""

from __future__ import annotations

import logging
import os
import threading
import time

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QInputDialog, QLabel, QLineEdit, QWidget

from agentdesk.ui.kit import errors
from agentdesk.ui.kit.tasks import AppContext

log = logging.getLogger("agentdesk.ui")

HEARTBEAT_INTERVAL = 10.0  # seconds between presence heartbeats (the server forgets one after 30)

# Fewer pulled tickets than this are announced one by one (each open pane checks its
# own); more, and every pane re-reads once.
ANNOUNCE_ONE_BY_ONE = 20


class SyncController(QObject):
    """Starts and stops the sync thread; relays its cycles to the GUI thread."""

    cycled = Signal(object)  # runner.Cycle, on the GUI thread
    statusChanged = Signal(object)  # engine.SyncStatus
    conflictArrived = Signal(str)  # a write of mine lost a merge or was refused: one line
    # The other agents on the ticket this window has open: (ticket id, [presence.Present]),
    # on the GUI thread, after every heartbeat; an empty list when offline.
    presenceChanged = Signal(object, list)
    _presenceFetched = Signal(object, list)  # from the presence thread (queued)
    # Someone typing on a chat ticket (issue 14): (ticket id as text, "customer" / "agent",
    # on), on the GUI thread, from the live events among the pokes.
    typingChanged = Signal(str, str, bool)
    _liveArrived = Signal(object)  # from the pokes' thread (queued)

    def __init__(self, ctx: AppContext, team, client, *, listen: bool = True, poll_interval: float | None = None,
                 signin: PendingPassword | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.signin = signin
        from agentdesk.sync.runner import POLL_INTERVAL, SyncRunner

        self.ctx = ctx
        self.team = team
        self.client = client
        self.status = client.status()
        self.listening = False
        self.runner = SyncRunner(client, listen=listen, poll_interval=poll_interval or POLL_INTERVAL,
                                 team_id=None, on_cycle=self._on_cycle_thread, on_live=self._on_live_thread)
        self._liveArrived.connect(self._on_live)
        team.capture.on_queued = self.runner.wake  # a local edit is pushed at once
        self._thread: threading.Thread | None = None
        self.cycled.connect(self._on_cycle)
        # Presence: what this agent has open (GUI thread writes, presence thread reads).
        self.presence_interval = HEARTBEAT_INTERVAL
        self._presence_lock = threading.Lock()
        self._presence: tuple[object, str] = (None, "viewing")  # (ticket id | None, activity)
        self._presence_sent: tuple[object, str] | None = None  # the last one the server has
        self._presence_wake = threading.Event()
        self._presence_stop = threading.Event()
        self._presence_thread: threading.Thread | None = None
        self._presence_offline = False  # logged once per outage, not at every heartbeat
        self._presenceFetched.connect(self._on_presence)

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="agentdesk-sync", daemon=True)
            self._thread.start()
        if self._presence_thread is None:
            self._presence_thread = threading.Thread(target=self._run_presence, name="agentdesk-presence",
                                                     daemon=True)
            self._presence_thread.start()

    def _run(self) -> None:
        try:
            self.runner.run()
        except Exception:  # the sync must never take the window down
            log.exception("sync thread stopped")

    def sync_now(self) -> None:
        self.client.retry_now()
        self.runner.wake()

    def sign_in(self, parent: QWidget | None = None) -> bool:
        """The server wants a new sign-in (expired, revoked): the password is asked here,
        on the GUI thread, and used by the sync thread's next attempt."""
        if self.signin is None:
            return False
        password = ask_password(self.team.profile, parent)
        if not password:
            return False
        self.signin.set(password)
        self.sync_now()
        return True

    def stop(self, timeout: float = 3.0) -> None:
        """Stops after the cycle in progress (a dead server fails within its 5 s connect
        timeout; the thread is a daemon, so quitting never waits longer than ``timeout``)."""
        deadline = time.monotonic() + timeout
        self.runner.stop()
        self._presence_stop.set()
        self._presence_wake.set()
        if self._presence_thread is not None:
            self._presence_thread.join(timeout)
        if self._thread is not None:
            self._thread.join(max(0.0, deadline - time.monotonic()))
            if not self._thread.is_alive():
                self.runner.close()
        self.team.capture.on_queued = None

    # --- presence (any thread may ask; the presence thread talks to the server) ---------
    def set_presence(self, ticket_id, activity: str = "viewing") -> None:
        """What the agent has open now (None: nothing); sent at once if it changed, then
        repeated every ``presence_interval`` seconds. Never blocks the GUI thread."""
        with self._presence_lock:
            if self._presence == (ticket_id, activity):
                return
            self._presence = (ticket_id, activity)
        self._presence_wake.set()

    def release_presence(self, ticket_id) -> None:
        """A pane showing ``ticket_id`` closed: nothing open, unless another pane has
        announced a different ticket since."""
        with self._presence_lock:
            if self._presence[0] != ticket_id:
                return
            self._presence = (None, "viewing")
        self._presence_wake.set()

    def presence(self) -> tuple[object, str]:
        with self._presence_lock:
            return self._presence

    def _run_presence(self) -> None:
        while not self._presence_stop.is_set():
            self._presence_wake.clear()
            self._presence_tick()
            self._presence_wake.wait(self.presence_interval)
        if self._presence_sent is not None and self._presence_sent[0] is not None:
            self._presence_beat((None, "viewing"))  # quitting: gone at once, not after the TTL

    def _presence_beat(self, want) -> list:
        """One heartbeat and a look at the others on the ticket (one request to the team
        server); [] when offline."""
        ticket_id, activity = want
        try:
            others = self.client.transport.presence(ticket_id, activity)
        except Exception as exc:  # noqa: BLE001 - offline: nothing shown, the log says why
            if not self._presence_offline:
                log.info("presence unavailable: %s", str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
            self._presence_offline = True
            self._presence_sent = None
            return []
        if self._presence_offline:
            log.info("presence available again")
        self._presence_offline = False
        self._presence_sent = want
        return others

    def _presence_tick(self) -> None:
        want = self.presence()
        others = self._presence_beat(want)
        if want[0] is not None or others:
            try:
                self._presenceFetched.emit(want[0], others)  # queued to the GUI thread
            except RuntimeError:  # the controller is gone (the window closed): nothing to tell
                pass

    # --- the runner thread -------------------------------------------------------------
    def _on_cycle_thread(self, cycle) -> None:
        self.cycled.emit(cycle)  # queued: this runs on the sync thread

    def _on_live_thread(self, event: dict) -> None:
        try:
            self._liveArrived.emit(event)  # queued: this runs on the pokes' thread
        except RuntimeError:  # the controller is gone (the window closed)
            pass

    # --- live events (issue 14) ----------------------------------------------------------
    def send_typing(self, ticket_id, on: bool) -> None:
        """Tells the server this agent is (no longer) typing on a chat ticket; the visitor's
        widget shows it. Best effort, off the GUI thread (a socket write may wait)."""
        event = {"typing": {"ticket": str(ticket_id), "on": bool(on)}}
        threading.Thread(target=self.runner.send_live, args=(event,), name="agentdesk-typing", daemon=True).start()

    @Slot(object)
    def _on_live(self, event) -> None:
        if event.get("kind") == "typing" and event.get("ticket"):
            self.typingChanged.emit(str(event["ticket"]), str(event.get("who") or ""), bool(event.get("on")))

    # --- the GUI thread -------------------------------------------------------------------
    @Slot(object)
    def _on_cycle(self, cycle) -> None:
        self.status = cycle.status
        self.listening = cycle.listening
        self.statusChanged.emit(cycle.status)
        if cycle.pulled is not None:
            for kind, changed_id in cycle.pulled.changes(ANNOUNCE_ONE_BY_ONE):
                self.ctx.changes.changed.emit(kind, changed_id)
        me = str(self.ctx.agent.id)
        for c in cycle.pushed.conflicts:
            if c.get("agent_id") == me:  # mine lost (or was refused)
                self.conflictArrived.emit(errors.from_wire(c))  # in the agent's language

    @Slot(object, list)
    def _on_presence(self, ticket_id, others) -> None:
        if ticket_id is not None and ticket_id != self.presence()[0]:
            return  # the agent has moved on since that heartbeat
        self.presenceChanged.emit(ticket_id, list(others))


class SyncStatusLabel(QLabel):
    """Online / offline / syncing, queued writes and the last sync, in the status bar."""

    COLORS = {"online": "#15803d", "offline": "#b45309", "error": "#b91c1c", "incompatible": "#b91c1c",
              "signed-out": "#b45309", "never": "#6b7280", "unknown": "#6b7280"}

    def __init__(self, controller: SyncController, parent: QWidget | None = None):
        super().__init__(parent, objectName="syncStatus")
        self.controller = controller
        self.setTextFormat(Qt.TextFormat.RichText)
        controller.statusChanged.connect(self.show_status)
        self.show_status(controller.status)

    @Slot(object)
    def show_status(self, st) -> None:
        labels = {"online": self.tr("Online"), "offline": self.tr("Offline"), "error": self.tr("Sync error"),
                  "incompatible": self.tr("Not syncing (version)"), "never": self.tr("Not synced yet"),
                  "signed-out": self.tr("Signed out: double-click to sign in"),
                  "unknown": self.tr("Connecting…")}
        state = labels.get(st.state, st.state)
        if st.state == "online" and self.controller.listening:
            state = self.tr("Live")
        parts = [f"<span style='color:{self.COLORS.get(st.state, '#6b7280')}'>●</span> {state}"]
        if st.queued:
            parts.append(self.tr("%n queued", "", st.queued))
        if st.last_sync_at is not None:
            parts.append(self.tr("synced %1").replace("%1", st.last_sync_at.astimezone().strftime("%H:%M:%S")))
        self.setText(" · ".join(parts))
        tip = [self.tr("Team workspace: %1 as %2").replace("%1", self.controller.team.profile.server)
               .replace("%2", self.controller.team.profile.agent)]
        if st.unconfirmed:
            tip.append(self.tr("%n sent, awaiting confirmation", "", st.unconfirmed))
        if st.conflicts or st.rejected:
            tip.append(self.tr("Conflicts: %1, refused: %2 (agentdesk sync conflicts)")
                       .replace("%1", str(st.conflicts)).replace("%2", str(st.rejected)))
        if st.last_error:
            tip.append(st.last_error)
        self.setToolTip("\n".join(tip))

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self.controller.status.state == "signed-out":
            self.controller.sign_in(self.window())
        else:
            self.controller.sync_now()
        super().mouseDoubleClickEvent(event)


class PendingPassword:
    """The password the agent typed, handed once to the sync thread's sign-in
    (``HttpTransport.password_source``): the thread never shows a dialog, and the
    password is not kept after it was used."""

    def __init__(self, password: str | None = None):
        self._password = password
        self._lock = threading.Lock()

    def set(self, password: str) -> None:
        with self._lock:
            self._password = password

    def __call__(self) -> str | None:
        with self._lock:
            password, self._password = self._password, None
            return password


def ask_password(profile, parent: QWidget | None = None) -> str | None:
    """The agent's password for signing in to the profile's team server (a dialog;
    AGENTDESK_PASSWORD for scripts). None when the agent cancels."""
    from agentdesk import profiles

    env = os.environ.get(profiles.PASSWORD_ENV)
    if env:
        return env
    password, ok = QInputDialog.getText(parent, "AgentDesk", QCoreApplication.translate("app", "Password for %1 on %2:")
                                        .replace("%1", profile.agent).replace("%2", profile.server),
                                        QLineEdit.EchoMode.Password)
    return password if ok and password else None


def ask_passphrase(profile, parent: QWidget | None = None) -> str | None:
    """The passphrase of the profile's encrypted sign-in file, asked until it is right;
    None when the agent cancels (or AGENTDESK_PASSPHRASE, for scripts)."""
    from agentdesk import profiles

    env = os.environ.get(profiles.PASSPHRASE_ENV)
    if env:
        return env
    while True:
        phrase, ok = QInputDialog.getText(parent, "AgentDesk",
                                          QCoreApplication.translate("app", "Passphrase for the saved sign-in of %1:")
                                          .replace("%1", profile.name), QLineEdit.EchoMode.Password)
        if not ok:
            return None
        try:
            profiles.stored_token(profile, phrase)
            return phrase
        except profiles.ProfileError as exc:
            log.info("passphrase refused: %s", exc)
