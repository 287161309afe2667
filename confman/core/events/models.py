"""The Event table."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from sqlalchemy import JSON, Date, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from confman.core.db.base import Base, TimestampMixin

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"


def new_event_secret() -> bytes:
    return secrets.token_bytes(32)


class Event(TimestampMixin, Base):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name_vi: Mapped[str] = mapped_column(String(500))
    name_en: Mapped[str] = mapped_column(String(500), default="")
    venue: Mapped[str] = mapped_column(String(500), default="")
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    organiser_unit: Mapped[str] = mapped_column(String(500), default="")
    logo: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    timezone: Mapped[str] = mapped_column(String(64), default=DEFAULT_TIMEZONE)
    secret: Mapped[bytes] = mapped_column(LargeBinary(64), default=new_event_secret)
    description: Mapped[str] = mapped_column(Text, default="")
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
