"""The Delegates page: find anyone in seconds, register, edit, merge, bulk changes, recycle bin.

The table shows a windowed model over the ids of the current search. Search as you type:
the first keystroke searches at once; while a search runs, later keystrokes wait for it and
only the newest text is searched next (results of a text already overtaken are dropped), so
the last keystroke's rows show one or two query times after it, whatever the typing speed.
The result replaces the table in one step, keeping the selection and the scroll position.
Writes are ops; their ``Changes`` refresh every page.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QLabel, QMenu, QPushButton, QSizePolicy

from confman.core.changes import Changes
from confman.i18n import t
from confman.ui.context import UiContext
from confman.ui.delegates import layout, ops
from confman.ui.delegates.bulk_changes import BulkChanges
from confman.ui.delegates.delegates_table_model import PAGE_SIZE, DelegatesTableModel
from confman.ui.delegates.editing import DelegateEditing
from confman.ui.delegates.filter_bar import FilterBar
from confman.ui.delegates.ops import CategoryRow, DelegateFilters, DelegateSort, OrganizationRow, SearchIds
from confman.ui.delegates.table_view import DelegatesTableView, SearchLineEdit, format_count
from confman.ui.ops import Op
from confman.ui.page import Page
from confman.ui.widgets.empty_hint import empty_hint

if TYPE_CHECKING:
    from confman.ui.delegates.import_wizard import ImportWizard

WATCHED = ("delegates", "checkins", "badges", "categories", "organizations")


class DelegatesPage(Page):
    """List, search, filter and edit the current event's delegates."""

    results_shown = Signal(int)  # filtered count, after a search result is on screen

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.setObjectName("delegatesPage")
        self._sort = DelegateSort()
        self._total = 0
        self._total_stale = True
        self.categories: list[CategoryRow] = []
        self.organizations: list[OrganizationRow] = []
        self.select_after: list[int] | None = None  # ids to select once the next result is shown
        self._search_op: Op[SearchIds] | None = None
        self.import_wizard: ImportWizard | None = None
        self.last_search_ms = 0.0
        self.last_apply_ms = 0.0
        self.shown_query = ""  # the search text of the rows on screen
        self.loaded = False  # a first result is on screen (until then: a loading state, never "no delegates")
        self.model = DelegatesTableModel(self._request_rows, lambda: ctx.language)
        self.model.sort_requested.connect(self._sort_requested)
        self.bulk = BulkChanges(self)
        self.editing = DelegateEditing(self)
        self._build()
        ctx.event_changed.connect(lambda _event: self._event_changed())
        ctx.data_changed.connect(self._data_changed)
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
        self.search.setMinimumWidth(180)
        self.search.textChanged.connect(lambda _text: self.refresh())
        self.search.to_results.connect(self._focus_results)

        def button(name: str, slot: Callable[[], Any]) -> QPushButton:
            widget = QPushButton()
            widget.setObjectName(name)
            widget.clicked.connect(slot)
            return widget

        editing, bulk = self.editing, self.bulk
        self.add_button = button("addDelegate", lambda: editing.open_editor(None))
        self.edit_button = button("editDelegate", editing.edit_current)
        self.delete_button = button("deleteDelegates", bulk.delete_or_restore_selected)
        self.undo_button = button("undoDelete", bulk.undo)
        self.print_button = button("printBadges", self._print_selection)
        self.orgs_button = button("organizations", editing.open_organizations)
        self.cats_button = button("categories", editing.open_categories)

        self.filter_bar = FilterBar()
        self.filter_bar.changed.connect(self.refresh)
        self.filter_bar.bin_toggled.connect(lambda _on: (self.update_actions(), self.refresh()))
        self.table = DelegatesTableView()
        self.table.setModel(self.model)
        self.table.setup(self.fontMetrics().height() + 10)
        self.filter_bar.columns_button.setMenu(self.table.columns_menu)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._table_menu)  # right click or the Menu key
        self.table.doubleClicked.connect(lambda _index: editing.edit_current())
        self.table.open_requested.connect(editing.edit_current)
        self.table.delete_requested.connect(bulk.delete_or_restore_selected)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.update_actions())

        self.message = QLabel()
        self.message.setObjectName("pageMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.empty_label = empty_hint()
        self.empty_label.hide()
        layout.arrange(self)
        self.shortcuts = layout.page_shortcuts(self)

    # the filter bar's widgets, as tests and the badges page's "use this filter" know them
    @property
    def category_filter(self) -> Any:
        return self.filter_bar.category_filter

    @property
    def org_filter(self) -> Any:
        return self.filter_bar.org_filter

    @property
    def checkin_filter(self) -> Any:
        return self.filter_bar.checkin_filter

    @property
    def bin_check(self) -> Any:
        return self.filter_bar.bin_check

    def retranslate(self) -> None:
        lang = self.ctx.language
        self.title.setText(t("nav.delegates"))
        self.search.setPlaceholderText(t("delegates.search.placeholder"))
        self.search.setToolTip(t("delegates.search.tip"))
        for widget, key in ((self.add_button, "add"), (self.edit_button, "edit"), (self.undo_button, "undo")):
            widget.setText(t(f"delegates.action.{key}"))
            widget.setToolTip(t(f"delegates.action.{key}_tip"))
        self.bulk.retranslate()
        self.print_button.setText(t("delegates.action.print"))
        self.orgs_button.setText(t("delegates.action.organizations"))
        self.cats_button.setText(t("delegates.action.categories"))
        self.filter_bar.retranslate(lang)
        self.bulk.fill_categories(self.categories, lang)
        self.model.retranslate()
        self.update_actions()
        self._update_count()

    # ------------------------------------------------------------------ reference data
    def _load_reference_data(self) -> None:
        event = self.ctx.event
        if event is None:
            self._reference_loaded(ops.Reference([], []))
            return
        self.ctx.ops.read(self, lambda db: ops.reference(db, event.id)).latest("reference") \
            .done(self._reference_loaded).run()

    def _reference_loaded(self, reference: ops.Reference) -> None:
        self.categories, self.organizations = reference.categories, reference.organizations
        self.filter_bar.set_reference(self.categories, self.organizations, self.ctx.language)
        self.bulk.fill_categories(self.categories, self.ctx.language)

    # ------------------------------------------------------------------ searching
    def filters(self) -> DelegateFilters:
        return self.filter_bar.filters()

    def refresh(self) -> None:
        """Search now with the current text, filters and order; a search still running is overtaken:
        interrupted in the database and its result dropped, so the newest text never waits."""
        event = self.ctx.event
        if event is None:
            self.loaded = True
            self.shown_query = ""
            self._apply(SearchIds(ids=(), total=0), time.perf_counter())
            return
        query, filters, sort, with_total = self.search.text(), self.filters(), self._sort, self._total_stale
        known = self.model.cached_ids()
        started = time.perf_counter()
        self._search_op = self.ctx.ops.read(self, lambda db, steps: ops.search(
            db, steps, event.id, query, filters, sort, first=PAGE_SIZE, with_total=with_total, known=known)) \
            .latest("search").with_steps().done(lambda result: self._searched(result, started, query)).run()

    @property
    def searching(self) -> bool:
        return self._search_op is not None and not self._search_op.finished

    def _searched(self, result: SearchIds, started: float, query: str) -> None:
        self.loaded = True
        self.shown_query = query
        self._apply(result, started)

    def _apply(self, result: SearchIds, started: float) -> None:
        applying = time.perf_counter()
        current_id = self.current_id()
        selected = self.select_after if self.select_after is not None else self.selected_ids()
        scroll = self.table.verticalScrollBar().value()
        self.model.set_result(result.ids, result.first_rows)
        if result.total >= 0:
            self._total = result.total
            self._total_stale = False
        self._restore_selection(selected, current_id, scroll, scroll_to=self.select_after is not None)
        self.select_after = None
        self.update_actions()
        now = time.perf_counter()
        self.last_search_ms = (now - started) * 1000
        self.last_apply_ms = (now - applying) * 1000  # time the UI thread spent on the result
        self.results_shown.emit(result.filtered)

    def _request_rows(self, ids: Any) -> None:
        wanted = list(ids)
        self.ctx.ops.read(self, lambda db: ops.rows(db, wanted)).done(self.model.rows_arrived).run()

    def _restore_selection(self, ids: list[int], current_id: int | None, scroll: int, *, scroll_to: bool) -> None:
        selection = self.table.selectionModel()
        rows = sorted(r for r in (self.model.row_of(i) for i in ids) if r is not None)
        current_row = self.model.row_of(current_id) if current_id is not None else None
        if current_row is None and rows:
            current_row = rows[0]
        if current_row is not None:
            selection.setCurrentIndex(self.model.index(current_row, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
        if rows:
            # One selection of contiguous ranges: a select() per row would be quadratic for 50,000 rows.
            ranges = QItemSelection()
            start = previous = rows[0]
            for row in [*rows[1:], None]:
                if row is not None and row == previous + 1:
                    previous = row
                    continue
                ranges.select(self.model.index(start, 0), self.model.index(previous, 0))
                if row is not None:
                    start = previous = row
            selection.select(ranges, QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
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
        shown, total, in_bin = self.model.rowCount(), self._total, self.filter_bar.in_bin
        if not self.loaded and self.ctx.event is not None:
            self.count_label.setText(t("ops.loading", lang))
            self.empty_label.hide()
            return
        if in_bin:
            text = t("delegates.count_bin", shown=format_count(shown, lang))
        else:
            text = t("delegates.count", shown=format_count(shown, lang), total=format_count(total, lang))
        selected = len(self.selected_ids())
        if selected > 1:
            text += " · " + t("delegates.count_selected", count=format_count(selected, lang))
        self.count_label.setText(text)
        if self.ctx.event is None:
            self.empty_label.setText(t("delegates.empty.no_event"))
        elif total == 0 and not in_bin:
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

    def update_actions(self) -> None:
        selected = self.selected_ids()
        in_bin = self.filter_bar.in_bin
        self.add_button.setEnabled(self.ctx.event is not None)
        self.edit_button.setEnabled(self.current_id() is not None and not in_bin)
        self.delete_button.setEnabled(bool(selected))
        self.delete_button.setText(t("delegates.action.restore" if in_bin else "delegates.action.delete"))
        self.delete_button.setToolTip(t("delegates.action.restore_tip" if in_bin else "delegates.action.delete_tip"))
        self.undo_button.setEnabled(bool(self.bulk.undo_stack))
        self.bulk.update(len(selected), in_bin)
        self.print_button.setEnabled(bool(selected) and not in_bin)
        self.print_button.setToolTip(t("delegates.action.print_tip"))
        self._update_count()

    def _table_menu(self, pos: Any) -> None:
        if not self.selected_ids() or self.filter_bar.in_bin:
            return
        menu = QMenu(self)
        edit = menu.addAction(self.edit_button.text())
        edit.triggered.connect(self.editing.edit_current)
        menu.addSeparator()
        for action in self.bulk.menu.actions():
            menu.addAction(action)
        menu.addSeparator()
        delete = menu.addAction(self.delete_button.text())
        delete.triggered.connect(self.bulk.delete_or_restore_selected)
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def _print_selection(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.ctx.actions.print_badges(ids)

    def activated(self) -> None:
        """Shown from the sidebar: the cursor waits in the search box."""
        if self.editing.active_dialog is None:
            self.search.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def data_shown(self) -> bool:
        return self.loaded

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _focus_results(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet("color: #B3261E;" if error else "color: #1b5e20;")
        self.message.setText(text)

    def show_error_text(self, text: str) -> None:
        self.show_message(text, error=True)

    # ------------------------------------------------------------------ entry points for the window
    def current_filter(self) -> tuple[str, DelegateFilters]:
        """The search text and filters shown (the badges page can print this batch)."""
        return self.search.text(), self.filters()

    def show_delegate(self, delegate_id: int) -> None:
        """Open this delegate's editor (the window's ``show_delegate`` action)."""
        self.select_after = [delegate_id]
        self.editing.open_editor(delegate_id)

    def print_delegate_list(self) -> None:
        """The printed list of the current search and filters, on the reports page."""
        self.ctx.actions.open_delegate_list(self.search.text(), self.filters())

    # ------------------------------------------------------------------ refresh triggers
    def _event_changed(self) -> None:
        self.bulk.undo_stack.clear()
        self._total_stale = True
        self.loaded = False
        self.model.invalidate()
        self._load_reference_data()
        self.update_actions()
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
