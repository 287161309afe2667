"""Check that an uploaded file is what its extension says, before it is stored.

Cheap signature checks only (first bytes, zip directory): enough to catch the usual
accidents — a 0-byte file, a truncated download, a ``.pptx`` that is really a Word file
or an old ``.ppt`` renamed, a ``.pdf`` that is an HTML error page. Every refusal is a
``DomainError`` whose parameters name the file (``file``) and say why.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from confman.core.errors import DomainError

OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ASF_MAGIC = bytes.fromhex("3026B2758E66CF11A6D900AA0062CE6C")
EBML_MAGIC = bytes.fromhex("1A45DFA3")
ODP_MIMETYPE = b"application/vnd.oasis.opendocument.presentation"
#: Largest file the database can describe (``size_bytes`` is a 32-bit integer on PostgreSQL).
MAX_SIZE_BYTES = 2**31 - 1
_QUICKTIME_ATOMS = {b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"}

#: Extension → kind of file (slides, document, spreadsheet, pdf, keynote, video).
ACCEPTED: dict[str, str] = {
    ".pptx": "slides", ".ppsx": "slides", ".ppt": "slides", ".pps": "slides", ".odp": "slides",
    ".key": "keynote",
    ".pdf": "pdf",
    ".docx": "document", ".doc": "document",
    ".xlsx": "spreadsheet",
    ".mp4": "video", ".mov": "video", ".avi": "video", ".wmv": "video", ".mkv": "video",
}  # fmt: skip
#: Office Open XML extensions and the folder their zip package must contain.
_OOXML_PART = {".pptx": "ppt/", ".ppsx": "ppt/", ".docx": "word/", ".xlsx": "xl/"}
_OOXML_APP = {"ppt/": "PowerPoint", "word/": "Word", "xl/": "Excel"}


@dataclass(frozen=True, slots=True)
class FileCheck:
    extension: str
    kind: str
    encrypted: bool = False


def accepted_extensions() -> str:
    """The accepted extensions as one display string (``.pptx, .ppsx, …``)."""
    return ", ".join(ACCEPTED)


def _head(path: Path, size: int = 1024) -> bytes:
    with path.open("rb") as fh:
        return fh.read(size)


def _contains(path: Path, needle: bytes) -> bool:
    overlap = len(needle) - 1
    tail = b""
    with path.open("rb") as fh:
        while chunk := fh.read(1024 * 1024):
            if needle in tail + chunk:
                return True
            tail = chunk[-overlap:]
    return False


def _check_ooxml(path: Path, name: str, ext: str, head: bytes) -> FileCheck:
    kind = ACCEPTED[ext]
    if head.startswith(OLE2_MAGIC):
        # Password-protected Office files are OLE2 containers holding an "EncryptedPackage".
        if _contains(path, "EncryptedPackage".encode("utf-16-le")):
            return FileCheck(ext, kind, encrypted=True)
        raise DomainError("presentations.file.legacy_renamed", file=name, ext=ext)
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise DomainError("presentations.file.not_office", file=name, ext=ext) from exc
    wanted = _OOXML_PART[ext]
    if any(n.startswith(wanted) for n in names):
        return FileCheck(ext, kind)
    for part, app in _OOXML_APP.items():
        if any(n.startswith(part) for n in names):
            raise DomainError("presentations.file.wrong_office_kind", file=name, ext=ext,
                              actual=app)
    raise DomainError("presentations.file.not_office", file=name, ext=ext)


def _check_odp(path: Path, name: str, ext: str) -> FileCheck:
    try:
        with zipfile.ZipFile(path) as archive:
            mimetype = archive.read("mimetype").strip() if "mimetype" in archive.namelist() else b""
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise DomainError("presentations.file.not_odp", file=name, ext=ext) from exc
    if mimetype != ODP_MIMETYPE:
        raise DomainError("presentations.file.not_odp", file=name, ext=ext)
    return FileCheck(ext, "slides")


def _is_video(ext: str, head: bytes) -> bool:
    if ext in (".mp4", ".mov"):
        return len(head) >= 8 and head[4:8] in _QUICKTIME_ATOMS
    if ext == ".avi":
        return head[:4] == b"RIFF" and head[8:12] == b"AVI "
    if ext == ".wmv":
        return head.startswith(ASF_MAGIC)
    if ext == ".mkv":
        return head.startswith(EBML_MAGIC)
    return False


def validate_file(path: Path, *, name: str | None = None) -> FileCheck:
    """Check ``path`` (displayed as ``name``, default its file name); raise a ``DomainError`` if refused."""
    name = name or path.name
    ext = Path(name).suffix.lower()
    if ext not in ACCEPTED:
        raise DomainError("presentations.file.unknown_type", file=name, ext=ext or "—",
                          accepted=accepted_extensions())
    try:
        size = path.stat().st_size
        head = _head(path)
    except FileNotFoundError as exc:
        raise DomainError("presentations.file.not_found", file=name) from exc
    except OSError as exc:
        raise DomainError("presentations.file.unreadable", file=name, detail=exc.strerror or str(exc)) from exc
    if size == 0:
        raise DomainError("presentations.file.empty", file=name)
    if size > MAX_SIZE_BYTES:
        raise DomainError("presentations.file.too_large", file=name, size_mb=size // (1024 * 1024),
                          max_mb=MAX_SIZE_BYTES // (1024 * 1024))
    kind = ACCEPTED[ext]
    if ext in _OOXML_PART:
        return _check_ooxml(path, name, ext, head)
    if ext == ".odp":
        return _check_odp(path, name, ext)
    if ext == ".pdf":
        # Readers accept the header anywhere in the first 1024 bytes (PDF 1.7, annex H).
        if b"%PDF-" not in head:
            raise DomainError("presentations.file.not_pdf", file=name)
        return FileCheck(ext, kind)
    if ext in (".ppt", ".pps", ".doc"):
        if not head.startswith(OLE2_MAGIC):
            raise DomainError("presentations.file.not_legacy_office", file=name, ext=ext)
        return FileCheck(ext, kind)
    if kind == "video":
        if not _is_video(ext, head):
            raise DomainError("presentations.file.not_video", file=name, ext=ext)
        return FileCheck(ext, kind)
    return FileCheck(ext, kind)  # .key: an opaque package, any non-empty content
