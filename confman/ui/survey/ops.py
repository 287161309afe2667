"""The service calls the Survey page makes (plain functions run off the UI thread; no widgets)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from confman.core.db.engine import Database
from confman.core.registration.organizations import list_organizations
from confman.core.registration.rows import OrganizationRow
from confman.core.survey.outputs import load_results, status_xlsx
from confman.core.survey.results import SurveyResults
from confman.core.survey.rows import SurveyInfo, SurveyStatus
from confman.core.survey.service import get_survey, survey_status


@dataclass(frozen=True, slots=True)
class SurveyState:
    """Everything the page paints, read in one go."""

    survey: SurveyInfo | None
    status: SurveyStatus
    results: SurveyResults


def load_state(db: Database, event_id: int) -> SurveyState:
    status = survey_status(db, event_id)
    return SurveyState(survey=get_survey(db, event_id), status=status, results=load_results(db, event_id))


def other_organizations(db: Database, event_id: int, invited: set[int]) -> list[OrganizationRow]:
    """Organizations that could be added to the survey (not invited yet)."""
    return [o for o in list_organizations(db, event_id=event_id) if o.id not in invited]


def export_status(db: Database, event_id: int, path: Path, lang: str) -> Path:
    path.write_bytes(status_xlsx(survey_status(db, event_id), lang))
    return path
