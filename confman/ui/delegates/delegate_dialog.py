"""Add or edit one delegate: validation as you type, organization completer, photo, duplicates.

Enter saves (from any one-line field), Esc cancels. Saving first looks for likely
duplicates and lets the user open the existing delegate, merge, or save anyway. A phone or
e-mail that fails the rules does not stop the save: it is marked as a contact to check
(``contact_fields``).
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QStringListModel, Qt, QTimer
from PySide6.QtGui import QColor, QIcon, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from confman.core.enums import DelegateStatus, Gender
from confman.core.registration.rows import KEEP
from confman.core.text import fold
from confman.i18n import t
from confman.ui.context import UiContext
from confman.ui.delegates import ops
from confman.ui.delegates.contact_fields import ContactFields
from confman.ui.delegates.ops import (
    MAX_LENGTHS,
    CategoryRow,
    DelegateDetail,
    DelegateInput,
    DelegateSaved,
    DuplicateCandidate,
)
from confman.ui.delegates.photo_field import PhotoField
from confman.ui.widgets.fit import FormScroll, fit_to_screen

HONORIFICS = ("Ông", "Bà", "Anh", "Chị", "Đồng chí", "GS.", "PGS.", "TS.", "ThS.", "Mr", "Ms", "Mrs", "Dr")


def color_icon(color: str, size: int = 12) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(color) if color else QColor("#B0BEC5"))
    return QIcon(pixmap)


class DuplicateChoice(Enum):
    CANCEL = "cancel"
    OPEN = "open"
    MERGE = "merge"
    SAVE_ANYWAY = "save_anyway"


class DelegateDialog(QDialog):
    """The form. After ``exec()``: ``saved`` (what was written), ``open_id`` (the user chose to open an
    existing delegate instead) or ``merge_pair`` ((existing id, saved id): merge next)."""

    def __init__(self, ctx: UiContext, event_id: int, categories: list[CategoryRow], organizations: list[str],
                 detail: DelegateDetail | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("delegateDialog")
        self.ctx = ctx
        self.event_id = event_id
        self.detail = detail
        self.saved: DelegateSaved | None = None
        self.open_id: int | None = None
        self.merge_pair: tuple[int, int] | None = None
        self._org_folded = {fold(name) for name in organizations}
        self.choose_duplicate = self._ask_duplicate  # replaced in tests

        self.setWindowTitle(t("delegates.dialog.edit_title" if detail else "delegates.dialog.add_title"))
        self.setMinimumWidth(620)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        self.honorific = QComboBox()
        self.honorific.setEditable(True)
        self.honorific.addItems(["", *HONORIFICS])
        self.honorific.lineEdit().setMaxLength(MAX_LENGTHS["honorific"])
        self.full_name = QLineEdit()
        self.full_name.setObjectName("fullName")
        self.full_name.setMaxLength(MAX_LENGTHS["full_name"])
        self.foreign_name = QCheckBox(t("delegates.field.foreign_name"))
        name_row = QHBoxLayout()
        name_row.addWidget(self.honorific)
        name_row.addWidget(self.full_name, 1)
        self.name_error = self._error_label()
        form.addRow(t("delegates.field.full_name"), name_row)
        form.addRow("", self.name_error)
        form.addRow("", self.foreign_name)

        self.gender = QComboBox()
        self.gender.addItem(t("delegates.gender.unknown"), None)
        for gender in Gender:
            self.gender.addItem(t(f"delegates.gender.{gender.value}"), gender.value)
        form.addRow(t("delegates.field.gender"), self.gender)

        self.position = QLineEdit()
        self.position.setMaxLength(MAX_LENGTHS["position"])
        form.addRow(t("delegates.field.position"), self.position)

        self.organization = QLineEdit()
        self.organization.setObjectName("organization")
        self.organization.setMaxLength(500)
        self.organization.setPlaceholderText(t("delegates.field.organization_placeholder"))
        # Accent-insensitive completion: "so thong tin da nang" offers "Sở Thông tin … Đà Nẵng".
        self._org_choices = [(fold(name), name) for name in organizations]
        self._org_model = QStringListModel(self)
        self.org_completer = QCompleter(self._org_model, self.organization)
        self.org_completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.org_completer.setMaxVisibleItems(12)
        self.organization.setCompleter(self.org_completer)
        self.organization.textEdited.connect(self._complete_organization)
        self.org_hint = QLabel()
        self.org_hint.setObjectName("orgHint")
        self.org_hint.setTextFormat(Qt.TextFormat.PlainText)
        self.org_hint.setStyleSheet("color: #5f6368;")
        form.addRow(t("delegates.field.organization"), self.organization)
        form.addRow("", self.org_hint)

        self.category = QComboBox()
        self.category.setObjectName("category")
        self.category.addItem(t("delegates.field.no_category"), None)
        for category in categories:
            self.category.addItem(color_icon(category.color), category.label(ctx.language), category.id)
        form.addRow(t("delegates.field.category"), self.category)

        self.delegation = QLineEdit()
        self.delegation.setMaxLength(MAX_LENGTHS["delegation"])
        form.addRow(t("delegates.field.delegation"), self.delegation)

        self.contacts = ContactFields(form, ctx.language)
        self.phone, self.email = self.contacts.phone, self.contacts.email
        self.phone_note, self.email_note = self.contacts.phone_note, self.contacts.email_note

        self.nationality = QLineEdit()
        self.nationality.setMaxLength(MAX_LENGTHS["nationality"])
        form.addRow(t("delegates.field.nationality"), self.nationality)

        self.status = QComboBox()
        self.status.setObjectName("status")
        for status in DelegateStatus:
            self.status.addItem(t(f"delegates.status.{status.value}"), status.value)
        self.status.setCurrentIndex(self.status.findData(DelegateStatus.REGISTERED.value))
        form.addRow(t("delegates.field.status"), self.status)

        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(64)
        form.addRow(t("delegates.field.notes"), self.notes)

        self.photo = PhotoField(detail.photo if detail else None, ctx.language)
        self.photo_label, self.paste_photo = self.photo.label, self.photo.paste
        self.photo.problem.connect(lambda text: self._show_error(self.error, text))
        form.addRow(t("delegates.field.photo"), self.photo)

        self.error = QLabel()
        self.error.setObjectName("saveError")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #B3261E;")
        self.error.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(t("delegates.dialog.save"))
        self.save_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(t("delegates.dialog.cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.save)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.save)

        layout = QVBoxLayout(self)
        layout.addWidget(FormScroll(form), 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        if detail is not None:
            self._fill(detail)
        self._name_touched = False
        self.validate()
        self._name_touched = True
        for edit in (self.full_name, self.phone, self.email, self.organization):
            edit.textChanged.connect(self.validate)
        fit_to_screen(self)
        QTimer.singleShot(0, self.full_name.setFocus)

    def _complete_organization(self, text: str) -> None:
        terms = fold(text).split()
        if not terms:
            self._org_model.setStringList([])
            return
        matches = [name for folded, name in self._org_choices if all(term in folded for term in terms)]
        self._org_model.setStringList(matches[:200])
        if matches and fold(text) != fold(matches[0]):
            self.org_completer.complete()

    @staticmethod
    def _error_label() -> QLabel:
        label = QLabel()
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setStyleSheet("color: #B3261E;")
        label.hide()
        return label

    def _fill(self, d: DelegateDetail) -> None:
        self.honorific.setCurrentText(d.honorific)
        self.full_name.setText(d.full_name)
        self.foreign_name.setChecked(d.foreign_name)
        self.gender.setCurrentIndex(max(0, self.gender.findData(d.gender.value)) if d.gender else 0)
        self.position.setText(d.position)
        self.organization.setText(d.organization)
        index = self.category.findData(d.category_id) if d.category_id is not None else 0
        self.category.setCurrentIndex(max(0, index))
        self.delegation.setText(d.delegation)
        self.contacts.fill(d)
        self.nationality.setText(d.nationality)
        self.status.setCurrentIndex(max(0, self.status.findData(d.status.value)))
        self.notes.setPlainText(d.notes)

    # --------------------------------------------------------------- validation
    @staticmethod
    def _show_error(label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))

    def validate(self) -> bool:
        """Check the fields the way the service will; show problems under each field (a phone or e-mail
        that fails the rules is said, and saved marked as a contact to check)."""
        ok = True
        if not self.full_name.text().strip():
            # Not shouted at a fresh form: only once the name was typed in or a save was tried.
            self._show_error(self.name_error, t("error.delegates.name_required") if self._name_touched else "")
            ok = False
        else:
            self._show_error(self.name_error, "")
        self.contacts.check()
        org = self.organization.text().strip()
        new_org = bool(org) and fold(org) not in self._org_folded
        self.org_hint.setText(t("delegates.field.organization_new") if new_org else "")
        self.org_hint.setVisible(new_org)
        self.save_button.setEnabled(ok)
        return ok

    # --------------------------------------------------------------- saving
    def input(self) -> DelegateInput:
        return DelegateInput(
            full_name=self.full_name.text(), honorific=self.honorific.currentText(), position=self.position.text(),
            organization=self.organization.text(), category_id=self.category.currentData(),
            delegation=self.delegation.text(), phone=self.phone.text(), email=self.email.text(),
            nationality=self.nationality.text(), notes=self.notes.toPlainText(), gender=Gender(self.gender.currentData()) if self.gender.currentData() else None,
            foreign_name=self.foreign_name.isChecked(), status=DelegateStatus(self.status.currentData()),
            photo=self.photo.photo if self.photo.changed else KEEP, flag_invalid_contact=True,
        )

    def _ask_duplicate(self, candidates: list[DuplicateCandidate]) -> tuple[DuplicateChoice, int | None]:
        from confman.ui.delegates.duplicate_dialog import DuplicateDialog

        dialog = DuplicateDialog(self.ctx, candidates, self)
        dialog.exec()
        return dialog.choice, dialog.chosen_id

    def save(self) -> None:
        """Check for duplicates, ask what to do with them, then create or update (each an op)."""
        if not self.validate():
            return
        data, event_id = self.input(), self.event_id
        exclude = self.detail.id if self.detail else None
        self.ctx.ops.read(self, lambda db: ops.duplicates(db, event_id, data, exclude)).latest("save") \
            .done(lambda candidates: self._checked(data, candidates)).run()

    def _checked(self, data: DelegateInput, candidates: list[DuplicateCandidate]) -> None:
        merge_with: int | None = None
        if candidates:
            choice, chosen = self.choose_duplicate(candidates)
            if choice == DuplicateChoice.CANCEL:
                return
            if choice == DuplicateChoice.OPEN:
                self.open_id = chosen
                self.reject()
                return
            if choice == DuplicateChoice.MERGE:
                merge_with = chosen
        event_id, delegate_id, station = self.event_id, self.detail.id if self.detail else None, self.ctx.station

        def saved(result: DelegateSaved) -> None:
            self.saved = result
            if merge_with is not None:
                self.merge_pair = (merge_with, result.detail.id)
            self.accept()

        self.ctx.ops.write(self, lambda db: ops.save(db, event_id, delegate_id, data, station)).done(saved).run()

    def show_error_text(self, text: str) -> None:
        self._show_error(self.error, text)
