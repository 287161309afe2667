"""Schema upgrades with Alembic: back up first, then ``upgrade head``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import inspect

from confman.core.db.engine import Database
from confman.core.errors import DomainError
from confman.paths import migrations_dir


def alembic_config() -> Config:
    """An Alembic config with an absolute script location (works from a wheel and a bundle)."""
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.set_main_option(
        "file_template", "%%(year)d%%(month).2d%%(day).2d_%%(hour).2d%%(minute).2d_%%(rev)s_%%(slug)s"
    )
    return config


def head_revision() -> str:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    return heads[0]


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def needs_upgrade(db: Database) -> bool:
    return current_revision(db) != head_revision()


def _check_upgradable(db: Database) -> str | None:
    current = current_revision(db)
    tables = set(inspect(db.engine).get_table_names())
    if current is None and tables - {"alembic_version"}:
        raise DomainError("db.not_confman", path=db.display_url)
    if current is not None:
        script = ScriptDirectory.from_config(alembic_config())
        try:
            known = script.get_revision(current) is not None
        except CommandError:
            known = False
        if not known:
            raise DomainError("db.newer_schema", path=db.display_url, revision=current)
    return current


def upgrade_database(db: Database, *, backup: Callable[[str], object] | None = None) -> bool:
    """Bring the schema to the newest revision; returns True when anything ran.

    ``backup(reason)`` is called before migrating a database that already holds data.
    """
    current = _check_upgradable(db)
    if current == head_revision():
        return False
    if current is not None and backup is not None:
        backup("before-migration")
    config = alembic_config()
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    return True


def migration_files() -> list[Path]:
    return sorted((migrations_dir() / "versions").glob("*.py"))
