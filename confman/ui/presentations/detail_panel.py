"""The selected presentation: its fields, presenters and file versions.

The panel only edits and asks; the page makes the service calls. Files dropped anywhere
on the panel are added to the shown presentation.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from confman.i18n import t
from confman.ui.presentations.combos import narrow, searchable, select_data
from confman.ui.presentations.drop_table import local_files
from confman.ui.presentations.file_versions_box import FileVersionsBox
from confman.ui.presentations.ops import (
    Choices,
    PresentationDraft,
    PresentationRow,
    allowed_statuses,
    draft_of,
)
from confman.ui.presentations.presenters_box import PresentersBox

__all__ = ["DetailPanel", "local_files"]


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
        self.files_box = FileVersionsBox()
        self.files_box.browse_requested.connect(self.browse_requested)
        self.files_box.restore_requested.connect(self.restore_requested)
        self.files_box.open_requested.connect(self.open_requested)
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
        searchable(self.organization)
        self.agenda_item = QComboBox()
        self.agenda_item.setObjectName("agendaItem")
        narrow(self.agenda_item)
        narrow(self.status)
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

        self.presenters_box = PresentersBox()
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
            self.presenters_box.set_delegates(choices.delegates)
        if self.row is not None:
            self.show_row(self.row)

    def show_row(self, row: PresentationRow | None) -> None:
        self.row = row
        enabled = row is not None
        for widget in (self.files_box, self.fields_box, self.presenters_box, self.save_button, self.delete_button):
            widget.setEnabled(enabled)
        if row is None:
            self.heading.setText(t("presentations.ui.nothing_selected"))
            self.files_box.show_files(None)
            return
        self.heading.setText(row.title(self.language))
        for edit, text in ((self.title_vi, row.title_vi), (self.title_en, row.title_en), (self.contact, row.contact)):
            edit.setText(text)
            edit.setCursorPosition(0)
        select_data(self.organization, row.organization_id)
        select_data(self.agenda_item, row.agenda_item_id)
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
        self.presenters_box.show_presenters(row)
        self.files_box.show_files(row)

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
            presenter_ids=self.presenters_box.presenter_ids(),
        )

    # actions ---------------------------------------------------------------------
    def _status_chosen(self, index: int) -> None:
        value = self.status.itemData(index)
        if self.row is not None and value and value != self.row.status.value:
            self.status_requested.emit(value)

    # drag and drop ------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if self.row is not None and local_files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 - Qt override
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
        self.files_box.retranslate()
        self.fields_box.setTitle(t("presentations.ui.details"))
        self.presenters_box.retranslate()
        for key, label in self.labels.items():
            label.setText(t(f"presentations.field.{key}"))
        self.has_due.setText(t("presentations.ui.has_due"))
        self.save_button.setText(t("presentations.ui.save"))
        self.delete_button.setText(t("presentations.ui.delete"))
        if self.row is not None:
            self.show_row(self.row)
        else:
            self.heading.setText(t("presentations.ui.nothing_selected"))
