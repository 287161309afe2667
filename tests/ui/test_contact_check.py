"""Contacts that need checking on the Delegates page: the filter, the marker and its tooltip, the dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from confman.core.registration.rows import DelegateInput
from confman.core.registration.service import create_delegate, get_delegate
from confman.ui.delegates.delegates_page import DelegatesPage
from confman.ui.delegates.delegates_table_model import CHECK_BRUSH, COLUMN_IDS
from tests.ui.test_delegates_page import names, type_text

PEOPLE = (
    ("Nguyễn Văn Đức", "0912345678", "duc@mic.gov.vn"),
    ("Trần Thị An", "09abc", "an@mofa.gov.vn"),  # a phone with letters
    ("Lê Minh Anh", "", "anh@"),  # a broken e-mail
    ("Hoàng Văn Dũng", "0901111222", ""),
)


@pytest.fixture
def event(db, make_event):
    ev = make_event(code="HN2026")
    for name, phone, email in PEOPLE:
        create_delegate(db, ev.id, DelegateInput(full_name=name, organization="Bộ Ngoại giao", phone=phone,
                                                 email=email, flag_invalid_contact=True))
    return ev


@pytest.fixture
def page(qtbot, make_context, event) -> DelegatesPage:
    widget = DelegatesPage(make_context(event=event))
    qtbot.addWidget(widget)
    widget.resize(1300, 700)
    widget.show()
    qtbot.waitExposed(widget)
    for column in ("phone", "email"):
        widget.table.set_column_visible(COLUMN_IDS.index(column), True)
    return widget


def cell(page: DelegatesPage, name: str, column: str, role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole):
    model = page.model
    return model.data(model.index(names(page).index(name), COLUMN_IDS.index(column)), role)


def tick(qtbot, page: DelegatesPage) -> None:
    box = page.filter_bar.contact_check
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def test_the_filter_shows_exactly_the_delegates_whose_contact_needs_checking(qtbot, page):
    assert sorted(names(page)) == sorted(p[0] for p in PEOPLE)
    box = page.filter_bar.contact_check
    assert box.isVisible() and box.text() == "Liên hệ cần kiểm tra"
    tick(qtbot, page)
    assert box.isChecked()
    assert sorted(names(page)) == ["Lê Minh Anh", "Trần Thị An"]
    assert page.count_label.text() == "2 / 4 đại biểu"
    tick(qtbot, page)
    assert len(names(page)) == 4


def test_the_marker_names_the_field_the_value_and_why(page):
    decoration, tooltip = Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole
    assert cell(page, "Trần Thị An", "name", decoration) is not None
    assert cell(page, "Nguyễn Văn Đức", "name", decoration) is None
    tip = cell(page, "Trần Thị An", "name", tooltip)
    assert "Liên hệ cần kiểm tra:" in tip
    assert "Điện thoại &quot;09abc&quot; có chữ cái, không phải số điện thoại." in tip  # (escaped: plain text)
    assert "Email &quot;anh@&quot; không đúng định dạng" in cell(page, "Lê Minh Anh", "name", tooltip)
    # The cell of the field shows the value as given, tinted; the other field stays as it is.
    assert cell(page, "Trần Thị An", "phone") == "09abc"
    assert cell(page, "Trần Thị An", "phone", Qt.ItemDataRole.BackgroundRole) == CHECK_BRUSH
    assert cell(page, "Trần Thị An", "email") == "an@mofa.gov.vn"
    assert cell(page, "Trần Thị An", "email", Qt.ItemDataRole.BackgroundRole) is None
    assert cell(page, "Nguyễn Văn Đức", "phone", Qt.ItemDataRole.BackgroundRole) is None
    assert "Sửa lại trong hộp thoại" in cell(page, "Lê Minh Anh", "email", tooltip)


def test_the_dialog_shows_the_problem_by_the_field_and_a_correction_clears_the_mark(qtbot, page, db):
    tick(qtbot, page)
    page.table.selectRow(names(page).index("Trần Thị An"))
    page.editing.edit_current()
    dialog = page.editing.active_dialog
    assert dialog.phone.text() == "09abc"  # the value as given, not an empty field
    assert dialog.phone_note.isVisible()
    assert dialog.phone_note.text() == ('Điện thoại "09abc" có chữ cái, không phải số điện thoại. Đại biểu đang được '
                                        'đánh dấu "Liên hệ cần kiểm tra"; sửa lại cho đúng rồi lưu để bỏ đánh dấu.')
    assert not dialog.email_note.isVisible()
    dialog.phone.clear()
    type_text(qtbot, dialog.phone, "0903 222 333")
    assert not dialog.phone_note.isVisible()
    qtbot.keyClick(dialog.phone, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert names(page) == ["Lê Minh Anh"]  # corrected: no longer in the filtered list
    saved = get_delegate(db, dialog.saved.detail.id)
    assert (saved.phone, saved.contact_issues) == ("0903222333", ())


def test_saving_a_new_delegate_with_a_broken_email_marks_them(qtbot, page, db):
    page.editing.open_editor(None)
    dialog = page.editing.active_dialog
    type_text(qtbot, dialog.full_name, "Phạm Thị Mai")
    type_text(qtbot, dialog.email, "mai.hue.gov.vn")
    assert dialog.email_note.isVisible() and dialog.save_button.isEnabled()
    qtbot.keyClick(dialog.email, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    detail = get_delegate(db, dialog.saved.detail.id)
    assert detail.email == ""
    assert [(i.field, i.code, i.value) for i in detail.contact_issues] == [("email", "email.invalid", "mai.hue.gov.vn")]
    assert cell(page, "Phạm Thị Mai", "email") == "mai.hue.gov.vn"
    tick(qtbot, page)
    assert sorted(names(page)) == ["Lê Minh Anh", "Phạm Thị Mai", "Trần Thị An"]
