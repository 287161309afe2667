"""The agenda's conflicts beside the timetable: what clashes, and a way to go to it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QPushButton, QStyle, QVBoxLayout, QWidget

from confman.i18n import t
from confman.ui.agenda.ops import ConflictRow


class ConflictsPanel(QWidget):
    """``go_to(item_id)`` when the user asks to see a conflict's first item."""

    go_to = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setObjectName("agendaConflictsTitle")
        self.list = QListWidget()
        self.list.setObjectName("agendaConflicts")
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(lambda item: self.go_to_row(self.list.row(item)))
        self.goto_button = QPushButton()
        self.goto_button.clicked.connect(lambda: self.go_to_row(self.list.currentRow()))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.goto_button)

    def retranslate(self, lang: str) -> None:
        self.goto_button.setText(t("agenda.ui.goto", lang))

    def set_loading(self, lang: str) -> None:
        self.label.setText(t("ops.loading", lang))

    def show_conflicts(self, conflicts: list[ConflictRow], lang: str) -> None:
        self.list.clear()
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for conflict in conflicts:
            item = QListWidgetItem(icon, f"{t(f'agenda.conflict_kind.{conflict.kind}', lang)}: {conflict.message}")
            item.setData(Qt.ItemDataRole.UserRole, list(conflict.items))
            self.list.addItem(item)
        count = len(conflicts)
        self.label.setText(t("agenda.ui.conflicts", lang, count=count) if count else t("agenda.ui.no_conflicts", lang))
        self.label.setStyleSheet("color: #C62828; font-weight: 600" if count else "color: #2E7D32")
        self.goto_button.setEnabled(bool(count))

    def go_to_row(self, index: int) -> None:
        item = self.list.item(index) if index >= 0 else None
        if item is not None:
            self.go_to.emit(item.data(Qt.ItemDataRole.UserRole)[0])
