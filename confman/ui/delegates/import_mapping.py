"""Import step 3: map each sheet's columns to fields (detected header row, first rows, remembered mapping)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from confman.i18n import t
from confman.messages import describe
from confman.ui.delegates import import_ops as ops
from confman.ui.delegates.import_common import (
    ERROR_STYLE,
    PAGE_MAPPING,
    PREVIEW_ROWS,
    SheetState,
    label,
    step_title,
)
from confman.ui.delegates.import_ops import FIELDS, column_letter, warning_text

if TYPE_CHECKING:
    from confman.ui.delegates.import_wizard import ImportWizard


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.sheet_combo = QComboBox()
        self.sheet_combo.setObjectName("mappingSheet")
        self.sheet_combo.currentIndexChanged.connect(self._show_sheet)
        self.header_label = label()
        self.header_label.setObjectName("mappingHeaderRow")
        self.notes = label()
        self.notes.setObjectName("mappingNotes")
        self.table = QTableWidget()
        self.table.setObjectName("mappingTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.error = label()
        self.error.setStyleSheet(ERROR_STYLE)
        top = QHBoxLayout()
        self.sheet_label = QLabel()
        top.addWidget(self.sheet_label)
        top.addWidget(self.sheet_combo, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.header_label)
        layout.addWidget(self.notes)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        self.combos: list[QComboBox] = []
        self.loading = False

    def retranslate(self, lang: str) -> None:
        self.setTitle(step_title(PAGE_MAPPING, lang))
        self.setSubTitle(t("import_ui.wizard.mapping.subtitle", lang))
        self.sheet_label.setText(t("import_ui.wizard.mapping.sheet", lang))

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        """Parse the chosen sheets in an op (a big workbook takes seconds), then show the first."""
        todo = [s for s in self.w.sheets if s.parsed is None and not s.error]
        self.loading = bool(todo)
        self.completeChanged.emit()
        if not todo:
            self._show_sheets()
            return
        self.header_label.setText(t("ops.loading", self.w.lang))
        chosen, cache = [(s.path, s.sheet) for s in todo], self.w.sheet_cache
        self.w.ctx.ops.read(self, lambda db: ops.read_sheets(db, chosen, PREVIEW_ROWS, cache)).latest("read") \
            .done(lambda readings: self._read(todo, readings)).run()

    def _read(self, states: list[SheetState], readings: list[ops.SheetReading]) -> None:
        for state, reading in zip(states, readings, strict=True):
            if reading.error is not None or reading.parsed is None:
                state.error = describe(reading.error, self.w.lang) if reading.error else ""
                continue
            state.parsed = reading.parsed
            state.mapping = dict(reading.parsed.columns)
            state.remembered = reading.remembered
            state.preview = reading.preview
        self.loading = False
        self._show_sheets()

    def show_error_text(self, text: str) -> None:
        self.loading = False
        self.error.setText(text)

    def _show_sheets(self) -> None:
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        for state in self.w.sheets:
            self.sheet_combo.addItem(state.title)
        self.sheet_combo.blockSignals(False)
        self._show_sheet(0)
        self.completeChanged.emit()

    def current(self) -> SheetState | None:
        index = self.sheet_combo.currentIndex()
        return self.w.sheets[index] if 0 <= index < len(self.w.sheets) else None

    def _show_sheet(self, _index: int) -> None:
        lang = self.w.lang
        state = self.current()
        self.table.clear()
        self.combos = []
        if state is None:
            return
        if state.parsed is None:
            self.header_label.setText("")
            self.notes.setText("")
            self.error.setText(state.error)
            self.table.setRowCount(0)
            self.table.setColumnCount(0)
            return
        self.error.setText(self._mapping_problem(state))
        parsed = state.parsed
        self.header_label.setText(
            t("import_ui.wizard.mapping.header_row", lang, row=parsed.header_row or "?",
              rows=parsed.rows_read, skipped=parsed.skipped)
        )  # fmt: skip
        self._update_notes(state)
        preview = state.preview
        width = max(preview.columns if preview else 0, len(parsed.header_texts),
                    max(state.mapping.values(), default=-1) + 1 if state.mapping else 0)  # fmt: skip
        rows = preview.rows if preview else []
        self.table.setColumnCount(width)
        self.table.setRowCount(len(rows) + 1)
        self.table.setHorizontalHeaderLabels([column_letter(c) for c in range(width)])
        first = preview.first_row if preview else 1
        self.table.setVerticalHeaderLabels(
            [t("import_ui.wizard.mapping.field_row", lang)] + [str(first + i) for i in range(len(rows))]
        )
        by_column = {col: fld for fld, col in (state.mapping or {}).items()}
        for col in range(width):
            combo = QComboBox()
            combo.setObjectName(f"mappingColumn{col}")
            combo.addItem(t("import_ui.wizard.mapping.ignore", lang), "")
            for fld in FIELDS:
                combo.addItem(t(f"import.field.{fld}", lang), fld)
            combo.setCurrentIndex(max(0, combo.findData(by_column.get(col, ""))))
            combo.currentIndexChanged.connect(lambda _i, c=col: self._column_changed(c))
            self.table.setCellWidget(0, col, combo)
            self.combos.append(combo)
        bold = QFont()
        bold.setBold(True)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                item = QTableWidgetItem(value.replace("\n", " ⏎ "))
                if parsed.header_row is not None and first + r - 1 == parsed.header_row:
                    item.setFont(bold)
                self.table.setItem(r, c, item)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.resizeColumnsToContents()
        for c in range(width):
            self.table.setColumnWidth(c, min(max(self.table.columnWidth(c), 130), 260))

    def _update_notes(self, state: SheetState) -> None:
        lang = self.w.lang
        parsed = state.parsed
        assert parsed is not None
        notes = [t("import_ui.wizard.mapping.remembered", lang)] if state.remembered else []
        notes += [warning_text(w, lang) for w in parsed.warnings if w.code != "import.columns_ignored"]
        mapped = set((state.mapping or {}).values())
        ignored = [h for c, h in enumerate(parsed.header_texts) if h and c not in mapped]
        if ignored:  # recomputed: the user may have mapped the columns the parser left out
            notes.append(t("warning.import.columns_ignored", lang, names=", ".join(ignored)))
        self.notes.setText("\n".join(notes))

    def set_column(self, column: int, field: str) -> None:
        """Map ``column`` (0-based) of the shown sheet to ``field`` (``""``: ignore), as the combo does."""
        combo = self.combos[column]
        combo.setCurrentIndex(combo.findData(field))

    def _column_changed(self, column: int) -> None:
        state = self.current()
        if state is None or state.mapping is None:
            return
        field = self.combos[column].currentData()
        mapping = {f: c for f, c in state.mapping.items() if c != column and (not field or f != field)}
        if field:
            mapping[field] = column
        state.mapping = mapping
        for col, combo in enumerate(self.combos):  # a field maps to one column: clear its old one
            if col != column and field and combo.currentData() == field:
                combo.blockSignals(True)
                combo.setCurrentIndex(0)
                combo.blockSignals(False)
        self.error.setText(self._mapping_problem(state))
        self._update_notes(state)
        self.completeChanged.emit()

    def _mapping_problem(self, state: SheetState) -> str:
        mapping = state.mapping or {}
        if state.parsed is not None and not ({"full_name", "given_name", "family_name"} & set(mapping)):
            return t("import_ui.wizard.mapping.no_name", self.w.lang, sheet=state.title)
        return ""

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        if self.loading:
            return False
        usable = [s for s in self.w.sheets if s.parsed is not None]
        return bool(usable) and all(not self._mapping_problem(s) for s in usable)
