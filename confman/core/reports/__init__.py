"""Reports and printed paperwork: one module per report, one registry for the CLI and the UI.

``REPORTS`` maps a report's name (``signin``, ``delegates``, ``attendance``, ``badges``,
``certificates``, ``invitations``) to a :class:`ReportSpec`; :func:`generate` makes one
as PDF or .xlsx bytes together with its figures (the numbers ``--json`` prints), both
from the same snapshot of the database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from confman.core.bulk import gc_paused
from confman.core.db.engine import Database
from confman.core.errors import DomainError
from confman.core.events.documents import document_warnings
from confman.core.reports import attendance, badge_status, certificates, delegate_list, invitations, signin
from confman.core.reports.data import EventInfo, event_info
from confman.core.reports.options import Cancelled, Progress, ReportOptions, Steps
from confman.core.reports.sheet import Sheet

FORMATS = ("pdf", "xlsx")
#: Documents that carry the signer block.
SIGNED = frozenset({"invitations", "certificates"})


@dataclass(frozen=True, slots=True)
class ReportSpec:
    """How to make one report; ``sheets`` is None for documents that are not tables."""

    name: str
    title_key: str
    collect: Callable[[Database, int, ReportOptions, EventInfo], Any]
    figures: Callable[[Any, ReportOptions], dict[str, Any]]
    pdf: Callable[[Any, EventInfo, ReportOptions, Steps], bytes]
    sheets: Callable[[Any, EventInfo, ReportOptions], list[Sheet]] | None
    uses_group_by: bool = False
    uses_contacts: bool = False
    uses_per: bool = False
    landscape: bool = False
    uses_number: bool = False
    """A letter: prints "Số: …" (the event's letter number, or this batch's ``ReportOptions.letter_number``)."""

    @property
    def formats(self) -> tuple[str, ...]:
        return FORMATS if self.sheets is not None else ("pdf",)


def _plain(module: Any) -> Callable[[Database, int, ReportOptions, EventInfo], Any]:
    def collect(db: Database, event_id: int, options: ReportOptions, info: EventInfo) -> Any:
        return module.collect(db, event_id, options)

    return collect


REPORTS: dict[str, ReportSpec] = {
    "signin": ReportSpec("signin", signin.TITLE_KEY, _plain(signin), signin.figures, signin.pdf, signin.sheets,
                         uses_group_by=True),
    "delegates": ReportSpec("delegates", delegate_list.TITLE_KEY, _plain(delegate_list), delegate_list.figures,
                            delegate_list.pdf, delegate_list.sheets, uses_group_by=True, uses_contacts=True),
    "attendance": ReportSpec("attendance", attendance.TITLE_KEY, attendance.collect, attendance.figures,
                             attendance.pdf, attendance.sheets),
    "badges": ReportSpec("badges", badge_status.TITLE_KEY, _plain(badge_status), badge_status.figures,
                         badge_status.pdf, badge_status.sheets),
    "certificates": ReportSpec("certificates", certificates.TITLE_KEY, _plain(certificates), certificates.figures,
                               certificates.pdf, None, landscape=True),
    "invitations": ReportSpec("invitations", invitations.TITLE_KEY, invitations.collect, invitations.figures,
                              invitations.pdf, None, uses_per=True, uses_number=True),
}


@dataclass(frozen=True, slots=True)
class GeneratedReport:
    name: str
    format: str
    data: bytes
    figures: dict[str, Any]
    info: EventInfo
    warnings: tuple[str, ...] = ()
    """What the organiser should fix before printing (no signer set, English values missing)."""


def spec(name: str) -> ReportSpec:
    found = REPORTS.get(name)
    if found is None:
        raise DomainError("reports.unknown", name=name, names=", ".join(REPORTS))
    return found


def format_for(path: str | Path) -> str:
    """``pdf`` or ``xlsx`` from a file name."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise DomainError("reports.bad_format", path=str(path))
    return suffix


def with_letter_number(info: EventInfo, number: str) -> EventInfo:
    """``info`` with this batch's letter number in place of the event's (unchanged when ``number`` is empty)."""
    if not number or info.docs is None:
        return info
    from dataclasses import replace

    return replace(info, docs=replace(info.docs, letter_number=number))


def generate(db: Database, event_id: int, name: str, fmt: str = "pdf", options: ReportOptions | None = None, *,
             progress: Progress | None = None, cancelled: Cancelled | None = None) -> GeneratedReport:
    """Make report ``name`` as ``fmt`` bytes; ``progress(done, total)`` and ``cancelled()`` are polled.

    Raises ``reports.cancelled`` when ``cancelled()`` turns true, ``reports.no_xlsx`` for a
    document that is not a table.
    """
    report = spec(name)
    if fmt not in report.formats:
        raise DomainError("reports.no_xlsx", name=name) if fmt == "xlsx" else DomainError(
            "reports.bad_format", path=fmt)
    options = options or ReportOptions()
    steps = Steps(progress, cancelled)
    steps.check()
    info = with_letter_number(event_info(db, event_id), options.letter_number)
    if options.day is not None and not info.start_date <= options.day <= info.end_date:
        raise DomainError("reports.day_outside_event", day=f"{options.day:%d/%m/%Y}",
                          start=f"{info.start_date:%d/%m/%Y}", end=f"{info.end_date:%d/%m/%Y}")
    if options.as_of is None:
        from dataclasses import replace

        options = replace(options, as_of=info.local(None))
    with gc_paused():  # the collector's passes grew with the rows held (4,000 rows: 4.8× 1,000 with it, 3.0× without)
        data = report.collect(db, event_id, options, info)
        steps.check()
        if fmt == "xlsx":
            from confman.core.reports.xlsx import workbook_bytes

            assert report.sheets is not None
            content = workbook_bytes(report.sheets(data, info, options), options.lang)
        else:
            content = report.pdf(data, info, options, steps)
    steps.finish()
    warnings: tuple[str, ...] = ()
    if fmt == "pdf" and info.docs is not None:
        warnings = document_warnings(info.docs, options.lang, signed=name in SIGNED)
    return GeneratedReport(name, fmt, content, report.figures(data, options), info, warnings)


def write_report(db: Database, event_id: int, name: str, path: str | Path, options: ReportOptions | None = None,
                 *, progress: Progress | None = None, cancelled: Cancelled | None = None) -> GeneratedReport:
    """Generate report ``name`` in the format of ``path``'s suffix and write it there."""
    target = Path(path)
    result = generate(db, event_id, name, format_for(target), options, progress=progress, cancelled=cancelled)
    try:
        tmp = target.with_name(target.name + ".partial")
        tmp.write_bytes(result.data)
        tmp.replace(target)
    except OSError as exc:
        raise DomainError("reports.write_failed", path=str(target), detail=str(exc)) from exc
    return result


__all__ = ["FORMATS", "REPORTS", "GeneratedReport", "ReportOptions", "ReportSpec", "format_for", "generate",
           "spec", "with_letter_number", "write_report"]
