"""The personal-data purge's confirmation: says what goes (from the backups too) and what stays; OK only
once the event code is typed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from confman.i18n import t


class PurgeDialog(QDialog):
    """Says what the purge removes and keeps; OK only once the event code is typed."""

    def __init__(self, parent: QWidget, code: str, lang: str, server: bool, preview: Any = None,
                 folder: Path | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("purgeDialog")
        self.code = code
        self.setWindowTitle(t("reports.ui.purge_title", lang))
        layout = QVBoxLayout(self)
        explain = QLabel(t("reports.ui.purge_explain", lang, code=code))
        explain.setWordWrap(True)
        explain.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(explain)
        self.backups_label = QLabel(_purge_backups_text(preview, folder, lang))
        self.backups_label.setObjectName("purgeBackups")
        self.backups_label.setWordWrap(True)
        self.backups_label.setTextFormat(Qt.TextFormat.PlainText)
        self.backups_label.setVisible(not server and preview is not None)
        layout.addWidget(self.backups_label)
        self.keep_backup = QCheckBox(t("safety.purge.keep_backup", lang, code=code))
        self.keep_backup.setObjectName("purgeKeepBackup")
        self.keep_backup.setVisible(not server)
        layout.addWidget(self.keep_backup)
        self.prompt = QLabel(t("reports.ui.purge_prompt", lang, code=code))
        layout.addWidget(self.prompt)
        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("purgeCode")
        layout.addWidget(self.code_edit)
        self.server_backup = QCheckBox(t("reports.ui.purge_server_backup", lang))
        self.server_backup.setVisible(server)
        layout.addWidget(self.server_backup)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(t("reports.ui.purge_ok", lang))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(t("reports.ui.cancel", lang))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._server = server
        self.code_edit.textChanged.connect(self._update)
        self.server_backup.toggled.connect(self._update)
        self._update()

    def _update(self) -> None:
        typed = self.code_edit.text().strip().casefold() == self.code.casefold()
        self.ok_button.setEnabled(typed and (not self._server or self.server_backup.isChecked()))


def _purge_backups_text(preview: Any, folder: Path | None, lang: str) -> str:
    """What the purge removes and from which backups (names, at most ten)."""
    if preview is None:
        return ""
    lines = [t("safety.purge.preview", lang, code=preview.code, delegates=preview.delegates, phones=preview.phones,
               emails=preview.emails, photos=preview.photos, notes=preview.notes)]
    if preview.backups:
        lines.append(t("safety.purge.backups_to_scrub", lang, count=len(preview.backups), folder=str(folder)))
        lines += [f"  • {path.name}" for path in preview.backups[:10]]
        if len(preview.backups) > 10:
            lines.append("  • …")
    else:
        lines.append(t("safety.purge.no_backups", lang, folder=str(folder)))
    return "\n".join(lines)
