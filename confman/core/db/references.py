"""Rows that point at a row: found from the foreign keys, so a lower feature can move or detach
them without importing the higher features' models.

Merging two delegates must move every check-in, badge print, agenda role and presentation of
the merged-away record to the survivor; deleting an organization must detach the
presentations that name it.  Registration sits below those features, so instead of naming
their models it asks the metadata which columns reference the table.  Every table is in the
metadata once ``confman.core.models`` is imported, which ``Database.open`` does (unless told a
command merges and deletes nothing).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import Any

from sqlalchemy import Column, PrimaryKeyConstraint, Table, UniqueConstraint, delete, literal, select, update


def referencing_columns(table: Table, *, skip: Collection[str] = ()) -> Iterator[tuple[Table, Column[Any], tuple[str, ...]]]:
    """(table, column, keys) for every column of *another* table with a foreign key to ``table``'s id.

    ``keys`` are the other columns of a primary key or unique constraint the column is part of:
    a link row that must stay unique (empty for a plain reference).  ``skip``: "table.column" names.
    """
    target = table.c.id
    for other in table.metadata.sorted_tables:
        if other is table:
            continue
        for fk in sorted(other.foreign_keys, key=lambda f: f.parent.name):
            if fk.column is not target or f"{other.name}.{fk.parent.name}" in skip:
                continue
            column = fk.parent
            keys: tuple[str, ...] = ()
            for constraint in other.constraints:
                if isinstance(constraint, PrimaryKeyConstraint | UniqueConstraint) and column.name in constraint.columns \
                        and len(constraint.columns) > 1:
                    keys = tuple(c.name for c in constraint.columns if c is not column)
            yield other, column, keys


def repoint(session: Any, table: Table, old_id: int, new_id: int, *, skip: Collection[str] = ()) -> None:
    """Make every row that points at ``old_id`` point at ``new_id``; a link row the new one already
    has (same keys) is dropped instead of duplicated."""
    for other, column, keys in referencing_columns(table, skip=skip):
        name = column.name
        if not keys:
            session.execute(update(other).where(column == old_id).values({name: new_id}))
            continue
        twin = other.alias()
        already = (select(literal(1)).where(twin.c[name] == new_id, *(twin.c[k] == other.c[k] for k in keys))
                   .exists())
        session.execute(update(other).where(column == old_id, ~already).values({name: new_id}))
        session.execute(delete(other).where(column == old_id))


def detach(session: Any, table: Table, old_id: int, *, skip: Collection[str] = ()) -> None:
    """Set every nullable reference to ``old_id`` to NULL (the rows stay)."""
    for other, column, keys in referencing_columns(table, skip=skip):
        if column.nullable and not keys:
            session.execute(update(other).where(column == old_id).values({column.name: None}))
