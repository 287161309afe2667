"""Legacy Vietnamese 8-bit encodings (TCVN3/ABC, VNI-Windows) to Unicode, with detection.

Old government files were typed with ``.VnTime`` (TCVN3) or ``VNI-Times`` (VNI) fonts: the
bytes were legacy codes, and a spreadsheet stores them as the Windows-1252/Latin-1 characters
of those bytes (``"NguyÔn V¨n An"`` for TCVN3, ``"Nguyeãn Vaên An"`` for VNI). Conversion maps
each character back to its byte and decodes it with the legacy table; detection scores how many
non-ASCII words become valid Vietnamese syllables. Pure Python, no iconv at run time.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import zip_longest
from typing import Any, Literal

LegacyEncoding = Literal["tcvn3", "vni"]

# TCVN 5712:1993 (VN1 superset of the ABC/VN3 font layout) for bytes 0x80..0xFF; verified
# against glibc `iconv -f TCVN5712-1` by the tests. 0xB0..0xB4 are combining tone marks.
_TCVN3_HIGH = (
    "ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨ"  # 0x80
    "ÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ"  # 0x90
    "\u00a0ĂÂÊÔƠƯĐăâêôơưđẰ"  # 0xA0
    "\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ"  # 0xB0
    "ẮẦẨẪẤỀặầẩẫấậèỂẻẽ"  # 0xC0
    "éẹềểễếệìỉỄẾỒĩíịò"  # 0xD0
    "Ổỏõóọồổỗốộờởỡớợù"  # 0xE0
    "ỖủũúụừửữứựỳỷỹýỵỐ"  # 0xF0
)
_TCVN3_LOW = {
    0x01: "Ú", 0x02: "Ụ", 0x04: "Ừ", 0x05: "Ử", 0x06: "Ữ", 0x11: "Ứ", 0x12: "Ự",
    0x13: "Ỳ", 0x14: "Ỷ", 0x15: "Ỹ", 0x16: "Ý", 0x17: "Ỵ",
}  # fmt: skip


def _byte_of_char() -> dict[str, int]:
    """Character -> byte as Windows (cp1252) or a Latin-1 keyboard driver would have stored it."""
    table = {chr(b): b for b in range(0x100)}
    for b in range(0x80, 0xA0):
        with contextlib.suppress(UnicodeDecodeError):
            table[bytes([b]).decode("cp1252")] = b
    return table


_BYTE_OF = _byte_of_char()
# bytes.decode("latin-1").translate(CP1252_TRANSPARENT): Windows-1252, with its five undefined
# bytes kept as C1 controls (lossless, as Windows itself does).
CP1252_TRANSPARENT: dict[int, str] = {
    b: ch for ch, b in _BYTE_OF.items() if 0x80 <= b < 0xA0 and ord(ch) != b
}
_TCVN3_MAP: dict[int, str] = {ord(ch): _TCVN3_HIGH[b - 0x80] for ch, b in _BYTE_OF.items() if b >= 0x80}
_TCVN3_MAP.update({b: s for b, s in _TCVN3_LOW.items()})

# VNI-Windows: a base letter followed by mark bytes. Tone marks: ù acute, ø grave, û hook, õ tilde,
# ï dot below; after a/e/o the bytes â á à å ã ä mean circumflex (+ tone); after a the bytes
# ê é è ú ü ë mean breve (+ tone); ô = ơ, ö = ư; single codes for đ, ỉ, ĩ, ị, ỵ.
_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_CIRCUMFLEX = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_BREVE = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
_VNI_SINGLE = {"ñ": "đ", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ"}


def _both_cases(table: dict[str, str]) -> dict[str, str]:
    return {**table, **{k.upper(): v.upper() for k, v in table.items()}}


_TONES_ANY = _both_cases(_TONES)
_CIRC_ANY = _both_cases(_CIRCUMFLEX)
_BREVE_ANY = _both_cases(_BREVE)
_SINGLE_ANY = _both_cases(_VNI_SINGLE)
_TONE_CLASS = "".join(_TONES_ANY)
_VNI_RE = re.compile(
    rf"([aAeEoO])([{''.join(_CIRC_ANY)}])"
    rf"|([aA])([{''.join(_BREVE_ANY)}])"
    rf"|([ôÔöÖ])([{_TONE_CLASS}])?"
    rf"|([aAeEiIoOuUyY])([{_TONE_CLASS}])"
    rf"|([{''.join(_SINGLE_ANY)}])"
)


def _vni_sub(m: re.Match[str]) -> str:
    if m.group(1):
        return m.group(1) + "\u0302" + _CIRC_ANY[m.group(2)]
    if m.group(3):
        return m.group(3) + "\u0306" + _BREVE_ANY[m.group(4)]
    if m.group(5):
        base = "o" if m.group(5) in "ôÔ" else "u"
        if m.group(5).isupper():
            base = base.upper()
        return base + "\u031b" + (_TONES_ANY[m.group(6)] if m.group(6) else "")
    if m.group(7):
        return m.group(7) + _TONES_ANY[m.group(8)]
    return _SINGLE_ANY[m.group(9)]


def decode_tcvn3(text: str, *, caps: bool = False) -> str:
    """Convert TCVN3 (ABC) text to NFC Unicode; ``caps`` for ``.Vn…H`` fonts (shown upper-case)."""
    out = unicodedata.normalize("NFC", text.translate(_TCVN3_MAP))
    return out.upper() if caps else out


def decode_vni(text: str) -> str:
    """Convert VNI-Windows text to NFC Unicode."""
    return unicodedata.normalize("NFC", _VNI_RE.sub(_vni_sub, text))


def decode_legacy(text: str, encoding: LegacyEncoding, *, caps: bool = False) -> str:
    return decode_tcvn3(text, caps=caps) if encoding == "tcvn3" else decode_vni(text)


def font_encoding(font_name: str | None) -> tuple[LegacyEncoding | None, bool]:
    """The legacy encoding a font implies, and whether it is a capitals font (``.VnTimeH``)."""
    if not font_name:
        return None, False
    name = font_name.strip()
    lowered = name.lower()
    if lowered.startswith(".vn"):
        return "tcvn3", name.endswith("H")
    if lowered.startswith(("vni-", "vni ")):
        return "vni", False
    return None, False


# --- Vietnamese syllable check --------------------------------------------------------------

_TONE_MARKS = {0x0300: None, 0x0301: None, 0x0303: None, 0x0309: None, 0x0323: None}
# Vowel nuclei with their glides (onset "gi"/"qu" absorb their i/u); longest first for the regex.
_NUCLEI = sorted(
    (
        "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu", "ây",
        "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi", "oo", "ua", "uâ", "uê", "ui",
        "uô", "uơ", "uy", "ưa", "ưi", "ưu", "ươ", "ya", "yê", "iêu", "yêu", "uôi", "ươi", "ươu", "oai",
        "oay", "oao", "oeo", "uây", "uya", "uyê", "uyu",
    ),
    key=len,
    reverse=True,
)  # fmt: skip
_SYLLABLE_RE = re.compile(
    r"(?:ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdđghklmnprstvx])?"
    rf"(?:{'|'.join(_NUCLEI)})"
    r"(?:ch|ng|nh|[cmnpt])?"
)
_TOKEN_SPLIT = re.compile(r"[\s,.;:!?()\[\]{}\"'/\\\-–—_|&*+=<>#%0-9]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_SAMPLE_CHARS = 50_000
_SAMPLE_ROWS = 1_000
# A character a legacy-encoded cell cannot contain (outside the cp1252/Latin-1 repertoire).
_NOT_LEGACY = re.compile("[^" + re.escape("".join(sorted(_BYTE_OF))) + "]")


def is_vietnamese_syllable(word: str) -> bool:
    """True when ``word`` (any case, NFC or NFD) is a well-formed Vietnamese syllable."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    bare = decomposed.translate(_TONE_MARKS)
    if len(decomposed) - len(bare) > 1:
        return False
    return _SYLLABLE_RE.fullmatch(unicodedata.normalize("NFC", bare)) is not None


def vietnamese_score(texts: Iterable[str]) -> int:
    """Valid minus invalid Vietnamese syllables among the non-ASCII words of ``texts``."""
    score = 0
    for text in texts:
        if not _NON_ASCII.search(text):
            continue
        for token in _TOKEN_SPLIT.split(text):
            if token and _NON_ASCII.search(token):
                score += 1 if is_vietnamese_syllable(token) else -1
    return score


def could_be_legacy(text: str) -> bool:
    """True when ``text`` has non-ASCII characters, all within the legacy 8-bit repertoire."""
    return bool(_NON_ASCII.search(text)) and not _NOT_LEGACY.search(text)


def detect_legacy(texts: Iterable[str], *, hint: LegacyEncoding | None = None) -> LegacyEncoding | None:
    """Guess whether ``texts`` (one column) are TCVN3 or VNI rather than Unicode.

    Only cells whose characters all fit the 8-bit repertoire are candidates; if most non-ASCII
    cells hold real Unicode Vietnamese (ư, ạ, ễ …) the column is Unicode. Otherwise the encoding
    that turns the most words into valid syllables wins by a margin; a font ``hint`` lowers the
    margin to "at least as good as the raw text".
    """
    candidates: list[str] = []
    unicode_cells = 0
    for text in texts:
        if not _NON_ASCII.search(text):
            continue
        if _NOT_LEGACY.search(text):
            unicode_cells += 1
        else:
            candidates.append(text)
    if not candidates or unicode_cells > len(candidates):
        return None
    raw = vietnamese_score(candidates)
    scores: dict[LegacyEncoding, int] = {
        "tcvn3": vietnamese_score(decode_tcvn3(t) for t in candidates),
        "vni": vietnamese_score(decode_vni(t) for t in candidates),
    }
    best: LegacyEncoding = max(scores, key=lambda enc: (scores[enc], enc == hint))
    if hint is not None and scores[hint] > 0 and scores[hint] >= raw and scores[hint] >= scores[best]:
        return hint
    margin = max(1, len(candidates) // 10)
    if scores[best] > 0 and scores[best] >= raw + margin:
        return best
    return None


@dataclass(frozen=True, slots=True)
class ConvertedColumn:
    """A column converted from a legacy encoding and the row indexes whose text changed."""

    encoding: LegacyEncoding
    rows: tuple[int, ...]


def convert_columns(
    rows: list[list[Any]], fonts: dict[tuple[int, int], str] | None = None
) -> dict[int, ConvertedColumn]:
    """Convert, in place, the columns of ``rows`` typed in a legacy encoding; returns them.

    Each column is judged on its own text cells; ``fonts`` (cell -> legacy font name, from the
    workbook) gives a hint per column and marks capitals fonts (``.VnTimeH``) whose text is
    upper-cased after conversion. A column is skipped cheaply when its text is ASCII or holds
    characters no 8-bit legacy cell can contain (ư, ạ, ễ …).
    """
    hints: dict[int, Counter[LegacyEncoding]] = {}
    for (_, col), font in (fonts or {}).items():
        enc, _caps = font_encoding(font)
        if enc:
            hints.setdefault(col, Counter())[enc] += 1
    encodings: dict[int, LegacyEncoding] = {}
    for col, head in enumerate(zip_longest(*rows[:_SAMPLE_ROWS], fillvalue="")):
        hint_counts = hints.get(col)
        hint = hint_counts.most_common(1)[0][0] if hint_counts else None
        if hint is None:
            # Decide from the first rows whether the column can be legacy text at all.
            sample = "\n".join(v for v in head if type(v) is str)[:_SAMPLE_CHARS]
            if sample.isascii():
                continue
            non_ascii = len(_NON_ASCII.findall(sample))
            if len(_NOT_LEGACY.findall(sample)) > non_ascii * 0.05:
                continue
        texts = [v for row in rows if col < len(row) and type(v := row[col]) is str and v]
        encoding = detect_legacy(texts, hint=hint)
        if encoding:
            encodings[col] = encoding
    changed: dict[int, list[int]] = {col: [] for col in encodings}
    for r, row in enumerate(rows):
        for col, encoding in encodings.items():
            if col < len(row):
                value = row[col]
                if type(value) is str and value:
                    caps = False
                    if fonts:
                        font_enc, caps = font_encoding(fonts.get((r, col)))
                        caps = caps and font_enc == encoding
                    new = decode_legacy(value, encoding, caps=caps)
                    if new != value:
                        row[col] = new
                        changed[col].append(r)
    return {col: ConvertedColumn(enc, tuple(changed[col])) for col, enc in encodings.items() if changed[col]}
