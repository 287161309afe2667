"""The delegate picker: one shared list, found by any part of the name with or without diacritics."""

from __future__ import annotations

from PySide6.QtCore import Qt

from confman.core.agenda.service import PersonRef
from confman.ui.widgets.delegate_picker import ID_ROLE, DelegateChoices, DelegatePicker

PEOPLE = [PersonRef(7, "Nguyễn Mạnh Hùng", "Ông", "Bộ trưởng", "Bộ Thông tin và Truyền thông"),
          PersonRef(9, "Phạm Thu Trang", "Bà", "", "Sở TT&TT Quảng Ninh"),
          PersonRef(12, "Đặng Đức Mạnh", "Ông", "Phóng viên", "")]


def suggestions(qtbot, picker: DelegatePicker, typed: str) -> list[str]:
    editor = picker.lineEdit()
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, typed) if typed.isascii() else editor.setText(typed)
    completer = picker.completer()
    completer.setCompletionPrefix(editor.text())
    model = completer.completionModel()
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_typed_with_or_without_marks_and_d_the_same_people_are_offered(qtbot, qtmodeltester):
    choices = DelegateChoices("(không có trong danh sách)", PEOPLE)
    qtmodeltester.check(choices)
    picker = DelegatePicker(choices)
    qtbot.addWidget(picker)
    picker.show()
    assert suggestions(qtbot, picker, "manh") == ["Nguyễn Mạnh Hùng — Bộ trưởng, Bộ Thông tin và Truyền thông",
                                                   "Đặng Đức Mạnh — Phóng viên"]
    assert suggestions(qtbot, picker, "Mạnh Hùng") == ["Nguyễn Mạnh Hùng — Bộ trưởng, Bộ Thông tin và Truyền thông"]
    assert suggestions(qtbot, picker, "dang duc") == ["Đặng Đức Mạnh — Phóng viên"]
    assert suggestions(qtbot, picker, "quang ninh") == ["Phạm Thu Trang — Sở TT&TT Quảng Ninh"]


def test_picking_emits_the_delegate_and_text_naming_nobody_is_put_back(qtbot):
    picker = DelegatePicker(DelegateChoices("(không có trong danh sách)", PEOPLE))
    qtbot.addWidget(picker)
    picker.show()
    picker.choose(9)
    assert picker.currentText() == "Phạm Thu Trang — Sở TT&TT Quảng Ninh" and picker.delegate_id() == 9
    with qtbot.waitSignal(picker.chosen) as picked:
        suggestions(qtbot, picker, "hung")
        popup = picker.completer().popup()
        qtbot.waitUntil(popup.isVisible)
        qtbot.keyClick(popup, Qt.Key.Key_Down)
        qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert picked.args == [7] and picker.delegate_id() == 7
    suggestions(qtbot, picker, "nobody at all")
    picker.lineEdit().editingFinished.emit()
    assert picker.currentText() == "Nguyễn Mạnh Hùng — Bộ trưởng, Bộ Thông tin và Truyền thông"
    picker.choose(None)
    assert picker.currentText() == "(không có trong danh sách)" and picker.itemData(0, ID_ROLE) is None
