"""Files and folders only their owner may read: folders 0700 and files 0600 on POSIX.

Everything confman writes into its data folder (database, backups, settings, logs, desk copies,
presence files) holds personal data or secrets, so it is created private from the first byte:
``restrict_process_umask()`` at the entry points (window and command line) covers every file the
process creates, SQLite's ``-wal``/``-shm`` included, and the helpers here make the files this
package creates private even when it is used as a library. ``protect_tree()`` tightens what an
older version left readable by others.

On Windows permission bits do not apply: the per-user data folder (``%LOCALAPPDATA%``) is private
through the ACL it inherits. A folder moved with ``CONFMAN_DATA_DIR`` to a FAT/exFAT USB stick has
no permissions at all; nothing here can help there.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable
from pathlib import Path

POSIX = os.name == "posix"
FOLDER_MODE = 0o700
FILE_MODE = 0o600
PRIVATE_UMASK = 0o077


def restrict_process_umask() -> None:
    """Make every file and folder this process creates private (no-op on Windows)."""
    if POSIX:
        os.umask(PRIVATE_UMASK)


def make_private_folder(path: Path) -> Path:
    """Create ``path`` and its missing parents as 0700 folders; returns ``path``.

    Existing folders are left as they are (a parent may be the user's home or a shared drive),
    except ``path`` itself, which is tightened when it is ours to tighten.
    """
    missing: list[Path] = []
    current = path
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=FOLDER_MODE)
        make_private(folder)
    if not missing:
        make_private(path)
    return path


def make_private(path: Path) -> None:
    """Remove group and other permissions from ``path`` (file or folder); errors are ignored."""
    if not POSIX:
        return
    try:
        mode = path.stat().st_mode
        if mode & 0o077:
            path.chmod(stat.S_IMODE(mode) & ~0o077)
    except OSError:
        pass  # not ours (another user's file) or gone: the caller's own error handling decides


def create_private_file(path: Path) -> bool:
    """Create an empty 0600 file at ``path`` if none exists; True when created."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), FILE_MODE)
    except FileExistsError:
        make_private(path)
        return False
    os.close(fd)
    return True


def open_private(path: Path, mode: str = "wb", encoding: str | None = None):
    """``open(path, mode)`` for writing, creating the file 0600 (truncates for "w" modes)."""
    flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_BINARY", 0)
    flags |= os.O_APPEND if mode.startswith("a") else os.O_TRUNC
    fd = os.open(path, flags, FILE_MODE)
    make_private(path)
    return os.fdopen(fd, mode, encoding=encoding)


def write_private_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` atomically (temporary file, fsync, replace) into a 0600 file."""
    tmp = path.with_name(path.name + ".tmp")
    with open_private(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def protect_tree(*roots: Path, skip: Iterable[Path] = ()) -> int:
    """Tighten every folder and file under ``roots`` to owner-only; returns how many changed.

    Missing roots are skipped (nothing is created). Symbolic links are not followed.
    """
    if not POSIX:
        return 0
    skipped = {p.resolve() for p in skip}
    changed = 0
    for root in roots:
        if not root.is_dir() or root.resolve() in skipped:
            continue
        for folder, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if (Path(folder) / d).resolve() not in skipped]
            for name in (folder, *(os.path.join(folder, f) for f in files)):
                try:
                    st = os.lstat(name)
                except OSError:
                    continue
                if stat.S_ISLNK(st.st_mode) or not st.st_mode & 0o077:
                    continue
                try:
                    os.chmod(name, stat.S_IMODE(st.st_mode) & ~0o077)
                    changed += 1
                except OSError:
                    pass
    return changed
