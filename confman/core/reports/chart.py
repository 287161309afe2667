"""The arrival curve: arrivals per 10 minutes (bars) and the cumulative share (line), as vector graphics.

Drawn with ``reportlab.graphics`` shapes so it is crisp in print and its labels use the
official serif (the stock chart widgets default to Helvetica, which has no Vietnamese).
"""

from __future__ import annotations

from datetime import datetime

from reportlab.graphics.shapes import Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm

from confman.core.pdf.fonts import SERIF_BOLD, SERIF_REGULAR
from confman.core.pdf.house import serif_drawing

BAR = colors.HexColor("#1F3A5F")
LINE = colors.HexColor("#C0392B")
GRID = colors.HexColor("#D5D9E0")
TEXT = colors.HexColor("#333333")


def _nice_max(value: int) -> int:
    """A round axis maximum ≥ value (1, 2, 5 × 10ⁿ steps, four gridlines)."""
    if value <= 4:
        return 4
    step = 1
    while True:
        for m in (1, 2, 5):
            if m * step * 4 >= value:
                return m * step * 4
        step *= 10


def arrival_chart(series: list[tuple[datetime, int]], *, expected: int, before: int, width: float,
                  height: float = 62 * mm, count_label: str = "", share_label: str = "") -> Drawing:
    """Bars of arrivals per bucket; the line is the share of ``expected`` arrived so far (``before`` earlier)."""
    drawing = serif_drawing(width, height)
    left, right, bottom, top = 11 * mm, 12 * mm, 10 * mm, 11 * mm
    plot_w, plot_h = width - left - right, height - bottom - top
    peak = _nice_max(max((c for _, c in series), default=0))
    # Axes and horizontal grid (left: arrivals; right: cumulative %).
    for i in range(5):
        y = bottom + plot_h * i / 4
        drawing.add(Line(left, y, left + plot_w, y, strokeColor=GRID if i else TEXT, strokeWidth=0.4 if i else 0.7))
        drawing.add(String(left - 2, y - 2.5, str(peak * i // 4), fontName=SERIF_REGULAR, fontSize=7,
                           fillColor=TEXT, textAnchor="end"))
        drawing.add(String(left + plot_w + 2, y - 2.5, f"{25 * i}%", fontName=SERIF_REGULAR, fontSize=7,
                           fillColor=LINE, textAnchor="start"))
    if count_label:
        drawing.add(String(left - 8, bottom + plot_h + 7 * mm, count_label, fontName=SERIF_BOLD, fontSize=7,
                           fillColor=TEXT, textAnchor="start"))
    if share_label:
        drawing.add(String(left + plot_w + 10, bottom + plot_h + 7 * mm, share_label, fontName=SERIF_BOLD,
                           fontSize=7, fillColor=LINE, textAnchor="end"))
    if not series:
        return drawing
    n = len(series)
    slot = plot_w / n
    bar_w = max(min(slot * 0.72, 9 * mm), 0.6)
    label_every = max(1, round(n / 12))
    points: list[float] = []
    total = before
    for i, (moment, count) in enumerate(series):
        x = left + slot * i + (slot - bar_w) / 2
        h = plot_h * count / peak if peak else 0
        if count:
            drawing.add(Rect(x, bottom, bar_w, h, fillColor=BAR, strokeColor=None))
        if count and n <= 36:
            drawing.add(String(x + bar_w / 2, bottom + h + 1.5, str(count), fontName=SERIF_REGULAR, fontSize=6.5,
                               fillColor=TEXT, textAnchor="middle"))
        if i % label_every == 0:
            drawing.add(String(left + slot * i + slot / 2, bottom - 9, f"{moment:%H:%M}", fontName=SERIF_REGULAR,
                               fontSize=7, fillColor=TEXT, textAnchor="middle"))
        total += count
        share = total / expected if expected else 0
        points += [left + slot * i + slot / 2, bottom + plot_h * min(share, 1)]
    if len(points) >= 4:
        drawing.add(PolyLine(points, strokeColor=LINE, strokeWidth=1.2))
    return drawing
