"""The delegates page's dialogs: add or edit a delegate, merge two, organizations and categories.

One dialog at a time (``active_dialog``), window-modal; what they write is broadcast by their ops.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QDialog

from confman.i18n import t
from confman.ui.delegates import ops
from confman.ui.delegates.delegate_dialog import DelegateDialog
from confman.ui.delegates.merge_dialog import MergeDialog

if TYPE_CHECKING:
    from confman.ui.delegates.delegates_page import DelegatesPage


class DelegateEditing(QObject):
    """Opens the page's dialogs and follows what the user did in them."""

    def __init__(self, page: DelegatesPage) -> None:
        super().__init__(page)
        self.page = page
        self.active_dialog: QDialog | None = None

    def _open(self, dialog: QDialog, on_finished: Callable[[int], None]) -> None:
        self.active_dialog = dialog

        def finished(code: int) -> None:
            if self.active_dialog is dialog:
                self.active_dialog = None
            on_finished(code)
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()

    def edit_current(self) -> None:
        delegate_id = self.page.current_id()
        if delegate_id is not None and not self.page.filter_bar.in_bin:
            self.open_editor(delegate_id)

    def open_editor(self, delegate_id: int | None) -> None:
        """The add (None) or edit dialog, window-modal; saving broadcasts the change."""
        if self.page.ctx.event is None or self.active_dialog is not None:
            return
        if delegate_id is None:
            self._show_editor(None)
            return
        self.page.ctx.ops.read(self.page, lambda db: ops.detail(db, delegate_id)).latest("open").done(self._show_editor).run()

    def _show_editor(self, detail: ops.DelegateDetail | None) -> None:
        event = self.page.ctx.event
        if event is None or self.active_dialog is not None:
            return
        org_names = [org.name for org in self.page.organizations]
        dialog = DelegateDialog(self.page.ctx, event.id, self.page.categories, org_names, detail, self.page)

        def finished(_code: int) -> None:
            if dialog.saved is not None:
                self.page.select_after = [dialog.saved.detail.id]
                self.page.show_message(t("delegates.done.saved", name=dialog.saved.detail.display_name))
            if dialog.open_id is not None:
                self.page.select_after = [dialog.open_id]
                QTimer.singleShot(0, lambda: self.open_editor(dialog.open_id))
            elif dialog.merge_pair is not None:
                pair = dialog.merge_pair
                QTimer.singleShot(0, lambda: self.open_merge(*pair))

        self._open(dialog, finished)

    def merge_selected(self) -> None:
        ids = self.page.selected_ids()
        if len(ids) == 2:
            self.open_merge(ids[0], ids[1])

    def open_merge(self, first_id: int, second_id: int) -> None:
        if self.active_dialog is not None:
            return
        self.page.ctx.ops.read(self.page, lambda db: ops.pair(db, first_id, second_id)).latest("open") \
            .done(lambda pair: self._show_merge(*pair)).run()

    def _show_merge(self, first: ops.DelegateDetail, second: ops.DelegateDetail) -> None:
        if self.active_dialog is not None:
            return
        dialog = MergeDialog(self.page.ctx, first, second, self.page.categories, self.page)

        def finished(_code: int) -> None:
            if dialog.changes is not None:
                survivor, _other, _take = dialog.plan()
                self.page.select_after = [survivor]
                self.page.show_message(t("delegates.done.merged"))

        self._open(dialog, finished)

    def open_organizations(self) -> None:
        from confman.ui.delegates.editors import OrganizationsDialog

        if self.active_dialog is None:
            self._open(OrganizationsDialog(self.page.ctx, self.page.ctx.event.id if self.page.ctx.event else None, self.page),
                       lambda _code: None)

    def open_categories(self) -> None:
        from confman.ui.delegates.editors import CategoriesDialog

        if self.active_dialog is None and self.page.ctx.event is not None:
            self._open(CategoriesDialog(self.page.ctx, self.page.ctx.event.id, self.page), lambda _code: None)
