"""The agenda page: timetable grid and list over the same items, conflicts panel, undo/redo.

Every write is an op; its ``Changes`` are broadcast and the page reloads items, rooms and
conflicts in one read. Moves, resizes, edits and shifts are undoable (Ctrl+Z / Ctrl+Y). The
export menu and printing live in ``outputs.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, time
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QSplitter,
    QTabBar,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from confman.core.changes import Changes
from confman.core.errors import DomainError
from confman.i18n import t
from confman.messages import describe
from confman.ui.agenda import ops
from confman.ui.agenda.actions import build_actions
from confman.ui.agenda.agenda_dialogs import AgendaDialogs
from confman.ui.agenda.agenda_table_model import ID_ROLE, SORT_ROLE, AgendaTableModel, agenda_list
from confman.ui.agenda.commands import ItemCommand
from confman.ui.agenda.conflicts_panel import ConflictsPanel
from confman.ui.agenda.ops import AgendaItemRow, AgendaSnapshot, EventRow, ItemDraft
from confman.ui.agenda.outputs import AgendaOutputs
from confman.ui.agenda.timetable_view import TimetableView
from confman.ui.context import UiContext
from confman.ui.page import Page

WATCHED = ("agenda", "rooms", "delegates", "presentations")


class AgendaPage(Page):
    nav_key = "nav.agenda"

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.setObjectName("agendaPage")
        self.snapshot = AgendaSnapshot([], [], [], [])
        self.conflicts_by_item: dict[int, list[str]] = {}
        self.current_day: date | None = None
        self.selected_id: int | None = None
        self.loaded = False
        self.undo_stack = QUndoStack(self)
        self.outputs = AgendaOutputs(self)
        self.dialogs = AgendaDialogs(self)

        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.toolbar = QToolBar()
        self.toolbar.setObjectName("agendaToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        build_actions(self)

        # grid: day tabs over the timetable
        self.day_tabs = QTabBar()
        self.day_tabs.setObjectName("agendaDays")
        self.day_tabs.setExpanding(False)
        self.day_tabs.currentChanged.connect(self._day_chosen)
        self.grid = TimetableView()
        self.grid.move_requested.connect(self.move_item)
        self.grid.resize_requested.connect(self.resize_item)
        self.grid.edit_requested.connect(self.dialogs.edit_item)
        self.grid.create_requested.connect(lambda room_id, start: self.dialogs.add_item(room_id=room_id, start=start))
        self.grid.item_selected.connect(self._select)
        self.grid.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.grid.customContextMenuRequested.connect(self._grid_menu)
        grid_box = QWidget()
        grid_layout = QVBoxLayout(grid_box)
        grid_layout.setContentsMargins(0, 0, 0, 0)
        grid_layout.setSpacing(0)
        grid_layout.addWidget(self.day_tabs)
        grid_layout.addWidget(self.grid, 1)

        # list
        self.model = AgendaTableModel(self)
        self.model.edit_handler = self._list_edit
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = agenda_list(self.proxy, self.model)
        self.table.selectionModel().currentRowChanged.connect(self._list_row_changed)

        self.views = QTabWidget()
        self.views.setObjectName("agendaViews")
        self.views.addTab(grid_box, "")
        self.views.addTab(self.table, "")

        self.conflicts = ConflictsPanel()
        self.conflicts.go_to.connect(self.go_to_item)
        splitter = QSplitter()
        splitter.addWidget(self.views)
        splitter.addWidget(self.conflicts)
        splitter.setStretchFactor(0, 1)
        splitter.setSizes([900, 280])

        self.message = QLabel()
        self.message.setObjectName("agendaMessage")
        self.message.setWordWrap(True)
        self.empty = QLabel()

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.programme_button)
        layout.addLayout(top)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.empty)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)

        ctx.event_changed.connect(self._event_changed)
        ctx.data_changed.connect(self._data_changed)
        self.retranslate()
        self.reload()

    def retranslate(self) -> None:
        lang = self.ctx.language
        self.title.setText(t("agenda.ui.title", lang))
        self.undo_action.setText(t("agenda.ui.undo", lang))
        self.redo_action.setText(t("agenda.ui.redo", lang))
        for action, key in ((self.add_action, "add"), (self.edit_action, "edit"), (self.delete_action, "delete"),
                            (self.shift_action, "shift"), (self.rooms_action, "rooms"),
                            (self.duplicate_action, "duplicate_day"), (self.copy_action, "copy_event"),
                            (self.print_action, "print"), (self.export_personal_action, "export_personal"),
                            (self.export_ics_action, "export_ics"), (self.export_xlsx_action, "export_xlsx"),
                            (self.import_xlsx_action, "import_xlsx")):
            action.setText(t(f"agenda.ui.{key}", lang))
        self.programme_action.setText(t("agenda_import_ui.action", lang))
        self.programme_button.setText(t("agenda_import_ui.action", lang))
        self.programme_button.setToolTip(t("agenda_import_ui.action_tip", lang))
        for doc_lang, action in self.export_pdf.items():
            action.setText(t(f"agenda.ui.export_pdf_{doc_lang}", lang))
        self.export_button.setText(t("agenda.ui.export", lang))
        self.views.setTabText(0, t("agenda.ui.tab.grid", lang))
        self.views.setTabText(1, t("agenda.ui.tab.list", lang))
        self.conflicts.retranslate(lang)
        self.empty.setText(t("agenda.ui.no_event", lang))
        if self.loaded:
            self.reload()

    # loading ---------------------------------------------------------------
    @property
    def event(self) -> EventRow | None:
        return self.ctx.event

    @property
    def data_shown(self) -> bool:
        return self.event is None or self.loaded

    def _event_changed(self, _event: object) -> None:
        self.loaded = False
        self.undo_stack.clear()
        self.current_day = None
        self.selected_id = None
        self.reload()

    def _data_changed(self, changes: Changes) -> None:
        if any(changes.touches(kind) for kind in WATCHED):
            self.reload()

    def reload(self) -> None:
        event = self.event
        self.empty.setVisible(event is None)
        for widget in (self.toolbar, self.views, self.programme_button):
            widget.setEnabled(event is not None)
        if event is None:
            self._show(AgendaSnapshot([], [], [], []))
            return
        lang = self.ctx.language
        if not self.loaded:
            self.conflicts.set_loading(lang)
        self.ctx.ops.read(self, lambda db: ops.snapshot(db, event.id, lang)).latest("snapshot").done(self._show).run()

    def _show(self, snapshot: AgendaSnapshot) -> None:
        self.loaded = True
        self.snapshot = snapshot
        self.conflicts_by_item = {}
        for conflict in snapshot.conflicts:
            for item_id in conflict.items:
                self.conflicts_by_item.setdefault(item_id, []).append(conflict.message)
        lang = self.ctx.language
        # day tabs
        days = snapshot.days
        if self.current_day not in days:
            self.current_day = days[0] if days else None
        self.day_tabs.blockSignals(True)
        while self.day_tabs.count():
            self.day_tabs.removeTab(0)
        for day in days:
            count = sum(1 for i in snapshot.items if i.day == day)
            marker = " ⚠" if any(i.day == day and i.id in self.conflicts_by_item for i in snapshot.items) else ""
            self.day_tabs.addTab(f"{t(f'agenda.weekday.{day.weekday()}', lang)} {day:%d/%m} ({count}){marker}")
        if self.current_day is not None:
            self.day_tabs.setCurrentIndex(days.index(self.current_day))
        self.day_tabs.blockSignals(False)
        self._draw_grid()
        # list
        self.model.set_rows(snapshot.items, snapshot.rooms, self.conflicts_by_item, lang)
        self._select_in_list(self.selected_id)
        self.conflicts.show_conflicts(snapshot.conflicts, lang)
        self._update_enabled()

    def _draw_grid(self) -> None:
        self.grid.set_day(self.current_day, self.snapshot.items, self.snapshot.rooms, self.conflicts_by_item,
                          self.ctx.language)
        if self.selected_id is not None:
            block = self.grid.blocks.get(self.selected_id)
            if block is not None:
                block.setSelected(True)

    def _day_chosen(self, index: int) -> None:
        if 0 <= index < len(self.snapshot.days):
            self.current_day = self.snapshot.days[index]
            self._draw_grid()

    # selection -------------------------------------------------------------
    def row(self, item_id: int | None) -> AgendaItemRow | None:
        return next((i for i in self.snapshot.items if i.id == item_id), None)

    def _select(self, item_id: int) -> None:
        self.selected_id = item_id
        self._select_in_list(item_id)
        self._update_enabled()

    def _select_in_list(self, item_id: int | None) -> None:
        row = self.model.row_of(item_id) if item_id is not None else -1
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectionModel().blockSignals(True)
        self.table.selectRow(index.row())
        self.table.selectionModel().blockSignals(False)

    def _list_row_changed(self, current: Any, _previous: Any) -> None:
        if current.isValid():
            self.selected_id = current.data(ID_ROLE)
            self._update_enabled()

    def _update_enabled(self) -> None:
        has = self.row(self.selected_id) is not None
        for action in (self.edit_action, self.delete_action, self.shift_action):
            action.setEnabled(has)
        self.duplicate_action.setEnabled(any(i.day == self.current_day for i in self.snapshot.items))

    def _grid_menu(self, pos: Any) -> None:
        block = self.grid._block_at(pos)
        if block is None:
            return
        self.grid.select_item(block.item_id)
        self._select(block.item_id)
        menu = QMenu(self)
        for action in (self.edit_action, self.shift_action, self.delete_action):
            menu.addAction(action)
        menu.popup(self.grid.viewport().mapToGlobal(pos))

    def go_to_item(self, item_id: int) -> None:
        """Show the item's day in the grid, select its block and scroll to it."""
        row = self.row(item_id)
        if row is None:
            return
        self.views.setCurrentIndex(0)
        if row.day != self.current_day and row.day in self.snapshot.days:
            self.day_tabs.setCurrentIndex(self.snapshot.days.index(row.day))
        self.grid.select_item(item_id)
        self._select(item_id)

    def import_programme(self) -> Any:
        """Open the dialog that turns the organisers' Word/Excel programme table into items."""
        from confman.ui.agenda.programme_import import ProgrammeImportDialog

        if self.event is None:
            return None
        dialog = ProgrammeImportDialog(self.ctx, self, on_created=self.info)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.programme_dialog = dialog
        dialog.open()
        return dialog

    # writing ----------------------------------------------------------------
    def show_error_text(self, text: str) -> None:
        """A refused write: said under the grid, and the grid goes back to what is stored."""
        self.message.setText(text)
        self.message.setStyleSheet("color: #C62828")
        self.reload()

    def _error(self, exc: DomainError) -> None:
        self.show_error_text(describe(exc, self.ctx.language))

    def info(self, text: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #2E7D32")

    def write(self, work: Callable[[Any], Any], on_done: Callable[[Any], None] | None = None) -> None:
        def done(result: Any) -> None:
            self.message.clear()
            if on_done is not None:
                on_done(result)

        self.ctx.ops.write(self, work).done(done).run()

    def write_draft(self, item_id: int, draft: ItemDraft) -> None:
        station = self.ctx.station
        self.write(lambda db: ops.update(db, item_id, draft, station))

    def write_shift(self, item_ids: Sequence[int], minutes: int) -> None:
        station = self.ctx.station
        self.write(lambda db: ops.shift(db, item_ids, minutes, station))

    def change_item(self, item_id: int, after: ItemDraft, undo_key: str) -> None:
        """Write ``after`` and, once written, make it undoable."""
        row = self.row(item_id)
        if row is None:
            return
        before = row.draft()
        if before == after:
            return
        text = t(f"agenda.ui.undo.{undo_key}", self.ctx.language, title=row.title(self.ctx.language))
        station = self.ctx.station

        def pushed(_result: Any) -> None:
            self.undo_stack.push(ItemCommand(text, item_id, before, after, self.write_draft))

        self.selected_id = item_id
        self.write(lambda db: ops.update(db, item_id, after, station), pushed)

    def move_item(self, item_id: int, room_id: int | None, start: time) -> None:
        row = self.row(item_id)
        if row is None:
            return
        try:
            end = ops.add_minutes(start, row.minutes)
        except DomainError as exc:
            self._error(exc)
            return
        self.change_item(item_id, replace(row.draft(), start=start, end=end, room_id=room_id), "move")

    def resize_item(self, item_id: int, end: time) -> None:
        row = self.row(item_id)
        if row is not None:
            self.change_item(item_id, replace(row.draft(), end=end), "resize")

    def _list_edit(self, item_id: int, column: str, value: Any) -> bool:
        row = self.row(item_id)
        if row is None:
            return False
        draft = row.draft()
        if column == "start":
            try:
                after = replace(draft, start=value, end=ops.add_minutes(value, row.minutes))
            except DomainError as exc:
                self._error(exc)
                return False
            key = "move"
        elif column == "end":
            after, key = replace(draft, end=value), "resize"
        elif column == "room":
            after, key = replace(draft, room_id=value), "move"
        else:
            after, key = replace(draft, **{column: value}), "edit"
        self.change_item(item_id, after, key)
        return True
