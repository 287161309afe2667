"""*Settings → Desks*: host this event for other desks, show the join code, finish; or join a host.

Every call into the core runs in an op (``desks_ops``): starting the server and copying the tables
show progress, and switching the window's database tells the window (``actions.database_switched``);
the section only shows state and what the ops return.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QGuiApplication, QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from confman.core.errors import DomainError
from confman.i18n import t
from confman.ui.context import UiContext
from confman.ui.settings import desks_ops
from confman.ui.settings.desks_ops import (
    DesksState,
    FinishReport,
    HostInfo,
    HostStatus,
    JoinResult,
    LanAddress,
)
from confman.ui.widgets.progress import ProgressStrip

log = logging.getLogger(__name__)
POLL_MS = 5000
LOOPBACK = "127.0.0.1"
QR_MODULE_PX = 4


def qr_pixmap(text: str, module_px: int = QR_MODULE_PX) -> QPixmap:
    """A crisp QR code of ``text`` (nearest-neighbour scaled, quiet zone included)."""
    image = desks_ops.qr_image(text)
    data = image.tobytes()
    qimage = QImage(data, image.width, image.height, image.width, QImage.Format.Format_Grayscale8).copy()
    return QPixmap.fromImage(qimage.scaled(image.width * module_px, image.height * module_px,
                                           Qt.AspectRatioMode.KeepAspectRatio,
                                           Qt.TransformationMode.FastTransformation))


class DesksSection(QGroupBox):
    """Host / finish / new code / join / leave, the join code as text and QR, desks connected."""

    database_switched = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("desksSection")
        self.ctx = ctx
        self.status: HostStatus | None = None
        self.joined: dict | None = None
        self._busy = False
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.state_label = QLabel()
        self.state_label.setObjectName("desksState")
        self.state_label.setWordWrap(True)
        self.state_label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.state_label.font()
        font.setBold(True)
        self.state_label.setFont(font)

        address_row = QHBoxLayout()
        self.address_label = QLabel()
        self.address = QComboBox()
        self.address.setObjectName("desksAddress")
        self.address.setMinimumWidth(260)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.reload_addresses)
        address_row.addWidget(self.address_label)
        address_row.addWidget(self.address, 1)
        address_row.addWidget(self.refresh_button)

        buttons = QHBoxLayout()
        self.host_button = QPushButton()
        self.host_button.setObjectName("desksHost")
        self.host_button.clicked.connect(self.start_hosting)
        self.finish_button = QPushButton()
        self.finish_button.setObjectName("desksFinish")
        self.finish_button.clicked.connect(self.finish_hosting)
        self.new_code_button = QPushButton()
        self.new_code_button.setObjectName("desksNewCode")
        self.new_code_button.clicked.connect(self.new_code)
        for button in (self.host_button, self.finish_button, self.new_code_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.progress = ProgressStrip(cancellable=False)
        self.progress.setObjectName("desksProgress")

        code_row = QHBoxLayout()
        self.qr = QLabel()
        self.qr.setObjectName("desksQr")
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        code_column = QVBoxLayout()
        self.code_caption = QLabel()
        self.code = QLabel()
        self.code.setObjectName("desksCode")
        self.code.setWordWrap(True)
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        mono.setPointSizeF(max(self.font().pointSizeF(), 10.0) + 1)
        self.code.setFont(mono)
        self.copy_button = QPushButton()
        self.copy_button.clicked.connect(self.copy_code)
        self.desks_label = QLabel()
        self.desks_label.setObjectName("desksConnected")
        self.desks_label.setWordWrap(True)
        code_column.addWidget(self.code_caption)
        code_column.addWidget(self.code)
        code_column.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignLeft)
        code_column.addWidget(self.desks_label)
        code_column.addStretch(1)
        code_row.addWidget(self.qr)
        code_row.addLayout(code_column, 1)
        self.code_box = QWidget()
        self.code_box.setLayout(code_row)

        self.firewall = QLabel()
        self.firewall.setObjectName("desksFirewall")
        self.firewall.setWordWrap(True)
        self.firewall.setStyleSheet("color:#555;")

        desk_row = QHBoxLayout()
        self.join_button = QPushButton()
        self.join_button.setObjectName("desksJoin")
        self.join_button.clicked.connect(self.open_join_dialog)
        self.leave_button = QPushButton()
        self.leave_button.setObjectName("desksLeave")
        self.leave_button.clicked.connect(self.leave_host)
        desk_row.addWidget(self.join_button)
        desk_row.addWidget(self.leave_button)
        desk_row.addStretch(1)

        self.message = QLabel()
        self.message.setObjectName("desksMessage")
        self.message.setWordWrap(True)

        for widget in (self.intro, self.state_label):
            layout.addWidget(widget)
        layout.addLayout(address_row)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.code_box)
        layout.addWidget(self.firewall)
        layout.addLayout(desk_row)
        layout.addWidget(self.message)

        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.refresh)
        ctx.language_changed.connect(lambda _lang: self.retranslate())
        self.reload_addresses()
        self.retranslate()
        self.refresh()

    # state ------------------------------------------------------------------------------------
    def show_error_text(self, text: str) -> None:
        """A domain error of one of the section's ops, under the buttons."""
        self._set_busy(False)
        self.message.setText(text)

    def _failed(self, exc: BaseException) -> bool:
        """Hosting reaches processes, files and the network: an error that is not a domain error is
        still said here (and logged), not only in the crash dialog."""
        if isinstance(exc, DomainError):
            return False  # the policy: show_error_text
        self._set_busy(False)
        log.error("hosting action failed", exc_info=exc)
        self.message.setText(t("hosting.ui.failed", detail=str(exc)))
        return True

    def reload_addresses(self) -> None:
        """The laptop's LAN addresses, likeliest first, and 127.0.0.1 for a test on this laptop alone."""
        self.ctx.ops.read(self, desks_ops.addresses).latest("addresses").done(self._show_addresses) \
            .failed(self._failed).run()

    def _show_addresses(self, found: list[LanAddress]) -> None:
        current = self.address.currentData()
        if self.status is not None and self.status.hosting and self.status.address:
            current = self.status.address
        self.address.clear()
        for entry in found:
            self.address.addItem(entry.label, entry.address)
        self.address.addItem(t("hosting.ui.loopback", address=LOOPBACK), LOOPBACK)
        index = self.address.findData(current) if current else -1
        self.address.setCurrentIndex(max(index, 0))

    def select_address(self, address: str) -> None:
        index = self.address.findData(address)
        if index >= 0:
            self.address.setCurrentIndex(index)

    def refresh(self) -> None:
        """Ask for the hosting state in an op (the desks query may take a moment)."""
        if self._busy:
            return
        self.ctx.ops.read(self, desks_ops.state).latest("state").done(self._show_state).failed(self._failed).run()

    def _show_state(self, state: DesksState) -> None:
        self.joined = state.joined
        self._show_status(state.status)

    def _show_status(self, status: HostStatus) -> None:
        self.status = status
        bar = getattr(self.window(), "hosting_status", None)
        if bar is not None:
            bar.show_status(status)  # the status bar says the same at once
        hosting, running = status.hosting, status.running
        joined = self.joined if not hosting else None
        if hosting and running:
            self.state_label.setText(t("hosting.ui.state_running", address=status.address, port=status.port))
        elif hosting:
            self.state_label.setText(t("hosting.ui.state_stopped"))
        elif joined and not self.ctx.database_is_file:
            self.state_label.setText(t("hosting.ui.state_desk", address=joined.get("address", ""),
                                       port=joined.get("port", ""), station=joined.get("station", "")))
        else:
            self.state_label.setText(t("hosting.ui.state_idle"))
        if status.join:
            self.code.setText(status.join)
            self.qr.setPixmap(qr_pixmap(status.join))
        self.code_box.setVisible(bool(hosting and running and status.join))
        names = ", ".join(status.desks) if status.desks else t("hosting.ui.no_desks")
        self.desks_label.setText(t("hosting.ui.desks", count=len(status.desks), names=names))
        if hosting and status.address:
            self.select_address(status.address)
        self._update_buttons()
        if hosting and running and not self.timer.isActive():
            self.timer.start()
        elif not (hosting and running):
            self.timer.stop()

    def _update_buttons(self) -> None:
        status = self.status
        hosting = bool(status and status.hosting)
        running = bool(status and status.running)
        joined = not self.ctx.database_is_file and not hosting
        idle = not self._busy
        self.host_button.setEnabled(idle and not running and not joined)
        self.host_button.setText(t("hosting.ui.resume") if hosting and not running else t("hosting.ui.host"))
        self.finish_button.setEnabled(idle and hosting)
        self.new_code_button.setEnabled(idle and running)
        self.address.setEnabled(idle and not running)
        self.join_button.setEnabled(idle and not hosting)
        self.leave_button.setEnabled(idle and joined)
        self.leave_button.setVisible(joined)

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        if text:
            self.message.setText(text)
        self._update_buttons()

    def _switched(self) -> None:
        """The window now works on another database: every page reloads from it."""
        self.ctx.actions.database_switched()
        self.ctx.event_changed.emit(self.ctx.event)
        self.database_switched.emit()

    def _persist(self, _settings) -> None:
        self.ctx.save_settings()

    # actions ------------------------------------------------------------------------------------
    def start_hosting(self) -> None:
        address = self.address.currentData() or LOOPBACK
        self._set_busy(True, t("hosting.ui.starting"))
        settings, persist = self.ctx.settings, self._persist

        def done(info: HostInfo) -> None:
            self._set_busy(False)
            if info.tables:
                self.message.setText(t("hosting.ui.started_copied", tables=len(info.tables),
                                       rows=sum(info.tables.values())))
            else:
                self.message.setText(t("hosting.ui.resumed"))
            self._switched()
            self.refresh()

        self.ctx.ops.write(self, lambda db, steps: desks_ops.host(db, steps, settings, address, persist)) \
            .progress(self.progress, t("hosting.ui.starting")).done(done).failed(self._failed).run()

    def confirm_finish(self, desks: tuple[str, ...]) -> bool:
        text = t("hosting.ui.finish_confirm")
        if desks:
            text += "\n\n" + t("hosting.ui.finish_desks_warning", count=len(desks), names=", ".join(desks))
        answer = QMessageBox.question(self, t("hosting.ui.finish"), text)
        return answer == QMessageBox.StandardButton.Yes

    def finish_hosting(self) -> None:
        desks = self.status.desks if self.status else ()
        if not self.confirm_finish(desks):
            return
        self._set_busy(True, t("hosting.ui.finishing"))
        settings, persist = self.ctx.settings, self._persist

        def done(report: FinishReport) -> None:
            self._set_busy(False)
            self.message.setText(t("hosting.ui.finished", rows=sum(report.tables.values()),
                                   tables=len(report.tables), path=str(report.server_copy)))
            self._switched()
            self.refresh()

        self.ctx.ops.write(self, lambda db, steps: desks_ops.finish(db, steps, settings, persist)) \
            .progress(self.progress, t("hosting.ui.finishing")).done(done).failed(self._failed).run()

    def new_code(self) -> None:
        answer = QMessageBox.question(self, t("hosting.ui.new_code"), t("hosting.ui.new_code_confirm"))
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._set_busy(True)

        def done(_code: str) -> None:
            self._set_busy(False, t("hosting.ui.new_code_done"))
            self.refresh()

        self.ctx.ops.read(self, desks_ops.new_code).done(done).failed(self._failed).run()

    def copy_code(self) -> None:
        QGuiApplication.clipboard().setText(self.code.text())
        self.message.setText(t("hosting.ui.copied"))

    def open_join_dialog(self):
        from confman.ui.settings.join_dialog import JoinDialog

        dialog = JoinDialog(self.ctx, self)
        dialog.joined.connect(self._joined)
        dialog.open()
        return dialog

    def _joined(self, result: JoinResult) -> None:
        self.message.setText(t("hosting.ui.joined", address=result.address, port=result.port,
                               station=result.station))
        self._switched()
        self.refresh()

    def leave_host(self) -> None:
        answer = QMessageBox.question(self, t("hosting.ui.leave"), t("hosting.ui.leave_confirm"))
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._set_busy(True)

        def done(_none) -> None:
            self._set_busy(False, t("hosting.ui.left"))
            self._switched()
            self.refresh()

        settings, persist = self.ctx.settings, self._persist
        self.ctx.ops.write(self, lambda db: desks_ops.leave(db, settings, persist)).done(done) \
            .failed(self._failed).run()

    # language -----------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setTitle(t("hosting.ui.title"))
        self.intro.setText(t("hosting.ui.intro"))
        self.address_label.setText(t("hosting.ui.address"))
        self.address.setToolTip(t("hosting.ui.address_tip"))
        self.refresh_button.setText(t("hosting.ui.refresh_addresses"))
        self.finish_button.setText(t("hosting.ui.finish"))
        self.new_code_button.setText(t("hosting.ui.new_code"))
        self.code_caption.setText(t("hosting.ui.code_caption"))
        self.copy_button.setText(t("hosting.ui.copy"))
        self.firewall.setText(t("hosting.ui.firewall"))
        self.join_button.setText(t("hosting.ui.join"))
        self.leave_button.setText(t("hosting.ui.leave"))
        index = self.address.findData(LOOPBACK)
        if index >= 0:
            self.address.setItemText(index, t("hosting.ui.loopback", address=LOOPBACK))
        if self.status is not None:
            self._show_status(self.status)
        else:
            self.state_label.setText(t("hosting.ui.state_idle"))
            self.desks_label.setText("")
            self.code_box.setVisible(False)
            self._update_buttons()
