"""Shared ReportLab pieces for the presentations' PDFs (export index, book of papers).

Paragraph styles in the bundled Be Vietnam Pro (``confman.core.pdf.fonts``), text escaped
for Paragraph markup, and a page footer with the page number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from confman.core.pdf.fonts import (
    FONT_BOLD,
    FONT_ITALIC,
    FONT_REGULAR,
    FONT_SEMIBOLD,
    escape_markup,
    register_fonts,
)

INK = colors.HexColor("#1B2631")
ACCENT = colors.HexColor("#1F4E79")
MUTED = colors.HexColor("#5D6D7E")
RULE = colors.HexColor("#C8D3DD")
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
