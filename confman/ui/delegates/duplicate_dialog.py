"""The warning shown when a delegate being saved looks like one already registered."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from confman.core.registration.rows import DuplicateCandidate
from confman.i18n import t
from confman.ui.context import UiContext
from confman.ui.delegates.delegate_dialog import DuplicateChoice


class DuplicateDialog(QDialog):
    """Lists the look-alikes with the reason; Open, Merge, Save anyway or Cancel (Esc)."""

    def __init__(self, ctx: UiContext, candidates: list[DuplicateCandidate], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("duplicateDialog")
        self.setWindowTitle(t("delegates.duplicate.title"))
        self.setMinimumWidth(900)
        self.choice = DuplicateChoice.CANCEL
        self.chosen_id: int | None = None
        self.candidates = candidates

        intro = QLabel(t("delegates.duplicate.intro", count=len(candidates)))
        intro.setWordWrap(True)
        self.table = QTableWidget(len(candidates), 4)
        self.table.setHorizontalHeaderLabels([t("delegates.col.name"), t("delegates.col.organization"),
                                              t("delegates.col.phone") + " / " + t("delegates.col.email"),
                                              t("delegates.duplicate.why")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        for row, candidate in enumerate(candidates):
            r = candidate.row
            reasons = ", ".join(t(f"delegates.duplicate.reason.{reason}") for reason in sorted(candidate.reasons))
            contact = " / ".join(x for x in (r.phone, r.email) if x)
            for column, text in enumerate((r.display_name, r.organization, contact, reasons)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, r.id)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        for column, mode in enumerate((QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.Stretch,
                                       QHeaderView.ResizeMode.ResizeToContents,
                                       QHeaderView.ResizeMode.ResizeToContents)):
            header.setSectionResizeMode(column, mode)
        rows_shown = min(len(candidates), 6)
        self.table.setFixedHeight(header.sizeHint().height() + 4
                                  + rows_shown * self.table.verticalHeader().defaultSectionSize())
        self.table.selectRow(0)

        self.open_button = QPushButton(t("delegates.duplicate.open"))
        self.merge_button = QPushButton(t("delegates.duplicate.merge"))
        self.save_button = QPushButton(t("delegates.duplicate.save_anyway"))
        self.cancel_button = QPushButton(t("delegates.dialog.cancel"))
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(lambda: self._finish(DuplicateChoice.OPEN))
        self.merge_button.clicked.connect(lambda: self._finish(DuplicateChoice.MERGE))
        self.save_button.clicked.connect(lambda: self._finish(DuplicateChoice.SAVE_ANYWAY))
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.merge_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def _selected_id(self) -> int | None:
        row = self.table.currentRow()
        if row < 0:
            return self.candidates[0].row.id if self.candidates else None
        return self.candidates[row].row.id

    def _finish(self, choice: DuplicateChoice) -> None:
        self.choice = choice
        self.chosen_id = self._selected_id()
        self.accept()
