"""HTML mail bodies to clean text for the timeline (issue 14); the HTML itself is kept.

Pure: no Qt, no database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import unescape

from bs4 import BeautifulSoup, Comment, Doctype, NavigableString, Tag

_DROP = frozenset({"script", "style", "head", "title", "meta", "link", "noscript", "template", "svg", "object", "iframe"})
_BLOCK = frozenset({"p", "div", "tr", "table", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "hr",
                    "blockquote", "section", "article", "header", "footer", "address", "dl", "dt", "dd", "form",
                    "center", "tbody", "thead", "body", "html"})
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0]+")
_MAX_HTML = 5 * 1024 * 1024  # characters of HTML rendered (bigger bodies are cut)
_MAX_SOUP = 1024 * 1024  # characters parsed into a tree; real mail bodies are well under 300 KB
_MAX_SOUP_TAGS = 20_000  # tags parsed into a tree (about 1 s); a rich newsletter has a few thousand


def html_to_text(html: str) -> str:
    """Readable text of an HTML body: scripts and styles dropped, ``<br>`` and block elements
    as line breaks, ``<blockquote>`` as ``> `` lines (so quote folding sees them), runs of
    spaces collapsed. Iterative (deep nesting cannot overflow the stack), never raises.
    Bodies over ``_MAX_SOUP`` characters or ``_MAX_SOUP_TAGS`` tags take a linear
    tag-stripping path instead: html.parser costs about 50 µs a tag on the build machine
    (200,000 tags: 11.6 s), so a hostile body of tiny tags would hold the gateway."""
    if len(html) > _MAX_SOUP or html.count("<") > _MAX_SOUP_TAGS:
        return _fallback(html)
    try:
        soup = BeautifulSoup(html, "html.parser")
    except Exception:  # noqa: BLE001 - html.parser on hostile input
        return _fallback(html)
    return _render(soup)


class _Line:
    __slots__ = ("depth", "pieces", "has_text")

    def __init__(self, depth: int) -> None:
        self.depth = depth
        self.pieces: list[str] = []
        self.has_text = False

    def add(self, text: str) -> None:
        if not self.has_text:
            text = text.lstrip()
            if not text:
                return
            self.has_text = True
        self.pieces.append(text)


def _render(soup: BeautifulSoup) -> str:
    lines = [_Line(0)]
    depth = 0  # blockquote depth
    pre = 0
    # (node, entering): an explicit stack instead of recursion.
    stack: list[tuple[object, bool]] = [(soup, True)]

    def newline() -> None:
        if lines[-1].has_text:
            lines.append(_Line(depth))
        else:
            lines[-1].depth = depth

    while stack:
        node, entering = stack.pop()
        if isinstance(node, Comment | Doctype):
            continue
        if isinstance(node, NavigableString):
            text = str(node)
            if pre:
                parts = text.split("\n")
                lines[-1].pieces.append(parts[0])
                lines[-1].has_text = lines[-1].has_text or bool(parts[0].strip())
                for part in parts[1:]:
                    lines.append(_Line(depth))
                    lines[-1].pieces.append(part)
                    lines[-1].has_text = bool(part.strip())
            else:
                lines[-1].add(_SPACES.sub(" ", text))
            continue
        if not isinstance(node, Tag):
            continue
        name = (node.name or "").lower()
        if name in _DROP:
            continue
        if entering:
            if name == "br":
                lines.append(_Line(depth))
                continue
            if name == "blockquote":
                depth += 1
            if name in _BLOCK:
                newline()
            if name == "pre":
                pre += 1
            stack.append((node, False))
            stack.extend((child, True) for child in reversed(node.contents))
        else:
            if name == "blockquote":
                depth -= 1
            if name == "pre":
                pre -= 1
            if name in _BLOCK:
                newline()
                if name in ("p", "blockquote", "table", "h1", "h2", "h3"):
                    lines.append(_Line(depth))
    return _tidy((line.depth, "".join(line.pieces)) for line in lines)


def _tidy(lines: Iterable[tuple[int, str]]) -> str:
    out: list[str] = []
    for level, text in lines:
        text = text.rstrip()
        line = (">" * level + " " + text) if level and text else text
        if not line and out and not out[-1]:
            continue
        out.append(line)
    return "\n".join(out).strip("\n")


_BREAK = re.compile(r"(?i)^<\s*/?\s*(?:br|p|div|tr|li|h[1-6]|table|blockquote)\b")
_NAME = re.compile(r"<\s*([a-zA-Z]{1,20})")
_DROPPED = ("script", "style", "head", "title")


def _fallback(html: str) -> str:
    """Linear tag stripping for huge or unparseable HTML: script/style/head dropped,
    breaks and blocks as newlines, entities unescaped."""
    html = html[:_MAX_HTML]
    lower = html.lower()
    out: list[str] = []
    pos = 0
    while pos < len(html):
        lt = html.find("<", pos)
        if lt < 0:
            out.append(html[pos:])
            break
        out.append(html[pos:lt])
        gt = html.find(">", lt)
        if gt < 0:  # an unclosed "<": the rest is text
            out.append(html[lt:])
            break
        tag = html[lt:gt + 1]
        name = _NAME.match(tag)
        if name and name.group(1).lower() in _DROPPED:
            close = lower.find(f"</{name.group(1).lower()}", gt)
            pos = len(html) if close < 0 else close
            continue
        if _BREAK.match(tag):
            out.append("\n")
        pos = gt + 1
    text = unescape("".join(out))
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n")).strip()
