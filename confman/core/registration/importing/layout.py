"""Find the header row of a delegate list and map its columns to delegate fields.

Headers are matched on their folded form (no diacritics, lower-case), in Vietnamese or English,
bilingual ("Họ và tên / Full name") or not. The header row may sit below title rows and may span
two rows (a merged "Liên hệ" over "Điện thoại" and "Email"). The mapping is keyed by a header
signature so a remembered mapping can be found for the next file with the same headers.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from confman.core.text import clean_text, fold

from .readers import CellValue

# Fields a column can map to. ``family_name``/``middle_name``/``given_name`` are split name
# columns ("Họ" + "Tên"), joined into ``full_name``; ``stt`` is the row-number column (skipped).
FIELDS: tuple[str, ...] = (
    "full_name", "family_name", "middle_name", "given_name", "honorific", "position",
    "organization", "phone", "email", "gender", "notes", "delegation", "nationality",
    "category", "stt",
)  # fmt: skip
NAME_FIELDS = frozenset({"full_name", "family_name", "middle_name", "given_name"})
HEADER_SCAN_ROWS = 40

# Exact folded header texts (strength 3); multi-word ones also match as a prefix (strength 2).
_EXACT: dict[str, tuple[str, ...]] = {
    "full_name": (
        "ho va ten", "ho ten", "ho va ten dai bieu", "ho ten dai bieu", "ten dai bieu", "ho va ten khach moi",
        "ten khach moi", "ho va ten nguoi tham du", "ho ten nguoi tham du", "ho va ten can bo", "full name",
        "fullname", "name", "names", "full names", "delegate name", "name of delegate", "delegate",
        "participant", "participant name", "name of participant", "guest name", "name of guest", "guest",
        "dai bieu", "khach moi",
    ),
    "family_name": (
        "ho", "ho va ten dem", "ho va dem", "ho dem", "ho va chu lot", "ho lot", "ho chu lot", "family name",
        "last name", "surname",
    ),
    "middle_name": ("ten dem", "dem", "chu lot", "middle name"),
    "given_name": ("ten", "ten goi", "first name", "given name", "forename"),
    "honorific": (
        "danh xung", "ong ba", "xung ho", "honorific", "salutation", "prefix", "mr ms", "mr mrs ms",
        "mr mrs", "title mr ms",
    ),
    "position": (
        "chuc vu", "chuc danh", "chuc vu chuc danh", "chuc danh chuc vu", "position", "title", "job title",
        "designation", "role", "job",
    ),
    "organization": (
        "don vi", "don vi cong tac", "co quan", "co quan cong tac", "co quan don vi", "co quan don vi cong tac",
        "noi cong tac", "to chuc", "ten co quan", "ten don vi", "bo nganh", "bo nganh dia phuong",
        "dia phuong", "organisation", "organization", "agency", "ministry", "ministry agency",
        "organization agency", "institution", "affiliation", "company", "office",
    ),
    "phone": (
        "dien thoai", "so dien thoai", "sdt", "so dt", "dt", "dtdd", "dt dd", "dt di dong", "di dong", "so di dong",
        "dien thoai di dong", "dien thoai lien he", "dien thoai lien lac", "phone", "phone number",
        "mobile", "mobile phone", "mobile number", "tel", "telephone", "cell", "cell phone",
        "contact number", "tel mobile",
    ),
    "email": ("email", "e-mail", "e mail", "thu dien tu", "dia chi email", "dia chi thu dien tu", "email address", "mail"),
    "gender": ("gioi tinh", "gender", "sex", "nam nu", "phai"),
    "notes": ("ghi chu", "note", "notes", "remarks", "remark", "comments", "comment"),
    "delegation": ("doan", "ten doan", "doan dai bieu", "delegation", "delegation name"),
    "nationality": ("quoc tich", "nationality", "country", "quoc gia", "nuoc"),
    "category": (
        "loai dai bieu", "loai", "phan loai", "category", "thanh phan", "nhom", "nhom dai bieu", "doi tuong",
        "type", "participant type", "delegate category", "delegate type",
    ),
    "stt": ("stt", "tt", "so tt", "so thu tu", "no", "no.", "#", "s n", "sn", "nr", "n0", "number", "seq"),
}  # fmt: skip
# Phrases matched anywhere in a header as whole words (strength 1).
_CONTAINS: dict[str, tuple[str, ...]] = {
    "full_name": ("ho va ten", "ho ten", "full name"),
    "position": ("chuc vu", "chuc danh", "position", "job title"),
    "organization": ("don vi", "co quan", "organization", "organisation", "agency"),
    "phone": ("dien thoai", "sdt", "phone", "mobile", "tel"),
    "email": ("email", "e-mail", "e mail", "thu dien tu"),
    "gender": ("gioi tinh", "gender"),
    "notes": ("ghi chu", "note", "notes", "remark", "remarks"),
    "nationality": ("quoc tich", "nationality"),
    "category": ("loai dai bieu", "category", "thanh phan"),
    "delegation": ("delegation", "doan dai bieu"),
    "honorific": ("danh xung", "salutation", "honorific"),
}
_EXACT_INDEX: dict[str, str] = {phrase: f for f, phrases in _EXACT.items() for phrase in phrases}
_PREFIX_WORDS = frozenset(
    {"email", "e-mail", "phone", "mobile", "telephone", "tel", "dt", "sdt", "dtdd", "gender", "nationality",
     "position", "organization", "organisation", "category", "notes", "remarks", "delegation"}
)  # fmt: skip
# Exact headers that are ambiguous or vague: they yield to a clearer header of the same field,
# and "Title" falls back to the honorific when a "Position" column exists.
_WEAK_EXACT = frozenset(
    {"title", "dai bieu", "khach moi", "delegate", "guest", "participant", "loai", "nhom", "type", "doan",
     "nuoc", "job", "role", "office", "company", "mail", "cell", "number", "prefix"}
)  # fmt: skip
_ALTERNATES = {"title": "honorific"}
_PREFIX_INDEX: list[tuple[str, str]] = sorted(
    ((p, f) for f, phrases in _EXACT.items() for p in phrases if " " in p or p in _PREFIX_WORDS),
    key=lambda item: -len(item[0]),
)
_CONTAINS_INDEX: list[tuple[str, str]] = sorted(
    ((phrase, f) for f, phrases in _CONTAINS.items() for phrase in phrases), key=lambda item: -len(item[0])
)
_PART_SPLIT = re.compile(r"[/\n()\[\]|]|\s-\s")
_HONORIFIC_VALUES = frozenset(
    {"mr", "ms", "mrs", "miss", "dr", "prof", "h e", "he", "ong", "ba", "madam", "sir"}
)
_EMAIL_LIKE = re.compile(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", re.IGNORECASE)


def column_letter(index: int) -> str:
    """Excel column letters of a 0-based index: 0 -> A, 27 -> AB."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_text(value: CellValue) -> str:
    """A cell as text: integral floats without ``.0``, dates in ISO form, ``None`` as ``""``."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def normalize_header(text: str) -> str:
    """Folded header text: no diacritics, lower-case, ``.``/``:``/``*`` dropped, single spaces."""
    folded = fold(text)
    return " ".join(folded.replace(".", " ").replace(":", " ").replace("*", " ").split())


@lru_cache(maxsize=4096)
def match_header(text: str) -> tuple[str, int] | None:
    """The field a header text names and the match strength (3 exact, 2 prefix, 1 contains)."""
    if not text or not text.strip() or len(text) > 120:
        return None
    whole = normalize_header(text)
    if not whole:
        return None
    parts = [whole] + [normalize_header(p) for p in _PART_SPLIT.split(text) if p.strip()]
    for part in parts:
        if part in _EXACT_INDEX:
            return _EXACT_INDEX[part], 2 if part in _WEAK_EXACT else 3
    for part in parts:
        for phrase, fld in _PREFIX_INDEX:
            if part.startswith(phrase + " "):
                return fld, 2
    padded = f" {whole} "
    for phrase, fld in _CONTAINS_INDEX:
        if f" {phrase} " in padded:
            return fld, 1
    return None


@dataclass(frozen=True, slots=True)
class HeaderLayout:
    """Where the header is and what each column holds.

    ``header_row`` and ``first_data_row`` are 0-based indexes into the sheet rows (``None`` when
    no header row was found and the caller supplied the mapping); ``columns`` maps fields to
    0-based column indexes; ``header_texts`` are the cleaned header cells (one per column);
    ``signature`` is the SHA-256 of their folded forms.
    """

    header_row: int | None
    first_data_row: int
    columns: dict[str, int]
    header_texts: tuple[str, ...]
    signature: str
    header_rows: int = 1
    inferred: frozenset[str] = field(default_factory=frozenset)  # fields mapped from the data


def header_signature(header_texts: Sequence[str]) -> str:
    """SHA-256 (hex, 64 chars) of the folded header texts, positions included."""
    folded = [normalize_header(t) for t in header_texts]
    while folded and not folded[-1]:
        folded.pop()
    return hashlib.sha256("\x1f".join(folded).encode("utf-8")).hexdigest()


def assign_columns(header_texts: Sequence[str]) -> dict[str, int]:
    """Map fields to columns from header texts: strongest match first, each column used once."""
    candidates: list[tuple[int, int, str]] = []
    for col, text in enumerate(header_texts):
        match = match_header(text)
        if match:
            candidates.append((-match[1], col, match[0]))
    candidates.sort()
    columns: dict[str, int] = {}
    used: set[int] = set()
    for _neg_strength, col, fld in candidates:
        if col in used:
            continue
        if fld in columns:
            fld = _ALTERNATES.get(normalize_header(header_texts[col]), "")
            if not fld or fld in columns:
                continue
        columns[fld] = col
        used.add(col)
    return resolve_name_columns(columns)


def resolve_name_columns(columns: dict[str, int]) -> dict[str, int]:
    """A full-name column wins over split ones; a lone "Tên" or "Họ" column is the full name."""
    columns = dict(columns)
    if "full_name" in columns:
        for part in ("family_name", "middle_name", "given_name"):
            columns.pop(part, None)
    elif "given_name" not in columns or "family_name" not in columns:
        lone = columns.pop("given_name", None)
        family = columns.pop("family_name", None)
        columns.pop("middle_name", None)
        if lone is not None or family is not None:
            columns["full_name"] = lone if lone is not None else family  # type: ignore[assignment]
    return columns


def has_name(columns: dict[str, int]) -> bool:
    return "full_name" in columns or ("family_name" in columns and "given_name" in columns)


def _row_texts(row: Sequence[CellValue]) -> list[str]:
    return [clean_text(cell_text(v)) if v not in (None, "") else "" for v in row]


def _score(texts: Sequence[str]) -> tuple[int, int, dict[str, int]] | None:
    """(fields matched, strength) of a candidate header row, or ``None`` if it has no name column."""
    strengths: dict[int, int] = {}
    for col, text in enumerate(texts):
        match = match_header(text)
        if match:
            strengths[col] = match[1]
    if not strengths:
        return None
    columns = assign_columns(texts)
    if not has_name(columns):
        return None
    name_strength = strengths.get(columns.get("full_name", columns.get("given_name", -1)), 0)
    others = len(columns) - (1 if "full_name" in columns else 2)
    if name_strength < 2 and others < 2:
        return None  # "Danh sách đại biểu" in a title row is not a header
    return len(columns), sum(strengths[c] for c in columns.values()), columns


def detect_header(rows: Sequence[Sequence[CellValue]]) -> HeaderLayout | None:
    """Find the header row among the first rows, or ``None`` when no row names a name column.

    Merged header cells need no special case: the reader puts their text in the top-left cell.
    """
    best: tuple[int, int, int] | None = None
    best_columns: dict[str, int] = {}
    best_texts: list[str] = []
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        if not any(v not in (None, "") for v in row):
            continue
        texts = _row_texts(row)
        scored = _score(texts)
        if scored is None:
            continue
        count, strength, columns = scored
        key = (count, strength, -index)
        if best is None or key > best:
            best, best_columns, best_texts = key, columns, texts
    if best is None:
        return None
    header_row = -best[2]
    texts, columns, height = best_texts, best_columns, 1
    # Two-row header: sub-headers under a merged group cell ("Liên hệ" over Điện thoại | Email).
    if header_row + 1 < len(rows):
        below = _row_texts(rows[header_row + 1])
        sub = {col: match_header(t) for col, t in enumerate(below) if t}
        if sub and all(m is not None and m[1] >= 2 for m in sub.values()):
            width = max(len(texts), len(below))
            combined = [
                (below[c] if c < len(below) and below[c] else (texts[c] if c < len(texts) else ""))
                for c in range(width)
            ]
            combined_columns = assign_columns(combined)
            if has_name(combined_columns) and len(combined_columns) >= len(columns):
                texts, columns, height = combined, combined_columns, 2
    first_data = header_row + height
    return HeaderLayout(
        header_row=header_row,
        first_data_row=first_data,
        columns=columns,
        header_texts=tuple(texts),
        signature=header_signature(texts),
        header_rows=height,
    )


def refine_with_data(
    layout: HeaderLayout, rows: Sequence[Sequence[CellValue]], *, sample: int = 60
) -> HeaderLayout:
    """Adjust a header-based mapping with what the first data rows hold.

    A "Title" column of Mr/Ms values is the honorific; an unlabelled column of e-mail addresses
    is the e-mail; an unlabelled first column counting 1, 2, 3… is the STT column.
    """
    columns = dict(layout.columns)
    inferred = set(layout.inferred)
    data = [
        r
        for r in rows[layout.first_data_row : layout.first_data_row + sample]
        if any(v not in (None, "") for v in r)
    ]
    if not data:
        return layout

    def values(col: int) -> list[str]:
        return [cell_text(r[col]).strip() for r in data if col < len(r) and r[col] not in (None, "")]

    pos = columns.get("position")
    if pos is not None and "honorific" not in columns:
        vals = values(pos)
        if vals and sum(normalize_header(v) in _HONORIFIC_VALUES for v in vals) >= 0.8 * len(vals):
            columns["honorific"] = columns.pop("position")
            inferred.add("honorific")
    used = set(columns.values())
    width = max(len(r) for r in data)
    if "email" not in columns:
        for col in range(width):
            vals = values(col)
            if (
                col not in used
                and len(vals) >= 2
                and sum(bool(_EMAIL_LIKE.fullmatch(v)) for v in vals) >= 0.8 * len(vals)
            ):
                columns["email"] = col
                inferred.add("email")
                used.add(col)
                break
    if "stt" not in columns and 0 not in used:
        vals = values(0)
        numbers = [int(v) for v in (x.rstrip(".") for x in vals) if v.isdigit()]
        if len(numbers) >= 2 and len(numbers) >= 0.8 * len(vals) and numbers == sorted(numbers):
            columns["stt"] = 0
            inferred.add("stt")
    if columns == layout.columns:
        return layout
    return HeaderLayout(
        layout.header_row,
        layout.first_data_row,
        columns,
        layout.header_texts,
        layout.signature,
        layout.header_rows,
        frozenset(inferred),
    )


def first_texts(rows: Sequence[Sequence[CellValue]], limit: int = 5) -> list[str]:
    """The first non-empty rows as ``" | "``-joined texts (for ``import.no_header``)."""
    result: list[str] = []
    for row in rows:
        texts = [t for t in _row_texts(row) if t]
        if texts:
            result.append(" | ".join(texts)[:200])
            if len(result) >= limit:
                break
    return result
