"""The presentation's presenters: the list, and a searchable pick of the event's delegates to add."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from confman.i18n import t
from confman.ui.presentations.combos import searchable
from confman.ui.presentations.ops import ChoiceRow, PresentationRow


class PresentersBox(QGroupBox):
    """Presenters of the shown presentation, edited in place until the panel saves."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pick_ids: list[int] = []
        layout = QVBoxLayout(self)
        self.presenters = QListWidget()
        self.presenters.setObjectName("presenters")
        self.presenters.setMaximumHeight(80)
        pick_row = QHBoxLayout()
        self.delegate_pick = QComboBox()
        self.delegate_pick.setObjectName("delegatePick")
        searchable(self.delegate_pick)
        self.add_presenter_button = QPushButton()
        self.add_presenter_button.clicked.connect(self._add_presenter)
        self.remove_presenter_button = QPushButton()
        self.remove_presenter_button.clicked.connect(self._remove_presenter)
        pick_row.addWidget(self.delegate_pick, 1)
        pick_row.addWidget(self.add_presenter_button)
        pick_row.addWidget(self.remove_presenter_button)
        layout.addWidget(self.presenters)
        layout.addLayout(pick_row)

    def set_delegates(self, delegates: Sequence[ChoiceRow]) -> None:
        """The delegates one can pick (nothing picked)."""
        # One call for the whole list: 20,000 addItem() calls would hold the window for a second.
        self._pick_ids = [choice.id for choice in delegates]
        self.delegate_pick.clear()
        self.delegate_pick.addItems([f"{c.label} ({c.detail})" if c.detail else c.label for c in delegates])
        self.delegate_pick.setCurrentIndex(-1)

    def show_presenters(self, row: PresentationRow) -> None:
        self.presenters.clear()
        for p in row.presenters:
            item = QListWidgetItem(", ".join(x for x in (p.display, p.position, p.organization) if x))
            item.setData(Qt.ItemDataRole.UserRole, p.delegate_id)
            self.presenters.addItem(item)

    def presenter_ids(self) -> tuple[int, ...]:
        """The listed presenters' delegate ids, in list order."""
        return tuple(self.presenters.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.presenters.count()))

    def _add_presenter(self) -> None:
        index = self.delegate_pick.currentIndex()
        delegate_id = self._pick_ids[index] if 0 <= index < len(self._pick_ids) else None
        if delegate_id is None or self.presenters.findItems(self.delegate_pick.currentText(),
                                                            Qt.MatchFlag.MatchExactly):
            return
        if delegate_id in self.presenter_ids():
            return
        item = QListWidgetItem(self.delegate_pick.currentText())
        item.setData(Qt.ItemDataRole.UserRole, delegate_id)
        self.presenters.addItem(item)

    def _remove_presenter(self) -> None:
        for item in self.presenters.selectedItems():
            self.presenters.takeItem(self.presenters.row(item))

    def retranslate(self) -> None:
        self.setTitle(t("presentations.ui.presenters"))
        self.add_presenter_button.setText(t("presentations.ui.add_presenter"))
        self.remove_presenter_button.setText(t("presentations.ui.remove_presenter"))
        self.delegate_pick.lineEdit().setPlaceholderText(t("presentations.ui.pick_delegate"))
