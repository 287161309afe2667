"""The question asked before survey forms or English results go out while some text would print in Vietnamese."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QWidget

from confman.i18n import t
from confman.ui.widgets.go_on_question import GoOnQuestion, bulleted


class EnglishQuestion(GoOnQuestion):
    """"Some English forms will print Vietnamese: make them anyway / edit the questions / cancel", with the
    sections, questions and options that lack English (``outputs.forms_warnings``) in the details;
    ``results``: asked of the English results instead (``outputs.results_warnings``).
    ``answer()`` returns "go_on", "edit" (show the questions) or "cancel"."""

    def __init__(self, parent: QWidget, lang: str, warnings: Sequence[str], *, results: bool = False) -> None:
        prefix = "survey.english.results_question" if results else "survey.english.question"
        super().__init__(
            parent, names=("surveyEnglishQuestion", "surveyEnglishGoOn", "surveyEnglishEdit", "surveyEnglishCancel"),
            title=t("survey.english.question.title", lang), text=t(f"{prefix}.text", lang),
            detail=bulleted(warnings, t("survey.english.question.more", lang)),
            go_on=t(f"{prefix}.go_on", lang),
            fix=t("survey.english.question.edit", lang), fix_answer="edit",
            cancel=t("survey.english.question.cancel", lang),
        )
        self.edit = self.fix
