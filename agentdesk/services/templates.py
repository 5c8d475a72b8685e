"""Rendering scripted response templates (issue 3's first piece; no Qt).

Jinja2's sandboxed environment: a template written by a colleague cannot reach Python
internals. Placeholders with no value are collected and rendered as a visible marker,
so the composer can refuse to send until they are filled: a customer never receives a
raw ``{{ … }}``. A syntax error comes back as a message with its line, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from jinja2 import StrictUndefined, TemplateSyntaxError, Undefined
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment

MISSING_MARK = "⟦{name}⟧"  # what a missing placeholder looks like in the preview


def won(amount) -> str:
    """1234000 → '1,234,000원'."""
    if isinstance(amount, Undefined):
        return str(amount)  # a missing value stays a visible, recorded marker
    try:
        return f"{int(amount):,}원"
    except (TypeError, ValueError):
        return str(amount)


def kdate(value) -> str:
    """A date as Koreans write it: '2026년 11월 23일' (datetimes in local time)."""
    if isinstance(value, Undefined):
        return str(value)
    if isinstance(value, datetime):
        value = value.astimezone() if value.tzinfo else value
        value = value.date()
    if isinstance(value, date):
        return f"{value.year}년 {value.month}월 {value.day}일"
    return str(value)


@dataclass
class RenderResult:
    text: str
    missing: list[str] = field(default_factory=list)  # placeholders without a value, in order
    error: str | None = None  # a syntax or sandbox error, one line with its line number

    @property
    def sendable(self) -> bool:
        return self.error is None and not self.missing


def _recording_undefined(missing: list[str]):
    class Recording(Undefined):
        """Renders as a marker and remembers its name (``customer.nickname``)."""

        def _name(self) -> str:
            # 'customer.nickname' when the context object names itself (_template_name),
            # else the bare name: Jinja does not tell which variable an object came from.
            owner = getattr(self, "_undefined_obj", None)
            base = self._undefined_name or "?"
            label = getattr(owner, "_template_name", None) if not isinstance(owner, Undefined) else None
            return f"{label}.{base}" if label else base

        def __str__(self) -> str:
            name = self._name()
            if name not in missing:
                missing.append(name)
            return MISSING_MARK.format(name=name)

        def __getattr__(self, attr: str):
            if attr.startswith("__"):
                raise AttributeError(attr)
            # customer.name where customer itself is missing: one marker for the chain
            return self

    return Recording


def _environment(undefined) -> SandboxedEnvironment:
    env = SandboxedEnvironment(undefined=undefined, autoescape=False, keep_trailing_newline=True)
    env.filters["won"] = won
    env.filters["kdate"] = kdate
    return env


def render(body: str, context: dict) -> RenderResult:
    missing: list[str] = []
    env = _environment(_recording_undefined(missing))
    try:
        text = env.from_string(body).render(**context)
    except TemplateSyntaxError as exc:
        return RenderResult(text="", error=f"line {exc.lineno}: {exc.message}")
    except SecurityError as exc:
        return RenderResult(text="", error=f"not allowed in a template: {exc}")
    except (UndefinedError, TypeError, ValueError, ArithmeticError) as exc:
        return RenderResult(text="", error=f"cannot fill the template: {exc}")
    return RenderResult(text=text, missing=missing)


def check_syntax(body: str) -> str | None:
    """The first syntax error with its line, or None (for the template editor)."""
    try:
        _environment(StrictUndefined).parse(body)
    except TemplateSyntaxError as exc:
        return f"line {exc.lineno}: {exc.message}"
    return None
