"""Shared fixtures: databases (SQLite file, in-memory, PostgreSQL) and factories.

Qt needs a platform before its first import: offscreen unless the caller chose one.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CONFMAN_NO_DEMO_PROMPT", "1")

import itertools
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

PG_URL_ENV = "CONFMAN_TEST_PG_URL"


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own per-user data folder and default language."""
    folder = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("CONFMAN_DATA_DIR", str(folder))
    monkeypatch.delenv("CONFMAN_DB_URL", raising=False)
    monkeypatch.delenv("CONFMAN_LANG", raising=False)
    from confman.i18n import set_language

    set_language("vi")
    return folder


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'confman.sqlite3'}"


@pytest.fixture
def db(sqlite_url: str, tmp_path: Path) -> Iterator[Any]:
    """A migrated SQLite database file."""
    from confman.core.db.setup import open_database

    database = open_database(sqlite_url, backups_folder=tmp_path / "backups", create=True)
    yield database
    database.dispose()


def _pg_url() -> str | None:
    return os.environ.get(PG_URL_ENV)


@pytest.fixture
def pg_driver() -> None:
    """Skip (not fail) a test that needs the PostgreSQL driver when psycopg is not installed
    (it is the optional ``postgres`` extra)."""
    pytest.importorskip("psycopg", reason="the PostgreSQL driver (pip install 'confman[postgres]') is not installed",
                        exc_type=ImportError)


@pytest.fixture
def pg_url(pg_driver: None) -> Iterator[str]:
    """A fresh PostgreSQL schema-isolated database URL (skips when no server is configured or no driver)."""
    base = _pg_url()
    if not base:
        pytest.skip(f"{PG_URL_ENV} is not set")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(base)
    name = f"confman_t_{uuid.uuid4().hex[:10]}"
    from sqlalchemy.exc import OperationalError

    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    for attempt in range(10):  # concurrent CREATE DATABASE calls can collide on the template
        try:
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\''))
            break
        except OperationalError:
            if attempt == 9:
                raise
            time.sleep(0.2 * (attempt + 1))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        # Only our own sessions may be terminated (autovacuum belongs to the superuser and
        # leaves by itself when the database is dropped); a drop can race a closing session.
        for attempt in range(10):
            try:
                with admin.connect() as conn:
                    conn.execute(text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"
                        " AND usename = current_user AND pid <> pg_backend_pid()"
                    ), {"n": name})
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
                break
            except OperationalError:
                if attempt == 9:
                    raise
                time.sleep(0.2 * (attempt + 1))
        admin.dispose()


@pytest.fixture
def pg_db(pg_url: str, tmp_path: Path) -> Iterator[Any]:
    from confman.core.db.setup import open_database

    database = open_database(pg_url, backups_folder=tmp_path / "backups")
    yield database
    database.dispose()


_codes = itertools.count(1)


@pytest.fixture
def make_event(db: Any) -> Callable[..., Any]:
    """Create an event: ``make_event(code="X", name_vi=...)`` → EventRow."""
    from confman.core.events.service import create_event

    def factory(database: Any = None, **kw: Any) -> Any:
        kw.setdefault("code", f"EV{next(_codes)}")
        kw.setdefault("name_vi", "Hội nghị tổng kết công tác thông tin đối ngoại")
        kw.setdefault("start_date", date(2026, 12, 10))
        kw.setdefault("end_date", date(2026, 12, 11))
        return create_event(database or db, **kw)

    return factory


@pytest.fixture
def cli(db: Any, sqlite_url: str, make_event: Callable[..., Any],
        capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """``cli(*argv)`` runs ``confman --db URL *argv`` on a database with the event ``HN2026``;
    returns (exit code, stdout, stderr)."""
    from confman.cli import run

    make_event(code="HN2026")

    def call(*argv: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = run(["--db", sqlite_url, *argv])
        out, err = capsys.readouterr()
        return code, out, err

    return call


@pytest.fixture
def make_delegate(db: Any) -> Callable[..., int]:
    """Insert a delegate directly through the models; returns its id."""
    from confman.core.registration.models import Category, Delegate, Organization
    from confman.core.text import fold

    def factory(event_id: int, full_name: str = "Nguyễn Văn An", *, database: Any = None,
                organization: str | None = None, category_code: str | None = "DB", **fields: Any) -> int:
        from sqlalchemy import select

        with (database or db).session() as session:
            org = None
            if organization:
                org = session.scalar(select(Organization).where(Organization.name_folded == fold(organization)))
                if org is None:
                    org = Organization(name=organization)
                    session.add(org)
            category = None
            if category_code:
                category = session.scalar(
                    select(Category).where(Category.event_id == event_id, Category.code == category_code)
                )
            delegate = Delegate(event_id=event_id, full_name=full_name, organization=org, category=category,
                                **fields)
            session.add(delegate)
            session.flush()
            return delegate.id

    return factory
