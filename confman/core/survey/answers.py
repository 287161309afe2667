"""Reading one answer against its question: pure rules shared by forms, flat tables and manual entry.

:func:`parse_answer` turns what a cell or a widget holds into the stored value — the Vietnamese
option label (single), a list of them in option order (multi), an int (scale), a number, or
clean text — or raises ``DomainError("survey.answer.…")`` saying what is wrong.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import date, datetime

from confman.core.errors import DomainError
from confman.core.survey.models import QuestionType
from confman.core.survey.rows import Answer, QuestionSpec
from confman.core.text import clean_text, fold

SHORT_TEXT_MAX = 500
LONG_TEXT_MAX = 4000
NUMBER_LIMIT = 1e12
MULTI_SEPARATORS = re.compile(r"\s*[;\n]\s*")
TRUE_MARKS = frozenset({"x", "v", "1", "co", "yes", "true", "dung", "check", "checked"})


def is_blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not clean_text(raw)) or raw == []


def _match_option(question: QuestionSpec, raw: object) -> str:
    wanted = fold(str(raw))
    for index, vi in enumerate(question.options_vi):
        en = question.options_en[index] if index < len(question.options_en) else ""
        if wanted and wanted in (fold(vi), fold(en)):
            return vi
    if isinstance(raw, int | float) or wanted.isdigit():  # "2" picks the second option
        number = float(raw) if not isinstance(raw, str) else float(wanted)
        if number.is_integer() and 1 <= number <= len(question.options_vi):
            return question.options_vi[int(number) - 1]
    raise DomainError("survey.answer.unknown_option", value=clean_text(str(raw))[:80],
                      options="; ".join(question.options_vi))


def _number(raw: object) -> float:
    if isinstance(raw, bool):
        raise DomainError("survey.answer.not_number", value=str(raw))
    if isinstance(raw, int | float):
        value = float(raw)
    elif isinstance(raw, datetime | date):
        raise DomainError("survey.answer.not_number", value=str(raw))
    else:
        text = clean_text(str(raw)).replace(" ", "")
        # Vietnamese writes 1.234,5; a lone comma is a decimal comma.
        if "," in text and "." in text:
            text = text.replace(".", "").replace(",", ".")
        elif text.count(",") == 1:
            text = text.replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            raise DomainError("survey.answer.not_number", value=clean_text(str(raw))[:80]) from None
    if not math.isfinite(value) or abs(value) > NUMBER_LIMIT:
        raise DomainError("survey.answer.not_number", value=clean_text(str(raw))[:80])
    return value


def parse_answer(question: QuestionSpec, raw: object) -> Answer | None:
    """The stored form of ``raw`` for ``question``; None when blank. Raises ``DomainError`` when invalid."""
    if is_blank(raw):
        return None
    kind = question.type
    if kind == QuestionType.SINGLE:
        return _match_option(question, raw)
    if kind == QuestionType.MULTI:
        parts: Iterable[object] = raw if isinstance(raw, list | tuple) else MULTI_SEPARATORS.split(str(raw))
        chosen = {_match_option(question, p) for p in parts if not is_blank(p)}
        return [o for o in question.options_vi if o in chosen] or None
    if kind == QuestionType.SCALE:
        value = _number(raw)
        if not value.is_integer() or not 1 <= value <= question.scale_max:
            raise DomainError("survey.answer.scale_range", value=clean_text(str(raw))[:80], max=question.scale_max)
        return int(value)
    if kind == QuestionType.NUMBER:
        value = _number(raw)
        return int(value) if value.is_integer() else value
    limit = SHORT_TEXT_MAX if kind == QuestionType.SHORT_TEXT else LONG_TEXT_MAX
    text = clean_text(raw, multiline=kind == QuestionType.LONG_TEXT)
    if len(text) > limit:
        raise DomainError("survey.answer.too_long", length=len(text), max_length=limit)
    return text or None


def is_checked(raw: object) -> bool:
    """Whether a multi-choice tick cell is ticked ("x", "✓", 1, "Có" …)."""
    if is_blank(raw):
        return False
    if isinstance(raw, bool):
        return raw
    text = fold(str(raw))
    return text in TRUE_MARKS or str(raw).strip() in ("✓", "✔", "☑", "☒")
