"""The supervisor view for team leads (issue 13): a window of its own (a lead often keeps
it on a second screen), opened with Ctrl+Shift+S or from the palette; roles lead and
admin only.

The wallboard answers at a glance: what is waiting, what is about to breach, who is free,
how today is going. It reads on the worker (services/wallboard.py) as soon as the
window's change signal says something moved (a local write, any sync pull); changes that
come during a read make one more read after it. A one-second clock only repaints the
ages and countdowns from the last read, never queries. Every figure opens the tickets
behind it in the inbox (``drillRequested``); tickets dragged from the inbox onto an agent
are reassigned through the services (bulk.bulk_update: the same rules,
audit and outbox as any assignment).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from agentdesk.models import ACTIVE_STATUSES, LEAD_ROLES, WORKING_STATUSES, utcnow
from agentdesk.services import bulk
from agentdesk.services import wallboard as wb
from agentdesk.services.common import current_agent
from agentdesk.services.pii import mask_pii
from agentdesk.services.tickets import TicketQuery
from agentdesk.services.view_spec import SlaState, ViewFilters
from agentdesk.ui.kit import errors, fmt
from agentdesk.ui.kit.icons import PRIORITY_COLOR, SLA_COLOR, app_icon, channel_icon, dot_icon
from agentdesk.ui.kit.reads import LatestReads
from agentdesk.ui.kit.tasks import AppContext, TaskRunner
from agentdesk.ui.kit.timers import make_timer
from agentdesk.views.kpis import KpiPane
from agentdesk.views.quality import QualityPane
from agentdesk.views.routing import RoutingPane
from agentdesk.views.staffing import StaffingPane

TICKETS_MIME = "application/x-agentdesk-tickets"  # as views/inbox.py drags them
PRESENCE_INTERVAL_MS = 10_000  # as often as desks send their heartbeat (server/presence.py)

# What the wallboard calls each figure (context "supervisor"), and the states leads know.
_TILE_TITLES = {
    "waiting": QT_TRANSLATE_NOOP("supervisor", "Waiting"),
    "unassigned": QT_TRANSLATE_NOOP("supervisor", "Unassigned"),
    "oldest_waiting": QT_TRANSLATE_NOOP("supervisor", "Oldest waiting"),
    "at_risk": QT_TRANSLATE_NOOP("supervisor", "At risk"),
    "breached": QT_TRANSLATE_NOOP("supervisor", "Breached"),
    "handled_today": QT_TRANSLATE_NOOP("supervisor", "Handled today"),
    "abandoned_today": QT_TRANSLATE_NOOP("supervisor", "Abandoned today"),
    "service_level_today": QT_TRANSLATE_NOOP("supervisor", "Service level"),
    "asa_today": QT_TRANSLATE_NOOP("supervisor", "Avg. speed of answer"),
    "incidents_today": QT_TRANSLATE_NOOP("supervisor", "Incidents today"),
    "pending": QT_TRANSLATE_NOOP("supervisor", "Pending"),
    "on_hold": QT_TRANSLATE_NOOP("supervisor", "On hold"),
    "active": QT_TRANSLATE_NOOP("supervisor", "Unsolved"),
}
# The definitions (services/wallboard.DEFINITIONS), marked here so the tooltips translate.
_TILE_HELP = {
    "waiting": QT_TRANSLATE_NOOP("supervisor", "Tickets now new or open (not deleted, not merged), assigned or not."),
    "unassigned": QT_TRANSLATE_NOOP("supervisor", "Waiting tickets that nobody is assigned to."),
    "oldest_waiting": QT_TRANSLATE_NOOP(
        "supervisor", "The longest wait among waiting tickets that have had no first response: now minus the ticket's creation."),
    "at_risk": QT_TRANSLATE_NOOP(
        "supervisor", "Waiting, pending or on-hold tickets whose next SLA deadline falls within the next hour."),
    "breached": QT_TRANSLATE_NOOP("supervisor", "Unsolved tickets whose next SLA deadline has already passed."),
    "pending": QT_TRANSLATE_NOOP("supervisor", "Tickets waiting on the customer (status pending)."),
    "on_hold": QT_TRANSLATE_NOOP("supervisor", "Tickets parked on hold (status on hold)."),
    "handled_today": QT_TRANSLATE_NOOP(
        "supervisor", "Tickets solved since midnight today (workspace time zone), not merged into another."),
    "abandoned_today": QT_TRANSLATE_NOOP(
        "supervisor", "Chat and phone tickets created today that were solved or closed without any agent response."),
    "service_level_today": QT_TRANSLATE_NOOP(
        "supervisor", "Among tickets created today whose first-response deadline is decided (answered, or the deadline "
                      "passed), the share answered by the deadline."),
    "asa_today": QT_TRANSLATE_NOOP(
        "supervisor", "Average speed of answer: the mean of first response minus creation over tickets created today "
                      "that have a first response."),
    "incidents_today": QT_TRANSLATE_NOOP(
        "supervisor", "Agent-protection incidents recorded today: abuse warnings sent, abusive contacts ended, "
                      "protective breaks."),
}
STATE_COLOR = {"available": "#2e9d4f", "on_contact": "#2f6fd0", "after_contact_work": "#8a5cd0",
               "break": "#d08a1e", "training": "#1e9bb0", "offline": "#8c8c8c"}


def _t(text: str) -> str:
    return QCoreApplication.translate("supervisor", text)


def state_label(state: str) -> str:
    return fmt.label(state)  # the states' vocabulary: agentdesk/agent_states.py, labels in ui/kit/fmt.py


def elapsed(seconds: float | None) -> str:
    """A wait or time in state, as a clock reads it: '4:05', '1:02:09', '3d 4h'."""
    if seconds is None:
        return ""
    secs = max(int(seconds), 0)
    days, rem = divmod(secs, 86400)
    hours, rem = divmod(rem, 3600)
    minutes, secs = divmod(rem, 60)
    if days:
        return QCoreApplication.translate("vocab", "%1d %2h").replace("%1", str(days)).replace("%2", str(hours))
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.0f}%"


# --- drill-down: the tickets behind a figure -------------------------------------------------
def _team_filter(team_id: uuid.UUID | None) -> str | None:
    return str(team_id) if team_id is not None else None


def drill_query(key: str, team_id: uuid.UUID | None = None, channel: str | None = None,
                priority: str | None = None) -> TicketQuery | None:
    """The inbox query of a wallboard figure, for one team (or every team the reader
    sees) and optionally one queue line; None for a figure without a ticket list here."""
    statuses: tuple = tuple(WORKING_STATUSES)
    extra: dict = {}
    sort, descending = "sla", False
    if key == "unassigned":
        extra["assignee"] = "none"
    elif key == "oldest_waiting":
        sort = "number"
    elif key in ("at_risk", "breached"):
        statuses = tuple(ACTIVE_STATUSES)
        extra["sla"] = (SlaState.AT_RISK if key == "at_risk" else SlaState.BREACHED,)
    elif key in ("pending", "on_hold"):
        statuses = (key,)
        sort, descending = "updated", True
    elif key == "active":
        statuses = tuple(ACTIVE_STATUSES)
    elif key != "waiting":
        return None
    spec = ViewFilters(statuses=statuses, team=_team_filter(team_id), channels=(channel,) if channel else (),
                       priorities=(priority,) if priority else (), **extra)
    return TicketQuery(view="all", spec=spec, sort=sort, descending=descending)


def agent_query(agent_id: uuid.UUID) -> TicketQuery:
    return TicketQuery(view="all", spec=ViewFilters(statuses=tuple(ACTIVE_STATUSES), assignee=str(agent_id)),
                       sort="sla", descending=False)


# --- the figures --------------------------------------------------------------------------------
class Tile(QPushButton):
    """A big number with its name; the definition on hover; a click opens its tickets."""

    def __init__(self, key: str, parent=None):
        super().__init__(parent, objectName=f"tile_{key}")
        self.key = key
        self.setFlat(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setMinimumSize(112, 66)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 6, 10, 6)
        lay.setSpacing(0)
        self.value = QLabel("—", objectName="tileValue")
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.9)
        font.setBold(True)
        self.value.setFont(font)
        self.caption = QLabel(_t(_TILE_TITLES[key]), objectName="tileCaption")
        self.caption.setWordWrap(True)
        for w in (self.value, self.caption):
            w.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            lay.addWidget(w)
        self.setToolTip(_t(_TILE_HELP[key]))
        self.setStyleSheet("Tile { background: palette(alternate-base); border: 1px solid palette(midlight);"
                           " border-radius: 6px; text-align: left; } Tile:hover { border-color: palette(highlight); }"
                           " #tileCaption { color: palette(mid); }")

    def show_value(self, text: str, alert: bool = False) -> None:
        self.value.setText(text)
        self.value.setStyleSheet("color: #c62828;" if alert else "")
        self.setAccessibleName(f"{self.caption.text()}: {text}")


_QUEUE_COLUMNS = ("team", "channel", "priority", "waiting", "unassigned", "oldest_waiting", "at_risk", "breached",
                  "next_due", "pending", "on_hold")
_QUEUE_HEADERS = {
    "team": QT_TRANSLATE_NOOP("supervisor", "Team"), "channel": QT_TRANSLATE_NOOP("supervisor", "Channel"),
    "priority": QT_TRANSLATE_NOOP("supervisor", "Priority"), "waiting": QT_TRANSLATE_NOOP("supervisor", "Waiting"),
    "unassigned": QT_TRANSLATE_NOOP("supervisor", "Unassigned"),
    "oldest_waiting": QT_TRANSLATE_NOOP("supervisor", "Oldest"), "at_risk": QT_TRANSLATE_NOOP("supervisor", "At risk"),
    "breached": QT_TRANSLATE_NOOP("supervisor", "Breached"), "next_due": QT_TRANSLATE_NOOP("supervisor", "Next deadline"),
    "pending": QT_TRANSLATE_NOOP("supervisor", "Pending"), "on_hold": QT_TRANSLATE_NOOP("supervisor", "On hold"),
}
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class QueueModel(QAbstractTableModel):
    """One row per team, channel and priority with unsolved tickets."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.cells: list[wb.QueueCell] = []
        self.now = utcnow()

    def set_cells(self, cells: list[wb.QueueCell], now: datetime) -> None:
        self.beginResetModel()
        self.cells, self.now = list(cells), now
        self.endResetModel()

    def tick(self, now: datetime) -> None:
        self.now = now
        if self.cells:
            for col in ("oldest_waiting", "next_due"):
                c = _QUEUE_COLUMNS.index(col)
                self.dataChanged.emit(self.index(0, c), self.index(len(self.cells) - 1, c), [Qt.ItemDataRole.DisplayRole])

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.cells)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(_QUEUE_COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt override
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _t(_QUEUE_HEADERS[_QUEUE_COLUMNS[section]])
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.cells):
            return None
        c, col = self.cells[index.row()], _QUEUE_COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if col == "team":
                return c.team
            if col in ("channel", "priority"):
                return fmt.label(getattr(c, col))
            if col == "oldest_waiting":
                return elapsed((self.now - c.oldest_waiting_at).total_seconds()) if c.oldest_waiting_at else ""
            if col == "next_due":
                return fmt.countdown(c.next_due, self.now)
            return str(getattr(c, col))
        if role == Qt.ItemDataRole.DecorationRole:
            if col == "channel":
                return channel_icon(c.channel)
            if col == "priority":
                return dot_icon(PRIORITY_COLOR.get(c.priority, "#888"))
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= 3:
            return _RIGHT
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == "breached" and c.breached:
                return QColor(SLA_COLOR["breached"])
            if col == "at_risk" and c.at_risk:
                return QColor(SLA_COLOR["at_risk"])
        if role == Qt.ItemDataRole.ToolTipRole and col in _TILE_HELP:
            return _t(_TILE_HELP[col])
        return None


_AGENT_COLUMNS = ("name", "state", "in_state", "load", "handled", "aht", "on_ticket")
_AGENT_HEADERS = {
    "name": QT_TRANSLATE_NOOP("supervisor", "Agent"), "state": QT_TRANSLATE_NOOP("supervisor", "State"),
    "in_state": QT_TRANSLATE_NOOP("supervisor", "In state"), "load": QT_TRANSLATE_NOOP("supervisor", "Open / capacity"),
    "handled": QT_TRANSLATE_NOOP("supervisor", "Handled today"), "aht": QT_TRANSLATE_NOOP("supervisor", "Avg. handle time"),
    "on_ticket": QT_TRANSLATE_NOOP("supervisor", "On ticket"),
}


class AgentsModel(QAbstractTableModel):
    """The team's agents; tickets dropped on a row are to be given to that agent."""

    reassignRequested = Signal(list, object)  # ticket ids, agent id

    def __init__(self, parent=None):
        super().__init__(parent)
        self.lines: list[wb.AgentLine] = []
        self.now = utcnow()

    def set_lines(self, lines: list[wb.AgentLine], now: datetime) -> None:
        self.beginResetModel()
        self.lines, self.now = list(lines), now
        self.endResetModel()

    def tick(self, now: datetime) -> None:
        self.now = now
        if self.lines:
            c = _AGENT_COLUMNS.index("in_state")
            self.dataChanged.emit(self.index(0, c), self.index(len(self.lines) - 1, c), [Qt.ItemDataRole.DisplayRole])

    def line(self, row: int) -> wb.AgentLine | None:
        return self.lines[row] if 0 <= row < len(self.lines) else None

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(_AGENT_COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt override
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _t(_AGENT_HEADERS[_AGENT_COLUMNS[section]])
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.lines):
            return None
        a, col = self.lines[index.row()], _AGENT_COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if col == "name":
                return a.name
            if col == "state":
                return state_label(a.state)
            if col == "in_state":
                return elapsed((self.now - a.since).total_seconds()) if a.since else ""
            if col == "load":
                return f"{a.open_count} / {a.capacity}"
            if col == "handled":
                return str(a.handled_today)
            if col == "aht":
                return elapsed(a.aht_seconds) if a.aht_seconds is not None else "—"
            if col == "on_ticket":
                return fmt.ticket_number(a.on_ticket_number) if a.on_ticket_number else ""
        if role == Qt.ItemDataRole.DecorationRole and col == "state":
            return dot_icon(STATE_COLOR.get(a.state, "#888"))
        if role == Qt.ItemDataRole.ForegroundRole and col == "load" and a.open_count >= a.capacity:
            return QColor(SLA_COLOR["breached"])
        if role == Qt.ItemDataRole.TextAlignmentRole and col in ("in_state", "load", "handled", "aht"):
            return _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and col == "name":
            return a.login
        return None

    # Tickets dragged from the inbox.
    def flags(self, index: QModelIndex):
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsDropEnabled if index.isValid() else flags

    def mimeTypes(self) -> list[str]:  # noqa: N802 - Qt override
        return [TICKETS_MIME]

    def supportedDropActions(self):  # noqa: N802 - Qt override
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def canDropMimeData(self, data, action, row, column, parent) -> bool:  # noqa: N802 - Qt override
        return data.hasFormat(TICKETS_MIME) and self.line(parent.row() if parent.isValid() else row) is not None

    def dropMimeData(self, data, action, row, column, parent) -> bool:  # noqa: N802 - Qt override
        target = self.line(parent.row() if parent.isValid() else row)
        if target is None or not data.hasFormat(TICKETS_MIME):
            return False
        ids = ticket_ids(bytes(data.data(TICKETS_MIME).data()))
        if ids:
            self.reassignRequested.emit(ids, target.id)
        return False  # nothing to remove from the inbox: it refreshes on the change


def ticket_ids(raw: bytes) -> list[uuid.UUID]:
    """The dragged ids; anything that is not one (a drop from elsewhere) is ignored."""
    out = []
    for part in raw.decode("utf-8", "replace").split():
        try:
            out.append(uuid.UUID(part))
        except ValueError:
            continue
    return out


# --- the wallboard --------------------------------------------------------------------------------
_TILES = ("waiting", "unassigned", "oldest_waiting", "at_risk", "breached", "handled_today", "abandoned_today",
          "service_level_today", "asa_today", "incidents_today")


class WallboardPane(QWidget):
    drillRequested = Signal(str, object)  # a title, and the TicketQuery of the tickets behind a figure
    openTicketRequested = Signal(object)  # a ticket id (an incident's)
    failed = Signal(str)
    refreshed = Signal()  # a new snapshot is on screen (tests; the benchmark's stopwatch)

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        # Reads of its own: after a pull the main window's panes queue theirs on the shared
        # runner, and the wallboard waited behind them (236 ms of a 300 ms budget at 20k
        # tickets; benchmarks/bench_supervisor.py). Writes stay on the window's one writer.
        self.runner = TaskRunner(ctx.db, self)
        self._reads = LatestReads(self, self.runner)
        self.board: wb.Wallboard | None = None
        self.presence: dict[uuid.UUID, tuple[uuid.UUID, str]] = {}
        self._build()
        # A change is read at once; changes that arrive while a read runs (a pull of 200
        # tickets) make one more read after it, not one each.
        self._reading = False
        self._dirty = False
        self._clock = make_timer(self, 1000, self._tick)
        ctx.changes.changed.connect(self._on_changed)
        # Who is on which ticket lives on the team server only (heartbeats, not in the
        # feed): asked as often as agents beat, while the wallboard is shown.
        self._presence_timer = make_timer(self, PRESENCE_INTERVAL_MS, self._fetch_presence)
        if ctx.sync is not None:
            ctx.sync.statusChanged.connect(self._sync_status)

    def _build(self) -> None:
        self.team = QComboBox(objectName="wallboardTeam")
        self.team.addItem(self.tr("All my teams"), None)
        self.team.currentIndexChanged.connect(self.refresh)
        self.updated = QLabel(objectName="wallboardUpdated")
        self.offline = QLabel(self.tr("Offline: figures as of the last sync"), objectName="wallboardOffline")
        self.offline.setStyleSheet("color: white; background: #c62828; border-radius: 4px; padding: 2px 8px;")
        self.offline.hide()
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Team")))
        top.addWidget(self.team)
        top.addStretch(1)
        top.addWidget(self.offline)
        top.addWidget(self.updated)

        self.tiles = {key: Tile(key, self) for key in _TILES}
        tiles = QHBoxLayout()
        tiles.setSpacing(8)
        for tile in self.tiles.values():
            tile.clicked.connect(self._tile_clicked)
            tiles.addWidget(tile, 1)

        self.queue_model = QueueModel(self)
        self.queue = self._table("wallboardQueue", self.queue_model)
        self.queue.activated.connect(self._queue_activated)
        self.agents_model = AgentsModel(self)
        self.agents_model.reassignRequested.connect(self.reassign)
        self.agents = self._table("wallboardAgents", self.agents_model)
        self.agents.setAcceptDrops(True)
        self.agents.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.agents.setDropIndicatorShown(True)
        self.agents.activated.connect(self._agent_activated)
        self.agents.setToolTip(self.tr("Drag tickets from the inbox onto an agent to give them the tickets; "
                                       "double-click an agent to see their open tickets"))

        def titled(title: str, w: QWidget) -> QWidget:
            box = QWidget()
            lay = QVBoxLayout(box)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.setSpacing(4)
            head = QLabel(title)
            head.setStyleSheet("font-weight: bold;")
            lay.addWidget(head)
            lay.addWidget(w, 1)
            return box

        self.incidents = QListWidget(objectName="wallboardIncidents")
        self.incidents.itemActivated.connect(self._incident_activated)
        self.incidents.setToolTip(self.tr("Double-click to open the ticket (the conversation is kept as it was)"))
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(titled(self.tr("Agents"), self.agents))
        right.addWidget(titled(self.tr("Incidents today"), self.incidents))
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 1)
        right.setChildrenCollapsible(False)
        split = QSplitter(Qt.Orientation.Horizontal, objectName="wallboardSplit")
        split.addWidget(titled(self.tr("Queue"), self.queue))
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        self.message = QLabel(objectName="wallboardMessage")
        self.message.setWordWrap(True)
        self.message.hide()

        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 10, 10, 10)
        lay.setSpacing(10)
        lay.addLayout(top)
        lay.addLayout(tiles)
        lay.addWidget(self.message)
        lay.addWidget(split, 1)

    def _table(self, name: str, model: QAbstractTableModel) -> QTableView:
        table = QTableView(objectName=name)
        table.setModel(model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.verticalHeader().setDefaultSectionSize(28)
        hh = table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        hh.setStretchLastSection(False)  # a wide last column pushed the figures apart
        return table

    # --- reading -------------------------------------------------------------------------------
    def start(self) -> None:
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        self._reading, self._dirty = True, False
        login, team = self.ctx.agent.login, self.team.currentData()
        presence = dict(self.presence)
        team_ids = [uuid.UUID(team)] if team else None

        def read(s):
            return wb.snapshot(s, current_agent(s, login), now=utcnow(), team_ids=team_ids, presence=presence)

        self._reads.read("board", read, self._show, self._failed)

    @Slot(str, object)
    def _on_changed(self, kind: str, _id) -> None:
        if kind not in ("ticket", "agent", "agent_status", "protection"):
            return
        if self._reading:
            self._dirty = True
        else:
            self.refresh()

    def _read_done(self) -> None:
        self._reading = False
        if self._dirty:
            self.refresh()

    def set_presence(self, presence: dict[uuid.UUID, tuple[uuid.UUID, str]]) -> None:
        """Who has which ticket open, as the team server said (ui/sync.py fetches it)."""
        if presence != self.presence:
            self.presence = dict(presence)
            self.refresh()

    def _fetch_presence(self) -> None:
        transport = getattr(getattr(self.ctx.sync, "client", None), "transport", None)
        if transport is not None and hasattr(transport, "team_presence"):
            self._reads.run("presence", transport.team_presence, self.set_presence, self._presence_failed)

    def _presence_failed(self, _exc: Exception) -> None:
        """Offline or refused: nobody is shown on a contact rather than a stale one."""
        self.set_presence({})

    def _failed(self, exc: Exception) -> None:
        self._say(exc)
        self._read_done()

    def _say(self, exc: Exception) -> None:
        self.message.setText(errors.message(exc))
        self.message.show()

    def _show(self, board: wb.Wallboard) -> None:
        self.message.hide()
        self.board = board
        self._fill_teams(board.teams)
        self.queue_model.set_cells(board.queue, board.at)
        self.queue.setColumnHidden(0, len(board.teams) <= 1)  # one team: its name on every line says nothing
        self.agents_model.set_lines(board.agents, board.at)
        self._show_tiles(board.at)
        self._show_incidents(board.incidents)
        self.updated.setText(self.tr("Last updated %1").replace("%1", board.at.astimezone().strftime("%H:%M:%S")))
        if not board.teams:
            self.message.setText(self.tr("No team to show: the wallboard shows the teams you lead."))
            self.message.show()
        self.refreshed.emit()
        self._read_done()

    def _fill_teams(self, teams: list[tuple[uuid.UUID, str]]) -> None:
        if self.team.count() > 1:
            return
        self.team.blockSignals(True)
        for tid, name in teams:
            self.team.addItem(name, str(tid))
        self.team.blockSignals(False)

    def _show_tiles(self, now: datetime) -> None:
        b = self.board
        if b is None:
            return
        t = b.today
        oldest = (now - t.oldest_waiting_at).total_seconds() if t.oldest_waiting_at else None
        self.tiles["waiting"].show_value(str(t.waiting))
        self.tiles["unassigned"].show_value(str(t.unassigned))
        self.tiles["oldest_waiting"].show_value(elapsed(oldest) if oldest is not None else "—")
        self.tiles["at_risk"].show_value(str(t.at_risk))
        self.tiles["breached"].show_value(str(t.breached), alert=t.breached > 0)
        self.tiles["handled_today"].show_value(str(t.handled))
        self.tiles["abandoned_today"].show_value(str(t.abandoned))
        self.tiles["service_level_today"].show_value(percent(t.service_level))
        self.tiles["asa_today"].show_value(elapsed(t.asa_seconds) if t.asa_seconds is not None else "—")
        self.tiles["incidents_today"].show_value(str(len(b.incidents)), alert=any(i.kind == "ended" for i in b.incidents))

    def _show_incidents(self, incidents: list) -> None:
        self.incidents.clear()
        for i in incidents:
            text = " · ".join((i.created_at.astimezone().strftime("%H:%M"), i.agent_name, fmt.label(i.kind),
                               fmt.ticket_number(i.ticket_number)))
            if i.reason:
                text += f" — {mask_pii(i.reason)}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, i.ticket_id)
            if i.kind == "ended":
                item.setForeground(QColor(SLA_COLOR["breached"]))
            self.incidents.addItem(item)
        if not incidents:
            self.incidents.addItem(QListWidgetItem(self.tr("None today")))

    @Slot(QListWidgetItem)
    def _incident_activated(self, item: QListWidgetItem) -> None:
        ticket_id = item.data(Qt.ItemDataRole.UserRole)
        if ticket_id is not None:
            self.openTicketRequested.emit(ticket_id)

    def _tick(self) -> None:
        """Ages and countdowns move with the clock; the figures only with a new read."""
        now = utcnow()
        self.queue_model.tick(now)
        self.agents_model.tick(now)
        self._show_tiles(now)

    @Slot(object)
    def _sync_status(self, status) -> None:
        # Figures stay up while offline (the replica still holds them), marked as such.
        self.offline.setVisible(status.state not in ("online", "never"))

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self._clock.start()
        if self.ctx.sync is not None:
            self._presence_timer.start()
            self._fetch_presence()

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt override
        self._clock.stop()
        self._presence_timer.stop()
        super().hideEvent(event)

    # --- drilling ---------------------------------------------------------------------------
    def _current_team(self) -> uuid.UUID | None:
        team = self.team.currentData()
        return uuid.UUID(team) if team else None

    def _team_name(self, team_id: uuid.UUID | None) -> str:
        if team_id is None:
            return self.tr("all my teams")
        return next((name for tid, name in (self.board.teams if self.board else []) if tid == team_id), "")

    @Slot()
    def _tile_clicked(self) -> None:
        tile = self.sender()
        if isinstance(tile, Tile):
            if tile.key == "incidents_today":
                self.incidents.setFocus()
                if self.incidents.count():
                    self.incidents.setCurrentRow(0)
                return
            self.drill(tile.key, self._current_team())

    def drill(self, key: str, team_id: uuid.UUID | None = None, channel: str | None = None,
              priority: str | None = None) -> bool:
        query = drill_query(key, team_id, channel, priority)
        if query is None:
            return False
        parts = [_t(_TILE_TITLES.get(key, _QUEUE_HEADERS.get(key, key))), self._team_name(team_id)]
        parts += [fmt.label(v) for v in (channel, priority) if v]
        self.drillRequested.emit(" · ".join(p for p in parts if p), query)
        return True

    @Slot(QModelIndex)
    def _queue_activated(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        c = self.queue_model.cells[index.row()]
        col = _QUEUE_COLUMNS[index.column()]
        key = col if col in ("waiting", "unassigned", "oldest_waiting", "at_risk", "breached", "pending", "on_hold") \
            else "active"
        self.drill(key, c.team_id, c.channel, c.priority)

    @Slot(QModelIndex)
    def _agent_activated(self, index: QModelIndex) -> None:
        line = self.agents_model.line(index.row())
        if line is not None:
            self.drillRequested.emit(self.tr("Open tickets of %1").replace("%1", line.name), agent_query(line.id))

    # --- acting ------------------------------------------------------------------------------
    def reassign(self, ids: list[uuid.UUID], agent_id: uuid.UUID) -> None:
        """Gives the tickets to the agent: the services' bulk update (rules, audit, outbox)."""
        login = self.ctx.agent.login
        change = bulk.BulkChange(assignee=str(agent_id))
        self.ctx.runner.write(lambda s: bulk.bulk_update(s, current_agent(s, login), ids, change),
                              self._reassigned, self._say)

    def _reassigned(self, result: bulk.BulkResult) -> None:
        self.ctx.changes.changed.emit("ticket", None)
        skipped = result.skipped
        if skipped:
            first = skipped[0]
            why = errors.message(first.error) if first.error is not None else first.reason
            self.message.setText(self.tr("%1 ticket(s) not reassigned: %2").replace("%1", str(len(skipped)))
                                 .replace("%2", f"{fmt.ticket_number(first.number)} {why}"))
            self.message.show()


class SupervisorWindow(QMainWindow):
    """The lead's window: the wallboard first; KPIs, routing, quality and staffing beside it."""

    drillRequested = Signal(str, object)
    openTicketRequested = Signal(object)

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("supervisorWindow")
        self.setWindowTitle(self.tr("Supervisor — AgentDesk"))
        self.setWindowIcon(app_icon())
        self.tabs = QTabWidget(objectName="supervisorTabs")
        self.tabs.setDocumentMode(True)
        self.wallboard = WallboardPane(ctx, self)
        self.wallboard.drillRequested.connect(self.drillRequested)
        self.wallboard.openTicketRequested.connect(self.openTicketRequested)
        self.tabs.addTab(self.wallboard, self.tr("Wallboard"))
        self.kpis = KpiPane(ctx, self)
        self.kpis.drillRequested.connect(self.drillRequested)
        self.tabs.addTab(self.kpis, self.tr("KPIs"))
        self.routing = RoutingPane(ctx, self)
        self.tabs.addTab(self.routing, self.tr("Routing"))
        self.quality = QualityPane(ctx, self)
        self.tabs.addTab(self.quality, self.tr("Quality"))
        self.staffing = StaffingPane(ctx, self)
        self.tabs.addTab(self.staffing, self.tr("Staffing"))
        from agentdesk.views.autoresponse import AutoresponsePane

        self.autoresponse = AutoresponsePane(ctx, self)
        self.tabs.addTab(self.autoresponse, self.tr("Auto-response"))
        self.setCentralWidget(self.tabs)
        self.resize(1180, 720)
        close = QShortcut(QKeySequence("Ctrl+W"), self)
        close.activated.connect(self.close)
        refresh = QShortcut(QKeySequence("F5"), self)
        refresh.activated.connect(self.wallboard.refresh)

    def start(self) -> None:
        self.wallboard.start()


def may_supervise(role: str) -> bool:
    """The view is for leads and admins; what it shows is also bounded by what the
    reader's workspace holds (a team replica holds only their teams' tickets)."""
    return role in LEAD_ROLES

