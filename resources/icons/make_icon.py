"""Draw the confman application icon: ``confman.png`` (256 px) and ``confman.ico`` (16-256 px).

A deep-blue rounded square holding a white conference badge with a lanyard slot,
the letters "CM" and a QR-like glyph. Sizes of 48 px and up are drawn from a large
master and scaled down; the small sizes (16-32 px) use a simplified drawing (badge
and "CM" only) so they stay legible in the taskbar and title bars.

Run from anywhere (needs Pillow): ``python resources/icons/make_icon.py``.
The outputs are committed; re-run only when the design changes.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
FONT = HERE.parent / "fonts" / "BeVietnamPro-Bold.ttf"

MASTER = 1024
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 96, 128, 256)
SMALL_LIMIT = 32  # sizes up to this use the simplified drawing

BLUE_TOP = (30, 78, 170)
BLUE_BOTTOM = (10, 42, 110)
WHITE = (255, 255, 255)
INK = (12, 45, 115)

# A fixed 13x13 "QR-like" pattern: three 5x5 finder squares plus some data modules.
# 1 = dark module. Not a real code, only a recognisable glyph.
QR_GLYPH = (
    "1111101011111",
    "1000101010001",
    "1010100110101",
    "1000101010001",
    "1111101011111",
    "0000010100000",
    "1011011101101",
    "0101100010110",
    "1111101101010",
    "1000101010110",
    "1010100111001",
    "1000101100101",
    "1111101011011",
)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.truetype(str(FONT), size)
    except OSError:  # font missing: Pillow's scalable default still draws the letters
        return ImageFont.load_default(size)


def _background(size: int, radius: float) -> Image.Image:
    """Rounded square with a vertical blue gradient, transparent outside."""
    gradient = Image.new("RGBA", (size, size))
    draw = ImageDraw.Draw(gradient)
    for y in range(size):
        k = y / max(size - 1, 1)
        colour = tuple(round(a + (b - a) * k) for a, b in zip(BLUE_TOP, BLUE_BOTTOM, strict=True))
        draw.line([(0, y), (size, y)], fill=(*colour, 255))
    mask = Image.new("L", (size, size), 0)
    ImageDraw.Draw(mask).rounded_rectangle([0, 0, size - 1, size - 1], radius=round(radius), fill=255)
    out = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    out.paste(gradient, (0, 0), mask)
    return out


def _centered_text(
    draw: ImageDraw.ImageDraw, box: tuple[float, float, float, float], text: str, height: float
) -> None:
    font = _font(round(height))
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    x = (box[0] + box[2]) / 2 - (left + right) / 2
    y = (box[1] + box[3]) / 2 - (top + bottom) / 2
    draw.text((x, y), text, font=font, fill=INK)


def draw_master(size: int = MASTER) -> Image.Image:
    """The detailed icon: badge with slot, "CM" and the QR-like glyph."""
    s = size / 1024
    img = _background(size, 200 * s)
    draw = ImageDraw.Draw(img)

    # Badge card (portrait), with a soft shadow.
    card = (262 * s, 150 * s, 762 * s, 900 * s)
    shadow = tuple(v + 14 * s for v in card)
    draw.rounded_rectangle(shadow, radius=56 * s, fill=(0, 0, 0, 70))
    draw.rounded_rectangle(card, radius=56 * s, fill=WHITE)

    # Lanyard slot.
    draw.rounded_rectangle((437 * s, 196 * s, 587 * s, 232 * s), radius=18 * s, fill=BLUE_BOTTOM)

    # "CM".
    _centered_text(draw, (card[0], 262 * s, card[2], 452 * s), "CM", 190 * s)

    # QR-like glyph.
    n = len(QR_GLYPH)
    module = 26 * s
    side = n * module
    x0 = (card[0] + card[2]) / 2 - side / 2
    y0 = 510 * s
    for row, bits in enumerate(QR_GLYPH):
        for col, bit in enumerate(bits):
            if bit == "1":
                x = x0 + col * module
                y = y0 + row * module
                draw.rectangle((x, y, x + module - 1, y + module - 1), fill=INK)
    return img


def draw_small(size: int) -> Image.Image:
    """Simplified icon for 16-32 px: the badge and "CM" only, drawn at 8x and scaled down."""
    big = size * 8
    s = big / 256
    img = _background(big, 52 * s)
    draw = ImageDraw.Draw(img)
    card = (40 * s, 28 * s, 216 * s, 228 * s)
    draw.rounded_rectangle(card, radius=18 * s, fill=WHITE)
    draw.rounded_rectangle((104 * s, 40 * s, 152 * s, 54 * s), radius=7 * s, fill=BLUE_BOTTOM)
    _centered_text(draw, (card[0], 60 * s, card[2], card[3] - 8 * s), "CM", 104 * s)
    return img.resize((size, size), Image.Resampling.LANCZOS)


def render(size: int, master: Image.Image) -> Image.Image:
    if size <= SMALL_LIMIT:
        return draw_small(size)
    return master.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    master = draw_master()
    images = {size: render(size, master) for size in ICO_SIZES}
    images[256].save(HERE / "confman.png", optimize=True)
    # Pillow's ICO writer takes the largest image and one pre-rendered frame per size
    # via append_images (Pillow >= 10.1 uses them instead of rescaling the first).
    largest = images[256]
    others = [images[size] for size in ICO_SIZES if size != 256]
    largest.save(
        HERE / "confman.ico",
        format="ICO",
        sizes=[(size, size) for size in ICO_SIZES],
        append_images=others,
    )
    print(f"wrote {HERE / 'confman.png'} and {HERE / 'confman.ico'} ({', '.join(map(str, ICO_SIZES))} px)")


if __name__ == "__main__":
    main()
