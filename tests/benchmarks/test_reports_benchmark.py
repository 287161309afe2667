"""Long sign-in sheets (and every list report) are laid out in linear time.

One ReportLab table re-measures its remainder at every page break (4,000 rows took 16 s,
12× the time of 1,000; chunked tables still 5.2×).  The sheet's rows are measured once and
split per page by running sums (:mod:`confman.core.pdf.rows`).  Target: time(4,000 rows) ≤
4.4 × time(1,000 rows), both measured in the same run, interleaved.
"""

from __future__ import annotations

import pytest

from confman.core.demo import FAMILY, GIVEN_F, GIVEN_M, MIDDLE_F, MIDDLE_M
from confman.core.registration.models import Delegate, Organization
from confman.core.reports import ReportOptions, generate
from tests.benchmarks.harness import compare

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


@pytest.mark.parametrize(("report", "group_by"), [("signin", "org"), ("signin", "category"), ("delegates", "org")])
def test_list_reports_scale_linearly(db, make_event, report: str, group_by: str):
    small = _event_with(db, make_event, 1000)
    large = _event_with(db, make_event, 4000)
    options = ReportOptions(group_by=group_by)
    figure = compare(
        f"{report} PDF ({group_by}), 4,000 rows vs 1,000 rows",
        lambda: generate(db, large, report, "pdf", options),
        lambda: generate(db, small, report, "pdf", options),
        rounds=5, unit="s", max_ratio=4.4, collect=True,
        note="linear: 4× the rows in ≤ 4.4× the time",
    )
    pages = generate(db, large, report, "pdf", options).data.count(b"/Type /Page\n")
    print(f"\n{figure.name}: {figure.ours:.2f} s vs {figure.floor:.2f} s, ratio {figure.ratio:.2f} ({pages} pages)")
    figure.check()
    assert figure.ours < 30
