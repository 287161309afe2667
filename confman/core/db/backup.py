"""Online backups of the embedded SQLite database, their names and rotation.

Backups use SQLite's online backup API, so they are consistent while the app (or another
connection) is using the database. Every backup is written to a temporary ``….<pid>.partial``
file, fsynced and renamed, so a backup that is listed is complete; ``sweep_stale_files`` removes
what a killed process left behind. Files are readable by the user only.

Names say what a backup is for, and only automatic ones are rotated away:

* ``auto-confman-<time>-<reason>.sqlite3`` — on start, periodically, before migrations and
  imports; the newest N are kept;
* ``confman-<time>-manual.sqlite3`` — made by the user; never deleted;
* ``safety-confman-<time>-before-restore.sqlite3`` — the data a restore replaced; never rotated;
* ``personal-data-confman-<time>-before-purge-<event>.sqlite3`` — the one pre-purge copy the user
  chose to keep (``confman.core.reports.purge``).

Each backup carries the version of confman that wrote it in SQLite's ``user_version`` header
field, so a restore in an older build can say which version it needs.

PostgreSQL servers are backed up with their own tools (pg_dump); asking for a backup there is a
clear error. The checked restore lives in ``confman.core.db.restore``.
"""

from __future__ import annotations

import os
import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from confman import __version__
from confman.core.db.engine import Database
from confman.core.errors import DomainError
from confman.core.private_files import create_private_file, make_private, make_private_folder

SQLITE_HEADER = b"SQLite format 3\x00"
AUTO_PREFIX = "auto-"
SAFETY_PREFIX = "safety-"
KEPT_PREFIX = "personal-data-"
BACKUP_SUFFIX = ".sqlite3"
PARTIAL_SUFFIX = ".partial"
DEFAULT_KEEP = 20
_REASON_RE = re.compile(r"[^a-z0-9-]+")
_NAME_RE = re.compile(r"^(auto-|safety-|personal-data-)?confman-\d{8}-\d{6}-\d+-(.+)\.sqlite3$")
_VERSION_RE = re.compile(r"^(\d+)\.(\d+)\.(\d+)")

BackupKind = Literal["auto", "manual", "safety", "kept"]
_KINDS: dict[str, BackupKind] = {AUTO_PREFIX: "auto", SAFETY_PREFIX: "safety", KEPT_PREFIX: "kept"}


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    created_at: datetime
    size_bytes: int
    reason: str
    kind: BackupKind = "manual"


def encode_version(version: str) -> int:
    """``"1.4.2"`` → 1004002, stored in a backup's ``user_version``; 0 when unparsable."""
    match = _VERSION_RE.match(version)
    if not match:
        return 0
    major, minor, patch = (int(g) for g in match.groups())
    return major * 1_000_000 + minor * 1_000 + patch


def decode_version(code: int) -> str:
    """The inverse of ``encode_version``; ``""`` for 0 (a file no confman version stamped)."""
    if code <= 0:
        return ""
    return f"{code // 1_000_000}.{code // 1_000 % 1_000}.{code % 1_000}"


APP_VERSION_CODE = encode_version(__version__)


def _require_file(db: Database) -> Path:
    path = db.sqlite_path
    if path is None:
        raise DomainError("backup.unsupported_backend", url=db.display_url)
    return path


def partial_path(target: Path, tag: str = "") -> Path:
    """A temporary path beside ``target`` owned by this process (``….<pid>.partial``)."""
    return target.with_name(f"{target.name}{tag}.{os.getpid()}{PARTIAL_SUFFIX}")


def fsync_file(path: Path) -> None:
    with path.open("rb") as fh:
        os.fsync(fh.fileno())


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; Windows has no directory handles for this)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def copy_connection(src: sqlite3.Connection, target: Path, *, stamp: bool = True) -> None:
    """Write the database behind ``src`` into ``target`` (atomically, private; with ``stamp``
    the copy records this confman version in ``user_version``)."""
    tmp = partial_path(target)
    tmp.unlink(missing_ok=True)
    try:
        create_private_file(tmp)  # SQLite keeps the permissions of the file it finds
        with closing(sqlite3.connect(tmp)) as dst:
            dst.execute("PRAGMA synchronous=OFF")  # the whole file is fsynced below, before it takes its name
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
            if stamp:
                dst.execute(f"PRAGMA user_version={APP_VERSION_CODE}")
            dst.commit()
        fsync_file(tmp)
        os.replace(tmp, target)
        make_private(target)
        fsync_folder(target.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _copy_online(source: Path, target: Path) -> None:
    """Copy ``source`` into ``target`` page by page with the backup API, then fsync."""
    try:
        with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src:
            copy_connection(src, target)
    except (sqlite3.Error, OSError) as exc:
        raise DomainError("backup.failed", path=str(target), detail=str(exc)) from exc


def backup_name(reason: str, *, prefix: str | None = None, label: str = "") -> str:
    """The file name of a new backup: time, reason and (for a kept pre-purge copy) a label."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    slug = _REASON_RE.sub("-", reason.lower()).strip("-") or "backup"
    if label:
        slug += "-" + (_REASON_RE.sub("-", label.lower()).strip("-") or "event")
    if prefix is None:
        prefix = "" if reason == "manual" else AUTO_PREFIX
    return f"{prefix}confman-{stamp}-{slug}{BACKUP_SUFFIX}"


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
        target = folder / backup_name(reason)
    try:
        make_private_folder(target.parent)
    except OSError as exc:
        raise DomainError("backup.folder_not_writable", path=str(target.parent)) from exc
    _copy_online(source, target)
    if keep is not None and target.name.startswith(AUTO_PREFIX):
        rotate_backups(target.parent, keep)
    return target


def backup_kind(path: Path) -> BackupKind:
    for prefix, kind in _KINDS.items():
        if path.name.startswith(prefix):
            return kind
    return "manual"


def list_backups(folder: Path) -> list[BackupInfo]:
    """Backups in ``folder``, newest first."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob(f"*{BACKUP_SUFFIX}"):
        try:
            stat = path.stat()
        except OSError:
            continue  # removed meanwhile
        match = _NAME_RE.match(path.name)
        found.append(
            BackupInfo(
                path=path,
                created_at=datetime.fromtimestamp(stat.st_mtime, UTC),
                size_bytes=stat.st_size,
                reason=match.group(2) if match else "",
                kind=backup_kind(path),
            )
        )
    return sorted(found, key=lambda b: (b.created_at, b.path.name), reverse=True)


def rotate_backups(folder: Path, keep: int) -> list[Path]:
    """Delete automatic backups beyond the newest ``keep``; other kinds are never deleted."""
    autos = [b for b in list_backups(folder) if b.kind == "auto"]
    removed = []
    for info in autos[max(keep, 0):]:
        info.path.unlink(missing_ok=True)
        removed.append(info.path)
    return removed


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name == "nt":
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # type: ignore[attr-defined]
        if not handle:
            return False
        code = ctypes.c_ulong()
        ctypes.windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))  # type: ignore[attr-defined]
        ctypes.windll.kernel32.CloseHandle(handle)  # type: ignore[attr-defined]
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


_PARTIAL_RE = re.compile(r"\.(\d+)\.partial(?:-journal|-wal|-shm)?$")


def sweep_stale_files(*folders: Path) -> list[Path]:
    """Remove the temporary files of backups and restores whose process is gone; returns them."""
    removed = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            match = _PARTIAL_RE.search(path.name)
            if match is None or _pid_alive(int(match.group(1))):
                continue
            try:
                path.unlink()
                removed.append(path)
            except OSError:
                pass
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
