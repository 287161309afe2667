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

import io
import re
import unicodedata
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from confman.core.errors import DomainError
from confman.i18n import t
from confman.messages import describe
from confman.ui.badges import ops, printing
from confman.ui.badges.ops import (
    BadgeData,
    BadgeTemplate,
    Element,
    EventInfo,
    Grid,
    make_code,
    render_badges,
    template_title,
)
from confman.ui.context import UiContext
from confman.ui.widgets.fit import FormScroll, fit_to_screen

#: Resolution of the preview image (pixels per millimetre; drawn scaled to fit) and drag snapping.
PX_PER_MM = 8.0
SNAP_MM = 0.5
FONTS = ("regular", "semibold", "bold", "italic")
ALIGNS = ("left", "center", "right")
PHOTO_CONDITIONS = ("any", "with", "without")
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


def single_card(template: BadgeTemplate) -> BadgeTemplate:
    """The template's badge alone on a page of its size (what the editor previews)."""
    return replace(template, page_width_mm=None, page_height_mm=None, grid=Grid())


def sample_badge(lang: str) -> BadgeData:
    """A stand-in delegate when the event has none yet."""
    return BadgeData(
        delegate_id=1, honorific=t("badges.ui.sample.honorific", lang), full_name=t("badges.ui.sample.name", lang),
        position=t("badges.ui.sample.position", lang), organization=t("badges.ui.sample.organization", lang),
        category_label_vi="Đại biểu", category_label_en="Delegate", category_color="#1F4E79", delegation="",
        photo=None, code=make_code(event_id=1, delegate_id=1, badge_version=1, secret=b"preview"),
    )


_SAMPLE_PHOTO: bytes | None = None


def sample_photo() -> bytes:
    """A stand-in portrait (head and shoulders on a pale background) for previewing the photo layout."""
    global _SAMPLE_PHOTO
    if _SAMPLE_PHOTO is None:
        from PIL import Image, ImageDraw

        image = Image.new("RGB", (300, 400), (214, 226, 238))
        draw = ImageDraw.Draw(image)
        draw.ellipse((95, 70, 205, 200), fill=(120, 132, 148))
        draw.pieslice((30, 220, 270, 520), 180, 360, fill=(120, 132, 148))
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=85)
        _SAMPLE_PHOTO = buffer.getvalue()
    return _SAMPLE_PHOTO


def element_used(element: Element, has_photo: bool) -> bool:
    """Whether ``element`` is part of the layout of a badge with (or without) a photo."""
    if element.when_photo == "with":
        return has_photo
    if element.when_photo == "without":
        return not has_photo
    return True


def render_card_image(template: BadgeTemplate, badge: BadgeData, event: EventInfo, lang: str,
                      px_per_mm: float = PX_PER_MM) -> QImage:
    """One badge of ``template`` rasterised at ``px_per_mm`` (worker-safe)."""
    buffer = io.BytesIO()
    render_badges([badge], single_card(template), event, buffer, lang=lang)
    return printing.page_image(buffer.getvalue(), 0, px_per_mm * 25.4)


class BadgeCanvas(QWidget):
    """The rendered badge with element outlines; click selects, drag moves (snapped to 0.5 mm)."""

    element_selected = Signal(int)
    element_moved = Signal(int, float, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("badgeCanvas")
        self.image: QImage | None = None
        self.template: BadgeTemplate | None = None
        self.selected = -1
        self.with_photo = False  # the layout previewed: a badge with a photo, or without
        self._drag: tuple[int, QPointF, float, float] | None = None
        self._drag_pos: tuple[float, float] | None = None
        self.setMouseTracking(False)
        self.setMinimumSize(280, 280)

    def set_content(self, template: BadgeTemplate, image: QImage | None) -> None:
        self.template = template
        if image is not None:
            self.image = image
        self.update()

    @property
    def scale(self) -> float:
        """Screen pixels per millimetre: the badge fits the widget."""
        if self.template is None:
            return 4.0
        fit = min((self.width() - 20) / self.template.badge_width_mm, (self.height() - 20) / self.template.badge_height_mm)
        return max(2.0, min(14.0, fit))

    def origin(self) -> QPointF:
        if self.template is None:
            return QPointF(10, 10)
        width = self.template.badge_width_mm * self.scale
        height = self.template.badge_height_mm * self.scale
        return QPointF(max(10.0, (self.width() - width) / 2), max(10.0, (self.height() - height) / 2))

    def element_rect(self, index: int) -> QRectF:
        assert self.template is not None
        element = self.template.elements[index]
        x, y = element.x_mm, element.y_mm
        if self._drag_pos is not None and self._drag is not None and self._drag[0] == index:
            x, y = self._drag_pos
        o, scale = self.origin(), self.scale
        return QRectF(o.x() + x * scale, o.y() + y * scale, max(element.w_mm, 0.6) * scale,
                      max(element.h_mm, 0.6) * scale)

    def element_at(self, point: QPointF) -> int:
        if self.template is None:
            return -1
        for index in reversed(range(len(self.template.elements))):
            if not element_used(self.template.elements[index], self.with_photo):
                continue
            if self.element_rect(index).adjusted(-2, -2, 2, 2).contains(point):
                return index
        return -1

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.fillRect(self.rect(), QColor("#8a8f96"))
        if self.template is None:
            return
        o = self.origin()
        target = QRectF(o.x(), o.y(), self.template.badge_width_mm * self.scale,
                        self.template.badge_height_mm * self.scale)
        if self.image is not None:
            painter.drawImage(target, self.image)
        else:
            painter.fillRect(target, QColor("white"))
        for index in range(len(self.template.elements)):
            chosen = index == self.selected
            if not chosen and not element_used(self.template.elements[index], self.with_photo):
                continue  # part of the other layout
            pen = QPen(QColor("#E53935") if chosen else QColor(30, 120, 220, 120))
            pen.setWidthF(2.0 if chosen else 1.0)
            pen.setStyle(Qt.PenStyle.SolidLine if chosen else Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawRect(self.element_rect(index))
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        index = self.element_at(event.position())
        self.selected = index
        self.element_selected.emit(index)
        if index >= 0 and self.template is not None:
            element = self.template.elements[index]
            self._drag = (index, event.position(), element.x_mm, element.y_mm)
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if self._drag is None or self.template is None:
            return
        index, start, x0, y0 = self._drag
        element = self.template.elements[index]
        delta = event.position() - start
        x = _snap(x0 + delta.x() / self.scale)
        y = _snap(y0 + delta.y() / self.scale)
        x = min(max(0.0, x), self.template.badge_width_mm - element.w_mm)
        y = min(max(0.0, y), self.template.badge_height_mm - element.h_mm)
        self._drag_pos = (x, y)
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        drag, position = self._drag, self._drag_pos
        self._drag = None
        self._drag_pos = None
        if drag is not None and position is not None and position != (drag[2], drag[3]):
            self.element_moved.emit(drag[0], position[0], position[1])
        self.update()


def _snap(value: float) -> float:
    return round(round(value / SNAP_MM) * SNAP_MM, 2)


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

        form_host = QWidget()
        form = QFormLayout(form_host)
        self.x_spin, self.y_spin, self.w_spin, self.h_spin = (self._mm_spin(n) for n in ("x", "y", "w", "h"))
        form.addRow(t("badges.ui.editor.x", lang), self.x_spin)
        form.addRow(t("badges.ui.editor.y", lang), self.y_spin)
        form.addRow(t("badges.ui.editor.w", lang), self.w_spin)
        form.addRow(t("badges.ui.editor.h", lang), self.h_spin)
        self.font_combo = QComboBox()
        self.font_combo.setObjectName("editorFont")
        for font in FONTS:
            self.font_combo.addItem(t(f"badges.ui.editor.font.{font}", lang), font)
        form.addRow(t("badges.ui.editor.font", lang), self.font_combo)
        self.size_spin = QDoubleSpinBox()
        self.size_spin.setObjectName("editorFontSize")
        self.size_spin.setRange(4.0, 120.0)
        self.size_spin.setSingleStep(0.5)
        self.size_spin.setSuffix(" pt")
        form.addRow(t("badges.ui.editor.font_size", lang), self.size_spin)
        self.lines_spin = QSpinBox()
        self.lines_spin.setObjectName("editorMaxLines")
        self.lines_spin.setRange(1, 6)
        form.addRow(t("badges.ui.editor.max_lines", lang), self.lines_spin)
        color_row = QHBoxLayout()
        self.color_edit = QLineEdit()
        self.color_edit.setObjectName("editorColor")
        self.color_edit.setPlaceholderText("#1F3A68")
        self.color_button = QPushButton("…")
        self.color_button.setObjectName("editorColorPick")
        self.color_button.clicked.connect(self._pick_color)
        color_row.addWidget(self.color_edit, 1)
        color_row.addWidget(self.color_button)
        form.addRow(t("badges.ui.editor.color", lang), color_row)
        self.align_combo = QComboBox()
        self.align_combo.setObjectName("editorAlign")
        for align in ALIGNS:
            self.align_combo.addItem(t(f"badges.ui.editor.align.{align}", lang), align)
        form.addRow(t("badges.ui.editor.align", lang), self.align_combo)
        self.upper_check = QCheckBox(t("badges.ui.editor.uppercase", lang))
        self.upper_check.setObjectName("editorUppercase")
        form.addRow("", self.upper_check)
        self.text_edit = QLineEdit()
        self.text_edit.setObjectName("editorText")
        form.addRow(t("badges.ui.editor.text", lang), self.text_edit)
        self.when_combo = QComboBox()
        self.when_combo.setObjectName("editorWhenPhoto")
        for condition in PHOTO_CONDITIONS:
            self.when_combo.addItem(t(f"pages.editor.when.{condition}", lang), condition)
        self.when_combo.setToolTip(t("pages.editor.when_tip", lang))
        form.addRow(t("pages.editor.when_photo", lang), self.when_combo)
        self.frame_check = QCheckBox(t("pages.editor.frame", lang))
        self.frame_check.setObjectName("editorPhotoFrame")
        self.frame_check.setToolTip(t("pages.editor.frame_tip", lang))
        form.addRow(self.frame_check)
        left.addWidget(FormScroll(form_host), 2)  # scrolls on a short screen
        for spin in (self.x_spin, self.y_spin, self.w_spin, self.h_spin, self.size_spin):
            spin.valueChanged.connect(self._form_changed)
        self.lines_spin.valueChanged.connect(self._form_changed)
        self.font_combo.currentIndexChanged.connect(self._form_changed)
        self.align_combo.currentIndexChanged.connect(self._form_changed)
        self.upper_check.toggled.connect(self._form_changed)
        self.when_combo.currentIndexChanged.connect(self._form_changed)
        self.frame_check.toggled.connect(self._form_changed)
        self.color_edit.editingFinished.connect(self._form_changed)
        self.text_edit.editingFinished.connect(self._form_changed)

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

    def _mm_spin(self, name: str) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setObjectName(f"editor_{name}")
        spin.setRange(0.0, 500.0)
        spin.setDecimals(1)
        spin.setSingleStep(0.5)
        spin.setSuffix(" mm")
        return spin

    def _fill_sample(self) -> None:
        """Without an event or a delegate, a stand-in badge shows the layout."""
        lang = self.ctx.language
        if self._event is None:
            self._event = EventInfo(name_vi=t("badges.ui.sample.event", "vi"), name_en=t("badges.ui.sample.event", "en"),
                                    dates_text="", venue="")
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
        enabled = 0 <= row < len(self._elements())
        for widget in (self.x_spin, self.y_spin, self.w_spin, self.h_spin, self.font_combo, self.size_spin,
                       self.lines_spin, self.color_edit, self.color_button, self.align_combo, self.upper_check,
                       self.text_edit, self.when_combo, self.frame_check):
            widget.setEnabled(enabled)
        if not enabled:
            return
        element = self._elements()[row]
        self._loading = True
        try:
            self.x_spin.setValue(element.x_mm)
            self.y_spin.setValue(element.y_mm)
            self.w_spin.setValue(element.w_mm)
            self.h_spin.setValue(element.h_mm)
            self.font_combo.setCurrentIndex(max(0, self.font_combo.findData(element.font)))
            self.size_spin.setValue(element.font_size)
            self.lines_spin.setValue(element.max_lines)
            self.color_edit.setText(element.color or "")
            self.align_combo.setCurrentIndex(max(0, self.align_combo.findData(element.align)))
            self.upper_check.setChecked(element.uppercase)
            self.text_edit.setText(element.text)
            self.text_edit.setEnabled(element.type == "text")
            self.when_combo.setCurrentIndex(max(0, self.when_combo.findData(element.when_photo)))
            self.frame_check.setChecked(element.frame)
            self.frame_check.setEnabled(element.type == "photo")
        finally:
            self._loading = False

    def _form_changed(self, *_args: Any) -> None:
        if self._loading:
            return
        row = self.element_list.currentRow()
        if not 0 <= row < len(self._elements()):
            return
        color = self.color_edit.text().strip() or None
        if color is not None and not _HEX.match(color):
            self.status.setText(t("badges.ui.editor.bad_color", self.ctx.language, value=color))
            return
        element = replace(
            self._elements()[row],
            x_mm=round(self.x_spin.value(), 2), y_mm=round(self.y_spin.value(), 2),
            w_mm=round(self.w_spin.value(), 2), h_mm=round(self.h_spin.value(), 2),
            font=self.font_combo.currentData(), font_size=round(self.size_spin.value(), 2),
            max_lines=self.lines_spin.value(), color=color, align=self.align_combo.currentData(),
            uppercase=self.upper_check.isChecked(), text=self.text_edit.text(),
            when_photo=self.when_combo.currentData(), frame=self.frame_check.isChecked(),
        )
        if element.min_font_size is not None and element.min_font_size > element.font_size:
            element = replace(element, min_font_size=element.font_size)
        self._replace_element(row, element)

    def _pick_color(self) -> None:
        current = QColor(self.color_edit.text() or "#000000")
        chosen = QColorDialog.getColor(current, self, t("badges.ui.editor.color", self.ctx.language))
        if chosen.isValid():
            self.color_edit.setText(chosen.name().upper())
            self._form_changed()

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
        if self.photo_check.isChecked():  # the layout of a badge with a photo (a stand-in when it has none)
            badge = badge if badge.photo else replace(badge, photo=sample_photo())
        else:
            badge = replace(badge, photo=None)
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
