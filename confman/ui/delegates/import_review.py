"""Import step 4: review before anything is written.

The plan (a dry run in an op) is shown as what the import will do: a summary, then one tab per
thing to look at — rows that merge into a person (field by field, before → after), possible
duplicates with a choice per pair, rejected rows (row, field, reason; saved as .xlsx), rows
whose invalid phone or e-mail will be left empty (with the strict option: reject them instead),
and other notes. The step is never skipped; its button says what it does ("Nhập 412 đại biểu"),
counted by the core's preview of the same choices the import will use.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QListWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from confman.core.errors import DomainError
from confman.i18n import t
from confman.ui.delegates import import_ops as ops
from confman.ui.delegates.import_common import ERROR_STYLE, PAGE_REVIEW, error_text, label, step_title
from confman.ui.delegates.import_ops import Choices, ImportPlan, ImportResult, row_warnings, warning_text
from confman.ui.delegates.import_review_views import FlaggedView, MergesView, PairsView, RejectedView

if TYPE_CHECKING:
    from confman.ui.delegates.import_wizard import ImportWizard

TABS = ("merges", "pairs", "rejected", "flagged", "notes")


class ReviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.summary = label()
        self.summary.setObjectName("reviewSummary")
        self.outcome_label = label()
        self.outcome_label.setObjectName("reviewOutcome")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("reviewTabs")
        self.tabs.setDocumentMode(True)
        self.merges = MergesView()
        self.pairs = PairsView(self._pairs_chosen)
        self.rejected = RejectedView(self.choose_report_path)
        self.strict = QCheckBox()
        self.strict.setObjectName("rejectFlagged")
        self.strict.toggled.connect(self._strict_toggled)
        self.flagged = FlaggedView(self.strict)
        self.notes = QListWidget()
        self.notes.setObjectName("reviewNotes")
        self.notes.setWordWrap(True)
        self.views: dict[str, QWidget] = {"merges": self.merges, "pairs": self.pairs, "rejected": self.rejected,
                                          "flagged": self.flagged, "notes": self.notes}
        for view in self.views.values():
            self.tabs.addTab(view, "")
        self.nothing = label()
        self.nothing.setObjectName("reviewNothing")
        self.status = label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.outcome_label)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.nothing)
        layout.addWidget(self.status)
        self.outcome: ImportResult | None = None
        self.counts: dict[str, int] = dict.fromkeys(TABS, 0)

    # -- texts -----------------------------------------------------------------------
    def retranslate(self, lang: str) -> None:
        self.setTitle(step_title(PAGE_REVIEW, lang))
        self.setSubTitle(t("import_review.subtitle", lang))
        self.strict.setText(t("import_review.flagged.strict", lang))
        self.nothing.setText(t("import_review.nothing", lang))
        if self.w.plan is not None:
            self._show(self.w.plan)
            if self.outcome is not None:
                self._counted(self.outcome)

    # -- the plan --------------------------------------------------------------------
    def initializePage(self) -> None:  # noqa: N802 - Qt override
        """Classify every row against the event in an op; nothing is written."""
        self.w.plan = None
        self.outcome = None
        self.summary.setStyleSheet("")
        self.summary.setText(t("import_ui.wizard.dry_run.working", self.w.lang))
        self.outcome_label.clear()
        self.status.clear()
        self.tabs.hide()
        self.nothing.hide()
        self._set_button_text()
        self.completeChanged.emit()
        event = self.w.ctx.event
        if event is None:
            return
        sheets = [(s.path, s.sheet, s.parsed, s.mapping) for s in self.w.sheets if s.parsed is not None]
        cache = self.w.sheet_cache
        self.w.ctx.ops.read(self, lambda db: ops.plan(db, event.id, sheets, cache)).latest("import-plan") \
            .done(self._planned).failed(self._failed).run()

    def _planned(self, plan: ImportPlan) -> None:
        self.w.plan = plan
        self.w.pairs = {}
        self.strict.blockSignals(True)
        self.strict.setChecked(self.w.reject_flagged)
        self.strict.blockSignals(False)
        self._show(plan)
        self._recount()

    def _show(self, plan: ImportPlan) -> None:
        lang = self.w.lang
        strict = self.w.reject_flagged
        self.summary.setText(t("import_review.summary", lang, read=plan.rows_read, sheets=len(plan.sheets),
                               new=plan.new, merged=plan.merged, possible=plan.possible,
                               rejected=len(plan.rejected), flagged=len(plan.flagged)))  # fmt: skip
        self.merges.show_merges(plan.merges, plan, lang)
        self.pairs.show_pairs(plan.pairs, self.w.pairs, lang)
        self.rejected.show_rows(plan, strict, lang)
        self.flagged.show_rows(plan, strict, lang)
        notes = [warning_text(w, lang) for s in plan.sheets for w in s.warnings]
        notes += [warning_text(w, lang) for w in plan.warnings]
        notes += [text for _row, text in row_warnings([p.row for p in plan.rows], lang, skip=("import.row.field_dropped",))]
        self.notes.clear()
        self.notes.addItems(list(dict.fromkeys(notes)))
        self.counts = {"merges": plan.merged, "pairs": plan.possible, "rejected": 0,
                       "flagged": len(plan.flagged), "notes": self.notes.count()}
        self._refresh_tabs()

    def _refresh_tabs(self) -> None:
        """Tab titles with their counts; a tab with nothing in it is hidden, the first one with something shown."""
        plan, lang = self.w.plan, self.w.lang
        if plan is None:
            return
        self.counts["rejected"] = len(plan.rejected) + (len(plan.flagged) if self.w.reject_flagged else 0)
        first = None
        for i, key in enumerate(TABS):
            self.tabs.setTabText(i, t(f"import_review.tab.{key}", lang, count=self.counts[key]))
            self.tabs.setTabVisible(i, self.counts[key] > 0)
            if first is None and self.counts[key]:
                first = i
        anything = first is not None
        self.tabs.setVisible(anything)
        self.nothing.setVisible(not anything)
        if first is not None and not self.tabs.isTabVisible(self.tabs.currentIndex()):
            self.tabs.setCurrentIndex(first)

    def _failed(self, exc: BaseException) -> bool:
        """A file that cannot be read is said here, in the step's words (a bug still reaches the log)."""
        self.summary.setText(error_text(exc, self.w.lang))
        self.summary.setStyleSheet(ERROR_STYLE)
        return isinstance(exc, DomainError)

    # -- choices ---------------------------------------------------------------------
    def choices(self) -> Choices:
        return Choices(pairs=dict(self.w.pairs), reject_flagged=self.w.reject_flagged)

    def _pairs_chosen(self, chosen: dict[int, str]) -> None:
        self.w.pairs.update(chosen)
        self._recount()

    def _strict_toggled(self, on: bool) -> None:
        self.w.reject_flagged = on
        plan = self.w.plan
        if plan is not None:
            lang = self.w.lang
            self.rejected.show_rows(plan, on, lang)
            self.flagged.show_rows(plan, on, lang)
            self._refresh_tabs()
        self._recount()

    def decide(self, pair_index: int, decision: str) -> None:
        """Choose ``decision`` for one possible-duplicate pair, as picking it in its list does."""
        self.pairs.choose(pair_index, decision)

    def _recount(self) -> None:
        """Ask the core what the import will do with these choices: the outcome line and the button."""
        plan = self.w.plan
        if plan is None:
            return
        self.outcome = None
        self._set_button_text()
        self.completeChanged.emit()
        choices = self.choices()
        self.w.ctx.ops.read(self, lambda db: ops.outcome(db, plan, choices)).latest("import-outcome") \
            .done(self._counted).run()

    def _counted(self, outcome: ImportResult) -> None:
        self.outcome = outcome
        lang = self.w.lang
        if outcome.imported + outcome.merged == 0:
            self.outcome_label.setText(t("import_ui.wizard.dry_run.nothing", lang))
            self.outcome_label.setStyleSheet(ERROR_STYLE)
        else:
            self.outcome_label.setStyleSheet("")
            self.outcome_label.setText(t("import_review.outcome", lang, new=outcome.imported, merged=outcome.merged,
                                         skipped=outcome.skipped, rejected=outcome.rejected))  # fmt: skip
        self._set_button_text()
        self.completeChanged.emit()

    def _set_button_text(self) -> None:
        lang = self.w.lang
        outcome = self.outcome
        if outcome is None:
            text = t("import_review.button.wait", lang)
        else:
            key = "import_review.button.import_merge" if outcome.merged else "import_review.button.import"
            key += "_one" if outcome.imported == 1 else ""
            text = t(key, lang, count=outcome.imported, merged=outcome.merged)
        self.setButtonText(QWizard.WizardButton.NextButton, text)

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return self.outcome is not None and self.outcome.imported + self.outcome.merged > 0

    # -- the rejected rows as a workbook ---------------------------------------------
    def choose_report_path(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, t("import_ui.wizard.dry_run.save_rejected", self.w.lang),
            t("import_ui.wizard.dry_run.report_name", self.w.lang), "Excel (*.xlsx)",
        )  # fmt: skip
        if path:
            self.save_report(Path(path))

    def save_report(self, path: Path) -> None:
        """Write the rows rejected (with the strict choice, the flagged ones too) and the rows kept with a
        field left empty to ``path`` (.xlsx) for the sending unit."""
        if self.w.plan is None:
            return
        if path.suffix.lower() != ".xlsx":
            path = path.with_suffix(".xlsx")
        import_plan, choices, lang = self.w.plan, self.choices(), self.w.lang
        self.w.ctx.ops.read(self, lambda db: ops.save_report(db, path, import_plan, choices, lang)) \
            .done(lambda _p: self.status.setText(t("import_ui.wizard.dry_run.saved", lang, path=str(path)))).run()

    def show_error_text(self, text: str) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(ERROR_STYLE)
