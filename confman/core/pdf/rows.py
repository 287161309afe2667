"""Long list tables (sign-in sheets, delegate lists) laid out in linear time, page by page.

A ReportLab ``Table`` re-measures its remaining rows at every page break, so a 4,000-row
sheet takes quadratic time.  :class:`RowSheet` measures each row once (plain text, word
wrapped with the cached glyph widths), keeps running sums of the heights, and splits at a
page break by walking only the rows of that page.  Every page's piece:

* repeats the column header;
* repeats the heading of a group that continues from the previous page, with "(tiếp theo)";
* never ends with a group heading (the heading moves to the next page with its first row);
* is closed by a bold rule, so no page ends with an open table.

Cells are plain text (never markup), drawn as text operators in the given fonts.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Literal

from reportlab.lib import colors
from reportlab.platypus import Flowable

from confman.core.pdf.fonts import (
    FittedText,
    draw_fitted_text,
    font_extent,
    line_pitch,
    text_width,
    wrap_lines,
)

Align = Literal["left", "center", "right"]
INK = colors.black
GRID = colors.HexColor("#555555")
HEADER_BG = colors.HexColor("#E8E8E8")
BAND_BG = colors.HexColor("#F2F2F2")


@dataclass(frozen=True, slots=True)
class Column:
    """A column: its width in points, the font of its cells, their alignment."""

    width: float
    font: str
    size: float
    align: Align = "left"
    max_lines: int = 20
    """Beyond it a cell ends with an ellipsis (a row never grows taller than a page)."""


@dataclass(frozen=True, slots=True)
class _Cell:
    fitted: FittedText | None
    align: Align


@dataclass(frozen=True, slots=True)
class _Item:
    height: float
    cells: tuple[_Cell, ...]
    band: bool


@dataclass(frozen=True, slots=True)
class SheetStyle:
    """Fonts and measures of a sheet, in points."""

    header_font: str
    header_size: float
    band_font: str
    band_size: float
    padding: float = 3.5
    min_row_height: float = 0.0
    leading: float = 1.2
    continued: str = "(tiếp theo)"
    """Appended to a group heading repeated at the top of the next page."""


class RowSheet(Flowable):
    """A list table: :meth:`add_band` (group heading) and :meth:`add_row`, then hand it to platypus."""

    #: What a piece shares with the whole sheet (never platypus' own per-flowable state).
    _SHARED = ("columns", "style", "width", "_header_texts", "_raw", "_items", "_sums", "_group", "_header",
               "on_drawn")

    def __init__(self, columns: Sequence[Column], header: Sequence[str], style: SheetStyle) -> None:
        super().__init__()
        self.columns = tuple(columns)
        self.style = style
        self.width = sum(c.width for c in self.columns)
        self._header_texts = list(header)
        self._raw: list[tuple[bool, Sequence[str]]] = []
        self._items: list[_Item] | None = None
        self._sums: list[float] = []
        self._group: list[int] = []
        self._header: _Item | None = None
        self.start = 0
        self.end: int | None = None
        self.on_drawn: Callable[[int], None] | None = None
        """Called with the number of rows each drawn piece holds (progress)."""

    # -- filling ----------------------------------------------------------------------------
    def add_band(self, title: str) -> None:
        self._raw.append((True, (title,)))
        self._items = None

    def add_row(self, cells: Sequence[str]) -> None:
        self._raw.append((False, cells))
        self._items = None

    @property
    def row_count(self) -> int:
        """Rows added (headings not counted).  Not ``__len__``: platypus tests flowables for truth."""
        return sum(1 for band, _ in self._raw if not band)

    # -- measuring (once) ---------------------------------------------------------------------
    def _fit(self, text: str, font: str, size: float, width: float, align: Align, max_lines: int) -> _Cell:
        pad = self.style.padding
        lines = wrap_lines(text, font, size, max(1.0, width - 2 * pad), max_lines)
        if not lines:
            return _Cell(None, align)
        top, bottom = font_extent(font)
        widths = tuple(text_width(line, font, size) for line in lines)
        pitch = line_pitch(lines, font, self.style.leading) if len(lines) > 1 else self.style.leading
        return _Cell(FittedText(tuple(lines), font, size, pitch * size, widths, False,  # marks never touch
                                top * size, bottom * size), align)

    def _height(self, cells: Sequence[_Cell]) -> float:
        pad = self.style.padding
        tallest = max((c.fitted.height for c in cells if c.fitted is not None), default=0.0)
        return max(self.style.min_row_height if cells else 0.0, tallest + 2 * pad + 1)

    def _measure(self) -> None:
        if self._items is not None:
            return
        st = self.style
        header = tuple(self._fit(text, st.header_font, st.header_size, c.width, "center", 4)
                       for text, c in zip(self._header_texts, self.columns, strict=True))
        self._header = _Item(self._height(header) + 2, header, False)
        items: list[_Item] = []
        group: list[int] = []
        current = -1
        for index, (band, cells) in enumerate(self._raw):
            if band:
                fitted = (self._fit(cells[0], st.band_font, st.band_size, self.width, "left", 3),)
                items.append(_Item(fitted[0].fitted.height + 2 * st.padding + 1 if fitted[0].fitted else 0,
                                   fitted, True))
                current = index
            else:
                row = tuple(self._fit(text, c.font, c.size, c.width, c.align, c.max_lines)
                            for text, c in zip(cells, self.columns, strict=True))
                items.append(_Item(self._height(row), row, False))
            group.append(current)
        self._items = items
        self._group = group
        self._sums = [0.0, *accumulate(item.height for item in items)]

    def _view(self, start: int, end: int | None) -> RowSheet:
        view = RowSheet.__new__(RowSheet)
        Flowable.__init__(view)
        for name in self._SHARED:
            setattr(view, name, getattr(self, name))
        view.start, view.end = start, end
        return view

    def _continued(self, start: int) -> _Item | None:
        """The heading to repeat when the piece starting at ``start`` continues a group."""
        assert self._items is not None
        if start >= len(self._items) or self._items[start].band or self._group[start] < 0:
            return None
        band = self._items[self._group[start]]
        title = self._raw[self._group[start]][1][0]
        st = self.style
        cell = self._fit(f"{title} {st.continued}", st.band_font, st.band_size, self.width, "left", 3)
        return _Item(band.height if cell.fitted is None else cell.fitted.height + 2 * st.padding + 1, (cell,), True)

    def _stop(self) -> int:
        assert self._items is not None
        return len(self._items) if self.end is None else self.end

    # -- platypus -------------------------------------------------------------------------------
    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._measure()
        assert self._header is not None
        continued = self._continued(self.start)
        body = self._sums[self._stop()] - self._sums[self.start]
        return self.width, self._header.height + (continued.height if continued else 0.0) + body

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self._measure()
        assert self._header is not None and self._items is not None
        stop = self._stop()
        continued = self._continued(self.start)
        room = avail_height - self._header.height - (continued.height if continued else 0.0)
        # The last row that fits: the running sums are increasing, so a bisection finds it.
        end = bisect_right(self._sums, self._sums[self.start] + room, lo=self.start, hi=stop + 1) - 1
        while end > self.start and self._items[end - 1].band:  # a heading never ends a page
            end -= 1
        if end <= self.start:
            return []
        return [self._view(self.start, end), self._view(end, self.end)]

    def draw(self) -> None:
        self._measure()
        assert self._header is not None and self._items is not None
        canvas = self.canv
        pad = self.style.padding
        pieces: list[_Item] = [self._header]
        continued = self._continued(self.start)
        if continued is not None:
            pieces.append(continued)
        pieces += self._items[self.start:self._stop()]
        total = sum(item.height for item in pieces)
        xs = [0.0, *accumulate(c.width for c in self.columns)]
        placed: list[tuple[_Item, float]] = []  # each piece with its bottom edge
        y = total
        for item in pieces:
            y -= item.height
            placed.append((item, y))
        canvas.saveState()
        # Shading first, text over it.
        header_h = self._header.height
        canvas.setFillColor(HEADER_BG)
        canvas.rect(0, total - header_h, self.width, header_h, stroke=0, fill=1)
        canvas.setFillColor(BAND_BG)
        for item, bottom in placed:
            if item.band:
                canvas.rect(0, bottom, self.width, item.height, stroke=0, fill=1)
        canvas.setFillColor(INK)
        for item, bottom in placed:
            if item.band:
                cell = item.cells[0]
                if cell.fitted is not None:
                    draw_fitted_text(canvas, cell.fitted, pad, bottom, self.width - 2 * pad, item.height,
                                     align="left", valign="middle")
                continue
            # One first baseline for the whole row (a row reads as one line), the block centred.
            shown = [c.fitted for c in item.cells if c.fitted is not None]
            if not shown:
                continue
            rise = max(f.top for f in shown)
            block = max(f.height - f.top for f in shown) + rise
            baseline = bottom + item.height - (item.height - block) / 2 - rise
            for cell, left, column in zip(item.cells, xs[:-1], self.columns, strict=True):
                if cell.fitted is not None:
                    top = baseline + cell.fitted.top
                    draw_fitted_text(canvas, cell.fitted, left + pad, top - item.height, column.width - 2 * pad,
                                     item.height, align=cell.align, valign="top")
        # Grid: thin rules between rows, column rules except across headings, a bold frame.
        canvas.setStrokeColor(GRID)
        canvas.setLineWidth(0.5)
        for _item, bottom in placed[:-1]:
            canvas.line(0, bottom, self.width, bottom)
        segments: list[tuple[float, float]] = []  # vertical spans that are not headings
        span_top = total
        for item, bottom in placed:
            if item.band:
                if span_top > bottom + item.height:
                    segments.append((bottom + item.height, span_top))
                span_top = bottom
        if span_top > 0:
            segments.append((0.0, span_top))
        for x in xs[1:-1]:
            for low, high in segments:
                canvas.line(x, low, x, high)
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(0.9)
        canvas.line(0, total - header_h, self.width, total - header_h)
        canvas.rect(0, 0, self.width, total, stroke=1, fill=0)
        canvas.restoreState()
        if self.on_drawn is not None:
            self.on_drawn(sum(1 for item in pieces[1:] if not item.band))


__all__ = ["Column", "RowSheet", "SheetStyle"]
