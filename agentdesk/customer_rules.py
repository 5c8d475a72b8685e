"""The customer rules, once: what an agent may write into a customer's record (name,
notes, tags, contact points), how it is stored, and who may edit which customer.

Plain functions over plain values, like agentdesk/rules.py (whose ``RuleError`` and tag
spelling they share): the local services (services/customers.py), the replica's capture
and rebase (sync/capture.py, sync/replica.py) and the team server's handlers
(server/handlers.py) all call these, so a hostile desk meets the same checks on the
server, and the lookup keys (``normalized``, ``search_key``) are always derived here,
never taken from what a desk sends.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from agentdesk import phones
from agentdesk.catalogue import Phrase
from agentdesk.models import CONTACT_KINDS
from agentdesk.rules import RuleError, check_tag

NAME_LIMIT = 120  # customers.name
NOTES_LIMIT = 20_000  # a page of notes; a megabyte pasted by mistake is refused, not stored
TAGS_LIMIT = 500  # customers.tags, space-separated
VALUE_LIMIT = 200  # contact_points.value
LABEL_LIMIT = 32  # contact_points.label
# The fields of a customer an agent edits (name and notes; tags travel as add/remove).
EDITABLE_FIELDS = ("name", "notes")
# The same shape newly recorded customers' addresses are checked against (issue 12).
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
EDIT_ROLES_ANY_CUSTOMER = ("admin",)


def _quoted(value: str, limit: int = 40) -> str:
    clipped = value if len(value) <= limit else value[:limit] + "…"
    return repr(clipped)


# The customer's fields as a refusal names them (translated with it).
_FIELDS = {"name": "customer.the_name", "notes": "customer.the_notes", "label": "customer.the_label"}


def _no_controls(what: str, value: str, allow_newlines: bool = False) -> str:
    """PostgreSQL cannot store a NUL, and a control character would be echoed to every
    terminal that lists the record; notes keep their line breaks and tabs."""
    allowed = "\n\r\t" if allow_newlines else ""
    if any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in value):
        if what in _FIELDS:
            raise RuleError(code="customer.control_character", what=Phrase(_FIELDS[what]))
        raise RuleError(code="customer.contact_control", contact_kind=what)
    return value


def check_customer_name(name) -> str:
    """The name as stored (white space collapsed), or RuleError."""
    if not isinstance(name, str):
        raise RuleError(code="rule.customer_name_not_text")
    spelt = " ".join(_no_controls("name", name).split())
    if not spelt or len(spelt) > NAME_LIMIT:
        raise RuleError(code="customer.name_length", most=NAME_LIMIT)
    return spelt


def check_customer_notes(notes) -> str:
    """The notes as stored (trailing white space trimmed), or RuleError. Card numbers and
    resident registration numbers are stored as typed and masked wherever shown."""
    if not isinstance(notes, str):
        raise RuleError(code="customer.notes_not_text")
    notes = _no_controls("notes", notes, allow_newlines=True).rstrip()
    if len(notes) > NOTES_LIMIT:
        raise RuleError(code="customer.notes_length", most=f"{NOTES_LIMIT:,}", count=f"{len(notes):,}")
    return notes


def check_customer_field(name: str, value) -> str:
    if name == "name":
        return check_customer_name(value)
    if name == "notes":
        return check_customer_notes(value)
    raise RuleError(code="customer.field_fixed", field=_quoted(str(name)))


def split_tags(tags: str | None) -> list[str]:
    return sorted(set((tags or "").split()))


def customer_tags_after(current: str | None, add: Iterable[str] = (), remove: Iterable[str] = ()) -> str:
    """The customer's tags (stored space-separated, spelt as ticket tags are:
    'VIP  complaint' → 'vip-complaint') after adding and removing some, or RuleError."""
    adding = {check_tag(t) for t in add}
    removing = {check_tag(t) for t in remove}
    tags = " ".join(sorted((set(split_tags(current)) | adding) - removing))
    if len(tags) > TAGS_LIMIT:
        raise RuleError(code="customer.tags_length", most=TAGS_LIMIT)
    return tags


@dataclass(frozen=True)
class ContactValues:
    """A contact point as stored: its value written for people, and the lookup keys the
    search uses (migration 0010), derived here and nowhere else."""

    kind: str
    value: str
    normalized: str
    search_key: str
    label: str


def check_label(label) -> str:
    if not isinstance(label, str):
        raise RuleError(code="customer.label_not_text")
    label = " ".join(_no_controls("label", label).split())
    if len(label) > LABEL_LIMIT:
        raise RuleError(code="customer.label_length", most=LABEL_LIMIT)
    return label


def check_contact_point(kind, value, label="") -> ContactValues:
    """A phone (any layout; stored in the national layout, matched in E.164), an email
    address or a social handle ('kakao:minji_kim', '@minji'), with its label ('mobile',
    'work', 'kakao' …), or RuleError with one line for the agent."""
    if kind not in CONTACT_KINDS:
        raise RuleError(code="customer.contact_kind", kind=_quoted(str(kind)), allowed=", ".join(CONTACT_KINDS))
    if not isinstance(value, str):
        raise RuleError(code="rule.contact_not_text", contact_kind=kind)
    text = _no_controls(kind, phones.fold(value))
    if not text or len(text) > VALUE_LIMIT:
        raise RuleError(code="rule.contact_length", contact_kind=kind, most=VALUE_LIMIT)
    if kind == "phone":
        e164 = phones.valid_e164(text)
        if e164 is None:
            raise RuleError(code="rule.not_a_phone", value=_quoted(value.strip()))
        text, normalized = phones.display(e164), e164
    elif kind == "email":
        normalized = text.lower()
        if not _EMAIL.fullmatch(normalized):
            raise RuleError(code="rule.not_an_email", value=_quoted(value.strip()))
    else:
        if any(ch.isspace() for ch in text):
            raise RuleError(code="customer.handle_spaces", value=_quoted(value.strip()))
        normalized = text.lower()
    return ContactValues(kind, text, normalized, phones.contact_search_key(kind, normalized), check_label(label))


def customer_edit_allowed(role: str, agent_team_id: uuid.UUID | None,
                          customer_team_ids: Collection[uuid.UUID | None]) -> bool:
    """Who may edit a customer (name, notes, tags, contact points): an admin any customer;
    an agent, trainer or lead a customer with a ticket in their own team
    (``customer_team_ids``: the teams of the customer's tickets). That is exactly the set
    of customers the team database shows them (row-level security, server/security.py),
    so an agent edits whom they serve and no other team's customer directory."""
    if role in EDIT_ROLES_ANY_CUSTOMER:
        return True
    return agent_team_id is not None and agent_team_id in set(customer_team_ids)


def check_customer_edit(role: str, agent_team_id: uuid.UUID | None,
                        customer_team_ids: Collection[uuid.UUID | None], customer_name: str = "") -> None:
    if not customer_edit_allowed(role, agent_team_id, customer_team_ids):
        if customer_name:
            raise RuleError(code="customer.other_team_named", name=customer_name)
        raise RuleError(code="customer.other_team")
