"""Merge two delegates: choose the record that stays and, per field, which value wins."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from confman.core.changes import Changes
from confman.core.registration.rows import MERGE_FIELDS
from confman.i18n import t
from confman.ui.context import UiContext
from confman.ui.delegates import ops
from confman.ui.delegates.ops import CategoryRow, DelegateDetail

_FIELD_KEYS = {
    "honorific": "delegates.field.honorific", "full_name": "delegates.field.full_name",
    "foreign_name": "delegates.field.foreign_name", "gender": "delegates.field.gender",
    "position": "delegates.field.position", "organization_id": "delegates.field.organization",
    "category_id": "delegates.field.category", "delegation": "delegates.field.delegation",
    "phone": "delegates.field.phone", "email": "delegates.field.email",
    "nationality": "delegates.field.nationality", "notes": "delegates.field.notes",
    "photo": "delegates.field.photo", "status": "delegates.field.status",
}


def _literal(text: str) -> str:
    """Button text shown as typed: a single ``&`` would otherwise become a keyboard mnemonic."""
    return text.replace("&", "&&")


def _value(detail: DelegateDetail, field: str) -> object:
    return getattr(detail, field)


class MergeDialog(QDialog):
    """Side by side: the kept record (left column by default) and the other; one radio pair per
    differing field. Check-ins, badge prints and agenda roles always move to the kept record."""

    def __init__(self, ctx: UiContext, first: DelegateDetail, second: DelegateDetail,
                 categories: list[CategoryRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mergeDialog")
        self.ctx = ctx
        self.records = (first, second)
        self.changes: Changes | None = None
        self._categories = {c.id: c for c in categories}
        self.setWindowTitle(t("delegates.merge.title"))
        self.setMinimumWidth(760)

        intro = QLabel(t("delegates.merge.intro"))
        intro.setWordWrap(True)
        self.keep_group = QButtonGroup(self)
        self.keep_first = QRadioButton(_literal(t("delegates.merge.keep", name=first.display_name, id=first.id)))
        self.keep_second = QRadioButton(_literal(t("delegates.merge.keep", name=second.display_name,
                                                   id=second.id)))
        self.keep_first.setChecked(True)
        for i, button in enumerate((self.keep_first, self.keep_second)):
            self.keep_group.addButton(button, i)

        grid_widget = QWidget()
        grid = QGridLayout(grid_widget)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        header_font = self.font()
        header_font.setBold(True)
        for column, text in enumerate((t("delegates.merge.field"), f"#{first.id}", f"#{second.id}")):
            label = QLabel(text)
            label.setFont(header_font)
            grid.addWidget(label, 0, column)
        self.field_groups: dict[str, QButtonGroup] = {}
        row = 1
        for field in MERGE_FIELDS:
            a, b = _value(first, field), _value(second, field)
            if a == b:
                continue
            grid.addWidget(QLabel(t(_FIELD_KEYS[field]).rstrip(" *")), row, 0)
            group = QButtonGroup(self)
            for side, value in enumerate((a, b)):
                radio = QRadioButton(_literal(self._display(field, value)))
                radio.setObjectName(f"merge_{field}_{side}")
                group.addButton(radio, side)
                grid.addWidget(radio, row, 1 + side)
            # Default: the kept record's value unless it is empty and the other's is not.
            group.button(1 if (a in ("", None, False) and b not in ("", None, False)) else 0).setChecked(True)
            self.field_groups[field] = group
            row += 1
        if not self.field_groups:
            grid.addWidget(QLabel(t("delegates.merge.identical")), row, 0, 1, 3)
        grid.setRowStretch(row + 1, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(grid_widget)
        scroll.setMinimumHeight(min(420, 60 + 34 * row))

        self.moves = QLabel(t("delegates.merge.moves"))
        self.moves.setWordWrap(True)
        self.moves.setStyleSheet("color: #5f6368;")
        self.error = QLabel()
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #B3261E;")
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.merge_button.setText(t("delegates.merge.do"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(t("delegates.dialog.cancel"))
        buttons.accepted.connect(self.merge)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.keep_first)
        layout.addWidget(self.keep_second)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.moves)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _display(self, field: str, value: object) -> str:
        if value in (None, ""):
            return t("delegates.merge.empty")
        if field == "organization_id":
            detail = next(d for d in self.records if d.organization_id == value)
            return detail.organization
        if field == "category_id":
            category = self._categories.get(value)  # type: ignore[arg-type]
            return category.label(self.ctx.language) if category else str(value)
        if field == "photo":
            return t("delegates.merge.has_photo")
        if field == "status":
            return t(f"delegates.status.{value}")
        if field == "gender":
            return t(f"delegates.gender.{value}")
        if field == "foreign_name":
            return t("delegates.yes") if value else t("delegates.no")
        text = str(value)
        return text if len(text) <= 80 else text[:79] + "…"

    def choose(self, field: str, side: int) -> None:
        """Pick the value of ``side`` (0 = first record, 1 = second) for ``field``."""
        self.field_groups[field].button(side).setChecked(True)

    def plan(self) -> tuple[int, int, list[str]]:
        """(survivor id, other id, fields whose value comes from the other)."""
        keep_side = self.keep_group.checkedId()
        survivor, other = self.records[keep_side], self.records[1 - keep_side]
        take = [field for field, group in self.field_groups.items() if group.checkedId() != keep_side]
        return survivor.id, other.id, take

    def merge(self) -> None:
        survivor, other, take = self.plan()
        station = self.ctx.station

        def merged(changes: Changes) -> None:
            self.changes = changes
            self.accept()

        self.ctx.ops.write(self, lambda db: ops.merge(db, survivor, other, take, station)).done(merged).run()

    def show_error_text(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
