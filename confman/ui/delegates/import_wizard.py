"""The delegate-list import wizard.

Five steps, every one shown (the counter in each title is the page list's): files → sheets (all
non-empty ones ticked) → column mapping per sheet (detected header row, first rows, remembered
mapping pre-applied; ``import_mapping.py``) → review (what merges into whom field by field,
possible duplicates with a choice per pair, rejected rows, rows whose bad phone or e-mail will be
left empty or — strict — rejected; ``import_review.py``), whose button says what it does ("Nhập
412 đại biểu") → the import as a write op with progress and Cancel, then its result with one
Close button (``import_run.py``). Every step that reads a file or the database runs in an op;
nothing is written before that button, and the import is one transaction after a backup.

Each file is read once per wizard session: the wizard's ``SheetCache`` keeps the cells the sheets
step read, and the mapping, preview and dry run parse those (a file saved again since is read
again). A file taken off the list is dropped from it, and closing the wizard drops everything.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from confman.i18n import t
from confman.messages import describe
from confman.ui.context import UiContext
from confman.ui.delegates import import_ops as ops
from confman.ui.delegates.import_common import (
    ERROR_STYLE,
    PAGE_FILES,
    PAGE_IMPORT,
    PAGE_MAPPING,
    PAGE_REVIEW,
    PAGE_SHEETS,
    SheetState,
    label,
    step_title,
)
from confman.ui.delegates.import_mapping import MappingPage
from confman.ui.delegates.import_ops import SUPPORTED_EXTENSIONS, ImportPlan, ImportResult
from confman.ui.delegates.import_review import ReviewPage
from confman.ui.delegates.import_run import ImportPage
from confman.ui.widgets.fit import fit_to_screen

__all__ = ["PAGE_FILES", "PAGE_IMPORT", "PAGE_MAPPING", "PAGE_REVIEW", "PAGE_SHEETS",
           "ImportWizard", "SheetState"]


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
        self.hint = label()
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

    def retranslate(self, lang: str) -> None:
        self.setTitle(step_title(PAGE_FILES, lang))
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
            path = Path(item.data(Qt.ItemDataRole.UserRole))
            self.w.files.remove(path)
            self.w.sheet_cache.forget(path)
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
        self.errors = label()
        self.errors.setStyleSheet(ERROR_STYLE)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.errors)

    def retranslate(self, lang: str) -> None:
        self.setTitle(step_title(PAGE_SHEETS, lang))
        self.setSubTitle(t("import_ui.wizard.sheets.subtitle", lang))
        self.tree.setHeaderLabels([t("import_ui.wizard.sheets.sheet", lang), t("import_ui.wizard.sheets.rows", lang)])

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        """List the sheets of every file in an op (opening a workbook is slow), then tick the lists."""
        self.tree.clear()
        self.errors.setText(t("ops.loading", self.w.lang))
        paths, cache = list(self.w.files), self.w.sheet_cache
        self.w.ctx.ops.read(self, lambda db: ops.sheets_of(db, paths, cache)).latest("sheets") \
            .done(self._listed).run()

    def _listed(self, files: list[ops.FileSheets]) -> None:
        self.tree.blockSignals(True)
        self.tree.clear()
        errors = []
        for found in files:
            path, sheets = found.path, found.sheets
            if found.error is not None:
                errors.append(describe(found.error, self.w.lang))
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


class ImportWizard(QWizard):
    """Import delegate lists into the current event (``ctx.event``)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importWizard")
        self.ctx = ctx
        self.files: list[Path] = []
        self.sheets: list[SheetState] = []
        self.plan: ImportPlan | None = None
        self.pairs: dict[int, str] = {}  # possible-duplicate row index -> merge / keep / skip
        self.reject_flagged = False  # strict: reject rows with an invalid phone or e-mail
        self.result: ImportResult | None = None
        self.sheet_cache = ops.SheetCache()  # the cells of the chosen files, read once (dropped on close)
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)  # the result closes one way
        self.files_page = FilesPage(self)
        self.sheets_page = SheetsPage(self)
        self.mapping_page = MappingPage(self)
        self.review_page = ReviewPage(self)
        self.import_page = ImportPage(self)
        for page_id, page in enumerate((self.files_page, self.sheets_page, self.mapping_page, self.review_page,
                                        self.import_page)):
            self.setPage(page_id, page)
        fit_to_screen(self, 980, 660)
        self.retranslate()
        ctx.language_changed.connect(lambda _lang: self.retranslate())

    @property
    def lang(self) -> str:
        return self.ctx.language

    def retranslate(self) -> None:
        lang = self.lang
        event = self.ctx.event
        self.setWindowTitle(t("import_ui.wizard.title", lang, event=event.name_vi if event else ""))
        for page in (self.files_page, self.sheets_page, self.mapping_page, self.review_page, self.import_page):
            page.retranslate(lang)
        self.setButtonText(QWizard.WizardButton.NextButton, t("import_ui.wizard.next", lang))
        self.setButtonText(QWizard.WizardButton.BackButton, t("import_ui.wizard.back", lang))
        self.setButtonText(QWizard.WizardButton.FinishButton, t("import_review.close", lang))
        self.setButtonText(QWizard.WizardButton.CancelButton, t("import_ui.wizard.close", lang))

    def add_files(self, paths: Sequence[Path | str]) -> None:
        """Choose files without the file dialog (tests, drag and drop)."""
        self.files_page.add_files([Path(p) for p in paths])

    def reject(self) -> None:
        if self.import_page.running:  # closing while importing cancels (and rolls back) first
            self.import_page.cancel()
            return
        super().reject()

    def done(self, result: int) -> None:
        """Close (Finish, Close, Esc): the cells read from the files are let go."""
        self.sheet_cache.close()
        super().done(result)
