"""The files a purge must reach besides the live rows: backups and the SQLite file's free pages.

A backup is a whole copy of the database, so after a purge every backup made before it still
holds the event's phones and e-mails. ``backups_holding`` finds them (the event is in the backup
and not marked purged there, and some delegate field or change-log entry still holds personal
data); ``scrub_backup`` purges the event inside a backup in place — other events' data in the
same backup stays — and rewrites the file (``VACUUM``) so no old value survives in a free page;
a backup that cannot be opened or brought to this schema is deleted instead.
``compact_sqlite`` does the same for the live file and empties its write-ahead log.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from confman.core.db.backup import list_backups
from confman.core.db.engine import Database

#: The JSON key marking an event whose personal data was purged (``events.settings``).
PURGED_KEY = "personal_data_purged_at"
_PERSONAL_SQL = (
    "SELECT count(*) FROM delegates WHERE event_id = ? AND "
    "(coalesce(phone, '') != '' OR coalesce(email, '') != '' OR photo IS NOT NULL OR coalesce(notes, '') != ''"
    "{issues})"
)
#: A phone or e-mail kept as given because it needed checking (backups made since migration 0008).
_ISSUES_SQL = " OR coalesce(phone_issue_value, '') != '' OR coalesce(email_issue_value, '') != ''"
_AUDIT_SQL = (
    "SELECT count(*) FROM audit_log WHERE entity = 'delegate' AND entity_id IN "
    "(SELECT id FROM delegates WHERE event_id = ?) AND (changes LIKE '%\"phone\"%' OR changes LIKE '%\"email\"%' "
    "OR changes LIKE '%\"notes\"%' OR changes LIKE '%\"photo\"%')"
)


def holds_personal_data(path: Path, code: str) -> bool | None:
    """Whether the backup ``path`` still holds the personal data of event ``code``; None when unreadable."""
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            row = conn.execute("SELECT id, settings FROM events WHERE code = ?", (code,)).fetchone()
            if row is None:
                return False
            settings = json.loads(row[1]) if isinstance(row[1], str) and row[1] else {}
            if isinstance(settings, dict) and settings.get(PURGED_KEY):
                return False
            columns = {r[1] for r in conn.execute("PRAGMA table_info(delegates)")}
            issues = _ISSUES_SQL if "phone_issue_value" in columns else ""
            if conn.execute(_PERSONAL_SQL.format(issues=issues), (row[0],)).fetchone()[0]:
                return True
            return bool(conn.execute(_AUDIT_SQL, (row[0],)).fetchone()[0])
    except (sqlite3.Error, ValueError, OSError):
        return None


def backups_holding(folder: Path | None, code: str) -> list[tuple[Path, bool | None]]:
    """Backups in ``folder`` that hold (True) or may hold (None: unreadable) event ``code``'s personal data."""
    if folder is None:
        return []
    found = []
    for info in list_backups(folder):
        holds = holds_personal_data(info.path, code)
        if holds is not False:
            found.append((info.path, holds))
    return found


def scrub_backup(path: Path, code: str, purge: Callable[[Database, str], object]) -> None:
    """Run ``purge(db, code)`` on the backup ``path`` (brought to this schema first), then rewrite it.

    Raises whatever stops it (the caller deletes such a backup).
    """
    from confman.core.db.migrate import upgrade_database

    db = Database.open(f"sqlite:///{path}", register=False)
    try:
        upgrade_database(db)
        purge(db, code)
    finally:
        db.dispose()
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute("VACUUM")
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def compact_sqlite(path: Path, *, attempts: int = 20) -> bool:
    """Rewrite the live database without free pages and empty its WAL; True when the WAL is empty.

    Another process reading or writing at that moment keeps the old pages alive (False); SQLite
    reuses them later. The purged rows themselves are already committed either way.
    """
    try:
        with closing(sqlite3.connect(path, timeout=10, isolation_level=None)) as conn:
            conn.execute("VACUUM")
            for _ in range(attempts):
                busy, _log, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                if not busy:
                    break
                time.sleep(0.05)
            else:
                return False
    except sqlite3.Error:
        return False
    wal = path.with_name(path.name + "-wal")
    return not wal.exists() or wal.stat().st_size == 0
