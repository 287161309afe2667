"""Delegates without a category are counted as "Chưa phân hạng" / "Uncategorised" on every figure, on both databases."""

from __future__ import annotations

import pytest

from confman.core.badges.codes import make_code
from confman.core.checkin.service import checkin_stats, perform_checkin
from confman.core.events.service import event_secret
from confman.core.registration.models import Delegate
from confman.core.reports.data import event_info
from confman.core.reports.figures import attendance_figures


def _event_with_one_uncategorised(database, make_event, make_delegate) -> int:
    event = make_event(database)
    vip = make_delegate(event.id, "Đặng Thị Hồng", category_code="VIP", database=database)
    loose = make_delegate(event.id, "Nguyễn Văn An", database=database)
    with database.session() as s:
        s.get(Delegate, loose).category_id = None
    secret = event_secret(database, event.id)
    for delegate_id in (vip, loose):
        perform_checkin(database, event_id=event.id, station="Bàn 1",
                        code=make_code(event_id=event.id, delegate_id=delegate_id, badge_version=1, secret=secret))
    return event.id


def _check(database, event_id: int) -> None:
    stats = checkin_stats(database, event_id)
    assert [(c.label("vi"), c.label("en"), c.expected, c.checked_in) for c in stats.by_category][-1] == \
        ("Chưa phân hạng", "Uncategorised", 1, 1)
    assert "—" not in stats.to_json("vi")["by_category"]
    assert stats.to_json("en")["by_category"]["Uncategorised"] == {"expected": 1, "checked_in": 1}
    figures = attendance_figures(database, event_info(database, event_id))
    assert figures.to_json("vi")["by_category"]["Chưa phân hạng"] == {"expected": 1, "checked_in": 1}
    assert figures.to_json("en")["by_category"]["Uncategorised"] == {"expected": 1, "checked_in": 1}
    assert "" not in figures.to_json("vi")["by_category"]


def test_uncategorised_on_sqlite(db, make_event, make_delegate):
    _check(db, _event_with_one_uncategorised(db, make_event, make_delegate))


@pytest.mark.postgres
def test_uncategorised_on_postgresql(pg_db, make_event, make_delegate):
    _check(pg_db, _event_with_one_uncategorised(pg_db, make_event, make_delegate))
