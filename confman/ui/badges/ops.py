"""The badges feature's calls into the core (plain functions run by ops; no widgets, no Qt).

``render`` runs in the document process (``OpRunner.document``): it must stay a module-level
function with picklable arguments and result.
"""

from __future__ import annotations

import getpass
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from confman.core.badges import service as badges
from confman.core.badges.codes import make_code
from confman.core.badges.render import BadgeData, EventInfo, render_badges
from confman.core.badges.service import (
    SORT_ORDERS,
    BadgeSelection,
    Batch,
    PrintedBadge,
    RenderedBatch,
    TemplateChoice,
    shortened_text,
)
from confman.core.badges.templates import BadgeTemplate, Element, Grid, template_title
from confman.core.changes import Changes
from confman.core.db.engine import Database
from confman.core.registration.categories import list_categories
from confman.core.registration.rows import CategoryRow

__all__ = ["SORT_ORDERS", "BadgeData", "BadgeSelection", "BadgeTemplate", "Batch", "CategoryRow", "Element",
           "EventInfo", "Grid", "PrintedBadge", "RenderedBatch", "TemplateChoice", "make_code", "render_badges",
           "shortened_text", "template_title"]


def templates(db: Database, lang: str) -> list[TemplateChoice]:
    return badges.list_templates(db, lang)


def categories(db: Database, event_id: int) -> list[CategoryRow]:
    return list_categories(db, event_id)


def select(db: Database, event_id: int, selection: BadgeSelection) -> Batch:
    return badges.select_batch(db, event_id, selection)


def render(db: Database, event_id: int, ids: Sequence[int], template_name: str, lang: str,
           offset_mm: tuple[float, float], *, steps: Any) -> RenderedBatch:
    """The badges of ``ids`` (in print order) as one in-memory PDF, in the document process (progress
    and Cancel through ``steps``); only the ids cross the pipe, not the batch's rows."""
    template = badges.get_template(db, template_name)
    return badges.render_batch(db, event_id, list(ids), template, None, lang=lang, offset_mm=offset_mm,
                               progress=steps.progress, cancelled=steps.cancelled)


def calibration(db: Database, template_name: str, lang: str,
                offset_mm: tuple[float, float]) -> tuple[bytes, tuple[float, float]]:
    """The calibration page of a template and its paper size."""
    template = badges.get_template(db, template_name)
    data = badges.render_calibration(template, lang=lang, offset_mm=offset_mm)
    assert data is not None
    return data, template.page_size_mm


def _user() -> str:
    try:
        return getpass.getuser()[:100]
    except Exception:  # no login name: the station still says where
        return ""


def record(db: Database, event_id: int, printed: Sequence[PrintedBadge], *, template: str, station: str,
           reason: str) -> Changes:
    """The print log of a saved or printed batch."""
    return badges.record_prints(db, event_id, printed, template=template, station=station, printed_by=_user(),
                                reason=reason)


def reprint(db: Database, event_id: int, ids: Sequence[int], *, reason: str, station: str) -> Changes:
    return badges.reprint_badges(db, event_id, ids, reason=reason, station=station)


@dataclass(frozen=True, slots=True)
class EditorStart:
    """What the template editor needs to open: the template, the choices and a sample badge."""

    template: BadgeTemplate
    choices: list[TemplateChoice]
    event: EventInfo | None
    badge: BadgeData | None


@dataclass(frozen=True, slots=True)
class SavedTemplate:
    choice: TemplateChoice
    changes: Changes


def editor_start(db: Database, template_name: str, event_id: int | None, sample_id: int | None,
                 lang: str) -> EditorStart:
    template = badges.get_template(db, template_name)
    choices = badges.list_templates(db, lang)
    info = badges.event_info(db, event_id) if event_id is not None else None
    sample = None
    if event_id is not None and sample_id is not None:
        found = badges.badge_data(db, event_id, [sample_id])
        sample = found[0] if found else None
    return EditorStart(template, choices, info, sample)


def template(db: Database, name: str) -> BadgeTemplate:
    return badges.get_template(db, name)


def save_copy(db: Database, edited: BadgeTemplate, *, name: str, title: str, station: str) -> SavedTemplate:
    choice, changes = badges.save_template_copy(db, edited, name=name, title=title, station=station)
    return SavedTemplate(choice, changes)
