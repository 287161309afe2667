"""The reports page: choose a report and its filters, preview its pages, save PDF/XLSX, print, purge.

Generation runs on the DB worker with a progress bar and Cancel; preview pages are
rasterised with pypdfium2 on the render pool, one page at a time as the user turns
them.  The same registry (``confman.core.reports.REPORTS``) serves the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from confman.core.changes import Changes
from confman.core.errors import DomainError
from confman.core.registration.rows import DelegateFilters
from confman.core.reports import REPORTS, GeneratedReport, generate
from confman.core.reports.data import EXPECTED_STATUSES
from confman.core.reports.options import ReportOptions
from confman.i18n import t
from confman.messages import describe
from confman.ui.context import UiContext
from confman.ui.page import Page
from confman.ui.reports.rendering import page_count, paint_pdf, render_page
from confman.ui.tasks import CancelToken

PREVIEW_DPI = 110
WATCHED = ("delegates", "checkins", "badges", "badge_prints", "categories", "organizations", "events")


class _Latest:
    """The last progress a worker reported, read by the UI thread's timer."""

    value: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class _Request:
    name: str
    options: ReportOptions


class PurgeDialog(QDialog):
    """Says what the purge removes and keeps; OK only once the event code is typed."""

    def __init__(self, parent: QWidget, code: str, lang: str, server: bool, preview: Any = None,
                 folder: Path | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("purgeDialog")
        self.code = code
        self.setWindowTitle(t("reports.ui.purge_title", lang))
        layout = QVBoxLayout(self)
        explain = QLabel(t("reports.ui.purge_explain", lang, code=code))
        explain.setWordWrap(True)
        explain.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(explain)
        self.backups_label = QLabel(_purge_backups_text(preview, folder, lang))
        self.backups_label.setObjectName("purgeBackups")
        self.backups_label.setWordWrap(True)
        self.backups_label.setTextFormat(Qt.TextFormat.PlainText)
        self.backups_label.setVisible(not server and preview is not None)
        layout.addWidget(self.backups_label)
        self.keep_backup = QCheckBox(t("safety.purge.keep_backup", lang, code=code))
        self.keep_backup.setObjectName("purgeKeepBackup")
        self.keep_backup.setVisible(not server)
        layout.addWidget(self.keep_backup)
        self.prompt = QLabel(t("reports.ui.purge_prompt", lang, code=code))
        layout.addWidget(self.prompt)
        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("purgeCode")
        layout.addWidget(self.code_edit)
        self.server_backup = QCheckBox(t("reports.ui.purge_server_backup", lang))
        self.server_backup.setVisible(server)
        layout.addWidget(self.server_backup)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(t("reports.ui.purge_ok", lang))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(t("reports.ui.cancel", lang))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._server = server
        self.code_edit.textChanged.connect(self._update)
        self.server_backup.toggled.connect(self._update)
        self._update()

    def _update(self) -> None:
        typed = self.code_edit.text().strip().casefold() == self.code.casefold()
        self.ok_button.setEnabled(typed and (not self._server or self.server_backup.isChecked()))


def _purge_backups_text(preview: Any, folder: Path | None, lang: str) -> str:
    """What the purge removes and from which backups (names, at most ten)."""
    if preview is None:
        return ""
    lines = [t("safety.purge.preview", lang, code=preview.code, delegates=preview.delegates, phones=preview.phones,
               emails=preview.emails, photos=preview.photos, notes=preview.notes)]
    if preview.backups:
        lines.append(t("safety.purge.backups_to_scrub", lang, count=len(preview.backups), folder=str(folder)))
        lines += [f"  • {path.name}" for path in preview.backups[:10]]
        if len(preview.backups) > 10:
            lines.append("  • …")
    else:
        lines.append(t("safety.purge.no_backups", lang, folder=str(folder)))
    return "\n".join(lines)


class ReportsPage(Page):
    nav_key = "nav.reports"

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self._doc: GeneratedReport | None = None
        self._doc_request: _Request | None = None
        self._pages = 0
        self._page = 0
        self._images: dict[int, QImage] = {}
        self._token: CancelToken | None = None
        self._after: Any = None
        self._categories: list[tuple[int, str, str]] = []
        self._latest: _Latest | None = None
        self._poll = QTimer(self)
        self._poll.setInterval(100)
        self._poll.timeout.connect(self._poll_progress)
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
        splitter = QSplitter(Qt.Orientation.Horizontal)
        outer.addWidget(splitter, 1)

        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        self.report_list = QListWidget()
        self.report_list.setObjectName("reportList")
        for name in REPORTS:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.report_list.addItem(item)
        self.report_list.setCurrentRow(0)
        self.report_list.currentRowChanged.connect(lambda _row: self._report_changed())
        self.report_list.setMaximumHeight(150)
        column.addWidget(self.report_list)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setObjectName("reportDescription")
        column.addWidget(self.description)

        self.options_box = QGroupBox()
        form = QFormLayout(self.options_box)
        self.group_by = QComboBox()
        self.group_by.setObjectName("reportGroupBy")
        self.doc_lang = QComboBox()
        self.doc_lang.setObjectName("reportLanguage")
        self.category = QComboBox()
        self.category.setObjectName("reportCategory")
        self.presence = QComboBox()
        self.presence.setObjectName("reportPresence")
        self.per = QComboBox()
        self.per.setObjectName("reportPer")
        self.day = QComboBox()
        self.day.setObjectName("reportDay")
        self.contacts = QCheckBox()
        self.contacts.setObjectName("reportContacts")
        self.contacts.setChecked(False)  # privacy: contact details only when asked
        self.lbl_group_by, self.lbl_lang, self.lbl_category = QLabel(), QLabel(), QLabel()
        self.lbl_presence, self.lbl_per, self.lbl_day = QLabel(), QLabel(), QLabel()
        form.addRow(self.lbl_lang, self.doc_lang)
        form.addRow(self.lbl_group_by, self.group_by)
        form.addRow(self.lbl_day, self.day)
        form.addRow(self.lbl_category, self.category)
        form.addRow(self.lbl_presence, self.presence)
        form.addRow(self.lbl_per, self.per)
        form.addRow(self.contacts)
        for combo in (self.group_by, self.doc_lang, self.category, self.presence, self.per, self.day):
            combo.currentIndexChanged.connect(lambda _i: self._options_changed())
        self.contacts.toggled.connect(lambda _on: self._options_changed())
        column.addWidget(self.options_box)

        buttons = QVBoxLayout()
        self.generate_button = QPushButton()
        self.generate_button.setObjectName("reportGenerate")
        self.generate_button.setDefault(True)
        self.generate_button.clicked.connect(self.generate_preview)
        self.save_pdf_button = QPushButton()
        self.save_pdf_button.setObjectName("reportSavePdf")
        self.save_pdf_button.clicked.connect(lambda: self._ask_save("pdf"))
        self.save_xlsx_button = QPushButton()
        self.save_xlsx_button.setObjectName("reportSaveXlsx")
        self.save_xlsx_button.clicked.connect(lambda: self._ask_save("xlsx"))
        self.print_button = QPushButton()
        self.print_button.setObjectName("reportPrint")
        self.print_button.clicked.connect(self._ask_print)
        for button in (self.generate_button, self.save_pdf_button, self.save_xlsx_button, self.print_button):
            buttons.addWidget(button)
        column.addLayout(buttons)
        progress_row = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setObjectName("reportProgress")
        self.progress.setVisible(False)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("reportCancel")
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel)
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)
        column.addLayout(progress_row)
        self.status = QLabel()
        self.status.setObjectName("reportStatus")
        self.status.setWordWrap(True)
        column.addWidget(self.status)
        column.addStretch(1)
        self.purge_button = QPushButton()
        self.purge_button.setObjectName("reportPurge")
        self.purge_button.clicked.connect(self._ask_purge)
        column.addWidget(self.purge_button)
        splitter.addWidget(left)

        right = QWidget()
        preview = QVBoxLayout(right)
        preview.setContentsMargins(0, 0, 0, 0)
        nav = QHBoxLayout()
        self.prev_button = QPushButton("◀")
        self.prev_button.setObjectName("reportPrevPage")
        self.prev_button.clicked.connect(lambda: self.show_page(self._page - 1))
        self.next_button = QPushButton("▶")
        self.next_button.setObjectName("reportNextPage")
        self.next_button.clicked.connect(lambda: self.show_page(self._page + 1))
        self.page_label = QLabel()
        self.page_label.setObjectName("reportPageLabel")
        nav.addWidget(self.prev_button)
        nav.addWidget(self.page_label)
        nav.addWidget(self.next_button)
        nav.addStretch(1)
        preview.addLayout(nav)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.preview_label = QLabel()
        self.preview_label.setObjectName("reportPreview")
        self.preview_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.preview_label.setStyleSheet("QLabel#reportPreview { background: #7d838c; padding: 14px; }")
        self.scroll.setWidget(self.preview_label)
        preview.addWidget(self.scroll, 1)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 3)

    # ------------------------------------------------------------------ language

    def retranslate(self) -> None:
        lang = self.ctx.language
        self.title.setText(t("nav.reports", lang))
        for row in range(self.report_list.count()):
            item = self.report_list.item(row)
            item.setText(t(REPORTS[item.data(Qt.ItemDataRole.UserRole)].title_key, lang))
        self.options_box.setTitle(t("reports.ui.options", lang))
        self.lbl_group_by.setText(t("reports.ui.group_by", lang))
        self.lbl_lang.setText(t("reports.ui.language", lang))
        self.lbl_category.setText(t("reports.ui.category", lang))
        self.lbl_presence.setText(t("reports.ui.presence", lang))
        self.lbl_per.setText(t("reports.ui.per", lang))
        self.lbl_day.setText(t("reports.ui.day", lang))
        self.contacts.setText(t("reports.ui.contacts", lang))
        self.contacts.setToolTip(t("reports.ui.contacts_tip", lang))
        self._fill(self.group_by, [("org", t("reports.ui.group.org", lang)),
                                   ("category", t("reports.ui.group.category", lang)),
                                   ("none", t("reports.ui.group.none", lang))])
        self._fill(self.doc_lang, [("vi", t("lang.vi", "vi")), ("en", t("lang.en", "en"))],
                   default=lang)
        self._fill(self.presence, [("", t("reports.ui.presence.any", lang)),
                                   ("in", t("reports.ui.presence.in", lang)),
                                   ("out", t("reports.ui.presence.out", lang))])
        self._fill(self.per, [("delegate", t("reports.ui.per.delegate", lang)),
                              ("organization", t("reports.ui.per.organization", lang))])
        self._fill_categories()
        self._fill_days()
        self.generate_button.setText(t("reports.ui.generate", lang))
        self.save_pdf_button.setText(t("reports.ui.save_pdf", lang))
        self.save_xlsx_button.setText(t("reports.ui.save_xlsx", lang))
        self.print_button.setText(t("reports.ui.print", lang))
        self.cancel_button.setText(t("reports.ui.cancel", lang))
        self.purge_button.setText(t("reports.ui.purge", lang))
        self.purge_button.setToolTip(t("reports.ui.purge_tip", lang))
        self._report_changed()
        self._update_page_label()

    @staticmethod
    def _fill(combo: QComboBox, items: list[tuple[str, str]], default: str | None = None) -> None:
        current = combo.currentData() if combo.count() else default
        combo.blockSignals(True)
        combo.clear()
        for data, text in items:
            combo.addItem(text, data)
        index = combo.findData(current)
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    def _fill_categories(self) -> None:
        lang = self.ctx.language
        self._fill(self.category, [("", t("reports.ui.category.all", lang))]
                   + [(str(cid), (en if lang == "en" and en else vi)) for cid, vi, en in self._categories])

    def _fill_days(self) -> None:
        event = self.ctx.event
        days: list[tuple[str, str]] = [("", t("reports.ui.day.all", self.ctx.language))]
        if event is not None:
            day = event.start_date
            while day <= event.end_date and len(days) < 32:
                days.append((day.isoformat(), f"{day:%d/%m/%Y}"))
                day = day + timedelta(days=1)
        self._fill(self.day, days)

    # ------------------------------------------------------------------ state

    @property
    def report_name(self) -> str:
        item = self.report_list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else "signin"

    def select_report(self, name: str) -> None:
        for row in range(self.report_list.count()):
            if self.report_list.item(row).data(Qt.ItemDataRole.UserRole) == name:
                self.report_list.setCurrentRow(row)
                return

    def options(self) -> ReportOptions:
        """The options as set on the page (with the delegate-list filter of ``show_delegate_list``)."""
        category = self.category.currentData()
        presence = self.presence.currentData()
        filters = self._delegate_filters
        if presence:
            filters = DelegateFilters(**{**_filters_dict(filters), "checked_in": presence == "in"})
        return ReportOptions(
            lang=self.doc_lang.currentData() or "vi",
            group_by=self.group_by.currentData() or "org",
            include_contacts=self.contacts.isChecked(),
            category_ids=frozenset({int(category)}) if category else frozenset(),
            query=self._delegate_query,
            filters=filters,
            invitation_per=self.per.currentData() or "delegate",
            day=date.fromisoformat(self.day.currentData()) if self.day.currentData() else None,
        )

    _delegate_query = ""
    _delegate_filters: DelegateFilters | None = None

    def show_delegate_list(self, query: str, filters: DelegateFilters | None) -> None:
        """Select the delegate list with the delegates page's current search and filter."""
        self._delegate_query = query
        self._delegate_filters = filters
        self.select_report("delegates")
        self._options_changed()

    def _request(self) -> _Request:
        return _Request(self.report_name, self.options())

    def _report_changed(self) -> None:
        report = REPORTS[self.report_name]
        lang = self.ctx.language
        self.description.setText(t(f"reports.ui.about.{report.name}", lang))
        self.group_by.setEnabled(report.uses_group_by)
        self.contacts.setEnabled(report.uses_contacts)
        self.per.setEnabled(report.uses_per)
        self.day.setEnabled(report.name == "signin" and self.day.count() > 2)
        self.presence.setEnabled(report.name in ("delegates", "signin", "badges"))
        self.save_xlsx_button.setEnabled(report.sheets is not None)
        self._options_changed()

    def _options_changed(self) -> None:
        if self._doc_request is not None and self._doc_request != self._request():
            self.status.setText(t("reports.ui.outdated", self.ctx.language))

    def _event_changed(self) -> None:
        self._clear_preview()
        event = self.ctx.event
        self._fill_days()
        enabled = event is not None
        for widget in (self.generate_button, self.save_pdf_button, self.print_button, self.purge_button):
            widget.setEnabled(enabled)
        if event is None:
            self._categories = []
            self._fill_categories()
            self.status.setText(t("reports.ui.no_event", self.ctx.language))
            return
        self.status.setText("")
        self._report_changed()

        def load() -> list[tuple[int, str, str]]:
            from confman.core.checkin.service import list_categories

            return [(c.id, c.label_vi, c.label_en) for c in list_categories(self.ctx.db, event.id)]

        def loaded(rows: list[tuple[int, str, str]]) -> None:
            self._categories = rows
            self._fill_categories()

        self.ctx.tasks.run(load, on_done=loaded, on_error=self._show_error)

    def _data_changed(self, changes: Changes) -> None:
        if self._doc is not None and any(changes.touches(kind) for kind in WATCHED):
            self.status.setText(t("reports.ui.outdated", self.ctx.language))

    def activated(self) -> None:
        if not self._categories and self.ctx.event is not None:
            self._event_changed()

    # ------------------------------------------------------------------ generation

    @property
    def busy(self) -> bool:
        return self._token is not None

    def _start(self, request: _Request, fmt: str, on_done: Any) -> None:
        event = self.ctx.event
        if event is None or self.busy:
            return
        token = CancelToken()
        self._token = token
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        self.status.setText(t("reports.ui.working", self.ctx.language))
        db = self.ctx.db
        # Progress is polled (10 times a second), not signalled per step: a long report reports
        # thousands of steps, and each cross-thread emit is a queued event (PySide6 6.12.0 on
        # Python 3.11 also dropped a reference to True per emit until the process aborted).
        latest = _Latest()
        synchronous = self.ctx.tasks.synchronous
        self._poll.start()
        self._latest = latest

        def progress(done: int, total: int) -> None:
            latest.value = (done, total)
            if synchronous:
                self._progressed(done, total)

        def work() -> GeneratedReport:
            return generate(db, event.id, request.name, fmt, request.options, progress=progress,
                            cancelled=token)

        def done(result: GeneratedReport) -> None:
            self._finish()
            on_done(result)

        def failed(exc: BaseException) -> None:
            self._finish()
            self._show_error(exc)

        self.ctx.tasks.run(work, on_done=done, on_error=failed)

    def _poll_progress(self) -> None:
        if self._latest is not None and self._latest.value is not None:
            self._progressed(*self._latest.value)

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, total))

    def _finish(self) -> None:
        self._poll.stop()
        self._latest = None
        self._token = None
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)

    def cancel(self) -> None:
        if self._token is not None:
            self._token.cancel()

    def generate_preview(self) -> None:
        """Generate the PDF of the current choice and show its first page."""
        request = self._request()
        self._start(request, "pdf", lambda result: self._show_document(request, result))

    def _show_document(self, request: _Request, result: GeneratedReport) -> None:
        self._doc = result
        self._doc_request = request
        self._images.clear()
        self._pages = page_count(result.data)
        self.status.setText("\n".join((t("reports.ui.ready", self.ctx.language, pages=self._pages),
                                        *result.warnings)))
        self.show_page(0)

    def _clear_preview(self) -> None:
        self._doc = None
        self._doc_request = None
        self._pages = 0
        self._page = 0
        self._images.clear()
        self.preview_label.clear()
        self._update_page_label()

    @property
    def page_index(self) -> int:
        return self._page

    @property
    def page_total(self) -> int:
        return self._pages

    def show_page(self, index: int) -> None:
        """Show page ``index`` (rendered on the render pool the first time)."""
        if self._doc is None or not self._pages:
            return
        index = max(0, min(index, self._pages - 1))
        self._page = index
        self._update_page_label()
        cached = self._images.get(index)
        if cached is not None:
            self._set_image(cached)
            return
        data = self._doc.data

        def rendered(image: QImage) -> None:
            self._images[index] = image
            if self._page == index:
                self._set_image(image)

        self.ctx.tasks.run(lambda: render_page(data, index, PREVIEW_DPI), on_done=rendered,
                           on_error=self._show_error, pool="render")

    def _set_image(self, image: QImage) -> None:
        self.preview_label.setPixmap(QPixmap.fromImage(image))

    def _update_page_label(self) -> None:
        lang = self.ctx.language
        if self._pages:
            self.page_label.setText(t("reports.ui.page", lang, page=self._page + 1, pages=self._pages))
        else:
            self.page_label.setText(t("reports.ui.no_preview", lang))
        self.prev_button.setEnabled(self._page > 0)
        self.next_button.setEnabled(self._page + 1 < self._pages)

    # ------------------------------------------------------------------ save and print

    def _ask_save(self, fmt: str) -> None:
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

        def write(result: GeneratedReport) -> None:
            try:
                path.write_bytes(result.data)
            except OSError as exc:
                self._show_error(DomainError("reports.write_failed", path=str(path), detail=str(exc)))
                return
            self.status.setText(t("reports.ui.saved", self.ctx.language, path=str(path)))

        if fmt == "pdf" and self._doc is not None and self._doc_request == request:
            write(self._doc)
            return
        self._start(request, fmt, write)

    def _ask_print(self) -> None:
        request = self._request()

        def print_it(result: GeneratedReport) -> None:
            if self._doc_request != request:
                self._show_document(request, result)
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setDocName(t(REPORTS[request.name].title_key, request.options.lang))
            dialog = QPrintDialog(printer, self)
            if dialog.exec() == QDialog.DialogCode.Accepted:
                self.print_to(printer)

        if self._doc is not None and self._doc_request == request:
            print_it(self._doc)
            return
        self._start(request, "pdf", print_it)

    def print_to(self, printer: QPrinter) -> int:
        """Print the previewed document on ``printer`` full page at 100 %; returns the pages printed."""
        if self._doc is None:
            return 0
        token = CancelToken()
        self._token = token
        self.progress.setRange(0, self.page_total or 0)
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)

        def progress(done: int, total: int) -> None:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
            QApplication.processEvents()  # keeps the window alive and Cancel clickable between pages

        try:
            pages = paint_pdf(printer, self._doc.data, progress=progress, cancelled=token)
        finally:
            self._token = None
            self.progress.setVisible(False)
            self.cancel_button.setVisible(False)
        self.status.setText(t("reports.ui.printed", self.ctx.language, pages=pages))
        return pages

    # ------------------------------------------------------------------ purge

    def _ask_purge(self) -> None:
        """Find what the purge would reach (off the UI thread), then ask."""
        event = self.ctx.event
        if event is None:
            return
        from confman.core.reports.purge import preview_purge

        db, folder = self.ctx.db, self.ctx.settings.backups_path
        self.ctx.tasks.run(lambda: preview_purge(db, event.id, backups_folder=folder),
                           on_done=lambda preview: self._confirm_purge(event.code, preview),
                           on_error=self._show_error)

    def purge_dialog(self, code: str, preview: Any) -> PurgeDialog:
        return PurgeDialog(self, code, self.ctx.language, server=self.ctx.db.sqlite_path is None, preview=preview,
                           folder=self.ctx.settings.backups_path)

    def _confirm_purge(self, code: str, preview: Any) -> None:
        dialog = self.purge_dialog(code, preview)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.purge(dialog.code_edit.text(), external_backup=dialog.server_backup.isChecked(),
                   keep_backup=dialog.keep_backup.isChecked())

    def purge(self, typed_code: str, *, external_backup: bool = False, keep_backup: bool = False) -> None:
        """Purge the event's personal data, from the backups too (``typed_code`` must be the event code)."""
        event = self.ctx.event
        if event is None:
            return
        from confman.core.reports.purge import purge_personal_data

        db, folder, station = self.ctx.db, self.ctx.settings.backups_path, self.ctx.station

        def work() -> Any:
            return purge_personal_data(db, event.id, confirm=typed_code, backups_folder=folder, station=station,
                                       external_backup=external_backup, keep_backup=keep_backup)

        def done(result: Any) -> None:
            self._clear_preview()
            lang = self.ctx.language
            lines = [t("reports.ui.purged", lang, delegates=result.delegates, phones=result.phones,
                       emails=result.emails, photos=result.photos)]
            if db.sqlite_path is not None:
                actions = [f.action for f in result.backups]
                lines.append(t("safety.purge.summary", lang, scrubbed=actions.count("scrubbed"),
                               deleted=actions.count("deleted"), kept=actions.count("kept")))
                if result.backup is not None:
                    lines.append(t("safety.purge.kept", lang, path=str(result.backup)))
            self.status.setText("\n".join(lines))
            self.ctx.notify(result.changes)

        self.ctx.tasks.run(work, on_done=done, on_error=self._show_error)

    # ------------------------------------------------------------------ errors

    def _show_error(self, exc: BaseException) -> None:
        lang = self.ctx.language
        if isinstance(exc, DomainError) and exc.code == "reports.cancelled":
            self.status.setText(t("reports.ui.cancelled", lang))
            return
        text = describe(exc, lang) if isinstance(exc, DomainError) else str(exc)
        self.status.setText(text)
        if not self.ctx.tasks.synchronous:
            QMessageBox.warning(self, t("reports.ui.error_title", lang), text)


def _filters_dict(filters: DelegateFilters | None) -> dict[str, Any]:
    if filters is None:
        return {"statuses": frozenset(EXPECTED_STATUSES)}
    return {name: getattr(filters, name) for name in DelegateFilters.__dataclass_fields__}
