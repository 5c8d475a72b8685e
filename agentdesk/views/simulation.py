"""Training sessions' panes (issue 15): the "Start training" dialog, the training bar (the
virtual clock, pause, speed, each customer's mood, hints, End session) and the scorecard.
The training window that holds them (the desk on a sandbox, under its banner) is the
shell's: agentdesk/ui/training.py.

Nothing here reads SQL: the bridge's steps run on the window's write lane
(``ctx.runner.write``), the clock is a QTimer on the GUI thread.
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass, field

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, QElapsedTimer, QModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from agentdesk.services.pii import mask_pii
from agentdesk.ui.kit import errors
from agentdesk.ui.kit.tasks import AppContext
from agentdesk.ui.kit.timers import make_timer

# The engine's codes (simulation/engine.py), as the training window and the trainer console
# both show them: one table, translated in context "training".
MOOD_TEXTS = {"patient": QT_TRANSLATE_NOOP("training", "patient"), "calm": QT_TRANSLATE_NOOP("training", "calm"),
              "annoyed": QT_TRANSLATE_NOOP("training", "annoyed"), "angry": QT_TRANSLATE_NOOP("training", "angry")}
RULE_TEXTS = {
    "disclose_before_identity": QT_TRANSLATE_NOOP("training", "Account details before the identity check"),
    "ask_card_password": QT_TRANSLATE_NOOP("training", "Asked for the card password"),
    "ask_cvc": QT_TRANSLATE_NOOP("training", "Asked for the CVC"),
    "ask_rrn_back": QT_TRANSLATE_NOOP("training", "Asked for the back digits of the resident registration number"),
    "promise_forbidden": QT_TRANSLATE_NOOP("training", "A promise policy forbids"),
    "forbidden_phrase": QT_TRANSLATE_NOOP("training", "A forbidden phrase"),
}


def mood_text(mood: str) -> str:
    """A customer's mood code in the interface language (an unknown code as it is)."""
    return QCoreApplication.translate("training", MOOD_TEXTS[mood]) if mood in MOOD_TEXTS else mood


def rule_text(rule: str) -> str:
    """An auto-fail rule's code in the interface language (an unknown code as it is)."""
    return QCoreApplication.translate("training", RULE_TEXTS[rule]) if rule in RULE_TEXTS else rule

log = logging.getLogger("agentdesk.ui")

TICK_MS = 250  # wall time between clock ticks (and bridge steps)
SPEEDS = (1, 2, 4, 8)
MOOD_COLOURS = {"patient": "#15803d", "calm": "#0f766e", "annoyed": "#b45309", "angry": "#b91c1c"}
BANNER_TEXT = "TRAINING / 교육"  # both languages always: whoever looks at the screen reads it
AGENT_COLOUR = "#c2410c"  # the trainee's lines in the scorecard's timeline (ui/theme.TRAINING_ACCENT)


def clock_text(seconds: float) -> str:
    """Virtual time as mm:ss (h:mm:ss past an hour)."""
    s = max(0, int(seconds))
    h, rest = divmod(s, 3600)
    m, sec = divmod(rest, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m:02d}:{sec:02d}"


# --- choosing scenarios ------------------------------------------------------------------------
class ScenarioTableModel(QAbstractTableModel):
    """The scenarios to choose from, each with a check box (several at once: juggling)."""

    COLUMNS = ("title", "language", "difficulty", "channel", "assigned")

    def __init__(self, scenarios, parent=None, assigned=None):
        super().__init__(parent)
        self.scenarios = list(scenarios)
        self.assigned = dict(assigned or {})  # scenario id → training.Assigned (the trainee's open assignments)
        self.checked: set[str] = set()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 — Qt's signature
        return 0 if parent.isValid() else len(self.scenarios)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def _header(self, section: int) -> str:
        return (self.tr("Scenario"), self.tr("Language"), self.tr("Difficulty"), self.tr("Channel"),
                self.tr("Assigned to you"))[section]

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.COLUMNS):
            return self._header(section)
        return None

    def _label(self, column: str, value: str) -> str:
        labels = {
            "language": {"ko": self.tr("Korean"), "en": self.tr("English")},
            "difficulty": {"beginner": self.tr("Beginner"), "intermediate": self.tr("Intermediate"),
                           "advanced": self.tr("Advanced")},
        }
        if column == "channel":
            from agentdesk.ui.kit import fmt

            return fmt.label(value)
        return labels.get(column, {}).get(value, value)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self.scenarios)):
            return None
        sc = self.scenarios[index.row()]
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if column == "assigned":
                return self._assigned_text(sc.id)
            return sc.title if column == "title" else self._label(column, str(getattr(sc, column)))
        if role == Qt.ItemDataRole.CheckStateRole and column == "title":
            return Qt.CheckState.Checked if sc.id in self.checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{sc.id}\n{sc.summary}" if getattr(sc, "summary", "") else sc.id
        if role == Qt.ItemDataRole.UserRole:
            return sc.id
        return None

    def _assigned_text(self, scenario_id: str) -> str:
        a = self.assigned.get(scenario_id)
        if a is None:
            return ""
        mode = self.tr("Certification") if a.mode == "certification" else self.tr("Practice")
        if a.due_at is None:
            return mode
        return self.tr("%1 · due %2").replace("%1", mode).replace("%2", a.due_at.astimezone().strftime("%Y-%m-%d"))

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        f = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return f | Qt.ItemFlag.ItemIsUserCheckable if index.column() == 0 else f

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole or index.column() != 0:
            return False
        sid = self.scenarios[index.row()].id
        on = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
        (self.checked.add if on else self.checked.discard)(sid)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def toggle(self, row: int) -> None:
        index = self.index(row, 0)
        on = self.scenarios[row].id not in self.checked
        self.setData(index, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)

    def chosen(self) -> list:
        return [s for s in self.scenarios if s.id in self.checked]


@dataclass(frozen=True)
class TrainingChoice:
    scenarios: list
    mode: str  # practice | certification
    assignments: dict = field(default_factory=dict)  # scenario id → assignment id its attempt is recorded against


class StartTrainingDialog(QDialog):
    """Which scenarios (one or several at once) and which mode. ``ask`` is the seam tests replace."""

    def __init__(self, scenarios, problems=(), parent=None, assigned=None):
        super().__init__(parent)
        self.setObjectName("startTraining")
        self.setWindowTitle(self.tr("Start a training session"))
        self.model = ScenarioTableModel(scenarios, self, assigned)
        self.table = QTableView(objectName="scenarioTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3, 4):
            self.table.horizontalHeader().setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(self._double_clicked)
        intro = QLabel(self.tr("Choose one scenario, or several to practise handling them at once. "
                               "The session runs in a sandbox: nothing reaches a customer or your workspace."),
                       wordWrap=True)
        self.practice = QRadioButton(self.tr("Practice (hints shown)"), objectName="practiceMode", checked=True)
        self.certification = QRadioButton(self.tr("Certification (no hints; the attempt is recorded)"),
                                          objectName="certificationMode")
        modes = QButtonGroup(self)
        modes.addButton(self.practice)
        modes.addButton(self.certification)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.start_button = self.buttons.addButton(self.tr("Start"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.start_button.setObjectName("startButton")
        self.start_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.model.dataChanged.connect(self._update_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        if problems:
            note = QLabel(self.tr("Left out (the file does not load): %1").replace("%1", "; ".join(problems)),
                          wordWrap=True, objectName="scenarioProblems")
            note.setStyleSheet("color: #b91c1c;")
            layout.addWidget(note)
        row = QHBoxLayout()
        row.addWidget(self.practice)
        row.addWidget(self.certification)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.buttons)
        self.resize(720, 460)

    @Slot(QModelIndex)
    def _double_clicked(self, index: QModelIndex) -> None:
        if index.column() != 0:
            self.model.toggle(index.row())

    @Slot()
    def _update_button(self, *_args) -> None:
        self.start_button.setEnabled(bool(self.model.checked))

    def choice(self) -> TrainingChoice:
        """The checked scenarios in the chosen mode; an assigned one is recorded against its
        assignment when played in the assignment's mode."""
        mode = "certification" if self.certification.isChecked() else "practice"
        chosen = self.model.chosen()
        assignments = {s.id: a.id for s in chosen if (a := self.model.assigned.get(s.id)) is not None and a.mode == mode}
        return TrainingChoice(chosen, mode, assignments)

    @classmethod
    def ask(cls, parent, scenarios, problems=(), mode: str = "practice", assigned=None) -> TrainingChoice | None:
        dialog = cls(scenarios, problems, parent, assigned)
        dialog.certification.setChecked(mode == "certification")
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.model.checked:
            return None
        return dialog.choice()


# --- the clock and the bridge ---------------------------------------------------------------------
class TrainingClock(QWidget):
    """The virtual clock, pause/resume, speed, each scenario's mood and the hints: the bar
    under the banner. Ticks every 250 ms of wall time; each tick steps the bridge on the
    write lane (one step in flight at a time) and refreshes the panes the customers wrote to."""

    stepped = Signal(object)  # training.StepResult
    finished = Signal(object)  # [(Scorecard, record)]
    failed = Signal(str)
    scenarioRequested = Signal(object)  # a ticket id: the trainee clicked a mood chip

    def __init__(self, ctx: AppContext, run, parent=None):
        super().__init__(parent)
        self.ctx, self.run = ctx, run
        self.sandbox = run.sandbox
        self.now = 0.0
        self.speed = 1.0
        self.paused = False
        self.ended = False
        self._busy = False
        self._pending_finish = False
        self.actions_taken = 0  # the trainee's actions the bridge has given the engine so far
        self._elapsed = QElapsedTimer()
        self._elapsed.start()
        self.timer = make_timer(self, TICK_MS, self._tick)
        self._build()

    def _build(self) -> None:
        bar = QFrame(objectName="trainingBar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(10, 4, 10, 4)
        self.clock = QLabel(clock_text(0), objectName="trainingClock")
        self.clock.setToolTip(self.tr("Virtual time since the session started"))
        self.pause_button = QToolButton(objectName="pauseTraining", text=self.tr("Pause"), checkable=True)
        self.pause_button.toggled.connect(self.set_paused)
        row.addWidget(self.clock)
        row.addWidget(self.pause_button)
        row.addWidget(QLabel(self.tr("Speed")))
        self.speed_buttons: dict[int, QToolButton] = {}
        group = QButtonGroup(self)
        group.setExclusive(True)
        for speed in SPEEDS:
            b = QToolButton(objectName=f"speed{speed}", text=f"{speed}×", checkable=True, checked=speed == 1)
            b.clicked.connect(lambda _c=False, v=speed: self.set_speed(v))
            group.addButton(b)
            row.addWidget(b)
            self.speed_buttons[speed] = b
        row.addSpacing(16)
        self.mood_chips: dict[str, QToolButton] = {}
        for sc in self.sandbox.scenarios:
            chip = QToolButton(objectName=f"mood-{sc.id}")
            chip.clicked.connect(lambda _c=False, sid=sc.id: self.scenarioRequested.emit(self.sandbox.tickets[sid]))
            self.mood_chips[sc.id] = chip
            row.addWidget(chip)
        row.addStretch(1)
        self.hints_button = QToolButton(objectName="hintsButton", text=self.tr("Hints"), checkable=True)
        self.hints_button.setVisible(self.run.mode == "practice" and any(sc.hints for sc in self.sandbox.scenarios))
        row.addWidget(self.hints_button)
        self.end_button = QPushButton(self.tr("End session"), objectName="endTraining")
        self.end_button.clicked.connect(self.request_finish)
        row.addWidget(self.end_button)
        self.hints = QLabel(objectName="trainingHints", wordWrap=True)
        self.hints.setTextFormat(Qt.TextFormat.RichText)
        self.hints.setText(self._hints_html())
        self.hints.hide()
        self.hints_button.toggled.connect(self.hints.setVisible)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(bar)
        layout.addWidget(self.hints)
        self.show_moods(self.run.moods())

    def show_hints_for(self, scenario_id: str | None) -> None:
        """The hints follow the open ticket: its scenario's only (all of them when the open
        ticket is none of the scenarios'), so the ticket keeps its room."""
        self.hints.setText(self._hints_html(scenario_id))

    def _hints_html(self, scenario_id: str | None = None) -> str:
        parts = []
        for sc in self.sandbox.scenarios:
            if sc.hints and scenario_id in (None, sc.id):
                items = "".join(f"<li>{html.escape(h)}</li>" for h in sc.hints)
                parts.append(f"<b>{html.escape(sc.title)}</b><ul style='margin:2px 0'>{items}</ul>")
        return "".join(parts)

    def mood_label(self, mood: str) -> str:
        return mood_text(mood)

    def show_moods(self, moods: dict[str, str]) -> None:
        for sc in self.sandbox.scenarios:
            mood = moods.get(sc.id, "")
            chip = self.mood_chips[sc.id]
            if chip.property("mood") == mood:
                continue  # a step 4× a second: the chip is restyled only when the mood moves
            chip.setText(f"{sc.title} · {self.mood_label(mood)}")
            chip.setProperty("mood", mood)
            chip.setToolTip(self.tr("Customer's mood: %1 (click to open the ticket)").replace("%1", self.mood_label(mood)))
            colour = MOOD_COLOURS.get(mood, "#475569")
            chip.setStyleSheet(f"QToolButton {{ color: white; background: {colour}; border: none; "
                               f"border-radius: 10px; padding: 3px 10px; font-weight: bold; }}")

    # -- the clock ----------------------------------------------------------------------------------
    def start(self) -> None:
        self._elapsed.restart()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    @Slot(bool)
    def set_paused(self, paused: bool) -> None:
        self._advance_wall()  # time up to now counts at the old rate
        self.paused = bool(paused)
        if self.pause_button.isChecked() != self.paused:
            self.pause_button.setChecked(self.paused)
        self.pause_button.setText(self.tr("Resume") if self.paused else self.tr("Pause"))

    def set_speed(self, speed: float) -> None:
        """1×, 2×, 4×, 8× from the bar; any positive factor from code (tests, a trainer's room)."""
        self._advance_wall()
        self.speed = float(speed)
        button = self.speed_buttons.get(int(speed)) if float(speed).is_integer() else None
        if button is not None and not button.isChecked():
            button.setChecked(True)

    def skip(self, seconds: float) -> None:
        """Moves the virtual clock forward at once (and steps the bridge)."""
        self._advance_wall()
        self.now += max(0.0, seconds)
        self._show_clock()
        self._step()

    def _advance_wall(self) -> None:
        wall = self._elapsed.restart() / 1000.0
        if not self.paused and not self.ended:
            self.now += wall * self.speed

    def _show_clock(self) -> None:
        self.clock.setText(clock_text(self.now))

    @Slot()
    def _tick(self) -> None:
        if self.ended:
            return
        self._advance_wall()
        self._show_clock()
        self._step()

    def _step(self) -> None:
        if self._busy or self.ended:
            return
        self._busy = True
        run, t = self.run, self.now
        self.ctx.runner.write(lambda s: run.step(s, t), self._stepped, self._step_failed, on_bug=self._step_broken)

    @Slot(object)
    def _stepped(self, result) -> None:
        self._busy = False
        self.actions_taken += sum(len(a) for a in result.actions.values())
        for line in result.refused:
            self.failed.emit(line)
        self.show_moods(result.moods)
        for sid, msgs in result.messages.items():
            if msgs:
                self.ctx.changes.changed.emit("ticket", self.sandbox.tickets[sid])
        self.stepped.emit(result)
        if self._pending_finish:
            self._finish_now()
        elif result.ended and all(result.ended.values()):
            self.request_finish()  # every scenario reached its time limit: the scorecards are due

    @Slot(object)
    def _step_failed(self, exc) -> None:
        self._busy = False
        self.failed.emit(errors.message(exc))
        if self._pending_finish:
            self._finish_now()

    @Slot(object)
    def _step_broken(self, _exc) -> None:
        self._busy = False
        self.stop()  # the crash handler has it; a clock stepping a broken bridge would report it 4× a second

    # -- the end ------------------------------------------------------------------------------------
    def request_finish(self) -> None:
        """Ends every scenario (after the step in flight) and emits the scorecards."""
        if self.ended:
            return
        self._advance_wall()
        self.ended = True
        self.stop()
        self.end_button.setEnabled(False)
        self.pause_button.setEnabled(False)
        if self._busy:
            self._pending_finish = True
        else:
            self._finish_now()

    def _finish_now(self) -> None:
        self._pending_finish = False
        self._busy = True
        run, t = self.run, self.now
        self.ctx.runner.write(lambda s: run.finish(s, t), self._finished, self._finish_failed,
                              on_bug=self._finish_failed)

    @Slot(object)
    def _finished(self, results) -> None:
        self._busy = False
        self.ctx.changes.changed.emit("ticket", None)
        self.finished.emit(results)

    @Slot(object)
    def _finish_failed(self, exc) -> None:
        self._busy = False
        self.failed.emit(errors.message(exc))


# --- the scorecard ---------------------------------------------------------------------------------
class ScorecardView(QWidget):
    """One scenario's scorecard: the result, each rubric item with points and why, what
    auto-failed and when, the timeline and the suggestions."""

    def __init__(self, card: dict, parent=None):
        super().__init__(parent)
        self.card = card
        passed = bool(card.get("passed"))
        self.result = QLabel(objectName="scorecardResult")
        verdict = self.tr("Passed") if passed else self.tr("Not passed")
        colour = "#15803d" if passed else "#b91c1c"
        self.result.setText(f"<span style='font-size:22px; font-weight:bold; color:{colour}'>"
                            f"{html.escape(verdict)} · {int(card.get('score', 0))} / 100</span>"
                            f"<br><span style='color:#475569'>{html.escape(card.get('title', ''))}"
                            f" · {html.escape(self._mode(card.get('mode', '')))}</span>")
        self.result.setTextFormat(Qt.TextFormat.RichText)
        self.items = QTableWidget(0, 3, objectName="scorecardItems")
        self.items.setHorizontalHeaderLabels([self.tr("Item"), self.tr("Points"), self.tr("Why")])
        self.items.verticalHeader().hide()
        self.items.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.items.setWordWrap(True)
        header = self.items.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for item in card.get("items", []):
            r = self.items.rowCount()
            self.items.insertRow(r)
            self.items.setItem(r, 0, QTableWidgetItem(str(item.get("label", item.get("id", "")))))
            points = QTableWidgetItem(f"{_num(item.get('points', 0))} / {_num(item.get('max', 0))}")
            points.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.items.setItem(r, 1, points)
            self.items.setItem(r, 2, QTableWidgetItem(mask_pii(str(item.get("why", "")))))
        self.items.resizeRowsToContents()
        self.auto_fail = QLabel(objectName="scorecardAutoFail", wordWrap=True)
        self.auto_fail.setTextFormat(Qt.TextFormat.RichText)
        fails = card.get("auto_fail", [])
        if fails:
            lines = "".join(f"<li><b>{clock_text(f.get('at', 0))}</b> {html.escape(self.rule_label(f.get('rule', '')))}"
                            f": “{html.escape(mask_pii(str(f.get('text', ''))))}”</li>" for f in fails)
            title = html.escape(self.tr("Auto-fail"))
            self.auto_fail.setText(f"<b style='color:#b91c1c'>{title}</b><ul>{lines}</ul>")
        self.auto_fail.setVisible(bool(fails))
        self.timeline = QTextBrowser(objectName="scorecardTimeline")
        self.timeline.setHtml(self._timeline_html(card.get("timeline", [])))
        self.suggestions = QLabel(objectName="scorecardSuggestions", wordWrap=True)
        self.suggestions.setTextFormat(Qt.TextFormat.RichText)
        tips = card.get("suggestions", [])
        if tips:
            title = html.escape(self.tr("Suggestions"))
            self.suggestions.setText(f"<b>{title}</b><ul>"
                                     + "".join(f"<li>{html.escape(str(t))}</li>" for t in tips) + "</ul>")
        self.suggestions.setVisible(bool(tips))
        tabs = QTabWidget(objectName="scorecardTabs")
        tabs.addTab(self.items, self.tr("Rubric"))
        tabs.addTab(self.timeline, self.tr("Timeline"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.result)
        layout.addWidget(self.auto_fail)
        layout.addWidget(tabs, 1)
        layout.addWidget(self.suggestions)

    def _mode(self, mode: str) -> str:
        return self.tr("Certification") if mode == "certification" else self.tr("Practice")

    def rule_label(self, rule: str) -> str:
        return rule_text(rule)

    def _timeline_html(self, entries) -> str:
        who = {"customer": self.tr("Customer"), "agent": self.tr("You"), "system": self.tr("System")}
        colour = {"customer": "#0f172a", "agent": AGENT_COLOUR, "system": "#64748b"}
        rows = []
        for e in entries:
            w = str(e.get("who", ""))
            rows.append(f"<tr><td style='color:#64748b; padding-right:8px'>{clock_text(e.get('at', 0))}</td>"
                        f"<td style='color:{colour.get(w, '#0f172a')}; padding-right:8px'><b>"
                        f"{html.escape(who.get(w, w))}</b></td>"
                        f"<td>{html.escape(mask_pii(str(e.get('text') or e.get('kind', ''))))}</td></tr>")
        return "<table cellspacing='0' cellpadding='3'>" + "".join(rows) + "</table>"


class ScorecardDialog(QDialog):
    """The scorecards of a session (a tab each when several scenarios ran at once)."""

    def __init__(self, cards, parent=None):
        super().__init__(parent)
        self.setObjectName("scorecardDialog")
        self.setWindowTitle(self.tr("Training scorecard"))
        self.cards = [c.to_json() if hasattr(c, "to_json") else dict(c) for c in cards]
        self.views = [ScorecardView(c, self) for c in self.cards]
        layout = QVBoxLayout(self)
        if len(self.views) == 1:
            layout.addWidget(self.views[0], 1)
        else:
            tabs = QTabWidget(objectName="scorecardScenarios")
            for card, view in zip(self.cards, self.views):
                mark = "✔" if card.get("passed") else "✘"
                tabs.addTab(view, f"{mark} {card.get('title', card.get('scenario', ''))}")
            layout.addWidget(tabs, 1)
        self.saved = QLabel(objectName="scorecardSaved", wordWrap=True)
        self.saved.hide()
        layout.addWidget(self.saved)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.resize(860, 640)

    @Slot(object)
    def show_saved(self, _rows=None) -> None:
        self.saved.setStyleSheet("color: #15803d;")
        self.saved.setText(self.tr("Recorded in your training results."))
        self.saved.show()

    @Slot(object)
    def show_not_saved(self, exc) -> None:
        self.saved.setStyleSheet("color: #b91c1c;")
        self.saved.setText(self.tr("Not recorded: %1").replace("%1", errors.message(exc)))
        self.saved.show()

    @property
    def passed(self) -> bool:
        return all(c.get("passed") for c in self.cards)


def _num(value) -> str:
    f = float(value or 0)
    return str(int(f)) if f.is_integer() else f"{f:.1f}"
