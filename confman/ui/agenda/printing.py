"""Print a PDF from the app: preview, then the system print dialog.

Pages are rasterised with pypdfium2 at the printer's resolution (capped at 600 dpi) and drawn full page at
their true size (no fit-to-page shrink), on A4 portrait re-applied after the dialog
(some Windows drivers hand back their default paper).
"""

from __future__ import annotations

import pypdfium2 as pdfium
from PySide6.QtCore import QMarginsF, QRectF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

#: Rasterise at the printer's resolution up to this (a 1200 dpi A4 page is ~140 Mpx).
MAX_DPI = 600


def a4_printer() -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    apply_a4(printer)
    return printer


def apply_a4(printer: QPrinter) -> None:
    printer.setFullPage(True)
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                      QMarginsF(0, 0, 0, 0)))


def paint_pdf(printer: QPrinter, data: bytes) -> int:
    """Draw every page of ``data`` on ``printer``; returns the number of pages drawn."""
    apply_a4(printer)
    dpi = printer.resolution()
    pdf = pdfium.PdfDocument(data)
    painter = QPainter()
    if not painter.begin(printer):
        pdf.close()
        return 0
    try:
        for index in range(len(pdf)):
            if index:
                printer.newPage()
            page = pdf[index]
            width_pt, height_pt = page.get_size()
            image = page.render(scale=min(dpi, MAX_DPI) / 72).to_pil().convert("RGB")
            qimage = QImage(image.tobytes(), image.width, image.height, image.width * 3,
                            QImage.Format.Format_RGB888).copy()
            # true size on paper: points → device pixels, never fitted to the printable area
            painter.drawImage(QRectF(0, 0, width_pt * dpi / 72, height_pt * dpi / 72), qimage)
            page.close()
        return len(pdf)
    finally:
        painter.end()
        pdf.close()


def print_with_preview(parent: QWidget, data: bytes, title: str) -> int:
    """Show the preview; its Print button opens the system print dialog."""
    printer = a4_printer()
    printer.setDocName(title)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setObjectName("agendaPrintPreview")
    dialog.setWindowTitle(title)
    dialog.paintRequested.connect(lambda target: paint_pdf(target, data))
    return dialog.exec()
