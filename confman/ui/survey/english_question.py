"""The question asked before survey forms go out while some English forms would print Vietnamese text."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QMessageBox, QWidget

from confman.i18n import t

#: The most of the list shown in the box (a longer one is cut, saying so).
SHOWN_CHARACTERS = 900


class EnglishQuestion(QMessageBox):
    """"Some English forms will print Vietnamese: make them anyway / edit the questions / cancel", with the
    sections, questions and options that lack English (``outputs.forms_warnings``) in the details."""

    def __init__(self, parent: QWidget, lang: str, warnings: Sequence[str]) -> None:
        super().__init__(parent)
        self.setObjectName("surveyEnglishQuestion")
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(t("survey.english.question.title", lang))
        self.setText(t("survey.english.question.text", lang))
        listed = "\n".join(f"• {line}" for line in warnings)
        if len(listed) <= SHOWN_CHARACTERS:
            self.setInformativeText(listed)
        else:  # a long questionnaire: the start of the list, so the box still fits the laptop's screen
            self.setInformativeText(listed[:SHOWN_CHARACTERS].rsplit(" ", 1)[0] + " …\n"
                                    + t("survey.english.question.more", lang))
        self.go_on = self.addButton(t("survey.english.question.go_on", lang), QMessageBox.ButtonRole.AcceptRole)
        self.go_on.setObjectName("surveyEnglishGoOn")
        self.edit = self.addButton(t("survey.english.question.edit", lang), QMessageBox.ButtonRole.ActionRole)
        self.edit.setObjectName("surveyEnglishEdit")
        self.cancel_button = self.addButton(t("survey.english.question.cancel", lang),
                                            QMessageBox.ButtonRole.RejectRole)
        self.cancel_button.setObjectName("surveyEnglishCancel")
        self.setDefaultButton(self.go_on)
        self.setEscapeButton(self.cancel_button)

    def answer(self) -> str:
        """Ask; returns "go_on", "edit" (show the questions) or "cancel"."""
        self.exec()
        clicked = self.clickedButton()
        if clicked is self.go_on:
            return "go_on"
        return "edit" if clicked is self.edit else "cancel"
