"""Background reads and worker errors: the newest request wins, a closed pane hears nothing,
a bug goes to the crash handler and the log, a user error stays one line (real SQLite, real Qt)."""

from __future__ import annotations

import functools
import logging
import sys
import threading
from types import SimpleNamespace

import pytest
import shiboken6
from PySide6.QtWidgets import QWidget

from agentdesk.rules import RuleError
from agentdesk.services import knowledge
from agentdesk.services.common import NotFound
from agentdesk.ui.crash import CrashHandler
from agentdesk.ui.kit.reads import LatestReads
from agentdesk.ui.kit.tasks import TaskRunner
from agentdesk.views.knowledge import KnowledgePane
from tests.factories import seed_small
from tests.uihelpers import make_ctx, settle


@pytest.fixture
def crashes(tmp_path, monkeypatch):
    """The real crash handler behind sys.excepthook, its dialog replaced by a list.
    (Tests using it are marked qt_no_exception_capture: pytest-qt would take the hook.)"""
    shown: list[tuple] = []
    monkeypatch.setattr(CrashHandler, "show", staticmethod(lambda path, summary: shown.append((path, summary))))
    handler = CrashHandler(directory=tmp_path)
    monkeypatch.setattr(sys, "excepthook", handler.handle)
    return SimpleNamespace(handler=handler, shown=shown)


def _boom(_session):
    raise RuntimeError("a bug in a service call")


class _Pane(QWidget):
    """A pane that records what it hears."""

    def __init__(self, runner: TaskRunner):
        super().__init__()
        self.reads = LatestReads(self, runner)
        self.results: list = []
        self.errors: list = []

    def got(self, value) -> None:
        self.results.append(value)

    def failed(self, exc) -> None:
        self.errors.append(exc)


def _waits_for(event: threading.Event, value):
    def fn(_session):
        assert event.wait(10), "never released"
        return value
    return fn


@pytest.mark.qt_no_exception_capture
def test_a_bug_in_a_worker_goes_to_the_crash_handler_and_the_log_not_a_status_line(qtbot, sqlite_db, crashes,
                                                                                   caplog):
    runner = TaskRunner(sqlite_db)
    lines, errors, bugs = [], [], []
    runner.error.connect(lines.append)
    with caplog.at_level(logging.ERROR, logger="agentdesk.ui"):
        runner.read(_boom, on_error=errors.append, on_bug=bugs.append)
        qtbot.waitUntil(lambda: bool(crashes.shown), timeout=5000)
    assert runner.wait()
    (path, summary), = crashes.shown
    assert summary == "RuntimeError: a bug in a service call"
    report = path.read_text(encoding="utf-8")
    assert "in _boom" in report  # the worker thread's traceback, not the GUI thread's
    assert any("RuntimeError" in r.getMessage() and r.levelno >= logging.ERROR for r in caplog.records)
    assert errors == [] and lines == []  # never a status-bar line
    assert len(bugs) == 1 and isinstance(bugs[0], RuntimeError)  # the caller may put its state back


@pytest.mark.qt_no_exception_capture
def test_user_errors_stay_one_line_for_the_agent(qtbot, sqlite_db, crashes):
    runner = TaskRunner(sqlite_db)
    lines, errors = [], []
    runner.error.connect(lines.append)

    def not_found(_session):
        raise NotFound("no ticket #99")

    def refused(_session):
        raise RuleError("a merged ticket cannot be reopened")

    runner.read(not_found, on_error=errors.append)
    runner.write(refused)  # no handler of its own: the runner's error signal (the status bar)
    qtbot.waitUntil(lambda: bool(errors and lines), timeout=5000)
    assert [str(e) for e in errors] == ["no ticket #99"]
    assert lines == ["a merged ticket cannot be reopened"]
    assert crashes.shown == [] and crashes.handler.reports == []


@pytest.mark.qt_no_exception_capture
def test_a_bug_in_a_pane_search_is_reported_once_and_the_pane_says_the_search_failed(qtbot, sqlite_db, crashes,
                                                                                     monkeypatch):
    def broken(*_args, **_kwargs):
        raise KeyError("fts row")

    seed_small(sqlite_db)
    monkeypatch.setattr(knowledge, "search", broken)
    ctx = make_ctx(sqlite_db)
    pane = KnowledgePane(ctx)
    qtbot.addWidget(pane)
    lines: list[str] = []
    pane.failed.connect(lines.append)
    pane.search_edit.setText("refund")
    pane._search_now()
    qtbot.waitUntil(lambda: bool(crashes.shown), timeout=5000)
    assert ctx.runner.wait()
    qtbot.waitUntil(lambda: pane.empty_label.text() == pane.tr("The search failed. Try again in a moment."),
                    timeout=5000)
    assert lines == []  # the crash dialog said it; the main window's status bar does not repeat it
    assert len(crashes.shown) == 1 and crashes.shown[0][1].startswith("KeyError")


def test_the_newest_request_per_key_wins(qtbot, sqlite_db):
    runner = TaskRunner(sqlite_db)
    pane = _Pane(runner)
    qtbot.addWidget(pane)
    older = threading.Event()
    pane.reads.read("search", _waits_for(older, "older"), pane.got, pane.failed)
    pane.reads.read("search", lambda _s: "newer", pane.got, pane.failed)
    pane.reads.read("article", lambda _s: "article", pane.got, pane.failed)  # another key: not affected
    qtbot.waitUntil(lambda: len(pane.results) == 2, timeout=5000)
    older.set()  # the older search answers last …
    settle(runner)  # every queued delivery has run (none may arrive)
    assert sorted(pane.results) == ["article", "newer"]  # … and is dropped
    assert pane.reads.idle()


def test_cancel_drops_what_is_on_its_way(qtbot, sqlite_db):
    runner = TaskRunner(sqlite_db)
    pane = _Pane(runner)
    qtbot.addWidget(pane)
    release = threading.Event()
    pane.reads.read("search", _waits_for(release, "late"), pane.got, pane.failed)
    assert pane.reads.pending("search")
    pane.reads.cancel("search")
    release.set()
    assert runner.wait()
    qtbot.waitUntil(lambda: pane.reads.idle(), timeout=1000)
    settle(runner)
    assert pane.results == [] and not pane.reads.pending("search")


def test_a_pane_closed_while_its_read_runs_hears_nothing(qtbot, sqlite_db):
    runner = TaskRunner(sqlite_db)
    pane = _Pane(runner)
    release = threading.Event()
    pane.reads.read("customer", _waits_for(release, "late"), pane.got, pane.failed)
    # A write whose callback is a partial of the pane's method: also never called once it is gone.
    runner.write(_waits_for(release, "written"), functools.partial(pane.got))
    shiboken6.delete(pane)
    release.set()
    settle(runner)  # deliveries are queued to the GUI thread: none may reach the deleted pane
    assert pane.results == []  # the Python side of the wrapper is still readable


def test_a_callbacks_owner_is_never_destroyed_on_a_worker_thread(qtbot):
    """A job used to hold its callbacks, and the pool thread deletes a job after it runs:
    when the GUI thread had already delivered the result, the job held the last reference
    to the callback's owner (a closed, parentless dialog), whose QWidget was then destroyed
    on the pool thread: a segfault in the suite (tests/test_connect_dialog.py). The runner
    keeps the callbacks on the GUI thread now."""
    import threading

    from PySide6.QtCore import QObject

    from agentdesk.ui.kit.tasks import TaskRunner

    on_gui: list[bool] = []

    class Owner(QObject):
        def take(self, _result) -> None:
            pass

        def __del__(self) -> None:
            on_gui.append(threading.current_thread() is threading.main_thread())

    runner = TaskRunner(None)
    for _ in range(200):
        owner = Owner()
        runner.run(int, owner.take)
        del owner  # the callback is the last reference
    qtbot.waitUntil(lambda: len(on_gui) == 200, timeout=10000)
    assert runner.wait(5000)
    assert all(on_gui), f"{on_gui.count(False)} of 200 destroyed on a worker thread"
