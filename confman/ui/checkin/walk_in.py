"""Registering a walk-in at the desk: save them on the desk lane, check them in, print their badge if asked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from confman.i18n import t
from confman.ui.checkin import ops

if TYPE_CHECKING:
    from confman.ui.checkin.checkin_page import CheckinPage


class WalkInDesk(QObject):
    """Saves the walk-in form once per Enter (a second Enter while the save runs is ignored)."""

    def __init__(self, page: CheckinPage) -> None:
        super().__init__(page)
        self.page = page
        self.saving = False  # a second Enter while the first save runs must not register them twice

    def save(self) -> None:
        """Register the person on the form, show their verdict, and print their badge when ticked."""
        page = self.page
        event, form = page.ctx.event, page.walk_in
        if event is None or self.saving:
            return
        lang = page.ctx.language
        if form.missing_name(lang):
            page.play("error")
            return
        station, item, values = page.ctx.station, page.agenda_item_id, form.values()
        wants_badge = form.print_badge.isChecked()
        name = " ".join(str(values["full_name"]).split())

        def done(walk_in: ops.WalkInResult) -> None:
            form.clear()
            form.show_message(t("desk.walkin.saved_printing" if wants_badge else "desk.walkin.saved",
                                lang, name=name), error=False)
            page.show_result(walk_in.checkin)
            if wants_badge:
                page.print_badge(walk_in.delegate_id)

        def ended() -> None:
            self.saving = False

        self.saving = True
        page.ctx.ops.desk(page, lambda db: ops.walk_in(db, event_id=event.id, station=station, agenda_item_id=item,
                                                       **values)).always(ended).done(done).run()
