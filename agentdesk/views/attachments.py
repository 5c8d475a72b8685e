"""Attachments in the ticket pane: the composer's tray (Attach…, drag and drop, a pasted
screenshot, chips with their sizes and ✕) and the timeline's files (name, size, an image's
thumbnail; a click previews an image or opens the file, "Save as…" saves it).

Everything slow happens on workers: reading a file, encoding a pasted screenshot, the
database, fetching content from the team server, decoding images. Images are decoded
bounded (``decode_image``): the size in the file's header is checked before any pixel is
decoded, so a small file that claims a gigapixel (a decompression bomb) is never expanded.
Files waiting in the composer belong to the draft (services/attachments.py): they are
there again when the agent comes back to the ticket, and go when the draft is sent or
dropped. Content is opened from a private temporary file (0600 in a 0700 folder), never
under the name a customer gave it.
"""

from __future__ import annotations

import atexit
import functools
import html
import os
import re
import shutil
import tempfile
import uuid
from collections import OrderedDict
from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QEvent, QIODevice, QObject, QPoint, QRect, QSize, Qt, QUrl, \
    Signal, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication, QImage, QImageReader, QImageWriter, QKeySequence, QPixmap, \
    QTextDocument
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QFrame, QHBoxLayout, QLabel, QLayout, QPushButton, \
    QScrollArea, QSizePolicy, QTextBrowser, QToolButton, QVBoxLayout, QWidget, QWidgetItem

from agentdesk.services import attachments as store
from agentdesk.services.attachments import AttachmentRow, PendingAttachment
from agentdesk.services.pii import mask_pii
from agentdesk.ui.kit import errors
from agentdesk.ui.kit.reads import LatestReads
from agentdesk.ui.kit.tasks import AppContext

# Decoding: at most 40 megapixels (a phone camera's photo is 12-50), read from the header
# before decoding; Qt's own allocation limit as the second guard.
MAX_PIXELS = 40_000_000
ALLOCATION_LIMIT_MB = 192
THUMB_BOX = QSize(240, 160)
THUMB_CACHE = 200  # thumbnails kept per pane (a few MB)
THUMB_SCHEME = "attachment-thumb"
LINK_SCHEME = "attachment"


# --- decoding (any thread) ----------------------------------------------------------------------
def decode_image(data: bytes, box: QSize | None = None) -> QImage | None:
    """The image in ``data``, scaled to fit ``box`` while decoding; None when it is not an
    image Qt reads, or claims more than MAX_PIXELS (nothing is decoded then). Safe on a
    worker thread (QImage, not QPixmap)."""
    buf = QBuffer()
    buf.setData(QByteArray(data))
    buf.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buf)
    reader.setAllocationLimit(ALLOCATION_LIMIT_MB)
    reader.setAutoTransform(True)  # a phone photo's EXIF orientation
    if not reader.canRead():
        return None
    size = reader.size()
    if not size.isValid() or size.width() * size.height() > MAX_PIXELS:
        return None
    if box is not None and (size.width() > box.width() or size.height() > box.height()):
        reader.setScaledSize(size.scaled(box, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    return None if image.isNull() else image


def png_bytes(image: QImage) -> bytes:
    """A pasted screenshot as PNG (on a worker: a full-screen PNG takes ~100 ms)."""
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buf, QByteArray(b"png"))
    writer.write(image)
    return bytes(buf.data().data())


def screenshot_name(now: datetime | None = None) -> str:
    return f"screenshot-{(now or datetime.now()).astimezone():%Y-%m-%d-%H%M}.png"


class FileUnreadable(store.InvalidValue):
    """A file the agent picked that cannot be read (gone, no permission, a folder)."""


def _read_file(path: str) -> tuple[str, bytes]:
    """(name, bytes) of a file picked or dropped; its size is checked before it is read, so
    a 4 GB video is refused without reading it."""
    name = os.path.basename(path)
    try:
        size = os.stat(path).st_size
        if size > store.MAX_FILE_BYTES:
            store.check_file(name, size, "application/octet-stream")
        with open(path, "rb") as fh:
            return name, fh.read(store.MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise FileUnreadable(QCoreApplication.translate("Attachments", "%1 could not be read: %2").replace("%1", name)
                             .replace("%2", exc.strerror or type(exc).__name__)) from None


# --- the composer's tray ------------------------------------------------------------------------
class FlowLayout(QLayout):
    """Chips left to right, wrapping to the next line (Qt's flow layout example)."""

    def __init__(self, parent=None, spacing: int = 6):
        super().__init__(parent)
        self._items: list = []
        self.setSpacing(spacing)
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item) -> None:  # noqa: N802 - Qt override
        self._items.append(item)

    def addWidget(self, widget) -> None:  # noqa: N802 - Qt override
        self.addChildWidget(widget)
        self.addItem(QWidgetItem(widget))
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int):  # noqa: N802 - Qt override
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int):  # noqa: N802 - Qt override
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self):  # noqa: N802 - Qt override
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect) -> None:  # noqa: N802 - Qt override
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt override
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _place(self, rect, move: bool) -> int:
        x, y, line = rect.x(), rect.y(), 0
        gap = self.spacing()
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > rect.right() + 1 and line > 0:
                x, y, line = rect.x(), y + line + gap, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + gap
            line = max(line, hint.height())
        return y + line - rect.y()


class AttachmentChip(QFrame):
    """One file waiting to be sent: its kind, name, size, and ✕ to take it out."""

    removeRequested = Signal(object)  # the PendingAttachment

    def __init__(self, pending: PendingAttachment, parent=None):
        super().__init__(parent)
        self.pending = pending
        self.setObjectName("attachmentChip")
        self.setStyleSheet("#attachmentChip { background: #eef2ff; border: 1px solid #c7d2fe; border-radius: 10px; }")
        name = mask_pii(pending.filename)
        glyph = QLabel("▦" if pending.previewable else "▤")
        glyph.setStyleSheet("color: #4f46e5;")
        self.name = QLabel(objectName="chipName")
        self.name.setText(self.fontMetrics().elidedText(name, Qt.TextElideMode.ElideMiddle, 140))
        size = QLabel(store.describe_size(pending.size), objectName="chipSize")
        size.setStyleSheet("color: #64748b;")
        self.remove = QToolButton(objectName="removeAttachment", text="✕")
        self.remove.setAutoRaise(True)
        self.remove.setStyleSheet("QToolButton { border: none; padding: 0 3px; color: #475569; }")
        self.remove.setToolTip(self.tr("Remove this file"))
        self.remove.clicked.connect(self._remove)
        self.setToolTip(f"{name}\n{pending.mime_type} · {store.describe_size(pending.size)}")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 2, 2, 2)
        lay.setSpacing(5)
        lay.addWidget(glyph)
        lay.addWidget(self.name)
        lay.addWidget(size)
        lay.addWidget(self.remove)

    @Slot()
    def _remove(self) -> None:
        self.removeRequested.emit(self.pending)


class AttachmentTray(QWidget):
    """The files of the composer's draft, under the text: chips, and a line when a file is
    refused. ``attach_button`` goes in the composer's bar; ``watch(composer)`` takes a
    pasted screenshot and dropped files from the text box."""

    changed = Signal()  # the files waiting changed

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("attachmentTray")
        self.ticket_id = None
        self.pending: list[PendingAttachment] = []
        self._reads = LatestReads(self, ctx.runner)
        self.attach_button = QPushButton(self.tr("Attach…"), objectName="attachButton")
        self.attach_button.setToolTip(self.tr("Attach files (or drop them here, or paste a screenshot with Ctrl+V); "
                                              "at most %1 files, %2 each, %3 together")
                                      .replace("%1", str(store.MAX_FILES))
                                      .replace("%2", store.describe_size(store.MAX_FILE_BYTES))
                                      .replace("%3", store.describe_size(store.MAX_MESSAGE_BYTES)))
        self.attach_button.clicked.connect(self.choose_files)
        self.chips = QWidget(objectName="attachmentChips")
        self.flow = FlowLayout(self.chips)
        self.notice = QLabel(objectName="attachmentNotice", wordWrap=True)
        self.notice.setStyleSheet("color: #b91c1c; font-size: small;")
        self.notice.hide()
        # Under the text, as in Zendesk's composer: the button, then the chips wrapping after
        # it in the same flow (the bar above has no room to spare on a 1366-pixel screen).
        self.flow.addWidget(self.attach_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 4, 0, 0)
        lay.setSpacing(4)
        lay.addWidget(self.chips)
        lay.addWidget(self.notice)
        self.setAcceptDrops(True)
        self._show_chips()

    # --- which draft -----------------------------------------------------------------------
    def set_ticket(self, ticket_id) -> None:
        """The draft of this ticket: its waiting files, read on a worker."""
        self.ticket_id = ticket_id
        self.pending = []
        self._say("")
        self._show_chips()
        agent_id = self.ctx.agent.id
        self._reads.read("draft", lambda s: (ticket_id, store.draft_files(s, ticket_id, agent_id)), self._loaded)

    @Slot(object)
    def _loaded(self, result) -> None:
        ticket_id, files = result
        if ticket_id == self.ticket_id:
            self.pending = list(files)
            self._show_chips()

    def pending_ids(self) -> list:
        return [p.id for p in self.pending]

    def sent(self) -> None:
        """The files went with the message (the draft's rows left in the same write)."""
        self.pending = []
        self._say("")
        self._show_chips()

    # --- adding ----------------------------------------------------------------------------
    @staticmethod
    def ask_files(parent) -> list[str]:
        """The files to attach (a file dialog); tests replace this (no modal in tests)."""
        paths, _filter = QFileDialog.getOpenFileNames(parent, QCoreApplication.translate("AttachmentTray",
                                                                                         "Attach files"))
        return paths

    @Slot()
    def choose_files(self, *_args) -> None:
        if self.ticket_id is None:
            return
        paths = self.ask_files(self)
        if paths:
            self.attach_paths(paths)

    def attach_paths(self, paths: Sequence[str]) -> None:
        """Reads, checks and stores each file in the draft (one write, in order)."""
        tid, aid = self.ticket_id, self.ctx.agent.id
        if tid is None:
            return
        for path in paths:
            self.ctx.runner.write(functools.partial(_add_file, tid, aid, path), self._added, self._refused)

    def attach_image(self, image: QImage) -> None:
        """A pasted screenshot, as a PNG named for the minute it was taken."""
        tid, aid = self.ticket_id, self.ctx.agent.id
        if tid is None or image.isNull():
            return
        self.ctx.runner.write(functools.partial(_add_image, tid, aid, QImage(image), screenshot_name()),
                              self._added, self._refused)

    @Slot(object)
    def _added(self, result) -> None:
        ticket_id, pending = result
        if ticket_id != self.ticket_id:
            return  # the agent moved on; it waits in that ticket's draft
        self.pending.append(pending)
        self._say("")
        self._show_chips()

    @Slot(object)
    def _refused(self, exc) -> None:
        self._say(errors.message(exc))

    # --- removing --------------------------------------------------------------------------
    @Slot(object)
    def remove(self, pending: PendingAttachment) -> None:
        tid, aid = self.ticket_id, self.ctx.agent.id
        self.pending = [p for p in self.pending if p.id != pending.id]
        self._say("")
        self._show_chips()
        self.ctx.runner.write(lambda s: store.remove_from_draft(s, tid, aid, pending.id), None, self._refused)

    # --- showing ---------------------------------------------------------------------------
    def _say(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def _show_chips(self) -> None:
        while self.flow.count() > 1:  # the first item is the Attach… button
            item = self.flow.takeAt(1)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()
        for p in self.pending:
            chip = AttachmentChip(p, self.chips)
            chip.removeRequested.connect(self.remove)
            self.flow.addWidget(chip)
        self._fit_chips()
        self.changed.emit()

    def _fit_chips(self) -> None:
        # The rows the chips wrap to, as the composer's minimum: the splitter then takes the
        # room from the timeline instead of cutting the chips off.
        self.chips.setMinimumHeight(self.flow.heightForWidth(max(self.chips.width(), 200)))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit_chips()

    # --- the text box: paste and drop -------------------------------------------------------
    def watch(self, composer) -> None:
        """Ctrl+V of an image (or of copied files) attaches it; files dropped on the text
        attach. Text pastes and drops behave as before."""
        composer.installEventFilter(self)
        composer.viewport().installEventFilter(self)
        self._composer = composer

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        if not self.isEnabled():  # a merged ticket's read-only composer takes no files
            return super().eventFilter(obj, event)
        kind = event.type()
        if kind == QEvent.Type.KeyPress and event.matches(QKeySequence.StandardKey.Paste):
            return self._paste()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and _local_files(event.mimeData()):
            event.acceptProposedAction()
            return True
        if kind == QEvent.Type.Drop and _local_files(event.mimeData()):
            event.acceptProposedAction()
            self.attach_paths(_local_files(event.mimeData()))
            return True
        return super().eventFilter(obj, event)

    def _paste(self) -> bool:
        data = QGuiApplication.clipboard().mimeData()
        if data is None or self.ticket_id is None:
            return False
        if data.hasImage():
            self.attach_image(QImage(QGuiApplication.clipboard().image()))
            return True
        files = _local_files(data)
        if files:
            self.attach_paths(files)
            return True
        return False  # text: the text box pastes it

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt override
        if _local_files(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt override
        files = _local_files(event.mimeData())
        if files:
            event.acceptProposedAction()
            self.attach_paths(files)


def _local_files(mime) -> list[str]:
    if mime is None or not mime.hasUrls():
        return []
    return [u.toLocalFile() for u in mime.urls() if u.isLocalFile() and os.path.isfile(u.toLocalFile())]


# Worker functions (the write lane): module level, so no closure holds the pane.
def _add_file(ticket_id, agent_id, path: str, session):
    name, data = _read_file(path)
    return ticket_id, store.add_to_draft(session, ticket_id, agent_id, name, data)


def _add_image(ticket_id, agent_id, image: QImage, name: str, session):
    return ticket_id, store.add_to_draft(session, ticket_id, agent_id, name, png_bytes(image))


# --- the timeline ---------------------------------------------------------------------------------
def attachments_html(files: Sequence[AttachmentRow]) -> str:
    """A message's files in its bubble: an image's thumbnail (once decoded; see
    TimelineAttachments), then per file its name (a link that opens it), size and
    "Save as…". Names are masked like other text."""
    if not files:
        return ""
    parts = []
    save = QCoreApplication.translate("Attachments", "Save as…")
    for f in files:
        name = html.escape(mask_pii(f.filename))
        open_link = f"{LINK_SCHEME}:open/{f.id}"
        if f.previewable:
            parts.append(f'<a href="{open_link}"><img src="{THUMB_SCHEME}:{f.id}"></a><br>')
        glyph = "▦" if f.previewable else "▤"
        parts.append(f'<span style="color:#4f46e5">{glyph}</span> <a href="{open_link}">{name}</a>'
                     f' <span style="color:#64748b">· {html.escape(store.describe_size(f.size))} · </span>'
                     f'<a href="{LINK_SCHEME}:save/{f.id}" style="color:#64748b">{html.escape(save)}</a><br>')
    return '<div style="margin-top:6px">' + "".join(parts) + "</div>"


class TimelineAttachments(QObject):
    """The files of the pane's timeline: thumbnails decoded on workers and given to the
    document as image resources (kept across renders, bounded), and clicks on a file's
    links: preview an image, open another file, save a copy."""

    failed = Signal(str)

    def __init__(self, ctx: AppContext, timeline: QTextBrowser, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.timeline = timeline
        self._reads = LatestReads(self, ctx.runner)
        self._thumbs: OrderedDict[uuid.UUID, QImage] = OrderedDict()
        self._rows: dict[uuid.UUID, AttachmentRow] = {}
        self._follow_end = False
        timeline.anchorClicked.connect(self._clicked)
        timeline.verticalScrollBar().rangeChanged.connect(self._range_changed)

    # --- thumbnails -----------------------------------------------------------------------
    def rendered(self, messages) -> None:
        """After the timeline's HTML was set: thumbnails of its images, from the cache or
        decoded now (each once, newest request per file)."""
        doc = self.timeline.document()
        for m in messages:
            for f in m.attachments:
                self._rows[f.id] = f
                if not f.previewable:
                    continue
                if f.id in self._thumbs:
                    self._thumbs.move_to_end(f.id)
                    doc.addResource(QTextDocument.ResourceType.ImageResource, _thumb_url(f.id), self._thumbs[f.id])
                elif not self._reads.pending(("thumb", f.id)):
                    self._reads.read(("thumb", f.id), functools.partial(_thumbnail, f.id, _fetcher(self.ctx)),
                                     self._thumb_ready, self._thumb_failed)

    @Slot(object)
    def _thumb_ready(self, result) -> None:
        attachment_id, image = result
        if image is None:
            image = QImage(1, 1, QImage.Format.Format_ARGB32)  # no preview: nothing drawn, the name stays
            image.fill(Qt.GlobalColor.transparent)
        self._thumbs[attachment_id] = image
        while len(self._thumbs) > THUMB_CACHE:
            self._thumbs.popitem(last=False)
        bar = self.timeline.verticalScrollBar()
        # At the newest message before the picture grew the page: still there after it (the
        # new range arrives with the relayout, so the scroll waits for it).
        self._follow_end = self._follow_end or bar.value() >= bar.maximum() - 4
        doc = self.timeline.document()
        doc.addResource(QTextDocument.ResourceType.ImageResource, _thumb_url(attachment_id), image)
        doc.markContentsDirty(0, doc.characterCount())

    @Slot(int, int)
    def _range_changed(self, _low: int, high: int) -> None:
        if self._follow_end:
            self._follow_end = False
            self.timeline.verticalScrollBar().setValue(high)

    @Slot(object)
    def _thumb_failed(self, exc) -> None:
        pass  # the file's name and links stay; opening it says why it cannot be read

    def thumbnail(self, attachment_id) -> QImage | None:
        return self._thumbs.get(attachment_id)

    # --- clicks ------------------------------------------------------------------------------
    @Slot(QUrl)
    def _clicked(self, url: QUrl) -> None:
        if url.scheme() != LINK_SCHEME:
            return
        action, _, ref = url.path().partition("/")
        try:
            attachment_id = uuid.UUID(ref)
        except ValueError:
            return
        if action == "open":
            self.open(attachment_id)
        elif action == "save":
            self.save_as(attachment_id)

    def open(self, attachment_id) -> None:
        """An image: the preview; any other file: a private copy opened by the system."""
        row = self._rows.get(attachment_id)
        fetch = _fetcher(self.ctx)
        if row is not None and row.previewable:
            self._reads.read(("open", attachment_id), functools.partial(_preview, attachment_id, fetch),
                             self._show_preview, self._failed)
        else:
            self._reads.read(("open", attachment_id), functools.partial(_private_copy, attachment_id, fetch),
                             self._open_copy, self._failed)

    @Slot(object)
    def _show_preview(self, result) -> None:
        row, image = result
        if image is None:  # not an image Qt reads, or too large to decode: open it as a file
            self._reads.read(("open", row.id), functools.partial(_private_copy, row.id, _fetcher(self.ctx)),
                             self._open_copy, self._failed)
            return
        self.show_image(self.timeline, row, image, self)

    @Slot(object)
    def _open_copy(self, path: str) -> None:
        if not self.open_file(path):
            self.failed.emit(self.tr("No program here opens this kind of file; use Save as…"))

    def save_as(self, attachment_id) -> None:
        row = self._rows.get(attachment_id)
        path = self.ask_save_path(self.timeline, mask_pii(row.filename) if row is not None else "attachment")
        if not path:
            return
        fetch = _fetcher(self.ctx)
        self._reads.read(("save", attachment_id), functools.partial(_save_copy, attachment_id, fetch, path),
                         self._saved, self._failed)

    @Slot(object)
    def _saved(self, path: str) -> None:
        self.failed.emit(self.tr("Saved %1").replace("%1", path))

    @Slot(object)
    def _failed(self, exc) -> None:
        self.failed.emit(errors.message(exc))

    # --- seams (tests replace these: no modal, no other program) --------------------------------
    @staticmethod
    def show_image(parent, row: AttachmentRow, image: QImage, owner: TimelineAttachments) -> None:
        dialog = ImagePreview(row, image, owner, parent)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()

    @staticmethod
    def open_file(path: str) -> bool:
        return QDesktopServices.openUrl(QUrl.fromLocalFile(path))

    @staticmethod
    def ask_save_path(parent, suggested: str) -> str | None:
        start = os.path.join(os.path.expanduser("~"), store.clean_filename(suggested))
        path, _filter = QFileDialog.getSaveFileName(parent, QCoreApplication.translate("TimelineAttachments",
                                                                                       "Save attachment"), start)
        return path or None


class ImagePreview(QDialog):
    """An image attachment at a size that fits the screen, with Save as…."""

    def __init__(self, row: AttachmentRow, image: QImage, owner: TimelineAttachments, parent=None):
        super().__init__(parent)
        self.row, self.owner = row, owner
        self.setObjectName("imagePreview")
        self.setWindowTitle(mask_pii(row.filename))
        picture = QLabel(objectName="previewImage", alignment=Qt.AlignmentFlag.AlignCenter)
        picture.setPixmap(QPixmap.fromImage(image))
        scroll = QScrollArea()
        scroll.setWidget(picture)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        caption = QLabel(f"{html.escape(mask_pii(row.filename))} · {store.describe_size(row.size)} · "
                         f"{image.width()} x {image.height()}")
        caption.setStyleSheet("color: #64748b;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        save = buttons.addButton(self.tr("Save as…"), QDialogButtonBox.ButtonRole.ActionRole)
        save.clicked.connect(self._save)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(scroll, 1)
        lay.addWidget(caption)
        lay.addWidget(buttons)
        screen = (parent.screen() if parent is not None else QGuiApplication.primaryScreen()).availableGeometry()
        self.resize(min(image.width() + 40, int(screen.width() * 0.9)), min(image.height() + 100,
                                                                            int(screen.height() * 0.9)))
        scroll.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    @Slot()
    def _save(self) -> None:
        self.owner.save_as(self.row.id)


def _thumb_url(attachment_id) -> QUrl:
    return QUrl(f"{THUMB_SCHEME}:{attachment_id}")


def _fetcher(ctx: AppContext):
    """On a team desk, content not here yet comes from the team server (and is kept);
    a failure there is one line, not a crash."""
    sync = getattr(ctx, "sync", None)
    if sync is None:
        return None
    transport = sync.client.transport

    def fetch(attachment_id) -> bytes:
        try:
            return transport.fetch_attachment(attachment_id)
        except Exception as exc:  # noqa: BLE001 - offline, signed out, refused: the agent is told
            first = (str(exc).splitlines() or [type(exc).__name__])[0]
            raise store.ContentUnavailable(QCoreApplication.translate(
                "Attachments", "The file could not be fetched from the team server: %1").replace("%1", first)) from None

    return fetch


# Worker functions (the read pool).
def _thumbnail(attachment_id, fetch, session):
    _row, data = store.read_content(session, attachment_id, fetch)
    return attachment_id, decode_image(data, THUMB_BOX)


def _preview(attachment_id, fetch, session):
    row, data = store.read_content(session, attachment_id, fetch)
    return row, decode_image(data, QSize(2400, 1600))


_private_dir: str | None = None


def private_dir() -> str:
    """This run's folder for opened attachments: 0700, removed when AgentDesk exits."""
    global _private_dir
    if _private_dir is None or not os.path.isdir(_private_dir):
        _private_dir = tempfile.mkdtemp(prefix="agentdesk-files-")  # 0700 by mkdtemp
        atexit.register(shutil.rmtree, _private_dir, ignore_errors=True)
    return _private_dir


def _write_private(path: str, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.chmod(path, 0o600)  # an existing file chosen in Save as… is made private too


def _private_copy(attachment_id, fetch, session) -> str:
    """The content in a private file named by a random id (never the customer's name: a
    name is not a path); the extension kept so the system picks the right program."""
    row, data = store.read_content(session, attachment_id, fetch)
    ext = store.extension(row.filename)
    suffix = "." + ext if re.fullmatch(r"[a-z0-9]{1,10}", ext or "-") else ""
    path = os.path.join(private_dir(), f"{uuid.uuid4().hex}{suffix}")
    _write_private(path, data)
    return path


def _save_copy(attachment_id, fetch, path: str, session) -> str:
    _row, data = store.read_content(session, attachment_id, fetch)
    try:
        _write_private(path, data)
    except OSError as exc:
        why = exc.strerror or type(exc).__name__
        raise FileUnreadable(QCoreApplication.translate("Attachments", "Not saved: %1").replace("%1", why)) from None
    return path
