"""Vietnamese for Qt's own stock texts (dialog buttons, file dialogs, context menus).

PySide6 ships no ``qtbase_vi.qm``, so the common stock strings are translated from
the app's catalog by a QTranslator; everything else falls back to Qt's English.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

from confman.i18n import current_language, t

#: Qt source text (with mnemonic ampersands stripped) -> catalog key.
STOCK_TEXTS: dict[str, str] = {
    "OK": "qt.ok",
    "Cancel": "qt.cancel",
    "Yes": "qt.yes",
    "No": "qt.no",
    "Yes to All": "qt.yes_to_all",
    "No to All": "qt.no_to_all",
    "Save": "qt.save",
    "Save All": "qt.save_all",
    "Open": "qt.open",
    "Close": "qt.close",
    "Apply": "qt.apply",
    "Reset": "qt.reset",
    "Help": "qt.help",
    "Discard": "qt.discard",
    "Don't Save": "qt.dont_save",
    "Close without Saving": "qt.dont_save",
    "Abort": "qt.abort",
    "Retry": "qt.retry",
    "Ignore": "qt.ignore",
    "Restore Defaults": "qt.restore_defaults",
    "Show Details...": "qt.show_details",
    "Hide Details...": "qt.hide_details",
    "Look in:": "qt.look_in",
    "File name:": "qt.file_name",
    "Files of type:": "qt.files_of_type",
    "Undo": "qt.undo",
    "Redo": "qt.redo",
    "Cut": "qt.cut",
    "Copy": "qt.copy",
    "Paste": "qt.paste",
    "Delete": "qt.delete",
    "Select All": "qt.select_all",
    "Print": "qt.print",
}


class CatalogQtTranslator(QTranslator):
    """Answers Qt's ``tr()`` calls for stock texts from confman's catalog (Vietnamese only)."""

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        # None becomes a null QString, which tells Qt "not translated here" (an empty string would blank it)
        if current_language() != "vi" or not source:
            return None
        key = STOCK_TEXTS.get(source.replace("&", ""))
        return t(key, "vi") if key else None

    def isEmpty(self) -> bool:  # Qt override
        return False


_installed: CatalogQtTranslator | None = None


def install_qt_translator() -> CatalogQtTranslator:
    """Install (once) the stock-text translator on the running application."""
    global _installed
    if _installed is None:
        _installed = CatalogQtTranslator()
        QCoreApplication.installTranslator(_installed)
    return _installed
