"""What hosting adds to the main window: a status-bar line and a warning before closing.

Installed by the composition root (``confman.app``) without the shell knowing about hosting:
the status line polls the hosting state off the UI thread, and an event filter on the window
asks, while desks depend on this laptop, whether to stop the server or keep it running.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox

from confman.i18n import t

log = logging.getLogger(__name__)

POLL_MS = 10_000
STOP, KEEP, CANCEL = "stop", "keep", "cancel"


def _status():
    """The hosting state (imported on first use: the window's start does not pay for hosting)."""
    from confman.ui.settings import desks_ops

    return desks_ops.status()


def _stop() -> None:
    from confman.ui.settings import desks_ops

    desks_ops.stop()


def _back_up(folder, keep):
    from confman.core.hosting.service import backup_hosted_server

    return backup_hosted_server(folder, keep)


class HostingStatus(QLabel):
    """"Hosting · 2 desks: Bàn 1, Bàn 2" in the status bar while this laptop hosts (else hidden)."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__()
        self.setObjectName("hostingStatus")
        self.window_ = window
        self.status = None
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.backups = QTimer(self)
        self.backups.setInterval(max(1, window.ctx.settings.backup_every_minutes) * 60_000)
        self.backups.timeout.connect(self.back_up)
        self.backups.start()
        self.setVisible(False)
        window.ctx.language_changed.connect(lambda _lang: self.show_status(self.status))
        self.refresh()

    def back_up(self) -> None:
        """Every few minutes while hosting: the server's data (the desks' check-ins too) into a backup file.

        Runs on the render pool with its own connections, so desk scans on the DB lane never wait for it.
        """
        if self.status is None or not self.status.running:
            return
        s = self.window_.ctx.settings
        self.window_.ctx.tasks.run(lambda: _back_up(s.backups_path, s.backups_to_keep),
                                   on_error=lambda exc: log.warning("backup of the hosted server failed: %s", exc),
                                   pool="render")

    def refresh(self) -> None:
        self.window_.ctx.tasks.run(_status, on_done=self.show_status, on_error=lambda _exc: None,
                                   pool="render")

    def show_status(self, status) -> None:
        self.status = status
        if status is None or not status.hosting:
            self.setVisible(False)
            return
        if status.running:
            names = ", ".join(status.desks) if status.desks else t("hosting.ui.no_desks")
            self.setText(t("hosting.ui.status_bar", count=len(status.desks), names=names))
        else:
            self.setText(t("hosting.ui.status_bar_stopped"))
        self.setVisible(True)


class CloseGuard(QObject):
    """Before the host's window closes: stop the server, keep it running for the desks, or cancel."""

    def __init__(self, window: QMainWindow, status: HostingStatus) -> None:
        super().__init__(window)
        self.window_ = window
        self.status = status
        self.decided = False

    def ask(self, desks: tuple[str, ...]) -> str:
        box = QMessageBox(self.window_)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(t("hosting.ui.close_title"))
        names = ", ".join(desks) if desks else t("hosting.ui.no_desks")
        box.setText(t("hosting.ui.close_text", count=len(desks), names=names))
        stop = box.addButton(t("hosting.ui.close_stop"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(t("hosting.ui.close_keep"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(t("hosting.ui.cancel"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        clicked = box.clickedButton()
        return STOP if clicked is stop else KEEP if clicked is keep else CANCEL

    def eventFilter(self, obj, event) -> bool:  # Qt override
        if obj is not self.window_ or event.type() != QEvent.Type.Close or self.decided:
            return False
        status = _status()  # reads a file and asks the local server: quick
        if not status.running:
            if status.hosting:  # no desk can reach it: stop the local server with the window
                _stop()
            return False
        choice = self.ask(status.desks)
        if choice == CANCEL:
            event.ignore()
            return True
        if choice == KEEP:
            self.decided = True
            return False
        event.ignore()
        self.status.setText(t("hosting.ui.stopping"))

        def stopped(_result=None) -> None:
            self.decided = True
            QTimer.singleShot(0, self.window_.close)  # not from inside this close event

        self.window_.ctx.tasks.run(_stop, on_done=stopped, on_error=lambda _exc: stopped(), pool="render")
        return True


def install_hosting(window: QMainWindow) -> CloseGuard:
    """Add the status-bar line and the close warning to ``window``."""
    status = HostingStatus(window)
    window.statusBar().addPermanentWidget(status)
    guard = CloseGuard(window, status)
    window.installEventFilter(guard)
    window.hosting_status = status
    window.hosting_guard = guard
    return guard
