"""Presentations service on a real SQLite file: versions, duplicates, workflow, overview, run of show."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time
from pathlib import Path

import pytest
from sqlalchemy import select

from confman.core.agenda.models import AgendaItem, Room
from confman.core.audit import AuditLog
from confman.core.enums import PresentationStatus
from confman.core.errors import DomainError
from confman.core.presentations import service as svc
from confman.core.presentations.service import PresentationDraft
from confman.core.presentations.storage import FileStore
from confman.core.registration.models import Organization

DAY1, DAY2 = date(2026, 12, 10), date(2026, 12, 11)


def _item(db, event_id: int, room: str | None, day: date, start: str, end: str, title: str,
          room_order: int = 0) -> int:
    with db.session() as session:
        room_id = None
        if room:
            found = session.scalar(select(Room).where(Room.event_id == event_id, Room.name == room))
            if found is None:
                found = Room(event_id=event_id, name=room, sort_order=room_order)
                session.add(found)
                session.flush()
            room_id = found.id
        item = AgendaItem(event_id=event_id, room_id=room_id, day=day, start_time=time.fromisoformat(start),
                          end_time=time.fromisoformat(end), title_vi=title)
        session.add(item)
        session.flush()
        return item.id


def _org(db, name: str) -> int:
    with db.session() as session:
        org = Organization(name=name)
        session.add(org)
        session.flush()
        return org.id


def _pdf(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.write_bytes(b"%PDF-1.4\n" + body.encode())
    return path


@pytest.fixture
def event(make_event):
    return make_event(code="TK2026")


@pytest.fixture
def store(tmp_path: Path) -> FileStore:
    return FileStore(tmp_path / "store")


def test_upload_twice_then_restore_the_first(db, event, store, tmp_path: Path) -> None:
    pres = svc.create_presentation(db, event.id, PresentationDraft(title_vi="Tham luận Bộ Công Thương"))
    first = svc.add_file(db, pres.id, _pdf(tmp_path, "Bài tham luận (bản nháp).pdf", "v1"), store=store)
    second = svc.add_file(db, pres.id, _pdf(tmp_path, "Bài tham luận final (2).pdf", "v2"), store=store)
    assert (first.file.version, second.file.version) == (1, 2)

    row = svc.get_presentation(db, pres.id)
    assert row.current_file.original_name == "Bài tham luận final (2).pdf"
    assert row.status is PresentationStatus.RECEIVED  # a file arrived

    restored = svc.restore_version(db, pres.id, 1)
    row = svc.get_presentation(db, pres.id)
    assert [f.version for f in row.files] == [1, 2, 3]
    assert row.current_file == restored
    assert restored.restored_from_version == 1
    assert restored.original_name == "Bài tham luận (bản nháp).pdf"
    assert restored.sha256 == first.file.sha256
    assert svc.file_path(restored, store).read_bytes().endswith(b"v1")
    # Every version is still there, with its upload time.
    assert all(f.uploaded_at.tzinfo is not None for f in row.files)


def test_original_name_is_kept_exactly_and_content_stored_once(db, event, store, tmp_path: Path) -> None:
    pres = svc.create_presentation(db, event.id, PresentationDraft(title_vi="A"))
    other = svc.create_presentation(db, event.id, PresentationDraft(title_vi="B"))
    nfd_name = "Tham luận  Sở TT&TT Lào Cai final (2).pdf".replace("ậ", "a\u0323\u0302")
    svc.add_file(db, pres.id, _pdf(tmp_path, "x.pdf", "same"), original_name=nfd_name, store=store)
    assert svc.get_presentation(db, pres.id).current_file.original_name == nfd_name

    dup = svc.add_file(db, other.id, _pdf(tmp_path, "copy.pdf", "same"), store=store)
    assert not dup.unchanged
    assert [(d.presentation_id, d.version) for d in dup.duplicates] == [(pres.id, 1)]
    blobs = [p for p in store.root.rglob("*") if p.is_file()]
    assert len(blobs) == 1  # content-addressed: stored once


def test_same_content_as_current_version_makes_no_new_version(db, event, store, tmp_path: Path) -> None:
    pres = svc.create_presentation(db, event.id, PresentationDraft(title_vi="A"))
    svc.add_file(db, pres.id, _pdf(tmp_path, "a.pdf", "one"), store=store)
    again = svc.add_file(db, pres.id, _pdf(tmp_path, "a (1).pdf", "one"), store=store)
    assert again.unchanged
    assert again.file.version == 1
    assert len(svc.get_presentation(db, pres.id).files) == 1


def test_refused_file_is_not_stored(db, event, store, tmp_path: Path) -> None:
    pres = svc.create_presentation(db, event.id, PresentationDraft(title_vi="A"))
    bad = tmp_path / "slides.pptx"
    bad.write_bytes(b"")
    with pytest.raises(DomainError) as info:
        svc.add_file(db, pres.id, bad, store=store)
    assert info.value.code == "presentations.file.empty"
    assert svc.get_presentation(db, pres.id).files == ()
    assert not store.root.exists() or not any(p.is_file() for p in store.root.rglob("*"))


def test_status_workflow(db, event) -> None:
    pres = svc.create_presentation(db, event.id, PresentationDraft(title_vi="A"))
    assert pres.status is PresentationStatus.REQUESTED
    assert svc.set_status(db, pres.id, "approved").status is PresentationStatus.APPROVED  # skip ahead
    assert svc.set_status(db, pres.id, "reviewed").status is PresentationStatus.REVIEWED  # one step back
    with pytest.raises(DomainError) as info:
        svc.set_status(db, pres.id, "requested")  # two steps back
    assert info.value.code == "presentations.bad_transition"
    svc.set_status(db, pres.id, "withdrawn")
    with pytest.raises(DomainError):
        svc.set_status(db, pres.id, "approved")
    assert svc.set_status(db, pres.id, "requested").status is PresentationStatus.REQUESTED  # reinstated


def test_record_actual_time_marks_presented_and_is_audited(db, event) -> None:
    pres = svc.create_presentation(db, event.id, PresentationDraft(title_vi="A", planned_minutes=10))
    row = svc.record_actual_time(db, pres.id, 734, station="desk-2")
    assert row.actual_seconds == 734 and row.status is PresentationStatus.PRESENTED
    with db.session() as session:
        actions = session.scalars(select(AuditLog.action).where(AuditLog.entity_id == pres.id,
                                                                AuditLog.entity == "presentation")).all()
    assert "timed" in actions


def test_edit_presenters_and_validation(db, event, make_delegate) -> None:
    a = make_delegate(event.id, "Nguyễn Văn An", organization="Bộ Công Thương")
    b = make_delegate(event.id, "Trần Thị Bình", organization="Bộ Công Thương")
    pres = svc.create_presentation(db, event.id, PresentationDraft(title_vi="A", presenter_ids=(a, b)))
    assert [p.full_name for p in pres.presenters] == ["Nguyễn Văn An", "Trần Thị Bình"]
    row = svc.update_presentation(db, pres.id, replace(svc.draft_of(pres), presenter_ids=(b, a)))
    assert [p.full_name for p in row.presenters] == ["Trần Thị Bình", "Nguyễn Văn An"]
    with pytest.raises(DomainError) as info:
        svc.update_presentation(db, pres.id, replace(svc.draft_of(row), title_vi="   "))
    assert info.value.code == "presentations.title_required"
    with pytest.raises(DomainError) as info:
        svc.update_presentation(db, pres.id, replace(svc.draft_of(row), presenter_ids=(999_999,)))
    assert info.value.code == "presentations.presenter_not_found"


def test_overview_numbers(db, event, store, tmp_path: Path) -> None:
    slot = _item(db, event.id, "Hội trường A", DAY1, "09:00", "09:30", "Tham luận các bộ")
    bct, bng = _org(db, "Bộ Công Thương"), _org(db, "Bộ Ngoại giao")
    late = svc.create_presentation(db, event.id, PresentationDraft(
        title_vi="Bộ Công Thương", organization_id=bct, agenda_item_id=slot, planned_minutes=15,
        due_date=date(2026, 12, 1)))
    sent = svc.create_presentation(db, event.id, PresentationDraft(
        title_vi="Bộ Ngoại giao", organization_id=bng, agenda_item_id=slot, planned_minutes=15,
        due_date=date(2026, 12, 1)))
    svc.add_file(db, sent.id, _pdf(tmp_path, "bng.pdf", "x"), store=store)
    svc.create_presentation(db, event.id, PresentationDraft(
        title_vi="Bộ Công Thương 2", organization_id=bct, agenda_item_id=slot, planned_minutes=10))
    gone = svc.create_presentation(db, event.id, PresentationDraft(
        title_vi="Rút", organization_id=bng, agenda_item_id=slot, planned_minutes=30))
    svc.set_status(db, gone.id, "withdrawn")

    ov = svc.overview(db, event.id, today=date(2026, 12, 5))
    assert (ov.total, ov.with_file) == (4, 1)
    assert ov.by_status["withdrawn"] == 1 and ov.by_status["received"] == 1
    assert [(m.organization, len(m.presentation_ids)) for m in ov.missing_by_organization] == [
        ("Bộ Công Thương", 2)]
    assert [r.id for r in ov.overdue] == [late.id]
    [usage] = ov.slots
    assert (usage.slot_minutes, usage.planned_minutes, usage.presentations) == (30, 40, 3)
    assert usage.overrun and usage.over_by == 10
    assert svc.talk_minutes_by_item(db, event.id) == {slot: 40}


def test_run_of_show_follows_agenda_order(db, event) -> None:
    # Created out of order on purpose: day 2 first, later slot before earlier, room B before room A.
    d2 = _item(db, event.id, "Hội trường A", DAY2, "08:00", "09:00", "Ngày 2")
    late = _item(db, event.id, "Hội trường A", DAY1, "10:00", "11:00", "Sáng muộn", room_order=0)
    room_b = _item(db, event.id, "Phòng B", DAY1, "08:00", "09:00", "Phòng B sớm", room_order=1)
    early = _item(db, event.id, "Hội trường A", DAY1, "08:00", "09:00", "Sáng sớm")

    def add(title: str, item: int, order: int) -> int:
        return svc.create_presentation(db, event.id, PresentationDraft(
            title_vi=title, agenda_item_id=item, order_in_item=order)).id

    add("D2-1", d2, 1)
    add("late-2", late, 2)
    add("late-1", late, 1)
    add("B-1", room_b, 1)
    add("early-2", early, 2)
    add("early-1", early, 1)
    withdrawn = add("early-3", early, 3)
    svc.set_status(db, withdrawn, "withdrawn")
    unplanned = svc.create_presentation(db, event.id, PresentationDraft(title_vi="chưa xếp"))

    day1 = [r.title_vi for r in svc.run_of_show(db, event.id, DAY1)]
    assert day1 == ["early-1", "early-2", "B-1", "late-1", "late-2"]
    room_a = svc.resolve_room(db, event.id, "hội trường a")
    assert [r.title_vi for r in svc.run_of_show(db, event.id, DAY1, room_a)] == [
        "early-1", "early-2", "late-1", "late-2"]
    everything = [r.title_vi for r in svc.list_presentations(db, event.id)]
    assert everything[-1] == unplanned.title_vi
    assert everything[:6] == ["early-1", "early-2", "early-3", "B-1", "late-1", "late-2"]
    slots = svc.show_slots(db, event.id)
    assert [(s.day, s.room, s.count) for s in slots] == [
        (DAY1, "Hội trường A", 4), (DAY1, "Phòng B", 1), (DAY2, "Hội trường A", 1)]


def test_new_presentation_goes_after_the_last_of_its_item(db, event) -> None:
    item = _item(db, event.id, "A", DAY1, "08:00", "09:00", "x")
    first = svc.create_presentation(db, event.id, PresentationDraft(title_vi="1", agenda_item_id=item))
    second = svc.create_presentation(db, event.id, PresentationDraft(title_vi="2", agenda_item_id=item))
    assert (first.order_in_item, second.order_in_item) == (1, 2)


@pytest.mark.postgres
def test_versions_on_postgres(pg_db, store, tmp_path: Path) -> None:
    from confman.core.events.service import create_event

    ev = create_event(pg_db, code="PG1", name_vi="Hội nghị", start_date=DAY1, end_date=DAY2)
    pres = svc.create_presentation(pg_db, ev.id, PresentationDraft(title_vi="Tham luận"))
    svc.add_file(pg_db, pres.id, _pdf(tmp_path, "một.pdf", "1"), store=store)
    svc.add_file(pg_db, pres.id, _pdf(tmp_path, "hai.pdf", "2"), store=store)
    svc.restore_version(pg_db, pres.id, 1)
    row = svc.get_presentation(pg_db, pres.id)
    assert [(f.version, f.restored_from_version) for f in row.files] == [(1, None), (2, None), (3, 1)]


def test_store_root_can_be_shared_and_open_copies_keep_the_name(db, event, tmp_path: Path, monkeypatch) -> None:
    shared = tmp_path / "shared files"
    monkeypatch.setenv("CONFMAN_FILES_DIR", str(shared))
    pres = svc.create_presentation(db, event.id, PresentationDraft(title_vi="A"))
    added = svc.add_file(db, pres.id, _pdf(tmp_path, "Báo cáo: tổng kết?.pdf", "x"))
    assert svc.file_path(added.file).is_relative_to(shared)
    copy = svc.openable_copy(added.file, folder=tmp_path / "open")
    assert copy.name == "Báo cáo_ tổng kết_.pdf" and copy.read_bytes().endswith(b"x")
    svc.file_path(added.file).unlink()
    with pytest.raises(DomainError) as info:
        svc.openable_copy(added.file, folder=tmp_path / "open2")
    assert info.value.code == "presentations.file.missing_in_store"
