"""Preview of the printable form: its pages, made and rasterised off the UI thread, in a dialog that fits the laptop."""

from __future__ import annotations

from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from confman.i18n import t
from confman.ui.context import UiContext
from confman.ui.survey import ops
from confman.ui.widgets.pdf_pages import page_count, page_image

PREVIEW_DPI = 72
MAX_W, MAX_H = 1093, 576


def _pages(db, event_id: int, lang: str) -> tuple[list[QImage], tuple[str, ...]]:
    """The form's pages and, for an English form, what it prints in Vietnamese (no English entered)."""
    data = ops.preview_form(db, event_id, lang)
    warnings = ops.english_form_warnings(db, event_id) if lang == "en" else ()
    return [page_image(data, i, PREVIEW_DPI) for i in range(page_count(data))], warnings


class PreviewDialog(QDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lang = ctx.language
        self.setWindowTitle(t("survey.ui.preview_title", lang))
        self.setMaximumSize(MAX_W, MAX_H)
        self.resize(700, MAX_H - 40)
        layout = QVBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        self.pages = QVBoxLayout(body)
        self.message = QLabel(t("survey.ui.preview_making", lang))
        self.message.setWordWrap(True)
        self.pages.addWidget(self.message)
        self.note = QLabel()
        self.note.setObjectName("surveyPreviewNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color:#8A4B00;")
        self.note.hide()
        self.pages.addWidget(self.note)
        self._lang = lang
        scroll.setWidget(body)
        layout.addWidget(scroll, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(t("survey.ui.close", lang))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.images: list[QImage] = []
        if ctx.event is not None:
            event_id = ctx.event.id
            ctx.ops.read(self, lambda db: _pages(db, event_id, lang)).done(self._show).run()

    def show_error_text(self, text: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color:#B3261E;")

    def _show(self, made: tuple[list[QImage], tuple[str, ...]]) -> None:
        images, warnings = made
        self.images = images
        self.message.hide()
        if warnings:
            self.note.setText("\n".join([t("survey.english.preview_note", self._lang),
                                         *(f"• {line}" for line in warnings)]))
            self.note.show()
        for image in images:
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            label.setStyleSheet("border:1px solid #C9D1DA; background:white;")
            self.pages.addWidget(label)
