"""Background reads for one pane: the newest request per key wins, and only a live pane hears back.

Every pane that loads in the background had the same two guards, written by hand each
time: a sequence number ("a newer search started meanwhile: drop this result") and
``shiboken6.isValid(self)`` ("the pane was closed while the query ran"). Here they are
once. ``LatestReads`` is a child QObject of its pane, so it dies with it; a result that
arrives after that, or after a newer request under the same key, is dropped unseen.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from typing import Any

from PySide6.QtCore import QObject

from agentdesk.ui.kit.tasks import TaskRunner


class LatestReads(QObject):
    """``read(key, fn, on_done, on_error)``: runs ``fn(session)`` on the runner's read pool.

    ``on_done(result)`` / ``on_error(exc)`` are called on the GUI thread only if this is still
    the newest request for ``key`` and the pane is alive. ``on_error`` gets user errors only:
    bugs go to the crash handler (TaskRunner). ``cancel(key)`` (or ``cancel()`` for all keys)
    makes whatever is in flight stale, e.g. when the pane is cleared.
    """

    def __init__(self, pane: QObject, runner: TaskRunner):
        super().__init__(pane)
        self._runner = runner
        self._latest: dict[Hashable, int] = {}
        self._issued = 0

    def read(self, key: Hashable, fn: Callable[[Any], Any], on_done: Callable[[Any], None],
             on_error: Callable[[Exception], None] | None = None, *,
             on_bug: Callable[[Exception], None] | None = None) -> None:
        ticket = self._next(key)
        self._runner.read(fn, self._guard(key, ticket, on_done), self._guard(key, ticket, on_error),
                          on_bug=self._guard(key, ticket, on_bug))

    def run(self, key: Hashable, work: Callable[[], Any], on_done: Callable[[Any], None],
            on_error: Callable[[Exception], None] | None = None, *,
            on_bug: Callable[[Exception], None] | None = None) -> None:
        """The same for work that needs no Session (the connect dialog's sign-in tests)."""
        ticket = self._next(key)
        self._runner.run(work, self._guard(key, ticket, on_done), self._guard(key, ticket, on_error),
                         on_bug=self._guard(key, ticket, on_bug))

    def render(self, key: Hashable, fn: Callable[[Any], Any], on_done: Callable[[Any], None],
               on_error: Callable[[Exception], None] | None = None, *,
               on_bug: Callable[[Exception], None] | None = None) -> None:
        """The same on the runner's render lane (a template render: code colleagues wrote)."""
        ticket = self._next(key)
        self._runner.render(fn, self._guard(key, ticket, on_done), self._guard(key, ticket, on_error),
                            on_bug=self._guard(key, ticket, on_bug))

    def cancel(self, key: Hashable | None = None) -> None:
        if key is None:
            self._latest.clear()
        else:
            self._latest.pop(key, None)

    def pending(self, key: Hashable) -> bool:
        """A request under ``key`` is still on its way (and will be delivered)."""
        return key in self._latest

    def idle(self) -> bool:
        """Nothing is on its way."""
        return not self._latest

    def _next(self, key: Hashable) -> int:
        self._issued += 1
        self._latest[key] = self._issued
        return self._issued

    def _guard(self, key: Hashable, ticket: int, callback: Callable[[Any], None] | None):
        # None stays None: a user error nobody handles is still shown by the runner.
        return None if callback is None else functools.partial(self._arrived, key, ticket, callback)

    def _arrived(self, key: Hashable, ticket: int, callback: Callable[[Any], None], value: Any) -> None:
        # Only reached while this object lives: the runner checks the owner of the bound
        # method it calls back (tasks.receiver_alive), and this object is the pane's child.
        if self._latest.get(key) != ticket:
            return
        del self._latest[key]
        callback(value)

