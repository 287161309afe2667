"""What the book of papers in English would print in Vietnamese: the texts entered without an English version.

The English book takes each text's English version and falls back to the Vietnamese one: the event's
name and venue on the cover, each paper's title (contents, heading, bookmarks), its session (agenda
item) and room under its heading. :func:`book_gaps` lists where that happens, naming each paper as the
book does (day, number in the day, Vietnamese title); :func:`gap_warnings` says it in sentences, shown
(window) or printed (CLI) before the book is written, as the English survey forms do
(``confman.core.survey.english``). The organiser may go on all the same.

Organisations, presenters' names and positions and abstracts have a single version (no English field):
they print as entered and are not named.
"""

from __future__ import annotations

from dataclasses import dataclass

from confman.core.db.engine import Database
from confman.core.events.documents import event_documents
from confman.core.presentations import printing
from confman.core.presentations.book import book_rows
from confman.i18n import t

#: The event's document fields the cover prints (their English twin, named when missing).
COVER_FIELDS = {"name_vi": "name_en", "venue": "venue_en"}


@dataclass(frozen=True, slots=True)
class PaperRef:
    """A paper as the book names it: its day's number (None: not scheduled), its number in that day."""

    day: int | None
    number: int
    title_vi: str
    presentation_id: int = 0


@dataclass(frozen=True, slots=True)
class BookGaps:
    """The book's texts without English, in book order."""

    event_fields: tuple[str, ...] = ()
    """The event's English fields the cover lacks ("name_en", "venue_en")."""
    titles: tuple[PaperRef, ...] = ()
    """Papers without an English title."""
    sessions: tuple[str, ...] = ()
    """Vietnamese titles of the sessions (agenda items) of the papers, without an English title."""
    rooms: tuple[str, ...] = ()
    """Vietnamese names of the papers' rooms without an English name."""

    def __bool__(self) -> bool:
        return bool(self.event_fields or self.titles or self.sessions or self.rooms)


def book_gaps(db: Database, event_id: int) -> BookGaps:
    """Where the English book of ``event_id`` would print the Vietnamese text."""
    docs = event_documents(db, event_id)
    fields = tuple(en for vi, en in COVER_FIELDS.items() if getattr(docs, vi).strip() and not getattr(docs, en).strip())
    titles: list[PaperRef] = []
    sessions: list[str] = []
    rooms: list[str] = []
    day_no = 0
    for day, papers in printing.by_day(book_rows(db, event_id)):
        day_no += day is not None
        for number, row in enumerate(papers, start=1):
            if not row.title_en.strip():
                titles.append(PaperRef(day_no if day is not None else None, number, row.title_vi, row.id))
            if row.day and row.agenda_title_vi.strip() and not row.agenda_title_en.strip() \
                    and row.agenda_title_vi not in sessions:
                sessions.append(row.agenda_title_vi)
            if row.day and row.room.strip() and not row.room_en.strip() and row.room not in rooms:
                rooms.append(row.room)
    return BookGaps(fields, tuple(titles), tuple(sessions), tuple(rooms))


def paper_name(paper: PaperRef, lang: str | None = None) -> str:
    """"Ngày 1, bài 2 “…”" — where the paper is in the book's contents."""
    if paper.day is None:
        return t("presentations.book_english.paper_unscheduled", lang, number=paper.number, title=paper.title_vi)
    return t("presentations.book_english.paper", lang, day=paper.day, number=paper.number, title=paper.title_vi)


def _quoted(texts: tuple[str, ...], lang: str | None) -> str:
    return ", ".join(t("presentations.book_english.quoted", lang, text=text) for text in texts)


def gap_warnings(gaps: BookGaps, lang: str | None = None) -> tuple[str, ...]:
    """One sentence per kind of text lacking English (in ``lang``, the interface's language by default)."""
    out: list[str] = []
    if gaps.event_fields:
        out.append(t("documents.warn.english_missing", lang,
                     fields=", ".join(t(f"field.{f}", lang) for f in gaps.event_fields)))
    if gaps.titles:
        out.append(t("presentations.book_english.titles", lang,
                     papers="; ".join(paper_name(p, lang) for p in gaps.titles)))
    if gaps.sessions:
        out.append(t("presentations.book_english.sessions", lang, names=_quoted(gaps.sessions, lang)))
    if gaps.rooms:
        out.append(t("presentations.book_english.rooms", lang, names=_quoted(gaps.rooms, lang)))
    return tuple(out)


def book_warnings(db: Database, event_id: int, lang: str, gaps: BookGaps | None = None) -> tuple[str, ...]:
    """What to tell the organiser (in the interface's language) before the book is written in ``lang``:
    a first line, then what would print in Vietnamese; () for a Vietnamese book or when nothing is missing.
    ``gaps``: :func:`book_gaps` already read (read here when not given)."""
    if lang != "en":
        return ()
    lines = gap_warnings(gaps if gaps is not None else book_gaps(db, event_id))
    return (t("presentations.book_english.intro"), *lines) if lines else ()
