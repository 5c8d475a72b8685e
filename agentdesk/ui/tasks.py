"""Running service calls off the GUI thread, and telling every pane what changed.

Like Anki's CollectionOp/QueryOp: a service function gets its own Session on a
worker thread; its plain-data result is delivered back on the GUI thread. Reads
share a small pool; writes go through a one-thread pool so they apply in order.
"""

from __future__ import annotations

import gc
import logging
import traceback
import uuid
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, QTimer, Signal, Slot

if TYPE_CHECKING:  # the window paints before SQLAlchemy is imported
    from agentdesk.db import Database

log = logging.getLogger("agentdesk.ui")


class _Relay(QObject):
    """Lives on the GUI thread; queued signals carry results back to it."""

    done = Signal(object, object)  # callback, result
    failed = Signal(object, object)  # callback, exception


class _Job(QRunnable):
    def __init__(self, db: Database, fn, relay: _Relay, on_done, on_error):
        super().__init__()
        self.db, self.fn, self.relay, self.on_done, self.on_error = db, fn, relay, on_done, on_error

    def run(self) -> None:
        try:
            with self.db.session() as session:
                result = self.fn(session)
        except Exception as exc:  # delivered to the GUI thread, never swallowed
            exc.__traceback_text__ = traceback.format_exc()
            self.relay.failed.emit(self.on_error, exc)
        else:
            self.relay.done.emit(self.on_done, result)


def _receiver_alive(callback) -> bool:
    """False when the callback is a method of a Qt object that has been deleted meanwhile
    (a pane closed while its query ran): calling it would crash, not raise."""
    owner = getattr(callback, "__self__", None)
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)


class MainThreadGC(QObject):
    """Python's cycle collector runs only on the GUI thread.

    Left automatic, it runs in whichever thread happens to allocate: a worker running a
    query can then free a Qt object (a closed pane's wrapper in a reference cycle), and
    QObject's destructor on that thread takes Qt's connection lock and waits for the GIL
    while the GUI thread holds the GIL and waits for that lock: a deadlock, seen in CI.
    As Anki does, automatic collection is switched off and the GUI thread collects on a
    timer (and whenever a caller asks, e.g. between tests).
    """

    INTERVAL_MS = 1000
    _instance: MainThreadGC | None = None

    def __init__(self, app: QObject):
        super().__init__(app)
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(self.INTERVAL_MS)
        self._timer.timeout.connect(self.collect)
        self._timer.start()

    @classmethod
    def install(cls) -> None:
        app = QCoreApplication.instance()
        if app is not None and (cls._instance is None or not shiboken6.isValid(cls._instance)):
            cls._instance = cls(app)

    @Slot()
    def collect(self) -> None:
        # What automatic collection would have done by now, generation by generation.
        gen0, gen1, gen2 = gc.get_count()
        threshold0, threshold1, threshold2 = gc.get_threshold()
        if gen2 > threshold2:
            gc.collect(2)
        elif gen1 > threshold1:
            gc.collect(1)
        elif gen0 > threshold0:
            gc.collect(0)


class TaskRunner(QObject):
    error = Signal(str)  # a failed task without its own error handler: shown to the user
    instances: weakref.WeakSet[TaskRunner] = weakref.WeakSet()

    def __init__(self, db: Database, parent: QObject | None = None):
        super().__init__(parent)
        MainThreadGC.install()  # before the first worker thread starts
        TaskRunner.instances.add(self)
        self.db = db
        self._reads = QThreadPool(self)
        self._reads.setMaxThreadCount(2)
        self._writes = QThreadPool(self)
        self._writes.setMaxThreadCount(1)
        # Template renders get their own lane: a template is code written by colleagues, and
        # even within its time budget a slow one must never hold a worker the inbox needs.
        self._renders = QThreadPool(self)
        self._renders.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.done.connect(self._deliver)
        self._relay.failed.connect(self._fail)

    def read(self, fn: Callable[[Any], Any], on_done: Callable[[Any], None] | None = None,
             on_error: Callable[[Exception], None] | None = None) -> None:
        self._reads.start(_Job(self.db, fn, self._relay, on_done, on_error))

    def write(self, fn: Callable[[Any], Any], on_done: Callable[[Any], None] | None = None,
              on_error: Callable[[Exception], None] | None = None) -> None:
        self._writes.start(_Job(self.db, fn, self._relay, on_done, on_error))

    def render(self, fn: Callable[[Any], Any], on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[Exception], None] | None = None) -> None:
        """A read that renders a template, on the render lane (one thread, in order)."""
        self._renders.start(_Job(self.db, fn, self._relay, on_done, on_error))

    def call(self, fn: Callable[[Any], Any]) -> Any:
        """Synchronous, for the few reads that must answer before a paint (inbox pages)."""
        with self.db.session() as session:
            return fn(session)

    def wait(self, msecs: int = 10000) -> bool:
        return (self._reads.waitForDone(msecs) and self._writes.waitForDone(msecs)
                and self._renders.waitForDone(msecs))

    @Slot(object, object)
    def _deliver(self, callback, result) -> None:
        if callback is not None and _receiver_alive(callback):
            callback(result)

    @Slot(object, object)
    def _fail(self, callback, exc) -> None:
        if callback is not None:
            if _receiver_alive(callback):
                callback(exc)
            return
        log.error("background task failed: %s\n%s", exc, getattr(exc, "__traceback_text__", ""))
        self.error.emit(str(exc))


@dataclass
class AgentInfo:
    id: uuid.UUID
    login: str
    name: str
    role: str
    status: str = "available"


class Changes(QObject):
    """One hook for every pane: something of `kind` ('ticket', 'customer', …) with `id` changed."""

    changed = Signal(str, object)


@dataclass
class AppContext:
    """What every view is given: the database, who is working, the runner, the change hook."""

    db: Database
    agent: AgentInfo
    runner: TaskRunner
    changes: Changes
    sync: Any = None  # ui.sync.SyncController in a team profile; None on a standalone workspace
