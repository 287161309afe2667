"""Base class of the pages shown in the main window."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from confman.i18n import t
from confman.ui.context import UiContext


class Page(QWidget):
    """A feature page: build widgets, ask ops (``self.ctx.ops``), paint the results.

    ``nav_key`` names the page in the sidebar (a catalog key); pages refresh on
    ``ctx.event_changed``/``ctx.data_changed`` and relabel on ``ctx.language_changed``.
    Until its first read arrives a page shows a loading state, never an empty-state message;
    ``data_shown`` says when its rows are on screen. A ``DomainError`` from one of its ops
    is shown by ``show_error_text`` (pages show it in their own message line).
    """

    nav_key = ""
    icon_name = ""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        ctx.language_changed.connect(lambda _lang: self.retranslate())

    def retranslate(self) -> None:  # pragma: no cover - overridden
        pass

    def activated(self) -> None:
        """Called when the page becomes visible."""

    @property
    def data_shown(self) -> bool:
        """True once the page shows what it read for the current event (or has nothing to read)."""
        return True


class PlaceholderPage(Page):
    """A page whose feature has not landed yet: says so plainly."""

    def __init__(self, ctx: UiContext, nav_key: str) -> None:
        super().__init__(ctx)
        self.nav_key = nav_key
        layout = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.body = QLabel()
        self.body.setWordWrap(True)
        layout.addWidget(self.title)
        layout.addWidget(self.body)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(t(self.nav_key))
        self.body.setText(t("page.placeholder"))
