"""The question asked before a signed document goes out while the event has no signer, and the check
that reads the event's signer and asks it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from confman.i18n import t
from confman.ui.context import UiContext
from confman.ui.reports import ops
from confman.ui.reports.ops import REPORTS, SIGNED, EventDocuments


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


class SignerCheck(QObject):
    """Before a signed document goes out: read the event's document fields afresh and, while it has no
    signer, ask (``SignerQuestion``). ``documents_read`` carries the fields read; ``said`` what the page's
    status line should say after the answer."""

    documents_read = Signal(object)  # EventDocuments
    said = Signal(str)

    def __init__(self, ctx: UiContext, owner: QWidget) -> None:
        super().__init__(owner)
        self.ctx = ctx
        self.owner = owner

    def confirm(self, report_name: str, action: str, proceed: Callable[[], None]) -> None:
        """Run ``proceed`` — after asking, when ``report_name`` is a signed document and the event has no signer.

        The question offers to go on anyway, to enter the signer (the event's document settings; nothing
        is written) or to cancel."""
        event = self.ctx.event
        if event is None:
            return
        if report_name not in SIGNED:
            proceed()
            return

        def read(docs: EventDocuments) -> None:
            self.documents_read.emit(docs)
            if docs.signer_set:
                proceed()
                return
            lang = self.ctx.language
            answer = SignerQuestion(self.owner, lang, t(REPORTS[report_name].title_key, lang), action).answer()
            if answer == "go_on":
                proceed()
            elif answer == "enter":
                self.said.emit(t("pages.reports.signer.opened", lang))
                self.ctx.actions.open_event_documents()
            else:
                self.said.emit(t("pages.reports.signer.cancelled", lang))

        self.ctx.ops.read(self.owner, lambda db: ops.documents(db, event.id)).latest("signer").done(read).run()
