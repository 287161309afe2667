"""Long sign-in sheets are laid out in linear time.

One ReportLab table re-measures its remainder at every page break (4,000 rows took 16 s,
12× the time of 1,000); the chunked layout keeps 4× the rows near 4× the time.
Ratio measured in the same run, plus a generous absolute bound.
"""

from __future__ import annotations

import time

import pytest

from confman.core.demo import FAMILY, GIVEN_F, GIVEN_M, MIDDLE_F, MIDDLE_M
from confman.core.registration.models import Delegate, Organization
from confman.core.reports import ReportOptions, generate

MIDDLE = MIDDLE_M + MIDDLE_F  # names shared with the demo conference
GIVEN = GIVEN_M + GIVEN_F

pytestmark = pytest.mark.benchmark


def _event_with(db, make_event, count: int) -> int:
    event = make_event()
    with db.session() as session:
        orgs = [Organization(name=f"Sở Thông tin và Truyền thông số {n:02d} {event.code}") for n in range(40)]
        session.add_all(orgs)
        session.add_all(
            Delegate(event_id=event.id, full_name=f"{FAMILY[n % 10]} {MIDDLE[n // 10 % 10]} {GIVEN[n // 100 % 10]}",
                     organization=orgs[n % 40], position="Phó Trưởng phòng Thông tin – Báo chí – Xuất bản")
            for n in range(count)
        )
    return event.id


def _seconds(db, event_id: int) -> float:
    started = time.perf_counter()
    generate(db, event_id, "signin", "pdf", ReportOptions())
    return time.perf_counter() - started


def test_signin_sheet_scales_linearly(db, make_event):
    small = _event_with(db, make_event, 1000)
    large = _event_with(db, make_event, 4000)
    _seconds(db, small)  # warm up fonts and caches
    t_small = min(_seconds(db, small) for _ in range(2))
    t_large = _seconds(db, large)
    print(f"\nsign-in sheet: 1,000 rows {t_small:.2f} s, 4,000 rows {t_large:.2f} s, ratio {t_large / t_small:.1f}")
    assert t_large / t_small < 6.5
    assert t_large < 30
