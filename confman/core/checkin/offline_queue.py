"""Keep a desk scanning when the shared server drops: a local snapshot and a durable scan queue.

While connected, the desk copies the event (its secret, and per delegate: name, organization,
category, status, badge version; plus who is already checked in) into a SQLite file in the
data folder.  When the server is unreachable, verdicts are computed from that copy —
badge codes verify offline by design — and every scan is queued with its UUID, committed
one by one (a laptop closed mid-queue loses nothing).  ``sync`` replays the queue through
``perform_checkin`` with the same UUIDs, so a scan replayed twice is logged once, and
reports scans that turn out to be duplicates of another desk's check-in.

``CheckinDesk`` is what the check-in page talks to: online it calls the service, and on a
connection error it switches to the queue with the scan's UUID already chosen (the server
may or may not have committed that scan; the replay settles it).
"""

from __future__ import annotations

import functools
import sqlite3
import threading
import uuid as uuid_module
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from confman.core.badges.codes import verify_code
from confman.core.checkin.service import (
    CheckinResult,
    DelegateCard,
    LookupRow,
    _clean_code,
    current_code,
    lookup_delegates,
    perform_checkin,
)
from confman.core.db.base import utcnow
from confman.core.db.engine import Database
from confman.core.enums import CheckInResult, DelegateStatus
from confman.core.errors import DomainError
from confman.core.events.models import Event
from confman.core.ledger.checkins import CheckIn, active_checkins
from confman.core.registration.models import Category, Delegate, Organization
from confman.core.text import fold
from confman.paths import data_dir

QUEUE_FILE = "checkin-offline.sqlite3"

#: bump when the snapshot tables change: older snapshots are dropped (the queue is kept)
SNAPSHOT_VERSION = 2

_SCHEMA = """
CREATE TABLE IF NOT EXISTS snapshot_events (
    event_id INTEGER PRIMARY KEY, code TEXT NOT NULL, secret BLOB NOT NULL, refreshed_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS snapshot_delegates (
    event_id INTEGER NOT NULL, id INTEGER NOT NULL, honorific TEXT, full_name TEXT, position TEXT,
    organization TEXT, category_code TEXT, label_vi TEXT, label_en TEXT, color TEXT, is_vip INTEGER,
    status TEXT, deleted INTEGER, badge_version INTEGER, search TEXT NOT NULL DEFAULT '',
    sort_key TEXT NOT NULL DEFAULT '', PRIMARY KEY (event_id, id)
);
CREATE TABLE IF NOT EXISTS snapshot_checkins (
    event_id INTEGER NOT NULL, delegate_id INTEGER NOT NULL, item INTEGER NOT NULL,
    at TEXT NOT NULL, station TEXT NOT NULL, PRIMARY KEY (event_id, delegate_id, item)
);
CREATE TABLE IF NOT EXISTS queue (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT NOT NULL UNIQUE, event_id INTEGER NOT NULL,
    code TEXT NOT NULL, station TEXT NOT NULL, item INTEGER, scanned_at TEXT NOT NULL,
    local_result TEXT NOT NULL, delegate_id INTEGER, synced_at TEXT, server_result TEXT,
    first_at TEXT, first_station TEXT
);
CREATE INDEX IF NOT EXISTS ix_queue_pending ON queue (synced_at, event_id);
"""


@dataclass(frozen=True, slots=True)
class SyncConflict:
    """An offline ``ok`` that the server judged a duplicate: another desk let this person in first."""

    uuid: str
    delegate_id: int | None
    full_name: str
    scanned_at: datetime
    station: str
    first_checkin_at: datetime | None
    first_station: str | None


@dataclass(frozen=True, slots=True)
class SyncReport:
    replayed: int
    conflicts: tuple[SyncConflict, ...]
    remaining: int


_F = TypeVar("_F", bound=Callable[..., Any])


def _locked(method: _F) -> _F:
    @functools.wraps(method)
    def wrapper(self: OfflineQueue, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            return method(self, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def _parse(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def is_connection_error(db: Database, exc: BaseException) -> bool:
    """True when ``exc`` means the database server cannot be reached (never for a local SQLite file)."""
    if db.is_sqlite:
        return False
    if isinstance(exc, DomainError):
        return exc.code == "db.unreachable"
    if isinstance(exc, DBAPIError):
        from sqlalchemy.exc import InterfaceError, OperationalError

        return exc.connection_invalidated or isinstance(exc, OperationalError | InterfaceError)
    return isinstance(exc, ConnectionError | TimeoutError)


def _lookup_text(delegate: Any) -> str:
    """What the offline name lookup searches: name, position, organization — never phone or e-mail,
    so a desk's local copy holds no contact data (the personal-data purge cannot reach it)."""
    return " ".join(part for part in (fold(delegate[2]), fold(delegate[3] or ""), fold(delegate[4] or "")) if part)


class OfflineQueue:
    """The desk's local file: event snapshots and the queue of scans made while offline."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or data_dir() / QUEUE_FILE
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=FULL")  # each queued scan is on disk before the desk answers
        self._conn.execute("PRAGMA busy_timeout=5000")
        # One connection shared by the DB worker (scans, sync) and the UI thread (pending count).
        self._lock = threading.RLock()
        if self._conn.execute("PRAGMA user_version").fetchone()[0] != SNAPSHOT_VERSION:
            self._conn.executescript(
                "DROP TABLE IF EXISTS snapshot_events; DROP TABLE IF EXISTS snapshot_delegates;"
                "DROP TABLE IF EXISTS snapshot_checkins;"
            )
            self._conn.execute(f"PRAGMA user_version = {SNAPSHOT_VERSION}")
        self._conn.executescript(_SCHEMA)

    def close(self) -> None:
        self._conn.close()

    # snapshot ---------------------------------------------------------------
    def refresh_snapshot(self, db: Database, event_id: int) -> int:
        """Copy the event from the server (call while connected); returns the number of delegates."""
        with db.session() as session:
            event = session.execute(select(Event.code, Event.secret).where(Event.id == event_id)).first()
            if event is None:
                raise DomainError("event.not_found", code=str(event_id))
            delegates = session.execute(
                select(Delegate.id, Delegate.honorific, Delegate.full_name, Delegate.position, Organization.name,
                       Category.code, Category.label_vi, Category.label_en, Category.color, Category.is_vip,
                       Delegate.status, Delegate.deleted_at, Delegate.badge_version, Delegate.name_folded,
                       Delegate.sort_key)
                .outerjoin(Organization, Organization.id == Delegate.organization_id)
                .outerjoin(Category, Category.id == Delegate.category_id)
                .where(Delegate.event_id == event_id)
            ).all()
            latest: dict[tuple[int, int], tuple[datetime, str]] = {}
            for delegate_id, item, at, station in session.execute(
                select(CheckIn.delegate_id, CheckIn.agenda_item_id, CheckIn.created_at, CheckIn.station)
                .where(CheckIn.event_id == event_id, CheckIn.result == CheckInResult.OK)
                .order_by(CheckIn.created_at)
            ):
                latest[(delegate_id, item or 0)] = (at, station)
            arrived: list[tuple[int, int, str, str]] = []
            for item in {key[1] for key in latest}:
                active = active_checkins(event_id, item or None)
                for delegate_id in session.scalars(select(active.c.delegate_id)).all():
                    at, station = latest[(delegate_id, item)]
                    arrived.append((delegate_id, item, _iso(at), station or ""))
        with self._lock:
            self._write_snapshot(event_id, event, delegates, arrived)
        return len(delegates)

    def _write_snapshot(self, event_id: int, event: Any, delegates: list[Any], arrived: list[Any]) -> None:
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute("DELETE FROM snapshot_delegates WHERE event_id = ?", (event_id,))
            conn.execute("DELETE FROM snapshot_checkins WHERE event_id = ?", (event_id,))
            conn.execute("INSERT OR REPLACE INTO snapshot_events VALUES (?, ?, ?, ?)",
                         (event_id, event[0], event[1], _iso(utcnow())))
            conn.executemany(
                "INSERT INTO snapshot_delegates VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(event_id, d[0], d[1] or "", d[2], d[3] or "", d[4] or "", d[5] or "", d[6] or "", d[7] or "",
                  d[8] or "#607D8B", int(bool(d[9])), str(d[10]), int(d[11] is not None), d[12], _lookup_text(d),
                  d[14] or "") for d in delegates],
            )
            conn.executemany("INSERT OR REPLACE INTO snapshot_checkins VALUES (?, ?, ?, ?, ?)",
                             [(event_id, *a) for a in arrived])
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    @_locked
    def has_snapshot(self, event_id: int) -> bool:
        return self._conn.execute("SELECT 1 FROM snapshot_events WHERE event_id = ?", (event_id,)).fetchone() is not None

    @_locked
    def snapshot_time(self, event_id: int) -> datetime | None:
        row = self._conn.execute("SELECT refreshed_at FROM snapshot_events WHERE event_id = ?", (event_id,)).fetchone()
        return _parse(row[0]) if row else None

    # scanning ---------------------------------------------------------------
    @_locked
    def scan_offline(
        self, *, event_id: int, code: str, station: str, agenda_item_id: int | None = None,
        now: datetime | None = None, scan_uuid: str | None = None,
    ) -> CheckinResult:
        """Judge a scan from the snapshot and queue it (committed before returning)."""
        conn = self._conn
        event = conn.execute("SELECT secret FROM snapshot_events WHERE event_id = ?", (event_id,)).fetchone()
        if event is None:
            raise DomainError("checkin.offline.no_snapshot", event_id=event_id)
        now = now or utcnow()
        scan_uuid = scan_uuid or str(uuid_module.uuid4())
        code = _clean_code(code)
        item = agenda_item_id or 0
        delegates: dict[int, tuple] = {}

        def secret_for_event(eid: int) -> bytes | None:
            if eid == event_id:
                return event[0]
            other = conn.execute("SELECT secret FROM snapshot_events WHERE event_id = ?", (eid,)).fetchone()
            return other[0] if other else None

        def current_badge_version(delegate_id: int) -> int | None:
            row = conn.execute("SELECT * FROM snapshot_delegates WHERE event_id = ? AND id = ?",
                               (event_id, delegate_id)).fetchone()
            if row is None:
                return None
            delegates[delegate_id] = row
            return int(row[13])

        verification = verify_code(code, event_id=event_id, secret_for_event=secret_for_event,
                                   current_badge_version=current_badge_version)
        status = verification.status
        row = delegates.get(verification.delegate_id) if verification.delegate_id is not None else None
        card = None
        if row is not None and status in ("valid", "replaced"):
            card = DelegateCard(id=row[1], honorific=row[2], full_name=row[3], position=row[4], organization=row[5],
                                category_code=row[6], category_label_vi=row[7], category_label_en=row[8],
                                category_color=row[9], is_vip=bool(row[10]))
        first_at: datetime | None = None
        first_station: str | None = None
        if card is not None and (row[11] == DelegateStatus.CANCELLED or row[12]):
            verdict = "cancelled"
        elif status == "valid" and card is not None:
            verdict = "ok"
            earlier = conn.execute(
                "SELECT at, station FROM snapshot_checkins WHERE event_id = ? AND delegate_id = ? AND item = ?",
                (event_id, card.id, item),
            ).fetchone() or conn.execute(
                "SELECT scanned_at, station FROM queue WHERE event_id = ? AND delegate_id = ? AND COALESCE(item, 0) = ?"
                " AND local_result = 'ok' AND synced_at IS NULL ORDER BY seq LIMIT 1",
                (event_id, card.id, item),
            ).fetchone()
            if earlier is not None:
                verdict = "duplicate"
                first_at, first_station = _parse(earlier[0]), earlier[1]
            else:
                first_at, first_station = now, station
        else:
            verdict = status
        conn.execute(
            "INSERT INTO queue (uuid, event_id, code, station, item, scanned_at, local_result, delegate_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (scan_uuid, event_id, code, station, agenda_item_id, _iso(now), verdict, card.id if card else None),
        )
        return CheckinResult(
            result=verdict, code=code, uuid=scan_uuid, station=station, scanned_at=now, delegate=card,
            first_checkin_at=first_at, first_station=first_station, agenda_item_id=agenda_item_id, offline=True,
        )

    @_locked
    def code_for(self, event_id: int, delegate_id: int) -> str | None:
        """The current badge code of a delegate, from the snapshot (manual check-in while offline)."""
        from confman.core.badges.codes import make_code

        event = self._conn.execute("SELECT secret FROM snapshot_events WHERE event_id = ?", (event_id,)).fetchone()
        row = self._conn.execute("SELECT badge_version FROM snapshot_delegates WHERE event_id = ? AND id = ?",
                                 (event_id, delegate_id)).fetchone()
        if event is None or row is None:
            return None
        return make_code(event_id=event_id, delegate_id=delegate_id, badge_version=row[0], secret=event[0])

    @_locked
    def lookup(self, event_id: int, query: str, limit: int = 20) -> list[LookupRow]:
        """Manual lookup from the snapshot while the server is away (same matching as the server's)."""
        words = fold(query).split()[:6]
        if not words:
            return []
        where = " AND ".join("d.search LIKE ?" for _ in words)
        rows = self._conn.execute(
            "SELECT d.id, d.honorific, d.full_name, d.position, d.organization, d.label_vi, d.label_en, d.color,"
            " d.status, c.delegate_id IS NOT NULL OR q.delegate_id IS NOT NULL"
            " FROM snapshot_delegates d"
            " LEFT JOIN snapshot_checkins c ON c.event_id = d.event_id AND c.delegate_id = d.id AND c.item = 0"
            " LEFT JOIN (SELECT DISTINCT delegate_id FROM queue WHERE event_id = ? AND local_result = 'ok'"
            "            AND item IS NULL) q ON q.delegate_id = d.id"
            f" WHERE d.event_id = ? AND d.deleted = 0 AND {where} ORDER BY d.sort_key LIMIT ?",
            (event_id, event_id, *(f"%{w}%" for w in words), limit),
        ).fetchall()
        return [LookupRow(id=r[0], honorific=r[1], full_name=r[2], position=r[3], organization=r[4],
                          category_label_vi=r[5], category_label_en=r[6], category_color=r[7], status=r[8],
                          cancelled=r[8] == DelegateStatus.CANCELLED, checked_in=bool(r[9])) for r in rows]

    @_locked
    def pending(self, event_id: int | None = None) -> int:
        if event_id is None:
            return self._conn.execute("SELECT COUNT(*) FROM queue WHERE synced_at IS NULL").fetchone()[0]
        return self._conn.execute("SELECT COUNT(*) FROM queue WHERE synced_at IS NULL AND event_id = ?",
                                  (event_id,)).fetchone()[0]

    def sync(self, db: Database) -> SyncReport:
        """Replay every queued scan on the server, oldest first; stops (keeping the rest) if the link drops."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT uuid, event_id, code, station, item, scanned_at, local_result FROM queue"
                " WHERE synced_at IS NULL ORDER BY seq"
            ).fetchall()
        conflicts: list[SyncConflict] = []
        replayed = 0
        for scan_uuid, event_id, code, station, item, scanned_at, local_result in rows:
            try:
                result = perform_checkin(db, event_id=event_id, code=code, station=station, agenda_item_id=item,
                                         now=_parse(scanned_at), scan_uuid=scan_uuid, replay=True)
            except DomainError as exc:
                if exc.code == "db.unreachable":
                    break
                result = None  # e.g. the agenda item was deleted meanwhile: keep the scan, mark it settled
            except DBAPIError as exc:
                if is_connection_error(db, exc):
                    break
                raise
            with self._lock:
                self._conn.execute(
                    "UPDATE queue SET synced_at = ?, server_result = ?, first_at = ?, first_station = ?"
                    " WHERE uuid = ?",
                    (_iso(utcnow()), result.result if result else "error",
                     _iso(result.first_checkin_at) if result and result.first_checkin_at else None,
                     result.first_station if result else None, scan_uuid),
                )
            replayed += 1
            if result is not None and local_result == "ok" and result.result == "duplicate":
                conflicts.append(SyncConflict(
                    uuid=scan_uuid, delegate_id=result.delegate_id,
                    full_name=result.delegate.display_name if result.delegate else "",
                    scanned_at=_parse(scanned_at) or utcnow(), station=station,
                    first_checkin_at=result.first_checkin_at, first_station=result.first_station,
                ))
        return SyncReport(replayed=replayed, conflicts=tuple(conflicts), remaining=self.pending())


class CheckinDesk:
    """One desk: scans go to the server while it answers and to the offline queue when it does not."""

    def __init__(self, db: Database, queue: OfflineQueue | None = None, *, station: str = "") -> None:
        self.db = db
        self.queue = queue or OfflineQueue()
        self.station = station
        self.online = True

    def scan(self, *, event_id: int, code: str, agenda_item_id: int | None = None) -> CheckinResult:
        scan_uuid = str(uuid_module.uuid4())
        now = utcnow()
        if self.online:
            try:
                return perform_checkin(self.db, event_id=event_id, code=code, station=self.station,
                                       agenda_item_id=agenda_item_id, now=now, scan_uuid=scan_uuid)
            except (DBAPIError, DomainError) as exc:
                if not is_connection_error(self.db, exc):
                    raise
                self.online = False
        return self.queue.scan_offline(event_id=event_id, code=code, station=self.station,
                                       agenda_item_id=agenda_item_id, now=now, scan_uuid=scan_uuid)

    def manual(self, *, event_id: int, delegate_id: int, agenda_item_id: int | None = None) -> CheckinResult:
        """Check in a delegate picked by name: the same verdicts as a scan of their current badge."""
        code: str | None = None
        if self.online:
            try:
                code = current_code(self.db, event_id=event_id, delegate_id=delegate_id)
            except (DBAPIError, DomainError) as exc:
                if not is_connection_error(self.db, exc):
                    raise
                self.online = False
        if code is None:
            code = self.queue.code_for(event_id, delegate_id)
            if code is None:
                raise DomainError("checkin.offline.no_snapshot", event_id=event_id)
        return self.scan(event_id=event_id, code=code, agenda_item_id=agenda_item_id)

    def lookup(self, event_id: int, query: str, agenda_item_id: int | None = None) -> list[LookupRow]:
        """Manual lookup on the server, or in the local copy while offline."""
        if self.online:
            try:
                return lookup_delegates(self.db, event_id, query, agenda_item_id=agenda_item_id)
            except (DBAPIError, DomainError) as exc:
                if not is_connection_error(self.db, exc):
                    raise
                self.online = False
        return self.queue.lookup(event_id, query)

    def server_reachable(self) -> bool:
        """Probe the server without touching the queue (safe on any thread; may take the connect timeout)."""
        try:
            self.db.check_connection()
        except DomainError:
            return False
        return True

    def refresh_snapshot(self, event_id: int) -> int | None:
        """Refresh the local copy while connected; None (and offline) when the server is away."""
        try:
            return self.queue.refresh_snapshot(self.db, event_id)
        except (DBAPIError, DomainError) as exc:
            if not is_connection_error(self.db, exc):
                raise
            self.online = False
            return None

    def reconnect(self, event_id: int | None = None) -> SyncReport | None:
        """When offline or with scans queued: probe the server, replay the queue, refresh the copy.

        Returns the sync report (None when the server is still unreachable or nothing was queued).
        """
        if self.online and not self.queue.pending():
            return None
        try:
            self.db.check_connection()
        except DomainError:
            self.online = False
            return None
        report = self.queue.sync(self.db)
        self.online = report.remaining == 0
        if self.online and event_id is not None:
            self.refresh_snapshot(event_id)
        return report
