"""Rows the list reports print: delegates with their unit, category and check-in state.

The delegate set comes from the delegates feature's own search (the same filter the
delegates page shows), then one query per chunk of ids fetches what lists print.
Groups are ordered by the Vietnamese collation keys stored on organizations and
categories; people inside a group by their name sort key (given name first).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from confman.core.db.engine import Database
from confman.core.enums import DelegateStatus, OrganizationType
from confman.core.errors import DomainError
from confman.core.events.documents import EventDocuments, documents_of
from confman.core.events.models import DEFAULT_TIMEZONE, Event
from confman.core.honorifics import with_honorific
from confman.core.ledger.checkins import checked_in_clause
from confman.core.registration.categories import uncategorised_label
from confman.core.registration.contacts import ContactIssue, from_columns
from confman.core.registration.models import Category, Delegate, Organization
from confman.core.registration.rows import DelegateFilters, DelegateSort, organization_name
from confman.core.registration.service import search_delegate_ids
from confman.core.reports.options import ReportOptions
from confman.i18n import t

CHUNK = 500
#: Statuses of the people expected at the conference (the attendance report's "expected").
EXPECTED_STATUSES = frozenset({DelegateStatus.INVITED, DelegateStatus.REGISTERED, DelegateStatus.CONFIRMED})


@dataclass(frozen=True, slots=True)
class EventInfo:
    id: int
    code: str
    name_vi: str
    name_en: str
    venue: str
    start_date: date
    end_date: date
    organiser_unit: str
    timezone: str
    logo: bytes | None
    secret: bytes
    purged_at: str
    letters: dict[str, str] = field(default_factory=dict)
    """The event's ``settings["letters"]``: the letter wording (see ``reports.letters``)."""
    docs: EventDocuments | None = None
    """The event's document fields (letterhead, place, signer, English values)."""

    def __post_init__(self) -> None:
        if self.docs is None:
            object.__setattr__(self, "docs", EventDocuments(self.id, self.code, self.name_vi, self.name_en,
                                                            self.venue, organiser_unit=self.organiser_unit))

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name_vi

    def venue_for(self, lang: str) -> str:
        """The venue in ``lang`` (the English value, else the Vietnamese one)."""
        assert self.docs is not None
        return self.docs.text("venue", lang)

    @property
    def zone(self) -> ZoneInfo:
        try:
            return ZoneInfo(self.timezone)
        except Exception:  # a bad stored zone must not stop a report
            return ZoneInfo(DEFAULT_TIMEZONE)

    def local(self, moment: datetime | None) -> datetime:
        """``moment`` (aware; now when None) in the event's time zone."""
        if moment is None:
            return datetime.now(self.zone)
        if moment.tzinfo is None:
            from datetime import UTC

            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(self.zone)


def event_info(db: Database, event_id: int) -> EventInfo:
    with db.session() as session:
        e = session.get(Event, event_id)
        if e is None:
            raise DomainError("event.not_found", code=str(event_id))
        settings = e.settings or {}
        letters = settings.get("letters")
        return EventInfo(e.id, e.code, e.name_vi, e.name_en or "", e.venue or "", e.start_date, e.end_date,
                         e.organiser_unit or "", e.timezone or DEFAULT_TIMEZONE, e.logo, e.secret,
                         str(settings.get("personal_data_purged_at") or ""),
                         {str(k): str(v) for k, v in letters.items()} if isinstance(letters, dict) else {},
                         documents_of(e))


@dataclass(frozen=True, slots=True)
class ListRow:
    """One delegate as the list reports print them."""

    id: int
    honorific: str
    full_name: str
    position: str
    organization_id: int | None
    organization: str
    organization_type: str
    province: str
    category_id: int | None
    category_code: str
    category_label_vi: str
    category_label_en: str
    delegation: str
    phone: str
    email: str
    status: str
    badge_version: int
    checked_in: bool
    org_sort: str
    cat_sort: int
    name_sort: str
    contact_issues: tuple[ContactIssue, ...] = ()
    """A phone or e-mail that failed the rules (the field itself is empty): what to check."""

    def category_label(self, lang: str) -> str:
        return self.category_label_en if lang == "en" and self.category_label_en else self.category_label_vi

    @property
    def display_name(self) -> str:
        return f"{self.honorific} {self.full_name}" if self.honorific else self.full_name

    def display(self, lang: str) -> str:
        """Honorific and name; in English "Ông"/"Bà" become "Mr"/"Ms" (:mod:`confman.core.honorifics`)."""
        return with_honorific(self.honorific, self.full_name, lang)


@dataclass(frozen=True, slots=True)
class Group:
    """A heading and its rows; ``key`` is empty when the report is not grouped."""

    key: str
    title: str
    rows: tuple[ListRow, ...]


@dataclass(frozen=True, slots=True)
class GroupedRows:
    """The rows of a list report (sign-in sheet, delegate list) in their groups, and the filter shown."""

    groups: tuple[Group, ...]
    filter_text: str

    @property
    def count(self) -> int:
        return sum(len(g.rows) for g in self.groups)


def effective_filters(options: ReportOptions, **overrides: Any) -> DelegateFilters:
    """The options' filter, with expected statuses by default and the category choice applied."""
    filters = options.filters or DelegateFilters(statuses=frozenset(EXPECTED_STATUSES))
    if options.category_ids:
        chosen = options.category_ids if not filters.category_ids else filters.category_ids & options.category_ids
        filters = replace(filters, category_ids=frozenset(chosen) or frozenset({-1}))
    if overrides:
        filters = replace(filters, **overrides)
    return filters


def _select() -> Any:
    return (
        select(
            Delegate.id, Delegate.honorific, Delegate.full_name, Delegate.position, Delegate.organization_id,
            func.coalesce(Organization.name, ""), Organization.type, func.coalesce(Organization.province, ""),
            Delegate.category_id, func.coalesce(Category.code, ""), func.coalesce(Category.label_vi, ""),
            func.coalesce(Category.label_en, ""), Delegate.delegation, Delegate.phone, Delegate.email,
            Delegate.status, Delegate.badge_version, checked_in_clause(Delegate.id, Delegate.event_id),
            func.coalesce(Organization.sort_key, ""), func.coalesce(Category.sort_order, 1_000_000),
            Delegate.sort_key, Delegate.phone_issue, Delegate.phone_issue_value, Delegate.email_issue,
            Delegate.email_issue_value, func.coalesce(Organization.name_en, ""),
        )
        .select_from(Delegate)
        .outerjoin(Organization, Organization.id == Delegate.organization_id)
        .outerjoin(Category, Category.id == Delegate.category_id)
    )


def _row(r: Sequence[Any], lang: str) -> ListRow:
    return ListRow(
        id=r[0], honorific=r[1] or "", full_name=r[2], position=r[3] or "", organization_id=r[4],
        organization=organization_name(r[5] or "", r[25] or "", lang),
        organization_type=str(r[6] or OrganizationType.OTHER), province=r[7] or "",
        category_id=r[8], category_code=r[9] or "", category_label_vi=r[10] or "", category_label_en=r[11] or "",
        delegation=r[12] or "", phone=r[13] or "", email=r[14] or "", status=str(r[15]),
        badge_version=int(r[16] or 1), checked_in=bool(r[17]), org_sort=r[18] or "", cat_sort=int(r[19]),
        name_sort=r[20] or "", contact_issues=from_columns(*r[21:25]) if r[21] or r[23] else (),
    )


def list_rows(db: Database, event_id: int, options: ReportOptions, **overrides: Any) -> list[ListRow]:
    """The delegates of the options' filter, in name order (groups are made by :func:`group_rows`); their
    organization in the options' language (its English name in an English document, where it has one)."""
    filters = effective_filters(options, **overrides)
    ids = search_delegate_ids(db, event_id, options.query, filters, DelegateSort("name")).ids
    rows: list[ListRow] = []
    with db.session() as session:
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start:start + CHUNK]
            rows.extend(_row(r, options.lang) for r in session.execute(_select().where(Delegate.id.in_(chunk))))
    rows.sort(key=lambda r: (r.name_sort, r.id))
    return rows


def group_rows(rows: Sequence[ListRow], group_by: str, lang: str) -> list[Group]:
    """Rows in groups: by organization (collation order, no unit last), by category (its order) or one group."""
    if group_by == "none":
        return [Group("", "", tuple(sorted(rows, key=lambda r: (r.name_sort, r.id))))]
    groups: dict[Any, list[ListRow]] = {}
    for row in rows:
        if group_by == "org":
            key: Any = (row.organization_id is None, row.org_sort, row.organization_id or 0)
        else:
            key = (row.category_id is None, row.cat_sort, row.category_code, row.category_id or 0)
        groups.setdefault(key, []).append(row)
    out: list[Group] = []
    for key in sorted(groups):
        members = sorted(groups[key], key=lambda r: (r.name_sort, r.id))
        first = members[0]
        if group_by == "org":
            title = first.organization or t("reports.no_organization", lang)
            gkey = str(first.organization_id or "")
        else:
            title = first.category_label(lang) or uncategorised_label(lang)
            gkey = first.category_code
        out.append(Group(gkey, title, tuple(members)))
    return out


def category_names(db: Database, ids: frozenset[int], lang: str) -> list[str]:
    if not ids:
        return []
    with db.session() as session:
        found = session.execute(
            select(Category.label_vi, Category.label_en).where(Category.id.in_(sorted(ids)))
            .order_by(Category.sort_order, Category.code)
        ).all()
    return [(en if lang == "en" and en else vi) for vi, en in found]


def describe_filter(db: Database, options: ReportOptions, lang: str, *, base_key: str = "") -> str:
    """The filter in words, printed under the title ("Bộ lọc: …")."""
    parts: list[str] = []
    if base_key:
        parts.append(t(base_key, lang))
    filters = options.filters
    cats = set(options.category_ids)
    if filters is not None:
        cats |= set(filters.category_ids)
        if filters.statuses and set(filters.statuses) != set(EXPECTED_STATUSES):
            parts.append(t("reports.filter.statuses", lang, statuses=", ".join(
                t(f"reports.status.{s}", lang) for s in sorted(str(s) for s in filters.statuses))))
        if filters.organization_types:
            parts.append(t("reports.filter.org_types", lang, types=", ".join(
                t(f"reports.org_type.{s}", lang) for s in sorted(str(s) for s in filters.organization_types))))
        if filters.checked_in is not None:
            parts.append(t("reports.filter.checked_in" if filters.checked_in else "reports.filter.not_checked_in",
                           lang))
        if filters.badge_printed is not None:
            parts.append(t("reports.filter.badge_printed" if filters.badge_printed
                           else "reports.filter.badge_not_printed", lang))
        if filters.organization_ids:
            parts.append(t("reports.filter.organizations", lang, count=len(filters.organization_ids)))
    if cats:
        parts.append(t("reports.filter.categories", lang, categories=", ".join(
            category_names(db, frozenset(cats), lang))))
    if options.query.strip():
        parts.append(t("reports.filter.query", lang, query=options.query.strip()))
    if not parts:
        parts.append(t("reports.filter.all", lang))
    return "; ".join(parts)
