"""The house style of printed reports (A4, Be Vietnam Pro), shared by every report.

Same look as the printed programme (``confman.core.agenda.pdf``): the organiser unit
block top left (parent units in capitals, the last in bold, a short rule), a bold
centred title, the event name, its dates and venue, then one italic line stating the
"as of" time and the filter used; a footer with the event code, the as-of time and
"Trang n/N".  Tables repeat their header row on every page and never split a row.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from confman.core.agenda.pdf import date_span
from confman.core.pdf.fonts import (
    FONT_BOLD,
    FONT_ITALIC,
    FONT_REGULAR,
    FONT_SEMIBOLD,
    register_fonts,
)
from confman.core.pdf.house import (
    ACCENT,
    BAND_BG,
    FRAME_W,
    HEADER_BG,
    INK,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    RULE,
    Rule,
    logo_flowable,
    para,
    style,
)
from confman.core.pdf.house import canvas_maker as house_canvas_maker
from confman.core.pdf.house import organiser_lines as house_organiser_lines
from confman.core.reports.data import EventInfo
from confman.core.reports.options import Steps
from confman.i18n import t

PAGE_W, PAGE_H = A4
#: The STT column: "10000" fits on one line.
NO_W = 13 * mm

class Styles:
    def __init__(self) -> None:
        register_fonts()
        self.org = style("org", FONT_REGULAR, 10, align=TA_CENTER)
        self.org_bold = style("orgb", FONT_BOLD, 10, align=TA_CENTER)
        self.motto = style("motto", FONT_BOLD, 10, align=TA_CENTER)
        self.motto_sub = style("mottosub", FONT_SEMIBOLD, 10.5, align=TA_CENTER)
        self.title = style("title", FONT_BOLD, 16, 21, TA_CENTER, spaceBefore=6)
        self.event = style("event", FONT_BOLD, 12, 16, TA_CENTER, spaceBefore=3)
        self.meta = style("meta", FONT_ITALIC, 10, 13.5, TA_CENTER)
        self.asof = style("asof", FONT_ITALIC, 9, 12, TA_CENTER, MUTED)
        self.head = style("head", FONT_BOLD, 9.5, 12, TA_CENTER)
        self.cell = style("cell", FONT_REGULAR, 10, 13)
        self.cell_small = style("cellsmall", FONT_REGULAR, 9, 11.5)
        self.cell_bold = style("cellbold", FONT_SEMIBOLD, 10, 13)
        self.cell_center = style("cellc", FONT_REGULAR, 10, 13, TA_CENTER)
        self.number = style("number", FONT_REGULAR, 9.5, 13, TA_CENTER)
        self.cell_right = style("cellr", FONT_REGULAR, 10, 13, TA_RIGHT)
        self.cell_right_bold = style("cellrb", FONT_BOLD, 10, 13, TA_RIGHT)
        self.band = style("band", FONT_BOLD, 10, 13, color=ACCENT)
        self.section = style("section", FONT_BOLD, 11.5, 15, spaceBefore=8, spaceAfter=4, color=ACCENT)
        self.body = style("body", FONT_REGULAR, 10.5, 14.5)
        self.body_italic = style("bodyi", FONT_ITALIC, 10, 13.5, color=MUTED)
        self.total = style("total", FONT_SEMIBOLD, 10, 13, spaceBefore=6)


p = para


def as_of_text(info: EventInfo, lang: str, as_of: datetime | None) -> str:
    stamp = info.local(as_of)
    return t("reports.as_of", lang, time=f"{stamp:%H:%M}", date=f"{stamp:%d/%m/%Y}")


def organiser_lines(info: EventInfo) -> list[str]:
    """The organiser unit split into its levels ("Bộ … — Vụ …"), upper-cased as letterheads print them."""
    return house_organiser_lines(info.organiser_unit)


def letterhead(info: EventInfo, lang: str, st: Styles, *, motto: bool = False, width: float = FRAME_W,
               place_date: str = "", reference: str = "") -> list[Flowable]:
    """The organiser block (left; with the letter number under it) and, for letters, the national
    motto with place and date (right)."""
    org: list[Flowable] = []
    lines = organiser_lines(info)
    for i, line in enumerate(lines):
        org.append(p(line, st.org_bold if i == len(lines) - 1 else st.org))
    if org:
        org.append(Rule(26 * mm, space_before=5))
    if reference:
        org += [Spacer(1, 3 * mm), p(reference, st.org)]
    left_w = 82 * mm
    cells: list[Any] = []
    widths: list[float] = []
    logo = logo_flowable(info.logo)
    if logo is not None:
        cells.append(logo)
        widths.append(logo.drawWidth + 4 * mm)
    cells.append(org or "")
    widths.append(left_w)
    if motto:
        right: list[Flowable] = [p(t("reports.motto.country", lang), st.motto),
                                 p(t("reports.motto.words", lang), st.motto_sub), Rule(48 * mm, space_before=3)]
        if place_date:
            right += [Spacer(1, 3 * mm), p(place_date, st.meta)]
        cells.append(right)
        widths.append(width - sum(widths))
    if not org and not motto and logo is None:
        return []
    table = Table([cells], colWidths=widths, hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return [table, Spacer(1, 5 * mm)]


def header(info: EventInfo, lang: str, st: Styles, title: str, *, as_of: datetime | None, filter_text: str,
           subtitle: str = "", day: date | None = None) -> list[Flowable]:
    """Letterhead, title, event, dates (or the one ``day`` the sheet is for) and venue,
    then "Tính đến … · Bộ lọc: …"."""
    flow = letterhead(info, lang, st)
    flow.append(p(title.upper(), st.title))
    if subtitle:
        flow.append(p(subtitle, st.meta))
    flow.append(p(info.name(lang), st.event))
    flow.append(Spacer(1, 1.5 * mm))
    if day is not None:
        meta = f"{t('reports.day', lang)}: {day:%d/%m/%Y}"
    else:
        meta = f"{t('reports.dates', lang)}: {date_span(info.start_date, info.end_date)}"
    if info.venue:
        meta += f"  ·  {t('reports.venue', lang)}: {info.venue}"
    flow.append(p(meta, st.meta))
    flow.append(p(f"{as_of_text(info, lang, as_of)}  ·  {t('reports.filter', lang)}: {filter_text}", st.asof))
    flow.append(Rule(40 * mm, 0.8, space_before=6, space_after=7))
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
        ("FONT", (0, 0), (-1, -1), FONT_REGULAR),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        *head,
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("BOX", (0, 0), (-1, -1), 0.9, INK),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]


def data_table(rows: list[list[Any]], widths: Sequence[float], commands: Sequence[tuple[Any, ...]] = (),
               header_rows: int = 1) -> Table:
    """A table whose header repeats on each page and whose rows never split across pages."""
    table = Table(rows, colWidths=list(widths), repeatRows=header_rows, splitByRow=1, splitInRow=0)
    table.setStyle(TableStyle([*grid_commands(header_rows), *commands]))
    return table


def canvas_maker(footer_left: str, lang: str) -> Callable[..., rl_canvas.Canvas]:
    return house_canvas_maker(footer_left, t("reports.page", lang))


class _Doc(BaseDocTemplate):
    """Checks for Cancel after every flowable laid out."""

    steps: Steps | None = None

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - ReportLab API
        if self.steps is not None:
            self.steps.check()


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


class LongTable:
    """A list table of any length, laid out in linear time.

    ReportLab re-measures the rest of a table at every page break, which makes one
    4,000-row table take a quadratic 16 s.  Rows are therefore cut into short tables
    printed edge to edge; the column header is the first row of the first one, and
    :func:`build_pdf` draws it again at the top of every following page
    (``running_header``).  A band (group heading) is never the last row of a page.
    """

    CHUNK = 40

    def __init__(self, header: list[Any], widths: Sequence[float], *, row_padding: float = 4) -> None:
        self.header = header
        self.widths = list(widths)
        self.row_padding = row_padding
        self.rows: list[tuple[list[Any], bool]] = []

    def add_band(self, cell: Any) -> None:
        self.rows.append(([cell] + [""] * (len(self.widths) - 1), True))

    def add_row(self, cells: list[Any]) -> None:
        self.rows.append((cells, False))

    def __len__(self) -> int:
        return sum(1 for _, band in self.rows if not band)

    def running_header(self) -> Table:
        table = Table([self.header], colWidths=self.widths)
        table.setStyle(TableStyle(grid_commands(1)))
        return table

    def _chunk(self, rows: list[tuple[list[Any], bool]], first: bool) -> Table:
        data = ([self.header] if first else []) + [cells for cells, _ in rows]
        offset = 1 if first else 0
        commands: list[tuple[Any, ...]] = [
            ("FONT", (0, 0), (-1, -1), FONT_REGULAR),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("GRID", (0, 0), (-1, -1), 0.5, RULE),
            ("LINEBEFORE", (0, 0), (0, -1), 0.9, INK),
            ("LINEAFTER", (-1, 0), (-1, -1), 0.9, INK),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), self.row_padding),
            ("BOTTOMPADDING", (0, 0), (-1, -1), self.row_padding),
        ]
        if first:
            commands += [("VALIGN", (0, 0), (-1, 0), "MIDDLE"), ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
                         ("LINEABOVE", (0, 0), (-1, 0), 0.9, INK), ("LINEBELOW", (0, 0), (-1, 0), 0.9, INK),
                         ("TOPPADDING", (0, 0), (-1, 0), 4), ("BOTTOMPADDING", (0, 0), (-1, 0), 5)]
            if len(data) > 1:
                commands.append(("NOSPLIT", (0, 0), (-1, 1)))
        for index, (_cells, band) in enumerate(rows):
            r = index + offset
            if band:
                commands += [("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), BAND_BG),
                             ("TOPPADDING", (0, r), (-1, r), 4), ("BOTTOMPADDING", (0, r), (-1, r), 4)]
                if r + 1 < len(data):
                    commands.append(("NOSPLIT", (0, r), (-1, r + 1)))
        table = Table(data, colWidths=self.widths, splitByRow=1, splitInRow=0)
        table.setStyle(TableStyle(commands))
        return table

    def flowables(self, steps: Steps | None = None) -> list[Flowable]:
        """The chunks (and progress ticks), ending with a bold rule under the last row."""
        out: list[Flowable] = []
        chunk: list[tuple[list[Any], bool]] = []
        first = True
        for cells, band in self.rows:
            # A band opens a chunk (kept with its first row); a full chunk closes at the next row.
            if chunk and (band or len(chunk) >= self.CHUNK) and not chunk[-1][1]:
                out.append(self._chunk(chunk, first))
                if steps is not None:
                    out.append(Tick(steps, sum(1 for _, b in chunk if not b)))
                first, chunk = False, []
            chunk.append((cells, band))
        if chunk or first:
            out.append(self._chunk(chunk, first))
            if steps is not None:
                out.append(Tick(steps, sum(1 for _, b in chunk if not b)))
        out.append(_BottomRule(sum(self.widths)))
        return out


class _BottomRule(Flowable):
    """The table's closing bold line, drawn over the last row's thin bottom border."""

    def __init__(self, width: float) -> None:
        super().__init__()
        self.rule_width = width

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.rule_width, 0

    def draw(self) -> None:
        self.canv.setStrokeColor(INK)
        self.canv.setLineWidth(0.9)
        self.canv.line(0, 0, self.rule_width, 0)


def build_pdf(flow: list[Flowable], info: EventInfo, lang: str, *, title: str, as_of: datetime | None,
              steps: Steps | None = None, landscape_page: bool = False,
              running_header: Table | None = None) -> bytes:
    """Lay ``flow`` out on A4 with the house footer; returns the PDF bytes.

    ``running_header`` (a :class:`LongTable`'s column header) is drawn at the top of every
    page after the first.
    """
    buffer = io.BytesIO()
    size = landscape(A4) if landscape_page else A4
    width, height = size
    frame_w, frame_h = width - 2 * MARGIN_X, height - MARGIN_TOP - MARGIN_BOTTOM
    doc = _Doc(buffer, pagesize=size, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
               bottomMargin=MARGIN_BOTTOM, title=title, author=info.organiser_unit, subject=info.name(lang),
               creator="confman")
    first = Frame(MARGIN_X, MARGIN_BOTTOM, frame_w, frame_h, 0, 0, 0, 0, id="first")
    templates = [PageTemplate("first", [first])]
    if running_header is not None:
        _, head_h = running_header.wrap(frame_w, frame_h)

        def draw_header(canvas: rl_canvas.Canvas, _doc: Any) -> None:
            running_header.drawOn(canvas, MARGIN_X, height - MARGIN_TOP - head_h)

        later = Frame(MARGIN_X, MARGIN_BOTTOM, frame_w, frame_h - head_h, 0, 0, 0, 0, id="later")
        templates.append(PageTemplate("later", [later], onPage=draw_header))
        flow = [NextPageTemplate("later"), *flow]
    doc.addPageTemplates(templates)
    doc.steps = steps
    doc.build(flow, canvasmaker=canvas_maker(f"{info.code} · {as_of_text(info, lang, as_of)}", lang))
    return buffer.getvalue()


def new_canvas(buffer: io.BytesIO, info: EventInfo, lang: str, title: str, *, landscape_page: bool,
               keywords: str = "") -> rl_canvas.Canvas:
    """A plain canvas for page-per-person documents (certificates, letters), Be Vietnam Pro only.

    ``keywords`` (the as-of time and the filter) go into the document properties: the pages
    themselves are handed to people and carry no report footer.
    """
    register_fonts()
    size = landscape(A4) if landscape_page else A4
    canvas = rl_canvas.Canvas(buffer, pagesize=size, initialFontName=FONT_REGULAR, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor(info.organiser_unit)
    canvas.setSubject(info.name(lang))
    canvas.setCreator("confman")
    if keywords:
        canvas.setKeywords(keywords)
    return canvas


__all__ = ["FRAME_W", "MARGIN_X", "Rule", "Styles", "as_of_text", "build_pdf", "data_table", "date_span",
           "grid_commands", "head_cells", "header", "letterhead", "new_canvas", "organiser_lines", "p", "style"]


def sheet_notes(info: EventInfo, lang: str, title: str, as_of: datetime | None, filter_text: str) -> tuple[str, ...]:
    """The lines above an .xlsx table: title, event, as-of time, filter."""
    return (title, info.name(lang), as_of_text(info, lang, as_of), f"{t('reports.filter', lang)}: {filter_text}")
