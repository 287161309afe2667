"""Remembered column mappings: the mapping confirmed for a file is reused for the next file
with the same headers (keyed by ``ParsedSheet.header_signature``)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from confman.core.db.engine import Database
from confman.core.errors import DomainError
from confman.core.registration.import_mappings import ImportMapping

from .layout import FIELDS
from .parse import ParsedSheet, parse_file
from .sheet_cache import SheetCache


def remembered_mapping(db: Database, signature: str) -> dict[str, int] | None:
    """The mapping last used for files with this header signature, or ``None``."""
    if not signature:
        return None
    with db.session() as session:
        found = session.scalar(select(ImportMapping.mapping).where(ImportMapping.header_signature == signature))
    if not found:
        return None
    mapping = {str(k): int(v) for k, v in found.items() if k in FIELDS and isinstance(v, int)}
    return mapping or None


def remember_mapping(session: Session, signature: str, mapping: dict[str, int]) -> None:
    """Store ``mapping`` for ``signature`` (inside the caller's transaction)."""
    if not signature or not mapping:
        return
    row = session.scalar(select(ImportMapping).where(ImportMapping.header_signature == signature))
    if row is None:
        session.add(ImportMapping(header_signature=signature, mapping=dict(mapping)))
    elif row.mapping != mapping:
        row.mapping = dict(mapping)


def parse_with_memory(db: Database, path: Path, *, sheet: str | None = None, reject_invalid: bool = False,
                      cache: SheetCache | None = None) -> list[ParsedSheet]:  # fmt: skip
    """``parse_file``, then re-parse each sheet whose headers have a remembered, different mapping
    (from the cells already read: the file is read once)."""
    if cache is None:
        cache = SheetCache()  # the re-parse reuses the first read's cells
    parsed = parse_file(path, sheet=sheet, reject_invalid=reject_invalid, cache=cache)
    result: list[ParsedSheet] = []
    for item in parsed:
        mapping = remembered_mapping(db, item.header_signature)
        if mapping is not None and mapping != item.columns:
            try:
                (remapped,) = parse_file(path, sheet=item.sheet, mapping=mapping, reject_invalid=reject_invalid,
                                         cache=cache)
            except DomainError:  # a stale mapping never blocks the detected one
                remapped = item
            item = remapped
        result.append(item)
    return result
