"""The results report (A4, house style): cover with the response rate, one block per question
(figures, horizontal bar chart, breakdown by unit type, free texts grouped by unit type) and an
appendix listing the respondents."""

from __future__ import annotations

from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer

from confman.core.agenda.pdf import date_span
from confman.core.pdf.fonts import FONT_BOLD, FONT_REGULAR, FONT_SEMIBOLD
from confman.core.pdf.house import ACCENT, BAND_BG, FRAME_W, MUTED, Rule, style
from confman.core.pdf.official import doc_title
from confman.core.reports.data import EventInfo
from confman.core.reports.layout import Styles, as_of_text, build_pdf, data_table, official_letterhead, p
from confman.core.survey.charts import bar_drawing, chart_rows, number_text, percent_text, summary_line
from confman.core.survey.models import TEXT_TYPES, QuestionType
from confman.core.survey.results import QuestionResult, Stats, SurveyResults
from confman.i18n import t


def type_label(kind: str, lang: str) -> str:
    return t(f"survey.unit_type.{kind}", lang)


def _cell(stats: Stats, count: int, lang: str) -> str:
    return f"{count} ({percent_text(stats.share(count), lang)})" if stats.answered else "–"


def _breakdown(result: QuestionResult, lang: str, st: Styles) -> list[Flowable]:
    """Rows: options / values (+ mean, median); columns: all units, then each unit type."""
    small = style("bd", FONT_REGULAR, 7.8, 10)
    small_head = style("bdh", FONT_BOLD, 7.6, 9.5, 1)
    groups: list[tuple[str, Stats]] = [(t("survey.results.all_units", lang), result.overall)]
    groups += [(type_label(k, lang), s) for k, s in result.by_type]
    label_w = 46 * mm
    col_w = (FRAME_W - label_w) / len(groups)
    rows: list[list[object]] = [[p(t("survey.results.col_answer", lang), small_head)]
                                + [p(f"{name} (n={s.answered})", small_head) for name, s in groups]]
    for index, bar in enumerate(chart_rows(result, lang)):
        rows.append([p(bar.label, small)] + [p(_cell(s, s.counts[index][1], lang), small) for _n, s in groups])
    if result.question.type in (QuestionType.SCALE, QuestionType.NUMBER):
        rows.append([p(t("survey.results.mean", lang), small)]
                    + [p(number_text(s.mean, lang, 2), small) for _n, s in groups])
        rows.append([p(t("survey.results.median", lang), small)]
                    + [p(number_text(s.median, lang), small) for _n, s in groups])
    return [p(t("survey.results.by_type", lang), st.body_italic), Spacer(1, 1 * mm),
            data_table(rows, [label_w] + [col_w] * len(groups),
                       [("ALIGN", (1, 0), (-1, -1), "CENTER"), ("TOPPADDING", (0, 0), (-1, -1), 2),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 3)])]


def _question_block(result: QuestionResult, lang: str, st: Styles) -> list[Flowable]:
    q = result.question
    heading = style("qh", FONT_BOLD, 11, 14.5, color=ACCENT, spaceBefore=4)
    meta = style("qm", FONT_REGULAR, 8.5, 11, color=MUTED)
    head: list[Flowable] = [p(f"{q.code}. {q.text(lang)}", heading),
                            p(f"{t(f'survey.type.{q.type.value}', lang)}  ·  {summary_line(result, lang)}", meta),
                            Spacer(1, 2 * mm)]
    if q.type in TEXT_TYPES:
        flow: list[Flowable] = [KeepTogether(head)]
        if not result.texts:
            flow.append(p(t("survey.results.no_texts", lang), st.body_italic))
        by_type: dict[str, list] = {}
        for answer in result.texts:
            by_type.setdefault(answer.unit_type.value, []).append(answer)
        unit_style = style("tu", FONT_SEMIBOLD, 9, 12)
        text_style = style("tt", FONT_REGULAR, 9.5, 12.5, leftIndent=4 * mm)
        band = style("tb", FONT_BOLD, 9, 12, color=ACCENT, backColor=BAND_BG, borderPadding=2, spaceBefore=4,
                     spaceAfter=2)
        for kind, answers in by_type.items():
            flow.append(p(f"{type_label(kind, lang)} ({len(answers)})", band))
            for answer in answers:
                flow.append(KeepTogether([p(answer.unit, unit_style), p(answer.text, text_style), Spacer(1, 1.5 * mm)]))
        return [*flow, Spacer(1, 5 * mm)]
    chart = bar_drawing(chart_rows(result, lang), FRAME_W, lang)
    return [KeepTogether([*head, chart, Spacer(1, 3 * mm)]), *_breakdown(result, lang, st), Spacer(1, 6 * mm)]


def results_pdf(results: SurveyResults, info: EventInfo, lang: str, *, as_of: datetime | None = None) -> bytes:
    """The results report of a survey as PDF bytes."""
    st = Styles()
    survey = results.survey
    title = t("survey.results.title", lang)
    flow: list[Flowable] = official_letterhead(info, lang, st, as_of=as_of)
    flow += doc_title(title, info.name(lang), st,
                      secondary=(survey.title(lang),) if survey.title(lang) else ())
    flow.append(Spacer(1, 1.5 * mm))
    meta = f"{t('reports.dates', lang)}: {date_span(info.start_date, info.end_date)}"
    if info.venue_for(lang):
        meta += f"  ·  {t('reports.venue', lang)}: {info.venue_for(lang)}"
    flow.append(p(meta, st.meta))
    flow.append(p(as_of_text(info, lang, as_of), st.asof))
    flow.append(Rule(40 * mm, 0.8, space_before=6, space_after=7))
    flow.append(p(t("survey.results.rate", lang, responded=results.responses, invited=results.invited,
                    rate=percent_text(results.rate, lang, 1)), style("rate", FONT_BOLD, 12, 16)))
    flow.append(Spacer(1, 3 * mm))
    rows: list[list[object]] = [[p(t(k, lang), st.head) for k in ("survey.results.col_type", "survey.results.col_invited",
                                                                   "survey.results.col_responded", "survey.results.col_rate")]]
    for tc in results.by_type:
        rows.append([p(type_label(tc.type.value, lang), st.cell), p(str(tc.invited), st.cell_center),
                     p(str(tc.responded), st.cell_center),
                     p(percent_text(100 * tc.responded / tc.invited if tc.invited else 0, lang, 1), st.cell_center)])
    rows.append([p(t("reports.total", lang), st.cell_bold), p(str(results.invited), st.cell_center),
                 p(str(results.responses), st.cell_center), p(percent_text(results.rate, lang, 1), st.cell_center)])
    flow.append(data_table(rows, [74 * mm, 33 * mm, 33 * mm, FRAME_W - 140 * mm]))
    flow.append(Spacer(1, 6 * mm))
    section = None
    for result in results.questions:
        q = result.question
        if q.section(lang) and q.section(lang) != section:
            section = q.section(lang)
            flow += [CondPageBreak(60 * mm), p(section, st.section)]
        flow += _question_block(result, lang, st)
    flow += [PageBreak(), p(t("survey.results.appendix", lang), st.section)]
    head = [p(t(k, lang), st.head) for k in ("survey.results.col_no", "survey.results.col_unit",
                                              "survey.results.col_type", "survey.results.col_version",
                                              "survey.results.col_received")]
    rows = [head]
    for n, r in enumerate(results.respondents, start=1):
        rows.append([p(str(n), st.number), p(r.unit, st.cell), p(type_label(r.unit_type.value, lang), st.cell_small),
                     p(str(r.version), st.number), p(f"{info.local(r.received_at):%d/%m/%Y %H:%M}", st.cell_small)])
    if not results.respondents:
        rows.append([p("", st.cell), p(t("survey.results.no_respondents", lang), st.body_italic), "", "", ""])
    flow.append(data_table(rows, [12 * mm, 78 * mm, 38 * mm, 16 * mm, FRAME_W - 144 * mm]))
    return build_pdf(flow, info, lang, title=title, as_of=as_of)

