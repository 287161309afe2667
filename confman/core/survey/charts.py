"""The charts of survey results: what a question's bars are, drawn for print (ReportLab) and for slides (PNG).

:func:`chart_rows` says what the bars of a question are (labels in the document's language);
:func:`bar_drawing` draws them as vector graphics in the official serif for the results PDF (an
official document); :func:`chart_png` draws a 16:9 picture (1920 × 1080) with large sans type
(Be Vietnam Pro) for the presenter's slides, where a sans face reads better from the back of a hall.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache

from PIL import Image, ImageDraw, ImageFont
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors

from confman.core.pdf.fonts import (
    FONT_BOLD,
    FONT_REGULAR,
    FONT_SEMIBOLD,
    SERIF_BOLD,
    SERIF_REGULAR,
    text_width,
)
from confman.core.pdf.house import serif_drawing
from confman.core.survey.models import QuestionType
from confman.core.survey.results import QuestionResult, Stats
from confman.core.text import clean_text
from confman.i18n import t
from confman.paths import resource_path

BAR = "#1F3A5F"
BAR_LIGHT = "#D5DCE6"
TEXT = "#1A1A1A"
MUTED = "#5A6470"


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    count: int
    share: float


def number_text(value: float | None, lang: str, digits: int = 1, *, fixed: bool = False) -> str:
    """``3.75`` → ``"3,8"`` (vi) or ``"3.8"`` (en); whole numbers without decimals unless ``fixed`` (a row
    of figures read side by side: ``"2,00"`` beside ``"3,50"``); ``–`` for None."""
    if value is None:
        return "–"
    text = f"{value:.{digits}f}" if fixed or not float(value).is_integer() else str(int(value))
    return text.replace(".", ",") if lang == "vi" else text


def percent_text(share: float, lang: str, digits: int = 0, *, fixed: bool = False) -> str:
    """``69.77`` → ``"69,8%"``; ``fixed`` keeps the decimals of a whole number (``"100,0%"`` in a column)."""
    return number_text(round(share, digits), lang, digits, fixed=fixed) + "%"


def chart_rows(result: QuestionResult, lang: str, stats: Stats | None = None) -> list[Bar]:
    """The bars of a question (empty for text questions)."""
    q = result.question
    stats = stats or result.overall
    bars = []
    for key, count in stats.counts:
        if q.type in (QuestionType.SINGLE, QuestionType.MULTI):
            label = q.option_label(key, lang)
        elif q.type == QuestionType.SCALE:
            end = q.low_label if key == "1" else q.high_label if key == str(q.scale_max) else ""
            label = f"{key} – {end}" if end else key
        else:  # a number bin ("2.5–5"), with the Vietnamese decimal comma
            label = key.replace(".", ",") if lang == "vi" else key
        bars.append(Bar(label, count, stats.share(count)))
    return bars


def summary_line(result: QuestionResult, lang: str, stats: Stats | None = None) -> str:
    """"45 đơn vị trả lời · Trung bình 3,8 · Trung vị 4" (the figures a chart states under its title)."""
    stats = stats or result.overall
    parts = [t("survey.results.answered", lang, count=stats.answered, units=stats.units)]
    if result.question.type in (QuestionType.SCALE, QuestionType.NUMBER):
        parts.append(f"{t('survey.results.mean', lang)} {number_text(stats.mean, lang, 2)}")
        parts.append(f"{t('survey.results.median', lang)} {number_text(stats.median, lang)}")
    if result.question.type == QuestionType.MULTI:
        parts.append(t("survey.results.multi_note", lang))
    return "  ·  ".join(parts)


def _wrap(text: str, fits, max_lines: int) -> list[str]:
    words = clean_text(text).split()
    lines: list[str] = []
    current = ""
    for word in words:
        trial = f"{current} {word}".strip()
        if fits(trial) or not current:
            current = trial
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and not fits(last + "…"):
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return lines


# --------------------------------------------------------------------------- print (ReportLab)


def bar_drawing(bars: list[Bar], width: float, lang: str, *, bar_height: float = 13) -> Drawing:
    """Horizontal bars with their labels (left, up to two lines) and "count (share)" at each bar's end,
    in the official serif."""
    size = 10
    label_w = width * 0.36
    value_w = text_width("0000 (100%)", SERIF_BOLD, size) + 6
    plot_w = max(width - label_w - value_w - 6, 40)
    rows: list[tuple[Bar, list[str]]] = [
        (b, _wrap(b.label, lambda s: text_width(s, SERIF_REGULAR, size) <= label_w - 6, 2)) for b in bars]
    row_h = [max(bar_height + 5, len(lines) * (size + 1.5) + 4) for _b, lines in rows]
    height = sum(row_h) + 4
    drawing = serif_drawing(width, height)
    peak = max((b.count for b in bars), default=0) or 1
    y = height - 2
    x0 = label_w
    for (bar, lines), h in zip(rows, row_h, strict=True):
        y -= h
        mid = y + h / 2
        first = mid + (len(lines) - 1) * (size + 1.5) / 2 - size / 3
        for i, line in enumerate(lines):
            drawing.add(String(label_w - 6, first - i * (size + 1.5), line, fontName=SERIF_REGULAR, fontSize=size,
                               fillColor=colors.HexColor(TEXT), textAnchor="end"))
        drawing.add(Rect(x0, mid - bar_height / 2, plot_w, bar_height, fillColor=colors.HexColor("#F1F3F6"),
                         strokeColor=None))
        w = plot_w * bar.count / peak
        if bar.count:
            drawing.add(Rect(x0, mid - bar_height / 2, w, bar_height, fillColor=colors.HexColor(BAR), strokeColor=None))
        drawing.add(String(x0 + plot_w + 4, mid - size / 3, f"{bar.count} ({percent_text(bar.share, lang)})",
                           fontName=SERIF_BOLD, fontSize=size, fillColor=colors.HexColor(TEXT)))
    drawing.add(Line(x0, 1, x0, height - 1, strokeColor=colors.HexColor(MUTED), strokeWidth=0.6))
    return drawing


# --------------------------------------------------------------------------- slides (PNG)

PNG_SIZE = (1920, 1080)


@cache
def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    files = {FONT_REGULAR: "BeVietnamPro-Regular.ttf", FONT_BOLD: "BeVietnamPro-Bold.ttf",
             FONT_SEMIBOLD: "BeVietnamPro-SemiBold.ttf"}
    return ImageFont.truetype(str(resource_path("fonts", files[name])), size)


def chart_png(result: QuestionResult, lang: str) -> bytes:
    """A 1920 × 1080 PNG of one question's bars: title ≥ 48 px, labels ≥ 34 px, for the back of a hall."""
    width, height = PNG_SIZE
    image = Image.new("RGB", PNG_SIZE, "white")
    draw = ImageDraw.Draw(image)
    margin = 90
    q = result.question
    title_font = _font(FONT_BOLD, 52)
    title = f"{q.code}. {q.text(lang)}"
    title_lines = _wrap(title, lambda s: draw.textlength(s, font=title_font) <= width - 2 * margin, 2)
    y = 60
    for line in title_lines:
        draw.text((margin, y), line, font=title_font, fill=TEXT)
        y += 66
    draw.text((margin, y + 6), summary_line(result, lang), font=_font(FONT_REGULAR, 34), fill=MUTED)
    y += 80
    draw.line((margin, y, width - margin, y), fill=BAR_LIGHT, width=3)
    bars = chart_rows(result, lang)
    if not bars:
        draw.text((margin, y + 60), t("survey.results.no_chart", lang), font=_font(FONT_REGULAR, 40), fill=MUTED)
        return _png(image)
    top, bottom = y + 30, height - 60
    slot = (bottom - top) / len(bars)
    size = int(max(30, min(44, slot * 0.42)))
    label_font, value_font = _font(FONT_REGULAR, size), _font(FONT_BOLD, size)
    label_w = int(width * 0.34)
    value_w = int(draw.textlength("000 (100%)", font=value_font)) + 30
    x0 = margin + label_w + 24
    plot_w = width - margin - value_w - x0
    peak = max(b.count for b in bars) or 1
    bar_h = min(slot * 0.62, 90)
    for i, bar in enumerate(bars):
        mid = top + slot * i + slot / 2
        lines = _wrap(bar.label, lambda s: draw.textlength(s, font=label_font) <= label_w, 2 if slot > 2.4 * size else 1)
        line_h = size * 1.2
        ly = mid - line_h * len(lines) / 2
        for line in lines:
            draw.text((margin + label_w, ly), line, font=label_font, fill=TEXT, anchor="ra")
            ly += line_h
        draw.rectangle((x0, mid - bar_h / 2, x0 + plot_w, mid + bar_h / 2), fill="#F1F3F6")
        if bar.count:
            draw.rectangle((x0, mid - bar_h / 2, x0 + plot_w * bar.count / peak, mid + bar_h / 2), fill=BAR)
        draw.text((x0 + plot_w + 20, mid), f"{bar.count} ({percent_text(bar.share, lang)})", font=value_font,
                  fill=TEXT, anchor="lm")
    return _png(image)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
