"""iCalendar export of the agenda (whole or one person's), in the event's time zone.

Start and end carry ``TZID=<event zone>`` and the calendar holds the matching
``VTIMEZONE`` (generated from the zoneinfo database), so calendar apps on any zone
show the programme at the right instant.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar
from icalendar import Event as VEvent

from confman.core.agenda.service import AgendaEventInfo, AgendaItemRow, agenda_event, list_items
from confman.core.db.engine import Database
from confman.i18n import t


def _description(item: AgendaItemRow, lang: str) -> str:
    lines = [item.description] if item.description else []
    if item.chairs:
        lines.append(t("agenda.ics.chair", lang, names="; ".join(p.display for p in item.chairs)))
    if item.speakers:
        lines.append(t("agenda.ics.speaker", lang, names="; ".join(p.display for p in item.speakers)))
    for n, pres in enumerate((p for p in item.presentations if not p.withdrawn), start=1):
        who = ", ".join(x for x in pres.presenters if x)
        lines.append(f"{n}. {pres.title(lang)}" + (f" — {who}" if who else ""))
    return "\n".join(lines)


def build_calendar(info: AgendaEventInfo, items: Sequence[AgendaItemRow], *, lang: str = "vi",
                   now: datetime | None = None) -> bytes:
    """The ``.ics`` bytes of ``items``."""
    zone = ZoneInfo(info.timezone)
    stamp = (now or datetime.now(UTC)).astimezone(UTC)
    cal = Calendar()
    cal.add("prodid", "-//confman//agenda//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", t("agenda.ics.calname", lang, name=info.name(lang)))
    cal.add("x-wr-timezone", info.timezone)
    for item in items:
        event = VEvent()
        event.add("uid", f"agenda-{item.id}@{info.code.lower()}.confman")
        event.add("dtstamp", stamp)
        event.add("dtstart", datetime.combine(item.day, item.start, tzinfo=zone))
        event.add("dtend", datetime.combine(item.day, item.end, tzinfo=zone))
        event.add("summary", item.title(lang))
        location = ", ".join(x for x in (item.room(lang), info.venue) if x)
        if location:
            event.add("location", location)
        description = _description(item, lang)
        if description:
            event.add("description", description)
        event.add("categories", [t(f"agenda.kind.{item.kind.value}", lang)])
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def write_calendar(db: Database, event_id: int, path: str | Path, *, delegate_id: int | None = None,
                   lang: str = "vi") -> Path:
    """Write the whole agenda, or only ``delegate_id``'s items, to ``path``."""
    data = build_calendar(agenda_event(db, event_id), list_items(db, event_id, delegate_id=delegate_id), lang=lang)
    target = Path(path)
    target.write_bytes(data)
    return target
