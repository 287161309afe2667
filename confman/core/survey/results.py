"""Survey results: figures per question, over all units and broken down by unit type. Pure functions.

* single / multi choice: count per option (a multi-choice answer counts each option it ticks);
  percentages are of the units that answered the question;
* scale: count per value, mean and median; number: mean, median and a distribution in bins;
* texts: every answer with its unit.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from confman.core.enums import OrganizationType
from confman.core.survey.models import CHOICE_TYPES, TEXT_TYPES, QuestionType
from confman.core.survey.rows import QuestionSpec, ResponseRow, SurveyInfo, UnitRow

#: The order unit types are shown in (tables, charts): the enum's.
UNIT_TYPES: tuple[OrganizationType, ...] = tuple(OrganizationType)


@dataclass(frozen=True, slots=True)
class Stats:
    """The figures of one question over one group of units."""

    units: int
    """Units of the group that sent answers at all."""
    answered: int
    counts: tuple[tuple[str, int], ...] = ()
    """Per option (stored label) or scale value ("1" … "N") or number bin, in display order."""
    mean: float | None = None
    median: float | None = None

    def share(self, count: int) -> float:
        """``count`` as a percentage of the units that answered (0 when none did)."""
        return 100.0 * count / self.answered if self.answered else 0.0


@dataclass(frozen=True, slots=True)
class TextAnswer:
    unit: str
    unit_type: OrganizationType
    text: str


@dataclass(frozen=True, slots=True)
class QuestionResult:
    question: QuestionSpec
    overall: Stats
    by_type: tuple[tuple[OrganizationType, Stats], ...]
    texts: tuple[TextAnswer, ...] = ()


@dataclass(frozen=True, slots=True)
class TypeCount:
    type: OrganizationType
    invited: int
    responded: int


@dataclass(frozen=True, slots=True)
class SurveyResults:
    survey: SurveyInfo
    invited: int
    responses: int
    by_type: tuple[TypeCount, ...]
    questions: tuple[QuestionResult, ...]
    respondents: tuple[ResponseRow, ...]

    @property
    def rate(self) -> float:
        return 100.0 * self.responses / self.invited if self.invited else 0.0


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def number_bins(values: Sequence[float], max_bins: int = 6) -> list[tuple[float, float, str]]:
    """Bins ``(low, high, label)`` covering ``values``: one per value when there are few whole numbers,
    else up to ``max_bins`` equal ranges with round edges (the last one closed)."""
    if not values:
        return []
    distinct = sorted(set(values))
    if len(distinct) <= max_bins and all(float(v).is_integer() for v in distinct):
        return [(v, v, _fmt(v)) for v in distinct]
    low, high = min(values), max(values)
    raw = (high - low) / max_bins
    magnitude = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    bins = []
    edge = start
    while edge <= high:
        bins.append((edge, edge + step, f"{_fmt(edge)}–{_fmt(edge + step)}"))
        edge += step
    return bins


def _bin_index(bins: Sequence[tuple[float, float, str]], value: float) -> int:
    for i, (low, high, _label) in enumerate(bins):
        if low == high and value == low:
            return i
        if low <= value < high:
            return i
    return len(bins) - 1


def _stats(question: QuestionSpec, values: list[object], units: int,
           bins: Sequence[tuple[float, float, str]]) -> Stats:
    answered = len(values)
    kind = question.type
    if kind in CHOICE_TYPES:
        counts = dict.fromkeys(question.options_vi, 0)
        for value in values:
            for option in value if isinstance(value, list) else [value]:
                if option in counts:
                    counts[str(option)] += 1
        return Stats(units, answered, tuple(counts.items()))
    if kind in (QuestionType.SCALE, QuestionType.NUMBER):
        numbers = [float(v) for v in values if isinstance(v, int | float)]
        mean = statistics.fmean(numbers) if numbers else None
        median = float(statistics.median(numbers)) if numbers else None
        if kind == QuestionType.SCALE:
            scale = dict.fromkeys((str(v) for v in question.scale_values), 0)
            for n in numbers:
                scale[str(int(n))] = scale.get(str(int(n)), 0) + 1
            counts = tuple(scale.items())
        else:
            tally = [0] * len(bins)
            for n in numbers:
                tally[_bin_index(bins, n)] += 1
            counts = tuple((label, tally[i]) for i, (_l, _h, label) in enumerate(bins))
        return Stats(units, answered, counts, mean, median)
    return Stats(units, answered)


def compute_results(survey: SurveyInfo, units: Sequence[UnitRow], responses: Sequence[ResponseRow]) -> SurveyResults:
    """Every figure of the survey from the invited ``units`` and their current ``responses``."""
    types_present = [k for k in UNIT_TYPES if any(r.unit_type == k for r in responses)]
    by_type_units = {k: sum(1 for r in responses if r.unit_type == k) for k in types_present}
    results = []
    for question in survey.questions:
        answers = [(r, r.answers[question.code]) for r in responses if r.answers.get(question.code) not in (None, "", [])]
        bins = number_bins([float(v) for _, v in answers if isinstance(v, int | float)]) \
            if question.type == QuestionType.NUMBER else []
        overall = _stats(question, [v for _, v in answers], len(responses), bins)
        by_type = tuple((k, _stats(question, [v for r, v in answers if r.unit_type == k], by_type_units[k], bins))
                        for k in types_present)
        texts = tuple(TextAnswer(r.unit, r.unit_type, str(v)) for r, v in answers) \
            if question.type in TEXT_TYPES else ()
        results.append(QuestionResult(question, overall, by_type, texts))
    counts = tuple(TypeCount(k, sum(1 for u in units if u.type == k), sum(1 for r in responses if r.unit_type == k))
                   for k in UNIT_TYPES if any(u.type == k for u in units))
    return SurveyResults(survey=survey, invited=len(units), responses=len(responses), by_type=counts,
                         questions=tuple(results), respondents=tuple(responses))


def results_json(results: SurveyResults) -> dict[str, object]:
    """The CLI's ``--json`` figures: ``{"responses", "questions": [{"code", "type", "answered", "options",
    "mean", "median", "texts"}]}``. ``options`` maps a label to how many units gave it: per option
    (choices; a multiple choice counts each option ticked), per value (scales), per bin of
    :func:`number_bins` (numbers: "10–20" counts 10 ≤ x < 20, the last bin includes its upper edge;
    a few whole numbers get one label each); empty for texts."""
    out = []
    for qr in results.questions:
        q = qr.question
        options = dict(qr.overall.counts)
        out.append({"code": q.code, "type": q.type.value, "answered": qr.overall.answered, "options": options,
                    "mean": qr.overall.mean, "median": qr.overall.median,
                    "texts": [{"unit": a.unit, "text": a.text} for a in qr.texts]})
    return {"responses": results.responses, "questions": out}
