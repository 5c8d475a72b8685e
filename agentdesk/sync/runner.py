"""Keeping a replica in sync: the team server's pokes (a WebSocket) trigger a pull at
once, a local write triggers a push, and a poll covers the time the WebSocket is down.
Plain Python (no Qt); the window runs ``SyncRunner.run`` on a thread of its own,
``agentdesk sync run`` in the foreground.

Waiting uses ``select`` on one end of a socket pair that both a local write (``wake()``)
and a poke from the server (``PokeListener``, its own thread) write a byte to, so a
change on either side is acted on in milliseconds, not at the next poll. A socket pair,
not a pipe: Windows' ``select`` takes only sockets, and ``os.set_blocking`` is missing
there before Python 3.12. No client clock orders anything: the
poll interval only bounds how stale a replica can get when pokes cannot arrive.
"""

from __future__ import annotations

import logging
import select
import socket
import threading
import time
from dataclasses import dataclass
from collections.abc import Callable

from agentdesk.sync.engine import PullResult, PushResult, SyncClient, SyncStatus
from agentdesk.sync.transport import PokeListener

log = logging.getLogger("agentdesk.sync")

POLL_INTERVAL = 5.0  # seconds between pulls while LISTEN is down
LISTEN_IDLE = 30.0  # a pull now and then even with pokes arriving (a lost poke costs this much)


@dataclass(frozen=True)
class Cycle:
    """What one push + pull did, for observers (the status bar, `sync run`)."""

    pushed: PushResult
    pulled: PullResult | None
    status: SyncStatus
    listening: bool


class SyncRunner:
    """Loops ``SyncClient.sync_once`` on notifications, local writes and a poll timer."""

    def __init__(self, client: SyncClient, *, listen: bool = True, poll_interval: float = POLL_INTERVAL,
                 team_id: str | None = None, on_cycle: Callable[[Cycle], None] | None = None,
                 on_live: Callable[[dict], None] | None = None):
        self.client = client
        self.on_live = on_live  # live events among the pokes (a customer typing), on the pokes' thread
        self.listen = listen
        self.poll_interval = poll_interval
        self.team_id = team_id
        self.on_cycle = on_cycle
        self._stop = threading.Event()
        self._wake_r: socket.socket | None
        self._wake_w: socket.socket | None
        self._wake_r, self._wake_w = socket.socketpair()
        for end in (self._wake_r, self._wake_w):
            end.setblocking(False)
        self._listener: PokeListener | None = None
        self.notifications = 0

    @property
    def listening(self) -> bool:
        return self._listener is not None and self._listener.connected

    # --- control (any thread) ------------------------------------------------------------
    def wake(self) -> None:
        """A local write was queued: push it now."""
        end = self._wake_w
        if end is None:
            return  # closed
        try:
            end.send(b"w")
        except BlockingIOError:
            pass  # the buffer is full of wake-ups already: woken
        except OSError:
            pass  # closed by close() on another thread meanwhile: nobody to wake

    def stop(self) -> None:
        self._stop.set()
        self.wake()

    # --- the loop --------------------------------------------------------------------------
    def run(self, *, cycles: int | None = None) -> None:
        """Until stop() (or ``cycles`` sync rounds, for tests and `sync run --cycles`)."""
        done = 0
        try:
            while not self._stop.is_set():
                self._ensure_listener()
                self.cycle()
                done += 1
                if cycles is not None and done >= cycles:
                    break
                self._wait(self._timeout())
        finally:
            self._close_listener()

    def cycle(self) -> Cycle:
        pushed, pulled = self.client.sync_once()
        result = Cycle(pushed, pulled, self.client.status(), self.listening)
        if self.on_cycle is not None:
            try:
                self.on_cycle(result)
            except Exception:  # an observer's bug must not stop syncing
                log.exception("sync observer failed")
        return result

    def _timeout(self) -> float:
        retry = self.client.next_attempt_in()
        if retry > 0:
            return retry  # backing off after a failure
        if self.client.replica.outbox(pending_only=True):
            return 0.5  # something still to push (a partial push): soon, not busy
        return LISTEN_IDLE if self.listening else self.poll_interval

    def _wait(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not self._stop.is_set():
            left = deadline - time.monotonic()
            if left <= 0:
                return
            end = self._wake_r
            if end is None:
                return  # closed: stopping
            try:
                ready, _, _ = select.select([end], [], [], left)
            except (OSError, ValueError):  # closed under us: stopping
                return
            if ready:
                self._drain(end)
                if self.client.next_attempt_in() <= 0:
                    return

    @staticmethod
    def _drain(end: socket.socket) -> None:
        """Reads every wake-up byte so far: many wake-ups are one cycle."""
        try:
            while end.recv(512):
                pass
        except (BlockingIOError, OSError):
            pass  # empty (or closed meanwhile)

    # --- pokes ---------------------------------------------------------------------------
    def _on_poke(self) -> None:
        self.notifications += 1
        self.wake()

    def _ensure_listener(self) -> None:
        if not self.listen or self._listener is not None or self.client.next_attempt_in() > 0:
            return
        # The listener reconnects by itself from here on; its first message is a poke.
        self._listener = PokeListener(self.client.transport, self._on_poke, self.on_live).start()

    def send_live(self, event: dict) -> bool:
        """A live event to the server over the pokes' socket (any thread); False when offline."""
        listener = self._listener
        return listener is not None and listener.send(event)

    def _close_listener(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.stop()

    def close(self) -> None:
        self._close_listener()
        # None first, so wake() on another thread no longer reaches for a closed socket.
        ends, self._wake_r, self._wake_w = (self._wake_r, self._wake_w), None, None
        for end in ends:
            if end is not None:
                end.close()
