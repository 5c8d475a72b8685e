"""The supervisor's routing tab (issue 13): how a team's new tickets are assigned (manual,
round robin, least loaded within capacity, skill-based), the priority rules that raise a
ticket (VIP tier, keywords, channel, age), and each agent's capacity and skills.

Everything is read and saved through services/routing.py, on the worker; the rules are
checked there by agentdesk/routing.py (and again by the team server in a team profile,
where they are applied). A refusal is shown in the pane as one line and nothing is lost:
the editor keeps what the lead typed."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from agentdesk.models import PRIORITIES
from agentdesk.services import routing as routing_service
from agentdesk.services.common import current_agent
from agentdesk.ui.kit import errors, fmt
from agentdesk.ui.kit.reads import LatestReads
from agentdesk.ui.kit.tasks import AppContext

_MODES = {
    "manual": QT_TRANSLATE_NOOP("routing", "Manual: leads and agents assign"),
    "round_robin": QT_TRANSLATE_NOOP("routing", "Round robin among available agents"),
    "least_loaded": QT_TRANSLATE_NOOP("routing", "Least loaded, within capacity"),
    "skills": QT_TRANSLATE_NOOP("routing", "By skill (channel, language, category), then least loaded"),
}
_KINDS = {
    "keyword": QT_TRANSLATE_NOOP("routing", "Keyword"),
    "vip": QT_TRANSLATE_NOOP("routing", "VIP tier"),
    "channel": QT_TRANSLATE_NOOP("routing", "Channel"),
    "age": QT_TRANSLATE_NOOP("routing", "Unanswered (minutes)"),
}
_KIND_HELP = {
    "keyword": QT_TRANSLATE_NOOP("routing", "Keyword in the subject or first message (Korean matches with or without spaces)"),
    "vip": QT_TRANSLATE_NOOP("routing", "Customer's VIP tier: standard, silver, gold, vip"),
    "channel": QT_TRANSLATE_NOOP("routing", "Channel: email, chat, phone, sms, social, web"),
    "age": QT_TRANSLATE_NOOP("routing", "Unanswered for this many minutes: one step up"),
}
_VALUE_FIELD = {"keyword": "keywords", "vip": "tiers", "channel": "channels"}
_SKILLS = ("channels", "languages", "categories")


def _t(text: str) -> str:
    return QCoreApplication.translate("routing", text)


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace("，", ",").split(",") if part.strip()]


class RoutingPane(QWidget):
    failed = Signal(str)
    loaded = Signal()  # a team's rules and agents are on screen (tests)
    saved = Signal(object)  # what the services stored: TeamRules or AgentProfile

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self._reads = LatestReads(self, ctx.runner)
        self.rules: routing_service.TeamRules | None = None
        self.profiles: list[routing_service.AgentProfile] = []
        self._started = False
        self._build()

    # --- layout -----------------------------------------------------------------------------
    def _build(self) -> None:
        self.team = QComboBox(objectName="routingTeam")
        self.team.currentIndexChanged.connect(self.load)
        self.mode = QComboBox(objectName="routingMode")
        for code, text in _MODES.items():
            self.mode.addItem(_t(text), code)
        self.rules_table = QTableWidget(0, 3, objectName="routingRules")
        self.rules_table.setHorizontalHeaderLabels([self.tr("When"), self.tr("Values (comma-separated)"),
                                                    self.tr("Raise to")])
        hh = self.rules_table.horizontalHeader()
        hh.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        hh.resizeSection(0, 170)
        hh.resizeSection(2, 110)
        self.rules_table.verticalHeader().setVisible(False)
        self.rules_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.add_rule = QPushButton(self.tr("Add rule"), objectName="routingAddRule")
        self.add_rule.clicked.connect(self._add_empty_rule)
        self.remove_rule = QPushButton(self.tr("Remove rule"), objectName="routingRemoveRule")
        self.remove_rule.clicked.connect(self._remove_rule)
        self.save_rules = QPushButton(self.tr("Save rules"), objectName="routingSave")
        self.save_rules.setDefault(True)
        self.save_rules.clicked.connect(self.save)
        self.status = QLabel(objectName="routingStatus")
        self.status.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("Team"), self.team)
        form.addRow(self.tr("Assign new tickets"), self.mode)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_rule)
        buttons.addWidget(self.remove_rule)
        buttons.addStretch(1)
        buttons.addWidget(self.save_rules)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.addLayout(form)
        head = QLabel(self.tr("Priority rules: a rule only ever raises a ticket's priority"))
        head.setWordWrap(True)
        ll.addWidget(head)
        ll.addWidget(self.rules_table, 1)
        ll.addLayout(buttons)
        ll.addWidget(self.status)

        self.agents = QTableWidget(0, 6, objectName="routingAgents")
        self.agents.setHorizontalHeaderLabels([self.tr("Agent"), self.tr("Open"), self.tr("Capacity"),
                                               self.tr("Channels"), self.tr("Languages"), self.tr("Categories")])
        self.agents.verticalHeader().setVisible(False)
        ah = self.agents.horizontalHeader()
        ah.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for col in (3, 4, 5):  # the skills share what is left
            ah.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        self.save_agent = QPushButton(self.tr("Save agent"), objectName="routingSaveAgent")
        self.save_agent.clicked.connect(self.save_selected_agent)
        right = QWidget()
        rl = QVBoxLayout(right)
        note = QLabel(self.tr("Capacity and skills: empty skills put no limit on that side."))
        note.setWordWrap(True)
        rl.addWidget(note)
        rl.addWidget(self.agents, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_agent)
        rl.addLayout(row)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setChildrenCollapsible(False)
        lay = QVBoxLayout(self)
        lay.addWidget(split)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if not self._started:
            self._started = True
            self.start()

    # --- reading -----------------------------------------------------------------------------
    def start(self) -> None:
        login = self.ctx.agent.login

        def teams(s):
            from agentdesk.services import wallboard

            return wallboard.visible_teams(s, current_agent(s, login))

        self._reads.read("teams", teams, self._fill_teams, self._failed)

    def _fill_teams(self, teams: list[tuple[uuid.UUID, str]]) -> None:
        self.team.blockSignals(True)
        self.team.clear()
        for tid, name in teams:
            self.team.addItem(name, str(tid))
        self.team.blockSignals(False)
        if teams:
            self.load()
        else:
            self._say(self.tr("No team to edit: routing is set by the team's lead."))

    def load(self) -> None:
        team = self.team.currentData()
        if not team:
            return
        login = self.ctx.agent.login

        def read(s):
            me = current_agent(s, login)
            return routing_service.get_rules(s, team, me), routing_service.agent_profiles(s, team, me)

        self._reads.read("rules", read, self._show, self._failed)

    def _show(self, result) -> None:
        self.rules, self.profiles = result
        idx = self.mode.findData(self.rules.mode)
        self.mode.setCurrentIndex(max(idx, 0))
        self.rules_table.setRowCount(0)
        for rule in self.rules.priority_rules:
            self._add_rule_row(rule)
        self._fill_agents()
        if self.rules.stored:
            self._say(self.tr("Saved by %1 on %2").replace("%1", self.rules.updated_by or "—")
                      .replace("%2", fmt.local_time(self.rules.updated_at)))
        else:
            self._say(self.tr("This team has no rules yet: these are the defaults. Nothing is automatic until you save."))
        self.loaded.emit()

    def _fill_agents(self) -> None:
        self.agents.setRowCount(0)
        for p in self.profiles:
            r = self.agents.rowCount()
            self.agents.insertRow(r)
            name = QTableWidgetItem(p.name)
            name.setData(Qt.ItemDataRole.UserRole, p.login)
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.agents.setItem(r, 0, name)
            count = QTableWidgetItem(str(p.open_count))
            count.setFlags(count.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.agents.setItem(r, 1, count)
            spin = QSpinBox(minimum=0, maximum=500, value=p.capacity)
            self.agents.setCellWidget(r, 2, spin)
            for col, key in enumerate(_SKILLS, start=3):
                self.agents.setItem(r, col, QTableWidgetItem(", ".join(p.skills.get(key, []))))

    # --- the rules table ---------------------------------------------------------------------
    def _add_empty_rule(self) -> None:
        self._add_rule_row({"kind": "keyword", "keywords": [], "priority": "urgent"})
        self.rules_table.setCurrentCell(self.rules_table.rowCount() - 1, 1)

    def _add_rule_row(self, rule: dict) -> None:
        r = self.rules_table.rowCount()
        self.rules_table.insertRow(r)
        kind = QComboBox()
        for i, (code, text) in enumerate(_KINDS.items()):
            kind.addItem(_t(text), code)
            kind.setItemData(i, _t(_KIND_HELP[code]), Qt.ItemDataRole.ToolTipRole)
        kind.setCurrentIndex(max(kind.findData(rule.get("kind")), 0))
        raise_to = QComboBox()
        for code in PRIORITIES:
            raise_to.addItem(fmt.label(code), str(code))
        raise_to.setCurrentIndex(max(raise_to.findData(rule.get("priority", "high")), 0))
        kind.currentIndexChanged.connect(lambda _i, box=raise_to, k=kind: box.setEnabled(k.currentData() != "age"))
        raise_to.setEnabled(rule.get("kind") != "age")
        if rule.get("kind") == "age":
            values = str(rule.get("minutes", ""))
        else:
            values = ", ".join(rule.get(_VALUE_FIELD.get(str(rule.get("kind")), ""), []) or [])
        self.rules_table.setCellWidget(r, 0, kind)
        self.rules_table.setItem(r, 1, QTableWidgetItem(values))
        self.rules_table.setCellWidget(r, 2, raise_to)

    def _remove_rule(self) -> None:
        r = self.rules_table.currentRow()
        if r >= 0:
            self.rules_table.removeRow(r)

    def rules_json(self) -> list[dict]:
        """The table as the rule set's JSON (routing.check_rule_set judges it)."""
        out = []
        for r in range(self.rules_table.rowCount()):
            kind = self.rules_table.cellWidget(r, 0).currentData()
            item = self.rules_table.item(r, 1)
            text = item.text() if item is not None else ""
            if kind == "age":
                try:
                    minutes = int(text.strip())
                except ValueError:
                    minutes = 0  # refused by the rules with their own line
                out.append({"kind": "age", "minutes": minutes})
            else:
                out.append({"kind": kind, _VALUE_FIELD[kind]: _split(text),
                            "priority": self.rules_table.cellWidget(r, 2).currentData()})
        return out

    # --- saving ----------------------------------------------------------------------------------
    def save(self) -> None:
        team, mode, rules = self.team.currentData(), self.mode.currentData(), self.rules_json()
        if not team:
            return
        login = self.ctx.agent.login
        self.save_rules.setEnabled(False)
        self.ctx.runner.write(lambda s: routing_service.save_rules(s, current_agent(s, login), team, mode, rules),
                              self._rules_saved, self._save_failed)

    def _rules_saved(self, rules: routing_service.TeamRules) -> None:
        self.save_rules.setEnabled(True)
        self.rules = rules
        self._say(self.tr("Saved. New tickets of %1 are assigned: %2").replace("%1", rules.team_name)
                  .replace("%2", _t(_MODES.get(rules.mode, rules.mode))))
        self.saved.emit(rules)

    def _save_failed(self, exc: Exception) -> None:
        self.save_rules.setEnabled(True)
        self.save_agent.setEnabled(True)
        self._say(errors.message(exc), error=True)  # the table keeps what was typed

    def save_selected_agent(self) -> None:
        r = self.agents.currentRow()
        if r < 0 or r >= len(self.profiles):
            self._say(self.tr("Select an agent first."), error=True)
            return
        login = self.agents.item(r, 0).data(Qt.ItemDataRole.UserRole)
        capacity = self.agents.cellWidget(r, 2).value()
        skills = {key: _split(self.agents.item(r, col).text() if self.agents.item(r, col) else "")
                  for col, key in enumerate(_SKILLS, start=3)}
        me = self.ctx.agent.login
        self.save_agent.setEnabled(False)
        self.ctx.runner.write(
            lambda s: routing_service.set_agent_profile(s, current_agent(s, me), login, capacity=capacity, skills=skills),
            self._agent_saved, self._save_failed)

    def _agent_saved(self, profile: routing_service.AgentProfile) -> None:
        self.save_agent.setEnabled(True)
        self.ctx.changes.changed.emit("agent", profile.id)
        self._say(self.tr("Saved %1: capacity %2").replace("%1", profile.name).replace("%2", str(profile.capacity)))
        self.saved.emit(profile)

    def _failed(self, exc: Exception) -> None:
        self._say(errors.message(exc), error=True)

    def _say(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #c62828;" if error else "color: palette(mid);")



