"""Agenda to and from Excel, with the same columns both ways.

Columns: ID, day, start, end, room, kind, title (vi), title (en), description, chairs,
speakers, capacity, notes. Headers are written in the chosen language and recognised
in either. On import a row whose ID is an item of this event updates it, any other row
creates an item; rooms are matched by name (created when new), kinds by code or label,
chairs/speakers by full name among the event's delegates (names separated by ``;`` or
line breaks; a name that matches nobody, or several people, is a warning and is left
out). Every row is checked before anything is written; the import is one transaction.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from sqlalchemy import select

from confman.core.agenda import service
from confman.core.agenda.models import AgendaItem, Room
from confman.core.agenda.service import AgendaItemRow, ItemDraft
from confman.core.audit import record_audit
from confman.core.changes import Changes
from confman.core.db.engine import Database
from confman.core.enums import AgendaKind
from confman.core.errors import DomainError
from confman.core.registration.models import Delegate
from confman.core.text import clean_text, fold
from confman.i18n import LANGUAGES, t

COLUMNS: tuple[str, ...] = (
    "id", "day", "start", "end", "room", "kind", "title_vi", "title_en", "description", "chairs", "speakers",
    "capacity", "notes",
)
WIDTHS = {"id": 7, "day": 12, "start": 9, "end": 9, "room": 18, "kind": 16, "title_vi": 50, "title_en": 40,
          "description": 30, "chairs": 28, "speakers": 28, "capacity": 10, "notes": 24}
_REQUIRED = ("day", "start", "end", "title_vi")
_SEPARATORS = re.compile(r"[;\n]+")


@dataclass(frozen=True, slots=True)
class ImportResult:
    created: int
    updated: int
    warnings: tuple[tuple[int, str], ...]
    changes: Changes


def _safe(cell: Any, value: Any) -> None:
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # literal text, never a formula


def _values(item: AgendaItemRow, lang: str) -> dict[str, Any]:
    return {
        "id": item.id, "day": item.day, "start": item.start, "end": item.end, "room": item.room_name,
        "kind": t(f"agenda.kind.{item.kind.value}", lang), "title_vi": item.title_vi, "title_en": item.title_en,
        "description": item.description, "chairs": "; ".join(p.full_name for p in item.chairs),
        "speakers": "; ".join(p.full_name for p in item.speakers), "capacity": item.capacity,
        "notes": item.notes,
    }


def build_workbook(items: Sequence[AgendaItemRow], *, lang: str = "vi") -> bytes:
    """The agenda as ``.xlsx`` bytes."""
    wb = Workbook()
    ws = wb.active
    ws.title = t("agenda.sheet", lang)[:31]
    header_fill = PatternFill("solid", fgColor="E6EAF0")
    for col, key in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=col, value=t(f"agenda.col.{key}", lang))
        cell.font = Font(bold=True)
        cell.fill = header_fill
        ws.column_dimensions[get_column_letter(col)].width = WIDTHS[key]
    for row, item in enumerate(items, start=2):
        values = _values(item, lang)
        for col, key in enumerate(COLUMNS, start=1):
            cell = ws.cell(row=row, column=col)
            _safe(cell, values[key])
            if key == "day":
                cell.number_format = "dd/mm/yyyy"
            elif key in ("start", "end"):
                cell.number_format = "hh:mm"
            elif key in ("title_vi", "title_en", "description", "notes"):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def write_workbook(db: Database, event_id: int, path: str | Path, *, lang: str = "vi") -> Path:
    target = Path(path)
    target.write_bytes(build_workbook(service.list_items(db, event_id), lang=lang))
    return target


# --------------------------------------------------------------------------- import


def _header_map(cells: Sequence[Any]) -> dict[str, int]:
    known = {fold(t(f"agenda.col.{key}", lang)): key for key in COLUMNS for lang in LANGUAGES}
    known.update({key: key for key in COLUMNS})
    found: dict[str, int] = {}
    for index, value in enumerate(cells):
        key = known.get(fold(str(value or "")))
        if key and key not in found:
            found[key] = index
    return found


def _bad(row: int, column: str, value: Any) -> DomainError:
    return DomainError("agenda.import_bad_row", row=row, column=t(f"agenda.col.{column}"), value=str(value))


def parse_day(value: Any, row: int) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = clean_text(value)
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise _bad(row, "day", value)


_TIME_RE = re.compile(r"^(\d{1,2})\s*[:hH.]\s*(\d{0,2})$")


def parse_time(value: Any, row: int, column: str) -> time:
    if isinstance(value, datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, timedelta):
        value = value.total_seconds() / 86400
    if isinstance(value, int | float) and 0 <= value < 1:
        minutes = round(value * 24 * 60)
        return time(minutes // 60, minutes % 60)
    match = _TIME_RE.match(clean_text(value))
    if match:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise _bad(row, column, value)


def _kind(value: Any, row: int) -> AgendaKind:
    text = fold(clean_text(value))
    if not text:
        return AgendaKind.PLENARY
    for kind in AgendaKind:
        if text == kind.value or any(text == fold(t(f"agenda.kind.{kind.value}", lang)) for lang in LANGUAGES):
            return kind
    raise _bad(row, "kind", value)


def _capacity(value: Any, row: int) -> int | None:
    if value is None or clean_text(value) == "":
        return None
    try:
        number = int(float(value))
    except (TypeError, ValueError):
        raise _bad(row, "capacity", value) from None
    if number < 0:
        raise _bad(row, "capacity", value)
    return number


def _names(value: Any) -> list[str]:
    return [n for n in (clean_text(x) for x in _SEPARATORS.split(str(value or ""))) if n]


def _read_rows(path: Path) -> list[tuple[Any, ...]]:
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise DomainError("agenda.import_unreadable", file=path.name) from exc
    try:
        return [tuple(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
    finally:
        wb.close()


def import_workbook(db: Database, event_id: int, path: str | Path, *, station: str = "") -> ImportResult:
    """Create or update items from an ``.xlsx`` written by :func:`build_workbook` (or typed by hand)."""
    source = Path(path)
    rows = _read_rows(source)
    header_index = next((i for i, r in enumerate(rows[:10]) if all(k in _header_map(r) for k in _REQUIRED)), None)
    if header_index is None:
        raise DomainError("agenda.import_no_header", file=source.name)
    columns = _header_map(rows[header_index])

    def cell(values: tuple[Any, ...], key: str) -> Any:
        index = columns.get(key)
        return values[index] if index is not None and index < len(values) else None

    parsed: list[tuple[int, int | None, dict[str, Any]]] = []
    for offset, values in enumerate(rows[header_index + 1:], start=header_index + 2):
        if not any(clean_text(v) for v in values if v is not None):
            continue
        try:
            item_id: int | None = int(float(cell(values, "id")))
        except (TypeError, ValueError):
            item_id = None
        title_vi = clean_text(cell(values, "title_vi"))
        if not title_vi:
            raise _bad(offset, "title_vi", "")
        parsed.append((offset, item_id, {
            "day": parse_day(cell(values, "day"), offset),
            "start": parse_time(cell(values, "start"), offset, "start"),
            "end": parse_time(cell(values, "end"), offset, "end"),
            "room": clean_text(cell(values, "room")),
            "kind": _kind(cell(values, "kind"), offset),
            "title_vi": title_vi,
            "title_en": clean_text(cell(values, "title_en")),
            "description": clean_text(cell(values, "description"), multiline=True),
            "notes": clean_text(cell(values, "notes"), multiline=True),
            "capacity": _capacity(cell(values, "capacity"), offset),
            "chairs": _names(cell(values, "chairs")),
            "speakers": _names(cell(values, "speakers")),
        }))

    warnings: list[tuple[int, str]] = []
    created = updated = 0
    touched: list[int] = []
    with db.session() as session:
        people: dict[str, list[int]] = {}
        for did, name in session.execute(
            select(Delegate.id, Delegate.full_name).where(Delegate.event_id == event_id, Delegate.deleted_at.is_(None))
        ):
            people.setdefault(fold(name), []).append(did)
        rooms: dict[str, int] = {}
        for room in session.scalars(select(Room).where(Room.event_id == event_id)):
            rooms.setdefault(fold(room.name), room.id)
            if room.name_en:
                rooms.setdefault(fold(room.name_en), room.id)
        next_order = len({*rooms.values()})
        existing = set(session.scalars(select(AgendaItem.id).where(AgendaItem.event_id == event_id)))

        def resolve(row: int, names: list[str]) -> tuple[int, ...]:
            ids = []
            for name in names:
                found = people.get(fold(name), [])
                if len(found) == 1:
                    ids.append(found[0])
                else:
                    key = "agenda.import.unknown_person" if not found else "agenda.import.ambiguous_person"
                    warnings.append((row, t(key, name=name)))
            return tuple(ids)

        for row, item_id, v in parsed:
            room_id = None
            if v["room"]:
                room_id = rooms.get(fold(v["room"]))
                if room_id is None:
                    room = Room(event_id=event_id, name=v["room"], sort_order=next_order)
                    next_order += 1
                    session.add(room)
                    session.flush()
                    record_audit(session, entity="room", entity_id=room.id, action="create",
                                 changes={"name": [None, room.name]}, event_id=event_id, station=station)
                    rooms[fold(v["room"])] = room_id = room.id
            try:
                draft = service._validate_draft(ItemDraft(
                    day=v["day"], start=v["start"], end=v["end"], title_vi=v["title_vi"], room_id=room_id,
                    kind=v["kind"], title_en=v["title_en"], description=v["description"], notes=v["notes"],
                    capacity=v["capacity"], chairs=resolve(row, v["chairs"]), speakers=resolve(row, v["speakers"]),
                ))
            except DomainError as exc:
                if exc.code != "agenda.end_before_start":
                    raise
                raise _bad(row, "end", f"{v['start']:%H:%M}–{v['end']:%H:%M}") from exc
            if item_id in existing:
                item = session.get(AgendaItem, item_id)
                assert item is not None
                before = service._item_snapshot(item)
                service._apply_draft(item, draft)
                service._set_people(session, item, draft.chairs, draft.speakers)
                record_audit(session, entity="agenda_item", entity_id=item.id, action="import_update",
                             changes=service._diff(before, service._item_snapshot(item)), event_id=event_id,
                             station=station)
                updated += 1
            else:
                item = AgendaItem(event_id=event_id, day=draft.day, start_time=draft.start, end_time=draft.end,
                                  title_vi=draft.title_vi)
                service._apply_draft(item, draft)
                session.add(item)
                session.flush()
                service._set_people(session, item, draft.chairs, draft.speakers)
                record_audit(session, entity="agenda_item", entity_id=item.id, action="import_create",
                             changes={"title_vi": [None, item.title_vi]}, event_id=event_id, station=station)
                created += 1
            touched.append(item.id)
    return ImportResult(created, updated, tuple(warnings), Changes.of(service.AGENDA, service.ROOMS, ids=touched))
