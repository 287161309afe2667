"""The editor of one question: code, type, texts in both languages, options or scale, required, help.

The English section title and help text sit beside their Vietnamese fields (a short "English" label
between), so the editor gains no row and the page still fits a 1366 × 768 laptop at 125 %.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from confman.i18n import t
from confman.ui.survey.ops import CHOICE_TYPES, QuestionSpec, QuestionType


def _lines(edit: QPlainTextEdit) -> tuple[str, ...]:
    return tuple(line.strip() for line in edit.toPlainText().splitlines() if line.strip())


class QuestionEditor(QWidget):
    """Shows a :class:`QuestionSpec`; :meth:`spec` reads it back (the service checks it when saved)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.code = QLineEdit()
        self.code.setMaxLength(16)
        self.code.setMaximumWidth(110)
        self.type = QComboBox()
        for kind in QuestionType:
            self.type.addItem("", kind.value)
        self.required = QCheckBox()
        top = QHBoxLayout()
        top.addWidget(self.code)
        top.addWidget(self.type, 1)
        top.addWidget(self.required)
        self.section = QLineEdit()
        self.section_en = QLineEdit()
        self.text_vi = QPlainTextEdit()
        self.text_vi.setFixedHeight(54)
        self.text_en = QLineEdit()
        self.options = QPlainTextEdit()
        self.options.setFixedHeight(80)
        self.options_en = QPlainTextEdit()
        self.options_en.setFixedHeight(54)
        self.scale_max = QSpinBox()
        self.scale_max.setRange(2, 10)
        self.low = QLineEdit()
        self.high = QLineEdit()
        scale_row = QHBoxLayout()
        scale_row.addWidget(self.scale_max)
        scale_row.addWidget(self.low, 1)
        scale_row.addWidget(self.high, 1)
        self.help = QLineEdit()
        self.help_en = QLineEdit()
        self.labels = {key: QLabel() for key in ("code", "section", "text_vi", "text_en", "options", "options_en",
                                                  "scale", "help", "section_en", "help_en")}
        self.form.addRow(self.labels["code"], top)
        self.form.addRow(self.labels["section"], self._pair(self.section, "section_en", self.section_en))
        self.form.addRow(self.labels["text_vi"], self.text_vi)
        self.form.addRow(self.labels["text_en"], self.text_en)
        self.form.addRow(self.labels["options"], self.options)
        self.form.addRow(self.labels["options_en"], self.options_en)
        self.form.addRow(self.labels["scale"], scale_row)
        self.form.addRow(self.labels["help"], self._pair(self.help, "help_en", self.help_en))
        self.type.currentIndexChanged.connect(self._show_type_fields)
        self._show_type_fields()
        self.retranslate("vi")

    def _pair(self, vietnamese: QLineEdit, key: str, english: QLineEdit) -> QHBoxLayout:
        """A Vietnamese field, a short "English" label, the English field: one form row."""
        row = QHBoxLayout()
        row.addWidget(vietnamese, 1)
        self.labels[key].setBuddy(english)
        row.addWidget(self.labels[key])
        row.addWidget(english, 1)
        return row

    def retranslate(self, lang: str) -> None:
        for i in range(self.type.count()):
            self.type.setItemText(i, t(f"survey.type.{self.type.itemData(i)}", lang))
        self.required.setText(t("survey.ui.required", lang))
        for key, label in self.labels.items():
            label.setText(t(f"survey.ui.field.{key}", lang))
        for key, edit in (("section", self.section_en), ("help", self.help_en)):
            edit.setPlaceholderText(t("survey.ui.optional", lang))
            edit.setToolTip(t(f"survey.ui.tip.{key}_en", lang))
            edit.setAccessibleName(t(f"survey.ui.tip.{key}_en", lang))
        self.options.setPlaceholderText(t("survey.ui.options_hint", lang))
        self.low.setPlaceholderText(t("survey.ui.low_label", lang))
        self.high.setPlaceholderText(t("survey.ui.high_label", lang))

    def _show_type_fields(self) -> None:
        kind = QuestionType(self.type.currentData())
        choice = kind in CHOICE_TYPES
        for key, widget in (("options", self.options), ("options_en", self.options_en)):
            widget.setVisible(choice)
            self.labels[key].setVisible(choice)
        scale = kind == QuestionType.SCALE
        for widget in (self.scale_max, self.low, self.high, self.labels["scale"]):
            widget.setVisible(scale)

    def load(self, spec: QuestionSpec) -> None:
        self.code.setText(spec.code)
        self.type.setCurrentIndex(max(0, self.type.findData(spec.type.value)))
        self.required.setChecked(spec.required)
        self.section.setText(spec.section_vi)
        self.section_en.setText(spec.section_en)
        self.text_vi.setPlainText(spec.text_vi)
        self.text_en.setText(spec.text_en)
        self.options.setPlainText("\n".join(spec.options_vi))
        self.options_en.setPlainText("\n".join(spec.options_en))
        self.scale_max.setValue(spec.scale_max)
        self.low.setText(spec.low_label)
        self.high.setText(spec.high_label)
        self.help.setText(spec.help_vi)
        self.help_en.setText(spec.help_en)
        self._show_type_fields()

    def spec(self) -> QuestionSpec:
        """The question as edited, in both languages."""
        return QuestionSpec(
            code=self.code.text().strip(), type=QuestionType(self.type.currentData()),
            text_vi=self.text_vi.toPlainText().strip(), text_en=self.text_en.text().strip(),
            section_vi=self.section.text().strip(), section_en=self.section_en.text().strip(),
            options_vi=_lines(self.options), options_en=_lines(self.options_en), scale_max=self.scale_max.value(),
            low_label=self.low.text().strip(), high_label=self.high.text().strip(),
            required=self.required.isChecked(), help_vi=self.help.text().strip(),
            help_en=self.help_en.text().strip())
