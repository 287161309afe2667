"""Pieces shared by the page-per-person documents (certificates, invitation letters).

The wording is a small template: the defaults come from the catalog and an event can
override them in ``event.settings["letters"]`` (per language with an ``_en`` suffix):

* ``signer_title`` — "TM. BAN TỔ CHỨC", "THỨ TRƯỞNG" …; ``signer_name`` — printed under the
  space left for the signature and seal;
* ``reference`` — the letter number ("Số: 125/GM-BTTTT");
* ``place`` — the city letters are dated from (default: the venue's last part);
* ``invitation_body``, ``invitation_closing``, ``certificate_text`` — free text with the
  placeholders ``{name}``, ``{event}``, ``{dates}``, ``{venue}``.

Text from the settings is printed literally (escaped), like every other field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from string import Formatter
from typing import Any

from confman.core.agenda.pdf import date_span
from confman.core.reports.data import EventInfo
from confman.i18n import t


def long_date(day: date, lang: str) -> str:
    """"ngày 13 tháng 12 năm 2018" / "13 December 2018" as official letters date themselves."""
    if lang == "en":
        from babel.dates import format_date

        return format_date(day, format="d MMMM y", locale="en")
    return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def place(info: EventInfo) -> str:
    """The city a letter is dated from: the template's ``place``, else the venue's last part."""
    if info.letters.get("place"):
        return info.letters["place"]
    parts = [x.strip() for x in info.venue.split(",") if x.strip()]
    return parts[-1] if parts else ""


def place_date(info: EventInfo, day: date, lang: str) -> str:
    where = place(info)
    when = long_date(day, lang)
    return f"{where}, {when}" if where else when[:1].upper() + when[1:]


class _Fields(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(template: str, **fields: str) -> str:
    """``template`` with ``{name}``-style fields replaced; unknown or broken fields stay as typed."""
    try:
        names = {name for _, name, _, _ in Formatter().parse(template) if name}
    except ValueError:  # an unmatched brace: print the text as it is
        return template
    if any(not name.isidentifier() for name in names):
        return template
    return template.format_map(_Fields(fields))


@dataclass(frozen=True, slots=True)
class LetterTemplate:
    signer_title: str
    signer_name: str
    reference: str
    invitation_body: str
    invitation_closing: str
    certificate_text: str

    def fields(self, info: EventInfo, lang: str, name: str = "") -> dict[str, Any]:
        return {"name": name, "event": info.name(lang), "dates": date_span(info.start_date, info.end_date),
                "venue": info.venue}


def letter_template(info: EventInfo, lang: str) -> LetterTemplate:
    """The event's wording for ``lang``: its settings where given, else the catalog's."""

    def get(key: str, default_key: str | None) -> str:
        value = info.letters.get(f"{key}_en") if lang == "en" else None
        value = value or info.letters.get(key)
        if value:
            return value
        return t(default_key, lang) if default_key else ""

    return LetterTemplate(
        signer_title=get("signer_title", "reports.sign.on_behalf"),
        signer_name=get("signer_name", None),
        reference=get("reference", None),
        invitation_body=get("invitation_body", "reports.invitations.invites"),
        invitation_closing=get("invitation_closing", "reports.invitations.closing"),
        certificate_text=get("certificate_text", "reports.certificates.certify"),
    )
