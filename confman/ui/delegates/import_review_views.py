"""The review step's tabs: rows that merge (field by field), possible duplicates (a choice per pair),
rejected rows, rows with a field left empty, and other notes. Widgets only; the plan says what is what."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from confman.core.errors import DomainError
from confman.i18n import t
from confman.messages import describe, field_label
from confman.ui.delegates.import_common import label
from confman.ui.delegates.import_ops import (
    Decision,
    DuplicatePair,
    ImportPlan,
    MergePreview,
    rejection_reason,
)

COMPARED_FIELDS = ("full_name", "position", "organization", "phone", "email", "delegation", "notes")
DIFF_BRUSH = QBrush(QColor("#FFF3C4"))
CHANGE_BRUSH = QBrush(QColor("#E3F2E1"))
FLAG_BRUSH = QBrush(QColor("#FDECEA"))


def _field(name: str, lang: str) -> str:
    return field_label(name, lang)


def where(file: str, row: int, lang: str) -> str:
    """"ds.xlsx · dòng 12": the row as the spreadsheet shows it."""
    return t("import_review.where", lang, file=Path(file).name, row=row)


def _table(columns: int) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)  # more rows on a small screen
    table.setWordWrap(False)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fit_columns(table: QTableWidget, widths: Sequence[int]) -> None:
    """Columns sized to their text for a short list; fixed widths for a long one (measuring every
    row of thousands would hold the window)."""
    if table.rowCount() <= 300:
        table.resizeColumnsToContents()
    else:
        for column, width in enumerate(widths):
            table.setColumnWidth(column, width)
    table.horizontalHeader().setStretchLastSection(True)


def _item(text: str, *, brush: QBrush | None = None, tip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text.replace("\n", " ⏎ "))
    item.setToolTip(tip or text)
    if brush is not None:
        item.setBackground(brush)
    return item


class MergesView(QTreeWidget):
    """Each row that merges: which file row, into which person, and field by field before → after."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("reviewMerges")
        self.setColumnCount(4)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.header().setStretchLastSection(True)

    def show_merges(self, merges: Sequence[MergePreview], plan: ImportPlan, lang: str) -> None:
        self.clear()
        self.setHeaderLabels([t(f"import_review.merge.{k}", lang) for k in ("field", "before", "file", "after")])
        bold = QFont(self.font())
        bold.setBold(True)
        empty, nothing = t("import_review.empty", lang), t("import_review.merge.nothing", lang)
        tops: list[QTreeWidgetItem] = []
        spanned: list[QTreeWidgetItem] = []
        for merge in merges:
            row = merge.row.row
            if merge.existing is not None:
                target = t("import_review.merge.into_existing", lang, name=merge.existing.full_name,
                           organization=merge.existing.organization or "—")
            else:
                other = merge.target_row
                target = t("import_review.merge.into_row", lang, name=other.full_name if other else "",
                           where=where(other.file, other.excel_row, lang) if other else "")
            reason = t(f"import_ui.reason.{merge.row.reason}", lang) if merge.row.reason else ""
            top = QTreeWidgetItem([t("import_review.merge.line", lang, where=where(row.file, row.excel_row, lang),
                                     name=row.full_name, target=target, reason=reason)])
            top.setFont(0, bold)
            tops.append(top)
            spanned.append(top)
            for change in merge.changes:
                child = QTreeWidgetItem([_field(change.field, lang), change.before or empty, change.after,
                                         change.after])
                child.setBackground(3, CHANGE_BRUSH)
                top.addChild(child)
            for conflict in merge.conflicts:
                kept = t("import_review.merge.kept", lang, value=conflict.existing)
                child = QTreeWidgetItem([_field(conflict.field, lang), conflict.existing, conflict.incoming, kept])
                child.setBackground(2, DIFF_BRUSH)
                top.addChild(child)
            if not merge.changes and not merge.conflicts:
                child = QTreeWidgetItem([nothing])
                top.addChild(child)
                spanned.append(child)
        # all at once, then spans, then one expand: per-item spans or expands lay the tree out each time
        self.addTopLevelItems(tops)
        for item in spanned:
            item.setFirstColumnSpanned(True)
        self.expandAll()
        for column, width in enumerate((150, 200, 200)):
            self.setColumnWidth(column, width)

    def lines(self) -> list[str]:
        """Every line as shown, top items then their children "field: before → after" (for tests)."""
        found = []
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            found.append(top.text(0))
            for j in range(top.childCount()):
                child = top.child(j)
                found.append(" | ".join(child.text(c) for c in range(4) if child.text(c)))
        return found


class _ChoiceDelegate(QStyledItemDelegate):
    """The choice cell's editor: a drop-down made when the cell is edited (a widget per row would make
    opening a list of a thousand look-alikes take seconds)."""

    def __init__(self, view: PairsView) -> None:
        super().__init__(view.table)
        self.view = view

    def createEditor(self, parent: QWidget, _option: Any, _index: Any) -> QWidget:  # noqa: N802 - Qt override
        combo = QComboBox(parent)
        combo.setObjectName("pairChoice")
        for decision in CHOICES:
            combo.addItem(t(f"import_review.choice.{decision.value}", self.view.lang), decision.value)
        combo.activated.connect(lambda _i, c=combo: (self.commitData.emit(c), self.closeEditor.emit(c)))
        return combo

    def setEditorData(self, editor: QWidget, index: Any) -> None:  # noqa: N802 - Qt override
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.UserRole))))

    def setModelData(self, editor: QWidget, _model: Any, index: Any) -> None:  # noqa: N802 - Qt override
        assert isinstance(editor, QComboBox)
        self.view.set_choice(index.row(), editor.currentData())


CHOICES = (Decision.KEEP, Decision.MERGE, Decision.SKIP)


class PairsView(QWidget):
    """Possible duplicates, one line per pair with its own choice (merge / keep both / skip), and the
    selected pair's fields side by side below (different cells highlighted)."""

    HEADS = ("row", "choice", "name", "like", "reason")
    CHOICE = 1

    def __init__(self, on_choices: Callable[[dict[int, str]], None]) -> None:
        super().__init__()
        self.on_choices = on_choices
        self.pairs: list[DuplicatePair] = []
        self.lang = "vi"
        self.table = _table(len(self.HEADS))
        self.table.setObjectName("reviewPairs")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.CurrentChanged
                                   | QAbstractItemView.EditTrigger.SelectedClicked
                                   | QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.setItemDelegateForColumn(self.CHOICE, _ChoiceDelegate(self))
        self.table.currentCellChanged.connect(lambda row, *_: self._compare(row))
        self.compare = _table(3)
        self.compare.setObjectName("reviewCompare")
        self.compare.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.all_label = QLabel()
        self.all_buttons = {d: QPushButton() for d in CHOICES}
        bar = QHBoxLayout()
        bar.addWidget(self.all_label)
        for decision, button in self.all_buttons.items():
            button.setObjectName(f"reviewAll_{decision.value}")
            button.clicked.connect(lambda _c=False, d=decision: self.choose_all(d.value))
            bar.addWidget(button)
        bar.addStretch(1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.compare)
        split.setChildrenCollapsible(False)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(split, 1)

    def show_pairs(self, pairs: Sequence[DuplicatePair], chosen: dict[int, str], lang: str) -> None:
        self.lang = lang
        self.pairs = list(pairs)
        self.all_label.setText(t("import_review.pairs.all", lang))
        for decision, button in self.all_buttons.items():
            button.setText(t(f"import_review.choice.{decision.value}", lang))
        self.table.setHorizontalHeaderLabels([t(f"import_review.pairs.{k}", lang) for k in self.HEADS])
        self.table.setRowCount(len(self.pairs))
        editable = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable
        for r, pair in enumerate(self.pairs):
            row = pair.row.row
            self.table.setItem(r, 0, _item(where(row.file, row.excel_row, lang)))
            choice = QTableWidgetItem()
            choice.setFlags(editable)
            self.table.setItem(r, self.CHOICE, choice)
            self._show_choice(r, chosen.get(pair.index, Decision.KEEP.value))
            self.table.setItem(r, 2, _item(_person(row.full_name, row.organization, row.phone, row.email)))
            self.table.setItem(r, 3, _item(self._like(pair)))
            self.table.setItem(r, 4, _item(t(f"import_ui.reason.{pair.row.reason}", lang)))
        for column, width in enumerate((150, 160, 290, 300)):
            self.table.setColumnWidth(column, width)
        if self.pairs:
            self.table.setCurrentCell(0, 0)
            self._compare(0)

    def _show_choice(self, r: int, decision: str) -> None:
        item = self.table.item(r, self.CHOICE)
        item.setData(Qt.ItemDataRole.UserRole, decision)
        item.setText(t(f"import_review.choice.{decision}", self.lang) + "  ▾")

    def choice(self, index: int) -> str:
        """The choice shown for the pair of plan row ``index``."""
        r = next(i for i, p in enumerate(self.pairs) if p.index == index)
        return str(self.table.item(r, self.CHOICE).data(Qt.ItemDataRole.UserRole))

    def set_choice(self, r: int, decision: str) -> None:
        if self.table.item(r, self.CHOICE).data(Qt.ItemDataRole.UserRole) == decision:
            return
        self._show_choice(r, decision)
        self.on_choices({self.pairs[r].index: decision})

    def _like(self, pair: DuplicatePair) -> str:
        if pair.existing is not None:
            e = pair.existing
            return t("import_review.pairs.existing", self.lang,
                     person=_person(e.full_name, e.organization, e.phone, e.email))
        other = pair.other
        assert other is not None
        return t("import_review.pairs.earlier", self.lang, where=where(other.file, other.excel_row, self.lang),
                 person=_person(other.full_name, other.organization, other.phone, other.email))

    def _compare(self, r: int) -> None:
        lang = self.lang
        self.compare.setHorizontalHeaderLabels([
            t("import_review.compare.field", lang), t("import_review.compare.other", lang),
            t("import_review.compare.this", lang)])  # fmt: skip
        if not 0 <= r < len(self.pairs):
            self.compare.setRowCount(0)
            return
        pair = self.pairs[r]
        mine = {f: getattr(pair.row.row, f) for f in COMPARED_FIELDS}
        if pair.existing is not None:
            theirs = {f: getattr(pair.existing, f) for f in COMPARED_FIELDS}
        else:
            theirs = {f: getattr(pair.other, f) for f in COMPARED_FIELDS}
        self.compare.setRowCount(len(COMPARED_FIELDS))
        for i, name in enumerate(COMPARED_FIELDS):
            differ = theirs[name] != mine[name]
            self.compare.setItem(i, 0, _item(_field(name, lang)))
            self.compare.setItem(i, 1, _item(theirs[name], brush=DIFF_BRUSH if differ else None))
            self.compare.setItem(i, 2, _item(mine[name], brush=DIFF_BRUSH if differ else None))
        self.compare.resizeColumnToContents(0)
        self.compare.setColumnWidth(1, max(200, (self.compare.viewport().width() - self.compare.columnWidth(0)) // 2))

    def choose(self, index: int, decision: str) -> None:
        """Choose for the pair of plan row ``index``, as picking in its drop-down does."""
        self.set_choice(next(i for i, p in enumerate(self.pairs) if p.index == index), decision)

    def choose_all(self, decision: str) -> None:
        """The same choice for every pair (one recount, however many pairs)."""
        for r in range(len(self.pairs)):
            self._show_choice(r, decision)
        self.on_choices({p.index: decision for p in self.pairs})


def _person(name: str, organization: str, phone: str, email: str) -> str:
    return " · ".join(p for p in (name, organization, phone, email) if p)


class RejectedView(QWidget):
    """The rows that will not be imported, each with its row, field and reason; saved as .xlsx."""

    HEADS = ("file", "sheet", "row", "field", "reason")

    def __init__(self, on_save: Callable[[], None]) -> None:
        super().__init__()
        self.table = _table(len(self.HEADS))
        self.table.setObjectName("rejectedRows")
        self.intro = label()
        self.save_button = QPushButton()
        self.save_button.setObjectName("saveRejected")
        self.save_button.clicked.connect(on_save)
        top = QHBoxLayout()
        top.addWidget(self.intro, 1)
        top.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    def show_rows(self, plan: ImportPlan, strict: bool, lang: str) -> None:
        self.intro.setText(t("import_review.rejected.intro", lang))
        self.save_button.setText(t("import_ui.wizard.dry_run.save_rejected", lang))
        self.table.setHorizontalHeaderLabels([t(f"import_review.rejected.{k}", lang) for k in self.HEADS])
        rejected = plan.rejected + (plan.flag_rejections if strict else [])
        self.table.setRowCount(len(rejected))
        for r, rej in enumerate(rejected):
            fld = rej.params.get("field")
            values = (Path(rej.file).name, rej.sheet, str(rej.row), _field(fld, lang) if isinstance(fld, str) else "",
                      rejection_reason(rej, lang))
            for c, value in enumerate(values):
                self.table.setItem(r, c, _item(value))
        _fit_columns(self.table, (160, 110, 60, 100))

    def rows(self) -> list[list[str]]:
        return [[self.table.item(r, c).text() for c in range(self.table.columnCount())]
                for r in range(self.table.rowCount())]


class FlaggedView(QWidget):
    """Rows imported with an invalid phone or e-mail left empty, and the strict option (reject them)."""

    HEADS = ("row", "name", "field", "problem")

    def __init__(self, strict_box: QWidget) -> None:
        super().__init__()
        self.table = _table(len(self.HEADS))
        self.table.setObjectName("flaggedRows")
        self.intro = label()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.intro)
        layout.addWidget(strict_box)
        layout.addWidget(self.table, 1)

    def show_rows(self, plan: ImportPlan, strict: bool, lang: str) -> None:
        self.intro.setText(t("import_review.flagged.intro", lang))
        self.table.setHorizontalHeaderLabels([t(f"import_review.flagged.{k}", lang) for k in self.HEADS])
        lines = [(p.row, w) for p in plan.flagged for w in p.dropped]
        self.table.setRowCount(len(lines))
        for r, (row, warning) in enumerate(lines):
            problem = describe(DomainError(warning.params["error_code"], field=warning.params["field"],
                                           value=warning.params["value"]), lang)
            brush = FLAG_BRUSH if strict else None
            values = (where(row.file, row.excel_row, lang), row.full_name, _field(warning.params["field"], lang), problem)
            for c, value in enumerate(values):
                self.table.setItem(r, c, _item(value, brush=brush))
        _fit_columns(self.table, (170, 200, 100))

    def rows(self) -> list[list[str]]:
        return [[self.table.item(r, c).text() for c in range(self.table.columnCount())]
                for r in range(self.table.rowCount())]
