"""The agenda's documents: programme PDF (one or both languages, or one person's), calendar (.ics),
workbook (.xlsx) out and in, and printing with a preview. Each file is made in an op."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog, QInputDialog

from confman.i18n import t
from confman.ui.agenda import ops
from confman.ui.agenda.ops import PersonRef

if TYPE_CHECKING:
    from confman.ui.agenda.agenda_page import AgendaPage


class AgendaOutputs:
    """The export menu's and the print action's work, for one agenda page."""

    def __init__(self, page: AgendaPage) -> None:
        self.page = page

    @property
    def lang(self) -> str:
        return self.page.ctx.language

    def save_path(self, suffix: str, filter_key: str, stem: str = "") -> Path | None:
        event = self.page.event
        assert event is not None
        name = f"{event.code}-{stem or t('agenda.ui.file_programme', self.lang)}.{suffix}"
        path, _ = QFileDialog.getSaveFileName(self.page, t("agenda.ui.export", self.lang), str(Path.home() / name),
                                              t(filter_key, self.lang))
        if not path:
            return None
        target = Path(path)
        return target if target.suffix.lower() == f".{suffix}" else target.with_suffix(f".{suffix}")

    def _write(self, work: Any) -> None:
        lang = self.lang
        self.page.ctx.ops.read(self.page, work).done(lambda p: self.page.info(t("agenda.ui.saved", lang, path=p))).run()

    def export_programme(self, *, lang: str = "vi") -> None:
        event, path = self.page.event, self.save_path("pdf", "agenda.ui.files_pdf")
        if event is not None and path is not None:
            self._write(lambda db: ops.write_pdf(db, event.id, path, lang))

    def people_on_agenda(self) -> list[PersonRef]:
        found: dict[int, PersonRef] = {}
        for item in self.page.snapshot.items:
            for person in (*item.chairs, *item.speakers):
                found.setdefault(person.delegate_id, person)
        return sorted(found.values(), key=lambda p: p.full_name)

    def export_personal(self, delegate_id: int | None = None) -> None:
        event = self.page.event
        if event is None:
            return
        if delegate_id is None:
            people = self.people_on_agenda()
            if not people:
                return
            labels = [p.display for p in people]
            selected = self.page.row(self.page.selected_id)
            first = next((labels.index(p.display) for p in (*selected.chairs, *selected.speakers)), 0) \
                if selected and (selected.chairs or selected.speakers) else 0
            label, ok = QInputDialog.getItem(self.page, t("agenda.ui.export_personal", self.lang),
                                             t("agenda.ui.pick_person", self.lang), labels, first, False)
            if not ok:
                return
            delegate_id = people[labels.index(label)].delegate_id
        path = self.save_path("pdf", "agenda.ui.files_pdf", stem=f"lich-{delegate_id}")
        if path is not None:
            lang, person = self.lang, delegate_id
            self._write(lambda db: ops.write_pdf(db, event.id, path, lang, person))

    def export_ics(self) -> None:
        event, path = self.page.event, self.save_path("ics", "agenda.ui.files_ics")
        if event is not None and path is not None:
            lang = self.lang
            self._write(lambda db: ops.write_ics(db, event.id, path, lang))

    def export_xlsx(self) -> None:
        event, path = self.page.event, self.save_path("xlsx", "agenda.ui.files_xlsx")
        if event is not None and path is not None:
            lang = self.lang
            self._write(lambda db: ops.write_xlsx(db, event.id, path, lang))

    def import_xlsx(self, path: str | None = None) -> None:
        event = self.page.event
        if event is None:
            return
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self.page, t("agenda.ui.import_xlsx", self.lang), str(Path.home()),
                                                  t("agenda.ui.files_xlsx", self.lang))
            if not path:
                return
        lang, station, source = self.lang, self.page.ctx.station, path

        def done(result: Any) -> None:
            text = t("agenda.ui.imported", lang, created=result.created, updated=result.updated)
            warnings = [t("cli.agenda.warning", lang, row=row, message=msg) for row, msg in result.warnings]
            self.page.info("\n".join([text, *warnings]))

        self.page.ctx.ops.write(self.page, lambda db: ops.import_xlsx(db, event.id, source, station)).done(done).run()

    def print_programme(self) -> None:
        from confman.ui.agenda.printing import print_with_preview

        event = self.page.event
        if event is None:
            return
        lang = self.lang
        title = t("agenda.pdf.title", lang)
        self.page.ctx.ops.read(self.page, lambda db: ops.programme_pdf(db, event.id, lang)) \
            .done(lambda data: print_with_preview(self.page, data, title)).run()
