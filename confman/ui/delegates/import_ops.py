"""The import wizard's and the export buttons' calls into the core (plain functions run by ops).

Reading a workbook is as slow as a database read (a 20,000-row web page saved as .xls takes
seconds), so every step that opens a file runs in an op too: the window never parses a spreadsheet
on its own thread. The wizard passes its ``SheetCache``: a file is read once per wizard session,
and the later steps (another sheet, another mapping, the dry run again) parse the cells kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from confman.core.db.engine import Database
from confman.core.errors import DomainError
from confman.core.registration.exporting import export_delegates
from confman.core.registration.importing import (
    FIELDS,
    SUPPORTED_EXTENSIONS,
    ParsedSheet,
    SheetInfo,
    list_sheets,
)
from confman.core.registration.importing.apply import (
    Choices,
    ImportResult,
    apply_plan,
    backup_to,
    preview_plan,
)
from confman.core.registration.importing.mappings import parse_with_memory, remembered_mapping
from confman.core.registration.importing.parse import column_letter, parse_file
from confman.core.registration.importing.plan import (
    Decision,
    DuplicatePair,
    ImportPlan,
    MergePreview,
    build_plan,
)
from confman.core.registration.importing.preview import SheetPreview, sheet_preview
from confman.core.registration.importing.sheet_cache import SheetCache
from confman.core.registration.rows import DelegateFilters
from confman.import_report import (
    flag_reason,
    rejection_reason,
    row_warnings,
    warning_text,
    write_rejections_xlsx,
)

__all__ = [
    "FIELDS",
    "SUPPORTED_EXTENSIONS",
    "Choices",
    "Decision",
    "DuplicatePair",
    "ImportPlan",
    "ImportResult",
    "MergePreview",
    "ParsedSheet",
    "SheetCache",
    "SheetInfo",
    "SheetPreview",
    "column_letter",
    "flag_reason",
    "rejection_reason",
    "row_warnings",
    "warning_text",
]


@dataclass(frozen=True, slots=True)
class FileSheets:
    """The sheets of one chosen file, or why it cannot be read."""

    path: Path
    sheets: list[SheetInfo]
    error: DomainError | None = None


@dataclass(frozen=True, slots=True)
class SheetReading:
    """One sheet parsed with the remembered mapping, and its first rows for the mapping step."""

    parsed: ParsedSheet | None
    remembered: bool
    preview: SheetPreview | None
    error: DomainError | None = None


def sheets_of(_db: Database, paths: Sequence[Path], cache: SheetCache | None = None) -> list[FileSheets]:
    """The sheets of every chosen file (their cells kept in ``cache`` for the next steps)."""
    found = []
    for path in paths:
        try:
            found.append(FileSheets(path, list_sheets(path, cache=cache)))
        except DomainError as exc:
            found.append(FileSheets(path, [], exc))
    return found


def read_sheets(db: Database, chosen: Sequence[tuple[Path, str]], preview_rows: int,
                cache: SheetCache | None = None) -> list[SheetReading]:  # fmt: skip
    """Parse each chosen sheet (the mapping used last time for the same headers pre-applied)."""
    cache = cache if cache is not None else SheetCache()  # the parse and the preview share one read
    readings = []
    for path, sheet in chosen:
        try:
            (parsed,) = parse_with_memory(db, path, sheet=sheet, cache=cache)
        except DomainError as exc:
            readings.append(SheetReading(None, False, None, exc))
            continue
        remembered = remembered_mapping(db, parsed.header_signature) == parsed.columns
        try:
            preview = sheet_preview(path, sheet, header_row=parsed.header_row, limit=preview_rows, cache=cache)
        except DomainError:
            preview = None
        readings.append(SheetReading(parsed, remembered, preview))
    return readings


def plan(db: Database, event_id: int, sheets: Sequence[tuple[Path, str, ParsedSheet, dict[str, int] | None]],
         cache: SheetCache | None = None) -> ImportPlan:  # fmt: skip
    """The dry run: every sheet with the mapping the user chose (re-parsed from the cells in
    ``cache`` when it differs from the detected one), classified against the event."""
    parsed = []
    for path, sheet, detected, mapping in sheets:
        if mapping is not None and mapping != detected.columns:
            (detected,) = parse_file(path, sheet=sheet, mapping=mapping, cache=cache)
        parsed.append(detected)
    return build_plan(db, event_id, parsed)


def outcome(_db: Database, import_plan: ImportPlan, choices: Choices) -> ImportResult:
    """What the import will do with the reviewer's choices (nothing written): the last button's count."""
    return preview_plan(import_plan, choices=choices)


def save_report(_db: Database, path: Path, import_plan: ImportPlan, choices: Choices, lang: str) -> Path:
    """The rows rejected with these choices (strict or not), and the rows kept with a field left empty."""
    preview = preview_plan(import_plan, choices=choices)
    rejected = [r for s in preview.sheets for r in s.rejected]
    return write_rejections_xlsx(path, rejected, lang, flagged=list(preview.flagged))


def run(db: Database, steps: Any, import_plan: ImportPlan, *, event_id: int, choices: Choices,
        backups: Path, station: str) -> ImportResult:
    """The import: one transaction after a backup; progress and Cancel through ``steps``."""
    return apply_plan(db, import_plan, event_id=event_id, choices=choices, backup=backup_to(backups),
                      progress=steps.progress, cancelled=steps.cancelled, station=station)


def export(db: Database, event_id: int, path: Path, query: str, filters: DelegateFilters, lang: str) -> Any:
    return export_delegates(db, event_id, path, query=query, filters=filters, lang=lang)
