"""Run of show: the presentations of a day and room in agenda order, one "current" at a time."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from confman.i18n import t
from confman.ui.presentations.ops import PresentationRow, ShowSlot


class RunOfShowView(QWidget):
    slot_chosen = Signal(object)  # ShowSlot | None
    open_requested = Signal(object)  # PresentationRow
    timer_requested = Signal(object)  # PresentationRow
    moved = Signal(object)  # the new current PresentationRow, after Next/Previous/a click

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[PresentationRow] = []
        self.current = -1
        self.language = "vi"
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.slot_label = QLabel()
        self.slot_combo = QComboBox()
        self.slot_combo.setObjectName("showSlot")
        self.slot_combo.setMinimumWidth(320)
        self.slot_combo.currentIndexChanged.connect(lambda i: self.slot_chosen.emit(self.slot_combo.itemData(i)))
        top.addWidget(self.slot_label)
        top.addWidget(self.slot_combo)
        top.addStretch(1)
        layout.addLayout(top)

        self.now_label = QLabel()
        self.now_label.setObjectName("nowPresenting")
        self.now_label.setWordWrap(True)
        self.now_label.setStyleSheet("font-size: 18px; font-weight: 600; padding: 8px; background: #EAF2F8;"
                                     "border-radius: 6px;")
        layout.addWidget(self.now_label)
        self.list = QListWidget()
        self.list.setObjectName("showList")
        self.list.setAlternatingRowColors(True)
        self.list.setStyleSheet("QListWidget { font-size: 14px; } QListWidget::item { padding: 6px; }")
        self.list.currentRowChanged.connect(self._row_clicked)
        self.list.itemDoubleClicked.connect(lambda _i: self._open())
        layout.addWidget(self.list, 1)

        buttons = QHBoxLayout()
        self.previous_button = QPushButton()
        self.previous_button.setObjectName("showPrevious")
        self.previous_button.clicked.connect(self.previous)
        self.open_button = QPushButton()
        self.open_button.setObjectName("showOpen")
        self.open_button.clicked.connect(self._open)
        self.timer_button = QPushButton()
        self.timer_button.setObjectName("showTimer")
        self.timer_button.clicked.connect(self._timer)
        self.next_button = QPushButton()
        self.next_button.setObjectName("showNext")
        self.next_button.clicked.connect(self.next)
        for b in (self.previous_button, self.open_button, self.timer_button, self.next_button):
            b.setMinimumHeight(40)
            buttons.addWidget(b)
        layout.addLayout(buttons)
        self.retranslate()

    def set_slots(self, slots: list[ShowSlot], keep: ShowSlot | None = None) -> None:
        self.slot_combo.blockSignals(True)
        self.slot_combo.clear()
        for s in slots:
            self.slot_combo.addItem(t("presentations.show.slot", day=f"{s.day:%d/%m/%Y}", room=s.room or "—",
                                      count=s.count), s)
        index = 0
        if keep is not None:
            index = next((i for i, s in enumerate(slots) if (s.day, s.room_id) == (keep.day, keep.room_id)), 0)
        self.slot_combo.setCurrentIndex(index if slots else -1)
        self.slot_combo.blockSignals(False)

    def chosen_slot(self) -> ShowSlot | None:
        return self.slot_combo.currentData()

    def set_rows(self, rows: list[PresentationRow]) -> None:
        keep_id = self.current_row.id if self.current_row else None
        self.rows = rows
        self.current = next((i for i, r in enumerate(rows) if r.id == keep_id), 0 if rows else -1)
        self._fill()

    @property
    def current_row(self) -> PresentationRow | None:
        return self.rows[self.current] if 0 <= self.current < len(self.rows) else None

    def next(self) -> None:
        if self.current + 1 < len(self.rows):
            self._move(self.current + 1)

    def previous(self) -> None:
        if self.current > 0:
            self._move(self.current - 1)

    def _row_clicked(self, row: int) -> None:
        if 0 <= row < len(self.rows) and row != self.current:
            self._move(row)

    def _move(self, index: int) -> None:
        self.current = index
        self._fill()
        self.moved.emit(self.current_row)

    def _open(self) -> None:
        if self.current_row is not None:
            self.open_requested.emit(self.current_row)

    def _timer(self) -> None:
        if self.current_row is not None:
            self.timer_requested.emit(self.current_row)

    def _fill(self) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for i, r in enumerate(self.rows):
            current = r.current_file
            file_text = current.original_name if current else t("presentations.ui.no_file")
            time_text = f"{r.start_time:%H:%M}" if r.start_time else ""
            speaker = f" — {r.presenter_names}" if r.presenter_names else ""
            item = QListWidgetItem(f"{i + 1:02d}   {r.organization or '—'}: {r.title(self.language)}{speaker}\n"
                                   f"      {time_text} · {r.planned_minutes}′ · {file_text}")
            if current is None:
                item.setForeground(QBrush(QColor("#B3261E")))
            if i == self.current:
                font = QFont()
                font.setBold(True)
                item.setFont(font)
                item.setBackground(QBrush(QColor("#D6EAF8")))
            self.list.addItem(item)
        self.list.setCurrentRow(self.current)
        self.list.blockSignals(False)
        row = self.current_row
        if row is None:
            self.now_label.setText(t("presentations.show.empty"))
        else:
            self.now_label.setText(t("presentations.show.now", number=self.current + 1, total=len(self.rows),
                                     title=row.title(self.language), organization=row.organization or "—",
                                     speaker=row.presenter_names or "—"))
        self.open_button.setEnabled(row is not None and row.current_file is not None)
        self.timer_button.setEnabled(row is not None)
        self.previous_button.setEnabled(self.current > 0)
        self.next_button.setEnabled(0 <= self.current < len(self.rows) - 1)

    def retranslate(self) -> None:
        self.slot_label.setText(t("presentations.show.choose"))
        self.previous_button.setText(t("presentations.show.previous"))
        self.open_button.setText(t("presentations.show.open"))
        self.timer_button.setText(t("presentations.show.timer"))
        self.next_button.setText(t("presentations.show.next"))
        for i in range(self.slot_combo.count()):
            s = self.slot_combo.itemData(i)
            self.slot_combo.setItemText(i, t("presentations.show.slot", day=f"{s.day:%d/%m/%Y}", room=s.room or "—",
                                             count=s.count))
        self._fill()
