"""The delegates page's "Import…" and "Export" buttons: the import wizard, the current list as a file,
and the printed list (the reports page, through the window's ``open_delegate_list`` action)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMenu, QPushButton, QToolButton, QWidget

from confman.i18n import t
from confman.ui.context import UiContext

if TYPE_CHECKING:
    from confman.core.registration.rows import DelegateFilters
    from confman.ui.delegates.import_wizard import ImportWizard


class ListPage(Protocol):
    """What the buttons need from the page that shows the list (the delegates page)."""

    ctx: UiContext
    import_wizard: ImportWizard | None

    def current_filter(self) -> tuple[str, DelegateFilters]: ...

    def show_message(self, text: str, *, error: bool = False) -> None: ...

    def print_delegate_list(self) -> None: ...


def _parent(page: ListPage) -> QWidget | None:
    return page if isinstance(page, QWidget) else None


def ask_export(page: ListPage, suffix: str) -> None:
    ctx = page.ctx
    if ctx.event is None:
        return
    lang = ctx.language
    name = t("import_ui.export.file_name", lang, code=ctx.event.code) + suffix
    path, _ = QFileDialog.getSaveFileName(_parent(page), t("import_ui.export.title", lang), name,
                                          "Excel (*.xlsx)" if suffix == ".xlsx" else "CSV (*.csv)")
    if path:
        export_current(page, Path(path))


def export_current(page: ListPage, path: Path) -> None:
    """Export the page's current search and filter to ``path`` (an op)."""
    from confman.ui.delegates import import_ops

    ctx = page.ctx
    if ctx.event is None or not isinstance(page, QWidget):
        return
    event_id, lang = ctx.event.id, ctx.language
    query, filters = page.current_filter()
    ctx.ops.read(page, lambda db: import_ops.export(db, event_id, path, query, filters, lang)) \
        .done(lambda result: page.show_message(t("import_ui.export.done", lang, count=result.rows,
                                                 path=str(result.path)))).run()


def open_import_wizard(page: ListPage) -> ImportWizard | None:
    from confman.ui.delegates.import_wizard import ImportWizard

    ctx = page.ctx
    if ctx.event is None:
        return None
    wizard = ImportWizard(ctx, _parent(page))
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    page.import_wizard = wizard
    wizard.open()
    return wizard


def import_export_buttons(page: ListPage) -> list[QWidget]:
    """The "Import…" button and the "Export" menu button for the delegates page."""
    ctx = page.ctx
    import_button = QPushButton()
    import_button.setObjectName("importDelegates")
    import_button.clicked.connect(lambda: open_import_wizard(page))
    export_button = QToolButton()
    export_button.setObjectName("exportDelegates")
    export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    menu = QMenu(export_button)
    xlsx = menu.addAction("")
    xlsx.triggered.connect(lambda: ask_export(page, ".xlsx"))
    csv = menu.addAction("")
    csv.triggered.connect(lambda: ask_export(page, ".csv"))
    menu.addSeparator()
    printed = menu.addAction("")  # the printed delegate list (Reports page) with this search and filter
    printed.setObjectName("printDelegateList")
    printed.triggered.connect(page.print_delegate_list)
    export_button.setMenu(menu)

    def retranslate() -> None:
        lang = ctx.language
        import_button.setText(t("import_ui.button.import", lang))
        import_button.setToolTip(t("import_ui.button.import_tip", lang))
        export_button.setText(t("import_ui.button.export", lang))
        export_button.setToolTip(t("import_ui.button.export_tip", lang))
        xlsx.setText(t("import_ui.button.export_xlsx", lang))
        csv.setText(t("import_ui.button.export_csv", lang))
        printed.setText(t("import_ui.button.print_list", lang))

    retranslate()
    ctx.language_changed.connect(lambda _lang: retranslate())
    return [import_button, export_button]
