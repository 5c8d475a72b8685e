"""A calm light theme: Fusion style with a blue accent, readable at a desk all day."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

ACCENT = "#2563eb"
# A training session's window (views/simulation.py): its own accent, so a sandbox is never
# taken for the agent's real desk. Orange: the colour of nothing else on the desk.
TRAINING_ACCENT = "#c2410c"
TRAINING_ACCENT_SOFT = "#ffedd5"

STYLE = """
QMainWindow, QDialog { background: #f8fafc; }
QListWidget#savedViews { background: #eef2f7; border: none; padding: 4px; }
QListWidget#savedViews::item { padding: 7px 8px; border-radius: 6px; }
QListWidget#savedViews::item:selected { background: #2563eb; color: white; }
QTableView#inboxTable { background: white; border: 1px solid #e2e8f0; border-radius: 6px;
    selection-background-color: #dbeafe; selection-color: #0f172a; alternate-background-color: #f8fafc; }
QHeaderView::section { background: #f1f5f9; border: none; border-bottom: 1px solid #e2e8f0;
    padding: 5px 6px; color: #475569; font-weight: bold; }
QTextBrowser#timeline { background: white; border: 1px solid #e2e8f0; border-radius: 6px; padding: 4px; }
QPlainTextEdit#composer { background: white; border: 1px solid #cbd5e1; border-radius: 6px; padding: 6px; }
QPlainTextEdit#composer:focus { border: 1px solid #2563eb; }
QLineEdit { border: 1px solid #cbd5e1; border-radius: 6px; padding: 5px 8px; background: white; }
QLineEdit:focus { border: 1px solid #2563eb; }
QComboBox { border: 1px solid #cbd5e1; border-radius: 6px; padding: 4px 8px; background: white; }
QPushButton { border: 1px solid #cbd5e1; border-radius: 6px; padding: 5px 12px; background: white; }
QPushButton:checked { background: #1e293b; color: white; border-color: #1e293b; }
QPushButton#sendButton { background: #2563eb; color: white; border-color: #2563eb; font-weight: bold; }
QPushButton#sendButton:disabled { background: #93c5fd; border-color: #93c5fd; }
QToolButton { border: 1px solid #cbd5e1; border-radius: 6px; padding: 4px 8px; background: white; }
QSplitter::handle { background: #e2e8f0; }
QSplitter::handle:horizontal { width: 2px; }
QSplitter::handle:vertical { height: 2px; }
QStatusBar { background: #eef2f7; }
QDialog#commandPalette { background: white; border: 1px solid #94a3b8; border-radius: 8px; }
QListWidget#paletteList { border: none; }
QListWidget#paletteList::item { padding: 6px 8px; border-radius: 5px; }
QListWidget#paletteList::item:selected { background: #2563eb; color: white; }
QLineEdit#paletteInput { font-size: 15px; padding: 8px 10px; }
QLabel#inboxMessage { color: #64748b; padding: 20px; }
QScrollBar:vertical { background: #f1f5f9; width: 10px; margin: 0; border: none; }
QScrollBar:horizontal { background: #f1f5f9; height: 10px; margin: 0; border: none; }
QScrollBar::handle:vertical { background: #cbd5e1; border-radius: 4px; min-height: 28px; margin: 1px; }
QScrollBar::handle:horizontal { background: #cbd5e1; border-radius: 4px; min-width: 28px; margin: 1px; }
QScrollBar::handle:hover { background: #94a3b8; }
QScrollBar::add-line, QScrollBar::sub-line { width: 0; height: 0; }
QScrollBar::add-page, QScrollBar::sub-page { background: none; }
"""


def apply_theme(app: QApplication) -> None:
    app.setStyle("Fusion")
    pal = app.palette()
    pal.setColor(QPalette.ColorRole.Window, QColor("#f8fafc"))
    pal.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    pal.setColor(QPalette.ColorRole.AlternateBase, QColor("#f8fafc"))
    pal.setColor(QPalette.ColorRole.Text, QColor("#0f172a"))
    pal.setColor(QPalette.ColorRole.WindowText, QColor("#0f172a"))
    pal.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    pal.setColor(QPalette.ColorRole.Mid, QColor("#64748b"))
    app.setPalette(pal)
    app.setStyleSheet(STYLE)


def training_style() -> str:
    """What a training window sets on itself over STYLE: its frame, banner and the accents
    the desk paints blue (the Send button, the selected view, focus rings) in orange."""
    a, soft = TRAINING_ACCENT, TRAINING_ACCENT_SOFT
    return f"""
QFrame#trainingFrame {{ border: 4px solid {a}; background: #f8fafc; }}
QLabel#trainingBanner {{ background: {a}; color: white; font-weight: bold; padding: 6px 12px; }}
QFrame#trainingBar {{ background: {soft}; border-bottom: 1px solid #fdba74; }}
QLabel#trainingHints {{ background: {soft}; padding: 6px 12px; border-bottom: 1px solid #fdba74; }}
QLabel#trainingClock {{ font-family: monospace; font-size: 16px; font-weight: bold; color: {a}; }}
QPushButton#sendButton {{ background: {a}; border-color: {a}; }}
QPushButton#sendButton:disabled {{ background: #fdba74; border-color: #fdba74; }}
QPushButton#endTraining {{ background: {a}; color: white; border-color: {a}; font-weight: bold; }}
QListWidget#savedViews::item:selected {{ background: {a}; }}
QPlainTextEdit#composer:focus, QLineEdit:focus {{ border: 1px solid {a}; }}
QMenuBar {{ background: {soft}; }}
"""
