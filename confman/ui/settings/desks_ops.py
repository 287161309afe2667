"""The calls of *Settings → Desks*, the join dialog and the window's hosting hooks into the core
(plain functions run by ops; no widgets, no Qt).

Hosting starts, finishes, joins and leaves switch the window's database in place
(``repoint_database``): every page then reads the other database through the same ``Database``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from confman.core.badges.qr import qr_image
from confman.core.db.engine import Database, resolve_database_url
from confman.core.hosting import service
from confman.core.hosting.desk import JoinResult, join_host, joined_host, leave_host
from confman.core.hosting.joincode import PREFIX, normalise
from confman.core.hosting.network import LanAddress, lan_addresses
from confman.core.hosting.service import FinishReport, HostInfo, HostStatus
from confman.core.hosting.state import HostingPaths, load_state
from confman.core.hosting.switching import repoint_database
from confman.core.settings import Settings

__all__ = ["PREFIX", "DesksState", "FinishReport", "HostInfo", "HostStatus", "JoinResult", "LanAddress",
           "is_join_code", "qr_image"]

Persist = Callable[[Settings], None]


@dataclass(frozen=True, slots=True)
class DesksState:
    """What the Desks section shows: the hosting state, and the host this laptop joined (if any)."""

    status: HostStatus
    joined: dict[str, Any] | None


def is_join_code(text: str) -> bool:
    """True when ``text`` (a scanned QR code, typed text) looks like a join code."""
    return normalise(text).startswith(PREFIX)


def hosting_active() -> bool:
    """Whether this laptop hosts (a small local file; no database, no server)."""
    return load_state(HostingPaths.default()).active


def addresses(_db: Database) -> list[LanAddress]:
    return lan_addresses()


def status(_db: Database) -> HostStatus:
    return service.hosting_status()


def state(_db: Database) -> DesksState:
    status = service.hosting_status()
    return DesksState(status, None if status.hosting else joined_host())


def host(db: Database, steps: Any, settings: Settings, address: str, persist: Persist) -> HostInfo:
    """Start (or resume) hosting from this window's database, then switch the window to the server."""
    source = db.url if db.is_sqlite else None
    info = service.start_hosting(settings, source_url=source, address=address, progress=steps.progress,
                                 persist=persist)
    if db.url != settings.database_url:
        repoint_database(db, settings.database_url)
    return info


def finish(db: Database, steps: Any, settings: Settings, persist: Persist) -> FinishReport:
    """Bring the data home, then switch the window back to the laptop's file."""
    db.dispose()
    report = service.finish_hosting(settings, progress=steps.progress, persist=persist)
    repoint_database(db, resolve_database_url(settings.database_url or None),
                     backups_folder=settings.backups_path, keep=settings.backups_to_keep)
    return report


def stop(_db: Database) -> None:
    service.stop_hosting()


def new_code(_db: Database) -> str:
    return service.new_join_code()


def back_up_hosted(_db: Database, folder: Path, keep: int) -> Path | None:
    """While hosting: the server's data (every desk's check-ins) into a rotating backup file."""
    return service.backup_hosted_server(folder, keep)


def join(db: Database, settings: Settings, code: str, station: str, persist: Persist) -> JoinResult:
    result = join_host(code, settings, station=station, persist=persist)
    repoint_database(db, settings.database_url)
    return result


def leave(db: Database, settings: Settings, persist: Persist) -> None:
    leave_host(settings, persist=persist)
    repoint_database(db, resolve_database_url(None), backups_folder=settings.backups_path,
                     keep=settings.backups_to_keep)
