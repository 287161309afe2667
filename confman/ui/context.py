"""What every page gets: settings, the current event, the ops that reach the core, and the window's actions."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from confman.core.changes import Changes
from confman.core.db.engine import Database
from confman.core.events.service import EventRow, list_events
from confman.core.settings import Settings, save_settings
from confman.i18n import set_language
from confman.ui.actions import DetachedActions, WindowActions
from confman.ui.ops import OpRunner


class UiContext(QObject):
    """Shared state of one main window; pages listen to its signals to refresh.

    Pages reach the database only through ``ops`` (see ``confman/ui/ops.py``) and other pages
    only through ``actions`` (see ``confman/ui/actions.py``).
    """

    event_changed = Signal(object)  # EventRow | None
    language_changed = Signal(str)
    station_changed = Signal(str)  # this laptop's desk name
    data_changed = Signal(object)  # Changes

    def __init__(self, db: Database, settings: Settings, *, synchronous: bool = False,
                 persist_settings: bool = True) -> None:
        super().__init__()
        self.db = db
        self.settings = settings
        self.ops = OpRunner(db, self.notify, lambda: self.settings.language, synchronous=synchronous, parent=self)
        self.actions: WindowActions = DetachedActions()
        self.event: EventRow | None = None
        self._persist = persist_settings

    @property
    def synchronous(self) -> bool:
        return self.ops.synchronous

    @property
    def language(self) -> str:
        return self.settings.language

    @property
    def station(self) -> str:
        return self.settings.station

    @property
    def database_location(self) -> str:
        """Where the data lives, as shown to the user (a file path or a redacted server URL)."""
        return self.db.display_url

    @property
    def database_is_file(self) -> bool:
        """True for an embedded SQLite file (backups are file copies; no server to reach)."""
        return self.db.sqlite_path is not None

    def events(self) -> list[EventRow]:
        """The events, read at start-up before the window is shown (later: through an op)."""
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

    def set_station(self, name: str) -> None:
        """Name this laptop's desk ("Bàn 2"): stored in the settings, shown in the status bar."""
        name = " ".join(name.split())[:40]
        if not name:
            return
        changed = name != self.settings.station
        self.settings.station = name
        self.save_settings()
        if changed:
            self.station_changed.emit(name)

    def notify(self, changes: Changes) -> None:
        """Broadcast what a write changed; pages refresh only what they show."""
        self.data_changed.emit(changes)

    def save_settings(self) -> None:
        if self._persist:
            save_settings(self.settings)

    def shutdown(self) -> None:
        """The window is closing: stop long work and drop every result still to come."""
        self.ops.shutdown()
