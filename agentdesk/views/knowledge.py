"""Knowledge: search as you type, suggestions for the open ticket, the article reader,
inserting links and excerpts into the reply, feedback, and proposing / reviewing articles.

Every service call runs through ``ctx.runner``; results carry a request token so an
older answer never replaces a newer one. The pane emits the text to insert
(insertRequested) and records the use itself.
"""

from __future__ import annotations

from agentdesk.models import LEAD_ROLES

import functools
import html
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QAbstractListModel, QCoreApplication, QModelIndex, QRect, QSize, Qt, Signal, Slot
from PySide6.QtGui import (
    QAbstractTextDocumentLayout, QAction, QColor, QFont, QFontMetrics, QPainter, QPalette, QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QFrame, QHBoxLayout,
    QInputDialog, QLabel, QLineEdit, QListView, QListWidget, QListWidgetItem, QMenu, QMessageBox, QPlainTextEdit,
    QPushButton,
    QSplitter, QStackedWidget, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTextBrowser, QToolButton,
    QVBoxLayout, QWidget,
)

from agentdesk.services import kb_learning, kb_semantic, knowledge
from agentdesk.services.kb_learning import Proposal, SynonymRow, SynonymsView
from agentdesk.services.knowledge import ArticleDetail, ArticleHit, ProposalRow, Suggestions
from agentdesk.ui.kit import errors
from agentdesk.ui.kit.reads import LatestReads
from agentdesk.ui.kit.tasks import AppContext
from agentdesk.ui.kit.timers import make_timer


SEARCH_DELAY_MS = 220  # debounce: one query per pause in typing, not per key
RELOAD_DELAY_MS = 300
SEARCH_MAX_CHARS = 300
RESULT_LIMIT = 20
SUGGESTION_LIMIT = 5

HIT_ROLE = Qt.ItemDataRole.UserRole + 1

_STYLE = """
QWidget#kbPane { background: #f4f6f9; }
QFrame#kbHeader { background: #ffffff; border-bottom: 1px solid #e3e8ef; }
QLineEdit#kbSearch { border: 1px solid #cbd5e1; border-radius: 6px; padding: 6px 9px; font-size: 14px; background: #ffffff; }
QLineEdit#kbSearch:focus { border: 1px solid #3b82f6; }
QComboBox { font-size: 12px; padding: 2px 6px; }
QLabel#kbContext { font-size: 12px; font-weight: bold; color: #475569; padding: 6px 12px 2px 12px; }
QLabel#kbContext[mode="suggest"] { color: #7c3aed; }
QListView#kbResults { border: none; background: #ffffff; outline: none; }
QLabel#kbEmpty { font-size: 13px; color: #64748b; padding: 18px; }
QFrame#kbReader { background: #ffffff; border-top: 1px solid #e3e8ef; }
QLabel#kbTitle { font-size: 17px; font-weight: bold; color: #0f172a; }
QLabel#kbMeta { font-size: 12px; color: #64748b; }
QLabel#kbVotes { font-size: 12px; color: #475569; }
QTextBrowser#kbBody { border: none; background: #ffffff; font-size: 13px; color: #1e293b; }
QPushButton { font-size: 12px; padding: 4px 10px; }
QPushButton#kbPrimary { background: #2563eb; color: #ffffff; border: 1px solid #1d4ed8; border-radius: 5px; }
QPushButton#kbPrimary:disabled { background: #93c5fd; border-color: #93c5fd; }
QPushButton:checked { background: #dcfce7; border: 1px solid #16a34a; border-radius: 5px; }
QPushButton#kbNotHelpful:checked { background: #fee2e2; border: 1px solid #dc2626; }
"""


def snippet_html(snippet: str, color: str = "#1d4ed8") -> str:
    """A service snippet (matches between « ») as safe rich text: escaped, matches bold."""
    escaped = html.escape(snippet)
    return (escaped.replace(knowledge.MARK_OPEN, f'<b style="color:{color}">')
            .replace(knowledge.MARK_CLOSE, "</b>"))


def _language_name(code: str) -> str:
    names = {"ko": QCoreApplication.translate("KnowledgePane", "Korean"),
             "en": QCoreApplication.translate("KnowledgePane", "English")}
    return names.get(code, code)


def _internal_badge() -> str:
    return QCoreApplication.translate("KnowledgePane", "Internal")


def _status_name(code: str) -> str:
    names = {
        "proposed": QCoreApplication.translate("KnowledgePane", "Waiting for review"),
        "published": QCoreApplication.translate("KnowledgePane", "Published"),
        "rejected": QCoreApplication.translate("KnowledgePane", "Rejected"),
        "applied": QCoreApplication.translate("KnowledgePane", "Edit applied"),
        "draft": QCoreApplication.translate("KnowledgePane", "Draft"),
    }
    return names.get(code, code)


# --- results ------------------------------------------------------------------------------------
class ArticleHitModel(QAbstractListModel):
    """The ranked results (or suggestions): ArticleHit rows, painted by HitDelegate."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._hits: list[ArticleHit] = []

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        role = int(role)
        if role == int(Qt.ItemDataRole.DisplayRole):
            return hit.title
        if role == HIT_ROLE:
            return hit
        if role == int(Qt.ItemDataRole.ToolTipRole):
            return f"{hit.title} ({_internal_badge()})" if hit.visibility == "internal" else hit.title
        if role == int(Qt.ItemDataRole.AccessibleTextRole):
            return f"{hit.title}. {hit.snippet.replace(knowledge.MARK_OPEN, '').replace(knowledge.MARK_CLOSE, '')}"
        return None

    def set_hits(self, hits: list[ArticleHit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hits(self) -> list[ArticleHit]:
        return list(self._hits)

    def update_votes(self, article_id, helpful: int, not_helpful: int) -> None:
        for i, h in enumerate(self._hits):
            if h.id == article_id:
                self._hits[i] = replace(h, helpful=helpful, not_helpful=not_helpful)
                idx = self.index(i)
                self.dataChanged.emit(idx, idx)


class HitDelegate(QStyledItemDelegate):
    """Title and language; category and tags; then two lines of snippet with matches in bold."""

    PAD_X, PAD_Y = 12, 8
    SNIPPET_LINES = 2

    @staticmethod
    def _fonts(option) -> tuple[QFont, QFont, QFont]:
        title = QFont(option.font)
        title.setPixelSize(14)
        title.setBold(True)
        meta = QFont(option.font)
        meta.setPixelSize(11)
        body = QFont(option.font)
        body.setPixelSize(12)
        return title, meta, body

    def sizeHint(self, option, index) -> QSize:
        title, meta, body = self._fonts(option)
        h = (QFontMetrics(title).height() + 3 + QFontMetrics(meta).height() + 5
             + QFontMetrics(body).lineSpacing() * self.SNIPPET_LINES + 2 * self.PAD_Y + 2)
        return QSize(240, h)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        hit: ArticleHit | None = index.data(HIT_ROLE)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        painter.save()
        bg = QColor("#e8f0fe") if selected else QColor("#f8fafc") if opt.state & QStyle.StateFlag.State_MouseOver else QColor("#ffffff")
        painter.fillRect(opt.rect, bg)
        if selected:
            painter.fillRect(QRect(opt.rect.left(), opt.rect.top(), 3, opt.rect.height()), QColor("#2563eb"))
        painter.setPen(QColor("#eef2f7"))
        painter.drawLine(opt.rect.bottomLeft(), opt.rect.bottomRight())
        if hit is None:
            painter.restore()
            return
        title_f, meta_f, body_f = self._fonts(option)
        r = opt.rect.adjusted(self.PAD_X, self.PAD_Y, -self.PAD_X, -self.PAD_Y)
        # language badge, right of the title
        badge = hit.language.upper()
        bm = QFontMetrics(meta_f)
        bw = bm.horizontalAdvance(badge) + 10
        th = QFontMetrics(title_f).height()
        badge_rect = QRect(r.right() - bw, r.top() + (th - bm.height() - 2) // 2, bw, bm.height() + 2)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#eef2ff" if hit.language == "ko" else "#ecfeff"))
        painter.drawRoundedRect(badge_rect, 4, 4)
        painter.setPen(QColor("#4338ca" if hit.language == "ko" else "#0e7490"))
        painter.setFont(meta_f)
        painter.drawText(badge_rect, Qt.AlignmentFlag.AlignCenter, badge)
        title_right = badge_rect.left()
        if hit.visibility == "internal":  # for agents only: 내부용 / Internal, left of the language
            label = _internal_badge()
            iw = bm.horizontalAdvance(label) + 10
            internal_rect = QRect(badge_rect.left() - 6 - iw, badge_rect.top(), iw, badge_rect.height())
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#fef3c7"))
            painter.drawRoundedRect(internal_rect, 4, 4)
            painter.setPen(QColor("#92400e"))
            painter.drawText(internal_rect, Qt.AlignmentFlag.AlignCenter, label)
            title_right = internal_rect.left()
        # title
        painter.setFont(title_f)
        painter.setPen(QColor("#0f172a"))
        title_rect = QRect(r.left(), r.top(), title_right - 8 - r.left(), th)
        painter.drawText(title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         QFontMetrics(title_f).elidedText(hit.title, Qt.TextElideMode.ElideRight, title_rect.width()))
        # meta: category · #tags · helpful
        y = r.top() + th + 3
        parts = [p for p in (hit.category, " ".join(f"#{t}" for t in hit.tags[:4])) if p]
        if hit.helpful or hit.not_helpful:
            parts.append(f"▲ {hit.helpful}  ▼ {hit.not_helpful}")
        painter.setFont(meta_f)
        painter.setPen(QColor("#64748b"))
        meta_rect = QRect(r.left(), y, r.width(), bm.height())
        painter.drawText(meta_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         bm.elidedText("  ·  ".join(parts), Qt.TextElideMode.ElideRight, r.width()))
        # snippet: rich text, clipped to two lines
        y += bm.height() + 5
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.setDefaultFont(body_f)
        doc.setDefaultStyleSheet("body { color: #334155; }")
        doc.setHtml(f"<body>{snippet_html(hit.snippet)}</body>")
        doc.setTextWidth(r.width())
        clip_h = QFontMetrics(body_f).lineSpacing() * self.SNIPPET_LINES
        painter.translate(r.left(), y)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        ctx.palette.setColor(QPalette.ColorRole.Text, QColor("#334155"))
        ctx.clip = QRect(0, 0, r.width(), clip_h)
        painter.setClipRect(ctx.clip)
        doc.documentLayout().draw(painter, ctx)
        painter.restore()


# --- dialogs ------------------------------------------------------------------------------------
class ProposalDialog(QDialog):
    """Title, category, tags, language and body of a proposed article or edit."""

    def __init__(self, parent=None, heading: str = "", initial: dict | None = None, error: str = ""):
        super().__init__(parent)
        initial = initial or {}
        self.setWindowTitle(heading or self.tr("Propose an article"))
        self.resize(560, 520)
        form = QFormLayout()
        self.title_edit = QLineEdit(initial.get("title", ""), objectName="proposalTitle")
        self.category_edit = QLineEdit(initial.get("category", ""), objectName="proposalCategory")
        self.tags_edit = QLineEdit(" ".join(initial.get("tags", [])), objectName="proposalTags")
        self.tags_edit.setPlaceholderText(self.tr("tags, separated by spaces"))
        self.language = QComboBox(objectName="proposalLanguage")
        self.language.addItem(self.tr("Korean"), "ko")
        self.language.addItem(self.tr("English"), "en")
        self.language.setCurrentIndex(max(0, self.language.findData(initial.get("language", "ko"))))
        self.body_edit = QPlainTextEdit(initial.get("body", ""), objectName="proposalBody")
        form.addRow(self.tr("Title"), self.title_edit)
        form.addRow(self.tr("Category"), self.category_edit)
        form.addRow(self.tr("Tags"), self.tags_edit)
        form.addRow(self.tr("Language"), self.language)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(QLabel(self.tr("Article text")))
        lay.addWidget(self.body_edit, 1)
        note = QLabel(self.tr("A lead reviews the proposal before it is published."))
        note.setStyleSheet("color: #64748b;")
        lay.addWidget(note)
        # What is wrong, shown in place: the dialog stays open and nothing typed is lost.
        self.error = QLabel(error, objectName="proposalError", wordWrap=True)
        self.error.setStyleSheet("color: #b91c1c;")
        self.error.setVisible(bool(error))
        lay.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Send for review"))
        buttons.accepted.connect(self._check_and_accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def problem(self) -> str:
        """Why the proposal cannot be sent as it stands, or "" (the service's own limits)."""
        v = self.values()
        if not v["title"]:
            return self.tr("Give the article a title.")
        if len(v["title"]) > 300:
            return self.tr("The title is too long (at most 300 characters).")
        if not v["body"]:
            return self.tr("Write the article text.")
        return ""

    @Slot()
    def _check_and_accept(self) -> None:
        problem = self.problem()
        if problem:
            self.error.setText(problem)
            self.error.setVisible(True)
            title = self.values()["title"]
            (self.title_edit if not title or len(title) > 300 else self.body_edit).setFocus()
            return
        self.accept()

    def values(self) -> dict:
        return {"title": self.title_edit.text().strip(), "body": self.body_edit.toPlainText().strip(),
                "category": self.category_edit.text().strip(), "tags": self.tags_edit.text().split(),
                "language": self.language.currentData()}

    @staticmethod
    def ask(parent, heading: str = "", initial: dict | None = None, error: str = "") -> dict | None:
        """The values the agent entered, or None if cancelled; tests replace this (no modal)."""
        dlg = ProposalDialog(parent, heading, initial, error)
        return dlg.values() if dlg.exec() == QDialog.DialogCode.Accepted else None


class ProposalsDialog(QDialog):
    """A lead's review queue (publish / reject with a note), or an agent's own proposals."""

    loaded = Signal(int)
    reviewed = Signal(object)  # the proposal id that was published or rejected

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.is_lead = ctx.agent.role in LEAD_ROLES
        self.setWindowTitle(self.tr("Review proposals") if self.is_lead else self.tr("My proposals"))
        self.resize(760, 520)
        self._rows: list[ProposalRow] = []
        self.list = QListWidget(objectName="proposalList")
        self.list.currentRowChanged.connect(self._show_row)
        self.detail = QTextBrowser(objectName="proposalDetail")
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.list)
        split.addWidget(self.detail)
        split.setSizes([260, 500])
        self.status = QLabel(objectName="proposalStatus")
        self.publish_button = QPushButton(self.tr("Publish"), objectName="kbPrimary")
        self.reject_button = QPushButton(self.tr("Reject…"), objectName="rejectButton")
        self.publish_button.clicked.connect(self.publish_current)
        self.reject_button.clicked.connect(self.reject_current)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.close)
        bar = QHBoxLayout()
        bar.addWidget(self.status, 1)
        if self.is_lead:
            bar.addWidget(self.reject_button)
            bar.addWidget(self.publish_button)
        else:
            self.publish_button.hide()
            self.reject_button.hide()
        bar.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addWidget(split, 1)
        lay.addLayout(bar)
        self._set_buttons()
        self.reload()

    def reload(self) -> None:
        agent_id = self.ctx.agent.id
        self.ctx.runner.read(functools.partial(knowledge.list_proposals, agent=agent_id), self._loaded, self._failed)

    @Slot(object)
    def _loaded(self, rows: list[ProposalRow]) -> None:
        self._rows = rows
        self.list.clear()
        for p in rows:
            kind = self.tr("Edit") if p.proposal_of_id else self.tr("New")
            item = QListWidgetItem(f"{p.title}\n{kind} · {p.proposed_by_name} · {_status_name(p.status)}")
            self.list.addItem(item)
        if rows:
            self.list.setCurrentRow(0)
        else:
            empty = html.escape(self.tr("No proposals."))
            self.detail.setHtml(f'<p style="color:#64748b">{empty}</p>')
        self._set_buttons()
        self.loaded.emit(len(rows))

    @Slot(int)
    def _show_row(self, row: int) -> None:
        self._set_buttons()
        if not 0 <= row < len(self._rows):
            return
        p = self._rows[row]
        body = html.escape(p.body).replace("\n", "<br>")
        parts = [f"<h3>{html.escape(p.title)}</h3>",
                 f'<p style="color:#64748b">{html.escape(_meta_line(p))}</p>',
                 f"<p>{body}</p>"]
        if p.proposal_of_id:
            now_label = html.escape(self.tr("Published text now"))
            parts.append(f'<hr><p style="color:#64748b"><b>{now_label}</b> — {html.escape(p.proposal_of_title)}</p>'
                         f'<p style="color:#64748b">{html.escape(p.original_body).replace(chr(10), "<br>")}</p>')
        if p.review_note:
            note_label = html.escape(self.tr("Review note"))
            parts.append(f'<p style="color:#b91c1c"><b>{note_label}:</b> {html.escape(p.review_note)}</p>')
        self.detail.setHtml("".join(parts))

    def _current(self) -> ProposalRow | None:
        row = self.list.currentRow()
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def _set_buttons(self) -> None:
        p = self._current()
        ok = self.is_lead and p is not None and p.status == "proposed"
        self.publish_button.setEnabled(ok)
        self.reject_button.setEnabled(ok)

    @staticmethod
    def ask_note(parent) -> str | None:
        """Why the proposal is turned down; tests replace this (no modal)."""
        title = QCoreApplication.translate("ProposalsDialog", "Reject proposal")
        prompt = QCoreApplication.translate("ProposalsDialog", "Note for the author:")
        text, ok = QInputDialog.getMultiLineText(parent, title, prompt)
        return text.strip() if ok and text.strip() else None

    @Slot()
    def publish_current(self) -> None:
        p = self._current()
        if p is None:
            return
        lead, pid = self.ctx.agent.id, p.id
        self.status.setText(self.tr("Publishing…"))
        self.ctx.runner.write(lambda s: knowledge.publish(s, lead, pid), functools.partial(self._reviewed, pid),
                              self._failed)

    @Slot()
    def reject_current(self) -> None:
        p = self._current()
        if p is None:
            return
        note = self.ask_note(self)
        if not note:
            return
        lead, pid = self.ctx.agent.id, p.id
        self.ctx.runner.write(lambda s: knowledge.reject(s, lead, pid, note), functools.partial(self._reviewed, pid),
                              self._failed)

    def _reviewed(self, pid, _result) -> None:
        self.status.setText(self.tr("Done"))
        self.ctx.changes.changed.emit("kb_article", None)
        self.reviewed.emit(pid)
        self.reload()

    @Slot(object)
    def _failed(self, exc) -> None:
        self.status.setText(errors.message(exc))


class SynonymsDialog(QDialog):
    """A lead's search synonyms for their team (issue 16): what customers say → the words
    the articles use. Proposals learned from use are approved (after editing the words, if
    need be) or dismissed; the lead's own are added; any is removed. Agents see the list."""

    loaded = Signal(object)  # the SynonymsView shown
    saved = Signal(str)  # the phrase added, approved, dismissed or removed

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Search synonyms"))
        self.resize(720, 560)
        self._view: SynonymsView | None = None
        self.heading = QLabel(objectName="synonymsHeading")
        self.heading.setWordWrap(True)
        self.proposal_list = QListWidget(objectName="synonymProposals")
        self.proposal_list.currentRowChanged.connect(self._proposal_chosen)
        self.approve_button = QPushButton(self.tr("Approve"), objectName="kbPrimary")
        self.dismiss_button = QPushButton(self.tr("Dismiss"), objectName="dismissProposal")
        self.approve_button.clicked.connect(self.approve_current)
        self.dismiss_button.clicked.connect(self.dismiss_current)
        self.synonym_list = QListWidget(objectName="synonymList")
        self.synonym_list.currentRowChanged.connect(self._set_buttons)
        self.remove_button = QPushButton(self.tr("Remove"), objectName="removeSynonym")
        self.remove_button.clicked.connect(self.remove_current)
        self.phrase_edit = QLineEdit(objectName="synonymPhrase")
        self.phrase_edit.setPlaceholderText(self.tr("What customers say, e.g. 꺼져요"))
        self.phrase_edit.setMaxLength(40)
        self.words_edit = QLineEdit(objectName="synonymWords")
        self.words_edit.setPlaceholderText(self.tr("The articles' words, e.g. 앱 오류"))
        self.words_edit.setMaxLength(120)
        self.add_button = QPushButton(self.tr("Add"), objectName="addSynonym")
        self.add_button.clicked.connect(self.add_typed)
        self.status = QLabel(objectName="synonymStatus")
        self.status.setWordWrap(True)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.close)

        lay = QVBoxLayout(self)
        lay.addWidget(self.heading)
        self.proposals_label = QLabel(self.tr("Proposed from use (a term that often led to an article that lacks it):"))
        self.proposals_label.setWordWrap(True)
        lay.addWidget(self.proposals_label)
        lay.addWidget(self.proposal_list, 1)
        prow = QHBoxLayout()
        prow.addStretch(1)
        prow.addWidget(self.dismiss_button)
        prow.addWidget(self.approve_button)
        lay.addLayout(prow)
        lay.addWidget(QLabel(self.tr("Synonyms search uses:")))
        lay.addWidget(self.synonym_list, 1)
        form = QHBoxLayout()
        form.addWidget(self.phrase_edit, 2)
        form.addWidget(QLabel("→"))
        form.addWidget(self.words_edit, 3)
        form.addWidget(self.add_button)
        form.addWidget(self.remove_button)
        lay.addLayout(form)
        bar = QHBoxLayout()
        bar.addWidget(self.status, 1)
        bar.addWidget(close)
        lay.addLayout(bar)
        self._set_buttons()
        self.reload()

    def reload(self) -> None:
        self.ctx.runner.read(functools.partial(kb_learning.synonyms_view, agent=self.ctx.agent.id),
                             self._loaded, self._failed)

    @Slot(object)
    def _loaded(self, view: SynonymsView) -> None:
        self._view = view
        self.heading.setText(self.tr("Synonyms of %1: a phrase in a search adds the words after it.")
                             .replace("%1", view.team_name))
        self.proposal_list.clear()
        for p in view.proposals:
            self.proposal_list.addItem(QListWidgetItem(
                self.tr("%1 → %2  (“%3”, %4 recent uses)").replace("%1", p.phrase).replace("%2", p.words)
                .replace("%3", p.article_title).replace("%4", f"{p.weight:.1f}")))
        if not view.proposals:
            self.proposal_list.addItem(QListWidgetItem(self.tr("No proposals yet: they come as agents use articles.")))
            self.proposal_list.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
        self.synonym_list.clear()
        for r in view.synonyms:
            text = f"{r.phrase} → {r.words}" if r.status == "approved" else \
                self.tr("%1 (dismissed proposal)").replace("%1", r.phrase)
            self.synonym_list.addItem(QListWidgetItem(text))
        for w in (self.proposals_label, self.proposal_list, self.approve_button, self.dismiss_button,
                  self.phrase_edit, self.words_edit, self.add_button, self.remove_button):
            w.setVisible(view.can_edit)
        self._set_buttons()
        self.loaded.emit(view)

    def _current_proposal(self) -> Proposal | None:
        row = self.proposal_list.currentRow()
        props = self._view.proposals if self._view else []
        return props[row] if 0 <= row < len(props) else None

    def _current_synonym(self) -> SynonymRow | None:
        row = self.synonym_list.currentRow()
        rows = self._view.synonyms if self._view else []
        return rows[row] if 0 <= row < len(rows) else None

    @Slot(int)
    def _proposal_chosen(self, _row: int) -> None:
        p = self._current_proposal()
        if p is not None:  # the lead may edit the words before approving
            self.phrase_edit.setText(p.phrase)
            self.words_edit.setText(p.words)
        self._set_buttons()

    @Slot()
    def _set_buttons(self, *_args) -> None:
        self.approve_button.setEnabled(self._current_proposal() is not None)
        self.dismiss_button.setEnabled(self._current_proposal() is not None)
        self.remove_button.setEnabled(self._current_synonym() is not None)

    @staticmethod
    def ask_remove(parent, phrase: str) -> bool:
        """Confirms a removal; tests replace this (no modal)."""
        title = QCoreApplication.translate("SynonymsDialog", "Remove synonym")
        text = QCoreApplication.translate("SynonymsDialog", "Remove “%1” from the team's synonyms?").replace("%1", phrase)
        return QMessageBox.question(parent, title, text) == QMessageBox.StandardButton.Yes

    def _save(self, phrase: str, words: str, status: str) -> None:
        agent_id = self.ctx.agent.id
        self.status.setText(self.tr("Saving…"))
        self.ctx.runner.write(lambda s: kb_learning.save_as(s, agent_id, phrase, words, status),
                              functools.partial(self._saved, phrase), self._failed)

    @Slot()
    def approve_current(self) -> None:
        p = self._current_proposal()
        if p is None:
            return
        words = self.words_edit.text().strip() if self.phrase_edit.text().strip() == p.phrase else p.words
        self._save(p.phrase, words or p.words, "approved")

    @Slot()
    def dismiss_current(self) -> None:
        p = self._current_proposal()
        if p is not None:
            self._save(p.phrase, p.words, "dismissed")

    @Slot()
    def add_typed(self) -> None:
        self._save(self.phrase_edit.text(), self.words_edit.text(), "approved")

    @Slot()
    def remove_current(self) -> None:
        r = self._current_synonym()
        if r is None or not self.ask_remove(self, r.phrase):
            return
        agent_id, phrase = self.ctx.agent.id, r.phrase
        self.ctx.runner.write(lambda s: kb_learning.remove_as(s, agent_id, phrase),
                              functools.partial(self._saved, phrase), self._failed)

    def _saved(self, phrase: str, _result) -> None:
        self.status.setText(self.tr("Saved"))
        self.phrase_edit.clear()
        self.words_edit.clear()
        self.ctx.changes.changed.emit("kb_article", None)
        self.saved.emit(phrase)
        self.reload()

    @Slot(object)
    def _failed(self, exc) -> None:
        self.status.setText(errors.message(exc))


# --- the pane -----------------------------------------------------------------------------------
class KnowledgePane(QWidget):
    """Search, suggestions for the open ticket, the reader, feedback and sharing."""

    insertRequested = Signal(str)  # text for the reply composer (a link line, an excerpt, a draft)
    failed = Signal(str)
    resultsShown = Signal(int)  # rows now listed (search results or suggestions)
    articleShown = Signal(object)  # the ArticleDetail in the reader
    useRecorded = Signal(str)  # kind, once the ArticleUse row is written
    voted = Signal(object)  # VoteResult
    proposed = Signal(object)  # ArticleDetail of the new proposal
    visibilityChanged = Signal(object)  # ArticleDetail, once a lead's public/internal mark is written
    meaningSwitched = Signal(bool)  # the agent's "Search by meaning" switch (the window keeps it)

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        # The open composer's mode ('reply', 'note', 'call_log'), set by the window: an internal
        # article is asked about before it goes into a public reply. None: treated as a reply.
        self.composer_mode: Callable[[], str] | None = None
        self.setObjectName("kbPane")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(_STYLE)
        self.setMinimumWidth(340)
        self._ticket_id = None
        self._ticket_number: int | None = None
        self._reads = LatestReads(self, ctx.runner)  # keys "results" (search or suggestions) and "article"
        self._suggestions: Suggestions | None = None
        self._mode = "idle"  # idle / search / suggest
        self._detail: ArticleDetail | None = None
        self._query = ""  # what the listed articles were found for (typed text or the ticket's message)
        self._stale = False  # a refresh was due while hidden
        self._suggest_on_show = False  # a ticket was opened while the tab was hidden
        self._build()
        self._search_timer = make_timer(self, SEARCH_DELAY_MS, self._run_search, single_shot=True)
        self._reload_timer = make_timer(self, RELOAD_DELAY_MS, self._refresh, single_shot=True)
        ctx.changes.changed.connect(self._on_changed)
        ctx.runner.read(knowledge.filter_options, self._fill_filters)
        # Uses and votes not learned yet (pulled, restored): search ranks with them (issue 16).
        ctx.runner.write(kb_learning.learn_new, None, self._report_failure)
        self._show_idle()

    # --- building ---------------------------------------------------------------------------------
    def _build(self) -> None:
        header = QFrame(objectName="kbHeader")
        hl = QVBoxLayout(header)
        hl.setContentsMargins(10, 10, 10, 8)
        hl.setSpacing(6)
        row = QHBoxLayout()
        row.setSpacing(6)
        self.search_edit = QLineEdit(objectName="kbSearch")
        self.search_edit.setPlaceholderText(self.tr("Search the knowledge base (e.g. 한도 조회, refund)"))
        self.search_edit.setAccessibleName(self.tr("Knowledge search"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMaxLength(SEARCH_MAX_CHARS)
        self.search_edit.textChanged.connect(self._on_text_changed)
        self.search_edit.returnPressed.connect(self._search_now)
        row.addWidget(self.search_edit, 1)
        self.more_button = QToolButton(objectName="kbMore", text=self.tr("Share"))
        self.more_button.setToolTip(self.tr("Propose an article or review proposals"))
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.more_button)
        menu.addAction(self.tr("Propose article…"), self.propose_article)
        is_lead = self.ctx.agent.role in LEAD_ROLES
        menu.addAction(self.tr("Review proposals…") if is_lead else self.tr("My proposals…"), self.show_proposals)
        menu.addAction(self.tr("Synonyms…"), self.show_synonyms)
        # Offered only where the model is installed (services/kb_semantic.py).
        self.meaning_action = QAction(self.tr("Search by meaning"), menu, checkable=True)
        self.meaning_action.setObjectName("kbByMeaning")
        self.meaning_action.setToolTip(self.tr("Also finds articles that say the same thing in other words "
                                               "(앱이 자꾸 꺼져요 → 앱 오류)"))
        self.meaning_action.setChecked(kb_semantic.available())
        self.meaning_action.setVisible(kb_semantic.installed())
        self.meaning_action.toggled.connect(self._meaning_toggled)
        menu.addSeparator()
        menu.addAction(self.meaning_action)
        self.more_button.setMenu(menu)
        row.addWidget(self.more_button)
        hl.addLayout(row)
        filters = QHBoxLayout()
        filters.setSpacing(6)
        self.category_box = QComboBox(objectName="kbCategory")
        self.tag_box = QComboBox(objectName="kbTag")
        self.language_box = QComboBox(objectName="kbLanguage")
        self.category_box.addItem(self.tr("All categories"), "")
        self.tag_box.addItem(self.tr("All tags"), "")
        self.language_box.addItem(self.tr("All languages"), "")
        self.language_box.addItem(self.tr("Korean"), "ko")
        self.language_box.addItem(self.tr("English"), "en")
        for box, name in ((self.category_box, self.tr("Category")), (self.tag_box, self.tr("Tag")),
                          (self.language_box, self.tr("Language"))):
            box.setAccessibleName(name)
            box.setToolTip(name)
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(6)
            box.currentIndexChanged.connect(self._search_now)
            filters.addWidget(box, 1)
        hl.addLayout(filters)

        self.context_label = QLabel(objectName="kbContext")
        self.model = ArticleHitModel(self)
        self.results = QListView(objectName="kbResults")
        self.results.setModel(self.model)
        self.results.setItemDelegate(HitDelegate(self.results))
        self.results.setUniformItemSizes(True)
        self.results.setMouseTracking(True)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setAccessibleName(self.tr("Knowledge articles"))
        self.results.selectionModel().currentChanged.connect(self._on_current_changed)
        self.results.activated.connect(self._on_activated)
        self.empty_label = QLabel(objectName="kbEmpty", alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.results)
        self.list_stack.addWidget(self.empty_label)
        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.setSpacing(0)
        tl.addWidget(self.context_label)
        tl.addWidget(self.list_stack, 1)

        self.split = QSplitter(Qt.Orientation.Vertical, objectName="kbSplit")
        self.split.addWidget(top)
        self.split.addWidget(self._build_reader())
        self.split.setStretchFactor(0, 1)
        self.split.setStretchFactor(1, 1)
        self.split.setSizes([400, 400])
        self.split.setChildrenCollapsible(False)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(header)
        lay.addWidget(self.split, 1)

    def _build_reader(self) -> QWidget:
        self.reader = QFrame(objectName="kbReader")
        lay = QVBoxLayout(self.reader)
        lay.setContentsMargins(14, 12, 14, 10)
        lay.setSpacing(6)
        self.title_label = QLabel(objectName="kbTitle", wordWrap=True)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.meta_label = QLabel(objectName="kbMeta", wordWrap=True)
        self.meta_label.setTextFormat(Qt.TextFormat.RichText)
        self.body_view = QTextBrowser(objectName="kbBody")
        self.body_view.setOpenLinks(False)
        self.votes_label = QLabel(objectName="kbVotes")
        self.link_button = QPushButton(self.tr("Insert link"), objectName="insertLink")
        self.excerpt_button = QPushButton(self.tr("Insert excerpt"), objectName="kbPrimary")
        self.helpful_button = QPushButton(self.tr("Helpful"), objectName="kbHelpful", checkable=True)
        self.not_helpful_button = QPushButton(self.tr("Not helpful"), objectName="kbNotHelpful", checkable=True)
        self.edit_button = QPushButton(self.tr("Propose edit"), objectName="proposeEdit")
        # Leads mark an article public (may be quoted to customers) or internal (agents only).
        self.visibility_box = QComboBox(objectName="kbVisibility")
        self.visibility_box.addItem(self.tr("Public"), "public")
        self.visibility_box.addItem(self.tr("Internal (agents only)"), "internal")
        self.visibility_box.setToolTip(self.tr("Who this article is for: an internal one is not quoted to customers "
                                               "without a question"))
        self.visibility_box.setAccessibleName(self.tr("Visibility"))
        if self.ctx.agent.role not in LEAD_ROLES:
            # hide(), never setVisible(True) here: a widget not yet in a layout has no parent,
            # and showing it opens it as a window of its own (it took the main window's focus).
            self.visibility_box.hide()
        self.visibility_box.activated.connect(self._visibility_chosen)
        self.link_button.setToolTip(self.tr("Put the article's title and address into the reply"))
        self.excerpt_button.setToolTip(self.tr("Put the paragraphs that answer the question into the reply"))
        self.link_button.clicked.connect(self.insert_link)
        self.excerpt_button.clicked.connect(self.insert_excerpt)
        self.helpful_button.clicked.connect(functools.partial(self.vote, True))
        self.not_helpful_button.clicked.connect(functools.partial(self.vote, False))
        self.edit_button.clicked.connect(self.propose_edit)
        insert_row = QHBoxLayout()
        insert_row.setSpacing(6)
        insert_row.addWidget(self.excerpt_button)
        insert_row.addWidget(self.link_button)
        insert_row.addStretch(1)
        insert_row.addWidget(self.visibility_box)
        insert_row.addWidget(self.edit_button)
        vote_row = QHBoxLayout()
        vote_row.setSpacing(6)
        vote_row.addWidget(self.votes_label)
        vote_row.addStretch(1)
        vote_row.addWidget(self.helpful_button)
        vote_row.addWidget(self.not_helpful_button)
        lay.addWidget(self.title_label)
        lay.addWidget(self.meta_label)
        lay.addWidget(self.body_view, 1)
        lay.addLayout(vote_row)
        lay.addLayout(insert_row)
        self.reader_placeholder = QLabel(self.tr("Select an article to read it here."), objectName="kbEmpty",
                                         alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.reader_stack = QStackedWidget()
        self.reader_stack.addWidget(self.reader_placeholder)
        self.reader_stack.addWidget(self.reader)
        return self.reader_stack

    # --- public API ------------------------------------------------------------------------------
    def set_ticket(self, ticket_id) -> None:
        """The ticket replies go to; with an empty search box its suggestions are shown."""
        if ticket_id == self._ticket_id:
            return
        self._ticket_id = ticket_id
        self._ticket_number = None
        self._suggestions = None
        self._update_buttons()
        if not self.isVisible():
            # Read when the tab is shown (F8 reads them itself): every ticket opened with
            # another side tab in front spent a suggestion search and an article read on a
            # worker the ticket's own reads share (issue 16).
            self._suggest_on_show = True
            return
        if not self.search_edit.text().strip() and not self._filters_set():
            self._load_suggestions()

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def search(self, text: str) -> None:
        """Sets the search text and searches at once (no debounce)."""
        self.search_edit.setText(text)
        self._search_now()

    def draft_best_suggestion(self) -> bool:
        """Drafts the best suggestion (its most relevant paragraphs, then its link) into the
        reply and records the use; False when the open ticket has no suggestion. Immediate when
        the reader already holds that article, else once it is read (the integrator's key
        need not wait)."""
        if self._ticket_id is None:
            return False
        sug = self._suggestions
        if sug is not None and sug.ticket_id == self._ticket_id:
            if not sug.hits:
                return False
            self._draft_best(sug)
            return True
        # The list shows a search the agent typed (or the suggestions are on their way): ask
        # for the ticket's suggestions without replacing what the list shows.
        self._reads.read("draft", functools.partial(knowledge.suggest_for_ticket, ticket_ref=self._ticket_id,
                                                    limit=SUGGESTION_LIMIT),
                         self._suggested_for_draft, self._report_failure)
        return True

    def _suggested_for_draft(self, sug: Suggestions) -> None:
        if sug.ticket_id != self._ticket_id:
            return
        if not sug.hits:
            self.failed.emit(self.tr("No suggested answer for this ticket yet."))
            return
        self._draft_best(sug)

    def _draft_best(self, sug: Suggestions) -> None:
        if self._detail is not None and self._detail.id == sug.hits[0].id:
            self._draft_loaded(sug, self._detail)
            return
        self.ctx.runner.read(functools.partial(knowledge.get_article, article_id=sug.hits[0].id, agent=self.ctx.agent.id),
                             functools.partial(self._draft_loaded, sug), self._report_failure)

    def current_article(self) -> ArticleDetail | None:
        return self._detail

    # --- searching -------------------------------------------------------------------------------
    def _filters(self) -> dict:
        return {"category": self.category_box.currentData() or None, "tag": self.tag_box.currentData() or None,
                "language": self.language_box.currentData() or None}

    def _filters_set(self) -> bool:
        return any(self._filters().values())

    @Slot(str)
    def _on_text_changed(self, text: str) -> None:
        self._search_timer.start()
        # The query's meaning is worked out while the agent types (when search by meaning is on):
        # the search after the pause then blends at once instead of waiting ~20 ms for it.
        knowledge.prepare_search("".join(ch for ch in text if ch.isprintable()).strip())

    @Slot(bool)
    def _meaning_toggled(self, on: bool) -> None:
        kb_semantic.set_user_choice(on)
        self.meaningSwitched.emit(on)
        self._run_search()  # the listed articles, ranked the new way

    @Slot()
    def _search_now(self, *_args) -> None:
        self._search_timer.stop()
        self._run_search()

    @Slot()
    def _run_search(self) -> None:
        query = "".join(ch for ch in self.search_edit.text() if ch.isprintable()).strip()
        filters = self._filters()
        if not query and not any(filters.values()):
            self._reads.cancel("results")  # anything still running is now stale
            if self._ticket_id is not None:
                self._load_suggestions()
            else:
                self._show_idle()
            return
        self._mode = "search"
        self._reads.read("results", functools.partial(kb_learning.search_as, agent=self.ctx.agent.id, query=query,
                                                      limit=RESULT_LIMIT, **filters),
                         functools.partial(self._on_results, query), self._on_results_failed,
                         on_bug=self._on_results_broken)

    def _load_suggestions(self) -> None:
        self._reads.cancel("results")
        tid = self._ticket_id
        if tid is None:
            self._show_idle()
            return
        self._mode = "suggest"
        self._reads.read("results", functools.partial(knowledge.suggest_for_ticket, ticket_ref=tid,
                                                      limit=SUGGESTION_LIMIT),
                         self._on_suggestions, self._on_results_failed, on_bug=self._on_results_broken)

    def _on_results(self, query: str, hits: list[ArticleHit]) -> None:
        self._query = query
        if hits:
            self.context_label.setProperty("mode", "search")
            self.context_label.setText(self.tr("%n article(s)", "", len(hits)))
        else:
            self.context_label.setText("")
            self.empty_label.setText(self.tr("No articles match “%1”. Try other or fewer words, or clear the filters.")
                                     .replace("%1", query) if query else self.tr("No articles match these filters."))
        self._show_hits(hits)

    def _on_suggestions(self, sug: Suggestions) -> None:
        if sug.ticket_id != self._ticket_id:
            return
        self._suggestions = sug
        self._ticket_number = sug.ticket_number
        self._query = sug.query
        self.context_label.setProperty("mode", "suggest")
        self.context_label.setText(self.tr("Suggested for #%1").replace("%1", str(sug.ticket_number)))
        if not sug.hits:
            self.empty_label.setText(self.tr("No suggestions for #%1. Type to search.").replace("%1", str(sug.ticket_number)))
        self._show_hits(sug.hits)

    def _on_results_failed(self, exc: Exception) -> None:
        self._on_results_broken(exc)
        self.failed.emit(errors.message(exc))

    def _on_results_broken(self, _exc: Exception) -> None:
        """A failed search or suggestion (a bug is already with the crash handler): say so in the list."""
        self.context_label.setText("")
        self.empty_label.setText(self.tr("The search failed. Try again in a moment."))
        self._show_hits([])

    def _show_hits(self, hits: list[ArticleHit]) -> None:
        self.context_label.style().unpolish(self.context_label)
        self.context_label.style().polish(self.context_label)
        self.context_label.setVisible(bool(self.context_label.text()))
        keep = self._detail.id if self._detail else None
        self.model.set_hits(hits)
        self.list_stack.setCurrentIndex(0 if hits else 1)
        if hits:
            row = next((i for i, h in enumerate(hits) if h.id == keep), 0)
            self.results.setCurrentIndex(self.model.index(row))
            self.results.scrollTo(self.model.index(row))
        self.resultsShown.emit(len(hits))

    def _show_idle(self) -> None:
        self._mode = "idle"
        self.context_label.setText("")
        self.context_label.hide()
        self.empty_label.setText(self.tr("Search the knowledge base, or open a ticket to see suggested articles."))
        self.model.set_hits([])
        self.list_stack.setCurrentIndex(1)

    @Slot(object)
    def _fill_filters(self, opts: knowledge.FilterOptions) -> None:
        for box, values in ((self.category_box, opts.categories), (self.tag_box, opts.tags)):
            current = box.currentData()
            box.blockSignals(True)
            while box.count() > 1:
                box.removeItem(1)
            for v in values:
                box.addItem(v if box is self.category_box else f"#{v}", v)
            box.setCurrentIndex(max(0, box.findData(current)))
            box.blockSignals(False)

    # --- the reader ------------------------------------------------------------------------------
    @Slot(QModelIndex, QModelIndex)
    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        hit = current.data(HIT_ROLE) if current.isValid() else None
        if hit is not None:
            self.show_article(hit.id)

    @Slot(QModelIndex)
    def _on_activated(self, index: QModelIndex) -> None:
        self.excerpt_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_article(self, article_id) -> None:
        if self._detail is not None and self._detail.id == article_id and self.reader_stack.currentIndex() == 1:
            self._render_article(self._detail)  # the same article, marked for the new query
            return
        self._reads.read("article", functools.partial(knowledge.get_article, article_id=article_id,
                                                      agent=self.ctx.agent.id),
                         self._render_article, self._report_failure)

    def _render_article(self, d: ArticleDetail) -> None:
        self._detail = d
        self.title_label.setText(d.title)
        meta = [html.escape(x) for x in (d.category, _language_name(d.language)) if x]
        if d.visibility == "internal":
            meta.insert(0, '<span style="background:#fef3c7; color:#92400e; font-weight:bold">&nbsp;'
                        f'{html.escape(_internal_badge())}&nbsp;</span>')
        if d.tags:
            meta.append(" ".join(f'<span style="color:#2563eb">#{html.escape(t)}</span>' for t in d.tags))
        if d.status != "published":
            meta.append(f'<b style="color:#b45309">{html.escape(_status_name(d.status))}</b>')
        self.meta_label.setText("  ·  ".join(meta))
        # Typed words are marked in the text; a ticket's whole message would mark everything.
        body = snippet_html(knowledge.highlight(d.body, self._query if self._mode == "search" else ""), "#0f172a")
        paragraphs = "".join(f'<p style="margin:0 0 8px 0; line-height:140%">{p}</p>' for p in body.split("\n") if p.strip())
        self.body_view.setHtml(paragraphs)
        self._set_votes(d.helpful, d.not_helpful, d.my_vote)
        self.visibility_box.setCurrentIndex(max(0, self.visibility_box.findData(d.visibility)))
        self.reader_stack.setCurrentIndex(1)
        self._update_buttons()
        self.articleShown.emit(d)

    def _set_votes(self, helpful: int, not_helpful: int, mine: bool | None) -> None:
        self.votes_label.setText(self.tr("%1 found this helpful · %2 did not")
                                 .replace("%1", str(helpful)).replace("%2", str(not_helpful)))
        self.helpful_button.setChecked(mine is True)
        self.not_helpful_button.setChecked(mine is False)

    def _update_buttons(self) -> None:
        has_article = self._detail is not None
        can_insert = has_article and self._ticket_id is not None and self._detail.status == "published"
        for b in (self.link_button, self.excerpt_button):
            b.setEnabled(can_insert)
            b.setToolTip(b.toolTip() if can_insert or not has_article else self.tr("Open a ticket to insert into its reply"))
        for b in (self.helpful_button, self.not_helpful_button, self.edit_button, self.visibility_box):
            b.setEnabled(has_article and self._detail.status == "published")

    # --- inserting and recording -------------------------------------------------------------------
    def _link_text(self, d: ArticleDetail) -> str:
        return f"{d.title}: {d.url}"

    @Slot()
    def insert_link(self) -> None:
        d = self._detail
        if d is None or self._ticket_id is None:
            return
        self._insert(d, self._link_text(d), "link")

    @Slot()
    def insert_excerpt(self) -> None:
        d = self._detail
        if d is None or self._ticket_id is None:
            return
        self._insert(d, knowledge.excerpt(d, self._query or None), "excerpt")

    def _draft_loaded(self, sug: Suggestions, d: ArticleDetail) -> None:
        if sug.ticket_id != self._ticket_id:
            return
        text = f"{knowledge.excerpt(d, sug.query)}\n\n{self._link_text(d)}"
        self._insert(d, text, "draft")

    @staticmethod
    def ask_insert_internal(parent, title: str) -> bool:
        """True: put an internal article into a public reply anyway. Tests replace this (no modal)."""
        box = QMessageBox(QMessageBox.Icon.Warning,
                          QCoreApplication.translate("KnowledgePane", "Internal article"),
                          QCoreApplication.translate("KnowledgePane", "“%1” is marked internal: it is written for "
                                                     "agents, not customers. Put it into the public reply anyway?")
                          .replace("%1", title), QMessageBox.StandardButton.NoButton, parent)
        insert = box.addButton(QCoreApplication.translate("KnowledgePane", "Insert anyway"),
                               QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.exec()
        return box.clickedButton() is insert

    def _insert(self, d: ArticleDetail, text: str, kind: str) -> None:
        mode = self.composer_mode() if self.composer_mode is not None else "reply"
        if d.visibility == "internal" and mode == "reply" and not self.ask_insert_internal(self, d.title):
            return  # not inserted, not counted as used
        self.insertRequested.emit(text)
        article_id, ticket_id, agent_id = d.id, self._ticket_id, self.ctx.agent.id
        self.ctx.runner.write(
            lambda s: knowledge.record_use(s, article_id, ticket_id, agent_id, kind),
            functools.partial(self._use_recorded, kind), self._report_failure)

    def _use_recorded(self, kind: str, _use_id) -> None:
        self.useRecorded.emit(kind)

    # --- feedback --------------------------------------------------------------------------------
    def vote(self, helpful: bool, *_args) -> None:
        d = self._detail
        if d is None:
            return
        article_id, agent_id, ticket_id = d.id, self.ctx.agent.id, self._ticket_id
        self.ctx.runner.write(lambda s: knowledge.vote(s, article_id, agent_id, helpful, ticket_id=ticket_id),
                              self._voted, self._report_failure)

    @Slot(object)
    def _voted(self, result: knowledge.VoteResult) -> None:
        if self._detail is not None and self._detail.id == result.article_id:
            self._detail = replace(self._detail, helpful=result.helpful, not_helpful=result.not_helpful,
                                   my_vote=result.mine)
            self._set_votes(result.helpful, result.not_helpful, result.mine)
        self.model.update_votes(result.article_id, result.helpful, result.not_helpful)
        self.voted.emit(result)

    # --- public / internal (leads) --------------------------------------------------------------
    @Slot(int)
    def _visibility_chosen(self, _index: int) -> None:
        d, value = self._detail, self.visibility_box.currentData()
        if d is None or value == d.visibility:
            return
        lead, article_id = self.ctx.agent.id, d.id
        self.ctx.runner.write(lambda s: knowledge.set_visibility(s, lead, article_id, value),
                              self._visibility_written, self._visibility_refused)

    @Slot(object)
    def _visibility_written(self, detail: ArticleDetail) -> None:
        if self._detail is not None and self._detail.id == detail.id:
            self._render_article(replace(detail, my_vote=self._detail.my_vote))
        self.ctx.changes.changed.emit("kb_article", detail.id)  # the lists show the new badge
        self.visibilityChanged.emit(detail)

    @Slot(object)
    def _visibility_refused(self, exc) -> None:
        self.failed.emit(errors.message(exc))
        if self._detail is not None:  # back to what is stored
            self.visibility_box.setCurrentIndex(max(0, self.visibility_box.findData(self._detail.visibility)))

    # --- sharing ---------------------------------------------------------------------------------
    @Slot()
    def propose_article(self) -> None:
        values = ProposalDialog.ask(self, self.tr("Propose an article"))
        if values:
            self._send_proposal(values, None)

    @Slot()
    def propose_edit(self) -> None:
        d = self._detail
        if d is None:
            return
        initial = {"title": d.title, "body": d.body, "category": d.category, "tags": d.tags, "language": d.language}
        values = ProposalDialog.ask(self, self.tr("Propose an edit to “%1”").replace("%1", d.title), initial)
        if values:
            self._send_proposal(values, d.id)

    def _send_proposal(self, values: dict, proposal_of, heading: str = "") -> None:
        agent_id = self.ctx.agent.id
        self.ctx.runner.write(
            lambda s: knowledge.propose(s, agent_id, values["title"], values["body"], category=values["category"],
                                        tags=values["tags"], language=values["language"], proposal_of=proposal_of),
            self._proposed, functools.partial(self._proposal_refused, values, proposal_of, heading))

    def _proposal_refused(self, values: dict, proposal_of, heading: str, exc) -> None:
        """The service said no: the agent gets the dialog back with the text as typed and why."""
        self.failed.emit(errors.message(exc))
        again = ProposalDialog.ask(self, heading or self.tr("Propose an article"), values, errors.message(exc))
        if again:
            self._send_proposal(again, proposal_of, heading)

    @Slot(object)
    def _proposed(self, detail: ArticleDetail) -> None:
        self.ctx.changes.changed.emit("kb_article", detail.id)
        self.proposed.emit(detail)

    @Slot()
    def show_proposals(self) -> ProposalsDialog:
        dlg = ProposalsDialog(self.ctx, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.show()  # not exec(): reviewing does not block the agent's other work
        return dlg

    @Slot()
    def show_synonyms(self) -> SynonymsDialog:
        dlg = SynonymsDialog(self.ctx, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.show()
        return dlg

    # --- keeping up to date ------------------------------------------------------------------------
    @Slot(object)
    def _report_failure(self, exc) -> None:
        self.failed.emit(errors.message(exc))

    @Slot(str, object)
    def _on_changed(self, kind: str, obj_id) -> None:
        if kind == "kb_article" or (kind == "ticket" and self._mode == "suggest" and obj_id in (None, self._ticket_id)):
            self._reload_timer.start()

    def _refresh(self) -> None:
        current = self._detail.id if self._detail else None
        self._detail = None
        self._run_search()
        if current is not None:
            self.show_article(current)
        self.ctx.runner.read(knowledge.filter_options, self._fill_filters)

    def showEvent(self, event) -> None:
        if self._stale:  # something changed while the tab was hidden
            self._stale = False
            self._reload_timer.start()
        if self._suggest_on_show:
            self._suggest_on_show = False
            if not self.search_edit.text().strip() and not self._filters_set():
                self._load_suggestions()
        super().showEvent(event)

    def hideEvent(self, event) -> None:
        # A closed window must leave no timer behind to fire into a half-destroyed pane.
        self._search_timer.stop()
        self._stale = self._stale or self._reload_timer.isActive()
        self._reload_timer.stop()
        super().hideEvent(event)


def _meta_line(p) -> str:
    """Category · #tags · language · status, leaving out what is empty."""
    parts = (p.category, " ".join("#" + t for t in p.tags), _language_name(p.language), _status_name(p.status))
    return " · ".join(x for x in parts if x)
