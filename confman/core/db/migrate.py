"""Schema upgrades with Alembic: back up first, then ``upgrade head``.

Alembic (and Mako/Pygments behind it) costs ~0.4 s to import, so the common start —
a database already at the newest revision — is decided by reading the revision ids
from the migration files and ``alembic_version`` with plain SQL; Alembic is loaded
only when a migration must actually run.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from confman.core.db.engine import Database
from confman.core.errors import DomainError
from confman.paths import migrations_dir

if TYPE_CHECKING:
    from alembic.config import Config

_REVISION_RE = re.compile(r"^revision(?:\s*:\s*str)?\s*=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN_RE = re.compile(r"^down_revision(?:\s*:\s*[^=]+)?\s*=\s*(None|['\"]([^'\"]+)['\"])", re.M)
FILE_TEMPLATE = "%%(year)d%%(month).2d%%(day).2d_%%(hour).2d%%(minute).2d_%%(rev)s_%%(slug)s"


def alembic_config() -> Config:
    """An Alembic config with an absolute script location (works from a wheel and a bundle)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.set_main_option("file_template", FILE_TEMPLATE)
    return config



def include_for(dialect: str) -> Callable[..., bool]:
    """Alembic's ``include_object`` for ``dialect``: schema items the models declare only for another
    database (``Index(...).ddl_if(dialect="sqlite")``) are not expected there."""

    def include(obj: object, _name: object, _type: str, _reflected: bool, _compare_to: object) -> bool:
        condition = getattr(obj, "_ddl_if", None)
        wanted = getattr(condition, "dialect", None)
        if wanted is None:
            return True
        return dialect == wanted if isinstance(wanted, str) else dialect in wanted

    return include

def migration_files() -> list[Path]:
    return sorted((migrations_dir() / "versions").glob("*.py"))


@cache
def known_revisions() -> dict[str, str | None]:
    """``{revision: down_revision}`` read from the migration files (no Alembic import)."""
    revisions: dict[str, str | None] = {}
    for path in migration_files():
        source = path.read_text(encoding="utf-8")
        rev, down = _REVISION_RE.search(source), _DOWN_RE.search(source)
        if rev and down:
            revisions[rev.group(1)] = down.group(2)
    return revisions


def head_revision() -> str:
    """The newest revision: the one no other migration names as its parent."""
    revisions = known_revisions()
    parents = set(revisions.values())
    heads = [rev for rev in revisions if rev not in parents]
    if len(heads) != 1:
        raise RuntimeError(f"expected one migration head, found {heads}")
    return heads[0]


def current_revision(db: Database) -> str | None:
    """The revision stamped in the database, None for an empty (or non-confman) one."""
    with db.engine.connect() as conn:
        try:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except DBAPIError:
            return None


def needs_upgrade(db: Database) -> bool:
    return current_revision(db) != head_revision()


def _check_upgradable(db: Database) -> str | None:
    current = current_revision(db)
    if current is None and set(inspect(db.engine).get_table_names()) - {"alembic_version"}:
        raise DomainError("db.not_confman", path=db.display_url)
    if current is not None and current not in known_revisions():
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
    from alembic import command

    config = alembic_config()
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    return True
