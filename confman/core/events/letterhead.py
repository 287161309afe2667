"""An event's document fields turned into the strings an official document prints, per language.

``lang`` is ``"vi"``, ``"en"`` or ``"both"`` (Vietnamese first, English beneath where the
layout has room for it).  Fixed wording (the motto, "Số:", "Nơi nhận:") comes from the catalog.
"""

from __future__ import annotations

from datetime import date

from confman.core.events.documents import EventDocuments
from confman.core.pdf.official import Letterhead, place_date_line
from confman.i18n import t


def main_lang(lang: str) -> str:
    return "vi" if lang == "both" else lang


def number_line(docs: EventDocuments, lang: str) -> str:
    """"Số: 125/GM-BTTTT"; a blank for the clerk ("Số: ……/GM") while no number is set."""
    number = docs.letter_number.strip()
    return t("documents.number", main_lang(lang), number=number or t("documents.number.blank", main_lang(lang)))


def letterhead_for(docs: EventDocuments, lang: str, *, day: date | None, number: bool = False) -> Letterhead:
    """The letterhead of ``docs`` in ``lang``, dated ``day`` at the event's place (no date when None)."""
    main = main_lang(lang)
    both = lang == "both"
    return Letterhead(
        parent=docs.parent(main),
        issuing=docs.issuing(main),
        motto_country=t("documents.motto.country", main),
        motto_words=t("documents.motto.words", main),
        place_date=place_date_line(docs.where(main), day, main) if day is not None else "",
        number=number_line(docs, lang) if number else "",
        secondary_country=t("documents.motto.country", "en") if both else "",
        secondary_words=t("documents.motto.words", "en") if both else "",
    )


def signer_lines(docs: EventDocuments, lang: str) -> tuple[str, str, str]:
    """(authority, title, name) of the signer block; the organising committee when nothing is set."""
    main = main_lang(lang)
    authority, title = docs.text("signer_authority", main), docs.text("signer_title", main)
    if not authority and not title:
        authority = t("documents.sign.default_authority", main)
    return authority, title, docs.signer_name


__all__ = ["letterhead_for", "main_lang", "number_line", "signer_lines"]
