"""The service calls of *Settings → Desks* and the join dialog (plain functions, run on workers)."""

from __future__ import annotations

from collections.abc import Callable

from confman.core.db.engine import Database, resolve_database_url
from confman.core.hosting import service
from confman.core.hosting.desk import JoinResult, join_host, joined_host, leave_host
from confman.core.hosting.network import LanAddress, lan_addresses
from confman.core.hosting.switching import repoint_database
from confman.core.settings import Settings

Persist = Callable[[Settings], None]
Progress = Callable[[int, int], None]


def addresses() -> list[LanAddress]:
    return lan_addresses()


def status() -> service.HostStatus:
    return service.hosting_status()


def desk_of() -> dict | None:
    """The host this laptop joined, if its settings point there."""
    return joined_host()


def host(db: Database, settings: Settings, address: str, persist: Persist, progress: Progress) -> service.HostInfo:
    """Start (or resume) hosting from this window's database, then switch the window to the server."""
    source = db.url if db.is_sqlite else None
    info = service.start_hosting(settings, source_url=source, address=address, progress=progress, persist=persist)
    if db.url != settings.database_url:
        repoint_database(db, settings.database_url)
    return info


def finish(db: Database, settings: Settings, persist: Persist, progress: Progress) -> service.FinishReport:
    """Bring the data home, then switch the window back to the laptop's file."""
    db.dispose()
    report = service.finish_hosting(settings, progress=progress, persist=persist)
    repoint_database(db, resolve_database_url(settings.database_url or None),
                     backups_folder=settings.backups_path, keep=settings.backups_to_keep)
    return report


def stop() -> None:
    service.stop_hosting()


def new_code() -> str:
    return service.new_join_code()


def join(db: Database, settings: Settings, code: str, station: str, persist: Persist) -> JoinResult:
    result = join_host(code, settings, station=station, persist=persist)
    repoint_database(db, settings.database_url)
    return result


def leave(db: Database, settings: Settings, persist: Persist) -> None:
    leave_host(settings, persist=persist)
    repoint_database(db, resolve_database_url(None), backups_folder=settings.backups_path,
                     keep=settings.backups_to_keep)
