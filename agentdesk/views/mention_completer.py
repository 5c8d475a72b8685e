"""@mentions in the composer: the completer that offers colleagues as the agent types
``@`` in an internal note or call log, the question before a public reply that mentions
a colleague, and the highlighting of mentions in the timeline.

The completer is a list drawn over the ticket pane (a child widget, not a popup window:
the keyboard stays in the composer, whose keys it reads through an event filter: ↑/↓
move, Enter/Tab insert ``@login``, Escape closes). It matches logins and display names,
Korean included: ``@김``, ``@민지`` (a given name), ``@ㄱㅁ`` (initial consonants), a
syllable still being composed (``@기`` for 김…) and ``@kim`` all find 김민지 (kim.minji).
What counts as a mention is agentdesk/mention_rules.py, as on the server.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Container, Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Slot
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QFrame, QListWidget, QListWidgetItem, QMessageBox, QPlainTextEdit, QWidget

from agentdesk import mention_rules
from agentdesk.services.mentions import AgentEntry
from agentdesk.services.pii import mask_pii

MAX_ROWS = 8
# The '@' and what follows it up to the cursor: a login's characters or Hangul (jamo
# too, while a syllable is being composed). The '@' must not be glued to an address.
_QUERY = re.compile(r"(?:^|(?<=[^A-Za-z0-9._%+\-/:@=&#\\]))@([A-Za-z0-9._\-\u1100-\u11ff\u3131-\u318e\uac00-\ud7a3]{0,40})$")
_CHOSEONG = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
MENTION_STYLE = "color:#1d4ed8; background-color:#dbeafe; font-weight:bold"


# --- matching (pure) --------------------------------------------------------------------
def _initials(name: str) -> str:
    """'김민지' → 'ㄱㅁㅈ' (Hangul syllables to their initial consonants; others kept)."""
    out = []
    for ch in name:
        code = ord(ch) - 0xAC00
        out.append(_CHOSEONG[code // 588] if 0 <= code < 11172 else ch.lower())
    return "".join(out)


def _jamo(text: str) -> str:
    """Syllables split into their letters (NFD), so '기' is a prefix of '김'."""
    return unicodedata.normalize("NFD", text.lower())


def _rank(query: str, agent: AgentEntry) -> int | None:
    """How well ``query`` (what follows '@') names the agent: 0 best, None not at all."""
    q = query.lower()
    if not q:
        return 0
    login, name = agent.login.lower(), agent.name.lower()
    if login.startswith(q) or name.startswith(q):
        return 0
    parts = re.split(r"[._\-\s]+", login) + name.split()
    if any(p.startswith(q) for p in parts[1:]):
        return 1  # the given name after the family name: '@minji', '@Clark'
    if len(name) > 1 and "\uac00" <= name[0] <= "\ud7a3" and name[1:].startswith(q):
        return 1  # a Korean given name: '@민지' for 김민지
    if _jamo(name).startswith(_jamo(q)) or _jamo(name[1:]).startswith(_jamo(q)):
        return 2  # a syllable still being composed: '@기' for 김…
    if all(ch in _CHOSEONG for ch in q) and _initials(name).startswith(q):
        return 2  # initial consonants: '@ㄱㅁ' for 김민지
    if q in login or q in name:
        return 3
    return None


def match_agents(query: str, agents: Sequence[AgentEntry], limit: int = MAX_ROWS) -> list[AgentEntry]:
    """The agents ``query`` names, best first, then by name."""
    ranked = [(r, a.name, a.login, a) for a in agents if (r := _rank(query, a)) is not None]
    return [a for *_key, a in sorted(ranked, key=lambda x: x[:3])][:limit]


def query_before(text: str) -> str | None:
    """What follows an '@' that starts a mention right before the cursor (``text`` is the
    line up to the cursor), or None when the cursor is not in one."""
    m = _QUERY.search(text)
    return m.group(1) if m else None


# --- the timeline ---------------------------------------------------------------------------
def body_html(body: str, kind: str, logins: Container[str]) -> str:
    """A message body as rich text, PII masked, with the mentions of a note or call log
    marked (the mentions that notified: the same rules, on the same text)."""
    text = mask_pii(body)
    out: list[str] = []
    pos = 0
    if mention_rules.notifies(kind):
        for span in mention_rules.find_mentions(text, logins):
            out.append(html.escape(text[pos:span.start]))
            out.append(f'<span style="{MENTION_STYLE}">{html.escape(text[span.start:span.end])}</span>')
            pos = span.end
    out.append(html.escape(text[pos:]))
    return "".join(out).replace("\n", "<br>")


# --- the completer ------------------------------------------------------------------------------
_POPUP_STYLE = """
QListWidget#mentionPopup { background: #ffffff; border: 1px solid #94a3b8; border-radius: 6px; padding: 2px;
    font-size: 13px; outline: none; }
QListWidget#mentionPopup::item { padding: 4px 8px; border-radius: 4px; color: #0f172a; }
QListWidget#mentionPopup::item:selected { background: #2563eb; color: #ffffff; }
"""


class MentionCompleter(QObject):
    """Offers colleagues after '@' in ``editor`` while ``active()`` says the composer writes a
    note or call log; the list is drawn on ``host`` (the ticket pane)."""

    def __init__(self, editor: QPlainTextEdit, host: QWidget, active: Callable[[], bool]):
        super().__init__(editor)
        self.editor = editor
        self.host = host
        self.active = active
        self.agents: list[AgentEntry] = []
        self.me = None  # the signed-in agent's id: not offered (a self-mention notifies nobody)
        self.team_id = None  # the open ticket's team: only who can see it is offered
        self._dismissed_at: int | None = None  # Escape: closed until the cursor leaves this '@'
        self.popup = QListWidget(host, objectName="mentionPopup")
        self.popup.setStyleSheet(_POPUP_STYLE)
        self.popup.setFrameShape(QFrame.Shape.NoFrame)
        self.popup.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # typing goes on in the composer
        self.popup.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.popup.setUniformItemSizes(True)
        self.popup.itemClicked.connect(self._clicked)
        self.popup.hide()
        editor.textChanged.connect(self.update)
        editor.cursorPositionChanged.connect(self.update)
        editor.installEventFilter(self)  # after the pane's own filter: consulted first

    # --- what it offers --------------------------------------------------------------------
    def set_agents(self, agents: Sequence[AgentEntry], me=None) -> None:
        self.agents = list(agents)
        self.me = me

    def set_ticket_team(self, team_id) -> None:
        if team_id != self.team_id:
            self.team_id = team_id
            self.hide()

    def candidates(self) -> list[AgentEntry]:
        """Colleagues who can be notified about the open ticket (mention_rules)."""
        return [a for a in self.agents if a.id != self.me
                and mention_rules.may_be_mentioned(self.team_id, a.team_id, a.role)]

    def colleague_logins(self) -> set[str]:
        return {a.login for a in self.candidates()}

    def is_open(self) -> bool:
        return self.popup.isVisible()

    def shown(self) -> list[str]:
        """The logins listed now, top to bottom (tests, screenshots)."""
        return [self.popup.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.popup.count())]

    def current(self) -> str | None:
        item = self.popup.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None and self.is_open() else None

    # --- following the cursor ----------------------------------------------------------------
    def _query(self) -> tuple[str, int] | None:
        """(query, position of its '@') at the cursor, or None."""
        cursor = self.editor.textCursor()
        if cursor.hasSelection():
            return None
        block = cursor.block()
        before = block.text()[: cursor.positionInBlock()]
        query = query_before(before)
        if query is None:
            return None
        return query, block.position() + len(before) - len(query) - 1

    @Slot()
    def update(self) -> None:
        # Only while the agent types here: a restored draft ending in '@kim' opens nothing.
        typing = self.active() and self.editor.hasFocus() and not self.editor.isReadOnly()
        found = self._query() if typing else None
        if found is None:
            self._dismissed_at = None
            self.hide()
            return
        query, at = found
        if self._dismissed_at == at:
            return
        self._dismissed_at = None
        matches = match_agents(query, self.candidates())
        if not matches:
            self.hide()
            return
        self._fill(matches)
        self._place()
        self.popup.show()
        self.popup.raise_()

    def _fill(self, matches: list[AgentEntry]) -> None:
        keep = self.current()
        self.popup.clear()
        for a in matches:
            item = QListWidgetItem(f"{a.name}   @{a.login}")
            item.setData(Qt.ItemDataRole.UserRole, a.login)
            item.setToolTip(f"@{a.login}")
            self.popup.addItem(item)
        logins = [a.login for a in matches]
        self.popup.setCurrentRow(logins.index(keep) if keep in logins else 0)

    def _place(self) -> None:
        """Above the cursor's line when there is room (the composer sits at the bottom of
        the pane), else below it; inside the pane, never off its edge."""
        row_h = self.popup.sizeHintForRow(0) if self.popup.count() else 24
        height = row_h * min(self.popup.count(), MAX_ROWS) + 8
        width = min(300, max(220, self.host.width() - 16))
        rect = self.editor.cursorRect()
        top_left = self.editor.viewport().mapTo(self.host, rect.topLeft())
        bottom = self.editor.viewport().mapTo(self.host, rect.bottomLeft())
        y = top_left.y() - height - 2 if top_left.y() - height - 2 >= 0 else bottom.y() + 2
        x = max(4, min(top_left.x() - 8, self.host.width() - width - 4))
        self.popup.setGeometry(x, max(0, y), width, height)

    def hide(self) -> None:
        if self.popup.isVisible():
            self.popup.hide()

    # --- keys and clicks --------------------------------------------------------------------
    def eventFilter(self, obj, event) -> bool:
        if obj is self.editor and event.type() == QEvent.Type.KeyPress and self.is_open():
            key, mods = event.key(), event.modifiers()
            plain = not mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                                | Qt.KeyboardModifier.MetaModifier)
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and plain:
                step = 1 if key == Qt.Key.Key_Down else -1
                self.popup.setCurrentRow((self.popup.currentRow() + step) % self.popup.count())
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab) and plain:
                self.insert(self.current())
                return True
            if key == Qt.Key.Key_Escape:
                found = self._query()
                self._dismissed_at = found[1] if found else None
                self.hide()
                return True  # closes the list only; the next Escape leaves the composer
        elif obj is self.editor and event.type() == QEvent.Type.FocusOut:
            self.hide()
        return super().eventFilter(obj, event)

    @Slot(QListWidgetItem)
    def _clicked(self, item: QListWidgetItem) -> None:
        self.insert(item.data(Qt.ItemDataRole.UserRole))
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def insert(self, login: str | None) -> None:
        """Replaces the '@query' at the cursor with '@login ' (one edit: one undo step)."""
        found = self._query()
        if login is None or found is None:
            self.hide()
            return
        query, at = found
        cursor = self.editor.textCursor()
        cursor.setPosition(at)
        cursor.setPosition(at + 1 + len(query), QTextCursor.MoveMode.KeepAnchor)
        after = self.editor.toPlainText()[at + 1 + len(query): at + 2 + len(query)]
        cursor.insertText(f"@{login}" + ("" if after in (" ", "\n") else " "))
        self.editor.setTextCursor(cursor)
        self.hide()

    # --- a public reply that mentions a colleague ------------------------------------------
    def mentioned_colleagues(self, body: str) -> list[AgentEntry]:
        by_login = {a.login: a for a in self.candidates()}
        return [by_login[login] for login in mention_rules.mentioned_logins(body, by_login)]

    def public_reply_choice(self, body: str, parent: QWidget) -> str:
        """Before a public reply goes: "send", "note" (send it as an internal note
        instead) or "cancel". Asked only when it mentions a colleague: the customer would
        read the @name, and the colleague would not be told (only notes notify)."""
        who = self.mentioned_colleagues(body)
        if not who:
            return "send"
        return self.ask_public_mention(parent, ", ".join(f"{a.name} (@{a.login})" for a in who))

    @staticmethod
    def ask_public_mention(parent: QWidget, names: str) -> str:
        """The question; tests replace this (no modal in tests)."""
        title = QCoreApplication.translate("MentionCompleter", "Mention in a public reply")
        question = QCoreApplication.translate(
            "MentionCompleter",
            "This reply goes to the customer and mentions %1. Colleagues are notified only by internal notes.")
        box = QMessageBox(QMessageBox.Icon.Question, title, question.replace("%1", names),
                          QMessageBox.StandardButton.NoButton, parent)
        note = box.addButton(QCoreApplication.translate("MentionCompleter", "Add as internal note"),
                             QMessageBox.ButtonRole.AcceptRole)
        send = box.addButton(QCoreApplication.translate("MentionCompleter", "Send to customer"),
                             QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QCoreApplication.translate("MentionCompleter", "Cancel"),
                               QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(note)
        box.setEscapeButton(cancel)
        box.exec()
        clicked = box.clickedButton()
        return "note" if clicked is note else "send" if clicked is send else "cancel"

