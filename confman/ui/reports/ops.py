"""The reports page's calls into the core (plain functions run by ops; no widgets, no Qt).

``make`` runs in the document process (``OpRunner.document``): a 20,000-delegate report's
garbage collections and its final deallocation would otherwise stop the window for up to a
second. It must stay a module-level function with picklable arguments and result.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from confman.core.checkin.service import list_categories
from confman.core.db.engine import Database
from confman.core.events.documents import EventDocuments, event_documents
from confman.core.reports import REPORTS, SIGNED, GeneratedReport, generate
from confman.core.reports.data import EXPECTED_STATUSES
from confman.core.reports.options import LETTER_NUMBER_MAX, ReportOptions

__all__ = ["EXPECTED_STATUSES", "LETTER_NUMBER_MAX", "REPORTS", "SIGNED", "EventDocuments", "GeneratedReport",
           "Made", "ReportOptions"]


@dataclass(frozen=True, slots=True)
class Made:
    """A generated report and its page count (PDF; 0 for a workbook)."""

    report: GeneratedReport
    pages: int


def categories(db: Database, event_id: int) -> list[tuple[int, str, str]]:
    return [(c.id, c.label_vi, c.label_en) for c in list_categories(db, event_id)]


def documents(db: Database, event_id: int) -> EventDocuments:
    """The event's document fields: its letter number (the hint of the per-batch one) and its signer."""
    return event_documents(db, event_id)


def make(db: Database, event_id: int, name: str, fmt: str, options: ReportOptions, *, steps: Any) -> Made:
    """Report ``name`` as ``fmt`` (progress and Cancel through ``steps``)."""
    report = generate(db, event_id, name, fmt, options, progress=steps.progress, cancelled=steps.cancelled)
    pages = 0
    if fmt == "pdf":  # counted under the app's pdfium lock: the preview may be rasterising on another worker
        from confman.ui.widgets.pdf_pages import page_count

        pages = page_count(report.data)
    return Made(report, pages)


def purge_preview(db: Database, event_id: int, backups: Path) -> Any:
    """What the purge would clear, and which backups it would scrub (nothing is changed)."""
    from confman.core.reports.purge import preview_purge

    return preview_purge(db, event_id, backups_folder=backups)


def purge(db: Database, event_id: int, *, confirm: str, backups: Path, station: str, external_backup: bool,
          keep_backup: bool = False) -> Any:
    """Purge the event's personal data, from the backups in ``backups`` too (one pre-purge copy with ``keep_backup``)."""
    from confman.core.reports.purge import purge_personal_data

    return purge_personal_data(db, event_id, confirm=confirm, backups_folder=backups, station=station,
                               external_backup=external_backup, keep_backup=keep_backup)
