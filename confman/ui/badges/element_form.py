"""The template editor's form for one badge element: position and size in millimetres, font, colour,
alignment, text, and on which badges (with or without a photo) it is printed."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from confman.i18n import t
from confman.ui.badges.ops import Element

FONTS = ("regular", "semibold", "bold", "italic")
ALIGNS = ("left", "center", "right")
PHOTO_CONDITIONS = ("any", "with", "without")
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


def _mm_spin(name: str) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setObjectName(f"editor_{name}")
    spin.setRange(0.0, 500.0)
    spin.setDecimals(1)
    spin.setSingleStep(0.5)
    spin.setSuffix(" mm")
    return spin


def _choices(name: str, values: tuple[str, ...], key: str, lang: str) -> QComboBox:
    """A combo box of ``values`` (as item data) labelled by ``key.<value>``."""
    combo = QComboBox()
    combo.setObjectName(name)
    for value in values:
        combo.addItem(t(f"{key}.{value}", lang), value)
    return combo


class ElementForm(QWidget):
    """Shows one element and says when the user changed it (``edited``); never writes the template."""

    edited = Signal()

    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self._loading = False
        form = QFormLayout(self)
        self.x_spin, self.y_spin, self.w_spin, self.h_spin = (_mm_spin(n) for n in ("x", "y", "w", "h"))
        form.addRow(t("badges.ui.editor.x", lang), self.x_spin)
        form.addRow(t("badges.ui.editor.y", lang), self.y_spin)
        form.addRow(t("badges.ui.editor.w", lang), self.w_spin)
        form.addRow(t("badges.ui.editor.h", lang), self.h_spin)
        self.font_combo = _choices("editorFont", FONTS, "badges.ui.editor.font", lang)
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
        self.align_combo = _choices("editorAlign", ALIGNS, "badges.ui.editor.align", lang)
        form.addRow(t("badges.ui.editor.align", lang), self.align_combo)
        self.upper_check = QCheckBox(t("badges.ui.editor.uppercase", lang))
        self.upper_check.setObjectName("editorUppercase")
        form.addRow("", self.upper_check)
        self.text_edit = QLineEdit()
        self.text_edit.setObjectName("editorText")
        form.addRow(t("badges.ui.editor.text", lang), self.text_edit)
        self.when_combo = _choices("editorWhenPhoto", PHOTO_CONDITIONS, "pages.editor.when", lang)
        self.when_combo.setToolTip(t("pages.editor.when_tip", lang))
        form.addRow(t("pages.editor.when_photo", lang), self.when_combo)
        self.frame_check = QCheckBox(t("pages.editor.frame", lang))
        self.frame_check.setObjectName("editorPhotoFrame")
        self.frame_check.setToolTip(t("pages.editor.frame_tip", lang))
        form.addRow(self.frame_check)
        for spin in (self.x_spin, self.y_spin, self.w_spin, self.h_spin, self.size_spin):
            spin.valueChanged.connect(self._changed)
        self.lines_spin.valueChanged.connect(self._changed)
        self.font_combo.currentIndexChanged.connect(self._changed)
        self.align_combo.currentIndexChanged.connect(self._changed)
        self.upper_check.toggled.connect(self._changed)
        self.when_combo.currentIndexChanged.connect(self._changed)
        self.frame_check.toggled.connect(self._changed)
        self.color_edit.editingFinished.connect(self._changed)
        self.text_edit.editingFinished.connect(self._changed)

    def _fields(self) -> tuple[QWidget, ...]:
        return (self.x_spin, self.y_spin, self.w_spin, self.h_spin, self.font_combo, self.size_spin,
                self.lines_spin, self.color_edit, self.color_button, self.align_combo, self.upper_check,
                self.text_edit, self.when_combo, self.frame_check)

    def _changed(self, *_args: Any) -> None:
        if not self._loading:
            self.edited.emit()

    def show_element(self, element: Element | None) -> None:
        """Fill the form from ``element``; ``None`` disables it."""
        for widget in self._fields():
            widget.setEnabled(element is not None)
        if element is None:
            return
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

    def bad_color(self) -> str | None:
        """The colour typed when it is not ``#RRGGBB`` (an empty colour is the template's default)."""
        color = self.color_edit.text().strip()
        return color if color and not _HEX.match(color) else None

    def applied_to(self, element: Element) -> Element:
        """``element`` with the form's values (its smallest font size never above the font size)."""
        edited = replace(
            element,
            x_mm=round(self.x_spin.value(), 2), y_mm=round(self.y_spin.value(), 2),
            w_mm=round(self.w_spin.value(), 2), h_mm=round(self.h_spin.value(), 2),
            font=self.font_combo.currentData(), font_size=round(self.size_spin.value(), 2),
            max_lines=self.lines_spin.value(), color=self.color_edit.text().strip() or None,
            align=self.align_combo.currentData(), uppercase=self.upper_check.isChecked(),
            text=self.text_edit.text(), when_photo=self.when_combo.currentData(), frame=self.frame_check.isChecked(),
        )
        if edited.min_font_size is not None and edited.min_font_size > edited.font_size:
            edited = replace(edited, min_font_size=edited.font_size)
        return edited

    def _pick_color(self) -> None:
        current = QColor(self.color_edit.text() or "#000000")
        chosen = QColorDialog.getColor(current, self, t("badges.ui.editor.color", self.lang))
        if chosen.isValid():
            self.color_edit.setText(chosen.name().upper())
            self._changed()
