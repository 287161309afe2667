"""Badge PDFs checked on the PDF itself: page sizes, extracted text, every QR decoded and verified."""

from __future__ import annotations

import io
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image, ImageDraw
from pypdf import PdfReader
from reportlab.lib.units import mm

from confman.core.badges.codes import make_code, verify_code
from confman.core.badges.qr import decode_qr_codes, qr_image, qr_matrix
from confman.core.badges.render import (
    BadgeData,
    EventInfo,
    RenderResult,
    element_used,
    free_photo_space,
    grouped_code,
    render_badges,
    render_calibration_page,
    without_empty_logo,
)
from confman.core.badges.templates import (
    BadgeTemplate,
    builtin_templates,
    load_template,
    template_from_json,
    template_title,
)
from confman.core.errors import DomainError
from confman.core.pdf import FONT_BOLD, clean_text, escape_markup, fit_text
from tests.pdf_checks import qr_boxes, text_lines_ink

EVENT_ID = 7
SECRET = b"test-event-secret-7"
DPI = 250
BUILTINS = sorted(builtin_templates())


# -- local fixtures (tests/conftest.py belongs to the shared suite) ------------------------


def _png_logo() -> bytes:
    image = Image.new("RGB", (240, 240), "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, 232, 232), fill="#C62828")
    draw.regular_polygon((120, 120, 70), 5, fill="#FFD600")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _jpeg_photo() -> bytes:
    image = Image.new("RGB", (600, 800), "#8AA4C8")
    draw = ImageDraw.Draw(image)
    draw.ellipse((200, 150, 400, 380), fill="#E0B89A")
    draw.rectangle((120, 420, 480, 800), fill="#263A5A")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


CATEGORIES = {
    "DB": ("Đại biểu", "Delegate", "#C62828"),
    "VIP": ("Đại biểu VIP", "VIP guest", "#F9A825"),
    "KM": ("Khách mời", "Guest", "#2E7D32"),
    "BC": ("Báo chí", "Press", "#1565C0"),
    "QT": ("Khách quốc tế", "International guest", "#6A1B9A"),
    "BTC": ("Ban Tổ chức", "Organisers", "#37474F"),
}

# (honorific, full name, position, organisation, category, delegation, photo)
PEOPLE: list[tuple[str, str, str, str, str, str, bytes | None]] = [
    (
        "Bà",
        "Nguyễn Thị Minh Khai",
        "Phó Giám đốc Sở",
        "Sở Thông tin và Truyền thông tỉnh Bà Rịa – Vũng Tàu",
        "DB",
        "Đoàn tỉnh Bà Rịa – Vũng Tàu",
        None,
    ),
    ("Ông", "Trương Minh Tuấn", "Bộ trưởng", "Bộ Thông tin và Truyền thông", "VIP", "", None),
    ("Ông", '=HYPERLINK("http://x")', "Chuyên viên", "Công ty TNHH Kiểm thử", "KM", "", None),
    ("Bà", "<b>&amp; Trần", "Phóng viên", "Báo Nhân Dân", "BC", "", None),
    ("Ông", "Đặng Hữu Phúc", "Vụ trưởng", "Vụ Hợp tác quốc tế, Bộ Ngoại giao", "DB", "", _jpeg_photo()),
    (
        "Bà",
        "Huỳnh Thị Thuý Hằng",
        "Phó Chủ tịch UBND tỉnh",
        "UBND tỉnh Thừa Thiên Huế",
        "DB",
        "Đoàn tỉnh Thừa Thiên Huế",
        b"not an image",
    ),
    ("Ông", "Lương Văn Quyết", "Trưởng phòng Thông tin – Báo chí", "Sở TT&TT tỉnh Điện Biên", "DB", "", None),
    ("Ms", "Siriporn Chaiyasit", "Delegate", "Ban Thư ký ASEAN", "QT", "Đoàn Thái Lan", None),
    ("Ông", "Nguyễn Văn Ẩn", "Quay phim", "Đài Truyền hình Việt Nam", "BC", "", None),
    (
        "Bà",
        "Phạm Thị Ngọc Diệp",
        "Chuyên viên chính",
        "Ủy ban nhân dân Thành phố Hồ Chí Minh",
        "DB",
        "",
        None,
    ),
    ("Ông", "Tôn Thất Bảo Long Khánh Nguyên", "Cục trưởng", "Cục Thông tin đối ngoại", "VIP", "", None),
    # NFD input (Mac/Word, Windows' Vietnamese keyboard): must print as NFC.
    (
        "Bà",
        unicodedata.normalize("NFD", "Đỗ Thị Ỷ Lan"),
        "Trưởng ban",
        "Ban Tổ chức Hội nghị",
        "BTC",
        "",
        None,
    ),
]

EVENT = EventInfo(
    name_vi="Hội nghị tổng kết công tác thông tin đối ngoại ASEAN giai đoạn 2013–2018",
    name_en="Review conference on ASEAN external communication, 2013–2018",
    dates_text="20–21/12/2018",
    venue="Hà Nội",
    logo=_png_logo(),
)


def make_badges(version: int = 1) -> list[BadgeData]:
    badges = []
    for index, (honorific, name, position, org, category, delegation, photo) in enumerate(PEOPLE):
        delegate_id = 1001 + index
        label_vi, label_en, color = CATEGORIES[category]
        code = make_code(event_id=EVENT_ID, delegate_id=delegate_id, badge_version=version, secret=SECRET)
        badges.append(
            BadgeData(
                delegate_id,
                honorific,
                name,
                position,
                org,
                label_vi,
                label_en,
                color,
                delegation,
                photo,
                code,
            )
        )
    return badges


BADGES = make_badges()


def squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


def rasterise(pdf: bytes, dpi: int = DPI) -> Iterator[Image.Image]:
    document = pdfium.PdfDocument(pdf)
    try:
        for page in document:
            yield page.render(scale=dpi / 72, grayscale=True).to_pil()
    finally:
        document.close()


def verify(code: str) -> tuple[str, int | None]:
    result = verify_code(
        code,
        event_id=EVENT_ID,
        secret_for_event=lambda event: SECRET if event == EVENT_ID else None,
        current_badge_version=lambda delegate: 1 if 1001 <= delegate < 1001 + len(PEOPLE) else None,
    )
    return result.status, result.delegate_id


@pytest.fixture(scope="module", params=BUILTINS)
def rendered(request: pytest.FixtureRequest) -> tuple[BadgeTemplate, bytes, RenderResult]:
    template = builtin_templates()[request.param]
    buffer = io.BytesIO()
    result = render_badges(BADGES, template, EVENT, buffer, lang="vi")
    return template, buffer.getvalue(), result


# -- every built-in template ---------------------------------------------------------------


def test_page_count_and_size_in_points(rendered: tuple[BadgeTemplate, bytes, RenderResult]) -> None:
    template, pdf, result = rendered
    per_page = template.badges_per_page
    assert result == RenderResult(pages=-(-len(BADGES) // per_page), badges=len(BADGES))
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == result.pages
    width_mm, height_mm = template.page_size_mm
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(width_mm * mm, abs=0.01)
        assert float(page.mediabox.height) == pytest.approx(height_mm * mm, abs=0.01)


def test_text_is_extracted_with_diacritics_and_hostile_names_literally(
    rendered: tuple[BadgeTemplate, bytes, RenderResult],
) -> None:
    template, pdf, _ = rendered
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    flat = squash(text)
    assert "Nguyễn Thị Minh Khai" in text  # fits one line everywhere: diacritics intact, spaces kept
    for _honorific, name, position, org, *_ in PEOPLE:
        assert squash(name) in flat, name
        assert squash(org) in flat, org
        assert squash(position) in flat, position
    assert '=HYPERLINK("http://x")' in text
    assert "<b>&amp; Trần" in text
    assert unicodedata.normalize("NFD", "Ỷ Lan") not in text
    assert "…" not in text, "realistic data must fit without an ellipsis"
    if any(element.type == "category_band" and element.lang == "both" for element in template.elements):
        assert "ĐẠI BIỂU / DELEGATE" in text


def test_every_qr_decodes_and_verifies_for_the_right_delegate(
    rendered: tuple[BadgeTemplate, bytes, RenderResult],
) -> None:
    template, pdf, _ = rendered
    def qr_per_badge(badge: BadgeData) -> int:  # a template may place the code differently without a photo
        return sum(1 for e in template.elements if e.type == "qr" and element_used(e, bool(badge.photo)))

    per_page = template.badges_per_page
    decoded_all = []
    for page_number, image in enumerate(rasterise(pdf)):
        decoded = decode_qr_codes(image)
        on_page = BADGES[page_number * per_page : (page_number + 1) * per_page]
        assert Counter(decoded) == Counter(b.code for b in on_page for _ in range(qr_per_badge(b))), page_number
        decoded_all.extend(decoded)
    assert len(decoded_all) == sum(qr_per_badge(b) for b in BADGES)
    owners = {badge.code: badge.delegate_id for badge in BADGES}
    for code in decoded_all:
        assert verify(code) == ("valid", owners[code])


@pytest.mark.parametrize("name", sorted(name for name, template in builtin_templates().items()
                                         if any(element.type == "qr" for element in template.elements)))
def test_qr_codes_are_at_least_18_mm_on_every_builtin(name: str) -> None:
    """Measured on the page: the printed symbol (quiet zone left out) of a usual and of the longest code,
    with the digits under it on however many lines they take (the tent card prints no QR code)."""
    template = builtin_templates()[name]
    longest = make_code(event_id=999_999, delegate_id=9_999_999, badge_version=999, secret=b"k")
    for code in (BADGES[0].code, longest):
        buffer = io.BytesIO()
        render_badges([replace(BADGES[0], code=code)], template, EVENT, buffer)
        found = [qr for qr in qr_boxes(buffer.getvalue(), dpi=300) if qr.text == code]
        assert found, (name, code)
        for qr in found:
            side_mm = min(qr.box[2] - qr.box[0], qr.box[3] - qr.box[1]) / mm
            assert side_mm >= 18, (name, len(code), side_mm)


def test_tent_card_has_the_name_on_both_halves() -> None:
    template = builtin_templates()["tent_card"]
    buffer = io.BytesIO()
    render_badges(BADGES[:4], template, EVENT, buffer)
    reader = PdfReader(buffer)
    assert template.orientation == "landscape" and len(reader.pages) == 4
    for badge, page in zip(BADGES[:4], reader.pages, strict=True):
        text = squash(page.extract_text())
        assert text.count(squash(badge.full_name)) == 2, badge.full_name
    rotated = [e for e in template.elements if e.rotation == 180]
    upright = [e for e in template.elements if e.rotation == 0 and e.type != "line"]
    assert {e.type for e in rotated} == {e.type for e in upright}
    assert all(e.y_mm + e.h_mm <= 105 for e in rotated) and all(e.y_mm >= 105 for e in upright)


def test_rotated_half_reads_upside_down_on_the_page() -> None:
    """The top half is the bottom half turned 180°: rotating the raster makes it match."""
    template = builtin_templates()["tent_card"]
    buffer = io.BytesIO()
    render_badges(BADGES[:1], template, EVENT, buffer)
    image = next(rasterise(buffer.getvalue(), dpi=40))
    width, height = image.size
    top = image.crop((0, 0, width, height // 2)).rotate(180)
    bottom = image.crop((0, height - height // 2, width, height))
    difference = sum(abs(a - b) for a, b in zip(top.tobytes(), bottom.tobytes(), strict=True))
    assert difference / (width * height // 2) < 6  # mean grey-level difference, fold line aside


# -- behaviour ---------------------------------------------------------------------------------


def test_bleed_extends_the_band_and_sets_the_trim_box(tmp_path: Path) -> None:
    template = replace(builtin_templates()["cr80_portrait"], bleed_mm=2.0)
    out = tmp_path / "bleed.pdf"
    render_badges(BADGES[:1], template, EVENT, out)
    page = PdfReader(out).pages[0]
    assert float(page.mediabox.width) == pytest.approx(58 * mm, abs=0.01)
    assert float(page.mediabox.height) == pytest.approx(89.6 * mm, abs=0.01)
    trim = [float(v) for v in page.trimbox]
    assert trim == pytest.approx([2 * mm, 2 * mm, 56 * mm, 87.6 * mm], abs=0.01)
    image = pdfium.PdfDocument(out.read_bytes())[0].render(scale=300 / 72).to_pil().convert("RGB")
    # The band (red, category DB) reaches into the bleed at the bottom-left corner.
    assert image.getpixel((3, image.height - 3)) == pytest.approx((198, 40, 40), abs=12)
    assert decode_qr_codes(image) == [BADGES[0].code]


def test_offset_moves_everything(tmp_path: Path) -> None:
    template = builtin_templates()["a4_10up_cr80"]

    def qr_left(offset: tuple[float, float]) -> tuple[float, float]:
        buffer = io.BytesIO()
        render_badges(BADGES[:1], template, EVENT, buffer, offset_mm=offset)
        image = next(rasterise(buffer.getvalue(), dpi=300))
        (found,) = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
        return found.position.top_left.x, found.position.top_left.y

    x0, y0 = qr_left((0, 0))
    x1, y1 = qr_left((3.0, -2.0))
    px_per_mm = 300 / 25.4
    assert (x1 - x0) / px_per_mm == pytest.approx(3.0, abs=0.2)
    assert (y1 - y0) / px_per_mm == pytest.approx(-2.0, abs=0.2)


def test_progress_and_cancel(tmp_path: Path) -> None:
    template = builtin_templates()["a4_8up"]
    calls: list[tuple[int, int]] = []
    render_badges(
        BADGES, template, EVENT, io.BytesIO(), progress=lambda done, total: calls.append((done, total))
    )
    assert calls == [(8, 12), (12, 12)]

    out = tmp_path / "cancelled.pdf"
    pages_done: list[int] = []
    with pytest.raises(DomainError) as info:
        render_badges(
            BADGES,
            template,
            EVENT,
            out,
            progress=lambda done, total: pages_done.append(done),
            cancelled=lambda: bool(pages_done),
        )
    assert info.value.code == "badges.cancelled"
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_empty_batch_is_refused() -> None:
    with pytest.raises(DomainError) as info:
        render_badges([], builtin_templates()["a6"], EVENT, io.BytesIO())
    assert info.value.code == "badges.none_selected"


def test_english_document_and_no_logo(tmp_path: Path) -> None:
    out = tmp_path / "en.pdf"
    render_badges(BADGES[:2], builtin_templates()["a6"], replace(EVENT, logo=None), out, lang="en")
    reader = PdfReader(out)
    text = squash(reader.pages[0].extract_text())
    assert squash(EVENT.name_en) in text and squash(EVENT.name_vi) not in text
    assert "Delegatebadges" in squash(reader.metadata.title or "")


def test_no_photo_placeholder_without_a_glue_on_frame(rendered: tuple[BadgeTemplate, bytes, RenderResult]) -> None:
    _template, pdf, _ = rendered
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    # Delegates without a photo (and the one whose photo is corrupt) get no silhouette and no "Ảnh".
    assert "Ảnh" not in text and "Photo" not in text


def test_qr_is_a_small_vector_path_not_a_bitmap() -> None:
    template = builtin_templates()["cr80_landscape"]
    without = replace(template, elements=tuple(e for e in template.elements if e.type != "qr"))
    badges = [replace(b, photo=None) for b in BADGES]
    sizes = {}
    for label, tpl in (("with", template), ("without", without)):
        buffer = io.BytesIO()
        render_badges(badges, tpl, EVENT, buffer)
        sizes[label] = len(buffer.getvalue())
    per_code = (sizes["with"] - sizes["without"]) / len(badges)
    assert per_code < 1200, per_code


# -- calibration page ------------------------------------------------------------------------------


def _longest_dark_run(image: Image.Image) -> int:
    grey = image.convert("L")
    width, height = grey.size
    data = grey.tobytes()
    best = 0
    for row in range(height):
        line = data[row * width : (row + 1) * width]
        for match in re.finditer(rb"[\x00-\x80]+", line):
            best = max(best, match.end() - match.start())
    return best


@pytest.mark.parametrize("name", ["a4_10up_cr80", "cr80_portrait"])
def test_calibration_page_has_a_50_mm_ruler(name: str, tmp_path: Path) -> None:
    template = builtin_templates()[name]
    out = tmp_path / "calibration.pdf"
    assert render_calibration_page(template, out, offset_mm=(1.5, -0.5)) == RenderResult(1, 0)
    reader = PdfReader(out)
    page = reader.pages[0]
    assert float(page.mediabox.width) == pytest.approx(template.page_size_mm[0] * mm, abs=0.01)
    text = page.extract_text()
    assert "50 mm" in text and "+1,5" in text
    image = next(rasterise(out.read_bytes(), dpi=300))
    assert _longest_dark_run(image) / (300 / 25.4) == pytest.approx(50.0, abs=0.4)


# -- templates ---------------------------------------------------------------------------------------


def test_builtins_round_trip_through_json() -> None:
    templates = builtin_templates()
    assert set(templates) == {
        "cr80_portrait",
        "cr80_landscape",
        "a6",
        "a7",
        "a4_4up_a6",
        "a4_8up",
        "a4_10up_cr80",
        "tent_card",
    }
    for template in templates.values():
        assert template_from_json(template.to_json()) == template
        assert template_title(template, "vi") != template.name


def test_builtin_geometry() -> None:
    t = builtin_templates()
    assert t["cr80_portrait"].page_size_mm == (54.0, 85.6)
    assert t["cr80_landscape"].page_size_mm == (85.6, 54.0)
    assert t["a6"].page_size_mm == (105.0, 148.0) and t["a7"].page_size_mm == (74.0, 105.0)
    assert t["a4_4up_a6"].badges_per_page == 4 and t["a4_4up_a6"].grid.cut_marks
    assert t["a4_8up"].badges_per_page == 8 and (t["a4_8up"].badge_width_mm, t["a4_8up"].badge_height_mm) == (
        90,
        55,
    )
    assert t["a4_10up_cr80"].badges_per_page == 10
    assert t["tent_card"].page_size_mm == (297.0, 210.0)


def test_load_template_by_name_and_path(tmp_path: Path) -> None:
    assert load_template("a7") == builtin_templates()["a7"]
    copy = builtin_templates()["a7"].renamed("my_a7", "Bản sao A7")
    path = tmp_path / "my_a7.json"
    path.write_text(copy.to_json(), encoding="utf-8")
    assert load_template(path) == copy
    assert template_title(copy) == "Bản sao A7"
    with pytest.raises(DomainError) as info:
        load_template("nope")
    assert info.value.code == "badges.template.not_found"


def test_page_size_names_and_orientation() -> None:
    text = (
        builtin_templates()["a4_8up"]
        .to_json()
        .replace('"page": {\n    "width_mm": 210.0,\n    "height_mm": 297.0\n  }', '"page": {"size": "a4"}')
    )
    assert template_from_json(text).page_size_mm == (210.0, 297.0)


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda d: d.update(colour="red"), "colour"),
        (lambda d: d["elements"][0].update(color="red"), "elements[0].color"),
        (lambda d: d["elements"][0].update(x_mm=85.0), "elements[0]"),
        (lambda d: d["elements"][0].update(type="hologram"), "elements[0].type"),
        (lambda d: d["elements"][0].update(font_size="big"), "elements[0].font_size"),
        (lambda d: d["elements"][0].update(rotation=45), "elements[0].rotation"),
        (lambda d: d["grid"].update(columns=3), "grid"),
        (lambda d: d["badge"].update(bleed_mm=4.0), "badge.bleed_mm"),  # the 6 mm gutters hold 2 × 3 mm
        (lambda d: d["grid"].update(spacing=1), "grid.spacing"),
    ],
)
def test_invalid_templates_are_refused(mutate, field: str) -> None:  # type: ignore[no-untyped-def]
    import json

    data = json.loads(builtin_templates()["a4_8up"].to_json())
    mutate(data)
    with pytest.raises(DomainError) as info:
        template_from_json(json.dumps(data))
    assert info.value.code == "badges.template.invalid"
    assert info.value.params["field"] == field


def test_not_json_is_refused() -> None:
    with pytest.raises(DomainError):
        template_from_json("{not json")


# -- QR and text helpers ------------------------------------------------------------------------------


def test_qr_matrix_and_image() -> None:
    code = BADGES[0].code
    matrix = qr_matrix(code)
    assert matrix.size == 29 and matrix.symbol_size == 21 and matrix.quiet_zone == 4
    rows = matrix.rows()
    assert not any(rows[0]) and not any(row[0] for row in rows)
    assert rows[4][4] and matrix.is_dark(4, 4)  # finder pattern corner
    image = qr_image(code)
    assert image.size == (29, 29) and image.mode == "L"
    assert decode_qr_codes(image.resize((290, 290), Image.Resampling.NEAREST)) == [code]
    assert zxingcpp.create_barcode(code, zxingcpp.BarcodeFormat.QRCode, ec_level="M").ec_level == "M"


def test_clean_and_escape() -> None:
    nfd = unicodedata.normalize("NFD", "Nguyễn  Ỷ\tLan\u200b")
    assert clean_text(nfd) == "Nguyễn Ỷ Lan"
    assert escape_markup("<b>&amp; Trần") == "&lt;b&gt;&amp;amp; Trần"


@pytest.mark.parametrize(
    "text",
    [
        "Nguyễn Thị Minh Khai",
        "Sở Thông tin và Truyền thông tỉnh Bà Rịa – Vũng Tàu",
        '=HYPERLINK("http://x")' * 3,
        "Ủy ban nhân dân thành phố Hồ Chí Minh và các sở, ban, ngành liên quan " * 4,
        "ẤẦẨẪẬ",
    ],
)
@pytest.mark.parametrize(("width", "height"), [(40 * mm, 10 * mm), (20 * mm, 4 * mm), (80 * mm, 30 * mm)])
def test_fit_text_never_overflows(text: str, width: float, height: float) -> None:
    fitted = fit_text(text, FONT_BOLD, width=width, height=height, max_size=16, min_size=8, max_lines=2)
    assert fitted.lines and len(fitted.lines) <= 2
    assert max(fitted.widths) <= width + 1e-6
    assert fitted.height <= height + 1e-6
    if not fitted.truncated:
        assert squash("".join(fitted.lines)) == squash(text)


def test_fit_text_order_shrink_then_wrap_then_ellipsis() -> None:
    one_line = fit_text(
        "Nguyễn Thị Minh Khai",
        FONT_BOLD,
        width=45 * mm,
        height=12 * mm,
        max_size=15,
        min_size=10,
        max_lines=2,
    )
    assert len(one_line.lines) == 1 and 10 <= one_line.font_size < 15
    wrapped = fit_text(
        "Sở Thông tin và Truyền thông tỉnh Bà Rịa – Vũng Tàu",
        FONT_BOLD,
        width=60 * mm,
        height=12 * mm,
        max_size=15,
        min_size=10,
        max_lines=2,
    )
    assert len(wrapped.lines) == 2 and wrapped.font_size >= 10 and not wrapped.truncated
    cut = fit_text(
        "Ủy ban nhân dân " * 20,
        FONT_BOLD,
        width=45 * mm,
        height=12 * mm,
        max_size=15,
        min_size=10,
        max_lines=2,
    )
    assert cut.truncated and cut.lines[-1].endswith("…") and cut.font_size == 10


def test_large_rotated_photo_is_cropped_and_downscaled() -> None:
    image = Image.new("RGB", (4000, 3000), "#8AA4C8")
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise when shown
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80, exif=exif)
    badge = replace(BADGES[0], photo=buffer.getvalue())
    out = io.BytesIO()
    render_badges([badge], builtin_templates()["a6"], replace(EVENT, logo=None), out)
    (embedded,) = PdfReader(out).pages[0].images
    frame = next(e for e in builtin_templates()["a6"].elements if e.type == "photo")
    assert embedded.image.width <= round(frame.w_mm / 25.4 * 300) + 1
    assert embedded.image.height <= round(frame.h_mm / 25.4 * 300) + 1
    assert embedded.image.width / embedded.image.height == pytest.approx(frame.w_mm / frame.h_mm, rel=0.02)


def test_event_name_takes_the_logo_place_when_there_is_no_logo(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    from confman.core.badges.render import without_empty_logo

    template = builtin_templates()["cr80_landscape"]
    logo = next(e for e in template.elements if e.type == "logo")
    moved = next(e for e in without_empty_logo(template, replace(EVENT, logo=None)).elements
                 if e.type == "event_name")
    assert moved.x_mm == logo.x_mm
    assert without_empty_logo(template, replace(EVENT, logo=b"any logo")) == template
    out = tmp_path / "nologo.pdf"
    render_badges(BADGES[:1], template, replace(EVENT, logo=None), out)
    page = pdfium.PdfDocument(str(out))[0]
    text = page.get_textpage()
    first = text.get_text_range().find(squash(EVENT.name_vi)[:3])
    left_pt = text.get_charbox(max(first, 0))[0]
    assert left_pt < (logo.x_mm + 1) * 72 / 25.4  # starts where the logo would have been


# -- names are never cut; sheets an office printer can print -----------------------------------

LONG_NAME = "Tôn Nữ Thị Phương Khuê Nguyễn Hoàng Thượng Uyển"


@pytest.mark.parametrize("name", BUILTINS)
def test_a_very_long_name_is_printed_whole_on_every_builtin(name: str) -> None:
    badge = replace(BADGES[0], full_name=LONG_NAME, honorific="Bà", photo=None, delegate_id=1001)
    buffer = io.BytesIO()
    result = render_badges([badge], builtin_templates()[name], EVENT, buffer, lang="vi")
    document = pdfium.PdfDocument(buffer.getvalue())
    text = " ".join(document[0].get_textpage().get_text_range().split())
    document.close()
    assert f"Bà {LONG_NAME}" in text, name  # whitespace collapsed: wrapped between words only
    assert "…" not in text and result.not_fitting == ()


def test_a_name_that_cannot_fit_is_shortened_after_a_word_and_reported() -> None:
    template = builtin_templates()["cr80_portrait"]
    endless = " ".join([LONG_NAME] * 3)
    badge = replace(BADGES[0], full_name=endless, photo=None)
    buffer = io.BytesIO()
    result = render_badges([badge], template, EVENT, buffer)
    assert [(n.delegate_id, n.fields) for n in result.not_fitting] == [(badge.delegate_id, ("name",))]
    text = pdfium.PdfDocument(buffer.getvalue())[0].get_textpage().get_text_range()
    shown = " ".join(text.split())
    start = shown.index("Bà Tôn")
    printed = shown[start:shown.index("…", start)].split()
    words = ("Bà " + endless).split()
    assert printed == words[: len(printed)]  # whole words, in order: never "…Hoàng Thư…"


def test_fit_text_for_names_never_breaks_inside_a_word() -> None:
    fitted = fit_text(LONG_NAME, FONT_BOLD, width=30 * 72 / 25.4, height=9 * 72 / 25.4, max_size=15,
                      min_size=10, max_lines=1, break_words=False)
    assert fitted.truncated and fitted.lines[-1].endswith("…")
    assert all(word in LONG_NAME.split() for line in fitted.lines for word in line.rstrip(" …").split())


def test_four_a6_on_a4_keep_five_millimetres_clear_and_bleed_their_bands() -> None:
    template = builtin_templates()["a4_4up_a6"]
    assert template.grid.gap_x_mm >= 5 and template.grid.gap_y_mm >= 5 and template.bleed_mm >= 1.5
    left, top = template.grid_origin_mm()
    assert left >= 5 + template.bleed_mm and top >= 5 + template.bleed_mm
    buffer = io.BytesIO()
    render_badges(BADGES[:4], template, EVENT, buffer)
    dpi = 150
    image = next(rasterise(buffer.getvalue(), dpi))
    edge = round(5 * dpi / 25.4)
    width, height = image.size
    for box in ((0, 0, width, edge), (0, height - edge, width, height), (0, 0, edge, height),
                (width - edge, 0, width, height)):
        assert image.crop(box).getextrema()[0] >= 250, box  # nothing printed within 5 mm of the edge
    # The colour band runs past the cut line into the gutter (bleed) but stops short of the neighbour.
    px = dpi / 25.4
    band_y = round((top + template.badge_height_mm - 3) * px)
    trim_right = left + template.badge_width_mm
    assert image.getpixel((round((trim_right + 1) * px), band_y)) < 200  # in the bleed
    assert image.getpixel((round((trim_right + template.grid.gap_x_mm / 2) * px), band_y)) > 250  # gutter


def test_the_code_under_the_qr_is_grouped_in_fours() -> None:
    assert grouped_code("12345678901234567890") == "1234 5678 9012 3456 7890"
    assert grouped_code("123456789012345678901234567") == "1234 5678 9012 3456 7890 1234 567"  # any length
    buffer = io.BytesIO()
    render_badges(BADGES[:1], builtin_templates()["a6"], EVENT, buffer)
    text = pdfium.PdfDocument(buffer.getvalue())[0].get_textpage().get_text_range()
    assert grouped_code(BADGES[0].code) in text


def test_without_a_photo_the_text_beside_it_takes_the_room() -> None:
    template = builtin_templates()["a4_8up"]
    photo = next(e for e in template.elements if e.type == "photo")
    freed = {e.type: e for e in free_photo_space(template).elements}
    assert freed["position"].x_mm == freed["organization"].x_mm == photo.x_mm
    framed = replace(template, elements=tuple(replace(e, frame=True) if e.type == "photo" else e
                                              for e in template.elements))
    assert free_photo_space(framed) == framed  # a glue-on frame keeps its place
    buffer = io.BytesIO()
    render_badges([replace(BADGES[0], photo=None)], framed, EVENT, buffer)
    assert "Ảnh" not in pdfium.PdfDocument(buffer.getvalue())[0].get_textpage().get_text_range()


def test_a_centred_event_name_stays_centred_without_a_logo() -> None:
    template = builtin_templates()["a6"]
    logo = next(e for e in template.elements if e.type == "logo")
    name = next(e for e in without_empty_logo(template, replace(EVENT, logo=None)).elements
                if e.type == "event_name")
    assert name.y_mm == logo.y_mm  # it grows into the logo's rows
    assert name.x_mm + name.w_mm / 2 == pytest.approx(template.badge_width_mm / 2)


@pytest.mark.parametrize("name", BUILTINS)
def test_text_never_covers_the_qr_code_with_or_without_a_photo(name: str) -> None:
    from tests.pdf_checks import overlap, qr_boxes, text_rects

    with_photo = [b for b in BADGES if b.photo and b.photo.startswith(b"\xff\xd8")][:1]  # the JPEG one
    assert with_photo
    people = [replace(BADGES[0], full_name=LONG_NAME, honorific="Bà", photo=None), *with_photo]
    buffer = io.BytesIO()
    render_badges(people, builtin_templates()[name], EVENT, buffer)
    data = buffer.getvalue()
    document = pdfium.PdfDocument(data)
    for index in range(len(document)):
        qrs = qr_boxes(data, index, dpi=300)
        assert len(qrs) >= any(e.type == "qr" for e in builtin_templates()[name].elements), (name, index)
        for box, text in text_rects(document[index]):
            for qr in qrs:
                assert not overlap(box, qr.box, 0.5), (name, index, text)
    document.close()


TONE_MARKS = "Bà Ỷ Lan Ửng Ữa Ựa Ỳ Ỹ Ỵ Ẫ Ẩ Ậ Ắ Ằ Ẳ Ẵ Ặ Ẻ Ẽ Ế Ề Ể Ễ Ệ Ỉ Ĩ Ị"


@pytest.mark.parametrize("name", BUILTINS)
def test_lines_of_a_wrapped_name_never_touch_whatever_their_marks(name: str) -> None:
    """Stacked marks (Ẫ, Ễ) of one line clear the dots below and descenders (Ỵ, g) of the line above."""
    badge = replace(BADGES[0], honorific="", full_name=TONE_MARKS, photo=None)
    buffer = io.BytesIO()
    render_badges([badge], builtin_templates()[name], EVENT, buffer, lang="vi")
    lines = text_lines_ink(buffer.getvalue(), TONE_MARKS)
    assert len(lines) >= 2, name  # the name wraps on every built-in
    for one, other in itertools.pairwise(lines):  # the ink of two lines never shares a height
        spans = sorted([one, other])
        assert spans[0][1] < spans[1][0], (name, spans)


def test_a_shortened_event_name_ends_after_a_whole_word() -> None:
    long_name = ("Hội nghị tổng kết công tác thông tin đối ngoại và truyền thông chính sách của các bộ, ngành, "
                 "địa phương giai đoạn 2021–2025 và triển khai nhiệm vụ giai đoạn 2026–2030")
    fitted = fit_text(long_name, FONT_BOLD, width=40 * mm, height=8 * mm, max_size=9, min_size=6, max_lines=2)
    assert fitted.truncated and fitted.lines[-1].endswith("…")
    shown = " ".join(fitted.lines).removesuffix("…").split()
    assert shown == long_name.split()[: len(shown)]  # whole words only: never "202…" or "triển k…"
    buffer = io.BytesIO()
    render_badges(BADGES[:1], builtin_templates()["cr80_portrait"], replace(EVENT, name_vi=long_name, logo=None),
                  buffer, lang="vi")
    text = " ".join(pdfium.PdfDocument(buffer.getvalue())[0].get_textpage().get_text_range().split())
    printed = text[: text.index("…")].split()
    assert printed == long_name.split()[: len(printed)]
