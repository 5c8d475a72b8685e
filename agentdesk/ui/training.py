"""The training window (issue 15): the normal desk (MainWindow) on a sandbox workspace that
services/training.py made and seeded, under a TRAINING / 교육 banner, in its own accent
(ui/theme.training_style), with the training bar of views/simulation.py; and how a session
starts (the desk's Training menu, `agentdesk train`). No team and no sync controller, ever:
a sandbox is never a team workspace."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable

from PySide6.QtCore import QSettings, Qt, Signal, Slot
from PySide6.QtWidgets import QFrame, QLabel, QMessageBox, QVBoxLayout, QWidget

from agentdesk import config
from agentdesk.ui import theme
from agentdesk.ui.kit import errors
from agentdesk.ui.kit.tasks import AgentInfo, AppContext, Changes, TaskRunner
from agentdesk.ui.main_window import MainWindow
from agentdesk.views.simulation import BANNER_TEXT, ScorecardDialog, StartTrainingDialog, TrainingChoice, TrainingClock

log = logging.getLogger("agentdesk.ui")


# --- the window ---------------------------------------------------------------------------------
def training_settings() -> QSettings:
    """The training window's own layout file: closing it never moves the agent's desk."""
    path = config.config_dir() / "training.ini"
    config.ensure_dir(path.parent)
    return QSettings(str(path), QSettings.Format.IniFormat)


class TrainingWindow(MainWindow):
    """The normal desk on a sandbox, under a TRAINING / 교육 banner and its own accent. No
    team, no sync controller: ``ctx.sync`` is None, always."""

    sessionFinished = Signal(object)  # [(Scorecard, record)]

    def __init__(self, sandbox, run, settings: QSettings | None = None, parent=None, *,
                 records: TaskRunner | None = None, assignments: dict | None = None):
        """``records``: the runner of the agent's own workspace, where the attempts are
        recorded when the session ends (None: they stay in the sandbox only);
        ``assignments``: scenario id → the assignment its attempt is recorded against."""
        from PySide6.QtWidgets import QApplication

        theme.apply_theme(QApplication.instance())
        agent = AgentInfo(sandbox.trainee_id, sandbox.trainee_login, sandbox.trainee_name, "agent")
        ctx = AppContext(db=sandbox.db, agent=agent, runner=TaskRunner(sandbox.db), changes=Changes())
        self.sandbox, self.run = sandbox, run
        self.results = None
        self.records = records
        self.assignments = dict(assignments or {})
        super().__init__(ctx, settings if settings is not None else training_settings(), parent)
        assert self.ctx.sync is None
        self.setObjectName("trainingWindow")
        self.setWindowTitle(self.tr("[Training] AgentDesk — %1").replace("%1", sandbox.trainee_name))
        self.setStyleSheet(theme.training_style())
        self.training = TrainingClock(ctx, run, self)
        self.training.scenarioRequested.connect(self.open_ticket)
        self.training.failed.connect(self.show_error)
        self.training.finished.connect(self._session_finished)
        self.ticket.loaded.connect(self._ticket_shown)
        self.banner = QLabel(objectName="trainingBanner")
        mode = self.tr("Certification") if run.mode == "certification" else self.tr("Practice")
        self.banner.setText(f"{BANNER_TEXT}  ·  {mode}  ·  "
                            + self.tr("Sandbox: nothing here reaches a customer or your workspace"))
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        frame = QFrame(objectName="trainingFrame")
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.training)
        splitter = self.takeCentralWidget()
        layout.addWidget(splitter, 1)
        self.setCentralWidget(frame)
        self.workspace_label.setText(self.tr("Training sandbox"))
        self.workspace_label.setToolTip(str(sandbox.path))

    def start(self) -> None:
        """Shows the trainee's tickets and starts the clock."""
        self.inbox.start("my_open")
        first = self.sandbox.tickets[self.sandbox.scenarios[0].id]
        self.open_ticket(first, self.sandbox.customers[self.sandbox.scenarios[0].id])
        self.training.start()

    @Slot(object)
    def _ticket_shown(self, detail) -> None:
        self.training.show_hints_for(self.sandbox.ticket_scenario(detail.id))

    def start_training(self) -> None:
        self.show_error(self.tr("This is a training session already: end it first."))

    @Slot(object)
    def _session_finished(self, results) -> None:
        self.results = results
        self.sessionFinished.emit(results)
        dialog = ScorecardDialog([card for card, _record in results], self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._scorecard_closed)
        self.scorecard = dialog
        dialog.open()
        if self.records is not None:
            save_attempts(self.records, self.sandbox, results, dialog.show_saved, dialog.show_not_saved,
                          assignments=self.assignments)

    @Slot(int)
    def _scorecard_closed(self, _code: int) -> None:
        self.close()  # back to the normal desk; the sandbox file stays for replay until discarded

    def closeEvent(self, event) -> None:
        # Closed before "End session": the session is left unscored; its sandbox file is kept
        # (agentdesk train --sessions) until the trainee discards it.
        self.training.stop()
        super().closeEvent(event)
        self.sandbox.close()


def save_attempts(runner: TaskRunner, sandbox, results, on_done: Callable[[object], object] | None = None,
                  on_error: Callable[[Exception], object] | None = None, *, assignments: dict | None = None) -> bool:
    """Records each attempt in the agent's own workspace (services/training_records.save_attempt,
    on ``runner``'s write lane; in a team workspace it goes to the team server, which scores
    it again from its actions). False when this installation has no training records."""
    try:
        training_records = importlib.import_module("agentdesk.services.training_records")
    except ModuleNotFoundError as exc:
        if exc.name != "agentdesk.services.training_records":
            raise
        log.info("training records are not available; the attempt stays in its sandbox only")
        return False
    login, started, assigned = sandbox.trainee_login, sandbox.started_at, dict(assignments or {})

    def write(session):
        from agentdesk.services.common import current_agent

        agent = current_agent(session, login)
        return [training_records.save_attempt(session, agent, record, started_at=started, scorecard=card.to_json(),
                                              assignment_id=assigned.get(record["scenario"]))
                for card, record in results]

    runner.write(write, on_done, on_error)
    return True



# --- entry points ----------------------------------------------------------------------------------
class TrainingLauncher:
    """From the desk's Training menu: scenarios read and the sandbox made off the GUI thread,
    then the training window. ``ask`` is StartTrainingDialog.ask (tests replace it)."""

    ask = staticmethod(StartTrainingDialog.ask)

    def __init__(self, parent: QWidget | None, runner: TaskRunner, trainee: AgentInfo):
        self.parent, self.runner, self.trainee = parent, runner, trainee
        self.window: TrainingWindow | None = None
        self.mode: str | None = None
        self.assignments: dict = {}
        self.on_open: Callable[[TrainingWindow], object] | None = None  # once the window shows (the CLI, tests)
        self.on_cancel: Callable[[], object] | None = None  # no session starts (the dialog cancelled, a refusal)

    def start(self, scenario_refs=(), mode: str | None = None) -> None:
        from agentdesk.services import training

        self.mode = mode
        if scenario_refs:
            refs = list(scenario_refs)
            self.runner.run(_refused_as_text(lambda: training.find_scenarios(refs)), self._found, on_bug=self._failed)
        elif self.runner.db is not None:  # the desk: its team's scenarios and the trainee's assignments too
            login = self.trainee.login
            self.runner.read(_refused_as_text(lambda s: training.trainee_scenarios(s, login)), self._listed,
                             self._failed, on_bug=self._failed)
        else:
            self.runner.run(_refused_as_text(lambda: training.trainee_scenarios(None, "")), self._listed,
                            on_bug=self._failed)

    def _found(self, found) -> None:
        if isinstance(found, str):
            self._failed(found)
        else:
            self._chosen(TrainingChoice(found, self.mode or "practice"))

    def _listed(self, found) -> None:
        if isinstance(found, str):
            self._failed(found)
            return
        scenarios, problems, assigned = found
        choice = type(self).ask(self.parent, scenarios, problems, mode=self.mode or "practice", assigned=assigned)
        if choice is None:
            if self.on_cancel is not None:
                self.on_cancel()
            return
        self._chosen(choice)

    def _chosen(self, choice: TrainingChoice) -> None:
        from agentdesk.services import training

        login, name = self.trainee.login, self.trainee.name
        scenarios, mode = choice.scenarios, choice.mode
        self.assignments = dict(choice.assignments)

        def make():
            box = training.create_sandbox(scenarios, trainee_login=login, trainee_name=name, mode=mode)
            return box, training.TrainingRun(box)

        self.runner.run(_refused_as_text(make), self._made, on_bug=self._failed)

    def _made(self, made) -> None:
        if isinstance(made, str):
            self._failed(made)
            return
        box, run = made
        records = self.runner if self.runner.db is not None else None  # the desk's workspace (not the CLI's)
        self.window = TrainingWindow(box, run, records=records, assignments=self.assignments)
        self.window.show()
        self.window.start()
        if self.on_open is not None:
            self.on_open(self.window)

    def _failed(self, exc) -> None:
        text = errors.message(exc) if isinstance(exc, BaseException) else str(exc)
        self.show_refusal(self.parent, text)
        if self.on_cancel is not None:
            self.on_cancel()

    @staticmethod
    def show_refusal(parent, text: str) -> None:
        """The seam tests replace (a modal box would wait for a click)."""
        QMessageBox.warning(parent, "AgentDesk", text)


def _refused_as_text(work):
    """``work`` with a refusal a trainer or trainee can fix (a scenario that does not load,
    a path that is not a sandbox: ValueErrors with one line) returned as that line."""
    def run(*args):
        try:
            return work(*args)
        except ValueError as exc:
            return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return run


def start_training(window) -> TrainingLauncher:
    """The desk's "Start a training session…": chooses scenarios, opens the training window."""
    launcher = TrainingLauncher(window, window.ctx.runner, window.ctx.agent)
    window._training_launcher = launcher  # kept alive while it works
    launcher.start()
    return launcher
