"""Bulk actions in the inbox: selecting many tickets and changing them at once.

The selection is kept by ticket id, not by row: the inbox's model is paged and lazy (a
row is a placeholder until its page arrives, and every refresh resets the model), so a
row number means nothing a moment later. ``BulkSelection`` holds {ticket id: the
``updated_at`` the agent last saw}: a ticket that changes after that is skipped by the
service ("it changed after you selected it"), and each page that arrives refreshes what
the agent sees. It is bounded at ``bulk.MAX_BULK`` tickets.

``BulkActions`` gives the inbox table its ways to select (a check box on each row,
Ctrl+click, Shift+click, ``x``, Shift+J/K and Shift+↑/↓, Ctrl+A for every ticket that
matches, up to 1,000, read on a worker, Escape to clear) and shows ``BulkBar`` below the
table once two or more are selected. Every change runs as one service call on the write
worker (services/bulk.py); the result is a toast that names what was skipped and why,
with Undo.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Iterable
from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from agentdesk import rules
from agentdesk.models import PRIORITIES, TICKET_STATUSES
from agentdesk.services import bulk, tickets
from agentdesk.services.bulk import BulkChange, BulkResult, MergeCandidate, Outcome
from agentdesk.services.common import current_agent, list_agents
from agentdesk.services.pii import mask_pii
from agentdesk.ui.kit import errors, fmt
from agentdesk.ui.kit.reads import LatestReads
from agentdesk.ui.kit.tasks import AppContext
from agentdesk.ui.kit.toasts import Toast, ToastStack

SELECTED_TINT = QColor("#dbeafe")  # a selected row's background (the current row keeps the view's highlight)
UNDO_TOAST_MS = 20000  # the Undo toast stays this long (the palette's "Undo last bulk action" after that)
SHOWN_SKIPS = 4  # skipped tickets named in the toast; the rest are in Details


class BulkSelection(QObject):
    """The selected tickets: {id: updated_at seen (None: not known yet)}, in the order chosen."""

    changed = Signal(int)  # the number selected
    limited = Signal(str)  # a selection was cut at MAX_BULK: one line for the agent

    def __init__(self, parent=None):
        super().__init__(parent)
        self._seen: dict[uuid.UUID, datetime | None] = {}

    def __len__(self) -> int:
        return len(self._seen)

    def __contains__(self, ticket_id) -> bool:
        return ticket_id in self._seen

    def ids(self) -> list[uuid.UUID]:
        return list(self._seen)

    def stamps(self) -> dict[uuid.UUID, datetime | None]:
        """What the service checks each ticket against (a copy: the worker keeps it)."""
        return dict(self._seen)

    def toggle(self, ticket_id: uuid.UUID, seen: datetime | None) -> bool:
        """Selects or unselects one ticket; True when it is now selected."""
        if ticket_id in self._seen:
            del self._seen[ticket_id]
            self.changed.emit(len(self._seen))
            return False
        return self.add([(ticket_id, seen)]) > 0

    def add(self, rows: Iterable[tuple[uuid.UUID, datetime | None]]) -> int:
        """Selects these (as far as the bound allows); the number newly selected."""
        added = 0
        for ticket_id, seen in rows:
            if ticket_id in self._seen:
                continue
            if len(self._seen) >= bulk.MAX_BULK:
                self.limited.emit(self.tr("At most %1 tickets can be selected: a bulk action changes at most that many at once.")
                                  .replace("%1", f"{bulk.MAX_BULK:,}"))
                break
            self._seen[ticket_id] = seen
            added += 1
        if added:
            self.changed.emit(len(self._seen))
        return added

    def seen(self, rows: Iterable[tuple[uuid.UUID, datetime | None]]) -> None:
        """What the agent now sees of selected tickets (a page arrived, or an action was
        applied): their stamps move on. Emits nothing: the count is the same."""
        for ticket_id, stamp in rows:
            if ticket_id in self._seen:
                self._seen[ticket_id] = stamp

    def remove(self, ids: Iterable[uuid.UUID]) -> None:
        n = len(self._seen)
        for ticket_id in ids:
            self._seen.pop(ticket_id, None)
        if len(self._seen) != n:
            self.changed.emit(len(self._seen))

    def clear(self) -> None:
        if self._seen:
            self._seen.clear()
            self.changed.emit(0)


# --- the bar -------------------------------------------------------------------------------
class BulkBar(QFrame):
    """"12 selected" · Assign ▾ · Status ▾ · Priority ▾ · Tags… · Merge… · Clear."""

    _STYLE = """
    QFrame#bulkBar { background: #eff6ff; border: 1px solid #bfdbfe; border-radius: 6px; }
    QLabel#bulkCount { font-weight: bold; color: #1e3a8a; padding: 0 6px; }
    QToolButton, QPushButton { padding: 3px 8px; }
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("bulkBar")
        self.setStyleSheet(self._STYLE)
        self.count = QLabel(objectName="bulkCount")
        self.assign = self._menu_button("bulkAssign", self.tr("Assign"))
        self.status = self._menu_button("bulkStatus", self.tr("Status"))
        self.priority = self._menu_button("bulkPriority", self.tr("Priority"))
        self.tags = QPushButton(self.tr("Tags…"), objectName="bulkTags")
        self.merge = QPushButton(self.tr("Merge…"), objectName="bulkMerge")
        self.merge.setToolTip(self.tr("Merge the selected tickets into one of them"))
        self.select_all = QPushButton(self.tr("Select all matching"), objectName="bulkSelectAll")
        self.select_all.setFlat(True)
        self.select_all.setToolTip(self.tr("Every ticket in this view and filters, up to %1 (Ctrl+A)")
                                   .replace("%1", f"{bulk.MAX_BULK:,}"))
        self.clear = QPushButton(self.tr("Clear"), objectName="bulkClear")
        self.clear.setToolTip(self.tr("Clear the selection (Esc)"))
        # One row where it fits; at 1366 px the inbox is narrow, and the actions go on a
        # second row under the count (never cut short).
        self._actions = (self.assign, self.status, self.priority, self.tags, self.merge)
        self._top = QHBoxLayout()
        self._bottom = QHBoxLayout()
        for row in (self._top, self._bottom):
            row.setContentsMargins(0, 0, 0, 0)
            row.setSpacing(4)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 4, 6, 4)
        lay.setSpacing(4)
        lay.addLayout(self._top)
        lay.addLayout(self._bottom)
        self._one_row: bool | None = None
        self._arrange(True)

    def _arrange(self, one_row: bool) -> None:
        if one_row == self._one_row:
            return
        self._one_row = one_row
        for row in (self._top, self._bottom):
            while row.count():
                row.takeAt(0)
        self._top.addWidget(self.count)
        actions = self._top if one_row else self._bottom
        for w in self._actions:
            actions.addWidget(w)
        if not one_row:
            self._bottom.addStretch(1)
        self._top.addStretch(1)
        self._top.addWidget(self.select_all)
        self._top.addWidget(self.clear)

    def _one_row_width(self) -> int:
        widgets = (self.count, *self._actions, self.select_all, self.clear)
        return sum(w.sizeHint().width() for w in widgets) + 4 * len(widgets) + 12 + 16

    def resizeEvent(self, event) -> None:
        self._arrange(self._one_row_width() <= event.size().width())
        super().resizeEvent(event)

    def _menu_button(self, name: str, text: str) -> QToolButton:
        b = QToolButton(objectName=name, text=text)
        b.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        b.setMenu(QMenu(b))
        return b

    def show_count(self, n: int) -> None:
        self.count.setText(self.tr("%n ticket(s) selected", "", n))


# --- dialogs -------------------------------------------------------------------------------
def _tag_list(text: str) -> list[str]:
    return [t for t in text.replace(",", " ").split() if t]


class BulkTagsDialog(QDialog):
    """Tags to add to and remove from every selected ticket; checked before it closes (a
    bad tag is named, and nothing typed is lost)."""

    def __init__(self, count: int, parent=None):
        super().__init__(parent)
        self.setObjectName("bulkTagsDialog")
        self.setWindowTitle(self.tr("Tags of %n ticket(s)", "", count))
        self.add = QLineEdit(objectName="bulkAddTags")
        self.add.setPlaceholderText(self.tr("e.g. refund vip"))
        self.remove = QLineEdit(objectName="bulkRemoveTags")
        self.error = QLabel(objectName="bulkTagsError", wordWrap=True)
        self.error.setStyleSheet("color: #b91c1c;")
        self.error.hide()
        form = QFormLayout()
        form.addRow(self.tr("Add"), self.add)
        form.addRow(self.tr("Remove"), self.remove)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._check_and_accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(QLabel(self.tr("Separate tags with spaces or commas."), styleSheet="color: palette(mid);"))
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.setMinimumWidth(380)

    def change(self) -> tuple[list[str], list[str]]:
        return _tag_list(self.add.text()), _tag_list(self.remove.text())

    @Slot()
    def _check_and_accept(self) -> None:
        add, remove = self.change()
        if not add and not remove:
            self._refuse(self.tr("Type a tag to add or to remove."))
            return
        for tag in (*add, *remove):
            try:
                rules.check_tag(tag)
            except rules.RuleError:
                self._refuse(self.tr("“%1” is not a valid tag: 1 to %2 letters, no control characters.")
                             .replace("%1", tag[:40]).replace("%2", str(rules.TAG_LIMIT)))
                return
        self.accept()

    def _refuse(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()


class BulkMergeDialog(QDialog):
    """Merging is not undone: the selected tickets are listed (number, subject, customer,
    status), the agent picks the one they are merged into (the oldest by default), a
    difference of customers must be ticked off, and the note says it cannot be undone."""

    def __init__(self, ctx: AppContext, ids: list[uuid.UUID], parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("bulkMergeDialog")
        self.setWindowTitle(self.tr("Merge tickets"))
        self.candidates: list[MergeCandidate] = []
        self._reads = LatestReads(self, ctx.runner)
        self.intro = QLabel(self.tr("Merge the selected tickets into the one you choose:"), wordWrap=True)
        self.list = QListWidget(objectName="bulkMergeList")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setSpacing(3)
        self.list.setAlternatingRowColors(True)
        self.list.currentRowChanged.connect(self._target_changed)
        self.warning = QLabel(objectName="bulkMergeWarning", wordWrap=True)
        self.warning.setStyleSheet("color: #b91c1c;")
        self.confirm_other = QCheckBox(self.tr("Merge anyway: I checked they are the same person"),
                                       objectName="bulkMergeOtherCustomer")
        self.confirm_other.toggled.connect(self._update)
        self.note = QLabel(objectName="bulkMergeNote", wordWrap=True)
        self.note.setStyleSheet("color: palette(mid);")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.merge_button.setObjectName("confirmBulkMerge")
        self.merge_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        for w in (self.intro, self.list, self.warning, self.confirm_other, self.note, self.buttons):
            lay.addWidget(w)
        self.setMinimumSize(520, 360)
        self.warning.hide()
        self.confirm_other.hide()
        self.note.setText(self.tr("Looking up…"))
        wanted = list(ids)
        self._reads.read("candidates", functools.partial(bulk.merge_candidates, ids=wanted), self._listed,
                         self._failed)

    def _listed(self, candidates: list[MergeCandidate]) -> None:
        self.candidates = candidates
        for c in candidates:
            customer = c.customer_name or self.tr("Unknown customer")
            text = f"#{c.number}  {mask_pii(c.subject)}\n{customer} · {fmt.label(c.status)}"
            if c.merged_into_number is not None:
                text += " · " + self.tr("already merged into #%1: skipped").replace("%1", str(c.merged_into_number))
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            if c.merged_into_number is not None:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsSelectable & ~Qt.ItemFlag.ItemIsEnabled)
            self.list.addItem(item)
        first = next((i for i, c in enumerate(candidates) if c.merged_into_number is None), -1)
        self.list.setCurrentRow(first)
        self._update()

    def _failed(self, exc: Exception) -> None:
        self.note.setText(errors.message(exc))

    def target(self) -> MergeCandidate | None:
        row = self.list.currentRow()
        return self.candidates[row] if 0 <= row < len(self.candidates) else None

    def sources(self) -> list[MergeCandidate]:
        t = self.target()
        return [c for c in self.candidates if t is not None and c.id != t.id and c.merged_into_number is None]

    def _other_customers(self) -> bool:
        t = self.target()
        return t is not None and any(c.customer_id != t.customer_id for c in self.sources())

    @Slot(int)
    def _target_changed(self, _row: int) -> None:
        self.confirm_other.setChecked(False)
        self._update()

    @Slot()
    def _update(self, *_args) -> None:
        t, sources = self.target(), self.sources()
        other = self._other_customers()
        if t is None or not sources:
            self.note.setText(self.tr("Choose the ticket to merge into; at least one other must be left to merge."))
        else:
            numbers = ", ".join(f"#{c.number}" for c in sources)
            self.note.setText(self.tr("%1 will be closed and their conversations shown in #%2. This cannot be undone.")
                              .replace("%1", numbers).replace("%2", str(t.number)))
        if other and t is not None:
            names = sorted({c.customer_name or self.tr("Unknown customer") for c in (*sources, t)})
            self.warning.setText(self.tr("Different customers: %1. Their conversations will be shown together.")
                                 .replace("%1", ", ".join(names)))
        self.warning.setVisible(other)
        self.confirm_other.setVisible(other)
        ok = t is not None and bool(sources) and (not other or self.confirm_other.isChecked())
        self.merge_button.setEnabled(ok)
        self.merge_button.setText(self.tr("Merge %n ticket(s) into #%1", "", len(sources))
                                  .replace("%1", str(t.number)) if t is not None and sources else self.tr("Merge"))
        if self.isVisible():  # wrapped labels' heights are not in the layout's minimum
            self.resize(self.width(), max(self.height(), self.heightForWidth(self.width())))


class BulkReport(QDialog):
    """Every ticket of one bulk action and what happened to it (the toast names a few)."""

    def __init__(self, lines: list[str], title: str, parent=None):
        super().__init__(parent)
        self.setObjectName("bulkReport")
        self.setWindowTitle(title)
        self.list = QListWidget(objectName="bulkReportList")
        self.list.addItems(lines)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        lay = QVBoxLayout(self)
        lay.addWidget(self.list)
        lay.addWidget(buttons)
        self.resize(520, 360)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)


# --- the behaviour ---------------------------------------------------------------------------
_FIELD_NAMES = {"status": QT_TRANSLATE_NOOP("BulkActions", "status"),
                "priority": QT_TRANSLATE_NOOP("BulkActions", "priority"),
                "assignee": QT_TRANSLATE_NOOP("BulkActions", "assignee"), "tags": QT_TRANSLATE_NOOP("BulkActions", "tags")}


class BulkActions(QObject):
    """Selecting tickets in the inbox table and acting on them. Made by the inbox pane:
    ``BulkActions(pane)``; its ``bar`` goes in the pane's layout."""

    applied = Signal(object)  # a BulkResult, once written (tests wait on it)

    def __init__(self, pane):
        super().__init__(pane)
        self.pane = pane
        self.ctx: AppContext = pane.ctx
        self.table = pane.table
        self.model = pane.model
        self.selection = BulkSelection(self)
        self.model.marks = self  # the model asks data() when it paints a row
        self.last: BulkResult | None = None  # the newest undoable action (palette: Undo last bulk action)
        self._anchor: int | None = None  # where a Shift+click range starts
        self._ate_press = False  # a Ctrl/Shift press was ours: so is its release (the check box would toggle again)
        self._undone: set[uuid.UUID] = set()
        self._query = None  # the view and filters the selection was made in
        self._agents: list[tuple[uuid.UUID, str, str]] = []
        self._reads = LatestReads(self, self.ctx.runner)
        self.bar = BulkBar(pane)
        self.bar.hide()
        self._fill_menus()
        self.bar.tags.clicked.connect(self.edit_tags)
        self.bar.merge.clicked.connect(self.merge)
        self.bar.clear.clicked.connect(self.clear)
        self.bar.select_all.clicked.connect(self.select_all_matching)
        self.selection.changed.connect(self._selection_changed)
        self.selection.limited.connect(self._say)
        self.model.pageLoaded.connect(self._page_seen)
        self.model.counted.connect(self._counted)
        self.table.viewport().installEventFilter(self)
        self.table.installEventFilter(self)

    # --- what the model shows -------------------------------------------------------------
    _CHECK = Qt.ItemDataRole.CheckStateRole.value

    def data(self, ticket_id, role: int):
        """The check box (CheckStateRole) or the tint (BackgroundRole) of a ticket's row."""
        marked = ticket_id in self.selection
        if role == self._CHECK:
            return Qt.CheckState.Checked if marked else Qt.CheckState.Unchecked
        return SELECTED_TINT if marked else None

    # --- selecting ----------------------------------------------------------------------------
    def _row(self, row: int):
        return self.model.row_at(row)

    def toggle_row(self, row: int) -> None:
        r = self._row(row)
        if r is not None:
            self.selection.toggle(r.id, r.updated_at)
            self._anchor = row

    @Slot()
    def toggle_current(self) -> None:
        """x: selects or unselects the current row."""
        idx = self.table.currentIndex()
        if idx.isValid():
            self.toggle_row(idx.row())

    def select_range(self, first: int, last: int) -> None:
        """Rows first..last (either order). Rows whose page is not here are read on a worker."""
        first, last = sorted((first, last))
        last = min(last, first + bulk.MAX_BULK - 1, self.model.rowCount() - 1)
        rows = [self._row(i) for i in range(first, last + 1)]
        if all(r is not None for r in rows):
            self.selection.add((r.id, r.updated_at) for r in rows if r is not None)
            return
        q, me, total = self.model.query, self.ctx.agent.id, self.model.rowCount()
        fetch = functools.partial(tickets.fetch_page, q=q, me=me, offset=first, limit=last - first + 1, total=total)
        self._reads.read("range", fetch, self._range_read)

    def _range_read(self, rows) -> None:
        self.selection.add((r.id, r.updated_at) for r in rows)

    def extend(self, step: int) -> None:
        """Shift+J/K, Shift+↓/↑: the current row and the next (or previous) one are selected."""
        n = self.model.rowCount()
        idx = self.table.currentIndex()
        if not n:
            return
        row = idx.row() if idx.isValid() else 0
        r = self._row(row)
        if r is not None and r.id not in self.selection:
            self.selection.add([(r.id, r.updated_at)])
        nxt = max(0, min(n - 1, row + step))
        self.table.selectRow(nxt)
        self.table.scrollTo(self.model.index(nxt, 0))
        r = self._row(nxt)
        if r is not None:
            self.selection.add([(r.id, r.updated_at)])
        self._anchor = nxt

    @Slot()
    def extend_down(self) -> None:
        self.extend(1)

    @Slot()
    def extend_up(self) -> None:
        self.extend(-1)

    @Slot()
    def select_all_matching(self) -> None:
        """Every ticket of the current view and filters, up to MAX_BULK, read on a worker
        (ids and stamps only: a million rows never come to the GUI thread)."""
        q, me = self.model.query, self.ctx.agent.id

        def read(session):
            total = tickets.count_tickets(session, q, me)
            return total, tickets.fetch_page(session, q, me, offset=0, limit=bulk.MAX_BULK)

        self._reads.read("all", read, self._all_read, self._failed)

    def _all_read(self, found) -> None:
        total, rows = found
        self.selection.add((r.id, r.updated_at) for r in rows)
        if total > len(rows):
            self._say(self.tr("The first %1 of %2 tickets are selected: a bulk action changes at most %1 at once.")
                      .replace("%1", f"{len(rows):,}").replace("%2", f"{total:,}"))

    @Slot()
    def clear(self) -> None:
        self.selection.clear()
        self._anchor = None

    def _selection_changed(self, n: int) -> None:
        self.bar.show_count(n)
        self.bar.setVisible(n >= 2)
        self.model.marks_changed()

    @Slot(int, int)
    def _page_seen(self, first: int, last: int) -> None:
        if len(self.selection):
            rows = (self._row(i) for i in range(first, last + 1))
            self.selection.seen((r.id, r.updated_at) for r in rows if r is not None)

    @Slot()
    def _counted(self) -> None:
        """Another view or other filters: the selection was made among other tickets, and
        acting on ones no longer in sight would surprise; a refresh or a new sort keeps it."""
        q = self.model.query.with_(sort="updated", descending=True)
        if self._query is not None and q != self._query:
            self.clear()
        self._query = q
        self._anchor = None
        if len(self.selection):
            # What the refreshed list now says of every selected ticket, also those off
            # screen (in a team workspace the server's stamps replace the desk's own).
            self._reads.read("stamps", functools.partial(bulk.stamps, ids=self.selection.ids()), self._stamps_read)

    def _stamps_read(self, found: dict) -> None:
        self.selection.seen(found.items())

    # --- the table's mouse and keys -----------------------------------------------------------
    def eventFilter(self, obj, event) -> bool:
        if obj is self.table.viewport() and event.type() == QEvent.Type.MouseButtonPress \
                and event.button() == Qt.MouseButton.LeftButton:
            mods = event.modifiers()
            idx = self.table.indexAt(event.position().toPoint())
            if idx.isValid() and mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier):
                if mods & Qt.KeyboardModifier.ShiftModifier:
                    anchor = self._anchor if self._anchor is not None else self.table.currentIndex().row()
                    self.select_range(anchor if anchor >= 0 else idx.row(), idx.row())
                else:
                    self.toggle_row(idx.row())
                self.table.selectRow(idx.row())
                self._ate_press = True
                return True
        if obj is self.table.viewport() and event.type() == QEvent.Type.MouseButtonRelease and self._ate_press:
            self._ate_press = False
            return True
        if obj is self.table and event.type() == QEvent.Type.KeyPress:
            key, mods = event.key(), event.modifiers()
            if key == Qt.Key.Key_Escape and len(self.selection):
                self.clear()
                return True
            if mods & Qt.KeyboardModifier.ShiftModifier and key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self.extend(1 if key == Qt.Key.Key_Down else -1)
                return True
            if event.matches(QKeySequence.StandardKey.SelectAll):
                self.select_all_matching()
                return True
        return False

    def install_shortcuts(self, window: QWidget) -> list[QShortcut]:
        """x, Shift+J, Shift+K (the window's, like J and K)."""
        out = []
        for key, slot in (("X", self.toggle_current), ("Shift+J", self.extend_down), ("Shift+K", self.extend_up)):
            sc = QShortcut(QKeySequence(key), window)
            sc.setObjectName(f"bulk:{key}")
            sc.activated.connect(slot)
            out.append(sc)
        return out

    # --- the menus -------------------------------------------------------------------------------
    def _fill_menus(self) -> None:
        status = self.bar.status.menu()
        for code in TICKET_STATUSES:
            status.addAction(fmt.label(code)).triggered.connect(functools.partial(self._set, "status", code))
        priority = self.bar.priority.menu()
        for code in PRIORITIES:
            priority.addAction(fmt.label(code)).triggered.connect(functools.partial(self._set, "priority", code))
        self.bar.assign.menu().aboutToShow.connect(self._fill_assignees)

    @Slot()
    def _fill_assignees(self) -> None:
        menu = self.bar.assign.menu()
        menu.clear()
        menu.addAction(self.tr("Me")).triggered.connect(functools.partial(self._set, "assignee", self.ctx.agent.login))
        menu.addAction(self.tr("Unassigned")).triggered.connect(functools.partial(self._set, "assignee", "none"))
        if not self._agents:
            self._reads.read("agents", list_agents, self._agents_read)
            return
        menu.addSeparator()
        for _agent_id, login, name in self._agents:
            if login != self.ctx.agent.login:
                menu.addAction(name).triggered.connect(functools.partial(self._set, "assignee", login))

    def _agents_read(self, agents) -> None:
        self._agents = list(agents)
        if self.bar.assign.menu().isVisible():
            self._fill_assignees()

    # --- acting ---------------------------------------------------------------------------------
    def _set(self, name: str, value: str, *_checked) -> None:
        self.apply_field(name, value)

    def set_status(self, status: str) -> None:
        self.apply_field("status", status)

    @Slot()
    def assign_to_me(self) -> None:
        self.apply_field("assignee", self.ctx.agent.login)

    def apply_field(self, name: str, value: str) -> None:
        """status / priority / assignee (a login, or "none") of every selected ticket."""
        if len(self.selection) == 0:
            self._say(self.tr("Select tickets first (x, or Ctrl+click)."))
            return
        self.apply(BulkChange(**{name: value}))

    def apply(self, change: BulkChange) -> None:
        """The change to every selected ticket, on the write worker."""
        if len(self.selection) == 0:
            return
        stamps, login = self.selection.stamps(), self.ctx.agent.login
        self.ctx.runner.write(
            lambda s: bulk.bulk_update(s, current_agent(s, login), stamps, change), self._done, self._failed)

    @staticmethod
    def ask_tags(parent, count: int) -> tuple[list[str], list[str]] | None:
        """(add, remove), or None: the dialog; tests replace this (no modal in tests)."""
        dialog = BulkTagsDialog(count, parent)
        try:
            return dialog.change() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()

    @Slot()
    def edit_tags(self) -> None:
        if len(self.selection) == 0:
            return
        answer = self.ask_tags(self.pane, len(self.selection))
        if answer:
            add, remove = answer
            self.apply(BulkChange(add_tags=tuple(add), remove_tags=tuple(remove)))

    @staticmethod
    def ask_merge(parent, ctx: AppContext, ids: list[uuid.UUID]) -> tuple[uuid.UUID, list[uuid.UUID]] | None:
        """(target, sources) confirmed in BulkMergeDialog, or None; tests replace this."""
        dialog = BulkMergeDialog(ctx, ids, parent)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted or dialog.target() is None:
                return None
            target = dialog.target()
            assert target is not None
            return target.id, [c.id for c in dialog.sources()]
        finally:
            dialog.deleteLater()

    @Slot()
    def merge(self) -> None:
        ids = self.selection.ids()
        if len(ids) < 2:
            self._say(self.tr("Select two or more tickets to merge."))
            return
        if len(ids) > bulk.MAX_MERGE:
            self._say(self.tr("At most %1 tickets can be merged at once.").replace("%1", str(bulk.MAX_MERGE)))
            return
        answer = self.ask_merge(self.pane, self.ctx, ids)
        if answer is None:
            return
        target, sources = answer
        login = self.ctx.agent.login
        self.ctx.runner.write(lambda s: bulk.bulk_merge(s, current_agent(s, login), sources, target),
                              self._done, self._failed)

    @Slot()
    def undo_last(self) -> None:
        if self.last is None or not self.last.undoable:
            self._say(self.tr("There is no bulk action to undo."))
            return
        self.undo(self.last)

    def undo(self, result: BulkResult, *_args) -> None:
        if self.last is not None and self.last.bulk_id == result.bulk_id:
            self.last = None
        if result.bulk_id in self._undone:
            self._say(self.tr("That bulk action was already undone."))
            return
        self._undone.add(result.bulk_id)  # once: from the toast or the palette
        login = self.ctx.agent.login
        self.ctx.runner.write(lambda s: bulk.undo_bulk(s, current_agent(s, login), result), self._done, self._failed)

    def _done(self, result: BulkResult) -> None:
        self.selection.seen((o.ticket_id, o.updated_at) for o in result.outcomes if o.updated_at is not None)
        if result.kind == bulk.BulkKind.MERGE:
            # Merged tickets are closed: the selection was about them and is done with.
            self.selection.remove(o.ticket_id for o in result.outcomes if o.outcome == Outcome.APPLIED)
        if result.undoable:
            self.last = result
        self.ctx.changes.changed.emit("ticket", None)  # many tickets changed: every pane re-reads
        self._toast(result)
        self.applied.emit(result)

    def _failed(self, exc: Exception) -> None:
        self._say(errors.message(exc))

    def _say(self, text: str) -> None:
        self.ctx.runner.error.emit(text)  # the window's error line (status bar)

    # --- the result ------------------------------------------------------------------------------
    def describe(self, result: BulkResult) -> str:
        n = result.applied
        if result.kind == bulk.BulkKind.MERGE:
            return self.tr("%n ticket(s) merged", "", n)
        if result.kind == bulk.BulkKind.UNDO:
            return self.tr("Undone on %n ticket(s)", "", n)
        return self.tr("Changed %n ticket(s)", "", n)

    def reason(self, o) -> str:
        if o.code == "changed":
            return self.tr("it changed after you selected it")
        if o.code == "gone":
            return self.tr("it no longer exists")
        if o.code == "same":
            return self.tr("already back as it was")
        if o.code == "moved":
            fields = [QCoreApplication.translate("BulkActions", _FIELD_NAMES[f.strip()]) if f.strip() in _FIELD_NAMES
                      else f.strip() for f in o.reason.split(":")[-1].split(",")]
            return self.tr("changed since by someone else, kept: %1").replace("%1", ", ".join(fields))
        return errors.message(o.error) if o.error is not None else o.reason

    def report_lines(self, result: BulkResult) -> list[str]:
        words = {Outcome.APPLIED: self.tr("done"), Outcome.UNCHANGED: self.tr("already so"),
                 Outcome.SKIPPED: self.tr("skipped")}
        lines = []
        for o in result.outcomes:
            number = f"#{o.number}" if o.number else self.tr("a ticket")
            why = self.reason(o) if o.outcome == Outcome.SKIPPED or o.code == "moved" else ""
            lines.append(f"{number}: {words[o.outcome]}" + (f" ({why})" if why else ""))
        return lines

    def _toast(self, result: BulkResult) -> Toast:
        skipped = result.skipped
        unchanged = result.count(Outcome.UNCHANGED)
        parts = []
        if unchanged:
            parts.append(self.tr("%n ticket(s) already had it.", "", unchanged))
        if skipped:
            named = "; ".join(f"#{o.number} {self.reason(o)}" if o.number else self.reason(o)
                              for o in skipped[:SHOWN_SKIPS])
            more = len(skipped) - SHOWN_SKIPS
            if more > 0:
                named += " " + self.tr("and %n more ticket(s)", "", more)
            parts.append(self.tr("Skipped %n ticket(s): %1", "", len(skipped)).replace("%1", named))
        toast = Toast(self.describe(result), " ".join(parts), kicker=self.tr("Bulk action"),
                      level="warn" if skipped else "info", timeout_ms=UNDO_TOAST_MS)
        toast.setObjectName("toast")
        toast.setProperty("bulk", True)
        if len(result.outcomes) > 1:
            toast.add_button(self.tr("Details"), functools.partial(self._details, result), name="bulkDetails")
        if result.undoable:
            undo = toast.add_button(self.tr("Undo"), functools.partial(self.undo, result), primary=True, name="bulkUndo")
            undo.clicked.connect(toast.dismiss)
        window = self.pane.window()
        return ToastStack.of(window).push(toast)

    def _details(self, result: BulkResult, *_args) -> BulkReport:
        report = BulkReport(self.report_lines(result), self.describe(result), self.pane.window())
        report.show()
        return report

