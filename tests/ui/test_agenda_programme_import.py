"""The Agenda page's "Nhập chương trình từ Word/Excel…": a Word programme table (day headings,
"8h00-8h30" times, several speakers per cell) previewed with the unmatched people highlighted, then
created in one go with its speakers matched to delegates; a bad file is said and changes nothing."""

from __future__ import annotations

import os
from datetime import date, time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from confman.core.agenda.models import AgendaItem, AgendaItemPerson, Room
from confman.ui.agenda.agenda_page import AgendaPage
from confman.ui.agenda.programme_import import UNMATCHED_BRUSH, ProgrammeImportDialog
from tests.programme_docs import write_programme_docx

SHOTS = os.environ.get("CONFMAN_SCREENSHOTS")
PROGRAMME: list[tuple[str, ...]] = [
    ("Ngày 22/11/2018 (Thứ Năm)",),
    ("Buổi sáng",),
    ("7h30-8h00", "Đón tiếp đại biểu", "Ban Tổ chức", "Hội trường A"),
    ("8h00-8h30", "Phát biểu khai mạc hội nghị",
     "Chủ trì: Đ/c Nguyễn Mạnh Hùng, Bộ trưởng Bộ Thông tin và Truyền thông", "Hội trường A"),
    ("8h30-9h30", "Báo cáo tổng kết công tác thông tin đối ngoại",
     "Đ/c Phan Thảo Nguyên, Vụ trưởng Vụ HTQT\nPGS.TS. Lê Thị Hoa (Học viện Báo chí)", "Hội trường A"),
    ("9h30-9h45", "Giải lao", "", ""),
    ("9h45-11h00", "Tham luận của các địa phương",
     "Đ/c Trần Văn Nam, Giám đốc Sở TT&TT Đà Nẵng\nLãnh đạo Sở TT&TT Quảng Ninh", "Phòng họp B"),
    ("Ngày 23/11/2018",),
    ("8h00-8h30", "Thảo luận và kiến nghị", "Ông Đỗ Minh Quân", "Hội trường A"),
    ("8h30-9h00", "Phát biểu bế mạc", "Chủ trì: Đ/c Nguyễn Mạnh Hùng", "Hội trường A"),
]
DELEGATES = ("Nguyễn Mạnh Hùng", "Phan Thảo Nguyên", "Lê Thị Hoa", "Trần Văn Nam", "Đỗ Minh Quân")


def write_docx(path: Path) -> Path:
    return write_programme_docx(path, PROGRAMME, above=("CHƯƠNG TRÌNH HỘI NGHỊ TỔNG KẾT CÔNG TÁC THÔNG TIN ĐỐI NGOẠI",),
                                below=())


@pytest.fixture
def event(db, make_event, make_delegate):
    created = make_event(code="TTDN", start_date=date(2018, 11, 22), end_date=date(2018, 11, 23))
    ids = {name: make_delegate(created.id, name) for name in DELEGATES}
    return created, ids


@pytest.fixture
def page(qtbot, make_context, event) -> AgendaPage:
    widget = AgendaPage(make_context(event=event[0]))
    qtbot.addWidget(widget)
    widget.resize(880, 540)  # the page's share of a 1093-pixel window, beside the navigation
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(lambda: widget.data_shown)
    return widget


def open_dialog(qtbot, page: AgendaPage) -> ProgrammeImportDialog:
    button = page.programme_button
    assert button.text() == page.programme_action.text() == "Nhập chương trình từ Word/Excel…"
    assert button.isVisible() and page.rect().contains(button.geometry())
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = page.programme_dialog
    qtbot.waitExposed(dialog)
    dialog.resize(1093, 540)
    return dialog


def stored_items(db, event_id: int) -> list[tuple[date, time, time, str, str | None]]:
    with db.session() as session:
        rows = session.execute(select(AgendaItem.day, AgendaItem.start_time, AgendaItem.end_time, AgendaItem.title_vi,
                                      Room.name).outerjoin(Room, Room.id == AgendaItem.room_id)
                               .where(AgendaItem.event_id == event_id)
                               .order_by(AgendaItem.day, AgendaItem.start_time)).all()
        return [tuple(r) for r in rows]


def people_of(db, event_id: int, title: str) -> list[tuple[str, int]]:
    with db.session() as session:
        item = session.scalars(select(AgendaItem).where(AgendaItem.event_id == event_id,
                                                        AgendaItem.title_vi == title)).one()
        return [(p.role.value, p.delegate_id) for p in session.scalars(
            select(AgendaItemPerson).where(AgendaItemPerson.agenda_item_id == item.id)
            .order_by(AgendaItemPerson.role, AgendaItemPerson.position))]


def test_a_word_programme_is_previewed_then_created_with_its_speakers_matched(qtbot, page, db, event, tmp_path):
    created, ids = event
    dialog = open_dialog(qtbot, page)
    assert not dialog.create_button.isEnabled()
    dialog.load(write_docx(tmp_path / "chuong-trinh.docx"))

    table = dialog.table
    rows = [[table.item(r, c).text() for c in range(5)] for r in range(table.rowCount())]
    assert [r[:2] for r in rows] == [
        ["22/11/2018", "07:30–08:00"], ["22/11/2018", "08:00–08:30"], ["22/11/2018", "08:30–09:30"],
        ["22/11/2018", "09:30–09:45"], ["22/11/2018", "09:45–11:00"], ["23/11/2018", "08:00–08:30"],
        ["23/11/2018", "08:30–09:00"]]
    assert rows[1][2] == "Phát biểu khai mạc hội nghị" and rows[1][3] == "Hội trường A"
    assert rows[1][4] == "Chủ trì: Nguyễn Mạnh Hùng"
    assert rows[2][4] == "Thực hiện: Phan Thảo Nguyên\nThực hiện: Lê Thị Hoa"
    assert rows[4][4] == "Thực hiện: Trần Văn Nam\n⚠ Lãnh đạo Sở TT&TT Quảng Ninh — chưa khớp đại biểu"
    people_column = 4
    highlighted = [r for r in range(table.rowCount()) if table.item(r, people_column).background() == UNMATCHED_BRUSH]
    assert highlighted == [0, 4]  # "Ban Tổ chức" and "Lãnh đạo Sở TT&TT Quảng Ninh" match no delegate
    notes = [dialog.notes.item(i).text() for i in range(dialog.notes.count())]
    assert any("Lãnh đạo Sở TT&TT Quảng Ninh" in n and n.startswith("Dòng ") for n in notes)
    assert "7 mục trong 2 ngày, 2 phòng" in dialog.summary.text() and "2 người chưa khớp" in dialog.summary.text()
    assert dialog.create_button.text() == "Tạo 7 mục chương trình"
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        dialog.grab().save(str(Path(SHOTS) / "agenda-import-preview.png"))
    assert stored_items(db, created.id) == []  # the preview wrote nothing

    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.result is not None and dialog.result.created == 7
    items = stored_items(db, created.id)
    assert [(i[0], i[1], i[2]) for i in items][:2] == [(date(2018, 11, 22), time(7, 30), time(8, 0)),
                                                        (date(2018, 11, 22), time(8, 0), time(8, 30))]
    assert items[-1] == (date(2018, 11, 23), time(8, 30), time(9, 0), "Phát biểu bế mạc", "Hội trường A")
    assert people_of(db, created.id, "Phát biểu khai mạc hội nghị") == [("chair", ids["Nguyễn Mạnh Hùng"])]
    assert people_of(db, created.id, "Báo cáo tổng kết công tác thông tin đối ngoại") == [
        ("speaker", ids["Phan Thảo Nguyên"]), ("speaker", ids["Lê Thị Hoa"])]
    assert people_of(db, created.id, "Thảo luận và kiến nghị") == [("speaker", ids["Đỗ Minh Quân"])]
    assert "Đã nhập 7 mục chương trình từ chuong-trinh.docx" in page.message.text()
    qtbot.waitUntil(lambda: page.model.rowCount() == 7)  # the page shows them


def test_a_bad_file_is_named_and_nothing_is_created(qtbot, page, db, event, tmp_path):
    created, _ids = event
    dialog = open_dialog(qtbot, page)
    broken = tmp_path / "hong.docx"
    broken.write_bytes(b"not a word file")
    dialog.load(broken)
    assert dialog.summary.text() == "Không đọc được tệp hong.docx."
    assert not dialog.create_button.isEnabled() and dialog.table.rowCount() == 0
    assert dialog.create_button.text() == "Tạo mục chương trình"

    no_table = tmp_path / "thu-moi.docx"
    from docx import Document

    document = Document()
    document.add_paragraph("Kính gửi: các đồng chí đại biểu")
    document.save(no_table)
    dialog.load(no_table)
    assert "thu-moi.docx" in dialog.summary.text() and "«Thời gian» và «Nội dung»" in dialog.summary.text()
    assert not dialog.create_button.isEnabled()
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(AgendaItem).where(
            AgendaItem.event_id == created.id)) == 0


def test_reading_and_creating_run_off_the_window_thread(qtbot, make_context, db, event, tmp_path):
    """The real threaded path: the file is read and the items written by ops, the window never waits."""
    created, ids = event
    page = AgendaPage(make_context(event=created, asynchronous=True))
    qtbot.addWidget(page)
    page.resize(880, 540)
    page.show()
    qtbot.waitUntil(lambda: page.data_shown, timeout=10_000)
    dialog = open_dialog(qtbot, page)
    dialog.load(write_docx(tmp_path / "chuong-trinh.docx"))
    qtbot.waitUntil(lambda: dialog.create_button.isEnabled(), timeout=20_000)
    assert dialog.table.rowCount() == 7
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=20_000)
    assert len(stored_items(db, created.id)) == 7
    assert people_of(db, created.id, "Tham luận của các địa phương") == [("speaker", ids["Trần Văn Nam"])]
    qtbot.waitUntil(lambda: page.model.rowCount() == 7, timeout=10_000)


def pick(qtbot, dialog: ProgrammeImportDialog, row: int, line: int, typed: str) -> None:
    """Select ``row``, type ``typed`` (ASCII: diacritics are not needed) into the picker of person ``line``
    and take the completer's first suggestion with Down and Enter, as a user would."""
    dialog.table.setCurrentCell(row, 2)
    picker = dialog.people_panel.pickers[line]
    editor = picker.lineEdit()
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, typed)
    popup = picker.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)


def test_unticked_items_are_left_out_and_picked_delegates_are_linked(qtbot, page, db, event, make_delegate, tmp_path):
    created, ids = event
    trang = make_delegate(created.id, "Phạm Thu Trang", position="Phó Giám đốc", organization="Sở TT&TT Quảng Ninh")
    dialog = open_dialog(qtbot, page)
    dialog.load(write_docx(tmp_path / "chuong-trinh.docx"))
    table = dialog.table
    assert all(table.item(r, 0).checkState() == Qt.CheckState.Checked for r in range(table.rowCount()))
    for row in (0, 3):  # "Đón tiếp đại biểu" and "Giải lao": not wanted on the agenda
        table.setCurrentCell(row, 0)
        qtbot.keyClick(table, Qt.Key.Key_Space)
    assert [r for r in range(table.rowCount()) if table.item(r, 0).checkState() == Qt.CheckState.Unchecked] == [0, 3]
    assert dialog.create_button.text() == "Tạo 5 mục chương trình"

    # "Lãnh đạo Sở TT&TT Quảng Ninh" matched nobody: typed without diacritics, Phạm Thu Trang is offered.
    table.setCurrentCell(4, 2)
    panel = dialog.people_panel
    assert [p.currentText() for p in panel.pickers] == [
        "Trần Văn Nam", "(không có trong danh sách)"]
    assert [line.toolTip() for line in panel.lines] == [
        "Thực hiện: Đ/c Trần Văn Nam, Giám đốc Sở TT&TT Đà Nẵng", "Thực hiện: Lãnh đạo Sở TT&TT Quảng Ninh"]
    table.setCurrentCell(1, 2)  # a line that says its role itself is shown as written
    assert [line.toolTip() for line in panel.lines] == [
        "Chủ trì: Đ/c Nguyễn Mạnh Hùng, Bộ trưởng Bộ Thông tin và Truyền thông"]
    pick(qtbot, dialog, 4, 1, "pham thu")
    assert panel.pickers[1].currentText() == "Phạm Thu Trang — Phó Giám đốc, Sở TT&TT Quảng Ninh"
    people_cell = table.item(4, 4)
    assert people_cell.text() == "Thực hiện: Trần Văn Nam\nThực hiện: Phạm Thu Trang"
    assert people_cell.background() != UNMATCHED_BRUSH  # nothing left to decide on this item
    notes = [dialog.notes.item(i).text() for i in range(dialog.notes.count())]
    assert any("Ban Tổ chức" in n for n in notes) and not any("Quảng Ninh" in n for n in notes)
    # Lê Thị Hoa was matched, but the organiser keeps that line in the notes instead.
    pick(qtbot, dialog, 2, 1, "khong co")
    assert table.item(2, 4).text() == ("Thực hiện: Phan Thảo Nguyên\n"
                                       "PGS.TS. Lê Thị Hoa (Học viện Báo chí) — ghi vào ghi chú của mục")
    assert dialog.create_button.text() == "Tạo 5 mục chương trình"

    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.result is not None and dialog.result.created == 5
    titles = [i[3] for i in stored_items(db, created.id)]
    assert "Đón tiếp đại biểu" not in titles and "Giải lao" not in titles and len(titles) == 5
    assert people_of(db, created.id, "Tham luận của các địa phương") == [
        ("speaker", ids["Trần Văn Nam"]), ("speaker", trang)]
    assert people_of(db, created.id, "Báo cáo tổng kết công tác thông tin đối ngoại") == [
        ("speaker", ids["Phan Thảo Nguyên"])]
    with db.session() as session:
        notes = session.scalar(select(AgendaItem.notes).where(
            AgendaItem.event_id == created.id, AgendaItem.title_vi == "Báo cáo tổng kết công tác thông tin đối ngoại"))
    assert notes == "PGS.TS. Lê Thị Hoa (Học viện Báo chí)"
    assert "Đã nhập 5 mục chương trình từ chuong-trinh.docx" in page.message.text()
