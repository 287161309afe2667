"""Registering a walk-in at the desk: save them on the desk lane, check them in, and say whether their
badge should be printed."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from confman.i18n import t
from confman.ui.checkin import ops
from confman.ui.checkin.side_tabs import WalkInTab
from confman.ui.context import UiContext


class WalkInDesk(QObject):
    """Saves the walk-in form once per Enter (a second Enter while the save runs is ignored).

    ``owner`` (the page) owns the op, so a refused save is said where the desk says errors."""

    checked_in = Signal(object)  # CheckinResult of the person just registered
    badge_wanted = Signal(int)  # delegate id: "print the badge after saving" was ticked
    refused = Signal()  # the form lacks a name (the form says so)

    def __init__(self, ctx: UiContext, form: WalkInTab, owner: QWidget) -> None:
        super().__init__(owner)
        self.ctx = ctx
        self.form = form
        self.owner = owner
        self.saving = False  # a second Enter while the first save runs must not register them twice

    def save(self, agenda_item_id: int | None) -> None:
        """Register the person on the form, checked in at ``agenda_item_id`` (None: the entrance)."""
        ctx, form = self.ctx, self.form
        event = ctx.event
        if event is None or self.saving:
            return
        lang = ctx.language
        if form.missing_name(lang):
            self.refused.emit()
            return
        station, values = ctx.station, form.values()
        wants_badge = form.print_badge.isChecked()
        name = " ".join(str(values["full_name"]).split())

        def done(walk_in: ops.WalkInResult) -> None:
            form.clear()
            saved = t("desk.walkin.saved_printing" if wants_badge else "desk.walkin.saved", lang, name=name)
            if walk_in.contact_issues:  # saved all the same: the queue must not wait on a mistyped phone
                saved += " " + t("desk.walkin.contact_to_check", lang,
                                 problem=ops.issues_text(walk_in.contact_issues, lang))
            form.show_message(saved, error=False)
            self.checked_in.emit(walk_in.checkin)
            if wants_badge:
                self.badge_wanted.emit(walk_in.delegate_id)

        def ended() -> None:
            self.saving = False

        self.saving = True
        ctx.ops.desk(self.owner, lambda db: ops.walk_in(db, event_id=event.id, station=station,
                                                        agenda_item_id=agenda_item_id, **values)) \
            .always(ended).done(done).run()
