"""The window's own calls into the core (the event switcher), as plain functions run by ops."""

from __future__ import annotations

from typing import Any

from confman.core.db.engine import Database
from confman.core.events.service import EventRow, list_events

__all__ = ["EventRow", "events"]


def events(db: Database) -> list[EventRow]:
    return list_events(db)


def create_demo(db: Database) -> Any:
    """The demo conference (offered on an empty database)."""
    from confman.core.demo import create_demo as make

    return make(db)
