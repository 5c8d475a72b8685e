"""Masking of personal data before it is displayed, exported or logged.

Korean rules first: card numbers (13–19 digits passing the Luhn check, with or
without separators) keep their first and last four digits; resident registration
numbers (주민등록번호) keep the birth date and the gender digit.

Digits are read in any script (full-width ０-９ too) and the separators people type
between groups: spaces, tabs, dots, hyphens and the other dashes (– — − －). A card is
found inside a longer run of digit groups as well (`4111111111111111 12/25`,
`4111 1111 1111 1111 123`): every stretch of whole groups holding 13–19 digits is tried.
"""

from __future__ import annotations

import logging
import re
import unicodedata

# What people put between digit groups. Up to three of them ("4111 - 1111", double spaces).
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"
_DOTS = ".\u00b7\u2024\uff0e"
_SPACES = " \t\u00a0\u2007\u202f\u3000"
_SEP_CHARS = re.escape(_DASHES + _DOTS + _SPACES)
_SEP = f"[{_SEP_CHARS}]"

# Run on the ASCII-digit form of the text (see _ascii_digits): same length, same positions.
_CHAIN = re.compile(rf"[0-9]+(?:{_SEP}{{1,3}}[0-9]+)*")
_GROUP = re.compile(r"[0-9]+")
_RRN = re.compile(
    rf"(?<![0-9])([0-9]{{2}}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])){_SEP}{{0,3}}([1-8])[0-9]{{6}}(?![0-9])")

_OTHER_DIGIT = re.compile(r"(?![0-9])\d")  # a decimal digit of another script: ０-９, ٠-٩, …

CARD_MIN, CARD_MAX = 13, 19


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


def _ascii_digits(text: str) -> str:
    """Every decimal digit (full-width, Arabic-Indic, …) as its ASCII digit; one character
    for one, so a match's positions are the same in the original text."""
    if text.isascii() or not _OTHER_DIGIT.search(text):  # the usual case, even in Korean text
        return text
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


def _separator_kind(sep: str) -> str:
    if any(c in _DASHES for c in sep):
        return "dash"
    if any(c in _DOTS for c in sep):
        return "dot"
    return "space"


def _card_positions(norm: str, start: int, chain: str) -> set[int]:
    """Positions (in the text) of the digits to hide in one chain of digit groups."""
    groups = [(m.start() + start, m.group()) for m in _GROUP.finditer(chain)]
    kinds = [_separator_kind(norm[a + len(g):b]) for (a, g), (b, _) in zip(groups, groups[1:], strict=False)]
    hidden: set[int] = set()
    for i in range(len(groups)):
        digits = ""
        for j in range(i, len(groups)):
            digits += groups[j][1]
            if len(digits) > CARD_MAX:
                break
            if len(digits) < CARD_MIN or not luhn_valid(digits):
                continue
            # One kind of separator, or the usual 4-digit grouping with mixed ones
            # ('4111-1111 1111-1111'); two phone numbers side by side ('010-1234-5678 010-…')
            # are neither, and stay readable.
            one_kind = len(set(kinds[i:j])) <= 1
            if not one_kind and any(len(g) != 4 for _, g in groups[i:j]):
                continue
            positions = [a + k for a, g in groups[i:j + 1] for k in range(len(g))]
            hidden.update(positions[4:-4])
    return hidden


def _mask_cards(text: str) -> str:
    norm = _ascii_digits(text)
    hidden: set[int] = set()
    for m in _CHAIN.finditer(norm):
        if sum(c.isdigit() for c in m.group()) >= CARD_MIN:
            hidden |= _card_positions(norm, m.start(), m.group())
    if not hidden:
        return text
    return "".join("*" if i in hidden else c for i, c in enumerate(text))


def _mask_rrns(text: str) -> str:
    norm = _ascii_digits(text)
    out, last = [], 0
    for m in _RRN.finditer(norm):
        out.append(text[last:m.start()])
        out.append(f"{m.group(1)}-{m.group(2)}******")
        last = m.end()
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def mask_pii(text: str | None) -> str:
    if not text:
        return text or ""
    # Resident numbers first: 13 digits that are also a Luhn-valid card are masked as one.
    return _mask_cards(_mask_rrns(text))


class PiiLogFilter(logging.Filter):
    """Masks PII in every log record that passes through a handler: the message, the
    traceback of an exception (its message often quotes the input) and stack info."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # wrong %-arguments: the handler reports that itself
            return True
        record.msg, record.args = mask_pii(message), None
        if record.exc_info and not record.exc_text:
            # Formatted here (the Formatter would do it later, unmasked) and cached on the record.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_pii(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_pii(record.stack_info)
        return True


# --- editing masked text (issue 12: the customer's notes in the 360 pane) ---------------------
_JOINING = set(_DASHES + _DOTS + _SPACES)


def masked_for_editing(text: str) -> tuple[str, list[tuple[str, str]]]:
    """The text as an editor shows it (masked, as everywhere), and the (masked, original)
    pieces in order, for ``unmask_edited`` to put back what the agent left as it was: a
    card number in the notes is never shown whole, and saving the notes keeps it."""
    masked = mask_pii(text)
    if masked == text:
        return text, []
    if "\n" in text:
        # Masking never crosses a line: line by line, an odd line kept whole (below) costs
        # only that line if the agent edits it.
        found = [piece for line in text.split("\n") for piece in masked_for_editing(line)[1]]
        return masked, found if unmask_edited(masked, found) == text else [(masked, text)]
    # The resident numbers, as _mask_rrns rewrites them: (start, end) in the rewritten
    # text, and what they replaced.
    norm = _ascii_digits(text)
    parts: list[str] = []
    rrns: list[tuple[int, int, str]] = []
    last = written = 0
    for m in _RRN.finditer(norm):
        parts.append(text[last:m.start()])
        written += m.start() - last
        shown = f"{m.group(1)}-{m.group(2)}******"
        rrns.append((written, written + len(shown), text[m.start():m.end()]))
        parts.append(shown)
        written += len(shown)
        last = m.end()
    parts.append(text[last:])
    step = "".join(parts)  # the cards are masked in this text one character for one
    # The cards: runs of hidden digits, the groups of one number ('1111 1111') joined.
    islands: list[list[int]] = []
    for i, (before, after) in enumerate(zip(step, masked, strict=True)):
        if after != "*" or before == "*":
            continue
        if islands and (i == islands[-1][1] or (len(gap := step[islands[-1][1]:i]) <= 3 and set(gap) <= _JOINING)):
            islands[-1][1] = i + 1
        else:
            islands.append([i, i + 1])
    pieces: list[tuple[int, str, str]] = [(a, masked[a:b], original) for a, b, original in rrns]
    for a, b in islands:
        if any(a < e and s < b for s, e, _ in rrns):
            return masked, [(masked, text)]  # a card running into a resident number: kept only whole
        shift = sum(len(original) - (e - s) for s, e, original in rrns if e <= a)
        pieces.append((a, masked[a:b], text[a + shift:b + shift]))
    found = [(shown, original) for _, shown, original in sorted(pieces)]
    if unmask_edited(masked, found) != text:
        # Numbers run into each other, or the text holds '*' of its own: this line is one
        # piece, put back only if the agent leaves it exactly as it is.
        return masked, [(masked, text)]
    return masked, found


def unmask_edited(edited: str, pieces: list[tuple[str, str]]) -> str:
    """``edited`` with each masked piece still in it (in order) replaced by what it hid;
    a piece the agent deleted or changed stays as they left it."""
    out, pos = [], 0
    for masked_piece, original in pieces:
        # Whole pieces only: what is left of a deleted one never fills part of another.
        found = re.compile(r"(?<!\*)" + re.escape(masked_piece) + r"(?!\*)").search(edited, pos)
        if found is None:
            continue
        out += [edited[pos:found.start()], original]
        pos = found.end()
    out.append(edited[pos:])
    return "".join(out)
