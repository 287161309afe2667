"""Import step 5: the import itself, as a write op with progress and Cancel (one transaction after a backup),
then its result: counts, the backup, the rows rejected, the rows imported with a field left empty and the
values a merge kept. One button closes it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QListWidget, QVBoxLayout, QWizardPage

from confman.core.errors import DomainError
from confman.i18n import t
from confman.ui.delegates import import_ops as ops
from confman.ui.delegates.import_common import ERROR_STYLE, PAGE_IMPORT, error_text, label, step_title
from confman.ui.delegates.import_ops import ImportResult, flag_reason, rejection_reason
from confman.ui.ops import Op
from confman.ui.widgets.progress import ProgressStrip

if TYPE_CHECKING:
    from confman.ui.delegates.import_wizard import ImportWizard


class ImportPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.strip = ProgressStrip()
        self.strip.setObjectName("importProgress")
        self.progress = self.strip.bar
        self.cancel_button = self.strip.cancel_button
        self.cancel_button.clicked.connect(self.cancel)
        self.status = label()
        self.status.setObjectName("importResult")
        self.details = QListWidget()
        self.details.setObjectName("importDetails")
        layout = QVBoxLayout(self)
        layout.addWidget(self.strip)
        layout.addWidget(self.status)
        layout.addWidget(self.details, 1)
        self.setFinalPage(True)
        self.op: Op[ImportResult] | None = None
        self.running = False
        self.finished = False

    def retranslate(self, lang: str) -> None:
        self.setTitle(step_title(PAGE_IMPORT, lang))
        self.setSubTitle(t("import_ui.wizard.import.subtitle", lang))
        self.cancel_button.setText(t("import_ui.wizard.import.cancel", lang))

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        plan = self.w.plan
        ctx = self.w.ctx
        if plan is None or ctx.event is None:
            return
        self.finished = False
        self.running = True
        self.details.clear()
        self.status.setStyleSheet("")
        self.status.setText(t("import_ui.wizard.import.working", self.w.lang))
        self.completeChanged.emit()
        choices, event_id = self.w.review_page.choices(), ctx.event.id
        folder, station = ctx.settings.backups_path, ctx.station
        self.op = ctx.ops.write(self, lambda db, steps: ops.run(db, steps, plan, event_id=event_id, choices=choices,
                                                                 backups=folder, station=station)) \
            .progress(self.strip).done(self._done).failed(self._failed).run()

    def cancel(self) -> None:
        """Stop the import between rows; the transaction is rolled back whole."""
        if self.op is not None and self.running:
            self.op.steps.cancel()
            self.cancel_button.setEnabled(False)
            self.status.setText(t("import_ui.wizard.import.cancelling", self.w.lang))

    def _done(self, result: ImportResult) -> None:
        lang = self.w.lang
        self.running = False
        self.finished = True
        self.w.result = result
        self.status.setText(t("import_ui.wizard.import.done", lang, imported=result.imported, merged=result.merged,
                              skipped=result.skipped, rejected=result.rejected,
                              possible=result.possible_duplicates))  # fmt: skip
        if result.backup is not None:
            self.details.addItem(t("import_ui.wizard.import.backup", lang, path=str(result.backup)))
        for sheet in result.sheets:
            for rej in sheet.rejected:
                self.details.addItem(t("import_review.result.rejected", lang, file=Path(rej.file).name, row=rej.row,
                                       reason=rejection_reason(rej, lang)))
        for row in result.flagged:
            self.details.addItem(t("import_review.result.flagged", lang, file=Path(row.file).name, row=row.excel_row,
                                   name=row.full_name, reason=flag_reason(row, lang)))
        for c in result.conflicts[:200]:
            self.details.addItem(t("import_ui.wizard.import.conflict", lang, name=c.full_name,
                                   file=Path(c.file).name, row=c.row, field=t(f"import.field.{c.conflict.field}", lang),
                                   existing=c.conflict.existing, incoming=c.conflict.incoming))  # fmt: skip
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> bool:
        """Cancelled or refused: said on the step, nothing was written (a bug still goes to the crash dialog)."""
        self.running = False
        self.finished = True
        self.status.setStyleSheet(ERROR_STYLE)
        cancelled = isinstance(exc, DomainError) and exc.code == "import_ui.cancelled"
        self.status.setText(error_text(exc, self.w.lang) if cancelled else
                            t("import_ui.wizard.import.failed", self.w.lang, reason=error_text(exc, self.w.lang)))
        self.completeChanged.emit()
        return isinstance(exc, DomainError)

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return self.finished
