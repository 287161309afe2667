"""Which page class serves which sidebar entry.

Each feature lives in ``confman/ui/<feature>/<feature>_page.py`` with a ``Page``
subclass; a feature whose module does not exist yet shows a placeholder. Import
errors inside an existing module are not hidden.
"""

from __future__ import annotations

import importlib
import importlib.util

from confman.ui.main_window import PageFactory

PAGE_CLASSES: dict[str, tuple[str, str]] = {
    "nav.dashboard": ("confman.ui.dashboard.dashboard_page", "DashboardPage"),
    "nav.delegates": ("confman.ui.delegates.delegates_page", "DelegatesPage"),
    "nav.agenda": ("confman.ui.agenda.agenda_page", "AgendaPage"),
    "nav.presentations": ("confman.ui.presentations.presentations_page", "PresentationsPage"),
    "nav.badges": ("confman.ui.badges.badges_page", "BadgesPage"),
    "nav.checkin": ("confman.ui.checkin.checkin_page", "CheckinPage"),
    "nav.reports": ("confman.ui.reports.reports_page", "ReportsPage"),
    "nav.survey": ("confman.ui.survey.survey_page", "SurveyPage"),
    "nav.settings": ("confman.ui.settings.settings_page", "SettingsPage"),
}


def _module_exists(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def _lazy_factory(module_name: str, class_name: str) -> PageFactory:
    """Import the page's module only when the page is first shown (start-up time)."""

    def build(ctx):  # -> Page
        return getattr(importlib.import_module(module_name), class_name)(ctx)

    return build


def page_factories() -> dict[str, PageFactory]:
    """Factories of the pages that exist; the rest show a placeholder."""
    return {key: _lazy_factory(module_name, class_name)
            for key, (module_name, class_name) in PAGE_CLASSES.items() if _module_exists(module_name)}
