"""Pieces shared by the page-per-person documents (certificates, invitation letters)."""

from __future__ import annotations

from datetime import date

from confman.core.reports.data import EventInfo


def long_date(day: date, lang: str) -> str:
    """"ngày 13 tháng 12 năm 2018" / "13 December 2018" as official letters date themselves."""
    if lang == "en":
        from babel.dates import format_date

        return format_date(day, format="d MMMM y", locale="en")
    return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def place(info: EventInfo) -> str:
    """The city a letter is dated from: the event's ``place`` setting, else the venue's last part."""
    parts = [x.strip() for x in info.venue.split(",") if x.strip()]
    return parts[-1] if parts else ""


def place_date(info: EventInfo, day: date, lang: str) -> str:
    where = place(info)
    when = long_date(day, lang)
    return f"{where}, {when}" if where else when[:1].upper() + when[1:]
