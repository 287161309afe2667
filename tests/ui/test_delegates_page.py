"""The Delegates page driven as an organiser would: keyboard and mouse, offscreen."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QEvent, QItemSelectionModel, QPoint, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from confman.core.registration.rows import DelegateInput
from confman.core.registration.service import create_delegate, get_delegate, search_delegates
from confman.ui.delegates.delegate_dialog import DelegateDialog
from confman.ui.delegates.delegates_page import DelegatesPage, format_count
from confman.ui.delegates.delegates_table_model import COLUMN_IDS, ROW_ROLE
from confman.ui.delegates.duplicate_dialog import DuplicateDialog
from confman.ui.delegates.merge_dialog import MergeDialog

PEOPLE = (
    ("Nguyễn Văn Đức", "Sở Thông tin và Truyền thông Đà Nẵng", "0912345678", "DB"),
    ("Trần Thị An", "Bộ Ngoại giao", "0987654321", "VIP"),
    ("Lê Minh Anh", "Báo Nhân Dân", "", "BC"),
    ("Hoàng Văn Dũng", "Bộ Ngoại giao", "0901111222", "DB"),
    ("Đặng Thu Hà", "Đài Truyền hình Việt Nam", "", "BC"),
)


@pytest.fixture
def event(db, make_event):
    ev = make_event(code="HN2026")
    for name, org, phone, cat in PEOPLE:
        create_delegate(db, ev.id, DelegateInput(full_name=name, organization=org, phone=phone, category_code=cat,
                                                 honorific="Bà" if "Thị" in name or "Thu" in name else "Ông"))
    return ev


def _shown(qtbot, ctx) -> DelegatesPage:
    widget = DelegatesPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1300, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def page(qtbot, make_context, event) -> DelegatesPage:
    return _shown(qtbot, make_context(event=event))


@pytest.fixture
def live_page(qtbot, make_context, event) -> DelegatesPage:
    """The page on the real asynchronous path (searches on worker threads)."""
    widget = _shown(qtbot, make_context(event=event, asynchronous=True))
    qtbot.waitUntil(lambda: widget.loaded and widget.ctx.ops.idle, timeout=5000)
    return widget


def names(page: DelegatesPage) -> list[str]:
    model = page.model
    return [model.data(model.index(row, 0)) for row in range(model.rowCount())]


def column(page: DelegatesPage, name: str) -> list[str]:
    model, col = page.model, COLUMN_IDS.index(name)
    return [model.data(model.index(row, col)) for row in range(model.rowCount())]


def select_rows(page: DelegatesPage, rows: list[int]) -> None:
    selection = page.table.selectionModel()
    selection.clearSelection()
    for row in rows:
        selection.select(page.model.index(row, 0),
                         QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    selection.setCurrentIndex(page.model.index(rows[0], 0), QItemSelectionModel.SelectionFlag.NoUpdate)


def answer_modal(cls: type[QWidget], action: Callable[[QWidget], None]) -> None:
    """Act on the next modal ``cls`` dialog once its own event loop runs."""
    def attempt() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, cls) and widget.isVisible():
                action(widget)
                return
        QTimer.singleShot(10, attempt)

    QTimer.singleShot(0, attempt)


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Type like a user with a Vietnamese keyboard (QTest only knows ASCII key codes)."""
    for char in text:
        if char.isascii():
            qtbot.keyClick(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char))


def click_yes(box: QWidget) -> None:
    assert isinstance(box, QMessageBox)
    box.button(QMessageBox.StandardButton.Yes).click()


# --------------------------------------------------------------------------- seeing and searching


def test_opening_shows_every_delegate_in_vietnamese_order_with_counts(page):
    assert names(page) == ["Bà Trần Thị An", "Ông Lê Minh Anh", "Ông Hoàng Văn Dũng", "Ông Nguyễn Văn Đức",
                           "Bà Đặng Thu Hà"]
    assert page.count_label.text() == "5 / 5 đại biểu"
    assert column(page, "category")[0] == "Đại biểu VIP"
    assert column(page, "phone")[0] == "0987654321"


def test_typing_in_search_shows_matching_rows_as_you_type(qtbot, live_page):
    page = live_page
    type_text(qtbot, page.search, "dang")
    assert page.model.rowCount() == 5  # the search runs on a worker: the old rows stay meanwhile
    qtbot.waitUntil(lambda: names(page) == ["Bà Đặng Thu Hà"], timeout=2000)
    assert page.count_label.text() == "1 / 5 đại biểu"
    page.search.clear()
    type_text(qtbot, page.search, "so thong tin da nang")
    qtbot.waitUntil(lambda: names(page) == ["Ông Nguyễn Văn Đức"], timeout=2000)
    page.search.clear()
    type_text(qtbot, page.search, "5678")
    qtbot.waitUntil(lambda: names(page) == ["Ông Nguyễn Văn Đức"], timeout=2000)
    type_text(qtbot, page.search, "zz")
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=2000)
    assert page.empty_label.isVisible() and "Không có đại biểu" in page.empty_label.text()


def test_a_burst_of_keystrokes_shows_only_the_last_text(qtbot, live_page):
    page = live_page
    seen: list[int] = []
    page.results_shown.connect(seen.append)
    type_text(qtbot, page.search, "ngoai giao")  # faster than any search: one runs, the last text waits
    qtbot.waitUntil(lambda: page.ctx.ops.idle and not page.searching, timeout=5000)
    qtbot.wait(50)
    assert seen == [2] and names(page) == ["Bà Trần Thị An", "Ông Hoàng Văn Dũng"]


def test_filters_by_category_and_status(qtbot, page, db, event):
    combo = page.category_filter
    combo.setCurrentIndex(combo.findText("Báo chí"))
    assert names(page) == ["Ông Lê Minh Anh", "Bà Đặng Thu Hà"]
    assert page.count_label.text() == "2 / 5 đại biểu"
    combo.setCurrentIndex(0)
    page.checkin_filter.setCurrentIndex(1)  # checked in: nobody yet
    assert names(page) == []
    page.checkin_filter.setCurrentIndex(2)
    assert len(names(page)) == 5


def test_sorting_by_a_header_click_asks_the_database(qtbot, page):
    header = page.table.horizontalHeader()
    section = COLUMN_IDS.index("organization")
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert column(page, "organization")[:2] == ["Báo Nhân Dân", "Bộ Ngoại giao"]
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert column(page, "organization")[0] == "Sở Thông tin và Truyền thông Đà Nẵng"


def test_plain_text_is_shown_literally(qtbot, page, db, event):
    hostile = "=cmd|' /C calc'!A0 <b>&amp; مرحبا 🎉"
    create_delegate(db, event.id, DelegateInput(full_name=hostile, organization="<i>Sở</i> & Co"))
    page.refresh()
    type_text(qtbot, page.search, "cmd")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=2000)
    index = page.model.index(0, 0)
    assert page.model.data(index) == hostile
    assert page.model.data(page.model.index(0, COLUMN_IDS.index("organization"))) == "<i>Sở</i> & Co"
    tooltip = page.model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert "&lt;b&gt;&amp;amp;" in tooltip  # escaped, so Qt shows the tags instead of bold text


def test_counts_use_the_language_number_format():
    assert format_count(1204, "vi") == "1.204"
    assert format_count(1204, "en") == "1,204"


# --------------------------------------------------------------------------- add and edit


def test_ctrl_n_opens_the_dialog_fill_and_enter_saves(qtbot, page, db, event):
    qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = page.editing.active_dialog
    assert isinstance(dialog, DelegateDialog) and dialog.isVisible()
    assert not dialog.save_button.isEnabled() and not dialog.name_error.isVisible()  # required, not shouted
    type_text(qtbot, dialog.full_name, "Phạm Thị Mai")
    assert dialog.save_button.isEnabled() and not dialog.name_error.isVisible()
    type_text(qtbot, dialog.organization, "Sở TT&TT Huế")
    assert dialog.org_hint.isVisible()  # a new organization will be created
    dialog.category.setCurrentIndex(dialog.category.findText("Khách mời"))
    type_text(qtbot, dialog.phone, "+84 912 000 111")
    type_text(qtbot, dialog.email, "Mai.Pham@Hue.gov.vn")
    qtbot.keyClick(dialog.email, Qt.Key.Key_Return)
    assert not dialog.isVisible() and page.editing.active_dialog is None
    assert "Bà Phạm Thị Mai" not in names(page)  # no honorific typed
    row = names(page).index("Phạm Thị Mai")
    assert page.table.currentIndex().row() == row  # the new delegate is selected
    assert column(page, "phone")[row] == "0912000111"
    assert column(page, "category")[row] == "Khách mời"
    assert page.count_label.text() == "6 / 6 đại biểu"
    assert "Phạm Thị Mai" in page.message.text()


def test_validation_as_you_type_says_a_bad_phone_or_email_will_be_marked_for_checking(qtbot, page):
    page.editing.open_editor(None)
    dialog = page.editing.active_dialog
    type_text(qtbot, dialog.full_name, "Vũ Thị Thảo")
    type_text(qtbot, dialog.phone, "09abc")
    assert dialog.save_button.isEnabled()  # a bad phone does not stop the save: it is marked
    assert dialog.phone_note.isVisible() and dialog.phone_note.text().startswith('Điện thoại "09abc" có chữ cái')
    assert "Liên hệ cần kiểm tra" in dialog.phone_note.text()
    dialog.phone.clear()
    assert not dialog.phone_note.isVisible()
    type_text(qtbot, dialog.email, "thao@")
    assert dialog.email_note.isVisible() and 'Email "thao@"' in dialog.email_note.text()
    type_text(qtbot, dialog.email, "mic.gov.vn")
    assert dialog.save_button.isEnabled() and not dialog.email_note.isVisible()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.saved is None
    assert "Vũ Thị Thảo" not in names(page)


def test_enter_on_a_row_edits_it(qtbot, page, db):
    page.table.setFocus()
    page.table.selectRow(1)  # Ông Lê Minh Anh
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = page.editing.active_dialog
    assert dialog.full_name.text() == "Lê Minh Anh" and dialog.honorific.currentText() == "Ông"
    dialog.position.setText("Phóng viên")
    qtbot.keyClick(dialog.position, Qt.Key.Key_Return)
    assert column(page, "position")[1] == "Phóng viên"
    assert get_delegate(db, page.model.id_at(1)).position == "Phóng viên"


def test_duplicate_warning_offers_open_and_save_anyway(qtbot, page, db, event):
    page.editing.open_editor(None)
    dialog = page.editing.active_dialog
    type_text(qtbot, dialog.full_name, "Nguyễn Văn Đức Hai")
    type_text(qtbot, dialog.phone, "0912 345 678")  # Ông Nguyễn Văn Đức's number
    seen: list[DuplicateDialog] = []

    def save_anyway(box: QWidget) -> None:
        assert isinstance(box, DuplicateDialog)
        seen.append(box)
        assert box.table.item(0, 0).text() == "Ông Nguyễn Văn Đức"
        assert box.table.item(0, 3).text() == "cùng số điện thoại"
        box.save_button.click()

    answer_modal(DuplicateDialog, save_anyway)
    dialog.save()
    assert seen and dialog.saved is not None
    assert "Nguyễn Văn Đức Hai" in names(page) and page.model.rowCount() == 6

    page.editing.open_editor(None)
    dialog = page.editing.active_dialog
    type_text(qtbot, dialog.full_name, "NGUYEN VAN DUC")
    type_text(qtbot, dialog.organization, "Sở Thông tin và Truyền thông Đà Nẵng")
    answer_modal(DuplicateDialog, lambda box: box.open_button.click())
    dialog.save()
    qtbot.waitUntil(lambda: isinstance(page.editing.active_dialog, DelegateDialog) and page.editing.active_dialog is not dialog,
                    timeout=2000)
    assert page.editing.active_dialog.full_name.text() == "Nguyễn Văn Đức"  # the existing record, opened
    assert page.model.rowCount() == 6  # nothing new saved
    page.editing.active_dialog.reject()


def test_duplicate_then_merge_keeps_one_record(qtbot, page, db, event):
    page.editing.open_editor(None)
    dialog = page.editing.active_dialog
    type_text(qtbot, dialog.full_name, "Trần Thị An")
    type_text(qtbot, dialog.organization, "Bộ Ngoại giao")
    type_text(qtbot, dialog.email, "an.tran@mofa.gov.vn")
    answer_modal(DuplicateDialog, lambda box: box.merge_button.click())
    dialog.save()
    qtbot.waitUntil(lambda: isinstance(page.editing.active_dialog, MergeDialog), timeout=2000)
    merge = page.editing.active_dialog
    merge.merge_button.click()
    assert page.model.rowCount() == 5
    survivor = search_delegates(db, event.id, "tran thi an").rows
    assert len(survivor) == 1 and survivor[0].email == "an.tran@mofa.gov.vn"
    assert survivor[0].phone == "0987654321"


# --------------------------------------------------------------------------- merge, bulk, delete, undo


def test_merge_two_selected_choosing_fields(qtbot, page, db, event):
    select_rows(page, [2, 3])  # Hoàng Văn Dũng (Bộ Ngoại giao), Nguyễn Văn Đức (Sở …)
    page.bulk.merge_action.trigger()
    merge = page.editing.active_dialog
    assert isinstance(merge, MergeDialog)
    merge.choose("organization_id", 1)
    merge.merge_button.click()
    assert page.model.rowCount() == 4
    kept = get_delegate(db, merge.records[0].id)
    assert kept.full_name == "Hoàng Văn Dũng" and kept.organization == "Sở Thông tin và Truyền thông Đà Nẵng"
    assert get_delegate(db, merge.records[1].id).merged_into_id == kept.id
    assert page.selected_ids() == [kept.id]


def test_bulk_set_category_on_a_selection(qtbot, page):
    select_rows(page, [0, 2, 4])
    action = next(a for a in page.bulk.category_menu.actions() if a.text() == "Khách mời")
    action.trigger()
    assert [column(page, "category")[r] for r in (0, 2, 4)] == ["Khách mời"] * 3
    assert column(page, "category")[1] == "Báo chí"
    assert page.message.text() == "Đã cập nhật 3 đại biểu."
    assert sorted(page.selected_ids()) == sorted(page.model.id_at(r) for r in (0, 2, 4))


def test_bulk_set_status_and_delegation(qtbot, page, db):
    select_rows(page, [0, 1])
    next(a for a in page.bulk.status_menu.actions() if a.text() == "Đã huỷ").trigger()
    assert column(page, "status")[:2] == ["Đã huỷ", "Đã huỷ"]
    page.bulk.ask_text = lambda _title, _label: "Đoàn Hà Nội"
    page.bulk.set_delegation_action.trigger()
    page.table.set_column_visible(COLUMN_IDS.index("delegation"), True)
    assert column(page, "delegation")[:2] == ["Đoàn Hà Nội"] * 2


def test_delete_asks_with_the_count_then_undo_restores(qtbot, page, db, event):
    select_rows(page, [1, 3])
    page.table.setFocus()
    texts: list[str] = []

    def yes(box: QWidget) -> None:
        texts.append(box.text())
        click_yes(box)

    answer_modal(QMessageBox, yes)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert texts == ["Chuyển 2 đại biểu vào thùng rác? Có thể hoàn tác (Ctrl+Z)."]
    assert names(page) == ["Bà Trần Thị An", "Ông Hoàng Văn Dũng", "Bà Đặng Thu Hà"]
    assert page.count_label.text() == "3 / 3 đại biểu"
    assert page.undo_button.isEnabled()
    page.activateWindow()  # the confirmation box had it
    qtbot.waitUntil(page.isActiveWindow)
    qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(names(page)) == 5 and page.count_label.text() == "5 / 5 đại biểu · đã chọn 2"
    assert sorted(page.selected_ids()) == sorted(page.model.id_at(r) for r in (1, 3))
    assert not page.undo_button.isEnabled()


def test_delete_can_be_declined_and_recycle_bin_restores(qtbot, page):
    select_rows(page, [0])
    answer_modal(QMessageBox, lambda box: box.button(QMessageBox.StandardButton.No).click())
    page.delete_button.click()
    assert page.model.rowCount() == 5
    answer_modal(QMessageBox, click_yes)
    page.delete_button.click()
    assert page.model.rowCount() == 4
    page.bin_check.setChecked(True)
    assert names(page) == ["Bà Trần Thị An"] and page.delete_button.text() == "Khôi phục"
    assert page.count_label.text() == "1 đại biểu trong thùng rác"
    select_rows(page, [0])
    page.delete_button.click()
    assert page.model.rowCount() == 0
    page.bin_check.setChecked(False)
    assert page.model.rowCount() == 5


# --------------------------------------------------------------------------- keyboard, print, layout, language


def test_ctrl_f_focuses_search_and_down_moves_to_results(qtbot, page):
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert page.table.hasFocus() and page.table.currentIndex().row() == 0


def test_print_badges_asks_the_window_for_the_selection(qtbot, page):
    assert not page.print_button.isEnabled()  # nothing selected
    select_rows(page, [0, 1])
    assert page.print_button.isEnabled()
    page.print_button.click()  # without a window, the request is kept, not lost silently
    assert page.ctx.actions.requests == [("print_badges", ((page.model.id_at(0), page.model.id_at(1)), False))]


def test_header_layout_is_remembered(qtbot, page, db, event):
    email = COLUMN_IDS.index("email")
    phone = COLUMN_IDS.index("phone")
    assert page.table.isColumnHidden(email)
    page.table.set_column_visible(email, True)
    page.table.set_column_visible(phone, False)
    page.table.horizontalHeader().resizeSection(0, 333)
    page.table.save_header_state()
    again = DelegatesPage(page.ctx)
    qtbot.addWidget(again)
    assert not again.table.isColumnHidden(email) and again.table.isColumnHidden(phone)
    assert again.table.horizontalHeader().sectionSize(0) == 333


def test_language_switch_relabels_headers_filters_and_counts(qtbot, page):
    page.ctx.set_language("en")
    try:
        header = [page.model.headerData(i, Qt.Orientation.Horizontal) for i in range(3)]
        assert header == ["Name", "Position", "Organization"]
        assert page.count_label.text() == "5 of 5 delegates"
        assert page.add_button.text() == "Add" and page.category_filter.itemText(0) == "All categories"
        assert column(page, "category")[0] == "VIP" and column(page, "status")[0] == "Registered"
    finally:
        page.ctx.set_language("vi")
    assert page.model.headerData(0, Qt.Orientation.Horizontal) == "Họ và tên"
    assert page.add_button.text() == "Thêm"


def test_other_pages_changes_refresh_the_table(qtbot, page, db, event):
    saved = create_delegate(db, event.id, DelegateInput(full_name="Bùi Thị Yến"))
    page.ctx.notify(saved.changes)
    assert "Bùi Thị Yến" in names(page) and page.count_label.text() == "6 / 6 đại biểu"


def test_model_passes_qt_model_tester(qtmodeltester, page):
    qtmodeltester.check(page.model)
    assert page.model.data(page.model.index(0, 0), ROW_ROLE).full_name == "Trần Thị An"


def test_page_in_the_main_window_with_no_event(make_window):
    window = make_window(page="nav.delegates")
    delegates = window.pages["nav.delegates"]
    assert isinstance(delegates, DelegatesPage)
    assert delegates.model.rowCount() == 0 and not delegates.add_button.isEnabled()
    assert delegates.empty_label.text().startswith("Chưa có hội nghị")


def test_pasted_photo_is_resized_and_stored(qtbot, page, db):
    from PySide6.QtGui import QColor, QGuiApplication, QImage

    image = QImage(1600, 2000, QImage.Format.Format_RGB32)
    image.fill(QColor("#1F4E79"))
    QGuiApplication.clipboard().setImage(image)
    page.table.selectRow(0)
    page.editing.edit_current()
    dialog = page.editing.active_dialog
    dialog.paste_photo.click()
    assert dialog.photo_label.pixmap() is not None and not dialog.photo_label.pixmap().isNull()
    qtbot.keyClick(dialog.full_name, Qt.Key.Key_Return)
    stored = get_delegate(db, page.model.id_at(0)).photo
    assert stored is not None and QImage.fromData(stored).size().width() <= 600
    QGuiApplication.clipboard().clear()
    page.editing.edit_current()
    page.editing.active_dialog.paste_photo.click()
    assert "không có ảnh" in page.editing.active_dialog.error.text()
    page.editing.active_dialog.reject()


def test_a_500_character_name_is_cut_to_the_limit_as_typed(qtbot, page):
    page.editing.open_editor(None)
    dialog = page.editing.active_dialog
    dialog.full_name.insert("A" * 500)  # a paste
    assert len(dialog.full_name.text()) == 300
    dialog.full_name.setText("   ")
    assert not dialog.save_button.isEnabled() and dialog.name_error.text() == "Cần nhập họ và tên."
    dialog.reject()


def test_organizations_editor_merges_two_and_the_table_follows(qtbot, page, db, event):
    page.orgs_button.click()
    editor = page.editing.active_dialog
    rows = {org.name: i for i, org in enumerate(editor.rows)}
    editor.table.clearSelection()
    editor.table.selectionModel().select(editor.table.model().index(rows["Bộ Ngoại giao"], 0),
                                         QItemSelectionModel.SelectionFlag.Select
                                         | QItemSelectionModel.SelectionFlag.Rows)
    editor.table.selectionModel().select(editor.table.model().index(rows["Báo Nhân Dân"], 0),
                                         QItemSelectionModel.SelectionFlag.Select
                                         | QItemSelectionModel.SelectionFlag.Rows)
    editor.merge_selected(survivor_index=[o.name for o in editor.selected()].index("Bộ Ngoại giao"))
    assert "Báo Nhân Dân" not in [o.name for o in editor.rows]
    editor.accept()
    assert column(page, "organization")[1] == "Bộ Ngoại giao"  # Lê Minh Anh moved
    assert page.org_filter.findText("Báo Nhân Dân") == -1


def test_categories_editor_changes_a_label_and_the_table_follows(qtbot, page):
    from confman.ui.delegates.editors import CategoryForm

    page.cats_button.click()
    editor = page.editing.active_dialog
    editor.table.selectRow([c.code for c in editor.rows].index("BC"))

    def rename(form: QWidget) -> None:
        assert isinstance(form, CategoryForm)
        form.label_vi.setText("Phóng viên")
        form.color = "#00897B"
        form.accept()

    answer_modal(CategoryForm, rename)
    editor.edit_selected()
    assert editor.rows[[c.code for c in editor.rows].index("BC")].label_vi == "Phóng viên"
    editor.move_selected(-1)
    assert [c.code for c in editor.rows].index("BC") == 3
    editor.accept()
    assert column(page, "category")[1] == "Phóng viên"
    assert page.category_filter.findText("Phóng viên") > 0


def test_organization_completer_ignores_accents(qtbot, page):
    page.editing.open_editor(None)
    dialog = page.editing.active_dialog
    type_text(qtbot, dialog.organization, "ngoai gia")
    model = dialog.org_completer.model()
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["Bộ Ngoại giao"]
    dialog.reject()
