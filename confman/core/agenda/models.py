"""Rooms, agenda items and the people (chairs, speakers) on them.

Agenda times are wall-clock times in the event's time zone (``day`` + ``start_time``/
``end_time``): a programme is local by nature; exports attach the event's zone.
"""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from confman.core.db.base import Base, TimestampMixin
from confman.core.enums import AgendaKind, PersonRole, db_enum


class Room(Base):
    __tablename__ = "rooms"
    __table_args__ = (UniqueConstraint("event_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    capacity: Mapped[int | None] = mapped_column(Integer, nullable=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class AgendaItem(TimestampMixin, Base):
    __tablename__ = "agenda_items"
    __table_args__ = (Index("ix_agenda_items_event_day_start", "event_id", "day", "start_time"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    room_id: Mapped[int | None] = mapped_column(
        ForeignKey("rooms.id", ondelete="SET NULL"), nullable=True, index=True
    )
    day: Mapped[date] = mapped_column(Date)
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)
    kind: Mapped[AgendaKind] = mapped_column(db_enum(AgendaKind, "agenda_kind"), default=AgendaKind.PLENARY)
    title_vi: Mapped[str] = mapped_column(String(1000))
    title_en: Mapped[str] = mapped_column(String(1000), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    capacity: Mapped[int | None] = mapped_column(Integer, nullable=True)
    session_checkin: Mapped[bool] = mapped_column(Boolean, default=False)

    room: Mapped[Room | None] = relationship()
    people: Mapped[list[AgendaItemPerson]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="AgendaItemPerson.position"
    )


class AgendaItemPerson(Base):
    __tablename__ = "agenda_item_people"
    __table_args__ = (CheckConstraint("position >= 0", name="position_non_negative"),)

    agenda_item_id: Mapped[int] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="CASCADE"), primary_key=True
    )
    delegate_id: Mapped[int] = mapped_column(
        ForeignKey("delegates.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[PersonRole] = mapped_column(db_enum(PersonRole, "person_role"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    item: Mapped[AgendaItem] = relationship(back_populates="people")
