"""The Survey page's calls into the core (plain functions run by ops; no widgets, no Qt).

Writes return a :class:`Saved` (the service's value and its ``Changes``), which the op runner
broadcasts; forms and result files are written in the document process (``OpRunner.document``),
so these functions stay module-level with picklable arguments and results. The survey's value
types are re-exported here for the tabs (they never import the core themselves).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Generic, TypeVar

from confman.core.changes import Changes
from confman.core.db.engine import Database
from confman.core.events.service import EventRow, list_events
from confman.core.registration.organizations import list_organizations
from confman.core.registration.rows import OrganizationRow
from confman.core.survey import outputs, service
from confman.core.survey.charts import Bar, chart_rows, percent_text, summary_line
from confman.core.survey.collect import collect_files
from confman.core.survey.models import CHOICE_TYPES, TEXT_TYPES, QuestionType
from confman.core.survey.questionnaire_file import read_questionnaire
from confman.core.survey.results import SurveyResults
from confman.core.survey.rows import (
    CollectResult,
    QuestionSpec,
    ResponseRow,
    SurveyInfo,
    SurveyStatus,
    UnitRow,
)

__all__ = ["CHOICE_TYPES", "TEXT_TYPES", "Bar", "CollectResult", "EventRow", "OrganizationRow", "QuestionSpec",
           "QuestionType", "ResponseRow", "Saved", "SurveyInfo", "SurveyResults", "SurveyState", "SurveyStatus",
           "UnitRow", "chart_rows", "percent_text", "summary_line"]

V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class SurveyState:
    """Everything the page paints, read in one go."""

    survey: SurveyInfo | None
    status: SurveyStatus
    results: SurveyResults


@dataclass(frozen=True, slots=True)
class Saved(Generic[V]):
    """What a write returned, with the ``Changes`` the op runner broadcasts."""

    value: V
    changes: Changes


def load_state(db: Database, event_id: int) -> SurveyState:
    status = service.survey_status(db, event_id)
    return SurveyState(survey=service.get_survey(db, event_id), status=status,
                       results=outputs.load_results(db, event_id))


# questionnaire ---------------------------------------------------------------------------------
def save_questions(db: Database, event_id: int, specs: Sequence[QuestionSpec], station: str) -> Saved[SurveyInfo]:
    return Saved(*service.save_questions(db, event_id, specs, station=station))


def load_questionnaire(db: Database, event_id: int, path: Path, station: str) -> Saved[SurveyInfo]:
    """Replace the questions with those of a spreadsheet (checked whole before anything is written)."""
    return Saved(*service.save_questions(db, event_id, read_questionnaire(path), station=station))


def other_events(db: Database, event_id: int) -> list[EventRow]:
    """The events a survey can be copied from."""
    return [e for e in list_events(db) if e.id != event_id]


def copy_survey(db: Database, source_id: int, event_id: int, station: str) -> Saved[SurveyInfo]:
    return Saved(*service.copy_survey(db, source_id, event_id, station=station))


def preview_form(db: Database, event_id: int, lang: str, *, steps: Any = None) -> bytes:
    """The printable form as a unit gets it (PDF bytes)."""
    return outputs.preview_form_pdf(db, event_id, lang)


# units ---------------------------------------------------------------------------------------------
def english_form_warnings(db: Database, event_id: int) -> tuple[str, ...]:
    """What an English form would print in Vietnamese (the event's and the survey's texts without English)."""
    return outputs.english_form_warnings(db, event_id)


def forms_warnings(db: Database, event_id: int, organization_ids: Sequence[int]) -> tuple[str, ...]:
    """Before these units' forms are written: which are English and what they would print in Vietnamese."""
    return outputs.forms_warnings(db, event_id, organization_ids=list(organization_ids))


def set_due_date(db: Database, event_id: int, day: date | None, station: str) -> Changes:
    return service.set_survey_details(db, event_id, due_date=day, station=station)


def unit_for_code(db: Database, event_id: int, code: str) -> UnitRow:
    """The unit a scanned or typed form code names."""
    return outputs.unit_for_code(db, event_id, code)


def other_organizations(db: Database, event_id: int, invited: set[int]) -> list[OrganizationRow]:
    """Organizations that could be added to the survey (not invited yet)."""
    return [o for o in list_organizations(db, event_id=event_id) if o.id not in invited]


def set_invited(db: Database, event_id: int, organization_ids: Sequence[int], invited: bool,
                station: str) -> Changes:
    """Invite or un-invite units (one ``Changes`` for all of them)."""
    changes = Changes()
    for oid in organization_ids:
        changes = changes | service.set_unit_invited(db, event_id, oid, invited, station=station)
    return changes


def write_forms(db: Database, event_id: int, folder: Path, pdf: bool, organization_ids: Sequence[int], *,
                steps: Any = None) -> list[Path]:
    """One form per unit (Excel, or printable PDF) in ``folder`` (the document process)."""
    return outputs.write_forms(db, event_id, folder, pdf=pdf, organization_ids=list(organization_ids))


def export_status(db: Database, event_id: int, path: Path, lang: str) -> Path:
    path.write_bytes(outputs.status_xlsx(service.survey_status(db, event_id), lang))
    return path


# answers ----------------------------------------------------------------------------------------
def collect(db: Database, event_id: int, files: Sequence[Path], station: str) -> Saved[CollectResult]:
    """Returned forms or answer tables, checked cell by cell."""
    return Saved(*collect_files(db, event_id, files, station=station))


def history(db: Database, event_id: int, organization_id: int) -> list[ResponseRow]:
    return service.response_history(db, event_id, organization_id)


def submit(db: Database, event_id: int, organization_id: int, answers: dict[str, Any],
           station: str) -> Saved[ResponseRow]:
    return Saved(*service.submit_answers(db, event_id, organization_id, answers, station=station))


def restore(db: Database, event_id: int, response_id: int, station: str) -> Saved[ResponseRow]:
    return Saved(*service.restore_version(db, event_id, response_id, station=station))


# results ------------------------------------------------------------------------------------------
def results_warnings(db: Database, event_id: int, target: Path, lang: str) -> tuple[str, ...]:
    """Before English results are written to ``target``: what they would print in Vietnamese (() in Vietnamese)."""
    return outputs.results_warnings(db, event_id, target, lang)


def write_results(db: Database, event_id: int, target: Path, lang: str, *, steps: Any = None) -> list[Path]:
    """The results report (PDF), tables (.xlsx) or one PNG chart per question (a folder)."""
    return list(outputs.write_results(db, event_id, target, lang))
