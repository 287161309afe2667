"""What hosting adds to the main window: a status-bar line and a warning before closing.

Installed by the composition root (``confman.app``) without the shell knowing about hosting:
the status line polls the hosting state in an op, and an event filter on the window asks, while
desks depend on this laptop, whether to stop the server or keep it running. ``desks_ops`` is
imported inside the ops (on their worker): the window's start does not pay for hosting.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox

from confman.i18n import t

log = logging.getLogger(__name__)

POLL_MS = 10_000
STOP, KEEP, CANCEL = "stop", "keep", "cancel"


def _status(db: Any) -> Any:
    from confman.ui.settings import desks_ops

    return desks_ops.status(db)


def _stop(db: Any) -> None:
    from confman.ui.settings import desks_ops

    desks_ops.stop(db)


def _back_up(db: Any, folder: Any, keep: int) -> Any:
    from confman.ui.settings import desks_ops

    return desks_ops.back_up_hosted(db, folder, keep)


def _hosting_active() -> bool:
    from confman.ui.settings import desks_ops

    return desks_ops.hosting_active()


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

        A read op with its own connections: desk scans (their own lane) never wait for it.
        """
        if self.status is None or not self.status.running:
            return
        folder, keep = self.window_.ctx.settings.backups_path, self.window_.ctx.settings.backups_to_keep
        self.window_.ctx.ops.read(self, lambda db: _back_up(db, folder, keep)).latest("backup") \
            .failed(self._backup_failed).run()

    @staticmethod
    def _backup_failed(exc: BaseException) -> bool:
        log.warning("backup of the hosted server failed: %s", exc)
        return True

    def refresh(self) -> None:
        self.window_.ctx.ops.read(self, _status).latest("status").done(self.show_status) \
            .failed(lambda _exc: True).run()

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
        """Closing while hosting: ask the server for the desks connected (an op), then decide.

        Without hosting (a small local file says so) the window closes at once.
        """
        if obj is not self.window_ or event.type() != QEvent.Type.Close or self.decided:
            return False
        ops = self.window_.ctx.ops
        if ops.closed or not _hosting_active():
            return False
        event.ignore()
        ops.read(self, _status).latest("close").done(self._decide).failed(self._status_failed).run()
        return True

    def _close(self) -> None:
        self.decided = True
        QTimer.singleShot(0, self.window_.close)  # not from inside a close event

    def _status_failed(self, exc: BaseException) -> bool:
        log.warning("hosting state unknown while closing: %s", exc)
        self._close()
        return True

    def _decide(self, status: Any) -> None:
        if not status.running:
            if status.hosting:  # no desk can reach it: stop the local server with the window
                self._stop_then_close()
            else:
                self._close()
            return
        choice = self.ask(status.desks)
        if choice == CANCEL:
            return
        if choice == KEEP:
            self._close()
            return
        self.status.setText(t("hosting.ui.stopping"))
        self._stop_then_close()

    def _stop_then_close(self) -> None:
        def failed(exc: BaseException) -> bool:
            log.warning("stopping the hosted server failed: %s", exc)
            self._close()
            return True

        self.window_.ctx.ops.read(self, _stop).done(lambda _none: self._close()).failed(failed).run()


def install_hosting(window: QMainWindow) -> CloseGuard:
    """Add the status-bar line and the close warning to ``window``."""
    status = HostingStatus(window)
    window.statusBar().addPermanentWidget(status)
    guard = CloseGuard(window, status)
    window.installEventFilter(guard)
    window.hosting_status = status
    window.hosting_guard = guard
    return guard
