"""What the door hands back: the card of the person in front of the desk and the verdict."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from confman.core.changes import Changes
from confman.core.enums import CheckInResult


@dataclass(frozen=True, slots=True)
class DelegateCard:
    """What the desk shows about the person in front of it."""

    id: int
    honorific: str
    full_name: str
    position: str
    organization: str
    category_code: str
    category_label_vi: str
    category_label_en: str
    category_color: str
    is_vip: bool
    photo: bytes | None = field(default=None, repr=False)

    def category_label(self, lang: str) -> str:
        return self.category_label_en if lang == "en" and self.category_label_en else self.category_label_vi

    @property
    def display_name(self) -> str:
        return f"{self.honorific} {self.full_name}".strip()


@dataclass(frozen=True, slots=True)
class CheckinResult:
    """The verdict of one scan; ``first_*`` name the ok this scan is (or duplicates)."""

    result: str
    code: str
    uuid: str
    station: str
    scanned_at: datetime
    delegate: DelegateCard | None = None
    first_checkin_at: datetime | None = None
    first_station: str | None = None
    agenda_item_id: int | None = None
    offline: bool = False

    @property
    def delegate_id(self) -> int | None:
        return self.delegate.id if self.delegate else None

    @property
    def ok(self) -> bool:
        return self.result == CheckInResult.OK

    @property
    def changes(self) -> Changes:
        ids = {self.delegate.id} if self.delegate else set()
        return Changes.of("checkins", ids=ids)

    def to_json(self) -> dict[str, Any]:
        """The CLI contract: result, delegate_id, name, first_checkin_at, station."""
        return {
            "result": self.result,
            "delegate_id": self.delegate_id,
            "name": self.delegate.full_name if self.delegate else None,
            "first_checkin_at": self.first_checkin_at.isoformat() if self.first_checkin_at else None,
            "station": self.first_station,
        }
