"""The badges page: pick a template and a batch, preview the rendered pages, save, print, reprint.

The batch PDF is rendered once in the document process (progress, Cancel) and is exactly what
the preview shows, what Save writes and what Print rasterises at the printer's resolution at
100 % scale. The print log is written only after a save or a print. ``print_now`` (the check-in
desk's "print badge") renders and prints a batch without leaving the page the user is on.

While a batch renders, the preview and the status say how far it is ("Đang dựng thẻ… 40/321"),
never "no badges"; the first sheet is rendered on its own first, so the pager shows
"Trang 1/321" within a moment and the other pages follow when the whole batch is ready.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from confman.core.changes import Changes
from confman.core.errors import DomainError
from confman.i18n import t
from confman.ui.badges import ops
from confman.ui.badges.batch_box import BatchBox
from confman.ui.badges.ops import Batch, RenderedBatch, TemplateChoice
from confman.ui.badges.output import BadgeOutput
from confman.ui.badges.printer_box import PrinterBox
from confman.ui.badges.reprint_dialog import ask_reason
from confman.ui.badges.template_box import TemplateBox
from confman.ui.context import UiContext
from confman.ui.page import Page
from confman.ui.widgets.fit import FormScroll
from confman.ui.widgets.pdf_preview import PdfPreview
from confman.ui.widgets.progress import ProgressStrip


class BadgesPage(Page):
    nav_key = "nav.badges"

    preview_ready = Signal(int)  # pages in the rendered batch
    printed = Signal(int)  # pages sent to a printer

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self._templates: list[TemplateChoice] = []
        self._batch: Batch | None = None
        self._rendered: RenderedBatch | None = None
        self.pending_reason = ""
        self._dirty = True
        self._print_when_rendered: tuple[int, ...] | None = None
        self._rendering: tuple[int, int] | None = None  # (badges done, badges) while the batch renders
        self._render_count = 0  # one number per render: a first sheet of an older render is dropped
        self.output = BadgeOutput(self)
        self._build()
        self._rerender = QTimer(self)
        self._rerender.setSingleShot(True)
        self._rerender.setInterval(300)
        self._rerender.timeout.connect(self.render_preview)
        self.retranslate()
        ctx.event_changed.connect(lambda _e: self.refresh())
        ctx.data_changed.connect(self._data_changed)
        self._load_templates()
        self.refresh()

    # -- building -------------------------------------------------------------------
    def _build(self) -> None:
        side_host = QWidget()
        side_host.setObjectName("badgeControls")
        side_host.setFixedWidth(430)
        side = QVBoxLayout(side_host)
        side.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        side.addWidget(self.title)

        self.template_box = TemplateBox()
        self.template_combo = self.template_box.template_combo
        self.template_combo.currentIndexChanged.connect(self._template_changed)
        self.doc_lang_combo = self.template_box.doc_lang_combo
        self.doc_lang_combo.currentIndexChanged.connect(lambda _i: self.render_preview())
        self.template_box.edit_template_button.clicked.connect(self.open_template_editor)
        boxes = QVBoxLayout()  # the settings scroll on a short screen; the actions below stay in view
        boxes.setContentsMargins(0, 0, 0, 0)
        boxes.addWidget(self.template_box)

        self.batch = BatchBox()
        self.batch.changed.connect(self.refresh)
        self.batch.delegates_filter_requested.connect(self.use_delegates_filter)
        boxes.addWidget(self.batch)
        self.printer = PrinterBox(self.ctx.settings, self.ctx.save_settings)
        self.printer.offsets_changed.connect(self._rerender_soon)
        self.printer.calibration_requested.connect(self.print_calibration)
        boxes.addWidget(self.printer)
        boxes.addStretch(1)
        side.addWidget(FormScroll(boxes), 1)

        actions = QHBoxLayout()
        self.save_button = QPushButton()
        self.save_button.setObjectName("saveBadgesPdf")
        self.save_button.clicked.connect(self.save_pdf)
        self.print_button = QPushButton()
        self.print_button.setObjectName("printBadges")
        self.print_button.clicked.connect(self.print_badges)
        self.reprint_button = QPushButton()
        self.reprint_button.setObjectName("reprintBadges")
        self.reprint_button.clicked.connect(self.reprint)
        for button in (self.save_button, self.print_button, self.reprint_button):
            actions.addWidget(button)
        side.addLayout(actions)
        self.progress = ProgressStrip()
        self.progress.setObjectName("badgeProgress")
        self.progress.progressed.connect(self._render_progressed)
        side.addWidget(self.progress)
        self.status = QLabel()
        self.status.setObjectName("badgeStatus")
        self.status.setWordWrap(True)
        side.addWidget(self.status)

        self.preview = PdfPreview(self.ctx.ops, self._page_text, fit=True)
        self.preview.setObjectName("badgePreview")
        outer = QHBoxLayout(self)
        outer.addWidget(side_host, 0)
        outer.addWidget(self.preview, 1)
        self._set_rendered(None)

    def _page_text(self, index: int, pages: int) -> str:
        return t("badges.ui.page_of", self.ctx.language, page=index + 1, pages=pages) if pages else ""

    def retranslate(self) -> None:
        lang = self.ctx.language
        self.title.setText(t("nav.badges", lang))
        self.template_box.retranslate(lang)
        self.batch.retranslate(lang)
        self.printer.retranslate(lang)
        self.save_button.setText(t("badges.ui.save_pdf", lang))
        self.print_button.setText(t("badges.ui.print", lang))
        self.reprint_button.setText(t("badges.ui.reprint", lang))
        self.preview.prev_button.setToolTip(t("badges.ui.previous_page", lang))
        self.preview.next_button.setToolTip(t("badges.ui.next_page", lang))
        self.preview.set_empty_text(self._empty_text())
        self.preview.retranslate()
        self._update_template_info()
        self._update_summary()

    # -- state ------------------------------------------------------------------------
    def activated(self) -> None:
        if self._dirty:
            self.refresh()

    @property
    def data_shown(self) -> bool:
        """The batch (who gets a badge) is listed; its preview follows from the document process."""
        return self.ctx.event is None or self._batch is not None

    def _data_changed(self, changes: Changes) -> None:
        if changes.touches("badge_templates"):
            self._load_templates()
        if changes.touches("delegates") or changes.touches("badges") or changes.touches("categories"):
            self._dirty = True
            if self.isVisible():
                self.refresh()

    @property
    def template_name(self) -> str:
        return self.template_combo.currentData() or self.ctx.settings.default_badge_template

    @property
    def doc_language(self) -> str:
        """The language printed on the badges (event name, category label), independent of the UI's."""
        return self.doc_lang_combo.currentData() or "vi"

    @property
    def rendered(self) -> RenderedBatch | None:
        return self._rendered

    @property
    def printer_key(self) -> str:
        return self.printer.printer_key

    def offset_mm(self) -> tuple[float, float]:
        return self.printer.offset_mm()

    def _load_templates(self) -> None:
        lang = self.ctx.language
        self.ctx.ops.read(self, lambda db: ops.templates(db, lang)).latest("templates") \
            .done(self._templates_loaded).run()

    def _templates_loaded(self, templates: list[TemplateChoice]) -> None:
        current = self.template_combo.currentData() or self.ctx.settings.default_badge_template
        self._templates = templates
        index = self.template_box.set_templates(templates, current)
        self._update_template_info()
        self._update_summary()
        if index < 0 and self._batch is not None:  # the template in use is gone: render with the first
            self.render_preview()

    def _update_template_info(self) -> None:
        choice = next((c for c in self._templates if c.name == self.template_name), None)
        self.template_box.show_info(choice, self.ctx.language)

    def _template_changed(self, _index: int) -> None:
        self._update_template_info()
        self._update_summary()
        self.render_preview()

    def _rerender_soon(self) -> None:
        self._rerender.start()

    def use_delegates_filter(self) -> None:
        """Take the delegates page's search text and filters (status, organization…) as this batch."""
        current = self.ctx.actions.delegates_filter()
        if current is None:
            self.status.setText(t("badges.ui.delegates_filter_unavailable", self.ctx.language))
            return
        self.batch.use_filter(*current, self.ctx.language)

    def print_selection(self, ids: list[int]) -> None:
        """Badges for delegates picked elsewhere (the window's ``print_badges`` action)."""
        self.batch.use_ids(ids)

    def print_now(self, ids: list[int]) -> None:
        """Print these delegates' badges at once (the check-in desk): render with this page's
        template, language and printer, then the print dialog, then the print log."""
        self._print_when_rendered = tuple(ids)
        self.print_selection(ids)

    # -- batch and preview ---------------------------------------------------------------
    def refresh(self) -> None:
        """Re-select the batch (then re-render the preview)."""
        self._dirty = False
        event = self.ctx.event
        lang = self.ctx.language
        if event is None:
            self._batch = None
            self._set_rendered(None)
            self._update_summary()
            return
        selection = self.batch.selection()
        self.ctx.ops.read(self, lambda db: ops.categories(db, event.id)).latest("categories") \
            .done(lambda rows: self.batch.set_categories(rows, lang)).run()
        self.ctx.ops.read(self, lambda db: ops.select(db, event.id, selection)).latest("batch") \
            .done(self._batch_selected).run()

    def _batch_selected(self, batch: Batch) -> None:
        self._batch = batch
        self._update_summary()
        self.render_preview()

    def _per_page(self) -> int:
        return next((c.badges_per_page for c in self._templates if c.name == self.template_name), 1)

    def _update_summary(self) -> None:
        self.batch.show_summary(self._batch, self._per_page(), self.ctx.language, no_event=self.ctx.event is None)

    def _empty_text(self) -> str:
        """What the preview says while it shows no page: loading, rendering (how far), or nothing to print."""
        lang = self.ctx.language
        if self.ctx.event is None:
            return t("badges.ui.no_event", lang)
        if self._batch is None:
            return t("ops.loading", lang)
        if self._rendering is not None:
            done, total = self._rendering
            return t("pages.badges.rendering", lang, done=done, total=total)
        if not self._batch.rows:
            return t("badges.ui.nothing", lang)
        return ""

    @property
    def rendering(self) -> bool:
        """The batch is being rendered (the preview may already show its first sheet)."""
        return self._rendering is not None

    def _render_progressed(self, done: int, total: int) -> None:
        if self._rendering is None or self._batch is None:
            return
        self._rendering = (min(done, len(self._batch.rows)), len(self._batch.rows))
        text = self._empty_text()
        self.progress.set_text(text)  # beside the bar; the preview says it too until the first sheet is there
        self.preview.set_empty_text(text)

    def render_preview(self) -> None:
        """Render the batch to an in-memory PDF in the document process, with progress and Cancel."""
        self._rerender.stop()
        event, batch = self.ctx.event, self._batch
        if event is None or batch is None or not batch.rows:
            self.ctx.ops.cancel_latest(self, "render")
            self.ctx.ops.cancel_latest(self, "render_first")
            self._set_rendered(None)
            return
        template, lang, offset = self.template_name, self.doc_language, self.offset_mm()
        rendered, per_page = self._rendered, self._per_page()
        same = (rendered is not None and rendered.template_name == template
                and tuple(b.delegate_id for b in rendered.badges) == tuple(batch.ids))
        self._render_count += 1
        count = self._render_count
        self._rendering = (0, len(batch.rows))
        text = self._empty_text()
        if not same:  # another batch or template: say how far it is, never show the old one's pages
            self._rendered = None
            for button in (self.save_button, self.print_button):
                button.setEnabled(False)
            self.preview.set_document(None, 0, empty_text=text)
            if len(batch.ids) > per_page:  # the first sheet on its own first: the pager within a moment
                self.ctx.ops.document(self, ops.render, event.id, batch.ids[:per_page], template, lang, offset) \
                    .latest("render_first").quiet().done(lambda first: self._first_sheet(count, first)) \
                    .failed(lambda _exc: True).run()  # the whole batch's render reports any error
        self.status.clear()
        self.ctx.ops.document(self, ops.render, event.id, batch.ids, template, lang, offset).latest("render") \
            .progress(self.progress, text).done(self._set_rendered).failed(self._render_failed).run()

    def _first_sheet(self, count: int, first: RenderedBatch) -> None:
        """The first sheet of the batch being rendered: on screen until the whole batch is ready."""
        if count != self._render_count or self._rendering is None or self._batch is None or first.pdf is None:
            return
        pages = -(-len(self._batch.rows) // max(1, self._per_page()))
        self.preview.set_document(first.pdf, first.pages, first.page_size_mm, of=pages)

    def _render_failed(self, exc: BaseException) -> bool:
        self._rendering = None
        self.preview.set_empty_text(self._empty_text())  # no longer "rendering…"; the error is shown by the policy
        self._print_when_rendered = None
        if isinstance(exc, DomainError) and exc.code == "badges.cancelled":
            self._set_rendered(None)  # the old preview may be of another template or batch
            self.status.setText(t("badges.ui.cancelled", self.ctx.language))
            return True
        return False

    def _set_rendered(self, rendered: RenderedBatch | None) -> None:
        lang = self.ctx.language
        self._rendering = None
        self._rendered = rendered
        has = rendered is not None and rendered.pdf is not None
        for button in (self.save_button, self.print_button):
            button.setEnabled(has)
        self.reprint_button.setEnabled(self._batch is not None and bool(self._batch.rows))
        if rendered is None:
            self.status.clear()
            self.preview.set_document(None, 0, empty_text=self._empty_text())
            return
        text = t("badges.ui.rendered", lang, count=len(rendered.badges), pages=rendered.pages)
        if rendered.shortened:  # listed before anything is printed
            text += "\n" + ops.shortened_text(rendered.shortened, lang)
        self.status.setText(text)
        self.preview.set_document(rendered.pdf, rendered.pages, rendered.page_size_mm)
        self.preview_ready.emit(rendered.pages)
        wanted, self._print_when_rendered = self._print_when_rendered, None
        if wanted is not None and self._batch is not None and set(self._batch.ids) == set(wanted):
            self.print_badges()

    # -- save, print, reprint ---------------------------------------------------------
    def show_error_text(self, text: str) -> None:
        self.status.setText(text)
        QMessageBox.warning(self, t("badges.ui.error_title", self.ctx.language), text)

    def save_pdf(self) -> None:
        self.output.save_pdf()

    def print_badges(self) -> None:
        """The system print dialog, then every page at 100 % on the template's paper."""
        self.output.print_badges()

    def print_calibration(self) -> None:
        self.output.print_calibration()

    def reprint(self) -> None:
        """Ask for a reason, bump the versions of the batch (old codes stop working), re-render."""
        event, batch = self.ctx.event, self._batch
        if event is None or batch is None or not batch.rows:
            return
        reason = ask_reason(self, self.ctx.language, len(batch.rows))
        if not reason:
            return
        station, ids = self.ctx.station, batch.ids

        def done(changes: Changes) -> None:
            self.pending_reason = reason
            self.status.setText(t("badges.ui.reprinted", self.ctx.language, count=len(changes.ids)))
            self.refresh()

        self.ctx.ops.write(self, lambda db: ops.reprint(db, event.id, ids, reason=reason, station=station)) \
            .done(done).run()

    def open_template_editor(self) -> None:
        from confman.ui.badges.template_editor import TemplateEditorDialog

        sample = self._batch.ids[0] if self._batch is not None and self._batch.rows else None
        dialog = TemplateEditorDialog(self.ctx, self.template_name, sample, self)
        dialog.template_saved.connect(self._template_saved)
        dialog.exec()

    def _template_saved(self, name: str) -> None:
        self.template_box.add_saved(name)
        self._load_templates()
        self.render_preview()
