"""The question asked before a signed document goes out while the event has no signer."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from confman.i18n import t


class SignerQuestion(QMessageBox):
    """"No signer is set: print anyway / enter the signer / cancel" before a signed document goes out."""

    def __init__(self, parent: QWidget, lang: str, document: str, action: str) -> None:
        super().__init__(parent)
        self.setObjectName("signerQuestion")
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(t("pages.reports.signer.title", lang))
        self.setText(t("pages.reports.signer.text", lang, document=document))
        self.setInformativeText(t("pages.reports.signer.detail", lang))
        self.go_on = self.addButton(t(f"pages.reports.signer.{action}_anyway", lang),
                                    QMessageBox.ButtonRole.AcceptRole)
        self.go_on.setObjectName("signerGoOn")
        self.enter_signer = self.addButton(t("pages.reports.signer.enter", lang), QMessageBox.ButtonRole.ActionRole)
        self.enter_signer.setObjectName("signerEnter")
        self.cancel_button = self.addButton(t("reports.ui.cancel", lang), QMessageBox.ButtonRole.RejectRole)
        self.cancel_button.setObjectName("signerCancel")
        self.setDefaultButton(self.enter_signer)
        self.setEscapeButton(self.cancel_button)

    def answer(self) -> str:
        """Ask; returns "go_on", "enter" (open the event's document settings) or "cancel"."""
        self.exec()
        clicked = self.clickedButton()
        if clicked is self.go_on:
            return "go_on"
        return "enter" if clicked is self.enter_signer else "cancel"
