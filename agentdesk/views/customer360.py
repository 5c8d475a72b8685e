"""Customer 360: the right-hand pane. Who is this, what do they hold, what have they asked before.

Everything is read through ``ctx.runner`` on a worker thread and rendered from the
plain ``Customer360`` dataclass; the pane never touches the database itself. The agent
edits the name, notes, tags and contact points in place (issue 12): each edit runs on the
write worker as one service call (services/customers.py), which audits it, and the pane
reads the customer again. A phone's Call button hands the number to the telephony system
(ui/kit/dialer.py); "New ticket" asks the window for a ticket for this customer.
"""

from __future__ import annotations

import dataclasses
import functools
import uuid
import zlib
from datetime import datetime

from PySide6.QtCore import QEvent, QObject, QRect, QRectF, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QKeyEvent, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView, QApplication, QBoxLayout, QFrame, QGridLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QListWidget, QListWidgetItem, QProgressBar, QPushButton, QScrollArea, QSizePolicy, QStackedWidget, QStyle,
    QStyledItemDelegate, QStyleOptionViewItem, QToolButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from agentdesk import telephony
from agentdesk.services import customers
from agentdesk.services.common import NotFound, current_agent
from agentdesk.services.pii import mask_pii
from agentdesk.ui.kit import errors, fmt
from agentdesk.ui.kit.dialer import Dialer
from agentdesk.ui.kit.icons import STATUS_COLOR, channel_icon, dot_icon
from agentdesk.ui.kit.reads import LatestReads
from agentdesk.ui.kit.tasks import AppContext
from agentdesk.ui.kit.timers import make_timer
from agentdesk.ui.kit.toasts import Toast, ToastStack
from agentdesk.views import customer_edit as edit
from agentdesk.views.customer_edit import EDIT_STYLE, ContactForm, NotesCard, RemoveContact, TagsRow


SEARCH_DELAY_MS = 250
RELOAD_DELAY_MS = 150  # coalesces a burst of change notifications into one reload
SEARCH_MAX_CHARS = 200
NAME_MAX_CHARS = 120  # customer_rules.NAME_LIMIT
CALL_TOAST_MS = 5000
ORDER_ROWS_SHOWN = 8  # taller lists scroll inside their card
INQUIRY_ROWS_SHOWN = 8

TIER_STYLE = {  # tier: (background, text)
    "standard": ("#e2e8f0", "#334155"),
    "silver": ("#94a3b8", "#ffffff"),
    "gold": ("#d97706", "#ffffff"),
    "vip": ("#7c3aed", "#ffffff"),
}
ORDER_STATUS_COLOR = {
    "paid": "#2563eb", "shipped": "#7c3aed", "delivered": "#15803d", "cancelled": "#6b7280",
    "returned": "#dc2626", "exchanged": "#d97706", "refunded": "#dc2626",
}
AVATAR_COLORS = ("#2563eb", "#0891b2", "#7c3aed", "#db2777", "#ea580c", "#16a34a", "#4f46e5", "#0d9488")

_ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # inquiry rows: the InquiryRow itself, painted by _InquiryDelegate

_STYLE = """
QWidget#c360Content { background: #f4f6f9; }
QFrame#c360Card { background: #ffffff; border: 1px solid #e3e8ef; border-radius: 8px; }
QFrame#c360Notes { background: #fffbeb; border: 1px solid #f5d77a; border-radius: 8px; }
QFrame#c360Divider { background: #edf0f4; border: none; min-height: 1px; max-height: 1px; }
QFrame#c360Search { background: #ffffff; border-bottom: 1px solid #e3e8ef; }
QLineEdit#customerSearch { border: 1px solid #cbd5e1; border-radius: 6px; padding: 5px 8px; font-size: 13px;
                           background: #ffffff; }
QLineEdit#customerSearch:focus { border: 1px solid #3b82f6; }
QListWidget#customerResults { border: 1px solid #e3e8ef; border-radius: 6px; font-size: 13px; background: #ffffff; }
QListWidget#customerResults::item { padding: 4px 2px; color: #0f172a; }
QListWidget#customerResults::item:selected { background: #e0ecff; }
QListWidget#customerResults::item:hover { background: #f1f5f9; }
QLabel[role="name"] { font-size: 19px; font-weight: bold; color: #0f172a; }
QLabel[role="meta"] { font-size: 12px; color: #64748b; }
QLabel[role="section"] { font-size: 13px; font-weight: bold; color: #1e293b; }
QLabel[role="count"] { font-size: 11px; color: #475569; background: #eef2f7; border-radius: 8px; padding: 0px 7px; }
QLabel[role="kpiLabel"] { font-size: 11px; color: #64748b; }
QLabel[role="kpiValue"] { font-size: 15px; font-weight: bold; color: #0f172a; }
QLabel[role="body"] { font-size: 13px; color: #1e293b; }
QLabel[role="strong"] { font-size: 13px; font-weight: bold; color: #0f172a; }
QLabel[role="muted"] { font-size: 12px; color: #64748b; }
QLabel[role="small"] { font-size: 11px; color: #64748b; }
QLabel[role="available"] { font-size: 16px; font-weight: bold; color: #047857; }
QLabel[role="amount"] { font-size: 13px; color: #334155; }
QLabel[role="empty"] { font-size: 12px; color: #94a3b8; }
QLabel[role="tag"] { font-size: 11px; color: #475569; background: #f1f5f9; border: 1px solid #e2e8f0;
                     border-radius: 4px; padding: 0px 5px; }
QLabel[role="warnTag"] { font-size: 11px; color: #b91c1c; background: #fef2f2; border: 1px solid #fecaca;
                         border-radius: 4px; padding: 0px 5px; }
QLabel[role="stars"] { font-size: 13px; color: #f59e0b; }
QLabel[role="npsPromoter"] { font-size: 13px; font-weight: bold; color: #15803d; }
QLabel[role="npsPassive"] { font-size: 13px; font-weight: bold; color: #d97706; }
QLabel[role="npsDetractor"] { font-size: 13px; font-weight: bold; color: #dc2626; }
QLabel[role="notesTitle"] { font-size: 12px; font-weight: bold; color: #92400e; }
QLabel[role="notes"] { font-size: 13px; color: #422006; }
QLabel[role="emptyState"] { font-size: 14px; color: #64748b; }
QLabel[role="caller"] { font-size: 20px; font-weight: bold; color: #0f172a; }
QProgressBar { background: #e9edf3; border: none; border-radius: 3px; min-height: 6px; max-height: 6px; }
QProgressBar::chunk { background: #3b82f6; border-radius: 3px; }
QProgressBar[level="warn"]::chunk { background: #f59e0b; }
QProgressBar[level="high"]::chunk { background: #dc2626; }
QTreeWidget { border: none; background: transparent; font-size: 12px; outline: none; }
QTreeWidget::item { padding: 3px 4px; }
QTreeWidget::item:selected { background: #e0ecff; color: #0f172a; }
QTreeWidget#inquiries::item { padding: 0px; }
QHeaderView { background: #ffffff; border: none; }
QHeaderView::section { background: #ffffff; border: none; border-bottom: 1px solid #e3e8ef; color: #64748b;
                       font-size: 11px; padding: 3px 4px; }
"""


# --- small painted pieces ----------------------------------------------------------------------

def _avatar(name: str, size: int, dpr: float) -> QPixmap:
    color = AVATAR_COLORS[zlib.crc32(name.encode("utf-8")) % len(AVATAR_COLORS)]
    pm = QPixmap(int(size * dpr), int(size * dpr))
    pm.setDevicePixelRatio(dpr)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(color))
    p.drawEllipse(QRectF(0, 0, size, size))
    f = QFont(QApplication.font())
    f.setPixelSize(int(size * 0.42))
    f.setBold(True)
    p.setFont(f)
    p.setPen(QColor("white"))
    p.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, (name.strip()[:1] or "?").upper())
    p.end()
    return pm


def _silhouette(size: int, dpr: float) -> QPixmap:
    """The empty state's picture: a quiet head-and-shoulders outline."""
    pm = QPixmap(int(size * dpr), int(size * dpr))
    pm.setDevicePixelRatio(dpr)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#e2e8f0"))
    p.drawEllipse(QRectF(0, 0, size, size))
    p.setBrush(QColor("#94a3b8"))
    p.drawEllipse(QRectF(size * 0.35, size * 0.2, size * 0.3, size * 0.3))
    p.drawChord(QRectF(size * 0.2, size * 0.55, size * 0.6, size * 0.5), 0, 180 * 16)
    p.end()
    return pm


def _label(text: str = "", role: str = "body", selectable: bool = False) -> QLabel:
    w = QLabel(text)
    w.setProperty("role", role)
    w.setTextFormat(Qt.TextFormat.PlainText)
    if selectable:
        w.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        w.setCursor(Qt.CursorShape.IBeamCursor)
    return w


def _divider() -> QFrame:
    line = QFrame()
    line.setObjectName("c360Divider")
    line.setFrameShape(QFrame.Shape.NoFrame)
    return line


def _local_date(dt) -> str:
    return fmt.local_time(dt).split(" ")[0]


class _ElidedLabel(QLabel):
    """One line that shrinks with the pane: elided on screen, whole in text() and the tooltip."""

    def __init__(self, role: str = "body", parent: QWidget | None = None):
        super().__init__(parent)
        self.setProperty("role", role)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_full_text(self, text: str) -> None:
        self.setText(text)
        self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:
        return QSize(16, super().minimumSizeHint().height())

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width())
        self.style().drawItemText(p, rect, int(self.alignment()), self.palette(), self.isEnabled(), text,
                                  self.foregroundRole())
        p.end()


def _restyle(w: QWidget, name: str, value: str) -> None:
    """Sets a property the style sheet reads, repolishing only when it changed (a reused
    row keeps its polish otherwise)."""
    if w.property(name) != value:
        w.setProperty(name, value)
        w.style().unpolish(w)
        w.style().polish(w)


class _Row(QWidget):
    """One reusable row of a card: its parts are attributes, made once by the pane."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[QLabel] = []  # labels holding a customer's data: emptied when the row is put away
        self.tips: list[QWidget] = []  # widgets whose tooltip (and accessible name) names a customer's data


def _under_divider(row: _ProductRowParts | _FeedbackRowParts, spacing: int) -> QVBoxLayout:
    """The row's divider (shown above every row but the first) and the layout under it."""
    outer = QVBoxLayout(row)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.setSpacing(8)
    row.divider = _divider()
    outer.addWidget(row.divider)
    lay = QVBoxLayout()
    lay.setSpacing(spacing)
    outer.addLayout(lay)
    return lay


class _ContactRowParts(_Row):
    icon: QLabel
    value: QLabel
    kind_label: QLabel
    primary: QLabel
    call: QToolButton
    change: QToolButton
    remove: QToolButton


class _ProductRowParts(_Row):
    divider: QFrame
    kind: QLabel
    name: _ElidedLabel
    status: QLabel
    last4: QLabel
    cap_available: QLabel
    available: QLabel
    cap_used: QLabel
    used: QLabel
    cap_limit: QLabel
    limit: QLabel
    bar_box: QVBoxLayout
    bar: QProgressBar


class _FeedbackRowParts(_Row):
    divider: QFrame
    kind: QLabel
    stars: QLabel
    score: QLabel
    nps: QLabel
    meta: QLabel
    comment: QLabel


class _RowPool:
    """The rows of one card, kept from customer to customer. Switching customers sets the
    rows' texts instead of making, polishing and deleting some forty styled widgets, which
    was most of the 360's render time (benchmarks/README.md, issue 16). Rows beyond the
    shown customer's are hidden with their texts cleared: no earlier customer's data
    lingers in the pane, where screen readers and grabs would still find it."""

    def __init__(self, layout: QBoxLayout, make) -> None:
        self._layout = layout
        self._make = make
        self.rows: list = []  # _Row, or a lone widget with the same texts and tips

    def take(self, n: int) -> list:
        """The first ``n`` rows, made as needed and shown; the rest put away."""
        while len(self.rows) < n:
            row = self._make()
            self._layout.addWidget(row)
            self.rows.append(row)
        for row in self.rows[:n]:
            row.show()
        self.put_away(n)
        return self.rows[:n]

    def prepare(self, n: int) -> None:
        """Makes rows up to ``n`` ahead of time, hidden and polished (while the agent reads
        the inbox, not during the first customer shown)."""
        while len(self.rows) < n:
            row = self._make()
            row.hide()
            self._layout.addWidget(row)
            row.ensurePolished()
            self.rows.append(row)

    def put_away(self, keep: int = 0) -> None:
        for row in self.rows[keep:]:
            if not row.isHidden():
                row.hide()
            for label in row.texts:
                label.clear()
                label.setToolTip("")
            for w in row.tips:
                w.setToolTip("")
                w.setAccessibleName("")


class _Card(QFrame):
    """A white card with a title row ("Products and limits  2") and a body layout."""

    def __init__(self, title: str, parent: QWidget | None = None, object_name: str = "c360Card"):
        super().__init__(parent)
        self.setObjectName(object_name)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 10, 12, 12)
        outer.setSpacing(8)
        self.head = QHBoxLayout()
        self.head.setSpacing(6)
        self.title = _label(title, "section")
        self.count = _label("", "count")
        self.count.hide()
        self.head.addWidget(self.title)
        self.head.addWidget(self.count)
        self.head.addStretch(1)
        outer.addLayout(self.head)
        self.body = QVBoxLayout()
        self.body.setSpacing(8)
        outer.addLayout(self.body)
        self.outer = outer

    def set_count(self, n: int | None) -> None:
        self.count.setVisible(n is not None)
        self.count.setText(str(n) if n is not None else "")


class _InquiryDelegate(QStyledItemDelegate):
    """Two-line timeline rows: channel badge, subject and status pill; then #number · channel · date."""

    ICON = 24
    PAD_X, PAD_Y, GAP = 6, 6, 8

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:
        fm = QFontMetrics(self._fonts(option)[0])
        return QSize(200, fm.height() * 2 + self.PAD_Y * 2 + 4)

    @staticmethod
    def _fonts(option) -> tuple[QFont, QFont, QFont]:
        title = QFont(option.font)
        title.setPixelSize(13)
        title.setBold(True)
        meta = QFont(option.font)
        meta.setPixelSize(11)
        pill = QFont(option.font)
        pill.setPixelSize(11)
        pill.setBold(True)
        return title, meta, pill

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        row = index.data(_ROW_ROLE)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        opt.icon = QIcon()
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        if row is None:
            return
        title_font, meta_font, pill_font = self._fonts(option)
        r = option.rect.adjusted(self.PAD_X, self.PAD_Y, -self.PAD_X, -self.PAD_Y)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        icon_rect = QRect(r.left(), r.top() + (r.height() - self.ICON) // 2, self.ICON, self.ICON)
        channel_icon(row.channel).paint(painter, icon_rect)
        text_left = icon_rect.right() + self.GAP
        line_h = QFontMetrics(title_font).height()
        # status pill, right-aligned on the first line
        status_text = fmt.label(row.status)
        color = QColor(STATUS_COLOR.get(row.status, "#6b7280"))
        pm = QFontMetrics(pill_font)
        pill_w = pm.horizontalAdvance(status_text) + 14
        pill = QRect(r.right() - pill_w, r.top() + 1, pill_w, line_h)
        bg = QColor(color)
        bg.setAlpha(30)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(bg)
        painter.drawRoundedRect(QRectF(pill), 4, 4)
        painter.setPen(color.darker(115))
        painter.setFont(pill_font)
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, status_text)
        # subject
        painter.setFont(title_font)
        painter.setPen(QColor("#0f172a"))
        subject_rect = QRect(text_left, r.top(), pill.left() - 8 - text_left, line_h)
        subject = QFontMetrics(title_font).elidedText(index.data(Qt.ItemDataRole.DisplayRole) or "", Qt.TextElideMode.ElideRight,
                                                      subject_rect.width())
        painter.drawText(subject_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, subject)
        # meta line
        painter.setFont(meta_font)
        painter.setPen(QColor("#64748b"))
        meta_rect = QRect(text_left, r.top() + line_h + 4, r.right() - text_left, QFontMetrics(meta_font).height())
        meta = f"#{row.number}  ·  {fmt.label(row.channel)}  ·  {fmt.local_time(row.created_at)}"
        painter.drawText(meta_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         QFontMetrics(meta_font).elidedText(meta, Qt.TextElideMode.ElideRight, meta_rect.width()))
        painter.restore()


# --- the pane ---------------------------------------------------------------------------------

class Customer360Pane(QWidget):
    """The right-hand pane: search, profile, contacts, products and limits, orders, inquiries, ratings, notes."""

    ticketRequested = Signal(object)  # ticket UUID
    loaded = Signal(object)  # the Customer360 just rendered
    customerChanged = Signal(object)  # customer UUID or None
    searchFinished = Signal(int)  # number of customers found (tests and the status bar)
    newCustomerRequested = Signal(str)  # the unknown caller's number or address
    newTicketRequested = Signal(str)
    newTicketForCustomer = Signal(object)  # the shown customer's UUID: the window opens its new-ticket form
    failed = Signal(str)  # a user error of an action without a place of its own (a call that cannot go out)
    saved = Signal(str)  # an edit was written: "name", "notes", "tags", "contact" (tests and the status bar)

    PAGE_EMPTY, PAGE_LOADING, PAGE_CUSTOMER, PAGE_UNKNOWN = range(4)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("customer360")
        self.setStyleSheet(_STYLE + EDIT_STYLE)
        self.setMinimumWidth(320)
        self.dialer = Dialer()  # the window gives it the settings (ui/main_window.py)
        self._customer_id: uuid.UUID | None = None
        # Notes typed and not saved, per customer: switching to another ticket keeps them.
        self._note_drafts: dict[uuid.UUID, tuple[str, str]] = {}
        self._new_ticket_available = False
        self._data: customers.Customer360 | None = None
        self._reads = LatestReads(self, ctx.runner)  # keys "customer" and "search": the newest wins
        self._product_rows: list[list[QLabel]] = []
        self._restore_scroll: int | None = None

        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        root.addWidget(self._build_search())
        self._stack = QStackedWidget()
        self._stack.addWidget(self._build_empty_page())
        self._stack.addWidget(self._build_loading_page())
        self._stack.addWidget(self._build_customer_page())
        self._stack.addWidget(self._build_unknown_page())
        root.addWidget(self._stack, 1)

        self._search_timer = make_timer(self, SEARCH_DELAY_MS, self._run_search, single_shot=True)
        self._reload_timer = make_timer(self, RELOAD_DELAY_MS, self.reload, single_shot=True)
        ctx.changes.changed.connect(self._on_changed)
        self._show_empty(self.tr("Select or search for a customer"))

    def hideEvent(self, event) -> None:
        # A closed window must leave no timer behind to fire into a half-destroyed pane.
        self._search_timer.stop()
        self._reload_timer.stop()
        super().hideEvent(event)

    # --- building -----------------------------------------------------------------------------

    def _build_search(self) -> QWidget:
        box = QFrame()
        box.setObjectName("c360Search")
        lay = QVBoxLayout(box)
        lay.setContentsMargins(10, 10, 10, 10)
        lay.setSpacing(6)
        self._search = QLineEdit()
        self._search.setObjectName("customerSearch")
        self._search.setPlaceholderText(self.tr("Search customers by name, phone or email"))
        self._search.setAccessibleName(self.tr("Customer search"))
        self._search.setClearButtonEnabled(True)
        self._search.setMaxLength(SEARCH_MAX_CHARS)
        self._search.textEdited.connect(self._on_search_edited)
        self._search.returnPressed.connect(self._on_search_return)
        self._search.installEventFilter(self)
        lay.addWidget(self._search)
        self._results = QListWidget()
        self._results.setObjectName("customerResults")
        self._results.setAccessibleName(self.tr("Matching customers"))
        self._results.setUniformItemSizes(True)
        self._results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._results.itemActivated.connect(self._open_result)
        self._results.itemClicked.connect(self._open_result)
        self._results.installEventFilter(self)
        self._results.hide()
        lay.addWidget(self._results)
        self._search_message = _label("", "muted")
        self._search_message.setObjectName("customerSearchMessage")
        self._search_message.hide()
        lay.addWidget(self._search_message)
        return box

    @staticmethod
    def _content_page() -> tuple[QWidget, QVBoxLayout]:
        """A page of the stack with the pane's styled background."""
        page = QWidget()
        page.setObjectName("c360Content")
        page.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        return page, QVBoxLayout(page)

    def _build_empty_page(self) -> QWidget:
        page, lay = self._content_page()
        lay.setContentsMargins(24, 24, 24, 24)
        lay.addStretch(2)
        self._empty_picture = QLabel()
        self._empty_picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(self._empty_picture)
        lay.addSpacing(12)
        self._empty_text = _label("", "emptyState")
        self._empty_text.setObjectName("customerEmpty")
        self._empty_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._empty_text.setWordWrap(True)
        lay.addWidget(self._empty_text)
        lay.addStretch(3)
        return page

    def _build_unknown_page(self) -> QWidget:
        """A call from a number no customer has: the number, and what the agent can do next."""
        page, lay = self._content_page()
        lay.setContentsMargins(24, 24, 24, 24)
        lay.setSpacing(8)
        lay.addStretch(2)
        self._unknown_picture = QLabel()
        self._unknown_picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(self._unknown_picture)
        lay.addSpacing(8)
        self._unknown_title = _label(self.tr("No customer with this number"), "emptyState")
        self._unknown_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._unknown_title.setWordWrap(True)
        lay.addWidget(self._unknown_title)
        self._unknown_contact = _label("", "caller", selectable=True)
        self._unknown_contact.setObjectName("unknownContact")
        self._unknown_contact.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._unknown_contact.setWordWrap(True)
        lay.addWidget(self._unknown_contact)
        lay.addSpacing(12)
        self._new_customer = QPushButton(self.tr("New customer"), objectName="newCustomerButton")
        self._new_customer.clicked.connect(self._request_new_customer)
        self._new_ticket = QPushButton(self.tr("New ticket for this number"), objectName="newTicketButton")
        self._new_ticket.clicked.connect(self._request_new_ticket)
        # Until the window can create tickets, the button says so instead of doing nothing.
        self._new_ticket.setEnabled(False)
        self._new_ticket.setToolTip(self.tr("Creating tickets from the desk is not available yet"))
        for button in (self._new_customer, self._new_ticket):
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(button)
            row.addStretch(1)
            lay.addLayout(row)
        lay.addStretch(3)
        return page

    def _build_loading_page(self) -> QWidget:
        page, lay = self._content_page()
        msg = _label(self.tr("Loading customer…"), "muted")
        msg.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(msg)
        return page

    def _build_customer_page(self) -> QWidget:
        self._scroll = QScrollArea()
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setWidgetResizable(True)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        content = QWidget()
        content.setObjectName("c360Content")
        content.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        lay = QVBoxLayout(content)
        lay.setContentsMargins(10, 10, 10, 14)
        lay.setSpacing(10)
        lay.addWidget(self._build_profile())
        self._notes_card = NotesCard()
        self._notes_card.saveRequested.connect(self._save_notes)
        lay.addWidget(self._notes_card)
        lay.addWidget(self._build_contacts())
        self._products_card = _Card(self.tr("Products and limits"))
        self._products_empty = _label(self.tr("No products"), "empty")
        self._products_card.body.addWidget(self._products_empty)
        self._product_pool = _RowPool(self._products_card.body, self._make_product_row)
        lay.addWidget(self._products_card)
        lay.addWidget(self._build_inquiries())
        lay.addWidget(self._build_orders())
        self._feedback_card = _Card(self.tr("Satisfaction (CSAT / NPS)"))
        self._feedback_empty = _label(self.tr("No ratings yet"), "empty")
        self._feedback_card.body.addWidget(self._feedback_empty)
        self._feedback_pool = _RowPool(self._feedback_card.body, self._make_feedback_row)
        self._feedback_more = _label("", "small")  # below the rows: outside the body they are added to
        self._feedback_more.setObjectName("feedbackShowing")
        self._feedback_more.hide()
        self._feedback_card.outer.addWidget(self._feedback_more)
        lay.addWidget(self._feedback_card)
        lay.addStretch(1)
        self._scroll.setWidget(content)
        return self._scroll

    def _build_profile(self) -> QWidget:
        card = QFrame()
        card.setObjectName("c360Card")
        lay = QVBoxLayout(card)
        lay.setContentsMargins(14, 14, 14, 12)
        lay.setSpacing(10)
        top = QHBoxLayout()
        top.setSpacing(12)
        self._avatar = QLabel()
        self._avatar.setFixedSize(46, 46)
        top.addWidget(self._avatar, 0, Qt.AlignmentFlag.AlignTop)
        who = QVBoxLayout()
        who.setSpacing(3)
        self._name_view = QWidget()
        name_row = QHBoxLayout(self._name_view)
        name_row.setContentsMargins(0, 0, 0, 0)
        name_row.setSpacing(8)
        self._name = _ElidedLabel("name")
        self._name.setObjectName("customerName")
        self._name.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)  # shrinks (elided) only when needed
        self._tier = QLabel()
        self._tier.setObjectName("customerTier")
        name_row.addWidget(self._name)
        name_row.addWidget(self._tier, 0, Qt.AlignmentFlag.AlignVCenter)
        self._edit_name = edit.tool("✎", self.tr("Edit the name"), name="editName")
        self._edit_name.clicked.connect(self._start_name_edit)
        name_row.addWidget(self._edit_name, 0, Qt.AlignmentFlag.AlignVCenter)
        name_row.addStretch(1)
        who.addWidget(self._name_view)
        who.addWidget(self._build_name_editor())
        self._meta = _ElidedLabel("meta")
        self._since = _ElidedLabel("meta")
        who.addWidget(self._meta)
        who.addWidget(self._since)
        top.addLayout(who, 1)
        lay.addLayout(top)
        actions = QHBoxLayout()
        actions.setSpacing(6)
        self._call_primary = edit.button(self.tr("☎ Call"), "action", "callPrimary")
        self._call_primary.clicked.connect(self.call_primary)
        self._new_ticket_for = edit.button(self.tr("＋ New ticket"), "action", "newTicketForCustomer")
        self._new_ticket_for.setToolTip(self.tr("New ticket for this customer"))
        self._new_ticket_for.clicked.connect(self._request_ticket_for_customer)
        actions.addWidget(self._call_primary)
        actions.addWidget(self._new_ticket_for)
        actions.addStretch(1)
        lay.addLayout(actions)
        self._set_ticket_button()
        lay.addWidget(_divider())
        kpis = QGridLayout()
        kpis.setHorizontalSpacing(8)
        kpis.setVerticalSpacing(2)
        self._kpi_values: dict[str, QLabel] = {}
        for col, (key, title) in enumerate((("ltv", self.tr("Lifetime value")), ("csat", self.tr("CSAT average")),
                                            ("open", self.tr("Open tickets")))):
            kpis.addWidget(_label(title, "kpiLabel"), 0, col)
            value = _label("", "kpiValue")
            value.setObjectName(f"kpi_{key}")
            kpis.addWidget(value, 1, col)
            kpis.setColumnStretch(col, 1)
            self._kpi_values[key] = value
        lay.addLayout(kpis)
        channels = QHBoxLayout()
        channels.setSpacing(4)
        channels.addWidget(_label(self.tr("Channels"), "kpiLabel"))
        channels.addSpacing(4)
        self._channels = QHBoxLayout()
        self._channels.setSpacing(4)
        self._no_channels = _label("—", "small")
        self._channels.addWidget(self._no_channels)
        self._channel_icons = _RowPool(self._channels, self._make_channel_icon)
        channels.addLayout(self._channels)
        channels.addStretch(1)
        lay.addLayout(channels)
        tags = QHBoxLayout()
        tags.setSpacing(8)
        tags_title = _label(self.tr("Tags"), "kpiLabel")
        tags.addWidget(tags_title, 0, Qt.AlignmentFlag.AlignTop)
        self._tags = TagsRow()
        self._tags.addRequested.connect(self._add_tag)
        self._tags.removeRequested.connect(self._remove_tag)
        tags.addWidget(self._tags, 1)
        lay.addLayout(tags)
        self._tags_message = _label("", "warnTag")
        self._tags_message.setObjectName("tagsMessage")
        self._tags_message.setWordWrap(True)
        self._tags_message.hide()
        lay.addWidget(self._tags_message)
        return card

    @staticmethod
    def _make_channel_icon() -> QLabel:
        icon = QLabel()
        icon.texts = []  # type: ignore[attr-defined]  # what _RowPool clears when the icon is put away
        icon.tips = [icon]  # type: ignore[attr-defined]
        return icon

    def _build_name_editor(self) -> QWidget:
        self._name_editor = QWidget()
        row = QVBoxLayout(self._name_editor)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        line = QHBoxLayout()
        line.setSpacing(4)
        self._name_input = QLineEdit()
        self._name_input.setObjectName("nameEdit")
        self._name_input.setProperty("role", "inline")
        self._name_input.setAccessibleName(self.tr("Customer name"))
        self._name_input.setMaxLength(NAME_MAX_CHARS)
        self._name_input.returnPressed.connect(self._save_name)
        self._name_input.installEventFilter(self)
        line.addWidget(self._name_input, 1)
        save = edit.tool("✓", self.tr("Save the name (Enter)"), name="saveName")
        save.clicked.connect(self._save_name)
        cancel = edit.tool("✕", self.tr("Cancel (Esc)"), name="cancelName")
        cancel.clicked.connect(self._end_name_edit)
        line.addWidget(save)
        line.addWidget(cancel)
        row.addLayout(line)
        self._name_message = _label("", "warnTag")
        self._name_message.setObjectName("nameMessage")
        self._name_message.setWordWrap(True)
        self._name_message.hide()
        row.addWidget(self._name_message)
        self._name_editor.hide()
        return self._name_editor

    def _build_contacts(self) -> QWidget:
        self._contacts_card = _Card(self.tr("Contact points"))
        add = edit.button(self.tr("＋ Add"), "link", "addContact")
        add.setToolTip(self.tr("Add a phone number, email address or messenger handle"))
        add.clicked.connect(self._add_contact_clicked)
        self._contacts_card.head.addWidget(add)
        self._contacts_empty = _label(self.tr("No contact points"), "empty")
        self._contacts_card.body.addWidget(self._contacts_empty)
        self._contact_rows = _RowPool(self._contacts_card.body, self._make_contact_row)
        # Outside the body the rows are rebuilt in: a reload (a colleague's edit arriving)
        # never takes what the agent is typing away.
        self._contact_form = ContactForm()
        self._contact_form.submitted.connect(self._save_contact)
        self._contacts_card.outer.addWidget(self._contact_form)
        return self._contacts_card

    def _build_orders(self) -> QWidget:
        self._orders_card = _Card(self.tr("Orders"))
        tree = QTreeWidget()
        tree.setObjectName("orders")
        tree.setAccessibleName(self.tr("Orders"))
        tree.setColumnCount(4)
        tree.setHeaderLabels([self.tr("Order"), self.tr("Status"), self.tr("Total"), self.tr("Date")])
        tree.headerItem().setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        header = tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionsMovable(False)
        tree.setIndentation(14)
        tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # order numbers share their prefix; keep the distinct tail
        tree.setUniformRowHeights(True)
        tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        tree.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tree.itemExpanded.connect(self._refit_orders)
        tree.itemCollapsed.connect(self._refit_orders)
        self._orders = tree
        self._orders_empty = _label(self.tr("No orders"), "empty")
        self._orders_card.body.addWidget(tree)
        self._orders_card.body.addWidget(self._orders_empty)
        return self._orders_card

    def _build_inquiries(self) -> QWidget:
        self._inquiries_card = _Card(self.tr("Inquiries on every channel"))
        tree = QTreeWidget()
        tree.setObjectName("inquiries")
        tree.setAccessibleName(self.tr("Past inquiries"))
        tree.setColumnCount(1)
        tree.setHeaderHidden(True)
        tree.setRootIsDecorated(False)
        tree.setIndentation(0)
        tree.setUniformRowHeights(True)
        tree.setItemDelegate(_InquiryDelegate(tree))
        tree.setMouseTracking(True)
        tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        tree.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tree.itemActivated.connect(self._on_inquiry_activated)
        tree.setToolTip(self.tr("Double-click or press Enter to open the ticket"))
        self._inquiries = tree
        self._inquiries_empty = _label(self.tr("No previous inquiries"), "empty")
        self._inquiries_more = _label("", "small")
        self._inquiries_more.setObjectName("inquiriesShowing")
        self._inquiries_card.body.addWidget(tree)
        self._inquiries_card.body.addWidget(self._inquiries_empty)
        self._inquiries_card.body.addWidget(self._inquiries_more)
        return self._inquiries_card

    # --- public API ---------------------------------------------------------------------------

    @property
    def current_customer_id(self) -> uuid.UUID | None:
        return self._customer_id

    @property
    def customer(self) -> customers.Customer360 | None:
        """The customer on screen, as last rendered."""
        return self._data

    def show_customer(self, customer_id: uuid.UUID | None) -> None:
        changed = customer_id != self._customer_id
        if changed:
            self._leave_customer()
        self._customer_id = customer_id
        self._reads.cancel("customer")  # any result still on its way is now stale
        self._reload_timer.stop()
        if changed:
            self.customerChanged.emit(customer_id)
        if customer_id is None:
            self._data = None
            self._wipe()
            self._show_empty(self.tr("Select or search for a customer"))
            return
        if self._data is None or self._data.id != customer_id:
            self._data = None  # never leave another customer's limits on screen while this one loads
            self._stack.setCurrentIndex(self.PAGE_LOADING)
        self._request_load()

    @Slot()
    def reload(self) -> None:
        """Reads the shown customer again, keeping the scroll position."""
        if self._customer_id is None:
            return
        self._request_load()

    def show_unknown_contact(self, contact: str) -> None:
        """A screen-pop for a number (or address) no customer has. Nothing of the customer
        shown before may stay on screen: the agent on the call would read it out."""
        if self._customer_id is not None:
            self._leave_customer()
            self._customer_id = None
            self.customerChanged.emit(None)
        self._reads.cancel("customer")
        self._reload_timer.stop()
        self._data = None
        self._wipe()
        self._search_timer.stop()
        self._reads.cancel("search")
        self._search.setText(contact)
        self._set_results([])
        is_email = "@" in contact
        self._unknown_title.setText(self.tr("No customer with this address") if is_email
                                    else self.tr("No customer with this number"))
        self._new_ticket.setText(self.tr("New ticket for this address") if is_email
                                 else self.tr("New ticket for this number"))
        self._unknown_contact.setText(contact)
        self._unknown_picture.setPixmap(_silhouette(72, self.devicePixelRatioF()))
        self._stack.setCurrentIndex(self.PAGE_UNKNOWN)

    def unknown_contact(self) -> str | None:
        """The unknown caller's number on screen, if that page is showing."""
        return self._unknown_contact.text() if self._stack.currentIndex() == self.PAGE_UNKNOWN else None

    def set_new_ticket_available(self, available: bool) -> None:
        self._new_ticket.setEnabled(available)
        self._new_ticket.setToolTip("" if available else self.tr("Creating tickets from the desk is not available yet"))
        self._new_ticket_available = available
        self._set_ticket_button()

    def _set_ticket_button(self) -> None:
        self._new_ticket_for.setEnabled(self._new_ticket_available)
        self._new_ticket_for.setToolTip(self.tr("New ticket for this customer") if self._new_ticket_available
                                        else self.tr("Creating tickets from the desk is not available yet"))

    def prefill_search(self, text: str) -> None:
        """Text in the search box, focused, without searching (the agent edits or presses Enter)."""
        self._search.setText(text)
        self.focus_search()

    @Slot()
    def _request_new_customer(self) -> None:
        self.newCustomerRequested.emit(self._unknown_contact.text())

    @Slot()
    def _request_new_ticket(self) -> None:
        self.newTicketRequested.emit(self._unknown_contact.text())

    def prepare_rows(self) -> None:
        """The rows nearly every customer needs, made before the first one is shown (the
        window calls it once the inbox is up; ~10 ms): in the 1M demo, 98 % of customers
        have at most 4 contact points and 4 products, and the pane lists at most
        customers.FEEDBACK_LIMIT ratings (a customer making the rows at their first show took
        9 ms more to open)."""
        for pool, n in ((self._contact_rows, 4), (self._product_pool, 4), (self._feedback_pool, customers.FEEDBACK_LIMIT),
                        (self._channel_icons, 4)):
            pool.prepare(n)

    def _wipe(self) -> None:
        """Empties the customer page, so no earlier customer's data lingers in the pane
        (hidden pages are still read by screen readers and grabs)."""
        self._avatar.clear()
        for label in (self._name, self._meta, self._since):
            label.set_full_text("")
        self._tier.clear()
        for value in self._kpi_values.values():
            value.clear()
        self._channel_icons.put_away()
        self._no_channels.hide()
        self._notes_card.reset()
        self._call_primary.setEnabled(False)
        self._tags.set_tags([])
        self._tags.input.clear()
        self._tags_message.hide()
        self._end_name_edit()
        self._contact_form.done()
        for pool in (self._contact_rows, self._product_pool, self._feedback_pool):
            pool.put_away()
        for card in (self._contacts_card, self._products_card, self._feedback_card):
            card.set_count(None)
        for empty in (self._contacts_empty, self._products_empty, self._feedback_empty, self._feedback_more):
            empty.hide()
        self._product_rows = []
        self._orders.clear()
        self._inquiries.clear()
        self._inquiries_more.clear()

    def search(self, text: str) -> None:
        """Puts text in the search box and searches at once (no debounce)."""
        self._search.setText(text)
        self._search_timer.stop()
        self._run_search()

    def inquiry_count(self) -> int:
        return self._inquiries.topLevelItemCount()

    def product_texts(self) -> list[str]:
        return ["  ".join(w.text() for w in row if w.text()) for row in self._product_rows]

    # --- loading ------------------------------------------------------------------------------

    def _request_load(self) -> None:
        self._reads.read("customer", functools.partial(customers.customer_360, ref=self._customer_id),
                         self._on_loaded, self._on_load_failed, on_bug=self._on_load_failed)

    def _on_loaded(self, data: customers.Customer360) -> None:
        same = self._data is not None and self._data.id == data.id
        self._restore_scroll = self._scroll.verticalScrollBar().value() if same else 0
        self._render(data, keep_state=same)
        self._data = data
        self._stack.setCurrentIndex(self.PAGE_CUSTOMER)
        QTimer.singleShot(0, self, self._apply_scroll)  # with a context: never after the pane is gone
        self.loaded.emit(data)

    def _on_load_failed(self, exc: Exception) -> None:
        self._data = None
        if isinstance(exc, NotFound):
            self._customer_id = None
            self.customerChanged.emit(None)
            self._show_empty(self.tr("This customer no longer exists"))
        else:  # another user error, or a bug (already with the crash handler)
            self._show_empty(self.tr("The customer could not be loaded. Try again in a moment."))

    @Slot(str, object)
    def _on_changed(self, kind: str, changed_id) -> None:
        if self._customer_id is None or kind not in ("ticket", "customer"):
            return
        if kind == "customer" and changed_id is not None and changed_id != self._customer_id:
            return
        self._reload_timer.start()

    @Slot()
    def _apply_scroll(self) -> None:
        if self._restore_scroll is not None:
            self._scroll.verticalScrollBar().setValue(self._restore_scroll)
            self._restore_scroll = None

    def _show_empty(self, message: str) -> None:
        self._empty_picture.setPixmap(_silhouette(72, self.devicePixelRatioF()))  # the screen's ratio is known by now
        self._empty_text.setText(message)
        self._stack.setCurrentIndex(self.PAGE_EMPTY)

    # --- rendering ----------------------------------------------------------------------------

    def _render(self, c: customers.Customer360, keep_state: bool) -> None:
        self._render_profile(c)
        self._notes_card.show_notes(c.notes, None if keep_state else self._note_drafts.pop(c.id, None))
        self._tags.set_tags(c.tags)
        phones_ = [r for r in c.contacts if r.kind == "phone"]
        self._call_primary.setEnabled(bool(phones_))
        self._call_primary.setToolTip(self.tr("Call %1").replace("%1", mask_pii(self._primary_phone(c).value))
                                      if phones_ else self.tr("This customer has no phone number"))
        self._render_contacts(c)
        self._render_products(c)
        self._render_orders(c, keep_state)
        self._render_inquiries(c, keep_state)
        self._render_feedback(c)

    def _render_profile(self, c: customers.Customer360) -> None:
        self._avatar.setPixmap(_avatar(c.name, 46, self.devicePixelRatioF()))
        self._name.set_full_text(c.name)
        bg, fg = TIER_STYLE.get(c.vip_tier, TIER_STYLE["standard"])
        self._tier.setText(fmt.label(c.vip_tier))
        self._tier.setStyleSheet(f"QLabel {{ background: {bg}; color: {fg}; border-radius: 4px; padding: 2px 8px;"
                                 f" font-size: 11px; font-weight: bold; }}")
        self._tier.setToolTip(self.tr("Membership tier"))
        self._meta.set_full_text("  ·  ".join(filter(None, (self._segment_name(c.segment),
                                                              self._language_name(c.language)))))
        self._since.set_full_text(self.tr("Customer since {date}").format(date=_local_date(c.created_at)))
        self._kpi_values["ltv"].setText(fmt.won(c.lifetime_value))
        self._kpi_values["csat"].setText("—" if c.csat_average is None else f"{c.csat_average:.1f} ★")
        open_kpi = self._kpi_values["open"]
        open_kpi.setText(str(c.open_tickets))
        open_kpi.setStyleSheet("color: #dc2626;" if c.open_tickets else "")
        self._no_channels.setVisible(not c.channels_used)
        for icon, ch in zip(self._channel_icons.take(len(c.channels_used)), c.channels_used):
            if icon.property("kind") != ch:
                icon.setProperty("kind", ch)
                icon.setPixmap(channel_icon(ch).pixmap(QSize(18, 18), self.devicePixelRatioF()))
            icon.setToolTip(fmt.label(ch))
            icon.setAccessibleName(fmt.label(ch))

    def _render_contacts(self, c: customers.Customer360) -> None:
        rows = sorted(c.contacts, key=lambda r: (not r.is_primary, r.kind))
        self._contacts_card.set_count(len(rows) or None)
        self._contacts_empty.setVisible(not rows)
        for widget, row in zip(self._contact_rows.take(len(rows)), rows):
            self._fill_contact_row(widget, row)

    def _make_contact_row(self) -> _ContactRowParts:
        """Icon; the value on a line of its own, its label and "Primary" under it (a number
        or an address is read whole at the narrowest pane, beside its buttons); then call
        (phones), edit and remove, each carrying its row's id."""
        r = _ContactRowParts()
        lay = QHBoxLayout(r)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(8)
        r.icon = QLabel()
        r.icon.setFixedWidth(18)
        lay.addWidget(r.icon, 0, Qt.AlignmentFlag.AlignTop)
        cell = QVBoxLayout()
        cell.setSpacing(1)
        r.value = _label("", "body", selectable=True)
        r.value.setObjectName("contactValue")
        r.value.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # a long address never widens the pane
        cell.addWidget(r.value)
        meta = QHBoxLayout()
        meta.setSpacing(4)
        r.kind_label = _label("", "small")
        r.primary = _label(self.tr("Primary"), "tag")
        meta.addWidget(r.kind_label)
        meta.addWidget(r.primary)
        meta.addStretch(1)
        cell.addLayout(meta)
        lay.addLayout(cell, 1)
        actions = QHBoxLayout()
        actions.setSpacing(2)
        actions.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        r.call = edit.tool(self.tr("☎ Call"), "", role="call", name="callContact")
        r.call.clicked.connect(self._call_clicked)
        r.change = edit.tool("✎", "", name="editContact")
        r.change.clicked.connect(self._edit_contact_clicked)
        r.remove = edit.tool("×", "", name="removeContact")
        r.remove.clicked.connect(self._remove_contact_clicked)
        for b in (r.call, r.change, r.remove):
            actions.addWidget(b)
        lay.addLayout(actions)
        r.texts = [r.value, r.kind_label]
        r.tips = [r.icon, r.call, r.change, r.remove]
        return r

    def _fill_contact_row(self, r: _ContactRowParts, row: customers.ContactRow) -> None:
        if r.property("kind") != row.kind:
            r.setProperty("kind", row.kind)
            r.icon.setPixmap(channel_icon(row.kind).pixmap(QSize(18, 18), self.devicePixelRatioF()))
        r.icon.setToolTip(fmt.label(row.kind))
        shown = mask_pii(row.value)
        r.value.setText(shown)
        r.value.setToolTip(f"{fmt.label(row.kind)}{' · ' + fmt.label(row.label) if row.label else ''}\n{shown}")
        r.kind_label.setText(fmt.label(row.label) if row.label else "")
        r.kind_label.setVisible(bool(row.label))
        r.primary.setVisible(row.is_primary)
        for button, tip in ((r.call, self.tr("Call %1")), (r.change, self.tr("Edit %1")), (r.remove, self.tr("Remove %1"))):
            button.setProperty("contact", str(row.id))
            button.setToolTip(tip.replace("%1", shown))
            button.setAccessibleName(button.toolTip())
        r.call.setVisible(row.kind == "phone")

    def _render_products(self, c: customers.Customer360) -> None:
        self._products_card.set_count(len(c.products) or None)
        self._products_empty.setVisible(not c.products)
        rows = self._product_pool.take(len(c.products))
        for i, (r, p) in enumerate(zip(rows, c.products)):
            r.divider.setVisible(i > 0)
            self._fill_product_row(r, p)
        self._product_rows = [[r.kind, r.name, r.last4, r.cap_limit, r.limit, r.cap_used, r.used, r.cap_available,
                               r.available] for r in rows]

    def _make_product_row(self) -> _ProductRowParts:
        """Kind, name, status and last digits; available (what the caller asks) large on the
        left, used and limit stacked on the right; the limit's bar."""
        r = _ProductRowParts()
        lay = _under_divider(r, spacing=4)
        head = QHBoxLayout()
        head.setSpacing(6)
        r.kind = _label("", "tag")
        r.name = _ElidedLabel("strong")
        r.status = _label("", "warnTag")
        r.last4 = _label("", "muted", selectable=True)
        head.addWidget(r.kind)
        head.addWidget(r.name, 1)
        head.addWidget(r.status)
        head.addWidget(r.last4)
        lay.addLayout(head)
        r.cap_available = _label(self.tr("Available"), "kpiLabel")
        r.available = _label("", "available", selectable=True)
        r.available.setObjectName("productAvailable")
        r.cap_used = _label(self.tr("Used"), "small")
        r.used = _label("", "amount", selectable=True)
        r.cap_limit = _label(self.tr("Limit"), "small")
        r.limit = _label("", "amount", selectable=True)
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(0)
        grid.addWidget(r.cap_available, 0, 0, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
        grid.addWidget(r.available, 1, 0, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
        grid.setColumnStretch(0, 1)
        for row, (cap, val) in enumerate(((r.cap_used, r.used), (r.cap_limit, r.limit))):
            grid.addWidget(cap, row, 1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
            grid.addWidget(val, row, 2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
        lay.addLayout(grid)
        r.bar_box = QVBoxLayout()  # with 2 px above the bar, taken away with it (a product without a limit)
        r.bar = QProgressBar()
        r.bar.setRange(0, 1000)  # per mille: limits in won overflow a 32-bit int
        r.bar.setTextVisible(False)
        r.bar_box.addWidget(r.bar)
        lay.addLayout(r.bar_box)
        r.texts = [r.kind, r.name, r.status, r.last4, r.available, r.used, r.limit]
        r.tips = [r.bar]
        return r

    def _fill_product_row(self, r: _ProductRowParts, p: customers.ProductRow) -> None:
        active = not p.status or p.status == "active"
        has_limit = p.limit_amount > 0
        r.kind.setText(fmt.label(p.kind))
        r.name.set_full_text(p.name)
        r.status.setText("" if active else self._product_status(p.status))
        r.status.setVisible(not active)
        r.last4.setText(f"****{p.account_last4}" if p.account_last4 else "")
        r.available.setText(fmt.won(p.available_amount) if has_limit else "—")
        _restyle(r.available, "role", "available" if active else "amount")
        r.used.setText(fmt.won(p.used_amount))
        r.limit.setText(fmt.won(p.limit_amount) if has_limit else "—")
        r.bar.setVisible(has_limit)
        r.bar_box.setContentsMargins(0, 2 if has_limit else 0, 0, 0)
        if has_limit:
            ratio = min(max(p.used_amount / p.limit_amount, 0.0), 1.0)
            r.bar.setValue(round(ratio * 1000))
            _restyle(r.bar, "level", "high" if ratio >= 0.9 else "warn" if ratio >= 0.7 else "ok")
            r.bar.setToolTip(self.tr("{percent}% of the limit used").format(percent=round(ratio * 100)))
            r.bar.setAccessibleName(r.bar.toolTip())

    def _render_orders(self, c: customers.Customer360, keep_state: bool) -> None:
        tree = self._orders
        expanded = set()
        if keep_state:
            for i in range(tree.topLevelItemCount()):
                if (it := tree.topLevelItem(i)).isExpanded():
                    expanded.add(it.data(0, Qt.ItemDataRole.UserRole))
        tree.clear()
        self._orders_card.set_count(len(c.orders) or None)
        for o in c.orders:
            top = QTreeWidgetItem([o.number, fmt.label(o.status), fmt.won(o.total), self._short_date(o.ordered_at)])
            top.setData(0, Qt.ItemDataRole.UserRole, o.id)
            top.setToolTip(0, o.number)
            color = QColor(ORDER_STATUS_COLOR.get(o.status, "#475569"))
            top.setForeground(1, color)
            top.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            top.setToolTip(3, fmt.local_time(o.ordered_at))
            for it in o.items:
                child = QTreeWidgetItem([f"{it.name} × {it.quantity}", "", fmt.won(it.unit_price * it.quantity), ""])
                child.setToolTip(0, f"{it.name} ({it.sku}) × {it.quantity} @ {fmt.won(it.unit_price)}")
                child.setForeground(0, QColor("#475569"))
                child.setForeground(2, QColor("#475569"))
                child.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                top.addChild(child)
            tree.addTopLevelItem(top)
            top.setExpanded(o.id in expanded)
        tree.setVisible(bool(c.orders))
        self._orders_empty.setVisible(not c.orders)
        self._refit_orders()

    @Slot()
    def _refit_orders(self, *_item) -> None:
        tree = self._orders
        rows = 0
        for i in range(tree.topLevelItemCount()):
            it = tree.topLevelItem(i)
            rows += 1 + (it.childCount() if it.isExpanded() else 0)
        self._fit_height(tree, rows, ORDER_ROWS_SHOWN, tree.header().sizeHint().height())

    def _render_inquiries(self, c: customers.Customer360, keep_state: bool) -> None:
        tree = self._inquiries
        selected = None
        if keep_state and (cur := tree.currentItem()) is not None:
            selected = cur.data(0, Qt.ItemDataRole.UserRole)
        tree.clear()
        for row in c.inquiries:
            subject = mask_pii(row.subject) or self.tr("(no subject)")
            item = QTreeWidgetItem([subject])
            item.setData(0, Qt.ItemDataRole.UserRole, row.ticket_id)
            item.setData(0, _ROW_ROLE, row)
            summary = f"#{row.number} · {fmt.label(row.channel)} · {fmt.label(row.status)}"
            item.setToolTip(0, f"{summary}\n{subject}")
            item.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"{summary} · {subject}")  # the delegate paints; readers read this
            tree.addTopLevelItem(item)
            if row.ticket_id == selected:
                tree.setCurrentItem(item)
        self._inquiries_card.set_count(c.inquiry_total or None)
        shown = len(c.inquiries)
        self._inquiries_more.setText(
            self.tr("Showing {shown} of {total}").format(shown=shown, total=c.inquiry_total))
        self._inquiries_more.setVisible(c.inquiry_total > shown)
        tree.setVisible(bool(shown))
        self._inquiries_empty.setVisible(not shown)
        self._fit_height(tree, shown, INQUIRY_ROWS_SHOWN, 0)

    def _render_feedback(self, c: customers.Customer360) -> None:
        self._feedback_card.set_count(c.feedback_total or None)
        self._feedback_empty.setVisible(not c.feedback)
        self._feedback_more.setText(self.tr("Showing {shown} of {total}")
                                    .format(shown=len(c.feedback), total=c.feedback_total))
        self._feedback_more.setVisible(c.feedback_total > len(c.feedback))
        for i, (r, f) in enumerate(zip(self._feedback_pool.take(len(c.feedback)), c.feedback)):
            r.divider.setVisible(i > 0)
            self._fill_feedback_row(r, f)

    def _make_feedback_row(self) -> _FeedbackRowParts:
        r = _FeedbackRowParts()
        lay = _under_divider(r, spacing=2)
        head = QHBoxLayout()
        head.setSpacing(6)
        r.kind = _label("", "tag")
        r.stars = _label("", "stars")
        r.score = _label("", "muted")
        r.nps = _label("", "npsPromoter")
        r.meta = _label("", "small")
        for w in (r.kind, r.stars, r.score, r.nps):
            head.addWidget(w)
        head.addStretch(1)
        head.addWidget(r.meta)
        lay.addLayout(head)
        r.comment = _label("", "body", selectable=True)
        r.comment.setWordWrap(True)
        lay.addWidget(r.comment)
        r.texts = [r.kind, r.stars, r.score, r.nps, r.meta, r.comment]
        return r

    def _fill_feedback_row(self, r: _FeedbackRowParts, f) -> None:
        r.kind.setText(fmt.label(f.kind))
        csat = f.kind == "csat"
        if csat:
            score = max(0, min(f.score, 5))
            r.stars.setText("★" * score + "☆" * (5 - score))
            r.stars.setToolTip(f"{f.score}/5")
            r.score.setText(f"{f.score}/5")
        else:
            r.nps.setText(f"{f.score}/10")
            _restyle(r.nps, "role", "npsPromoter" if f.score >= 9 else "npsPassive" if f.score >= 7 else "npsDetractor")
        for w in (r.stars, r.score):
            w.setVisible(csat)
        r.nps.setVisible(not csat)
        r.meta.setText(_local_date(f.created_at) + (f"  ·  #{f.ticket_number}" if f.ticket_number else ""))
        r.comment.setText(mask_pii(f.comment) if f.comment else "")
        r.comment.setVisible(bool(f.comment))

    @staticmethod
    def _short_date(dt) -> str:
        """This year's dates as MM-DD (the column is narrow); older ones in full. Tooltips carry the time."""
        if dt is None:
            return ""
        local = dt.astimezone()
        return local.strftime("%m-%d" if local.year == datetime.now().astimezone().year else "%Y-%m-%d")

    @staticmethod
    def _fit_height(tree: QTreeWidget, rows: int, max_rows: int, header_h: int) -> None:
        """Trees grow with their rows so the pane scrolls as one; long ones scroll inside their card."""
        row_h = tree.sizeHintForRow(0) if rows else 0
        if row_h <= 0:
            row_h = tree.fontMetrics().height() + 8
        visible = min(rows, max_rows)
        tree.setFixedHeight(header_h + visible * row_h + 2 * tree.frameWidth() + 2)
        tree.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded if rows > max_rows else Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    # --- editing (issue 12) --------------------------------------------------------------------

    def _leave_customer(self) -> None:
        """Before another customer is shown: notes typed and not saved are kept for this one
        (they come back when the agent returns), and open editors close."""
        if self._customer_id is not None and self._notes_card.is_dirty():
            self._note_drafts[self._customer_id] = self._notes_card.draft()
        self._notes_card.reset()
        self._end_name_edit()
        self._contact_form.done()
        self._tags_message.hide()

    def _write(self, fn, done, failed) -> None:
        """One edit on the write worker, as the signed-in agent; ``done(result)`` and
        ``failed(exc)`` only if the same customer is still on screen."""
        customer_id = self._customer_id
        self.ctx.runner.write(functools.partial(fn, self.ctx.agent.login), functools.partial(self._written, customer_id, done),
                              functools.partial(self._write_failed, customer_id, failed),
                              on_bug=functools.partial(self._write_failed, customer_id, failed))

    def _written(self, customer_id, done, result) -> None:
        self.ctx.changes.changed.emit("customer", customer_id)  # the pane (and any other) reads it again
        if customer_id == self._customer_id:
            done(result)
        elif isinstance(result, dict) and "notes" in result:
            # Saved after the agent moved on: the notes kept for their return are not unsaved.
            base_text = self._note_drafts.get(customer_id)
            if base_text is not None and base_text[1].rstrip() == result["notes"][1]:
                del self._note_drafts[customer_id]

    def _write_failed(self, customer_id, failed, exc: Exception) -> None:
        if customer_id == self._customer_id:
            failed(exc)
        elif not isinstance(exc, customers.EditConflict):  # a conflict waits in the kept notes
            self.failed.emit(errors.message(exc))  # the agent moved on: the refusal still reaches them

    # name
    @Slot()
    def _start_name_edit(self) -> None:
        if self._data is None:
            return
        self._name_input.setText(self._data.name)
        self._name_message.hide()
        self._name_view.hide()
        self._name_editor.show()
        self._name_input.setFocus(Qt.FocusReason.OtherFocusReason)
        self._name_input.selectAll()

    @Slot()
    def _end_name_edit(self) -> None:
        self._name_editor.hide()
        self._name_view.show()

    @Slot()
    def _save_name(self) -> None:
        if self._data is None or self._name_editor.isHidden():
            return
        name = self._name_input.text()
        if " ".join(name.split()) == self._data.name:
            self._end_name_edit()
            return
        seen = self._data.name
        self._write(functools.partial(_update_customer, self._data.id, {"name": name, "expected": {"name": seen}}),
                    self._name_saved, self._name_failed)

    def _name_saved(self, _changes) -> None:
        self._end_name_edit()
        # The inbox rows and the ticket header show the name too: they read again.
        self.ctx.changes.changed.emit("ticket", None)
        self.saved.emit("name")

    def _name_failed(self, exc: Exception) -> None:
        if isinstance(exc, customers.EditConflict):
            text = self.tr("Someone else renamed this customer to “%1” meanwhile; save again to keep yours.") \
                .replace("%1", exc.current)
            if self._data is not None:  # saving again goes over the name now stored
                self._data = dataclasses.replace(self._data, name=exc.current)
        else:
            text = errors.message(exc)
        self._name_message.setText(text)
        self._name_message.show()

    # notes
    @Slot(str, str)
    def _save_notes(self, text: str, base: str) -> None:
        if self._data is None:
            return
        self._write(functools.partial(_update_customer, self._data.id, {"notes": text, "expected": {"notes": base}}),
                    functools.partial(self._notes_saved, text), self._notes_failed)

    def _notes_saved(self, text: str, _changes) -> None:
        self._notes_card.saved(text.rstrip())
        self.saved.emit("notes")

    def _notes_failed(self, exc: Exception) -> None:
        if isinstance(exc, customers.EditConflict):
            self._notes_card.conflict(exc.current)
        else:
            self._notes_card.show_error(errors.message(exc))

    # tags
    @Slot(str)
    def _add_tag(self, tag: str) -> None:
        if self._data is not None:
            self._write(functools.partial(_update_customer, self._data.id, {"add_tags": [tag]}), self._tags_saved,
                        self._tags_failed)

    @Slot(str)
    def _remove_tag(self, tag: str) -> None:
        if self._data is not None:
            self._write(functools.partial(_update_customer, self._data.id, {"remove_tags": [tag]}), self._tags_saved,
                        self._tags_failed)

    def _tags_saved(self, _changes) -> None:
        self._tags.added()
        self._tags_message.hide()
        self.saved.emit("tags")

    def _tags_failed(self, exc: Exception) -> None:
        self._tags_message.setText(errors.message(exc))
        self._tags_message.show()

    # contact points
    def _contact_row(self, contact_id: str) -> customers.ContactRow | None:
        if self._data is None:
            return None
        return next((r for r in self._data.contacts if str(r.id) == contact_id), None)

    @Slot()
    def _add_contact_clicked(self) -> None:
        if self._data is not None:
            self._contact_form.open_new()

    @Slot()
    def _edit_contact_clicked(self) -> None:
        sender = self.sender()
        row = self._contact_row(str(sender.property("contact"))) if sender is not None else None
        if row is not None:
            self._contact_form.open_edit(row)

    @Slot()
    def _remove_contact_clicked(self) -> None:
        sender = self.sender()
        row = self._contact_row(str(sender.property("contact"))) if sender is not None else None
        if row is None or not RemoveContact.ask(self, mask_pii(row.value)):
            return
        self._write(functools.partial(_remove_contact, row.id), self._contact_saved, self._contact_failed)

    @Slot(dict)
    def _save_contact(self, values: dict) -> None:
        if self._data is None:
            return
        self._write(functools.partial(_save_contact, self._data.id, values), self._contact_saved, self._contact_failed)

    def _contact_saved(self, _row) -> None:
        self._contact_form.done()
        self.saved.emit("contact")

    def _contact_failed(self, exc: Exception) -> None:
        if isinstance(exc, customers.SharedContact):
            self._contact_form.show_shared(exc.owners)
        elif self._contact_form.isVisible():
            self._contact_form.show_error(errors.message(exc))
        else:
            self.failed.emit(errors.message(exc))

    # --- calls and new tickets ------------------------------------------------------------------

    @staticmethod
    def _primary_phone(c: customers.Customer360) -> customers.ContactRow:
        phones_ = sorted((r for r in c.contacts if r.kind == "phone"), key=lambda r: not r.is_primary)
        return phones_[0]

    def call_primary(self) -> bool:
        """Calls the shown customer's primary phone ("Call customer" in the palette)."""
        if self._data is None or not any(r.kind == "phone" for r in self._data.contacts):
            self.failed.emit(self.tr("Open a customer with a phone number to call."))
            return False
        return self.call(self._primary_phone(self._data))

    @Slot()
    def _call_clicked(self) -> None:
        sender = self.sender()
        row = self._contact_row(str(sender.property("contact"))) if sender is not None else None
        if row is not None:
            self.call(row)

    def call(self, row: customers.ContactRow) -> bool:
        """Hands the number (E.164) to the telephony system; a toast says who is being called,
        with the number as the pane shows it."""
        try:
            self.dialer.call(row.normalized or row.value)
        except telephony.DialError as exc:
            self.failed.emit(errors.message(exc))
            return False
        name = self._data.name if self._data is not None else ""
        toast = Toast(self.tr("Calling %1").replace("%1", mask_pii(row.value)), name, kicker=self.tr("Call"),
                      timeout_ms=CALL_TOAST_MS, parent=self.window())
        toast.setProperty("call", True)
        ToastStack.of(self.window()).push(toast)
        return True

    @Slot()
    def _request_ticket_for_customer(self) -> None:
        if self._customer_id is not None:
            self.newTicketForCustomer.emit(self._customer_id)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        # (Filters are installed while the pane is built: the name editor may not exist yet.)
        if obj is getattr(self, "_name_input", None) and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress \
                and event.key() == Qt.Key.Key_Escape:
            self._end_name_edit()
            return True
        return self._search_keys(obj, event)

    # --- vocabulary the shared table does not hold --------------------------------------------

    def _language_name(self, code: str) -> str:
        names = {"ko": self.tr("Korean"), "en": self.tr("English"), "ja": self.tr("Japanese"),
                 "zh": self.tr("Chinese"), "vi": self.tr("Vietnamese")}
        return names.get(code, code)

    def _segment_name(self, code: str) -> str:
        names = {"retail": self.tr("Retail"), "business": self.tr("Business"), "corporate": self.tr("Corporate"),
                 "premium": self.tr("Premium"), "private": self.tr("Private banking")}
        return names.get(code, code)

    def _product_status(self, code: str) -> str:
        names = {"suspended": self.tr("Suspended"), "closed": self.tr("Closed"), "overdue": self.tr("Overdue"),
                 "blocked": self.tr("Blocked"), "lost": self.tr("Reported lost")}
        return names.get(code, code)

    # --- search -------------------------------------------------------------------------------

    @Slot(str)
    def _on_search_edited(self, text: str) -> None:
        if text.strip():
            self._search_timer.start()
        else:
            self._search_timer.stop()
            self._reads.cancel("search")
            self._set_results([])

    @Slot()
    def _on_search_return(self) -> None:
        if self._search_timer.isActive():
            self._search_timer.stop()
            self._run_search(open_single=True)
            return
        if not self._results.isHidden() and self._results.count():
            self._open_result(self._results.currentItem() or self._results.item(0))

    @Slot()
    def _run_search(self, open_single: bool = False) -> None:
        text = "".join(ch for ch in self._search.text() if ch.isprintable()).strip()
        self._reads.cancel("search")
        if not text:
            self._set_results([])
            self.searchFinished.emit(0)
            return
        self._reads.read("search", functools.partial(customers.find_customers, query=text, limit=20),
                         functools.partial(self._on_search_done, open_single), self._on_search_failed,
                         on_bug=self._on_search_failed)

    def _on_search_done(self, open_single: bool, found: list[customers.CustomerSummary]) -> None:
        self._set_results(found, searched=True)
        self.searchFinished.emit(len(found))
        if open_single and len(found) == 1:
            self._open_result(self._results.item(0))

    def _on_search_failed(self, _exc: Exception) -> None:
        self._set_results([], searched=True)
        self.searchFinished.emit(0)

    def _set_results(self, found: list[customers.CustomerSummary], searched: bool = False) -> None:
        self._results.clear()
        for s in found:
            contact = s.phone or s.email
            item = QListWidgetItem(f"{s.name}    {contact}" if contact else s.name)
            item.setData(Qt.ItemDataRole.UserRole, s.id)
            item.setIcon(dot_icon(TIER_STYLE.get(s.vip_tier, TIER_STYLE["standard"])[0]))
            item.setToolTip("\n".join(filter(None, (s.name, fmt.label(s.vip_tier), s.phone, s.email))))
            self._results.addItem(item)
        if found:
            self._results.setCurrentRow(0)
            row_h = max(self._results.sizeHintForRow(0), 20)
            self._results.setFixedHeight(min(len(found), 6) * row_h + 2 * self._results.frameWidth() + 2)
        self._results.setVisible(bool(found))
        self._search_message.setText(self.tr("No customers found"))
        self._search_message.setVisible(searched and not found)

    @Slot(QListWidgetItem)
    def _open_result(self, item: QListWidgetItem | None) -> None:
        if item is None or self._results.isHidden():
            return
        customer_id = item.data(Qt.ItemDataRole.UserRole)
        self._results.hide()
        self.show_customer(customer_id)

    def focus_search(self) -> None:
        """Ctrl+Shift+F: the cursor in the search box, its text selected to type over."""
        self._search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._search.selectAll()

    def _search_keys(self, obj: QObject, event: QEvent) -> bool:
        if isinstance(event, QKeyEvent):
            key = event.key()
            if obj is self._search:
                if key == Qt.Key.Key_Down and not self._results.isHidden() and self._results.count():
                    self._results.setFocus()
                    return True
                if key == Qt.Key.Key_Escape and (self._search.text() or not self._results.isHidden()):
                    self._search.clear()
                    self._search_timer.stop()
                    self._reads.cancel("search")
                    self._set_results([])
                    return True
            elif obj is self._results:
                if key == Qt.Key.Key_Up and self._results.currentRow() <= 0:
                    self._search.setFocus()
                    return True
                if key == Qt.Key.Key_Escape:
                    self._results.hide()
                    self._search.setFocus()
                    return True
        return super().eventFilter(obj, event)

    # --- inquiries ----------------------------------------------------------------------------

    @Slot(QTreeWidgetItem, int)
    def _on_inquiry_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        ticket_id = item.data(0, Qt.ItemDataRole.UserRole)
        if ticket_id is not None:
            self.ticketRequested.emit(ticket_id)


# --- the writes, run on the write worker (a Session of their own) -------------------------------
def _update_customer(customer_id: uuid.UUID, kwargs: dict, login: str, session) -> dict:
    return customers.update_customer(session, customer_id, current_agent(session, login), **kwargs)


def _save_contact(customer_id: uuid.UUID, v: dict, login: str, session) -> customers.ContactRow:
    agent = current_agent(session, login)
    if v["contact_id"] is None:
        return customers.add_contact(session, customer_id, agent, kind=v["kind"], value=v["value"], label=v["label"],
                                     primary=v["primary"] or None, allow_shared=v["allow_shared"])
    return customers.update_contact(session, v["contact_id"], agent, value=v["value"], label=v["label"],
                                    primary=v["primary"], allow_shared=v["allow_shared"])


def _remove_contact(contact_id: uuid.UUID, login: str, session) -> None:
    customers.remove_contact(session, contact_id, current_agent(session, login))
