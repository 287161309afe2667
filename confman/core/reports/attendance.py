"""The attendance report (*báo cáo tình hình đại biểu tham dự*), A4 portrait.

Summary (expected, present, absent, rate), then tables by category, by organization
type, by province and by organization, the units and provinces with nobody present,
per-session attendance for agenda items with session check-in, and the arrival curve.
Every number comes from :mod:`confman.core.reports.figures`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from confman.core.db.engine import Database
from confman.core.registration.categories import uncategorised_label
from confman.core.reports.chart import arrival_chart
from confman.core.reports.data import EventInfo, describe_filter
from confman.core.reports.figures import (
    BUCKET_MINUTES,
    AttendanceFigures,
    Count,
    arrival_days,
    attendance_figures,
)
from confman.core.reports.layout import (
    FRAME_W,
    NO_W,
    Styles,
    build_pdf,
    data_table,
    head_cells,
    header,
    p,
    sheet_notes,
)
from confman.core.reports.options import ReportOptions, Steps
from confman.core.reports.sheet import Sheet
from confman.i18n import t

TITLE_KEY = "reports.attendance.title"
COUNT_COLUMNS = ("reports.col.expected", "reports.col.present", "reports.col.absent", "reports.col.rate")


@dataclass(frozen=True, slots=True)
class AttendanceData:
    figures: AttendanceFigures
    filter_text: str


def collect(db: Database, event_id: int, options: ReportOptions, info: EventInfo) -> AttendanceData:
    figures_ = attendance_figures(db, info, category_ids=options.category_ids)
    return AttendanceData(figures_, describe_filter(db, options, options.lang, base_key="reports.filter.expected"))


def figures(data: AttendanceData, options: ReportOptions) -> dict[str, Any]:
    return data.figures.to_json(options.lang)


def rate(checked: int, expected: int, lang: str = "vi") -> str:
    """"68,2%" (Vietnamese decimal comma) or "68.2%"; a dash when nobody was expected."""
    if not expected:
        return "—"
    text = f"{100 * checked / expected:.1f}%"
    return text.replace(".", ",") if lang == "vi" else text


def org_type_label(key: str, lang: str) -> str:
    return t(f"reports.org_type.{key}", lang)


def _label(count: Count, kind: str, lang: str) -> str:
    if kind == "type":
        return org_type_label(count.key, lang)
    if kind == "province":
        return count.key or t("reports.no_province", lang)
    if kind == "org":
        return count.label(lang) or t("reports.no_organization", lang)
    return count.label(lang) or uncategorised_label(lang)


def _count_table(counts: tuple[Count, ...], kind: str, first_key: str, lang: str, st: Styles,
                 total: tuple[int, int] | None = None, numbered: bool = False) -> Flowable:
    widths = [FRAME_W - 4 * 22 * mm, 22 * mm, 22 * mm, 22 * mm, 22 * mm]
    head = head_cells((first_key, *COUNT_COLUMNS), lang, st)
    if numbered:
        widths = [NO_W, FRAME_W - NO_W - 4 * 22 * mm, *widths[1:]]
        head = [*head_cells(("reports.col.no",), lang, st), *head]
    rows: list[list[Any]] = [head]
    for n, c in enumerate(counts, start=1):
        cells = [p(_label(c, kind, lang), st.cell), p(str(c.expected), st.cell_right),
                 p(str(c.checked_in), st.cell_right), p(str(c.absent), st.cell_right),
                 p(rate(c.checked_in, c.expected, lang), st.cell_right)]
        rows.append([p(str(n), st.number), *cells] if numbered else cells)
    commands: list[tuple[Any, ...]] = []
    if total is not None:
        expected, checked = total
        cells = [p(t("reports.total", lang), st.cell_bold), p(str(expected), st.cell_right_bold),
                 p(str(checked), st.cell_right_bold), p(str(expected - checked), st.cell_right_bold),
                 p(rate(checked, expected, lang), st.cell_right_bold)]
        rows.append(["", *cells] if numbered else cells)
        commands.append(("LINEABOVE", (0, len(rows) - 1), (-1, len(rows) - 1), 0.9, "#111111"))
    return data_table(rows, widths, commands)


#: The most room a section asks for before it starts a page: its heading and the start of a long table.
SECTION_START = 40 * mm
#: A table of more rows is long: never measured ahead (the layout measures it once, when it is placed).
_MEASURED_ROWS = 12


class _RoomForStart(CondPageBreak):
    """A page break only when a section's heading and the start of its content do not fit in the room left:
    a short section (all of it shorter than :data:`SECTION_START`) stays on the page it fits on."""

    def __init__(self, flowables: list[Flowable], most: float = SECTION_START) -> None:
        super().__init__(most)
        self.flowables = flowables
        self.most = most

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        need = 0.0
        for flowable in self.flowables:
            if getattr(flowable, "_nrows", 0) > _MEASURED_ROWS:
                need = self.most
                break
            need += flowable.wrapOn(self.canv, avail_width, avail_height)[1] + flowable.getSpaceBefore() \
                + flowable.getSpaceAfter()
            if need >= self.most:
                break
        self.height = min(need, self.most)
        return super().wrap(avail_width, avail_height)


def _section(key: str, lang: str, st: Styles, *body: Flowable) -> list[Flowable]:
    """A heading kept with the start of what follows it (with all of it when it is short)."""
    heading = p(t(key, lang), st.section)
    return [_RoomForStart([heading, *body]), heading, *body, Spacer(1, 3 * mm)]


def pdf(data: AttendanceData, info: EventInfo, options: ReportOptions, steps: Steps) -> bytes:
    lang = options.lang
    f = data.figures
    st = Styles()
    steps.set_total(8)
    flow: list[Flowable] = header(info, lang, st, t(TITLE_KEY, lang), as_of=options.as_of,
                                  filter_text=data.filter_text)
    summary = [
        [p(t("reports.attendance.expected", lang), st.cell), p(str(f.expected), st.cell_right_bold)],
        [p(t("reports.attendance.checked_in", lang), st.cell), p(str(f.checked_in), st.cell_right_bold)],
        [p(t("reports.attendance.absent", lang), st.cell), p(str(f.expected - f.checked_in), st.cell_right_bold)],
        [p(t("reports.attendance.rate", lang), st.cell), p(rate(f.checked_in, f.expected, lang), st.cell_right_bold)],
    ]
    table = data_table(summary, [70 * mm, 30 * mm], header_rows=0)
    table.hAlign = "LEFT"
    flow += _section("reports.attendance.summary", lang, st, table)
    if info.purged_at:
        flow.append(p(t("reports.attendance.purged", lang), st.body_italic))
    steps.step()
    total = (f.expected, f.checked_in)
    flow += _section("reports.attendance.by_category", lang, st,
                     _count_table(f.by_category, "category", "reports.col.category", lang, st, total))
    flow += _section("reports.attendance.by_org_type", lang, st,
                     _count_table(f.by_organization_type, "type", "reports.col.org_type", lang, st, total))
    steps.step()
    provinces: list[Flowable] = [_count_table(f.by_province, "province", "reports.col.province", lang, st, total)]
    if f.absent_provinces:  # inside the part, so the gap before the next heading stays
        provinces += [Spacer(1, 1.5 * mm), p(t("reports.attendance.absent_provinces", lang,
                                               count=len(f.absent_provinces)) + " "
                                             + ", ".join(f.absent_provinces) + ".", st.body)]
    flow += _section("reports.attendance.by_province", lang, st, *provinces)
    steps.step()
    flow += _section("reports.attendance.arrivals", lang, st, *_arrival_flow(f, lang, st))
    steps.step()
    flow += _section("reports.attendance.sessions", lang, st, _sessions_flow(f, lang, st))
    steps.step()
    flow += _section("reports.attendance.absent_units", lang, st, _absent_flow(f, lang, st))
    steps.step()
    flow += _section("reports.attendance.by_organization", lang, st,
                     _count_table(f.by_organization, "org", "reports.col.organization", lang, st, total,
                                  numbered=True))
    steps.step()
    return build_pdf(flow, info, lang, title=t(TITLE_KEY, lang), as_of=options.as_of, steps=steps)


def _arrival_flow(f: AttendanceFigures, lang: str, st: Styles) -> list[Flowable]:
    days = arrival_days(f.arrivals)
    if not days:
        return [p(t("reports.attendance.no_arrivals", lang), st.body_italic)]
    flow: list[Flowable] = []
    before = 0
    for day, series in days:
        chart = arrival_chart(series, expected=f.expected, before=before, width=FRAME_W,
                              count_label=t("reports.chart.per_10_min", lang),
                              share_label=t("reports.chart.cumulative", lang))
        arrived = sum(c for _, c in series)
        caption = t("reports.chart.caption", lang, date=f"{day:%d/%m/%Y}", count=arrived,
                    first=f"{series[0][0]:%H:%M}",  # the last bucket's end: never "from 07:30 to 07:30"
                    last=f"{series[-1][0] + timedelta(minutes=BUCKET_MINUTES):%H:%M}")
        flow.append(KeepTogether([chart, p(caption, st.body_italic), Spacer(1, 2 * mm)]))
        before += arrived
    return flow


def _sessions_flow(f: AttendanceFigures, lang: str, st: Styles) -> Flowable:
    if not f.sessions:
        return p(t("reports.attendance.no_sessions", lang), st.body_italic)
    keys = ("reports.col.time", "reports.col.session", "reports.col.room", "reports.col.capacity",
            "reports.col.present")
    rows: list[list[Any]] = [head_cells(keys, lang, st)]
    for s in f.sessions:
        rows.append([[p(f"{s.day:%d/%m/%Y}", st.cell_small), p(f"{s.start}–{s.end}", st.cell_small)],
                     p(s.title(lang), st.cell),
                     p(s.room, st.cell_small), p("" if s.capacity is None else str(s.capacity), st.cell_right),
                     p(str(s.checked_in), st.cell_right_bold)])
    return data_table(rows, [27 * mm, FRAME_W - 27 * mm - 32 * mm - 40 * mm, 32 * mm, 20 * mm, 20 * mm])


def _absent_flow(f: AttendanceFigures, lang: str, st: Styles) -> Flowable:
    if not any(c.key for c in f.by_organization):  # no unit at all: nothing to say "all present" about
        return p(t("reports.attendance.no_units", lang), st.body_italic)
    if not f.absent_organizations:
        return p(t("reports.attendance.no_absent_units", lang), st.body_italic)
    rows: list[list[Any]] = [head_cells(("reports.col.no", "reports.col.organization", "reports.col.expected"),
                                        lang, st)]
    absent = [c for c in f.by_organization if c.key and c.checked_in == 0]
    for n, c in enumerate(absent, start=1):
        rows.append([p(str(n), st.number), p(c.label(lang), st.cell), p(str(c.expected), st.cell_right)])
    return data_table(rows, [NO_W, FRAME_W - NO_W - 25 * mm, 25 * mm])


def _count_rows(counts: tuple[Count, ...], kind: str, lang: str) -> tuple[tuple[Any, ...], ...]:
    return tuple((_label(c, kind, lang), c.expected, c.checked_in, c.absent,
                  round(100 * c.rate, 1) if c.expected else None) for c in counts)


def sheets(data: AttendanceData, info: EventInfo, options: ReportOptions) -> list[Sheet]:
    lang = options.lang
    f = data.figures
    counts = (*(t(k, lang) for k in COUNT_COLUMNS[:3]), t("reports.col.rate_percent", lang))
    notes = sheet_notes(info, lang, t(TITLE_KEY, lang), options.as_of, data.filter_text)
    out = [
        Sheet(t("reports.sheet.summary", lang), (t("reports.col.item", lang), t("reports.col.value", lang)),
              ((t("reports.attendance.expected", lang), f.expected),
               (t("reports.attendance.checked_in", lang), f.checked_in),
               (t("reports.attendance.absent", lang), f.expected - f.checked_in)), (40, 14), notes),
        Sheet(t("reports.sheet.by_category", lang), (t("reports.col.category", lang), *counts),
              _count_rows(f.by_category, "category", lang), (34, 12, 12, 12, 12), notes),
        Sheet(t("reports.sheet.by_org_type", lang), (t("reports.col.org_type", lang), *counts),
              _count_rows(f.by_organization_type, "type", lang), (34, 12, 12, 12, 12), notes),
        Sheet(t("reports.sheet.by_province", lang), (t("reports.col.province", lang), *counts),
              _count_rows(f.by_province, "province", lang), (28, 12, 12, 12, 12), notes),
        Sheet(t("reports.sheet.by_organization", lang), (t("reports.col.organization", lang), *counts),
              _count_rows(f.by_organization, "org", lang), (56, 12, 12, 12, 12), notes),
        Sheet(t("reports.sheet.sessions", lang),
              tuple(t(k, lang) for k in ("reports.col.day", "reports.col.time", "reports.col.session",
                                         "reports.col.room", "reports.col.capacity", "reports.col.present")),
              tuple((f"{s.day:%d/%m/%Y}", f"{s.start}–{s.end}", s.title(lang), s.room, s.capacity, s.checked_in)
                    for s in f.sessions), (12, 13, 56, 18, 10, 10), notes),
        Sheet(t("reports.sheet.arrivals", lang), (t("reports.col.time", lang), t("reports.col.arrivals", lang)),
              tuple((f"{m:%d/%m/%Y %H:%M}", c) for m, c in f.arrivals), (20, 12), notes),
    ]
    return out

