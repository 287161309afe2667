"""1,000 badges through the service, end to end: DB query (batch selection, badge data with codes),
render and print log — on 10-up A4 sheets and on single CR80 cards.

Run with ``pytest -m benchmark tests/benchmarks/test_badges_service_benchmark.py -s``.  In the
same run it times the core engineer's bare ReportLab script (``test_badge_benchmark.bare_render``:
same text, shapes and precomputed QR modules, no application logic) and the bare renderer
(``render_badges`` on prepared ``BadgeData``), so the figures show what the database layer adds.
The machine is shared: ratios on CPU time are asserted, plus generous absolute bounds.
"""

from __future__ import annotations

import io
import time

import pytest
from sqlalchemy import select

from confman.core.badges import service as badges
from confman.core.badges.models import BadgePrint
from confman.core.badges.qr import qr_matrix
from confman.core.badges.render import qr_path_ops, render_badges
from confman.core.registration.models import Category, Delegate, Organization
from tests.benchmarks.test_badge_benchmark import EVENT, bare_render, make_badges

pytestmark = pytest.mark.benchmark

COUNT = 1000
ROUNDS = 3
MAX_RATIO_VS_BARE = 3.0  # service (DB + codes + render) against the bare ReportLab script
ABSOLUTE_BOUND_S = 8.0


@pytest.fixture
def event_with_thousand(db, make_event):
    """1,000 delegates with organizations and categories, inserted in bulk."""
    event = make_event(code="BENCH")
    people = make_badges()
    with db.session() as session:
        categories = {c.code: c.id for c in session.scalars(select(Category).where(Category.event_id == event.id))}
        orgs: dict[str, int] = {}
        for badge in people:
            if badge.organization not in orgs:
                org = Organization(name=badge.organization)
                session.add(org)
                session.flush()
                orgs[badge.organization] = org.id
        codes = list(categories.values())
        for number, badge in enumerate(people):
            session.add(Delegate(event_id=event.id, honorific=badge.honorific, full_name=badge.full_name,
                                 position=badge.position, organization_id=orgs[badge.organization],
                                 category_id=codes[number % len(codes)], delegation=badge.delegation))
    return event


def _cpu(function):
    wall, cpu = time.perf_counter(), time.process_time()
    result = function()
    return time.perf_counter() - wall, time.process_time() - cpu, result


@pytest.mark.parametrize(("template_name", "ten_up"), [("a4_10up_cr80", True), ("cr80_landscape", False)])
def test_thousand_badges_through_the_service(db, event_with_thousand, template_name, ten_up, capsys):
    event = event_with_thousand
    template = badges.get_template(db, template_name)
    prepared = make_badges()
    qr_ops = [qr_path_ops(qr_matrix(b.code)) for b in prepared]

    def service_run() -> bytes:
        batch = badges.select_batch(db, event.id)
        rendered = badges.render_batch(db, event.id, batch, template)
        return rendered.pdf or b""

    def bare_renderer() -> bytes:
        buffer = io.BytesIO()
        render_badges(prepared, template, EVENT, buffer)
        return buffer.getvalue()

    service_run()  # warm-up: fonts, caches
    best = {"service": (1e9, 1e9), "renderer": (1e9, 1e9), "bare": (1e9, 1e9)}
    size = 0
    for _ in range(ROUNDS):
        wall, cpu, pdf = _cpu(service_run)
        size = len(pdf)
        best["service"] = (min(best["service"][0], wall), min(best["service"][1], cpu))
        wall, cpu, _ = _cpu(bare_renderer)
        best["renderer"] = (min(best["renderer"][0], wall), min(best["renderer"][1], cpu))
        wall, cpu, _ = _cpu(lambda: bare_render(prepared, qr_ops, ten_up=ten_up))
        best["bare"] = (min(best["bare"][0], wall), min(best["bare"][1], cpu))

    batch = badges.select_batch(db, event.id)
    rendered = badges.render_batch(db, event.id, batch, template)
    wall_record, _cpu_record, _ = _cpu(lambda: badges.record_prints(db, event.id, rendered.badges,
                                                                     template=template_name, station="bench"))
    wall_select, _, _ = _cpu(lambda: badges.select_batch(db, event.id, badges.BadgeSelection(not_printed=True)))
    wall_data, _, _ = _cpu(lambda: badges.badge_data(db, event.id, batch.ids))
    with db.session() as session:
        assert session.scalar(select(BadgePrint.id).where(BadgePrint.event_id == event.id).limit(1)) is not None

    ratio = best["service"][1] / best["bare"][1]
    with capsys.disabled():
        print(
            f"\n[badges service] {COUNT} badges, {template_name}: service {best['service'][1]:.3f} s CPU / "
            f"{best['service'][0]:.3f} s wall ({size / 1e6:.2f} MB); render_badges alone "
            f"{best['renderer'][1]:.3f} s CPU; bare ReportLab {best['bare'][1]:.3f} s CPU; "
            f"ratio service/bare {ratio:.2f}; badge data + codes {wall_data:.3f} s; "
            f"select batch {wall_select:.3f} s; record print log {wall_record:.3f} s"
        )
    assert len(rendered.badges) == COUNT and rendered.pages == (COUNT // 10 if ten_up else COUNT)
    assert ratio <= MAX_RATIO_VS_BARE
    assert best["service"][0] < ABSOLUTE_BOUND_S
    assert wall_record < 2.0

