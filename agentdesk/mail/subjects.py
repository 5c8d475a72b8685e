"""Reply and forward prefixes on mail subjects (issue 14): stripped for threading and display.

Pure: no Qt, no database.
"""

from __future__ import annotations

import re

# English, Korean (Outlook 회신/전달, Naver and Daum 답장/RE), German/Nordic forms that Korean
# customers' overseas partners send; with counters ("Re[2]:", "RE(3):", "Re^2:"), bracketed
# ("[Re]", "[회신]") and full-width colons.
_WORDS = r"(?:re|fwd?|fw|aw|wg|sv|antw|회신|전달|답장|답변)"
_PREFIX = re.compile(
    rf"^\s*(?:"
    rf"{_WORDS}\s*(?:\[\d{{1,4}}\]|\(\d{{1,4}}\)|\^\d{{1,4}})?\s*[:：]"  # Re:  Re[2]:  RE(3):
    rf"|\[\s*{_WORDS}\s*\]\s*:?"  # [Re]  [회신]:
    rf")\s*",
    re.IGNORECASE,
)


def strip_reply_prefixes(subject: str) -> str:
    """``subject`` without any leading, repeated reply/forward prefixes:
    ``"RE: Fwd: 회신: [Re] 환불 문의"`` → ``"환불 문의"``. Whitespace is collapsed."""
    text = " ".join(subject.split())
    for _ in range(100):  # budget: each pass removes one prefix
        new = _PREFIX.sub("", text, count=1)
        if new == text:
            break
        text = new
    return text.strip()
