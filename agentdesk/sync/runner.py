"""Keeping a replica in sync: the team server's pokes (a WebSocket) trigger a pull at
once, a local write triggers a push, and a poll covers the time the WebSocket is down.
Plain Python (no Qt); the window runs ``SyncRunner.run`` on a thread of its own,
``agentdesk sync run`` in the foreground.

Waiting uses ``select`` on a pipe that both a local write (``wake()``) and a poke from
the server (``PokeListener``, its own thread) write to, so a change on either side is
acted on in milliseconds, not at the next poll. No client clock orders anything: the
poll interval only bounds how stale a replica can get when pokes cannot arrive.
"""

from __future__ import annotations

import logging
import os
import select
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
                 team_id: str | None = None, on_cycle: Callable[[Cycle], None] | None = None):
        self.client = client
        self.listen = listen
        self.poll_interval = poll_interval
        self.team_id = team_id
        self.on_cycle = on_cycle
        self._stop = threading.Event()
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_r, False)
        os.set_blocking(self._wake_w, False)
        self._listener: PokeListener | None = None
        self.notifications = 0

    @property
    def listening(self) -> bool:
        return self._listener is not None and self._listener.connected

    # --- control (any thread) ------------------------------------------------------------
    def wake(self) -> None:
        """A local write was queued: push it now."""
        if self._wake_w < 0:
            return  # closed
        try:
            os.write(self._wake_w, b"w")
        except BlockingIOError:
            pass  # already woken

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
            try:
                ready, _, _ = select.select([self._wake_r], [], [], left)
            except (OSError, ValueError):  # closed under us: stopping
                return
            if ready:
                try:
                    while os.read(self._wake_r, 512):
                        pass
                except BlockingIOError:
                    pass
                if self.client.next_attempt_in() <= 0:
                    return

    # --- pokes ---------------------------------------------------------------------------
    def _on_poke(self) -> None:
        self.notifications += 1
        self.wake()

    def _ensure_listener(self) -> None:
        if not self.listen or self._listener is not None or self.client.next_attempt_in() > 0:
            return
        # The listener reconnects by itself from here on; its first message is a poke.
        self._listener = PokeListener(self.client.transport, self._on_poke).start()

    def _close_listener(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.stop()

    def close(self) -> None:
        self._close_listener()
        # -1 first: a closed descriptor's number is soon reused by some other file.
        fds, self._wake_r, self._wake_w = (self._wake_r, self._wake_w), -1, -1
        for fd in fds:
            if fd >= 0:
                os.close(fd)
