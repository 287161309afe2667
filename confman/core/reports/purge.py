"""Purge the personal data of a finished event, after a backup and an explicit confirmation.

What a Vietnamese organiser expects, and what Vietnam's personal data protection rules
(Nghị định 13/2023/NĐ-CP: keep personal data no longer than the purpose needs) ask:

* **Removed** from every delegate of the event (recycle bin included): phone, e-mail,
  photo and notes (free text that may hold health, diet or other private details) —
  and the same fields' old values in the audit log, which would otherwise keep a copy.
* **Kept**: name, honorific, position, organization, category, delegation, nationality,
  gender, status, the check-in log and the badge print log.  Names, positions and units
  are what the signed sign-in sheets, the certificates and the summary report to the
  leadership (*báo cáo tổng kết*) already show on paper and in the archive; they are
  not secret, and keeping them keeps every attendance figure exactly as before.

The event is marked (``settings["personal_data_purged_at"]``) and the audit log records
the purge.  SQLite is backed up first (reason ``before-purge``) into the backups folder;
on a PostgreSQL server, which confman cannot copy, the caller must state that a server
backup (pg_dump) was made.  The backup is named like a manual one, so the rotation of
periodic backups never deletes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import defer

from confman.core.audit import AuditLog, record_audit
from confman.core.changes import Changes
from confman.core.db.backup import BACKUP_SUFFIX, backup_database
from confman.core.db.base import utcnow
from confman.core.db.engine import Database
from confman.core.errors import DomainError
from confman.core.events.models import Event
from confman.core.registration.models import Delegate
from confman.core.reports.data import event_info

#: Delegate fields emptied by the purge.
PURGED_FIELDS = ("phone", "email", "photo", "notes")
PURGED_MARK = "<purged>"
SETTINGS_KEY = "personal_data_purged_at"


@dataclass(frozen=True, slots=True)
class PurgeResult:
    backup: Path | None
    delegates: int
    phones: int
    emails: int
    photos: int
    notes: int
    audit_entries: int
    changes: Changes

    def to_json(self) -> dict[str, Any]:
        return {"backup": str(self.backup) if self.backup else None, "delegates": self.delegates,
                "phones": self.phones, "emails": self.emails, "photos": self.photos, "notes": self.notes,
                "audit_entries": self.audit_entries}


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


def purge_personal_data(db: Database, event_id: int, *, confirm: str, backups_folder: Path | None,
                        station: str = "", external_backup: bool = False,
                        today: datetime | None = None) -> PurgeResult:
    """Back up, then remove the event's contact details, photos and notes (see the module docstring).

    ``confirm`` must be the event's code (typed by the user).  Raises
    ``reports.purge.confirmation``, ``reports.purge.not_finished`` or
    ``reports.purge.backup_required`` and changes nothing in those cases.
    """
    info = event_info(db, event_id)
    if confirm.strip().casefold() != info.code.casefold():
        raise DomainError("reports.purge.confirmation", code=info.code)
    check_purge_allowed(db, event_id, today=today)
    backup: Path | None = None
    if db.sqlite_path is not None:
        if backups_folder is None:
            raise DomainError("reports.purge.backup_required", code=info.code)
        # Named like a manual backup (no "auto-" prefix): rotation of the periodic backups must
        # never delete the only copy of the data the purge removes.
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
        backup = backup_database(db, backups_folder / f"confman-{stamp}-before-purge{BACKUP_SUFFIX}",
                                 reason="before-purge")
    elif not external_backup:
        raise DomainError("reports.purge.backup_required", code=info.code)
    counts = dict.fromkeys(PURGED_FIELDS, 0)
    with db.session() as session:
        # Photos are cleared in one statement (never loaded: thousands of them would fill memory);
        # the text fields through the ORM, so the folded search column is recomputed without them.
        counts["photo"] = session.scalar(select(func.count(Delegate.id)).where(
            Delegate.event_id == event_id, Delegate.photo.is_not(None))) or 0
        session.execute(update(Delegate).where(Delegate.event_id == event_id, Delegate.photo.is_not(None))
                        .values(photo=None).execution_options(synchronize_session=False))
        delegates = session.scalars(select(Delegate).options(defer(Delegate.photo))
                                    .where(Delegate.event_id == event_id)).all()
        ids = [d.id for d in delegates]
        for delegate in delegates:
            for name in ("phone", "email", "notes"):
                if getattr(delegate, name):
                    counts[name] += 1
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
        stamp = utcnow().isoformat()
        event.settings = {**(event.settings or {}), SETTINGS_KEY: stamp}
        record_audit(session, entity="event", entity_id=event_id, action="purge_personal_data",
                     changes={"delegates": len(ids), "phones": counts["phone"], "emails": counts["email"],
                              "photos": counts["photo"], "notes": counts["notes"], "audit_entries": scrubbed,
                              "backup": str(backup) if backup else "external"},
                     event_id=event_id, station=station)
    return PurgeResult(backup=backup, delegates=len(ids), phones=counts["phone"], emails=counts["email"],
                       photos=counts["photo"], notes=counts["notes"], audit_entries=scrubbed,
                       changes=Changes.of("delegates", "events", ids=set(ids)))
