"""The attendance report as the chair reads it: every category of the event in part II (nobody in it: 0),
and a short part kept on the page it fits on, its heading never parted from its content."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

import pypdfium2 as pdfium
import pytest
from sqlalchemy import select

from confman.core.agenda import service as agenda
from confman.core.agenda.service import ItemDraft
from confman.core.checkin.service import current_code, perform_checkin
from confman.core.registration.models import Category, Delegate, Organization
from confman.core.reports import ReportOptions, generate

PROVINCES = ("Hà Nội", "Huế", "Đà Nẵng", "Cần Thơ", "Hải Phòng", "Nghệ An")
PARTS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")


def _pages(data: bytes) -> list[list[str]]:
    document = pdfium.PdfDocument(data)
    try:
        return [[" ".join(line.split()) for line in page.get_textpage().get_text_range().splitlines()]
                for page in document]
    finally:
        document.close()


def _part_pages(pages: list[list[str]]) -> dict[str, tuple[int, int]]:
    """Each part's heading: (page, line index on that page)."""
    found = {}
    for number, lines in enumerate(pages, start=1):
        for index, line in enumerate(lines):
            head = line.split(".", 1)[0]
            if head in PARTS and line.startswith(f"{head}. ") and head not in found:
                found[head] = (number, index)
    return found


def test_every_category_of_the_event_is_listed_with_nobody_as_zero(db, make_event, make_delegate):
    event = make_event()
    make_delegate(event.id, "Nguyễn Văn An", category_code="DB")
    make_delegate(event.id, "Trần Thị Bình", category_code=None)
    with db.session() as session:
        labels = list(session.scalars(select(Category.label_vi).where(Category.event_id == event.id)
                                      .order_by(Category.sort_order, Category.code)))
        delegate_label = session.scalar(select(Category.label_vi).where(Category.event_id == event.id,
                                                                        Category.code == "DB"))
    assert len(labels) > 2
    pages = _pages(generate(db, event.id, "attendance", "pdf", ReportOptions()).data)
    lines = [line for page in pages for line in page]
    start = lines.index("II. Theo loại đại biểu")
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("Tổng cộng"))
    rows = lines[start + 2:end]  # after the column header
    printed = [re.sub(r"( \d+){3} (—|[\d,]+%)$", "", row) for row in rows]
    assert printed == [*labels, "Chưa phân hạng"]  # in the programme's order, the uncategorised last
    for row, label in zip(rows, labels, strict=False):
        assert row == (f"{label} 1 0 1 0,0%" if label == delegate_label else f"{label} 0 0 0 —")
    # a category filter lists the categories it names, and only those
    with db.session() as session:
        chosen = frozenset(session.scalars(select(Category.id).where(Category.event_id == event.id,
                                                                     Category.code != "DB")))
    result = generate(db, event.id, "attendance", "pdf", ReportOptions(category_ids=chosen))
    assert set(result.figures["by_category"]) == set(labels) - {delegate_label}


def _event_with_sessions(db, make_event, sessions: int) -> int:
    event = make_event()
    with db.session() as session:
        for i, province in enumerate(PROVINCES):
            session.add(Delegate(event_id=event.id, full_name=f"Nguyễn Văn {i}",
                                 organization=Organization(name=f"Sở thử nghiệm {i}", province=province)))
    with db.session() as session:
        ids = list(session.scalars(select(Delegate.id).where(Delegate.event_id == event.id).order_by(Delegate.id)))
    for n in range(sessions):
        agenda.create_item(db, event.id, ItemDraft(day=date(2026, 12, 10), start=time(7 + n), end=time(7 + n, 30),
                                                   title_vi=f"Phiên {n}", session_checkin=True))
    for n, delegate_id in enumerate(ids[:5]):  # one unit absent: part VII is a one-row table
        perform_checkin(db, event_id=event.id, code=current_code(db, event_id=event.id, delegate_id=delegate_id),
                        station="A", now=datetime(2026, 12, 10, 1, tzinfo=UTC) + timedelta(minutes=10 * n))
    return event.id


def test_a_short_part_stays_on_the_page_it_fits_on(db, make_event):
    # Six sessions leave about 30 mm under part VI on page 2: part VII (heading and a one-row table,
    # about 20 mm) fits there; it used to move to page 3 for want of a fixed 40 mm.
    event_id = _event_with_sessions(db, make_event, 6)
    pages = _pages(generate(db, event_id, "attendance", "pdf", ReportOptions()).data)
    parts = _part_pages(pages)
    assert parts["VI"][0] == parts["VII"][0] == 2
    page = pages[1]
    assert "1 Sở thử nghiệm 5 1" in page[parts["VII"][1]:]  # its table came with it
    assert parts["VIII"][0] == 3  # the long list that does not fit starts the next page, heading and rows


@pytest.mark.parametrize("sessions", range(0, 12))
def test_no_part_heading_ends_a_page(db, make_event, sessions):
    event_id = _event_with_sessions(db, make_event, sessions)
    pages = _pages(generate(db, event_id, "attendance", "pdf", ReportOptions()).data)
    for part, (number, index) in _part_pages(pages).items():
        after = [line for line in pages[number - 1][index + 1:] if not re.match(r"^\S+ · Tính đến", line)
                 and not line.startswith("Trang ")]
        assert after, f"part {part} heading alone at the foot of page {number}"



def _line_box(page: pdfium.PdfPage, text: str) -> tuple[float, float] | None:
    """(bottom, top) in points of ``text`` on ``page`` (its first occurrence), None when absent."""
    textpage = page.get_textpage()
    found = textpage.search(text).get_next()
    if found is None:
        return None
    boxes = [textpage.get_charbox(i) for i in range(found[0], found[0] + found[1])]
    return min(b[1] for b in boxes), max(b[3] for b in boxes)


def test_the_absent_provinces_line_keeps_its_distance_from_the_next_heading(db, make_event):
    event_id = _event_with_sessions(db, make_event, 0)  # Nghệ An has nobody present
    data = generate(db, event_id, "attendance", "pdf", ReportOptions()).data
    document = pdfium.PdfDocument(data)
    try:
        pages = [page for page in document if _line_box(page, "Nghệ An.") is not None]
        assert len(pages) == 1
        page = pages[0]
        absent = _line_box(page, "Tỉnh, thành phố không có đại biểu có mặt (1): Nghệ An.")
        table_end = _line_box(page, "Tổng cộng 6 5 1")
        heading = _line_box(page, "V. Diễn biến đại biểu đến")
        assert absent is not None and table_end is not None and heading is not None
        assert absent[1] < table_end[0] - 3  # below the province table, a little apart from it
        gap_mm = (absent[0] - heading[1]) / 72 * 25.4
        assert gap_mm >= 4.0, f"{gap_mm:.1f} mm between the line and the next heading"
    finally:
        document.close()
