"""Workspace files that cannot be used: damaged (truncated, random bytes, a bad header),
in a directory that cannot be written; and files we create that stay private."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from agentdesk import config
from agentdesk.cli import main
from agentdesk.db import open_database
from tests.factories import seed_small


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def agentdesk(*argv, env=None):
    return subprocess.run([sys.executable, "-m", "agentdesk", *argv], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})


def good_workspace(path: Path) -> bytes:
    """A real workspace, checkpointed into its one file (no -wal beside it)."""
    db = open_database(f"sqlite:///{path}")
    seed_small(db)
    db.dispose()
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return path.read_bytes()


def damage(path: Path, kind: str) -> bytes:
    data = good_workspace(path)
    if kind == "truncated-header":
        data = data[:50]
    elif kind == "truncated-half":
        data = data[: len(data) // 2]
    elif kind == "random":
        data = os.urandom(8192)
    elif kind == "bad-header":
        data = b"NOT SQLite fmt\x00\x00" + data[16:]
    path.write_bytes(data)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return data


DAMAGE = ["truncated-header", "truncated-half", "random", "bad-header"]


# --- damaged ----------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", DAMAGE)
def test_damaged_workspace_is_one_line_from_the_cli(tmp_path, kind):
    path = tmp_path / "agentdesk.db"
    before = damage(path, kind)
    proc = agentdesk("ticket", "list", "--db", str(path))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert f"the workspace file {path} is damaged" in proc.stderr
    assert "no backup of it was found" in proc.stderr
    assert path.read_bytes() == before  # never written


def test_the_message_names_the_newest_backup(tmp_path, capsys):
    path = tmp_path / "agentdesk.db"
    damage(path, "random")
    old = tmp_path / "agentdesk.db.backup-0001-20250101T000000Z"
    new = tmp_path / "agentdesk.db.backup-0002-20260101T000000Z"
    for i, p in enumerate((old, new)):
        p.write_bytes(b"backup")
        os.utime(p, (1_700_000_000 + i, 1_700_000_000 + i))
    code, out, err = run(capsys, "ticket", "list", "--db", str(path))
    assert code == 1 and f"the last backup is {new}" in err and len(err.strip().splitlines()) == 1


def test_damage_found_after_opening_is_the_same_line(tmp_path, capsys):
    """A file whose first pages are fine opens; the damage shows when a command reads on."""
    path = tmp_path / "agentdesk.db"
    data = good_workspace(path)
    page = int.from_bytes(data[16:18], "big")
    # Keep page 1 (schema) intact, overwrite every other page with noise.
    path.write_bytes(data[:page] + os.urandom(len(data) - page))
    code, out, err = run(capsys, "ticket", "list", "--db", str(path))
    assert code == 1 and "Traceback" not in err and "is damaged" in err, err


def test_start_fresh_workspace_keeps_the_damaged_file(tmp_path):
    from agentdesk.db import start_fresh_workspace

    path = tmp_path / "agentdesk.db"
    before = damage(path, "random")
    Path(f"{path}-wal").write_bytes(b"old frames")
    kept = start_fresh_workspace(path)
    assert kept.read_bytes() == before and Path(f"{kept}-wal").read_bytes() == b"old frames"
    assert not path.exists() and not Path(f"{path}-wal").exists()
    db = open_database(f"sqlite:///{path}")  # a fresh, empty workspace where the old one was
    db.dispose()
    # A second damaged file in the same second is kept under another name, never over the first.
    path.write_bytes(before)
    kept2 = start_fresh_workspace(path)
    assert kept2 != kept and kept.read_bytes() == before and kept2.read_bytes() == before


def test_window_offers_a_fresh_workspace_and_keeps_the_damaged_one(qtbot, tmp_path, monkeypatch):
    from agentdesk.ui import app as appmod

    path = tmp_path / "agentdesk.db"
    before = damage(path, "bad-header")
    asked = []
    monkeypatch.setattr(appmod.DamagedWorkspaceDialog, "ask", classmethod(lambda cls, exc: asked.append(exc) or True))
    app = appmod.make_application()
    db = appmod._open_workspace(app, f"sqlite:///{path}", None)
    try:
        assert db is not None and len(asked) == 1
        assert asked[0].path == path and "is damaged" in str(asked[0])
        kept = [p for p in tmp_path.iterdir() if ".damaged-" in p.name and not p.name.endswith(("-wal", "-shm"))]
        assert len(kept) == 1 and kept[0].read_bytes() == before
        assert appmod._workspace_is_empty(db)  # fresh, ready for demo data or a first agent
    finally:
        if db is not None:
            db.dispose()


def test_window_declined_changes_nothing(qtbot, tmp_path, monkeypatch):
    from agentdesk.ui import app as appmod

    path = tmp_path / "agentdesk.db"
    before = damage(path, "truncated-half")
    asked, shown = [], []
    monkeypatch.setattr(appmod.DamagedWorkspaceDialog, "ask", classmethod(lambda cls, exc: asked.append(exc) or False))
    monkeypatch.setattr(appmod, "_error", lambda title, text: shown.append((title, text)))
    args = SimpleNamespace(db=str(path), lang="en", agent=None, no_demo=True)
    assert appmod.run_app(args) == 1
    assert len(asked) == 1 and not shown  # the dialog said it all; no crash dialog
    assert path.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if ".damaged-" in p.name]  # nothing moved either


# --- a directory that cannot be written -----------------------------------------------------------
@pytest.fixture
def unwritable_home(tmp_path):
    """A home AgentDesk cannot write: a read-only directory (root ignores modes, so there a
    path under /sys, where even root cannot create one)."""
    if os.geteuid() != 0:
        home = tmp_path / "ro-home"
        home.mkdir()
        home.chmod(0o500)
        yield home
        home.chmod(0o700)
        return
    if not Path("/sys/kernel").is_dir():
        pytest.skip("running as root without /sys: no directory here refuses root")
    yield Path("/sys/agentdesk-test-home")


def test_unwritable_home_is_one_line_from_the_cli(unwritable_home):
    proc = agentdesk("ticket", "list", env={"AGENTDESK_HOME": str(unwritable_home)})
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert f"cannot write to {unwritable_home}" in proc.stderr and "AGENTDESK_HOME" in proc.stderr


def test_unwritable_home_is_one_message_in_the_window(qtbot, unwritable_home, monkeypatch):
    from agentdesk.ui import app as appmod

    monkeypatch.setenv("AGENTDESK_HOME", str(unwritable_home))
    shown = []
    monkeypatch.setattr(appmod, "_error", lambda title, text: shown.append(text))
    assert appmod.run_app(SimpleNamespace(db=None, lang="en", agent=None, no_demo=True)) == 1
    assert len(shown) == 1 and str(unwritable_home) in shown[0] and "AGENTDESK_HOME" in shown[0]


def test_unsupported_url_is_one_message_in_the_window(qtbot, monkeypatch):
    from agentdesk.ui import app as appmod

    shown = []
    monkeypatch.setattr(appmod, "_error", lambda title, text: shown.append(text))
    assert appmod.run_app(SimpleNamespace(db="mysql://root@h/d", lang="en", agent=None, no_demo=True)) == 1
    assert len(shown) == 1 and "unsupported database URL scheme 'mysql://'" in shown[0]


# --- private files --------------------------------------------------------------------------------
def modes(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): oct(stat.S_IMODE(p.stat().st_mode)) for p in [root, *root.rglob("*")]}


def assert_private(root: Path) -> None:
    wrong = {name: mode for name, mode in modes(root).items()
             if mode != (oct(0o700) if (root / name).is_dir() else oct(0o600))}
    assert not wrong, f"not private: {wrong}"


def test_cli_creates_a_private_workspace(tmp_path):
    home = tmp_path / "home"
    proc = agentdesk("demo-data", "--customers", "5", "--tickets", "5", env={"AGENTDESK_HOME": str(home)})
    assert proc.returncode == 0, proc.stderr
    assert (home / "data" / "workspace" / "agentdesk.db").exists()
    assert_private(home)


def test_window_creates_private_logs_settings_and_crash_files(tmp_path):
    workspace = tmp_path / "ws"
    workspace.mkdir(mode=0o700)
    good_workspace(workspace / "agentdesk.db")
    home = tmp_path / "home"
    proc = agentdesk("--db", str(workspace / "agentdesk.db"), "--no-demo", "--lang", "en",
                     env={"AGENTDESK_HOME": str(home), "AGENTDESK_STARTUP_PROBE": "1", "QT_QPA_PLATFORM": "offscreen"})
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert {"logs/agentdesk.log", "logs/crashes", "config/settings.ini"} <= set(modes(home))
    assert_private(home)


def test_crash_reports_and_backups_are_private(tmp_path):
    """A crash report written by the running app (its umask) and a pre-upgrade backup."""
    home = tmp_path / "home"
    code = ("import sys\n"
            "from agentdesk import config\n"
            "config.use_private_umask()\n"
            "from agentdesk.ui import crash\n"
            "try:\n    1/0\nexcept ZeroDivisionError:\n    print(crash.write_report(*sys.exc_info()))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "AGENTDESK_HOME": str(home)})
    assert proc.returncode == 0, proc.stderr
    assert Path(proc.stdout.strip()).exists()
    assert_private(home)

    from agentdesk.db import backup_sqlite

    path = tmp_path / "agentdesk.db"
    good_workspace(path)
    db = open_database(f"sqlite:///{path}")
    try:
        backup = backup_sqlite(db.engine, "0001")
    finally:
        db.dispose()
    assert backup is not None and stat.S_IMODE(backup.stat().st_mode) == 0o600


def test_ensure_dir_names_the_directory(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(config.UnwritableDirectory) as info:
        config.ensure_dir(blocker / "data")
    assert str(blocker / "data") in str(info.value) and "AGENTDESK_HOME" in str(info.value)


@pytest.mark.parametrize("choice, expected", [("Start fresh", True), ("Close", False)])
def test_the_real_dialog_answers(qtbot, tmp_path, choice, expected):
    """The dialog behind the ask() seam: its buttons give the answer (clicked by a timer,
    as an agent would; nothing waits on a modal that nobody closes)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from agentdesk.db import WorkspaceDamaged
    from agentdesk.ui.app import DamagedWorkspaceDialog

    seen = []

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        seen.append(box.text())
        for button in box.buttons():
            if choice in button.text():
                button.click()
                return
        box.reject()

    QTimer.singleShot(0, click)
    error = WorkspaceDamaged(tmp_path / "agentdesk.db", "file is not a database")
    assert DamagedWorkspaceDialog.ask(error) is expected
    assert seen and "is damaged" in seen[0] and "Start a fresh workspace beside it?" in seen[0]


def test_a_damaged_old_workspace_is_not_upgraded_or_backed_up(tmp_path, capsys):
    """Before an upgrade (which writes every table) the file is checked: damage found
    then leaves it untouched, and no copy of it is named as the last backup."""
    from alembic import command

    from agentdesk.db import alembic_config

    path = tmp_path / "agentdesk.db"
    good_workspace(path)
    db = open_database(f"sqlite:///{path}")
    command.downgrade(alembic_config(db.engine), "0004")  # a workspace of an older AgentDesk
    db.dispose()
    con = sqlite3.connect(path)
    page = con.execute("PRAGMA page_size").fetchone()[0]
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'messages'").fetchone()[0]
    con.close()
    with open(path, "r+b") as fh:  # the messages table's root page becomes noise; the schema reads fine
        fh.seek((root - 1) * page)
        fh.write(os.urandom(page))
    before = path.read_bytes()
    code, out, err = run(capsys, "ticket", "list", "--db", str(path))
    assert code == 1 and "is damaged" in err and len(err.strip().splitlines()) == 1, err
    assert "no backup of it was found" in err
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("agentdesk.db.backup-*"))
