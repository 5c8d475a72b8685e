"""Icons drawn at run time: crisp at any DPI, no image files to keep in step."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap

CHANNEL_STYLE = {
    # channel: (colour, glyph)
    "email": ("#3b82f6", "✉"),
    "chat": ("#10b981", "…"),  # emoji glyphs are missing from the bundled font
    "phone": ("#8b5cf6", "☎"),
    "sms": ("#f59e0b", "✆"),
    "social": ("#ec4899", "#"),
    "web": ("#64748b", "◍"),
}
PRIORITY_COLOR = {"urgent": "#dc2626", "high": "#f97316", "normal": "#3b82f6", "low": "#94a3b8"}
STATUS_COLOR = {"new": "#f59e0b", "open": "#ef4444", "pending": "#3b82f6", "on_hold": "#475569",
                "solved": "#16a34a", "closed": "#6b7280"}
SLA_COLOR = {"ok": "#15803d", "at_risk": "#d97706", "breached": "#dc2626", "none": "#6b7280"}


def _canvas(size: int, color: str) -> tuple[QPixmap, QPainter]:
    """A transparent square and a painter filling shapes with `color`."""
    pm = QPixmap(size, size)
    pm.fill(Qt.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.Antialiasing)
    p.setPen(Qt.NoPen)
    p.setBrush(QColor(color))
    return pm, p


@lru_cache(maxsize=64)
def badge_icon(color: str, glyph: str, size: int = 32) -> QIcon:
    pm, p = _canvas(size, color)
    p.drawRoundedRect(QRectF(1, 1, size - 2, size - 2), size / 4, size / 4)
    p.setPen(QColor("white"))
    f = QFont()
    f.setPixelSize(int(size * 0.55))
    f.setBold(True)
    p.setFont(f)
    p.drawText(QRectF(0, 0, size, size), Qt.AlignCenter, glyph)
    p.end()
    return QIcon(pm)


def channel_icon(channel: str) -> QIcon:
    color, glyph = CHANNEL_STYLE.get(channel, ("#64748b", "?"))
    return badge_icon(color, glyph)


@lru_cache(maxsize=16)
def dot_icon(color: str, size: int = 12) -> QIcon:
    pm, p = _canvas(size, color)
    p.drawEllipse(1, 1, size - 2, size - 2)
    p.end()
    return QIcon(pm)


def app_icon() -> QIcon:
    return badge_icon("#2563eb", "A", 64)
