"""Overview: files still missing by organization, overdue presentations, talk time per slot."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from confman.i18n import t
from confman.ui.presentations.ops import PresentationsOverview

OVER = QColor("#B3261E")
OK = QColor("#1B5E20")


class OverviewPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: PresentationsOverview | None = None
        self.language = "vi"
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setObjectName("overviewSummary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-size: 14px;")
        layout.addWidget(self.summary)
        row = QHBoxLayout()
        self.missing_box, self.missing = self._box("overviewMissing", 2)
        self.overdue_box, self.overdue = self._box("overviewOverdue", 3)
        row.addWidget(self.missing_box, 1)
        row.addWidget(self.overdue_box, 1)
        layout.addLayout(row, 1)
        self.slots_box, self.slots = self._box("overviewSlots", 5)
        layout.addWidget(self.slots_box, 1)
        self.retranslate()

    @staticmethod
    def _box(name: str, columns: int) -> tuple[QGroupBox, QTreeWidget]:
        box = QGroupBox()
        tree = QTreeWidget()
        tree.setObjectName(name)
        tree.setColumnCount(columns)
        tree.setRootIsDecorated(False)
        tree.setAlternatingRowColors(True)
        QVBoxLayout(box).addWidget(tree)
        return box, tree

    def set_overview(self, data: PresentationsOverview) -> None:
        self.data = data
        self.summary.setText(t("presentations.overview.summary", total=data.total, with_file=data.with_file,
                               missing=data.total - data.with_file - data.by_status.get("withdrawn", 0),
                               overdue=len(data.overdue), approved=data.by_status.get("approved", 0),
                               presented=data.by_status.get("presented", 0)))
        self.missing.clear()
        for m in data.missing_by_organization:
            item = QTreeWidgetItem([m.organization or t("presentations.overview.no_organization"),
                                    str(len(m.presentation_ids))])
            item.setToolTip(0, "\n".join(m.titles))
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignCenter)
            self.missing.addTopLevelItem(item)
        self.overdue.clear()
        for r in data.overdue:
            item = QTreeWidgetItem([r.due_date.strftime("%d/%m/%Y") if r.due_date else "", r.organization,
                                    r.title(self.language)])
            item.setForeground(0, QBrush(OVER))
            self.overdue.addTopLevelItem(item)
        self.slots.clear()
        for s in data.slots:
            actual = f"{s.actual_minutes:.1f}" if s.actual_minutes is not None else "—"
            item = QTreeWidgetItem([f"{s.day:%d/%m} {s.start_time:%H:%M}–{s.end_time:%H:%M} {s.room}".strip(),
                                    s.title(self.language), str(s.presentations),
                                    t("presentations.overview.minutes_of", planned=s.planned_minutes,
                                      slot=s.slot_minutes), actual])
            colour = OVER if s.overrun else OK
            item.setForeground(3, QBrush(colour))
            if s.overrun:
                item.setToolTip(3, t("presentations.overview.over_by", minutes=s.over_by))
            self.slots.addTopLevelItem(item)
        for tree in (self.missing, self.overdue, self.slots):
            for c in range(tree.columnCount()):
                tree.resizeColumnToContents(c)

    def retranslate(self) -> None:
        self.missing_box.setTitle(t("presentations.overview.missing"))
        self.overdue_box.setTitle(t("presentations.overview.overdue"))
        self.slots_box.setTitle(t("presentations.overview.slots"))
        self.missing.setHeaderLabels([t("presentations.col.organization"), t("presentations.overview.count")])
        self.overdue.setHeaderLabels([t("presentations.field.due"), t("presentations.col.organization"),
                                      t("presentations.col.title")])
        self.slots.setHeaderLabels([t("presentations.col.when"), t("presentations.col.agenda"),
                                    t("presentations.overview.count"), t("presentations.overview.planned"),
                                    t("presentations.overview.actual")])
        if self.data is not None:
            self.set_overview(self.data)
