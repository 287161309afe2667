"""A unit name without spaces wraps after its hyphens, dashes, slashes and other punctuation; it is cut
between letters only when a piece has none, and never between a letter and its combining marks.

Read back from the printed badge status report (pypdfium2 text lines of the unit column), and from the
shared wrapping helper every plain-text table and badge uses.
"""

from __future__ import annotations

import itertools
import unicodedata

import pypdfium2 as pdfium

from confman.core.pdf.fonts import SERIF_REGULAR, register_serif_fonts, text_width, wrap_lines
from confman.core.reports import ReportOptions, generate
from tests.pdf_checks import text_rects

BA_RIA = "UBND-tỉnh-Bà-Rịa–Vũng-Tàu/Sở-TT&TT"
HUE = "Sở-Thông-tin-và-Truyền-thông-tỉnh-Thừa-Thiên-Huế"
BREAKS = "-–—/\\|_.,;:&+)]}"


def test_the_badge_status_report_wraps_a_unit_name_after_its_punctuation(db, make_event, make_delegate):
    event = make_event()
    make_delegate(event.id, "Nguyễn Văn An", organization=BA_RIA)
    make_delegate(event.id, "Trần Thị Bình", organization=HUE)
    data = generate(db, event.id, "badges", "pdf", ReportOptions()).data
    document = pdfium.PdfDocument(data)
    try:
        # pdfium reports a hyphen that ends a line as \x02
        lines = [(box, text.replace("\x02", "-").strip()) for box, text in text_rects(document[0])]
    finally:
        document.close()
    for unit in (BA_RIA, HUE):
        first = next(box for box, text in lines if text and unit.startswith(text) and len(text) > 4)
        column = [text for box, text in lines if abs(box[0] - first[0]) < 1 and box[3] <= first[3] + 0.5]
        pieces: list[str] = []
        for text in column:  # the unit's lines, top down, until they spell it
            pieces.append(text)
            if "".join(pieces) == unit:
                break
        assert "".join(pieces) == unit
        assert len(pieces) > 1  # the column is narrower than the name: it did wrap
        for piece in pieces[:-1]:
            assert piece[-1] in BREAKS, f"{unit!r} cut inside letters: {pieces}"
    assert "UBND-tỉnh-Bà-Rịa–" in [text for _, text in lines]


def test_the_shared_wrapper_prefers_punctuation_and_cuts_letters_only_as_a_last_resort():
    register_serif_fonts()
    width = 80.0
    lines = wrap_lines(HUE, SERIF_REGULAR, 10, width)
    assert "".join(lines) == HUE
    assert all(line[-1] in BREAKS for line in lines[:-1])
    assert all(text_width(line, SERIF_REGULAR, 10) <= width + 1e-6 for line in lines)
    # no punctuation at all: cut between letters, each line as full as it can be
    word = "Trungtâmthôngtinđiệntửvàchuyểnđổisốtỉnhquảngngãi"
    lines = wrap_lines(word, SERIF_REGULAR, 10, width)
    assert "".join(lines) == word and len(lines) > 2
    for line, following in itertools.pairwise(lines):
        assert text_width(line + following[0], SERIF_REGULAR, 10) > width
    # a hyphen too early in a piece still wins over cutting letters
    lines = wrap_lines("ab-" + "x" * 60, SERIF_REGULAR, 10, width)
    assert lines[0] == "ab-"
    # letters with separate combining marks (NFD is normalised; a mark that has no precomposed form stays)
    marked = "Đ" + "a\u0323\u0302" * 3 + "n" * 40
    lines = wrap_lines(marked, SERIF_REGULAR, 10, width)
    assert all(not unicodedata.combining(line[0]) for line in lines)
