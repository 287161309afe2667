"""PDF pages as images for the reports preview, and printing at 100 % in each page's orientation.

Certificates are A4 landscape, lists A4 portrait: each printed page takes its own orientation.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtPrintSupport import QPrinter

from confman.ui.widgets import pdf_pages
from confman.ui.widgets.pdf_pages import page_count

render_page = pdf_pages.page_image

__all__ = ["page_count", "paint_pdf", "render_page"]


def paint_pdf(printer: QPrinter, data: bytes, *, progress: Callable[[int, int], None] | None = None,
              cancelled: Callable[[], bool] | None = None) -> int:
    """Print every page of ``data`` full page at 100 %; returns the number of pages printed."""
    return pdf_pages.paint_pdf(printer, data, layout_for=pdf_pages.a4_layout, progress=progress,
                               cancelled=cancelled)
