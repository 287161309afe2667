"""Agenda services: rooms, items, the people on them, bulk moves and conflict checks.

Every write runs in one unit of work, is audited (entity ``agenda_item``/``room``) and
returns rows or a :class:`Changes` of kind ``"agenda"`` (``"rooms"`` for room edits).

Decisions:

* **Shift** moves the items of the same day that start at or after the chosen item's end
  (``scope="day"``, all rooms — the usual "the opening ran late" fix) or only those in
  the item's room (``scope="room"``); ``include_self`` moves the item too. Times never
  cross midnight.
* **Copy from another event** maps the source's first day onto the target's first day,
  reuses rooms by name (creating missing ones) and leaves out people and presentations,
  which belong to the other event's delegates.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date, time, timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload

from confman.core.agenda import rules
from confman.core.agenda.models import AgendaItem, AgendaItemPerson, Room
from confman.core.audit import record_audit
from confman.core.changes import Changes
from confman.core.db.engine import Database
from confman.core.enums import AgendaKind, PersonRole, PresentationStatus
from confman.core.errors import DomainError
from confman.core.events.documents import EventDocuments, documents_of
from confman.core.events.models import Event
from confman.core.presentations.models import Presentation, PresentationPresenter
from confman.core.registration.models import Delegate
from confman.core.text import clean_text, fold
from confman.i18n import t

AGENDA = "agenda"
ROOMS = "rooms"


# --------------------------------------------------------------------------- rows


@dataclass(frozen=True, slots=True)
class PersonRef:
    delegate_id: int
    full_name: str
    honorific: str = ""
    position: str = ""
    organization: str = ""

    @property
    def display(self) -> str:
        """"Ông Trương Minh Tuấn, Bộ trưởng" style label."""
        name = f"{self.honorific} {self.full_name}".strip()
        return f"{name}, {self.position}" if self.position else name


@dataclass(frozen=True, slots=True)
class PresentationRef:
    id: int
    title_vi: str
    title_en: str
    planned_minutes: int
    order: int
    presenters: tuple[str, ...] = ()
    withdrawn: bool = False

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" and self.title_en else self.title_vi


@dataclass(frozen=True, slots=True)
class RoomRow:
    id: int
    event_id: int
    name: str
    name_en: str
    capacity: int | None
    sort_order: int

    def label(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name


@dataclass(frozen=True, slots=True)
class AgendaItemRow:
    id: int
    event_id: int
    day: date
    start: time
    end: time
    room_id: int | None
    room_name: str
    room_name_en: str
    kind: AgendaKind
    title_vi: str
    title_en: str
    description: str = ""
    notes: str = ""
    capacity: int | None = None
    session_checkin: bool = False
    chairs: tuple[PersonRef, ...] = ()
    speakers: tuple[PersonRef, ...] = ()
    presentations: tuple[PresentationRef, ...] = ()

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" and self.title_en else self.title_vi

    def room(self, lang: str) -> str:
        return self.room_name_en if lang == "en" and self.room_name_en else self.room_name

    @property
    def minutes(self) -> int:
        return _minutes(self.end) - _minutes(self.start)

    def draft(self) -> ItemDraft:
        """The editable fields of this item, e.g. to undo an edit."""
        return ItemDraft(
            day=self.day, start=self.start, end=self.end, room_id=self.room_id, kind=self.kind,
            title_vi=self.title_vi, title_en=self.title_en, description=self.description, notes=self.notes,
            capacity=self.capacity, session_checkin=self.session_checkin,
            chairs=tuple(p.delegate_id for p in self.chairs),
            speakers=tuple(p.delegate_id for p in self.speakers),
        )


@dataclass(frozen=True, slots=True)
class ItemDraft:
    """The fields a user edits on an item; chairs and speakers are delegate ids in order."""

    day: date
    start: time
    end: time
    title_vi: str
    room_id: int | None = None
    kind: AgendaKind = AgendaKind.PLENARY
    title_en: str = ""
    description: str = ""
    notes: str = ""
    capacity: int | None = None
    session_checkin: bool = False
    chairs: tuple[int, ...] = ()
    speakers: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class ConflictRow:
    kind: str
    items: tuple[int, ...]
    message: str
    params: dict[str, Any] = field(default_factory=dict, compare=False)

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "items": list(self.items), "message": self.message}


@dataclass(frozen=True, slots=True)
class AgendaEventInfo:
    """What printed outputs need to know about the event."""

    id: int
    code: str
    name_vi: str
    name_en: str
    venue: str
    start_date: date
    end_date: date
    organiser_unit: str
    timezone: str
    logo: bytes | None = None
    docs: EventDocuments | None = None
    """The event's document fields (letterhead, place, English values) for official documents."""

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name_vi

    @property
    def days(self) -> list[date]:
        return [self.start_date + timedelta(days=i) for i in range((self.end_date - self.start_date).days + 1)]


# --------------------------------------------------------------------------- helpers


def _minutes(value: time) -> int:
    return value.hour * 60 + value.minute


def add_minutes(value: time, minutes: int) -> time:
    """``value`` moved by ``minutes``; raises ``agenda.past_midnight`` outside the same day."""
    total = _minutes(value) + minutes
    if not 0 <= total <= 24 * 60 - 1:
        raise DomainError("agenda.past_midnight", time=value.strftime("%H:%M"), minutes=minutes)
    return time(total // 60, total % 60)


def _person_ref(delegate: Delegate) -> PersonRef:
    org = delegate.organization
    return PersonRef(delegate.id, delegate.full_name, delegate.honorific, delegate.position,
                     org.name if org is not None else "")


def _presentations(session: Session, item_ids: Sequence[int]) -> dict[int, list[PresentationRef]]:
    found: dict[int, list[PresentationRef]] = {}
    if not item_ids:
        return found
    rows = session.scalars(
        select(Presentation).where(Presentation.agenda_item_id.in_(item_ids))
        .options(selectinload(Presentation.presenters))
        .order_by(Presentation.order_in_item, Presentation.id)
    ).all()
    presenter_ids = {pp.delegate_id for p in rows for pp in p.presenters}
    names = dict(session.execute(select(Delegate.id, Delegate.full_name).where(Delegate.id.in_(presenter_ids))).all()) \
        if presenter_ids else {}
    for p in rows:
        assert p.agenda_item_id is not None
        found.setdefault(p.agenda_item_id, []).append(PresentationRef(
            p.id, p.title_vi, p.title_en, p.planned_minutes, p.order_in_item,
            tuple(names.get(pp.delegate_id, "") for pp in p.presenters),
            p.status == PresentationStatus.WITHDRAWN,
        ))
    return found


def _presenter_ids(session: Session, item_ids: Sequence[int]) -> dict[int, set[int]]:
    found: dict[int, set[int]] = {}
    if not item_ids:
        return found
    rows = session.execute(
        select(Presentation.agenda_item_id, PresentationPresenter.delegate_id)
        .join(PresentationPresenter, PresentationPresenter.presentation_id == Presentation.id)
        .where(Presentation.agenda_item_id.in_(item_ids), Presentation.status != PresentationStatus.WITHDRAWN)
    ).all()
    for item_id, delegate_id in rows:
        found.setdefault(item_id, set()).add(delegate_id)
    return found


def _rows(session: Session, items: Sequence[AgendaItem]) -> list[AgendaItemRow]:
    ids = [i.id for i in items]
    people_ids = {p.delegate_id for i in items for p in i.people}
    delegates = {
        d.id: d for d in session.scalars(
            select(Delegate).where(Delegate.id.in_(people_ids)).options(selectinload(Delegate.organization))
        )
    } if people_ids else {}
    presentations = _presentations(session, ids)
    rows = []
    for item in items:
        chairs = tuple(_person_ref(delegates[p.delegate_id]) for p in item.people
                       if p.role == PersonRole.CHAIR and p.delegate_id in delegates)
        speakers = tuple(_person_ref(delegates[p.delegate_id]) for p in item.people
                         if p.role == PersonRole.SPEAKER and p.delegate_id in delegates)
        room = item.room
        rows.append(AgendaItemRow(
            id=item.id, event_id=item.event_id, day=item.day, start=item.start_time, end=item.end_time,
            room_id=item.room_id, room_name=room.name if room else "", room_name_en=room.name_en if room else "",
            kind=item.kind, title_vi=item.title_vi, title_en=item.title_en, description=item.description,
            notes=item.notes, capacity=item.capacity, session_checkin=item.session_checkin,
            chairs=chairs, speakers=speakers, presentations=tuple(presentations.get(item.id, ())),
        ))
    return rows


def _item_query(event_id: int):
    return (
        select(AgendaItem).where(AgendaItem.event_id == event_id)
        .options(selectinload(AgendaItem.people), selectinload(AgendaItem.room))
    )


def _sort_items(rows: list[AgendaItemRow], rooms: dict[int, int]) -> list[AgendaItemRow]:
    return sorted(rows, key=lambda r: (r.day, r.start, rooms.get(r.room_id or 0, 10**6), r.end, r.id))


def _room_order(session: Session, event_id: int) -> dict[int, int]:
    rooms = session.execute(
        select(Room.id).where(Room.event_id == event_id).order_by(Room.sort_order, Room.id)
    ).scalars().all()
    return {rid: i for i, rid in enumerate(rooms)}


def _get_item(session: Session, item_id: int) -> AgendaItem:
    item = session.get(AgendaItem, item_id)
    if item is None:
        raise DomainError("agenda.item_not_found", id=item_id)
    return item


def _get_event(session: Session, event_id: int) -> Event:
    event = session.get(Event, event_id)
    if event is None:
        raise DomainError("event.not_found", code=str(event_id))
    return event


def _check_room(session: Session, event_id: int, room_id: int | None) -> None:
    if room_id is None:
        return
    room = session.get(Room, room_id)
    if room is None or room.event_id != event_id:
        raise DomainError("agenda.room_not_found", id=room_id)


def _item_snapshot(item: AgendaItem) -> dict[str, Any]:
    return {
        "day": item.day, "start": item.start_time, "end": item.end_time, "room_id": item.room_id,
        "kind": item.kind.value if item.kind else None, "title_vi": item.title_vi, "title_en": item.title_en,
        "description": item.description, "notes": item.notes, "capacity": item.capacity,
        "session_checkin": item.session_checkin,
    }


def _diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [before[k], after[k]] for k in after if before.get(k) != after[k]}


def _validate_draft(draft: ItemDraft) -> ItemDraft:
    title_vi = clean_text(draft.title_vi, max_length=1000, field="title_vi")
    if not title_vi:
        raise DomainError("agenda.title_required")
    if draft.end <= draft.start:
        raise DomainError("agenda.end_before_start", start=draft.start.strftime("%H:%M"),
                          end=draft.end.strftime("%H:%M"))
    if draft.capacity is not None and draft.capacity < 0:
        raise DomainError("agenda.bad_capacity", value=draft.capacity)
    return replace(
        draft,
        start=draft.start.replace(second=0, microsecond=0),
        end=draft.end.replace(second=0, microsecond=0),
        kind=AgendaKind(draft.kind),
        title_vi=title_vi,
        title_en=clean_text(draft.title_en, max_length=1000, field="title_en"),
        description=clean_text(draft.description, multiline=True),
        notes=clean_text(draft.notes, multiline=True),
    )


def _set_people(session: Session, item: AgendaItem, chairs: Sequence[int], speakers: Sequence[int]) -> bool:
    wanted = [(d, PersonRole.CHAIR, i) for i, d in enumerate(dict.fromkeys(chairs))]
    wanted += [(d, PersonRole.SPEAKER, i) for i, d in enumerate(dict.fromkeys(speakers))]
    current = [(p.delegate_id, p.role, p.position) for p in item.people]
    if current == wanted:
        return False
    ids = {d for d, _, _ in wanted}
    if ids:
        found = set(session.scalars(
            select(Delegate.id).where(Delegate.id.in_(ids), Delegate.event_id == item.event_id)
        ))
        missing = ids - found
        if missing:
            raise DomainError("agenda.person_not_found", id=min(missing))
    item.people.clear()
    session.flush()
    for delegate_id, role, position in wanted:
        item.people.append(AgendaItemPerson(delegate_id=delegate_id, role=role, position=position))
    return True


def _apply_draft(item: AgendaItem, draft: ItemDraft) -> None:
    item.day = draft.day
    item.start_time = draft.start
    item.end_time = draft.end
    item.room_id = draft.room_id
    item.kind = draft.kind
    item.title_vi = draft.title_vi
    item.title_en = draft.title_en
    item.description = draft.description
    item.notes = draft.notes
    item.capacity = draft.capacity
    item.session_checkin = draft.session_checkin


def _one_row(session: Session, item_id: int) -> AgendaItemRow:
    session.flush()
    session.expire_all()
    item = session.scalar(
        select(AgendaItem).where(AgendaItem.id == item_id)
        .options(selectinload(AgendaItem.people), selectinload(AgendaItem.room))
    )
    assert item is not None
    return _rows(session, [item])[0]


# --------------------------------------------------------------------------- reading


def agenda_event(db: Database, event_id: int) -> AgendaEventInfo:
    with db.session() as session:
        e = _get_event(session, event_id)
        return AgendaEventInfo(e.id, e.code, e.name_vi, e.name_en, e.venue, e.start_date, e.end_date,
                               e.organiser_unit, e.timezone, e.logo, documents_of(e))


def list_rooms(db: Database, event_id: int) -> list[RoomRow]:
    with db.session() as session:
        rooms = session.scalars(
            select(Room).where(Room.event_id == event_id).order_by(Room.sort_order, Room.id)
        ).all()
        return [RoomRow(r.id, r.event_id, r.name, r.name_en, r.capacity, r.sort_order) for r in rooms]


def list_items(db: Database, event_id: int, *, day: date | None = None,
               delegate_id: int | None = None) -> list[AgendaItemRow]:
    """Items of the event in programme order (day, start, room order); optionally one day or one person's."""
    with db.session() as session:
        query = _item_query(event_id)
        if day is not None:
            query = query.where(AgendaItem.day == day)
        if delegate_id is not None:
            query = query.where(AgendaItem.id.in_(
                select(AgendaItemPerson.agenda_item_id).where(AgendaItemPerson.delegate_id == delegate_id)
            ))
        rows = _rows(session, session.scalars(query).all())
        return _sort_items(rows, _room_order(session, event_id))


def get_item(db: Database, item_id: int) -> AgendaItemRow:
    with db.session() as session:
        _get_item(session, item_id)
        return _one_row(session, item_id)


def agenda_days(db: Database, event_id: int) -> list[date]:
    """The event's days plus any other day that has items, in order."""
    with db.session() as session:
        event = _get_event(session, event_id)
        days = {event.start_date + timedelta(days=i) for i in range((event.end_date - event.start_date).days + 1)}
        days |= set(session.scalars(select(AgendaItem.day).where(AgendaItem.event_id == event_id).distinct()))
        return sorted(days)


def person_ref(db: Database, delegate_id: int) -> PersonRef:
    with db.session() as session:
        delegate = session.get(Delegate, delegate_id)
        if delegate is None:
            raise DomainError("agenda.person_not_found", id=delegate_id)
        return _person_ref(delegate)


def search_people(db: Database, event_id: int, query: str, *, limit: int = 20) -> list[PersonRef]:
    """Delegates of the event matching ``query`` (the delegates search: folded name, unit, phone…)."""
    from confman.core.registration.service import search_delegates

    rows = search_delegates(db, event_id, query, limit=limit).rows
    return [PersonRef(r.id, r.full_name, r.honorific, r.position, r.organization) for r in rows]


# --------------------------------------------------------------------------- items


def create_item(db: Database, event_id: int, draft: ItemDraft, *, station: str = "") -> AgendaItemRow:
    draft = _validate_draft(draft)
    with db.session() as session:
        _get_event(session, event_id)
        _check_room(session, event_id, draft.room_id)
        item = AgendaItem(event_id=event_id, day=draft.day, start_time=draft.start, end_time=draft.end,
                          title_vi=draft.title_vi)
        _apply_draft(item, draft)
        session.add(item)
        session.flush()
        _set_people(session, item, draft.chairs, draft.speakers)
        record_audit(session, entity="agenda_item", entity_id=item.id, action="create",
                     changes={k: [None, v] for k, v in _item_snapshot(item).items()},
                     event_id=event_id, station=station)
        return _one_row(session, item.id)


def update_item(db: Database, item_id: int, draft: ItemDraft, *, station: str = "") -> AgendaItemRow:
    """Replace the editable fields (and people) of an item."""
    draft = _validate_draft(draft)
    with db.session() as session:
        item = _get_item(session, item_id)
        _check_room(session, item.event_id, draft.room_id)
        before = _item_snapshot(item)
        people_before = [[p.delegate_id, p.role.value] for p in item.people]
        _apply_draft(item, draft)
        changes: dict[str, Any] = _diff(before, _item_snapshot(item))
        if _set_people(session, item, draft.chairs, draft.speakers):
            changes["people"] = [people_before, [[d, "chair"] for d in draft.chairs]
                                 + [[d, "speaker"] for d in draft.speakers]]
        if changes:
            record_audit(session, entity="agenda_item", entity_id=item.id, action="update", changes=changes,
                         event_id=item.event_id, station=station)
        return _one_row(session, item.id)


def update_fields(db: Database, item_id: int, *, station: str = "", **values: Any) -> AgendaItemRow:
    """Change some fields of an item (``start``, ``end``, ``room_id``, ``title_vi``…), keeping the rest."""
    current = get_item(db, item_id).draft()
    known = {f.name for f in fields(ItemDraft)}
    unknown = set(values) - known
    if unknown:
        raise ValueError(f"unknown item fields: {sorted(unknown)}")
    return update_item(db, item_id, replace(current, **values), station=station)


def move_item(db: Database, item_id: int, *, day: date, start: time, room_id: int | None,
              station: str = "") -> AgendaItemRow:
    """Move an item to another day/time/room, keeping its duration."""
    current = get_item(db, item_id)
    end = add_minutes(start, current.minutes)
    return update_fields(db, item_id, day=day, start=start, end=end, room_id=room_id, station=station)


def resize_item(db: Database, item_id: int, *, end: time, station: str = "") -> AgendaItemRow:
    return update_fields(db, item_id, end=end, station=station)


def set_people(db: Database, item_id: int, *, chairs: Sequence[int], speakers: Sequence[int],
               station: str = "") -> AgendaItemRow:
    return update_fields(db, item_id, chairs=tuple(chairs), speakers=tuple(speakers), station=station)


def delete_item(db: Database, item_id: int, *, station: str = "") -> Changes:
    with db.session() as session:
        item = _get_item(session, item_id)
        record_audit(session, entity="agenda_item", entity_id=item.id, action="delete",
                     changes={k: [v, None] for k, v in _item_snapshot(item).items()},
                     event_id=item.event_id, station=station)
        session.delete(item)
    return Changes.of(AGENDA, ids=[item_id])


def shift_items(db: Database, item_ids: Iterable[int], minutes: int, *, station: str = "") -> Changes:
    """Move the given items by ``minutes`` (negative: earlier), all or none."""
    ids = sorted(set(item_ids))
    with db.session() as session:
        items = session.scalars(select(AgendaItem).where(AgendaItem.id.in_(ids))).all()
        for item in items:
            old = (item.start_time, item.end_time)
            item.start_time = add_minutes(item.start_time, minutes)
            item.end_time = add_minutes(item.end_time, minutes)
            record_audit(session, entity="agenda_item", entity_id=item.id, action="shift",
                         changes={"start": [old[0], item.start_time], "end": [old[1], item.end_time],
                                  "minutes": minutes},
                         event_id=item.event_id, station=station)
    return Changes.of(AGENDA, ids=ids)


def items_after(db: Database, item_id: int, *, scope: str = "day", include_self: bool = False) -> list[int]:
    """Ids of the items a shift after ``item_id`` would move (see the module docstring)."""
    if scope not in ("day", "room"):
        raise ValueError(scope)
    with db.session() as session:
        item = _get_item(session, item_id)
        query = select(AgendaItem.id).where(
            AgendaItem.event_id == item.event_id, AgendaItem.day == item.day,
            AgendaItem.start_time >= item.end_time, AgendaItem.id != item.id,
        )
        if scope == "room":
            query = query.where(AgendaItem.room_id.is_(None) if item.room_id is None
                                else AgendaItem.room_id == item.room_id)
        ids = list(session.scalars(query))
        return sorted([*ids, item.id]) if include_self else sorted(ids)


def shift_after(db: Database, item_id: int, minutes: int, *, scope: str = "day", include_self: bool = False,
                station: str = "") -> Changes:
    """Shift everything after ``item_id`` by ``minutes``; returns the moved ids (for undo)."""
    return shift_items(db, items_after(db, item_id, scope=scope, include_self=include_self), minutes,
                       station=station)


def _copy_item(item: AgendaItem, event_id: int, day: date, room_id: int | None,
               with_people: bool) -> AgendaItem:
    copy = AgendaItem(
        event_id=event_id, day=day, start_time=item.start_time, end_time=item.end_time, room_id=room_id,
        kind=item.kind, title_vi=item.title_vi, title_en=item.title_en, description=item.description,
        notes=item.notes, capacity=item.capacity, session_checkin=item.session_checkin,
    )
    if with_people:
        for p in item.people:
            copy.people.append(AgendaItemPerson(delegate_id=p.delegate_id, role=p.role, position=p.position))
    return copy


def duplicate_day(db: Database, event_id: int, source: date, target: date, *, station: str = "") -> Changes:
    """Copy every item of ``source`` (rooms and people included) onto ``target``."""
    if source == target:
        raise DomainError("agenda.same_day", day=source.isoformat())
    with db.session() as session:
        _get_event(session, event_id)
        items = session.scalars(_item_query(event_id).where(AgendaItem.day == source)).all()
        if not items:
            raise DomainError("agenda.day_empty", day=source.strftime("%d/%m/%Y"))
        copies = [_copy_item(i, event_id, target, i.room_id, True) for i in items]
        session.add_all(copies)
        session.flush()
        record_audit(session, entity="agenda", entity_id=None, action="duplicate_day",
                     changes={"source": source.isoformat(), "target": target.isoformat(),
                              "items": [c.id for c in copies]},
                     event_id=event_id, station=station)
        return Changes.of(AGENDA, ids=[c.id for c in copies])


def copy_agenda(db: Database, source_event_id: int, target_event_id: int, *, station: str = "") -> Changes:
    """Copy another event's agenda (rooms by name, days aligned on the first day; no people)."""
    if source_event_id == target_event_id:
        raise DomainError("agenda.same_event")
    with db.session() as session:
        source = _get_event(session, source_event_id)
        target = _get_event(session, target_event_id)
        offset = target.start_date - source.start_date
        target_rooms = {fold(r.name): r for r in session.scalars(select(Room).where(Room.event_id == target.id))}
        next_order = max((r.sort_order for r in target_rooms.values()), default=-1) + 1
        room_map: dict[int, int] = {}
        created_rooms = False
        for room in session.scalars(select(Room).where(Room.event_id == source.id).order_by(Room.sort_order)):
            match = target_rooms.get(fold(room.name))
            if match is None:
                match = Room(event_id=target.id, name=room.name, name_en=room.name_en, capacity=room.capacity,
                             sort_order=next_order)
                next_order += 1
                session.add(match)
                session.flush()
                target_rooms[fold(room.name)] = match
                created_rooms = True
            room_map[room.id] = match.id
        items = session.scalars(_item_query(source.id)).all()
        copies = [_copy_item(i, target.id, i.day + offset, room_map.get(i.room_id or 0), False) for i in items]
        session.add_all(copies)
        session.flush()
        record_audit(session, entity="agenda", entity_id=None, action="copy_from_event",
                     changes={"source_event": source.code, "items": len(copies)},
                     event_id=target.id, station=station)
        changes = Changes.of(AGENDA, ids=[c.id for c in copies])
        return changes | Changes.of(ROOMS) if created_rooms else changes


# --------------------------------------------------------------------------- rooms


def _room_row(r: Room) -> RoomRow:
    return RoomRow(r.id, r.event_id, r.name, r.name_en, r.capacity, r.sort_order)


def _room_values(name: str, name_en: str, capacity: int | None) -> tuple[str, str, int | None]:
    name = clean_text(name, max_length=200, field="name")
    if not name:
        raise DomainError("agenda.room_name_required")
    if capacity is not None and capacity < 0:
        raise DomainError("agenda.bad_capacity", value=capacity)
    return name, clean_text(name_en, max_length=200, field="name_en"), capacity


def _room_name_taken(session: Session, event_id: int, name: str, room_id: int | None) -> None:
    for other in session.scalars(select(Room).where(Room.event_id == event_id)):
        if other.id != room_id and fold(other.name) == fold(name):
            raise DomainError("agenda.room_name_taken", name=name)


def create_room(db: Database, event_id: int, *, name: str, name_en: str = "", capacity: int | None = None,
                station: str = "") -> RoomRow:
    name, name_en, capacity = _room_values(name, name_en, capacity)
    with db.session() as session:
        _get_event(session, event_id)
        _room_name_taken(session, event_id, name, None)
        order = session.scalar(select(func.coalesce(func.max(Room.sort_order), -1)).where(Room.event_id == event_id))
        room = Room(event_id=event_id, name=name, name_en=name_en, capacity=capacity, sort_order=int(order) + 1)
        session.add(room)
        session.flush()
        record_audit(session, entity="room", entity_id=room.id, action="create",
                     changes={"name": [None, name], "capacity": [None, capacity]}, event_id=event_id,
                     station=station)
        return _room_row(room)


def update_room(db: Database, room_id: int, *, name: str, name_en: str = "", capacity: int | None = None,
                sort_order: int | None = None, station: str = "") -> RoomRow:
    name, name_en, capacity = _room_values(name, name_en, capacity)
    with db.session() as session:
        room = session.get(Room, room_id)
        if room is None:
            raise DomainError("agenda.room_not_found", id=room_id)
        _room_name_taken(session, room.event_id, name, room.id)
        before = {"name": room.name, "name_en": room.name_en, "capacity": room.capacity,
                  "sort_order": room.sort_order}
        room.name, room.name_en, room.capacity = name, name_en, capacity
        if sort_order is not None:
            room.sort_order = sort_order
        after = {"name": room.name, "name_en": room.name_en, "capacity": room.capacity,
                 "sort_order": room.sort_order}
        if before != after:
            record_audit(session, entity="room", entity_id=room.id, action="update", changes=_diff(before, after),
                         event_id=room.event_id, station=station)
        return _room_row(room)


def delete_room(db: Database, room_id: int, *, station: str = "") -> Changes:
    """Delete a room; its items stay, without a room."""
    with db.session() as session:
        room = session.get(Room, room_id)
        if room is None:
            raise DomainError("agenda.room_not_found", id=room_id)
        item_ids = list(session.scalars(select(AgendaItem.id).where(AgendaItem.room_id == room_id)))
        if item_ids:
            session.execute(
                AgendaItem.__table__.update().where(AgendaItem.room_id == room_id).values(room_id=None)
            )
        record_audit(session, entity="room", entity_id=room.id, action="delete",
                     changes={"name": [room.name, None], "items": item_ids}, event_id=room.event_id,
                     station=station)
        session.execute(delete(Room).where(Room.id == room_id))
    return Changes.of(ROOMS, AGENDA, ids=item_ids)


# --------------------------------------------------------------------------- conflicts


def _slots(session: Session, event_id: int) -> list[rules.Slot]:
    items = session.scalars(_item_query(event_id)).all()
    ids = [i.id for i in items]
    names = {}
    people_ids = {p.delegate_id for i in items for p in i.people}
    if people_ids:
        names = dict(session.execute(select(Delegate.id, Delegate.full_name).where(Delegate.id.in_(people_ids))).all())
    planned = dict(session.execute(
        select(Presentation.agenda_item_id, func.sum(Presentation.planned_minutes))
        .where(Presentation.agenda_item_id.in_(ids), Presentation.status != PresentationStatus.WITHDRAWN)
        .group_by(Presentation.agenda_item_id)
    ).all()) if ids else {}
    presenters = _presenter_ids(session, ids)
    slots = []
    for i in items:
        slots.append(rules.Slot(
            id=i.id, day=i.day, start=i.start_time, end=i.end_time, title=i.title_vi, room_id=i.room_id,
            room_name=i.room.name if i.room else "", room_capacity=i.room.capacity if i.room else None,
            capacity=i.capacity, people=tuple(dict.fromkeys((p.delegate_id, names.get(p.delegate_id, ""))
                                                           for p in i.people)),
            presenters=tuple(sorted(presenters.get(i.id, ()))), planned_minutes=int(planned.get(i.id) or 0),
        ))
    return slots


def conflict_message(conflict: rules.Conflict, lang: str | None = None) -> str:
    return t(f"agenda.conflict.{conflict.kind}", lang, **conflict.params)


def conflicts(db: Database, event_id: int, *, lang: str | None = None) -> list[ConflictRow]:
    """Every conflict of the event's agenda, with translated messages."""
    with db.session() as session:
        event = _get_event(session, event_id)
        found = rules.check_all(_slots(session, event_id), event.start_date, event.end_date)
    return [ConflictRow(c.kind, c.items, conflict_message(c, lang), c.params) for c in found]


__all__ = [
    "AgendaEventInfo", "AgendaItemRow", "ConflictRow", "ItemDraft", "PersonRef", "PresentationRef", "RoomRow",
    "add_minutes", "agenda_days", "agenda_event", "conflicts", "copy_agenda", "create_item", "create_room",
    "delete_item", "delete_room", "duplicate_day", "get_item", "items_after", "list_items", "list_rooms",
    "move_item", "person_ref", "resize_item", "search_people", "set_people", "shift_after", "shift_items",
    "update_fields", "update_item", "update_room",
]
