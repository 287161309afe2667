"""The dashboard's read (a plain function run by an op)."""

from __future__ import annotations

from confman.core.checkin.service import CategoryCount, CheckinStats, GroupCount, checkin_stats, scan_token
from confman.core.db.engine import Database

__all__ = ["CategoryCount", "CheckinStats", "GroupCount", "figures"]


def figures(db: Database, event_id: int, known: tuple[int, int] | None) -> tuple[tuple[int, int], CheckinStats | None]:
    """The scan token, and the full figures unless the token is still ``known`` (nothing new)."""
    token = scan_token(db, event_id)
    if known is not None and token == known:
        return token, None
    return token, checkin_stats(db, event_id)
