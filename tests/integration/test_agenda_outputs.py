"""Programme PDF, personal schedule, iCalendar and Excel round trip, from the demo agenda."""

from __future__ import annotations

import io
import unicodedata
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pypdfium2 as pdfium
import pytest
from icalendar import Calendar
from openpyxl import load_workbook
from pypdf import PdfReader

from confman.core.agenda import service as agenda
from confman.core.agenda.ics import build_calendar, write_calendar
from confman.core.agenda.pdf import build_programme_pdf, render_personal_schedule, render_programme
from confman.core.agenda.service import ItemDraft
from confman.core.agenda.xlsx import build_workbook, import_workbook, write_workbook
from confman.core.demo import create_demo
from confman.core.enums import AgendaKind
from confman.core.errors import DomainError
from tests.pdf_checks import resource_fonts

AS_OF = datetime(2018, 12, 10, 9, 30)


@pytest.fixture
def demo(db):
    return create_demo(db, delegates=40).event


def pdf_text(data: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(unicodedata.normalize("NFC", text).split())


def test_programme_lists_every_item_in_order_with_correct_vietnamese(db, demo):
    data = render_programme(db, demo.id, as_of=AS_OF)
    text = pdf_text(data)
    items = agenda.list_items(db, demo.id)
    positions = []
    for item in items:
        title = " ".join(item.title_vi.split())
        assert title in text, title
        positions.append(text.index(title, positions[-1] if positions else 0))
    assert positions == sorted(positions)
    for label in ("CHƯƠNG TRÌNH HỘI NGHỊ", "Thời gian", "Nội dung", "Chủ trì/Trình bày", "NGÀY THỨ NHẤT",
                  "THỨ TƯ, 12/12/2018", "Trung tâm Hội nghị Quốc gia, Hà Nội", "Ông Trương Minh Tuấn",
                  "CÁC PHIÊN SONG SONG", "PHÒNG HỌP B", "Cập nhật đến 09:30 10/12/2018"):
        assert label in text, label
    pages = len(PdfReader(io.BytesIO(data)).pages)
    assert f"Trang 1/{pages}" in text and f"Trang {pages}/{pages}" in text
    assert resource_fonts(data) <= {"NotoSerif-Regular", "NotoSerif-Bold", "NotoSerif-Italic", "NotoSerif-BoldItalic"}


def test_programme_page_is_a4_and_renders(db, demo):
    pdf = pdfium.PdfDocument(render_programme(db, demo.id, as_of=AS_OF))
    width, height = pdf[0].get_size()
    assert (round(width), round(height)) == (595, 842)
    image = pdf[0].render(scale=0.5).to_pil().convert("L")
    assert image.getextrema()[0] < 60  # ink is on the page
    pdf.close()


def test_bilingual_and_english_programmes(db, demo):
    both = pdf_text(render_programme(db, demo.id, lang="both", as_of=AS_OF))
    assert "Phát biểu khai mạc" in both and "Opening remarks by the Ministry's leadership" in both
    assert "Thời gian" in both and "Time" in both
    english = pdf_text(render_programme(db, demo.id, lang="en", as_of=AS_OF))
    assert "CONFERENCE PROGRAMME" in english and "Closing remarks; awards" in english
    assert "Phát biểu bế mạc" not in english


def test_long_titles_wrap_and_rows_never_split_across_pages(db, make_event):
    event = make_event()
    long_title = "Báo cáo chuyên đề về " + "công tác thông tin đối ngoại và truyền thông chính sách " * 6
    for n in range(40):
        agenda.create_item(db, event.id, ItemDraft(day=date(2026, 12, 10), start=time(7 + n // 4, (n % 4) * 15),
                                                   end=time(7 + n // 4, (n % 4) * 15 + 14),
                                                   title_vi=f"Mục {n:02d}. {long_title}"))
    data = render_programme(db, event.id, as_of=AS_OF)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) > 2
    seen = []
    for page in reader.pages:
        text = " ".join(page.extract_text().split())
        on_page = [n for n in range(40) if f"Mục {n:02d}." in text]
        for n in on_page:  # the whole row (its last words included) is on the same page
            start = text.index(f"Mục {n:02d}.")
            assert "truyền thông chính sách" in text[start:start + len(long_title) + 20]
        seen += on_page
    assert seen == list(range(40))


def test_a_row_taller_than_a_page_still_prints(db, make_event):
    event = make_event()
    steps = "\n".join(f"Bước {n}: kiểm tra hồ sơ đại biểu và tài liệu hội nghị" for n in range(1, 90))
    agenda.create_item(db, event.id, ItemDraft(day=date(2026, 12, 10), start=time(8), end=time(9),
                                               title_vi="Hướng dẫn chi tiết", description=steps))
    text = pdf_text(render_programme(db, event.id, as_of=AS_OF))
    assert "Bước 1:" in text and "Bước 89:" in text


def test_a_session_taller_than_a_page_breaks_between_papers_and_nothing_else_splits(db, make_event,
                                                                                      make_delegate):
    from confman.core.presentations.service import PresentationDraft, create_presentation

    event = make_event()
    day = date(2026, 12, 10)
    hall = agenda.create_room(db, event.id, name="Hội trường A")
    room_b = agenda.create_room(db, event.id, name="Phòng họp B")
    position = "Phó Giám đốc Sở Thông tin và Truyền thông tỉnh Bà Rịa – Vũng Tàu"
    people = [make_delegate(event.id, f"Nguyễn Thị Thuỳ Dương {n}", position=position) for n in range(6)]
    papers = agenda.create_item(db, event.id, ItemDraft(day=day, start=time(8), end=time(11, 30), room_id=hall.id,
                                                        kind=AgendaKind.PRESENTATION, title_vi="Phiên tham luận",
                                                        chairs=(people[0],)))
    long_title = "công tác thông tin đối ngoại và truyền thông chính sách giai đoạn 2021–2025 " * 3
    for n in range(1, 15):
        create_presentation(db, event.id, PresentationDraft(title_vi=f"Bài {n:02d} về {long_title}",
                                                            agenda_item_id=papers.id, planned_minutes=15))
    for title, room in (("Tọa đàm A", hall.id), ("Tọa đàm B", room_b.id)):
        agenda.create_item(db, event.id, ItemDraft(day=day, start=time(13, 30), end=time(15), room_id=room,
                                                   kind=AgendaKind.WORKSHOP, title_vi=title))
    agenda.create_item(db, event.id, ItemDraft(day=day, start=time(15), end=time(17), room_id=hall.id,
                                               kind=AgendaKind.DISCUSSION, title_vi="Thảo luận",
                                               speakers=tuple(people)))

    pdf = pdfium.PdfDocument(render_programme(db, event.id, as_of=AS_OF))
    pages = [" ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf))]
    assert len(pages) >= 3
    for text in pages:  # the day's heading once per page, with the column headers under it
        assert text.count("NGÀY THỨ NHẤT") == 1 and "Thời gian Nội dung Chủ trì/Trình bày" in text
    for n in range(1, 15):  # every paper whole on one page
        paper = f"{n}. Bài {n:02d} về {long_title}".strip()
        assert sum(paper in text for text in pages) == 1, n
    band = next(text for text in pages if "CÁC PHIÊN SONG SONG" in text)
    assert "Tọa đàm A" in band and "Tọa đàm B" in band  # the band never ends a page alone
    discussion = [text for text in pages if "Nguyễn Thị Thuỳ Dương 5" in text]
    assert len(discussion) == 1 and "Thảo luận" in discussion[0]  # a row that fits is never split
    assert all(f"Nguyễn Thị Thuỳ Dương {n} {position}" in discussion[0] for n in range(6))


def test_personal_schedule_shows_only_that_persons_items_with_roles(db, demo):
    items = agenda.list_items(db, demo.id)
    minister = items[2].speakers[0]
    text = pdf_text(render_personal_schedule(db, demo.id, minister.delegate_id, as_of=AS_OF))
    assert "LỊCH LÀM VIỆC CÁ NHÂN" in text and "Ông Trương Minh Tuấn" in text
    assert "Phát biểu khai mạc" in text and "Trình bày" in text and "Chủ trì" in text
    assert "Giải lao" not in text and "Tọa đàm" not in text


def test_ics_parses_back_with_event_time_zone(db, demo, tmp_path):
    path = write_calendar(db, demo.id, tmp_path / "agenda.ics")
    cal = Calendar.from_ical(path.read_bytes())
    zones = [c for c in cal.walk("VTIMEZONE")]
    assert [str(z["TZID"]) for z in zones] == ["Asia/Ho_Chi_Minh"]
    events = cal.walk("VEVENT")
    items = agenda.list_items(db, demo.id)
    assert len(events) == len(items)
    first = events[0]
    assert str(first["SUMMARY"]) == "Đón tiếp đại biểu, đăng ký"
    start = first.decoded("DTSTART")
    assert start == datetime(2018, 12, 12, 7, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    assert start.utcoffset().total_seconds() == 7 * 3600
    assert first["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert first.decoded("DTEND").time() == time(8, 15)
    assert "Hội trường A" in str(first["LOCATION"])


def test_ics_for_one_person(db, demo):
    items = agenda.list_items(db, demo.id)
    minister = items[2].speakers[0].delegate_id
    info = agenda.agenda_event(db, demo.id)
    cal = Calendar.from_ical(build_calendar(info, agenda.list_items(db, demo.id, delegate_id=minister)))
    summaries = [str(e["SUMMARY"]) for e in cal.walk("VEVENT")]
    assert summaries == ["Phát biểu khai mạc của Lãnh đạo Bộ Thông tin và Truyền thông", "Tham luận của các bộ, ngành",
                         "Tham luận của các địa phương", "Thảo luận và kiến nghị"]
    assert "Trương Minh Tuấn" in str(cal.walk("VEVENT")[1]["DESCRIPTION"])


def test_xlsx_round_trip_updates_in_place_and_creates_new_rows(db, demo, tmp_path):
    agenda.update_fields(db, agenda.list_items(db, demo.id)[0].id, notes="=1+1")  # text, never a formula
    path = write_workbook(db, demo.id, tmp_path / "agenda.xlsx")
    before = agenda.list_items(db, demo.id)
    wb = load_workbook(path)
    ws = wb.active
    headers = [c.value for c in ws[1]]
    assert headers[:6] == ["Mã", "Ngày", "Bắt đầu", "Kết thúc", "Phòng", "Loại"]
    assert ws.cell(row=2, column=2).value.date() == date(2018, 12, 12)
    # edit a title, add a row in a new room with a known chair and an unknown speaker
    ws.cell(row=3, column=7).value = "Văn nghệ chào mừng (rút gọn)"
    ws.append([None, "13/12/2018", "14:00", "15:30", "Phòng họp D", "Tọa đàm", "Tọa đàm mới", "New workshop",
               "", "Trương Minh Tuấn", "Không Có Ai", 30, "Mời báo chí"])
    wb.save(path)
    result = import_workbook(db, demo.id, path)
    assert (result.created, result.updated) == (1, len(before))
    assert [row for row, _ in result.warnings] == [len(before) + 2]
    after = agenda.list_items(db, demo.id)
    assert [i.id for i in after if i.id in {b.id for b in before}] == [b.id for b in before]
    assert next(i for i in after if i.id == before[1].id).title_vi == "Văn nghệ chào mừng (rút gọn)"
    new = next(i for i in after if i.title_vi == "Tọa đàm mới")
    assert (new.day, new.start, new.end, new.room_name, new.capacity, new.notes) == (
        date(2018, 12, 13), time(14), time(15, 30), "Phòng họp D", 30, "Mời báo chí")
    assert after[0].notes == "=1+1"
    assert [p.full_name for p in new.chairs] == ["Trương Minh Tuấn"]
    # exporting again then importing changes nothing
    write_workbook(db, demo.id, path)
    again = import_workbook(db, demo.id, path)
    assert again.created == 0 and agenda.list_items(db, demo.id) == after
    assert build_workbook([]).startswith(b"PK")


def test_xlsx_import_refuses_bad_rows_before_writing(db, demo, tmp_path):
    path = tmp_path / "bad.xlsx"
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Day", "Start", "End", "Title (Vietnamese)"])
    wb.active.append(["13/12/2018", "09:00", "10:00", "Hợp lệ"])
    wb.active.append(["13/12/2018", "9 giờ", "10:00", "Sai giờ"])
    wb.save(path)
    count = len(agenda.list_items(db, demo.id))
    with pytest.raises(DomainError) as err:
        import_workbook(db, demo.id, path)
    assert err.value.code == "agenda.import_bad_row" and err.value.params["row"] == 3
    assert len(agenda.list_items(db, demo.id)) == count


def test_empty_programme_still_prints(make_event, db):
    event = make_event()
    data = build_programme_pdf(agenda.agenda_event(db, event.id), [], as_of=AS_OF)
    assert "Chưa có nội dung chương trình." in pdf_text(data)


@pytest.mark.parametrize(("lang", "room", "lines"), [
    ("vi", "Hội trường A – Tầng 3", ["NGÀY THỨ NHẤT (THỨ NĂM, 10/12/2026) — Hội trường A – Tầng 3"]),
    ("both", "Hội trường A – Tầng 3",
     ["NGÀY THỨ NHẤT (THỨ NĂM, 10/12/2026) · Day 1 (Thursday, 10/12/2026) —", "Hội trường A – Tầng 3"]),
    ("vi", "Hội trường A – Tầng 3 – Trung tâm Hội nghị tỉnh Bà Rịa – Vũng Tàu",
     ["NGÀY THỨ NHẤT (THỨ NĂM, 10/12/2026) —", "Hội trường A – Tầng 3 – Trung tâm Hội nghị tỉnh Bà Rịa – Vũng Tàu"]),
])
def test_a_day_heading_never_wraps_inside_its_room_name(db, make_event, lang, room, lines):
    event = make_event()  # 10/12/2026 is a Thursday
    hall = agenda.create_room(db, event.id, name=room, name_en="Hall A – Floor 3")
    for n in range(2):
        agenda.create_item(db, event.id, ItemDraft(day=date(2026, 12, 10), start=time(8 + n), end=time(9 + n),
                                                   title_vi=f"Phiên {n + 1}", room_id=hall.id))
    document = pdfium.PdfDocument(render_programme(db, event.id, lang=lang, as_of=AS_OF))
    try:
        text = document[0].get_textpage().get_text_range().replace("\r\n", "\n")
    finally:
        document.close()
    printed = [" ".join(line.split()) for line in text.split("\n")]
    start = printed.index(lines[0])
    assert printed[start:start + len(lines)] == lines


def test_a_room_name_longer_than_the_line_has_a_line_of_its_own(db, make_event):
    event = make_event()
    room = ("Hội trường lớn A – Tầng 3 – Trung tâm Hội nghị và Triển lãm quốc tế tỉnh Bà Rịa – Vũng Tàu, "
            "số 1 đường Trần Hưng Đạo")
    hall = agenda.create_room(db, event.id, name=room)
    agenda.create_item(db, event.id, ItemDraft(day=date(2026, 12, 10), start=time(8), end=time(9),
                                               title_vi="Phiên 1", room_id=hall.id))
    document = pdfium.PdfDocument(render_programme(db, event.id, as_of=AS_OF))
    try:
        text = document[0].get_textpage().get_text_range().replace("\r\n", "\n")
    finally:
        document.close()
    printed = [" ".join(line.split()) for line in text.split("\n")]
    start = printed.index("NGÀY THỨ NHẤT (THỨ NĂM, 10/12/2026) —")
    assert " ".join(printed[start + 1:start + 3]) == room  # the room starts its own line, wraps only after it
