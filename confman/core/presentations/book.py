"""The book of papers (kỷ yếu): cover, table of contents, the papers day by day, PDF files appended.

ReportLab lays out the cover, the contents (a heading per day, papers numbered from 1 on each
day) and each paper's section: title, organization, presenters, its own time and the abstract.
A paper without an abstract gets no page of its own: its PDF starts right away (the contents
point at its first page), or, without a PDF, a short entry shares the page with its neighbours.
Where a paper's current file is a PDF, blank placeholder pages are laid out in its place, one
per page of that PDF, so the contents' page numbers are right; pypdf then puts the paper's own
pages in their place and adds bookmarks (one per day, the papers under it).
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import time
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from confman.core.db.engine import Database
from confman.core.enums import PresentationStatus
from confman.core.errors import DomainError
from confman.core.events.documents import EventDocuments, event_documents
from confman.core.events.service import EventRow
from confman.core.presentations import printing
from confman.core.presentations.service import PresentationRow, list_presentations
from confman.core.presentations.storage import FileStore
from confman.i18n import t


@dataclass(frozen=True, slots=True)
class BookResult:
    path: Path
    papers: int
    appended_pdfs: int
    pages: int
    unreadable: tuple[str, ...]
    """Original names of PDF files that could not be appended."""


class _Placeholder(Flowable):
    """Takes a whole page; remembers which page it landed on for the paper's PDF page."""

    def __init__(self, key: tuple[int, int], pages: dict[tuple[int, int], int], toc: tuple[str, str] | None = None
                 ) -> None:
        super().__init__()
        self.key = key
        self.pages = pages
        if toc is not None:  # the first page of a paper without a section of its own
            self.toc_key, self.toc_text = toc

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return avail_width, 1

    def draw(self) -> None:
        self.pages[self.key] = self.canv.getPageNumber()
        if getattr(self, "toc_key", None):  # the contents link here
            self.canv.bookmarkPage(self.toc_key)


class _BookTemplate(BaseDocTemplate):
    def __init__(self, target, footer_label: str, **kw) -> None:
        super().__init__(target, pagesize=A4, leftMargin=printing.MARGIN, rightMargin=printing.MARGIN,
                         topMargin=20 * mm, bottomMargin=20 * mm, **kw)
        self.entries: dict[str, tuple[str, int]] = {}
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([
            PageTemplate(id="cover", frames=[frame]),
            PageTemplate(id="body", frames=[frame], onPage=printing.footer(footer_label)),
            PageTemplate(id="blank", frames=[frame]),
        ])

    def afterFlowable(self, flowable) -> None:
        key = getattr(flowable, "toc_key", None)
        if key is not None:
            self.entries[key] = (flowable.toc_text, self.page)


def _heading(text: str, style, key: str) -> Paragraph:
    heading = Paragraph(f'<a name="{key}"/>{printing.escape_markup(text)}', style)
    heading.toc_key = key  # type: ignore[attr-defined]
    heading.toc_text = text  # type: ignore[attr-defined]
    return heading


def _readable_pdf(path: Path) -> PdfReader | None:
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            return None
        _ = len(reader.pages)
        return reader
    except (PdfReadError, OSError, ValueError, KeyError, TypeError):
        return None


def book_rows(db: Database, event_id: int) -> list[PresentationRow]:
    """The papers the book prints: agenda order, withdrawn papers left out."""
    return [r for r in list_presentations(db, event_id) if r.status is not PresentationStatus.WITHDRAWN]


def build_book(db: Database, event: EventRow, out: Path | str, *, store: FileStore | None = None,
               lang: str | None = None, progress: Callable[[int, int], None] | None = None) -> BookResult:
    """Write the book of papers of ``event`` to ``out`` (agenda order; withdrawn papers left out).

    In English, texts without an English version print in Vietnamese: ``book_english.book_warnings`` says where."""
    store = store or FileStore()
    out = Path(out)
    rows = book_rows(db, event.id)
    if not rows:
        raise DomainError("presentations.book.nothing")
    language = lang or "vi"
    docs = event_documents(db, event.id)  # the event's name and venue as they are now, English ones included
    st = printing.styles()
    readers: dict[int, PdfReader] = {}
    unreadable: list[str] = []
    for row in rows:
        current = row.current_file
        if current is not None and current.extension == ".pdf":
            try:
                reader = _readable_pdf(store.read_path(current.sha256, name=current.original_name))
            except DomainError:
                reader = None
            if reader is None:
                unreadable.append(current.original_name)
            else:
                readers[row.id] = reader

    pages: dict[str, int] = {}
    for _attempt in range(4):  # lay out until the contents' page numbers stop moving
        placeholders: dict[tuple[int, int], int] = {}
        story = _story(event, docs, rows, readers, pages, placeholders, language, st, progress)
        buffer = io.BytesIO()
        doc = _BookTemplate(buffer, f"{event.code} — {t('presentations.book.title', language)}",
                            title=t("presentations.book.title", language),
                            author=event.organiser_unit or "confman", subject=docs.name(language))
        doc.build(story)
        found = {key: page for key, (_text, page) in doc.entries.items()}
        if found == pages:
            break
        pages = found
        progress = None

    base = PdfReader(io.BytesIO(buffer.getvalue()))
    writer = PdfWriter()
    replaced = {page - 1: key for key, page in placeholders.items()}
    for number, page in enumerate(base.pages):
        key = replaced.get(number)
        if key is None:
            writer.add_page(page)
        else:
            writer.add_page(readers[key[0]].pages[key[1]])
    parent = None
    for key, (text, page) in doc.entries.items():  # in layout order: each day, then its papers
        if key.startswith("day-"):
            parent = writer.add_outline_item(title=text, page_number=page - 1)
        else:
            writer.add_outline_item(title=text, page_number=page - 1, parent=parent)
    writer.add_metadata({"/Title": t("presentations.book.title", language), "/Subject": docs.name(language)})
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    try:
        with tmp.open("wb") as fh:
            writer.write(fh)
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise DomainError("presentations.book.not_writable", file=str(out), detail=exc.strerror or str(exc)) from exc
    return BookResult(out, len(rows), len(readers), len(writer.pages), tuple(unreadable))


def _story(event: EventRow, docs: EventDocuments, rows: list[PresentationRow], readers: dict[int, PdfReader],
           pages: dict[str, int],
           placeholders: dict[tuple[int, int], int], lang: str, st: printing.Styles,
           progress: Callable[[int, int], None] | None) -> list:
    story = _cover(event, docs, lang, st)
    times = printing.paper_times(rows)
    groups = printing.by_day(rows)
    story += [printing.para(t("presentations.book.contents", lang), st.heading),
              _contents(groups, pages, lang, st), PageBreak("body")]
    fresh = True  # the story ends with a page break: the next flowable starts a page
    done = 0
    for day_no, (day, papers) in enumerate(groups, start=1):
        heading = _heading(printing.day_heading(day, day_no, lang), st.day, f"day-{day_no}")
        first = papers[0]
        lead: Paragraph | None = None
        if first.abstract or first.id not in readers:
            if not fresh and first.abstract:
                story.append(PageBreak("body"))
            lead = heading  # printed with the first paper's entry: never the last line of a page
        else:  # the day opens with a paper's own PDF: its heading is in the contents and bookmarks
            if not fresh:
                story.append(PageBreak("blank"))
                fresh = True
            story.append(_Anchor(heading))
        for index, row in enumerate(papers, start=1):
            reader = readers.get(row.id)
            key = f"paper-{row.id}"
            title = f"{index}. {row.title(lang)}"
            broken = reader is None and row.current_file is not None and row.current_file.extension == ".pdf"
            if row.abstract:
                if not fresh and index > 1:
                    story.append(PageBreak("body"))
                story += _paper(row, title, key, times.get(row.id), lang, st, has_pdf=reader is not None,
                                unreadable=broken, lead=lead)
                fresh, lead = False, None
            elif reader is None:  # nothing to read but the entry itself: it shares the page
                story.append(CondPageBreak(45 * mm))
                story += _paper(row, title, key, times.get(row.id), lang, st, has_pdf=False, unreadable=broken,
                                lead=lead)
                story.append(Spacer(1, 6 * mm))
                fresh, lead = False, None
            if reader is not None:
                if not fresh:
                    story.append(PageBreak("blank"))
                for page_no in range(len(reader.pages)):
                    toc = (key, title) if page_no == 0 and not row.abstract else None
                    story.append(_Placeholder((row.id, page_no), placeholders, toc))
                    story.append(PageBreak("body"))
                fresh = True
            done += 1
            if progress:
                progress(done, len(rows))
    return story


class _Anchor(Flowable):
    """Records a heading's page for the contents and bookmarks without printing it."""

    def __init__(self, heading: Paragraph) -> None:
        super().__init__()
        self.toc_key = heading.toc_key  # type: ignore[attr-defined]
        self.toc_text = heading.toc_text  # type: ignore[attr-defined]

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


def _contents(groups: list[tuple[object, list[PresentationRow]]], pages: dict[str, int], lang: str,
              st: printing.Styles) -> Table:
    """Contents as a table: a heading per day, then number and title (organization below) and the page
    number on the right; numbering starts from 1 on each day.

    On the first pass page numbers are unknown; "000" keeps the layout the same width.
    """
    data: list[list] = []
    commands: list[tuple] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]
    for day_no, (day, papers) in enumerate(groups, start=1):
        data.append([printing.para(printing.day_heading(day, day_no, lang), st.toc_day), "",
                     printing.para(str(pages.get(f"day-{day_no}", "000")), st.toc_page)])
        r = len(data) - 1
        commands += [("SPAN", (0, r), (1, r)), ("LINEBELOW", (0, r), (-1, r), 0.6, printing.INK),
                     ("TOPPADDING", (0, r), (-1, r), 8)]
        for index, row in enumerate(papers, start=1):
            key = f"paper-{row.id}"
            title = Paragraph(f'<a href="#{key}">{printing.escape_markup(row.title(lang))}</a>', st.toc_entry)
            cell = [title]
            if row.organization:
                cell.append(printing.para(row.organization_name(lang), st.muted))
            data.append([printing.para(f"{index}.", st.toc_entry), cell,
                         printing.para(str(pages.get(key, "000")), st.toc_page)])
            commands.append(("LINEBELOW", (0, len(data) - 1), (-1, len(data) - 1), 0.3, printing.RULE))
    table = Table(data, colWidths=[10 * mm, None, 14 * mm], repeatRows=0)
    table.setStyle(TableStyle(commands))
    return table


def _cover(event: EventRow, docs: EventDocuments, lang: str, st: printing.Styles) -> list:
    """Organiser, title, the event's name and venue (in English where entered, ``docs``), dates."""
    venue = docs.text("venue", lang)
    dates = printing.fmt_day(event.start_date)
    if event.end_date != event.start_date:
        dates = f"{dates} – {printing.fmt_day(event.end_date)}"
    story: list = [Spacer(1, 25 * mm)]
    if event.organiser_unit:
        story.append(printing.para(event.organiser_unit.upper(), st.subtitle))
    story += [
        Spacer(1, 30 * mm),
        printing.para(t("presentations.book.title", lang).upper(), st.title),
        printing.para(docs.name(lang), st.subtitle),
        Spacer(1, 70 * mm),
    ]
    if venue:
        story.append(printing.para(venue, st.subtitle))
    story += [printing.para(dates, st.subtitle), PageBreak("body")]
    return story


def _paper(row: PresentationRow, title: str, key: str, start: time | None, lang: str, st: printing.Styles, *,
           has_pdf: bool, unreadable: bool, lead: Flowable | None = None) -> list:
    """A paper's heading and particulars (after ``lead``, the day's heading, when it opens the day); its
    abstract when it has one (never a "no abstract" line)."""
    entry: list = [*([lead] if lead is not None else []), _heading(title, st.heading, key)]
    if row.organization:
        entry.append(printing.para(row.organization_name(lang), st.org))
    if row.presenters:
        names = "; ".join(
            ", ".join(x for x in (p.display, p.position) if x) for p in row.presenters
        )
        entry.append(printing.para(t("presentations.book.presenters", lang, names=names), st.body))
    if row.day:
        when = f"{printing.fmt_day(row.day)} {printing.fmt_time(start or row.start_time)}"
        entry.append(printing.para(" · ".join(x for x in (when, row.room_name(lang), row.agenda_title(lang)) if x),
                                   st.muted))
    # the heading and its particulars are never parted by a page break
    story: list = [CondPageBreak(60 * mm) if row.abstract else Spacer(1, 0), KeepTogether(entry)]
    if row.abstract:
        story += [Spacer(1, 5 * mm), printing.para(t("presentations.book.abstract", lang), st.subtitle),
                  Spacer(1, 1 * mm)]
        story += [printing.para(p, st.body) for p in row.abstract.split("\n\n")]
    if has_pdf:
        story += [Spacer(1, 4 * mm), printing.para(t("presentations.book.full_text_follows", lang), st.muted)]
    elif unreadable:
        story += [Spacer(1, 2 * mm), printing.para(t("presentations.book.pdf_unreadable", lang), st.muted)]
    return story
