"""Badges against the database: current codes, batches, rendering, the print log, reprints, template copies.

* **Codes.** A delegate's code is ``make_code(event, delegate, badge_version)`` with the event's
  secret; ``Delegate.badge_code`` mirrors it (unique per event) and is written when a badge is
  printed, when the version is bumped and whenever it is found missing or stale.  Syncing the
  mirror does not touch ``updated_at`` (it is not an edit of the delegate).
* **Batches** (:class:`BadgeSelection`): every condition narrows the batch — search text and
  filters (the delegates search service), category codes, explicit ids, "not printed yet",
  "changed since printed" (edited after the last print, or reprinted since).  Cancelled and
  deleted delegates get no badge and are reported in ``skipped``.
* **Sorting**: by organization then name, or by name (the stored Vietnamese sort keys).
* **Rendering** (:func:`render_batch`) reads, renders with no transaction open, and records
  nothing; :func:`record_prints` then writes the print log in one transaction.
* **Reprint** (:func:`reprint_badges`) asks for a reason and bumps the version at once, so a lost
  badge stops checking in (its code answers "replaced") even before the new one is printed.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Literal

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from confman.core.audit import record_audit
from confman.core.badges.codes import make_code
from confman.core.badges.models import BadgePrint, BadgeTemplateRecord
from confman.core.badges.render import (
    BadgeData,
    EventInfo,
    RenderResult,
    render_badges,
    render_calibration_page,
)
from confman.core.badges.templates import BadgeTemplate, builtin_templates, template_from_json, template_title
from confman.core.changes import Changes
from confman.core.db.base import utcnow
from confman.core.db.engine import Database
from confman.core.enums import DelegateStatus
from confman.core.errors import DomainError
from confman.core.events.models import Event
from confman.core.registration.models import Category, Delegate, Organization
from confman.core.text import clean_text

if TYPE_CHECKING:  # the delegates search's rows are imported only when a batch is searched (start-up time)
    from confman.core.registration.rows import DelegateFilters

SortOrder = Literal["organization", "name"]
SORT_ORDERS: tuple[str, ...] = ("organization", "name")
SkipReason = Literal["cancelled", "deleted", "not_found"]
DEFAULT_CATEGORY_COLOR = "#1F4E79"
_IN_CHUNK = 500


# --------------------------------------------------------------------------- values


@dataclass(frozen=True, slots=True)
class BadgeSelection:
    """Which delegates get a badge; every given condition narrows the batch (empty = any)."""

    query: str = ""
    filters: DelegateFilters | None = None
    category_codes: frozenset[str] = frozenset()
    ids: tuple[int, ...] | None = None
    not_printed: bool = False
    changed_since_printed: bool = False
    sort: SortOrder = "organization"


@dataclass(frozen=True, slots=True)
class SkippedDelegate:
    delegate_id: int
    full_name: str
    reason: SkipReason


@dataclass(frozen=True, slots=True)
class BatchRow:
    """One delegate of a batch, as the badge page lists it."""

    delegate_id: int
    display_name: str
    organization: str
    category_code: str
    badge_version: int
    prints: int
    last_printed_at: datetime | None
    last_printed_version: int | None


@dataclass(frozen=True, slots=True)
class Batch:
    rows: tuple[BatchRow, ...]
    skipped: tuple[SkippedDelegate, ...] = ()

    @property
    def ids(self) -> tuple[int, ...]:
        return tuple(r.delegate_id for r in self.rows)


@dataclass(frozen=True, slots=True)
class PrintedBadge:
    delegate_id: int
    badge_version: int
    code: str


@dataclass(frozen=True, slots=True)
class ShortenedBadge:
    """A badge whose text did not fit even wrapped at the template's smallest size: shortened after a
    whole word.  Listed before printing so the template or the text can be fixed."""

    delegate_id: int
    name: str
    fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RenderedBatch:
    """A rendered PDF (``pdf`` when rendered to memory) and what it holds, for :func:`record_prints`."""

    template_name: str
    pages: int
    badges: tuple[PrintedBadge, ...]
    skipped: tuple[SkippedDelegate, ...]
    pdf: bytes | None = None
    page_size_mm: tuple[float, float] = (0.0, 0.0)
    shortened: tuple[ShortenedBadge, ...] = ()


def shortened_text(shortened: Sequence[ShortenedBadge], lang: str | None = None, limit: int = 10) -> str:
    """"3 thẻ không vừa chữ: Tôn Nữ … (họ tên); …" — empty when every badge fits."""
    from confman.i18n import t

    if not shortened:
        return ""
    items = [f"{s.name} ({', '.join(t(f'badges.fit.field.{f}', lang) for f in s.fields)})" for s in shortened[:limit]]
    more = len(shortened) - limit
    text = t("badges.fit.warning", lang, count=len(shortened), badges="; ".join(items))
    return text + (" " + t("badges.fit.more", lang, count=more) if more > 0 else "")


@dataclass(frozen=True, slots=True)
class PrintLogRow:
    id: int
    delegate_id: int
    badge_version: int
    template: str
    station: str
    printed_by: str
    reason: str
    printed_at: datetime


@dataclass(frozen=True, slots=True)
class TemplateChoice:
    """A template the user can pick: a built-in or a user copy (``record_id`` set)."""

    name: str
    title: str
    builtin: bool
    record_id: int | None = None
    page_size_mm: tuple[float, float] = (0.0, 0.0)
    badges_per_page: int = 1


@dataclass(frozen=True, slots=True)
class BadgeRun:
    """What ``render_and_record`` did (the CLI's one call)."""

    rendered: RenderedBatch
    changes: Changes = field(default_factory=Changes)


# --------------------------------------------------------------------------- codes


def _secret(session: Session, event_id: int) -> bytes:
    secret = session.scalar(select(Event.secret).where(Event.id == event_id))
    if secret is None:
        raise DomainError("event.not_found", code=str(event_id))
    return secret


def _sync_codes(session: Session, event_id: int, wanted: dict[int, str]) -> int:
    """Store the codes of ``wanted`` (delegate id → code) where the mirror differs; keeps ``updated_at``."""
    if not wanted:
        return 0
    ids = list(wanted)
    stale: dict[int, str] = {}
    for start in range(0, len(ids), _IN_CHUNK):
        chunk = ids[start:start + _IN_CHUNK]
        for delegate_id, stored in session.execute(
            select(Delegate.id, Delegate.badge_code).where(Delegate.id.in_(chunk), Delegate.event_id == event_id)
        ):
            if stored != wanted[delegate_id]:
                stale[delegate_id] = wanted[delegate_id]
    _store_codes(session, stale)
    return len(stale)


def _store_codes(session: Session, codes: dict[int, str]) -> None:
    """Write the code mirror of ``codes`` (delegate id → code); keeps ``updated_at``."""
    if codes:
        table = Delegate.__table__
        session.execute(
            update(table)
            .where(table.c.id == bindparam("delegate_id"))
            .values(badge_code=bindparam("code"), updated_at=table.c.updated_at),
            [{"delegate_id": i, "code": c} for i, c in codes.items()],
        )


def current_badge_code(db: Database, delegate_id: int) -> str:
    """The code on the delegate's current badge; stores it on the delegate when missing or stale.

    Raises ``delegates.not_found``; a deleted or cancelled delegate still has a code (check-in
    answers "cancelled" for it).
    """
    with db.session() as session:
        row = session.execute(
            select(Delegate.event_id, Delegate.badge_version, Delegate.badge_code).where(Delegate.id == delegate_id)
        ).one_or_none()
        if row is None:
            raise DomainError("delegates.not_found", id=delegate_id)
        event_id, version, stored = row
        code = make_code(event_id=event_id, delegate_id=delegate_id, badge_version=version,
                         secret=_secret(session, event_id))
        if stored != code:
            _sync_codes(session, event_id, {delegate_id: code})
        return code


def backfill_badge_codes(db: Database, event_id: int, *, station: str = "") -> Changes:
    """Store the current code of every delegate of the event whose stored code is missing or stale."""
    with db.session() as session:
        secret = _secret(session, event_id)
        wanted = {
            delegate_id: make_code(event_id=event_id, delegate_id=delegate_id, badge_version=version, secret=secret)
            for delegate_id, version in session.execute(
                select(Delegate.id, Delegate.badge_version).where(Delegate.event_id == event_id)
            )
        }
        count = _sync_codes(session, event_id, wanted)
        if count:
            record_audit(session, entity="badge", entity_id=None, action="codes_backfilled",
                         changes={"count": count}, event_id=event_id, station=station)
    return Changes.of("delegates") if count else Changes()


# --------------------------------------------------------------------------- batches


def _print_stats(event_id: int) -> Any:
    return (
        select(
            BadgePrint.delegate_id.label("delegate_id"),
            func.count(BadgePrint.id).label("prints"),
            func.max(BadgePrint.printed_at).label("last_at"),
            func.max(BadgePrint.badge_version).label("last_version"),
        )
        .where(BadgePrint.event_id == event_id)
        .group_by(BadgePrint.delegate_id)
        .subquery()
    )


def _aware(moment: datetime | None) -> datetime | None:
    if moment is not None and moment.tzinfo is None:
        from datetime import UTC

        return moment.replace(tzinfo=UTC)
    return moment


def _searched_ids(db: Database, event_id: int, query: str, filters: DelegateFilters | None) -> set[int] | None:
    """Ids matching the delegates search (None: no search condition given)."""
    if not query.strip() and filters is None:
        return None
    from confman.core.registration.rows import DelegateFilters

    if not query.strip() and filters == DelegateFilters():
        return None
    from confman.core.registration.service import search_delegate_ids

    return set(search_delegate_ids(db, event_id, query, filters or DelegateFilters()).ids)


def select_batch(db: Database, event_id: int, selection: BadgeSelection | None = None) -> Batch:
    """The delegates of ``selection`` in print order, and those skipped (cancelled, deleted, unknown)."""
    selection = selection or BadgeSelection()
    if selection.sort not in SORT_ORDERS:
        raise DomainError("badges.bad_sort", sort=selection.sort)
    searched = _searched_ids(db, event_id, selection.query, selection.filters)
    wanted_ids = None if selection.ids is None else list(dict.fromkeys(selection.ids))
    stats = _print_stats(event_id)
    stmt = (
        select(
            Delegate.id, Delegate.honorific, Delegate.full_name, Delegate.status, Delegate.deleted_at,
            Delegate.merged_into_id, Delegate.badge_version, Delegate.updated_at, Delegate.sort_key,
            func.coalesce(Organization.name, ""), Organization.sort_key, func.coalesce(Category.code, ""),
            func.coalesce(stats.c.prints, 0), stats.c.last_at, stats.c.last_version,
        )
        .select_from(Delegate)
        .outerjoin(Organization, Organization.id == Delegate.organization_id)
        .outerjoin(Category, Category.id == Delegate.category_id)
        .outerjoin(stats, stats.c.delegate_id == Delegate.id)
        .where(Delegate.event_id == event_id)
    )
    with db.session() as session:
        if selection.category_codes:
            codes = sorted({c.strip().upper() for c in selection.category_codes})
            known = {c.upper() for c in session.scalars(select(Category.code).where(Category.event_id == event_id))}
            unknown = [c for c in codes if c not in known]
            if unknown:
                raise DomainError("badges.unknown_category", code=unknown[0], known=", ".join(sorted(known)))
            stmt = stmt.where(func.upper(Category.code).in_(codes))
        if wanted_ids is not None:
            raw = []
            for start in range(0, len(wanted_ids), _IN_CHUNK):
                raw.extend(session.execute(stmt.where(Delegate.id.in_(wanted_ids[start:start + _IN_CHUNK]))))
        else:
            raw = list(session.execute(stmt))
    rows: list[tuple[tuple[Any, ...], BatchRow]] = []
    skipped: list[SkippedDelegate] = []
    explicit = wanted_ids is not None
    found: set[int] = set()
    for r in raw:
        (delegate_id, honorific, full_name, status, deleted_at, merged_into, version, updated_at, sort_key,
         org_name, org_sort, cat_code, prints, last_at, last_version) = r
        found.add(delegate_id)
        if searched is not None and delegate_id not in searched:
            continue
        if deleted_at is not None or merged_into is not None:
            if explicit:
                skipped.append(SkippedDelegate(delegate_id, full_name, "deleted"))
            continue
        if DelegateStatus(status) == DelegateStatus.CANCELLED:
            skipped.append(SkippedDelegate(delegate_id, full_name, "cancelled"))
            continue
        last_at = _aware(last_at)
        if selection.not_printed and prints:
            continue
        if selection.changed_since_printed:
            updated = _aware(updated_at)
            changed = prints and (
                (last_version is not None and version > last_version)
                or (updated is not None and last_at is not None and updated > last_at)
            )
            if not changed:
                continue
        display = f"{honorific} {full_name}" if honorific else full_name
        row = BatchRow(delegate_id, display, org_name, cat_code, version, int(prints), last_at, last_version)
        if selection.sort == "name":
            key: tuple[Any, ...] = (sort_key or "", delegate_id)
        else:
            key = (org_sort is None, org_sort or "", sort_key or "", delegate_id)
        rows.append((key, row))
    if explicit:
        skipped.extend(SkippedDelegate(i, "", "not_found") for i in wanted_ids if i not in found)
    rows.sort(key=lambda pair: pair[0])
    return Batch(tuple(row for _, row in rows), tuple(skipped))


# --------------------------------------------------------------------------- badge data


def format_dates(start: date, end: date) -> str:
    """``12–13/12/2018``, ``30/11–01/12/2018`` or ``12/12/2018``."""
    if start == end:
        return f"{start:%d/%m/%Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start:%d}–{end:%d/%m/%Y}"
    if start.year == end.year:
        return f"{start:%d/%m}–{end:%d/%m/%Y}"
    return f"{start:%d/%m/%Y}–{end:%d/%m/%Y}"


def event_info(db: Database, event_id: int) -> EventInfo:
    """What the badges print about the event."""
    with db.session() as session:
        event = session.get(Event, event_id)
        if event is None:
            raise DomainError("event.not_found", code=str(event_id))
        return EventInfo(name_vi=event.name_vi, name_en=event.name_en or "",
                         dates_text=format_dates(event.start_date, event.end_date), venue=event.venue or "",
                         logo=event.logo)


def badge_data(db: Database, event_id: int, ids: Sequence[int], *, bump: bool = False) -> list[BadgeData]:
    """The badges of ``ids`` in that order (ids of other events or unknown are left out).

    ``bump`` renders the next version's code (a preview of a reprint; nothing is stored).
    """
    return [badge for badge, _version in _badges_with_versions(db, event_id, ids, bump=bump)]


def _badges_with_versions(db: Database, event_id: int, ids: Sequence[int], *,
                          bump: bool = False) -> list[tuple[BadgeData, int]]:
    """:func:`badge_data` with the badge version each code was made for."""
    ids = list(dict.fromkeys(ids))
    found: dict[int, tuple[BadgeData, int]] = {}
    with db.session() as session:
        secret = _secret(session, event_id)
        for start in range(0, len(ids), _IN_CHUNK):
            chunk = ids[start:start + _IN_CHUNK]
            for r in session.execute(
                select(
                    Delegate.id, Delegate.honorific, Delegate.full_name, Delegate.position,
                    func.coalesce(Organization.name, ""), func.coalesce(Category.label_vi, ""),
                    func.coalesce(Category.label_en, ""), Category.color, Delegate.delegation, Delegate.photo,
                    Delegate.badge_version, func.coalesce(Organization.name_en, ""),
                )
                .select_from(Delegate)
                .outerjoin(Organization, Organization.id == Delegate.organization_id)
                .outerjoin(Category, Category.id == Delegate.category_id)
                .where(Delegate.id.in_(chunk), Delegate.event_id == event_id)
            ):
                version = r[10] + (1 if bump else 0)
                found[r[0]] = BadgeData(
                    delegate_id=r[0], honorific=r[1], full_name=r[2], position=r[3], organization=r[4],
                    category_label_vi=r[5], category_label_en=r[6],
                    category_color=(r[7] or DEFAULT_CATEGORY_COLOR).upper(), delegation=r[8], photo=r[9],
                    code=make_code(event_id=event_id, delegate_id=r[0], badge_version=version, secret=secret),
                    organization_en=r[11],
                ), version
    return [found[i] for i in ids if i in found]


# --------------------------------------------------------------------------- templates


def list_templates(db: Database, lang: str = "vi") -> list[TemplateChoice]:
    """Built-ins (translated titles) then the user copies, by title."""
    out = [
        TemplateChoice(name, template_title(template, lang), True, None, template.page_size_mm,
                       template.badges_per_page)
        for name, template in builtin_templates().items()
    ]
    with db.session() as session:
        records = list(session.execute(
            select(BadgeTemplateRecord.id, BadgeTemplateRecord.name, BadgeTemplateRecord.definition)
        ))
    copies = []
    for record_id, name, definition in records:
        try:
            template = template_from_json(definition)
        except DomainError:
            continue  # a copy saved by a newer version: not offered rather than crashing the picker
        copies.append(TemplateChoice(name, template.title or name, False, record_id, template.page_size_mm,
                                     template.badges_per_page))
    copies.sort(key=lambda c: (c.title.casefold(), c.name))
    return out + copies


def get_template(db: Database, name: str) -> BadgeTemplate:
    """A built-in or a user copy by name (``badges.template.not_found``)."""
    name = (name or "").strip()
    builtin = builtin_templates().get(name)
    if builtin is not None:
        return builtin
    with db.session() as session:
        definition = session.scalar(select(BadgeTemplateRecord.definition).where(BadgeTemplateRecord.name == name))
    if definition is None:
        raise DomainError("badges.template.not_found", name=name)
    return template_from_json(definition)


def _clean_template_name(name: str) -> str:
    name = clean_text(name, max_length=100, field="name")
    if not name:
        raise DomainError("badges.template.name_required")
    return name


def save_template_copy(db: Database, template: BadgeTemplate, *, name: str, title: str,
                       station: str = "") -> tuple[TemplateChoice, Changes]:
    """Save ``template`` as a new user template (``badges.template.name_taken`` when the name exists)."""
    name = _clean_template_name(name)
    title = clean_text(title, max_length=200, field="title") or name
    if name in builtin_templates():
        raise DomainError("badges.template.name_taken", name=name)
    copy = template.renamed(name, title)  # validates the name (letters, digits, . _ -)
    try:
        with db.session() as session:
            if session.scalar(select(BadgeTemplateRecord.id).where(BadgeTemplateRecord.name == name)):
                raise DomainError("badges.template.name_taken", name=name)
            record = BadgeTemplateRecord(name=name, definition=copy.to_json())
            session.add(record)
            session.flush()
            record_audit(session, entity="badge_template", entity_id=record.id, action="create",
                         changes={"name": [None, name], "based_on": template.name}, station=station)
            record_id = record.id
    except IntegrityError as exc:  # another desk saved the same name meanwhile
        raise DomainError("badges.template.name_taken", name=name) from exc
    choice = TemplateChoice(name, title, False, record_id, copy.page_size_mm, copy.badges_per_page)
    return choice, Changes.of("badge_templates", ids={record_id})


def update_template_copy(db: Database, template: BadgeTemplate, *, station: str = "") -> Changes:
    """Overwrite the user copy named ``template.name`` (built-ins are read-only)."""
    if template.name in builtin_templates():
        raise DomainError("badges.template.builtin_read_only", name=template.name)
    with db.session() as session:
        record = session.scalar(select(BadgeTemplateRecord).where(BadgeTemplateRecord.name == template.name))
        if record is None:
            raise DomainError("badges.template.not_found", name=template.name)
        record.definition = template.to_json()
        record_audit(session, entity="badge_template", entity_id=record.id, action="update",
                     changes={"name": template.name}, station=station)
        return Changes.of("badge_templates", ids={record.id})


def delete_template_copy(db: Database, name: str, *, station: str = "") -> Changes:
    if name in builtin_templates():
        raise DomainError("badges.template.builtin_read_only", name=name)
    with db.session() as session:
        record = session.scalar(select(BadgeTemplateRecord).where(BadgeTemplateRecord.name == name))
        if record is None:
            raise DomainError("badges.template.not_found", name=name)
        record_id = record.id
        session.delete(record)
        record_audit(session, entity="badge_template", entity_id=record_id, action="delete",
                     changes={"name": [name, None]}, station=station)
    return Changes.of("badge_templates", ids={record_id})


# --------------------------------------------------------------------------- render and record


def render_batch(
    db: Database,
    event_id: int,
    batch: Batch | Sequence[int],
    template: BadgeTemplate,
    out: BinaryIO | Path | str | None = None,
    *,
    lang: str = "vi",
    offset_mm: tuple[float, float] = (0.0, 0.0),
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    bump: bool = False,
) -> RenderedBatch:
    """Render the badges of ``batch`` (a :class:`Batch` or ids in print order) to ``out``.

    ``out`` None renders to memory (``RenderedBatch.pdf``).  Nothing is written to the database:
    call :func:`record_prints` once the PDF is saved or printed.  Raises ``badges.none_selected``
    for an empty batch and ``badges.cancelled`` when ``cancelled()`` turns true.
    """
    skipped: tuple[SkippedDelegate, ...] = ()
    if isinstance(batch, Batch):
        ids: Sequence[int] = batch.ids
        skipped = batch.skipped
    else:
        ids = batch
    made = _badges_with_versions(db, event_id, ids, bump=bump)
    if not made:
        raise DomainError("badges.none_selected")
    badges = [badge for badge, _version in made]
    info = event_info(db, event_id)
    buffer = io.BytesIO() if out is None else None
    target: Any = buffer if buffer is not None else (Path(out) if isinstance(out, str) else out)
    result: RenderResult = render_badges(badges, template, info, target, lang=lang, offset_mm=offset_mm,
                                         progress=progress, cancelled=cancelled)
    by_id = {b.delegate_id: b for b in badges}

    def name(delegate_id: int) -> str:
        badge = by_id.get(delegate_id)
        return clean_text(f"{badge.honorific} {badge.full_name}") if badge else str(delegate_id)

    return RenderedBatch(
        template_name=template.name,
        pages=result.pages,
        badges=tuple(PrintedBadge(b.delegate_id, version, b.code) for b, version in made),
        skipped=skipped,
        pdf=buffer.getvalue() if buffer is not None else None,
        page_size_mm=template.page_size_mm,
        shortened=tuple(ShortenedBadge(n.delegate_id, name(n.delegate_id), n.fields) for n in result.not_fitting),
    )


def record_prints(db: Database, event_id: int, printed: Iterable[PrintedBadge], *, template: str,
                  station: str = "", printed_by: str = "", reason: str = "") -> Changes:
    """Write the print log of a saved or printed batch, in one transaction, and store the codes.

    A badge whose version is no longer current (reprinted meanwhile on another desk) is still
    logged: it was printed; its code answers "replaced" at the door.
    """
    printed = list(printed)
    if not printed:
        return Changes()
    reason = clean_text(reason, max_length=500, field="reason")
    now = utcnow()
    with db.session() as session:
        current: dict[int, tuple[int, str | None]] = {}  # delegate id → (version, stored code)
        ids = [p.delegate_id for p in printed]
        for start in range(0, len(ids), _IN_CHUNK):
            for delegate_id, version, stored in session.execute(
                select(Delegate.id, Delegate.badge_version, Delegate.badge_code)
                .where(Delegate.id.in_(ids[start:start + _IN_CHUNK]), Delegate.event_id == event_id)
            ):
                current[delegate_id] = version, stored
        printed = [p for p in printed if p.delegate_id in current]
        _store_codes(session, {p.delegate_id: p.code for p in printed
                               if current[p.delegate_id][0] == p.badge_version and current[p.delegate_id][1] != p.code})
        session.execute(
            BadgePrint.__table__.insert(),
            [
                {"event_id": event_id, "delegate_id": p.delegate_id, "badge_version": p.badge_version,
                 "template": template[:100], "station": station[:100], "printed_by": printed_by[:100],
                 "reason": reason, "printed_at": now}
                for p in printed
            ],
        )
        record_audit(session, entity="badge", entity_id=None, action="print",
                     changes={"template": template, "count": len(printed), "reason": reason,
                              "printed_by": printed_by, "delegates": [p.delegate_id for p in printed][:1000]},
                     event_id=event_id, station=station)
    return Changes.of("badges", "delegates", ids={p.delegate_id for p in printed})


def reprint_badges(db: Database, event_id: int, ids: Collection[int], *, reason: str,
                   station: str = "") -> Changes:
    """Bump the badge version of ``ids`` (a lost or wrong badge): their old codes answer "replaced".

    Raises ``badges.reprint.reason_required`` for a blank reason; cancelled and deleted delegates
    are left alone (they get no badge).
    """
    reason = clean_text(reason, max_length=500, field="reason")
    if not reason:
        raise DomainError("badges.reprint.reason_required")
    bumped: set[int] = set()
    with db.session() as session:
        secret = _secret(session, event_id)
        wanted = list(dict.fromkeys(ids))
        for start in range(0, len(wanted), _IN_CHUNK):
            for delegate in session.scalars(
                select(Delegate).where(Delegate.id.in_(wanted[start:start + _IN_CHUNK]),
                                       Delegate.event_id == event_id, Delegate.deleted_at.is_(None),
                                       Delegate.status != DelegateStatus.CANCELLED)
            ):
                old = delegate.badge_version
                delegate.badge_version = old + 1
                delegate.badge_code = make_code(event_id=event_id, delegate_id=delegate.id,
                                                badge_version=old + 1, secret=secret)
                record_audit(session, entity="delegate", entity_id=delegate.id, action="badge_reprint",
                             changes={"badge_version": [old, old + 1], "reason": reason},
                             event_id=event_id, station=station)
                bumped.add(delegate.id)
    return Changes.of("delegates", "badges", ids=bumped) if bumped else Changes()


def render_and_record(
    db: Database,
    event_id: int,
    selection: BadgeSelection,
    template: BadgeTemplate,
    out: Path | str,
    *,
    lang: str = "vi",
    offset_mm: tuple[float, float] = (0.0, 0.0),
    station: str = "",
    printed_by: str = "",
    reprint_reason: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> BadgeRun:
    """Select, (reprint: bump the versions first), render to ``out`` and log the prints."""
    batch = select_batch(db, event_id, selection)
    if not batch.rows:
        raise DomainError("badges.none_selected")
    changes = Changes()
    if reprint_reason is not None:
        changes = reprint_badges(db, event_id, batch.ids, reason=reprint_reason, station=station)
    rendered = render_batch(db, event_id, batch, template, out, lang=lang, offset_mm=offset_mm,
                            progress=progress, cancelled=cancelled)
    changes = changes | record_prints(db, event_id, rendered.badges, template=template.name, station=station,
                                      printed_by=printed_by, reason=reprint_reason or "")
    return BadgeRun(rendered, changes)


def render_calibration(template: BadgeTemplate, out: BinaryIO | Path | str | None = None, *, lang: str = "vi",
                       offset_mm: tuple[float, float] = (0.0, 0.0)) -> bytes | None:
    """The calibration page of ``template``; returns the bytes when ``out`` is None."""
    if out is None:
        buffer = io.BytesIO()
        render_calibration_page(template, buffer, lang=lang, offset_mm=offset_mm)
        return buffer.getvalue()
    render_calibration_page(template, Path(out) if isinstance(out, str) else out, lang=lang, offset_mm=offset_mm)
    return None


def print_log(db: Database, event_id: int, delegate_id: int | None = None) -> list[PrintLogRow]:
    """The print log, newest first (one delegate's when ``delegate_id`` is given)."""
    stmt = select(BadgePrint).where(BadgePrint.event_id == event_id)
    if delegate_id is not None:
        stmt = stmt.where(BadgePrint.delegate_id == delegate_id)
    with db.session() as session:
        return [
            PrintLogRow(p.id, p.delegate_id, p.badge_version, p.template, p.station, p.printed_by, p.reason,
                        _aware(p.printed_at) or p.printed_at)
            for p in session.scalars(stmt.order_by(BadgePrint.printed_at.desc(), BadgePrint.id.desc()))
        ]
