"""Which processes have an SQLite database open: one locked file per process beside the database.

A process with at least one open connection to ``confman.sqlite3`` keeps a small JSON file in
``confman.sqlite3-presence/`` (program, desk, process id, host, since when) and holds an exclusive
OS lock on it (``flock`` on POSIX, ``msvcrt.locking`` on Windows). The operating system drops the
lock when the process ends, however it ends (SIGKILL, power loss of a USB stick aside), so a file
whose lock can be taken belongs to a dead process and is removed. ``others()`` lists the live
entries of other processes: a restore refuses while there are any, naming them.

Registration follows the engine's connections (``track_engine``): the first connection
registers, closing the last one (``Database.dispose``) unregisters.

Limits: locks on network shares (SMB/NFS) are not reliable across machines — SQLite itself must
not be used there; a confman build older than this module does not register at all (the locked
swap in ``restore`` still keeps every acknowledged write, see ``confman.core.db.restore``).
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from confman.core.private_files import FILE_MODE, make_private_folder

FOLDER_SUFFIX = "-presence"
ENTRY_SUFFIX = ".json"
_WINDOWS = os.name == "nt"
STALE_NEW_SECONDS = 10.0
RESTORE_LOCK = ".restore.lock"
_LOCK_OFFSET = 1 << 30  # Windows byte-range locks are mandatory: lock a byte far past the JSON text

_program = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "python"
_station = ""
_lock = threading.Lock()
_held: dict[Path, _Registration] = {}


@dataclass(frozen=True, slots=True)
class Presence:
    """Another process that has the database open."""

    pid: int
    host: str
    program: str
    station: str
    since: str  # ISO 8601, UTC

    def describe(self) -> str:
        """``“confman checkin” (desk Bàn 2, process 4242 on LAPTOP-1, since 2026-12-03 08:15 UTC)``."""
        since = self.since[:16].replace("T", " ")
        desk = f"{self.station}, " if self.station else ""
        return f"“{self.program}” ({desk}pid {self.pid} @ {self.host}, {since} UTC)"


@dataclass(slots=True)
class _Registration:
    path: Path
    fd: int
    count: int


def set_process_label(program: str, station: str = "") -> None:
    """What other processes see when this one has the database open (e.g. ``confman checkin``)."""
    global _program, _station
    _program, _station = program, station


def presence_folder(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + FOLDER_SUFFIX)


def _key(db_path: Path) -> Path:
    try:
        return db_path.resolve()
    except OSError:
        return db_path.absolute()


def try_lock(fd: int) -> bool:
    """Take the exclusive lock without waiting; False when another process holds it."""
    try:
        if _WINDOWS:
            import msvcrt

            os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def unlock(fd: int) -> None:
    try:
        if _WINDOWS:
            import msvcrt

            os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_UN)
    except OSError:
        pass


def _entry_name() -> str:
    host = "".join(c if c.isalnum() or c in "-_" else "_" for c in socket.gethostname())[:40] or "host"
    return f"{host}-{os.getpid()}-{uuid.uuid4().hex[:8]}{ENTRY_SUFFIX}"


def _create_entry(folder: Path) -> tuple[Path, int]:
    payload = json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "program": _program,
                          "station": _station, "since": datetime.now(UTC).isoformat(timespec="seconds")},
                         ensure_ascii=False).encode("utf-8")
    final = folder / _entry_name()
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    if _WINDOWS:
        # An open file cannot be deleted on Windows, so a checker never removes it before the lock.
        fd = os.open(final, flags, FILE_MODE)
        try_lock(fd)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, payload)
        return final, fd
    # POSIX: lock under a temporary name first, so no checker can see an unlocked live entry.
    tmp = folder / f".{final.name}.new"
    fd = os.open(tmp, flags, FILE_MODE)
    try_lock(fd)
    os.write(fd, payload)
    os.replace(tmp, final)
    return final, fd


def register(db_path: Path) -> None:
    """Record that this process has ``db_path`` open (counted; see ``unregister``). Never raises."""
    key = _key(db_path)
    with _lock:
        held = _held.get(key)
        if held is not None:
            held.count += 1
            return
        for _attempt in range(3):
            try:
                folder = make_private_folder(presence_folder(key))
                path, fd = _create_entry(folder)
                break
            except FileNotFoundError:
                continue  # a checker removed the folder or the new entry in between: try again
            except OSError:
                return  # a read-only medium: nothing to protect against, never block the work
        else:
            return
        _held[key] = _Registration(path, fd, 1)
        _prune(folder)


def _prune(folder: Path) -> None:
    """Remove what dead processes left in ``folder``: their entries and an abandoned restore lock."""
    for entry in folder.iterdir():
        if _own(entry):
            continue
        if entry.name.endswith(ENTRY_SUFFIX) or entry.name == RESTORE_LOCK or (
                entry.name.endswith(".new") and _age_seconds(entry) > STALE_NEW_SECONDS):
            _read_live(entry)


def unregister(db_path: Path) -> None:
    """Undo one ``register``; the last one removes this process's entry."""
    key = _key(db_path)
    with _lock:
        held = _held.get(key)
        if held is None:
            return
        held.count -= 1
        if held.count > 0:
            return
        del _held[key]
        if not _WINDOWS:
            held.path.unlink(missing_ok=True)
        unlock(held.fd)
        os.close(held.fd)
        if _WINDOWS:
            with contextlib.suppress(OSError):
                held.path.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            held.path.parent.rmdir()  # only when no other process is registered


def _own(path: Path) -> bool:
    return any(h.path == path for h in _held.values())


def _read_live(entry: Path) -> Presence | None:
    """The entry's process if it is alive; a dead process's entry is removed."""
    try:
        fd = os.open(entry, os.O_RDWR | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        if try_lock(fd):  # nobody holds it: its process is gone
            if not _WINDOWS:
                entry.unlink(missing_ok=True)
            unlock(fd)
            os.close(fd)
            fd = -1
            if _WINDOWS:
                with contextlib.suppress(OSError):
                    entry.unlink(missing_ok=True)
            return None
        os.lseek(fd, 0, os.SEEK_SET)
        raw = os.read(fd, 64 * 1024)
    finally:
        if fd >= 0:
            os.close(fd)
    try:
        data: dict[str, Any] = json.loads(raw.decode("utf-8"))
        return Presence(int(data["pid"]), str(data["host"]), str(data["program"]), str(data.get("station", "")),
                        str(data["since"]))
    except (ValueError, KeyError, TypeError):
        return Presence(0, "?", entry.name, "", "")


def _age_seconds(path: Path) -> float:
    try:
        return datetime.now(UTC).timestamp() - path.stat().st_mtime
    except OSError:
        return 0.0


def others(db_path: Path) -> list[Presence]:
    """Live processes other than this one that have ``db_path`` open (stale entries are removed)."""
    folder = presence_folder(_key(db_path))
    if not folder.is_dir():
        return []
    found = []
    with _lock:
        for entry in sorted(folder.iterdir()):
            if entry.name.startswith(".") and entry.name.endswith(".new"):
                if _age_seconds(entry) > STALE_NEW_SECONDS:
                    _read_live(entry)  # a registration killed before its rename: removed when unlocked
                continue
            if not entry.name.endswith(ENTRY_SUFFIX) or _own(entry):
                continue
            live = _read_live(entry)
            if live is not None:
                found.append(live)
    return found


def track_engine(engine: Any, db_path: Path) -> None:
    """Register ``db_path`` while ``engine`` has at least one open DBAPI connection."""
    from sqlalchemy import event

    def _connected(*_args: Any) -> None:
        register(db_path)

    def _closed(*_args: Any) -> None:
        unregister(db_path)

    event.listen(engine, "connect", _connected)
    event.listen(engine, "close", _closed)
    event.listen(engine, "close_detached", _closed)
