"""The import wizard opens a portal's "Excel" export that is really an HTML page, shows its table on
the sheets and mapping steps and reviews it like any workbook."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from confman.core.registration.importing import web_tables
from confman.core.registration.service import count_delegates
from confman.ui.delegates.delegates_page import DelegatesPage
from confman.ui.delegates.import_wizard import PAGE_IMPORT, PAGE_MAPPING, PAGE_REVIEW, PAGE_SHEETS
from tests.ui.import_wizard_setup import (
    click_back,
    click_next,
    event_with_two_delegates,
    open_wizard,
    shot,
    shown_page,
    table_texts,
)

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
    assert table_texts(mapping.table)[1:] == [  # from the header's lower row; phones keep their 0, <br> shown as ⏎
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


PORTAL_ROWS = [  # the mapping step's rows under the combos: from the header's lower row
    ["", "", "", "", "Điện thoại", "Email"],
    ["1", "Nguyễn Văn Tiến", "Phó Vụ trưởng ⏎ Vụ Hợp tác quốc tế", "Sở Thông tin & Truyền thông", "0912345678",
     "tien.nv@mic.gov.vn"],
    ["2", "Trần Thị Thủy", "Chuyên viên", "", "0987654321", ""],
]


def test_the_wizard_reads_a_web_export_once_however_often_the_mapping_changes(
    qtbot, db, make_event, make_context, tmp_path, monkeypatch
):
    """On the real asynchronous path: the sheets step reads the page; the mapping step, the dry run,
    two more mappings and their dry runs parse the cells kept; a page saved again is read again."""
    reads: list[str] = []
    reader = web_tables.read_web_workbook

    def spy(path, kind):
        reads.append(Path(path).name)
        return reader(path, kind)

    monkeypatch.setattr(web_tables, "read_web_workbook", spy)
    source = tmp_path / "web_portal_cp1258.xls"
    shutil.copyfile(FIXTURES / "web_portal_cp1258.xls", source)
    event = event_with_two_delegates(db, make_event)
    page = DelegatesPage(make_context(event=event, asynchronous=True))
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitUntil(lambda: page.loaded and not page.searching, timeout=5000)
    wizard = open_wizard(qtbot, page)
    cache = wizard.sheet_cache
    wizard.add_files([source])
    click_next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.sheets_page.isComplete(), timeout=10_000)  # listed in an op
    assert reads == ["web_portal_cp1258.xls"]

    mapping, review = wizard.mapping_page, wizard.review_page
    click_next(qtbot, wizard)
    qtbot.waitUntil(mapping.isComplete, timeout=10_000)
    assert table_texts(mapping.table)[1:4] == PORTAL_ROWS

    # first pass: the position column ignored
    mapping.set_column(2, "")
    click_next(qtbot, wizard)
    qtbot.waitUntil(review.isComplete, timeout=10_000)
    plan = wizard.plan
    assert plan is not None and plan.rows_read == 6 and len(plan.rejected) == 1
    assert [(r.row.full_name, r.row.position, r.row.organization) for r in plan.rows][:2] == [
        ("Nguyễn Văn Tiến", "", "Sở Thông tin & Truyền thông"), ("Trần Thị Thủy", "", "Sở Thông tin & Truyền thông")]

    # second pass: back to the mapping, the position mapped again and the unit column taken as notes
    click_back(qtbot, wizard)
    assert wizard.currentId() == PAGE_MAPPING
    assert table_texts(mapping.table)[1:4] == PORTAL_ROWS
    assert [combo.currentData() for combo in mapping.combos] == ["stt", "full_name", "", "organization", "phone",
                                                                 "email"]
    mapping.set_column(2, "position")
    mapping.set_column(3, "notes")
    click_next(qtbot, wizard)
    qtbot.waitUntil(review.isComplete, timeout=10_000)
    plan = wizard.plan
    assert plan is not None and plan.rows_read == 6 and len(plan.rejected) == 1
    assert [(r.row.position, r.row.organization, r.row.notes) for r in plan.rows][:2] == [
        ("Phó Vụ trưởng Vụ Hợp tác quốc tế", "", "Sở Thông tin & Truyền thông"),
        ("Chuyên viên", "", "Sở Thông tin & Truyền thông")]
    assert reads == ["web_portal_cp1258.xls"]  # read once for the sheets, both mappings, both dry runs
    assert cache.reads == 1

    # the organiser fixes a phone in the page and goes through the sheets again: the new page is read
    before = source.stat().st_mtime_ns
    source.write_bytes(source.read_bytes().replace(b"0905123456", b"0905123457"))
    os.utime(source, ns=(before + 2_000_000_000, before + 2_000_000_000))
    click_back(qtbot, wizard)
    click_back(qtbot, wizard)
    assert wizard.currentId() == PAGE_SHEETS
    click_next(qtbot, wizard)
    qtbot.waitUntil(mapping.isComplete, timeout=10_000)
    assert ["4", "Lê Văn Hải", "Giám đốc", "Sở Y tế", "0905123457", "haile@syt.quangnam.gov.vn"] in \
        table_texts(mapping.table)
    assert reads == ["web_portal_cp1258.xls"] * 2

    # closing the wizard lets the cells go
    assert source in cache
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CancelButton), Qt.MouseButton.LeftButton)
    assert source not in cache and cache.cells == 0


def test_a_file_taken_off_the_list_is_let_go(qtbot, db, make_event, make_context):
    event = event_with_two_delegates(db, make_event)
    page = shown_page(qtbot, make_context(event=event), (1366, 768))
    wizard = open_wizard(qtbot, page)
    source = FIXTURES / "web_portal_cp1258.xls"
    wizard.add_files([source])
    click_next(qtbot, wizard)
    assert wizard.sheets_page.tree.topLevelItem(0).child(0).text(1) == "11 dòng có dữ liệu"
    assert source in wizard.sheet_cache and wizard.sheet_cache.cells > 0
    click_back(qtbot, wizard)
    files = wizard.files_page
    files.list.item(0).setSelected(True)
    qtbot.mouseClick(files.remove_button, Qt.MouseButton.LeftButton)
    assert files.list.count() == 0 and wizard.files == []
    assert source not in wizard.sheet_cache and wizard.sheet_cache.cells == 0
