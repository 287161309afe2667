"""Online backups of the embedded SQLite database, rotation and restore.

Backups use SQLite's online backup API, so they are consistent while the app (or
another connection) is using the database. PostgreSQL servers are backed up with
their own tools (pg_dump); asking for a backup there is a clear error.
"""

from __future__ import annotations

import os
import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from confman.core.db.engine import Database
from confman.core.errors import DomainError

SQLITE_HEADER = b"SQLite format 3\x00"
AUTO_PREFIX = "auto-"
BACKUP_SUFFIX = ".sqlite3"
DEFAULT_KEEP = 20
_REASON_RE = re.compile(r"[^a-z0-9-]+")


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    created_at: datetime
    size_bytes: int
    reason: str


def _require_file(db: Database) -> Path:
    path = db.sqlite_path
    if path is None:
        raise DomainError("backup.unsupported_backend", url=db.display_url)
    return path


def _copy_online(source: Path, target: Path) -> None:
    """Copy ``source`` into ``target`` page by page with the backup API, then fsync."""
    tmp = target.with_name(target.name + ".partial")
    if tmp.exists():
        tmp.unlink()
    try:
        with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src, closing(
            sqlite3.connect(tmp)
        ) as dst:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        with tmp.open("rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except (sqlite3.Error, OSError) as exc:
        tmp.unlink(missing_ok=True)
        raise DomainError("backup.failed", path=str(target), detail=str(exc)) from exc


def backup_database(db: Database, target: Path | None = None, *, folder: Path | None = None,
                    reason: str = "manual", keep: int | None = None) -> Path:
    """Write a consistent copy of the database; returns its path.

    With no ``target`` the copy goes to ``folder`` named by time and reason; automatic
    backups (reason other than ``manual``) are then rotated to the newest ``keep``.
    """
    source = _require_file(db)
    if not source.exists():
        raise DomainError("backup.no_database", path=str(source))
    if target is None:
        if folder is None:
            raise ValueError("target or folder is required")
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
        slug = _REASON_RE.sub("-", reason.lower()).strip("-") or "backup"
        prefix = "" if reason == "manual" else AUTO_PREFIX
        target = folder / f"{prefix}confman-{stamp}-{slug}{BACKUP_SUFFIX}"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DomainError("backup.folder_not_writable", path=str(target.parent)) from exc
    _copy_online(source, target)
    if keep is not None and target.name.startswith(AUTO_PREFIX):
        rotate_backups(target.parent, keep)
    return target


def list_backups(folder: Path) -> list[BackupInfo]:
    """Backups in ``folder``, newest first."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob(f"*{BACKUP_SUFFIX}"):
        stat = path.stat()
        match = re.search(r"confman-\d{8}-\d{6}-\d+-(.+)\.sqlite3$", path.name)
        found.append(
            BackupInfo(
                path=path,
                created_at=datetime.fromtimestamp(stat.st_mtime, UTC),
                size_bytes=stat.st_size,
                reason=match.group(1) if match else "",
            )
        )
    return sorted(found, key=lambda b: (b.created_at, b.path.name), reverse=True)


def rotate_backups(folder: Path, keep: int) -> list[Path]:
    """Delete automatic backups beyond the newest ``keep``; manual backups are never deleted."""
    autos = [b for b in list_backups(folder) if b.path.name.startswith(AUTO_PREFIX)]
    removed = []
    for info in autos[max(keep, 0):]:
        info.path.unlink(missing_ok=True)
        removed.append(info.path)
    return removed


def is_confman_database(path: Path) -> bool:
    """True when ``path`` is an SQLite file holding confman's tables."""
    try:
        with path.open("rb") as fh:
            if fh.read(16) != SQLITE_HEADER:
                return False
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except (OSError, sqlite3.Error):
        return False
    return {"events", "delegates", "alembic_version"} <= names


def restore_database(db: Database, source: Path, *, folder: Path, keep: int | None = None) -> Path:
    """Replace the database's content with ``source``; the current state is backed up first.

    Returns the path of that safety backup. The engine's pooled connections are closed
    so the next session sees the restored data; the caller runs migrations afterwards.
    """
    target = _require_file(db)
    if not source.is_file():
        raise DomainError("restore.missing_file", path=str(source))
    if not is_confman_database(source):
        raise DomainError("restore.not_confman", path=str(source))
    safety = backup_database(db, folder=folder, reason="before-restore", keep=keep)
    db.dispose()
    try:
        with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src, closing(
            sqlite3.connect(target, timeout=10)
        ) as dst:
            src.backup(dst)
    except sqlite3.Error as exc:
        raise DomainError("restore.failed", path=str(source), detail=str(exc)) from exc
    return safety
