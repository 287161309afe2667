"""Badge print log and user badge templates."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from confman.core.db.base import Base, TimestampMixin, UTCDateTime, utcnow


class BadgePrint(Base):
    __tablename__ = "badge_prints"
    __table_args__ = (Index("ix_badge_prints_event_delegate", "event_id", "delegate_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    delegate_id: Mapped[int] = mapped_column(ForeignKey("delegates.id", ondelete="CASCADE"))
    badge_version: Mapped[int] = mapped_column(Integer)
    template: Mapped[str] = mapped_column(String(100))
    station: Mapped[str] = mapped_column(String(100), default="")
    printed_by: Mapped[str] = mapped_column(String(100), default="")
    reason: Mapped[str] = mapped_column(String(500), default="")
    printed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class BadgeTemplateRecord(TimestampMixin, Base):
    """A user's copy of a badge template (JSON in the same format as the built-ins)."""

    __tablename__ = "badge_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    definition: Mapped[str] = mapped_column(Text)
