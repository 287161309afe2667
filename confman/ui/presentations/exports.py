"""The presentations' exports: the files of a day and room into a folder (for the laptop on stage), and the
book of papers as one PDF. Both are made in ops."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog

from confman.i18n import t
from confman.ui.presentations import ops
from confman.ui.presentations.book_english_question import BookEnglishQuestion
from confman.ui.presentations.ops import BookGaps, EventRow, ShowSlot

if TYPE_CHECKING:
    from confman.ui.presentations.presentations_page import PresentationsPage


class PresentationExports(QObject):
    """The export menu (everything, or one day and room) and the book of papers."""

    def __init__(self, page: PresentationsPage) -> None:
        super().__init__(page)
        self.page = page

    def fill_menu(self, slots: list[ShowSlot]) -> None:
        self.page.export_menu.clear()
        everything = self.page.export_menu.addAction(t("presentations.ui.export_all"))
        everything.triggered.connect(lambda: self.export_to_folder(None))
        for s in slots:
            action = self.page.export_menu.addAction(t("presentations.show.slot", day=f"{s.day:%d/%m/%Y}",
                                                  room=s.room or "—", count=s.count))
            action.triggered.connect(lambda _=False, s=s: self.export_to_folder(s))

    def export_to_folder(self, slot: ShowSlot | None, folder: str | None = None) -> None:
        event = self.page.ctx.event
        if event is None:
            return
        if folder is None:
            folder = QFileDialog.getExistingDirectory(self.page, t("presentations.ui.export"))
            if not folder:
                return
        lang = self.page.ctx.language
        day: date | None = slot.day if slot else None
        room_id = slot.room_id if slot else None

        def done(result) -> None:
            text = t("presentations.ui.exported", count=len(result.files), folder=str(result.folder))
            if result.missing:
                text += "\n" + t("presentations.ui.export_missing", count=len(result.missing),
                                 titles="; ".join(r.title_vi for r in result.missing[:5]))
            self.page.show_message(text)

        target = Path(folder)
        self.page.ctx.ops.read(self.page, lambda db: ops.export(db, event, target, day, room_id, lang)).done(done).run()

    def make_book(self, path: str | None = None) -> None:
        """Ask where (unless ``path``), then write the book; in English, when some text has no English
        version, ask first: make it anyway / add the English (go where it is entered) / cancel."""
        event = self.page.ctx.event
        if event is None:
            return
        lang = self.page.ctx.language

        def checked(check: tuple[tuple[str, ...], BookGaps]) -> None:
            warnings, gaps = check
            if not warnings or BookEnglishQuestion(self.page, lang, warnings).go_on_or(
                    lambda: self._put_right(gaps),
                    lambda: self.page.show_message(t("presentations.book_english.cancelled", lang))):
                self._write_book(event, path)

        self.page.ctx.ops.read(self.page, lambda db: ops.book_check(db, event.id, lang)).latest("book_check") \
            .done(checked).run()

    def _put_right(self, gaps: BookGaps) -> None:
        """Where the first missing English is entered: a paper's English title (selected here), the agenda
        (sessions, rooms), else the event's document values."""
        if gaps.titles:
            paper = gaps.titles[0]
            self.page.tabs.setCurrentIndex(0)
            self.page.select_presentation(paper.presentation_id)
            self.page.detail.title_en.setFocus()
            self.page.show_message(t("presentations.book_english.fix_title", self.page.ctx.language,
                                     title=paper.title_vi))
        elif gaps.sessions or gaps.rooms:
            self.page.ctx.actions.show_page("nav.agenda")
        else:
            self.page.ctx.actions.open_event_documents()

    def _write_book(self, event: EventRow, path: str | None) -> None:
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self.page, t("presentations.ui.book"),
                                                  f"{t('presentations.book.title')} {event.code}.pdf", "PDF (*.pdf)")
            if not path:
                return
        lang, target = self.page.ctx.language, Path(path)
        self.page.ctx.ops.read(self.page, lambda db: ops.book(db, event, target, lang)) \
            .done(lambda r: self.page.show_message(t("presentations.ui.book_done", path=str(r.path), papers=r.papers,
                                                pages=r.pages))).run()
