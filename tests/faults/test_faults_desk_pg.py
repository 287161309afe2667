"""A desk whose PostgreSQL server freezes, dies or comes back (issue 13, items 5 and 6).

The desk reaches the server through a TCP proxy (``tcp_proxy.py``) run as its own process,
so that ``SIGSTOP`` freezes it exactly as a hung server VM would look: connections are
still accepted and bytes acknowledged by the kernel, but nothing ever answers.
"""

from __future__ import annotations

import base64
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

pytest.importorskip("psycopg")

from confman.core.checkin.conflicts import offline_conflicts  # noqa: E402
from confman.core.checkin.offline_queue import CheckinDesk, OfflineQueue  # noqa: E402
from confman.core.checkin.service import current_code, perform_checkin  # noqa: E402
from confman.core.db.engine import Database  # noqa: E402
from confman.core.events.service import event_secret  # noqa: E402
from confman.core.ledger.checkins import CheckIn  # noqa: E402
from confman.paths import data_dir  # noqa: E402
from tests.faults.tcp_proxy import TcpProxy, proxy_process  # noqa: E402

pytestmark = pytest.mark.postgres

PEOPLE = 50


@pytest.fixture
def venue(pg_db, pg_url, make_event, make_delegate):
    """An event with PEOPLE + 2 delegates on the PostgreSQL server; their badge codes."""
    event = make_event(database=pg_db)
    ids = [make_delegate(event.id, f"Đại biểu {i:02d}", database=pg_db) for i in range(PEOPLE + 2)]
    codes = [current_code(pg_db, event_id=event.id, delegate_id=i) for i in ids]
    return event, ids, codes


def _target(pg_url: str) -> tuple[str, int]:
    from sqlalchemy.engine import make_url

    url = make_url(pg_url)
    return url.host or "127.0.0.1", url.port or 5432


def _via(pg_url: str, port: int) -> str:
    """The server's URL through the proxy on ``port``."""
    from sqlalchemy.engine import make_url

    return make_url(pg_url).set(host="127.0.0.1", port=port).render_as_string(hide_password=False)


def _log(db, event_id: int) -> dict[str, int]:
    with db.session() as s:
        rows = s.execute(select(CheckIn.result, func.count()).where(CheckIn.event_id == event_id)
                         .group_by(CheckIn.result)).all()
    return {str(r): n for r, n in rows}


def test_a_frozen_server_costs_under_2_s_and_the_desk_never_readmits_its_own(pg_db, pg_url, venue):
    event, _ids, codes = venue
    with proxy_process(_target(pg_url)) as (pid, port):
        url = _via(pg_url, port)
        desk_db = Database.open(url)
        desk = CheckinDesk(desk_db, OfflineQueue(data_dir() / "checkin-offline-a.sqlite3"), station="Bàn A")
        assert desk.refresh_snapshot(event.id) == PEOPLE + 2
        for code in codes[:PEOPLE]:
            assert desk.scan(event_id=event.id, code=code).result == "ok"

        os.kill(pid, signal.SIGSTOP)  # the server's VM hangs
        started = time.monotonic()
        first = desk.scan(event_id=event.id, code=codes[0])
        waited = time.monotonic() - started
        assert waited < 2.0, waited
        assert first.offline and first.result == "duplicate" and first.first_station == "Bàn A"
        assert not desk.online
        again = [desk.scan(event_id=event.id, code=code) for code in codes[1:PEOPLE]]
        assert [r.result for r in again] == ["duplicate"] * (PEOPLE - 1)
        assert all(r.offline for r in again)
        assert time.monotonic() - started < 4.0  # once offline, no scan waits for the server again
        newcomer = desk.scan(event_id=event.id, code=codes[PEOPLE])
        assert newcomer.result == "ok" and newcomer.offline

        # nothing in the desk's files lets anyone mint a badge, on a PostgreSQL desk either
        secret = event_secret(pg_db, event.id)
        spellings = [secret, secret.hex().encode(), base64.b64encode(secret), base64.b32encode(secret),
                     repr(secret)[2:-1].encode()]
        for path in Path(data_dir()).rglob("*"):
            if path.is_file():
                content = path.read_bytes()
                assert not any(s in content for s in spellings), path.name

        os.kill(pid, signal.SIGCONT)  # the server is back
        report = desk.reconnect(event.id)
        assert report is not None and report.replayed == PEOPLE + 1 and report.conflicts == ()
        assert desk.online
        assert _log(pg_db, event.id) == {"ok": PEOPLE + 1, "duplicate": PEOPLE}
        desk_db.dispose()


def test_a_killed_server_link_gives_the_offline_verdict_at_once(pg_db, pg_url, venue):
    event, _ids, codes = venue
    proxy = TcpProxy(_target(pg_url))
    desk_db = Database.open(proxy.url(pg_url))
    desk = CheckinDesk(desk_db, OfflineQueue(data_dir() / "checkin-offline-k.sqlite3"), station="Bàn K")
    desk.refresh_snapshot(event.id)
    assert desk.scan(event_id=event.id, code=codes[0]).result == "ok"
    proxy.kill()
    started = time.monotonic()
    result = desk.scan(event_id=event.id, code=codes[0])
    assert time.monotonic() - started < 2.0
    assert result.offline and result.result == "duplicate" and not desk.online
    desk_db.dispose()


def test_other_desks_admissions_reach_an_offline_desk_and_double_admissions_are_reported(pg_db, pg_url, venue):
    event, _ids, codes = venue
    proxy = TcpProxy(_target(pg_url))
    desk_db = Database.open(proxy.url(pg_url))
    desk_a = CheckinDesk(desk_db, OfflineQueue(data_dir() / "checkin-offline-a.sqlite3"), station="Bàn A")
    desk_a.refresh_snapshot(event.id)

    assert perform_checkin(pg_db, event_id=event.id, code=codes[0], station="Bàn B").ok  # desk B, online
    desk_a.refresh_snapshot(event.id)  # desk A's next poll (every 2 s in the window)
    proxy.freeze()  # desk A loses the server
    known = desk_a.scan(event_id=event.id, code=codes[0])
    assert known.offline and known.result == "duplicate" and known.first_station == "Bàn B"

    # inside the window: desk B lets someone in after desk A's last refresh
    assert perform_checkin(pg_db, event_id=event.id, code=codes[1], station="Bàn B").ok
    twice = desk_a.scan(event_id=event.id, code=codes[1])
    assert twice.offline and twice.result == "ok"  # desk A cannot know: this is the bounded window

    proxy.thaw()
    report = desk_a.reconnect(event.id)
    assert report is not None and report.replayed == 2
    assert [(c.delegate_id, c.station, c.first_station) for c in report.conflicts] == \
        [(twice.delegate.id, "Bàn A", "Bàn B")]
    # the organiser sees it on the server, whichever desk looks
    rows = offline_conflicts(pg_db, event.id)
    assert [(r.delegate_id, r.offline_station, r.first_station) for r in rows] == [(twice.delegate.id, "Bàn A", "Bàn B")]
    assert desk_a.queue.sync(pg_db).replayed == 0 and len(offline_conflicts(pg_db, event.id)) == 1
    desk_db.dispose()


def test_cli_checkin_ends_within_10_s_against_a_frozen_server(pg_db, pg_url, venue):
    event, _ids, codes = venue
    root = Path(__file__).parents[2]
    with proxy_process(_target(pg_url)) as (pid, port):
        url = _via(pg_url, port)
        command = [sys.executable, "-m", "confman", "--db", url, "--event", event.code, "checkin", codes[0]]
        env = {**os.environ, "CONFMAN_LANG": "en"}
        ok = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=root, env=env)
        assert ok.returncode == 0 and "Welcome" in ok.stdout, ok.stderr
        os.kill(pid, signal.SIGSTOP)
        started = time.monotonic()
        frozen = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=root, env=env)
        elapsed = time.monotonic() - started
    assert elapsed < 10.0, elapsed
    assert frozen.returncode == 2
    lines = frozen.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in frozen.stderr, frozen.stderr


def test_a_poll_or_a_sync_against_a_frozen_server_gives_up_within_seconds(pg_db, pg_url, venue):
    from confman.core.checkin.offline_queue import REPLAY_DEADLINE_S

    event, _ids, codes = venue
    proxy = TcpProxy(_target(pg_url))
    desk_db = Database.open(proxy.url(pg_url))
    desk = CheckinDesk(desk_db, OfflineQueue(data_dir() / "checkin-offline-p.sqlite3"), station="Bàn P")
    assert desk.poll(event.id) is not None  # online: the log's fingerprint; the copy refreshes aside
    deadline = time.monotonic() + 20
    while not desk.queue.has_snapshot(event.id) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert desk.queue.has_snapshot(event.id)

    proxy.freeze()
    started = time.monotonic()
    assert desk.poll(event.id) is None  # the page's 2-s poll: it never holds the scans behind it
    assert time.monotonic() - started < 2.0 and not desk.online
    assert desk.scan(event_id=event.id, code=codes[0]).result == "ok"  # offline, queued

    started = time.monotonic()  # a sync started while the server is still frozen stops, keeping the scan
    report = desk.queue.sync(desk_db)
    assert time.monotonic() - started < REPLAY_DEADLINE_S + 2.0
    assert report.replayed == 0 and report.remaining == 1
    proxy.thaw()
    desk_db.dispose()
    proxy.kill()
