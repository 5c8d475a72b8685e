"""The ticket timeline's event lines (issue 12, defects 6 and 8), on the real pane: field
changes and merges between the messages, in the window's language, grouped when nothing is
said between them, folded away and back with one link the settings remember."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QUrl

from agentdesk.models import utcnow
from agentdesk.services import tickets
from agentdesk.services.common import current_agent
from agentdesk.ui.kit import prefs
from agentdesk.views.ticket import CHANGES_LINK, SHOW_CHANGES_KEY, TicketPane
from tests.uihelpers import settle

LINES = {
    "ko": ["김민지 님이 상태 변경: 신규 → 대기", "김민지 님이 우선순위 변경: 긴급 → 높음", "이준호 님이 담당을 맡음",
           "이준호 님이 태그 추가: 배송지연 환불", "김민지 님이 #1003을(를) #1002에 병합"],
    "en": ["김민지 changed status New → Pending", "김민지 changed priority Urgent → High", "이준호 took the ticket",
           "이준호 added tags 배송지연 환불", "김민지 merged #1003 into #1002"],
}
SWITCH = {"ko": ("변경 내역 숨기기", "변경 내역 5건 보기", "변경 내역 1건 보기"),
          "en": ("Hide changes", "Show 5 changes", "Show 1 change")}


@pytest.fixture(params=["ko", "en"])
def lang(request, qapp):
    from agentdesk.ui.app import install_language

    assert install_language(qapp, request.param)
    yield request.param
    install_language(qapp, "en")


@pytest.fixture
def changed(sqlite_db, seeded):
    """#1002 with a note, then four field changes and a merge (nothing said between them),
    then a reply."""
    start = utcnow() - timedelta(minutes=30)
    with sqlite_db.session() as s:
        me, lee = current_agent(s), current_agent(s, "lee.junho")
        tickets.add_message(s, seeded["t2"], me, "택배사에 확인 요청", kind="note", now=start)
        tickets.update_ticket(s, seeded["t2"], me, status="pending", priority="high", now=start + timedelta(minutes=1))
        tickets.update_ticket(s, seeded["t2"], lee, assignee="lee.junho", add_tags=["환불", "배송지연"],
                              now=start + timedelta(minutes=2))
        tickets.merge_tickets(s, seeded["t3"], seeded["t2"], me, now=start + timedelta(minutes=3))
        tickets.add_message(s, seeded["t2"], lee, "배송 상황을 확인했습니다.", now=start + timedelta(minutes=4))
        return tickets.get_detail(s, seeded["t2"]).id


def _pane(qtbot, ctx, ticket_id) -> TicketPane:
    pane = TicketPane(ctx)
    qtbot.addWidget(pane)
    pane.resize(760, 900)
    pane.show()
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        pane.show_ticket(ticket_id)
    return pane


def _text(pane) -> str:
    return pane.timeline.toPlainText()


def test_field_changes_and_the_merge_read_as_lines_between_the_messages(qtbot, ctx, changed, lang):
    pane = _pane(qtbot, ctx, changed)
    text = _text(pane)
    hide, _five, _one = SWITCH[lang]
    positions = [text.find(line) for line in LINES[lang]]
    assert all(p >= 0 for p in positions), (LINES[lang], text)
    # In time order, after the note and before the reply; one group, one switch.
    assert positions == sorted(positions)
    assert text.find("택배사에 확인 요청") < positions[0] and positions[-1] < text.find("배송 상황을 확인했습니다.")
    assert text.count(hide) == 1
    assert "Merged into" not in text and "Merged from" not in text


def test_the_changes_fold_away_and_back_and_the_choice_is_remembered(qtbot, ctx, changed, lang):
    pane = _pane(qtbot, ctx, changed)
    hide, five, _one = SWITCH[lang]
    pane.timeline.anchorClicked.emit(QUrl(CHANGES_LINK))  # "Hide changes"
    text = _text(pane)
    assert not any(line in text for line in LINES[lang]) and f"▸ {five}" in text
    assert "배송 상황을 확인했습니다." in text  # the conversation stays
    assert prefs.flag(SHOW_CHANGES_KEY, True) is False

    again = _pane(qtbot, ctx, changed)  # another pane (a pop-out, the next start) reads the setting
    assert f"▸ {five}" in _text(again) and LINES[lang][0] not in _text(again)
    again.timeline.anchorClicked.emit(QUrl(CHANGES_LINK))  # "Show 5 changes"
    assert all(line in _text(again) for line in LINES[lang]) and hide in _text(again)
    assert prefs.flag(SHOW_CHANGES_KEY, False) is True


def test_a_change_made_in_the_pane_appears_as_a_line(qtbot, ctx, changed, lang):
    pane = _pane(qtbot, ctx, changed)
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        pane.status.setCurrentIndex(pane.status.findData("solved"))  # written, then the pane re-reads
    settle(ctx.runner)
    expected = {"ko": "김민지 님이 상태 변경: 대기 → 해결", "en": "김민지 changed status Pending → Solved"}[lang]
    text = _text(pane)
    assert expected in text
    # Said after the reply: a group of its own, with its own switch.
    assert text.find("배송 상황을 확인했습니다.") < text.find(expected)
    assert text.count(SWITCH[lang][0]) == 2


def test_the_timeline_fits_a_1366_screen(qtbot, ctx, changed):
    """Event lines wrap inside the timeline at the width a 1366 screen leaves the pane."""
    pane = _pane(qtbot, ctx, changed)
    pane.resize(420, 700)
    settle(ctx.runner)
    assert pane.timeline.horizontalScrollBar().maximum() == 0  # nothing runs off to the side
