"""The unified inbox: every channel in one list, saved views with counts, filters, search, sort.

The table model is a paged virtual model: it knows only the row count and fetches
pages of 100 rows (LIMIT/OFFSET over covering indexes) the first time they are
painted, keeping a bounded LRU of pages. A million tickets cost a few pages of memory.
As in Anki's browser table, a page is read on a worker, never on the GUI thread (on
``--db postgresql://`` it is network I/O): its rows are placeholders (empty cells) until
it arrives, then ``dataChanged`` repaints them. A new query is counted on a worker too:
the rows on screen stay until its count arrives, then the model resets (``counted``).
"""

from __future__ import annotations

import functools
from dataclasses import replace
import uuid
from collections import OrderedDict

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QByteArray, QEvent, QMimeData, QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from agentdesk.models import CHANNELS, PRIORITIES, TICKET_STATUSES, utcnow
from agentdesk.services import tickets as ticket_service
from agentdesk.services.common import list_agents, sla_state
from agentdesk.services.pii import mask_pii
from agentdesk.services.tickets import SEARCH_ROW_CAP, VIEWS, TicketQuery, TicketRow, ViewCount
from agentdesk.services.view_spec import ViewSpec, spec_from_inbox
from agentdesk.ui.kit import errors, fmt
from agentdesk.ui.kit.icons import PRIORITY_COLOR, SLA_COLOR, STATUS_COLOR, channel_icon, dot_icon
from agentdesk.ui.kit.reads import LatestReads
from agentdesk.ui.kit.tasks import AppContext
from agentdesk.ui.kit.timers import make_timer
from agentdesk.views.inbox_bulk import BulkActions
from agentdesk.views.saved_views import COUNT_ROLE, SavedViewList

PAGE_SIZE = 100
MAX_PAGES = 40  # LRU bound: at most 4,000 rows held

COLUMNS = ("number", "subject", "customer", "priority", "status", "sla", "updated", "assignee")
# Column → sort key the service supports over an index; others are not sortable.
SORT_KEYS = {"number": "number", "priority": "priority", "status": "status", "sla": "sla", "updated": "updated"}


_SLA_COL = COLUMNS.index("sla")
_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_DECORATION = Qt.ItemDataRole.DecorationRole.value
_FOREGROUND = Qt.ItemDataRole.ForegroundRole.value
_FONT = Qt.ItemDataRole.FontRole.value
_ALIGN = Qt.ItemDataRole.TextAlignmentRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
_TICKET_ID = Qt.ItemDataRole.UserRole.value + 1
_CHECK = Qt.ItemDataRole.CheckStateRole.value
_BACKGROUND = Qt.ItemDataRole.BackgroundRole.value
_SUBJECT_COL = COLUMNS.index("subject")  # carries the bulk-selection check box (always shown)
# Tickets dragged out of the inbox (onto an agent on the wallboard): their ids, one a line.
TICKETS_MIME = "application/x-agentdesk-tickets"
_RIGHT_COLS = (COLUMNS.index("sla"), COLUMNS.index("updated"))
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_COLORS: dict[str, QColor] = {}
_FONTS: list[QFont] = []


def _bold() -> QFont:
    if not _FONTS:  # made on first use: a QFont needs the QApplication to exist
        f = QFont()
        f.setBold(True)
        _FONTS.append(f)
    return _FONTS[0]


def _color(name: str) -> QColor:
    if name not in _COLORS:
        _COLORS[name] = QColor(name)
    return _COLORS[name]


def _count_and_first_page(session, q: TicketQuery, me) -> tuple[ViewCount, list[TicketRow]]:
    """A new query's count and its first page in one worker job: the rows a switch shows
    are the first ones, and asking for them only after the count had come back to the GUI
    thread cost a second hand-off each way."""
    ticket_service.read_search_hits(session, q)  # the count and the page share the search's matches
    count = ticket_service.count_results(session, q, me)
    first = (ticket_service.fetch_page(session, q, me, offset=0, limit=PAGE_SIZE, total=count.n, dense_text=not count.exact)
             if count.n else [])
    return count, first


class TicketTableModel(QAbstractTableModel):
    HEADERS = {
        "number": "#", "subject": QT_TRANSLATE_NOOP("TicketTableModel", "Subject"),
        "customer": QT_TRANSLATE_NOOP("TicketTableModel", "Customer"),
        "priority": QT_TRANSLATE_NOOP("TicketTableModel", "Priority"),
        "status": QT_TRANSLATE_NOOP("TicketTableModel", "Status"), "sla": QT_TRANSLATE_NOOP("TicketTableModel", "SLA"),
        "updated": QT_TRANSLATE_NOOP("TicketTableModel", "Updated"),
        "assignee": QT_TRANSLATE_NOOP("TicketTableModel", "Assignee"),
    }
    TicketIdRole = _TICKET_ID
    pageLoaded = Signal(int, int)  # first and last row of a page that just arrived
    pageFailed = Signal(str)  # a page could not be read: one line for the agent
    counted = Signal()  # a new query's count arrived and the rows were reset (or ``error`` set)

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.query = TicketQuery(view="all")  # the newest query asked for …
        self._shown_query = self.query  # … and the one whose rows are on screen (they differ while it is counted)
        self._count = 0
        self.count_exact = True  # False: a text search with more matches than it reads (shown "N+")
        self._pages: OrderedDict[int, list[TicketRow]] = OrderedDict()
        self._reads: LatestReads | None = None  # one key per page index; made on the first page asked for
        self._failed_pages: set[int] = set()  # not asked again until the next query
        self._now = utcnow()
        self._cell_cache: dict[int, tuple] = {}
        self.error: str | None = None
        self.marks = None  # BulkActions (views/inbox_bulk.py): which tickets are selected, by id

    # --- query ---------------------------------------------------------------------
    def set_query(self, query: TicketQuery) -> None:
        """Counts on a worker; when the count arrives the cached pages go and the model resets
        (rows are fetched again as they are painted). A newer query's count wins."""
        self.query = query
        count = functools.partial(_count_and_first_page, q=query, me=self.ctx.agent.id)
        self._reads_().read("count", count, functools.partial(self._counted, query),
                            functools.partial(self._counted, query))

    def refresh(self) -> None:
        self.set_query(self.query)

    def _counted(self, query: TicketQuery, result: tuple[ViewCount, list[TicketRow]] | Exception) -> None:
        """The count and the first page, or a user error (an invalid filter value: shown,
        never raised into Qt)."""
        self.beginResetModel()
        self._shown_query = query
        self._pages.clear()
        self._reads_().cancel()  # pages of the previous query still on their way are dropped
        self._failed_pages.clear()
        self._cell_cache.clear()
        if isinstance(result, Exception):
            self._count, self.count_exact, self.error = 0, True, errors.message(result)
        else:
            count, first = result
            self._count, self.count_exact, self.error = count.n, count.exact, None
            if first:
                self._pages[0] = first
        self.endResetModel()
        self.counted.emit()
        if 0 in self._pages and self._pages[0]:  # as for any page that arrives (bulk selection, Enter on a placeholder)
            self.pageLoaded.emit(0, min(len(self._pages[0]), self._count) - 1)

    def _reads_(self) -> LatestReads:
        if self._reads is None:  # made on first use: a model made for its header texts needs no runner
            self._reads = LatestReads(self, self.ctx.runner)
        return self._reads

    def _page(self, index: int) -> list[TicketRow] | None:
        """The page if it is here; else None, and it is asked for (once) on a read worker."""
        page = self._pages.get(index)
        if page is not None:
            self._pages.move_to_end(index)
            return page
        reads = self._reads_()
        if not reads.pending(index) and index not in self._failed_pages:
            fetch = functools.partial(ticket_service.fetch_page, q=self._shown_query, me=self.ctx.agent.id,
                                      offset=index * PAGE_SIZE, limit=PAGE_SIZE, total=self._count)
            reads.read(index, fetch, functools.partial(self._page_arrived, index),
                       functools.partial(self._page_failed, index), on_bug=functools.partial(self._page_broken, index))
        return None

    def _page_arrived(self, index: int, page: list[TicketRow]) -> None:
        self._pages[index] = page
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)
        first = index * PAGE_SIZE
        last = min(first + PAGE_SIZE, self._count) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))
            self.pageLoaded.emit(first, last)

    def _page_failed(self, index: int, exc: Exception) -> None:
        self._page_broken(index, exc)
        self.pageFailed.emit(errors.message(exc))

    def _page_broken(self, index: int, _exc: Exception) -> None:
        # Not asked again on every paint (a bug would open a crash dialog each time): the
        # rows stay placeholders until the query changes or the inbox is refreshed.
        self._failed_pages.add(index)

    def row_at(self, row: int) -> TicketRow | None:
        """The row if its page is loaded; None (and the page is on its way) if not."""
        if not 0 <= row < self._count:
            return None
        page = self._page(row // PAGE_SIZE)
        i = row % PAGE_SIZE
        return page[i] if page is not None and i < len(page) else None

    def loaded(self) -> bool:
        """Every page that was asked for has arrived (or failed)."""
        return self._reads is None or self._reads.idle()

    def row_of(self, ticket_id: uuid.UUID) -> int:
        """The row of a ticket among the pages already loaded, or -1."""
        for index, page in self._pages.items():
            for i, r in enumerate(page):
                if r.id == ticket_id:
                    return index * PAGE_SIZE + i
        return -1

    def tick(self) -> None:
        """Advances the clock the SLA countdowns are drawn against."""
        self._now = utcnow()
        self._cell_cache.clear()  # countdowns and relative times move on
        if self._count:
            col = COLUMNS.index("sla")
            self.dataChanged.emit(self.index(0, col), self.index(self._count - 1, col), [Qt.ItemDataRole.DisplayRole])

    # --- Qt model API -----------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            key = COLUMNS[section]
            return {"number": "#", "priority": "!"}.get(key) or self.tr(self.HEADERS[key])
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return self.tr(self.HEADERS[COLUMNS[section]])
        return None

    def _cells(self, row: int):
        """Display values of one row, computed once per clock tick (a paint asks ~25 times a row)."""
        cells = self._cell_cache.get(row)
        if cells is not None:
            return cells
        r = self.row_at(row)
        if r is None:
            return None
        state = sla_state(r.sla_next_due, self._now)
        display = (
            fmt.ticket_number(r.number)[1:], mask_pii(r.subject), r.customer_name, None, fmt.label(r.status),
            fmt.countdown(r.sla_next_due, self._now), fmt.relative_time(r.updated_at, self._now),
            r.assignee_name or "—",
        )
        decoration = (channel_icon(r.channel), None, None, dot_icon(PRIORITY_COLOR[r.priority]),
                      dot_icon(STATUS_COLOR[r.status]), None, None, None)
        bold = (False, r.status == "new", False, False, False, state == "breached", False, False)
        cells = (r, display, decoration, bold, _color(SLA_COLOR[state]))
        self._cell_cache[row] = cells
        return cells

    def data(self, index: QModelIndex, role=_DISPLAY):
        # Hot path (~1,300 calls a paint): roles are compared as plain ints, because
        # comparing with PySide6's enum members costs microseconds each.
        cells = self._cells(index.row())
        if cells is None:
            return None
        r, display, decoration, bold, sla_color = cells
        c = index.column()
        if role == _DISPLAY:
            return display[c]
        if role == _DECORATION:
            return decoration[c]
        if role == _FOREGROUND:
            return sla_color if c == _SLA_COL else None
        if role == _FONT:
            return _bold() if bold[c] else None
        if role == _ALIGN:
            return _RIGHT if c in _RIGHT_COLS else None
        if role == _TICKET_ID:
            return r.id
        if self.marks is not None and (role == _BACKGROUND or (role == _CHECK and c == _SUBJECT_COL)):
            return self.marks.data(r.id, role)
        if role == _TOOLTIP:
            col = COLUMNS[c]
            if col == "subject":
                tags = f"\n#{' #'.join(r.tags.split())}" if r.tags else ""
                who = r.assignee_name or self.tr("Unassigned")
                return (f"{fmt.ticket_number(r.number)} · {fmt.label(r.channel)} · {r.customer_name}\n{mask_pii(r.subject)}\n"
                        f"{who} · {fmt.local_time(r.updated_at)}{tags}")
            if col == "priority":
                return fmt.label(r.priority)
            if col == "sla" and r.sla_next_due:
                return self.tr("Due %1").replace("%1", fmt.local_time(r.sla_next_due))
        return None

    def flags(self, index: QModelIndex):
        flags = super().flags(index)
        if index.isValid():
            flags |= Qt.ItemFlag.ItemIsDragEnabled  # onto an agent on the wallboard
        return flags | Qt.ItemFlag.ItemIsUserCheckable if index.column() == _SUBJECT_COL else flags

    def mimeTypes(self) -> list[str]:
        return [TICKETS_MIME]

    def mimeData(self, indexes) -> QMimeData:
        """The dragged tickets' ids: the checked ones when the drag starts on one of them
        (a bulk selection moves together), else the rows under the drag."""
        ids: list[uuid.UUID] = []
        for index in indexes:
            r = self.row_at(index.row())
            if r is not None and r.id not in ids:
                ids.append(r.id)
        marks = self.marks
        if marks is not None and any(i in marks.selection for i in ids):
            ids = marks.selection.ids()
        data = QMimeData()
        data.setData(TICKETS_MIME, QByteArray("\n".join(str(i) for i in ids).encode()))
        return data

    def setData(self, index: QModelIndex, value, role=_DISPLAY) -> bool:
        """The row's check box: selects it for a bulk action (views/inbox_bulk.py)."""
        if role == _CHECK and self.marks is not None and index.isValid() and self.row_at(index.row()) is not None:
            self.marks.toggle_row(index.row())
            return True
        return False

    def marks_changed(self) -> None:
        """The bulk selection changed: check boxes and tints are repainted (rows are by id)."""
        if self._count:
            self.dataChanged.emit(self.index(0, 0), self.index(self._count - 1, len(COLUMNS) - 1),
                                  [Qt.ItemDataRole.CheckStateRole, Qt.ItemDataRole.BackgroundRole])

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        key = SORT_KEYS.get(COLUMNS[column])
        if key is None:
            return
        # 'Descending' means newest / most urgent / soonest due first, whatever the key.
        self.set_query(self.query.with_(sort=key, descending=order == Qt.SortOrder.DescendingOrder))


class InboxPane(QWidget):
    """Saved views on the left, filters on top, the ticket table below."""

    ticketSelected = Signal(object)  # ticket UUID, as the selection moves (preview)
    ticketActivated = Signal(object)  # Enter / double-click: open and focus it
    countsUpdated = Signal(dict)

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.model = TicketTableModel(ctx, self)
        self.model.pageLoaded.connect(self._on_page_loaded)
        self.model.pageFailed.connect(self._show_message)
        self.model.counted.connect(self._on_counted)
        self._keep_selected: uuid.UUID | None = None  # the ticket selected when the query changed
        # The tickets behind a figure a lead clicked (views/supervisor.py): its title and query.
        self._drill: tuple[str, TicketQuery] | None = None
        self._counts: dict[str, int] = {}
        # Selected or activated before its page arrived: done when it does.
        self._waiting_for_row: str | None = None  # "select" or "activate"
        self._build()
        self._search_timer = make_timer(self, 250, self._apply_filters, single_shot=True)
        self._select_timer = make_timer(self, 60, self._emit_selected, single_shot=True)
        # Clocks run only while the pane is shown (showEvent/hideEvent).
        self._clock = make_timer(self, 1000, self.model.tick)
        self._counts_timer = make_timer(self, 30000, self.refresh_counts)
        ctx.changes.changed.connect(self._on_changed)

    # --- layout ---------------------------------------------------------------------------
    def _build(self) -> None:
        self.views = QListWidget(objectName="savedViews")
        for v in VIEWS:
            item = QListWidgetItem(fmt.label(v))
            item.setData(Qt.ItemDataRole.UserRole, v)
            self.views.addItem(item)
        # The agent's own and their team's saved views, under the built-in ones (views/saved_views.py).
        self.saved = SavedViewList(self.ctx, self.views, self._spec_now, self)
        self.saved.chosen.connect(self._on_saved_chosen)
        self.views.currentRowChanged.connect(self._on_view_changed)
        self.views.itemClicked.connect(self._view_clicked)

        self.search = QLineEdit(objectName="inboxSearch", clearButtonEnabled=True)
        self.search.setPlaceholderText(self.tr("Search subjects and messages  ( / )"))
        self.search.textEdited.connect(self._on_search_edited)
        self.search.returnPressed.connect(self._apply_filters)
        # The unfiltered entry names its facet ("Channel", Korean "전체 채널"): four combos share
        # the inbox's width, and "All channels" was cut to "All chann" at 1366 px.
        self.channel = self._combo("channelFilter", self.tr("Channel"), CHANNELS)
        self.status = self._combo("statusFilter", self.tr("Status"), TICKET_STATUSES)
        self.priority = self._combo("priorityFilter", self.tr("Priority"), PRIORITIES)
        self.assignee = QComboBox(objectName="assigneeFilter")
        self.assignee.addItem(self.tr("Anyone"), None)
        self.assignee.addItem(self.tr("Me"), str(self.ctx.agent.id))
        self.assignee.addItem(self.tr("Unassigned"), "none")
        self.assignee.currentIndexChanged.connect(self._apply_filters)
        self.tag = QLineEdit(objectName="tagFilter", clearButtonEnabled=True)
        self.tag.setPlaceholderText(self.tr("Tag"))
        self.tag.setMaximumWidth(120)
        self.tag.editingFinished.connect(self._apply_filters)

        filters = QHBoxLayout()
        filters.setSpacing(6)
        for w in (self.channel, self.status, self.priority, self.assignee):
            filters.addWidget(w, 1)
        search_row = QHBoxLayout()
        search_row.setSpacing(6)
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.tag)

        self.table = QTableView(objectName="inboxTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setDragEnabled(True)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(COLUMNS.index("updated"), Qt.SortOrder.DescendingOrder)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        vh = self.table.verticalHeader()
        vh.setVisible(False)
        # Fixed row height: a ResizeToContents header touches every row (minutes at 1M).
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(30)
        hh = self.table.horizontalHeader()
        hh.sortIndicatorChanged.connect(self._keep_sort_indicator)
        hh.setStretchLastSection(False)
        # Priority is a coloured dot (its name in the tooltip): the subject needs the room.
        # SLA fits "12시간 41분" (the countdown is written in words).
        widths = {"number": 70, "subject": 220, "customer": 78, "priority": 30, "status": 74, "sla": 86,
                  "updated": 70, "assignee": 72}
        for i, c in enumerate(COLUMNS):
            hh.resizeSection(i, widths[c])
        hh.setSectionResizeMode(COLUMNS.index("subject"), QHeaderView.ResizeMode.Stretch)
        hh.setMinimumSectionSize(40)
        self._widths = widths
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.table.activated.connect(self._on_activated)
        self.table.installEventFilter(self)
        self.bulk = BulkActions(self)  # multi-select and the bulk bar (views/inbox_bulk.py)

        self.drill_bar = QWidget(objectName="drillBar")
        dl = QHBoxLayout(self.drill_bar)
        dl.setContentsMargins(6, 2, 2, 2)
        self.drill_label = QLabel(objectName="drillLabel")
        self.drill_label.setWordWrap(True)
        self.drill_clear = QToolButton(objectName="drillClear", text="✕", autoRaise=True)
        self.drill_clear.setToolTip(self.tr("Back to the views"))
        self.drill_clear.clicked.connect(self.clear_drill)
        dl.addWidget(self.drill_label, 1)
        dl.addWidget(self.drill_clear)
        self.drill_bar.setStyleSheet("#drillBar { background: palette(alternate-base); border-radius: 4px; }")
        self.drill_bar.hide()

        self.empty = QLabel(objectName="inboxMessage", alignment=Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.hide()
        self.summary = QLabel(objectName="inboxSummary")
        self.summary.setStyleSheet("color: palette(mid);")

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.setSpacing(6)
        rl.addLayout(search_row)
        rl.addLayout(filters)
        rl.addWidget(self.drill_bar)
        rl.addWidget(self.table, 1)
        rl.addWidget(self.bulk.bar)
        rl.addWidget(self.empty)
        rl.addWidget(self.summary)

        lay = QHBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.setSpacing(6)
        lay.addWidget(self.saved.panel)
        lay.addWidget(right, 1)

    def _combo(self, name: str, anything: str, codes) -> QComboBox:
        box = QComboBox(objectName=name)
        box.addItem(anything, None)
        for code in codes:
            box.addItem(fmt.label(code), code)
        box.currentIndexChanged.connect(self._apply_filters)
        return box

    def load_agents(self) -> None:
        self.ctx.runner.read(list_agents, self._fill_agents)

    @Slot(object)
    def _fill_agents(self, agents) -> None:
        for agent_id, _login, name in agents:
            if agent_id != self.ctx.agent.id:
                self.assignee.addItem(name, str(agent_id))

    # --- behaviour --------------------------------------------------------------------------
    def start(self, view: str = "my_open") -> None:
        """First load: select a view (which queries), then counts and agents in the background."""
        self.select_view(view)
        self.refresh_counts()
        self.load_agents()
        self.saved.load()

    def select_view(self, view: str) -> None:
        if self._drill is not None:
            self._end_drill()
        row = VIEWS.index(view)
        if self.views.currentRow() == row:
            self._apply_filters()
        else:
            self.views.setCurrentRow(row)

    def current_view(self) -> str:
        """The built-in view chosen ("all" while a saved view is: see ``saved.current()``)."""
        item = self.views.currentItem()
        return (item.data(Qt.ItemDataRole.UserRole) if item else None) or "all"

    def _extra_query(self) -> TicketQuery:
        """The filter row, search and sort: what narrows any view (and every view's count)."""
        return TicketQuery(
            view="all", channel=self.channel.currentData(), status=self.status.currentData(),
            priority=self.priority.currentData(), assignee=self.assignee.currentData(),
            tag=self.tag.text().strip().lower() or None, text=self.search.text(), sort=self.model.query.sort,
            descending=self.model.query.descending,
        )

    def current_query(self) -> TicketQuery:
        extra = self._extra_query()
        if self._drill is not None:
            # The figure's tickets, narrowed again by whatever filter row the agent sets.
            q = self._drill[1]
            return replace(q, sort=extra.sort, descending=extra.descending, channel=extra.channel or q.channel,
                           status=extra.status or q.status, priority=extra.priority or q.priority,
                           assignee=extra.assignee or q.assignee, tag=extra.tag or q.tag, text=extra.text or q.text)
        saved = self.saved.current()
        if saved is not None:
            return saved.query(extra).with_(sort=extra.sort, descending=extra.descending)
        return extra.with_(view=self.current_view())

    def _spec_now(self) -> ViewSpec:
        """What the inbox shows now as a view's filters and sort ("Save as view…")."""
        e, saved = self._extra_query(), self.saved.current()
        return spec_from_inbox(view=self.current_view(), base=saved.spec.filters if saved else None, channel=e.channel,
                               status=e.status, priority=e.priority, assignee=e.assignee, tag=e.tag, text=e.text,
                               sort=e.sort, descending=e.descending, me=self.ctx.agent.id)

    def show_drill(self, title: str, query: TicketQuery) -> None:
        """Shows the tickets behind a supervisor's figure until the agent picks a view."""
        self._drill = (title, query)
        self.drill_label.setText(self.tr("Showing: %1").replace("%1", title))
        self.drill_bar.show()
        for box in (self.channel, self.status, self.priority, self.assignee):
            box.blockSignals(True)
            box.setCurrentIndex(0)
            box.blockSignals(False)
        self.tag.clear()
        self.search.clear()
        # The view list keeps its row (an empty selection would be refilled by the list's
        # focus-in, which ended the drill); any view the agent picks ends it.
        self._apply_filters()

    def drill_title(self) -> str | None:
        return self._drill[0] if self._drill else None

    @Slot()
    def clear_drill(self) -> None:
        if self._drill is None:
            return
        self._end_drill()
        self._apply_filters()

    def _end_drill(self) -> None:
        self._drill = None
        self.drill_bar.hide()

    @Slot()
    def _view_clicked(self) -> None:
        if self._drill is not None:  # the view already selected, clicked again: back to it
            self.clear_drill()

    @Slot(int)
    def _on_view_changed(self, _row: int) -> None:
        if self._drill is not None:
            self._end_drill()
        saved = self.saved.current()
        if saved is not None:
            self._show_saved(saved.spec)
        # Mentions are one agent's own inbox of call-outs, not filters a view can hold.
        mentions = self.current_view() == "mentions"
        self.saved.save_button.setEnabled(not mentions)
        self.saved.save_button.setToolTip(self.tr("The Mentions view cannot be saved as a view") if mentions else
                                          self.tr("Save the current filters, search and sort as a view of your own"))
        self._apply_filters()

    @Slot()
    def _on_saved_chosen(self) -> None:
        self._on_view_changed(self.views.currentRow())

    def _show_saved(self, spec: ViewSpec) -> None:
        """A saved view is its own filters and sort: the filter row and search are cleared
        (they narrow it again when the agent sets them) and the view's sort is shown."""
        for box in (self.channel, self.status, self.priority, self.assignee):
            box.blockSignals(True)
            box.setCurrentIndex(0)
            box.blockSignals(False)
        self.tag.clear()
        self.search.clear()
        sort, descending = str(spec.sort.by), spec.sort.descending
        self.model.query = self.model.query.with_(sort=sort, descending=descending)
        column = next((i for i, c in enumerate(COLUMNS) if SORT_KEYS.get(c) == sort), COLUMNS.index("updated"))
        hh = self.table.horizontalHeader()
        hh.blockSignals(True)  # shown, not sorted again: the query above already is
        hh.setSortIndicator(column, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)
        hh.blockSignals(False)
        hh.viewport().update()

    @Slot(str)
    def _on_search_edited(self, _text: str) -> None:
        self._search_timer.start()  # debounce typing

    @Slot()
    def _apply_filters(self) -> None:
        self._search_timer.stop()
        self._keep_selected = self.current_ticket_id()
        self.model.set_query(self.current_query())  # counted on a worker: _on_counted follows

    @Slot()
    def _on_counted(self) -> None:
        current, self._keep_selected = self._keep_selected, None
        if self.model.error:
            self._show_message(self.model.error)
        elif self.model.rowCount() == 0:
            self._show_message(self.tr("No tickets match this view and filters."))
        else:
            self.empty.hide()
        self._update_summary()
        if current is not None:
            row = self.model.row_of(current)
            if row >= 0:
                self.table.selectRow(row)

    def _show_message(self, text: str) -> None:
        self.empty.setText(text)
        self.empty.show()

    def _update_summary(self) -> None:
        n = self.model.rowCount()
        if self.model.count_exact:
            self.summary.setText(self.tr("%n ticket(s)", "", n))
            self.summary.setToolTip("")
            return
        # A lower bound, said as one: the search read its newest matches only.
        self.summary.setText(self.tr("%1+ tickets").replace("%1", f"{n:,}"))
        self.summary.setToolTip(self.tr("More tickets match: these are the ones among the newest %1 matching "
                                        "subjects and messages. Add words or filters to narrow the search.")
                                .replace("%1", f"{SEARCH_ROW_CAP:,}"))

    def refresh(self) -> None:
        """Re-query after a change, keeping the selection where it can."""
        self._apply_filters()
        self.refresh_counts()

    def refresh_counts(self) -> None:
        base = self._extra_query()
        me = self.ctx.agent.id
        self.ctx.runner.read(lambda s: ticket_service.view_counts(s, me, base), self._show_counts)
        self.saved.refresh_counts(base)

    @Slot(object)
    def _show_counts(self, counts: dict) -> None:
        self._counts = counts
        for i in range(self.views.count()):
            item = self.views.item(i)
            v = item.data(Qt.ItemDataRole.UserRole)
            if v in VIEWS:  # the saved views below count themselves (views/saved_views.py)
                item.setText(fmt.label(v))
                item.setData(COUNT_ROLE, f"{counts.get(v, 0):,}")
                if v == "mentions":  # its count is of unread mentions: a badge, shown only when there are some
                    item.setData(COUNT_ROLE, f"● {counts[v]:,}" if counts.get(v) else "")
                    item.setForeground(_color("#1d4ed8") if counts.get(v) else self.views.palette().text())
                    item.setFont(_bold() if counts.get(v) else QFont())
        self.countsUpdated.emit(counts)

    @Slot(str, object)
    def _on_changed(self, kind: str, _id) -> None:
        if kind == "ticket":
            self.refresh()
        elif kind == "mention":  # read or arrived: the Mentions badge
            self.refresh_counts()

    def current_customer_id(self) -> uuid.UUID | None:
        idx = self.table.currentIndex()
        row = self.model.row_at(idx.row()) if idx.isValid() else None
        return row.customer_id if row else None

    def current_ticket_id(self) -> uuid.UUID | None:
        idx = self.table.currentIndex()
        return idx.data(TicketTableModel.TicketIdRole) if idx.isValid() else None

    def move(self, step: int) -> None:
        """j/k: next/previous row."""
        n = self.model.rowCount()
        if not n:
            return
        row = self.table.currentIndex().row()
        row = 0 if row < 0 else max(0, min(n - 1, row + step))
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))

    def jump(self, to_end: bool) -> None:
        n = self.model.rowCount()
        if n:
            row = n - 1 if to_end else 0
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    @Slot(QModelIndex, QModelIndex)
    def _on_current_row(self, current: QModelIndex, _prev: QModelIndex) -> None:
        if current.isValid():
            self._select_timer.start()  # j-j-j quickly loads only where the agent stops

    def _emit_selected(self) -> None:
        tid = self.current_ticket_id()
        if tid is not None:
            self._waiting_for_row = None
            self.ticketSelected.emit(tid)
        elif self.table.currentIndex().isValid():
            self._waiting_for_row = self._waiting_for_row or "select"

    @Slot(QModelIndex)
    def _on_activated(self, index: QModelIndex) -> None:
        tid = index.data(TicketTableModel.TicketIdRole)
        if tid is not None:
            self._waiting_for_row = None
            self._select_timer.stop()
            self.ticketActivated.emit(tid)
        elif index.isValid():
            self._waiting_for_row = "activate"

    @Slot(int, int)
    def _on_page_loaded(self, first: int, last: int) -> None:
        current = self.table.currentIndex()
        if self._waiting_for_row is None or not current.isValid() or not first <= current.row() <= last:
            return
        if self._waiting_for_row == "activate":
            self._on_activated(current)
        else:
            self._emit_selected()

    # Columns that give way, in order, when the pane is narrow (their text is in the subject's
    # tooltip). What an agent triages by stays: subject, priority, status, SLA. The number
    # goes last (read out on calls); at 1366 px wide only those four are left.
    OPTIONAL_COLUMNS = ("assignee", "updated", "customer", "number")
    MIN_SUBJECT = 180

    def _fit_columns(self) -> None:
        # The table's width, not the viewport's: during the Resize event the viewport
        # still has its old size.
        available = self.table.width() - 2 * self.table.frameWidth() - self.table.verticalScrollBar().sizeHint().width()
        hidden: set[str] = set()
        need = sum(self._widths[c] for c in COLUMNS if c != "subject") + self.MIN_SUBJECT
        for col in self.OPTIONAL_COLUMNS:
            if need <= available:
                break
            hidden.add(col)
            need -= self._widths[col]
        for i, col in enumerate(COLUMNS):
            self.table.setColumnHidden(i, col in hidden)

    def showEvent(self, event) -> None:
        self._clock.start()
        self._counts_timer.start()
        super().showEvent(event)

    def hideEvent(self, event) -> None:
        for timer in (self._clock, self._counts_timer, self._search_timer, self._select_timer):
            timer.stop()
        super().hideEvent(event)

    def eventFilter(self, obj, event) -> bool:
        if obj is self.table and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        # Enter opens the ticket (QTableView only activates on some platforms' keys).
        if obj is self.table and event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._on_activated(self.table.currentIndex())
            return True
        return super().eventFilter(obj, event)

    def install_shortcuts(self, window: QWidget) -> list[QShortcut]:
        """View switching with Ctrl+1…7 (mentions the 7th), Ctrl+8 and 9 the first saved views (returns the shortcuts
        so the sheet can list them)."""
        out = []
        for i, v in enumerate(VIEWS, start=1):
            sc = QShortcut(QKeySequence(f"Ctrl+{i}"), window)
            sc.setObjectName(f"view:{v}")
            sc.activated.connect(getattr(self, f"_view_{i}"))
            out.append(sc)
        return out + self.saved.install_shortcuts(window)

    # Bound methods (not lambdas) for the shortcuts: see STYLE.md on PySide lifetimes.
    def _view_1(self): self.select_view(VIEWS[0])  # noqa: E704
    def _view_2(self): self.select_view(VIEWS[1])  # noqa: E704
    def _view_3(self): self.select_view(VIEWS[2])  # noqa: E704
    def _view_4(self): self.select_view(VIEWS[3])  # noqa: E704
    def _view_5(self): self.select_view(VIEWS[4])  # noqa: E704
    def _view_6(self): self.select_view(VIEWS[5])  # noqa: E704
    def _view_7(self): self.select_view(VIEWS[6])  # noqa: E704

    @Slot(int, Qt.SortOrder)
    def _keep_sort_indicator(self, column: int, _order: Qt.SortOrder) -> None:
        """Subject, customer and assignee are not sort keys (no index orders a million rows by
        them): a click there leaves the arrow on the column the rows are sorted by."""
        if SORT_KEYS.get(COLUMNS[column]) is not None:
            return
        q = self.model.query
        sorted_by = next((i for i, c in enumerate(COLUMNS) if SORT_KEYS.get(c) == q.sort), COLUMNS.index("updated"))
        hh = self.table.horizontalHeader()
        hh.blockSignals(True)
        hh.setSortIndicator(sorted_by, Qt.SortOrder.DescendingOrder if q.descending else Qt.SortOrder.AscendingOrder)
        hh.blockSignals(False)
        hh.viewport().update()
