"""The badge print log, and the one answer to "whose badge is printed".

Below registration (it names delegates only by foreign key), so the delegate list can show
and filter "badge printed" without importing the badges feature, which writes this log.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, ForeignKey, Index, Integer, String, select
from sqlalchemy.orm import Mapped, mapped_column

from confman.core.db.base import Base, UTCDateTime, utcnow


class BadgePrint(Base):
    __tablename__ = "badge_prints"
    # Version and time in the index: a batch's print counts (printed? changed since?) read no table rows.
    __table_args__ = (Index("ix_badge_prints_event_delegate", "event_id", "delegate_id", "badge_version",
                            "printed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    delegate_id: Mapped[int] = mapped_column(ForeignKey("delegates.id", ondelete="CASCADE"))
    badge_version: Mapped[int] = mapped_column(Integer)
    template: Mapped[str] = mapped_column(String(100))
    station: Mapped[str] = mapped_column(String(100), default="")
    printed_by: Mapped[str] = mapped_column(String(100), default="")
    reason: Mapped[str] = mapped_column(String(500), default="")
    printed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


def badge_printed_clause(delegate_id: Any, event_id: Any) -> ColumnElement[bool]:
    """EXISTS a badge print of the delegate (event_id first: it leads ix_badge_prints_event_delegate)."""
    return select(BadgePrint.id).where(BadgePrint.event_id == event_id, BadgePrint.delegate_id == delegate_id).exists()
