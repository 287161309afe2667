"""Print a PDF from the app: preview, then the system print dialog.

Pages are rasterised with pypdfium2 at the printer's resolution (capped at 600 dpi) and drawn full page at
their true size (no fit-to-page shrink), on A4 portrait re-applied after the dialog
(some Windows drivers hand back their default paper).
"""

from __future__ import annotations

from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from confman.ui.widgets.fit import fit_to_screen
from confman.ui.widgets.pdf_pages import a4_layout
from confman.ui.widgets.pdf_pages import paint_pdf as paint_a4


def a4_printer() -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    apply_a4(printer)
    return printer


def apply_a4(printer: QPrinter) -> None:
    printer.setFullPage(True)
    printer.setPageLayout(a4_layout((0, 1)))


def paint_pdf(printer: QPrinter, data: bytes) -> int:
    """Draw every page of ``data`` on A4 portrait; returns the number of pages drawn."""
    return paint_a4(printer, data, layout_for=lambda _size: a4_layout((0, 1)))


def print_with_preview(parent: QWidget, data: bytes, title: str) -> int:
    """Show the preview; its Print button opens the system print dialog."""
    printer = a4_printer()
    printer.setDocName(title)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setObjectName("agendaPrintPreview")
    dialog.setWindowTitle(title)
    dialog.paintRequested.connect(lambda target: paint_pdf(target, data))
    fit_to_screen(dialog, 900, 1000)  # as tall as the screen allows: the page is read, not glimpsed
    return dialog.exec()
