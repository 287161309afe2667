"""Shared ReportLab pieces for the presentations' PDFs (run-of-show index, book of papers).

Paragraph styles in the official serif (``confman.core.pdf.fonts``), text escaped for
Paragraph markup, a page footer with the page number, each paper's own start time and the
papers grouped by day (numbered from 1 again on each day).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from confman.core.agenda.timing import paper_starts
from confman.core.pdf.fonts import SERIF_BOLD as FONT_BOLD
from confman.core.pdf.fonts import SERIF_BOLD as FONT_SEMIBOLD
from confman.core.pdf.fonts import SERIF_ITALIC as FONT_ITALIC
from confman.core.pdf.fonts import SERIF_REGULAR as FONT_REGULAR
from confman.core.pdf.fonts import escape_markup
from confman.core.pdf.fonts import register_serif_fonts as register_fonts
from confman.core.presentations.service import PresentationRow
from confman.i18n import t

INK = colors.black
ACCENT = colors.black
MUTED = colors.HexColor("#5D6D7E")
RULE = colors.HexColor("#C8D3DD")
BAND = colors.HexColor("#EEEEEE")
MARGIN = 18 * mm


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    org: ParagraphStyle
    muted: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    toc_entry: ParagraphStyle
    toc_page: ParagraphStyle
    day: ParagraphStyle
    toc_day: ParagraphStyle


def styles() -> Styles:
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT_REGULAR, fontSize=10.5, leading=15, textColor=INK)
    return Styles(
        title=ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=22, leading=29,
                             alignment=TA_CENTER, textColor=ACCENT, spaceAfter=8 * mm),
        subtitle=ParagraphStyle("subtitle", parent=body, fontName=FONT_SEMIBOLD, fontSize=13, leading=18,
                                alignment=TA_CENTER, spaceAfter=3 * mm),
        heading=ParagraphStyle("heading", parent=body, fontName=FONT_BOLD, fontSize=15, leading=20,
                               textColor=ACCENT, spaceAfter=3 * mm),
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=9, leading=12),
        org=ParagraphStyle("org", parent=body, fontName=FONT_SEMIBOLD, fontSize=11.5, leading=16),
        muted=ParagraphStyle("muted", parent=body, fontName=FONT_ITALIC, fontSize=9.5, leading=13,
                             textColor=MUTED),
        cell=ParagraphStyle("cell", parent=body, fontSize=8.5, leading=11),
        cell_bold=ParagraphStyle("cell_bold", parent=body, fontName=FONT_SEMIBOLD, fontSize=8.5, leading=11),
        toc_entry=ParagraphStyle("toc", parent=body, fontName=FONT_SEMIBOLD, fontSize=10.5, leading=14),
        day=ParagraphStyle("day", parent=body, fontName=FONT_BOLD, fontSize=13, leading=17, spaceAfter=4 * mm,
                           textTransform="uppercase"),
        toc_day=ParagraphStyle("toc_day", parent=body, fontName=FONT_BOLD, fontSize=11, leading=14),
        toc_page=ParagraphStyle("toc_page", parent=body, fontName=FONT_SEMIBOLD, fontSize=10.5, leading=14,
                                alignment=TA_RIGHT),
    )


def para(text: str | None, style: ParagraphStyle) -> Paragraph:
    """A Paragraph of literal text (escaped; line breaks kept)."""
    lines = (text or "").split("\n")
    return Paragraph("<br/>".join(escape_markup(line) for line in lines), style)


def footer(label: str):
    """An ``onPage`` callback drawing ``label`` and the page number at the foot of each page."""

    def draw(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(FONT_REGULAR, 8)
        canvas.setFillColor(MUTED)
        width, _height = doc.pagesize
        canvas.drawString(MARGIN, 10 * mm, label)
        canvas.drawRightString(width - MARGIN, 10 * mm, str(canvas.getPageNumber()))
        canvas.restoreState()

    return draw


def fmt_day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def fmt_time(value: time | None) -> str:
    return value.strftime("%H:%M") if value else ""


def paper_times(rows: Sequence[PresentationRow]) -> dict[int, time]:
    """Each scheduled paper's own start: its session's start plus the planned minutes of the papers
    before it in that session (``rows`` as listed, withdrawn ones already left out)."""
    sessions: dict[int, list[PresentationRow]] = {}
    for row in rows:
        if row.agenda_item_id is not None and row.start_time is not None:
            sessions.setdefault(row.agenda_item_id, []).append(row)
    out: dict[int, time] = {}
    for papers in sessions.values():
        papers.sort(key=lambda r: (r.order_in_item, r.id))
        for row, start in zip(papers, paper_starts(papers[0].start_time, [r.planned_minutes for r in papers]),
                              strict=True):
            out[row.id] = start
    return out


def by_day(rows: Sequence[PresentationRow]) -> list[tuple[date | None, list[PresentationRow]]]:
    """The rows in runs of the same day, in the order given (unscheduled papers last)."""
    groups: list[tuple[date | None, list[PresentationRow]]] = []
    for row in sorted(rows, key=lambda r: r.day is None):  # stable: the agenda order is kept
        if not groups or groups[-1][0] != row.day:
            groups.append((row.day, []))
        groups[-1][1].append(row)
    return groups


def day_heading(day: date | None, number: int, lang: str | None) -> str:
    """"Ngày thứ nhất — thứ Tư, 10/12/2026" / "Day 1 — Wednesday, 10/12/2026"; unscheduled papers."""
    if day is None:
        return t("presentations.print.unscheduled", lang)
    return t("presentations.print.day", lang, n=number, weekday=t(f"documents.weekday.{day.weekday()}", lang),
             date=fmt_day(day))
