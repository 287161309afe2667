"""The webcam decoder reads rendered badge images, straight and held at an angle."""

from __future__ import annotations

import io

import pypdfium2
import pytest
from PIL import Image
from PySide6.QtGui import QImage

from confman.core.badges.codes import make_code
from confman.core.badges.render import BadgeData, EventInfo, render_badges
from confman.core.badges.templates import builtin_templates
from confman.ui.checkin.frame_decoder import FrameDecoder, decode_image

SECRET = b"k" * 32


def _badge_png(code: str, template: str = "cr80_portrait", dpi: int = 150) -> Image.Image:
    badge = BadgeData(delegate_id=42, honorific="Ông", full_name="Nguyễn Văn Đức", position="Vụ trưởng",
                      organization="Bộ Thông tin và Truyền thông", category_label_vi="Đại biểu",
                      category_label_en="Delegate", category_color="#1F4E79", delegation="", photo=None, code=code)
    pdf = io.BytesIO()
    render_badges([badge], builtin_templates()[template],
                  EventInfo("Hội nghị tổng kết", "Review conference", "12–13/12/2018", "Hà Nội"), pdf)
    page = pypdfium2.PdfDocument(pdf.getvalue())[0]
    return page.render(scale=dpi / 72).to_pil().convert("RGB")


def _qimage(image: Image.Image) -> QImage:
    rgb = image.convert("RGB")
    data = rgb.tobytes()
    return QImage(data, rgb.width, rgb.height, rgb.width * 3, QImage.Format.Format_RGB888).copy()


def _on_desk(image: Image.Image, angle: float) -> Image.Image:
    """The badge held at ``angle`` degrees in front of a grey background, like a webcam frame."""
    rotated = image.rotate(angle, expand=True, fillcolor=(128, 128, 128), resample=Image.Resampling.BICUBIC)
    frame = Image.new("RGB", (rotated.width + 200, rotated.height + 160), (110, 110, 110))
    frame.paste(rotated, (100, 80))
    return frame


@pytest.fixture(scope="module")
def code() -> str:
    return make_code(event_id=3, delegate_id=42, badge_version=2, secret=SECRET)


@pytest.mark.parametrize("template", ["cr80_portrait", "cr80_landscape", "a6"])
def test_reads_rendered_badges(code, template):
    assert decode_image(_qimage(_badge_png(code, template))) == [code]


@pytest.mark.parametrize("angle", [15, -22, 30])
def test_reads_badges_held_at_an_angle(code, angle):
    assert decode_image(_qimage(_on_desk(_badge_png(code), angle))) == [code]


def test_blank_and_null_frames_give_nothing():
    assert decode_image(QImage()) == []
    blank = QImage(640, 480, QImage.Format.Format_RGB32)
    blank.fill(0xFFFFFFFF)
    assert decode_image(blank) == []


def test_frame_decoder_runs_on_a_worker_and_drops_frames_while_busy(qtbot, code):
    decoder = FrameDecoder()
    frame = _qimage(_on_desk(_badge_png(code), 20))
    with qtbot.waitSignal(decoder.decoded, timeout=5000) as signal:
        assert decoder.submit(frame)
        assert not decoder.submit(frame)  # still decoding the first one
    assert signal.args == [[code]]
    decoder.wait()
