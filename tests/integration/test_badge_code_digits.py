"""The code digits under the QR code: how a desk types a code when the scanner fails.  On the bundled 10-up
CR80 sheet, the single CR80 cards (portrait and landscape, with and without a photo) and the 8-up sheet, read
back from the rendered page: the text under each decoded QR code, its size, the QR code's printed size, and
that no other text or the photo touches the digits."""

from __future__ import annotations

import io
from dataclasses import dataclass, replace

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from reportlab.lib.units import mm

from confman.core.badges import service as badges
from confman.core.badges.codes import make_code
from confman.core.badges.qr import QUIET_ZONE, qr_matrix
from confman.core.badges.render import BadgeData, RenderResult, element_used, grouped_code, render_badges
from confman.core.badges.templates import BadgeTemplate, builtin_templates
from tests.integration.test_badge_render import BADGES, EVENT
from tests.pdf_checks import FoundQr, qr_boxes


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
    # the QR code is as large as on the single CR80 card: the digits took no room from it
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


# -- the single CR80 cards and the 8-up sheet print the digits too --------------------------------------

#: The templates that printed no digits before (the reviewer's list); they share the checks below.
CARDS = ["cr80_portrait", "cr80_landscape", "a4_8up"]
#: A domestic delegate with long, heavily marked text in every field the card prints.
HOSTILE = replace(BADGES[0], honorific="Bà", full_name="Nguyễn Thị Thanh Hương Phương",
                  position="Phó Giám đốc Sở Thông tin và Truyền thông",
                  organization="Ủy ban nhân dân tỉnh Bà Rịa – Vũng Tàu / Sở Thông tin và Truyền thông",
                  delegation="Đoàn tỉnh Bà Rịa – Vũng Tàu")
#: Text that overflows every box (shortened after a word, reported): it fills each box to its edge.
OVERLONG = replace(HOSTILE, full_name="Tôn Nữ Thị Phương Khuê Nguyễn Hoàng Thượng Uyển Nguyễn Thị Thanh Hương Phương",
                   position="Phó Trưởng phòng Quản lý Bưu chính, Viễn thông và Công nghệ thông tin, Sở Thông tin và "
                            "Truyền thông tỉnh Bà Rịa – Vũng Tàu",
                   organization=" / ".join([HOSTILE.organization] * 3),
                   delegation="Đoàn đại biểu Ủy ban nhân dân tỉnh Bà Rịa – Vũng Tàu và các sở, ban, ngành")
PHOTO = next(b.photo for b in BADGES if b.photo and b.photo.startswith(b"\xff\xd8"))  # the decodable JPEG
LONGEST = make_code(event_id=999_999, delegate_id=9_999_999, badge_version=999, secret=b"k")
#: A usual length in the widest digits: its lines are as wide as any code's of that length.
WIDE = "4" * len(BADGES[0].code)
Box = tuple[float, float, float, float]


def _meet(a: Box, b: Box) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


@dataclass(frozen=True)
class CardPage:
    """What the first page of a rendered card shows, in PDF points."""

    qr: FoundQr
    caption: str
    """The text layer's run of the QR code's digits, whitespace collapsed."""
    caption_chars: list[Box]
    caption_sizes: list[float]
    other_chars: list[tuple[Box, str]]
    """Every other printed character (spaces left out)."""
    images: list[Box]
    """The photo (and any other image drawn on the page itself)."""
    card: Box
    """The first badge's trim box."""


def _card_page(data: bytes, template: BadgeTemplate) -> CardPage:
    (qr,) = qr_boxes(data, dpi=300)
    document = pdfium.PdfDocument(data)
    try:
        page = document[0]
        height = page.get_height()
        layer = page.get_textpage()
        chars = [(i, layer.get_text_range(i, 1)) for i in range(layer.count_chars())]
        printed = [(i, c) for i, c in chars if c.strip()]
        digits = "".join(qr.text.split())
        # the caption is where the code's digits follow one another in the text layer (whatever the spacing)
        starts = [k for k in range(len(printed) - len(digits) + 1)
                  if "".join(c for _i, c in printed[k:k + len(digits)]) == digits]
        assert len(starts) == 1, starts
        run = printed[starts[0]:starts[0] + len(digits)]
        first, last = run[0][0], run[-1][0]
        caption = " ".join(layer.get_text_range(first, last - first + 1).split())
        ours = {i for i, _c in run}
        caption_chars = [layer.get_charbox(i) for i in sorted(ours)]
        sizes = [pdfium_c.FPDFText_GetFontSize(layer.raw, i) for i in sorted(ours)]
        others = [(layer.get_charbox(i), c) for i, c in printed if i not in ours]
        images = [obj.get_bounds() for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=1)]
    finally:
        document.close()
    left, top = template.grid_origin_mm()
    card = (left * mm, height - (top + template.badge_height_mm) * mm, (left + template.badge_width_mm) * mm,
            height - top * mm)
    return CardPage(qr, caption, caption_chars, sizes, others, images, card)


def _render_one(badge: BadgeData, name: str) -> tuple[bytes, RenderResult]:
    buffer = io.BytesIO()
    result = render_badges([badge], builtin_templates()[name], EVENT, buffer, lang="vi")
    return buffer.getvalue(), result


@pytest.mark.parametrize("person", [HOSTILE, OVERLONG], ids=["long", "overlong"])
@pytest.mark.parametrize("code", [BADGES[0].code, WIDE, LONGEST], ids=["usual", "wide", "longest"])
@pytest.mark.parametrize("photo", [PHOTO, None], ids=["photo", "no-photo"])
@pytest.mark.parametrize("name", CARDS)
def test_every_card_prints_the_grouped_digits_under_a_full_size_qr_clear_of_everything_else(
        name: str, photo: bytes | None, code: str, person: BadgeData) -> None:
    template = builtin_templates()[name]
    data, result = _render_one(replace(person, photo=photo, code=code), name)
    card = _card_page(data, template)

    assert card.qr.text == code  # the QR code still decodes, to the delegate's code
    assert card.caption == grouped_code(code)  # every group, in order, nothing cut or shortened
    assert all(len(group) == 4 for group in card.caption.split()[:-1])
    assert min(card.caption_sizes) >= 4.5

    # the QR code keeps its full printed size: the digits took no room from it
    (element,) = [e for e in template.elements if e.type == "qr" and element_used(e, photo is not None)]
    symbol = qr_matrix(code).symbol_size
    printed_mm = (card.qr.box[2] - card.qr.box[0]) / mm
    assert printed_mm >= element.w_mm * symbol / (symbol + 2 * QUIET_ZONE) - 0.3, (printed_mm, element.w_mm)

    caption: Box = (min(b[0] for b in card.caption_chars), min(b[1] for b in card.caption_chars),
                     max(b[2] for b in card.caption_chars), max(b[3] for b in card.caption_chars))
    assert caption[3] <= card.qr.box[1]  # under the QR code …
    zone = (card.qr.box[2] - card.qr.box[0]) * QUIET_ZONE / symbol  # the drawn square's white margin
    assert card.qr.box[0] - zone - 0.5 <= caption[0] and caption[2] <= card.qr.box[2] + zone + 0.5  # … in its column
    assert card.card[0] <= caption[0] and caption[2] <= card.card[2] and card.card[1] <= caption[1]  # on the card
    if code != LONGEST:  # … and off its edges, where cutting a sheet or a printer's offset could take a digit
        assert min(caption[0] - card.card[0], card.card[2] - caption[2]) >= 2.5 * mm - 0.5, (caption, card.card)
    for box, char in card.other_chars:  # no other element's text touches the digits or the QR code
        assert not _meet(box, caption), (char, box, caption)
        assert not _meet(box, card.qr.box), (char, box)
        # and every letter, tone marks included, is whole on the card
        assert card.card[0] <= box[0] and box[2] <= card.card[2], (char, box)
        assert card.card[1] <= box[1] and box[3] <= card.card[3], (char, box)
    assert len(card.images) == (photo is not None)
    for image in card.images:
        assert not _meet(image, caption) and not _meet(image, card.qr.box)
    if person is OVERLONG:
        assert result.not_fitting  # shortened, never spilled over the digits
        return
    texts = " ".join("".join(c for _b, c in card.other_chars).split())
    for field in (HOSTILE.full_name, HOSTILE.organization, HOSTILE.position, HOSTILE.delegation):
        assert "".join(field.split()) in texts, field  # printed whole: accents and all
    assert result.not_fitting == ()


@pytest.mark.parametrize("name", CARDS)
def test_the_digits_follow_a_reprinted_badge(db, make_event, make_delegate, name: str) -> None:
    """A reprint bumps the code: the card prints the digits the desk now accepts, not the lost badge's."""
    event = make_event()
    delegate_id = make_delegate(event.id, HOSTILE.full_name, honorific=HOSTILE.honorific, position=HOSTILE.position,
                                organization=HOSTILE.organization, delegation=HOSTILE.delegation)
    old = badges.current_badge_code(db, delegate_id)
    badges.reprint_badges(db, event.id, [delegate_id], reason="Mất thẻ")
    current = badges.current_badge_code(db, delegate_id)
    assert current != old
    template = badges.get_template(db, name)
    rendered = badges.render_batch(db, event.id, [delegate_id], template)
    assert rendered.pdf is not None
    card = _card_page(rendered.pdf, template)
    assert card.qr.text == current and card.caption == grouped_code(current)


# -- every code of one length prints alike --------------------------------------------------------------


def test_codes_of_one_length_print_at_one_size_with_one_line_break_and_one_qr_size():
    """Narrow digits ("1111…") and wide ones ("4444…") on one 4-up sheet: the same QR size, digit size and
    number of digits per line on every badge (before, narrow codes kept one line and a larger QR code
    while wide ones took two lines and a smaller one), and every line of digits within its QR code's width."""
    codes = ["1" * 28, "4" * 28, "7" * 27 + "1", BADGES[1].code[:28]]
    buffer = io.BytesIO()
    render_badges([replace(BADGES[1], code=code) for code in codes], builtin_templates()["a4_4up_a6"], EVENT, buffer)
    data = buffer.getvalue()
    found = qr_boxes(data, dpi=250)
    assert sorted(qr.text for qr in found) == sorted(codes)
    widths = [qr.box[2] - qr.box[0] for qr in found]
    assert max(widths) - min(widths) < 1.0, widths  # one QR size (within measuring)
    layouts = set()
    document = pdfium.PdfDocument(data)
    try:
        layer = document[0].get_textpage()
        for qr in found:
            text, sizes = _text_under(data, qr.box)
            assert " ".join(text.split()) == grouped_code(qr.text)
            lines = [line.split() for line in text.replace("\r", "").split("\n") if line.strip()]
            layouts.add((round(min(sizes), 2), round(max(sizes), 2), tuple(len(groups) for groups in lines)))
            left, bottom, right, _top = qr.box
            boxes = [box for box in (layer.get_charbox(i) for i in range(layer.count_chars())
                                     if layer.get_text_range(i, 1).isdigit())
                     if left - 6 * mm <= box[0] <= right and bottom - 10 * mm <= box[1] < bottom]
            zone = (right - left) * QUIET_ZONE / len(qr_matrix(qr.text).rows()[QUIET_ZONE:-QUIET_ZONE])
            # within the QR code's drawn square (its quiet zone included), the width the digits were fitted to
            assert boxes and min(b[0] for b in boxes) >= left - zone - 0.5 and max(b[2] for b in boxes) <= right + zone + 0.5
    finally:
        document.close()
    assert len(layouts) == 1, layouts  # one size, one line break
    ((size, _largest, per_line),) = layouts
    assert size >= 4.5 and len(per_line) == 2
