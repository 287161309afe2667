"""Check-in speed with 20,000 delegates: service verdict, and scanner's last key → card painted.

Run with ``pytest tests/benchmarks/test_checkin_benchmark.py -m benchmark -s``.
Targets (issue 8): verdict median < 5 ms; last key → card painted p95 < 50 ms (offscreen). The
assertions allow 2× for a loaded shared machine; each figure prints whether the target was met.
"""

from __future__ import annotations

import statistics
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlalchemy import insert, select, text

from confman.core.badges.codes import make_code
from confman.core.checkin.service import checkin_stats, perform_checkin
from confman.core.events.service import event_secret
from confman.core.registration.models import Category, Delegate

pytestmark = pytest.mark.benchmark

DELEGATES = 20_000
SCANS = 400


def _seed(db, event_id: int) -> list[str]:
    with db.session() as session:
        categories = session.scalars(select(Category.id).where(Category.event_id == event_id)).all()
        session.execute(insert(Delegate), [
            {"event_id": event_id, "full_name": f"Nguyễn Văn Thử {i}", "name_folded": f"nguyen van thu {i}",
             "sort_key": f"{i:06d}", "search_text": f"nguyen van thu {i}", "category_id": categories[i % len(categories)]}
            for i in range(DELEGATES)
        ])
        ids = session.scalars(select(Delegate.id).where(Delegate.event_id == event_id).order_by(Delegate.id)).all()
    secret = event_secret(db, event_id)
    return [make_code(event_id=event_id, delegate_id=i, badge_version=1, secret=secret) for i in ids]


def _ms(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered) * 1000, ordered[int(len(ordered) * 0.95) - 1] * 1000


def test_service_verdict_is_fast_with_20000_delegates(db, make_event):
    event = make_event()
    codes = _seed(db, event.id)

    baseline = []
    for _ in range(SCANS):
        started = time.perf_counter()
        with db.session() as session:  # one round trip + commit: the floor of any unit of work
            session.execute(text("SELECT 1"))
        baseline.append(time.perf_counter() - started)

    oks, dups, bad = [], [], []
    for code in codes[::DELEGATES // SCANS]:
        started = time.perf_counter()
        assert perform_checkin(db, event_id=event.id, code=code, station="Bàn 1").result == "ok"
        oks.append(time.perf_counter() - started)
    for code in codes[::DELEGATES // SCANS]:
        started = time.perf_counter()
        assert perform_checkin(db, event_id=event.id, code=code, station="Bàn 2").result == "duplicate"
        dups.append(time.perf_counter() - started)
    for code in codes[1::DELEGATES // SCANS]:
        started = time.perf_counter()
        assert perform_checkin(db, event_id=event.id, code=code[:-1] + "x").result == "malformed"
        bad.append(time.perf_counter() - started)
    started = time.perf_counter()
    stats = checkin_stats(db, event.id)
    stats_ms = (time.perf_counter() - started) * 1000
    assert stats.checked_in == SCANS and stats.expected == DELEGATES

    base_med, _ = _ms(baseline)
    ok_med, ok_p95 = _ms(oks)
    dup_med, dup_p95 = _ms(dups)
    bad_med, _ = _ms(bad)
    print(f"\n[check-in service, SQLite, {DELEGATES} delegates] "
          f"ok median {ok_med:.2f} ms (p95 {ok_p95:.2f}); duplicate median {dup_med:.2f} ms (p95 {dup_p95:.2f}); "
          f"malformed median {bad_med:.2f} ms; baseline empty unit of work {base_med:.2f} ms; "
          f"ok/baseline {ok_med / base_med:.1f}×; full stats {stats_ms:.0f} ms")
    print(f"target median < 5 ms: {'met' if max(ok_med, dup_med) < 5.0 else 'MISSED'}")
    # generous bounds: the machine is shared; the figures above are what the note reports
    assert ok_med < 10.0 and dup_med < 10.0
    assert ok_med < base_med * 100


def test_last_key_to_card_painted(qtbot, db, make_event):
    from confman.app import build_main_window
    from confman.core.settings import Settings

    event = make_event()
    codes = _seed(db, event.id)
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
    window.ctx.ops.wait()

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
        window.ctx.ops.wait()
    rep_med, _ = _ms(repaint)
    med, p95 = _ms(latencies)
    print(f"\n[scanner → card, offscreen, {DELEGATES} delegates] last key → card painted: median {med:.1f} ms, "
          f"p95 {p95:.1f} ms; bare card repaint median {rep_med:.1f} ms")
    print(f"target p95 < 50 ms: {'met' if p95 < 50.0 else 'MISSED'}")
    assert p95 < 200.0 and med < 50.0
