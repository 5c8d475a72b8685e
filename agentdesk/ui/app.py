"""Application start-up: logging, fonts, language, single instance, database, window.

Order matters for the first paint: the window is shown before anything slow; demo
data for a brand-new workspace is written on a worker thread behind a small notice.
"""

from __future__ import annotations

import hashlib
import json
import logging
import logging.handlers
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import (
    QByteArray,
    QLibraryInfo,
    QLocale,
    QObject,
    QSettings,
    QtMsgType,
    QTranslator,
    Signal,
    Slot,
    qInstallMessageHandler,
)
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from agentdesk import __version__, config, resume_gc
from agentdesk.services.pii import PiiLogFilter
from agentdesk.ui.crash import CrashHandler
from agentdesk.ui.kit import errors, prefs
from agentdesk.ui.kit.icons import app_icon
from agentdesk.ui.kit.tasks import AgentInfo, AppContext, Changes, TaskRunner

log = logging.getLogger("agentdesk.ui")

FONT_FAMILY = "NanumGothic"


def resources_dir() -> Path:
    """resources/ beside the package, or inside a PyInstaller bundle."""
    base = getattr(sys, "_MEIPASS", None)
    return Path(base) / "resources" if base else Path(__file__).resolve().parents[2] / "resources"


def setup_logging() -> Path:
    """A rotating log file in the platform's log directory; PII is masked in every record."""
    directory = config.log_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "agentdesk.log"
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(PiiLogFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def register_fonts(app: QApplication) -> list[str]:
    """Registers the bundled Korean font and makes it the UI font, so Hangul renders
    on machines without CJK fonts. Returns the families registered."""
    families: list[str] = []
    for ttf in sorted((resources_dir() / "fonts").glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(ttf))
        if font_id >= 0:
            families += QFontDatabase.applicationFontFamilies(font_id)
    if FONT_FAMILY in families:
        font = QFont(FONT_FAMILY)
        font.setPointSizeF(max(app.font().pointSizeF(), 10.0))
        app.setFont(font)
    else:
        log.warning("bundled Korean font not found in %s", resources_dir() / "fonts")
    return families


def settings() -> QSettings:
    return prefs.store()


def choose_language(explicit: str | None, stored: str | None) -> str:
    if explicit in ("ko", "en"):
        return explicit
    if stored in ("ko", "en"):
        return stored
    return "ko" if QLocale.system().language() == QLocale.Language.Korean else "en"


_translators: list[QTranslator] = []


def install_language(app: QApplication, lang: str) -> bool:
    """Loads AgentDesk's and Qt's own Korean catalogues; English is the source language
    and needs only its plural forms."""
    for t in _translators:
        app.removeTranslator(t)
    _translators.clear()
    if lang != "ko":
        QLocale.setDefault(QLocale(QLocale.Language.English))
        # English is the source language; its catalogue holds only plural forms
        # ("1 ticket", "41 tickets" for "%n ticket(s)").
        plurals = QTranslator(app)
        if plurals.load(str(resources_dir() / "translations" / "agentdesk_en.qm")):
            app.installTranslator(plurals)
            _translators.append(plurals)
        return True
    QLocale.setDefault(QLocale(QLocale.Language.Korean, QLocale.Country.SouthKorea))
    ours = QTranslator(app)
    ok = ours.load(str(resources_dir() / "translations" / "agentdesk_ko.qm"))
    if ok:
        app.installTranslator(ours)
        _translators.append(ours)
    qt = QTranslator(app)
    if qt.load("qtbase_ko", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _translators.append(qt)
    return ok


# --- single instance ------------------------------------------------------------------
def instance_key(db_url: str) -> str:
    """One running window per workspace and user."""
    user = os.environ.get("USER") or os.environ.get("USERNAME") or "user"
    return "agentdesk-" + hashlib.sha1(f"{user}|{db_url}".encode()).hexdigest()[:16]


def send_to_running(key: str, message: dict, timeout_ms: int = 1000) -> bool:
    """True if a running AgentDesk took the message."""
    sock = QLocalSocket()
    sock.connectToServer(key)
    if not sock.waitForConnected(timeout_ms):
        return False
    sock.write(QByteArray(json.dumps(message).encode() + b"\n"))
    sock.flush()
    sock.waitForBytesWritten(timeout_ms)
    sock.waitForReadyRead(timeout_ms)  # the ack: the message was handled
    sock.disconnectFromServer()
    return True


class SingleInstance(QObject):
    messageReceived = Signal(dict)

    def __init__(self, key: str, parent=None):
        super().__init__(parent)
        self.key = key
        self.server = QLocalServer(self)
        self.server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        if not self.server.listen(self.key):
            # A stale socket from a crashed instance: nothing answered, so take it over.
            QLocalServer.removeServer(self.key)
            return self.server.listen(self.key)
        return True

    @Slot()
    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            sock = self.server.nextPendingConnection()
            sock.readyRead.connect(self._read)

    @Slot()
    def _read(self) -> None:
        sock: QLocalSocket = self.sender()
        while sock.canReadLine():
            line = bytes(sock.readLine()).strip()
            try:
                msg = json.loads(line)
            except ValueError:
                continue
            self.messageReceived.emit(msg)
            sock.write(b"ok\n")
            sock.flush()

    def close(self) -> None:
        self.server.close()


# --- start-up --------------------------------------------------------------------------
# Qt's warnings are about Qt (a platform plugin's limits, a font fallback), rarely the
# agent's business: logged as INFO so they reach the log file, not the terminal.
_QT_LEVELS = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
              QtMsgType.QtWarningMsg: logging.INFO, QtMsgType.QtCriticalMsg: logging.ERROR,
              QtMsgType.QtFatalMsg: logging.CRITICAL}


def _qt_message(kind, _context, message: str) -> None:
    logging.getLogger("agentdesk.qt").log(_QT_LEVELS.get(kind, logging.WARNING), "%s", message)


def route_qt_messages() -> None:
    """Qt's own warnings go to the log file, not to the agent's terminal (the app and the
    self-test; tests keep pytest-qt's handler, which fails on unexpected warnings)."""
    qInstallMessageHandler(_qt_message)


def make_application(argv: list[str] | None = None) -> QApplication:
    # Workers run Python (SQLAlchemy) beside the GUI thread; with the default 5 ms GIL
    # switch interval a paint can wait that long per hand-over. 1 ms measured ~20% faster
    # ticket opens (benchmarks/README.md).
    sys.setswitchinterval(0.001)
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    assert isinstance(app, QApplication)  # a widget app, never a bare QCoreApplication
    app.setApplicationName("AgentDesk")
    app.setOrganizationName("AgentDesk")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())
    register_fonts(app)
    return app


def load_agent(db, login: str | None) -> AgentInfo:
    from agentdesk.services.common import current_agent

    with db.session() as s:
        a = current_agent(s, login)
        return AgentInfo(a.id, a.login, a.name, a.role, a.status)


def build_window(db, agent: AgentInfo, store: QSettings, team=None, client=None, signin=None):
    """``team``/``client``: a team profile's workspace and its sync client (the window
    then shows the sync state and refreshes as changes arrive); ``signin``: where a
    password typed for a new sign-in goes (ui/sync.PendingPassword)."""
    from agentdesk.ui.main_window import MainWindow
    from agentdesk.ui.theme import apply_theme

    apply_theme(QApplication.instance())
    ctx = AppContext(db=db, agent=agent, runner=TaskRunner(db), changes=Changes())
    if team is not None and client is not None:
        from agentdesk.ui.sync import SyncController

        ctx.sync = SyncController(ctx, team, client, signin=signin, parent=ctx.runner)
    window = MainWindow(ctx, store)
    if ctx.sync is not None:
        ctx.sync.start()
    return window


def _error(title: str, text: str) -> None:
    QMessageBox.critical(None, title, text)


class DamagedWorkspaceDialog:
    """Asks whether to start a fresh workspace beside a damaged one. ``ask`` is the seam
    tests replace (a modal would wait for a click that never comes)."""

    # Korean and English together, as _LanguageSwitch does: the catalogue is not loaded
    # for certain when the workspace cannot even be opened.
    QUESTION = ("손상된 파일은 그대로 두고, 옆에 새 작업 공간을 만들까요? 손상된 파일은 이름만 바뀌어 보관됩니다.\n"
                "Start a fresh workspace beside it? The damaged file is kept (only renamed), never deleted.")

    @classmethod
    def ask(cls, error) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, "AgentDesk", f"{error}\n\n{cls.QUESTION}")
        fresh = box.addButton("새 작업 공간 / Start fresh", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.setDefaultButton(QMessageBox.StandardButton.Close)
        box.exec()
        return box.clickedButton() is fresh


def _open_workspace(app, url: str, log_path: Path | None):
    """The workspace at ``url``, or None after telling the agent why not (a newer schema,
    an unreachable server, an unwritable directory; a damaged file, with the offer of a
    fresh workspace beside it). A file that cannot be read is never written."""
    from agentdesk.db import SchemaError, WorkspaceDamaged, open_database, start_fresh_workspace

    title = app.translate("app", "Cannot open the workspace")
    try:
        return open_database(url)
    except WorkspaceDamaged as exc:
        log.error("%s", exc)
        if not DamagedWorkspaceDialog.ask(exc):
            return None
        try:
            kept = start_fresh_workspace(exc.path)
            log.warning("damaged workspace kept as %s; a fresh one starts at %s", kept, exc.path)
            return open_database(url)
        except (OSError, SchemaError, config.UnwritableDirectory) as again:
            _error(title, str(again))
            return None
    except (SchemaError, config.UnwritableDirectory) as exc:
        _error(title, str(exc))
        return None
    except Exception as exc:  # unreachable server, unreadable file: say so, change nothing
        log.exception("cannot open database")
        _error(title, app.translate("app", "The database could not be opened:\n%1\n\nLog: %2")
               .replace("%1", str(exc).splitlines()[0]).replace("%2", str(log_path)))
        return None


def _startup_problem(exc: Exception) -> str:
    """One line for what stops the window before it can open: an unwritable directory
    (AGENTDESK_HOME named) or a database URL AgentDesk cannot use."""
    if isinstance(exc, OSError) and not isinstance(exc, config.UnwritableDirectory):
        return str(config.UnwritableDirectory(exc.filename or config.data_dir(), exc.strerror or str(exc)))
    return str(exc)


def run_app(args, pop: dict | None = None) -> int:
    """Opens the window; `pop` is a screen-pop request to apply once it is up.

    A notice is painted before SQLAlchemy is even imported; the database opens next.
    AGENTDESK_STARTUP_PROBE=1 prints start-up timings and quits (benchmarks/bench_ui.py).
    """
    probe = _StartupProbe() if os.environ.get("AGENTDESK_STARTUP_PROBE") else None
    if probe:
        probe.stage("run_app")
    config.use_private_umask()  # the log, settings, crash reports and workspace: 0600 / 0700
    team = getattr(args, "team", None)  # --profile: the profile's replica, opened by the CLI
    try:
        log_path = setup_logging()
        url = team.db.url if team is not None else config.resolve_url(getattr(args, "db", None))
    except (OSError, ValueError) as exc:  # a read-only home, an unsupported --db
        make_application()
        _error("AgentDesk", _startup_problem(exc))
        return 1
    route_qt_messages()
    key = instance_key(url)
    app = make_application()
    try:
        store = settings()
    except OSError as exc:
        _error("AgentDesk", _startup_problem(exc))
        return 1
    lang = choose_language(getattr(args, "lang", None), store.value("ui/language"))
    install_language(app, lang)

    if send_to_running(key, pop or {"cmd": "raise"}):
        return 0  # the running window took over
    single = SingleInstance(key, app)
    single.listen()
    crash = CrashHandler()
    last_crash = crash.previous_native_crash()
    crash.install()

    notice = QLabel(app.translate("app", "Opening the workspace…"))
    notice.setWindowTitle("AgentDesk")
    notice.setMargin(24)
    notice.show()
    app.processEvents()
    if probe:
        probe.mark("first_paint_s")
    db = team.db if team is not None else _open_workspace(app, url, log_path)
    if db is None:
        notice.close()
        return 1
    if probe:
        probe.stage("workspace_open")
    if db.backup_path:
        log.info("workspace upgraded; backup at %s", db.backup_path)

    state = {"window": None}
    client = signin = None
    if team is not None:
        client, signin = _team_client(app, team, notice)
        if client is None and not team.ever_synced:
            return 1  # said why already; nothing to show without a first sync

    def start_window() -> None:
        try:
            agent = load_agent(db, getattr(args, "agent", None))
        except Exception as exc:
            resume_gc()
            _error(app.translate("app", "No agent"), errors.message(exc))
            app.quit()
            return
        if probe:
            probe.stage("agent_loaded")
        window = build_window(db, agent, store, team, client, signin)
        if probe:
            probe.stage("window_built")
        window.languageChangeRequested.connect(_LanguageSwitch(app, store, window))
        single.messageReceived.connect(window.handle_remote)
        # Closing the main window ends AgentDesk. Not left to quitOnLastWindowClosed: with
        # reminder toasts shown, Qt did not always see the last window close (the process
        # stayed alive, invisible, holding the single-instance socket).
        window.closed.connect(app.quit)
        window.show()
        notice.close()
        window.inbox.start("my_open")
        if pop:
            window.handle_remote(pop)
        if last_crash is not None:
            window.show_error(app.translate("app", "AgentDesk closed unexpectedly last time; report: %1")
                              .replace("%1", str(last_crash)))
        state["window"] = window
        if probe:
            window.inbox.table.viewport().repaint()
            probe.mark("interactive_s")
        resume_gc()  # the window is built: the collector's pause (agentdesk/__main__.py) ends
        if probe:
            probe.finish(window)

    first_sync = team is not None and not team.ever_synced
    make_demo = not first_sync and team is None and not getattr(args, "no_demo", False) and _workspace_is_empty(db)
    if first_sync or make_demo:
        resume_gc()  # a first sync or the demo workspace comes first: long work, collected as usual
    if first_sync:
        # The first sync fills the replica (off the GUI thread); later starts open at
        # once from the local copy, online or not.
        notice.setText(app.translate("app", "Connecting to the team server (first sync)…"))
        runner = TaskRunner(db, app)

        def first_done(result) -> None:
            if result[1] is None:
                _error(app.translate("app", "Cannot reach the team server"),
                       app.translate("app", "The first sync of this profile needs the server:\n%1")
                       .replace("%1", client.status().last_error))
                app.quit()
            else:
                start_window()

        runner.write(lambda _s: client.sync_once(), first_done, lambda exc: (_error("AgentDesk", str(exc)), app.quit()),
                     on_bug=lambda _exc: app.quit())  # after the crash dialog: no window to start
    elif make_demo:
        notice.setText(app.translate("app", "Creating a demo workspace (first run)…"))
        runner = TaskRunner(db, app)
        from agentdesk.demo import ensure_demo_workspace

        runner.write(lambda s: ensure_demo_workspace(db), lambda _r: start_window(),
                     lambda exc: (_error("AgentDesk", str(exc)), app.quit()), on_bug=lambda _exc: app.quit())
    else:
        start_window()
    code = app.exec()
    crash.uninstall()
    single.close()
    db.dispose()
    return code


def _team_client(app, team, notice):
    """The sync client of a team profile and its pending-password holder: the kept
    sign-in, else the password asked with a dialog (the sync thread signs in with it,
    off the GUI thread). (None, None) when the agent cancels or the profile cannot be
    used: the window then works offline on the local copy."""
    from agentdesk import profiles
    from agentdesk.sync.engine import SyncClient
    from agentdesk.ui.sync import PendingPassword, ask_passphrase, ask_password

    profile = team.profile
    signin = PendingPassword()
    try:
        profiles.check_usable(profile)
        passphrase = None
        if profile.password_store == "encrypted-file" and profile.secret_path.exists():
            passphrase = ask_passphrase(profile, notice)
            if passphrase is None:
                raise profiles.ProfileError(app.translate("app", "The saved sign-in stays locked without its passphrase."))
        transport = profiles.make_transport(profile, password_source=signin, passphrase=passphrase)
    except profiles.ProfileError as exc:
        _error("AgentDesk", str(exc))
        return None, None
    if transport.token is None:
        password = ask_password(profile, notice)
        if password is None:
            if not team.ever_synced:
                _error(app.translate("app", "Cannot reach the team server"),
                       app.translate("app", "The first sync of this profile needs its password."))
            transport.close()
            return None, None
        signin.set(password)
    return SyncClient(team.replica, transport), signin


class _StartupProbe:
    """Seconds since the process started (BENCH_T0 from the parent, else the package's import)."""

    def __init__(self):
        from agentdesk import STARTED_AT

        self.t0 = float(os.environ.get("BENCH_T0") or STARTED_AT)
        self.marks: dict[str, float] = {}
        self.stages: dict[str, list[float]] = {}  # name: [wall s since start, this process's CPU s]

    def mark(self, name: str) -> None:
        self.marks[name] = time.time() - self.t0
        self.stage(name)

    def stage(self, name: str) -> None:
        """Where the start-up spends its time, as CPU seconds too: on a loaded machine the
        wall clock says little, this process's CPU says what our code costs."""
        self.stages[name] = [round(time.time() - self.t0, 3), round(time.process_time(), 3)]

    def finish(self, window) -> None:
        from PySide6.QtCore import QTimer

        rss = 0.0
        status = Path("/proc/self/status")
        if status.exists():
            for line in status.read_text().splitlines():
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1]) / 1024
        import gc

        print(json.dumps({**self.marks, "rss_mb": rss, "stages": self.stages, "gc_enabled": gc.isenabled(),
                          "gc_frozen": gc.get_freeze_count()}), flush=True)
        QTimer.singleShot(0, window.close)


def _workspace_is_empty(db) -> bool:
    from agentdesk.services.common import list_agents

    with db.session() as s:
        return not list_agents(s)


class _LanguageSwitch:
    """Stores the choice; the window is rebuilt on next start (Qt widgets built with
    tr() keep their text), so the agent is told to restart."""

    def __init__(self, app, store, window):
        self.app, self.store, self.window = app, store, window

    def __call__(self, lang: str) -> None:
        self.store.setValue("ui/language", lang)
        self.store.sync()
        install_language(self.app, lang)
        QMessageBox.information(self.window, "AgentDesk",
                                "언어 설정이 저장되었습니다. 다시 시작하면 적용됩니다.\n"
                                "Language saved; it applies the next time AgentDesk starts.")


def screen_pop(args) -> int:
    """`agentdesk open --phone …`: hand it to the running window, or start one on it."""
    msg = {"cmd": "open", "phone": args.phone, "email": args.email, "ticket": args.ticket}
    url = config.resolve_url(args.db)
    make_application()
    if send_to_running(instance_key(url), msg):
        print("sent to the running AgentDesk")
        return 0
    return run_app(args, pop=msg)
