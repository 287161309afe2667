"""The append-only check-in log.

Every scan is a row, whatever its verdict; undo is a new row (result ``undone``).
``ok_key`` is set only on ``ok`` rows and is unique, so two desks scanning the same
badge at the same moment get exactly one ``ok``: the database refuses the second.
An ``undone`` row carries ``ok_key = "undo:<uuid of the ok it cancels>"`` (and ``undoes_uuid``),
so the same ok cannot be undone twice either.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from confman.core.db.base import Base, UTCDateTime, utcnow
from confman.core.enums import CheckInResult, db_enum


class CheckIn(Base):
    __tablename__ = "checkins"
    __table_args__ = (
        UniqueConstraint("uuid"),
        UniqueConstraint("ok_key"),
        Index("ix_checkins_event_delegate", "event_id", "delegate_id"),
        Index("ix_checkins_event_created", "event_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36))
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    delegate_id: Mapped[int | None] = mapped_column(
        ForeignKey("delegates.id", ondelete="SET NULL"), nullable=True
    )
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="SET NULL"), nullable=True
    )
    station: Mapped[str] = mapped_column(String(100), default="")
    scanned_code: Mapped[str] = mapped_column(String(200), default="")
    result: Mapped[CheckInResult] = mapped_column(db_enum(CheckInResult, "checkin_result"))
    ok_key: Mapped[str | None] = mapped_column(String(100), nullable=True)
    undoes_uuid: Mapped[str | None] = mapped_column(String(36), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
