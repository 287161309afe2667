"""Pick one of the event's delegates by typing part of a name, whatever the diacritics.

``DelegateChoices`` is one list model (the first row "none", then each delegate with its folded label)
shared by every picker of a dialog, so a dozen pickers over 5,000 delegates cost one model.
``DelegatePicker`` is an editable combo over it: its completer matches the folded text anywhere
("nguyen manh" and "Mạnh Hùng" both find "Nguyễn Mạnh Hùng — Bộ trưởng"), the drop-down lists everyone,
and text that names nobody is put back to the current choice when the field is left.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from confman.core.text import fold

FOLDED_ROLE = Qt.ItemDataRole.UserRole + 11
ID_ROLE = Qt.ItemDataRole.UserRole


def person_label(person: Any) -> str:
    """"Nguyễn Mạnh Hùng — Bộ trưởng, Bộ Thông tin và Truyền thông" (``person``: a ``PersonRef``)."""
    extra = ", ".join(x for x in (person.position, person.organization) if x)
    return f"{person.full_name} — {extra}" if extra else person.full_name


class DelegateChoices(QStandardItemModel):
    """Row 0: ``none_text`` (no delegate); then one row per delegate (``PersonRef``), in the order given."""

    def __init__(self, none_text: str, people: Sequence[Any] = (), parent: Any = None) -> None:
        super().__init__(parent)
        none = QStandardItem(none_text)
        none.setData(None, ID_ROLE)
        none.setData(fold(none_text), FOLDED_ROLE)
        rows = [none]
        for person in people:
            label = person_label(person)
            item = QStandardItem(label)
            item.setData(person.delegate_id, ID_ROLE)
            item.setData(fold(label), FOLDED_ROLE)
            rows.append(item)
        for row in rows:
            self.appendRow(row)
        self.names = {p.delegate_id: p.full_name for p in people}


class FoldedCompleter(QCompleter):
    """Matches the typed text, folded, anywhere in the rows' folded labels; inserts the real label."""

    def __init__(self, model: QStandardItemModel, parent: QWidget | None = None) -> None:
        super().__init__(model, parent)
        self.setCompletionRole(FOLDED_ROLE)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setMaxVisibleItems(10)

    def splitPath(self, path: str) -> list[str]:  # noqa: N802 - Qt override
        return [fold(path)]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:  # noqa: N802 - Qt override
        return str(index.data(Qt.ItemDataRole.DisplayRole) or "")


class DelegatePicker(QComboBox):
    """``chosen(delegate id or None)`` when the user picks someone (or "none") from the list or the completer."""

    chosen = Signal(object)

    def __init__(self, choices: DelegateChoices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setModel(choices)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(24)
        self.setCompleter(FoldedCompleter(choices, self))
        self.activated.connect(lambda row: self.chosen.emit(self.itemData(row, ID_ROLE)))
        self.lineEdit().editingFinished.connect(self._put_back)

    def choose(self, delegate_id: int | None) -> None:
        """Show ``delegate_id`` (None: the "none" row) without emitting ``chosen``."""
        row = self.findData(delegate_id, ID_ROLE) if delegate_id is not None else 0
        self.setCurrentIndex(max(0, row))

    def delegate_id(self) -> int | None:
        return self.itemData(self.currentIndex(), ID_ROLE)

    def _put_back(self) -> None:
        """Text that names nobody is not a choice: show the current one again."""
        current = self.itemText(self.currentIndex())
        if self.currentText() != current:
            self.setEditText(current)
