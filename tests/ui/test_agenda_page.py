"""The agenda page driven like a user: drag, resize, undo/redo, shift, list edits, conflicts."""

from __future__ import annotations

from datetime import time

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog

from confman.core.agenda import service
from confman.core.demo import create_demo
from confman.ui.agenda.agenda_page import AgendaPage
from confman.ui.agenda.agenda_table_model import COLUMNS


@pytest.fixture
def demo(db):
    return create_demo(db, delegates=40).event


@pytest.fixture
def page(qtbot, make_context, demo):
    page = AgendaPage(make_context(event=demo))
    qtbot.addWidget(page)
    page.resize(1300, 900)
    page.show()
    qtbot.waitExposed(page)
    return page


def by_title(db, event_id, start: str):
    return next(i for i in service.list_items(db, event_id) if i.title_vi.startswith(start))


def drag(viewport, start: QPoint, end: QPoint) -> None:
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, 6):
        QTest.mouseMove(viewport, start + (end - start) * step / 5)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def test_drag_a_block_to_another_room_and_time_then_undo_and_redo(qtbot, page, db, demo):
    press_workshop = by_title(db, demo.id, "Tọa đàm: Vai trò của báo chí")  # Phòng họp C, 13:30–15:00
    local_workshop = by_title(db, demo.id, "Tọa đàm: Truyền thông")  # Phòng họp B, 13:30–15:00
    assert page.conflicts.list.count() == 0
    page.go_to_item(press_workshop.id)
    grid = page.grid
    start = grid.block_center(press_workshop.id).toPoint()
    # the press point is 45 minutes below the block's top; drop it so the block starts at 14:00 in room B
    end = grid.point_for(local_workshop.room_id, time(14, 0), offset_min=45).toPoint()
    drag(grid.viewport(), start, end)

    moved = service.get_item(db, press_workshop.id)
    assert (moved.room_id, moved.start, moved.end) == (local_workshop.room_id, time(14, 0), time(15, 30))
    assert page.conflicts.list.count() == 1
    assert "Phòng họp B" in page.conflicts.list.item(0).text()
    assert page.conflicts.label.text() == "Xung đột (1)"
    assert grid.blocks[press_workshop.id].conflicting and grid.blocks[local_workshop.id].conflicting
    assert page.model.data(page.model.index(page.model.row_of(press_workshop.id), COLUMNS.index("conflict")))

    qtbot.keyClick(grid, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    back = service.get_item(db, press_workshop.id)
    assert (back.room_id, back.start, back.end) == (press_workshop.room_id, time(13, 30), time(15, 0))
    assert page.conflicts.list.count() == 0 and not grid.blocks[press_workshop.id].conflicting

    qtbot.keyClick(grid, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert service.get_item(db, press_workshop.id).start == time(14, 0)
    assert page.conflicts.list.count() == 1


def test_drag_the_bottom_edge_resizes_in_5_minute_steps(page, db, demo):
    closing = by_title(db, demo.id, "Phát biểu bế mạc")  # day 2, 11:15–11:45
    page.go_to_item(closing.id)
    grid = page.grid
    rect = grid.mapFromScene(grid.blocks[closing.id].sceneBoundingRect()).boundingRect()
    start = QPoint(rect.center().x(), rect.bottom() - 2)
    end = start + QPoint(0, int(22 * 2.0))  # 22 minutes lower → snaps to 20
    drag(grid.viewport(), start, end)
    assert service.get_item(db, closing.id).end == time(12, 5)
    assert page.undo_stack.undoText().startswith("Đổi thời lượng")
    page.undo_stack.undo()
    assert service.get_item(db, closing.id).end == time(11, 45)


def test_a_click_without_moving_only_selects(page, db, demo):
    opening = by_title(db, demo.id, "Báo cáo tổng kết")
    page.go_to_item(opening.id)
    point = page.grid.block_center(opening.id).toPoint()
    QTest.mouseClick(page.grid.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    assert page.selected_id == opening.id and page.undo_stack.count() == 0
    assert service.get_item(db, opening.id).start == opening.start


def test_shift_after_moves_later_items_and_undo_restores(page, db, demo):
    opening = by_title(db, demo.id, "Văn nghệ chào mừng")  # 08:15–08:30, day 1
    before = {i.id: (i.day, i.start) for i in service.list_items(db, demo.id)}
    page.dialogs.shift_after(opening.id, 15)
    after = {i.id: (i.day, i.start) for i in service.list_items(db, demo.id)}
    moved = {i for i in after if after[i] != before[i]}
    day1_later = {i for i, (day, start) in before.items() if day == opening.day and start >= opening.end}
    assert moved == day1_later and len(moved) == 7
    assert after[by_title(db, demo.id, "Phát biểu khai mạc").id][1] == time(8, 45)
    assert "7" in page.message.text()
    page.grid.setFocus()
    QTest.keyClick(page.grid, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert {i.id: (i.day, i.start) for i in service.list_items(db, demo.id)} == before


def test_shift_dialog_runs_the_shift(page, db, demo, monkeypatch):
    from confman.ui.agenda import dialogs

    item = by_title(db, demo.id, "Tham luận của các địa phương")
    page.go_to_item(item.id)

    def accept(dialog):
        dialog.minutes.setValue(-10)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(dialogs.ShiftDialog, "exec", accept)
    page.shift_action.trigger()
    assert by_title(db, demo.id, "Thảo luận và kiến nghị").start == time(10, 5)


def test_list_model_passes_the_model_tester_and_edits_inline_with_undo(qtmodeltester, page, db, demo):
    qtmodeltester.check(page.model)
    model = page.model
    item = by_title(db, demo.id, "Giải lao")
    row = model.row_of(item.id)
    assert model.setData(model.index(row, COLUMNS.index("title_vi")), "Giải lao, chụp ảnh lưu niệm")
    assert service.get_item(db, item.id).title_vi == "Giải lao, chụp ảnh lưu niệm"
    from PySide6.QtCore import QTime

    row = model.row_of(item.id)
    assert model.setData(model.index(row, COLUMNS.index("end")), QTime(9, 50))
    assert service.get_item(db, item.id).end == time(9, 50)
    assert page.conflicts.list.count() == 1  # now overlaps the next item in the hall
    page.undo_stack.undo()
    page.undo_stack.undo()
    restored = service.get_item(db, item.id)
    assert (restored.title_vi, restored.end) == ("Giải lao", time(9, 45))
    # sorting by title keeps the model consistent
    page.table.sortByColumn(COLUMNS.index("title_vi"), Qt.SortOrder.AscendingOrder)
    first = page.proxy.index(0, COLUMNS.index("title_vi")).data()
    assert first == min((i.title_vi for i in service.list_items(db, demo.id)), key=str.casefold)


def test_go_to_a_conflict_selects_and_shows_the_block(page, db, demo):
    discussion = by_title(db, demo.id, "Thảo luận và kiến nghị")  # day 2
    service.update_fields(db, discussion.id, start=time(9, 30))
    page.reload()
    # the hall is taken, the chair is busy, and the coffee break overlaps
    kinds = [page.conflicts.list.item(i).text().split(":")[0] for i in range(page.conflicts.list.count())]
    assert kinds == ["Trùng phòng", "Trùng phòng", "Trùng người"]
    assert page.current_day != discussion.day
    page.conflicts.go_to_row(0)
    assert page.current_day == discussion.day
    assert page.grid.selected_id() in page.conflicts.list.item(0).data(Qt.ItemDataRole.UserRole)


def test_add_and_edit_through_the_dialog(page, db, demo, monkeypatch):
    from confman.ui.agenda.item_dialog import ItemDialog

    def fill(dialog):
        dialog.title_vi.setText("Họp báo")
        dialog.duration.setValue(45)
        minister = service.search_people(db, demo.id, "truong minh tuan")[0]
        dialog.chairs.add(minister)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ItemDialog, "exec", fill)
    page.dialogs.add_item(room_id=None, start=time(16, 0))
    created = by_title(db, demo.id, "Họp báo")
    assert (created.start, created.end, [p.full_name for p in created.chairs]) == (
        time(16, 0), time(16, 45), ["Trương Minh Tuấn"])
    assert page.grid.blocks.get(created.id) is not None

    def rename(dialog):
        dialog.title_vi.setText("Họp báo quốc tế")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ItemDialog, "exec", rename)
    page.dialogs.edit_item(created.id)
    assert service.get_item(db, created.id).title_vi == "Họp báo quốc tế"
    page.undo_stack.undo()
    assert service.get_item(db, created.id).title_vi == "Họp báo"


def test_person_picker_completes_from_delegates(page, db, demo, qtbot):
    from confman.ui.agenda.item_dialog import ItemDialog

    dialog = page.dialogs._item_dialog()
    qtbot.addWidget(dialog)
    dialog.chairs.edit.setText("truong minh")
    dialog.chairs.refresh_completions()
    assert any("Trương Minh Tuấn" in s for s in dialog.chairs.completions.stringList())
    dialog.chairs._enter()
    assert len(dialog.chairs.ids()) == 1
    assert isinstance(dialog, ItemDialog)


def test_rooms_dialog_adds_a_room_column(page, db, demo, monkeypatch):
    from confman.ui.agenda import dialogs

    def add_room(dialog):
        dialog._append(None, "Phòng họp D", "Room D", 40)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(dialogs.RoomsDialog, "exec", add_room)
    page.rooms_action.trigger()
    assert [r.name for r in service.list_rooms(db, demo.id)][-1] == "Phòng họp D"
    assert len(page.grid.columns) == 4


def test_language_switch_relabels(page, db, demo):
    page.ctx.set_language("en")
    assert page.views.tabText(0) == "Timetable"
    assert page.conflicts.label.text() == "No conflicts"
    page.ctx.set_language("vi")


def test_exports_write_files_chosen_in_the_save_dialog(page, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    targets = iter([tmp_path / "p.pdf", tmp_path / "a.ics", tmp_path / "a", tmp_path / "en.pdf"])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(next(targets)), ""))
    page.outputs.export_programme(lang="vi")
    page.outputs.export_ics()
    page.outputs.export_xlsx()
    page.outputs.export_programme(lang="en")
    assert (tmp_path / "p.pdf").read_bytes().startswith(b"%PDF")
    assert b"TZID=Asia/Ho_Chi_Minh" in (tmp_path / "a.ics").read_bytes()
    assert (tmp_path / "a.xlsx").read_bytes().startswith(b"PK")  # the extension is added
    assert "en.pdf" in page.message.text()


def test_print_rasterises_each_page_full_size(page, db, demo, tmp_path):
    from pypdf import PdfReader
    from PySide6.QtGui import QPageSize
    from PySide6.QtPrintSupport import QPrinter

    from confman.core.agenda.pdf import render_programme
    from confman.ui.agenda.printing import a4_printer, paint_pdf

    data = render_programme(db, demo.id)
    printer = a4_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setResolution(150)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))  # a driver handing back its default paper
    assert paint_pdf(printer, data) == len(PdfReader(str(tmp_path / "printed.pdf")).pages) == 2
    width, height = PdfReader(str(tmp_path / "printed.pdf")).pages[0].mediabox.upper_right
    assert (round(float(width)), round(float(height))) == (595, 842)


def test_print_opens_the_preview(page, monkeypatch):
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    shown = []
    monkeypatch.setattr(QPrintPreviewDialog, "exec", lambda self: shown.append(self.windowTitle()) or 0)
    page.print_action.trigger()
    assert shown == ["CHƯƠNG TRÌNH HỘI NGHỊ"]
