"""The last scans under the card: a small table model over plain ``ScanRow``s."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from confman.i18n import t
from confman.ui.checkin.ops import ScanRow
from confman.ui.checkin.result_card import local_time, verdict_color

COLUMNS = ("checkin.col.time", "checkin.col.result", "checkin.col.name", "checkin.col.station")
_Index = QModelIndex | QPersistentModelIndex
_SYMBOLS = {"ok": "✓", "duplicate": "⚠", "undone": "↶"}


class ScansModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[ScanRow] = []
        self.zone = "Asia/Ho_Chi_Minh"
        self.lang = "vi"

    def set_rows(self, rows: list[ScanRow], zone: str, lang: str) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.zone = zone
        self.lang = lang
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return t(COLUMNS[section], self.lang)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return local_time(row.created_at, self.zone)
            if col == 1:
                return f"{_SYMBOLS.get(row.result, '✗')} {t(f'checkin.short.{row.result}', self.lang)}"
            if col == 2:
                if row.full_name:
                    name = f"{row.honorific} {row.full_name}".strip()
                    return f"{name} — {row.organization}" if row.organization else name
                return row.scanned_code
            if col == 3:
                return row.station
        if role == Qt.ItemDataRole.ForegroundRole and col == 1:
            return QBrush(QColor(verdict_color(row.result)))
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None
