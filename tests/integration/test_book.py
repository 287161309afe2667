"""The book of papers: cover, table of contents with the right page numbers, PDF papers appended."""

from __future__ import annotations

import re
from datetime import date, time
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader
from reportlab.pdfgen import canvas

from confman.core.agenda.models import AgendaItem, Room
from confman.core.errors import DomainError
from confman.core.presentations import service as svc
from confman.core.presentations.book import build_book
from confman.core.presentations.service import PresentationDraft
from confman.core.presentations.storage import FileStore
from confman.core.registration.models import Organization


def _paper_pdf(path: Path, label: str, pages: int) -> Path:
    c = canvas.Canvas(str(path), pagesize=(842, 595))
    for i in range(pages):
        c.drawString(72, 300, f"{label} page {i + 1}")
        c.showPage()
    c.save()
    return path


def _texts(path: Path) -> list[str]:
    pdf = pdfium.PdfDocument(path)
    return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]


@pytest.fixture
def book_event(db, make_event, make_delegate, tmp_path: Path):
    event = make_event(code="KY2026", name_vi="Hội nghị tổng kết công tác thông tin đối ngoại 2026",
                       organiser_unit="Bộ Thông tin và Truyền thông", venue="Hà Nội")
    store = FileStore(tmp_path / "store")
    with db.session() as session:
        room = Room(event_id=event.id, name="Hội trường A")
        session.add(room)
        session.flush()
        item = AgendaItem(event_id=event.id, room_id=room.id, day=date(2026, 12, 10), start_time=time(9),
                          end_time=time(11), title_vi="Tham luận của các bộ, ngành")
        org = Organization(name="Bộ Công Thương")
        session.add_all([item, org])
        session.flush()
        item_id, org_id = item.id, org.id
    speaker = make_delegate(event.id, "Đặng Thị Hương", organization="Bộ Công Thương", position="Vụ trưởng")
    first = svc.create_presentation(db, event.id, PresentationDraft(
        title_vi="Đẩy mạnh thông tin đối ngoại về kinh tế số", organization_id=org_id, agenda_item_id=item_id,
        order_in_item=1, abstract="Tóm tắt đoạn một.\n\nĐoạn hai.", presenter_ids=(speaker,)))
    second = svc.create_presentation(db, event.id, PresentationDraft(
        title_vi="Kinh nghiệm của tỉnh Lào Cai", agenda_item_id=item_id, order_in_item=2))
    third = svc.create_presentation(db, event.id, PresentationDraft(
        title_vi="Báo chí và Cộng đồng ASEAN", agenda_item_id=item_id, order_in_item=3))
    withdrawn = svc.create_presentation(db, event.id, PresentationDraft(title_vi="Bài đã rút"))
    svc.set_status(db, withdrawn.id, "withdrawn")
    svc.add_file(db, first.id, _paper_pdf(tmp_path / "p1.pdf", "PAPERONE", 3), store=store)
    broken = tmp_path / "p3.pdf"
    broken.write_bytes(b"%PDF-1.4\nthis is not really a pdf")
    svc.add_file(db, third.id, broken, store=store)
    return event, store, (first, second, third)


def test_book_has_contents_with_page_numbers_and_appended_pages(db, book_event, tmp_path: Path) -> None:
    event, store, (first, second, third) = book_event
    result = build_book(db, event, tmp_path / "kỷ yếu.pdf", store=store)
    assert (result.papers, result.appended_pdfs) == (3, 1)
    assert result.unreadable == ("p3.pdf",)
    pages = _texts(result.path)
    assert len(pages) == result.pages
    assert "KỶ YẾU HỘI NGHỊ" in pages[0] and "Bộ Thông tin và Truyền thông".upper() in pages[0]

    toc = pages[1].replace("\r\n", "\n")
    assert "Mục lục" in toc
    entries = {}
    for title in (first.title_vi, second.title_vi, third.title_vi):
        match = re.search(re.escape(title) + r"\D*?(\d+)", toc, re.S)
        assert match, (title, toc)
        entries[title] = int(match.group(1))
    assert "Bài đã rút" not in toc
    # Each number points to the page where that paper starts.
    for title, page in entries.items():
        assert title in pages[page - 1].replace("\r\n", " ")
    # The PDF of the first paper follows its section page; the second paper comes after it.
    start = entries[first.title_vi]
    assert [f"PAPERONE page {i + 1}" in pages[start + i] for i in range(3)] == [True, True, True]
    assert entries[second.title_vi] == start + 4
    assert "Đặng Thị Hương" in pages[start - 1] and "Tóm tắt đoạn một." in pages[start - 1]
    # A heading per day, numbered papers under it; each paper with its own time (09:00 + 10 min each).
    assert "Ngày 1 – thứ Năm, 10/12/2026" in toc
    assert "10/12/2026 09:00" in pages[start - 1]
    assert "10/12/2026 09:10" in pages[start + 3] and "10/12/2026 09:20" in pages[start + 3]
    # Papers without an abstract get no page of their own and no "(no abstract)" line: the second and
    # the third (whose PDF is unreadable) share a page.
    assert entries[third.title_vi] == entries[second.title_vi]
    assert not any("Chưa có tóm tắt" in page for page in pages)
    # Bookmarks: the day, and each paper under it.
    outline = PdfReader(result.path).outline
    assert outline[0].title == "Ngày 1 – thứ Năm, 10/12/2026"
    assert [item.title for item in outline[1]] == [f"1. {first.title_vi}", f"2. {second.title_vi}",
                                                   f"3. {third.title_vi}"]


def test_book_in_english(db, book_event, tmp_path: Path) -> None:
    event, store, _ = book_event
    result = build_book(db, event, tmp_path / "book.pdf", store=store, lang="en")
    pages = _texts(result.path)
    assert "BOOK OF PAPERS" in pages[0] and "Contents" in pages[1]


def test_book_without_papers_is_refused(db, make_event, tmp_path: Path) -> None:
    event = make_event()
    with pytest.raises(DomainError) as info:
        build_book(db, event, tmp_path / "x.pdf")
    assert info.value.code == "presentations.book.nothing"


def test_a_paper_without_abstract_starts_on_its_own_pdf(db, make_event, tmp_path: Path) -> None:
    event = make_event(code="KY2027", name_vi="Hội nghị tổng kết 2027")
    store = FileStore(tmp_path / "store")
    with db.session() as session:
        item = AgendaItem(event_id=event.id, day=date(2026, 12, 11), start_time=time(14), end_time=time(15),
                          title_vi="Tham luận")
        session.add(item)
        session.flush()
        item_id = item.id
    paper = svc.create_presentation(db, event.id, PresentationDraft(
        title_vi="Truyền thông số ở địa phương", agenda_item_id=item_id, order_in_item=1))
    svc.add_file(db, paper.id, _paper_pdf(tmp_path / "p.pdf", "LOCALPAPER", 2), store=store)
    result = build_book(db, event, tmp_path / "book.pdf", store=store)
    pages = _texts(result.path)
    toc = pages[1]
    page = int(re.search(re.escape(paper.title_vi) + r"\D*?(\d+)", toc, re.S).group(1))
    assert "LOCALPAPER page 1" in pages[page - 1]  # no section page in front of it
    assert len(pages) == 2 + 2  # cover, contents, the paper's two pages
    outline = PdfReader(result.path).outline
    assert outline[0].title.startswith("Ngày 1 – thứ Sáu, 11/12/2026")
    assert outline[1][0].title == f"1. {paper.title_vi}"


def test_an_entry_and_its_day_heading_never_part_across_pages(db, make_event, make_delegate, tmp_path: Path) -> None:
    event = make_event(code="KY2027", name_vi="Hội nghị tổng kết công tác thông tin đối ngoại 2027")
    position = "Phó Trưởng ban Thường trực Ban Chỉ đạo công tác thông tin đối ngoại tỉnh Thừa Thiên Huế"
    speakers = [make_delegate(event.id, f"Tôn Thất Nguyễn Hoàng Khải {n}", position=position) for n in range(3)]
    long_title = ("Báo cáo tổng kết công tác thông tin đối ngoại và truyền thông chính sách giai đoạn 2021–2025, "
                  "phương hướng, nhiệm vụ và giải pháp trọng tâm giai đoạn 2026–2030")
    with db.session() as session:
        items = [AgendaItem(event_id=event.id, day=date(2026, 12, 10 + d), start_time=time(8), end_time=time(11),
                            title_vi=f"Phiên tham luận ngày {d + 1}") for d in range(2)]
        session.add_all(items)
        session.flush()
        item_ids = [i.id for i in items]
    for day, count in ((0, 7), (1, 7)):
        for n in range(count):
            svc.create_presentation(db, event.id, PresentationDraft(
                title_vi=f"{long_title} ({day + 1}.{n + 1})", agenda_item_id=item_ids[day], order_in_item=n + 1,
                presenter_ids=tuple(speakers)))
    out = tmp_path / "book.pdf"
    build_book(db, event, out, store=FileStore(tmp_path / "store"))
    pages = [" ".join(text.split()) for text in _texts(out)]
    first_body = next(i for i, p in enumerate(pages) if "NGÀY 1" in p)
    body, contents = pages[first_body:], " ".join(pages[:first_body])
    for day in (1, 2):
        for n in range(1, 8):  # the title, its presenters and its time on one page
            on = [p for p in body if f"({day}.{n})" in p]
            assert len(on) == 1, (day, n)
            entry = on[0][on[0].index(f"({day}.{n})"):]
            assert "Trình bày: Tôn Thất Nguyễn Hoàng Khải 0" in entry and "/12/2026 0" in entry, (day, n)
    second_day = next(i for i, p in enumerate(pages) if "NGÀY 2" in p)
    assert "(2.1)" in pages[second_day]  # the day's heading is on the page of its first paper
    assert f"Ngày 2 – thứ Sáu, 11/12/2026 {second_day + 1} " in contents  # where the contents send the reader
