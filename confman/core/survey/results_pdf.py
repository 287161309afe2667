"""The results report (*báo cáo kết quả khảo sát*), A4 portrait, laid out like every other report.

The reports' header (:func:`confman.core.reports.layout.header`: the Nghị định 30 letterhead dated
the as-of day, "KẾT QUẢ KHẢO SÁT" with the event as its summary line and the survey's title beneath,
dates and venue, the as-of time and what is counted), then numbered parts: the response rate by
unit type; one block per question (its figures, a horizontal bar chart, the breakdown by unit type;
free texts grouped by unit type); an appendix listing the respondents. Everything in the official
serif, tables in the reports' grid (:func:`confman.core.reports.layout.data_table`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer

from confman.core.pdf.fonts import SERIF_BOLD, SERIF_BOLD_ITALIC, SERIF_ITALIC, SERIF_REGULAR, text_width
from confman.core.pdf.official import GREY, ostyle
from confman.core.reports.data import EventInfo
from confman.core.reports.layout import (
    FRAME_W,
    HEADER_BG,
    NO_W,
    Styles,
    build_pdf,
    data_table,
    head_cells,
    header,
    p,
)
from confman.core.survey.charts import bar_drawing, chart_rows, number_text, percent_text, summary_line
from confman.core.survey.models import TEXT_TYPES, QuestionType
from confman.core.survey.results import UNIT_TYPES, QuestionResult, Stats, SurveyResults, TextAnswer
from confman.i18n import t


class ResultStyles(Styles):
    """The reports' styles plus the results' own: question headings and the dense breakdown table."""

    def __init__(self) -> None:
        super().__init__()
        self.survey_section = ostyle("r_ssection", SERIF_BOLD_ITALIC, 12.5, 16, spaceBefore=6, spaceAfter=2)
        self.question = ostyle("r_question", SERIF_BOLD, 12, 15, spaceBefore=4)
        self.question_meta = ostyle("r_qmeta", SERIF_ITALIC, 10.5, 13, color=GREY)
        self.rate = ostyle("r_rate", SERIF_BOLD, 13, 16.5)
        self.caption = ostyle("r_caption", SERIF_ITALIC, 11, 14)
        self.band_text = ostyle("r_band", SERIF_BOLD, 11, 14, backColor=HEADER_BG, borderPadding=(2, 0, 3, 0),
                                leftIndent=3, spaceBefore=5, spaceAfter=3)
        self.unit_name = ostyle("r_unit", SERIF_BOLD, 11, 14)
        self.answer_text = ostyle("r_text", SERIF_REGULAR, 11.5, 14.5, leftIndent=5 * mm)


def type_label(kind: str, lang: str) -> str:
    return t(f"survey.unit_type.{kind}", lang)


def _cell(stats: Stats, count: int, lang: str) -> str:
    return f"{count} ({percent_text(stats.share(count), lang)})" if stats.answered else "–"


def _fitting_size(texts: list[str], font: str, width: float, *, largest: float, smallest: float,
                  by_word: bool) -> float:
    """The largest size (half points) at which every text (or every word of it) fits ``width``."""
    size = largest
    pieces = [w for x in texts for w in x.split()] if by_word else texts
    while size > smallest and any(text_width(x, font, size) > width for x in pieces):
        size -= 0.5
    return size


def _breakdown(result: QuestionResult, lang: str, st: ResultStyles) -> list[Flowable]:
    """Rows: options / values (+ mean, median); columns: all units, then each unit type. The type size
    shrinks (to 7 pt at the least) so that no word of a column head and no figure is broken."""
    groups: list[tuple[str, Stats]] = [(t("survey.results.all_units", lang), result.overall)]
    groups += [(type_label(k.value, lang), s) for k, s in result.by_type]
    label_w = 34 * mm if len(groups) > 5 else 44 * mm
    col_w = (FRAME_W - label_w) / len(groups)
    pad = 2.5
    heads = [f"{name} (n={s.answered})" for name, s in groups]
    bars = chart_rows(result, lang)
    figures = [[_cell(s, s.counts[index][1], lang) for _n, s in groups] for index in range(len(bars))]
    if result.question.type in (QuestionType.SCALE, QuestionType.NUMBER):
        figures.append([number_text(s.mean, lang, 2, fixed=True) for _n, s in groups])  # "2,00" beside "3,50"
        figures.append([number_text(s.median, lang) for _n, s in groups])
    head_size = _fitting_size(heads, SERIF_BOLD, col_w - 2 * pad, largest=9.5, smallest=7, by_word=True)
    cell_size = _fitting_size([x for row in figures for x in row], SERIF_REGULAR, col_w - 2 * pad, largest=10,
                              smallest=7, by_word=False)
    head_st = ostyle(f"r_bh{head_size}", SERIF_BOLD, head_size, head_size * 1.22, TA_CENTER)
    cell_st = ostyle(f"r_bc{cell_size}", SERIF_REGULAR, cell_size, cell_size * 1.22, TA_CENTER)
    label_st = ostyle(f"r_bl{cell_size}", SERIF_REGULAR, cell_size, cell_size * 1.22)
    labels = [bar.label for bar in bars]
    if result.question.type in (QuestionType.SCALE, QuestionType.NUMBER):
        labels += [t("survey.results.mean", lang), t("survey.results.median", lang)]
    rows: list[list[Any]] = [[p(t("survey.results.col_answer", lang), head_st)] + [p(h, head_st) for h in heads]]
    rows += [[p(label, label_st)] + [p(x, cell_st) for x in row] for label, row in zip(labels, figures, strict=True)]
    table = data_table(rows, [label_w] + [col_w] * len(groups),
                       [("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                        ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad)])
    return [p(t("survey.results.by_type", lang), st.caption), Spacer(1, 1 * mm), table]


def _texts(result: QuestionResult, lang: str, st: ResultStyles) -> list[Flowable]:
    """Every free-text answer with its unit, grouped by unit type in the usual order."""
    if not result.texts:
        return [p(t("survey.results.no_texts", lang), st.body_italic)]
    by_type: dict[str, list[TextAnswer]] = {}
    for answer in result.texts:
        by_type.setdefault(answer.unit_type.value, []).append(answer)
    flow: list[Flowable] = []
    for kind in (k.value for k in UNIT_TYPES if k.value in by_type):
        answers = by_type[kind]
        flow.append(p(f"{type_label(kind, lang)} ({len(answers)})", st.band_text))
        for answer in answers:
            flow.append(KeepTogether([p(answer.unit, st.unit_name), p(answer.text, st.answer_text),
                                      Spacer(1, 1.5 * mm)]))
    return flow


def _question_block(result: QuestionResult, lang: str, st: ResultStyles, lead: list[Flowable]) -> list[Flowable]:
    """A question's heading and figures line, its chart (kept together, with the ``lead`` headings above
    them, so no heading ends a page), then its breakdown table or its free texts, which may flow on."""
    q = result.question
    head: list[Flowable] = [*lead, p(f"{q.code}. {q.text(lang)}", st.question),
                            p(f"{t(f'survey.type.{q.type.value}', lang)}  ·  {summary_line(result, lang)}",
                              st.question_meta), Spacer(1, 2 * mm)]
    if q.type in TEXT_TYPES:
        texts = _texts(result, lang, st)
        return [KeepTogether([*head, *texts[:2]]), *texts[2:], Spacer(1, 5 * mm)]
    chart = bar_drawing(chart_rows(result, lang), FRAME_W, lang)
    caption, gap, table = _breakdown(result, lang, st)
    # The chart with the caption and (at least) the head and first rows of its table: CondPageBreak asks
    # for room for them; the rest of a long table flows on, its head repeated.
    return [CondPageBreak(chart.height + 45 * mm), KeepTogether([*head, chart, Spacer(1, 3 * mm), caption, gap]),
            table, Spacer(1, 6 * mm)]


def _part(number: int, key: str, lang: str, st: ResultStyles) -> list[Flowable]:
    """A numbered part heading ("1. Tỷ lệ trả lời"), kept with what follows it."""
    return [CondPageBreak(45 * mm), p(f"{number}. {t(key, lang)}", st.section)]


def _rate_table(results: SurveyResults, lang: str, st: ResultStyles) -> Flowable:
    keys = ("survey.results.col_type", "survey.results.col_invited", "survey.results.col_responded",
            "survey.results.col_rate")
    rows: list[list[Any]] = [head_cells(keys, lang, st)]
    for tc in results.by_type:
        rows.append([p(type_label(tc.type.value, lang), st.cell), p(str(tc.invited), st.cell_right),
                     p(str(tc.responded), st.cell_right),
                     p(percent_text(100 * tc.responded / tc.invited if tc.invited else 0, lang, 1, fixed=True),
                       st.cell_right)])  # one decimal down the column: "100,0%" under "91,7%"
    rows.append([p(t("reports.total", lang), st.cell_bold), p(str(results.invited), st.cell_right_bold),
                 p(str(results.responses), st.cell_right_bold), p(percent_text(results.rate, lang, 1, fixed=True),
                                                                   st.cell_right_bold)])
    return data_table(rows, [FRAME_W - 3 * 30 * mm, 30 * mm, 30 * mm, 30 * mm],
                      [("LINEABOVE", (0, len(rows) - 1), (-1, len(rows) - 1), 0.9, "#000000")])


def _respondents(results: SurveyResults, info: EventInfo, lang: str, st: ResultStyles) -> Flowable:
    keys = ("survey.results.col_no", "survey.results.col_unit", "survey.results.col_type",
            "survey.results.col_version", "survey.results.col_received")
    rows: list[list[Any]] = [head_cells(keys, lang, st)]
    for n, r in enumerate(results.respondents, start=1):
        rows.append([p(str(n), st.number), p(r.unit, st.cell), p(type_label(r.unit_type.value, lang), st.cell_small),
                     p(str(r.version), st.number), p(f"{info.local(r.received_at):%d/%m/%Y %H:%M}", st.cell_small)])
    if not results.respondents:
        rows.append(["", p(t("survey.results.no_respondents", lang), st.body_italic), "", "", ""])
    received_w, version_w, type_w = 33 * mm, 20 * mm, 38 * mm
    return data_table(rows, [NO_W, FRAME_W - NO_W - type_w - version_w - received_w, type_w, version_w, received_w])


def results_pdf(results: SurveyResults, info: EventInfo, lang: str, *, as_of: datetime | None = None) -> bytes:
    """The results report of a survey as PDF bytes."""
    st = ResultStyles()
    survey = results.survey
    title = t("survey.results.title", lang)
    flow: list[Flowable] = header(info, lang, st, title, as_of=as_of, filter_text=t("survey.results.counted", lang),
                                  subtitle=survey.title(lang))
    flow += _part(1, "survey.results.part_rate", lang, st)
    flow.append(p(t("survey.results.rate", lang, responded=results.responses, invited=results.invited,
                    rate=percent_text(results.rate, lang, 1)), st.rate))
    flow += [Spacer(1, 2 * mm), _rate_table(results, lang, st), Spacer(1, 4 * mm)]
    lead: list[Flowable] = [p(f"2. {t('survey.results.part_questions', lang)}", st.section)]
    section = None
    for result in results.questions:
        q = result.question
        if q.section(lang) and q.section(lang) != section:
            section = q.section(lang)
            lead.append(p(section, st.survey_section))
        flow += _question_block(result, lang, st, lead)
        lead = []
    flow += [PageBreak(), p(t("survey.results.appendix", lang), st.section), _respondents(results, info, lang, st)]
    return build_pdf(flow, info, lang, title=title, as_of=as_of)
