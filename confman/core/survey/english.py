"""What an English survey form would print in Vietnamese: the texts entered without an English version.

A form (PDF or Excel) in English takes each text's English version and falls back to the Vietnamese
one (``QuestionSpec.text/section/options/help``, ``SurveyInfo.title``). :func:`english_gaps` lists
where that fallback happens; :func:`gap_warnings` says it in sentences, shown (window) or printed
(CLI) before English forms are written or printed, as ``events.documents.document_warnings`` does
for the event's own English values. The organiser may go on all the same.

The results in English (report, tables, charts) fall back the same way: :func:`printed_gaps` keeps
the gaps a results file prints (no help texts; the tables print neither the title, the sections nor
the scale labels), so the same sentences are shown before the results are written.

A scale's end labels have a single version that every form prints as typed: they are named when
they contain letters English does not use (ă, ê, ơ, đ, tone marks…).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from confman.core.survey.models import CHOICE_TYPES, QuestionType
from confman.core.survey.rows import SurveyInfo
from confman.i18n import t


@dataclass(frozen=True, slots=True)
class EnglishGaps:
    """The survey's texts without English, in questionnaire order."""

    title: str = ""
    """The Vietnamese title when it has no English version ("" otherwise)."""
    sections: tuple[str, ...] = ()
    """Vietnamese section names printed for at least one question without an English name."""
    questions: tuple[str, ...] = ()
    """Codes of the questions whose text has no English version."""
    options: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(question code, its Vietnamese options without an English label)."""
    help: tuple[str, ...] = ()
    """Codes of the questions whose help text has no English version."""
    scale_labels: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(question code, its end labels written in Vietnamese)."""

    def __bool__(self) -> bool:
        return bool(self.title or self.sections or self.questions or self.options or self.help
                    or self.scale_labels)


def _vietnamese(text: str) -> bool:
    """Written with letters English does not use (ă, ê, ơ, đ, tone marks…)."""
    return any(ch.isalpha() and not ch.isascii() for ch in text)


def english_gaps(survey: SurveyInfo) -> EnglishGaps:
    """Where an English form of ``survey`` would print the Vietnamese text."""
    sections: list[str] = []
    questions: list[str] = []
    options: list[tuple[str, tuple[str, ...]]] = []
    helps: list[str] = []
    labels: list[tuple[str, tuple[str, ...]]] = []
    for q in survey.questions:
        if q.section_vi.strip() and not q.section_en.strip() and q.section_vi not in sections:
            sections.append(q.section_vi)
        if not q.text_en.strip():
            questions.append(q.code)
        if q.type in CHOICE_TYPES:
            english = (*q.options_en, *[""] * len(q.options_vi))
            missing = tuple(vi for vi, en in zip(q.options_vi, english, strict=False) if not en.strip())
            if missing:
                options.append((q.code, missing))
        if q.help_vi.strip() and not q.help_en.strip():
            helps.append(q.code)
        if q.type is QuestionType.SCALE:
            vietnamese = tuple(label for label in (q.low_label, q.high_label) if label and _vietnamese(label))
            if vietnamese:
                labels.append((q.code, vietnamese))
    title = survey.title_vi if survey.title_vi.strip() and not survey.title_en.strip() else ""
    return EnglishGaps(title, tuple(sections), tuple(questions), tuple(options), tuple(helps), tuple(labels))


#: What each kind of results file prints of the survey's texts (:func:`confman.core.survey.outputs.results_kind`).
RESULTS_PRINT: dict[str, frozenset[str]] = {
    "pdf": frozenset({"title", "sections", "questions", "options", "scale_labels"}),
    "xlsx": frozenset({"questions", "options"}),
    "charts": frozenset({"questions", "options", "scale_labels"}),
}


def printed_gaps(gaps: EnglishGaps, printed: frozenset[str]) -> EnglishGaps:
    """``gaps`` without the kinds of text a document does not print (``printed``: names of EnglishGaps fields)."""
    empty = {"title": ""} | {name: () for name in ("sections", "questions", "options", "help", "scale_labels")}
    return replace(gaps, **{name: value for name, value in empty.items() if name not in printed})


def _quoted(texts: tuple[str, ...], lang: str | None) -> str:
    return ", ".join(t("survey.english.quoted", lang, text=text) for text in texts)


def gap_warnings(gaps: EnglishGaps, lang: str | None = None) -> tuple[str, ...]:
    """One sentence per kind of text lacking English (in ``lang``, the interface's language by default)."""
    out: list[str] = []
    if gaps.title:
        out.append(t("survey.english.title", lang, title=t("survey.english.quoted", lang, text=gaps.title)))
    if gaps.sections:
        out.append(t("survey.english.sections", lang, names=_quoted(gaps.sections, lang)))
    if gaps.questions:
        out.append(t("survey.english.questions", lang, codes=", ".join(gaps.questions)))
    if gaps.options:
        out.append(t("survey.english.options", lang, items="; ".join(
            f"{code}: {_quoted(missing, lang)}" for code, missing in gaps.options)))
    if gaps.help:
        out.append(t("survey.english.help", lang, codes=", ".join(gaps.help)))
    if gaps.scale_labels:
        out.append(t("survey.english.scale_labels", lang, items="; ".join(
            f"{code}: {_quoted(found, lang)}" for code, found in gaps.scale_labels)))
    return tuple(out)
