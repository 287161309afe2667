"""Invitation letters (*giấy mời*), A4 portrait, one PDF: per delegate or per organization.

Laid out like a Vietnamese official letter: the organiser block and the national motto
with place and date, "GIẤY MỜI", the invitee, the event with its time and venue, and
the delegate's QR code — the signed badge code (``codes.make_code`` with the event
secret and the delegate's current badge version) — so the code travels with the letter
and the desk can check the person in from it.  A letter per organization lists its
delegates, each with their own QR code.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    SimpleDocTemplate,
    Spacer,
    Table,
)

from confman.core.agenda.pdf import date_span
from confman.core.badges.codes import make_code
from confman.core.badges.qr import qr_matrix
from confman.core.badges.render import draw_qr
from confman.core.db.engine import Database
from confman.core.pdf.fonts import FONT_BOLD, FONT_ITALIC, FONT_REGULAR
from confman.core.reports.data import EventInfo, ListRow, describe_filter, group_rows, list_rows
from confman.core.reports.layout import (
    FRAME_W,
    MARGIN_TOP,
    MARGIN_X,
    NO_W,
    Styles,
    Tick,
    as_of_text,
    data_table,
    head_cells,
    letterhead,
    p,
    style,
)
from confman.core.reports.letters import LetterTemplate, fill, letter_template, place_date
from confman.core.reports.options import ReportOptions, Steps
from confman.i18n import t

TITLE_KEY = "reports.invitations.title"
QR_LETTER = 32 * mm
QR_LIST = 24 * mm


class QrFlowable(Flowable):
    """A badge code's QR symbol as vector squares, with the digits beneath."""

    def __init__(self, code: str, size: float, caption: bool = True) -> None:
        super().__init__()
        self.code = code
        self.size = size
        self.caption = caption
        self.matrix = qr_matrix(code)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size + (4 * mm if self.caption else 0)

    def draw(self) -> None:
        caption_h = 4 * mm if self.caption else 0
        draw_qr(self.canv, self.matrix, 0, caption_h, self.size)
        if self.caption:
            self.canv.setFont(FONT_REGULAR, 6.5)
            self.canv.setFillGray(0.25)
            self.canv.drawCentredString(self.size / 2, 1 * mm, self.code)


@dataclass(frozen=True, slots=True)
class Invitation:
    row: ListRow
    code: str


@dataclass(frozen=True, slots=True)
class InvitationData:
    invitations: tuple[Invitation, ...]
    per: str
    filter_text: str

    def by_organization(self, lang: str) -> list[tuple[str, list[Invitation]]]:
        by_id = {i.row.id: i for i in self.invitations}
        return [(g.title, [by_id[r.id] for r in g.rows])
                for g in group_rows([i.row for i in self.invitations], "org", lang)]


def collect(db: Database, event_id: int, options: ReportOptions, info: EventInfo) -> InvitationData:
    rows = list_rows(db, event_id, options)
    rows.sort(key=lambda r: (r.organization_id is None, r.org_sort, r.name_sort, r.id))
    invitations = tuple(
        Invitation(r, make_code(event_id=event_id, delegate_id=r.id, badge_version=r.badge_version,
                                secret=info.secret))
        for r in rows
    )
    return InvitationData(invitations, options.invitation_per, describe_filter(db, options, options.lang))


def figures(data: InvitationData, options: ReportOptions) -> dict[str, Any]:
    letters = len(data.invitations) if data.per == "delegate" else len(data.by_organization(options.lang))
    return {"letters": letters, "delegates": len(data.invitations), "per": data.per}


class _Styles(Styles):
    def __init__(self) -> None:
        super().__init__()
        self.letter_title = style("ltitle", FONT_BOLD, 18, 23, 1, spaceBefore=4, spaceAfter=2)
        self.salutation = style("salut", FONT_REGULAR, 12, 17, 1)
        self.invitee = style("invitee", FONT_BOLD, 14, 19, 1, spaceBefore=4)
        self.invitee_meta = style("inviteemeta", FONT_REGULAR, 11, 15, 1)
        self.text = style("text", FONT_REGULAR, 11.5, 16.5, 4, spaceBefore=3)
        self.detail = style("detail", FONT_REGULAR, 11.5, 16.5)
        self.detail_bold = style("detailb", FONT_BOLD, 11.5, 16.5)
        self.sign = style("sign", FONT_BOLD, 11.5, 15, 1)
        self.sign_hint = style("signhint", FONT_ITALIC, 9.5, 12, 1)
        self.qr_note = style("qrnote", FONT_ITALIC, 9.5, 12.5)
        self.recipients = style("recip", FONT_ITALIC, 9, 12)


def _opening(info: EventInfo, lang: str, st: _Styles, as_of_day: Any) -> list[Flowable]:
    flow = letterhead(info, lang, st, motto=True, place_date=place_date(info, as_of_day, lang),
                      reference=letter_template(info, lang).reference)
    flow.append(p(t("reports.invitations.heading", lang), st.letter_title))
    return flow


def _event_details(info: EventInfo, lang: str, st: _Styles) -> list[Flowable]:
    rows = [[p(t("reports.invitations.to_attend", lang), st.detail), p(info.name(lang), st.detail_bold)],
            [p(t("reports.dates", lang) + ":", st.detail), p(date_span(info.start_date, info.end_date), st.detail)]]
    if info.venue:
        rows.append([p(t("reports.venue", lang) + ":", st.detail), p(info.venue, st.detail)])
    table = Table(rows, colWidths=[30 * mm, FRAME_W - 30 * mm - 10 * mm], hAlign="CENTER")
    table.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3)])
    return [table]


def _sign_block(tpl: LetterTemplate, lang: str, st: _Styles) -> list[Flowable]:
    """Signer's title, the hint, room for the signature and seal, the signer's name."""
    block: list[Flowable] = [p(line, st.sign) for line in tpl.signer_title.splitlines() if line.strip()]
    block += [p(t("reports.sign.hint", lang), st.sign_hint), Spacer(1, 22 * mm)]
    if tpl.signer_name:
        block.append(p(tpl.signer_name, st.sign))
    return block


def _signature(info: EventInfo, lang: str, st: _Styles) -> Flowable:
    block = _sign_block(letter_template(info, lang), lang, st)
    table = Table([["", block]], colWidths=[FRAME_W - 80 * mm, 80 * mm])
    table.setStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)])
    return table


def _delegate_letter(inv: Invitation, info: EventInfo, lang: str, st: _Styles, day: Any) -> list[Flowable]:
    row = inv.row
    tpl = letter_template(info, lang)
    fields = tpl.fields(info, lang, row.display(lang))
    flow = _opening(info, lang, st, day)
    flow.append(Spacer(1, 3 * mm))
    flow.append(p(fill(tpl.invitation_body, **fields), st.salutation))
    flow.append(p(row.display(lang), st.invitee))
    meta = ", ".join(x for x in (row.position, row.organization) if x)
    if meta:
        flow.append(p(meta, st.invitee_meta))
    flow.append(Spacer(1, 5 * mm))
    flow += _event_details(info, lang, st)
    flow.append(Spacer(1, 3 * mm))
    flow.append(p(fill(tpl.invitation_closing, **fields), st.text))
    flow.append(Spacer(1, 4 * mm))
    qr_note = [p(t("reports.invitations.qr_title", lang), st.detail_bold),
               p(t("reports.invitations.qr_note", lang), st.qr_note)]
    box = Table([[QrFlowable(inv.code, QR_LETTER), qr_note]], colWidths=[QR_LETTER + 6 * mm, 70 * mm],
                hAlign="LEFT")
    box.setStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                  ("BOX", (0, 0), (-1, -1), 0.5, "#7A7A7A"), ("LEFTPADDING", (0, 0), (0, 0), 3 * mm),
                  ("TOPPADDING", (0, 0), (-1, -1), 3 * mm), ("BOTTOMPADDING", (0, 0), (-1, -1), 2 * mm)])
    sign = _sign_block(tpl, lang, st)
    row_table = Table([[box, sign]], colWidths=[FRAME_W - 80 * mm, 80 * mm])
    row_table.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 0)])
    flow.append(KeepTogether([row_table]))
    return flow


def _organization_letter(title: str, invitations: Sequence[Invitation], info: EventInfo, lang: str, st: _Styles,
                         day: Any) -> list[Flowable]:
    flow = _opening(info, lang, st, day)
    flow.append(p(f"{t('reports.invitations.dear', lang)} {title}", st.invitee))
    flow.append(Spacer(1, 3 * mm))
    flow.append(p(t("reports.invitations.invites_org", lang, count=len(invitations)), st.text))
    flow.append(Spacer(1, 2 * mm))
    flow += _event_details(info, lang, st)
    flow.append(Spacer(1, 3 * mm))
    rows: list[list[Any]] = [head_cells(("reports.col.no", "reports.col.name", "reports.col.position",
                                         "reports.col.qr"), lang, st)]
    for n, inv in enumerate(invitations, start=1):
        rows.append([p(str(n), st.number), p(inv.row.display(lang), st.cell_bold), p(inv.row.position, st.cell),
                     QrFlowable(inv.code, QR_LIST)])
    widths = [NO_W, 62 * mm, FRAME_W - NO_W - 62 * mm - QR_LIST - 8 * mm, QR_LIST + 8 * mm]
    flow.append(data_table(rows, widths, [("VALIGN", (0, 1), (-1, -1), "MIDDLE"),
                                          ("ALIGN", (3, 1), (3, -1), "CENTER")]))
    flow.append(Spacer(1, 2 * mm))
    flow.append(p(t("reports.invitations.qr_note_org", lang), st.qr_note))
    flow.append(Spacer(1, 2 * mm))
    flow.append(p(t("reports.invitations.closing_org", lang), st.text))
    flow.append(CondPageBreak(40 * mm))
    flow.append(Spacer(1, 3 * mm))
    flow.append(_signature(info, lang, st))
    return flow


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
            flow += _organization_letter(title, invitations, info, lang, st, day)
            flow.append(Tick(steps))
    else:
        steps.set_total(len(data.invitations) + 1)
        for inv in data.invitations:
            steps.check()
            if flow:
                flow.append(PageBreak())
            flow += _delegate_letter(inv, info, lang, st, day)
            flow.append(Tick(steps))
    if not flow:
        flow.append(p(t("reports.invitations.none", lang), st.body_italic))
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
                            bottomMargin=16 * mm, title=t(TITLE_KEY, lang), author=info.organiser_unit,
                            subject=info.name(lang), creator="confman",
                            keywords=f"{as_of_text(info, lang, options.as_of)}; {t('reports.filter', lang)}: {data.filter_text}")
    doc.build(flow, canvasmaker=_plain_canvas)
    steps.finish()
    return buffer.getvalue()


def _plain_canvas(*args: Any, **kwargs: Any) -> Any:
    from reportlab.pdfgen.canvas import Canvas

    kwargs.setdefault("initialFontName", FONT_REGULAR)
    return Canvas(*args, **kwargs)


__all__ = ["QrFlowable", "collect", "figures", "pdf"]
