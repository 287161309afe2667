"""The reports page driven like a user: choose a report, preview its pages, save, print, purge."""

from __future__ import annotations

from datetime import UTC, datetime

import pypdfium2 as pdfium
import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog
from sqlalchemy import select

from confman.core.checkin.service import current_code, perform_checkin
from confman.core.demo import create_demo
from confman.core.registration.models import Delegate
from tests.pdf_checks import page_texts


@pytest.fixture
def page(qtbot, db, make_context):
    from confman.ui.reports.reports_page import ReportsPage

    event = create_demo(db, delegates=40).event
    with db.session() as session:
        ids = list(session.scalars(select(Delegate.id).where(Delegate.event_id == event.id).order_by(Delegate.id)))
    for delegate_id in ids[:12]:
        perform_checkin(db, event_id=event.id, code=current_code(db, event_id=event.id, delegate_id=delegate_id),
                        now=datetime(2018, 12, 12, 0, 40, tzinfo=UTC))
    widget = ReportsPage(make_context(event=event))
    qtbot.addWidget(widget)
    widget.resize(1100, 800)
    widget.show()
    return widget


def _choose(page, name: str) -> None:
    for row in range(page.choice.report_list.count()):
        item = page.choice.report_list.item(row)
        if item.data(Qt.ItemDataRole.UserRole) == name:
            page.choice.report_list.setCurrentItem(item)
            return
    raise AssertionError(name)


def test_choose_generate_and_turn_pages(qtbot, page):
    assert [page.choice.report_list.item(r).text() for r in range(page.choice.report_list.count())][:2] == [
        "Danh sách đại biểu ký tên", "Danh sách đại biểu"]
    _choose(page, "signin")
    assert page.choice.group_by.isEnabled() and not page.choice.contacts.isChecked()
    qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
    assert page.page_total >= 2
    assert page.preview.page_label.text() == f"Trang 1/{page.page_total}"
    pixmap = page.preview.image.pixmap()
    assert not pixmap.isNull() and pixmap.height() > pixmap.width()  # an A4 portrait page
    assert "Đã tạo xong" in page.status.text()
    qtbot.mouseClick(page.preview.next_button, Qt.MouseButton.LeftButton)
    assert page.page_index == 1 and page.preview.page_label.text().startswith("Trang 2/")
    assert not page.preview.image.pixmap().isNull()
    qtbot.mouseClick(page.preview.prev_button, Qt.MouseButton.LeftButton)
    assert page.page_index == 0 and not page.preview.prev_button.isEnabled()


def test_certificates_preview_is_landscape_and_xlsx_disabled(qtbot, page):
    _choose(page, "certificates")
    assert not page.save_xlsx_button.isEnabled() and not page.choice.group_by.isEnabled()
    qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
    assert page.page_total == 12
    pixmap = page.preview.image.pixmap()
    assert pixmap.width() > pixmap.height()


def test_save_pdf_and_xlsx_write_the_files(qtbot, page, tmp_path, monkeypatch):
    _choose(page, "attendance")
    target = tmp_path / "baocao"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.mouseClick(page.save_pdf_button, Qt.MouseButton.LeftButton)
    pdf_path = tmp_path / "baocao.pdf"
    assert pdf_path.read_bytes().startswith(b"%PDF")
    pdf = pdfium.PdfDocument(pdf_path.read_bytes())
    assert "BÁO CÁO TÌNH HÌNH ĐẠI BIỂU THAM DỰ" in pdf[0].get_textpage().get_text_range()
    pdf.close()
    assert "Đã lưu" in page.status.text()
    qtbot.mouseClick(page.save_xlsx_button, Qt.MouseButton.LeftButton)
    book = load_workbook(tmp_path / "baocao.xlsx")
    assert book.sheetnames[0] == "Tổng hợp"
    assert book["Tổng hợp"]["A3"].value == "Số đại biểu có mặt (đã điểm danh)" and book["Tổng hợp"]["B3"].value == 12


def test_contacts_switch_and_english_document(qtbot, page, tmp_path):
    with page.ctx.db.session() as session:
        phone = session.scalar(select(Delegate.phone).where(Delegate.phone != ""))
    _choose(page, "delegates")
    page.save_to(tmp_path / "d.xlsx")
    values = {c for row in load_workbook(tmp_path / "d.xlsx").worksheets[0].iter_rows(values_only=True) for c in row}
    assert phone not in values
    page.choice.contacts.setChecked(True)
    page.choice.doc_lang.setCurrentIndex(page.choice.doc_lang.findData("en"))
    page.save_to(tmp_path / "d2.xlsx")
    sheet = load_workbook(tmp_path / "d2.xlsx").worksheets[0]
    assert phone in {c for row in sheet.iter_rows(values_only=True) for c in row}
    assert sheet["B1"].value == "Full name"


def test_print_draws_every_page_full_size(qtbot, page, tmp_path):
    _choose(page, "badges")
    qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert page.print_to(printer) == page.page_total
    printed = pdfium.PdfDocument((tmp_path / "printed.pdf").read_bytes())
    width, height = printed[0].get_size()
    assert len(printed) == page.page_total and (round(width), round(height)) == (595, 842)
    printed.close()


def test_print_keeps_landscape_certificates_landscape(qtbot, page, tmp_path):
    _choose(page, "certificates")
    qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "certs.pdf"))
    assert page.print_to(printer) == 12
    printed = pdfium.PdfDocument((tmp_path / "certs.pdf").read_bytes())
    sizes = {tuple(round(v) for v in printed[i].get_size()) for i in range(len(printed))}
    printed.close()
    assert sizes == {(842, 595)}


def test_cancel_stops_generation(qtbot, page):
    _choose(page, "invitations")
    page.progress.valueChanged.connect(lambda done: done >= 2 and qtbot.mouseClick(
        page.cancel_button, Qt.MouseButton.LeftButton))
    qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
    assert page.status.text() == "Đã hủy." and page.page_total == 0 and not page.busy


def test_purge_needs_the_event_code_typed(qtbot, page, monkeypatch):
    from confman.core.db.backup import backup_database
    from confman.core.reports.purge_files import holds_personal_data
    from confman.ui.reports.reports_page import PurgeDialog

    dialog = PurgeDialog(page, "ASEAN-TT-2018", "vi", server=False)
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled()
    dialog.code_edit.setText("asean")
    assert not dialog.ok_button.isEnabled()
    dialog.code_edit.setText("ASEAN-TT-2018")
    assert dialog.ok_button.isEnabled()

    folder = page.ctx.settings.backups_path
    earlier = backup_database(page.ctx.db, folder=folder, reason="periodic")
    shown: list[str] = []
    changes = []
    page.ctx.data_changed.connect(changes.append)

    def accept(self: PurgeDialog) -> QDialog.DialogCode:
        shown.append(self.backups_label.text())
        self.code_edit.setText(self.code)
        self.keep_backup.setChecked(True)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PurgeDialog, "exec", accept)
    qtbot.mouseClick(page.purge_button, Qt.MouseButton.LeftButton)
    # The dialog said which backup holds the data before anything happened.
    assert earlier.name in shown[0] and "1 bản sao lưu" in shown[0]
    assert "Đã xóa dữ liệu cá nhân" in page.status.text()
    assert "đã làm sạch 1" in page.status.text() and "giữ lại 1" in page.status.text()
    assert changes and changes[0].touches("delegates")
    with page.ctx.db.session() as session:
        assert session.scalar(select(Delegate.id).where(Delegate.phone != "")) is None
    (kept,) = folder.glob("personal-data-*before-purge*")
    assert holds_personal_data(kept, "ASEAN-TT-2018") is True
    assert holds_personal_data(earlier, "ASEAN-TT-2018") is False


def test_signin_sheet_of_the_second_day(qtbot, page):
    _choose(page, "signin")
    assert page.choice.day.isEnabled() and [page.choice.day.itemText(i) for i in range(page.choice.day.count())] == [
        "Cả hội nghị", "12/12/2018", "13/12/2018"]
    page.choice.day.setCurrentIndex(2)
    qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
    pdf = pdfium.PdfDocument(page._doc.data)
    assert "Ngày: 13/12/2018" in pdf[0].get_textpage().get_text_range()
    pdf.close()
    _choose(page, "attendance")
    assert not page.choice.day.isEnabled()


def test_language_switch_relabels(qtbot, page):
    page.ctx.set_language("en")
    assert page.choice.report_list.item(0).text() == "Sign-in sheet"
    assert page.generate_button.text() == "Refresh preview" and page.choice.contacts.text() == "Include phone and e-mail"
    assert page.choice.lbl_number.text() == "Letter number:"


def test_generation_runs_off_the_ui_thread_with_progress(qtbot, db, make_context):
    from confman.ui.reports.reports_page import ReportsPage

    event = create_demo(db, delegates=120).event
    page = ReportsPage(make_context(event=event, asynchronous=True))
    qtbot.addWidget(page)
    page.show()
    _choose(page, "invitations")
    values: list[int] = []
    page.progress.valueChanged.connect(values.append)
    qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
    assert page.busy and page.progress.isVisible() and page.cancel_button.isVisible()
    qtbot.waitUntil(lambda: not page.busy, timeout=60_000)
    qtbot.waitUntil(lambda: not page.preview.image.pixmap().isNull(), timeout=10_000)
    assert page.page_total == 121 and not page.progress.isVisible()  # a letter each, the minister too
    assert values and values == sorted(values)


def _text_of(data: bytes) -> str:
    """Under the app's pdfium lock: the page's preview may still be rasterising on a worker."""
    return "\n".join(page_texts(data))


@pytest.fixture
def live_page(qtbot, db, make_context):
    """The reports page on the real threaded path (documents made off the UI thread), shown."""
    from confman.ui.reports.reports_page import ReportsPage

    event = create_demo(db, delegates=30).event
    page = ReportsPage(make_context(event=event, asynchronous=True))
    qtbot.addWidget(page)
    page.resize(1100, 760)
    return page


def test_preview_appears_on_show_and_follows_the_choice_without_a_click(qtbot, live_page):
    page = live_page
    page.show()  # no click: the page makes the preview of the selected report (the sign-in sheet)
    qtbot.waitUntil(lambda: page.page_total > 0 and not page.preview.image.pixmap().isNull(), timeout=60_000)
    assert page.preview.page_label.text() == f"Trang 1/{page.page_total}"
    assert "DANH SÁCH ĐẠI BIỂU" in _text_of(page._doc.data) and "Đã tạo xong" in page.status.text()
    signin = page._doc
    _choose(page, "attendance")  # a new choice: the preview follows after a short pause
    assert page.preview_schedule.timer.isActive() or page.previewing
    qtbot.waitUntil(lambda: page._doc is not signin and page._doc is not None and not page.busy, timeout=60_000)
    assert page._doc.name == "attendance" and page.page_total >= 1
    assert "BÁO CÁO TÌNH HÌNH ĐẠI BIỂU THAM DỰ" in _text_of(page._doc.data)
    assert page.preview.page_label.text() == f"Trang 1/{page.page_total}"


def test_quick_changes_show_only_the_last_choice(qtbot, live_page):
    page = live_page
    page.show()
    for name in ("delegates", "attendance", "badges", "invitations"):  # faster than any document is made
        _choose(page, name)
    qtbot.waitUntil(lambda: page._doc is not None and page._doc.name == "invitations" and not page.busy,
                    timeout=90_000)
    qtbot.wait(300)
    assert page._doc.name == "invitations" and page.page_total == 31


def test_typed_letter_number_is_printed_on_the_letters(qtbot, live_page, tmp_path):
    page = live_page
    page.show()
    _choose(page, "invitations")
    assert page.choice.letter_number.isEnabled()
    qtbot.waitUntil(lambda: page.choice.letter_number.placeholderText() == "125/GM-HTQT",  # the event's, as the hint
                    timeout=10_000)
    page.choice.letter_number.setFocus()
    for char in "37/GM-HTQT":
        qtbot.keyClick(page.choice.letter_number, char)
    qtbot.waitUntil(lambda: page._doc is not None and page._doc_request is not None
                    and page._doc_request.options.letter_number == "37/GM-HTQT" and not page.busy, timeout=60_000)
    text = _text_of(page._doc.data)
    assert "Số: 37/GM-HTQT" in text and "125/GM-HTQT" not in text
    page.save_to(tmp_path / "giay-moi.pdf")
    assert "Số: 37/GM-HTQT" in _text_of((tmp_path / "giay-moi.pdf").read_bytes())
    _choose(page, "attendance")  # a report without "Số:" takes no number
    assert not page.choice.letter_number.isEnabled() and page.options().letter_number == ""


def _clear_signer(db, event_id: int) -> None:
    from confman.core.events.documents import update_event_documents

    update_event_documents(db, event_id, station="test", signer_name="", signer_title="", signer_authority="")


def test_missing_signer_is_asked_and_cancel_writes_nothing(qtbot, page, tmp_path, monkeypatch):
    from confman.ui.reports.reports_page import SignerQuestion

    _clear_signer(page.ctx.db, page.ctx.event.id)
    _choose(page, "certificates")
    asked: list[str] = []
    answer = {"button": "signerCancel"}

    def exec_(box: SignerQuestion) -> int:
        asked.append(box.text() + "\n" + "|".join(b.text() for b in box.buttons()))
        for button in box.buttons():
            if button.objectName() == answer["button"]:
                button.click()
        return 0

    monkeypatch.setattr(SignerQuestion, "exec", exec_)
    chosen: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (chosen.append("asked") or str(tmp_path / "gcn.pdf"), ""))
    qtbot.mouseClick(page.save_pdf_button, Qt.MouseButton.LeftButton)
    assert asked and "Chưa có người ký" in asked[0] and "Vẫn lưu" in asked[0] and "Nhập người ký…" in asked[0]
    assert chosen == [] and not (tmp_path / "gcn.pdf").exists()
    assert page.status.text() == "Chưa in, chưa lưu: hội nghị chưa có người ký."
    # "Nhập người ký" asks the window for the event's document settings; still nothing written.
    answer["button"] = "signerEnter"
    qtbot.mouseClick(page.save_pdf_button, Qt.MouseButton.LeftButton)
    assert ("open_event_documents", ()) in page.ctx.actions.requests and not (tmp_path / "gcn.pdf").exists()
    # "Vẫn lưu" writes the file.
    answer["button"] = "signerGoOn"
    qtbot.mouseClick(page.save_pdf_button, Qt.MouseButton.LeftButton)
    assert chosen == ["asked"] and (tmp_path / "gcn.pdf").read_bytes().startswith(b"%PDF")
    # A list (not signed) is never asked about.
    asked.clear()
    _choose(page, "attendance")
    qtbot.mouseClick(page.save_pdf_button, Qt.MouseButton.LeftButton)
    assert asked == []


def test_signer_set_means_no_question(qtbot, page, tmp_path, monkeypatch):
    from confman.ui.reports.reports_page import SignerQuestion

    monkeypatch.setattr(SignerQuestion, "exec", lambda box: pytest.fail("asked although the signer is set"))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "gm.pdf"), ""))
    _choose(page, "invitations")
    qtbot.mouseClick(page.save_pdf_button, Qt.MouseButton.LeftButton)
    assert "Phạm Quốc Bảo" in _text_of((tmp_path / "gm.pdf").read_bytes())


def test_signer_question_opens_the_document_settings_in_the_window(qtbot, db, make_window, monkeypatch):
    from confman.ui.events.event_dialog import EventDocumentsDialog
    from confman.ui.reports.reports_page import SignerQuestion

    event = create_demo(db, delegates=8).event
    _clear_signer(db, event.id)
    from confman.ui.reports.reports_page import ReportsPage

    window = make_window(page="nav.reports")

    page = window.findChild(ReportsPage)
    assert window.ctx.event is not None and window.ctx.event.id == event.id
    _choose(page, "certificates")

    def exec_(box: SignerQuestion) -> int:
        box.enter_signer.click()
        return 0

    monkeypatch.setattr(SignerQuestion, "exec", exec_)
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    dialog = window.findChild(EventDocumentsDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.close()


def test_the_report_list_shows_every_report_and_no_blank_rows(qtbot, page):
    """Every report is visible without scrolling, and the list ends under its last row, so the options below
    get the room (it used to keep two blank rows on the laptop)."""
    listing = page.choice.report_list
    last = listing.visualItemRect(listing.item(listing.count() - 1))
    assert listing.verticalScrollBar().maximum() == 0
    assert last.bottom() < listing.viewport().height()
    assert listing.viewport().height() - last.bottom() < last.height()
