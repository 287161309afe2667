"""The badges page: pick a template and a batch, preview the rendered pages, save, print, reprint.

The batch PDF is rendered once on a worker (progress, Cancel) and is exactly what the preview
shows, what Save writes and what Print rasterises at the printer's resolution at 100 % scale.
The print log is written only after a save or a print.
"""

from __future__ import annotations

import getpass
import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from confman.core.badges import service as badges
from confman.core.changes import Changes
from confman.core.errors import DomainError
from confman.core.registration.rows import DelegateFilters
from confman.core.settings import DEFAULT_OFFSETS_KEY
from confman.i18n import t
from confman.messages import describe
from confman.ui.badges import printing
from confman.ui.context import UiContext
from confman.ui.page import Page
from confman.ui.tasks import CancelToken

log = logging.getLogger(__name__)

BATCH_KINDS = ("all", "filter", "selection", "not_printed", "changed")
PDF_PRINTER = ""  # settings key of the offsets when printing without a named printer
REASONS = ("badges.ui.reason.lost", "badges.ui.reason.wrong", "badges.ui.reason.damaged")


def _user() -> str:
    try:
        return getpass.getuser()[:100]
    except Exception:  # no login name: the station still says where
        return ""


class ReprintDialog(QDialog):
    """Asks why badges are reprinted; the reason goes to the print log and the audit log."""

    def __init__(self, parent: QWidget | None, lang: str, count: int) -> None:
        super().__init__(parent)
        self.setObjectName("badgeReprintDialog")
        self.setWindowTitle(t("badges.ui.reprint.title", lang))
        layout = QVBoxLayout(self)
        intro = QLabel(t("badges.ui.reprint.intro", lang, count=count))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.reason = QComboBox()
        self.reason.setObjectName("reprintReason")
        self.reason.setEditable(True)
        self.reason.addItem("")
        for key in REASONS:
            self.reason.addItem(t(key, lang))
        self.reason.setCurrentIndex(0)
        self.reason.lineEdit().setPlaceholderText(t("badges.ui.reprint.placeholder", lang))
        layout.addWidget(self.reason)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(t("badges.ui.reprint.confirm", lang))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(t("badges.ui.cancel", lang))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.reason.currentTextChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.reason_text()))

    def reason_text(self) -> str:
        return self.reason.currentText().strip()


class BadgesPage(Page):
    nav_key = "nav.badges"

    preview_ready = Signal(int)  # pages in the rendered batch
    printed = Signal(int)  # pages sent to a printer

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self._templates: list[badges.TemplateChoice] = []
        self._batch: badges.Batch | None = None
        self._rendered: badges.RenderedBatch | None = None
        self._selection_ids: tuple[int, ...] = ()
        self._page_index = 0
        self._page_count = 0
        self._pending_reason = ""
        self._external_filters: DelegateFilters | None = None
        self._cancel: CancelToken | None = None
        self._generation = 0
        self._image_generation = 0
        self._dirty = True
        self._build()
        self.retranslate()
        ctx.event_changed.connect(lambda _e: self.refresh())
        ctx.data_changed.connect(self._data_changed)
        self._rerender = QTimer(self)
        self._rerender.setSingleShot(True)
        self._rerender.setInterval(300)
        self._rerender.timeout.connect(self.render_preview)
        self.refresh()

    # -- building -------------------------------------------------------------------

    def _build(self) -> None:
        outer = QHBoxLayout(self)
        side_host = QWidget()
        side_host.setObjectName("badgeControls")
        side_host.setFixedWidth(430)
        side = QVBoxLayout(side_host)
        side.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(side_host, 0)

        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        side.addWidget(self.title)

        self.template_box = QGroupBox()
        form = QFormLayout(self.template_box)
        self.template_combo = QComboBox()
        self.template_combo.setObjectName("badgeTemplate")
        self.template_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.template_combo.setMinimumContentsLength(24)
        self.template_combo.currentIndexChanged.connect(self._template_changed)
        self.template_label = QLabel()
        form.addRow(self.template_label, self.template_combo)
        self.template_info = QLabel()
        self.template_info.setObjectName("templateInfo")
        form.addRow("", self.template_info)
        self.doc_lang_combo = QComboBox()
        self.doc_lang_combo.setObjectName("badgeLanguage")
        for lang in ("vi", "en"):
            self.doc_lang_combo.addItem("", lang)
        self.doc_lang_combo.currentIndexChanged.connect(lambda _i: self.render_preview())
        self.doc_lang_label = QLabel()
        form.addRow(self.doc_lang_label, self.doc_lang_combo)
        self.edit_template_button = QPushButton()
        self.edit_template_button.setObjectName("editTemplate")
        self.edit_template_button.clicked.connect(self.open_template_editor)
        form.addRow("", self.edit_template_button)
        side.addWidget(self.template_box)

        self.batch_box = QGroupBox()
        batch_form = QFormLayout(self.batch_box)
        self.batch_combo = QComboBox()
        self.batch_combo.setObjectName("badgeBatch")
        for kind in BATCH_KINDS:
            self.batch_combo.addItem("", kind)
        self.batch_combo.currentIndexChanged.connect(self._batch_kind_changed)
        self.batch_label = QLabel()
        batch_form.addRow(self.batch_label, self.batch_combo)
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("badgeSearch")
        self.search_edit.setClearButtonEnabled(True)
        self.search_label = QLabel()
        batch_form.addRow(self.search_label, self.search_edit)
        self.category_combo = QComboBox()
        self.category_combo.setObjectName("badgeCategory")
        self.category_label = QLabel()
        batch_form.addRow(self.category_label, self.category_combo)
        self.delegates_filter_button = QPushButton()
        self.delegates_filter_button.setObjectName("useDelegatesFilter")
        self.delegates_filter_button.clicked.connect(self.use_delegates_filter)
        self.delegates_filter_note = QLabel()
        self.delegates_filter_note.setWordWrap(True)
        batch_form.addRow("", self.delegates_filter_button)
        batch_form.addRow("", self.delegates_filter_note)
        self.ids_edit = QLineEdit()
        self.ids_edit.setObjectName("badgeIds")
        self.ids_label = QLabel()
        batch_form.addRow(self.ids_label, self.ids_edit)
        self.sort_combo = QComboBox()
        self.sort_combo.setObjectName("badgeSort")
        for order in badges.SORT_ORDERS:
            self.sort_combo.addItem("", order)
        self.sort_label = QLabel()
        batch_form.addRow(self.sort_label, self.sort_combo)
        self.summary = QLabel()
        self.summary.setObjectName("batchSummary")
        self.summary.setWordWrap(True)
        batch_form.addRow(self.summary)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(350)
        self._search_timer.timeout.connect(self.refresh)
        self.search_edit.textChanged.connect(lambda _t: self._search_timer.start())
        self.ids_edit.editingFinished.connect(self._ids_edited)
        self.category_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.sort_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        side.addWidget(self.batch_box)

        self.printer_box = QGroupBox()
        printer_form = QFormLayout(self.printer_box)
        self.printer_combo = QComboBox()
        self.printer_combo.setObjectName("badgePrinter")
        self.printer_label = QLabel()
        printer_form.addRow(self.printer_label, self.printer_combo)
        self.offset_x = QDoubleSpinBox()
        self.offset_y = QDoubleSpinBox()
        for name, spin in (("offsetX", self.offset_x), ("offsetY", self.offset_y)):
            spin.setObjectName(name)
            spin.setRange(-20.0, 20.0)
            spin.setSingleStep(0.1)
            spin.setDecimals(1)
            spin.setSuffix(" mm")
            spin.valueChanged.connect(self._offset_changed)
        offsets = QHBoxLayout()
        offsets.addWidget(self.offset_x)
        offsets.addWidget(self.offset_y)
        self.offset_label = QLabel()
        printer_form.addRow(self.offset_label, offsets)
        self.calibration_button = QPushButton()
        self.calibration_button.setObjectName("printCalibration")
        self.calibration_button.clicked.connect(self.print_calibration)
        printer_form.addRow("", self.calibration_button)
        self.printer_combo.currentIndexChanged.connect(self._printer_changed)
        side.addWidget(self.printer_box)

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
        actions.addWidget(self.save_button)
        actions.addWidget(self.print_button)
        actions.addWidget(self.reprint_button)
        side.addLayout(actions)

        progress_row = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setObjectName("badgeProgress")
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("cancelBadges")
        self.cancel_button.clicked.connect(self.cancel)
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)
        side.addLayout(progress_row)
        self.status = QLabel()
        self.status.setObjectName("badgeStatus")
        self.status.setWordWrap(True)
        side.addWidget(self.status)
        side.addStretch(1)
        self._set_busy(False)
        self._show_batch_fields()

        preview_col = QVBoxLayout()
        outer.addLayout(preview_col, 1)
        self.preview_scroll = QScrollArea()
        self.preview_scroll.setObjectName("badgePreviewArea")
        self.preview_scroll.setWidgetResizable(True)
        self.preview_scroll.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview = QLabel()
        self.preview.setObjectName("badgePreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.preview.setStyleSheet("QLabel#badgePreview { background: #8a8f96; }")
        self.preview_scroll.setWidget(self.preview)
        preview_col.addWidget(self.preview_scroll, 1)
        nav = QHBoxLayout()
        self.prev_button = QPushButton("◀")
        self.prev_button.setObjectName("previousPage")
        self.prev_button.clicked.connect(lambda: self.show_page(self._page_index - 1))
        self.next_button = QPushButton("▶")
        self.next_button.setObjectName("nextPage")
        self.next_button.clicked.connect(lambda: self.show_page(self._page_index + 1))
        self.page_label = QLabel()
        self.page_label.setObjectName("pageLabel")
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        nav.addWidget(self.prev_button)
        nav.addWidget(self.page_label, 1)
        nav.addWidget(self.next_button)
        preview_col.addLayout(nav)

    def retranslate(self) -> None:
        lang = self.ctx.language
        self.title.setText(t("nav.badges", lang))
        self.template_box.setTitle(t("badges.ui.template_box", lang))
        self.template_label.setText(t("badges.ui.template", lang))
        self.edit_template_button.setText(t("badges.ui.edit_template", lang))
        self.doc_lang_label.setText(t("badges.ui.doc_lang", lang))
        for index in range(self.doc_lang_combo.count()):
            code = self.doc_lang_combo.itemData(index)
            self.doc_lang_combo.setItemText(index, t(f"lang.{code}", code))
        self.batch_box.setTitle(t("badges.ui.batch_box", lang))
        self.batch_label.setText(t("badges.ui.batch", lang))
        for index, kind in enumerate(BATCH_KINDS):
            self.batch_combo.setItemText(index, t(f"badges.ui.batch.{kind}", lang))
        self.search_label.setText(t("badges.ui.search", lang))
        self.search_edit.setPlaceholderText(t("badges.ui.search_placeholder", lang))
        self.category_label.setText(t("badges.ui.category", lang))
        self.ids_label.setText(t("badges.ui.ids", lang))
        self.ids_edit.setPlaceholderText("1, 2, 3")
        self.sort_label.setText(t("badges.ui.sort", lang))
        self.delegates_filter_button.setText(t("badges.ui.use_delegates_filter", lang))
        self.delegates_filter_button.setToolTip(t("badges.ui.use_delegates_filter_tip", lang))
        if self._external_filters is not None:
            self.delegates_filter_note.setText(t("badges.ui.delegates_filter_in_use", lang))
        for index, order in enumerate(badges.SORT_ORDERS):
            self.sort_combo.setItemText(index, t(f"badges.ui.sort.{order}", lang))
        self.printer_box.setTitle(t("badges.ui.printer_box", lang))
        self.printer_label.setText(t("badges.ui.printer", lang))
        self.offset_label.setText(t("badges.ui.offset", lang))
        self.offset_x.setPrefix("X ")
        self.offset_y.setPrefix("Y ")
        self.offset_x.setToolTip(t("badges.ui.offset_x_tip", lang))
        self.offset_y.setToolTip(t("badges.ui.offset_y_tip", lang))
        self.calibration_button.setText(t("badges.ui.print_calibration", lang))
        self.save_button.setText(t("badges.ui.save_pdf", lang))
        self.print_button.setText(t("badges.ui.print", lang))
        self.reprint_button.setText(t("badges.ui.reprint", lang))
        self.cancel_button.setText(t("badges.ui.cancel", lang))
        self.prev_button.setToolTip(t("badges.ui.previous_page", lang))
        self.next_button.setToolTip(t("badges.ui.next_page", lang))
        self._fill_printers()
        self._fill_templates()
        self._update_summary()
        self._update_page_label()

    # -- state ------------------------------------------------------------------------

    def activated(self) -> None:
        if self._dirty:
            self.refresh()

    def _data_changed(self, changes: Changes) -> None:
        if changes.touches("badge_templates"):
            self._fill_templates()
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
    def batch_kind(self) -> str:
        return self.batch_combo.currentData() or "all"

    @property
    def printer_key(self) -> str:
        data = self.printer_combo.currentData()
        return data if isinstance(data, str) else PDF_PRINTER

    def offset_mm(self) -> tuple[float, float]:
        return (round(self.offset_x.value(), 2), round(self.offset_y.value(), 2))

    def _fill_templates(self) -> None:
        current = self.template_combo.currentData() or self.ctx.settings.default_badge_template
        self._templates = badges.list_templates(self.ctx.db, self.ctx.language)
        self.template_combo.blockSignals(True)
        self.template_combo.clear()
        for choice in self._templates:
            label = choice.title if choice.builtin else f"{choice.title}  ✎"
            self.template_combo.addItem(label, choice.name)
        index = self.template_combo.findData(current)
        self.template_combo.setCurrentIndex(max(0, index))
        self.template_combo.blockSignals(False)
        self._update_template_info()

    def _update_template_info(self) -> None:
        choice = next((c for c in self._templates if c.name == self.template_name), None)
        if choice is None:
            self.template_info.clear()
            return
        w, h = choice.page_size_mm
        self.template_info.setText(t("badges.ui.template_info", self.ctx.language, width=_mm(w, self.ctx.language),
                                     height=_mm(h, self.ctx.language), per_page=choice.badges_per_page))

    def _fill_printers(self) -> None:
        current = self.printer_combo.currentData()
        self.printer_combo.blockSignals(True)
        self.printer_combo.clear()
        names = list(QPrinterInfo.availablePrinterNames())
        default = QPrinterInfo.defaultPrinterName()
        if default in names:
            names.remove(default)
            names.insert(0, default)
        for name in names:
            self.printer_combo.addItem(name, name)
        self.printer_combo.addItem(t("badges.ui.printer_pdf", self.ctx.language), PDF_PRINTER)
        index = self.printer_combo.findData(current) if current is not None else 0
        self.printer_combo.setCurrentIndex(max(0, index))
        self.printer_combo.blockSignals(False)
        self._load_offsets()

    def _load_offsets(self) -> None:
        offsets = self.ctx.settings.printer_offsets_mm
        # a printer calibrated here keeps its own offsets; others start from the Settings page's defaults
        x, y = [*(offsets.get(self.printer_key) or offsets.get(DEFAULT_OFFSETS_KEY, [])), 0.0, 0.0][:2]
        for spin, value in ((self.offset_x, x), (self.offset_y, y)):
            spin.blockSignals(True)
            spin.setValue(float(value))
            spin.blockSignals(False)

    def _printer_changed(self, _index: int) -> None:
        before = self.offset_mm()
        self._load_offsets()
        if self.offset_mm() != before:
            self._rerender.start()

    def _offset_changed(self, _value: float) -> None:
        self.ctx.settings.printer_offsets_mm[self.printer_key] = list(self.offset_mm())
        self.ctx.save_settings()
        self._rerender.start()

    def _template_changed(self, _index: int) -> None:
        self._update_template_info()
        self.render_preview()

    def _batch_kind_changed(self, _index: int) -> None:
        self._show_batch_fields()
        self.refresh()

    def _show_batch_fields(self) -> None:
        kind = self.batch_kind
        for widget in (self.search_label, self.search_edit, self.category_label, self.category_combo,
                       self.delegates_filter_button):
            widget.setVisible(kind == "filter")
        self.delegates_filter_note.setVisible(kind == "filter" and self._external_filters is not None)
        for widget in (self.ids_label, self.ids_edit):
            widget.setVisible(kind == "selection")

    def _ids_edited(self) -> None:
        ids = []
        for part in self.ids_edit.text().replace(";", ",").replace(" ", ",").split(","):
            if part.strip().isdigit():
                ids.append(int(part))
        if tuple(ids) != self._selection_ids:
            self._selection_ids = tuple(ids)
            self.refresh()

    def _fill_categories(self) -> None:
        from confman.core.registration.categories import list_categories

        current = self.category_combo.currentData()
        self.category_combo.blockSignals(True)
        self.category_combo.clear()
        self.category_combo.addItem(t("badges.ui.category_any", self.ctx.language), None)
        if self.ctx.event is not None:
            for category in list_categories(self.ctx.db, self.ctx.event.id):
                self.category_combo.addItem(category.label(self.ctx.language), category.id)
        self.category_combo.setCurrentIndex(max(0, self.category_combo.findData(current)))
        self.category_combo.blockSignals(False)

    def selection(self) -> badges.BadgeSelection:
        """The batch the controls describe."""
        kind = self.batch_kind
        sort = self.sort_combo.currentData() or "organization"
        if kind == "filter":
            category = self.category_combo.currentData()
            filters = self._external_filters
            if category is not None:
                filters = replace(filters or DelegateFilters(), category_ids=frozenset({category}))
            return badges.BadgeSelection(query=self.search_edit.text(), filters=filters, sort=sort)
        if kind == "selection":
            return badges.BadgeSelection(ids=self._selection_ids, sort=sort)
        return badges.BadgeSelection(not_printed=kind == "not_printed", changed_since_printed=kind == "changed",
                                     sort=sort)

    def _delegates_page(self) -> Any:
        pages = getattr(self.window(), "pages", None)
        built = pages.built() if pages is not None and hasattr(pages, "built") else {}
        page = built.get("nav.delegates")
        return page if page is not None and hasattr(page, "filters") and hasattr(page, "search") else None

    def use_delegates_filter(self) -> None:
        """Take the delegates page's search text and filters (status, organization…) as this batch."""
        page = self._delegates_page()
        if page is None:
            self.status.setText(t("badges.ui.delegates_filter_unavailable", self.ctx.language))
            return
        filters = page.filters()
        category = next(iter(filters.category_ids), None) if len(filters.category_ids) == 1 else None
        self._external_filters = replace(filters, category_ids=frozenset())
        self.delegates_filter_note.setText(t("badges.ui.delegates_filter_in_use", self.ctx.language))
        self.category_combo.blockSignals(True)
        self.category_combo.setCurrentIndex(max(0, self.category_combo.findData(category)))
        self.category_combo.blockSignals(False)
        self.search_edit.blockSignals(True)
        self.search_edit.setText(page.search.text())
        self.search_edit.blockSignals(False)
        _choose_data(self.batch_combo, "filter")
        self._show_batch_fields()
        self.refresh()

    def print_selection(self, ids: list[int]) -> None:
        """Badges for delegates picked elsewhere (the main window routes the delegates page's
        ``print_badges_requested`` here)."""
        self._selection_ids = tuple(ids)
        self.ids_edit.setText(", ".join(map(str, ids)))
        index = self.batch_combo.findData("selection")
        if self.batch_combo.currentIndex() == index:
            self.refresh()
        else:
            self.batch_combo.setCurrentIndex(index)

    # -- batch and preview ---------------------------------------------------------------

    def refresh(self) -> None:
        """Re-select the batch (then re-render the preview)."""
        self._dirty = False
        self._fill_categories()
        event = self.ctx.event
        self._generation += 1
        generation = self._generation
        if event is None:
            self._batch = None
            self._set_rendered(None)
            self._update_summary()
            return
        selection = self.selection()

        def done(batch: badges.Batch) -> None:
            if generation != self._generation:
                return
            self._batch = batch
            self._update_summary()
            self.render_preview()

        self.ctx.tasks.run(lambda: badges.select_batch(self.ctx.db, event.id, selection), on_done=done,
                           on_error=self._show_error)

    def _update_summary(self) -> None:
        lang = self.ctx.language
        if self.ctx.event is None:
            self.summary.setText(t("badges.ui.no_event", lang))
            return
        if self._batch is None:
            self.summary.clear()
            return
        per_page = next((c.badges_per_page for c in self._templates if c.name == self.template_name), 1)
        count = len(self._batch.rows)
        text = t("badges.ui.summary", lang, count=count, pages=-(-count // max(1, per_page)))
        skipped = self._batch.skipped
        if skipped:
            reasons = ", ".join(
                f"{t(f'badges.ui.skipped.{reason}', lang)}: {n}"
                for reason in ("cancelled", "deleted", "not_found")
                if (n := sum(1 for s in skipped if s.reason == reason))
            )
            text += "\n" + t("badges.ui.skipped", lang, details=reasons)
        self.summary.setText(text)

    def render_preview(self) -> None:
        """Render the batch to an in-memory PDF on a worker, with progress and Cancel."""
        self._rerender.stop()
        event, batch = self.ctx.event, self._batch
        self._generation += 1
        generation = self._generation
        if event is None or batch is None or not batch.rows:
            self._set_rendered(None)
            self._update_summary()
            return
        try:
            template = badges.get_template(self.ctx.db, self.template_name)
        except DomainError as exc:
            self._show_error(exc)
            return
        if self._cancel is not None:
            self._cancel.cancel()
        token = CancelToken()
        self._cancel = token
        offset, lang, db = self.offset_mm(), self.doc_language, self.ctx.db
        self._set_busy(True, len(batch.rows))
        self._update_summary()

        def work(progress: Any, cancelled: Any) -> badges.RenderedBatch:
            return badges.render_batch(db, event.id, batch, template, None, lang=lang, offset_mm=offset,
                                       progress=progress, cancelled=cancelled)

        def done(rendered: badges.RenderedBatch) -> None:
            if generation != self._generation:
                return
            self._set_busy(False)
            self._set_rendered(rendered)

        def failed(exc: BaseException) -> None:
            if generation != self._generation:
                return
            self._set_busy(False)
            if isinstance(exc, DomainError) and exc.code == "badges.cancelled":
                self._set_rendered(None)  # the old preview may be of another template or batch
                self.status.setText(t("badges.ui.cancelled", self.ctx.language))
                return
            self._show_error(exc)

        self.ctx.tasks.run(work, with_progress=True, cancel=token, on_progress=self._progress, on_done=done,
                           on_error=failed, pool="render")

    def _progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(1, total))
        self.progress.setValue(done)

    def _set_busy(self, busy: bool, total: int = 0) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        if busy:
            self.progress.setMaximum(max(1, total))
            self.progress.setValue(0)
            self.status.setText(t("badges.ui.rendering", self.ctx.language, count=total))
        else:
            self._cancel = None

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.cancel()

    def _set_rendered(self, rendered: badges.RenderedBatch | None) -> None:
        self._rendered = rendered
        self._page_count = rendered.pages if rendered is not None else 0
        has = rendered is not None and rendered.pdf is not None
        for button in (self.save_button, self.print_button):
            button.setEnabled(has)
        self.reprint_button.setEnabled(self._batch is not None and bool(self._batch.rows))
        if rendered is None:
            self.preview.clear()
            self.preview.setText(t("badges.ui.nothing", self.ctx.language))
            self.status.clear()
        else:
            text = t("badges.ui.rendered", self.ctx.language, count=len(rendered.badges), pages=rendered.pages)
            if rendered.shortened:  # listed before anything is printed
                text += "\n" + badges.shortened_text(rendered.shortened, self.ctx.language)
            self.status.setText(text)
        self.show_page(0)
        if rendered is not None:
            self.preview_ready.emit(rendered.pages)

    @property
    def rendered(self) -> badges.RenderedBatch | None:
        return self._rendered

    def _preview_dpi(self) -> float:
        if self._rendered is None:
            return 96.0
        width_mm, height_mm = self._rendered.page_size_mm
        viewport = self.preview_scroll.viewport().size()
        fit = min(max(200, viewport.width() - 24) / (width_mm / 25.4),
                  max(200, viewport.height() - 24) / (height_mm / 25.4))
        return max(40.0, min(300.0, fit))

    def show_page(self, index: int) -> None:
        """Show page ``index`` of the rendered batch (rasterised on a worker)."""
        if self._rendered is None or self._rendered.pdf is None or not self._page_count:
            self._page_index = 0
            self._update_page_label()
            return
        index = max(0, min(index, self._page_count - 1))
        self._page_index = index
        self._update_page_label()
        data, dpi = self._rendered.pdf, self._preview_dpi() * self.devicePixelRatioF()
        self._image_generation += 1
        generation = self._image_generation

        def done(image: Any) -> None:
            if generation != self._image_generation:
                return
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(self.devicePixelRatioF())
            self.preview.setPixmap(pixmap)

        self.ctx.tasks.run(lambda: printing.page_image(data, index, dpi), on_done=done,
                           on_error=self._show_error, pool="render")

    def _update_page_label(self) -> None:
        lang = self.ctx.language
        if not self._page_count:
            self.page_label.setText("")
        else:
            self.page_label.setText(t("badges.ui.page_of", lang, page=self._page_index + 1, pages=self._page_count))
        self.prev_button.setEnabled(self._page_index > 0)
        self.next_button.setEnabled(self._page_index + 1 < self._page_count)

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self._rendered is not None and self.isVisible():
            QTimer.singleShot(0, lambda: self.show_page(self._page_index))

    # -- save, print, reprint ---------------------------------------------------------

    def _ask_save_path(self) -> str:
        default = Path.home() / f"the-dai-bieu-{self.template_name}.pdf"
        path, _filter = QFileDialog.getSaveFileName(self, t("badges.ui.save_title", self.ctx.language),
                                                    str(default), "PDF (*.pdf)")
        return path

    def save_pdf(self) -> None:
        rendered = self._rendered
        if rendered is None or rendered.pdf is None or not self.confirm_shortened(rendered):
            return
        path = self._ask_save_path()
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        try:
            Path(path).write_bytes(rendered.pdf)
        except OSError as exc:
            self._show_error(exc)
            return
        self._record(rendered)
        self.status.setText(t("badges.ui.saved", self.ctx.language, path=path, count=len(rendered.badges)))

    def _record(self, rendered: badges.RenderedBatch) -> None:
        event = self.ctx.event
        if event is None:
            return
        reason, self._pending_reason = self._pending_reason, ""
        db, station = self.ctx.db, self.ctx.station
        self.ctx.tasks.run(
            lambda: badges.record_prints(db, event.id, rendered.badges, template=rendered.template_name,
                                         station=station, printed_by=_user(), reason=reason),
            on_done=self.ctx.notify, on_error=self._show_error,
        )

    def make_printer(self, page_size_mm: tuple[float, float], title: str) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if self.printer_key:
            printer.setPrinterName(self.printer_key)
        printer.setDocName(title)
        printing.apply_layout(printer, page_size_mm)
        return printer

    def _exec_print_dialog(self, printer: QPrinter) -> bool:
        dialog = QPrintDialog(printer, self)
        dialog.setObjectName("badgePrintDialog")
        return dialog.exec() == QDialog.DialogCode.Accepted

    def _confirm_paper(self, printer: QPrinter, page_size_mm: tuple[float, float]) -> bool:
        """Re-apply the template's paper after the dialog and warn when the printer does not take it."""
        printing.apply_layout(printer, page_size_mm)
        other = printing.paper_mismatch(printer, page_size_mm)
        if other is None:
            return True
        lang = self.ctx.language
        answer = QMessageBox.warning(
            self, t("badges.ui.paper_title", lang),
            t("badges.ui.paper_mismatch", lang, printer=printer.printerName() or "PDF",
              width=_mm(page_size_mm[0], lang), height=_mm(page_size_mm[1], lang),
              paper_width=_mm(other[0], lang), paper_height=_mm(other[1], lang)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def print_badges(self) -> None:
        """The system print dialog, then every page at 100 % on the template's paper."""
        rendered = self._rendered
        if rendered is None or rendered.pdf is None:
            return
        if not self.confirm_shortened(rendered):
            return
        title = t("badges.ui.doc_title", self.ctx.language, template=rendered.template_name)
        printer = self.make_printer(rendered.page_size_mm, title)
        if not self._exec_print_dialog(printer):
            return
        chosen = printer.printerName() if printer.outputFormat() == QPrinter.OutputFormat.NativeFormat else ""
        if chosen != self.printer_key and self.printer_combo.findData(chosen) >= 0:
            # another printer picked in the dialog: its own offsets apply, so render again first
            before = self.offset_mm()
            self.printer_combo.setCurrentIndex(self.printer_combo.findData(chosen))
            if self.offset_mm() != before:
                self.status.setText(t("badges.ui.offsets_changed", self.ctx.language))
                self.render_preview()
                return
        self.print_on(printer, record=True)

    def confirm_shortened(self, rendered: badges.RenderedBatch) -> bool:
        """Before printing: name the badges whose text had to be shortened, and ask."""
        if not rendered.shortened:
            return True
        lang = self.ctx.language
        answer = QMessageBox.warning(
            self, t("badges.ui.fit_title", lang),
            badges.shortened_text(rendered.shortened, lang) + "\n\n" + t("badges.ui.fit_print_anyway", lang),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def print_on(self, printer: QPrinter, *, record: bool, data: bytes | None = None,
                 page_size_mm: tuple[float, float] | None = None) -> int:
        """Paint ``data`` (default: the rendered batch) on an already chosen printer; returns pages drawn."""
        rendered = self._rendered
        if data is None:
            if rendered is None or rendered.pdf is None:
                return 0
            data, page_size_mm = rendered.pdf, rendered.page_size_mm
        assert page_size_mm is not None
        if not self._confirm_paper(printer, page_size_mm):
            return 0
        token = CancelToken()
        self._cancel = token
        total = printing.page_count(data)
        self._set_busy(True, total)
        self.status.setText(t("badges.ui.printing", self.ctx.language, pages=total))

        def progress(done: int, total: int) -> None:
            self._progress(done, total)
            QApplication.processEvents()  # keeps Cancel clickable while pages are painted here

        try:
            drawn = printing.paint_pdf(printer, data, progress=progress, cancelled=token)
        finally:
            self._set_busy(False)
        if drawn < total:
            self.status.setText(t("badges.ui.print_cancelled", self.ctx.language, pages=drawn))
            return drawn
        self.status.setText(t("badges.ui.printed", self.ctx.language, pages=drawn))
        if record and rendered is not None:
            self._record(rendered)
        self.printed.emit(drawn)
        return drawn

    def calibration_pdf(self) -> tuple[bytes, tuple[float, float]]:
        template = badges.get_template(self.ctx.db, self.template_name)
        data = badges.render_calibration(template, lang=self.ctx.language, offset_mm=self.offset_mm())
        assert data is not None
        return data, template.page_size_mm

    def print_calibration(self) -> None:
        """A page with rulers and corner marks: measure, then adjust the offsets of this printer."""
        try:
            data, size = self.calibration_pdf()
        except DomainError as exc:
            self._show_error(exc)
            return
        printer = self.make_printer(size, t("badges.ui.calibration_title", self.ctx.language))
        if self._exec_print_dialog(printer):
            self.print_on(printer, record=False, data=data, page_size_mm=size)

    def _ask_reason(self, count: int) -> str | None:
        dialog = ReprintDialog(self, self.ctx.language, count)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.reason_text()

    def reprint(self) -> None:
        """Ask for a reason, bump the versions of the batch (old codes stop working), re-render."""
        event, batch = self.ctx.event, self._batch
        if event is None or batch is None or not batch.rows:
            return
        reason = self._ask_reason(len(batch.rows))
        if not reason:
            return
        db, station, ids = self.ctx.db, self.ctx.station, batch.ids

        def done(changes: Changes) -> None:
            self._pending_reason = reason
            self.ctx.notify(changes)
            self.status.setText(t("badges.ui.reprinted", self.ctx.language, count=len(changes.ids)))
            self.refresh()

        self.ctx.tasks.run(lambda: badges.reprint_badges(db, event.id, ids, reason=reason, station=station),
                           on_done=done, on_error=self._show_error)

    def open_template_editor(self) -> None:
        from confman.ui.badges.template_editor import TemplateEditorDialog

        sample = self._batch.ids[0] if self._batch is not None and self._batch.rows else None
        dialog = TemplateEditorDialog(self.ctx, self.template_name, sample, self)
        dialog.template_saved.connect(self._template_saved)
        dialog.exec()

    def _template_saved(self, name: str) -> None:
        self._fill_templates()
        index = self.template_combo.findData(name)
        if index >= 0:
            self.template_combo.setCurrentIndex(index)

    def _show_error(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, DomainError):
            text = describe(exc, self.ctx.language)
        else:
            log.error("badges page error", exc_info=exc)
            text = str(exc)
        self.status.setText(text)
        QMessageBox.warning(self, t("badges.ui.error_title", self.ctx.language), text)


def _choose_data(combo: QComboBox, data: Any) -> None:
    index = combo.findData(data)
    if index >= 0 and index != combo.currentIndex():
        combo.blockSignals(True)
        combo.setCurrentIndex(index)
        combo.blockSignals(False)


def _mm(value: float, lang: str) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "vi" else text
