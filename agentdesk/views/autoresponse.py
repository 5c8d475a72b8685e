"""The supervisor's Auto-response tab (issue 14, 자동 응답): a lead turns automatic FAQ
answers on per team and channel, sets the confidence threshold (the labelled set's
measured precision and coverage at that threshold shown beside it) and ticks the article
categories it may answer.

Everything is read and saved through services/autoresponse.py on the worker; the
settings are checked there by agentdesk/autoresponse_rules.py (and again by the team
server in a team profile). A refusal shows as one line and the form keeps what the lead
chose."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from agentdesk import autoresponse_rules as ar
from agentdesk.models import CHANNELS
from agentdesk.services import autoresponse as svc
from agentdesk.services.common import current_agent
from agentdesk.ui.kit import errors, fmt
from agentdesk.ui.kit.reads import LatestReads
from agentdesk.ui.kit.tasks import AppContext

_NEVER = (
    QT_TRANSLATE_NOOP("autoresponse", "VIP and gold customers"),
    QT_TRANSLATE_NOOP("autoresponse", "Urgent words: lost, stolen, fraud (분실, 도난, 부정사용 …)"),
    QT_TRANSLATE_NOOP("autoresponse", "Automatic mail: out-of-office, bulk, our own"),
    QT_TRANSLATE_NOOP("autoresponse", "Several questions at once, or questions about the customer's own order or account"),
    QT_TRANSLATE_NOOP("autoresponse", "A second time on the same ticket"),
)
STEPS = 100  # the slider counts hundredths


def _t(text: str) -> str:
    return QCoreApplication.translate("autoresponse", text)


class AutoresponsePane(QWidget):
    failed = Signal(str)
    loaded = Signal()  # a team's settings for a channel are on screen (tests)
    saved = Signal(object)  # the SettingsRow the services stored

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self._reads = LatestReads(self, ctx.runner)
        self.row: svc.SettingsRow | None = None
        self._started = False
        self._build()

    # --- layout -----------------------------------------------------------------------------
    def _build(self) -> None:
        self.team = QComboBox(objectName="autoresponseTeam")
        self.team.currentIndexChanged.connect(self.load)
        self.channel = QComboBox(objectName="autoresponseChannel")
        for c in CHANNELS:
            self.channel.addItem(fmt.label(str(c)), str(c))
        self.channel.setCurrentIndex(max(self.channel.findData("email"), 0))
        self.channel.currentIndexChanged.connect(self.load)
        self.enabled = QCheckBox(self.tr("Answer simple questions automatically from the knowledge base"),
                                 objectName="autoresponseEnabled")
        self.threshold = QSlider(Qt.Orientation.Horizontal, objectName="autoresponseThreshold")
        self.threshold.setRange(round(ar.MIN_THRESHOLD * STEPS), round(ar.MAX_THRESHOLD * STEPS))
        self.threshold.setSingleStep(1)
        self.threshold.setPageStep(5)
        self.threshold.setTickInterval(5)
        self.threshold.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.threshold.setMinimumWidth(220)
        self.threshold.valueChanged.connect(self._show_measured)
        self.threshold_value = QLabel(objectName="autoresponseThresholdValue")
        self.threshold_value.setMinimumWidth(40)
        self.measured = QLabel(objectName="autoresponseMeasured")
        self.measured.setWordWrap(True)
        self.categories = QListWidget(objectName="autoresponseCategories")
        self.categories.setMinimumHeight(160)
        self.categories.setSpacing(2)
        self.save_button = QPushButton(self.tr("Save"), objectName="autoresponseSave")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.status = QLabel(objectName="autoresponseStatus")
        self.status.setWordWrap(True)

        slider_row = QHBoxLayout()
        slider_row.addWidget(self.threshold, 1)
        slider_row.addWidget(self.threshold_value)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Team"), self.team)
        form.addRow(self.tr("Channel"), self.channel)
        form.addRow("", self.enabled)
        form.addRow(self.tr("Confidence threshold"), slider_row)
        form.addRow("", self.measured)

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.addLayout(form)
        cats = QLabel(self.tr("Categories it may answer (public articles only):"))
        cats.setWordWrap(True)
        ll.addWidget(cats)
        ll.addWidget(self.categories, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.save_button)
        ll.addLayout(buttons)

        never = QGroupBox(self.tr("Never answered automatically"))
        nl = QVBoxLayout(never)
        for text in _NEVER:
            line = QLabel("• " + _t(text))
            line.setWordWrap(True)
            nl.addWidget(line)
        how = QLabel(self.tr("An automatic answer is the article's text in a short frame, signed \"Automatic answer\"; "
                             "the ticket waits for the customer, tagged auto-answered. If the customer replies that it "
                             "did not help, the ticket returns to the queue one priority step higher."))
        how.setWordWrap(True)
        nl.addSpacing(8)
        nl.addWidget(how)
        nl.addStretch(1)

        lay = QHBoxLayout(self)
        lay.addWidget(left, 3)
        lay.addWidget(never, 2)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if not self._started:
            self._started = True
            self.start()

    # --- reading -----------------------------------------------------------------------------
    def start(self) -> None:
        login = self.ctx.agent.login

        def teams(s):
            from agentdesk.services import wallboard

            return wallboard.visible_teams(s, current_agent(s, login)), svc.answerable_categories(s)

        self._reads.read("teams", teams, self._fill_teams, self._failed)

    def _fill_teams(self, result) -> None:
        teams, categories = result
        self.categories.clear()
        for c in categories:
            item = QListWidgetItem(c)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.categories.addItem(item)
        self.team.blockSignals(True)
        self.team.clear()
        for tid, name in teams:
            self.team.addItem(name, str(tid))
        self.team.blockSignals(False)
        if teams:
            self.load()
        else:
            self._say(self.tr("No team to edit: automatic answers are set by the team's lead."))

    def load(self) -> None:
        team, channel = self.team.currentData(), self.channel.currentData()
        if not team or not channel:
            return
        login = self.ctx.agent.login
        self._reads.read("settings", lambda s: svc.get_settings(s, team, channel, current_agent(s, login)),
                         self._show, self._failed)

    def _show(self, row: svc.SettingsRow) -> None:
        self.row = row
        self.enabled.setChecked(row.enabled)
        self.threshold.setValue(round(row.threshold * STEPS))
        self._show_measured(self.threshold.value())
        chosen = set(row.categories)
        for i in range(self.categories.count()):
            item = self.categories.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.text() in chosen else Qt.CheckState.Unchecked)
        if row.stored:
            self._say(self.tr("Saved on %1").replace("%1", fmt.local_time(row.updated_at)))
        else:
            self._say(self.tr("Off: nothing is answered automatically until you turn it on and save."))
        self.loaded.emit()

    def _show_measured(self, value: int) -> None:
        t = value / STEPS
        self.threshold_value.setText(f"{t:.2f}")
        # A team workspace's gateway answers from PostgreSQL, whose scores are another scale.
        m = ar.measured_at(t, ar.Scale.TERMS if self.ctx.sync is not None else ar.Scale.BM25)
        if m is None:
            self.measured.setText(self.tr("Not measured this low."))
            return
        self.measured.setText(
            self.tr("Measured on %1 labelled messages: %2% of automatic answers right, %3% of messages answered")
            .replace("%1", "167").replace("%2", f"{m.precision * 100:.0f}").replace("%3", f"{m.coverage * 100:.0f}"))
        warn = m.precision < 0.95
        self.measured.setStyleSheet("color: #c62828;" if warn else "")

    def chosen_categories(self) -> list[str]:
        return [self.categories.item(i).text() for i in range(self.categories.count())
                if self.categories.item(i).checkState() == Qt.CheckState.Checked]

    # --- saving ----------------------------------------------------------------------------------
    def save(self) -> None:
        team, channel = self.team.currentData(), self.channel.currentData()
        if not team or not channel:
            return
        enabled, threshold, categories = self.enabled.isChecked(), self.threshold.value() / STEPS, self.chosen_categories()
        login = self.ctx.agent.login
        self.save_button.setEnabled(False)
        self.ctx.runner.write(
            lambda s: svc.save_settings(s, current_agent(s, login), team, channel, enabled=enabled, threshold=threshold,
                                        categories=categories),
            self._saved, self._save_failed)

    def _saved(self, row: svc.SettingsRow) -> None:
        self.save_button.setEnabled(True)
        self.row = row
        if row.enabled and row.categories:
            self._say(self.tr("Saved: %1 answers %2 categories automatically on %3")
                      .replace("%1", row.team_name).replace("%2", str(len(row.categories)))
                      .replace("%3", fmt.label(row.channel)))
        else:
            self._say(self.tr("Saved: automatic answers are off for %1 on %2").replace("%1", row.team_name)
                      .replace("%2", fmt.label(row.channel)))
        self.saved.emit(row)

    def _save_failed(self, exc: Exception) -> None:
        self.save_button.setEnabled(True)
        self._say(errors.message(exc), error=True)  # the form keeps what was chosen

    def _failed(self, exc: Exception) -> None:
        self._say(errors.message(exc), error=True)

    def _say(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #c62828;" if error else "color: palette(mid);")
