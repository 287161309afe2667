"""Rejected rows as an .xlsx for the sending unit: file, sheet, Excel row, reason."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from confman.core.errors import DomainError
from confman.i18n import current_language, has_message, t
from confman.messages import describe

from .rows import ImportRow, ImportWarning, Rejection


def rejection_reason(rejection: Rejection, lang: str | None = None) -> str:
    """The reason a row was rejected, as a sentence in ``lang``."""
    return describe(DomainError(rejection.code, **rejection.params), lang)


def write_rejections_xlsx(path: Path, rejections: Sequence[Rejection], lang: str | None = None) -> Path:
    """Write ``rejections`` to ``path``; every value is a string or number cell, never a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = t("import_ui.report.sheet", lang)[:31]
    heads = [t(k, lang) for k in ("import_ui.report.file", "import_ui.report.sheet_name",
                                   "import_ui.report.row", "import_ui.report.reason")]  # fmt: skip
    for col, text in enumerate(heads, start=1):
        cell = ws.cell(row=1, column=col, value=text)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="9C2A00")
    for r, rej in enumerate(rejections, start=2):
        for c, value in enumerate((Path(rej.file).name, rej.sheet), start=1):
            cell = ws.cell(row=r, column=c)
            cell.value = value
            cell.data_type = "s"
        ws.cell(row=r, column=3, value=rej.row)
        cell = ws.cell(row=r, column=4)
        cell.value = rejection_reason(rej, lang)
        cell.data_type = "s"
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    for letter, width in zip("ABCD", (30, 20, 10, 80), strict=True):
        ws.column_dimensions[letter].width = width
    try:
        wb.save(path)
    except OSError as exc:
        raise DomainError("import_ui.export_failed", file=str(path), detail=str(exc)) from exc
    return Path(path)


def warning_text(warning: ImportWarning, lang: str | None = None) -> str:
    """A parser or planner warning as a sentence (its code when no message exists)."""
    key = f"warning.{warning.code}"
    if has_message(key, lang or current_language()) or has_message(key, "en"):
        params = {k: ", ".join(map(str, v)) if isinstance(v, list | tuple) else v for k, v in warning.params.items()}
        return t(key, lang, **params)
    return warning.code


def row_warnings(rows: Sequence[ImportRow], lang: str | None = None) -> list[tuple[ImportRow, str]]:
    """Every row-level warning (a cleaned cell, an extra phone…) as ``(row, "Sheet, row 7: …")``."""
    found = []
    for row in rows:
        for warning in row.warnings:
            found.append((row, t("safety.import.row_warning", lang, sheet=row.sheet, row=row.excel_row,
                                 warning=warning_text(warning, lang))))
    return found
