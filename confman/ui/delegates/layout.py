"""Where the Delegates page's widgets sit (title row, action row, filters, table, messages) and the
page's keyboard shortcuts."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from confman.ui.delegates.import_export import import_export_buttons

if TYPE_CHECKING:
    from confman.ui.delegates.delegates_page import DelegatesPage


def arrange(page: DelegatesPage) -> None:
    """Lay out the page: its tools by the title, search and the selection's actions, filters, the table."""
    top = QHBoxLayout()  # title row: the page and its list-wide tools
    top.addWidget(page.title)
    top.addStretch(1)
    top.addWidget(page.orgs_button)
    top.addWidget(page.cats_button)
    for widget in import_export_buttons(page):  # the import wizard and export live in import_wizard.py
        top.addWidget(widget)
    actions = QHBoxLayout()  # action row: search, the selection's actions, count
    actions.addWidget(page.search, 1)
    for widget in (page.add_button, page.edit_button, page.delete_button, page.undo_button,
                   page.bulk.button, page.print_button):
        actions.addWidget(widget)
    actions.addSpacing(12)
    actions.addWidget(page.count_label)
    layout = QVBoxLayout(page)
    layout.addLayout(top)
    layout.addLayout(actions)
    layout.addWidget(page.filter_bar)
    layout.addWidget(page.table, 1)
    layout.addWidget(page.empty_label)
    layout.addWidget(page.message)


def page_shortcuts(page: DelegatesPage) -> dict[str, QShortcut]:
    """Ctrl+F search, Ctrl+N a new delegate, Ctrl+Z undo a delete, F5 refresh (within the page)."""

    def shortcut(keys: QKeySequence | QKeySequence.StandardKey, slot: Callable[[], Any]) -> QShortcut:
        sc = QShortcut(QKeySequence(keys), page, activated=slot)
        sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        return sc

    return {
        "find": shortcut(QKeySequence.StandardKey.Find, page.focus_search),
        "new": shortcut(QKeySequence.StandardKey.New, lambda: page.editing.open_editor(None)),
        "undo": shortcut(QKeySequence.StandardKey.Undo, page.bulk.undo),
        "refresh": shortcut(QKeySequence.StandardKey.Refresh, page.refresh),
    }
