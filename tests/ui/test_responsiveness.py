"""The window keeps answering while heavy work runs: a scan at the desk while 1,000 badges render.

(The 20,000-delegate report and the tour of every page are in ``test_responsiveness_20k.py``,
marked ``slow``/``benchmark``.)
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlalchemy import select

from confman.core.checkin.service import current_code
from confman.core.demo import create_demo
from confman.core.registration.models import Delegate
from confman.core.settings import Settings

CARD_WITHIN_MS = 300


def scan_and_time(qtbot, window, code: str) -> float:
    """Type ``code`` like a USB scanner (keys, then Enter) and return ms until its card is painted."""
    page = window.pages["nav.checkin"]
    QTest.keyClicks(window.nav, code)
    started = time.perf_counter()
    with qtbot.waitSignal(page.card.result_painted, timeout=5000,
                          check_params_cb=lambda result: result.code == code):
        QTest.keyClick(window.nav, Qt.Key.Key_Return)
    return (time.perf_counter() - started) * 1000


def test_a_scan_during_a_1000_badge_render_shows_its_card_at_once(qtbot, db, make_window, heartbeat):
    event = create_demo(db, delegates=1000).event
    with db.session() as session:
        first = session.scalars(select(Delegate.id).where(Delegate.event_id == event.id).order_by(Delegate.id)).first()
    code = current_code(db, event_id=event.id, delegate_id=first)
    window = make_window(page="nav.checkin", asynchronous=True,
                         settings=Settings(language="vi", station="Bàn 1", sounds=False, last_event_code=event.code))
    desk = window.pages["nav.checkin"]
    qtbot.waitUntil(lambda: desk.data_shown, timeout=10_000)
    badges = window.pages["nav.badges"]  # built hidden: it selects everyone and renders 1,000 badges
    qtbot.waitUntil(lambda: badges.progress.bar.value() > 0, timeout=60_000)  # the process is drawing
    heartbeat.start()
    took = scan_and_time(qtbot, window, code)
    rendering = badges.progress.busy
    qtbot.waitUntil(lambda: badges.rendered is not None, timeout=60_000)
    heartbeat.stop()
    assert desk.card.result.result == "ok" and desk.card.result.delegate_id == first
    assert rendering, "the render had finished before the scan: the test proved nothing"
    assert len(badges.rendered.badges) >= 1000
    print(f"scan → card {took:.0f} ms during the render; worst UI stall {heartbeat.worst_ms:.0f} ms")
    assert took < CARD_WITHIN_MS, f"card painted {took:.0f} ms after the scan"
    assert heartbeat.worst_ms < 250, f"the UI thread stalled {heartbeat.worst_ms:.0f} ms"
