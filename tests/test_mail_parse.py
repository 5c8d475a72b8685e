"""parse_mail on the awkward-mail corpus (tests/mail_corpus, issue 14): Korean charsets the
stdlib gets wrong, split encoded words, bogus charsets, HTML-only, attachments, forwards,
bounces, auto-replies; plus the four refusals and a fuzz test that nothing else escapes."""

from __future__ import annotations

import email
import email.policy
import random
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from agentdesk.channels import MAX_INBOUND_BYTES, Inbound
from agentdesk.mail.decode import codec_for, decode_bytes, decode_header, normalise_address
from agentdesk.mail.parse import MAX_DEPTH, MAX_PARTS, OWN_HEADER, MailParseError, parse_mail

CORPUS = Path(__file__).parent / "mail_corpus"
NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
FILES = sorted(CORPUS.glob("*.eml"))
UHC = "똠 뷁 햏"

# file: (sender_address, sender_name, subject, words in the text, attachment names)
EXPECTED: dict[str, tuple[str, str, str, tuple[str, ...], tuple[str, ...]]] = {
    "01_cp949_everything.eml": ("ddom@example.co.kr", "똠뷁햏 고객", f"[#1234] {UHC} 결제 문의",
                                (f"안녕하세요. {UHC} 고객님의 문의입니다.", "카드 결제가 두 번 되었어요."), (f"{UHC} 영수증.pdf",)),
    "02_ks_c_quoted_printable.eml": ("kim@example.kr", "김뷁", f"{UHC} 환불 요청", (f"환불 요청드립니다 {UHC}.",), ()),
    "03_split_encoded_word.eml": ("split@example.com", "똠방각하 고객", f"주문 {UHC} 배송 지연", ("배송이 늦어요. 똠.",), ()),
    "04_unknown_charset.eml": ("park@example.kr", "박햏", "알 수 없는 문자셋 햏", ("본문은 UTF-8 입니다 뷁.",), ()),
    "05_8bit_no_charset.eml": ("lee@example.kr", "", "no charset", (f"문자셋 없는 본문 {UHC}",), ()),
    "06_raw_utf8_header.eml": ("choi@example.kr", "최똠", "날것의 UTF-8 제목 뷁", ("헤더에 인코딩이 없습니다 햏.",), ()),
    "07_html_only.eml": ("jung@example.kr", "정똠", "HTML 전용 메일",
                         ("안녕하세요,\n똠 고객입니다.", "주문번호 A-77 확인 부탁드립니다.", "<중요> 뷁 햏"), ()),
    "08_alternative_attachments.eml": ("hong@example.com", "Gildong Hong", "첨부 파일 두 개",
                                       ("본문 텍스트입니다. 똠.\n첨부 확인해 주세요.",),
                                       ("logo.png", f"견적서 {UHC}.pdf", "주문 목록.csv")),
    "09_forwarded_rfc822.eml": ("sales@agentdesk.test", "Sales", "원래 문의 햏", ("고객 문의 전달합니다.",), ("원래 문의 햏.eml",)),
    "10_dsn_bounce.eml": ("mailer-daemon@mx.agentdesk.test", "Mail Delivery System", "Undelivered Mail Returned to Sender",
                          ("could not",), ("delivery-status.txt", "original-headers.txt")),
    "11_auto_reply.eml": ("away@example.kr", "부재중 햏", "자동 회신: 휴가 중입니다", ("12월 10일까지 휴가입니다. 똠.",), ()),
    "12_outlook_korean_reply.eml": ("hong@example.co.kr", "홍길동", "[#77] 결제 문의",
                                    ("네, 확인했습니다. 뷁 고객님 건은 처리되었습니다.", "-----원본 메시지-----"), ()),
    "13_gmail_reply.eml": ("gildong.hong@gmail.com", "Gildong Hong", "login problem",
                           ("Thanks, that fixed it. 똠!", "> Please try again."), ()),
    "14_no_message_id.eml": ("someone@example.org", "", "no id", ("A mail without a Message-ID",), ()),
    "15_broken_garbage.eml": ("broken@example.net", "=?utf-8?X?broken?=", "깨진 mail", ("깨진 메일",),
                               ("attachment.bin", "attachment.bin")),
    "16_naver_reply.eml": ("kim@naver.com", "김고객", "[#88] 배송 문의", ("답변 감사합니다 햏.", "-----Original Message-----"), ()),
    "17_own_mail.eml": ("support@agentdesk.test", "Support", "[#1234] 결제 문의", ("Our own reply coming back.",), ()),
    "18_webmail_8bit_names.eml": ("yoon@daum.net", "윤똠", "첨부 이름 똠",
                                  ("라틴-1로 잘못 표시된 UTF-8 본문 햏", f"두 번째 본문 조각 {UHC}"),
                                  (f"견적_{UHC}.xlsx", f"계약서_{UHC}.hwp")),
}


def _parse(name: str) -> Inbound:
    return parse_mail((CORPUS / name).read_bytes(), NOW)


def _strings(inbound: Inbound) -> list[str]:
    return [inbound.external_id, inbound.sender_address, inbound.sender_name, inbound.subject, inbound.text,
            inbound.html, *(a.filename for a in inbound.attachments), *inbound.hints.recipients,
            inbound.hints.in_reply_to, *inbound.hints.references, repr(inbound.meta)]


def test_corpus_is_complete():
    assert [f.name for f in FILES] == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file(name):
    inbound = _parse(name)
    address, sender, subject, words, attachments = EXPECTED[name]
    assert inbound.channel == "email"
    assert inbound.raw == (CORPUS / name).read_bytes()
    assert (inbound.sender_address, inbound.sender_name, inbound.subject) == (address, sender, subject)
    for word in words:
        assert word in inbound.text
    assert tuple(a.filename for a in inbound.attachments) == attachments
    for s in _strings(inbound):
        assert "\ufffd" not in s and "\x00" not in s
        s.encode("utf-8")  # no lone surrogates anywhere


def test_stdlib_alone_gets_the_cp949_syllables_wrong():
    """The corpus exercises the bug: Python's email decodes ks_c_5601-1987 as strict EUC-KR."""
    msg = email.message_from_bytes((CORPUS / "01_cp949_everything.eml").read_bytes(), policy=email.policy.default)
    assert "\ufffd" in str(msg["subject"]) and "\ufffd" in str(msg["from"])
    body = next(p for p in msg.walk() if p.get_content_type() == "text/plain")
    assert "\ufffd" in body.get_content()
    assert "\ufffd" in next(p.get_filename() for p in msg.walk() if p.get_filename())
    assert "똠" in _parse("01_cp949_everything.eml").subject
    # Raw 8-bit and split RFC 2231 names in CP949: both wrong in the stdlib.
    msg = email.message_from_bytes((CORPUS / "18_webmail_8bit_names.eml").read_bytes(), policy=email.policy.default)
    names = [p.get_filename() for p in msg.walk() if p.get_filename()]
    assert len(names) == 2 and all("\ufffd" in n for n in names)


def test_cp949_attachment_bytes_and_type():
    att = _parse("01_cp949_everything.eml").attachments[0]
    assert att.mime_type == "application/pdf" and att.data.startswith(b"%PDF-1.4")


def test_thread_hints_and_ids():
    outlook = _parse("12_outlook_korean_reply.eml")
    assert outlook.external_id == "outlook-reply@example.co.kr"
    assert outlook.hints.in_reply_to == "reply-77.1@agentdesk.test"
    assert outlook.hints.references == ("first-77@example.co.kr", "reply-77.1@agentdesk.test")
    assert outlook.hints.recipients == ("support+t77.abcdef@agentdesk.test",)
    assert outlook.hints.ticket_number == 77
    gmail = _parse("13_gmail_reply.eml")
    assert gmail.hints.references == ("CAfirst@mail.gmail.com", "reply-55.1@agentdesk.test", "reply-55.2@agentdesk.test")
    assert gmail.hints.ticket_number is None
    assert _parse("08_alternative_attachments.eml").hints.recipients == ("support@agentdesk.test", "team@example.com")
    assert _parse("01_cp949_everything.eml").hints.ticket_number == 1234


def test_received_at_from_date_else_given():
    assert _parse("12_outlook_korean_reply.eml").received_at == datetime(2026, 12, 3, 6, 0, tzinfo=UTC)
    assert _parse("14_no_message_id.eml").received_at == NOW  # "not a date at all"
    assert _parse("15_broken_garbage.eml").received_at == NOW
    future = b"From: a@b.c\r\nDate: Mon, 01 Jan 2035 00:00:00 +0000\r\n\r\nx"
    assert parse_mail(future, NOW).received_at == NOW
    naive = parse_mail(b"From: a@b.c\r\n\r\nx", datetime(2026, 1, 1, 12, 0))
    assert naive.received_at == datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    assert parse_mail(b"From: a@b.c\r\n\r\nx").received_at.tzinfo is not None


def test_missing_message_id_gets_a_stable_synthetic_id():
    raw = (CORPUS / "14_no_message_id.eml").read_bytes()
    first, again = parse_mail(raw, NOW), parse_mail(raw, NOW)
    assert first.external_id == again.external_id
    assert first.external_id.startswith("sha256:") and first.external_id.endswith("@agentdesk.invalid")
    assert parse_mail(raw + b"\r\n", NOW).external_id != first.external_id


def test_html_only_keeps_html_and_drops_scripts():
    inbound = _parse("07_html_only.eml")
    assert "<script>" in inbound.html and "똠" in inbound.html
    assert "alert" not in inbound.text and "color: red" not in inbound.text and "제목" not in inbound.text
    alt = _parse("08_alternative_attachments.eml")
    assert "<b>HTML</b>" in alt.html and "HTML" not in alt.text  # text/plain preferred, HTML kept


def test_forward_is_an_attachment_not_body():
    inbound = _parse("09_forwarded_rfc822.eml")
    assert "원래 본문" not in inbound.text
    raw = (CORPUS / "09_forwarded_rfc822.eml").read_bytes()
    original = raw[raw.index(b"From: =?ks_c"):raw.index(b"\r\n--fwd--")]
    assert inbound.attachments[0].data == original  # written back byte for byte
    inner = parse_mail(inbound.attachments[0].data, NOW)
    assert (inner.external_id, inner.subject, inner.text) == ("inner-original@example.kr", "원래 문의 햏", "원래 본문 똠")


def test_dsn_and_auto_submitted():
    bounce = _parse("10_dsn_bounce.eml")
    assert bounce.meta["dsn"] == {"action": "failed", "status": "5.1.1", "recipient": "nobody@example.kr",
                                  "original_message_id": "reply-1234.1@agentdesk.test"}
    assert bounce.auto_submitted
    assert _parse("11_auto_reply.eml").auto_submitted
    assert _parse("17_own_mail.eml").auto_submitted and OWN_HEADER == "X-AgentDesk-Ticket"
    for name in ("01_cp949_everything.eml", "12_outlook_korean_reply.eml", "13_gmail_reply.eml"):
        inbound = _parse(name)
        assert not inbound.auto_submitted and "dsn" not in inbound.meta
    base = b"From: a@b.c\r\nMessage-ID: <x@y>\r\n"
    for header, auto in [(b"Auto-Submitted: no", False), (b"Auto-Submitted: auto-generated", True),
                         (b"Precedence: bulk", True), (b"Precedence: junk", True), (b"Precedence: list", True),
                         (b"X-Autoreply: yes", True), (b"X-Autorespond: 1", True), (b"List-Id: <l.x>", False),
                         (b"List-Id: <l.x>\r\nPrecedence: first-class", True), (b"Return-Path: <>", True),
                         (b"X-AgentDesk-Ticket: 12", True)]:
        assert parse_mail(base + header + b"\r\n\r\nbody", NOW).auto_submitted is auto, header


def test_refusals_are_one_clear_line():
    for raw in (b"", b"just some text\nwith lines", b"\x89PNG\r\n\x1a\n\x00\x00", b"Note: a file, not a mail\n\nhi"):
        with pytest.raises(MailParseError, match="not a mail"):
            parse_mail(raw, NOW)
    with pytest.raises(MailParseError, match="too large"):
        parse_mail(b"From: a@b.c\r\n\r\n" + b"x" * MAX_INBOUND_BYTES, NOW)
    deep = b"From: a@b.c\r\n" + b"".join(
        f'Content-Type: multipart/mixed; boundary="b{i}"\r\n\r\n--b{i}\r\n'.encode() for i in range(MAX_DEPTH + 5)) + b"x\r\n"
    with pytest.raises(MailParseError, match="nesting"):
        parse_mail(deep, NOW)
    wide = b'From: a@b.c\r\nContent-Type: multipart/mixed; boundary="w"\r\n\r\n' + b"--w\r\n\r\nx\r\n" * (MAX_PARTS + 1) + b"--w--\r\n"
    with pytest.raises(MailParseError, match="parts"):
        parse_mail(wide, NOW)
    for exc in (MailParseError("x"),):
        assert isinstance(exc, ValueError)


def test_decoders():
    assert codec_for("ks_c_5601-1987") == codec_for("EUC-KR") == codec_for("x-windows-949") == codec_for("korean") == "cp949"
    assert codec_for("x-bogus") is None and codec_for("rot13") is None and codec_for("base64") is None
    assert decode_bytes("똠".encode("cp949"), "euc-kr") == "똠"
    assert decode_bytes("똠".encode(), "euc-kr") == "똠"  # mislabelled UTF-8
    assert decode_bytes(b"\xff\xfe\xfa", "utf-8") == "ÿþú"  # last resort Latin-1
    # Latin-1 labels on UTF-8 or CP949 Korean text (webmail habits); real Latin-1 stays.
    assert decode_bytes("한글 똠".encode(), "iso-8859-1") == "한글 똠"
    assert decode_bytes("한글 똠".encode("cp949"), "latin1") == "한글 똠"
    assert decode_bytes("Müller café".encode("latin-1"), "windows-1252") == "Müller café"
    assert decode_bytes(b"plain", "utf-16") == "plain"  # odd length: not UTF-16 after all
    assert decode_bytes(b"+1hw-", "utf-7") == b"+1hw-".decode("utf-7")  # 7-bit bytes of a 7-bit charset
    assert decode_header("=?ks_c_5601-1987?Q?=8Cc?=") == "똠"
    assert decode_header("a =?utf-8?q?b?=  =?utf-8?q?c?= d") == "a bc d"
    assert normalise_address(" Hong@예시.KR ") == "hong@xn--vv4b11d.kr"
    assert normalise_address("not an address") == ""


def test_deep_html_does_not_recurse():
    html = "<div>" * 5000 + "깊다" + "</div>" * 5000
    raw = b"From: a@b.c\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html.encode()
    assert "깊다" in parse_mail(raw, NOW).text


# --- fuzz: only MailParseError ever escapes ----------------------------------------------------

_SEEDS = [f.read_bytes() for f in FILES]


def _check(raw: bytes) -> None:
    try:
        inbound = parse_mail(raw, NOW)
    except MailParseError as exc:
        assert "\n" not in str(exc)
        return
    for s in _strings(inbound):
        assert "\x00" not in s
        s.encode("utf-8")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_fuzz_random_bytes(raw):
    _check(raw)
    _check(b"From: a@b.c\r\n" + raw)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(range(len(_SEEDS))), st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255), st.integers(0, 3)),
                                                     min_size=1, max_size=12))
def test_fuzz_mutated_corpus(index, edits):
    data = bytearray(_SEEDS[index])
    for pos, byte, op in edits:
        at = pos % (len(data) + 1)
        if op == 0:
            data[at:at + 1] = bytes([byte])  # replace
        elif op == 1:
            data.insert(at, byte)  # insert
        elif op == 2:
            del data[at:at + 1 + byte % 16]  # delete a run
        else:
            chunk = random.Random(pos).choice([b"=?euc-kr?B?", b"?=", b"\r\n--", b"boundary=", b"Content-Type: message/rfc822\r\n\r\n",
                                               b";charset=ks_c_5601-1987", b"\r\n\r\n", b"filename*0*=", b"=\r\n", b"<"])
            data[at:at] = chunk
    _check(bytes(data))


def test_mail_modules_are_pure():
    """agentdesk/mail parsing runs in the gateway, `mail import` and tests: no Qt, no
    database, nothing of the project but the channels contract and its own package."""
    import ast

    root = Path(__file__).resolve().parents[1] / "agentdesk" / "mail"
    for name in ("decode", "parse", "quotes", "dsn", "subjects", "html", "mime"):
        tree = ast.parse((root / f"{name}.py").read_text(encoding="utf-8"))
        package = {0: "", 1: "agentdesk.mail.", 2: "agentdesk."}
        mods = {package[n.level] + (n.module or "") for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        mods |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert not any(m.split(".")[0] in ("PySide6", "shiboken6", "sqlalchemy") for m in mods), name
        assert all(not m.startswith("agentdesk") or m == "agentdesk.channels" or m.startswith("agentdesk.mail.")
                   for m in mods), (name, mods)
        assert "agentdesk.channels" in mods or name != "parse"


def test_format_flowed_is_unwrapped():
    from agentdesk.mail.parse import unflow

    assert unflow("Hello this is a long \nline that wraps.\n> quoted long \n> continues\nend") == (
        "Hello this is a long line that wraps.\n> quoted long continues\nend")
    assert unflow("-- \nsig") == "-- \nsig"  # the signature separator is not a flowed line
    assert unflow("x  \ny", delsp=True) == "x y"
    assert unflow(" From stuffed") == "From stuffed"
