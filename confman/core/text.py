"""Vietnamese text handling shared by every feature.

Cleaning (NFC, invisible characters, whitespace), the search form (``fold``), person-name
splitting, collation keys that sort in Vietnamese alphabet order under any database
collation, and phone/e-mail normalisation.  Problems are reported as ``DomainError`` codes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from confman.core.errors import DomainError

__all__ = [
    "COMPOUND_FAMILY_NAMES",
    "SORT_KEY_MAX_LENGTH",
    "VIETNAMESE_ALPHABET",
    "NameParts",
    "clean_parts_sort_key",
    "clean_text",
    "fold",
    "is_probably_foreign",
    "name_sort_key",
    "normalize_email",
    "normalize_phone",
    "plain_vietnamese_phone",
    "split_clean_name",
    "split_name",
    "text_sort_key",
]

VIETNAMESE_ALPHABET: tuple[str, ...] = tuple("aăâbcdđeêghiklmnoôơpqrstuưvxy")

# Multi-word family names common enough to recognise.  Double-barrelled names built from
# both parents' families ("Lê Phạm ...", "Nguyễn Phạm ...") are deliberately absent: they
# cannot be told apart from family + middle name, so the first word stays the family.
COMPOUND_FAMILY_NAMES: tuple[str, ...] = (
    "Công Tằng Tôn Nữ",
    "Công Huyền Tôn Nữ",
    "Công Tôn Nữ",
    "Tôn Thất",
    "Tôn Nữ",
    "Âu Dương",
    "Tư Mã",
    "Gia Cát",
)

# --------------------------------------------------------------------------- cleaning

_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})  # controls, format (ZW*, bidi, BOM), lone surrogates
_LINE_BREAK_RE = re.compile("\r\n|[\r\x85\u2028\u2029]")


def _drop_invisible(text: str) -> str:
    if text.isprintable():  # fast path: no control, format or non-ASCII-space character
        return text
    category = unicodedata.category
    # Whitespace controls (\t, \n, NBSP...) stay; the caller turns them into single spaces.
    return "".join(
        ch for ch in text if ch.isprintable() or ch.isspace() or category(ch) not in _INVISIBLE_CATEGORIES
    )


def _clean_line(line: str) -> str:
    return " ".join(unicodedata.normalize("NFC", _drop_invisible(line)).split())


def clean_text(
    value: object | None, *, multiline: bool = False, max_length: int | None = None, field: str = "text"
) -> str:
    """Return ``value`` as clean NFC text; never interprets it (``=…``, ``<b>`` stay literal).

    Removes control and invisible format characters (zero-width, bidi overrides, BOM),
    collapses every run of whitespace (NBSP, tabs, line breaks) to one space and strips.
    With ``multiline`` line breaks (``\\r\\n``, ``\\r``, U+2028…) become ``\\n`` and each line is
    cleaned on its own; leading and trailing blank lines are dropped.

    Raises ``DomainError("text.too_long", field, max_length, length)`` when the result is
    longer than ``max_length`` characters.
    """
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if multiline:
        lines = _LINE_BREAK_RE.sub("\n", text).split("\n")
        result = "\n".join(_clean_line(line) for line in lines).strip("\n")
    else:
        result = _clean_line(text)
    if max_length is not None and len(result) > max_length:
        raise DomainError("text.too_long", field=field, max_length=max_length, length=len(result))
    return result


# --------------------------------------------------------------------------- folding

# Letters with no canonical decomposition to an ASCII letter.
_SPECIAL_FOLDS = {
    "đ": "d", "ð": "d", "ø": "o", "ł": "l", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th",
    "ı": "i", "ŋ": "ng", "ə": "e", "ħ": "h", "ŧ": "t", "ĸ": "k", "µ": "u",  # micro sign, not Greek mu
}  # fmt: skip
_ASCII_KEPT = frozenset("abcdefghijklmnopqrstuvwxyz0123456789@.+-_ ")
_LATIN_NAME_RE = re.compile(r"LATIN (?:SMALL |CAPITAL )?(?:LETTER|LIGATURE) (.+?)(?: WITH .*)?$")


def _fold_char(ch: str) -> str:
    """Search form of one character: ASCII for Latin script, kept as-is for other scripts."""
    if ch.isascii():
        low = ch.lower()
        return low if low in _ASCII_KEPT else " "
    low = ch.lower()
    if low in _SPECIAL_FOLDS:
        return _SPECIAL_FOLDS[low]
    category = unicodedata.category(ch)
    if category[0] == "M":
        return ""
    decomposed = unicodedata.normalize("NFKD", ch)
    if decomposed != ch:
        return "".join(_fold_char(part) for part in decomposed)
    if low != ch:  # upper-case letters of other scripts (Greek, Cyrillic…)
        return "".join(_fold_char(part) for part in low) if low.lower() == low else low
    if category == "Nd":
        return str(unicodedata.decimal(ch))
    if category[0] == "L":
        name = unicodedata.name(ch, "")
        if name.startswith("LATIN "):
            match = _LATIN_NAME_RE.match(name)
            # "LATIN SMALL LETTER TURNED A", "LATIN LETTER SMALL CAPITAL OE": the base letter(s)
            # is the last word of one or two letters; letters like EZH or SCHWA have none.
            short = [word for word in re.split(r"[ -]", match.group(1)) if len(word) <= 2] if match else []
            return short[-1].lower() if short else ""
        return " " if category == "Lm" else ch  # modifier letters (ʼ ʻ ˇ) act as punctuation
    if category[0] == "N":
        return ch
    return " "


class _LazyTable(dict[int, str]):
    """``str.translate`` table filled on first sight of each code point (nothing is computed at
    import: a command that never folds text, such as a badge run, does not pay for the tables)."""

    def __init__(self, compute: Callable[[str], str]) -> None:
        super().__init__()
        self._compute = compute

    def __missing__(self, code_point: int) -> str:
        value = self._compute(chr(code_point))
        self[code_point] = value
        return value


_FOLD_TABLE = _LazyTable(_fold_char)


def fold(value: str | None) -> str:
    """Search form: lower-case ASCII without diacritics, ``đ`` → ``d``, punctuation → space.

    ``"Nguyễn Văn Đức"`` → ``"nguyen van duc"``; ``"Sở TT&TT Đà Nẵng"`` → ``"so tt tt da nang"``.
    Letters, digits and ``@ . + - _`` are kept; Latin letters become ASCII, letters of other
    scripts (Lao, Chinese…) are kept lower-cased so they stay searchable.
    """
    return " ".join(clean_text(value).lower().translate(_FOLD_TABLE).split())


def fold_clean(text: str) -> str:
    """:func:`fold` of text already passed through :func:`clean_text` (stored fields, import rows):
    the same result without cleaning it again (bulk imports fold tens of thousands of values)."""
    return " ".join(text.lower().translate(_FOLD_TABLE).split())


_NOT_WORD_RE = re.compile(r"[^\w@.+\-]+")


def lower_marks(value: str | None) -> str:
    """Like :func:`fold` but keeping tone marks and ``đ``: NFC, lower-case, punctuation → space.

    ``"Nguyễn Văn Đức"`` → ``"nguyễn văn đức"``: what an exact-diacritic search compares with.
    """
    return " ".join(_NOT_WORD_RE.sub(" ", unicodedata.normalize("NFC", clean_text(value)).lower()).split())


def lower_marks_clean(text: str) -> str:
    """:func:`lower_marks` of text already passed through :func:`clean_text`."""
    if text.replace(" ", "").isalnum():  # a name: nothing to replace, single spaces already
        return text.lower()
    return " ".join(_NOT_WORD_RE.sub(" ", text.lower()).split())


# --------------------------------------------------------------------------- names


@dataclass(frozen=True, slots=True)
class NameParts:
    """A person's name split into family, middle and given name (each may be empty)."""

    family: str
    middle: str
    given: str


_COMPOUND_KEYS: tuple[tuple[str, ...], ...] = tuple(
    sorted((tuple(name.casefold().split()) for name in COMPOUND_FAMILY_NAMES), key=len, reverse=True)
)
_COMPOUND_FIRST_WORDS = frozenset(key[0] for key in _COMPOUND_KEYS)


def split_name(full_name: str, *, foreign: bool = False) -> NameParts:
    """Split a full name as written into family, middle and given name.

    Vietnamese order: family first, given last ("Nguyễn Thị Minh Khai" → Nguyễn / Thị Minh /
    Khai); a known compound family name ("Tôn Thất", "Công Tằng Tôn Nữ"…) counts as one
    family when a given name follows it.  ``foreign``: Western order, first word given, last
    word family.  A single word is the given name.
    """
    return NameParts(*_name_fields(full_name, foreign))


def split_clean_name(full_name: str, *, foreign: bool = False) -> NameParts:
    """:func:`split_name` of a name already passed through :func:`clean_text` (bulk imports)."""
    return NameParts(*_word_fields(full_name.split(), foreign))


def _name_fields(full_name: str, foreign: bool) -> tuple[str, str, str]:
    """(family, middle, given) of ``split_name`` without building a ``NameParts``."""
    return _word_fields(clean_text(full_name).split(), foreign)


def _word_fields(words: list[str], foreign: bool) -> tuple[str, str, str]:
    if len(words) < 2:
        return ("", "", words[0] if words else "")
    if foreign:
        return (words[-1], " ".join(words[1:-1]), words[0])
    family_len = 1
    if words[0].casefold() in _COMPOUND_FIRST_WORDS:
        folded = tuple(word.casefold() for word in words[:-1])
        family_len = next((len(c) for c in _COMPOUND_KEYS if folded[: len(c)] == c), 1)
    return (" ".join(words[:family_len]), " ".join(words[family_len:-1]), words[-1])


# --------------------------------------------------------------------------- collation
#
# A key is a string of decimal digits: two digits per symbol (00 end of part, 01 word break,
# 10-19 digits, 20-52 the letters a ă â b … y z, 99 + 7-digit code point for other scripts),
# then one tone digit per word.  Digits only, not letters, because some database locales
# treat letter pairs as one letter (Danish "aa", Czech "ch", Hungarian "cs"); digit strings
# sort identically under C, glibc and ICU collations.

SORT_KEY_MAX_LENGTH = 1000  # a cut key still sorts correctly; only ties get coarser
_END = "00"
_WORD = "01"
_ESCAPE = "99"
_COLLATION_LETTERS = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_SYMBOL_CODES = {ch: f"{10 + i:02d}" for i, ch in enumerate("0123456789")} | {
    ch: f"{20 + i:02d}" for i, ch in enumerate(_COLLATION_LETTERS)
}
_VOWELS = frozenset("aeiouy")
_MODIFIED_LETTERS = {  # (base, combining mark) → Vietnamese letter
    ("a", "\u0306"): "ă", ("a", "\u0302"): "â", ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô", ("o", "\u031b"): "ơ", ("u", "\u031b"): "ư",
}  # fmt: skip
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}  # ngang = 0
_PART_SEPARATOR = "\x00"  # clean_text removes control characters, so it never occurs in a part


def _prep_char(ch: str) -> str:
    """Keep what carries sort weight (letters, digits, marks); everything else breaks words."""
    if ch.isalnum() or ch == _PART_SEPARATOR:
        return ch
    return ch if unicodedata.category(ch)[0] == "M" else " "


def _primary_char(ch: str) -> str:
    if ch == " ":
        return _WORD
    if ch == _PART_SEPARATOR:
        return _END
    low = ch.lower()
    if low in _SYMBOL_CODES:
        return _SYMBOL_CODES[low]
    decomposed = unicodedata.normalize("NFD", low)
    base, marks = decomposed[0], decomposed[1:]
    if base in _SYMBOL_CODES and marks and all(unicodedata.combining(m) for m in marks):
        letter = next((_MODIFIED_LETTERS[(base, m)] for m in marks if (base, m) in _MODIFIED_LETTERS), base)
        return _SYMBOL_CODES[letter]
    codes = []
    for folded in _fold_char(ch):
        if folded in _SYMBOL_CODES:
            codes.append(_SYMBOL_CODES[folded])
        elif not folded.isascii():
            codes.append(f"{_ESCAPE}{ord(folded):07d}")
    return "".join(codes)


def _tone_char(ch: str) -> str:
    if ch in (" ", _PART_SEPARATOR):
        return " "
    decomposed = unicodedata.normalize("NFD", ch.lower())
    if decomposed[0] not in _VOWELS:
        return ""
    return next((_TONES[m] for m in decomposed[1:] if m in _TONES), "")


_PREP_TABLE = _LazyTable(_prep_char)
_PRIMARY_TABLE = _LazyTable(_primary_char)
_TONE_TABLE = _LazyTable(_tone_char)


class _FirstTone(dict[str, str]):
    """Tone digits of one word → its tone: the first toned vowel, else ngang ("0")."""

    def __missing__(self, tones: str) -> str:
        self[tones] = value = tones[:1] or "0"
        return value


_FIRST_TONE = _FirstTone()
# Anything but letters, digits and single spaces inside a part needs _PREP_TABLE.
_NEEDS_PREP_RE = re.compile(r"[^\w ]|_|  |^ | $")


class _PartKeys(dict[str, tuple[str, str]]):
    """A part → (its primary symbols, its words' tone digits), worked out once per distinct part:
    given names, family names and middle names repeat down every list. Bounded: emptied when full."""

    LIMIT = 50_000

    def __missing__(self, part: str) -> tuple[str, str]:
        prepared = part.lower()
        if _NEEDS_PREP_RE.search(prepared):
            prepared = " ".join(prepared.translate(_PREP_TABLE).split())
        tones = "".join(map(_FIRST_TONE.__getitem__, prepared.translate(_TONE_TABLE).split(" ")))
        if len(self) >= self.LIMIT:
            self.clear()
        self[part] = found = (prepared.translate(_PRIMARY_TABLE), tones)
        return found


_PART_KEYS = _PartKeys()


def _collation_key(parts: Iterable[str]) -> str:
    """Key of already cleaned ``parts``, compared part by part: the parts' primary symbols, each
    ended by ``_END``, then one tone per word (so "Hoà" and "Hòa", old and new tone placement,
    share a key)."""
    keys = [_PART_KEYS[part] for part in parts]
    key = _END.join([k[0] for k in keys]) + _END + "".join([k[1] for k in keys])
    return key[:SORT_KEY_MAX_LENGTH]


def name_sort_key(full_name: str, *, foreign: bool = False, parts: NameParts | None = None) -> str:
    """Sort key for a person: given, middle, then family name (foreign: family, given, middle).

    Vietnamese alphabet order (a < ă < â, d < đ, u < ư…), digits before letters,
    case-insensitive, a shorter name before its extensions ("An" < "Anh"); tones only break
    ties, in the order ngang, huyền, hỏi, ngã, sắc, nặng.  The key holds only the digits
    0-9, at most ``SORT_KEY_MAX_LENGTH`` long, and sorts the same by plain string comparison
    under any collation.  ``parts`` (when a file gives them separately) replaces splitting
    ``full_name``.
    """
    if parts is None:
        family, middle, given = _name_fields(full_name, foreign)
    else:
        family, middle, given = clean_text(parts.family), clean_text(parts.middle), clean_text(parts.given)
    return _collation_key((family, given, middle) if foreign else (given, middle, family))


def clean_parts_sort_key(parts: NameParts, *, foreign: bool = False) -> str:
    """:func:`name_sort_key` of ``parts`` already passed through :func:`clean_text` (bulk imports)."""
    family, middle, given = parts.family, parts.middle, parts.given
    return _collation_key((family, given, middle) if foreign else (given, middle, family))


def text_sort_key(value: str) -> str:
    """Sort key for any text (organisations, titles) with the collation of ``name_sort_key``."""
    return _collation_key((clean_text(value),))


# --------------------------------------------------------------------------- phones

_PHONE_SEPARATORS_RE = re.compile(r"[/;,]")
# A trailing extension is dropped: the stored number is what a phone can dial.
_PHONE_EXTENSION_RE = re.compile(
    r"\s*(?:ext\.?|extension|x|#|máy lẻ|ml)\s*[:.]?\s*\d{1,6}\s*$", re.IGNORECASE
)
_PHONE_SCIENTIFIC_RE = re.compile(r"(\d)(?:[.,](\d+))?[eE]\+?(\d{1,2})")
_PHONE_FLOAT_RE = re.compile(r"(\d{8,})\.0+")
_PHONE_FORMATTING = str.maketrans("", "", " .-()\u2013\u2014")


class _PhoneProblem(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _phone_text(raw: object) -> str:
    if isinstance(raw, float) and raw.is_integer():  # Excel number cell: 912345678.0
        return str(int(raw))
    return clean_text(raw)


# Since 2018 mobiles are 0 + 9 digits (03, 05, 07, 08, 09) and landlines 02 + 9 digits.  Checked
# by shape rather than phonenumbers' range tables, which lag behind newly opened prefixes.
_VIETNAMESE_NATIONAL_RE = re.compile(r"0[35789]\d{8}|02\d{9}")


def _vietnamese_national(national: str) -> str | None:
    return national if _VIETNAMESE_NATIONAL_RE.fullmatch(national) else None


def _normalize_one_phone(text: str) -> str:
    scientific = _PHONE_SCIENTIFIC_RE.fullmatch(text.replace(" ", ""))
    if scientific:
        # Excel shows long numbers as 8.4912345678E10; refuse when digits were rounded away.
        lead, fraction, exponent = scientific.group(1), scientific.group(2) or "", int(scientific.group(3))
        if len(fraction) != exponent:
            raise _PhoneProblem("phone.invalid")
        text = lead + fraction
    elif float_match := _PHONE_FLOAT_RE.fullmatch(text):
        text = float_match.group(1)
    text = _PHONE_EXTENSION_RE.sub("", text)
    if any(ch.isalpha() for ch in text):
        raise _PhoneProblem("phone.letters")
    body = text.translate(_PHONE_FORMATTING)
    plus = body.startswith("+")
    digits = body[1:] if plus else body
    if not digits.isdecimal():
        raise _PhoneProblem("phone.invalid")
    if not digits.isascii():  # full-width digits typed through an input method
        digits = "".join(str(unicodedata.decimal(ch)) for ch in digits)
    if plus or digits.startswith("00"):
        international = digits if plus else digits[2:]
        if international.startswith("84"):
            rest = international[2:]
            national = _vietnamese_national(rest if rest.startswith("0") else "0" + rest)
        else:
            import phonenumbers  # lazily: its metadata costs start-up time and most numbers are Vietnamese

            try:
                number = phonenumbers.parse("+" + international, None)
            except phonenumbers.NumberParseException:
                raise _PhoneProblem("phone.invalid") from None
            if phonenumbers.is_valid_number(number):
                return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            national = None
    elif digits.startswith("0"):
        national = _vietnamese_national(digits)
    else:
        # Excel dropped the leading 0 (912345678), or the country code came without "+".
        national = _vietnamese_national("0" + digits)
        if national is None and digits.startswith("84"):
            national = _vietnamese_national("0" + digits[2:])
    if national is None:
        raise _PhoneProblem("phone.invalid")
    return national


def _quick_vietnamese(raw: object) -> str | None:
    """The national form of a plainly written Vietnamese number ("0912 345 678", "+84 912.345.678",
    "84-912-345-678", an Excel number 912345678), else ``None`` (the full rules then decide)."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        body = str(raw)
    elif isinstance(raw, str) and raw.isascii():
        body = raw.strip().translate(_PHONE_FORMATTING)
    else:
        return None
    if body[:3] == "+84":
        rest = body[3:]
        if rest.isdigit():
            return _vietnamese_national(rest if rest.startswith("0") else "0" + rest)
        return None
    if not body.isdigit() or body.startswith("00"):
        return None
    if body.startswith("0"):
        return _vietnamese_national(body)
    return _vietnamese_national("0" + body) or (_vietnamese_national("0" + body[2:]) if body.startswith("84") else None)


def plain_vietnamese_phone(raw: object) -> str | None:
    """:func:`normalize_phone` of a plainly written Vietnamese number ("0912345678", "0912 345 678",
    "+84 912.345.678", an Excel number 912345678), else ``None``: the fast path of a long list."""
    if isinstance(raw, str) and _VIETNAMESE_NATIONAL_RE.fullmatch(raw):
        return raw  # already in national form (most cells of a clean list)
    return _quick_vietnamese(raw)


def normalize_phone(raw: object | None, *, field: str = "phone") -> str:
    """Normalise a phone number: Vietnamese → national digits, foreign → E.164.

    ``"+84 912 345 678"``, ``"84912345678"``, ``"0912.345.678"``, ``912345678`` (Excel number),
    ``"8.4912345678E10"`` (Excel scientific text) → ``"0912345678"``; ``"+84 24 3943 7777"`` →
    ``"02439437777"``; ``"+856 20 5561 2093"`` or ``"00856…"`` → ``"+8562055612093"``.
    Blank → ``""``.  A trailing extension (``ext 12``, ``x12``, ``máy lẻ 12``) is dropped.  A
    cell holding several numbers separated by ``/``, ``;`` or ``,`` yields the first valid one.

    Raises ``DomainError`` ``"phone.letters"`` when letters remain, ``"phone.invalid"`` for a
    wrong length or prefix (params ``field``, ``value``: the whole cell).
    """
    quick = plain_vietnamese_phone(raw)
    if quick is not None:
        return quick
    text = _phone_text(raw)
    if not text:
        return ""
    if isinstance(raw, bool):
        raise DomainError("phone.invalid", field=field, value=text)
    candidates = [text]
    parts = _PHONE_SEPARATORS_RE.split(text)
    if len(parts) > 1:
        # The whole cell first ("8,4912345678E+10" from a Vietnamese-locale Excel), then each
        # number, then the separators as digit grouping ("0912/345/678").
        candidates += [part.strip() for part in parts] + [_PHONE_SEPARATORS_RE.sub("", text)]
    first_problem: _PhoneProblem | None = None
    for candidate in candidates:
        if not candidate:
            continue
        try:
            return _normalize_one_phone(candidate)
        except _PhoneProblem as problem:
            first_problem = first_problem or problem
    raise DomainError(first_problem.code if first_problem else "phone.invalid", field=field, value=text)


# --------------------------------------------------------------------------- e-mail

_EMAIL_RE = re.compile(
    r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}"
)


def normalize_email(raw: object | None, *, field: str = "email") -> str:
    """Normalise an e-mail address: trimmed, without ``mailto:``, lower-case.

    Blank → ``""``.  Only plain ASCII addresses with a dotted domain and a TLD of at least two
    letters pass; Unicode local parts and Unicode (IDN) domains are rejected.
    Raises ``DomainError("email.invalid", field, value)``.
    """
    if isinstance(raw, str) and raw.isascii() and raw.isprintable() and " " not in raw:
        text = raw  # what clean_text gives for printable ASCII without spaces (the usual address)
    else:
        text = clean_text(raw)
    if text[:7].lower() == "mailto:":
        text = text[7:].strip()
    if not text:
        return ""
    address = text.lower()
    # The pattern's character classes are ASCII-only: Unicode local parts and IDN domains fail.
    if len(address) > 254 or len(address.partition("@")[0]) > 64 or not _EMAIL_RE.fullmatch(address):
        raise DomainError("email.invalid", field=field, value=clean_text(raw))
    return address


# --------------------------------------------------------------------------- nationality

_VIETNAMESE_NATIONALITIES = frozenset({"vn", "vnm", "vietnam", "vietnamese", "nguoivietnam"})


def is_probably_foreign(full_name: str, nationality: str | None = None) -> bool:
    """True when a nationality is given and it is not Vietnamese ("VN", "Việt Nam"…).

    ``full_name`` is not used yet: guessing nationality from a name is unreliable.
    """
    folded = fold(nationality).replace(" ", "")
    return bool(folded) and folded not in _VIETNAMESE_NATIONALITIES
