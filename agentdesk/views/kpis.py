"""The supervisor's KPI tab (issue 13): the figures of `agentdesk metrics` for a period, a
team and the workspace's time zone, each with its exact definition on hover, and charts:
hourly volume per channel with backlog and SLA attainment through a day, and the last 7
or 30 days. Every figure and every bar opens the tickets behind it in the inbox
(services/metrics.drill → TicketQuery.drill). The figures and the tickets behind them
export as CSV or XLSX (services/export.py). Everything is read on the worker; pyqtgraph
is imported when the tab is first shown."""

from __future__ import annotations


from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from agentdesk.kpi import DrillKind
from agentdesk.models import CHANNELS, utcnow
from agentdesk.services import export, metrics, tickets
from agentdesk.services.common import current_agent
from agentdesk.services.tickets import TicketQuery
from agentdesk.ui.kit import errors, fmt
from agentdesk.ui.kit.icons import CHANNEL_STYLE
from agentdesk.ui.kit.reads import LatestReads
from agentdesk.ui.kit.tasks import AppContext

# The definitions of agentdesk/kpi.py DEFINITIONS, marked here so the tooltips translate
# (tests/test_supervisor_view.py checks they are the same words).
DEFINITIONS = {
    "period": QT_TRANSLATE_NOOP(
        "kpi", "The local calendar days from `from` to `to`, both inclusive, in the time zone `tz` (default: the"
        " workspace's time_zone setting), and the team, if one was given."),
    "cohort": QT_TRANSLATE_NOOP(
        "kpi", "Tickets not deleted and not merged into another, created inside the period (filtered by team "
        "when given)."),
    "tickets_created": QT_TRANSLATE_NOOP(
        "kpi", "The cohort's size."),
    "volume_by_channel": QT_TRANSLATE_NOOP(
        "kpi", "{channel: count} over the cohort."),
    "first_response_seconds": QT_TRANSLATE_NOOP(
        "kpi", "{median, p90, count} over cohort tickets that have a first response: the earliest public agent "
        "reply (an outbound message) or call log on the ticket, minus the ticket's creation. Median is "
        "the mean of the two middle values for an even count; p90 is the value at rank ⌈0.9·n⌉ of the "
        "sorted list."),
    "unanswered": QT_TRANSLATE_NOOP(
        "kpi", "The number of cohort tickets without a first response."),
    "resolution_seconds": QT_TRANSLATE_NOOP(
        "kpi", "{median, p90, count} over cohort tickets with a solved time: solved minus created."),
    "reopen_rate": QT_TRANSLATE_NOOP(
        "kpi", "Among cohort tickets with a solved time, the share reopened at least once."),
    "fcr_rate": QT_TRANSLATE_NOOP(
        "kpi", "First contact resolution: among cohort tickets now solved or closed, the share never reopened "
        "and with at most one agent contact (outbound replies plus call logs)."),
    "csat": QT_TRANSLATE_NOOP(
        "kpi", "{rate, responses} over CSAT answers (1-5) given inside the period: the share of 4 and 5. With a "
        "team, only answers about that team's tickets."),
    "nps": QT_TRANSLATE_NOOP(
        "kpi", "{score, responses} over NPS answers (0-10) given inside the period: 100 × (promoters 9-10 − "
        "detractors 0-6) ÷ responses. With a team, only answers about that team's tickets."),
    "backlog": QT_TRANSLATE_NOOP(
        "kpi", "Tickets not deleted or merged whose status is new, open, pending or on hold, now (filtered by "
        "team when given)."),
    "sla_attainment_rate": QT_TRANSLATE_NOOP(
        "kpi", "Among cohort tickets whose SLA outcome is decided, the share that met every deadline. A deadline"
        " is met when the first response (or the solved time, for the resolution deadline) came at or "
        "before it, and missed when it came later or has not come and the deadline has passed; a ticket "
        "is decided when every deadline is met or one is missed. Paused time (pending, on hold) does not "
        "move a deadline."),
    "handle_time_seconds": QT_TRANSLATE_NOOP(
        "kpi", "{median, p90, count, mean} over tickets not deleted with work recorded inside the period (with a"
        " team, work on that team's tickets): per ticket, the sum of its work sessions that started "
        "inside the period (talk + hold + after-contact work for calls; worked time for written "
        "channels). Contacts ended as abusive, or tagged `abusive-contact`, are left out "
        "(docs/protection.md)."),
}
_TITLES = {
    "tickets_created": QT_TRANSLATE_NOOP("kpi", "Tickets created"),
    "first_response_seconds": QT_TRANSLATE_NOOP("kpi", "First response (median)"),
    "unanswered": QT_TRANSLATE_NOOP("kpi", "Unanswered"),
    "resolution_seconds": QT_TRANSLATE_NOOP("kpi", "Resolution (median)"),
    "reopen_rate": QT_TRANSLATE_NOOP("kpi", "Reopened"),
    "fcr_rate": QT_TRANSLATE_NOOP("kpi", "First contact resolution"),
    "sla_attainment_rate": QT_TRANSLATE_NOOP("kpi", "SLA attained"),
    "handle_time_seconds": QT_TRANSLATE_NOOP("kpi", "Handle time (median)"),
    "csat": QT_TRANSLATE_NOOP("kpi", "CSAT"),
    "nps": QT_TRANSLATE_NOOP("kpi", "NPS"),
    "backlog": QT_TRANSLATE_NOOP("kpi", "Backlog now"),
}
TILES = tuple(_TITLES)
EXPORTED_ROWS = 100_000  # tickets one export writes at most (a figure's list, read page by page)


def _t(text: str) -> str:
    return QCoreApplication.translate("kpi", text)


def definition(key: str) -> str:
    return _t(DEFINITIONS[key]) if key in DEFINITIONS else ""


def duration(seconds: float | None) -> str:
    """'—', '45s', '12m', '3h 05m', '2d 4h'."""
    if seconds is None:
        return "—"
    s = int(round(seconds))
    if s < 60:
        return f"{s}s"
    if s < 3600:
        return f"{s // 60}m"
    if s < 86400:
        return f"{s // 3600}h {s % 3600 // 60:02d}m"
    return f"{s // 86400}d {s % 86400 // 3600}h"


def rate(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def figure(key: str, result: dict) -> tuple[str, str]:
    """A KPI's big text and its small print ("n=…")."""
    v = result.get(key)
    if key in ("first_response_seconds", "resolution_seconds", "handle_time_seconds"):
        v = v or {}
        return duration(v.get("median")), QCoreApplication.translate("kpi", "p90 %1 · n=%2").replace("%1", duration(v.get("p90"))).replace(
            "%2", str(v.get("count", 0)))
    if key in ("reopen_rate", "fcr_rate", "sla_attainment_rate"):
        return rate(v), ""
    if key == "csat":
        v = v or {}
        return rate(v.get("rate")), QCoreApplication.translate("kpi", "%1 answers").replace("%1", str(v.get("responses", 0)))
    if key == "nps":
        v = v or {}
        score = v.get("score")
        answers = QCoreApplication.translate("kpi", "%1 answers").replace("%1", str(v.get("responses", 0)))
        return "—" if score is None else f"{score:+.0f}", answers
    return ("—" if v is None else str(v)), ""


class KpiTile(QPushButton):
    """A figure, its small print and its name; the definition on hover; a click opens its
    tickets, the context menu exports them."""

    def __init__(self, key: str, parent=None):
        super().__init__(parent, objectName=f"kpi_{key}")
        self.key = key
        self.setFlat(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setMinimumSize(140, 74)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 6, 10, 6)
        lay.setSpacing(0)
        self.value = QLabel("—", objectName="kpiValue")
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.7)
        font.setBold(True)
        self.value.setFont(font)
        self.small = QLabel("", objectName="kpiSmall")
        self.caption = QLabel(_t(_TITLES[key]), objectName="kpiCaption")
        self.caption.setWordWrap(True)
        for w in (self.value, self.small, self.caption):
            w.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            lay.addWidget(w)
        self.setToolTip(definition(key))
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.setStyleSheet("KpiTile { background: palette(alternate-base); border: 1px solid palette(midlight);"
                           " border-radius: 6px; } KpiTile:hover { border-color: palette(highlight); }"
                           " #kpiCaption, #kpiSmall { color: palette(mid); }")

    def show_figure(self, big: str, small: str) -> None:
        self.value.setText(big)
        self.small.setText(small)
        self.setAccessibleName(f"{self.caption.text()}: {big}")


class KpiPane(QWidget):
    drillRequested = Signal(str, object)  # a title and the TicketQuery behind a figure or bar
    failed = Signal(str)
    computed = Signal(dict)  # the figures on screen (tests)
    charted = Signal()  # the charts were drawn (tests)
    exported = Signal(str, int)  # a file written and its rows

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self._reads = LatestReads(self, ctx.runner)
        self.result: dict | None = None
        self.series: dict[str, Any] = {}
        self._plots: dict[str, Any] = {}
        self._started = False
        self._build()

    # --- layout -----------------------------------------------------------------------------
    def _build(self) -> None:
        today = utcnow().astimezone().date()
        self.start_day = QDateEdit(QDate(*(today - timedelta(days=6)).timetuple()[:3]), objectName="kpiFrom",
                                   calendarPopup=True)
        self.end_day = QDateEdit(QDate(today.year, today.month, today.day), objectName="kpiTo", calendarPopup=True)
        self._days_chosen = False  # the lead picked the days: the workspace's "today" no longer moves them
        for day in (self.start_day, self.end_day):
            day.dateChanged.connect(self._days_picked)
        self.team = QComboBox(objectName="kpiTeam")
        self.team.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.days = QComboBox(objectName="kpiDays")
        self.days.addItem(self.tr("Last 7 days"), 7)
        self.days.addItem(self.tr("Last 30 days"), 30)
        self.days.currentIndexChanged.connect(self._read_charts)
        self.update_button = QPushButton(self.tr("Update"), objectName="kpiUpdate")
        self.update_button.clicked.connect(self.refresh)
        self.export_button = QPushButton(self.tr("Export figures…"), objectName="kpiExport")
        self.export_button.clicked.connect(self.export_figures)
        top = QHBoxLayout()
        for w in (QLabel(self.tr("From")), self.start_day, QLabel(self.tr("to")), self.end_day, QLabel(self.tr("Team")),
                  self.team, self.update_button):
            top.addWidget(w)
        top.addStretch(1)
        top.addWidget(QLabel(self.tr("Created and solved:")))
        top.addWidget(self.days)
        top.addWidget(self.export_button)
        self.zone = QLabel(objectName="kpiZone")
        self.zone.setStyleSheet("color: palette(mid);")

        self.tiles = {key: KpiTile(key, self) for key in TILES}
        grid = QGridLayout()
        grid.setSpacing(8)
        for i, (key, tile) in enumerate(self.tiles.items()):
            tile.clicked.connect(self._tile_clicked)
            from PySide6.QtGui import QAction

            export_action = QAction(self.tr("Export these tickets…"), tile)
            export_action.triggered.connect(lambda _c=False, k=key: self.export_tickets(k))
            open_action = QAction(self.tr("Open in the inbox"), tile)
            open_action.triggered.connect(lambda _c=False, k=key: self.drill(k))
            tile.addActions([open_action, export_action])
            grid.addWidget(tile, i // 6, i % 6)
        self.volume = QLabel(objectName="kpiVolume")
        self.volume.setWordWrap(True)
        self.message = QLabel(objectName="kpiMessage")
        self.message.setWordWrap(True)
        self.charts = QSplitter(Qt.Orientation.Horizontal, objectName="kpiCharts")
        self.charts.setChildrenCollapsible(False)

        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.zone)
        lay.addLayout(grid)
        lay.addWidget(self.volume)
        lay.addWidget(self.message)
        lay.addWidget(self.charts, 1)

    def _make_charts(self) -> None:
        import pyqtgraph as pg  # about a second to import: only when a lead opens this tab

        def plot(name: str, title: str, left: str) -> Any:
            w = pg.PlotWidget(objectName=name, background=None)
            w.setMinimumHeight(160)
            w.setTitle(title, size="9pt")
            w.showGrid(y=True, alpha=0.2)
            w.setLabel("left", left)
            w.setMouseEnabled(x=False, y=False)
            w.hideButtons()
            w.addLegend(offset=(-10, 10), labelTextSize="8pt")
            return w

        self._plots["hourly"] = plot("kpiHourly", self.tr("Tickets created per hour, by channel (the last day)"),
                                     self.tr("Tickets"))
        self._plots["through_day"] = plot("kpiThroughDay", self.tr("Backlog and SLA attained through the day"),
                                          self.tr("Backlog"))
        self._plots["daily"] = plot("kpiDaily", self.tr("Created and solved per day"), self.tr("Tickets"))
        for name, widget in self._plots.items():
            self.charts.addWidget(widget)
            widget.scene().sigMouseClicked.connect(lambda ev, n=name: self._chart_clicked(n, ev))

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if not self._started:
            self._started = True
            self._make_charts()
            self.start()

    # --- reading ----------------------------------------------------------------------------
    def start(self) -> None:
        login = self.ctx.agent.login

        def teams(s):
            from agentdesk.services import wallboard

            me = current_agent(s, login)
            return me.role == "admin", wallboard.visible_teams(s, me), metrics.zone_name(s, None)

        self._reads.read("teams", teams, self._fill_teams, self._failed)

    def _fill_teams(self, found) -> None:
        admin, teams, zone = found
        self.team.blockSignals(True)
        self.team.clear()
        if admin:  # a lead reads their own team only; an admin may read the whole workspace
            self.team.addItem(self.tr("Every team"), None)
        for _tid, name in teams:
            self.team.addItem(name, name)
        self.team.blockSignals(False)
        self.team.currentIndexChanged.connect(self.refresh)
        self.zone.setText(self.tr("Days are counted in %1").replace("%1", zone))
        self._end_today_in(zone)
        if self.team.count():
            self.refresh()
        else:
            self.message.setText(self.tr("No team to show: the figures are of the teams you lead."))

    @Slot()
    def _days_picked(self) -> None:
        self._days_chosen = True

    def _end_today_in(self, zone: str) -> None:
        """The default week ends today where the days are counted (the workspace's zone), not
        on this PC's calendar: a desk whose clock runs in another zone (UTC, say, against the
        workspace's Asia/Seoul) otherwise showed a week that ended yesterday for nine hours
        of the day, without today's tickets."""
        if self._days_chosen:
            return
        today = utcnow().astimezone(metrics.zone(zone)).date()
        for widget, day in ((self.start_day, today - timedelta(days=6)), (self.end_day, today)):
            widget.blockSignals(True)
            widget.setDate(QDate(day.year, day.month, day.day))
            widget.blockSignals(False)

    def period(self) -> tuple[date, date, str | None]:
        return self.start_day.date().toPython(), self.end_day.date().toPython(), self.team.currentData()

    def refresh(self) -> None:
        if not self.team.count():
            return
        start, end, team = self.period()
        self.message.setText("")
        self._reads.read("kpis", lambda s: metrics.compute(s, start, end, team=team, now=utcnow()), self._show,
                         self._failed)
        self._read_charts()

    def _read_charts(self) -> None:
        if not self._plots or not self.team.count():
            return
        _start, end, team = self.period()
        days = int(self.days.currentData() or 7)

        def read(s):
            now = utcnow()
            return {"hourly": metrics.hourly(s, end, team=team, now=now),
                    "daily": metrics.daily(s, end, days, team=team, now=now), "end": end, "days": days}

        self._reads.read("charts", read, self._draw, self._failed)

    def _failed(self, exc: Exception) -> None:
        self.message.setText(errors.message(exc))

    def _show(self, result: dict) -> None:
        self.result = result
        for key, tile in self.tiles.items():
            tile.show_figure(*figure(key, result))
        volume = result.get("volume_by_channel") or {}
        self.volume.setText(" · ".join(f"{fmt.label(ch)} {n:,}" for ch, n in volume.items()) or self.tr("No tickets"))
        self.volume.setToolTip(definition("volume_by_channel"))
        self.computed.emit(result)

    def _draw(self, series: dict) -> None:
        import pyqtgraph as pg

        self.series = series
        hours = series["hourly"]["hours"]
        hourly = self._plots["hourly"]
        hourly.clear()
        base = [0.0] * 24
        for ch in CHANNELS:
            heights = [h["created"].get(ch, 0) for h in hours]
            if not any(heights):
                continue
            color = CHANNEL_STYLE.get(ch, ("#888",))[0]
            hourly.addItem(pg.BarGraphItem(x=list(range(24)), height=heights, y0=list(base), width=0.8, brush=color,
                                           name=fmt.label(ch)))
            base = [b + h for b, h in zip(base, heights)]
        through = self._plots["through_day"]
        through.clear()
        backlog = [(h["hour"], h["backlog"]) for h in hours if h["backlog"] is not None]
        if backlog:
            through.plot([x for x, _ in backlog], [y for _, y in backlog], pen=pg.mkPen("#475569", width=2),
                         symbol="o", symbolSize=5, name=self.tr("Backlog"))
        sla = [(h["hour"], h["sla_attainment_rate"]) for h in hours if h["sla_attainment_rate"] is not None]
        if sla:
            top = max((y for _, y in backlog), default=1) or 1
            # SLA attained (0–100 %) drawn on the backlog's scale: 100 % is the chart's top.
            through.plot([x for x, _ in sla], [r * top for _, r in sla], pen=pg.mkPen("#15803d", width=2, style=Qt.PenStyle.DashLine),
                         name=self.tr("SLA attained (100% = top)"))
        daily = self._plots["daily"]
        daily.clear()
        xs = list(range(len(series["daily"])))
        daily.addItem(pg.BarGraphItem(x=xs, height=[d["created"] for d in series["daily"]], width=0.7, brush="#93c5fd",
                                      name=self.tr("Created")))
        daily.plot(xs, [d["solved"] for d in series["daily"]], pen=pg.mkPen("#1d4ed8", width=2), name=self.tr("Solved"))
        ticks = [(i, d["day"][5:]) for i, d in enumerate(series["daily"])]
        step = max(1, len(ticks) // 8)
        daily.getAxis("bottom").setTicks([ticks[::step]])
        self.charted.emit()

    # --- drilling -------------------------------------------------------------------------------
    def _tile_clicked(self) -> None:
        tile = self.sender()
        if isinstance(tile, KpiTile):
            self.drill(tile.key)

    def drill(self, key: str, *, start: date | None = None, end: date | None = None, hour: int | None = None,
              channel: str | None = None, kind: DrillKind | None = None, title: str | None = None) -> None:
        """Opens the tickets behind a figure (or one bar of a chart) in the inbox."""
        p_start, p_end, team = self.period()
        start, end = start or p_start, end or p_end

        def read(s):
            return metrics.drill(s, key, start, end, team, channel=channel, hour=hour, now=utcnow(), kind=kind)

        label = title or " · ".join(x for x in (_t(_TITLES.get(key, key)), team or "",
                                                 f"{start.isoformat()} – {end.isoformat()}") if x)
        self._reads.read("drill", read, lambda d: self.drillRequested.emit(label, TicketQuery(view="all", drill=d)),
                         self._failed)

    def _chart_clicked(self, name: str, event) -> None:
        plot = self._plots.get(name)
        if plot is None or not self.series:
            return
        point = plot.getPlotItem().vb.mapSceneToView(event.scenePos())
        index = int(round(point.x()))
        self.drill_bar(name, index)

    def drill_bar(self, name: str, index: int) -> None:
        """A chart's bar: an hour of the last day, or a day of the last 7/30."""
        if name in ("hourly", "through_day") and 0 <= index <= 23:
            day = self.series["end"]
            self.drill("tickets_created", start=day, end=day, hour=index,
                       title=self.tr("Created %1 %2:00").replace("%1", day.isoformat()).replace("%2", f"{index:02d}"))
        elif name == "daily" and 0 <= index < len(self.series["daily"]):
            day = date.fromisoformat(self.series["daily"][index]["day"])
            self.drill("tickets_created", start=day, end=day,
                       title=self.tr("Created %1").replace("%1", day.isoformat()))

    # --- exporting ------------------------------------------------------------------------------
    @classmethod
    def ask_path(cls, parent: QWidget, title: str, suggested: str) -> str:
        """Where to write (the file dialog); tests replace this seam."""
        path, _filter = QFileDialog.getSaveFileName(parent, title, suggested, "Excel (*.xlsx);;CSV (*.csv)")
        return path

    @staticmethod
    def _format(path: str) -> str:
        return "csv" if path.lower().endswith(".csv") else "xlsx"

    def export_figures(self) -> None:
        if self.result is None:
            return
        start, end, team = self.period()
        path = self.ask_path(self, self.tr("Export figures"), f"kpis-{start}-{end}.xlsx")
        if not path:
            return
        result, defs = dict(self.result), {k: definition(k) for k in DEFINITIONS}
        fmt_ = self._format(path)
        self.ctx.runner.run(lambda: export.write_kpis(path, result, defs, fmt_),
                            lambda n: self._exported(path, n), self._failed)

    def export_tickets(self, key: str) -> None:
        start, end, team = self.period()
        path = self.ask_path(self, self.tr("Export tickets"), f"{key}-{start}-{end}.xlsx")
        if not path:
            return
        fmt_, me, zone = self._format(path), self.ctx.agent.id, ""

        def write(s):
            q = TicketQuery(view="all", drill=metrics.drill(s, key, start, end, team, now=utcnow()))

            def rows():
                offset = 0
                while offset < EXPORTED_ROWS:
                    page = tickets.fetch_page(s, q, me, offset, 1000)
                    yield from page
                    if len(page) < 1000:
                        return
                    offset += 1000

            return export.write_tickets(path, rows(), fmt_, zone)

        self._reads.read(("export", key), write, lambda n: self._exported(path, n), self._failed)

    def _exported(self, path: str, rows: int) -> None:
        self.message.setText(self.tr("Wrote %1 row(s) to %2").replace("%1", f"{rows:,}").replace("%2", path))
        self.exported.emit(path, rows)



