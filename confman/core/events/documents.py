"""What an event's official documents print: letterhead, place, signer, letter number, contact.

Vietnamese administrative documents (Nghị định 30/2020/NĐ-CP) carry the parent body and the
issuing body top left, the letter number under them, the place and date top right, and the
signer's authority (TM./KT./TL./TUQ.), title and name at the end.  Each fixed field has an
English value for documents in English; an empty English value falls back to the Vietnamese
one, and :meth:`EventDocuments.missing_english` names those fields so the window and the CLI
can say so before printing.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from confman.core.audit import record_audit
from confman.core.db.engine import Database
from confman.core.errors import DomainError
from confman.core.events.models import Event
from confman.core.text import clean_text
from confman.i18n import t

#: Editable fields and their longest value (the column sizes).
FIELD_LENGTHS: dict[str, int] = {
    "name_vi": 500, "name_en": 500, "venue": 500, "venue_en": 500, "place": 100, "place_en": 100,
    "parent_body": 300, "parent_body_en": 300, "issuing_body": 300, "issuing_body_en": 300,
    "signer_authority": 300, "signer_authority_en": 300, "signer_title": 300, "signer_title_en": 300,
    "signer_name": 200, "letter_number": 100, "contact_name": 200, "contact_phone": 50,
}
#: Vietnamese field → its English twin.
ENGLISH_OF: dict[str, str] = {
    "name_vi": "name_en", "venue": "venue_en", "place": "place_en", "parent_body": "parent_body_en",
    "issuing_body": "issuing_body_en", "signer_authority": "signer_authority_en",
    "signer_title": "signer_title_en",
}
#: The forms of authority a signer block starts with (thẩm quyền ký).
AUTHORITIES = ("TM.", "KT.", "TL.", "TUQ.", "Q.")


@dataclass(frozen=True, slots=True)
class EventDocuments:
    """An event's document fields (empty strings where unset)."""

    event_id: int
    code: str
    name_vi: str
    name_en: str = ""
    venue: str = ""
    venue_en: str = ""
    place: str = ""
    place_en: str = ""
    parent_body: str = ""
    parent_body_en: str = ""
    issuing_body: str = ""
    issuing_body_en: str = ""
    signer_authority: str = ""
    signer_authority_en: str = ""
    signer_title: str = ""
    signer_title_en: str = ""
    signer_name: str = ""
    letter_number: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    organiser_unit: str = ""
    """The older one-line organiser ("Bộ … — Vụ …"): the letterhead when the bodies are not set."""

    def text(self, field: str, lang: str) -> str:
        """``field`` in ``lang``: the English value, else (visibly) the Vietnamese one."""
        if lang == "en" and field in ENGLISH_OF:
            return getattr(self, ENGLISH_OF[field]) or getattr(self, field)
        return getattr(self, field)

    def name(self, lang: str) -> str:
        return self.text("name_vi", lang)

    def _organiser_parts(self) -> list[str]:
        return [x.strip() for x in self.organiser_unit.replace("–", "—").split("—") if x.strip()]

    def parent(self, lang: str) -> str:
        """The parent body (cơ quan chủ quản), or the organiser's upper levels."""
        if self.parent_body or self.issuing_body:
            return self.text("parent_body", lang)
        return " — ".join(self._organiser_parts()[:-1])

    def issuing(self, lang: str) -> str:
        """The issuing body (cơ quan ban hành), or the organiser's last level."""
        if self.parent_body or self.issuing_body:
            return self.text("issuing_body", lang)
        parts = self._organiser_parts()
        return parts[-1] if parts else ""

    def where(self, lang: str) -> str:
        """The place letters are dated from: the place set, else the venue's last part ("…, Hà Nội")."""
        place = self.text("place", lang)
        if place:
            return place
        venue = self.text("venue", lang)
        parts = [x.strip() for x in venue.split(",") if x.strip()]
        return parts[-1] if len(parts) > 1 else ""

    @property
    def signer_set(self) -> bool:
        """True when the signer block can be printed as it will be signed (title and name)."""
        return bool(self.signer_name and (self.signer_authority or self.signer_title))

    def missing_english(self) -> tuple[str, ...]:
        """Vietnamese fields set whose English value is empty (English documents show the Vietnamese)."""
        out = [en for vi, en in ENGLISH_OF.items() if getattr(self, vi) and not getattr(self, en)]
        if not (self.parent_body or self.issuing_body) and self.organiser_unit:
            out.append("issuing_body_en")
        return tuple(out)

    def values(self) -> dict[str, str]:
        """The editable fields as a dict (what ``--json`` prints)."""
        return {name: getattr(self, name) for name in FIELD_LENGTHS}


def document_warnings(docs: EventDocuments, lang: str, *, signed: bool) -> tuple[str, ...]:
    """What to tell the organiser (in the interface's language) before printing a document in ``lang``
    ("vi", "en", "both"): the signer is not set (``signed`` documents), English values fall back."""
    out: list[str] = []
    if signed and not docs.signer_set:
        out.append(t("documents.warn.signer_missing"))
    missing = docs.missing_english() if lang in ("en", "both") else ()
    if missing:
        out.append(t("documents.warn.english_missing", fields=", ".join(t(f"field.{f}") for f in missing)))
    return tuple(out)


def documents_of(event: Event) -> EventDocuments:
    """The document fields of a loaded event."""
    values = {f.name: (getattr(event, f.name, "") or "") for f in fields(EventDocuments)
              if f.name not in ("event_id", "code")}
    return EventDocuments(event_id=event.id, code=event.code, **values)


def event_documents(db: Database, event_id: int) -> EventDocuments:
    with db.session() as session:
        event = session.get(Event, event_id)
        if event is None:
            raise DomainError("event.not_found", code=str(event_id))
        return documents_of(event)


def update_event_documents(db: Database, event_id: int, *, station: str = "", **values: Any) -> EventDocuments:
    """Set some of the event's document fields (the others are kept); returns all of them.

    Text is cleaned (NFC, single spaces); raises ``event.unknown_field`` for a field that is not a
    document field, ``text.too_long`` naming the field, ``event.name_required`` for an empty name.
    """
    cleaned: dict[str, str] = {}
    for name, value in values.items():
        if name not in FIELD_LENGTHS:
            raise DomainError("event.unknown_field", field=name)
        cleaned[name] = clean_text(value, max_length=FIELD_LENGTHS[name], field=name)
    if "name_vi" in cleaned and not cleaned["name_vi"]:
        raise DomainError("event.name_required")
    with db.session() as session:
        event = session.get(Event, event_id)
        if event is None:
            raise DomainError("event.not_found", code=str(event_id))
        before = documents_of(event)
        changed = {name: [getattr(before, name), value] for name, value in cleaned.items()
                   if getattr(before, name) != value}
        for name, value in cleaned.items():
            setattr(event, name, value)
        if changed:
            record_audit(session, entity="event", entity_id=event.id, action="update", changes=changed,
                         event_id=event.id, station=station)
        return replace(before, **cleaned)


__all__ = ["AUTHORITIES", "ENGLISH_OF", "FIELD_LENGTHS", "EventDocuments", "document_warnings", "documents_of",
           "event_documents",
           "update_event_documents"]
