"""Import rejections and warnings in words: sentences for the window and the CLI, and the rejected
rows as an .xlsx for the sending unit (file, sheet, Excel row, reason).

At the edge, beside ``confman.messages`` whose sentences it uses: the import itself
(``confman.core.registration.importing``) only produces codes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from confman.core.errors import DomainError
from confman.core.registration.importing.rows import ImportRow, ImportWarning, Rejection
from confman.i18n import current_language, has_message, t
from confman.messages import describe, field_label


def rejection_reason(rejection: Rejection, lang: str | None = None) -> str:
    """The reason a row was rejected, as a sentence in ``lang``."""
    return describe(DomainError(rejection.code, **rejection.params), lang)


def flag_reason(row: ImportRow, lang: str | None = None) -> str:
    """Why a row was imported with a field left empty ("Đã nhập đại biểu, để trống Điện thoại: …")."""
    return " ".join(warning_text(w, lang) for w in row.warnings if w.code in FLAG_CODES)


def write_rejections_xlsx(path: Path, rejections: Sequence[Rejection], lang: str | None = None,
                          flagged: Sequence[ImportRow] = ()) -> Path:  # fmt: skip
    """Write ``rejections`` to ``path``, then the ``flagged`` rows (imported with an invalid phone or
    e-mail left empty) with what was left out; every value is a string or number cell, never a formula."""
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
    lines = [(rej.file, rej.sheet, rej.row, rejection_reason(rej, lang)) for rej in rejections]
    lines += [(row.file, row.sheet, row.excel_row, flag_reason(row, lang)) for row in flagged]
    for r, (file, sheet, number, reason) in enumerate(lines, start=2):
        for c, value in enumerate((Path(file).name, sheet), start=1):
            cell = ws.cell(row=r, column=c)
            cell.value = value
            cell.data_type = "s"
        ws.cell(row=r, column=3, value=number)
        cell = ws.cell(row=r, column=4)
        cell.value = reason
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
        if "error_code" in params:  # a value left out: say why, as the error would have
            error = DomainError(params["error_code"], field=params.get("field", ""), value=params.get("value", ""))
            params["problem"] = describe(error, lang)
        if isinstance(params.get("field"), str):
            params["field"] = field_label(params["field"], lang)
        return t(key, lang, **params)
    return warning.code


FLAG_CODES = ("import.row.field_dropped",)


def row_warnings(rows: Sequence[ImportRow], lang: str | None = None, *,
                 skip: Sequence[str] = ()) -> list[tuple[ImportRow, str]]:
    """Every row-level warning (a cleaned cell, an extra phone…) as ``(row, "Sheet, row 7: …")``;
    ``skip`` leaves out codes shown elsewhere (the flagged rows)."""
    found = []
    for row in rows:
        for warning in row.warnings:
            if warning.code in skip:
                continue
            found.append((row, t("safety.import.row_warning", lang, sheet=row.sheet, row=row.excel_row,
                                 warning=warning_text(warning, lang))))
    return found
