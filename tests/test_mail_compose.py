"""The reply mail as composed at enqueue (issue 14): an automatic answer says so (RFC 3834
"auto-replied"), so the customer's own autoresponder does not answer it and our intake
never auto-responds to it; a person's reply says "no". Read back through our own parser."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from agentdesk.mail.compose import ReplyMail, compose_reply, reply_subject
from agentdesk.mail.parse import parse_mail


@pytest.mark.parametrize(("automatic", "header"), [(False, "no"), (True, "auto-replied")])
def test_an_automatic_answer_is_marked_auto_replied(automatic, header):
    raw = compose_reply(ReplyMail(
        from_address="support@desk.example", from_name="상담센터", to_address="hong@example.com", to_name="홍길동",
        subject="카드 한도 문의", ticket_number=1234, body="한도는 앱에서 확인하실 수 있습니다.",
        message_id="ad.1234.x@desk.example", date=datetime(2026, 12, 6, 3, 0, tzinfo=UTC), automatic=automatic))
    assert f"Auto-Submitted: {header}".encode() in raw
    back = parse_mail(raw)
    assert back.subject == "카드 한도 문의 [#1234]" and "한도는 앱에서" in back.text
    assert back.auto_submitted  # ours either way (X-AgentDesk-Ticket): never answered automatically


@pytest.mark.parametrize(("subject", "expected"), [
    ("카드 한도 문의", "Re: 카드 한도 문의 [#1427]"),
    ("[#1427] 카드 한도 문의", "Re: [#1427] 카드 한도 문의"),
    # A new ticket linked to an older one keeps the customer's subject, which names the
    # older ticket: the reply names only this one (it once read "… [#1102] [#1427]").
    ("똠 뷁 햏 환불 요청 [#1102]", "Re: 똠 뷁 햏 환불 요청 [#1427]"),
    ("[#77] 결제 문의 [#1102]", "Re: 결제 문의 [#1427]"),
    ("[#1102]", "Re: (no subject) [#1427]"),
])
def test_the_reply_subject_names_this_ticket_only(subject, expected):
    assert reply_subject(subject, 1427) == expected
    raw = compose_reply(ReplyMail(
        from_address="support@desk.example", from_name="상담센터", to_address="hong@example.com", to_name="홍길동",
        subject=subject, ticket_number=1427, body="확인했습니다.", message_id="ad.1427.x@desk.example",
        date=datetime(2026, 12, 6, 3, 0, tzinfo=UTC)))
    assert parse_mail(raw).hints.ticket_number == 1427


def test_a_card_or_resident_number_in_the_subject_is_masked_in_the_reply():
    # The customer wrote it in the subject; the desk shows it masked, and the reply must not
    # send it out again in the clear (it went "Re: 카드번호 4111-1111-1111-1111 결제 문의").
    assert reply_subject("카드번호 4111-1111-1111-1111 결제 문의", 1430) == "Re: 카드번호 4111-****-****-1111 결제 문의 [#1430]"
    raw = compose_reply(ReplyMail(
        from_address="support@desk.example", from_name="상담센터", to_address="hong@example.com", to_name="홍길동",
        subject="주민번호 900101-1234567 확인 요청", ticket_number=1430, body="확인했습니다.",
        message_id="ad.1430.x@desk.example", date=datetime(2026, 12, 6, 3, 0, tzinfo=UTC)))
    assert parse_mail(raw).subject == "주민번호 900101-1****** 확인 요청 [#1430]"
