"""Check-in speed with 20,000 delegates: the verdict on SQLite and over PostgreSQL, and the desk's card.

Run with ``pytest tests/benchmarks/test_checkin_benchmark.py -m benchmark -s``.  Targets (issue 18):

* verdict on SQLite ≤ 5× a bare ``sqlite3`` indexed SELECT + INSERT + COMMIT on the same file,
  measured interleaved, and < 5 ms;
* a scan over PostgreSQL through a proxy adding 10 ms each way (20 ms per round trip): p95 ≤ 60 ms
  (the door is one round trip; ``tests/integration/test_door_round_trips.py`` counts it);
* scanner's last key → card painted, p95 < 50 ms (offscreen).
"""

from __future__ import annotations

import itertools
import sqlite3
import time
import uuid

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlalchemy import insert, select

from confman.core.badges.codes import make_code
from confman.core.checkin.service import perform_checkin
from confman.core.db.base import utcnow
from confman.core.events.service import event_secret
from confman.core.registration.models import Category, Delegate
from tests.benchmarks.harness import compare, figure_from_samples

pytestmark = pytest.mark.benchmark

DELEGATES = 20_000
SCANS = 300


def _seed(db, event_id: int) -> tuple[list[int], list[str]]:
    with db.session() as session:
        categories = session.scalars(select(Category.id).where(Category.event_id == event_id)).all()
        session.execute(insert(Delegate), [
            {"event_id": event_id, "full_name": f"Nguyễn Văn Thử {i}", "name_folded": f"nguyen van thu {i}",
             "sort_key": f"{i:06d}", "search_text": f"nguyen van thu {i}", "category_id": categories[i % len(categories)]}
            for i in range(DELEGATES)
        ])
        ids = session.scalars(select(Delegate.id).where(Delegate.event_id == event_id).order_by(Delegate.id)).all()
    secret = event_secret(db, event_id)
    return list(ids), [make_code(event_id=event_id, delegate_id=i, badge_version=1, secret=secret) for i in ids]


def test_verdict_on_sqlite_is_near_a_bare_select_and_insert(db, make_event):
    event = make_event()
    ids, codes = _seed(db, event.id)
    bare = sqlite3.connect(db.sqlite_path)
    bare.execute("PRAGMA journal_mode=WAL")
    bare.execute("PRAGMA synchronous=NORMAL")
    people = iter(range(DELEGATES))
    floor_people = itertools.cycle(ids)

    def ours() -> None:
        assert perform_checkin(db, event_id=event.id, code=codes[next(people)], station="Bàn 1").result == "ok"

    def floor() -> None:  # what any door must do: find the badge's delegate, log the scan, commit
        delegate_id = next(floor_people)
        row = bare.execute("SELECT id, badge_version, status, deleted_at FROM delegates WHERE id = ?",
                           (delegate_id,)).fetchone()
        bare.execute(
            "INSERT INTO checkins (uuid, event_id, delegate_id, station, scanned_code, result, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (str(uuid.uuid4()), event.id, row[0], "Sàn", "x", "duplicate", utcnow().isoformat(" ")[:26]))
        bare.commit()

    figure = compare(f"check-in verdict (ok), SQLite, {DELEGATES:,} delegates", ours, floor, rounds=SCANS,
                     warmup=20, unit="ms", max_ratio=5.0, max_value=5.0,
                     note="floor: bare sqlite3 SELECT by id + INSERT + COMMIT")
    dup_people = iter(range(DELEGATES))

    def ours_duplicate() -> None:
        assert perform_checkin(db, event_id=event.id, code=codes[next(dup_people)]).result == "duplicate"

    duplicate = compare(f"check-in verdict (duplicate), SQLite, {DELEGATES:,} delegates", ours_duplicate, floor,
                        rounds=SCANS, warmup=20, unit="ms", max_ratio=5.0, max_value=5.0)
    bare.close()
    figure.check()
    duplicate.check()


@pytest.fixture
def psycopg_driver() -> None:
    """Skip (before the PostgreSQL fixtures run) when the driver is not installed."""
    pytest.importorskip("psycopg")


def test_scan_over_postgres_with_20_ms_round_trips(psycopg_driver, pg_db, pg_url, make_event):
    from sqlalchemy.engine import make_url

    from confman.core.db.engine import Database
    from tests.faults.tcp_proxy import TcpProxy

    event = make_event(database=pg_db)
    _ids, codes = _seed(pg_db, event.id)
    url = make_url(pg_url)
    proxy = TcpProxy((url.host or "127.0.0.1", url.port or 5432), delay_ms=10.0)
    desk = Database.open(proxy.url(pg_url))
    for code in codes[-10:]:  # connection, the event's secret, the server-side prepared statement
        perform_checkin(desk, event_id=event.id, code=code)
    samples = []
    for code in codes[:SCANS // 2]:
        started = time.perf_counter()
        assert perform_checkin(desk, event_id=event.id, code=code, station="Bàn 1").result == "ok"
        samples.append(time.perf_counter() - started)
    figure = figure_from_samples("scan over PostgreSQL, +20 ms per round trip (p95)", samples, None, unit="ms",
                                 max_value=60.0, use_p95=True, note="proxy delays each direction by 10 ms")
    desk.dispose()
    proxy.kill()
    figure.check()


def test_last_key_to_card_painted(qtbot, db, make_event):
    from confman.app import build_main_window
    from confman.core.settings import Settings

    event = make_event()
    _ids, codes = _seed(db, event.id)
    window = build_main_window(db, Settings(language="vi", station="Bàn 1", sounds=False), synchronous=False,
                               persist_settings=False)
    qtbot.addWidget(window)
    window.resize(1440, 900)
    window.show()
    window.show_page("nav.checkin")
    qtbot.waitExposed(window)
    page = window.pages["nav.checkin"]
    card = page.card
    page.poll_timer.stop()  # the 2 s poll would add noise to the figures
    window.ctx.tasks.wait()

    repaint = []
    for _ in range(30):
        started = time.perf_counter()
        with qtbot.waitSignal(card.painted, timeout=2000):
            card.update()
        repaint.append(time.perf_counter() - started)

    latencies = []
    for code in codes[7::DELEGATES // 60][:60]:
        QTest.keyClicks(window.nav, code)  # the focus is in the sidebar: anywhere but the page
        started = time.perf_counter()
        # waitSignal runs a real event loop, woken at once by the worker's result (qWait would sleep)
        with qtbot.waitSignal(card.result_painted, timeout=5000,
                              check_params_cb=lambda result, code=code: result.code == code):
            QTest.keyClick(window.nav, Qt.Key.Key_Return)
        latencies.append(time.perf_counter() - started)
        assert card.result is not None and card.result.result == "ok"
        qtbot.wait(300)  # the counters refresh behind each scan; the next badge comes seconds later
        window.ctx.tasks.wait()
    figure = figure_from_samples("scanner last key → card painted (p95)", latencies, repaint, unit="ms",
                                 max_value=50.0, use_p95=True, note="floor: a bare repaint of the card")
    figure.check()
