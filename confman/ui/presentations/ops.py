"""The presentations page's calls into the core (plain functions run by ops; no widgets here)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from confman.core.changes import Changes
from confman.core.db.engine import Database
from confman.core.errors import DomainError
from confman.core.events.service import EventRow
from confman.core.presentations import service as svc
from confman.core.presentations.book_english import BookGaps
from confman.core.presentations.service import (
    AddFileResult,
    ChoiceRow,
    Choices,
    PresentationDraft,
    PresentationFileRow,
    PresentationRow,
    PresentationsOverview,
    ShowSlot,
    allowed_statuses,
    draft_of,
)
from confman.core.presentations.validation import ACCEPTED

__all__ = ["ACCEPTED", "AddFileResult", "BookGaps", "ChoiceRow", "Choices", "EventRow", "PresentationDraft",
           "PresentationFileRow", "PresentationRow", "PresentationsOverview", "ShowSlot", "allowed_statuses", "draft_of"]


@dataclass(frozen=True, slots=True)
class Loaded:
    """Everything the page paints, read in one go."""

    rows: list[PresentationRow]
    choices: Choices | None
    overview: PresentationsOverview | None
    slots: list[ShowSlot]


@dataclass(frozen=True, slots=True)
class Written:
    """A write's result for the page and the ``Changes`` the op broadcasts."""

    value: Any
    changes: Changes


def _written(value: Any, *ids: int) -> Written:
    return Written(value, Changes.of("presentations", ids=set(ids)))


def load(db: Database, event_id: int) -> Loaded:
    return Loaded(svc.list_presentations(db, event_id), svc.presentation_choices(db, event_id),
                  svc.overview(db, event_id), svc.show_slots(db, event_id))


def create(db: Database, event_id: int, title: str, station: str) -> Written:
    row = svc.create_presentation(db, event_id, PresentationDraft(title_vi=title), station=station)
    return _written(row, row.id)


def update(db: Database, presentation_id: int, draft: PresentationDraft, station: str) -> Written:
    return _written(svc.update_presentation(db, presentation_id, draft, station=station), presentation_id)


def set_status(db: Database, presentation_id: int, status: str, station: str) -> Written:
    return _written(svc.set_status(db, presentation_id, status, station=station), presentation_id)


def delete(db: Database, presentation_id: int, station: str) -> Written:
    return _written(svc.delete_presentation(db, presentation_id, station=station), presentation_id)


def add_files(db: Database, presentation_id: int, paths: Sequence[str], station: str) -> Written:
    """Each file as a new version, in order; refusals are collected, the rest still go in."""
    results: list[AddFileResult] = []
    errors: list[DomainError] = []
    for p in paths:
        try:
            results.append(svc.add_file(db, presentation_id, Path(p), station=station))
        except DomainError as exc:
            errors.append(exc)
    return _written((results, errors), presentation_id)


def restore(db: Database, presentation_id: int, version: int, station: str) -> Written:
    return _written(svc.restore_version(db, presentation_id, version, station=station), presentation_id)


def record_time(db: Database, presentation_id: int, seconds: int, station: str) -> Written:
    return _written(svc.record_actual_time(db, presentation_id, seconds, station=station), presentation_id)


def openable(_db: Database, file: PresentationFileRow) -> Path:
    return svc.openable_copy(file)


def export(db: Database, event: EventRow, folder: Path, day: date | None, room_id: int | None, lang: str) -> Any:
    from confman.core.presentations.export_folder import export_folder

    return export_folder(db, event, folder, day=day, room_id=room_id, lang=lang)


def book_check(db: Database, event_id: int, lang: str) -> tuple[tuple[str, ...], BookGaps]:
    """Before the book is written in ``lang``: what it would print in Vietnamese (sentences, () when nothing)
    and where (``BookGaps``, to take the organiser to the first place to put right)."""
    from confman.core.presentations.book_english import book_gaps, book_warnings

    if lang != "en":
        return (), BookGaps()
    gaps = book_gaps(db, event_id)
    return book_warnings(db, event_id, lang, gaps), gaps


def book(db: Database, event: EventRow, path: Path, lang: str) -> Any:
    from confman.core.presentations.book import build_book

    return build_book(db, event, path, lang=lang)
