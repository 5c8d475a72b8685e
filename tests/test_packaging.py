"""What the packaged app carries: icons for the three platforms, readable and current."""

from __future__ import annotations

import struct
from pathlib import Path

from PySide6.QtGui import QImage, QImageReader

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"


def test_windows_icon_holds_every_size(qtbot):
    reader = QImageReader(str(ICONS / "agentdesk.ico"))
    assert reader.canRead(), reader.errorString()
    sizes = set()
    for i in range(reader.imageCount()):
        reader.jumpToImage(i)
        sizes.add(reader.read().width())
    assert {16, 32, 48, 256} <= sizes


def test_macos_icon_is_a_well_formed_icns(qtbot):
    data = (ICONS / "agentdesk.icns").read_bytes()
    assert data[:4] == b"icns" and struct.unpack(">I", data[4:8])[0] == len(data)
    pos, kinds = 8, {}
    while pos < len(data):
        kind, length = data[pos:pos + 4], struct.unpack(">I", data[pos + 4:pos + 8])[0]
        image = QImage.fromData(data[pos + 8:pos + length], "PNG")
        kinds[kind] = image.width()
        pos += length
    assert kinds == {b"ic07": 128, b"ic08": 256, b"ic09": 512, b"ic10": 1024}


def test_linux_icon_matches_the_drawn_one(qtbot):
    from agentdesk.ui.kit.icons import app_icon_pixmap

    on_disk = QImage(str(ICONS / "agentdesk.png"))
    drawn = app_icon_pixmap(512).toImage().convertToFormat(on_disk.format())
    assert on_disk.size() == drawn.size()
    # Same drawing (run scripts/icons.py after changing app_icon_pixmap); tiny AA differences allowed.
    assert on_disk.pixelColor(256, 220) == drawn.pixelColor(256, 220)
    assert on_disk.pixelColor(40, 256).name() == drawn.pixelColor(40, 256).name()
