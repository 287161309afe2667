"""Presentations (bài tham luận): create and edit, collect versioned files, plan and run the day.

Every function opens its own unit of work and returns frozen rows; writes also give a
``Changes`` (kind ``"presentations"``). Files are validated (``validation``), then stored
content-addressed (``storage.FileStore``); the database keeps every version with its
original name, the newest being current.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from confman.core.agenda.models import AgendaItem, Room
from confman.core.audit import record_audit
from confman.core.changes import Changes
from confman.core.db.engine import Database
from confman.core.enums import PresentationStatus
from confman.core.errors import DomainError
from confman.core.presentations.models import Presentation, PresentationFile, PresentationPresenter
from confman.core.presentations.storage import FileStore
from confman.core.presentations.validation import FileCheck, validate_file
from confman.core.registration.models import Delegate, Organization
from confman.core.registration.rows import organization_name
from confman.core.text import clean_text, text_sort_key

KIND = "presentations"
MAX_PLANNED_MINUTES = 600
S = PresentationStatus
#: The workflow, in order; ``withdrawn`` sits outside it.
STATUS_FLOW: tuple[PresentationStatus, ...] = (S.REQUESTED, S.RECEIVED, S.REVIEWED, S.APPROVED, S.PRESENTED)


# --------------------------------------------------------------------------- rows


@dataclass(frozen=True, slots=True)
class PresenterRow:
    delegate_id: int
    honorific: str
    full_name: str
    position: str
    organization: str

    @property
    def display(self) -> str:
        return f"{self.honorific} {self.full_name}".strip()


@dataclass(frozen=True, slots=True)
class PresentationFileRow:
    id: int
    presentation_id: int
    version: int
    original_name: str
    sha256: str
    size_bytes: int
    stored_path: str
    uploaded_at: datetime
    restored_from_version: int | None

    @property
    def extension(self) -> str:
        return Path(self.original_name).suffix.lower()


@dataclass(frozen=True, slots=True)
class PresentationRow:
    id: int
    event_id: int
    title_vi: str
    title_en: str
    organization_id: int | None
    organization: str
    agenda_item_id: int | None
    agenda_title_vi: str
    agenda_title_en: str
    day: date | None
    start_time: time | None
    end_time: time | None
    room_id: int | None
    room: str
    order_in_item: int
    planned_minutes: int
    actual_seconds: int | None
    abstract: str
    status: PresentationStatus
    due_date: date | None
    contact: str
    notes: str
    presenters: tuple[PresenterRow, ...] = ()
    files: tuple[PresentationFileRow, ...] = ()
    """Every version, oldest first; the last one is current."""
    room_en: str = ""
    """The room's English name ("" when none was entered)."""
    organization_en: str = ""
    """The organization's English name ("" when none was entered)."""

    def title(self, lang: str = "vi") -> str:
        return self.title_en if lang == "en" and self.title_en else self.title_vi

    def agenda_title(self, lang: str = "vi") -> str:
        """The session's (agenda item's) title in ``lang``, the Vietnamese one where no English was entered."""
        return self.agenda_title_en if lang == "en" and self.agenda_title_en else self.agenda_title_vi

    def organization_name(self, lang: str = "vi") -> str:
        """The organization's name in ``lang``, the Vietnamese one where no English was entered."""
        return organization_name(self.organization, self.organization_en, lang)

    def room_name(self, lang: str = "vi") -> str:
        """The room's name in ``lang``, the Vietnamese one where no English was entered."""
        return self.room_en if lang == "en" and self.room_en else self.room

    @property
    def current_file(self) -> PresentationFileRow | None:
        return self.files[-1] if self.files else None

    @property
    def presenter_names(self) -> str:
        return ", ".join(p.display for p in self.presenters)

    def is_overdue(self, today: date) -> bool:
        """Past its due date with no file yet (withdrawn ones never are)."""
        return (self.due_date is not None and self.due_date < today and not self.files
                and self.status is not S.WITHDRAWN)


@dataclass(frozen=True, slots=True)
class PresentationDraft:
    """The editable fields of a presentation (create and update take the whole set)."""

    title_vi: str
    title_en: str = ""
    organization_id: int | None = None
    agenda_item_id: int | None = None
    order_in_item: int | None = None
    """None: after the last presentation of the agenda item."""
    planned_minutes: int = 10
    abstract: str = ""
    due_date: date | None = None
    contact: str = ""
    notes: str = ""
    presenter_ids: tuple[int, ...] = ()


def draft_of(row: PresentationRow) -> PresentationDraft:
    """The draft that reproduces ``row`` (edit a copy with ``dataclasses.replace``)."""
    return PresentationDraft(
        title_vi=row.title_vi, title_en=row.title_en, organization_id=row.organization_id,
        agenda_item_id=row.agenda_item_id, order_in_item=row.order_in_item,
        planned_minutes=row.planned_minutes, abstract=row.abstract, due_date=row.due_date,
        contact=row.contact, notes=row.notes, presenter_ids=tuple(p.delegate_id for p in row.presenters),
    )


@dataclass(frozen=True, slots=True)
class DuplicateRef:
    """Another stored file with the same content."""

    presentation_id: int
    title: str
    version: int
    original_name: str


@dataclass(frozen=True, slots=True)
class AddFileResult:
    file: PresentationFileRow
    check: FileCheck
    duplicates: tuple[DuplicateRef, ...]
    unchanged: bool
    """The content equals the current version: no new version was made."""
    changes: Changes


@dataclass(frozen=True, slots=True)
class ChoiceRow:
    id: int
    label: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Choices:
    """What the edit form offers: organizations, agenda items, delegates of the event."""

    organizations: tuple[ChoiceRow, ...]
    agenda_items: tuple[ChoiceRow, ...]
    delegates: tuple[ChoiceRow, ...]


@dataclass(frozen=True, slots=True)
class OrganizationMissing:
    organization_id: int | None
    organization: str
    presentation_ids: tuple[int, ...]
    titles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SlotUsage:
    """Planned (and actual) talk time of an agenda item's presentations against its slot."""

    agenda_item_id: int
    title_vi: str
    title_en: str
    day: date
    start_time: time
    end_time: time
    room: str
    slot_minutes: int
    planned_minutes: int
    actual_minutes: float | None
    presentations: int

    @property
    def over_by(self) -> int:
        return max(0, self.planned_minutes - self.slot_minutes)

    @property
    def overrun(self) -> bool:
        return self.planned_minutes > self.slot_minutes

    def title(self, lang: str = "vi") -> str:
        return self.title_en if lang == "en" and self.title_en else self.title_vi


@dataclass(frozen=True, slots=True)
class PresentationsOverview:
    total: int
    with_file: int
    by_status: dict[str, int]
    missing_by_organization: tuple[OrganizationMissing, ...]
    overdue: tuple[PresentationRow, ...]
    slots: tuple[SlotUsage, ...]


@dataclass(frozen=True, slots=True)
class ShowSlot:
    """A (day, room) that has presentations: what the run of show can be chosen by."""

    day: date
    room_id: int | None
    room: str
    count: int = field(default=0)


# --------------------------------------------------------------------------- loading


def _options():
    return (
        selectinload(Presentation.presenters),
        selectinload(Presentation.files),
    )


def _load_rows(session: Session, presentations: Sequence[Presentation]) -> list[PresentationRow]:
    org_ids = {p.organization_id for p in presentations if p.organization_id}
    item_ids = {p.agenda_item_id for p in presentations if p.agenda_item_id}
    delegate_ids = {pp.delegate_id for p in presentations for pp in p.presenters}
    orgs = {o.id: o for o in session.scalars(select(Organization).where(Organization.id.in_(org_ids)))} \
        if org_ids else {}
    items = {i.id: i for i in session.scalars(select(AgendaItem).where(AgendaItem.id.in_(item_ids)))} \
        if item_ids else {}
    room_ids = {i.room_id for i in items.values() if i.room_id}
    rooms = {r.id: r for r in session.scalars(select(Room).where(Room.id.in_(room_ids)))} if room_ids else {}
    people: dict[int, PresenterRow] = {}
    if delegate_ids:
        rows = session.execute(
            select(Delegate.id, Delegate.honorific, Delegate.full_name, Delegate.position, Organization.name)
            .outerjoin(Organization, Organization.id == Delegate.organization_id)
            .where(Delegate.id.in_(delegate_ids))
        ).all()
        people = {r[0]: PresenterRow(r[0], r[1], r[2], r[3], r[4] or "") for r in rows}
    result = []
    for p in presentations:
        item = items.get(p.agenda_item_id) if p.agenda_item_id else None
        room = rooms.get(item.room_id) if item is not None and item.room_id else None
        org = orgs.get(p.organization_id) if p.organization_id else None
        result.append(PresentationRow(
            id=p.id, event_id=p.event_id, title_vi=p.title_vi, title_en=p.title_en,
            organization_id=p.organization_id, organization=org.name if org else "",
            organization_en=(org.name_en or "") if org else "",
            agenda_item_id=p.agenda_item_id,
            agenda_title_vi=item.title_vi if item else "", agenda_title_en=item.title_en if item else "",
            day=item.day if item else None, start_time=item.start_time if item else None,
            end_time=item.end_time if item else None, room_id=room.id if room else None,
            room=room.name if room else "", order_in_item=p.order_in_item, planned_minutes=p.planned_minutes,
            actual_seconds=p.actual_seconds, abstract=p.abstract, status=p.status, due_date=p.due_date,
            contact=p.contact, notes=p.notes,
            presenters=tuple(people[pp.delegate_id] for pp in p.presenters if pp.delegate_id in people),
            files=tuple(_file_row(f) for f in sorted(p.files, key=lambda f: f.version)),
            room_en=room.name_en if room else "",
        ))
    room_order = {r.id: r.sort_order for r in rooms.values()}
    result.sort(key=lambda r: _agenda_key(r, room_order))
    return result


def _agenda_key(row: PresentationRow, room_order: dict[int, int]) -> tuple:
    """Agenda order: day, start time, room order, then the order within the item."""
    if row.day is None:
        return (1, date.max, time.max, 0, 0, row.order_in_item, row.id)
    room = room_order.get(row.room_id, 1_000_000) if row.room_id else 1_000_000
    return (0, row.day, row.start_time, room, row.agenda_item_id or 0, row.order_in_item, row.id)


def _file_row(f: PresentationFile) -> PresentationFileRow:
    return PresentationFileRow(
        id=f.id, presentation_id=f.presentation_id, version=f.version, original_name=f.original_name,
        sha256=f.sha256, size_bytes=f.size_bytes, stored_path=f.stored_path, uploaded_at=f.uploaded_at,
        restored_from_version=f.restored_from_version,
    )


def _get(session: Session, presentation_id: int) -> Presentation:
    pres = session.get(Presentation, presentation_id, options=_options())
    if pres is None:
        raise DomainError("presentations.not_found", id=presentation_id)
    return pres


def _row(session: Session, pres: Presentation) -> PresentationRow:
    session.flush()
    session.refresh(pres)
    return _load_rows(session, [pres])[0]


def list_presentations(db: Database, event_id: int) -> list[PresentationRow]:
    """Every presentation of the event, in agenda order (those without an agenda item last)."""
    with db.session() as session:
        found = session.scalars(
            select(Presentation).where(Presentation.event_id == event_id).options(*_options())
        ).all()
        return _load_rows(session, found)


def get_presentation(db: Database, presentation_id: int) -> PresentationRow:
    with db.session() as session:
        return _load_rows(session, [_get(session, presentation_id)])[0]


def presentation_choices(db: Database, event_id: int) -> Choices:
    """Organizations, agenda items and (non-deleted) delegates to pick from in the edit form."""
    with db.session() as session:
        orgs = session.execute(select(Organization.id, Organization.name).order_by(Organization.sort_key)).all()
        items = session.execute(
            select(AgendaItem.id, AgendaItem.title_vi, AgendaItem.day, AgendaItem.start_time, Room.name)
            .outerjoin(Room, Room.id == AgendaItem.room_id)
            .where(AgendaItem.event_id == event_id)
            .order_by(AgendaItem.day, AgendaItem.start_time, func.coalesce(Room.sort_order, 1_000_000))
        ).all()
        delegates = session.execute(
            select(Delegate.id, Delegate.honorific, Delegate.full_name, Organization.name)
            .outerjoin(Organization, Organization.id == Delegate.organization_id)
            .where(Delegate.event_id == event_id, Delegate.deleted_at.is_(None))
            .order_by(Delegate.sort_key)
        ).all()
        return Choices(
            organizations=tuple(ChoiceRow(i, n) for i, n in orgs),
            agenda_items=tuple(
                ChoiceRow(i, title, f"{day:%d/%m} {start:%H:%M}" + (f" · {room}" if room else ""))
                for i, title, day, start, room in items
            ),
            delegates=tuple(ChoiceRow(i, f"{h} {n}".strip(), o or "") for i, h, n, o in delegates),
        )


# --------------------------------------------------------------------------- editing


def _clean_draft(session: Session, event_id: int, draft: PresentationDraft) -> PresentationDraft:
    title_vi = clean_text(draft.title_vi, max_length=1000, field="title_vi")
    if not title_vi:
        raise DomainError("presentations.title_required")
    if not 0 <= draft.planned_minutes <= MAX_PLANNED_MINUTES:
        raise DomainError("presentations.bad_minutes", minutes=draft.planned_minutes, max=MAX_PLANNED_MINUTES)
    if draft.agenda_item_id is not None:
        item_event = session.scalar(select(AgendaItem.event_id).where(AgendaItem.id == draft.agenda_item_id))
        if item_event != event_id:
            raise DomainError("presentations.agenda_item_not_found", id=draft.agenda_item_id)
    if draft.organization_id is not None and session.get(Organization, draft.organization_id) is None:
        raise DomainError("presentations.organization_not_found", id=draft.organization_id)
    presenter_ids = tuple(dict.fromkeys(draft.presenter_ids))
    if presenter_ids:
        known = set(session.scalars(select(Delegate.id).where(
            Delegate.id.in_(presenter_ids), Delegate.event_id == event_id, Delegate.deleted_at.is_(None))))
        missing = [i for i in presenter_ids if i not in known]
        if missing:
            raise DomainError("presentations.presenter_not_found", id=missing[0])
    return replace(
        draft, title_vi=title_vi,
        title_en=clean_text(draft.title_en, max_length=1000, field="title_en"),
        abstract=clean_text(draft.abstract, multiline=True, max_length=20_000, field="abstract"),
        contact=clean_text(draft.contact, max_length=500, field="contact"),
        notes=clean_text(draft.notes, multiline=True, max_length=20_000, field="notes"),
        presenter_ids=presenter_ids,
    )


def _next_order(session: Session, event_id: int, agenda_item_id: int | None, exclude: int | None = None) -> int:
    query = select(func.max(Presentation.order_in_item)).where(
        Presentation.event_id == event_id,
        Presentation.agenda_item_id.is_(None) if agenda_item_id is None
        else Presentation.agenda_item_id == agenda_item_id,
    )
    if exclude is not None:
        query = query.where(Presentation.id != exclude)
    return (session.scalar(query) or 0) + 1


_FIELDS = ("title_vi", "title_en", "organization_id", "agenda_item_id", "order_in_item", "planned_minutes",
           "abstract", "due_date", "contact", "notes")


def _apply(session: Session, pres: Presentation, draft: PresentationDraft) -> dict[str, list]:
    diff: dict[str, list] = {}
    order = draft.order_in_item
    if order is None:
        order = (pres.order_in_item if pres.id is not None and pres.agenda_item_id == draft.agenda_item_id
                 else _next_order(session, pres.event_id, draft.agenda_item_id, exclude=pres.id))
    values = {name: getattr(draft, name) for name in _FIELDS} | {"order_in_item": order}
    for name, value in values.items():
        old = getattr(pres, name, None)
        if old != value:
            diff[name] = [old, value]
            setattr(pres, name, value)
    old_presenters = [pp.delegate_id for pp in pres.presenters]
    if old_presenters != list(draft.presenter_ids):
        diff["presenters"] = [old_presenters, list(draft.presenter_ids)]
        pres.presenters.clear()
        session.flush()
        for position, delegate_id in enumerate(draft.presenter_ids):
            pres.presenters.append(PresentationPresenter(delegate_id=delegate_id, position=position))
    return diff


def create_presentation(db: Database, event_id: int, draft: PresentationDraft, *,
                        station: str = "") -> PresentationRow:
    """Create a presentation (status ``requested``)."""
    with db.session() as session:
        clean = _clean_draft(session, event_id, draft)
        pres = Presentation(event_id=event_id, title_vi=clean.title_vi, status=S.REQUESTED)
        session.add(pres)
        _apply(session, pres, clean)
        session.flush()
        record_audit(session, entity="presentation", entity_id=pres.id, action="create",
                     changes={"title_vi": clean.title_vi}, event_id=event_id, station=station)
        return _row(session, pres)


def update_presentation(db: Database, presentation_id: int, draft: PresentationDraft, *,
                        station: str = "") -> PresentationRow:
    """Replace the editable fields of a presentation with ``draft``."""
    with db.session() as session:
        pres = _get(session, presentation_id)
        clean = _clean_draft(session, pres.event_id, draft)
        diff = _apply(session, pres, clean)
        if diff:
            record_audit(session, entity="presentation", entity_id=pres.id, action="update", changes=diff,
                         event_id=pres.event_id, station=station)
        return _row(session, pres)


def delete_presentation(db: Database, presentation_id: int, *, station: str = "") -> Changes:
    """Delete a presentation and its version records (stored content stays: it may be shared)."""
    with db.session() as session:
        pres = _get(session, presentation_id)
        record_audit(session, entity="presentation", entity_id=pres.id, action="delete",
                     changes={"title_vi": pres.title_vi, "files": len(pres.files)}, event_id=pres.event_id,
                     station=station)
        session.delete(pres)
    return Changes.of(KIND, ids={presentation_id})


def can_move(old: PresentationStatus, new: PresentationStatus) -> bool:
    """Forward along the workflow by any number of steps, back by one, withdraw, or reinstate."""
    if old == new:
        return True
    if new is S.WITHDRAWN:
        return old is not S.PRESENTED
    if old is S.WITHDRAWN:
        return new is S.REQUESTED
    step = STATUS_FLOW.index(new) - STATUS_FLOW.index(old)
    return step > 0 or step == -1


def allowed_statuses(old: PresentationStatus) -> list[PresentationStatus]:
    return [s for s in PresentationStatus if s != old and can_move(old, s)]


def set_status(db: Database, presentation_id: int, status: PresentationStatus | str, *,
               station: str = "") -> PresentationRow:
    """Move along the workflow (see :func:`can_move`); ``presentations.bad_transition`` otherwise."""
    new = PresentationStatus(status)
    with db.session() as session:
        pres = _get(session, presentation_id)
        old = pres.status
        if not can_move(old, new):
            raise DomainError("presentations.bad_transition", old=old.value, new=new.value)
        if old != new:
            pres.status = new
            record_audit(session, entity="presentation", entity_id=pres.id, action="status",
                         changes={"status": [old.value, new.value]}, event_id=pres.event_id, station=station)
        return _row(session, pres)


def record_actual_time(db: Database, presentation_id: int, seconds: int, *,
                       station: str = "") -> PresentationRow:
    """Store the time the speaker actually used; a talk that was given becomes ``presented``."""
    seconds = int(seconds)
    if seconds < 0:
        raise DomainError("presentations.bad_seconds", seconds=seconds)
    with db.session() as session:
        pres = _get(session, presentation_id)
        diff: dict[str, list] = {"actual_seconds": [pres.actual_seconds, seconds]}
        pres.actual_seconds = seconds
        if pres.status is not S.WITHDRAWN and pres.status is not S.PRESENTED:
            diff["status"] = [pres.status.value, S.PRESENTED.value]
            pres.status = S.PRESENTED
        record_audit(session, entity="presentation", entity_id=pres.id, action="timed", changes=diff,
                     event_id=pres.event_id, station=station)
        return _row(session, pres)


# --------------------------------------------------------------------------- files


def _duplicates(session: Session, event_id: int, sha256: str, exclude_file_id: int | None) -> list[DuplicateRef]:
    rows = session.execute(
        select(PresentationFile.presentation_id, Presentation.title_vi, PresentationFile.version,
               PresentationFile.original_name, PresentationFile.id)
        .join(Presentation, Presentation.id == PresentationFile.presentation_id)
        .where(PresentationFile.sha256 == sha256, Presentation.event_id == event_id)
        .order_by(PresentationFile.presentation_id, PresentationFile.version)
    ).all()
    return [DuplicateRef(pid, title, version, name) for pid, title, version, name, fid in rows
            if fid != exclude_file_id]


def add_file(db: Database, presentation_id: int, path: Path | str, *, original_name: str | None = None,
             store: FileStore | None = None, station: str = "") -> AddFileResult:
    """Validate and store a new version of the presentation's file.

    The original file name is kept exactly. Content already stored elsewhere in the event is
    reported in ``duplicates``; content equal to the current version makes no new version
    (``unchanged``). A ``requested`` presentation becomes ``received``.
    """
    path = Path(path)
    name = original_name or path.name
    check = validate_file(path, name=name)
    store = store or FileStore()
    with db.session() as session:  # fail fast on a wrong id, before copying a large file
        _get(session, presentation_id)
    blob = store.put_file(path)
    try:
        with db.session() as session:
            pres = _get(session, presentation_id)
            current = max(pres.files, key=lambda f: f.version) if pres.files else None
            if current is not None and current.sha256 == blob.sha256:
                dups = tuple(d for d in _duplicates(session, pres.event_id, blob.sha256, current.id)
                             if d.presentation_id != pres.id)
                return AddFileResult(_file_row(current), check, dups, True, Changes())
            record = PresentationFile(
                presentation_id=pres.id, version=(current.version + 1) if current else 1,
                original_name=name[:500], sha256=blob.sha256, size_bytes=blob.size_bytes,
                stored_path=blob.relative_path,
            )
            session.add(record)
            changes: dict[str, object] = {"version": record.version, "name": name, "sha256": blob.sha256}
            if pres.status is S.REQUESTED:
                pres.status = S.RECEIVED
                changes["status"] = [S.REQUESTED.value, S.RECEIVED.value]
            session.flush()
            record_audit(session, entity="presentation", entity_id=pres.id, action="add_file", changes=changes,
                         event_id=pres.event_id, station=station)
            dups = tuple(_duplicates(session, pres.event_id, blob.sha256, record.id))
            return AddFileResult(_file_row(record), check, dups, False, Changes.of(KIND, ids={pres.id}))
    except IntegrityError as exc:  # another desk added a version at the same moment
        raise DomainError("presentations.file.concurrent", file=name) from exc


def restore_version(db: Database, presentation_id: int, version: int, *, station: str = "") -> PresentationFileRow:
    """Make an older version current again, as a new version pointing to the same content."""
    try:
        with db.session() as session:
            pres = _get(session, presentation_id)
            by_version = {f.version: f for f in pres.files}
            old = by_version.get(version)
            if old is None:
                raise DomainError("presentations.version_not_found", id=presentation_id, version=version)
            latest = max(by_version)
            record = PresentationFile(
                presentation_id=pres.id, version=latest + 1, original_name=old.original_name, sha256=old.sha256,
                size_bytes=old.size_bytes, stored_path=old.stored_path, restored_from_version=old.version,
            )
            session.add(record)
            session.flush()
            record_audit(session, entity="presentation", entity_id=pres.id, action="restore_file",
                         changes={"version": record.version, "restored_from_version": version},
                         event_id=pres.event_id, station=station)
            return _file_row(record)
    except IntegrityError as exc:
        raise DomainError("presentations.file.concurrent", file=str(version)) from exc


def file_path(file: PresentationFileRow, store: FileStore | None = None) -> Path:
    """Where the content of ``file`` is stored (``presentations.file.missing_in_store`` if gone)."""
    store = store or FileStore()
    return store.read_path(file.sha256, name=file.original_name)


def openable_copy(file: PresentationFileRow, store: FileStore | None = None, folder: Path | None = None) -> Path:
    """A copy with the original name, for opening in its default application."""
    return (store or FileStore()).materialize(file.sha256, file.original_name, folder)


# --------------------------------------------------------------------------- planning and the day


def _slot_minutes(item: AgendaItem) -> int:
    start = item.start_time.hour * 60 + item.start_time.minute
    end = item.end_time.hour * 60 + item.end_time.minute
    return max(0, end - start)


def talk_minutes_by_item(db: Database, event_id: int) -> dict[int, int]:
    """Planned talk minutes per agenda item (withdrawn excluded) — for the agenda's overrun check."""
    with db.session() as session:
        rows = session.execute(
            select(Presentation.agenda_item_id, func.sum(Presentation.planned_minutes))
            .where(Presentation.event_id == event_id, Presentation.agenda_item_id.is_not(None),
                   Presentation.status != S.WITHDRAWN)
            .group_by(Presentation.agenda_item_id)
        ).all()
        return {item_id: int(total or 0) for item_id, total in rows}


def overview(db: Database, event_id: int, *, today: date | None = None) -> PresentationsOverview:
    """Who has not sent a file, what is overdue, and talk time per agenda item against its slot."""
    today = today or date.today()
    rows = list_presentations(db, event_id)
    active = [r for r in rows if r.status is not S.WITHDRAWN]
    by_status = {s.value: 0 for s in PresentationStatus}
    for r in rows:
        by_status[r.status.value] += 1
    missing: dict[int | None, list[PresentationRow]] = defaultdict(list)
    for r in active:
        if not r.files:
            missing[r.organization_id].append(r)
    missing_rows = sorted(
        (OrganizationMissing(org_id, items[0].organization, tuple(i.id for i in items),
                             tuple(i.title_vi for i in items)) for org_id, items in missing.items()),
        key=lambda m: (m.organization_id is None, text_sort_key(m.organization)),
    )
    per_item: dict[int, list[PresentationRow]] = defaultdict(list)
    for r in active:
        if r.agenda_item_id is not None:
            per_item[r.agenda_item_id].append(r)
    slots: list[SlotUsage] = []
    if per_item:
        with db.session() as session:
            items = session.execute(
                select(AgendaItem, Room).outerjoin(Room, Room.id == AgendaItem.room_id)
                .where(AgendaItem.id.in_(per_item))
                .order_by(AgendaItem.day, AgendaItem.start_time, func.coalesce(Room.sort_order, 1_000_000))
            ).all()
            for item, room in items:
                talks = per_item[item.id]
                timed = [r.actual_seconds for r in talks if r.actual_seconds is not None]
                slots.append(SlotUsage(
                    agenda_item_id=item.id, title_vi=item.title_vi, title_en=item.title_en, day=item.day,
                    start_time=item.start_time, end_time=item.end_time, room=room.name if room else "",
                    slot_minutes=_slot_minutes(item), planned_minutes=sum(r.planned_minutes for r in talks),
                    actual_minutes=round(sum(timed) / 60, 1) if timed else None, presentations=len(talks),
                ))
    return PresentationsOverview(
        total=len(rows), with_file=sum(1 for r in rows if r.files), by_status=by_status,
        missing_by_organization=tuple(missing_rows),
        overdue=tuple(r for r in rows if r.is_overdue(today)), slots=tuple(slots),
    )


def show_slots(db: Database, event_id: int) -> list[ShowSlot]:
    """The days and rooms that have (non-withdrawn) presentations, in agenda order."""
    counts: dict[tuple[date, int | None], int] = defaultdict(int)
    names: dict[int | None, str] = {}
    order: list[tuple[date, int | None]] = []
    for r in list_presentations(db, event_id):
        if r.day is None or r.status is S.WITHDRAWN:
            continue
        key = (r.day, r.room_id)
        if key not in counts:
            order.append(key)
        counts[key] += 1
        names[r.room_id] = r.room
    return [ShowSlot(day, room_id, names[room_id], counts[(day, room_id)]) for day, room_id in order]


def run_of_show(db: Database, event_id: int, day: date | None = None, room_id: int | None = None,
                *, include_withdrawn: bool = False) -> list[PresentationRow]:
    """The presentations of a day (and room) in agenda order; withdrawn ones left out."""
    rows = [r for r in list_presentations(db, event_id) if r.day is not None]
    if day is not None:
        rows = [r for r in rows if r.day == day]
    if room_id is not None:
        rows = [r for r in rows if r.room_id == room_id]
    if not include_withdrawn:
        rows = [r for r in rows if r.status is not S.WITHDRAWN]
    return rows


def resolve_room(db: Database, event_id: int, room: str) -> int:
    """A room id from its id or (case-insensitive) name; ``presentations.room_not_found``."""
    with db.session() as session:
        rooms: Iterable[tuple[int, str, str]] = session.execute(
            select(Room.id, Room.name, Room.name_en).where(Room.event_id == event_id)).all()
        wanted = room.strip().casefold()
        for room_id, name, name_en in rooms:
            if wanted in (str(room_id), name.casefold(), (name_en or "").casefold()):
                return room_id
    raise DomainError("presentations.room_not_found", room=room)
