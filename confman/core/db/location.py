"""Where a database file lives: SQLite on a network share corrupts data, so we warn."""

from __future__ import annotations

import os
import sys
from pathlib import Path

_NETWORK_FILESYSTEMS = frozenset({"cifs", "smb3", "smbfs", "nfs", "nfs4", "afs", "fuse.sshfs", "9p", "davfs"})


def _linux_mount_type(path: Path, mounts_file: Path = Path("/proc/mounts")) -> str | None:
    try:
        lines = mounts_file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    best: tuple[int, str] | None = None
    target = str(path)
    for line in lines:
        parts = line.split()
        if len(parts) < 3:
            continue
        mount_point = parts[1].replace("\\040", " ")
        if (target == mount_point or target.startswith(mount_point.rstrip("/") + "/")) and (
            best is None or len(mount_point) > best[0]
        ):
            best = (len(mount_point), parts[2])
    return best[1] if best else None


def _windows_is_remote(path: Path) -> bool:
    import ctypes

    drive = os.path.splitdrive(str(path))[0]
    if not drive or drive.startswith("\\\\"):
        return bool(drive)
    DRIVE_REMOTE = 4
    return ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == DRIVE_REMOTE  # type: ignore[attr-defined]


def is_network_path(path: Path, *, mounts_file: Path | None = None) -> bool:
    """True when ``path`` is on a network share (UNC path, mapped network drive, NFS/SMB mount)."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    resolved = path.resolve() if path.exists() else path.parent.resolve()
    if sys.platform == "win32":
        return _windows_is_remote(resolved)
    fs_type = _linux_mount_type(resolved, mounts_file or Path("/proc/mounts"))
    return fs_type in _NETWORK_FILESYSTEMS
