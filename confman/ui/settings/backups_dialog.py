"""The Backups dialog: list backups with time and size, back up now, restore one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDateTime, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from confman.core.changes import Changes
from confman.core.errors import DomainError
from confman.i18n import t
from confman.messages import describe
from confman.ui.context import UiContext
from confman.ui.settings import ops
from confman.ui.settings.ops import BackupInfo, RestoreResult
from confman.ui.widgets.fit import fit_to_screen


def _locale(lang: str) -> QLocale:
    return QLocale(QLocale.Language.Vietnamese if lang == "vi" else QLocale.Language.English,
                   QLocale.Country.Vietnam if lang == "vi" else QLocale.Country.UnitedKingdom)


class BackupsDialog(QDialog):
    restored = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("backupsDialog")
        self.setWindowTitle(t("backups.title"))
        fit_to_screen(self, 720, 420)
        self.backups: list[BackupInfo] = []
        layout = QVBoxLayout(self)
        self.folder_label = QLabel()
        self.folder_label.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setHorizontalHeaderLabels([t("backups.time"), t("backups.size"), t("backups.reason")])
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        self.backup_button = QPushButton(t("backups.back_up_now"))
        self.restore_button = QPushButton(t("backups.restore"))
        self.close_button = QPushButton(t("backups.close"))
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self.restore_selected)
        self.close_button.clicked.connect(self.accept)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout.addWidget(self.folder_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        embedded = ctx.database_is_file
        self.backup_button.setEnabled(embedded)
        if not embedded:
            self.status.setText(describe(DomainError("backup.unsupported_backend", url=ctx.database_location),
                                         ctx.language))
        self.reload()

    @property
    def folder(self):
        return self.ctx.settings.backups_path

    def reload(self) -> None:
        """Re-read the backups folder (in an op: it may be a share)."""
        self.folder_label.setText(t("backups.folder", path=str(self.folder)))
        folder = self.folder
        self.ctx.ops.read(self, lambda _db: ops.backups(folder)).latest("list").done(self._show).run()

    def _show(self, backups: list[BackupInfo]) -> None:
        self.backups = backups
        locale = _locale(self.ctx.language)
        self.table.setRowCount(len(self.backups))
        for row, info in enumerate(self.backups):
            when = QDateTime.fromSecsSinceEpoch(int(info.created_at.timestamp()))
            cells = (
                locale.toString(when, "dd/MM/yyyy HH:mm:ss"),
                locale.formattedDataSize(info.size_bytes),
                _reason_text(info),
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.ctx.database_is_file and bool(self.table.selectedItems()))

    def show_error_text(self, text: str) -> None:
        self.status.setText(text)

    def back_up_now(self) -> None:
        def done(path: Path) -> None:
            self.status.setText(t("cli.backup.done", path=str(path)))
            self.reload()

        folder = self.folder
        self.ctx.ops.write(self, lambda db: ops.back_up_now(db, folder)).done(done).run()

    def restore_selected(self, *, confirm: bool = True) -> None:
        """Restore the selected backup after a confirmation; the current state is backed up first."""
        rows = {i.row() for i in self.table.selectedItems()}
        if not rows:
            return
        info = self.backups[min(rows)]
        if confirm:
            answer = QMessageBox.question(self, t("backups.title"),
                                          t("backups.confirm_restore", path=info.path.name))
            if answer != QMessageBox.StandardButton.Yes:
                return

        def done(result: RestoreResult) -> None:
            lines = [t("cli.restore.done", path=info.path.name, safety=str(result.safety))]
            if result.upgraded:
                lines.append(t("safety.restore.upgraded", revision=result.revision))
            if result.set_aside:
                what = ", ".join(t(f"safety.restore.count.{table}", count=n) for table, n in result.set_aside.items())
                lines.append(t("safety.restore.set_aside", what=what, safety=str(result.safety)))
            self.status.setText("\n".join(lines))
            self.reload()
            self.ctx.actions.reload_events()
            self.ctx.notify(Changes.of("*"))
            self.restored.emit()

        folder = self.folder
        self.ctx.ops.write(self, lambda db: ops.restore(db, info.path, folder)).done(done).run()


_REASONS = frozenset({"start", "before-migration", "before-restore", "before-import", "before-purge", "periodic",
                      "manual"})


def _reason_text(info: BackupInfo) -> str:
    """The reason column: safety and kept pre-purge backups say what they hold."""
    if info.kind == "safety":
        return t("safety.backups.kind.safety")
    if info.kind == "kept":
        return t("safety.backups.kind.kept", event=info.reason.removeprefix("before-purge-").upper())
    if info.reason in _REASONS:
        return t(f"backups.reason.{info.reason}")
    return info.reason or t("backups.reason.manual")
