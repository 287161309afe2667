"""Organizations, categories and delegates.

Derived columns (name parts, folded search text, Vietnamese sort key) are kept in
sync by ``refresh_derived`` which a ``before_flush`` hook calls for every new or
changed delegate/organization, so no code path can store a stale search column.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

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

from confman.core.db.base import Base, TimestampMixin, UTCDateTime, partial_index
from confman.core.enums import DelegateStatus, Gender, OrganizationType, db_enum
from confman.core.events.models import Event  # mapped before ``Delegate.event`` is configured
from confman.core.text import NameParts, fold, lower_marks, name_sort_key, split_name, text_sort_key


class Organization(TimestampMixin, Base):
    """A unit delegates come from; shared by all events of the database."""

    __tablename__ = "organizations"
    __table_args__ = (UniqueConstraint("name_folded"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(500))
    name_folded: Mapped[str] = mapped_column(String(500))
    sort_key: Mapped[str] = mapped_column(String(1200), default="", index=True)
    short_name: Mapped[str] = mapped_column(String(100), default="")
    name_en: Mapped[str] = mapped_column(String(500), default="", server_default="")
    """The name English documents print ("Ministry of Foreign Affairs"); empty: the Vietnamese name."""
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


#: The delegate's phone or e-mail needs checking (``registration.contacts``): the partial index's condition
#: (``service.contact_issue_clause`` is the same with literals, so that SQLite uses the index).
CONTACT_ISSUE_SQL = text("phone_issue != '' OR email_issue != ''")


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
        # (it replaces the plain (event_id, sort_key) index, which the planner preferred); phone and
        # e-mail fragments are tested on the short search_contact column it also holds, and a query typed with
        # tone marks is ranked on search_marks (without it in the index, 'đức' took ~4× longer at 50,000).
        # SQLite only: PostgreSQL scans and sorts fast, and a btree entry cannot hold a long search text.
        Index("ix_delegates_event_search", "event_id", "sort_key", "id", "deleted_at", "category_id", "status",
              "organization_id", "search_text", "search_contact", "search_marks").ddl_if(dialect="sqlite"),
        # The few delegates whose phone or e-mail needs checking, in name order: the "Liên hệ cần kiểm tra"
        # filter reads them here instead of walking every row (50,000 delegates: ~220 ms without it).
        partial_index("ix_delegates_contact_issue", "event_id", "sort_key", "id", where=CONTACT_ISSUE_SQL),
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
    #: Phone digits (national and 84… forms) and e-mail: what phone and e-mail fragments are matched in.
    search_contact: Mapped[str] = mapped_column(String(400), default="")
    #: The searched words lower-cased with their tone marks (empty when they have none): exact-diacritic ranking.
    search_marks: Mapped[str] = mapped_column(Text, default="")
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
    #: A phone or e-mail that failed the rules and was left out (``registration.contacts``): the rule's
    #: error code and the value as given; empty when there is nothing to check.
    phone_issue: Mapped[str] = mapped_column(String(40), default="")
    phone_issue_value: Mapped[str] = mapped_column(String(300), default="")
    email_issue: Mapped[str] = mapped_column(String(40), default="")
    email_issue_value: Mapped[str] = mapped_column(String(300), default="")
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
        """Recompute name parts, folded name, sort key and search columns from the stored fields."""
        org = self.organization
        for key, value in delegate_derived(
            self.full_name, foreign=self.foreign_name, position=self.position,
            organization=org.name if org is not None else "", organization_short=org.short_name if org is not None else "",
            delegation=self.delegation, phone=self.phone, email=self.email,
        ).items():  # fmt: skip
            setattr(self, key, value)


def delegate_derived(full_name: str, *, foreign: bool, position: str, organization: str, organization_short: str,
                     delegation: str, phone: str, email: str, parts: NameParts | None = None,
                     folder: Callable[[str], str] = fold, marks: Callable[[str], str] = lower_marks,
                     sort_key: Callable[..., str] = name_sort_key) -> dict[str, Any]:  # fmt: skip
    """The derived columns of a delegate (name parts, folded name, sort key, search columns), as the
    ``before_flush`` hook stores them; bulk inserts call it directly with memoised ``folder`` (``fold``),
    ``marks`` (``lower_marks``) and ``sort_key`` (``name_sort_key``)."""
    if parts is None:
        parts = split_name(full_name, foreign=foreign)
    position, organization, organization_short = position or "", organization or "", organization_short or ""
    delegation, phone, email = delegation or "", phone or "", email or ""
    words = (full_name, position, organization, organization_short, delegation)
    folded = [f for f in (folder(p) for p in words if p) if f]
    dotted = [w for f in folded if "." in f or "@" in f for w in f.split() if "." in w or "@" in w]
    folded += [f for f in (folder(phone), folder(email)) if f]
    return {
        "family_name": parts.family, "middle_name": parts.middle, "given_name": parts.given,
        "name_folded": folder(full_name), "sort_key": sort_key(full_name, foreign=foreign, parts=parts),
        "search_text": " ".join(folded),
        "search_contact": contact_text(phone, email, dotted),
        "search_marks": " ".join([marks(p) for p in words if p and not p.isascii()]),
    }  # fmt: skip


def contact_text(phone: str, email: str, dotted: Sequence[str] = ()) -> str:
    """``"0912345678 84912345678 an@mic.gov.vn"``: a phone's digits as typed nationally and
    internationally, the e-mail, and other folded words with a dot or ``@`` ("tp.hcm"): what
    phone, e-mail and address fragments are searched in."""
    digits = phone if phone.isdigit() else "".join(ch for ch in phone if ch.isdigit())
    parts = ([digits, "84" + digits[1:]] if digits[:1] == "0" else [digits]) if digits else []
    if email:
        parts.append(email.lower())
    for word in dotted:
        if word not in parts:
            parts.append(word)
    return " ".join(parts)


@event.listens_for(Session, "before_flush")
def _refresh_derived_columns(session: Session, _flush_context: object, _instances: object) -> None:
    """Keep folded search columns and sort keys in sync with the fields they derive from.

    Registered with the models themselves, so any code that can create a delegate has the hook.
    """
    for obj in (*session.new, *session.dirty):
        if isinstance(obj, Organization | Delegate):
            obj.refresh_derived()
