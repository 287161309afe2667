"""The check-in desk's top row: the page title, this desk's name (a click renames it), the check-in
mode (the entrance or one session), the connection, sounds, and the kiosk button; and the notice
strips shown under it (scanner warning, sync note)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from confman.i18n import t
from confman.ui.checkin.ops import SessionItem
from confman.ui.checkin.result_card import ERROR_COLOR, OK_COLOR


def notice_strip(name: str, background: str, color: str, border: str) -> QLabel:
    """A hidden, word-wrapped notice strip under the header (scanner warning, sync note)."""
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(f"background:{background}; color:{color}; border:1px solid {border};"
                        "border-radius:8px; padding:10px; font-size:14px;")
    label.hide()
    return label


class DeskHeader(QWidget):
    """The desk's top row; says what the user asked for (signals) and shows what the page tells it."""

    rename_requested = Signal()
    mode_chosen = Signal(object)  # agenda item id, or None for the entrance
    sounds_toggled = Signal(bool)
    kiosk_clicked = Signal()

    def __init__(self, sounds_on: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.title.setStyleSheet("font-size:22px; font-weight:700;")
        self.station_label = QPushButton()  # flat: this desk's name; a click renames the desk
        self.station_label.setObjectName("deskNameButton")
        self.station_label.setFlat(True)
        self.station_label.setCursor(Qt.CursorShape.PointingHandCursor)
        self.station_label.setStyleSheet("QPushButton { font-size:15px; color:#37474f; padding:2px 10px;"
                                         "background:#eceff1; border-radius:6px; border:none; }"
                                         "QPushButton:hover { background:#dfe5e8; }")
        self.station_label.clicked.connect(self.rename_requested)
        self.mode_label = QLabel()
        self.mode_combo = QComboBox()
        self.mode_combo.setMinimumWidth(280)
        self.mode_combo.currentIndexChanged.connect(
            lambda index: self.mode_chosen.emit(self.mode_combo.itemData(index) if index >= 0 else None))
        self.connection = QLabel()
        self.connection.setObjectName("connectionStatus")
        self.sound_box = QCheckBox()
        self.sound_box.setChecked(sounds_on)
        self.sound_box.toggled.connect(self.sounds_toggled)
        self.kiosk_button = QPushButton()
        self.kiosk_button.setObjectName("kioskButton")
        self.kiosk_button.clicked.connect(self.kiosk_clicked)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.title, self.station_label):
            row.addWidget(widget)
        row.addSpacing(12)
        row.addWidget(self.mode_label)
        row.addWidget(self.mode_combo)
        row.addStretch(1)
        for widget in (self.connection, self.sound_box, self.kiosk_button):
            row.addWidget(widget)

    def retranslate(self, lang: str, *, station: str, kiosk: bool) -> None:
        self.title.setText(t("checkin.title", lang))
        self.show_station(station, lang)
        self.station_label.setToolTip(t("desk.name.change", lang))
        self.mode_label.setText(t("checkin.mode", lang))
        self.sound_box.setText(t("checkin.sounds", lang))
        self.kiosk_button.setText(t("checkin.kiosk.exit" if kiosk else "checkin.kiosk", lang))
        if self.mode_combo.count():
            self.mode_combo.setItemText(0, t("checkin.mode.entry", lang))

    def show_station(self, name: str, lang: str) -> None:
        self.station_label.setText(t("checkin.station", lang, station=name or "…"))

    def set_modes(self, items: Sequence[SessionItem], selected: int | None, lang: str) -> int | None:
        """The entrance, then one mode per session; keeps ``selected`` when it is still offered (quietly).
        Returns the mode now chosen."""
        combo = self.mode_combo
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(t("checkin.mode.entry", lang), None)
        for item in items:
            when = f"{item.day.strftime('%d/%m')} {item.start_time.strftime('%H:%M')}"
            combo.addItem(t("checkin.mode.item", lang, time=when, title=item.title(lang)), item.id)
        index = max(0, combo.findData(selected))
        combo.setCurrentIndex(index)
        combo.blockSignals(False)
        return combo.itemData(index)

    def clear_modes(self) -> None:
        """No event: no modes (``mode_chosen`` says None)."""
        self.mode_combo.clear()

    def show_connection(self, text: str, *, online: bool) -> None:
        """The link to the server: quiet green while online, a red strip while offline."""
        self.connection.setText(text)
        if online:
            self.connection.setStyleSheet(f"color:{OK_COLOR}; font-weight:600;")
        else:
            self.connection.setStyleSheet(f"color:white; background:{ERROR_COLOR}; font-weight:600;"
                                          "padding:4px 10px; border-radius:6px;")
