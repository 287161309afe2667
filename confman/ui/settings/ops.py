"""The service calls the settings page and the backups dialog make (plain functions, no widgets)."""

from __future__ import annotations

from pathlib import Path

from confman.core.db.backup import BackupInfo, backup_database, list_backups
from confman.core.db.engine import Database
from confman.core.db.migrate import upgrade_database
from confman.core.db.restore import RestoreResult, restore_database


def test_connection(url: str) -> str:
    """Open and close a connection to ``url``; returns the displayable location (raises DomainError)."""
    db = Database.open(url)
    try:
        return db.display_url
    finally:
        db.dispose()


def badge_template_choices(lang: str) -> list[tuple[str, str]]:
    """(name, title) of the built-in badge templates."""
    from confman.core.badges.templates import builtin_templates, template_title

    return [(name, template_title(tpl, lang)) for name, tpl in builtin_templates().items()]


def backups(folder: Path) -> list[BackupInfo]:
    return list_backups(folder)


def back_up_now(db: Database, folder: Path) -> Path:
    return backup_database(db, folder=folder, reason="manual")


def back_up_automatically(db: Database, folder: Path, keep: int, reason: str = "periodic") -> Path | None:
    """A rotating automatic backup; None for server databases (they are backed up with pg_dump)."""
    if db.sqlite_path is None:
        return None
    return backup_database(db, folder=folder, reason=reason, keep=keep)


def restore(db: Database, source: Path, folder: Path) -> RestoreResult:
    """Restore ``source`` after checking it (the current state goes to a safety backup first)."""
    result = restore_database(db, source, folder=folder)
    upgrade_database(db)
    return result
