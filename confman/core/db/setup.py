"""Open a database ready for use: connect, back up, migrate."""

from __future__ import annotations

from pathlib import Path

from confman.core.db.backup import backup_database, sweep_stale_files
from confman.core.db.engine import Database
from confman.core.db.migrate import upgrade_database


def open_database(
    url: str | None = None,
    *,
    backups_folder: Path | None = None,
    keep: int = 20,
    backup_on_start: bool = True,
    create: bool = False,
    every_model: bool = True,
) -> Database:
    """Open the database, back up an existing SQLite file, upgrade its schema.

    A missing SQLite file is created only with ``create`` or at the per-user default location
    (``db.not_found`` otherwise). Errors are ``DomainError``s (missing file, unreachable server,
    unwritable folder, not a confman database, schema newer than this app); nothing is changed
    when one is raised. ``every_model``: see ``Database.open``.
    """
    db = Database.open(url, create=create, every_model=every_model)
    path = db.sqlite_path
    if path is not None and backups_folder is not None:
        sweep_stale_files(backups_folder)  # what a killed backup or restore left behind
    has_data = path is not None and path.exists() and path.stat().st_size > 0

    def _backup(reason: str) -> None:
        if has_data and backups_folder is not None:
            backup_database(db, folder=backups_folder, reason=reason, keep=keep)

    if backup_on_start:
        from confman.core.db.migrate import needs_upgrade

        if has_data and not needs_upgrade(db):
            _backup("start")
    upgrade_database(db, backup=_backup)
    return db
