"""Keeping a replica in sync: LISTEN for the server's notifications, pull at once, push
what the agent queued, poll when LISTEN is down. Plain Python (no Qt); the window runs
``SyncRunner.run`` on a thread of its own, ``agentdesk sync run`` in the foreground.

Waiting uses ``select`` on two things at once: the LISTEN connection's socket (the
server's ``pg_notify`` at every commit) and a pipe that a local write pokes
(``wake()``), so a change on either side is acted on in milliseconds, not at the next
poll. No client clock orders anything: the poll interval only bounds how stale a
replica can get when notifications cannot arrive.
"""

from __future__ import annotations

import json
import logging
import os
import select
import threading
import time
from dataclasses import dataclass
from typing import Callable

from agentdesk.sync import protocol as p
from agentdesk.sync.engine import PullResult, PushResult, SyncClient, SyncStatus

log = logging.getLogger("agentdesk.sync")

POLL_INTERVAL = 5.0  # seconds between pulls while LISTEN is down
LISTEN_IDLE = 30.0  # a pull now and then even with LISTEN up (a lost notification costs this much)


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
        self._listener = None  # a psycopg connection with LISTEN running
        self.listening = False
        self.notifications = 0

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
            fds = [self._wake_r] + ([self._listener.fileno()] if self._listener is not None else [])
            try:
                ready, _, _ = select.select(fds, [], [], left)
            except (OSError, ValueError):  # the listener's socket went away under us
                self._close_listener()
                continue
            if self._wake_r in ready:
                try:
                    while os.read(self._wake_r, 512):
                        pass
                except BlockingIOError:
                    pass
                if self.client.next_attempt_in() <= 0:
                    return
            if self._listener is not None and self._listener.fileno() in ready:
                if self._drain_notifications():
                    return

    # --- LISTEN ----------------------------------------------------------------------------
    def _ensure_listener(self) -> None:
        if not self.listen or self._listener is not None or self.client.next_attempt_in() > 0:
            return
        try:
            import psycopg

            # The sync client's own URL (TLS options included), as libpq reads it.
            conninfo = self.client.server.url.set(drivername="postgresql").render_as_string(hide_password=False)
            conn = psycopg.connect(conninfo, connect_timeout=5, autocommit=True)
            conn.execute(f"LISTEN {p.NOTIFY_CHANNEL}")
            self._listener = conn
            self.listening = True
            # Pull once right after (re)connecting: anything committed while we were not
            # listening is picked up by the cycle that follows.
        except Exception as exc:  # noqa: BLE001 - polling covers it
            log.info("LISTEN unavailable, polling every %.0f s: %s", self.poll_interval, str(exc).splitlines()[0])
            self._close_listener()

    def _drain_notifications(self) -> bool:
        """True when a notification concerns this replica (its team, or everyone)."""
        relevant = False
        try:
            for note in self._listener.notifies(timeout=0):
                self.notifications += 1
                try:
                    team = json.loads(note.payload).get("team")
                except (ValueError, AttributeError):
                    team = None
                if team is None or self.team_id is None or team == self.team_id:
                    relevant = True
        except Exception as exc:  # noqa: BLE001 - connection lost: poll until it is back
            log.info("LISTEN connection lost: %s", str(exc).splitlines()[0])
            self._close_listener()
            return True  # pull now: whatever was missed meanwhile
        return relevant

    def _close_listener(self) -> None:
        if self._listener is not None:
            try:
                self._listener.close()
            except Exception:  # noqa: BLE001
                pass
        self._listener = None
        self.listening = False

    def close(self) -> None:
        self._close_listener()
        # -1 first: a closed descriptor's number is soon reused by some other file.
        fds, self._wake_r, self._wake_w = (self._wake_r, self._wake_w), -1, -1
        for fd in fds:
            if fd >= 0:
                os.close(fd)
