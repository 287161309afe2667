"""The Units tab (tracker): invited units, who answered, who to chase; forms out, manual entry, due date."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from confman.i18n import t
from confman.ui.context import UiContext
from confman.ui.survey import ops
from confman.ui.survey.english_question import EnglishQuestion
from confman.ui.survey.ops import OrganizationRow, SurveyStatus, UnitRow

COLUMNS = ("unit", "type", "state", "version", "contact", "phone")


class UnitsTab(QWidget):
    def __init__(self, ctx: UiContext, error_text: Callable[[str], None], said: Callable[[str], None],
                 open_entry: Callable[[UnitRow], object], edit_questions: Callable[[], object] = lambda: None) -> None:
        super().__init__()
        self.ctx = ctx
        self._error_text, self._said, self._open_entry = error_text, said, open_entry
        self._edit_questions = edit_questions
        self.status: SurveyStatus | None = None
        self.shown: list[UnitRow] = []
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setObjectName("surveySummary")
        self.summary.setStyleSheet("font-weight:600;")
        self.filter = QComboBox()
        for key in ("all", "pending", "responded"):
            self.filter.addItem("", key)
        self.filter.currentIndexChanged.connect(self._fill)
        self.due_check = QCheckBox()
        self.due = QDateEdit()
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("dd/MM/yyyy")
        self.due_check.toggled.connect(self._due_changed)
        self.due.dateChanged.connect(lambda _d: self._due_changed(self.due_check.isChecked()))
        self.code = QLineEdit()
        self.code.setObjectName("surveyCode")
        self.code.setMaximumWidth(230)
        self.code.returnPressed.connect(self.open_code)
        top.addWidget(self.summary, 1)
        top.addWidget(self.filter)
        top.addWidget(self.due_check)
        top.addWidget(self.due)
        top.addWidget(self.code)
        layout.addLayout(top)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.enter_answers())
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.entry_button, self.xlsx_button, self.pdf_button = QPushButton(), QPushButton(), QPushButton()
        self.export_button, self.add_button, self.remove_button = QPushButton(), QPushButton(), QPushButton()
        for button in (self.entry_button, self.xlsx_button, self.pdf_button, self.export_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        layout.addLayout(buttons)
        self.entry_button.clicked.connect(self.enter_answers)
        self.xlsx_button.clicked.connect(lambda: self.write_forms(pdf=False))
        self.pdf_button.clicked.connect(lambda: self.write_forms(pdf=True))
        self.export_button.clicked.connect(self.export_list)
        self.add_button.clicked.connect(self.add_unit)
        self.remove_button.clicked.connect(self.remove_units)
        self.retranslate()

    def retranslate(self) -> None:
        lang = self.ctx.language
        for i, key in enumerate(("all", "pending", "responded")):
            self.filter.setItemText(i, t(f"survey.ui.filter.{key}", lang))
        self.table.setHorizontalHeaderLabels([t(f"survey.ui.col.{c}", lang) for c in COLUMNS])
        self.due_check.setText(t("survey.ui.due", lang))
        self.code.setPlaceholderText(t("survey.ui.code_hint", lang))
        self.entry_button.setText(t("survey.ui.enter", lang))
        self.xlsx_button.setText(t("survey.ui.forms_xlsx", lang))
        self.pdf_button.setText(t("survey.ui.forms_pdf", lang))
        self.export_button.setText(t("survey.ui.export_list", lang))
        self.add_button.setText(t("survey.ui.add_unit", lang))
        self.remove_button.setText(t("survey.ui.remove_unit", lang))
        if self.status is not None:
            self.set_status(self.status)

    def set_status(self, status: SurveyStatus) -> None:
        lang = self.ctx.language
        self.status = status
        due = f"{status.due_date:%d/%m/%Y}" if status.due_date else "—"
        self.summary.setText(t("survey.ui.summary", lang, responded=status.responded, invited=status.invited, due=due))
        for widget in (self.due_check, self.due):
            widget.blockSignals(True)
        self.due_check.setChecked(status.due_date is not None)
        self.due.setEnabled(status.due_date is not None)
        day = status.due_date or date.today()
        self.due.setDate(QDate(day.year, day.month, day.day))
        for widget in (self.due_check, self.due):
            widget.blockSignals(False)
        self._fill()

    def _fill(self) -> None:
        if self.status is None:
            return
        lang = self.ctx.language
        wanted = self.filter.currentData()
        self.shown = [u for u in self.status.units
                      if wanted == "all" or (wanted == "pending") != u.responded]
        self.table.setRowCount(len(self.shown))
        for r, unit in enumerate(self.shown):
            contact = unit.contacts[0] if unit.contacts else None
            values = (unit.name, t(f"survey.unit_type.{unit.type.value}", lang),
                      t("survey.status.responded" if unit.responded else "survey.status.pending", lang),
                      str(unit.version) if unit.version else "", contact.name if contact else "",
                      "; ".join(c.phone for c in unit.contacts if c.phone))
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c == 2 and not unit.responded:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

    def selected_units(self) -> list[UnitRow]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.shown[r] for r in rows if r < len(self.shown)]

    # -------------------------------------------------------------- actions

    def show_error_text(self, text: str) -> None:
        self._error_text(text)

    def _due_changed(self, checked: bool) -> None:
        if self.ctx.event is None:
            return
        self.due.setEnabled(checked)
        day = self.due.date().toPython() if checked else None
        event_id, station = self.ctx.event.id, self.ctx.station
        self.ctx.ops.write(self, lambda db: ops.set_due_date(db, event_id, day, station)).run()

    def enter_answers(self) -> None:
        units = self.selected_units()
        if units:
            self._open_entry(units[0])

    def open_code(self) -> None:
        """A scanned or typed form code (the QR of a paper form) opens that unit's entry form."""
        code = self.code.text().strip()
        if not code or self.ctx.event is None:
            return
        event_id = self.ctx.event.id

        def found(unit: UnitRow) -> None:
            self.code.clear()
            self._open_entry(unit)

        self.ctx.ops.read(self, lambda db: ops.unit_for_code(db, event_id, code)).latest("code").done(found).run()

    def _form_ids(self) -> list[int]:
        """The units whose forms go out: the selected ones, else all shown."""
        return [u.organization_id for u in (self.selected_units() or self.shown)]

    def write_forms(self, *, pdf: bool) -> None:
        """Name what the English forms would print in Vietnamese (make them anyway / edit the questions /
        cancel), then ask for the folder and write the forms."""
        if self.ctx.event is None:
            return
        lang, event_id, ids = self.ctx.language, self.ctx.event.id, self._form_ids()

        def checked(warnings: tuple[str, ...]) -> None:
            if warnings and not EnglishQuestion(self, lang, warnings).go_on_or(
                    self._edit_questions, lambda: self._said(t("survey.english.cancelled", lang))):
                return
            folder = QFileDialog.getExistingDirectory(
                self, t("survey.ui.forms_pdf" if pdf else "survey.ui.forms_xlsx", lang))
            if folder:
                self.write_forms_to(Path(folder), pdf=pdf)

        self.ctx.ops.read(self, lambda db: ops.forms_warnings(db, event_id, ids)).latest("forms_check") \
            .done(checked).run()

    def write_forms_to(self, folder: Path, *, pdf: bool) -> None:
        """The selected units' forms (all shown units when none is selected) into ``folder``."""
        if self.ctx.event is None:
            return
        lang = self.ctx.language
        ids = self._form_ids()
        self.ctx.ops.document(self, ops.write_forms, self.ctx.event.id, folder, pdf, ids) \
            .done(lambda files: self._said(t("survey.ui.forms_written", lang, count=len(files),
                                             folder=str(folder)))).run()

    def export_list(self) -> None:
        if self.ctx.event is None:
            return
        lang = self.ctx.language
        path, _ = QFileDialog.getSaveFileName(self, t("survey.ui.export_list", lang),
                                              f"{t('survey.status.sheet', lang)}.xlsx", "Excel (*.xlsx)")
        if not path:
            return
        event_id, target = self.ctx.event.id, Path(path)
        self.ctx.ops.read(self, lambda db: ops.export_status(db, event_id, target, lang)) \
            .done(lambda p: self._said(t("survey.ui.written", lang, count=1, path=str(p)))).run()

    def add_unit(self) -> None:
        if self.ctx.event is None or self.status is None:
            return
        invited = {u.organization_id for u in self.status.units}
        event_id = self.ctx.event.id
        self.ctx.ops.read(self, lambda db: ops.other_organizations(db, event_id, invited)).latest("units") \
            .done(self._choose_unit).run()

    def _choose_unit(self, orgs: list[OrganizationRow]) -> None:
        lang = self.ctx.language
        if not orgs or self.ctx.event is None:
            self._said(t("survey.ui.no_more_units", lang))
            return
        names = [o.name for o in orgs]
        name, ok = QInputDialog.getItem(self, t("survey.ui.add_unit", lang), t("survey.ui.col.unit", lang),
                                        names, 0, True)
        if ok and name in names:
            self.set_invited([orgs[names.index(name)].id], True)

    def remove_units(self) -> None:
        ids = [u.organization_id for u in self.selected_units()]
        if ids:
            self.set_invited(ids, False)

    def set_invited(self, organization_ids: list[int], invited: bool) -> None:
        if self.ctx.event is None:
            return
        event_id, station = self.ctx.event.id, self.ctx.station
        self.ctx.ops.write(self, lambda db: ops.set_invited(db, event_id, organization_ids, invited, station)).run()
