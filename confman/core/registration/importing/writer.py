"""Writing an import's delegates in bulk: rows with their derived columns, then the inserts.

``RowMaker`` turns the values an import resolved into ``delegates`` rows (derived columns as
``models.delegate_derived`` computes them, memoised per distinct value). ``SqliteWriter`` inserts
them with the driver's own ``executemany`` and lets SQLite write the audit rows; ``insert_chunk``
does the same through SQLAlchemy Core for PostgreSQL.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from confman.core.audit import AuditLog
from confman.core.enums import DelegateStatus, Gender
from confman.core.registration.models import Delegate, delegate_derived
from confman.core.text import (
    NameParts,
    fold_clean,
    is_probably_foreign,
    lower_marks_clean,
    name_sort_key,
    split_name,
)

#: The fields of a created delegate its "import" audit row records.
AUDIT_CREATED = ("full_name", "honorific", "position", "organization_id", "category_id", "phone", "email")
_PLAIN_RE = re.compile(r"[a-z0-9@.+_-]*")


def _gender(value: str) -> Gender | None:
    return Gender(value) if value else None


class Memo(dict[str, str]):
    """``function`` memoised per distinct value (positions, units and given names repeat down a list);
    calling it is a plain dict lookup once a value was seen. Values matching ``plain`` (phones,
    e-mails) are their own result."""

    def __init__(self, function: Callable[[str], str], *, plain: re.Pattern[str] | None = None) -> None:
        super().__init__()
        self.function, self.plain = function, plain

    def __missing__(self, value: str) -> str:
        found = value if not value or (self.plain is not None and self.plain.fullmatch(value)) else self.function(value)
        self[value] = found
        return found

    __call__ = dict.__getitem__


def sort_keys() -> Callable[..., str]:
    """``name_sort_key`` memoised per (name, foreign, parts): namesakes are common in a long list."""
    cache: dict[tuple[str, bool, NameParts | None], str] = {}

    def key(full_name: str, *, foreign: bool, parts: NameParts | None = None) -> str:
        found = cache.get((full_name, foreign, parts))
        if found is None:
            found = cache[(full_name, foreign, parts)] = name_sort_key(full_name, foreign=foreign, parts=parts)
        return found

    return key


class RowMaker:
    """Delegate rows ready to insert, derived columns included; the memos last the whole import."""

    def __init__(self, organization: Callable[[str], tuple[int | None, str, str]]) -> None:
        self.organization = organization  # name as written -> (id, name, short name)
        self.folded, self.marks, self.sort_key = Memo(fold_clean, plain=_PLAIN_RE), Memo(lower_marks_clean), sort_keys()
        self.splits: dict[tuple[str, bool], NameParts] = {}
        self.foreign: dict[str, bool] = {}

    def __call__(self, values: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out = []
        organization, splits, foreigners = self.organization, self.splits, self.foreign
        for v in values:
            org_id, org_name, org_short = organization(v["organization"])
            foreign = foreigners.get(v["nationality"])
            if foreign is None:  # the rule reads the nationality only
                foreign = foreigners[v["nationality"]] = is_probably_foreign(v["full_name"], v["nationality"])
            parts = v["name_parts"] if v["name_parts"] is not None and not foreign else None
            if parts is None:
                parts = splits.get((v["full_name"], foreign))
                if parts is None:
                    parts = splits[(v["full_name"], foreign)] = split_name(v["full_name"], foreign=foreign)
            row = {
                "event_id": v["event_id"], "honorific": v["honorific"], "full_name": v["full_name"],
                "foreign_name": foreign, "gender": _gender(v["gender"]), "position": v["position"],
                "organization_id": org_id, "category_id": v["category"], "delegation": v["delegation"],
                "phone": v["phone"], "email": v["email"], "nationality": v["nationality"], "notes": v["notes"],
                "status": DelegateStatus.REGISTERED, "badge_version": 1, "created_at": v["created_at"],
                "updated_at": v["updated_at"],
            }  # fmt: skip
            row.update(delegate_derived(
                v["full_name"], foreign=foreign, position=v["position"], organization=org_name,
                organization_short=org_short, delegation=v["delegation"], phone=v["phone"], email=v["email"],
                parts=parts, folder=self.folded, marks=self.marks, sort_key=self.sort_key,
            ))  # fmt: skip
            out.append(row)
        return out


def audit_rows(stored: Sequence[Sequence[Any]], *, event_id: int, station: str, now: Any) -> list[dict[str, Any]]:
    """One "import" audit row per stored delegate: ``stored`` rows are ``(id, *AUDIT_CREATED)``."""
    return [
        {"event_id": event_id, "entity": "delegate", "entity_id": r[0], "action": "import",
         "changes": {k: [None, v] for k, v in zip(AUDIT_CREATED, r[1:], strict=True) if v not in ("", None)},
         "station": station, "created_at": now}
        for r in stored
    ]  # fmt: skip


def insert_chunk(session: Session, rows: list[dict[str, Any]], *, event_id: int, station: str,
                  now: Any) -> list[int]:  # fmt: skip
    """Insert delegates and their audit rows with SQLAlchemy Core (PostgreSQL: concurrent desks may
    insert meanwhile, so the ids come back with RETURNING)."""
    table = Delegate.__table__
    # Unordered RETURNING keeps the multi-row INSERT; the audit rows are built from what was stored.
    ids = list(session.execute(insert(table).returning(table.c.id), rows).scalars())
    stored = session.execute(select(*(table.c[k] for k in ("id", *AUDIT_CREATED))).where(table.c.id.in_(ids))).all()
    session.execute(insert(AuditLog.__table__), audit_rows(stored, event_id=event_id, station=station, now=now))
    return ids


class _Binder:
    """Column values as the driver takes them, through each column type's bind processor, computed
    once per distinct value (a timestamp, a status, a gender repeat on every row)."""

    def __init__(self, table: Any, columns: Sequence[str], dialect: Any) -> None:
        self.plan: list[tuple[int, Callable[[Any], Any], dict[Any, Any]]] = []
        for position, name in enumerate(columns):
            processor = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
            if processor is not None:
                self.plan.append((position, processor, {}))

    def row(self, values: Sequence[Any]) -> tuple[Any, ...]:
        out = list(values)
        for position, processor, cache in self.plan:
            value = out[position]
            try:
                found = cache[value]
            except KeyError:
                found = cache[value] = processor(value)
            except TypeError:  # unhashable (a JSON dict): no cache
                found = processor(value)
            out[position] = found
        return tuple(out)


class SqliteWriter:
    """Delegates and their audit rows through the driver's own ``executemany`` (SQLAlchemy's per-row
    parameter processing cost more than the insert itself).

    (Measured: writing on a second thread while the next chunk is prepared was slower, the GIL
    changing hands on every row.) SQLite has one writer at a time and this transaction holds the write lock from its first
    insert, so the rows just inserted are the table's last ``len(rows)`` rows (rowids are max + 1).
    """

    def __init__(self, session: Session, *, event_id: int, station: str, now: Any) -> None:
        connection = session.connection()
        self.dialect = connection.dialect
        self.dbapi = connection.connection.dbapi_connection
        self.event_id, self.station = event_id, station
        created_at = AuditLog.__table__.c.created_at.type.dialect_impl(self.dialect).bind_processor(self.dialect)
        self.stamp = created_at(now) if created_at is not None else now
        self.columns: list[str] = []
        self.binder: _Binder | None = None

    def prepare(self, rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
        if self.binder is None:
            self.columns = list(rows[0])
            self.binder = _Binder(Delegate.__table__, self.columns, self.dialect)
        columns, row = self.columns, self.binder.row
        return [row([r[c] for c in columns]) for r in rows]

    def write(self, params: list[tuple[Any, ...]]) -> list[int]:
        cursor = self.dbapi.cursor()
        try:
            cursor.executemany(
                f"INSERT INTO delegates ({', '.join(self.columns)}) VALUES ({', '.join('?' * len(self.columns))})",
                params,
            )
            cursor.execute(f"SELECT id FROM delegates ORDER BY id DESC LIMIT {len(params)}")
            ids = [r[0] for r in cursor.fetchall()][::-1]
            # The audit rows are written by SQLite from what was stored: {"field": [null, value]} for
            # each filled field (a JSON merge patch drops the keys whose value is NULL), built by its
            # JSON functions rather than row by row in Python.
            pairs = ", ".join(f"'{name}', CASE WHEN {name} IS NULL OR {name} = '' THEN NULL "
                              f"ELSE json_array(NULL, {name}) END" for name in AUDIT_CREATED)
            cursor.execute(
                "INSERT INTO audit_log (event_id, entity, entity_id, action, changes, station, created_at) "
                f"SELECT ?, 'delegate', d.id, 'import', json_patch('{{}}', json_object({pairs})), ?, ? "
                "FROM delegates d WHERE d.id >= ? ORDER BY d.id",
                (self.event_id, self.station, self.stamp, ids[0]),
            )
            return ids
        finally:
            cursor.close()
