"""Masking of personal data before it is displayed or logged.

Korean rules first: card numbers (13–19 digits passing the Luhn check, with or
without separators) keep their first and last four digits; resident registration
numbers (주민등록번호) keep the birth date and the gender digit.
"""

from __future__ import annotations

import logging
import re

# Digits with optional single space/hyphen separators, not glued to other digits.
_CARD = re.compile(r"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d])")
_RRN = re.compile(r"(?<!\d)(\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))\s?-?\s?([1-8])\d{6}(?!\d)")


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _mask_card(match: re.Match) -> str:
    raw = match.group(0)
    digits = [c for c in raw if c.isdigit()]
    if not 13 <= len(digits) <= 19 or not luhn_valid("".join(digits)):
        return raw
    keep_tail = len(digits) - 4
    out, seen = [], 0
    for c in raw:
        if c.isdigit():
            out.append(c if seen < 4 or seen >= keep_tail else "*")
            seen += 1
        else:
            out.append(c)
    return "".join(out)


def mask_pii(text: str | None) -> str:
    if not text:
        return text or ""
    text = _RRN.sub(lambda m: f"{m.group(1)}-{m.group(2)}******", text)
    return _CARD.sub(_mask_card, text)


class PiiLogFilter(logging.Filter):
    """Masks PII in every log record that passes through a handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask_pii(record.getMessage())
        record.args = None
        return True
