"""The delegates table and search box: keyboard behaviour, columns the user shows, header layout remembered."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLineEdit, QMenu, QTableView, QWidget

from confman.i18n import t
from confman.ui.delegates.delegates_table_model import (
    COLUMN_IDS,
    COLUMN_WIDTHS,
    COLUMNS,
    HIDDEN_BY_DEFAULT,
    NARROW_HIDE_ORDER,
)
from confman.ui.ui_state import ui_state

HEADER_KEY = "delegates/header_state"
HEADER_VERSION = 1


def format_count(value: int, lang: str) -> str:
    """1204 → "1.204" in Vietnamese, "1,204" in English."""
    locale = QLocale(QLocale.Language.Vietnamese if lang == "vi" else QLocale.Language.English)
    return locale.toString(int(value))


class SearchLineEdit(QLineEdit):
    """Down or Enter moves to the results; Esc clears."""

    to_results = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.to_results.emit()
            return
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)


class DelegatesTableView(QTableView):
    """Enter opens the current delegate, Del deletes the selection; the header's layout is remembered."""

    open_requested = Signal()
    delete_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("delegatesTable")
        self.columns_menu = QMenu(self)
        self.columns_menu.aboutToShow.connect(self.fill_columns_menu)
        self._saved_header = QByteArray()
        self._header_timer = QTimer(self)
        self._header_timer.setSingleShot(True)
        self._header_timer.setInterval(400)
        self._header_timer.timeout.connect(self.save_header_state)

    def setup(self, row_height: int) -> None:
        """Behaviour and columns, once the model is set."""
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(row_height)
        header = self.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.setSortingEnabled(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(
            lambda pos: (self.fill_columns_menu(), self.columns_menu.exec(header.mapToGlobal(pos))))
        for index, column in enumerate(COLUMN_IDS):
            header.resizeSection(index, COLUMN_WIDTHS[column])
            header.setSectionHidden(index, column in HIDDEN_BY_DEFAULT)
        for signal in (header.sectionResized, header.sectionMoved):
            signal.connect(lambda *_args: self._header_timer.start())
        self._columns_fitted = self.restore_header_state()

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if not self._columns_fitted and self.isVisible():
            self._columns_fitted = True
            self.fit_columns(self.viewport().width())

    def fit_columns(self, width: int) -> list[str]:
        """On a first start in a narrow window, hide the less useful columns until the rest fit ``width``
        (a layout the user chose is restored instead); returns the columns hidden."""
        header = self.horizontalHeader()
        hidden = []
        for column in NARROW_HIDE_ORDER:
            shown = sum(header.sectionSize(i) for i in range(header.count()) if not header.isSectionHidden(i))
            if shown <= width:
                break
            index = COLUMN_IDS.index(column)
            if not header.isSectionHidden(index):
                header.setSectionHidden(index, True)
                hidden.append(column)
        return hidden

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and event.modifiers() in (
                Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier):
            self.open_requested.emit()
            return
        if event.key() == Qt.Key.Key_Delete and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.delete_requested.emit()
            return
        super().keyPressEvent(event)

    def fill_columns_menu(self) -> None:
        self.columns_menu.clear()
        header = self.horizontalHeader()
        for index, (column, key, _sort) in enumerate(COLUMNS):
            action = self.columns_menu.addAction(t(key))
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(index))
            action.setEnabled(column != "name")
            action.toggled.connect(lambda on, i=index: self.set_column_visible(i, on))

    def set_column_visible(self, index: int, visible: bool) -> None:
        header = self.horizontalHeader()
        header.setSectionHidden(index, not visible)
        if visible and header.sectionSize(index) < 30:
            header.resizeSection(index, COLUMN_WIDTHS[COLUMN_IDS[index]])
        self.save_header_state()

    def save_header_state(self) -> None:
        state = self.horizontalHeader().saveState()
        if state == self._saved_header:  # resizes by the stretching last column change nothing
            return
        self._saved_header = state
        settings = ui_state()
        settings.setValue(HEADER_KEY, state)
        settings.setValue(HEADER_KEY + "_version", HEADER_VERSION)
        settings.sync()

    def restore_header_state(self) -> bool:
        """The header layout the user left; False when there is none (first start)."""
        settings = ui_state()
        state = settings.value(HEADER_KEY)
        restored = False
        if isinstance(state, QByteArray) and int(settings.value(HEADER_KEY + "_version", 0) or 0) == HEADER_VERSION:
            header = self.horizontalHeader()
            restored = header.restoreState(state)
            header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)  # the data comes in name order
        self._saved_header = self.horizontalHeader().saveState()
        return restored

    def hideEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        self.save_header_state()
        super().hideEvent(event)
