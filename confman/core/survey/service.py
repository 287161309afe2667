"""The survey of one event: questionnaire, invited units, versioned responses, status.

Every write is one unit of work and returns what changed (``Changes.of("survey", …)``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from confman.core.audit import record_audit
from confman.core.changes import Changes
from confman.core.db.base import utcnow
from confman.core.db.engine import Database
from confman.core.enums import DelegateStatus
from confman.core.errors import DomainError
from confman.core.events.models import Event
from confman.core.registration.models import Delegate, Organization
from confman.core.registration.org_types import organization_type
from confman.core.survey.answers import parse_answer
from confman.core.survey.models import (
    CHOICE_TYPES,
    QuestionType,
    Survey,
    SurveyQuestion,
    SurveyResponse,
    SurveyUnit,
)
from confman.core.survey.rows import (
    Answer,
    Contact,
    QuestionSpec,
    ResponseRow,
    SurveyInfo,
    SurveyStatus,
    UnitRow,
)
from confman.core.text import clean_text, fold, text_sort_key

CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,15}$")
MAX_QUESTIONS = 200
MAX_OPTIONS = 30
CHANGED = "survey"


# --------------------------------------------------------------------------- questionnaire


def _spec(q: SurveyQuestion) -> QuestionSpec:
    return QuestionSpec(
        id=q.id, code=q.code, text_vi=q.text_vi, text_en=q.text_en, type=QuestionType(q.type),
        section_vi=q.section_vi, section_en=q.section_en, options_vi=tuple(q.options_vi or ()),
        options_en=tuple(q.options_en or ()), scale_max=q.scale_max, low_label=q.low_label,
        high_label=q.high_label, required=q.required, help_vi=q.help_vi, help_en=q.help_en,
    )


def _info(session: Session, survey: Survey) -> SurveyInfo:
    questions = session.scalars(select(SurveyQuestion).where(SurveyQuestion.survey_id == survey.id)
                                .order_by(SurveyQuestion.position, SurveyQuestion.id))
    return SurveyInfo(id=survey.id, event_id=survey.event_id, title_vi=survey.title_vi, title_en=survey.title_en,
                      due_date=survey.due_date, questions=tuple(_spec(q) for q in questions))


def _survey(session: Session, event_id: int, *, create: bool = False) -> Survey:
    survey = session.scalar(select(Survey).where(Survey.event_id == event_id))
    if survey is not None:
        return survey
    if not create:
        raise DomainError("survey.none", event_id=event_id)
    if session.get(Event, event_id) is None:
        raise DomainError("event.not_found", code=str(event_id))
    survey = Survey(event_id=event_id)
    session.add(survey)
    session.flush()
    return survey


def get_survey(db: Database, event_id: int) -> SurveyInfo | None:
    """The event's survey with its questions in order; None when it has none yet."""
    with db.session() as session:
        survey = session.scalar(select(Survey).where(Survey.event_id == event_id))
        return _info(session, survey) if survey is not None else None


def survey_secret(session: Session, survey_id: int) -> bytes:
    survey = session.get(Survey, survey_id)
    return survey.secret if survey is not None else b""


def check_questions(specs: Sequence[QuestionSpec]) -> list[QuestionSpec]:
    """Clean and check a questionnaire; raises ``DomainError("survey.question.…", row=…)`` naming the question."""
    if len(specs) > MAX_QUESTIONS:
        raise DomainError("survey.question.too_many", count=len(specs), max=MAX_QUESTIONS)
    seen: set[str] = set()
    out: list[QuestionSpec] = []
    for row, spec in enumerate(specs, start=1):
        code = clean_text(spec.code)
        if not CODE_RE.match(code):
            raise DomainError("survey.question.bad_code", row=row, code=code)
        if code.casefold() in seen:
            raise DomainError("survey.question.duplicate_code", row=row, code=code)
        seen.add(code.casefold())
        text_vi = clean_text(spec.text_vi, multiline=True, max_length=2000, field="question")
        if not text_vi:
            raise DomainError("survey.question.text_required", row=row, code=code)
        options_vi = tuple(clean_text(o, max_length=200, field="option") for o in spec.options_vi)
        options_en = tuple(clean_text(o, max_length=200, field="option") for o in spec.options_en)
        options_vi = tuple(o for o in options_vi if o)
        if spec.type in CHOICE_TYPES:
            if not options_vi:
                raise DomainError("survey.question.options_required", row=row, code=code)
            if len(options_vi) > MAX_OPTIONS:
                raise DomainError("survey.question.too_many_options", row=row, code=code, max=MAX_OPTIONS)
            folded = [fold(o) for o in options_vi]
            dup = next((o for i, o in enumerate(options_vi) if folded[i] in folded[:i]), None)
            if dup is not None:
                raise DomainError("survey.question.duplicate_option", row=row, code=code, option=dup)
        else:
            options_vi, options_en = (), ()
        if spec.type == QuestionType.SCALE and not 2 <= spec.scale_max <= 10:
            raise DomainError("survey.question.scale_max", row=row, code=code, max=spec.scale_max)
        out.append(replace(
            spec, id=None, code=code, text_vi=text_vi,
            text_en=clean_text(spec.text_en, multiline=True, max_length=2000, field="question"),
            section_vi=clean_text(spec.section_vi, max_length=300, field="section"),
            section_en=clean_text(spec.section_en, max_length=300, field="section"),
            options_vi=options_vi, options_en=options_en[: len(options_vi)],
            scale_max=spec.scale_max if spec.type == QuestionType.SCALE else 5,
            low_label=clean_text(spec.low_label, max_length=200, field="option") if spec.type == QuestionType.SCALE else "",
            high_label=clean_text(spec.high_label, max_length=200, field="option") if spec.type == QuestionType.SCALE else "",
            help_vi=clean_text(spec.help_vi, multiline=True, max_length=2000, field="help"),
            help_en=clean_text(spec.help_en, multiline=True, max_length=2000, field="help"),
        ))
    return out


def save_questions(db: Database, event_id: int, specs: Sequence[QuestionSpec], *,
                   station: str = "") -> tuple[SurveyInfo, Changes]:
    """Replace the questionnaire of the event's survey (created on first use) with ``specs``, in order.

    Answers are kept by question code, so re-loading a corrected questionnaire keeps them.
    """
    clean = check_questions(specs)
    with db.session() as session:
        survey = _survey(session, event_id, create=True)
        old = {q.code: q for q in session.scalars(select(SurveyQuestion).where(SurveyQuestion.survey_id == survey.id))}
        for question in old.values():
            session.delete(question)
        session.flush()
        for position, spec in enumerate(clean):
            session.add(SurveyQuestion(
                survey_id=survey.id, position=position, code=spec.code, section_vi=spec.section_vi,
                section_en=spec.section_en, text_vi=spec.text_vi, text_en=spec.text_en, type=spec.type,
                options_vi=list(spec.options_vi), options_en=list(spec.options_en), scale_max=spec.scale_max,
                low_label=spec.low_label, high_label=spec.high_label, required=spec.required,
                help_vi=spec.help_vi, help_en=spec.help_en))
        survey.updated_at = utcnow()
        session.flush()
        record_audit(session, entity="survey", entity_id=survey.id, action="questions",
                     changes={"questions": len(clean), "replaced": len(old)}, event_id=event_id, station=station)
        return _info(session, survey), Changes.of(CHANGED, "survey_questions")


def set_survey_details(db: Database, event_id: int, *, title_vi: str | None = None, title_en: str | None = None,
                       due_date: date | str | None = "keep", station: str = "") -> Changes:
    """Set the survey's title or due date (``due_date=None`` clears it)."""
    with db.session() as session:
        survey = _survey(session, event_id, create=True)
        if title_vi is not None:
            survey.title_vi = clean_text(title_vi, max_length=500, field="title")
        if title_en is not None:
            survey.title_en = clean_text(title_en, max_length=500, field="title")
        if due_date != "keep":
            survey.due_date = due_date  # type: ignore[assignment]
        record_audit(session, entity="survey", entity_id=survey.id, action="details",
                     changes={"due_date": str(survey.due_date or "")}, event_id=event_id, station=station)
    return Changes.of(CHANGED)


def copy_survey(db: Database, from_event_id: int, to_event_id: int, *, station: str = "") -> tuple[SurveyInfo, Changes]:
    """Give ``to_event_id`` the questionnaire and title of ``from_event_id``'s survey (not its answers)."""
    source = get_survey(db, from_event_id)
    if source is None or not source.questions:
        raise DomainError("survey.copy_nothing")
    info, changes = save_questions(db, to_event_id, source.questions, station=station)
    set_survey_details(db, to_event_id, title_vi=source.title_vi, title_en=source.title_en, station=station)
    return replace(info, title_vi=source.title_vi, title_en=source.title_en), changes


# --------------------------------------------------------------------------- units


def _invited_ids(session: Session, survey: Survey) -> tuple[set[int], set[int]]:
    """(invited organization ids, the ones added by hand)."""
    with_delegates = set(session.scalars(
        select(Delegate.organization_id).where(
            Delegate.event_id == survey.event_id, Delegate.deleted_at.is_(None),
            Delegate.organization_id.is_not(None), Delegate.status != DelegateStatus.CANCELLED).distinct()))
    overrides: dict[int, bool] = dict(session.execute(select(SurveyUnit.organization_id, SurveyUnit.included)
                                     .where(SurveyUnit.survey_id == survey.id)).all())
    added = {oid for oid, inc in overrides.items() if inc and oid not in with_delegates}
    invited = (with_delegates | added) - {oid for oid, inc in overrides.items() if not inc}
    return invited, added


def _latest(session: Session, survey_id: int) -> dict[int, SurveyResponse]:
    newest = (select(SurveyResponse.organization_id, func.max(SurveyResponse.version).label("v"))
              .where(SurveyResponse.survey_id == survey_id).group_by(SurveyResponse.organization_id).subquery())
    rows = session.scalars(select(SurveyResponse).join(
        newest, (newest.c.organization_id == SurveyResponse.organization_id) & (newest.c.v == SurveyResponse.version))
        .where(SurveyResponse.survey_id == survey_id))
    return {r.organization_id: r for r in rows}


def _contacts(session: Session, event_id: int, org_ids: Iterable[int]) -> dict[int, list[Contact]]:
    out: dict[int, list[Contact]] = {}
    ids = list(org_ids)
    if not ids:
        return out
    rows = session.execute(select(Delegate.organization_id, Delegate.full_name, Delegate.position, Delegate.phone,
                                  Delegate.email)
                           .where(Delegate.event_id == event_id, Delegate.deleted_at.is_(None),
                                  Delegate.organization_id.in_(ids))
                           .order_by(Delegate.sort_key, Delegate.id))
    for oid, name, position, phone, email in rows:
        out.setdefault(oid, []).append(Contact(name, position, phone, email))
    return out


def list_units(db: Database, event_id: int, *, contacts: bool = False) -> list[UnitRow]:
    """The invited units in Vietnamese order, each with its latest answer version (0: none yet)."""
    with db.session() as session:
        survey = _survey(session, event_id, create=True)
        return _units(session, survey, contacts=contacts)


def _units(session: Session, survey: Survey, *, contacts: bool = False) -> list[UnitRow]:
    invited, added = _invited_ids(session, survey)
    latest = _latest(session, survey.id)
    orgs = session.scalars(select(Organization).where(Organization.id.in_(invited))).all() if invited else []
    people = _contacts(session, survey.event_id, invited) if contacts else {}
    rows = []
    for org in sorted(orgs, key=lambda o: (o.sort_key, o.id)):
        resp = latest.get(org.id)
        rows.append(UnitRow(
            organization_id=org.id, name=org.name, type=organization_type(org.name, org.type), added_by_hand=org.id in added,
            version=resp.version if resp else 0, received_at=resp.received_at if resp else None,
            source=resp.source if resp else "", contacts=tuple(people.get(org.id, ())), name_en=org.name_en or ""))
    return rows


def set_unit_invited(db: Database, event_id: int, organization_id: int, invited: bool, *,
                     station: str = "") -> Changes:
    """Add a unit to the survey or remove one (its answers are kept, and count again if it is re-added)."""
    with db.session() as session:
        survey = _survey(session, event_id, create=True)
        if session.get(Organization, organization_id) is None:
            raise DomainError("delegates.organization_not_found", id=organization_id)
        row = session.scalar(select(SurveyUnit).where(SurveyUnit.survey_id == survey.id,
                                                      SurveyUnit.organization_id == organization_id))
        if row is None:
            session.add(SurveyUnit(survey_id=survey.id, organization_id=organization_id, included=invited))
        else:
            row.included = invited
        record_audit(session, entity="survey_unit", entity_id=organization_id,
                     action="invite" if invited else "uninvite", event_id=event_id, station=station)
    return Changes.of(CHANGED, "survey_units", ids=[organization_id])


def survey_status(db: Database, event_id: int, *, contacts: bool = True) -> SurveyStatus:
    """Invited / responded / pending units (pending ones with their delegates as contacts to chase)."""
    with db.session() as session:
        survey = _survey(session, event_id, create=True)
        units = _units(session, survey, contacts=contacts)
        pending = tuple(u for u in units if not u.responded)
        return SurveyStatus(invited=len(units), responded=len(units) - len(pending), due_date=survey.due_date,
                            pending=pending, units=tuple(units))


# --------------------------------------------------------------------------- responses


def _response_row(r: SurveyResponse, org: Organization) -> ResponseRow:
    return ResponseRow(id=r.id, organization_id=r.organization_id, unit=org.name, unit_type=organization_type(org.name, org.type),
                       version=r.version, source=r.source, source_file=r.source_file, received_at=r.received_at,
                       answers=dict(r.answers or {}))


def store_response(session: Session, survey: Survey, organization_id: int, answers: Mapping[str, Any], *,
                   source: str, source_file: str = "", station: str = "") -> SurveyResponse:
    """Add the next answer version of a unit (inside the caller's unit of work)."""
    current = session.scalar(select(func.max(SurveyResponse.version)).where(
        SurveyResponse.survey_id == survey.id, SurveyResponse.organization_id == organization_id)) or 0
    response = SurveyResponse(survey_id=survey.id, organization_id=organization_id, version=current + 1,
                              source=source, source_file=source_file[:500], answers=dict(answers), station=station)
    session.add(response)
    session.flush()
    record_audit(session, entity="survey_response", entity_id=response.id, action="receive",
                 changes={"organization_id": organization_id, "version": response.version, "source": source,
                          "file": source_file, "answers": len(answers)}, event_id=survey.event_id, station=station)
    return response


def submit_answers(db: Database, event_id: int, organization_id: int, answers: Mapping[str, object], *,
                   source: str = "manual", station: str = "") -> tuple[ResponseRow, Changes]:
    """Record a unit's answers typed by hand (a new version); every answer is checked, the first problem raised.

    ``answers`` maps question code → raw value (text, number, list of options).
    """
    with db.session() as session:
        survey = _survey(session, event_id)
        org = session.get(Organization, organization_id)
        invited, _ = _invited_ids(session, survey)
        if org is None or organization_id not in invited:
            raise DomainError("survey.unit_not_invited", unit=org.name if org else str(organization_id))
        questions = {q.code: q for q in _info(session, survey).questions}
        clean: dict[str, Answer] = {}
        for code, raw in answers.items():
            question = questions.get(code)
            if question is None:
                raise DomainError("survey.unknown_question", code=code)
            try:
                value = parse_answer(question, raw)
            except DomainError as exc:
                raise DomainError(exc.code, question=code, **exc.params) from None
            if value is not None:
                clean[code] = value
        missing = [q.code for q in questions.values() if q.required and q.code not in clean]
        if missing:
            raise DomainError("survey.answer.required_missing", questions=", ".join(missing))
        if not clean:
            raise DomainError("survey.answer.empty", unit=org.name)
        response = store_response(session, survey, organization_id, clean, source=source, station=station)
        return _response_row(response, org), Changes.of(CHANGED, "survey_responses", ids=[response.id])


def response_history(db: Database, event_id: int, organization_id: int) -> list[ResponseRow]:
    """Every answer version of a unit, newest first."""
    with db.session() as session:
        survey = _survey(session, event_id, create=True)
        org = session.get(Organization, organization_id)
        if org is None:
            raise DomainError("delegates.organization_not_found", id=organization_id)
        rows = session.scalars(select(SurveyResponse).where(
            SurveyResponse.survey_id == survey.id, SurveyResponse.organization_id == organization_id)
            .order_by(SurveyResponse.version.desc()))
        return [_response_row(r, org) for r in rows]


def restore_version(db: Database, event_id: int, response_id: int, *, station: str = "") -> tuple[ResponseRow, Changes]:
    """Make an earlier version current again, as a new version holding its answers."""
    with db.session() as session:
        survey = _survey(session, event_id)
        old = session.get(SurveyResponse, response_id)
        if old is None or old.survey_id != survey.id:
            raise DomainError("survey.response_not_found", id=response_id)
        org = session.get(Organization, old.organization_id)
        assert org is not None
        response = store_response(session, survey, old.organization_id, old.answers, source="restore",
                                  source_file=f"v{old.version}", station=station)
        return _response_row(response, org), Changes.of(CHANGED, "survey_responses", ids=[response.id])


def current_responses(db: Database, event_id: int) -> tuple[SurveyInfo, list[ResponseRow]]:
    """The questionnaire and the latest answers of every invited unit that answered, in unit order."""
    with db.session() as session:
        survey = _survey(session, event_id, create=True)
        invited, _ = _invited_ids(session, survey)
        latest = _latest(session, survey.id)
        ids = [oid for oid in latest if oid in invited]
        orgs = {o.id: o for o in session.scalars(select(Organization).where(Organization.id.in_(ids)))} if ids else {}
        rows = [_response_row(latest[oid], orgs[oid]) for oid in ids]
        rows.sort(key=lambda r: (text_sort_key(r.unit), r.organization_id))
        return _info(session, survey), rows
