"""A desk's files cannot mint a badge (issue 13, item 4).

A desk that worked online and offline, synced, saved its settings and wrote its log leaves
files in the data folder.  None of them may hold the event's signing secret — raw, hex,
base64 or base32 — and no code computed from anything in them is accepted by the server.
"""

from __future__ import annotations

import base64
import logging
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from confman.core.badges.codes import make_code, parse_code, verifier
from confman.core.checkin.offline_queue import CheckinDesk, OfflineQueue
from confman.core.checkin.service import current_code, is_checked_in, perform_checkin
from confman.core.events.models import Event
from confman.core.events.service import event_secret
from confman.core.settings import Settings, save_settings
from confman.paths import data_dir


def _forms(secret: bytes) -> dict[str, bytes]:
    """Every spelling of the secret a careless file could hold."""
    forms = {
        "raw": secret,
        "hex": secret.hex().encode(),
        "HEX": secret.hex().upper().encode(),
        "base64": base64.b64encode(secret),
        "base64url": base64.urlsafe_b64encode(secret),
        "base32": base64.b32encode(secret),
        "base32 lower": base64.b32encode(secret).lower(),
        "python repr": repr(secret)[2:-1].encode(),  # b'\x8f…' in a logged exception
    }
    # without padding, as JSON or URLs often carry them
    forms.update({f"{k} unpadded": v.rstrip(b"=") for k, v in list(forms.items()) if v.endswith(b"=")})
    return forms


def _desk_files(folder: Path, server_files: set[Path]) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and p not in server_files and "backups" not in p.parts]


def _work_a_day_at_the_desk(db, event_id: int, ids: list[int], folder: Path) -> OfflineQueue:
    """Online scans, an outage with offline scans and a check-in by name, a sync, settings, a log."""
    from confman.logs import configure_logging

    queue = OfflineQueue(folder / "checkin-offline-desk.sqlite3")
    desk = CheckinDesk(db, queue, station="Bàn 1")
    assert desk.refresh_snapshot(event_id) == len(ids)
    for delegate_id in ids[:3]:
        assert desk.scan(event_id=event_id, code=current_code(db, event_id=event_id, delegate_id=delegate_id)).ok
    offline = [queue.scan_offline(event_id=event_id, code=current_code(db, event_id=event_id, delegate_id=d),
                                  station="Bàn 1").result for d in ids[3:5]]
    assert offline == ["ok", "ok"]
    assert queue.scan_offline(event_id=event_id, delegate_id=ids[5], station="Bàn 1").result == "ok"
    assert queue.sync(db).remaining == 0
    desk.refresh_snapshot(event_id)
    save_settings(Settings(station="Bàn 1", database_url="postgresql+psycopg://desk@192.0.2.1/confman"))
    configure_logging()
    logging.getLogger("confman.test").warning("desk day done for event %s", event_id)
    day = date(2026, 1, 1)
    try:  # an error while writing an event: its parameters (the secret) must not reach the log
        with db.session() as session:
            for name in ("x", "y"):
                session.add(Event(code="DUP", name_vi=name, start_date=day, end_date=day,
                                  secret=event_secret(db, event_id)))
                session.flush()
        raise AssertionError("the second event should have been refused")
    except IntegrityError:
        logging.getLogger("confman.test").exception("saving an event failed")
    for handler in logging.getLogger().handlers:
        handler.flush()
    return queue


def test_no_file_of_the_data_folder_holds_the_secret(db, make_event, make_delegate, sqlite_url):
    folder = data_dir()
    event = make_event()
    ids = [make_delegate(event.id, f"Đại biểu {i}") for i in range(8)]
    secret = event_secret(db, event.id)
    queue = _work_a_day_at_the_desk(db, event.id, ids, folder)
    queue.close()

    server = {Path(db.sqlite_path)} | {Path(str(db.sqlite_path) + s) for s in ("-wal", "-shm")}
    files = _desk_files(folder, server)
    names = {p.name for p in files}
    assert {"checkin-offline-desk.sqlite3", "settings.json", "confman.log"} <= names, names
    for path in files:
        content = path.read_bytes()
        for form, spelled in _forms(secret).items():
            assert spelled not in content, f"{path.name} holds the secret ({form})"


def _old_copy(path: Path, event_id: int, secret: bytes) -> None:
    """A desk copy as confman wrote it before (SNAPSHOT_VERSION 2): the secret in snapshot_events."""
    with sqlite3.connect(path) as old:
        old.execute("CREATE TABLE snapshot_events (event_id INTEGER PRIMARY KEY, code TEXT, secret BLOB,"
                    " refreshed_at TEXT)")
        old.execute("INSERT INTO snapshot_events VALUES (?, 'X', ?, '')", (event_id, secret))
        old.execute("CREATE TABLE queue (seq INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT NOT NULL UNIQUE,"
                    " event_id INTEGER NOT NULL, code TEXT NOT NULL, station TEXT NOT NULL, item INTEGER,"
                    " scanned_at TEXT NOT NULL, local_result TEXT NOT NULL, delegate_id INTEGER, synced_at TEXT,"
                    " server_result TEXT, first_at TEXT, first_station TEXT)")
        old.execute("INSERT INTO queue (uuid, event_id, code, station, scanned_at, local_result)"
                    " VALUES ('kept', ?, '1', 'Bàn 1', '2026-12-10T08:00:00+00:00', 'ok')", (event_id,))
        old.execute("PRAGMA user_version = 2")
    assert secret in path.read_bytes()


def test_old_desk_copies_holding_the_secret_are_wiped_on_upgrade(db, make_event, make_delegate):
    event = make_event()
    make_delegate(event.id, "Trần Văn Bình")
    secret = event_secret(db, event.id)
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    current = folder / "checkin-offline-current.sqlite3"
    forgotten = folder / "checkin-offline-another-server.sqlite3"  # a server this desk no longer uses
    _old_copy(current, event.id, secret)
    _old_copy(forgotten, event.id, secret)
    queue = OfflineQueue(current)
    queue.refresh_snapshot(db, event.id)
    queue.close()
    for path in folder.iterdir():
        assert secret not in path.read_bytes(), path.name
    with sqlite3.connect(forgotten) as conn:  # its queued scans are kept for a later sync
        assert conn.execute("SELECT uuid FROM queue").fetchall() == [("kept",)]


def _candidate_keys(path: Path) -> set[bytes]:
    """Everything stored in the desk's file that could be used as a signing key."""
    keys: set[bytes] = set()
    with sqlite3.connect(path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            for row in conn.execute(f"SELECT * FROM {table}"):  # noqa: S608 - names from sqlite_master
                for value in row:
                    if isinstance(value, bytes):
                        keys.add(value)
                    elif isinstance(value, str) and value:
                        keys.add(value.encode())
    return keys


def test_codes_minted_from_a_desk_file_are_refused_by_the_server(db, make_event, make_delegate):
    event = make_event()
    ids = [make_delegate(event.id, f"Đại biểu {i}") for i in range(8)]
    queue = _work_a_day_at_the_desk(db, event.id, ids, data_dir())
    path = queue.path
    queue.close()
    absent = ids[7]  # has not arrived: a forged badge would let someone in as them
    keys = _candidate_keys(path)
    assert len(keys) > 20
    tried = 0
    for key in keys:
        for fmt in (2, 1):
            forged = make_code(event_id=event.id, delegate_id=absent, badge_version=1, secret=key, format=fmt)
            assert perform_checkin(db, event_id=event.id, code=forged, station="Kẻ gian").result == "bad_signature"
            tried += 1
    assert tried == 2 * len(keys)
    assert not is_checked_in(db, event_id=event.id, delegate_id=absent)
    # and the copy's verifier for that badge is not the code, nor anything the server accepts
    with sqlite3.connect(path) as conn:
        salt, stored = conn.execute(
            "SELECT e.salt, b.verifier FROM snapshot_badges b JOIN snapshot_events e USING (event_id)"
            " WHERE b.delegate_id = ?", (absent,)).fetchone()
    genuine = current_code(db, event_id=event.id, delegate_id=absent)
    assert verifier(salt, genuine) == stored and genuine.encode() not in path.read_bytes()
    assert parse_code(genuine).format == 2


def test_a_forged_code_naming_an_unknown_event_is_a_bad_signature(db, make_event, make_delegate):
    event = make_event()
    make_delegate(event.id)
    forged = make_code(event_id=event.id + 40, delegate_id=1, badge_version=1, secret=b"guess")
    assert perform_checkin(db, event_id=event.id, code=forged).result == "bad_signature"
    other = make_event()
    genuine_other = make_code(event_id=other.id, delegate_id=1, badge_version=1, secret=event_secret(db, other.id))
    assert perform_checkin(db, event_id=event.id, code=genuine_other).result == "wrong_event"


@pytest.mark.parametrize("fmt", [1, 2])
def test_a_desk_copy_cannot_check_a_legacy_code_but_the_server_can(db, make_event, make_delegate, tmp_path, fmt):
    event = make_event()
    delegate = make_delegate(event.id, "Lê Thị Hoa")
    queue = OfflineQueue(tmp_path / "desk.sqlite3")
    queue.refresh_snapshot(db, event.id)
    code = make_code(event_id=event.id, delegate_id=delegate, badge_version=1, secret=event_secret(db, event.id),
                     format=fmt)
    offline = queue.scan_offline(event_id=event.id, code=code, station="Bàn 1")
    assert offline.result == ("old_code" if fmt == 1 else "ok")
    # the server holds the secret: an already printed format-1 badge still works online
    assert perform_checkin(db, event_id=event.id, code=code).result == "ok"
