"""Writes the awkward-mail corpus (tests/mail_corpus/*.eml) byte for byte.

Run once (``python tests/mail_corpus/make_corpus.py``); the .eml files are committed and the
tests read those bytes, so this script only has to be rerun when a file is added or changed.
Everything is built by hand (no email.generator): the point is the bytes real Korean mailers
send, not what Python would write. Expected values per file live in tests/test_mail_parse.py.
"""

from __future__ import annotations

import base64
import quopri
import sys
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
CRLF = "\r\n"

# Syllables outside KS X 1001 (strict EUC-KR): only CP949 (UHC) has them.
UHC = "똠 뷁 햏"


def cp(text: str) -> bytes:
    return text.encode("cp949")


def b64w(text: str, charset: str = "ks_c_5601-1987", codec: str = "cp949") -> str:
    return f"=?{charset}?B?{base64.b64encode(text.encode(codec)).decode()}?="


def qw(text: str, charset: str = "ks_c_5601-1987", codec: str = "cp949") -> str:
    data = text.encode(codec)
    out = "".join(chr(b) if (48 <= b <= 57 or 65 <= b <= 90 or 97 <= b <= 122) else ("_" if b == 32 else f"={b:02X}")
                  for b in data)
    return f"=?{charset}?Q?{out}?="


def b64body(data: bytes) -> str:
    enc = base64.b64encode(data).decode()
    return CRLF.join(enc[i:i + 76] for i in range(0, len(enc), 76))


def head(*lines: str) -> bytes:
    return (CRLF.join(lines) + CRLF + CRLF).encode("ascii")


def lines(*items: str) -> bytes:
    return (CRLF.join(items) + CRLF).encode("utf-8")


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


def cp949_everything() -> bytes:
    body = cp(f"안녕하세요. {UHC} 고객님의 문의입니다.\r\n카드 결제가 두 번 되었어요.\r\n")
    name = cp(f"{UHC} 영수증.pdf")
    return head(
        "Return-Path: <ddom@example.co.kr>",
        "Received: from mail.example.co.kr (mail.example.co.kr [192.0.2.10]) by mx.agentdesk.test; Mon, 23 Nov 2026 15:00:01 +0900",
        f"From: {b64w('똠뷁햏 고객')} <DDom@Example.CO.KR>",
        "To: support@agentdesk.test",
        f"Subject: {b64w(f'RE: [#1234] {UHC} 결제 문의')}",
        "Date: Mon, 23 Nov 2026 15:00:00 +0900",
        "Message-ID: <cp949-everything@example.co.kr>",
        "MIME-Version: 1.0",
        'Content-Type: multipart/mixed; boundary="----=_NextPart_000_0001"',
        "X-Mailer: Microsoft Outlook 16.0",
    ) + lines(
        "This is a multi-part message in MIME format.",
        "",
        "------=_NextPart_000_0001",
        "Content-Type: text/plain; charset=\"ks_c_5601-1987\"",
        "Content-Transfer-Encoding: base64",
        "",
        b64body(body),
        "",
        "------=_NextPart_000_0001",
        "Content-Type: application/pdf",
        "Content-Transfer-Encoding: base64",
        "Content-Disposition: attachment;",
        f" filename*=ks_c_5601-1987''{quote(name, safe='')}",
        "",
        b64body(PDF),
        "",
        "------=_NextPart_000_0001--",
    )


def ks_c_quoted_printable() -> bytes:
    body = quopri.encodestring(cp(f"환불 요청드립니다 {UHC}.\r\n감사합니다.\r\n")).decode("ascii")
    return head(
        f"From: {qw('김뷁')} <kim@example.kr>",
        "To: =?ks_c_5601-1987?B?" + base64.b64encode(cp("상담센터")).decode() + "?= <help@agentdesk.test>",
        f"Subject: {qw(f'{UHC} 환불 요청')}",
        "Date: Tue, 24 Nov 2026 09:10:00 +0900",
        "Message-ID: <ksc-qp@example.kr>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=ks_c_5601-1987",
        "Content-Transfer-Encoding: quoted-printable",
    ) + body.replace("\n", "\r\n").replace("\r\r\n", "\r\n").encode("ascii")


def split_encoded_word() -> bytes:
    # One subject split after the first byte of 뷁 (CP949 0x94 0xEE) across two encoded words;
    # the name is UTF-8 split inside 똠's three bytes. Decoding word by word breaks both.
    subj = cp(f"주문 {UHC} 배송 지연")
    cut = subj.index(cp("뷁")) + 1
    name = "똠방각하 고객".encode()
    return head(
        "From: =?UTF-8?B?" + base64.b64encode(name[:1]).decode() + "?=",
        " =?UTF-8?B?" + base64.b64encode(name[1:]).decode() + "?= <split@example.com>",
        "To: support@agentdesk.test",
        "Subject: =?euc-kr?B?" + base64.b64encode(subj[:cut]).decode() + "?=",
        " =?euc-kr?B?" + base64.b64encode(subj[cut:]).decode() + "?=",
        "Date: Wed, 25 Nov 2026 10:00:00 +0900",
        "Message-ID: <split-word@example.com>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: 8bit",
    ) + "배송이 늦어요. 똠.\r\n".encode()


def unknown_charset() -> bytes:
    return head(
        f"From: {b64w('박햏', charset='x-korean-ms')} <park@example.kr>",
        "To: support@agentdesk.test",
        f"Subject: {b64w('알 수 없는 문자셋 햏', charset='x-unknown-charset')}",
        "Date: Thu, 26 Nov 2026 11:00:00 +0900",
        "Message-ID: <unknown-charset@example.kr>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=\"x-bogus-charset\"",
        "Content-Transfer-Encoding: 8bit",
    ) + "본문은 UTF-8 입니다 뷁.\r\n".encode()


def eight_bit_no_charset() -> bytes:
    return head(
        "From: lee@example.kr",
        "To: support@agentdesk.test",
        "Subject: no charset",
        "Date: Fri, 27 Nov 2026 12:00:00 +0900",
        "Message-ID: <eight-bit@example.kr>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain",
        "Content-Transfer-Encoding: 8bit",
    ) + cp(f"문자셋 없는 본문 {UHC}\r\n")


def raw_utf8_header() -> bytes:
    return (
        "From: \"최똠\" <choi@example.kr>\r\n"
        "To: 상담 <support@agentdesk.test>\r\n"
        "Subject: 회신: 날것의 UTF-8 제목 뷁\r\n"
        "Date: Sat, 28 Nov 2026 13:00:00 +0900\r\n"
        "Message-ID: <raw-utf8@example.kr>\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: 8bit\r\n"
        "\r\n"
        "헤더에 인코딩이 없습니다 햏.\r\n"
    ).encode()


HTML_BODY = (
    "<html><head><meta charset=\"euc-kr\"><style>p { color: red }</style>"
    "<script>alert('x')</script><title>제목</title></head>"
    "<body><p>안녕하세요,<br>똠 고객입니다.</p><div>주문번호 <b>A-77</b> 확인 부탁드립니다.</div>"
    "<p>&lt;중요&gt; 뷁&nbsp;햏</p></body></html>"
)


def html_only() -> bytes:
    return head(
        f"From: {b64w('정똠')} <jung@example.kr>",
        "To: support@agentdesk.test",
        f"Subject: {b64w('HTML 전용 메일')}",
        "Date: Sun, 29 Nov 2026 14:00:00 +0900",
        "Message-ID: <html-only@example.kr>",
        "MIME-Version: 1.0",
        "Content-Type: text/html; charset=euc-kr",
        "Content-Transfer-Encoding: base64",
    ) + lines(b64body(cp(HTML_BODY)))


def alternative_attachments() -> bytes:
    plain = "본문 텍스트입니다. 똠.\r\n첨부 확인해 주세요.\r\n".encode()
    html = "<p>본문 <b>HTML</b>입니다. 똠.</p><img src=\"cid:logo@x\">".encode()
    return head(
        "From: Gildong Hong <hong@example.com>",
        "To: support@agentdesk.test",
        "Cc: Team <Team@EXAMPLE.com>",
        f"Subject: {b64w('Fwd: Re: 첨부 파일 두 개', charset='UTF-8', codec='utf-8')}",
        "Date: Mon, 30 Nov 2026 15:00:00 +0900",
        "Message-ID: <alt-attach@example.com>",
        "MIME-Version: 1.0",
        'Content-Type: multipart/mixed; boundary="mixed"',
    ) + lines(
        "--mixed",
        'Content-Type: multipart/related; boundary="related"',
        "",
        "--related",
        'Content-Type: multipart/alternative; boundary="alt"',
        "",
        "--alt",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: base64",
        "",
        b64body(plain),
        "--alt",
        "Content-Type: text/html; charset=utf-8",
        "Content-Transfer-Encoding: base64",
        "",
        b64body(html),
        "--alt--",
        "--related",
        "Content-Type: image/png; name=\"logo.png\"",
        "Content-Transfer-Encoding: base64",
        "Content-ID: <logo@x>",
        "Content-Disposition: inline; filename=\"logo.png\"",
        "",
        b64body(PNG),
        "--related--",
        "--mixed",
        f"Content-Type: application/pdf; name=\"{b64w(f'견적서 {UHC}.pdf')}\"",
        "Content-Transfer-Encoding: base64",
        f"Content-Disposition: attachment; filename=\"{b64w(f'견적서 {UHC}.pdf')}\"",
        "",
        b64body(PDF),
        "--mixed",
        "Content-Type: text/csv; charset=utf-8",
        "Content-Disposition: attachment; filename*=UTF-8''" + quote("주문 목록.csv"),
        "Content-Transfer-Encoding: base64",
        "",
        b64body("번호,상품\r\n1,똠\r\n".encode()),
        "--mixed--",
    )


def forwarded_rfc822() -> bytes:
    inner = head(
        f"From: {b64w('원래 고객 뷁')} <orig@example.kr>",
        "To: sales@agentdesk.test",
        f"Subject: {b64w('원래 문의 햏')}",
        "Date: Tue, 01 Dec 2026 09:00:00 +0900",
        "Message-ID: <inner-original@example.kr>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=ks_c_5601-1987",
        "Content-Transfer-Encoding: base64",
    ) + lines(b64body(cp("원래 본문 똠\r\n")))
    return head(
        "From: Sales <sales@agentdesk.test>",
        "To: support@agentdesk.test",
        f"Subject: {b64w('전달: 원래 문의 햏')}",
        "Date: Tue, 01 Dec 2026 10:00:00 +0900",
        "Message-ID: <forward-outer@agentdesk.test>",
        "MIME-Version: 1.0",
        'Content-Type: multipart/mixed; boundary="fwd"',
    ) + lines(
        "--fwd",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: 8bit",
        "",
    ) + "고객 문의 전달합니다.\r\n".encode() + lines(
        "--fwd",
        "Content-Type: message/rfc822",
        "Content-Disposition: attachment",
        "",
    ) + inner + lines("--fwd--")


def dsn_bounce() -> bytes:
    return head(
        "From: Mail Delivery System <MAILER-DAEMON@mx.agentdesk.test>",
        "To: support@agentdesk.test",
        "Subject: Undelivered Mail Returned to Sender",
        "Date: Wed, 02 Dec 2026 08:00:00 +0000",
        "Message-ID: <bounce-1@mx.agentdesk.test>",
        "Auto-Submitted: auto-replied",
        "MIME-Version: 1.0",
        'Content-Type: multipart/report; report-type=delivery-status; boundary="rpt"',
    ) + lines(
        "--rpt",
        "Content-Type: text/plain; charset=us-ascii",
        "",
        "This is the mail system at host mx.agentdesk.test.",
        "",
        "I'm sorry to have to inform you that your message could not",
        "be delivered to one or more recipients.",
        "",
        "<nobody@example.kr>: host mx.example.kr said: 550 5.1.1 User unknown",
        "",
        "--rpt",
        "Content-Type: message/delivery-status",
        "",
        "Reporting-MTA: dns; mx.agentdesk.test",
        "Arrival-Date: Wed, 02 Dec 2026 07:59:58 +0000",
        "",
        "Final-Recipient: rfc822; Nobody@Example.KR",
        "Original-Recipient: rfc822;nobody@example.kr",
        "Action: failed",
        "Status: 5.1.1",
        "Remote-MTA: dns; mx.example.kr",
        "Diagnostic-Code: smtp; 550 5.1.1 User unknown",
        "",
        "--rpt",
        "Content-Type: text/rfc822-headers",
        "",
        "From: support@agentdesk.test",
        "To: nobody@example.kr",
        "Subject: [#1234] Re: 결제 문의",
        "Message-ID: <reply-1234.1@agentdesk.test>",
        "X-AgentDesk-Ticket: 1234",
        "",
        "--rpt--",
    )


def auto_reply() -> bytes:
    return head(
        f"From: {b64w('부재중 햏')} <away@example.kr>",
        "To: support@agentdesk.test",
        f"Subject: {b64w('자동 회신: 휴가 중입니다')}",
        "Date: Thu, 03 Dec 2026 09:00:00 +0900",
        "Message-ID: <auto-reply@example.kr>",
        "In-Reply-To: <reply-77.1@agentdesk.test>",
        "Auto-Submitted: auto-replied",
        "X-Auto-Response-Suppress: All",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=ks_c_5601-1987",
        "Content-Transfer-Encoding: base64",
    ) + lines(b64body(cp("12월 10일까지 휴가입니다. 똠.\r\n")))


OUTLOOK_BODY = (
    "네, 확인했습니다. 뷁 고객님 건은 처리되었습니다.\r\n"
    "\r\n"
    "감사합니다.\r\n"
    "홍길동 드림\r\n"
    "Tel: 02-1234-5678\r\n"
    "\r\n"
    "-----원본 메시지-----\r\n"
    "보낸 사람: 상담센터 <support@agentdesk.test>\r\n"
    "받는 사람: 홍길동 <hong@example.co.kr>\r\n"
    "보낸 날짜: 2026년 12월 3일 목요일 오후 2:00\r\n"
    "제목: [#77] 결제 문의\r\n"
    "\r\n"
    "문의하신 내용을 확인 중입니다.\r\n"
)


def outlook_korean_reply() -> bytes:
    return head(
        f"From: {b64w('홍길동')} <hong@example.co.kr>",
        "To: support+t77.abcdef@agentdesk.test",
        f"Subject: {b64w('회신: [#77] 결제 문의')}",
        "Date: Thu, 03 Dec 2026 15:00:00 +0900",
        "Message-ID: <outlook-reply@example.co.kr>",
        "In-Reply-To: <reply-77.1@agentdesk.test>",
        "References: <first-77@example.co.kr>",
        " <reply-77.1@agentdesk.test>",
        "Thread-Topic: =?ks_c_5601-1987?B?" + base64.b64encode(cp("결제 문의")).decode() + "?=",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=\"ks_c_5601-1987\"",
        "Content-Transfer-Encoding: base64",
    ) + lines(b64body(cp(OUTLOOK_BODY)))


GMAIL_BODY = (
    "Thanks, that fixed it. 똠!\r\n"
    "\r\n"
    "On Mon, Nov 23, 2026 at 3:00 PM Support Desk <support@agentdesk.test> wrote:\r\n"
    "> Please try again.\r\n"
    ">\r\n"
    "> 2026년 11월 22일 (일) 오후 3:00, 홍길동 <hong@example.com>님이 작성:\r\n"
    ">> 안 돼요.\r\n"
    "\r\n"
    "-- \r\n"
    "Gildong Hong\r\n"
    "010-1234-5678\r\n"
)


def gmail_reply() -> bytes:
    return head(
        "From: Gildong Hong <Gildong.Hong@gmail.com>",
        "To: Support Desk <support@agentdesk.test>",
        "Subject: Re: Re[2]: login problem",
        "Date: Mon, 23 Nov 2026 16:00:00 +0900",
        "Message-ID: <CAgmail123@mail.gmail.com>",
        "In-Reply-To: <reply-55.2@agentdesk.test>",
        "References: <CAfirst@mail.gmail.com> <reply-55.1@agentdesk.test> <reply-55.2@agentdesk.test>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=\"UTF-8\"; format=flowed",
        "Content-Transfer-Encoding: 8bit",
    ) + GMAIL_BODY.encode()


def no_message_id() -> bytes:
    return head(
        "From: someone@EXAMPLE.org",
        "To: support@agentdesk.test",
        "Subject: no id",
        "Date: not a date at all",
    ) + lines("A mail without a Message-ID and with a broken Date.")


def broken_garbage() -> bytes:
    # Unterminated multipart, bad base64, a header without a value, NUL bytes, an encoded word
    # with a bogus encoding, a Content-Type without a boundary inside.
    return head(
        "From: =?utf-8?X?broken?= <broken@example.net",
        "To: ",
        "Subject: =?utf-8?B?6rmo7KeE?= =?utf-8?B?!!!?= mail",
        "Date: Mon, 99 Foo 2026 25:61:00 +9999",
        "Message-ID: <broken@example.net>",
        "MIME-Version: 1.0",
        'Content-Type: multipart/mixed; boundary="b1"',
    ) + lines(
        "--b1",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: base64",
        "",
        "6rmo7KeEIOuplOydvA==!!!@@@",
        "--b1",
        "Content-Type: multipart/alternative",
        "",
        "no boundary here",
        "--b1",
        "Content-Type: application/octet-stream; name=",
        "Content-Transfer-Encoding: base64",
        "",
        "AAEC\x00AwQ=",
    )


def naver_reply() -> bytes:
    body = (
        "답변 감사합니다 햏.\r\n"
        "\r\n"
        "-----Original Message-----\r\n"
        "From: \"상담센터\"<support@agentdesk.test>\r\n"
        "To: \"김고객\"<kim@naver.com>;\r\n"
        "Cc:\r\n"
        "Sent: 2026-12-04 (금) 10:00:00 (GMT+09:00)\r\n"
        "Subject: [#88] 배송 문의\r\n"
        "\r\n"
        "배송은 내일 출발합니다.\r\n"
    )
    return head(
        f"From: {b64w('김고객', charset='UTF-8', codec='utf-8')} <kim@naver.com>",
        "To: support@agentdesk.test",
        f"Subject: {b64w('답장: [#88] 배송 문의', charset='UTF-8', codec='utf-8')}",
        "Date: Fri, 04 Dec 2026 11:00:00 +0900",
        "Message-ID: <naver-reply@naver.com>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=UTF-8",
        "Content-Transfer-Encoding: base64",
    ) + lines(b64body(body.encode()))


def own_mail() -> bytes:
    return head(
        "From: Support <support@agentdesk.test>",
        "To: support@agentdesk.test",
        f"Subject: {b64w('[#1234] 결제 문의', charset='UTF-8', codec='utf-8')}",
        "Date: Fri, 04 Dec 2026 12:00:00 +0900",
        "Message-ID: <reply-1234.2@agentdesk.test>",
        "X-AgentDesk-Ticket: 1234",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
    ) + lines("Our own reply coming back.")


def webmail_8bit_names() -> bytes:
    # Korean webmail habits: a raw 8-bit CP949 attachment name, an RFC 2231 name continued over
    # two parameters split inside a character (filename*0*/filename*1*), a UTF-8 body labelled
    # iso-8859-1, and a text/plain part labelled euc-kr holding UHC-only syllables.
    split_name = cp(f"계약서_{UHC}.hwp")
    cut = split_name.index(cp("뷁")) + 1
    return head(
        "From: =?euc-kr?B?" + base64.b64encode(cp("윤똠")).decode() + "?= <yoon@daum.net>",
        "To: support@agentdesk.test",
        "Subject: =?euc-kr?Q?" + "".join(f"={b:02X}" for b in cp("첨부 이름 똠")) + "?=",
        "Date: Sat, 05 Dec 2026 10:00:00 +0900",
        "Message-ID: <webmail-names@daum.net>",
        "MIME-Version: 1.0",
        'Content-Type: multipart/mixed; boundary="wm"',
    ) + lines(
        "--wm",
        "Content-Type: text/plain; charset=iso-8859-1",
        "Content-Transfer-Encoding: 8bit",
        "",
    ) + "라틴-1로 잘못 표시된 UTF-8 본문 햏\r\n".encode() + lines(
        "--wm",
        "Content-Type: application/octet-stream",
        "Content-Transfer-Encoding: base64",
    ) + b'Content-Disposition: attachment; filename="' + cp(f"견적_{UHC}.xlsx") + b'"\r\n' + lines(
        "",
        b64body(b"PK\x03\x04 not really a zip"),
        "--wm",
        "Content-Type: application/x-hwp",
        "Content-Transfer-Encoding: base64",
        "Content-Disposition: attachment;",
        f" filename*0*=euc-kr''{quote(split_name[:cut], safe='')};",
        f" filename*1*={quote(split_name[cut:], safe='')}",
        "",
        b64body(b"HWP Document File"),
        "--wm",
        "Content-Type: text/plain; charset=euc-kr",
        "Content-Disposition: inline",
        "Content-Transfer-Encoding: 8bit",
        "",
    ) + cp(f"두 번째 본문 조각 {UHC}\r\n") + lines("--wm--")


CORPUS = {
    "01_cp949_everything.eml": cp949_everything,
    "02_ks_c_quoted_printable.eml": ks_c_quoted_printable,
    "03_split_encoded_word.eml": split_encoded_word,
    "04_unknown_charset.eml": unknown_charset,
    "05_8bit_no_charset.eml": eight_bit_no_charset,
    "06_raw_utf8_header.eml": raw_utf8_header,
    "07_html_only.eml": html_only,
    "08_alternative_attachments.eml": alternative_attachments,
    "09_forwarded_rfc822.eml": forwarded_rfc822,
    "10_dsn_bounce.eml": dsn_bounce,
    "11_auto_reply.eml": auto_reply,
    "12_outlook_korean_reply.eml": outlook_korean_reply,
    "13_gmail_reply.eml": gmail_reply,
    "14_no_message_id.eml": no_message_id,
    "15_broken_garbage.eml": broken_garbage,
    "16_naver_reply.eml": naver_reply,
    "17_own_mail.eml": own_mail,
    "18_webmail_8bit_names.eml": webmail_8bit_names,
}


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else HERE
    for name, make in CORPUS.items():
        (out / name).write_bytes(make())
    print(f"wrote {len(CORPUS)} files to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
