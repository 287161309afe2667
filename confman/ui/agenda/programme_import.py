"""The Agenda page's "Nhập chương trình từ Word/Excel…": choose the organisers' programme table
(.docx or .xlsx), see the items read (day, time, title, room, people) with the people who match no
delegate highlighted, correct it, then create the ticked items in one transaction (the core's
``import_programme``).

Corrections: untick an item to leave it out (the button says how many will be created); select an
item to pick, for each person line, the delegate it links to — typed part of a name finds them
whatever the diacritics — or "(không có trong danh sách)" to keep the line in the item's notes
(``programme_people``). The dialog only keeps these choices as plain data (``ProgrammeChoices``);
the core's ``chosen_items`` says what they mean, for the button's count and for the import.

Reading and creating run in ops; a file that cannot be read is said in the dialog and nothing is
written. The dialog fits a 1366×768 laptop at 125 % (its table scrolls)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPalette
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
from confman.ui.agenda.ops import ProgrammeChoices, chosen_items
from confman.ui.agenda.programme_people import PeoplePanel
from confman.ui.context import UiContext
from confman.ui.widgets.delegate_picker import DelegateChoices

UNMATCHED_BRUSH = QBrush(QColor("#FDECEA"))
ERROR_STYLE = "color: #B3261E;"
COLUMNS = ("day", "time", "title", "room", "people")


def person_line(person: Any, lang: str, *, linked: int | None = None, name: str = "", decided: bool = False) -> str:
    """"Chủ trì: Nguyễn Mạnh Hùng" for a linked delegate (the match, or ``linked``/``name`` when the
    organiser picked one); the text as written, and why, for anyone else."""
    if decided:
        if linked is None:
            return t("programme_review.person.in_notes", lang, text=person.text)
        return t(f"cli.agenda.programme.{person.role}", lang, name=name)
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



def _split(orientation: Qt.Orientation, first: QWidget, second: QWidget) -> QSplitter:
    """``first`` and ``second`` in a splitter sharing its room 3 : 2, neither collapsible."""
    splitter = QSplitter(orientation)
    splitter.addWidget(first)
    splitter.addWidget(second)
    splitter.setChildrenCollapsible(False)
    splitter.setStretchFactor(0, 3)
    splitter.setStretchFactor(1, 2)
    return splitter

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
        self.skipped: set[int] = set()  # items unticked
        self.people: dict[tuple[int, int], int | None] = {}  # (item, person line) -> delegate picked, None: none
        self.delegates: DelegateChoices | None = None
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
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemChanged.connect(self._ticked)
        self.table.currentCellChanged.connect(lambda row, _c, _pr, _pc: self._show_people(row))
        self.people_panel = PeoplePanel(ctx.language)
        self.people_panel.changed.connect(self._picked)
        self.notes_label = QLabel()
        self.notes = QListWidget()
        self.notes.setObjectName("programmeNotes")
        self.notes.setWordWrap(True)
        notes_box = QWidget()
        notes_layout = QVBoxLayout(notes_box)
        notes_layout.setContentsMargins(0, 0, 0, 0)
        notes_layout.addWidget(self.notes_label)
        notes_layout.addWidget(self.notes, 1)
        below = _split(Qt.Orientation.Horizontal, self.people_panel, notes_box)
        split = _split(Qt.Orientation.Vertical, self.table, below)
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
        self.skipped, self.people = set(), {}
        self.people_panel.show_item(None, None, lambda _n, _p: None, None)
        self.file_label.setText(str(self.path))
        self.summary.setStyleSheet("")
        self.summary.setText(t("agenda_import_ui.reading", self.lang, file=self.path.name))
        self.table.setRowCount(0)
        self.notes.clear()
        self._update_create()
        source = self.path
        self.ctx.ops.read(self, lambda db: ops.read_programme(db, event.id, source)).latest("programme-read") \
            .done(self._show).failed(self._failed).run()

    def _show(self, read: tuple[Any, list[Any]]) -> None:
        lang = self.lang
        plan, delegates = read
        self.plan = plan
        self.delegates = DelegateChoices(t("programme_review.not_listed", lang), delegates, self)
        days = sorted({item.day for item in plan.items})
        people = sum(len(item.people) for item in plan.items)
        self.summary.setText(t("agenda_import_ui.summary", lang, file=plan.file, items=len(plan.items),
                               days=len(days), rooms=len(plan.rooms), people=people,
                               unmatched=len(plan.unmatched)))  # fmt: skip
        self.table.blockSignals(True)
        self.table.setRowCount(len(plan.items))
        for r, item in enumerate(plan.items):
            values = (f"{item.day:%d/%m/%Y}", f"{item.start:%H:%M}–{item.end:%H:%M}",
                      "\n".join(p for p in (item.title, item.session) if p), item.room, "")
            for c, value in enumerate(values):
                cell = QTableWidgetItem(value)
                cell.setToolTip(value)
                self.table.setItem(r, c, cell)
            tick = self.table.item(r, 0)
            tick.setFlags(tick.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            tick.setCheckState(Qt.CheckState.Checked)
            tick.setToolTip(t("programme_review.tick_tip", lang))
            self._paint_people(r)
        self.table.blockSignals(False)
        for column, width in zip(COLUMNS, (118, 100, 330, 130), strict=False):
            self.table.setColumnWidth(COLUMNS.index(column), width)
        self.table.resizeRowsToContents()
        self._fill_notes()
        self._update_create()

    def _fill_notes(self) -> None:
        """The person lines still matching nobody (not yet decided by the organiser), then the warnings."""
        lang, plan = self.lang, self.plan
        notes = [unmatched_text(item.row, person, lang) for index, item in enumerate(plan.items)
                 for number, person in enumerate(item.people)
                 if person.delegate_id is None and (index, number) not in self.people]
        notes += [t("cli.agenda.warning", lang, row=w.row, message=t(f"warning.{w.code}", lang, **w.params))
                  for w in plan.warnings]
        self.notes.clear()
        self.notes.addItems(notes or [t("agenda_import_ui.all_matched", lang)])

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

    # -- corrections -----------------------------------------------------------------------
    def choices(self) -> ProgrammeChoices:
        """What the organiser decided so far, as the core takes it."""
        return ProgrammeChoices(frozenset(self.skipped), dict(self.people))

    def _linked(self, index: int, number: int, person: Any) -> int | None:
        return self.choices().delegate(index, number, person)

    def _paint_people(self, row: int) -> None:
        """The people cell of ``row`` as it will be created; highlighted while a line matches nobody and the
        organiser has not decided."""
        item, lang = self.plan.items[row], self.lang
        names = self.delegates.names if self.delegates is not None else {}
        lines, undecided = [], []
        for number, person in enumerate(item.people):
            decided = (row, number) in self.people
            linked = self.people.get((row, number))
            lines.append(person_line(person, lang, linked=linked, name=names.get(linked or 0, ""), decided=decided))
            if not decided and person.delegate_id is None:
                undecided.append(person)
        cell = self.table.item(row, COLUMNS.index("people"))
        cell.setText("\n".join(lines))
        cell.setBackground(UNMATCHED_BRUSH if undecided else QBrush())
        cell.setToolTip("\n".join(unmatched_text(item.row, p, lang) for p in undecided) or cell.text())

    def _ticked(self, cell: QTableWidgetItem) -> None:
        if cell.column() != 0 or self.plan is None:
            return
        row = cell.row()
        if cell.checkState() == Qt.CheckState.Checked:
            self.skipped.discard(row)
        else:
            self.skipped.add(row)
        grey = self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        self.table.blockSignals(True)
        for column in range(len(COLUMNS)):
            other = self.table.item(row, column)
            other.setForeground(QBrush(grey) if row in self.skipped else QBrush())
        self.table.blockSignals(False)
        self._update_create()

    def _show_people(self, row: int) -> None:
        if self.plan is None or not 0 <= row < len(self.plan.items):
            self.people_panel.show_item(None, None, lambda _n, _p: None, None)
            return
        self.people_panel.show_item(row, self.plan.items[row], lambda n, p: self._linked(row, n, p), self.delegates)

    def _picked(self, index: int, number: int, delegate_id: int | None) -> None:
        self.people[(index, number)] = delegate_id
        self._paint_people(index)
        self.table.resizeRowToContents(index)
        self._fill_notes()
        self._update_create()

    def _update_create(self) -> None:
        count = len(chosen_items(self.plan, self.choices())) if self.plan is not None else 0
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
        station, choices = self.ctx.station, self.choices()
        self.ctx.ops.write(self, lambda db: ops.create_programme(db, event.id, plan, choices, station)) \
            .done(self._created).failed(self._create_failed).run()

    def _created(self, result: Any) -> None:
        self.busy = False
        self.result = result
        if self.on_created is not None:
            self.on_created(t("cli.agenda.programme.imported", self.lang, created=result.created, file=result.plan.file,
                              rooms=result.rooms_created, unmatched=result.unlinked))
        self.accept()

    def _create_failed(self, exc: BaseException) -> bool:
        self.busy = False
        self.summary.setStyleSheet(ERROR_STYLE)
        text = describe(exc, self.lang) if isinstance(exc, DomainError) else str(exc)
        self.summary.setText(t("agenda_import_ui.create_failed", self.lang, reason=text))
        self._update_create()
        return isinstance(exc, DomainError)
