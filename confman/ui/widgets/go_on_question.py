"""The question asked before something goes out incomplete: go on anyway / put it right / cancel."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QMessageBox, QWidget

#: The most of a list shown in a box (a longer one is cut, saying so), so the box fits the laptop.
SHOWN_CHARACTERS = 900


def bulleted(lines: Sequence[str], more: str, limit: int = SHOWN_CHARACTERS) -> str:
    """``lines`` as a bulleted list; past ``limit`` characters, its start (cut between words) and ``more``."""
    listed = "\n".join(f"• {line}" for line in lines)
    if len(listed) > limit:
        listed = listed[:limit].rsplit(" ", 1)[0] + " …\n" + more
    return listed


class GoOnQuestion(QMessageBox):
    """A warning box with three answers; ``answer()`` returns "go_on", ``fix_answer`` or "cancel".

    ``names`` are the object names of the box and of its go-on, fix and cancel buttons (tests and
    screen readers find them by these).
    """

    def __init__(self, parent: QWidget, *, names: tuple[str, str, str, str], title: str, text: str, detail: str,
                 go_on: str, fix: str, fix_answer: str, cancel: str, fix_is_default: bool = False) -> None:
        super().__init__(parent)
        box_name, go_on_name, fix_name, cancel_name = names
        self.setObjectName(box_name)
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(title)
        self.setText(text)
        self.setInformativeText(detail)
        self.go_on = self.addButton(go_on, QMessageBox.ButtonRole.AcceptRole)
        self.go_on.setObjectName(go_on_name)
        self.fix = self.addButton(fix, QMessageBox.ButtonRole.ActionRole)
        self.fix.setObjectName(fix_name)
        self.cancel_button = self.addButton(cancel, QMessageBox.ButtonRole.RejectRole)
        self.cancel_button.setObjectName(cancel_name)
        self.fix_answer = fix_answer
        self.setDefaultButton(self.fix if fix_is_default else self.go_on)
        self.setEscapeButton(self.cancel_button)

    def answer(self) -> str:
        """Ask; returns "go_on", ``fix_answer`` or "cancel"."""
        self.exec()
        clicked = self.clickedButton()
        if clicked is self.go_on:
            return "go_on"
        return self.fix_answer if clicked is self.fix else "cancel"

    def go_on_or(self, fix: Callable[[], None], cancelled: Callable[[], None]) -> bool:
        """Ask; True to go on. Otherwise ``fix()`` (put it right) or ``cancelled()`` runs, and False."""
        answer = self.answer()
        if answer == "go_on":
            return True
        (fix if answer == self.fix_answer else cancelled)()
        return False
