"""Agenda services on a real SQLite file: editing, shift, duplicate day, copy from another event."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import select

from confman.core.agenda import service as agenda
from confman.core.agenda.service import ItemDraft
from confman.core.audit import AuditLog
from confman.core.demo import create_demo
from confman.core.enums import AgendaKind
from confman.core.errors import DomainError

D1, D2 = date(2026, 12, 10), date(2026, 12, 11)


def hm(s: str) -> time:
    return time.fromisoformat(s)


@pytest.fixture
def event(make_event):
    return make_event()


@pytest.fixture
def rooms(db, event):
    return (agenda.create_room(db, event.id, name="Hội trường A", name_en="Hall A", capacity=300),
            agenda.create_room(db, event.id, name="Phòng họp B", capacity=2))


def add(db, event, title, start, end, room=None, day=D1, **kw):
    return agenda.create_item(db, event.id, ItemDraft(day=day, start=hm(start), end=hm(end), title_vi=title,
                                                       room_id=room.id if room else None, **kw))


def test_create_update_and_people_are_stored_in_order_and_audited(db, event, rooms, make_delegate):
    chair = make_delegate(event.id, "Trương Minh Tuấn", position="Bộ trưởng", honorific="Ông")
    speaker = make_delegate(event.id, "Lê Thị Hà")
    item = add(db, event, "  Khai mạc  ", "08:00", "08:30", rooms[0], kind=AgendaKind.CEREMONY,
               chairs=(chair,), speakers=(speaker,))
    assert item.title_vi == "Khai mạc" and item.room_name == "Hội trường A"
    assert [p.display for p in item.chairs] == ["Ông Trương Minh Tuấn, Bộ trưởng"]
    assert [p.full_name for p in item.speakers] == ["Lê Thị Hà"]
    moved = agenda.move_item(db, item.id, day=D1, start=hm("09:00"), room_id=rooms[1].id)
    assert (moved.start, moved.end, moved.room_name) == (hm("09:00"), hm("09:30"), "Phòng họp B")
    resized = agenda.resize_item(db, item.id, end=hm("10:00"))
    assert resized.minutes == 60 and resized.chairs == item.chairs
    with db.session() as session:
        actions = session.scalars(select(AuditLog.action).where(AuditLog.entity == "agenda_item")).all()
    assert actions == ["create", "update", "update"]


def test_invalid_edits_are_refused_with_codes(db, event):
    with pytest.raises(DomainError) as err:
        add(db, event, "X", "10:00", "09:00")
    assert err.value.code == "agenda.end_before_start"
    with pytest.raises(DomainError) as err:
        add(db, event, "   ", "10:00", "11:00")
    assert err.value.code == "agenda.title_required"
    item = add(db, event, "Cuối ngày", "23:00", "23:50")
    with pytest.raises(DomainError) as err:
        agenda.shift_items(db, [item.id], 30)
    assert err.value.code == "agenda.past_midnight"
    assert agenda.get_item(db, item.id).start == hm("23:00")


def test_shift_after_moves_later_items_of_the_day_in_every_room(db, event, rooms):
    opening = add(db, event, "Khai mạc", "08:00", "08:30", rooms[0])
    report = add(db, event, "Báo cáo", "08:30", "09:30", rooms[0])
    workshop = add(db, event, "Tọa đàm", "09:00", "10:00", rooms[1])
    parallel = add(db, event, "Song song với khai mạc", "08:00", "08:30", rooms[1])
    tomorrow = add(db, event, "Ngày 2", "08:30", "09:00", rooms[0], day=D2)
    changes = agenda.shift_after(db, opening.id, 15)
    assert changes.ids == {report.id, workshop.id}
    times = {r.id: (r.start, r.end) for r in agenda.list_items(db, event.id)}
    assert times[report.id] == (hm("08:45"), hm("09:45"))
    assert times[workshop.id] == (hm("09:15"), hm("10:15"))
    assert times[opening.id] == (hm("08:00"), hm("08:30"))
    assert times[parallel.id] == (hm("08:00"), hm("08:30"))
    assert times[tomorrow.id] == (hm("08:30"), hm("09:00"))
    # only this room, including the item itself; undo by shifting the same ids back
    changes = agenda.shift_after(db, opening.id, 10, scope="room", include_self=True)
    assert changes.ids == {opening.id, report.id}
    agenda.shift_items(db, changes.ids, -10)
    assert agenda.get_item(db, report.id).start == hm("08:45")


def test_duplicate_day_copies_items_rooms_and_people(db, event, rooms, make_delegate):
    chair = make_delegate(event.id, "Nguyễn Văn An")
    add(db, event, "Khai mạc", "08:00", "08:30", rooms[0], chairs=(chair,))
    add(db, event, "Tọa đàm", "09:00", "10:00", rooms[1])
    changes = agenda.duplicate_day(db, event.id, D1, D2)
    copies = agenda.list_items(db, event.id, day=D2)
    assert changes.ids == {c.id for c in copies}
    assert [(c.title_vi, c.start, c.room_name, [p.full_name for p in c.chairs]) for c in copies] == [
        ("Khai mạc", hm("08:00"), "Hội trường A", ["Nguyễn Văn An"]),
        ("Tọa đàm", hm("09:00"), "Phòng họp B", []),
    ]
    assert len(agenda.list_items(db, event.id, day=D1)) == 2
    with pytest.raises(DomainError):
        agenda.duplicate_day(db, event.id, D1, D1)


def test_copy_agenda_from_a_previous_event_aligns_days_and_reuses_rooms(db, make_event):
    demo = create_demo(db, delegates=30).event
    target = make_event(code="NEW2026")
    agenda.create_room(db, target.id, name="hội trường a", capacity=500)
    changes = agenda.copy_agenda(db, demo.id, target.id)
    source_items = agenda.list_items(db, demo.id)
    copied = agenda.list_items(db, target.id)
    assert len(copied) == len(source_items) == len(changes.ids)
    assert {c.day for c in copied} == {D1, D2}
    assert [(c.title_vi, c.start, c.room_name.casefold()) for c in copied] == [
        (s.title_vi, s.start, s.room_name.casefold()) for s in source_items]
    assert all(not c.chairs and not c.speakers for c in copied)
    assert [r.name for r in agenda.list_rooms(db, target.id)] == ["hội trường a", "Phòng họp B", "Phòng họp C"]
    assert agenda.conflicts(db, target.id) == []


def test_demo_agenda_reports_conflicts_once_a_block_is_moved(db):
    demo = create_demo(db, delegates=30).event
    items = agenda.list_items(db, demo.id)
    assert agenda.conflicts(db, demo.id) == []
    workshop_b = next(i for i in items if i.room_name == "Phòng họp B")
    workshop_c = next(i for i in items if i.room_name == "Phòng họp C")
    agenda.move_item(db, workshop_c.id, day=workshop_b.day, start=hm("14:00"), room_id=workshop_b.room_id)
    found = agenda.conflicts(db, demo.id, lang="vi")
    assert [(c.kind, c.items) for c in found] == [("room_overlap", tuple(sorted((workshop_b.id, workshop_c.id))))]
    assert "Phòng họp B" in found[0].message and "14:00" in found[0].message


def test_overrun_counts_only_active_presentations(db):
    from confman.core.enums import PresentationStatus
    from confman.core.presentations.models import Presentation

    demo = create_demo(db, delegates=30).event
    papers = next(i for i in agenda.list_items(db, demo.id) if i.presentations)
    minutes = sum(p.planned_minutes for p in papers.presentations if not p.withdrawn)
    agenda.resize_item(db, papers.id, end=agenda.add_minutes(papers.start, minutes - 5))
    assert [c.kind for c in agenda.conflicts(db, demo.id)] == ["overrun"]
    with db.session() as session:
        first = session.get(Presentation, papers.presentations[0].id)
        first.status = PresentationStatus.WITHDRAWN
    assert agenda.conflicts(db, demo.id) == []


def test_capacity_counts_chairs_and_speakers(db, event, rooms, make_delegate):
    people = [make_delegate(event.id, n) for n in ("Nguyễn Văn An", "Lê Thị Hà", "Phạm Văn Bình")]
    item = add(db, event, "Tọa đàm nhỏ", "09:00", "10:00", rooms[1], chairs=people[:1], speakers=people[1:])
    assert [(c.kind, c.items) for c in agenda.conflicts(db, event.id)] == [("capacity", (item.id,))]
    agenda.update_fields(db, item.id, capacity=3)
    assert agenda.conflicts(db, event.id) == []


def test_rooms_crud_keeps_items_when_a_room_goes(db, event, rooms):
    item = add(db, event, "Tọa đàm", "09:00", "10:00", rooms[1])
    with pytest.raises(DomainError) as err:
        agenda.create_room(db, event.id, name="HỘI TRƯỜNG A")
    assert err.value.code == "agenda.room_name_taken"
    renamed = agenda.update_room(db, rooms[1].id, name="Phòng họp B2", capacity=50)
    assert (renamed.name, renamed.capacity) == ("Phòng họp B2", 50)
    agenda.delete_room(db, rooms[1].id)
    assert agenda.get_item(db, item.id).room_id is None
    assert [r.name for r in agenda.list_rooms(db, event.id)] == ["Hội trường A"]


def test_search_people_folds_vietnamese(db, event, make_delegate):
    make_delegate(event.id, "Đặng Thị Thu Hằng", position="Vụ trưởng")
    make_delegate(event.id, "Nguyễn Văn An")
    assert [p.full_name for p in agenda.search_people(db, event.id, "dang hang")] == ["Đặng Thị Thu Hằng"]


@pytest.mark.postgres
def test_shift_duplicate_and_conflicts_on_postgresql(pg_db):
    from confman.core.events.service import create_event

    demo = create_demo(pg_db, delegates=20).event
    opening = next(i for i in agenda.list_items(pg_db, demo.id) if i.title_vi.startswith("Văn nghệ"))
    changes = agenda.shift_after(pg_db, opening.id, 15)
    assert len(changes.ids) == 7
    assert agenda.conflicts(pg_db, demo.id) == []
    agenda.duplicate_day(pg_db, demo.id, D1.replace(year=2018, day=13), D1.replace(year=2018, day=14))
    assert [c.kind for c in agenda.conflicts(pg_db, demo.id)] == ["outside_event"] * 4
    target = create_event(pg_db, code="PG2", name_vi="Hội nghị mới", start_date=D1, end_date=D2)
    assert len(agenda.copy_agenda(pg_db, demo.id, target.id).ids) == len(agenda.list_items(pg_db, demo.id))
