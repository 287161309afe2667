"""Which page class serves which sidebar entry. Features add their page here."""

from __future__ import annotations

from confman.ui.main_window import PageFactory


def page_factories() -> dict[str, PageFactory]:
    """Factories of the pages that exist; the rest show a placeholder."""
    factories: dict[str, PageFactory] = {}
    return factories
