"""The agent states team leads know (issue 13), once: the vocabulary, the old values an
older desk still sends, when a status change moves ``status_since``, and the state a
wallboard shows.

Chosen by the agent (their status control, stored in ``agents.status``): available,
after-contact work (후처리), break (휴식), training (교육), offline. Derived, never chosen
or stored: on a contact (상담 중), an agent who has a ticket open in reply (the team
server's presence activity 'replying'; on the embedded workspace, the desk's own ticket
in reply).

Old values (before migration 0022): 'busy' meant "working, not taking a new contact",
which is after-contact work; 'away' meant "not at the desk", which is a break. A newer
server takes an older desk's 'busy' and 'away' and stores the new value; migration 0022
rewrote the stored rows the same way.

Pure: no Qt, no database, no project imports but the catalogue (models.py imports this).
Called by services/common.py, the replica's capture and rebase, the server's handler and
the window's status control.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from agentdesk.catalogue import CodedError


class AgentState(StrEnum):
    AVAILABLE = "available"
    AFTER_CONTACT_WORK = "after_contact_work"
    BREAK = "break"
    TRAINING = "training"
    OFFLINE = "offline"
    ON_CONTACT = "on_contact"  # derived: never stored, never chosen


# What an agent chooses (and agents.status holds), in the order the status control lists them.
CHOSEN: tuple[AgentState, ...] = (AgentState.AVAILABLE, AgentState.AFTER_CONTACT_WORK, AgentState.BREAK,
                                  AgentState.TRAINING, AgentState.OFFLINE)
# Every state a wallboard shows (the derived one first: it is what a lead looks for).
SHOWN: tuple[AgentState, ...] = (AgentState.ON_CONTACT, *CHOSEN)
# Values of the old vocabulary, read as their new meaning (desks before migration 0022).
LEGACY: dict[str, AgentState] = {"busy": AgentState.AFTER_CONTACT_WORK, "away": AgentState.BREAK}
# A status column is 16 characters; "after_contact_work" is 18, so the column grew (0022).
STATUS_COLUMN_LENGTH = 24


class StateError(CodedError, ValueError):
    """A status that is neither a state an agent chooses nor an old value of one."""


def normalize(value: object) -> AgentState:
    """The chosen state ``value`` names, old values mapped; StateError otherwise (the
    derived 'on_contact' included: nobody chooses to be on a contact)."""
    if isinstance(value, str):
        if value in LEGACY:
            return LEGACY[value]
        if value in CHOSEN:
            return AgentState(value)
    shown = value if isinstance(value, str) and len(value) <= 40 else repr(value)[:40]
    raise StateError(code="agent_state.unknown", status=shown, allowed=", ".join(CHOSEN))


def read(stored: str | None) -> AgentState:
    """A stored status as shown: old values mapped, anything unknown (a newer desk's
    state) read as available rather than refused, since reading never fails a pane."""
    try:
        return normalize(stored)
    except StateError:
        return AgentState.AVAILABLE


def change(current: str | None, wanted: object, now: datetime) -> dict:
    """Column values of an agent whose status is set to ``wanted``: {} when it is the
    state they are in already (``status_since`` keeps counting), else the new status and
    ``status_since`` = now (the wallboard's time in state)."""
    new = normalize(wanted)
    if current == new:
        return {}
    return {"status": str(new), "status_since": now}


def effective_state(agent_status: str | None, replying: bool) -> AgentState:
    """The state a wallboard shows: on a contact while a ticket is open in reply, whatever
    was chosen (an agent answering during 'break' is working), except offline (a desk
    that says offline is not taking contacts; its presence lapses within 30 s)."""
    chosen = read(agent_status)
    if replying and chosen != AgentState.OFFLINE:
        return AgentState.ON_CONTACT
    return chosen
