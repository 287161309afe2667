"""Every table of confman, imported in one place so the metadata is complete, and every feature's
part in merging and deleting organizations registered (``SURVEY_ORGANIZATION_HOOKS``).

Alembic's ``env.py`` and the engine set-up import this module.
"""

from __future__ import annotations

from confman.core.agenda.models import AgendaItem, AgendaItemPerson, Room
from confman.core.audit import AuditLog
from confman.core.badges.models import BadgePrint, BadgeTemplateRecord
from confman.core.checkin.models import CheckIn
from confman.core.db.base import Base
from confman.core.events.models import Event
from confman.core.presentations.models import Presentation, PresentationFile, PresentationPresenter
from confman.core.registration.import_mappings import ImportMapping
from confman.core.registration.models import Category, Delegate, Organization
from confman.core.survey.models import Survey, SurveyQuestion, SurveyResponse, SurveyUnit
from confman.core.survey.organizations import HOOKS as SURVEY_ORGANIZATION_HOOKS

__all__ = [
    "SURVEY_ORGANIZATION_HOOKS",
    "AgendaItem",
    "AgendaItemPerson",
    "AuditLog",
    "BadgePrint",
    "BadgeTemplateRecord",
    "Base",
    "Category",
    "CheckIn",
    "Delegate",
    "Event",
    "ImportMapping",
    "Organization",
    "Presentation",
    "PresentationFile",
    "PresentationPresenter",
    "Room",
    "Survey",
    "SurveyQuestion",
    "SurveyResponse",
    "SurveyUnit",
]

metadata = Base.metadata
