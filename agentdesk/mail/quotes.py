"""Quoted text and signatures in a mail's text, for folding in the timeline (issue 14).

``split_quoted(text)`` cuts the text into ``Segment``\\ s (body, quote, signature) whose texts
joined give the text back exactly: folding hides, it never deletes. Korean reply headers are
recognised first (no general-purpose reply parser knows them): Gmail's ``2026년 11월 23일 (월)
오후 3:00, 홍길동 <a@b.c>님이 작성:``, Apple Mail's ``2026. 11. 23. 오후 3:00, 홍길동 <a@b.c> 작성:``,
Outlook/Naver/Daum ``-----원본 메시지-----`` / ``-----Original Message-----`` separators and
``보낸 사람:``/``From:`` + ``보낸 날짜:``/``Sent:`` header blocks; then Gmail's English
``On … wrote:``, ``>`` quoted runs, and signatures.

Conservative by design: a false fold hides what a customer wrote, which is worse than a
quote left showing. A signature is a ``-- `` line, a mobile "sent from" line, or the lines
after a common closing (감사합니다, Regards…) only when they are few, short and hold a phone
number, an address or a contact label.

Pure: no Qt, no database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

SegmentKind = Literal["body", "quote", "signature"]


@dataclass(frozen=True)
class Segment:
    kind: SegmentKind
    text: str


# A reply header may be wrapped over up to this many lines (Gmail wraps at ~76 columns).
_HEADER_LINES = 3
_KO_GMAIL = re.compile(r"^\s*\d{4}\s*년\s*\d{1,2}\s*월\s*\d{1,2}\s*일.{0,160}(?:님이|가|이)?\s*(?:작성|씀)\s*:?\s*$", re.S)
_KO_APPLE = re.compile(r"^\s*\d{4}\.\s*\d{1,2}\.\s*\d{1,2}\.?.{0,160}\s(?:작성|씀)\s*:\s*$", re.S)
_EN_GMAIL = re.compile(r"^\s*On\s.{4,250}\swrote\s*:\s*$", re.S)
_TIME = re.compile(r"(?:오전|오후|AM|PM|am|pm)?\s*\d{1,2}:\d{2}")
_SEPARATOR = re.compile(
    r"^\s*[-_=]{2,}\s*(?:Original Message|Forwarded message|Forwarded Message|Reply message|"
    r"원본 메시지|원본 메일|원래 메시지|전달된 메시지|전달된 메일|전달 메시지)\s*[-_=]{2,}\s*$", re.I)
_APPLE_FORWARD = re.compile(r"^\s*(?:Begin forwarded message|전달된 메시지)\s*:\s*$", re.I)
_FROM = re.compile(r"^\s*\**\s*(?:From|보낸\s*사람|보낸이|발신자)\s*\**\s*:", re.I)
_SENT = re.compile(r"^\s*\**\s*(?:Sent|Date|보낸\s*날짜|날짜|발송\s*일시|보낸\s*시간)\s*\**\s*:", re.I)
_TO_SUBJECT = re.compile(r"^\s*\**\s*(?:To|Subject|Cc|받는\s*사람|수신자|참조|제목)\s*\**\s*:", re.I)
_RULE = re.compile(r"^\s*[_\-=]{5,}\s*$")
_QUOTED = re.compile(r"^\s{0,3}>")
_SIG_DASHES = re.compile(r"^--\s?$")
_SENT_FROM = re.compile(r"^\s*(?:Sent from my \S.{0,40}|Get Outlook for \S.{0,30}|\S.{0,30}에서 보냄|\S.{0,30}에서 보낸 메일)\s*$", re.I)
_CLOSING = re.compile(
    r"^\s*(?:감사합니다|감사드립니다|고맙습니다|수고하세요|수고하십시오|좋은 하루 되세요|행복한 하루 되세요|"
    r"thanks|thank you|many thanks|best regards|regards|kind regards|best|sincerely|cheers)\s*[.!~,]*\s*$", re.I)
_CONTACT = re.compile(
    r"(?:\b0\d{1,2}[-. )]\d{3,4}[-. ]\d{4}\b|\+82[-. ]?\d{1,2}[-. ]\d{3,4}[-. ]\d{4}|\b1[568]\d{2}-\d{4}\b"
    r"|[\w.+-]+@[\w-]+\.[\w.-]+|\bwww\.|https?://"
    r"|^\s*(?:tel|fax|mobile|phone|cell|hp|h\.p|m|t|f|e|전화|휴대폰|핸드폰|팩스|주소|이메일|메일)\s*[.:)]\s*\S)",
    re.I)
_MAX_SIGNATURE_LINES = 10
_MAX_CLOSING_SIGNATURE_LINES = 8
_MAX_LINES = 20_000  # budget: beyond this the rest is left as it is (one body segment)


def _line(s: str) -> str:
    return s.rstrip("\r\n")


def _reply_header(lines: list[str], i: int) -> int:
    """How many lines (1..3) the reply header starting at line i spans, or 0 if none does."""
    first = _line(lines[i]).strip()
    if not first:
        return 0
    if _SEPARATOR.match(first) or _APPLE_FORWARD.match(first):
        return 1
    starts_korean = re.match(r"^\d{4}\s*(?:년|\.)", first) is not None
    if starts_korean or first.startswith("On "):
        joined = ""
        for n in range(_HEADER_LINES):
            if i + n >= len(lines) or (n and not _line(lines[i + n]).strip()):
                break
            joined += (" " if n else "") + _line(lines[i + n]).strip()
            if _is_attribution(joined):
                return n + 1
        return 0
    return _header_block(lines, i)


def _is_attribution(line: str) -> bool:
    """A reply attribution line, with the evidence a mailer always writes (a time, an
    address, 님이): "2026년 12월 1일 회의록 작성:" in a customer's own text is not one."""
    if _KO_GMAIL.match(line) or _KO_APPLE.match(line):
        return "님이" in line or (_TIME.search(line) is not None and ("@" in line or "," in line))
    if _EN_GMAIL.match(line):
        return "@" in line or _TIME.search(line) is not None or re.search(r"\b(?:19|20)\d{2}\b", line) is not None
    return False


def _header_block(lines: list[str], i: int) -> int:
    """An Outlook-style header block: ``From:``/``보낸 사람:`` then, within the next five
    lines, a ``Sent:``/``보낸 날짜:`` line and a ``To:``/``Subject:`` line. Counts a rule line
    (``____``) just above it."""
    if not _FROM.match(_line(lines[i])):
        return 0
    window = [_line(x) for x in lines[i + 1:i + 6]]
    if any(_SENT.match(x) for x in window) and any(_TO_SUBJECT.match(x) for x in window):
        return 1
    return 0


def _kinds(lines: list[str]) -> list[SegmentKind]:
    kinds: list[SegmentKind] = ["body"] * len(lines)
    i = 0
    while i < len(lines):
        if kinds[i] == "body" and not _QUOTED.match(lines[i]):
            span = _reply_header(lines, i)
            if span:
                start = i - 1 if i > 0 and _RULE.match(_line(lines[i - 1])) else i
                nxt = i + span
                while nxt < len(lines) and not _line(lines[nxt]).strip():
                    nxt += 1
                if nxt < len(lines) and _QUOTED.match(lines[nxt]):
                    # "On … wrote:" above a ">" run: only the header folds with the run, so an
                    # answer written between quotes stays visible.
                    for k in range(start, i + span):
                        kinds[k] = "quote"
                    i += span
                    continue
                for k in range(start, len(lines)):  # top-posting: the original follows to the end
                    kinds[k] = "quote"
                break
        if _QUOTED.match(lines[i]):
            kinds[i] = "quote"
        i += 1
    _signatures(lines, kinds)
    return kinds


def _signatures(lines: list[str], kinds: list[SegmentKind]) -> None:
    """Marks the signature at the end of each run of body lines."""
    # A signature never starts the text: a mail that is all "signature" shows as body.
    first = next((k for k in range(len(lines)) if _line(lines[k]).strip()), len(lines))
    i = 0
    while i < len(lines):
        if kinds[i] != "body":
            i += 1
            continue
        j = i
        while j < len(lines) and kinds[j] == "body":
            j += 1
        _signature_in(lines, kinds, i, j, first)
        i = j


def _signature_in(lines: list[str], kinds: list[SegmentKind], start: int, end: int, first: int) -> None:
    content = [k for k in range(start, end) if _line(lines[k]).strip()]
    if not content:
        return
    for k in content:
        if _SIG_DASHES.match(_line(lines[k])) and k > first:
            if len([x for x in content if x > k]) <= _MAX_SIGNATURE_LINES:
                for m in range(k, end):
                    kinds[m] = "signature"
                return
    last = content[-1]
    if _SENT_FROM.match(_line(lines[last])) and last > first:
        kinds[last] = "signature"
        end = last
        content = content[:-1]
    for n, k in enumerate(content[:-1]):
        if not _CLOSING.match(_line(lines[k])):
            continue
        after = [x for x in content[n + 1:] if x < end]
        if (0 < len(after) <= _MAX_CLOSING_SIGNATURE_LINES
                and all(len(_line(lines[x]).strip()) <= 80 for x in after)
                and any(_CONTACT.search(_line(lines[x])) for x in after)):
            for m in range(k + 1, end):
                kinds[m] = "signature"
            return


def split_quoted(text: str) -> list[Segment]:
    """``text`` as body, quote and signature segments, in order; ``"".join(s.text for s in
    segments) == text`` always. Adjacent segments never share a kind, and blank lines go
    with the segment above them."""
    if not text:
        return []
    lines = text.splitlines(keepends=True)
    rest = ""
    if len(lines) > _MAX_LINES:
        rest = "".join(lines[_MAX_LINES:])
        lines = lines[:_MAX_LINES]
    kinds = _kinds(lines)
    # Blank lines belong to what is above them (the first ones to what follows).
    first_kind: SegmentKind = next((kinds[k] for k in range(len(lines)) if _line(lines[k]).strip()), "body")
    previous = first_kind
    for k in range(len(lines)):
        if _line(lines[k]).strip():
            previous = kinds[k]
        else:
            kinds[k] = previous
    if rest:
        lines.append(rest)
        kinds.append("body")
    segments: list[Segment] = []
    start = 0
    for k in range(1, len(lines) + 1):
        if k == len(lines) or kinds[k] != kinds[start]:
            segments.append(Segment(kinds[start], "".join(lines[start:k])))
            start = k
    return segments
