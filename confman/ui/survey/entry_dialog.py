"""Manual entry of one unit's answers (paper forms): one field per question, keyboard-first,
with the unit's earlier versions to look at or restore."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from confman.core.errors import DomainError
from confman.i18n import t
from confman.messages import describe
from confman.ui.context import UiContext
from confman.ui.survey import ops
from confman.ui.survey.ops import QuestionSpec, QuestionType, ResponseRow, SurveyInfo, UnitRow

MAX_W, MAX_H = 1093, 576


class _Field:
    """One question's input widget, read back as the raw answer the service checks."""

    def __init__(self, q: QuestionSpec, lang: str) -> None:
        self.q = q
        self.boxes: list[QCheckBox] = []
        if q.type in (QuestionType.SINGLE, QuestionType.SCALE):
            combo = QComboBox()
            combo.addItem("—", None)
            if q.type == QuestionType.SINGLE:
                for vi, label in zip(q.options_vi, q.options(lang), strict=True):
                    combo.addItem(label, vi)
            else:
                for v in q.scale_values:
                    end = q.low_label if v == 1 else q.high_label if v == q.scale_max else ""
                    combo.addItem(f"{v} – {end}" if end else str(v), v)
            self.widget: QWidget = combo
        elif q.type == QuestionType.MULTI:
            box = QWidget()
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            for vi, label in zip(q.options_vi, q.options(lang), strict=True):
                check = QCheckBox(label)
                check.setProperty("option", vi)
                column.addWidget(check)
                self.boxes.append(check)
            self.widget = box
        elif q.type == QuestionType.LONG_TEXT:
            edit = QPlainTextEdit()
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(64)
            self.widget = edit
        else:
            line = QLineEdit()
            if q.type == QuestionType.NUMBER:
                line.setValidator(QDoubleValidator())
            self.widget = line

    def set(self, value: Any) -> None:
        w = self.widget
        if isinstance(w, QComboBox):
            w.setCurrentIndex(max(0, w.findData(value)) if value is not None else 0)
        elif self.boxes:
            for check in self.boxes:
                check.setChecked(check.property("option") in (value or []))
        elif isinstance(w, QPlainTextEdit):
            w.setPlainText(str(value or ""))
        elif isinstance(w, QLineEdit):
            w.setText("" if value is None else str(value))

    def value(self) -> Any:
        w = self.widget
        if isinstance(w, QComboBox):
            return w.currentData()
        if self.boxes:
            return [c.property("option") for c in self.boxes if c.isChecked()]
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText()
        return w.text() if isinstance(w, QLineEdit) else None


class EntryDialog(QDialog):
    """The form of one unit; Save records a new answer version."""

    def __init__(self, ctx: UiContext, survey: SurveyInfo, unit: UnitRow, parent: QWidget | None = None,
                 on_saved: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.survey, self.unit, self.on_saved = ctx, survey, unit, on_saved
        lang = ctx.language
        self.setWindowTitle(t("survey.ui.entry_title", lang, unit=unit.name))
        self.setMaximumSize(MAX_W, MAX_H)
        self.resize(min(860, MAX_W), MAX_H - 40)
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        title = QLabel(unit.name)
        title.setStyleSheet("font-size:15px; font-weight:700;")
        head.addWidget(title, 1)
        self.versions = QComboBox()
        self.restore_button = QPushButton(t("survey.ui.restore", lang))
        head.addWidget(self.versions)
        head.addWidget(self.restore_button)
        layout.addLayout(head)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        form = QFormLayout(body)
        self.fields: dict[str, _Field] = {}
        for q in survey.questions:
            field = _Field(q, lang)
            label = QLabel(f"{q.code}. {q.text(lang)}" + (" *" if q.required else ""))
            label.setWordWrap(True)
            label.setMaximumWidth(380)
            label.setBuddy(field.widget)
            form.addRow(label, field.widget)
            self.fields[q.code] = field
        scroll.setWidget(body)
        layout.addWidget(scroll, 1)
        self.message = QLabel()
        self.message.setObjectName("entryMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color:#B3261E;")
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(t("survey.ui.save", lang))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(t("survey.ui.cancel", lang))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.history: list[ResponseRow] = []
        self.versions.currentIndexChanged.connect(self._show_version)
        self.restore_button.clicked.connect(self.restore)
        self._load_history()

    def _load_history(self) -> None:
        if self.ctx.event is None:
            return
        event_id, oid = self.ctx.event.id, self.unit.organization_id
        self.ctx.ops.read(self, lambda db: ops.history(db, event_id, oid)).latest("history") \
            .done(self._history_loaded).failed(self._failed).run()

    def _history_loaded(self, history: list[ResponseRow]) -> None:
        self.history = history
        lang = self.ctx.language
        self.versions.blockSignals(True)
        self.versions.clear()
        for row in history:
            stamp = f"{row.received_at.astimezone():%d/%m %H:%M}"
            self.versions.addItem(t("survey.ui.version", lang, version=row.version, when=stamp,
                                    source=t(f"survey.source.{row.source}", lang)), row.id)
        self.versions.blockSignals(False)
        self.versions.setVisible(bool(history))
        self.restore_button.setVisible(len(history) > 1)
        self._show_version(0)

    def _show_version(self, index: int) -> None:
        answers = self.history[index].answers if 0 <= index < len(self.history) else {}
        for code, field in self.fields.items():
            field.set(answers.get(code))
        self.restore_button.setEnabled(index > 0)

    def answers(self) -> dict[str, Any]:
        return {code: f.value() for code, f in self.fields.items()}

    def save(self) -> None:
        if self.ctx.event is None:
            return
        event_id, oid, station = self.ctx.event.id, self.unit.organization_id, self.ctx.station
        answers = self.answers()
        self.ctx.ops.write(self, lambda db: ops.submit(db, event_id, oid, answers, station)) \
            .done(self._saved).failed(self._failed).run()

    def restore(self) -> None:
        index = self.versions.currentIndex()
        if index <= 0 or self.ctx.event is None:
            return
        event_id, rid, station = self.ctx.event.id, self.history[index].id, self.ctx.station
        self.ctx.ops.write(self, lambda db: ops.restore(db, event_id, rid, station)) \
            .done(self._saved).failed(self._failed).run()

    def _saved(self, _saved: ops.Saved[ResponseRow]) -> None:
        if self.on_saved is not None:
            self.on_saved()
        self.accept()

    def _failed(self, exc: BaseException) -> bool:
        """A refused answer is said in the dialog, its field focused; anything else goes to the policy."""
        if not isinstance(exc, DomainError) or exc.code.endswith(".cancelled"):
            return False
        self.message.setText(describe(exc, self.ctx.language))
        code = exc.params.get("question")
        if code in self.fields:
            self.fields[code].widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return True
