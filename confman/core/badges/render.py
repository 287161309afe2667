"""Render badges to PDF with ReportLab, driven by a :class:`BadgeTemplate`.

One canvas renderer walks the template's elements and hands each to the painter
registered for its type (:data:`PAINTERS`); adding an element type is adding a painter.
Elements that do not depend on the delegate (event name, logo, lines, static text, photo
placeholders) are drawn once into PDF form XObjects and reused on every badge.

Text is NFC-normalised and fitted (:func:`confman.core.pdf.fit_text`): shrunk to the
element's minimum size, then wrapped to ``max_lines``, an ellipsis only as a last resort;
it is written as plain text operators (no markup), so ``<b>&amp;`` prints literally.  Each QR
code is one vector path of its dark-module runs (~1.5 kB before compression, sharp at any dpi).
Photos are cropped to their frame and embedded as JPEG at 300 dpi at most.

Speed (1,000 CR80 badges ≈ 0.3 s): per-render work (boxes, colours, static forms) is done
once in :func:`_plan`; the per-badge loop writes colour, rectangle and transform operators
directly (``addLiteral``), because ReportLab's pure-Python number formatting dominated.

Free ``text`` elements may use ``{event_name}``, ``{event_name_vi}``, ``{event_name_en}``,
``{dates}``, ``{venue}``, ``{full_name}``, ``{honorific}``, ``{position}``,
``{organization}``, ``{delegation}``, ``{category}`` and ``{code}``.
"""

from __future__ import annotations

import io
import logging
import os
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import compress
from pathlib import Path
from typing import BinaryIO, NamedTuple

from PIL import Image, ImageOps
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from confman.core.badges.qr import QrMatrix, qr_matrix
from confman.core.badges.templates import BadgeTemplate, Element, template_title
from confman.core.bulk import gc_paused
from confman.core.errors import DomainError
from confman.core.pdf.fonts import (
    FONT_BOLD,
    FONT_ITALIC,
    FONT_REGULAR,
    FONT_SEMIBOLD,
    FittedText,
    clean_text,
    draw_fitted_text,
    fit_text,
    fitted_text_ops,
    line_pitch,
    register_fonts,
    text_width,
    with_words,
)
from confman.core.registration.rows import organization_name
from confman.i18n import t

log = logging.getLogger(__name__)

FONTS = {"regular": FONT_REGULAR, "semibold": FONT_SEMIBOLD, "bold": FONT_BOLD, "italic": FONT_ITALIC}
PHOTO_DPI = 300
_STATIC_TYPES = frozenset({"event_name", "logo", "line"})
#: Text about the person: never cut inside a word; shortened text is reported before printing.
_PEOPLE_TEXT = frozenset({"name", "position", "organization", "delegation"})
#: A name wraps to up to three lines (at the template's minimum size) before it is shortened.
NAME_LINES = 3
_DELEGATE_FIELDS = re.compile(r"\{(full_name|honorific|position|organization|delegation|category|code)\}")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


@dataclass(frozen=True)
class BadgeData:
    """One delegate's badge, as the service layer hands it over."""

    delegate_id: int
    honorific: str
    full_name: str
    position: str
    organization: str
    category_label_vi: str
    category_label_en: str
    category_color: str
    """``#RRGGBB``."""
    delegation: str
    photo: bytes | None
    code: str
    """The badge code digits (:func:`confman.core.badges.codes.make_code`)."""
    organization_en: str = ""
    """The organization's English name: English badges print it where it is set."""


@dataclass(frozen=True)
class EventInfo:
    name_vi: str
    name_en: str
    dates_text: str
    venue: str
    logo: bytes | None = None


@dataclass(frozen=True)
class NotFitting:
    """A badge whose text had to be shortened (after a whole word) to fit: the template or the text
    needs a look before printing."""

    delegate_id: int
    fields: tuple[str, ...]
    """Element types shortened ("name", "organization" …)."""


@dataclass(frozen=True)
class RenderResult:
    pages: int
    badges: int
    not_fitting: tuple[NotFitting, ...] = ()


class Box(NamedTuple):
    """A box in points in the current canvas coordinates, (x, y) its bottom-left corner."""

    x: float
    y: float
    w: float
    h: float


@dataclass
class RenderContext:
    """State shared by the painters during one render."""

    canvas: Canvas
    template: BadgeTemplate
    event: EventInfo
    lang: str
    fitted: dict[tuple[int, str], FittedText] = field(default_factory=dict)
    images: dict[str, tuple[str, float, float] | None] = field(default_factory=dict)
    forms: dict[object, str] = field(default_factory=dict)
    labels: dict[tuple[int, str, str], str] = field(default_factory=dict)
    not_fitting: dict[int, list[str]] = field(default_factory=dict)
    """Delegate id → the element types whose text was shortened on that badge."""
    drawn: dict[tuple[object, ...], str | None] = field(default_factory=dict)
    """(element index, box, text) → its text operators: the event name, the category labels and the
    units repeat on most badges of a batch and are laid out into operators once."""

    def fit(self, step: Step, text: str, width: float, height: float) -> FittedText:
        key = (step.key, text)
        found = self.fitted.get(key)
        if found is None:
            element = step.element
            people = element.type in _PEOPLE_TEXT
            found = fit_text(
                text,
                FONTS[element.font],
                width=max(width, 1.0),
                height=max(height, 1.0),
                max_size=element.font_size,
                min_size=element.effective_min_font_size,
                max_lines=max(element.max_lines, NAME_LINES) if element.type == "name" else element.max_lines,
                leading=element.leading,
                break_words=not people,
            )
            self.fitted[key] = found
        return found

    def draw_text(self, step: Step, fitted: FittedText, box: Box) -> None:
        """Draw ``fitted`` in ``box`` with ``step``'s alignment, reusing the operators of an earlier badge."""
        key = (step.index, *box, fitted.lines, fitted.font_size)
        ops = self.drawn.get(key, False)
        if ops is False:
            element = step.element
            ops = self.drawn[key] = fitted_text_ops(self.canvas, fitted, box, align=element.align,
                                                    valign=element.valign)
        if ops is None:  # not a TrueType font: ReportLab's own drawString
            draw_fitted_text(self.canvas, fitted, *box, align=step.element.align, valign=step.element.valign)
        elif ops:
            self.canvas.addLiteral(ops)

    def form_name(self, prefix: str) -> str:
        """A new form XObject name, unique in this document."""
        return f"{prefix}{len(self.forms) + len(self.images)}x{id(self) % 1000}"

    def event_name(self, lang: str) -> str:
        vi, en = clean_text(self.event.name_vi), clean_text(self.event.name_en)
        if lang == "en":
            return en or vi
        return vi or en


Painter = Callable[[RenderContext, "Step", "BadgeData | None"], None]
PAINTERS: dict[str, Painter] = {}


def painter(*types: str) -> Callable[[Painter], Painter]:
    """Register a painter for element types."""

    def register(function: Painter) -> Painter:
        for kind in types:
            PAINTERS[kind] = function
        return function

    return register


@dataclass(frozen=True, slots=True)
class Step:
    """A template element prepared once per render."""

    index: int
    element: Element
    box: Box
    """Where the painter draws, in points: badge coordinates (origin at the badge's top-left,
    y up), or the rotated frame centred on the element when ``rotation`` is set."""
    area: Box
    """``box`` grown into the bleed on the sides where the element touches the badge edge."""
    paint: Painter
    fill: str
    """PDF fill-colour operator for the element's ``color`` (black by default)."""
    rotation: tuple[float, float, int] | None = None
    """(centre x, centre y, degrees clockwise) in badge coordinates, for rotated elements."""

    @property
    def key(self) -> tuple[int, float, float]:
        """Fitting depends on the element and its box (the same element in both plans shares fits)."""
        return (self.index, round(self.box.w, 3), round(self.box.h, 3))


@lru_cache(maxsize=256)
def _rgb(
    color: str | None, default: tuple[float, float, float] = (0.0, 0.0, 0.0)
) -> tuple[float, float, float]:
    if not color or not _HEX.match(color):
        return default
    return (int(color[1:3], 16) / 255, int(color[3:5], 16) / 255, int(color[5:7], 16) / 255)


@lru_cache(maxsize=256)
def _fill_op(rgb: tuple[float, float, float]) -> str:
    """The ``rg`` operator for a colour (written directly: ReportLab's colour API is slow)."""
    return "{:.4g} {:.4g} {:.4g} rg".format(*rgb)


def _rect_op(box: Box) -> str:
    """A filled rectangle in the current fill colour."""
    return f"{box.x:.3f} {box.y:.3f} {box.w:.3f} {box.h:.3f} re f"


@lru_cache(maxsize=256)
def _contrast(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    """Black or white, whichever reads better on ``rgb`` (WCAG relative luminance)."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return (0.0, 0.0, 0.0) if luminance > 0.179 else (1.0, 1.0, 1.0)


# -- text ------------------------------------------------------------------------------


def _fields(ctx: RenderContext, badge: BadgeData | None) -> dict[str, str]:
    values = {
        "event_name": ctx.event_name(ctx.lang),
        "event_name_vi": clean_text(ctx.event.name_vi),
        "event_name_en": clean_text(ctx.event.name_en),
        "dates": clean_text(ctx.event.dates_text),
        "venue": clean_text(ctx.event.venue),
    }
    if badge is not None:
        values.update(
            full_name=badge.full_name,
            honorific=badge.honorific,
            position=badge.position,
            organization=organization_name(badge.organization, badge.organization_en, ctx.lang),
            delegation=badge.delegation,
            category=_category_label(ctx, badge, "doc"),
            code=badge.code,
        )
    return values


def element_text(ctx: RenderContext, element: Element, badge: BadgeData | None) -> str:
    """The text a text element shows for ``badge`` (None: static elements only)."""
    kind = element.type
    if kind == "event_name":
        text = ctx.event_name(ctx.lang if element.lang not in ("vi", "en") else element.lang)
    elif kind == "text":
        values = _fields(ctx, badge)
        text = _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), element.text)
    elif badge is None:
        text = ""
    elif kind == "name":
        honorific = clean_text(badge.honorific) if element.show_honorific else ""
        text = f"{honorific} {clean_text(badge.full_name)}"
    elif kind == "organization":
        text = organization_name(badge.organization, badge.organization_en,
                                 element.lang if element.lang in ("vi", "en") else ctx.lang)
    else:
        text = getattr(badge, kind, "")
    text = clean_text(text)
    return text.upper() if element.uppercase else text


@painter("event_name", "name", "position", "organization", "delegation", "text")
def paint_text(ctx: RenderContext, step: Step, badge: BadgeData | None) -> None:
    element = step.element
    text = element_text(ctx, element, badge)
    if not text:
        return
    box = step.box
    fitted = ctx.fit(step, text, box.w, box.h)
    if fitted.truncated and badge is not None and element.type in _PEOPLE_TEXT:
        fields = ctx.not_fitting.setdefault(badge.delegate_id, [])
        if element.type not in fields:
            fields.append(element.type)
    ctx.canvas.addLiteral(step.fill)
    ctx.draw_text(step, fitted, box)


#: The band of a delegate without a category, unless the template gives the band a colour of its own.
NEUTRAL_BAND = (0.55, 0.55, 0.55)


def uncategorised(badge: BadgeData) -> bool:
    """True for a delegate without a category (every category has a Vietnamese label)."""
    return not (badge.category_label_vi.strip() or badge.category_label_en.strip())


def _category_label(ctx: RenderContext, badge: BadgeData, lang: str) -> str:
    """The category as the template's language asks ("vi", "en", "both", "doc" the document's, "none");
    a delegate without a category is labelled with the catalog's word for a delegate."""
    if uncategorised(badge):
        vi, en = t("badges.band.uncategorised", "vi"), t("badges.band.uncategorised", "en")
    else:
        vi, en = clean_text(badge.category_label_vi), clean_text(badge.category_label_en)
    if lang == "none":
        return ""
    if lang == "both":
        return " / ".join(part for part in dict.fromkeys((vi, en)) if part)
    if lang == "doc":
        lang = ctx.lang
    return (en or vi) if lang == "en" else (vi or en)


@painter("category_band")
def paint_band(ctx: RenderContext, step: Step, badge: BadgeData | None) -> None:
    if badge is None:
        return
    canvas, element = ctx.canvas, step.element
    if uncategorised(badge):  # no category colour to show: the template's band colour, else a neutral grey
        fill = _rgb(element.fill, NEUTRAL_BAND)
    else:
        fill = _rgb(element.fill or badge.category_color, NEUTRAL_BAND)
    canvas.addLiteral(_fill_op(fill))
    canvas.addLiteral(_rect_op(step.area))
    key = (step.index, badge.category_label_vi, badge.category_label_en)
    label = ctx.labels.get(key)
    if label is None:
        label = _category_label(ctx, badge, element.lang)
        label = ctx.labels[key] = label.upper() if element.uppercase else label
    if not label:
        return
    pad = element.padding_mm * mm
    inner = Box(step.box.x + pad, step.box.y + pad, step.box.w - 2 * pad, step.box.h - 2 * pad)
    fitted = ctx.fit(step, label, inner.w, inner.h)
    canvas.addLiteral(step.fill if element.color else _fill_op(_contrast(fill)))
    ctx.draw_text(step, fitted, inner)


# -- images ------------------------------------------------------------------------------


def _fit_rect(box: Box, width: float, height: float) -> Box:
    """The largest ``width``:``height`` rectangle centred in ``box``."""
    scale = min(box.w / width, box.h / height)
    w, h = width * scale, height * scale
    return Box(box.x + (box.w - w) / 2, box.y + (box.h - h) / 2, w, h)


def _image_form(ctx: RenderContext, key: str, data: bytes) -> tuple[str, float, float] | None:
    """Draw ``data`` once into a 1 × 1 form; returns (form name, pixel width, pixel height)."""
    if key in ctx.images:
        return ctx.images[key]
    try:
        with Image.open(io.BytesIO(data)) as raw:
            image = ImageOps.exif_transpose(raw)
            image.load()
    except Exception as exc:  # any undecodable upload: skip the element, keep the batch going
        log.warning("badge image could not be decoded, left out: %s", exc)
        ctx.images[key] = None
        return None
    name = f"img{len(ctx.images)}"
    canvas = ctx.canvas
    canvas.beginForm(name, 0, 0, 1, 1)
    canvas.drawImage(ImageReader(image), 0, 0, 1, 1, mask="auto")
    canvas.endForm()
    result = (name, float(image.width), float(image.height))
    ctx.images[key] = result
    return result


def _draw_form(ctx: RenderContext, name: str, rect: Box) -> None:
    canvas = ctx.canvas
    canvas.saveState()
    canvas.translate(rect.x, rect.y)
    canvas.scale(rect.w, rect.h)
    canvas.doForm(name)
    canvas.restoreState()


@painter("logo")
def paint_logo(ctx: RenderContext, step: Step, badge: BadgeData | None) -> None:
    if not ctx.event.logo:
        return
    found = _image_form(ctx, "logo", ctx.event.logo)
    if found is not None:
        name, width, height = found
        _draw_form(ctx, name, _fit_rect(step.box, width, height))


def _photo_image(data: bytes, box: Box) -> Image.Image:
    """The photo cropped to the frame's aspect and scaled to at most :data:`PHOTO_DPI`."""
    target = (max(1, round(box.w / 72 * PHOTO_DPI)), max(1, round(box.h / 72 * PHOTO_DPI)))
    with Image.open(io.BytesIO(data)) as raw:
        side = max(target)
        raw.draft("RGB", (side, side))  # JPEG: decode at a reduced scale, much faster for camera photos
        image = ImageOps.exif_transpose(raw).convert("RGB")
    if image.width < target[0] or image.height < target[1]:
        scale = min(image.width / target[0], image.height / target[1])
        target = (max(1, int(target[0] * scale)), max(1, int(target[1] * scale)))
    return ImageOps.fit(image, target, Image.Resampling.LANCZOS)


@painter("photo")
def paint_photo(ctx: RenderContext, step: Step, badge: BadgeData | None) -> None:
    canvas, box = ctx.canvas, step.box
    if badge is not None and badge.photo:
        try:
            image = _photo_image(badge.photo, box)
        except Exception as exc:  # a bad upload must not stop the batch: print the placeholder
            log.warning("photo of delegate %s could not be decoded: %s", badge.delegate_id, exc)
        else:
            buffer = io.BytesIO()
            image.save(buffer, "JPEG", quality=88)
            buffer.seek(0)
            canvas.drawImage(ImageReader(buffer), box.x, box.y, box.w, box.h)
            return
    if not step.element.frame:  # no photo: nothing here (the template may give the room to the name)
        return
    key = ("photo_frame", round(box.w, 2), round(box.h, 2))
    name = ctx.forms.get(key)
    if name is None:
        name = ctx.form_name("ph")
        canvas.beginForm(name, 0, 0, box.w, box.h)
        _draw_frame(ctx, Box(0, 0, box.w, box.h))
        canvas.endForm()
        ctx.forms[key] = name
    canvas.addLiteral(f"q 1 0 0 1 {box.x:.3f} {box.y:.3f} cm")
    canvas.doForm(name)
    canvas.addLiteral("Q")


def _draw_frame(ctx: RenderContext, box: Box) -> None:
    """An empty glue-on frame for a printed photo: a thin outline with corner marks, no text."""
    canvas = ctx.canvas
    canvas.setStrokeColorRGB(0.55, 0.55, 0.55)
    canvas.setLineWidth(0.4)
    canvas.setDash(1.5, 1.5)
    canvas.rect(box.x + 0.5, box.y + 0.5, box.w - 1, box.h - 1, stroke=1, fill=0)
    canvas.setDash()
    arm = min(box.w, box.h) * 0.12
    canvas.setLineWidth(0.8)
    for x, sx in ((box.x + 0.5, 1), (box.x + box.w - 0.5, -1)):
        for y, sy in ((box.y + 0.5, 1), (box.y + box.h - 0.5, -1)):
            canvas.line(x, y, x + sx * arm, y)
            canvas.line(x, y, x, y + sy * arm)


# -- QR ------------------------------------------------------------------------------------


class _RunOps(dict[tuple[int, int], str]):
    """``(first, last) module index -> "x y w 1 re"`` for the dark runs of one symbol size, made on first use."""

    def __init__(self, symbol: int, zone: int) -> None:
        super().__init__()
        self.symbol, self.zone, self.top = symbol, zone, symbol + zone - 1

    def __missing__(self, run: tuple[int, int]) -> str:
        row, column = divmod(run[0], self.symbol)
        op = self[run] = f"{column + self.zone} {self.top - row} {run[1] - run[0] + 1} 1 re"
        return op


@lru_cache(maxsize=16)
def _run_layout(symbol: int, zone: int) -> tuple[_RunOps, int, int, range]:
    """The run operators of a symbol size, and masks with a 1 byte at each row's first and last module."""
    first = int.from_bytes(b"".join(b"\x01" + b"\x00" * (symbol - 1) for _ in range(symbol)), "big")
    last = int.from_bytes(b"".join(b"\x00" * (symbol - 1) + b"\x01" for _ in range(symbol)), "big")
    return _RunOps(symbol, zone), first, last, range(symbol * symbol)


def qr_path_ops(matrix: QrMatrix) -> str:
    """PDF path operators for the dark modules, one unit per module, origin at the bottom-left.

    One rectangle per horizontal run of dark modules.  The runs are found for the whole symbol
    at once: with the modules as one integer of 0/1 bytes, a run starts where a dark module
    follows a light one (or starts a row) and ends where one precedes a light one (or ends a
    row); each run's operator is made once per symbol size.
    """
    ops, row_first, row_last, positions = _run_layout(matrix.symbol_size, matrix.quiet_zone)
    modules = matrix.modules
    count = len(modules)
    dark = int.from_bytes(modules, "big")
    starts = (dark & (~(dark >> 8) | row_first)).to_bytes(count, "big")
    ends = (dark & (~(dark << 8) | row_last)).to_bytes(count, "big")
    return " ".join(map(ops.__getitem__, zip(compress(positions, starts), compress(positions, ends), strict=True)))


def draw_qr(canvas: Canvas, matrix: QrMatrix, x: float, y: float, size: float) -> None:
    """Draw ``matrix`` (quiet zone included, painted white) as a ``size``-point square at (x, y)."""
    module = size / matrix.size
    n = matrix.size
    canvas.addLiteral(
        f"q {module:.5f} 0 0 {module:.5f} {x:.3f} {y:.3f} cm 1 g 0 0 {n} {n} re f 0 g {qr_path_ops(matrix)} f Q"
    )


def grouped_code(code: str, size: int = 4) -> str:
    """A code's digits in groups of ``size`` ("1234 5678 9012 …") for typing it by hand; any length."""
    digits = "".join(code.split())
    return " ".join(digits[i : i + size] for i in range(0, len(digits), size))


#: The code digits keep this far from the card's edges where they can (a QR box 1 mm from the edge of a sheet's
#: card): cutting the sheet or a printer's offset never takes a digit.
DIGITS_EDGE_MM = 2.5


def _digits_inset(ctx: RenderContext, step: Step) -> float:
    """How much narrower than its QR box the digits' column is, on each side, to keep them off the card's edge."""
    if step.rotation is not None:
        return 0.0
    box = step.box  # badge coordinates: x from the card's left edge
    room = min(box.x, ctx.template.badge_width_mm * mm - box.x - box.w)
    return max(0.0, DIGITS_EDGE_MM * mm - room)


def _caption(text: str, width: float, box_h: float) -> tuple[float, FittedText]:
    """(caption height, layout) of the code digits ``text`` under a QR code in a box ``width`` × ``box_h``.

    The digits are for typing the code by hand: never cut. A long code on a narrow QR box takes a
    second line (a slightly smaller QR code) rather than an ellipsis.  One line only when it fits at the
    smallest size; otherwise straight to two lines.
    """
    caption_h = min(3.5 * mm, box_h * 0.15)
    if text_width(text, FONT_REGULAR) * 4.5 <= width:
        fitted = fit_text(text, FONT_REGULAR, width=width, height=caption_h, max_size=6.5, min_size=4.5)
        if not fitted.truncated:
            return caption_h, fitted
    caption_h = min(6.5 * mm, box_h * 0.25)
    return caption_h, fit_text(text, FONT_REGULAR, width=width, height=caption_h, max_size=6.5, min_size=4.5,
                               max_lines=2, break_words=False)


@lru_cache(maxsize=64)
def _caption_layout(groups: tuple[int, ...], width: float, box_h: float) -> tuple[float, FittedText | None]:
    """:func:`_caption` for every code whose digit groups have these lengths, worked out once with each
    digit as wide as the font's widest: codes of one length print at one size with one line break
    (every badge of a batch alike), each fits, and 1,000 badges lay their digits out once, not 1,000
    times.  None for the layout when that stand-in does not fit whole or digits could need more room
    between the lines than it has (each code is then laid out on its own)."""
    widest = max("0123456789", key=lambda digit: text_width(digit, FONT_REGULAR))
    caption_h, fitted = _caption(" ".join(widest * n for n in groups), width, box_h)
    room = fitted.leading / fitted.font_size if fitted.font_size else 0.0
    if fitted.truncated or line_pitch(["0123456789"] * 2, FONT_REGULAR, 0.0) > room + 1e-9:
        return caption_h, None
    return caption_h, fitted


@painter("qr")
def paint_qr(ctx: RenderContext, step: Step, badge: BadgeData | None) -> None:
    if badge is None:
        return
    element, box = step.element, step.box
    code = badge.code.strip()
    if not code:
        raise DomainError("badges.code_missing", delegate_id=badge.delegate_id)
    caption_h, fitted = 0.0, None
    if element.caption:
        text = grouped_code(code)
        if text.replace(" ", "").isdigit() and text.isascii():
            groups = tuple(map(len, text.split(" ")))
            inset = _digits_inset(ctx, step)
            caption_h, fitted = _caption_layout(groups, box.w - 2 * inset, box.h)
            if inset and (fitted is None or fitted.font_size < 4.5):  # too long for the narrower column
                caption_h, fitted = _caption_layout(groups, box.w, box.h)
            fitted = with_words(fitted, text) if fitted is not None else None
        if fitted is None:
            caption_h, fitted = _caption(text, box.w, box.h)
    size = min(box.w, box.h - caption_h)
    x = box.x + (box.w - size) / 2
    y = box.y + caption_h + (box.h - caption_h - size) / 2
    draw_qr(ctx.canvas, qr_matrix(code), x, y, size)
    if fitted is not None:
        ctx.canvas.addLiteral(_fill_op((0.25, 0.25, 0.25)))
        draw_fitted_text(ctx.canvas, fitted, box.x, box.y, box.w, caption_h, valign="top")


@painter("line")
def paint_line(ctx: RenderContext, step: Step, badge: BadgeData | None) -> None:
    canvas, element, box = ctx.canvas, step.element, step.box
    canvas.setStrokeColorRGB(*_rgb(element.color))
    canvas.setLineWidth(element.stroke_width_pt)
    if element.dashed:
        canvas.setDash(3, 2)
    canvas.line(box.x, box.y + box.h, box.x + box.w, box.y)
    canvas.setDash()


# -- layout --------------------------------------------------------------------------------


def without_empty_logo(template: BadgeTemplate, event: EventInfo) -> BadgeTemplate:
    """With no event logo, the event name takes the logo's room instead of leaving a gap.

    A logo beside the event name widens the name's box over the logo's place (on both sides when
    the name is centred, so it stays centred on the badge); a logo above it lets the box grow up
    into the logo's rows (the name is then centred in the freed height).
    """
    if event.logo:
        return template
    logos = [e for e in template.elements if e.type == "logo"]
    if not logos:
        return template
    width = template.badge_width_mm
    elements = []
    for element in template.elements:
        if element.type == "event_name" and element.rotation == 0:
            for logo in logos:
                if logo.rotation != 0:
                    continue
                same_row = logo.y_mm < element.y_mm + element.h_mm and element.y_mm < logo.y_mm + logo.h_mm
                across = logo.x_mm < element.x_mm + element.w_mm and element.x_mm < logo.x_mm + logo.w_mm
                if same_row and logo.x_mm < element.x_mm:
                    left, right = logo.x_mm, element.x_mm + element.w_mm
                    if element.align == "center":  # keep the centre of the box on the badge's centre
                        margin = min(left, width - right)
                        left, right = margin, width - margin
                    element = replace(element, x_mm=left, w_mm=right - left)
                elif across and logo.y_mm + logo.h_mm <= element.y_mm + 0.01:
                    element = replace(element, y_mm=logo.y_mm, h_mm=element.y_mm + element.h_mm - logo.y_mm)
        elements.append(element)
    return replace(template, elements=tuple(elements))


def _is_static(element: Element) -> bool:
    if element.type in _STATIC_TYPES:
        return True
    if element.type == "text":
        return not _DELEGATE_FIELDS.search(element.text)
    return False


def _step(template: BadgeTemplate, index: int, element: Element) -> Step:
    box = Box(element.x_mm * mm, -(element.y_mm + element.h_mm) * mm, element.w_mm * mm, element.h_mm * mm)
    x, y, w, h = box
    bleed = template.bleed_mm * mm
    if bleed and element.rotation == 0:
        if element.x_mm <= 0.01:
            x, w = x - bleed, w + bleed
        if element.x_mm + element.w_mm >= template.badge_width_mm - 0.01:
            w += bleed
        if element.y_mm <= 0.01:
            h += bleed
        if element.y_mm + element.h_mm >= template.badge_height_mm - 0.01:
            y, h = y - bleed, h + bleed
    fill = _fill_op(_rgb(element.color))
    paint = PAINTERS[element.type]
    if element.rotation == 0:
        return Step(index, element, box, Box(x, y, w, h), paint, fill)
    rw, rh = (box.h, box.w) if element.rotation in (90, 270) else (box.w, box.h)
    rotated = Box(-rw / 2, -rh / 2, rw, rh)
    centre = (box.x + box.w / 2, box.y + box.h / 2, element.rotation)
    return Step(index, element, rotated, rotated, paint, fill, centre)


def _paint(ctx: RenderContext, step: Step, badge: BadgeData | None) -> None:
    if step.rotation is None:
        step.paint(ctx, step, badge)
        return
    canvas = ctx.canvas
    cx, cy, degrees = step.rotation
    canvas.saveState()
    canvas.translate(cx, cy)
    canvas.rotate(-degrees)
    step.paint(ctx, step, badge)
    canvas.restoreState()


def element_used(element: Element, has_photo: bool) -> bool:
    """Whether ``element`` prints on a badge with (or without) a photo."""
    if element.when_photo == "with" and not has_photo:
        return False
    if element.when_photo == "without" and has_photo:
        return False
    return not (element.type == "photo" and not has_photo and not element.frame)


def _boxes_meet(a: Element, b: Element) -> bool:
    return (min(a.x_mm + a.w_mm, b.x_mm + b.w_mm) - max(a.x_mm, b.x_mm) > 0.01
            and min(a.y_mm + a.h_mm, b.y_mm + b.h_mm) - max(a.y_mm, b.y_mm) > 0.01)


def free_photo_space(template: BadgeTemplate) -> BadgeTemplate:
    """The layout of a badge without a photo (and no glue-on frame): text beside the photo's place
    widens over it, and a QR code sharing its row is centred in the freed row — each only when the
    moved box meets no other element."""
    photos = [e for e in template.elements if e.type == "photo" and not e.frame and e.when_photo != "without"
              and e.rotation == 0]
    if not photos:
        return template
    shown = [e for e in template.elements if e not in photos and element_used(e, False) and e.type != "line"]
    elements = []
    for element in template.elements:
        for photo in photos:
            if element is photo or element.rotation != 0 or element.when_photo != "any":  # explicit variants win
                continue
            top, bottom = max(element.y_mm, photo.y_mm), min(element.y_mm + element.h_mm, photo.y_mm + photo.h_mm)
            if bottom - top < 0.8 * min(element.h_mm, photo.h_mm):
                continue  # not in the photo's row
            moved = element
            if element.type in _PEOPLE_TEXT and element.x_mm >= photo.x_mm + photo.w_mm - 0.01:
                right = element.x_mm + element.w_mm
                moved = replace(element, x_mm=photo.x_mm, w_mm=right - photo.x_mm)
            elif element.type == "qr":
                left = min(photo.x_mm, element.x_mm)
                right = max(photo.x_mm + photo.w_mm, element.x_mm + element.w_mm)
                moved = replace(element, x_mm=left + (right - left - element.w_mm) / 2)
            if not any(_boxes_meet(moved, other) for other in shown if other is not element):
                element = moved
        elements.append(element)
    return replace(template, elements=tuple(elements))


def _plan(ctx: RenderContext, has_photo: bool = False) -> list[Step | str]:
    """What to do for each badge with (or without) a photo: a :class:`Step` per delegate-dependent
    element, and the name of a form XObject for each run of static elements (drawn here, once)."""
    template = ctx.template if has_photo else free_photo_space(ctx.template)
    width, height = template.badge_width_mm * mm, template.badge_height_mm * mm
    plan: list[Step | str] = []
    run: list[Step] = []

    def flush() -> None:
        if not run:
            return
        name = f"static{'p' if has_photo else 'n'}{len(plan)}"
        canvas = ctx.canvas
        canvas.beginForm(name, 0, -height, width, 0)
        for step in run:
            _paint(ctx, step, None)
        canvas.endForm()
        plan.append(name)
        run.clear()

    if ctx.event.logo and any(element.type == "logo" for element in template.elements):
        _image_form(ctx, "logo", ctx.event.logo)
    for index, element in enumerate(template.elements):
        if not element_used(element, has_photo):
            continue
        step = _step(template, index, element)
        if _is_static(element):
            run.append(step)
        else:
            flush()
            plan.append(step)
    flush()
    return plan


#: What an office printer cannot print: nothing is drawn closer to the sheet's edge when it can be helped.
PRINTER_MARGIN_MM = 5.0


def _cut_marks(canvas: Canvas, template: BadgeTemplate, slots: Sequence[tuple[float, float]]) -> None:
    """Crop marks outside the grid at every badge edge, clear of the bleed and of the printer's
    unprintable margin (at the page edge only when a template leaves no margin at all)."""
    page_w, page_h = template.page_size_mm
    bw, bh = template.badge_width_mm, template.badge_height_mm
    xs = sorted({round(v, 3) for left, _ in slots for v in (left, left + bw)})
    ys = sorted({round(v, 3) for _, top in slots for v in (top, top + bh)})
    left, right, top, bottom = xs[0], xs[-1], ys[0], ys[-1]
    gap = max(1.5, template.bleed_mm + 1.0)
    length = 5.0

    def spans(near: float, far: float, extent: float) -> list[tuple[float, float]]:
        out = []
        for outward, start, room in ((-1, near, near), (1, far, extent - far)):
            usable = room - PRINTER_MARGIN_MM - 0.5  # a hair inside, whatever the rounding
            if usable >= gap + 1.5:
                a = start + outward * gap
                b = start + outward * min(gap + length, usable)
            elif room >= gap + 2:
                a = start + outward * gap
                b = start + outward * min(gap + length, room - 0.5)
            else:
                a, b = (0.0, 4.0) if outward < 0 else (extent - 4.0, extent)
            out.append((min(a, b), max(a, b)))
        return out

    canvas.saveState()
    canvas.setStrokeColorRGB(0, 0, 0)
    canvas.setLineWidth(0.3)
    for x in xs:
        if x <= 0.01 or x >= page_w - 0.01:
            continue
        for a, b in spans(top, bottom, page_h):
            canvas.line(x * mm, (page_h - a) * mm, x * mm, (page_h - b) * mm)
    for y in ys:
        if y <= 0.01 or y >= page_h - 0.01:
            continue
        for a, b in spans(left, right, page_w):
            canvas.line(a * mm, (page_h - y) * mm, b * mm, (page_h - y) * mm)
    canvas.restoreState()


def _new_canvas(target: BinaryIO, template: BadgeTemplate, title: str) -> Canvas:
    register_fonts()
    page_w, page_h = template.page_size_mm
    canvas = Canvas(target, pagesize=(page_w * mm, page_h * mm), pageCompression=1)
    canvas.setTitle(title)
    canvas.setCreator("confman")
    if template.bleed_mm and template.is_single_card:  # a sheet is cut along its marks instead
        bleed = template.bleed_mm * mm
        canvas.setTrimBox((bleed, bleed, page_w * mm - bleed, page_h * mm - bleed))
        canvas.setBleedBox((0, 0, page_w * mm, page_h * mm))
    return canvas


def _write(out: BinaryIO | Path | str, draw: Callable[[BinaryIO], object]) -> None:
    """Run ``draw`` on ``out``; a path is written atomically (nothing is left behind on error)."""
    if not isinstance(out, (str, Path)):
        draw(out)
        return
    path = Path(out)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".pdf.tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            draw(fh)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def render_badges(
    badges: Sequence[BadgeData],
    template: BadgeTemplate,
    event: EventInfo,
    out: BinaryIO | Path,
    *,
    lang: str = "vi",
    offset_mm: tuple[float, float] = (0.0, 0.0),
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> RenderResult:
    """Render ``badges`` in order, ``template.badges_per_page`` per page, to ``out``.

    ``offset_mm`` (+x right, +y down) is the printer's calibration, added to the template's.
    ``progress(done, total)`` is called after each page; when ``cancelled()`` turns true the
    render stops with ``DomainError("badges.cancelled")`` and nothing is written.
    Raises ``DomainError("badges.none_selected")`` for an empty batch.
    """
    if not badges:
        raise DomainError("badges.none_selected")
    total = len(badges)
    template = without_empty_logo(template, event)
    per_page = template.badges_per_page
    pages = (total + per_page - 1) // per_page

    def draw(target: BinaryIO) -> list[NotFitting]:
        title = t(
            "badges.pdf.title", lang, event=clean_text(event.name_vi if lang == "vi" else event.name_en)
        )
        canvas = _new_canvas(target, template, title)
        ctx = RenderContext(canvas, template, event, lang)
        plans = {False: _plan(ctx, False)}
        if any(badge.photo for badge in badges):
            plans[True] = _plan(ctx, True)
        slots = template.badge_slots_mm(offset_mm)
        page_h = template.page_size_mm[1] * mm
        bleed = template.bleed_mm * mm
        badge_w, badge_h = template.badge_width_mm * mm, template.badge_height_mm * mm
        # Each badge: save the state, move the origin to its top-left corner, paint the background.
        enter = [f"q 1 0 0 1 {left * mm:.3f} {page_h - top * mm:.3f} cm" for left, top in slots]
        if template.background:
            area = Box(-bleed, -badge_h - bleed, badge_w + 2 * bleed, badge_h + 2 * bleed)
            enter = [f"{op} {_fill_op(_rgb(template.background))} {_rect_op(area)}" for op in enter]
        done = 0
        for page in range(pages):
            if cancelled is not None and cancelled():
                raise DomainError("badges.cancelled")
            for slot_op, badge in zip(enter, badges[page * per_page : (page + 1) * per_page], strict=False):
                canvas.addLiteral(slot_op)
                for step in plans[bool(badge.photo)]:
                    if isinstance(step, str):
                        canvas.doForm(step)
                    else:
                        _paint(ctx, step, badge)
                canvas.addLiteral("Q")
                done += 1
            if template.grid.cut_marks:
                _cut_marks(canvas, template, slots)
            canvas.showPage()
            if progress is not None:
                progress(done, total)
        if cancelled is not None and cancelled():
            raise DomainError("badges.cancelled")
        canvas.save()
        return [NotFitting(delegate_id, tuple(fields)) for delegate_id, fields in ctx.not_fitting.items()]

    shortened: list[NotFitting] = []
    with gc_paused():  # a batch's pages live until it is written: the collector would walk them again and again
        _write(out, lambda target: shortened.extend(draw(target)))
    return RenderResult(pages=pages, badges=total, not_fitting=tuple(shortened))


def render_calibration_page(
    template: BadgeTemplate,
    out: BinaryIO | Path,
    *,
    lang: str = "vi",
    offset_mm: tuple[float, float] = (0.0, 0.0),
) -> RenderResult:
    """One page of the template's size: 50 mm rulers, corner marks at a fixed inset from the
    paper edges and dashed outlines where the badges will print (offset applied)."""

    def draw(target: BinaryIO) -> None:
        canvas = _new_canvas(
            target, template, t("badges.calibration.pdf_title", lang, template=template.name)
        )
        page_w, page_h = template.page_size_mm
        small = min(page_w, page_h) < 100
        inset = 3.0 if small else 10.0
        arm = 3.0 if small else 8.0

        def number(value: float, *, sign: bool = False) -> str:
            text = f"{value:+g}" if sign else f"{value:g}"
            return text.replace(".", ",") if lang == "vi" else text

        def at(x: float, y: float) -> tuple[float, float]:
            return x * mm, (page_h - y) * mm

        canvas.setStrokeColorRGB(0.6, 0.6, 0.6)
        canvas.setLineWidth(0.4)
        canvas.setDash(2, 2)
        for left, top in template.badge_slots_mm(offset_mm):
            x, y = at(left, top + template.badge_height_mm)
            canvas.rect(x, y, template.badge_width_mm * mm, template.badge_height_mm * mm, stroke=1, fill=0)
        canvas.setDash()

        canvas.setStrokeColorRGB(0, 0, 0)
        canvas.setLineWidth(0.3)
        for cx, sx in ((inset, 1), (page_w - inset, -1)):
            for cy, sy in ((inset, 1), (page_h - inset, -1)):
                canvas.line(*at(cx, cy), *at(cx + sx * arm, cy))
                canvas.line(*at(cx, cy), *at(cx, cy + sy * arm))

        text_left = inset + 1.0
        text_w = page_w - 2 * text_left
        title_h = max(8.0, min(16.0, page_h * 0.14))
        lines = [
            t("badges.calibration.title", lang, template=template_title(template, lang)),
            t(
                "badges.calibration.sizes",
                lang,
                page_w=number(page_w),
                page_h=number(page_h),
                badge_w=number(template.badge_width_mm),
                badge_h=number(template.badge_height_mm),
            ),
        ]
        _text_block(canvas, lines, text_left, inset + 1.0, text_w, title_h, page_h, bold_first=True)

        ruler_x = (page_w - 50) / 2
        ruler_y = inset + 1.0 + title_h + 5.0
        _ruler(canvas, ruler_x, ruler_y, page_h, vertical=False)
        notes = [
            t("badges.calibration.ruler", lang),
            t("badges.calibration.corners", lang, inset=number(inset)),
            t(
                "badges.calibration.offset",
                lang,
                x=number(offset_mm[0], sign=True),
                y=number(offset_mm[1], sign=True),
            ),
        ]
        notes_top = ruler_y + 6.0
        room = page_h - inset - 1.0 - notes_top
        if room >= 54:
            _ruler(canvas, ruler_x, notes_top, page_h, vertical=True)
            note_left = ruler_x + 10.0
            _text_block(canvas, notes, note_left, notes_top, page_w - inset - 1.0 - note_left, 50.0, page_h)
        elif room > 4:
            _text_block(canvas, notes, text_left, notes_top, text_w, room, page_h)
        canvas.showPage()
        canvas.save()

    _write(out, draw)
    return RenderResult(pages=1, badges=0)


def _text_block(
    canvas: Canvas,
    paragraphs: Sequence[str],
    left: float,
    top: float,
    width: float,
    height: float,
    page_h: float,
    *,
    bold_first: bool = False,
) -> None:
    """Stack ``paragraphs`` in a mm box (top-left origin), each in an equal share, at one size."""
    share = height / len(paragraphs)
    fonts = [FONT_BOLD if bold_first and number == 0 else FONT_REGULAR for number in range(len(paragraphs))]

    def fit_all(max_size: float) -> list[FittedText]:
        return [
            fit_text(
                text, font, width=width * mm, height=share * mm, max_size=max_size, min_size=4, max_lines=3
            )
            for text, font in zip(paragraphs, fonts, strict=True)
        ]

    fitted = fit_all(10)
    fitted = fit_all(min(f.font_size for f in fitted))
    canvas.setFillColorRGB(0, 0, 0)
    for number, block in enumerate(fitted):
        y = page_h - (top + (number + 1) * share)
        draw_fitted_text(canvas, block, left * mm, y * mm, width * mm, share * mm, align="left", valign="top")


def _ruler(canvas: Canvas, left: float, top: float, page_h: float, *, vertical: bool) -> None:
    """A 50 mm ruler with mm ticks, starting at (left, top) mm, going right or down."""
    canvas.setStrokeColorRGB(0, 0, 0)
    canvas.setLineWidth(0.3)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setFont(FONT_REGULAR, 5)

    def point(along: float, across: float) -> tuple[float, float]:
        x, y = (left + across, top + along) if vertical else (left + along, top + across)
        return x * mm, (page_h - y) * mm

    canvas.line(*point(0, 0), *point(50, 0))
    for tick in range(51):
        length = 3.0 if tick % 10 == 0 else 2.0 if tick % 5 == 0 else 1.2
        canvas.line(*point(tick, 0), *point(tick, length))
        if tick % 10 == 0:
            x, y = point(tick, 4.8 if not vertical else 3.6)
            if vertical:
                canvas.drawString(x, y - 1.8, str(tick))
            else:
                canvas.drawCentredString(x, y, str(tick))
