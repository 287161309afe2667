"""What tests read back from a PDF: text, fonts per character, character and text boxes, QR positions.

All through pypdfium2 (what a viewer sees), pypdf for the font resources and zxing-cpp for QR codes.
"""

from __future__ import annotations

import ctypes
import io
import sys
import unicodedata
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pypdf import PdfReader

Box = tuple[float, float, float, float]
"""(left, bottom, right, top) in PDF points."""


def pdfium_guard() -> AbstractContextManager[object]:
    """The app's pdfium lock when its previews may be rasterising on a worker (pdfium is not thread-safe:
    a test reading a PDF meanwhile crashed the process), else nothing to hold."""
    pages = sys.modules.get("confman.ui.widgets.pdf_pages")
    return pages.PDFIUM_LOCK if pages is not None else nullcontext()


def page_texts(data: bytes) -> list[str]:
    with pdfium_guard():
        pdf = pdfium.PdfDocument(data)
        try:
            return [pdf[i].get_textpage().get_text_range().replace("\r\n", "\n") for i in range(len(pdf))]
        finally:
            pdf.close()


def file_text(path: str | Path) -> str:
    """Every page's text of the PDF file at ``path``, pages joined by line breaks."""
    with pdfium_guard():
        pdf = pdfium.PdfDocument(str(path))
        try:
            return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
        finally:
            pdf.close()


def collapsed(text: str) -> str:
    """Whitespace (line breaks included) collapsed to single spaces."""
    return " ".join(text.split())


def resource_fonts(data: bytes) -> set[str]:
    """Every /BaseFont the pages' resources name (subset tags removed)."""
    names: set[str] = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            name = str(ref.get_object().get("/BaseFont", ""))
            names.add(name.lstrip("/").split("+", 1)[-1])
    return names


def _font_name(textpage: pdfium.PdfTextPage, index: int) -> str:
    size = pdfium_c.FPDFText_GetFontInfo(textpage.raw, index, None, 0, None)
    if size <= 0:
        return ""
    buffer = ctypes.create_string_buffer(size)
    flags = ctypes.c_int()
    pdfium_c.FPDFText_GetFontInfo(textpage.raw, index, buffer, size, ctypes.byref(flags))
    return buffer.value.decode("utf-8", "replace").split("+", 1)[-1]


def chars_by_font(data: bytes) -> dict[str, set[str]]:
    """The characters drawn in each font (font names without subset tags), every page."""
    out: dict[str, set[str]] = {}
    pdf = pdfium.PdfDocument(data)
    try:
        for i in range(len(pdf)):
            textpage = pdf[i].get_textpage()
            for index in range(textpage.count_chars()):
                code = pdfium_c.FPDFText_GetUnicode(textpage.raw, index)
                name = _font_name(textpage, index)
                if not name or code in (0, 0xFFFE, 0xFFFF) or chr(code).isspace():
                    continue
                out.setdefault(name, set()).add(chr(code))
    finally:
        pdf.close()
    return out


def text_rects(page: pdfium.PdfPage) -> list[tuple[Box, str]]:
    """The page's text segments (pdfium's rectangles, one per run of text on a line) and their text."""
    textpage = page.get_textpage()
    out = []
    for index in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(index)
        text = textpage.get_text_bounded(left, bottom, right, top)
        out.append(((left, bottom, right, top), text))
    return out


def char_boxes(page: pdfium.PdfPage) -> list[tuple[Box, str]]:
    textpage = page.get_textpage()
    out = []
    for index in range(textpage.count_chars()):
        char = textpage.get_text_range(index, 1)
        if not char.strip():
            continue
        out.append((textpage.get_charbox(index), char))
    return out


def overlap(a: Box, b: Box, tolerance: float = 0.0) -> bool:
    """True when the boxes share an area (each shrunk by ``tolerance`` points first)."""
    return (min(a[2], b[2]) - max(a[0], b[0]) > 2 * tolerance
            and min(a[3], b[3]) - max(a[1], b[1]) > 2 * tolerance)


@dataclass(frozen=True)
class FoundQr:
    text: str
    box: Box


def qr_boxes(data: bytes, page_index: int = 0, dpi: float = 200) -> list[FoundQr]:
    """Every QR code on a page with its box in PDF points (decoded with zxing-cpp)."""
    import zxingcpp

    pdf = pdfium.PdfDocument(data)
    try:
        page = pdf[page_index]
        height = page.get_height()
        scale = dpi / 72
        image = page.render(scale=scale).to_pil()
    finally:
        pdf.close()
    found = []
    for result in zxingcpp.read_barcodes(image):
        pos = result.position
        xs = [pos.top_left.x, pos.top_right.x, pos.bottom_left.x, pos.bottom_right.x]
        ys = [pos.top_left.y, pos.top_right.y, pos.bottom_left.y, pos.bottom_right.y]
        box = (min(xs) / scale, height - max(ys) / scale, max(xs) / scale, height - min(ys) / scale)
        found.append(FoundQr(result.text, box))
    return found


VIETNAMESE_ONLY = frozenset("ăâđêôơưĂÂĐÊÔƠƯ")


def vietnamese_words(text: str) -> list[str]:
    """Words with a Vietnamese letter or tone mark (English text has none)."""
    words = []
    for word in text.split():
        decomposed = unicodedata.normalize("NFD", word)
        if any(ch in VIETNAMESE_ONLY for ch in word) or any(unicodedata.combining(ch) for ch in decomposed):
            words.append(word)
    return words


def printed_qr_codes(path: str | Path) -> list[str]:
    """The QR codes on every page of a PDF the printer received (badges print as raster images, not text)."""
    import zxingcpp

    document = pdfium.PdfDocument(str(path))
    try:
        codes: list[str] = []
        for page in document:
            image = page.render(scale=200 / 72, grayscale=True).to_pil()
            codes += [found.text for found in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]
        return codes
    finally:
        document.close()


def text_lines_ink(data: bytes, text: str, *, page: int = 0) -> list[tuple[float, float]]:
    """The vertical extent (lowest bottom, highest top) of each line ``text`` was laid out on, top line
    first: the boxes of its letters on the first page holding it, split where the text layer breaks lines.
    Two lines touch when their extents overlap."""
    document = pdfium.PdfDocument(data)
    try:
        layer = document[page].get_textpage()
        full = layer.get_text_range()
        index, letters = full.index(text.split()[0]), len(text.replace(" ", ""))
        rows: list[list[Box]] = [[]]
        while letters:
            if full[index] == "\n":
                rows.append([])
            elif full[index].strip():
                rows[-1].append(layer.get_charbox(index))
                letters -= 1
            index += 1
    finally:
        document.close()
    return [(min(b[1] for b in row), max(b[3] for b in row)) for row in rows if row]
