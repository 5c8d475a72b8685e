"""Reply templates: the library pane (list, editor, live preview) and the flow that puts a
template into the composer (prompts form → render → macro confirmation → insert → apply).

Everything touching the database runs through ``ctx.runner``; rendering a preview runs on
a read worker too (a template is code written by colleagues). Dialogs have an ``ask``
class method that tests replace, so no test waits on a modal.
"""

from __future__ import annotations

import html
from datetime import datetime
import json
import uuid
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QObject, Qt, QTime, Signal, Slot
from PySide6.QtGui import QColor, QFont, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from agentdesk.services import templates as tp
from agentdesk.services.common import InvalidValue
from agentdesk.ui.kit import errors, fmt
from agentdesk.ui.kit.reads import LatestReads
from agentdesk.ui.kit.tasks import AppContext
from agentdesk.ui.kit.timers import make_timer

SEARCH_DELAY_MS = 250
PREVIEW_DELAY_MS = 300  # re-render this long after the last keystroke
RELOAD_DELAY_MS = 200  # coalesces bursts of change notifications
# How the house writes shortcuts (/환불, ;refund): such a word before Tab means a template.
SHORTCUT_PREFIXES = ("/", ";")

_ID_ROLE = Qt.ItemDataRole.UserRole + 1

_STYLE = """
QWidget#templatesPane { background: #f4f6f9; }
QFrame#tplCard { background: #ffffff; border: 1px solid #e3e8ef; border-radius: 8px; }
QLineEdit, QComboBox, QPlainTextEdit { font-size: 13px; }
QLineEdit#templateSearch { border: 1px solid #cbd5e1; border-radius: 6px; padding: 5px 8px; background: #ffffff; }
QLineEdit#templateSearch:focus { border: 1px solid #3b82f6; }
QTreeWidget#templateList { border: 1px solid #e3e8ef; border-radius: 6px; background: #ffffff; font-size: 13px; }
QTreeWidget#templateList::item { padding: 4px 2px; }
QTreeWidget#templateList::item:selected { background: #e0ecff; color: #0f172a; }
QHeaderView::section { background: #ffffff; border: none; border-bottom: 1px solid #e3e8ef; color: #64748b;
                       font-size: 11px; padding: 3px 4px; }
QLabel[role="section"] { font-size: 13px; font-weight: bold; color: #1e293b; }
QLabel[role="muted"] { font-size: 11px; color: #64748b; }
QLabel[role="ok"] { font-size: 12px; color: #15803d; }
QLabel[role="warn"] { font-size: 12px; color: #b45309; }
QLabel[role="error"] { font-size: 12px; color: #b91c1c; font-weight: bold; }
QTextBrowser#templatePreview { background: #f8fafc; border: 1px solid #e3e8ef; border-radius: 6px; font-size: 13px; }
QPushButton#insertTemplate { background: #2563eb; color: white; border: none; border-radius: 5px; padding: 6px 14px;
                             font-weight: bold; }
QPushButton#insertTemplate:disabled { background: #93c5fd; }
"""


def _set_role(label: QLabel, role: str) -> None:
    label.setProperty("role", role)
    label.style().unpolish(label)
    label.style().polish(label)


def _preview_html(text: str) -> str:
    """The rendered text, with each missing-value marker highlighted."""
    out, pos = [], 0
    for marker in _markers(text):
        start = text.index(marker, pos)
        out.append(html.escape(text[pos:start]))
        out.append(f'<span style="background:#fde68a; color:#92400e">{html.escape(marker)}</span>')
        pos = start + len(marker)
    out.append(html.escape(text[pos:]))
    return '<div style="white-space:pre-wrap">' + "".join(out).replace("\n", "<br>") + "</div>"


def _compact_json(value) -> str:
    """One prompt or one macro action per line: short enough to read in a narrow pane."""
    if isinstance(value, list):
        return "[\n  " + ",\n  ".join(json.dumps(v, ensure_ascii=False) for v in value) + "\n]"
    return "{\n  " + ",\n  ".join(f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}"
                                   for k, v in value.items()) + "\n}"


def _markers(text: str) -> list[str]:
    return [m for m in tp.unfilled_placeholders(text) if m.startswith("⟦")]


# =============================================================================
# Dialogs
# =============================================================================
class PromptsDialog(QDialog):
    """Asks the values a template needs (refund amount, callback time …) before inserting it."""

    def __init__(self, title: str, prompts: list[dict], parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Fill in “%1”").replace("%1", title))
        self.prompts = prompts
        self.editors: dict[str, QWidget] = {}
        self._touched = False  # "is required" only once the agent has started filling in
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        now = QDateTime.currentDateTime()
        for p in prompts:
            kind = p["type"]
            w: QWidget
            if kind == "choice":
                combo = QComboBox()
                if not p.get("required", True):
                    combo.addItem("", "")
                for c in p.get("choices", []):
                    combo.addItem(c, c)
                w = combo
            elif kind == "date":
                day = QDateEdit(QDate.currentDate(), calendarPopup=True)
                day.setDisplayFormat("yyyy-MM-dd")
                w = day
            elif kind == "datetime":
                # The next full hour: a callback is rarely "right now".
                nxt = QDateTime(now.date(), QTime(now.time().hour(), 0)).addSecs(3600)
                when = QDateTimeEdit(nxt, calendarPopup=True)
                when.setDisplayFormat("yyyy-MM-dd HH:mm")
                w = when
            else:
                line = QLineEdit()
                if kind == "amount":
                    line.setPlaceholderText(self.tr("Amount in won, e.g. 12,000"))
                line.textChanged.connect(self._typed)
                w = line
            w.setObjectName(f"prompt_{p['name']}")
            self.editors[p["name"]] = w
            label = p["label"] + (" *" if p.get("required", True) else "")
            form.addRow(label, w)
        self.error = QLabel(objectName="promptError", wordWrap=True)
        self.error.setStyleSheet("color: #b91c1c;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Insert"))
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        self.setMinimumWidth(380)
        self._check()

    def raw_values(self) -> dict:
        out = {}
        for p in self.prompts:
            w = self.editors[p["name"]]
            if isinstance(w, QComboBox):
                out[p["name"]] = w.currentData() or ""
            elif isinstance(w, QDateTimeEdit) and p["type"] == "datetime":
                local = w.dateTime().toPython()
                assert isinstance(local, datetime)
                out[p["name"]] = local.astimezone()
            elif isinstance(w, QDateEdit):
                out[p["name"]] = w.date().toPython()
            elif isinstance(w, QLineEdit):
                out[p["name"]] = w.text()
        return out

    def values(self) -> dict:
        """Typed and checked (InvalidValue names the field)."""
        return tp.coerce_values(self.prompts, self.raw_values())

    @Slot()
    def _typed(self, *_args) -> None:
        self._touched = True
        self._check()

    def _check(self) -> bool:
        try:
            self.values()
        except InvalidValue as exc:
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
            self.error.setText(errors.message(exc) if self._touched else "")
            return False
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)
        self.error.setText("")
        return True

    def _accept(self) -> None:
        if self._check():
            self.accept()

    @classmethod
    def ask(cls, parent, title: str, prompts: list[dict]) -> dict | None:
        """The typed values, or None if cancelled; tests replace this."""
        dlg = cls(title, prompts, parent)
        return dlg.values() if dlg.exec() == QDialog.DialogCode.Accepted else None


def describe_change(c: tp.MacroChange) -> str:
    """One macro change as the agent reads it (translated)."""
    if c.field == "follow_up":
        return (QCoreApplication.translate("MacroConfirmDialog", "Schedule a follow-up “%1” for %2")
                .replace("%1", c.new or "").replace("%2", fmt.local_time(c.due_at)))
    if c.field in ("status", "priority"):
        old, new = fmt.label(c.old) or "–", fmt.label(c.new) or "–"
    else:
        old, new = c.old or "–", c.new or "–"
    what = {"status": QCoreApplication.translate("MacroConfirmDialog", "Status"),
            "priority": QCoreApplication.translate("MacroConfirmDialog", "Priority"),
            "assignee": QCoreApplication.translate("MacroConfirmDialog", "Assignee"),
            "tags": QCoreApplication.translate("MacroConfirmDialog", "Tags")}
    return (QCoreApplication.translate("MacroConfirmDialog", "%1: %2 → %3")
            .replace("%1", what.get(c.field, c.field)).replace("%2", old).replace("%3", new))


class MacroConfirmDialog(QDialog):
    """Shows exactly what the template changes on the ticket when the reply is sent."""

    def __init__(self, title: str, changes: list[tp.MacroChange], text: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Apply “%1”").replace("%1", title))
        intro = QLabel(self.tr("When you send the reply, this template also changes the ticket:"), wordWrap=True)
        self.list = QLabel(objectName="macroChanges", wordWrap=True)
        self.list.setTextFormat(Qt.TextFormat.RichText)
        self.list.setText("<ul style='margin-left:-20px'>" + "".join(
            f"<li>{html.escape(describe_change(c))}</li>" for c in changes) + "</ul>")
        preview = QPlainTextEdit(text, readOnly=True)
        preview.setMaximumHeight(140)
        buttons = QDialogButtonBox()
        self.apply_button = buttons.addButton(self.tr("Insert, apply on send"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.text_button = buttons.addButton(self.tr("Insert text only"), QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.choice: str | None = None
        self.apply_button.clicked.connect(lambda: self._done("apply"))
        self.text_button.clicked.connect(lambda: self._done("text"))
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.list)
        lay.addWidget(preview)
        lay.addWidget(buttons)
        self.setMinimumWidth(480)

    def _done(self, choice: str) -> None:
        self.choice = choice
        self.accept()

    @classmethod
    def ask(cls, parent, title: str, changes: list[tp.MacroChange], text: str) -> str | None:
        """'apply' (stage the macro's changes for the send), 'text' (insert without the macro)
        or None (cancel); tests replace this."""
        dlg = cls(title, changes, text, parent)
        return dlg.choice if dlg.exec() == QDialog.DialogCode.Accepted else None


# =============================================================================
# Putting a template into the composer
# =============================================================================
@dataclass
class _Flow:
    token: int
    template_id: uuid.UUID
    ticket_id: uuid.UUID
    span: tuple[int, int, str] | None  # the shortcut typed in the composer: start, end, word
    values: dict = field(default_factory=dict)
    row: tp.TemplateRow | None = None


class TemplateApplier(QObject):
    """Runs the insert flow of one template on a TicketPane: load → prompts form → render
    with the answers → macro confirmation → text into the composer (in place of the
    shortcut when expanding) → the macro's changes staged on the pane (written with the
    reply when it is sent) and the use counted."""

    applied = Signal(object)  # list[MacroChange] staged on the pane (not yet written), after the use is counted
    shortcutsLoaded = Signal()
    shortcutMissed = Signal(str)  # a word written like a shortcut (/없는말) that no template has

    def __init__(self, ctx: AppContext, ticket_pane):
        super().__init__(ticket_pane)
        self.ctx = ctx
        self.pane = ticket_pane
        self.shortcuts: dict[str, uuid.UUID] = {}
        self._flow: _Flow | None = None
        self._tokens = 0
        self._reload_timer = make_timer(self, RELOAD_DELAY_MS, self.reload_shortcuts, single_shot=True)
        ctx.changes.changed.connect(self._on_changed)
        self.reload_shortcuts()

    # --- shortcuts ------------------------------------------------------------------------
    def reload_shortcuts(self) -> None:
        agent_id = self.ctx.agent.id
        self.ctx.runner.read(lambda s: tp.shortcut_map(s, agent_id), self._shortcuts_loaded, self._failed)

    @Slot(object)
    def _shortcuts_loaded(self, shortcuts) -> None:
        self.shortcuts = shortcuts
        self.shortcutsLoaded.emit()

    @Slot(str, object)
    def _on_changed(self, kind: str, _obj) -> None:
        if kind == "template":
            self._reload_timer.start()

    def word_before_cursor(self) -> tuple[int, int, str] | None:
        cursor = self.pane.composer.textCursor()
        if cursor.hasSelection():
            return None
        line = cursor.block().text()[: cursor.positionInBlock()]
        if not line or line[-1].isspace():
            return None
        word = line.split()[-1]
        end = cursor.position()
        return end - len(word), end, word

    def expand_at_cursor(self) -> bool:
        """Tab in the composer: True if Tab was used here: the word before the cursor is a
        shortcut (its template is being inserted in its place), or it is written like one
        (/… or ;…) and no template has it, which the pane says, keeping the text. False
        to let Tab do what it does (the composer moves the focus on)."""
        if self.pane.detail is None or self.pane.composer.isReadOnly():
            return False
        span = self.word_before_cursor()
        if span is None:
            return False
        template_id = self.shortcuts.get(span[2].lower())
        if template_id is None:
            if not span[2].startswith(SHORTCUT_PREFIXES) or len(span[2]) < 2:
                return False
            # A mistyped shortcut: the agent meant a template, not to leave the composer.
            self.pane.draft_state.setText(self.tr("No template matches %1").replace("%1", span[2]))
            self.shortcutMissed.emit(span[2])
            return True
        self._start(template_id, span)
        return True

    # --- the flow -------------------------------------------------------------------------
    @Slot(object)
    def apply(self, template_id) -> None:
        """Inserts the template at the composer's cursor (the pane's "Insert into reply")."""
        if self.pane.detail is None:
            self.pane.failed.emit(self.tr("Open a ticket first, then insert the template."))
            return
        self._start(template_id, None)

    def _start(self, template_id, span) -> None:
        self._tokens += 1
        tid = template_id if isinstance(template_id, uuid.UUID) else uuid.UUID(str(template_id))
        self._flow = _Flow(self._tokens, tid, self.pane.detail.id, span)
        token, agent_id = self._tokens, self.ctx.agent.id
        self.ctx.runner.read(lambda s: (token, tp.get_template(s, tid, agent_id)), self._template_loaded, self._failed)

    def _current(self, token: int) -> _Flow | None:
        flow = self._flow
        if flow is None or flow.token != token:
            return None  # a newer insert started meanwhile
        if self.pane.detail is None or self.pane.detail.id != flow.ticket_id:
            self._flow = None  # the agent opened another ticket: this text is not for it
            return None
        return flow

    @Slot(object)
    def _template_loaded(self, result) -> None:
        token, row = result
        flow = self._current(token)
        if flow is None:
            return
        flow.row = row
        if row.prompts:
            values = PromptsDialog.ask(self.pane, row.title, row.prompts)
            if values is None:
                self._flow = None
                return
            flow.values = values
        tid, ticket_id, agent_id, values = flow.template_id, flow.ticket_id, self.ctx.agent.id, flow.values
        # On the render lane, not a read worker: the template may be slow (see TaskRunner.render).
        self.ctx.runner.render(lambda s: (token, tp.render_for_ticket(s, tid, ticket_id, agent_id, values)),
                               self._rendered, self._failed)

    @Slot(object)
    def _rendered(self, result) -> None:
        token, rendered = result
        flow = self._current(token)
        if flow is None:
            return
        r = rendered.result
        if r.error:
            self._flow = None
            self.pane.failed.emit(self.tr("Template “%1” cannot be used: %2").replace("%1", flow.row.title)
                                  .replace("%2", r.error))
            return
        apply_macro = True
        if rendered.changes:
            choice = MacroConfirmDialog.ask(self.pane, flow.row.title, rendered.changes, r.text)
            if choice is None:
                self._flow = None
                return
            apply_macro = choice == "apply"
        if not self._insert(flow, r.text):
            self._flow = None
            return
        staged = rendered.changes if apply_macro else []
        if staged:
            # Staged, not written: the changes go with the reply when it is sent, and go
            # away with the draft (TicketPane.stage_macro).
            self.pane.stage_macro(flow.row.macro, flow.values, staged)
        ticket_id, agent_id, values = flow.ticket_id, self.ctx.agent.id, flow.values
        tid = flow.template_id
        # Only the use is counted now; apply=False: the ticket is not touched.
        self.ctx.runner.write(
            lambda s: (token, ticket_id, tid, staged, tp.use_template(s, tid, ticket_id, agent_id, values, apply=False)),
            self._used, self._failed)

    def _insert(self, flow: _Flow, text: str) -> bool:
        composer = self.pane.composer
        if flow.span is not None:
            start, end, word = flow.span
            # Only if the shortcut is still where it was typed (the agent may have kept typing).
            if composer.toPlainText()[start:end] == word:
                cursor = composer.textCursor()
                cursor.setPosition(end)
                cursor.setPosition(start, QTextCursor.MoveMode.KeepAnchor)
                composer.setTextCursor(cursor)
        start_at = composer.textCursor().selectionStart()
        if not self.pane.insert_into_composer(text):
            self.pane.failed.emit(self.tr("This ticket cannot be answered here."))
            return False
        self._select_first_marker(start_at)
        return True

    def _select_first_marker(self, from_pos: int) -> None:
        """Puts the cursor on the first value still missing, so the agent types over it."""
        composer = self.pane.composer
        found = composer.document().find("⟦", from_pos)
        if found.isNull():
            return
        close = composer.document().find("⟧", found.position())
        if close.isNull():
            return
        cursor = composer.textCursor()
        cursor.setPosition(found.selectionStart())
        cursor.setPosition(close.selectionEnd(), QTextCursor.MoveMode.KeepAnchor)
        composer.setTextCursor(cursor)

    @Slot(object)
    def _used(self, result) -> None:
        token, _ticket_id, template_id, staged, _written = result
        if self._flow is not None and self._flow.token == token:
            self._flow = None
        self.ctx.changes.changed.emit("template", template_id)
        self.applied.emit(staged)

    @Slot(object)
    def _failed(self, exc) -> None:
        self._flow = None
        self.pane.failed.emit(errors.message(exc))


# =============================================================================
# The library pane
# =============================================================================
class TemplatesPane(QWidget):
    """Find, edit and preview reply templates; "Insert into reply" asks the open ticket's
    applier (wired by the main window) to insert the selected one."""

    applyRequested = Signal(object)  # template id
    failed = Signal(str)
    saved = Signal(object)  # TemplateRow
    listed = Signal(int)  # rows shown, after each load
    previewed = Signal(object)  # RenderResult shown in the preview

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.setObjectName("templatesPane")
        self.ctx = ctx
        self.rows: list[tp.TemplateRow] = []
        self.current: tp.TemplateRow | None = None  # None: a new template being written
        self.ticket_id = None
        self._context_on_show = False  # a ticket was set while the tab was hidden
        self._context: dict | None = None  # the open ticket's values, or None: sample data
        self._context_label = ""
        self._reads = LatestReads(self, ctx.runner)
        self._preview_wanted: list[object] = [None]  # the newest preview's mark, read by the render lane
        self._loading_editor = False
        self.dirty = False
        self._search_timer = make_timer(self, SEARCH_DELAY_MS, self.reload, single_shot=True)
        self._preview_timer = make_timer(self, PREVIEW_DELAY_MS, self._refresh_preview, single_shot=True)
        self._reload_timer = make_timer(self, RELOAD_DELAY_MS, self.reload, single_shot=True)
        self._context_timer = make_timer(self, RELOAD_DELAY_MS, self._load_context, single_shot=True)
        self.setStyleSheet(_STYLE)
        self._build()
        self._new(force=True)
        ctx.changes.changed.connect(self._on_changed)
        self.reload()

    # --- layout -----------------------------------------------------------------------------
    def _build(self) -> None:
        self.search = QLineEdit(objectName="templateSearch", clearButtonEnabled=True)
        self.search.setPlaceholderText(self.tr("Search templates: title, text or shortcut"))
        self.search.textChanged.connect(self._search_timer.start)
        self.new_button = QPushButton(self.tr("New template"), objectName="newTemplate")
        self.new_button.clicked.connect(self._new)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.new_button)

        self.category_filter = QComboBox(objectName="categoryFilter")
        self.category_filter.addItem(self.tr("All categories"), "")
        self.language_filter = QComboBox(objectName="languageFilter")
        self.language_filter.addItem(self.tr("All languages"), "")
        self.sort = QComboBox(objectName="templateSort")
        for code, text in (("mine", self.tr("Most used by me")), ("usage", self.tr("Most used by everyone")),
                           ("title", self.tr("Title")), ("updated", self.tr("Recently changed"))):
            self.sort.addItem(text, code)
        for combo in (self.category_filter, self.language_filter, self.sort):
            combo.currentIndexChanged.connect(self.reload)
        filters = QHBoxLayout()
        filters.addWidget(self.category_filter, 3)
        filters.addWidget(self.language_filter, 2)
        filters.addWidget(self.sort, 3)

        self.list = QTreeWidget(objectName="templateList")
        self.list.setHeaderLabels([self.tr("Title"), self.tr("Shortcut"), self.tr("Language"), self.tr("My uses")])
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.list.currentItemChanged.connect(self._selected)
        self.list.itemDoubleClicked.connect(self._insert)
        self.empty = QLabel(self.tr("No templates match."), alignment=Qt.AlignmentFlag.AlignCenter)
        _set_role(self.empty, "muted")
        self.empty.hide()
        list_box = QWidget()
        ll = QVBoxLayout(list_box)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.list, 1)
        ll.addWidget(self.empty)

        # --- editor
        self.title_edit = QLineEdit(objectName="templateTitle")
        self.title_edit.setPlaceholderText(self.tr("Title"))
        self.shortcut_edit = QLineEdit(objectName="templateShortcut")
        self.shortcut_edit.setPlaceholderText(self.tr("/refund"))
        self.shortcut_edit.setToolTip(self.tr("Type it in the reply and press Tab to insert the template"))
        self.scope_edit = QComboBox(objectName="templateScope")
        self.scope_edit.addItem(self.tr("Team"), "team")
        self.scope_edit.addItem(self.tr("Personal"), "personal")
        self.scope_edit.setToolTip(self.tr("Personal templates are visible only to you"))
        self.language_edit = QComboBox(objectName="templateLanguage")
        self.language_edit.addItem(self.tr("Korean"), "ko")
        self.language_edit.addItem(self.tr("English"), "en")
        self.category_edit = QComboBox(objectName="templateCategory", editable=True)
        self.category_edit.lineEdit().setPlaceholderText(self.tr("Category"))
        self.body_edit = QPlainTextEdit(objectName="templateBody")
        self.body_edit.setPlaceholderText(self.tr("Hello {{ customer.name }}, …"))
        self.body_edit.setTabChangesFocus(True)
        self.body_edit.setMinimumHeight(110)
        self.syntax = QLabel(objectName="syntaxStatus", wordWrap=True)
        hint = QLabel(self.tr("Placeholders: {{ customer.name }} · {{ ticket.number }} · {{ order.number }} · "
                              "{{ product.available_limit | won }} · {{ now | kdate }} · {{ input.<prompt> }}"),
                      wordWrap=True)
        hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        _set_role(hint, "muted")

        grid = QFormLayout()
        grid.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        grid.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)
        grid.addRow(self.tr("Title"), self.title_edit)
        row2 = QHBoxLayout()
        row2.setSpacing(6)
        row2.addWidget(self.shortcut_edit, 3)
        row2.addSpacing(10)
        row2.addWidget(QLabel(self.tr("Language")))
        row2.addWidget(self.language_edit, 2)
        row2.addSpacing(10)
        row2.addWidget(QLabel(self.tr("Scope")))
        row2.addWidget(self.scope_edit, 2)
        grid.addRow(self.tr("Shortcut"), row2)
        grid.addRow(self.tr("Category"), self.category_edit)
        text_tab = QWidget()
        tl = QVBoxLayout(text_tab)
        tl.setContentsMargins(8, 8, 8, 8)
        tl.addLayout(grid)
        tl.addWidget(self.body_edit, 1)
        tl.addWidget(self.syntax)
        tl.addWidget(hint)

        self.prompts_edit = QPlainTextEdit(objectName="templatePrompts")
        self.prompts_edit.setTabChangesFocus(True)
        self.prompts_status = QLabel(objectName="promptsStatus", wordWrap=True)
        prompts_help = QLabel(self.tr("Values asked when the template is inserted, used as {{ input.name }}. "
                                      "Types: text, amount, date, datetime, choice (with \"choices\")."), wordWrap=True)
        _set_role(prompts_help, "muted")
        self.macro_edit = QPlainTextEdit(objectName="templateMacro")
        self.macro_edit.setTabChangesFocus(True)
        self.macro_status = QLabel(objectName="macroStatus", wordWrap=True)
        macro_help = QLabel(self.tr("Also applied to the ticket (after a confirmation): status, priority, add_tags, "
                                    "remove_tags, assignee (\"me\" or a login), follow_up "
                                    "({\"in_hours\": 24, \"title\": \"…\"})."), wordWrap=True)
        _set_role(macro_help, "muted")
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.TypeWriter)
        for w in (self.prompts_edit, self.macro_edit):
            w.setFont(mono)
        actions_tab = QWidget()
        al = QVBoxLayout(actions_tab)
        al.setContentsMargins(8, 8, 8, 8)
        cap = QLabel(self.tr("Prompts"))
        _set_role(cap, "section")
        al.addWidget(cap)
        al.addWidget(prompts_help)
        al.addWidget(self.prompts_edit, 1)
        al.addWidget(self.prompts_status)
        cap = QLabel(self.tr("Macro"))
        _set_role(cap, "section")
        al.addWidget(cap)
        al.addWidget(macro_help)
        al.addWidget(self.macro_edit, 1)
        al.addWidget(self.macro_status)

        self.tabs = QTabWidget(objectName="templateTabs")
        self.tabs.addTab(text_tab, self.tr("Text"))
        self.tabs.addTab(actions_tab, self.tr("Prompts and macro"))

        # --- preview
        self.preview_title = QLabel(objectName="previewTitle")
        _set_role(self.preview_title, "section")
        self.preview = QTextBrowser(objectName="templatePreview")
        self.preview.setOpenLinks(False)
        self.preview.setMinimumHeight(120)
        self.preview_status = QLabel(objectName="previewStatus", wordWrap=True)
        self.preview_status.setTextFormat(Qt.TextFormat.PlainText)

        # --- buttons
        self.delete_button = QToolButton(objectName="deleteTemplate", text=self.tr("Delete"))
        self.delete_button.clicked.connect(self._delete)
        self.state = QLabel(objectName="templateState")
        _set_role(self.state, "muted")
        self.save_button = QPushButton(self.tr("Save"), objectName="saveTemplate")
        self.save_button.clicked.connect(self.save)
        self.insert_button = QPushButton(self.tr("Insert into reply"), objectName="insertTemplate")
        self.insert_button.setToolTip(self.tr("Insert into the open ticket's reply (double-click a template)"))
        self.insert_button.clicked.connect(self._insert)
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.state, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.insert_button)

        editor = QFrame(objectName="tplCard")
        el = QVBoxLayout(editor)
        el.setContentsMargins(8, 8, 8, 8)
        el.setSpacing(6)
        el.addWidget(self.tabs, 5)
        el.addWidget(self.preview_title)
        el.addWidget(self.preview, 4)
        el.addWidget(self.preview_status)
        el.addLayout(buttons)

        split = QSplitter(Qt.Orientation.Vertical, objectName="templatesSplit")
        split.addWidget(list_box)
        split.addWidget(editor)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 5)
        split.setSizes([220, 620])
        split.setChildrenCollapsible(False)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        lay.setSpacing(6)
        lay.addLayout(top)
        lay.addLayout(filters)
        lay.addWidget(split, 1)

        for w in (self.title_edit, self.shortcut_edit):
            w.textEdited.connect(self._edited)
        self.category_edit.editTextChanged.connect(self._edited)
        for combo in (self.scope_edit, self.language_edit):
            combo.currentIndexChanged.connect(self._edited)
        for w in (self.body_edit, self.prompts_edit, self.macro_edit):
            w.textChanged.connect(self._edited)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # --- the list ---------------------------------------------------------------------------
    def reload(self, *_args) -> None:
        agent_id = self.ctx.agent.id
        search = self.search.text().strip()[:200]
        category = self.category_filter.currentData() or None
        language = self.language_filter.currentData() or None
        sort = self.sort.currentData() or "mine"

        def load(session):
            rows = tp.list_templates(session, agent_id, search=search, category=category, language=language, sort=sort)
            return rows, tp.template_facets(session, agent_id)

        self._reads.read("list", load, self._listed, self._failed)

    @Slot(object)
    def _listed(self, result) -> None:
        rows, (categories, languages) = result
        self._fill_filter(self.category_filter, categories, lambda c: c)
        self._fill_filter(self.language_filter, languages, self._language_name)
        self._fill_categories(categories)
        keep = self.current.id if self.current else None
        self.rows = rows
        self.list.blockSignals(True)
        self.list.clear()
        select = None
        for r in rows:
            item = QTreeWidgetItem([r.title, r.shortcut, r.language, str(r.my_uses)])
            item.setData(0, _ID_ROLE, r.id)
            item.setTextAlignment(3, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setForeground(1, QColor("#2563eb"))
            tip = [r.category] if r.category else []
            if r.scope == "personal":
                f = item.font(0)
                f.setItalic(True)
                item.setFont(0, f)
                tip.append(self.tr("Personal: visible only to you"))
            if r.macro:
                tip.append(self.tr("Also changes the ticket"))
            tip.append(self.tr("Used %1 times by everyone").replace("%1", str(r.usage_count)))
            item.setToolTip(0, " · ".join(tip))
            self.list.addTopLevelItem(item)
            if r.id == keep:
                select = item
        if select is not None:
            self.list.setCurrentItem(select)
        self.list.blockSignals(False)
        self.empty.setVisible(not rows)
        fresh = next((r for r in rows if r.id == keep), None)
        if fresh is not None and fresh != self.current and not self.dirty:
            self._show(fresh)  # changed elsewhere (saved, used): show what is stored now
        self.listed.emit(len(rows))

    def _language_name(self, code: str) -> str:
        return {"ko": self.tr("Korean"), "en": self.tr("English")}.get(code, code)

    @staticmethod
    def _fill_filter(combo: QComboBox, values: list[str], label) -> None:
        current = combo.currentData()
        have = [combo.itemData(i) for i in range(1, combo.count())]
        if have == values:
            return
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for v in values:
            combo.addItem(label(v), v)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        combo.blockSignals(False)

    def _fill_categories(self, categories: list[str]) -> None:
        text = self.category_edit.currentText()
        self.category_edit.blockSignals(True)
        self.category_edit.clear()
        self.category_edit.addItems(categories)
        self.category_edit.setEditText(text)
        self.category_edit.blockSignals(False)

    def select_template(self, template_id) -> bool:
        for i in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(i)
            if item.data(0, _ID_ROLE) == template_id:
                self.list.setCurrentItem(item)
                return True
        return False

    @Slot(object, object)
    def _selected(self, item, previous) -> None:
        if item is None:
            return
        row = next((r for r in self.rows if r.id == item.data(0, _ID_ROLE)), None)
        if row is None or (self.current is not None and row.id == self.current.id):
            return
        if self.dirty and not self.ask_discard(self):
            self.list.blockSignals(True)
            self.list.setCurrentItem(previous)
            self.list.blockSignals(False)
            return
        self._show(row)

    # --- the editor -------------------------------------------------------------------------
    def _show(self, row: tp.TemplateRow | None) -> None:
        self.current = row
        self._loading_editor = True
        self.title_edit.setText(row.title if row else "")
        self.shortcut_edit.setText(row.shortcut if row else "")
        self.scope_edit.setCurrentIndex(max(0, self.scope_edit.findData(row.scope if row else "team")))
        lang = row.language if row else "ko"
        if self.language_edit.findData(lang) < 0:
            self.language_edit.addItem(lang, lang)
        self.language_edit.setCurrentIndex(self.language_edit.findData(lang))
        self.category_edit.setEditText(row.category if row else "")
        self.body_edit.setPlainText(row.body if row else "")
        self.prompts_edit.setPlainText(_compact_json(row.prompts) if row and row.prompts else "")
        self.macro_edit.setPlainText(_compact_json(row.macro) if row and row.macro else "")
        self._loading_editor = False
        self.dirty = False
        self.delete_button.setEnabled(row is not None)
        self.state.setText("" if row else self.tr("New template"))
        self._validate()
        self._refresh_preview()

    def _new(self, *_args, force: bool = False) -> None:
        if not force and self.dirty and not self.ask_discard(self):
            return
        self.list.blockSignals(True)
        self.list.setCurrentItem(None)
        self.list.clearSelection()
        self.list.blockSignals(False)
        self._show(None)
        if not force:
            self.tabs.setCurrentIndex(0)
            self.title_edit.setFocus()

    @Slot()
    def _edited(self, *_args) -> None:
        if self._loading_editor:
            return
        self.dirty = True
        self.state.setText(self.tr("Unsaved changes"))
        self._validate()
        self._preview_timer.start()

    def _parse_json(self, edit: QPlainTextEdit, empty):
        text = edit.toPlainText().strip()
        if not text:
            return empty
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidValue(self.tr("line %1: %2").replace("%1", str(exc.lineno)).replace("%2", exc.msg)) from None

    def fields(self) -> dict:
        """The editor's template, checked as far as is possible without the database."""
        try:
            prompts = tp.validate_prompts(self._parse_json(self.prompts_edit, []))
        except InvalidValue as exc:
            raise InvalidValue(self.tr("Prompts: %1").replace("%1", errors.message(exc))) from None
        try:
            macro = tp.validate_macro(self._parse_json(self.macro_edit, {}), prompts)
        except InvalidValue as exc:
            raise InvalidValue(self.tr("Macro: %1").replace("%1", errors.message(exc))) from None
        return {"title": self.title_edit.text().strip(), "body": self.body_edit.toPlainText(),
                "category": self.category_edit.currentText().strip(), "language": self.language_edit.currentData(),
                "shortcut": self.shortcut_edit.text().strip(), "scope": self.scope_edit.currentData(),
                "prompts": prompts, "macro": macro}

    def _validate(self) -> bool:
        """Live messages under the body, the prompts and the macro; True if it can be saved."""
        ok = True
        error = tp.check_syntax(self.body_edit.toPlainText())
        if error:
            self.syntax.setText(self.tr("Syntax error, %1").replace("%1", error))
            _set_role(self.syntax, "error")
            ok = False
        else:
            self.syntax.setText(self.tr("No syntax errors"))
            _set_role(self.syntax, "ok")
        prompts = []
        for edit, label, check in ((self.prompts_edit, self.prompts_status, "prompts"),
                                   (self.macro_edit, self.macro_status, "macro")):
            try:
                if check == "prompts":
                    prompts = tp.validate_prompts(self._parse_json(edit, []))
                    label.setText(self.tr("%n prompt(s)", "", len(prompts)) if prompts else self.tr("No prompts"))
                else:
                    macro = tp.validate_macro(self._parse_json(edit, {}), prompts)
                    label.setText(self.tr("%n change(s) to the ticket", "", len(macro)) if macro
                                  else self.tr("No macro"))
                _set_role(label, "ok")
            except InvalidValue as exc:
                label.setText(errors.message(exc))
                _set_role(label, "error")
                ok = False
        actions_ok = self.prompts_status.property("role") == "ok" and self.macro_status.property("role") == "ok"
        self.tabs.setTabText(1, self.tr("Prompts and macro") + ("" if actions_ok else " ⚠"))
        self.save_button.setEnabled(ok and bool(self.title_edit.text().strip()))
        self.insert_button.setEnabled(self.current is not None and ok)
        return ok

    def save(self, *_args, then_insert: bool = False) -> None:
        try:
            fields = self.fields()
        except InvalidValue as exc:
            self._show_error(errors.message(exc))
            return
        agent_id, template_id = self.ctx.agent.id, (self.current.id if self.current else None)
        self.save_button.setEnabled(False)
        self.state.setText(self.tr("Saving…"))

        def write(session):
            return then_insert, tp.save_template(session, agent_id, template_id=template_id, **fields)

        self.ctx.runner.write(write, self._saved, self._save_failed)

    @Slot(object)
    def _saved(self, result) -> None:
        then_insert, row = result
        self.current = row
        self.dirty = False
        self.state.setText(self.tr("Saved"))
        self.delete_button.setEnabled(True)
        self._validate()
        self.saved.emit(row)
        self.ctx.changes.changed.emit("template", row.id)
        if then_insert:
            self.applyRequested.emit(row.id)

    @Slot(object)
    def _save_failed(self, exc) -> None:
        self._validate()
        self._show_error(self.tr("Not saved: %1").replace("%1", errors.message(exc)))

    def _show_error(self, message: str) -> None:
        self.state.setText(message)
        self.state.setToolTip(message)
        self.failed.emit(message)

    @staticmethod
    def ask_discard(parent) -> bool:
        """True to drop unsaved edits; tests replace this (no modal in tests)."""
        answer = QMessageBox.question(
            parent, QCoreApplication.translate("TemplatesPane", "Unsaved changes"),
            QCoreApplication.translate("TemplatesPane", "Discard the changes to this template?"))
        return answer == QMessageBox.StandardButton.Yes

    @staticmethod
    def ask_delete(parent, title: str) -> bool:
        """True to delete; tests replace this."""
        answer = QMessageBox.question(
            parent, QCoreApplication.translate("TemplatesPane", "Delete template"),
            QCoreApplication.translate("TemplatesPane", "Delete “%1”?").replace("%1", title))
        return answer == QMessageBox.StandardButton.Yes

    def _delete(self) -> None:
        if self.current is None or not self.ask_delete(self, self.current.title):
            return
        agent_id, template_id = self.ctx.agent.id, self.current.id
        self.ctx.runner.write(lambda s: (template_id, tp.delete_template(s, agent_id, template_id)),
                              self._deleted, self._save_failed)

    @Slot(object)
    def _deleted(self, result) -> None:
        template_id, _ = result
        self._show(None)
        self.state.setText(self.tr("Deleted"))
        self.ctx.changes.changed.emit("template", template_id)

    def _insert(self, *_args) -> None:
        if self.current is None:
            return
        if self.dirty:
            self.save(then_insert=True)  # what is inserted is what is stored
        else:
            self.applyRequested.emit(self.current.id)

    # --- the preview ------------------------------------------------------------------------
    def set_ticket(self, ticket_id) -> None:
        """Previews against this ticket (None: sample data)."""
        self.ticket_id = ticket_id
        self._context = None
        self._context_label = ""
        if not self.isVisible():
            self._context_on_show = True  # the preview is read when the tab is shown (issue 16)
            return
        self._load_context()

    def showEvent(self, event) -> None:
        if self._context_on_show:
            self._context_on_show = False
            self._load_context()
        super().showEvent(event)

    def _load_context(self) -> None:
        if self.ticket_id is None:
            self._reads.cancel("context")  # a ticket's values still on their way are no longer wanted
            self._refresh_preview()
            return
        ticket_id, agent_id = self.ticket_id, self.ctx.agent.id

        def load(session):
            ctx = tp.template_context(session, ticket_id, agent_id)
            customer = getattr(ctx.get("customer"), "name", "")
            return ctx, f"#{ctx['ticket'].number}" + (f" · {customer}" if customer else "")

        self._reads.read("context", load, self._context_loaded, self._context_failed)

    @Slot(object)
    def _context_loaded(self, result) -> None:
        context, label = result
        self._context, self._context_label = context, label
        self._refresh_preview()

    @Slot(object)
    def _context_failed(self, exc) -> None:
        self.ticket_id = None  # the ticket went away: fall back to sample data
        self._context = None
        self._refresh_preview()

    def _refresh_preview(self) -> None:
        self._preview_timer.stop()
        body = self.body_edit.toPlainText()
        context = self._context
        if self.ticket_id is not None and context is None:
            return  # the ticket's values are on their way; they re-render when they arrive
        if context is None:
            self.preview_title.setText(self.tr("Preview with sample data (no ticket open)"))
            context = tp.sample_context(self.ctx.agent.name)
        else:
            self.preview_title.setText(self.tr("Preview for %1").replace("%1", self._context_label))
        try:
            prompts = tp.validate_prompts(self._parse_json(self.prompts_edit, []))
        except InvalidValue:
            prompts = []
        mark = object()
        self._preview_wanted[0] = mark
        wanted = self._preview_wanted

        def fill(_session):
            if wanted[0] is not mark:  # a newer preview was asked for while this one queued
                return prompts, None
            return prompts, tp.render(body, context)

        # On the render lane: a template is code, and a heavy one must neither freeze typing
        # nor hold a read worker the inbox needs (TaskRunner.render; the budget ends it).
        self._reads.render("preview", fill, self._previewed, self._failed)

    @Slot(object)
    def _previewed(self, result) -> None:
        prompts, r = result
        if r is None:
            return  # skipped on the lane: a newer preview follows
        if r.error:
            self.preview.setPlainText("")
            self.preview_status.setText(self.tr("Cannot render: %1").replace("%1", r.error))
            _set_role(self.preview_status, "error")
        else:
            self.preview.setHtml(_preview_html(r.text))
            asked = {f"input.{p['name']}": p["label"] for p in prompts}
            on_insert = [asked[m] for m in r.missing if m in asked]
            missing = [m for m in r.missing if m not in asked]
            parts = []
            if missing:
                parts.append(self.tr("No value for: %1. The reply cannot be sent until it is filled in.")
                             .replace("%1", ", ".join(missing)))
            if on_insert:
                parts.append(self.tr("Asked when inserted: %1").replace("%1", ", ".join(on_insert)))
            self.preview_status.setText(" ".join(parts) if parts else self.tr("Ready to send: every placeholder has a value."))
            _set_role(self.preview_status, "warn" if missing else "ok")
        self.previewed.emit(r)

    @Slot(str, object)
    def _on_changed(self, kind: str, obj_id) -> None:
        if kind == "template":
            self._reload_timer.start()
        elif kind == "ticket" and self.ticket_id is not None and obj_id in (None, self.ticket_id):
            self._context_timer.start()  # the open ticket changed: its values may have too

    @Slot(object)
    def _failed(self, exc) -> None:
        self.failed.emit(errors.message(exc))


__all__ = ["TemplatesPane", "TemplateApplier", "PromptsDialog", "MacroConfirmDialog", "describe_change"]
