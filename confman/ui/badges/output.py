"""The badges' output: Save as PDF, print at 100 % on the template's paper (with the printer's offsets),
the calibration page, and the print log written after a save or a print.

Painting a printer happens on the UI thread (the progress strip shows it; Cancel stops between pages);
``exec_print_dialog`` is the system dialog (tests stand in for it).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox

from confman.i18n import t
from confman.ui.badges import ops, printing
from confman.ui.badges.ops import RenderedBatch
from confman.ui.ops import Steps

if TYPE_CHECKING:
    from confman.ui.badges.badges_page import BadgesPage


def mm_text(value: float, lang: str) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "vi" else text


class BadgeOutput(QObject):
    """Save, print and calibrate for one badges page."""

    def __init__(self, page: BadgesPage) -> None:
        super().__init__(page)
        self.page = page

    def ask_save_path(self) -> str:
        default = Path.home() / f"the-dai-bieu-{self.page.template_name}.pdf"
        path, _filter = QFileDialog.getSaveFileName(self.page, t("badges.ui.save_title", self.page.ctx.language),
                                                    str(default), "PDF (*.pdf)")
        return path

    def save_pdf(self) -> None:
        rendered = self.page.rendered
        if rendered is None or rendered.pdf is None or not self.confirm_shortened(rendered):
            return
        path = self.ask_save_path()
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        try:
            Path(path).write_bytes(rendered.pdf)
        except OSError as exc:
            self.page.show_error_text(str(exc))
            return
        self.record(rendered)
        self.page.status.setText(t("badges.ui.saved", self.page.ctx.language, path=path, count=len(rendered.badges)))

    def record(self, rendered: RenderedBatch) -> None:
        event = self.page.ctx.event
        if event is None:
            return
        reason, self.page.pending_reason = self.page.pending_reason, ""
        station = self.page.ctx.station
        self.page.ctx.ops.write(self.page, lambda db: ops.record(db, event.id, rendered.badges, template=rendered.template_name,
                                                       station=station, reason=reason)).run()

    def make_printer(self, page_size_mm: tuple[float, float], title: str) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if self.page.printer_key:
            printer.setPrinterName(self.page.printer_key)
        printer.setDocName(title)
        printing.apply_layout(printer, page_size_mm)
        return printer

    def exec_print_dialog(self, printer: QPrinter) -> bool:
        dialog = QPrintDialog(printer, self.page)
        dialog.setObjectName("badgePrintDialog")
        return dialog.exec() == QDialog.DialogCode.Accepted

    def _confirm_paper(self, printer: QPrinter, page_size_mm: tuple[float, float]) -> bool:
        """Re-apply the template's paper after the dialog and warn when the printer does not take it."""
        printing.apply_layout(printer, page_size_mm)
        other = printing.paper_mismatch(printer, page_size_mm)
        if other is None:
            return True
        lang = self.page.ctx.language
        answer = QMessageBox.warning(
            self.page, t("badges.ui.paper_title", lang),
            t("badges.ui.paper_mismatch", lang, printer=printer.printerName() or "PDF",
              width=mm_text(page_size_mm[0], lang), height=mm_text(page_size_mm[1], lang),
              paper_width=mm_text(other[0], lang), paper_height=mm_text(other[1], lang)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def print_badges(self) -> None:
        """The system print dialog, then every page at 100 % on the template's paper."""
        rendered = self.page.rendered
        if rendered is None or rendered.pdf is None or not self.confirm_shortened(rendered):
            return
        title = t("badges.ui.doc_title", self.page.ctx.language, template=rendered.template_name)
        printer = self.make_printer(rendered.page_size_mm, title)
        if not self.exec_print_dialog(printer):
            return
        chosen = printer.printerName() if printer.outputFormat() == QPrinter.OutputFormat.NativeFormat else ""
        if self.page.printer.choose(chosen):  # another printer, other offsets: render again first
            self.page.status.setText(t("badges.ui.offsets_changed", self.page.ctx.language))
            self.page.render_preview()
            return
        self.print_on(printer, record=True)

    def confirm_shortened(self, rendered: RenderedBatch) -> bool:
        """Before printing or saving: name the badges whose text had to be shortened, and ask."""
        if not rendered.shortened:
            return True
        lang = self.page.ctx.language
        answer = QMessageBox.warning(
            self.page, t("badges.ui.fit_title", lang),
            ops.shortened_text(rendered.shortened, lang) + "\n\n" + t("badges.ui.fit_print_anyway", lang),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def print_on(self, printer: QPrinter, *, record: bool, data: bytes | None = None,
                 page_size_mm: tuple[float, float] | None = None) -> int:
        """Paint ``data`` (default: the rendered batch) on an already chosen printer; returns pages drawn.

        Painting a printer happens on the UI thread; the progress strip shows it and Cancel stops
        between pages.
        """
        rendered = self.page.rendered
        if data is None:
            if rendered is None or rendered.pdf is None:
                return 0
            data, page_size_mm = rendered.pdf, rendered.page_size_mm
        assert page_size_mm is not None
        if not self._confirm_paper(printer, page_size_mm):
            return 0
        lang = self.page.ctx.language
        steps = Steps()
        total = printing.page_count(data)
        self.page.progress.begin(steps, t("badges.ui.printing", lang, pages=total))

        def progress(done: int, total: int) -> None:
            self.page.progress.set_progress(done, total)
            QApplication.processEvents()  # keeps Cancel clickable while pages are painted here

        try:
            drawn = printing.paint_pdf(printer, data, progress=progress, cancelled=steps.cancelled)
        finally:
            self.page.progress.end(steps)
        if drawn < total:
            self.page.status.setText(t("badges.ui.print_cancelled", lang, pages=drawn))
            return drawn
        self.page.status.setText(t("badges.ui.printed", lang, pages=drawn))
        if record and rendered is not None:
            self.record(rendered)
        self.page.printed.emit(drawn)
        return drawn

    def print_calibration(self) -> None:
        """A page with rulers and corner marks: measure, then adjust the offsets of this printer."""
        name, lang, offset = self.page.template_name, self.page.ctx.language, self.page.offset_mm()

        def ready(made: tuple[bytes, tuple[float, float]]) -> None:
            data, size = made
            printer = self.make_printer(size, t("badges.ui.calibration_title", lang))
            if self.exec_print_dialog(printer):
                self.print_on(printer, record=False, data=data, page_size_mm=size)

        self.page.ctx.ops.read(self.page, lambda db: ops.calibration(db, name, lang, offset)).done(ready).run()
