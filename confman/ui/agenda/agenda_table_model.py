"""The agenda as a table: one row per item, sortable, with inline edits of title, times and room.

Edits are not written here: ``setData`` hands ``(item id, field, value)`` to the
``edit_handler`` (the page), which writes through the service with undo, then reloads.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import time
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTime
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from confman.i18n import t
from confman.ui.agenda.ops import AgendaItemRow, RoomRow

COLUMNS = ("day", "start", "end", "room", "kind", "title_vi", "title_en", "people", "conflict")
EDITABLE = frozenset({"start", "end", "room", "title_vi", "title_en"})
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
ROOM_ID_ROLE = Qt.ItemDataRole.UserRole + 3

Index = QModelIndex | QPersistentModelIndex
EditHandler = Callable[[int, str, Any], bool]


class AgendaTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[AgendaItemRow] = []
        self.rooms: list[RoomRow] = []
        self.conflicts: dict[int, list[str]] = {}
        self.language = "vi"
        self.edit_handler: EditHandler | None = None

    def set_rows(self, rows: Sequence[AgendaItemRow], rooms: Sequence[RoomRow],
                 conflicts: dict[int, list[str]], language: str) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.rooms = list(rooms)
        self.conflicts = conflicts
        self.language = language
        self.endResetModel()

    def row_at(self, row: int) -> AgendaItemRow:
        return self._rows[row]

    def row_of(self, item_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == item_id), -1)

    # Qt API -----------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(COLUMNS):
            return t(f"agenda.col.{COLUMNS[section]}", self.language)
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if COLUMNS[index.column()] in EDITABLE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        column = COLUMNS[index.column()]
        lang = self.language
        if role == ID_ROLE:
            return row.id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if role == Qt.ItemDataRole.EditRole and column in ("start", "end"):
                value: time = getattr(row, column)
                return QTime(value.hour, value.minute)
            return self._text(row, column, lang)
        if role == SORT_ROLE:
            if column == "day":
                return (row.day.toordinal() * 1440 + row.start.hour * 60 + row.start.minute)
            if column in ("start", "end"):
                value = getattr(row, column)
                return row.day.toordinal() * 1440 + value.hour * 60 + value.minute
            if column == "conflict":
                return len(self.conflicts.get(row.id, ()))
            return self._text(row, column, lang).casefold()
        if role == ROOM_ID_ROLE:
            return row.room_id
        if role == Qt.ItemDataRole.ToolTipRole and column == "conflict" and row.id in self.conflicts:
            return "\n".join(self.conflicts[row.id])
        if role == Qt.ItemDataRole.ForegroundRole and column == "conflict" and row.id in self.conflicts:
            return QBrush(QColor("#C62828"))
        return None

    def _text(self, row: AgendaItemRow, column: str, lang: str) -> str:
        if column == "day":
            return f"{row.day:%d/%m/%Y}"
        if column in ("start", "end"):
            return f"{getattr(row, column):%H:%M}"
        if column == "room":
            return row.room(lang) or t("agenda.ui.no_room", lang)
        if column == "kind":
            return t(f"agenda.kind.{row.kind.value}", lang)
        if column in ("title_vi", "title_en"):
            return getattr(row, column)
        if column == "people":
            return "; ".join(p.full_name for p in (*row.chairs, *row.speakers))
        if column == "conflict":
            return f"⚠ {len(self.conflicts[row.id])}" if row.id in self.conflicts else ""
        return ""

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.edit_handler is None:
            return False
        column = COLUMNS[index.column()]
        if column not in EDITABLE:
            return False
        row = self._rows[index.row()]
        if column in ("start", "end"):
            if isinstance(value, QTime):
                value = time(value.hour(), value.minute())
            elif isinstance(value, str):
                try:
                    value = time.fromisoformat(value.strip())
                except ValueError:
                    return False
            if not isinstance(value, time):
                return False
        elif column == "room":
            if value is not None and not isinstance(value, int):
                return False
        else:
            value = str(value)
        return self.edit_handler(row.id, column, value)


class RoomDelegate(QStyledItemDelegate):
    """Edits the room column with a list of the event's rooms."""

    def __init__(self, model: AgendaTableModel, parent: Any = None) -> None:
        super().__init__(parent)
        self.model = model

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        combo.addItem(t("agenda.ui.no_room", self.model.language), None)
        for room in self.model.rooms:
            combo.addItem(room.label(self.model.language), room.id)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        position = editor.findData(index.data(ROOM_ID_ROLE))
        editor.setCurrentIndex(max(0, position))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


def agenda_list(proxy: Any, model: AgendaTableModel) -> QTableView:
    """The list view of the agenda: sorted by day, one row selected, inline edits (the room from a list)."""
    table = QTableView()
    table.setObjectName("agendaList")
    table.setModel(proxy)
    table.setSortingEnabled(True)
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed)
    table.setItemDelegateForColumn(COLUMNS.index("room"), RoomDelegate(model, table))
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for column, width in zip(COLUMNS, (90, 60, 60, 130, 120, 360, 240, 200, 70), strict=True):
        table.setColumnWidth(COLUMNS.index(column), width)
    return table
