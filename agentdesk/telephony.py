"""Click-to-call: what handing a customer's number to the telephony system means, as
plain values (no Qt; the window's ``ui/kit/dialer.py`` carries it out).

The agent's softphone or PBX places the call; AgentDesk only hands it the number, in one
of two ways the settings choose (``call/handler``, ui/kit/settings.py):

- ``url``: a link opened by the desktop's handler of its scheme. ``tel:{number}`` by
  default; ``callto:{number}``, ``sip:{number}@pbx.example.com`` or a click-to-dial page
  (``https://pbx.example.com/dial?to={digits}``) work the same.
- ``command``: a program run directly, never through a shell: the template
  (``softphone --dial {number}``) is split into arguments once, as a shell would split
  it, and only then is ``{number}`` filled in, inside the arguments that name it.

The number is checked before either: E.164 ('+' and 7 to 15 digits) and nothing else, so
a stored value that is not a number ('+8210…; rm -rf ~', '--config=/tmp/x') can add no
argument, option or URL part. ``{number}`` is the E.164 form ('+821012345678'),
``{digits}`` the same without the '+' (for URLs, where a '+' may read as a space).
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

from agentdesk import phones

HANDLERS = ("url", "command")
DEFAULT_URL = "tel:{number}"
# Schemes that would open a file or run script rather than reach a phone.
_REFUSED_SCHEMES = ("file", "javascript", "data", "vbscript")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_PLACEHOLDERS = ("{number}", "{digits}")


class DialError(ValueError):
    """The number cannot be dialled, or the call settings are not usable: one line."""


@dataclass(frozen=True)
class DialUrl:
    url: str


@dataclass(frozen=True)
class DialCommand:
    argv: tuple[str, ...]


def dialable(stored: str | None) -> str:
    """The E.164 number to dial from a stored contact ('+821012345678', or a value in any
    layout the phone library reads as one real number), or DialError."""
    text = (stored or "").strip()
    if phones.E164.fullmatch(text):
        return text
    e164 = phones.valid_e164(text)
    if e164 is None or not phones.E164.fullmatch(e164):
        raise DialError("this contact is not a phone number that can be dialled")
    return e164


def _fill(template: str, number: str) -> str:
    return template.replace("{number}", number).replace("{digits}", number[1:])


def dial_action(stored: str | None, handler: str = "url", url_template: str = DEFAULT_URL,
                command_template: str = "") -> DialUrl | DialCommand:
    """What placing a call to ``stored`` does under these settings, or DialError."""
    number = dialable(stored)
    if handler == "command":
        try:
            argv = shlex.split(command_template or "")
        except ValueError as exc:
            raise DialError(f"the call command setting cannot be read ({exc})") from None
        if not argv or not any(p in arg for arg in argv for p in _PLACEHOLDERS):
            raise DialError("the call command setting needs a program and {number}, e.g. softphone --dial {number}")
        if any(p in argv[0] for p in _PLACEHOLDERS):
            raise DialError("the call command setting must start with the program to run, not the number")
        return DialCommand(tuple(_fill(arg, number) for arg in argv))
    if handler != "url":
        raise DialError(f"unknown call handler {handler!r}: expected url or command")
    template = (url_template or DEFAULT_URL).strip()
    scheme = _SCHEME.match(template)
    if scheme is None or not any(p in template for p in _PLACEHOLDERS):
        raise DialError("the call link setting needs a scheme and {number}, e.g. tel:{number}")
    if scheme.group(1).lower() in _REFUSED_SCHEMES or any(ch.isspace() for ch in template):
        raise DialError(f"the call link setting {template!r} does not reach a phone")
    return DialUrl(_fill(template, number))
