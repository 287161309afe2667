"""The desk's side tabs: find someone by name, and register a walk-in. Widgets only; the page runs the ops."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from confman.i18n import t
from confman.ui.checkin.ops import CategoryOption, LookupRow

HONORIFICS = ("Ông", "Bà", "Mr", "Ms", "Mrs", "Dr")
LOOKUP_DELAY_MS = 200


class LookupTab(QWidget):
    """A search box and its matches; Enter or the button checks in the selected person."""

    query_changed = Signal(str)  # after the typing pause
    checkin_requested = Signal(int)  # delegate id
    print_requested = Signal(int)  # delegate id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setObjectName("lookupEdit")
        self.edit.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setObjectName("lookupResults")
        self.results.itemDoubleClicked.connect(lambda _i: self._check_in())
        self.checkin_button = QPushButton()
        self.checkin_button.setObjectName("lookupCheckin")
        self.checkin_button.clicked.connect(self._check_in)
        self.print_button = QPushButton()
        self.print_button.setObjectName("lookupPrintBadge")
        self.print_button.clicked.connect(self._print)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(LOOKUP_DELAY_MS)
        self.timer.timeout.connect(lambda: self.query_changed.emit(self.edit.text()))
        self.edit.textChanged.connect(lambda _t: self.timer.start())
        self.edit.returnPressed.connect(self._enter)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight:600; color:#37474f;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.edit)
        layout.addWidget(self.results, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.checkin_button, 2)
        buttons.addWidget(self.print_button, 1)
        layout.addLayout(buttons)
        self._pending_enter = False

    def retranslate(self, lang: str) -> None:
        self.title.setText(t("checkin.lookup", lang))
        self.edit.setPlaceholderText(t("checkin.lookup.placeholder", lang))
        self.checkin_button.setText(t("checkin.lookup.checkin", lang))
        self.print_button.setText(t("checkin.lookup.print", lang))

    def selected_id(self) -> int | None:
        item = self.results.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def show_rows(self, rows: list[LookupRow], lang: str) -> None:
        self.results.clear()
        for row in rows:
            cat = row.category_label_en if lang == "en" and row.category_label_en else row.category_label_vi
            line = f"{row.honorific} {row.full_name}".strip()
            sub = " · ".join(p for p in (row.organization, cat) if p)
            flags = []
            if row.checked_in:
                flags.append("✓ " + t("checkin.lookup.in", lang))
            if row.cancelled:
                flags.append("✗ " + t("checkin.lookup.cancelled", lang))
            text = line + (f"  [{', '.join(flags)}]" if flags else "") + (f"\n{sub}" if sub else "")
            item = QListWidgetItem(text, self.results)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
        if rows:
            self.results.setCurrentRow(0)
        elif self.edit.text().strip():
            none = QListWidgetItem(t("checkin.lookup.none", lang), self.results)
            none.setFlags(Qt.ItemFlag.NoItemFlags)
        if self._pending_enter:
            self._pending_enter = False
            self._check_in()

    def _enter(self) -> None:
        if self.timer.isActive():  # Enter before the pause ended: search now, check in the first match
            self.timer.stop()
            self._pending_enter = True
            self.query_changed.emit(self.edit.text())
            return
        self._check_in()

    def _check_in(self) -> None:
        delegate_id = self.selected_id()
        if delegate_id is not None:
            self.checkin_requested.emit(delegate_id)

    def _print(self) -> None:
        delegate_id = self.selected_id()
        if delegate_id is not None:
            self.print_requested.emit(delegate_id)


class WalkInTab(QWidget):
    """Someone not on the list: name, organisation, position, category; Enter saves."""

    save_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLineEdit()
        self.name.setObjectName("walkinName")
        self.honorific = QComboBox()
        self.honorific.setEditable(True)
        self.honorific.addItems(("", *HONORIFICS))
        self.organization = QLineEdit()
        self.position = QLineEdit()
        self.category = QComboBox()
        self.print_badge = QCheckBox()
        self.print_badge.setObjectName("walkinPrintBadge")
        self.print_badge.setChecked(True)
        self.save_button = QPushButton()
        self.save_button.setObjectName("walkinSave")
        self.save_button.clicked.connect(self.save_requested)
        for field in (self.name, self.organization, self.position):
            field.returnPressed.connect(self.save_requested)  # Enter saves: a walk-in in a few seconds
        self.labels = [QLabel() for _ in range(5)]
        form = QFormLayout(self)
        for label, field in zip(self.labels, (self.honorific, self.name, self.organization, self.position,
                                              self.category), strict=True):
            form.addRow(label, field)
        form.addRow(self.print_badge)
        form.addRow(self.save_button)

    def retranslate(self, lang: str) -> None:
        for label, key in zip(self.labels, ("honorific", "name", "organization", "position", "category"),
                              strict=True):
            label.setText(t(f"checkin.walkin.{key}", lang))
        self.print_badge.setText(t("checkin.walkin.print", lang))
        self.save_button.setText(t("checkin.walkin.save", lang))

    def set_categories(self, categories: list[CategoryOption], lang: str) -> None:
        self.category.clear()
        for cat in categories:
            self.category.addItem(cat.label(lang), cat.id)
        self.category.setCurrentIndex(next((i for i, c in enumerate(categories) if c.code == "DB"), 0))

    def values(self) -> dict[str, object]:
        return dict(full_name=self.name.text(), organization=self.organization.text(),
                    position=self.position.text(), category_id=self.category.currentData(),
                    honorific=self.honorific.currentText())

    def clear(self) -> None:
        for field in (self.name, self.organization, self.position):
            field.clear()
        self.honorific.setCurrentIndex(0)
        self.name.setFocus()
