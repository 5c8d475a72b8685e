"""Protecting agents from abusive customers (issue 13; Korean Occupational Safety and
Health Act art. 41, in force for phone and online staff), once: what an incident is, who
may record one, the warning scripts' default wording, how an abusive contact ends.

The flow (docs/protection.md): the agent sends the first and the second warning script
(one key each); the script goes to the customer as a public reply on written channels,
and on a phone ticket it is shown to be read out and kept as a call log. The agent may
end the contact with a reason: the ticket is solved (a customer who writes again reopens
it, as any solved ticket, so nothing is lost), tagged ``abusive-contact``, and its
conversation stays as it was. Then the agent may take a protective break (status
``break``). Each step is an incident row; the team's lead is alerted of each.

Decisions kept here:
- A second warning without a first is allowed and recorded as it is: the agent judges
  the severity (a threat needs no first warning), and the lead sees the order.
- An incident is the agent's own, on a ticket of their team (admins: any ticket); a
  warning names the script message it sent (the agent's own reply or call log on that
  ticket); ending needs a reason of 1 to REASON_MAX characters; a break's reason is
  optional.
- A protective break is the ``break`` incident; its ``protective`` flag is derived
  here (never taken from a desk), so a report can tell rest owed under art. 41 from
  idle time.

Pure: no Qt, no database (the ticket rules of agentdesk/rules.py under it). Called by services/protection.py, the replica's capture and
the team server's ``incident.record`` handler.
"""

from __future__ import annotations

import unicodedata
import uuid
from enum import StrEnum

from agentdesk.rules import RuleError, can_deliver_reply


class IncidentKind(StrEnum):
    WARNING_1 = "warning_1"
    WARNING_2 = "warning_2"
    ENDED = "ended"
    BREAK = "break"


KINDS: tuple[IncidentKind, ...] = tuple(IncidentKind)
WARNINGS: dict[int, IncidentKind] = {1: IncidentKind.WARNING_1, 2: IncidentKind.WARNING_2}
# The tag other parts of the product read to leave a contact out of handle time and
# quality sampling (with this table: a ticket with an 'ended' incident).
ABUSE_TAG = "abusive-contact"
# How an abusive contact ends: solved, not closed. Closed is final (a closed ticket takes
# no status change), and the customer's next message must still reach someone.
END_STATUS = "solved"
REASON_MAX = 500
# The message kinds that carry a script: a public reply (written channels) or a call log
# (a phone ticket: read out, not delivered).
SCRIPT_KINDS = ("reply", "call_log")

# The default wording by (level, customer language); a workspace may set its own in the
# settings "protection.warning_1.ko" and so on (services/protection.py).
DEFAULT_SCRIPTS: dict[tuple[int, str], str] = {
    (1, "ko"): "고객님, 폭언이나 욕설을 계속하시면 상담을 더 이상 진행하기 어렵습니다. 정중한 대화를 부탁드립니다.",
    (2, "ko"): "고객님, 계속되는 폭언으로 인해 잠시 후 상담을 종료하겠습니다. "
               "산업안전보건법 제41조에 따라 상담사 보호를 위해 상담을 종료할 수 있습니다.",
    (1, "en"): "If the abusive language continues, we will not be able to continue this conversation. "
               "Please keep our conversation respectful.",
    (2, "en"): "Because the abusive language has continued, this conversation will end shortly. "
               "Under Article 41 of the Korean Occupational Safety and Health Act, we may end a conversation "
               "to protect our staff.",
}
SCRIPT_LANGUAGES = ("ko", "en")
SCRIPT_MAX = 2000


class ProtectionError(RuleError):
    """An incident the rules do not allow; one line for the agent, with a code (a
    RuleError: the services show it as InvalidValue, the server rejects with it)."""


def check_kind(kind: object) -> IncidentKind:
    if isinstance(kind, str) and kind in KINDS:
        return IncidentKind(kind)
    raise ProtectionError(code="protection.kind", kind=repr(str(kind)[:40]), allowed=", ".join(KINDS))


def warning_kind(level: object) -> IncidentKind:
    if isinstance(level, int) and not isinstance(level, bool) and level in WARNINGS:
        return WARNINGS[level]
    raise ProtectionError(code="protection.level", level=repr(str(level)[:40]))


def _clean(text: str) -> str:
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc").strip()


def check_reason(kind: IncidentKind, reason: object) -> str:
    """The reason as stored: control characters dropped, trimmed, at most REASON_MAX
    characters; ending a contact needs one."""
    if reason is None:
        reason = ""
    if not isinstance(reason, str):
        raise ProtectionError(code="protection.reason_text")
    text = _clean(reason)
    if len(text) > REASON_MAX:
        raise ProtectionError(code="protection.reason_long", most=REASON_MAX)
    if kind == IncidentKind.ENDED and not text:
        raise ProtectionError(code="protection.reason_needed")
    return text


def check_recorder(actor_id: uuid.UUID, actor_role: str, actor_team_id: uuid.UUID | None,
                   incident_agent_id: uuid.UUID | None, ticket_team_id: uuid.UUID | None) -> uuid.UUID:
    """Whose incident it is: the acting agent's own (a lead does not record for an agent),
    on a ticket of their team (admins: any). A ticket of no team is an embedded
    workspace's or an admin's triage: on a team server only admins can see one at all.
    Returns the agent the incident names."""
    if incident_agent_id is not None and incident_agent_id != actor_id:
        raise ProtectionError(code="protection.own_only")
    if actor_role != "admin" and ticket_team_id is not None and ticket_team_id != actor_team_id:
        raise ProtectionError(code="protection.own_team")
    return actor_id


def check_script_message(kind: IncidentKind, message: tuple | None, actor_id: uuid.UUID,
                         ticket_id: uuid.UUID) -> None:
    """A warning names the script it sent: ``message`` = (ticket id, author id, kind) of
    that message (None: not there). Ending and breaks name no message."""
    if kind not in (IncidentKind.WARNING_1, IncidentKind.WARNING_2):
        if message is not None:
            raise ProtectionError(code="protection.no_message")
        return
    if message is None:
        raise ProtectionError(code="protection.script_needed")
    m_ticket, m_author, m_kind = message
    if m_ticket != ticket_id or m_author != actor_id or m_kind not in SCRIPT_KINDS:
        raise ProtectionError(code="protection.script_mismatch")


def is_protective(kind: IncidentKind) -> bool:
    """A break under art. 41: rest owed to the agent, not idle time."""
    return kind == IncidentKind.BREAK


def script_kind(channel: str) -> str:
    """How a warning goes out: read out and logged on a phone ticket, sent otherwise."""
    return "reply" if can_deliver_reply(channel) else "call_log"


def script_language(customer_language: str | None) -> str:
    """Korean unless the customer's language is one we have a script in."""
    return customer_language if customer_language in SCRIPT_LANGUAGES else "ko"


def default_script(level: int, customer_language: str | None) -> str:
    return DEFAULT_SCRIPTS[(warning_kind(level) == IncidentKind.WARNING_2) + 1, script_language(customer_language)]


def check_script(text: object) -> str:
    """A workspace's own wording: text, 1 to SCRIPT_MAX characters."""
    if not isinstance(text, str) or not _clean(text) or len(text) > SCRIPT_MAX:
        raise ProtectionError(code="protection.script_text", most=SCRIPT_MAX)
    return _clean(text)


def setting_key(level: int, language: str) -> str:
    return f"protection.warning_{int(level)}.{language}"
