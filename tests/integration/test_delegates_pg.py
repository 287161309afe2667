"""The same delegates services on PostgreSQL: search, sort, derived flags, merge, bulk, undo."""

from __future__ import annotations

import uuid

import pytest

from confman.core.checkin.models import CheckIn
from confman.core.enums import CheckInResult
from confman.core.registration.rows import DelegateFilters, DelegateInput, DelegateSort
from confman.core.registration.service import (
    bulk_update,
    create_delegate,
    delete_delegates,
    find_duplicates,
    get_delegate,
    merge_delegates,
    restore_delegates,
    search_delegate_ids,
    search_delegates,
)

pytestmark = pytest.mark.postgres

NAMES = ("Nguyễn Văn Đức", "Trần Thị An", "Lê Minh Anh", "Hoàng Văn Dũng", "Đặng Thu Hà", "Vũ Thị Ánh")


@pytest.fixture
def pg_event(pg_db, make_event):
    event = make_event(pg_db)
    ids = {}
    for i, name in enumerate(NAMES):
        ids[name] = create_delegate(pg_db, event.id, DelegateInput(
            full_name=name, organization="Sở TT&TT Đà Nẵng" if i % 2 else "Bộ Ngoại giao",
            phone=f"09123456{i:02d}", category_code="DB" if i % 2 else "VIP")).detail.id
    return event, ids


def _names(result):
    return [r.full_name for r in result.rows]


def test_vietnamese_order_is_the_same_as_on_sqlite(pg_db, pg_event):
    event, _ = pg_event
    assert _names(search_delegates(pg_db, event.id)) == [
        "Trần Thị An", "Lê Minh Anh", "Vũ Thị Ánh", "Hoàng Văn Dũng", "Nguyễn Văn Đức", "Đặng Thu Hà"]
    assert _names(search_delegates(pg_db, event.id, sort=DelegateSort("organization")))[:3] == [
        "Lê Minh Anh", "Nguyễn Văn Đức", "Đặng Thu Hà"]  # Bộ … before Sở …


@pytest.mark.parametrize(("query", "expected"), [
    ("dang", ["Đặng Thu Hà"]), ("anh", ["Lê Minh Anh", "Vũ Thị Ánh"]), ("so tttt da nang an", ["Trần Thị An", "Vũ Thị Ánh"]),
    ("5603", ["Hoàng Văn Dũng"]), ("_", []), ("100%", []),
])
def test_search_matches_like_sqlite(pg_db, pg_event, query, expected):
    event, _ = pg_event
    result = search_delegates(pg_db, event.id, query)
    assert _names(result) == expected and result.total == 6


def test_flags_filters_merge_bulk_and_undo(pg_db, pg_event):
    event, ids = pg_event
    duc, an = ids["Nguyễn Văn Đức"], ids["Trần Thị An"]
    ok = str(uuid.uuid4())
    with pg_db.session() as session:
        session.add(CheckIn(uuid=ok, event_id=event.id, delegate_id=an, result=CheckInResult.OK, ok_key=ok))
    assert _names(search_delegates(pg_db, event.id, filters=DelegateFilters(checked_in=True))) == ["Trần Thị An"]
    assert [c.row.id for c in find_duplicates(pg_db, event.id, full_name="x", phone="0912345601")] == [an]
    merge_delegates(pg_db, duc, an, take_from_other=["phone"])
    assert get_delegate(pg_db, duc).checked_in and get_delegate(pg_db, duc).phone == "0912345601"
    assert search_delegates(pg_db, event.id).total == 5
    result = search_delegate_ids(pg_db, event.id, first=2)
    bulk_update(pg_db, list(result.ids), status="confirmed", delegation="Đoàn Đà Nẵng")
    assert search_delegates(pg_db, event.id, "doan da nang").filtered == 5
    delete_delegates(pg_db, list(result.ids[:2]))
    assert search_delegates(pg_db, event.id).total == 3
    restore_delegates(pg_db, list(result.ids[:2]))
    assert search_delegates(pg_db, event.id).total == 5
    for column in ("name", "category", "status", "badge_printed", "checked_in", "phone", "created"):
        assert len(search_delegates(pg_db, event.id, sort=DelegateSort(column, descending=True)).rows) == 5
