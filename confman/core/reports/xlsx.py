"""Tabular reports as .xlsx (openpyxl).

Text is always written as a text cell, never a formula: a name typed as
``=HYPERLINK("x")`` stays those characters in Excel.  The header row is bold, shaded,
frozen and repeated on printed pages; columns get the report's widths.  A last sheet
("Thông tin") states the title, the event, the "as of" time and the filter.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from confman.core.pdf.fonts import clean_text
from confman.core.reports.sheet import Sheet
from confman.i18n import t

HEADER_FILL = PatternFill("solid", fgColor="E6EAF0")
HEADER_FONT = Font(bold=True)
THIN = Side(style="thin", color="7A7A7A")
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


def _text_cell(cell: Cell, value: str) -> None:
    """Store ``value`` as text whatever it starts with (openpyxl makes "=…" a formula)."""
    cell.value = value
    cell.data_type = "s"


def _put(cell: Cell, value: str | int | float | None) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float):
        _text_cell(cell, clean_text(str(value)) if isinstance(value, str) else str(value))
    else:
        cell.value = value


def _title(name: str, used: set[str]) -> str:
    base = _BAD_TITLE.sub(" ", name).strip()[:31] or "Sheet"
    title, n = base, 2
    while title.lower() in used:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(title.lower())
    return title


def workbook_bytes(sheets: Sequence[Sheet], lang: str) -> bytes:
    """The .xlsx file of ``sheets`` (each: frozen bold header, widths, text kept as text)."""
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for sheet in sheets:
        ws = wb.create_sheet(_title(sheet.name, used))
        for col, label in enumerate(sheet.headers, start=1):
            cell = ws.cell(row=1, column=col)
            _text_cell(cell, clean_text(label))
            cell.font = HEADER_FONT
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.border = Border(bottom=THIN)
        for r, values in enumerate(sheet.rows, start=2):
            for col, value in enumerate(values, start=1):
                _put(ws.cell(row=r, column=col), value)
        for col in range(1, len(sheet.headers) + 1):
            width = sheet.widths[col - 1] if col - 1 < len(sheet.widths) else 16
            ws.column_dimensions[get_column_letter(col)].width = width
        ws.freeze_panes = "A2"
        ws.print_title_rows = "1:1"
        ws.page_setup.orientation = "landscape" if len(sheet.headers) > 5 else "portrait"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        if sheet.rows:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.headers))}{len(sheet.rows) + 1}"
    notes = next((s.notes for s in sheets if s.notes), ())
    if notes:
        info = wb.create_sheet(_title(t("reports.sheet.info", lang), used))
        for r, line in enumerate(notes, start=1):
            _text_cell(info.cell(row=r, column=1), clean_text(line))
        info.cell(row=1, column=1).font = Font(bold=True, size=13)
        info.column_dimensions["A"].width = 100
        wb.properties.title = clean_text(notes[0])
        if len(notes) > 1:
            wb.properties.subject = clean_text(notes[1])
    wb.properties.creator = "confman"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
