"""The event's document fields, edited from the main window's toolbar as an organiser would."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from confman.core.audit import AuditLog
from confman.core.events.documents import event_documents
from confman.core.reports import ReportOptions, generate
from confman.ui.events.event_dialog import EventDocumentsDialog
from tests.pdf_checks import collapsed, page_texts


def _type(edit, text: str) -> None:
    """QTest cannot type Vietnamese letters: set the text and emit the edit signal, as typing does."""
    edit.setText(text)
    edit.textEdited.emit(text)


def test_toolbar_opens_the_dialog_and_saving_changes_what_letters_print(qtbot, db, make_event, make_delegate,
                                                                       make_window):
    event = make_event(venue="Khách sạn Mường Thanh, Đà Nẵng")
    make_delegate(event.id, "Đỗ Thị Hằng", honorific="Bà", organization="Sở TT&TT Đà Nẵng")
    window = make_window()
    assert window.documents_action.text() == "Thông tin văn bản…" and window.documents_action.isEnabled()
    window.documents_action.trigger()
    dialog = window.findChild(EventDocumentsDialog, "eventDocumentsDialog")
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    assert "Chưa đặt người ký" in dialog.warnings.text()  # before anything is printed
    values = {
        "parent_body": "Bộ Thông tin và Truyền thông", "issuing_body": "Cục Thông tin đối ngoại",
        "signer_authority": "KT. CỤC TRƯỞNG", "signer_title": "PHÓ CỤC TRƯỞNG", "signer_name": "Lê Văn Minh",
        "letter_number": "88/GM-TTĐN", "place": "Đà Nẵng", "contact_name": "Phạm Thu Trang",
        "contact_phone": "0236 3822 111",
    }
    for name, text in values.items():
        _type(dialog.edits[name], text)
    assert "Chưa đặt người ký" not in dialog.warnings.text()
    assert "Cơ quan ban hành (tiếng Anh)" in dialog.warnings.text()  # English values still missing
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    docs = event_documents(db, event.id)
    assert {k: getattr(docs, k) for k in values} == values
    with db.session() as session:
        assert session.scalar(select(AuditLog.id).where(AuditLog.entity == "event", AuditLog.action == "update"))
    letter = collapsed(page_texts(generate(db, event.id, "invitations", "pdf", ReportOptions()).data)[0])
    for text in ("Số: 88/GM-TTĐN", "CỤC THÔNG TIN ĐỐI NGOẠI", "KT. CỤC TRƯỞNG PHÓ CỤC TRƯỞNG", "Lê Văn Minh",
                 "Đà Nẵng, ngày", "Phạm Thu Trang, điện thoại: 0236 3822 111"):
        assert text in letter, text


def test_an_empty_event_name_is_refused_and_nothing_is_written(qtbot, db, make_event, make_window):
    event = make_event()
    window = make_window()
    dialog = window.open_event_documents()
    _type(dialog.edits["name_vi"], "   ")
    _type(dialog.edits["signer_name"], "Lê Văn Minh")
    dialog.save()
    assert dialog.isVisible() and "tên hội nghị" in dialog.error.text().lower()
    assert event_documents(db, event.id).signer_name == ""
