"""The personal-data purge from the reports page: find what it would reach, ask, purge, say what went."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QWidget

from confman.i18n import t
from confman.ui.context import UiContext
from confman.ui.reports import ops
from confman.ui.reports.purge_dialog import PurgeDialog


class EventPurge(QObject):
    """Runs the purge of the open event; ``purged`` carries the sentences saying what went.

    ``owner`` (the page) owns the ops and parents the dialog, so errors are said where the page says them."""

    purged = Signal(str)

    def __init__(self, ctx: UiContext, owner: QWidget) -> None:
        super().__init__(owner)
        self.ctx = ctx
        self.owner = owner

    def ask(self) -> None:
        """Find what the purge would reach (off the UI thread), then ask."""
        event = self.ctx.event
        if event is None:
            return
        folder = self.ctx.settings.backups_path
        self.ctx.ops.read(self.owner, lambda db: ops.purge_preview(db, event.id, folder)) \
            .done(lambda preview: self._confirm(event.code, preview)).run()

    def dialog(self, code: str, preview: Any) -> PurgeDialog:
        ctx = self.ctx
        return PurgeDialog(self.owner, code, ctx.language, server=not ctx.database_is_file, preview=preview,
                           folder=ctx.settings.backups_path)

    def _confirm(self, code: str, preview: Any) -> None:
        dialog = self.dialog(code, preview)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.purge(dialog.code_edit.text(), external_backup=dialog.server_backup.isChecked(),
                   keep_backup=dialog.keep_backup.isChecked())

    def purge(self, typed_code: str, *, external_backup: bool = False, keep_backup: bool = False) -> None:
        """Purge the event's personal data, from the backups too (``typed_code`` must be the event code)."""
        ctx = self.ctx
        event = ctx.event
        if event is None:
            return
        folder, station, on_file = ctx.settings.backups_path, ctx.station, ctx.database_is_file

        def done(result: Any) -> None:
            lang = ctx.language
            lines = [t("reports.ui.purged", lang, delegates=result.delegates, phones=result.phones,
                       emails=result.emails, photos=result.photos)]
            if on_file:
                actions = [f.action for f in result.backups]
                lines.append(t("safety.purge.summary", lang, scrubbed=actions.count("scrubbed"),
                               deleted=actions.count("deleted"), kept=actions.count("kept")))
                if result.backup is not None:
                    lines.append(t("safety.purge.kept", lang, path=str(result.backup)))
            self.purged.emit("\n".join(lines))

        ctx.ops.write(self.owner, lambda db: ops.purge(db, event.id, confirm=typed_code, backups=folder,
                                                       station=station, external_backup=external_backup,
                                                       keep_backup=keep_backup)) \
            .done(done).run()
