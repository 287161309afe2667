"""The selected presentation: its fields, presenters and file versions.

The panel only edits and asks; the page makes the service calls. Files dropped anywhere
on the panel are added to the shown presentation.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from confman.i18n import t
from confman.ui.presentations.ops import (
    Choices,
    PresentationDraft,
    PresentationFileRow,
    PresentationRow,
    allowed_statuses,
    draft_of,
)


def local_files(event: QDragEnterEvent | QDropEvent) -> list[str]:
    """Local file paths carried by a drag (URLs of other kinds are ignored)."""
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [url.toLocalFile() for url in mime.urls() if url.isLocalFile() and url.toLocalFile()]


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


class DetailPanel(QWidget):
    save_requested = Signal(object)  # PresentationDraft
    status_requested = Signal(str)
    add_files_requested = Signal(list)  # list[str]
    browse_requested = Signal()
    restore_requested = Signal(int)  # version
    open_requested = Signal(object)  # PresentationFileRow
    delete_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.row: PresentationRow | None = None
        self.language = "vi"
        self.choices: Choices | None = None
        self._pick_ids: list[int] = []

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel()
        self.heading.setObjectName("detailHeading")
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-size: 15px; font-weight: 600;")
        outer.addWidget(self.heading)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        column = QVBoxLayout(body)

        # files first: that is what organisers chase
        self.files_box = QGroupBox()
        files_layout = QVBoxLayout(self.files_box)
        self.drop_hint = QLabel()
        self.drop_hint.setObjectName("dropHint")
        self.drop_hint.setWordWrap(True)
        self.drop_hint.setStyleSheet("color: #5D6D7E; border: 1px dashed #AAB7C4; padding: 6px;")
        self.files = QTreeWidget()
        self.files.setObjectName("fileVersions")
        self.files.setRootIsDecorated(False)
        self.files.setColumnCount(4)
        self.files.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.files.itemDoubleClicked.connect(lambda item, _c: self._open_item(item))
        self.files.itemSelectionChanged.connect(self._update_buttons)
        self.files.setMinimumHeight(90)
        self.files.setMaximumHeight(130)
        header = self.files.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        file_buttons = QHBoxLayout()
        self.add_file_button = QPushButton()
        self.add_file_button.setObjectName("addFile")
        self.add_file_button.clicked.connect(self.browse_requested)
        self.open_button = QPushButton()
        self.open_button.setObjectName("openFile")
        self.open_button.clicked.connect(lambda: self._open_item(self.files.currentItem()))
        self.restore_button = QPushButton()
        self.restore_button.setObjectName("restoreVersion")
        self.restore_button.clicked.connect(self._restore)
        for b in (self.add_file_button, self.open_button, self.restore_button):
            file_buttons.addWidget(b)
        file_buttons.addStretch(1)
        files_layout.addWidget(self.drop_hint)
        files_layout.addWidget(self.files)
        files_layout.addLayout(file_buttons)
        column.addWidget(self.files_box)

        # fields
        self.fields_box = QGroupBox()
        form = QFormLayout(self.fields_box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.status = QComboBox()
        self.status.setObjectName("status")
        self.status.activated.connect(self._status_chosen)
        self.title_vi = QLineEdit()
        self.title_vi.setObjectName("titleVi")
        self.title_en = QLineEdit()
        self.organization = QComboBox()
        self.organization.setObjectName("organization")
        self._searchable(self.organization)
        self.agenda_item = QComboBox()
        self.agenda_item.setObjectName("agendaItem")
        self._narrow(self.agenda_item)
        self._narrow(self.status)
        self.order = QSpinBox()
        self.order.setRange(0, 999)
        self.minutes = QSpinBox()
        self.minutes.setRange(0, 600)
        due_row = QHBoxLayout()
        self.has_due = QCheckBox()
        self.due = QDateEdit()
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("dd/MM/yyyy")
        self.has_due.toggled.connect(self.due.setEnabled)
        due_row.addWidget(self.has_due)
        due_row.addWidget(self.due, 1)
        self.contact = QLineEdit()
        self.abstract = QPlainTextEdit()
        self.abstract.setFixedHeight(90)
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(60)
        self.labels: dict[str, QLabel] = {}
        for key, widget in (
            ("status", self.status), ("title_vi", self.title_vi), ("title_en", self.title_en),
            ("organization", self.organization), ("agenda_item", self.agenda_item), ("order", self.order),
            ("minutes", self.minutes), ("due", due_row), ("contact", self.contact),
            ("abstract", self.abstract), ("notes", self.notes),
        ):
            label = QLabel()
            self.labels[key] = label
            form.addRow(label, widget)
        column.addWidget(self.fields_box)

        # presenters
        self.presenters_box = QGroupBox()
        presenters_layout = QVBoxLayout(self.presenters_box)
        self.presenters = QListWidget()
        self.presenters.setObjectName("presenters")
        self.presenters.setMaximumHeight(80)
        pick_row = QHBoxLayout()
        self.delegate_pick = QComboBox()
        self.delegate_pick.setObjectName("delegatePick")
        self._searchable(self.delegate_pick)
        self.add_presenter_button = QPushButton()
        self.add_presenter_button.clicked.connect(self._add_presenter)
        self.remove_presenter_button = QPushButton()
        self.remove_presenter_button.clicked.connect(self._remove_presenter)
        pick_row.addWidget(self.delegate_pick, 1)
        pick_row.addWidget(self.add_presenter_button)
        pick_row.addWidget(self.remove_presenter_button)
        presenters_layout.addWidget(self.presenters)
        presenters_layout.addLayout(pick_row)
        column.addWidget(self.presenters_box)
        column.addStretch(1)

        actions = QHBoxLayout()
        self.delete_button = QPushButton()
        self.delete_button.setObjectName("deletePresentation")
        self.delete_button.clicked.connect(self.delete_requested)
        self.save_button = QPushButton()
        self.save_button.setObjectName("savePresentation")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(lambda: self.save_requested.emit(self.draft()))
        actions.addWidget(self.delete_button)
        actions.addStretch(1)
        actions.addWidget(self.save_button)
        outer.addLayout(actions)
        self.retranslate()
        self.show_row(None)

    @staticmethod
    def _searchable(combo: QComboBox) -> None:
        """Type part of a name (diacritics included) to find it in a long list."""
        DetailPanel._narrow(combo)
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = combo.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)

    @staticmethod
    def _narrow(combo: QComboBox) -> None:
        """Long entries (agenda items, ministries) must not widen the panel."""
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(12)

    # filling -------------------------------------------------------------------
    def set_choices(self, choices: Choices) -> None:
        previous = self.choices
        self.choices = choices
        for combo, items in ((self.organization, choices.organizations), (self.agenda_item, choices.agenda_items)):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem("—", None)
            for choice in items:
                combo.addItem(f"{choice.detail} — {choice.label}" if choice.detail else choice.label, choice.id)
            combo.blockSignals(False)
        if previous is None or previous.delegates != choices.delegates:
            # One call for the whole list: 20,000 addItem() calls would hold the window for a second.
            self._pick_ids = [choice.id for choice in choices.delegates]
            self.delegate_pick.clear()
            self.delegate_pick.addItems([f"{c.label} ({c.detail})" if c.detail else c.label
                                         for c in choices.delegates])
            self.delegate_pick.setCurrentIndex(-1)
        if self.row is not None:
            self.show_row(self.row)

    def show_row(self, row: PresentationRow | None) -> None:
        self.row = row
        enabled = row is not None
        for widget in (self.files_box, self.fields_box, self.presenters_box, self.save_button, self.delete_button):
            widget.setEnabled(enabled)
        if row is None:
            self.heading.setText(t("presentations.ui.nothing_selected"))
            self.files.clear()
            return
        self.heading.setText(row.title(self.language))
        for edit, text in ((self.title_vi, row.title_vi), (self.title_en, row.title_en), (self.contact, row.contact)):
            edit.setText(text)
            edit.setCursorPosition(0)
        self._select_data(self.organization, row.organization_id)
        self._select_data(self.agenda_item, row.agenda_item_id)
        self.order.setValue(row.order_in_item)
        self.minutes.setValue(row.planned_minutes)
        self.has_due.setChecked(row.due_date is not None)
        self.due.setEnabled(row.due_date is not None)
        self.due.setDate(QDate(row.due_date) if row.due_date else QDate.currentDate())
        self.abstract.setPlainText(row.abstract)
        self.notes.setPlainText(row.notes)
        self.status.clear()
        for status in [row.status, *allowed_statuses(row.status)]:
            self.status.addItem(t(f"presentations.status.{status.value}"), status.value)
        self.status.setCurrentIndex(0)
        self.presenters.clear()
        for p in row.presenters:
            item = QListWidgetItem(", ".join(x for x in (p.display, p.position, p.organization) if x))
            item.setData(Qt.ItemDataRole.UserRole, p.delegate_id)
            self.presenters.addItem(item)
        self._fill_files(row)

    def _fill_files(self, row: PresentationRow) -> None:
        self.files.clear()
        for f in reversed(row.files):  # newest first
            restored = (t("presentations.ui.restored_from", version=f.restored_from_version)
                        if f.restored_from_version else "")
            uploaded = f.uploaded_at.astimezone().strftime("%d/%m %H:%M")
            item = QTreeWidgetItem([f"v{f.version}", f.original_name, human_size(f.size_bytes),
                                    f"{uploaded} {restored}".strip()])
            item.setData(0, Qt.ItemDataRole.UserRole, f)
            item.setToolTip(1, f"{f.original_name}\nsha256 {f.sha256}")
            if f is row.current_file:
                font = item.font(1)
                font.setBold(True)
                for c in range(4):
                    item.setFont(c, font)
            self.files.addTopLevelItem(item)
        self.files.resizeColumnToContents(0)
        self.files.resizeColumnToContents(2)
        if self.files.topLevelItemCount():
            self.files.setCurrentItem(self.files.topLevelItem(0))
        self._update_buttons()

    @staticmethod
    def _select_data(combo: QComboBox, value: int | None) -> None:
        index = combo.findData(value) if value is not None else 0
        combo.setCurrentIndex(max(0, index))

    # reading back ---------------------------------------------------------------
    def draft(self) -> PresentationDraft:
        assert self.row is not None
        return replace(
            draft_of(self.row),
            title_vi=self.title_vi.text(), title_en=self.title_en.text(),
            organization_id=self.organization.currentData(), agenda_item_id=self.agenda_item.currentData(),
            order_in_item=self.order.value() if self.agenda_item.currentData() == self.row.agenda_item_id else None,
            planned_minutes=self.minutes.value(),
            due_date=self.due.date().toPython() if self.has_due.isChecked() else None,
            contact=self.contact.text(), abstract=self.abstract.toPlainText(), notes=self.notes.toPlainText(),
            presenter_ids=tuple(self.presenters.item(i).data(Qt.ItemDataRole.UserRole)
                                for i in range(self.presenters.count())),
        )

    def selected_file(self) -> PresentationFileRow | None:
        item = self.files.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    # actions ---------------------------------------------------------------------
    def _status_chosen(self, index: int) -> None:
        value = self.status.itemData(index)
        if self.row is not None and value and value != self.row.status.value:
            self.status_requested.emit(value)

    def _add_presenter(self) -> None:
        index = self.delegate_pick.currentIndex()
        delegate_id = self._pick_ids[index] if 0 <= index < len(self._pick_ids) else None
        if delegate_id is None or self.presenters.findItems(self.delegate_pick.currentText(),
                                                            Qt.MatchFlag.MatchExactly):
            return
        existing = {self.presenters.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.presenters.count())}
        if delegate_id in existing:
            return
        item = QListWidgetItem(self.delegate_pick.currentText())
        item.setData(Qt.ItemDataRole.UserRole, delegate_id)
        self.presenters.addItem(item)

    def _remove_presenter(self) -> None:
        for item in self.presenters.selectedItems():
            self.presenters.takeItem(self.presenters.row(item))

    def _open_item(self, item: QTreeWidgetItem | None) -> None:
        if item is not None:
            self.open_requested.emit(item.data(0, Qt.ItemDataRole.UserRole))

    def _restore(self) -> None:
        chosen = self.selected_file()
        if chosen is not None and self.row is not None and chosen is not self.row.current_file:
            self.restore_requested.emit(chosen.version)

    def _update_buttons(self) -> None:
        chosen = self.selected_file()
        self.open_button.setEnabled(chosen is not None)
        self.restore_button.setEnabled(chosen is not None and self.row is not None
                                       and chosen is not self.row.current_file)

    # drag and drop ------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if self.row is not None and local_files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self.row is not None and local_files(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        paths = local_files(event)
        if self.row is None or not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.add_files_requested.emit(paths)

    # language -------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.files_box.setTitle(t("presentations.ui.files"))
        self.fields_box.setTitle(t("presentations.ui.details"))
        self.presenters_box.setTitle(t("presentations.ui.presenters"))
        self.drop_hint.setText(t("presentations.ui.drop_hint"))
        self.files.setHeaderLabels([t("presentations.ui.version"), t("presentations.ui.file_name"),
                                    t("presentations.ui.size"), t("presentations.ui.uploaded")])
        self.add_file_button.setText(t("presentations.ui.add_file"))
        self.open_button.setText(t("presentations.ui.open"))
        self.restore_button.setText(t("presentations.ui.restore"))
        for key, label in self.labels.items():
            label.setText(t(f"presentations.field.{key}"))
        self.has_due.setText(t("presentations.ui.has_due"))
        self.add_presenter_button.setText(t("presentations.ui.add_presenter"))
        self.remove_presenter_button.setText(t("presentations.ui.remove_presenter"))
        self.delegate_pick.lineEdit().setPlaceholderText(t("presentations.ui.pick_delegate"))
        self.save_button.setText(t("presentations.ui.save"))
        self.delete_button.setText(t("presentations.ui.delete"))
        if self.row is not None:
            self.show_row(self.row)
        else:
            self.heading.setText(t("presentations.ui.nothing_selected"))

