"""The grey, centred sentence a list shows in its place while it has nothing: what to do first."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

_STYLE = "color: #5f6368; padding: 24px;"
#: In a list's own box (white, framed like the list it stands in for).
_BOXED = " background: white; border: 1px solid #c4c7cc;"


def empty_hint(*, boxed: bool = False) -> QLabel:
    """A word-wrapped, centred hint label (object name ``emptyHint``); ``boxed`` draws the list's box around it."""
    label = QLabel()
    label.setObjectName("emptyHint")
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setStyleSheet(_STYLE + (_BOXED if boxed else ""))
    return label
