"""Phone numbers and the lookup keys of contact points and names (no Qt, no SQL).

Phones are stored in E.164 ('+821012345678') whatever layout the agent or customer
used; the ``phonenumbers`` library knows every country's prefixes, Korea by default.
Agents also type the end of a number (the last 4 or 8 digits), so each phone keeps its
digits reversed in ``search_key``: a suffix becomes an indexed prefix.
"""

from __future__ import annotations

import re
import unicodedata


DEFAULT_REGION = "KR"


def fold(raw: str | None) -> str:
    """Full-width digits and letters to ASCII (０１０ → 010), trimmed."""
    return unicodedata.normalize("NFKC", raw or "").strip()


def digits_of(raw: str | None) -> str:
    return re.sub(r"\D", "", fold(raw))


def to_e164(raw: str | None, region: str = DEFAULT_REGION) -> str:
    """'010.1234.5678', '+82 (0)10-1234-5678', '０１０…' → '+821012345678'.

    What is no possible number (too short, letters) keeps its bare digits: the contact
    is stored as written rather than lost.
    """
    import phonenumbers  # on first use: 30-60 ms of the window's start-up otherwise
    text = fold(raw)
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return digits_of(text)
    if not phonenumbers.is_possible_number(number):
        return digits_of(text)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_search_key(normalized: str) -> str:
    """The digits reversed: '+821012345678' → '876543210128' (suffix search by prefix)."""
    return re.sub(r"\D", "", normalized)[::-1]


def email_search_key(normalized: str) -> str:
    """The domain: 'minji.kim@example.com' → 'example.com' (for '@example')."""
    return normalized.rpartition("@")[2] if "@" in normalized else ""


def contact_search_key(kind: str, normalized: str) -> str:
    if kind == "phone":
        return phone_search_key(normalized)
    if kind == "email":
        return email_search_key(normalized)
    return ""


def name_reversed(name: str | None) -> str:
    """Lower-case name reversed: '김민지' → '지민김', so a given name ('민지') is a prefix."""
    return fold(name).lower()[::-1]


# --- contact points an agent types in (issue 12: the editable customer 360) ------------------
E164 = re.compile(r"\+[1-9][0-9]{6,14}")


def valid_e164(raw: str | None, region: str = DEFAULT_REGION) -> str | None:
    """The E.164 form of a number that exists ('010.1234.5678' → '+821012345678'), or None
    for what no dialling plan has ('010-1234', '12', letters): stored contacts must ring."""
    import phonenumbers  # on first use: 30-60 ms of the window's start-up otherwise
    text = fold(raw)
    if not text or len(text) > 40:
        return None
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return e164 if E164.fullmatch(e164) else None


def display(e164: str, region: str = DEFAULT_REGION) -> str:
    """How a stored number is written for people: the national layout at home
    ('010-1234-5678'), the international one otherwise ('+1 415-555-0100')."""
    import phonenumbers  # on first use: 30-60 ms of the window's start-up otherwise
    try:
        number = phonenumbers.parse(e164, region)
    except phonenumbers.NumberParseException:
        return e164
    home = phonenumbers.region_code_for_number(number) == region
    layout = phonenumbers.PhoneNumberFormat.NATIONAL if home else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(number, layout)


def contact_normalized(kind: str, value: str) -> str:
    """What lookups match: E.164 for a phone, the folded lower-case text otherwise
    (emails and handles)."""
    if kind == "phone":
        return to_e164(value)
    return fold(value).lower()
