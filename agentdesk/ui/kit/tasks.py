"""Running service calls off the GUI thread, and telling every pane what changed.

Like Anki's CollectionOp/QueryOp: a service function gets its own Session on a
worker thread; its plain-data result is delivered back on the GUI thread. Reads
share a small pool; writes go through a one-thread pool so they apply in order.
"""

from __future__ import annotations

import functools
import gc
import itertools
import logging
import sys
import uuid
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, QTimer, Signal, Slot

if TYPE_CHECKING:  # the window paints before SQLAlchemy is imported
    from agentdesk.db import Database

log = logging.getLogger("agentdesk.ui")


class _Relay(QObject):
    """Lives on the GUI thread; queued signals carry results back to it."""

    done = Signal(object, object)  # the job's key, result
    failed = Signal(object, object)  # the job's key, exception


class _Job(QRunnable):
    """Runs ``work()`` on a pool thread; its result or exception goes back through the relay.

    The job holds no callback: they wait in the runner (GUI thread) under the job's key.
    A callback is often a bound method of a dialog or pane, and the pool thread deletes the
    job after ``run``: had the job held the last reference to a closed dialog, its QWidget
    would have been destroyed on that thread, a segfault seen in the test suite."""

    def __init__(self, work: Callable[[], Any], relay: _Relay, key: int):
        super().__init__()
        self.work: Callable[[], Any] | None = work
        self.relay, self.key = relay, key

    def run(self) -> None:
        work, self.work = self.work, None  # a closure over a dialog's secrets dies with the job, not the pool
        assert work is not None, "a job runs once"
        try:
            result = work()
        except Exception as exc:  # delivered to the GUI thread, never swallowed
            self.relay.failed.emit(self.key, exc)
        else:
            self.relay.done.emit(self.key, result)


def _in_session(db: Database, fn: Callable[[Any], Any]) -> Any:
    """One Session per job, on the worker thread (the job holds the database, not the runner)."""
    with db.session() as session:
        return fn(session)


def _write_in_session(db: Database, fn: Callable[[Any], Any], after: Callable[[], None] | None) -> Any:
    result = _in_session(db, fn)
    if after is not None:
        after()
    return result


def is_user_error(exc: BaseException) -> bool:
    """True for a problem the agent can act on, shown as one line where they are looking:
    a service's ServiceError, a ticket rule's RuleError, a connection's ProfileError.
    Anything else is a bug: it goes to the crash handler, never to a status-bar line."""
    # Imported here: the window paints before SQLAlchemy (which services.common imports) is loaded.
    from agentdesk.profiles import ProfileError
    from agentdesk.rules import RuleError
    from agentdesk.services.common import ServiceError

    return isinstance(exc, (ServiceError, RuleError, ProfileError))


def report_bug(exc: BaseException) -> None:
    """A worker's unexpected error: to the log and to the crash handler (report file and dialog).

    The crash handler is reached through its public entry, ``sys.excepthook`` (ui/crash.py
    installs it at start-up); the exception still carries its worker-thread traceback."""
    log.error("background task failed with %s (reported to the crash handler)", type(exc).__name__)
    sys.excepthook(type(exc), exc, exc.__traceback__)


def _bound_owner(callback) -> object | None:
    """The object a callback is a method of, through any functools.partial wrapping it."""
    while isinstance(callback, functools.partial):
        callback = callback.func
    return getattr(callback, "__self__", None)


def receiver_alive(callback) -> bool:
    """False when the callback is a method of a Qt object that has been deleted meanwhile
    (a pane closed while its query ran): calling it would crash, not raise. The one place
    the views' lifetimes are checked (LatestReads in ui/kit/reads.py relies on it too)."""
    owner = _bound_owner(callback)
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
        import agentdesk

        agentdesk.gc_owned_by_gui = True  # the start-up's end (agentdesk.resume_gc) leaves it off
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
    """Service calls off the GUI thread: reads on a small pool, writes in order on one thread.

    ``on_done(result)`` and ``on_error(exc)`` run on the GUI thread, and only while their
    object lives. ``on_error`` is given only user errors (``is_user_error``); a bug goes to
    the crash handler and the log (``report_bug``), whoever asked, and then to ``on_bug``
    if the caller has state to put back (a disabled Send button, a start-up notice). A user
    error without an ``on_error`` is emitted as ``error`` (a status-bar line).
    """

    error = Signal(str)  # a user error from a task without its own error handler
    instances: weakref.WeakSet[TaskRunner] = weakref.WeakSet()
    _plain: TaskRunner | None = None

    def __init__(self, db: Database | None, parent: QObject | None = None):
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
        # Each job's (on_done, on_error, on_bug), kept here on the GUI thread (see _Job).
        self._callbacks: dict[int, tuple[Any, Any, Any]] = {}
        self._keys = itertools.count()
        self._relay.done.connect(self._deliver)
        self._relay.failed.connect(self._fail)
        # Called on the write lane after each write's commit (db_watch.DataVersionWatch.absorb:
        # a standalone desk's own writes are not another process's news).
        self.after_write: Callable[[], None] | None = None

    @classmethod
    def plain(cls) -> TaskRunner:
        """The application's runner for work without a workspace (the connect dialog's
        sign-in tests and saves, before any database is open)."""
        app = QCoreApplication.instance()
        if cls._plain is None or not shiboken6.isValid(cls._plain):
            cls._plain = cls(None, app)
        return cls._plain

    def read(self, fn: Callable[[Any], Any], on_done: Callable[[Any], None] | None = None,
             on_error: Callable[[Exception], None] | None = None, *,
             on_bug: Callable[[Exception], None] | None = None) -> None:
        self._reads.start(self._job(functools.partial(_in_session, self._workspace(), fn), on_done, on_error, on_bug))

    def write(self, fn: Callable[[Any], Any], on_done: Callable[[Any], None] | None = None,
              on_error: Callable[[Exception], None] | None = None, *,
              on_bug: Callable[[Exception], None] | None = None) -> None:
        self._writes.start(self._job(functools.partial(_write_in_session, self._workspace(), fn, self.after_write),
                                     on_done, on_error, on_bug))

    def render(self, fn: Callable[[Any], Any], on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[Exception], None] | None = None, *,
               on_bug: Callable[[Exception], None] | None = None) -> None:
        """A read that renders a template, on the render lane (one thread, in order)."""
        self._renders.start(self._job(functools.partial(_in_session, self._workspace(), fn), on_done, on_error, on_bug))

    def run(self, work: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[Exception], None] | None = None, *,
            on_bug: Callable[[Exception], None] | None = None) -> None:
        """Blocking work that needs no Session (a sign-in over the network), on the read pool."""
        self._reads.start(self._job(work, on_done, on_error, on_bug))

    def _job(self, work: Callable[[], Any], on_done, on_error, on_bug) -> _Job:
        key = next(self._keys)
        self._callbacks[key] = (on_done, on_error, on_bug)
        return _Job(work, self._relay, key)

    def _workspace(self) -> Database:
        assert self.db is not None, "this runner has no workspace: use run()"
        return self.db

    def wait(self, msecs: int = 10000) -> bool:
        return (self._reads.waitForDone(msecs) and self._writes.waitForDone(msecs)
                and self._renders.waitForDone(msecs))

    @Slot(object, object)
    def _deliver(self, key, result) -> None:
        callback = self._callbacks.pop(key, (None, None, None))[0]
        if callback is not None and receiver_alive(callback):
            callback(result)

    @Slot(object, object)
    def _fail(self, key, exc) -> None:
        _, on_error, on_bug = self._callbacks.pop(key, (None, None, None))
        if not is_user_error(exc):
            report_bug(exc)
            if on_bug is not None and receiver_alive(on_bug):
                on_bug(exc)
        elif on_error is None:
            from agentdesk.ui.kit import errors  # the agent's language; as is_user_error, imported late

            self.error.emit(errors.message(exc))
        elif receiver_alive(on_error):
            on_error(exc)


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
