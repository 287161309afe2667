"""Template editor: pick a template, edit its elements in a form or by dragging them on a live
preview rendered from a real delegate, and save the result as a new template in the database.

Badges with and without a photo can have their own layout: an element is shown always, only on
badges with a photo, or only on badges without one (``Element.when_photo``), and a photo element
can print an empty glue-on frame. "Sample with a photo" switches the preview between the two
layouts (a stand-in photo when the sample delegate has none); the outlines show the elements of
the layout previewed.

Built-in templates stay read-only; every save is a new user copy (``save_template_copy``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from confman.core.errors import DomainError
from confman.i18n import t
from confman.messages import describe
from confman.ui.badges import ops
from confman.ui.badges.badge_canvas import BadgeCanvas
from confman.ui.badges.card_preview import (
    previewed_badge,
    render_card_image,
    sample_badge,
    sample_event,
    sample_photo,
)
from confman.ui.badges.element_form import ElementForm
from confman.ui.badges.ops import BadgeData, BadgeTemplate, Element, EventInfo, template_title
from confman.ui.context import UiContext
from confman.ui.widgets.fit import FormScroll, fit_to_screen

__all__ = ["TemplateEditorDialog", "sample_photo", "suggest_name"]  # sample_photo: tests import it from here


def suggest_name(title: str) -> str:
    """An ASCII template name from a title ("Thẻ xanh 2024" → "the_xanh_2024")."""
    folded = unicodedata.normalize("NFKD", title.replace("đ", "d").replace("Đ", "D"))
    ascii_text = folded.encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text).strip("_")[:60] or "mau_the"


def _labelled(text: str, field: QWidget) -> QVBoxLayout:
    """A field with its label above it."""
    column = QVBoxLayout()
    column.setSpacing(2)
    label = QLabel(text)
    label.setBuddy(field)
    column.addWidget(label)
    column.addWidget(field)
    return column


class TemplateEditorDialog(QDialog):
    """Edit a copy of a template and save it under a new name."""

    template_saved = Signal(str)

    def __init__(self, ctx: UiContext, template_name: str, sample_delegate_id: int | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("badgeTemplateEditor")
        fit_to_screen(self, 1100, 720)
        self.sample_delegate_id = sample_delegate_id
        self._badge: BadgeData | None = None
        self._event: EventInfo | None = None
        self._loading = False
        self.template: BadgeTemplate | None = None
        lang = ctx.language
        self.setWindowTitle(t("badges.ui.editor.title", lang))

        root = QVBoxLayout(self)
        layout = QHBoxLayout()
        root.addLayout(layout, 1)
        left = QVBoxLayout()
        layout.addLayout(left, 0)
        self.template_combo = QComboBox()
        self.template_combo.setObjectName("editorTemplate")
        self.template_combo.currentIndexChanged.connect(self._template_picked)
        left.addWidget(QLabel(t("badges.ui.template", lang)))
        left.addWidget(self.template_combo)
        self.element_list = QListWidget()
        self.element_list.setObjectName("editorElements")
        self.element_list.currentRowChanged.connect(self._element_chosen)
        left.addWidget(QLabel(t("badges.ui.editor.elements", lang)))
        left.addWidget(self.element_list, 1)

        self.form = ElementForm(lang)
        self.form.edited.connect(self._form_changed)
        left.addWidget(FormScroll(self.form), 2)  # scrolls on a short screen

        right = QVBoxLayout()
        layout.addLayout(right, 1)
        self.canvas = BadgeCanvas()
        self.canvas.element_selected.connect(self._canvas_selected)
        self.canvas.element_moved.connect(self._canvas_moved)
        right.addWidget(self.canvas, 1)
        self.photo_check = QCheckBox(t("pages.editor.sample_photo", lang))
        self.photo_check.setObjectName("editorSamplePhoto")
        self.photo_check.setToolTip(t("pages.editor.sample_photo_tip", lang))
        self.photo_check.toggled.connect(self._sample_photo_toggled)
        right.addWidget(self.photo_check)
        self.status = QLabel()
        self.status.setObjectName("editorStatus")
        self.status.setWordWrap(True)
        right.addWidget(self.status)
        save_row = QHBoxLayout()
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("editorNewTitle")
        self.title_edit.setPlaceholderText(t("badges.ui.editor.new_title", lang))
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("editorNewName")
        self.name_edit.setPlaceholderText(t("badges.ui.editor.new_name", lang))
        self.title_edit.textEdited.connect(lambda text: self.name_edit.setText(suggest_name(text)))
        self.save_button = QPushButton(t("badges.ui.editor.save", lang))
        self.save_button.setObjectName("editorSave")
        self.save_button.clicked.connect(self.save)
        close = QPushButton(t("badges.ui.close", lang))
        close.clicked.connect(self.reject)
        # The new template's names under the whole dialog, labelled, wide enough for a full title.
        save_row.addLayout(_labelled(t("badges.ui.editor.new_title", lang), self.title_edit), 1)
        save_row.addLayout(_labelled(t("badges.ui.editor.new_name", lang), self.name_edit), 1)
        save_row.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignBottom)
        save_row.addWidget(close, 0, Qt.AlignmentFlag.AlignBottom)
        root.addLayout(save_row)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(self.render_preview)
        self.status.setText(t("ops.loading", lang))
        event_id = ctx.event.id if ctx.event is not None else None
        ctx.ops.read(self, lambda db: ops.editor_start(db, template_name, event_id, sample_delegate_id, lang)) \
            .done(self._started).run()

    def _started(self, start: ops.EditorStart) -> None:
        self.status.clear()
        self.template_combo.blockSignals(True)
        for choice in start.choices:
            self.template_combo.addItem(choice.title, choice.name)
        self.template_combo.setCurrentIndex(max(0, self.template_combo.findData(start.template.name)))
        self.template_combo.blockSignals(False)
        self._event, self._badge = start.event, start.badge
        self.photo_check.blockSignals(True)
        self.photo_check.setChecked(start.badge is not None and bool(start.badge.photo))
        self.photo_check.blockSignals(False)
        self.canvas.with_photo = self.photo_check.isChecked()
        self._fill_sample()
        self._set_template(start.template)

    def show_error_text(self, text: str) -> None:
        self.status.setText(text)

    # -- helpers --------------------------------------------------------------------

    def _fill_sample(self) -> None:
        """Without an event or a delegate, a stand-in badge shows the layout."""
        lang = self.ctx.language
        if self._event is None:
            self._event = sample_event()
        if self._badge is None:
            self._badge = sample_badge(lang)

    def _set_template(self, template: BadgeTemplate, keep_row: int = -1) -> None:
        self.template = template
        self._loading = True
        self.element_list.clear()
        for index, element in enumerate(template.elements):
            self.element_list.addItem(self._element_label(index, element))
        self._loading = False
        row = keep_row if 0 <= keep_row < len(template.elements) else (0 if template.elements else -1)
        self.element_list.setCurrentRow(row)
        self.canvas.set_content(template, None)
        if not self.title_edit.text():
            title = template_title(template, self.ctx.language)
            self.title_edit.setText(t("badges.ui.editor.copy_of", self.ctx.language, title=title))
            self.name_edit.setText(suggest_name(self.title_edit.text()))
        self.render_preview()

    def _element_label(self, index: int, element: Element) -> str:
        lang = self.ctx.language
        label = f"{index + 1}. {t(f'badges.ui.element.{element.type}', lang)}"
        if element.when_photo != "any":
            label += f" ({t(f'pages.editor.only.{element.when_photo}', lang)})"
        return label

    def _sample_photo_toggled(self, on: bool) -> None:
        self.canvas.with_photo = on
        self.canvas.update()
        self.render_preview()

    def _template_picked(self, _index: int) -> None:
        name = self.template_combo.currentData()

        def picked(template: BadgeTemplate) -> None:
            self.title_edit.clear()
            self._set_template(template)

        self.ctx.ops.read(self, lambda db: ops.template(db, name)).latest("template").done(picked).run()

    def _element_chosen(self, row: int) -> None:
        if self._loading:
            return
        self.canvas.selected = row
        if 0 <= row < len(self._elements()):  # show the layout the element belongs to
            condition = self._elements()[row].when_photo
            if condition != "any" and self.photo_check.isChecked() != (condition == "with"):
                self.photo_check.setChecked(condition == "with")
        self.canvas.update()
        self._fill_form(row)

    def _canvas_selected(self, index: int) -> None:
        if index >= 0 and index != self.element_list.currentRow():
            self.element_list.setCurrentRow(index)

    def _elements(self) -> tuple[Element, ...]:
        return self.template.elements if self.template is not None else ()

    def _canvas_moved(self, index: int, x: float, y: float) -> None:
        element = self._elements()[index]
        self._replace_element(index, replace(element, x_mm=x, y_mm=y))
        self._fill_form(index)

    def _fill_form(self, row: int) -> None:
        elements = self._elements()
        self.form.show_element(elements[row] if 0 <= row < len(elements) else None)

    def _form_changed(self) -> None:
        row = self.element_list.currentRow()
        if not 0 <= row < len(self._elements()):
            return
        bad = self.form.bad_color()
        if bad is not None:
            self.status.setText(t("badges.ui.editor.bad_color", self.ctx.language, value=bad))
            return
        self._replace_element(row, self.form.applied_to(self._elements()[row]))

    def _replace_element(self, row: int, element: Element) -> bool:
        assert self.template is not None
        elements = list(self.template.elements)
        elements[row] = element
        try:
            template = replace(self.template, elements=tuple(elements))
        except DomainError as exc:
            self.status.setText(describe(exc, self.ctx.language))
            self._fill_form(row)  # back to the last valid values
            return False
        self.status.clear()
        self.template = template
        item = self.element_list.item(row)
        if item is not None:
            item.setText(self._element_label(row, element))
        self.canvas.set_content(template, None)
        self._timer.start()
        return True

    # -- preview and save ---------------------------------------------------------------

    def render_preview(self) -> None:
        self._timer.stop()
        template, badge, event, lang = self.template, self._badge, self._event, self.ctx.language
        if template is None or badge is None or event is None:
            return
        badge = previewed_badge(badge, self.photo_check.isChecked())  # a stand-in photo when it has none
        self.ctx.ops.read(self, lambda _db: render_card_image(template, badge, event, lang)).latest("preview") \
            .done(lambda image: self.canvas.set_content(template, image)).run()

    def save(self) -> None:
        """Save the edited template as a new user template."""
        lang = self.ctx.language
        name, title = self.name_edit.text().strip(), self.title_edit.text().strip()
        station, template = self.ctx.station, self.template
        if template is None:
            return

        def done(saved: ops.SavedTemplate) -> None:
            self.template_saved.emit(saved.choice.name)
            self.status.setText(t("badges.ui.editor.saved", lang, title=saved.choice.title))
            self.accept()

        self.ctx.ops.write(self, lambda db: ops.save_copy(db, template, name=name, title=title, station=station)) \
            .done(done).run()
