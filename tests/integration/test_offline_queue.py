"""An offline desk: the server goes away (a dead port), scans keep flowing, sync replays each once."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from confman.core.badges.codes import make_code
from confman.core.checkin.models import CheckIn
from confman.core.checkin.offline_queue import CheckinDesk, OfflineQueue
from confman.core.checkin.service import perform_checkin, undo_checkin
from confman.core.db.engine import Database
from confman.core.enums import DelegateStatus
from confman.core.events.service import create_event, event_secret
from confman.core.registration.models import Delegate

DEAD_SERVER = "postgresql+psycopg://confman:confman@127.0.0.1:1/confman_gone"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def server(request):
    return request.getfixturevalue("db" if request.param == "sqlite" else "pg_db")


def _event_with_people(db, make_delegate, n=5):
    from datetime import date

    event = create_event(db, code=f"OFF{os.getpid() % 1000}", name_vi="Hội nghị ngoại tuyến",
                         start_date=date(2026, 12, 10), end_date=date(2026, 12, 10))
    ids = [make_delegate(event.id, f"Đại biểu {i}", database=db) for i in range(n)]
    secret = event_secret(db, event.id)
    codes = [make_code(event_id=event.id, delegate_id=i, badge_version=1, secret=secret) for i in ids]
    return event, ids, codes


def _log(db, event_id):
    with db.session() as s:
        return s.execute(select(CheckIn.uuid, CheckIn.result, CheckIn.delegate_id, CheckIn.station)
                         .where(CheckIn.event_id == event_id).order_by(CheckIn.id)).all()


def test_offline_scans_are_replayed_exactly_once_and_cross_desk_duplicates_reported(server, make_delegate, tmp_path,
                                                                                 pg_driver):
    event, ids, codes = _event_with_people(server, make_delegate)
    perform_checkin(server, event_id=event.id, code=codes[4], station="Bàn 2")  # arrived before the outage
    with server.session() as s:
        s.get_one(Delegate, ids[3]).status = DelegateStatus.CANCELLED
    queue = OfflineQueue(tmp_path / "queue.sqlite3")
    desk = CheckinDesk(server, queue, station="Bàn 1")
    assert desk.refresh_snapshot(event.id) == 5

    dead = Database.open(DEAD_SERVER, check=False)
    desk.db = dead  # the network cable is pulled
    started = time.perf_counter()
    verdicts = [desk.scan(event_id=event.id, code=c).result
                for c in (codes[0], codes[1], codes[0], codes[3], codes[4], "12345", codes[2])]
    assert not desk.online
    assert verdicts == ["ok", "ok", "duplicate", "cancelled", "duplicate", "malformed", "ok"]
    assert time.perf_counter() - started < 10
    assert desk.reconnect(event.id) is None and not desk.online  # still down
    assert queue.pending() == 7

    # meanwhile desk 2, still connected, lets delegate 1 in
    perform_checkin(server, event_id=event.id, code=codes[1], station="Bàn 2")

    # the laptop is closed and reopened: the queue is still there
    queue.close()
    queue = OfflineQueue(tmp_path / "queue.sqlite3")
    desk = CheckinDesk(dead, queue, station="Bàn 1")
    desk.online = False
    assert queue.pending(event.id) == 7

    desk.db = server  # the server is back
    report = desk.reconnect(event.id)
    assert report is not None and report.replayed == 7 and report.remaining == 0
    assert [(c.delegate_id, c.first_station) for c in report.conflicts] == [(ids[1], "Bàn 2")]
    assert desk.online

    rows = _log(server, event.id)
    uuids = Counter(r.uuid for r in rows)
    assert set(uuids.values()) == {1} and len(rows) == 2 + 7
    oks = Counter(r.delegate_id for r in rows if r.result == "ok")
    assert oks == {ids[0]: 1, ids[1]: 1, ids[2]: 1, ids[4]: 1}

    # syncing again replays nothing
    assert queue.sync(server).replayed == 0
    assert len(_log(server, event.id)) == 9
    dead.dispose()


def test_a_scan_committed_just_before_the_link_dropped_is_not_logged_twice(db, make_delegate, tmp_path):
    event, _ids, codes = _event_with_people(db, make_delegate, 1)
    queue = OfflineQueue(tmp_path / "q.sqlite3")
    queue.refresh_snapshot(db, event.id)
    queued = queue.scan_offline(event_id=event.id, code=codes[0], station="Bàn 1")
    # the server had in fact received that very scan before the desk lost it
    perform_checkin(db, event_id=event.id, code=codes[0], station="Bàn 1", scan_uuid=queued.uuid)
    report = queue.sync(db)
    assert report.replayed == 1 and report.conflicts == ()
    assert [r.result for r in _log(db, event.id)] == ["ok"]


def test_snapshot_knows_who_already_arrived_and_undos(db, make_delegate, tmp_path):
    event, ids, codes = _event_with_people(db, make_delegate, 2)
    perform_checkin(db, event_id=event.id, code=codes[0], station="Bàn 3")
    perform_checkin(db, event_id=event.id, code=codes[1], station="Bàn 3")
    undo_checkin(db, event_id=event.id, delegate_id=ids[1])
    queue = OfflineQueue(tmp_path / "q.sqlite3")
    queue.refresh_snapshot(db, event.id)
    first = queue.scan_offline(event_id=event.id, code=codes[0], station="Bàn 1")
    assert first.result == "duplicate" and first.first_station == "Bàn 3" and first.offline
    assert queue.scan_offline(event_id=event.id, code=codes[1], station="Bàn 1").result == "ok"


_KILLED_DESK = """
import sys
from confman.core.checkin.offline_queue import OfflineQueue
q = OfflineQueue(__import__("pathlib").Path(sys.argv[1]))
code = sys.argv[3]
for n in range(100000):
    q.scan_offline(event_id=int(sys.argv[2]), code=code if n == 0 else "9" * (n % 7 + 1), station="Bàn 1")
    print(n + 1, flush=True)
"""


def test_queue_survives_the_process_being_killed(db, make_delegate, tmp_path):
    event, _ids, codes = _event_with_people(db, make_delegate, 1)
    path = tmp_path / "killed.sqlite3"
    OfflineQueue(path).refresh_snapshot(db, event.id)
    proc = subprocess.Popen([sys.executable, "-c", _KILLED_DESK, str(path), str(event.id), codes[0]],
                            stdout=subprocess.PIPE, text=True, cwd=Path(__file__).parents[2])
    acknowledged = 0
    assert proc.stdout is not None
    for line in proc.stdout:
        acknowledged = int(line)
        if acknowledged >= 30:
            break
    proc.kill()
    proc.wait()
    queue = OfflineQueue(path)
    assert queue.pending() >= acknowledged
    report = queue.sync(db)
    assert report.remaining == 0
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(CheckIn).where(CheckIn.result == "ok")) == 1


def test_offline_lookup_from_the_snapshot(db, make_delegate, tmp_path, pg_driver):
    event, ids, _codes = _event_with_people(db, make_delegate, 2)
    queue = OfflineQueue(tmp_path / "q.sqlite3")
    queue.refresh_snapshot(db, event.id)
    desk = CheckinDesk(Database.open(DEAD_SERVER, check=False), queue, station="Bàn 1")
    desk.online = False
    hits = desk.lookup(event.id, "dai bieu 1")
    assert [h.id for h in hits] == [ids[1]] and not hits[0].checked_in
    assert desk.manual(event_id=event.id, delegate_id=ids[1]).result == "ok"
    assert desk.lookup(event.id, "đại biểu 1")[0].checked_in


def test_the_desk_copy_holds_no_contact_data(db, make_event, make_delegate, tmp_path):
    import sqlite3

    event = make_event()
    make_delegate(event.id, "Trần Thị Lan", organization="Bộ Ngoại giao", phone="0912345678",
                  email="lan.tran@mofa.gov.vn")
    queue = OfflineQueue(tmp_path / "desk.sqlite3")
    queue.refresh_snapshot(db, event.id)
    queue.close()
    with sqlite3.connect(tmp_path / "desk.sqlite3") as conn:
        dump = "\n".join(conn.iterdump())
    assert "tran thi lan" in dump and "bo ngoai giao" in dump
    assert "0912345678" not in dump and "mofa" not in dump
