"""Certificates of attendance (*giấy chứng nhận*): A4 landscape, one per checked-in delegate, one PDF.

A simple, formal template: a double frame, the organiser unit and the national motto,
the title, the person's name fitted to the width, position and unit, the event with its
dates and venue, the place and date, a signature block and a certificate number.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from confman.core.agenda.pdf import date_span
from confman.core.db.engine import Database
from confman.core.events.letterhead import letterhead_for, signer_lines
from confman.core.pdf.fonts import (
    SERIF_BOLD,
    SERIF_ITALIC,
    SERIF_REGULAR,
    clean_text,
    draw_fitted_text,
    fit_text,
    text_width,
)
from confman.core.pdf.house import serif_canvas
from confman.core.reports.data import EventInfo, ListRow, describe_filter, list_rows
from confman.core.reports.layout import as_of_text
from confman.core.reports.letters import fill, letter_template
from confman.core.reports.options import ReportOptions, Steps
from confman.i18n import t

TITLE_KEY = "reports.certificates.title"
PAGE_W, PAGE_H = landscape(A4)
NAVY = colors.HexColor("#1F3A5F")
GOLD = colors.HexColor("#B08D3C")
RED = colors.HexColor("#A61B1B")
INK = colors.HexColor("#111111")
MUTED = colors.HexColor("#444444")


@dataclass(frozen=True, slots=True)
class CertificateData:
    rows: tuple[ListRow, ...]
    filter_text: str


def collect(db: Database, event_id: int, options: ReportOptions) -> CertificateData:
    rows = list_rows(db, event_id, options, checked_in=True)
    rows.sort(key=lambda r: (r.organization_id is None, r.org_sort, r.name_sort, r.id))
    return CertificateData(tuple(rows), describe_filter(db, options, options.lang,
                                                        base_key="reports.filter.checked_in_only"))


def figures(data: CertificateData, options: ReportOptions) -> dict[str, Any]:
    return {"certificates": len(data.rows)}


def _text(c: Canvas, text: str, font: str, box: tuple[float, float, float, float], *, max_size: float,
          min_size: float, lines: int = 1, color: Any = INK, align: str = "center") -> float:
    """Fit ``text`` into ``box`` (x, y, w, h); returns the height used."""
    x, y, w, h = box
    fitted = fit_text(text, font, width=w, height=h, max_size=max_size, min_size=min_size, max_lines=lines)
    c.setFillColor(color)
    draw_fitted_text(c, fitted, x, y, w, h, align=align, valign="top")  # type: ignore[arg-type]
    return fitted.height


def _frame(c: Canvas) -> None:
    c.setStrokeColor(NAVY)
    c.setLineWidth(3)
    c.rect(10 * mm, 10 * mm, PAGE_W - 20 * mm, PAGE_H - 20 * mm)
    c.setStrokeColor(GOLD)
    c.setLineWidth(0.9)
    c.rect(13.5 * mm, 13.5 * mm, PAGE_W - 27 * mm, PAGE_H - 27 * mm)
    for x, y in ((13.5, 13.5), (PAGE_W / mm - 13.5, 13.5), (13.5, PAGE_H / mm - 13.5),
                 (PAGE_W / mm - 13.5, PAGE_H / mm - 13.5)):
        c.setFillColor(GOLD)
        c.circle(x * mm, y * mm, 1.6 * mm, stroke=0, fill=1)


def _rule_under(c: Canvas, text: str, font: str, size: float, centre: float, y: float, share: float = 1.0) -> None:
    width = text_width(clean_text(text), font, size) * share
    c.setStrokeColor(INK)
    c.setLineWidth(0.6)
    c.line(centre - width / 2, y, centre + width / 2, y)


def _heads(c: Canvas, info: EventInfo, lang: str) -> None:
    """Parent and issuing body (left, with a short rule) and the national motto (right, ruled)."""
    assert info.docs is not None
    head = letterhead_for(info.docs, lang, day=None)
    top = PAGE_H - 22 * mm
    left_box = (24 * mm, 110 * mm)
    y = top
    for text, font in ((head.parent.upper(), SERIF_REGULAR), (head.issuing.upper(), SERIF_BOLD)):
        if text:
            used = _text(c, text, font, (left_box[0], y - 11 * mm, left_box[1], 11 * mm), max_size=12, min_size=9,
                         lines=2)
            y -= used + 1.5 * mm
    if head.issuing or head.parent:
        shown = head.issuing or head.parent
        _rule_under(c, shown.upper(), SERIF_BOLD, 12, left_box[0] + left_box[1] / 2, y - 1 * mm, share=0.35)
    right_w = 120 * mm
    right_x = PAGE_W - 24 * mm - right_w
    _text(c, head.motto_country, SERIF_BOLD, (right_x, top - 6 * mm, right_w, 6 * mm), max_size=12, min_size=9)
    _text(c, head.motto_words, SERIF_BOLD, (right_x, top - 12 * mm, right_w, 6.5 * mm), max_size=13.5, min_size=10)
    _rule_under(c, head.motto_words, SERIF_BOLD, 13.5, right_x + right_w / 2, top - 13.5 * mm)


def draw_certificate(c: Canvas, info: EventInfo, row: ListRow, number: int, lang: str) -> None:
    assert info.docs is not None
    _frame(c)
    _heads(c, info, lang)
    width = PAGE_W - 60 * mm
    left = 30 * mm
    y = PAGE_H - 48 * mm
    _text(c, t("reports.certificates.heading", lang), SERIF_BOLD, (left, y - 17 * mm, width, 17 * mm),
          max_size=32, min_size=20, color=RED)
    y -= 21 * mm
    tpl = letter_template(info, lang)
    name = clean_text(row.display(lang))
    fields = {**tpl.fields(info, lang, name), "issuer": info.docs.issuing(lang) or t("documents.issuer_default", lang)}
    _text(c, fill(tpl.certificate_text, **fields), SERIF_ITALIC, (left, y - 8 * mm, width, 8 * mm),
          max_size=14, min_size=10, color=MUTED)
    y -= 11 * mm
    used = _text(c, name, SERIF_BOLD, (left, y - 14 * mm, width, 14 * mm), max_size=26, min_size=16, color=NAVY)
    y -= max(used, 10 * mm) + 4 * mm
    role = ", ".join(x for x in (clean_text(row.position), clean_text(row.organization)) if x)
    if role:
        used = _text(c, role, SERIF_REGULAR, (left, y - 13 * mm, width, 13 * mm), max_size=13, min_size=9,
                     lines=2, color=INK)
        y -= used + 4 * mm
    _text(c, t("reports.certificates.attended", lang), SERIF_ITALIC, (left, y - 7 * mm, width, 7 * mm),
          max_size=13, min_size=9, color=MUTED)
    y -= 9 * mm
    used = _text(c, info.name(lang), SERIF_BOLD, (left, y - 16 * mm, width, 16 * mm), max_size=16, min_size=12.5,
                 lines=2, color=INK)
    y -= used + 3 * mm
    when = f"{t('reports.dates', lang)}: {date_span(info.start_date, info.end_date)}"
    venue = info.venue_for(lang)
    if venue:
        when += f"  ·  {t('reports.venue', lang)}: {venue}"
    _text(c, when, SERIF_REGULAR, (left, y - 7 * mm, width, 7 * mm), max_size=12, min_size=8, color=MUTED)
    # Signer block (right) and certificate number (left).
    sign_x, sign_w = PAGE_W - 30 * mm - 105 * mm, 105 * mm
    base = max(47 * mm, min(62 * mm, y - 7 * mm - 14 * mm))  # as high as the text above allows: room to sign
    head = letterhead_for(info.docs, lang, day=info.end_date)
    _text(c, head.place_date, SERIF_ITALIC, (sign_x, base, sign_w, 6.5 * mm), max_size=13, min_size=8)
    y = base - 7.5 * mm
    authority, title, signer = signer_lines(info.docs, lang)
    for line in [x for text in (authority, title) for x in text.splitlines() if x.strip()][:3]:
        _text(c, line.upper(), SERIF_BOLD, (sign_x, y, sign_w, 6.5 * mm), max_size=13, min_size=8)
        y -= 5.8 * mm
    if signer:
        _text(c, signer, SERIF_BOLD, (sign_x, 18 * mm, sign_w, 7 * mm), max_size=13.5, min_size=8)
    code = t("documents.certificate.number", lang, number=f"{info.code}/{number:04d}")
    _text(c, code, SERIF_REGULAR, (30 * mm, 22 * mm, 90 * mm, 5 * mm), max_size=10, min_size=6, color=MUTED,
          align="left")


def _new_canvas(buffer: io.BytesIO, info: EventInfo, lang: str, keywords: str) -> Canvas:
    """A landscape A4 canvas in the official serif; the as-of time and filter go into the properties."""
    c = serif_canvas(buffer, pagesize=(PAGE_W, PAGE_H), pageCompression=1)
    c.setTitle(t(TITLE_KEY, lang))
    assert info.docs is not None
    c.setAuthor(info.docs.issuing(lang) or info.organiser_unit)
    c.setSubject(info.name(lang))
    c.setCreator("confman")
    c.setKeywords(keywords)
    return c


def pdf(data: CertificateData, info: EventInfo, options: ReportOptions, steps: Steps) -> bytes:
    lang = options.lang
    steps.set_total(len(data.rows) + 1)
    buffer = io.BytesIO()
    c = _new_canvas(buffer, info, lang,
                    f"{as_of_text(info, lang, options.as_of)}; {t('reports.filter', lang)}: {data.filter_text}")
    for number, row in enumerate(data.rows, start=1):
        draw_certificate(c, info, row, number, lang)
        c.showPage()
        steps.step()
    if not data.rows:
        c.setFont(SERIF_ITALIC, 12)
        c.drawCentredString(PAGE_W / 2, PAGE_H / 2, t("reports.certificates.none", lang))
        c.showPage()
    c.save()
    steps.finish()
    return buffer.getvalue()
