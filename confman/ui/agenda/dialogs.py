"""Small agenda dialogs: rooms, shift later items, duplicate a day, copy from another event."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from confman.i18n import t
from confman.ui.agenda.ops import RoomRow
from confman.ui.widgets.fit import fit_to_screen
from confman.ui.window_ops import EventRow


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


@dataclass(frozen=True, slots=True)
class RoomEdit:
    id: int | None
    name: str
    name_en: str
    capacity: int | None
    sort_order: int


class RoomsDialog(QDialog):
    """Edit the event's rooms in a table; ``edits()`` and ``deleted()`` say what to write."""

    def __init__(self, rooms: Sequence[RoomRow], lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agendaRoomsDialog")
        self.setWindowTitle(t("agenda.ui.rooms_title", lang))
        fit_to_screen(self, 560, 340)
        self.lang = lang
        self.original = {r.id: r for r in rooms}
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([t("agenda.ui.room_name", lang), t("agenda.ui.room_name_en", lang),
                                              t("agenda.ui.room_capacity", lang)])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 220)
        self.table.setColumnWidth(1, 160)
        for room in rooms:
            self._append(room.id, room.name, room.name_en, room.capacity)
        add = QPushButton(t("agenda.ui.room_add", lang))
        add.clicked.connect(lambda: self._append(None, t("agenda.ui.room_new", lang), "", None))
        remove = QPushButton(t("agenda.ui.room_delete", lang))
        remove.clicked.connect(self._remove)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addWidget(_buttons(self))

    def _append(self, room_id: int | None, name: str, name_en: str, capacity: int | None) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        first = QTableWidgetItem(name)
        first.setData(Qt.ItemDataRole.UserRole, room_id)
        self.table.setItem(r, 0, first)
        self.table.setItem(r, 1, QTableWidgetItem(name_en))
        self.table.setItem(r, 2, QTableWidgetItem("" if capacity is None else str(capacity)))

    def _remove(self) -> None:
        for r in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(r)

    def edits(self) -> list[RoomEdit]:
        found = []
        for r in range(self.table.rowCount()):
            name_item, en_item, cap_item = (self.table.item(r, c) for c in range(3))
            cap_text = (cap_item.text() if cap_item else "").strip()
            found.append(RoomEdit(
                name_item.data(Qt.ItemDataRole.UserRole) if name_item else None,
                name_item.text() if name_item else "", en_item.text() if en_item else "",
                int(cap_text) if cap_text.isdigit() else None, r,
            ))
        return found

    def deleted(self) -> list[int]:
        kept = {e.id for e in self.edits()}
        return [rid for rid in self.original if rid not in kept]


class ShiftDialog(QDialog):
    def __init__(self, title: str, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agendaShiftDialog")
        self.setWindowTitle(t("agenda.ui.shift_title", lang, title=title))
        self.minutes = QSpinBox()
        self.minutes.setRange(-240, 240)
        self.minutes.setSingleStep(5)
        self.minutes.setValue(15)
        self.day_scope = QRadioButton(t("agenda.ui.shift_scope_day", lang))
        self.day_scope.setChecked(True)
        self.room_scope = QRadioButton(t("agenda.ui.shift_scope_room", lang))
        self.include_self = QCheckBox(t("agenda.ui.shift_include_self", lang))
        form = QFormLayout(self)
        form.addRow(t("agenda.ui.shift_minutes", lang), self.minutes)
        form.addRow("", self.day_scope)
        form.addRow("", self.room_scope)
        form.addRow("", self.include_self)
        form.addRow(_buttons(self))

    @property
    def scope(self) -> str:
        return "room" if self.room_scope.isChecked() else "day"


class DuplicateDayDialog(QDialog):
    def __init__(self, source: date, suggestion: date, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(t("agenda.ui.duplicate_title", lang, day=f"{source:%d/%m/%Y}"))
        self.target = QDateEdit(QDate(suggestion.year, suggestion.month, suggestion.day))
        self.target.setDisplayFormat("dd/MM/yyyy")
        self.target.setCalendarPopup(True)
        form = QFormLayout(self)
        form.addRow(t("agenda.ui.duplicate_target", lang), self.target)
        form.addRow(_buttons(self))

    def target_day(self) -> date:
        value = self.target.date()
        return date(value.year(), value.month(), value.day())


class CopyEventDialog(QDialog):
    def __init__(self, events: Sequence[EventRow], lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(t("agenda.ui.copy_title", lang))
        self.source = QComboBox()
        for ev in events:
            self.source.addItem(f"{ev.code} — {ev.name(lang)}", ev.id)
        form = QFormLayout(self)
        form.addRow(t("agenda.ui.copy_source", lang), self.source)
        if not events:
            form.addRow(QLabel(t("agenda.ui.copy_none", lang)))
        form.addRow(_buttons(self))
