"""Command palette (Ctrl+K) and the keyboard shortcut sheet (F1 / ?)."""

from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QHeaderView,
)


@dataclass
class Command:
    title: str
    run: Callable[[], None]
    shortcut: str = ""
    group: str = ""
    source: str = ""  # "group: title" in English (tr()'s source text), matched too


def command_score(query: str, command: Command) -> int | None:
    """The better of the shown text's and the English source text's fuzzy_score: typing
    "Language" finds "언어: English" in the Korean window, as the README says."""
    scores = [s for s in (fuzzy_score(query, f"{command.group}: {command.title}"),
                          fuzzy_score(query, command.source) if command.source else None) if s is not None]
    return max(scores) if scores else None


def fuzzy_score(query: str, text: str) -> int | None:
    """Subsequence match; earlier, contiguous and word-start hits score higher. None = no match."""
    q, t = query.lower().strip(), text.lower()
    if not q:
        return 0
    if q in t:
        return 1000 - t.index(q)
    score, pos, prev = 0, 0, -2
    for ch in q:
        if ch == " ":
            continue
        i = t.find(ch, pos)
        if i < 0:
            return None
        score += 10 if i == prev + 1 else (5 if i == 0 or t[i - 1] in " :/-" else 1)
        prev, pos = i, i + 1
    return score


class CommandPalette(QDialog):
    """Type to filter every action and view; Enter runs it. Dynamic entries (a ticket
    number, a customer search) come from `extra(text)`."""

    def __init__(self, commands: list[Command], extra: Callable[[str], list[Command]] | None = None, parent=None):
        super().__init__(parent, Qt.WindowType.Popup | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("commandPalette")
        self.commands, self.extra = commands, extra
        self.input = QLineEdit(objectName="paletteInput")
        self.input.setPlaceholderText(self.tr("Type a command, a view, a ticket number or a customer…"))
        self.list = QListWidget(objectName="paletteList")
        self.input.textChanged.connect(self._filter)
        self.input.installEventFilter(self)
        self.list.itemActivated.connect(self._run_item)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        lay.addWidget(self.input)
        lay.addWidget(self.list)
        self.resize(560, 420)
        self._filter("")

    def _filter(self, text: str) -> None:
        self.list.clear()
        extra = list(self.extra(text)) if self.extra else []
        scored = []
        for c in self.commands:
            s = command_score(text, c)
            if s is not None:
                scored.append((-s, c.title, c))
        matches = [c for _, _, c in sorted(scored, key=lambda x: (x[0], x[1]))]
        # A ticket number is what the agent meant when they typed digits; otherwise
        # real commands come first and "find customer …" is the fallback.
        found = extra + matches if text.strip().lstrip("#").isdigit() else matches + extra
        for c in found[:200]:
            label = f"{c.group}: {c.title}" if c.group else c.title
            item = QListWidgetItem(label + (f"    {c.shortcut}" if c.shortcut else ""))
            item.setData(Qt.ItemDataRole.UserRole, c)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def visible_titles(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole).title for i in range(self.list.count())]

    def eventFilter(self, obj, event) -> bool:
        if obj is self.input and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                row = self.list.currentRow() + (1 if key == Qt.Key.Key_Down else -1)
                self.list.setCurrentRow(max(0, min(self.list.count() - 1, row)))
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._run_item(self.list.currentItem())
                return True
        return super().eventFilter(obj, event)

    @Slot(QListWidgetItem)
    def _run_item(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        command: Command = item.data(Qt.ItemDataRole.UserRole)
        self.accept()
        command.run()


class ShortcutSheet(QDialog):
    def __init__(self, commands: list[Command], parent=None):
        super().__init__(parent)
        self.setObjectName("shortcutSheet")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        rows = [c for c in commands if c.shortcut]
        table = QTableWidget(len(rows), 2, objectName="shortcutTable")
        table.setHorizontalHeaderLabels([self.tr("Key"), self.tr("Action")])
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for i, c in enumerate(rows):
            table.setItem(i, 0, QTableWidgetItem(c.shortcut))
            table.setItem(i, 1, QTableWidgetItem(f"{c.group}: {c.title}" if c.group else c.title))
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("Single-letter keys work when the cursor is not in a text field.")))
        lay.addWidget(table)
        self.resize(520, 560)
