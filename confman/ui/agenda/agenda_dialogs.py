"""The agenda page's dialogs: add or edit an item, delete, shift the items after one, rooms, duplicate a
day, copy another event's agenda. Every write goes through the page (an op, undoable where it can be)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QMessageBox

from confman.core.changes import Changes
from confman.i18n import t
from confman.ui.agenda import ops
from confman.ui.agenda.commands import ShiftCommand
from confman.ui.agenda.dialogs import CopyEventDialog, DuplicateDayDialog, RoomsDialog, ShiftDialog
from confman.ui.agenda.item_dialog import ItemDialog
from confman.ui.agenda.ops import EventRow, PersonRef

if TYPE_CHECKING:
    from confman.ui.agenda.agenda_page import AgendaPage


class AgendaDialogs(QObject):
    """Opens the agenda's dialogs and writes what the user chose."""

    def __init__(self, page: AgendaPage) -> None:
        super().__init__(page)
        self.page = page

    def _search_people(self, text: str, deliver: Callable[[list[PersonRef]], None]) -> None:
        event = self.page.event
        if event is None:
            deliver([])
            return
        self.page.ctx.ops.read(self.page, lambda db: ops.people(db, event.id, text)).latest("people").done(deliver).run()

    def _item_dialog(self, **kw: Any) -> ItemDialog:
        event = self.page.event
        assert event is not None
        days = self.page.snapshot.days or [event.start_date]
        return ItemDialog(days=days, rooms=self.page.snapshot.rooms, search=self._search_people,
                          lang=self.page.ctx.language, parent=self.page, **kw)

    def add_item(self, *, room_id: int | None = None, start: time | None = None) -> ItemDialog | None:
        event = self.page.event
        if event is None:
            return None
        dialog = self._item_dialog(day=self.page.current_day, room_id=room_id, start=start)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return dialog
        draft = dialog.draft()
        station = self.page.ctx.station

        def created(made: ops.Created) -> None:
            self.page.selected_id = made.row.id
            self.page.current_day = made.row.day

        self.page.write(lambda db: ops.create(db, event.id, draft, station), created)
        return dialog

    def edit_item(self, item_id: int | None) -> None:
        row = self.page.row(item_id)
        if row is None:
            return
        dialog = self._item_dialog(row=row)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.page.change_item(row.id, dialog.draft(), "edit")

    def delete_selected(self) -> None:
        row = self.page.row(self.page.selected_id)
        if row is None:
            return
        answer = QMessageBox.question(self.page, t("agenda.ui.delete", self.page.ctx.language),
                                      t("agenda.ui.delete_confirm", self.page.ctx.language, title=row.title_vi))
        if answer != QMessageBox.StandardButton.Yes:
            return
        station = self.page.ctx.station
        self.page.selected_id = None
        self.page.write(lambda db: ops.delete(db, row.id, station))

    def shift_selected(self) -> None:
        row = self.page.row(self.page.selected_id)
        if row is None:
            return
        dialog = ShiftDialog(row.title(self.page.ctx.language), self.page.ctx.language, self.page)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.shift_after(row.id, dialog.minutes.value(), scope=dialog.scope,
                             include_self=dialog.include_self.isChecked())

    def shift_after(self, item_id: int, minutes: int, *, scope: str = "day", include_self: bool = False) -> None:
        """Shift the items after ``item_id`` (undoable)."""
        if minutes == 0:
            return
        station, lang = self.page.ctx.station, self.page.ctx.language

        def done(changes: Changes) -> None:
            ids = sorted(changes.ids)
            self.page.info(t("agenda.ui.shift_done", lang, count=len(ids), minutes=minutes))
            if ids:
                self.page.undo_stack.push(ShiftCommand(t("agenda.ui.undo.shift", lang, count=len(ids), minutes=minutes),
                                                  ids, minutes, self.page.write_shift))

        self.page.write(lambda db: ops.shift_after(db, item_id, minutes, scope=scope, include_self=include_self,
                                               station=station), done)

    def edit_rooms(self) -> None:
        event = self.page.event
        if event is None:
            return
        dialog = RoomsDialog(self.page.snapshot.rooms, self.page.ctx.language, self.page)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        edits, deleted, original, station = dialog.edits(), dialog.deleted(), dialog.original, self.page.ctx.station
        self.page.write(lambda db: ops.save_rooms(db, event.id, edits, deleted, original, station))

    def duplicate_day(self) -> None:
        event, source = self.page.event, self.page.current_day
        if event is None or source is None:
            return
        later = [d for d in self.page.snapshot.days if d > source]
        dialog = DuplicateDayDialog(source, later[0] if later else source + timedelta(days=1), self.page.ctx.language, self.page)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        target, station = dialog.target_day(), self.page.ctx.station

        def done(_changes: Changes) -> None:
            self.page.current_day = target

        self.page.write(lambda db: ops.duplicate_day(db, event.id, source, target, station), done)

    def copy_from_event(self) -> None:
        event = self.page.event
        if event is None:
            return
        self.page.ctx.ops.read(self.page, lambda db: ops.other_events(db, event.id)).done(self._copy_from).run()

    def _copy_from(self, others: list[EventRow]) -> None:
        event = self.page.event
        if event is None:
            return
        dialog = CopyEventDialog(others, self.page.ctx.language, self.page)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.source.currentData() is None:
            return
        source_id, station = dialog.source.currentData(), self.page.ctx.station
        self.page.write(lambda db: ops.copy_agenda(db, source_id, event.id, station))
