"""*Join a host*: the join code scanned with the webcam or typed/pasted, and this desk's name.

Joining (certificate pinning, connection check with short timeouts) runs in an op; a wrong code,
an unreachable host or a certificate that does not match is shown in the dialog.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from confman.core.errors import DomainError
from confman.i18n import t
from confman.ui.context import UiContext
from confman.ui.settings import desks_ops
from confman.ui.settings.desks_ops import JoinResult

log = logging.getLogger(__name__)


class JoinDialog(QDialog):
    """Code + desk name → join; emits ``joined(JoinResult)`` once this window uses the host."""

    joined = Signal(object)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("joinDialog")
        self.ctx = ctx
        self.camera = None
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        form = QFormLayout()
        self.code_label, self.station_label = QLabel(), QLabel()
        self.code = QLineEdit()
        self.code.setObjectName("joinCode")
        self.code.setPlaceholderText("CM1-XXXXX-XXXXX-…")
        self.code.setMinimumWidth(460)
        self.station = QLineEdit(ctx.settings.station)
        self.station.setObjectName("joinStation")
        self.station.setMaxLength(40)
        form.addRow(self.code_label, self.code)
        form.addRow(self.station_label, self.station)
        self.scan_button = QPushButton()
        self.scan_button.setObjectName("joinScan")
        self.scan_button.setCheckable(True)
        self.scan_button.toggled.connect(self._toggle_camera)
        self.camera_holder = QVBoxLayout()
        self.message = QLabel()
        self.message.setObjectName("joinMessage")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.join_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.join_button.setObjectName("joinButton")
        self.buttons.accepted.connect(self.join)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.scan_button)
        layout.addLayout(self.camera_holder)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(t("hosting.ui.join_title"))
        self.intro.setText(t("hosting.ui.join_intro"))
        self.code_label.setText(t("hosting.ui.join_code"))
        self.station_label.setText(t("hosting.ui.join_station"))
        self.scan_button.setText(t("hosting.ui.join_scan"))
        self.join_button.setText(t("hosting.ui.join_button"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(t("hosting.ui.cancel"))

    def _toggle_camera(self, on: bool) -> None:
        if on and self.camera is None:
            from confman.ui.checkin.camera_view import CameraView

            self.camera = CameraView(self)
            self.camera.code_found.connect(self.code_scanned)
            self.camera_holder.addWidget(self.camera)
        if self.camera is not None:
            self.camera.setVisible(on)
            if on:
                self.camera.toggle.setChecked(True)

    def code_scanned(self, text: str) -> None:
        """A QR code seen by the webcam: a join code fills the field and joins at once."""
        if not desks_ops.is_join_code(text):
            return
        self.code.setText(text.strip())
        if self.camera is not None:
            self.scan_button.setChecked(False)
        self.join()

    def show_error_text(self, text: str) -> None:
        """A wrong code, an unreachable host, a certificate that does not match: said in the dialog."""
        self.join_button.setEnabled(True)
        self.message.setText(text)

    def join(self) -> None:
        code, station = self.code.text(), self.station.text().strip()
        self.message.setText(t("hosting.ui.joining"))
        self.join_button.setEnabled(False)
        settings = self.ctx.settings

        def done(result: JoinResult) -> None:
            self.join_button.setEnabled(True)
            self.joined.emit(result)
            self.accept()

        def failed(exc: BaseException) -> bool:
            if isinstance(exc, DomainError):
                return False  # the policy: show_error_text
            log.error("joining a host failed", exc_info=exc)  # sockets and TLS: said here too
            self.show_error_text(str(exc))
            return True

        self.ctx.ops.write(self, lambda db: desks_ops.join(db, settings, code, station,
                                                           lambda _s: self.ctx.save_settings())) \
            .done(done).failed(failed).run()
