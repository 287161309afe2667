"""The sign-in sheet (*danh sách đại biểu ký tên*), A4 portrait.

Columns STT | Họ và tên | Chức vụ | Đơn vị | Ký tên, grouped by organization or by
category under a shaded band; STT runs 1…N through the whole sheet.  The header row
repeats on every page, a row is never split across pages and a band never ends a page
without its first person.  Rows are tall enough to sign in.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from confman.core.db.engine import Database
from confman.core.reports.data import EventInfo, GroupedRows, describe_filter, group_rows, list_rows
from confman.core.reports.layout import (
    FRAME_W,
    NO_W,
    LongTable,
    Styles,
    build_pdf,
    head_cells,
    header,
    p,
    sheet_notes,
)
from confman.core.reports.options import ReportOptions, Steps
from confman.core.reports.sheet import Sheet
from confman.i18n import t

TITLE_KEY = "reports.signin.title"
COLUMNS = ("reports.col.no", "reports.col.name", "reports.col.position", "reports.col.organization",
           "reports.col.signature")
WIDTHS = (NO_W, 42 * mm, 34 * mm, 52 * mm, FRAME_W - NO_W - 128 * mm)
#: Paddings that make a one-line row about 9 mm tall: room for a signature.
ROW_PAD = 6


SigninData = GroupedRows


def collect(db: Database, event_id: int, options: ReportOptions) -> SigninData:
    rows = list_rows(db, event_id, options)
    groups = group_rows(rows, options.group_by, options.lang)
    return SigninData(tuple(groups), describe_filter(db, options, options.lang))


def figures(data: SigninData, options: ReportOptions) -> dict[str, Any]:
    return {"rows": data.count, "groups": len([g for g in data.groups if g.title]),
            "group_by": options.group_by}


def pdf(data: SigninData, info: EventInfo, options: ReportOptions, steps: Steps) -> bytes:
    lang = options.lang
    st = Styles()
    steps.set_total(2 * data.count + 1)  # building the rows, then laying them out
    flow: list[Flowable] = header(info, lang, st, t(TITLE_KEY, lang), as_of=options.as_of,
                                  filter_text=data.filter_text, day=options.day)
    table = LongTable(head_cells(COLUMNS, lang, st), WIDTHS, row_padding=ROW_PAD)
    number = 0
    for group in data.groups:
        if group.title:
            table.add_band(p(f"{group.title}  ({len(group.rows)})", st.band))
        for row in group.rows:
            number += 1
            table.add_row([p(str(number), st.number), p(row.full_name, st.cell_bold),
                           p(row.position, st.cell_small), p(row.organization, st.cell_small), ""])
            if number % 50 == 0:
                steps.step(50)
    steps.step(number % 50)
    if number:
        flow += table.flowables(steps)
    flow.append(p(t("reports.signin.total", lang, count=data.count), st.total))
    return build_pdf(flow, info, lang, title=t(TITLE_KEY, lang), as_of=options.as_of, steps=steps,
                     running_header=table.running_header() if number else None)


def sheets(data: SigninData, info: EventInfo, options: ReportOptions) -> list[Sheet]:
    lang = options.lang
    group_key = "reports.col.organization" if options.group_by == "org" else "reports.col.category"
    headers = [t(k, lang) for k in COLUMNS]
    if options.group_by != "none":
        headers.insert(1, t("reports.col.group", lang, group=t(group_key, lang)))
    out: list[tuple[Any, ...]] = []
    number = 0
    for group in data.groups:
        for row in group.rows:
            number += 1
            values: list[Any] = [number, row.full_name, row.position, row.organization, ""]
            if options.group_by != "none":
                values.insert(1, group.title)
            out.append(tuple(values))
    widths = (6, 34, 30, 28, 40, 20) if options.group_by != "none" else (6, 30, 28, 40, 20)
    return [Sheet(t("reports.signin.sheet", lang), tuple(headers), tuple(out), widths,
                  notes=sheet_notes(info, lang, t(TITLE_KEY, lang), options.as_of, data.filter_text)
                  + ((f"{t('reports.day', lang)}: {options.day:%d/%m/%Y}",) if options.day else ()))]
