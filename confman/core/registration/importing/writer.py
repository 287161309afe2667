"""Writing an import's delegates in bulk: rows with their derived columns, then the inserts.

``RowMaker`` turns the values an import resolved into ``delegates`` rows (derived columns as
``models.delegate_derived`` computes them, memoised per distinct value). ``SqliteWriter`` inserts
them with the driver's own ``executemany`` and lets SQLite write the audit rows; ``insert_chunk``
does the same through SQLAlchemy Core for PostgreSQL.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from confman.core.audit import AuditLog
from confman.core.enums import DelegateStatus, Gender
from confman.core.registration.contacts import ContactIssue, from_import_warnings
from confman.core.registration.models import Delegate, contact_text
from confman.core.text import (
    NameParts,
    clean_parts_sort_key,
    fold_clean,
    is_probably_foreign,
    lower_marks_clean,
    name_sort_key,
    split_clean_name,
)

#: The fields of a created delegate its "import" audit row records.
AUDIT_CREATED = ("full_name", "honorific", "position", "organization_id", "category_id", "phone", "email")
#: The columns of the rows ``RowMaker`` makes, in their order.
ROW_COLUMNS = (
    "event_id", "honorific", "full_name", "foreign_name", "gender", "position", "organization_id", "category_id",
    "delegation", "phone", "email", "nationality", "notes", "status", "badge_version", "created_at", "updated_at",
    "family_name", "middle_name", "given_name", "name_folded", "sort_key", "search_text", "search_contact",
    "search_marks", "phone_issue", "phone_issue_value", "email_issue", "email_issue_value",
)  # fmt: skip
_PLAIN_RE = re.compile(r"[a-z0-9@.+_-]*")


#: The values a merged-into new delegate is described by (``apply._new_values``), in ``RowMaker``'s order.
_FIELDS = itemgetter("honorific", "full_name", "position", "organization", "delegation", "phone", "email", "nationality",
                     "notes", "gender", "category", "name_parts", "issues")
_GENDERS: dict[str, Gender | None] = {"": None} | {g.value: g for g in Gender}
_NO_ISSUES = ("", "", "", "")


def issue_values(issues: Sequence[ContactIssue]) -> tuple[str, str, str, str]:
    """The four contact-issue columns, in ``ROW_COLUMNS`` order."""
    found = {i.field: i for i in issues}
    phone, email = found.get("phone"), found.get("email")
    return (phone.code if phone else "", phone.value if phone else "", email.code if email else "",
            email.value if email else "")


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


def _dotted(folded: tuple[str, ...]) -> tuple[str, ...]:
    """The words of ``folded`` values holding a dot or an ``@`` ("tp.hcm"), as ``delegate_derived`` finds them."""
    return tuple(w for f in folded if "." in f or "@" in f for w in f.split() if "." in w or "@" in w)


class _Words(NamedTuple):
    """What a run of words (a name; a position, unit, unit short name and delegation) adds to the
    search columns: its folded values joined (``search_text``), their dotted words and its
    tone-marked values joined (``search_marks``)."""

    search: str
    dotted: tuple[str, ...]
    marks: str


class _Name(NamedTuple):
    family: str
    middle: str
    given: str
    folded: str
    sort_key: str
    words: _Words


def _joined(*values: str) -> str:
    """The non-empty ``values`` joined by spaces."""
    return " ".join(filter(None, values))


class RowMaker:
    """Delegate rows ready to insert (tuples in ``ROW_COLUMNS`` order), derived columns included; the
    memos last the whole import.

    The derived columns are ``models.delegate_derived``'s, assembled from pieces computed once per
    distinct value: per name (split, folded, sort key, tone marks) and per (position, unit, unit
    short name, delegation), which repeat down a list; a row then only joins them with its phone
    and e-mail.
    """

    def __init__(self, organization: Callable[[str], tuple[int | None, str, str]], *, event_id: int,
                 now: Any) -> None:  # fmt: skip
        self.organization = organization  # name as written -> (id, name, short name)
        self.event_id, self.now = event_id, now
        self.folded, self.marks = Memo(fold_clean, plain=_PLAIN_RE), Memo(lower_marks_clean)
        self.names: dict[tuple[str, bool, NameParts | None], _Name] = {}
        self.contexts: dict[tuple[str, str, str, str], _Words] = {}
        self.foreign: dict[str, bool] = {}
        self.units: dict[str, tuple[int | None, str, str]] = {}

    def _words(self, words: tuple[str, ...]) -> _Words:
        folded = tuple(f for f in map(self.folded, filter(None, words)) if f)
        marks = " ".join(self.marks(w) for w in words if w and not w.isascii())
        return _Words(" ".join(folded), _dotted(folded), marks)

    def _name(self, full_name: str, foreign: bool, given_parts: NameParts | None) -> _Name:
        """The name's columns: ``full_name`` is clean (``clean_text``), so it is split and keyed as is."""
        if given_parts is None:
            parts = split_clean_name(full_name, foreign=foreign)
            sort_key = clean_parts_sort_key(parts, foreign=foreign)
        else:
            parts, sort_key = given_parts, name_sort_key(full_name, foreign=foreign, parts=given_parts)
        folded = self.folded(full_name)
        marks = self.marks(full_name) if not full_name.isascii() else ""
        words = _Words(folded, _dotted((folded,)) if "." in folded or "@" in folded else (), marks)
        return _Name(parts.family, parts.middle, parts.given, folded, sort_key, words)

    def __call__(self, entries: Sequence[Any]) -> list[tuple[Any, ...]]:
        """Rows for ``entries``: planned rows (``plan.PlannedRow``), or dicts of the values merges
        filled (keys ``_FIELDS``)."""
        out = []
        organization, units, names, contexts, foreigners = (
            self.organization, self.units, self.names, self.contexts, self.foreign)  # fmt: skip
        # A normalised phone or e-mail is its own fold: checked here, not memoised (each is one row's).
        folder, plain = self.folded, _PLAIN_RE.fullmatch
        event_id, now, registered = self.event_id, self.now, DelegateStatus.REGISTERED
        for entry in entries:
            if type(entry) is dict:
                (honorific, full_name, position, organization_name, delegation, phone, email, nationality, notes,
                 gender, category, file_parts, issues) = _FIELDS(entry)
                flags = issue_values(issues) if issues else _NO_ISSUES
            else:
                r = entry.row
                honorific, full_name, position, organization_name = r.honorific, r.full_name, r.position, r.organization
                delegation, phone, email, nationality, notes = r.delegation, r.phone, r.email, r.nationality, r.notes
                gender, category, file_parts = r.gender, entry.category_id, r.name_parts
                flags = issue_values(from_import_warnings(r.warnings)) if r.warnings else _NO_ISSUES
            unit = units.get(organization_name)
            if unit is None:
                unit = units[organization_name] = organization(organization_name)
            org_id, org_name, org_short = unit
            foreign = foreigners.get(nationality)
            if foreign is None:  # the rule reads the nationality only
                foreign = foreigners[nationality] = is_probably_foreign(full_name, nationality)
            key = (full_name, foreign, file_parts if not foreign else None)
            name = names.get(key)
            if name is None:
                name = names[key] = self._name(*key)
            context_key = (position, org_name, org_short, delegation)
            context = contexts.get(context_key)
            if context is None:
                context = contexts[context_key] = self._words(context_key)
            words = name.words
            dotted = words.dotted + context.dotted
            if phone.isdigit() and phone[0] == "0" and not dotted:  # the usual case: contact_text, inline
                contacts = f"{phone} 84{phone[1:]} {email.lower()}" if email else f"{phone} 84{phone[1:]}"
            else:
                contacts = contact_text(phone, email, dotted)
            out.append((
                event_id, honorific, full_name, foreign, _GENDERS[gender], position, org_id, category, delegation,
                phone, email, nationality, notes, registered, 1, now, now, name.family, name.middle, name.given,
                name.folded, name.sort_key,
                _joined(words.search, context.search,
                        phone if plain(phone) else folder(phone), email if plain(email) else folder(email)),
                contacts, _joined(words.marks, context.marks), *flags,
            ))  # fmt: skip
        return out


def audit_rows(stored: Sequence[Sequence[Any]], *, event_id: int, station: str, now: Any) -> list[dict[str, Any]]:
    """One "import" audit row per stored delegate: ``stored`` rows are ``(id, *AUDIT_CREATED)``."""
    return [
        {"event_id": event_id, "entity": "delegate", "entity_id": r[0], "action": "import",
         "changes": {k: [None, v] for k, v in zip(AUDIT_CREATED, r[1:], strict=True) if v not in ("", None)},
         "station": station, "created_at": now}
        for r in stored
    ]  # fmt: skip


def insert_chunk(session: Session, rows: list[tuple[Any, ...]], *, event_id: int, station: str,
                  now: Any) -> list[int]:  # fmt: skip
    """Insert delegates (``RowMaker`` rows) and their audit rows with SQLAlchemy Core (PostgreSQL:
    concurrent desks may insert meanwhile, so the ids come back with RETURNING)."""
    table = Delegate.__table__
    # Unordered RETURNING keeps the multi-row INSERT; the audit rows are built from what was stored.
    values = [dict(zip(ROW_COLUMNS, row, strict=True)) for row in rows]
    ids = list(session.execute(insert(table).returning(table.c.id), values).scalars())
    stored = session.execute(select(*(table.c[k] for k in ("id", *AUDIT_CREATED))).where(table.c.id.in_(ids))).all()
    session.execute(insert(AuditLog.__table__), audit_rows(stored, event_id=event_id, station=station, now=now))
    return ids


class _Bound(dict[Any, Any]):
    """One column's values as the driver takes them (the column type's bind processor), each
    distinct value processed once: a timestamp, a status, a gender repeat on every row."""

    def __init__(self, processor: Callable[[Any], Any]) -> None:
        super().__init__()
        self.processor = processor

    def __missing__(self, value: Any) -> Any:
        found = self[value] = self.processor(value)
        return found


class _Binder:
    """``RowMaker`` rows as the driver takes them: the columns that have a bind processor are
    converted column by column (``zip``, ``map``: no Python loop per row)."""

    def __init__(self, table: Any, columns: Sequence[str], dialect: Any) -> None:
        self.bound: dict[int, _Bound] = {}
        for position, name in enumerate(columns):
            processor = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
            if processor is not None:
                self.bound[position] = _Bound(processor)

    def rows(self, rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        if not rows:
            return []
        columns = list(zip(*rows, strict=True))
        for position, bound in self.bound.items():
            columns[position] = tuple(map(bound.__getitem__, columns[position]))
        return list(zip(*columns, strict=True))


class SqliteWriter:
    """Delegates and their audit rows through the driver's own ``executemany`` (SQLAlchemy's per-row
    parameter processing cost more than the insert itself).

    (Measured: writing on a second thread while the next chunk is prepared was slower, the GIL
    changing hands on every row.) SQLite has one writer at a time and this transaction holds the write lock from its first
    insert, so the rows just inserted are the table's last ``len(rows)`` rows (rowids are max + 1).

    Used as a context manager around the writes, two things a bulk load wants are done meanwhile:

    * the connection's page cache is enlarged (``CACHE_KIB``): with SQLite's default 2 MiB the
      pages of a long list's rows and indexes (the search index holds each row's search text) no
      longer fit, and SQLite writes them out and reads them back in the middle of the transaction;
    * when the list brings at least as many delegates as the table holds (a new event's list),
      the table's indexes are dropped for the inserts and built again from the whole table at the
      end: SQLite builds an index from sorted keys much faster than it inserts random keys into it
      one row at a time (measured: the inserts a quarter faster at 10,000 rows). The drop and the
      rebuild are in the import's transaction: an error or a cancel rolls both back (the indexes
      are then as they were); other connections never see the table without them.
    """

    #: The page cache while writing, in KiB (SQLite allocates it only as pages are used).
    CACHE_KIB = 65_536

    def __init__(self, session: Session, *, event_id: int, station: str, now: Any, rows: int = 0) -> None:
        connection = session.connection()
        self.dialect = connection.dialect
        self.dbapi = connection.connection.dbapi_connection
        self.event_id, self.station, self.rows = event_id, station, rows
        created_at = AuditLog.__table__.c.created_at.type.dialect_impl(self.dialect).bind_processor(self.dialect)
        self.stamp = created_at(now) if created_at is not None else now
        self.columns = ROW_COLUMNS
        self.binder = _Binder(Delegate.__table__, self.columns, self.dialect)
        self.dropped: list[str] = []  # CREATE INDEX statements of the indexes dropped for the load

    def __enter__(self) -> SqliteWriter:
        conn = self.dbapi
        self.cache_before = conn.execute("PRAGMA cache_size").fetchone()[0]
        conn.execute(f"PRAGMA cache_size=-{self.CACHE_KIB}")
        if self.rows and self.rows >= conn.execute("SELECT count(*) FROM delegates").fetchone()[0]:
            if not conn.in_transaction:  # the driver opens one only before DML: DDL would commit at once
                conn.execute("BEGIN")
            for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                                          "AND tbl_name = 'delegates' AND sql IS NOT NULL").fetchall():
                conn.execute(f'DROP INDEX "{name}"')
                self.dropped.append(sql)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *_exc: object) -> None:
        conn = self.dbapi
        try:
            if exc_type is None:  # otherwise the rollback brings the dropped indexes back
                for sql in self.dropped:
                    conn.execute(sql)
        finally:
            conn.execute(f"PRAGMA cache_size={int(self.cache_before)}")

    def prepare(self, rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        """``RowMaker`` rows as the driver takes them."""
        return self.binder.rows(rows)

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
