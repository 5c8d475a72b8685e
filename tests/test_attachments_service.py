"""Attachments in the services, on SQLite and PostgreSQL: the rules (names, types, limits),
the content-addressed store, files waiting in a draft, and a reply sent with its files in
one transaction (issue 12)."""

from __future__ import annotations

import struct
import uuid
import zlib

import pytest
from sqlalchemy import func, select

from agentdesk.models import Attachment, AttachmentBlob, AuditEntry, DraftAttachment, Message
from agentdesk.services import attachments as att
from agentdesk.services import drafts, tickets
from agentdesk.services.common import NotFound, current_agent
from agentdesk.services.templates import StagedChanges, send_with_changes
from tests.factories import seed_small


def png(width: int = 2, height: int = 2, color: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A real PNG (solid colour), made without Qt."""
    raw = b"".join(b"\x00" + bytes(color) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


PDF = b"%PDF-1.7\n1 0 obj\n<< >>\nendobj\ntrailer\n<< >>\n%%EOF\n"


# --- the rules ----------------------------------------------------------------------------------
@pytest.mark.parametrize("given, stored", [
    ("../../etc/passwd", "passwd"),
    ("..\\..\\Windows\\system.ini", "system.ini"),
    ("C:\\Users\\kim\\영수증.pdf", "영수증.pdf"),
    ("/tmp/", "attachment"),
    ("..", "attachment"),
    ("", "attachment"),
    ("report\u202egnp.pdf", "reportgnp.pdf"),  # the override that shows 'fdp.png' is gone
    ("line\nbreak\x00.txt", "linebreak.txt"),
    ("trailing dots. . .", "trailing dots"),
    # macOS writes Korean file names decomposed (NFD); stored composed, as typed.
    ("\u1112\u1161\u11ab\u1100\u1173\u11af.txt", "한글.txt"),
])
def test_a_file_name_is_a_name_never_a_path(given, stored):
    assert att.clean_filename(given) == stored


def test_a_long_name_keeps_its_extension():
    name = att.clean_filename("가" * 500 + ".xlsx")
    assert len(name) == att.MAX_NAME and name.endswith(".xlsx")


@pytest.mark.parametrize("data, name, mime", [
    (png(), "photo.png", "image/png"),
    (png(), "photo.jpg", "image/png"),  # the bytes say what it is, not the name
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "scan.jpeg", "image/jpeg"),
    (PDF, "invoice.pdf", "application/pdf"),
    (b"PK\x03\x04" + b"\x00" * 40, "report.docx",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    (b"PK\x03\x04" + b"\x00" * 40, "archive.zip", "application/zip"),
    ("이름,금액\n김민지,1000\n".encode(), "list.csv", "text/csv"),
    ("안녕하세요".encode(), "note.txt", "text/plain"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "logo.svg", "text/plain"),
    (b"\x00\x01\x02\x03binary", "blob.bin", "application/octet-stream"),
    (b"MZ\x90\x00" + b"\x00" * 60, "invoice.pdf", "application/vnd.microsoft.portable-executable"),
])
def test_the_type_is_sniffed_from_the_content(data, name, mime):
    assert att.sniff_mime(data, name) == mime


@pytest.mark.parametrize("name, data", [
    ("setup.exe", b"just text"),
    ("run.BAT", b"echo hi"),
    ("macro.js", b"alert(1)"),
    ("screen.scr", b"x"),
    ("invoice.pdf", b"MZ\x90\x00" + b"\x00" * 60),  # a program calling itself a PDF
    ("tool", b"\x7fELF\x02\x01\x01" + b"\x00" * 20),
])
def test_programs_and_scripts_are_refused_with_one_line(name, data):
    with pytest.raises(att.AttachmentRefused) as refused:
        att.prepare(name, data)
    assert refused.value.reason == "dangerous"
    assert "\n" not in str(refused.value) and "not accepted" in str(refused.value)


def test_limits_per_file_and_per_message():
    with pytest.raises(att.AttachmentRefused) as big:
        att.check_file("big.pdf", att.MAX_FILE_BYTES + 1, "application/pdf")
    assert big.value.reason == "too_large" and "20.0 MB" in str(big.value)
    att.check_file("ok.pdf", att.MAX_FILE_BYTES, "application/pdf")
    with pytest.raises(att.AttachmentRefused, match="empty"):
        att.check_file("empty.txt", 0, "text/plain")
    att.check_totals([1] * att.MAX_FILES)
    with pytest.raises(att.AttachmentRefused) as many:
        att.check_totals([1] * (att.MAX_FILES + 1))
    assert many.value.reason == "too_many"
    with pytest.raises(att.AttachmentRefused) as total:
        att.check_totals([att.MAX_FILE_BYTES, att.MAX_MESSAGE_BYTES - att.MAX_FILE_BYTES + 1])
    assert total.value.reason == "message_too_large"


# --- the store, drafts, sending (both backends) ------------------------------------------------------
def _t2(s, ids):
    return tickets.resolve_ticket(s, ids["t2"])


def test_a_reply_and_its_files_are_stored_together_and_content_is_kept_once(any_db):
    ids = seed_small(any_db)
    image = png(3, 2)
    with any_db.session() as s:
        me = current_agent(s, "kim.minji")
        t = _t2(s, ids)
        a = att.add_to_draft(s, t.id, me.id, "화면 캡처.png", image)
        b = att.add_to_draft(s, t.id, me.id, "copy.png", image)  # the same bytes again
        assert a.sha256 == b.sha256 == att.sha256_of(image) and a.mime_type == "image/png" and a.previewable
        assert s.scalar(select(func.count()).select_from(AttachmentBlob)) == 1
    with any_db.session() as s:
        me = current_agent(s, "kim.minji")
        sent = send_with_changes(s, ids["t2"], me, "캡처 보내 드립니다.", "reply", StagedChanges(status="pending"),
                                 attachments=[a.id, b])
        drafts.clear_draft(s, _t2(s, ids).id, me.id)
    assert [f.filename for f in sent.message.attachments] == ["화면 캡처.png", "copy.png"]
    with any_db.session() as s:
        detail = tickets.get_detail(s, ids["t2"])
        assert detail.status == "pending"
        last = detail.messages[-1]
        assert [(f.filename, f.size, f.mime_type) for f in last.attachments] == \
            [("화면 캡처.png", len(image), "image/png"), ("copy.png", len(image), "image/png")]
        assert all(not m.attachments for m in detail.messages[:-1])
        assert s.scalar(select(func.count()).select_from(DraftAttachment)) == 0
        assert s.scalar(select(func.count()).select_from(AttachmentBlob)) == 1  # still once
        row, data = att.read_content(s, last.attachments[0].id)
        assert data == image and row.sha256 == att.sha256_of(image)
        audit = s.scalars(select(AuditEntry).where(AuditEntry.entity_id == detail.id, AuditEntry.action == "reply")).one()
        assert audit.changes["attachments"] == [None, "2"]


def test_a_refused_file_writes_nothing_not_even_the_reply(any_db):
    ids = seed_small(any_db)
    with any_db.session() as s:
        before = s.scalar(select(func.count()).select_from(Message))
    with pytest.raises(att.AttachmentRefused), any_db.session() as s:
        me = current_agent(s, "kim.minji")
        tickets.add_message(s, ids["t2"], me, "파일 두 개", attachments=[att.NewFile("ok.pdf", PDF),
                                                                       att.NewFile("virus.exe", b"MZ" + b"\x00" * 60)])
    with any_db.session() as s:
        assert s.scalar(select(func.count()).select_from(Message)) == before
        assert s.scalar(select(func.count()).select_from(Attachment)) == 0
        assert s.scalar(select(func.count()).select_from(AttachmentBlob)) == 0


def test_a_draft_keeps_its_files_without_text_and_drops_them_with_the_draft(any_db):
    ids = seed_small(any_db)
    with any_db.session() as s:
        me = current_agent(s, "kim.minji")
        t = _t2(s, ids)
        kept = att.add_to_draft(s, t.id, me.id, "a.pdf", PDF)
        gone = att.add_to_draft(s, t.id, me.id, "b.png", png())
        drafts.save_draft(s, t.id, me.id, "")  # the text emptied: the files stay
        assert [p.filename for p in att.draft_files(s, t.id, me.id)] == ["a.pdf", "b.png"]
        att.remove_from_draft(s, t.id, me.id, gone.id)
        assert [p.id for p in att.draft_files(s, t.id, me.id)] == [kept.id]
        assert s.get(AttachmentBlob, gone.sha256) is None  # its content went with it
        other = current_agent(s, "lee.junho")
        assert att.draft_files(s, t.id, other.id) == []  # one agent's draft is theirs
        with pytest.raises(NotFound):  # nor can another agent send it
            tickets.add_message(s, t.id, other, "남의 첨부", attachments=[kept.id])
    with any_db.session() as s:
        me = current_agent(s, "kim.minji")
        t = _t2(s, ids)
        drafts.clear_draft(s, t.id, me.id)
        assert att.draft_files(s, t.id, me.id) == []
        assert s.scalar(select(func.count()).select_from(AttachmentBlob)) == 0


def test_draft_limits_count_the_files_already_waiting(any_db):
    ids = seed_small(any_db)
    with any_db.session() as s:
        me = current_agent(s, "kim.minji")
        t = _t2(s, ids)
        for n in range(att.MAX_FILES):
            att.add_to_draft(s, t.id, me.id, f"page-{n}.txt", f"page {n}".encode())
        with pytest.raises(att.AttachmentRefused) as refused:
            att.add_to_draft(s, t.id, me.id, "one-more.txt", b"eleven")
        assert refused.value.reason == "too_many"
        assert len(att.draft_files(s, t.id, me.id)) == att.MAX_FILES


def test_fetched_content_must_be_the_file_that_was_sent(any_db):
    ids = seed_small(any_db)
    with any_db.session() as s:
        me = current_agent(s, "kim.minji")
        m = tickets.add_message(s, ids["t2"], me, "첨부", attachments=[att.NewFile("a.pdf", PDF)])
        aid = m.attachments[0].id
        s.execute(AttachmentBlob.__table__.delete())  # as on a desk that has only the metadata
    with any_db.session() as s, pytest.raises(att.ContentUnavailable, match="not on this desk"):
        att.read_content(s, aid)
    with any_db.session() as s, pytest.raises(att.ContentUnavailable, match="not the file"):
        att.read_content(s, aid, fetch=lambda _id: b"%PDF-forged")
    with any_db.session() as s:
        assert att.read_content(s, aid, fetch=lambda _id: PDF)[1] == PDF  # and kept
    with any_db.session() as s:
        assert att.read_content(s, aid)[1] == PDF
    with any_db.session() as s, pytest.raises(NotFound):
        att.read_content(s, uuid.uuid4())
