"""Add or edit one delegate: validation as you type, organization completer, photo, duplicates.

Enter saves (from any one-line field), Esc cancels. Saving first looks for likely
duplicates and lets the user open the existing delegate, merge, or save anyway.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, QStringListModel, Qt, QTimer
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from confman.core.enums import DelegateStatus, Gender
from confman.core.errors import DomainError
from confman.core.registration.rows import KEEP
from confman.core.text import fold, normalize_email, normalize_phone
from confman.i18n import t
from confman.messages import describe
from confman.ui.context import UiContext
from confman.ui.delegates import ops
from confman.ui.delegates.ops import (
    MAX_LENGTHS,
    CategoryRow,
    DelegateDetail,
    DelegateInput,
    DelegateSaved,
    DuplicateCandidate,
    prepare_photo,
)
from confman.ui.widgets.fit import FormScroll, fit_to_screen

HONORIFICS = ("Ông", "Bà", "Anh", "Chị", "Đồng chí", "GS.", "PGS.", "TS.", "ThS.", "Mr", "Ms", "Mrs", "Dr")
PHOTO_PREVIEW = QSize(96, 128)
PHOTO_FILTER = "*.jpg *.jpeg *.png *.bmp *.gif *.webp"


def color_icon(color: str, size: int = 12) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(color) if color else QColor("#B0BEC5"))
    return QIcon(pixmap)


def image_bytes(image: QImage) -> bytes:
    """PNG bytes of a QImage (pasted photos), for the core to resize and store."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


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
        self._photo: bytes | None = detail.photo if detail else None
        self._photo_changed = False
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

        self.phone = QLineEdit()
        self.phone.setObjectName("phone")
        self.phone.setMaxLength(64)
        self.phone_error = self._error_label()
        form.addRow(t("delegates.field.phone"), self.phone)
        form.addRow("", self.phone_error)
        self.email = QLineEdit()
        self.email.setObjectName("email")
        self.email.setMaxLength(254)
        self.email_error = self._error_label()
        form.addRow(t("delegates.field.email"), self.email)
        form.addRow("", self.email_error)

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

        self.photo_label = QLabel()
        self.photo_label.setObjectName("photoPreview")
        self.photo_label.setFixedSize(PHOTO_PREVIEW)
        self.photo_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo_label.setStyleSheet("border: 1px solid #c0c4c8; background: #f4f5f6; color: #80868b;")
        self.pick_photo = QPushButton(t("delegates.photo.pick"))
        self.paste_photo = QPushButton(t("delegates.photo.paste"))
        self.remove_photo = QPushButton(t("delegates.photo.remove"))
        self.pick_photo.clicked.connect(self._pick_photo)
        self.paste_photo.clicked.connect(self.paste_photo_from_clipboard)
        self.remove_photo.clicked.connect(self._remove_photo)
        photo_buttons = QVBoxLayout()
        for button in (self.pick_photo, self.paste_photo, self.remove_photo):
            button.setAutoDefault(False)
            photo_buttons.addWidget(button)
        photo_buttons.addStretch(1)
        photo_row = QHBoxLayout()
        photo_row.addWidget(self.photo_label)
        photo_row.addLayout(photo_buttons)
        photo_row.addStretch(1)
        form.addRow(t("delegates.field.photo"), photo_row)

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
        self._show_photo()
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
        self.phone.setText(d.phone)
        self.email.setText(d.email)
        self.nationality.setText(d.nationality)
        self.status.setCurrentIndex(max(0, self.status.findData(d.status.value)))
        self.notes.setPlainText(d.notes)

    # --------------------------------------------------------------- validation
    @staticmethod
    def _show_error(label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))

    def validate(self) -> bool:
        """Check the fields the way the service will; show problems under each field."""
        ok = True
        if not self.full_name.text().strip():
            # Not shouted at a fresh form: only once the name was typed in or a save was tried.
            self._show_error(self.name_error, t("error.delegates.name_required") if self._name_touched else "")
            ok = False
        else:
            self._show_error(self.name_error, "")
        for edit, label, normalise in ((self.phone, self.phone_error, normalize_phone),
                                       (self.email, self.email_error, normalize_email)):
            try:
                normalise(edit.text())
            except DomainError as exc:
                self._show_error(label, describe(exc, self.ctx.language))
                ok = False
            else:
                self._show_error(label, "")
        org = self.organization.text().strip()
        new_org = bool(org) and fold(org) not in self._org_folded
        self.org_hint.setText(t("delegates.field.organization_new") if new_org else "")
        self.org_hint.setVisible(new_org)
        self.save_button.setEnabled(ok)
        return ok

    # --------------------------------------------------------------- photo
    def _show_photo(self) -> None:
        if self._photo:
            image = QImage.fromData(self._photo)
            self.photo_label.setPixmap(QPixmap.fromImage(image).scaled(
                PHOTO_PREVIEW, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation))
        else:
            self.photo_label.setPixmap(QPixmap())
            self.photo_label.setText(t("delegates.photo.none"))
        self.remove_photo.setEnabled(bool(self._photo))

    def set_photo_bytes(self, data: bytes) -> None:
        """Resize and keep a photo (shown at once, stored on save)."""
        try:
            self._photo = prepare_photo(data)
        except DomainError as exc:
            self._show_error(self.error, describe(exc, self.ctx.language))
            return
        self._photo_changed = True
        self._show_error(self.error, "")
        self._show_photo()

    def _pick_photo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, t("delegates.photo.pick_title"), "",
                                              f"{t('delegates.photo.filter')} ({PHOTO_FILTER})")
        if path:
            try:
                data = Path(path).read_bytes()
            except OSError as exc:
                self._show_error(self.error, t("delegates.photo.read_failed", detail=exc.strerror or str(exc)))
                return
            self.set_photo_bytes(data)

    def paste_photo_from_clipboard(self) -> None:
        image = QGuiApplication.clipboard().image()
        if image.isNull():
            self._show_error(self.error, t("delegates.photo.clipboard_empty"))
            return
        self.set_photo_bytes(image_bytes(image))

    def _remove_photo(self) -> None:
        self._photo = None
        self._photo_changed = True
        self._show_photo()

    # --------------------------------------------------------------- saving
    def input(self) -> DelegateInput:
        return DelegateInput(
            full_name=self.full_name.text(), honorific=self.honorific.currentText(), position=self.position.text(),
            organization=self.organization.text(), category_id=self.category.currentData(),
            delegation=self.delegation.text(), phone=self.phone.text(), email=self.email.text(),
            nationality=self.nationality.text(), notes=self.notes.toPlainText(), gender=Gender(self.gender.currentData()) if self.gender.currentData() else None,
            foreign_name=self.foreign_name.isChecked(), status=DelegateStatus(self.status.currentData()),
            photo=self._photo if self._photo_changed else KEEP,
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
