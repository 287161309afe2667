"""Bundled fonts for ReportLab, text cleaning and box-fitting text.

* :func:`register_fonts` registers the Be Vietnam Pro TTFs once (thread-safe, lazy) under
  the family names :data:`FONT_REGULAR`, :data:`FONT_SEMIBOLD`, :data:`FONT_BOLD` and
  :data:`FONT_ITALIC`; ``<b>``/``<i>`` in Paragraph markup map to the family.  It also makes
  ReportLab write binary (Flate-only) streams: ASCII85 on top adds 25 % to every PDF and,
  without ReportLab's optional C accelerator, ~40 % to the time it takes to write one; and Flate
  runs at zlib's fastest level.
* :func:`register_serif_fonts` registers the serif family of official documents
  (:data:`SERIF_REGULAR`, :data:`SERIF_BOLD`, :data:`SERIF_ITALIC`, :data:`SERIF_BOLD_ITALIC`):
  Times New Roman from the Windows fonts folder when all four faces are there (what
  ministries print in), else the bundled Noto Serif (OFL, complete Vietnamese coverage).
  Badges keep the sans face.
* :func:`clean_text` makes any input printable (NFC, no control or zero-width characters,
  single spaces); :func:`escape_markup` additionally escapes it for Paragraph markup, so
  ``<b>&amp;`` prints literally.
* :func:`fit_text` fits text into a box: one line shrunk down to a minimum size, else
  word-wrapped to at most N lines at the largest size that fits, else broken inside long
  words at the minimum size, and only as a last resort truncated with an ellipsis.
  The result never exceeds the box (the box height bounds the size, even below the minimum).
  :func:`draw_fitted_text` draws the result aligned in its box; :func:`text_width` measures.
"""

from __future__ import annotations

import os
import threading
import unicodedata
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from pathlib import Path
from typing import Literal
from weakref import WeakKeyDictionary

from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.lib.rl_accel import escapePDF
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from confman.core.errors import DomainError
from confman.paths import resource_path

FONT_REGULAR = "BeVietnamPro"
FONT_SEMIBOLD = "BeVietnamPro-SemiBold"
FONT_BOLD = "BeVietnamPro-Bold"
FONT_ITALIC = "BeVietnamPro-Italic"

_FONT_FILES: dict[str, str] = {
    FONT_REGULAR: "BeVietnamPro-Regular.ttf",
    FONT_SEMIBOLD: "BeVietnamPro-SemiBold.ttf",
    FONT_BOLD: "BeVietnamPro-Bold.ttf",
    FONT_ITALIC: "BeVietnamPro-Italic.ttf",
}

SERIF_REGULAR = "DocSerif"
SERIF_BOLD = "DocSerif-Bold"
SERIF_ITALIC = "DocSerif-Italic"
SERIF_BOLD_ITALIC = "DocSerif-BoldItalic"

#: The bundled serif faces (resources/fonts) and Times New Roman's files in the Windows fonts folder.
_SERIF_BUNDLED: dict[str, str] = {
    SERIF_REGULAR: "NotoSerif-Regular.ttf",
    SERIF_BOLD: "NotoSerif-Bold.ttf",
    SERIF_ITALIC: "NotoSerif-Italic.ttf",
    SERIF_BOLD_ITALIC: "NotoSerif-BoldItalic.ttf",
}
_SERIF_WINDOWS: dict[str, str] = {
    SERIF_REGULAR: "times.ttf",
    SERIF_BOLD: "timesbd.ttf",
    SERIF_ITALIC: "timesi.ttf",
    SERIF_BOLD_ITALIC: "timesbi.ttf",
}

ELLIPSIS = "…"

Align = Literal["left", "center", "right"]
VAlign = Literal["top", "middle", "bottom"]

_lock = threading.Lock()
_registered = False
_serif_source = ""
# Per font: (top, bottom) of the ink in em units.  The top is the font's bounding box, not
# its ascent: Vietnamese capitals with stacked marks (Ễ, Ẫ) rise ~22 % above the ascent.
_metrics: dict[str, tuple[float, float]] = {}


class _FastFlate(pdfdoc.PDFStreamFilterZCompress):
    """Flate at zlib's fastest level: page streams are short runs of operators, so level 1 writes them in
    60 % of the time of the default level 6 for files ~10 % larger (1,000 badges: 34 against 57 ms, 1.27 against
    1.16 MB)."""

    def encode(self, text: str | bytes) -> bytes:
        return zlib.compress(text.encode("utf8") if isinstance(text, str) else text, 1)


def register_fonts() -> None:
    """Register the bundled fonts with ReportLab (once per process; cheap afterwards)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name, filename in _FONT_FILES.items():
            path = resource_path("fonts", filename)
            if not path.is_file():
                raise DomainError("pdf.font_missing", file=filename)
            font = TTFont(name, str(path))
            pdfmetrics.registerFont(font)
            top = max(font.face.ascent, font.face.bbox[3]) / 1000
            bottom = max(-font.face.descent, 0) / 1000
            _metrics[name] = (top, bottom)
        rl_config.useA85 = 0
        pdfdoc.PDFZCompress = _FastFlate()
        pdfmetrics.registerFontFamily(
            FONT_REGULAR, normal=FONT_REGULAR, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD
        )
        addMapping(FONT_SEMIBOLD, 0, 0, FONT_SEMIBOLD)
        _registered = True


def windows_fonts_dir() -> Path | None:
    """The Windows fonts folder (``%WINDIR%\\Fonts``), or None elsewhere."""
    if os.name != "nt":
        return None
    return Path(os.environ.get("WINDIR") or os.environ.get("SYSTEMROOT") or r"C:\Windows") / "Fonts"


def _serif_files() -> tuple[str, dict[str, Path]]:
    """("Times New Roman", its four files) when the Windows fonts folder has them all, else Noto Serif's."""
    folder = windows_fonts_dir()
    if folder is not None:
        found = {name: folder / file for name, file in _SERIF_WINDOWS.items()}
        if all(path.is_file() for path in found.values()):
            return "Times New Roman", found
    return "Noto Serif", {name: resource_path("fonts", file) for name, file in _SERIF_BUNDLED.items()}


def register_serif_fonts() -> str:
    """Register the serif family of official documents (once); returns its name ("Times New Roman"
    or "Noto Serif").  A Times New Roman face that cannot be read falls back to the bundled family."""
    global _serif_source
    if _serif_source:
        return _serif_source
    register_fonts()
    with _lock:
        if _serif_source:
            return _serif_source
        source, files = _serif_files()
        try:
            fonts = {name: TTFont(name, str(path)) for name, path in files.items()}
        except Exception:  # an unreadable system font: the bundled faces always work
            if source == "Noto Serif":
                missing = next((p.name for p in files.values() if not p.is_file()), "")
                if missing:
                    raise DomainError("pdf.font_missing", file=missing) from None
                raise
            source = "Noto Serif"
            fonts = {name: TTFont(name, str(resource_path("fonts", file))) for name, file in _SERIF_BUNDLED.items()}
        for name, font in fonts.items():
            pdfmetrics.registerFont(font)
            top = max(font.face.ascent, font.face.bbox[3]) / 1000
            bottom = max(-font.face.descent, 0) / 1000
            _metrics[name] = (top, bottom)
        pdfmetrics.registerFontFamily(SERIF_REGULAR, normal=SERIF_REGULAR, bold=SERIF_BOLD, italic=SERIF_ITALIC,
                                      boldItalic=SERIF_BOLD_ITALIC)
        _serif_source = source
    return source


def font_extent(font_name: str) -> tuple[float, float]:
    """(ink top above the baseline, depth below it) in em units for a registered font."""
    register_fonts()
    if font_name in _SERIF_BUNDLED:
        register_serif_fonts()
    found = _metrics.get(font_name)
    if found is None:
        face = pdfmetrics.getFont(font_name).face
        found = (max(face.ascent, 1000) / 1000, max(-face.descent, 200) / 1000)
        _metrics[font_name] = found
    return found


_glyph_ink: dict[str, dict[str, tuple[float, float]]] = {}


_ink_readers: dict[str, Callable[[str], tuple[float, float]]] = {}


def _char_ink(font_name: str) -> Callable[[str], tuple[float, float]]:
    """A character's ink (top above the baseline, depth below it) in em, from the font's glyph boxes."""
    reader = _ink_readers.get(font_name)
    if reader is None:
        reader = _ink_readers[font_name] = _make_ink_reader(font_name)
    return reader


def _make_ink_reader(font_name: str) -> Callable[[str], tuple[float, float]]:
    cache = _glyph_ink.setdefault(font_name, {})
    face = getattr(pdfmetrics.getFont(font_name), "face", None)
    glyf = getattr(face, "table", {}).get("glyf") if face is not None else None
    if glyf is None:  # not a TrueType face: the font's own extent for every character
        extent = font_extent(font_name)
        return lambda char: extent
    data, positions, units = face._ttf_data, face.glyphPos, face.unitsPerEm  # type: ignore[union-attr]
    to_glyph, base = face.charToGlyph, glyf["offset"]  # type: ignore[union-attr]

    def ink(char: str) -> tuple[float, float]:
        found = cache.get(char)
        if found is None:
            glyph = to_glyph.get(ord(char), 0)
            start = base + positions[glyph]
            if glyph + 1 < len(positions) and positions[glyph + 1] > positions[glyph]:
                y_min = int.from_bytes(data[start + 4:start + 6], "big", signed=True)
                y_max = int.from_bytes(data[start + 8:start + 10], "big", signed=True)
                found = (max(y_max, 0) / units, max(-y_min, 0) / units)
            else:  # a space or an empty glyph
                found = (0.0, 0.0)
            cache[char] = found
        return found

    return ink


#: Air between one line's lowest ink and the next line's highest, in em.
LINE_CLEARANCE = 0.04


def line_pitch(lines: Sequence[str], font_name: str, leading: float) -> float:
    """Baseline-to-baseline distance in em for ``lines``: ``leading``, or more where a line's marks
    ("Ẫ", "ễ") would touch the descenders or dots below ("g", "ọ") of the line above."""
    if len(lines) < 2:
        return leading
    extents = [_line_ink(font_name, line) for line in lines]
    need = max(extents[i][1] + extents[i + 1][0] for i in range(len(lines) - 1)) + LINE_CLEARANCE
    return max(leading, need)


@lru_cache(maxsize=8192)
def _line_ink(font_name: str, line: str) -> tuple[float, float]:
    """The highest ink above the baseline and the deepest below it of ``line``'s characters, in em
    (memoised: units, positions and the names they wrap into repeat down a long list)."""
    if not line:
        return 0.0, 0.0
    tops, depths = zip(*map(_char_ink(font_name), set(line)), strict=True)
    return max(tops), max(depths)


_CLEAN_TABLE: dict[int, str | None] = {
    **{code: " " for code in (*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029)},
    **{ord(char): None for char in "\u00ad\u200b\u200c\u200d\u2060\ufeff"},
}


def clean_text(text: str | None) -> str:
    """NFC text without control or zero-width characters, whitespace collapsed to one space."""
    if not text:
        return ""
    return " ".join(unicodedata.normalize("NFC", text).translate(_CLEAN_TABLE).split())


_measures: dict[str, Callable[[str], float]] = {}


def text_width(text: str, font_name: str, size: float = 1.0) -> float:
    """Advance width of ``text`` in points (``pdfmetrics.stringWidth``, faster for the TTFs)."""
    measure = _measures.get(font_name) or _measure(font_name)
    return measure(text) * size


def _measure(font_name: str) -> Callable[[str], float]:
    register_fonts()
    if font_name in _SERIF_BUNDLED:
        register_serif_fonts()
    font = pdfmetrics.getFont(font_name)
    face = getattr(font, "face", None)
    widths = getattr(face, "charWidths", None)
    if getattr(font, "_dynamicFont", False) and isinstance(widths, dict):
        get, default = widths.get, face.defaultWidth  # type: ignore[union-attr]

        def measure(text: str) -> float:
            return sum(map(get, map(ord, text), repeat(default))) / 1000

    else:

        def measure(text: str) -> float:
            return pdfmetrics.stringWidth(text, font_name, 1)

    _measures[font_name] = measure
    return measure


_MARKUP_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})


def escape_markup(text: str | None) -> str:
    """:func:`clean_text`, then escaped for ReportLab Paragraph markup (prints literally).

    (A translation table rather than ``xml.sax.saxutils.escape``, whose import pulls in
    ``urllib.request`` and ``http.client``: start-up time of every command that draws a PDF.)
    """
    return clean_text(text).translate(_MARKUP_ESCAPES)


@dataclass(frozen=True, slots=True)
class FittedText:
    """Lines laid out for one box; sizes in points."""

    lines: tuple[str, ...]
    font_name: str
    font_size: float
    leading: float
    """Baseline-to-baseline distance."""
    widths: tuple[float, ...]
    truncated: bool
    """True when an ellipsis replaced text that could not fit."""
    top: float
    """Ink height above the first baseline."""
    bottom: float
    """Ink depth below the last baseline."""

    @property
    def height(self) -> float:
        """Height of the inked block, first line's top to last line's bottom."""
        if not self.lines:
            return 0.0
        return self.top + self.bottom + self.leading * (len(self.lines) - 1)


def _wrap(
    words: Sequence[str], widths: Sequence[float], space: float, limit: float, max_lines: int
) -> list[list[int]] | None:
    """Greedy word wrap of unit-size widths into ``limit``; None if a word is too wide or lines run out."""
    lines: list[list[int]] = []
    current: list[int] = []
    used = 0.0
    for index, width in enumerate(widths):
        if width > limit:
            return None
        if current and used + space + width <= limit:
            current.append(index)
            used += space + width
            continue
        if current:
            lines.append(current)
            if len(lines) >= max_lines:
                return None
        current = [index]
        used = width
    if current:
        lines.append(current)
    return lines


_DASHES = frozenset("-–—")


def _words(text: str) -> list[str]:
    """Words to wrap; a lone dash sticks to the word before it so no line starts with one."""
    if _DASHES.isdisjoint(text):
        return text.split(" ")
    words: list[str] = []
    for word in text.split(" "):
        if words and word and all(char in _DASHES for char in word):
            words[-1] += " " + word
        else:
            words.append(word)
    return words


def _balance(
    words: Sequence[str], widths: Sequence[float], space: float, limit: float, lines: list[list[int]]
) -> list[list[int]]:
    """The same number of lines with the narrowest widest line (no lone last word)."""
    count = len(lines)
    if count == 2:
        return _balance_two(widths, space)
    low, high = max(widths), limit
    best = lines
    for _ in range(12):
        if high - low < 0.01:
            break
        middle = (low + high) / 2
        trial = _wrap(words, widths, space, middle, count)
        if trial is not None and len(trial) == count:
            best, high = trial, middle
        else:
            low = middle
    return best


def _balance_two(widths: Sequence[float], space: float) -> list[list[int]]:
    """Two lines split where the wider of them is narrowest, worked out directly (the search above
    wraps a dozen times: code digits and names on every badge are split this way)."""
    total = sum(widths) + space * (len(widths) - 1)
    best_cut, best = 1, total
    used = -space
    for cut in range(1, len(widths)):
        used += space + widths[cut - 1]
        widest = max(used, total - used - space)
        if widest > best + 1e-9:
            break  # past the middle: the first line only grows from here
        best_cut, best = cut, widest  # a tie goes to the fuller first line, as a greedy wrap would
    return [list(range(best_cut)), list(range(best_cut, len(widths)))]


#: A line may end after these inside a word ("Bà-Rịa–Vũng-Tàu/Sở-TT&TT"), before it is cut between letters.
_BREAK_AFTER = frozenset("-\u2010–—/\\|_.,;:&+)]}")


def _break_chars(text: str, font_name: str, limit: float) -> list[str]:
    """Break ``text`` into pieces no wider than ``limit`` (unit size): after a hyphen, dash, slash or other
    punctuation when the piece has one, else between letters (never before a combining mark)."""
    pieces: list[str] = []
    start = 0
    used = 0.0
    last_break = -1  # the index after the last break character of the current piece
    widths = [text_width(char, font_name) for char in text]
    for index, char in enumerate(text):
        width = widths[index]
        while index > start and used + width > limit and not unicodedata.combining(char):
            cut = last_break if last_break > start else index
            pieces.append(text[start:cut])
            start = cut
            used = sum(widths[cut:index])
            last_break = -1
        used += width
        if char in _BREAK_AFTER and index + 1 < len(text) and not unicodedata.combining(text[index + 1]):
            last_break = index + 1
    pieces.append(text[start:])
    return [piece.strip() for piece in pieces if piece.strip()]


def _hard_wrap(text: str, font_name: str, limit: float) -> list[str]:
    """Word wrap that breaks inside words wider than ``limit``; unbounded line count."""
    space = text_width(" ", font_name)
    lines: list[str] = []
    current = ""
    used = 0.0
    for word in text.split(" "):
        width = text_width(word, font_name)
        if current and used + space + width <= limit:
            current += " " + word
            used += space + width
            continue
        if current:
            lines.append(current)
        if width <= limit:
            current, used = word, width
            continue
        pieces = _break_chars(word, font_name, limit)
        lines.extend(pieces[:-1])
        current = pieces[-1]
        used = text_width(current, font_name)
    if current:
        lines.append(current)
    return lines


def wrap_lines(text: str, font_name: str, size: float, width: float, max_lines: int = 0) -> list[str]:
    """``text`` (cleaned) word-wrapped into ``width`` points at ``size``; words wider than the line are
    broken between characters.  With ``max_lines`` the last kept line ends with an ellipsis."""
    text = clean_text(text)
    if not text:
        return []
    limit = width / size
    if text_width(text, font_name) <= limit:
        return [text]
    lines = _hard_wrap(text, font_name, limit)
    if max_lines and len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], _ellipsize(" ".join(lines[max_lines - 1 :]), font_name, limit)]
    return lines


def _ellipsize(text: str, font_name: str, limit: float) -> str:
    """Longest prefix of ``text`` (unit size) that fits ``limit`` with an ellipsis appended, ending after a
    whole word unless the first word alone is too wide."""
    if text_width(text, font_name) <= limit:
        return text
    room = limit - text_width(ELLIPSIS, font_name)
    low, high = 0, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if text_width(text[:mid], font_name) <= room:
            low = mid
        else:
            high = mid - 1
    while 0 < low < len(text) and unicodedata.combining(text[low]):
        low -= 1
    if 0 < low < len(text) and text[low] != " " and " " in text[:low].strip():  # never inside a word
        low = text.rindex(" ", 0, low)
    return text[:low].rstrip(" ,;:–-") + ELLIPSIS


def fit_text(
    text: str,
    font_name: str,
    *,
    width: float,
    height: float,
    max_size: float,
    min_size: float,
    max_lines: int = 1,
    leading: float = 1.15,
    step: float = 0.25,
    break_words: bool = True,
) -> FittedText:
    """Lay ``text`` out in a ``width`` × ``height`` point box (see the module docstring).

    ``leading`` is the line pitch in em.  Sizes are rounded down to ``step`` points.  With
    ``break_words`` False (people's names) no word is ever cut: a word too wide for the line is
    shrunk below the minimum size instead, and text that still does not fit is shortened after a
    whole word (``truncated``), never inside one.
    """
    register_fonts()
    text = clean_text(text)
    top, bottom = font_extent(font_name)
    max_lines = max(1, max_lines)
    min_size = min(min_size, max_size)

    def height_cap(lines: int) -> float:
        return height / (top + bottom + leading * (lines - 1))

    def floor(size: float) -> float:
        return max(step, int(size / step + 1e-9) * step)

    def result(lines: Sequence[str], size: float, truncated: bool = False) -> FittedText:
        pitch = line_pitch(lines, font_name, leading)
        if pitch > leading:  # more room between lines for their marks: smaller if the box needs it
            size = min(size, floor(height / (top + bottom + pitch * (len(lines) - 1))))
        widths = tuple(text_width(line, font_name, size) for line in lines)
        return FittedText(
            tuple(lines), font_name, size, pitch * size, widths, truncated, top * size, bottom * size
        )

    if not text or width <= 0 or height <= 0:
        return result((), floor(min(max_size, max(height_cap(1), step))))

    # 1. One line, shrunk down to the minimum size.
    unit = text_width(text, font_name)
    by_width = min(max_size, width / unit) if unit else max_size
    if by_width >= min_size:
        return result((text,), floor(min(by_width, height_cap(1))))

    # 2. Word wrap to at most max_lines, at the largest size that fits.
    words = _words(text)
    unit_widths = [text_width(word, font_name) for word in words]
    space = text_width(" ", font_name)
    if max_lines > 1:
        size = floor(min(max_size, height_cap(2)))
        while size >= min_size - 1e-9:
            wrapped = _wrap(words, unit_widths, space, width / size, max_lines)
            if wrapped is not None and size <= height_cap(len(wrapped)) + 1e-9:
                wrapped = _balance(words, unit_widths, space, width / size, wrapped)
                return result([" ".join(words[i] for i in line) for line in wrapped], size)
            size -= step

    if not break_words:
        return _fit_whole_words(words, unit_widths, space, font_name, width, min(min_size, height_cap(max_lines)),
                                height, max_lines, leading, floor, result)

    # 3. At the minimum size (or less if the box is too short), break inside long words.
    size = floor(min(min_size, height_cap(max_lines)))
    fits_lines = max(1, min(max_lines, int((height / size - top - bottom) / leading + 1 + 1e-9)))
    lines = _hard_wrap(text, font_name, width / size)
    if len(lines) <= fits_lines:
        return result(lines, size)

    # 4. Last resort: keep what fits and end with an ellipsis.
    kept = lines[: fits_lines - 1]
    rest = " ".join(lines[fits_lines - 1 :])
    kept.append(_ellipsize(rest, font_name, width / size))
    return result(kept, size, truncated=True)


def with_words(fitted: FittedText, text: str) -> FittedText:
    """``fitted``'s layout (size, line pitch, as many words on each line) holding ``text`` instead.

    For texts laid out once for a stand-in of the same shape with words at least as wide (the code
    digits under a QR code, laid out with the widest digit): each line keeps its place and fits.
    """
    words = text.split(" ")
    lines: list[str] = []
    start = 0
    for line in fitted.lines:
        count = line.count(" ") + 1
        lines.append(" ".join(words[start:start + count]))
        start += count
    font, size = fitted.font_name, fitted.font_size
    return FittedText(tuple(lines), font, size, fitted.leading, tuple(text_width(line, font, size) for line in lines),
                      fitted.truncated, fitted.top, fitted.bottom)


def _fit_whole_words(
    words: Sequence[str], unit_widths: Sequence[float], space: float, font_name: str, width: float, size: float,
    height: float, max_lines: int, leading: float, floor: Callable[[float], float],
    result: Callable[..., FittedText],
) -> FittedText:
    """Steps 3–4 for names: whole words only, shortened after a word with an ellipsis if need be."""
    top, bottom = font_extent(font_name)
    widest = max(unit_widths)
    size = floor(min(size, width / widest)) if widest * size > width else floor(size)
    fits_lines = max(1, min(max_lines, int((height / size - top - bottom) / leading + 1 + 1e-9)))
    lines = _wrap(words, unit_widths, space, width / size, len(words)) or [[i] for i in range(len(words))]
    if len(lines) <= fits_lines:
        return result([" ".join(words[i] for i in line) for line in lines], size)
    kept = [" ".join(words[i] for i in line) for line in lines[: fits_lines - 1]]
    rest = [i for line in lines[fits_lines - 1 :] for i in line]
    room = width / size - text_width(ELLIPSIS, font_name)
    last: list[int] = []
    used = 0.0
    for i in rest:
        extra = unit_widths[i] + (space if last else 0.0)
        if used + extra > room:
            break
        last.append(i)
        used += extra
    tail = " ".join(words[i] for i in last).rstrip(" ,;:–-")
    kept.append(f"{tail} {ELLIPSIS}".strip() if tail else ELLIPSIS)
    return result(kept, size, truncated=True)


def draw_fitted_text(
    canvas: Canvas,
    fitted: FittedText,
    x: float,
    y: float,
    width: float,
    height: float,
    *,
    align: Align = "center",
    valign: VAlign = "middle",
) -> None:
    """Draw ``fitted`` in the box whose bottom-left corner is (x, y), in points.

    The caller sets the fill colour.  For the TrueType fonts the text operators are written
    in one go (:func:`fitted_text_ops`: what ``drawString`` writes, without its per-line
    overhead; text is the bulk of a badge batch); other fonts go through ``drawString``.
    """
    ops = fitted_text_ops(canvas, fitted, (x, y, width, height), align=align, valign=valign)
    if ops is not None:
        if ops:
            canvas.addLiteral(ops)
        return
    canvas.setFont(fitted.font_name, fitted.font_size)
    for line, (left, base) in zip(fitted.lines, _origins(fitted, x, y, width, height, align, valign), strict=True):
        canvas.drawString(left, base, line)


def fitted_text_ops(canvas: Canvas, fitted: FittedText, box: tuple[float, float, float, float], *,
                    align: Align = "center", valign: VAlign = "middle") -> str | None:
    """The PDF operators :func:`draw_fitted_text` writes in ``box`` (x, y, width, height) for a
    TrueType font ("" for no lines), or None for another font.  The same text in the same box of one
    document always gives the same operators (its glyphs keep their subset), so a caller drawing it
    again may reuse them."""
    x, y, width, height = box
    if not fitted.lines:
        return ""
    font = pdfmetrics.getFont(fitted.font_name)
    if not getattr(font, "_dynamicFont", False) or not hasattr(font, "splitString"):
        return None
    doc = canvas._doc  # the subsets are per document, as in ReportLab's own text objects
    pieces = _document_pieces(doc, font.fontName)
    size = f"{fitted.font_size:.2f}"
    ops = ["BT"]
    current = ""
    for line, (left, base) in zip(fitted.lines, _origins(fitted, x, y, width, height, align, valign), strict=True):
        ops.append(f"1 0 0 1 {left:.2f} {base:.2f} Tm")
        runs = pieces.get(line)
        if runs is None:  # a character keeps the subset it was given first: a line met again is split once
            runs = pieces[line] = _line_runs(font, line, doc)
        for subset, shown in runs:
            if subset != current:
                ops.append(f"{subset} {size} Tf")
                current = subset
            ops.append(shown)
    ops.append("ET")
    return " ".join(ops)


def _line_runs(font: TTFont, line: str, doc: object) -> list[tuple[str, str]]:
    """(subset font name, ``(…) Tj``) per run of ``line``'s glyphs that share a subset.

    A line whose characters all have their code in the first subset already (names, units and code
    digits are mostly letters met before) is encoded here directly; ReportLab's ``splitString``, which
    also gives new characters their codes, is three times slower per line.
    """
    assignments = getattr(getattr(font, "state", {}).get(doc), "assignments", None)  # ReportLab's per-document codes
    if assignments is not None:
        codes = list(map(assignments.get, map(ord, line)))
        if codes and None not in codes and max(codes) < 256:  # type: ignore[type-var]
            return [(font.getSubsetInternalName(0, doc), f"({escapePDF(''.join(map(chr, codes)))}) Tj")]  # type: ignore[arg-type]
    return [(font.getSubsetInternalName(subset, doc), f"({escapePDF(chunk)}) Tj")
            for subset, chunk in font.splitString(line, doc)]


#: Per document (weakly: gone with it) and TrueType font: a line → (subset font name, ``(…) Tj``) per run
#: of glyphs. Units, positions and names repeat down a long list; the values never refer to the document.
_pieces_by_document: WeakKeyDictionary[object, dict[str, dict[str, list[tuple[str, str]]]]] = WeakKeyDictionary()


def _document_pieces(doc: object, font_name: str) -> dict[str, list[tuple[str, str]]]:
    per_font = _pieces_by_document.get(doc)
    if per_font is None:
        per_font = _pieces_by_document[doc] = {}
    return per_font.setdefault(font_name, {})


def _origins(fitted: FittedText, x: float, y: float, width: float, height: float, align: Align,
             valign: VAlign) -> list[tuple[float, float]]:
    """Where each line of ``fitted`` starts (left end of its baseline) in the box."""
    if valign == "top":
        baseline = y + height - fitted.top
    elif valign == "bottom":
        baseline = y + fitted.bottom + fitted.leading * (len(fitted.lines) - 1)
    else:
        baseline = y + (height + fitted.height) / 2 - fitted.top
    origins = []
    for line_width in fitted.widths:
        if align == "left":
            left = x
        elif align == "right":
            left = x + width - line_width
        else:
            left = x + (width - line_width) / 2
        origins.append((left, baseline))
        baseline -= fitted.leading
    return origins
