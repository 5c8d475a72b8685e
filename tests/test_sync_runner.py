"""The sync runner's wake channel (sync/runner.py): a local write or a poke wakes the
waiting loop at once, on every platform."""

from __future__ import annotations

import os
import threading
import time

import pytest

from agentdesk.sync.engine import SyncClient
from agentdesk.sync.runner import SyncRunner
from agentdesk.sync.transport import HttpTransport
from tests.test_sync_support import close, replica


@pytest.fixture
def runner(tmp_path, monkeypatch):
    """A runner whose wake channel must work as on Windows before Python 3.12: no
    os.set_blocking, and select() there takes sockets, never a pipe."""
    monkeypatch.delattr(os, "set_blocking")

    def no_pipe():
        raise AssertionError("select() on Windows takes sockets only: the wake channel is not a pipe")

    monkeypatch.setattr(os, "pipe", no_pipe)
    rep = replica(tmp_path, "a", "kim.minji")
    client = SyncClient(rep, HttpTransport("http://127.0.0.1:9", "kim.minji", timeout=0.5))
    r = SyncRunner(client, listen=False, poll_interval=3600)
    yield r
    r.close()
    client.close()
    close(rep)


def _wait_in_thread(r: SyncRunner, timeout: float) -> tuple[threading.Thread, list[float]]:
    took: list[float] = []

    def wait() -> None:
        start = time.monotonic()
        r._wait(timeout)
        took.append(time.monotonic() - start)

    t = threading.Thread(target=wait, daemon=True)
    t.start()
    return t, took


def test_a_wake_ends_the_wait_at_once(runner):
    t, took = _wait_in_thread(runner, 30)
    runner.wake()
    t.join(5)
    assert took and took[0] < 5


def test_many_wake_ups_never_block_and_are_one_cycle(runner):
    for _ in range(100_000):  # more than any socket buffer holds: the extra ones are dropped
        runner.wake()
    t, took = _wait_in_thread(runner, 30)
    t.join(5)
    assert took and took[0] < 5
    # All drained: the next wait runs to its timeout.
    t, took = _wait_in_thread(runner, 0.2)
    t.join(5)
    assert took and took[0] >= 0.2


def test_stop_wakes_the_wait_and_a_wake_after_close_is_harmless(runner):
    t, took = _wait_in_thread(runner, 30)
    runner.stop()
    t.join(5)
    assert took and took[0] < 5
    runner.close()
    runner.wake()  # a late write's wake-up after the window closed
    runner.close()
