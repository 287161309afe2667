"""Base class of the pages shown in the main window."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from confman.i18n import t
from confman.ui.context import UiContext


class Page(QWidget):
    """A feature page. Subclasses build their widgets and implement ``retranslate``.

    ``nav_key`` names the page in the sidebar (a catalog key); pages refresh on
    ``ctx.event_changed``/``ctx.data_changed`` and relabel on ``ctx.language_changed``.
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
