"""Where AgentDesk keeps things on this machine (platformdirs), overridable for tests."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "AgentDesk"


def data_dir() -> Path:
    """AGENTDESK_HOME moves everything (data, config, logs): tests and trainers' rooms use it."""
    home = os.environ.get("AGENTDESK_HOME")
    if home:
        return Path(home) / "data"
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    home = os.environ.get("AGENTDESK_HOME")
    if home:
        return Path(home) / "config"
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    home = os.environ.get("AGENTDESK_HOME")
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
    return value
