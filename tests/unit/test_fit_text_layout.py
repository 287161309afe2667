"""The fast paths of box-fitting text give what the general ones give.

* Two balanced lines are worked out directly: the split must be the one whose wider line is
  narrowest (checked against every split), and no line may exceed the width it was wrapped to.
* A line whose characters already have their codes in a document's first font subset is encoded
  without ReportLab's ``splitString``: the operators must be the ones ``splitString`` gives.
"""

from __future__ import annotations

import io
import random

import pytest
from reportlab.pdfgen.canvas import Canvas

from confman.core.pdf import fonts
from confman.core.pdf.fonts import FONT_BOLD, FONT_REGULAR, fit_text, text_width


def _widest(words: list[str], cut: int, font: str) -> float:
    return max(text_width(" ".join(words[:cut]), font), text_width(" ".join(words[cut:]), font))


NAMES = [
    "Nguyễn Thị Minh Khai", "Tôn Nữ Thị Hoàng Yến", "Trương Vĩnh Ký", "Đặng Thùy Trâm Ngọc Ánh",
    "Ban Tuyên giáo Trung ương", "Sở Thông tin và Truyền thông tỉnh Bà Rịa – Vũng Tàu",
    "2131 1685 1520 4645 6163 2934 6404", "0123 4567 8901 2345 6789 0123 4567 89",
]


@pytest.mark.parametrize("text", NAMES)
@pytest.mark.parametrize("font", [FONT_REGULAR, FONT_BOLD])
def test_two_lines_split_where_the_wider_line_is_narrowest(text: str, font: str) -> None:
    width = text_width(text, font) * 6.5 * 0.62  # too wide for one line even at the smallest size
    fitted = fit_text(text, font, width=width, height=40, max_size=6.5, min_size=4.5, max_lines=2,
                      break_words=False)
    assert len(fitted.lines) == 2 and not fitted.truncated
    words = fonts._words(text)
    first = len(fonts._words(fitted.lines[0]))
    best = min(_widest(words, cut, font) for cut in range(1, len(words)))
    assert _widest(words, first, font) == pytest.approx(best)
    assert max(fitted.widths) <= width + 1e-6


def test_the_direct_split_matches_a_brute_force_search_on_random_words() -> None:
    rng = random.Random(7)
    for _ in range(2000):
        widths = [rng.uniform(0.2, 3.0) for _ in range(rng.randint(2, 9))]
        space = rng.choice((0.0, 0.23, 0.5))
        lines = fonts._balance_two(widths, space)
        assert [i for line in lines for i in line] == list(range(len(widths))) and all(lines)

        assert _split_widest(widths, space, len(lines[0])) == pytest.approx(
            min(_split_widest(widths, space, cut) for cut in range(1, len(widths))))


def _split_widest(widths: list[float], space: float, cut: int) -> float:
    return max(sum(widths[:cut]) + space * (cut - 1), sum(widths[cut:]) + space * (len(widths) - cut - 1))


@pytest.mark.parametrize("font_name", [FONT_REGULAR, FONT_BOLD])
def test_a_line_of_known_characters_is_encoded_as_splitstring_would(font_name: str) -> None:
    from reportlab.pdfbase import pdfmetrics

    fonts.register_fonts()
    font = pdfmetrics.getFont(font_name)
    canvas = Canvas(io.BytesIO())
    doc = canvas._doc
    first = "Nguyễn Đức Trường – Bộ Thông tin (3/2) & <b>"
    fonts._line_runs(font, first, doc)  # gives its characters their codes
    def split(line: str) -> list[tuple[str, str]]:
        return [(font.getSubsetInternalName(s, doc), f"({fonts.escapePDF(c)}) Tj") for s, c in font.splitString(line, doc)]

    for line in ("Trường Đức", "Bộ (2) & <b>", "Nguyễn – Trường"):
        assert fonts._line_runs(font, line, doc) == split(line)
    # new characters still get their codes (through splitString): a later line using them matches too
    fonts._line_runs(font, "Quỳnh Ỷ", doc)
    assert fonts._line_runs(font, "Ỷ Quỳnh", doc) == split("Ỷ Quỳnh")
