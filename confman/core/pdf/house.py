"""Shared pieces of confman's A4 documents: paragraph helpers, the "Trang n/N" footer canvas, and the
canvas and drawing that start in the official serif.

The official layout itself (Nghị định 30 letterhead, margins, serif styles) is
:mod:`confman.core.pdf.official`; the footer canvas here takes its font and margins from it.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import Flowable, Image, Paragraph

from confman.core.pdf.fonts import (
    FONT_ITALIC,
    FONT_REGULAR,
    SERIF_REGULAR,
    escape_markup,
    register_serif_fonts,
)

PAGE_W, PAGE_H = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 16 * mm
MARGIN_BOTTOM = 18 * mm
FRAME_W = PAGE_W - 2 * MARGIN_X
LOGO_HEIGHT = 16 * mm

INK = colors.HexColor("#111111")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#7A7A7A")


def para(text: str, st: ParagraphStyle) -> Paragraph:
    """A paragraph that prints ``text`` literally (escaped, NFC, no control characters).

    A spaced dash is glued to the word before it, so no wrapped line starts with a dash.
    """
    return Paragraph(escape_markup(text).replace(" – ", "&nbsp;– ").replace(" — ", "&nbsp;— "), st)


def organiser_lines(unit: str) -> list[str]:
    """An organiser unit split into its levels ("Bộ … — Vụ …"), upper-cased as letterheads print them."""
    parts = [x.strip() for x in unit.replace("–", "—").split("—") if x.strip()]
    return [x.upper() for x in parts]


def logo_flowable(data: bytes | None, height: float = LOGO_HEIGHT) -> Flowable | None:
    """The event's logo at letterhead height; None when there is none or it cannot be read."""
    if not data:
        return None
    try:
        width, source_height = ImageReader(io.BytesIO(data)).getSize()
    except Exception:  # a broken logo must not stop a document from printing
        return None
    return Image(io.BytesIO(data), width=height * width / source_height, height=height)


def serif_canvas(*args: Any, **kwargs: Any) -> rl_canvas.Canvas:
    """A ReportLab canvas that starts in the official serif, so the PDF never declares Helvetica (which has no
    Vietnamese); the serif is registered first. Takes ``Canvas``'s arguments; fits ``canvasmaker=``."""
    register_serif_fonts()
    kwargs["initialFontName"] = kwargs.get("initialFontName") or SERIF_REGULAR
    return rl_canvas.Canvas(*args, **kwargs)


def serif_drawing(width: float, height: float) -> Drawing:
    """An empty vector drawing (a chart) whose renderer starts in the official serif (registered first)."""
    register_serif_fonts()
    drawing = Drawing(width, height)
    drawing.initialFontName = SERIF_REGULAR  # else the renderer starts in (and the PDF declares) Helvetica
    return drawing


class NumberedCanvas(rl_canvas.Canvas):
    """Draws the footer (``footer_left`` and "Trang n/N") once the page count is known."""

    footer_left = ""
    page_word = "Trang"
    margin_left = MARGIN_X
    margin_right = MARGIN_X
    margin_bottom = MARGIN_BOTTOM
    font = FONT_REGULAR
    italic = FONT_ITALIC

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["initialFontName"] = kwargs.get("initialFontName") or self.font  # no Helvetica in the file
        super().__init__(*args, **kwargs)
        self._saved: list[dict[str, Any]] = []

    def showPage(self) -> None:  # ReportLab API
        self._saved.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._saved)
        for state in self._saved:
            self.__dict__.update(state)
            self._footer(total)
            super().showPage()
        super().save()

    def _footer(self, total: int) -> None:
        width = self._pagesize[0]
        y = self.margin_bottom - 9 * mm
        self.setStrokeColor(RULE)
        self.setLineWidth(0.4)
        self.line(self.margin_left, y + 4 * mm, width - self.margin_right, y + 4 * mm)
        self.setFillColor(MUTED)
        self.setFont(self.italic if self.font == FONT_REGULAR else self.font, 8)
        self.drawString(self.margin_left, y, self.footer_left)
        self.setFont(self.font, 9)
        self.drawRightString(width - self.margin_right, y, f"{self.page_word} {self._pageNumber}/{total}")


def canvas_maker(footer_left: str, page_word: str, *, font: str = FONT_REGULAR,
                 margins: tuple[float, float, float] = (MARGIN_X, MARGIN_X, MARGIN_BOTTOM)
                 ) -> Callable[..., rl_canvas.Canvas]:
    """A canvas class for ``doc.build(canvasmaker=…)`` with this footer (``margins``: left, right, bottom)."""

    class _Canvas(NumberedCanvas):
        pass

    _Canvas.footer_left = footer_left
    _Canvas.page_word = page_word
    _Canvas.font = font
    _Canvas.margin_left, _Canvas.margin_right, _Canvas.margin_bottom = margins
    return _Canvas
