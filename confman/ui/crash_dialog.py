"""Unhandled exceptions: log them and show the message with the log file's path.

Database work always runs inside ``Database.session()``, which rolls back on any
exception, so a crash never leaves a half-written transaction behind.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from confman.core.errors import DomainError
from confman.i18n import t
from confman.messages import describe

log = logging.getLogger("confman.crash")


def error_text(exc: BaseException) -> str:
    """What the user reads: a translated sentence for domain errors, the exception otherwise."""
    if isinstance(exc, DomainError):
        return describe(exc)
    return f"{type(exc).__name__}: {exc}"


def show_crash_dialog(exc: BaseException, log_path: Path, parent: QWidget | None = None) -> QMessageBox:
    box = QMessageBox(parent)
    box.setObjectName("crashDialog")
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(t("crash.title"))
    box.setText(t("crash.text", message=error_text(exc)))
    box.setInformativeText(t("crash.log", path=str(log_path)))
    box.setDetailedText("".join(traceback.format_exception(exc)))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.open()
    return box


def install_excepthook(log_path: Path, show: Callable[[BaseException, Path], object] | None = None) -> None:
    """Route unhandled exceptions (also from Qt slots) to the log and a dialog instead of a silent exit."""
    shower = show or (lambda exc, path: show_crash_dialog(exc, path, QApplication.activeWindow()))

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log.error("unhandled exception", exc_info=(exc_type, exc, tb))
        try:
            shower(exc, log_path)
        except Exception:  # the dialog itself must never take the app down
            log.exception("could not show the crash dialog")

    sys.excepthook = hook
