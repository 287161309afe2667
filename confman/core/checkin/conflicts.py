"""Double admissions found when an offline desk syncs, kept on the server for the organiser.

An offline desk cannot know who another desk let in after it lost the server.  When its
queue is replayed, an offline ``ok`` that the server judges a ``duplicate`` means one person
was let in twice (or one badge was shown by two people): each such case is written to the
audit log (``entity="checkin"``, ``action="offline_conflict"``) once, whichever desk syncs,
and listed by :func:`offline_conflicts` (``confman checkin conflicts``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import select

from confman.core.audit import AuditLog, record_audit
from confman.core.db.engine import Database

ACTION = "offline_conflict"


class _Conflict(Protocol):
    uuid: str
    delegate_id: int | None
    full_name: str
    scanned_at: datetime
    station: str
    first_checkin_at: datetime | None
    first_station: str | None


@dataclass(frozen=True, slots=True)
class ConflictRow:
    """One double admission: who, which desk let them in offline and when, and the first admission."""

    delegate_id: int | None
    full_name: str
    offline_station: str
    offline_at: str
    first_station: str
    first_at: str
    scan_uuid: str

    def to_json(self) -> dict[str, Any]:
        return {"delegate_id": self.delegate_id, "name": self.full_name, "offline_station": self.offline_station,
                "offline_at": self.offline_at, "first_station": self.first_station, "first_at": self.first_at}


def record_conflict(db: Database, event_id: int, conflict: _Conflict) -> None:
    """Log a double admission once (a replay run twice does not log it twice)."""
    with db.session() as session:
        earlier = session.scalars(select(AuditLog.changes).where(
            AuditLog.event_id == event_id, AuditLog.entity == "checkin", AuditLog.action == ACTION,
            AuditLog.entity_id == conflict.delegate_id)).all()
        if any(c.get("uuid") == conflict.uuid for c in earlier):
            return
        record_audit(session, entity="checkin", entity_id=conflict.delegate_id, action=ACTION, event_id=event_id,
                     station=conflict.station, changes={
                         "uuid": conflict.uuid, "full_name": conflict.full_name,
                         "offline_at": conflict.scanned_at.isoformat(),
                         "first_at": conflict.first_checkin_at.isoformat() if conflict.first_checkin_at else "",
                         "first_station": conflict.first_station or "",
                     })


def offline_conflicts(db: Database, event_id: int) -> list[ConflictRow]:
    """Every double admission reported by a syncing desk, oldest first."""
    with db.session() as session:
        rows = session.execute(select(AuditLog.entity_id, AuditLog.station, AuditLog.changes).where(
            AuditLog.event_id == event_id, AuditLog.entity == "checkin", AuditLog.action == ACTION,
        ).order_by(AuditLog.id)).all()
    return [ConflictRow(delegate_id=r[0], full_name=str(r[2].get("full_name", "")), offline_station=r[1] or "",
                        offline_at=str(r[2].get("offline_at", "")), first_station=str(r[2].get("first_station", "")),
                        first_at=str(r[2].get("first_at", "")), scan_uuid=str(r[2].get("uuid", "")))
            for r in rows]
