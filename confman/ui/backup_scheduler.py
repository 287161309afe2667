"""Automatic backups every N minutes, only while changes happen."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer

from confman.core.changes import Changes
from confman.ui.context import UiContext
from confman.ui.settings import ops

log = logging.getLogger(__name__)


class BackupScheduler(QObject):
    """Listens to ``ctx.data_changed``; when the timer fires after a change, backs up on the DB worker."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.ctx = ctx
        self.dirty = False
        self.last_backup = None
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.tick)
        ctx.data_changed.connect(self._changed)
        self.restart()

    def restart(self) -> None:
        self.timer.start(max(1, self.ctx.settings.backup_every_minutes) * 60_000)

    def _changed(self, _changes: Changes) -> None:
        self.dirty = True

    def tick(self) -> None:
        """Back up when something changed since the last backup; a quiet event makes no copies."""
        if not self.dirty:
            return
        self.dirty = False
        self.back_up_now("periodic")

    def back_up_now(self, reason: str) -> None:
        """A rotating automatic backup on the DB worker (server databases are skipped)."""
        s = self.ctx.settings

        def done(path) -> None:
            self.last_backup = path

        def failed(exc: BaseException) -> bool:
            """A backup that fails is tried again after the next change; it never interrupts the user."""
            self.dirty = True
            log.warning("periodic backup failed: %s", exc)
            return True

        folder, keep = s.backups_path, s.backups_to_keep
        self.ctx.ops.write(self, lambda db: ops.back_up_automatically(db, folder, keep, reason)).done(done) \
            .failed(failed).run()
