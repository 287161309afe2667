"""Why badges are reprinted: the reason goes to the print log and the audit log."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from confman.i18n import t

REASONS = ("badges.ui.reason.lost", "badges.ui.reason.wrong", "badges.ui.reason.damaged")


class ReprintDialog(QDialog):
    """Asks why badges are reprinted; the reason goes to the print log and the audit log."""

    def __init__(self, parent: QWidget | None, lang: str, count: int) -> None:
        super().__init__(parent)
        self.setObjectName("badgeReprintDialog")
        self.setWindowTitle(t("badges.ui.reprint.title", lang))
        layout = QVBoxLayout(self)
        intro = QLabel(t("badges.ui.reprint.intro", lang, count=count))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.reason = QComboBox()
        self.reason.setObjectName("reprintReason")
        self.reason.setEditable(True)
        self.reason.addItem("")
        for key in REASONS:
            self.reason.addItem(t(key, lang))
        self.reason.setCurrentIndex(0)
        self.reason.lineEdit().setPlaceholderText(t("badges.ui.reprint.placeholder", lang))
        layout.addWidget(self.reason)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(t("badges.ui.reprint.confirm", lang))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(t("badges.ui.cancel", lang))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.reason.currentTextChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.reason_text()))

    def reason_text(self) -> str:
        return self.reason.currentText().strip()


def ask_reason(parent: QWidget | None, lang: str, count: int) -> str | None:
    """Ask why ``count`` badges are reprinted; the reason, or None when the user cancels."""
    dialog = ReprintDialog(parent, lang, count)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.reason_text()
