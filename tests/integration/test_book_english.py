"""The book of papers in English names, before it is written, what will print in Vietnamese (no English
entered): the core's gaps, the warnings the CLI prints, and the book still written with the fallbacks."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest
from sqlalchemy import select

from confman.core.agenda.models import AgendaItem, Room
from confman.core.events.documents import update_event_documents
from confman.core.events.service import resolve_event
from confman.core.presentations.book_english import BookGaps, PaperRef, book_gaps, book_warnings, gap_warnings
from confman.core.presentations.models import Presentation
from confman.core.presentations.service import PresentationDraft, create_presentation
from tests.pdf_checks import file_text


@pytest.fixture
def book_event(db, cli):
    """The ``cli`` fixture's event: two days of papers, some without English, and one paper not scheduled."""
    event = resolve_event(db, "HN2026")
    update_event_documents(db, event.id, station="test", venue="Trung tâm Hội nghị Quốc gia, Hà Nội")
    with db.session() as session:
        hall = Room(event_id=event.id, name="Hội trường A")
        small = Room(event_id=event.id, name="Phòng họp B", name_en="Meeting room B")
        session.add_all([hall, small])
        session.flush()
        plenary = AgendaItem(event_id=event.id, room_id=hall.id, day=date(2026, 12, 10), start_time=time(9),
                             end_time=time(11), title_vi="Tham luận của các bộ, ngành")
        panel = AgendaItem(event_id=event.id, room_id=small.id, day=date(2026, 12, 11), start_time=time(9),
                           end_time=time(10), title_vi="Phiên thảo luận", title_en="Discussion")
        session.add_all([plenary, panel])
        session.flush()
        plenary_id, panel_id = plenary.id, panel.id
    papers = [
        PresentationDraft(title_vi="Đẩy mạnh thông tin đối ngoại về kinh tế số",
                          title_en="Promoting the digital economy abroad", agenda_item_id=plenary_id, order_in_item=1,
                          abstract="Tóm tắt."),
        PresentationDraft(title_vi="Kinh nghiệm của tỉnh Lào Cai", agenda_item_id=plenary_id, order_in_item=2),
        PresentationDraft(title_vi="Báo chí và Cộng đồng ASEAN", agenda_item_id=panel_id, order_in_item=1),
        PresentationDraft(title_vi="Bài chưa xếp lịch"),
    ]
    ids = [create_presentation(db, event.id, draft).id for draft in papers]
    return event, ids


def test_gaps_name_each_paper_session_room_and_event_value_without_english(db, book_event) -> None:
    event, ids = book_event
    gaps = book_gaps(db, event.id)
    assert gaps == BookGaps(
        event_fields=("name_en", "venue_en"),
        titles=(PaperRef(1, 2, "Kinh nghiệm của tỉnh Lào Cai", ids[1]),
                PaperRef(2, 1, "Báo chí và Cộng đồng ASEAN", ids[2]), PaperRef(None, 1, "Bài chưa xếp lịch", ids[3])),
        sessions=("Tham luận của các bộ, ngành",),
        rooms=("Hội trường A",),
    )
    assert gap_warnings(gaps, "vi") == (
        "Chưa có giá trị tiếng Anh của: Tên tiếng Anh, Địa điểm (tiếng Anh) — văn bản tiếng Anh sẽ in bản tiếng Việt.",
        "Chưa có tên tiếng Anh của các bài: Ngày 1, bài 2 “Kinh nghiệm của tỉnh Lào Cai”; Ngày 2, bài 1 “Báo chí và "
        "Cộng đồng ASEAN”; Chưa xếp lịch, bài 1 “Bài chưa xếp lịch”.",
        "Chưa có tên tiếng Anh của các phiên: “Tham luận của các bộ, ngành”.",
        "Chưa có tên tiếng Anh của các phòng: “Hội trường A”.",
    )
    assert gap_warnings(gaps, "en")[1].startswith(
        "No English title for the papers: Day 1, no. 2 “Kinh nghiệm của tỉnh Lào Cai”; Day 2, no. 1")
    assert book_warnings(db, event.id, "vi") == ()  # a Vietnamese book prints no fallback


def test_the_cli_warns_before_writing_the_english_book_and_still_writes_it(cli, db, book_event,
                                                                          tmp_path: Path) -> None:
    event, _ids = book_event
    out = tmp_path / "book-en.pdf"
    code, stdout, err = cli("presentations", "book", str(out), "--lang", "en")
    assert code == 0 and "Đã tạo kỷ yếu" in stdout and out.exists()
    assert err.strip().splitlines() == [
        "Lưu ý: Kỷ yếu được in bằng tiếng Anh; nội dung chưa có bản tiếng Anh sẽ in bằng tiếng Việt.",
        *("Lưu ý: " + line for line in gap_warnings(book_gaps(db, event.id), "vi"))]
    text = file_text(out)
    assert "BOOK OF PAPERS" in text and "Promoting the digital economy abroad" in text and "Discussion" in text
    assert "Meeting room B" in text  # a room's English name is printed where it was entered
    # Where no English was entered, the book prints the Vietnamese, as warned.
    for vietnamese in ("Kinh nghiệm của tỉnh Lào Cai", "Báo chí và Cộng đồng ASEAN", "Bài chưa xếp lịch",
                       "Tham luận của các bộ, ngành", "Hội trường A", "Trung tâm Hội nghị Quốc gia, Hà Nội",
                       "Hội nghị tổng kết công tác thông tin đối ngoại"):
        assert vietnamese in text, vietnamese

    code, _stdout, err = cli("--lang", "en", "presentations", "book", str(tmp_path / "again.pdf"))
    assert code == 0 and err.splitlines()[0] == (
        "Warning: The book is in English; text without an English version will print in Vietnamese.")
    assert "Warning: No English name for the rooms: “Hội trường A”." in err.splitlines()


def test_a_vietnamese_or_fully_english_book_is_written_without_a_word(cli, db, book_event, tmp_path: Path) -> None:
    event, ids = book_event
    code, _out, err = cli("presentations", "book", str(tmp_path / "vi.pdf"))
    assert code == 0 and err == "" and (tmp_path / "vi.pdf").exists()

    english = {ids[1]: "Lao Cai's experience", ids[2]: "The press and the ASEAN Community",
               ids[3]: "A paper not yet scheduled"}
    with db.session() as session:
        for paper_id, title in english.items():
            session.get(Presentation, paper_id).title_en = title
        session.scalars(select(Room).where(Room.name == "Hội trường A")).one().name_en = "Hall A"
        session.scalars(select(AgendaItem).where(AgendaItem.title_vi == "Tham luận của các bộ, ngành")).one() \
            .title_en = "Papers of the ministries"
    update_event_documents(db, event.id, station="test", name_en="Review conference on external communication",
                           venue_en="National Convention Centre, Hanoi")
    assert not book_gaps(db, event.id)
    out = tmp_path / "en.pdf"
    code, _out, err = cli("presentations", "book", str(out), "--lang", "en")
    assert code == 0 and err == ""
    text = file_text(out)
    assert "Hall A" in text and "National Convention Centre, Hanoi" in text and "Papers of the ministries" in text
    assert "Review conference on external communication" in text
    assert "Hội trường A" not in text and "Hà Nội" not in text
