"""Toasts: ``Toast`` is a small framed notice with buttons; ``ToastStack`` stacks a
window's toasts upwards from its bottom-right corner (any pane can use
``ToastStack.of(window).push(toast)``)."""

from __future__ import annotations

import functools
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFrame, QHBoxLayout, QLabel, QMenu, QPushButton, QToolButton, QVBoxLayout, QWidget,
)

from agentdesk.ui.kit.timers import make_timer

TOAST_WIDTH = 340
TOAST_MARGIN = 16
STATUS_BAR_ROOM = 28  # toasts float above the status bar

_TOAST_STYLE = """
QFrame#toast { background: #ffffff; border: 1px solid #c3ccd9; border-bottom: 2px solid #aab4c3; border-radius: 10px; }
QFrame#toast[level="warn"] { border-left: 4px solid #dc2626; }
QFrame#toast[level="info"] { border-left: 4px solid #2563eb; }
QLabel#toastTitle { font-size: 13px; font-weight: bold; color: #0f172a; }
QLabel#toastBody { font-size: 12px; color: #475569; }
QLabel#toastKicker { font-size: 11px; font-weight: bold; color: #64748b; }
QLabel#toastKicker[level="warn"] { color: #b91c1c; }
QCheckBox { font-size: 12px; color: #334155; }
QPushButton, QToolButton#toastMenuButton { font-size: 12px; padding: 4px 10px; border: 1px solid #cbd5e1;
    border-radius: 6px; background: #f8fafc; color: #0f172a; }
QPushButton:hover, QToolButton#toastMenuButton:hover { background: #eef2f7; }
QPushButton[primary="true"] { background: #2563eb; border-color: #2563eb; color: #ffffff; }
QPushButton[primary="true"]:hover { background: #1d4ed8; }
QToolButton#toastClose { border: none; background: transparent; color: #94a3b8; font-size: 15px; padding: 0px 4px; }
QToolButton#toastClose:hover { color: #0f172a; }
QToolButton#toastMenuButton::menu-indicator { image: none; width: 0px; }
"""


class Toast(QFrame):
    """A small notice: kicker line, title, body, optional extra widgets and buttons, a close ×.

    Reusable for any notice: ``Toast(title, body, kicker=..., level='info'|'warn')``, then
    ``add_button`` / ``add_menu_button`` / ``add_widget``, then ``ToastStack.of(window).push(toast)``.
    """

    closed = Signal()

    def __init__(self, title: str, body: str = "", *, kicker: str = "", level: str = "info",
                 timeout_ms: int = 0, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("toast")
        self.setProperty("level", level)
        self.setStyleSheet(_TOAST_STYLE)
        self.setFixedWidth(TOAST_WIDTH)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        # Children are created with their parent: setVisible(True) on a parentless label
        # shows it as a window of its own for a moment, which took activation away from the
        # main window (shortcuts stopped) and kept the app from quitting on close.
        self._closing = False

        root = QVBoxLayout(self)
        root.setContentsMargins(12, 8, 8, 10)
        root.setSpacing(6)
        head = QHBoxLayout()
        head.setSpacing(6)
        self.kicker = QLabel(kicker, self)
        self.kicker.setObjectName("toastKicker")
        self.kicker.setProperty("level", level)
        self.kicker.setVisible(bool(kicker))
        head.addWidget(self.kicker, 1)
        close = QToolButton(self)
        close.setObjectName("toastClose")
        close.setText("×")
        close.setToolTip(self.tr("Dismiss"))
        close.setCursor(Qt.CursorShape.PointingHandCursor)
        close.clicked.connect(self.dismiss)
        head.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        root.addLayout(head)
        self.title = QLabel(title, self)
        self.title.setObjectName("toastTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        root.addWidget(self.title)
        self.body = QLabel(body, self)
        self.body.setObjectName("toastBody")
        self.body.setTextFormat(Qt.TextFormat.PlainText)
        self.body.setWordWrap(True)
        self.body.setVisible(bool(body))
        root.addWidget(self.body)
        self._extra = QVBoxLayout()
        self._extra.setSpacing(4)
        root.addLayout(self._extra)
        self._buttons = QHBoxLayout()
        self._buttons.setSpacing(6)
        self._buttons.addStretch(1)
        root.addLayout(self._buttons)
        if timeout_ms:
            make_timer(self, timeout_ms, self.dismiss, single_shot=True).start()

    def add_widget(self, widget: QWidget) -> QWidget:
        self._extra.addWidget(widget)
        return widget

    def add_button(self, text: str, slot: Callable[[], object], *, primary: bool = False,
                   name: str = "") -> QPushButton:
        b = QPushButton(text)
        b.setCursor(Qt.CursorShape.PointingHandCursor)
        b.setProperty("primary", primary)
        if name:
            b.setObjectName(name)
        b.clicked.connect(slot)
        self._buttons.addWidget(b)
        return b

    def add_menu_button(self, text: str, menu: QMenu, *, name: str = "") -> QToolButton:
        b = QToolButton()
        b.setObjectName("toastMenuButton")
        if name:
            b.setProperty("name", name)
            b.setAccessibleName(name)
        b.setText(text)
        b.setCursor(Qt.CursorShape.PointingHandCursor)
        b.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        b.setMenu(menu)
        self._buttons.addWidget(b)
        return b

    @Slot()
    def dismiss(self) -> None:
        if self._closing or not shiboken6.isValid(self):
            return
        self._closing = True
        self.hide()
        self.closed.emit()
        self.deleteLater()


class ToastStack(QObject):
    """Keeps a window's toasts stacked upwards from its bottom-right corner."""

    MAX_VISIBLE = 2  # more wait their turn (the calendar lists them all): the window stays usable

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.setObjectName("toastStack")
        self.window = window
        self._toasts: list[Toast] = []
        self._waiting: list[Toast] = []
        window.installEventFilter(self)

    @classmethod
    def of(cls, window: QWidget) -> ToastStack:
        """The window's stack, made on first use: every feature shares one column of toasts."""
        found = window.findChild(ToastStack, "toastStack", Qt.FindChildOption.FindDirectChildrenOnly)
        return found if found is not None else cls(window)

    def push(self, toast: Toast) -> Toast:
        toast.setParent(self.window)
        toast.closed.connect(functools.partial(self._forget, toast))
        if len(self._toasts) >= self.MAX_VISIBLE:
            toast.hide()
            self._waiting.append(toast)
        else:
            self._toasts.append(toast)
            toast.show()
            toast.raise_()
        self.relayout()
        return toast

    def toasts(self) -> list[Toast]:
        """Visible toasts, oldest first (waiting ones are not included)."""
        return [t for t in self._toasts if shiboken6.isValid(t)]

    def waiting(self) -> int:
        return len(self._waiting)

    def _forget(self, toast: Toast) -> None:
        if toast in self._toasts:
            self._toasts.remove(toast)
        if toast in self._waiting:
            self._waiting.remove(toast)
        while self._waiting and len(self._toasts) < self.MAX_VISIBLE:
            nxt = self._waiting.pop(0)
            if shiboken6.isValid(nxt):
                self._toasts.append(nxt)
                nxt.show()
                nxt.raise_()
        self.relayout()

    def relayout(self) -> None:
        if not shiboken6.isValid(self.window):
            return
        bottom = self.window.height() - TOAST_MARGIN - STATUS_BAR_ROOM
        right = self.window.width() - TOAST_MARGIN
        for toast in self._toasts:
            if not shiboken6.isValid(toast):
                continue
            toast.adjustSize()
            h = toast.sizeHint().height()
            toast.resize(TOAST_WIDTH, h)
            bottom -= h
            toast.move(QPoint(max(right - TOAST_WIDTH, 0), max(bottom, 0)))
            toast.raise_()
            bottom -= 8

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.window and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.relayout()
        return False
