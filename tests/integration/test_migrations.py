"""Migrations produce exactly the models' schema on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from confman.core.db.engine import Database
from confman.core.db.migrate import current_revision, head_revision, migration_files, upgrade_database
from confman.core.errors import DomainError
from confman.core.models import metadata


def _diff(db: Database) -> list:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(context, metadata)


def test_upgrading_an_empty_sqlite_database_matches_the_models(sqlite_url):
    db = Database.open(sqlite_url, create=True)
    assert upgrade_database(db) is True
    assert current_revision(db) == head_revision()
    assert _diff(db) == []
    assert upgrade_database(db) is False  # idempotent
    db.dispose()


@pytest.mark.postgres
def test_upgrading_an_empty_postgres_database_matches_the_models(pg_url):
    db = Database.open(pg_url)
    assert upgrade_database(db) is True
    assert _diff(db) == []
    tables = set(inspect(db.engine).get_table_names())
    assert {"events", "delegates", "checkins", "agenda_items", "presentation_files", "audit_log"} <= tables
    db.dispose()


def test_migration_files_are_named_by_date():
    names = [p.name for p in migration_files()]
    assert names, "no migrations found"
    for name in names:
        stamp = name.split("_")[0]
        assert len(stamp) == 8 and stamp.isdigit(), name


def test_a_foreign_sqlite_database_is_refused_untouched(tmp_path):
    import sqlite3

    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    before = path.read_bytes()
    db = Database.open(f"sqlite:///{path}")
    with pytest.raises(DomainError) as err:
        upgrade_database(db)
    db.dispose()
    assert err.value.code == "db.not_confman"
    with sqlite3.connect(path) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert names == {"customers"}
    assert len(path.read_bytes()) == len(before)


def test_a_database_from_a_newer_app_is_refused(db):
    from sqlalchemy import text

    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffffffffffff'"))
    with pytest.raises(DomainError) as err:
        upgrade_database(db)
    assert err.value.code == "db.newer_schema"


def test_fast_head_lookup_agrees_with_alembic():
    from alembic.script import ScriptDirectory

    from confman.core.db.migrate import alembic_config

    assert ScriptDirectory.from_config(alembic_config()).get_heads() == [head_revision()]


def test_opening_an_up_to_date_database_does_not_import_alembic(sqlite_url):
    import subprocess
    import sys

    Database.open(sqlite_url, create=True).dispose()
    db = Database.open(sqlite_url)
    upgrade_database(db)
    db.dispose()
    code = (
        "import sys; from confman.core.db.setup import open_database; "
        f"open_database({sqlite_url!r}, backup_on_start=False).dispose(); "
        "print('alembic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
