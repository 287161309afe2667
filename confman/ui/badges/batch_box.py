"""Which badges to make: everyone, a filter (search, category, the delegates page's filter), picked
ids, not yet printed, changed since printed; and in which order. Widgets only."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QPushButton, QWidget

from confman.core.registration.rows import DelegateFilters
from confman.i18n import t
from confman.ui.badges.ops import SORT_ORDERS, BadgeSelection, Batch, CategoryRow

BATCH_KINDS = ("all", "filter", "selection", "not_printed", "changed")
SEARCH_DELAY_MS = 350


class BatchBox(QGroupBox):
    """``changed`` fires when the batch the controls describe is different."""

    changed = Signal()
    delegates_filter_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ids: tuple[int, ...] = ()
        self._external: DelegateFilters | None = None
        form = QFormLayout(self)
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("badgeBatch")
        for kind in BATCH_KINDS:
            self.kind_combo.addItem("", kind)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.kind_label = QLabel()
        form.addRow(self.kind_label, self.kind_combo)
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("badgeSearch")
        self.search_edit.setClearButtonEnabled(True)
        self.search_label = QLabel()
        form.addRow(self.search_label, self.search_edit)
        self.category_combo = QComboBox()
        self.category_combo.setObjectName("badgeCategory")
        self.category_label = QLabel()
        form.addRow(self.category_label, self.category_combo)
        self.delegates_filter_button = QPushButton()
        self.delegates_filter_button.setObjectName("useDelegatesFilter")
        self.delegates_filter_button.clicked.connect(self.delegates_filter_requested)
        self.delegates_filter_note = QLabel()
        self.delegates_filter_note.setWordWrap(True)
        form.addRow(self.delegates_filter_button)
        form.addRow(self.delegates_filter_note)
        self.ids_edit = QLineEdit()
        self.ids_edit.setObjectName("badgeIds")
        self.ids_label = QLabel()
        form.addRow(self.ids_label, self.ids_edit)
        self.sort_combo = QComboBox()
        self.sort_combo.setObjectName("badgeSort")
        for order in SORT_ORDERS:
            self.sort_combo.addItem("", order)
        self.sort_label = QLabel()
        form.addRow(self.sort_label, self.sort_combo)
        self.summary = QLabel()
        self.summary.setObjectName("batchSummary")
        self.summary.setWordWrap(True)
        form.addRow(self.summary)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.changed)
        self.search_edit.textChanged.connect(lambda _t: self._search_timer.start())
        self.ids_edit.editingFinished.connect(self._ids_edited)
        self.category_combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.sort_combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self._show_fields()

    @property
    def kind(self) -> str:
        return self.kind_combo.currentData() or "all"

    def retranslate(self, lang: str) -> None:
        self.setTitle(t("badges.ui.batch_box", lang))
        self.kind_label.setText(t("badges.ui.batch", lang))
        for index, kind in enumerate(BATCH_KINDS):
            self.kind_combo.setItemText(index, t(f"badges.ui.batch.{kind}", lang))
        self.search_label.setText(t("badges.ui.search", lang))
        self.search_edit.setPlaceholderText(t("badges.ui.search_placeholder", lang))
        self.category_label.setText(t("badges.ui.category", lang))
        self.ids_label.setText(t("badges.ui.ids", lang))
        self.ids_edit.setPlaceholderText("1, 2, 3")
        self.sort_label.setText(t("badges.ui.sort", lang))
        self.delegates_filter_button.setText(t("badges.ui.use_delegates_filter", lang))
        self.delegates_filter_button.setToolTip(t("badges.ui.use_delegates_filter_tip", lang))
        if self._external is not None:
            self.delegates_filter_note.setText(t("badges.ui.delegates_filter_in_use", lang))
        for index, order in enumerate(SORT_ORDERS):
            self.sort_combo.setItemText(index, t(f"badges.ui.sort.{order}", lang))
        if self.category_combo.count():
            self.category_combo.setItemText(0, t("badges.ui.category_any", lang))

    def set_categories(self, categories: list[CategoryRow], lang: str) -> None:
        current = self.category_combo.currentData()
        self.category_combo.blockSignals(True)
        self.category_combo.clear()
        self.category_combo.addItem(t("badges.ui.category_any", lang), None)
        for category in categories:
            self.category_combo.addItem(category.label(lang), category.id)
        self.category_combo.setCurrentIndex(max(0, self.category_combo.findData(current)))
        self.category_combo.blockSignals(False)

    def selection(self) -> BadgeSelection:
        """The batch the controls describe."""
        kind = self.kind
        sort = self.sort_combo.currentData() or "organization"
        if kind == "filter":
            category = self.category_combo.currentData()
            filters = self._external
            if category is not None:
                filters = replace(filters or DelegateFilters(), category_ids=frozenset({category}))
            return BadgeSelection(query=self.search_edit.text(), filters=filters, sort=sort)
        if kind == "selection":
            return BadgeSelection(ids=self._ids, sort=sort)
        return BadgeSelection(not_printed=kind == "not_printed", changed_since_printed=kind == "changed", sort=sort)

    def use_filter(self, query: str, filters: DelegateFilters, lang: str) -> None:
        """The delegates page's search text and filters become the batch."""
        category = next(iter(filters.category_ids), None) if len(filters.category_ids) == 1 else None
        self._external = replace(filters, category_ids=frozenset())
        self.delegates_filter_note.setText(t("badges.ui.delegates_filter_in_use", lang))
        for widget, value in ((self.category_combo, category),):
            widget.blockSignals(True)
            widget.setCurrentIndex(max(0, widget.findData(value)))
            widget.blockSignals(False)
        self.search_edit.blockSignals(True)
        self.search_edit.setText(query)
        self.search_edit.blockSignals(False)
        self._choose_kind("filter")

    def use_ids(self, ids: list[int]) -> None:
        """Delegates picked elsewhere become the batch."""
        self._ids = tuple(ids)
        self.ids_edit.setText(", ".join(map(str, ids)))
        self._choose_kind("selection", force=True)

    def show_summary(self, batch: Batch | None, per_page: int, lang: str, *, no_event: bool = False) -> None:
        if no_event:
            self.summary.setText(t("badges.ui.no_event", lang))
            return
        if batch is None:
            self.summary.setText(t("ops.loading", lang))
            return
        count = len(batch.rows)
        text = t("badges.ui.summary", lang, count=count, pages=-(-count // max(1, per_page)))
        if batch.skipped:
            reasons = ", ".join(
                f"{t(f'badges.ui.skipped.{reason}', lang)}: {n}"
                for reason in ("cancelled", "deleted", "not_found")
                if (n := sum(1 for s in batch.skipped if s.reason == reason))
            )
            text += "\n" + t("badges.ui.skipped", lang, details=reasons)
        self.summary.setText(text)

    def _choose_kind(self, kind: str, *, force: bool = False) -> None:
        index = self.kind_combo.findData(kind)
        if index == self.kind_combo.currentIndex():
            self._show_fields()
            if force or kind == "filter":
                self.changed.emit()
            return
        self.kind_combo.setCurrentIndex(index)  # emits changed through _kind_changed

    def _kind_changed(self, _index: int) -> None:
        self._show_fields()
        self.changed.emit()

    def _show_fields(self) -> None:
        kind = self.kind
        for widget in (self.search_label, self.search_edit, self.category_label, self.category_combo,
                       self.delegates_filter_button):
            widget.setVisible(kind == "filter")
        self.delegates_filter_note.setVisible(kind == "filter" and self._external is not None)
        for widget in (self.ids_label, self.ids_edit):
            widget.setVisible(kind == "selection")

    def _ids_edited(self) -> None:
        ids = tuple(int(part) for part in self.ids_edit.text().replace(";", ",").replace(" ", ",").split(",")
                    if part.strip().isdigit())
        if ids != self._ids:
            self._ids = ids
            self.changed.emit()
