"""The reports page: choose a report and its filters, preview its pages, save PDF/XLSX, print, purge.

The preview follows the choice without a click: when the page is shown and a moment after the
report, an option or the letter number changes (debounced), the PDF is made again in the
document process (``ops.make``) as the newest op of its key — an older one still running is
stopped and its result dropped. A progress strip and Cancel show while it runs; a 20,000-row
sign-in sheet never stalls the window; preview pages are rasterised in ops, one page at a time
as the user turns them. Save and Print reuse the previewed PDF when it is current.

Letters carry "Số: …": the organiser types this batch's number on the page (the event's own
number is the hint); signed documents ask before they are saved or printed while the event has
no signer, and can open the event's document settings. The same registry
(``confman.core.reports.REPORTS``) serves the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from confman.core.changes import Changes
from confman.core.errors import DomainError
from confman.core.registration.rows import DelegateFilters
from confman.i18n import t
from confman.ui.context import UiContext
from confman.ui.ops import Op, Steps
from confman.ui.page import Page
from confman.ui.reports import ops
from confman.ui.reports.ops import REPORTS, EventDocuments, GeneratedReport, ReportOptions
from confman.ui.reports.options_box import ReportChoice
from confman.ui.reports.preview_schedule import PreviewSchedule
from confman.ui.reports.purge import EventPurge
from confman.ui.reports.purge_dialog import PurgeDialog
from confman.ui.reports.rendering import paint_pdf
from confman.ui.reports.signer_question import SignerCheck, SignerQuestion
from confman.ui.widgets.fit import FormScroll
from confman.ui.widgets.pdf_preview import PdfPreview
from confman.ui.widgets.progress import ProgressStrip

PREVIEW_DPI = 110
#: How long the preview waits after a change of report or option, after a keystroke in the letter
#: number, and after a change of the data it shows (a desk checking people in).
CHOICE_DELAY_MS = 250
TYPING_DELAY_MS = 600
DATA_DELAY_MS = 2000
WATCHED = ("delegates", "checkins", "badges", "badge_prints", "categories", "organizations", "events")

__all__ = ["PurgeDialog", "ReportsPage", "SignerQuestion"]


@dataclass(frozen=True, slots=True)
class _Request:
    name: str
    options: ReportOptions


class ReportsPage(Page):
    nav_key = "nav.reports"

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self._doc: GeneratedReport | None = None
        self._doc_request: _Request | None = None
        self._op: Op[ops.Made] | None = None  # the newest preview
        self._output_op: Op[ops.Made] | None = None  # a save or print made afresh
        self.preview_schedule = PreviewSchedule(self)
        self.purger = EventPurge(ctx, self)
        self.purger.purged.connect(self._purged)
        self.signer_check = SignerCheck(ctx, self)
        self.signer_check.documents_read.connect(self._documents_loaded)
        self.signer_check.said.connect(lambda text: self.status.setText(text))
        self._build()
        ctx.event_changed.connect(lambda _e: self._event_changed())
        ctx.data_changed.connect(self._data_changed)
        self.retranslate()
        self._event_changed()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        outer.addWidget(self.title)
        splitter = QSplitter()
        outer.addWidget(splitter, 1)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        self.choice = ReportChoice()
        self.choice.changed.connect(self._options_changed)
        self.choice.number_edited.connect(lambda: self.preview_schedule.schedule(TYPING_DELAY_MS))
        column.addWidget(FormScroll(self.choice), 1)  # the options scroll on a short screen; the buttons stay

        def button(name: str, slot: Any) -> QPushButton:
            widget = QPushButton()
            widget.setObjectName(name)
            widget.clicked.connect(slot)
            column.addWidget(widget)
            return widget

        self.generate_button = button("reportGenerate", self.generate_preview)
        self.generate_button.setDefault(True)
        self.save_pdf_button = button("reportSavePdf", lambda: self._ask_save("pdf"))
        self.save_xlsx_button = button("reportSaveXlsx", lambda: self._ask_save("xlsx"))
        self.print_button = button("reportPrint", self._ask_print)
        self.progress_strip = ProgressStrip()
        self.progress_strip.setObjectName("reportProgress")
        self.progress = self.progress_strip.bar
        self.cancel_button = self.progress_strip.cancel_button
        column.addWidget(self.progress_strip)
        self.status = QLabel()
        self.status.setObjectName("reportStatus")
        self.status.setWordWrap(True)
        column.addWidget(self.status)
        self.purge_button = button("reportPurge", self.purger.ask)
        splitter.addWidget(left)
        self.preview = PdfPreview(self.ctx.ops, self._page_text, fit=False, dpi=PREVIEW_DPI, background="#7d838c")
        self.preview.setObjectName("reportPreview")
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(1, 3)

    def _page_text(self, index: int, pages: int) -> str:
        lang = self.ctx.language
        return t("reports.ui.page", lang, page=index + 1, pages=pages) if pages else t("reports.ui.no_preview", lang)

    def retranslate(self) -> None:
        lang = self.ctx.language
        self.title.setText(t("nav.reports", lang))
        self.choice.retranslate(lang, self.ctx.event)
        self.generate_button.setText(t("pages.reports.refresh", lang))
        self.generate_button.setToolTip(t("pages.reports.refresh_tip", lang))
        self.save_pdf_button.setText(t("reports.ui.save_pdf", lang))
        self.save_xlsx_button.setText(t("reports.ui.save_xlsx", lang))
        self.print_button.setText(t("reports.ui.print", lang))
        self.purge_button.setText(t("reports.ui.purge", lang))
        self.purge_button.setToolTip(t("reports.ui.purge_tip", lang))
        self.preview.retranslate()

    # ------------------------------------------------------------------ state
    @property
    def report_name(self) -> str:
        return self.choice.report_name

    def select_report(self, name: str) -> None:
        self.choice.select(name)

    def options(self) -> ReportOptions:
        return self.choice.options()

    def show_delegate_list(self, query: str, filters: DelegateFilters | None) -> None:
        """The delegate list with the delegates page's current search and filter (the window's action)."""
        self.choice.use_delegate_filter(query, filters)

    def _request(self) -> _Request:
        return _Request(self.report_name, self.options())

    def _options_changed(self) -> None:
        self.save_xlsx_button.setEnabled(REPORTS[self.report_name].sheets is not None)
        self.preview_schedule.schedule(CHOICE_DELAY_MS)

    def _event_changed(self) -> None:
        self.preview_schedule.stop()
        self.ctx.ops.cancel_latest(self, "preview")
        self.clear_preview()
        event, lang = self.ctx.event, self.ctx.language
        self.choice.set_days(event, lang)
        for widget in (self.generate_button, self.save_pdf_button, self.print_button, self.purge_button):
            widget.setEnabled(event is not None)
        if event is None:
            self.choice.set_categories([], lang)
            self.choice.set_event_number("", lang)
            self.status.setText(t("reports.ui.no_event", lang))
            return
        self.status.setText("")
        self.ctx.ops.read(self, lambda db: ops.categories(db, event.id)).latest("categories") \
            .done(lambda rows: self.choice.set_categories(rows, self.ctx.language)).run()
        self._load_documents()
        self.preview_schedule.schedule(0)

    def _load_documents(self) -> None:
        event = self.ctx.event
        if event is not None:
            self.ctx.ops.read(self, lambda db: ops.documents(db, event.id)).latest("documents") \
                .done(self._documents_loaded).run()

    def _documents_loaded(self, docs: EventDocuments) -> None:
        self.choice.set_event_number(docs.letter_number, self.ctx.language)

    def _data_changed(self, changes: Changes) -> None:
        if changes.touches("events"):
            self._load_documents()
        if any(changes.touches(kind) for kind in WATCHED):
            self._doc_request = None  # what is shown is of the data before: made again before it is saved
            self.preview_schedule.schedule(DATA_DELAY_MS)

    @property
    def preview_current(self) -> bool:
        """The preview shows the current choice (nothing to make again)."""
        return self._doc is not None and self._doc_request == self._request()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if not self.previewing:
            self.preview_schedule.schedule(0)

    # ------------------------------------------------------------------ generation
    @property
    def previewing(self) -> bool:
        """A preview is being made."""
        return self._op is not None and not self._op.finished

    @property
    def busy(self) -> bool:
        """A preview, or a document to save or print, is being made."""
        return self.previewing or (self._output_op is not None and not self._output_op.finished)

    def _start(self, request: _Request, fmt: str, on_done: Any) -> None:
        """Make a document to save or print (one at a time; the preview carries on beside it)."""
        event = self.ctx.event
        if event is None or (self._output_op is not None and not self._output_op.finished):
            return
        self.status.setText(t("reports.ui.working", self.ctx.language))
        self._output_op = self.ctx.ops.document(self, ops.make, event.id, request.name, fmt, request.options) \
            .latest("output").progress(self.progress_strip).done(on_done).failed(self._failed).run()

    def _failed(self, exc: BaseException) -> bool:
        if isinstance(exc, DomainError) and exc.code == "reports.cancelled":
            if self._doc_request != self._request():  # what is shown is of another choice
                self.clear_preview()
            self.status.setText(t("reports.ui.cancelled", self.ctx.language))
            return True
        return False

    def show_error_text(self, text: str) -> None:
        self.status.setText(text)
        if not self.ctx.synchronous:
            QMessageBox.warning(self, t("reports.ui.error_title", self.ctx.language), text)

    def cancel(self) -> None:
        for op in (self._op, self._output_op):
            if op is not None and not op.finished:
                op.cancel()

    def generate_preview(self) -> None:
        """Make the PDF of the current choice and show its first page (a preview still running is overtaken)."""
        self.preview_schedule.stop()
        event = self.ctx.event
        if event is None:
            return
        request = self._request()
        lang = self.ctx.language
        self.status.setText(t("pages.reports.previewing", lang))
        if self._doc is None:
            self.preview.set_empty_text(t("pages.reports.previewing", lang))
        self._op = self.ctx.ops.document(self, ops.make, event.id, request.name, "pdf", request.options) \
            .latest("preview").progress(self.progress_strip, t("pages.reports.previewing", lang)) \
            .done(lambda made: self._show_document(request, made)).failed(self._failed).run()

    def _show_document(self, request: _Request, made: ops.Made) -> None:
        self._doc = made.report
        self._doc_request = request
        self.status.setText("\n".join((t("reports.ui.ready", self.ctx.language, pages=made.pages),
                                        *made.report.warnings)))
        self.preview.set_document(made.report.data, made.pages)

    def _purged(self, said: str) -> None:
        """The event's personal data is gone: so is the preview made of it."""
        self.clear_preview()
        self.status.setText(said)

    def clear_preview(self) -> None:
        self._doc = None
        self._doc_request = None
        self.preview.set_document(None, 0, empty_text=t("reports.ui.no_preview", self.ctx.language))

    @property
    def page_index(self) -> int:
        return self.preview.page_index

    @property
    def page_total(self) -> int:
        return self.preview.page_total

    def show_page(self, index: int) -> None:
        self.preview.show_page(index)

    # ------------------------------------------------------------------ save and print
    def _ask_save(self, fmt: str) -> None:
        if fmt == "pdf":
            self.signer_check.confirm(self.report_name, "save", lambda: self._choose_file(fmt))
        else:
            self._choose_file(fmt)

    def _choose_file(self, fmt: str) -> None:
        event = self.ctx.event
        if event is None:
            return
        lang = self.ctx.language
        suggested = Path.home() / f"{event.code}-{self.report_name}.{fmt}"
        pattern = t("reports.ui.pdf_files", lang) if fmt == "pdf" else t("reports.ui.xlsx_files", lang)
        path, _ = QFileDialog.getSaveFileName(self, t("reports.ui.save_title", lang), str(suggested), pattern)
        if path:
            if not path.lower().endswith(f".{fmt}"):
                path += f".{fmt}"
            self.save_to(Path(path))

    def save_to(self, path: Path) -> None:
        """Write the current choice to ``path`` (.pdf or .xlsx), reusing the preview when it is current."""
        fmt = path.suffix.lower().lstrip(".")
        request = self._request()

        def write(report: GeneratedReport) -> None:
            try:
                path.write_bytes(report.data)
            except OSError as exc:
                self.show_error_text(str(DomainError("reports.write_failed", path=str(path), detail=str(exc))))
                return
            self.status.setText(t("reports.ui.saved", self.ctx.language, path=str(path)))

        if fmt == "pdf" and self._doc is not None and self._doc_request == request:
            write(self._doc)
            return
        self._start(request, fmt, lambda made: write(made.report))

    def _ask_print(self) -> None:
        request = self._request()
        self.signer_check.confirm(request.name, "print", lambda: self._print_request(request))

    def _print_request(self, request: _Request) -> None:
        def print_it() -> None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setDocName(t(REPORTS[request.name].title_key, request.options.lang))
            if QPrintDialog(printer, self).exec() == QDialog.DialogCode.Accepted:
                self.print_to(printer)

        if self._doc is not None and self._doc_request == request:
            print_it()
            return
        self._start(request, "pdf", lambda made: (self._show_document(request, made), print_it()))

    def print_to(self, printer: QPrinter) -> int:
        """Print the previewed document on ``printer`` full page at 100 %; returns the pages printed.

        Painting a printer happens on the UI thread: the progress strip shows it and Cancel stops
        between pages."""
        if self._doc is None:
            return 0
        steps = Steps()
        self.progress_strip.begin(steps, t("ops.printing", self.ctx.language))

        def progress(done: int, total: int) -> None:
            self.progress_strip.set_progress(done, total)
            QApplication.processEvents()  # keeps the window alive and Cancel clickable between pages

        try:
            pages = paint_pdf(printer, self._doc.data, progress=progress, cancelled=steps.cancelled)
        finally:
            self.progress_strip.end(steps)
        self.status.setText(t("reports.ui.printed", self.ctx.language, pages=pages))
        return pages
