"""Content-addressed file store for presentation files.

Each distinct content is kept once, at ``<root>/<sha[:2]>/<sha>`` (no extension: the
original name lives in the database). Writes go to a temporary file in the store and
are moved into place with ``os.replace``, so a crash never leaves a half-written blob
under a real hash. The default root is ``<data folder>/files``; ``CONFMAN_FILES_DIR``
points it elsewhere — e.g. a folder shared by the desks of a PostgreSQL setup (blobs are
written once under their hash and moved into place atomically, so a share is safe here,
unlike for an SQLite database).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from confman.core.errors import DomainError
from confman.paths import data_dir

CHUNK = 1024 * 1024
ENV_FILES_DIR = "CONFMAN_FILES_DIR"
_UNSAFE_NAME = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


def default_store_root() -> Path:
    """``CONFMAN_FILES_DIR``, else the folder chosen in Settings (a share all desks see), else the data folder."""
    override = os.environ.get(ENV_FILES_DIR)
    if override:
        return Path(override)
    from confman.core.settings import load_settings

    chosen = load_settings().files_folder
    return Path(chosen) if chosen else data_dir() / "files"


@dataclass(frozen=True, slots=True)
class StoredBlob:
    sha256: str
    size_bytes: int
    relative_path: str
    """Path inside the store, with forward slashes (``ab/ab12…``)."""
    already_stored: bool


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class FileStore:
    """Blobs addressed by their sha256 under ``root``."""

    def __init__(self, root: Path | str | None = None) -> None:
        self.root = Path(root) if root is not None else default_store_root()

    @staticmethod
    def relative_path(sha256: str) -> str:
        return f"{sha256[:2]}/{sha256}"

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def resolve(self, stored_path: str) -> Path:
        """Absolute path of a ``stored_path`` recorded in the database."""
        return self.root.joinpath(*stored_path.split("/"))

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def put_file(self, source: Path) -> StoredBlob:
        """Copy ``source`` into the store (hashing while copying); dedupes by content."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(prefix=".incoming-", dir=self.root)
        except OSError as exc:
            raise DomainError("presentations.store_not_writable", path=str(self.root),
                              detail=exc.strerror or str(exc)) from exc
        tmp = Path(tmp_name)
        digest = hashlib.sha256()
        size = 0
        try:
            with os.fdopen(fd, "wb") as out, source.open("rb") as src:
                while chunk := src.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
                    size += len(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            target = self.path_for(sha)
            if target.is_file() and target.stat().st_size == size:
                tmp.unlink()
                return StoredBlob(sha, size, self.relative_path(sha), already_stored=True)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, target)
            return StoredBlob(sha, size, self.relative_path(sha), already_stored=False)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise DomainError("presentations.file.unreadable", file=source.name,
                              detail=exc.strerror or str(exc)) from exc
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def put_bytes(self, data: bytes, name: str = "data") -> StoredBlob:
        """Store in-memory content (tests, imports)."""
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "blob"
            path.write_bytes(data)
            return self.put_file(path)

    def read_path(self, sha256: str, *, name: str = "") -> Path:
        """The blob's path; ``presentations.file.missing_in_store`` when it is gone."""
        path = self.path_for(sha256)
        if not path.is_file():
            raise DomainError("presentations.file.missing_in_store", file=name or sha256, path=str(path))
        return path

    def copy_out(self, sha256: str, target: Path, *, name: str = "") -> Path:
        """Copy a blob to ``target`` (atomic: temp file next to it, then replace)."""
        source = self.read_path(sha256, name=name)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{sha256[:12]}.part")
        try:
            shutil.copyfile(source, tmp)
            os.replace(tmp, target)
        except OSError:
            tmp.unlink(missing_ok=True)
            raise
        return target

    def materialize(self, sha256: str, original_name: str, folder: Path | None = None) -> Path:
        """A copy named like the original (so its default application opens it), in a per-content folder.

        Used by "Open": the store's blobs have no extension, and the organiser should see the
        speaker's file name in the title bar.
        """
        base = folder or Path(tempfile.gettempdir()) / "confman-open"
        name = _UNSAFE_NAME.sub("_", unicodedata.normalize("NFC", Path(original_name).name)).rstrip(" .")
        if not name.strip("._ "):
            name = f"file{Path(original_name).suffix}" if Path(original_name).suffix else "file"
        target = base / sha256[:16] / name
        if target.is_file() and target.stat().st_size == self.read_path(sha256, name=name).stat().st_size:
            return target
        return self.copy_out(sha256, target, name=name)
