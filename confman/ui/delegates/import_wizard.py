"""The delegate-list import wizard, and the import/export buttons of the delegates page.

Steps: files → sheets (all non-empty ones ticked) → column mapping per sheet (detected header
row, first rows, remembered mapping pre-applied) → dry run (N new / merged / possible
duplicates / rejected, rejected rows saved as .xlsx) → review of possible duplicate groups side
by side (merge / keep both / skip) → import on the database worker with progress and Cancel
→ result. Nothing is written before the last step; the import is one transaction after a backup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from confman.core.errors import DomainError
from confman.core.registration.exporting import export_delegates
from confman.core.registration.importing import (
    FIELDS,
    SUPPORTED_EXTENSIONS,
    ParsedSheet,
    SheetInfo,
    list_sheets,
)
from confman.core.registration.importing.apply import ImportResult, apply_plan, backup_to
from confman.core.registration.importing.mappings import parse_with_memory, remembered_mapping
from confman.core.registration.importing.parse import column_letter, parse_file
from confman.core.registration.importing.plan import Decision, DuplicateGroup, ImportPlan, build_plan
from confman.core.registration.importing.preview import SheetPreview, sheet_preview
from confman.i18n import t
from confman.import_report import rejection_reason, row_warnings, warning_text, write_rejections_xlsx
from confman.messages import describe
from confman.ui.context import UiContext
from confman.ui.tasks import CancelToken

PAGE_FILES, PAGE_SHEETS, PAGE_MAPPING, PAGE_DRY_RUN, PAGE_REVIEW, PAGE_IMPORT = range(6)
PREVIEW_ROWS = 8
REVIEW_FIELDS = ("full_name", "position", "organization", "phone", "email", "delegation", "notes")
_ERROR_STYLE = "color: #B3261E;"
_DIFF_BRUSH = QBrush(QColor("#FFF3C4"))


def _error_text(exc: BaseException, lang: str) -> str:
    if isinstance(exc, DomainError):
        return describe(exc, lang)
    return t("import_ui.wizard.unexpected", lang, detail=str(exc))


def _label(text: str = "", *, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


@dataclass(slots=True)
class SheetState:
    """One chosen sheet as the mapping step knows it."""

    path: Path
    sheet: str
    parsed: ParsedSheet | None = None
    error: str = ""
    mapping: dict[str, int] | None = None
    remembered: bool = False
    preview: SheetPreview | None = None

    @property
    def title(self) -> str:
        return f"{self.path.name} — {self.sheet}"


# ---------------------------------------------------------------------------------- step 1


class FilesPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.list = QListWidget()
        self.list.setObjectName("importFiles")
        self.add_button = QPushButton()
        self.add_button.setObjectName("importAddFiles")
        self.add_button.clicked.connect(self.choose_files)
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self.remove_selected)
        self.hint = _label()
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

    def retranslate(self, lang: str) -> None:
        self.setTitle(t("import_ui.wizard.files.title", lang))
        self.setSubTitle(t("import_ui.wizard.files.subtitle", lang))
        self.add_button.setText(t("import_ui.wizard.files.add", lang))
        self.remove_button.setText(t("import_ui.wizard.files.remove", lang))
        self.hint.setText(t("import_ui.wizard.files.hint", lang))

    def choose_files(self) -> None:
        patterns = " ".join(f"*{ext}" for ext in sorted(SUPPORTED_EXTENSIONS))
        paths, _ = QFileDialog.getOpenFileNames(
            self, t("import_ui.wizard.files.add", self.w.lang), "",
            f"{t('import_ui.wizard.files.filter', self.w.lang)} ({patterns})",
        )  # fmt: skip
        self.add_files([Path(p) for p in paths])

    def add_files(self, paths: Sequence[Path]) -> None:
        for path in paths:
            path = Path(path)
            if path not in self.w.files:
                self.w.files.append(path)
                item = QListWidgetItem(f"{path.name}    ({path.parent})")
                item.setData(Qt.ItemDataRole.UserRole, str(path))
                self.list.addItem(item)
        self.completeChanged.emit()

    def remove_selected(self) -> None:
        for item in self.list.selectedItems():
            self.w.files.remove(Path(item.data(Qt.ItemDataRole.UserRole)))
            self.list.takeItem(self.list.row(item))
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return bool(self.w.files)


# ---------------------------------------------------------------------------------- step 2


class SheetsPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.tree = QTreeWidget()
        self.tree.setObjectName("importSheets")
        self.tree.setColumnCount(2)
        self.tree.itemChanged.connect(lambda *_: self.completeChanged.emit())
        self.errors = _label()
        self.errors.setStyleSheet(_ERROR_STYLE)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.errors)

    def retranslate(self, lang: str) -> None:
        self.setTitle(t("import_ui.wizard.sheets.title", lang))
        self.setSubTitle(t("import_ui.wizard.sheets.subtitle", lang))
        self.tree.setHeaderLabels([t("import_ui.wizard.sheets.sheet", lang), t("import_ui.wizard.sheets.rows", lang)])

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        self.tree.blockSignals(True)
        self.tree.clear()
        errors = []
        for path in self.w.files:
            try:
                sheets: list[SheetInfo] = list_sheets(path)
            except DomainError as exc:
                errors.append(describe(exc, self.w.lang))
                continue
            top = QTreeWidgetItem([path.name, ""])
            top.setFlags(top.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)
            self.tree.addTopLevelItem(top)
            for info in sheets:
                rows = t("import_ui.wizard.sheets.row_count", self.w.lang, rows=info.rows)
                if info.hidden:
                    rows += " · " + t("import_ui.wizard.sheets.hidden", self.w.lang)
                item = QTreeWidgetItem([info.name, rows])
                item.setData(0, Qt.ItemDataRole.UserRole, (str(path), info.name))
                checked = info.non_empty and not info.hidden
                item.setCheckState(0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                if not info.non_empty:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                top.addChild(item)
            top.setExpanded(True)
        self.tree.resizeColumnToContents(0)
        self.tree.blockSignals(False)
        self.errors.setText("\n".join(errors))
        self.completeChanged.emit()

    def chosen(self) -> list[tuple[Path, str]]:
        found = []
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            for j in range(top.childCount()):
                item = top.child(j)
                if item.checkState(0) == Qt.CheckState.Checked:
                    path, sheet = item.data(0, Qt.ItemDataRole.UserRole)
                    found.append((Path(path), sheet))
        return found

    def set_checked(self, sheet: str, checked: bool) -> None:
        """Tick or untick ``sheet`` (any file), as a click would."""
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            for j in range(top.childCount()):
                if top.child(j).text(0) == sheet:
                    top.child(j).setCheckState(0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return bool(self.chosen())

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        self.w.sheets = [SheetState(path, sheet) for path, sheet in self.chosen()]
        return True


# ---------------------------------------------------------------------------------- step 3


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.sheet_combo = QComboBox()
        self.sheet_combo.setObjectName("mappingSheet")
        self.sheet_combo.currentIndexChanged.connect(self._show_sheet)
        self.header_label = _label()
        self.header_label.setObjectName("mappingHeaderRow")
        self.notes = _label()
        self.notes.setObjectName("mappingNotes")
        self.table = QTableWidget()
        self.table.setObjectName("mappingTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.error = _label()
        self.error.setStyleSheet(_ERROR_STYLE)
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

    def retranslate(self, lang: str) -> None:
        self.setTitle(t("import_ui.wizard.mapping.title", lang))
        self.setSubTitle(t("import_ui.wizard.mapping.subtitle", lang))
        self.sheet_label.setText(t("import_ui.wizard.mapping.sheet", lang))

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        db = self.w.ctx.db
        for state in self.w.sheets:
            if state.parsed is not None or state.error:
                continue
            try:
                (state.parsed,) = parse_with_memory(db, state.path, sheet=state.sheet)
            except DomainError as exc:
                state.error = describe(exc, self.w.lang)
                continue
            state.mapping = dict(state.parsed.columns)
            state.remembered = remembered_mapping(db, state.parsed.header_signature) == state.parsed.columns
            try:
                state.preview = sheet_preview(state.path, state.sheet, header_row=state.parsed.header_row,
                                              limit=PREVIEW_ROWS)  # fmt: skip
            except DomainError:
                state.preview = None
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
        usable = [s for s in self.w.sheets if s.parsed is not None]
        return bool(usable) and all(not self._mapping_problem(s) for s in usable)


# ---------------------------------------------------------------------------------- step 4


class DryRunPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.summary = _label()
        self.summary.setObjectName("dryRunSummary")
        font = self.summary.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.summary.setFont(font)
        self.warnings = _label()
        self.rejected_label = QLabel()
        self.rejected = QTableWidget()
        self.rejected.setObjectName("rejectedRows")
        self.rejected.setColumnCount(4)
        self.rejected.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rejected.horizontalHeader().setStretchLastSection(True)
        self.rejected.verticalHeader().setVisible(False)
        self.save_button = QPushButton()
        self.save_button.setObjectName("saveRejected")
        self.save_button.clicked.connect(self.choose_report_path)
        self.status = _label()
        save_row = QHBoxLayout()
        save_row.addWidget(self.rejected_label, 1)
        save_row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.warnings)
        layout.addLayout(save_row)
        layout.addWidget(self.rejected, 1)
        layout.addWidget(self.status)
        self._ready = False

    def retranslate(self, lang: str) -> None:
        self.setTitle(t("import_ui.wizard.dry_run.title", lang))
        self.setSubTitle(t("import_ui.wizard.dry_run.subtitle", lang))
        self.save_button.setText(t("import_ui.wizard.dry_run.save_rejected", lang))
        self.rejected.setHorizontalHeaderLabels([
            t("import_ui.report.file", lang), t("import_ui.report.sheet_name", lang),
            t("import_ui.report.row", lang), t("import_ui.report.reason", lang),
        ])  # fmt: skip

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        self._ready = False
        self.w.plan = None
        self.summary.setText(t("import_ui.wizard.dry_run.working", self.w.lang))
        self.completeChanged.emit()
        ctx = self.w.ctx
        event = ctx.event
        sheets = [(s.path, s.sheet, s.parsed, s.mapping) for s in self.w.sheets if s.parsed is not None]

        def job() -> ImportPlan:
            parsed = []
            for path, sheet, detected, mapping in sheets:
                if mapping is not None and mapping != detected.columns:
                    (detected,) = parse_file(path, sheet=sheet, mapping=mapping)
                parsed.append(detected)
            return build_plan(ctx.db, event.id, parsed)

        ctx.tasks.run(job, on_done=self._planned, on_error=self._failed)

    def _planned(self, plan: ImportPlan) -> None:
        lang = self.w.lang
        self.w.plan = plan
        self.w.decisions = {g.id: Decision.KEEP.value for g in plan.groups}
        self.summary.setText(t("import_ui.wizard.dry_run.summary", lang, read=plan.rows_read, new=plan.new,
                               merged=plan.merged, possible=plan.possible, rejected=len(plan.rejected)))  # fmt: skip
        warnings = [warning_text(w, lang) for s in plan.sheets for w in s.warnings] + [
            warning_text(w, lang) for w in plan.warnings
        ]
        by_row = [text for _row, text in row_warnings([p.row for p in plan.rows], lang)]
        warnings += by_row[:20] + (["…"] if len(by_row) > 20 else [])
        self.warnings.setText("\n".join(f"• {w}" for w in dict.fromkeys(warnings)))
        rejected = plan.rejected
        self.rejected_label.setText(t("import_ui.wizard.dry_run.rejected", lang, count=len(rejected)))
        self.rejected.setRowCount(len(rejected))
        for r, rej in enumerate(rejected):
            for c, value in enumerate((Path(rej.file).name, rej.sheet, str(rej.row), rejection_reason(rej, lang))):
                self.rejected.setItem(r, c, QTableWidgetItem(value))
        self.rejected.resizeColumnsToContents()
        self.save_button.setEnabled(bool(rejected))
        self.rejected.setVisible(bool(rejected))
        self._ready = plan.new + plan.merged + plan.possible > 0
        if not self._ready:
            self.status.setText(t("import_ui.wizard.dry_run.nothing", lang))
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        self.summary.setText(_error_text(exc, self.w.lang))
        self.summary.setStyleSheet(_ERROR_STYLE)

    def choose_report_path(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, t("import_ui.wizard.dry_run.save_rejected", self.w.lang),
            t("import_ui.wizard.dry_run.report_name", self.w.lang), "Excel (*.xlsx)",
        )  # fmt: skip
        if path:
            self.save_report(Path(path))

    def save_report(self, path: Path) -> None:
        """Write the rejected rows to ``path`` (.xlsx) for the sending unit."""
        if self.w.plan is None:
            return
        if path.suffix.lower() != ".xlsx":
            path = path.with_suffix(".xlsx")
        try:
            write_rejections_xlsx(path, self.w.plan.rejected, self.w.lang,
                                  flagged=[r.row for r in self.w.plan.flagged])
        except DomainError as exc:
            self.status.setText(describe(exc, self.w.lang))
            return
        self.status.setText(t("import_ui.wizard.dry_run.saved", self.w.lang, path=str(path)))

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return self._ready

    def nextId(self) -> int:  # noqa: N802 - Qt override
        return PAGE_REVIEW if self.w.plan is not None and self.w.plan.groups else PAGE_IMPORT


# ---------------------------------------------------------------------------------- step 5


class ReviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.intro = _label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.scroll, 1)
        self.buttons: dict[int, QButtonGroup] = {}

    def retranslate(self, lang: str) -> None:
        self.setTitle(t("import_ui.wizard.review.title", lang))
        self.setSubTitle(t("import_ui.wizard.review.subtitle", lang))

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        plan = self.w.plan
        lang = self.w.lang
        body = QWidget()
        layout = QVBoxLayout(body)
        self.buttons = {}
        groups = plan.groups if plan is not None else ()
        self.intro.setText(t("import_ui.wizard.review.intro", lang, count=len(groups)))
        for group in groups:
            layout.addWidget(self._group_box(group))
        layout.addStretch(1)
        self.scroll.setWidget(body)

    def _columns(self, group: DuplicateGroup) -> list[tuple[str, dict[str, str]]]:
        plan = self.w.plan
        assert plan is not None
        lang = self.w.lang
        columns: list[tuple[str, dict[str, str]]] = []
        if group.existing is not None:
            e = group.existing
            columns.append((t("import_ui.wizard.review.existing", lang), {
                "full_name": e.full_name, "position": e.position, "organization": e.organization,
                "phone": e.phone, "email": e.email, "delegation": e.delegation, "notes": e.notes,
            }))  # fmt: skip
        indexes = ([group.anchor_row] if group.anchor_row is not None else []) + list(group.rows)
        for index in indexes:
            row = plan.rows[index].row
            title = t("import_ui.wizard.review.file_row", lang, file=Path(row.file).name, row=row.excel_row)
            columns.append((title, {f: getattr(row, f) for f in REVIEW_FIELDS}))
        return columns

    def _group_box(self, group: DuplicateGroup) -> QGroupBox:
        lang = self.w.lang
        reasons = ", ".join(t(f"import_ui.reason.{r}", lang) for r in sorted(group.reasons))
        box = QGroupBox(t("import_ui.wizard.review.group", lang, number=group.id, reasons=reasons))
        box.setObjectName(f"duplicateGroup{group.id}")
        columns = self._columns(group)
        table = QTableWidget(len(REVIEW_FIELDS), len(columns))
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setHorizontalHeaderLabels([title for title, _ in columns])
        table.setVerticalHeaderLabels([t(f"import.field.{f}", lang) for f in REVIEW_FIELDS])
        for c, (_title, values) in enumerate(columns):
            for r, fld in enumerate(REVIEW_FIELDS):
                item = QTableWidgetItem(values.get(fld, "").replace("\n", " ⏎ "))
                if c > 0 and values.get(fld, "") != columns[0][1].get(fld, ""):
                    item.setBackground(_DIFF_BRUSH)
                table.setItem(r, c, item)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.setFixedHeight(table.verticalHeader().length() + table.horizontalHeader().height() + 6)
        choice = QButtonGroup(box)
        row = QHBoxLayout()
        for key in (Decision.MERGE, Decision.KEEP, Decision.SKIP):
            radio = QRadioButton(t(f"import_ui.wizard.review.{key.value}", lang))
            radio.setObjectName(f"group{group.id}_{key.value}")
            radio.setProperty("decision", key.value)
            choice.addButton(radio)
            row.addWidget(radio)
            radio.setChecked(self.w.decisions.get(group.id, Decision.KEEP.value) == key.value)
        row.addStretch(1)
        choice.buttonToggled.connect(
            lambda button, on, gid=group.id: on and self.w.decisions.__setitem__(gid, button.property("decision"))
        )
        self.buttons[group.id] = choice
        layout = QVBoxLayout(box)
        layout.addWidget(table)
        layout.addLayout(row)
        return box

    def decide(self, group_id: int, decision: str) -> None:
        """Choose ``decision`` for a group, as clicking its radio button does."""
        for button in self.buttons[group_id].buttons():
            if button.property("decision") == decision:
                button.setChecked(True)


# ---------------------------------------------------------------------------------- step 6


class ImportPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.progress = QProgressBar()
        self.progress.setObjectName("importProgress")
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("cancelImport")
        self.cancel_button.clicked.connect(self.cancel)
        self.status = _label()
        self.status.setObjectName("importResult")
        self.details = QListWidget()
        self.details.setObjectName("importDetails")
        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(self.details, 1)
        self.setFinalPage(True)
        self.token: CancelToken | None = None
        self.running = False
        self.finished = False

    def retranslate(self, lang: str) -> None:
        self.setTitle(t("import_ui.wizard.import.title", lang))
        self.setSubTitle(t("import_ui.wizard.import.subtitle", lang))
        self.cancel_button.setText(t("import_ui.wizard.import.cancel", lang))

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        plan = self.w.plan
        ctx = self.w.ctx
        if plan is None or ctx.event is None:
            return
        self.finished = False
        self.running = True
        self.token = CancelToken()
        self.cancel_button.setEnabled(True)
        self.details.clear()
        self.status.setStyleSheet("")
        self.status.setText(t("import_ui.wizard.import.working", self.w.lang))
        self.progress.setRange(0, max(1, len(plan.rows) + 2))
        self.progress.setValue(0)
        self.completeChanged.emit()
        decisions = dict(self.w.decisions)
        event_id = ctx.event.id
        folder = ctx.settings.backups_path

        def job(progress: Callable[[int, int], None], cancel: CancelToken) -> ImportResult:
            return apply_plan(ctx.db, plan, event_id=event_id, decisions=decisions, backup=backup_to(folder),
                              progress=progress, cancelled=cancel, station=ctx.station)  # fmt: skip

        ctx.tasks.run(job, with_progress=True, cancel=self.token, on_progress=self._progressed,
                      on_done=self._done, on_error=self._failed)  # fmt: skip

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)

    def cancel(self) -> None:
        if self.token is not None and self.running:
            self.token.cancel()
            self.cancel_button.setEnabled(False)
            self.status.setText(t("import_ui.wizard.import.cancelling", self.w.lang))

    def _done(self, result: ImportResult) -> None:
        lang = self.w.lang
        self.running = False
        self.finished = True
        self.w.result = result
        self.cancel_button.setEnabled(False)
        self.progress.setValue(self.progress.maximum())
        self.status.setText(t("import_ui.wizard.import.done", lang, imported=result.imported, merged=result.merged,
                              skipped=result.skipped, rejected=result.rejected,
                              possible=result.possible_duplicates))  # fmt: skip
        if result.backup is not None:
            self.details.addItem(t("import_ui.wizard.import.backup", lang, path=str(result.backup)))
        for c in result.conflicts[:200]:
            self.details.addItem(t("import_ui.wizard.import.conflict", lang, name=c.full_name,
                                   file=Path(c.file).name, row=c.row, field=t(f"import.field.{c.conflict.field}", lang),
                                   existing=c.conflict.existing, incoming=c.conflict.incoming))  # fmt: skip
        self.w.ctx.notify(result.changes)
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        self.finished = True
        self.cancel_button.setEnabled(False)
        self.status.setStyleSheet(_ERROR_STYLE)
        cancelled = isinstance(exc, DomainError) and exc.code == "import_ui.cancelled"
        self.status.setText(_error_text(exc, self.w.lang) if cancelled else
                            t("import_ui.wizard.import.failed", self.w.lang, reason=_error_text(exc, self.w.lang)))
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return self.finished


# ---------------------------------------------------------------------------------- the wizard


class ImportWizard(QWizard):
    """Import delegate lists into the current event (``ctx.event``)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importWizard")
        self.ctx = ctx
        self.files: list[Path] = []
        self.sheets: list[SheetState] = []
        self.plan: ImportPlan | None = None
        self.decisions: dict[int, str] = {}
        self.result: ImportResult | None = None
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.files_page = FilesPage(self)
        self.sheets_page = SheetsPage(self)
        self.mapping_page = MappingPage(self)
        self.dry_run_page = DryRunPage(self)
        self.review_page = ReviewPage(self)
        self.import_page = ImportPage(self)
        for page_id, page in enumerate((self.files_page, self.sheets_page, self.mapping_page, self.dry_run_page,
                                        self.review_page, self.import_page)):
            self.setPage(page_id, page)
        self.resize(980, 680)
        self.retranslate()
        ctx.language_changed.connect(lambda _lang: self.retranslate())

    @property
    def lang(self) -> str:
        return self.ctx.language

    def retranslate(self) -> None:
        lang = self.lang
        event = self.ctx.event
        self.setWindowTitle(t("import_ui.wizard.title", lang, event=event.name_vi if event else ""))
        for page in (self.files_page, self.sheets_page, self.mapping_page, self.dry_run_page, self.review_page,
                     self.import_page):
            page.retranslate(lang)
        self.setButtonText(QWizard.WizardButton.NextButton, t("import_ui.wizard.next", lang))
        self.setButtonText(QWizard.WizardButton.BackButton, t("import_ui.wizard.back", lang))
        self.setButtonText(QWizard.WizardButton.FinishButton, t("import_ui.wizard.finish", lang))
        self.setButtonText(QWizard.WizardButton.CancelButton, t("import_ui.wizard.close", lang))

    def add_files(self, paths: Sequence[Path | str]) -> None:
        """Choose files without the file dialog (tests, drag and drop)."""
        self.files_page.add_files([Path(p) for p in paths])

    def reject(self) -> None:
        if self.import_page.running:  # closing while importing cancels (and rolls back) first
            self.import_page.cancel()
            return
        super().reject()


# ---------------------------------------------------------------------------------- page hook


def _export(page: Any, suffix: str) -> None:
    ctx: UiContext = page.ctx
    if ctx.event is None:
        return
    lang = ctx.language
    name = t("import_ui.export.file_name", lang, code=ctx.event.code) + suffix
    path, _ = QFileDialog.getSaveFileName(page, t("import_ui.export.title", lang), name,
                                          "Excel (*.xlsx)" if suffix == ".xlsx" else "CSV (*.csv)")  # fmt: skip
    if path:
        export_current(page, Path(path))


def export_current(page: Any, path: Path) -> None:
    """Export the page's current search and filter to ``path`` on the database worker."""
    ctx: UiContext = page.ctx
    if ctx.event is None:
        return
    event_id, lang = ctx.event.id, ctx.language
    query = page.search.text() if hasattr(page, "search") else ""
    filters = page.filters() if hasattr(page, "filters") else None
    show = getattr(page, "_show_message", None)

    def done(result: Any) -> None:
        if show is not None:
            show(t("import_ui.export.done", lang, count=result.rows, path=str(result.path)))

    def failed(exc: BaseException) -> None:
        if show is not None:
            show(_error_text(exc, lang), error=True)

    ctx.tasks.run(lambda: export_delegates(ctx.db, event_id, path, query=query, filters=filters, lang=lang),
                  on_done=done, on_error=failed)  # fmt: skip


def open_import_wizard(page: Any) -> ImportWizard | None:
    ctx: UiContext = page.ctx
    if ctx.event is None:
        return None
    wizard = ImportWizard(ctx, page)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    page.import_wizard = wizard
    wizard.open()
    return wizard


def import_export_buttons(page: Any) -> list[QWidget]:
    """The "Import…" button and the "Export" menu button for the delegates page."""
    ctx: UiContext = page.ctx
    import_button = QPushButton()
    import_button.setObjectName("importDelegates")
    import_button.clicked.connect(lambda: open_import_wizard(page))
    export_button = QToolButton()
    export_button.setObjectName("exportDelegates")
    export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    menu = QMenu(export_button)
    xlsx = menu.addAction("")
    xlsx.triggered.connect(lambda: _export(page, ".xlsx"))
    csv = menu.addAction("")
    csv.triggered.connect(lambda: _export(page, ".csv"))
    menu.addSeparator()
    printed = menu.addAction("")  # the printed delegate list (Reports page) with this search and filter
    printed.setObjectName("printDelegateList")
    printed.triggered.connect(lambda: page.delegate_list_requested.emit(page.search.text(), page.filters()))
    export_button.setMenu(menu)

    def retranslate() -> None:
        lang = ctx.language
        import_button.setText(t("import_ui.button.import", lang))
        import_button.setToolTip(t("import_ui.button.import_tip", lang))
        export_button.setText(t("import_ui.button.export", lang))
        export_button.setToolTip(t("import_ui.button.export_tip", lang))
        xlsx.setText(t("import_ui.button.export_xlsx", lang))
        csv.setText(t("import_ui.button.export_csv", lang))
        printed.setText(t("import_ui.button.print_list", lang))

    retranslate()
    ctx.language_changed.connect(lambda _lang: retranslate())
    return [import_button, export_button]


__all__ = ["ImportWizard", "export_current", "import_export_buttons", "open_import_wizard"]
