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
from confman.core.pdf.fonts import (
    FONT_BOLD,
    FONT_ITALIC,
    FONT_REGULAR,
    FONT_SEMIBOLD,
    clean_text,
    draw_fitted_text,
    fit_text,
)
from confman.core.reports.data import EventInfo, ListRow, describe_filter, list_rows
from confman.core.reports.layout import as_of_text, new_canvas, organiser_lines
from confman.core.reports.letters import fill, letter_template, place_date
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


def _heads(c: Canvas, info: EventInfo, lang: str) -> None:
    top = PAGE_H - 24 * mm
    lines = organiser_lines(info)
    y = top
    for i, line in enumerate(lines):
        font = FONT_BOLD if i == len(lines) - 1 else FONT_REGULAR
        _text(c, line, font, (22 * mm, y - 6 * mm, 100 * mm, 6 * mm), max_size=10.5, min_size=7)
        y -= 5.5 * mm
    if lines:
        c.setStrokeColor(INK)
        c.setLineWidth(0.6)
        c.line(72 * mm - 14 * mm, y - 2.5 * mm, 72 * mm + 14 * mm, y - 2.5 * mm)
    right = (PAGE_W - 22 * mm - 120 * mm, 0, 120 * mm, 0)
    _text(c, t("reports.motto.country", lang), FONT_BOLD, (right[0], top - 6 * mm, right[2], 6 * mm),
          max_size=10.5, min_size=7)
    _text(c, t("reports.motto.words", lang), FONT_SEMIBOLD, (right[0], top - 11.5 * mm, right[2], 6 * mm),
          max_size=11, min_size=7)
    middle = right[0] + right[2] / 2
    c.line(middle - 24 * mm, top - 13 * mm, middle + 24 * mm, top - 13 * mm)


def draw_certificate(c: Canvas, info: EventInfo, row: ListRow, number: int, lang: str) -> None:
    _frame(c)
    _heads(c, info, lang)
    width = PAGE_W - 60 * mm
    left = 30 * mm
    y = PAGE_H - 48 * mm
    _text(c, t("reports.certificates.heading", lang), FONT_BOLD, (left, y - 17 * mm, width, 17 * mm),
          max_size=34, min_size=20, color=RED)
    y -= 22 * mm
    tpl = letter_template(info, lang)
    _text(c, fill(tpl.certificate_text, **tpl.fields(info, lang, clean_text(row.display(lang)))), FONT_ITALIC, (left, y - 8 * mm, width, 8 * mm),
          max_size=14, min_size=10, color=MUTED)
    y -= 11 * mm
    name = clean_text(row.display(lang))
    used = _text(c, name, FONT_BOLD, (left, y - 14 * mm, width, 14 * mm), max_size=28, min_size=16, color=NAVY)
    y -= max(used, 10 * mm) + 4 * mm
    role = ", ".join(x for x in (clean_text(row.position), clean_text(row.organization)) if x)
    if role:
        used = _text(c, role, FONT_REGULAR, (left, y - 13 * mm, width, 13 * mm), max_size=13, min_size=9,
                     lines=2, color=INK)
        y -= used + 4 * mm
    _text(c, t("reports.certificates.attended", lang), FONT_ITALIC, (left, y - 7 * mm, width, 7 * mm),
          max_size=12.5, min_size=9, color=MUTED)
    y -= 9 * mm
    used = _text(c, info.name(lang), FONT_BOLD, (left, y - 16 * mm, width, 16 * mm), max_size=16, min_size=12.5,
                 lines=2, color=INK)
    y -= used + 3 * mm
    when = f"{t('reports.dates', lang)}: {date_span(info.start_date, info.end_date)}"
    if info.venue:
        when += f"  ·  {t('reports.venue', lang)}: {info.venue}"
    _text(c, when, FONT_REGULAR, (left, y - 7 * mm, width, 7 * mm), max_size=11.5, min_size=8, color=MUTED)
    # Signature block (right) and certificate number (left).
    sign_x, sign_w = PAGE_W - 30 * mm - 105 * mm, 105 * mm
    base = max(47 * mm, min(62 * mm, y - 7 * mm - 14 * mm))  # as high as the text above allows: room to sign
    _text(c, place_date(info, info.end_date, lang), FONT_ITALIC, (sign_x, base, sign_w, 6.5 * mm),
          max_size=11.5, min_size=8)
    y = base - 8 * mm
    for line in [x for x in tpl.signer_title.splitlines() if x.strip()][:3]:  # "KT. BỘ TRƯỞNG" / "THỨ TRƯỞNG"
        _text(c, line, FONT_BOLD, (sign_x, y, sign_w, 6.5 * mm), max_size=11.5, min_size=8)
        y -= 5.5 * mm
    _text(c, t("reports.sign.hint", lang), FONT_ITALIC, (sign_x, y - 0.5 * mm, sign_w, 5.5 * mm),
          max_size=9, min_size=7, color=MUTED)
    if tpl.signer_name:
        _text(c, tpl.signer_name, FONT_BOLD, (sign_x, 18 * mm, sign_w, 6.5 * mm), max_size=11.5, min_size=8)
    code = f"{t('reports.certificates.number', lang)}: {info.code}/{number:04d}"
    _text(c, code, FONT_REGULAR, (30 * mm, 22 * mm, 90 * mm, 5 * mm), max_size=8.5, min_size=6, color=MUTED,
          align="left")


def pdf(data: CertificateData, info: EventInfo, options: ReportOptions, steps: Steps) -> bytes:
    lang = options.lang
    steps.set_total(len(data.rows) + 1)
    buffer = io.BytesIO()
    c = new_canvas(buffer, info, lang, t(TITLE_KEY, lang), landscape_page=True,
                   keywords=f"{as_of_text(info, lang, options.as_of)}; {t('reports.filter', lang)}: {data.filter_text}")
    for number, row in enumerate(data.rows, start=1):
        draw_certificate(c, info, row, number, lang)
        c.showPage()
        steps.step()
    if not data.rows:
        c.setFont(FONT_ITALIC, 12)
        c.drawCentredString(PAGE_W / 2, PAGE_H / 2, t("reports.certificates.none", lang))
        c.showPage()
    c.save()
    steps.finish()
    return buffer.getvalue()
