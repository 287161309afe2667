"""The check-in page's calls into the core (plain functions run by ops; no widgets here).

The desk itself (``CheckinDesk``: server while it answers, the offline queue when it does not)
is made on first use inside an op, from the database the op hands in; the page keeps a
``DeskLink`` and reads only plain flags from it.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path

from confman.core.badges.qr import decode_qr_codes
from confman.core.changes import Changes
from confman.core.checkin.offline_queue import CheckinDesk, OfflineQueue, SyncReport, is_connection_error
from confman.core.checkin.service import (
    CategoryOption,
    CheckinResult,
    CheckinStats,
    LookupRow,
    ScanRow,
    SessionItem,
    UndoResult,
    WalkInResult,
    checkin_stats,
    desk_names,
    list_categories,
    recent_scans,
    register_walk_in,
    session_items,
    undo_checkin,
)
from confman.core.db.engine import Database
from confman.core.registration.contacts import issues_text
from confman.core.registration.organizations import list_organizations
from confman.core.text import fold
from confman.paths import data_dir

__all__ = [
    "CategoryOption", "CheckinResult", "CheckinStats", "DeskLink", "DeskOutcome", "LookupRow", "PollOutcome",
    "ScanRow", "SessionItem", "SyncReport", "UndoResult", "WalkInResult", "decode_qr_codes", "desk_names", "fold",
    "issues_text",
]


def queue_path(db_url: str) -> Path:
    """The desk's offline queue: one file per database, in the per-user data folder."""
    digest = hashlib.sha1(db_url.encode("utf-8")).hexdigest()[:10]
    return data_dir() / f"checkin-offline-{digest}.sqlite3"


@dataclass(frozen=True, slots=True)
class DeskOutcome:
    """A verdict and the desk's state right after it (offline scans wait in the queue)."""

    result: CheckinResult
    online: bool
    pending: int

    @property
    def changes(self) -> Changes | None:
        return None if self.result.offline else self.result.changes


@dataclass(frozen=True, slots=True)
class PollOutcome:
    """What a poll learnt: a sync report, the scan token (other desks' scans) and the desk's state."""

    report: SyncReport | None
    token: tuple[int, int] | None
    refreshed: bool
    online: bool
    pending: int


class DeskLink:
    """This window's desk, made inside the first op that needs it."""

    def __init__(self, station: str) -> None:
        self.station = station
        self.desk: CheckinDesk | None = None
        self._made = threading.Lock()  # the desk lane and a read lane (the counters) may ask at once

    def get(self, db: Database) -> CheckinDesk:
        with self._made:
            if self.desk is None:
                self.desk = CheckinDesk(db, OfflineQueue(queue_path(db.url)), station=self.station)
            self.desk.station = self.station
            return self.desk

    @property
    def online(self) -> bool:
        return self.desk is None or self.desk.online

    def outcome(self, result: CheckinResult) -> DeskOutcome:
        desk = self.desk
        assert desk is not None
        return DeskOutcome(result, desk.online, 0 if desk.online and not result.offline else desk.queue.pending())

    def is_offline_error(self, exc: BaseException) -> bool:
        """True (and the desk marked offline) when ``exc`` says the server is away."""
        desk = self.desk
        if desk is not None and is_connection_error(desk.db, exc):
            desk.online = False
            return True
        return False


def scan(link: DeskLink, db: Database, *, event_id: int, code: str, agenda_item_id: int | None) -> DeskOutcome:
    desk = link.get(db)
    return link.outcome(desk.scan(event_id=event_id, code=code, agenda_item_id=agenda_item_id))


def manual(link: DeskLink, db: Database, *, event_id: int, delegate_id: int,
           agenda_item_id: int | None) -> DeskOutcome:
    desk = link.get(db)
    return link.outcome(desk.manual(event_id=event_id, delegate_id=delegate_id, agenda_item_id=agenda_item_id))


def lookup(link: DeskLink, db: Database, *, event_id: int, query: str, agenda_item_id: int | None) -> list[LookupRow]:
    return link.get(db).lookup(event_id, query, agenda_item_id=agenda_item_id)


def walk_in(db: Database, *, event_id: int, station: str, agenda_item_id: int | None, full_name: str,
            organization: str, position: str, category_id: int | None, honorific: str, phone: str = "") -> WalkInResult:
    return register_walk_in(db, event_id=event_id, station=station, agenda_item_id=agenda_item_id,
                            full_name=full_name, organization=organization, position=position,
                            category_id=category_id, honorific=honorific, phone=phone)


def undo(db: Database, *, event_id: int, delegate_id: int, station: str, agenda_item_id: int | None) -> UndoResult:
    return undo_checkin(db, event_id=event_id, delegate_id=delegate_id, station=station,
                        agenda_item_id=agenda_item_id)


def reference(db: Database, event_id: int) -> tuple[list[CategoryOption], list[SessionItem], list[str]]:
    """The walk-in form's categories and organization names (the event's, or every one when the event has
    none yet), and the per-session modes."""
    organizations = list_organizations(db, event_id=event_id)
    names = [o.name for o in organizations if o.delegate_count] or [o.name for o in organizations]
    return list_categories(db, event_id), session_items(db, event_id), names


def counters(link: DeskLink, db: Database, event_id: int,
             agenda_item_id: int | None) -> tuple[CheckinStats, list[ScanRow]]:
    """The counters and the recent scans, answered within a scan's bound (``CheckinDesk.read``): a frozen
    server raises a connection error at once and the desk goes offline, instead of holding a read lane."""
    return link.get(db).read(lambda: (checkin_stats(db, event_id, agenda_item_id, detail=False),
                                      recent_scans(db, event_id, limit=20)))


def probe(link: DeskLink, db: Database) -> bool:
    """Whether the server answers (may wait for the connect timeout: run it beside the desk lane)."""
    return link.get(db).server_reachable()


def poll(link: DeskLink, db: Database, *, event_id: int, snapshot_due: bool) -> PollOutcome:
    """Online: the scan token (other desks' scans), answered within a scan's bound or the desk goes offline
    (a frozen server never holds the desk lane), and, when due, the local copy refreshed aside
    (``CheckinDesk.poll`` does not wait for it)."""
    desk = link.get(db)
    token = desk.poll(event_id, refresh=snapshot_due)
    if token is None:
        return PollOutcome(None, None, False, False, desk.queue.pending())
    return PollOutcome(None, token, snapshot_due, desk.online, 0 if desk.online else desk.queue.pending())


def reconnect(link: DeskLink, db: Database, *, event_id: int) -> PollOutcome:
    """Back online: replay the queue and refresh the offline copy."""
    desk = link.get(db)
    report = desk.reconnect(event_id)
    return PollOutcome(report, None, desk.online, desk.online, desk.queue.pending())


def pending(link: DeskLink, db: Database) -> int:
    return link.get(db).queue.pending()
