"""The window's settings, declared once: key, default, translatable title, allowed values.

They live in ``settings.ini`` in the config directory (``ui/app.py`` opens it; QSettings'
INI format, one ``[group]`` per prefix). A value that is missing or not allowed reads as
the default, so a hand-edited file can never leave a feature without a working value.
Secrets never go here (the OS keyring keeps those, profiles.py).

    [call]
    handler=command
    command=softphone --dial {number}
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSettings

from agentdesk import telephony

log = logging.getLogger("agentdesk.ui")


@dataclass(frozen=True)
class Setting:
    key: str
    default: str
    title: str  # marked for translation (context "settings"), translated where shown
    choices: tuple[str, ...] = ()


SETTINGS: dict[str, Setting] = {s.key: s for s in (
    Setting("call/handler", "url", QT_TRANSLATE_NOOP("settings", "How a call is handed to the telephony system"),
            choices=telephony.HANDLERS),
    Setting("call/url", telephony.DEFAULT_URL,
            QT_TRANSLATE_NOOP("settings", "Call link ({number}: +8210…, {digits}: 8210…)")),
    Setting("call/command", "", QT_TRANSLATE_NOOP("settings", "Call command, run without a shell")),
    # Read to the caller at the start of a call (views/call_panel.py); empty: the default
    # notice in the window's language (call_rules.RECORDING_NOTICE).
    Setting("call/recording_notice", "", QT_TRANSLATE_NOOP("settings", "Recording notice read at the start of a call")),
)}


def value(store: QSettings | None, key: str) -> str:
    """The setting's value in ``store`` (None: no settings file, the defaults)."""
    setting = SETTINGS[key]
    raw = store.value(key, setting.default) if store is not None else setting.default
    text = raw if isinstance(raw, str) else setting.default
    if setting.choices and text not in setting.choices:
        log.warning("setting %s=%r is not one of %s; using %r", key, text[:40], ", ".join(setting.choices),
                    setting.default)
        return setting.default
    return text
