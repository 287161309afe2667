"""The agenda page's actions: undo/redo, add/edit/delete and the day tools with their shortcuts, the
toolbar, the export menu, and the programme import (in the menu and as a button by the title)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QPushButton, QToolButton

if TYPE_CHECKING:
    from confman.ui.agenda.agenda_page import AgendaPage


def _action(page: AgendaPage, name: str, slot: Callable[[], Any], shortcut: QKeySequence | str | None = None,
            toolbar: bool = True) -> QAction:
    """An action of the page (and of its toolbar, unless ``toolbar`` is false) with its shortcut."""
    action = QAction(page)
    action.setObjectName(name)
    action.triggered.connect(lambda _checked=False: slot())
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    page.addAction(action)
    if toolbar:
        page.toolbar.addAction(action)
    return action


def build_actions(page: AgendaPage) -> None:
    """The page's actions and shortcuts, the toolbar, the export menu and the programme button."""
    page.undo_action = page.undo_stack.createUndoAction(page)
    page.undo_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
    page.redo_action = page.undo_stack.createRedoAction(page)
    redo_keys = [QKeySequence("Ctrl+Y")]  # Windows' usual redo, on every platform
    redo_keys += [k for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo) if k not in redo_keys]
    page.redo_action.setShortcuts(redo_keys)
    for action in (page.undo_action, page.redo_action):
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        page.addAction(action)
    page.add_action = _action(page, "agendaAdd", lambda: page.dialogs.add_item(), "Ctrl+N")
    page.edit_action = _action(page, "agendaEdit", lambda: page.dialogs.edit_item(page.selected_id), None)
    page.delete_action = _action(page, "agendaDelete", lambda: page.dialogs.delete_selected(),
                                      QKeySequence.StandardKey.Delete)
    page.toolbar.addSeparator()
    page.toolbar.addAction(page.undo_action)
    page.toolbar.addAction(page.redo_action)
    page.toolbar.addSeparator()
    page.shift_action = _action(page, "agendaShift", lambda: page.dialogs.shift_selected())
    page.rooms_action = _action(page, "agendaRooms", lambda: page.dialogs.edit_rooms())
    page.duplicate_action = _action(page, "agendaDuplicateDay", lambda: page.dialogs.duplicate_day())
    page.copy_action = _action(page, "agendaCopyEvent", lambda: page.dialogs.copy_from_event())
    page.toolbar.addSeparator()
    page.export_button = QToolButton()
    page.export_button.setObjectName("agendaExport")
    page.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    page.export_menu = QMenu(page.export_button)
    page.export_pdf = {lang: page.export_menu.addAction("") for lang in ("vi", "en", "both")}
    for lang, action in page.export_pdf.items():
        action.triggered.connect(lambda _c=False, lg=lang: page.outputs.export_programme(lang=lg))
    page.export_personal_action = page.export_menu.addAction("")
    page.export_personal_action.triggered.connect(lambda _c=False: page.outputs.export_personal())
    page.export_menu.addSeparator()
    page.export_ics_action = page.export_menu.addAction("")
    page.export_ics_action.triggered.connect(lambda _c=False: page.outputs.export_ics())
    page.export_xlsx_action = page.export_menu.addAction("")
    page.export_xlsx_action.triggered.connect(lambda _c=False: page.outputs.export_xlsx())
    page.export_menu.addSeparator()
    page.import_xlsx_action = page.export_menu.addAction("")
    page.import_xlsx_action.triggered.connect(lambda _c=False: page.outputs.import_xlsx())
    # the organisers' Word/Excel programme: in the menu, and as a button by the title (never in the
    # toolbar's overflow on a narrow screen)
    page.programme_action = page.export_menu.addAction("")
    page.programme_action.setObjectName("agendaImportProgramme")
    page.programme_action.triggered.connect(lambda _c=False: page.import_programme())
    page.programme_button = QPushButton()
    page.programme_button.setObjectName("agendaImportProgrammeButton")
    page.programme_button.clicked.connect(lambda _c=False: page.import_programme())
    page.export_button.setMenu(page.export_menu)
    page.toolbar.addWidget(page.export_button)
    page.print_action = _action(page, "agendaPrint", lambda: page.outputs.print_programme(),
                                     QKeySequence.StandardKey.Print)
