"""PDF pages as images (previews) and on printers at 100 % scale, for every page that prints.

Each page is rasterised with pypdfium2 at the printer's resolution (capped at
:data:`MAX_DPI`) and painted full page at its true size — never "fit to page", which
would shrink badges and forms. pdfium is not thread-safe, so every call into it holds
one lock (previews render on a worker while the UI thread may print).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pypdfium2 as pdfium
from PySide6.QtCore import QMarginsF, QRectF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter

#: Rasterise at the printer's resolution up to this (a 1200 dpi A4 page is ~140 Mpx).
MAX_DPI = 600

#: Held by every call into pdfium in the app's process (workers and the UI thread alike).
PDFIUM_LOCK = threading.Lock()


def page_sizes(data: bytes) -> list[tuple[float, float]]:
    """Width and height in points of every page."""
    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(data)
        try:
            return [document[i].get_size() for i in range(len(document))]
        finally:
            document.close()


def page_count(data: bytes) -> int:
    return len(page_sizes(data))


def page_image(data: bytes, index: int, dpi: float) -> QImage:
    """Page ``index`` of ``data`` as an RGB QImage at ``dpi`` (safe to call from a worker thread)."""
    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(data)
        try:
            page = document[index]
            try:
                image = page.render(scale=dpi / 72).to_pil().convert("RGB")
            finally:
                page.close()
        finally:
            document.close()
    return QImage(image.tobytes(), image.width, image.height, image.width * 3, QImage.Format.Format_RGB888).copy()


def a4_layout(size_pt: tuple[float, float]) -> QPageLayout:
    """A zero-margin A4 layout in the page's own orientation (certificates are landscape)."""
    landscape = size_pt[0] > size_pt[1]
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                       QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait,
                       QMarginsF(0, 0, 0, 0))


def paint_pdf(printer: QPrinter, data: bytes, *,
              layout_for: Callable[[tuple[float, float]], QPageLayout] | None = None,
              progress: Callable[[int, int], None] | None = None,
              cancelled: Callable[[], bool] | None = None) -> int:
    """Draw every page of ``data`` on ``printer`` at true size; returns the pages drawn.

    ``layout_for(page size in points)`` sets each page's paper and orientation; without it
    the caller has set the layout (e.g. a badge template's paper) and checked it.
    """
    sizes = page_sizes(data)
    if not sizes:
        return 0
    printer.setFullPage(True)
    if layout_for is not None:
        printer.setPageLayout(layout_for(sizes[0]))
    device_dpi = printer.resolution()
    dpi = min(device_dpi, MAX_DPI)
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    drawn = 0
    try:
        for index, (width_pt, height_pt) in enumerate(sizes):
            if cancelled is not None and cancelled():
                break
            if index:
                if layout_for is not None:
                    printer.setPageLayout(layout_for((width_pt, height_pt)))  # applies from the next page
                printer.newPage()
            image = page_image(data, index, dpi)
            # true size on paper: points → device pixels from the paper's corner (full-page mode)
            painter.drawImage(QRectF(0, 0, width_pt * device_dpi / 72, height_pt * device_dpi / 72), image)
            drawn += 1
            if progress is not None:
                progress(drawn, len(sizes))
    finally:
        painter.end()
    return drawn
