"""Presentations, their presenters and their versioned files."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from confman.core.db.base import Base, TimestampMixin, UTCDateTime, utcnow
from confman.core.enums import PresentationStatus, db_enum


class Presentation(TimestampMixin, Base):
    __tablename__ = "presentations"
    __table_args__ = (CheckConstraint("planned_minutes >= 0", name="planned_minutes_non_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    title_vi: Mapped[str] = mapped_column(String(1000))
    title_en: Mapped[str] = mapped_column(String(1000), default="")
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL"), nullable=True, index=True
    )
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="SET NULL"), nullable=True, index=True
    )
    order_in_item: Mapped[int] = mapped_column(Integer, default=0)
    planned_minutes: Mapped[int] = mapped_column(Integer, default=10)
    actual_seconds: Mapped[int | None] = mapped_column(Integer, nullable=True)
    abstract: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[PresentationStatus] = mapped_column(
        db_enum(PresentationStatus, "presentation_status"), default=PresentationStatus.REQUESTED
    )
    due_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    contact: Mapped[str] = mapped_column(String(500), default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    presenters: Mapped[list[PresentationPresenter]] = relationship(
        back_populates="presentation", cascade="all, delete-orphan", order_by="PresentationPresenter.position"
    )
    files: Mapped[list[PresentationFile]] = relationship(
        back_populates="presentation", cascade="all, delete-orphan", order_by="PresentationFile.version"
    )


class PresentationPresenter(Base):
    __tablename__ = "presentation_presenters"

    presentation_id: Mapped[int] = mapped_column(
        ForeignKey("presentations.id", ondelete="CASCADE"), primary_key=True
    )
    delegate_id: Mapped[int] = mapped_column(
        ForeignKey("delegates.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    presentation: Mapped[Presentation] = relationship(back_populates="presenters")


class PresentationFile(Base):
    """One uploaded version of a presentation's file; the highest version is current."""

    __tablename__ = "presentation_files"
    __table_args__ = (
        UniqueConstraint("presentation_id", "version"),
        CheckConstraint("size_bytes > 0", name="size_positive"),
        CheckConstraint("length(sha256) = 64", name="sha256_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    presentation_id: Mapped[int] = mapped_column(ForeignKey("presentations.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    original_name: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size_bytes: Mapped[int] = mapped_column(Integer)
    stored_path: Mapped[str] = mapped_column(String(1000))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    restored_from_version: Mapped[int | None] = mapped_column(Integer, nullable=True)

    presentation: Mapped[Presentation] = relationship(back_populates="files")
