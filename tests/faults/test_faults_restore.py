"""Restore as a hostile tester tries it: damaged and newer-schema backups, and older ones.

Issue 13, cases 1 and 2: before the live database is touched the backup must pass a full
integrity check on a private copy and carry a schema revision this build knows; a refused restore
leaves the live file byte-identical and every command still works.
"""

from __future__ import annotations

import random
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from confman.core.db.backup import encode_version, list_backups
from confman.core.db.migrate import current_revision, head_revision
from confman.core.db.restore import restore_database
from confman.core.errors import DomainError


def _corrupt(path: Path, seed: int) -> list[int]:
    """Overwrite whole data pages with random bytes: the delegates table's root and two random ones."""
    with closing(sqlite3.connect(path)) as conn:
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'delegates'").fetchone()[0]
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(path.read_bytes())
    pages = len(data) // page_size
    rng = random.Random(seed)
    chosen = sorted({root, *rng.sample(range(2, pages + 1), k=2)})  # page 1 (header, schema) is left alone
    for number in chosen:
        start = (number - 1) * page_size
        data[start:start + page_size] = rng.randbytes(page_size)
    path.write_bytes(bytes(data))
    return chosen


def _settle(live) -> tuple[Path, str]:
    """Close the app's connections and fold the WAL into the file; returns (file, its digest)."""
    import hashlib

    live.dispose()
    path = live.sqlite_path
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path, hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_bytes_in_the_data_pages_of_a_real_backup_are_refused(live, demo, make_backup, data_folder, faults,
                                                                      seed):
    backup = make_backup()
    assert faults.integrity(backup) == "ok"
    _corrupt(backup, seed)
    path, before = _settle(live)

    if seed == 1:  # once as the organiser types it
        proc = faults.run_cli("restore", str(backup))
        assert proc.returncode == 2, proc.stdout
        assert proc.stderr.startswith(f"Error: {backup} is damaged (") and "data is unchanged" in proc.stderr
    else:
        with pytest.raises(DomainError) as err:
            restore_database(live, backup, folder=data_folder / "backups")
        assert err.value.code == "restore.corrupt"
        live.dispose()

    assert faults.sha256(path) == before  # the live file was never touched
    assert list_backups(data_folder / "backups") == []  # not even a safety backup
    assert not list(data_folder.rglob("*.partial*"))  # the checked copy is gone
    listing = faults.run_cli("event", "list", "--json")
    assert listing.returncode == 0 and '"ASEAN-TT-2018"' in listing.stdout


def test_a_backup_whose_rows_point_nowhere_is_refused(live, demo, make_backup, tmp_path):
    backup = make_backup()
    with closing(sqlite3.connect(backup)) as conn:  # foreign keys are off in a plain connection
        conn.execute("UPDATE delegates SET event_id = 999 WHERE id = (SELECT min(id) FROM delegates)")
        conn.commit()
    assert sqlite3.connect(backup).execute("PRAGMA integrity_check").fetchone()[0] == "ok"  # structurally fine
    with pytest.raises(DomainError) as err:
        restore_database(live, backup, folder=tmp_path / "backups")
    assert err.value.code == "restore.corrupt" and "delegates" in err.value.params["detail"]


def test_a_newer_schema_is_refused_before_the_swap_and_a_good_restore_still_works(live, demo, make_backup,
                                                                                   data_folder, faults):
    from confman.core.events.service import create_event

    good = make_backup("good.sqlite3")
    newer = make_backup("newer.sqlite3")
    with closing(sqlite3.connect(newer)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0042_future_feature'")
        conn.execute(f"PRAGMA user_version = {encode_version('9.1.0')}")
        conn.commit()
    create_event(live, code="LATER", name_vi="Hội nghị sau bản sao lưu", start_date=demo.start_date,
                 end_date=demo.end_date)
    path, before = _settle(live)

    refused = faults.run_cli("restore", str(newer))

    assert refused.returncode == 2
    message = refused.stderr
    assert "confman 9.1.0" in message and "0042_future_feature" in message and head_revision() in message
    assert "install confman 9.1.0 or newer" in message
    assert faults.sha256(path) == before
    assert faults.event_codes(path) == ["ASEAN-TT-2018", "LATER"]
    assert faults.run_cli("delegates", "list", "--json").returncode == 0

    restored = faults.run_cli("restore", str(good))

    assert restored.returncode == 0, restored.stderr
    assert faults.event_codes(path) == ["ASEAN-TT-2018"]
    assert "1 event(s)" in restored.stdout  # the replaced data had LATER: the user is told where it is
    (safety,) = [b for b in list_backups(data_folder / "backups") if b.kind == "safety"]
    assert faults.event_codes(safety.path) == ["ASEAN-TT-2018", "LATER"]


def test_an_older_schema_is_upgraded_on_the_copy_and_restored(live, data_folder, tmp_path):
    from alembic import command
    from sqlalchemy import text

    from confman.core.db.engine import Database
    from confman.core.db.migrate import alembic_config
    from confman.core.events.service import list_events

    old = tmp_path / "old.sqlite3"
    old_db = Database.open(f"sqlite:///{old}", create=True, register=False)
    config = alembic_config()
    with old_db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        # Written as confman 0001 wrote it: today's models have columns that schema has not.
        conn.execute(text(
            "INSERT INTO events (code, name_vi, name_en, venue, start_date, end_date, organiser_unit, timezone, "
            "secret, description, settings, created_at, updated_at) VALUES ('OLD2019', 'Hội nghị năm 2019', '', '', "
            "'2019-05-06', '2019-05-07', '', 'Asia/Ho_Chi_Minh', x'00', '', '{}', '2019-01-01', '2019-01-01')"))
    old_db.dispose()
    assert sqlite3.connect(old).execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"

    result = restore_database(live, old, folder=data_folder / "backups")

    assert result.upgraded and result.revision == "0001"
    assert current_revision(live) == head_revision()
    assert [e.code for e in list_events(live)] == ["OLD2019"]
    assert sqlite3.connect(old).execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"  # as it was


def test_the_restored_database_is_an_exact_copy_of_the_backup(live, demo, make_backup, data_folder):
    from confman.core.events.service import create_event

    backup = make_backup()
    create_event(live, code="EXTRA", name_vi="Thêm", start_date=demo.start_date, end_date=demo.end_date)
    restore_database(live, backup, folder=data_folder / "backups")
    live.dispose()
    with closing(sqlite3.connect(backup)) as a, closing(sqlite3.connect(live.sqlite_path)) as b:
        dump_a = [line for line in a.iterdump() if not line.startswith("PRAGMA")]
        dump_b = [line for line in b.iterdump() if not line.startswith("PRAGMA")]
        assert b.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert dump_a == dump_b


def test_safety_backups_are_named_apart_and_never_rotated(live, demo, make_backup, data_folder):
    from confman.core.db.backup import backup_database

    backup = make_backup()
    folder = data_folder / "backups"
    result = restore_database(live, backup, folder=folder)
    for _ in range(4):
        backup_database(live, folder=folder, reason="start", keep=2)
    kinds = sorted(b.kind for b in list_backups(folder))
    assert kinds == ["auto", "auto", "safety"]
    assert result.safety.exists() and result.safety.name.startswith("safety-confman-")


def test_a_newer_schema_without_a_version_stamp_still_names_the_revision(live, demo, make_backup, tmp_path):
    newer = make_backup("unstamped.sqlite3")
    with closing(sqlite3.connect(newer)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0042_future_feature'")
        conn.execute("PRAGMA user_version = 0")
        conn.commit()
    from confman.messages import describe

    with pytest.raises(DomainError) as err:
        restore_database(live, newer, folder=tmp_path / "backups")
    assert err.value.code == "restore.newer_schema_unstamped"
    text = describe(err.value, "en")
    assert "0042_future_feature" in text and head_revision() in text and "?" not in text
