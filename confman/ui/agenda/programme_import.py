"""The Agenda page's "Nhập chương trình từ Word/Excel…": choose the organisers' programme table
(.docx or .xlsx), see the items read (day, time, title, room, people) with the people who match no
delegate highlighted, then create them all in one transaction (the core's ``import_programme``).

Reading and creating run in ops; a file that cannot be read is said in the dialog and nothing is
written. The dialog fits a 1366×768 laptop at 125 % (its table scrolls)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from confman.core.errors import DomainError
from confman.i18n import t
from confman.messages import describe
from confman.ui.agenda import ops
from confman.ui.context import UiContext

UNMATCHED_BRUSH = QBrush(QColor("#FDECEA"))
ERROR_STYLE = "color: #B3261E;"
COLUMNS = ("day", "time", "title", "room", "people")


def person_line(person: Any, lang: str) -> str:
    """"Chủ trì: Nguyễn Mạnh Hùng" for a match; the text as written, and why, for anyone else."""
    if person.delegate_id is not None:
        return t(f"cli.agenda.programme.{person.role}", lang, name=person.full_name)
    if person.candidates > 1:
        return t("agenda_import_ui.person.ambiguous", lang, text=person.text, count=person.candidates)
    return t("agenda_import_ui.person.unmatched", lang, text=person.text)


def unmatched_text(row: int, person: Any, lang: str) -> str:
    if person.candidates > 1:
        return t("cli.agenda.programme.ambiguous", lang, row=row, text=person.text, name=person.name,
                 count=person.candidates)
    return t("cli.agenda.programme.unmatched", lang, row=row, text=person.text)


class ProgrammeImportDialog(QDialog):
    """Preview an organisers' programme table and create its items."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None, *, on_created: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("programmeImport")
        self.ctx = ctx
        self.on_created = on_created
        self.path: Path | None = None
        self.plan: Any = None
        self.result: Any = None
        self.busy = False
        self.file_label = QLabel()
        self.file_label.setObjectName("programmeFile")
        self.file_label.setTextFormat(Qt.TextFormat.PlainText)
        self.choose_button = QPushButton()
        self.choose_button.setObjectName("programmeChoose")
        self.choose_button.clicked.connect(self.choose_file)
        self.summary = QLabel()
        self.summary.setObjectName("programmeSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("programmePreview")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.notes_label = QLabel()
        self.notes = QListWidget()
        self.notes.setObjectName("programmeNotes")
        self.notes.setWordWrap(True)
        notes_box = QWidget()
        notes_layout = QVBoxLayout(notes_box)
        notes_layout.setContentsMargins(0, 0, 0, 0)
        notes_layout.addWidget(self.notes_label)
        notes_layout.addWidget(self.notes, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(notes_box)
        split.setChildrenCollapsible(False)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        self.buttons = QDialogButtonBox()
        self.create_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.create_button.setObjectName("programmeCreate")
        self.create_button.setEnabled(False)
        self.close_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.create)
        self.buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.file_label, 1)
        top.addWidget(self.choose_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        layout.addWidget(self.buttons)
        self._fit_screen()
        self.retranslate()

    @property
    def lang(self) -> str:
        return self.ctx.language

    def _fit_screen(self) -> None:
        screen = self.screen() if self.parentWidget() is None else self.parentWidget().screen()
        width, height = 960, 600
        if screen is not None:
            room = screen.availableGeometry()
            width, height = min(width, room.width() - 16), min(height, room.height() - 40)
        self.setMinimumSize(min(560, width), min(380, height))
        self.resize(width, height)

    def retranslate(self) -> None:
        lang = self.lang
        self.setWindowTitle(t("agenda_import_ui.title", lang))
        self.choose_button.setText(t("agenda_import_ui.choose", lang))
        self.close_button.setText(t("agenda_import_ui.close", lang))
        self.notes_label.setText(t("agenda_import_ui.notes", lang))
        self.table.setHorizontalHeaderLabels([t(f"agenda_import_ui.column.{c}", lang) for c in COLUMNS])
        if self.path is None:
            self.file_label.setText(t("agenda_import_ui.no_file", lang))
            self.summary.setText(t("agenda_import_ui.hint", lang))
        self._update_create()

    # -- reading -------------------------------------------------------------------------
    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, t("agenda_import_ui.choose", self.lang), str(Path.home()),
                                              t("agenda_import_ui.filter", self.lang) + " (*.docx *.xlsx *.xlsm)")
        if path:
            self.load(Path(path))

    def load(self, path: Path) -> None:
        """Read ``path`` and show what it holds (an op; nothing is written)."""
        event = self.ctx.event
        if event is None:
            return
        self.path = Path(path)
        self.plan = None
        self.file_label.setText(str(self.path))
        self.summary.setStyleSheet("")
        self.summary.setText(t("agenda_import_ui.reading", self.lang, file=self.path.name))
        self.table.setRowCount(0)
        self.notes.clear()
        self._update_create()
        source = self.path
        self.ctx.ops.read(self, lambda db: ops.read_programme(db, event.id, source)).latest("programme-read") \
            .done(self._show).failed(self._failed).run()

    def _show(self, plan: Any) -> None:
        lang = self.lang
        self.plan = plan
        days = sorted({item.day for item in plan.items})
        people = sum(len(item.people) for item in plan.items)
        self.summary.setText(t("agenda_import_ui.summary", lang, file=plan.file, items=len(plan.items),
                               days=len(days), rooms=len(plan.rooms), people=people,
                               unmatched=len(plan.unmatched)))  # fmt: skip
        self.table.setRowCount(len(plan.items))
        for r, item in enumerate(plan.items):
            values = (f"{item.day:%d/%m/%Y}", f"{item.start:%H:%M}–{item.end:%H:%M}",
                      "\n".join(p for p in (item.title, item.session) if p), item.room,
                      "\n".join(person_line(p, lang) for p in item.people))
            for c, value in enumerate(values):
                cell = QTableWidgetItem(value)
                cell.setToolTip(value)
                self.table.setItem(r, c, cell)
            if item.unmatched:
                people_cell = self.table.item(r, COLUMNS.index("people"))
                people_cell.setBackground(UNMATCHED_BRUSH)
                people_cell.setToolTip("\n".join(unmatched_text(item.row, p, lang) for p in item.unmatched))
        for column, width in zip(COLUMNS, (90, 100, 340, 130), strict=False):
            self.table.setColumnWidth(COLUMNS.index(column), width)
        self.table.resizeRowsToContents()
        notes = [unmatched_text(item.row, person, lang) for item, person in plan.unmatched]
        notes += [t("cli.agenda.warning", lang, row=w.row, message=t(f"warning.{w.code}", lang, **w.params))
                  for w in plan.warnings]
        if not notes:
            notes = [t("agenda_import_ui.all_matched", lang)]
        self.notes.addItems(notes)
        self._update_create()

    def _failed(self, exc: BaseException) -> bool:
        """A file that cannot be read: said here, naming the file; nothing is written."""
        self.plan = None
        self.summary.setStyleSheet(ERROR_STYLE)
        if isinstance(exc, DomainError):
            self.summary.setText(describe(exc, self.lang))
        else:
            name = self.path.name if self.path is not None else ""
            self.summary.setText(t("agenda_import_ui.unreadable", self.lang, file=name, detail=str(exc)))
        self._update_create()
        return isinstance(exc, DomainError)  # a bug still reaches the crash dialog and the log

    def _update_create(self) -> None:
        count = len(self.plan.items) if self.plan is not None else 0
        self.create_button.setText(t("agenda_import_ui.create", self.lang, count=count) if count
                                   else t("agenda_import_ui.create_none", self.lang))
        self.create_button.setEnabled(count > 0 and not self.busy)

    # -- creating ------------------------------------------------------------------------
    def create(self) -> None:
        """Create every previewed item in one transaction (an op), then close."""
        event, plan = self.ctx.event, self.plan
        if event is None or plan is None or self.busy:
            return
        self.busy = True
        self._update_create()
        station = self.ctx.station
        self.ctx.ops.write(self, lambda db: ops.create_programme(db, event.id, plan, station)) \
            .done(self._created).failed(self._create_failed).run()

    def _created(self, result: Any) -> None:
        self.busy = False
        self.result = result
        if self.on_created is not None:
            self.on_created(t("cli.agenda.programme.imported", self.lang, created=result.created, file=result.plan.file,
                              rooms=result.rooms_created, unmatched=len(result.plan.unmatched)))
        self.accept()

    def _create_failed(self, exc: BaseException) -> bool:
        self.busy = False
        self.summary.setStyleSheet(ERROR_STYLE)
        text = describe(exc, self.lang) if isinstance(exc, DomainError) else str(exc)
        self.summary.setText(t("agenda_import_ui.create_failed", self.lang, reason=text))
        self._update_create()
        return isinstance(exc, DomainError)
