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

    # What official documents print (Nghị định 30/2020): each in Vietnamese and, where a
    # document in English needs it, in English (see ``confman.core.events.documents``).
    venue_en: Mapped[str] = mapped_column(String(500), default="")
    place: Mapped[str] = mapped_column(String(100), default="")
    place_en: Mapped[str] = mapped_column(String(100), default="")
    parent_body: Mapped[str] = mapped_column(String(300), default="")
    parent_body_en: Mapped[str] = mapped_column(String(300), default="")
    issuing_body: Mapped[str] = mapped_column(String(300), default="")
    issuing_body_en: Mapped[str] = mapped_column(String(300), default="")
    signer_authority: Mapped[str] = mapped_column(String(300), default="")
    signer_authority_en: Mapped[str] = mapped_column(String(300), default="")
    signer_title: Mapped[str] = mapped_column(String(300), default="")
    signer_title_en: Mapped[str] = mapped_column(String(300), default="")
    signer_name: Mapped[str] = mapped_column(String(200), default="")
    letter_number: Mapped[str] = mapped_column(String(100), default="")
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_phone: Mapped[str] = mapped_column(String(50), default="")
