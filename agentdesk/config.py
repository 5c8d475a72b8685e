"""Where AgentDesk keeps things on this machine (platformdirs), overridable for tests."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import platformdirs

APP_NAME = "AgentDesk"
HOME_ENV = "AGENTDESK_HOME"
# What we create holds customers' data: only the agent's own account may read it.
PRIVATE_UMASK = 0o077
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
# The database URLs AgentDesk can open (the drivers it ships); anything else is one line.
SUPPORTED_DRIVERS = ("sqlite", "sqlite+pysqlite", "postgresql", "postgresql+psycopg")


class UnwritableDirectory(ValueError):
    """A directory AgentDesk must write to refuses it (read-only, not a directory, no
    permission). A ValueError: the CLI prints it as one line; the window shows it."""

    def __init__(self, directory: Path | str, reason: str):
        self.directory = Path(directory)
        super().__init__(f"cannot write to {directory} ({reason}); make it writable, or set {HOME_ENV} "
                         f"to a directory you can write (AgentDesk keeps its data, settings and logs there)")


def use_private_umask() -> int:
    """Called at every entry point before anything is written: files 0600, directories
    0700. Returns the previous mask."""
    return os.umask(PRIVATE_UMASK)


def ensure_dir(path: Path) -> Path:
    """Creates ``path`` (and its parents) as private directories; an existing one is left
    as it is. Any OSError becomes UnwritableDirectory naming the directory that refused."""
    missing = []
    parent = path
    try:
        while not parent.exists() and parent != parent.parent:
            missing.append(parent)
            parent = parent.parent
        # One by one: mkdir(parents=True) gives the parents the umask's mode, not ``mode``.
        for directory in reversed(missing):
            directory.mkdir(mode=PRIVATE_DIR_MODE, exist_ok=True)
    except OSError as exc:
        raise UnwritableDirectory(exc.filename or path, exc.strerror or str(exc)) from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise UnwritableDirectory(path, os.strerror(errno.EACCES))
    return path


def data_dir() -> Path:
    """AGENTDESK_HOME moves everything (data, config, logs): tests and trainers' rooms use it."""
    home = os.environ.get(HOME_ENV)
    if home:
        return Path(home) / "data"
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    home = os.environ.get(HOME_ENV)
    if home:
        return Path(home) / "config"
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    home = os.environ.get(HOME_ENV)
    if home:
        return Path(home) / "logs"
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def workspace_dir() -> Path:
    return data_dir() / "workspace"


def resolve_url(db: str | None = None) -> str:
    """--db beats AGENTDESK_DB beats the embedded default. A bare path means an SQLite file.

    Lives here, not in db.py, so the window can resolve it before importing SQLAlchemy.
    """
    value = db or os.environ.get("AGENTDESK_DB") or ""
    if not value:
        return "sqlite:///" + str(workspace_dir() / "agentdesk.db")
    if "://" not in value:
        return "sqlite:///" + str(Path(value).expanduser().resolve())
    check_url_scheme(value)
    return value


def check_url_scheme(url: str) -> str:
    """Refuses a URL AgentDesk has no driver for (mysql://, http://…) with one line,
    before SQLAlchemy tries to import a module that is not there."""
    scheme = url.split("://", 1)[0].lower()
    if scheme not in SUPPORTED_DRIVERS:
        shown = scheme if len(scheme) <= 40 else scheme[:40] + "…"
        raise ValueError(f"unsupported database URL scheme '{shown}://': give an SQLite file path, "
                         "sqlite:///FILE or postgresql://USER@HOST/DATABASE (a team desk uses --profile)")
    return url
