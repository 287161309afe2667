"""Pure conflict checks on an agenda (no database, no Qt).

Intervals are half-open: an item from 10:00 to 10:30 and one from 10:30 to 11:00 touch
but do not overlap. Each check returns :class:`Conflict` values carrying a kind, the
item ids involved and the parameters a message needs; sentences are made at the edge
(``agenda.conflict.<kind>`` in the catalog).

Kinds:

* ``invalid_time`` — an item ends at or before its start;
* ``outside_event`` — an item's day is outside the event's dates;
* ``room_overlap`` — two items share a room at the same time;
* ``person_overlap`` — a chair or speaker is on two items at the same time;
* ``overrun`` — the planned minutes of an item's (non-withdrawn) presentations exceed its slot;
* ``capacity`` — an item's capacity (its own, else its room's) is lower than the number of
  people assigned to it: its chairs and speakers plus the presenters of its presentations.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, time
from itertools import combinations
from typing import Any

KINDS: tuple[str, ...] = (
    "room_overlap", "person_overlap", "outside_event", "overrun", "invalid_time", "capacity",
)


@dataclass(frozen=True, slots=True)
class Slot:
    """What the checks need to know about one agenda item."""

    id: int
    day: date
    start: time
    end: time
    title: str = ""
    room_id: int | None = None
    room_name: str = ""
    room_capacity: int | None = None
    capacity: int | None = None
    people: tuple[tuple[int, str], ...] = ()
    """(delegate id, display name) of chairs and speakers."""
    presenters: tuple[int, ...] = ()
    """Delegate ids presenting in the item's presentations."""
    planned_minutes: int = 0
    """Sum of the planned minutes of the item's non-withdrawn presentations."""

    @property
    def minutes(self) -> int:
        return (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)

    @property
    def valid(self) -> bool:
        return self.end > self.start

    @property
    def assigned(self) -> int:
        return len({pid for pid, _ in self.people} | set(self.presenters))


@dataclass(frozen=True, slots=True)
class Conflict:
    kind: str
    items: tuple[int, ...]
    params: dict[str, Any] = field(default_factory=dict, compare=False)


def overlaps(a: Slot, b: Slot) -> bool:
    """True when both are on the same day and their half-open intervals intersect."""
    return a.day == b.day and a.valid and b.valid and a.start < b.end and b.start < a.end


def _hm(value: time) -> str:
    return value.strftime("%H:%M")


def _pair_params(a: Slot, b: Slot) -> dict[str, Any]:
    return {
        "a": a.title, "b": b.title, "day": a.day.strftime("%d/%m/%Y"),
        "a_start": _hm(a.start), "a_end": _hm(a.end), "b_start": _hm(b.start), "b_end": _hm(b.end),
    }


def invalid_time(slots: Iterable[Slot]) -> list[Conflict]:
    return [
        Conflict("invalid_time", (s.id,), {"title": s.title, "start": _hm(s.start), "end": _hm(s.end)})
        for s in slots if not s.valid
    ]


def outside_event(slots: Iterable[Slot], start_date: date, end_date: date) -> list[Conflict]:
    return [
        Conflict("outside_event", (s.id,), {
            "title": s.title, "day": s.day.strftime("%d/%m/%Y"),
            "start": start_date.strftime("%d/%m/%Y"), "end": end_date.strftime("%d/%m/%Y"),
        })
        for s in slots if not start_date <= s.day <= end_date
    ]


def _by_day(slots: Iterable[Slot]) -> dict[date, list[Slot]]:
    days: dict[date, list[Slot]] = defaultdict(list)
    for s in slots:
        if s.valid:
            days[s.day].append(s)
    return days


def room_overlap(slots: Iterable[Slot]) -> list[Conflict]:
    found = []
    rooms: dict[tuple[date, int], list[Slot]] = defaultdict(list)
    for day, day_slots in _by_day(slots).items():
        for s in day_slots:
            if s.room_id is not None:
                rooms[(day, s.room_id)].append(s)
    for group in rooms.values():
        group.sort(key=lambda s: (s.start, s.id))
        for a, b in combinations(group, 2):
            if overlaps(a, b):
                found.append(Conflict("room_overlap", (a.id, b.id), {**_pair_params(a, b), "room": a.room_name}))
    return found


def person_overlap(slots: Iterable[Slot]) -> list[Conflict]:
    found = []
    for day_slots in _by_day(slots).values():
        by_person: dict[int, list[Slot]] = defaultdict(list)
        names: dict[int, str] = {}
        for s in day_slots:
            for pid, name in dict(s.people).items():
                by_person[pid].append(s)
                names[pid] = name
        for pid, group in by_person.items():
            group.sort(key=lambda s: (s.start, s.id))
            for a, b in combinations(group, 2):
                if overlaps(a, b):
                    found.append(Conflict("person_overlap", (a.id, b.id),
                                          {**_pair_params(a, b), "person": names[pid], "person_id": pid}))
    return found


def overrun(slots: Iterable[Slot]) -> list[Conflict]:
    return [
        Conflict("overrun", (s.id,), {"title": s.title, "planned": s.planned_minutes, "slot": s.minutes})
        for s in slots if s.valid and s.planned_minutes > s.minutes
    ]


def capacity(slots: Iterable[Slot]) -> list[Conflict]:
    found = []
    for s in slots:
        limit = s.capacity if s.capacity is not None else s.room_capacity
        if limit is not None and s.assigned > limit:
            found.append(Conflict("capacity", (s.id,), {"title": s.title, "capacity": limit,
                                                        "assigned": s.assigned}))
    return found


def check_all(slots: Sequence[Slot], start_date: date, end_date: date) -> list[Conflict]:
    """Every conflict of the agenda, in a stable order (by kind, then by the first item's time)."""
    order = {s.id: (s.day, s.start, s.id) for s in slots}
    found = (
        room_overlap(slots) + person_overlap(slots) + outside_event(slots, start_date, end_date)
        + overrun(slots) + invalid_time(slots) + capacity(slots)
    )
    found.sort(key=lambda c: (KINDS.index(c.kind), [order[i] for i in c.items]))
    return found


def conflicting_ids(conflicts: Iterable[Conflict]) -> set[int]:
    return {i for c in conflicts for i in c.items}
