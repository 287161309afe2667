"""What the template editor previews: one badge alone on its page, drawn for a stand-in delegate
(and a stand-in photo) when the event has none, rasterised off the UI thread."""

from __future__ import annotations

import io
from dataclasses import replace

from PySide6.QtGui import QImage

from confman.i18n import t
from confman.ui.badges import printing
from confman.ui.badges.ops import BadgeData, BadgeTemplate, EventInfo, Grid, make_code, render_badges

#: Resolution of the preview image (pixels per millimetre; drawn scaled to fit).
PX_PER_MM = 8.0


def single_card(template: BadgeTemplate) -> BadgeTemplate:
    """The template's badge alone on a page of its size (what the editor previews)."""
    return replace(template, page_width_mm=None, page_height_mm=None, grid=Grid())


def sample_badge(lang: str) -> BadgeData:
    """A stand-in delegate when the event has none yet."""
    return BadgeData(
        delegate_id=1, honorific=t("badges.ui.sample.honorific", lang), full_name=t("badges.ui.sample.name", lang),
        position=t("badges.ui.sample.position", lang), organization=t("badges.ui.sample.organization", lang),
        category_label_vi="Đại biểu", category_label_en="Delegate", category_color="#1F4E79", delegation="",
        photo=None, code=make_code(event_id=1, delegate_id=1, badge_version=1, secret=b"preview"),
    )


def sample_event() -> EventInfo:
    """A stand-in event when no event is open."""
    return EventInfo(name_vi=t("badges.ui.sample.event", "vi"), name_en=t("badges.ui.sample.event", "en"),
                     dates_text="", venue="")


_SAMPLE_PHOTO: bytes | None = None


def sample_photo() -> bytes:
    """A stand-in portrait (head and shoulders on a pale background) for previewing the photo layout."""
    global _SAMPLE_PHOTO
    if _SAMPLE_PHOTO is None:
        from PIL import Image, ImageDraw

        image = Image.new("RGB", (300, 400), (214, 226, 238))
        draw = ImageDraw.Draw(image)
        draw.ellipse((95, 70, 205, 200), fill=(120, 132, 148))
        draw.pieslice((30, 220, 270, 520), 180, 360, fill=(120, 132, 148))
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=85)
        _SAMPLE_PHOTO = buffer.getvalue()
    return _SAMPLE_PHOTO


def previewed_badge(badge: BadgeData, with_photo: bool) -> BadgeData:
    """``badge`` as the layout with (a stand-in when it has none) or without a photo shows it."""
    if with_photo:
        return badge if badge.photo else replace(badge, photo=sample_photo())
    return replace(badge, photo=None)


def render_card_image(template: BadgeTemplate, badge: BadgeData, event: EventInfo, lang: str,
                      px_per_mm: float = PX_PER_MM) -> QImage:
    """One badge of ``template`` rasterised at ``px_per_mm`` (worker-safe)."""
    buffer = io.BytesIO()
    render_badges([badge], single_card(template), event, buffer, lang=lang)
    return printing.page_image(buffer.getvalue(), 0, px_per_mm * 25.4)
