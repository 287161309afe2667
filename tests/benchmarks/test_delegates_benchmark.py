"""Delegates page at 50,000 rows on SQLite, measured with the real model, view and task runner.

Targets (issue 3): first rows on screen < 300 ms after opening the page; a search (after
the 150 ms typing pause) to updated view < 50 ms median; scrolling to the end never
blocks the UI thread > 50 ms.  The machine is shared, so the asserts are generous bounds
plus ratios against a raw SQLite scan measured in the same run; the figures are printed.
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import time
import uuid

import pytest
from sqlalchemy import insert, select

from confman.core.badges.models import BadgePrint
from confman.core.checkin.models import CheckIn
from confman.core.demo import (
    FAMILY,
    GIVEN_F,
    GIVEN_M,
    MIDDLE_F,
    MIDDLE_M,
    MINISTRIES,
    POSITIONS_MINISTRY,
    PROVINCES,
)
from confman.core.registration.models import Category, Delegate, Organization
from confman.core.settings import Settings
from confman.core.text import fold, name_sort_key, split_name

pytestmark = pytest.mark.benchmark

DELEGATES = 50_000
QUERIES = ("n", "ng", "ngu", "nguy", "nguyen", "nguyen v", "nguyen va", "nguyen van", "nguyen van h",
           "dang", "duc", "0912", "5678", "so thong tin da nang", "bo ngoai giao", "zzzz")


def bulk_insert(db, event_id: int, count: int) -> None:
    """A realistic event: 50,000 delegates, 20,000 check-ins (2,000 undone), 30,000 badge prints."""
    rng = random.Random(50_000)
    with db.session() as session:
        categories = session.scalars(select(Category.id).where(Category.event_id == event_id)).all()
        orgs = [Organization(name=n) for n in
                (*MINISTRIES, *(f"Sở Thông tin và Truyền thông {p}" for p in PROVINCES),
                 *(f"UBND tỉnh {p}" for p in PROVINCES))]
        session.add_all(orgs)
        session.flush()
        org_rows = [(o.id, fold(o.name)) for o in orgs]
        rows = []
        for _ in range(count):
            female = rng.random() < 0.45
            name = (f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_F if female else MIDDLE_M)} "
                    f"{rng.choice(GIVEN_F if female else GIVEN_M)}")
            org_id, org_folded = rng.choice(org_rows)
            position = rng.choice(POSITIONS_MINISTRY)
            phone = rng.choice(("090", "091", "098", "035")) + "".join(str(rng.randrange(10)) for _ in range(7))
            parts = split_name(name)
            rows.append({
                "event_id": event_id, "honorific": "Bà" if female else "Ông", "full_name": name,
                "family_name": parts.family, "middle_name": parts.middle, "given_name": parts.given,
                "foreign_name": False, "name_folded": fold(name), "sort_key": name_sort_key(name, parts=parts),
                "search_text": " ".join((fold(name), fold(position), org_folded, phone)), "position": position,
                "organization_id": org_id, "category_id": rng.choice(categories), "delegation": "",
                "phone": phone, "email": "", "nationality": "Việt Nam", "notes": "", "status": "confirmed",
                "badge_version": 1,
            })
        session.execute(insert(Delegate), rows)
        ids = session.scalars(select(Delegate.id).where(Delegate.event_id == event_id)).all()
        checkins = []
        for delegate_id in rng.sample(ids, 20_000):
            key = str(uuid.uuid4())
            checkins.append({"uuid": key, "event_id": event_id, "delegate_id": delegate_id, "result": "ok",
                             "ok_key": key, "station": "", "scanned_code": ""})
        for ok in checkins[:2_000]:
            checkins.append({"uuid": str(uuid.uuid4()), "event_id": event_id, "delegate_id": ok["delegate_id"],
                             "result": "undone", "undoes_uuid": ok["uuid"], "ok_key": None, "station": "",
                             "scanned_code": ""})
        session.execute(insert(CheckIn), checkins)
        session.execute(insert(BadgePrint), [
            {"event_id": event_id, "delegate_id": d, "badge_version": 1, "template": "cr80", "station": "",
             "printed_by": "", "reason": ""} for d in rng.sample(ids, 30_000)])


def settle(page) -> None:
    """What the event loop does before the user sees the result: delayed layout, then paint."""
    from PySide6.QtWidgets import QApplication

    page.table.viewport().update()
    QApplication.processEvents()  # runs the view's delayed layout and the paint


def raw_scan_ms(path) -> float:
    """Baseline: one plain full scan of the delegates table with sqlite3 (median of 5)."""
    conn = sqlite3.connect(path)
    times = []
    for _ in range(5):
        start = time.perf_counter()
        conn.execute("SELECT id, search_text FROM delegates").fetchall()
        times.append((time.perf_counter() - start) * 1000)
    conn.close()
    return statistics.median(times)


def test_delegates_page_at_50000_rows(qtbot, db, make_event):
    from confman.ui.context import UiContext
    from confman.ui.delegates.delegates_page import DelegatesPage

    event = make_event(code="BENCH")
    started = time.perf_counter()
    bulk_insert(db, event.id, DELEGATES)
    print(f"\ninserted {DELEGATES:,} delegates, 22,000 check-ins, 30,000 prints in "
          f"{time.perf_counter() - started:.1f} s")
    baseline = raw_scan_ms(db.sqlite_path)

    ctx = UiContext(db, Settings(language="vi"), synchronous=False, persist_settings=False)
    ctx.set_event(event)

    # -- opening: construct, show, first search on the worker, first rows painted
    started = time.perf_counter()
    page = DelegatesPage(ctx)
    qtbot.addWidget(page)
    page.resize(1400, 900)
    with qtbot.waitSignal(page.results_shown, timeout=10_000):
        page.show()
    settle(page)
    open_ms = (time.perf_counter() - started) * 1000
    assert page.model.rowCount() == DELEGATES
    first = page.model.data(page.model.index(0, 0))
    assert first and page.model.fetch_count == 0  # the first page came with the search

    # -- search: from the end of the typing pause to the repainted view
    # Each query three times with a cold row cache; the best of three per query filters out the
    # other processes of a shared machine, the median over queries is the figure.
    search_ms, ui_ms = [], []
    for query in QUERIES:
        page.search.blockSignals(True)
        page.search.setText(query)
        page.search.blockSignals(False)
        runs, ui_runs = [], []
        for _ in range(3):
            page.model.invalidate(repaint=False)  # cold rows, without repainting the old result meanwhile
            started = time.perf_counter()
            with qtbot.waitSignal(page.results_shown, timeout=10_000):
                page.refresh()
            painting = time.perf_counter()
            settle(page)
            runs.append((time.perf_counter() - started) * 1000)
            ui_runs.append(page.last_apply_ms + (time.perf_counter() - painting) * 1000)
        search_ms.append(min(runs))
        ui_ms.append(min(ui_runs))
    page.search.clear()
    with qtbot.waitSignal(page.results_shown, timeout=10_000):
        page.refresh()
    settle(page)

    # -- scrolling: page by page over the first screens, then jumps to the end (scroll bar drags)
    bar = page.table.verticalScrollBar()
    steps = [bar.pageStep() * i for i in range(1, 30)] + [int(bar.maximum() * f / 20) for f in range(1, 21)]
    scroll_ms = []
    for value in steps:
        started = time.perf_counter()
        bar.setValue(value)
        settle(page)
        scroll_ms.append((time.perf_counter() - started) * 1000)
    scroll_p95 = sorted(scroll_ms)[int(len(scroll_ms) * 0.95)]
    last = page.model.data(page.model.index(DELEGATES - 1, 0))
    assert last and page.table.rowAt(page.table.viewport().height() - 5) >= DELEGATES - 40

    # -- Ctrl+A on every row, then a refresh that keeps the 50,000-row selection
    started = time.perf_counter()
    page.table.selectAll()
    settle(page)
    select_all_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    with qtbot.waitSignal(page.results_shown, timeout=10_000):
        page.refresh()
    settle(page)
    reselect_ms = (time.perf_counter() - started) * 1000
    assert len(page.selected_ids()) == DELEGATES
    ctx.ops.wait()

    median_search = statistics.median(search_ms)
    print(f"baseline raw full scan: {baseline:.1f} ms")
    print(f"open page → first rows painted: {open_ms:.0f} ms (target < 300 ms)")
    print("search → view, best of 3 (ms): " + ", ".join(f"{q!r} {ms:.0f}" for q, ms in zip(QUERIES, search_ms, strict=True)))
    print(f"search median {median_search:.1f} ms (best of 3 per query; target < 50 ms), "
          f"max {max(search_ms):.0f} ms; "
          f"UI thread busy per result (apply + paint): median {statistics.median(ui_ms):.1f} ms, "
          f"max {max(ui_ms):.1f} ms")
    print(f"scroll step: median {statistics.median(scroll_ms):.1f} ms, 95th percentile {scroll_p95:.1f} ms, "
          f"max {max(scroll_ms):.1f} ms "
          f"(target < 50 ms); page fetches {page.model.fetch_count}")

    print(f"select all: {select_all_ms:.0f} ms; refresh keeping 50,000 selected: {reselect_ms:.0f} ms")

    # Generous bounds for a shared 2-core machine, plus ratios to the same-run baseline.
    assert open_ms < 1500
    assert median_search < 400 and median_search < 4 * max(baseline, 1.0)
    assert max(ui_ms) < 200 and statistics.median(ui_ms) < 100
    assert max(scroll_ms) < 250 and statistics.median(scroll_ms) < 100
    assert select_all_ms < 5000 and reselect_ms < 5000
