"""Organizations, categories and delegates.

Derived columns (name parts, folded search text, Vietnamese sort key) are kept in
sync by ``refresh_derived`` which a ``before_flush`` hook calls for every new or
changed delegate/organization, so no code path can store a stale search column.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from confman.core.db.base import Base, TimestampMixin, UTCDateTime
from confman.core.enums import DelegateStatus, Gender, OrganizationType, db_enum
from confman.core.text import fold, name_sort_key, split_name, text_sort_key

if TYPE_CHECKING:
    from confman.core.events.models import Event


class Organization(TimestampMixin, Base):
    """A unit delegates come from; shared by all events of the database."""

    __tablename__ = "organizations"
    __table_args__ = (UniqueConstraint("name_folded"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(500))
    name_folded: Mapped[str] = mapped_column(String(500))
    sort_key: Mapped[str] = mapped_column(String(1200), default="", index=True)
    short_name: Mapped[str] = mapped_column(String(100), default="")
    type: Mapped[OrganizationType] = mapped_column(
        db_enum(OrganizationType, "organization_type"), default=OrganizationType.OTHER
    )
    province: Mapped[str] = mapped_column(String(100), default="")
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL"), nullable=True
    )

    parent: Mapped[Organization | None] = relationship(remote_side=[id])

    def refresh_derived(self) -> None:
        self.name_folded = fold(self.name)
        self.sort_key = text_sort_key(self.name)


class Category(Base):
    """A delegate category of one event (Đại biểu, Khách mời, Báo chí…) with its badge colour."""

    __tablename__ = "categories"
    __table_args__ = (
        UniqueConstraint("event_id", "code"),
        CheckConstraint("length(color) = 7", name="color_hex"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    label_vi: Mapped[str] = mapped_column(String(200))
    label_en: Mapped[str] = mapped_column(String(200), default="")
    color: Mapped[str] = mapped_column(String(7), default="#1F4E79")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    is_vip: Mapped[bool] = mapped_column(Boolean, default=False)


class Delegate(TimestampMixin, Base):
    __tablename__ = "delegates"
    __table_args__ = (
        UniqueConstraint("event_id", "badge_code"),
        CheckConstraint("badge_version >= 1", name="badge_version_positive"),
        CheckConstraint("length(full_name) > 0", name="full_name_not_empty"),
        Index("ix_delegates_event_name_folded", "event_id", "name_folded"),
        Index("ix_delegates_event_phone", "event_id", "phone"),
        Index("ix_delegates_event_email", "event_id", "email"),
        # Name order + covering index for the delegates table's search: walked in name order without
        # touching the table, a search over 50,000 rows takes ~15 ms on SQLite instead of ~250 ms
        # (it replaces the plain (event_id, sort_key) index, which the planner preferred).
        # PostgreSQL scans and sorts fast, and a btree entry cannot hold a long search text: empty there.
        Index("ix_delegates_event_search", "event_id", "sort_key", "id", "deleted_at", "category_id", "status",
              "organization_id", "search_text", postgresql_where=text("false")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    honorific: Mapped[str] = mapped_column(String(50), default="")
    full_name: Mapped[str] = mapped_column(String(300))
    family_name: Mapped[str] = mapped_column(String(300), default="")
    middle_name: Mapped[str] = mapped_column(String(300), default="")
    given_name: Mapped[str] = mapped_column(String(300), default="")
    foreign_name: Mapped[bool] = mapped_column(Boolean, default=False)
    name_folded: Mapped[str] = mapped_column(String(300), default="")
    sort_key: Mapped[str] = mapped_column(String(1200), default="")
    search_text: Mapped[str] = mapped_column(Text, default="")
    gender: Mapped[Gender | None] = mapped_column(db_enum(Gender, "gender"), nullable=True)
    position: Mapped[str] = mapped_column(String(500), default="")
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), nullable=True, index=True
    )
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("categories.id", ondelete="RESTRICT"), nullable=True, index=True
    )
    delegation: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    nationality: Mapped[str] = mapped_column(String(100), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    photo: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    status: Mapped[DelegateStatus] = mapped_column(
        db_enum(DelegateStatus, "delegate_status"), default=DelegateStatus.REGISTERED, index=True
    )
    badge_version: Mapped[int] = mapped_column(Integer, default=1)
    badge_code: Mapped[str | None] = mapped_column(String(40), nullable=True)  # format-2 codes: up to 39 digits
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("delegates.id", ondelete="SET NULL"), nullable=True
    )

    event: Mapped[Event] = relationship()
    organization: Mapped[Organization | None] = relationship()
    category: Mapped[Category | None] = relationship()

    def refresh_derived(self) -> None:
        """Recompute name parts, folded name, sort key and search text from the stored fields."""
        parts = split_name(self.full_name, foreign=self.foreign_name)
        self.family_name, self.middle_name, self.given_name = parts.family, parts.middle, parts.given
        self.name_folded = fold(self.full_name)
        self.sort_key = name_sort_key(self.full_name, foreign=self.foreign_name, parts=parts)
        org = self.organization
        pieces = [
            self.full_name,
            self.position,
            org.name if org is not None else "",
            org.short_name if org is not None else "",
            self.delegation,
            self.phone,
            self.email,
        ]
        self.search_text = " ".join(p for p in (fold(x) for x in pieces) if p)


@event.listens_for(Session, "before_flush")
def _refresh_derived_columns(session: Session, _flush_context: object, _instances: object) -> None:
    """Keep folded search columns and sort keys in sync with the fields they derive from.

    Registered with the models themselves, so any code that can create a delegate has the hook.
    """
    for obj in (*session.new, *session.dirty):
        if isinstance(obj, Organization | Delegate):
            obj.refresh_derived()
