"""The main window: assembles inbox | ticket | customer 360, the status bar, shortcuts,
menus and the command palette. It only wires views together; they do the work."""

from __future__ import annotations

import functools
import logging
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QSettings, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QLabel,
    QMessageBox,
    QMainWindow,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QWidget,
)

from agentdesk import agent_states, training_rules
from agentdesk.db import describe_url, sqlite_path
from agentdesk.models import LEAD_ROLES, ChangeKind
from agentdesk.services import customers as customer_service
from agentdesk.services import kb_semantic
from agentdesk.services import knowledge as knowledge_service
from agentdesk.services import routing as routing_service
from agentdesk.services.common import set_agent_status
from agentdesk.services.tickets import VIEWS
from agentdesk.ui.kit import errors, fmt, prefs
from agentdesk.ui.kit.icons import app_icon, dot_icon
from agentdesk.ui.palette import Command, CommandPalette, ShortcutSheet
from agentdesk.ui.kit.reads import LatestReads
from agentdesk.ui.kit.tasks import AppContext
from agentdesk.ui.mentions import MentionCenter
from agentdesk.ui.notifications import ReminderCenter
from agentdesk.ui.kit.timers import make_timer
from agentdesk.ui.kit.toasts import Toast, ToastStack
from agentdesk.views.customer360 import Customer360Pane
from agentdesk.views.inbox import InboxPane
from agentdesk.views.work_clock import WorkClock
from agentdesk.views.ticket import TicketPane

if TYPE_CHECKING:  # the windows, dialogs and side panes made on demand are imported then (start-up time)
    from agentdesk.ui.about import AboutDialog
    from agentdesk.views.calendar import CalendarPane
    from agentdesk.views.knowledge import KnowledgePane
    from agentdesk.views.templates import TemplatesPane
    from agentdesk.views.new_ticket import LogCallDialog, NewCustomerDialog, NewTicketDialog
    from agentdesk.views.supervisor import SupervisorWindow
    from agentdesk.views.trainer import TrainerWindow

# The agent's own status control (agentdesk/agent_states.py: the states an agent chooses).
STATUS_DOT = {"available": "#16a34a", "after_contact_work": "#f59e0b", "break": "#0ea5e9", "training": "#8b5cf6",
              "offline": "#94a3b8"}
ERROR_SHOWN_MS = 10_000  # an error line stays this long beside the status bar's controls

# First start: this size where the screen has room, else the screen's available area.
PREFERRED_SIZE = QSize(1600, 940)
# Room the window manager's title bar and borders take (the frame is unknown before the first
# show); without it a 768-line screen puts the status bar under the taskbar.
FRAME_ALLOWANCE = QSize(16, 40)
# Below this the three columns cannot all work; kept under 1280x680 so the window fits a
# 1366x768 screen with a taskbar (issue 12).
MINIMUM_SIZE = QSize(1040, 640)
# The side column's share of the splitter and its bounds (px): the Templates list needs ~440
# to show its four columns; below that its pages scroll rather than clip.
SIDE_SHARE, SIDE_MIN, SIDE_MAX = 0.29, 320, 460


def _source_text(source: str, _disambiguation: str | None = None, _n: int = -1) -> str:
    """tr() without a translation: the English text the code gives."""
    return source


class TicketWindow(QMainWindow):
    """A ticket popped out into its own window, to work two side by side."""

    def __init__(self, ctx: AppContext, ticket_id, parent=None):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("ticketWindow")
        self.ticket_id = ticket_id
        self.pane = TicketPane(ctx, self, follows_customer=False, can_pop_out=False)
        self.setCentralWidget(self.pane)
        self.pane.loaded.connect(self._title)
        self.pane.show_ticket(ticket_id)
        self.resize(760, 820)

    @Slot(object)
    def _title(self, detail) -> None:
        self.setWindowTitle(f"#{detail.number} {detail.subject} — AgentDesk")


AGE_RULES_EVERY_MS = 60_000  # as often as the team server runs them (server/routing.py)
# Another process's commit to a standalone workspace (a gateway's new mail) shows within this;
# asking costs microseconds (a counter in the WAL index).
OTHER_WRITERS_EVERY_MS = 1000
KB_VECTORS_FIRST_MS = 3_000  # after the window is built: the first look for articles without a meaning vector
KB_VECTORS_MIN_PAUSE_MS = 100  # between two batches of the vector build (it also waits as long as a batch took)
KB_MEANING_KEY = "knowledge/by_meaning"  # the agent's "Search by meaning" switch (prefs)
KB_VECTORS_AGAIN_MS = 60_000  # after the last meaning vector was built, look for new or edited articles

class MainWindow(QMainWindow):
    languageChangeRequested = Signal(str)
    closed = Signal()  # after the window saved its state: the app quits on it

    def __init__(self, ctx: AppContext, settings: QSettings, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self._reads = LatestReads(self, ctx.runner)
        self.settings = settings
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("AgentDesk — %1").replace("%1", ctx.agent.name))
        self.setWindowIcon(app_icon())
        self.popouts: list[TicketWindow] = []
        self.supervisor: SupervisorWindow | None = None
        self.trainer: TrainerWindow | None = None

        self.inbox = InboxPane(ctx, self)
        self.ticket = TicketPane(ctx, self)
        self.customer = Customer360Pane(ctx, self)
        # The right-hand column: what the agent looks up while answering, one tab each.
        self.side = _SideTabs(objectName="sideTabs")
        self.side.setDocumentMode(True)
        self.side.add_pane(self.customer, self.tr("Customer"))
        # Knowledge, Templates and Calendar are made once the window is up (or when first
        # needed): a quarter of building the window (0.13-0.18 s of CPU) for three hidden tabs.
        self._side_panes: dict[str, QWidget] = {}
        self._first_open_prepared = False
        for name, title in (("knowledge", self.tr("Knowledge")), ("templates", self.tr("Templates")),
                            ("calendar", self.tr("Calendar"))):
            self.side.add_placeholder(_SIDE_PANE_NAMES[name], title)
        self.side.currentChanged.connect(self._side_tab_chosen)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, objectName="mainSplit")
        for w, minimum in ((self.inbox, 360), (self.ticket, 320), (self.side, 260)):
            w.setMinimumWidth(minimum)  # no pane can be squeezed into uselessness
            self.splitter.addWidget(w)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self.setMinimumSize(MINIMUM_SIZE)

        self.inbox.ticketSelected.connect(self._preview_ticket)
        self.inbox.ticketActivated.connect(self.open_ticket)
        self.inbox.countsUpdated.connect(self._counts_updated)
        self.inbox.saved.failed.connect(self.show_error)
        self.ticket.customerShown.connect(self._follow_customer)
        self.ticket.popOutRequested.connect(self.pop_out)
        self.ticket.failed.connect(self.show_error)
        self.customer.ticketRequested.connect(self.open_ticket)
        self.ticket.loaded.connect(self._ticket_loaded)
        # Time on a ticket is recorded as work (handle time; views/work_clock.py).
        self.work_clock = WorkClock(ctx, self)
        self.ticket.loaded.connect(self.work_clock.ticket_opened)
        ctx.runner.error.connect(self.show_error)
        # Reminders keep firing while the window is minimised (a timer on this object, plus
        # a tray message); the status bar counts what is overdue.
        self.reminders = ReminderCenter(ctx, self)
        self.reminders.overdueChanged.connect(self._overdue_changed)
        self.reminders.openTicketRequested.connect(self._open_from_reminder)
        self.reminders.openCustomerRequested.connect(self.show_customer)
        self.reminders.calendarRequested.connect(self._overdue_agenda)
        self.reminders.failed.connect(self.show_error)
        self.reminders.check_now()  # not 15 s after start: what is already due shows at once
        # @mentions of me: a toast each, read when their ticket opens (here or popped out).
        self.mentions = MentionCenter(ctx, self)
        self.mentions.openTicketRequested.connect(self._open_from_reminder)
        self.mentions.mentionsViewRequested.connect(self._show_mentions)
        self.mentions.failed.connect(self.show_error)
        self.ticket.loaded.connect(self.mentions.ticket_opened)
        self.mentions.check_now()
        # Articles synced or upgraded from an older schema get into the local search index.
        ctx.runner.write(knowledge_service.ensure_index, self._kb_indexed)
        # Search by meaning: on where the model is installed, unless the agent switched it off.
        kb_semantic.set_user_choice(prefs.flag(KB_MEANING_KEY, True))
        self._kb_vectors_on = kb_semantic.available()
        self._kb_vectors_busy = False  # a batch is being read, embedded or saved
        self._kb_vectors_started = 0.0
        self._kb_vectors_timer = make_timer(self, KB_VECTORS_AGAIN_MS, self._kb_vectors_step, single_shot=True)
        self._kb_vectors_pause = make_timer(self, KB_VECTORS_MIN_PAUSE_MS, self._kb_vectors_step, single_shot=True)
        # The first look waits until the window is up: reading the vectors and loading the
        # model (numpy, 0.1 s of CPU) would take the GIL from the start-up.
        QTimer.singleShot(KB_VECTORS_FIRST_MS, self, self._kb_vectors_step)

        self._build_status_bar()
        self.commands = self._all_commands()
        self._add_source_titles(self.commands)
        self._wire_customer_360()
        self._build_menus()
        self._install_shortcuts()
        self._install_intake()
        self._install_age_rules()
        self._install_other_writers_watch()
        self._wire_protection()
        self._restore_layout()

    # --- status bar ----------------------------------------------------------------------------
    def _build_status_bar(self) -> None:
        sb = self.statusBar()
        self.agent_status = QComboBox(objectName="agentStatus")
        for code in agent_states.CHOSEN:
            self.agent_status.addItem(dot_icon(STATUS_DOT[code]), fmt.label(code), str(code))
        stored = agent_states.read(self.ctx.agent.status)  # an old 'busy'/'away' shows as its new state
        self.agent_status.setCurrentIndex(self.agent_status.findData(str(stored)))
        self.agent_status.currentIndexChanged.connect(self._agent_status_changed)
        self.counts_label = QLabel(objectName="countsLabel")
        self.overdue_label = QLabel(objectName="overdueLabel")
        self.overdue_label.setToolTip(self.tr("Follow-ups past their due time (Calendar tab)"))
        self.overdue_label.hide()
        self.workspace_label = QLabel(objectName="workspaceLabel")
        self.workspace_label.setText(self.tr("Workspace: %1").replace("%1", describe_url(self.ctx.db.url)))
        self.workspace_label.setToolTip(self.ctx.db.url if self.ctx.db.is_sqlite else describe_url(self.ctx.db.url))
        sb.addWidget(QLabel(f"  {self.ctx.agent.name}"))
        sb.addWidget(self.agent_status)
        sb.addWidget(self.counts_label)
        sb.addWidget(self.overdue_label)
        # Errors get a place of their own: QStatusBar.showMessage would hide the agent's
        # status selector, the counts and the overdue label for as long as it shows.
        self.error_label = QLabel(objectName="statusError")
        self.error_label.setStyleSheet("color: #b91c1c;")
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setMinimumWidth(0)
        self.error_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # never widens the window
        sb.addWidget(self.error_label, 1)
        self._error_timer = make_timer(self, ERROR_SHOWN_MS, self.error_label.clear, single_shot=True)
        self.kb_vectors_label = QLabel(objectName="kbVectorsLabel")
        self.kb_vectors_label.setToolTip(self.tr("Articles are searched by their words until their meaning is "
                                                 "worked out (once, in the background)"))
        self.kb_vectors_label.setContentsMargins(0, 0, 12, 0)  # apart from the workspace's name
        self.kb_vectors_label.hide()
        sb.addPermanentWidget(self.kb_vectors_label)
        sb.addPermanentWidget(self.workspace_label)
        self.sync_label = None
        if self.ctx.sync is not None:
            from agentdesk.ui.sync import SyncStatusLabel

            profile = self.ctx.sync.team.profile
            self.workspace_label.setText(self.tr("Team: %1").replace("%1", profile.name))
            self.workspace_label.setToolTip(f"{profile.agent} @ {profile.server}\n{self.ctx.db.url}")
            self.sync_label = SyncStatusLabel(self.ctx.sync, self)
            sb.addPermanentWidget(self.sync_label)
            self.ctx.sync.conflictArrived.connect(self._sync_conflict)

    @Slot(str)
    def _sync_conflict(self, message: str) -> None:
        """A write of mine lost a merge or was refused: never silent."""
        ToastStack.of(self).push(Toast(self.tr("Your change was not applied as made"), message,
                                       kicker=self.tr("Sync"), level="warn", timeout_ms=20000, parent=self))

    def sync_now(self) -> None:
        if self.ctx.sync is not None:
            self.ctx.sync.sync_now()
        else:
            self.show_error(self.tr("This is a local workspace; connect to a team workspace to sync."))

    def connect_team(self) -> None:
        """Connect to team workspace…: saves a profile, then offers to open it."""
        from agentdesk.ui.connect import ConnectDialog

        profile = ConnectDialog.ask(self)
        if profile is None:
            return
        answer = QMessageBox.question(
            self, self.tr("Team workspace"),
            self.tr("Profile “%1” is saved. Open it now? This window closes; your local workspace stays as it is.")
            .replace("%1", profile.name))
        if answer == QMessageBox.StandardButton.Yes:
            self.open_profile(profile.name)

    def open_profile(self, name: str | None) -> None:
        """Starts AgentDesk on another profile (None: the local workspace) and closes this one."""
        import sys

        from PySide6.QtCore import QProcess

        args = ["--profile", name] if name else ["--db", str(_local_workspace_url())]
        if getattr(sys, "frozen", False):
            program, argv = sys.executable, args
        else:
            program, argv = sys.executable, ["-m", "agentdesk", *args]
        # --profile / --db on the command line win over AGENTDESK_PROFILE in the environment.
        ok, _pid = QProcess.startDetached(program, argv)
        if ok:
            self.close()
        else:
            self.show_error(self.tr("AgentDesk could not be started for that profile."))

    def set_agent_status_value(self, status: str) -> None:
        self.agent_status.setCurrentIndex(max(0, self.agent_status.findData(status)))

    @Slot(int)
    def _agent_status_changed(self, _i: int) -> None:
        status, agent_id = self.agent_status.currentData(), self.ctx.agent.id
        self.ctx.runner.write(lambda s: set_agent_status(s, agent_id, status))

    # --- agent protection (issue 13: views/protection.py, ui/protection_alerts.py) -----------------
    def _wire_protection(self) -> None:
        """A lead's alert for each new incident of their team, and the status control
        following a protective break taken from a ticket (here or in a pop-out)."""
        from agentdesk.ui.protection_alerts import ProtectionAlerts

        self.protection_alerts = ProtectionAlerts(self.ctx, self)
        self.protection_alerts.openTicketRequested.connect(self._open_from_reminder)
        self.protection_alerts.failed.connect(self.show_error)
        self.protection_alerts.check_now()
        self.ctx.changes.changed.connect(self._own_status_moved)

    @Slot(str, object)
    def _own_status_moved(self, kind: str, status) -> None:
        if kind == ChangeKind.AGENT_STATUS and isinstance(status, str):
            self.agent_status.blockSignals(True)  # written already: shown, not written again
            self.agent_status.setCurrentIndex(max(0, self.agent_status.findData(status)))
            self.agent_status.blockSignals(False)

    @Slot(dict)
    def _counts_updated(self, counts: dict) -> None:
        self.counts_label.setText(self.tr("My open %1 · SLA at risk %2 · Unassigned %3")
                                  .replace("%1", f"{counts.get('my_open', 0):,}")
                                  .replace("%2", f"{counts.get('sla_at_risk', 0):,}")
                                  .replace("%3", f"{counts.get('unassigned', 0):,}"))

    def set_search_by_meaning(self, on: bool) -> None:
        """The Knowledge pane's switch: kept in the settings; on, the vectors are built;
        off, the build stops at its next step and the model is let go."""
        prefs.set_flag(KB_MEANING_KEY, on)
        kb_semantic.set_user_choice(on)
        self._kb_vectors_on = kb_semantic.available()
        if not on:
            kb_semantic.release_if_idle(0.0)
        self._kb_vectors_timer.stop()
        self._kb_vectors_pause.stop()
        self._kb_vectors_step()  # on: builds what is missing (or lets the batch in flight go on); off: hides the line

    def _kb_vectors_step(self) -> None:
        """Builds the articles' meaning vectors a few at a time (services/kb_semantic.py):
        read and embed on the read pool, write on the write lane; a minute after the last
        batch it looks again (articles published or edited since). One batch at a time:
        switched off and on while a batch is out, that batch's chain goes on."""
        if not self._kb_vectors_on:
            self.kb_vectors_label.hide()  # a batch still out ends at its next step
            return
        if self._kb_vectors_busy:
            return
        self._kb_vectors_busy = True
        self._kb_vectors_started = time.monotonic()  # the pause after it counts the read too
        self.ctx.runner.read(kb_semantic.next_batch, self._kb_vectors_embed, self._kb_vectors_failed,
                             on_bug=self._kb_vectors_failed)

    def _kb_vectors_embed(self, batch: tuple) -> None:
        items, built, total = batch
        if not self._kb_vectors_on or not items:  # all built: look again in a minute; the model is not kept for nothing
            self._kb_vectors_idle()
            kb_semantic.release_if_idle()
            return
        # More than a moment's work: say why results may change, until it is done.
        if not self.kb_vectors_label.isHidden() or total - built > kb_semantic.BATCH:
            self.kb_vectors_label.setText(self.tr("Preparing search by meaning: %1 of %2 articles")
                                          .replace("%1", f"{built:,}").replace("%2", f"{total:,}"))
            self.kb_vectors_label.show()
        self.ctx.runner.run(lambda: kb_semantic.embed(items), functools.partial(self._kb_vectors_save, self._kb_vectors_started),
                            self._kb_vectors_failed, on_bug=self._kb_vectors_failed)

    def _kb_vectors_save(self, started: float, rows: list) -> None:
        if not rows:  # the model did not load or failed (logged): search stays by text
            self._kb_vectors_on = kb_semantic.available()
        if not self._kb_vectors_on or not rows:
            self._kb_vectors_idle()
            return
        # The next batch waits as long as this one took: the build takes at most half a core,
        # and the agent's own work keeps the rest (a first start embeds every article).
        pause_ms = max(KB_VECTORS_MIN_PAUSE_MS, round((time.monotonic() - started) * 1000))
        self.ctx.runner.write(lambda s: kb_semantic.save(s, rows), functools.partial(self._kb_vectors_saved, pause_ms),
                              self._kb_vectors_failed, on_bug=self._kb_vectors_failed)

    def _kb_vectors_saved(self, pause_ms: int, _count: object) -> None:
        self._kb_vectors_busy = False
        if self._kb_vectors_on:
            self._kb_vectors_pause.start(pause_ms)
        else:
            self._kb_vectors_idle()

    def _kb_vectors_failed(self, _exc: Exception) -> None:
        """A read or write of the build failed (a locked database, say): try again later."""
        self._kb_vectors_idle()

    def _kb_vectors_idle(self) -> None:
        self._kb_vectors_busy = False
        self.kb_vectors_label.hide()
        if self._kb_vectors_on:
            self._kb_vectors_timer.start()

    @Slot(object)
    def _kb_indexed(self, count: int) -> None:
        if count and "knowledge" in self._side_panes:  # else it reads the index when it is made
            self.knowledge.set_ticket(self.ticket.detail.id if self.ticket.detail else None)

    @Slot(int)
    def _overdue_changed(self, count: int) -> None:
        self.overdue_label.setVisible(count > 0)
        self.overdue_label.setText(self.tr("Overdue follow-ups: %1").replace("%1", f"{count:,}"))
        self.overdue_label.setStyleSheet("color: #b91c1c; font-weight: bold;" if count else "")

    @Slot(str)
    def show_error(self, message: str) -> None:
        self.error_label.setText("⚠ " + message)
        self.error_label.setToolTip(message)  # the whole line, when the bar cuts it short
        self._error_timer.start()

    # --- commands, menus, shortcuts --------------------------------------------------------------
    def _build_commands(self) -> list[Command]:
        g_nav, g_ticket, g_view, g_app = self.tr("Go"), self.tr("Ticket"), self.tr("View"), self.tr("AgentDesk")
        cmds = [
            Command(self.tr("Next ticket"), self.next_ticket, "J / ↓", g_nav),
            Command(self.tr("Previous ticket"), self.previous_ticket, "K / ↑", g_nav),
            Command(self.tr("Open selected ticket"), self.open_selected, "Enter", g_nav),
            Command(self.tr("First ticket"), self.first_ticket, "Home", g_nav),
            Command(self.tr("Last ticket"), self.last_ticket, "End", g_nav),
            Command(self.tr("Search tickets"), self.inbox.focus_search, "/", g_nav),
            Command(self.tr("Find customer"), self.customer_search, "Ctrl+Shift+F", g_nav),
            Command(self.tr("Reply"), self.ticket.start_reply, "R", g_ticket),
            Command(self.tr("Internal note"), self.ticket.start_note, "N", g_ticket),
            Command(self.tr("Send"), self.ticket.send, "Ctrl+Enter", g_ticket),
            Command(self.tr("Pop out ticket"), self.pop_out_current, "Ctrl+Shift+O", g_ticket),
            Command(self.tr("Merge into another ticket…"), self.ticket.merge_into, "", g_ticket),
            Command(self.tr("Assign to me"), self.assign_to_me, "A", g_ticket),
            Command(self.tr("Follow up on this ticket…"), self.follow_up_ticket, "F", g_ticket),
            Command(self.tr("Schedule a callback for this customer…"), self.follow_up_customer, "", g_ticket),
            Command(self.tr("Draft the suggested answer"), self.draft_suggestion, "F8", g_ticket),
        ]
        for status in ("open", "pending", "on_hold", "solved"):
            cmds.append(Command(self.tr("Set status: %1").replace("%1", fmt.label(status)),
                                _Bound(self.set_status, status), "", g_ticket))
        for priority in ("urgent", "high", "normal", "low"):
            cmds.append(Command(self.tr("Set priority: %1").replace("%1", fmt.label(priority)),
                                _Bound(self.set_priority, priority), "", g_ticket))
        for i, v in enumerate(VIEWS, start=1):
            cmds.append(Command(fmt.label(v), _Bound(self.inbox.select_view, v), f"Ctrl+{i}", g_view))
        cmds += [
            Command(self.tr("Save the current filters as a view…"), self.inbox.saved.save_current, "", g_view),
            Command(self.tr("Customer 360"), _Bound(self.show_side, self.customer), "Ctrl+Shift+C", g_view),
            Command(self.tr("Knowledge search"), self.knowledge_search, "Ctrl+Shift+K", g_view),
            Command(self.tr("Templates"), self.template_search, "Ctrl+Shift+T", g_view),
            Command(self.tr("Calendar"), _Bound(self.show_side_pane, "calendar"), "Ctrl+Shift+L", g_view),
            Command(self.tr("Calendar: agenda"), _Bound(self.show_calendar, "agenda"), "", g_view),
            Command(self.tr("Calendar: week"), _Bound(self.show_calendar, "week"), "", g_view),
            Command(self.tr("Calendar: month"), _Bound(self.show_calendar, "month"), "", g_view),
            Command(self.tr("Export follow-ups to a calendar file (.ics)…"), _Bound(self._side_call, "calendar.export_ics"), "", g_app),
            Command(self.tr("Import follow-ups from a calendar file (.ics)…"), _Bound(self._side_call, "calendar.import_ics"), "", g_app),
            Command(self.tr("Propose a knowledge article…"), _Bound(self._side_call, "knowledge.propose_article"), "", g_app),
            Command(self.tr("Review knowledge proposals"), _Bound(self._side_call, "knowledge.show_proposals"), "", g_app),
        ]
        if self.ctx.agent.role in LEAD_ROLES:  # an agent never sees the view (nor its command)
            cmds.append(Command(self.tr("Supervisor view"), self.open_supervisor, "Ctrl+Shift+S", g_view))
        if training_rules.can_use_console(self.ctx.agent.role):  # trainers, leads and admins (training_rules.can_use_console)
            cmds.append(Command(self.tr("Trainer console"), self.open_trainer, "", g_view))
        cmds.append(Command(self.tr("My quality reviews"), self.open_my_reviews, "", g_view))
        bulk, g_sel = self.inbox.bulk, self.tr("Selection")  # bulk actions (views/inbox_bulk.py)
        cmds += [
            Command(self.tr("Select or unselect ticket"), bulk.toggle_current, "X", g_sel),
            Command(self.tr("Select this and the next ticket"), bulk.extend_down, "Shift+J / Shift+↓", g_sel),
            Command(self.tr("Select this and the previous ticket"), bulk.extend_up, "Shift+K / Shift+↑", g_sel),
            Command(self.tr("Select all matching tickets (up to 1,000)"), bulk.select_all_matching, "Ctrl+A", g_sel),
            Command(self.tr("Clear selection"), bulk.clear, "Esc", g_sel),
            Command(self.tr("Selected tickets: tags…"), bulk.edit_tags, "", g_sel),
            Command(self.tr("Selected tickets: merge into one…"), bulk.merge, "", g_sel),
            Command(self.tr("Undo last bulk action"), bulk.undo_last, "", g_sel),
        ]
        for status in ("open", "pending", "on_hold", "solved"):
            cmds.append(Command(self.tr("Selected tickets: status %1").replace("%1", fmt.label(status)),
                                _Bound(bulk.set_status, status), "", g_sel))
        cmds.append(Command(self.tr("Selected tickets: assign to me"), bulk.assign_to_me, "", g_sel))
        cmds.append(Command(self.tr("Start a training session…"), self.start_training, "", self.tr("Training")))
        for code in agent_states.CHOSEN:
            cmds.append(Command(self.tr("My status: %1").replace("%1", fmt.label(code)),
                                _Bound(self.set_agent_status_value, str(code)), "", g_app))
        cmds += [
            Command(self.tr("Refresh"), self.refresh, "F5", g_app),
            Command(self.tr("Command palette"), self.show_palette, "Ctrl+K", g_app),
            Command(self.tr("Keyboard shortcuts"), self.show_shortcuts, "F1 / ?", g_app),
            Command(self.tr("Language: 한국어"), _Bound(self.languageChangeRequested.emit, "ko"), "", g_app),
            Command(self.tr("Language: English"), _Bound(self.languageChangeRequested.emit, "en"), "", g_app),
            Command(self.tr("Sync now"), self.sync_now, "", g_app),
            Command(self.tr("Connect to team workspace…"), self.connect_team, "", g_app),
            Command(self.tr("About AgentDesk"), self.show_about, "", g_app),
            Command(self.tr("Quit"), self.close, "Ctrl+Q", g_app),
        ]
        return cmds

    def _all_commands(self) -> list[Command]:
        return [*self._build_commands(), *self._intake_commands(),
                Command(self.tr("Call customer"), self.customer.call_primary, "", self.tr("Ticket"))]

    def _add_source_titles(self, commands: list[Command]) -> None:
        """Gives each command its English source title: the same list built once more with
        tr() and the vocabulary labels returning the text they were given."""
        self.tr = _source_text  # this instance, for one build (instance attribute over QObject.tr)
        try:
            with fmt.source_text():
                english = self._all_commands()
        finally:
            del self.tr
        if len(english) == len(commands):  # the same builder: the same commands in the same order
            for c, e in zip(commands, english):
                c.source = f"{e.group}: {e.title}" if e.group else e.title

    def _palette_extra(self, text: str) -> list[Command]:
        """'#1042' or '1042' opens that ticket; anything else can search customers."""
        t = text.strip().lstrip("#")
        out = []
        if t.isdigit():
            out.append(Command(self.tr("Open ticket #%1").replace("%1", t), _Bound(self.open_ticket, t), "", self.tr("Go")))
        if len(t) >= 2:
            out.append(Command(self.tr("Find customer “%1”").replace("%1", text.strip()),
                               _Bound(self.customer.search, text.strip()), "", self.tr("Go")))
        return out

    def _build_menus(self) -> None:
        by_group: dict[str, list[Command]] = {}
        for c in self.commands:
            by_group.setdefault(c.group, []).append(c)
        for group, cmds in by_group.items():
            menu = self.menuBar().addMenu(group)
            for c in cmds:
                action = QAction(c.title, self)
                action.triggered.connect(c.run)
                menu.addAction(action)

    def _install_shortcuts(self) -> None:
        keys = {
            "J": self.next_ticket, "K": self.previous_ticket, "/": self.inbox.focus_search,
            "R": self.ticket.start_reply, "N": self.ticket.start_note, "A": self.assign_to_me,
            "F1": self.show_shortcuts, "?": self.show_shortcuts, "Ctrl+K": self.show_palette,
            "Ctrl+Shift+O": self.pop_out_current, "Ctrl+Shift+F": self.customer_search, "F5": self.refresh,
            "Ctrl+Q": self.close, "F": self.follow_up_ticket, "F8": self.draft_suggestion,
            "Ctrl+Shift+C": _Bound(self.show_side, self.customer), "Ctrl+Shift+K": self.knowledge_search,
            "Ctrl+Shift+T": self.template_search, "Ctrl+Shift+L": _Bound(self.show_side_pane, "calendar"),
            "Ctrl+Shift+S": self.open_supervisor,
        }
        self._shortcuts = []
        for key, slot in keys.items():
            sc = QShortcut(QKeySequence(key), self)
            sc.setContext(Qt.ShortcutContext.WindowShortcut)
            sc.activated.connect(slot)
            self._shortcuts.append(sc)
        self._shortcuts += self.inbox.install_shortcuts(self) + self.inbox.bulk.install_shortcuts(self)

    # --- the supervisor view (views/supervisor.py) --------------------------------------------------
    def open_supervisor(self) -> SupervisorWindow | None:
        """The lead's window, made once and brought forward after; an agent is told it is
        not theirs (the figures it would show are their team's, not their own)."""
        from agentdesk.views.supervisor import SupervisorWindow, may_supervise

        if not may_supervise(self.ctx.agent.role):
            self.statusBar().showMessage(self.tr("The supervisor view is for team leads and admins."), 6000)
            return None
        if self.supervisor is None:
            self.supervisor = SupervisorWindow(self.ctx)
            self.supervisor.drillRequested.connect(self.show_drill)
            self.supervisor.openTicketRequested.connect(self._open_from_reminder)
            self.supervisor.start()
        self.supervisor.show()
        self.supervisor.raise_()
        self.supervisor.activateWindow()
        return self.supervisor

    def open_trainer(self) -> TrainerWindow | None:
        """The Trainer console (views/trainer.py), made once and brought forward after."""
        from agentdesk.views.trainer import TrainerWindow, may_train

        if not may_train(self.ctx.agent.role):
            self.statusBar().showMessage(self.tr("The Trainer console is for trainers, leads and admins."), 6000)
            return None
        if self.trainer is None:
            self.trainer = TrainerWindow(self.ctx)
            self.trainer.start()
        self.trainer.show()
        self.trainer.raise_()
        self.trainer.activateWindow()
        return self.trainer

    def open_my_reviews(self):
        """The agent's own quality reviews and their trend (views/reviews.py)."""
        from agentdesk.views.reviews import open_my_reviews

        return open_my_reviews(self, self.ctx)

    def start_training(self) -> None:
        """Training (issue 15): scenarios on a sandbox workspace, in a window of their own
        (ui/training.py); this desk and its workspace stay as they are."""
        from agentdesk.ui.training import start_training

        start_training(self)

    def _install_age_rules(self) -> None:
        """The routing age rules ("unanswered 30 min: one step up") on a standalone
        workspace; in a team the server runs them, once, for every desk (issue 13)."""
        if self.ctx.sync is None:
            self._age_rules = make_timer(self, AGE_RULES_EVERY_MS, self.run_age_rules)
            self._age_rules.start()

    def _install_other_writers_watch(self) -> None:
        """A standalone workspace shared with a gateway or `agentdesk mail import` on the
        same file (issue 14): their commits refresh the panes as the desk's own do. A team
        desk learns of others' writes from its pulls instead."""
        self._other_writers = None
        path = sqlite_path(self.ctx.db.url) if self.ctx.sync is None else None
        if path is None:
            return
        from agentdesk.db_watch import DataVersionWatch

        self._other_writers = DataVersionWatch(path)
        self.ctx.runner.after_write = self._other_writers.absorb
        self._other_writers_timer = make_timer(self, OTHER_WRITERS_EVERY_MS, self.check_other_writers)
        self._other_writers_timer.start()

    def check_other_writers(self) -> None:
        if self._other_writers is not None and self._other_writers.changed():
            # What moved is not known: "some ticket, some customer" (each pane re-reads
            # only what it shows; an open ticket re-reads itself).
            self.ctx.changes.changed.emit("ticket", None)
            self.ctx.changes.changed.emit("customer", None)

    def run_age_rules(self) -> None:
        self.ctx.runner.write(routing_service.escalate_aged, self._aged)

    def _aged(self, escalations) -> None:
        if escalations:
            self.ctx.changes.changed.emit("ticket", None)

    @Slot(str, object)
    def show_drill(self, title: str, query) -> None:
        """The tickets behind a supervisor's figure, in the inbox."""
        self.inbox.show_drill(title, query)
        self.bring_forward()

    # --- actions -------------------------------------------------------------------------------
    def next_ticket(self) -> None:
        self.inbox.move(1)

    def previous_ticket(self) -> None:
        self.inbox.move(-1)

    def first_ticket(self) -> None:
        self.inbox.jump(False)

    def last_ticket(self) -> None:
        self.inbox.jump(True)

    def open_selected(self) -> None:
        tid = self.inbox.current_ticket_id()
        if tid is not None:
            self.open_ticket(tid)

    @Slot(object)
    def _preview_ticket(self, ticket_id) -> None:
        """Selection moved in the inbox: load the ticket and, in parallel, its customer
        (the inbox row already knows who it is), instead of one after the other."""
        self.ticket.show_ticket(ticket_id)
        self._follow_customer(self.inbox.current_customer_id())

    @Slot(object)
    def _follow_customer(self, customer_id) -> None:
        if customer_id is not None and customer_id != self.customer.current_customer_id:
            self.customer.show_customer(customer_id)

    @Slot(object)
    def open_ticket(self, ticket_ref, customer_id=None) -> None:
        """Opens a ticket; a caller that knows its customer lets the 360 load alongside."""
        self.ticket.show_ticket(ticket_ref)
        if customer_id is None and ticket_ref == self.inbox.current_ticket_id():
            customer_id = self.inbox.current_customer_id()
        self._follow_customer(customer_id)
        self.ticket.timeline.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot(object)
    def _ticket_loaded(self, detail) -> None:
        """The side panes follow the open ticket: suggestions and the template preview (a
        pane not made yet is given the ticket when it is)."""
        for name in ("knowledge", "templates"):
            if name in self._side_panes:
                getattr(self, name).set_ticket(detail.id)

    @Slot(str)
    def _insert_into_reply(self, text: str) -> None:
        if not self.ticket.insert_into_composer(text):
            self.show_error(self.tr("Open a ticket to insert this into a reply."))

    @Slot(object)
    def _apply_template(self, template_id) -> None:
        if self.ticket.detail is None:
            self.show_error(self.tr("Open a ticket to use a template."))
            return
        self.ticket.templates.apply(template_id)

    @Slot(object)
    def _open_from_reminder(self, ticket_id) -> None:
        self.bring_forward()
        self.open_ticket(ticket_id)

    def bring_forward(self) -> None:
        """Raises the window for a call or a reminder, keeping it maximised or full screen:
        showNormal() would drop those states, so only the minimised flag is taken off."""
        state = self.windowState()
        if state & Qt.WindowState.WindowMinimized:
            self.setWindowState((state & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive)
        if not self.isVisible():
            self.show()
        self.raise_()
        self.activateWindow()

    @Slot(object)
    def show_customer(self, customer_id) -> None:
        self.show_side(self.customer)
        self.customer.show_customer(customer_id)

    def show_side(self, pane) -> None:
        self.side.setCurrentWidget(pane)

    def show_side_pane(self, name: str) -> None:
        self.show_side(getattr(self, name))

    def _side_call(self, what: str):
        """'calendar.export_ics': a side pane's command, made if it is not yet."""
        name, method = what.split(".")
        return getattr(getattr(self, name), method)()

    # --- the side panes made after the window is up (Knowledge, Templates, Calendar) -------------
    @property
    def knowledge(self) -> KnowledgePane:
        return self._side_pane("knowledge")

    @property
    def templates(self) -> TemplatesPane:
        return self._side_pane("templates")

    @property
    def calendar(self) -> CalendarPane:
        return self._side_pane("calendar")

    def _side_pane(self, name: str) -> QWidget:
        pane = self._side_panes.get(name)
        if pane is None:
            pane = self._side_panes[name] = self._make_side_pane(name)
            self.side.put_pane(_SIDE_PANE_NAMES[name], pane)
        return pane

    def _make_side_pane(self, name: str) -> QWidget:
        """A side pane, wired as the rest of the window is, and told the open ticket."""
        pane: QWidget
        current = self.ticket.detail.id if self.ticket.detail is not None else None
        if name == "knowledge":
            from agentdesk.views.knowledge import KnowledgePane

            kb = KnowledgePane(self.ctx, self)
            kb.insertRequested.connect(self._insert_into_reply)
            kb.composer_mode = self.ticket.mode  # internal articles: asked before a public reply
            kb.failed.connect(self.show_error)
            kb.meaningSwitched.connect(self.set_search_by_meaning)
            if current is not None:
                kb.set_ticket(current)
            pane = kb
        elif name == "templates":
            from agentdesk.views.templates import TemplatesPane

            tp = TemplatesPane(self.ctx, self)
            tp.applyRequested.connect(self._apply_template)
            tp.failed.connect(self.show_error)
            if current is not None:
                tp.set_ticket(current)
            pane = tp
        else:
            from agentdesk.views.calendar import CalendarPane

            cal = CalendarPane(self.ctx, self)
            cal.openTicketRequested.connect(self.open_ticket)
            cal.openCustomerRequested.connect(self.show_customer)
            cal.failed.connect(self.show_error)
            pane = cal
        return pane

    @Slot(int)
    def _side_tab_chosen(self, index: int) -> None:
        name = self.side.placeholder_at(index)
        if name is not None:
            self._side_pane(_SIDE_PANE_KEYS[name])

    def side_panes_made(self) -> bool:
        return len(self._side_panes) == len(_SIDE_PANE_NAMES)

    def make_side_panes_later(self) -> None:
        """After the window is shown: one pane per turn of the event loop, so the inbox
        answers input between them (each takes 20-60 ms to make); then the first ticket
        open is prepared for (_prepare_first_open)."""
        for name in _SIDE_PANE_NAMES:
            if name not in self._side_panes:
                self._side_pane(name)
                QTimer.singleShot(0, self, self.make_side_panes_later)
                return
        if not self._first_open_prepared:
            self._first_open_prepared = True
            QTimer.singleShot(0, self, self._prepare_first_open)

    @Slot()
    def _prepare_first_open(self) -> None:
        """While the agent reads the inbox: the 360's rows are made, and the top ticket and
        its customer are read once on a worker and thrown away. The first ticket opened
        in a session otherwise paid for compiling its queries (~50 ms of CPU) and making
        the 360's rows, and took twice as long as the next ones (benchmarks/README.md)."""
        self.customer.prepare_rows()
        row = self.inbox.model.row_at(0)
        if row is None or self.ticket.detail is not None:
            return  # an empty inbox, or a ticket already open: nothing left to gain
        self.ctx.runner.read(functools.partial(_read_ticket_and_customer, row.id, row.customer_id, self.ctx.agent.id),
                             on_error=_ignore, on_bug=_ignore)

    def knowledge_search(self) -> None:
        self.show_side(self.knowledge)
        self.knowledge.focus_search()

    def template_search(self) -> None:
        self.show_side(self.templates)
        self.templates.focus_search()

    def _show_mentions(self) -> None:
        self.bring_forward()
        self.inbox.select_view("mentions")

    def _overdue_agenda(self) -> None:
        self.show_calendar("agenda")  # the agenda lists overdue items first

    def show_calendar(self, view: str) -> None:
        self.show_side(self.calendar)
        self.calendar.show_view(view)

    def follow_up_ticket(self) -> None:
        if self.ticket.detail is None:
            self.show_error(self.tr("Open a ticket to follow up on it."))
            return
        self.show_side(self.calendar)
        self.calendar.new_follow_up(ticket_id=self.ticket.detail.id)

    def follow_up_customer(self) -> None:
        customer_id = self.customer.current_customer_id
        if customer_id is None:
            self.show_error(self.tr("Open a customer to schedule a callback."))
            return
        self.show_side(self.calendar)
        self.calendar.new_follow_up(customer_id=customer_id)

    def draft_suggestion(self) -> None:
        """One key: the best suggested article for the open ticket, drafted into the reply
        for the agent to check and send (nothing is sent automatically)."""
        if self.ticket.detail is None:
            self.show_error(self.tr("Open a ticket to draft an answer."))
            return
        if not self.knowledge.draft_best_suggestion():
            self.show_error(self.tr("No suggested answer for this ticket yet."))

    def customer_search(self) -> None:
        self.show_side(self.customer)
        self.customer.focus_search()

    def assign_to_me(self) -> None:
        self.ticket.apply_changes(assignee=self.ctx.agent.login)

    def set_status(self, status: str) -> None:
        self.ticket.apply_changes(status=status)

    def set_priority(self, priority: str) -> None:
        self.ticket.apply_changes(priority=priority)

    def refresh(self) -> None:
        self.inbox.refresh()
        self.ticket.reload()

    def pop_out_current(self) -> None:
        if self.ticket.detail is not None:
            self.pop_out(self.ticket.detail.id)

    @Slot(object)
    def pop_out(self, ticket_id) -> None:
        import shiboken6

        for open_one in self.popouts:  # one window per ticket: a second would hold a second draft
            if shiboken6.isValid(open_one) and open_one.ticket_id == ticket_id:
                open_one.raise_()
                open_one.activateWindow()
                return
        if ticket_id == getattr(self.ticket.detail, "id", None):
            self.ticket.flush_draft()  # the pop-out opens with what was just typed here
        w = TicketWindow(self.ctx, ticket_id, self)
        w.pane.loaded.connect(self.mentions.ticket_opened)
        w.setWindowFlag(Qt.WindowType.Window, True)
        self.popouts.append(w)
        w.destroyed.connect(self._forget_popouts)
        w.show()

    @Slot()
    def _forget_popouts(self) -> None:
        import shiboken6

        self.popouts = [w for w in self.popouts if shiboken6.isValid(w)]

    def show_palette(self) -> CommandPalette:
        # The saved views as they are now ("View: NAME"): they change while the window is open.
        views = [Command(name, select, key, self.tr("View")) for name, select, key in self.inbox.saved.palette_entries()]
        palette = CommandPalette(self.commands + views, self._palette_extra, self)
        geo = self.geometry()
        palette.move(geo.center().x() - palette.width() // 2, geo.top() + 80)
        palette.show()
        palette.input.setFocus()
        return palette

    def show_shortcuts(self) -> ShortcutSheet:
        sheet = ShortcutSheet(self.commands, self)
        sheet.show()
        return sheet

    def show_about(self) -> AboutDialog:
        from agentdesk.ui.about import AboutDialog

        dialog = AboutDialog(describe_url(self.ctx.db.url), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def screen_pop(self, phone: str | None = None, email: str | None = None, ticket: str | None = None) -> None:
        """Brings the window forward on a customer (by phone / email) or a ticket."""
        self.bring_forward()
        if ticket:
            self.open_ticket(ticket)
            return
        self._pop_query = phone or email
        # Two calls ringing in quick succession: the newer one's customer is shown.
        self._reads.read("screen-pop", functools.partial(customer_service.find_customers, phone=phone, email=email,
                                                         limit=2), self._popped, self._pop_failed)

    @Slot(object)
    def _popped(self, found) -> None:
        self.show_side(self.customer)
        if not found:
            # On a live call another customer's data must not stay on screen: the pane
            # clears and shows the number that rang.
            self.customer.show_unknown_contact(self._pop_query or "")
            return
        self.customer.show_customer(found[0].id)

    # --- new tickets, calls and customers (issue 12) ----------------------------------------------
    def _intake_commands(self) -> list[Command]:
        g_ticket = self.tr("Ticket")
        return [
            Command(self.tr("New ticket…"), self.new_ticket, "Ctrl+N", g_ticket),
            Command(self.tr("Log a call…"), self.log_call, "Ctrl+L", g_ticket),
            Command(self.tr("Log a call on this ticket…"), self.log_call_on_ticket, "", g_ticket),
            Command(self.tr("New customer…"), self.new_customer, "", g_ticket),
        ]

    def _install_intake(self) -> None:
        for key, slot in (("Ctrl+N", self.new_ticket), ("Ctrl+L", self.log_call)):
            sc = QShortcut(QKeySequence(key), self)
            sc.setContext(Qt.ShortcutContext.WindowShortcut)
            sc.activated.connect(slot)
            self._shortcuts.append(sc)
        self.customer.newCustomerRequested.connect(self.new_customer)
        self.customer.newTicketRequested.connect(self._new_ticket_for)
        self.customer.set_new_ticket_available(True)

    def new_ticket(self, contact: str | None = None, customer_id=None, call: bool = False) -> NewTicketDialog:
        """The New ticket dialog (non-modal: the agent can still read the ticket or the 360
        while typing); the new ticket opens once it exists."""
        from agentdesk.views.new_ticket import NewTicketDialog

        dialog = NewTicketDialog(self.ctx, self, contact=contact or None, customer_id=customer_id, call=call)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.created.connect(self._ticket_created)
        dialog.open()
        return dialog

    def log_call(self) -> NewTicketDialog:
        return self.new_ticket(call=True)

    def log_call_on_ticket(self) -> LogCallDialog | None:
        if self.ticket.detail is None:
            self.show_error(self.tr("Open a ticket to log a call on it."))
            return None
        from agentdesk.views.new_ticket import LogCallDialog

        dialog = LogCallDialog(self.ctx, self.ticket.detail.id, self.ticket.detail.number, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def new_customer(self, contact: str = "") -> NewCustomerDialog:
        from agentdesk.views.new_ticket import NewCustomerDialog

        dialog = NewCustomerDialog(self.ctx, contact if isinstance(contact, str) else "", self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.created.connect(self._customer_chosen)
        dialog.existingChosen.connect(self._customer_chosen)
        dialog.open()
        return dialog

    @Slot(str)
    def _new_ticket_for(self, contact: str) -> None:
        """The screen-pop's "New ticket for this number": prefilled with the number that rang."""
        self.new_ticket(contact=contact)

    @Slot(object)
    def _ticket_created(self, made) -> None:
        # The inbox hears the dialog's "ticket" change and lists it; the ticket pane opens it.
        self.open_ticket(made.id, made.customer_id)

    @Slot(object)
    def _customer_chosen(self, customer) -> None:
        self.show_customer(customer.id)

    def _wire_customer_360(self) -> None:
        """The 360 pane's actions (issue 12): calls go to the telephony handler the settings
        name (ui/kit/settings.py, [call] in settings.ini); "New ticket" to the new-ticket form."""
        from agentdesk.ui.kit.dialer import Dialer

        self.customer.dialer = Dialer(self.settings)
        self.customer.failed.connect(self.show_error)
        self.customer.newTicketForCustomer.connect(self._new_ticket_for_customer)
        self.customer.set_new_ticket_available(True)

    @Slot(object)
    def _new_ticket_for_customer(self, customer_id) -> None:
        self.new_ticket(customer_id=customer_id)

    @Slot(object)
    def _pop_failed(self, exc) -> None:
        self.show_error(errors.message(exc))

    def handle_remote(self, message: dict) -> None:
        """A second launch passed its arguments to this one (single instance)."""
        if message.get("cmd") == "open":
            self.screen_pop(phone=message.get("phone"), email=message.get("email"), ticket=message.get("ticket"))
        else:
            self.bring_forward()

    # --- layout memory ------------------------------------------------------------------------------
    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        restored = geometry is not None and self.restoreGeometry(geometry) and _fits_a_screen(self.geometry())
        if not restored:
            self.fit_to_screen()
        state = self.settings.value("window/splitter")
        if not (restored and state is not None and self.splitter.restoreState(state)):
            self.splitter.setSizes(_column_sizes(self.width()))
        tab = self.side.findChild(QWidget, str(self.settings.value("window/side_tab", "")))
        if tab is not None:
            self.show_side(tab)

    def fit_to_screen(self) -> None:
        """The first window: the preferred size where the screen has room, else the screen's
        available area (taskbar and panels excluded), centred on it."""
        screen = QGuiApplication.screenAt(self.geometry().center()) or QGuiApplication.primaryScreen()
        if screen is None:
            self.resize(PREFERRED_SIZE)
            return
        avail = screen.availableGeometry()
        room = avail.size().shrunkBy(_frame_margins(self))
        size = PREFERRED_SIZE.boundedTo(room).expandedTo(self.minimumSize().boundedTo(room))
        self.resize(size)
        frame = QRect(0, 0, size.width(), size.height())
        frame.moveCenter(avail.center())
        self.move(max(avail.left(), frame.left()), max(avail.top(), frame.top()))

    def save_layout(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.settings.setValue("window/side_tab", self.side.currentWidget().objectName())
        self.settings.sync()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self.side_panes_made():
            QTimer.singleShot(0, self, self.make_side_panes_later)

    def closeEvent(self, event) -> None:
        self._kb_vectors_on = False  # a batch in flight ends at its next step
        self._kb_vectors_timer.stop()
        self._kb_vectors_pause.stop()
        self.reminders.stop()
        self.mentions.stop()
        self.ticket._flush_draft()
        self.work_clock.flush()
        self.save_layout()
        for w in list(self.popouts):
            w.close()
        if self.supervisor is not None:
            self.supervisor.close()
        if self.trainer is not None:
            self.trainer.close()
        self.ctx.runner.wait(5000)
        if self.ctx.sync is not None:
            self.ctx.sync.stop()
        if self._other_writers is not None:
            self._other_writers_timer.stop()
            self.ctx.runner.after_write = None
            self._other_writers.close()
            self._other_writers = None
        super().closeEvent(event)
        self.closed.emit()


# The side panes made after the window is up: attribute → the pane's object name (also its
# stand-in's, so a saved "last tab" is found before the pane exists).
_SIDE_PANE_NAMES = {"knowledge": "kbPane", "templates": "templatesPane", "calendar": "calendarPane"}
_SIDE_PANE_KEYS = {v: k for k, v in _SIDE_PANE_NAMES.items()}


class _SideTabs(QTabWidget):
    """The side column's tabs. Each pane sits in a scroll area: on a short or narrow screen it
    scrolls instead of forcing the window taller than the screen (the Templates pane alone
    needs ~670 px) or being clipped. currentWidget()/setCurrentWidget() speak of the panes."""

    def add_pane(self, pane: QWidget, title: str) -> None:
        area = QScrollArea(objectName=f"{pane.objectName() or 'pane'}Scroll")
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidgetResizable(True)
        area.setWidget(pane)
        self.addTab(area, title)

    def add_placeholder(self, name: str, title: str) -> None:
        """A tab whose pane is made later: a stand-in with the pane's object name."""
        self.add_pane(QWidget(objectName=name), title)

    def put_pane(self, name: str, pane: QWidget) -> None:
        """The pane in place of its stand-in (which the scroll area deletes)."""
        for i in range(self.count()):
            area = self.widget(i)
            if isinstance(area, QScrollArea) and area.widget() is not None and area.widget().objectName() == name:
                area.setWidget(pane)
                return

    def placeholder_at(self, index: int) -> str | None:
        area = self.widget(index)
        inner = area.widget() if isinstance(area, QScrollArea) else None
        if inner is not None and type(inner) is QWidget and inner.objectName() in _SIDE_PANE_KEYS:
            return inner.objectName()
        return None

    def currentWidget(self) -> QWidget:
        area = super().currentWidget()
        return area.widget() if isinstance(area, QScrollArea) else area

    def setCurrentWidget(self, pane: QWidget) -> None:
        for i in range(self.count()):
            area = self.widget(i)
            if area is pane or (isinstance(area, QScrollArea) and area.widget() is pane):
                self.setCurrentIndex(i)
                return


def _frame_margins(window: QWidget):
    """The window manager's frame, or an allowance for it before the first show."""
    from PySide6.QtCore import QMargins

    frame = window.frameGeometry()
    inner = window.geometry()
    if window.isVisible() and frame != inner:
        return QMargins(inner.left() - frame.left(), inner.top() - frame.top(),
                        frame.right() - inner.right(), frame.bottom() - inner.bottom())
    if QGuiApplication.platformName().startswith("offscreen"):
        return QMargins()
    w, h = FRAME_ALLOWANCE.width(), FRAME_ALLOWANCE.height()
    return QMargins(w // 2, h - w // 2, w // 2, w // 2)


def _fits_a_screen(rect: QRect) -> bool:
    """A saved window is restored only where a present screen holds it whole (a laptop
    undocked from its large monitor gets a fitted window instead)."""
    return any(screen.availableGeometry().contains(rect) for screen in QGuiApplication.screens())


def _column_sizes(width: int) -> list[int]:
    """Inbox | ticket | side for a window `width` wide: the side column takes its share within
    bounds, the inbox a little more than the ticket (its subjects need the room)."""
    side = max(SIDE_MIN, min(SIDE_MAX, round(width * SIDE_SHARE)))
    rest = max(0, width - side)
    inbox = round(rest * 0.56)
    return [inbox, rest - inbox, side]


def _local_workspace_url() -> str:
    from agentdesk import config

    return config.resolve_url(None)


class _Bound:
    """A callable with one bound argument, for commands (avoids lambda captures in Qt connects)."""

    def __init__(self, fn, arg):
        self.fn, self.arg = fn, arg

    def __call__(self, *_):
        return self.fn(self.arg)


def _read_ticket_and_customer(ticket_id, customer_id, agent_id, session) -> None:
    """What opening a ticket reads (ui/main_window.py, _prepare_first_open)."""
    from agentdesk.services import drafts, tickets

    tickets.get_detail(session, ticket_id)
    drafts.load_draft_state(session, ticket_id, agent_id)
    if customer_id is not None:
        customer_service.customer_360(session, ref=customer_id)


def _ignore(exc: Exception) -> None:
    """A preparation that failed costs nothing: the real open reads and reports for itself."""
    logging.getLogger("agentdesk.ui").info("preparing the first ticket open failed: %s", exc)
