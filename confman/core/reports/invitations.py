"""Invitation letters (*giấy mời*), A4 portrait, one PDF: per delegate or per organization.

Laid out as a Nghị định 30 letter (:mod:`confman.core.pdf.official`): the letterhead with
"Số: …" under the issuing body and the place and date under the motto, "GIẤY MỜI" and the
event as its summary, "Kính gửi:", the invitation with the time (start time and weekday),
venue, composition, the programme enclosed and the contact person, "Trân trọng./.", then the
foot of the letter: the delegate's QR box and "Nơi nhận:" on the left, beside (never over)
the signer block on the right.  The QR code is the signed badge code (``codes.make_code``
with the event secret and the delegate's current badge version), so the desk can check the
person in from the letter; its digits are printed under it in groups of four.  A letter per
organization lists its delegates, each with their own QR code.

A letter in English prints the English value of every fixed field (falling back to the
Vietnamese one only where none was entered); only people's and units' names stay as written.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
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
from sqlalchemy import func, select

from confman.core.agenda.models import AgendaItem
from confman.core.badges.codes import make_code
from confman.core.badges.qr import qr_matrix
from confman.core.badges.render import draw_qr, grouped_code
from confman.core.db.engine import Database
from confman.core.events.letterhead import letterhead_for, signer_lines
from confman.core.pdf.fonts import SERIF_REGULAR, register_serif_fonts, text_width
from confman.core.pdf.house import serif_canvas
from confman.core.pdf.official import (
    FRAME_W,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    closing_table,
    doc_title,
    en_date,
    letterhead,
    ostyle,
    recipients_block,
    signer_block,
)
from confman.core.reports.data import EventInfo, ListRow, describe_filter, group_rows, list_rows
from confman.core.reports.layout import NO_W, Styles, Tick, as_of_text, data_table, head_cells, p
from confman.core.reports.letters import LetterTemplate, fill, letter_template
from confman.core.reports.options import ReportOptions, Steps
from confman.i18n import t

TITLE_KEY = "reports.invitations.title"
QR_LETTER = 30 * mm
QR_LIST = 24 * mm
PAGE_H = A4[1]
#: The signer column at the foot of a letter.
SIGN_W = 86 * mm
FRAME_H = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM


class QrFlowable(Flowable):
    """A badge code's QR symbol as vector squares, with its digits in groups of four beneath.

    The digits wrap (between groups) to the width the QR code is given, so they never run past its
    column or the page's margin; the symbol is centred over them.
    """

    CAPTION_SIZE = 7.5
    CAPTION_LEADING = 9

    def __init__(self, code: str, size: float, caption: bool = True) -> None:
        super().__init__()
        self.code = code
        self.size = size
        self.caption = caption
        self.matrix = qr_matrix(code)
        self.lines: list[str] = []
        self.width = size

    def _caption_lines(self, width: float) -> list[str]:
        register_serif_fonts()
        lines: list[str] = []
        for group in grouped_code(self.code).split():
            trial = f"{lines[-1]} {group}" if lines else group
            if lines and text_width(trial, SERIF_REGULAR, self.CAPTION_SIZE) <= width:
                lines[-1] = trial
            else:
                lines.append(group)
        return lines

    def _caption_height(self) -> float:
        return len(self.lines) * self.CAPTION_LEADING + 1.5 * mm if self.lines else 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        room = max(self.size, avail_width)
        self.lines = self._caption_lines(room) if self.caption else []
        widest = max((text_width(line, SERIF_REGULAR, self.CAPTION_SIZE) for line in self.lines), default=0.0)
        self.width = max(self.size, widest)
        return self.width, self.size + self._caption_height()

    def draw(self) -> None:
        caption_h = self._caption_height()
        draw_qr(self.canv, self.matrix, (self.width - self.size) / 2, caption_h, self.size)
        if self.lines:
            self.canv.setFont(SERIF_REGULAR, self.CAPTION_SIZE)
            self.canv.setFillGray(0.2)
            y = caption_h - 1.2 * mm - self.CAPTION_SIZE
            for line in self.lines:
                self.canv.drawCentredString(self.width / 2, y, line)
                y -= self.CAPTION_LEADING


@dataclass(frozen=True, slots=True)
class Invitation:
    row: ListRow
    code: str


@dataclass(frozen=True, slots=True)
class InvitationData:
    invitations: tuple[Invitation, ...]
    per: str
    filter_text: str
    start_time: time | None = None
    """When the first day's programme starts (None without an agenda)."""
    has_agenda: bool = False

    def by_organization(self, lang: str) -> list[tuple[str, list[Invitation]]]:
        by_id = {i.row.id: i for i in self.invitations}
        return [(g.title, [by_id[r.id] for r in g.rows])
                for g in group_rows([i.row for i in self.invitations], "org", lang)]


def _programme_start(db: Database, event_id: int, first_day: date) -> tuple[time | None, bool]:
    with db.session() as session:
        start, count = session.execute(
            select(func.min(AgendaItem.start_time).filter(AgendaItem.day == first_day), func.count(AgendaItem.id))
            .where(AgendaItem.event_id == event_id)
        ).one()
    return start, bool(count)


def collect(db: Database, event_id: int, options: ReportOptions, info: EventInfo) -> InvitationData:
    rows = list_rows(db, event_id, options)
    rows.sort(key=lambda r: (r.organization_id is None, r.org_sort, r.name_sort, r.id))
    invitations = tuple(
        Invitation(r, make_code(event_id=event_id, delegate_id=r.id, badge_version=r.badge_version,
                                secret=info.secret))
        for r in rows
    )
    start, has_agenda = _programme_start(db, event_id, info.start_date)
    return InvitationData(invitations, options.invitation_per, describe_filter(db, options, options.lang),
                          start, has_agenda)


def figures(data: InvitationData, options: ReportOptions) -> dict[str, Any]:
    letters = len(data.invitations) if data.per == "delegate" else len(data.by_organization(options.lang))
    return {"letters": letters, "delegates": len(data.invitations), "per": data.per}


class _Styles(Styles):
    """The letter's styles; ``compact``: single line spacing (13 pt text, still within Nghị định 30)
    and smaller gaps, for a letter whose long name, position or unit would push its signature onto
    a second page."""

    def __init__(self, *, compact: bool = False) -> None:
        super().__init__(body_leading=1.15 if compact else 1.3)
        self.gap = 0.5 if compact else 1.0
        self.dear = ostyle("inv_dear", self.body_bold.fontName, 14, 16.5 if compact else 18, 1, spaceBefore=2)
        self.dear_meta = ostyle("inv_dearmeta", self.body.fontName, 13, 15 if compact else 16.5, 1)
        self.qr_label = ostyle("inv_qrlabel", self.body_bold.fontName, 11, 13.5)
        self.qr_note = ostyle("inv_qrnote", self.italic.fontName, 10, 12.5)


def when_text(info: EventInfo, start: time | None, lang: str) -> str:
    """"08 giờ 00, thứ Tư, ngày 12/12/2018" (to the last day when longer) / "08:00, Wednesday, 12 December 2018"."""
    first, last = info.start_date, info.end_date
    weekday = t(f"documents.weekday.{first.weekday()}", lang)
    if lang == "en":
        when = f"{weekday}, {en_date(first)}"
        when = f"{start:%H:%M}, {when}" if start else when
        if last != first:
            return t("documents.time.until", lang, start=when, end=f"{t(f'documents.weekday.{last.weekday()}', lang)}, "
                                                                  f"{en_date(last)}")
        return when
    when = f"{weekday}, ngày {first:%d/%m/%Y}"
    when = f"{start:%H} giờ {start:%M}, {when}" if start else when
    if last != first:
        return t("documents.time.until", lang, start=when, end=f"{last:%d/%m/%Y}")
    return when


def _issuer(info: EventInfo, lang: str) -> str:
    assert info.docs is not None
    return info.docs.issuing(lang) or t("documents.issuer_default", lang)


def _items(info: EventInfo, data: InvitationData, lang: str, st: _Styles, composition: str) -> list[Flowable]:
    """The letter's particulars, one "- …" line each."""
    assert info.docs is not None
    docs = info.docs
    lines = [t("documents.invitation.time", lang, when=when_text(info, data.start_time, lang))]
    venue = info.venue_for(lang)
    if venue:
        lines.append(t("documents.invitation.venue", lang, venue=venue))
    if composition:
        lines.append(t("documents.invitation.composition", lang, composition=composition))
    if data.has_agenda:
        lines.append(t("documents.invitation.programme", lang))
    if docs.contact_name or docs.contact_phone:
        contact = ", ".join(x for x in (docs.contact_name,
                                        t("documents.invitation.phone", lang, phone=docs.contact_phone)
                                        if docs.contact_phone else "") if x)
        lines.append(t("documents.invitation.contact", lang, contact=contact))
    return [p(line, st.item) for line in lines]


def _head(info: EventInfo, lang: str, st: _Styles, day: date) -> list[Flowable]:
    assert info.docs is not None
    flow = letterhead(letterhead_for(info.docs, lang, day=day, number=True), st)
    flow += doc_title(t("documents.invitation.type", lang),
                      t("documents.invitation.summary", lang, event=info.name(lang)), st)
    flow.append(Spacer(1, 5 * mm * st.gap))
    return flow


def _recipients(lang: str, st: _Styles) -> list[Flowable]:
    return recipients_block(t("documents.recipients", lang),
                            [t("documents.recipients.above", lang), t("documents.recipients.archive", lang)], st)


def _signer(info: EventInfo, lang: str, st: _Styles) -> list[Flowable]:
    assert info.docs is not None
    authority, title, name = signer_lines(info.docs, lang)
    return signer_block(authority, title, name, st)


def _qr_box(inv: Invitation, lang: str, st: _Styles) -> Table:
    note = [p(t("reports.invitations.qr_title", lang), st.qr_label), p(t("documents.invitation.qr_short", lang),
                                                                           st.qr_note)]
    box = Table([[QrFlowable(inv.code, QR_LETTER), note]], colWidths=[QR_LETTER + 4 * mm, 36 * mm], hAlign="LEFT")
    box.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), SERIF_REGULAR), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                             ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                             ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return box


def _delegate_letter(inv: Invitation, info: EventInfo, data: InvitationData, lang: str, st: _Styles,
                     day: date) -> tuple[list[Flowable], list[Flowable], list[Flowable]]:
    """A delegate's letter in three parts: the head and the foot (the same size on every letter of a
    batch; the foot is kept together) and what lies between (as long as the delegate's name, position
    and unit make it)."""
    row = inv.row
    tpl: LetterTemplate = letter_template(info, lang)
    name = row.display(lang)
    fields = {**tpl.fields(info, lang, name), "issuer": _issuer(info, lang)}
    middle: list[Flowable] = [p(f"{t('documents.dear', lang)} {name}", st.dear)]
    meta = ", ".join(x for x in (row.position, row.organization) if x)
    if meta:
        middle.append(p(meta, st.dear_meta))
    middle.append(Spacer(1, 4 * mm * st.gap))
    middle.append(p(fill(tpl.invitation_body, **fields), st.body))
    middle += _items(info, data, lang, st, row.category_label(lang))
    middle.append(p(t("documents.invitation.bring_qr", lang), st.body))
    left: list[Flowable] = [_qr_box(inv, lang, st), Spacer(1, 5 * mm * st.gap), *_recipients(lang, st)]
    foot = [p(fill(tpl.invitation_closing, **fields), st.body), Spacer(1, 4 * mm * st.gap),
            closing_table(left, _signer(info, lang, st), right_w=SIGN_W)]
    return _head(info, lang, st, day), middle, foot


def _height(flow: Sequence[Flowable]) -> float:
    """The height ``flow`` takes in a letter's frame (its spaces counted in full: never less)."""
    return sum(f.wrap(FRAME_W, FRAME_H)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in flow)


def _height_bound(flow: Sequence[Flowable]) -> float:
    """At least :func:`_height`, without laying the paragraphs out: a line left short by the
    line breaking lacks less than its next word, so a paragraph of text width ``w`` whose widest word
    is ``v`` wide takes at most ``w / (width - v) + 1`` lines (the first line's indent included)."""
    total = 0.0
    for f in flow:
        if isinstance(f, Paragraph):
            st = f.style
            words = [w for w in f.getPlainText().split(" ") if w]  # a no-break space joins its words
            widths = [stringWidth(word, st.fontName, st.fontSize) for word in words]
            room = FRAME_W - st.leftIndent - st.rightIndent - st.firstLineIndent - max(widths, default=0.0)
            if room <= 0:
                return FRAME_H + 1  # not worth bounding: measured instead
            text = sum(widths) + stringWidth(" ", st.fontName, st.fontSize) * len(words)
            total += (int(text / room) + 1) * st.leading + st.spaceBefore + st.spaceAfter
        else:
            total += f.wrap(FRAME_W, FRAME_H)[1] + f.getSpaceBefore() + f.getSpaceAfter()
    return total


def _delegate_letters(data: InvitationData, info: EventInfo, lang: str, day: date,
                      steps: Steps) -> list[Flowable]:
    """Every delegate's letter, each on its own page(s): one that would not fit on one page is set in
    the compact styles (the head and foot are measured once: they are the same size on every letter)."""
    st, compact = _Styles(), _Styles(compact=True)
    fixed: float | None = None
    flow: list[Flowable] = []
    for inv in data.invitations:
        steps.check()
        head, middle, foot = _delegate_letter(inv, info, data, lang, st, day)
        if fixed is None:
            fixed = _height(head) + _height(foot)
        if fixed + _height_bound(middle) > FRAME_H and fixed + _height(middle) > FRAME_H:
            head, middle, foot = _delegate_letter(inv, info, data, lang, compact, day)
        if flow:
            flow.append(PageBreak())
        # the signature never stands on a page without the letter's last words
        flow += [LetterStart(), *head, *middle, KeepTogether(foot), Tick(steps)]
    return flow


def _organization_letter(title: str, invitations: Sequence[Invitation], info: EventInfo, data: InvitationData,
                         lang: str, st: _Styles, day: date) -> list[Flowable]:
    tpl = letter_template(info, lang)
    fields = {**tpl.fields(info, lang, title), "issuer": _issuer(info, lang)}
    flow = _head(info, lang, st, day)
    flow.append(p(f"{t('documents.dear', lang)} {title}", st.dear))
    flow.append(Spacer(1, 4 * mm))
    flow.append(p(t("documents.invitation.body_org", lang, count=len(invitations), **fields), st.body))
    flow += _items(info, data, lang, st, t("documents.invitation.composition_org", lang, count=len(invitations)))
    flow.append(Spacer(1, 2 * mm))
    rows: list[list[Any]] = [head_cells(("reports.col.no", "reports.col.name", "reports.col.position",
                                         "reports.col.qr"), lang, st)]
    for n, inv in enumerate(invitations, start=1):
        rows.append([p(str(n), st.number), p(inv.row.display(lang), st.cell_bold), p(inv.row.position, st.cell),
                     QrFlowable(inv.code, QR_LIST)])
    widths = [NO_W, 58 * mm, FRAME_W - NO_W - 58 * mm - QR_LIST - 10 * mm, QR_LIST + 10 * mm]
    flow.append(data_table(rows, widths, [("VALIGN", (0, 1), (-1, -1), "MIDDLE"),
                                          ("ALIGN", (3, 1), (3, -1), "CENTER")]))
    flow.append(Spacer(1, 2 * mm))
    # the signature never stands on a page without the letter's last words
    flow.append(KeepTogether([p(t("reports.invitations.qr_note_org", lang), st.body),
                              p(fill(tpl.invitation_closing, **fields), st.body), Spacer(1, 3 * mm),
                              closing_table(_recipients(lang, st), _signer(info, lang, st), right_w=SIGN_W)]))
    return flow


class LetterStart(Flowable):
    """Marks the page a letter starts on, for :func:`number_letter_pages`; draws nothing."""

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv._letter_first_page = self.canv.getPageNumber()  # type: ignore[attr-defined]


def number_letter_pages(canvas: Canvas, doc: Any) -> None:
    """Nghị định 30: a letter's pages are numbered from its second, centred in the top margin (13 pt)."""
    number = canvas.getPageNumber() - getattr(canvas, "_letter_first_page", canvas.getPageNumber()) + 1
    if number >= 2:
        canvas.saveState()
        canvas.setFont(SERIF_REGULAR, 13)
        canvas.setFillGray(0)
        canvas.drawCentredString(MARGIN_LEFT + FRAME_W / 2, PAGE_H - MARGIN_TOP / 2 - 4, str(number))
        canvas.restoreState()


def pdf(data: InvitationData, info: EventInfo, options: ReportOptions, steps: Steps) -> bytes:
    lang = options.lang
    st = _Styles()
    day = info.local(options.as_of).date()
    flow: list[Flowable] = []
    if data.per == "organization":
        letters = data.by_organization(lang)
        steps.set_total(len(letters) + 1)
        for title, invitations in letters:
            steps.check()
            if flow:
                flow.append(PageBreak())
            flow += [LetterStart(), *_organization_letter(title, invitations, info, data, lang, st, day)]
            flow.append(Tick(steps))
    else:
        steps.set_total(len(data.invitations) + 1)
        flow = _delegate_letters(data, info, lang, day, steps)
    if not flow:
        flow.append(p(t("reports.invitations.none", lang), st.italic))
    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT, topMargin=MARGIN_TOP,
                          bottomMargin=MARGIN_BOTTOM, title=t(TITLE_KEY, lang), author=_issuer(info, lang),
                          subject=info.name(lang), creator="confman",
                          keywords=f"{as_of_text(info, lang, options.as_of)}; {t('reports.filter', lang)}: "
                                   f"{data.filter_text}")
    frame = Frame(MARGIN_LEFT, MARGIN_BOTTOM, doc.width, doc.height, 0, 0, 0, 0)
    doc.addPageTemplates([PageTemplate("letter", [frame], onPageEnd=number_letter_pages)])
    doc.build(flow, canvasmaker=serif_canvas)
    steps.finish()
    return buffer.getvalue()


__all__ = ["LetterStart", "QrFlowable", "collect", "figures", "number_letter_pages", "pdf", "when_text"]
