"""The personal-data purge from the reports page: find what it would reach, ask, purge, say what went."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog

from confman.i18n import t
from confman.ui.reports import ops
from confman.ui.reports.purge_dialog import PurgeDialog

if TYPE_CHECKING:
    from confman.ui.reports.reports_page import ReportsPage


class EventPurge(QObject):
    """Runs the purge for the reports page and reports its outcome on the page's status line."""

    def __init__(self, page: ReportsPage) -> None:
        super().__init__(page)
        self.page = page

    def ask(self) -> None:
        """Find what the purge would reach (off the UI thread), then ask."""
        ctx = self.page.ctx
        event = ctx.event
        if event is None:
            return
        folder = ctx.settings.backups_path
        ctx.ops.read(self.page, lambda db: ops.purge_preview(db, event.id, folder)) \
            .done(lambda preview: self._confirm(event.code, preview)).run()

    def dialog(self, code: str, preview: Any) -> PurgeDialog:
        ctx = self.page.ctx
        return PurgeDialog(self.page, code, ctx.language, server=not ctx.database_is_file, preview=preview,
                           folder=ctx.settings.backups_path)

    def _confirm(self, code: str, preview: Any) -> None:
        dialog = self.dialog(code, preview)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.purge(dialog.code_edit.text(), external_backup=dialog.server_backup.isChecked(),
                   keep_backup=dialog.keep_backup.isChecked())

    def purge(self, typed_code: str, *, external_backup: bool = False, keep_backup: bool = False) -> None:
        """Purge the event's personal data, from the backups too (``typed_code`` must be the event code)."""
        page, ctx = self.page, self.page.ctx
        event = ctx.event
        if event is None:
            return
        folder, station, on_file = ctx.settings.backups_path, ctx.station, ctx.database_is_file

        def done(result: Any) -> None:
            page.clear_preview()
            lang = ctx.language
            lines = [t("reports.ui.purged", lang, delegates=result.delegates, phones=result.phones,
                       emails=result.emails, photos=result.photos)]
            if on_file:
                actions = [f.action for f in result.backups]
                lines.append(t("safety.purge.summary", lang, scrubbed=actions.count("scrubbed"),
                               deleted=actions.count("deleted"), kept=actions.count("kept")))
                if result.backup is not None:
                    lines.append(t("safety.purge.kept", lang, path=str(result.backup)))
            page.status.setText("\n".join(lines))

        ctx.ops.write(page, lambda db: ops.purge(db, event.id, confirm=typed_code, backups=folder,
                                                 station=station, external_backup=external_backup,
                                                 keep_backup=keep_backup)) \
            .done(done).run()
