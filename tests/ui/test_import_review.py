"""The import wizard's review step: merges field by field, a choice per possible duplicate, rejected rows,
rows with a bad phone or e-mail (imported with the field empty, or rejected when strict), and a last
button that says what it does — all before anything is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QWizard
from sqlalchemy import select

from confman.core.registration.models import Delegate
from confman.core.registration.service import count_delegates
from confman.ui.delegates.delegates_page import DelegatesPage
from confman.ui.delegates.import_wizard import PAGE_IMPORT, PAGE_MAPPING, PAGE_REVIEW, ImportWizard
from tests.ui.import_wizard_setup import (
    click_next,
    event_with_two_delegates,
    next_button,
    open_wizard,
    shot,
    shown_page,
)

HEADERS = ["STT", "Họ và tên", "Chức vụ", "Đơn vị", "Điện thoại", "Email"]
ROWS = [
    ["Nguyễn Văn Tiến", "Vụ trưởng", "Bộ Thông tin và Truyền thông", "0912 345 678", "tien@mic.gov.vn"],  # 2: merge
    ["Đặng Hùng", "Chuyên viên", "Bộ Thông tin và Truyền thông", "", "hung@mic.gov.vn"],  # 3: like Đặng Hưng
    ["Lê Thị Mai", "", "Sở TT&TT Hà Nội", "0987000111", ""],  # 4: new
    ["Lê Thị Mai", "Chuyên viên", "Sở TT&TT Hà Nội", "", "mai@hanoi.gov.vn"],  # 5: like row 4
    ["Phạm Minh Đức", "Phó Giám đốc", "Sở Y tế", "0911 abc", ""],  # 6: bad phone
    ["Hoàng Văn Nam", "Chuyên viên", "Sở Y tế", "0904000222", "nam@@yte"],  # 7: bad e-mail
    ["", "Chuyên viên", "Sở Y tế", "0911111111", ""],  # 8: no name, rejected
    ["Trần Quốc Toản", "Giám đốc", "Sở Tư pháp", "0913000333", ""],  # 9: new
]


@pytest.fixture
def event(db, make_event):
    return event_with_two_delegates(db, make_event)


@pytest.fixture
def messy(tmp_path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "DS"
    ws.append(HEADERS)
    for number, row in enumerate(ROWS, start=1):
        ws.append([number, *row])
    path = tmp_path / "ds_don_vi.xlsx"
    wb.save(path)
    return path


@pytest.fixture
def page(qtbot, make_context, event) -> DelegatesPage:
    return shown_page(qtbot, make_context(event=event), (1093, 540))


def to_review(qtbot, page: DelegatesPage, path: Path) -> ImportWizard:
    wizard = open_wizard(qtbot, page)
    wizard.resize(1093, 540)  # a 1366×768 laptop at 125 %: 1093×576 under the taskbar, less the title bar
    wizard.add_files([path])
    for _ in range(3):
        click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_REVIEW
    return wizard


def stored(db, event_id: int) -> dict[str, tuple[str, str, str]]:
    with db.session() as session:
        rows = session.scalars(select(Delegate).where(Delegate.event_id == event_id).order_by(Delegate.id)).all()
        found: dict[str, tuple[str, str, str]] = {}
        for d in rows:
            assert d.full_name not in found, f"{d.full_name} twice"
            found[d.full_name] = (d.position, d.phone, d.email)
        return found


def pick(qtbot, table, row: int, text: str) -> None:
    """Open the choice cell's drop-down (moving onto the cell opens it) and pick ``text``."""
    from PySide6.QtWidgets import QComboBox

    table.setCurrentCell(row, 1)
    editor = table.viewport().findChild(QComboBox, "pairChoice")
    assert editor is not None and editor.isVisible()
    assert [editor.itemText(i) for i in range(editor.count())] == ["Giữ cả hai", "Gộp vào người kia", "Bỏ qua dòng này"]
    editor.setCurrentIndex(editor.findText(text))
    editor.activated.emit(editor.currentIndex())
    qtbot.waitUntil(lambda: table.viewport().findChild(QComboBox, "pairChoice") is None or
                    not table.viewport().findChild(QComboBox, "pairChoice").isVisible())


def tab(wizard: ImportWizard, key: str) -> str:
    from confman.ui.delegates.import_review import TABS

    tabs = wizard.review_page.tabs
    index = TABS.index(key)
    return tabs.tabText(index) if tabs.isTabVisible(index) else ""


def test_the_review_step_shows_merges_duplicates_rejections_and_bad_contacts_and_the_import_honours_it(
        qtbot, page, db, event, messy):
    wizard = to_review(qtbot, page, messy)
    review = wizard.review_page
    assert review.title() == "Bước 4/5 · Xem lại trước khi nhập"
    assert count_delegates(db, event.id) == 2  # nothing written yet
    assert (tab(wizard, "merges"), tab(wizard, "pairs"), tab(wizard, "rejected"), tab(wizard, "flagged")) == (
        "Sẽ gộp (1)", "Có thể trùng (2)", "Bị loại (1)", "Điện thoại/email sai (2)")

    # (a) the row that merges: which file row, which person, field by field what changes
    lines = review.merges.lines()
    assert lines[0].startswith("ds_don_vi.xlsx · dòng 2: Nguyễn Văn Tiến → Nguyễn Văn Tiến, Bộ Thông tin và "
                               "Truyền thông (đã có trong hội nghị)")
    assert "Email | (trống) | tien@mic.gov.vn | tien@mic.gov.vn" in lines
    assert "Chức vụ | Thứ trưởng | Vụ trưởng | Thứ trưởng (giữ giá trị đã có)" in lines

    # (b) possible duplicates, each pair with its own choice
    pairs = review.pairs
    table = pairs.table
    assert table.rowCount() == 2
    shown = [[table.item(r, c).text() for c in (0, 2, 3, 4)] for r in range(2)]
    assert shown[0][0] == "ds_don_vi.xlsx · dòng 3" and shown[0][1].startswith("Đặng Hùng")
    assert shown[0][2].startswith("Đặng Hưng") and shown[0][3] == "họ tên chỉ khác dấu thanh"
    assert shown[1][0] == "ds_don_vi.xlsx · dòng 5" and "dòng 4" in shown[1][2]
    compare = pairs.compare
    assert [compare.item(0, c).text() for c in range(3)] == ["Họ và tên", "Đặng Hưng", "Đặng Hùng"]

    # (c) the row rejected, naming row and field; (d) the rows kept with the bad field left empty
    assert review.rejected.rows() == [["ds_don_vi.xlsx", "DS", "8", "Họ và tên", review.rejected.rows()[0][4]]]
    assert "thiếu họ tên" in review.rejected.rows()[0][4]
    flagged = review.flagged.rows()
    assert [r[:3] for r in flagged] == [["ds_don_vi.xlsx · dòng 6", "Phạm Minh Đức", "Điện thoại"],
                                        ["ds_don_vi.xlsx · dòng 7", "Hoàng Văn Nam", "Email"]]
    assert "0911 abc" in flagged[0][3] and "nam@@yte" in flagged[1][3]

    # the last button says what it does, and follows the choices
    assert next_button(wizard).text() == "Nhập 6 đại biểu, gộp 1"
    plan = wizard.plan
    hung_pair, mai_pair = plan.pairs
    review.tabs.setCurrentIndex(1)
    pick(qtbot, table, 0, "Gộp vào người kia")  # in the row's drop-down, as a user does
    assert table.item(0, 1).text().startswith("Gộp vào người kia")
    review.decide(mai_pair.index, "skip")
    assert (pairs.choice(hung_pair.index), pairs.choice(mai_pair.index)) == ("merge", "skip")
    assert next_button(wizard).text() == "Nhập 4 đại biểu, gộp 2"
    assert "thêm 4 đại biểu mới, gộp 2 dòng vào người đã có, bỏ qua 1 dòng, loại 1 dòng" in review.outcome_label.text()
    review.tabs.setCurrentIndex(1)
    shot(wizard, "review-pairs")
    review.tabs.setCurrentIndex(0)
    shot(wizard, "review-merges")
    assert count_delegates(db, event.id) == 2  # still nothing written

    qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == PAGE_IMPORT
    result = wizard.result
    assert (result.imported, result.merged, result.skipped, result.rejected) == (4, 2, 1, 1)
    people = stored(db, event.id)
    assert set(people) == {"Nguyễn Văn Tiến", "Đặng Hưng", "Lê Thị Mai", "Phạm Minh Đức", "Hoàng Văn Nam",
                           "Trần Quốc Toản"}  # Đặng Hùng merged, the second Lê Thị Mai skipped
    assert people["Nguyễn Văn Tiến"] == ("Thứ trưởng", "0912345678", "tien@mic.gov.vn")
    assert people["Đặng Hưng"] == ("Chuyên viên", "0913555666", "hung@mic.gov.vn")
    assert people["Lê Thị Mai"] == ("", "0987000111", "")
    assert people["Phạm Minh Đức"] == ("Phó Giám đốc", "", "")  # bad phone left empty
    assert people["Hoàng Văn Nam"] == ("Chuyên viên", "0904000222", "")  # bad e-mail left empty
    details = [wizard.import_page.details.item(i).text() for i in range(wizard.import_page.details.count())]
    assert any(d.startswith("Cảnh báo — ds_don_vi.xlsx, dòng 6 (Phạm Minh Đức)") and "để trống Điện thoại" in d
               for d in details)
    assert any(d.startswith("Cảnh báo — ds_don_vi.xlsx, dòng 7 (Hoàng Văn Nam)") for d in details)
    assert any(d.startswith("Bị loại — ds_don_vi.xlsx, dòng 8") for d in details)
    shot(wizard, "result")
    visible = [wizard.button(k) for k in (QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton,
                                          QWizard.WizardButton.FinishButton, QWizard.WizardButton.CancelButton)]
    assert [b.text() for b in visible if b.isVisible()] == ["Đóng"]


def test_strict_rejects_the_rows_with_a_bad_phone_or_email_instead(qtbot, page, db, event, messy, tmp_path):
    from openpyxl import load_workbook

    wizard = to_review(qtbot, page, messy)
    review = wizard.review_page
    assert next_button(wizard).text() == "Nhập 6 đại biểu, gộp 1"
    review.tabs.setCurrentIndex(3)
    shot(wizard, "review-flagged")
    review.strict.click()
    assert next_button(wizard).text() == "Nhập 4 đại biểu, gộp 1"
    review.tabs.setCurrentIndex(2)
    shot(wizard, "review-rejected-strict")
    assert tab(wizard, "rejected") == "Bị loại (3)"
    assert [r[2:4] for r in review.rejected.rows()] == [["8", "Họ và tên"], ["6", "Điện thoại"], ["7", "Email"]]
    report = tmp_path / "loai.xlsx"
    review.save_report(report)
    ws = load_workbook(report).active
    assert [ws.cell(r, 3).value for r in range(2, ws.max_row + 1)] == [8, 6, 7]

    qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
    assert wizard.result.rejected == 3
    with db.session() as session:
        names = session.scalars(select(Delegate.full_name).where(Delegate.event_id == event.id)).all()
    assert "Phạm Minh Đức" not in names and "Hoàng Văn Nam" not in names
    assert sorted(names) == sorted(["Nguyễn Văn Tiến", "Đặng Hưng", "Đặng Hùng", "Lê Thị Mai", "Lê Thị Mai",
                                    "Trần Quốc Toản"])  # the look-alikes kept (the default)


def test_a_clean_file_still_gets_its_review_step_and_a_counted_button(qtbot, page, db, event, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    ws.append([1, "Vũ Thị Hạnh", "Chuyên viên", "Sở Nội vụ", "0915000111", ""])
    path = tmp_path / "sach.xlsx"
    wb.save(path)
    wizard = to_review(qtbot, page, path)
    assert wizard.review_page.nothing.isVisible() and not wizard.review_page.tabs.isVisible()
    assert next_button(wizard).text() == "Nhập 1 đại biểu"
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.BackButton), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == PAGE_MAPPING
    assert count_delegates(db, event.id) == 2


def test_every_step_fits_a_1366x768_laptop_at_125_percent(qtbot, page, messy):
    """1093×576 usable: the wizard's minimum fits, and its buttons stay inside the window on every step."""
    wizard = to_review(qtbot, page, messy)
    area = QRect(0, 0, 1093, 540)
    assert wizard.minimumSizeHint().width() <= area.width() and wizard.minimumSizeHint().height() <= area.height()
    for step in range(PAGE_REVIEW, -1, -1):
        assert wizard.currentId() == step
        qtbot.wait(10)
        shot(wizard, f"fit-step-{step + 1}")
        assert wizard.height() <= area.height() and wizard.width() <= area.width()
        for kind in (QWizard.WizardButton.NextButton, QWizard.WizardButton.BackButton,
                     QWizard.WizardButton.CancelButton):
            button = wizard.button(kind)
            if button.isVisible():
                top_left = button.mapTo(wizard, button.rect().topLeft())
                assert wizard.rect().contains(QRect(top_left, button.size())), (step, button.text())
        if step:
            wizard.back()
