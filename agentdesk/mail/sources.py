"""Mail on disk for `agentdesk mail import` (issue 14): an ``.eml`` file, a Maildir (its
``new`` and ``cur``, and Maildir++ sub-folders), a folder of ``.eml`` files, or an mbox.

Streamed: an mbox is split on its ``From `` lines as it is read, one message in memory at
a time (a mailbox of 100,000 messages is never loaded whole); a message over
MAX_INBOUND_BYTES is skipped to its end and reported, never held. Lines mboxrd escaped
(``>From ``) lose one ``>``. Pure: no Qt, no database.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from agentdesk.channels import MAX_INBOUND_BYTES

LINE_PIECE = 64 * 1024  # an mbox is read in lines of at most this many bytes


@dataclass(frozen=True)
class RawMail:
    """One message found: where (a file, or ``mbox#n``), its bytes or why it has none,
    and when it arrived (the file's time, a Maildir's; None: the Date header decides)."""

    where: str
    raw: bytes | None
    error: str = ""
    arrived: datetime | None = None


def _too_large(size: int) -> str:
    return f"too large: {size:,} bytes (limit {MAX_INBOUND_BYTES:,})"


def is_maildir(path: Path) -> bool:
    return path.is_dir() and (path / "cur").is_dir() and (path / "new").is_dir()


def is_mbox(path: Path) -> bool:
    """A file whose first line is an mbox separator ("From " and an address or a date)."""
    try:
        with path.open("rb") as f:
            return f.read(5) == b"From "
    except OSError:
        return False


def read_paths(paths: list[str]) -> Iterator[RawMail]:
    """Every message under the paths, in order (a Maildir's and a folder's by file name,
    which starts with the delivery time)."""
    for given in paths:
        path = Path(given)
        if is_maildir(path):
            yield from _maildir(path)
        elif path.is_dir():
            yield from _files(sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() == ".eml"))
        elif not path.exists():
            yield RawMail(given, None, "no such file or folder")
        elif is_mbox(path):
            yield from read_mbox(path)
        else:
            yield from _files([path])


def _maildir(path: Path) -> Iterator[RawMail]:
    folders = [path, *sorted(p for p in path.iterdir() if p.name.startswith(".") and is_maildir(p))]
    for folder in folders:
        names = [p for sub in ("new", "cur") for p in (folder / sub).iterdir() if p.is_file()
                 and not p.name.startswith(".")]
        yield from _files(sorted(names, key=lambda p: p.name))


def _files(files: list[Path]) -> Iterator[RawMail]:
    for p in files:
        try:
            st = p.stat()
            if st.st_size > MAX_INBOUND_BYTES:
                yield RawMail(str(p), None, _too_large(st.st_size))
                continue
            yield RawMail(str(p), p.read_bytes(), arrived=datetime.fromtimestamp(st.st_mtime, UTC))
        except OSError as exc:
            yield RawMail(str(p), None, exc.strerror or type(exc).__name__)


def _unescape(line: bytes) -> bytes:
    if line.startswith(b">"):
        stripped = line.lstrip(b">")
        if stripped.startswith(b"From "):
            return line[1:]
    return line


def read_mbox(path: Path) -> Iterator[RawMail]:
    """The messages of an mbox, one at a time: a message starts at a ``From `` line at the
    file's start or after an empty line."""
    n = 0
    parts: list[bytes] = []
    size = 0
    over = False
    blank_before = True
    started = False

    def done() -> RawMail:
        body = b"".join(parts)
        # The empty line that ends each message is the mbox's, not the mail's.
        if body.endswith((b"\n\n", b"\r\n\r\n")):
            body = body[:-2] if body.endswith(b"\r\n") else body[:-1]
        where = f"{path}#{n}"
        return RawMail(where, None, f"too large: over {MAX_INBOUND_BYTES:,} bytes") if over else RawMail(where, body)

    at_line_start = True
    with path.open("rb") as f:
        # Lines read in bounded pieces: a hostile file of one endless line is never held whole.
        for chunk in iter(lambda: f.readline(LINE_PIECE), b""):
            line_start, at_line_start = at_line_start, chunk.endswith(b"\n")
            if line_start and blank_before and chunk.startswith(b"From "):
                if started:
                    yield done()
                n += 1
                started, parts, size, over = True, [], 0, False
                blank_before = False
                continue
            blank_before = line_start and chunk in (b"\n", b"\r\n")
            if not started or over:
                continue
            size += len(chunk)
            if size > MAX_INBOUND_BYTES:
                over, parts = True, []
                continue
            parts.append(_unescape(chunk) if line_start else chunk)
        if started:
            yield done()


def describe(path: str) -> str:
    """A path as the import's report names it (relative to here when inside it)."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel
