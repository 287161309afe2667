"""Export the delegate list (the current search and filter, or everyone) to .xlsx or .csv.

The columns carry the import's headers, so an exported file imports back unchanged; the last
column, "Liên hệ cần kiểm tra", says which phone or e-mail failed the rules and why (an import
ignores it).
Formula injection: every .xlsx cell is written as a string cell (openpyxl would turn text
starting with "=" into a formula); in .csv, free-text cells starting with = + - @ tab or CR
get a leading apostrophe. Phones are not free text: "+84…" stays as it is.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from confman.core.db.engine import Database
from confman.core.errors import DomainError
from confman.core.registration.contacts import (
    CHECK_COLUMN_KEY,
    CHECK_COLUMN_WIDTH,
    check_column_text,
    from_columns,
)
from confman.core.registration.models import Category, Delegate, Organization
from confman.core.registration.rows import DelegateFilters, DelegateSort
from confman.core.registration.service import search_delegate_ids
from confman.i18n import t

#: Exported columns, in order: (field, header message id).
COLUMNS: tuple[tuple[str, str], ...] = (
    ("stt", "import_ui.export.stt"),
    ("honorific", "import.field.honorific"),
    ("full_name", "import.field.full_name"),
    ("gender", "import.field.gender"),
    ("position", "import.field.position"),
    ("organization", "import.field.organization"),
    ("delegation", "import.field.delegation"),
    ("nationality", "import.field.nationality"),
    ("category", "import.field.category"),
    ("phone", "import.field.phone"),
    ("email", "import.field.email"),
    ("notes", "import.field.notes"),
    ("contact_check", CHECK_COLUMN_KEY),
)
#: Columns never neutralised in CSV (numbers and phone numbers such as +84…).
NOT_FREE_TEXT = frozenset({"stt", "phone"})
_RISKY_START = ("=", "+", "-", "@", "\t", "\r")
_WIDTHS = {"stt": 6, "honorific": 11, "full_name": 28, "gender": 9, "position": 30, "organization": 40,
           "delegation": 20, "nationality": 14, "category": 18, "phone": 15, "email": 30, "notes": 40, "contact_check": CHECK_COLUMN_WIDTH}  # fmt: skip


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    rows: int


def neutralise_csv(value: str) -> str:
    """Text a spreadsheet could run as a formula gets a leading apostrophe."""
    return "'" + value if value.startswith(_RISKY_START) else value


def _gender_label(value: Any, lang: str | None) -> str:
    return t(f"import_ui.gender.{value.value}", lang) if value is not None else ""


def export_rows(
    db: Database,
    event_id: int,
    *,
    query: str = "",
    filters: DelegateFilters | None = None,
    lang: str | None = None,
) -> list[dict[str, str]]:
    """The delegates to export (display order), each as ``{field: text}`` of ``COLUMNS``."""
    ids = search_delegate_ids(db, event_id, query, filters, DelegateSort(), with_total=False).ids
    rows: list[dict[str, str]] = []
    with db.session() as session:
        by_id: dict[int, Any] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            for r in session.execute(
                select(
                    Delegate.id, Delegate.honorific, Delegate.full_name, Delegate.gender, Delegate.position,
                    Organization.name, Delegate.delegation, Delegate.nationality, Category.label_vi,
                    Delegate.phone, Delegate.email, Delegate.notes, Delegate.phone_issue, Delegate.phone_issue_value,
                    Delegate.email_issue, Delegate.email_issue_value,
                )
                .outerjoin(Organization, Organization.id == Delegate.organization_id)
                .outerjoin(Category, Category.id == Delegate.category_id)
                .where(Delegate.id.in_(chunk))
            ):
                by_id[r[0]] = r
    for number, delegate_id in enumerate(ids, start=1):
        r = by_id[delegate_id]
        rows.append({
            "stt": str(number), "honorific": r[1], "full_name": r[2], "gender": _gender_label(r[3], lang),
            "position": r[4], "organization": r[5] or "", "delegation": r[6], "nationality": r[7],
            "category": r[8] or "", "phone": r[9], "email": r[10], "notes": r[11],
            "contact_check": check_column_text(from_columns(*r[12:16]), lang),
        })  # fmt: skip
    return rows


def headers(lang: str | None = None) -> list[str]:
    return [t(key, lang) for _field, key in COLUMNS]


def write_xlsx(path: Path, rows: Sequence[dict[str, str]], lang: str | None = None) -> None:
    """Rows to .xlsx: bold filled header, frozen first row, widths; every value a string cell."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = t("import_ui.export.sheet", lang)[:31]
    bold = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="1F4E79")
    for col, text in enumerate(headers(lang), start=1):
        cell = ws.cell(row=1, column=col)
        cell.value = text
        cell.data_type = "s"
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    fields = [f for f, _ in COLUMNS]
    for r, row in enumerate(rows, start=2):
        for c, fld in enumerate(fields, start=1):
            value = row.get(fld, "")
            if not value:
                continue
            cell = ws.cell(row=r, column=c)
            cell.value = value
            cell.data_type = "s"  # never a formula, whatever the text starts with
    ws.freeze_panes = "A2"
    for c, fld in enumerate(fields, start=1):
        ws.column_dimensions[get_column_letter(c)].width = _WIDTHS.get(fld, 15)
    if rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(fields))}{len(rows) + 1}"
    wb.save(path)


def write_csv(path: Path, rows: Sequence[dict[str, str]], lang: str | None = None) -> None:
    """Rows to UTF-8 CSV with a BOM (Excel shows Vietnamese then), free text neutralised."""
    fields = [f for f, _ in COLUMNS]
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(headers(lang))
        for row in rows:
            writer.writerow(
                [row.get(f, "") if f in NOT_FREE_TEXT else neutralise_csv(row.get(f, "")) for f in fields]
            )


def export_delegates(
    db: Database,
    event_id: int,
    path: Path,
    *,
    query: str = "",
    filters: DelegateFilters | None = None,
    lang: str | None = None,
) -> ExportResult:
    """Write the matching delegates to ``path`` (.xlsx or .csv, by its extension)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise DomainError("import_ui.export_format", file=path.name, extension=suffix or "?")
    rows = export_rows(db, event_id, query=query, filters=filters, lang=lang)
    try:
        if suffix == ".xlsx":
            write_xlsx(path, rows, lang)
        else:
            write_csv(path, rows, lang)
    except OSError as exc:
        raise DomainError("import_ui.export_failed", file=str(path), detail=str(exc)) from exc
    return ExportResult(path, len(rows))
