"""Restore a backup over the live SQLite database: a checked swap, never a gamble.

1. **Check a private copy, never the live file.** The backup is copied (backup API) into a
   temporary file in the backups folder; that copy must pass ``PRAGMA integrity_check`` (every
   page, every index) and ``PRAGMA foreign_key_check``, hold confman's tables, and carry a schema
   revision this build knows. A newer revision is refused, naming the confman version that wrote
   the backup; an older one is migrated on the copy, so a failing migration also refuses.
2. **Refuse while another process has the database open** (``presence``), naming it: a desk
   window, a ``confman checkin`` loop. Another restore in progress is refused as well.
3. **Swap under one write lock.** One connection takes SQLite's write lock (``BEGIN IMMEDIATE``)
   on the live database; while it holds it, a second connection writes the safety backup with the
   backup API (readers are not blocked in WAL mode, writers are), and the first replaces every
   table, index and trigger with the checked copy's, then commits. Every write another process
   had acknowledged before the lock is in the safety backup; a write that waited for the lock
   lands in the restored database after it. SQLite's backup API cannot write into a database
   whose connection holds a transaction, hence the copy by SQL inside the locked transaction.
4. **Atomic.** The swap is one SQLite transaction: a restore killed at any moment leaves the old
   or the new database. Its temporary files end in ``.<pid>.partial`` and are removed by the
   next start (``backup.sweep_stale_files``); the safety backup is named apart from automatic
   backups and never rotated away.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import uuid
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from confman import __version__
from confman.core.db import presence
from confman.core.db.backup import (
    APP_VERSION_CODE,
    PARTIAL_SUFFIX,
    SAFETY_PREFIX,
    SQLITE_HEADER,
    backup_name,
    copy_connection,
    decode_version,
    sweep_stale_files,
)
from confman.core.db.engine import SQLITE_BUSY_TIMEOUT_MS, Database
from confman.core.errors import DomainError
from confman.core.private_files import make_private_folder

#: Tables whose rows a restore reports when the replaced database had more of them.
REPORTED_TABLES = ("events", "delegates", "checkins")
_REQUIRED_TABLES = frozenset({"events", "delegates", "alembic_version"})
_STAT_TABLES = ("sqlite_stat1", "sqlite_stat4")


@dataclass(frozen=True, slots=True)
class CheckedBackup:
    """A backup that passed every check, copied (and migrated) into ``copy``."""

    source: Path
    copy: Path
    revision: str
    upgraded: bool
    made_by: str  # the confman version that wrote it ("" when unknown)


@dataclass(frozen=True, slots=True)
class RestoreResult:
    """What a restore did. ``set_aside`` counts rows of the replaced database (per table) that
    the restored one lacks: they are kept in ``safety`` only."""

    source: Path
    safety: Path
    revision: str
    upgraded: bool
    set_aside: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"source": str(self.source), "safety_backup": str(self.safety), "revision": self.revision,
                "upgraded": self.upgraded, "set_aside": dict(self.set_aside)}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _first_problem(rows: list[tuple[Any, ...]]) -> str:
    return "; ".join(str(r[0]) for r in rows[:3])[:300]


def check_backup(source: Path, work: Path) -> CheckedBackup:
    """Copy ``source`` to ``work`` and check the copy (see the module docstring); raises ``DomainError``.

    On success ``work`` holds a copy at this build's newest schema revision; on failure it is removed.
    """
    from confman.core.db.migrate import head_revision, known_revisions, upgrade_database

    if not source.is_file():
        raise DomainError("restore.missing_file", path=str(source))
    try:
        with source.open("rb") as fh:
            if fh.read(16) != SQLITE_HEADER:
                raise DomainError("restore.not_confman", path=str(source))
    except OSError as exc:
        raise DomainError("restore.failed", path=str(source), detail=exc.strerror or str(exc)) from exc
    try:
        work.unlink(missing_ok=True)
        try:
            with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src:
                copy_connection(src, work, stamp=False)
        except sqlite3.DatabaseError as exc:
            if "not a database" in str(exc):  # a header and nothing behind it
                raise DomainError("restore.not_confman", path=str(source)) from exc
            raise DomainError("restore.corrupt", path=str(source), detail=str(exc)[:300]) from exc
        with closing(sqlite3.connect(work)) as conn:
            try:
                problems = conn.execute("PRAGMA integrity_check").fetchall()
                if problems != [("ok",)]:
                    raise DomainError("restore.corrupt", path=str(source), detail=_first_problem(problems))
                tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
                virtual = conn.execute("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL%'").fetchall()
                if not tables >= _REQUIRED_TABLES or virtual:
                    raise DomainError("restore.not_confman", path=str(source))
                orphans = conn.execute("PRAGMA foreign_key_check").fetchall()
                if orphans:
                    detail = "; ".join(f"{r[0]} #{r[1]} → {r[2]}" for r in orphans[:3])
                    raise DomainError("restore.corrupt", path=str(source), detail=detail)
                revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                made_by = decode_version(conn.execute("PRAGMA user_version").fetchone()[0])
            except sqlite3.DatabaseError as exc:
                raise DomainError("restore.corrupt", path=str(source), detail=str(exc)[:300]) from exc
        if revision is None:
            raise DomainError("restore.not_confman", path=str(source))
        revision_id = str(revision[0])
        if revision_id not in known_revisions():
            if not made_by:  # written by a confman that did not record its version
                raise DomainError("restore.newer_schema_unstamped", path=str(source), revision=revision_id,
                                  version=__version__, head=head_revision())
            raise DomainError("restore.newer_schema", path=str(source), revision=revision_id, made_by=made_by,
                              version=__version__, head=head_revision())
        upgraded = False
        if revision_id != head_revision():
            copy_db = Database.open(f"sqlite:///{work}", register=False)
            try:
                upgraded = upgrade_database(copy_db)
                with copy_db.engine.connect() as conn2:
                    conn2.exec_driver_sql("PRAGMA journal_mode=DELETE")
            except DomainError:
                raise
            except Exception as exc:
                raise DomainError("restore.upgrade_failed", path=str(source), revision=revision_id,
                                  detail=str(exc).splitlines()[0][:300]) from exc
            finally:
                copy_db.dispose()
        return CheckedBackup(source, work, revision_id, upgraded, made_by)
    except BaseException:
        _remove_with_journals(work)
        raise


def _remove_with_journals(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def refuse_if_in_use(target: Path) -> None:
    """Raise ``restore.in_use`` naming the other processes that have ``target`` open."""
    users = presence.others(target)
    if users:
        raise DomainError("restore.in_use", path=str(target), count=len(users),
                          who="; ".join(p.describe() for p in users))


@contextmanager
def _restore_lock(target: Path):
    """One restore at a time per database (an OS lock, dropped if the process dies)."""
    folder = make_private_folder(presence.presence_folder(target))
    lock_path = folder / presence.RESTORE_LOCK
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
    try:
        if not presence.try_lock(fd):
            raise DomainError("restore.in_progress", path=str(target))
        try:
            yield
        finally:
            presence.unlock(fd)
    finally:
        os.close(fd)
        try:
            lock_path.unlink()
            folder.rmdir()
        except OSError:
            pass


def _objects(conn: sqlite3.Connection, schema: str) -> list[tuple[str, str, str | None]]:
    return conn.execute(
        f"SELECT type, name, sql FROM {schema}.sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY rowid"
    ).fetchall()


def _set_aside(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows of the live database (by id) that the restored copy lacks, for the reported tables."""
    counts: dict[str, int] = {}
    live = {name for _t, name, _s in _objects(conn, "main")}
    new = {name for _t, name, _s in _objects(conn, "restored")}
    for table in REPORTED_TABLES:
        if table in live and table in new:
            n = conn.execute(f"SELECT count(*) FROM main.{table} WHERE id NOT IN (SELECT id FROM restored.{table})"
                             ).fetchone()[0]
            if n:
                counts[table] = int(n)
    return counts


def _replace_contents(conn: sqlite3.Connection) -> None:
    """Inside the caller's transaction: make ``main`` an exact copy of ``restored``."""
    live = _objects(conn, "main")
    for kind in ("view", "trigger", "table"):
        for obj_type, name, _sql in live:
            if obj_type == kind:
                conn.execute(f"DROP {kind.upper()} IF EXISTS main.{_quote(name)}")
    new = [o for o in _objects(conn, "restored") if o[2]]
    for obj_type, name, sql in new:
        if obj_type == "table":
            conn.execute(sql)  # type: ignore[arg-type]
            columns = ", ".join(_quote(r[1]) for r in conn.execute(f"PRAGMA restored.table_info({_quote(name)})"))
            conn.execute(f"INSERT INTO main.{_quote(name)} ({columns}) SELECT {columns} FROM restored.{_quote(name)}")
    internal = {r[0] for r in conn.execute("SELECT name FROM main.sqlite_master WHERE name LIKE 'sqlite_%'")}
    restored_internal = {r[0] for r in conn.execute("SELECT name FROM restored.sqlite_master WHERE name LIKE 'sqlite_%'")}
    for name in ("sqlite_sequence", *_STAT_TABLES):
        if name in internal:
            conn.execute(f"DELETE FROM main.{name}")
            if name in restored_internal:
                conn.execute(f"INSERT INTO main.{name} SELECT * FROM restored.{name}")
    for obj_type, _name, sql in new:
        if obj_type in ("index", "trigger", "view"):
            conn.execute(sql)  # type: ignore[arg-type]
    conn.execute(f"PRAGMA main.user_version={APP_VERSION_CODE}")


def _locked_swap(target: Path, checked: CheckedBackup, folder: Path) -> tuple[Path, dict[str, int]]:
    """Safety backup and swap under one write lock; returns the safety backup and ``set_aside``."""
    safety = folder / backup_name("before-restore", prefix=SAFETY_PREFIX)
    conn = sqlite3.connect(target, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute("ATTACH DATABASE ? AS restored", (str(checked.copy),))
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise DomainError("restore.busy", path=str(target), detail=str(exc)) from exc
        try:
            # Writers wait from here on; a second connection reads the committed state (WAL).
            with closing(sqlite3.connect(f"file:{target}?mode=ro", uri=True)) as reader:
                copy_connection(reader, safety)
            set_aside = _set_aside(conn)
            _replace_contents(conn)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("DETACH DATABASE restored")
        with contextlib.suppress(sqlite3.OperationalError):  # a reader's old snapshot: SQLite checkpoints later
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error as exc:
        raise DomainError("restore.failed", path=str(checked.source), detail=str(exc)[:300]) from exc
    finally:
        conn.close()
    return safety, set_aside


def restore_database(db: Database, source: Path, *, folder: Path, keep: int | None = None) -> RestoreResult:
    """Replace the database's content with the backup ``source`` (see the module docstring).

    Raises ``restore.missing_file``, ``restore.not_confman``, ``restore.corrupt``,
    ``restore.newer_schema``, ``restore.upgrade_failed``, ``restore.in_use``, ``restore.in_progress``
    or ``restore.busy`` — in every one of those cases the live database is untouched. ``keep`` is
    accepted for compatibility; the safety backup is never rotated.
    """
    del keep
    target = db.sqlite_path
    if target is None:
        raise DomainError("backup.unsupported_backend", url=db.display_url)
    if not target.exists():
        raise DomainError("backup.no_database", path=str(target))
    source = Path(source)
    refuse_if_in_use(target)
    try:
        make_private_folder(folder)
    except OSError as exc:
        raise DomainError("backup.folder_not_writable", path=str(folder)) from exc
    with _restore_lock(target):
        sweep_stale_files(folder)
        work = folder / f".restore-check-{uuid.uuid4().hex[:8]}.{os.getpid()}{PARTIAL_SUFFIX}"
        checked = check_backup(source, work)
        try:
            refuse_if_in_use(target)  # someone may have opened it while the copy was checked
            db.dispose()  # this process's pooled connections see the new data afterwards
            safety, set_aside = _locked_swap(target, checked, folder)
        finally:
            _remove_with_journals(work)
    return RestoreResult(source, safety, checked.revision, checked.upgraded, set_aside)
