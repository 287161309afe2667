"""What every page gets: the database, settings, the current event and the task runner."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from confman.core.changes import Changes
from confman.core.db.engine import Database
from confman.core.events.service import EventRow, list_events
from confman.core.settings import Settings, save_settings
from confman.i18n import set_language
from confman.ui.tasks import TaskRunner


class UiContext(QObject):
    """Shared state of one main window; pages listen to its signals to refresh."""

    event_changed = Signal(object)  # EventRow | None
    language_changed = Signal(str)
    data_changed = Signal(object)  # Changes

    def __init__(self, db: Database, settings: Settings, *, synchronous: bool = False,
                 persist_settings: bool = True) -> None:
        super().__init__()
        self.db = db
        self.settings = settings
        self.tasks = TaskRunner(self, synchronous=synchronous)
        self.event: EventRow | None = None
        self._persist = persist_settings

    @property
    def language(self) -> str:
        return self.settings.language

    @property
    def station(self) -> str:
        return self.settings.station

    def events(self) -> list[EventRow]:
        return list_events(self.db)

    def set_event(self, event: EventRow | None) -> None:
        if (self.event.id if self.event else None) == (event.id if event else None):
            self.event = event
            return
        self.event = event
        if event is not None:
            self.settings.last_event_code = event.code
            self.save_settings()
        self.event_changed.emit(event)

    def set_language(self, lang: str) -> None:
        if lang == self.settings.language:
            return
        self.settings.language = lang
        set_language(lang)
        self.save_settings()
        self.language_changed.emit(lang)

    def notify(self, changes: Changes) -> None:
        """Broadcast what a write changed; pages refresh only what they show."""
        self.data_changed.emit(changes)

    def save_settings(self) -> None:
        if self._persist:
            save_settings(self.settings)
