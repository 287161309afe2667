"""The import wizard opens a portal's "Excel" export that is really an HTML page, shows its table on
the sheets and mapping steps and reviews it like any workbook."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWizard

from confman.core.registration.service import count_delegates
from confman.ui.delegates.import_wizard import PAGE_IMPORT, PAGE_MAPPING, PAGE_REVIEW, PAGE_SHEETS
from tests.ui.import_wizard_setup import click_next, event_with_two_delegates, open_wizard, shot, shown_page

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


def test_wizard_reads_a_web_page_saved_as_xls(qtbot, db, make_event, make_context):
    event = event_with_two_delegates(db, make_event)  # Nguyễn Văn Tiến 0912345678 is already registered
    page = shown_page(qtbot, make_context(event=event), (1366, 768))
    wizard = open_wizard(qtbot, page)
    wizard.add_files([FIXTURES / "web_portal_cp1258.xls"])
    click_next(qtbot, wizard)

    assert wizard.currentId() == PAGE_SHEETS
    assert [sheet for _path, sheet in wizard.sheets_page.chosen()] == ["Bảng 1"]
    assert wizard.sheets_page.errors.text() == ""
    click_next(qtbot, wizard)

    # mapping: the two-row header under the merged title found, Windows-1258 text shown as Vietnamese
    assert wizard.currentId() == PAGE_MAPPING
    mapping = wizard.mapping_page
    assert "dòng 4" in mapping.header_label.text()
    assert [combo.currentData() for combo in mapping.combos] == [
        "stt", "full_name", "position", "organization", "phone", "email",
    ]
    table = mapping.table
    shown = [[table.item(r, c).text() if table.item(r, c) else "" for c in range(table.columnCount())]
             for r in range(table.rowCount())]
    assert shown[1:] == [  # from the header's lower row; phones keep their 0, <br> shown as ⏎
        ["", "", "", "", "Điện thoại", "Email"],
        ["1", "Nguyễn Văn Tiến", "Phó Vụ trưởng ⏎ Vụ Hợp tác quốc tế", "Sở Thông tin & Truyền thông", "0912345678",
         "tien.nv@mic.gov.vn"],
        ["2", "Trần Thị Thủy", "Chuyên viên", "", "0987654321", ""],
        ["3", '=HYPERLINK("http://phishing.example/a","Bấm vào đây")', "Chuyên viên", "Sở Nội vụ", "0903000111", ""],
        ["4", "Lê Văn Hải", "Giám đốc", "Sở Y tế", "0905123456", "haile@syt.quangnam.gov.vn"],
        ["5", "NGUYỄN VĂN TIẾN", "Phó Vụ trưởng", "Sở Thông tin & Truyền thông", "0912.345.678", ""],
        ["6", "Đặng Thị Ngọc Ánh", "Phó Chánh Văn phòng", "UBND tỉnh Quảng Nam", "0235 3812 345",
         "anhdtn@quangnam.gov.vn"],
        ["", "Tổng số: 6 đại biểu", "", "", "", ""],
    ]
    shot(wizard, "web-1-mapping")
    click_next(qtbot, wizard)

    # review: the formula row rejected, Tiến merged into the registered delegate (twice: both of his rows)
    assert wizard.currentId() == PAGE_REVIEW
    plan = wizard.plan
    assert plan is not None
    assert (plan.new, plan.merged, len(plan.rejected)) == (3, 2, 1)
    review = wizard.review_page
    assert "3 đại biểu mới" in review.summary.text() and "1 dòng bị loại" in review.summary.text()
    rejected = review.rejected.rows()
    assert len(rejected) == 1 and rejected[0][:4] == ["web_portal_cp1258.xls", "Bảng 1", "7", "Họ và tên"]
    assert "công thức" in rejected[0][4]
    merges = "\n".join(review.merges.lines())
    assert "Nguyễn Văn Tiến" in merges and "tien.nv@mic.gov.vn" in merges
    assert count_delegates(db, event.id) == 2  # nothing written before the button
    button = wizard.button(QWizard.WizardButton.NextButton)
    assert button.text() == "Nhập 3 đại biểu, gộp 2"
    shot(wizard, "web-2-review")
    click_next(qtbot, wizard)

    assert wizard.currentId() == PAGE_IMPORT and wizard.result is not None
    assert count_delegates(db, event.id) == 5
