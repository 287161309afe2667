"""The printable questionnaire of one unit (*phiếu khảo sát*), for units that answer on paper.

An official document of the organising department in the Nghị định 30 layout every document
confman prints uses (:mod:`confman.core.pdf.official`, the official serif):

* the letterhead of the event's issuing body and the national motto, without "Số:" and without a
  place-and-date line: the questionnaire travels with the organisers' covering letter, which has
  the number, and the unit dates the form when it fills it in;
* the document type "PHIẾU KHẢO SÁT" with the survey as its summary line;
* the unit's block: its name, lines for whoever fills the form in, the due date, and the unit's QR
  code (its form identifier: scanned or typed on the Survey page, it opens that unit's entry form);
* the questions section by section: tick boxes, scale boxes, writing lines;
* at the foot the responding unit's signer block ("…, ngày … tháng … năm …", *THỦ TRƯỞNG ĐƠN VỊ*,
  signature and seal) beside the person who filled it in. No "Nơi nhận": the form goes back to
  the organisers only.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from PIL import Image as PILImage
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, KeepTogether, Spacer, Table, TableStyle

from confman.core.badges.qr import qr_image
from confman.core.pdf.fonts import SERIF_BOLD, SERIF_ITALIC, SERIF_REGULAR, text_width
from confman.core.pdf.official import GREY, RULE_GREY, TextRule, closing_table, ostyle, signer_block
from confman.core.reports.data import EventInfo
from confman.core.reports.layout import FRAME_W, Styles, build_pdf, official_letterhead, p
from confman.core.survey.codes import make_form_code
from confman.core.survey.forms_xlsx import FormContext, _note, safe_file_name
from confman.core.survey.models import QuestionType
from confman.core.survey.rows import QuestionSpec, UnitRow
from confman.core.text import fold
from confman.i18n import t

BOX = 4 * mm
QR_SIZE = 27 * mm
QR_COLUMN = QR_SIZE + 6 * mm
INK = "#000000"


class FormStyles(Styles):
    """The official styles plus the questionnaire's own (questions, options, scale boxes)."""

    def __init__(self) -> None:
        super().__init__()
        self.unit = ostyle("f_unit", SERIF_BOLD, 13, 16.5)
        self.question = ostyle("f_question", SERIF_BOLD, 12.5, 16, spaceBefore=2)
        self.note_line = ostyle("f_note", SERIF_ITALIC, 11, 13.5, color=GREY)
        self.option = ostyle("f_option", SERIF_REGULAR, 12.5, 15)
        self.scale_value = ostyle("f_scale", SERIF_BOLD, 11, 13, TA_CENTER)
        self.scale_end = ostyle("f_scale_end", SERIF_ITALIC, 10, 12, TA_CENTER, GREY)
        self.code = ostyle("f_code", SERIF_REGULAR, 7.5, 9, TA_CENTER, GREY)
        self.instructions = ostyle("f_instr", SERIF_ITALIC, 12, 15)


class WritingLines(Flowable):
    """``count`` dotted lines to write an answer on (``width``: the whole width when None)."""

    def __init__(self, count: int, gap: float = 8 * mm, width: float | None = None) -> None:
        super().__init__()
        self.count = count
        self.gap = gap
        self.line_width = width

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = min(self.line_width or avail_width, avail_width)
        return self.width, self.count * self.gap + 1

    def draw(self) -> None:
        self.canv.setStrokeColor(RULE_GREY)
        self.canv.setLineWidth(0.5)
        self.canv.setDash(1, 2)
        for i in range(self.count):
            y = self.count * self.gap - (i + 1) * self.gap + 1
            self.canv.line(4 * mm, y, self.width, y)


class FieldLine(Flowable):
    """One line of labelled blanks ("Người điền phiếu: ……  Chức vụ: ……"), the width shared by ``parts``."""

    def __init__(self, parts: Sequence[tuple[str, float]], font: str = SERIF_REGULAR, size: float = 12.5) -> None:
        super().__init__()
        self.parts = parts
        self.font = font
        self.size = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.size * 1.9

    def draw(self) -> None:
        canvas = self.canv
        x = 0.0
        total = sum(share for _label, share in self.parts)
        for label, share in self.parts:
            end = x + self.width * share / total
            text = f"{label}: "
            canvas.setFont(self.font, self.size)
            canvas.setFillColor(INK)
            canvas.drawString(x, 3, text)
            canvas.setStrokeColor(RULE_GREY)
            canvas.setLineWidth(0.5)
            canvas.setDash(1, 2)
            canvas.line(x + text_width(text, self.font, self.size), 2, end - 4 * mm, 2)
            canvas.setDash()
            x = end


class TickBox(Flowable):
    """An empty square to tick."""

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return BOX, BOX

    def draw(self) -> None:
        self.canv.setStrokeColor(INK)
        self.canv.setLineWidth(0.7)
        self.canv.rect(0, 0, BOX, BOX)


def _qr(code: str) -> Image:
    small = qr_image(code)
    big = small.resize((small.width * 8, small.height * 8), PILImage.Resampling.NEAREST)
    buffer = io.BytesIO()
    big.save(buffer, "PNG")
    buffer.seek(0)
    return Image(buffer, width=QR_SIZE, height=QR_SIZE)


def _plain_table(rows: list[list[object]], widths: Sequence[float], *commands: tuple[object, ...]) -> Table:
    table = Table(rows, colWidths=list(widths), hAlign="LEFT")
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), SERIF_REGULAR), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                               *commands]))
    return table


def _boxes(labels: Sequence[str], st: FormStyles) -> Table:
    """One tick box and its label per option; the box sits on the label's first line."""
    rows: list[list[object]] = [[TickBox(), p(label, st.option)] for label in labels]
    return _plain_table(rows, [BOX + 4 * mm, FRAME_W - 10 * mm - BOX - 4 * mm],
                        ("TOPPADDING", (0, 0), (0, -1), 1.2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3))


def _scale(q: QuestionSpec, st: FormStyles) -> Table:
    """A row of numbered boxes; the end labels under the first and the last ones."""
    n = q.scale_max
    cell_w = min(15 * mm, (FRAME_W - 10 * mm) / n)
    numbers = [p(str(v), st.scale_value) for v in q.scale_values]
    boxes = ["" for _ in q.scale_values]
    ends: list[object] = [""] * n
    # With four or more boxes each end label spans two of them (a span shows its first cell).
    ends[0] = p(q.low_label, st.scale_end) if q.low_label else ""
    ends[n - 2 if n >= 4 else -1] = p(q.high_label, st.scale_end) if q.high_label else ""
    commands: list[tuple[object, ...]] = [("ALIGN", (0, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                          ("LEFTPADDING", (0, 0), (-1, -1), 1), ("RIGHTPADDING", (0, 0), (-1, -1), 1),
                                          ("TOPPADDING", (0, 2), (-1, 2), 2)]
    commands += [("BOX", (i, 1), (i, 1), 0.7, INK) for i in range(n)]
    if n >= 4:
        commands += [("SPAN", (0, 2), (1, 2)), ("SPAN", (n - 2, 2), (n - 1, 2))]
    table = Table([numbers, boxes, ends], colWidths=[cell_w] * n, rowHeights=[None, 7.5 * mm, None], hAlign="LEFT")
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), SERIF_REGULAR), *commands]))
    return table


def _question(q: QuestionSpec, lang: str, st: FormStyles, lead: Sequence[Flowable] = (),
              tail: Sequence[Flowable] = ()) -> list[Flowable]:
    """A question with its answer boxes, kept on one page with the ``lead`` (its section's heading) and
    the ``tail`` (after the last question: the thanks and the signatures, never alone on a page)."""
    flow: list[Flowable] = [*lead, p(f"{q.code}. {q.text(lang)}" + (" *" if q.required else ""), st.question)]
    note = "  ".join(x for x in (_note(q, lang), q.help(lang)) if x)
    if note:
        flow.append(p(note, st.note_line))
    flow.append(Spacer(1, 1.5 * mm))
    indent = 6 * mm
    if q.type in (QuestionType.SINGLE, QuestionType.MULTI):
        body: Flowable = _boxes(q.options(lang), st)
    elif q.type == QuestionType.SCALE:
        body = _scale(q, st)
    elif q.type == QuestionType.NUMBER:
        body = WritingLines(1, width=70 * mm)
    else:
        body = WritingLines(2 if q.type == QuestionType.SHORT_TEXT else 6)
    flow.append(_plain_table([["", body]], [indent, FRAME_W - indent]))
    flow.append(Spacer(1, 4 * mm))
    return [KeepTogether([*flow, *tail])]


def _summary(ctx: FormContext, info: EventInfo, lang: str) -> tuple[str, str]:
    """(summary line, "for the conference" line): the survey's title without a leading "Phiếu khảo sát"
    (the document type says it), else the event's name alone."""
    title = ctx.survey.title(lang).strip()
    doc_type = t("survey.form.doc_type", lang)
    if title and fold(title).startswith(fold(doc_type)):
        title = title[len(doc_type):].lstrip(" :-–—")
        title = title[:1].upper() + title[1:]
    if not title:
        return info.name(lang), ""
    return title, t("survey.form.for_event", lang, event=info.name(lang))


def _unit_block(ctx: FormContext, unit: UnitRow, lang: str, st: FormStyles) -> Table:
    """The unit, blanks for the person filling the form in, the due date (left); the QR code (right)."""
    left: list[Flowable] = [p(f"{t('survey.form.unit', lang)}: {unit.form_name}", st.unit), Spacer(1, 1 * mm),
                            FieldLine([(t("survey.form.respondent", lang), 0.58),
                                       (t("survey.form.position", lang), 0.42)]),
                            FieldLine([(t("survey.form.phone", lang), 0.42), (t("survey.form.email", lang), 0.58)])]
    if ctx.survey.due_date is not None:
        left += [Spacer(1, 1.5 * mm),
                 p(t("survey.form.due", lang, date=f"{ctx.survey.due_date:%d/%m/%Y}"), st.body_bold)]
    code = make_form_code(ctx.survey.id, unit.organization_id, ctx.secret)
    right: list[Flowable] = [_qr(code), p(code, st.code)]
    return _plain_table([[left, right]], [FRAME_W - QR_COLUMN, QR_COLUMN],
                        ("RIGHTPADDING", (0, 0), (0, 0), 4 * mm), ("ALIGN", (1, 0), (1, 0), "RIGHT"))


def _closing(lang: str, st: FormStyles) -> Table:
    """The person who filled the form in (left) and the unit's head (right), with a blank place and date."""
    gap = 2 * mm
    left = [Spacer(1, st.place_date.leading + gap),
            *signer_block(t("survey.form.respondent_sign", lang), "", "", st, hint=t("survey.form.respondent_hint", lang))]
    right = [p(t("survey.form.place_date_blank", lang), st.place_date), Spacer(1, gap),
             *signer_block(t("survey.form.head_sign", lang), "", "", st, hint=t("survey.form.head_hint", lang))]
    return closing_table(left, right, right_w=88 * mm)


def _footer(info: EventInfo, unit: UnitRow, lang: str) -> str:
    """"CODE · Phiếu khảo sát · unit", shortened after a word so it never reaches "Trang n/N"."""
    text = f"{info.code} · {t('survey.form.doc_type', lang)} · {unit.form_name}"
    room = FRAME_W - 35 * mm
    if text_width(text, SERIF_REGULAR, 8) <= room:
        return text
    words = text.split()
    while words and text_width(" ".join(words) + " …", SERIF_REGULAR, 8) > room:
        words.pop()
    return " ".join(words) + " …"


def form_pdf(ctx: FormContext, info: EventInfo, unit: UnitRow) -> bytes:
    """The printable questionnaire of ``unit`` in its language, with its QR code."""
    lang = unit.language
    st = FormStyles()
    doc_type = t("survey.form.doc_type", lang)
    summary, for_event = _summary(ctx, info, lang)
    flow: list[Flowable] = official_letterhead(info, lang, st, dated=False)
    flow += [p(doc_type.upper(), st.doc_type), p(summary, st.summary)]
    if for_event:
        flow.append(p(for_event, st.meta))
    flow += [TextRule(40 * mm, 0.6, space_before=7, space_after=6), _unit_block(ctx, unit, lang, st),
             Spacer(1, 3 * mm), p(t("survey.form.instructions_pdf", lang), st.instructions), Spacer(1, 2 * mm)]
    section = None
    ending = [p(t("survey.form.thanks", lang), st.instructions), Spacer(1, 4 * mm), _closing(lang, st)]
    for index, q in enumerate(ctx.survey.questions):
        lead: list[Flowable] = []
        if q.section(lang) and q.section(lang) != section:
            section = q.section(lang)
            lead.append(p(section, st.section))
        last = index == len(ctx.survey.questions) - 1
        flow += _question(q, lang, st, lead, ending if last else ())
    if not ctx.survey.questions:
        flow.append(KeepTogether(ending))
    return build_pdf(flow, info, lang, title=f"{doc_type} — {unit.form_name}", as_of=None, footer=_footer(info, unit, lang))


def write_pdf_forms(ctx: FormContext, info: EventInfo, units: Sequence[UnitRow], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    written = []
    for unit in units:
        path = folder / safe_file_name(unit.name, used, ".pdf")
        path.write_bytes(form_pdf(ctx, info, unit))
        written.append(path)
    return written
