"""The presentation's file versions: newest first, the current one in bold; add, open, or bring an
older version back. The box only asks (signals); the page makes the calls."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from confman.i18n import t
from confman.ui.presentations.ops import PresentationFileRow, PresentationRow


def human_size(size: int) -> str:
    """A file size as people read it ("12 KB", "3.4 MB")."""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


class FileVersionsBox(QGroupBox):
    """The shown presentation's file versions and the buttons that act on them."""

    browse_requested = Signal()
    restore_requested = Signal(int)  # version
    open_requested = Signal(object)  # PresentationFileRow

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row: PresentationRow | None = None
        layout = QVBoxLayout(self)
        self.drop_hint = QLabel()
        self.drop_hint.setObjectName("dropHint")
        self.drop_hint.setWordWrap(True)
        self.drop_hint.setStyleSheet("color: #5D6D7E; border: 1px dashed #AAB7C4; padding: 6px;")
        self.files = QTreeWidget()
        self.files.setObjectName("fileVersions")
        self.files.setRootIsDecorated(False)
        self.files.setColumnCount(4)
        self.files.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.files.itemDoubleClicked.connect(lambda item, _c: self._open_item(item))
        self.files.itemSelectionChanged.connect(self._update_buttons)
        self.files.setMinimumHeight(90)
        self.files.setMaximumHeight(130)
        header = self.files.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QHBoxLayout()
        self.add_file_button = QPushButton()
        self.add_file_button.setObjectName("addFile")
        self.add_file_button.clicked.connect(self.browse_requested)
        self.open_button = QPushButton()
        self.open_button.setObjectName("openFile")
        self.open_button.clicked.connect(lambda: self._open_item(self.files.currentItem()))
        self.restore_button = QPushButton()
        self.restore_button.setObjectName("restoreVersion")
        self.restore_button.clicked.connect(self._restore)
        for button in (self.add_file_button, self.open_button, self.restore_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addWidget(self.drop_hint)
        layout.addWidget(self.files)
        layout.addLayout(buttons)

    def show_files(self, row: PresentationRow | None) -> None:
        """List ``row``'s file versions, newest first and chosen (``None`` empties the list)."""
        self.row = row
        self.files.clear()
        if row is None:
            return
        for f in reversed(row.files):  # newest first
            restored = (t("presentations.ui.restored_from", version=f.restored_from_version)
                        if f.restored_from_version else "")
            uploaded = f.uploaded_at.astimezone().strftime("%d/%m %H:%M")
            item = QTreeWidgetItem([f"v{f.version}", f.original_name, human_size(f.size_bytes),
                                    f"{uploaded} {restored}".strip()])
            item.setData(0, Qt.ItemDataRole.UserRole, f)
            item.setToolTip(1, f"{f.original_name}\nsha256 {f.sha256}")
            if f is row.current_file:
                font = item.font(1)
                font.setBold(True)
                for c in range(4):
                    item.setFont(c, font)
            self.files.addTopLevelItem(item)
        self.files.resizeColumnToContents(0)
        self.files.resizeColumnToContents(2)
        if self.files.topLevelItemCount():
            self.files.setCurrentItem(self.files.topLevelItem(0))
        self._update_buttons()

    def selected_file(self) -> PresentationFileRow | None:
        item = self.files.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def _open_item(self, item: QTreeWidgetItem | None) -> None:
        if item is not None:
            self.open_requested.emit(item.data(0, Qt.ItemDataRole.UserRole))

    def _restore(self) -> None:
        chosen = self.selected_file()
        if chosen is not None and self.row is not None and chosen is not self.row.current_file:
            self.restore_requested.emit(chosen.version)

    def _update_buttons(self) -> None:
        chosen = self.selected_file()
        self.open_button.setEnabled(chosen is not None)
        self.restore_button.setEnabled(chosen is not None and self.row is not None
                                       and chosen is not self.row.current_file)

    def retranslate(self) -> None:
        self.setTitle(t("presentations.ui.files"))
        self.drop_hint.setText(t("presentations.ui.drop_hint"))
        self.files.setHeaderLabels([t("presentations.ui.version"), t("presentations.ui.file_name"),
                                    t("presentations.ui.size"), t("presentations.ui.uploaded")])
        self.add_file_button.setText(t("presentations.ui.add_file"))
        self.open_button.setText(t("presentations.ui.open"))
        self.restore_button.setText(t("presentations.ui.restore"))
