"""Attachments in the ticket pane, with real widgets on a real SQLite workspace (issue 12):
Attach… (through the ask seam), a pasted screenshot, dropped files, chips with ✕, the
files kept with the draft across tickets, sent with the reply and shown in the timeline
with a thumbnail; opening an image previews it, another file opens from a private copy;
a decompression bomb is never decoded."""

from __future__ import annotations

import os
import stat
import struct
import zlib

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication

from agentdesk.services import attachments as att
from agentdesk.services import tickets
from agentdesk.services.common import current_agent
from agentdesk.views import attachments as view
from agentdesk.views.attachments import AttachmentTray, TimelineAttachments
from tests.factories import seed_small
from tests.test_attachments_service import PDF, png
from tests.test_view_inbox_ticket import _ticket
from tests.uihelpers import settle


@pytest.fixture
def files(tmp_path):
    pdf = tmp_path / "카드 명세서.pdf"
    pdf.write_bytes(PDF)
    image = tmp_path / "receipt.png"
    image.write_bytes(png(640, 480))
    return {"pdf": str(pdf), "png": str(image)}


def _open(qtbot, db, ticket):
    ctx, pane = _ticket(qtbot, db)
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        pane.show_ticket(str(ticket))
    settle(ctx.runner)
    return ctx, pane


def _chip_names(pane) -> list[str]:
    return [p.filename for p in pane.attachments.pending]


def _visible_chips(pane):
    from agentdesk.views.attachments import AttachmentChip

    return [c for c in pane.attachments.chips.findChildren(AttachmentChip) if not c.isHidden()]


def bomb_png(width: int = 100_000, height: int = 100_000) -> bytes:
    """A PNG whose header claims width x height pixels (40 GB of RGBA) in a few bytes."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00" * 1024)) + chunk(b"IEND", b""))


def test_attach_paste_remove_and_the_files_stay_with_the_draft(qtbot, sqlite_db, files, monkeypatch):
    ids = seed_small(sqlite_db)
    ctx, pane = _open(qtbot, sqlite_db, ids["t2"])
    monkeypatch.setattr(AttachmentTray, "ask_files", staticmethod(lambda parent: [files["pdf"], files["png"]]))
    qtbot.mouseClick(pane.attachments.attach_button, Qt.MouseButton.LeftButton)
    settle(ctx.runner)
    assert _chip_names(pane) == ["카드 명세서.pdf", "receipt.png"]
    chips = _visible_chips(pane)
    assert len(chips) == 2 and chips[0].findChild(type(chips[0].name), "chipSize").text() == att.describe_size(len(PDF))
    # A screenshot on the clipboard, Ctrl+V in the composer: a PNG named for the minute.
    shot = QImage(320, 200, QImage.Format.Format_RGB32)
    shot.fill(QColor("#2563eb"))
    QGuiApplication.clipboard().setImage(shot)
    pane.composer.setFocus()
    qtbot.keyClick(pane.composer, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    settle(ctx.runner)
    names = _chip_names(pane)
    assert len(names) == 3 and names[2].startswith("screenshot-") and names[2].endswith(".png")
    assert pane.composer.toPlainText() == ""  # the image went to the tray, not into the text
    # Text still pastes as text.
    QGuiApplication.clipboard().setText("한도 안내")
    qtbot.keyClick(pane.composer, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert pane.composer.toPlainText() == "한도 안내"
    # ✕ takes one out.
    receipt = next(c for c in _visible_chips(pane) if c.pending.filename == "receipt.png")
    qtbot.mouseClick(receipt.remove, Qt.MouseButton.LeftButton)
    settle(ctx.runner)
    assert _chip_names(pane) == ["카드 명세서.pdf", names[2]]
    # Another ticket, and back: the draft's files are there again.
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        pane.show_ticket(str(ids["t3"]))
    settle(ctx.runner)
    assert _chip_names(pane) == [] and not _visible_chips(pane)
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        pane.show_ticket(str(ids["t2"]))
    settle(ctx.runner)
    assert _chip_names(pane) == ["카드 명세서.pdf", names[2]]
    with sqlite_db.session() as s:
        t = tickets.resolve_ticket(s, ids["t2"])
        assert [p.filename for p in att.draft_files(s, t.id, ctx.agent.id)] == _chip_names(pane)


def test_dropped_files_attach_and_refusals_say_one_line(qtbot, sqlite_db, files, tmp_path, monkeypatch):
    ids = seed_small(sqlite_db)
    ctx, pane = _open(qtbot, sqlite_db, ids["t2"])
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(files["pdf"])])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(pane.composer.viewport(), enter)  # a drop goes where its drag was accepted
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(pane.composer.viewport(), drop)
    settle(ctx.runner)
    assert _chip_names(pane) == ["카드 명세서.pdf"] and pane.composer.toPlainText() == ""
    program = tmp_path / "setup.exe"
    program.write_bytes(b"MZ" + b"\x00" * 100)
    huge = tmp_path / "video.mp4"
    with open(huge, "wb") as fh:  # sparse: 21 MB that are never read
        fh.truncate(att.MAX_FILE_BYTES + 1024 * 1024)
    for path, said in ((program, "program and script files (.exe) are not accepted"),
                       (huge, "it is 21.0 MB, a file may be at most 20.0 MB")):
        monkeypatch.setattr(AttachmentTray, "ask_files", staticmethod(lambda parent, p=path: [str(p)]))
        pane.attachments.choose_files()
        settle(ctx.runner)
        assert pane.attachments.notice.isVisible() and said in pane.attachments.notice.text()
        assert "\n" not in pane.attachments.notice.text()
    assert _chip_names(pane) == ["카드 명세서.pdf"]  # nothing refused got in


def test_sent_files_show_in_the_timeline_and_open(qtbot, sqlite_db, files, monkeypatch):
    ids = seed_small(sqlite_db)
    ctx, pane = _open(qtbot, sqlite_db, ids["t2"])
    monkeypatch.setattr(AttachmentTray, "ask_files", staticmethod(lambda parent: [files["png"], files["pdf"]]))
    pane.attachments.choose_files()
    settle(ctx.runner)
    pane.composer.setFocus()
    pane.send()
    assert pane.draft_state.text() == "Write a few words to go with the files"
    pane.composer.setPlainText("영수증과 명세서 보내 드립니다.")
    with qtbot.waitSignal(pane.messageSent, timeout=5000) as sent:
        pane.send()
    settle(ctx.runner)
    assert _chip_names(pane) == [] and not _visible_chips(pane)
    files_sent = sent.args[0].attachments
    assert [f.filename for f in files_sent] == ["receipt.png", "카드 명세서.pdf"]
    image_id, pdf_id = files_sent[0].id, files_sent[1].id
    shown = pane.timeline.toHtml()
    assert "receipt.png" in shown and "카드 명세서.pdf" in shown and "Save as…" in shown
    thumb = pane.timeline_files.thumbnail(image_id)
    assert thumb is not None and (thumb.width(), thumb.height()) == (213, 160)  # 640x480 into 240x160
    assert pane.timeline_files.thumbnail(pdf_id) is None
    # An image opens in the preview (the seam stands for the dialog).
    previews = []
    monkeypatch.setattr(TimelineAttachments, "show_image",
                        staticmethod(lambda parent, row, image, owner: previews.append((row.filename, image.size()))))
    pane.timeline.anchorClicked.emit(QUrl(f"attachment:open/{image_id}"))
    settle(ctx.runner)
    assert [(name, (size.width(), size.height())) for name, size in previews] == [("receipt.png", (640, 480))]
    # Another file: a private copy handed to the system's program for it.
    opened = []
    monkeypatch.setattr(TimelineAttachments, "open_file", staticmethod(lambda path: opened.append(path) or True))
    pane.timeline.anchorClicked.emit(QUrl(f"attachment:open/{pdf_id}"))
    settle(ctx.runner)
    assert len(opened) == 1 and opened[0].endswith(".pdf") and "명세서" not in opened[0]
    assert open(opened[0], "rb").read() == PDF
    assert stat.S_IMODE(os.stat(opened[0]).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(os.path.dirname(opened[0])).st_mode) == 0o700
    # Save as…: where the agent chose, private too.
    target = os.path.join(os.path.dirname(files["pdf"]), "saved copy.pdf")
    monkeypatch.setattr(TimelineAttachments, "ask_save_path", staticmethod(lambda parent, name: target))
    pane.timeline.anchorClicked.emit(QUrl(f"attachment:save/{pdf_id}"))
    settle(ctx.runner)
    assert open(target, "rb").read() == PDF and stat.S_IMODE(os.stat(target).st_mode) == 0o600


def test_a_decompression_bomb_is_never_decoded(qtbot, sqlite_db):
    bomb = bomb_png()
    assert len(bomb) < 200 and view.decode_image(bomb, view.THUMB_BOX) is None
    assert view.decode_image(bomb) is None
    ordinary = view.decode_image(png(50, 40), view.THUMB_BOX)
    assert ordinary is not None and ordinary.size().width() == 50  # smaller than the box: as it is
    ids = seed_small(sqlite_db)
    with sqlite_db.session() as s:
        me = current_agent(s, "kim.minji")
        m = tickets.add_message(s, ids["t2"], me, "사진", kind="note", attachments=[att.NewFile("photo.png", bomb)])
    assert m.attachments[0].previewable  # it says it is a PNG …
    ctx, pane = _open(qtbot, sqlite_db, ids["t2"])
    settle(ctx.runner)
    thumb = pane.timeline_files.thumbnail(m.attachments[0].id)
    assert thumb is not None and (thumb.width(), thumb.height()) == (1, 1)  # … and gets no preview
    assert "photo.png" in pane.timeline.toHtml()


def test_file_names_in_the_timeline_are_masked(qapp):
    import uuid
    from datetime import UTC, datetime

    from agentdesk.views.ticket import message_html

    f = att.AttachmentRow(uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), "card 4111 1111 1111 1111.pdf",
                          "application/pdf", 2048, "0" * 64, datetime(2026, 12, 5, tzinfo=UTC))
    row = tickets.MessageRow(uuid.uuid4(), 1001, "internal", "note", "email", "첨부", "김민지",
                             datetime(2026, 12, 5, tzinfo=UTC), (f,))
    shown = message_html(row, 1001)
    assert "4111 **** **** 1111.pdf" in shown and "1111 1111 1111" not in shown and "2 KB" in shown


def test_a_team_desk_fetches_content_on_demand_and_says_so_when_it_cannot(qtbot, sqlite_db):
    """On a team desk the timeline's thumbnail (and a click) fetches the content through the
    sync client's transport, keeps it, and a failure there is one line, never a crash."""
    from types import SimpleNamespace

    from PySide6.QtWidgets import QTextBrowser

    from agentdesk.models import AttachmentBlob
    from tests.uihelpers import make_ctx

    ids = seed_small(sqlite_db)
    image = png(300, 200)
    with sqlite_db.session() as s:
        me = current_agent(s, "kim.minji")
        m = tickets.add_message(s, ids["t2"], me, "사진", kind="note", attachments=[att.NewFile("a.png", image),
                                                                                    att.NewFile("b.pdf", PDF)])
        s.execute(AttachmentBlob.__table__.delete())  # pulled metadata only, as on a colleague's desk
    asked = []

    class Transport:
        ok = True

        def fetch_attachment(self, attachment_id):
            asked.append(attachment_id)
            if not self.ok:
                raise ConnectionError("the team server at https://team.example cannot be reached")
            return image

    transport = Transport()
    ctx = make_ctx(sqlite_db)
    ctx.sync = SimpleNamespace(client=SimpleNamespace(transport=transport))
    browser = QTextBrowser()
    qtbot.addWidget(browser)
    files = TimelineAttachments(ctx, browser)
    files.rendered([m])
    settle(ctx.runner)
    assert asked == [m.attachments[0].id] and files.thumbnail(m.attachments[0].id).width() == 240
    with sqlite_db.session() as s:
        assert att.read_content(s, m.attachments[0].id)[1] == image  # kept
    transport.ok = False
    with qtbot.waitSignal(files.failed, timeout=5000) as said:
        files.open(m.attachments[1].id)
    assert said.args[0] == ("The file could not be fetched from the team server: "
                            "the team server at https://team.example cannot be reached")
