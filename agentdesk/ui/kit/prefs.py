"""The window's settings file (settings.ini in the config directory): the shell keeps the
window's layout there, and a pane the small choices an agent makes in it (whether the
timeline shows field changes). QSettings objects on one file share what they hold, so a
pane's own instance and the main window's see the same values."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from agentdesk import config


def store() -> QSettings:
    path = config.config_dir() / "settings.ini"
    path.parent.mkdir(parents=True, exist_ok=True)
    return QSettings(str(path), QSettings.Format.IniFormat)


def flag(key: str, default: bool) -> bool:
    return bool(store().value(key, default, type=bool))


def set_flag(key: str, value: bool) -> None:
    settings = store()
    settings.setValue(key, bool(value))
    settings.sync()
