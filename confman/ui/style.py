"""The app's look: bundled font and a small style sheet for the shell.

Pages style their own content; this only sets the shared frame (sidebar, toolbar,
page titles) so every page sits in the same calm, official-looking window.
"""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

UI_FONT_FAMILY = "Be Vietnam Pro"
UI_FONT_POINTS = 10

SHELL_STYLE = """
QListWidget#navigation {
    background: #1F3A5F;
    color: #E8EEF6;
    border: none;
    padding-top: 8px;
    font-size: 11pt;
    outline: 0;
}
QListWidget#navigation::item {
    padding: 10px 16px;
    border-left: 4px solid transparent;
}
QListWidget#navigation::item:hover {
    background: #2A4B78;
}
QListWidget#navigation::item:selected {
    background: #31598F;
    color: white;
    border-left: 4px solid #F2B705;
    font-weight: 600;
}
QToolBar#mainToolbar {
    spacing: 8px;
    padding: 6px 10px;
    border-bottom: 1px solid #D5DCE5;
}
QToolButton[popupMode="2"] {
    padding-right: 14px;
}
QLabel#pageTitle {
    font-size: 16pt;
    font-weight: 700;
    color: #1B2B3F;
}
"""


def apply_style(app: QApplication) -> None:
    """Use the bundled Vietnamese font for the whole UI and apply the shell's style sheet."""
    font = QFont(UI_FONT_FAMILY, UI_FONT_POINTS)
    font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    app.setFont(font)
    app.setStyleSheet(SHELL_STYLE)
