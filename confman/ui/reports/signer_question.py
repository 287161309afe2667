"""The question asked before a signed document goes out while the event has no signer, and the check
that reads the event's signer and asks it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from confman.i18n import t
from confman.ui.context import UiContext
from confman.ui.reports import ops
from confman.ui.reports.ops import REPORTS, SIGNED, EventDocuments
from confman.ui.widgets.go_on_question import GoOnQuestion


class SignerQuestion(GoOnQuestion):
    """"No signer is set: print anyway / enter the signer / cancel" before a signed document goes out;
    ``answer()`` returns "go_on", "enter" (open the event's document settings) or "cancel"."""

    def __init__(self, parent: QWidget, lang: str, document: str, action: str) -> None:
        super().__init__(
            parent, names=("signerQuestion", "signerGoOn", "signerEnter", "signerCancel"),
            title=t("pages.reports.signer.title", lang), text=t("pages.reports.signer.text", lang, document=document),
            detail=t("pages.reports.signer.detail", lang), go_on=t(f"pages.reports.signer.{action}_anyway", lang),
            fix=t("pages.reports.signer.enter", lang), fix_answer="enter", cancel=t("reports.ui.cancel", lang),
            fix_is_default=True,
        )
        self.enter_signer = self.fix


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
            question = SignerQuestion(self.owner, lang, t(REPORTS[report_name].title_key, lang), action)
            if question.go_on_or(self._open_documents, lambda: self.said.emit(t("pages.reports.signer.cancelled", lang))):
                proceed()

        self.ctx.ops.read(self.owner, lambda db: ops.documents(db, event.id)).latest("signer").done(read).run()

    def _open_documents(self) -> None:
        """Put it right: the event's document settings, where the signer is entered."""
        self.said.emit(t("pages.reports.signer.opened", self.ctx.language))
        self.ctx.actions.open_event_documents()
