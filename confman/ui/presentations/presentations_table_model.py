"""Table model over ``PresentationRow``s (plain rows from the service; nothing lazy-loads here)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from confman.core.enums import PresentationStatus
from confman.i18n import t
from confman.ui.presentations.ops import PresentationRow

#: Status colours: (background, text) — readable on a white table.
STATUS_COLOURS: dict[PresentationStatus, tuple[str, str]] = {
    PresentationStatus.REQUESTED: ("#ECEFF1", "#455A64"),
    PresentationStatus.RECEIVED: ("#E3F2FD", "#0D47A1"),
    PresentationStatus.REVIEWED: ("#FFF8E1", "#8D6E00"),
    PresentationStatus.APPROVED: ("#E8F5E9", "#1B5E20"),
    PresentationStatus.PRESENTED: ("#EDE7F6", "#4527A0"),
    PresentationStatus.WITHDRAWN: ("#FDECEA", "#B3261E"),
}

COLUMNS = ("when", "order", "organization", "title", "status", "files", "minutes", "presenters")
_HEADER_KEYS = {
    "when": "presentations.col.when", "order": "presentations.col.order",
    "organization": "presentations.col.organization", "title": "presentations.col.title",
    "presenters": "presentations.col.presenters", "minutes": "presentations.col.minutes",
    "status": "presentations.col.status", "files": "presentations.col.file",
}  # fmt: skip
ROW_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


def when_text(row: PresentationRow) -> str:
    if row.day is None or row.start_time is None:
        return t("presentations.ui.unscheduled")
    room = f" · {row.room}" if row.room else ""
    return f"{row.day:%d/%m} {row.start_time:%H:%M}{room}"


#: Column widths (px) the table starts with; the title takes what is left.
COLUMN_WIDTHS = {"when": 110, "order": 34, "organization": 140, "status": 96, "files": 170, "minutes": 56,
                 "presenters": 170}


def files_text(row: PresentationRow) -> str:
    current = row.current_file
    if current is None:
        return t("presentations.ui.no_file")
    if len(row.files) == 1:
        return current.original_name
    return t("presentations.ui.file_versions", name=current.original_name, count=len(row.files))


class PresentationsTableModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[PresentationRow] = []
        self.language = "vi"

    def set_rows(self, rows: list[PresentationRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> PresentationRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, presentation_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == presentation_id), -1)

    @property
    def rows(self) -> list[PresentationRow]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(COLUMNS):
            return t(_HEADER_KEYS[COLUMNS[section]])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        column = COLUMNS[index.column()] if 0 <= index.column() < len(COLUMNS) else ""
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == "files" and row.files:
                return "\n".join(f"v{f.version}  {f.original_name}" for f in reversed(row.files))
            return self._text(row, column)
        if column == "status" and role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(STATUS_COLOURS[row.status][0]))
        if column == "status" and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(STATUS_COLOURS[row.status][1]))
        if column == "files" and role == Qt.ItemDataRole.ForegroundRole and not row.files \
                and row.status is not PresentationStatus.WITHDRAWN:
            return QBrush(QColor("#B3261E"))
        if role == Qt.ItemDataRole.FontRole and (column == "title" or row.status is PresentationStatus.WITHDRAWN):
            font = QFont()
            font.setBold(column == "title")
            font.setStrikeOut(row.status is PresentationStatus.WITHDRAWN)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column in ("order", "minutes"):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _text(self, row: PresentationRow, column: str) -> str:
        if column == "when":
            return when_text(row)
        if column == "order":
            return str(row.order_in_item) if row.agenda_item_id else ""
        if column == "organization":
            return row.organization
        if column == "title":
            return row.title(self.language)
        if column == "presenters":
            return row.presenter_names
        if column == "minutes":
            if row.actual_seconds is not None:
                return f"{row.planned_minutes} / {row.actual_seconds / 60:.1f}"
            return str(row.planned_minutes)
        if column == "status":
            return t(f"presentations.status.{row.status.value}")
        if column == "files":
            return files_text(row)
        return ""
