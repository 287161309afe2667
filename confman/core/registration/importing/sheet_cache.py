"""The sheets read from a file, kept for the steps of one import: each file is read once.

Reading a 20,000-row web page saved as ``.xls`` takes seconds; parsing its cells again with another
column mapping takes a fraction of that. The import wizard lists a file's sheets, parses the chosen
ones, shows their first rows and re-parses them when the organiser changes a mapping: with a
``SheetCache`` every step after the first reuses the cells already read.

A file is known by its absolute path, size and modification time (``FileStamp``; its inode and
status-change time too), checked on every use: a file edited and saved again is read again, an
unchanged one never is. Memory stays bounded: at most ``max_cells`` cells are kept (the file used
last always is), ``forget`` drops one file and ``close`` drops everything for good (the wizard calls
it when it closes). Thread-safe: the wizard's read ops may run side by side, and two of them asking
for the same file wait for one read.

The cached ``SheetData`` are shared, not copied: callers read their rows and never change them
(``parse_rows`` and ``sheet_preview`` work on copies).
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from confman.core.errors import DomainError

from .readers import SheetData, SourceFile, read_sheets, sniff, wanted_sheets

#: Cells kept by default: a few large lists (20,000 rows of 7 columns are 140,000 cells).
MAX_CELLS = 2_000_000
#: Formats read whole whatever sheets are asked for: all their sheets are kept at once.
_READ_WHOLE = frozenset({"csv", "html", "xml"})


@dataclass(frozen=True, slots=True)
class FileStamp:
    """What tells an unchanged file from an edited one: where it is, its size and its mtime, and (to
    catch a file swapped for another with the old time put back) its inode and status-change time."""

    path: Path
    size: int
    mtime_ns: int
    inode: int = 0
    ctime_ns: int = 0


def file_stamp(path: Path) -> FileStamp:
    """The stamp of ``path`` now, or ``import.not_found`` / ``import.unreadable``."""
    absolute = Path(os.path.abspath(path))
    try:
        st = absolute.stat()
    except FileNotFoundError:
        raise DomainError("import.not_found", file=absolute.name) from None
    except OSError as exc:
        raise DomainError("import.unreadable", file=absolute.name, detail=exc.strerror or str(exc)) from None
    return FileStamp(absolute, st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)


@dataclass(slots=True)
class _Entry:
    stamp: FileStamp
    source: SourceFile
    sheets: dict[str, SheetData] = field(default_factory=dict)
    order: list[str] | None = None  # every sheet's name in workbook order, once all were read
    cells: int = 0

    def add(self, read: list[SheetData]) -> None:
        for sheet in read:
            if sheet.name not in self.sheets:
                self.cells += sum(len(row) for row in sheet.rows)
            self.sheets[sheet.name] = sheet


class SheetCache:
    """The sheets of the files one import session reads, each file read once (see the module)."""

    def __init__(self, max_cells: int = MAX_CELLS) -> None:
        self.max_cells = max_cells
        self.reads = 0
        """How many times a file was actually read (by ``readers.read_sheets``)."""
        self._entries: OrderedDict[Path, _Entry] = OrderedDict()  # least recently used first
        self._guard = threading.Lock()
        self._file_locks: dict[Path, threading.Lock] = {}
        self._closed = False

    def sheets(self, path: Path, names: list[str] | None = None) -> list[SheetData]:
        """The named sheets of ``path`` (default: every worksheet, in workbook order), as
        ``readers.read_sheets`` gives them, read from the file only when not already kept for
        the file as it is now. A CSV is one sheet (``names`` is ignored)."""
        stamp = file_stamp(Path(path))
        with self._lock_for(stamp.path):
            with self._guard:
                entry = self._entries.get(stamp.path)
            if entry is None or entry.stamp != stamp:
                entry = _Entry(stamp, sniff(stamp.path))
            kind = entry.source.kind
            if kind == "csv":
                names = None  # one sheet named after the file
            read_now = False
            if entry.order is None and (names is None or kind in _READ_WHOLE):
                read = self._read(entry.source, None)
                entry.add(read)
                entry.order = [sheet.name for sheet in read]
                read_now = True
            elif names is not None and entry.order is None:
                missing = [name for name in names if name not in entry.sheets]
                if missing:  # a name the workbook lacks raises sheet_not_found here
                    entry.add(self._read(entry.source, missing))
                    read_now = True
            if not read_now or file_stamp(stamp.path) == stamp:
                self._keep(entry)
            else:  # saved again while it was being read: the next use reads it afresh
                self.forget(stamp.path)
            if names is None:
                return [entry.sheets[name] for name in entry.order or ()]
            if entry.order is not None:
                wanted_sheets(stamp.path, entry.order, names)  # a sheet the file lacks: sheet_not_found
            return [entry.sheets[name] for name in names]

    def forget(self, path: Path) -> None:
        """Drop what is kept of ``path`` (a file taken off the import)."""
        with self._guard:
            self._entries.pop(Path(os.path.abspath(path)), None)

    def close(self) -> None:
        """Drop everything and keep nothing more (the import session is over)."""
        with self._guard:
            self._closed = True
            self._entries.clear()

    @property
    def cells(self) -> int:
        """How many cells are kept now."""
        with self._guard:
            return sum(entry.cells for entry in self._entries.values())

    def __contains__(self, path: object) -> bool:
        """Whether sheets of ``path`` are kept (as the file was when read; not checked against the disk)."""
        if not isinstance(path, str | os.PathLike):
            return False
        with self._guard:
            return Path(os.path.abspath(path)) in self._entries

    def _read(self, source: SourceFile, names: list[str] | None) -> list[SheetData]:
        read = read_sheets(source, names)
        with self._guard:
            self.reads += 1
        return read

    def _lock_for(self, path: Path) -> threading.Lock:
        with self._guard:
            return self._file_locks.setdefault(path, threading.Lock())

    def _keep(self, entry: _Entry) -> None:
        with self._guard:
            if self._closed:
                return
            self._entries[entry.stamp.path] = entry
            self._entries.move_to_end(entry.stamp.path)
            total = sum(e.cells for e in self._entries.values())
            while total > self.max_cells and len(self._entries) > 1:  # the file used last always stays
                _path, dropped = self._entries.popitem(last=False)
                total -= dropped.cells


def file_sheets(path: Path, names: list[str] | None = None, cache: SheetCache | None = None) -> list[SheetData]:
    """The named sheets of ``path`` (default: all): from ``cache`` when one is given, else read now."""
    if cache is not None:
        return cache.sheets(path, names)
    return read_sheets(sniff(Path(path)), names)
