"""The supervisor's quality tab (issue 13): draw a random sample of handled tickets (of one
agent or the whole team, optionally one channel), score one on the rubric
(views/reviews.py ReviewDialog), and read the team's latest reviews. Sampling, scoring
and who may do either are services/reviews.py and agentdesk/review_rules.py; the team
server checks them again in a team profile."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
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

from agentdesk.models import CHANNELS, utcnow
from agentdesk.services import reviews
from agentdesk.services.common import current_agent
from agentdesk.ui.kit import errors, fmt
from agentdesk.ui.kit.reads import LatestReads
from agentdesk.ui.kit.tasks import AppContext
from agentdesk.views.reviews import review_ticket


class SampleModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[reviews.SampleRow] = []

    def set_rows(self, rows: list[reviews.SampleRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def remove(self, ticket_id: uuid.UUID) -> None:
        for i, r in enumerate(self.rows):
            if r.ticket_id == ticket_id:
                self.beginRemoveRows(QModelIndex(), i, i)
                del self.rows[i]
                self.endRemoveRows()
                return

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else 5

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt override
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Ticket"), self.tr("Subject"), self.tr("Agent"), self.tr("Channel"), self.tr("Solved"))[section]
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.rows) or role != Qt.ItemDataRole.DisplayRole:
            return None
        r = self.rows[index.row()]
        return (fmt.ticket_number(r.number), r.subject, r.agent_name, fmt.label(r.channel),
                fmt.local_time(r.solved_at))[index.column()]


class TeamReviewsModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[reviews.ReviewRow] = []

    def set_rows(self, rows: list[reviews.ReviewRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else 5

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt override
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Ticket"), self.tr("Agent"), self.tr("Score"), self.tr("Reviewer"), self.tr("Comment"))[section]
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        r = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            score = self.tr("failed") if r.failed else f"{r.score:.0f}"
            return (fmt.ticket_number(r.ticket_number), r.agent_name, score, r.reviewer_name, r.comment)[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 2 and r.failed:
            from PySide6.QtGui import QColor

            return QColor("#c62828")
        return None


class QualityPane(QWidget):
    failed = Signal(str)
    sampled = Signal(int)  # how many tickets were drawn (tests)
    reviewed = Signal(object)

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self._reads = LatestReads(self, ctx.runner)
        self._started = False
        self._build()
        ctx.changes.changed.connect(self._on_changed)

    def _build(self) -> None:
        self.agent = QComboBox(objectName="qualityAgent")
        self.agent.addItem(self.tr("Whole team"), None)
        self.channel = QComboBox(objectName="qualityChannel")
        self.channel.addItem(self.tr("Any channel"), None)
        for code in CHANNELS:
            self.channel.addItem(fmt.label(code), str(code))
        self.count = QSpinBox(objectName="qualityCount", minimum=1, maximum=50, value=5)
        self.draw = QPushButton(self.tr("Draw a sample"), objectName="qualityDraw")
        self.draw.clicked.connect(self.sample)
        self.review = QPushButton(self.tr("Review…"), objectName="qualityReview")
        self.review.clicked.connect(self.review_selected)
        top = QHBoxLayout()
        for w in (QLabel(self.tr("Agent")), self.agent, QLabel(self.tr("Channel")), self.channel, QLabel(self.tr("Tickets")),
                  self.count, self.draw):
            top.addWidget(w)
        top.addStretch(1)
        top.addWidget(self.review)
        self.samples = SampleModel(self)
        self.sample_table = self._table("qualitySamples", self.samples, stretch=1)
        self.sample_table.activated.connect(self.review_selected)
        self.team_reviews = TeamReviewsModel(self)
        self.reviews_table = self._table("qualityReviews", self.team_reviews, stretch=4)
        self.status = QLabel(objectName="qualityStatus")
        self.status.setWordWrap(True)

        split = QSplitter(Qt.Orientation.Vertical)
        for title, table in ((self.tr("Handled tickets not yet reviewed (random)"), self.sample_table),
                             (self.tr("The team's latest reviews"), self.reviews_table)):
            box = QWidget()
            bl = QVBoxLayout(box)
            bl.setContentsMargins(0, 0, 0, 0)
            head = QLabel(title)
            head.setStyleSheet("font-weight: bold;")
            bl.addWidget(head)
            bl.addWidget(table, 1)
            split.addWidget(box)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(split, 1)
        lay.addWidget(self.status)

    def _table(self, name: str, model, stretch: int) -> QTableView:
        t = QTableView(objectName=name)
        t.setModel(model)
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        t.verticalHeader().setVisible(False)
        t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        t.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)  # the text column
        t.setAlternatingRowColors(True)
        return t

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if not self._started:
            self._started = True
            self.start()

    def start(self) -> None:
        login = self.ctx.agent.login

        def agents(s):
            from agentdesk.services import wallboard

            me = current_agent(s, login)
            return [(a.id, a.name) for a in wallboard.agents(s, [t for t, _ in wallboard.visible_teams(s, me)],
                                                             utcnow(), "UTC") if a.role == "agent"]

        self._reads.read("agents", agents, self._fill_agents, self._failed)
        self.load_reviews()

    def _fill_agents(self, agents) -> None:
        for agent_id, name in agents:
            self.agent.addItem(name, str(agent_id))
        self.sample()

    def sample(self) -> None:
        login, agent, channel, n = self.ctx.agent.login, self.agent.currentData(), self.channel.currentData(), self.count.value()

        def draw(s):
            return reviews.sample(s, current_agent(s, login), agent=uuid.UUID(agent) if agent else None, n=n, channel=channel)

        self._reads.read("sample", draw, self._sampled, self._failed)

    def _sampled(self, rows: list[reviews.SampleRow]) -> None:
        self.samples.set_rows(rows)
        self.status.setText(self.tr("%n ticket(s) drawn", "", len(rows)) if rows else
                            self.tr("Every handled ticket here is reviewed already."))
        self.sampled.emit(len(rows))

    def load_reviews(self) -> None:
        login = self.ctx.agent.login
        self._reads.read("team", lambda s: reviews.reviews_of_team(s, current_agent(s, login)), self.team_reviews.set_rows,
                         self._failed)

    def review_selected(self, *_args) -> None:
        idx = self.sample_table.currentIndex()
        if not idx.isValid():
            self.status.setText(self.tr("Select a ticket to review."))
            return
        row = self.samples.rows[idx.row()]
        stored = self.ask_review(row.ticket_id)
        if stored is not None:
            self.samples.remove(row.ticket_id)
            self.load_reviews()
            self.reviewed.emit(stored)

    def ask_review(self, ticket_id):
        """The scoring dialog (modal); tests replace this seam."""
        return review_ticket(self, self.ctx, ticket_id)

    def _on_changed(self, kind: str, _id) -> None:
        if kind == "quality_review" and self._started:
            self.load_reviews()

    def _failed(self, exc: Exception) -> None:
        self.status.setText(errors.message(exc))
