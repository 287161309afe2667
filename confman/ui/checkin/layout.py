"""Where the check-in desk's widgets sit: the header, the verdict card over the recent scans and
counters, and the side tabs; plus the few widgets styled only here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from confman.ui.checkin.scans_model import ScansModel

if TYPE_CHECKING:
    from confman.ui.checkin.checkin_page import CheckinPage


def desk_name_button() -> QPushButton:
    """This desk's name in the header, flat; a click renames the desk."""
    button = QPushButton()
    button.setObjectName("deskNameButton")
    button.setFlat(True)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    button.setStyleSheet("QPushButton { font-size:15px; color:#37474f; padding:2px 10px;"
                         "background:#eceff1; border-radius:6px; border:none; }"
                         "QPushButton:hover { background:#dfe5e8; }")
    return button


def note(name: str, background: str, color: str, border: str) -> QLabel:
    """A hidden, word-wrapped notice strip under the header (scanner warning, sync note)."""
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(f"background:{background}; color:{color}; border:1px solid {border};"
                        "border-radius:8px; padding:10px; font-size:14px;")
    label.hide()
    return label


def scans_table(model: ScansModel) -> QTableView:
    """The recent scans: read-only rows, never taking focus from the scanner."""
    view = QTableView()
    view.setModel(model)
    view.verticalHeader().hide()
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    view.setAlternatingRowColors(True)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
    return view


def arrange(page: CheckinPage) -> None:
    """Lay out the page's widgets: header and notices on top, the card and lists left, the tabs right."""
    header = QHBoxLayout()
    for widget in (page.title, page.station_label):
        header.addWidget(widget)
    header.addSpacing(12)
    header.addWidget(page.mode_label)
    header.addWidget(page.mode_combo)
    header.addStretch(1)
    for widget in (page.connection, page.sound_box, page.kiosk_button):
        header.addWidget(widget)

    undo_row = QHBoxLayout()
    undo_row.addStretch(1)
    undo_row.addWidget(page.undo_button)
    recent_box = QVBoxLayout()
    recent_box.addWidget(page.recent_title)
    recent_box.addWidget(page.scans_view, 1)
    lower = QHBoxLayout()
    lower.addLayout(recent_box, 3)
    lower.addWidget(page.counters, 2)
    left = QVBoxLayout()
    left.addWidget(page.card, 0)
    left.addLayout(undo_row)
    left.addLayout(lower, 1)

    body = QHBoxLayout()
    body.addLayout(left, 1)
    body.addWidget(page.tabs)
    root = QVBoxLayout(page)
    root.addLayout(header)
    root.addWidget(page.warning)
    root.addWidget(page.sync_note)
    root.addLayout(body, 1)
