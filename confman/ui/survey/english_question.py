"""The question asked before survey forms go out while some English forms would print Vietnamese text."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QWidget

from confman.i18n import t
from confman.ui.widgets.go_on_question import GoOnQuestion

#: The most of the list shown in the box (a longer one is cut, saying so).
SHOWN_CHARACTERS = 900


class EnglishQuestion(GoOnQuestion):
    """"Some English forms will print Vietnamese: make them anyway / edit the questions / cancel", with the
    sections, questions and options that lack English (``outputs.forms_warnings``) in the details;
    ``answer()`` returns "go_on", "edit" (show the questions) or "cancel"."""

    def __init__(self, parent: QWidget, lang: str, warnings: Sequence[str]) -> None:
        listed = "\n".join(f"• {line}" for line in warnings)
        if len(listed) > SHOWN_CHARACTERS:  # a long questionnaire: the start of the list, so the box fits the laptop
            listed = listed[:SHOWN_CHARACTERS].rsplit(" ", 1)[0] + " …\n" + t("survey.english.question.more", lang)
        super().__init__(
            parent, names=("surveyEnglishQuestion", "surveyEnglishGoOn", "surveyEnglishEdit", "surveyEnglishCancel"),
            title=t("survey.english.question.title", lang), text=t("survey.english.question.text", lang),
            detail=listed, go_on=t("survey.english.question.go_on", lang),
            fix=t("survey.english.question.edit", lang), fix_answer="edit",
            cancel=t("survey.english.question.cancel", lang),
        )
        self.edit = self.fix
