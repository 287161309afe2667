"""Badge PDFs to images and to printers, at 100 % scale.

Every PDF page is rasterised with pypdfium2 at the printer's resolution (capped at
:data:`MAX_DPI`) and painted full page at its true size: never "fit to page".  The page
layout is the template's paper size and orientation; it is re-applied after the native
print dialog, because some Windows drivers hand back their default paper, and then
checked (:func:`paper_mismatch`).
"""

from __future__ import annotations

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrinter

from confman.ui.widgets.pdf_pages import MAX_DPI, page_count, page_image, paint_pdf

__all__ = ["MAX_DPI", "apply_layout", "page_count", "page_image", "paint_pdf", "paper_mismatch",
           "paper_size_mm", "template_page_layout"]

#: Paper within this many millimetres of the template's size counts as the same.
PAPER_TOLERANCE_MM = 1.0


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
