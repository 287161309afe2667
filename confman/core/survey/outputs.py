"""Files the survey writes: per-unit forms (xlsx, PDF), results (PDF, xlsx, PNG charts), the tracker list."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from confman.core.db.engine import Database
from confman.core.errors import DomainError
from confman.core.events.documents import document_warnings, event_documents
from confman.core.events.models import Event
from confman.core.reports.data import EventInfo, event_info
from confman.core.reports.sheet import Sheet
from confman.core.reports.xlsx import workbook_bytes
from confman.core.survey.charts import chart_png
from confman.core.survey.codes import parse_form_code, signature_valid
from confman.core.survey.english import RESULTS_PRINT, english_gaps, gap_warnings, printed_gaps
from confman.core.survey.forms_pdf import write_pdf_forms
from confman.core.survey.forms_xlsx import FormContext, write_xlsx_forms
from confman.core.survey.models import TEXT_TYPES
from confman.core.survey.results import SurveyResults, compute_results
from confman.core.survey.results_pdf import results_pdf, type_label
from confman.core.survey.rows import SurveyInfo, SurveyStatus, UnitRow
from confman.core.survey.service import _survey, current_responses, get_survey, list_units
from confman.i18n import t

Progress = Callable[[int, int], None]


def form_context(db: Database, event_id: int) -> tuple[FormContext, EventInfo]:
    survey = get_survey(db, event_id)
    if survey is None or not survey.questions:
        raise DomainError("survey.no_questions")
    with db.session() as session:
        secret = _survey(session, event_id).secret
        event = session.get(Event, event_id)
        assert event is not None
        ctx = FormContext(survey=survey, event_name_vi=event.name_vi, event_name_en=event.name_en,
                          organiser=event.organiser_unit, secret=secret)
    return ctx, event_info(db, event_id)


def _form_units(db: Database, event_id: int, pending_only: bool,
                organization_ids: Sequence[int] | None) -> list[UnitRow]:
    units = list_units(db, event_id)
    if pending_only:
        units = [u for u in units if not u.responded]
    if organization_ids is not None:
        wanted = set(organization_ids)
        units = [u for u in units if u.organization_id in wanted]
    return units


def english_form_warnings(db: Database, event_id: int, survey: SurveyInfo | None = None) -> tuple[str, ...]:
    """What an English form of the event's survey would print in Vietnamese, in sentences (the interface's
    language): the event's document values (letterhead, name) and the survey's texts without English.
    ``survey``: the survey already read (read here when not given)."""
    lines = list(document_warnings(event_documents(db, event_id), "en", signed=False))
    survey = survey or get_survey(db, event_id)
    if survey is not None:
        lines += gap_warnings(english_gaps(survey))
    return tuple(lines)


def forms_warnings(db: Database, event_id: int, *, pending_only: bool = False,
                   organization_ids: Sequence[int] | None = None) -> tuple[str, ...]:
    """What to tell the organiser before :func:`write_forms` writes these units' forms: when some are in
    English (foreign units), which units and what would print in Vietnamese; () when nothing would."""
    survey = get_survey(db, event_id)
    if survey is None or not survey.questions:  # no form is written (write_forms says why)
        return ()
    english = [u.name for u in _form_units(db, event_id, pending_only, organization_ids) if u.language == "en"]
    lines = english_form_warnings(db, event_id, survey) if english else ()
    if not lines:
        return ()
    shown = ", ".join(english[:5]) + (", …" if len(english) > 5 else "")
    return (t("survey.english.intro", count=len(english), units=shown), *lines)


def write_forms(db: Database, event_id: int, folder: Path, *, pending_only: bool = False, pdf: bool = False,
                organization_ids: Sequence[int] | None = None) -> list[Path]:
    """One form per invited unit (only those that have not answered with ``pending_only``) into ``folder``.

    Forms in English print the Vietnamese text where none was entered: :func:`forms_warnings` says where."""
    ctx, info = form_context(db, event_id)
    units = _form_units(db, event_id, pending_only, organization_ids)
    if pdf:
        return write_pdf_forms(ctx, info, units, Path(folder))
    return write_xlsx_forms(ctx, units, Path(folder))


def preview_form_pdf(db: Database, event_id: int, lang: str) -> bytes:
    """The printable form as a unit would get it (the first invited unit, else a placeholder), for previews."""
    from confman.core.enums import OrganizationType
    from confman.core.survey.forms_pdf import form_pdf

    ctx, info = form_context(db, event_id)
    units = list_units(db, event_id)
    unit = next((u for u in units if u.language == lang), None) or UnitRow(
        organization_id=0, name=t("survey.form.sample_unit", lang),
        type=OrganizationType.FOREIGN if lang == "en" else OrganizationType.OTHER)
    return form_pdf(ctx, info, unit)


def unit_for_code(db: Database, event_id: int, code: str) -> UnitRow:
    """The invited unit whose form identifier (QR code on the paper form) is ``code``."""
    parsed = parse_form_code(code)
    if parsed is None:
        raise DomainError("survey.code.invalid", code=str(code)[:40])
    with db.session() as session:
        survey = _survey(session, event_id, create=True)
        if parsed.survey_id != survey.id:
            raise DomainError("survey.code.other_survey", code=code)
        if not signature_valid(parsed, survey.secret):
            raise DomainError("survey.code.invalid", code=code)
    for unit in list_units(db, event_id):
        if unit.organization_id == parsed.organization_id:
            return unit
    raise DomainError("survey.code.not_invited", code=code)


def load_results(db: Database, event_id: int) -> SurveyResults:
    """Every figure of the event's survey from the current answers of the invited units."""
    units = list_units(db, event_id)
    survey, responses = current_responses(db, event_id)
    return compute_results(survey, units, responses)


def results_xlsx(results: SurveyResults, lang: str, info: EventInfo | None = None) -> bytes:
    """A summary sheet (one row per option or figure, by unit type) and a raw sheet (one row per unit);
    times in the event's time zone (``info``), else UTC."""
    types = [k for k, _s in (results.questions[0].by_type if results.questions else ())]
    summary_head = (t("survey.results.col_code", lang), t("survey.results.col_question", lang),
                    t("survey.results.col_answer", lang), t("survey.results.all_units", lang), "%",
                    *(type_label(k.value, lang) for k in types))
    rows: list[tuple[str | int | float | None, ...]] = []
    for qr in results.questions:
        q = qr.question
        rows.append((q.code, q.text(lang), t("survey.results.answered_units", lang), qr.overall.answered, None,
                     *(s.answered for _k, s in qr.by_type)))
        for index, (key, count) in enumerate(qr.overall.counts):
            label = q.option_label(key, lang)
            rows.append((q.code, q.text(lang), label, count, round(qr.overall.share(count), 1),
                         *(s.counts[index][1] for _k, s in qr.by_type)))
        if qr.overall.mean is not None:
            rows.append((q.code, q.text(lang), t("survey.results.mean", lang), round(qr.overall.mean, 2), None,
                         *(round(s.mean, 2) if s.mean is not None else None for _k, s in qr.by_type)))
            rows.append((q.code, q.text(lang), t("survey.results.median", lang), qr.overall.median, None,
                         *(s.median for _k, s in qr.by_type)))
    codes = [q.code for q in results.survey.questions]
    raw_head = (t("survey.results.col_unit", lang), t("survey.results.col_type", lang),
                t("survey.results.col_version", lang), t("survey.results.col_received", lang), *codes)
    raw = []
    for r in results.respondents:
        values: list[str | int | float | None] = []
        for q in results.survey.questions:
            value = r.answers.get(q.code)
            if isinstance(value, list):
                value = "; ".join(q.option_label(v, lang) for v in value)
            elif isinstance(value, str) and q.type not in TEXT_TYPES:
                value = q.option_label(value, lang)
            values.append(value)
        received = info.local(r.received_at) if info is not None else r.received_at
        raw.append((r.unit, type_label(r.unit_type.value, lang), r.version, f"{received:%Y-%m-%d %H:%M}", *values))
    questions = [(q.code, q.text(lang), t(f"survey.type.{q.type.value}", lang)) for q in results.survey.questions]
    return workbook_bytes([
        Sheet(t("survey.results.sheet_summary", lang), summary_head, tuple(rows), (8, 50, 30, 12, 8, *(14,) * len(types))),
        Sheet(t("survey.results.sheet_raw", lang), raw_head, tuple(raw), (44, 20, 9, 17, *(18,) * len(codes))),
        Sheet(t("survey.results.sheet_questions", lang),
              (t("survey.results.col_code", lang), t("survey.results.col_question", lang),
               t("survey.results.col_qtype", lang)), tuple(questions), (8, 80, 20)),
    ], lang)


def results_kind(out: Path) -> str | None:
    """What :func:`write_results` makes of ``out``: "pdf", "xlsx", "charts" (a folder), None (refused)."""
    suffix = Path(out).suffix.lower()
    return {".pdf": "pdf", ".xlsx": "xlsx", "": "charts"}.get(suffix)


def results_warnings(db: Database, event_id: int, out: Path, lang: str) -> tuple[str, ...]:
    """What to tell the organiser (in the interface's language) before :func:`write_results` writes English
    results to ``out``: the texts that file prints in Vietnamese for want of English, after a first line
    saying so (the event's document values too for the report); () in Vietnamese or when nothing is missing."""
    kind = results_kind(out)
    survey = get_survey(db, event_id)
    if lang != "en" or kind is None or survey is None or not survey.questions:
        return ()
    lines = list(document_warnings(event_documents(db, event_id), "en", signed=False)) if kind == "pdf" else []
    lines += gap_warnings(printed_gaps(english_gaps(survey), RESULTS_PRINT[kind]))
    return (t("survey.english.results_intro"), *lines) if lines else ()


def write_results(db: Database, event_id: int, out: Path, lang: str,
                  results: SurveyResults | None = None) -> list[Path]:
    """``out.pdf`` (report), ``out.xlsx`` (tables) or a folder of PNG charts (one per non-text question).

    In English, texts without an English version print in Vietnamese: :func:`results_warnings` says where."""
    results = results or load_results(db, event_id)
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix == ".pdf":
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(results_pdf(results, event_info(db, event_id), lang))
        return [out]
    if suffix == ".xlsx":
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(results_xlsx(results, lang, event_info(db, event_id)))
        return [out]
    if suffix:
        raise DomainError("survey.results.bad_output", path=str(out))
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for qr in results.questions:
        if qr.question.type in TEXT_TYPES:
            continue
        path = out / f"{qr.question.code}.png"
        path.write_bytes(chart_png(qr, lang))
        written.append(path)
    return written


def status_xlsx(status: SurveyStatus, lang: str) -> bytes:
    """The tracker's list: every invited unit, answered or not, with the contacts to chase."""
    head = (t("survey.results.col_unit", lang), t("survey.results.col_type", lang), t("survey.status.col_state", lang),
            t("survey.results.col_version", lang), t("survey.status.col_contact", lang),
            t("survey.status.col_phone", lang), t("survey.status.col_email", lang))
    rows = []
    for u in sorted(status.units, key=lambda u: u.responded):
        contact = u.contacts[0] if u.contacts else None
        state = t("survey.status.responded" if u.responded else "survey.status.pending", lang)
        rows.append((u.name, type_label(u.type.value, lang), state, u.version or None,
                     f"{contact.name} — {contact.position}".strip(" —") if contact else "",
                     "; ".join(c.phone for c in u.contacts if c.phone), "; ".join(c.email for c in u.contacts if c.email)))
    return workbook_bytes([Sheet(t("survey.status.sheet", lang), head, tuple(rows), (44, 20, 14, 9, 36, 24, 30))], lang)


