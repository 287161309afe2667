"""The book of papers in English, made from the Presentations page: what would print in Vietnamese is named
first; cancel writes nothing, "add the English" goes where it is entered, "make it anyway" writes the book."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog
from sqlalchemy import select

from confman.core.agenda.models import AgendaItem, Room
from confman.core.events.documents import update_event_documents
from confman.core.presentations import service as svc
from confman.core.presentations.models import Presentation
from confman.core.presentations.service import PresentationDraft
from confman.ui.presentations.book_english_question import BookEnglishQuestion
from tests.pdf_checks import file_text


@pytest.fixture
def setup(db, make_event):
    event = make_event(code="KY1")
    with db.session() as session:
        room = Room(event_id=event.id, name="Hội trường A")
        session.add(room)
        session.flush()
        item = AgendaItem(event_id=event.id, room_id=room.id, day=date(2026, 12, 10), start_time=time(9),
                          end_time=time(10), title_vi="Tham luận của các bộ, ngành")
        session.add(item)
        session.flush()
        item_id = item.id
    first = svc.create_presentation(db, event.id, PresentationDraft(
        title_vi="Kinh tế số và thông tin đối ngoại", title_en="The digital economy and external communication",
        agenda_item_id=item_id, order_in_item=1))
    second = svc.create_presentation(db, event.id, PresentationDraft(
        title_vi="Kinh nghiệm của tỉnh Lào Cai", agenda_item_id=item_id, order_in_item=2))
    return event, first, second


@pytest.fixture
def page(qtbot, make_context, setup):
    from confman.ui.presentations.presentations_page import PresentationsPage

    ctx = make_context()
    widget = PresentationsPage(ctx)
    qtbot.addWidget(widget)
    ctx.set_event(setup[0])
    widget.resize(1093, 576)
    widget.show()
    return widget


def _answer(monkeypatch, button_name: str) -> list[str]:
    """Answer the question with the button named ``button_name``; returns what was asked."""
    asked: list[str] = []

    def exec_(box: BookEnglishQuestion) -> int:
        asked.append("\n".join([box.windowTitle(), box.text(), box.informativeText(),
                                "|".join(b.text() for b in box.buttons())]))
        next(b for b in box.buttons() if b.objectName() == button_name).click()
        return 0

    monkeypatch.setattr(BookEnglishQuestion, "exec", exec_)
    return asked


def _save_to(monkeypatch, target: Path) -> list[str]:
    asked: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (asked.append("asked") or str(target), "")))
    return asked



def test_the_english_book_names_what_prints_in_vietnamese_and_the_answers_do_what_they_say(
        qtbot, page, setup, monkeypatch, tmp_path):
    _event, _first, second = setup
    page.ctx.set_language("en")
    target = tmp_path / "book.pdf"
    saved = _save_to(monkeypatch, target)

    # Cancel: no file asked for, nothing written, the page says why.
    asked = _answer(monkeypatch, "bookEnglishCancel")
    page.book_button.click()
    page.ctx.ops.wait()
    assert len(asked) == 1
    lines = asked[0].split("\n")
    assert lines[:2] == ["English text missing",
                         "The English book will print Vietnamese where no English text was entered."]
    details = "\n".join(lines[2:-1])
    assert details.startswith("• The book is in English; text without an English version will print in Vietnamese.")
    assert "• No English value for: English name — documents in English will print the Vietnamese." in details
    assert "• No English title for the papers: Day 1, no. 2 “Kinh nghiệm của tỉnh Lào Cai”." in details
    assert "• No English name for the sessions: “Tham luận của các bộ, ngành”." in details
    assert "• No English name for the rooms: “Hội trường A”." in details
    assert "Kinh tế số" not in details  # that paper has its English title
    assert set(lines[-1].split("|")) == {"Make the book anyway", "Add the English", "Cancel"}
    assert saved == [] and not target.exists()
    assert page.message.text() == "No book made: some text has no English version yet."

    # Add the English: the paper without an English title is selected, its English title field ready.
    page.tabs.setCurrentIndex(1)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    _answer(monkeypatch, "bookEnglishFix")
    page.book_button.click()
    page.ctx.ops.wait()
    assert page.tabs.currentIndex() == 0 and page.selected() is not None and page.selected().id == second.id
    assert page.detail.title_vi.text() == "Kinh nghiệm của tỉnh Lào Cai" and page.detail.title_en.text() == ""
    assert QApplication.focusWidget() is page.detail.title_en
    assert page.message.text() == "Enter the English title of “Kinh nghiệm của tỉnh Lào Cai”, then Save."
    assert saved == [] and not target.exists()

    # Make it anyway: the file is asked for and written, Vietnamese where no English was entered.
    _answer(monkeypatch, "bookEnglishGoOn")
    page.book_button.click()
    page.ctx.ops.wait()
    assert saved == ["asked"] and target.exists()
    text = file_text(target)
    assert "BOOK OF PAPERS" in text and "The digital economy and external communication" in text
    for vietnamese in ("Kinh nghiệm của tỉnh Lào Cai", "Tham luận của các bộ, ngành", "Hội trường A"):
        assert vietnamese in text, vietnamese


def test_a_vietnamese_book_or_one_with_every_english_text_is_made_without_a_question(
        qtbot, db, page, setup, monkeypatch, tmp_path):
    event, _first, second = setup
    monkeypatch.setattr(BookEnglishQuestion, "exec", lambda box: pytest.fail("asked with nothing missing"))
    target = tmp_path / "vi.pdf"
    _save_to(monkeypatch, target)
    page.book_button.click()
    page.ctx.ops.wait()
    assert target.exists() and "KỶ YẾU" in file_text(target)

    with db.session() as session:
        session.get(Presentation, second.id).title_en = "Lao Cai's experience"
        session.scalars(select(Room)).one().name_en = "Hall A"
        session.scalars(select(AgendaItem)).one().title_en = "Papers of the ministries"
    update_event_documents(db, event.id, station="test", name_en="Review conference on external communication")
    page.ctx.set_language("en")
    target = tmp_path / "en.pdf"
    _save_to(monkeypatch, target)
    page.book_button.click()
    page.ctx.ops.wait()
    text = file_text(target)
    assert "Lao Cai's experience" in text and "Hall A" in text and "Hội trường A" not in text


def test_add_the_english_goes_to_the_agenda_or_the_event_documents_when_the_papers_are_done(
        qtbot, db, make_window, setup, monkeypatch, tmp_path):
    _event, _first, second = setup
    with db.session() as session:
        session.get(Presentation, second.id).title_en = "Lao Cai's experience"
    window = make_window(page="nav.presentations")
    window.ctx.set_language("en")
    page = window.pages["nav.presentations"]
    saved = _save_to(monkeypatch, tmp_path / "book.pdf")
    asked = _answer(monkeypatch, "bookEnglishFix")
    # The session and the room lack English: the agenda page, where they are entered, comes up.
    page.book_button.click()
    window.ctx.ops.wait()
    assert "Day 1" not in asked[0] and "Tham luận của các bộ, ngành" in asked[0]
    assert window.current_page_key == "nav.agenda" and saved == []

    with db.session() as session:
        session.scalars(select(Room)).one().name_en = "Hall A"
        session.scalars(select(AgendaItem)).one().title_en = "Papers of the ministries"
    # Only the event's English name is missing now: its document values open, to enter it.
    window.show_page("nav.presentations")
    page.book_button.click()
    window.ctx.ops.wait()
    dialog = window.findChild(QDialog, "eventDocumentsDialog")
    assert dialog is not None and dialog.isVisible() and saved == []
    dialog.close()
