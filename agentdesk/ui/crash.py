"""Crash reports: an unexpected error writes a report file and tells the agent where it is.

Never a silent exit. Python errors (in Qt slots, on the GUI thread or in plain threads)
go through sys.excepthook / threading.excepthook; a hard crash of the interpreter (a
segfault in a native library) is caught by faulthandler into a file, which the next
start turns into a report and mentions. Reports are PII-masked like the log.
"""

from __future__ import annotations

import faulthandler
import logging
import platform
import sys
import threading
import traceback
from datetime import datetime
from pathlib import Path

from agentdesk import __version__, config
from agentdesk.services.pii import mask_pii

log = logging.getLogger("agentdesk.ui")

NATIVE_FILE = "native-crash.log"  # faulthandler's output while the app runs


def crash_dir() -> Path:
    path = config.log_dir() / "crashes"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _environment() -> str:
    try:
        from PySide6 import __version__ as pyside
        from PySide6.QtCore import qVersion

        qt = f"PySide6 {pyside}, Qt {qVersion()}"
    except Exception:  # the report must be written even if Qt itself is what broke
        qt = "Qt unknown"
    frozen = " (packaged)" if getattr(sys, "frozen", False) else ""
    return (f"AgentDesk {__version__}{frozen}\nPython {platform.python_version()} on {platform.platform()}\n{qt}\n"
            f"Log directory: {config.log_dir()}\n")


def write_report(exc_type, exc, tb, *, thread: str | None = None, directory: Path | None = None) -> Path:
    """Writes one report file and returns its path (a unique name per crash)."""
    directory = directory or crash_dir()
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    path = directory / f"crash-{stamp}.txt"
    text = "".join(traceback.format_exception(exc_type, exc, tb))
    where = f"Thread: {thread}\n" if thread else ""
    path.write_text(f"AgentDesk crash report, {datetime.now().astimezone().isoformat(timespec='seconds')}\n"
                    f"{_environment()}{where}\n{mask_pii(text)}", encoding="utf-8")
    return path


class CrashHandler:
    """Installed once at start-up by run_app; `show` is the dialog seam tests replace."""

    def __init__(self, directory: Path | None = None):
        self.directory = directory or crash_dir()
        self.reports: list[Path] = []
        self._native = None
        self._showing = False

    def install(self) -> None:
        self._relay = _GuiRelay.create(self)
        sys.excepthook = self.handle
        threading.excepthook = self._thread_hook
        self._native = open(self.directory / NATIVE_FILE, "a", encoding="utf-8")  # noqa: SIM115 - lives as long as the app
        faulthandler.enable(file=self._native, all_threads=True)

    def uninstall(self) -> None:
        sys.excepthook = sys.__excepthook__
        threading.excepthook = threading.__excepthook__
        if self._native is not None:
            faulthandler.disable()
            self._native.close()
            self._native = None

    def previous_native_crash(self) -> Path | None:
        """A hard crash last time left faulthandler output: keep it as a report, return its path."""
        native = self.directory / NATIVE_FILE
        try:
            text = native.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return None
        if not text.strip():
            return None
        path = self.directory / f"crash-{datetime.now().strftime('%Y%m%d-%H%M%S-%f')}-native.txt"
        path.write_text(f"AgentDesk closed unexpectedly (native crash)\n{_environment()}\n{mask_pii(text)}", encoding="utf-8")
        native.write_text("", encoding="utf-8")
        return path

    def _thread_hook(self, args) -> None:
        if args.exc_type is SystemExit:
            return
        self.handle(args.exc_type, args.exc_value, args.exc_traceback, thread=args.thread.name if args.thread else None)

    def handle(self, exc_type, exc, tb, thread: str | None = None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        try:
            path = write_report(exc_type, exc, tb, thread=thread, directory=self.directory)
        except OSError:  # a full or read-only disk: still say something
            path = None
        self.reports.append(path)
        log.critical("unexpected error (report: %s)", path, exc_info=(exc_type, exc, tb))
        on_gui_thread = threading.current_thread() is threading.main_thread()
        summary = f"{exc_type.__name__}: {mask_pii(str(exc))}"
        if not on_gui_thread:
            # A dialog can only open on the GUI thread: hand it over (queued signal).
            if getattr(self, "_relay", None) is not None:
                self._relay.crashed.emit(path, summary)
            return
        self._show_once(path, summary)

    def _show_once(self, path, summary: str) -> None:
        if not self._showing:
            self._showing = True  # an error raised while the dialog is up must not stack dialogs
            try:
                self.show(path, summary)
            finally:
                self._showing = False

    @staticmethod
    def show(path: Path | None, summary: str) -> None:
        """Tells the agent what happened and where the report is; the app keeps running
        (their work is in the database and drafts), and they can quit if it misbehaves."""
        from PySide6.QtCore import QCoreApplication, Qt
        from PySide6.QtWidgets import QApplication, QMessageBox

        if QApplication.instance() is None:
            print(f"AgentDesk: unexpected error: {summary}\nReport: {path}", file=sys.stderr)
            return
        box = QMessageBox(QMessageBox.Icon.Critical, QCoreApplication.translate("crash", "AgentDesk ran into a problem"),
                          QCoreApplication.translate("crash", "Something went wrong: %1\n\nA report was saved to:\n%2\n\n"
                                      "Your replies and drafts are saved. Please send the report to your "
                                      "administrator.").replace("%1", summary).replace("%2", str(path)))
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # the path can be copied
        box.exec()


class _GuiRelay:
    """Carries a crash from a worker thread to the GUI thread, where the dialog can open."""

    @staticmethod
    def create(handler: CrashHandler):
        from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

        app = QCoreApplication.instance()
        if app is None:
            return None

        class Relay(QObject):
            crashed = Signal(object, str)

            def __init__(self, parent):
                super().__init__(parent)
                self.crashed.connect(self.deliver)  # receiver on the GUI thread: queued

            @Slot(object, str)
            def deliver(self, path, summary: str) -> None:
                handler._show_once(path, summary)

        return Relay(app)
