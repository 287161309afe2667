"""The agenda page's calls into the core (plain functions run by ops; no widgets here).

The programme's PDF, calendar and workbook modules are imported inside the functions that use
them: they run on a worker, so the page's first visit does not load ReportLab or openpyxl.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from confman.core.agenda import service
from confman.core.agenda.programme import ProgrammeChoices, chosen_items
from confman.core.agenda.service import (
    AgendaItemRow,
    ConflictRow,
    ItemDraft,
    PersonRef,
    RoomRow,
    add_minutes,
)
from confman.core.changes import Changes
from confman.core.db.engine import Database
from confman.core.events.service import EventRow, list_events

__all__ = ["AgendaItemRow", "AgendaSnapshot", "ConflictRow", "EventRow", "ItemDraft", "PersonRef",
           "ProgrammeChoices", "RoomRow", "add_minutes", "chosen_items"]


@dataclass(frozen=True, slots=True)
class AgendaSnapshot:
    """Everything the page paints, read in one go."""

    items: list[AgendaItemRow]
    rooms: list[RoomRow]
    days: list[date]
    conflicts: list[ConflictRow]


def snapshot(db: Database, event_id: int, lang: str) -> AgendaSnapshot:
    return AgendaSnapshot(service.list_items(db, event_id), service.list_rooms(db, event_id),
                          service.agenda_days(db, event_id), service.conflicts(db, event_id, lang=lang))


def people(db: Database, event_id: int, text: str) -> list[PersonRef]:
    return service.search_people(db, event_id, text)


def other_events(db: Database, event_id: int) -> list[EventRow]:
    return [e for e in list_events(db) if e.id != event_id]


# -- writes --------------------------------------------------------------------------------
def update(db: Database, item_id: int, draft: ItemDraft, station: str) -> Changes:
    service.update_item(db, item_id, draft, station=station)
    return Changes.of("agenda", ids=[item_id])


@dataclass(frozen=True, slots=True)
class Created:
    row: AgendaItemRow
    changes: Changes


def create(db: Database, event_id: int, draft: ItemDraft, station: str) -> Created:
    row = service.create_item(db, event_id, draft, station=station)
    return Created(row, Changes.of("agenda", ids=[row.id]))


def delete(db: Database, item_id: int, station: str) -> Changes:
    return service.delete_item(db, item_id, station=station)


def shift(db: Database, item_ids: Sequence[int], minutes: int, station: str) -> Changes:
    return service.shift_items(db, item_ids, minutes, station=station)


def shift_after(db: Database, item_id: int, minutes: int, *, scope: str, include_self: bool, station: str) -> Changes:
    ids = service.items_after(db, item_id, scope=scope, include_self=include_self)
    return service.shift_items(db, ids, minutes, station=station)


def save_rooms(db: Database, event_id: int, edits: Sequence[Any], deleted: Sequence[int],
               original: dict[int, RoomRow], station: str) -> Changes:
    """The rooms dialog's result: deletions, new rooms and changed ones."""
    for room_id in deleted:
        service.delete_room(db, room_id, station=station)
    for edit in edits:
        if edit.id is None:
            service.create_room(db, event_id, name=edit.name, name_en=edit.name_en, capacity=edit.capacity,
                                station=station)
            continue
        old = original[edit.id]
        if (old.name, old.name_en, old.capacity, old.sort_order) != (edit.name, edit.name_en, edit.capacity,
                                                                     edit.sort_order):
            service.update_room(db, edit.id, name=edit.name, name_en=edit.name_en, capacity=edit.capacity,
                                sort_order=edit.sort_order, station=station)
    return Changes.of("rooms", "agenda")


def duplicate_day(db: Database, event_id: int, source: date, target: date, station: str) -> Changes:
    return service.duplicate_day(db, event_id, source, target, station=station)


def copy_agenda(db: Database, source_id: int, event_id: int, station: str) -> Changes:
    return service.copy_agenda(db, source_id, event_id, station=station)


def read_programme(db: Database, event_id: int, path: Path) -> tuple[Any, list[PersonRef]]:
    """The organisers' programme table (.docx/.xlsx) read and matched to delegates, and the event's
    delegates to pick from; nothing written. A workbook written by confman itself is refused here: it
    has its own menu item (round trip)."""
    from confman.core.agenda import programme
    from confman.core.errors import DomainError

    if not path.is_file():
        raise DomainError("import.not_found", file=str(path))
    if path.suffix.lower() in (".xlsx", ".xlsm") and programme.is_round_trip_workbook(path):
        raise DomainError("agenda_import_ui.round_trip", file=path.name)
    return programme.plan_programme(db, event_id, path), programme.programme_delegates(db, event_id)


def create_programme(db: Database, event_id: int, plan: Any, choices: ProgrammeChoices, station: str) -> Any:
    """Create the previewed items the organiser kept (and their rooms) with the people chosen, in one transaction."""
    from confman.core.agenda import programme

    return programme.import_programme(db, event_id, plan, choices=choices, station=station)


def import_xlsx(db: Database, event_id: int, source: str, station: str) -> Any:
    from confman.core.agenda.xlsx import import_workbook

    return import_workbook(db, event_id, source, station=station)


# -- outputs -------------------------------------------------------------------------------
def write_pdf(db: Database, event_id: int, path: Path, lang: str, delegate_id: int | None = None) -> Path:
    from confman.core.agenda.pdf import write_programme

    return write_programme(db, event_id, path, lang=lang, delegate_id=delegate_id)


def write_ics(db: Database, event_id: int, path: Path, lang: str) -> Path:
    from confman.core.agenda.ics import write_calendar

    return write_calendar(db, event_id, path, lang=lang)


def write_xlsx(db: Database, event_id: int, path: Path, lang: str) -> Path:
    from confman.core.agenda.xlsx import write_workbook

    return write_workbook(db, event_id, path, lang=lang)


def programme_pdf(db: Database, event_id: int, lang: str) -> bytes:
    from confman.core.agenda.pdf import render_programme

    return render_programme(db, event_id, lang=lang)
