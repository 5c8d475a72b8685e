"""@mentions of the signed-in agent: a toast when one arrives, read when the ticket opens.

``MentionCenter`` asks the service for mentions of the agent that no toast has shown yet
on this desk, at start, every 15 s and whenever something moves (a note written here, a
pull that brought mentions: ``ChangeKind.MENTION``). Each gets one toast ("박서준 mentioned
you on #15553: …"), PII masked, that opens the ticket on click; a backlog (the first
sync of a new desk) gets one summary toast instead. A toast, once shown, marks the mention
notified in this workspace, so a restart does not show it again. Opening the ticket marks
its mentions read (synced to the team, so the agent's other desks agree).
"""

from __future__ import annotations

import functools
import uuid
from datetime import UTC, datetime
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, Slot

from agentdesk.models import ChangeKind
from agentdesk.services import mentions
from agentdesk.services.pii import mask_pii
from agentdesk.ui.kit import errors
from agentdesk.ui.kit.reads import LatestReads
from agentdesk.ui.kit.tasks import AppContext
from agentdesk.ui.kit.timers import make_timer
from agentdesk.ui.kit.toasts import Toast, ToastStack

POLL_MS = 15_000
SUMMARY_AFTER = 3  # more new mentions at once than this: one summary toast


def _poll(agent_id: uuid.UUID, session):
    notices, total = mentions.unnotified(session, agent_id)
    return notices, total, mentions.unread_ticket_ids(session, agent_id)


def _notified(agent_id: uuid.UUID, ids: list, now: datetime, session) -> None:
    mentions.mark_notified(session, agent_id, ids, now)


def _read(agent_id: uuid.UUID, ticket_id, now: datetime, session) -> int:
    return mentions.mark_read(session, agent_id, ticket_id, now)


class _MentionToast(Toast):
    """A toast that opens its ticket when clicked anywhere but its buttons."""

    clicked = Signal()

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        event.accept()  # the release then comes here too

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class MentionCenter(QObject):
    """Toasts for new mentions of the agent; marks them read when their ticket opens."""

    openTicketRequested = Signal(object)  # ticket UUID
    mentionsViewRequested = Signal()  # the summary toast's "Show mentions"
    mentionShown = Signal(object)  # the MentionNotice just shown
    changed = Signal()  # mentions were marked read here (the inbox badge follows)
    checked = Signal()  # a poll's result has been applied (tests wait on it)
    failed = Signal(str)

    def __init__(self, ctx: AppContext, window, clock: Callable[[], datetime] | None = None):
        super().__init__(window)
        self.ctx = ctx
        self.window = window
        self.clock: Callable[[], datetime] = clock or (lambda: datetime.now(UTC))
        self.stack = ToastStack.of(window)
        self._shown: set[uuid.UUID] = set()  # mentions toasted this session (the write may lag)
        self._toasts: dict[uuid.UUID, Toast] = {}  # mention id → its toast
        self._toast_tickets: dict[uuid.UUID, uuid.UUID] = {}  # mention id → ticket id
        self._summary: Toast | None = None
        self.unread_tickets: set[uuid.UUID] = set()
        self._reading: set[uuid.UUID] = set()  # tickets being marked read now
        self._reads = LatestReads(self, ctx.runner)
        self._timer = make_timer(self, POLL_MS, self.check_now)
        self._timer.start()
        ctx.changes.changed.connect(self._on_changed)

    def stop(self) -> None:
        self._timer.stop()

    # --- polling -------------------------------------------------------------------------
    @Slot()
    def check_now(self) -> None:
        self._reads.read("poll", functools.partial(_poll, self.ctx.agent.id), self._on_polled, self._on_failed)

    @Slot(str, object)
    def _on_changed(self, kind: str, _id) -> None:
        if kind in (ChangeKind.TICKET, ChangeKind.MENTION):
            self.check_now()

    def _on_failed(self, exc: Exception) -> None:
        self.failed.emit(errors.message(exc))

    def _on_polled(self, result) -> None:
        notices, total, unread = result
        self.unread_tickets = set(unread) - self._reading
        # Read elsewhere (another desk of mine, this ticket opened): its toast goes.
        for mid, tid in list(self._toast_tickets.items()):
            if tid not in self.unread_tickets:
                self._close_toast(mid)
        fresh = [n for n in notices if n.id not in self._shown]
        if fresh:
            self._shown.update(n.id for n in fresh)
            if total > SUMMARY_AFTER:
                self._show_summary(total, notices)
            else:
                for notice in fresh:
                    self._show_toast(notice)
            ids = [n.id for n in fresh]
            self.ctx.runner.write(functools.partial(_notified, self.ctx.agent.id, ids, self.clock()),
                                  None, self._on_failed)
            for notice in fresh:
                self.mentionShown.emit(notice)
        self.checked.emit()

    # --- toasts ----------------------------------------------------------------------------
    def toast_for(self, mention_id) -> Toast | None:
        t = self._toasts.get(mention_id)
        return t if t is not None and shiboken6.isValid(t) else None

    def summary_toast(self) -> Toast | None:
        t = self._summary
        return t if t is not None and shiboken6.isValid(t) else None

    def _title(self, notice) -> str:
        return self.tr("%1 mentioned you on #%2").replace("%1", notice.author_name).replace("%2", str(notice.ticket_number))

    def _show_toast(self, notice) -> None:
        toast = _MentionToast(self._title(notice), mask_pii(notice.preview), kicker=self.tr("Mention"),
                              level="info", parent=self.window)
        toast.setObjectName("toast")  # the toast style keys on it
        toast.setProperty("mentionId", str(notice.id))
        toast.setToolTip(mask_pii(f"#{notice.ticket_number} {notice.ticket_subject}"))
        toast.setCursor(Qt.CursorShape.PointingHandCursor)
        open_ticket = functools.partial(self._open, notice.id, notice.ticket_id)
        toast.add_button(self.tr("Open"), open_ticket, primary=True, name="toastOpen")
        toast.clicked.connect(open_ticket)
        toast.closed.connect(functools.partial(self._toast_closed, notice.id, toast))
        self._toasts[notice.id] = toast
        self._toast_tickets[notice.id] = notice.ticket_id
        self.stack.push(toast)

    def _show_summary(self, total: int, notices: list) -> None:
        """A backlog (a new desk's first sync): one toast with the count and the first few."""
        self._close_summary()
        lines = [mask_pii(f"#{n.ticket_number} {n.author_name}: {n.preview}") for n in notices[:3]]
        if total > 3:
            lines.append("…")
        toast = Toast(self.tr("%n new mentions", "", total), "\n".join(lines), kicker=self.tr("Mention"),
                      level="info", parent=self.window)
        toast.add_button(self.tr("Show mentions"), self._summary_open, primary=True, name="toastShowMentions")
        toast.closed.connect(functools.partial(self._summary_closed, toast))
        self._summary = toast
        self.stack.push(toast)

    def _open(self, mention_id, ticket_id) -> None:
        self._close_toast(mention_id)
        self.openTicketRequested.emit(ticket_id)

    def _summary_open(self) -> None:
        self._close_summary()
        self.mentionsViewRequested.emit()

    def _summary_closed(self, toast) -> None:
        if self._summary is toast:
            self._summary = None

    def _close_summary(self) -> None:
        toast, self._summary = self._summary, None
        if toast is not None and shiboken6.isValid(toast):
            toast.dismiss()

    def _toast_closed(self, mention_id, toast) -> None:
        if self._toasts.get(mention_id) is toast:
            del self._toasts[mention_id]
            self._toast_tickets.pop(mention_id, None)

    def _close_toast(self, mention_id) -> None:
        self._toast_tickets.pop(mention_id, None)
        toast = self._toasts.pop(mention_id, None)
        if toast is not None and shiboken6.isValid(toast):
            toast.dismiss()

    # --- reading -------------------------------------------------------------------------------
    @Slot(object)
    def ticket_opened(self, detail) -> None:
        """A ticket pane shows ``detail``: mentions of me on it are read now (written only
        when there are some, so opening other tickets writes nothing)."""
        tid = getattr(detail, "id", detail)
        if tid not in self.unread_tickets or tid in self._reading:
            return
        self._reading.add(tid)
        self.unread_tickets.discard(tid)
        for mid, t in list(self._toast_tickets.items()):
            if t == tid:
                self._close_toast(mid)
        self.ctx.runner.write(functools.partial(_read, self.ctx.agent.id, tid, self.clock()),
                              functools.partial(self._was_read, tid), functools.partial(self._read_failed, tid))

    def _was_read(self, ticket_id, _count) -> None:
        self._reading.discard(ticket_id)
        self.changed.emit()
        self.ctx.changes.changed.emit(ChangeKind.MENTION, ticket_id)

    def _read_failed(self, ticket_id, exc: Exception) -> None:
        self._reading.discard(ticket_id)
        self._on_failed(exc)
