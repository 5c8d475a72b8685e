"""Writes the application icons for the three desktop platforms from the drawn app icon:
resources/icons/agentdesk.png (Linux), agentdesk.ico (Windows), agentdesk.icns (macOS).

ICO and ICNS are written by hand (both are a small header plus PNG images): Qt has no
ICNS writer off macOS, and the format is simpler than another dependency.
Usage: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/icons.py
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "resources" / "icons"

ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_TYPES = ((b"ic07", 128), (b"ic08", 256), (b"ic09", 512), (b"ic10", 1024))


def png_bytes(size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    from agentdesk.ui.kit.icons import app_icon_pixmap

    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.WriteOnly)
    app_icon_pixmap(size).save(buf, "PNG")
    buf.close()
    return bytes(data)


def ico(images: dict[int, bytes]) -> bytes:
    """ICONDIR + one ICONDIRENTRY per size, PNG payloads (Windows Vista and later)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries, payload = b"", b""
    for size, png in sorted(images.items()):
        dim = 0 if size >= 256 else size  # 0 means 256 in ICO
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(png), offset + len(payload))
        payload += png
    return header + entries + payload


def icns(images: list[tuple[bytes, bytes]]) -> bytes:
    body = b"".join(kind + struct.pack(">I", 8 + len(png)) + png for kind, png in images)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    from agentdesk.ui import app as appmod

    appmod.make_application()  # fonts registered: the glyph is drawn with the bundled font
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "agentdesk.png").write_bytes(png_bytes(512))
    (OUT / "agentdesk.ico").write_bytes(ico({s: png_bytes(s) for s in ICO_SIZES}))
    (OUT / "agentdesk.icns").write_bytes(icns([(kind, png_bytes(size)) for kind, size in ICNS_TYPES]))
    for name in ("agentdesk.png", "agentdesk.ico", "agentdesk.icns"):
        print(f"wrote resources/icons/{name} ({(OUT / name).stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
