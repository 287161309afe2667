"""Kiosk mode for the check-in desk: full screen, the rest of the window hidden behind the organiser PIN."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox

from confman.i18n import t

if TYPE_CHECKING:
    from confman.ui.checkin.checkin_page import CheckinPage


class KioskLock(QObject):
    """Enters and leaves kiosk mode through the window's typed actions; asks for and checks the PIN."""

    def __init__(self, page: CheckinPage) -> None:
        super().__init__(page)
        self.page = page
        self.active = False

    def clicked(self) -> None:
        """The kiosk button: set a PIN the first time and enter; in kiosk mode, ask the PIN to leave."""
        page, settings = self.page, self.page.ctx.settings
        if self.active:
            pin, ok = ("", True)
            if settings.kiosk_pin:
                pin, ok = QInputDialog.getText(page, t("checkin.kiosk"), t("checkin.kiosk.pin"),
                                               QLineEdit.EchoMode.Password)
            if ok and not self.leave(pin):
                QMessageBox.warning(page, t("checkin.kiosk"), t("checkin.kiosk.wrong_pin"))
            return
        if not settings.kiosk_pin:
            pin, ok = QInputDialog.getText(page, t("checkin.kiosk"), t("checkin.kiosk.set_pin"),
                                           QLineEdit.EchoMode.Password)
            if not ok:
                return
            settings.kiosk_pin = pin.strip()
            page.ctx.save_settings()
        self.enter()

    def enter(self) -> None:
        if self.active:
            return
        self.active = True
        self.page.tabs.setTabEnabled(1, False)  # no walk-ins at an unattended desk
        self.page.ctx.actions.enter_kiosk()
        self.page.retranslate()

    def leave(self, pin: str = "") -> bool:
        if not self.active:
            return True
        if self.page.ctx.settings.kiosk_pin and pin != self.page.ctx.settings.kiosk_pin:
            return False
        self.active = False
        self.page.tabs.setTabEnabled(1, True)
        self.page.ctx.actions.leave_kiosk()
        self.page.retranslate()
        return True
