"""The Questionnaire tab: the questions in order (drag to reorder), add, duplicate, delete, load from a
spreadsheet, copy from another event; the editor of the selected question."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from confman.i18n import t
from confman.ui.context import UiContext
from confman.ui.survey import ops
from confman.ui.survey.ops import EventRow, QuestionSpec, QuestionType, Saved, SurveyInfo
from confman.ui.survey.preview_dialog import PreviewDialog
from confman.ui.survey.question_editor import QuestionEditor
from confman.ui.widgets.empty_hint import empty_hint
from confman.ui.widgets.flow import FlowLayout


class QuestionsTab(QWidget):
    def __init__(self, ctx: UiContext, error_text: Callable[[str], None], said: Callable[[str], None]) -> None:
        super().__init__()
        self.ctx = ctx
        self._error_text = error_text
        self._said = said
        self.specs: list[QuestionSpec] = []
        self._wanted_row = 0
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        self.list = QListWidget()
        self.list.setObjectName("surveyQuestions")
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.model().rowsMoved.connect(lambda *_a: self._reordered())
        self.list.currentRowChanged.connect(self._show)
        self.empty_hint = empty_hint(boxed=True)  # in the list's place while there is no question
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.list)
        self.list_stack.addWidget(self.empty_hint)
        left.addWidget(self.list_stack, 1)
        buttons = QHBoxLayout()
        self.add_button, self.duplicate_button, self.delete_button = QPushButton(), QPushButton(), QPushButton()
        for button in (self.add_button, self.duplicate_button, self.delete_button):
            buttons.addWidget(button)
        left.addLayout(buttons)
        more = FlowLayout()  # long English labels take a second row rather than widen the page
        self.load_button, self.copy_button, self.preview_button = QPushButton(), QPushButton(), QPushButton()
        more.addWidget(self.load_button)
        more.addWidget(self.copy_button)
        more.addWidget(self.preview_button)
        left.addLayout(more)
        layout.addLayout(left, 2)
        right = QVBoxLayout()
        self.editor = QuestionEditor()
        right.addWidget(self.editor)
        self.apply_button = QPushButton()
        self.apply_button.setDefault(True)
        right.addWidget(self.apply_button, 0, Qt.AlignmentFlag.AlignRight)
        right.addStretch(1)
        layout.addLayout(right, 3)
        self.add_button.clicked.connect(self.add_question)
        self.duplicate_button.clicked.connect(self.duplicate_question)
        self.delete_button.clicked.connect(self.delete_question)
        self.apply_button.clicked.connect(self.apply_edit)
        self.load_button.clicked.connect(self.load_file)
        self.copy_button.clicked.connect(self.copy_from_event)
        self.preview_button.clicked.connect(self.preview)
        self.retranslate()

    def retranslate(self) -> None:
        lang = self.ctx.language
        self.add_button.setText(t("survey.ui.add", lang))
        self.duplicate_button.setText(t("survey.ui.duplicate", lang))
        self.delete_button.setText(t("survey.ui.delete", lang))
        self.load_button.setText(t("survey.ui.load_file", lang))
        self.copy_button.setText(t("survey.ui.copy_event", lang))
        self.apply_button.setText(t("survey.ui.apply", lang))
        self.preview_button.setText(t("survey.ui.preview", lang))
        self.empty_hint.setText(t("survey.ui.no_questions", lang))
        self.editor.retranslate(lang)

    def show_error_text(self, text: str) -> None:
        """A domain error of one of this tab's ops, in the page's message line."""
        self._error_text(text)

    # -------------------------------------------------------------- showing

    def set_survey(self, survey: SurveyInfo | None) -> None:
        self.specs = list(survey.questions) if survey else []
        self.list.blockSignals(True)
        self.list.clear()
        for spec in self.specs:
            item = QListWidgetItem(f"{spec.code} · {spec.text(self.ctx.language)}")
            item.setData(Qt.ItemDataRole.UserRole, spec.code)
            item.setToolTip(spec.text(self.ctx.language))
            self.list.addItem(item)
        self.list.blockSignals(False)
        has = bool(self.specs)
        self.list_stack.setCurrentWidget(self.list if has else self.empty_hint)
        for widget in (self.duplicate_button, self.delete_button, self.apply_button, self.editor,
                       self.preview_button):
            widget.setEnabled(has)
        if has:
            self.list.setCurrentRow(min(self._wanted_row, len(self.specs) - 1))
            self._show(self.list.currentRow())

    def _show(self, row: int) -> None:
        if 0 <= row < len(self.specs):
            self.editor.load(self.specs[row])

    # -------------------------------------------------------------- changing

    def _save(self, specs: list[QuestionSpec], row: int) -> None:
        if self.ctx.event is None:
            return
        self._wanted_row = max(row, 0)
        event_id, station = self.ctx.event.id, self.ctx.station
        self.ctx.ops.write(self, lambda db: ops.save_questions(db, event_id, specs, station)).run()

    def _new_code(self) -> str:
        used = {s.code.casefold() for s in self.specs}
        n = len(self.specs) + 1
        while f"c{n}" in used:
            n += 1
        return f"C{n}"

    def add_question(self) -> None:
        lang = self.ctx.language
        spec = QuestionSpec(code=self._new_code(), text_vi=t("survey.ui.new_question", "vi"),
                            text_en=t("survey.ui.new_question", "en") if lang == "en" else "",
                            type=QuestionType.SINGLE, options_vi=(t("survey.ui.yes", "vi"), t("survey.ui.no", "vi")),
                            section_vi=self.specs[-1].section_vi if self.specs else "")
        self._save([*self.specs, spec], len(self.specs))

    def duplicate_question(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.specs):
            copy = replace(self.specs[row], code=self._new_code(), id=None)
            self._save([*self.specs[: row + 1], copy, *self.specs[row + 1:]], row + 1)

    def delete_question(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.specs):
            self._save([s for i, s in enumerate(self.specs) if i != row], row - 1 if row else 0)

    def apply_edit(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.specs):
            edited = self.editor.spec()
            self._save([edited if i == row else s for i, s in enumerate(self.specs)], row)

    def _reordered(self) -> None:
        order = [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]
        by_code = {s.code: s for s in self.specs}
        self._save([by_code[c] for c in order], self.list.currentRow())

    def load_file(self) -> None:
        lang = self.ctx.language
        path, _ = QFileDialog.getOpenFileName(self, t("survey.ui.load_file", lang), "",
                                              t("survey.ui.spreadsheets", lang) + " (*.xlsx *.xls *.ods *.csv)")
        if not path:
            return
        if self.ctx.event is None:
            return
        event_id, station, source = self.ctx.event.id, self.ctx.station, Path(path)

        def done(saved: Saved[SurveyInfo]) -> None:
            self._said(t("survey.ui.loaded", lang, count=len(saved.value.questions), file=source.name))

        self._wanted_row = 0
        self.ctx.ops.write(self, lambda db: ops.load_questionnaire(db, event_id, source, station)).done(done).run()

    def preview(self) -> PreviewDialog:
        """The printable form as a unit will get it."""
        dialog = PreviewDialog(self.ctx, self)
        dialog.open()
        self.preview_dialog = dialog
        return dialog

    def copy_from_event(self) -> None:
        """Read the other events (in an op), then ask which survey to copy."""
        if self.ctx.event is None:
            return
        event_id = self.ctx.event.id
        self.ctx.ops.read(self, lambda db: ops.other_events(db, event_id)).latest("events") \
            .done(self.choose_event_to_copy).run()

    def choose_event_to_copy(self, others: list[EventRow]) -> None:
        if self.ctx.event is None:
            return
        lang = self.ctx.language
        if not others:
            self._said(t("survey.ui.no_other_event", lang))
            return
        labels = [f"{e.code} — {e.name(lang)}" for e in others]
        choice, ok = QInputDialog.getItem(self, t("survey.ui.copy_event", lang), t("survey.ui.copy_from", lang),
                                          labels, 0, False)
        if not ok:
            return
        source_id, event_id, station = others[labels.index(choice)].id, self.ctx.event.id, self.ctx.station
        self.ctx.ops.write(self, lambda db: ops.copy_survey(db, source_id, event_id, station)).run()
