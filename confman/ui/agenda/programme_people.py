"""The programme preview's people panel: the person lines of the selected item, each with the delegate it
will be linked to — the match, another delegate picked by typing part of the name, or "(không có trong danh
sách)" to keep the line as written in the item's notes. What is picked is handed on as plain data
(``changed``); the dialog keeps it and the core's ``chosen_items`` decides what it means."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from confman.i18n import t
from confman.ui.widgets.delegate_picker import DelegateChoices, DelegatePicker

#: The widest a person line is shown (px): longer ones end in "…" (the tooltip holds all of it).
LINE_WIDTH = 260


class PeoplePanel(QWidget):
    """``changed(item index, person index, delegate id or None)`` when the user picks for a line."""

    changed = Signal(int, int, object)

    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("programmePeople")
        self.lang = lang
        self.item_index: int | None = None
        self.pickers: list[DelegatePicker] = []
        self.lines: list[QLabel] = []
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #5f6368;")
        self.body = QWidget()
        self.grid = QGridLayout(self.body)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(1, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addWidget(scroll, 1)
        self.show_item(None, None, lambda _n, _p: None, None)

    def show_item(self, index: int | None, item: Any, chosen: Callable[[int, Any], int | None],
                  choices: DelegateChoices | None) -> None:
        """The person lines of ``item`` (``plan.items[index]``); ``chosen(person index, person)`` is the
        delegate each links to now."""
        self.item_index = index
        for widget in (*self.pickers, *self.lines):
            self.grid.removeWidget(widget)
            widget.deleteLater()
        self.pickers, self.lines = [], []
        for row in range(self.grid.rowCount()):
            self.grid.setRowStretch(row, 0)
        if item is None or choices is None:
            self.title.setText(t("programme_review.people.title", self.lang))
            self.hint.setText(t("programme_review.people.select", self.lang))
            return
        self.title.setText(t("programme_review.people.item", self.lang, time=f"{item.start:%H:%M}", title=item.title))
        self.hint.setText(t("programme_review.people.hint" if item.people else "programme_review.people.none",
                            self.lang))
        for number, person in enumerate(item.people):
            text = person.text if person.says_role else t(f"programme_review.role.{person.role}", self.lang,
                                                          text=person.text)
            line = QLabel(self.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, LINE_WIDTH))
            line.setTextFormat(Qt.TextFormat.PlainText)
            line.setToolTip(text)
            picker = DelegatePicker(choices)
            picker.setObjectName(f"programmePicker{number}")
            picker.choose(chosen(number, person))
            picker.chosen.connect(lambda delegate_id, n=number: self._picked(n, delegate_id))
            self.grid.addWidget(line, number, 0)
            self.grid.addWidget(picker, number, 1)
            self.lines.append(line)
            self.pickers.append(picker)
        self.grid.setRowStretch(len(item.people), 1)  # the lines stay together at the top

    def _picked(self, number: int, delegate_id: int | None) -> None:
        if self.item_index is not None:
            self.changed.emit(self.item_index, number, delegate_id)
