"""The printable form of one unit (A4, house style) for units that answer on paper.

The unit's QR code (top right) holds its form identifier: scanned or typed on the Survey page,
it opens that unit's entry form in the app.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from PIL import Image as PILImage
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, KeepTogether, Spacer, Table, TableStyle

from confman.core.badges.qr import qr_image
from confman.core.pdf.fonts import FONT_BOLD, FONT_ITALIC, FONT_REGULAR, FONT_SEMIBOLD
from confman.core.pdf.house import ACCENT, FRAME_W, INK, MUTED, RULE, style
from confman.core.reports.data import EventInfo
from confman.core.reports.layout import Styles, build_pdf, official_letterhead, p
from confman.core.survey.codes import make_form_code
from confman.core.survey.forms_xlsx import FormContext, _note, safe_file_name
from confman.core.survey.models import QuestionType
from confman.core.survey.rows import QuestionSpec, UnitRow
from confman.i18n import t

BOX = 4 * mm
QR_SIZE = 27 * mm


class WritingLines(Flowable):
    """``count`` dotted lines to write an answer on."""

    def __init__(self, count: int, gap: float = 8 * mm) -> None:
        super().__init__()
        self.count = count
        self.gap = gap

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.count * self.gap + 1

    def draw(self) -> None:
        self.canv.setStrokeColor(RULE)
        self.canv.setLineWidth(0.5)
        self.canv.setDash(1, 2)
        for i in range(self.count):
            y = self.count * self.gap - (i + 1) * self.gap + 1
            self.canv.line(4 * mm, y, self.width, y)


def _qr(code: str) -> Image:
    small = qr_image(code)
    big = small.resize((small.width * 8, small.height * 8), PILImage.Resampling.NEAREST)
    buffer = io.BytesIO()
    big.save(buffer, "PNG")
    buffer.seek(0)
    return Image(buffer, width=QR_SIZE, height=QR_SIZE)


class TickBox(Flowable):
    """An empty square to tick."""

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return BOX, BOX

    def draw(self) -> None:
        self.canv.setStrokeColor(INK)
        self.canv.setLineWidth(0.7)
        self.canv.rect(0, 0, BOX, BOX)


def _boxes(labels: Sequence[str], st_label) -> Table:
    cells = [[TickBox(), p(label, st_label)] for label in labels]
    table = Table(cells, colWidths=[BOX + 4 * mm, FRAME_W - BOX - 10 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    return table


def _scale(q: QuestionSpec, st: Styles) -> Table:
    n = q.scale_max
    numbers = [p(str(v), style("sv", FONT_SEMIBOLD, 9.5, 12, 1)) for v in q.scale_values]
    boxes = ["" for _ in q.scale_values]
    cell_w = min(14 * mm, (FRAME_W - 10 * mm) / n)
    ends = [""] * n
    small = style("se", FONT_ITALIC, 7.5, 9, 1, MUTED)
    # With four or more boxes each end label spans two of them (a span shows its first cell).
    ends[0] = p(q.low_label, small) if q.low_label else ""
    ends[n - 2 if n >= 4 else -1] = p(q.high_label, small) if q.high_label else ""
    table = Table([numbers, boxes, ends], colWidths=[cell_w] * n, rowHeights=[None, 7 * mm, None], hAlign="LEFT")
    commands = [("ALIGN", (0, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 1), ("RIGHTPADDING", (0, 0), (-1, -1), 1)]
    for i in range(n):
        commands.append(("BOX", (i, 1), (i, 1), 0.7, INK))
    if n > 1:
        commands += [("SPAN", (0, 2), (1, 2)), ("SPAN", (n - 2, 2), (n - 1, 2))] if n >= 4 else []
    table.setStyle(TableStyle(commands))
    return table


def _question(q: QuestionSpec, lang: str, st: Styles) -> list[Flowable]:
    head = style("fq", FONT_SEMIBOLD, 10.5, 14)
    note_style = style("fn", FONT_ITALIC, 8.5, 11, color=MUTED)
    option = style("fo", FONT_REGULAR, 10, 13)
    flow: list[Flowable] = [p(f"{q.code}. {q.text(lang)}" + (" *" if q.required else ""), head)]
    note = _note(q, lang)
    help_text = q.help(lang)
    if note or help_text:
        flow.append(p("  ".join(x for x in (note, help_text) if x), note_style))
    flow.append(Spacer(1, 1.5 * mm))
    if q.type in (QuestionType.SINGLE, QuestionType.MULTI):
        flow.append(_boxes(q.options(lang), option))
    elif q.type == QuestionType.SCALE:
        flow.append(_scale(q, st))
    elif q.type == QuestionType.NUMBER:
        flow.append(WritingLines(1))
    else:
        flow.append(WritingLines(1 if q.type == QuestionType.SHORT_TEXT else 5))
    flow.append(Spacer(1, 4 * mm))
    return [KeepTogether(flow)]


def form_pdf(ctx: FormContext, info: EventInfo, unit: UnitRow) -> bytes:
    """The printable form of ``unit`` in its language, with its QR code."""
    lang = unit.language
    st = Styles()
    code = make_form_code(ctx.survey.id, unit.organization_id, ctx.secret)
    title = ctx.survey.title(lang) or t("survey.form.title", lang)
    flow: list[Flowable] = official_letterhead(info, lang, st)
    left: list[Flowable] = [p(title.upper(), style("ft", FONT_BOLD, 15, 19)),
                            p(info.name(lang), style("fe", FONT_SEMIBOLD, 10.5, 14)), Spacer(1, 2 * mm),
                            p(f"{t('survey.form.unit', lang)}: {unit.name}", style("fu", FONT_BOLD, 12, 16, color=ACCENT))]
    if ctx.survey.due_date is not None:
        left.append(p(t("survey.form.due", lang, date=f"{ctx.survey.due_date:%d/%m/%Y}"), st.body_italic))
    right = [_qr(code), p(code, style("fc", FONT_REGULAR, 6.5, 8, 1, MUTED))]
    top = Table([[left, right]], colWidths=[FRAME_W - QR_SIZE - 4 * mm, QR_SIZE + 4 * mm])
    top.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                             ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    flow += [top, Spacer(1, 3 * mm), p(t("survey.form.instructions_pdf", lang), st.body_italic), Spacer(1, 4 * mm)]
    section = None
    for q in ctx.survey.questions:
        if q.section(lang) and q.section(lang) != section:
            section = q.section(lang)
            flow.append(p(section, st.section))
        flow += _question(q, lang, st)
    flow += [Spacer(1, 4 * mm), p(t("survey.form.thanks", lang), st.body_italic)]
    return build_pdf(flow, info, lang, title=f"{title} — {unit.name}", as_of=None)


def write_pdf_forms(ctx: FormContext, info: EventInfo, units: Sequence[UnitRow], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    written = []
    for unit in units:
        path = folder / safe_file_name(unit.name, used, ".pdf")
        path.write_bytes(form_pdf(ctx, info, unit))
        written.append(path)
    return written


