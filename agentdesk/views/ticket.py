"""The ticket: header with SLA and linked order, editable fields, the conversation
timeline, and the composer (public reply / internal note) with autosaved drafts.

In a team workspace the pane tells the sync controller what it shows (viewing, or
replying once the composer has text) and shows who else is on the ticket. On every
workspace, a reply is questioned before it goes if the customer or a colleague wrote
since the agent started writing (the stale-reply guard, ``ask_send_stale``)."""

from __future__ import annotations

import dataclasses
import functools
import html
from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from agentdesk import mention_rules, rules
from agentdesk.mail.quotes import split_quoted
from agentdesk.models import PRIORITIES, TICKET_STATUSES, utcnow
from agentdesk.services import drafts, mentions, tickets
from agentdesk.services.drafts import DraftState
from agentdesk.services.common import current_agent, list_agents, sla_state
from agentdesk.services.pii import mask_pii
from agentdesk.services.templates import MacroChange, SentWithChanges, StagedChanges, send_with_changes, unfilled_placeholders
from agentdesk.services.tickets import MessageRow, TicketDetail, TicketEvent
from agentdesk.ui.kit import errors, fmt, prefs
from agentdesk.ui.kit.icons import CHANNEL_STYLE, SLA_COLOR
from agentdesk.ui.kit.reads import LatestReads
from agentdesk.ui.kit.tasks import AppContext
from agentdesk.ui.kit.timers import make_timer
from agentdesk.views.attachments import AttachmentTray, TimelineAttachments, attachments_html
from agentdesk.views.call_panel import CallPanel
from agentdesk.views.live_chat import LiveChatBar
from agentdesk.views.mention_completer import MentionCompleter, body_html
from agentdesk.views.protection import ProtectionActions
from agentdesk.views.templates import TemplateApplier, describe_change

# A field whose change is staged (a macro's, sent with the reply) looks pending.
PENDING_STYLE = ("QComboBox[pending=\"true\"], QLineEdit[pending=\"true\"] "
                 "{ border: 1px dashed #d97706; background: #fffbeb; }")

# Timeline colours: inbound left/grey, outbound right/blue, notes yellow, system centred.
BUBBLE = {
    "inbound": ("#f1f5f9", "#0f172a", "left"),
    "outbound": ("#dbeafe", "#0f172a", "right"),
    "internal": ("#fef3c7", "#422006", "right"),
}

# A reply's delivery by the gateway (issue 14, gateway/outbox.py), after its time: (label, colour).
DELIVERY = {
    "queued": (QT_TRANSLATE_NOOP("delivery", "Queued"), "#64748b"),
    "sending": (QT_TRANSLATE_NOOP("delivery", "Sending"), "#64748b"),
    "sent": (QT_TRANSLATE_NOOP("delivery", "Sent"), "#15803d"),
    "unknown": (QT_TRANSLATE_NOOP("delivery", "Delivery unknown: check before resending"), "#b45309"),
    "failed": (QT_TRANSLATE_NOOP("delivery", "Not delivered"), "#b91c1c"),
    "bounced": (QT_TRANSLATE_NOOP("delivery", "Bounced"), "#b91c1c"),
}


def delivery_html(state: str | None) -> str:
    if not state or state not in DELIVERY:
        return ""
    text, color = DELIVERY[state]
    return f' · <span style="color:{color}">{html.escape(QCoreApplication.translate("delivery", text))}</span>'


# Field changes and merges in the timeline: compact grey lines, shown or folded away
# (remembered in the settings file); the link that switches them.
SHOW_CHANGES_KEY = "ticket/show_changes"
CHANGES_LINK = "agentdesk:changes"
# A long conversation opens as its first message, a link for the middle, and the newest
# items, as mail clients fold a long thread: laying out all 50 messages of a long ticket
# was most of the time it took to open (7 of ~40 ms on the GUI thread).
EARLIER_LINK = "agentdesk:earlier"
TIMELINE_HEAD, TIMELINE_TAIL = 1, 19  # items shown before and after the fold
EVENT_STYLE = "color:#64748b; font-size:small"


def timeline_items(d: TicketDetail) -> list[MessageRow | list[TicketEvent]]:
    """The conversation and the ticket's events (field changes, and merges, whose system
    notes become events) by time; consecutive events (nothing said between them) form one
    group. A message comes before an event of the same moment (a reply, then the status
    it set)."""
    dated: list[tuple[datetime, int, MessageRow | TicketEvent]] = []
    for m in d.messages:
        dated.append((m.created_at, 1, TicketEvent(m.created_at, m.author, m.event, m.params)) if m.event
                     else (m.created_at, 0, m))
    dated += [(e.at, 1, e) for e in d.events]
    dated.sort(key=lambda item: (item[0], item[1]))
    out: list[MessageRow | list[TicketEvent]] = []
    for _, _, item in dated:
        if isinstance(item, TicketEvent):
            if out and isinstance(out[-1], list):
                out[-1].append(item)
            else:
                out.append([item])
        else:
            out.append(item)
    return out


def event_html(line: TicketEvent, now: datetime) -> str:
    """One event: its sentence in the window's language and when (the time alone today)."""
    today = line.at.astimezone().date() == now.astimezone().date()
    return f"{html.escape(errors.event(line.kind, line.actor, line.params))} · {fmt.local_time(line.at, not today)}"


# A customer's quoted text and signature (agentdesk/mail/quotes.py) are folded under a link;
# the link names the message, and the set of unfolded messages lives in the pane.
QUOTED_LINK = "agentdesk:quoted:"
QUOTE_STYLE = "color:#64748b; border-left:3px solid #cbd5e1; padding-left:6px"


def _folded_body(m: MessageRow, logins, unfolded: bool) -> str:
    """An inbound message's body with its quoted text and signature folded away (or shown,
    greyed, when ``unfolded``), and the link that switches them. Never deletes: the folded
    text is one click away and the stored body is whole."""
    segments = split_quoted(m.body)
    hidden = [s for s in segments if s.kind != "body"]
    if not hidden:
        return body_html(m.body, m.kind, logins)
    out = []
    for seg in segments:
        if seg.kind == "body":
            out.append(body_html(seg.text.strip("\n"), m.kind, logins))
        elif unfolded:
            out.append(f'<span style="{QUOTE_STYLE}">{body_html(seg.text.strip(chr(10)), m.kind, logins)}</span>')
    label = (QCoreApplication.translate("TicketPane", "Hide quoted text") if unfolded
             else QCoreApplication.translate("TicketPane", "Show quoted text"))
    arrow = "▾" if unfolded else "▸"
    link = f'<a href="{QUOTED_LINK}{m.id}" style="color:#64748b">{arrow} {html.escape(label)}</a>'
    return "<br>".join(p for p in out if p) + f'<br><span style="font-size:small">{link}</span>'


def message_html(m: MessageRow, own_number: int, logins=frozenset(), unfolded=frozenset()) -> str:
    """One message as a rich-text block (Qt's HTML subset); ``logins``: the agents whose
    @mentions in a note are marked; ``unfolded``: the inbound messages whose quoted text
    the agent chose to see."""
    body = (_folded_body(m, logins, m.id in unfolded) if m.direction == "inbound" and m.kind != "system"
            else body_html(m.body, m.kind, logins))
    when = fmt.local_time(m.created_at)
    color, glyph = CHANNEL_STYLE.get(m.channel, ("#64748b", "?"))
    channel = f'<span style="color:{color}">{glyph} {html.escape(fmt.label(m.channel))}</span>'
    origin = "" if m.ticket_number == own_number else f" · #{m.ticket_number}"
    if m.kind == "system":
        return (f'<p align="center" style="color:#64748b; font-size:small; margin:10px 0">'
                f'{body} · {html.escape(m.author)} · {when}{origin}</p>')
    bg, fg, align = BUBBLE.get(m.direction, BUBBLE["inbound"])
    kind = ""
    # A call log is stored as an internal message too: ask for it first, or it reads as a note.
    if m.kind == "call_log":
        kind = f'<b style="color:#7c3aed">☎ {html.escape(fmt.label("call_log"))}</b> · '
        bg = "#ede9fe"
    elif m.kind == "note" or m.direction == "internal":
        kind = f'<b style="color:#b45309">{html.escape(fmt.label("note"))}</b> · '
    return (
        f'<table width="86%" align="{align}" cellspacing="0" cellpadding="9" '
        f'style="margin-top:8px; margin-bottom:4px; background-color:{bg}; color:{fg}">'
        f'<tr><td><span style="font-size:small; color:#475569">{kind}<b>{html.escape(m.author or "?")}</b>'
        f' · {channel} · {when}{origin}{delivery_html(m.delivery)}</span><br>{body}{attachments_html(m.attachments)}'
        f'</td></tr></table>'
        f'<br clear="all">'
    )


class DraftHub(QObject):
    """The drafts of one desk's composers: the same ticket open in the main window and in a
    pop-out shows one draft. A pane posts its draft as it saves it (after the typing pause,
    before the write is done); the other panes on that ticket take it unless they are being
    typed in (then theirs follows, and wins). A pane opening a ticket starts from the newest
    draft posted here, which the database may not hold yet (reads can overtake the write)."""

    posted = Signal(object, object, object)  # ticket id, the posting pane, DraftState or None (sent, emptied)

    @classmethod
    def of(cls, ctx: AppContext) -> DraftHub:
        """The hub of this desk (one per change hook, living as long as it does)."""
        hub = ctx.changes.findChild(QObject, "draftHub")
        return hub if isinstance(hub, DraftHub) else cls(ctx.changes)

    def __init__(self, parent: QObject):
        super().__init__(parent)
        self.setObjectName("draftHub")
        self._latest: dict = {}  # ticket id → the DraftState (None: no draft) posted last

    def post(self, source: QObject, ticket_id, state: DraftState | None) -> None:
        self._latest[ticket_id] = state
        self.posted.emit(ticket_id, source, state)

    def latest(self, ticket_id) -> tuple[bool, DraftState | None]:
        """(known, draft): known is False when nothing was posted for the ticket since start."""
        return (ticket_id in self._latest), self._latest.get(ticket_id)


class TicketPane(QWidget):
    """Shows one ticket; emits customerShown so the 360 follows."""

    loaded = Signal(object)  # TicketDetail, after rendering
    customerShown = Signal(object)  # customer UUID or None
    messageSent = Signal(object)  # MessageRow
    popOutRequested = Signal(object)  # ticket UUID
    failed = Signal(str)

    DRAFT_DELAY_MS = 400

    def __init__(self, ctx: AppContext, parent=None, *, follows_customer: bool = True, can_pop_out: bool = True):
        super().__init__(parent)
        self.ctx = ctx
        self.can_pop_out = can_pop_out  # False in a pop-out window: it is popped out already
        self.detail: TicketDetail | None = None
        self._unfolded: set = set()  # inbound messages whose quoted text the agent opened
        self._whole_timeline = False  # the agent opened the fold of a long conversation
        self._reads = LatestReads(self, ctx.runner)  # key "ticket": show_ticket and reload, the newest wins
        self._loading_fields = False
        self._draft_timer = make_timer(self, self.DRAFT_DELAY_MS, self._save_draft, single_shot=True)
        self._clock = make_timer(self, 1000, self._update_sla)  # runs while shown
        self.follows_customer = follows_customer
        # Stale-reply guard: the messages on screen when the agent started writing (None:
        # the composer is empty). A reply is questioned if others arrived since.
        self._compose_seen: frozenset | None = None
        # A macro's field changes, waiting for the reply (None: nothing staged); written by
        # send_with_changes with the reply, dropped with the draft.
        self.staged: StagedChanges | None = None
        self._staged_follow_ups: list[MacroChange] = []  # their preview, for the pending label
        self._mention_logins: frozenset[str] = frozenset()  # agents whose @mentions the timeline marks
        # The same ticket in another window of this desk: one draft (DraftHub).
        self.drafts = DraftHub.of(ctx)
        self.drafts.posted.connect(self._draft_posted)
        self._taking_draft = False  # showing another window's draft: not an edit of this one
        self._build()
        # Abusive customers (issue 13): warnings, ending the contact, a protective break.
        self.protection = ProtectionActions(ctx, self)
        self._head.insertWidget(1, self.protection.button, 0, Qt.AlignmentFlag.AlignTop)
        # Phone calls (issue 14): timer, hold, recording notice, after-call work, disposition.
        self.call_panel = CallPanel(ctx, self.body)
        self.body.layout().insertWidget(self.body.layout().indexOf(self.split), self.call_panel)
        self.loaded.connect(self.call_panel.ticket_loaded)
        self.call_panel.activeChanged.connect(self._announce_presence)
        self.timeline_files = TimelineAttachments(ctx, self.timeline, self)
        self.timeline_files.failed.connect(self.failed)
        self._show_empty()
        # Templates into the composer: Tab after a shortcut (/환불, ;refund) and the templates pane.
        self.templates = TemplateApplier(ctx, self)
        # @ in a note or call log offers colleagues (views/mention_completer.py).
        self.mention_completer = MentionCompleter(self.composer, self, self._mentions_notify)
        ctx.changes.changed.connect(self._on_changed)
        ctx.runner.read(list_agents, self._fill_agents)
        ctx.runner.read(mentions.agent_directory, self._fill_mentionable)
        if ctx.sync is not None:  # a team workspace: who else is on this ticket
            ctx.sync.presenceChanged.connect(self._show_presence)
        # Live chat (issue 14): "Customer is typing…" on a chat ticket; the agent's typing sent out.
        self.live_chat = LiveChatBar(ctx.sync, self.composer, lambda: self.mode() == "reply", self)
        self.loaded.connect(self.live_chat.ticket_loaded)
        self.messageSent.connect(self.live_chat.reply_sent)
        self.body.layout().insertWidget(self.body.layout().indexOf(self.presence) + 1, self.live_chat)

    # --- layout -----------------------------------------------------------------------------
    def _build(self) -> None:
        self.title = QLabel(objectName="ticketTitle", wordWrap=True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        f = self.title.font()
        f.setPointSizeF(f.pointSizeF() * 1.3)
        f.setBold(True)
        self.title.setFont(f)
        self.meta = QLabel(objectName="ticketMeta", wordWrap=True)
        self.meta.setTextFormat(Qt.TextFormat.RichText)
        self.sla = QLabel(objectName="ticketSla")
        self.sla.setTextFormat(Qt.TextFormat.RichText)
        # Other agents viewing or replying (team workspace only); hidden when nobody is.
        self.presence = QLabel(objectName="presenceBanner", wordWrap=True)
        self.presence.setTextFormat(Qt.TextFormat.RichText)
        self.presence.setStyleSheet("color: #475569; font-size: small;")
        self.presence.setToolTip(self.tr("Other agents who have this ticket open"))
        self.presence.hide()
        self.pop_out = QToolButton(objectName="popOut", text=self.tr("Pop out"))
        self.pop_out.setToolTip(self.tr("Open this ticket in its own window (Ctrl+Shift+O)"))
        self.pop_out.clicked.connect(self._pop_out)
        self.pop_out.setVisible(self.can_pop_out)
        self.merge_button = QToolButton(objectName="mergeButton", text=self.tr("Merge…"))
        self.merge_button.setToolTip(self.tr("Merge this duplicate into another ticket"))
        self.merge_button.clicked.connect(self.merge_into)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.merge_button, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.pop_out, 0, Qt.AlignmentFlag.AlignTop)
        self._head = head

        self.status = QComboBox(objectName="statusEdit")
        for code in TICKET_STATUSES:
            self.status.addItem(fmt.label(code), code)
        self.priority = QComboBox(objectName="priorityEdit")
        for code in PRIORITIES:
            self.priority.addItem(fmt.label(code), code)
        self.assignee = QComboBox(objectName="assigneeEdit")
        self.assignee.addItem(self.tr("Unassigned"), "none")
        self.tags = QLineEdit(objectName="tagsEdit")
        self.tags.setPlaceholderText(self.tr("tags, separated by spaces"))
        self.category = QLineEdit(objectName="categoryEdit")
        self.category.setPlaceholderText(self.tr("category"))
        self.category.setMaxLength(64)
        self.category.editingFinished.connect(self._field_edited)
        self.status.currentIndexChanged.connect(self._field_edited)
        self.priority.currentIndexChanged.connect(self._field_edited)
        self.assignee.currentIndexChanged.connect(self._field_edited)
        self.tags.editingFinished.connect(self._field_edited)
        fields = QHBoxLayout()
        fields.setSpacing(6)
        for label, w in ((self.tr("Status"), self.status), (self.tr("Priority"), self.priority),
                         (self.tr("Assignee"), self.assignee)):
            cap = QLabel(label)
            cap.setStyleSheet("color: palette(mid);")
            fields.addWidget(cap)
            fields.addWidget(w, 1)
        tags_row = QHBoxLayout()
        tags_cap = QLabel(self.tr("Tags"))
        tags_cap.setStyleSheet("color: palette(mid);")
        tags_row.addWidget(tags_cap)
        tags_row.addWidget(self.tags, 1)
        category_cap = QLabel(self.tr("Category"))
        category_cap.setStyleSheet("color: palette(mid);")
        tags_row.addWidget(category_cap)
        tags_row.addWidget(self.category)
        self.pending_label = QLabel(self.tr("Applied when you send"), objectName="pendingLabel")
        self.pending_label.setStyleSheet("color: #b45309; font-size: small;")
        self.pending_label.hide()
        self.discard_staged_button = QToolButton(objectName="discardStaged", text=self.tr("Undo"))
        self.discard_staged_button.setToolTip(self.tr("Drop the changes waiting for the reply"))
        self.discard_staged_button.clicked.connect(self.discard_staged)
        self.discard_staged_button.hide()
        tags_row.addWidget(self.pending_label)
        tags_row.addWidget(self.discard_staged_button)
        for w in (self.status, self.priority, self.assignee, self.tags):
            w.setStyleSheet(PENDING_STYLE)

        self.timeline = QTextBrowser(objectName="timeline")
        self.timeline.setOpenLinks(False)
        self.timeline.setFrameShape(QFrame.Shape.NoFrame)
        self.timeline.anchorClicked.connect(self._timeline_link)  # "Show changes" / "Hide changes"

        # Composer
        self.reply_mode = QPushButton(self.tr("Public reply"), objectName="replyMode", checkable=True, checked=True)
        self.note_mode = QPushButton(self.tr("Internal note"), objectName="noteMode", checkable=True)
        self.call_mode = QPushButton(self.tr("Call log"), objectName="callMode", checkable=True)
        self.call_mode.setToolTip(self.tr("Write down what was said on the call (kept with the ticket, not sent)"))
        group = QButtonGroup(self)
        group.addButton(self.reply_mode)
        group.addButton(self.note_mode)
        group.addButton(self.call_mode)
        group.setExclusive(True)
        group.buttonToggled.connect(self._mode_changed)
        self.send_button = QPushButton(self.tr("Send"), objectName="sendButton")
        self.send_button.setToolTip(self.tr("Send (Ctrl+Enter)"))
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self.send)
        # Send and set status (Zendesk's "Submit as"): the same one write as a staged macro.
        self.send_menu_button = QToolButton(objectName="sendMenu", text="▾")
        self.send_menu_button.setToolTip(self.tr("Send and set the status"))
        self.send_menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.send_menu_button.setStyleSheet("QToolButton::menu-indicator { image: none; }")  # the ▾ says it
        send_menu = QMenu(self.send_menu_button)
        self.send_as_actions: dict[str, QAction] = {}
        for status, text in (("pending", self.tr("Send and set pending")), ("solved", self.tr("Send and set solved"))):
            action = send_menu.addAction(text)
            action.setObjectName(f"sendAs_{status}")
            action.triggered.connect(functools.partial(self.send, status))
            self.send_as_actions[status] = action
        self.send_menu_button.setMenu(send_menu)
        self.draft_state = QLabel(objectName="draftState")
        self.draft_state.setStyleSheet("color: palette(mid);")
        self.composer = QPlainTextEdit(objectName="composer")
        self.composer.setPlaceholderText(self.tr("Write a reply… (r: reply, n: note, Ctrl+Enter: send)"))
        self.composer.textChanged.connect(self._composer_edited)
        self.composer.installEventFilter(self)
        # No literal tab in a reply: Tab expands a shortcut, or moves on as in any form.
        self.composer.setTabChangesFocus(True)
        # Files with the reply (views/attachments.py): Attach…, drop, a pasted screenshot.
        self.attachments = AttachmentTray(self.ctx, self)
        self.attachments.watch(self.composer)
        bar = QHBoxLayout()
        bar.addWidget(self.reply_mode)
        bar.addWidget(self.note_mode)
        bar.addWidget(self.call_mode)
        bar.addStretch(1)
        bar.addWidget(self.draft_state)
        bar.addWidget(self.send_button)
        bar.addWidget(self.send_menu_button)
        composer_box = QFrame(objectName="composerBox")
        cl = QVBoxLayout(composer_box)
        cl.setContentsMargins(0, 6, 0, 0)
        cl.addLayout(bar)
        cl.addWidget(self.composer)
        cl.addWidget(self.attachments)

        split = QSplitter(Qt.Orientation.Vertical, objectName="ticketSplit")
        split.addWidget(self.timeline)
        split.addWidget(composer_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([520, 180])
        self.split = split

        self.body = QWidget()
        bl = QVBoxLayout(self.body)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.setSpacing(6)
        bl.addLayout(head)
        bl.addWidget(self.meta)
        bl.addWidget(self.sla)
        bl.addWidget(self.presence)
        bl.addLayout(fields)
        bl.addLayout(tags_row)
        bl.addWidget(split, 1)
        self.placeholder = QLabel(self.tr("Select a ticket in the inbox (j/k to move, Enter to open)."),
                                  alignment=Qt.AlignmentFlag.AlignCenter, objectName="ticketPlaceholder", wordWrap=True)
        self.placeholder.setStyleSheet("color: palette(mid); font-size: 14px;")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 8, 10, 8)
        lay.addWidget(self.placeholder)
        lay.addWidget(self.body)

        send = QShortcut(QKeySequence("Ctrl+Return"), self, self.send)
        send.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        send2 = QShortcut(QKeySequence("Ctrl+Enter"), self, self.send)
        send2.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    @Slot(object)
    def _fill_mentionable(self, agents) -> None:
        self.mention_completer.set_agents(agents, self.ctx.agent.id)
        self._mention_logins = frozenset(a.login for a in agents)
        if self.detail is not None and any("@" in m.body for m in self.detail.messages):
            self._render(self.detail)  # its mentions get their marks

    def _mentions_notify(self) -> bool:
        return mention_rules.notifies(self.mode())

    def _show_empty(self) -> None:
        self.body.hide()
        self.placeholder.show()

    @Slot(object)
    def _fill_agents(self, agents) -> None:
        self._loading_fields = True
        for _agent_id, login, name in agents:
            self.assignee.addItem(name, login)
        self._loading_fields = False
        if self.detail:
            self._set_fields(self.detail)

    # --- loading ------------------------------------------------------------------------------
    def show_ticket(self, ticket_id) -> None:
        """Loads in the background; a newer request wins over an older one still running."""
        self._flush_draft()
        agent_id = self.ctx.agent.id

        def load(session):
            detail = tickets.get_detail(session, ticket_id)
            return detail, drafts.load_draft_state(session, detail.id, agent_id)

        self._reads.read("ticket", load, self._loaded, self._load_failed)

    def reload(self) -> None:
        if self.detail:
            # Same token as show_ticket: of two reloads racing on the read threads,
            # only the newest may render (an older one would hide the latest message).
            self._reads.read("ticket", functools.partial(tickets.get_detail, ref=self.detail.id),
                             self._reloaded, self._load_failed)

    @Slot(object)
    def _loaded(self, result) -> None:
        detail, draft = result  # the newest request: an older one (another ticket) was dropped
        first_time = self.detail is None or self.detail.id != detail.id
        if first_time:
            self._unfolded = set()
            self._whole_timeline = False
        self._render(detail)
        if first_time:
            known, posted = self.drafts.latest(detail.id)
            if known:
                draft = posted  # another window's newest draft: its write may still be queued
            self._show_draft(draft)
            self.draft_state.setText(self.tr("Draft restored") if draft else "")
            # A restored draft is read against the conversation as it is shown now.
            self._compose_seen = self._seen_ids() if self.composer.toPlainText().strip() else None
            self._show_presence(detail.id, [])
            self._announce_presence()
            self.attachments.set_ticket(detail.id)
        if self.follows_customer:
            self.customerShown.emit(detail.customer_id)
        self.loaded.emit(detail)

    def _show_draft(self, draft: DraftState | None) -> None:
        """Puts a draft (text, mode, staged changes) into the composer and the fields, as
        it was kept: not an edit, so nothing is saved or posted for it."""
        self._taking_draft = True
        try:
            self._drop_staged()
            self.composer.blockSignals(True)
            self.composer.setPlainText(draft.body if draft else "")
            self.composer.blockSignals(False)
            {"note": self.note_mode, "call_log": self.call_mode}.get(draft.mode if draft else "",
                                                                     self.reply_mode).setChecked(True)
            self._fit_mode_to_channel()
            if draft is not None and draft.staged is not None:
                self.staged = draft.staged  # restored with the draft: still applied when it is sent
                self._staged_follow_ups = list(draft.pending)
                if self.detail is not None:
                    self._set_fields(self.detail)
        finally:
            self._taking_draft = False

    @Slot(object, object, object)
    def _draft_posted(self, ticket_id, source, draft: DraftState | None) -> None:
        """Another window saved its draft of the ticket shown here: this composer shows it
        too, unless the agent is typing here (this draft is saved next, and wins)."""
        if source is self or self.detail is None or ticket_id != self.detail.id or self._draft_timer.isActive():
            return
        mine = self._draft_here()
        if mine == draft:
            return
        cursor = self.composer.textCursor()
        position = cursor.position()
        self._show_draft(draft)
        if self.composer.hasFocus():  # the agent's cursor stays where it was (as far as the text goes)
            cursor = self.composer.textCursor()
            cursor.setPosition(min(position, len(self.composer.toPlainText())))
            self.composer.setTextCursor(cursor)
        else:
            self.composer.moveCursor(QTextCursor.MoveOperation.End)
        self._taking_draft = True
        try:
            self._track_composing()
        finally:
            self._taking_draft = False
        self.draft_state.setText(self.tr("Draft updated in another window") if draft else "")

    def _draft_here(self) -> DraftState | None:
        body = self.composer.toPlainText()
        if not body.strip():
            return None
        return DraftState(body, self.mode(), self.staged, tuple(self._staged_follow_ups))

    @Slot(object)
    def _reloaded(self, detail: TicketDetail) -> None:
        if self.detail and detail.id == self.detail.id:
            self._render(detail)
            self.loaded.emit(detail)

    @Slot(object)
    def _load_failed(self, exc) -> None:
        self.failed.emit(errors.message(exc))

    def _render(self, d: TicketDetail) -> None:
        self.detail = d
        self.placeholder.hide()
        self.body.show()
        self.title.setText(f"{fmt.ticket_number(d.number)}  {mask_pii(d.subject)}")
        color, glyph = CHANNEL_STYLE.get(d.channel, ("#64748b", "?"))
        parts = [
            f'<span style="color:{color}">{glyph} {html.escape(fmt.label(d.channel))}</span>',
            html.escape(d.customer_name or self.tr("Unknown customer")),
            self.tr("Created %1").replace("%1", fmt.local_time(d.created_at)),
        ]
        if d.order_number:
            parts.append(self.tr("Order %1 (%2, %3)").replace("%1", f"<b>{html.escape(d.order_number)}</b>")
                         .replace("%2", html.escape(fmt.label(d.order_status))).replace("%3", fmt.won(d.order_total)))
        if d.merged_into_number:
            merged_into = self.tr("Merged into #%1").replace("%1", str(d.merged_into_number))
            parts.append(f'<b style="color:#b45309">{merged_into}</b>')
        if d.merged_numbers:
            merged = ", ".join(f"#{n}" for n in d.merged_numbers)
            parts.append(self.tr("Includes %1").replace("%1", merged))
        if d.tags:
            parts.append(" ".join(f'<span style="color:#2563eb">#{html.escape(t)}</span>' for t in d.tags))
        self.meta.setText(" · ".join(parts))
        self._update_sla()
        self._set_fields(d)
        self.mention_completer.set_ticket_team(d.team_id)
        self._render_timeline(d)
        sb = self.timeline.verticalScrollBar()
        sb.setValue(sb.maximum())
        readonly = d.merged_into_number is not None
        self.composer.setReadOnly(readonly)
        self.attachments.setEnabled(not readonly)
        self.send_button.setEnabled(not readonly)
        self.send_menu_button.setEnabled(not readonly)
        self.merge_button.setEnabled(not readonly)
        self._fit_mode_to_channel()

    # --- the timeline: messages, and the ticket's events between them ---------------------------
    def _render_timeline(self, d: TicketDetail) -> None:
        show = prefs.flag(SHOW_CHANGES_KEY, True)
        now = utcnow()
        blocks = []
        items: list = timeline_items(d)
        folded_count = len(items) - TIMELINE_HEAD - TIMELINE_TAIL
        if folded_count > 1 and not self._whole_timeline:
            middle = items[TIMELINE_HEAD:-TIMELINE_TAIL]
            n = sum(isinstance(i, MessageRow) for i in middle)
            text = html.escape(self.tr("Show %n earlier message(s)", "", n) if n else
                               self.tr("Show %n earlier change(s)", "", sum(len(i) for i in middle)))
            items = [*items[:TIMELINE_HEAD], EARLIER_LINK, *items[-TIMELINE_TAIL:]]
        for item in items:
            if item == EARLIER_LINK:
                blocks.append(f'<p align="center" style="margin:8px 0"><a href="{EARLIER_LINK}" '
                              f'style="color:#2563eb">▸ {text}</a></p>')
            elif isinstance(item, MessageRow):
                blocks.append(message_html(item, d.number, self._mention_logins, self._unfolded))
            elif show:
                lines = "<br>".join(event_html(line, now) for line in item)
                hide = html.escape(self.tr("Hide changes"))
                blocks.append(f'<p align="center" style="{EVENT_STYLE}; margin:6px 0">{lines}'
                              f' · <a href="{CHANGES_LINK}" style="color:#94a3b8">{hide}</a></p>')
            else:
                folded = html.escape(self.tr("Show %n change(s)", "", len(item)))
                blocks.append(f'<p align="center" style="{EVENT_STYLE}; margin:4px 0">'
                              f'<a href="{CHANGES_LINK}" style="color:#94a3b8">▸ {folded}</a></p>')
        empty = self.tr("No messages yet.")
        self.timeline.setHtml("".join(blocks) or f"<p>{empty}</p>")
        self.timeline_files.rendered(d.messages)  # thumbnails: the new document needs them again

    @Slot(QUrl)
    def _timeline_link(self, url: QUrl) -> None:
        link = url.toString()
        if self.detail is None or (link not in (CHANGES_LINK, EARLIER_LINK) and not link.startswith(QUOTED_LINK)):
            return
        if link == EARLIER_LINK:
            self._whole_timeline = True
        elif link == CHANGES_LINK:
            prefs.set_flag(SHOW_CHANGES_KEY, not prefs.flag(SHOW_CHANGES_KEY, True))
        else:
            message = link.removeprefix(QUOTED_LINK)
            self._unfolded = {i for i in self._unfolded if str(i) != message} | (
                set() if any(str(i) == message for i in self._unfolded)
                else {m.id for m in self.detail.messages if str(m.id) == message})
        sb = self.timeline.verticalScrollBar()
        from_end = sb.maximum() - sb.value()  # the agent's place, counted from the newest message
        self._render_timeline(self.detail)
        sb.setValue(max(0, sb.maximum() - from_end))

    def _fit_mode_to_channel(self) -> None:
        """On a channel that cannot deliver a reply (a phone ticket) the reply mode is off,
        saying why, and the composer writes a call log: the service would refuse the reply."""
        d = self.detail
        deliverable = d is None or rules.can_deliver_reply(d.channel)
        self.reply_mode.setEnabled(deliverable)
        self.reply_mode.setToolTip("" if deliverable else self.tr(
            "A %1 ticket has no way to send a reply to the customer: log the call or add a note")
            .replace("%1", fmt.label(d.channel) if d is not None else ""))
        if not deliverable and self.reply_mode.isChecked():
            self.call_mode.setChecked(True)

    def _set_fields(self, d: TicketDetail) -> None:
        """The stored values, with the staged changes over them (marked pending)."""
        shown = self._shown_values(d)
        self._loading_fields = True
        self.status.setCurrentIndex(max(0, self.status.findData(shown["status"])))
        self.priority.setCurrentIndex(max(0, self.priority.findData(shown["priority"])))
        login = shown["assignee"]
        self.assignee.setCurrentIndex(max(0, self.assignee.findData(login) if login != "none" else 0))
        self.tags.setText(" ".join(shown["tags"]))
        self.category.setText(d.category or "")
        self._loading_fields = False
        staged = self.staged
        for name, w in (("status", self.status), ("priority", self.priority), ("assignee", self.assignee),
                        ("tags", self.tags)):
            pending = staged is not None and (staged.add_tags or staged.remove_tags if name == "tags"
                                              else getattr(staged, name) is not None)
            if bool(w.property("pending")) != bool(pending):
                w.setProperty("pending", bool(pending))
                w.style().unpolish(w)
                w.style().polish(w)
        self._show_pending_label()

    def _shown_values(self, d: TicketDetail) -> dict:
        """What the fields show: the stored values with the staged changes over them."""
        staged = self.staged or StagedChanges()
        assignee = staged.assignee or self._login_of(d.assignee_id) or "none"
        if assignee == "me":
            assignee = self.ctx.agent.login
        return {"status": staged.status or d.status, "priority": staged.priority or d.priority,
                "assignee": assignee, "tags": staged.tags_after(d.tags)}

    def _show_pending_label(self) -> None:
        staged = self.staged
        self.pending_label.setVisible(staged is not None)
        self.discard_staged_button.setVisible(staged is not None)
        if staged is None:
            return
        text = self.tr("Applied when you send")
        if self._staged_follow_ups:
            text += " · " + "; ".join(describe_change(c) for c in self._staged_follow_ups)
        self.pending_label.setText(text)

    # --- staged changes (a macro's, sent with the reply) ------------------------------------
    def stage_macro(self, macro: dict, values: dict, preview: list[MacroChange]) -> None:
        """Holds a macro's changes until the reply is sent; the fields show them as pending.
        Nothing is written: discarding the draft drops them."""
        if self.detail is None:
            return
        self.staged = (self.staged or StagedChanges()).with_macro(macro, values)
        self._staged_follow_ups += [c for c in preview if c.field == "follow_up"]
        self._set_fields(self.detail)
        self._draft_timer.start()  # kept with the draft: a restart keeps them too

    @Slot()
    def discard_staged(self, *_args) -> None:
        """Drops the staged changes (the Undo button); the fields show what is stored again,
        and the draft is kept without them."""
        if self.staged is None:
            return
        self._drop_staged()
        if self.detail is not None and not self._taking_draft:
            self._draft_timer.start()

    def _drop_staged(self) -> None:
        if self.staged is None:
            return
        self.staged = None
        self._staged_follow_ups = []
        if self.detail is not None:
            self._set_fields(self.detail)
        else:
            self._show_pending_label()

    def _login_of(self, agent_id) -> str | None:
        if agent_id is None:
            return None
        if agent_id == self.ctx.agent.id:
            return self.ctx.agent.login
        for i in range(self.assignee.count()):
            if self.assignee.itemText(i) == (self.detail.assignee_name if self.detail else None):
                return self.assignee.itemData(i)
        return None

    def _update_sla(self) -> None:
        d = self.detail
        if d is None:
            return
        if d.sla_next_due is None:
            text = self.tr("SLA: met or not running")
            self.sla.setText(f'<span style="color:{SLA_COLOR["none"]}">{html.escape(text)}</span>')
            return
        now = utcnow()
        state = sla_state(d.sla_next_due, now)
        which = self.tr("First response") if d.first_response_at is None else self.tr("Resolution")
        word = {"ok": self.tr("due in"), "at_risk": self.tr("at risk, due in"), "breached": self.tr("breached by")}[state]
        countdown = fmt.countdown(d.sla_next_due, now).lstrip("-")
        self.sla.setText(f'<span style="color:{SLA_COLOR[state]}; font-weight:bold">SLA · {html.escape(which)} '
                         f'{html.escape(word)} {countdown}</span> <span style="color:#64748b">'
                         f'({fmt.local_time(d.sla_next_due)})</span>')

    # --- editing fields -----------------------------------------------------------------------
    @Slot()
    def _field_edited(self, *_args) -> None:
        if self._loading_fields or self.detail is None:
            return
        d = self.detail
        new_tags = set(self.tags.text().replace(",", " ").lower().split())
        old_tags = set(d.tags)
        staged = self.staged
        if staged is not None:
            # A field that holds a staged change stays staged with the agent's new value
            # (it goes with the reply); the other fields are written now, as always.
            shown = self._shown_values(d)
            restaged = staged
            for name, combo in (("status", self.status), ("priority", self.priority), ("assignee", self.assignee)):
                if getattr(staged, name) is not None and combo.currentData() != shown[name]:
                    restaged = dataclasses.replace(restaged, **{name: combo.currentData()})
            if (staged.add_tags or staged.remove_tags) and new_tags != set(shown["tags"]):
                restaged = dataclasses.replace(restaged, add_tags=frozenset(new_tags - old_tags),
                                               remove_tags=frozenset(old_tags - new_tags))
                new_tags = old_tags
            if restaged != staged:
                self.staged = restaged
                self._set_fields(d)
                self._draft_timer.start()
        kwargs = dict(
            status=self.status.currentData() if self.status.currentData() != d.status else None,
            priority=self.priority.currentData() if self.priority.currentData() != d.priority else None,
            add_tags=sorted(new_tags - old_tags), remove_tags=sorted(old_tags - new_tags),
        )
        if self.category.text().strip() != (d.category or ""):
            kwargs["category"] = self.category.text().strip()
        login = self.assignee.currentData()
        if login != (self._login_of(d.assignee_id) or "none"):
            kwargs["assignee"] = login
        if self.staged is not None:
            for name in ("status", "priority", "assignee"):
                if getattr(self.staged, name) is not None:
                    kwargs.pop(name, None)  # staged: written with the reply
        if not any(kwargs.values()):
            return
        self.apply_changes(**kwargs)

    def apply_changes(self, **kwargs) -> None:
        """Writes field changes (status, priority, assignee, category, add_tags, remove_tags) in the background."""
        if self.detail is None:
            return
        tid, login = self.detail.id, self.ctx.agent.login

        def write(session):
            return tickets.update_ticket(session, tid, current_agent(session, login), **kwargs)

        self.ctx.runner.write(write, self._changed_written, self._write_failed, on_bug=self._put_back)

    @Slot(object)
    def _changed_written(self, changes) -> None:
        if changes and self.detail:
            self.ctx.changes.changed.emit("ticket", self.detail.id)

    @Slot(object)
    def _write_failed(self, exc) -> None:
        self.failed.emit(errors.message(exc))
        self.reload()  # put the fields back to what is stored

    @Slot(object)
    def _put_back(self, _exc) -> None:
        """After a bug (the crash handler has it): the fields show what is stored."""
        self.reload()

    # --- composer -------------------------------------------------------------------------------
    def start_reply(self) -> None:
        self.reply_mode.setChecked(True)
        self._fit_mode_to_channel()  # a phone ticket: the call log instead
        self.composer.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def start_note(self) -> None:
        self.note_mode.setChecked(True)
        self.composer.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def insert_into_composer(self, text: str, *, replace: bool = False) -> bool:
        """Puts text at the cursor (or in place of the draft) for the agent to check and send;
        False when no ticket is open or it is read-only."""
        if self.detail is None or self.composer.isReadOnly() or not text:
            return False
        if replace:
            self.composer.setPlainText(text)
            self.composer.moveCursor(QTextCursor.MoveOperation.End)
        else:
            cursor = self.composer.textCursor()
            before = self.composer.toPlainText()[: cursor.position()]
            if before and not before.endswith(("\n", " ")):
                text = "\n" + text  # an inserted excerpt starts on its own line
            cursor.insertText(text)
        self.composer.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def mode(self) -> str:
        if self.call_mode.isChecked():
            return "call_log"
        return "note" if self.note_mode.isChecked() else "reply"

    @Slot(QAbstractButton, bool)
    def _mode_changed(self, _button=None, checked: bool = True) -> None:
        if not checked:
            return  # the other half of a switch: the newly checked button comes too
        mode = self.mode()
        self.composer.setStyleSheet({"note": "QPlainTextEdit { background: #fffbeb; }",
                                     "call_log": "QPlainTextEdit { background: #f5f3ff; }"}.get(mode, ""))
        self.send_button.setText({"note": self.tr("Add note"), "call_log": self.tr("Log call")}.get(mode, self.tr("Send")))
        self._composer_edited()

    @Slot()
    def _composer_edited(self) -> None:
        if self._taking_draft:
            return
        if self.detail is not None:
            self.draft_state.setText(self.tr("Editing…"))
            self._draft_timer.start()
        self._track_composing()

    def _track_composing(self) -> None:
        has_text = bool(self.composer.toPlainText().strip())
        if not has_text:
            self._compose_seen = None
            self.discard_staged()  # the draft is gone: what it would have changed goes with it
        elif self._compose_seen is None:
            self._compose_seen = self._seen_ids()
        self._announce_presence()

    # --- presence and the stale-reply guard -----------------------------------------------------
    def _seen_ids(self) -> frozenset:
        return frozenset(m.id for m in self.detail.messages) if self.detail is not None else frozenset()

    def _announce_presence(self) -> None:
        """Tells the team (through the sync controller) what this pane shows and whether
        a reply is being written; nothing on a standalone workspace."""
        sync = self.ctx.sync
        if sync is None or self.detail is None or not self.isVisible():
            return
        sync.set_presence(self.detail.id, "replying" if self.is_replying() else "viewing")

    def is_replying(self) -> bool:
        """A public reply is being written here: presence's 'replying', and on an embedded
        workspace the signed-in agent's "on a contact" (agent_states.effective_state).
        A call on in the call panel is a contact too."""
        return self.detail is not None and ((self.mode() == "reply" and bool(self.composer.toPlainText().strip()))
                                            or self.call_panel.on_call())

    @Slot(object, list)
    def _show_presence(self, ticket_id, others) -> None:
        """The banner: other agents on this ticket, those writing a reply first."""
        if self.detail is None or ticket_id != self.detail.id:
            return
        parts = []
        for name, activity, _seen in others:
            who = html.escape(name or "?")
            if activity == "replying":
                parts.append('<b style="color:#b45309">✎ ' + self.tr("%1 is replying").replace("%1", who) + "</b>")
            else:
                parts.append("👁 " + self.tr("%1 is viewing").replace("%1", who))
        self.presence.setText(" · ".join(parts))
        self.presence.setVisible(bool(parts))

    def news_since_composing(self) -> list[MessageRow]:
        """Messages that arrived after the agent started writing: the customer's, and
        replies of other agents (notes and system lines do not count)."""
        if self.detail is None or self._compose_seen is None:
            return []
        me = self.ctx.agent.name
        return [m for m in self.detail.messages if m.id not in self._compose_seen and m.kind != "system"
                and (m.direction == "inbound" or (m.direction == "outbound" and m.author != me))]

    def _stale_question(self, news: list[MessageRow]) -> str:
        names = ", ".join(dict.fromkeys(m.author or "?" for m in news if m.direction == "outbound"))
        customer = any(m.direction == "inbound" for m in news)
        if names and customer:
            return self.tr("While you were writing, %1 replied and the customer wrote. Send anyway?").replace("%1", names)
        if names:
            return self.tr("While you were writing, %1 replied. Send anyway?").replace("%1", names)
        return self.tr("While you were writing, the customer wrote. Send anyway?")

    @staticmethod
    def ask_send_stale(parent, question: str) -> bool:
        """True: send anyway; False: review first (the draft stays). Tests replace this
        (no modal in tests)."""
        title = QCoreApplication.translate("TicketPane", "New messages arrived")
        box = QMessageBox(QMessageBox.Icon.Question, title, question, QMessageBox.StandardButton.NoButton, parent)
        send = box.addButton(QCoreApplication.translate("TicketPane", "Send"), QMessageBox.ButtonRole.AcceptRole)
        review = box.addButton(QCoreApplication.translate("TicketPane", "Review"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(review)
        box.setEscapeButton(review)
        box.exec()
        return box.clickedButton() is send

    def _confirm_not_stale(self) -> bool:
        news = self.news_since_composing()
        if not news:
            return True
        if self.ask_send_stale(self, self._stale_question(news)):
            return True
        # Review: the agent has now seen them; the next Send goes through unasked.
        self._compose_seen = self._seen_ids()
        sb = self.timeline.verticalScrollBar()
        sb.setValue(sb.maximum())
        self.draft_state.setText(self.tr("Not sent: review the new messages, then send again."))
        self.composer.setFocus(Qt.FocusReason.OtherFocusReason)
        return False

    def _flush_draft(self) -> None:
        if self._draft_timer.isActive():
            self._draft_timer.stop()
            self._save_draft()

    def flush_draft(self) -> None:
        """Saves what was typed now rather than after the pause (a pop-out opens with it)."""
        self._flush_draft()

    def _save_draft(self) -> None:
        if self.detail is None:
            return
        tid, aid, body, mode = self.detail.id, self.ctx.agent.id, self.composer.toPlainText(), self.mode()
        staged, pending = self.staged, tuple(self._staged_follow_ups)
        self.drafts.post(self, tid, self._draft_here())
        self.ctx.runner.write(lambda s: drafts.save_draft(s, tid, aid, body, mode, staged, pending),
                              self._draft_saved, self._write_failed)

    @Slot(object)
    def _draft_saved(self, _result) -> None:
        self.draft_state.setText(self.tr("Draft saved"))

    def send(self, set_status: str | None = None, *_args) -> None:
        """Sends the reply or note with the staged changes, in one write; ``set_status``:
        Send and set status (the send button's menu) stages that status too."""
        if self.detail is None or self.composer.isReadOnly():
            return
        if not isinstance(set_status, str):
            set_status = None  # a signal's checked flag, not a status
        body = self.composer.toPlainText().strip()
        if not body:
            self.draft_state.setText(self.tr("Write a few words to go with the files") if self.attachments.pending
                                     else self.tr("Nothing to send"))
            return
        if self.mode() == "reply":  # an @colleague in a reply: send it, make it a note, or review
            choice = self.mention_completer.public_reply_choice(body, self)
            if choice == "cancel":
                return
            if choice == "note":
                self.note_mode.setChecked(True)
        if self.mode() == "reply" and self._refuse_unfilled(body):
            return
        if self.mode() == "reply" and not self._confirm_not_stale():
            return
        self._draft_timer.stop()
        tid, aid, login, kind = self.detail.id, self.ctx.agent.id, self.ctx.agent.login, self.mode()
        files = self.attachments.pending_ids()
        staged = self.staged
        if set_status is not None:
            staged = (staged or StagedChanges()).with_fields(status=set_status)

        def write(session):
            sent = send_with_changes(session, tid, current_agent(session, login), body, kind, staged, attachments=files)
            drafts.clear_draft(session, tid, aid)
            return sent

        self.send_button.setEnabled(False)
        self.ctx.runner.write(write, self._sent, self._send_failed, on_bug=self._send_broken)

    def _refuse_unfilled(self, body: str) -> bool:
        """A template value left empty (⟦…⟧) or raw {{ … }} never reaches a customer:
        the reply stays, with the first gap selected for the agent to type over."""
        left = unfilled_placeholders(body)
        if not left:
            return False
        first = left[0]
        cursor = self.composer.document().find(first)
        if not cursor.isNull():
            self.composer.setTextCursor(cursor)
        self.composer.setFocus(Qt.FocusReason.OtherFocusReason)
        if first.startswith("⟦"):
            message = self.tr("Not sent: fill in %1 first.").replace("%1", ", ".join(dict.fromkeys(
                m for m in left if m.startswith("⟦"))))
        else:
            message = self.tr("Not sent: the reply still contains template code (%1).").replace("%1", first + "…")
        self.draft_state.setText(message)
        self.failed.emit(message)
        return True

    @Slot(object)
    def _sent(self, sent: SentWithChanges) -> None:
        msg: MessageRow = sent.message
        self.staged = None  # written with the reply
        self._staged_follow_ups = []
        if self.detail is not None:
            self.drafts.post(self, self.detail.id, None)  # sent: no draft left in any window
        if self.detail is not None:
            self._set_fields(self.detail)  # the reload that follows shows the stored values
        self.send_button.setEnabled(True)
        self.composer.blockSignals(True)
        self.composer.clear()
        self.composer.blockSignals(False)
        self.attachments.sent()
        self._track_composing()
        self.draft_state.setText({"reply": self.tr("Sent"), "call_log": self.tr("Call logged")}.get(msg.kind)
                                 or self.tr("Note added"))
        self.messageSent.emit(msg)
        self.ctx.changes.changed.emit("ticket", self.detail.id if self.detail else None)
        for c in sent.changes:
            if c.field == "follow_up":
                self.ctx.changes.changed.emit("followup", c.row_id)

    @Slot(object)
    def _send_failed(self, exc) -> None:
        self._send_broken(exc)
        self.failed.emit(self.tr("Not sent: %1").replace("%1", errors.message(exc)))

    @Slot(object)
    def _send_broken(self, _exc) -> None:
        # The text stays in the composer (and in the draft): nothing the agent wrote is lost.
        self.send_button.setEnabled(True)
        self._save_draft()

    def showEvent(self, event) -> None:
        self._clock.start()
        super().showEvent(event)
        self._announce_presence()

    def hideEvent(self, event) -> None:
        self._clock.stop()
        self._flush_draft()  # closing the pane or its window keeps what was typed
        if self.ctx.sync is not None and self.detail is not None:
            self.ctx.sync.release_presence(self.detail.id)
        super().hideEvent(event)

    def eventFilter(self, obj, event) -> bool:
        if obj is self.composer and event.type() == QEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.send()
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.timeline.setFocus()
                return True
            modifiers = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
            if (event.key() == Qt.Key.Key_Tab and not event.modifiers() & modifiers
                    and self.templates.expand_at_cursor()):
                return True  # a template shortcut: expanded; any other Tab behaves as usual
        return super().eventFilter(obj, event)

    # --- merge / pop out ------------------------------------------------------------------------
    @staticmethod
    def ask_merge_target(parent, number: int) -> str | None:
        """Asks for the ticket to merge into, showing it and asking to confirm (MergeDialog);
        tests replace this (no modal in tests)."""
        dialog = MergeDialog(parent.ctx, parent.detail.id, number, parent)
        try:
            return dialog.target() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()

    def merge_into(self) -> None:
        if self.detail is None:
            return
        target = self.ask_merge_target(self, self.detail.number)
        if not target:
            return
        src, login = self.detail.id, self.ctx.agent.login
        self.ctx.runner.write(lambda s: tickets.merge_tickets(s, src, target, current_agent(s, login)),
                              self._merged, self._merge_failed)

    @Slot(object)
    def _merged(self, _r) -> None:
        self.ctx.changes.changed.emit("ticket", None)  # two tickets changed: everyone re-reads

    @Slot(object)
    def _merge_failed(self, exc) -> None:
        QMessageBox.warning(self, self.tr("Merge failed"), errors.message(exc))

    def _pop_out(self) -> None:
        if self.detail is not None and self.can_pop_out:
            self.popOutRequested.emit(self.detail.id)

    @Slot(str, object)
    def _on_changed(self, kind: str, obj_id) -> None:
        # Only this ticket (or "something changed", None): a write to another ticket
        # must not re-read and re-render a 50-message conversation.
        if kind == "ticket" and self.detail is not None and obj_id in (None, self.detail.id):
            self.reload()


class MergeDialog(QDialog):
    """Merging is not undone, so the target is shown before the agent confirms: as they type
    its number, the dialog looks it up (on a worker; the newest lookup wins) and shows its
    subject, customer and status, the rules' refusal if any (merged already, into itself),
    and a warning to tick when the two tickets belong to different customers."""

    LOOKUP_DELAY_MS = 250  # debounced: one lookup per pause in typing, not per key

    def __init__(self, ctx: AppContext, source_id, source_number: int, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.source_id = source_id
        self.source_number = source_number
        self.preview: tickets.MergePreview | None = None
        self._reads = LatestReads(self, ctx.runner)
        self._lookup_timer = make_timer(self, self.LOOKUP_DELAY_MS, self._look_up, single_shot=True)
        self.setWindowTitle(self.tr("Merge ticket"))
        self.setObjectName("mergeDialog")
        self.number = QLineEdit(objectName="mergeTarget")
        self.number.setPlaceholderText(self.tr("ticket number, e.g. 1042"))
        self.number.textChanged.connect(self._typed)
        self.target_view = QLabel(objectName="mergePreview", wordWrap=True)
        self.target_view.setTextFormat(Qt.TextFormat.RichText)
        self.target_view.setMinimumHeight(48)
        self.warning = QLabel(objectName="mergeWarning", wordWrap=True)
        self.warning.setStyleSheet("color: #b91c1c;")
        self.confirm_other = QCheckBox(self.tr("Merge anyway: I checked it is the same person"),
                                       objectName="mergeOtherCustomer")
        self.confirm_other.toggled.connect(self._update_button)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.merge_button.setObjectName("confirmMerge")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        intro = QLabel(self.tr("Merge #%1 into ticket:").replace("%1", str(source_number)))
        note = QLabel(self.tr("#%1 will be closed and its conversation shown in the target. This cannot be undone.")
                      .replace("%1", str(source_number)), wordWrap=True)
        note.setStyleSheet("color: palette(mid);")
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.number)
        lay.addWidget(self.target_view)
        lay.addWidget(self.warning)
        lay.addWidget(self.confirm_other)
        lay.addWidget(note)
        lay.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self._show(None, "")

    def target(self) -> str | None:
        """The confirmed target's number, or None."""
        return str(self.preview.number) if self._can_merge() else None

    @Slot(str)
    def _typed(self, _text: str) -> None:
        # What is on screen belongs to the old number until the lookup answers.
        self._reads.cancel("target")
        self._show(None, self.tr("Looking up…") if self.number.text().strip() else "")
        self._lookup_timer.start()

    def _look_up(self) -> None:
        ref = self.number.text().strip()
        if not ref:
            return
        if not ref.lstrip("#").isdigit():
            self._show(None, self.tr("Type the number of the ticket to merge into."))
            return
        src = self.source_id
        self._reads.read("target", lambda s: tickets.merge_preview(s, src, ref), self._found, self._not_found)

    @Slot(object)
    def _found(self, preview: tickets.MergePreview) -> None:
        self._show(preview, "")

    @Slot(object)
    def _not_found(self, exc) -> None:
        self._show(None, self.tr("No ticket #%1 here.").replace("%1", self.number.text().strip().lstrip("#")))

    def _show(self, preview: tickets.MergePreview | None, message: str) -> None:
        self.preview = preview
        self.confirm_other.setChecked(False)
        if preview is None:
            self.target_view.setText(html.escape(message))
            self.warning.clear()
            self.warning.hide()
            self.confirm_other.hide()
        else:
            customer = html.escape(preview.customer_name or self.tr("Unknown customer"))
            self.target_view.setText(f"<b>#{preview.number}</b> {html.escape(mask_pii(preview.subject))}<br>"
                                     f"{customer} · {html.escape(fmt.label(preview.status))}")
            if preview.refusal is not None:
                self.warning.setText(errors.phrase(preview.refusal_code, preview.refusal_params)
                                     if errors.known(preview.refusal_code) else preview.refusal)
            elif preview.other_customer:
                self.warning.setText(self.tr("Different customers: #%1 is %2's. Their conversations will be "
                                             "shown together in #%1.")
                                     .replace("%1", str(preview.number)).replace("%2", customer))
            else:
                self.warning.clear()
            self.warning.setVisible(bool(self.warning.text()))
            self.confirm_other.setVisible(preview.refusal is None and preview.other_customer)
        self._update_button()
        # Wrapped labels' heights are not in the layout's minimum: grown by hand when a
        # warning appears, or it is drawn over the preview.
        if self.isVisible():
            self.resize(self.width(), max(self.height(), self.heightForWidth(self.width())))

    def _can_merge(self) -> bool:
        p = self.preview
        return (p is not None and p.refusal is None and (not p.other_customer or self.confirm_other.isChecked()))

    @Slot()
    def _update_button(self, *_args) -> None:
        self.merge_button.setEnabled(self._can_merge())
        self.merge_button.setText(self.tr("Merge into #%1").replace("%1", str(self.preview.number))
                                  if self.preview is not None else self.tr("Merge"))
