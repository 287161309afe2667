"""The code digits under the QR code on the bundled 10-up CR80 sheet: how a desk types a code when the
scanner fails.  Read back from the rendered page: the text under each decoded QR code, its size, and the
QR code's printed size next to the single CR80 card's."""

from __future__ import annotations

import io
from dataclasses import replace

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from reportlab.lib.units import mm

from confman.core.badges.codes import make_code
from confman.core.badges.render import grouped_code, render_badges
from confman.core.badges.templates import builtin_templates
from tests.integration.test_badge_render import BADGES, EVENT
from tests.pdf_checks import qr_boxes


def _render(name: str) -> bytes:
    buffer = io.BytesIO()
    render_badges(BADGES, builtin_templates()[name], EVENT, buffer, lang="vi")
    return buffer.getvalue()


def _text_under(data: bytes, box: tuple[float, float, float, float]) -> tuple[str, list[float]]:
    """The text printed in the QR code's column within 10 mm under it, and the font size of each digit."""
    left, bottom, right, _top = box
    document = pdfium.PdfDocument(data)
    try:
        layer = document[0].get_textpage()
        sizes, chars = [], []
        for index in range(layer.count_chars()):
            char = layer.get_text_range(index, 1)
            x0, y0, x1, _y1 = layer.get_charbox(index)
            if char.isdigit() and left - 4 * mm <= x0 and x1 <= right + 4 * mm and bottom - 10 * mm <= y0 < bottom:
                sizes.append(pdfium_c.FPDFText_GetFontSize(layer.raw, index))
                chars.append(index)
        if not chars:
            return "", []
        text = layer.get_text_range(chars[0], chars[-1] - chars[0] + 1)
    finally:
        document.close()
    return text, sizes


def test_the_10_up_sheet_prints_the_grouped_digits_of_every_qr_code_legibly():
    data = _render("a4_10up_cr80")
    found = qr_boxes(data, dpi=250)
    assert len(found) == 10
    for qr in found:
        text, sizes = _text_under(data, qr.box)
        assert " ".join(text.split()) == grouped_code(qr.text), qr.text  # every group, in order, nothing cut
        assert all(len(group) == 4 for group in text.split()[:-1])
        assert min(sizes) >= 4.5
    # the QR code is as large as on the single CR80 card (no caption there): the digits took no room from it
    # (within 1.5 pt of measuring; a 22 mm code, the renderer's two-line fallback in a 25 mm box, is 6 pt smaller)
    single = qr_boxes(_render("cr80_landscape"), dpi=250)[0]
    for qr in found:
        assert qr.box[2] - qr.box[0] >= single.box[2] - single.box[0] - 0.5
        assert qr.box[3] - qr.box[1] >= single.box[3] - single.box[1] - 1.5


#: (event id, delegate id, badge version): codes from the shortest to the longest the format allows.
CODES = [(1, 1, 1), (1, 1001, 1), (7, 1001, 1), (12, 34_567, 2), (123, 456_789, 12), (999_999, 9_999_999, 999)]


@pytest.mark.parametrize(("event_id", "delegate_id", "version"), CODES)
def test_every_code_length_prints_whole_groups_at_4_5_pt_or_more(event_id: int, delegate_id: int, version: int):
    code = make_code(event_id=event_id, delegate_id=delegate_id, badge_version=version, secret=b"k")
    buffer = io.BytesIO()
    render_badges([replace(BADGES[1], code=code)], builtin_templates()["a4_10up_cr80"], EVENT, buffer)
    (qr,) = qr_boxes(buffer.getvalue(), dpi=250)
    assert qr.text == code
    text, sizes = _text_under(buffer.getvalue(), qr.box)
    assert " ".join(text.split()) == grouped_code(code) and min(sizes) >= 4.5, (len(code), min(sizes))
