"""Load a questionnaire from the spreadsheet an organiser already wrote.

Columns (Vietnamese or English headers, any order, found in the first rows)::

    Mã | Phần | Câu hỏi | Câu hỏi (tiếng Anh) | Loại | Lựa chọn | Bắt buộc   [| Lựa chọn (tiếng Anh) | Gợi ý]
    Code | Section | Question | Question (English) | Type | Options | Required  [| Options (English) | Help]

Options are separated by ``;``. A type is a code (``single``, ``multi``, ``scale``, ``number``,
``text``, ``long_text``) or its Vietnamese label. A scale's options are its range and end labels:
``1-5; Rất không hài lòng; Rất hài lòng``. A blank section continues the one above; a blank code
becomes ``C<n>``. Problems raise ``DomainError`` naming the file, row and column.
"""

from __future__ import annotations

import re
from pathlib import Path

from confman.core.errors import DomainError
from confman.core.registration.importing.readers import read_sheets, sniff
from confman.core.survey.models import QuestionType
from confman.core.survey.rows import QuestionSpec
from confman.core.text import clean_text, fold

HEADERS: dict[str, tuple[str, ...]] = {
    "code": ("ma", "ma cau hoi", "code", "question code", "id", "stt"),
    "section": ("phan", "muc", "section", "part"),
    "text_vi": ("cau hoi", "noi dung cau hoi", "cau hoi tieng viet", "question", "question vietnamese",
                "question vi"),
    "text_en": ("cau hoi tieng anh", "question english", "question en", "cau hoi en"),
    "type": ("loai", "loai cau hoi", "kieu", "type", "question type"),
    "options_vi": ("lua chon", "cac lua chon", "phuong an", "options", "choices", "answers"),
    "options_en": ("lua chon tieng anh", "options english", "choices english", "options en"),
    "required": ("bat buoc", "required", "mandatory"),
    "help": ("goi y", "huong dan", "ghi chu", "help", "hint", "note"),
}
_HEADER_INDEX = {variant: key for key, variants in HEADERS.items() for variant in variants}

TYPE_WORDS: dict[str, QuestionType] = {
    **{w: QuestionType.SINGLE for w in ("single", "single choice", "mot lua chon", "chon mot", "1 lua chon",
                                        "lua chon don", "radio")},
    **{w: QuestionType.MULTI for w in ("multi", "multiple", "multiple choice", "nhieu lua chon", "chon nhieu",
                                       "lua chon nhieu", "checkbox")},
    **{w: QuestionType.SCALE for w in ("scale", "rating", "thang diem", "thang do", "danh gia", "muc do")},
    **{w: QuestionType.NUMBER for w in ("number", "numeric", "so", "con so", "so lieu")},
    **{w: QuestionType.SHORT_TEXT for w in ("text", "short text", "short_text", "van ban", "van ban ngan",
                                            "tra loi ngan", "chu")},
    **{w: QuestionType.LONG_TEXT for w in ("long text", "long_text", "paragraph", "van ban dai", "tra loi dai",
                                           "y kien", "doan van")},
}
YES_WORDS = frozenset({"x", "v", "1", "co", "yes", "y", "true", "bat buoc", "required", "dung"})
NO_WORDS = frozenset({"", "0", "khong", "no", "n", "false", "tuy chon", "optional"})
_RANGE = re.compile(r"^\s*(\d+)\s*[-–—:.]+\s*(\d+)\s*$")
_SPLIT = re.compile(r"\s*;\s*")


def _header_key(value: object) -> str | None:
    return _HEADER_INDEX.get(fold(str(value or "")))


def _find_header(rows: list[list[object]]) -> tuple[int, dict[str, int]] | None:
    for index, row in enumerate(rows[:15]):
        columns: dict[str, int] = {}
        for col, value in enumerate(row):
            key = _header_key(value)
            if key and key not in columns:
                columns[key] = col
        if "text_vi" in columns and "type" in columns:
            return index, columns
    return None


def _cell(row: list[object], columns: dict[str, int], key: str) -> str:
    col = columns.get(key)
    if col is None or col >= len(row) or row[col] is None:
        return ""
    value = row[col]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_text(str(value), multiline=key in ("text_vi", "text_en", "help"))


def parse_type(value: str) -> QuestionType | None:
    """A question type from its code or label (``"thang điểm"`` → scale)."""
    return TYPE_WORDS.get(fold(value).replace("-", " "))


def questions_from_rows(rows: list[list[object]], file: str) -> list[QuestionSpec]:
    """The questions in a sheet's rows (see the module docstring for the layout)."""
    found = _find_header(rows)
    if found is None:
        raise DomainError("survey.file.no_header", file=file)
    header_index, columns = found
    specs: list[QuestionSpec] = []
    section_vi = ""
    for index in range(header_index + 1, len(rows)):
        row = rows[index]
        excel_row = index + 1
        text_vi = _cell(row, columns, "text_vi")
        type_text = _cell(row, columns, "type")
        if not text_vi and not type_text:
            continue
        if not text_vi:
            raise DomainError("survey.file.text_missing", file=file, row=excel_row)
        kind = parse_type(type_text)
        if kind is None:
            raise DomainError("survey.file.bad_type", file=file, row=excel_row, value=type_text)
        section_vi = _cell(row, columns, "section") or section_vi
        required_text = fold(_cell(row, columns, "required"))
        if required_text not in YES_WORDS | NO_WORDS:
            raise DomainError("survey.file.bad_required", file=file, row=excel_row, value=_cell(row, columns, "required"))
        options = [o for o in _SPLIT.split(_cell(row, columns, "options_vi")) if o]
        options_en = [o for o in _SPLIT.split(_cell(row, columns, "options_en")) if o]
        scale_max, low, high = 5, "", ""
        if kind == QuestionType.SCALE:
            if options and (match := _RANGE.match(options[0])):
                lowest, scale_max = int(match.group(1)), int(match.group(2))
                if lowest != 1 or not 2 <= scale_max <= 10:
                    raise DomainError("survey.file.bad_scale", file=file, row=excel_row, value=options[0])
                options = options[1:]
            low = options[0] if options else ""
            high = options[1] if len(options) > 1 else ""
            options = []
        code = _cell(row, columns, "code") or f"C{len(specs) + 1}"
        specs.append(QuestionSpec(
            code=code, text_vi=text_vi, text_en=_cell(row, columns, "text_en"), type=kind, section_vi=section_vi,
            options_vi=tuple(options), options_en=tuple(options_en), scale_max=scale_max, low_label=low,
            high_label=high, required=required_text in YES_WORDS, help_vi=_cell(row, columns, "help")))
    if not specs:
        raise DomainError("survey.file.no_questions", file=file)
    return specs


def read_questionnaire(path: Path) -> list[QuestionSpec]:
    """The questions of the first sheet of ``path`` (xlsx, xls, ods or csv) that has the header."""
    source = sniff(Path(path))
    sheets = read_sheets(source)
    for sheet in sheets:
        if _find_header(sheet.rows) is not None:
            return questions_from_rows(sheet.rows, Path(path).name)
    raise DomainError("survey.file.no_header", file=Path(path).name)
