"""Check-in verdicts from real badge codes (made by the badges module) and tampered ones."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select, update

from confman.core.badges.codes import make_code
from confman.core.checkin.models import CheckIn
from confman.core.checkin.service import (
    add_walk_in_hook,
    checkin_stats,
    current_code,
    is_checked_in,
    list_categories,
    lookup_delegates,
    manual_checkin,
    perform_checkin,
    recent_scans,
    register_walk_in,
    remove_walk_in_hook,
    undo_checkin,
)
from confman.core.enums import DelegateStatus
from confman.core.errors import DomainError
from confman.core.events.service import event_secret
from confman.core.registration.models import Delegate


@pytest.fixture
def event(make_event):
    return make_event()


@pytest.fixture
def an(event, make_delegate):
    return make_delegate(event.id, "Nguyễn Văn An", organization="Bộ Ngoại giao", honorific="Ông")


def code_for(db, event_id: int, delegate_id: int, version: int = 1) -> str:
    return make_code(event_id=event_id, delegate_id=delegate_id, badge_version=version,
                     secret=event_secret(db, event_id))


def log(db, event_id: int) -> list[CheckIn]:
    with db.session() as s:
        return list(s.scalars(select(CheckIn).where(CheckIn.event_id == event_id).order_by(CheckIn.id)))


def test_valid_badge_checks_in_with_the_card(db, event, an):
    r = perform_checkin(db, event_id=event.id, code=code_for(db, event.id, an), station="Bàn 1")
    assert r.result == "ok"
    assert r.delegate is not None and r.delegate.full_name == "Nguyễn Văn An"
    assert r.delegate.honorific == "Ông" and r.delegate.organization == "Bộ Ngoại giao"
    assert r.delegate.category_label_vi == "Đại biểu" and r.delegate.category_color.startswith("#")
    assert r.first_station == "Bàn 1" and r.first_checkin_at == r.scanned_at
    assert r.to_json() == {"result": "ok", "delegate_id": an, "name": "Nguyễn Văn An",
                           "first_checkin_at": r.scanned_at.isoformat(), "station": "Bàn 1"}


def test_second_scan_is_duplicate_naming_first_time_and_desk(db, event, an):
    code = code_for(db, event.id, an)
    first = perform_checkin(db, event_id=event.id, code=code, station="Bàn 2",
                            now=datetime(2026, 12, 10, 0, 42, tzinfo=UTC))
    again = perform_checkin(db, event_id=event.id, code=code, station="Bàn 1")
    assert first.result == "ok" and again.result == "duplicate"
    assert again.first_station == "Bàn 2"
    assert again.first_checkin_at == datetime(2026, 12, 10, 0, 42, tzinfo=UTC)
    assert again.delegate is not None and again.delegate.id == an
    rows = log(db, event.id)
    assert [r.result for r in rows] == ["ok", "duplicate"]
    assert [r.ok_key is not None for r in rows] == [True, False]


def test_scanner_whitespace_is_ignored(db, event, an):
    assert perform_checkin(db, event_id=event.id, code=f"  {code_for(db, event.id, an)}\r\n").result == "ok"


def test_reprinted_badge_old_code_is_replaced(db, event, an):
    old = code_for(db, event.id, an, 1)
    with db.session() as s:
        s.execute(update(Delegate).where(Delegate.id == an).values(badge_version=2))
    assert perform_checkin(db, event_id=event.id, code=old).result == "replaced"
    new = perform_checkin(db, event_id=event.id, code=code_for(db, event.id, an, 2))
    assert new.result == "ok"


def test_cancelled_and_deleted_delegates_are_refused(db, event, make_delegate):
    gone = make_delegate(event.id, "Trần Thị Bình", status=DelegateStatus.CANCELLED)
    binned = make_delegate(event.id, "Lê Văn Cường", deleted_at=datetime(2026, 12, 1, tzinfo=UTC))
    assert perform_checkin(db, event_id=event.id, code=code_for(db, event.id, gone)).result == "cancelled"
    r = perform_checkin(db, event_id=event.id, code=code_for(db, event.id, binned))
    assert r.result == "cancelled" and r.delegate is not None and r.delegate.full_name == "Lê Văn Cường"
    assert not is_checked_in(db, event_id=event.id, delegate_id=gone)


def test_badge_of_another_event_is_wrong_event(db, make_event, make_delegate, event):
    other = make_event(name_vi="Hội nghị khác")
    stranger = make_delegate(other.id, "Phạm Văn Dũng")
    r = perform_checkin(db, event_id=event.id, code=code_for(db, other.id, stranger))
    assert r.result == "wrong_event" and r.delegate is None


def test_tampered_digit_is_bad_signature(db, event, an):
    code = code_for(db, event.id, an)
    last = str((int(code[-1]) + 1) % 10)
    assert perform_checkin(db, event_id=event.id, code=code[:-1] + last).result == "bad_signature"


def test_forged_delegate_number_is_bad_signature(db, event, an, make_delegate):
    other = make_delegate(event.id, "Võ Thị Em")
    genuine = code_for(db, event.id, an)
    forged = code_for(db, event.id, other)[:-10] + genuine[-10:]
    assert perform_checkin(db, event_id=event.id, code=forged).result == "bad_signature"


@pytest.mark.parametrize("code", ["", "abc", "12345", "1" * 31, "1x23456789012345678", "đ123"])
def test_garbage_is_malformed(db, event, code):
    assert perform_checkin(db, event_id=event.id, code=code).result == "malformed"


def test_signed_code_for_unknown_delegate(db, event, an):
    assert perform_checkin(db, event_id=event.id, code=code_for(db, event.id, 999_999)).result == "unknown"


def test_every_scan_is_logged_with_station_and_time(db, event, an, make_event, make_delegate):
    other = make_event()
    codes = [code_for(db, event.id, an), code_for(db, event.id, an), "garbage",
             code_for(db, other.id, make_delegate(other.id, "X Y"))]
    for code in codes:
        perform_checkin(db, event_id=event.id, code=code, station="Bàn 3")
    rows = log(db, event.id)
    assert [r.result for r in rows] == ["ok", "duplicate", "malformed", "wrong_event"]
    assert all(r.station == "Bàn 3" and r.created_at is not None for r in rows)
    assert rows[2].scanned_code == "garbage"
    assert [s.result for s in recent_scans(db, event.id)] == ["wrong_event", "malformed", "duplicate", "ok"]


def test_undo_writes_a_compensating_row_and_allows_check_in_again(db, event, an):
    code = code_for(db, event.id, an)
    perform_checkin(db, event_id=event.id, code=code, station="Bàn 1")
    undone = undo_checkin(db, event_id=event.id, delegate_id=an, station="Bàn 1")
    assert undone.delegate_id == an
    assert not is_checked_in(db, event_id=event.id, delegate_id=an)
    assert checkin_stats(db, event.id).checked_in == 0
    again = perform_checkin(db, event_id=event.id, code=code)
    assert again.result == "ok"
    assert perform_checkin(db, event_id=event.id, code=code).result == "duplicate"
    rows = log(db, event.id)
    assert [r.result for r in rows] == ["ok", "undone", "ok", "duplicate"]  # nothing deleted
    assert rows[1].undoes_uuid == rows[0].uuid
    with pytest.raises(DomainError) as err:
        undo_checkin(db, event_id=event.id, delegate_id=an)
        undo_checkin(db, event_id=event.id, delegate_id=an)
    assert err.value.code == "checkin.nothing_to_undo"


def test_replayed_uuid_is_not_logged_twice(db, event, an):
    code = code_for(db, event.id, an)
    first = perform_checkin(db, event_id=event.id, code=code, scan_uuid="u-1")
    replay = perform_checkin(db, event_id=event.id, code=code, scan_uuid="u-1", replay=True)
    assert first.result == replay.result == "ok"
    assert len(log(db, event.id)) == 1


def test_per_session_attendance_is_separate_from_entry(db, event, an):
    from confman.core.agenda.models import AgendaItem

    with db.session() as s:
        item = AgendaItem(event_id=event.id, day=event.start_date, start_time=datetime(2026, 1, 1, 9).time(),
                          end_time=datetime(2026, 1, 1, 10).time(), title_vi="Tọa đàm", session_checkin=True)
        s.add(item)
        s.flush()
        item_id = item.id
    code = code_for(db, event.id, an)
    assert perform_checkin(db, event_id=event.id, code=code).result == "ok"
    assert perform_checkin(db, event_id=event.id, code=code, agenda_item_id=item_id).result == "ok"
    assert perform_checkin(db, event_id=event.id, code=code, agenda_item_id=item_id).result == "duplicate"
    assert checkin_stats(db, event.id, item_id).checked_in == 1
    with pytest.raises(DomainError):
        perform_checkin(db, event_id=event.id, code=code, agenda_item_id=987654)


def test_stats_count_expected_checked_in_categories_and_vips(db, event, make_delegate):
    vip = make_delegate(event.id, "Trương Minh Tuấn", category_code="VIP", organization="Bộ Thông tin và Truyền thông")
    vip2 = make_delegate(event.id, "Đỗ Văn Giang", category_code="VIP")
    press = make_delegate(event.id, "Mai Thu Hà", category_code="BC")
    make_delegate(event.id, "Bị Hủy", status=DelegateStatus.CANCELLED)
    for d in (vip, press):
        perform_checkin(db, event_id=event.id, code=code_for(db, event.id, d))
    stats = checkin_stats(db, event.id)
    assert (stats.expected, stats.checked_in) == (3, 2)
    cats = {c.code: (c.expected, c.checked_in) for c in stats.by_category}
    assert cats == {"VIP": (2, 1), "BC": (1, 1)}
    assert [p.id for p in stats.vips_missing] == [vip2]
    assert sum(n for _, n in stats.arrivals) == 2
    assert stats.to_json()["by_category"]["Báo chí"] == {"expected": 1, "checked_in": 1}
    assert sum(g.expected for g in stats.by_organization_type) == 3


def test_the_dashboards_unit_types_agree_with_the_attendance_report(db, event, make_delegate):
    """Units without a stored type count under the type their name states, as in the attendance report."""
    from confman.core.enums import OrganizationType
    from confman.core.registration.models import Organization
    from confman.core.reports.data import event_info
    from confman.core.reports.figures import attendance_figures

    for name, org in (("Lò Văn Páo", "UBND tỉnh Lào Cai"), ("Hà Thị Mai", "Ủy ban nhân dân tỉnh Hà Giang"),
                      ("Trần Văn Bình", "Báo Tuổi Trẻ"), ("Vũ Đức Long", "Công ty Cổ phần FPT")):
        make_delegate(event.id, name, organization=org)
    with db.session() as session:  # a type set by hand wins over the name
        session.scalar(select(Organization).where(Organization.name == "Công ty Cổ phần FPT")).type = \
            OrganizationType.PRESS
    lao_cai = make_delegate(event.id, "Giàng A Tủa", organization="UBND tỉnh Lào Cai")
    perform_checkin(db, event_id=event.id, code=code_for(db, event.id, lao_cai))
    stats = checkin_stats(db, event.id)
    dashboard = {g.key: (g.expected, g.checked_in) for g in stats.by_organization_type}
    assert dashboard == {"province": (3, 1), "press": (2, 0)}
    report = attendance_figures(db, event_info(db, event.id)).to_json("vi")["by_organization_type"]
    assert {k: (v["expected"], v["checked_in"]) for k, v in report.items()} == dashboard


def test_manual_lookup_is_diacritic_insensitive_and_checks_in(db, event, an, make_delegate):
    make_delegate(event.id, "Đặng Thị Hồng", organization="Sở Thông tin và Truyền thông Đà Nẵng")
    hits = lookup_delegates(db, event.id, "dang hong")
    assert [h.full_name for h in hits] == ["Đặng Thị Hồng"]
    assert [h.full_name for h in lookup_delegates(db, event.id, "da nang")] == ["Đặng Thị Hồng"]
    r = manual_checkin(db, event_id=event.id, delegate_id=hits[0].id, station="Bàn 1")
    assert r.result == "ok"
    assert lookup_delegates(db, event.id, "Đặng")[0].checked_in


def test_walk_in_registers_and_checks_in_in_one_go(db, event):
    printed = []
    add_walk_in_hook(printed.append)
    try:
        category = next(c for c in list_categories(db, event.id) if c.code == "KM")
        w = register_walk_in(db, event_id=event.id, full_name="  Hoàng   Thị Lan ", organization="Báo Nhân Dân",
                             position="Phóng viên", category_id=category.id, station="Bàn 4")
    finally:
        remove_walk_in_hook(printed.append)
    assert w.checkin.result == "ok" and w.checkin.delegate is not None
    assert w.checkin.delegate.full_name == "Hoàng Thị Lan"
    assert w.checkin.delegate.category_label_vi == "Khách mời"
    assert [p.delegate_id for p in printed] == [w.delegate_id]
    code = current_code(db, event_id=event.id, delegate_id=w.delegate_id)
    assert perform_checkin(db, event_id=event.id, code=code).result == "duplicate"
    with pytest.raises(DomainError):
        register_walk_in(db, event_id=event.id, full_name="   ")


def test_badge_of_a_merged_away_record_checks_in_the_survivor(db, event, an, make_delegate):
    from confman.core.registration.service import merge_delegates

    twin = make_delegate(event.id, "Nguyễn Văn An", organization="Bộ Ngoại giao", honorific="Ông",
                         phone="0912345678")
    old_badge = code_for(db, event.id, twin)  # printed before the organiser merged the two records
    merge_delegates(db, an, twin)
    first = perform_checkin(db, event_id=event.id, code=old_badge, station="Bàn 1")
    assert first.result == "ok" and first.delegate.id == an
    again = perform_checkin(db, event_id=event.id, code=code_for(db, event.id, an), station="Bàn 2")
    assert again.result == "duplicate" and again.first_station == "Bàn 1"
    assert [row.delegate_id for row in log(db, event.id)] == [an, an]
