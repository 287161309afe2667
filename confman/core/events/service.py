"""Create, list and choose events."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from confman.core.audit import record_audit
from confman.core.db.engine import Database
from confman.core.errors import DomainError
from confman.core.events.models import DEFAULT_TIMEZONE, Event
from confman.core.registration.models import Category, Delegate
from confman.core.text import clean_text

_CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")

#: Categories every new event starts with: (code, label vi, label en, colour, VIP?)
DEFAULT_CATEGORIES: tuple[tuple[str, str, str, str, bool], ...] = (
    ("VIP", "Đại biểu VIP", "VIP", "#B3261E", True),
    ("DB", "Đại biểu", "Delegate", "#1F4E79", False),
    ("KM", "Khách mời", "Guest", "#2E7D32", False),
    ("DG", "Diễn giả", "Speaker", "#6A1B9A", False),
    ("BC", "Báo chí", "Press", "#E65100", False),
    ("BTC", "Ban tổ chức", "Organiser", "#455A64", False),
)


@dataclass(frozen=True, slots=True)
class EventRow:
    id: int
    code: str
    name_vi: str
    name_en: str
    venue: str
    start_date: date
    end_date: date
    organiser_unit: str
    timezone: str
    created_at: datetime
    delegate_count: int = 0

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name_vi


def _row(event: Event, delegate_count: int = 0) -> EventRow:
    return EventRow(
        id=event.id,
        code=event.code,
        name_vi=event.name_vi,
        name_en=event.name_en,
        venue=event.venue,
        start_date=event.start_date,
        end_date=event.end_date,
        organiser_unit=event.organiser_unit,
        timezone=event.timezone,
        created_at=event.created_at,
        delegate_count=delegate_count,
    )


def create_event(
    db: Database,
    *,
    code: str,
    name_vi: str,
    start_date: date,
    end_date: date,
    name_en: str = "",
    venue: str = "",
    organiser_unit: str = "",
    timezone: str = DEFAULT_TIMEZONE,
    with_default_categories: bool = True,
    station: str = "",
) -> EventRow:
    """Create an event (with the usual delegate categories); the code must be new."""
    code = clean_text(code)
    if not _CODE_RE.match(code):
        raise DomainError("event.bad_code", code=code)
    name_vi = clean_text(name_vi, max_length=500, field="name")
    if not name_vi:
        raise DomainError("event.name_required")
    if end_date < start_date:
        raise DomainError("event.dates_reversed", start=start_date.isoformat(), end=end_date.isoformat())
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise DomainError("event.bad_timezone", timezone=timezone) from exc
    try:
        with db.session() as session:
            if session.scalar(select(Event.id).where(func.lower(Event.code) == code.lower())):
                raise DomainError("event.code_taken", code=code)
            event = Event(
                code=code,
                name_vi=name_vi,
                name_en=clean_text(name_en, max_length=500, field="name_en"),
                venue=clean_text(venue, max_length=500, field="venue"),
                organiser_unit=clean_text(organiser_unit, max_length=500, field="organiser_unit"),
                start_date=start_date,
                end_date=end_date,
                timezone=timezone,
            )
            session.add(event)
            session.flush()
            if with_default_categories:
                for order, (cat_code, vi, en, color, vip) in enumerate(DEFAULT_CATEGORIES):
                    session.add(
                        Category(event_id=event.id, code=cat_code, label_vi=vi, label_en=en,
                                 color=color, sort_order=order, is_vip=vip)
                    )
            record_audit(session, entity="event", entity_id=event.id, action="create",
                         changes={"code": code}, event_id=event.id, station=station)
            return _row(event)
    except IntegrityError as exc:  # a concurrent desk created the same code
        raise DomainError("event.code_taken", code=code) from exc


def list_events(db: Database) -> list[EventRow]:
    """All events, most recently created first, with their delegate counts."""
    counts = (
        select(Delegate.event_id, func.count(Delegate.id).label("n"))
        .where(Delegate.deleted_at.is_(None))
        .group_by(Delegate.event_id)
        .subquery()
    )
    with db.session() as session:
        rows = session.execute(
            select(Event, func.coalesce(counts.c.n, 0))
            .outerjoin(counts, counts.c.event_id == Event.id)
            .order_by(Event.created_at.desc(), Event.id.desc())
        ).all()
        return [_row(event, n) for event, n in rows]


def resolve_event(db: Database, code: str | None = None) -> EventRow:
    """The event named by ``code``, else the only or most recently created one."""
    with db.session() as session:
        if code:
            event = session.scalar(select(Event).where(func.lower(Event.code) == code.strip().lower()))
            if event is None:
                raise DomainError("event.not_found", code=code)
            return _row(event)
        event = session.scalar(select(Event).order_by(Event.created_at.desc(), Event.id.desc()).limit(1))
        if event is None:
            raise DomainError("event.none")
        return _row(event)


def event_secret(db: Database, event_id: int) -> bytes:
    with db.session() as session:
        secret = session.scalar(select(Event.secret).where(Event.id == event_id))
        if secret is None:
            raise DomainError("event.not_found", code=str(event_id))
        return secret
