"""Declarative base with a naming convention and a UTC timestamp type."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Index, MetaData
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.sql.elements import TextClause
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend.

    SQLite stores naive values, so aware values are converted to UTC on the way in
    and UTC is attached on the way out; PostgreSQL uses ``timestamptz``.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is not UTC:  # fast path: utcnow() values are already UTC
            if value.tzinfo is None:
                raise ValueError("naive datetime given to a UTC column")
            value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


_PARTIAL_INDEXES: list[tuple[Index, TextClause]] = []
_POSTGRESQL_DIALECT = "sqlalchemy.dialects.postgresql"


def partial_index(name: str, *columns: str, where: TextClause) -> Index:
    """An index of only the rows matching ``where``, on SQLite and on PostgreSQL.

    The PostgreSQL condition is attached once that dialect is in use (:func:`use_postgresql_options`,
    called when a PostgreSQL engine is made): naming ``postgresql_where`` here would import
    SQLAlchemy's PostgreSQL dialect (~60 ms) into every command run on the embedded SQLite file.
    """
    index = Index(name, *columns, sqlite_where=where)
    _PARTIAL_INDEXES.append((index, where))
    if _POSTGRESQL_DIALECT in sys.modules:
        index.dialect_options["postgresql"]["where"] = where
    return index


def use_postgresql_options() -> None:
    """Give the partial indexes declared so far their PostgreSQL condition (idempotent)."""
    for index, where in _PARTIAL_INDEXES:
        index.dialect_options["postgresql"]["where"] = where


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, nullable=False
    )
