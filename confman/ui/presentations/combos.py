"""Combo boxes over long lists (agenda items, ministries, delegates) in the presentation panel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter


def narrow(combo: QComboBox) -> None:
    """Long entries (agenda items, ministries) must not widen the panel."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(12)


def searchable(combo: QComboBox) -> None:
    """Type part of a name (diacritics included) to find it in a long list."""
    narrow(combo)
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    completer = combo.completer()
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)


def select_data(combo: QComboBox, value: int | None) -> None:
    """Choose the entry carrying ``value`` (the first entry, "—", for ``None`` or a value not listed)."""
    index = combo.findData(value) if value is not None else 0
    combo.setCurrentIndex(max(0, index))
