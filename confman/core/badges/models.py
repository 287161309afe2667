"""User badge templates; the badge print log lives in ``confman.core.ledger.badge_prints``."""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from confman.core.db.base import Base, TimestampMixin
from confman.core.ledger.badge_prints import BadgePrint

__all__ = ["BadgePrint", "BadgeTemplateRecord"]


class BadgeTemplateRecord(TimestampMixin, Base):
    """A user's copy of a badge template (JSON in the same format as the built-ins)."""

    __tablename__ = "badge_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    definition: Mapped[str] = mapped_column(Text)
