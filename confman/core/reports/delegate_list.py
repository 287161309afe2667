"""The delegate list (*danh sách đại biểu*) of the current filter, in the sign-in sheet's style.

Without a signature column; with the category instead.  Phone and e-mail are personal
data: they are printed (and the page turns landscape to fit them) only when the
options ask for them — the switch is off by default.  With them, the spreadsheet's last
column says which phone or e-mail needs checking, as the Delegates page's export does
(``registration.contacts.check_column_text``; the value as given is personal data too).
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from confman.core.db.engine import Database
from confman.core.pdf.fonts import SERIF_BOLD, SERIF_REGULAR
from confman.core.registration.contacts import CHECK_COLUMN_WIDTH, check_column_header, check_column_text
from confman.core.reports.data import EventInfo, GroupedRows, describe_filter, group_rows, list_rows
from confman.core.reports.layout import (
    NO_W,
    Column,
    Styles,
    build_pdf,
    frame_width,
    header,
    p,
    row_sheet,
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


def _columns(contacts: bool) -> list[Column]:
    frame = frame_width(contacts)
    if contacts:
        widths = [NO_W, 46 * mm, 40 * mm, 0.0, 30 * mm, 28 * mm, 50 * mm]
    else:
        widths = [NO_W, 43 * mm, 36 * mm, 0.0, 26 * mm]
    widths[3] = frame - sum(widths)
    fonts = [(SERIF_REGULAR, 10.5, "center"), (SERIF_BOLD, 11), (SERIF_REGULAR, 10), (SERIF_REGULAR, 10),
             (SERIF_REGULAR, 10), (SERIF_REGULAR, 10), (SERIF_REGULAR, 10)]
    return [Column(w, *f) for w, f in zip(widths, fonts, strict=False)]  # type: ignore[arg-type]


def pdf(data: DelegateListData, info: EventInfo, options: ReportOptions, steps: Steps) -> bytes:
    lang = options.lang
    contacts = options.include_contacts
    st = Styles()
    steps.set_total(data.count + 1)
    flow: list[Flowable] = header(info, lang, st, t(TITLE_KEY, lang), as_of=options.as_of,
                                  filter_text=data.filter_text, width=frame_width(contacts))
    keys = COLUMNS + (CONTACT_COLUMNS if contacts else ())
    table = row_sheet(_columns(contacts), keys, lang)
    table.on_drawn = steps.step
    number = 0
    for group in data.groups:
        if group.title:
            table.add_band(f"{group.title} ({len(group.rows)})")
        for row in group.rows:
            number += 1
            cells = [str(number), row.display(lang), row.position, row.organization, row.category_label(lang)]
            if contacts:
                cells += [row.phone, row.email]
            table.add_row(cells)
    if number:
        flow.append(table)
    flow.append(p(t("reports.delegates.total", lang, count=data.count), st.total))
    return build_pdf(flow, info, lang, title=t(TITLE_KEY, lang), as_of=options.as_of, steps=steps,
                     landscape_page=contacts)


def sheets(data: DelegateListData, info: EventInfo, options: ReportOptions) -> list[Sheet]:
    lang = options.lang
    contacts = options.include_contacts
    headers = [t(k, lang) for k in COLUMNS + (CONTACT_COLUMNS if contacts else ())]
    headers.insert(5, t("reports.col.delegation", lang))
    if contacts:  # as the Delegates page's export: the last column says what to check
        headers.append(check_column_header(lang))
    out: list[tuple[Any, ...]] = []
    number = 0
    for group in data.groups:
        for row in group.rows:
            number += 1
            values: list[Any] = [number, row.display(lang), row.position, row.organization,
                                 row.category_label(lang), row.delegation]
            if contacts:
                values += [row.phone, row.email, check_column_text(row.contact_issues, lang)]
            out.append(tuple(values))
    widths = (6, 30, 28, 40, 16, 18) + ((16, 30, CHECK_COLUMN_WIDTH) if contacts else ())
    return [Sheet(t("reports.delegates.sheet", lang), tuple(headers), tuple(out), widths,
                  notes=sheet_notes(info, lang, t(TITLE_KEY, lang), options.as_of, data.filter_text))]
