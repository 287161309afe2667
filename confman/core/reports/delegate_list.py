"""The delegate list (*danh sách đại biểu*) of the current filter, in the sign-in sheet's style.

Without a signature column; with the category instead.  Phone and e-mail are personal
data: they are printed (and the page turns landscape to fit them) only when the
options ask for them — the switch is off by default.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from confman.core.db.engine import Database
from confman.core.reports.data import EventInfo, GroupedRows, describe_filter, group_rows, list_rows
from confman.core.reports.layout import (
    MARGIN_X,
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

TITLE_KEY = "reports.delegates.title"
COLUMNS = ("reports.col.no", "reports.col.name", "reports.col.position", "reports.col.organization",
           "reports.col.category")
CONTACT_COLUMNS = ("reports.col.phone", "reports.col.email")


DelegateListData = GroupedRows


def collect(db: Database, event_id: int, options: ReportOptions) -> DelegateListData:
    rows = list_rows(db, event_id, options)
    text = describe_filter(db, options, options.lang)
    if options.include_contacts:
        text += "; " + t("reports.filter.with_contacts", options.lang)
    return DelegateListData(tuple(group_rows(rows, options.group_by, options.lang)), text)


def figures(data: DelegateListData, options: ReportOptions) -> dict[str, Any]:
    return {"rows": data.count, "groups": len([g for g in data.groups if g.title]),
            "group_by": options.group_by, "include_contacts": options.include_contacts}


def _widths(contacts: bool) -> list[float]:
    if contacts:
        frame = landscape(A4)[0] - 2 * MARGIN_X
        fixed = [NO_W, 46 * mm, 40 * mm, 0, 30 * mm, 28 * mm, 50 * mm]
        fixed[3] = frame - sum(fixed)
        return fixed
    frame = A4[0] - 2 * MARGIN_X
    fixed = [NO_W, 43 * mm, 36 * mm, 0, 28 * mm]
    fixed[3] = frame - sum(fixed)
    return fixed


def pdf(data: DelegateListData, info: EventInfo, options: ReportOptions, steps: Steps) -> bytes:
    lang = options.lang
    contacts = options.include_contacts
    st = Styles()
    steps.set_total(2 * data.count + 1)
    flow: list[Flowable] = header(info, lang, st, t(TITLE_KEY, lang), as_of=options.as_of,
                                  filter_text=data.filter_text)
    keys = COLUMNS + (CONTACT_COLUMNS if contacts else ())
    table = LongTable(head_cells(keys, lang, st), _widths(contacts))
    number = 0
    for group in data.groups:
        if group.title:
            table.add_band(p(f"{group.title}  ({len(group.rows)})", st.band))
        for row in group.rows:
            number += 1
            cells = [p(str(number), st.number), p(row.display(lang), st.cell_bold),
                     p(row.position, st.cell_small), p(row.organization, st.cell_small),
                     p(row.category_label(lang), st.cell_small)]
            if contacts:
                cells += [p(row.phone, st.cell_small), p(row.email, st.cell_small)]
            table.add_row(cells)
            if number % 50 == 0:
                steps.step(50)
    steps.step(number % 50)
    if number:
        flow += table.flowables(steps)
    flow.append(p(t("reports.delegates.total", lang, count=data.count), st.total))
    return build_pdf(flow, info, lang, title=t(TITLE_KEY, lang), as_of=options.as_of, steps=steps,
                     landscape_page=contacts, running_header=table.running_header() if number else None)


def sheets(data: DelegateListData, info: EventInfo, options: ReportOptions) -> list[Sheet]:
    lang = options.lang
    contacts = options.include_contacts
    headers = [t(k, lang) for k in COLUMNS + (CONTACT_COLUMNS if contacts else ())]
    headers.insert(5, t("reports.col.delegation", lang))
    out: list[tuple[Any, ...]] = []
    number = 0
    for group in data.groups:
        for row in group.rows:
            number += 1
            values: list[Any] = [number, row.display(lang), row.position, row.organization,
                                 row.category_label(lang), row.delegation]
            if contacts:
                values += [row.phone, row.email]
            out.append(tuple(values))
    widths = (6, 30, 28, 40, 16, 18) + ((16, 30) if contacts else ())
    return [Sheet(t("reports.delegates.sheet", lang), tuple(headers), tuple(out), widths,
                  notes=sheet_notes(info, lang, t(TITLE_KEY, lang), options.as_of, data.filter_text))]
