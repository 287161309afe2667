"""The event dialog's calls into the core (plain functions run by ops; no widgets, no Qt)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from confman.core.changes import Changes
from confman.core.db.engine import Database
from confman.core.events.documents import (
    ENGLISH_OF,
    FIELD_LENGTHS,
    EventDocuments,
    event_documents,
    update_event_documents,
)

__all__ = ["ENGLISH_OF", "FIELD_LENGTHS", "EventDocuments", "SavedDocuments"]


@dataclass(frozen=True, slots=True)
class SavedDocuments:
    """The fields written, and the ``Changes`` the op runner broadcasts (the event's documents)."""

    documents: EventDocuments
    changes: Changes


def documents(db: Database, event_id: int) -> EventDocuments:
    return event_documents(db, event_id)


def save(db: Database, event_id: int, station: str, values: dict[str, Any]) -> SavedDocuments:
    """Every field in one unit of work; a refused value raises and nothing is written."""
    written = update_event_documents(db, event_id, station=station, **values)
    return SavedDocuments(written, Changes.of("events", ids={event_id}))
