"""Keep a desk scanning when the shared server drops: a local copy and a durable scan queue.

**What the copy holds.**  Per event: per delegate the name, organization, category, status
and badge version (no phone, no e-mail); a *verifier* per badge version —
``SHA-256(salt ‖ code)`` truncated to 16 bytes, never the code, never the event's secret —
and who is in (``admitted``).  Verifying a scanned format-2 code offline is hashing it and
comparing; *finding* a valid code from the copy means trying the 10**19 possible signatures
of that one badge (≈ 2**62 hashes on average).  Format-1 codes (33-bit signatures, printed
before format 2) are not verifiable offline at all: offline they answer ``old_code`` and the
organiser checks the person in by name.

**Who is in.**  Every ``ok`` this desk gives — online or offline — goes into ``admitted`` at
once, so offline this desk never lets the same badge in twice.  While connected,
:meth:`CheckinDesk.refresh_snapshot` (the check-in page calls it every poll, 2 s) pulls the
check-in log incrementally (``ok`` and ``undone`` rows since the last id seen, re-asking for
ids still missing: PostgreSQL commits do not arrive in id order) and re-copies the delegates
when their fingerprint changes.  A badge admitted at *another* desk can therefore be
admitted here again only if it was admitted there within the last refresh interval before
this desk lost the server, or while this desk is offline; every such case is reported when
the queue is replayed (:class:`SyncConflict`) and logged on the server for the organiser
(:func:`confman.core.checkin.conflicts.offline_conflicts`).

**The queue.**  Offline scans are judged by the same verdict rules as the online door
(:mod:`confman.core.checkin.verdict`) and queued with their UUID, committed one by one (a
laptop closed mid-queue loses nothing).  ``sync`` replays the queue through
``perform_checkin`` with the same UUIDs, so a scan replayed twice is logged once.

``CheckinDesk`` is what the check-in page talks to: online it calls the service with a
wall-clock bound (a frozen server costs at most :data:`ONLINE_WAIT_S`), and on a connection
error or timeout it switches to the queue with the scan's UUID already chosen (the server
may or may not have committed that scan; the replay settles it).
"""

from __future__ import annotations

import functools
import json
import logging
import os
import sqlite3
import threading
import time
import uuid as uuid_module
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import func, or_, select
from sqlalchemy.exc import DBAPIError

from confman.core.badges.codes import OFFLINE_FORMATS, make_code, parse_code, verifier
from confman.core.checkin.door import DOOR_DEADLINE_S
from confman.core.checkin.rows import CheckinResult, DelegateCard
from confman.core.checkin.service import (
    LookupRow,
    _clean_code,
    current_code,
    lookup_delegates,
    manual_checkin,
    perform_checkin,
    scan_token,
)
from confman.core.checkin.verdict import (
    ITEM_MISSING,
    NAMES_DELEGATE,
    SURVIVOR,
    DoorRow,
    door_facts,
    door_verdict,
)
from confman.core.db.base import utcnow
from confman.core.db.deadline import deadline
from confman.core.db.engine import Database
from confman.core.enums import CheckInResult, DelegateStatus
from confman.core.errors import DomainError
from confman.core.events.models import Event
from confman.core.ledger.checkins import CheckIn
from confman.core.registration.models import Category, Delegate, Organization
from confman.core.text import fold
from confman.paths import data_dir

QUEUE_FILE = "checkin-offline.sqlite3"
#: each replayed scan must be answered within this (a server freezing during a sync stops the sync)
REPLAY_DEADLINE_S = 5.0

log = logging.getLogger(__name__)

#: bump when the snapshot tables change: older snapshots are dropped (the queue is kept)
SNAPSHOT_VERSION = 3
#: badge versions per delegate the copy can verify (the current one and the older ones, for "replaced")
VERSIONS_KEPT = 20
#: an id missing from the check-in log is asked for again this long (an uncommitted insert)
GAP_TTL_S = 120.0
#: the longest a scan waits for the server before it is judged offline (statement deadline + margin)
ONLINE_WAIT_S = DOOR_DEADLINE_S + 0.3
#: the verdict of a format-1 code at an offline desk (it cannot be verified without the server)
OLD_CODE = "old_code"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS snapshot_events (
    event_id INTEGER PRIMARY KEY, code TEXT NOT NULL, salt BLOB NOT NULL, refreshed_at TEXT NOT NULL,
    delegates_token TEXT NOT NULL DEFAULT '', log_through INTEGER NOT NULL DEFAULT 0,
    log_gaps TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE IF NOT EXISTS snapshot_delegates (
    event_id INTEGER NOT NULL, id INTEGER NOT NULL, honorific TEXT, full_name TEXT, position TEXT,
    organization TEXT, category_code TEXT, label_vi TEXT, label_en TEXT, color TEXT, is_vip INTEGER,
    status TEXT, deleted INTEGER, badge_version INTEGER, merged_into INTEGER, search TEXT NOT NULL DEFAULT '',
    sort_key TEXT NOT NULL DEFAULT '', PRIMARY KEY (event_id, id)
);
CREATE TABLE IF NOT EXISTS snapshot_badges (
    event_id INTEGER NOT NULL, delegate_id INTEGER NOT NULL, version INTEGER NOT NULL, verifier BLOB NOT NULL,
    PRIMARY KEY (event_id, delegate_id, version)
);
CREATE TABLE IF NOT EXISTS admitted (
    event_id INTEGER NOT NULL, delegate_id INTEGER NOT NULL, item INTEGER NOT NULL, uuid TEXT NOT NULL,
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
_OLD_TABLES = ("snapshot_events", "snapshot_delegates", "snapshot_checkins", "snapshot_badges", "admitted")


@dataclass(frozen=True, slots=True)
class SyncConflict:
    """An offline ``ok`` that the server judged a duplicate: someone was let in twice."""

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
_T = TypeVar("_T")


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
    return isinstance(exc, ConnectionError | TimeoutError | FutureTimeout)


def _drop_old_copy(conn: sqlite3.Connection) -> None:
    """Copies older than SNAPSHOT_VERSION held the event's secret: drop their tables (the queue stays),
    then rewrite the file so that not a byte of them remains."""
    if conn.execute("PRAGMA user_version").fetchone()[0] == SNAPSHOT_VERSION:
        return
    conn.execute("PRAGMA secure_delete=ON")
    conn.executescript("".join(f"DROP TABLE IF EXISTS {t};" for t in _OLD_TABLES))
    conn.execute(f"PRAGMA user_version = {SNAPSHOT_VERSION}")
    conn.execute("VACUUM")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _wipe_old_copy_file(path: Path) -> None:
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=1)
    except sqlite3.Error:
        return
    try:
        _drop_old_copy(conn)
    except sqlite3.Error:  # open in another desk process: that process cleans it when it opens it
        pass
    finally:
        conn.close()


def _lookup_text(name: str, position: str | None, organization: str | None) -> str:
    """What the offline name lookup searches: name, position, organization — never phone or e-mail,
    so a desk's local copy holds no contact data (the personal-data purge cannot reach it)."""
    return " ".join(part for part in (fold(name), fold(position or ""), fold(organization or "")) if part)


def _delegates_token(session: Any, event_id: int) -> str:
    """A fingerprint of the event's delegates: changes when one is added, edited, cancelled or reprinted."""
    count, changed, versions = session.execute(
        select(func.count(Delegate.id), func.max(Delegate.updated_at), func.sum(Delegate.badge_version))
        .where(Delegate.event_id == event_id)
    ).one()
    return f"{count}|{changed.isoformat() if changed else ''}|{versions or 0}"


class OfflineQueue:
    """The desk's local file: event copies, who is in, and the queue of scans made while offline."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or data_dir() / QUEUE_FILE
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._conn.execute("PRAGMA secure_delete=ON")  # replaced copies are overwritten, not left in free pages
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=FULL")  # each queued scan is on disk before the desk answers
        self._conn.execute("PRAGMA busy_timeout=5000")
        # One connection shared by the DB worker (scans, sync) and the UI thread (pending count).
        self._lock = threading.RLock()
        _drop_old_copy(self._conn)
        self._conn.executescript(_SCHEMA)
        for other in self.path.parent.glob("checkin-offline*.sqlite3"):
            if other != self.path:  # copies for other servers this desk used: same clean-up
                _wipe_old_copy_file(other)

    def close(self) -> None:
        self._conn.close()

    # copy of the event ------------------------------------------------------------------
    def refresh_snapshot(self, db: Database, event_id: int) -> int:
        """Bring the copy up to date (call while connected); returns the number of delegates.

        The check-in log is read incrementally; delegates and verifiers are copied again only
        when their fingerprint changed (or on the first call).
        """
        with self._lock:
            known = self._conn.execute(
                "SELECT delegates_token, log_through, log_gaps FROM snapshot_events WHERE event_id = ?", (event_id,),
            ).fetchone()
        with db.session() as session:
            token = _delegates_token(session, event_id)
            if known is None or known[0] != token:
                self._copy_delegates(session, event_id, token)
            through, gaps = (known[1], json.loads(known[2])) if known is not None else (0, {})
            self._pull_log(session, event_id, through, gaps)
        with self._lock:
            return self._conn.execute("SELECT COUNT(*) FROM snapshot_delegates WHERE event_id = ?",
                                      (event_id,)).fetchone()[0]

    def _copy_delegates(self, session: Any, event_id: int, token: str) -> None:
        event = session.execute(select(Event.code, Event.secret).where(Event.id == event_id)).first()
        if event is None:
            raise DomainError("event.not_found", code=str(event_id))
        delegates = session.execute(
            select(Delegate.id, Delegate.honorific, Delegate.full_name, Delegate.position, Organization.name,
                   Category.code, Category.label_vi, Category.label_en, Category.color, Category.is_vip,
                   Delegate.status, Delegate.deleted_at, Delegate.badge_version, Delegate.merged_into_id,
                   Delegate.sort_key)
            .outerjoin(Organization, Organization.id == Delegate.organization_id)
            .outerjoin(Category, Category.id == Delegate.category_id)
            .where(Delegate.event_id == event_id)
        ).all()
        with self._lock:
            salt_row = self._conn.execute("SELECT salt FROM snapshot_events WHERE event_id = ?", (event_id,)).fetchone()
        salt = salt_row[0] if salt_row else os.urandom(16)
        secret = event[1]  # held in memory only while the verifiers are computed
        badges = [
            (event_id, d[0], version,
             verifier(salt, make_code(event_id=event_id, delegate_id=d[0], badge_version=version, secret=secret)))
            for d in delegates
            for version in range(max(1, d[12] - VERSIONS_KEPT + 1), d[12] + 1)
        ]
        del secret
        conn = self._conn
        with self._lock:
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute("DELETE FROM snapshot_delegates WHERE event_id = ?", (event_id,))
                conn.execute("DELETE FROM snapshot_badges WHERE event_id = ?", (event_id,))
                conn.execute(
                    "INSERT INTO snapshot_events (event_id, code, salt, refreshed_at, delegates_token)"
                    " VALUES (?, ?, ?, ?, ?) ON CONFLICT (event_id) DO UPDATE SET code = excluded.code,"
                    " refreshed_at = excluded.refreshed_at, delegates_token = excluded.delegates_token",
                    (event_id, event[0], salt, _iso(utcnow()), token),
                )
                conn.executemany(
                    "INSERT INTO snapshot_delegates VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [(event_id, d[0], d[1] or "", d[2], d[3] or "", d[4] or "", d[5] or "", d[6] or "", d[7] or "",
                      d[8] or "#607D8B", int(bool(d[9])), str(d[10]), int(d[11] is not None), d[12], d[13],
                      _lookup_text(d[2], d[3], d[4]), d[14] or "") for d in delegates],
                )
                conn.executemany("INSERT INTO snapshot_badges VALUES (?, ?, ?, ?)", badges)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    def _pull_log(self, session: Any, event_id: int, through: int, gaps: dict[str, float]) -> None:
        """Apply the ok and undone rows logged since ``through`` (and those of still-missing ids)."""
        now = time.time()
        gaps = {k: v for k, v in gaps.items() if now - v < GAP_TTL_S}
        wanted = CheckIn.id > through
        if gaps:
            wanted = or_(wanted, CheckIn.id.in_([int(k) for k in gaps]))
        rows = session.execute(
            select(CheckIn.id, CheckIn.result, CheckIn.delegate_id, CheckIn.agenda_item_id, CheckIn.uuid,
                   CheckIn.undoes_uuid, CheckIn.created_at, CheckIn.station)
            .where(CheckIn.event_id == event_id, wanted).order_by(CheckIn.id)
        ).all()
        seen = {r.id for r in rows}
        top = max([through, *seen])
        # ids between the old and the new high-water mark that did not come back: other events'
        # rows, rolled-back inserts — or a desk's insert not committed yet: ask again for a while
        for missing in range(max(through + 1, top - 1000), top):
            if missing not in seen and str(missing) not in gaps:
                gaps[str(missing)] = now
        for found in seen:
            gaps.pop(str(found), None)
        if len(gaps) > 2000:  # mostly other events' ids: keep the newest
            gaps = dict(sorted(gaps.items(), key=lambda kv: int(kv[0]))[-2000:])
        with self._lock:
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                for r in rows:
                    if r.delegate_id is None:
                        continue
                    if r.result == CheckInResult.OK:
                        conn.execute(
                            "INSERT INTO admitted VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET uuid ="
                            " excluded.uuid, at = excluded.at, station = excluded.station WHERE excluded.at > at",
                            (event_id, r.delegate_id, r.agenda_item_id or 0, r.uuid, _iso(r.created_at),
                             r.station or ""))
                    elif r.result == CheckInResult.UNDONE:
                        conn.execute("DELETE FROM admitted WHERE event_id = ? AND uuid = ?", (event_id, r.undoes_uuid))
                conn.execute("UPDATE snapshot_events SET log_through = ?, log_gaps = ? WHERE event_id = ?",
                             (top, json.dumps(gaps), event_id))
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    @_locked
    def record_admission(self, result: CheckinResult, event_id: int) -> None:
        """Remember at once that this desk let ``result``'s delegate in (an ok, online or offline)."""
        if result.delegate is None or result.result not in ("ok", "duplicate"):
            return
        at = result.first_checkin_at or result.scanned_at
        self._conn.execute(
            "INSERT INTO admitted VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (event_id, result.delegate.id, result.agenda_item_id or 0, result.uuid, _iso(at),
             result.first_station if result.first_station is not None else result.station),
        )

    @_locked
    def has_snapshot(self, event_id: int) -> bool:
        return self._conn.execute("SELECT 1 FROM snapshot_events WHERE event_id = ?", (event_id,)).fetchone() is not None

    @_locked
    def snapshot_time(self, event_id: int) -> datetime | None:
        row = self._conn.execute("SELECT refreshed_at FROM snapshot_events WHERE event_id = ?", (event_id,)).fetchone()
        return _parse(row[0]) if row else None

    # judging -----------------------------------------------------------------------------
    def _door_row(self, event_id: int, delegate_id: int, item: int) -> tuple[DoorRow, Any] | None:
        d = self._conn.execute(
            "SELECT id, honorific, full_name, position, organization, category_code, label_vi, label_en, color,"
            " is_vip, status, deleted, badge_version, merged_into FROM snapshot_delegates"
            " WHERE event_id = ? AND id = ?", (event_id, delegate_id)).fetchone()
        if d is None:
            return None
        earlier = self._conn.execute("SELECT at, station FROM admitted WHERE event_id = ? AND delegate_id = ?"
                                     " AND item = ?", (event_id, delegate_id, item)).fetchone()
        card = DelegateCard(id=d[0], honorific=d[1], full_name=d[2], position=d[3], organization=d[4],
                            category_code=d[5], category_label_vi=d[6], category_label_en=d[7],
                            category_color=d[8], is_vip=bool(d[9]))
        row = DoorRow(delegate_id=d[0], badge_version=int(d[12]), cancelled=d[10] == DelegateStatus.CANCELLED,
                      deleted=bool(d[11]), merged_into_id=d[13], generation=0, oks=1 if earlier else 0,
                      last_ok_at=_parse(earlier[0]) if earlier else None,
                      last_ok_station=earlier[1] if earlier else None, card=card)
        return row, d

    def _code_status(self, event_id: int, code: str) -> tuple[str, int | None, int | None]:
        """(status, delegate id, version) of a scanned code, from the verifiers alone."""
        parsed = parse_code(code)
        if parsed is None:
            return "malformed", None, None
        if parsed.format not in OFFLINE_FORMATS:
            return OLD_CODE, None, None
        salt = self._conn.execute("SELECT salt FROM snapshot_events WHERE event_id = ?",
                                  (parsed.event_id,)).fetchone()
        stored = self._conn.execute(
            "SELECT verifier FROM snapshot_badges WHERE event_id = ? AND delegate_id = ? AND version = ?",
            (parsed.event_id, parsed.delegate_id, parsed.badge_version)).fetchone()
        genuine = salt is not None and stored is not None and verifier(salt[0], code) == stored[0]
        if parsed.event_id != event_id:
            return ("wrong_event" if genuine else "bad_signature"), None, None
        if stored is not None:
            return ("valid" if genuine else "bad_signature"), parsed.delegate_id, parsed.badge_version
        current = self._conn.execute("SELECT badge_version FROM snapshot_delegates WHERE event_id = ? AND id = ?",
                                     (event_id, parsed.delegate_id)).fetchone()
        if current is None or parsed.badge_version > current[0]:
            # not in the copy (registered since, or a newer badge): the rules say "unknown"
            return "valid", parsed.delegate_id, parsed.badge_version
        return "bad_signature", None, None

    def _judge(self, event_id: int, code_status: str, delegate_id: int | None, version: int | None,
               item: int) -> tuple[str, DoorRow | None]:
        found = self._door_row(event_id, delegate_id, item) if delegate_id is not None else None
        row = found[0] if found else None
        verdict = door_verdict(door_facts(code_status, version, row), code_status)
        if verdict == SURVIVOR and row is not None and row.merged_into_id is not None:
            survivor = self._door_row(event_id, row.merged_into_id, item)
            if survivor is None or survivor[0].merged_into_id is not None:
                return "cancelled", row
            row = survivor[0]
            verdict = door_verdict(door_facts("valid", row.badge_version, row), "valid")
        assert verdict not in (SURVIVOR, ITEM_MISSING)
        return verdict, row

    @_locked
    def scan_offline(
        self, *, event_id: int, code: str = "", station: str, agenda_item_id: int | None = None,
        now: datetime | None = None, scan_uuid: str | None = None, delegate_id: int | None = None,
    ) -> CheckinResult:
        """Judge a scan (or, with ``delegate_id``, a check-in by name) from the copy and queue it."""
        conn = self._conn
        if not self.has_snapshot(event_id):
            raise DomainError("checkin.offline.no_snapshot", event_id=event_id)
        now = now or utcnow()
        scan_uuid = scan_uuid or str(uuid_module.uuid4())
        code = _clean_code(code)
        item = agenda_item_id or 0
        if delegate_id is not None:  # picked by name: the current badge, whatever its version
            current = conn.execute("SELECT badge_version FROM snapshot_delegates WHERE event_id = ? AND id = ?",
                                   (event_id, delegate_id)).fetchone()
            if current is None:
                raise DomainError("checkin.delegate_not_found", delegate_id=delegate_id)
            status, named, version = "valid", delegate_id, int(current[0])
        else:
            status, named, version = self._code_status(event_id, code)
        verdict, row = self._judge(event_id, status, named, version, item)
        card = row.card if row is not None and verdict in NAMES_DELEGATE else None
        if verdict == "ok":
            first_at, first_station = now, station
        elif verdict == "duplicate" and row is not None:
            first_at, first_station = row.last_ok_at, row.last_ok_station
        else:
            first_at, first_station = None, None
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(
                "INSERT INTO queue (uuid, event_id, code, station, item, scanned_at, local_result, delegate_id)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (scan_uuid, event_id, code, station, agenda_item_id, _iso(now), verdict,
                 card.id if card else delegate_id),
            )
            if verdict == "ok" and card is not None:
                conn.execute("INSERT INTO admitted VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                             (event_id, card.id, item, scan_uuid, _iso(now), station))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return CheckinResult(
            result=verdict, code=code, uuid=scan_uuid, station=station, scanned_at=now, delegate=card,
            first_checkin_at=first_at, first_station=first_station, agenda_item_id=agenda_item_id, offline=True,
        )

    @_locked
    def lookup(self, event_id: int, query: str, limit: int = 20, agenda_item_id: int | None = None) -> list[LookupRow]:
        """Manual lookup from the copy while the server is away (same matching as the server's)."""
        words = fold(query).split()[:6]
        if not words:
            return []
        where = " AND ".join("d.search LIKE ?" for _ in words)
        rows = self._conn.execute(
            "SELECT d.id, d.honorific, d.full_name, d.position, d.organization, d.label_vi, d.label_en, d.color,"
            " d.status, a.delegate_id IS NOT NULL"
            " FROM snapshot_delegates d"
            " LEFT JOIN admitted a ON a.event_id = d.event_id AND a.delegate_id = d.id AND a.item = ?"
            f" WHERE d.event_id = ? AND d.deleted = 0 AND {where} ORDER BY d.sort_key LIMIT ?",
            (agenda_item_id or 0, event_id, *(f"%{w}%" for w in words), limit),
        ).fetchall()
        return [LookupRow(id=r[0], honorific=r[1], full_name=r[2], position=r[3], organization=r[4],
                          category_label_vi=r[5], category_label_en=r[6], category_color=r[7], status=r[8],
                          cancelled=r[8] == DelegateStatus.CANCELLED, checked_in=bool(r[9])) for r in rows]

    # the queue ---------------------------------------------------------------------------
    @_locked
    def pending(self, event_id: int | None = None) -> int:
        if event_id is None:
            return self._conn.execute("SELECT COUNT(*) FROM queue WHERE synced_at IS NULL").fetchone()[0]
        return self._conn.execute("SELECT COUNT(*) FROM queue WHERE synced_at IS NULL AND event_id = ?",
                                  (event_id,)).fetchone()[0]

    def sync(self, db: Database) -> SyncReport:
        """Replay every queued scan on the server, oldest first; stops (keeping the rest) if the link drops.

        An offline ``ok`` the server judges a duplicate is a double admission: it is returned in
        the report and logged on the server (``offline_conflicts``) for the organiser.
        """
        with self._lock:
            rows = self._conn.execute(
                "SELECT uuid, event_id, code, station, item, scanned_at, local_result, delegate_id FROM queue"
                " WHERE synced_at IS NULL ORDER BY seq"
            ).fetchall()
        conflicts: list[SyncConflict] = []
        replayed = 0
        for row in rows:
            scan_uuid = row[0]
            try:
                with deadline(REPLAY_DEADLINE_S):
                    result, conflict = _replay(db, *row)
            except DomainError as exc:
                if exc.code == "db.unreachable":
                    break
                result, conflict = None, None  # e.g. the agenda item was deleted meanwhile: keep it, settled
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
            if conflict is not None:
                conflicts.append(conflict)
        return SyncReport(replayed=replayed, conflicts=tuple(conflicts), remaining=self.pending())


def _log_failure(future: Future[Any]) -> None:
    if not future.cancelled() and future.exception() is not None:
        log.error("refreshing the desk's local copy failed", exc_info=future.exception())


def _replay(db: Database, scan_uuid: str, event_id: int, code: str, station: str, item: int | None,
            scanned_at: str, local_result: str, delegate_id: int | None,
            ) -> tuple[CheckinResult, SyncConflict | None]:
    """Replay one queued scan; a double admission is logged on the server and returned."""
    from confman.core.checkin.conflicts import record_conflict

    if code == "" and delegate_id is not None:  # checked in by name while offline
        result = manual_checkin(db, event_id=event_id, delegate_id=delegate_id, station=station,
                                agenda_item_id=item, now=_parse(scanned_at), scan_uuid=scan_uuid, replay=True)
    else:
        result = perform_checkin(db, event_id=event_id, code=code, station=station, agenda_item_id=item,
                                 now=_parse(scanned_at), scan_uuid=scan_uuid, replay=True)
    if local_result != "ok" or result.result != "duplicate":
        return result, None
    conflict = SyncConflict(
        uuid=scan_uuid, delegate_id=result.delegate_id,
        full_name=result.delegate.display_name if result.delegate else "",
        scanned_at=_parse(scanned_at) or utcnow(), station=station,
        first_checkin_at=result.first_checkin_at, first_station=result.first_station,
    )
    record_conflict(db, event_id, conflict)
    return result, conflict


class CheckinDesk:
    """One desk: scans go to the server while it answers and to the offline queue when it does not."""

    def __init__(self, db: Database, queue: OfflineQueue | None = None, *, station: str = "") -> None:
        self.db = db
        self.queue = queue or OfflineQueue()
        self.station = station
        self.online = True
        # Online calls run here so that a frozen server costs the desk ONLINE_WAIT_S, not a hang;
        # a call left behind ends by itself (statement deadline, connect timeout).
        self._calls = ThreadPoolExecutor(max_workers=4, thread_name_prefix="confman-desk")
        self._refreshing: Future[Any] | None = None

    def read(self, call: Callable[[], _T]) -> _T:
        """Run a read the desk's page needs (counters, recent scans) within ONLINE_WAIT_S, like a scan:
        a frozen server raises TimeoutError (a connection error) instead of holding the caller, and the
        desk is offline at once, so a scan queued behind this read does not wait for the server again."""
        try:
            return self._online(call)
        except (DBAPIError, DomainError, TimeoutError, FutureTimeout) as exc:
            self._went_offline(exc)
            raise

    def _online(self, call: Callable[[], Any]) -> Any:
        """Run ``call`` against the server within ONLINE_WAIT_S; raises TimeoutError past it."""
        if self.db.is_sqlite:
            return call()

        def bounded() -> Any:
            with deadline(DOOR_DEADLINE_S):
                return call()

        return self._calls.submit(bounded).result(timeout=ONLINE_WAIT_S)

    def _went_offline(self, exc: BaseException) -> bool:
        if not is_connection_error(self.db, exc):
            return False
        self.online = False
        return True

    def scan(self, *, event_id: int, code: str, agenda_item_id: int | None = None) -> CheckinResult:
        scan_uuid = str(uuid_module.uuid4())
        now = utcnow()
        if self.online:
            try:
                result = self._online(lambda: perform_checkin(
                    self.db, event_id=event_id, code=code, station=self.station, agenda_item_id=agenda_item_id,
                    now=now, scan_uuid=scan_uuid))
            except (DBAPIError, DomainError, TimeoutError, FutureTimeout) as exc:
                if not self._went_offline(exc):
                    raise
            else:
                if not self.db.is_sqlite:  # a desk on the embedded database is never offline
                    self.queue.record_admission(result, event_id)
                return result
        return self.queue.scan_offline(event_id=event_id, code=code, station=self.station,
                                       agenda_item_id=agenda_item_id, now=now, scan_uuid=scan_uuid)

    def manual(self, *, event_id: int, delegate_id: int, agenda_item_id: int | None = None) -> CheckinResult:
        """Check in a delegate picked by name: the same verdicts as a scan of their current badge."""
        if self.online:
            try:
                code = self._online(lambda: current_code(self.db, event_id=event_id, delegate_id=delegate_id))
            except (DBAPIError, DomainError, TimeoutError, FutureTimeout) as exc:
                if not self._went_offline(exc):
                    raise
            else:
                return self.scan(event_id=event_id, code=code, agenda_item_id=agenda_item_id)
        return self.queue.scan_offline(event_id=event_id, delegate_id=delegate_id, station=self.station,
                                       agenda_item_id=agenda_item_id)

    def lookup(self, event_id: int, query: str, agenda_item_id: int | None = None) -> list[LookupRow]:
        """Manual lookup on the server, or in the local copy while offline."""
        if self.online:
            try:
                return self._online(lambda: lookup_delegates(self.db, event_id, query, agenda_item_id=agenda_item_id))
            except (DBAPIError, DomainError, TimeoutError, FutureTimeout) as exc:
                if not self._went_offline(exc):
                    raise
        return self.queue.lookup(event_id, query, agenda_item_id=agenda_item_id)

    def poll(self, event_id: int, *, refresh: bool = True) -> tuple[int, int] | None:
        """Every few seconds while online: the scan log's fingerprint, answered within ONLINE_WAIT_S like a
        scan (else the desk is offline and None comes back), and — without waiting for it — the local
        copy brought up to date (who came in at other desks, changed delegates)."""
        try:
            token = self._online(lambda: scan_token(self.db, event_id))
        except (DBAPIError, DomainError, TimeoutError, FutureTimeout) as exc:
            if not self._went_offline(exc):
                raise
            return None
        if refresh and not self.db.is_sqlite and (self._refreshing is None or self._refreshing.done()):
            self._refreshing = self._calls.submit(self.refresh_snapshot, event_id)
            self._refreshing.add_done_callback(_log_failure)
        return token

    def server_reachable(self) -> bool:
        """Probe the server without touching the queue (safe on any thread; may take the connect timeout)."""
        try:
            with deadline(DOOR_DEADLINE_S):
                self.db.check_connection()
        except (DomainError, DBAPIError):
            return False
        return True

    def refresh_snapshot(self, event_id: int) -> int | None:
        """Bring the local copy up to date while connected; None (and offline) when the server is away."""
        try:
            with deadline(10.0):
                return self.queue.refresh_snapshot(self.db, event_id)
        except (DBAPIError, DomainError) as exc:
            if not self._went_offline(exc):
                raise
            return None

    def reconnect(self, event_id: int | None = None) -> SyncReport | None:
        """When offline or with scans queued: probe the server, replay the queue, refresh the copy.

        Returns the sync report (None when the server is still unreachable or nothing was queued).
        """
        if self.online and not self.queue.pending():
            return None
        if not self.server_reachable():
            self.online = False
            return None
        report = self.queue.sync(self.db)
        self.online = report.remaining == 0
        if self.online and event_id is not None:
            self.refresh_snapshot(event_id)
        return report
