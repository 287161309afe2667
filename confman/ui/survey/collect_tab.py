"""The Collect tab: drop returned forms or answer tables (many at once), see what was kept and refused."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from confman.i18n import t
from confman.messages import describe
from confman.ui.context import UiContext
from confman.ui.survey import ops
from confman.ui.survey.ops import CollectResult, Saved

ACCEPTED = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".txt")


class DropZone(QFrame):
    """A framed area that takes files dropped from the file manager."""

    files_dropped = Signal(list)

    def __init__(self) -> None:
        super().__init__()
        self.setAcceptDrops(True)
        self.setObjectName("surveyDrop")
        self.setStyleSheet("#surveyDrop { border:2px dashed #9AA5B1; border-radius:10px; background:#F7F9FB; }")
        self.setMinimumHeight(90)
        layout = QVBoxLayout(self)
        self.label = QLabel()
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        layout.addWidget(self.label)

    def dragEnterEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.files_dropped.emit(paths)


class CollectTab(QWidget):
    def __init__(self, ctx: UiContext, error_text: Callable[[str], None], said: Callable[[str], None]) -> None:
        super().__init__()
        self.ctx = ctx
        self._error_text, self._said = error_text, said
        self.last: CollectResult | None = None
        layout = QVBoxLayout(self)
        self.drop = DropZone()
        self.drop.files_dropped.connect(self.collect)
        layout.addWidget(self.drop)
        self.choose_button = QPushButton()
        self.choose_button.clicked.connect(self.choose)
        layout.addWidget(self.choose_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.tree = QTreeWidget()
        self.tree.setObjectName("surveyCollected")
        self.tree.setColumnCount(2)
        layout.addWidget(self.tree, 1)
        self.retranslate()

    def retranslate(self) -> None:
        lang = self.ctx.language
        self.drop.label.setText(t("survey.ui.drop", lang))
        self.choose_button.setText(t("survey.ui.choose_files", lang))
        self.tree.setHeaderLabels([t("survey.ui.col.file", lang), t("survey.ui.col.result", lang)])
        if self.last is not None:
            self.show_result(self.last)

    def show_error_text(self, text: str) -> None:
        self._error_text(text)

    def choose(self) -> None:
        lang = self.ctx.language
        paths, _ = QFileDialog.getOpenFileNames(self, t("survey.ui.choose_files", lang), "",
                                                t("survey.ui.spreadsheets", lang) + " (*.xlsx *.xls *.ods *.csv)")
        if paths:
            self.collect(paths)

    def collect(self, paths: Sequence[str]) -> None:
        """Collect ``paths`` off the UI thread; the tree then shows each file's unit, answers and refusals."""
        if self.ctx.event is None:
            return
        files = [Path(p) for p in paths if Path(p).suffix.lower() in ACCEPTED]
        if not files:
            self._said(t("survey.ui.no_files", self.ctx.language))
            return
        event_id, station = self.ctx.event.id, self.ctx.station

        def done(saved: Saved[CollectResult]) -> None:
            self.show_result(saved.value)

        self.ctx.ops.write(self, lambda db: ops.collect(db, event_id, files, station)).done(done).run()

    def show_result(self, result: CollectResult) -> None:
        lang = self.ctx.language
        self.last = result
        self.tree.clear()
        for f in result.files:
            units = f.unit or ", ".join(f.units) or "—"
            text = t("survey.ui.collected", lang, unit=units, count=f.responses, rejected=len(f.rejected))
            item = QTreeWidgetItem([f.file, text])
            if not f.responses:
                item.setForeground(1, QColor("#B3261E"))
            for r in f.rejected:
                child = QTreeWidgetItem([r.where, describe(r.error, lang)])
                child.setForeground(1, QColor("#B3261E"))
                child.setToolTip(1, describe(r.error, lang))
                item.addChild(child)
            self.tree.addTopLevelItem(item)
            item.setExpanded(bool(f.rejected) and len(f.rejected) <= 20)
        self.tree.resizeColumnToContents(0)
        self._said(t("survey.ui.collect_done", lang, count=result.responses, files=len(result.files)))
