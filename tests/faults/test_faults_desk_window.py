"""The check-in window at a desk whose PostgreSQL server freezes mid-session (issue 13, item 6).

The real asynchronous window: after a few scans online the server freezes (a proxy that stops
forwarding); the next badges still get their cards within 2 s, from the desk's copy, and the
desk says it is offline — the counters' refresh and the 2-s poll do not hold the scans.
"""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

pytest.importorskip("psycopg")

from confman.core.checkin.service import current_code  # noqa: E402
from confman.core.db.engine import Database  # noqa: E402
from tests.faults.tcp_proxy import TcpProxy  # noqa: E402

pytestmark = pytest.mark.postgres


def test_a_desk_window_keeps_answering_within_2_s_when_its_server_freezes(qtbot, pg_db, pg_url, make_event,
                                                                          make_delegate, make_window):
    from sqlalchemy.engine import make_url

    event = make_event(database=pg_db)
    ids = [make_delegate(event.id, f"Đại biểu {i}", database=pg_db) for i in range(6)]
    codes = [current_code(pg_db, event_id=event.id, delegate_id=i) for i in ids]
    url = make_url(pg_url)
    proxy = TcpProxy((url.host or "127.0.0.1", url.port or 5432))
    desk_db = Database.open(proxy.url(pg_url))
    window = make_window(desk_db, asynchronous=True, page="nav.checkin")
    page = window.pages["nav.checkin"]
    card = page.card

    def scan(code: str) -> float:
        QTest.keyClicks(window.nav, code)
        started = time.monotonic()
        with qtbot.waitSignal(card.result_painted, timeout=10_000,
                              check_params_cb=lambda result: result.code == code):
            QTest.keyClick(window.nav, Qt.Key.Key_Return)
        return time.monotonic() - started

    page.poll()  # copies the event for offline use
    qtbot.waitUntil(lambda: page.link.desk is not None and page.link.desk.queue.has_snapshot(event.id),
                    timeout=10_000)
    for code in codes[:3]:
        scan(code)
        assert card.result.result == "ok" and not card.result.offline

    proxy.freeze()  # right after a scan: the counters' refresh (250 ms later) asks a server that will not answer
    qtbot.wait(400)  # the next badge arrives while that refresh waits for the server
    waited = scan(codes[0])
    assert waited < 2.0, waited
    assert card.result.offline and card.result.result == "duplicate"
    assert "Mất kết nối" in page.header.connection.text()
    page.poll()
    for code in codes[3:5]:
        assert scan(code) < 2.0
        assert card.result.offline and card.result.result == "ok"
    proxy.thaw()
    proxy.kill()
    window.close()
    desk_db.dispose()
