"""This laptop's desk name ("Bàn 1", "Bàn 2" …): asked once, on the first visit to the check-in page.

The name is what every check-in row records as its desk and what the status bar shows. The
suggestion is the first "Bàn N" no desk of the event has used yet — never the computer's host
name. The first prompt has no Cancel (Esc keeps the suggestion: the question is asked once);
renaming later (the status bar, the check-in page's desk button) can be cancelled.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from confman.i18n import t
from confman.ui.checkin import ops
from confman.ui.context import UiContext

SUGGESTIONS = 9


def suggested_name(used: list[str], lang: str) -> str:
    """The first "Bàn N" (N = 1, 2 …) that no desk of the event has used."""
    taken = {" ".join(name.split()).casefold() for name in used}
    number = 1
    while t("desk.name.suggestion", lang, number=number).casefold() in taken:
        number += 1
    return t("desk.name.suggestion", lang, number=number)


class DeskNameDialog(QDialog):
    """A desk name, picked from "Bàn 1" … "Bàn 9" or typed; ``named`` carries it."""

    named = Signal(str)

    def __init__(self, lang: str, *, current: str, used: list[str], first_time: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deskNameDialog")
        self.first_time = first_time
        self.setWindowTitle(t("desk.name.title", lang))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.suggestion = current if current else suggested_name(used, lang)
        self.prompt = QLabel(t("desk.name.prompt", lang))
        self.prompt.setWordWrap(True)
        self.prompt.setStyleSheet("font-size:14px;")
        self.name = QComboBox()
        self.name.setObjectName("deskNameCombo")
        self.name.setEditable(True)
        self.name.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.name.setMinimumWidth(220)
        self.name.setStyleSheet("font-size:16px;")
        choices = [t("desk.name.suggestion", lang, number=n) for n in range(1, SUGGESTIONS + 1)]
        if self.suggestion not in choices:
            choices.insert(0, self.suggestion)
        self.name.addItems(choices)
        self.name.setCurrentText(self.suggestion)
        assert self.name.lineEdit() is not None
        self.name.lineEdit().selectAll()
        self.label = QLabel(t("desk.name.label", lang))
        self.label.setBuddy(self.name)
        self.used = QLabel(t("desk.name.used", lang, names=", ".join(used)) if used else "")
        self.used.setObjectName("deskNamesUsed")
        self.used.setStyleSheet("color:#546e7a;")
        self.used.setVisible(bool(used))
        self.error = QLabel()
        self.error.setObjectName("deskNameError")
        self.error.setStyleSheet("color:#b71c1c;")
        self.error.hide()
        self.error_text = t("desk.name.empty", lang)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(t("desk.name.save", lang), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("deskNameSave")
        self.save_button.setDefault(True)
        if not first_time:
            buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.label, self.name)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addLayout(form)
        layout.addWidget(self.used)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def chosen(self) -> str:
        return " ".join(self.name.currentText().split())[:40]

    def accept(self) -> None:
        name = self.chosen()
        if not name:
            self.error.setText(self.error_text)
            self.error.show()
            self.name.setFocus()
            return
        self.named.emit(name)
        super().accept()

    def reject(self) -> None:
        if self.first_time:  # asked once: Esc keeps the suggestion, which can be changed later
            self.name.setCurrentText(self.chosen() or self.suggestion)
            self.accept()
            return
        super().reject()


def ask_desk_name(ctx: UiContext, owner: QWidget, *, first_time: bool) -> None:
    """Read the event's desk names, then ask for this laptop's; the answer goes to ``ctx.set_station``.

    The dialog is kept as ``owner.desk_dialog`` (tests answer it like a user)."""
    event = ctx.event

    def show(used: list[str]) -> None:
        current = ctx.station if ctx.settings.desk_named else ""
        dialog = DeskNameDialog(ctx.language, current=current, used=[u for u in used if u != current],
                                first_time=first_time, parent=owner.window())
        dialog.named.connect(ctx.set_station)
        dialog.finished.connect(dialog.deleteLater)
        owner.desk_dialog = dialog  # type: ignore[attr-defined]  # MainWindow and CheckinPage declare it
        dialog.open()
        dialog.name.setFocus()

    if event is None:
        show([])
        return
    ctx.ops.read(owner, lambda db: ops.desk_names(db, event.id)).latest("desk_names").done(show).run()
