"""The check-in log, and the one answer to "who is checked in".

Every scan is a row, whatever its verdict; undo is a new row (result ``undone``).
``ok_key`` is set only on ``ok`` rows and is unique, so two desks scanning the same
badge at the same moment get exactly one ``ok``: the database refuses the second.
An ``undone`` row carries ``ok_key = "undo:<uuid of the ok it cancels>"`` (and ``undoes_uuid``),
so the same ok cannot be undone twice either.

A delegate is *checked in* (at the entrance, or at one agenda item in per-session mode)
while they have an ``ok`` that no ``undone`` row cancels.  The delegate list, the reports,
the dashboard, the door and the offline desk all ask this module: :func:`checked_in_clause`
(a correlated EXISTS for row queries), :func:`active_checkins` (a subquery of the checked-in
delegates with their arrival time, for counts), :func:`ok_key` / :func:`ok_key_sql` (the key
of the one ok a delegate can hold).

This log sits below registration: it names delegates only by foreign key, so the delegate
list can show who is in without importing the check-in feature.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, ForeignKey, Index, String, UniqueConstraint, case, cast, func, select
from sqlalchemy.orm import Mapped, aliased, mapped_column

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


def ok_key(event_id: int, delegate_id: int, agenda_item_id: int | None, generation: int) -> str:
    """The unique key of the one ok a delegate can have per event/agenda item and undo generation."""
    return f"{event_id}:{delegate_id}:{agenda_item_id or 0}:{generation}"


def ok_key_sql(event_id: Any, delegate_id: Any, agenda_item_id: Any, generation: Any) -> ColumnElement[str]:
    """:func:`ok_key` as an SQL expression (``agenda_item_id`` may be NULL)."""
    def text(value: Any) -> Any:
        return cast(value, String)

    return (text(event_id) + ":" + text(delegate_id) + ":" + text(func.coalesce(agenda_item_id, 0)) + ":"
            + text(generation))


def item_filter(agenda_item_id: Any, table: Any = CheckIn) -> ColumnElement[bool]:
    """Rows of the entrance (``None``) or of one agenda item."""
    if agenda_item_id is None:
        return table.agenda_item_id.is_(None)
    return table.agenda_item_id == agenda_item_id


def checked_in_clause(delegate_id: Any, event_id: Any, agenda_item_id: int | None = None) -> ColumnElement[bool]:
    """EXISTS an ``ok`` of the delegate (entrance, or ``agenda_item_id``) that no ``undone`` row cancels."""
    ok = aliased(CheckIn)
    undo = aliased(CheckIn)
    # Undo rows carry the delegate of the ok they cancel, so the lookup walks
    # ix_checkins_event_delegate instead of every check-in of the event.
    cancelled = (
        select(undo.id)
        .where(undo.event_id == ok.event_id, undo.delegate_id == ok.delegate_id,
               undo.undoes_uuid == ok.uuid, undo.result == CheckInResult.UNDONE)
        .correlate(ok)
        .exists()
    )
    return (
        select(ok.id)
        .where(ok.delegate_id == delegate_id, ok.event_id == event_id, ok.result == CheckInResult.OK,
               item_filter(agenda_item_id, ok), ~cancelled)
        .exists()
    )


def active_checkins(event_id: int, agenda_item_id: int | None) -> Any:
    """Subquery (``delegate_id``, ``arrived_at``): delegates checked in, with the time of their latest ok.

    The same rule as :func:`checked_in_clause`, grouped for counting: each ``undone`` row cancels
    exactly one ok (its ``ok_key`` is ``undo:<ok uuid>``), so "oks outnumber undos" is "an ok
    no undo cancels"."""
    balance = func.sum(case((CheckIn.result == CheckInResult.OK, 1), else_=-1))
    return (
        select(
            CheckIn.delegate_id.label("delegate_id"),
            func.max(case((CheckIn.result == CheckInResult.OK, CheckIn.created_at))).label("arrived_at"),
        )
        .where(CheckIn.event_id == event_id, item_filter(agenda_item_id),
               CheckIn.result.in_((CheckInResult.OK, CheckInResult.UNDONE)))
        .group_by(CheckIn.delegate_id)
        .having(balance > 0)
        .subquery()
    )


__all__ = ["CheckIn", "active_checkins", "checked_in_clause", "item_filter", "ok_key", "ok_key_sql"]
