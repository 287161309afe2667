"""The selection's bulk changes on the delegates page: category, status, delegation, delete and restore
(with undo), and the "More" menu that offers them. Each change is a write op; its message says how many."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox, QToolButton

from confman.core.changes import Changes
from confman.core.enums import DelegateStatus
from confman.core.registration.rows import KEEP
from confman.i18n import t
from confman.ui.delegates import ops
from confman.ui.delegates.delegate_dialog import color_icon
from confman.ui.delegates.ops import CategoryRow
from confman.ui.delegates.table_view import format_count

if TYPE_CHECKING:
    from confman.ui.delegates.delegates_page import DelegatesPage


class BulkChanges(QObject):
    """Owns the "More" menu (category, status, delegation, merge) and the delete/restore/undo writes."""

    def __init__(self, page: DelegatesPage) -> None:
        super().__init__(page)
        self.page = page
        self.undo_stack: list[list[int]] = []
        self.button = QToolButton()
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QMenu(page)
        self.button.setMenu(self.menu)
        self.category_menu = QMenu(page)
        self.status_menu = QMenu(page)
        self.set_delegation_action = QAction(page)
        self.set_delegation_action.triggered.connect(self.set_delegation_for_selection)
        self.merge_action = QAction(page)
        self.merge_action.triggered.connect(lambda: page.editing.merge_selected())
        self.menu.addMenu(self.category_menu)
        self.menu.addMenu(self.status_menu)
        self.menu.addAction(self.set_delegation_action)
        self.menu.addSeparator()
        self.menu.addAction(self.merge_action)
        for status in DelegateStatus:
            action = self.status_menu.addAction("")
            action.setData(status.value)
            action.triggered.connect(lambda _=False, s=status: self.set_status_for_selection(s))

    def retranslate(self) -> None:
        self.button.setText(t("delegates.action.more"))
        self.category_menu.setTitle(t("delegates.action.set_category"))
        self.status_menu.setTitle(t("delegates.action.set_status"))
        for action in self.status_menu.actions():
            action.setText(t(f"delegates.status.{DelegateStatus(action.data()).value}"))
        self.set_delegation_action.setText(t("delegates.action.set_delegation"))
        self.merge_action.setText(t("delegates.action.merge"))

    def fill_categories(self, categories: list[CategoryRow], lang: str) -> None:
        self.category_menu.clear()
        for category in categories:
            action = self.category_menu.addAction(color_icon(category.color), category.label(lang).replace("&", "&&"))
            action.triggered.connect(lambda _=False, c=category.id: self.set_category_for_selection(c))
        self.category_menu.addSeparator()
        none = self.category_menu.addAction(t("delegates.field.no_category"))
        none.triggered.connect(lambda _=False: self.set_category_for_selection(None))

    def update(self, selected: int, in_bin: bool) -> None:
        self.button.setEnabled(bool(selected) and not in_bin)
        self.merge_action.setEnabled(selected == 2)

    def _write(self, work: Callable[[Any], Changes], done_key: str, after: Callable[[Changes], None] | None = None) -> None:
        """A write of the selection: an op; its message says how many were changed."""

        def done(changes: Changes) -> None:
            self.page.show_message(t(done_key, count=format_count(len(changes.ids), self.page.ctx.language)))
            if after is not None:
                after(changes)
            self.page.update_actions()

        self.page.ctx.ops.write(self.page, work).done(done).run()

    def set_category_for_selection(self, category_id: int | None) -> None:
        ids, station = self.page.selected_ids(), self.page.ctx.station
        if ids:
            self._write(lambda db: ops.update_many(db, ids, station, category_id=category_id), "delegates.done.updated")

    def set_status_for_selection(self, status: DelegateStatus) -> None:
        ids, station = self.page.selected_ids(), self.page.ctx.station
        if ids:
            self._write(lambda db: ops.update_many(db, ids, station, status=status), "delegates.done.updated")

    def ask_text(self, title: str, label: str) -> str | None:
        """A one-line question (replaced in tests)."""
        text, ok = QInputDialog.getText(self.page, title, label)
        return text if ok else None

    def set_delegation_for_selection(self) -> None:
        ids, station = self.page.selected_ids(), self.page.ctx.station
        if not ids:
            return
        text = self.ask_text(t("delegates.action.set_delegation"),
                             t("delegates.ask.delegation", count=format_count(len(ids), self.page.ctx.language)))
        if text is not None:
            self._write(lambda db: ops.update_many(db, ids, station, delegation=text, status=KEEP),
                        "delegates.done.updated")

    def confirm(self, title: str, text: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self.page)
        box.setObjectName("confirmBox")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.button(QMessageBox.StandardButton.Yes).setText(t("delegates.confirm.yes"))
        box.button(QMessageBox.StandardButton.No).setText(t("delegates.confirm.no"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def delete_or_restore_selected(self) -> None:
        ids, station = self.page.selected_ids(), self.page.ctx.station
        if not ids:
            return
        if self.page.filter_bar.in_bin:
            self._write(lambda db: ops.restore(db, ids, station), "delegates.done.restored")
            return
        first = self.page.model.cached(ids[0])
        text = (t("delegates.confirm.delete_one", name=first.display_name) if len(ids) == 1 and first
                else t("delegates.confirm.delete_many", count=format_count(len(ids), self.page.ctx.language)))
        if not self.confirm(t("delegates.action.delete"), text):
            return

        def deleted(changes: Changes) -> None:
            if changes.ids:
                self.undo_stack.append(sorted(changes.ids))

        self._write(lambda db: ops.delete(db, ids, station), "delegates.done.deleted", deleted)

    def undo(self) -> None:
        """Restore the last deleted batch."""
        if not self.undo_stack:
            return
        ids = self.undo_stack.pop()
        self.page.select_after = ids
        station = self.page.ctx.station
        self._write(lambda db: ops.restore(db, ids, station), "delegates.done.restored")
