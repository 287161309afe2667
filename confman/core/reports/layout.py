"""The layout every printed report shares: a Nghị định 30 official document on A4.

The letterhead (parent and issuing body top left, the national motto and the place and date
top right), the document type upper case bold centred, the event as its summary line, its
dates and venue, then one italic line stating the "as of" time and the filter used; a footer
with the event code, the as-of time and "Trang n/N".  Long lists are :class:`RowSheet`s:
laid out in linear time, the column header and a continuing group's heading repeated on every
page, every page's table closed by a bold rule.  Everything is in the official serif.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from confman.core.agenda.pdf import date_span
from confman.core.events.letterhead import letterhead_for
from confman.core.pdf.fonts import SERIF_BOLD, SERIF_REGULAR, register_serif_fonts
from confman.core.pdf.house import NumberedCanvas
from confman.core.pdf.official import (
    FRAME_W,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    OfficialStyles,
    TextRule,
    doc_title,
    letterhead,
    opara,
)
from confman.core.pdf.rows import Column, RowSheet, SheetStyle
from confman.core.reports.data import EventInfo
from confman.core.reports.options import Steps
from confman.i18n import t

PAGE_W, PAGE_H = A4
#: The STT column: "10000" fits on one line.
NO_W = 13 * mm
INK = "#000000"
RULE = "#555555"
HEADER_BG = "#E8E8E8"


class Styles(OfficialStyles):
    """The official styles under the names the reports use."""

    def __init__(self, body_leading: float = 1.3) -> None:
        super().__init__(body_size=13, body_leading=body_leading)
        self.number = self.number_cell
        self.asof = self.note
        self.body_italic = self.italic


p = opara


def as_of_text(info: EventInfo, lang: str, as_of: datetime | None) -> str:
    stamp = info.local(as_of)
    return t("reports.as_of", lang, time=f"{stamp:%H:%M}", date=f"{stamp:%d/%m/%Y}")


def official_letterhead(info: EventInfo, lang: str, st: Styles, *, as_of: datetime | None = None,
                        width: float = FRAME_W, dated: bool = True) -> list[Flowable]:
    """The Nghị định 30 letterhead of the event, dated the as-of day (for documents with their own title);
    ``dated=False`` leaves the place-and-date line out (a form dated by whoever fills it in)."""
    day = info.local(as_of).date() if dated else None
    return letterhead(letterhead_for(info.docs, lang, day=day), st, width=width, left_w=min(width * 0.44, 80 * mm))


def header(info: EventInfo, lang: str, st: Styles, title: str, *, as_of: datetime | None, filter_text: str,
           subtitle: str = "", day: date | None = None, width: float = FRAME_W) -> list[Flowable]:
    """Letterhead (dated the as-of day), type, the event as summary line, dates (or the one ``day``)
    and venue, then "Tính đến … · Bộ lọc: …"."""
    flow = official_letterhead(info, lang, st, as_of=as_of, width=width)
    flow += doc_title(title, info.name(lang), st, secondary=(subtitle,) if subtitle else ())
    if day is not None:
        meta = f"{t('reports.day', lang)}: {day:%d/%m/%Y}"
    else:
        meta = f"{t('reports.dates', lang)}: {date_span(info.start_date, info.end_date)}"
    venue = info.venue_for(lang)
    if venue:
        meta += f"  ·  {t('reports.venue', lang)}: {venue}"
    flow.append(Spacer(1, 1 * mm))
    flow.append(p(meta, st.meta))
    flow.append(p(f"{as_of_text(info, lang, as_of)}  ·  {t('reports.filter', lang)}: {filter_text}", st.asof))
    flow.append(TextRule(40 * mm, 0.6, space_before=8, space_after=6))
    return flow


def head_cells(keys: Sequence[str], lang: str, st: Styles) -> list[Paragraph]:
    return [p(t(key, lang), st.head) for key in keys]


def grid_commands(header_rows: int = 1) -> list[tuple[Any, ...]]:
    """Thin grid, bold box, shaded header row(s), top-aligned cells."""
    head: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, header_rows - 1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_BG),
        ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.9, INK),
    ] if header_rows else []
    return [
        ("FONT", (0, 0), (-1, -1), SERIF_REGULAR),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        *head,
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("BOX", (0, 0), (-1, -1), 0.9, INK),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]


def data_table(rows: list[list[Any]], widths: Sequence[float], commands: Sequence[tuple[Any, ...]] = (),
               header_rows: int = 1) -> Table:
    """A short table whose header repeats on each page and whose rows never split across pages."""
    table = Table(rows, colWidths=list(widths), repeatRows=header_rows, splitByRow=1, splitInRow=0)
    table.setStyle(TableStyle([*grid_commands(header_rows), *commands]))
    return table


def row_sheet(columns: Sequence[Column], keys: Sequence[str], lang: str, *, min_row_height: float = 0.0,
              padding: float = 3.0) -> RowSheet:
    """A long list table (see :mod:`confman.core.pdf.rows`) with translated column headers."""
    register_serif_fonts()
    return RowSheet(columns, [t(k, lang) for k in keys],
                    SheetStyle(SERIF_BOLD, 10.5, SERIF_BOLD, 11.5, padding=padding, min_row_height=min_row_height,
                               continued=t("reports.continued", lang)))


class Tick(Flowable):
    """Reports one step of progress when the layout reaches it."""

    def __init__(self, steps: Steps, count: int = 1) -> None:
        super().__init__()
        self.steps = steps
        self.count = count

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.steps.step(self.count)


class _Doc(BaseDocTemplate):
    """Checks for Cancel after every flowable laid out."""

    steps: Steps | None = None

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - ReportLab API
        if self.steps is not None:
            self.steps.check()


def canvas_maker(footer_left: str, lang: str) -> Callable[..., rl_canvas.Canvas]:
    """A canvas with the report footer, in the official serif, inside the official margins."""

    class _Canvas(NumberedCanvas):
        pass

    _Canvas.footer_left = footer_left
    _Canvas.page_word = t("reports.page", lang)
    _Canvas.margin_left = MARGIN_LEFT
    _Canvas.margin_right = MARGIN_RIGHT
    _Canvas.margin_bottom = MARGIN_BOTTOM
    _Canvas.font = SERIF_REGULAR
    return _Canvas


def build_pdf(flow: list[Flowable], info: EventInfo, lang: str, *, title: str, as_of: datetime | None,
              steps: Steps | None = None, landscape_page: bool = False, footer: str | None = None) -> bytes:
    """Lay ``flow`` out on A4 with the official margins and the report footer ("CODE · as of …", or
    ``footer``, then "Trang n/N"); returns the PDF bytes."""
    register_serif_fonts()
    buffer = io.BytesIO()
    size = landscape(A4) if landscape_page else A4
    width, height = size
    frame_w, frame_h = width - MARGIN_LEFT - MARGIN_RIGHT, height - MARGIN_TOP - MARGIN_BOTTOM
    doc = _Doc(buffer, pagesize=size, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT, topMargin=MARGIN_TOP,
               bottomMargin=MARGIN_BOTTOM, title=title, author=info.docs.issuing(lang) or info.organiser_unit,
               subject=info.name(lang), creator="confman")
    doc.addPageTemplates([PageTemplate("page", [Frame(MARGIN_LEFT, MARGIN_BOTTOM, frame_w, frame_h, 0, 0, 0, 0)])])
    doc.steps = steps
    footer_left = footer if footer is not None else f"{info.code} · {as_of_text(info, lang, as_of)}"
    doc.build(flow, canvasmaker=canvas_maker(footer_left, lang))
    return buffer.getvalue()


def frame_width(landscape_page: bool = False) -> float:
    width = landscape(A4)[0] if landscape_page else A4[0]
    return width - MARGIN_LEFT - MARGIN_RIGHT


def sheet_notes(info: EventInfo, lang: str, title: str, as_of: datetime | None, filter_text: str) -> tuple[str, ...]:
    """The lines above an .xlsx table: title, event, as-of time, filter."""
    return (title, info.name(lang), as_of_text(info, lang, as_of), f"{t('reports.filter', lang)}: {filter_text}")


__all__ = ["FRAME_W", "NO_W", "Column", "RowSheet", "Styles", "Tick", "as_of_text", "build_pdf", "data_table",
           "date_span", "frame_width", "grid_commands", "head_cells", "header", "p", "row_sheet", "sheet_notes"]
