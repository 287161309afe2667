"""The numbers of the attendance report, computed by SQL aggregates.

*Expected*: delegates of the event not cancelled and not in the recycle bin.  *Checked
in*: of those, the ones with an entrance ``ok`` check-in that no ``undone`` row cancels
(``confman.core.ledger.checkins.checked_in_clause``, the same rule as the delegates
table).  Session attendance counts the same way per agenda item with session check-in.
The PDF, the .xlsx and ``--json`` all print these numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import aliased

from confman.core.agenda.models import AgendaItem, Room
from confman.core.checkin.models import CheckIn
from confman.core.db.engine import Database
from confman.core.enums import CheckInResult, DelegateStatus, OrganizationType
from confman.core.ledger.checkins import checked_in_clause
from confman.core.registration.categories import uncategorised_label
from confman.core.registration.models import Category, Delegate, Organization
from confman.core.registration.org_types import organization_type
from confman.core.reports.data import EventInfo
from confman.core.text import text_sort_key

BUCKET_MINUTES = 10


@dataclass(frozen=True, slots=True)
class Count:
    """Expected and checked-in delegates of one group."""

    key: str
    label_vi: str
    label_en: str
    expected: int
    checked_in: int

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" and self.label_en else self.label_vi

    @property
    def absent(self) -> int:
        return self.expected - self.checked_in

    @property
    def rate(self) -> float:
        return self.checked_in / self.expected if self.expected else 0.0


@dataclass(frozen=True, slots=True)
class SessionCount:
    item_id: int
    day: date
    start: str
    end: str
    title_vi: str
    title_en: str
    room: str
    capacity: int | None
    checked_in: int

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" and self.title_en else self.title_vi


@dataclass(frozen=True, slots=True)
class AttendanceFigures:
    expected: int
    checked_in: int
    by_category: tuple[Count, ...]
    by_organization_type: tuple[Count, ...]
    by_organization: tuple[Count, ...]
    by_province: tuple[Count, ...]
    absent_organizations: tuple[str, ...]
    absent_provinces: tuple[str, ...]
    sessions: tuple[SessionCount, ...]
    arrivals: tuple[tuple[datetime, int], ...]
    """Arrivals per 10 minutes in the event's time zone (only buckets with arrivals)."""

    def to_json(self, lang: str = "vi") -> dict[str, Any]:
        """The CLI contract of ``confman report attendance --json``."""
        return {
            "expected": self.expected,
            "checked_in": self.checked_in,
            "by_category": {c.label(lang): {"expected": c.expected, "checked_in": c.checked_in}
                            for c in self.by_category},
            "by_organization_type": {c.key: {"expected": c.expected, "checked_in": c.checked_in}
                                     for c in self.by_organization_type},
            "absent_organizations": list(self.absent_organizations),
        }


def expected_clause(event_id: int) -> Any:
    return and_(Delegate.event_id == event_id, Delegate.status != DelegateStatus.CANCELLED,
                Delegate.deleted_at.is_(None))


def _session_clause(item_id: Any) -> Any:
    """EXISTS an ok check-in of the delegate at the agenda item that no undo cancels."""
    ok = aliased(CheckIn)
    undo = aliased(CheckIn)
    cancelled = (
        select(undo.id)
        .where(undo.event_id == ok.event_id, undo.undoes_uuid == ok.uuid, undo.result == CheckInResult.UNDONE)
        .correlate(ok).exists()
    )
    return (
        select(ok.id)
        .where(ok.delegate_id == Delegate.id, ok.event_id == Delegate.event_id, ok.result == CheckInResult.OK,
               ok.agenda_item_id == item_id, ~cancelled)
        .exists()
    )


def attendance_figures(db: Database, info: EventInfo, *, category_ids: frozenset[int] = frozenset()
                       ) -> AttendanceFigures:
    """Every number of the attendance report in one read transaction."""
    event_id = info.id
    present = func.coalesce(func.sum(case((checked_in_clause(Delegate.id, Delegate.event_id), 1), else_=0)), 0)
    where = [expected_clause(event_id)]
    if category_ids:
        where.append(Delegate.category_id.in_(sorted(category_ids)))
    with db.session() as session:
        counted = {r[0]: (int(r[1]), int(r[2])) for r in session.execute(
            select(Delegate.category_id, func.count(Delegate.id), present)
            .where(*where).group_by(Delegate.category_id)
        )}
        # every category of the event (those the filter names), with nobody as 0; the delegates without one last
        categories = select(Category.id, Category.code, Category.label_vi, Category.label_en).where(
            Category.event_id == event_id)
        if category_ids:
            categories = categories.where(Category.id.in_(sorted(category_ids)))
        cat_rows = [(code, label_vi, label_en, *counted.get(id_, (0, 0))) for id_, code, label_vi, label_en
                    in session.execute(categories.order_by(Category.sort_order, Category.code))]
        if None in counted:
            cat_rows.append((None, None, None, *counted[None]))
        type_rows = session.execute(
            select(Organization.type, Organization.name, func.count(Delegate.id), present)
            .select_from(Delegate).outerjoin(Organization, Organization.id == Delegate.organization_id)
            .where(*where).group_by(Organization.type, Organization.name)
        ).all()
        org_rows = session.execute(
            select(Organization.id, Organization.name, func.count(Delegate.id), present, Organization.name_en)
            .select_from(Delegate).outerjoin(Organization, Organization.id == Delegate.organization_id)
            .where(*where)
            .group_by(Organization.id, Organization.name, Organization.sort_key, Organization.name_en)
            .order_by(Organization.id.is_(None), Organization.sort_key)
        ).all()
        province_rows = session.execute(
            select(Organization.province, func.count(Delegate.id), present)
            .select_from(Delegate).outerjoin(Organization, Organization.id == Delegate.organization_id)
            .where(*where).group_by(Organization.province)
        ).all()
        session_rows = session.execute(
            select(AgendaItem.id, AgendaItem.day, AgendaItem.start_time, AgendaItem.end_time, AgendaItem.title_vi,
                   AgendaItem.title_en, func.coalesce(Room.name, ""), func.coalesce(AgendaItem.capacity,
                                                                                    Room.capacity),
                   select(func.count(Delegate.id)).where(*where, _session_clause(AgendaItem.id))
                   .correlate(AgendaItem).scalar_subquery())
            .outerjoin(Room, Room.id == AgendaItem.room_id)
            .where(AgendaItem.event_id == event_id, AgendaItem.session_checkin.is_(True))
            .order_by(AgendaItem.day, AgendaItem.start_time, AgendaItem.id)
        ).all()
        arrival_rows = _arrival_times(session, event_id, where)
    by_category = tuple(Count(r[0] or "", r[1] or uncategorised_label("vi"),
                              r[2] or (uncategorised_label("en") if r[0] is None else ""), int(r[3]), int(r[4]))
                        for r in cat_rows)
    merged: dict[str, list[int]] = {}
    for type_, name, expected, checked in type_rows:  # a unit without a type: the one its name states
        slot = merged.setdefault(str(organization_type(name, type_)), [0, 0])
        slot[0] += int(expected)
        slot[1] += int(checked)
    order = [str(x) for x in OrganizationType]
    by_type = tuple(Count(k, "", "", v[0], v[1]) for k, v in sorted(merged.items(), key=lambda kv: order.index(kv[0])))
    by_org = tuple(Count(str(r[0] or ""), r[1] or "", r[4] or r[1] or "", int(r[2]), int(r[3])) for r in org_rows)
    provinces: dict[str, list[int]] = {}
    for province, expected, checked in province_rows:  # no organization (NULL) and no province ("") merge
        slot = provinces.setdefault(province or "", [0, 0])
        slot[0] += int(expected)
        slot[1] += int(checked)
    by_province = tuple(sorted(
        (Count(k, k, k, v[0], v[1]) for k, v in provinces.items()),
        key=lambda c: (c.key == "", text_sort_key(c.key)),
    ))
    sessions = tuple(
        SessionCount(r[0], r[1], f"{r[2]:%H:%M}", f"{r[3]:%H:%M}", r[4] or "", r[5] or "", r[6] or "",
                     int(r[7]) if r[7] is not None else None, int(r[8] or 0))
        for r in session_rows
    )
    return AttendanceFigures(
        expected=sum(c.expected for c in by_category),
        checked_in=sum(c.checked_in for c in by_category),
        by_category=by_category,
        by_organization_type=by_type,
        by_organization=by_org,
        by_province=by_province,
        absent_organizations=tuple(c.label_vi for c in by_org if c.key and c.checked_in == 0),
        absent_provinces=tuple(c.key for c in by_province if c.key and c.checked_in == 0),
        sessions=sessions,
        arrivals=_buckets(arrival_rows, info),
    )


def _arrival_times(session: Any, event_id: int, where: list[Any]) -> list[datetime]:
    """The first entrance ok (not undone) of each expected, checked-in delegate."""
    undo = aliased(CheckIn)
    not_undone = ~(
        select(undo.id).where(undo.event_id == CheckIn.event_id, undo.undoes_uuid == CheckIn.uuid,
                              undo.result == CheckInResult.UNDONE).correlate(CheckIn).exists()
    )
    rows = session.execute(
        select(func.min(CheckIn.created_at))
        .join(Delegate, Delegate.id == CheckIn.delegate_id)
        .where(*where, CheckIn.event_id == event_id, CheckIn.result == CheckInResult.OK,
               CheckIn.agenda_item_id.is_(None), not_undone)
        .group_by(CheckIn.delegate_id)
    ).scalars().all()
    return [r for r in rows if r is not None]


def _buckets(times: list[datetime], info: EventInfo) -> tuple[tuple[datetime, int], ...]:
    counts: dict[datetime, int] = {}
    for moment in times:
        local = info.local(moment if moment.tzinfo else moment.replace(tzinfo=UTC))
        start = local.replace(minute=local.minute - local.minute % BUCKET_MINUTES, second=0, microsecond=0)
        counts[start] = counts.get(start, 0) + 1
    return tuple(sorted(counts.items()))


def arrival_days(arrivals: tuple[tuple[datetime, int], ...]) -> list[tuple[date, list[tuple[datetime, int]]]]:
    """Arrivals per day, each day's 10-minute buckets contiguous from its first to its last arrival."""
    days: dict[date, dict[datetime, int]] = {}
    for moment, count in arrivals:
        days.setdefault(moment.date(), {})[moment] = count
    out = []
    for day in sorted(days):
        found = days[day]
        first, last = min(found), max(found)
        series = []
        step = first
        while step <= last:
            series.append((step, found.get(step, 0)))
            step = step + timedelta(minutes=BUCKET_MINUTES)
        out.append((day, series))
    return out
