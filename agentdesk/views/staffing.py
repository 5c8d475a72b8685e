"""The supervisor's staffing tab (issue 13): agents needed per hour of the day for a
service-level target, by Erlang C from the arrivals and handle time of past days
(services/staffing.py, agentdesk/erlang.py), with shrinkage, and the caveat that Erlang C
ignores abandonment. A bar chart (pyqtgraph, imported when the tab is first shown: it
costs about a second) and the table behind it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from agentdesk.models import utcnow
from agentdesk.services import staffing
from agentdesk.ui.kit import errors
from agentdesk.ui.kit.reads import LatestReads
from agentdesk.ui.kit.tasks import AppContext

_COLUMNS = ("hour", "calls", "aht", "erlangs", "agents", "scheduled", "sl", "asa")
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class StaffingModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[staffing.StaffingRow] = []

    def set_plan(self, plan: staffing.StaffingPlan | None) -> None:
        self.beginResetModel()
        self.rows = list(plan.rows) if plan else []
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(_COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt override
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {"hour": self.tr("Hour"), "calls": self.tr("Contacts / h"), "aht": self.tr("Handle time"),
                "erlangs": self.tr("Erlangs"), "agents": self.tr("Agents needed"),
                "scheduled": self.tr("To schedule"), "sl": self.tr("Service level"),
                "asa": self.tr("Avg. speed of answer")}[_COLUMNS[section]]

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        r, col = self.rows[index.row()], _COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                "hour": f"{r.hour:02d}:00", "calls": f"{r.calls_per_hour:.1f}", "aht": f"{r.aht:.0f} s",
                "erlangs": f"{r.traffic_erlangs:.2f}", "agents": str(r.agents_raw), "scheduled": str(r.agents_with_shrinkage),
                "sl": "—" if r.expected_sl is None else f"{r.expected_sl * 100:.1f}%",
                "asa": "—" if r.asa is None else f"{r.asa:.1f} s",
            }[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col != "hour":
            return _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and col == "aht":
            return {"given": self.tr("As given"), "hour": self.tr("Measured in this hour"),
                    "period": self.tr("Measured over the period"),
                    "default": self.tr("No handle time recorded: the default")}.get(r.aht_source, r.aht_source)
        return None


class StaffingPane(QWidget):
    failed = Signal(str)
    planned = Signal(object)  # a StaffingPlan on screen (tests)

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self._reads = LatestReads(self, ctx.runner)
        self.plan: staffing.StaffingPlan | None = None
        self._chart: Any = None  # pyqtgraph's PlotWidget, made on first show
        self._build()

    def _build(self) -> None:
        today = utcnow().astimezone().date()
        self.base = QComboBox(objectName="staffingBase")
        self.base.addItem(self.tr("Last 4 weeks, same weekday as the day planned"), "weekday")
        self.base.addItem(self.tr("Every day of the period"), "period")
        self.day = QDateEdit(QDate(today.year, today.month, today.day), objectName="staffingDay", calendarPopup=True)
        self._day_chosen = False  # the lead picked the day: the workspace's "today" no longer moves it
        self.day.dateChanged.connect(self._day_picked)
        self.target = QSpinBox(objectName="staffingTarget", minimum=1, maximum=99, value=80, suffix=" %")
        self.answer = QSpinBox(objectName="staffingAnswer", minimum=1, maximum=3600, value=20, suffix=" s")
        self.shrinkage = QSpinBox(objectName="staffingShrinkage", minimum=0, maximum=90, value=30, suffix=" %")
        self.aht = QDoubleSpinBox(objectName="staffingAht", minimum=0, maximum=7200, decimals=0, value=0, suffix=" s")
        self.aht.setSpecialValueText(self.tr("measured"))
        self.go = QPushButton(self.tr("Estimate"), objectName="staffingGo")
        self.go.clicked.connect(self.estimate)
        form = QFormLayout()
        form.addRow(self.tr("Day planned"), self.day)
        form.addRow(self.tr("From"), self.base)
        form.addRow(self.tr("Answered within"), self.answer)
        form.addRow(self.tr("Service level target"), self.target)
        form.addRow(self.tr("Shrinkage"), self.shrinkage)
        form.addRow(self.tr("Handle time"), self.aht)
        form.addRow(self.go)
        self.summary = QLabel(objectName="staffingSummary")
        self.summary.setWordWrap(True)
        self.caveat = QLabel(objectName="staffingCaveat")
        self.caveat.setWordWrap(True)
        self.caveat.setStyleSheet("color: palette(mid);")
        side = QWidget()
        sl = QVBoxLayout(side)
        sl.addLayout(form)
        sl.addWidget(self.summary)
        sl.addWidget(self.caveat)
        sl.addStretch(1)

        self.model = StaffingModel(self)
        self.table = QTableView(objectName="staffingTable")
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.chart_box = QVBoxLayout()
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addLayout(self.chart_box, 2)
        rl.addWidget(self.table, 3)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(side)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)
        lay = QHBoxLayout(self)
        lay.addWidget(split)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._chart is None:
            self._make_chart()
            # The first estimate plans the workspace's today (its zone, as the figures count
            # days), not this PC's: the two differ for part of the day on a desk whose clock
            # runs in another zone.
            self._reads.read("today", staffing.today, self._plan_today, self._failed)

    def _day_picked(self) -> None:
        self._day_chosen = True

    def _plan_today(self, today: date) -> None:
        if not self._day_chosen:
            self.day.blockSignals(True)
            self.day.setDate(QDate(today.year, today.month, today.day))
            self.day.blockSignals(False)
        self.estimate()

    def _make_chart(self) -> None:
        import pyqtgraph as pg  # a second to import: only once a lead opens this tab

        chart = pg.PlotWidget(objectName="staffingChart", background=None)
        chart.setMinimumHeight(180)
        chart.showGrid(y=True, alpha=0.2)
        chart.setLabel("bottom", self.tr("Hour of the day"))
        chart.setLabel("left", self.tr("Agents to schedule"))
        chart.setMouseEnabled(x=False, y=False)
        chart.hideButtons()
        self.chart_box.addWidget(chart)
        self._chart = chart

    def _request(self) -> dict:
        day = self.day.date().toPython()
        kw = {"target_sl": self.target.value() / 100, "answer_seconds": self.answer.value(),
              "shrinkage": self.shrinkage.value() / 100, "aht_seconds": self.aht.value() or None}
        if self.base.currentData() == "weekday":
            start, end, weekdays = staffing.last_same_weekdays(day)
            kw.update(start=start, end=end, weekdays=weekdays)
        else:
            kw.update(start=day - timedelta(days=28), end=day - timedelta(days=1))
        return kw

    def estimate(self) -> None:
        try:
            kw = self._request()
        except Exception as exc:  # noqa: BLE001 - a coded refusal of the inputs, shown as one line
            self.summary.setText(errors.message(exc))
            return
        start: date = kw.pop("start")
        end: date = kw.pop("end")
        self._reads.read("plan", lambda s: staffing.plan(s, start, end, **kw), self._show, self._failed)

    def _failed(self, exc: Exception) -> None:
        self.summary.setText(errors.message(exc))
        self.model.set_plan(None)

    def _show(self, plan: staffing.StaffingPlan) -> None:
        self.plan = plan
        self.model.set_plan(plan)
        peak = plan.peak
        self.summary.setText(
            self.tr("%1 contacts a day on average (%2 days counted). Peak at %3:00: %4 agents answering, %5 to schedule.")
            .replace("%1", f"{plan.calls_per_day:.0f}").replace("%2", str(plan.days))
            .replace("%3", f"{peak.hour:02d}").replace("%4", str(peak.agents_raw))
            .replace("%5", str(peak.agents_with_shrinkage)))
        # The same words as erlang.CAVEAT (what the CLI prints), in the window's language.
        self.caveat.setText(self.tr(
            "Erlang C assumes no one abandons, so it overstates the queue when callers hang up: with real "
            "abandonment the waits are shorter and the service level higher than shown, and the agents "
            "estimated are an upper bound. It also assumes calls arrive at a steady rate within each hour "
            "and that every agent can take every call."))
        if self._chart is not None:
            import pyqtgraph as pg

            self._chart.clear()
            hours = [r.hour for r in plan.rows]
            self._chart.addItem(pg.BarGraphItem(x=hours, height=[r.agents_with_shrinkage for r in plan.rows],
                                                width=0.7, brush="#3b82f6"))
            self._chart.addItem(pg.BarGraphItem(x=hours, height=[r.agents_raw for r in plan.rows],
                                                width=0.35, brush="#93c5fd"))
        self.planned.emit(plan)
