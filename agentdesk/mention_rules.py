"""@mentions, once: which ``@login`` tokens in a message mention a colleague, who may be
mentioned on a ticket, and the ids the stored mention rows get.

Plain functions over plain values (no database, no Qt), like agentdesk/rules.py: the local
services, the replica applying a queued note, the team server deriving mentions from the
note text it receives (never from a list a desk sends) and the timeline's highlighting
all call ``find_mentions``, so what is highlighted is what notifies.

A mention is ``@`` + an agent's login (``@kim.minji``; ``@Kim.Minji`` too), in an internal
note or call log. It is not one when it is:

- part of an email address or a handle (``kim@example.com``, ``a@kim.minji``: the ``@``
  follows a letter, digit or one of ``._%+-``), of a path or URL (``/@kim``, ``:@kim``), or
  doubled (``@@kim``);
- followed by ``@`` (``@kim.minji@example.com`` is an address written after an ``@``);
- inside code: a ```fenced``` block or an `inline code` span;
- not the login of an existing, non-deleted agent (the caller passes the logins it knows).

Hangul may touch a mention on either side: ``확인@kim.minji님`` mentions kim.minji (logins
are ASCII, so a particle written right after ends the token). Trailing ``.``, ``-`` and
``_`` are punctuation, not part of the login, unless the login really ends so.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Container, Iterable
from dataclasses import dataclass

# What a notifying message is: written for colleagues. A public reply goes to the
# customer, so an @name there is only text (the composer asks before sending one).
MENTION_KINDS = ("note", "call_log")

# The login syntax (sync/protocol.py check_login), case-insensitive here: agents type
# '@Kim.Minji' as readily as '@kim.minji'.
_TOKEN = re.compile(r"@([A-Za-z][A-Za-z0-9._-]{0,62})")
# Characters that, right before '@', make it part of an address, handle, path or URL.
_GLUED_BEFORE = re.compile(r"[A-Za-z0-9._%+\-/:@=&#\\]")
_FENCED = re.compile(r"```.*?(?:```|\Z)", re.DOTALL)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_TRAILING = "._-"


@dataclass(frozen=True)
class MentionSpan:
    """One mention in a text: ``text[start:end]`` is the ``@login`` as typed."""

    start: int
    end: int
    login: str  # lower-case, as stored in agents.login


def _blank_code(text: str) -> str:
    """The text with code replaced by spaces (same length: offsets stay valid)."""
    def blank(m: re.Match) -> str:
        return re.sub(r"[^\n]", " ", m.group(0))

    return _INLINE_CODE.sub(blank, _FENCED.sub(blank, text))


def _tokens(text: str):
    """(start, the candidate logins longest first) for every '@' that could be a mention."""
    scan = _blank_code(text)
    for m in _TOKEN.finditer(scan):
        start = m.start()
        if start > 0 and _GLUED_BEFORE.match(scan, start - 1):
            continue
        if m.end() < len(scan) and scan[m.end()] == "@":
            continue
        word = m.group(1)
        candidates = [word]
        while word and word[-1] in _TRAILING:
            word = word[:-1]
            if word:
                candidates.append(word)
        yield start, candidates


def candidate_logins(text: str) -> set[str]:
    """Every login ``find_mentions`` might look up in ``text`` (lower-case): the server
    and the services ask the database about these only, not about every agent."""
    return {c.lower() for _start, candidates in _tokens(text or "") for c in candidates}


def find_mentions(text: str, logins: Container[str]) -> list[MentionSpan]:
    """The mentions in ``text`` of agents whose (lower-case) login is in ``logins``, in
    order of appearance. ``logins`` should hold existing, non-deleted agents only."""
    out: list[MentionSpan] = []
    for start, candidates in _tokens(text or ""):
        for word in candidates:  # '@kim.minji.' → 'kim.minji.' then 'kim.minji'
            login = word.lower()
            if login in logins:
                out.append(MentionSpan(start, start + 1 + len(word), login))
                break
    return out


def mentioned_logins(text: str, logins: Container[str]) -> list[str]:
    """The logins mentioned in ``text``, each once, first mention first."""
    return list(dict.fromkeys(span.login for span in find_mentions(text, logins)))


def notifies(kind: str) -> bool:
    """Whether a message of this kind notifies whom it mentions (notes and call logs; a
    public reply, a customer's message or a system line never does)."""
    return kind in MENTION_KINDS


def may_be_mentioned(ticket_team_id, agent_team_id, agent_role: str, agent_deleted: bool = False) -> bool:
    """Whether an agent can be notified about a ticket: they must be able to open it. An
    admin sees every team; an agent sees their team's tickets; a ticket without a team
    (a standalone workspace, an admin's triage) is anyone's, as for assignment."""
    if agent_deleted:
        return False
    if agent_role == "admin" or ticket_team_id is None:
        return True
    return agent_team_id is not None and agent_team_id == ticket_team_id


@dataclass(frozen=True)
class Colleague:
    """What the rules read of an agent who might be mentioned."""

    id: uuid.UUID
    login: str
    team_id: uuid.UUID | None = None
    role: str = "agent"
    deleted: bool = False


def mentions_to_store(kind: str, body: str, author_id: uuid.UUID | None, ticket_team_id,
                      agents: Iterable[Colleague]) -> list[Colleague]:
    """Whom a new message notifies: for a note or call log, the agents it mentions who can
    see the ticket, without its author (mentioning oneself notifies nobody), each once."""
    if not notifies(kind):
        return []
    by_login = {a.login.lower(): a for a in agents if may_be_mentioned(ticket_team_id, a.team_id, a.role, a.deleted)}
    return [by_login[login] for login in mentioned_logins(body, by_login) if by_login[login].id != author_id]


def mention_id(message_id: uuid.UUID, agent_id: uuid.UUID) -> uuid.UUID:
    """The id of the row saying ``message_id`` mentions ``agent_id``: derived, so the desk's
    optimistic row and the row the server derives from the same note are one row."""
    return uuid.uuid5(message_id, f"mention:{agent_id}")
