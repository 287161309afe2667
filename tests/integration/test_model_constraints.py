"""Constraints live in the database, not only in Python: on SQLite and on PostgreSQL."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, StatementError

from confman.core.checkin.models import CheckIn
from confman.core.enums import CheckInResult
from confman.core.registration.models import Category, Delegate


def _fresh_event(database, make_event):
    return make_event(database=database)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_db(request, db):
    if request.param == "sqlite":
        return db
    return request.getfixturevalue("pg_db")


def _expect_integrity(database, obj):
    with pytest.raises(IntegrityError), database.session() as s:
        s.add(obj)
        s.flush()


def test_foreign_keys_are_enforced(any_db):
    _expect_integrity(any_db, Delegate(event_id=999, full_name="Nguyễn Văn A"))


def test_badge_code_is_unique_per_event(any_db, make_event):
    event = _fresh_event(any_db, make_event)
    with any_db.session() as s:
        s.add(Delegate(event_id=event.id, full_name="Lê Văn Tám", badge_code="1234"))
    _expect_integrity(any_db, Delegate(event_id=event.id, full_name="Lê Văn Chín", badge_code="1234"))


def test_empty_name_and_bad_badge_version_are_refused(any_db, make_event):
    event = _fresh_event(any_db, make_event)
    _expect_integrity(any_db, Delegate(event_id=event.id, full_name=""))
    _expect_integrity(any_db, Delegate(event_id=event.id, full_name="Trần B", badge_version=0))


def test_not_null_columns(any_db, make_event):
    event = _fresh_event(any_db, make_event)
    with pytest.raises(IntegrityError), any_db.session() as s:
        s.execute(text("INSERT INTO categories (event_id, code, label_vi, label_en, color, sort_order, is_vip) "
                       "VALUES (:e, NULL, 'x', 'x', '#000000', 0, false)"), {"e": event.id})


def test_category_colour_must_be_hex(any_db, make_event):
    event = _fresh_event(any_db, make_event)
    _expect_integrity(any_db, Category(event_id=event.id, code="X", label_vi="X", color="red"))


def test_checkin_uuid_and_ok_key_are_unique(any_db, make_event):
    event = _fresh_event(any_db, make_event)
    u = str(uuid.uuid4())
    with any_db.session() as s:
        s.add(CheckIn(uuid=u, event_id=event.id, result=CheckInResult.OK, ok_key="k1"))
    _expect_integrity(any_db, CheckIn(uuid=u, event_id=event.id, result=CheckInResult.DUPLICATE))
    _expect_integrity(any_db, CheckIn(uuid=str(uuid.uuid4()), event_id=event.id, result=CheckInResult.OK,
                                      ok_key="k1"))
    with any_db.session() as s:  # many non-ok rows have no key
        s.add_all([CheckIn(uuid=str(uuid.uuid4()), event_id=event.id, result=CheckInResult.DUPLICATE)
                   for _ in range(3)])


def test_enum_values_are_checked(any_db, make_event):
    event = _fresh_event(any_db, make_event)
    with pytest.raises((IntegrityError, StatementError)), any_db.session() as s:
        s.execute(text("INSERT INTO checkins (uuid, event_id, station, scanned_code, result, created_at) "
                       "VALUES ('u', :e, '', '', 'teleported', CURRENT_TIMESTAMP)"), {"e": event.id})


def test_derived_columns_follow_the_name(any_db, make_event):
    event = _fresh_event(any_db, make_event)
    with any_db.session() as s:
        d = Delegate(event_id=event.id, full_name="  Đặng   Thị Minh  Khai ")
        s.add(d)
        s.flush()
        assert (d.family_name, d.middle_name, d.given_name) == ("Đặng", "Thị Minh", "Khai")
        assert d.name_folded == "dang thi minh khai"
        d.full_name = "Đặng Thị Minh Hưng"
        s.flush()
        assert d.given_name == "Hưng" and "hung" in d.search_text


def test_timestamps_come_back_timezone_aware_utc(any_db, make_event):
    event = _fresh_event(any_db, make_event)
    with any_db.session() as s:
        c = CheckIn(uuid=str(uuid.uuid4()), event_id=event.id, result=CheckInResult.MALFORMED)
        s.add(c)
    with any_db.session() as s:
        got = s.get(CheckIn, c.id)
        assert got.created_at.tzinfo is not None and got.created_at.utcoffset().total_seconds() == 0
