"""The wording of the page-per-person documents (invitation letters, certificates).

The letterhead, place, signer and letter number are the event's document fields
(:mod:`confman.core.events.documents`).  The sentences are a small template: the defaults come
from the catalog and an event can override them in ``event.settings["letters"]`` (per language
with an ``_en`` suffix): ``invitation_body``, ``invitation_closing`` and ``certificate_text``,
free text with the placeholders ``{name}``, ``{event}``, ``{dates}``, ``{venue}`` and ``{issuer}``.

Text from the settings is printed literally (escaped), like every other field.
"""

from __future__ import annotations

from dataclasses import dataclass
from string import Formatter
from typing import Any

from confman.core.agenda.pdf import date_span
from confman.core.reports.data import EventInfo
from confman.i18n import t


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
    invitation_body: str
    invitation_closing: str
    certificate_text: str

    def fields(self, info: EventInfo, lang: str, name: str = "") -> dict[str, Any]:
        return {"name": name, "event": info.name(lang), "dates": date_span(info.start_date, info.end_date),
                "venue": info.venue_for(lang)}


def letter_template(info: EventInfo, lang: str) -> LetterTemplate:
    """The event's wording for ``lang``: its settings where given, else the catalog's."""

    def get(key: str, default_key: str) -> str:
        value = info.letters.get(f"{key}_en") if lang == "en" else info.letters.get(key)
        return value or t(default_key, lang)

    return LetterTemplate(
        invitation_body=get("invitation_body", "documents.invitation.body"),
        invitation_closing=get("invitation_closing", "documents.invitation.closing"),
        certificate_text=get("certificate_text", "documents.certificate.certify"),
    )
