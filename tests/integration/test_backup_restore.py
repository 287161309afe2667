"""Backups while a connection is open, rotation, and restore with its safety checks."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import func, select

from confman.core.db.backup import (
    backup_database,
    is_confman_database,
    list_backups,
    rotate_backups,
)
from confman.core.db.restore import restore_database
from confman.core.errors import DomainError
from confman.core.registration.models import Delegate


def _count(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count(Delegate.id)))


def test_backup_is_consistent_while_a_write_transaction_is_open(db, make_event, make_delegate, tmp_path):
    event = make_event()
    for i in range(5):
        make_delegate(event.id, f"Nguyễn Văn {chr(65 + i)}")
    session = db.session_factory()
    session.add(Delegate(event_id=event.id, full_name="Trần Thị Chưa Lưu"))
    session.flush()  # uncommitted write holds a transaction open
    target = backup_database(db, tmp_path / "copy.sqlite3")
    session.rollback()
    session.close()
    assert is_confman_database(target)
    with sqlite3.connect(target) as conn:
        names = [r[0] for r in conn.execute("SELECT full_name FROM delegates")]
    assert len(names) == 5 and "Trần Thị Chưa Lưu" not in names


def test_restore_round_trip_brings_back_the_backed_up_state(db, make_event, make_delegate, tmp_path):
    event = make_event()
    make_delegate(event.id, "Lê Văn Lượng")
    copy = backup_database(db, tmp_path / "before.sqlite3")
    make_delegate(event.id, "Phạm Thị Hồng")
    assert _count(db) == 2
    holder = db.engine.connect()  # another open connection, as the running app would have
    result = restore_database(db, copy, folder=tmp_path / "backups")
    holder.close()
    assert _count(db) == 1
    assert is_confman_database(result.safety)
    assert result.safety.name.startswith("safety-") and result.set_aside == {"delegates": 1}
    with sqlite3.connect(result.safety) as conn:
        assert conn.execute("SELECT count(*) FROM delegates").fetchone()[0] == 2


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 not a database", b"SQLite format 3\x00" + b"\x00" * 100])
def test_restore_refuses_files_that_are_not_confman_databases(db, make_event, make_delegate, tmp_path, content):
    event = make_event()
    make_delegate(event.id, "Đặng Văn Lâm")
    bogus = tmp_path / "bogus.sqlite3"
    bogus.write_bytes(content)
    with pytest.raises(DomainError) as err:
        restore_database(db, bogus, folder=tmp_path / "backups")
    assert err.value.code == "restore.not_confman"
    assert _count(db) == 1
    assert list_backups(tmp_path / "backups") == []


def test_restore_refuses_another_sqlite_database(db, tmp_path):
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE events (id INTEGER)")
    with pytest.raises(DomainError) as err:
        restore_database(db, other, folder=tmp_path / "backups")
    assert err.value.code == "restore.not_confman"


def test_automatic_backups_rotate_but_manual_ones_stay(db, tmp_path):
    folder = tmp_path / "rot"
    manual = backup_database(db, folder=folder, reason="manual")
    for _ in range(5):
        backup_database(db, folder=folder, reason="start", keep=3)
    names = [b.path.name for b in list_backups(folder)]
    assert manual.name in names
    assert sum(n.startswith("auto-") for n in names) == 3
    assert rotate_backups(folder, 1) and sum(b.path.name.startswith("auto-") for b in list_backups(folder)) == 1


def test_opening_an_existing_database_makes_a_start_backup(sqlite_url, tmp_path):
    from confman.core.db.setup import open_database

    folder = tmp_path / "auto"
    first = open_database(sqlite_url, backups_folder=folder, create=True)
    first.dispose()
    assert list_backups(folder) == []  # a brand-new database has nothing to save
    second = open_database(sqlite_url, backups_folder=folder)
    second.dispose()
    backups = list_backups(folder)
    assert len(backups) == 1 and backups[0].reason == "start"


def test_backup_of_a_postgres_database_is_a_clear_error(pg_driver):
    from confman.core.db.engine import Database

    db = Database.open("postgresql+psycopg://u:secret@127.0.0.1:1/x", check=False)
    with pytest.raises(DomainError) as err:
        backup_database(db, folder=None)
    assert err.value.code == "backup.unsupported_backend"
    assert "secret" not in str(err.value.params)
