"""Engines for SQLite (embedded default) and PostgreSQL (several desks), and the Database handle."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from confman.core.db.base import use_postgresql_options
from confman.core.db.deadline import POSTGRES_CONNECT_ARGS
from confman.core.db.deadline import install as install_deadlines
from confman.core.errors import DomainError
from confman.core.private_files import create_private_file, make_private, make_private_folder
from confman.paths import default_database_path

ENV_DB_URL = "CONFMAN_DB_URL"
SQLITE_BUSY_TIMEOUT_MS = 10_000


def resolve_database_url(explicit: str | None = None) -> str:
    """``--db`` wins, then ``CONFMAN_DB_URL``, then the per-user SQLite file."""
    if explicit:
        return explicit
    env = os.environ.get(ENV_DB_URL)
    if env:
        return env
    return f"sqlite:///{default_database_path()}"


def redacted(url: str | URL) -> str:
    """The URL with its password hidden, safe to show and log."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<invalid URL>"


def _set_sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def is_default_location(path: Path) -> bool:
    """True for the per-user database file (created silently on first run)."""
    try:
        return path.resolve() == default_database_path().resolve()
    except OSError:
        return False


def prepare_sqlite_file(path: Path, *, create: bool = False) -> None:
    """Check the database file before SQLite opens it; create it (private) only when asked.

    A missing file is refused with ``db.not_found`` naming it, so a mistyped ``--db``, an
    unmounted USB stick or a stale Settings entry never starts an empty database elsewhere;
    ``create`` (``confman demo``, ``confman event create``, ``--create``, the window's question)
    and the default per-user location create it, with its folders, readable by the user only.
    """
    if path.exists():
        if path.is_dir():
            raise DomainError("db.not_a_database", path=str(path))
        if not os.access(path, os.W_OK):
            raise DomainError("db.file_not_writable", path=str(path))
        make_private(path)
        return
    if not (create or is_default_location(path)):
        raise DomainError("db.not_found", path=str(path))
    folder = path.parent
    try:
        make_private_folder(folder)
        probe = folder / ".confman-write-test"
        probe.write_bytes(b"")
        probe.unlink()
        # SQLite gives its -wal and -shm files the main file's permissions.
        create_private_file(path)
    except OSError as exc:
        raise DomainError("db.folder_not_writable", path=str(folder), detail=exc.strerror or str(exc)) from exc


def make_engine(url: str, *, create: bool = False) -> Engine:
    """Create an engine; SQLite gets WAL, foreign keys and a busy timeout on every connection.

    A missing SQLite file is refused unless ``create`` (see ``prepare_sqlite_file``). Statement
    parameters are never put in error messages (``hide_parameters``): an error while creating an event
    would otherwise write its signing secret into the log and crash report.
    """
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DomainError("db.bad_url", url=url) from exc
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database in ("", ":memory:"):
            engine = create_engine(
                "sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False},
                hide_parameters=True,
            )
        else:
            prepare_sqlite_file(Path(database), create=create)
            engine = create_engine(parsed, connect_args={"check_same_thread": False}, hide_parameters=True)
        event.listen(engine, "connect", _set_sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        try:
            # A desk must notice a vanished or frozen server in seconds, not after the OS's TCP
            # timeout (minutes), so it can switch to its offline queue: see deadline.py.
            engine = create_engine(parsed, connect_args=POSTGRES_CONNECT_ARGS, hide_parameters=True)
        except ImportError as exc:
            raise DomainError("db.driver_missing", driver=parsed.drivername) from exc
        install_deadlines(engine)
        use_postgresql_options()
        return engine
    raise DomainError("db.unsupported_backend", url=redacted(url))


@dataclass
class Database:
    """An open database: its URL, engine and session factory. Create with ``Database.open``."""

    url: str
    engine: Engine
    session_factory: sessionmaker[Session] = field(repr=False)

    @classmethod
    def open(cls, url: str | None = None, *, check: bool = True, create: bool = False,
             register: bool = True, every_model: bool = True) -> Database:
        """Open ``url`` (see ``resolve_database_url``).

        A missing SQLite file needs ``create=True`` unless it is the per-user default. With
        ``register`` this process is listed beside an SQLite file while it has connections open
        (``presence``), so a restore elsewhere can refuse naming it. With ``every_model`` (the
        default) every table is mapped and every feature's merge and delete hooks are registered
        (``confman.core.models``): merges and deletes find every referencing row only then. A
        command that never merges or deletes and imports the models it uses may pass False to
        start faster (``confman badges``).
        """
        if every_model:
            import confman.core.models  # noqa: F401 - every mapper, the derived-column and organization hooks

        resolved = resolve_database_url(url)
        engine = make_engine(resolved, create=create)
        db = cls(resolved, engine, sessionmaker(engine, expire_on_commit=False))
        path = db.sqlite_path
        if register and path is not None:
            from confman.core.db.presence import track_engine

            track_engine(engine, path)
        if check:
            db.check_connection()
        return db

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    @property
    def is_sqlite(self) -> bool:
        return self.backend == "sqlite"

    @property
    def sqlite_path(self) -> Path | None:
        """The database file of an embedded database (None for in-memory and servers)."""
        if not self.is_sqlite:
            return None
        database = make_url(self.url).database
        return Path(database) if database and database != ":memory:" else None

    @property
    def display_url(self) -> str:
        path = self.sqlite_path
        return str(path) if path else redacted(self.url)

    def check_connection(self) -> None:
        """Open one connection or raise ``db.unreachable`` / ``db.not_a_database``."""
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except OperationalError as exc:
            detail = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            if self.is_sqlite and "not a database" in detail:
                raise DomainError("db.not_a_database", path=self.display_url) from exc
            raise DomainError("db.unreachable", url=self.display_url, detail=detail) from exc

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: commit when the block ends, roll back whole on any error."""
        session = self.session_factory()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()
