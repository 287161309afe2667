"""Survey tables: one survey per event, its questions, invitation overrides and versioned responses.

Respondents are organizations. The invited units are computed: every organization with delegates
in the event, plus units added by hand, minus units removed by hand (``SurveyUnit.included``).
A response is one version of one unit's answers (``answers`` maps question code → value); the
highest version of a unit is its current answers, earlier versions are kept and restorable.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    event,
    func,
    select,
    update,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from confman.core.db.base import Base, TimestampMixin, UTCDateTime, utcnow
from confman.core.enums import db_enum


class QuestionType(StrEnum):
    SINGLE = "single"
    MULTI = "multi"
    SCALE = "scale"
    NUMBER = "number"
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"


CHOICE_TYPES = frozenset({QuestionType.SINGLE, QuestionType.MULTI})
TEXT_TYPES = frozenset({QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT})


def new_survey_secret() -> bytes:
    return secrets.token_bytes(32)


class Survey(TimestampMixin, Base):
    __tablename__ = "surveys"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), unique=True)
    title_vi: Mapped[str] = mapped_column(String(500), default="")
    title_en: Mapped[str] = mapped_column(String(500), default="")
    due_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    secret: Mapped[bytes] = mapped_column(LargeBinary(64), default=new_survey_secret)


class SurveyQuestion(Base):
    __tablename__ = "survey_questions"
    __table_args__ = (UniqueConstraint("survey_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    code: Mapped[str] = mapped_column(String(16))
    section_vi: Mapped[str] = mapped_column(String(300), default="")
    section_en: Mapped[str] = mapped_column(String(300), default="")
    text_vi: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text, default="")
    type: Mapped[QuestionType] = mapped_column(db_enum(QuestionType, "survey_question_type"))
    options_vi: Mapped[list[str]] = mapped_column(JSON, default=list)
    options_en: Mapped[list[str]] = mapped_column(JSON, default=list)
    scale_max: Mapped[int] = mapped_column(Integer, default=5)
    low_label: Mapped[str] = mapped_column(String(200), default="")
    high_label: Mapped[str] = mapped_column(String(200), default="")
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    help_vi: Mapped[str] = mapped_column(Text, default="")
    help_en: Mapped[str] = mapped_column(Text, default="")


class SurveyUnit(Base):
    """A hand-made change to the invited units: ``included`` adds a unit, ``not included`` removes one."""

    __tablename__ = "survey_units"
    __table_args__ = (UniqueConstraint("survey_id", "organization_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    included: Mapped[bool] = mapped_column(Boolean, default=True)


class SurveyResponse(Base):
    __tablename__ = "survey_responses"
    __table_args__ = (UniqueConstraint("survey_id", "organization_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    source: Mapped[str] = mapped_column(String(16), default="manual")
    source_file: Mapped[str] = mapped_column(String(500), default="")
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    station: Mapped[str] = mapped_column(String(100), default="")


@event.listens_for(Session, "before_flush")
def _keep_answers_of_merged_units(session: Session, _flush_context: object, _instances: object) -> None:
    """When two organizations are merged, the answers of the one deleted move to the survivor.

    ``merge_organizations`` (registration) knows nothing of surveys; it records a ``merge`` audit row
    naming both before deleting the merged one, and this hook moves that unit's answer versions (after
    the survivor's own, so none is lost) and its invitation changes to the survivor.
    """
    from confman.core.audit import AuditLog
    from confman.core.registration.models import Organization

    deleted = {o.id for o in session.deleted if isinstance(o, Organization)}
    if not deleted:
        return
    survivors = {a.changes.get("merged_id"): a.entity_id for a in session.new
                 if isinstance(a, AuditLog) and a.entity == "organization" and a.action == "merge"}
    for other_id in deleted:
        survivor_id = survivors.get(other_id)
        if survivor_id is None:
            continue
        # Plain statements, run now: the flush deletes the merged organization (and the database would
        # cascade its answers away) before it would write changed ORM rows.
        with session.no_autoflush:
            surveys = session.execute(select(SurveyResponse.survey_id).where(
                SurveyResponse.organization_id == other_id).distinct()).scalars().all()
            for survey_id in surveys:
                top = session.execute(select(func.max(SurveyResponse.version)).where(
                    SurveyResponse.survey_id == survey_id, SurveyResponse.organization_id == survivor_id)).scalar() or 0
                session.execute(update(SurveyResponse).where(
                    SurveyResponse.survey_id == survey_id, SurveyResponse.organization_id == other_id)
                    .values(organization_id=survivor_id, version=SurveyResponse.version + top)
                    .execution_options(synchronize_session=False))
            taken = select(SurveyUnit.survey_id).where(SurveyUnit.organization_id == survivor_id)
            session.execute(update(SurveyUnit).where(SurveyUnit.organization_id == other_id,
                                                     SurveyUnit.survey_id.not_in(taken))
                            .values(organization_id=survivor_id).execution_options(synchronize_session=False))
