"""Point an open ``Database`` at another URL in place (the window keeps one handle everywhere)."""

from __future__ import annotations

from confman.core.db.engine import Database


def repoint_database(db: Database, url: str, *, backups_folder=None, keep: int = 20) -> None:
    """Open (and migrate) ``url``, then make ``db`` use it; the old engine's connections are closed."""
    from confman.core.db.setup import open_database

    new = open_database(url, backups_folder=backups_folder, keep=keep, backup_on_start=False)
    old = db.engine
    db.url, db.engine, db.session_factory = new.url, new.engine, new.session_factory
    old.dispose()
