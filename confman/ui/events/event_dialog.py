"""The event's document fields: what invitations, certificates, the programme and the reports print.

Three tabs — the event (name, venue, place, each with its English value), the letterhead (parent
and issuing body, letter number, contact) and the signer (authority, title, name).  English
values left empty are named under the form ("English documents will print the Vietnamese"),
and so is a missing signer, before anything is printed.  Saving writes every field in one
unit of work (:func:`confman.core.events.documents.update_event_documents`); reading and saving
run in ops (``confman/ui/events/ops.py``), and Save waits until the fields are read.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from confman.i18n import t
from confman.ui.context import UiContext
from confman.ui.events import ops
from confman.ui.events.ops import ENGLISH_OF, FIELD_LENGTHS, EventDocuments, SavedDocuments
from confman.ui.widgets.fit import fit_to_screen

#: The tabs and their fields, in order (English twins follow their Vietnamese field).
TABS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("events.ui.tab.event", ("name_vi", "name_en", "venue", "venue_en", "place", "place_en")),
    ("events.ui.tab.letterhead", ("parent_body", "parent_body_en", "issuing_body", "issuing_body_en",
                                  "letter_number", "contact_name", "contact_phone")),
    ("events.ui.tab.signer", ("signer_authority", "signer_authority_en", "signer_title", "signer_title_en",
                              "signer_name")),
)
#: What each field looks like filled in (placeholders).
EXAMPLES: dict[str, str] = {
    "place": "Hà Nội", "place_en": "Hanoi", "parent_body": "Bộ Thông tin và Truyền thông",
    "issuing_body": "Vụ Hợp tác quốc tế", "letter_number": "125/GM-HTQT", "signer_authority": "TM. BAN TỔ CHỨC",
    "signer_title": "TRƯỞNG BAN", "signer_name": "Nguyễn Văn An", "contact_phone": "024 3943 7188",
}


class EventDocumentsDialog(QDialog):
    """Edit the current event's document fields; ``saved`` carries the fields written."""

    saved = Signal(object)  # EventDocuments

    def __init__(self, ctx: UiContext, event_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eventDocumentsDialog")
        self.ctx = ctx
        self.event_id = event_id
        lang = ctx.language
        self.setWindowTitle(t("events.ui.title", lang))
        fit_to_screen(self, 720, 460)
        self.edits: dict[str, QLineEdit] = {}
        self.tabs = QTabWidget()
        for tab_key, fields in TABS:
            page = QWidget()
            form = QFormLayout(page)
            for name in fields:
                edit = QLineEdit()
                edit.setObjectName(f"field_{name}")
                edit.setMaxLength(FIELD_LENGTHS[name])
                if name in ENGLISH_OF.values():
                    edit.setPlaceholderText(t("events.ui.english_placeholder", lang))
                elif name in EXAMPLES:
                    edit.setPlaceholderText(t("events.ui.example", lang, example=EXAMPLES[name]))
                edit.textChanged.connect(self._update_warnings)
                form.addRow(QLabel(t(f"field.{name}", lang)), edit)
                self.edits[name] = edit
            self.tabs.addTab(page, t(tab_key, lang))
        self.warnings = QLabel()
        self.warnings.setObjectName("documentWarnings")
        self.warnings.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("documentError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #B3261E;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        intro = QLabel(t("events.ui.intro", lang))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.warnings)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self._save_button.setEnabled(False)  # until the fields are read
        ctx.ops.read(self, lambda db: ops.documents(db, event_id)).latest("load").done(self.load).run()

    def load(self, docs: EventDocuments) -> None:
        for name, edit in self.edits.items():
            edit.setText(getattr(docs, name))
        self._update_warnings()
        self._save_button.setEnabled(True)

    def show_error_text(self, text: str) -> None:
        """A refused value (or an unreachable server) is named under the form; nothing was written."""
        self.error.setText(text)

    def values(self) -> dict[str, str]:
        return {name: edit.text() for name, edit in self.edits.items()}

    def _update_warnings(self) -> None:
        lang = self.ctx.language
        values = {k: " ".join(e.text().split()) for k, e in self.edits.items()}
        lines = []
        if not values["signer_name"] or not (values["signer_authority"] or values["signer_title"]):
            lines.append(t("documents.warn.signer_missing", lang))
        missing = [en for vi, en in ENGLISH_OF.items() if values.get(vi) and not values.get(en)]
        if missing:
            lines.append(t("documents.warn.english_missing", lang,
                           fields=", ".join(t(f"field.{f}", lang) for f in missing)))
        self.warnings.setText("\n".join(lines))

    def save(self) -> None:
        """Write every field; a refused value is named under the form and nothing is written."""
        values, event_id, station = self.values(), self.event_id, self.ctx.station

        def done(saved: SavedDocuments) -> None:
            self.error.clear()
            self.saved.emit(saved.documents)
            self.accept()

        self.ctx.ops.write(self, lambda db: ops.save(db, event_id, station, values)).done(done).run()


__all__ = ["TABS", "EventDocumentsDialog"]
