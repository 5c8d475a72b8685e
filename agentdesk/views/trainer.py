"""The Trainer console (issue 15): a window of its own for trainers (and the team's leads
and admins), opened from the palette ("Trainer console") like the supervisor view.

- Scenarios: the bundled ones (read-only) and the team's own; a form for the common
  fields and a raw editor (TOML or JSON) validated as you type (debounced; the one-line
  ScenarioError under the editor, its line highlighted); "Preview" plays the customer side
  on the simulation engine directly (a virtual clock the trainer moves on), no sandbox.
- Assignments: scenarios × trainees × mode × due date → assign.
- Results: per trainee, per rubric item (with a chart of scores over time: pyqtgraph,
  imported when the tab first opens), every attempt, "Replay" (the attempt's timeline
  step by step, re-derived by the engine from the stored actions), "Export CSV".

Every read and write goes through services/training_records.py on ctx.runner; who may
do what is agentdesk/training_rules.py (the team server asks it again).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDateTime, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from agentdesk import training_rules as tr
from agentdesk.services import training_records as records
from agentdesk.services.common import current_agent
from agentdesk.services.pii import mask_pii
from agentdesk.ui.kit import errors
from agentdesk.ui.kit.icons import app_icon
from agentdesk.ui.kit.reads import LatestReads
from agentdesk.ui.kit.tasks import AppContext
from agentdesk.views.simulation import mood_text, rule_text

VALIDATE_AFTER_MS = 350  # debounce of the raw editor's live validation
_LINE = re.compile(r"^[^\n]*?:(\d+):")  # "file:12: field: problem" → 12


def may_train(role: str) -> bool:
    return tr.can_use_console(role)


# --- one table model for every list here ------------------------------------------------------
class RowsModel(QAbstractTableModel):
    """Plain rows shown through ``columns``: (header, getter). Read-only."""

    def __init__(self, columns: Sequence[tuple[str, Callable[[Any], Any]]], parent=None):
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            value = self.columns[index.column()][1](self.rows[index.row()])
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.UserRole:
            return self.rows[index.row()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.columns):
            return self.columns[section][0]
        return None

    def row_at(self, row: int) -> Any:
        return self.rows[row] if 0 <= row < len(self.rows) else None


def _table(model: RowsModel, name: str) -> QTableView:
    v = QTableView(objectName=name)
    v.setModel(model)
    v.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    v.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    v.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    v.verticalHeader().hide()
    v.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    v.horizontalHeader().setStretchLastSection(True)
    v.setAlternatingRowColors(True)
    return v


def _when(value: datetime | None) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value else ""


def _clock(seconds: float) -> str:
    s = max(int(seconds), 0)
    return f"{s // 60}:{s % 60:02d}"


# --- Scenarios -------------------------------------------------------------------------------
class ScenariosPane(QWidget):
    """The scenario list, the form and raw editors, and the customer-side preview."""

    saved = Signal(str)
    loaded = Signal()
    validated = Signal(bool)

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self._reads = LatestReads(self, ctx.runner)
        self.may_write = ctx.agent.role in tr.AUTHOR_ROLES
        self.model = RowsModel([
            (self.tr("Id"), lambda r: r.key), (self.tr("Title"), lambda r: r.title),
            (self.tr("Language"), lambda r: r.language), (self.tr("Difficulty"), lambda r: r.difficulty),
            (self.tr("Source"), lambda r: self.tr("bundled") if r.bundled else self.tr("team")),
        ], self)
        self.list = _table(self.model, "trainerScenarioList")
        self.list.selectionModel().currentRowChanged.connect(self._picked)
        self.new_button = QPushButton(self.tr("New scenario"), objectName="trainerNewScenario")
        self.new_button.clicked.connect(self.new_scenario)
        self.save_button = QPushButton(self.tr("Save"), objectName="trainerSaveScenario")
        self.save_button.clicked.connect(self.save)
        self.delete_button = QPushButton(self.tr("Delete"), objectName="trainerDeleteScenario")
        self.delete_button.clicked.connect(self.delete)
        for b in (self.new_button, self.save_button, self.delete_button):
            b.setEnabled(self.may_write)
        self.format = QComboBox(objectName="trainerFormat")
        self.format.addItem("TOML", "toml")
        self.format.addItem("JSON", "json")
        self.read_only = QLabel(objectName="trainerReadOnly")
        self.read_only.setWordWrap(True)
        # the raw editor and its live validation
        self.raw = QPlainTextEdit(objectName="trainerRaw")
        self.raw.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.raw.textChanged.connect(self._edited)
        self.problem = QLabel(objectName="trainerProblem")
        self.problem.setWordWrap(True)
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._debounce = QTimer(self, singleShot=True, interval=VALIDATE_AFTER_MS)
        self._debounce.timeout.connect(self.validate)
        self.valid = False
        self.scenario: Any = None  # the last valid parse (the preview plays it)
        self.error_line: int | None = None
        # the form
        self.form = QWidget(objectName="trainerForm")
        form_outer = QVBoxLayout(self.form)
        fl = QFormLayout()
        form_outer.addLayout(fl)
        form_outer.addStretch(1)
        self.f_title = QLineEdit(objectName="formTitle")
        self.f_language = QComboBox(objectName="formLanguage")
        for code in ("ko", "en"):
            self.f_language.addItem(code, code)
        self.f_difficulty = QComboBox(objectName="formDifficulty")
        for d in ("beginner", "intermediate", "advanced"):
            self.f_difficulty.addItem(d, d)
        self.f_channel = QComboBox(objectName="formChannel")
        for c in ("chat", "email", "phone", "sms", "social"):
            self.f_channel.addItem(c, c)
        self.f_persona = QLineEdit(objectName="formPersona")
        self.f_tier = QComboBox(objectName="formTier")
        for t in ("standard", "silver", "gold", "vip"):
            self.f_tier.addItem(t, t)
        self.f_subject = QLineEdit(objectName="formSubject")
        self.f_opening = QPlainTextEdit(objectName="formOpening")
        self.f_opening.setMaximumHeight(80)
        self.f_hints = QPlainTextEdit(objectName="formHints")
        self.f_hints.setMaximumHeight(80)
        self.f_pass = QSpinBox(objectName="formPassScore")
        self.f_pass.setRange(0, 100)
        fl.addRow(self.tr("Title"), self.f_title)
        fl.addRow(self.tr("Language"), self.f_language)
        fl.addRow(self.tr("Difficulty"), self.f_difficulty)
        fl.addRow(self.tr("Channel"), self.f_channel)
        fl.addRow(self.tr("Customer name"), self.f_persona)
        fl.addRow(self.tr("Customer tier"), self.f_tier)
        fl.addRow(self.tr("Opening subject"), self.f_subject)
        fl.addRow(self.tr("Opening message"), self.f_opening)
        fl.addRow(self.tr("Hints (one a line)"), self.f_hints)
        fl.addRow(self.tr("Pass score"), self.f_pass)
        self.apply_form = QPushButton(self.tr("Write the form into the source"), objectName="trainerApplyForm")
        self.apply_form.clicked.connect(self.form_to_source)
        fl.addRow("", self.apply_form)
        note = QLabel(self.tr("The form rewrites the source from its fields; comments in the source are not kept."))
        note.setWordWrap(True)
        fl.addRow("", note)
        # the preview
        self.preview = PreviewPane(self)
        self.editors = QTabWidget(objectName="trainerEditors")
        raw_box = QWidget()
        rl = QVBoxLayout(raw_box)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.raw, 1)
        rl.addWidget(self.problem)
        self.editors.addTab(self.form, self.tr("Form"))
        self.editors.addTab(raw_box, self.tr("Source"))
        self.editors.addTab(self.preview, self.tr("Preview"))
        self.editors.currentChanged.connect(self._editor_tab)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        ll.addLayout(buttons)
        right = QWidget()
        rr = QVBoxLayout(right)
        rr.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Format")))
        top.addWidget(self.format)
        top.addWidget(self.read_only, 1)
        top.addWidget(self.delete_button)
        top.addWidget(self.save_button)
        rr.addLayout(top)
        rr.addWidget(self.editors, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 2)
        split.setSizes([380, 760])
        lay = QVBoxLayout(self)
        lay.addWidget(split)
        self._bundled = False

    # --- list
    def refresh(self, select: str | None = None) -> None:
        login = self.ctx.agent.login
        self._reads.read("scenarios", lambda s: records.list_scenarios(s, current_agent(s, login)),
                         lambda rows: self._show(rows, select), self._failed)

    def _show(self, rows, select: str | None) -> None:
        current = select or (self.model.row_at(self.list.currentIndex().row()) or records.ScenarioRow(
            "", "", "", "", "", True, "")).key
        self.model.set_rows(rows)
        self.loaded.emit()
        for i, r in enumerate(rows):
            if r.key == current:
                self.list.selectRow(i)
                return
        if rows and not self.raw.toPlainText():
            self.list.selectRow(0)

    def _picked(self, current: QModelIndex, _previous=None) -> None:
        row = self.model.row_at(current.row())
        if row is None:
            return
        login = self.ctx.agent.login
        self._reads.read("text", lambda s: records.scenario_text(s, current_agent(s, login), row.key), self._load,
                         self._failed)

    def _load(self, text: records.ScenarioText) -> None:
        self._bundled = text.bundled
        self.format.setCurrentIndex(max(self.format.findData(text.format), 0))
        self.raw.setPlainText(text.source)
        self.read_only.setText(self.tr("Bundled with AgentDesk: read-only. Save a copy under another id to change it.")
                               if text.bundled else "")
        self.delete_button.setEnabled(self.may_write and not text.bundled)
        self.validate()

    def new_scenario(self) -> None:
        """A starting point: the first bundled scenario's text under a new id."""
        self.list.clearSelection()
        text = self.raw.toPlainText() or ""
        fmt = self.format.currentData()
        try:
            tree = records.scenario_tree(text, fmt) if text else {}
        except Exception:  # noqa: BLE001 (a half-typed source: start from an empty tree)
            tree = {}
        tree["id"] = f"my-scenario-{uuid.uuid4().hex[:6]}"
        tree["title"] = self.tr("New scenario")
        self._bundled = False
        self.read_only.setText("")
        self.raw.setPlainText(records.tree_source(tree, fmt))
        self.validate()

    # --- live validation
    def _edited(self) -> None:
        self._debounce.start()

    def validate(self) -> None:
        """Parses the source on the worker; the newest answer wins."""
        self._debounce.stop()
        text, fmt = self.raw.toPlainText(), self.format.currentData()

        def parse():
            try:
                return tr.parse_source(text, fmt, name="scenario"), None
            except tr.RuleError as exc:
                return None, exc
        self._reads.run("validate", parse, self._validated)

    def _validated(self, result) -> None:
        parsed, error = result
        self.valid = parsed is not None
        self.save_button.setEnabled(self.may_write and self.valid)
        if error is not None:
            problem = str(error.params.get("problem", error)) if getattr(error, "params", None) else str(error)
            self.problem.setText(mask_pii(problem))
            self.problem.setStyleSheet("color: #b3261e;")
            m = _LINE.match(problem)
            self.error_line = int(m.group(1)) if m else None
            self._highlight(self.error_line)
            self.validated.emit(False)
            return
        self.scenario = parsed.scenario
        self._bundled = parsed.key in tr.bundled_ids()
        self.read_only.setText(self.tr("Bundled with AgentDesk: read-only. Save a copy under another id to change it.")
                               if self._bundled else "")
        self.save_button.setEnabled(self.may_write and not self._bundled)
        self.problem.setText(self.tr("Valid: %1 (%2)").replace("%1", parsed.key).replace("%2", parsed.title))
        self.problem.setStyleSheet("color: #2e7d32;")
        self.error_line = None
        self._highlight(None)
        self._fill_form(parsed.scenario)
        self.validated.emit(True)

    def _highlight(self, line: int | None) -> None:
        if line is None or line < 1:
            self.raw.setExtraSelections([])
            return
        block = self.raw.document().findBlockByLineNumber(line - 1)
        sel = QTextEdit.ExtraSelection()
        sel.format.setBackground(QColor("#fde2e1"))
        sel.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        sel.cursor = QTextCursor(block)
        self.raw.setExtraSelections([sel])

    # --- the form
    def _fill_form(self, s) -> None:
        self.f_title.setText(str(s.title))
        self.f_language.setCurrentIndex(max(self.f_language.findData(str(s.language)), 0))
        self.f_difficulty.setCurrentIndex(max(self.f_difficulty.findData(str(s.difficulty)), 0))
        self.f_channel.setCurrentIndex(max(self.f_channel.findData(str(s.channel)), 0))
        self.f_persona.setText(str(s.persona.name))
        self.f_tier.setCurrentIndex(max(self.f_tier.findData(str(s.persona.tier)), 0))
        self.f_subject.setText(str(s.opening.subject or ""))
        self.f_opening.setPlainText(str(s.opening.text))
        self.f_hints.setPlainText("\n".join(str(h) for h in s.hints))
        self.f_pass.setValue(int(s.pass_score))

    def form_to_source(self) -> None:
        fmt = self.format.currentData()
        try:
            tree = records.scenario_tree(self.raw.toPlainText(), fmt)
        except Exception as exc:  # noqa: BLE001 (shown: the source must parse before the form can write it)
            self.problem.setText(errors.message(exc))
            return
        tree.update({"title": self.f_title.text(), "language": self.f_language.currentData(),
                     "difficulty": self.f_difficulty.currentData(), "channel": self.f_channel.currentData(),
                     "pass_score": self.f_pass.value(),
                     "hints": [h.strip() for h in self.f_hints.toPlainText().splitlines() if h.strip()]})
        persona = dict(tree.get("persona") or {})
        persona.update({"name": self.f_persona.text(), "tier": self.f_tier.currentData()})
        opening = dict(tree.get("opening") or {})
        opening.update({"subject": self.f_subject.text(), "text": self.f_opening.toPlainText()})
        tree["persona"], tree["opening"] = persona, opening
        self.raw.setPlainText(records.tree_source(_ordered(tree), fmt))
        self.validate()

    def _editor_tab(self, index: int) -> None:
        if self.editors.widget(index) is self.preview and self.scenario is not None:
            self.preview.load(self.scenario)

    # --- writes
    def save(self) -> None:
        if not self.may_write:
            return
        text, fmt, login = self.raw.toPlainText(), self.format.currentData(), self.ctx.agent.login
        self.ctx.runner.write(lambda s: _commit(s, records.save_scenario(s, current_agent(s, login), text, fmt)),
                              self._saved, self._failed)

    def _saved(self, row: records.ScenarioRow) -> None:
        self.problem.setText(self.tr("Saved %1").replace("%1", row.key))
        self.problem.setStyleSheet("color: #2e7d32;")
        self.read_only.setText("")
        self.refresh(select=row.key)
        self.saved.emit(row.key)

    def delete(self) -> None:
        row = self.model.row_at(self.list.currentIndex().row())
        if row is None or row.bundled or not self.ask_confirm(self, self.tr("Delete scenario"), row.title):
            return
        login = self.ctx.agent.login
        self.ctx.runner.write(lambda s: _commit(s, records.delete_scenario(s, current_agent(s, login), row.key)),
                              lambda _r: self.refresh(), self._failed)

    @classmethod
    def ask_confirm(cls, parent: QWidget, title: str, what: str) -> bool:
        """The confirmation seam; tests replace it."""
        return QMessageBox.question(parent, title, what) == QMessageBox.StandardButton.Yes

    def _failed(self, exc: Exception) -> None:
        self.problem.setText(errors.message(exc))
        self.problem.setStyleSheet("color: #b3261e;")


_TOP_ORDER = ("format", "id", "title", "language", "difficulty", "channel", "summary", "pass_score", "time_limit",
              "hints", "persona", "opening")


def _ordered(tree: dict) -> dict:
    return {**{k: tree[k] for k in _TOP_ORDER if k in tree}, **{k: v for k, v in tree.items() if k not in _TOP_ORDER}}


def _commit(session, result):
    session.commit()
    return result


class PreviewPane(QWidget):
    """Plays the customer side of a scenario: the trainer types as the trainee; the
    simulated customer answers on a virtual clock the trainer moves on."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.session: Any = None
        self.log = QPlainTextEdit(objectName="previewLog")
        self.log.setReadOnly(True)
        self.input = QLineEdit(objectName="previewInput")
        self.input.setPlaceholderText(self.tr("Reply as the trainee, then Enter"))
        self.input.returnPressed.connect(self.send)
        self.mood = QLabel(objectName="previewMood")
        self.clock = QLabel(objectName="previewClock")
        self.wait_30 = QPushButton(self.tr("+30 s"), objectName="previewWait30")
        self.wait_30.clicked.connect(self.wait_short)
        self.wait_120 = QPushButton(self.tr("+2 min"), objectName="previewWait120")
        self.wait_120.clicked.connect(self.wait_long)
        self.restart = QPushButton(self.tr("Start over"), objectName="previewRestart")
        self.restart.clicked.connect(self._restart)
        bar = QHBoxLayout()
        bar.addWidget(self.clock)
        bar.addWidget(self.mood, 1)
        bar.addWidget(self.wait_30)
        bar.addWidget(self.wait_120)
        bar.addWidget(self.restart)
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.log, 1)
        lay.addWidget(self.input)
        self._scenario: Any = None

    def load(self, scenario) -> None:
        if scenario is self._scenario and self.session is not None:
            return
        self._scenario = scenario
        self._restart()

    def _restart(self) -> None:
        from agentdesk.simulation.engine import Session

        self.log.clear()
        if self._scenario is None:
            return
        self.session = Session(self._scenario, mode="practice")
        self._customer(self.session.start())

    def _customer(self, messages) -> None:
        who = self.tr("Customer")
        for m in messages:
            self.log.appendPlainText(f"[{_clock(m.at)}] {who} ({mood_text(m.mood)}): {mask_pii(m.text)}")
        self._status()

    def _status(self) -> None:
        if self.session is None:
            return
        self.clock.setText(self.tr("Clock %1").replace("%1", _clock(self.session.now)))
        self.mood.setText(self.tr("Mood: %1").replace("%1", mood_text(str(self.session.mood))))
        ended = bool(self.session.ended)
        self.input.setEnabled(not ended)

    def send(self) -> None:
        text = self.input.text().strip()
        if not text or self.session is None or self.session.ended:
            return
        from agentdesk.simulation.engine import Action

        at = self.session.now + 5  # typing takes a moment on the virtual clock
        self.input.clear()
        who = self.tr("Trainee")
        self.log.appendPlainText(f"[{_clock(at)}] {who}: {mask_pii(text)}")
        self._customer(self.session.act(Action(at=at, do="reply", text=text)))

    def wait_short(self) -> None:
        self.wait(30)

    def wait_long(self) -> None:
        self.wait(120)

    def wait(self, seconds: float) -> None:
        if self.session is None or self.session.ended:
            return
        self._customer(self.session.advance(self.session.now + seconds))


# --- Assignments -----------------------------------------------------------------------------
class AssignmentsPane(QWidget):
    assigned = Signal()
    loaded = Signal()

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self._reads = LatestReads(self, ctx.runner)
        self.scenarios = QListWidget(objectName="assignScenarios")
        self.trainees = QListWidget(objectName="assignTrainees")
        self.mode = QComboBox(objectName="assignMode")
        self.mode.addItem(self.tr("Practice"), "practice")
        self.mode.addItem(self.tr("Certification"), "certification")
        self.has_due = QCheckBox(self.tr("Due"), objectName="assignHasDue")
        self.due = QDateTimeEdit(QDateTime.currentDateTime().addDays(7), objectName="assignDue")
        self.due.setCalendarPopup(True)
        self.due.setEnabled(False)
        self.has_due.toggled.connect(self.due.setEnabled)
        self.note = QLineEdit(objectName="assignNote")
        self.note.setPlaceholderText(self.tr("Note for the trainee (optional)"))
        self.assign_button = QPushButton(self.tr("Assign"), objectName="assignButton")
        self.assign_button.clicked.connect(self.assign)
        self.message = QLabel(objectName="assignMessage")
        self.message.setWordWrap(True)
        self.model = RowsModel([
            (self.tr("Trainee"), lambda r: r.trainee), (self.tr("Scenario"), lambda r: r.title),
            (self.tr("Mode"), lambda r: self._mode_label(r.mode)), (self.tr("Due"), lambda r: _when(r.due_at)),
            (self.tr("Attempts"), lambda r: r.attempts), (self.tr("Best"), lambda r: r.best),
            (self.tr("Passed"), lambda r: self.tr("yes") if r.passed else ""), (self.tr("Note"), lambda r: mask_pii(r.note)),
        ], self)
        self.table = _table(self.model, "assignTable")
        pick = QHBoxLayout()
        for title, w in ((self.tr("Scenarios"), self.scenarios), (self.tr("Trainees"), self.trainees)):
            box = QVBoxLayout()
            box.addWidget(QLabel(title))
            box.addWidget(w)
            pick.addLayout(box, 1)
        form = QFormLayout()
        form.addRow(self.tr("Mode"), self.mode)
        due = QHBoxLayout()
        due.addWidget(self.has_due)
        due.addWidget(self.due, 1)
        form.addRow(self.tr("Due date"), due)
        form.addRow(self.tr("Note"), self.note)
        form.addRow("", self.assign_button)
        form.addRow("", self.message)
        side = QVBoxLayout()
        side.addLayout(form)
        side.addStretch(1)
        pick.addLayout(side, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(pick, 2)
        lay.addWidget(QLabel(self.tr("Assigned")))
        lay.addWidget(self.table, 3)

    def _mode_label(self, mode: str) -> str:
        return self.tr("Certification") if mode == "certification" else self.tr("Practice")

    def refresh(self) -> None:
        login = self.ctx.agent.login

        def read(s):
            me = current_agent(s, login)
            return (records.list_scenarios(s, me), records.list_trainees(s, me),
                    records.list_assignments(s, actor=me))
        self._reads.read("assignments", read, self._show, self._failed)

    def _show(self, result) -> None:
        scenarios, trainees, assignments = result
        checked = {self.scenarios.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.scenarios.count())
                   if self.scenarios.item(i).checkState() == Qt.CheckState.Checked}
        self.scenarios.clear()
        for s in scenarios:
            it = QListWidgetItem(f"{s.title}  ·  {s.key}")
            it.setData(Qt.ItemDataRole.UserRole, s.key)
            it.setCheckState(Qt.CheckState.Checked if s.key in checked else Qt.CheckState.Unchecked)
            self.scenarios.addItem(it)
        who = {self.trainees.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.trainees.count())
               if self.trainees.item(i).checkState() == Qt.CheckState.Checked}
        self.trainees.clear()
        for t in trainees:
            it = QListWidgetItem(f"{t.name} ({t.login})")
            it.setData(Qt.ItemDataRole.UserRole, t.id)
            it.setCheckState(Qt.CheckState.Checked if t.id in who else Qt.CheckState.Unchecked)
            self.trainees.addItem(it)
        self.model.set_rows(assignments)
        self.loaded.emit()

    def check(self, scenario_keys: Sequence[str], trainee_ids: Sequence[uuid.UUID]) -> None:
        """Ticks scenarios and trainees (the palette and tests use it)."""
        for i in range(self.scenarios.count()):
            it = self.scenarios.item(i)
            it.setCheckState(Qt.CheckState.Checked if it.data(Qt.ItemDataRole.UserRole) in scenario_keys
                             else Qt.CheckState.Unchecked)
        for i in range(self.trainees.count()):
            it = self.trainees.item(i)
            it.setCheckState(Qt.CheckState.Checked if it.data(Qt.ItemDataRole.UserRole) in trainee_ids
                             else Qt.CheckState.Unchecked)

    def assign(self) -> None:
        keys = [self.scenarios.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.scenarios.count())
                if self.scenarios.item(i).checkState() == Qt.CheckState.Checked]
        who = [self.trainees.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.trainees.count())
               if self.trainees.item(i).checkState() == Qt.CheckState.Checked]
        if not keys or not who:
            self.message.setText(self.tr("Tick at least one scenario and one trainee."))
            return
        mode, note, login = self.mode.currentData(), self.note.text(), self.ctx.agent.login
        due = self.due.dateTime().toPython().astimezone(UTC) if self.has_due.isChecked() else None

        def write(s):
            me = current_agent(s, login)
            made = [i for k in keys for i in records.assign(s, me, k, who, mode, due_at=due, note=note)]
            s.commit()
            return len(made)
        self.assign_button.setEnabled(False)
        self.ctx.runner.write(write, self._assigned, self._failed, on_bug=lambda _e: self.assign_button.setEnabled(True))

    def _assigned(self, n: int) -> None:
        self.assign_button.setEnabled(True)
        self.message.setText(self.tr("%n assignment(s) made.", "", n))
        self.note.clear()
        self.refresh()
        self.assigned.emit()

    def _failed(self, exc: Exception) -> None:
        self.assign_button.setEnabled(True)
        self.message.setText(errors.message(exc))


# --- Results ---------------------------------------------------------------------------------
class ResultsPane(QWidget):
    loaded = Signal()
    exported = Signal(int)

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self._reads = LatestReads(self, ctx.runner)
        self.trainees = RowsModel([
            (self.tr("Trainee"), lambda r: r.trainee), (self.tr("Attempts"), lambda r: r.attempts),
            (self.tr("Best"), lambda r: r.best), (self.tr("Last"), lambda r: r.last),
            (self.tr("Passed"), lambda r: r.passed), (self.tr("Last attempt"), lambda r: _when(r.last_at)),
        ], self)
        self.items = RowsModel([
            (self.tr("Rubric item"), lambda r: r.label), (self.tr("Scored"), lambda r: r.attempts),
            (self.tr("Average"), lambda r: f"{round(r.average * 100)}%"),
        ], self)
        self.attempts = RowsModel([
            (self.tr("Started"), lambda r: _when(r.started_at)), (self.tr("Trainee"), lambda r: r.trainee),
            (self.tr("Scenario"), lambda r: r.title),
            (self.tr("Mode"), lambda r: self.tr("Certification") if r.mode == "certification" else self.tr("Practice")),
            (self.tr("Score"), lambda r: r.score), (self.tr("Passed"), lambda r: self.tr("yes") if r.passed
                                                     else self.tr("no")),
            (self.tr("Auto-fail"), lambda r: ", ".join(rule_text(rule) for rule in r.auto_fail)),
        ], self)
        self.trainee_table = _table(self.trainees, "resultsTrainees")
        self.item_table = _table(self.items, "resultsItems")
        self.attempt_table = _table(self.attempts, "resultsAttempts")
        self.attempt_table.doubleClicked.connect(self._double_clicked)
        self.replay_button = QPushButton(self.tr("Replay"), objectName="resultsReplay")
        self.replay_button.clicked.connect(self.replay)
        self.export_button = QPushButton(self.tr("Export CSV…"), objectName="resultsExport")
        self.export_button.clicked.connect(self.export)
        self.message = QLabel(objectName="resultsMessage")
        self.chart_box = QVBoxLayout()
        self.chart_choice = QComboBox(objectName="resultsChartChoice")
        self.chart_choice.addItem(self.tr("Scores by trainee"), "")
        self.chart_choice.currentIndexChanged.connect(self._draw)
        self.chart_box.addWidget(self.chart_choice)
        self.chart: Any = None
        self._scores: list = []
        self._items: list = []
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self.trainee_table)
        top.addWidget(self.item_table)
        chart_holder = QWidget()
        chart_holder.setLayout(self.chart_box)
        top.addWidget(chart_holder)
        top.setSizes([420, 300, 420])
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Attempts")))
        bar.addStretch(1)
        bar.addWidget(self.message)
        bar.addWidget(self.replay_button)
        bar.addWidget(self.export_button)
        lay = QVBoxLayout(self)
        lay.addWidget(top, 1)
        lay.addLayout(bar)
        lay.addWidget(self.attempt_table, 1)

    def refresh(self) -> None:
        login = self.ctx.agent.login

        def read(s):
            me = current_agent(s, login)
            return (records.results_by_trainee(s, me), records.results_by_item(s, me), records.list_attempts(s, me),
                    records.scores_over_time(s, me))
        self._reads.read("results", read, self._show, self._failed)

    def _show(self, result) -> None:
        by_trainee, by_item, attempts, scores = result
        self.trainees.set_rows(by_trainee)
        self.items.set_rows(by_item)
        self.attempts.set_rows(attempts)
        self._scores, self._items = scores, by_item
        chosen = self.chart_choice.currentData()
        self.chart_choice.blockSignals(True)
        while self.chart_choice.count() > 1:
            self.chart_choice.removeItem(1)
        for item in by_item:
            self.chart_choice.addItem(self.tr("Rubric item: %1").replace("%1", item.label), item.item_id)
        self.chart_choice.setCurrentIndex(max(self.chart_choice.findData(chosen), 0))
        self.chart_choice.blockSignals(False)
        self._draw()
        self.loaded.emit()

    def ensure_chart(self) -> None:
        """pyqtgraph is imported the first time the tab opens (about a second)."""
        if self.chart is not None:
            return
        import pyqtgraph as pg

        self.chart = pg.PlotWidget(background=None)
        self.chart.setObjectName("resultsChart")
        self.chart.setMinimumHeight(160)
        self.chart.setTitle(self.tr("Scores over time"), size="9pt")
        self.chart.setLabel("left", self.tr("Score"))
        self.chart.setYRange(0, 100)
        self.chart.showGrid(y=True, alpha=0.2)
        self.chart.setMouseEnabled(x=False, y=False)
        self.chart.hideButtons()
        self.chart.addLegend(offset=(-10, 10), labelTextSize="8pt")
        self.chart.setAxisItems({"bottom": pg.DateAxisItem()})
        self.chart_box.addWidget(self.chart)
        self._draw()

    def _draw(self) -> None:
        if self.chart is None:
            return
        import pyqtgraph as pg

        self.chart.clear()
        by: dict[str, list[tuple[float, float]]] = {}
        item_id = self.chart_choice.currentData()
        if item_id:  # one rubric item: its average share of points per day, in percent
            item = next((i for i in self._items if i.item_id == item_id), None)
            for day, avg in (item.series if item is not None else ()):
                stamp = datetime.fromisoformat(day).replace(hour=12, tzinfo=UTC).timestamp()
                by.setdefault(item.label, []).append((stamp, round(avg * 100, 1)))
        else:
            for when, who, score in self._scores:
                by.setdefault(who, []).append((when.timestamp(), score))
        colors = ("#2f6fd0", "#d08a1e", "#2e9d4f", "#8a5cd0", "#b3261e", "#1e9bb0")
        for n, (who, pts) in enumerate(sorted(by.items())):
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            self.chart.plot(xs, ys, name=who, pen=pg.mkPen(colors[n % len(colors)], width=2), symbol="o",
                            symbolSize=6, symbolBrush=colors[n % len(colors)])

    def _double_clicked(self, _index: QModelIndex) -> None:
        self.replay()

    def selected_attempt(self):
        return self.attempts.row_at(self.attempt_table.currentIndex().row())

    def replay(self) -> None:
        row = self.selected_attempt()
        if row is None:
            self.message.setText(self.tr("Pick an attempt to replay."))
            return
        login = self.ctx.agent.login
        self._reads.read("replay", lambda s: records.replay_attempt(s, current_agent(s, login), row.id),
                         self.show_replay, self._failed)

    def show_replay(self, replay: records.Replay) -> None:
        dlg = ReplayDialog(replay, self)
        self.open_dialog(dlg)

    @classmethod
    def open_dialog(cls, dlg: QDialog) -> None:
        """The replay dialog's seam (tests look at it instead)."""
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()

    @classmethod
    def ask_path(cls, parent: QWidget, title: str, suggested: str) -> str:
        """Where to write (the file dialog); tests replace this seam."""
        path, _filter = QFileDialog.getSaveFileName(parent, title, suggested, "CSV (*.csv)")
        return path

    def export(self) -> None:
        path = self.ask_path(self, self.tr("Export results"), f"training-results-{datetime.now():%Y%m%d}.csv")
        if not path:
            return
        login = self.ctx.agent.login
        self.ctx.runner.read(lambda s: records.export_results_csv(s, current_agent(s, login), path), self._exported,
                             self._failed)

    def _exported(self, n: int) -> None:
        self.message.setText(self.tr("%n attempt(s) exported.", "", n))
        self.exported.emit(n)

    def _failed(self, exc: Exception) -> None:
        self.message.setText(errors.message(exc))


class ReplayDialog(QDialog):
    """An attempt's timeline, step by step (Next / Previous / All)."""

    def __init__(self, replay: records.Replay, parent=None):
        super().__init__(parent)
        self.setObjectName("trainerReplay")
        self.replay = replay
        a = replay.attempt
        self.setWindowTitle(self.tr("Replay: %1 — %2").replace("%1", a.trainee).replace("%2", a.title))
        head = QLabel(self.tr("Score %1 · %2").replace("%1", str(replay.score)).replace(
            "%2", self.tr("passed") if replay.passed else self.tr("not passed")), objectName="replayHead")
        note = QLabel("" if replay.rederived else self.tr(
            "The scenario has changed since this attempt: the stored timeline is shown."))
        note.setWordWrap(True)
        self.steps = QListWidget(objectName="replaySteps")
        self.shown = 0
        self.next_button = QPushButton(self.tr("Next step"), objectName="replayNext")
        self.next_button.clicked.connect(self.next_step)
        self.prev_button = QPushButton(self.tr("Previous step"), objectName="replayPrev")
        self.prev_button.clicked.connect(self.previous_step)
        self.all_button = QPushButton(self.tr("Show all"), objectName="replayAll")
        self.all_button.clicked.connect(self.show_all)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.rejected.connect(self.reject)
        bar = QHBoxLayout()
        bar.addWidget(self.prev_button)
        bar.addWidget(self.next_button)
        bar.addWidget(self.all_button)
        bar.addStretch(1)
        bar.addWidget(box)
        lay = QVBoxLayout(self)
        lay.addWidget(head)
        lay.addWidget(note)
        lay.addWidget(self.steps, 1)
        lay.addLayout(bar)
        self.resize(720, 520)
        self.next_step()

    def _who(self, who: str) -> str:
        return {"customer": self.tr("Customer"), "agent": self.tr("Trainee"), "system": self.tr("System")}.get(who, who)

    def _render(self) -> None:
        self.steps.clear()
        for st in self.replay.steps[:self.shown]:
            it = QListWidgetItem(f"[{_clock(st.at)}] {self._who(st.who)} · {st.kind}: {st.text}")
            if st.who == "customer":
                it.setForeground(QColor("#1d4f91"))
            elif st.who == "system":
                it.setForeground(QColor("#8c8c8c"))
            self.steps.addItem(it)
        self.steps.scrollToBottom()
        self.next_button.setEnabled(self.shown < len(self.replay.steps))
        self.prev_button.setEnabled(self.shown > 1)

    def next_step(self) -> None:
        self.shown = min(self.shown + 1, len(self.replay.steps))
        self._render()

    def previous_step(self) -> None:
        self.shown = max(self.shown - 1, 1 if self.replay.steps else 0)
        self._render()

    def show_all(self) -> None:
        self.shown = len(self.replay.steps)
        self._render()


# --- the window --------------------------------------------------------------------------------
class TrainerWindow(QMainWindow):
    """The Trainer console: Scenarios, Assignments, Results."""

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("trainerWindow")
        self.setWindowTitle(self.tr("Trainer console — AgentDesk"))
        self.setWindowIcon(app_icon())
        self.tabs = QTabWidget(objectName="trainerTabs")
        self.tabs.setDocumentMode(True)
        self.scenarios = ScenariosPane(ctx, self)
        self.assignments = AssignmentsPane(ctx, self)
        self.results = ResultsPane(ctx, self)
        self.tabs.addTab(self.scenarios, self.tr("Scenarios"))
        self.tabs.addTab(self.assignments, self.tr("Assignments"))
        self.tabs.addTab(self.results, self.tr("Results"))
        self.tabs.currentChanged.connect(self._tab)
        self.scenarios.saved.connect(self._scenario_saved)
        self.assignments.assigned.connect(self.results.refresh)
        ctx.changes.changed.connect(self._changed)
        self.setCentralWidget(self.tabs)
        self.resize(1180, 720)
        close = QShortcut(QKeySequence("Ctrl+W"), self)
        close.activated.connect(self.close)
        refresh = QShortcut(QKeySequence("F5"), self)
        refresh.activated.connect(self.refresh)

    def start(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        self.scenarios.refresh()
        self.assignments.refresh()
        self.results.refresh()

    def _scenario_saved(self, _key: str) -> None:
        self.assignments.refresh()

    def _tab(self, index: int) -> None:
        if self.tabs.widget(index) is self.results:
            self.results.ensure_chart()

    def _changed(self, kind: str, _id) -> None:
        if kind == "training":  # a pull brought scenarios, assignments or attempts
            self.refresh()


def due_in(days: int) -> datetime:
    return datetime.now(UTC) + timedelta(days=days)
