"""Saved views in the inbox: the agent's own and their team's, listed under the six
built-in views with live counts, and the editor that saves the inbox's filters as one.

``SavedViewList`` owns the saved rows of the inbox's list of views (the built-in rows
stay the inbox's): it reads them and their counts on workers (``LatestReads``), saves,
renames, duplicates, moves and deletes them on the write lane, and offers them to the
palette and to Ctrl+8 and Ctrl+9. ``ViewEditorDialog`` edits a view's name, scope and filters;
it checks them before it closes, so nothing typed is lost. Who may write which view is
services/view_spec.check_view_write (asked again by the service and the team server):
a team view is read-only here for an agent, who may duplicate it.
"""

from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass, replace

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, QPoint, QSize, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from agentdesk import rules
from agentdesk.models import CHANNELS, PRIORITIES, TICKET_STATUSES, ChangeKind
from agentdesk.services import saved_views as sv
from agentdesk.services.tickets import COUNT_CAP, TicketQuery, ViewCount
from agentdesk.services.view_spec import (
    MAX_CONDITIONS,
    NAME_LIMIT,
    STATUS_GROUPS,
    TAGS_LIMIT,
    TEXT_LIMIT,
    SlaState,
    SortKey,
    StatusGroup,
    TagMatch,
    TimeWindow,
    ViewError,
    ViewScope,
    ViewSpec,
    parse_spec,
)
from agentdesk.ui.kit import errors, fmt
from agentdesk.ui.kit.reads import LatestReads
from agentdesk.ui.kit.tasks import AppContext

VIEW_ID_ROLE = Qt.ItemDataRole.UserRole.value + 10  # a saved view's id (built-in rows hold their code in UserRole)
COUNT_ROLE = Qt.ItemDataRole.UserRole.value + 11  # the count as shown ("1,234", "5,000+"), drawn right-aligned
HEADING_ROLE = Qt.ItemDataRole.UserRole.value + 12  # "My views", "Team views": a heading, not a view
SHORTCUT_KEYS = ("Ctrl+8", "Ctrl+9")  # the first two saved views, after Ctrl+1…7 (built-in views, mentions)

# The editor's labels: marked here (context ViewEditorDialog), translated where shown.
# (hours within, hours older than) presets of the editor's time filters.
TIME_PRESETS = (
    ((1, None), QT_TRANSLATE_NOOP("ViewEditorDialog", "Last hour")),
    ((24, None), QT_TRANSLATE_NOOP("ViewEditorDialog", "Last 24 hours")),
    ((24 * 7, None), QT_TRANSLATE_NOOP("ViewEditorDialog", "Last 7 days")),
    ((24 * 30, None), QT_TRANSLATE_NOOP("ViewEditorDialog", "Last 30 days")),
    ((24 * 90, None), QT_TRANSLATE_NOOP("ViewEditorDialog", "Last 90 days")),
    ((None, 24), QT_TRANSLATE_NOOP("ViewEditorDialog", "More than 24 hours ago")),
    ((None, 24 * 7), QT_TRANSLATE_NOOP("ViewEditorDialog", "More than 7 days ago")),
    ((None, 24 * 30), QT_TRANSLATE_NOOP("ViewEditorDialog", "More than 30 days ago")),
)
SORT_LABELS = {
    SortKey.UPDATED: QT_TRANSLATE_NOOP("ViewEditorDialog", "Updated"),
    SortKey.PRIORITY: QT_TRANSLATE_NOOP("ViewEditorDialog", "Priority"),
    SortKey.SLA: QT_TRANSLATE_NOOP("ViewEditorDialog", "SLA"),
    SortKey.NUMBER: QT_TRANSLATE_NOOP("ViewEditorDialog", "Ticket number"),
    SortKey.STATUS: QT_TRANSLATE_NOOP("ViewEditorDialog", "Status"),
}
SLA_LABELS = {
    SlaState.BREACHED: QT_TRANSLATE_NOOP("ViewEditorDialog", "Breached"),
    SlaState.AT_RISK: QT_TRANSLATE_NOOP("ViewEditorDialog", "At risk"),
    SlaState.OK: QT_TRANSLATE_NOOP("ViewEditorDialog", "On track"),
    SlaState.NONE: QT_TRANSLATE_NOOP("ViewEditorDialog", "No deadline"),
}
GROUP_LABELS = {
    StatusGroup.UNSOLVED: QT_TRANSLATE_NOOP("ViewEditorDialog", "Unsolved"),
    StatusGroup.WORKING: QT_TRANSLATE_NOOP("ViewEditorDialog", "New or open"),
    StatusGroup.DONE: QT_TRANSLATE_NOOP("ViewEditorDialog", "Solved or closed"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("SavedViews", text)


def count_text(count: ViewCount | None) -> str:
    """'1,234'; '5,000+' when the count stopped at the cap (a lower bound)."""
    if count is None:
        return "…"
    return f"{count.n:,}" if count.exact else f"{count.n:,}+"


class ViewListDelegate(QStyledItemDelegate):
    """Draws a view's name on the left and its count on the right: a long name is cut
    short, its count never is."""

    PADDING = 8  # the ::item padding of the theme (ui/theme.py)

    def paint(self, painter, option, index) -> None:
        count = index.data(COUNT_ROLE)
        if not count:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        metrics = opt.fontMetrics
        room = opt.rect.width() - 2 * self.PADDING - metrics.horizontalAdvance(count) - 6
        opt.text = metrics.elidedText(opt.text, Qt.TextElideMode.ElideRight, max(room, 12))
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is None:
            super().paint(painter, option, index)
            return
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setPen(opt.palette.color(QPalette.ColorRole.HighlightedText) if selected else QColor("#64748b"))
        rect = opt.rect.adjusted(0, 0, -self.PADDING, 0)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), count)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        # As wide as the list, whatever the name: a long one is cut short above, never
        # widening the rows past the list (its count would be drawn out of sight).
        hint = super().sizeHint(option, index)
        hint.setWidth(1)
        return hint


@dataclass(frozen=True)
class EditorInput:
    """What the editor opens with: the view (new or existing) and the choices it offers."""

    name: str
    spec: ViewSpec
    scope: str = ViewScope.PERSONAL
    team_id: uuid.UUID | None = None
    agents: tuple[tuple[uuid.UUID, str], ...] = ()
    teams: tuple[tuple[uuid.UUID, str], ...] = ()
    me: uuid.UUID | None = None
    my_team_id: uuid.UUID | None = None
    role: str = "agent"
    heading: str = ""


@dataclass(frozen=True)
class EditorResult:
    name: str
    scope: str
    team_id: uuid.UUID | None
    spec: ViewSpec


class ViewEditorDialog(QDialog):
    """A saved view's name, who sees it, its filters and its sort."""

    def __init__(self, parent, given: EditorInput):
        super().__init__(parent)
        self.setObjectName("viewEditor")
        self.setWindowTitle(given.heading or self.tr("Save as view"))
        self.given = given
        f = given.spec.filters
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.name_edit = QLineEdit(given.name, objectName="viewName")
        self.name_edit.setMaxLength(NAME_LIMIT)
        self.name_edit.setPlaceholderText(self.tr("e.g. Urgent chats of my team"))
        form.addRow(self.tr("Name"), self.name_edit)

        self.scope = QComboBox(objectName="viewScope")
        self.scope.addItem(self.tr("Only me"), (ViewScope.PERSONAL, None))
        teams = dict(given.teams)
        if given.role == "admin":
            for team_id, team_name in given.teams:
                self.scope.addItem(self.tr("Shared with %1").replace("%1", team_name), (ViewScope.TEAM, team_id))
        elif given.role == "lead" and given.my_team_id is not None:
            name = teams.get(given.my_team_id, self.tr("my team"))
            self.scope.addItem(self.tr("Shared with %1").replace("%1", name), (ViewScope.TEAM, given.my_team_id))
        self.scope.setEnabled(self.scope.count() > 1)
        if self.scope.count() == 1:
            self.scope.setToolTip(self.tr("Only a lead or admin can share views with a team"))
        for i in range(self.scope.count()):
            scope, team = self.scope.itemData(i)
            if scope == given.scope and (scope == ViewScope.PERSONAL or team == given.team_id):
                self.scope.setCurrentIndex(i)
        form.addRow(self.tr("Who sees it"), self.scope)

        self.status_group = QComboBox(objectName="viewStatusGroup")
        self.status_group.addItem(self.tr("Any status"), None)
        for group, label in GROUP_LABELS.items():
            self.status_group.addItem(self.tr(label), group)
        self.status_group.addItem(self.tr("Chosen statuses"), "custom")
        self.status_group.activated.connect(self._group_picked)
        self.statuses = self._boxes("viewStatus", TICKET_STATUSES, f.statuses, self._statuses_ticked)
        form.addRow(self.tr("Status"), self._column(self.status_group, self._row(self.statuses)))
        self._statuses_ticked()
        self.priorities = self._boxes("viewPriority", PRIORITIES, f.priorities)
        form.addRow(self.tr("Priority"), self._row(self.priorities))
        self.channels = self._boxes("viewChannel", CHANNELS, f.channels)
        form.addRow(self.tr("Channel"), self._row(self.channels))

        self.assignee = QComboBox(objectName="viewAssignee")
        self.assignee.addItem(self.tr("Anyone"), None)
        self.assignee.addItem(self.tr("Me (whoever reads the view)"), "me")
        self.assignee.addItem(self.tr("Unassigned"), "none")
        for agent_id, name in given.agents:
            if agent_id != given.me:
                self.assignee.addItem(name, str(agent_id))
        self._pick(self.assignee, f.assignee, self.tr("An agent no longer here"))
        self.team = QComboBox(objectName="viewTeam")
        self.team.addItem(self.tr("Any team"), None)
        self.team.addItem(self.tr("My team (whoever reads the view)"), "mine")
        for team_id, name in given.teams:
            self.team.addItem(name, str(team_id))
        self._pick(self.team, f.team, self.tr("A team no longer here"))
        form.addRow(self.tr("Assignee"), self._pair(self.assignee, self.tr("Team"), self.team))

        self.tags = QLineEdit(" ".join(f.tags), objectName="viewTags")
        self.tags.setPlaceholderText(self.tr("tags, separated by spaces"))
        self.tags_match = QComboBox(objectName="viewTagsMatch")
        self.tags_match.addItem(self.tr("any of them"), TagMatch.ANY)
        self.tags_match.addItem(self.tr("all of them"), TagMatch.ALL)
        self.tags_match.setCurrentIndex(max(0, self.tags_match.findData(f.tags_match)))
        tags_row = QHBoxLayout()
        tags_row.setContentsMargins(0, 0, 0, 0)
        tags_row.addWidget(self.tags, 1)
        tags_row.addWidget(self.tags_match)
        form.addRow(self.tr("Tags"), tags_row)

        self.sla = [self._box("viewSla", state, self.tr(SLA_LABELS[state]), state in f.sla) for state in SlaState]
        form.addRow(self.tr("SLA"), self._row(self.sla))
        self.created = self._time_combo("viewCreated", f.created)
        self.updated = self._time_combo("viewUpdated", f.updated)
        form.addRow(self.tr("Created"), self._pair(self.created, self.tr("Updated"), self.updated))
        self.text = QLineEdit(f.text, objectName="viewText")
        self.text.setMaxLength(TEXT_LIMIT)
        self.text.setPlaceholderText(self.tr("words in subjects and messages"))
        form.addRow(self.tr("Text"), self.text)

        self.sort = QComboBox(objectName="viewSort")
        for key, label in SORT_LABELS.items():
            self.sort.addItem(self.tr(label), key)
        self.sort.setCurrentIndex(max(0, self.sort.findData(given.spec.sort.by)))
        self.direction = QComboBox(objectName="viewDirection")
        self.direction.addItem(self.tr("Newest, most urgent, soonest due first"), True)
        self.direction.addItem(self.tr("Oldest, least urgent, latest due first"), False)
        self.direction.setCurrentIndex(0 if given.spec.sort.descending else 1)
        sort_row = QHBoxLayout()
        sort_row.setContentsMargins(0, 0, 0, 0)
        sort_row.addWidget(self.sort)
        sort_row.addWidget(self.direction, 1)
        form.addRow(self.tr("Sort by"), sort_row)

        lay = QVBoxLayout(self)
        lay.addLayout(form)
        # What is wrong, in place: the dialog stays open and nothing typed is lost.
        self.error = QLabel(objectName="viewEditorError", wordWrap=True)
        self.error.setStyleSheet("color: #b91c1c;")
        self.error.hide()
        lay.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Save view"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self._check_and_accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.setMinimumWidth(640)

    # --- building -------------------------------------------------------------------------
    def _box(self, name: str, code, text: str, checked: bool) -> QCheckBox:
        box = QCheckBox(text, objectName=f"{name}:{code}")
        box.setProperty("code", str(code))
        box.setChecked(checked)
        return box

    def _boxes(self, name: str, codes, chosen, on_toggle=None) -> list[QCheckBox]:
        boxes = [self._box(name, code, fmt.label(code), code in chosen) for code in codes]
        if on_toggle is not None:
            for box in boxes:
                box.toggled.connect(on_toggle)
        return boxes

    @staticmethod
    def _row(widgets) -> QWidget:
        row = QWidget()
        lay = QHBoxLayout(row)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(10)
        for w in widgets:
            lay.addWidget(w)
        lay.addStretch(1)
        return row

    @staticmethod
    def _column(*widgets) -> QWidget:
        col = QWidget()
        lay = QVBoxLayout(col)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        for w in widgets:
            lay.addWidget(w)
        return col

    @staticmethod
    def _pair(first: QWidget, label: str, second: QWidget) -> QWidget:
        row = QWidget()
        lay = QHBoxLayout(row)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(first, 1)
        lay.addSpacing(8)
        lay.addWidget(QLabel(label))
        lay.addWidget(second, 1)
        return row

    @staticmethod
    def _pick(combo: QComboBox, value: str | None, missing: str) -> None:
        i = combo.findData(value)
        if i < 0 and value is not None:  # kept as it was, even when the list no longer names it
            combo.addItem(missing, value)
            i = combo.count() - 1
        combo.setCurrentIndex(max(0, i))

    def _time_combo(self, name: str, window: TimeWindow | None) -> QComboBox:
        combo = QComboBox(objectName=name)
        combo.addItem(self.tr("Any time"), None)
        for (within, older), label in TIME_PRESETS:
            combo.addItem(self.tr(label), _window_key(within, older))
        if window is not None:
            key = _window_key(window.within_hours, window.older_than_hours)
            if combo.findData(key) < 0:  # a window no preset names (another desk's): kept as it is
                combo.addItem(self.tr("Custom (%1)").replace("%1", _window_text(window)), key)
            combo.setCurrentIndex(combo.findData(key))
        return combo

    @Slot(int)
    def _group_picked(self, index: int) -> None:
        group = self.status_group.itemData(index)
        if group == "custom":
            return
        chosen = STATUS_GROUPS.get(group, ()) if group else ()
        for box in self.statuses:
            box.blockSignals(True)
            box.setChecked(box.property("code") in chosen)
            box.blockSignals(False)

    @Slot()
    def _statuses_ticked(self) -> None:
        chosen = {box.property("code") for box in self.statuses if box.isChecked()}
        match = None if not chosen else next(
            (g for g, members in STATUS_GROUPS.items() if set(members) == chosen), "custom")
        self.status_group.setCurrentIndex(self.status_group.findData(match))

    # --- checking ---------------------------------------------------------------------------
    def _tags(self) -> list[str]:
        return [t for t in self.tags.text().replace(",", " ").split() if t]

    def problem(self) -> str:
        """Why the view cannot be saved as it stands, or "" (the service's own limits)."""
        name = " ".join(self.name_edit.text().split())
        if not name:
            return self.tr("Give the view a name.")
        tags = self._tags()
        if len(tags) > TAGS_LIMIT:
            return self.tr("At most %1 tags.").replace("%1", str(TAGS_LIMIT))
        for tag in tags:
            try:
                rules.check_tag(tag)
            except rules.RuleError:
                return self.tr("“%1” is not a tag (1 to 64 letters, digits or hyphens).").replace("%1", tag[:40])
        try:
            spec = self.spec()
        except ViewError as exc:
            return errors.message(exc)
        if spec.filters.conditions() > MAX_CONDITIONS:
            return self.tr("At most %1 conditions in one view.").replace("%1", str(MAX_CONDITIONS))
        return ""

    def spec(self) -> ViewSpec:
        def chosen(boxes):
            return [box.property("code") for box in boxes if box.isChecked()]

        def window(combo: QComboBox):
            key = combo.currentData()
            if key is None:
                return None
            within, older = (int(part) if part else None for part in key.split(":"))
            return {"within_hours": within, "older_than_hours": older}

        filters = {"statuses": chosen(self.statuses), "priorities": chosen(self.priorities),
                   "channels": chosen(self.channels), "assignee": self.assignee.currentData(),
                   "team": self.team.currentData(), "tags": self._tags(), "tags_match": self.tags_match.currentData(),
                   "sla": chosen(self.sla), "created": window(self.created), "updated": window(self.updated),
                   "text": self.text.text()}
        return parse_spec({"filters": filters, "sort": {"by": self.sort.currentData(),
                                                        "descending": self.direction.currentData()}})

    def result_value(self) -> EditorResult:
        scope, team = self.scope.currentData()
        return EditorResult(" ".join(self.name_edit.text().split()), str(scope), team, self.spec())

    @Slot()
    def _check_and_accept(self) -> None:
        problem = self.problem()
        if problem:
            self.error.setText(problem)
            self.error.show()
            if not self.name_edit.text().strip():
                self.name_edit.setFocus()
            return
        self.accept()

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    @staticmethod
    def ask(parent, given: EditorInput, error: str = "") -> EditorResult | None:
        """The view as the agent left it, or None if cancelled; tests replace this (no modal)."""
        dlg = ViewEditorDialog(parent, given)
        dlg.show_error(error)
        return dlg.result_value() if dlg.exec() == QDialog.DialogCode.Accepted else None


def _window_key(within: int | None, older: int | None) -> str:
    """A time window as a combo box's item data ("168:" = within 7 days; plain text finds itself)."""
    return f"{within or ''}:{older or ''}"


def _window_text(window: TimeWindow) -> str:
    parts = []
    if window.within_hours is not None:
        parts.append(_tr("within %1 h").replace("%1", f"{window.within_hours:,}"))
    if window.older_than_hours is not None:
        parts.append(_tr("over %1 h ago").replace("%1", f"{window.older_than_hours:,}"))
    return ", ".join(parts)


class SavedViewList(QObject):
    """The saved rows of the inbox's list of views, under the built-in ones: "My views",
    then "Team views". Chosen like a built-in view (click, arrows, Ctrl+8/9, the
    palette); the inbox asks ``current()`` for the chosen one's query."""

    failed = Signal(str)  # a line for the agent (a refused save, an unreadable view)
    # The chosen view is to be shown again though no row change said so: it was edited
    # (here, or by the lead on another desk), chosen again from the palette, or deleted.
    chosen = Signal()

    def __init__(self, ctx: AppContext, views: QListWidget, spec_now, parent: QWidget):
        """``spec_now()``: the inbox's current filters and sort as a ViewSpec ("Save as view…")."""
        super().__init__(parent)
        self.ctx = ctx
        self.list = views
        self.spec_now = spec_now
        self._reads = LatestReads(self, ctx.runner)
        self._rows: dict[uuid.UUID, sv.SavedViewRow] = {}
        self._counts: dict[uuid.UUID, ViewCount] = {}
        self._catalog: sv.ViewCatalog | None = None
        self._extra: TicketQuery | None = None
        self._select_after_load: uuid.UUID | None = None
        self.problems: list[str] = []  # in the window's language
        views.setItemDelegate(ViewListDelegate(views))
        views.setTextElideMode(Qt.TextElideMode.ElideRight)
        views.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        views.customContextMenuRequested.connect(self._menu_at)
        views.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        views.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.save_button = QPushButton(self.tr("Save as view…"), objectName="saveViewButton")
        self.save_button.setToolTip(self.tr("Save the current filters, search and sort as a view of your own"))
        self.save_button.clicked.connect(self.save_current)
        self.panel = QWidget(objectName="viewsPanel")
        lay = QVBoxLayout(self.panel)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        lay.addWidget(views, 1)
        lay.addWidget(self.save_button)
        self.panel.setFixedWidth(150)  # the built-in views' names and counts, a saved view's first words
        ctx.changes.changed.connect(self._on_changed)

    # --- reading ---------------------------------------------------------------------------
    def load(self) -> None:
        self._reads.read("views", functools.partial(sv.view_catalog, agent=self.ctx.agent.id), self._loaded,
                         self._read_failed)

    @Slot(object)
    def _loaded(self, catalog: sv.ViewCatalog) -> None:
        self._catalog = catalog
        self.problems = [errors.message(problem) for problem in catalog.views.problems]
        current = self.current_id()
        before = self._rows.get(current) if current is not None else None
        wanted = self._select_after_load or current
        self._select_after_load = None
        old_rows, self._rows = self._rows, {r.id: r for r in catalog.views.views}
        for view_id, row in self._rows.items():  # a view whose filters changed: "…" until recounted, not its old count
            if view_id in old_rows and old_rows[view_id].spec != row.spec:
                self._counts.pop(view_id, None)
        self.list.blockSignals(True)  # rebuilt quietly; a change of the chosen view is said once below
        try:
            for i in reversed(range(self.list.count())):
                item = self.list.item(i)
                if item.data(VIEW_ID_ROLE) is not None or item.data(HEADING_ROLE):
                    self.list.takeItem(i)
            mine = [r for r in catalog.views.views if r.scope == ViewScope.PERSONAL]
            shared = [r for r in catalog.views.views if r.scope == ViewScope.TEAM]
            for heading, rows in ((self.tr("My views"), mine), (self.tr("Team views"), shared)):
                if rows:
                    self._heading(heading)
                for row in rows:
                    self._add(row)
            if current is not None and current in self._rows:
                self.list.setCurrentRow(self._row_of(current))
        finally:
            self.list.blockSignals(False)
        if wanted is not None and wanted != current and wanted in self._rows:
            self.select(wanted)  # a view just saved or duplicated: shown at once
        elif current is not None and current not in self._rows:  # the chosen view was deleted: back to All
            all_row = self._builtin_all()
            if self.list.currentRow() == all_row:  # already moved there, quietly, as its row went
                self.chosen.emit()
            else:
                self.list.setCurrentRow(all_row)
        elif before is not None and before.spec != self._rows[current].spec:
            self.chosen.emit()  # the chosen view's filters or sort changed: its tickets are read again
        for line in self.problems:
            self.failed.emit(line)
        if self._extra is not None:
            self.refresh_counts(self._extra)

    def _heading(self, text: str) -> None:
        item = QListWidgetItem(text)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        item.setData(Qt.ItemDataRole.UserRole.value + 12, True)  # a heading, not a view
        font = QFont(self.list.font())
        font.setPointSizeF(max(font.pointSizeF() - 1, 7))
        font.setBold(True)
        item.setFont(font)
        item.setForeground(QColor("#64748b"))
        self.list.addItem(item)

    def _add(self, row: sv.SavedViewRow) -> None:
        item = QListWidgetItem(row.name)
        item.setData(VIEW_ID_ROLE, row.id)
        item.setData(COUNT_ROLE, count_text(self._counts.get(row.id)))
        item.setToolTip(self._tooltip(row))
        self.list.addItem(item)

    def _tooltip(self, row: sv.SavedViewRow) -> str:
        lines = [row.name]
        if row.scope == ViewScope.TEAM:
            lines.append(self.tr("Shared with %1 by %2").replace("%1", row.team_name).replace("%2", row.owner_name))
            if not row.editable:
                lines.append(self.tr("Read-only: duplicate it to change it"))
        count = self._counts.get(row.id)
        if count is not None and not count.exact:
            lines.append(self.tr("At least %1 tickets: this view's filters are counted up to %1 at once")
                         .replace("%1", f"{COUNT_CAP:,}"))
        return "\n".join(lines)

    def _builtin_all(self) -> int:
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == "all":
                return i
        return 0

    def _row_of(self, view_id: uuid.UUID | None) -> int:
        for i in range(self.list.count()):
            if self.list.item(i).data(VIEW_ID_ROLE) == view_id:
                return i
        return -1

    def refresh_counts(self, extra: TicketQuery) -> None:
        """Counts of every saved view with the inbox's filter row and search applied (as
        the built-in views are counted), on a worker."""
        self._extra = extra
        rows = list(self._rows.values())
        if not rows:
            return
        count = functools.partial(sv.count_views, agent_id=self.ctx.agent.id, views=rows, extra=extra)
        self._reads.read("counts", count, self._counted, self._read_failed)

    @Slot(object)
    def _counted(self, counts: dict) -> None:
        self._counts = counts
        for i in range(self.list.count()):
            item = self.list.item(i)
            view_id = item.data(VIEW_ID_ROLE)
            if view_id in self._rows:
                item.setData(COUNT_ROLE, count_text(counts.get(view_id)))
                item.setToolTip(self._tooltip(self._rows[view_id]))

    def counts(self) -> dict[uuid.UUID, ViewCount]:
        return dict(self._counts)

    @Slot(Exception)
    def _read_failed(self, exc: Exception) -> None:
        self.failed.emit(errors.message(exc))

    @Slot(str, object)
    def _on_changed(self, kind: str, _id) -> None:
        if kind == ChangeKind.SAVED_VIEW:
            self.load()

    # --- the chosen view ---------------------------------------------------------------------
    def current_id(self) -> uuid.UUID | None:
        item = self.list.currentItem()
        return item.data(VIEW_ID_ROLE) if item is not None else None

    def current(self) -> sv.SavedViewRow | None:
        view_id = self.current_id()
        return self._rows.get(view_id) if view_id is not None else None

    def views(self) -> list[sv.SavedViewRow]:
        return list(self._rows.values())

    def select(self, view_id: uuid.UUID) -> None:
        row = self._row_of(view_id)
        if row < 0:
            return
        if self.list.currentRow() == row:
            self.chosen.emit()  # chosen again: read again
        else:
            self.list.setCurrentRow(row)

    def palette_entries(self) -> list[tuple[str, object, str]]:
        """(name, what selects it, shortcut) of every saved view, for the palette's "View: NAME"."""
        out = []
        for n, row in enumerate(self._rows.values()):
            key = SHORTCUT_KEYS[n] if n < len(SHORTCUT_KEYS) else ""
            out.append((row.name, functools.partial(self.select, row.id), key))
        return out

    def install_shortcuts(self, window: QWidget) -> list[QShortcut]:
        """Ctrl+8, Ctrl+9: the first two saved views."""
        out = []
        for n, key in enumerate(SHORTCUT_KEYS):
            sc = QShortcut(QKeySequence(key), window)
            sc.setObjectName(f"savedView:{n + 1}")
            sc.activated.connect(getattr(self, f"_select_{n}"))
            out.append(sc)
        return out

    def _select_nth(self, n: int) -> None:
        rows = list(self._rows)
        if n < len(rows):
            self.select(rows[n])

    # Bound methods (not lambdas) for the shortcuts: see STYLE.md on PySide lifetimes.
    def _select_0(self): self._select_nth(0)  # noqa: E704
    def _select_1(self): self._select_nth(1)  # noqa: E704
    def _select_2(self): self._select_nth(2)  # noqa: E704

    # --- writing ------------------------------------------------------------------------------
    def _editor_input(self, name: str, spec: ViewSpec, heading: str, row: sv.SavedViewRow | None = None) -> EditorInput:
        c = self._catalog
        return EditorInput(
            name=name, spec=spec, scope=row.scope if row else ViewScope.PERSONAL, team_id=row.team_id if row else None,
            agents=tuple(c.agents) if c else (), teams=tuple(c.teams) if c else (), me=self.ctx.agent.id,
            my_team_id=c.my_team_id if c else None, role=c.role if c else self.ctx.agent.role, heading=heading)

    def save_current(self) -> None:
        """"Save as view…": the inbox's filters, search and sort, named by the agent."""
        given = self._editor_input("", self.spec_now(), self.tr("Save as view"))
        self._edit(given, None)

    def edit(self, view_id: uuid.UUID) -> None:
        row = self._rows.get(view_id)
        if row is None or not row.editable:
            return
        self._edit(self._editor_input(row.name, row.spec, self.tr("Edit view"), row), row.id)

    def _edit(self, given: EditorInput, view_id: uuid.UUID | None, error: str = "") -> None:
        result = ViewEditorDialog.ask(self.parent(), given, error)
        if result is None:
            return
        agent_id = self.ctx.agent.id

        def save(s):
            return sv.save_view(s, agent_id, view_id=view_id, name=result.name, spec=result.spec, scope=result.scope,
                                team_id=result.team_id)

        # Refused (a name already in the list): the editor opens again with what was typed.
        retry = replace(given, name=result.name, spec=result.spec, scope=result.scope, team_id=result.team_id)
        self.ctx.runner.write(save, self._saved, functools.partial(self._save_refused, retry, view_id))

    @Slot(object)
    def _saved(self, row: sv.SavedViewRow) -> None:
        self._select_after_load = row.id
        self.ctx.changes.changed.emit(ChangeKind.SAVED_VIEW, row.id)  # every list reloads; this one selects it

    def _save_refused(self, given: EditorInput, view_id, exc: Exception) -> None:
        self._edit(given, view_id, errors.message(exc))

    @staticmethod
    def ask_name(parent, name: str) -> str | None:
        """The new name, or None; tests replace this (no modal)."""
        text, ok = QInputDialog.getText(parent, _tr("Rename view"), _tr("Name"), QLineEdit.EchoMode.Normal, name)
        return text if ok else None

    @staticmethod
    def ask_delete(parent, name: str) -> bool:
        """True to delete; tests replace this."""
        answer = QMessageBox.question(parent, _tr("Delete view"), _tr("Delete the view “%1”?").replace("%1", name))
        return answer == QMessageBox.StandardButton.Yes

    def rename(self, view_id: uuid.UUID) -> None:
        row = self._rows.get(view_id)
        if row is None or not row.editable:
            return
        name = self.ask_name(self.parent(), row.name)
        if name is None or name.strip() == row.name:
            return
        agent_id = self.ctx.agent.id
        self._write(lambda s: sv.rename_view(s, agent_id, view_id, name))

    def delete(self, view_id: uuid.UUID) -> None:
        row = self._rows.get(view_id)
        if row is None or not row.editable or not self.ask_delete(self.parent(), row.name):
            return
        agent_id = self.ctx.agent.id
        self._write(lambda s: sv.delete_view(s, agent_id, view_id))

    def duplicate(self, view_id: uuid.UUID) -> None:
        agent_id = self.ctx.agent.id
        self.ctx.runner.write(lambda s: sv.duplicate_view(s, agent_id, view_id), self._saved, self._write_failed)

    def move(self, view_id: uuid.UUID, step: int) -> None:
        agent_id = self.ctx.agent.id
        self._write(lambda s: sv.move_view(s, agent_id, view_id, step))

    def _write(self, fn) -> None:
        self.ctx.runner.write(fn, self._written, self._write_failed)

    @Slot(object)
    def _written(self, _result) -> None:
        self.ctx.changes.changed.emit(ChangeKind.SAVED_VIEW, None)

    @Slot(Exception)
    def _write_failed(self, exc: Exception) -> None:
        self.failed.emit(errors.message(exc))

    # --- the context menu ---------------------------------------------------------------------
    def menu_for(self, view_id: uuid.UUID) -> QMenu | None:
        row = self._rows.get(view_id)
        if row is None:
            return None
        menu = QMenu(self.list)
        menu.setObjectName("savedViewMenu")
        if row.editable:
            menu.addAction(self.tr("Edit…"), functools.partial(self.edit, view_id))
            menu.addAction(self.tr("Rename…"), functools.partial(self.rename, view_id))
        menu.addAction(self.tr("Duplicate to my views"), functools.partial(self.duplicate, view_id))
        if row.editable:
            menu.addAction(self.tr("Move up"), functools.partial(self.move, view_id, -1))
            menu.addAction(self.tr("Move down"), functools.partial(self.move, view_id, 1))
            menu.addSeparator()
            menu.addAction(self.tr("Delete…"), functools.partial(self.delete, view_id))
        else:
            note = menu.addAction(self.tr("Shared by %1: read-only").replace("%1", row.owner_name or row.team_name))
            note.setEnabled(False)
        return menu

    @Slot(QPoint)
    def _menu_at(self, pos: QPoint) -> None:
        item = self.list.itemAt(pos)
        view_id = item.data(VIEW_ID_ROLE) if item is not None else None
        menu = self.menu_for(view_id) if view_id is not None else None
        if menu is not None:
            menu.exec(self.list.viewport().mapToGlobal(pos))
            menu.deleteLater()

