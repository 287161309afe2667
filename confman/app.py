"""Composition root of the GUI: settings, database, language, task runner, main window.

The only module that wires the layers together.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

from confman.core.db.engine import Database
from confman.core.errors import DomainError
from confman.core.settings import Settings, load_settings, protect_data_folder
from confman.i18n import set_language, t
from confman.messages import describe

log = logging.getLogger(__name__)


def create_qt_app(argv: list[str] | None = None):  # -> QApplication
    """The QApplication with name, icon and the bundled font registered."""
    from PySide6.QtGui import QFontDatabase
    from PySide6.QtWidgets import QApplication

    from confman.paths import resource_path
    from confman.ui.main_window import app_icon

    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setApplicationName("confman")
    app.setOrganizationName("confman")
    app.setWindowIcon(app_icon())
    for name in ("BeVietnamPro-Regular.ttf", "BeVietnamPro-Bold.ttf", "BeVietnamPro-SemiBold.ttf"):
        QFontDatabase.addApplicationFont(str(resource_path("fonts", name)))
    from confman.ui.qt_translator import install_qt_translator
    from confman.ui.style import apply_style

    install_qt_translator()
    apply_style(app)
    return app


def build_main_window(db: Database, settings: Settings, *, synchronous: bool = False,
                      persist_settings: bool = True):
    """Wire a main window over an open database (used by ``main`` and by UI tests)."""
    from confman.ui.context import UiContext
    from confman.ui.main_window import MainWindow
    from confman.ui.pages import page_factories
    from confman.ui.settings.hosting_hooks import install_hosting

    ctx = UiContext(db, settings, synchronous=synchronous, persist_settings=persist_settings)
    window = MainWindow(ctx, page_factories())
    install_hosting(window)
    return window


def offer_demo(window) -> bool:
    """On an empty database, ask whether to create the demo conference; True when created."""
    from PySide6.QtWidgets import QMessageBox

    from confman.ui import window_ops

    answer = QMessageBox.question(window, t("app.title"), t("app.offer_demo"))
    if answer != QMessageBox.StandardButton.Yes:
        return False
    window.ctx.ops.write(window, window_ops.create_demo).done(lambda _demo: window.reload_events()).run()
    return True


def _quit_after_first_paint(window, report: str | None = None) -> None:
    """Quit as soon as the main window has painted once (the startup benchmark's finish line).

    With ``report`` (a file path) the texts the first frame shows are written there, one per
    line, so the benchmark can check it shows the data or a loading state, never "no delegates".
    """
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QLabel

    class _FirstPaint(QObject):
        def eventFilter(self, obj, event):  # Qt override
            if event.type() == QEvent.Type.Paint:
                window.removeEventFilter(self)
                if report:
                    texts = [label.text() for label in window.findChildren(QLabel) if label.isVisible()]
                    Path(report).write_text("\n".join(texts), encoding="utf-8")
                QTimer.singleShot(0, QApplication.quit)
            return False

    window._first_paint_probe = _FirstPaint(window)
    window.installEventFilter(window._first_paint_probe)


def warn_if_network_share(db: Database, parent=None) -> bool:
    """Warn (once per start) when the SQLite file sits on a network share; True when warned."""
    from PySide6.QtWidgets import QMessageBox

    from confman.core.db.location import is_network_path

    path = db.sqlite_path
    if path is None or not is_network_path(path):
        return False
    QMessageBox.warning(parent, t("app.title"), t("app.network_share", path=str(path)))
    return True


def ask_create_database(path: str, parent=None) -> bool:
    """Ask whether to create a database file that does not exist; True for "Create"."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Question, t("app.title"), t("safety.db.ask_create", path=path),
                      parent=parent)
    box.setObjectName("askCreateDatabase")
    create = box.addButton(t("safety.db.create"), QMessageBox.ButtonRole.AcceptRole)
    quit_button = box.addButton(t("safety.db.quit"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(quit_button)
    box.exec()
    return box.clickedButton() is create


def open_database_for_window(url: str, settings: Settings, *, create: bool = False,
                             ask: Callable[[str], bool] = ask_create_database) -> Database:
    """Open the window's database; a missing file is created only after ``ask(path)`` says so.

    Raises the ``DomainError`` to show when it cannot be opened (or the user declined).
    """
    from confman.core.db.setup import open_database

    def _open(create_file: bool) -> Database:
        return open_database(url, backups_folder=settings.backups_path, keep=settings.backups_to_keep,
                             backup_on_start=False, create=create_file)

    try:
        return _open(create)
    except DomainError as exc:
        if exc.code != "db.not_found" or not ask(str(exc.params.get("path", ""))):
            raise
    return _open(True)


def main(db_url: str | None = None, event_code: str | None = None, *, create: bool = False) -> int:
    """Open the window; errors that stop the start are shown in a dialog."""
    from PySide6.QtWidgets import QMessageBox

    from confman.core.db.engine import resolve_database_url
    from confman.core.db.presence import set_process_label
    from confman.core.events.service import resolve_event
    from confman.core.private_files import restrict_process_umask
    from confman.logs import configure_logging
    from confman.ui.crash_dialog import install_excepthook
    from confman.ui.single_instance import SingleInstance

    restrict_process_umask()
    log_path = configure_logging()
    settings = load_settings()
    set_process_label("confman gui", settings.station)
    set_language(os.environ.get("CONFMAN_LANG") or settings.language)
    app = create_qt_app()
    install_excepthook(log_path)
    url = resolve_database_url(db_url or settings.database_url or None)
    guard = SingleInstance(url)
    if not guard.acquire():
        log.info("another window already uses %s; asked it to come forward", url)
        return 0
    try:
        if not db_url:
            from confman.core.hosting.service import resume_if_hosting

            if resume_if_hosting(settings):  # this laptop hosts: its data lives in the bundled server
                url = resolve_database_url(settings.database_url)
        db = open_database_for_window(url, settings, create=create)
    except DomainError as exc:
        QMessageBox.critical(None, t("app.title"), describe(exc))
        return 2
    protect_data_folder(settings)
    if event_code:
        settings.last_event_code = resolve_event(db, event_code).code
    window = build_main_window(db, settings)
    from confman.ui.backup_scheduler import BackupScheduler

    window.backup_scheduler = BackupScheduler(window.ctx)
    window.backup_scheduler.back_up_now("start")  # on the DB worker, after the window is up
    guard.activation_requested.connect(window.bring_to_front)
    window.show()
    from confman.ui.warmup import warm_up

    warm_up(window.ctx, window)  # the other pages' modules, gc.freeze(), the document process
    if os.environ.get("CONFMAN_EXIT_AFTER_FIRST_PAINT"):  # startup benchmark probe
        _quit_after_first_paint(window, os.environ.get("CONFMAN_FIRST_PAINT_REPORT"))
    warn_if_network_share(db, window)
    if window.ctx.event is None and not os.environ.get("CONFMAN_NO_DEMO_PROMPT"):
        offer_demo(window)
    code = app.exec()
    window.ctx.shutdown()  # work still running ends quietly, the document process stops
    guard.release()
    db.dispose()
    return code
