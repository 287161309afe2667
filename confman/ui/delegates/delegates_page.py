"""The Delegates page: find anyone in seconds, register, edit, merge, bulk changes, recycle bin.

The table shows a windowed model over the ids of the current search. Typing in the search
box is debounced (``SEARCH_DELAY_MS``); the search runs on the task runner's database
worker and its result replaces the table in one step, keeping the selection and the scroll
position; a result overtaken by a newer keystroke is dropped. Writes go through the core
services and are broadcast with ``ctx.notify`` so other pages refresh too.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QItemSelection,
    QItemSelectionModel,
    QLocale,
    QMetaMethod,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QTableView,
    QToolButton,
    QVBoxLayout,
)

from confman.core.changes import Changes
from confman.core.enums import DelegateStatus, OrganizationType
from confman.core.errors import DomainError
from confman.core.registration.categories import list_categories
from confman.core.registration.organizations import list_organizations
from confman.core.registration.rows import (
    KEEP,
    CategoryRow,
    DelegateFilters,
    DelegateSort,
    OrganizationRow,
    SearchIds,
)
from confman.core.registration.service import (
    bulk_update,
    delete_delegates,
    fetch_delegate_rows,
    get_delegate,
    restore_delegates,
    search_delegate_ids,
)
from confman.i18n import t
from confman.messages import describe
from confman.ui.context import UiContext
from confman.ui.delegates.delegate_dialog import DelegateDialog, color_icon
from confman.ui.delegates.delegates_table_model import (
    COLUMN_IDS,
    COLUMN_WIDTHS,
    COLUMNS,
    HIDDEN_BY_DEFAULT,
    PAGE_SIZE,
    DelegatesTableModel,
)
from confman.ui.delegates.editors import CategoriesDialog, OrganizationsDialog
from confman.ui.delegates.import_wizard import import_export_buttons
from confman.ui.delegates.merge_dialog import MergeDialog
from confman.ui.page import Page
from confman.ui.ui_state import ui_state

SEARCH_DELAY_MS = 150
WATCHED = ("delegates", "checkins", "badges", "categories", "organizations")
HEADER_KEY = "delegates/header_state"
HEADER_VERSION = 1




def format_count(value: int, lang: str) -> str:
    """1204 → "1.204" in Vietnamese, "1,204" in English."""
    locale = QLocale(QLocale.Language.Vietnamese if lang == "vi" else QLocale.Language.English)
    return locale.toString(int(value))


class DelegatesTableView(QTableView):
    """Enter opens the current delegate, Del deletes the selection."""

    open_requested = Signal()
    delete_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and event.modifiers() in (
                Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier):
            self.open_requested.emit()
            return
        if event.key() == Qt.Key.Key_Delete and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.delete_requested.emit()
            return
        super().keyPressEvent(event)


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


class DelegatesPage(Page):
    """List, search, filter and edit the current event's delegates."""

    print_badges_requested = Signal(list)  # delegate ids, for the badges feature
    delegate_list_requested = Signal(str, object)  # search text and DelegateFilters, for the reports feature
    results_shown = Signal(int)  # filtered count, after a search result is on screen

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.setObjectName("delegatesPage")
        self._generation = 0
        self._sort = DelegateSort()
        self._total = 0
        self._total_stale = True
        self._categories: list[CategoryRow] = []
        self._organizations: list[OrganizationRow] = []
        self._undo_stack: list[list[int]] = []
        self._select_after: list[int] | None = None
        self.active_dialog: QDialog | None = None
        self._saved_header = QByteArray()
        self.last_search_ms = 0.0
        self.last_apply_ms = 0.0
        self.searching = False

        self.model = DelegatesTableModel(lambda ids: fetch_delegate_rows(ctx.db, ids), lambda: ctx.language)
        self.model.sort_requested.connect(self._sort_requested)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.refresh)
        self._header_timer = QTimer(self)
        self._header_timer.setSingleShot(True)
        self._header_timer.setInterval(400)
        self._header_timer.timeout.connect(self.save_header_state)
        self._building = True
        self._build()
        self._building = False

        ctx.event_changed.connect(lambda _event: self._event_changed())
        ctx.data_changed.connect(self._data_changed)
        self.restore_header_state()
        self.retranslate()
        self._event_changed()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.count_label = QLabel()
        self.count_label.setObjectName("delegateCount")
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        self.search = SearchLineEdit()
        self.search.setObjectName("delegateSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(300)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.to_results.connect(self._focus_results)

        self.add_button = QPushButton()
        self.add_button.setObjectName("addDelegate")
        self.add_button.clicked.connect(lambda: self.open_editor(None))
        self.edit_button = QPushButton()
        self.edit_button.clicked.connect(self.edit_current)
        self.delete_button = QPushButton()
        self.delete_button.setObjectName("deleteDelegates")
        self.delete_button.clicked.connect(self.delete_or_restore_selected)
        self.undo_button = QPushButton()
        self.undo_button.setObjectName("undoDelete")
        self.undo_button.clicked.connect(self.undo)
        self.actions_button = QToolButton()
        self.actions_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.actions_menu = QMenu(self)
        self.actions_button.setMenu(self.actions_menu)
        self.category_menu = QMenu(self)
        self.status_menu = QMenu(self)
        self.set_delegation_action = QAction(self)
        self.set_delegation_action.triggered.connect(self.set_delegation_for_selection)
        self.merge_action = QAction(self)
        self.merge_action.triggered.connect(self.merge_selected)
        self.actions_menu.addMenu(self.category_menu)
        self.actions_menu.addMenu(self.status_menu)
        self.actions_menu.addAction(self.set_delegation_action)
        self.actions_menu.addSeparator()
        self.actions_menu.addAction(self.merge_action)
        for status in DelegateStatus:
            action = self.status_menu.addAction("")
            action.setData(status.value)
            action.triggered.connect(lambda _=False, s=status: self.set_status_for_selection(s))
        self.print_button = QPushButton()
        self.print_button.setObjectName("printBadges")
        self.print_button.clicked.connect(self._print_selection)
        self.orgs_button = QPushButton()
        self.orgs_button.clicked.connect(self.open_organizations)
        self.cats_button = QPushButton()
        self.cats_button.clicked.connect(self.open_categories)
        self.columns_button = QToolButton()
        self.columns_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.columns_menu = QMenu(self)
        self.columns_menu.aboutToShow.connect(self._fill_columns_menu)
        self.columns_button.setMenu(self.columns_menu)

        top = QHBoxLayout()
        # Title row: the page and its list-wide tools; action row: search, the selection's actions, count.
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.orgs_button)
        top.addWidget(self.cats_button)
        for widget in import_export_buttons(self):  # the import wizard and export live in import_wizard.py
            top.addWidget(widget)

        actions = QHBoxLayout()
        actions.addWidget(self.search, 1)
        for widget in (self.add_button, self.edit_button, self.delete_button, self.undo_button,
                       self.actions_button, self.print_button):
            actions.addWidget(widget)
        actions.addSpacing(12)
        actions.addWidget(self.count_label)

        self.category_filter = QComboBox()
        self.category_filter.setObjectName("categoryFilter")
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("statusFilter")
        self.org_type_filter = QComboBox()
        self.org_filter = QComboBox()
        self.org_filter.setObjectName("organizationFilter")
        self.org_filter.setMaximumWidth(280)
        self.org_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.org_filter.setMinimumContentsLength(18)
        self.badge_filter = QComboBox()
        self.checkin_filter = QComboBox()
        self.checkin_filter.setObjectName("checkinFilter")
        self.bin_check = QCheckBox()
        self.bin_check.setObjectName("recycleBin")
        for combo in (self.category_filter, self.status_filter, self.org_type_filter, self.org_filter,
                      self.badge_filter, self.checkin_filter):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.bin_check.toggled.connect(lambda _on: (self._update_actions(), self.refresh()))
        self.status_filter.addItem("", None)
        for status in DelegateStatus:
            self.status_filter.addItem("", status.value)
        self.org_type_filter.addItem("", None)
        for org_type in OrganizationType:
            self.org_type_filter.addItem("", org_type.value)
        for combo in (self.badge_filter, self.checkin_filter):
            for value in (None, True, False):
                combo.addItem("", value)
        filters = QHBoxLayout()
        self.filter_label = QLabel()
        filters.addWidget(self.filter_label)
        for widget in (self.category_filter, self.status_filter, self.org_type_filter, self.org_filter,
                       self.badge_filter, self.checkin_filter, self.bin_check):
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.columns_button)

        self.table = DelegatesTableView()
        self.table.setObjectName("delegatesTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(
            lambda pos: (self._fill_columns_menu(), self.columns_menu.exec(header.mapToGlobal(pos))))
        for index, column in enumerate(COLUMN_IDS):
            header.resizeSection(index, COLUMN_WIDTHS[column])
            header.setSectionHidden(index, column in HIDDEN_BY_DEFAULT)
        for signal in (header.sectionResized, header.sectionMoved):
            signal.connect(lambda *_args: self._header_timer.start())
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._table_menu)  # right click or the Menu key
        self.table.doubleClicked.connect(lambda _index: self.edit_current())
        self.table.open_requested.connect(self.edit_current)
        self.table.delete_requested.connect(self.delete_or_restore_selected)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())

        self.message = QLabel()
        self.message.setObjectName("pageMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.empty_label = QLabel()
        self.empty_label.setObjectName("emptyHint")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("color: #5f6368; padding: 24px;")
        self.empty_label.hide()

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.message)

        def shortcut(keys: QKeySequence | str, slot: Callable[[], Any]) -> QShortcut:
            sc = QShortcut(QKeySequence(keys), self, activated=slot)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            return sc

        self.shortcuts = {
            "find": shortcut(QKeySequence.StandardKey.Find, self.focus_search),
            "new": shortcut(QKeySequence.StandardKey.New, lambda: self.open_editor(None)),
            "undo": shortcut(QKeySequence.StandardKey.Undo, self.undo),
            "refresh": shortcut(QKeySequence.StandardKey.Refresh, self.refresh),
        }

    # ------------------------------------------------------------------ language
    def retranslate(self) -> None:
        self.title.setText(t("nav.delegates"))
        self.search.setPlaceholderText(t("delegates.search.placeholder"))
        self.search.setToolTip(t("delegates.search.tip"))
        self.add_button.setText(t("delegates.action.add"))
        self.add_button.setToolTip(t("delegates.action.add_tip"))
        self.edit_button.setText(t("delegates.action.edit"))
        self.edit_button.setToolTip(t("delegates.action.edit_tip"))
        self.undo_button.setText(t("delegates.action.undo"))
        self.undo_button.setToolTip(t("delegates.action.undo_tip"))
        self.actions_button.setText(t("delegates.action.more"))
        self.category_menu.setTitle(t("delegates.action.set_category"))
        self.status_menu.setTitle(t("delegates.action.set_status"))
        for action in self.status_menu.actions():
            action.setText(t(f"delegates.status.{DelegateStatus(action.data()).value}"))
        self.set_delegation_action.setText(t("delegates.action.set_delegation"))
        self.merge_action.setText(t("delegates.action.merge"))
        self.print_button.setText(t("delegates.action.print"))
        self.orgs_button.setText(t("delegates.action.organizations"))
        self.cats_button.setText(t("delegates.action.categories"))
        self.columns_button.setText(t("delegates.action.columns"))
        self.filter_label.setText(t("delegates.filter.label"))
        self.status_filter.setItemText(0, t("delegates.filter.any_status"))
        for i in range(1, self.status_filter.count()):
            status = DelegateStatus(self.status_filter.itemData(i))
            self.status_filter.setItemText(i, t(f"delegates.status.{status.value}"))
        self.org_type_filter.setItemText(0, t("delegates.filter.any_org_type"))
        for i in range(1, self.org_type_filter.count()):
            org_type = OrganizationType(self.org_type_filter.itemData(i))
            self.org_type_filter.setItemText(i, t(f"delegates.org_type.{org_type.value}"))
        for combo, prefix in ((self.badge_filter, "badge"), (self.checkin_filter, "checkin")):
            for i, suffix in enumerate(("any", "yes", "no")):
                combo.setItemText(i, t(f"delegates.filter.{prefix}_{suffix}"))
        self.bin_check.setText(t("delegates.filter.recycle_bin"))
        self.bin_check.setToolTip(t("delegates.filter.recycle_bin_tip"))
        self._fill_category_widgets()
        self._fill_org_filter()
        self.model.retranslate()
        self._update_actions()
        self._update_count()

    # ------------------------------------------------------------------ reference data
    def _load_reference_data(self) -> None:
        event = self.ctx.event
        self._categories = list_categories(self.ctx.db, event.id) if event else []
        self._organizations = list_organizations(self.ctx.db, event_id=event.id) if event else []
        self._fill_category_widgets()
        self._fill_org_filter()

    def _fill_category_widgets(self) -> None:
        lang = self.ctx.language
        current = self.category_filter.currentData()
        self.category_filter.blockSignals(True)
        self.category_filter.clear()
        self.category_filter.addItem(t("delegates.filter.any_category"), None)
        for category in self._categories:
            self.category_filter.addItem(color_icon(category.color), category.label(lang), category.id)
        self.category_filter.setCurrentIndex(max(0, self.category_filter.findData(current)))
        self.category_filter.blockSignals(False)
        self.category_menu.clear()
        for category in self._categories:
            action = self.category_menu.addAction(color_icon(category.color),
                                                  category.label(lang).replace("&", "&&"))
            action.triggered.connect(lambda _=False, c=category.id: self.set_category_for_selection(c))
        self.category_menu.addSeparator()
        none = self.category_menu.addAction(t("delegates.field.no_category"))
        none.triggered.connect(lambda _=False: self.set_category_for_selection(None))

    def _fill_org_filter(self) -> None:
        current = self.org_filter.currentData()
        self.org_filter.blockSignals(True)
        self.org_filter.clear()
        self.org_filter.addItem(t("delegates.filter.any_organization"), None)
        for org in self._organizations:
            if org.delegate_count or org.id == current:
                self.org_filter.addItem(org.name, org.id)
        self.org_filter.setCurrentIndex(max(0, self.org_filter.findData(current)))
        self.org_filter.blockSignals(False)

    # ------------------------------------------------------------------ searching
    def filters(self) -> DelegateFilters:
        def one(combo: QComboBox) -> frozenset[Any]:
            value = combo.currentData()
            return frozenset() if value is None else frozenset({value})

        return DelegateFilters(
            category_ids=one(self.category_filter), organization_types=one(self.org_type_filter),
            organization_ids=one(self.org_filter), statuses=one(self.status_filter),
            badge_printed=self.badge_filter.currentData(), checked_in=self.checkin_filter.currentData(),
            only_deleted=self.bin_check.isChecked(),
        )

    def refresh(self) -> None:
        """Search now with the current text, filters and order (results arrive asynchronously)."""
        self._search_timer.stop()
        if self._building:
            return
        event = self.ctx.event
        self._generation += 1
        generation = self._generation
        if event is None:
            self._apply(generation, SearchIds(ids=(), total=0), time.perf_counter())
            return
        db, query, filters, sort = self.ctx.db, self.search.text(), self.filters(), self._sort
        with_total = self._total_stale
        known = self.model.cached_ids()
        started = time.perf_counter()
        self.searching = True

        def job() -> SearchIds | None:
            if generation != self._generation:  # a newer keystroke already queued its own search
                return None
            return search_delegate_ids(db, event.id, query, filters, sort, first=PAGE_SIZE, with_total=with_total,
                                       known=known)

        self.ctx.tasks.run(job, on_done=lambda result: self._apply(generation, result, started),
                           on_error=lambda exc: self._search_failed(generation, exc))

    def _apply(self, generation: int, result: SearchIds | None, started: float) -> None:
        if result is None or generation != self._generation:
            return
        applying = time.perf_counter()
        self.searching = False
        current_id = self.current_id()
        selected = self._select_after if self._select_after is not None else self.selected_ids()
        scroll = self.table.verticalScrollBar().value()
        self.model.set_result(result.ids, result.first_rows)
        if result.total >= 0:
            self._total = result.total
            self._total_stale = False
        self._restore_selection(selected, current_id, scroll, scroll_to=self._select_after is not None)
        self._select_after = None
        self._update_count()
        self._update_actions()
        now = time.perf_counter()
        self.last_search_ms = (now - started) * 1000
        self.last_apply_ms = (now - applying) * 1000  # time the UI thread spent on the result
        self.results_shown.emit(result.filtered)

    def _search_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self.searching = False
        self._show_error(exc)

    def _restore_selection(self, ids: list[int], current_id: int | None, scroll: int, *, scroll_to: bool) -> None:
        selection = self.table.selectionModel()
        rows = [r for r in (self.model.row_of(i) for i in ids) if r is not None]
        current_row = self.model.row_of(current_id) if current_id is not None else None
        if current_row is None and rows:
            current_row = rows[0]
        if current_row is not None:
            selection.setCurrentIndex(self.model.index(current_row, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
        if rows:
            # One selection of contiguous ranges: a select() per row would be quadratic for 50,000 rows.
            ranges = QItemSelection()
            rows.sort()
            start = previous = rows[0]
            for row in [*rows[1:], None]:
                if row is not None and row == previous + 1:
                    previous = row
                    continue
                ranges.select(self.model.index(start, 0), self.model.index(previous, 0))
                if row is not None:
                    start = previous = row
            selection.select(ranges, QItemSelectionModel.SelectionFlag.Select
                             | QItemSelectionModel.SelectionFlag.Rows)
        if scroll_to and current_row is not None:
            self.table.scrollTo(self.model.index(current_row, 0), QAbstractItemView.ScrollHint.PositionAtCenter)
        else:
            self.table.verticalScrollBar().setValue(scroll)

    def _sort_requested(self, column: str, descending: bool) -> None:
        sort = DelegateSort(column, descending)
        if sort != self._sort:
            self._sort = sort
            self.refresh()

    def _update_count(self) -> None:
        lang = self.ctx.language
        shown, total = self.model.rowCount(), self._total
        if self.bin_check.isChecked():
            text = t("delegates.count_bin", shown=format_count(shown, lang))
        else:
            text = t("delegates.count", shown=format_count(shown, lang), total=format_count(total, lang))
        selected = len(self.selected_ids())
        if selected > 1:
            text += " · " + t("delegates.count_selected", count=format_count(selected, lang))
        self.count_label.setText(text)
        if self.ctx.event is None:
            self.empty_label.setText(t("delegates.empty.no_event"))
        elif total == 0 and not self.bin_check.isChecked():
            self.empty_label.setText(t("delegates.empty.no_delegates"))
        elif shown == 0:
            self.empty_label.setText(t("delegates.empty.no_match"))
        self.empty_label.setVisible(shown == 0)

    # ------------------------------------------------------------------ selection and actions
    def selected_ids(self) -> list[int]:
        """Ids of the selected rows in display order (read from the selection's ranges: Ctrl+A on
        50,000 rows stays cheap)."""
        rows: set[int] = set()
        for selected in self.table.selectionModel().selection():
            rows.update(range(selected.top(), selected.bottom() + 1))
        ids = self.model.ids
        return [ids[r] for r in sorted(rows) if r < len(ids)]

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def _print_connected(self) -> bool:
        return self.isSignalConnected(QMetaMethod.fromSignal(self.print_badges_requested))

    def _update_actions(self) -> None:
        has_event = self.ctx.event is not None
        selected = self.selected_ids()
        in_bin = self.bin_check.isChecked()
        self.add_button.setEnabled(has_event)
        self.edit_button.setEnabled(self.current_id() is not None and not in_bin)
        self.delete_button.setEnabled(bool(selected))
        self.delete_button.setText(t("delegates.action.restore" if in_bin else "delegates.action.delete"))
        self.delete_button.setToolTip(t("delegates.action.restore_tip" if in_bin else "delegates.action.delete_tip"))
        self.undo_button.setEnabled(bool(self._undo_stack))
        self.actions_button.setEnabled(bool(selected) and not in_bin)
        self.merge_action.setEnabled(len(selected) == 2)
        connected = self._print_connected()
        self.print_button.setEnabled(connected and bool(selected) and not in_bin)
        self.print_button.setToolTip(t("delegates.action.print_tip" if connected else "delegates.print.unavailable"))
        if self.ctx.event is not None:
            self._update_count()

    def connectNotify(self, signal: QMetaMethod) -> None:  # noqa: N802 - Qt override
        super().connectNotify(signal)
        if signal.name() == b"print_badges_requested":
            QTimer.singleShot(0, self._update_actions)

    def _table_menu(self, pos: Any) -> None:
        if not self.selected_ids() or self.bin_check.isChecked():
            return
        menu = QMenu(self)
        edit = menu.addAction(self.edit_button.text())
        edit.triggered.connect(self.edit_current)
        menu.addSeparator()
        for action in self.actions_menu.actions():
            menu.addAction(action)
        menu.addSeparator()
        delete = menu.addAction(self.delete_button.text())
        delete.triggered.connect(self.delete_or_restore_selected)
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def _print_selection(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.print_badges_requested.emit(ids)

    def activated(self) -> None:
        """Shown from the sidebar: the cursor waits in the search box."""
        if self.active_dialog is None:
            self.search.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _focus_results(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def _show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet("color: #B3261E;" if error else "color: #1b5e20;")
        self.message.setText(text)

    def _show_error(self, exc: BaseException) -> None:
        if isinstance(exc, DomainError):
            self._show_message(describe(exc, self.ctx.language), error=True)
        else:
            self._show_message(t("delegates.unexpected_error", detail=str(exc)), error=True)

    def _write(self, fn: Callable[[], Changes], *, done: Callable[[Changes], None] | None = None) -> None:
        """Run a write on the database worker, then broadcast what changed."""
        def finished(changes: Changes) -> None:
            self.ctx.notify(changes)
            if done is not None:
                done(changes)

        self.ctx.tasks.run(fn, on_done=finished, on_error=self._show_error)

    # ------------------------------------------------------------------ bulk changes
    def set_category_for_selection(self, category_id: int | None) -> None:
        ids, station = self.selected_ids(), self.ctx.station
        if ids:
            self._write(lambda: bulk_update(self.ctx.db, ids, category_id=category_id, station=station),
                        done=lambda ch: self._show_message(t("delegates.done.updated", count=len(ch.ids))))

    def set_status_for_selection(self, status: DelegateStatus) -> None:
        ids, station = self.selected_ids(), self.ctx.station
        if ids:
            self._write(lambda: bulk_update(self.ctx.db, ids, status=status, station=station),
                        done=lambda ch: self._show_message(t("delegates.done.updated", count=len(ch.ids))))

    def ask_text(self, title: str, label: str) -> str | None:
        """A one-line question (replaced in tests)."""
        text, ok = QInputDialog.getText(self, title, label)
        return text if ok else None

    def set_delegation_for_selection(self) -> None:
        ids, station = self.selected_ids(), self.ctx.station
        if not ids:
            return
        text = self.ask_text(t("delegates.action.set_delegation"),
                             t("delegates.ask.delegation", count=format_count(len(ids), self.ctx.language)))
        if text is not None:
            self._write(lambda: bulk_update(self.ctx.db, ids, delegation=text, status=KEEP, station=station),
                        done=lambda ch: self._show_message(t("delegates.done.updated", count=len(ch.ids))))

    def confirm(self, title: str, text: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("confirmBox")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.button(QMessageBox.StandardButton.Yes).setText(t("delegates.confirm.yes"))
        box.button(QMessageBox.StandardButton.No).setText(t("delegates.confirm.no"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def delete_or_restore_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        station = self.ctx.station
        if self.bin_check.isChecked():
            self._write(lambda: restore_delegates(self.ctx.db, ids, station=station),
                        done=lambda ch: self._show_message(t("delegates.done.restored", count=len(ch.ids))))
            return
        count = format_count(len(ids), self.ctx.language)
        first = self.model.cached(ids[0])
        text = (t("delegates.confirm.delete_one", name=first.display_name) if len(ids) == 1 and first
                else t("delegates.confirm.delete_many", count=count))
        if not self.confirm(t("delegates.action.delete"), text):
            return

        def done(changes: Changes) -> None:
            if changes.ids:
                self._undo_stack.append(sorted(changes.ids))
            self._show_message(t("delegates.done.deleted", count=format_count(len(changes.ids), self.ctx.language)))
            self._update_actions()

        self._write(lambda: delete_delegates(self.ctx.db, ids, station=station), done=done)

    def undo(self) -> None:
        """Restore the last deleted batch."""
        if not self._undo_stack:
            return
        ids = self._undo_stack.pop()
        self._select_after = ids
        station = self.ctx.station
        self._write(lambda: restore_delegates(self.ctx.db, ids, station=station),
                    done=lambda ch: (self._show_message(t("delegates.done.restored", count=len(ch.ids))),
                                     self._update_actions()))

    # ------------------------------------------------------------------ dialogs
    def _open(self, dialog: QDialog, on_finished: Callable[[int], None]) -> None:
        self.active_dialog = dialog

        def finished(code: int) -> None:
            if self.active_dialog is dialog:
                self.active_dialog = None
            on_finished(code)
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()

    def edit_current(self) -> None:
        delegate_id = self.current_id()
        if delegate_id is not None and not self.bin_check.isChecked():
            self.open_editor(delegate_id)

    def open_editor(self, delegate_id: int | None) -> None:
        """The add (None) or edit dialog, window-modal; saving broadcasts the change."""
        event = self.ctx.event
        if event is None or self.active_dialog is not None:
            return
        try:
            detail = get_delegate(self.ctx.db, delegate_id) if delegate_id is not None else None
        except DomainError as exc:
            self._show_error(exc)
            return
        org_names = [org.name for org in self._organizations]
        dialog = DelegateDialog(self.ctx, event.id, self._categories, org_names, detail, self)

        def finished(_code: int) -> None:
            if dialog.saved is not None:
                self._select_after = [dialog.saved.detail.id]
                self._show_message(t("delegates.done.saved", name=dialog.saved.detail.display_name))
                self.ctx.notify(dialog.saved.changes)
            if dialog.open_id is not None:
                self._select_after = [dialog.open_id]
                QTimer.singleShot(0, lambda: self.open_editor(dialog.open_id))
            elif dialog.merge_pair is not None:
                pair = dialog.merge_pair
                QTimer.singleShot(0, lambda: self.open_merge(*pair))

        self._open(dialog, finished)

    def merge_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 2:
            self.open_merge(ids[0], ids[1])

    def open_merge(self, first_id: int, second_id: int) -> None:
        if self.active_dialog is not None:
            return
        try:
            first, second = get_delegate(self.ctx.db, first_id), get_delegate(self.ctx.db, second_id)
        except DomainError as exc:
            self._show_error(exc)
            return
        dialog = MergeDialog(self.ctx, first, second, self._categories, self)

        def finished(_code: int) -> None:
            if dialog.changes is not None:
                survivor, _other, _take = dialog.plan()
                self._select_after = [survivor]
                self._show_message(t("delegates.done.merged"))
                self.ctx.notify(dialog.changes)

        self._open(dialog, finished)

    def open_organizations(self) -> None:
        if self.active_dialog is not None:
            return
        dialog = OrganizationsDialog(self.ctx, self.ctx.event.id if self.ctx.event else None, self)
        self._open(dialog, lambda _code: dialog.changes.kinds and self.ctx.notify(dialog.changes))

    def open_categories(self) -> None:
        if self.active_dialog is not None or self.ctx.event is None:
            return
        dialog = CategoriesDialog(self.ctx, self.ctx.event.id, self)
        self._open(dialog, lambda _code: dialog.changes.kinds and self.ctx.notify(dialog.changes))

    # ------------------------------------------------------------------ refresh triggers
    def _event_changed(self) -> None:
        self._undo_stack.clear()
        self._total_stale = True
        self.model.invalidate()
        self._load_reference_data()
        self._update_actions()
        self.refresh()

    def _data_changed(self, changes: Changes) -> None:
        if not any(changes.touches(kind) for kind in WATCHED):
            return
        if changes.touches("categories") or changes.touches("organizations"):
            self._load_reference_data()
            self.model.invalidate()
        else:
            self.model.invalidate(changes.ids or None)
        self._total_stale = True
        self.refresh()

    # ------------------------------------------------------------------ header layout
    def _fill_columns_menu(self) -> None:
        self.columns_menu.clear()
        header = self.table.horizontalHeader()
        for index, (column, key, _sort) in enumerate(COLUMNS):
            action = self.columns_menu.addAction(t(key))
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(index))
            action.setEnabled(column != "name")
            action.toggled.connect(lambda on, i=index: self.set_column_visible(i, on))

    def set_column_visible(self, index: int, visible: bool) -> None:
        header = self.table.horizontalHeader()
        header.setSectionHidden(index, not visible)
        if visible and header.sectionSize(index) < 30:
            header.resizeSection(index, COLUMN_WIDTHS[COLUMN_IDS[index]])
        self.save_header_state()

    def save_header_state(self) -> None:
        state = self.table.horizontalHeader().saveState()
        if state == self._saved_header:  # resizes by the stretching last column change nothing
            return
        self._saved_header = state
        settings = ui_state()
        settings.setValue(HEADER_KEY, state)
        settings.setValue(HEADER_KEY + "_version", HEADER_VERSION)
        settings.sync()

    def restore_header_state(self) -> None:
        settings = ui_state()
        state = settings.value(HEADER_KEY)
        if isinstance(state, QByteArray) and int(settings.value(HEADER_KEY + "_version", 0) or 0) == HEADER_VERSION:
            header = self.table.horizontalHeader()
            header.restoreState(state)
            header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)  # the data comes in name order
        self._saved_header = self.table.horizontalHeader().saveState()

    def hideEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        self.save_header_state()
        super().hideEvent(event)
