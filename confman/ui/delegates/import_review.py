"""Import steps 4 and 5: the dry run (what would happen, rejected rows to send back) and the review of
possible duplicates side by side (merge / keep both / skip)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from confman.core.errors import DomainError
from confman.i18n import t
from confman.ui.delegates import import_ops as ops
from confman.ui.delegates.import_common import ERROR_STYLE, PAGE_IMPORT, PAGE_REVIEW, error_text, label
from confman.ui.delegates.import_ops import (
    Decision,
    DuplicateGroup,
    ImportPlan,
    rejection_reason,
    row_warnings,
    warning_text,
)

if TYPE_CHECKING:
    from confman.ui.delegates.import_wizard import ImportWizard

REVIEW_FIELDS = ("full_name", "position", "organization", "phone", "email", "delegation", "notes")
_DIFF_BRUSH = QBrush(QColor("#FFF3C4"))


class DryRunPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.summary = label()
        self.summary.setObjectName("dryRunSummary")
        font = self.summary.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.summary.setFont(font)
        self.warnings = label()
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
        self.status = label()
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
        event = self.w.ctx.event
        if event is None:
            return
        sheets = [(s.path, s.sheet, s.parsed, s.mapping) for s in self.w.sheets if s.parsed is not None]
        self.w.ctx.ops.read(self, lambda db: ops.plan(db, event.id, sheets)).latest("plan") \
            .done(self._planned).failed(self._failed).run()

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
        self.save_button.setEnabled(bool(rejected) or bool(plan.flagged))
        self.rejected.setVisible(bool(rejected))
        self._ready = plan.new + plan.merged + plan.possible > 0
        if not self._ready:
            self.status.setText(t("import_ui.wizard.dry_run.nothing", lang))
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> bool:
        """A file that cannot be read is said here, in the step's words (a bug still reaches the log)."""
        self.summary.setText(error_text(exc, self.w.lang))
        self.summary.setStyleSheet(ERROR_STYLE)
        return isinstance(exc, DomainError)

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
        import_plan, lang = self.w.plan, self.w.lang
        self.w.ctx.ops.read(self, lambda db: ops.save_rejections(db, path, import_plan, lang)) \
            .done(lambda _p: self.status.setText(t("import_ui.wizard.dry_run.saved", lang, path=str(path)))).run()

    def show_error_text(self, text: str) -> None:
        self.status.setText(text)

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return self._ready

    def nextId(self) -> int:  # noqa: N802 - Qt override
        return PAGE_REVIEW if self.w.plan is not None and self.w.plan.groups else PAGE_IMPORT


class ReviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.intro = label()
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
