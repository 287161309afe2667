"""The badges page's template box: which template, what it prints (size, badges per sheet), the
language printed on the badges, and the button that opens the template editor."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QPushButton

from confman.i18n import t
from confman.ui.badges.ops import TemplateChoice
from confman.ui.badges.output import mm_text


class TemplateBox(QGroupBox):
    """The template and badge-language choices; the page reacts to their combos' signals."""

    def __init__(self) -> None:
        super().__init__()
        form = QFormLayout(self)
        self.template_combo = QComboBox()
        self.template_combo.setObjectName("badgeTemplate")
        self.template_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.template_combo.setMinimumContentsLength(24)
        self.template_label = QLabel()
        form.addRow(self.template_label, self.template_combo)
        self.template_info = QLabel()
        self.template_info.setObjectName("templateInfo")
        form.addRow(self.template_info)
        self.doc_lang_combo = QComboBox()
        self.doc_lang_combo.setObjectName("badgeLanguage")
        for lang in ("vi", "en"):
            self.doc_lang_combo.addItem("", lang)
        self.doc_lang_label = QLabel()
        form.addRow(self.doc_lang_label, self.doc_lang_combo)
        self.edit_template_button = QPushButton()
        self.edit_template_button.setObjectName("editTemplate")
        form.addRow(self.edit_template_button)

    def retranslate(self, lang: str) -> None:
        self.setTitle(t("badges.ui.template_box", lang))
        self.template_label.setText(t("badges.ui.template", lang))
        self.edit_template_button.setText(t("badges.ui.edit_template", lang))
        self.doc_lang_label.setText(t("badges.ui.doc_lang", lang))
        for index in range(self.doc_lang_combo.count()):
            code = self.doc_lang_combo.itemData(index)
            self.doc_lang_combo.setItemText(index, t(f"lang.{code}", code))

    def set_templates(self, templates: list[TemplateChoice], current: str) -> int:
        """List ``templates`` (edited ones marked ✎) keeping ``current`` chosen; its index, -1 when it is gone."""
        combo = self.template_combo
        combo.blockSignals(True)
        combo.clear()
        for choice in templates:
            combo.addItem(choice.title if choice.builtin else f"{choice.title}  ✎", choice.name)
        index = combo.findData(current)
        combo.setCurrentIndex(max(0, index))
        combo.blockSignals(False)
        return index

    def add_saved(self, name: str) -> None:
        """A template just saved in the editor: listed and chosen (without a change signal)."""
        self.template_combo.blockSignals(True)
        self.template_combo.addItem(name, name)
        self.template_combo.setCurrentIndex(self.template_combo.count() - 1)
        self.template_combo.blockSignals(False)

    def show_info(self, choice: TemplateChoice | None, lang: str) -> None:
        """The chosen template's paper size and badges per sheet."""
        if choice is None:
            self.template_info.clear()
            return
        w, h = choice.page_size_mm
        self.template_info.setText(t("badges.ui.template_info", lang, width=mm_text(w, lang), height=mm_text(h, lang),
                                     per_page=choice.badges_per_page))
