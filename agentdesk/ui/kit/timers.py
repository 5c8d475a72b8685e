"""Timers for panes that may be closed while a timer is pending.

A timer connected straight to a pane's method is dispatched by PySide through the
pane's Python wrapper; if that wrapper is collected before the C++ pane is deleted
(a window closed with deleteLater), the dispatch dereferences nothing and the process
crashes. The closure here holds the method (so the wrapper lives as long as the
timer, which dies with the pane) and checks the pane is still valid before calling.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, QTimer


def make_timer(owner: QObject, interval_ms: int, slot: Callable[[], object], single_shot: bool = False) -> QTimer:
    timer = QTimer(owner)
    timer.setInterval(interval_ms)
    timer.setSingleShot(single_shot)

    def fire() -> None:
        if shiboken6.isValid(owner):
            slot()

    timer.timeout.connect(fire)
    return timer
