"""Badge status: who has no badge yet, who has one, whose badge was reprinted and why.

Read from the print log (``badge_prints``): no row = not printed; rows of one badge version =
printed (the same version printed again, on another template or printer, is a copy); rows of
more than one version = reprinted (a reprint bumps the version), with the reasons typed at each
reprint.  Delegates are the options' filter (expected delegates by default).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer
from sqlalchemy import func, select

from confman.core.badges.models import BadgePrint
from confman.core.db.engine import Database
from confman.core.pdf.fonts import SERIF_BOLD, SERIF_REGULAR
from confman.core.reports.data import EventInfo, ListRow, describe_filter, list_rows
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

TITLE_KEY = "reports.badges.title"
STATES = ("not_printed", "printed", "reprinted")
COLUMNS = ("reports.col.no", "reports.col.name", "reports.col.organization", "reports.col.prints",
           "reports.col.last_print", "reports.col.reasons")


@dataclass(frozen=True, slots=True)
class BadgeLine:
    row: ListRow
    prints: int
    last_printed: datetime | None
    reasons: tuple[str, ...]
    versions: int = 0
    """How many badge versions were printed (a copy of the same version is not a reprint)."""

    @property
    def state(self) -> str:
        return STATES[min(self.versions, 2)]


@dataclass(frozen=True, slots=True)
class BadgeData:
    lines: tuple[BadgeLine, ...]
    filter_text: str

    def of(self, state: str) -> list[BadgeLine]:
        return [line for line in self.lines if line.state == state]


def collect(db: Database, event_id: int, options: ReportOptions) -> BadgeData:
    rows = list_rows(db, event_id, options)
    wanted = {r.id for r in rows}
    with db.session() as session:
        counts = {
            r[0]: (int(r[1]), r[2], int(r[3])) for r in session.execute(
                select(BadgePrint.delegate_id, func.count(BadgePrint.id), func.max(BadgePrint.printed_at),
                       func.count(func.distinct(BadgePrint.badge_version)))
                .where(BadgePrint.event_id == event_id).group_by(BadgePrint.delegate_id)
            ) if r[0] in wanted
        }
        reasons: dict[int, list[str]] = {}
        for delegate_id, reason in session.execute(
            select(BadgePrint.delegate_id, BadgePrint.reason)
            .where(BadgePrint.event_id == event_id, BadgePrint.reason != "")
            .order_by(BadgePrint.printed_at, BadgePrint.id)
        ):
            if delegate_id in wanted:
                reasons.setdefault(delegate_id, []).append(reason)
    lines = []
    for row in sorted(rows, key=lambda r: (r.organization_id is None, r.org_sort, r.name_sort, r.id)):
        prints, last, versions = counts.get(row.id, (0, None, 0))
        if last is not None and last.tzinfo is None:
            last = last.replace(tzinfo=UTC)
        lines.append(BadgeLine(row, prints, last, tuple(reasons.get(row.id, ())), versions))
    return BadgeData(tuple(lines), describe_filter(db, options, options.lang))


def figures(data: BadgeData, options: ReportOptions) -> dict[str, Any]:
    out: dict[str, Any] = {state: len(data.of(state)) for state in STATES}
    out["total"] = len(data.lines)
    out["prints"] = sum(line.prints for line in data.lines)
    return out


def _when(info: EventInfo, moment: datetime | None) -> str:
    return f"{info.local(moment):%H:%M %d/%m/%Y}" if moment else ""


def pdf(data: BadgeData, info: EventInfo, options: ReportOptions, steps: Steps) -> bytes:
    lang = options.lang
    st = Styles()
    steps.set_total(len(data.lines) + 1)
    flow: list[Flowable] = header(info, lang, st, t(TITLE_KEY, lang), as_of=options.as_of,
                                  filter_text=data.filter_text)
    summary = "  ·  ".join(f"{t(f'reports.badges.{s}', lang)}: {len(data.of(s))}" for s in STATES)
    flow.append(p(summary, st.total))
    flow.append(Spacer(1, 2 * mm))
    widths = [NO_W, 42 * mm, 0.0, 14 * mm, 26 * mm, 32 * mm]
    widths[2] = FRAME_W - sum(widths)
    fonts = [(SERIF_REGULAR, 10.5, "center"), (SERIF_BOLD, 11), (SERIF_REGULAR, 10), (SERIF_REGULAR, 10.5, "center"),
             (SERIF_REGULAR, 10), (SERIF_REGULAR, 10)]
    table = row_sheet([Column(w, *f) for w, f in zip(widths, fonts, strict=True)], COLUMNS, lang)  # type: ignore[arg-type]
    table.on_drawn = steps.step
    number = 0
    for state in STATES:
        lines = data.of(state)
        if not lines:
            continue
        table.add_band(f"{t(f'reports.badges.{state}', lang)} ({len(lines)})")
        for line in lines:
            number += 1
            table.add_row([str(number), line.row.full_name, line.row.organization, str(line.prints),
                           _when(info, line.last_printed), "; ".join(line.reasons)])
    if number:
        flow.append(table)
    return build_pdf(flow, info, lang, title=t(TITLE_KEY, lang), as_of=options.as_of, steps=steps)


def sheets(data: BadgeData, info: EventInfo, options: ReportOptions) -> list[Sheet]:
    lang = options.lang
    headers = (t("reports.col.no", lang), t("reports.col.name", lang), t("reports.col.organization", lang),
               t("reports.col.badge_state", lang), t("reports.col.prints", lang), t("reports.col.last_print", lang),
               t("reports.col.reasons", lang))
    out = []
    number = 0
    for state in STATES:
        for line in data.of(state):
            number += 1
            out.append((number, line.row.full_name, line.row.organization, t(f"reports.badges.{state}", lang),
                        line.prints, _when(info, line.last_printed), "; ".join(line.reasons)))
    return [Sheet(t("reports.badges.sheet", lang), headers, tuple(out), (6, 30, 40, 14, 10, 18, 40),
                  notes=sheet_notes(info, lang, t(TITLE_KEY, lang), options.as_of, data.filter_text))]
