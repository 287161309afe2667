"""Turn the data rows under a header into ``ImportRow`` values, rejections and skipped noise.

Skipped without a report: blank rows, column-numbering rows ("(1) (2) (3)"), repeated headers,
rows holding only an STT, section rows ("I. ĐẠI BIỂU CÁC BỘ, NGÀNH", "A. KHÁCH MỜI"), totals
("Tổng cộng: 575 đại biểu"), the place/date line and the whole signature block below it
("Người lập biểu", "KT. BỘ TRƯỞNG", "(Ký, ghi rõ họ tên)" and the signers' names).

Section rows carry meaning: a section naming a category ("ĐẠI BIỂU CÁC BỘ, NGÀNH") becomes the
default category of the rows under it when the sheet has no category column; a section naming
an organisation ("1. Bộ Tài chính") becomes their default organisation when the sheet has no
organisation column. Every row also records the section it sits in (``ImportRow.section``).

Rejected (reported with file, sheet, Excel row, code and params): a row with data but no name
(``import.row.name_missing``), a name without letters (``import.row.name_invalid``), a value that
is a spreadsheet formula (``import.row.formula``), a value too long (``text.too_long``).

A phone with letters or invalid (``phone.letters``/``phone.invalid``) or an invalid e-mail
(``email.invalid``) does not cost the delegate: the row is imported with that field empty and an
``import.row.field_dropped`` warning (params ``field``, ``value``, ``error_code``). With
``reject_invalid`` such rows are rejected whole instead (``confman import --strict``).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from confman.core.bulk import fast_constructor
from confman.core.errors import DomainError
from confman.core.text import (
    NameParts,
    clean_text,
    fold,
    normalize_email,
    normalize_phone,
    plain_vietnamese_phone,
    split_name,
)

from .layout import NAME_FIELDS, HeaderLayout, cell_text, column_letter, match_header
from .readers import CellValue

# Lengths of the matching Delegate columns.
MAX_LENGTHS: dict[str, int] = {
    "full_name": 300, "honorific": 50, "position": 500, "organization": 500, "delegation": 300,
    "nationality": 100, "category": 200, "notes": 4000,
}  # fmt: skip
TEXT_FIELDS: tuple[str, ...] = ("position", "organization", "delegation", "nationality", "category")


@dataclass(frozen=True, slots=True)
class ImportWarning:
    """Something the user should see, as a message code with parameters."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ImportRow:
    """One delegate read from a file; every text is clean NFC, phone and e-mail normalised.

    ``excel_row`` is the 1-based row number as the spreadsheet shows it. ``name_parts`` is set
    when the file gives the name in separate columns (Họ | Tên). ``gender`` is ``"male"``,
    ``"female"``, ``"other"`` or ``""``. ``section`` is the section row the delegate sits under.
    """

    file: str
    sheet: str
    excel_row: int
    full_name: str
    honorific: str = ""
    position: str = ""
    organization: str = ""
    phone: str = ""
    email: str = ""
    gender: str = ""
    notes: str = ""
    delegation: str = ""
    nationality: str = ""
    category: str = ""
    warnings: tuple[ImportWarning, ...] = ()
    name_parts: NameParts | None = None
    section: str = ""


_import_row = fast_constructor(ImportRow)


@dataclass(frozen=True, slots=True)
class Rejection:
    """A row that holds data but cannot be imported; ``code`` + ``params`` say why."""

    file: str
    sheet: str
    row: int
    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class RowsResult:
    rows: list[ImportRow] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    skipped: int = 0
    section_defaults: set[str] = field(default_factory=set)


# --- classification patterns ------------------------------------------------------------------

_NUMBER_RE = re.compile(r"\d{1,5}\.?")
_NUMBERING_CELL_RE = re.compile(
    r"\(?\d{1,2}\)?|\([A-Za-z]\)|\(\d{1,2}\s*[=+x*-]\s*\d{1,2}(?:\s*[+x*-]\s*\d{1,2})*\)"
)
_ROMAN_OR_LETTER_RE = re.compile(r"(?:[IVXLC]{1,6}|[A-Za-z])[.)]?", re.IGNORECASE)
_ENUMERATOR_RE = re.compile(r"^(?P<enum>[IVXLC]{1,6}|[A-Z]|[a-z]|\d{1,2}(?:\.\d{1,2})*)\s*[.)/:-]\s*(?=\S)")
_TOTAL_RE = re.compile(
    r"^(?:tổng\s*cộng|tổng\s*số|tổng\b|cộng(?!\s*h[oò]à?a?)\b|tong\s+cong\b|tong\s+so\b|grand\s+total|total\b|sub-?total\b)"
)
_DATE_LINE_RE = re.compile(r"\bngay\b.{0,14}\bthang\b.{0,14}\bnam\b")
_STRONG_FOOTER = (
    "nguoi lap", "nguoi duyet", "nguoi ky", "tm ", "tm.", "kt ", "kt.", "tl ", "tl.", "tuq", "q. ", "pp ",
    "pp.", "(ky", "ky ten", "ky ghi ro", "ky, ghi ro", "noi nhan", "xac nhan cua", "prepared by",
    "approved by", "signature", "signed by", "thu truong co quan", "thu truong don vi",
)  # fmt: skip
_WEAK_FOOTER = (
    "bo truong", "thu truong", "giam doc", "pho giam doc", "chu tich", "pho chu tich", "truong ban",
    "pho truong ban", "chanh van phong", "vu truong", "cuc truong", "tong cuc truong", "hieu truong",
    "vien truong", "tong bien tap", "thu ky", "ke toan truong",
)  # fmt: skip
_CATEGORY_WORDS = (
    "dai bieu", "khach moi", "phong vien", "bao chi", "thanh phan", "lanh dao", "ban to chuc", "dien gia",
    "delegates", "guests", "press", "speakers", "participants", "media", "vip", "khach quoc te", "doan ",
    "cac bo", "cac so", "cac tinh", "dia phuong", "trung uong", "doanh nghiep",
)  # fmt: skip
_ORG_PREFIXES = (
    "bộ", "sở", "ubnd", "ủy ban", "uỷ ban", "tỉnh", "thành phố", "tp.", "tp", "báo", "đài", "tạp chí",
    "trường", "viện", "cục", "tổng cục", "vụ", "văn phòng", "công ty", "tổng công ty", "tập đoàn", "hội",
    "ban", "học viện", "bệnh viện", "ngân hàng", "đảng ủy", "đảng uỷ", "tỉnh ủy", "tỉnh uỷ", "thành ủy",
    "thành uỷ", "huyện ủy", "huyện", "quận", "đại sứ quán", "trung tâm", "kho bạc", "bộ tư lệnh",
    "công an", "đại học", "liên đoàn", "mặt trận", "hđnd", "thông tấn xã", "ttxvn", "ministry",
    "department", "embassy", "province", "city", "agency", "office", "university", "institute",
)  # fmt: skip
_ORG_PREFIX_RE = re.compile("^(?:" + "|".join(re.escape(p) for p in _ORG_PREFIXES) + r")(?:\s|$)")
# Text a spreadsheet would run: "=…", or +/-/@ followed by a function call or a DDE link (cmd|…).
_FORMULA_RE = re.compile(r"^(?:=\S|[+\-@]\s*[A-Za-z_][\w.]*\s*[(|!])")
_FORMULA_START = frozenset("=+-@")
_HONORIFIC_PREFIX_RE = re.compile(
    r"^(?P<h>ông|bà|đ/c|đc|đồng chí|mr|mrs|ms|miss|dr|prof|h\.\s?e)\.?(?:\s+|(?<=\.)(?=\S))(?P<rest>.+)$",
    re.IGNORECASE,
)
_HONORIFICS = {
    "ông": "Ông", "bà": "Bà", "đ/c": "Đồng chí", "đc": "Đồng chí", "đồng chí": "Đồng chí", "mr": "Mr",
    "mrs": "Mrs", "ms": "Ms", "miss": "Miss", "dr": "Dr", "prof": "Prof", "h.e": "H.E.", "h. e": "H.E.",
    "h.e.": "H.E.", "he": "H.E.", "madam": "Madam", "sir": "Sir",
}  # fmt: skip
_VIETNAMESE_HONORIFICS = frozenset({"ông", "bà", "đ/c", "đc", "đồng chí"})
_GENDERS = {
    "nam": "male", "male": "male", "m": "male", "trai": "male", "ong": "male", "mr": "male",
    "nu": "female", "female": "female", "f": "female", "gai": "female", "ba": "female", "ms": "female",
    "mrs": "female", "khac": "other", "other": "other",
}  # fmt: skip
_MULTI_SPLIT_RE = re.compile(r"\s*(?:[;,\n/]|\s-\s|\bhoặc\b|\bor\b)\s*")
_EMAIL_TOKEN_RE = re.compile(r"[^\s;,/<>()\"']+@[^\s;,/<>()\"']+")
_LETTER_RE = re.compile(r"[^\W\d_]")
_EMAIL_SPLIT_RE = re.compile(r"[\s;,/]+")
# Control characters a cell should never hold (tab, line feed and carriage return are whitespace).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _is_number(text: str) -> bool:
    return _NUMBER_RE.fullmatch(text) is not None


def _lower(text: str) -> str:
    return clean_text(text).lower()


def is_total(text: str) -> bool:
    low = _lower(text)
    return bool(_TOTAL_RE.match(low) or _TOTAL_RE.match(fold(text)))


def is_date_line(text: str) -> bool:
    return bool(_DATE_LINE_RE.search(fold(text)))


def footer_strength(text: str) -> int:
    """2 for a sure signature-block line, 1 for an all-caps job title alone, 0 otherwise."""
    folded = fold(text)
    if folded.startswith(_STRONG_FOOTER) or is_date_line(text):
        return 2
    stripped = clean_text(text)
    if stripped.isupper() and folded.startswith(_WEAK_FOOTER) and len(folded) <= 40:
        return 1
    return 0


def section_kind(text: str) -> str:
    """``"category"``, ``"organization"`` or ``""`` for a section title (enumerator removed)."""
    folded = f"{fold(text)} "
    if any(word in folded for word in _CATEGORY_WORDS):
        return "category"
    if _ORG_PREFIX_RE.match(_lower(text)):
        return "organization"
    return ""


def strip_enumerator(text: str) -> tuple[str, str]:
    """``("I", "ĐẠI BIỂU …")`` from ``"I. ĐẠI BIỂU …"``; ``("", text)`` without an enumerator."""
    match = _ENUMERATOR_RE.match(text)
    if not match:
        return "", text
    return match.group("enum"), text[match.end() :].strip()


def split_honorific(name: str) -> tuple[str, str]:
    """``("Ông", "Nguyễn Văn An")`` from ``"Ông Nguyễn Văn An"``; ``("", name)`` otherwise."""
    match = _HONORIFIC_PREFIX_RE.match(name)
    if not match:
        return "", name
    key = match.group("h").lower()
    rest = match.group("rest").strip()
    if key in _VIETNAMESE_HONORIFICS and len(rest.split()) < 2:
        return "", name  # "Ông" is also a family name: "Ông Tùng" stays whole
    return _HONORIFICS.get(key, match.group("h")), rest


def normalize_honorific(value: str) -> str:
    key = value.strip().rstrip(".").lower()
    return _HONORIFICS.get(key, _HONORIFICS.get(key + ".", value.strip()))


def normalize_gender(value: str) -> str | None:
    """``"male"``/``"female"``/``"other"``, ``""`` when blank, ``None`` when not understood."""
    if not value:
        return ""
    return _GENDERS.get(fold(value).rstrip(".").replace(" ", ""))


# --- row building -----------------------------------------------------------------------------


class _Reject(Exception):
    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def _clean(value: str, fld: str, *, multiline: bool = False) -> str:
    if not value:
        return ""
    if value[0] in _FORMULA_START and _FORMULA_RE.match(value):  # callers pass stripped text
        raise _Reject("import.row.formula", field=fld, value=value[:100])
    try:
        return clean_text(value, multiline=multiline, max_length=MAX_LENGTHS.get(fld), field=fld)
    except DomainError as exc:
        raise _Reject(exc.code, **exc.params) from None


def _phone(raw: CellValue, text: str, warnings: list[ImportWarning]) -> tuple[str, list[str]]:
    """Normalised first phone, plus e-mail addresses found in the phone cell."""
    emails: list[str] = []
    if "@" in text:
        emails = _EMAIL_TOKEN_RE.findall(text)
        text = _EMAIL_TOKEN_RE.sub(" ", text).strip(" ;,/-")
        raw = text
    if not text:
        return "", emails
    plain = plain_vietnamese_phone(raw)  # one plainly written number: the rules below give the same
    if plain is not None:
        return plain, emails
    several = isinstance(raw, str) and _MULTI_SPLIT_RE.search(text) is not None
    parts = [p for p in _MULTI_SPLIT_RE.split(text) if p.strip()] if several else []
    if len(parts) > 1:
        found: list[str] = []
        for part in parts:
            try:
                number = normalize_phone(part)
            except DomainError:
                continue
            if number and number not in found:
                found.append(number)
        if found:
            warnings.extend(ImportWarning("import.row.extra_phone", {"value": extra}) for extra in found[1:])
            return found[0], emails
    try:
        return normalize_phone(raw), emails
    except DomainError as exc:
        raise _Reject(exc.code, **exc.params) from None


def _email(text: str, warnings: list[ImportWarning]) -> str:
    if not text:
        return ""
    if text.isascii() and text.isprintable() and not (" " in text or ";" in text or "," in text or "/" in text):
        candidates = [text]  # one address (what the split below finds in printable ASCII without separators)
    else:
        candidates = [p for p in _EMAIL_SPLIT_RE.split(text) if p] if _EMAIL_SPLIT_RE.search(text) else [text]
    if len(candidates) > 1 and all("@" in p for p in candidates):
        warnings.extend(
            ImportWarning("import.row.extra_email", {"value": extra.lower()}) for extra in candidates[1:]
        )
        text = candidates[0]
    try:
        return normalize_email(text)
    except DomainError as exc:
        raise _Reject(exc.code, **exc.params) from None


def _split_parts(full_name: str, given: str) -> NameParts:
    """Name parts from separate columns: the given name as the file gives it, the rest split."""
    if not given or not full_name.endswith(given):
        return split_name(full_name)
    head = full_name[: -len(given)].strip()
    if not head:
        return NameParts("", "", given)
    family_middle = split_name(f"{head} _")
    return NameParts(family_middle.family, family_middle.middle, given)


class RowBuilder:
    """Walks the data rows of one sheet; keeps the section and signature-block state."""

    def __init__(self, layout: HeaderLayout, *, file: str, sheet: str, reject_invalid: bool = False) -> None:
        self.layout = layout
        self.reject_invalid = reject_invalid
        self.file = file
        self.sheet = sheet
        cols = layout.columns
        self.cols = cols
        self.stt = cols.get("stt")
        self.name = cols.get("full_name")
        self.family = cols.get("family_name")
        self.middle = cols.get("middle_name")
        self.given = cols.get("given_name")
        self.name_cols = [c for f, c in cols.items() if f in NAME_FIELDS]
        self.first_name_col = min(self.name_cols) if self.name_cols else 0
        self.contact_cols = [cols[f] for f in ("phone", "email") if f in cols]
        self.text_cols = [(f, cols[f]) for f in TEXT_FIELDS if f in cols]
        self.honorific_col = cols.get("honorific")
        self.notes_col = cols.get("notes")
        self.phone_col = cols.get("phone")
        self.email_col = cols.get("email")
        self.gender_col = cols.get("gender")
        self.in_footer = False
        self.section = ""
        self.default_category = ""
        self.default_organization = ""
        self.result = RowsResult()
        self._caches: dict[str, dict[str, str | _Reject]] = {f: {} for f in (*TEXT_FIELDS, "honorific")}
        self._names: dict[str, tuple[str, str] | _Reject] = {}

    # -- classification

    def _name_text(self, texts: dict[int, str]) -> str:
        if self.name is not None:
            return texts.get(self.name, "")
        return " ".join(
            texts[c] for c in (self.family, self.middle, self.given) if c is not None and c in texts
        )

    def _is_plain_data(self, texts: dict[int, str]) -> bool:
        """Fast path: a numbered row (STT 1, 2, 3…) with a non-numeric name is a delegate."""
        if self.in_footer or self.stt is None:
            return False
        stt_text = texts.get(self.stt)
        if not stt_text or not stt_text.isdigit():
            return False
        name = texts.get(self.name) if self.name is not None else texts.get(self.given)  # type: ignore[arg-type]
        return bool(name) and not name.isdigit() and not name.startswith("(")  # type: ignore[union-attr]

    def _is_noise(self, texts: dict[int, str], merged_cols: Collection[int]) -> bool:
        """True when the row is not a delegate (and updates section/footer state)."""
        stt_text = texts.get(self.stt, "") if self.stt is not None else ""
        numeric_stt = bool(stt_text) and _is_number(stt_text)
        name_text = self._name_text(texts)
        has_contact = any(c in texts for c in self.contact_cols)
        values = list(texts.values())

        if self.in_footer:
            if numeric_stt and name_text and not footer_strength(name_text):
                self.in_footer = False
                return False
            return True
        if len(values) >= 2 and all(_NUMBERING_CELL_RE.fullmatch(v) for v in values):
            return True  # column numbering under the header: (1) (2) (3) …
        if not numeric_stt and name_text and len(values) >= 2 and len(name_text) <= 60:
            header_match = match_header(name_text)
            if (
                header_match
                and header_match[0] in NAME_FIELDS
                and header_match[1] >= 3
                and sum(match_header(v) is not None for v in values) >= 2
            ):
                return True  # header repeated on every printed page
        if not numeric_stt and not has_contact:
            for value in values:
                if is_total(value):
                    return True
            strengths = [footer_strength(v) for v in values]
            if max(strengths) == 2 or (max(strengths) == 1 and not name_text):
                self.in_footer = True
                return True
        if len(texts) == 1 and self.stt in texts and (numeric_stt or len(stt_text) <= 6):
            return True  # only an STT
        if self.stt is None and len(values) == 1 and _is_number(values[0]) and not name_text:
            return True  # a lone row number
        if numeric_stt or has_contact:
            return False
        return self._section(texts, stt_text, merged_cols)

    def _section(self, texts: dict[int, str], stt_text: str, merged_cols: Collection[int]) -> bool:
        stt_marker = bool(stt_text) and _ROMAN_OR_LETTER_RE.fullmatch(stt_text) is not None
        rest = [t for c, t in texts.items() if c != self.stt or not stt_marker]
        distinct = list(dict.fromkeys(rest))
        if not distinct:
            return True
        if len(distinct) > 1 and not stt_marker:
            return False
        title = " ".join(distinct)
        enum, body = strip_enumerator(title)
        col = next(c for c, t in texts.items() if t == distinct[0])
        kind = section_kind(body)
        enumerated = bool(enum) and (enum.isalpha() or bool(kind) or body.isupper())
        outside_name = col in merged_cols or (
            col not in self.name_cols and (col == self.stt or col < self.first_name_col)
        )
        titled_name = col in self.name_cols and (
            bool(kind) or (self.stt is not None and body.isupper() and len(body.split()) >= 2)
        )
        if not (stt_marker or enumerated or outside_name or titled_name):
            return False
        top_level = stt_marker or (bool(enum) and enum.isalpha())
        self._enter_section(body, kind or ("category" if top_level else ""))
        return True

    def _enter_section(self, title: str, kind: str) -> None:
        """Record the section; a category section also clears the organisation default."""
        self.section = clean_text(title)
        if kind == "category":
            self.default_organization = ""
            if "category" not in self.cols:
                self.default_category = self.section
        elif kind == "organization" and "organization" not in self.cols:
            self.default_organization = self.section

    # -- building

    def _clean_repeated(self, value: str, fld: str) -> str:
        """``_clean`` memoised per field: positions and organisations repeat down a list."""
        if not value:
            return ""
        cache = self._caches[fld]
        cached = cache.get(value)
        if cached is None:
            try:
                cached = _clean(value, fld)
            except _Reject as rej:
                cached = rej
            if len(cache) < 20_000:
                cache[value] = cached
        if type(cached) is _Reject:
            raise _Reject(cached.code, **cached.params)
        return cached

    def _full_name(self, value: str) -> tuple[str, str]:
        """``(honorific, full name)`` of a name cell: cleaned, a leading "Ông" or "Mr" split off;
        memoised (namesakes and repeated people are common in a long list)."""
        found = self._names.get(value)
        if found is None:
            try:
                found = split_honorific(_clean(value, "full_name")) if value else ("", "")
            except _Reject as rej:
                found = rej
            if len(self._names) < 50_000:
                self._names[value] = found
        if type(found) is _Reject:
            raise _Reject(found.code, **found.params)
        return found  # type: ignore[return-value]

    def add(self, row: Sequence[CellValue], excel_row: int, merged_cols: Collection[int] = ()) -> None:
        texts: dict[int, str] = {}
        controls: dict[int, int] | None = None
        for col, value in enumerate(row):
            kind = type(value)
            if kind is str:
                if value:
                    if not value.isprintable() and _CONTROL_RE.search(value):  # type: ignore[union-attr]
                        value, removed = _CONTROL_RE.subn("", value)  # type: ignore[arg-type]
                        controls = controls or {}
                        controls[col] = removed
                    value = value.strip()  # type: ignore[union-attr]
                    if value:
                        texts[col] = value  # type: ignore[assignment]
            elif kind is float and value.is_integer():  # type: ignore[union-attr]
                texts[col] = str(int(value))  # type: ignore[arg-type]
            elif value is not None:
                texts[col] = cell_text(value)
        if not texts:
            return
        if not self._is_plain_data(texts) and self._is_noise(texts, merged_cols):
            self.result.skipped += 1
            return
        if controls:
            row = [_CONTROL_RE.sub("", v) if type(v) is str else v for v in row]
        try:
            built = self._build(row, texts, excel_row)
            if controls:
                built = replace(built, warnings=(*built.warnings, *self._control_warnings(controls)))
            self.result.rows.append(built)
        except _Reject as rej:
            self.result.rejected.append(Rejection(self.file, self.sheet, excel_row, rej.code, rej.params))

    def _control_warnings(self, controls: dict[int, int]) -> list[ImportWarning]:
        """One warning per cell that held NUL or other control characters (removed)."""
        headers = self.layout.header_texts
        warnings = []
        for col, count in sorted(controls.items()):
            header = headers[col] if col < len(headers) else ""
            label = f"{column_letter(col)} ({header})" if header else column_letter(col)
            warnings.append(ImportWarning("import.row.control_removed", {"column": label, "count": count}))
        return warnings

    def _drop(self, rejection: _Reject, fld: str, value: str, warnings: list[ImportWarning]) -> None:
        """A bad phone or e-mail: rejected with the row when strict, else left out with a warning."""
        if self.reject_invalid or rejection.code == "import.row.formula":
            raise rejection
        warnings.append(ImportWarning("import.row.field_dropped", {
            "field": fld, "value": clean_text(value)[:100], "error_code": rejection.code,
        }))  # fmt: skip

    def _build(self, row: Sequence[CellValue], texts: dict[int, str], excel_row: int) -> ImportRow:
        cols = self.cols
        warnings: list[ImportWarning] = []
        get = texts.get
        name_parts: NameParts | None = None
        given = ""
        if self.name is not None:
            prefix, full_name = self._full_name(get(self.name, ""))
        else:
            parts = [
                _clean(get(c, ""), "full_name") if c is not None else ""
                for c in (self.family, self.middle, self.given)
            ]
            given = parts[2]
            full_name = _clean(" ".join(p for p in parts if p), "full_name")
            prefix, full_name = split_honorific(full_name) if full_name else ("", "")
        honorific = (
            self._clean_repeated(get(self.honorific_col, ""), "honorific")
            if self.honorific_col is not None
            else ""
        )
        if prefix:
            honorific = honorific or prefix
        if full_name and self.name is None:
            name_parts = _split_parts(full_name, given)
        honorific = normalize_honorific(honorific) if honorific else ""

        values = dict.fromkeys(TEXT_FIELDS, "")
        for fld, col in self.text_cols:
            if col in texts:
                values[fld] = self._clean_repeated(texts[col], fld)
        notes = _clean(get(self.notes_col, ""), "notes", multiline=True) if self.notes_col is not None else ""

        phone = ""
        extra_emails: list[str] = []
        if self.phone_col is not None and self.phone_col in texts:
            try:
                phone, extra_emails = _phone(row[self.phone_col], texts[self.phone_col], warnings)
            except _Reject as rej:
                self._drop(rej, "phone", texts[self.phone_col], warnings)
                extra_emails = _EMAIL_TOKEN_RE.findall(texts[self.phone_col])
        email_text = get(self.email_col, "") if self.email_col is not None else ""
        if not email_text and extra_emails:
            email_text = " ".join(extra_emails)
        try:
            email = _email(email_text, warnings)
        except _Reject as rej:
            self._drop(rej, "email", email_text, warnings)
            email = ""

        gender = ""
        if self.gender_col is not None and self.gender_col in texts:
            raw_gender = texts[self.gender_col]
            normalized = normalize_gender(raw_gender)
            if normalized is None:
                warnings.append(
                    ImportWarning("import.row.gender_unknown", {"value": clean_text(raw_gender)[:50]})
                )
            gender = normalized or ""

        if not full_name:
            raise _Reject("import.row.name_missing", field="full_name")
        if not _LETTER_RE.search(full_name):
            raise _Reject("import.row.name_invalid", field="full_name", value=full_name[:100])

        category = values["category"]
        organization = values["organization"]
        if not category and self.default_category and "category" not in cols:
            category = self.default_category
            self.result.section_defaults.add("category")
        if not organization and self.default_organization and "organization" not in cols:
            organization = self.default_organization
            self.result.section_defaults.add("organization")
        return _import_row(
            self.file,
            self.sheet,
            excel_row,
            full_name,
            honorific,
            values["position"],
            organization,
            phone,
            email,
            gender,
            notes,
            values["delegation"],
            values["nationality"],
            category,
            tuple(warnings),
            name_parts,
            self.section,
        )
