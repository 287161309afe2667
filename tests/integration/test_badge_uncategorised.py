"""A delegate without a category gets a neutral band labelled with the catalog's word for a delegate, in the
badge's language; a categorised delegate's band keeps its category's colour and label."""

from __future__ import annotations

from dataclasses import replace

import pypdfium2 as pdfium
import pytest

from confman.core.badges import service as badges
from confman.core.badges.templates import BadgeTemplate
from confman.core.registration.models import Category, Delegate

DPI = 150


@pytest.fixture
def delegates(db, make_event):
    event = make_event()
    with db.session() as session:
        guest = Category(event_id=event.id, code="XKM", label_vi="Khách mời", label_en="Guest", color="#2E7D32")
        bare = Delegate(event_id=event.id, full_name="Nguyễn Văn An")
        guest_one = Delegate(event_id=event.id, full_name="Trần Thị Bình", category=guest)
        session.add_all([bare, guest_one])
        session.flush()
        return event.id, [bare.id, guest_one.id]


def _band_lang(template: BadgeTemplate, lang: str) -> BadgeTemplate:
    return replace(template, elements=tuple(replace(e, lang=lang) if e.type == "category_band" else e
                                            for e in template.elements))


def _pages(db, event_id: int, ids: list[int], template: BadgeTemplate, lang: str = "vi"):
    pdf = badges.render_batch(db, event_id, ids, template, lang=lang).pdf
    document = pdfium.PdfDocument(pdf)
    try:
        return [(" ".join(page.get_textpage().get_text_range().split()),
                 page.render(scale=DPI / 72).to_pil().convert("RGB")) for page in document]
    finally:
        document.close()


def _band_colour(image, template: BadgeTemplate) -> tuple[int, int, int]:
    band = next(e for e in template.elements if e.type == "category_band")
    px = DPI / 25.4
    return image.getpixel((round((band.x_mm + 1.5) * px), round((band.y_mm + band.h_mm / 2) * px)))


@pytest.mark.parametrize(("band_lang", "lang", "label"), [
    ("both", "vi", "ĐẠI BIỂU / DELEGATE"),
    ("vi", "en", "ĐẠI BIỂU"),
    ("en", "vi", "DELEGATE"),
    ("doc", "en", "DELEGATE"),
    ("doc", "vi", "ĐẠI BIỂU"),
])
def test_an_uncategorised_badge_has_a_neutral_band_named_in_the_badges_language(db, delegates, band_lang, lang,
                                                                              label):
    event_id, (bare, guest) = delegates
    template = _band_lang(badges.get_template(db, "a6"), band_lang)
    (text, image), (guest_text, guest_image) = _pages(db, event_id, [bare, guest], template, lang)
    assert text.endswith(label)  # the band is the last thing on the card
    assert "KHÁCH MỜI" in guest_text or "GUEST" in guest_text
    r, g, b = _band_colour(image, template)
    assert max(r, g, b) - min(r, g, b) <= 6 and 100 <= r <= 200, (r, g, b)  # neutral grey, not the default blue
    assert _band_colour(guest_image, template) == pytest.approx((0x2E, 0x7D, 0x32), abs=10)


def test_the_10_up_sheet_names_an_uncategorised_delegate_on_its_band(db, delegates):
    event_id, (bare, guest) = delegates
    template = badges.get_template(db, "a4_10up_cr80")
    ((text, image),) = _pages(db, event_id, [bare, guest], template)
    assert text.count("ĐẠI BIỂU / DELEGATE") == 1 and text.count("KHÁCH MỜI / GUEST") == 1
    band = next(e for e in template.elements if e.type == "category_band")
    left, top = template.grid_origin_mm()
    px = DPI / 25.4
    r, g, b = image.getpixel((round((left + 2) * px), round((top + band.y_mm + band.h_mm / 2) * px)))
    assert max(r, g, b) - min(r, g, b) <= 6, (r, g, b)
    # ink of the label inside the grey band (it is not left blank)
    x0, y0 = round((left + 20) * px), round((top + band.y_mm + 1) * px)
    strip = image.crop((x0, y0, x0 + round(45 * px), y0 + round((band.h_mm - 2) * px))).convert("L")
    assert strip.getextrema()[0] < 60
