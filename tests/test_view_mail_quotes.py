"""A customer's mail in the ticket timeline (issue 14): the quoted earlier mail and the
signature are folded under one link (never deleted), and unfold on a click, in the
window's language. The mail goes through the real pipeline: parse_mail, then the intake."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QUrl

from agentdesk.mail.parse import parse_mail
from agentdesk.services import channels
from agentdesk.services.tickets import get_detail
from agentdesk.views.ticket import QUOTED_LINK, TicketPane

CORPUS = Path(__file__).with_name("mail_corpus")
SWITCH = {"ko": ("인용문 보기", "인용문 숨기기"), "en": ("Show quoted text", "Hide quoted text")}


@pytest.fixture(params=["ko", "en"])
def lang(request, qapp):
    from agentdesk.ui.app import install_language

    assert install_language(qapp, request.param)
    yield request.param
    install_language(qapp, "en")


def test_quoted_text_and_signature_fold_away_and_back(qtbot, ctx, sqlite_db, lang):
    inbound = parse_mail((CORPUS / "12_outlook_korean_reply.eml").read_bytes())
    with sqlite_db.session() as s:
        got = channels.receive(s, inbound)
        s.commit()
        detail = get_detail(s, got.ticket_id)
    message = next(m for m in detail.messages if m.direction == "inbound")
    pane = TicketPane(ctx)
    qtbot.addWidget(pane)
    pane.resize(760, 900)
    pane.show()
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        pane.show_ticket(got.ticket_id)
    show, hide = SWITCH[lang]
    text = pane.timeline.toPlainText()
    assert "뷁 고객님 건은 처리되었습니다" in text  # what the customer wrote now, glyphs intact
    assert "원본 메시지" not in text and "Tel: 02-1234-5678" not in text
    assert f"▸ {show}" in text

    pane.timeline.anchorClicked.emit(QUrl(f"{QUOTED_LINK}{message.id}"))
    text = pane.timeline.toPlainText()
    assert "원본 메시지" in text and "문의하신 내용을 확인 중입니다." in text and "Tel: 02-1234-5678" in text
    assert f"▾ {hide}" in text

    pane.timeline.anchorClicked.emit(QUrl(f"{QUOTED_LINK}{message.id}"))
    assert "원본 메시지" not in pane.timeline.toPlainText()
    with sqlite_db.session() as s:  # folding is the window's: the stored body is whole
        stored = next(m for m in get_detail(s, got.ticket_id).messages if m.id == message.id)
    assert "원본 메시지" in stored.body
