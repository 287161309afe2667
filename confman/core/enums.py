"""Value sets stored in the database (as strings with CHECK constraints)."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Enum as SAEnum


class OrganizationType(StrEnum):
    MINISTRY = "ministry"
    PROVINCE = "province"  # provincial People's Committee (UBND)
    PROVINCIAL_DEPARTMENT = "provincial_department"  # e.g. Sở Thông tin và Truyền thông
    PRESS = "press"
    BROADCASTER = "broadcaster"
    FOREIGN = "foreign"
    OTHER = "other"


class DelegateStatus(StrEnum):
    INVITED = "invited"
    REGISTERED = "registered"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"


class Gender(StrEnum):
    MALE = "male"
    FEMALE = "female"
    OTHER = "other"


class AgendaKind(StrEnum):
    REGISTRATION = "registration"
    CEREMONY = "ceremony"
    PLENARY = "plenary"
    PANEL = "panel"
    REPORT = "report"
    PRESENTATION = "presentation"
    DISCUSSION = "discussion"
    BREAK = "break"
    LUNCH = "lunch"
    WORKSHOP = "workshop"
    CLOSING = "closing"


class PersonRole(StrEnum):
    CHAIR = "chair"
    SPEAKER = "speaker"


class PresentationStatus(StrEnum):
    REQUESTED = "requested"
    RECEIVED = "received"
    REVIEWED = "reviewed"
    APPROVED = "approved"
    PRESENTED = "presented"
    WITHDRAWN = "withdrawn"


class CheckInResult(StrEnum):
    OK = "ok"
    DUPLICATE = "duplicate"
    REPLACED = "replaced"
    CANCELLED = "cancelled"
    WRONG_EVENT = "wrong_event"
    BAD_SIGNATURE = "bad_signature"
    MALFORMED = "malformed"
    UNKNOWN = "unknown"
    UNDONE = "undone"


def db_enum(enum_cls: type[StrEnum], name: str) -> SAEnum:
    """A portable string enum column type (VARCHAR + CHECK), identical on SQLite and PostgreSQL."""
    return SAEnum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda cls: [member.value for member in cls],
        validate_strings=True,
    )
