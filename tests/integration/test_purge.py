"""Purging personal data: backup first, explicit confirmation, contact data and photos gone, counts kept."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from confman.core.audit import AuditLog
from confman.core.checkin.service import current_code, perform_checkin
from confman.core.db.backup import list_backups, rotate_backups
from confman.core.demo import create_demo
from confman.core.errors import DomainError
from confman.core.events.models import Event
from confman.core.registration.models import Delegate
from confman.core.registration.rows import DelegateInput
from confman.core.registration.service import search_delegates, update_delegate
from confman.core.reports import ReportOptions, generate
from confman.core.reports.purge import purge_personal_data

PHOTO = b"\xff\xd8\xff\xe0 not really a jpeg"


@pytest.fixture
def finished(db):
    """The demo (December 2018, long over) with check-ins, a photo, notes and an audited phone change."""
    event = create_demo(db, delegates=60).event
    with db.session() as session:
        people = list(session.scalars(select(Delegate).where(Delegate.event_id == event.id).order_by(Delegate.id)))
        people[0].photo = PHOTO
        people[1].notes = "Ăn chay; dị ứng hải sản"
        ids = [d.id for d in people]
    for delegate_id in ids[::2]:
        perform_checkin(db, event_id=event.id, code=current_code(db, event_id=event.id, delegate_id=delegate_id),
                        now=datetime(2018, 12, 12, 1, 0, tzinfo=UTC))
    # The delegates service audits the old and new phone: the purge must scrub that copy too.
    update_delegate(db, ids[2], DelegateInput(full_name="Nguyễn Thị Lan", phone="0912 345 678",
                                              email="lan@mic.gov.vn", organization="Bộ Nội vụ",
                                              notes="gọi trước 8 giờ"))
    return event


def _contacts(db, event_id):
    with db.session() as session:
        rows = session.execute(select(Delegate.phone, Delegate.email, Delegate.photo, Delegate.notes)
                               .where(Delegate.event_id == event_id)).all()
    return {"phones": sum(1 for r in rows if r[0]), "emails": sum(1 for r in rows if r[1]),
            "photos": sum(1 for r in rows if r[2]), "notes": sum(1 for r in rows if r[3])}


def test_purge_removes_contacts_and_photos_keeps_the_counts(db, finished, tmp_path):
    other = create_demo(db, code="OTHER", delegates=10).event  # another event's data stays
    before_other = _contacts(db, other.id)
    before = _contacts(db, finished.id)
    assert before["phones"] and before["emails"] and before["photos"] == 1 and before["notes"] >= 2
    attendance = generate(db, finished.id, "attendance", "pdf", ReportOptions()).figures
    signin = generate(db, finished.id, "signin", "pdf", ReportOptions()).figures

    result = purge_personal_data(db, finished.id, confirm=finished.code, backups_folder=tmp_path / "backups",
                                 keep_backup=True)

    # The one backup the user chose to keep holds the data as it was, named for what it holds.
    assert result.backup is not None and result.backup.exists()
    assert result.backup.name.startswith("personal-data-confman-")
    assert [(b.kind, b.reason) for b in list_backups(tmp_path / "backups")] == [
        ("kept", "before-purge-asean-tt-2018")]
    assert rotate_backups(tmp_path / "backups", 0) == [] and result.backup.exists()  # never rotated away
    assert [(r.path, r.personal_data) for r in result.remaining] == [(result.backup, True)]
    with sqlite3.connect(result.backup) as copy:
        assert copy.execute("SELECT count(*) FROM delegates WHERE event_id = ? AND phone != ''",
                            (finished.id,)).fetchone()[0] == before["phones"]
    # Contact data, photos and notes gone; the other event untouched.
    assert _contacts(db, finished.id) == {"phones": 0, "emails": 0, "photos": 0, "notes": 0}
    assert (result.phones, result.emails, result.photos, result.notes) == (
        before["phones"], before["emails"], before["photos"], before["notes"])
    assert _contacts(db, other.id) == before_other
    # Nothing findable by phone any more (the folded search column is recomputed).
    assert search_delegates(db, finished.id, "0912345678").filtered == 0
    assert search_delegates(db, finished.id, "Lan").filtered >= 1
    # The audit log no longer holds the old values.
    with db.session() as session:
        logged = " ".join(str(a.changes) for a in session.scalars(select(AuditLog)))
        event = session.get(Event, finished.id)
        assert event.settings.get("personal_data_purged_at")
        assert session.scalar(select(AuditLog).where(AuditLog.action == "purge_personal_data")) is not None
    assert "0912345678" not in logged and "lan@mic.gov.vn" not in logged and "gọi trước" not in logged
    # Names and every figure of the attendance report are kept.
    assert generate(db, finished.id, "attendance", "pdf", ReportOptions()).figures == attendance
    assert generate(db, finished.id, "signin", "pdf", ReportOptions()).figures == signin
    text = generate(db, finished.id, "attendance", "pdf", ReportOptions()).data
    assert text  # still renders, with the purge noted
    listing = generate(db, finished.id, "delegates", "xlsx", ReportOptions(include_contacts=True))
    assert b"0912345678" not in listing.data


def test_purge_needs_the_typed_event_code_and_changes_nothing_otherwise(db, finished, tmp_path):
    before = _contacts(db, finished.id)
    with pytest.raises(DomainError) as err:
        purge_personal_data(db, finished.id, confirm="yes", backups_folder=tmp_path / "b")
    assert err.value.code == "reports.purge.confirmation"
    assert _contacts(db, finished.id) == before
    assert not (tmp_path / "b").exists()  # not even a backup


def test_purge_refuses_an_event_not_finished(db, make_event, make_delegate, tmp_path):
    today = date.today()
    event = make_event(code="NOW", start_date=today - timedelta(days=1), end_date=today + timedelta(days=1))
    make_delegate(event.id, "Lê Văn Tám", phone="0987654321")
    with pytest.raises(DomainError) as err:
        purge_personal_data(db, event.id, confirm="NOW", backups_folder=tmp_path / "b")
    assert err.value.code == "reports.purge.not_finished"
    assert _contacts(db, event.id)["phones"] == 1


@pytest.mark.postgres
def test_purge_on_postgresql_needs_a_declared_server_backup(pg_db, tmp_path):
    event = create_demo(pg_db, delegates=12).event
    with pytest.raises(DomainError) as err:
        purge_personal_data(pg_db, event.id, confirm=event.code, backups_folder=tmp_path)
    assert err.value.code == "reports.purge.backup_required"
    assert _contacts(pg_db, event.id)["phones"] > 0
    counts = generate(pg_db, event.id, "attendance", "pdf", ReportOptions()).figures
    result = purge_personal_data(pg_db, event.id, confirm=event.code, backups_folder=None, external_backup=True)
    assert result.backup is None and result.phones > 0
    assert _contacts(pg_db, event.id)["phones"] == 0
    assert generate(pg_db, event.id, "attendance", "pdf", ReportOptions()).figures == counts
