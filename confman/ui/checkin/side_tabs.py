"""The desk's side tabs: find someone by name, and register a walk-in. Widgets only; the page runs the ops."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
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
from confman.ui.checkin.ops import CategoryOption, LookupRow, fold

HONORIFICS = ("Ông", "Bà", "Mr", "Ms", "Mrs", "Dr")
LOOKUP_DELAY_MS = 200
FOLDED_ROLE = Qt.ItemDataRole.UserRole + 1


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


class FoldedCompleter(QCompleter):
    """Completes organization names whatever the diacritics: "bo ngoai" and "Bộ Ngoại" both find
    "Bộ Ngoại giao" (matching on the folded name, inserting the real one)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.names = QStandardItemModel(self)
        self.setModel(self.names)
        self.setCompletionRole(FOLDED_ROLE)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setMaxVisibleItems(8)

    def set_names(self, names: list[str]) -> None:
        self.names.clear()
        for name in names:
            item = QStandardItem(name)
            item.setData(fold(name), FOLDED_ROLE)
            self.names.appendRow(item)

    def splitPath(self, path: str) -> list[str]:  # noqa: N802 - Qt override
        return [fold(path)]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:  # noqa: N802 - Qt override
        return str(index.data(Qt.ItemDataRole.DisplayRole) or "")


class WalkInTab(QWidget):
    """Someone not on the list: Họ và tên, Đơn vị, Chức vụ, Điện thoại, Hạng, Danh xưng — labelled, in that
    tab order (a phone that fails the rules is saved empty and the delegate marked for a check).

    Enter in any field saves, checks in and (with the box ticked) prints the badge; Enter on an
    organization suggestion takes it and moves on to Chức vụ. A missing name is said under the form.
    """

    save_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLineEdit()
        self.name.setObjectName("walkinName")
        self.organization = QLineEdit()
        self.organization.setObjectName("walkinOrganization")
        self.completer = FoldedCompleter(self)
        self.organization.setCompleter(self.completer)
        self.completer.popup().installEventFilter(self)  # after the completer's own filter: runs first
        self.organization.returnPressed.connect(self._organization_enter)
        self.position = QLineEdit()
        self.position.setObjectName("walkinPosition")
        self.phone = QLineEdit()
        self.phone.setObjectName("walkinPhone")
        self.phone.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
        self.category = QComboBox()
        self.category.setObjectName("walkinCategory")
        self.honorific = QComboBox()
        self.honorific.setObjectName("walkinHonorific")
        self.honorific.setEditable(True)
        self.honorific.addItems(("", *HONORIFICS))
        self.print_badge = QCheckBox()
        self.print_badge.setObjectName("walkinPrintBadge")
        self.print_badge.setChecked(True)
        self.save_button = QPushButton()
        self.save_button.setObjectName("walkinSave")
        self.save_button.clicked.connect(self.save_requested)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color:#546e7a;")
        self.message = QLabel()
        self.message.setObjectName("walkinMessage")
        self.message.setWordWrap(True)
        self._completing = False
        self.fields: tuple[QWidget, ...] = (self.name, self.organization, self.position, self.phone,
                                            self.category, self.honorific)
        self.labels = [QLabel() for _ in self.fields]
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for label, field in zip(self.labels, self.fields, strict=True):
            label.setBuddy(field)
            form.addRow(label, field)
        for widget in (*self.fields, self.print_badge):
            widget.installEventFilter(self)
        honorific_edit = self.honorific.lineEdit()
        if honorific_edit is not None:
            honorific_edit.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.print_badge)
        layout.addWidget(self.save_button)
        layout.addWidget(self.hint)
        layout.addWidget(self.message)
        layout.addStretch(1)
        chain = (*self.fields, self.print_badge, self.save_button)
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def retranslate(self, lang: str) -> None:
        for label, key in zip(self.labels, ("name", "organization", "position", "phone", "category",
                                            "honorific"), strict=True):
            label.setText(t(f"checkin.walkin.{key}", lang))
        self.print_badge.setText(t("checkin.walkin.print", lang))
        self.save_button.setText(t("checkin.walkin.save", lang))
        self.hint.setText(t("desk.walkin.hint", lang))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if watched is self.completer.popup():  # Enter in the suggestions: the completer passes it on
                self._completing = self.completer.popup().currentIndex().isValid()
                QTimer.singleShot(0, self._completion_done)
                return False
            if watched is self.category and self.category.view().isVisible():
                return False  # Enter picks in the open list
            self.save_requested.emit()
            return True
        return super().eventFilter(watched, event)

    def _completion_done(self) -> None:
        self._completing = False

    def _organization_enter(self) -> None:
        """An Enter the completer passed on (the field's own Enter is caught by ``eventFilter``): after taking
        a suggestion it moves on to Chức vụ; with the list open and nothing picked it saves."""
        if self._completing:
            self._completing = False
            self.position.setFocus(Qt.FocusReason.TabFocusReason)
            return
        self.save_requested.emit()

    def set_categories(self, categories: list[CategoryOption], lang: str) -> None:
        self.category.clear()
        for cat in categories:
            self.category.addItem(cat.label(lang), cat.id)
        self.category.setCurrentIndex(next((i for i, c in enumerate(categories) if c.code == "DB"), 0))

    def set_organizations(self, names: list[str]) -> None:
        self.completer.set_names(names)

    def values(self) -> dict[str, object]:
        return dict(full_name=self.name.text(), organization=self.organization.text(),
                    position=self.position.text(), phone=self.phone.text(), category_id=self.category.currentData(),
                    honorific=self.honorific.currentText())

    def show_message(self, text: str, *, error: bool) -> None:
        self.message.setStyleSheet("color:#b71c1c; font-weight:600;" if error else "color:#1b5e20;")
        self.message.setText(text)

    def missing_name(self, lang: str) -> bool:
        """True (with the message shown and the cursor in the name) when no name was typed."""
        if self.name.text().strip():
            return False
        self.show_message(t("desk.walkin.missing_name", lang), error=True)
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def clear(self) -> None:
        """Ready for the next person: empty fields (the category kept), the cursor in the name."""
        for field in (self.name, self.organization, self.position, self.phone):
            field.clear()
        self.honorific.setCurrentIndex(0)
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)
