"""@mentions in the window (issue 12), real widgets offscreen on a real SQLite workspace:
the composer's @ completer (keyboard and Korean), the toast when a colleague mentions me
(PII masked, opens the ticket), the Mentions view and its unread badge, marking read,
no second toast after a restart, and the question before a public reply mentions someone."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QPushButton
from sqlalchemy import select

from agentdesk.models import Mention
from agentdesk.services import mentions, tickets
from agentdesk.services.common import current_agent
from agentdesk.services.mentions import AgentEntry
from agentdesk.ui import app as appmod
from agentdesk.ui.kit.toasts import ToastStack
from agentdesk.ui.mentions import MentionCenter
from agentdesk.views.mention_completer import MentionCompleter, match_agents, query_before
from agentdesk.views.ticket import message_html
from tests.factories import seed_small
from tests.uihelpers import settle


@pytest.fixture
def window(qtbot, sqlite_db):
    ids = seed_small(sqlite_db)
    w = appmod.build_window(sqlite_db, appmod.load_agent(sqlite_db, None), appmod.settings())
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    with qtbot.waitSignals([w.inbox.countsUpdated, w.inbox.model.counted], timeout=5000):
        w.inbox.start("all")
    w.ids = ids
    yield w
    w.ctx.runner.wait()


def _open(qtbot, w, number):
    with qtbot.waitSignal(w.ticket.loaded, timeout=5000):
        w.open_ticket(str(number))
    settle(w.ctx.runner)


def _note_by(db, login, number, body, kind="note"):
    with db.session() as s:
        return tickets.add_message(s, number, current_agent(s, login), body, kind=kind)


def _mention_toasts(w):
    return [t for t in ToastStack.of(w).toasts() if t.property("mentionId")]


# --- matching (pure) ---------------------------------------------------------------------------
PEOPLE = [AgentEntry(uuid.uuid4(), login, name, None, "agent") for login, name in
          (("kim.minji", "김민지"), ("lee.junho", "이준호"), ("park.seoyeon", "박서연"), ("kim.dohyun", "김도현"),
           ("emily.clark", "Emily Clark"))]


@pytest.mark.parametrize("query, expected", [
    ("김", ["kim.dohyun", "kim.minji"]),  # by name, 김도현 before 김민지
    ("kim", ["kim.dohyun", "kim.minji"]),
    ("kim.m", ["kim.minji"]),
    ("민지", ["kim.minji"]),  # a Korean given name
    ("minji", ["kim.minji"]),
    ("기", ["kim.dohyun", "kim.minji"]),  # the syllable 김 still being composed
    ("ㄱㅁ", ["kim.minji"]),  # initial consonants
    ("서", ["park.seoyeon"]),
    ("clark", ["emily.clark"]),
    ("Emily", ["emily.clark"]),
    ("zzz", []),
])
def test_the_completer_matches_logins_and_korean_names(query, expected):
    assert [a.login for a in match_agents(query, PEOPLE)] == expected


def test_an_empty_query_lists_everyone_and_the_query_is_read_before_the_cursor():
    assert len(match_agents("", PEOPLE)) == len(PEOPLE)
    assert query_before("확인 부탁 @이준") == "이준"
    assert query_before("@") == ""
    assert query_before("(@kim") == "kim"
    assert query_before("mail kim@exa") is None  # an address, not a mention
    assert query_before("@kim 다음") is None  # the mention is finished


# --- the completer in the composer ----------------------------------------------------------------
def test_at_in_a_note_offers_colleagues_and_the_keyboard_picks_one(qtbot, window):
    w = window
    _open(qtbot, w, w.ids["t2"])
    completer = w.ticket.mention_completer
    w.ticket.start_reply()
    qtbot.keyClicks(w.ticket.composer, "@")
    assert not completer.is_open()  # a public reply notifies nobody: no list
    w.ticket.composer.clear()
    w.ticket.start_note()
    qtbot.keyClicks(w.ticket.composer, "@")
    assert completer.is_open()
    assert completer.shown() == ["park.lead", "lee.junho"]  # by name (박, 이); not me
    qtbot.keyClick(w.ticket.composer, Qt.Key.Key_Down)
    assert completer.current() == "lee.junho"
    qtbot.keyClick(w.ticket.composer, Qt.Key.Key_Up)
    assert completer.current() == "park.lead"
    qtbot.keyClicks(w.ticket.composer, "le")
    assert completer.shown() == ["lee.junho", "park.lead"]  # a login first, then a part of one (lead)
    qtbot.keyClicks(w.ticket.composer, "e")
    assert completer.shown() == ["lee.junho"]
    qtbot.keyClick(w.ticket.composer, Qt.Key.Key_Return)
    assert w.ticket.composer.toPlainText() == "@lee.junho " and not completer.is_open()
    assert w.ticket.composer.hasFocus()
    # Korean: the name typed after @ (Hangul comes through the input method, not key codes).
    w.ticket.composer.insertPlainText("확인 부탁드려요. @박")
    assert completer.shown() == ["park.lead"]
    qtbot.keyClick(w.ticket.composer, Qt.Key.Key_Tab)  # Tab inserts too (never a tab character)
    assert w.ticket.composer.toPlainText() == "@lee.junho 확인 부탁드려요. @park.lead "
    # Escape closes the list and keeps the text and the focus; the next Escape leaves the composer.
    w.ticket.composer.insertPlainText("@")
    assert completer.is_open()
    qtbot.keyClick(w.ticket.composer, Qt.Key.Key_Escape)
    assert not completer.is_open() and w.ticket.composer.hasFocus()
    assert w.ticket.composer.toPlainText().endswith("@")
    qtbot.keyClicks(w.ticket.composer, "x")
    assert not completer.is_open()  # nobody is x
    qtbot.keyClick(w.ticket.composer, Qt.Key.Key_Escape)
    assert not w.ticket.composer.hasFocus()


def test_a_click_on_a_colleague_inserts_and_the_note_mentions_them(qtbot, window, sqlite_db):
    w = window
    _open(qtbot, w, w.ids["t2"])
    w.ticket.start_note()
    w.ticket.composer.insertPlainText("환불 승인 필요합니다 @이")
    completer = w.ticket.mention_completer
    assert completer.shown() == ["lee.junho"]
    item = completer.popup.item(0)
    qtbot.mouseClick(completer.popup.viewport(), Qt.MouseButton.LeftButton,
                     pos=completer.popup.visualItemRect(item).center())
    assert w.ticket.composer.toPlainText() == "환불 승인 필요합니다 @lee.junho "
    with qtbot.waitSignal(w.ticket.messageSent, timeout=5000):
        w.ticket.send()
    settle(w.ctx.runner)
    with sqlite_db.session() as s:
        lee = current_agent(s, "lee.junho").id
        assert [r.mentioned_agent_id for r in s.scalars(select(Mention))] == [lee]
    # The timeline marks the mention in the note.
    qtbot.waitUntil(lambda: "color:#1d4ed8; background-color:#dbeafe;\">@lee.junho</span>"
                    in w.ticket.timeline.toHtml(), timeout=5000)


def test_the_completer_offers_only_who_can_see_the_ticket(qtbot, window, sqlite_db):
    from agentdesk.models import Agent, Team

    with sqlite_db.session() as s:
        other = Team(name="쇼핑몰CS팀")
        s.add(other)
        s.flush()
        s.add(Agent(login="seo.yerin", name="서예린", role="agent", team_id=other.id))
        s.add(Agent(login="ahn.admin", name="안소희", role="admin", team_id=None))
    w = window
    w.ticket.ctx.runner.read(mentions.agent_directory, w.ticket._fill_mentionable)
    settle(w.ctx.runner)
    _open(qtbot, w, w.ids["t2"])
    w.ticket.start_note()
    w.ticket.composer.insertPlainText("@")
    assert w.ticket.mention_completer.shown() == ["park.lead", "ahn.admin", "lee.junho"]  # not 서예린 (other team)


def test_mentions_in_notes_are_marked_in_the_timeline_not_in_replies(qapp):
    def row(kind, direction):
        return tickets.MessageRow(id=uuid.uuid4(), ticket_number=1001, direction=direction, kind=kind, channel="email",
                                  body="@lee.junho 확인 <b>부탁</b> 4111 1111 1111 1111", author="김민지",
                                  created_at=datetime(2026, 3, 18, 1, 0, tzinfo=UTC))
    note = message_html(row("note", "internal"), 1001, frozenset({"lee.junho"}))
    assert '#dbeafe; font-weight:bold">@lee.junho</span>' in note
    assert "&lt;b&gt;" in note and "4111 1111 1111 1111" not in note  # escaped and masked as ever
    reply = message_html(row("reply", "outbound"), 1001, frozenset({"lee.junho"}))
    assert "@lee.junho" in reply and "font-weight:bold\">@lee.junho" not in reply


# --- a public reply that mentions a colleague --------------------------------------------------
@pytest.mark.parametrize("choice, kind, sent", [("note", "note", True), ("send", "reply", True), ("cancel", None, False)])
def test_a_public_reply_mentioning_a_colleague_asks_first(qtbot, window, sqlite_db, monkeypatch, choice, kind, sent):
    w = window
    asked = []
    monkeypatch.setattr(MentionCompleter, "ask_public_mention",
                        staticmethod(lambda parent, names: asked.append(names) or choice))
    _open(qtbot, w, w.ids["t2"])
    w.ticket.start_reply()
    w.ticket.composer.setPlainText("고객님, @lee.junho 담당자가 곧 연락드립니다.")
    if sent:
        with qtbot.waitSignal(w.ticket.messageSent, timeout=5000):
            w.ticket.send()
    else:
        w.ticket.send()
    settle(w.ctx.runner)
    assert asked == ["이준호 (@lee.junho)"]
    with sqlite_db.session() as s:
        last = tickets.get_detail(s, w.ids["t2"]).messages[-1]
        stored = s.scalars(select(Mention)).all()
    if sent:
        assert last.kind == kind and last.body.startswith("고객님")
        assert len(stored) == (1 if kind == "note" else 0)  # only a note notifies
    else:
        assert last.direction == "inbound" and w.ticket.composer.toPlainText().startswith("고객님")
    # A reply without an @colleague is not asked about.
    asked.clear()
    w.ticket.start_reply()
    w.ticket.composer.setPlainText("메일 lee.junho@example.com 으로 보내주세요")
    with qtbot.waitSignal(w.ticket.messageSent, timeout=5000):
        w.ticket.send()
    assert asked == []


# --- toasts, the Mentions view, reading -----------------------------------------------------------
def _poll(qtbot, w):
    with qtbot.waitSignal(w.mentions.checked, timeout=5000):
        w.mentions.check_now()
    settle(w.ctx.runner)


def test_a_mention_shows_a_toast_that_opens_the_ticket_and_marks_it_read(qtbot, window, sqlite_db):
    w = window
    note = _note_by(sqlite_db, "lee.junho", w.ids["t2"], "@kim.minji 고객 카드 4111 1111 1111 1111 환불 확인 부탁드려요\n둘째 줄")
    _poll(qtbot, w)
    (toast,) = _mention_toasts(w)
    assert toast.title.text() == f"이준호 mentioned you on #{w.ids['t2']}"
    assert toast.body.text() == "@kim.minji 고객 카드 4111 **** **** 1111 환불 확인 부탁드려요"  # first line, masked
    with sqlite_db.session() as s:
        row = s.scalars(select(Mention)).one()
        assert row.notified_at is not None and row.read_at is None and row.message_id == note.id
    with qtbot.waitSignals([w.inbox.countsUpdated], timeout=5000):
        w.inbox.refresh_counts()
    assert _badge(w.inbox) == "Mentions  ● 1"
    _poll(qtbot, w)
    assert len(_mention_toasts(w)) == 1  # the same mention is not toasted twice
    with qtbot.waitSignal(w.ticket.loaded, timeout=5000):
        qtbot.mouseClick(toast, Qt.MouseButton.LeftButton, pos=QPoint(40, 40))  # anywhere on the toast
    assert w.ticket.detail.number == w.ids["t2"]
    qtbot.waitUntil(lambda: _mention_toasts(w) == [], timeout=5000)
    settle(w.ctx.runner)
    with sqlite_db.session() as s:
        assert s.scalars(select(Mention)).one().read_at is not None
    qtbot.waitUntil(lambda: _badge(w.inbox) == "Mentions", timeout=5000)  # the badge is gone


def test_no_toast_for_my_own_mention_of_myself_nor_again_after_a_restart(qtbot, window, sqlite_db):
    w = window
    _note_by(sqlite_db, "kim.minji", w.ids["t1"], "@kim.minji 나중에 다시 확인")
    _note_by(sqlite_db, "lee.junho", w.ids["t3"], "@kim.minji 비밀번호 재설정 건 부탁해요")
    _poll(qtbot, w)
    assert [t.title.text() for t in _mention_toasts(w)] == [f"이준호 mentioned you on #{w.ids['t3']}"]
    # The next start: a new center on the same workspace shows nothing again.
    again = MentionCenter(w.ctx, w)
    with qtbot.waitSignal(again.checked, timeout=5000):
        again.check_now()
    settle(w.ctx.runner)
    assert len(_mention_toasts(w)) == 1
    assert again.unread_tickets == {tickets_id(sqlite_db, w.ids["t3"])}  # still unread: not yet opened
    again.stop()


def tickets_id(db, number):
    with db.session() as s:
        return tickets.resolve_ticket(s, number).id


def test_the_mentions_view_lists_my_tickets_newest_first_and_opening_one_reads_it(qtbot, window, sqlite_db):
    w = window
    _note_by(sqlite_db, "lee.junho", w.ids["t1"], "@kim.minji 통화 기록 확인", kind="call_log")
    _note_by(sqlite_db, "park.lead", w.ids["t3"], "@kim.minji 오늘 처리해 주세요")
    _note_by(sqlite_db, "lee.junho", w.ids["t2"], "@park.lead 팀장님 확인 부탁")  # not me
    _poll(qtbot, w)
    with qtbot.waitSignals([w.inbox.countsUpdated, w.inbox.model.counted], timeout=5000):
        w.inbox.select_view("mentions")
        w.inbox.refresh_counts()
    assert w.inbox.current_view() == "mentions"
    qtbot.waitUntil(lambda: w.inbox.model.rowCount() == 2 and w.inbox.model.row_at(1) is not None, timeout=5000)
    assert [w.inbox.model.row_at(i).number for i in range(2)] == [w.ids["t3"], w.ids["t1"]]
    item = w.inbox.views.currentItem()
    assert _badge(w.inbox) == "Mentions  ● 2" and item.font().bold()
    with qtbot.waitSignal(w.ticket.loaded, timeout=5000):
        w.inbox.table.selectRow(0)
    qtbot.waitUntil(lambda: _badge(w.inbox) == "Mentions  ● 1", timeout=5000)
    assert w.inbox.model.rowCount() == 2  # a read mention's ticket stays in the view
    with sqlite_db.session() as s:
        me = current_agent(s, "kim.minji").id
        assert mentions.unread_ticket_ids(s, me) == {tickets.resolve_ticket(s, w.ids["t1"]).id}


def test_a_backlog_of_mentions_is_one_summary_toast_that_shows_the_view(qtbot, window, sqlite_db):
    w = window
    for i in range(5):
        _note_by(sqlite_db, "lee.junho", w.ids["t3"], f"@kim.minji 확인 {i}")
    _poll(qtbot, w)
    assert _mention_toasts(w) == []
    summary = w.mentions.summary_toast()
    assert summary is not None and summary.title.text() == "5 new mentions"
    with qtbot.waitSignal(w.inbox.model.counted, timeout=5000):
        qtbot.mouseClick(summary.findChild(QPushButton, "toastShowMentions"), Qt.MouseButton.LeftButton)
    assert w.inbox.current_view() == "mentions"
    _poll(qtbot, w)
    assert w.mentions.summary_toast() is None  # all five notified: nothing more


def _mentions_item(inbox):
    """The Mentions entry of the view list (its unread badge is drawn from COUNT_ROLE)."""
    from PySide6.QtCore import Qt

    return next(inbox.views.item(i) for i in range(inbox.views.count())
                if inbox.views.item(i).data(Qt.ItemDataRole.UserRole) == "mentions")


def _badge(inbox) -> str:
    from agentdesk.views.saved_views import COUNT_ROLE

    item = _mentions_item(inbox)
    return f"{item.text()}  {item.data(COUNT_ROLE) or ''}".strip()
