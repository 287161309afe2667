"""Collect returned answers: per-unit Excel forms and flat tables, each file checked cell by cell.

A form is matched to its unit by the identifier hidden in it (never by its file name); a form of
another event, an unknown survey or an edited identifier is refused whole and nothing is written.
Valid answers are kept, each refusal names the file, the cell and the reason; a unit that sends
again gets a new answer version. Each file is one unit of work.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from sqlalchemy import select
from sqlalchemy.orm import Session

from confman.core.changes import Changes
from confman.core.db.engine import Database
from confman.core.errors import DomainError
from confman.core.events.models import Event
from confman.core.registration.importing.readers import read_sheets, sniff
from confman.core.registration.models import Organization
from confman.core.survey.answers import is_blank, is_checked, parse_answer
from confman.core.survey.codes import parse_form_code, sign_text, signature_valid
from confman.core.survey.forms_xlsx import HIDDEN_SHEET, MARKER
from confman.core.survey.models import QuestionType, Survey, SurveyResponse
from confman.core.survey.rows import Answer, CollectResult, FileResult, QuestionSpec, Rejection
from confman.core.survey.service import _info, _invited_ids, _latest, _survey, store_response
from confman.core.text import fold

UNIT_HEADERS = frozenset({"don vi", "ten don vi", "co quan", "ten co quan", "don vi tra loi", "unit", "unit name",
                          "organization", "organisation", "agency"})

Progress = Callable[[int, int], None]


class _Refused(Exception):
    """The whole file is refused (nothing written)."""

    def __init__(self, error: DomainError) -> None:
        super().__init__(error.code)
        self.error = error


def collect_files(db: Database, event_id: int, paths: Sequence[Path | str], *, station: str = "",
                  progress: Progress | None = None) -> tuple[CollectResult, Changes]:
    """Collect every file of ``paths`` (forms or flat tables); one file's failure never stops the others."""
    results: list[FileResult] = []
    ids: list[int] = []
    for index, raw in enumerate(paths):
        path = Path(raw)
        result, new_ids = _collect_one(db, event_id, path, station)
        results.append(result)
        ids += new_ids
        if progress is not None:
            progress(index + 1, len(paths))
    changes = Changes.of("survey", "survey_responses", ids=ids) if ids else Changes()
    return CollectResult(files=tuple(results), response_ids=tuple(ids)), changes


def _collect_one(db: Database, event_id: int, path: Path, station: str) -> tuple[FileResult, list[int]]:
    file = path.name
    try:
        form = _read_form(path)
        with db.session() as session:
            survey = _survey(session, event_id, create=True)
            if form is not None:
                return _collect_form(session, survey, form, file, station)
            return _collect_table(session, survey, path, file, station)
    except _Refused as refused:
        return FileResult(file=file, unit=None, responses=0, rejected=(Rejection(file, refused.error),)), []
    except DomainError as error:
        return FileResult(file=file, unit=None, responses=0, rejected=(Rejection(file, error),)), []


# --------------------------------------------------------------------------- forms


def _read_form(path: Path) -> dict[str, Any] | None:
    """The hidden block and answer cells of a confman form; None when the file is not one."""
    if path.suffix.lower() not in (".xlsx", ".xlsm") or not zipfile.is_zipfile(path):
        return None
    try:
        wb = load_workbook(path, data_only=True)
    except Exception as exc:  # a damaged workbook
        raise DomainError("import.corrupt", file=path.name, detail=str(exc)[:200]) from None
    if HIDDEN_SHEET not in wb.sheetnames:
        return None
    hidden = wb[HIDDEN_SHEET]
    if hidden["A1"].value != MARKER:
        return None
    sheets = [ws for ws in wb.worksheets if ws.title != HIDDEN_SHEET]
    return {"code": hidden["A2"].value, "layout": hidden["A3"].value, "sig": hidden["A4"].value,
            "sheets": {ws.title: ws for ws in sheets}, "first": sheets[0] if sheets else None}


def _verify(session: Session, survey: Survey, form: dict[str, Any], file: str) -> tuple[int, dict[str, Any]]:
    code = parse_form_code(form["code"])
    if code is None:
        raise _Refused(DomainError("survey.collect.tampered", file=file))
    owner = session.get(Survey, code.survey_id)
    if owner is None:
        raise _Refused(DomainError("survey.collect.foreign_form", file=file))
    if owner.id != survey.id:
        event = session.get(Event, owner.event_id)
        raise _Refused(DomainError("survey.collect.other_event", file=file,
                                   event=event.name_vi if event else str(owner.event_id)))
    layout_text = str(form["layout"] or "")
    if not signature_valid(code, survey.secret) or form["sig"] != sign_text(survey.secret,
                                                                            f"{form['code']}|{layout_text}"):
        raise _Refused(DomainError("survey.collect.tampered", file=file))
    try:
        layout = json.loads(layout_text)
    except ValueError:
        raise _Refused(DomainError("survey.collect.tampered", file=file)) from None
    return code.organization_id, layout


def _collect_form(session: Session, survey: Survey, form: dict[str, Any], file: str,
                  station: str) -> tuple[FileResult, list[int]]:
    organization_id, layout = _verify(session, survey, form, file)
    org = session.get(Organization, organization_id)
    invited, _ = _invited_ids(session, survey)
    if org is None or organization_id not in invited:
        raise _Refused(DomainError("survey.collect.unit_not_invited", file=file,
                                   unit=org.name if org else str(organization_id)))
    ws = form["sheets"].get(layout.get("sheet")) or form["first"]
    if ws is None:
        raise _Refused(DomainError("survey.collect.tampered", file=file))
    questions = {q.code: q for q in _info(session, survey).questions}
    answers: dict[str, Answer] = {}
    rejected: list[Rejection] = []
    seen: set[str] = set()
    for code, _type, cells in layout.get("q", []):
        question = questions.get(code)
        if isinstance(cells, list):  # multi-choice: one tick cell per option
            raw: object = [vi for vi, ref in cells if is_checked(ws[ref].value)]
            bad = [(ref, ws[ref].value) for _vi, ref in cells
                   if not is_blank(ws[ref].value) and not is_checked(ws[ref].value)]
            where_ref = cells[0][1] if cells else "?"
            for ref, value in bad:
                rejected.append(Rejection(f"{file}!{ref} ({code})",
                                          DomainError("survey.answer.bad_tick", value=str(value)[:80])))
        else:
            raw = ws[cells].value
            where_ref = cells
        where = f"{file}!{where_ref} ({code})"
        if question is None:
            if not is_blank(raw):
                rejected.append(Rejection(where, DomainError("survey.collect.question_gone", code=code)))
            continue
        seen.add(code)
        _take(question, raw, where, answers, rejected)
    for code, question in questions.items():
        if question.required and code not in answers and not any(r.where.endswith(f"({code})") for r in rejected):
            where = f"{file} ({code})" if code not in seen else next(
                (f"{file}!{_first_ref(c)} ({code})" for c_code, _t, c in layout.get("q", []) if c_code == code),
                f"{file} ({code})")
            rejected.append(Rejection(where, DomainError("survey.answer.required", question=code)))
    if not answers:
        rejected.append(Rejection(file, DomainError("survey.collect.empty_form", unit=org.name)))
        return FileResult(file=file, unit=org.name, responses=0, rejected=tuple(rejected)), []
    ids = _store_if_changed(session, survey, organization_id, answers, "form", file, station)
    return FileResult(file=file, unit=org.name, responses=1, rejected=tuple(rejected), units=(org.name,)), ids


def _first_ref(cells: object) -> str:
    if isinstance(cells, list):
        return str(cells[0][1]) if cells else "?"
    return str(cells)


def _take(question: QuestionSpec, raw: object, where: str, answers: dict[str, Answer],
          rejected: list[Rejection]) -> None:
    try:
        value = parse_answer(question, raw)
    except DomainError as error:
        rejected.append(Rejection(where, error))
        return
    if value is not None:
        answers[question.code] = value


def _store_if_changed(session: Session, survey: Survey, organization_id: int, answers: dict[str, Answer],
                      source: str, file: str, station: str) -> list[int]:
    """Store a new version unless the unit's current answers are exactly these (the same file twice)."""
    current: SurveyResponse | None = _latest(session, survey.id).get(organization_id)
    if current is not None and current.answers == answers:
        return []
    return [store_response(session, survey, organization_id, answers, source=source, source_file=file,
                           station=station).id]


# --------------------------------------------------------------------------- flat tables


def _match_columns(header: list[object], questions: Sequence[QuestionSpec]) -> tuple[int | None, dict[int, QuestionSpec]]:
    by_code = {fold(q.code): q for q in questions}
    by_text = {fold(text): q for q in questions for text in (q.text_vi, q.text_en) if text}
    unit_col: int | None = None
    columns: dict[int, QuestionSpec] = {}
    for col, value in enumerate(header):
        key = fold(str(value or ""))
        if not key:
            continue
        if unit_col is None and key in UNIT_HEADERS:
            unit_col = col
            continue
        question = by_code.get(key) or by_text.get(key)
        if question is None and "." in str(value):  # "C1. Câu hỏi …"
            head = fold(str(value).split(".", 1)[0])
            question = by_code.get(head)
        if question is not None and question not in columns.values():
            columns[col] = question
    return unit_col, columns


def _collect_table(session: Session, survey: Survey, path: Path, file: str,
                   station: str) -> tuple[FileResult, list[int]]:
    questions = _info(session, survey).questions
    sheets = read_sheets(sniff(path))
    found = None
    for sheet in sheets:
        for index, row in enumerate(sheet.rows[:15]):
            unit_col, columns = _match_columns(list(row), questions)
            if unit_col is not None and columns:
                found = (sheet, index, unit_col, columns)
                break
        if found:
            break
    if found is None:
        raise _Refused(DomainError("survey.collect.not_a_form", file=file))
    sheet, header_index, unit_col, columns = found
    invited, _ = _invited_ids(session, survey)
    orgs = session.scalars(select(Organization).where(Organization.id.in_(invited))).all() if invited else []
    by_name: dict[str, Organization] = {}
    for org in orgs:
        by_name.setdefault(org.name_folded, org)
        if org.short_name:
            by_name.setdefault(fold(org.short_name), org)
    rejected: list[Rejection] = []
    ids: list[int] = []
    units: list[str] = []
    done: dict[int, int] = {}
    for index in range(header_index + 1, len(sheet.rows)):
        row = sheet.rows[index]
        excel_row = index + 1
        cells = {col: (row[col] if col < len(row) else None) for col in (unit_col, *columns)}
        if all(is_blank(v) for v in cells.values()):
            continue
        unit_ref = f"{file}!{get_column_letter(unit_col + 1)}{excel_row}"
        unit_text = str(cells[unit_col] or "").strip()
        org = by_name.get(fold(unit_text))
        if org is None:
            error = DomainError("survey.collect.unit_unknown", unit=unit_text) if unit_text else \
                DomainError("survey.collect.unit_missing")
            rejected.append(Rejection(unit_ref, error))
            continue
        if org.id in done:
            rejected.append(Rejection(unit_ref, DomainError("survey.collect.unit_twice", unit=org.name,
                                                            row=done[org.id])))
            continue
        done[org.id] = excel_row
        answers: dict[str, Answer] = {}
        for col, question in columns.items():
            where = f"{file}!{get_column_letter(col + 1)}{excel_row} ({question.code})"
            raw = cells[col]
            if question.type == QuestionType.MULTI and isinstance(raw, str):
                raw = [p for p in raw.replace("\n", ";").split(";")]
            before = len(rejected)
            _take(question, raw, where, answers, rejected)
            if question.required and question.code not in answers and len(rejected) == before:
                rejected.append(Rejection(where, DomainError("survey.answer.required", question=question.code)))
        if not answers:
            rejected.append(Rejection(unit_ref, DomainError("survey.collect.empty_row", unit=org.name)))
            continue
        ids += _store_if_changed(session, survey, org.id, answers, "table", file, station)
        units.append(org.name)
    return FileResult(file=file, unit=units[0] if len(units) == 1 else None, responses=len(units),
                      rejected=tuple(rejected), units=tuple(units)), ids
