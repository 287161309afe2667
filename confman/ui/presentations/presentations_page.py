"""Presentations page: collect papers and slide decks, see what is missing, run them on the day.

Three tabs: the list (agenda order, status colours, files) with the selected presentation's
details beside it; the overview (missing files by organization, overdue, talk time per
slot); the run of show (a day/room, Open, Timer, Next). Files are added with a button or
dropped onto a row of the table or onto the details. Every call into the core is an op
(``ops.py``); writes broadcast their ``Changes``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
)

from confman.core.changes import Changes
from confman.core.errors import DomainError
from confman.i18n import t
from confman.messages import describe
from confman.ui.context import UiContext
from confman.ui.page import Page
from confman.ui.presentations import ops
from confman.ui.presentations.detail_panel import DetailPanel
from confman.ui.presentations.drop_table import presentations_table
from confman.ui.presentations.exports import PresentationExports
from confman.ui.presentations.ops import (
    ACCEPTED,
    AddFileResult,
    PresentationDraft,
    PresentationFileRow,
    PresentationRow,
    ShowSlot,
)
from confman.ui.presentations.overview_panel import OverviewPanel
from confman.ui.presentations.presentations_table_model import (
    COLUMN_WIDTHS,
    COLUMNS,
    PresentationsTableModel,
)
from confman.ui.presentations.run_of_show_view import RunOfShowView
from confman.ui.presentations.timer_window import TimerWindow

WATCHED = ("presentations", "agenda", "rooms", "delegates", "organizations")


class PresentationsPage(Page):
    nav_key = "nav.presentations"
    rows_shown = Signal()

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        #: Monotonic clock for the speaker timer (tests inject a fake one).
        self.clock: Callable[[], float] = time.monotonic
        #: Opens a file in its default application (tests replace it).
        self.open_url: Callable[[QUrl], Any] = QDesktopServices.openUrl
        self.timer_window: TimerWindow | None = None
        self.rows: list[PresentationRow] = []
        self._selected_id: int | None = None
        self._sized = False
        self._shown = False

        outer = QVBoxLayout(self)
        header = QHBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        header.addWidget(self.title)
        header.addStretch(1)
        self.new_button = QPushButton()
        self.new_button.setObjectName("newPresentation")
        self.new_button.clicked.connect(self.new_presentation)
        self.export_button = QPushButton()
        self.export_button.setObjectName("exportFolder")
        self.export_menu = QMenu(self)
        self.exports = PresentationExports(self)
        self.export_button.setMenu(self.export_menu)
        self.book_button = QPushButton()
        self.book_button.setObjectName("makeBook")
        self.book_button.clicked.connect(lambda: self.exports.make_book())
        for b in (self.new_button, self.export_button, self.book_button):
            header.addWidget(b)
        outer.addLayout(header)
        self.message = QLabel()
        self.message.setObjectName("pageMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        outer.addWidget(self.message)

        self.tabs = QTabWidget()
        outer.addWidget(self.tabs, 1)

        # list + details
        self.model = PresentationsTableModel(self)
        self.table = presentations_table(self.model)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._row_selected(cur.row()))
        self.table.files_dropped.connect(self._dropped_on_row)
        self.detail = DetailPanel()
        self.detail.setMinimumWidth(360)
        self.detail.save_requested.connect(self._save)
        self.detail.status_requested.connect(self._set_status)
        self.detail.add_files_requested.connect(lambda paths: self.add_files(self._selected_id, paths))
        self.detail.browse_requested.connect(self._browse_files)
        self.detail.restore_requested.connect(self._restore)
        self.detail.open_requested.connect(self.open_file)
        self.detail.delete_requested.connect(self._delete)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([760, 400])
        self.tabs.addTab(splitter, "")

        self.overview = OverviewPanel()
        self.tabs.addTab(self.overview, "")

        self.show_view = RunOfShowView()
        self.show_view.slot_chosen.connect(lambda _slot: self._fill_show())
        self.show_view.open_requested.connect(lambda row: self.open_file(row.current_file))
        self.show_view.timer_requested.connect(self.open_timer)
        self.show_view.moved.connect(self._show_moved)
        self.tabs.addTab(self.show_view, "")

        ctx.event_changed.connect(lambda _e: self._event_changed())
        ctx.data_changed.connect(self._data_changed)
        self.retranslate()
        self.reload()

    # loading ----------------------------------------------------------------------------
    def _data_changed(self, changes: Changes) -> None:
        if any(changes.touches(kind) for kind in WATCHED):
            self.reload()

    @property
    def data_shown(self) -> bool:
        return self._shown

    def _event_changed(self) -> None:
        self._shown = False
        self.reload()

    def reload(self) -> None:
        event = self.ctx.event
        if event is None:
            self._apply(ops.Loaded([], None, None, []))
            return
        if not self.rows:
            self.show_message(t("ops.loading"))
        self.ctx.ops.read(self, lambda db: ops.load(db, event.id)).latest("load").done(self._apply).run()

    def _apply(self, loaded: ops.Loaded) -> None:
        if self.message.text() == t("ops.loading"):
            self.message.hide()
        rows, choices, overview, slots = loaded.rows, loaded.choices, loaded.overview, loaded.slots
        self.rows = rows
        self.model.language = self.ctx.language
        self.model.set_rows(rows)
        if not self._sized and rows:
            self._sized = True
            for column, name in enumerate(COLUMNS):
                if name in COLUMN_WIDTHS:
                    self.table.setColumnWidth(column, COLUMN_WIDTHS[name])
            self.table.setColumnWidth(COLUMNS.index("title"), 200)
        if choices is not None:
            self.detail.language = self.ctx.language
            self.detail.set_choices(choices)
        if overview is not None:
            self.overview.language = self.ctx.language
            self.overview.set_overview(overview)
        keep = self.show_view.chosen_slot()
        self.show_view.language = self.ctx.language
        self.show_view.set_slots(slots, keep)
        self.exports.fill_menu(slots)
        self._fill_show()
        row = self.model.row_of(self._selected_id) if self._selected_id is not None else -1
        if row < 0 and rows:
            row = 0
        if row >= 0:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self._row_selected(row)
        else:
            self._row_selected(-1)
        self._shown = True
        self.rows_shown.emit()

    def _fill_show(self) -> None:
        slot: ShowSlot | None = self.show_view.chosen_slot()
        if slot is None:
            self.show_view.set_rows([])
            return
        rows = [r for r in self.rows if r.day == slot.day and r.room_id == slot.room_id
                and r.status.value != "withdrawn"]
        self.show_view.set_rows(rows)

    def _row_selected(self, row: int) -> None:
        found = self.model.row_at(row)
        self._selected_id = found.id if found else None
        self.detail.show_row(found)

    def selected(self) -> PresentationRow | None:
        return next((r for r in self.rows if r.id == self._selected_id), None)

    def select_presentation(self, presentation_id: int) -> None:
        row = self.model.row_of(presentation_id)
        if row >= 0:
            self.table.selectRow(row)
            self._row_selected(row)

    # messages ---------------------------------------------------------------------------
    def show_message(self, text: str, *, error: bool = False) -> None:
        colour = ("#FDECEA", "#B3261E") if error else ("#E8F5E9", "#1B5E20")
        self.message.setStyleSheet(f"background: {colour[0]}; color: {colour[1]}; padding: 6px 10px;"
                                   "border-radius: 4px;")
        self.message.setText(text)
        self.message.setProperty("error", error)
        self.message.show()

    def show_error_text(self, text: str) -> None:
        self.show_message(text, error=True)

    def _write(self, work: Callable[[Any], ops.Written], done: Callable[[Any], None] | None = None) -> None:
        """A write as an op; ``done`` gets the service's result, the op broadcasts the changes."""
        self.ctx.ops.write(self, work).done(lambda written: done(written.value) if done else None).run()

    # editing --------------------------------------------------------------------------------
    def new_presentation(self, title: str | None = None) -> None:
        event = self.ctx.event
        if event is None:
            return
        if title is None:
            title, ok = QInputDialog.getText(self, t("presentations.ui.new"), t("presentations.field.title_vi"))
            if not ok:
                return
        station = self.ctx.station

        def created(row: PresentationRow) -> None:
            self._selected_id = row.id
            self.show_message(t("presentations.ui.created", title=row.title_vi))

        self._write(lambda db: ops.create(db, event.id, title, station), created)

    def _save(self, draft: PresentationDraft) -> None:
        row = self.selected()
        if row is None:
            return
        station = self.ctx.station
        self._write(lambda db: ops.update(db, row.id, draft, station),
                    lambda r: self.show_message(t("presentations.ui.saved", title=r.title_vi)))

    def _set_status(self, status: str) -> None:
        row = self.selected()
        if row is None:
            return
        station = self.ctx.station
        self._write(lambda db: ops.set_status(db, row.id, status, station))

    def _delete(self) -> None:
        row = self.selected()
        if row is None:
            return
        answer = QMessageBox.question(self, t("presentations.ui.delete"),
                                      t("presentations.ui.confirm_delete", title=row.title_vi))
        if answer != QMessageBox.StandardButton.Yes:
            return
        station = self.ctx.station
        self._selected_id = None
        self._write(lambda db: ops.delete(db, row.id, station))

    # files -------------------------------------------------------------------------------------
    def _browse_files(self) -> None:
        if self._selected_id is None:
            return
        patterns = " ".join(f"*{ext}" for ext in ACCEPTED)
        paths, _ = QFileDialog.getOpenFileNames(self, t("presentations.ui.add_file"), "",
                                                f"{t('presentations.ui.file_filter')} ({patterns})")
        if paths:
            self.add_files(self._selected_id, paths)

    def _dropped_on_row(self, row: int, paths: list[str]) -> None:
        found = self.model.row_at(row)
        if found is not None:
            self._selected_id = found.id
            self.add_files(found.id, paths)

    def add_files(self, presentation_id: int | None, paths: list[str]) -> None:
        """Add each file as a new version (in order); refusals are reported, the rest still go in."""
        if presentation_id is None or not paths:
            return
        station = self.ctx.station
        self._write(lambda db: ops.add_files(db, presentation_id, paths, station), self._files_added)

    def _files_added(self, outcome: tuple[list[AddFileResult], list[DomainError]]) -> None:
        results, errors = outcome
        lines = []
        for r in results:
            key = "presentations.ui.unchanged" if r.unchanged else "presentations.ui.file_added"
            lines.append(t(key, name=r.file.original_name, version=r.file.version))
            lines += [t("presentations.ui.duplicate", title=d.title, version=d.version, name=d.original_name)
                      for d in r.duplicates if d.presentation_id != r.file.presentation_id]
        lines += [describe(e, self.ctx.language) for e in errors]
        self.show_message("\n".join(lines), error=bool(errors))

    def _restore(self, version: int) -> None:
        row = self.selected()
        if row is None:
            return
        station = self.ctx.station
        self._write(lambda db: ops.restore(db, row.id, version, station),
                    lambda f: self.show_message(t("presentations.ui.restored", version=version,
                                                  new_version=f.version, name=f.original_name)))

    def open_file(self, file: PresentationFileRow | None) -> None:
        """Open a stored version in its default application (a copy named like the original)."""
        if file is None:
            self.show_message(t("presentations.ui.no_file"), error=True)
            return

        def opened(path: Path) -> None:
            self.open_url(QUrl.fromLocalFile(str(path)))

        self.ctx.ops.read(self, lambda db: ops.openable(db, file)).done(opened).run()

    # the day --------------------------------------------------------------------------------------
    def open_timer(self, row: PresentationRow) -> TimerWindow:
        """Open the speaker timer for ``row``; Finish records the time used on the presentation."""
        previous = self.timer_window
        station = self.ctx.station

        def record(seconds: int) -> None:
            self._write(lambda db: ops.record_time(db, row.id, seconds, station),
                        lambda r: self.show_message(t("presentations.ui.time_recorded", title=r.title_vi,
                                                      minutes=f"{seconds / 60:.1f}")))

        speaker = row.presenter_names or row.organization or row.title(self.ctx.language)
        window = TimerWindow(speaker=speaker, title=row.title(self.ctx.language),
                             planned_minutes=row.planned_minutes, clock=self.clock, on_finished=record)
        self.timer_window = window
        if previous is not None:
            # Take the old window's place (same screen, same full-screen state).
            window.setGeometry(previous.geometry())
            if previous.isFullScreen():
                window.showFullScreen()
            else:
                window.show()
            previous.close()
            previous.deleteLater()
        else:
            window.show_on_second_screen(self.window())
        return window

    def _show_moved(self, row: PresentationRow | None) -> None:
        """Moving on finishes a running timer (recording its time) and readies it for the next speaker."""
        window = self.timer_window
        if window is None or row is None or not window.isVisible():
            return
        if window.timer.running:
            window.finish()
        self.open_timer(row)

    # language -----------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(t("nav.presentations"))
        self.new_button.setText(t("presentations.ui.new"))
        self.export_button.setText(t("presentations.ui.export"))
        self.book_button.setText(t("presentations.ui.book"))
        self.tabs.setTabText(0, t("presentations.ui.tab_list"))
        self.tabs.setTabText(1, t("presentations.ui.tab_overview"))
        self.tabs.setTabText(2, t("presentations.ui.tab_show"))
        self.model.language = self.ctx.language
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.model.columnCount() - 1)
        self.model.layoutChanged.emit()
        self.detail.language = self.ctx.language
        self.detail.retranslate()
        self.overview.language = self.ctx.language
        self.overview.retranslate()
        self.show_view.language = self.ctx.language
        self.show_view.retranslate()
        if self.timer_window is not None:
            self.timer_window.retranslate()
