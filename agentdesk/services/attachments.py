"""Attachments on replies and notes: the rules a file must pass (one place, called by the
desk's services, the replica and the team server), the content-addressed store, the
files waiting in an agent's draft, and reading content back (from this database, or
fetched from the team server and cached here).

Files are checked by what they are, not by what they are called: the MIME type is sniffed
from the first bytes (magic numbers; ``mimetypes`` only names what the bytes leave open,
such as a .docx inside a ZIP or a .csv that is text). Programs and scripts are refused
outright (``DANGEROUS_EXTENSIONS``, or content that is a Windows/Linux/macOS executable):
a help desk passes files between customers and colleagues, and a refused .exe costs an
agent a sentence while an opened one can cost the company. A file's name is shown and
suggested when saving, and never used as a path (``clean_filename``).

Content is not scanned for personal data (a screenshot of a card is still a card):
filenames are masked like other text wherever they are shown or exported.
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from agentdesk.catalogue import Phrase
from agentdesk.models import Attachment, AttachmentBlob, DraftAttachment, utcnow
from agentdesk.services.common import InvalidValue, NotFound
from agentdesk.services.pii import mask_pii

MIB = 1024 * 1024
MAX_FILE_BYTES = 20 * MIB  # one file (Zendesk's default limit is 20 MB too)
MAX_MESSAGE_BYTES = 25 * MIB  # all files of one reply or note (what most mail servers still take)
MAX_FILES = 10  # files on one reply or note
MAX_NAME = 200  # characters of a file name as stored and shown

# Gmail's list of blocked attachment types (programs, scripts, installers, shortcuts).
DANGEROUS_EXTENSIONS = frozenset("""
ade adp apk appx appxbundle bat cab chm cmd com cpl diagcab diagcfg diagpack dll dmg ex ex_ exe hta img ins iso isp
jar jnlp js jse lib lnk mde msc msi msix msixbundle msp mst nsh pif ps1 reg scr sct shb sys vb vbe vbs vhd vxd wsc
wsf wsh xll
""".split())

# Raster images the desk previews (decoded by Qt, bounded): never SVG (it can hold script).
PREVIEW_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp"})

_SHA256 = re.compile(r"[0-9a-f]{64}")
# Control characters, and the bidirectional overrides that make "txt.exe" read "exe.txt".
_UNSAFE_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


class AttachmentRefused(InvalidValue):
    """A file the rules refuse, coded "attachment.<reason>" (the window says it in the
    agent's language; str() is the English line the CLI and the server use). ``reason``
    is what the team server's upload answer names."""

    @property
    def reason(self) -> str:
        return (self.code or "").removeprefix("attachment.")


# --- the rules (pure) ---------------------------------------------------------------------
def clean_filename(name: str) -> str:
    """The name a file is stored and shown under: its last path part (never a path: '../',
    'C:\\' and '/' go), Unicode NFC (a Korean name from macOS arrives decomposed), no
    control or direction-override characters, at most MAX_NAME characters (the extension
    kept); 'attachment' when nothing is left."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = re.split(r"[/\\]", name)[-1]
    name = _UNSAFE_CHARS.sub("", name).strip().rstrip(". ")
    if name in ("", ".", ".."):
        return "attachment"
    if len(name) > MAX_NAME:
        stem, dot, ext = name.rpartition(".")
        ext = ext if dot and stem and len(ext) <= 16 else ""
        name = name[: MAX_NAME - len(ext) - 1].rstrip() + "." + ext if ext else name[:MAX_NAME]
    return name


def extension(name: str) -> str:
    """The last extension, lower-case, without the dot ('' when none)."""
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem else ""


# (offset, magic bytes, MIME type): checked in order, the first match wins.
_MAGIC: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\x89PNG\r\n\x1a\n", "image/png"),
    (0, b"\xff\xd8\xff", "image/jpeg"),
    (0, b"GIF87a", "image/gif"),
    (0, b"GIF89a", "image/gif"),
    (0, b"%PDF-", "application/pdf"),
    (0, b"MZ", "application/vnd.microsoft.portable-executable"),
    (0, b"\x7fELF", "application/x-executable"),
    (0, b"\xcf\xfa\xed\xfe", "application/x-mach-binary"),
    (0, b"\xce\xfa\xed\xfe", "application/x-mach-binary"),
    (0, b"\xca\xfe\xba\xbe", "application/x-mach-binary"),  # also Java classes: refused either way
    (0, b"II*\x00", "image/tiff"),
    (0, b"MM\x00*", "image/tiff"),
    (0, b"\x1f\x8b", "application/gzip"),
    (0, b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
    (0, b"Rar!\x1a\x07", "application/vnd.rar"),
    (0, b"ID3", "audio/mpeg"),
    (0, b"OggS", "audio/ogg"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage"),  # .doc/.xls/.msg: by name below
)
EXECUTABLE_TYPES = frozenset({"application/vnd.microsoft.portable-executable", "application/x-executable",
                              "application/x-mach-binary"})
_ZIP_NAMED = {"docx", "xlsx", "pptx", "odt", "ods", "odp", "epub", "zip", "hwpx"}
_OLE_NAMED = {"doc", "xls", "ppt", "msg", "hwp"}


def sniff_mime(data: bytes, filename: str = "") -> str:
    """The MIME type of ``data`` by its first bytes; the name only refines what the bytes
    leave open (which ZIP or OLE document, which kind of text). Never Qt: the team server
    calls this too."""
    head = data[:64]
    for offset, magic, mime in _MAGIC:
        if head[offset:offset + len(magic)] == magic:
            if mime == "application/x-ole-storage":
                return _by_name(filename, _OLE_NAMED, "application/x-ole-storage")
            return mime
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "audio/wav"
    if head[:2] == b"BM" and len(data) >= 26 and int.from_bytes(head[2:6], "little") == len(data):
        return "image/bmp"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"heic", b"heix", b"mif1", b"msf1"):
            return "image/heic"
        return "video/quicktime" if brand == b"qt  " else "video/mp4"
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return _by_name(filename, _ZIP_NAMED, "application/zip")
    if _is_text(data):
        guessed = mimetypes.guess_type(filename or "", strict=False)[0] or ""
        # Text that calls itself an image (an .svg) is text: it is never previewed.
        return guessed if guessed.startswith("text/") or guessed in ("application/json", "application/xml") \
            else "text/plain"
    return "application/octet-stream"


def _by_name(filename: str, named: set[str], default: str) -> str:
    ext = extension(filename)
    if ext in named:
        return mimetypes.guess_type("x." + ext, strict=False)[0] or default
    return default


def _is_text(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(sample) - 3  # a character cut at the sample's end
    return True


def check_file(filename: str, size: int, mime: str) -> str:
    """The cleaned name of a file the rules accept; AttachmentRefused otherwise."""
    name = clean_filename(filename)
    ext = extension(name)
    shown = mask_pii(name)  # the refusal is printed, logged and stored: masked like any text
    if ext in DANGEROUS_EXTENSIONS or mime in EXECUTABLE_TYPES:
        what = f".{ext}" if ext in DANGEROUS_EXTENSIONS else Phrase("attachment.a_program")
        raise AttachmentRefused(code="attachment.dangerous", name=shown, ext=what)
    if size > MAX_FILE_BYTES:
        raise AttachmentRefused(code="attachment.too_large", name=shown, size=describe_size(size),
                                most=describe_size(MAX_FILE_BYTES))
    if size == 0:
        raise AttachmentRefused(code="attachment.empty", name=shown)
    return name


def check_totals(sizes: Sequence[int]) -> None:
    """The files of one reply or note together: at most MAX_FILES, MAX_MESSAGE_BYTES."""
    if len(sizes) > MAX_FILES:
        raise AttachmentRefused(code="attachment.too_many", most=MAX_FILES)
    if sum(sizes) > MAX_MESSAGE_BYTES:
        raise AttachmentRefused(code="attachment.message_too_large", most=describe_size(MAX_MESSAGE_BYTES))


def check_sha256(value) -> str:
    if not isinstance(value, str) or not _SHA256.fullmatch(value):
        raise AttachmentRefused(code="attachment.bad_hash")
    return value


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def describe_size(size: int) -> str:
    """'512 B', '14 KB', '3.2 MB': as file managers write it (1 KB = 1024 B)."""
    if size < 1024:
        return f"{size} B"
    if size < MIB:
        return f"{size / 1024:.0f} KB"
    return f"{size / MIB:.1f} MB"


def is_previewable(mime: str) -> bool:
    return mime in PREVIEW_TYPES


# --- rows ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class AttachmentRow:
    id: uuid.UUID
    message_id: uuid.UUID
    ticket_id: uuid.UUID
    filename: str
    mime_type: str
    size: int
    sha256: str
    created_at: datetime

    @property
    def previewable(self) -> bool:
        return is_previewable(self.mime_type)


@dataclass(frozen=True)
class PendingAttachment:
    """A file in an agent's draft, waiting for the reply it goes with."""

    id: uuid.UUID
    filename: str
    mime_type: str
    size: int
    sha256: str

    @property
    def previewable(self) -> bool:
        return is_previewable(self.mime_type)


@dataclass(frozen=True)
class NewFile:
    """A file given with a message directly (the CLI's --attach): name and bytes."""

    filename: str
    data: bytes


def _row(a: Attachment) -> AttachmentRow:
    return AttachmentRow(a.id, a.message_id, a.ticket_id, a.filename, a.mime_type, a.size, a.sha256, a.created_at)


def _pending(d: DraftAttachment) -> PendingAttachment:
    return PendingAttachment(d.id, d.filename, d.mime_type, d.size, d.sha256)


# --- the store ----------------------------------------------------------------------------
def store_blob(session: Session, data: bytes, mime: str | None = None, now: datetime | None = None) -> str:
    """Keeps ``data`` under its SHA-256 (computed here) and returns it; content already
    stored is not stored again (and never overwritten)."""
    sha = sha256_of(data)
    if not _blob_exists(session, sha):
        session.add(AttachmentBlob(sha256=sha, size=len(data), mime_type=mime or sniff_mime(data),
                                   data=data, created_at=now or utcnow()))
        session.flush()
    return sha


def _blob_exists(session: Session, sha: str) -> bool:
    # Asked by key alone: loading the row would read megabytes to learn it exists.
    return session.scalar(select(AttachmentBlob.sha256).where(AttachmentBlob.sha256 == sha)) is not None


def drop_unreferenced_blobs(session: Session, shas: Iterable[str]) -> None:
    """Content no attachment and no draft names any more goes (a removed chip, a dropped draft)."""
    for sha in set(shas):
        used = session.scalar(select(func.count()).select_from(Attachment).where(Attachment.sha256 == sha)) or 0
        used += session.scalar(select(func.count()).select_from(DraftAttachment)
                               .where(DraftAttachment.sha256 == sha)) or 0
        if not used:
            session.execute(delete(AttachmentBlob).where(AttachmentBlob.sha256 == sha))


def prepare(filename: str, data: bytes) -> tuple[str, str]:
    """(cleaned name, sniffed MIME type) of a file the rules accept."""
    mime = sniff_mime(data, clean_filename(filename))
    return check_file(filename, len(data), mime), mime


# --- drafts ---------------------------------------------------------------------------------
def draft_files(session: Session, ticket_id: uuid.UUID, agent_id: uuid.UUID) -> list[PendingAttachment]:
    rows = session.scalars(select(DraftAttachment).where(DraftAttachment.ticket_id == ticket_id,
                                                         DraftAttachment.agent_id == agent_id)
                           .order_by(DraftAttachment.created_at, DraftAttachment.id))
    return [_pending(d) for d in rows]


def add_to_draft(session: Session, ticket_id: uuid.UUID, agent_id: uuid.UUID, filename: str, data: bytes,
                 now: datetime | None = None) -> PendingAttachment:
    """A file into the agent's draft of the ticket, checked on its own and with the files
    already there (count and total size): refused whole with one line otherwise."""
    name, mime = prepare(filename, data)
    have = draft_files(session, ticket_id, agent_id)
    check_totals([p.size for p in have] + [len(data)])
    now = now or utcnow()
    sha = store_blob(session, data, mime, now)
    d = DraftAttachment(id=uuid.uuid4(), ticket_id=ticket_id, agent_id=agent_id, filename=name, mime_type=mime,
                        size=len(data), sha256=sha, created_at=now)
    session.add(d)
    session.flush()
    return _pending(d)


def remove_from_draft(session: Session, ticket_id: uuid.UUID, agent_id: uuid.UUID, pending_id: uuid.UUID) -> None:
    d = session.get(DraftAttachment, pending_id)
    if d is None or d.ticket_id != ticket_id or d.agent_id != agent_id:
        return  # already gone (sent, or removed in another window)
    session.delete(d)
    session.flush()
    drop_unreferenced_blobs(session, [d.sha256])


def clear_draft_files(session: Session, ticket_id: uuid.UUID, agent_id: uuid.UUID) -> None:
    shas = [p.sha256 for p in draft_files(session, ticket_id, agent_id)]
    session.execute(delete(DraftAttachment).where(DraftAttachment.ticket_id == ticket_id,
                                                  DraftAttachment.agent_id == agent_id))
    drop_unreferenced_blobs(session, shas)


# --- attaching to a message -----------------------------------------------------------------
def attach(session: Session, *, ticket_id: uuid.UUID, message_id: uuid.UUID, agent_id: uuid.UUID,
           files: Sequence[NewFile | PendingAttachment | uuid.UUID], now: datetime | None = None) -> list[AttachmentRow]:
    """Files become attachments of the message, in the caller's transaction (the message's
    own): new files (checked, stored), or files of the agent's draft of this ticket (by
    row or id; they leave the draft). All are checked before any is written.

    Nothing is flushed before the attachments are added: the message (added by the caller)
    and its files reach the database in one flush, which a team desk's outbox capture reads
    as one mutation (sync/capture.py)."""
    now = now or utcnow()
    planned: list[tuple[str, str, int, str, bytes | None, uuid.UUID | None]] = []
    with session.no_autoflush:
        for f in files:
            if isinstance(f, NewFile):
                name, mime = prepare(f.filename, f.data)
                planned.append((name, mime, len(f.data), sha256_of(f.data), f.data, None))
                continue
            d = session.get(DraftAttachment, f.id if isinstance(f, PendingAttachment) else f)
            if d is None or d.ticket_id != ticket_id or d.agent_id != agent_id:
                raise NotFound(code="attachment.draft_file_gone")
            planned.append((d.filename, d.mime_type, d.size, d.sha256, None, d.id))
        check_totals([p[2] for p in planned])
        out = []
        stored: set[str] = set()
        for n, (name, mime, size, sha, data, from_draft) in enumerate(planned):
            if data is not None and sha not in stored:
                stored.add(sha)
                if not _blob_exists(session, sha):
                    session.add(AttachmentBlob(sha256=sha, size=size, mime_type=mime, data=data, created_at=now))
            # A microsecond apart: they are listed in the order they were attached.
            a = Attachment(id=uuid.uuid4(), message_id=message_id, ticket_id=ticket_id, filename=name, mime_type=mime,
                           size=size, sha256=sha, created_at=now + timedelta(microseconds=n), updated_at=now)
            session.add(a)
            if from_draft is not None:
                session.delete(session.get(DraftAttachment, from_draft))
            out.append(_row(a))
    session.flush()
    return out


# --- reading --------------------------------------------------------------------------------
def for_tickets(session: Session, ticket_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[AttachmentRow]]:
    """{message id: its attachments, in the order they were attached} of these tickets'
    messages (one indexed query)."""
    out: dict[uuid.UUID, list[AttachmentRow]] = {}
    if not ticket_ids:
        return out
    rows = session.scalars(select(Attachment).where(Attachment.ticket_id.in_(list(ticket_ids)),
                                                    Attachment.deleted.is_(False))
                           .order_by(Attachment.created_at, Attachment.id))
    for a in rows:
        out.setdefault(a.message_id, []).append(_row(a))
    return out


def get_attachment(session: Session, attachment_id: uuid.UUID) -> AttachmentRow:
    a = session.get(Attachment, attachment_id)
    if a is None or a.deleted:
        raise NotFound(code="attachment.not_found")
    return _row(a)


class ContentUnavailable(InvalidValue):
    """The attachment's content is not on this desk and could not be fetched now."""


def read_content(session: Session, attachment_id: uuid.UUID,
                 fetch: Callable[[uuid.UUID], bytes] | None = None) -> tuple[AttachmentRow, bytes]:
    """The attachment and its bytes: from this database, or (a team desk) fetched from the
    team server by ``fetch`` and kept here. Fetched bytes must hash to the attachment's
    SHA-256, or they are refused (a broken or hostile answer is never shown or cached)."""
    a = get_attachment(session, attachment_id)
    blob = session.get(AttachmentBlob, a.sha256)
    if blob is not None:
        return a, bytes(blob.data)
    if fetch is None:
        raise ContentUnavailable(code="attachment.not_on_desk", name=mask_pii(a.filename))
    data = fetch(a.id)
    if sha256_of(data) != a.sha256:
        raise ContentUnavailable(code="attachment.content_mismatch", name=mask_pii(a.filename))
    store_blob(session, data, a.mime_type)
    return a, data
