"""The editing pieces of the customer 360 pane (issue 12): the notes card, the tags row,
the contact point form and the remove question. They hold no data of their own beyond
what is on screen and never write: they emit what the agent asked for, and the pane runs
it on the write worker (views/customer360.py).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, QRect, QSize, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFrame, QHBoxLayout, QLabel, QLayout, QLayoutItem, QLineEdit, QMessageBox,
    QPlainTextEdit, QPushButton, QSizePolicy, QToolButton, QVBoxLayout, QWidget, QWidgetItem,
)

from agentdesk.services.pii import mask_pii, masked_for_editing, unmask_edited
from agentdesk.ui.kit import fmt

NOTES_MAX_CHARS = 20_000  # customer_rules.NOTES_LIMIT: refused there, stopped here first
TAG_MAX_CHARS = 64
VALUE_MAX_CHARS = 200
LABEL_MAX_CHARS = 32
# Labels offered for each kind (stored as these codes, shown translated); any other is kept as typed.
LABELS = {"phone": ("mobile", "work", "home"), "email": ("personal", "work"), "social": ("kakao", "instagram")}

EDIT_STYLE = """
QToolButton[role="edit"] { border: none; background: transparent; color: #64748b; font-size: 13px; padding: 1px 4px; }
QToolButton[role="edit"]:hover { color: #1d4ed8; background: #eef2ff; border-radius: 4px; }
QToolButton[role="call"] { border: 1px solid #bbf7d0; background: #f0fdf4; color: #15803d; border-radius: 4px;
                           font-size: 12px; padding: 1px 6px; }
QToolButton[role="call"]:hover { background: #dcfce7; }
QPushButton[role="action"] { font-size: 12px; padding: 4px 10px; border: 1px solid #cbd5e1; border-radius: 6px;
                             background: #f8fafc; color: #0f172a; }
QPushButton[role="action"]:hover { background: #eef2f7; }
QPushButton[role="action"]:disabled { color: #94a3b8; }
QPushButton[role="primary"] { font-size: 12px; padding: 4px 12px; border: 1px solid #2563eb; border-radius: 6px;
                              background: #2563eb; color: #ffffff; }
QPushButton[role="primary"]:hover { background: #1d4ed8; }
QPushButton[role="primary"]:disabled { background: #93c5fd; border-color: #93c5fd; }
QPushButton[role="link"] { border: none; background: transparent; color: #1d4ed8; font-size: 12px; padding: 0px 2px; }
QPushButton[role="link"]:hover { text-decoration: underline; }
QPlainTextEdit#notesEdit { border: 1px solid #f5d77a; border-radius: 6px; background: #ffffff; font-size: 13px;
                           color: #1e293b; padding: 2px; }
QPlainTextEdit#notesEdit:focus { border: 1px solid #d97706; }
QLineEdit[role="inline"], QComboBox[role="inline"] { border: 1px solid #cbd5e1; border-radius: 5px; padding: 3px 6px;
                                                     font-size: 12px; background: #ffffff; }
QLineEdit[role="inline"]:focus { border: 1px solid #3b82f6; }
QLabel[role="error"] { font-size: 12px; color: #b91c1c; }
QLabel[role="warning"] { font-size: 12px; color: #92400e; background: #fffbeb; border: 1px solid #fde68a;
                         border-radius: 5px; padding: 4px 6px; }
QLabel[role="saved"] { font-size: 11px; color: #15803d; }
QLabel[role="chip"] { font-size: 11px; color: #1e3a8a; }
QFrame#tagChip { background: #eff6ff; border: 1px solid #bfdbfe; border-radius: 9px; }
QToolButton#tagRemove { border: none; background: transparent; color: #64748b; font-size: 11px; padding: 0px 1px; }
QToolButton#tagRemove:hover { color: #b91c1c; }
QFrame#contactForm { background: #f8fafc; border: 1px solid #e2e8f0; border-radius: 6px; }
"""


def tool(text: str, tip: str, role: str = "edit", name: str = "") -> QToolButton:
    b = QToolButton()
    b.setText(text)
    b.setToolTip(tip)
    b.setAccessibleName(tip)
    b.setProperty("role", role)
    b.setCursor(Qt.CursorShape.PointingHandCursor)
    b.setAutoRaise(True)
    if name:
        b.setObjectName(name)
    return b


def button(text: str, role: str = "action", name: str = "") -> QPushButton:
    b = QPushButton(text)
    b.setProperty("role", role)
    b.setCursor(Qt.CursorShape.PointingHandCursor)
    if name:
        b.setObjectName(name)
    return b


def _line(text: str = "", role: str = "body") -> QLabel:
    w = QLabel(text)
    w.setProperty("role", role)
    w.setTextFormat(Qt.TextFormat.PlainText)
    w.setWordWrap(True)
    return w


# --- a layout that wraps its items (tag chips) -------------------------------------------------
class FlowLayout(QLayout):
    """Left to right, wrapping to a new line when the row is full (Qt's flow layout example)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _arrange(self, rect: QRect, move: bool) -> int:
        x, y, line = rect.x(), rect.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > rect.right() + 1 and line > 0:
                x, y, line = rect.x(), y + line + self._spacing, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            line = max(line, hint.height())
        return y + line - rect.y()


# --- notes ------------------------------------------------------------------------------------
class NotesCard(QFrame):
    """The customer's notes: read masked (card and resident numbers, as everywhere in the
    pane); Edit opens them in an editor with Save and Cancel (Ctrl+Enter and Esc), still
    masked: a number the agent leaves as it is is saved as stored (pii.unmask_edited).
    What was saved says so; a save over someone else's newer notes is refused and the
    agent's text stays in the editor, with theirs shown and "Save mine anyway"."""

    saveRequested = Signal(str, str)  # the new text, the text the agent started from

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("c360Notes")
        self._base = ""  # the stored text the open editor started from
        self._stored = ""
        self._pieces: list[tuple[str, str]] = []  # what the editor's masks hide
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 8, 12, 10)
        lay.setSpacing(4)
        head = QHBoxLayout()
        head.setSpacing(6)
        title = _line(self.tr("Notes"), "notesTitle")
        title.setWordWrap(False)
        head.addWidget(title)
        self.state = _line("", "saved")
        self.state.setObjectName("notesState")
        self.state.setWordWrap(False)
        head.addWidget(self.state)
        head.addStretch(1)
        self.edit_button = button(self.tr("Edit"), "link", "editNotes")
        self.edit_button.setToolTip(self.tr("Edit the notes"))
        self.edit_button.clicked.connect(self.start_editing)
        head.addWidget(self.edit_button)
        lay.addLayout(head)
        self.text = _line("", "notes")
        self.text.setObjectName("customerNotes")
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.text)
        self.empty = _line(self.tr("No notes yet."), "empty")
        self.empty.setObjectName("notesEmpty")
        lay.addWidget(self.empty)
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("notesEdit")
        self.editor.setAccessibleName(self.tr("Notes"))
        self.editor.setPlaceholderText(self.tr("What the next agent should know about this customer"))
        self.editor.setTabChangesFocus(True)
        self.editor.setMinimumHeight(96)
        self.editor.installEventFilter(self)
        self.editor.textChanged.connect(self._edited)
        lay.addWidget(self.editor)
        self.hint = _line(self.tr("Card and resident numbers stay masked here; left as they are, they are kept."),
                          "small")
        self.hint.setObjectName("notesHint")
        lay.addWidget(self.hint)
        self.message = _line("", "error")
        self.message.setObjectName("notesMessage")
        lay.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        self.overwrite = button(self.tr("Save mine anyway"), "action", "notesOverwrite")
        self.overwrite.clicked.connect(self._save_over)
        buttons.addWidget(self.overwrite)
        buttons.addStretch(1)
        self.cancel = button(self.tr("Cancel"), "action", "notesCancel")
        self.cancel.clicked.connect(self.cancel_editing)
        self.save = button(self.tr("Save"), "primary", "notesSave")
        self.save.setToolTip(self.tr("Save the notes (Ctrl+Enter)"))
        self.save.clicked.connect(self.request_save)
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.save)
        self._buttons = QWidget()
        self._buttons.setLayout(buttons)
        buttons.setContentsMargins(0, 2, 0, 0)
        lay.addWidget(self._buttons)
        self._set_editing(False)

    # --- state ------------------------------------------------------------------------------
    @property
    def editing(self) -> bool:
        return not self.editor.isHidden()

    def typed(self) -> str:
        """The editor's text with the masked numbers the agent left put back."""
        return unmask_edited(self.editor.toPlainText(), self._pieces)

    def is_dirty(self) -> bool:
        return self.editing and self.typed().rstrip() != self._base.rstrip()

    def draft(self) -> tuple[str, str]:
        """(the text the agent started from, what they typed) of an open editor."""
        return self._base, self.typed()

    def show_notes(self, stored: str, draft: tuple[str, str] | None = None) -> None:
        """The customer's notes as stored; ``draft`` reopens an editor the agent left
        unsaved on this customer. An editor already open keeps the agent's text."""
        self._stored = stored
        masked = mask_pii(stored).strip()
        self.text.setText(masked)
        self.text.setVisible(bool(masked) and not self.editing)
        self.empty.setVisible(not masked and not self.editing)
        if draft is not None:
            self._base = draft[0]
            self._open(draft[1])
            self.state.setText(self.tr("Unsaved changes"))

    def reset(self) -> None:
        """Another customer: nothing of this one's editor stays."""
        self._set_editing(False)
        self.editor.clear()
        self.text.clear()
        self.state.clear()
        self._stored = self._base = ""
        self._pieces = []

    @Slot()
    def start_editing(self) -> None:
        self._base = self._stored
        self._open(self._stored)
        self.state.clear()

    def _open(self, text: str) -> None:
        masked, self._pieces = masked_for_editing(text)
        self.editor.blockSignals(True)
        self.editor.setPlainText(masked)
        self.editor.blockSignals(False)
        self._set_editing(True)
        self.hint.setVisible(bool(self._pieces))
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)
        self.editor.moveCursor(self.editor.textCursor().MoveOperation.End)

    @Slot()
    def cancel_editing(self) -> None:
        self._set_editing(False)
        self.state.clear()
        self.show_notes(self._stored)

    def _set_editing(self, on: bool) -> None:
        self.editor.setVisible(on)
        self.hint.setVisible(on and bool(self._pieces))
        self._buttons.setVisible(on)
        self.edit_button.setVisible(not on)
        self.message.hide()
        self.overwrite.hide()
        self.save.setEnabled(True)
        masked = bool(self.text.text())
        self.text.setVisible(masked and not on)
        self.empty.setVisible(not masked and not on)

    @Slot()
    def _edited(self) -> None:
        if self.state.text():
            self.state.clear()
        too_long = len(self.editor.toPlainText()) > NOTES_MAX_CHARS
        self.save.setEnabled(not too_long)
        if too_long:
            self.show_error(self.tr("Notes hold at most %1 characters.").replace("%1", f"{NOTES_MAX_CHARS:,}"),
                            kind="length")
        elif self.message.property("kind") == "length":
            self.message.hide()

    # --- saving ---------------------------------------------------------------------------
    @Slot()
    def request_save(self) -> None:
        if not self.editing or not self.save.isEnabled():
            return
        if not self.is_dirty():
            self.cancel_editing()
            return
        self.save.setEnabled(False)
        self.message.hide()
        self.overwrite.hide()
        self.state.setText(self.tr("Saving…"))
        self.saveRequested.emit(self.typed(), self._base)

    @Slot()
    def _save_over(self) -> None:
        """The agent read the newer notes and keeps theirs: saved over what is stored now."""
        self._base = self._stored
        self.overwrite.hide()
        self.request_save()

    def saved(self, stored: str) -> None:
        self._stored = stored
        self._set_editing(False)
        self.show_notes(stored)
        self.state.setText(self.tr("Saved ✓"))

    def conflict(self, current: str) -> None:
        """Someone saved first: their notes (masked) above the agent's own text, untouched."""
        self._stored = current
        self.state.clear()
        self.save.setEnabled(True)
        theirs = mask_pii(current).strip() or self.tr("(empty)")
        if len(theirs) > 300:
            theirs = theirs[:300] + "…"
        self.message.setProperty("kind", "conflict")
        self.message.setText(self.tr("Someone else changed these notes while you were editing. Your text is kept "
                                     "below; theirs now reads:") + "\n" + theirs)
        self.message.show()
        self.overwrite.show()

    def show_error(self, text: str, kind: str = "error") -> None:
        self.state.clear()
        self.save.setEnabled(len(self.editor.toPlainText()) <= NOTES_MAX_CHARS)
        self.message.setProperty("kind", kind)
        self.message.setText(text)
        self.message.show()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.editor and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                    event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.request_save()
                return True
            if event.matches(QKeySequence.StandardKey.Save):
                self.request_save()
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.cancel_editing()
                return True
        return super().eventFilter(obj, event)


# --- tags -------------------------------------------------------------------------------------
class TagsRow(QWidget):
    """The customer's tags as chips with a ×, and a box to add one (Enter)."""

    addRequested = Signal(str)
    removeRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        self.chips = QWidget()
        self.chips.setObjectName("tagChips")
        self._flow = FlowLayout(self.chips)
        lay.addWidget(self.chips)
        self.input = QLineEdit()
        self.input.setObjectName("tagInput")
        self.input.setProperty("role", "inline")
        self.input.setPlaceholderText(self.tr("Add a tag and press Enter"))
        self.input.setAccessibleName(self.tr("Add a tag"))
        self.input.setMaxLength(TAG_MAX_CHARS)
        self.input.returnPressed.connect(self._add)
        lay.addWidget(self.input)

    def set_tags(self, tags: list[str]) -> None:
        while self._flow.count():
            item = self._flow.takeAt(0)
            if item is not None and (w := item.widget()) is not None:
                w.hide()
                w.setParent(None)
                w.deleteLater()
        for tag in tags:
            self._flow.addWidget(self._chip(tag))
        self.chips.setVisible(bool(tags))
        self._flow.invalidate()

    def tags(self) -> list[str]:
        out = []
        for i in range(self._flow.count()):
            item = self._flow.itemAt(i)
            if isinstance(item, QWidgetItem) and (w := item.widget()) is not None:
                out.append(w.property("tag"))
        return out

    def _chip(self, tag: str) -> QFrame:
        chip = QFrame()
        chip.setObjectName("tagChip")
        chip.setProperty("tag", tag)
        lay = QHBoxLayout(chip)
        lay.setContentsMargins(7, 1, 2, 1)
        lay.setSpacing(1)
        label = _line(mask_pii(tag), "chip")
        label.setWordWrap(False)
        lay.addWidget(label)
        remove = tool("×", self.tr("Remove the tag %1").replace("%1", mask_pii(tag)), role="", name="tagRemove")
        remove.setProperty("tag", tag)
        remove.clicked.connect(self._remove_clicked)
        lay.addWidget(remove)
        chip.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        return chip

    @Slot()
    def _remove_clicked(self) -> None:
        sender = self.sender()
        if sender is not None:
            self.removeRequested.emit(str(sender.property("tag")))

    @Slot()
    def _add(self) -> None:
        tag = self.input.text().strip()
        if tag:
            self.addRequested.emit(tag)

    def added(self) -> None:
        self.input.clear()


# --- contact points ---------------------------------------------------------------------------
class ContactForm(QFrame):
    """Adding a contact point, or editing one: kind, value (a phone in any layout), label,
    primary. A refusal is one line under the value and the typed text stays; a contact of
    another customer is a warning the agent can overrule ("Save anyway")."""

    submitted = Signal(dict)  # {"contact_id", "kind", "value", "label", "primary", "allow_shared"}
    cancelled = Signal()

    KINDS = ("phone", "email", "social")

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("contactForm")
        self.contact_id = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        lay.setSpacing(6)
        self.title = _line("", "strong")
        lay.addWidget(self.title)
        row = QHBoxLayout()
        row.setSpacing(6)
        self.kind = QComboBox()
        self.kind.setObjectName("contactKind")
        self.kind.setProperty("role", "inline")
        self.kind.setAccessibleName(self.tr("Kind"))
        for code in self.KINDS:
            self.kind.addItem(fmt.label(code), code)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        row.addWidget(self.kind)
        self.value = QLineEdit()
        self.value.setObjectName("contactValue")
        self.value.setProperty("role", "inline")
        self.value.setAccessibleName(self.tr("Number or address"))
        self.value.setMaxLength(VALUE_MAX_CHARS)
        self.value.returnPressed.connect(self._submit)
        self.value.textEdited.connect(self._typed)
        row.addWidget(self.value, 1)
        lay.addLayout(row)
        row2 = QHBoxLayout()
        row2.setSpacing(6)
        self.label = QComboBox()
        self.label.setObjectName("contactLabel")
        self.label.setProperty("role", "inline")
        self.label.setEditable(True)
        self.label.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.label.setAccessibleName(self.tr("Label"))
        line = self.label.lineEdit()
        if line is not None:
            line.setMaxLength(LABEL_MAX_CHARS)
            line.setPlaceholderText(self.tr("Label"))
        row2.addWidget(self.label, 1)
        self.primary = QCheckBox(self.tr("Primary"))
        self.primary.setObjectName("contactPrimary")
        row2.addWidget(self.primary)
        lay.addLayout(row2)
        self.error = _line("", "error")
        self.error.setObjectName("contactError")
        lay.addWidget(self.error)
        self.warning = _line("", "warning")
        self.warning.setObjectName("contactWarning")
        lay.addWidget(self.warning)
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        buttons.addStretch(1)
        self.cancel = button(self.tr("Cancel"), "action", "contactCancel")
        self.cancel.clicked.connect(self._cancel)
        self.anyway = button(self.tr("Save anyway"), "action", "contactSaveAnyway")
        self.anyway.clicked.connect(self._submit_anyway)
        self.save = button(self.tr("Save"), "primary", "contactSave")
        self.save.clicked.connect(self._submit)
        for b in (self.cancel, self.anyway, self.save):
            buttons.addWidget(b)
        lay.addLayout(buttons)
        self.installEventFilter(self)
        self.value.installEventFilter(self)
        self.hide()

    def open_new(self, kind: str = "phone") -> None:
        self.contact_id = None
        self.title.setText(self.tr("New contact point"))
        self.kind.setEnabled(True)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self._kind_changed()
        self.value.clear()
        self.primary.setChecked(False)
        self._open()

    def open_edit(self, row) -> None:
        """``row``: a customers.ContactRow."""
        self.contact_id = row.id
        self.title.setText(self.tr("Edit contact point"))
        self.kind.setCurrentIndex(max(0, self.kind.findData(row.kind)))
        self.kind.setEnabled(False)  # a phone that should be an email is removed and added
        self._kind_changed()
        self.value.setText(row.value)
        self._set_label(row.label)
        self.primary.setChecked(row.is_primary)
        self._open()

    def _open(self) -> None:
        self._clear_messages()
        self.save.setEnabled(True)
        self.show()
        self.value.setFocus(Qt.FocusReason.OtherFocusReason)
        self.value.selectAll()

    @Slot()
    def _kind_changed(self, *_args) -> None:
        kind = self.kind.currentData()
        current = self.label.currentData() or self.label.currentText()
        self.label.clear()
        self.label.addItem("", "")
        for code in LABELS.get(kind, ()):
            self.label.addItem(fmt.label(code), code)
        self._set_label(current if current in LABELS.get(kind, ()) else (LABELS.get(kind) or ("",))[0])
        placeholders = {"phone": self.tr("010-1234-5678, +82 10 …"), "email": self.tr("name@example.com"),
                        "social": self.tr("kakao:handle or @handle")}
        self.value.setPlaceholderText(placeholders.get(kind, ""))

    def _set_label(self, code: str) -> None:
        i = self.label.findData(code)
        if i >= 0:
            self.label.setCurrentIndex(i)
        else:
            self.label.setEditText(code)

    def label_code(self) -> str:
        """The label as stored: a known one's code ('mobile'), or what the agent typed."""
        text = self.label.currentText().strip()
        i = self.label.findText(text)
        return str(self.label.itemData(i)) if i >= 0 else text

    def values(self, allow_shared: bool = False) -> dict:
        return {"contact_id": self.contact_id, "kind": self.kind.currentData(), "value": self.value.text(),
                "label": self.label_code(), "primary": self.primary.isChecked(), "allow_shared": allow_shared}

    @Slot()
    def _submit(self) -> None:
        self._send(False)

    @Slot()
    def _submit_anyway(self) -> None:
        self._send(True)

    def _send(self, allow_shared: bool) -> None:
        if not self.save.isEnabled():
            return
        if not self.value.text().strip():
            self.show_error(self.tr("Type a number or an address."))
            return
        self._clear_messages()
        self.save.setEnabled(False)
        self.submitted.emit(self.values(allow_shared))

    @Slot()
    def _cancel(self) -> None:
        self.hide()
        self.contact_id = None
        self.cancelled.emit()

    @Slot()
    def _typed(self, *_args) -> None:
        self._clear_messages()

    def _clear_messages(self) -> None:
        self.error.hide()
        self.warning.hide()
        self.anyway.hide()

    def show_error(self, text: str) -> None:
        self.save.setEnabled(True)
        self.error.setText(text)
        self.error.show()

    def show_shared(self, owners: list[str]) -> None:
        self.save.setEnabled(True)
        self.warning.setText(self.tr("This is also the contact of %1. Save it for this customer too?")
                             .replace("%1", ", ".join(owners)))
        self.warning.show()
        self.anyway.show()

    def done(self) -> None:
        self.hide()
        self.contact_id = None

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:
            self._cancel()
            return True
        return super().eventFilter(obj, event)


class RemoveContact:
    """The question before a contact point is removed (tests replace ``ask``)."""

    @staticmethod
    def ask(parent: QWidget, shown: str) -> bool:
        answer = QMessageBox.question(
            parent, QCoreApplication.translate("RemoveContact", "Remove contact point"),
            QCoreApplication.translate("RemoveContact", "Remove %1 from this customer?").replace("%1", shown))
        return answer == QMessageBox.StandardButton.Yes
