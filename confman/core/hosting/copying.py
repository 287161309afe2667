"""Copy every confman table from one database to another and prove the counts match.

Used both ways: the laptop's SQLite file into the hosted PostgreSQL server when hosting starts,
and the server back into an SQLite file when it finishes. The target's schema must already be
at the same migration as the source (both are migrated first). The copy runs in one
transaction on the target: rows of every table are replaced, foreign-key checks are deferred
(self-references such as merged delegates), and the counts of every table are compared with
the source before the commit — on any difference nothing is committed.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, Engine, Integer, func, insert, select, text

from confman.core.db.base import Base
from confman.core.errors import DomainError

Progress = Callable[[int, int], None]
CHUNK_ROWS = 2000


def confman_tables() -> list:
    """Every table of the models, parents before children (``alembic_version`` is not copied)."""
    import confman.core.models  # noqa: F401 - every mapper registered

    return list(Base.metadata.sorted_tables)


def count_rows(conn: Connection) -> dict[str, int]:
    return {table.name: int(conn.execute(select(func.count()).select_from(table)).scalar_one())
            for table in confman_tables()}


def table_counts(engine: Engine) -> dict[str, int]:
    """Rows per confman table."""
    with engine.connect() as conn:
        return count_rows(conn)


def _reset_sequences(conn: Connection) -> None:
    """PostgreSQL: the next id of every serial key follows the copied rows."""
    for table in confman_tables():
        keys = [c for c in table.primary_key.columns if isinstance(c.type, Integer) and c.autoincrement is not False]
        if len(keys) != 1:
            continue
        column = keys[0].name
        sequence = conn.execute(text("SELECT pg_get_serial_sequence(:t, :c)"),
                                {"t": table.name, "c": column}).scalar()
        if sequence:
            conn.execute(text(f'SELECT setval(:s, COALESCE((SELECT MAX("{column}") FROM "{table.name}"), 0) + 1, false)'),
                         {"s": sequence})


def copy_tables(source: Engine, target: Engine, *, progress: Progress | None = None) -> dict[str, int]:
    """Replace the target's rows with the source's, table by table; returns the verified counts."""
    tables = confman_tables()
    total = len(tables)
    copied: dict[str, int] = {}
    postgres_source = source.dialect.name == "postgresql"
    with source.connect() as src, target.connect() as dst:
        if postgres_source:
            src = src.execution_options(isolation_level="REPEATABLE READ")  # one consistent snapshot
        if target.dialect.name == "sqlite":
            dst.exec_driver_sql("PRAGMA foreign_keys=OFF")  # outside the transaction, where it applies
            dst.commit()
        with src.begin(), dst.begin():
            if target.dialect.name == "postgresql":
                dst.exec_driver_sql("SET LOCAL session_replication_role = replica")
            for table in reversed(tables):
                dst.execute(table.delete())
            for index, table in enumerate(tables, start=1):
                copied[table.name] = 0
                result = src.execution_options(yield_per=CHUNK_ROWS).execute(select(table))
                for chunk in result.partitions():
                    rows = [dict(row._mapping) for row in chunk]
                    dst.execute(insert(table), rows)
                    copied[table.name] += len(rows)
                if progress is not None:
                    progress(index, total)
            source_counts, target_counts = count_rows(src), count_rows(dst)
            for name in copied:
                if not (source_counts[name] == copied[name] == target_counts[name]):
                    raise DomainError("hosting.copy_mismatch", table=name, source=source_counts[name],
                                      target=target_counts[name])
            if target.dialect.name == "postgresql":
                _reset_sequences(dst)
            else:
                broken = dst.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise DomainError("hosting.copy_broken_links", table=str(broken[0][0]), count=len(broken))
        if target.dialect.name == "sqlite":
            dst.exec_driver_sql("PRAGMA foreign_keys=ON")
            dst.commit()
    return copied
