"""Icons drawn at run time: crisp at any DPI, no image files to keep in step."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QLinearGradient, QPainter, QPainterPath, QPixmap

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
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
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
    p.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, glyph)
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


def app_icon_pixmap(size: int) -> QPixmap:
    """The app's mark: a blue tile with a speech bubble, drawn for any size (the OS icon
    files in resources/icons are rendered from this by scripts/icons.py)."""
    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    grad = QLinearGradient(0, 0, 0, size)
    grad.setColorAt(0, QColor("#3b82f6"))
    grad.setColorAt(1, QColor("#1d4ed8"))
    p.setBrush(grad)
    m = size * 0.04
    p.drawRoundedRect(QRectF(m, m, size - 2 * m, size - 2 * m), size * 0.22, size * 0.22)
    # a white speech bubble with three dots: a conversation in progress
    bubble = QPainterPath()
    bubble.addRoundedRect(QRectF(size * 0.18, size * 0.22, size * 0.64, size * 0.44), size * 0.12, size * 0.12)
    tail = QPainterPath()
    tail.moveTo(size * 0.32, size * 0.62)
    tail.lineTo(size * 0.28, size * 0.80)
    tail.lineTo(size * 0.48, size * 0.64)
    tail.closeSubpath()
    p.setBrush(QColor("white"))
    p.drawPath(bubble.united(tail))
    p.setBrush(QColor("#1d4ed8"))
    r = size * 0.055
    for cx in (0.36, 0.50, 0.64):
        p.drawEllipse(QRectF(size * cx - r, size * 0.44 - r, 2 * r, 2 * r))
    p.end()
    return pm


@lru_cache(maxsize=1)
def app_icon() -> QIcon:
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        icon.addPixmap(app_icon_pixmap(size))
    return icon
