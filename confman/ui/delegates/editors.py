"""Small editors for organizations (rename, merge two, delete unused) and categories
(labels vi/en, colour, VIP, order)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from confman.core.changes import Changes
from confman.core.enums import OrganizationType
from confman.core.text import fold
from confman.i18n import t
from confman.ui.context import UiContext
from confman.ui.delegates import ops
from confman.ui.delegates.delegate_dialog import color_icon
from confman.ui.delegates.ops import CategoryRow, OrganizationRow
from confman.ui.widgets.fit import fit_to_screen


def _item(text: str, data: object = None, *, align_right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return table


class _EditorBase(QDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.changes = Changes()
        self.error = QLabel()
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #B3261E;")
        self.error.hide()

    def _run(self, work: Callable[[Any], Changes]) -> None:
        """A write as an op: its changes are broadcast, then the list is read again."""

        def done(changes: Changes) -> None:
            self.error.hide()
            self.changes = self.changes | changes
            self.reload()

        self.ctx.ops.write(self, work).done(done).run()

    def show_error_text(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def reload(self) -> None:  # pragma: no cover - overridden
        pass


# --------------------------------------------------------------------------- organizations


class OrganizationForm(QDialog):
    def __init__(self, row: OrganizationRow | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(t("delegates.orgs.edit_title" if row else "delegates.orgs.add_title"))
        self.setMinimumWidth(520)
        self.name = QLineEdit(row.name if row else "")
        self.name.setMaxLength(500)
        self.name_en = QLineEdit(row.name_en if row else "")
        self.name_en.setObjectName("organizationNameEn")
        self.name_en.setMaxLength(500)
        self.name_en.setPlaceholderText(t("delegates.orgs.name_en_placeholder"))
        self.short_name = QLineEdit(row.short_name if row else "")
        self.short_name.setMaxLength(100)
        self.type = QComboBox()
        for org_type in OrganizationType:
            self.type.addItem(t(f"delegates.org_type.{org_type.value}"), org_type.value)
        self.type.setCurrentIndex(max(0, self.type.findData((row.type if row else OrganizationType.OTHER).value)))
        self.province = QLineEdit(row.province if row else "")
        self.province.setMaxLength(100)
        form = QFormLayout(self)
        form.addRow(t("delegates.orgs.name"), self.name)
        form.addRow(t("delegates.orgs.name_en"), self.name_en)
        form.addRow(t("delegates.orgs.short_name"), self.short_name)
        form.addRow(t("delegates.orgs.type"), self.type)
        form.addRow(t("delegates.orgs.province"), self.province)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(t("delegates.dialog.save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(t("delegates.dialog.cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, object]:
        return {"name": self.name.text(), "short_name": self.short_name.text(), "type": OrganizationType(self.type.currentData()),
                "province": self.province.text(), "name_en": self.name_en.text()}


class OrganizationsDialog(_EditorBase):
    """Every organization with its delegates in this event; add, edit, merge two, delete unused."""

    def __init__(self, ctx: UiContext, event_id: int | None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("organizationsDialog")
        self.event_id = event_id
        self.setWindowTitle(t("delegates.orgs.title"))
        fit_to_screen(self, 820, 560)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(t("delegates.orgs.filter"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._apply_filter)
        self.table = _table([t("delegates.orgs.name"), t("delegates.orgs.name_en"), t("delegates.orgs.short_name"),
                             t("delegates.orgs.type"), t("delegates.orgs.province"), t("delegates.orgs.count")])
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.rows: list[OrganizationRow] = []
        self.add_button = QPushButton(t("delegates.orgs.add"))
        self.edit_button = QPushButton(t("delegates.orgs.edit"))
        self.merge_button = QPushButton(t("delegates.orgs.merge"))
        self.delete_button = QPushButton(t("delegates.orgs.delete"))
        close = QPushButton(t("delegates.dialog.close"))
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_selected)
        self.merge_button.clicked.connect(self.merge_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.merge_button, self.delete_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        event_id = self.event_id
        self.ctx.ops.read(self, lambda db: ops.organizations(db, event_id)).latest("rows").done(self._show).run()

    def _show(self, rows: list[OrganizationRow]) -> None:
        self.rows = rows
        self.table.setRowCount(len(self.rows))
        for r, org in enumerate(self.rows):
            self.table.setItem(r, 0, _item(org.name, org.id))
            self.table.setItem(r, 1, _item(org.name_en))
            self.table.setItem(r, 2, _item(org.short_name))
            self.table.setItem(r, 3, _item(t(f"delegates.org_type.{org.type.value}")))
            self.table.setItem(r, 4, _item(org.province))
            self.table.setItem(r, 5, _item(str(org.delegate_count), align_right=True))
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for column in (2, 3, 4):  # short name, type, province: enough to read, the names get the rest
            header.resizeSection(column, min(header.sectionSize(column), 110))
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # the two names share the room
        self._apply_filter(self.filter.text())

    def _apply_filter(self, text: str) -> None:
        terms = fold(text).split()
        for r, org in enumerate(self.rows):
            haystack = fold(f"{org.name} {org.name_en} {org.short_name} {org.province}")
            self.table.setRowHidden(r, not all(term in haystack for term in terms))

    def selected(self) -> list[OrganizationRow]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.rows[r] for r in rows]

    def add(self) -> None:
        form = OrganizationForm(None, self)
        if form.exec() == QDialog.DialogCode.Accepted:
            values, station = form.values(), self.ctx.station
            self._run(lambda db: ops.create_organization(db, station, **values))

    def edit_selected(self) -> None:
        chosen = self.selected()
        if len(chosen) != 1:
            return
        form = OrganizationForm(chosen[0], self)
        if form.exec() == QDialog.DialogCode.Accepted:
            values, station, org_id = form.values(), self.ctx.station, chosen[0].id
            self._run(lambda db: ops.update_organization(db, org_id, station, **values))

    def merge_selected(self, survivor_index: int | None = None) -> None:
        """Merge two selected organizations; asks which name stays unless ``survivor_index`` is given."""
        chosen = self.selected()
        if len(chosen) != 2:
            self.error.setText(t("delegates.orgs.merge_needs_two"))
            self.error.show()
            return
        if survivor_index is None:
            names = [f"{org.name} ({org.delegate_count})" for org in chosen]
            name, ok = QInputDialog.getItem(self, t("delegates.orgs.merge"), t("delegates.orgs.merge_keep"),
                                            names, 0, False)
            if not ok:
                return
            survivor_index = names.index(name)
        survivor, other = chosen[survivor_index], chosen[1 - survivor_index]
        station = self.ctx.station
        self._run(lambda db: ops.merge_organizations(db, survivor.id, other.id, station))

    def delete_selected(self) -> None:
        station = self.ctx.station
        for org in self.selected():
            self._run(lambda db, org_id=org.id: ops.delete_organization(db, org_id, station))


# --------------------------------------------------------------------------- categories


class CategoryForm(QDialog):
    def __init__(self, row: CategoryRow | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(t("delegates.cats.edit_title" if row else "delegates.cats.add_title"))
        self.setMinimumWidth(440)
        self.code = QLineEdit(row.code if row else "")
        self.code.setMaxLength(32)
        self.label_vi = QLineEdit(row.label_vi if row else "")
        self.label_vi.setMaxLength(200)
        self.label_en = QLineEdit(row.label_en if row else "")
        self.label_en.setMaxLength(200)
        self.color = row.color if row else "#1F4E79"
        self.color_button = QPushButton()
        self.color_button.setAutoDefault(False)
        self.color_button.clicked.connect(self._pick_color)
        self._show_color()
        self.vip = QCheckBox(t("delegates.cats.vip"))
        self.vip.setChecked(bool(row and row.is_vip))
        form = QFormLayout(self)
        form.addRow(t("delegates.cats.code"), self.code)
        form.addRow(t("delegates.cats.label_vi"), self.label_vi)
        form.addRow(t("delegates.cats.label_en"), self.label_en)
        form.addRow(t("delegates.cats.color"), self.color_button)
        form.addRow("", self.vip)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(t("delegates.dialog.save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(t("delegates.dialog.cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _show_color(self) -> None:
        self.color_button.setIcon(color_icon(self.color, 16))
        self.color_button.setText(self.color)

    def _pick_color(self) -> None:
        chosen = QColorDialog.getColor(QColor(self.color), self, t("delegates.cats.color"))
        if chosen.isValid():
            self.color = chosen.name().upper()
            self._show_color()

    def values(self) -> dict[str, object]:
        return {"code": self.code.text(), "label_vi": self.label_vi.text(), "label_en": self.label_en.text(),
                "color": self.color, "is_vip": self.vip.isChecked()}


class CategoriesDialog(_EditorBase):
    """The event's categories in badge order: labels vi/en, colour, VIP; add, edit, move, delete."""

    def __init__(self, ctx: UiContext, event_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("categoriesDialog")
        self.event_id = event_id
        self._keep_selected: int | None = None
        self.setWindowTitle(t("delegates.cats.title"))
        fit_to_screen(self, 720, 420)
        self.table = _table([t("delegates.cats.label_vi"), t("delegates.cats.label_en"), t("delegates.cats.code"),
                             t("delegates.cats.color"), t("delegates.cats.vip"), t("delegates.orgs.count")])
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.rows: list[CategoryRow] = []
        self.add_button = QPushButton(t("delegates.cats.add"))
        self.edit_button = QPushButton(t("delegates.cats.edit"))
        self.up_button = QPushButton(t("delegates.cats.up"))
        self.down_button = QPushButton(t("delegates.cats.down"))
        self.delete_button = QPushButton(t("delegates.cats.delete"))
        close = QPushButton(t("delegates.dialog.close"))
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_selected)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.delete_button.clicked.connect(self.delete_selected)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.up_button, self.down_button, self.delete_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        event_id = self.event_id
        self.ctx.ops.read(self, lambda db: ops.categories(db, event_id)).latest("rows").done(self._show).run()

    def _show(self, rows: list[CategoryRow]) -> None:
        current = self.table.currentRow()
        selected_id = self.rows[current].id if 0 <= current < len(self.rows) else None
        selected_id, self._keep_selected = self._keep_selected or selected_id, None
        self.rows = rows
        self.table.setRowCount(len(self.rows))
        for r, cat in enumerate(self.rows):
            label = _item(cat.label_vi, cat.id)
            label.setIcon(color_icon(cat.color))
            self.table.setItem(r, 0, label)
            self.table.setItem(r, 1, _item(cat.label_en))
            self.table.setItem(r, 2, _item(cat.code))
            self.table.setItem(r, 3, _item(cat.color))
            self.table.setItem(r, 4, _item(t("delegates.yes") if cat.is_vip else ""))
            self.table.setItem(r, 5, _item(str(cat.delegate_count), align_right=True))
            if cat.id == selected_id:
                self.table.selectRow(r)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

    def _current(self) -> CategoryRow | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def add(self) -> None:
        form = CategoryForm(None, self)
        if form.exec() == QDialog.DialogCode.Accepted:
            values, station, event_id = form.values(), self.ctx.station, self.event_id
            self._run(lambda db: ops.create_category(db, event_id, station, **values))

    def edit_selected(self) -> None:
        current = self._current()
        if current is None:
            return
        form = CategoryForm(current, self)
        if form.exec() == QDialog.DialogCode.Accepted:
            values, station = form.values(), self.ctx.station
            self._run(lambda db: ops.update_category(db, current.id, station, **values))

    def move_selected(self, step: int) -> None:
        row = self.table.currentRow()
        target = row + step
        if not (0 <= row < len(self.rows) and 0 <= target < len(self.rows)):
            return
        ids = [c.id for c in self.rows]
        ids[row], ids[target] = ids[target], ids[row]
        station, event_id = self.ctx.station, self.event_id
        self._keep_selected = self.rows[row].id  # the moved category stays selected at its new place
        self._run(lambda db: ops.reorder_categories(db, event_id, ids, station))

    def delete_selected(self) -> None:
        current = self._current()
        if current is None:
            return
        answer = QMessageBox.question(self, t("delegates.cats.delete"),
                                      t("delegates.cats.delete_confirm", label=current.label(self.ctx.language)))
        if answer == QMessageBox.StandardButton.Yes:
            station = self.ctx.station
            self._run(lambda db: ops.delete_category(db, current.id, station))
