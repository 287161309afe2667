"""The printed programme (*chương trình hội nghị*) and a person's own schedule, A4 portrait.

A Nghị định 30 document (:mod:`confman.core.pdf.official`) in the official serif: the
letterhead, "CHƯƠNG TRÌNH" and the event as its summary line.  One table per day under a
heading naming the day (time | content | chair/speaker) whose header repeats on every page; an
item is never split across pages unless it is taller than half a page (a session with many
papers), and then only between its papers; long titles wrap inside their cell.  Every paper has
its own time (the session's start plus the planned durations of the papers before it) and the
papers are numbered from 1 again on each day.
Parallel sessions (items of the same day whose times overlap in different rooms) are grouped
under a band naming the time span, each with its room in front.
``lang`` is ``"vi"``, ``"en"`` or ``"both"`` (Vietnamese with English beneath).
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    LayoutError,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from confman.core.agenda.service import (
    AgendaEventInfo,
    AgendaItemRow,
    PersonRef,
    agenda_event,
    list_items,
    person_ref,
)
from confman.core.agenda.timing import paper_starts
from confman.core.db.engine import Database
from confman.core.enums import AgendaKind
from confman.core.events.documents import EventDocuments
from confman.core.events.letterhead import letterhead_for
from confman.core.honorifics import with_honorific
from confman.core.pdf.fonts import (
    SERIF_BOLD,
    SERIF_BOLD_ITALIC,
    SERIF_ITALIC,
    SERIF_REGULAR,
    clean_text,
    escape_markup,
    register_serif_fonts,
    text_width,
)
from confman.core.pdf.house import canvas_maker
from confman.core.pdf.house import para as _para
from confman.core.pdf.official import (
    FRAME_W,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    OfficialStyles,
    TextRule,
    doc_title,
    letterhead,
    ostyle,
)
from confman.i18n import t

LANGS = ("vi", "en", "both")
PAGE_W, PAGE_H = A4
COL_TIME = 27 * mm
COL_PEOPLE = 46 * mm
COL_CONTENT = FRAME_W - COL_TIME - COL_PEOPLE
CELL_PAD_X = 5

INK = colors.black
MUTED = colors.HexColor("#444444")
RULE = colors.HexColor("#555555")
HEADER_BG = colors.HexColor("#E8E8E8")
BAND_BG = colors.HexColor("#F2F2F2")
DAY_BG = colors.HexColor("#D9D9D9")
PAUSE_BG = colors.HexColor("#F7F7F7")
ACCENT = colors.black

PAUSES = (AgendaKind.BREAK, AgendaKind.LUNCH, AgendaKind.REGISTRATION)
MAJOR = (AgendaKind.CEREMONY, AgendaKind.PLENARY, AgendaKind.REPORT, AgendaKind.CLOSING)


class _Styles(OfficialStyles):
    def __init__(self) -> None:
        super().__init__(body_size=12)
        register_serif_fonts()
        self.title_en = ostyle("p_titleen", SERIF_ITALIC, 11, 14, TA_CENTER, MUTED)
        self.event_en = ostyle("p_eventen", SERIF_ITALIC, 11, 14, TA_CENTER, MUTED)
        self.day = ostyle("p_day", SERIF_BOLD, 11.5, 14, TA_LEFT, INK)
        self.head_en = ostyle("p_headen", SERIF_ITALIC, 8.5, 10.5, TA_CENTER, MUTED)
        self.time = ostyle("p_time", SERIF_BOLD, 10, 13, TA_CENTER)
        self.cell = ostyle("p_cell", SERIF_REGULAR, 11, 14)
        self.cell_major = ostyle("p_cellmajor", SERIF_BOLD, 11, 14)
        self.cell_pause = ostyle("p_cellpause", SERIF_ITALIC, 11, 14, color=MUTED)
        self.cell_en = ostyle("p_cellen", SERIF_ITALIC, 10, 12.5, color=MUTED)
        self.small = ostyle("p_small", SERIF_REGULAR, 10.5, 13, spaceBefore=2)
        self.paper = ostyle("p_paper", SERIF_REGULAR, 10.5, 13, spaceBefore=2, leftIndent=11 * mm,
                            firstLineIndent=-11 * mm)
        self.room = ostyle("p_room", SERIF_BOLD_ITALIC, 9.5, 11.5, color=INK)
        self.band = ostyle("p_band", SERIF_BOLD, 10, 12, color=INK)
        self.people_label = ostyle("p_plabel", SERIF_ITALIC, 9.5, 11.5, color=MUTED)
        self.people = ostyle("p_people", SERIF_REGULAR, 9.5, 11.5, color=MUTED)
        self.people_name = ostyle("p_peoplename", SERIF_BOLD, 10, 12, spaceBefore=1)
        self.person_name = ostyle("p_pname", SERIF_BOLD, 13, 16.5, TA_CENTER, spaceBefore=4)
        self.person_meta = ostyle("p_pmeta", SERIF_REGULAR, 11, 14, TA_CENTER, MUTED)


def para(text: str, st: ParagraphStyle) -> Paragraph:
    return _para(text, st)


def _label(key: str, lang: str, **params: Any) -> str:
    if lang == "both":
        vi, en = t(key, "vi", **params), t(key, "en", **params)
        return vi if vi == en else f"{vi} / {en}"
    return t(key, lang, **params)


def _time_cell(start: time, end: time, style: ParagraphStyle) -> Paragraph:
    return Paragraph(f"{start:%H:%M}&nbsp;–&nbsp;{end:%H:%M}", style)


def date_span(start: date, end: date) -> str:
    """12–13/12/2018, 30/11 – 01/12/2018, or 12/12/2018 for one day."""
    if start == end:
        return f"{start:%d/%m/%Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start:%d}–{end:%d/%m/%Y}"
    if start.year == end.year:
        return f"{start:%d/%m} – {end:%d/%m/%Y}"
    return f"{start:%d/%m/%Y} – {end:%d/%m/%Y}"


def _weekday(day: date, lang: str) -> str:
    return t(f"agenda.weekday.{day.weekday()}", "vi" if lang == "both" else lang)


def _docs(info: AgendaEventInfo) -> EventDocuments:
    return info.docs or EventDocuments(info.id, info.code, info.name_vi, info.name_en, info.venue,
                                       organiser_unit=info.organiser_unit)


def _header(info: AgendaEventInfo, lang: str, st: _Styles, title_key: str,
            after_title: Sequence[Flowable] = ()) -> list[Flowable]:
    """Letterhead, the document type and the event as its summary line, dates and venue."""
    docs = _docs(info)
    main_lang = "vi" if lang == "both" else lang
    flow = letterhead(letterhead_for(docs, lang, day=None), st)
    secondary = [t(title_key, "en")] if lang == "both" else []
    flow += doc_title(t(title_key, main_lang), docs.name(main_lang), st, secondary=secondary)
    if lang == "both" and info.name_en:
        flow.append(para(info.name_en, st.event_en))
    flow.extend(after_title)
    flow.append(Spacer(1, 1.5 * mm))
    flow.append(para(f"{_label('agenda.pdf.dates', lang)}: {date_span(info.start_date, info.end_date)}", st.meta))
    venue = docs.text("venue", main_lang)
    if lang == "both" and docs.venue_en and docs.venue_en != venue:
        venue = f"{venue} / {docs.venue_en}"
    if venue:
        flow.append(para(f"{_label('agenda.pdf.venue', lang)}: {venue}", st.meta))
    flow.append(TextRule(40 * mm, 0.6, space_before=8, space_after=8))
    return flow


def _parallel_groups(items: Sequence[AgendaItemRow]) -> list[list[AgendaItemRow]]:
    """Consecutive clusters of time-overlapping items (touching items are separate clusters)."""
    groups: list[list[AgendaItemRow]] = []
    group_end = None
    for item in sorted(items, key=lambda i: (i.start, i.end, i.id)):
        if groups and group_end is not None and item.start < group_end and item.end > item.start:
            groups[-1].append(item)
            group_end = max(group_end, item.end)
        else:
            groups.append([item])
            group_end = item.end
    return groups


def _head_cell(key: str, lang: str, st: _Styles) -> list[Flowable]:
    if lang == "both":
        return [para(t(key, "vi"), st.head), para(t(key, "en"), st.head_en)]
    return [para(t(key, lang), st.head)]


def _people_cell(item: AgendaItemRow, lang: str, st: _Styles) -> list[Flowable]:
    main = "vi" if lang == "both" else lang
    cell: list[Flowable] = []
    for key, people in (("agenda.pdf.chair", item.chairs), ("agenda.pdf.speaker", item.speakers)):
        if not people:
            continue
        cell.append(para(_label(key, lang) + ":", st.people_label))
        for person in people:
            cell.append(para(with_honorific(person.honorific, person.full_name, main), st.people_name))
            if person.position:
                cell.append(para(person.position, st.people))
    return cell


class _Numbering:
    """Papers are numbered through a day and from 1 again on the next."""

    def __init__(self) -> None:
        self.count = 0

    def next(self) -> int:
        self.count += 1
        return self.count


def _content_pieces(item: AgendaItemRow, lang: str, st: _Styles, room_label: str,
                    numbering: _Numbering | None = None) -> list[list[Flowable]]:
    """The content column of an item in pieces: the title (room, English title) first, then each line of
    the description and each paper on its own, so a session taller than a page breaks between papers."""
    main = "vi" if lang == "both" else lang
    style = st.cell_pause if item.kind in PAUSES and not item.chairs else (
        st.cell_major if item.kind in MAJOR else st.cell)
    head: list[Flowable] = []
    if room_label:
        head.append(para(room_label.upper(), st.room))
    head.append(para(item.title(main), style))
    if lang == "both" and item.title_en:
        head.append(para(item.title_en, st.cell_en))
    pieces = [head]
    # the user's line breaks are kept
    pieces += [[para(line, st.small)] for line in item.description.splitlines() if line.strip()]
    active = sorted((p for p in item.presentations if not p.withdrawn), key=lambda p: (p.order, p.id))
    numbering = numbering or _Numbering()
    for pres, start in zip(active, paper_starts(item.start, [p.planned_minutes for p in active]), strict=True):
        who = ", ".join(name for name in pres.presenters if name)
        text = f"{start:%H:%M}  {numbering.next()}. {pres.title(main)}"
        if who:
            text += f" — {who}"
        piece: list[Flowable] = [para(text, st.paper)]
        if lang == "both" and pres.title_en:
            piece.append(para(pres.title_en, ParagraphStyle("p_paper_en", parent=st.cell_en, leftIndent=11 * mm)))
        pieces.append(piece)
    return pieces


def _height(cell: Sequence[Flowable], width: float) -> float:
    """What a cell of flowables needs in a column ``width`` wide (padding included)."""
    inner = width - 2 * CELL_PAD_X
    return sum(f.wrap(inner, PAGE_H)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in cell) + 9


def _day_table(
    items: Sequence[AgendaItemRow], lang: str, st: _Styles, main_room: int | None,
    third: tuple[str, Callable[[AgendaItemRow], list[Flowable]]], heading: Paragraph,
) -> Table:
    """One day: a band naming the day, the column headers (both repeat on each page), the rows.

    An item is one row per piece of its content (title, description lines, papers) drawn as one cell:
    an item that fits in half a page is kept whole; a longer one breaks between its pieces, never
    inside one, so no other row of the day has to split.
    """
    third_key, third_cell = third
    numbering = _Numbering()
    rows: list[list[Any]] = [
        [heading, "", ""],
        [_head_cell("agenda.pdf.time", lang, st), _head_cell("agenda.pdf.content", lang, st),
         _head_cell(third_key, lang, st)],
    ]
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), SERIF_REGULAR),
        ("SPAN", (0, 0), (-1, 0)),
        ("BACKGROUND", (0, 0), (-1, 0), DAY_BG),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 1), "MIDDLE"),
        ("BACKGROUND", (0, 1), (-1, 1), HEADER_BG),
        ("LINEBEFORE", (1, 1), (-1, 1), 0.5, RULE),
        ("LINEABOVE", (0, 1), (-1, 1), 0.5, RULE),
        ("BOX", (0, 0), (-1, -1), 0.9, INK),
        ("LINEBELOW", (0, 1), (-1, 1), 0.9, INK),
        ("LINEBELOW", (0, "splitlast"), (-1, "splitlast"), 0.9, INK),  # a page's part of the table is closed
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD_X),
    ]
    main = "vi" if lang == "both" else lang
    half_page = (PAGE_H - MARGIN_TOP - MARGIN_BOTTOM) / 2
    for group in _parallel_groups(items):
        rooms_in_group = {i.room_id for i in group}
        parallel = len(group) > 1
        if parallel:
            start, end = min(i.start for i in group), max(i.end for i in group)
            rows.append([para(f"{_label('agenda.pdf.parallel', lang).upper()}  ·  {start:%H:%M} – {end:%H:%M}",
                            st.band), "", ""])
            r = len(rows) - 1
            # the band never ends a page without its first session
            commands += [("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), BAND_BG),
                         ("LINEBELOW", (0, r), (-1, r), 0.5, RULE), ("NOSPLIT", (0, r), (-1, r + 1))]
        for item in group:
            show_room = parallel or (item.room_id != main_room and item.room_id is not None) \
                or len(rooms_in_group) > 1
            room = item.room(main) if show_room else ""
            pieces = _content_pieces(item, lang, st, room, numbering)
            people = third_cell(item)
            heights = [_height(piece, COL_CONTENT) for piece in pieces]
            if sum(heights) <= half_page:  # one row, never split
                pieces, heights = [[f for piece in pieces for f in piece]], [sum(heights)]
            while len(pieces) > 1 and heights[0] < _height(people, COL_PEOPLE):  # no gap under the title
                pieces[:2], heights[:2] = [pieces[0] + pieces[1]], [heights[0] + heights[1]]
            first = len(rows)
            rows.append([_time_cell(item.start, item.end, st.time), pieces[0], people])
            rows += [["", piece, ""] for piece in pieces[1:]]
            last = len(rows) - 1
            commands += [("LINEBEFORE", (1, first), (-1, last), 0.5, RULE),
                         ("LINEBELOW", (0, last), (-1, last), 0.5, RULE)]
            if last > first:  # the pieces read as one cell; the title stays with the first paper
                commands += [("BOTTOMPADDING", (0, first), (-1, last - 1), 3),  # room above a page's closing rule
                             ("TOPPADDING", (0, first + 1), (-1, last), 0), ("NOSPLIT", (0, first), (-1, first + 1))]
            if item.kind in PAUSES:
                commands.append(("BACKGROUND", (0, first), (-1, last), PAUSE_BG))
    table = Table(rows, colWidths=[COL_TIME, COL_CONTENT, COL_PEOPLE], repeatRows=2, splitByRow=1, splitInRow=0)
    table._day_table = True  # type: ignore[attr-defined]
    table.setStyle(TableStyle(commands))
    return table


def _day_heading(n: int, day: date, lang: str, room: str, st: _Styles) -> Paragraph:
    """The band naming the day, then its main room after a dash.  The room name never wraps inside: the
    line breaks after the dash, so the room starts the next line; a room name longer than a line has a
    line of its own (and wraps there only because it must)."""
    main = "vi" if lang == "both" else lang

    def one(language: str) -> str:
        ordinal = t(f"agenda.ordinal.{n}", language) if n <= 7 else str(n)
        return t("agenda.pdf.day", language, n=ordinal, weekday=t(f"agenda.weekday.{day.weekday()}", language),
                 date=day.strftime("%d/%m/%Y"))

    text = one(main).upper()
    if lang == "both":
        text += "  ·  " + one("en")
    markup = escape_markup(text).replace(" – ", "&nbsp;– ")
    room = clean_text(room)
    if room:
        line = COL_TIME + COL_CONTENT + COL_PEOPLE - 2 * CELL_PAD_X
        if text_width(room, st.day.fontName, st.day.fontSize) <= line:
            markup += "&nbsp;— " + escape_markup(room).replace(" ", "&nbsp;")
        else:
            markup += "&nbsp;—<br/>" + escape_markup(room).replace(" – ", "&nbsp;– ")
    return Paragraph(markup, st.day)


def _days_flow(items: Sequence[AgendaItemRow], lang: str, st: _Styles, event_days: Sequence[date],
               third: tuple[str, Callable[[AgendaItemRow], list[Flowable]]], show_main_room: bool) -> list[Flowable]:
    flow: list[Flowable] = []
    main = "vi" if lang == "both" else lang
    days = sorted({i.day for i in items})
    for day in days:
        day_items = [i for i in items if i.day == day]
        counts = Counter(i.room_id for i in day_items if i.room_id is not None)
        main_room = counts.most_common(1)[0][0] if counts else None
        room_name = next((i.room(main) for i in day_items if i.room_id == main_room), "") if show_main_room else ""
        n = event_days.index(day) + 1 if day in event_days else days.index(day) + 1
        if flow:  # between days; never after the last one (a page of its own when the table ends low)
            flow.append(Spacer(1, 6 * mm))
        flow.append(_day_table(day_items, lang, st, main_room if show_main_room else None, third,
                               _day_heading(n, day, lang, room_name, st)))
    return flow


def _as_of_text(info: AgendaEventInfo, lang: str, as_of: datetime | None) -> str:
    stamp = as_of or datetime.now(ZoneInfo(info.timezone))
    return f"{_label('agenda.pdf.as_of', lang)} {stamp:%H:%M %d/%m/%Y}"


def _build(make_flow: Callable[[], list[Flowable]], info: AgendaEventInfo, lang: str, as_of: datetime | None,
           title: str) -> bytes:
    """Lay the document out; rows stay whole unless one row alone is taller than a page."""
    for split_in_row in (0, 1):
        flow = make_flow()
        for flowable in flow:
            if isinstance(flowable, Table) and getattr(flowable, "_day_table", False):
                flowable.splitInRow = split_in_row
        buffer = io.BytesIO()
        main = "vi" if lang == "both" else lang
        doc = SimpleDocTemplate(
            buffer, pagesize=A4, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT, topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM, title=title, author=_docs(info).issuing(main) or info.organiser_unit,
            subject=info.name(main), creator="confman",
        )
        try:
            doc.build(flow, canvasmaker=canvas_maker(f"{info.code} · {_as_of_text(info, lang, as_of)}",
                                                     _label("agenda.pdf.page", lang), font=SERIF_REGULAR,
                                                     margins=(MARGIN_LEFT, MARGIN_RIGHT, MARGIN_BOTTOM)))
        except LayoutError:
            if split_in_row:
                raise
            continue
        return buffer.getvalue()
    raise AssertionError("unreachable")


def build_programme_pdf(info: AgendaEventInfo, items: Sequence[AgendaItemRow], *, lang: str = "vi",
                        as_of: datetime | None = None) -> bytes:
    """The programme PDF of ``items`` (rows from :func:`list_items`)."""
    if lang not in LANGS:
        raise ValueError(lang)
    st = _Styles()

    def make_flow() -> list[Flowable]:
        flow = _header(info, lang, st, "agenda.pdf.title")
        if not items:
            flow.append(para(_label("agenda.pdf.empty", lang), st.meta))
        return flow + _days_flow(items, lang, st, info.days,
                                 ("agenda.pdf.people", lambda i: _people_cell(i, lang, st)), show_main_room=True)

    return _build(make_flow, info, lang, as_of, t("agenda.pdf.title", "vi" if lang == "both" else lang))


def build_personal_pdf(info: AgendaEventInfo, person: PersonRef, items: Sequence[AgendaItemRow], *,
                       lang: str = "vi", as_of: datetime | None = None) -> bytes:
    """One chair's or speaker's own schedule: their items with the role they hold in each."""
    if lang not in LANGS:
        raise ValueError(lang)
    st = _Styles()

    def role_cell(item: AgendaItemRow) -> list[Flowable]:
        roles = []
        if any(p.delegate_id == person.delegate_id for p in item.chairs):
            roles.append(_label("agenda.pdf.chair", lang))
        if any(p.delegate_id == person.delegate_id for p in item.speakers):
            roles.append(_label("agenda.pdf.speaker", lang))
        return [para(", ".join(roles), st.cell_major)]

    def make_flow() -> list[Flowable]:
        who: list[Flowable] = [para(with_honorific(person.honorific, person.full_name,
                                                   "vi" if lang == "both" else lang), st.person_name)]
        meta = ", ".join(x for x in (person.position, person.organization) if x)
        if meta:
            who.append(para(meta, st.person_meta))
        who.append(Spacer(1, 2 * mm))
        flow = _header(info, lang, st, "agenda.pdf.personal_title", who)
        if not items:
            flow.append(para(_label("agenda.pdf.empty", lang), st.meta))
        return flow + _days_flow(items, lang, st, info.days, ("agenda.pdf.role", role_cell), show_main_room=False)

    return _build(make_flow, info, lang, as_of, t("agenda.pdf.personal_title", "vi" if lang == "both" else lang))


def render_programme(db: Database, event_id: int, *, lang: str = "vi", as_of: datetime | None = None) -> bytes:
    return build_programme_pdf(agenda_event(db, event_id), list_items(db, event_id), lang=lang, as_of=as_of)


def render_personal_schedule(db: Database, event_id: int, delegate_id: int, *, lang: str = "vi",
                             as_of: datetime | None = None) -> bytes:
    return build_personal_pdf(agenda_event(db, event_id), person_ref(db, delegate_id),
                              list_items(db, event_id, delegate_id=delegate_id), lang=lang, as_of=as_of)


def write_programme(db: Database, event_id: int, path: str | Path, *, lang: str = "vi",
                    delegate_id: int | None = None) -> Path:
    """Write the programme (or one person's schedule) to ``path``."""
    data = (render_personal_schedule(db, event_id, delegate_id, lang=lang) if delegate_id is not None
            else render_programme(db, event_id, lang=lang))
    target = Path(path)
    target.write_bytes(data)
    return target


__all__ = ["build_personal_pdf", "build_programme_pdf", "date_span", "render_personal_schedule",
           "render_programme", "write_programme"]
