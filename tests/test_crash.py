"""A crash is never silent: a report file is written (PII masked) and the agent is told where."""

from __future__ import annotations

import os
import subprocess
import sys

from agentdesk import config
from agentdesk.ui.crash import CrashHandler


def _raise_and_handle(handler: CrashHandler):
    try:
        raise RuntimeError("card 4111 1111 1111 1111 failed")
    except RuntimeError:
        handler.handle(*sys.exc_info())


def test_an_error_writes_a_masked_report_and_shows_where(tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(CrashHandler, "show", staticmethod(lambda path, summary: shown.append((path, summary))))
    handler = CrashHandler(directory=tmp_path)
    _raise_and_handle(handler)
    [report] = handler.reports
    text = report.read_text(encoding="utf-8")
    assert "RuntimeError" in text and "AgentDesk" in text and "_raise_and_handle" in text
    assert "4111 1111 1111 1111" not in text and "4111 **** **** 1111" in text
    assert shown == [(report, "RuntimeError: card 4111 **** **** 1111 failed")]


def _run(code: str, home) -> subprocess.CompletedProcess:
    env = dict(os.environ, AGENTDESK_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)


def test_an_uncaught_error_in_a_process_leaves_a_report(tmp_path):
    proc = _run("from agentdesk.ui.crash import CrashHandler\nh = CrashHandler(); h.install()\n"
                "raise ValueError('boom')", tmp_path)
    assert proc.returncode == 1
    reports = list((tmp_path / "logs" / "crashes").glob("crash-*.txt"))
    assert len(reports) == 1 and "ValueError: boom" in reports[0].read_text(encoding="utf-8")
    assert str(reports[0]) in proc.stderr  # no window: the path goes to the terminal


def test_a_hard_crash_is_reported_at_the_next_start(tmp_path, monkeypatch):
    proc = _run("import faulthandler\nfrom agentdesk.ui.crash import CrashHandler\n"
                "CrashHandler().install()\nfaulthandler._sigsegv()", tmp_path)
    assert proc.returncode != 0
    monkeypatch.setenv("AGENTDESK_HOME", str(tmp_path))
    handler = CrashHandler(directory=config.log_dir() / "crashes")
    report = handler.previous_native_crash()
    assert report is not None and "Fatal Python error" in report.read_text(encoding="utf-8")
    assert handler.previous_native_crash() is None  # reported once, not at every start


def test_an_error_in_a_worker_thread_is_shown_on_the_gui_thread(qtbot, tmp_path, monkeypatch):
    import threading

    shown = []
    monkeypatch.setattr(CrashHandler, "show", staticmethod(
        lambda path, summary: shown.append((path, summary, threading.current_thread() is threading.main_thread()))))
    handler = CrashHandler(directory=tmp_path)
    handler.install()
    try:
        worker = threading.Thread(target=lambda: 1 / 0, name="sync-worker")
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: bool(shown), timeout=3000)
    finally:
        handler.uninstall()
    path, summary, on_gui_thread = shown[0]
    assert on_gui_thread and summary.startswith("ZeroDivisionError")
    assert "Thread: sync-worker" in path.read_text(encoding="utf-8")


def test_a_native_crash_file_is_masked_in_its_report(tmp_path):
    (tmp_path / "native-crash.log").write_text("Fatal Python error: card 4111-1111-1111-1111\n", encoding="utf-8")
    report = CrashHandler(directory=tmp_path).previous_native_crash()
    text = report.read_text(encoding="utf-8")
    assert "4111-****-****-1111" in text and "4111-1111-1111-1111" not in text
