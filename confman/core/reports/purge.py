"""Purge the personal data of a finished event, everywhere confman keeps it, after an explicit confirmation.

What a Vietnamese organiser expects, and what Vietnam's personal data protection rules
(Nghị định 13/2023/NĐ-CP: keep personal data no longer than the purpose needs) ask:

* **Removed** from every delegate of the event (recycle bin included): phone, e-mail (and a
  phone or e-mail kept as given because it needed checking), photo and notes (free text that may hold health, diet or other private details) —
  and the same fields' old values in the audit log, which would otherwise keep a copy.
* **Kept**: name, honorific, position, organization, category, delegation, nationality,
  gender, status, the check-in log and the badge print log.  Names, positions and units
  are what the signed sign-in sheets, the certificates and the summary report to the
  leadership (*báo cáo tổng kết*) already show on paper and in the archive; they are
  not secret, and keeping them keeps every attendance figure exactly as before.

Purged means purged (SQLite): the live file is rewritten (``VACUUM``) and its write-ahead log
emptied, so no old value survives in a free page; every backup in the backups folder that still
holds the event's personal data is scrubbed the same way (other events in it are untouched) or,
when it cannot be read or upgraded, deleted — ``preview_purge`` says which before anything
happens. The user may keep exactly one copy of the data as it was:
``personal-data-confman-<time>-before-purge-<event>.sqlite3``, never rotated.  Backups saved
elsewhere (``confman backup FILE``, a USB stick) are out of reach; the result lists what remains
in the backups folder.

The event is marked (``settings["personal_data_purged_at"]``) and the audit log records the
purge.  On a PostgreSQL server, which confman cannot copy, the caller must state that a server
backup (pg_dump) was made; purging the server's own backups is the server operator's job.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session, defer

from confman.core.audit import AuditLog, record_audit
from confman.core.changes import Changes
from confman.core.db.backup import KEPT_PREFIX, BackupKind, backup_database, backup_name, list_backups
from confman.core.db.base import utcnow
from confman.core.db.engine import Database
from confman.core.errors import DomainError
from confman.core.events.models import Event
from confman.core.registration.models import Delegate
from confman.core.reports.data import event_info
from confman.core.reports.purge_files import (
    PURGED_KEY,
    backups_holding,
    compact_sqlite,
    holds_personal_data,
    scrub_backup,
)

#: Delegate fields emptied by the purge.
PURGED_FIELDS = ("phone", "email", "photo", "notes")
#: What needed checking about a phone or e-mail (the value as given), emptied with them.
CONTACT_ISSUE_COLUMNS = ("phone_issue", "phone_issue_value", "email_issue", "email_issue_value")
PURGED_MARK = "<purged>"
SETTINGS_KEY = PURGED_KEY


@dataclass(frozen=True, slots=True)
class BackupFate:
    """What the purge did to one backup: ``scrubbed``, ``deleted`` (unreadable/too new) or ``kept``."""

    path: Path
    action: Literal["scrubbed", "deleted", "kept"]
    detail: str = ""


@dataclass(frozen=True, slots=True)
class RemainingBackup:
    """A backup left in the backups folder after the purge, and whether it holds the event's personal data."""

    path: Path
    kind: BackupKind
    personal_data: bool


@dataclass(frozen=True, slots=True)
class PurgePreview:
    """What a purge would do: the counts it would clear and the backups it would scrub."""

    code: str
    delegates: int
    phones: int
    emails: int
    photos: int
    notes: int
    backups: tuple[Path, ...]


@dataclass(frozen=True, slots=True)
class PurgeResult:
    backup: Path | None  # the one pre-purge copy the user chose to keep (None: none kept)
    delegates: int
    phones: int
    emails: int
    photos: int
    notes: int
    audit_entries: int
    changes: Changes
    backups: tuple[BackupFate, ...] = ()
    remaining: tuple[RemainingBackup, ...] = ()
    live_file_compacted: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"backup": str(self.backup) if self.backup else None, "delegates": self.delegates,
                "phones": self.phones, "emails": self.emails, "photos": self.photos, "notes": self.notes,
                "audit_entries": self.audit_entries,
                "backups_scrubbed": [str(f.path) for f in self.backups if f.action == "scrubbed"],
                "backups_deleted": [{"path": str(f.path), "reason": f.detail} for f in self.backups
                                    if f.action == "deleted"],
                "backup_kept": str(self.backup) if self.backup else None,
                "remaining_backups": [{"path": str(r.path), "kind": r.kind, "personal_data": r.personal_data}
                                      for r in self.remaining],
                "live_file_compacted": self.live_file_compacted}


def check_purge_allowed(db: Database, event_id: int, *, today: datetime | None = None) -> None:
    """Raise ``reports.purge.not_finished`` while the event has not ended (in its own time zone)."""
    info = event_info(db, event_id)
    now = info.local(today)
    if info.end_date >= now.date():
        raise DomainError("reports.purge.not_finished", code=info.code, end=f"{info.end_date:%d/%m/%Y}")


def _scrub(value: Any) -> tuple[Any, bool]:
    """``value`` with every purged field's content replaced, at any depth; and whether it changed."""
    if isinstance(value, dict):
        changed = False
        out: dict[str, Any] = {}
        for key, inner in value.items():
            if key in PURGED_FIELDS and inner not in (None, "", [], PURGED_MARK):
                out[key] = PURGED_MARK
                changed = True
            else:
                out[key], sub = _scrub(inner)
                changed = changed or sub
        return out, changed
    if isinstance(value, list):
        items = [_scrub(x) for x in value]
        return [x for x, _ in items], any(c for _, c in items)
    return value, False


def _personal_counts(session: Session, event_id: int) -> dict[str, int]:
    where = Delegate.event_id == event_id
    return {
        "phone": session.scalar(select(func.count(Delegate.id)).where(
            where, or_(Delegate.phone != "", Delegate.phone_issue_value != ""))) or 0,
        "email": session.scalar(select(func.count(Delegate.id)).where(
            where, or_(Delegate.email != "", Delegate.email_issue_value != ""))) or 0,
        "photo": session.scalar(select(func.count(Delegate.id)).where(where, Delegate.photo.is_not(None))) or 0,
        "notes": session.scalar(select(func.count(Delegate.id)).where(where, Delegate.notes != "")) or 0,
    }


def purge_rows(session: Session, event_id: int) -> tuple[list[int], dict[str, int], int]:
    """Clear the event's personal fields and their audit copies; returns (delegate ids, counts, audit rows)."""
    counts = _personal_counts(session, event_id)
    # Photos are cleared in one statement (never loaded: thousands of them would fill memory);
    # the text fields through the ORM, so the folded search column is recomputed without them.
    session.execute(update(Delegate).where(Delegate.event_id == event_id, Delegate.photo.is_not(None))
                    .values(photo=None).execution_options(synchronize_session=False))
    delegates = session.scalars(select(Delegate).options(defer(Delegate.photo))
                                .where(Delegate.event_id == event_id)).all()
    ids = [d.id for d in delegates]
    for delegate in delegates:
        for name in ("phone", "email", "notes", *CONTACT_ISSUE_COLUMNS):
            if getattr(delegate, name):
                setattr(delegate, name, "")
    scrubbed = 0
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        entries = session.scalars(select(AuditLog).where(AuditLog.entity == "delegate",
                                                         AuditLog.entity_id.in_(chunk))).all()
        for entry in entries:
            clean, changed = _scrub(entry.changes or {})
            if changed:
                entry.changes = clean
                scrubbed += 1
    event = session.get(Event, event_id)
    assert event is not None
    event.settings = {**(event.settings or {}), SETTINGS_KEY: utcnow().isoformat()}
    return ids, counts, scrubbed


def _purge_by_code(db: Database, code: str) -> None:
    """The purge inside a backup (found by event code; ids may differ between copies)."""
    with db.session() as session:
        event_id = session.scalar(select(Event.id).where(Event.code == code))
        if event_id is not None:
            purge_rows(session, event_id)


def preview_purge(db: Database, event_id: int, *, backups_folder: Path | None) -> PurgePreview:
    """What ``purge_personal_data`` would clear, and the backups it would scrub (nothing is changed)."""
    info = event_info(db, event_id)
    with db.session() as session:
        counts = _personal_counts(session, event_id)
        delegates = session.scalar(select(func.count(Delegate.id)).where(Delegate.event_id == event_id)) or 0
    folder = backups_folder if db.sqlite_path is not None else None
    return PurgePreview(info.code, delegates, counts["phone"], counts["email"], counts["photo"], counts["notes"],
                        tuple(path for path, _holds in backups_holding(folder, info.code)))


def _kept_backup(db: Database, folder: Path, code: str) -> Path:
    """The one pre-purge copy of ``code`` the user keeps: an existing one, or a new one."""
    label = backup_name("before-purge", prefix=KEPT_PREFIX, label=code)
    suffix = label.split("-before-purge-", 1)[1]
    for info in list_backups(folder):
        if info.kind == "kept" and info.path.name.endswith("-before-purge-" + suffix):
            return info.path
    return backup_database(db, folder / label)


def purge_personal_data(db: Database, event_id: int, *, confirm: str, backups_folder: Path | None,
                        station: str = "", external_backup: bool = False, keep_backup: bool = False,
                        today: datetime | None = None) -> PurgeResult:
    """Remove the event's contact details, photos and notes everywhere (see the module docstring).

    ``confirm`` must be the event's code (typed by the user). With ``keep_backup`` one pre-purge
    copy is kept (SQLite). Raises ``reports.purge.confirmation``, ``reports.purge.not_finished``
    or ``reports.purge.backup_required`` and changes nothing in those cases.
    """
    info = event_info(db, event_id)
    if confirm.strip().casefold() != info.code.casefold():
        raise DomainError("reports.purge.confirmation", code=info.code)
    check_purge_allowed(db, event_id, today=today)
    kept: Path | None = None
    holding: list[tuple[Path, bool | None]] = []
    path = db.sqlite_path
    if path is not None:
        if backups_folder is None:
            raise DomainError("reports.purge.backup_required", code=info.code)
        holding = backups_holding(backups_folder, info.code)
        if keep_backup:
            kept = _kept_backup(db, backups_folder, info.code)
    elif not external_backup:
        raise DomainError("reports.purge.backup_required", code=info.code)
    with db.session() as session:
        if path is not None:  # freed cells are zeroed, not left for the next page reader
            session.connection().exec_driver_sql("PRAGMA secure_delete=ON")
        ids, counts, scrubbed = purge_rows(session, event_id)
        record_audit(session, entity="event", entity_id=event_id, action="purge_personal_data",
                     changes={"delegates": len(ids), "phones": counts["phone"], "emails": counts["email"],
                              "photos": counts["photo"], "notes": counts["notes"], "audit_entries": scrubbed,
                              "backup_kept": kept.name if kept else "",
                              "backups_scrubbed": len([h for h in holding if h[0] != kept])},
                     event_id=event_id, station=station)
    fates: list[BackupFate] = []
    compacted = False
    if path is not None:
        db.dispose()  # no pooled connection keeps an old snapshot of the rewritten file
        compacted = compact_sqlite(path)
        fates = _purge_backups(holding, info.code, kept)
    remaining = _remaining(backups_folder if path is not None else None, info.code)
    return PurgeResult(backup=kept, delegates=len(ids), phones=counts["phone"], emails=counts["email"],
                       photos=counts["photo"], notes=counts["notes"], audit_entries=scrubbed,
                       changes=Changes.of("delegates", "events", ids=set(ids)), backups=tuple(fates),
                       remaining=remaining, live_file_compacted=compacted)


def _purge_backups(holding: list[tuple[Path, bool | None]], code: str, kept: Path | None) -> list[BackupFate]:
    fates = [BackupFate(kept, "kept")] if kept is not None else []
    for backup, _holds in holding:
        if backup == kept:
            continue
        try:
            scrub_backup(backup, code, _purge_by_code)
            fates.append(BackupFate(backup, "scrubbed"))
        except Exception as exc:  # unreadable, damaged or from a newer confman: it cannot keep the data
            detail = exc.code if isinstance(exc, DomainError) else type(exc).__name__
            for suffix in ("", "-journal", "-wal", "-shm"):
                backup.with_name(backup.name + suffix).unlink(missing_ok=True)
            fates.append(BackupFate(backup, "deleted", detail))
    return fates


def _remaining(folder: Path | None, code: str) -> tuple[RemainingBackup, ...]:
    if folder is None:
        return ()
    return tuple(RemainingBackup(b.path, b.kind, holds_personal_data(b.path, code) is not False)
                 for b in list_backups(folder))
