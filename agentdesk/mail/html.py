"""HTML mail bodies to clean text for the timeline (issue 14); the HTML itself is kept.

Pure: no Qt, no database.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Comment, Doctype, NavigableString, Tag

_DROP = frozenset({"script", "style", "head", "title", "meta", "link", "noscript", "template", "svg", "object", "iframe"})
_BLOCK = frozenset({"p", "div", "tr", "table", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "hr",
                    "blockquote", "section", "article", "header", "footer", "address", "dl", "dt", "dd", "form",
                    "center", "tbody", "thead", "body", "html"})
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0]+")
_MAX_HTML = 5 * 1024 * 1024  # characters of HTML rendered (bigger bodies are cut)


def html_to_text(html: str) -> str:
    """Readable text of an HTML body: scripts and styles dropped, ``<br>`` and block elements
    as line breaks, ``<blockquote>`` as ``> `` lines (so quote folding sees them), runs of
    spaces collapsed. Iterative (deep nesting cannot overflow the stack); never raises."""
    try:
        soup = BeautifulSoup(html[:_MAX_HTML], "html.parser")
    except Exception:  # noqa: BLE001 - html.parser on hostile input
        return _fallback(html)
    # Each line is [blockquote depth, text]; a line takes the depth it was started at.
    lines: list[list] = [[0, ""]]
    depth = 0
    pre = 0
    # (node, entering): an explicit stack instead of recursion.
    stack: list[tuple[object, bool]] = [(soup, True)]

    def newline() -> None:
        if lines[-1][1].strip():
            lines.append([depth, ""])
        else:
            lines[-1][0] = depth

    while stack:
        node, entering = stack.pop()
        if isinstance(node, Comment | Doctype):
            continue
        if isinstance(node, NavigableString):
            text = str(node)
            if pre:
                parts = text.split("\n")
                lines[-1][1] += parts[0]
                lines.extend([depth, p] for p in parts[1:])
            else:
                text = _SPACES.sub(" ", text)
                if not lines[-1][1].strip():
                    text = text.lstrip()
                lines[-1][1] += text
            continue
        if not isinstance(node, Tag):
            continue
        name = (node.name or "").lower()
        if name in _DROP:
            continue
        if entering:
            if name == "br":
                lines.append([depth, ""])
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
                    lines.append([depth, ""])
    return _tidy(lines)


def _tidy(lines: list[list]) -> str:
    out: list[str] = []
    for level, text in lines:
        text = text.rstrip()
        line = (">" * level + " " + text) if level and text else text
        if not line and out and not out[-1]:
            continue
        out.append(line)
    return "\n".join(out).strip("\n")


def _fallback(html: str) -> str:
    text = re.sub(r"(?is)<(script|style)[^>]*>.*?</\1>", " ", html[:_MAX_HTML])
    text = re.sub(r"(?i)<br\s*/?>|</p>|</div>", "\n", text)
    text = re.sub(r"<[^>]*>", " ", text)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n")).strip()
