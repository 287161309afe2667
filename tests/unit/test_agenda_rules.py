"""Conflict checks on plain slots: every kind, and touching items that do not conflict."""

from __future__ import annotations

from datetime import date, time

from confman.core.agenda import rules
from confman.core.agenda.rules import Slot

DAY = date(2026, 12, 10)
START, END = date(2026, 12, 10), date(2026, 12, 11)


def slot(id_: int, start: str, end: str, *, day: date = DAY, room: int | None = 1, **kw) -> Slot:
    return Slot(id=id_, day=day, start=time.fromisoformat(start), end=time.fromisoformat(end), room_id=room,
                title=f"Mục {id_}", room_name=f"Phòng {room}", **kw)


def kinds(slots) -> list[tuple[str, tuple[int, ...]]]:
    return [(c.kind, c.items) for c in rules.check_all(slots, START, END)]


def test_touching_items_in_one_room_and_with_one_person_do_not_conflict():
    person = ((7, "Nguyễn Văn An"),)
    slots = [slot(1, "10:00", "10:30", people=person), slot(2, "10:30", "11:00", people=person)]
    assert kinds(slots) == []


def test_room_overlap_names_both_items_and_the_room():
    conflicts = rules.room_overlap([slot(1, "10:00", "10:45"), slot(2, "10:30", "11:00"),
                                    slot(3, "10:30", "11:00", room=2)])
    assert [(c.kind, c.items) for c in conflicts] == [("room_overlap", (1, 2))]
    assert conflicts[0].params["room"] == "Phòng 1"


def test_items_without_a_room_never_share_one():
    assert rules.room_overlap([slot(1, "10:00", "11:00", room=None), slot(2, "10:00", "11:00", room=None)]) == []


def test_same_time_on_different_days_is_fine():
    assert kinds([slot(1, "10:00", "11:00"), slot(2, "10:00", "11:00", day=END)]) == []


def test_a_person_in_two_rooms_at_once():
    person = ((7, "Trương Minh Tuấn"),)
    conflicts = rules.person_overlap([slot(1, "13:30", "15:00", room=1, people=person),
                                      slot(2, "14:00", "15:00", room=2, people=person),
                                      slot(3, "14:00", "15:00", room=3, people=((8, "Lê Thị Hà"),))])
    assert [(c.kind, c.items) for c in conflicts] == [("person_overlap", (1, 2))]
    assert conflicts[0].params["person"] == "Trương Minh Tuấn"


def test_chair_and_speaker_of_the_same_item_is_not_a_conflict():
    assert kinds([slot(1, "08:00", "09:00", people=((7, "A"), (7, "A")))]) == []


def test_outside_the_event_dates():
    slots = [slot(1, "08:00", "09:00", day=date(2026, 12, 9)), slot(2, "08:00", "09:00", day=END),
             slot(3, "08:00", "09:00", day=date(2026, 12, 12))]
    assert kinds(slots) == [("outside_event", (1,)), ("outside_event", (3,))]


def test_end_before_start_is_invalid_and_not_checked_for_overlap():
    slots = [slot(1, "10:00", "09:00"), slot(2, "10:00", "10:00"), slot(3, "08:00", "12:00")]
    assert kinds(slots) == [("invalid_time", (1,)), ("invalid_time", (2,))]


def test_overrun_when_planned_minutes_exceed_the_slot():
    assert kinds([slot(1, "09:45", "10:45", planned_minutes=60), slot(2, "11:00", "11:30", planned_minutes=31)]) \
        == [("overrun", (2,))]
    conflict = rules.overrun([slot(2, "11:00", "11:30", planned_minutes=45)])[0]
    assert (conflict.params["planned"], conflict.params["slot"]) == (45, 30)


def test_capacity_uses_the_item_then_the_room_and_counts_people_once():
    people = ((1, "A"), (2, "B"), (3, "C"))
    slots = [
        slot(1, "08:00", "09:00", capacity=2, people=people),  # 3 > 2
        slot(2, "09:00", "10:00", room_capacity=3, people=people, presenters=(1, 4)),  # 4 > 3
        slot(3, "10:00", "11:00", room_capacity=3, people=people, presenters=(1, 2)),  # 3 == 3
        slot(4, "11:00", "12:00", capacity=10, room_capacity=1, people=people),  # own capacity wins
    ]
    assert kinds(slots) == [("capacity", (1,)), ("capacity", (2,))]


def test_results_are_ordered_by_kind_then_time():
    person = ((7, "A"),)
    slots = [slot(5, "15:00", "14:00"), slot(3, "14:00", "15:00", people=person),
             slot(4, "14:30", "15:30", room=2, people=person), slot(1, "08:00", "09:00"), slot(2, "08:30", "09:00")]
    assert [c.kind for c in rules.check_all(slots, START, END)] == ["room_overlap", "person_overlap", "invalid_time"]
    assert rules.conflicting_ids(rules.check_all(slots, START, END)) == {1, 2, 3, 4, 5}
