"""Badge PDFs to images and to printers, at 100 % scale.

Every PDF page is rasterised with pypdfium2 at the printer's resolution (capped at
:data:`MAX_DPI`) and painted full page at its true size: never "fit to page".  The page
layout is the template's paper size and orientation; it is re-applied after the native
print dialog, because some Windows drivers hand back their default paper, and then
checked (:func:`paper_mismatch`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pypdfium2 as pdfium
from PySide6.QtCore import QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter

#: Rasterise at the printer's resolution up to this (a 1200 dpi A4 page is ~140 Mpx).
MAX_DPI = 600
#: Paper within this many millimetres of the template's size counts as the same.
PAPER_TOLERANCE_MM = 1.0

# pdfium is not thread-safe: the preview workers and the print loop take turns.
_PDFIUM = threading.Lock()


def page_count(data: bytes) -> int:
    with _PDFIUM:
        document = pdfium.PdfDocument(data)
        try:
            return len(document)
        finally:
            document.close()


def page_image(data: bytes, index: int, dpi: float) -> QImage:
    """Page ``index`` of ``data`` as an RGB QImage at ``dpi`` (safe to call from a worker thread)."""
    with _PDFIUM:
        document = pdfium.PdfDocument(data)
        try:
            page = document[index]
            image = page.render(scale=dpi / 72).to_pil().convert("RGB")
            page.close()
        finally:
            document.close()
    return QImage(image.tobytes(), image.width, image.height, image.width * 3, QImage.Format.Format_RGB888).copy()


def template_page_layout(page_size_mm: tuple[float, float]) -> QPageLayout:
    """A zero-margin layout of the template's paper (a standard size when it is one, so drivers match it)."""
    width, height = page_size_mm
    landscape = width > height
    portrait_size = QSizeF(min(width, height), max(width, height))
    size = QPageSize(portrait_size, QPageSize.Unit.Millimeter, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
    if abs(size.size(QPageSize.Unit.Millimeter).width() - portrait_size.width()) > 0.5:
        size = QPageSize(portrait_size, QPageSize.Unit.Millimeter, "", QPageSize.SizeMatchPolicy.ExactMatch)
    orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    return QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)


def apply_layout(printer: QPrinter, page_size_mm: tuple[float, float]) -> None:
    printer.setFullPage(True)
    printer.setPageLayout(template_page_layout(page_size_mm))


def paper_size_mm(printer: QPrinter) -> tuple[float, float]:
    """The paper the printer will use, as oriented on the page (mm)."""
    rect = printer.pageLayout().fullRect(QPageLayout.Unit.Millimeter)
    return (rect.width(), rect.height())


def paper_mismatch(printer: QPrinter, page_size_mm: tuple[float, float]) -> tuple[float, float] | None:
    """The printer's paper when it differs from the template's (None when they match)."""
    width, height = paper_size_mm(printer)
    if abs(width - page_size_mm[0]) <= PAPER_TOLERANCE_MM and abs(height - page_size_mm[1]) <= PAPER_TOLERANCE_MM:
        return None
    return (width, height)


def paint_pdf(printer: QPrinter, data: bytes, *, progress: Callable[[int, int], None] | None = None,
              cancelled: Callable[[], bool] | None = None) -> int:
    """Draw every page of ``data`` on ``printer`` at true size; returns the pages drawn.

    The caller sets the page layout (:func:`apply_layout`) and checks it first.
    """
    dpi = min(printer.resolution(), MAX_DPI)
    device_dpi = printer.resolution()
    total = page_count(data)
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    drawn = 0
    try:
        for index in range(total):
            if cancelled is not None and cancelled():
                break
            if index:
                printer.newPage()
            with _PDFIUM:
                document = pdfium.PdfDocument(data)
                width_pt, height_pt = document[index].get_size()
                document.close()
            image = page_image(data, index, dpi)
            # true size on paper: points → device pixels from the paper's corner (full-page mode)
            painter.drawImage(QRectF(0, 0, width_pt * device_dpi / 72, height_pt * device_dpi / 72), image)
            drawn += 1
            if progress is not None:
                progress(drawn, total)
    finally:
        painter.end()
    return drawn
