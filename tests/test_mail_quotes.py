"""Quote and signature folding (agentdesk/mail/quotes.py) and reply prefixes
(agentdesk/mail/subjects.py), issue 14: Korean reply headers first, conservative signatures,
and nothing ever lost (the segments join back to the text)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from agentdesk.mail.parse import parse_mail
from agentdesk.mail.quotes import Segment, split_quoted
from agentdesk.mail.subjects import strip_reply_prefixes

CORPUS = Path(__file__).parent / "mail_corpus"


def kinds(text: str) -> list[tuple[str, str]]:
    segments = split_quoted(text)
    assert "".join(s.text for s in segments) == text
    return [(s.kind, s.text) for s in segments]


def test_outlook_korean_reply_from_corpus():
    text = parse_mail((CORPUS / "12_outlook_korean_reply.eml").read_bytes()).text
    segs = kinds(text)
    assert [k for k, _ in segs] == ["body", "signature", "quote"]
    assert segs[0][1].startswith("네, 확인했습니다.") and segs[0][1].rstrip().endswith("감사합니다.")
    assert segs[1][1].startswith("홍길동 드림\nTel: 02-1234-5678")
    assert segs[2][1].startswith("-----원본 메시지-----\n보낸 사람:") and "문의하신 내용을 확인 중입니다." in segs[2][1]


def test_gmail_and_naver_replies_from_corpus():
    gmail = kinds(parse_mail((CORPUS / "13_gmail_reply.eml").read_bytes()).text)
    assert [k for k, _ in gmail] == ["body", "quote", "signature"]
    assert gmail[1][1].startswith("On Mon, Nov 23, 2026 at 3:00 PM") and "님이 작성:" in gmail[1][1]
    assert gmail[2][1].startswith("-- \nGildong Hong")
    naver = kinds(parse_mail((CORPUS / "16_naver_reply.eml").read_bytes()).text)
    assert [k for k, _ in naver] == ["body", "quote"]
    assert naver[0][1] == "답변 감사합니다 햏.\n\n" and naver[1][1].startswith("-----Original Message-----")


def test_html_only_gmail_reply_folds_its_blockquote():
    html = ('<div dir="ltr">확인했습니다. 똠.</div><br><div class="gmail_quote"><div class="gmail_attr">'
            '2026년 11월 23일 (월) 오후 3:00, 상담센터 &lt;s@a.b&gt;님이 작성:<br></div>'
            '<blockquote class="gmail_quote">문의 주셔서 감사합니다.<br>처리 중입니다.</blockquote></div>')
    raw = b"From: a@b.c\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html.encode()
    segs = kinds(parse_mail(raw).text)
    assert segs == [("body", "확인했습니다. 똠.\n\n"),
                    ("quote", "2026년 11월 23일 (월) 오후 3:00, 상담센터 <s@a.b>님이 작성:\n> 문의 주셔서 감사합니다.\n> 처리 중입니다.")]


@pytest.mark.parametrize("header", [
    "2026년 11월 23일 (월) 오후 3:00, 홍길동 <a@b.c>님이 작성:",
    "2026년 11월 23일 (월) 오후 3:00, 홍길동 <\na@b.c>님이 작성:",  # wrapped by Gmail
    "2026년 11월 23일 월요일, 홍길동<a@b.c>님이 작성:",
    "2026. 11. 23. 오후 3:00, 홍길동 <a@b.c> 작성:",  # Apple Mail
    "2026년 11월 23일 (월) 오후 3:00, 홍길동님이 작성:",
    "On Mon, Nov 23, 2026 at 3:00 PM 홍길동 <a@b.c> wrote:",
    "On Mon, Nov 23, 2026 at 3:00 PM Gildong Hong <\na@b.c> wrote:",
    "-----Original Message-----",
    "----- 원본 메시지 -----",
    "---------- Forwarded message ---------",
])
def test_top_posted_reply_headers(header):
    text = f"네 알겠습니다.\n\n{header}\n원래 문의 내용입니다.\n둘째 줄\n"
    segs = kinds(text)
    assert segs == [("body", "네 알겠습니다.\n\n"), ("quote", f"{header}\n원래 문의 내용입니다.\n둘째 줄\n")]


def test_outlook_header_block_without_separator():
    text = ("처리 부탁드립니다.\n\n________________________________\n보낸 사람: 상담센터 <s@a.b>\n"
            "보낸 날짜: 2026년 12월 3일 목요일 오후 2:00\n받는 사람: 홍길동\n제목: 문의\n\n원문\n")
    assert kinds(text) == [("body", "처리 부탁드립니다.\n\n"), ("quote", text[len("처리 부탁드립니다.\n\n"):])]
    english = "ok\nFrom: Desk <s@a.b>\nSent: Monday, November 23, 2026 3:00 PM\nTo: me\nSubject: x\n\nold\n"
    assert [k for k, _ in kinds(english)] == ["body", "quote"]


def test_interleaved_answers_stay_visible():
    text = "On Mon, Nov 23, 2026 at 3:00 PM A <a@b.c> wrote:\n> 질문 하나\n답 하나\n> 질문 둘\n답 둘\n"
    assert kinds(text) == [
        ("quote", "On Mon, Nov 23, 2026 at 3:00 PM A <a@b.c> wrote:\n> 질문 하나\n"),
        ("body", "답 하나\n"), ("quote", "> 질문 둘\n"), ("body", "답 둘\n")]


def test_signatures_are_conservative():
    # A closing followed by contact lines folds; the closing itself stays in the body.
    assert [k for k, _ in kinds("결제 취소 부탁드려요.\n감사합니다.\n김철수 과장\n010-1234-5678\n")] == ["body", "signature"]
    # A closing followed by more message (no contact-like line) is not a signature.
    text = "결제 취소 부탁드려요.\n감사합니다.\n그리고 하나 더 여쭤볼게요.\n배송은 언제 되나요?\n"
    assert kinds(text) == [("body", text)]
    # Too long after the closing: not a signature.
    text = "문의\n감사합니다.\n" + "".join(f"추가 내용 {i}\n" for i in range(12)) + "연락처 010-1234-5678\n"
    assert kinds(text) == [("body", text)]
    # A lone "-- " signature, and a text that is only a signature stays body.
    assert kinds("hi\n-- \nName\n") == [("body", "hi\n"), ("signature", "-- \nName\n")]
    assert kinds("-- \nName\n") == [("body", "-- \nName\n")]
    assert kinds("문의드립니다.\n\niPhone에서 보냄\n") == [("body", "문의드립니다.\n\n"), ("signature", "iPhone에서 보냄\n")]


def test_no_false_folds_on_ordinary_text():
    for text in ["On Monday I tried to pay and it failed.\nPlease help.\n",
                 "From: 제 계좌에서 두 번 빠졌어요.\n확인 부탁해요.\n",
                 "2026년 11월 23일에 주문했는데 아직 안 왔어요.\n작성: 김고객\n",
                 "2026년 12월 1일 회의록 작성:\n- 환불 건 논의\n- 배송 건 논의\n",
                 "On Monday the app wrote:\nerror 500\n",
                 "가격이 10,000원 -- 맞나요?\n",
                 "",
                 "한 줄"]:
        assert all(k == "body" for k, _ in kinds(text)), text


def test_segment_shape():
    assert split_quoted("") == []
    assert split_quoted("x") == [Segment("body", "x")]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([
    "본문 줄\n", "\n", "> 인용\n", ">> 깊은 인용\n", "-- \n", "감사합니다.\n", "010-1234-5678\n",
    "2026년 11월 23일 (월) 오후 3:00, 홍길동 <a@b.c>님이 작성:\n", "On Mon, X <a@b.c> wrote:\n",
    "-----원본 메시지-----\n", "보낸 사람: a\n", "보낸 날짜: b\n", "제목: c\n", "iPhone에서 보냄\n", "\r\n", "x"]),
    max_size=30), st.text(max_size=40))
def test_segments_always_join_back(pieces, noise):
    text = "".join(pieces) + noise
    segments = split_quoted(text)
    assert "".join(s.text for s in segments) == text
    assert all(s.text for s in segments)
    assert all(a.kind != b.kind for a, b in zip(segments, segments[1:]))


@pytest.mark.parametrize(("subject", "expected"), [
    ("Re: 환불 문의", "환불 문의"), ("RE: Fwd: 회신: 전달: 답장: 환불", "환불"), ("Re[2]: login", "login"),
    ("RE(3): x", "x"), ("[Re] [회신]: 주문", "주문"), ("FW: FWD: fw: y", "y"), ("회신 : 띄어쓴 콜론", "띄어쓴 콜론"),
    ("Re：전각", "전각"), ("Regarding your order", "Regarding your order"), ("Reply needed", "Reply needed"),
    ("  Re:   여러   칸  ", "여러 칸"), ("회신은 언제?", "회신은 언제?"), ("", ""), ("Re:", ""),
])
def test_strip_reply_prefixes(subject, expected):
    assert strip_reply_prefixes(subject) == expected
