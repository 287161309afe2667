"""The delegate form's phone and e-mail, with what needs checking about each shown under it.

The core's rules judge the values (``registration.contacts.check_contact``, through ``ops``); a value
that fails them does not stop the save: it is kept as given, the field stays empty and the delegate is
marked "Liên hệ cần kiểm tra" until someone corrects it. A delegate already marked opens with the value
as given in the field and the reason under it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit

from confman.i18n import t
from confman.ui.delegates.ops import ContactIssue, DelegateDetail, check_contact

#: The note under a field that needs checking: amber, not the red of an error (the save goes ahead).
NOTE_STYLE = "color: #8a4b00;"
MAX_LENGTHS = {"phone": 64, "email": 254}


class ContactFields:
    """``phone`` and ``email`` line edits added to ``form``, each with its note label under it."""

    def __init__(self, form: QFormLayout, lang: str) -> None:
        self.lang = lang
        self.stored: dict[str, str] = {}  # field -> the value as given the delegate is marked for
        self.edits: dict[str, QLineEdit] = {}
        self.notes: dict[str, QLabel] = {}
        for name in ("phone", "email"):
            edit = QLineEdit()
            edit.setObjectName(name)
            edit.setMaxLength(MAX_LENGTHS[name])
            note = QLabel()
            note.setObjectName(f"{name}Note")
            note.setTextFormat(Qt.TextFormat.PlainText)
            note.setWordWrap(True)
            note.setStyleSheet(NOTE_STYLE)
            note.hide()
            form.addRow(t(f"delegates.field.{name}"), edit)
            form.addRow("", note)
            self.edits[name], self.notes[name] = edit, note
        self.phone, self.email = self.edits["phone"], self.edits["email"]
        self.phone_note, self.email_note = self.notes["phone"], self.notes["email"]

    def fill(self, detail: DelegateDetail) -> None:
        """The stored values, or the value as given where one needs checking (the field itself is empty)."""
        self.stored = {issue.field: issue.value for issue in detail.contact_issues}
        self.phone.setText(detail.phone or self.stored.get("phone", ""))
        self.email.setText(detail.email or self.stored.get("email", ""))

    def check(self) -> tuple[ContactIssue, ...]:
        """Judge the typed values by the core's rules and say under each field what will need checking."""
        _phone, _email, issues = check_contact(self.phone.text(), self.email.text())
        found = {issue.field: issue for issue in issues}
        for name, note in self.notes.items():
            issue = found.get(name)
            if issue is None:
                note.setText("")
            else:  # already marked for this very value, or about to be
                key = "contacts.dialog.marked" if self.stored.get(name) == issue.value else "contacts.dialog.note"
                note.setText(t(key, self.lang, problem=issue.text(self.lang)))
            note.setVisible(issue is not None)
        return issues
