"""One Excel form per unit: the unit's name at the top, one row per question, an answer cell beside it.

Choices and scales get drop-down lists (data validation), numbers and texts validation rules; the
sheet is protected except the answer cells. A very hidden sheet (``_confman``) carries the form's
identifier (:mod:`confman.core.survey.codes`), the map of answer cells and an HMAC over both, so a
returned file is matched to its unit whatever its name, and an edited identifier or map is noticed.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from confman.core.survey.answers import LONG_TEXT_MAX, NUMBER_LIMIT, SHORT_TEXT_MAX
from confman.core.survey.codes import make_form_code, sign_text
from confman.core.survey.models import QuestionType
from confman.core.survey.rows import QuestionSpec, SurveyInfo, UnitRow
from confman.core.text import clean_text
from confman.i18n import t

HIDDEN_SHEET = "_confman"
MARKER = "confman-survey-form"
LAYOUT_VERSION = 1
TICK = "x"
ANSWER_FILL = PatternFill("solid", fgColor="FFF8DC")
BAND_FILL = PatternFill("solid", fgColor="E6EAF0")
THIN = Side(style="thin", color="9AA5B1")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


@dataclass(frozen=True, slots=True)
class FormContext:
    """What every form of one survey shares."""

    survey: SurveyInfo
    event_name_vi: str
    event_name_en: str
    organiser: str
    secret: bytes

    def event_name(self, lang: str) -> str:
        return self.event_name_en if lang == "en" and self.event_name_en else self.event_name_vi


def safe_file_name(name: str, used: set[str] | None = None, suffix: str = ".xlsx") -> str:
    """A Windows-safe file name for a unit (no reserved characters or names, ≤ 120 characters, unique)."""
    base = " ".join(_UNSAFE.sub(" ", clean_text(name)).split()).strip(" .")[:120].rstrip(" .") or "don-vi"
    if base.casefold() in _RESERVED:
        base = f"{base}_"
    candidate, n = base, 2
    while used is not None and (candidate + suffix).casefold() in used:
        candidate, n = f"{base} ({n})", n + 1
    if used is not None:
        used.add((candidate + suffix).casefold())
    return candidate + suffix


def _text(cell: Cell, value: str) -> Cell:
    cell.value = value
    cell.data_type = "s"  # never a formula, whatever the text starts with
    return cell


def _answer_cell(cell: Cell, tall: bool = False) -> None:
    cell.protection = Protection(locked=False)
    cell.fill = ANSWER_FILL
    cell.border = BOX
    cell.alignment = Alignment(wrap_text=True, vertical="top" if tall else "center")


def _validation(ws: Worksheet, cell: Cell, dv: DataValidation, lang: str, help_text: str) -> None:
    dv.showErrorMessage = True
    dv.errorStyle = "stop"
    dv.errorTitle = t("survey.form.invalid_title", lang)[:32]
    dv.error = dv.error or t("survey.form.invalid_choice", lang)
    if help_text:
        dv.showInputMessage = True
        dv.promptTitle = t("survey.form.hint", lang)[:32]
        dv.prompt = help_text[:250]
    ws.add_data_validation(dv)
    dv.add(cell)


def form_workbook(ctx: FormContext, unit: UnitRow) -> bytes:
    """The .xlsx form of ``unit``, in the unit's language."""
    lang = unit.language
    survey = ctx.survey
    wb = Workbook()
    ws = wb.active
    ws.title = t("survey.form.sheet", lang)[:31]
    hidden = wb.create_sheet(HIDDEN_SHEET)
    hidden.sheet_state = "veryHidden"
    ws.column_dimensions["A"].width = 8
    ws.column_dimensions["B"].width = 72
    ws.column_dimensions["C"].width = 34
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")

    def banner(row: int, text: str, font: Font | None = None, height: float | None = None) -> None:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
        cell = _text(ws.cell(row=row, column=1), text)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        if font is not None:
            cell.font = font
        if height:
            ws.row_dimensions[row].height = height

    banner(1, ctx.organiser.upper(), Font(size=10))
    banner(2, (survey.title(lang) or t("survey.form.title", lang)).upper(), Font(bold=True, size=14), 24)
    banner(3, ctx.event_name(lang), Font(bold=True, size=11), 32)
    banner(4, f"{t('survey.form.unit', lang)}: {unit.form_name}", Font(bold=True, size=12, color="1F3A5F"), 30)
    due = survey.due_date
    instructions = t("survey.form.instructions_xlsx", lang)
    if due is not None:
        instructions += " " + t("survey.form.due", lang, date=_date(due))
    banner(5, instructions, Font(italic=True, size=10), 58)
    ws.cell(row=5, column=1).alignment = Alignment(wrap_text=True, vertical="top", horizontal="left")
    header = 7
    for col, key in enumerate(("survey.form.col_code", "survey.form.col_question", "survey.form.col_answer"), 1):
        cell = _text(ws.cell(row=header, column=col), t(key, lang))
        cell.font, cell.fill, cell.border = bold, BAND_FILL, BOX
        cell.alignment = Alignment(horizontal="center", vertical="center")
    ws.freeze_panes = ws.cell(row=header + 1, column=1)

    layout: list[list[object]] = []
    list_col = 2  # options lists live in the hidden sheet from column B on
    row = header + 1
    section = None
    for q in survey.questions:
        if q.section_vi and q.section(lang) != section:
            section = q.section(lang)
            banner(row, section, Font(bold=True, color="1F3A5F"))
            ws.cell(row=row, column=1).fill = BAND_FILL
            ws.cell(row=row, column=1).alignment = Alignment(horizontal="left", vertical="center", wrap_text=True)
            row += 1
        code_cell = _text(ws.cell(row=row, column=1), q.code)
        code_cell.font = bold
        code_cell.alignment = wrap
        question_text = q.text(lang) + (" *" if q.required else "")
        note = _note(q, lang)
        question_cell = _text(ws.cell(row=row, column=2), question_text + (f"\n{note}" if note else ""))
        question_cell.alignment = wrap
        help_text = q.help(lang)
        lines = 1 + question_text.count("\n") + len(question_text) // 80 + (1 + len(note) // 80 if note else 0)
        if q.type == QuestionType.MULTI:
            ws.row_dimensions[row].height = max(15 * lines, 18)
            cells = []
            for vi, label in zip(q.options_vi, q.options(lang), strict=True):
                row += 1
                _text(ws.cell(row=row, column=2), f"    ☐ {label}").alignment = wrap
                answer = ws.cell(row=row, column=3)
                _answer_cell(answer)
                _validation(ws, answer, DataValidation(type="list", formula1=f'"{TICK}"', allow_blank=True,
                                                       error=t("survey.form.invalid_tick", lang)), lang, help_text)
                cells.append([vi, answer.coordinate])
            layout.append([q.code, q.type.value, cells])
            row += 1
            continue
        answer = ws.cell(row=row, column=3)
        tall = q.type == QuestionType.LONG_TEXT
        _answer_cell(answer, tall)
        ws.row_dimensions[row].height = max(15 * lines, 90 if tall else 20)
        if q.type == QuestionType.SINGLE:
            letter = hidden.cell(row=1, column=list_col).column_letter
            for i, label in enumerate(q.options(lang), start=1):
                _text(hidden.cell(row=i, column=list_col), label)
            formula = f"'{HIDDEN_SHEET}'!${letter}$1:${letter}${len(q.options_vi)}"
            list_col += 1
            _validation(ws, answer, DataValidation(type="list", formula1=formula, allow_blank=True), lang, help_text)
        elif q.type == QuestionType.SCALE:
            values = ",".join(str(v) for v in q.scale_values)
            _validation(ws, answer, DataValidation(type="list", formula1=f'"{values}"', allow_blank=True,
                                                   error=t("survey.form.invalid_scale", lang, max=q.scale_max)),
                        lang, help_text)
        elif q.type == QuestionType.NUMBER:
            _validation(ws, answer, DataValidation(type="decimal", operator="between", formula1=str(-NUMBER_LIMIT),
                                                   formula2=str(NUMBER_LIMIT), allow_blank=True,
                                                   error=t("survey.form.invalid_number", lang)), lang, help_text)
        else:
            limit = SHORT_TEXT_MAX if q.type == QuestionType.SHORT_TEXT else LONG_TEXT_MAX
            _validation(ws, answer, DataValidation(type="textLength", operator="lessThanOrEqual",
                                                   formula1=str(limit), allow_blank=True,
                                                   error=t("survey.form.invalid_length", lang, max=limit)),
                        lang, help_text)
        layout.append([q.code, q.type.value, answer.coordinate])
        row += 1
    _text(ws.cell(row=row + 1, column=2), t("survey.form.thanks", lang)).font = Font(italic=True)

    code = make_form_code(survey.id, unit.organization_id, ctx.secret)
    layout_text = json.dumps({"v": LAYOUT_VERSION, "lang": lang, "sheet": ws.title, "q": layout},
                             ensure_ascii=False, separators=(",", ":"))
    _text(hidden.cell(row=1, column=1), MARKER)
    _text(hidden.cell(row=2, column=1), code)
    _text(hidden.cell(row=3, column=1), layout_text)
    _text(hidden.cell(row=4, column=1), sign_text(ctx.secret, code + "|" + layout_text))
    ws.protection.sheet = True
    ws.protection.formatRows = False  # the organiser's units may make a long answer's row taller
    ws.protection.formatColumns = False
    wb.security = WorkbookProtection(lockStructure=True)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header}:{header}"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _date(value: date) -> str:
    return f"{value:%d/%m/%Y}"


def _note(q: QuestionSpec, lang: str) -> str:
    """The line under a question saying how to answer it."""
    if q.type == QuestionType.SINGLE:
        return t("survey.form.note_single", lang)
    if q.type == QuestionType.MULTI:
        return t("survey.form.note_multi", lang)
    if q.type == QuestionType.SCALE:
        ends = ""
        if q.low_label or q.high_label:
            ends = f" (1 = {q.low_label or '…'}; {q.scale_max} = {q.high_label or '…'})"
        return t("survey.form.note_scale", lang, max=q.scale_max) + ends
    if q.type == QuestionType.NUMBER:
        return t("survey.form.note_number", lang)
    return ""


def write_xlsx_forms(ctx: FormContext, units: Sequence[UnitRow], folder: Path) -> list[Path]:
    """Write one form per unit into ``folder`` (created); returns the files in unit order."""
    folder.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    written = []
    for unit in units:
        path = folder / safe_file_name(unit.name, used)
        path.write_bytes(form_workbook(ctx, unit))
        written.append(path)
    return written
