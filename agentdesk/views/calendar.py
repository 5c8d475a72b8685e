"""The personal follow-up calendar: month, week and agenda views of the agent's follow-ups.

Every read and write runs through ``ctx.runner`` on a worker; the pane renders plain
``followups.Occurrence`` rows. Times are shown in this machine's zone. The pane reloads
when anything announces a 'followup' or 'ticket' change.
"""

from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, UTC
from collections.abc import Callable

from PySide6.QtCore import QDate, QDateTime, QPoint, QRect, QRectF, QSize, Qt, QTime, Signal, Slot
from PySide6.QtGui import QAction, QColor, QFont, QFontMetrics, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QAbstractItemView, QButtonGroup, QComboBox, QDateTimeEdit, QDialog, QDialogButtonBox, QFormLayout,
    QFrame, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QMenu, QMessageBox, QPlainTextEdit,
    QPushButton, QScrollArea, QSizePolicy, QSplitter, QStackedWidget, QStyle, QStyledItemDelegate,
    QStyleOptionViewItem, QToolButton, QVBoxLayout, QWidget,
)

from agentdesk.models import DONE_STATUSES
from agentdesk.services import followups
from agentdesk.services.common import ServiceError, current_agent
from agentdesk.services.pii import mask_pii
from agentdesk.ui.kit import errors, fmt
from agentdesk.ui.kit.reads import LatestReads
from agentdesk.ui.kit.tasks import AppContext
from agentdesk.ui.kit.timers import make_timer
from agentdesk.ui.kit.toasts import Toast, ToastStack


RELOAD_DELAY_MS = 150  # coalesces a burst of change notifications into one reload
AGENDA_DAYS = 14
VIEWS = ("month", "week", "agenda")

RED = "#dc2626"
RED_BG = "#fef2f2"
BLUE = "#2563eb"
PURPLE = "#7c3aed"
MUTED = "#64748b"
INK = "#0f172a"
KIND_COLOR = {"follow_up": BLUE, "callback": PURPLE}

_ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # an Occurrence, or None for a section header
_HEADER_ROLE = Qt.ItemDataRole.UserRole + 2  # section header text

_STYLE = """
QWidget#calendarPane { background: #f4f6f9; }
QFrame#calHeader { background: #ffffff; border-bottom: 1px solid #e3e8ef; }
QLabel#calTitle { font-size: 16px; font-weight: bold; color: #0f172a; }
QLabel#overdueChip { font-size: 11px; font-weight: bold; color: #b91c1c; background: #fef2f2;
                     border: 1px solid #fecaca; border-radius: 9px; padding: 1px 8px; }
QToolButton#calNav, QToolButton#calMore { border: 1px solid #cbd5e1; border-radius: 6px; background: #ffffff;
                     min-width: 26px; min-height: 24px; font-size: 14px; color: #334155; }
QToolButton#calNav:hover, QToolButton#calMore:hover { background: #f1f5f9; }
QToolButton#calMore::menu-indicator { image: none; width: 0px; }
QPushButton#calToday { border: 1px solid #cbd5e1; border-radius: 6px; background: #ffffff; padding: 3px 10px;
                       font-size: 12px; color: #334155; }
QPushButton#calToday:hover { background: #f1f5f9; }
QPushButton[seg="true"] { border: 1px solid #cbd5e1; background: #ffffff; padding: 4px 10px; font-size: 12px;
                          color: #334155; border-radius: 0px; }
QPushButton[seg="true"]:checked { background: #e0ecff; border-color: #93b4f5; color: #1d4ed8; font-weight: bold; }
QPushButton[segPos="first"] { border-top-left-radius: 6px; border-bottom-left-radius: 6px; }
QPushButton[segPos="last"] { border-top-right-radius: 6px; border-bottom-right-radius: 6px; }
QPushButton#calNew { background: #2563eb; color: #ffffff; border: none; border-radius: 6px; padding: 5px 12px;
                     font-size: 12px; font-weight: bold; }
QPushButton#calNew:hover { background: #1d4ed8; }
QListWidget { border: none; background: #ffffff; outline: none; }
QListWidget::item:selected { background: #e0ecff; }
QLabel#dayListTitle { font-size: 12px; font-weight: bold; color: #334155; padding: 8px 12px 4px 12px;
                      background: #ffffff; border-top: 1px solid #e3e8ef; }
QLabel#calEmpty { font-size: 13px; color: #94a3b8; padding: 24px; background: #ffffff; }
QScrollArea { border: none; background: #ffffff; }
"""


def _local_zone():
    return followups.local_zone()


def _start_of(day: date) -> datetime:
    """Local midnight of `day`, as UTC (the service's ranges are UTC)."""
    return datetime.combine(day, time(0), tzinfo=_local_zone()).astimezone(UTC)


def _local(dt: datetime) -> datetime:
    return dt.astimezone(_local_zone())


def _hhmm(dt: datetime) -> str:
    return _local(dt).strftime("%H:%M")


# --- the create / edit dialog ------------------------------------------------------------------

@dataclass(frozen=True)
class FollowUpValues:
    """What the dialog returns: everything create_follow_up / update need."""

    title: str
    kind: str
    due_at: datetime  # aware
    rrule: str = ""
    notes: str = ""
    tz: str = ""
    ticket_id: uuid.UUID | None = None
    customer_id: uuid.UUID | None = None


class FollowUpDialog(QDialog):
    """Title, type, due time with quick picks, repeat, notes. Prefilled from a ticket or customer."""

    REPEATS = (  # (key, rule)
        ("none", ""), ("daily", "FREQ=DAILY"), ("weekdays", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
        ("weekly", "FREQ=WEEKLY"), ("monthly", "FREQ=MONTHLY"), ("custom", None),
    )

    def __init__(self, parent: QWidget | None = None, prefill: followups.Prefill | None = None,
                 initial: followups.FollowUpRow | None = None, now: datetime | None = None,
                 due: datetime | None = None):
        super().__init__(parent)
        self._due = due  # a new follow-up's starting due time (a day picked on the calendar)
        self.setObjectName("followUpDialog")
        self.setWindowTitle(self.tr("Edit follow-up") if initial else self.tr("New follow-up"))
        self.setMinimumWidth(440)
        self._prefill = prefill
        self._initial = initial
        self._now = now or datetime.now(UTC)
        self._tz = initial.tz if initial else followups.system_zone_name()

        root = QVBoxLayout(self)
        root.setSpacing(10)
        self.link = QLabel()
        self.link.setObjectName("followUpLink")
        self.link.setStyleSheet("background: #f1f5f9; border-radius: 6px; padding: 6px 8px; color: #334155;")
        self.link.setTextFormat(Qt.TextFormat.PlainText)
        self.link.setWordWrap(True)
        root.addWidget(self.link)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setHorizontalSpacing(10)
        form.setVerticalSpacing(8)
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("followUpTitle")
        self.title_edit.setMaxLength(followups.TITLE_MAX)
        self.title_edit.setPlaceholderText(self.tr("What to do, e.g. call back with the limit result"))
        form.addRow(self.tr("Title"), self.title_edit)

        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("followUpKind")
        self.kind_combo.addItem(self.tr("Follow-up"), "follow_up")
        self.kind_combo.addItem(self.tr("Callback"), "callback")
        form.addRow(self.tr("Type"), self.kind_combo)

        due_box = QVBoxLayout()
        due_box.setSpacing(6)
        self.due_edit = QDateTimeEdit()
        self.due_edit.setObjectName("followUpDue")
        self.due_edit.setCalendarPopup(True)
        self.due_edit.setDisplayFormat("yyyy-MM-dd  HH:mm")
        due_box.addWidget(self.due_edit)
        picks = QHBoxLayout()
        picks.setSpacing(6)
        labels = {"in_1_hour": self.tr("+1 hour"), "tomorrow_0900": self.tr("Tomorrow 09:00"),
                  "next_monday_0900": self.tr("Next Monday 09:00")}
        self.quick_buttons: dict[str, QPushButton] = {}
        for key, when in followups.quick_picks(self._now.astimezone(followups.local_zone(self._tz))):
            b = QPushButton(labels[key])
            b.setObjectName(f"quick_{key}")
            b.setCursor(Qt.CursorShape.PointingHandCursor)
            b.setStyleSheet("QPushButton { padding: 3px 8px; font-size: 12px; }")
            b.clicked.connect(functools.partial(self.set_due, when))
            picks.addWidget(b)
            self.quick_buttons[key] = b
        picks.addStretch(1)
        due_box.addLayout(picks)
        form.addRow(self.tr("Due"), due_box)

        self.repeat_combo = QComboBox()
        self.repeat_combo.setObjectName("followUpRepeat")
        repeat_labels = {"none": self.tr("Does not repeat"), "daily": self.tr("Every day"),
                         "weekdays": self.tr("Every weekday (Mon–Fri)"), "weekly": self.tr("Every week"),
                         "monthly": self.tr("Every month"), "custom": self.tr("Custom (RRULE)…")}
        for key, rule in self.REPEATS:
            self.repeat_combo.addItem(repeat_labels[key], rule)
        self.rrule_edit = QLineEdit()
        self.rrule_edit.setObjectName("followUpRrule")
        self.rrule_edit.setPlaceholderText("FREQ=WEEKLY;BYDAY=MO")
        self.rrule_edit.hide()
        repeat_box = QVBoxLayout()
        repeat_box.setSpacing(6)
        repeat_box.addWidget(self.repeat_combo)
        repeat_box.addWidget(self.rrule_edit)
        form.addRow(self.tr("Repeat"), repeat_box)

        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setObjectName("followUpNotes")
        self.notes_edit.setFixedHeight(72)
        form.addRow(self.tr("Notes"), self.notes_edit)
        root.addLayout(form)

        self.error = QLabel()
        self.error.setObjectName("followUpError")
        self.error.setStyleSheet(f"color: {RED};")
        self.error.setWordWrap(True)
        self.error.hide()
        root.addWidget(self.error)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        root.addWidget(self.buttons)

        self.title_edit.textChanged.connect(self._update_ok)
        self.kind_combo.currentIndexChanged.connect(self._update_link)
        self.repeat_combo.currentIndexChanged.connect(self._repeat_changed)
        self._fill()

    # --- filling -------------------------------------------------------------------------------
    def _fill(self) -> None:
        init, pre = self._initial, self._prefill
        if init is not None:
            self.title_edit.setText(init.title)
            self._set_kind(init.kind)
            self.set_due(init.due_at)
            self.notes_edit.setPlainText(init.notes)
            self._set_rule(init.rrule)
        else:
            if pre is not None:
                self.title_edit.setText(pre.title)
                self._set_kind(pre.kind)
            self.set_due(self._due or dict(followups.quick_picks(
                self._now.astimezone(followups.local_zone(self._tz))))["in_1_hour"])
        self._update_link()
        self._update_ok()

    def _set_kind(self, kind: str) -> None:
        i = self.kind_combo.findData(kind)
        self.kind_combo.setCurrentIndex(max(i, 0))

    def _set_rule(self, rule: str) -> None:
        i = self.repeat_combo.findData(rule or "")
        if i < 0:
            i = self.repeat_combo.count() - 1
            self.rrule_edit.setText(rule)
        self.repeat_combo.setCurrentIndex(i)
        self._repeat_changed()

    def _link_parts(self) -> tuple[int | None, str, str]:
        if self._initial is not None:
            i = self._initial
            return i.ticket_number, i.customer_name, i.customer_phone
        if self._prefill is not None:
            p = self._prefill
            return p.ticket_number, p.customer_name, p.phone
        return None, "", ""

    @Slot()
    def _update_link(self) -> None:
        number, name, phone = self._link_parts()
        parts = []
        if number is not None:
            parts.append(self.tr("Ticket #%1").replace("%1", str(number)))
        if name:
            parts.append(self.tr("Customer: %1").replace("%1", name))
        if phone and self.kind_combo.currentData() == "callback":
            parts.append("☎ " + phone)
        self.link.setText("   ·   ".join(parts) if parts else self.tr("Not linked to a ticket or customer"))

    @Slot()
    def _repeat_changed(self) -> None:
        self.rrule_edit.setVisible(self.repeat_combo.currentData() is None)

    @Slot()
    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.title_edit.text().strip()))

    def set_due(self, when: datetime) -> None:
        local = when.astimezone(followups.local_zone(self._tz))
        self.due_edit.setDateTime(QDateTime(QDate(local.year, local.month, local.day),
                                            QTime(local.hour, local.minute)))

    # --- reading -------------------------------------------------------------------------------
    def due_at(self) -> datetime:
        qdt = self.due_edit.dateTime()
        d, t = qdt.date(), qdt.time()
        wall = datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())
        return wall.replace(tzinfo=followups.local_zone(self._tz)).astimezone(UTC)

    def rule(self) -> str:
        data = self.repeat_combo.currentData()
        return self.rrule_edit.text().strip() if data is None else data

    def values(self) -> FollowUpValues:
        pre, init = self._prefill, self._initial
        return FollowUpValues(
            title=self.title_edit.text().strip(), kind=self.kind_combo.currentData(), due_at=self.due_at(),
            rrule=self.rule(), notes=self.notes_edit.toPlainText().strip(), tz=self._tz,
            ticket_id=init.ticket_id if init else (pre.ticket_id if pre else None),
            customer_id=init.customer_id if init else (pre.customer_id if pre else None),
        )

    def accept(self) -> None:
        # Check the rule here (pure Python, no database) so a typo is fixed in place.
        try:
            followups.check_zone(self._tz)
            followups.validate_rrule(self.rule(), self.due_at(), self._tz)
        except ServiceError as exc:
            self.error.setText(errors.message(exc))
            self.error.show()
            return
        super().accept()

    @staticmethod
    def ask(parent: QWidget | None, prefill: followups.Prefill | None = None,
            initial: followups.FollowUpRow | None = None, now: datetime | None = None,
            due: datetime | None = None) -> FollowUpValues | None:
        """The values, or None if cancelled. Tests replace this seam; no test waits on a modal."""
        dlg = FollowUpDialog(parent, prefill, initial, now, due)
        try:
            return dlg.values() if dlg.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dlg.deleteLater()


# --- worker functions (run with a Session on a worker thread) -----------------------------------

def _load(view: str, agent_id, start: datetime, end: datetime, now: datetime, session):
    if view == "agenda":
        rows = followups.agenda(session, agent_id, now, days=AGENDA_DAYS)
    else:
        rows = followups.list_range(session, agent_id, start, end)
    return rows, followups.overdue_count(session, agent_id, now)


def _prefill(ticket_id, customer_id, session):
    if ticket_id is not None:
        return followups.prefill_for_ticket(session, ticket_id)
    if customer_id is not None:
        return followups.prefill_for_customer(session, customer_id)
    return None


def _create(login: str, v: FollowUpValues, session):
    return followups.create_follow_up(
        session, current_agent(session, login), title=v.title, due_at=v.due_at, ticket_ref=v.ticket_id,
        customer_id=v.customer_id, kind=v.kind, notes=v.notes, rrule=v.rrule, tz=v.tz)


def _update(login: str, fid, v: FollowUpValues, session):
    return followups.update(session, fid, current_agent(session, login), title=v.title, notes=v.notes, kind=v.kind,
                            due_at=v.due_at, rrule=v.rrule, tz=v.tz)


def _act(action: str, login: str, fid, kwargs: dict, session):
    agent = current_agent(session, login)
    if action == "delete":
        followups.delete(session, fid, agent)
        return None
    return getattr(followups, action)(session, fid, agent, **kwargs)


def _get(login: str, fid, session):
    return followups.get_follow_up(session, fid, current_agent(session, login))


def _export(agent_id, path: str, session) -> int:
    data = followups.export_ics(session, agent_id)
    try:
        with open(path, "wb") as fh:
            fh.write(data)
    except OSError as exc:
        raise ServiceError(code="file.unwritable", path=path, reason=exc.strerror) from None
    return data.count(b"BEGIN:VEVENT")


def _import(login: str, path: str, session) -> tuple[int, int]:
    try:
        data = followups.read_ics_file(path)  # never more than the import limit into memory
    except OSError as exc:
        raise ServiceError(code="file.unreadable", path=path, reason=exc.strerror) from None
    return followups.import_ics(session, current_agent(session, login), data,
                                default_tz=followups.system_zone_name())


# --- painted pieces ------------------------------------------------------------------------------

def _font(base: QFont, px: int, bold: bool = False) -> QFont:
    f = QFont(base)
    f.setPixelSize(px)
    f.setBold(bold)
    return f


class _OccurrenceDelegate(QStyledItemDelegate):
    """Agenda rows: time | kind bar | title and linked ticket / customer; section headers between days."""

    PAD = 8
    TIME_W = 52

    def __init__(self, pane: CalendarPane):
        super().__init__(pane)
        self.pane = pane

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:
        if index.data(_ROW_ROLE) is None:
            return QSize(200, QFontMetrics(_font(option.font, 11, True)).height() + 14)
        return QSize(200, QFontMetrics(_font(option.font, 13, True)).height()
                     + QFontMetrics(_font(option.font, 11)).height() + 2 * self.PAD + 4)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        occ = index.data(_ROW_ROLE)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = option.rect
        if occ is None:  # a section header: "Overdue", "Today · 03-10 Tue", …
            text = index.data(_HEADER_ROLE) or ""
            overdue = index.data(Qt.ItemDataRole.UserRole + 3)
            painter.fillRect(r, QColor("#fff5f5" if overdue else "#f8fafc"))
            painter.setPen(QColor(RED if overdue else "#475569"))
            painter.setFont(_font(option.font, 11, True))
            painter.drawText(r.adjusted(12, 0, -12, 0), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
            painter.setPen(QColor("#e3e8ef"))
            painter.drawLine(r.bottomLeft(), r.bottomRight())
            painter.restore()
            return
        f = occ.follow_up
        now = self.pane.clock()
        overdue = occ.overdue(now)
        done = f.status == "done"
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.fillRect(r, QColor("#e0ecff" if selected else RED_BG if overdue else "#ffffff"))
        painter.setPen(QColor("#eef1f5"))
        painter.drawLine(r.bottomLeft(), r.bottomRight())
        inner = r.adjusted(12, self.PAD, -12, -self.PAD)
        title_font, meta_font = _font(option.font, 13, True), _font(option.font, 11)
        th, mh = QFontMetrics(title_font).height(), QFontMetrics(meta_font).height()
        # time column: HH:MM, and the date under it when the row is not under its own day header
        painter.setFont(_font(option.font, 13, True))
        painter.setPen(QColor(RED if overdue else MUTED if done else INK))
        painter.drawText(QRect(inner.left(), inner.top(), self.TIME_W, th), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         _hhmm(occ.at))
        if overdue:
            painter.setFont(meta_font)
            painter.drawText(QRect(inner.left(), inner.top() + th + 2, self.TIME_W + 20, mh),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, _local(occ.at).strftime("%m-%d"))
        # kind bar
        bar = QRectF(inner.left() + self.TIME_W, inner.top() + 1, 3, inner.height() - 2)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(RED if overdue else KIND_COLOR.get(f.kind, BLUE)))
        painter.drawRoundedRect(bar, 1.5, 1.5)
        left = int(bar.right()) + 10
        # right-hand badges: ↻ for a repeat, kind
        painter.setFont(meta_font)
        badges = []
        if f.recurring:
            badges.append(("↻", MUTED))
        if f.kind == "callback":  # the default kind needs no badge; the bar colour already tells
            badges.append((self.pane.kind_label(f.kind), KIND_COLOR["callback"]))
        if done:
            badges.append((self.pane.word("done"), "#16a34a"))
        elif overdue:
            badges.append((self.pane.word("overdue"), RED))
        fm = QFontMetrics(meta_font)
        x = inner.right()
        for text, color in reversed(badges):
            w = fm.horizontalAdvance(text) + 12
            pill = QRect(x - w, inner.top() + (th - mh) // 2 - 1, w, mh + 2)
            bg = QColor(color)
            bg.setAlpha(28)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(bg)
            painter.drawRoundedRect(QRectF(pill), 4, 4)
            painter.setPen(QColor(color))
            painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)
            x = pill.left() - 4
        # title
        painter.setFont(title_font)
        painter.setPen(QColor(MUTED if done else INK))
        title_rect = QRect(left, inner.top(), x - 6 - left, th)
        title_font.setStrikeOut(done)
        painter.setFont(title_font)
        painter.drawText(title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         QFontMetrics(title_font).elidedText(mask_pii(f.title), Qt.TextElideMode.ElideRight, title_rect.width()))
        # linked ticket / customer / phone
        painter.setFont(meta_font)
        painter.setPen(QColor(MUTED))
        meta_rect = QRect(left, inner.top() + th + 2, inner.right() - left, mh)
        painter.drawText(meta_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         fm.elidedText(self.pane.link_text(f), Qt.TextElideMode.ElideRight, meta_rect.width()))
        painter.restore()


class _OccurrenceList(QListWidget):
    """Occurrences grouped under day headers (agenda, and the month's selected day)."""

    def __init__(self, pane: CalendarPane, name: str):
        super().__init__()
        self.pane = pane
        self.setObjectName(name)
        self.setItemDelegate(_OccurrenceDelegate(pane))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setUniformItemSizes(False)
        self.customContextMenuRequested.connect(self._menu)
        self.itemDoubleClicked.connect(self._activated)
        self.itemActivated.connect(self._activated)

    def add_header(self, text: str, overdue: bool = False) -> None:
        item = QListWidgetItem()
        item.setData(_HEADER_ROLE, text)
        item.setData(Qt.ItemDataRole.UserRole + 3, overdue)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        self.addItem(item)

    def add_occurrence(self, occ: followups.Occurrence) -> QListWidgetItem:
        item = QListWidgetItem(mask_pii(occ.follow_up.title))
        item.setData(_ROW_ROLE, occ)
        item.setToolTip(self.pane.tooltip(occ))
        self.addItem(item)
        return item

    def occurrences(self) -> list[followups.Occurrence]:
        return [o for i in range(self.count()) if (o := self.item(i).data(_ROW_ROLE)) is not None]

    def item_for(self, follow_up_id) -> QListWidgetItem | None:
        for i in range(self.count()):
            o = self.item(i).data(_ROW_ROLE)
            if o is not None and o.follow_up.id == follow_up_id:
                return self.item(i)
        return None

    @Slot(QPoint)
    def _menu(self, pos: QPoint) -> None:
        item = self.itemAt(pos)
        occ = item.data(_ROW_ROLE) if item is not None else None
        if occ is not None:
            self.setCurrentItem(item)
            self.pane.context_menu(occ).exec(self.viewport().mapToGlobal(pos))

    @Slot(QListWidgetItem)
    def _activated(self, item: QListWidgetItem) -> None:
        occ = item.data(_ROW_ROLE)
        if occ is not None:
            self.pane.open_linked(occ)


class _MonthGrid(QWidget):
    """Six weeks of days: per day up to three items (time and title) and a '+N' line; overdue in red."""

    dayClicked = Signal(object)  # date
    dayDoubleClicked = Signal(object)

    HEAD_H = 24
    MAX_LINES = 3

    def __init__(self, pane: CalendarPane):
        super().__init__()
        self.setObjectName("monthGrid")
        self.pane = pane
        self.month = date.today().replace(day=1)
        self.selected = date.today()
        self.by_day: dict[date, list[followups.Occurrence]] = {}
        self.setMinimumHeight(self.HEAD_H + 6 * 58)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)

    def first_day(self) -> date:
        return self.month - timedelta(days=self.month.weekday())  # weeks start on Monday

    def sizeHint(self) -> QSize:
        return QSize(600, self.HEAD_H + 6 * 74)

    def _cell(self, i: int) -> QRect:
        w, h = self.width() / 7, (self.height() - self.HEAD_H) / 6
        col, row = i % 7, i // 7
        return QRect(int(col * w), int(self.HEAD_H + row * h), int((col + 1) * w) - int(col * w),
                     int(self.HEAD_H + (row + 1) * h) - int(self.HEAD_H + row * h))

    def day_at(self, pos: QPoint) -> date | None:
        for i in range(42):
            if self._cell(i).contains(pos):
                return self.first_day() + timedelta(days=i)
        return None

    def cell_rect(self, day: date) -> QRect:
        return self._cell((day - self.first_day()).days)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        day = self.day_at(event.position().toPoint())
        if day is not None:
            self.selected = day
            self.update()
            self.dayClicked.emit(day)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        day = self.day_at(event.position().toPoint())
        if day is not None:
            self.dayDoubleClicked.emit(day)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#ffffff"))
        base = self.font()
        head_font, item_font = _font(base, 11, True), _font(base, 11)
        today = _local(self.pane.clock()).date()
        now = self.pane.clock()
        p.setFont(head_font)
        w = self.width() / 7
        for col in range(7):
            p.setPen(QColor(RED if col == 6 else "#2563eb" if col == 5 else MUTED))
            p.drawText(QRect(int(col * w), 0, int(w), self.HEAD_H), Qt.AlignmentFlag.AlignCenter, self.pane.weekday_name(col))
        p.setPen(QColor("#e3e8ef"))
        p.drawLine(0, self.HEAD_H - 1, self.width(), self.HEAD_H - 1)
        ifm = QFontMetrics(item_font)
        line_h = ifm.height() + 2
        for i in range(42):
            day = self.first_day() + timedelta(days=i)
            cell = self._cell(i)
            items = self.by_day.get(day, [])
            has_overdue = any(o.overdue(now) for o in items)
            if day == self.selected:
                p.fillRect(cell, QColor("#eef4ff"))
            elif has_overdue:
                p.fillRect(cell, QColor(RED_BG))
            p.setPen(QColor("#e8ecf1"))  # one hairline right and below each cell: a single grid
            p.drawLine(cell.topRight(), cell.bottomRight())
            p.drawLine(cell.bottomLeft(), cell.bottomRight())
            # day number (today in a filled circle)
            p.setFont(_font(base, 12, day == today))
            num_rect = QRect(cell.left() + 4, cell.top() + 3, 22, 20)
            in_month = day.month == self.month.month
            if day == today:
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(QColor(BLUE))
                p.drawEllipse(QRectF(num_rect).adjusted(1, 0, -1, 0))
                p.setPen(QColor("#ffffff"))
            else:
                color = RED if day.weekday() == 6 else BLUE if day.weekday() == 5 else INK
                c = QColor(color)
                if not in_month:
                    c.setAlpha(90)
                p.setPen(c)
            p.drawText(num_rect, Qt.AlignmentFlag.AlignCenter, str(day.day))
            if day == self.selected:
                p.setPen(QPen(QColor(BLUE), 2))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRect(QRectF(cell).adjusted(1, 1, -2, -2))
            if not items:
                continue
            # count badge, red when something on the day is overdue
            p.setFont(_font(base, 10, True))
            count = str(len(items))
            bw = QFontMetrics(p.font()).horizontalAdvance(count) + 10
            badge = QRect(cell.right() - bw - 4, cell.top() + 5, bw, 16)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(RED if has_overdue else "#dbe5f5"))
            p.drawRoundedRect(QRectF(badge), 8, 8)
            p.setPen(QColor("#ffffff" if has_overdue else "#1e3a8a"))
            p.drawText(badge, Qt.AlignmentFlag.AlignCenter, count)
            # item lines
            p.setFont(item_font)
            top = cell.top() + 25
            room = min(max((cell.bottom() - top - 2) // line_h, 0), self.MAX_LINES)
            shown = items if len(items) <= room else items[: max(room - 1, 0)]
            for occ in shown:
                f = occ.follow_up
                color = RED if occ.overdue(now) else MUTED if f.status == "done" else KIND_COLOR.get(f.kind, BLUE)
                r = QRect(cell.left() + 4, top, cell.width() - 8, line_h - 1)
                bg = QColor(color)
                bg.setAlpha(22)
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(bg)
                p.drawRoundedRect(QRectF(r), 3, 3)
                p.setPen(QColor(color))
                text = f"{_hhmm(occ.at)} {mask_pii(f.title)}"
                p.drawText(r.adjusted(3, 0, -2, 0), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                           ifm.elidedText(text, Qt.TextElideMode.ElideRight, r.width() - 5))
                top += line_h
            hidden = len(items) - len(shown)
            if hidden > 0 and room > 0:
                p.setPen(QColor(MUTED))
                p.drawText(QRect(cell.left() + 6, top, cell.width() - 10, line_h),
                           Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                           self.pane.word("more").replace("%1", str(hidden)))
        p.end()


class _WeekView(QWidget):
    """Seven columns, one per day, with that day's follow-ups as chips in time order."""

    HEAD_H = 40
    CHIP_PAD = 4

    def __init__(self, pane: CalendarPane):
        super().__init__()
        self.setObjectName("weekView")
        self.pane = pane
        self.start = date.today() - timedelta(days=date.today().weekday())
        self.by_day: dict[date, list[followups.Occurrence]] = {}
        self._chips: list[tuple[QRect, followups.Occurrence]] = []
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)
        self.setMouseTracking(True)
        self.selected: followups.Occurrence | None = None

    def _layout_chips(self) -> int:
        """Chip rectangles for the current width; returns the height needed."""
        self._chips = []
        col_w = self.width() / 7
        base = self.font()
        tf, mf = _font(base, 11, True), _font(base, 11)
        th, mh = QFontMetrics(tf).height(), QFontMetrics(mf).height()
        bottom = self.HEAD_H
        for col in range(7):
            day = self.start + timedelta(days=col)
            y = self.HEAD_H + 6
            x0, x1 = int(col * col_w) + 3, int((col + 1) * col_w) - 3
            for occ in self.by_day.get(day, []):
                lines = self._title_lines(mask_pii(occ.follow_up.title), x1 - x0 - 10, mf)
                h = th + mh * len(lines) + 2 * self.CHIP_PAD + 2
                self._chips.append((QRect(x0, y, x1 - x0, h), occ))
                y += h + 4
            bottom = max(bottom, y)
        return bottom + 6

    @staticmethod
    def _title_lines(title: str, width: int, font: QFont) -> list[str]:
        """The title in at most two lines of the narrow column (Hangul wraps anywhere)."""
        fm = QFontMetrics(font)
        if width <= 10:
            return [title]
        first = ""
        for i, ch in enumerate(title):
            if fm.horizontalAdvance(first + ch) > width:
                cut = first.rfind(" ")
                if cut > len(first) // 2:  # Latin words break at a space when one is near
                    i, first = cut + 1, first[:cut]
                rest = title[i:]
                return [first, fm.elidedText(rest, Qt.TextElideMode.ElideRight, width)]
            first += ch
        return [first]

    def sizeHint(self) -> QSize:
        return QSize(600, 420)

    def hasHeightForWidth(self) -> bool:
        return False

    def refit(self) -> None:
        self.setMinimumHeight(max(self._layout_chips(), 360))
        self.update()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.setMinimumHeight(max(self._layout_chips(), 360))

    def chip_at(self, pos: QPoint) -> followups.Occurrence | None:
        for rect, occ in self._chips:
            if rect.contains(pos):
                return occ
        return None

    def chip_rect(self, follow_up_id) -> QRect | None:
        for rect, occ in self._chips:
            if occ.follow_up.id == follow_up_id:
                return rect
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.selected = self.chip_at(event.position().toPoint())
        self.update()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        occ = self.chip_at(event.position().toPoint())
        if occ is not None:
            self.pane.open_linked(occ)
        else:
            col = min(int(event.position().x() // max(self.width() / 7, 1)), 6)
            self.pane.new_follow_up(on_day=self.start + timedelta(days=col))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        occ = self.chip_at(event.position().toPoint())
        self.setToolTip(self.pane.tooltip(occ) if occ else "")
        self.setCursor(Qt.CursorShape.PointingHandCursor if occ else Qt.CursorShape.ArrowCursor)

    @Slot(QPoint)
    def _menu(self, pos: QPoint) -> None:
        occ = self.chip_at(pos)
        if occ is not None:
            self.selected = occ
            self.update()
            self.pane.context_menu(occ).exec(self.mapToGlobal(pos))

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._chips and any(self.by_day.values()):
            self._layout_chips()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#ffffff"))
        base = self.font()
        col_w = self.width() / 7
        now = self.pane.clock()
        today = _local(now).date()
        for col in range(7):
            day = self.start + timedelta(days=col)
            x = int(col * col_w)
            head = QRect(x, 0, int((col + 1) * col_w) - x, self.HEAD_H)
            if day == today:
                p.fillRect(QRect(x, 0, head.width(), self.height()), QColor("#f5f8ff"))
            p.setPen(QColor(RED if day.weekday() == 6 else BLUE if day.weekday() == 5 else MUTED))
            p.setFont(_font(base, 11, True))
            p.drawText(head.adjusted(0, 4, 0, -head.height() // 2), Qt.AlignmentFlag.AlignCenter, self.pane.weekday_name(col))
            p.setFont(_font(base, 14, True))
            if day == today:
                circle = QRectF(head.center().x() - 12, head.height() / 2 - 3, 24, 22)
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(QColor(BLUE))
                p.drawEllipse(circle)
                p.setPen(QColor("#ffffff"))
                p.drawText(circle, Qt.AlignmentFlag.AlignCenter, str(day.day))
            else:
                p.setPen(QColor(INK))
                p.drawText(head.adjusted(0, head.height() // 2 - 4, 0, 0), Qt.AlignmentFlag.AlignCenter, str(day.day))
            if col:
                p.setPen(QColor("#edf0f4"))
                p.drawLine(x, 0, x, self.height())
        p.setPen(QColor("#e3e8ef"))
        p.drawLine(0, self.HEAD_H, self.width(), self.HEAD_H)
        tf, mf = _font(base, 11, True), _font(base, 11)
        th, mh = QFontMetrics(tf).height(), QFontMetrics(mf).height()
        for rect, occ in self._chips:
            f = occ.follow_up
            overdue = occ.overdue(now)
            color = QColor(RED if overdue else MUTED if f.status == "done" else KIND_COLOR.get(f.kind, BLUE))
            bg = QColor(color)
            bg.setAlpha(40 if self.selected is occ else 20)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(bg)
            p.drawRoundedRect(QRectF(rect), 4, 4)
            p.setBrush(color)
            p.drawRoundedRect(QRectF(rect.left(), rect.top(), 3, rect.height()), 1.5, 1.5)
            inner = rect.adjusted(7, self.CHIP_PAD, -3, -self.CHIP_PAD)
            p.setPen(color)
            p.setFont(tf)
            head = _hhmm(occ.at) + (" ↻" if f.recurring else "") + (" ☎" if f.kind == "callback" else "")
            p.drawText(QRect(inner.left(), inner.top(), inner.width(), th),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, head)
            p.setFont(mf)
            p.setPen(QColor(MUTED if f.status == "done" else INK))
            y = inner.top() + th
            for line in self._title_lines(mask_pii(f.title), rect.width() - 10, mf):
                p.drawText(QRect(inner.left(), y, inner.width(), mh), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, line)
                y += mh
        if not self._chips:
            p.setPen(QColor("#94a3b8"))
            p.setFont(_font(base, 12))
            p.drawText(self.rect().adjusted(0, self.HEAD_H, 0, 0), Qt.AlignmentFlag.AlignCenter,
                       self.pane.word("empty_week"))
        p.end()


# --- the pane -----------------------------------------------------------------------------------

class CalendarPane(QWidget):
    """The agent's follow-ups: month, week and agenda views; create, snooze, complete, edit, delete."""

    openTicketRequested = Signal(object)  # ticket UUID
    openCustomerRequested = Signal(object)  # customer UUID
    failed = Signal(str)
    overdueChanged = Signal(int)
    loaded = Signal()  # the current view has been rendered from fresh data (tests wait on it)
    created = Signal(object)  # the FollowUpRow just created
    exported = Signal(int)  # follow-ups written to the .ics file
    imported = Signal(int, int)  # created, updated
    written = Signal(object)  # after any successful write: the FollowUpRow (None after a delete)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("calendarPane")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(_STYLE)
        self.setMinimumWidth(360)
        # Tests replace this; overdue highlighting and quick picks read "now" from it.
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)
        self.view = "agenda"
        self._anchor = _local(self.clock()).date()  # the day the month / week views show
        self._reads = LatestReads(self, ctx.runner)  # the view's load: the newest request wins
        self._overdue: int | None = None
        self._occ: list[followups.Occurrence] = []

        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        root.addWidget(self._build_header())
        self._stack = QStackedWidget()
        root.addWidget(self._stack, 1)

        # month: the grid and the selected day's list
        month = QSplitter(Qt.Orientation.Vertical)
        month.setObjectName("monthPage")
        month.setChildrenCollapsible(False)
        self.month_grid = _MonthGrid(self)
        self.month_grid.dayClicked.connect(self._day_clicked)
        self.month_grid.dayDoubleClicked.connect(self._day_double_clicked)
        month.addWidget(self.month_grid)
        day_box = QWidget()
        day_lay = QVBoxLayout(day_box)
        day_lay.setContentsMargins(0, 0, 0, 0)
        day_lay.setSpacing(0)
        self.day_title = QLabel()
        self.day_title.setObjectName("dayListTitle")
        day_lay.addWidget(self.day_title)
        self.day_list = _OccurrenceList(self, "dayList")
        day_lay.addWidget(self.day_list, 1)
        month.addWidget(day_box)
        month.setStretchFactor(0, 3)
        month.setStretchFactor(1, 2)
        self._stack.addWidget(month)

        # week
        self.week_view = _WeekView(self)
        week_scroll = QScrollArea()
        week_scroll.setObjectName("weekPage")
        week_scroll.setWidgetResizable(True)
        week_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        week_scroll.setWidget(self.week_view)
        self._stack.addWidget(week_scroll)

        # agenda
        agenda_page = QWidget()
        agenda_page.setObjectName("agendaPage")
        lay = QVBoxLayout(agenda_page)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        self.agenda_list = _OccurrenceList(self, "agendaList")
        lay.addWidget(self.agenda_list, 1)
        self.agenda_empty = QLabel(self.tr("No open follow-ups in the next two weeks"))
        self.agenda_empty.setObjectName("calEmpty")
        self.agenda_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.agenda_empty.hide()
        lay.addWidget(self.agenda_empty, 1)
        self._stack.addWidget(agenda_page)

        self._reload_timer = make_timer(self, RELOAD_DELAY_MS, self.refresh, single_shot=True)
        # Overdue-ness changes with the clock alone: reload a visible pane every minute.
        self._stale = False
        self._tick = make_timer(self, 60_000, self._minute)
        self._tick.start()
        ctx.changes.changed.connect(self._on_changed)
        self.show_view("agenda")

    def hideEvent(self, event) -> None:
        # A reload pending at hide is done when the pane shows again, not into a hidden pane.
        self._stale = self._stale or self._reload_timer.isActive()
        self._reload_timer.stop()
        super().hideEvent(event)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.refresh()

    # --- header -------------------------------------------------------------------------------
    def _build_header(self) -> QWidget:
        box = QFrame()
        box.setObjectName("calHeader")
        outer = QVBoxLayout(box)
        outer.setContentsMargins(10, 8, 10, 8)
        outer.setSpacing(6)
        row = QHBoxLayout()
        row.setSpacing(6)
        self.prev_button = QToolButton()
        self.prev_button.setObjectName("calNav")
        self.prev_button.setText("‹")
        self.prev_button.setToolTip(self.tr("Previous"))
        self.prev_button.clicked.connect(functools.partial(self.step, -1))
        self.next_button = QToolButton()
        self.next_button.setObjectName("calNav")
        self.next_button.setText("›")
        self.next_button.setToolTip(self.tr("Next"))
        self.next_button.clicked.connect(functools.partial(self.step, 1))
        self.today_button = QPushButton(self.tr("Today"))
        self.today_button.setObjectName("calToday")
        self.today_button.clicked.connect(self.go_today)
        row.addWidget(self.prev_button)
        row.addWidget(self.today_button)
        row.addWidget(self.next_button)
        self.title = QLabel()
        self.title.setObjectName("calTitle")
        self.title.setMinimumWidth(40)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        row.addSpacing(4)
        row.addWidget(self.title, 1)
        self._view_buttons: dict[str, QPushButton] = {}
        group = QButtonGroup(self)
        group.setExclusive(True)
        seg = QHBoxLayout()
        seg.setSpacing(0)
        names = {"month": self.tr("Month"), "week": self.tr("Week"), "agenda": self.tr("Agenda")}
        for i, name in enumerate(VIEWS):
            b = QPushButton(names[name])
            b.setObjectName(f"view_{name}")
            b.setCheckable(True)
            b.setProperty("seg", True)
            b.setProperty("segPos", "first" if i == 0 else "last" if i == len(VIEWS) - 1 else "mid")
            b.setCursor(Qt.CursorShape.PointingHandCursor)
            b.clicked.connect(functools.partial(self.show_view, name))
            group.addButton(b)
            seg.addWidget(b)
            self._view_buttons[name] = b
        self.new_button = QPushButton(self.tr("+ New"))
        self.new_button.setObjectName("calNew")
        self.new_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.new_button.setToolTip(self.tr("New follow-up"))
        self.new_button.clicked.connect(self._new_clicked)
        row.addWidget(self.new_button)
        self.more_button = QToolButton()
        self.more_button.setObjectName("calMore")
        self.more_button.setText("⋯")
        self.more_button.setToolTip(self.tr("Export or import an iCalendar (.ics) file"))
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        more = QMenu(self.more_button)
        export_action = more.addAction(self.tr("Export to .ics…"))
        export_action.setObjectName("actExport")
        export_action.triggered.connect(self.export_ics)
        import_action = more.addAction(self.tr("Import from .ics…"))
        import_action.setObjectName("actImport")
        import_action.triggered.connect(self.import_ics)
        self.more_button.setMenu(more)
        row.addWidget(self.more_button)
        outer.addLayout(row)
        self.overdue_chip = QLabel()
        self.overdue_chip.setObjectName("overdueChip")
        self.overdue_chip.hide()
        chip_row = QHBoxLayout()
        chip_row.setContentsMargins(0, 0, 0, 0)
        chip_row.addWidget(self.overdue_chip)
        chip_row.addStretch(1)
        # The view switch sits on the second row: the pane is often only ~400 px wide.
        chip_row.addLayout(seg)
        outer.addLayout(chip_row)
        return box

    # --- vocabulary ---------------------------------------------------------------------------
    def weekday_name(self, i: int) -> str:
        return (self.tr("Mon"), self.tr("Tue"), self.tr("Wed"), self.tr("Thu"), self.tr("Fri"), self.tr("Sat"),
                self.tr("Sun"))[i]

    def word(self, key: str) -> str:
        """Strings the painted pieces show, translated here so they share this pane's context."""
        return {"done": self.tr("Done"), "overdue": self.tr("Overdue"), "more": self.tr("+%1 more"),
                "empty_week": self.tr("Nothing planned this week"), "delete": self.tr("Delete"),
                "ics_caption": self.tr("iCalendar file"), "ics_filter": self.tr("iCalendar (*.ics);;All files (*)")}[key]

    def kind_label(self, kind: str) -> str:
        return self.tr("Callback") if kind == "callback" else self.tr("Follow-up")

    def link_text(self, f: followups.FollowUpRow) -> str:
        parts = []
        if f.ticket_number is not None:
            parts.append(f"#{f.ticket_number}")
        if f.customer_name:
            parts.append(f.customer_name)
        if f.kind == "callback" and f.customer_phone:
            parts.append("☎ " + f.customer_phone)
        if f.remind_at is not None and f.status == "open":
            parts.append(self.tr("snoozed until %1").replace("%1", fmt.local_time(f.remind_at)))
        return "  ·  ".join(parts) if parts else self.tr("Personal")

    def tooltip(self, occ: followups.Occurrence) -> str:
        f = occ.follow_up
        lines = [mask_pii(f.title), fmt.local_time(occ.at) + ("  ↻ " + f.rrule if f.rrule else "")]
        link = self.link_text(f)
        if link:
            lines.append(link)
        if f.notes:
            lines.append(mask_pii(f.notes))
        return "\n".join(lines)

    def _day_label(self, day: date) -> str:
        today = _local(self.clock()).date()
        text = f"{day:%m-%d} ({self.weekday_name(day.weekday())})"
        if day == today:
            return self.tr("Today") + " · " + text
        if day == today + timedelta(days=1):
            return self.tr("Tomorrow") + " · " + text
        return text

    # --- navigation ---------------------------------------------------------------------------
    def show_view(self, name: str) -> None:
        if name not in VIEWS:
            raise ValueError(f"unknown calendar view {name!r}")
        self.view = name
        self._stack.setCurrentIndex(VIEWS.index(name))
        self._view_buttons[name].setChecked(True)
        nav = name != "agenda"
        self.prev_button.setEnabled(nav)
        self.next_button.setEnabled(nav)
        self._update_title()
        self.refresh()

    def current_view(self) -> str:
        return self.view

    def step(self, delta: int) -> None:
        if self.view == "month":
            y, m = divmod(self._anchor.year * 12 + self._anchor.month - 1 + delta, 12)
            self._anchor = date(y, m + 1, 1)
        elif self.view == "week":
            self._anchor += timedelta(days=7 * delta)
        self._update_title()
        self.refresh()

    def go_today(self) -> None:
        self._anchor = _local(self.clock()).date()
        self.month_grid.selected = self._anchor
        self._update_title()
        self.refresh()

    def _range(self) -> tuple[date, date]:
        if self.view == "month":
            first = self._anchor.replace(day=1)
            start = first - timedelta(days=first.weekday())
            return start, start + timedelta(days=42)
        start = self._anchor - timedelta(days=self._anchor.weekday())
        return start, start + timedelta(days=7)

    def _update_title(self) -> None:
        if self.view == "month":
            # %1 year, %2 month: "3/2026", "2026년 3월".
            self.title.setText(self.tr("%2/%1").replace("%1", str(self._anchor.year))
                               .replace("%2", str(self._anchor.month)))
        elif self.view == "week":
            start, end = self._range()
            self.title.setText(f"{start:%m-%d} – {end - timedelta(days=1):%m-%d}")
        else:
            self.title.setText(self.tr("Agenda"))
        self.title.setToolTip(self.title.text())

    # --- loading ------------------------------------------------------------------------------
    def _on_changed(self, kind: str, _id) -> None:
        if kind in ("followup", "ticket"):
            if self.isVisible():
                self._reload_timer.start()
            else:
                self._stale = True

    @Slot()
    def refresh(self) -> None:
        """Reloads the current view on a read worker; the newest request wins."""
        start, end = self._range()
        now = self.clock()
        self._reads.read(
            "view", functools.partial(_load, self.view, self.ctx.agent.id, _start_of(start), _start_of(end), now),
            functools.partial(self._loaded, self.view), self._failed)

    def _failed(self, exc: Exception) -> None:
        """A user error (bugs go to the crash handler): one line in the status bar."""
        self.failed.emit(errors.message(exc))

    def _loaded(self, view: str, result) -> None:
        rows, overdue = result
        self._occ = rows
        self._set_overdue(overdue)
        if view == "agenda":
            self._render_agenda(rows)
        else:
            by_day: dict[date, list[followups.Occurrence]] = {}
            for o in rows:
                by_day.setdefault(_local(o.at).date(), []).append(o)
            if view == "month":
                self.month_grid.month = self._anchor.replace(day=1)
                self.month_grid.by_day = by_day
                self.month_grid.update()
                self._render_day(self.month_grid.selected)
            else:
                self.week_view.start = self._range()[0]
                self.week_view.by_day = by_day
                self.week_view.selected = None
                self.week_view.refit()
        self.loaded.emit()

    def _set_overdue(self, n: int) -> None:
        self.overdue_chip.setText(self.tr("%n overdue", "", n))
        self.overdue_chip.setVisible(n > 0)
        if n != self._overdue:
            self._overdue = n
            self.overdueChanged.emit(n)

    @property
    def overdue(self) -> int:
        return self._overdue or 0

    def _render_agenda(self, rows: list[followups.Occurrence]) -> None:
        lst = self.agenda_list
        keep = lst.currentItem().data(_ROW_ROLE) if lst.currentItem() else None
        lst.clear()
        now = self.clock()
        overdue = [o for o in rows if o.overdue(now)]
        if overdue:
            lst.add_header(self.tr("Overdue (%1)").replace("%1", str(len(overdue))), overdue=True)
            for o in overdue:
                lst.add_occurrence(o)
        last_day = None
        for o in rows:
            if o.overdue(now):
                continue
            day = _local(o.at).date()
            if day != last_day:
                lst.add_header(self._day_label(day))
                last_day = day
            item = lst.add_occurrence(o)
            if keep is not None and o.follow_up.id == keep.follow_up.id and o.at == keep.at:
                lst.setCurrentItem(item)
        lst.setVisible(bool(rows))
        self.agenda_empty.setVisible(not rows)

    def _render_day(self, day: date) -> None:
        self.day_title.setText(self._day_label(day))
        self.day_list.clear()
        items = self.month_grid.by_day.get(day, [])
        for o in items:
            self.day_list.add_occurrence(o)
        if not items:
            self.day_list.add_header(self.tr("Nothing planned — double-click a day to add a follow-up"))

    @Slot(object)
    def _day_clicked(self, day: date) -> None:
        if day.month != self._anchor.month or day.year != self._anchor.year:
            self._anchor = day.replace(day=1)
            self.month_grid.selected = day
            self._update_title()
            self.refresh()
        self._render_day(day)

    @Slot(object)
    def _day_double_clicked(self, day: date) -> None:
        self.new_follow_up(on_day=day)

    @Slot()
    def _minute(self) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def occurrences(self) -> list[followups.Occurrence]:
        """What the current view was last rendered from (tests, the status bar)."""
        return list(self._occ)

    # --- creating and editing -----------------------------------------------------------------
    @Slot()
    def _new_clicked(self) -> None:
        self.new_follow_up()

    def new_follow_up(self, ticket_id=None, customer_id=None, on_day: date | None = None) -> None:
        """Opens the dialog prefilled from the ticket or customer (read on a worker first)."""
        if ticket_id is None and customer_id is None:
            self._ask_and_create(None, on_day)
            return
        self.ctx.runner.read(functools.partial(_prefill, ticket_id, customer_id),
                             functools.partial(self._ask_and_create, on_day=on_day), self._failed)

    def _ask_and_create(self, prefill: followups.Prefill | None, on_day: date | None = None) -> None:
        now = self.clock()
        due = None
        if on_day is not None and on_day != _local(now).date():
            due = datetime.combine(on_day, time(9), tzinfo=_local_zone())  # a day picked on the calendar
        values = FollowUpDialog.ask(self, prefill, None, now, due)
        if values is None:
            return
        self.ctx.runner.write(functools.partial(_create, self.ctx.agent.login, values), self._created,
                              self._failed)

    def _created(self, row) -> None:
        self.created.emit(row)
        self._written(row)

    def edit(self, follow_up_id) -> None:
        self.ctx.runner.read(functools.partial(_get, self.ctx.agent.login, follow_up_id), self._ask_and_update,
                             self._failed)

    def _ask_and_update(self, row) -> None:
        values = FollowUpDialog.ask(self, None, row, self.clock())
        if values is None:
            return
        self.ctx.runner.write(functools.partial(_update, self.ctx.agent.login, row.id, values), self._written,
                              self._failed)

    # --- actions ------------------------------------------------------------------------------
    def _run(self, action: str, follow_up_id, **kwargs) -> None:
        self.ctx.runner.write(functools.partial(_act, action, self.ctx.agent.login, follow_up_id, kwargs),
                              self._written, self._failed)

    def complete(self, follow_up_id, ticket_status: str | None = None) -> None:
        self._run("complete", follow_up_id, set_ticket_status=ticket_status, now=self.clock())

    def snooze(self, follow_up_id, until: datetime) -> None:
        self._run("snooze", follow_up_id, until=until)

    def reopen(self, follow_up_id) -> None:
        self._run("reopen", follow_up_id)

    def delete(self, follow_up_id, confirm: bool = True) -> None:
        if confirm and not CalendarPane.confirm(self, self.tr("Delete this follow-up?")):
            return
        self._run("delete", follow_up_id)

    @staticmethod
    def confirm(parent: CalendarPane, text: str) -> bool:
        """Yes/no question; tests replace this seam."""
        return QMessageBox.question(parent, parent.word("delete"), text) == QMessageBox.StandardButton.Yes

    def _written(self, row) -> None:
        self.written.emit(row)
        self.ctx.changes.changed.emit("followup", row.id if row is not None else None)
        if row is not None and row.ticket_id is not None:
            self.ctx.changes.changed.emit("ticket", row.ticket_id)
        self.refresh()

    # --- iCalendar ------------------------------------------------------------------------------
    @staticmethod
    def choose_file(parent: CalendarPane, mode: str) -> str | None:
        """A path to save ('export') or open ('import'), or None; tests replace this seam."""
        from PySide6.QtWidgets import QFileDialog

        caption, filt = parent.word("ics_caption"), parent.word("ics_filter")
        if mode == "export":
            path, _ = QFileDialog.getSaveFileName(parent, caption, "followups.ics", filt)
        else:
            path, _ = QFileDialog.getOpenFileName(parent, caption, "", filt)
        return path or None

    @Slot()
    def export_ics(self) -> None:
        path = CalendarPane.choose_file(self, "export")
        if path:
            self.ctx.runner.read(functools.partial(_export, self.ctx.agent.id, path), self._exported,
                                 self._export_failed)

    @Slot()
    def import_ics(self) -> None:
        path = CalendarPane.choose_file(self, "import")
        if path:  # one write transaction: a bad file imports nothing
            self.ctx.runner.write(functools.partial(_import, self.ctx.agent.login, path), self._imported,
                                  self._import_failed)

    def _notice(self, title: str, body: str = "", level: str = "info") -> None:
        ToastStack.of(self.window()).push(Toast(title, body, level=level, timeout_ms=8000))

    def _exported(self, count: int) -> None:
        self._notice(self.tr("Exported %n follow-ups", "", count))
        self.exported.emit(count)

    def _imported(self, result: tuple[int, int]) -> None:
        created, updated = result
        if created or updated:
            self._notice(self.tr("Calendar imported"),
                         self.tr("%1 new, %2 updated").replace("%1", str(created)).replace("%2", str(updated)))
        else:
            self._notice(self.tr("Calendar imported"), self.tr("Already up to date: every event was here as it is."))
        self.imported.emit(created, updated)
        self.ctx.changes.changed.emit("followup", None)
        self.refresh()

    def _export_failed(self, exc: Exception) -> None:
        self._ics_failed(self.tr("Export failed"), exc)

    def _import_failed(self, exc: Exception) -> None:
        self._ics_failed(self.tr("Nothing was imported"), exc)

    def _ics_failed(self, title: str, exc: Exception) -> None:
        self._notice(title, errors.message(exc), "warn")  # a bad file or path: say so where the agent is looking
        self._failed(exc)

    def open_linked(self, occ: followups.Occurrence) -> None:
        f = occ.follow_up
        if f.ticket_id is not None:
            self.openTicketRequested.emit(f.ticket_id)
        elif f.customer_id is not None:
            self.openCustomerRequested.emit(f.customer_id)
        else:
            self.edit(f.id)

    def context_menu(self, occ: followups.Occurrence) -> QMenu:
        """Done / snooze / edit / delete for one occurrence (future repeats: edit and delete the series)."""
        f = occ.follow_up
        menu = QMenu(self)
        menu.setObjectName("followUpMenu")

        def add(name: str, text: str, slot) -> QAction:
            act = QAction(text, menu)
            act.setObjectName(name)
            act.triggered.connect(slot)
            menu.addAction(act)
            return act

        if f.ticket_id is not None:
            add("actOpenTicket", self.tr("Open ticket #%1").replace("%1", str(f.ticket_number)),
                functools.partial(self.openTicketRequested.emit, f.ticket_id))
        elif f.customer_id is not None:
            add("actOpenCustomer", self.tr("Open customer"), functools.partial(self.openCustomerRequested.emit,
                                                                                f.customer_id))
        if f.status == "open" and occ.current:
            menu.addSeparator()
            add("actDone", self.tr("Done (next occurrence)") if f.recurring else self.tr("Done"),
                functools.partial(self.complete, f.id))
            if f.ticket_id is not None and f.ticket_status not in DONE_STATUSES:
                add("actDoneSolve", self.tr("Done and mark ticket solved"),
                    functools.partial(self.complete, f.id, "solved"))
            snooze = menu.addMenu(self.tr("Snooze"))
            snooze.setObjectName("snoozeMenu")
            labels = {"10_minutes": self.tr("10 minutes"), "1_hour": self.tr("1 hour"),
                      "tomorrow_0900": self.tr("Tomorrow 09:00")}
            for key, until in followups.snooze_choices(_local(self.clock())):
                act = QAction(labels[key], snooze)
                act.setObjectName(f"actSnooze_{key}")
                act.triggered.connect(functools.partial(self.snooze, f.id, until))
                snooze.addAction(act)
        elif f.status == "done":
            menu.addSeparator()
            add("actReopen", self.tr("Reopen"), functools.partial(self.reopen, f.id))
        menu.addSeparator()
        add("actEdit", self.tr("Edit series…") if f.recurring else self.tr("Edit…"), functools.partial(self.edit, f.id))
        add("actDelete", self.tr("Delete series") if f.recurring else self.tr("Delete"),
            functools.partial(self.delete, f.id))
        return menu
