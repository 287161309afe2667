"""The import wizard driven from the delegates page: files → sheets → mapping → dry run → review → import."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from confman.core.registration.service import count_delegates, search_delegates
from confman.ui.delegates.delegates_page import DelegatesPage
from confman.ui.delegates.import_wizard import (
    PAGE_FILES,
    PAGE_IMPORT,
    PAGE_MAPPING,
    PAGE_REVIEW,
    PAGE_SHEETS,
    ImportWizard,
)
from tests.ui.import_wizard_setup import click_next, event_with_two_delegates, open_wizard, shot, shown_page

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


@pytest.fixture
def event(db, make_event):
    return event_with_two_delegates(db, make_event)


@pytest.fixture
def page(qtbot, make_context, event) -> DelegatesPage:
    return shown_page(qtbot, make_context(event=event), (1300, 700))


def province_file(tmp_path: Path) -> Path:
    """A unit's list whose notes column has a header nobody recognises."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Đà Nẵng"
    ws.append(["DANH SÁCH ĐẠI BIỂU SỞ TT&TT ĐÀ NẴNG"])
    ws.append([])
    ws.append(["STT", "Họ và tên", "Chức vụ", "Đơn vị", "Điện thoại", "Yêu cầu riêng"])
    ws.append([1, "Trần Thị Thúy", "Giám đốc", "Sở TT&TT Đà Nẵng", "0905123123", "Ăn chay"])
    ws.append([2, "Lê Văn Hải", "Phó Giám đốc", "Sở TT&TT Đà Nẵng", "0905456456", ""])
    ws.append([3, "Nguyễn Văn Tiến", "Chuyên viên", "Bộ Thông tin và Truyền thông", "", "Đi cùng đoàn"])
    path = tmp_path / "da_nang.xlsx"
    wb.save(path)
    return path


def names(page: DelegatesPage) -> list[str]:
    model = page.model
    return [model.data(model.index(row, 0)) for row in range(model.rowCount())]


def visible_buttons(wizard: ImportWizard) -> list:
    kinds = (QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton, QWizard.WizardButton.CommitButton,
             QWizard.WizardButton.FinishButton, QWizard.WizardButton.CancelButton)
    return [wizard.button(k) for k in kinds if wizard.button(k).isVisible()]


def test_wizard_from_file_choice_to_result(qtbot, page, db, event, tmp_path):
    before = names(page)
    wizard = open_wizard(qtbot, page)
    assert wizard.currentId() == PAGE_FILES
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    wizard.add_files([FIXTURES / "ministry_list.xlsx", province_file(tmp_path)])
    assert wizard.files_page.list.count() == 2
    shot(wizard, "1-files")
    click_next(qtbot, wizard)

    # sheets: every non-empty sheet ticked; the instructions sheet is not a list
    assert wizard.currentId() == PAGE_SHEETS
    chosen = [sheet for _path, sheet in wizard.sheets_page.chosen()]
    assert chosen == ["DS đại biểu", "Hướng dẫn", "Đà Nẵng"]
    wizard.sheets_page.set_checked("Hướng dẫn", False)
    shot(wizard, "2-sheets")
    click_next(qtbot, wizard)

    # mapping: detected header row, first rows, a combo per column
    assert wizard.currentId() == PAGE_MAPPING
    mapping = wizard.mapping_page
    assert "dòng 7" in mapping.header_label.text()
    assert mapping.combos[1].currentData() == "full_name"
    preview = [mapping.table.item(r, 1).text() for r in range(1, mapping.table.rowCount())]
    assert preview[0] == "Họ và tên" and "Ông Nguyễn Văn Tiến" in preview  # raw cells, as the file has them
    mapping.sheet_combo.setCurrentIndex(1)
    assert "dòng 3" in mapping.header_label.text()
    assert mapping.combos[5].currentData() == ""  # "Yêu cầu riêng" is not recognised
    mapping.set_column(5, "notes")
    assert wizard.sheets[1].mapping["notes"] == 5
    mapping.set_column(1, "")  # no name column: cannot go on
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert "Họ và tên" in mapping.error.text()
    mapping.set_column(1, "full_name")
    shot(wizard, "3-mapping")
    click_next(qtbot, wizard)

    # review: what will happen, nothing written yet
    assert wizard.currentId() == PAGE_REVIEW
    assert wizard.review_page.title().startswith("Bước 4/5")
    plan = wizard.plan
    assert plan is not None
    assert count_delegates(db, event.id) == 2
    review = wizard.review_page
    summary = review.summary.text()
    assert f"{plan.new} đại biểu mới" in summary and f"{len(plan.rejected)} dòng bị loại" in summary
    assert (plan.merged, len(plan.rejected)) == (1, 1)  # Tiến: same name and phone as the one already there
    assert [r.row.excel_row for r in plan.flagged] == [18, 19]  # bad phone / e-mail: imported, field empty
    assert review.rejected.table.rowCount() == 1
    report = tmp_path / "loai.xlsx"
    review.save_report(report)
    ws = load_workbook(report).active
    assert [c.value for c in ws[2]][:3] == ["ministry_list.xlsx", "DS đại biểu", 13]
    assert "thiếu họ tên" in ws["D2"].value
    assert [ws["C3"].value, ws["C4"].value] == [18, 19] and "để trống Điện thoại" in ws["D3"].value

    # possible duplicates, one choice per pair: Đặng Hùng (file) vs Đặng Hưng (event) differ by a tone mark;
    # Tiến without contact in the same ministry
    pairs = plan.pairs
    hung = next(p for p in pairs if p.existing is not None and p.existing.full_name == "Đặng Hưng")
    tien = next(p for p in pairs if p.row.reason == "same_name_org")
    assert hung.row.reason == "tone_marks" and len(pairs) == 2
    assert [review.pairs.choice(p.index) for p in pairs] == ["keep", "keep"]
    button = wizard.button(QWizard.WizardButton.NextButton)
    assert button.text() == f"Nhập {plan.new + plan.possible} đại biểu, gộp 1"
    review.decide(tien.index, "skip")
    assert wizard.pairs[tien.index] == "skip"
    assert button.text() == f"Nhập {plan.new + plan.possible - 1} đại biểu, gộp 1"
    shot(wizard, "5-review")
    click_next(qtbot, wizard)

    # import: ran on the (synchronous) worker, progress full, result shown
    assert wizard.currentId() == PAGE_IMPORT
    result = wizard.result
    assert result is not None
    assert wizard.import_page.progress.value() == wizard.import_page.progress.maximum()
    assert f"nhập mới {result.imported} đại biểu" in wizard.import_page.status.text()
    assert result.merged == 1 and result.skipped == 1 and result.backup is not None
    shot(wizard, "6-result")
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert finish.isEnabled() and finish.text() == "Đóng"
    assert [b.text() for b in visible_buttons(wizard)] == ["Đóng"]  # one way to close the result
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)

    # the table shows the new delegates
    shown = names(page)
    assert len(shown) == len(before) + result.imported
    for name in ("Đặng Hùng", "Trần Thị Thủy", "Trần Thị Thúy", "Lê Văn Hải"):
        assert any(s.endswith(name) for s in shown), (name, shown)
    assert len([s for s in shown if s.endswith("Nguyễn Văn Tiến")]) == 1  # merged, and the look-alike skipped
    thuy = search_delegates(db, event.id, "Thúy").rows
    assert any(r.full_name == "Trần Thị Thúy" for r in thuy)
    shot(page, "7-page")


def test_cancel_during_the_import_changes_nothing(qtbot, page, db, event):
    wizard = open_wizard(qtbot, page)
    wizard.add_files([FIXTURES / "press_guests.ods"])
    click_next(qtbot, wizard)
    click_next(qtbot, wizard)
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_REVIEW
    progress = wizard.import_page.progress
    progress.valueChanged.connect(
        lambda value: value > 0 and qtbot.mouseClick(wizard.import_page.cancel_button, Qt.MouseButton.LeftButton)
    )
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_IMPORT
    assert "hủy" in wizard.import_page.status.text().lower()
    assert wizard.result is None
    assert count_delegates(db, event.id) == 2
    shot(wizard, "8-cancelled")


def test_an_unreadable_file_is_named_on_the_sheets_step(qtbot, page):
    wizard = open_wizard(qtbot, page)
    wizard.add_files([FIXTURES / "password.xlsx", FIXTURES / "guests_utf8_bom.csv"])
    click_next(qtbot, wizard)
    assert "password.xlsx" in wizard.sheets_page.errors.text()
    assert [s for _p, s in wizard.sheets_page.chosen()] == ["guests_utf8_bom"]


def test_english_wizard(qtbot, page):
    page.ctx.set_language("en")
    wizard = open_wizard(qtbot, page, label="Import…")
    assert wizard.files_page.title().startswith("Step 1/5")
    assert wizard.button(QWizard.WizardButton.NextButton).text() == "Next >"


def test_export_buttons_write_the_current_filter(qtbot, page, tmp_path):
    from confman.ui.delegates.import_export import export_current

    page.search.setText("Tiến")
    page.refresh()
    export_current(page, tmp_path / "loc.xlsx")
    ws = load_workbook(tmp_path / "loc.xlsx").active
    assert ws.max_row == 2 and ws["C2"].value == "Nguyễn Văn Tiến"
    assert "loc.xlsx" in page.message.text()


def run_to_mapping(qtbot, page: DelegatesPage, path: Path) -> ImportWizard:
    wizard = open_wizard(qtbot, page)
    wizard.add_files([path])
    click_next(qtbot, wizard)
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_MAPPING
    return wizard


def test_the_mapping_chosen_is_pre_applied_to_the_next_file_with_the_same_headers(qtbot, page, db, event, tmp_path):
    wizard = run_to_mapping(qtbot, page, province_file(tmp_path))
    assert "lần trước" not in wizard.mapping_page.notes.text()
    wizard.mapping_page.set_column(5, "notes")
    for _ in range(2):
        click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_IMPORT and wizard.result is not None
    wizard.accept()

    second = tmp_path / "second"
    second.mkdir()
    wizard = run_to_mapping(qtbot, page, province_file(second))
    mapping = wizard.mapping_page
    assert mapping.combos[5].currentData() == "notes"
    assert "Đã áp dụng cách ghép cột dùng lần trước" in mapping.notes.text()
    assert "Yêu cầu riêng" not in mapping.notes.text()  # no longer listed as unused


def test_the_whole_import_on_the_real_asynchronous_path(qtbot, make_context, event, db, tmp_path):
    """Every step reads its files and the database on worker threads; the window waits for none."""
    page = DelegatesPage(make_context(event=event, asynchronous=True))
    qtbot.addWidget(page)
    page.resize(1300, 700)
    page.show()
    qtbot.waitUntil(lambda: page.loaded and not page.searching, timeout=5000)
    wizard = open_wizard(qtbot, page)
    wizard.add_files([province_file(tmp_path)])
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_SHEETS
    qtbot.waitUntil(lambda: wizard.sheets_page.isComplete(), timeout=10_000)  # sheets listed in an op
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_MAPPING and not wizard.mapping_page.isComplete()  # still reading
    qtbot.waitUntil(lambda: wizard.mapping_page.isComplete(), timeout=10_000)
    assert wizard.mapping_page.combos[1].currentData() == "full_name"
    click_next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.review_page.isComplete(), timeout=10_000)
    assert wizard.plan is not None and wizard.plan.new == 2
    assert wizard.button(QWizard.WizardButton.NextButton).text() == "Nhập 3 đại biểu"  # Tiến: a possible duplicate, kept
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_IMPORT
    qtbot.waitUntil(lambda: wizard.result is not None, timeout=20_000)
    assert count_delegates(db, event.id) == 2 + wizard.result.imported
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(name.endswith("Lê Văn Hải") for name in names(page)), timeout=5000)
