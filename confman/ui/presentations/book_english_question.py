"""The question asked before the book of papers goes out in English while some text would print in Vietnamese."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QWidget

from confman.i18n import t
from confman.ui.widgets.go_on_question import GoOnQuestion, bulleted


class BookEnglishQuestion(GoOnQuestion):
    """"The English book will print Vietnamese: make it anyway / add the English / cancel", with the papers,
    sessions, rooms and event values that lack English (``book_english.book_warnings``) in the details;
    ``answer()`` returns "go_on", "fix" (go where the first missing English is entered) or "cancel"."""

    def __init__(self, parent: QWidget, lang: str, warnings: Sequence[str]) -> None:
        super().__init__(
            parent, names=("bookEnglishQuestion", "bookEnglishGoOn", "bookEnglishFix", "bookEnglishCancel"),
            title=t("presentations.book_english.question.title", lang),
            text=t("presentations.book_english.question.text", lang),
            detail=bulleted(warnings, t("presentations.book_english.question.more", lang)),
            go_on=t("presentations.book_english.question.go_on", lang),
            fix=t("presentations.book_english.question.fix", lang), fix_answer="fix",
            cancel=t("presentations.book_english.question.cancel", lang),
        )
