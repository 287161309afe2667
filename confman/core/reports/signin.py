"""The sign-in sheet (*danh sách đại biểu ký tên*), A4 portrait, a Nghị định 30 document.

Columns STT | Họ và tên | Chức vụ | (Đơn vị) | Ký tên, grouped by organization (then the
unit is the group heading and its column is dropped) or by category under a shaded heading;
STT runs 1…N through the whole sheet.  Rows are at least 10 mm tall and the signature column
at least 40 mm wide: room for a pen.  Every page repeats the column header and a continuing
group's heading ("… (tiếp theo)") and is closed by a bold rule; the sheet ends with the total
and the *Người lập biểu* block.  Laid out in linear time (:class:`~confman.core.pdf.rows.RowSheet`).
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from confman.core.db.engine import Database
from confman.core.pdf.fonts import SERIF_BOLD, SERIF_REGULAR
from confman.core.pdf.official import signer_block
from confman.core.reports.data import EventInfo, GroupedRows, describe_filter, group_rows, list_rows
from confman.core.reports.layout import (
    FRAME_W,
    NO_W,
    Column,
    Styles,
    build_pdf,
    header,
    p,
    row_sheet,
    sheet_notes,
)
from confman.core.reports.options import ReportOptions, Steps
from confman.core.reports.sheet import Sheet
from confman.i18n import t

TITLE_KEY = "reports.signin.title"
COLUMNS = ("reports.col.no", "reports.col.name", "reports.col.position", "reports.col.organization",
           "reports.col.signature")
#: Room for a signature: the column is never narrower, the row never shorter.
SIGNATURE_W = 42 * mm
ROW_MIN_H = 10 * mm


SigninData = GroupedRows


def collect(db: Database, event_id: int, options: ReportOptions) -> SigninData:
    rows = list_rows(db, event_id, options)
    groups = group_rows(rows, options.group_by, options.lang)
    return SigninData(tuple(groups), describe_filter(db, options, options.lang))


def figures(data: SigninData, options: ReportOptions) -> dict[str, Any]:
    return {"rows": data.count, "groups": len([g for g in data.groups if g.title]),
            "group_by": options.group_by}


def columns(group_by: str) -> tuple[tuple[str, ...], list[Column]]:
    """The column keys and columns: no unit column when the units are the group headings."""
    if group_by == "org":
        keys = tuple(k for k in COLUMNS if k != "reports.col.organization")
        name_w = 56 * mm
        widths = [NO_W, name_w, FRAME_W - NO_W - name_w - SIGNATURE_W - 3 * mm, SIGNATURE_W + 3 * mm]
        cols = [Column(widths[0], SERIF_REGULAR, 11, "center"), Column(widths[1], SERIF_BOLD, 11.5),
                Column(widths[2], SERIF_REGULAR, 10.5), Column(widths[3], SERIF_REGULAR, 10)]
        return keys, cols
    widths = [NO_W, 52 * mm, 30 * mm, 0.0, SIGNATURE_W]
    widths[3] = FRAME_W - sum(widths)
    cols = [Column(widths[0], SERIF_REGULAR, 11, "center"), Column(widths[1], SERIF_BOLD, 11),
            Column(widths[2], SERIF_REGULAR, 10), Column(widths[3], SERIF_REGULAR, 10),
            Column(widths[4], SERIF_REGULAR, 10)]
    return COLUMNS, cols


def _compiler_block(lang: str, st: Styles, total: str) -> Flowable:
    """The total (left) and the *Người lập biểu* block (right), kept together."""
    right = signer_block(t("reports.signin.compiler", lang), "", "", st, hint=t("reports.signin.compiler_hint", lang),
                         space=20 * mm)
    table = Table([[p(total, st.total), right]], colWidths=[FRAME_W - 80 * mm, 80 * mm])
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), SERIF_REGULAR), ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return KeepTogether([Spacer(1, 3 * mm), table])


def pdf(data: SigninData, info: EventInfo, options: ReportOptions, steps: Steps) -> bytes:
    lang = options.lang
    st = Styles()
    steps.set_total(data.count + 1)
    flow: list[Flowable] = header(info, lang, st, t(TITLE_KEY, lang), as_of=options.as_of,
                                  filter_text=data.filter_text, day=options.day)
    keys, cols = columns(options.group_by)
    table = row_sheet(cols, keys, lang, min_row_height=ROW_MIN_H)
    table.on_drawn = steps.step
    with_unit = options.group_by != "org"
    number = 0
    for group in data.groups:
        if group.title:
            table.add_band(f"{group.title} ({len(group.rows)})")
        for row in group.rows:
            number += 1
            cells = [str(number), row.full_name, row.position]
            if with_unit:
                cells.append(row.organization)
            table.add_row([*cells, ""])
    if number:
        flow.append(table)
    flow.append(_compiler_block(lang, st, t("reports.signin.total", lang, count=data.count)))
    return build_pdf(flow, info, lang, title=t(TITLE_KEY, lang), as_of=options.as_of, steps=steps)


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
