"""Alembic environment for confman.

The app passes an open connection in ``config.attributes["connection"]``; the
``alembic`` command line (developers) uses ``sqlalchemy.url`` or CONFMAN_DB_URL.
SQLite needs batch mode to alter tables.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from confman.core.db.engine import make_engine, resolve_database_url
from confman.core.db.migrate import include_for
from confman.core.models import metadata

config = context.config


def _render_item(type_: str, obj: object, _autogen_context: object) -> str | bool:
    """Render confman's UTC type as a plain timezone-aware DateTime in migrations."""
    if type_ == "type" and type(obj).__name__ == "UTCDateTime":
        return "sa.DateTime(timezone=True)"
    return False


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=_render_item,
        include_object=include_for(connection.dialect.name),
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url") or resolve_database_url()
    engine = make_engine(url)
    with engine.begin() as conn:
        _run(conn)


if context.is_offline_mode():
    raise SystemExit("confman migrations run online only")
run_migrations_online()
