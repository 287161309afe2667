"""PDF pages as images for the preview, and printing at the printer's own resolution.

pdfium is not thread-safe, so every call into it holds one lock (the preview renders
on the render pool while the UI thread may print).  Printing draws each page full page
at 100 %: rasterised at the printer resolution, in the page's own orientation (the
certificates are A4 landscape), never "fit to page".
"""

from __future__ import annotations

import threading

import pypdfium2 as pdfium
from PySide6.QtCore import QMarginsF, QPointF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter

_lock = threading.Lock()


def page_count(data: bytes) -> int:
    with _lock:
        pdf = pdfium.PdfDocument(data)
        try:
            return len(pdf)
        finally:
            pdf.close()


def _to_qimage(bitmap: pdfium.PdfBitmap) -> QImage:
    image = bitmap.to_pil().convert("RGB")
    return QImage(image.tobytes(), image.width, image.height, image.width * 3, QImage.Format.Format_RGB888).copy()


def render_page(data: bytes, index: int, dpi: float) -> QImage:
    """Page ``index`` of ``data`` as an RGB image at ``dpi`` (safe on any thread)."""
    with _lock:
        pdf = pdfium.PdfDocument(data)
        try:
            page = pdf[index]
            try:
                return _to_qimage(page.render(scale=dpi / 72))
            finally:
                page.close()
        finally:
            pdf.close()


def paint_pdf(printer: QPrinter, data: bytes) -> int:
    """Print every page of ``data`` full page at 100 %; returns the number of pages printed."""
    with _lock:
        pdf = pdfium.PdfDocument(data)
        try:
            sizes = [pdf[i].get_size() for i in range(len(pdf))]
        finally:
            pdf.close()
    if not sizes:
        return 0
    painter = QPainter()

    def layout_for(size: tuple[float, float]) -> QPageLayout:
        landscape = size[0] > size[1]
        return QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                           QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait,
                           QMarginsF(0, 0, 0, 0))

    printer.setFullPage(True)
    printer.setPageLayout(layout_for(sizes[0]))
    if not painter.begin(printer):
        return 0
    try:
        for index, size in enumerate(sizes):
            if index:
                printer.setPageLayout(layout_for(size))  # takes effect on the next page
                printer.newPage()
            image = render_page(data, index, printer.resolution())
            painter.drawImage(QPointF(0, 0), image)
        return len(sizes)
    finally:
        painter.end()
