"""Entry points: list the sheets of a delegate file and parse them into ``ImportRow`` values.

``parse_file`` reads a workbook or CSV, converts legacy TCVN3/VNI columns, finds the header,
maps the columns (or takes the caller's ``mapping``), and turns the rows below into delegates,
rejections and skipped noise. No database access: the caller de-duplicates and imports.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from confman.core.bulk import gc_paused
from confman.core.errors import DomainError

from .layout import (
    FIELDS,
    NAME_FIELDS,
    HeaderLayout,
    column_letter,
    detect_header,
    first_texts,
    has_name,
    refine_with_data,
)
from .legacy import LegacyEncoding, convert_columns
from .readers import CellValue, SheetData
from .rows import ImportRow, ImportWarning, Rejection, RowBuilder
from .sheet_cache import SheetCache, file_sheets


@dataclass(frozen=True, slots=True)
class SheetInfo:
    """A sheet offered to the user: ``rows`` counts its non-blank rows."""

    name: str
    rows: int
    non_empty: bool
    hidden: bool = False


@dataclass(frozen=True, slots=True)
class ParsedSheet:
    """The result of parsing one sheet.

    ``header_row`` is the Excel row of the header (1-based; the lower row of a two-row header;
    ``None`` when the caller's mapping was used on a sheet without a recognisable header).
    ``columns`` maps fields (``layout.FIELDS``) to 0-based column indexes; pass an edited copy
    back as ``parse_file(mapping=…)``. ``header_signature`` (64 hex chars) keys a remembered
    mapping. ``rows_read`` = delegate rows found = ``len(rows) + len(rejected)``; ``skipped``
    counts the noise rows (titles, sections, totals, signatures). ``legacy_encoding`` names the
    mapped fields converted from TCVN3/VNI (the caller warns).
    """

    file: str
    sheet: str
    header_row: int | None
    columns: dict[str, int]
    header_signature: str
    rows: list[ImportRow]
    rejected: list[Rejection]
    rows_read: int
    legacy_encoding: dict[str, LegacyEncoding]
    warnings: list[ImportWarning] = field(default_factory=list)
    header_texts: tuple[str, ...] = ()
    skipped: int = 0
    encoding: str | None = None
    delimiter: str | None = None


LEGACY_NAMES: dict[str, str] = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI-Windows"}


def _column_label(layout: HeaderLayout, col: int) -> str:
    """``"B (Họ và tên)"``: the column letter and its header text, for messages."""
    header = layout.header_texts[col] if col < len(layout.header_texts) else ""
    return f"{column_letter(col)} ({header})" if header else column_letter(col)


def _non_blank_rows(rows: Sequence[Sequence[CellValue]]) -> int:
    count = 0
    for row in rows:
        for value in row:
            if value is not None and value != "" and (not isinstance(value, str) or value.strip()):
                count += 1
                break
    return count


def list_sheets(path: Path, *, cache: SheetCache | None = None) -> list[SheetInfo]:
    """Every worksheet of ``path`` (one for a CSV) with its non-blank row count (read through
    ``cache`` when given: the later steps of the import reuse the cells)."""
    result = []
    for sheet in file_sheets(Path(path), None, cache):
        count = _non_blank_rows(sheet.rows)
        result.append(SheetInfo(sheet.name, count, count > 0, sheet.hidden))
    return result


def _check_mapping(mapping: dict[str, int], *, file: str, sheet: str) -> dict[str, int]:
    columns: dict[str, int] = {}
    for fld, col in mapping.items():
        if fld not in FIELDS or not isinstance(col, int) or isinstance(col, bool) or col < 0:
            raise DomainError("import.mapping_invalid", file=file, sheet=sheet, field=str(fld), column=col)
        columns[fld] = col
    if not has_name(columns):
        raise DomainError("import.mapping_no_name", file=file, sheet=sheet)
    if "full_name" in columns:
        for part in ("family_name", "middle_name", "given_name"):
            columns.pop(part, None)
    return columns


def _fill_vertical_merges(rows: list[list[Any]], merged: Sequence[tuple[int, int, int, int]]) -> None:
    """Give every cell of a one-column vertical merge its top value (an organisation for 3 people)."""
    for r0, c0, r1, c1 in merged:
        if c0 != c1 or r1 <= r0 or r0 >= len(rows):
            continue
        top = rows[r0][c0] if c0 < len(rows[r0]) else ""
        for r in range(r0 + 1, min(r1, len(rows) - 1) + 1):
            row = rows[r]
            if c0 < len(row) and (row[c0] is None or row[c0] == ""):
                row[c0] = top


def parse_rows(
    rows: Sequence[Sequence[CellValue]],
    *,
    file: str = "",
    sheet: str = "",
    mapping: dict[str, int] | None = None,
    merged: Sequence[tuple[int, int, int, int]] = (),
    fonts: dict[tuple[int, int], str] | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    reject_invalid: bool = False,
) -> ParsedSheet:
    """Parse one sheet given as rows of cell values (``rows[i]`` is Excel row ``i + 1``).

    ``reject_invalid`` rejects a row whose phone or e-mail is invalid instead of importing it
    with that field empty (and a warning)."""
    label = Path(file).name if file else sheet
    work: list[list[Any]] = [list(r) for r in rows]
    converted = convert_columns(work, fonts)
    _fill_vertical_merges(work, merged)
    detected = detect_header(work)
    if mapping is not None:
        columns = _check_mapping(mapping, file=label, sheet=sheet)
        if detected is not None:
            layout = HeaderLayout(
                detected.header_row, detected.first_data_row, columns, detected.header_texts, detected.signature,
                detected.header_rows,
            )  # fmt: skip
        else:
            layout = HeaderLayout(None, 0, columns, (), "")
    elif detected is None:
        preview = first_texts(work)
        raise DomainError(
            "import.no_header", file=label, sheet=sheet, rows=preview, preview=" / ".join(preview)
        )
    else:
        layout = refine_with_data(detected, work)

    wide: dict[int, set[int]] = {}
    for r0, c0, _r1, c1 in merged:
        if c1 > c0:
            wide.setdefault(r0, set()).add(c0)
    builder = RowBuilder(layout, file=file, sheet=sheet, reject_invalid=reject_invalid)
    empty: frozenset[int] = frozenset()
    for index in range(layout.first_data_row, len(work)):
        builder.add(work[index], index + 1, wide.get(index, empty))
    result = builder.result

    legacy = {
        fld: converted[col].encoding
        for fld, col in layout.columns.items()
        if col in converted and fld != "stt" and converted[col].rows[-1] >= layout.first_data_row
    }
    warnings: list[ImportWarning] = []
    for enc in sorted(set(legacy.values())):
        fields = [f for f, e in legacy.items() if e == enc]
        headers = [_column_label(layout, layout.columns[f]) for f in fields]
        warnings.append(
            ImportWarning(
                "import.legacy_converted",
                {
                    "encoding": enc,
                    "encoding_name": LEGACY_NAMES[enc],
                    "fields": fields,
                    "columns": ", ".join(headers),
                    "sheet": sheet,
                },
            )
        )
    if encoding in ("cp1258", "cp1252"):
        warnings.append(ImportWarning("import.encoding_guessed", {"encoding": encoding}))
    for fld in sorted(result.section_defaults):
        warnings.append(ImportWarning(f"import.section_{fld}", {"sheet": sheet}))
    for fld in sorted(layout.inferred):
        warnings.append(
            ImportWarning(
                f"import.column_inferred.{fld}",
                {
                    "field": fld,
                    "column": _column_label(layout, layout.columns[fld]),
                    "index": layout.columns[fld],
                },
            )
        )
    mapped = set(layout.columns.values())
    unmapped = [t for c, t in enumerate(layout.header_texts) if t and c not in mapped]
    if unmapped and mapping is None:
        warnings.append(
            ImportWarning("import.columns_ignored", {"columns": unmapped, "names": ", ".join(unmapped)})
        )

    return ParsedSheet(
        file=file,
        sheet=sheet,
        header_row=None if layout.header_row is None else layout.header_row + layout.header_rows,
        columns=dict(layout.columns),
        header_signature=layout.signature,
        rows=result.rows,
        rejected=result.rejected,
        rows_read=len(result.rows) + len(result.rejected),
        legacy_encoding=legacy,
        warnings=warnings,
        header_texts=layout.header_texts,
        skipped=result.skipped,
        encoding=encoding,
        delimiter=delimiter,
    )


def _parse_sheet(data: SheetData, file: str, mapping: dict[str, int] | None, reject_invalid: bool) -> ParsedSheet:
    return parse_rows(
        data.rows,
        file=file,
        sheet=data.name,
        mapping=mapping,
        merged=data.merged,
        fonts=data.fonts,
        encoding=data.encoding,
        delimiter=data.delimiter,
        reject_invalid=reject_invalid,
    )


def _parse_sheets(
    sheets: list[SheetData], path: Path, mapping: dict[str, int] | None, *, strict: bool, reject_invalid: bool
) -> tuple[list[ParsedSheet], list[ImportWarning], DomainError | None]:
    parsed: list[ParsedSheet] = []
    skipped: list[ImportWarning] = []
    first_error: DomainError | None = None
    for data in sheets:
        try:
            parsed.append(_parse_sheet(data, str(path), mapping, reject_invalid))
        except DomainError as exc:
            if strict or exc.code != "import.no_header":
                raise
            first_error = first_error or exc
            skipped.append(ImportWarning("import.sheet_no_header", {"sheet": data.name}))
    return parsed, skipped, first_error


@gc_paused()
def parse_file(
    path: Path,
    *,
    sheet: str | None = None,
    mapping: dict[str, int] | None = None,
    reject_invalid: bool = False,
    cache: SheetCache | None = None,
) -> list[ParsedSheet]:
    """Parse ``sheet`` of ``path``, or every non-empty visible sheet when ``sheet`` is ``None``.

    Without ``sheet``, sheets lacking a recognisable header (instructions, lookup lists) and
    hidden sheets are left out with an ``import.sheet_no_header`` / ``import.sheet_hidden``
    warning on the first parsed sheet (hidden sheets are parsed when no visible one has a list);
    a requested sheet without a header raises ``import.no_header``. A CSV is one sheet named
    after the file and ignores ``sheet``. ``mapping`` (field -> column) replaces the detected
    mapping on every parsed sheet. ``reject_invalid`` rejects rows with an invalid phone or
    e-mail (default: imported with the field empty and a warning). With ``cache``, a file read
    before and unchanged since is not read again. Unreadable input raises ``DomainError`` (see
    ``readers``).
    """
    path = Path(path)
    label = path.name
    read = file_sheets(path, [sheet] if sheet is not None else None, cache)
    sheets = [s for s in read if _non_blank_rows(s.rows) > 0]
    visible = [s for s in sheets if not s.hidden or sheet is not None]
    hidden = [s for s in sheets if s.hidden and sheet is None]
    parsed, skipped, first_error = _parse_sheets(visible, path, mapping, strict=sheet is not None,
                                                 reject_invalid=reject_invalid)
    if not parsed and hidden:  # the only list sits in a hidden sheet: better than nothing
        parsed, more, error = _parse_sheets(hidden, path, mapping, strict=False, reject_invalid=reject_invalid)
        skipped += more
        first_error = first_error or error
    else:
        skipped += [ImportWarning("import.sheet_hidden", {"sheet": s.name}) for s in hidden]
    if not parsed:
        if first_error is not None:
            raise first_error
        raise DomainError("import.empty", file=label)
    if sum(p.rows_read for p in parsed) == 0:
        raise DomainError("import.empty", file=label)
    if skipped:
        parsed[0].warnings.extend(skipped)
    return parsed


__all__ = [
    "FIELDS",
    "NAME_FIELDS",
    "ImportRow",
    "ImportWarning",
    "ParsedSheet",
    "Rejection",
    "SheetInfo",
    "list_sheets",
    "parse_file",
    "parse_rows",
]
