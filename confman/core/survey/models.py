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
)
from sqlalchemy.orm import Mapped, mapped_column

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
