"""A table whose rows take files dropped from the file manager, and the presentations list built on it."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget


def local_files(event: QDragEnterEvent | QDropEvent) -> list[str]:
    """Local file paths carried by a drag (URLs of other kinds are ignored)."""
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [url.toLocalFile() for url in mime.urls() if url.isLocalFile() and url.toLocalFile()]


class DropTableView(QTableView):
    """A table whose rows take files dropped from the file manager."""

    files_dropped = Signal(int, list)  # row, paths

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if local_files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 - Qt override
        index = self.indexAt(event.position().toPoint())
        if local_files(event) and index.isValid():
            self.selectRow(index.row())
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        index = self.indexAt(event.position().toPoint())
        paths = local_files(event)
        if not paths or not index.isValid():
            event.ignore()
            return
        event.acceptProposedAction()
        self.files_dropped.emit(index.row(), paths)


def presentations_table(model: QAbstractItemModel) -> DropTableView:
    """The presentations list: one row selected, no wrapping, long titles elided; files drop onto rows."""
    table = DropTableView()
    table.setObjectName("presentationsTable")
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    table.verticalHeader().setDefaultSectionSize(26)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    return table
