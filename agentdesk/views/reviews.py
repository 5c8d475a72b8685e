"""Quality reviews (issue 13): the lead's review dialog and the agent's own reviews pane.

``ReviewDialog`` shows a handled ticket's conversation read-only (the ticket pane's own
message rendering, PII masked) beside one row per rubric item: points, a comment; the
total is computed live by agentdesk/review_rules.py (pure, instant), and Save writes
through services/reviews.py on the write worker, which computes it again (so does the
team server). ``ask()`` is the seam tests replace.

``MyReviewsPane`` lists the agent's reviews (score, date, ticket, reviewer, comments) and
a 12-week trend line (pyqtgraph; a painted sparkline where it is missing). Everything is
read on a worker through LatestReads; the pane reloads when a review arrives (the
"quality_review" change, locally or from a sync pull).

The main window opens them with ``review_ticket(parent, ctx, ticket)`` and
``open_my_reviews(parent, ctx)``.
"""

from __future__ import annotations

import functools
import html
import math
import uuid
from datetime import date

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QLocale, QModelIndex, QPersistentModelIndex, QPointF, Qt, Signal, Slot
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QFrame, QGridLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QPlainTextEdit, QScrollArea, QSizePolicy, QSpinBox, QSplitter, QTableView, QTextBrowser, QVBoxLayout, QWidget,
)

from agentdesk import review_rules as rr
from agentdesk.models import ChangeKind
from agentdesk.services import reviews, tickets
from agentdesk.services.common import ServiceError
from agentdesk.ui.kit import errors, fmt
from agentdesk.ui.kit.reads import LatestReads
from agentdesk.ui.kit.tasks import AppContext
from agentdesk.views.ticket import message_html

TREND_WEEKS = 12
LIST_LIMIT = 100
FAIL_COLOR = "#dc2626"
_STYLE = """
QLabel[role="title"] { font-size: 16px; font-weight: bold; color: #0f172a; }
QLabel[role="meta"] { font-size: 12px; color: #64748b; }
QLabel[role="item"] { font-size: 13px; font-weight: bold; color: #1e293b; }
QLabel[role="total"] { font-size: 22px; font-weight: bold; color: #0f172a; }
QLabel[role="fail"] { font-size: 12px; color: #dc2626; }
QLabel[role="error"] { font-size: 12px; color: #b91c1c; background: #fef2f2; border: 1px solid #fecaca;
                       border-radius: 6px; padding: 6px; }
QFrame#reviewItems { background: #ffffff; }
"""


def korean_ui() -> bool:
    return QLocale().language() == QLocale.Language.Korean


def item_label(item: rr.RubricItem) -> str:
    """The item's label in the window's language (rubrics carry both)."""
    return item.label("ko" if korean_ui() else "en")


# --- worker functions (a Session, on a worker thread) ------------------------------------------
def _load_ticket(ref, login: str, session):
    """The ticket's conversation, the rubric its review uses, and why this lead may not
    review it (None when they may): asked first, so the dialog says so before any typing."""
    detail = tickets.get_detail(session, ref)
    problem = None
    try:
        reviews.check_may_review(session, login, ref)
    except ServiceError as exc:
        problem = exc
    rubric = reviews.rubric_for_ticket(session, ref)
    return detail, rubric, problem


def _save(login: str, ticket_id, scores: dict, comments: dict, comment: str, rubric_id, session):
    return reviews.save_review(session, login, ticket_id, scores, comments, comment=comment, rubric_id=rubric_id)


def _load_mine(agent_id, viewer_id, session):
    rows = reviews.reviews_for_agent(session, agent_id, LIST_LIMIT, viewer=viewer_id)
    weeks = reviews.trend(session, agent_id, TREND_WEEKS, viewer=viewer_id)
    return rows, weeks


# --- the lead's dialog ---------------------------------------------------------------------------
class _ItemRow:
    """One rubric item's widgets: label, points (– until scored), comment."""

    def __init__(self, dialog: ReviewDialog, grid: QGridLayout, row: int, item: rr.RubricItem, share: float):
        self.item = item
        name = QLabel(item_label(item))
        name.setProperty("role", "item")
        name.setWordWrap(True)
        meta = dialog.tr("weight %1%").replace("%1", f"{share:.0f}")
        if item.auto_fail:
            meta += " · " + dialog.tr("0 fails the review")
        sub = QLabel(meta)
        sub.setProperty("role", "fail" if item.auto_fail else "meta")
        box = QVBoxLayout()
        box.setSpacing(0)
        box.addWidget(name)
        box.addWidget(sub)
        self.points = QSpinBox()
        self.points.setRange(-1, item.max_points)
        self.points.setSpecialValueText("–")  # -1: not scored yet
        self.points.setValue(-1)
        self.points.setSuffix(f" / {item.max_points}")
        self.points.setMinimumWidth(84)
        self.points.setObjectName(f"points_{item.key}")
        self.points.valueChanged.connect(dialog._recompute)
        self.comment = QLineEdit()
        self.comment.setPlaceholderText(dialog.tr("Comment (optional)"))
        self.comment.setMaxLength(rr.COMMENT_MAX)
        self.comment.setObjectName(f"comment_{item.key}")
        grid.addLayout(box, row, 0)
        grid.addWidget(self.points, row, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.comment, row, 2, Qt.AlignmentFlag.AlignTop)

    def value(self) -> int | None:
        v = self.points.value()
        return None if v < 0 else v


class ReviewDialog(QDialog):
    """A lead scores one handled ticket on the team's rubric; ``saved`` carries the stored
    review (reviews.ReviewRow) once the write worker has stored it."""

    saved = Signal(object)

    def __init__(self, ctx: AppContext, ticket_ref, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.ticket_ref = ticket_ref
        self.rubric: reviews.RubricRow | None = None
        self.detail: tickets.TicketDetail | None = None
        self.result_row: reviews.ReviewRow | None = None
        self.rows: list[_ItemRow] = []
        self._reads = LatestReads(self, ctx.runner)
        self._saving = False
        self.setWindowTitle(self.tr("Quality review"))
        self.setStyleSheet(_STYLE)
        self.resize(1040, 640)
        self._build()
        self._reads.read("ticket", functools.partial(_load_ticket, ticket_ref, ctx.agent.login), self._loaded,
                         self._load_failed)

    def _build(self) -> None:
        self.heading = QLabel(self.tr("Loading…"))
        self.heading.setProperty("role", "title")
        self.heading.setWordWrap(True)
        self.who = QLabel("")
        self.who.setProperty("role", "meta")
        self.timeline = QTextBrowser()
        self.timeline.setOpenLinks(False)
        self.timeline.setMinimumWidth(340)
        self.items = QFrame()
        self.items.setObjectName("reviewItems")
        self.grid = QGridLayout(self.items)
        self.grid.setColumnStretch(2, 1)
        self.grid.setColumnMinimumWidth(0, 170)
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(10)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.items)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.overall = QPlainTextEdit()
        self.overall.setPlaceholderText(self.tr("Overall comment for the agent (optional)"))
        self.overall.setFixedHeight(64)
        self.total = QLabel("–")
        self.total.setProperty("role", "total")
        self.total_note = QLabel(self.tr("Score every item"))
        self.total_note.setProperty("role", "meta")
        self.total_note.setWordWrap(True)
        self.error = QLabel("")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setEnabled(False)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(8, 0, 0, 0)
        rl.addWidget(scroll, 1)
        label = QLabel(self.tr("Overall comment"))
        label.setProperty("role", "item")
        rl.addWidget(label)
        rl.addWidget(self.overall)
        totals = QHBoxLayout()
        caption = QLabel(self.tr("Score"))
        caption.setProperty("role", "item")
        totals.addWidget(caption)
        totals.addWidget(self.total)
        totals.addWidget(self.total_note, 1)
        rl.addLayout(totals)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.timeline)
        split.addWidget(right)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 5)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.who)
        layout.addWidget(split, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    # --- loading ---------------------------------------------------------------------------------
    def _loaded(self, result) -> None:
        detail, rubric, problem = result
        self.detail, self.rubric = detail, rubric
        self.heading.setText(f"{fmt.ticket_number(detail.number)} · {detail.subject}")
        solved = fmt.local_time(detail.solved_at) if detail.solved_at else "–"
        self.who.setText(self.tr("Handled by %1 · %2 %3 · rubric: %4")
                         .replace("%1", detail.assignee_name or "–").replace("%2", fmt.label(detail.status))
                         .replace("%3", solved).replace("%4", rubric.name))
        blocks = [message_html(m, detail.number) for m in detail.messages if not m.event]
        empty = self.tr("No messages.")
        self.timeline.setHtml("".join(blocks) or f"<p>{html.escape(empty)}</p>")
        total = sum(i.weight for i in rubric.items)
        for n, item in enumerate(rubric.items):
            self.rows.append(_ItemRow(self, self.grid, n, item, 100 * item.weight / total))
        self.grid.setRowStretch(len(rubric.items), 1)
        if problem is not None:
            self._show_error(problem)
            for r in self.rows:
                r.points.setEnabled(False)
                r.comment.setEnabled(False)
            self.overall.setEnabled(False)
        self._recompute()

    def _load_failed(self, exc: Exception) -> None:
        self.heading.setText(self.tr("Quality review"))
        self._show_error(exc)

    def _show_error(self, exc: BaseException) -> None:
        self.error.setText(errors.message(exc))
        self.error.show()

    # --- scoring ---------------------------------------------------------------------------------
    def scores(self) -> dict[str, int] | None:
        """The points of every item, or None while one is not scored."""
        out = {r.item.key: r.value() for r in self.rows}
        if not out or any(v is None for v in out.values()):
            return None
        return {k: v for k, v in out.items() if v is not None}

    @Slot()
    def _recompute(self, *_args) -> None:
        scores = self.scores()
        blocked = self.rubric is None or self.error.isVisible() or self._saving
        self.save_button.setEnabled(scores is not None and not blocked)
        if scores is None or self.rubric is None:
            left = sum(1 for r in self.rows if r.value() is None)
            self.total.setText("–")
            self.total.setStyleSheet("")
            self.total_note.setText(self.tr("%n item(s) left to score", "", left) if left else "")
            self.total_note.setProperty("role", "meta")
            return
        outcome = rr.score_of(self.rubric.items, scores)
        self.total.setText(f"{outcome.score:.1f}")
        self.total.setStyleSheet(f"color: {FAIL_COLOR}" if outcome.failed else "")
        if outcome.failed:
            failed = ", ".join(item_label(i) for i in self.rubric.items if i.auto_fail and scores[i.key] == 0)
            self.total_note.setText(self.tr("Fails: %1 scored 0 (weighted %2)").replace("%1", failed)
                                    .replace("%2", f"{outcome.weighted:.1f}"))
        else:
            self.total_note.setText(self.tr("of 100"))

    def save(self) -> None:
        scores = self.scores()
        if scores is None or self.rubric is None or self.detail is None or self._saving:
            return
        self._saving = True
        self.save_button.setEnabled(False)
        self.error.hide()
        notes = {r.item.key: r.comment.text().strip() for r in self.rows if r.comment.text().strip()}
        work = functools.partial(_save, self.ctx.agent.login, self.detail.id, scores, notes,
                                 self.overall.toPlainText().strip(), self.rubric.id)
        self.ctx.runner.write(work, self._saved, self._save_failed)

    def _saved(self, row: reviews.ReviewRow) -> None:
        self._saving = False
        self.result_row = row
        self.ctx.changes.changed.emit(ChangeKind.QUALITY_REVIEW, row.id)
        self.saved.emit(row)
        self.accept()

    def _save_failed(self, exc: Exception) -> None:
        self._saving = False
        self._show_error(exc)
        self.error.show()
        self.save_button.setEnabled(False)
        for r in self.rows:  # a refusal of the scores can be fixed in place: let them try again
            r.points.valueChanged.connect(self._clear_error, Qt.ConnectionType.UniqueConnection)

    @Slot()
    def _clear_error(self, *_args) -> None:
        self.error.hide()
        self._recompute()

    @classmethod
    def ask(cls, parent: QWidget | None, ctx: AppContext, ticket_ref) -> reviews.ReviewRow | None:
        """The stored review, or None if cancelled. Tests replace this seam; no test waits on a modal."""
        dlg = cls(ctx, ticket_ref, parent)
        try:
            dlg.exec()
            return dlg.result_row
        finally:
            dlg.deleteLater()


# --- the agent's pane -------------------------------------------------------------------------------
class ReviewsModel(QAbstractTableModel):
    """The reviews as rows (already read; at most LIST_LIMIT)."""

    COLUMNS = ("date", "ticket", "score", "reviewer", "comment")

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[reviews.ReviewRow] = []

    def set_rows(self, rows: list[reviews.ReviewRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> reviews.ReviewRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(self.COLUMNS):
            return None
        return (self.tr("Date"), self.tr("Ticket"), self.tr("Score"), self.tr("Reviewer"), self.tr("Comment"))[section]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        r = self._rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if column == "date":
                return fmt.local_time(r.created_at).split(" ")[0] if r.created_at else ""
            if column == "ticket":
                return f"{fmt.ticket_number(r.ticket_number)} {r.ticket_subject}"
            if column == "score":
                return f"{r.score:.1f}" + (" ✕" if r.failed else "")
            if column == "reviewer":
                return r.reviewer_name
            return r.comment.splitlines()[0] if r.comment else ""
        if role == Qt.ItemDataRole.ForegroundRole and column == "score" and r.failed:
            return QColor(FAIL_COLOR)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == "score":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == "score" and r.failed:
            return self.tr("Failed: an item that fails the review scored 0")
        if role == Qt.ItemDataRole.ToolTipRole and column in ("ticket", "comment"):
            return r.ticket_subject if column == "ticket" else r.comment
        if role == Qt.ItemDataRole.UserRole:
            return r
        return None


class Sparkline(QWidget):
    """The trend painted by hand, where pyqtgraph is not installed: weekly averages joined
    by a line (a gap for a week without reviews), 0–100."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.weeks: list[reviews.WeekPoint] = []
        self.setMinimumHeight(120)

    def set_weeks(self, weeks: list[reviews.WeekPoint]) -> None:
        self.weeks = list(weeks)
        self.update()

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = self.rect().adjusted(8, 8, -8, -20)
        p.setPen(QPen(QColor("#e2e8f0"), 1))
        for level in (0, 50, 100):
            y = r.bottom() - r.height() * level / 100
            p.drawLine(QPointF(r.left(), y), QPointF(r.right(), y))
        if len(self.weeks) < 2:
            return
        step = r.width() / (len(self.weeks) - 1)
        path = QPainterPath()
        pen_down = False
        for k, w in enumerate(self.weeks):
            if w.average is None:
                pen_down = False
                continue
            point = QPointF(r.left() + k * step, r.bottom() - r.height() * w.average / 100)
            path.lineTo(point) if pen_down else path.moveTo(point)
            pen_down = True
            p.setBrush(QColor("#2563eb"))
            p.drawEllipse(point, 3, 3)
        p.setPen(QPen(QColor("#2563eb"), 2))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(path)
        p.setPen(QColor("#64748b"))
        for k, w in enumerate(self.weeks):
            if k % 2 == 0:
                p.drawText(QPointF(r.left() + k * step - 12, r.bottom() + 16), f"{w.start.month}/{w.start.day}")


def _pyqtgraph():
    try:
        import pyqtgraph
    except ImportError:
        return None
    return pyqtgraph


class TrendChart(QWidget):
    """Weekly average score (0–100) of the last weeks: a line with a dot a week, a gap for
    a week without reviews; the count of each week in the tooltip of its tick."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.weeks: list[reviews.WeekPoint] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        pg = _pyqtgraph()
        self.plot = None
        self.sparkline: Sparkline | None = None
        if pg is None:
            self.sparkline = Sparkline(self)
            layout.addWidget(self.sparkline)
            return
        self.plot = pg.PlotWidget(background="w")
        self.plot.setMinimumHeight(150)
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.showGrid(y=True, alpha=0.15)
        self.plot.setYRange(0, 100, padding=0.05)
        for side in ("left", "bottom"):
            axis = self.plot.getAxis(side)
            axis.setTextPen("#475569")
            axis.setPen("#cbd5e1")
        self.curve = self.plot.plot([], [], pen=pg.mkPen("#2563eb", width=2), symbol="o", symbolSize=7,
                                    symbolBrush="#2563eb", symbolPen="#ffffff", connect="finite")
        layout.addWidget(self.plot)

    def set_weeks(self, weeks: list[reviews.WeekPoint]) -> None:
        self.weeks = list(weeks)
        if self.sparkline is not None:
            self.sparkline.set_weeks(weeks)
            return
        assert self.plot is not None
        xs = list(range(len(weeks)))
        ys = [w.average if w.average is not None else math.nan for w in weeks]
        if all(math.isnan(y) for y in ys):
            self.curve.setData([], [])  # no review in these weeks: nothing to draw (an all-NaN curve warns)
        else:
            self.curve.setData(xs, ys, connect="finite")
        ticks = [(k, f"{w.start.month}/{w.start.day}") for k, w in enumerate(weeks) if k % 2 == 0]
        self.plot.getAxis("bottom").setTicks([ticks])
        self.plot.setXRange(-0.5, max(len(weeks) - 0.5, 0.5), padding=0)
        self.plot.setYRange(0, 100, padding=0.05)

    def points(self) -> list[tuple[date, float | None]]:
        return [(w.start, w.average) for w in self.weeks]


class MyReviewsPane(QWidget):
    """An agent's quality reviews and their 12-week trend. ``agent_id`` (default: the
    signed-in agent) lets a lead open one of their agents' (the service checks who may)."""

    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, agent_id: uuid.UUID | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.agent_id = agent_id or ctx.agent.id
        self._reads = LatestReads(self, ctx.runner)
        self.setStyleSheet(_STYLE)
        self.title = QLabel(self.tr("My quality reviews") if self.agent_id == ctx.agent.id else self.tr("Quality reviews"))
        self.title.setProperty("role", "title")
        self.summary = QLabel(self.tr("Loading…"))
        self.summary.setProperty("role", "meta")
        self.summary.setWordWrap(True)
        self.chart = TrendChart(self)
        self.model = ReviewsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._show_current)
        self.detail = QTextBrowser()
        self.detail.setOpenLinks(False)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setSizes([200, 280])  # the table scrolls; a review's items and comments need the room
        chart_caption = QLabel(self.tr("Weekly average score, last %n week(s)", "", TREND_WEEKS))
        chart_caption.setProperty("role", "meta")
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(chart_caption)
        layout.addWidget(self.chart)
        layout.addWidget(split, 1)
        self.chart.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.chart.setFixedHeight(170)
        ctx.changes.changed.connect(self._changed)
        self.reload()

    def reload(self) -> None:
        self._reads.read("mine", functools.partial(_load_mine, self.agent_id, self.ctx.agent.id), self._loaded,
                         self._failed)

    @Slot(str, object)
    def _changed(self, kind: str, _id) -> None:
        if kind == ChangeKind.QUALITY_REVIEW:
            self.reload()

    def _loaded(self, result) -> None:
        rows, weeks = result
        self.model.set_rows(rows)
        self.chart.set_weeks(weeks)
        counted = [w for w in weeks if w.count]
        n = sum(w.count for w in counted)
        if n:
            average = sum((w.average or 0.0) * w.count for w in counted) / n
            failed = sum(1 for r in rows if r.failed)
            self.summary.setText(self.tr("Last %1 weeks: average %2 over %3 review(s), %4 failed")
                                 .replace("%1", str(len(weeks))).replace("%2", f"{average:.1f}")
                                 .replace("%3", str(n)).replace("%4", str(failed)))
        else:
            self.summary.setText(self.tr("No reviews in the last %1 weeks").replace("%1", str(len(weeks))))
        if rows:
            self.table.selectRow(0)
        else:
            none_yet = self.tr("No reviews yet.")
            self.detail.setHtml(f"<p>{html.escape(none_yet)}</p>")
        self.loaded.emit()

    def _failed(self, exc: Exception) -> None:
        self.summary.setText(errors.message(exc))

    @Slot(QModelIndex, QModelIndex)
    def _show_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        r = self.model.row_at(current.row())
        if r is not None:
            self.detail.setHtml(review_html(r, self.tr))


def review_html(r: reviews.ReviewRow, tr) -> str:
    """One review as rich text: the score, then each item's points and comment."""
    esc = html.escape
    color = FAIL_COLOR if r.failed else "#0f172a"
    by = tr("Reviewed by %1 on %2").replace("%1", r.reviewer_name).replace("%2", fmt.local_time(r.created_at))
    head = (f'<p><b style="font-size:15px; color:{color}">{r.score:.1f}</b> · '
            f'{esc(fmt.ticket_number(r.ticket_number))} {esc(r.ticket_subject)}<br>'
            f'<span style="color:#64748b">{esc(by)} · {esc(r.rubric_name)}</span></p>')
    if r.failed:
        head += f'<p style="color:{FAIL_COLOR}">{esc(tr("Failed: an item that fails the review scored 0"))}</p>'
    labels = {i.key: (item_label(i), i.max_points) for i in r.items}
    rows = []
    for key, points in r.scores.items():
        label, most = labels.get(key, (key, None))
        note = r.comments.get(key, "")
        rows.append(f'<tr><td style="padding:3px 10px 3px 0"><b>{esc(label)}</b></td>'
                    f'<td style="padding:3px 10px" align="right">{points}{f" / {most}" if most else ""}</td>'
                    f'<td style="padding:3px 0; color:#334155">{esc(note)}</td></tr>')
    body = f'<table cellspacing="0">{"".join(rows)}</table>'
    overall = f'<p style="color:#1e293b">{esc(r.comment)}</p>' if r.comment else ""
    return head + body + overall


# --- what the main window calls -----------------------------------------------------------------------
def review_ticket(parent: QWidget | None, ctx: AppContext, ticket_ref) -> reviews.ReviewRow | None:
    """Opens the review dialog of one handled ticket (modal); the stored review or None."""
    return ReviewDialog.ask(parent, ctx, ticket_ref)


def open_my_reviews(parent: QWidget | None, ctx: AppContext, agent_id: uuid.UUID | None = None) -> QDialog:
    """The agent's reviews in a window of their own (not modal); returns it, shown."""
    dlg = QDialog(parent)
    dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dlg.setWindowTitle(QCoreApplication.translate("MyReviewsPane", "Quality reviews"))
    layout = QVBoxLayout(dlg)
    layout.setContentsMargins(4, 4, 4, 4)
    layout.addWidget(MyReviewsPane(ctx, dlg, agent_id))
    dlg.resize(860, 640)
    dlg.show()
    return dlg

